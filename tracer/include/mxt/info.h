/*
 * mx_info: finding the kernel's self-description in guest memory and
 * decoding its tables by field name (os/include/mx/mxinfo.h).  Nothing
 * here knows the kernel's struct layouts: every read goes through the
 * offsets, sizes and kinds mx_info lists.
 */
#ifndef MXT_INFO_H
#define MXT_INFO_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include <mx/mxinfo.h>
#include "mxt/util.h"

struct mxt_target;
struct mxt_elf;

struct mxt_info {
	mx_info mi;              /* the object as read from the guest */
	uint64_t pa;             /* its physical address */
	const char *how;         /* "symbol", "scan" or "hello" */
};

/* Find mx_info: through kernel's symbol mx_info_obj when kernel is given
 * (and check its build id), else by scanning physical memory for its magic. */
int mxt_info_find(struct mxt_target *t, struct mxt_elf *kernel, struct mxt_info *out, char *err);
/* Scan physical [from, to) for the first valid mx_info: 0, -1 if none, -2 if memory could not be read. */
int mxt_info_scan(struct mxt_target *t, uint64_t from, uint64_t to, struct mxt_info *out, char *err);
/* Check bytes claimed to be mx_info (pa: where it was read, or UINT64_MAX if unknown). */
int mxt_info_parse(const void *buf, size_t len, uint64_t pa, struct mxt_info *out, char *err);
/* The kernel ELF must be the build that runs: compare build ids. */
int mxt_info_check_build(const struct mxt_info *in, struct mxt_elf *kernel, char *err);

/* Physical address of kernel virtual address va. */
static inline uint64_t mxt_kva2pa(const struct mxt_info *in, uint32_t va)
{
	return (uint64_t)(uint32_t)(va - in->mi.kernel_base);
}

/* An exported structure (MX_SD_*): where its array is and its fields. */
struct mxt_struct {
	const char *name;
	uint32_t addr, count, size;
	const mx_field *fields;
	int nfields;
};
int mxt_info_struct(const struct mxt_info *in, int id, struct mxt_struct *out, char *err);

/* The field called name, or NULL (a field the kernel no longer exports). */
const mx_field *mxt_field_find(const mx_field *fields, int n, const char *name);
/* Is the field inside an element of elem_size bytes, of a known kind? */
int mxt_field_valid(const mx_field *f, size_t elem_size);
/* Element idx of a field as an unsigned or sign-extended integer (up to 8 bytes). */
uint64_t mxt_field_u(const mx_field *f, const void *elem, int idx);
int64_t mxt_field_s(const mx_field *f, const void *elem, int idx);
/* A STR field, NUL-terminated into out. */
void mxt_field_str(const mx_field *f, const void *elem, char *out, size_t room);
/* A field as JSON: integer, string (STR), BITS as an integer up to 8 bytes and
 * as hex beyond, or an array when count > 1. */
json_t *mxt_field_json(const mx_field *f, const void *elem);
/* An entry as a JSON object keyed by field name. */
json_t *mxt_entry_json(const mx_field *fields, int n, const void *elem, size_t elem_size);
/* The field list as JSON: [{name, offset, size, kind, count}, ...]. */
json_t *mxt_fields_json(const mx_field *fields, int n);
const char *mxt_field_kind_name(int kind);

#endif
