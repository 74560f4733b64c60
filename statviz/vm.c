/*
 * mxviz vm: one process's memory map from VM's region table (the
 * vm_regions view): regions from the highest address down, the gaps
 * between them, and the other processes that map the same shared segment.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <mx/tables.h>
#include "mxt/names.h"
#include "viz.h"

static const char *kind_name(int k)
{
	switch (k) {
#define K(name, num, text) case num: return text;
	MX_VR_KINDS(K)
#undef K
	}
	return "?";
}

static const char *kind_fill(int k)
{
	static const char *const fill[] = {
		[MX_VRK_TEXT] = "#cfe2f3", [MX_VRK_DATA] = "#d9ead3", [MX_VRK_HEAP] = "#fff2cc",
		[MX_VRK_STACK] = "#f4cccc", [MX_VRK_ANON] = "#ead1dc", [MX_VRK_SHARED] = "#d0e0e3",
		[MX_VRK_FILE] = "#fce5cd", [MX_VRK_PHYS] = "#eeeeee",
	};
	return k > 0 && k <= MX_VRK_PHYS ? fill[k] : "#ffffff";
}

static const char *size_str(unsigned long long b, char *buf, size_t len)
{
	if (b >= 1ULL << 30)
		snprintf(buf, len, "%.1f GiB", (double)b / (1ULL << 30));
	else if (b >= 1ULL << 20)
		snprintf(buf, len, "%.1f MiB", (double)b / (1ULL << 20));
	else
		snprintf(buf, len, "%llu KiB", b / 1024);
	return buf;
}

struct html { char *s; size_t len, cap; };

static void h_add(struct html *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void h_add(struct html *h, const char *fmt, ...)
{
	va_list ap;
	for (;;) {
		va_start(ap, fmt);
		int n = vsnprintf(h->s ? h->s + h->len : NULL, h->s ? h->cap - h->len : 0, fmt, ap);
		va_end(ap);
		if (n < 0)
			return;
		if (h->s && h->len + (size_t)n < h->cap) {
			h->len += (size_t)n;
			return;
		}
		size_t cap = h->cap * 2 + (size_t)n + 256;
		char *s = realloc(h->s, cap);
		if (!s)
			return;
		h->s = s;
		h->cap = cap;
	}
}

/* Text safe inside an HTML-like label. */
static const char *esc(const char *s, char *buf, size_t len)
{
	size_t n = 0;
	for (; *s && n + 6 < len; s++) {
		const char *r = *s == '&' ? "&amp;" : *s == '<' ? "&lt;" : *s == '>' ? "&gt;" : NULL;
		if (r) {
			memcpy(buf + n, r, strlen(r));
			n += strlen(r);
		} else {
			buf[n++] = *s;
		}
	}
	buf[n] = 0;
	return buf;
}

