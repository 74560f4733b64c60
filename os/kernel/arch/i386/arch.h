/*
 * i386 definitions shared by the kernel's C and assembly files:
 * segment selectors, the register frame, and inline instruction wrappers.
 */
#ifndef MX_ARCH_H
#define MX_ARCH_H

#define KERNBASE     0xC0000000
#define PAGE_SIZE    4096
#define PAGE_SHIFT   12
#define DIRECT_MAP_PDES 224            /* 224 x 4 MiB = 896 MiB mapped at KERNBASE */
#define USER_TOP     0xC0000000        /* user addresses are below this */

#define KCODE_SEL 0x08
#define KDATA_SEL 0x10
#define UCODE_SEL (0x18 | 3)
#define UDATA_SEL (0x20 | 3)
#define TSS_SEL   0x28

/* Offsets into struct stackframe, for entry.S */
#define FRAME_CS     (4 * 15)
#define FRAME_SIZE   (4 * 19)

#define EFLAGS_IF   0x00000200
#define EFLAGS_TF   0x00000100
#define EFLAGS_IOPL 0x00003000
#define EFLAGS_DF   0x00000400

#ifndef __ASSEMBLY__
#include <stdint.h>

/* What the entry stubs save; the order is the push order reversed. */
struct stackframe {
	uint32_t gs, fs, es, ds;
	uint32_t edi, esi, ebp, oesp, ebx, edx, ecx, eax;
	uint32_t vector, err;
	uint32_t eip, cs, eflags, esp, ss;
};
_Static_assert(sizeof(struct stackframe) == FRAME_SIZE, "frame size");
_Static_assert(__builtin_offsetof(struct stackframe, cs) == FRAME_CS, "frame cs");

#define P2V(pa) ((void *)((uint32_t)(pa) + KERNBASE))
#define V2P(va) ((uint32_t)(va) - KERNBASE)

static inline void outb(uint16_t port, uint8_t v) { __asm__ volatile("outb %0, %1" :: "a"(v), "Nd"(port)); }
static inline void outw(uint16_t port, uint16_t v) { __asm__ volatile("outw %0, %1" :: "a"(v), "Nd"(port)); }
static inline void outl(uint16_t port, uint32_t v) { __asm__ volatile("outl %0, %1" :: "a"(v), "Nd"(port)); }
static inline uint8_t inb(uint16_t port) { uint8_t v; __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline uint16_t inw(uint16_t port) { uint16_t v; __asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline uint32_t inl(uint16_t port) { uint32_t v; __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline uint64_t rdtsc(void) { uint32_t lo, hi; __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi)); return ((uint64_t)hi << 32) | lo; }
static inline void lcr3(uint32_t pa) { __asm__ volatile("movl %0, %%cr3" :: "r"(pa) : "memory"); }
static inline uint32_t rcr2(void) { uint32_t v; __asm__ volatile("movl %%cr2, %0" : "=r"(v)); return v; }
static inline uint32_t rcr3(void) { uint32_t v; __asm__ volatile("movl %%cr3, %0" : "=r"(v)); return v; }
static inline void invlpg(uint32_t va) { __asm__ volatile("invlpg (%0)" :: "r"(va) : "memory"); }
static inline void cli(void) { __asm__ volatile("cli" ::: "memory"); }
static inline void sti(void) { __asm__ volatile("sti" ::: "memory"); }
static inline void halt(void) { __asm__ volatile("sti; hlt; cli" ::: "memory"); }

/* protect.c */
void protect_init(void);
void tss_set_esp0(uint32_t esp0);
/* i8259.c */
void pic_init(void);
void pic_mask(int irq);
void pic_unmask(int irq);
void pic_eoi(int irq);
/* pit.c */
void pit_init(unsigned hz);
uint64_t tsc_calibrate(void);
/* entry.S */
extern void trap_return_to(struct stackframe *f) __attribute__((noreturn));
extern uint8_t kstack_top[];
#endif

#endif
