/*
 * Kernel-wide definitions: configuration, helpers and the prototypes of
 * every kernel file, grouped by the file that defines them.
 */
#ifndef MX_KERNEL_H
#define MX_KERNEL_H

#include <stdint.h>
#include <stddef.h>
#include <mx/endpoint.h>
#include <mx/errno.h>
#include <mx/ipc.h>
#include <mx/kcall.h>
#include <mx/trace.h>
#include <mx/procflags.h>
#include <mx/mxinfo.h>
#include "arch/i386/arch.h"

#define HZ          100              /* clock ticks per second */
#define QUANTUM     8                /* default quantum, ticks */
#define MX_RELEASE  "MX 0.1"

#define EP_OK(e)    ((e) >= 0 && !MX_EP_SPECIAL(e))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

struct proc;
struct priv;

/* printk.c */
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int ksnprintf(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int kvsnprintf(char *buf, size_t n, const char *fmt, __builtin_va_list ap);
void kputs_raw(const char *s, size_t n);
extern mx_klog klog;

/* debug.c */
void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
void dump_frame(const struct stackframe *f, uint32_t cr2);
void kassert_fail(const char *expr, const char *file, int line) __attribute__((noreturn));
#define kassert(e) ((e) ? (void)0 : kassert_fail(#e, __FILE__, __LINE__))

/* string.c */
void *memcpy(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t n);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strlcpy_k(char *d, const char *s, size_t n);
const char *basename_k(const char *path);

/* serial.c */
void serial_init(void);
void serial_putc(int port, char c);
int serial_getc(int port);
void serial_enable_rx_irq(int port);
void serial_enable_tx_irq(int port, int on);
int serial_tx_ready(int port);
#define COM1 0x3f8
#define COM2 0x2f8

/* memory.c (arch) */
void mem_init(uint32_t first_free_phys, uint32_t phys_end);
uint32_t frame_alloc(void);
void frame_ref(uint32_t pa);
void frame_free(uint32_t pa);
uint32_t frames_total(void);
uint32_t frames_free(void);
uint32_t pgdir_new(void);
void pgdir_free(uint32_t pgdir);
uint32_t *pte_find(uint32_t pgdir, uint32_t va, int create);
int map_page(uint32_t pgdir, uint32_t va, uint32_t pa, uint32_t flags);
int user_range_ok(uint32_t va, uint32_t len);
int user_check(struct proc *p, uint32_t va, uint32_t len, int write, uint32_t *fault_va);
int copy_from_user(struct proc *p, uint32_t va, void *dst, uint32_t len);
int copy_to_user(struct proc *p, uint32_t va, const void *src, uint32_t len);
int copy_user_user(struct proc *src, uint32_t sva, struct proc *dst, uint32_t dva, uint32_t len);
int cow_break(uint32_t pgdir, uint32_t va);
void flush_if_current(uint32_t pgdir, uint32_t va);
extern uint32_t kernel_pgdir;

/* trace.c: the ring and the inline writer (every IPC path uses it). */
extern mx_trace_ring *trace_ring;
extern mx_trace_rec *trace_recs;
extern uint32_t trace_fast_mask;      /* kinds traced while on; 0 when off */
void trace_init(void);
void trace_sync_ctl(void);
int trace_ep_passes(mx_endpoint_t src, mx_endpoint_t dst);
uint16_t trace_cur_prio(void);

static inline __attribute__((always_inline))
void trace_event(int kind, int flags, mx_endpoint_t src, mx_endpoint_t dst, int32_t type, uint32_t arg)
{
	mx_trace_ring *ring = trace_ring;
	if (unlikely(ring->ctl & MX_TCTL_EPFILT) && !trace_ep_passes(src, dst)) {
		ring->filtered++;
		return;
	}
	uint64_t n = ring->head;
	mx_trace_rec *r = &trace_recs[(uint32_t)n & (ring->nrecs - 1)];
	r->seq = 0xffffffffu;
	__asm__ volatile("" ::: "memory");
	r->tsc = rdtsc();
	r->kind = (uint8_t)kind;
	r->flags = (uint8_t)flags;
	r->cpu_prio = trace_cur_prio();
	r->src = src;
	r->dst = dst;
	r->type = type;
	r->arg = arg;
	__asm__ volatile("" ::: "memory");
	r->seq = (uint32_t)n;
	__asm__ volatile("" ::: "memory");
	ring->head = n + 1;
}

/* Record an event if its kind is traced; otherwise count it as skipped. */
#define TRACE(kind, flags, src, dst, type, arg) do { \
	if ((trace_fast_mask >> (kind)) & 1) trace_event((kind), (flags), (src), (dst), (type), (arg)); \
	else if (trace_ring->ctl & MX_TCTL_ON) trace_ring->filtered++; \
	else trace_ring->off_skipped++; } while (0)

/* mxinfo.c */
extern mx_info mx_info_obj;
void mxinfo_init(uint64_t tsc_hz, uint32_t phys_bytes);

/* clock.c */
extern volatile uint64_t uptime;
extern uint64_t tsc_hz;
void clock_init(void);
void clock_tick(struct stackframe *f);
int alarm_set(struct proc *p, uint64_t when);
uint64_t alarm_left(struct proc *p);

/* interrupt.c */
#define NR_IRQ_HOOKS 32
#define irq_hook mx_irq_hook
extern struct irq_hook irq_hooks[NR_IRQ_HOOKS];
extern mx_registry registry;
void irq_init(void);
void irq_handle(int irq);
int irq_setpolicy(struct proc *p, int irq, int policy, int notify_id);
int irq_rmpolicy(struct proc *p, int hook);
int irq_enable(struct proc *p, int hook, int on);
void irq_release_all(struct proc *p);

/* rtc.c */
uint32_t rtc_time(void);

/* main.c */
extern mx_bootinfo bootinfo;
extern mx_kinfo kinfo;
const char *boot_env(const char *key);
void shutdown(int how, int code) __attribute__((noreturn));

/* dbgchan.c */
void dbgchan_init(void);
void dbgchan_hello(void);
void dbgchan_log(const char *s, size_t n);
int dbgchan_send(int type, int flags, const void *payload, size_t len);
void dbgchan_rx_irq(void);
void dbgchan_tx_irq(void);
void dbgchan_poll(void);
int dbgchan_take_cmd(void *buf, size_t room, uint32_t *seq);
void dbgchan_reply(uint32_t seq, int code, const char *text);

#endif
