/*
 * free --compressed: what compressed swap holds and costs (free/compressed.c).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef FREE_COMPRESSED_H
#define FREE_COMPRESSED_H

#include <stddef.h>
#include <stdint.h>

/* One row: zswap or zram.  Figures in KiB, valid only when have is set. */
struct free_compressed_row {
	const char *label;	/* "Zswap:", "Zram:" */
	const char *json;	/* "zswap", "zram" */
	int have;		/* 0: the kernel lacks the figures (see source) */
	uint64_t stored, compressed, ram;
	char source[256];	/* where the figures come from, or what is missing */
};

/* Fill the two rows from /proc/meminfo, /proc/swaps and /sys/block/zramN. */
void free_compressed_read(struct free_compressed_row rows[2]);

/* A figure in KiB as text in the unit free's options ask for. */
typedef const char *(*free_scale_fn)(const void *ctx, uint64_t kib, char buf[32]);

/* --compressed after the table: the two rows with their sources. */
void free_compressed_print(free_scale_fn scale, const void *ctx);

/* --compressed --json: the rows as a libsmartcols table named "compressed",
 * printed with the memory table as one object (json.c). */
struct libscols_table;
struct libscols_line;
struct libscols_table *free_compressed_table(free_scale_fn scale, const void *ctx);

/* One cell of an output line; exits when out of memory. */
void free_cell(struct libscols_line *ln, size_t col, const char *data);

#endif
