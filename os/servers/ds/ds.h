/* DS: the data store.  Prototypes grouped by file. */
#ifndef DS_DS_H
#define DS_DS_H

#include <string.h>
#include <mxsys.h>
#include <mx/callnr.h>
#include <mx/ds.h>
#include <mx/tables.h>

#define NR_ENTRIES 128
#define NR_SUBS    64

struct sub {
	mx_endpoint_t ep;         /* MX_NONE: free */
	char pattern[MX_DS_KEY_MAX];
	uint8_t changed[NR_ENTRIES];   /* entry changed since the subscriber last checked */
	uint8_t deleted[NR_ENTRIES];
};

extern mx_ds_ent entries[NR_ENTRIES];
extern struct sub subs[NR_SUBS];

/* store.c */
int do_publish(mx_message *m);
int do_retrieve(mx_message *m);
int do_subscribe(mx_message *m);
int do_check(mx_message *m);
int do_delete(mx_message *m);
void store_init(void);
int glob_match(const char *pat, const char *s);

#endif
