/*
 * Writes mx/constants.py for the gdb-scripts: every number, name, letter
 * and ABI structure layout the scripts use, taken from the X-macro lists
 * and structures of os/include/mx/ (as Linux's scripts/gdb generates
 * constants.py from the kernel's headers), so Python never retypes one.
 * Built for i386 (-m32), the guest's ABI.  Run by gdb-scripts/build.mk:
 *     gen_constants > build/gdb-scripts/mx/constants.py
 */
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>
#include <mx/endpoint.h>
#include <mx/errno.h>
#include <mx/ipc.h>
#include <mx/kcall.h>
#include <mx/trace.h>
#include <mx/procflags.h>
#include <mx/callnr.h>
#include <mx/dump.h>
#include <mx/chan.h>
#include <mx/mxinfo.h>
#include <mx/tables.h>

/* A Python string literal. */
static void pystr(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			putchar('\\');
		putchar(*s);
	}
	putchar('"');
}

static void letter(char c)
{
	char s[2] = { c, 0 };
	pystr(s);
}

static void value(const char *name, long long v)
{
	printf("%s = %lld\n", name, v);
}

#define V(name) value(#name, (long long)(MX_##name))

/* ---- structure layouts: field -> (offset, size, count, signed, kind) ---- */
static void layout_begin(const char *name, size_t size)
{
	printf("    \"%s\": {\"size\": %zu, \"fields\": {\n", name, size);
}
static void layout_field(const char *f, size_t off, size_t size, size_t count, int sign, const char *kind)
{
	printf("        \"%s\": (%zu, %zu, %zu, %d, \"%s\"),\n", f, off, size, count, sign, kind);
}
static void layout_end(void)
{
	printf("    }},\n");
}

/* Signedness by comparison; always true or false by design. */
#pragma GCC diagnostic ignored "-Wtype-limits"
#define MEMBER(T, f)  (((T *)0)->f)
#define SIGNED(T, f)  ((__typeof__(MEMBER(T, f)))-1 < (__typeof__(MEMBER(T, f)))0)
/* A scalar integer field. */
#define FI(T, f) layout_field(#f, offsetof(T, f), sizeof(MEMBER(T, f)), 1, SIGNED(T, f), "int")
/* An array of integers, a NUL-padded string, raw bytes, an embedded struct. */
#define FA(T, f) layout_field(#f, offsetof(T, f), sizeof(MEMBER(T, f)[0]), \
	sizeof(MEMBER(T, f)) / sizeof(MEMBER(T, f)[0]), SIGNED(T, f[0]), "int")
#define FS(T, f) layout_field(#f, offsetof(T, f), sizeof(MEMBER(T, f)), 1, 0, "str")
#define FB(T, f) layout_field(#f, offsetof(T, f), sizeof(MEMBER(T, f)), 1, 0, "bytes")
#define FT(T, f, sub) layout_field(#f, offsetof(T, f), sizeof(MEMBER(T, f)[0]), \
	sizeof(MEMBER(T, f)) / sizeof(MEMBER(T, f)[0]), 0, sub)
#define FN(T, f, sub) layout_field(#f, offsetof(T, f), sizeof(MEMBER(T, f)), 1, 0, sub)
#define LAYOUT(T, name) layout_begin(name, sizeof(T))

