# Tests (see tests/README.md).
#   make test               everything below, in this order
#   make test-unit          Criterion unit tests of the host tools (tests/unit/<area>/)
#   make test-guest         guest test suites booted in QEMU (tests/guest/)
#   make test-integration   boot MX and check what the tools see (tests/integration/)
#   make test-fuzz-short    each fuzz target for a few seconds (longer: make fuzz)

.PHONY: test test-unit test-guest test-integration test-fuzz-short

TB := $(B)/tests

# ---- unit tests: one Criterion binary per directory under tests/unit --------
# A tool that wants its internals tested sets UNIT_LIBS_<area> (a static
# library of its objects) and UNIT_LDLIBS_<area> (extra libraries).
UNIT_AREAS := $(notdir $(wildcard tests/unit/*))
define unit_area
UNIT_$(1)_OBJ := $$(patsubst tests/unit/$(1)/%.c,$(TB)/unit/$(1)/%.o,$$(wildcard tests/unit/$(1)/*.c))
$(TB)/unit/$(1)/%.o: tests/unit/$(1)/%.c | $(DEPS_STAMP)
	$(Q)mkdir -p $$(dir $$@)
	$(Q)echo "  CC(test)  $$<"
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -I$(HB)/gen -Itests/unit/$(1) -c $$< -o $$@
$(TB)/unit/$(1)/run: $$(UNIT_$(1)_OBJ) $$(UNIT_LIBS_$(1)) $(LIBMXT)
	$(Q)echo "  LD        $$@"
	$(Q)$(HOST_CC) -o $$@ $$(UNIT_$(1)_OBJ) $$(UNIT_LIBS_$(1)) $(LIBMXT) $$(UNIT_LDLIBS_$(1)) $(HOST_LIBS) -lcriterion
UNIT_BINS += $(TB)/unit/$(1)/run
endef
$(foreach a,$(UNIT_AREAS),$(eval $(call unit_area,$(a))))

test-unit: $(UNIT_BINS)
	$(Q)set -e; for t in $(UNIT_BINS); do echo "== unit: $$t"; $$t --jobs 2 -q || { echo "FAIL: $$t"; exit 1; }; done

# ---- guest and integration tests ----------------------------------------------
test-guest: $(OS_TARGETS)
	$(Q)python3 tests/harness/run_guest.py --build $(B) $(GUEST_SUITES)

test-integration: all
	$(Q)python3 tests/harness/run_integration.py --build $(B)

test-fuzz-short:
	$(Q)$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=10

test: all test-unit test-guest test-integration test-fuzz-short
	$(Q)echo "make test: all passed"

fuzz:
	$(Q)python3 tests/harness/run_fuzz.py --build $(B) --seconds $(or $(FUZZ_SECONDS),300)

bench: all
	$(Q)python3 tests/bench/run_bench.py --build $(B) --readme

demo: all
	$(Q)python3 tests/demo/demo.py --build $(B)

# ---- fuzz targets (libFuzzer, clang) ---------------------------------------------
FUZZ_SRC := $(wildcard tests/fuzz/*.c)
FUZZ_BINS := $(patsubst tests/fuzz/%.c,$(B)/fuzz/%,$(FUZZ_SRC))
FUZZ_CFLAGS := -g -O1 -fsanitize=fuzzer,address,undefined -Ios/include -Itracer/include -I$(HB)/gen -D_GNU_SOURCE
LIBMXT_FUZZ_SRC = $(LIBMXT_SRC)
$(B)/fuzz/%: tests/fuzz/%.c $(LIBMXT_SRC) $(HB)/gen/schema_sql.h | $(DEPS_STAMP)
	$(Q)mkdir -p $(dir $@)
	$(Q)echo "  FUZZ      $@"
	$(Q)clang $(FUZZ_CFLAGS) -o $@ $< $(LIBMXT_FUZZ_SRC) $(HOST_LIBS)
.PHONY: fuzz-targets
fuzz-targets: $(FUZZ_BINS)
