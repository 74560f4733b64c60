/* IS, the information server: the dumps, live.  Prototypes grouped by file. */
#ifndef IS_IS_H
#define IS_IS_H

#include <string.h>
#include <mxsys.h>
#include <mx/callnr.h>
#include <mx/dump.h>
#include <mx/chan.h>
#include <dump.h>

/* collect.c: read the live tables into a dump_input */
int collect(struct dump_input *in);

#endif