static void layouts(void)
{
	printf("LAYOUTS = {\n");
	LAYOUT(mx_info, "mx_info");
	FB(mx_info, magic); FI(mx_info, version); FI(mx_info, size); FI(mx_info, self);
	FI(mx_info, kernel_base); FB(mx_info, build_id); FI(mx_info, build_id_len);
	FS(mx_info, release); FI(mx_info, tsc_hz); FI(mx_info, hz); FI(mx_info, phys_bytes);
	FI(mx_info, page_size); FI(mx_info, nr_tasks); FI(mx_info, nr_slots); FI(mx_info, nr_privs);
	FI(mx_info, ring_addr); FI(mx_info, ring_bytes); FI(mx_info, pairs_addr);
	FI(mx_info, registry_addr); FI(mx_info, log_addr); FI(mx_info, uptime_addr);
	FI(mx_info, cur_proc_addr); FI(mx_info, boot_addr);
	FT(mx_info, structs, "mx_struct_desc"); FI(mx_info, nfields); FT(mx_info, fields, "mx_field");
	layout_end();

	LAYOUT(mx_struct_desc, "mx_struct_desc");
	FS(mx_struct_desc, name); FI(mx_struct_desc, addr); FI(mx_struct_desc, count);
	FI(mx_struct_desc, size); FI(mx_struct_desc, first_field); FI(mx_struct_desc, nfields);
	layout_end();

	LAYOUT(mx_field, "mx_field");
	FS(mx_field, name); FI(mx_field, offset); FI(mx_field, size); FI(mx_field, kind); FI(mx_field, count);
	layout_end();

	LAYOUT(mx_kinfo, "mx_kinfo");
	FI(mx_kinfo, uptime_ticks); FI(mx_kinfo, ipc_calls); FI(mx_kinfo, kcalls); FI(mx_kinfo, switches);
	FI(mx_kinfo, irqs); FI(mx_kinfo, pgfaults); FI(mx_kinfo, ipc_errors); FI(mx_kinfo, kcall_errors);
	FI(mx_kinfo, nr_procs_live); FI(mx_kinfo, mem_total_frames); FI(mx_kinfo, mem_free_frames);
	layout_end();

	LAYOUT(mx_table_desc, "mx_table_desc");
	FS(mx_table_desc, name); FI(mx_table_desc, addr); FI(mx_table_desc, count);
	FI(mx_table_desc, size); FI(mx_table_desc, nfields); FT(mx_table_desc, fields, "mx_field");
	layout_end();

	LAYOUT(mx_registry_ent, "mx_registry_ent");
	FI(mx_registry_ent, owner); FI(mx_registry_ent, generation); FN(mx_registry_ent, desc, "mx_table_desc");
	layout_end();

	LAYOUT(mx_registry, "mx_registry");
	FI(mx_registry, count); FI(mx_registry, changes); FT(mx_registry, ent, "mx_registry_ent");
	layout_end();

	LAYOUT(mx_klog, "mx_klog");
	FI(mx_klog, next); FI(mx_klog, size); FB(mx_klog, buf);
	layout_end();

	LAYOUT(mx_bootmod, "mx_bootmod");
	FS(mx_bootmod, name); FS(mx_bootmod, cmdline); FI(mx_bootmod, start); FI(mx_bootmod, end);
	FI(mx_bootmod, ep); FI(mx_bootmod, entry); FI(mx_bootmod, text_lo); FI(mx_bootmod, text_hi);
	FI(mx_bootmod, data_lo); FI(mx_bootmod, data_hi); FI(mx_bootmod, stack_lo); FI(mx_bootmod, stack_hi);
	layout_end();

	LAYOUT(mx_bootinfo, "mx_bootinfo");
	FS(mx_bootinfo, cmdline); FI(mx_bootinfo, nmods); FI(mx_bootinfo, mem_lower_kb);
	FI(mx_bootinfo, mem_upper_kb); FT(mx_bootinfo, mods, "mx_bootmod");
	layout_end();

	LAYOUT(mx_trace_ring, "mx_trace_ring");
	FI(mx_trace_ring, magic); FI(mx_trace_ring, version); FI(mx_trace_ring, rec_size);
	FI(mx_trace_ring, nrecs); FI(mx_trace_ring, ctl); FI(mx_trace_ring, kinds); FA(mx_trace_ring, ep_filter);
	FI(mx_trace_ring, head); FI(mx_trace_ring, filtered); FI(mx_trace_ring, overwritten);
	FI(mx_trace_ring, off_skipped); FI(mx_trace_ring, tsc_boot);
	layout_end();

	LAYOUT(mx_trace_rec, "mx_trace_rec");
	FI(mx_trace_rec, tsc); FI(mx_trace_rec, seq); FI(mx_trace_rec, kind); FI(mx_trace_rec, flags);
	FI(mx_trace_rec, cpu_prio); FI(mx_trace_rec, src); FI(mx_trace_rec, dst); FI(mx_trace_rec, type);
	FI(mx_trace_rec, arg);
	layout_end();

	LAYOUT(mx_message, "mx_message");
	FI(mx_message, m_source); FI(mx_message, m_type); FA(mx_message, m_u.w);
	FI(mx_message, m_u.notify.tsc_lo); FI(mx_message, m_u.notify.tsc_hi);
	FI(mx_message, m_u.notify.bits); FI(mx_message, m_u.notify.arg);
	layout_end();
	printf("}\n\n");
}

