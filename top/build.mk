# mxtop: htop-class live and replay views of a run database (top/README.md).
# Everything but main.c goes into a static library that the unit tests
# (tests/unit/top) link too.

TOP_CFLAGS := $(shell pkg-config --cflags ncursesw 2>/dev/null)
TOP_LIBS   := $(or $(shell pkg-config --libs ncursesw 2>/dev/null),-lncursesw -ltinfo)
TOP_SRC    := $(filter-out top/main.c,$(wildcard top/*.c))
TOP_OBJ    := $(patsubst top/%.c,$(HB)/top/%.o,$(TOP_SRC))
LIBMXTOP   := $(HB)/libmxtop.a

$(HB)/top/%.o: top/%.c | $(DEPS_STAMP)
	$(Q)mkdir -p $(dir $@)
	$(Q)echo "  CC(host)  $<"
	$(Q)$(HOST_CC) $(HOST_CFLAGS) $(TOP_CFLAGS) -c $< -o $@

$(LIBMXTOP): $(TOP_OBJ)
	$(Q)echo "  AR        $@"
	$(Q)rm -f $@ && ar rcs $@ $^

$(BIN)/mxtop: $(HB)/top/main.o $(LIBMXTOP) $(LIBMXT)
	$(Q)mkdir -p $(dir $@)
	$(Q)echo "  LD        $@"
	$(Q)$(HOST_CC) -o $@ $(HB)/top/main.o $(LIBMXTOP) $(LIBMXT) $(TOP_LIBS) $(HOST_LIBS)

# Unit tests (tests/unit/top) link the library; they reach the headers
# through tests/unit/top/mxtop_test.h.
UNIT_LIBS_top   := $(LIBMXTOP)
UNIT_LDLIBS_top := $(TOP_LIBS)

# Benchmark helpers, run by tests/bench/bench_mxtop.py (make bench).
MXTOP_BENCH := $(B)/bench/mxtop_gendb $(B)/bench/mxtop_frame
$(B)/bench/mxtop_gendb: tests/bench/mxtop_gendb.c $(LIBMXT) | $(DEPS_STAMP)
	$(Q)mkdir -p $(dir $@)
	$(Q)echo "  CC        $@"
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -o $@ $< $(LIBMXT) $(HOST_LIBS)
$(B)/bench/mxtop_frame: tests/bench/mxtop_frame.c $(LIBMXTOP) $(LIBMXT) | $(DEPS_STAMP)
	$(Q)mkdir -p $(dir $@)
	$(Q)echo "  CC        $@"
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -o $@ $< $(LIBMXTOP) $(LIBMXT) $(TOP_LIBS) $(HOST_LIBS)
.PHONY: mxtop-bench
mxtop-bench: $(MXTOP_BENCH) $(BIN)/mxtop

HOST_TARGETS += $(BIN)/mxtop
ALL_TARGETS += $(BIN)/mxtop $(MXTOP_BENCH)
