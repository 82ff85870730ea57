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
#include <string.h>
#include <sys/stat.h>

/*
 * The size rule of libswap.h: a public struct the library fills starts with
 * `size_t size`, the caller's sizeof.  The library works on a complete
 * struct of its own and hands over what fits:
 *  - sized_ok: @s is not NULL and its size covers at least the size field;
 *  - sized_store: copy the fields of @full (@full_size bytes) that fit in
 *    the caller's @out (out->size bytes); out->size is left alone;
 *  - sized_load: a complete copy of the caller's @in in @full: fields past
 *    in->size (a program built against an older header) read as zero.
 */
static inline int sized_ok(const void *s)
{
	size_t n;

	if (!s)
		return 0;
	memcpy(&n, s, sizeof(n));
	return n >= sizeof(size_t);
}

static inline void sized_store(void *out, const void *full, size_t full_size)
{
	size_t n;

	memcpy(&n, out, sizeof(n));
	if (n > full_size)
		n = full_size;
	memcpy((char *)out + sizeof(size_t), (const char *)full + sizeof(size_t),
	       n - sizeof(size_t));
}

static inline void sized_load(void *full, size_t full_size, const void *in)
{
	size_t n;

	memcpy(&n, in, sizeof(n));
	if (n > full_size)
		n = full_size;
	memset(full, 0, full_size);
	memcpy(full, in, n);
	memcpy(full, &full_size, sizeof(full_size));
}

/* header.c: whether the 10 bytes at @at hold a signature decode knows. */
int header_magic_known(const unsigned char *at);

/*
 * textfile.c: open without blocking.  @path is opened with @flags plus
 * O_NONBLOCK, O_CLOEXEC and O_NOCTTY (so a FIFO or a tty cannot hang the
 * caller) and fstat'ed into *st for the caller to judge the type.
 * Returns: the descriptor (still O_NONBLOCK) or -errno.
 */
int file_open_nonblock(const char *path, int flags, mode_t mode, struct stat *st);
/* Back to ordinary blocking I/O on @fd.  Returns: 0 or -errno. */
int file_clear_nonblock(int fd);
/*
 * Paths of any length (/proc/swaps may list one over PATH_MAX, which
 * stat(2) and open(2) refuse): *dirfd (AT_FDCWD, or a descriptor the caller
 * closes) and *rest, under PATH_MAX, name @path for the *at() calls.
 * Returns: 0 or -errno.
 */
int file_walk_long(const char *path, int *dirfd, const char **rest);
/* stat(2) for a path of any length.  Returns: 0 or -errno. */
int file_stat_long(const char *path, struct stat *st);

/*
 * textfile.c: a line reader for the /proc and fstab iterators.  Only a
 * regular file is read (a FIFO, /dev/zero or a directory is refused at
 * open, before a byte is read), and the reading is bounded: at most
 * TEXTFILE_MAX_BYTES in all (16 MiB, thousands of times a real fstab or
 * /proc/swaps; more gives -EFBIG) and TEXTFILE_MAX_LINE per line (1 MiB,
 * room for a /proc/swaps name of 256 KiB written with 4-byte escapes; the
 * rest of a longer line is read and dropped, and t->too_long tells).
 */
#define TEXTFILE_MAX_BYTES	(16u << 20)
#define TEXTFILE_MAX_LINE	(1u << 20)

struct textfile {
	FILE *fp;
	char *line;		/* the current line, '\n' kept, NUL-terminated */
	size_t line_size;	/* allocated */
	size_t len;		/* bytes in line (it may hold NULs) */
	size_t total;		/* bytes read so far */
	unsigned lineno;	/* 1-based number of the current line */
	int too_long;		/* the current line was cut at TEXTFILE_MAX_LINE */
};

/* Returns: 0, -EISDIR, -ENODEV (not a regular file) or -errno. */
int textfile_open(struct textfile *t, const char *path);
/* Returns: 1 with t->line set, 0 at the end, -EFBIG past
 * TEXTFILE_MAX_BYTES, or -errno. */
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

/* kept.c: strings handed back to the caller, one per slot and thread */
enum kept_slot {
	KEPT_PROCSWAPS_ENTRY,	/* area.c: name and type of a found entry */
	KEPT_MOUNTS_NAME,	/* mounts.c: the device name */
	KEPT_MOUNTS_WHAT,	/* mounts.c: the mount point or holder */
	KEPT_SLOTS
};
/* Keep @s (malloc'ed, may be NULL) in @slot of this thread, freeing what
 * the slot held.  Returns @s, or NULL (and @s freed) when out of memory. */
char *kept_string(enum kept_slot slot, char *s);
/* What @slot holds for this thread, or NULL. */
const char *kept_string_get(enum kept_slot slot);

#endif
