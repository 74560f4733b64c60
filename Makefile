# MX: an observable microkernel OS and the toolkit that debugs it.
#
#   make          build the OS and every host tool (installs missing packages first)
#   make run      boot MX in QEMU, console on this terminal (Ctrl-A x quits)
#   make test     every test: host unit tests, guest tests, integration tests
#   make bench    every benchmark; writes build/bench/results.md
#   make fuzz     the fuzz targets, for longer than make test runs them
#   make demo     boot MX under mxtrace, run the scenarios, collect the evidence
#   make gdb      GDB attached to the guest started by `make run-gdb`
#
# Each top-level directory adds its rules in its own build.mk.

B        := build
Q        ?= @
HOST_CC  ?= gcc
GUEST_CC ?= gcc

.DEFAULT_GOAL := all
.PHONY: all deps run run-gdb gdb test bench fuzz demo clean help

DEPS_STAMP := $(B)/.deps-ok
deps: $(DEPS_STAMP)
$(DEPS_STAMP): os/tools/deps.sh
	$(Q)mkdir -p $(B)
	$(Q)sh os/tools/deps.sh
	$(Q)touch $@

include os/build.mk
-include tracer/build.mk
-include gdb-scripts/build.mk
-include top/build.mk
-include statviz/build.mk
-include dumps/build.mk
include tests/build.mk

all: $(ALL_TARGETS)

-include $(shell find $(B) -name '*.d' 2>/dev/null)

help:
	$(Q)sed -n '3,11p' Makefile

clean:
	rm -rf $(B)
