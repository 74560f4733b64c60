/*
 * Finding, checking and decoding mx_info.  A candidate is accepted only if
 * it is self-consistent: magic, version, size, its own address matching
 * where it was found, and field tables inside their bounds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mxt/elf.h"
#include "mxt/info.h"
#include "mxt/target.h"

#define SCAN_CHUNK (1u << 20)

const char *mxt_field_kind_name(int kind)
{
	switch (kind) {
#define K(name, num, text) case num: return #name;
	MX_FIELD_KINDS(K)
#undef K
	}
	return "?";
}

int mxt_info_parse(const void *buf, size_t len, uint64_t pa, struct mxt_info *out, char *err)
{
	const mx_info *mi = buf;
	if (len < sizeof(mx_info))
		return mxt_errf(err, "mx_info: %zu bytes, expected %zu", len, sizeof(mx_info));
	if (memcmp(mi->magic, MX_INFO_MAGIC, MX_INFO_MAGIC_LEN) != 0)
		return mxt_errf(err, "mx_info: wrong magic%s", pa != UINT64_MAX ? " at that address" : "");
	if (mi->version != MX_INFO_VERSION)
		return mxt_errf(err, "mx_info: version %u, this build reads version %d", mi->version, MX_INFO_VERSION);
	if (mi->size != sizeof(mx_info))
		return mxt_errf(err, "mx_info: size %u, this build's layout is %zu bytes", mi->size, sizeof(mx_info));
	if (pa != UINT64_MAX && (uint32_t)(mi->self - mi->kernel_base) != pa)
		return mxt_errf(err, "mx_info: found at physical 0x%llx but says it lives at 0x%x (kernel base 0x%x)",
				(unsigned long long)pa, mi->self, mi->kernel_base);
	if (mi->nfields > MX_INFO_MAXFIELDS || mi->build_id_len > sizeof(mi->build_id) || mi->page_size != 4096 ||
	    mi->nr_slots == 0 || mi->nr_slots > 1024 || mi->nr_privs > 1024)
		return mxt_errf(err, "mx_info: inconsistent header (fields %u, build id %u bytes, page %u, slots %u)",
				mi->nfields, mi->build_id_len, mi->page_size, mi->nr_slots);
	for (int i = 0; i < MX_NR_STRUCTS; i++) {
		const mx_struct_desc *sd = &mi->structs[i];
		if ((uint32_t)sd->first_field + sd->nfields > mi->nfields)
			return mxt_errf(err, "mx_info: structure %d's fields run past the field table", i);
	}
	memcpy(&out->mi, mi, sizeof(mx_info));
	/* Names are used as C strings from here on. */
	out->mi.release[sizeof(out->mi.release) - 1] = 0;
	for (int i = 0; i < MX_NR_STRUCTS; i++)
		out->mi.structs[i].name[sizeof(out->mi.structs[i].name) - 1] = 0;
	for (uint32_t i = 0; i < out->mi.nfields; i++)
		out->mi.fields[i].name[sizeof(out->mi.fields[i].name) - 1] = 0;
	out->pa = pa;
	return 0;
}

int mxt_info_scan(struct mxt_target *t, uint64_t from, uint64_t to, struct mxt_info *out, char *err)
{
	uint8_t *buf = malloc(SCAN_CHUNK + sizeof(mx_info));
	char why[MXT_ERRLEN] = "";
	int candidates = 0;
	if (!buf)
		return mxt_errf(err, "out of memory");
	if (t->phys_size && to > t->base + t->phys_size)
		to = t->base + t->phys_size;
	if (from < t->base)
		from = t->base;
	for (uint64_t pa = from; pa < to; pa += SCAN_CHUNK) {
		size_t n = to - pa < SCAN_CHUNK + sizeof(mx_info) ? (size_t)(to - pa) : SCAN_CHUNK + sizeof(mx_info);
		if (mxt_read_phys(t, pa, buf, n) < 0) {
			/* Holes (a core without some range) are skipped; anything else stops the scan. */
			if (strcmp(t->ops->name, "core") == 0)
				continue;
			free(buf);
			mxt_errf(err, "scanning for mx_info: %s", t->err);
			return -2;
		}
		/* Candidates start in this chunk; the object may run into the next. */
		size_t lim = n < SCAN_CHUNK ? n : SCAN_CHUNK, end = lim + MX_INFO_MAGIC_LEN - 1 < n ? lim + MX_INFO_MAGIC_LEN - 1 : n;
		for (size_t off = 0; off + MX_INFO_MAGIC_LEN <= end;) {
			const uint8_t *p = memmem(buf + off, end - off, MX_INFO_MAGIC, MX_INFO_MAGIC_LEN);
			if (!p)
				break;
			size_t at = (size_t)(p - buf);
			off = at + 1;
			if (at & 3)
				continue;
			candidates++;
			if (at + sizeof(mx_info) <= n && mxt_info_parse(p, sizeof(mx_info), pa + at, out, why) == 0) {
				free(buf);
				out->how = "scan";
				return 0;
			}
		}
	}
	free(buf);
	if (candidates)
		return mxt_errf(err, "mx_info: magic found %d times in 0x%llx..0x%llx but no valid object (%s)",
				candidates, (unsigned long long)from, (unsigned long long)to, why[0] ? why : "truncated");
	return mxt_errf(err, "mx_info: magic not found in physical 0x%llx..0x%llx (not an MX guest, or not booted yet)",
			(unsigned long long)from, (unsigned long long)to);
}

