/* --once: one frame, a wait chain or recent IPC as plain text. */
#ifndef MXTOP_TEXT_H
#define MXTOP_TEXT_H

#include <stdio.h>
#include "app.h"

/*
 * The header, then the current view's table: a mark column ('*' in a
 * deadlock, '!' stuck), the column titles and every row.  width 0 prints
 * natural widths.
 */
void text_frame(FILE *out, app *a, int width);

#endif
