/*
 * mx_info and snapshots on a synthetic guest: a memory image holding an
 * mx_info that describes a made-up process structure (the decoder must go
 * by field names and offsets only), a trace ring, a kernel log, and a
 * server table in a user address space reached through page tables.
 */
#include <criterion/criterion.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <mx/procflags.h>
#include <mx/tables.h>
#include "mxt/info.h"
#include "mxt/snapshot.h"
#include "mxt/target.h"
#include "helpers.h"

#define MEM (8u << 20)
#define KB 0xC0000000u
#define INFO_PA 0x100040u
#define PROC_PA 0x110000u
#define KINFO_PA 0x118000u
#define MISC_PA 0x119000u        /* uptime, current process, ... */
#define REG_PA 0x120000u
#define LOG_PA 0x130000u
#define RING_PA 0x200000u
#define PD_PA 0x300000u
#define PT_PA 0x301000u
#define TAB_PA 0x400000u
#define TAB_VA 0x08050000u
#define NRECS 256u

/* A process entry laid out unlike the kernel's: only mx_info knows where fields are. */
struct fproc {
	uint32_t pad0;
	char name[12];
	uint32_t rts, misc;
	int32_t sendto, getfrom;
	uint32_t cr3;
	int32_t endpoint;
	uint64_t cycles;
	uint32_t sent;
	uint32_t pad1;
};

static uint8_t *mem;
static struct mxt_target *t;

#define FLD(member, kind) { #member, (uint16_t)offsetof(struct fproc, member), \
	(uint16_t)sizeof(((struct fproc *)0)->member), kind, 1, 0 }

static void proc_at(int slot, int32_t ep, const char *name, uint32_t rts, uint32_t misc, int32_t sendto, int32_t getfrom)
{
	struct fproc *p = (struct fproc *)(mem + PROC_PA) + slot;
	p->endpoint = ep;
	strcpy(p->name, name);
	p->rts = rts;
	p->misc = misc;
	p->sendto = sendto;
	p->getfrom = getfrom;
	p->cr3 = slot == 4 ? PD_PA : 0x113000;
	p->cycles = 1000u * (uint32_t)slot;
	p->sent = 7;
}

