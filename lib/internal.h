/*
 * libswap private helpers, never installed.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef LIBSWAP_INTERNAL_H
#define LIBSWAP_INTERNAL_H

#include "libswap.h"

/* Mark a function as part of the public ABI (everything else is hidden). */
#define SWAP_EXPORT __attribute__((visibility("default")))

#define SWAP_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#include <stdio.h>

/* header.c: whether the 10 bytes at @at hold a signature decode knows. */
int header_magic_known(const unsigned char *at);

/* textfile.c: a line reader for the /proc and fstab iterators. */
struct textfile {
	FILE *fp;
	char *line;		/* the current line (getline buffer) */
	size_t line_size;
	unsigned lineno;	/* 1-based number of the current line */
};

/* Returns: 0 or -errno. */
int textfile_open(struct textfile *t, const char *path);
/* Returns: 1 with t->line set, 0 at the end, or -errno. */
int textfile_next(struct textfile *t);
void textfile_close(struct textfile *t);
/* An iterator of @size bytes whose first member is a struct textfile,
 * opened on @path.  Returns: 0 with *out set, or -errno. */
int textfile_new(size_t size, const char *path, void **out);
/* Close and free what textfile_new made (NULL is fine). */
void textfile_free(void *iterator);
/* Cut the next blank-separated field of *cursor in place (NULL at the end). */
char *textfile_field(char **cursor);

/* zram.c: a small file read whole, NUL-terminated.  Returns: the length,
 * -EFBIG if it does not fit in @size - 1 bytes, or -errno. */
int small_file_read(const char *path, char *buf, size_t size);
/* zram.c: the parsers behind swap_zram_read and swap_zswap_read (the fuzz
 * harnesses call them).  mm_stat: Returns the field count or -EINVAL. */
int zram_parse_mm_stat(const char *text, size_t len, struct swap_zram_stat *out);
int zswap_parse_meminfo(const char *text, struct swap_zswap_stat *out);
/* fs.c: a name for a statfs f_type, and whether swap files work there. */
const char *fs_magic_name(uint64_t magic, int *swapfiles);

#endif