static int has_region_table(struct viz *v)
{
	sqlite3_stmt *st;
	int ok = 0;
	if (sqlite3_prepare_v2(v->db, "SELECT error FROM reg_tables WHERE snap_id = ? AND name = 'vm.regions'", -1, &st,
			       NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_int64(st, 1, v->snap);
	if (sqlite3_step(st) == SQLITE_ROW)
		ok = sqlite3_column_type(st, 0) == SQLITE_NULL ? 1 : -1;
	sqlite3_finalize(st);
	return ok;
}

Agraph_t *viz_vm(struct viz *v, const char *who)
{
	int n = mxt_wg_find(v->wg, who, v->err, sizeof(v->err));
	if (n < 0)
		return NULL;
	int ep = v->wg->nodes[n].ep;
	char pname[64], eb[24];
	snprintf(pname, sizeof(pname), "%s (%s)", v->wg->nodes[n].name, mxt_ep_str(ep, eb, sizeof(eb)));
	int t = has_region_table(v);
	if (t <= 0) {
		snprintf(v->err, sizeof(v->err), t < 0 ? "VM's region table could not be read in snapshot %lld"
			 : "snapshot %lld has no vm.regions table (VM did not register it, or a sample snapshot)", v->snap);
		return NULL;
	}
	sqlite3_stmt *st, *sh;
	if (sqlite3_prepare_v2(v->db, "SELECT start, len, prot, kind, pages, shared_id, offset FROM vm_regions "
			       "WHERE snap_id = ? AND endpoint = ? ORDER BY start DESC", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(v->db, "SELECT endpoint, start FROM vm_regions WHERE snap_id = ? AND shared_id = ? "
			       "AND endpoint <> ? ORDER BY endpoint", -1, &sh, NULL) != SQLITE_OK) {
		snprintf(v->err, sizeof(v->err), "cannot read vm_regions: %s", sqlite3_errmsg(v->db));
		return NULL;
	}
	sqlite3_bind_int64(st, 1, v->snap);
	sqlite3_bind_int(st, 2, ep);
	struct html h = { 0 };
	char b1[32], b2[32], e1[96];
	h_add(&h, "<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"4\">"
	      "<TR><TD COLSPAN=\"5\"><B>%s</B></TD></TR>"
	      "<TR><TD><B>addresses</B></TD><TD><B>region</B></TD><TD><B>prot</B></TD><TD><B>size</B></TD>"
	      "<TD><B>resident</B></TD></TR>", esc(pname, e1, sizeof(e1)));
	int nr = 0;
	unsigned long long prev_start = 0, virt = 0, res = 0;
	struct { int row; long long shared; } shared[64];
	int nshared = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		unsigned long long start = (unsigned long long)sqlite3_column_int64(st, 0);
		unsigned long long len = (unsigned long long)sqlite3_column_int64(st, 1);
		unsigned prot = (unsigned)sqlite3_column_int64(st, 2);
		int kind = sqlite3_column_int(st, 3);
		long long pages = sqlite3_column_int64(st, 4), sid = sqlite3_column_int64(st, 5);
		if (nr && start + len < prev_start)
			h_add(&h, "<TR><TD COLSPAN=\"5\" BGCOLOR=\"#f7f7f7\"><I>gap %s</I></TD></TR>",
			      size_str(prev_start - start - len, b1, sizeof(b1)));
		char prot_s[8] = "----";
		if (prot & MX_VR_READ) prot_s[0] = 'r';
		if (prot & MX_VR_WRITE) prot_s[1] = 'w';
		if (prot & MX_VR_EXEC) prot_s[2] = 'x';
		if (prot & MX_VR_COW) prot_s[3] = 'c';
		char what[64];
		if (sid)
			snprintf(what, sizeof(what), "%s (id %lld)", kind_name(kind), sid);
		else
			snprintf(what, sizeof(what), "%s", kind_name(kind));
		h_add(&h, "<TR><TD PORT=\"r%d\" BGCOLOR=\"%s\">%08llx-%08llx</TD><TD BGCOLOR=\"%s\">%s</TD><TD>%s</TD>"
		      "<TD ALIGN=\"RIGHT\">%s</TD><TD ALIGN=\"RIGHT\">%lld pages</TD></TR>", nr, kind_fill(kind), start,
		      start + len, kind_fill(kind), what, prot_s, size_str(len, b2, sizeof(b2)), pages);
		if (sid && nshared < 64) {
			shared[nshared].row = nr;
			shared[nshared].shared = sid;
			nshared++;
		}
		prev_start = start;
		virt += len;
		res += (unsigned long long)pages * 4096;
		nr++;
	}
	sqlite3_finalize(st);
	h_add(&h, "</TABLE>");
	if (!nr) {
		snprintf(v->err, sizeof(v->err), "%s has no VM regions in snapshot %lld", pname, v->snap);
		sqlite3_finalize(sh);
		free(h.s);
		return NULL;
	}
	char title[256];
	snprintf(title, sizeof(title), "Memory map of %s, snapshot %lld: %d regions, %s virtual, %s resident", pname,
		 v->snap, nr, size_str(virt, b1, sizeof(b1)), size_str(res, b2, sizeof(b2)));
	Agraph_t *g = viz_graph("vm", title);
	if (!g || !h.s) {
		sqlite3_finalize(sh);
		free(h.s);
		snprintf(v->err, sizeof(v->err), "out of memory");
		return NULL;
	}
	Agnode_t *map = agnode(g, "map", 1);
	viz_set(map, "shape", "plaintext");
	viz_set(map, "style", "");
	agsafeset(map, "label", agstrdup_html(g, h.s), "");
	free(h.s);
	/* Who else maps each shared segment. */
	for (int i = 0; i < nshared; i++) {
		sqlite3_reset(sh);
		sqlite3_bind_int64(sh, 1, v->snap);
		sqlite3_bind_int64(sh, 2, shared[i].shared);
		sqlite3_bind_int(sh, 3, ep);
		while (sqlite3_step(sh) == SQLITE_ROW) {
			Agnode_t *o = viz_proc(v, g, sqlite3_column_int(sh, 0));
			if (!o)
				continue;
			Agedge_t *e = agedge(g, map, o, NULL, 1);
			char port[16], label[64];
			snprintf(port, sizeof(port), "r%d", shared[i].row);
			snprintf(label, sizeof(label), "also maps id %lld\nat %08llx", shared[i].shared,
				 (unsigned long long)sqlite3_column_int64(sh, 1));
			viz_set(e, "tailport", port);
			viz_set(e, "label", label);
			viz_set(e, "style", "dashed");
		}
	}
	sqlite3_finalize(sh);
	snprintf(v->note, sizeof(v->note), "%s: %d regions", pname, nr);
	return g;
}