static void build(void)
{
	char err[MXT_ERRLEN];
	mem = calloc(1, MEM);
	mx_info *mi = (mx_info *)(mem + INFO_PA);
	fake_mxinfo(mi, INFO_PA);
	static const mx_field f[] = {
		FLD(endpoint, MX_FK_EP), FLD(name, MX_FK_STR), FLD(rts, MX_FK_FLAGS), FLD(misc, MX_FK_FLAGS),
		FLD(sendto, MX_FK_EP), FLD(getfrom, MX_FK_EP), FLD(cr3, MX_FK_U32), FLD(cycles, MX_FK_U64),
		FLD(sent, MX_FK_U32),
	};
	/* The kernel calls them p_*: rename as it would export them. */
	static const char *names[] = { "p_endpoint", "p_name", "p_rts_flags", "p_misc_flags", "p_sendto", "p_getfrom",
				       "p_cr3", "p_cycles", "p_sent" };
	for (int i = 0; i < 9; i++) {
		mi->fields[i] = f[i];
		memset(mi->fields[i].name, 0, sizeof(mi->fields[i].name));
		strcpy(mi->fields[i].name, names[i]);
	}
	mi->fields[9] = (mx_field){ "uptime_ticks", 0, 8, MX_FK_U64, 1, 0 };
	mi->fields[10] = (mx_field){ "ipc_calls", 8, 8, MX_FK_U64, 1, 0 };
	mi->nfields = 11;
	mi->structs[MX_SD_PROC] = (mx_struct_desc){ "proc", KB + PROC_PA, 256, sizeof(struct fproc), 0, 9 };
	mi->structs[MX_SD_KINFO] = (mx_struct_desc){ "kinfo", KB + KINFO_PA, 1, sizeof(mx_kinfo), 9, 2 };
	mi->ring_addr = KB + RING_PA;
	mi->ring_bytes = sizeof(mx_trace_ring) + NRECS * sizeof(mx_trace_rec);
	mi->registry_addr = KB + REG_PA;
	mi->log_addr = KB + LOG_PA;
	mi->uptime_addr = KB + MISC_PA;
	mi->cur_proc_addr = KB + MISC_PA + 8;
	uint64_t up = 4242;
	memcpy(mem + MISC_PA, &up, 8);
	uint32_t cur = KB + PROC_PA + 14 * sizeof(struct fproc);
	memcpy(mem + MISC_PA + 8, &cur, 4);
	mx_kinfo *ki = (mx_kinfo *)(mem + KINFO_PA);
	ki->uptime_ticks = 4242;
	ki->ipc_calls = 99;

	for (int s = 0; s < 256; s++)
		((struct fproc *)(mem + PROC_PA))[s].rts = MX_RTS_SLOT_FREE;
	proc_at(0, 0, "idle", 0, MX_MF_SYSTEM, MX_NONE, MX_NONE);
	proc_at(4, 4, "vm", MX_RTS_RECEIVING, MX_MF_SYSTEM, MX_NONE, MX_ANY);
	proc_at(14, 1038, "echod", MX_RTS_SENDING, 0, 1039, MX_NONE);
	proc_at(15, 1039, "ping", MX_RTS_RECEIVING, MX_MF_REPLY_PEND, MX_NONE, 1038);

	/* The ring: 300 records written, so the first 44 are gone. */
	mx_trace_ring *r = (mx_trace_ring *)(mem + RING_PA);
	r->magic = MX_TRACE_MAGIC;
	r->version = MX_TRACE_VERSION;
	r->rec_size = sizeof(mx_trace_rec);
	r->nrecs = NRECS;
	r->ctl = MX_TCTL_ON;
	r->tsc_boot = 777;
	for (uint64_t n = 0; n < 300; n++)
		fake_rec((mx_trace_rec *)(mem + RING_PA + sizeof(*r)) + (n % NRECS), n);
	r->head = 300;

	/* The kernel log: two whole lines and a partial one. */
	mx_klog *lg = (mx_klog *)(mem + LOG_PA);
	const char *text = "MX booting\r\nboot: 2 modules\npartial";
	lg->size = MX_KLOG_SIZE;
	memcpy(lg->buf, text, strlen(text));
	lg->next = (uint32_t)strlen(text);

	/* VM's region table, in VM's (slot 4) address space at TAB_VA. */
	mx_registry *reg = (mx_registry *)(mem + REG_PA);
	for (int i = 0; i < MX_REGISTRY_MAX; i++)
		reg->ent[i].owner = MX_NONE;
	reg->count = 2;
	mx_registry_ent *e = &reg->ent[3];
	e->owner = 4;
	strcpy(e->desc.name, "vm.regions");
	e->desc.addr = TAB_VA + 0xfc0;          /* the table straddles a page boundary */
	e->desc.count = 3;
	e->desc.size = sizeof(mx_vm_region_ent);
	mx_field vf[] = {
		MX_TABLE_FIELD(mx_vm_region_ent, ep, MX_FK_EP), MX_TABLE_FIELD(mx_vm_region_ent, start, MX_FK_ADDR),
		MX_TABLE_FIELD(mx_vm_region_ent, len, MX_FK_U32), MX_TABLE_FIELD(mx_vm_region_ent, prot, MX_FK_U32),
		MX_TABLE_FIELD(mx_vm_region_ent, kind, MX_FK_U32), MX_TABLE_FIELD(mx_vm_region_ent, pages, MX_FK_U32),
		MX_TABLE_FIELD(mx_vm_region_ent, shared_id, MX_FK_U32), MX_TABLE_FIELD(mx_vm_region_ent, offset, MX_FK_U32),
	};
	memcpy(e->desc.fields, vf, sizeof(vf));
	e->desc.nfields = 8;
	uint32_t pde = PT_PA | 7, pte0 = TAB_PA | 7, pte1 = (TAB_PA + 0x3000) | 7;
	memcpy(mem + PD_PA + 4 * (TAB_VA >> 22), &pde, 4);
	memcpy(mem + PT_PA + 4 * ((TAB_VA >> 12) & 0x3ff), &pte0, 4);
	memcpy(mem + PT_PA + 4 * (((TAB_VA >> 12) + 1) & 0x3ff), &pte1, 4);
	mx_vm_region_ent regions[3] = {
		{ 1038, 0x08048000, 0x3000, MX_VR_READ | MX_VR_EXEC, MX_VRK_TEXT, 3, 0, 0 },
		{ MX_NONE, 0, 0, 0, 0, 0, 0, 0 },
		{ 1039, 0xbfff0000, 0x10000, MX_VR_READ | MX_VR_WRITE, MX_VRK_STACK, 2, 0, 0 },
	};
	/* Split over the two physical pages, as the user mapping places them. */
	uint8_t *src = (uint8_t *)regions;
	memcpy(mem + TAB_PA + 0xfc0, src, 0x40);
	memcpy(mem + TAB_PA + 0x3000, src + 0x40, sizeof(regions) - 0x40);
	/* A second table whose owner has exited (slot 20 is free). */
	mx_registry_ent *gone = &reg->ent[5];
	gone->owner = 20;
	strcpy(gone->desc.name, "vfs.locks");
	gone->desc.addr = TAB_VA;
	gone->desc.count = 1;
	gone->desc.size = 16;
	t = mxt_mem_open(mem, MEM, 0, 0, err);
	cr_assert_not_null(t, "%s", err);
}

