/*
 * RS, the reincarnation server: starts services with their privileges,
 * watches them (kernel signals as their signal manager, heartbeats) and
 * restarts a service that crashes, exits or stops answering, with back-off.
 * Prototypes grouped by file.
 */
#ifndef RS_RS_H
#define RS_RS_H

#include <string.h>
#include <mxsys.h>
#include <mx/callnr.h>
#include <mx/pm.h>
#include <mx/rs.h>
#include <mx/tables.h>

#define NR_SERVICES  32
#define HZ           100
#define TICK_EVERY   10            /* RS looks at its services every 10 ticks */
#define MAX_BACKOFF  (8 * HZ)
#define SERVICE_PRIORITY 5         /* services without one: below the core servers (4), above users (8) */

struct rproc {
	mx_rs_ent pub;                 /* registered as "rs.services" */
	struct rs_config conf;
	uint64_t ping_sent;            /* tick of the unanswered ping, 0 if none */
	uint64_t last_alive;           /* tick of the last sign of life */
	uint64_t restart_at;           /* tick of a scheduled restart, 0 if none */
	uint64_t up_since;
	int init_next;                 /* SEF_INIT_* the next RS_INIT gets */
	int keep_image;                /* restart from an in-memory copy of the binary */
	uint8_t *image;                /* that copy, read once the file system is up */
	uint32_t image_len;
	int stopping;                  /* DOWN requested: do not restart */
};

extern struct rproc rproc[NR_SERVICES];
extern uint64_t now;

/* service.c */
struct rproc *rp_by_label(const char *label);
struct rproc *rp_by_ep(mx_endpoint_t ep);
struct rproc *rp_new(const char *label);
int start_service(struct rproc *rp, int init_type);
void apply_ipc(struct rproc *rp);
void service_died(struct rproc *rp, int sig);
void adopt_boot_services(void);
void register_table(void);
void cache_images(void);

/* watch.c */
void watch_tick(void);
void ksig_handle(void);
void clock_update(void);

/* request.c */
int do_init(mx_message *m);
int do_up(mx_message *m);
int do_down(mx_message *m);
int do_restart(mx_message *m);
int do_list(mx_message *m);
int do_lookup(mx_message *m);

#endif
