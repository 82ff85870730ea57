/*
 * lsswap.h - what the files of lsswap share: the column table, the rows,
 * the control structure and the functions of each view.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef LSSWAP_H
#define LSSWAP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "libswap.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

enum view { VIEW_PROCESSES = 1, VIEW_AREAS = 2, VIEW_CGROUPS = 4 };

/* One row per column of every view: --output parsing, headers, JSON keys
 * (the name in lower case) and --help all come from here. */
enum {
	COL_PID, COL_USER, COL_UID, COL_COMMAND, COL_CMDLINE, COL_SWAP, COL_SWAPPSS,
	COL_VMSWAP, COL_SHMEM, COL_AREAS,
	COL_NAME, COL_TYPE, COL_SIZE, COL_USED, COL_PRIO, COL_SLOT, COL_PROCESSES, COL_OTHER,
	COL_CGROUP, COL_CGSWAP, COL_LIMIT, COL_MEMORY, COL_VERSION,
	NCOLS
};

enum { K_STR, K_NUM, K_SIZE };	/* how a cell prints and sorts */
struct lsswap_column {
	const char *name;
	enum view view;
	int kind;
	double whint;
	int flags;		/* SCOLS_FL_* */
	int is_default;
	const char *help;
};
extern const struct lsswap_column columns[NCOLS];

/* A row of any view; sizes in bytes. */
struct row {
	int total;		/* the total row */
	int unknown;		/* a figure that cannot be known: printed as "-" */
	int nopss;		/* SWAPPSS and SHMEM do not apply (total of --area) */
	pid_t pid;
	uid_t uid;
	char *name;		/* command, area or cgroup */
	char *cmdline;
	char *areas;
	uint64_t *pages;	/* swap entries by type, until areas is formatted */
	unsigned pflags;	/* SWAP_PROCESS_* of the process */
	uint64_t swap, pss, vmswap, shmem;
	char type[16];
	int prio, slot;
	uint64_t size, used, processes, other;
	int version;
	uint64_t limit, memory;
};

struct lsswap_ctl {
	enum view view;
	int columns[NCOLS];
	size_t ncolumns;
	int sort;		/* column, or -1 */
	pid_t *pids;
	size_t npids;
	const char *area;
	int bytes, raw, noheadings, json;
	struct row *rows;
	size_t nrows;
	struct row total;
	char *notes[8];
	size_t nnotes;
	int partial;
	int missing;		/* a --pid that does not exist */
	long pagesize;
};

/* /proc/swaps, copied (areas.c) */
struct areas {
	struct swap_procswaps_entry *e;
	size_t n;
};

/* A scan of the processes and what it tells about the areas (scan.c) */
struct scan {
	struct areas before, after;
	struct swap_process_totals totals;
	int line[SWAP_PROCESS_MAX_TYPES];	/* swap type -> area, or -1 */
	int unmapped;				/* types in use without an area */
	int types;				/* swap types were readable */
};

/* output.c */
void add_note(struct lsswap_ctl *ctl, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
struct row *new_row(struct lsswap_ctl *ctl);
void sort_rows(struct lsswap_ctl *ctl);
void print_output(const struct lsswap_ctl *ctl);

/* areas.c */
void read_areas(struct areas *a);
int same_areas(const struct areas *a, const struct areas *b);
int find_area(const struct areas *a, const char *name);
void area_share(const struct scan *s, int area, struct swap_area_share *sh);
void build_areas(struct lsswap_ctl *ctl, struct scan *s);

/* scan.c */
void scan_processes(struct lsswap_ctl *ctl, struct scan *s);
void finish_process_rows(struct lsswap_ctl *ctl, struct scan *s);

/* cgroups.c */
void build_cgroups(struct lsswap_ctl *ctl);

#endif