static void teardown(void)
{
	mxt_target_close(t);
	free(mem);
}

TestSuite(mxinfo, .init = build, .fini = teardown);
TestSuite(snapshot, .init = build, .fini = teardown);

Test(mxinfo, found_by_scanning_past_a_decoy)
{
	char err[MXT_ERRLEN];
	/* A copy of the magic in .rodata-like memory below the object must not fool the scan. */
	memcpy(mem + 0x100000, MX_INFO_MAGIC, MX_INFO_MAGIC_LEN);
	struct mxt_info in;
	cr_assert_eq(mxt_info_find(t, NULL, &in, err), 0, "%s", err);
	cr_assert_eq(in.pa, INFO_PA);
	cr_assert_str_eq(in.how, "scan");
	cr_assert_str_eq(in.mi.release, "MX test");
}

Test(mxinfo, bad_objects_are_refused_with_the_reason)
{
	char err[MXT_ERRLEN];
	struct mxt_info in;
	mx_info *mi = (mx_info *)(mem + INFO_PA);
	cr_assert_eq(mxt_info_parse(mi, sizeof(*mi), INFO_PA + 64, &in, err), -1);
	cr_assert(strstr(err, "says it lives at"), "%s", err);
	mi->version = 9;
	cr_assert_eq(mxt_info_parse(mi, sizeof(*mi), INFO_PA, &in, err), -1);
	cr_assert(strstr(err, "version 9"), "%s", err);
	mi->magic[3] ^= 1;
	cr_assert_eq(mxt_info_parse(mi, sizeof(*mi), INFO_PA, &in, err), -1);
	cr_assert(strstr(err, "wrong magic"), "%s", err);
	cr_assert_eq(mxt_info_find(t, NULL, &in, err), -1);
	cr_assert(strstr(err, "not found"), "%s", err);
}

Test(mxinfo, fields_by_name)
{
	char err[MXT_ERRLEN];
	struct mxt_info in;
	struct mxt_struct ps;
	cr_assert_eq(mxt_info_find(t, NULL, &in, err), 0, "%s", err);
	cr_assert_eq(mxt_info_struct(&in, MX_SD_PROC, &ps, err), 0, "%s", err);
	const mx_field *ep = mxt_field_find(ps.fields, ps.nfields, "p_endpoint");
	const mx_field *nm = mxt_field_find(ps.fields, ps.nfields, "p_name");
	cr_assert_not_null(ep);
	cr_assert_null(mxt_field_find(ps.fields, ps.nfields, "p_priority"), "not exported here");
	const uint8_t *echod = mem + PROC_PA + 14 * sizeof(struct fproc);
	cr_assert_eq(mxt_field_s(ep, echod, 0), 1038);
	char name[16];
	mxt_field_str(nm, echod, name, sizeof(name));
	cr_assert_str_eq(name, "echod");
	const uint8_t *vm = mem + PROC_PA + 4 * sizeof(struct fproc);
	cr_assert_eq(mxt_field_s(mxt_field_find(ps.fields, ps.nfields, "p_getfrom"), vm, 0), MX_ANY);
}