int main(void)
{
	printf("\"\"\"Numbers, names and layouts of MX, generated from os/include/mx/*.h\n"
	       "by gdb-scripts/gen_constants.c at build time.  Do not edit.\"\"\"\n\n");

	/* endpoint.h */
	V(SLOT_BITS); V(SLOT_MASK); V(GEN_BITS); V(GEN_MASK);
	V(ANY); V(NONE); V(SELF);
	long long special = 0;
	for (int b = 0; b < 31; b++)
		if (MX_EP_SPECIAL((mx_endpoint_t)(1 << b)))
			special |= 1LL << b;
	value("EP_SPECIAL_MASK", special);
	V(IDLE); V(CLOCK); V(SYSTEM); V(HARDWARE); V(NR_TASKS);
	V(PM); V(VFS); V(RS); V(VM); V(DS); V(TTY); V(MEM); V(FS); V(IS); V(INIT);
	V(NR_BOOT_FIXED); V(NR_SLOTS); V(NR_PRIVS);
	printf("\n");

	/* errno.h */
	V(OK); V(ERRNO_MAX);
	printf("ERRORS = {\n");
#define E(name, num, text) printf("    %d: (\"%s\", ", num, #name); pystr(text); printf("),\n");
	MX_ERRORS(E)
#undef E
	printf("}\n\n");

	/* ipc.h */
	V(MSG_SIZE); V(BODY_SIZE); V(NOTIFY_MESSAGE); V(IPC_VECTOR); V(KCALL_VECTOR);
	V(AMF_VALID); V(AMF_DONE); V(AMF_NOTIFY); V(AMF_NOREPLY); V(SENDA_MAX);
	printf("IPC_CALLS = {\n");
#define I(name, num, text) printf("    %d: (\"%s\", ", num, #name); pystr(text); printf("),\n");
	MX_IPC_CALLS(I)
#undef I
	printf("}\n\n");

	/* kcall.h */
	V(NR_KCALLS);
	printf("KCALLS = {\n");
#define K(name, num, group, text) printf("    %d: (\"%s\", \"%s\", ", num, #name, group); pystr(text); printf("),\n");
	MX_KCALLS(K)
#undef K
	printf("}\n");
	/* Which body structure each kernel call's message carries (see kcall.h);
	 * the compiler checks that each structure exists and fits a message. */
	printf("KCALL_BODIES = {\n");
#define BODY(call, T) do { MX_BODY_CHECK(struct T); printf("    \"%s\": \"%s\",\n", #call, #T); } while (0)
	BODY(FORK, kc_fork); BODY(EXEC, kc_exec); BODY(EXIT, kc_exit); BODY(CLEAR, kc_proc);
	BODY(RUNCTL, kc_runctl); BODY(PRIVCTL, kc_privctl); BODY(SCHEDCTL, kc_schedctl);
	BODY(TIMES, kc_proc); BODY(VMMAP, kc_vmmap); BODY(VMCTL, kc_vmctl); BODY(VIRCOPY, kc_copy);
	BODY(SAFECOPYFROM, kc_copy); BODY(SAFECOPYTO, kc_copy); BODY(SETGRANT, kc_setgrant);
	BODY(GETKSIG, kc_sig); BODY(ENDKSIG, kc_sig); BODY(KILL, kc_sig); BODY(SIGSEND, kc_sig);
	BODY(SIGRETURN, kc_sig); BODY(TRACE, kc_trace); BODY(DEVIO, kc_devio);
	BODY(IOPENABLE, kc_proc); BODY(IRQCTL, kc_irqctl); BODY(SETALARM, kc_setalarm);
	BODY(GETINFO, kc_getinfo); BODY(TRACECTL, kc_tracectl); BODY(DIAGCTL, kc_diagctl);
	BODY(REGTABLE, kc_regtable); BODY(DBGCHAN, kc_dbgchan); BODY(ABORT, kc_abort);
#undef BODY
	printf("}\n");
	V(PTE_P); V(PTE_W); V(PTE_U); V(PTE_COW);
	V(IRQ_REENABLE); V(IRQ_EXCLUSIVE);
	printf("\n");

	/* callnr.h: every server request, by number */
	printf("CALLS = {\n");
#define C(name, num, text) printf("    %d: (\"%s\", ", num, #name); pystr(text); printf("),\n");
	MX_ALL_CALLS(C)
#undef C
	printf("}\n");
	V(PM_BASE); V(VFS_BASE); V(VM_BASE); V(DS_BASE); V(RS_BASE); V(IS_BASE); V(DEV_BASE);
	V(FS_BASE); V(SEF_BASE); V(PORT_BASE); V(TEST_BASE);
	printf("\n");

	/* trace.h */
	printf("TRACE_KINDS = {\n");
#define T(name, num, sname, text) printf("    %d: (\"%s\", \"%s\", ", num, #name, sname); pystr(text); printf("),\n");
	MX_TRACE_KINDS(T)
#undef T
	printf("}\n");
	V(TK_MAX);
	printf("TRACE_FLAGS = [\n");
#define TF(name) printf("    (\"%s\", %d),\n", #name, MX_TF_##name)
	TF(RTT); TF(ERR); TF(NB); TF(SENDREC); TF(KERNEL); TF(REPLY);
#undef TF
	printf("]\n");
	V(TF_RTT); V(TF_ERR); V(TF_NB); V(TF_SENDREC); V(TF_KERNEL); V(TF_REPLY);
	V(TCTL_ON); V(TCTL_EPFILT);
	value("TRACE_MAGIC", MX_TRACE_MAGIC); V(TRACE_VERSION); V(TRACE_LOG2);
	printf("\n");

	/* procflags.h: (name, bit, letter, meaning) in letter order */
#define FL(name, bit, l, text) printf("    (\"%s\", %d, ", #name, bit); letter(l); printf(", "); pystr(text); printf("),\n");
	printf("RTS_FLAGS = [\n");
	MX_RTS_FLAGS(FL)
	printf("]\nMF_FLAGS = [\n");
	MX_MF_FLAGS(FL)
	printf("]\nPF_FLAGS = [\n");
	MX_PF_FLAGS(FL)
	printf("]\n");
#undef FL
#define RB(name, bit, l, text) value("RTS_" #name, bit);
	MX_RTS_FLAGS(RB)
#undef RB
#define MB(name, bit, l, text) value("MF_" #name, bit);
	MX_MF_FLAGS(MB)
#undef MB
#define PB(name, bit, l, text) value("PF_" #name, bit);
	MX_PF_FLAGS(PB)
#undef PB
	V(NR_QUEUES); V(USER_Q); V(IDLE_Q);
	printf("\n");

	/* dump.h: (key, name, console key, short name, title) */
	printf("DUMPS = [\n");
#define D(name, num, fkey, sname, title) printf("    (%d, \"%s\", \"%s\", \"%s\", ", num, #name, fkey, sname); pystr(title); printf("),\n");
	MX_DUMPS(D)
#undef D
	printf("]\n\n");

	/* chan.h */
	printf("FRAME_TYPES = {\n");
#define F(name, num, dir, text) printf("    %d: (\"%s\", \"%s\", ", num, #name, dir); pystr(text); printf("),\n");
	MX_FRAME_TYPES(F)
#undef F
	printf("}\n\n");

	/* mxinfo.h */
	printf("INFO_MAGIC = bytes([");
	for (int i = 0; i < MX_INFO_MAGIC_LEN; i++)
		printf("%s%d", i ? ", " : "", (unsigned char)MX_INFO_MAGIC[i]);
	printf("])\n");
	V(INFO_MAGIC_LEN); V(INFO_VERSION); V(INFO_MAXFIELDS); V(TABLE_MAXFIELDS); V(REGISTRY_MAX);
	V(KLOG_SIZE); V(BOOT_MAXMODS);
	printf("FIELD_KINDS = {\n");
#define FK(name, num, text) printf("    %d: (\"%s\", ", num, #name); pystr(text); printf("),\n");
	MX_FIELD_KINDS(FK)
#undef FK
	printf("}\n");
#define FKV(name, num, text) value("FK_" #name, num);
	MX_FIELD_KINDS(FKV)
#undef FKV
	printf("STRUCTS = {\n");
#define S(name, num, sname, text) printf("    %d: (\"%s\", \"%s\", ", num, #name, sname); pystr(text); printf("),\n");
	MX_STRUCTS(S)
#undef S
	printf("}\n");
#define SV(name, num, sname, text) value("SD_" #name, num);
	MX_STRUCTS(SV)
#undef SV
	printf("\n");

	/* tables.h */
#define NT(name, num, text) printf("    %d: (\"%s\", \"%s\"),\n", num, #name, text);
	printf("VR_KINDS = {\n");
	MX_VR_KINDS(NT)
	printf("}\nTHREAD_STATES = {\n");
	MX_THREAD_STATES(NT)
	printf("}\nLOCK_KINDS = {\n");
	MX_LOCK_KINDS(NT)
	printf("}\nLOCK_MODES = {\n");
	MX_LOCK_MODES(NT)
	printf("}\n");
#undef NT
#define TSV(name, num, text) value("TS_" #name, num);
	MX_THREAD_STATES(TSV)
#undef TSV
#define LMV(name, num, text) value("LM_" #name, num);
	MX_LOCK_MODES(LMV)
#undef LMV
	V(VR_READ); V(VR_WRITE); V(VR_EXEC); V(VR_COW);
	printf("PMF_FLAGS = [\n");
#define PF(name) printf("    (\"%s\", %d),\n", #name, MX_PMF_##name)
	PF(INUSE); PF(ZOMBIE); PF(WAITING); PF(STOPPED); PF(TRACED); PF(SYSTEM); PF(PAUSED); PF(EXITING); PF(SLEEPING);
#undef PF
	printf("]\nRSF_FLAGS = [\n");
#define RF(name) printf("    (\"%s\", %d),\n", #name, MX_RSF_##name)
	RF(INUSE); RF(UP); RF(PINGING); RF(RESTART); RF(BOOT); RF(DOWN);
#undef RF
	printf("]\nDSF_FLAGS = [\n");
#define DF(name) printf("    (\"%s\", %d),\n", #name, MX_DSF_##name)
	DF(INUSE); DF(U32); DF(STR); DF(LABEL);
#undef DF
	printf("]\nDMAP_FLAGS = [\n");
#define MF(name) printf("    (\"%s\", %d),\n", #name, MX_DMAP_##name)
	MF(CHAR); MF(BLOCK); MF(BUSY);
#undef MF
	printf("]\nFPB_REASONS = {\n");
#define FB_(name) printf("    %d: \"%s\",\n", MX_FPB_##name, #name)
	FB_(PIPE); FB_(DEV); FB_(SELECT); FB_(LOCK);
#undef FB_
	printf("}\n");
	V(PEND_INPUT);
	V(VFS_TAG_SHIFT);
	printf("\n");

	layouts();
	return 0;
}
