/*
 * The boot table.  Entries with a fixed slot come first, in slot order
 * starting right after the kernel tasks; boot_table_check() verifies that
 * at boot and says what is wrong.  The others (tests, demos) take the next
 * free slots in module order.
 */
#include "table.h"

#define KC(c)      (1u << MX_SYS_##c)
#define ALL_TRAPS  ((1u << MX_SEND) | (1u << MX_RECEIVE) | (1u << MX_SENDREC) | \
                    (1u << MX_NOTIFY) | (1u << MX_SENDNB) | (1u << MX_SENDA))
#define USER_TRAPS ((1u << MX_SENDREC) | (1u << MX_SEND) | (1u << MX_RECEIVE))
#define SYS        (MX_PF_SYS_PROC | MX_PF_PREEMPTIBLE)
/* Kernel calls every system service may make. */
#define KC_BASIC   (KC(DIAGCTL) | KC(GETINFO) | KC(SETALARM) | KC(SAFECOPYFROM) | KC(SAFECOPYTO) | \
                    KC(SETGRANT) | KC(TRACECTL) | KC(REGTABLE) | KC(EXIT) | KC(TIMES))
#define KC_ALL     0xfffffffeu

const struct boot_entry boot_table[] = {
	/* name    slot     flags  traps      kernel calls                                   prio q  ipc                sig_mgr  irqs  io */
	{ "pm",    MX_PM,   SYS | MX_PF_SIG_MGR, ALL_TRAPS, KC_BASIC | KC(FORK) | KC(EXEC) | KC(CLEAR) | KC(RUNCTL) |
	           KC(GETKSIG) | KC(ENDKSIG) | KC(KILL) | KC(SIGSEND) | KC(SIGRETURN) | KC(TRACE) | KC(VIRCOPY) |
	           KC(ABORT) | KC(SCHEDCTL) | KC(PRIVCTL),                                       3, 8, "* USER",          MX_RS,   0, {0}, {0} },
	{ "vfs",   MX_VFS,  SYS,   ALL_TRAPS, KC_BASIC | KC(VIRCOPY),                           4, 8, "* USER",          MX_RS,   0, {0}, {0} },
	{ "rs",    MX_RS,   SYS | MX_PF_SIG_MGR, ALL_TRAPS, KC_BASIC | KC(PRIVCTL) | KC(RUNCTL) | KC(KILL) |
	           KC(GETKSIG) | KC(ENDKSIG) | KC(SCHEDCTL) | KC(VIRCOPY),                                     3, 8, "* USER",          MX_NONE, 0, {0}, {0} },
	{ "vm",    MX_VM,   SYS,   ALL_TRAPS, KC_BASIC | KC(VMMAP) | KC(VMCTL) | KC(VIRCOPY),   2, 8, "* USER",          MX_RS,   0, {0}, {0} },
	{ "ds",    MX_DS,   SYS,   ALL_TRAPS, KC_BASIC,                                          4, 8, "* USER",          MX_RS,   0, {0}, {0} },
	{ "tty",   MX_TTY,  SYS,   ALL_TRAPS, KC_BASIC | KC(DEVIO) | KC(IRQCTL) | KC(IOPENABLE), 1, 8, "*",               MX_RS,   (1u << 1) | (1u << 4), {0x3f8, 0x60}, {8, 5} },
	{ "memory",MX_MEM,  SYS,   ALL_TRAPS, KC_BASIC | KC(VIRCOPY),                           1, 8, "*",               MX_RS,   0, {0}, {0} },
	{ "fs",    MX_FS,   SYS,   ALL_TRAPS, KC_BASIC,                                          4, 8, "*",               MX_RS,   0, {0}, {0} },
	{ "is",    MX_IS,   SYS,   ALL_TRAPS, KC_BASIC | KC(DBGCHAN) | KC(VIRCOPY),                           5, 8, "* USER",          MX_RS,   0, {0}, {0} },
	{ "init",  MX_INIT, MX_PF_PREEMPTIBLE | MX_PF_BILLABLE, USER_TRAPS, 0,                  MX_USER_Q, 8, "",        MX_PM,   0, {0}, {0} },
	/* Dynamic slots: demos, tests and benchmarks loaded as boot modules. */
	{ "echod", -1,      SYS,   ALL_TRAPS, KC_BASIC,                                          5, 8, "ping",            MX_NONE, 0, {0}, {0} },
	{ "ping",  -1,      SYS,   ALL_TRAPS, KC_BASIC,                                          6, 8, "echod",            MX_NONE, 0, {0}, {0} },
	{ "ktest", -1,      SYS,   ALL_TRAPS, KC_ALL,                                            5, 8, "* ktpeer",               MX_NONE, 0xfffa, {0x3f8, 0}, {8, 0} },
	{ "ipcbench", -1,   SYS,   ALL_TRAPS, KC_ALL,                                            5, 8, "*",               MX_NONE, 0, {0}, {0} },
	{ "portd", -1,      SYS,   ALL_TRAPS, KC_BASIC,                                          4, 8, "*",               MX_RS,   0, {0}, {0} },
	{ "porttest", -1,   SYS,   ALL_TRAPS, KC_ALL,                                            5, 8, "*",               MX_NONE, 0, {0}, {0} },
	{ "fstest", -1,     SYS,   ALL_TRAPS, KC_ALL,                                            5, 8, "*",               MX_NONE, 0, {0}, {0} },
	{ "fsuser", -1,     MX_PF_PREEMPTIBLE | MX_PF_BILLABLE, USER_TRAPS, 0,                  MX_USER_Q, 8, "",        MX_PM,   0, {0}, {0} },
	{ "testlog", -1,    SYS,   ALL_TRAPS, KC_BASIC,                                          4, 8, "USER",            MX_NONE, 0, {0}, {0} },
	{ "pmtest", -1,     MX_PF_PREEMPTIBLE | MX_PF_BILLABLE, USER_TRAPS, 0,                  MX_USER_Q, 8, "",        MX_PM,   0, {0}, {0} },
	{ "scene", -1,      SYS,   ALL_TRAPS, KC_ALL,                                            5, 8, "*",               MX_NONE, 0, {0}, {0} },
};
const int boot_table_size = (int)ARRAY_SIZE(boot_table);

