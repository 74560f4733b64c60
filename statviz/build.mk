# statviz/: mxviz, Graphviz diagrams of a snapshot (cgraph + gvc).
# Tests: tests/unit/statviz.

GV_LIBS    := $(shell pkg-config --libs libgvc 2>/dev/null || echo -lgvc -lcgraph -lcdt)
MXVIZ_OBJ  := $(patsubst statviz/%.c,$(HB)/statviz/%.o,$(wildcard statviz/*.c))
MXVIZ_LIB  := $(HB)/libmxviz.a

$(HB)/statviz/%.o: statviz/%.c | $(DEPS_STAMP)
	$(Q)mkdir -p $(dir $@)
	$(Q)echo "  CC(host)  $<"
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -c $< -o $@

# Everything but main, for the unit tests.
$(MXVIZ_LIB): $(filter-out $(HB)/statviz/mxviz.o,$(MXVIZ_OBJ))
	$(Q)echo "  AR        $@"
	$(Q)rm -f $@ && ar rcs $@ $^

$(BIN)/mxviz: $(HB)/statviz/mxviz.o $(MXVIZ_LIB) $(LIBMXT)
	$(Q)mkdir -p $(dir $@)
	$(Q)echo "  LD        $@"
	$(Q)$(HOST_CC) -o $@ $(HB)/statviz/mxviz.o $(MXVIZ_LIB) $(LIBMXT) $(GV_LIBS) $(HOST_LIBS)

UNIT_LIBS_statviz   := $(MXVIZ_LIB) $(HB)/libmxtest.a
UNIT_LDLIBS_statviz := $(GV_LIBS)

HOST_TARGETS += $(BIN)/mxviz
ALL_TARGETS  += $(BIN)/mxviz

# The statviz tests also run the command.
$(B)/tests/unit/statviz/run: $(BIN)/mxviz

# Benchmark (tests/bench/viz_bench.c): cycle detection and 200-process diagrams.
$(B)/bench/viz_bench: tests/bench/viz_bench.c $(HB)/libmxtest.a $(LIBMXT) | $(DEPS_STAMP)
	$(Q)mkdir -p $(dir $@)
	$(Q)echo "  CC(host)  $<"
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -o $@ $< $(HB)/libmxtest.a $(LIBMXT) $(HOST_LIBS)
HOST_TARGETS += $(B)/bench/viz_bench
ALL_TARGETS  += $(B)/bench/viz_bench
