# Host toolkit: the shared library libmxt (tracer/lib) and mxtrace.
# Other host tools link $(LIBMXT) with $(HOST_LIBS).

HB          := $(B)/host
HOST_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter -MMD -MP \
	-Ios/include -Itracer/include -D_GNU_SOURCE \
	$(shell pkg-config --cflags sqlite3 libgvc 2>/dev/null)
HOST_LIBS   := -lsqlite3 -lelf -lz -ljansson -lm -lpthread
LIBMXT      := $(HB)/libmxt.a
BIN         := $(B)/bin

# Generated: the schema as a C string (tracer/schema.sql is the source).
$(HB)/gen/schema_sql.h: tracer/schema.sql | $(DEPS_STAMP)
	$(Q)mkdir -p $(dir $@)
	$(Q){ echo 'static const char mxt_schema_sql[] ='; sed 's/\\/\\\\/g; s/"/\\"/g; s/^/"/; s/$$/\\n"/' $<; echo ';'; } > $@

$(HB)/%.o: tracer/%.c | $(DEPS_STAMP)
	$(Q)mkdir -p $(dir $@)
	$(Q)echo "  CC(host)  $<"
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -I$(HB)/gen -c $< -o $@

LIBMXT_SRC := $(wildcard tracer/lib/*.c)
LIBMXT_OBJ := $(patsubst tracer/%.c,$(HB)/%.o,$(LIBMXT_SRC))
$(HB)/lib/db.o: $(HB)/gen/schema_sql.h

$(LIBMXT): $(LIBMXT_OBJ)
	$(Q)echo "  AR        $@"
	$(Q)rm -f $@ && ar rcs $@ $^

MXTRACE_OBJ := $(patsubst tracer/%.c,$(HB)/%.o,$(wildcard tracer/mxtrace/*.c))
$(BIN)/mxtrace: $(MXTRACE_OBJ) $(LIBMXT)
	$(Q)mkdir -p $(dir $@)
	$(Q)echo "  LD        $@"
	$(Q)$(HOST_CC) -o $@ $(MXTRACE_OBJ) $(LIBMXT) $(HOST_LIBS)

HOST_TARGETS += $(LIBMXT) $(if $(MXTRACE_OBJ),$(BIN)/mxtrace)
ALL_TARGETS += $(HOST_TARGETS)

# Benchmark helpers of tests/bench/bench_tracer.py, each one program linked with libmxt.
MXT_BENCH_BINS := $(B)/bench/mxt_readbench $(B)/bench/mxt_synth
$(MXT_BENCH_BINS): $(B)/bench/%: tests/bench/%.c $(LIBMXT) | $(DEPS_STAMP)
	$(Q)mkdir -p $(dir $@)
	$(Q)echo "  CC(bench) $<"
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -o $@ $< $(LIBMXT) $(HOST_LIBS)
HOST_TARGETS += $(MXT_BENCH_BINS)
ALL_TARGETS += $(MXT_BENCH_BINS)
