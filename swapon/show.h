/*
 * swapon --show and -s: the active areas as a table or in /proc/swaps'
 * layout.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SWAPON_SHOW_H
#define SWAPON_SHOW_H

#include <stddef.h>
#include <stdio.h>

/* util-linux exits 255 (its "-1") for every runtime failure; scripts and
 * systemd ("status=255/EXCEPTION") know that value. */
#define SWAPON_EX_FAILURE	255

/* One row per --show column: parsing, headers, JSON keys (the header in
 * lower case, which libsmartcols derives), --annotate and --help. */
enum { COL_NAME, COL_TYPE, COL_SIZE, COL_USED, COL_PRIO, COL_UUID, COL_LABEL,
	COL_ZRAM_DATA, COL_ZRAM_COMPR, COL_ZRAM_RAM, COL_ZRAM_RATIO, COL_RESUME_OFFSET, NCOLS };

struct swapon_show {
	/* --show columns, duplicates allowed; as many as util-linux allows
	 * (twice its 7 columns), whatever columns swaptools adds */
	int columns[2 * COL_ZRAM_DATA];
	size_t ncolumns;
	unsigned int bytes:1, raw:1, noheadings:1, json:1, annotate:1;
};

/* --show=LIST as util-linux splits it (exits on a bad list). */
void swapon_show_parse_columns(struct swapon_show *s, const char *list);
/* --output-all: util-linux's columns; the newer ones only by name. */
void swapon_show_all_columns(struct swapon_show *s);
/* --annotate[=when]: whether to annotate (exits on a bad value). */
int swapon_annotation_wanted(const char *when);
/* The column list of --help. */
void swapon_show_help(FILE *out);
/* Print the table, or (-s) the summary.  Return the exit status. */
int swapon_show_table(struct swapon_show *s);
int swapon_show_summary(void);

#endif