const struct boot_entry *boot_entry_find(const char *name)
{
	for (int i = 0; i < boot_table_size; i++)
		if (strcmp(boot_table[i].name, name) == 0)
			return &boot_table[i];
	return NULL;
}

static int word_in_table(const char *w, size_t n)
{
	for (int i = 0; i < boot_table_size; i++)
		if (strlen(boot_table[i].name) == n && strncmp(boot_table[i].name, w, n) == 0)
			return 1;
	return 0;
}

/* Check the table; print every problem.  Returns the number found. */
int boot_table_check(void)
{
	int errors = 0, expect = MX_NR_TASKS, dynamic_seen = 0;
	for (int i = 0; i < boot_table_size; i++) {
		const struct boot_entry *e = &boot_table[i];
		if (e->slot >= 0) {
			if (dynamic_seen) {
				kprintf("boot table: %s has fixed slot %d after entries with dynamic slots\n",
					e->name, e->slot);
				errors++;
			}
			if (e->slot != expect) {
				kprintf("boot table: %s is entry %d and has slot %d; expected slot %d "
					"(fixed slots must follow the kernel tasks in order)\n", e->name, i, e->slot, expect);
				errors++;
			}
			expect = e->slot + 1;
		} else {
			dynamic_seen = 1;
		}
		for (int j = 0; j < i; j++)
			if (strcmp(boot_table[j].name, e->name) == 0) {
				kprintf("boot table: %s appears twice (entries %d and %d)\n", e->name, j, i);
				errors++;
			}
		if (e->priority >= MX_NR_QUEUES - 1 || e->quantum == 0) {
			kprintf("boot table: %s has priority %u and quantum %u (priority must be below %d, quantum above 0)\n",
				e->name, e->priority, e->quantum, MX_NR_QUEUES - 1);
			errors++;
		}
		for (const char *w = e->ipc; *w; ) {
			while (*w == ' ')
				w++;
			size_t n = 0;
			while (w[n] && w[n] != ' ')
				n++;
			if (n && !(n == 1 && *w == '*') && !(n == 4 && strncmp(w, "USER", 4) == 0) &&
			    !word_in_table(w, n)) {
				char name[16];
				strlcpy_k(name, w, n + 1 < sizeof(name) ? n + 1 : sizeof(name));
				kprintf("boot table: note: %s may talk to '%s', which is not in the boot table; "
					"applied if it starts later\n", e->name, name);
			}
			w += n;
		}
	}
	if (expect != MX_NR_BOOT_FIXED) {
		kprintf("boot table: fixed slots end at %d; endpoint.h expects %d\n", expect, MX_NR_BOOT_FIXED);
		errors++;
	}
	return errors;
}
