# gdb-scripts: Python for GDB's embedded interpreter (gdb-scripts/README.md).
#   make          also generates build/gdb-scripts/mx/constants.py from
#                 os/include/mx/ and the auto-load file build/os/kernel.elf-gdb.py
#   make gdb      GDB on the kernel, attached to the QEMU of `make run-gdb`
#                 (localhost:$(GDB_PORT)), with the scripts loaded

GDBS_B     := $(B)/gdb-scripts
GDBS_GEN   := $(GDBS_B)/gen_constants
GDBS_CONST := $(GDBS_B)/mx/constants.py
GDBS_SCHEMA := $(GDBS_B)/mx/schema.py
GDBS_AUTO  := $(OB)/kernel.elf-gdb.py
GDB        ?= gdb

# The generator is built for i386, the guest's ABI, so the layouts it
# prints are the guest's.
$(GDBS_GEN): gdb-scripts/gen_constants.c | $(DEPS_STAMP)
	$(Q)mkdir -p $(dir $@)
	$(Q)echo "  CC(host)  $<"
	$(Q)$(HOST_CC) -m32 -std=gnu11 -O0 -Wall -Wextra -Werror -MMD -MP -Ios/include -o $@ $<

$(GDBS_CONST): $(GDBS_GEN)
	$(Q)mkdir -p $(dir $@)
	$(Q)echo "  GEN       $@"
	$(Q)$< > $@.tmp && mv $@.tmp $@

# The run database's schema, embedded for mx-snapshot (tracer/schema.sql is
# the source, as for mxtrace).
$(GDBS_SCHEMA): tracer/schema.sql gdb-scripts/build.mk
	$(Q)mkdir -p $(dir $@)
	$(Q)echo "  GEN       $@"
	$(Q)python3 -c 'import re, sys; sql = open(sys.argv[1]).read(); \
		v = re.search(r"PRAGMA user_version *= *([0-9]+)", sql); \
		print("\"\"\"The run database schema, generated from tracer/schema.sql.  Do not edit.\"\"\"\n"); \
		print("SCHEMA_VERSION = %d" % int(v.group(1))); print("SCHEMA_SQL = %r" % sql)' $< > $@.tmp && mv $@.tmp $@

# GDB auto-loads <objfile>-gdb.py (once its directory is a safe path).
$(GDBS_AUTO): gdb-scripts/build.mk
	$(Q)mkdir -p $(dir $@)
	$(Q)echo "  GEN       $@"
	$(Q)printf '%s\n' \
		'# Auto-loaded by GDB with kernel.elf: loads the MX scripts (gdb-scripts/).' \
		'import os, gdb' \
		'_b = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))' \
		'os.environ.setdefault("MX_BUILD", _b)' \
		'_s = os.path.join(os.path.dirname(_b), "gdb-scripts", "mx-gdb.py")' \
		'if not os.path.exists(_s):' \
		'    _s = "$(abspath gdb-scripts/mx-gdb.py)"' \
		'exec(compile(open(_s).read(), _s, "exec"), {"__file__": _s, "__name__": "mx_loader"})' > $@

GDBS_TARGETS := $(GDBS_CONST) $(GDBS_SCHEMA) $(GDBS_AUTO)
ALL_TARGETS += $(GDBS_TARGETS)

.PHONY: gdb-scripts
gdb-scripts: $(GDBS_TARGETS)

gdb: $(KERNEL) $(GDBS_TARGETS)
	$(GDB) -q -iex 'add-auto-load-safe-path $(abspath $(OB))' \
		-ex 'python import sys' \
		-ex "python 'mx.help' in sys.modules or gdb.execute('source $(abspath gdb-scripts/mx-gdb.py)')" \
		-ex 'target remote localhost:$(GDB_PORT)' $(KERNEL)