Test(snapshot, full_snapshot_decodes_every_table)
{
	char err[MXT_ERRLEN];
	struct mxt_info in;
	cr_assert_eq(mxt_info_find(t, NULL, &in, err), 0, "%s", err);
	static struct mxt_image img;
	cr_assert_eq(mxt_image_read(t, &in, MXT_IMG_FULL, &img, err), 0, "%s", err);
	sqlite3 *db = scratch_db(NULL, 0);
	struct mxt_boot b;
	cr_assert_eq(mxt_boot_open(db, &in, &img.ring_hdr, NULL, "synthetic", NULL, &b, err), 0, "%s", err);
	struct mxt_snap_meta m = { "full", "synthetic", 1234, "unit test" };
	int64_t snap;
	cr_assert_eq(mxt_snapshot_write(db, b.boot_id, &img, &m, &snap, err), 0, "%s", err);

	cr_assert_eq(q1(db, "SELECT count(*) FROM processes"), 4);
	cr_assert_eq(q1(db, "SELECT count(*) FROM processes WHERE name = 'echod' AND state = 'SEND' AND peer = 1039 AND running = 1"), 1);
	cr_assert_eq(q1(db, "SELECT count(*) FROM processes WHERE name = 'ping' AND state = 'REPLY-WAIT' AND peer = 1038"), 1);
	cr_assert_eq(q1(db, "SELECT count(*) FROM processes WHERE name = 'vm' AND state = 'RECV' AND peer IS NULL AND rts = '--R-------'"), 1);
	cr_assert_eq(q1(db, "SELECT count(*) FROM processes WHERE priority IS NULL AND cycles IS NOT NULL"), 4,
		     "fields not exported are NULL, exported ones are read");
	cr_assert_eq(q1(db, "SELECT cycles FROM processes WHERE slot = 15"), 15000);
	cr_assert_eq(q1(db, "SELECT stopped_us FROM snapshots"), 1234);
	cr_assert_eq(q1(db, "SELECT trace_head FROM snapshots"), 300);
	cr_assert_eq(q1(db, "SELECT uptime_ticks FROM snapshots"), 4242);
	cr_assert_eq(q1(db, "SELECT tsc FROM snapshots"), 1000 + 299 * 10, "the newest record's time");
	cr_assert_eq(q1(db, "SELECT ipc_calls FROM kinfo"), 99);
	cr_assert_eq(q1(db, "SELECT head FROM trace_status"), 300);
	/* The wait-for view sees echod -> ping and ping -> echod: a cycle. */
	cr_assert_eq(q1(db, "SELECT count(*) FROM wait_for WHERE waiter = 'p:1038' AND waitee = 'p:1039' AND reason = 'send'"), 1);
	cr_assert_eq(q1(db, "SELECT count(*) FROM wait_for WHERE waiter = 'p:1039' AND waitee = 'p:1038' AND reason = 'reply'"), 1);
	/* The registered table, read through VM's page tables across a page boundary. */
	cr_assert_eq(q1(db, "SELECT count(*) FROM reg_tables WHERE name = 'vm.regions' AND owner = 4 AND error IS NULL"), 1);
	cr_assert_eq(q1(db, "SELECT count(*) FROM reg_rows WHERE name = 'vm.regions'"), 3);
	cr_assert_eq(q1(db, "SELECT count(*) FROM vm_regions"), 2, "the free entry is left out");
	cr_assert_eq(q1(db, "SELECT len FROM vm_regions WHERE endpoint = 1039"), 0x10000);
	cr_assert_eq(q1(db, "SELECT start FROM vm_regions WHERE endpoint = 1039"), 0xbfff0000ll);
	cr_assert_eq(q1(db, "SELECT count(*) FROM reg_tables WHERE name = 'vfs.locks' AND error LIKE '%gone%'"), 1);
	cr_assert_eq(q1(db, "SELECT count(*) FROM log WHERE source = 'klog'"), 2);
	cr_assert_eq(q1(db, "SELECT count(*) FROM log WHERE text = 'MX booting'"), 1);
	mxt_image_free(&img);
	sqlite3_close(db);
}

Test(snapshot, same_boot_is_found_again)
{
	char err[MXT_ERRLEN];
	struct mxt_info in;
	cr_assert_eq(mxt_info_find(t, NULL, &in, err), 0, "%s", err);
	sqlite3 *db = scratch_db(NULL, 0);
	mx_trace_ring *r = (mx_trace_ring *)(mem + RING_PA);
	struct mxt_boot b1, b2, b3;
	cr_assert_eq(mxt_boot_open(db, &in, r, NULL, "synthetic", NULL, &b1, err), 0, "%s", err);
	sqlite3_exec(db, "INSERT INTO events VALUES ((1 << 40) | 41, 0, 1, 0, 0, 0, 0, 0)", NULL, NULL, NULL);
	cr_assert_eq(mxt_boot_open(db, &in, r, NULL, "synthetic", NULL, &b2, err), 0, "%s", err);
	cr_assert_eq(b2.boot_id, b1.boot_id);
	cr_assert(b2.existing);
	cr_assert_eq(b2.next_seq, 42, "the drain goes on after what is stored");
	r->tsc_boot++;
	cr_assert_eq(mxt_boot_open(db, &in, r, NULL, "synthetic", NULL, &b3, err), 0, "%s", err);
	cr_assert_neq(b3.boot_id, b1.boot_id, "another boot of the same kernel");
	sqlite3_close(db);
}

Test(mxinfo, bitmaps_as_integers_or_hex)
{
	uint8_t elem[24] = { 0x03, 0x00, 0x00, 0x80 };
	elem[4 + 15] = 0x01;
	mx_field small = { "holders", 0, 4, MX_FK_BITS, 1, 0 }, big = { "ipc_to", 4, 16, MX_FK_BITS, 1, 0 };
	json_t *a = mxt_field_json(&small, elem), *b = mxt_field_json(&big, elem);
	cr_assert(json_is_integer(a));
	cr_assert_eq(json_integer_value(a), 0x80000003ll, "bit i is id i");
	cr_assert(json_is_string(b));
	cr_assert_str_eq(json_string_value(b), "00000000000000000000000000000001");
	json_decref(a);
	json_decref(b);
}
