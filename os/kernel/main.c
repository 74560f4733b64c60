/*
 * kmain: from multiboot to the first process.
 */
#include "kernel.h"
#include "proc.h"

mx_bootinfo bootinfo;
mx_kinfo kinfo;
void boot_image(void);

struct mb_info { uint32_t flags, mem_lower, mem_upper, boot_device, cmdline, mods_count, mods_addr; };
struct mb_mod { uint32_t start, end, string, reserved; };

#define MB_BOOT_MAGIC 0x2BADB002

/* The value of key=value on the kernel command line, or NULL. */
const char *boot_env(const char *key)
{
	size_t n = strlen(key);
	for (const char *s = bootinfo.cmdline; *s; ) {
		while (*s == ' ')
			s++;
		if (strncmp(s, key, n) == 0 && s[n] == '=')
			return s + n + 1;
		while (*s && *s != ' ')
			s++;
	}
	return NULL;
}

static uint32_t read_multiboot(uint32_t magic, uint32_t mbi_pa)
{
	extern uint8_t _kernel_end[];
	uint32_t end = V2P(_kernel_end);
	if (magic != MB_BOOT_MAGIC)
		panic("not started by a multiboot loader (magic %x)", magic);
	const struct mb_info *mbi = P2V(mbi_pa);
	bootinfo.mem_lower_kb = mbi->mem_lower;
	bootinfo.mem_upper_kb = mbi->mem_upper;
	if (mbi->flags & 4)
		strlcpy_k(bootinfo.cmdline, P2V(mbi->cmdline), sizeof(bootinfo.cmdline));
	if (mbi->flags & 8) {
		const struct mb_mod *mods = P2V(mbi->mods_addr);
		for (uint32_t i = 0; i < mbi->mods_count; i++) {
			if (i >= MX_BOOT_MAXMODS) {
				kprintf("boot: only %d modules are loaded; %u given\n", MX_BOOT_MAXMODS, mbi->mods_count);
				break;
			}
			mx_bootmod *bm = &bootinfo.mods[bootinfo.nmods++];
			const char *cmd = mods[i].string ? P2V(mods[i].string) : "?";
			strlcpy_k(bm->cmdline, cmd, sizeof(bm->cmdline));
			const char *base = basename_k(cmd);
			size_t n = 0;
			while (base[n] && base[n] != ' ' && n < sizeof(bm->name) - 1)
				n++;
			strlcpy_k(bm->name, base, n + 1);
			bm->start = mods[i].start;
			bm->end = mods[i].end;
			if (mods[i].end > end)
				end = mods[i].end;
		}
	}
	return (end + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
}

void kmain(uint32_t magic, uint32_t mbi_pa);

void kmain(uint32_t magic, uint32_t mbi_pa)
{
	serial_init();
	kprintf("\n%s booting\n", MX_RELEASE);
	uint32_t first_free = read_multiboot(magic, mbi_pa);
	uint32_t phys_end = (1024 + bootinfo.mem_upper_kb) * 1024;
	protect_init();
	pic_init();
	mem_init(first_free, phys_end);
	tsc_hz = tsc_calibrate();
	kinfo.boot_time = rtc_time();
	kprintf("memory: %u KiB, %u frames free; TSC %u kHz; cmdline \"%s\"\n",
		phys_end / 1024, frames_free(), (uint32_t)(tsc_hz / 1000), bootinfo.cmdline);

	trace_init();
	proc_init();
	irq_init();
	system_init();
	dbgchan_init();
	mxinfo_init(tsc_hz, phys_end);
	boot_image();
	kinfo.mem_total_frames = frames_total();
	kprintf("boot: %u modules; mx_info at %x, trace ring at %x (%u records)\n",
		bootinfo.nmods, (uint32_t)&mx_info_obj, (uint32_t)trace_ring, trace_ring->nrecs);
	dbgchan_hello();
	clock_init();
	pic_unmask(0);
	pic_unmask(3);
	trap_return_to(schedule());
}

/* Stop the machine.  MX_ABORT_EXIT leaves QEMU through isa-debug-exit with code. */
void shutdown(int how, int code)
{
	cli();
	dbgchan_poll();
	switch (how) {
	case MX_ABORT_EXIT:
		outl(0xf4, (uint32_t)code);          /* QEMU exits with (code << 1) | 1 */
		break;
	case MX_ABORT_POWEROFF:
		outw(0x604, 0x2000);                 /* QEMU's ACPI power-off */
		outl(0xf4, 0);
		break;
	case MX_ABORT_REBOOT:
		outb(0x64, 0xfe);                    /* keyboard controller reset */
		break;
	}
	kprintf("MX halted\n");
	for (;;)
		__asm__ volatile("cli; hlt");
}