int mxt_info_check_build(const struct mxt_info *in, struct mxt_elf *kernel, char *err)
{
	uint8_t id[64];
	size_t n = mxt_elf_build_id(kernel, id, sizeof(id));
	char a[2 * 64 + 1], b[2 * 20 + 1];
	if (n == 0)
		return mxt_errf(err, "%s: no build id in the kernel ELF (link with --build-id)", mxt_elf_path(kernel));
	mxt_hex(in->mi.build_id, in->mi.build_id_len, b);
	mxt_hex(id, n < sizeof(id) ? n : sizeof(id), a);
	if (n != in->mi.build_id_len || memcmp(id, in->mi.build_id, n) != 0)
		return mxt_errf(err, "%s is from another build: build id %s, the guest runs %s", mxt_elf_path(kernel), a, b);
	return 0;
}

int mxt_info_find(struct mxt_target *t, struct mxt_elf *kernel, struct mxt_info *out, char *err)
{
	if (!kernel) {
		/* The kernel is loaded from 1 MiB on; scan there first, then the rest. */
		char first[MXT_ERRLEN], other[MXT_ERRLEN];
		int r = mxt_info_scan(t, 0x100000, 0x100000 + 64 * SCAN_CHUNK, out, first);
		if (r == 0 || r == -2) {
			if (r)
				mxt_errf(err, "%s", first);
			return r ? -1 : 0;
		}
		if (mxt_info_scan(t, 0, 0x100000, out, other) == 0)
			return 0;
		uint64_t top = t->phys_size ? t->base + t->phys_size : 0;
		if (top > 0x100000 + 64ull * SCAN_CHUNK && mxt_info_scan(t, 0x100000 + 64 * SCAN_CHUNK, top, out, other) == 0)
			return 0;
		return mxt_errf(err, "%s", first);
	}
	uint64_t va, pa;
	if (mxt_elf_sym(kernel, "mx_info_obj", &va, NULL) < 0)
		return mxt_errf(err, "%s: no symbol mx_info_obj (not an MX kernel?)", mxt_elf_path(kernel));
	if (mxt_elf_va2pa(kernel, va, &pa) < 0)
		return mxt_errf(err, "%s: mx_info_obj at 0x%llx is in no loadable segment", mxt_elf_path(kernel), (unsigned long long)va);
	uint8_t buf[sizeof(mx_info)];
	if (mxt_read_phys(t, pa, buf, sizeof(buf)) < 0)
		return mxt_errf(err, "reading mx_info at physical 0x%llx: %s", (unsigned long long)pa, t->err);
	if (memcmp(buf, MX_INFO_MAGIC, MX_INFO_MAGIC_LEN) != 0) {
		/* Either another kernel runs, or this one has not set mx_info up yet. */
		struct mxt_info other;
		char ignore[MXT_ERRLEN];
		if (mxt_info_scan(t, 0x100000, 0x100000 + 64 * SCAN_CHUNK, &other, ignore) == 0 &&
		    mxt_info_check_build(&other, kernel, err) < 0)
			return -1;
		return mxt_errf(err, "mx_info: wrong magic at physical 0x%llx (symbol mx_info_obj of %s): the guest has not booted that far, or runs another kernel",
				(unsigned long long)pa, mxt_elf_path(kernel));
	}
	if (mxt_info_parse(buf, sizeof(buf), pa, out, err) < 0)
		return -1;
	out->how = "symbol";
	return mxt_info_check_build(out, kernel, err);
}

int mxt_info_struct(const struct mxt_info *in, int id, struct mxt_struct *out, char *err)
{
	if (id < 0 || id >= MX_NR_STRUCTS)
		return mxt_errf(err, "mx_info: no structure %d", id);
	const mx_struct_desc *sd = &in->mi.structs[id];
	if (sd->nfields == 0 || sd->size == 0)
		return mxt_errf(err, "mx_info: structure %d is not described", id);
	out->name = sd->name;
	out->addr = sd->addr;
	out->count = sd->count;
	out->size = sd->size;
	out->fields = &in->mi.fields[sd->first_field];
	out->nfields = sd->nfields;
	return 0;
}

