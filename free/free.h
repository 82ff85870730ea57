/*
 * free: the output rows, shared by the table (free.c) and --json (json.c).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef FREE_H
#define FREE_H

#include <stdint.h>

#include "compressed.h"

/*
 * The columns.  procps prints the label padded to 9 cells, then each value
 * with "%11s" after one space: a wider value pushes the rest of the line
 * out, it never widens a column or the header.
 */
enum {
	COL_TOTAL, COL_USED, COL_FREE, COL_SHARED, COL_BUFFERS, COL_CACHE,
	COL_BUFFCACHE, COL_AVAILABLE, NCOLS
};

/* One output row: values in KiB, as procps' unsigned long (two's
 * complement: a "negative" figure prints negative, as procps prints it). */
struct free_row {
	const char *label;	/* table label */
	const char *json;	/* JSON "type" */
	int show;		/* asked for by the options */
	int ncols;		/* 3: total used free; NCOLS: the Mem row */
	uint64_t val[NCOLS];
};

enum { ROW_MEM, ROW_LOW, ROW_HIGH, ROW_SWAP, ROW_TOTAL, ROW_COMM, NROWS };

/* --json: every row the options ask for (with --compressed, the zswap and
 * zram rows too), every Mem column, each figure through @scale. */
void free_print_json(const struct free_row rows[NROWS], int compressed,
		     free_scale_fn scale, const void *ctx);

#endif
