/*
 * free --compressed: what compressed swap holds and costs (free/compressed.c).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef FREE_COMPRESSED_H
#define FREE_COMPRESSED_H

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

#endif
