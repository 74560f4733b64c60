# The root file-system image: os/tools/mkfs builds it on the host from a
# prototype listing every guest program (in /bin, without debug sections),
# /dev's special files, /etc (os/etc/*, if any) and /tmp.  QEMU loads it
# as the boot module root.img; the memory driver serves it as /dev/ram and
# fs mounts it.  Included from os/build.mk once OS_TARGETS is defined.

MKFS       := $(OB)/tools/mkfs
ROOT_IMG   := $(OB)/root.img
ROOT_PROTO := $(OB)/root.proto
ROOT_BIN   := $(OB)/rootfs/bin
ETC_FILES  := $(wildcard os/etc/*)

$(MKFS): os/tools/mkfs/mkfs.c os/include/mx/fs.h os/include/mx/vfs.h | $(DEPS_STAMP)
	$(Q)mkdir -p $(dir $@)
	$(Q)echo "  HOSTCC    $@"
	$(Q)$(HOST_CC) -O2 -g -Wall -Wextra -Werror -std=gnu11 -Ios/include -o $@ $<

# Device numbers as in os/include/mx/dev.h.
$(ROOT_PROTO): $(GUEST_PROGS) $(ETC_FILES) os/tools/mkfs/build.mk
	$(Q)mkdir -p $(dir $@) $(ROOT_BIN)
	$(Q){ echo "d /bin 0755"; echo "d /dev 0755"; echo "d /etc 0755"; echo "d /tmp 1777"; \
	  echo "b /dev/ram 0600 1 0"; echo "c /dev/kmem 0440 1 2"; \
	  echo "c /dev/null 0666 1 3"; echo "c /dev/zero 0666 1 5"; \
	  echo "c /dev/console 0620 4 0"; echo "c /dev/tty0 0620 4 0"; echo "c /dev/tty 0666 5 0"; \
	  echo "c /dev/stall 0666 6 0"; \
	  for p in $(GUEST_PROGS); do n=$$(basename $$p); \
	    strip --strip-debug -o $(ROOT_BIN)/$$n $$p || exit 1; echo "f /bin/$$n 0755 $(ROOT_BIN)/$$n"; done; \
	  for e in $(ETC_FILES); do echo "f /etc/$$(basename $$e) 0644 $$e"; done; } > $@.tmp
	$(Q)mv $@.tmp $@

$(ROOT_IMG): $(MKFS) $(ROOT_PROTO)
	$(Q)echo "  MKFS      $@"
	$(Q)$(MKFS) $@ $(ROOT_PROTO) >/dev/null

OS_TARGETS += $(ROOT_IMG)
ALL_TARGETS += $(ROOT_IMG)