const mx_field *mxt_field_find(const mx_field *fields, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strncmp(fields[i].name, name, sizeof(fields[i].name)) == 0)
			return &fields[i];
	return NULL;
}

int mxt_field_valid(const mx_field *f, size_t elem_size)
{
	size_t count = f->count ? f->count : 1;
	if (f->kind < MX_FK_U8 || f->kind > MX_FK_FLAGS || f->size == 0)
		return 0;
	return (size_t)f->offset + (size_t)f->size * count <= elem_size;
}

uint64_t mxt_field_u(const mx_field *f, const void *elem, int idx)
{
	const uint8_t *p = (const uint8_t *)elem + f->offset + (size_t)f->size * (size_t)idx;
	uint64_t v = 0;
	size_t n = f->size < 8 ? f->size : 8;
	for (size_t i = 0; i < n; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

int64_t mxt_field_s(const mx_field *f, const void *elem, int idx)
{
	uint64_t v = mxt_field_u(f, elem, idx);
	if (f->size < 8 && (v >> (8 * f->size - 1)) & 1)
		v |= ~0ull << (8 * f->size);
	return (int64_t)v;
}

void mxt_field_str(const mx_field *f, const void *elem, char *out, size_t room)
{
	const char *p = (const char *)elem + f->offset;
	size_t n = 0;
	while (n < f->size && n + 1 < room && p[n])
		n++;
	memcpy(out, p, n);
	out[n] = 0;
}

static json_t *scalar_json(const mx_field *f, const void *elem, int idx)
{
	switch (f->kind) {
	case MX_FK_I32:
	case MX_FK_EP:
		return json_integer((json_int_t)mxt_field_s(f, elem, idx));
	default:
		return json_integer((json_int_t)mxt_field_u(f, elem, idx));
	}
}

json_t *mxt_field_json(const mx_field *f, const void *elem)
{
	if (f->kind == MX_FK_STR) {
		char s[4096];
		mxt_field_str(f, elem, s, sizeof(s));
		/* Guest strings are not promised to be UTF-8. */
		for (char *p = s; *p; p++)
			if ((unsigned char)*p >= 0x80 || (unsigned char)*p < 0x20)
				*p = '?';
		return json_string(s);
	}
	if (f->kind == MX_FK_BITS) {
		size_t n = (size_t)f->size * (f->count ? f->count : 1);
		if (n <= 8) {
			/* A bitmap that fits an integer is one: bit i is id i (SQL can test it with >> and &). */
			const uint8_t *p = (const uint8_t *)elem + f->offset;
			uint64_t v = 0;
			for (size_t i = 0; i < n; i++)
				v |= (uint64_t)p[i] << (8 * i);
			return json_integer((json_int_t)v);
		}
		char *hex = malloc(2 * n + 1);
		if (!hex)
			return json_null();
		mxt_hex((const uint8_t *)elem + f->offset, n, hex);
		json_t *j = json_string(hex);
		free(hex);
		return j;
	}
	if (f->count > 1) {
		json_t *a = json_array();
		for (int i = 0; i < f->count; i++)
			json_array_append_new(a, scalar_json(f, elem, i));
		return a;
	}
	return scalar_json(f, elem, 0);
}

json_t *mxt_entry_json(const mx_field *fields, int n, const void *elem, size_t elem_size)
{
	json_t *o = json_object();
	for (int i = 0; i < n; i++) {
		char name[sizeof(fields[i].name) + 1];
		memcpy(name, fields[i].name, sizeof(fields[i].name));
		name[sizeof(fields[i].name)] = 0;
		if (!name[0] || !mxt_field_valid(&fields[i], elem_size))
			continue;
		json_object_set_new(o, name, mxt_field_json(&fields[i], elem));
	}
	return o;
}

json_t *mxt_fields_json(const mx_field *fields, int n)
{
	json_t *a = json_array();
	for (int i = 0; i < n; i++) {
		char name[sizeof(fields[i].name) + 1];
		memcpy(name, fields[i].name, sizeof(fields[i].name));
		name[sizeof(fields[i].name)] = 0;
		json_array_append_new(a, json_pack("{s:s, s:i, s:i, s:s, s:i}", "name", name, "offset", fields[i].offset,
						   "size", fields[i].size, "kind", mxt_field_kind_name(fields[i].kind),
						   "count", fields[i].count ? fields[i].count : 1));
	}
	return a;
}
