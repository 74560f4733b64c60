/*
 * libsys: what system processes (and tests) use to talk to the kernel:
 * the IPC primitives, one wrapper per kernel call, diagnostics and the
 * system-service helpers.  Every function returns 0 or a negative error
 * (os/include/mx/errno.h) unless it says otherwise.
 */
#ifndef MXSYS_H
#define MXSYS_H

#include <stdint.h>
#include <stddef.h>
#include <mx/endpoint.h>
#include <mx/errno.h>
#include <mx/ipc.h>
#include <mx/kcall.h>
#include <mx/trace.h>
#include <mx/mxinfo.h>
#include <mx/procflags.h>

/* ipc.S */
int mx_send(mx_endpoint_t dst, mx_message *m);
int mx_receive(mx_endpoint_t src, mx_message *m);
int mx_sendrec(mx_endpoint_t dst, mx_message *m);
int mx_notify(mx_endpoint_t dst);
int mx_sendnb(mx_endpoint_t dst, mx_message *m);
int mx_senda(mx_asynmsg *table, uint32_t count);
int mx_kcall(mx_message *m);

/* kcall.c: one wrapper per kernel call */
int sys_fork(mx_endpoint_t parent, uint32_t flags, mx_endpoint_t *child);
int sys_exec(mx_endpoint_t ep, uint32_t pc, uint32_t sp, uint32_t ps, const char *name);
void sys_exit(int status) __attribute__((noreturn));
int sys_clear(mx_endpoint_t ep);
int sys_runctl(mx_endpoint_t ep, int action, int flags);
int sys_privctl(mx_endpoint_t ep, struct kc_privctl *pc);
int sys_allow(mx_endpoint_t a, mx_endpoint_t b, int allow);
int sys_schedctl(mx_endpoint_t ep, int prio, int quantum);
int sys_times(mx_endpoint_t ep, struct kc_proc *out);
int sys_vmmap(struct kc_vmmap *req);
int sys_vmctl(struct kc_vmctl *req);
int sys_vircopy(mx_endpoint_t src, uint32_t saddr, mx_endpoint_t dst, uint32_t daddr, uint32_t bytes);
int sys_safecopyfrom(mx_endpoint_t granter, uint32_t grant, uint32_t offset, void *buf, uint32_t bytes);
int sys_safecopyto(mx_endpoint_t granter, uint32_t grant, uint32_t offset, const void *buf, uint32_t bytes);
int sys_setgrant(mx_grant *table, uint32_t entries);
int sys_getksig(mx_endpoint_t *ep, uint32_t *sigs);
int sys_endksig(mx_endpoint_t ep);
int sys_kill(mx_endpoint_t ep, int sig);
int sys_sigsend(struct kc_sig *req);
int sys_sigreturn(mx_endpoint_t ep, uint32_t ctx, uint32_t *mask);
int sys_trace(int req, mx_endpoint_t ep, uint32_t addr, uint32_t *data);
int sys_devio(int req, uint32_t port, uint32_t *value);
int sys_iopenable(mx_endpoint_t ep);
int sys_irqsetpolicy(int irq, int policy, int *hook);   /* in: the notify bit; out: the handle */
int sys_irqrmpolicy(int hook);
int sys_irqenable(int hook);
int sys_irqdisable(int hook);
int sys_setalarm(uint32_t ticks, int absolute, uint64_t *now);
int sys_getinfo(int what, void *buf, uint32_t len, uint32_t arg);
int sys_tracectl(struct kc_tracectl *req);
int sys_trace_emit(int kind, mx_endpoint_t a, mx_endpoint_t b, int32_t type, uint32_t arg, int flags);
int sys_diagctl(const char *s, uint32_t len);
int sys_regtable(const mx_table_desc *d);
/* Publish an array of this process as a registered table (os/include/mx/tables.h);
 * a failure is also said on the console.  PUBLISH_TABLE counts the fields. */
int publish_table(const char *name, const void *addr, uint32_t count, uint32_t size, const mx_field *fields,
		   uint32_t nfields);
#define PUBLISH_TABLE(name, addr, count, size, fields) \
	publish_table((name), (addr), (count), (size), (fields), sizeof(fields) / sizeof((fields)[0]))
int sys_dbgchan_send(int type, int flags, const void *p, uint32_t len);
int sys_dbgchan_recv(void *buf, uint32_t room, uint32_t *seq);
int sys_abort(int how, int code) ;

/* spawn.c: fn(arg) in a new system process (a copy of the caller); see spawn.c */
int spawn(int (*fn)(void *), void *arg, uint32_t kcalls, const char *name, int flags, mx_endpoint_t *child);
#define SPAWN_NO_ALLOW 0x1
#define KC_BIT(call) (1u << MX_SYS_##call)
#define KC_CHILD_DEFAULT (KC_BIT(DIAGCTL) | KC_BIT(GETINFO) | KC_BIT(SETALARM) | KC_BIT(TIMES) | \
	KC_BIT(SAFECOPYFROM) | KC_BIT(SAFECOPYTO) | KC_BIT(SETGRANT) | KC_BIT(EXIT) | KC_BIT(TRACECTL))

/* sef.c: the system event framework (start-up, heartbeats, signals) and DS calls */
int sef_startup(void);
int sef_receive(mx_message *m);
void sef_setcb_init(int (*fn)(int type, uint32_t restarts));
void sef_setcb_signal(void (*fn)(int sig));
int sef_init_type(void);
const char *sef_label(void);
int ds_publish_u32(const char *key, uint32_t v);
int ds_publish_str(const char *key, const char *s);
int ds_publish_label(const char *label);
int ds_retrieve_u32(const char *key, uint32_t *v);
int ds_retrieve_str(const char *key, char *buf, size_t len);
int ds_retrieve_label(const char *label, mx_endpoint_t *ep);
int ds_subscribe(const char *pattern, int initial);
int ds_check(char *key, size_t keylen, uint32_t *u32, int *deleted);
int ds_delete(const char *key);

/* grant.c: the process's one grant table */
int grant_alloc(mx_endpoint_t grantee, const void *addr, uint32_t size, uint32_t access);
void grant_free(int id);

/* util.c */
int sys_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void sys_panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
int tickdelay(uint32_t ticks);
uint64_t sys_uptime(void);
uint64_t read_tsc(void);
const char *mx_strerror(int err);        /* err may be negative */
const char *mx_kcall_name(int call);
const char *mx_ipc_name(int call);
int is_notify(const mx_message *m);
mx_endpoint_t boot_ep_by_name(const char *name);
extern const char *mx_progname;

#endif
