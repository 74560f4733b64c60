/*
 * ELF files through libelf: symbols, the GNU build id, and the bytes a
 * virtual address holds in the file (a kernel or a boot program).
 */
#ifndef MXT_ELF_H
#define MXT_ELF_H

#include <stddef.h>
#include <stdint.h>
#include "mxt/util.h"

struct mxt_elf;

struct mxt_elf *mxt_elf_open(const char *path, char *err);
void mxt_elf_close(struct mxt_elf *e);
const char *mxt_elf_path(const struct mxt_elf *e);

/* Address and size of a symbol; -1 if absent. */
int mxt_elf_sym(const struct mxt_elf *e, const char *name, uint64_t *addr, uint64_t *size);
/* The function or object containing addr, with the offset into it; NULL if none. */
const char *mxt_elf_sym_at(const struct mxt_elf *e, uint64_t addr, uint64_t *off);
/* The GNU build id (.note.gnu.build-id); its length, 0 if there is none. */
size_t mxt_elf_build_id(const struct mxt_elf *e, uint8_t *id, size_t room);
uint64_t mxt_elf_entry(const struct mxt_elf *e);
/* Physical (load) address of virtual address va through the PT_LOAD headers; -1 if unmapped. */
int mxt_elf_va2pa(const struct mxt_elf *e, uint64_t va, uint64_t *pa);
/* Copy len file bytes at virtual address va (all inside one PT_LOAD's file part). */
int mxt_elf_read_va(const struct mxt_elf *e, uint64_t va, void *buf, size_t len);

#endif
