# The guest: kernel, libraries, servers, drivers, commands and the boot image.
# Everything here is built for i386 with the host's gcc in 32-bit freestanding mode.

OB          := $(B)/os
GUEST_INC   := -Ios/include $(patsubst %,-I%,$(wildcard os/lib/*/include)) -Ios/lib/libdump
GUEST_CFLAGS := -m32 -march=i686 -ffreestanding -fno-pic -fno-pie -fno-stack-protector \
	-fno-builtin -fno-strict-aliasing -fno-omit-frame-pointer -fno-asynchronous-unwind-tables \
	-nostdinc -isystem $(shell $(GUEST_CC) -m32 -print-file-name=include) \
	-std=gnu11 -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter -MMD -MP $(GUEST_INC)
GUEST_ASFLAGS := -m32 -g -MMD -MP $(GUEST_INC) -D__ASSEMBLY__
GUEST_LIBGCC := $(shell $(GUEST_CC) -m32 -print-libgcc-file-name)
GUEST_LD    := ld -m elf_i386 -nostdlib
USER_BASE   := 0x08048000

# Kernel build options (the make variable names are the -D names):
#   MX_TRACE_LOG2=16   ring of 2^16 records
KERNEL_DEFS ?=

$(OB)/%.o: os/%.c | $(DEPS_STAMP)
	$(Q)mkdir -p $(dir $@)
	$(Q)echo "  CC(guest) $<"
	$(Q)$(GUEST_CC) $(GUEST_CFLAGS) $(KERNEL_DEFS) -c $< -o $@

$(OB)/%.o: os/%.S | $(DEPS_STAMP)
	$(Q)mkdir -p $(dir $@)
	$(Q)echo "  AS(guest) $<"
	$(Q)$(GUEST_CC) $(GUEST_ASFLAGS) -c $< -o $@

# ---- kernel ---------------------------------------------------------------
KERNEL_SRC := $(wildcard os/kernel/*.c os/kernel/system/*.c os/kernel/arch/i386/*.c os/kernel/arch/i386/*.S)
KERNEL_OBJ := $(patsubst os/%,$(OB)/%,$(addsuffix .o,$(basename $(KERNEL_SRC))))
KERNEL     := $(OB)/kernel.elf

# arch/i386/boot.S must come first so the multiboot header is at the start.
KERNEL_OBJ := $(OB)/kernel/arch/i386/boot.o $(filter-out $(OB)/kernel/arch/i386/boot.o,$(KERNEL_OBJ))

$(KERNEL): $(KERNEL_OBJ) os/kernel/arch/i386/kernel.ld
	$(Q)echo "  LD        $@"
	$(Q)$(GUEST_LD) --build-id=sha1 -T os/kernel/arch/i386/kernel.ld -o $@ $(KERNEL_OBJ) $(GUEST_LIBGCC)
	$(Q)objdump -d -S $@ > $(OB)/kernel.asm
	$(Q)nm -n $@ > $(OB)/kernel.sym

# ---- libraries --------------------------------------------------------------
# Each os/lib/<name>/ becomes $(OB)/lib/<name>.a from its .c and .S files.
GUEST_LIBS := $(notdir $(wildcard os/lib/*))
define guest_lib
$(1)_SRC := $$(filter-out os/lib/$(1)/crt0.S,$$(wildcard os/lib/$(1)/*.c os/lib/$(1)/*.S))
$(1)_OBJ := $$(patsubst os/%,$(OB)/%,$$(addsuffix .o,$$(basename $$($(1)_SRC))))
$(OB)/lib/$(1).a: $$($(1)_OBJ)
	$(Q)echo "  AR        $$@"
	$(Q)rm -f $$@ && ar rcs $$@ $$^
endef
$(foreach l,$(GUEST_LIBS),$(eval $(call guest_lib,$(l))))

CRT0 := $(OB)/lib/libsys/crt0.o
# Link order: a program's own objects, then libc, then libsys, then libgcc.
USER_LIBS := $(OB)/lib/libc.a $(OB)/lib/libsys.a $(filter-out $(OB)/lib/libc.a $(OB)/lib/libsys.a,$(foreach l,$(GUEST_LIBS),$(OB)/lib/$(l).a))

# ---- programs -----------------------------------------------------------------
# $(call guest_prog,NAME,SOURCE_DIR,EXTRA_LIBS): one static i386 ELF per directory.
GUEST_BIN := $(OB)/bin
define guest_prog
$(1)_PSRC := $$(wildcard $(2)/*.c $(2)/*.S)
$(1)_POBJ := $$(patsubst %,$(OB)/prog/$(1)/%.o,$$(notdir $$(basename $$($(1)_PSRC))))
$(OB)/prog/$(1)/%.o: $(2)/%.c | $(DEPS_STAMP)
	$(Q)mkdir -p $$(dir $$@)
	$(Q)echo "  CC(guest) $$<"
	$(Q)$(GUEST_CC) $(GUEST_CFLAGS) -I$(2) -c $$< -o $$@
$(OB)/prog/$(1)/%.o: $(2)/%.S | $(DEPS_STAMP)
	$(Q)mkdir -p $$(dir $$@)
	$(Q)$(GUEST_CC) $(GUEST_ASFLAGS) -I$(2) -c $$< -o $$@
$(GUEST_BIN)/$(1): $$($(1)_POBJ) $(CRT0) $(3) $(USER_LIBS) os/lib/libsys/user.ld
	$(Q)mkdir -p $$(dir $$@)
	$(Q)echo "  LD        $$@"
	$(Q)$(GUEST_LD) -T os/lib/libsys/user.ld -o $$@ $(CRT0) $$($(1)_POBJ) $(3) --start-group $(USER_LIBS) --end-group $(GUEST_LIBGCC)
GUEST_PROGS += $(GUEST_BIN)/$(1)
endef

# Every directory under these holds one program named after it.
PROG_DIRS := $(wildcard os/servers/* os/drivers/* os/commands/* os/scenarios/* tests/guest/*)
PROG_DIRS := $(foreach d,$(PROG_DIRS),$(if $(wildcard $(d)/*.c),$(d)))
$(foreach d,$(PROG_DIRS),$(eval $(call guest_prog,$(notdir $(d)),$(d),)))


OS_TARGETS := $(KERNEL) $(GUEST_PROGS)
ALL_TARGETS += $(OS_TARGETS)
include os/tools/mkfs/build.mk
# The full system: servers, drivers, init (which starts the shell) and the root image.
# A module's arguments follow its name after colons: vfs:debug-deadlock lets
# the shell's `hang vfs` set up VFS's lock-order deadlock (os/scenarios/hang).
BOOT_DEFAULT ?= pm vfs:debug-deadlock rs vm ds tty memory fs is init root.img

# ---- running ------------------------------------------------------------------
# The boot image: which programs the kernel loads, in boot-table order.
BOOT_MODS ?= $(BOOT_DEFAULT)
QEMU       ?= qemu-system-i386
GDB_PORT   ?= $(shell echo $$((20000 + $$(id -u) % 10000)))
QEMU_MEM   ?= 128M
QEMU_FLAGS ?= -m $(QEMU_MEM) -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04
MX_CMDLINE ?=
comma := ,
empty :=
space := $(empty) $(empty)
BOOT_INITRD = $(subst :,$(space),$(subst $(space),$(comma),$(strip $(foreach m,$(BOOT_MODS),$(if $(filter %.img,$(m)),$(OB)/$(m),$(GUEST_BIN)/$(m))))))

# `make run` leaves the machine open to the toolkit: guest RAM in a shared
# file, QMP and the debug channel on sockets in $(RUN_DIR), the gdbstub on
# $(GDB_PORT).  `make run-gdb` is the same with the CPU stopped until GDB
# continues it.
RUN_DIR  ?= $(B)/run
RUN_SHM  ?= /dev/shm/mx-ram-$(shell id -u)
RUN_FLAGS = -object memory-backend-file,id=ram,size=$(QEMU_MEM),mem-path=$(RUN_SHM),share=on \
	-machine pc,memory-backend=ram -qmp unix:$(RUN_DIR)/qmp.sock,server=on,wait=off \
	-serial mon:stdio -serial unix:$(RUN_DIR)/chan.sock,server=on,wait=off -gdb tcp::$(GDB_PORT)
define run_qemu
	$(Q)mkdir -p $(RUN_DIR)
	$(Q)echo "MX: record it from another terminal with"
	$(Q)echo "  $(B)/bin/mxtrace record -o run.db --shm $(RUN_SHM) --qmp $(RUN_DIR)/qmp.sock --chan $(RUN_DIR)/chan.sock -k $(KERNEL)"
	$(Q)echo "  and look with $(B)/bin/mxtop --db run.db; 'make gdb' attaches GDB (port $(GDB_PORT)); Ctrl-A x quits QEMU"
	$(Q)$(QEMU) $(QEMU_FLAGS) -nographic $(RUN_FLAGS) $(1) \
		-kernel $(KERNEL) -append "$(MX_CMDLINE)" -initrd "$(BOOT_INITRD)"; s=$$?; rm -f $(RUN_SHM); exit $$s
endef

run: all
	$(call run_qemu,)

run-gdb: all
	$(call run_qemu,-S)
