/*
 * swapon's compressed-swap columns and --resume (swapon/compress.c).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SWAPON_COMPRESS_H
#define SWAPON_COMPRESS_H

#include <stddef.h>

enum swapon_compress_col {
	SWAPON_COL_ZRAM_DATA,		/* mm_stat orig_data_size */
	SWAPON_COL_ZRAM_COMPR,		/* mm_stat compr_data_size */
	SWAPON_COL_ZRAM_RAM,		/* mm_stat mem_used_total */
	SWAPON_COL_ZRAM_RATIO,		/* orig_data_size / mem_used_total */
	SWAPON_COL_RESUME_OFFSET,	/* resume_offset= of a swap file */
};

/* The text of one cell for the area @name (a /proc/swaps name), or NULL
 * for an empty cell (not zram, not a file, or the kernel lacks the file).
 * @raw_bytes: sizes in bytes (--bytes, --json). */
const char *swapon_compress_cell(enum swapon_compress_col col, const char *name,
				 int raw_bytes, char *buf, size_t len);

/* --resume[=SPEC]: print the kernel parameters for the hibernation target
 * and the checks.  Returns: 0, or -1 when no parameters could be printed. */
int swapon_resume(const char *spec);

/* After swapon(2) failed with EINVAL on a regular file: one line naming
 * the filesystem when the kernel cannot swap to files there (or to this
 * btrfs file). */
void swapon_explain_fs(int fd, const char *path);
/* swapon_explain_extents - after EINVAL on a regular file: name its first
 * hole or refused extent and its offset.  Returns 1 when it printed. */
int swapon_explain_extents(int fd, const char *path);

#endif
