# dumps/: mxdump, the IS dumps rendered from a snapshot.
# The renderer is os/lib/libdump (shared with the guest IS), built here a
# second time for the host as $(HB)/libdump.a.  Tests: tests/unit/dumps.

LIBDUMP_HOST_OBJ := $(patsubst os/lib/libdump/%.c,$(HB)/libdump/%.o,$(wildcard os/lib/libdump/*.c))
LIBDUMP_HOST     := $(HB)/libdump.a

$(HB)/libdump/%.o: os/lib/libdump/%.c | $(DEPS_STAMP)
	$(Q)mkdir -p $(dir $@)
	$(Q)echo "  CC(host)  $<"
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -c $< -o $@

$(LIBDUMP_HOST): $(LIBDUMP_HOST_OBJ)
	$(Q)echo "  AR        $@"
	$(Q)rm -f $@ && ar rcs $@ $^

# mxdump's own objects; all but the command itself go into a library the
# unit tests link.
MXDUMP_OBJ  := $(patsubst dumps/%.c,$(HB)/dumps/%.o,$(wildcard dumps/*.c))
MXDUMP_LIB  := $(HB)/libmxdump.a

$(HB)/dumps/%.o: dumps/%.c | $(DEPS_STAMP)
	$(Q)mkdir -p $(dir $@)
	$(Q)echo "  CC(host)  $<"
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -c $< -o $@

$(MXDUMP_LIB): $(filter-out $(HB)/dumps/mxdump.o,$(MXDUMP_OBJ))
	$(Q)echo "  AR        $@"
	$(Q)rm -f $@ && ar rcs $@ $^

$(BIN)/mxdump: $(HB)/dumps/mxdump.o $(MXDUMP_LIB) $(LIBDUMP_HOST) $(LIBMXT)
	$(Q)mkdir -p $(dir $@)
	$(Q)echo "  LD        $@"
	$(Q)$(HOST_CC) -o $@ $(HB)/dumps/mxdump.o $(MXDUMP_LIB) $(LIBDUMP_HOST) $(LIBMXT) $(HOST_LIBS)

# Synthetic snapshot databases for the tests and benchmarks (tests/lib).
TESTLIB_OBJ := $(patsubst tests/lib/%.c,$(HB)/testlib/%.o,$(wildcard tests/lib/*.c))
TESTLIB     := $(HB)/libmxtest.a
$(HB)/testlib/%.o: tests/lib/%.c | $(DEPS_STAMP)
	$(Q)mkdir -p $(dir $@)
	$(Q)echo "  CC(host)  $<"
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -c $< -o $@
$(TESTLIB): $(TESTLIB_OBJ)
	$(Q)echo "  AR        $@"
	$(Q)rm -f $@ && ar rcs $@ $^

# libdump rendered through the guest's own printf engine (os/lib/libc/printf.c),
# so a test can check the host and guest texts are the same byte for byte.
GUESTFMT_CFLAGS := -Dsnprintf=mxg_snprintf -Dvsnprintf=mxg_vsnprintf -Dsprintf=mxg_sprintf
$(HB)/guestfmt/%.o: os/lib/libdump/%.c | $(DEPS_STAMP)
	$(Q)mkdir -p $(dir $@)
	$(Q)echo "  CC(host)  $< (guest printf)"
	$(Q)$(HOST_CC) $(HOST_CFLAGS) $(GUESTFMT_CFLAGS) -c $< -o $@
$(HB)/guestfmt/printf.o: os/lib/libc/printf.c | $(DEPS_STAMP)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) $(GUESTFMT_CFLAGS) -c $< -o $@

LIBDUMP_GUESTFMT := $(HB)/libdump-guestfmt.a
$(LIBDUMP_GUESTFMT): $(patsubst $(HB)/libdump/%,$(HB)/guestfmt/%,$(LIBDUMP_HOST_OBJ)) $(HB)/guestfmt/printf.o
	$(Q)echo "  AR        $@"
	$(Q)rm -f $@ && ar rcs $@ $^

# The unit tests render with the guest's printf; tests/unit/dumps also runs
# build/bin/mxdump (the host's printf) on the same snapshots: both must give
# the expected text.
UNIT_LIBS_dumps   := $(MXDUMP_LIB) $(LIBDUMP_GUESTFMT) $(TESTLIB)
UNIT_LIBS_waitgraph := $(TESTLIB)

HOST_TARGETS += $(BIN)/mxdump
ALL_TARGETS  += $(BIN)/mxdump

# The dump tests also run the commands.
$(B)/tests/unit/dumps/run: $(BIN)/mxdump
