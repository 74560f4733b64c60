/*
 * Test databases for mxtop's unit tests, built with mxt_db_open(CREATE)
 * and SQL inserts.  The numbers are chosen so that every rate, time and
 * percentile has one right answer (see fixture.c for the story).
 */
#ifndef MXTOP_TEST_FIXTURE_H
#define MXTOP_TEST_FIXTURE_H

#include <sqlite3.h>

/* Endpoints of the fixture's processes. */
#define FX_IDLE 0
#define FX_PM 4
#define FX_VFS 5
#define FX_SH MX_EP(2, 14)            /* generation 2: "14/2" */
#define FX_A 20                       /* a and b SEND to each other */
#define FX_B 21
#define FX_BUSY 30                    /* runs; sends 3000/s to pm */
#define FX_NPROCS 7

/* Create the fixture in a fresh temporary file; returns its path (static buffer). */
const char *fx_create(int ended);
/* Open it for writing (as mxtrace would) and run SQL; aborts the test on error. */
sqlite3 *fx_writer(const char *path);
/* fmt is sqlite3_mprintf's: %q quotes a string. */
void fx_exec(sqlite3 *db, const char *fmt, ...);
/* Add snapshot id (sample) at guest second t with the fixture's processes. */
void fx_add_snapshot(sqlite3 *db, int id, int t);
/* A fresh temporary path (not created). */
const char *fx_tmp(const char *suffix);

#endif
