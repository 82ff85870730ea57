/*
 * Line-by-line reading of small text files (/proc/swaps, fstab), shared by
 * the iterators so each only parses its own fields.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

int file_open_nonblock(const char *path, int flags, mode_t mode, struct stat *st)
{
	int fd, saved;

	/* O_NONBLOCK: opening a FIFO (or a tty) must not wait for a peer. */
	fd = open(path, flags | O_NONBLOCK | O_CLOEXEC | O_NOCTTY, mode);
	if (fd < 0)
		return -errno;
	if (fstat(fd, st) < 0) {
		saved = errno;
		close(fd);
		return -saved;
	}
	return fd;
}

int file_clear_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0)
		return -errno;
	return 0;
}

int textfile_open(struct textfile *t, const char *path)
{
	struct stat st;
	int fd, rc;

	memset(t, 0, sizeof(*t));
	fd = file_open_nonblock(path, O_RDONLY, 0, &st);
	if (fd == -ENXIO)
		return -ENODEV;	/* a socket (or a device without a driver) */
	if (fd < 0)
		return fd;
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return S_ISDIR(st.st_mode) ? -EISDIR : -ENODEV;
	}
	rc = file_clear_nonblock(fd);
	if (rc == 0) {
		t->fp = fdopen(fd, "r");
		if (!t->fp)
			rc = -errno;
	}
	if (rc < 0)
		close(fd);
	return rc;
}

/* Room for @n more bytes and a NUL in t->line. */
static int reserve(struct textfile *t, size_t n)
{
	size_t want = t->line_size ? t->line_size : 256;
	char *p;

	if (n + 1 <= t->line_size)
		return 0;
	while (want < n + 1)
		want *= 2;
	p = realloc(t->line, want);
	if (!p)
		return -ENOMEM;
	t->line = p;
	t->line_size = want;
	return 0;
}

int textfile_next(struct textfile *t)
{
	size_t n = 0;
	int c = EOF;

	t->too_long = 0;
	errno = 0;
	while ((c = getc_unlocked(t->fp)) != EOF) {
		if (++t->total > TEXTFILE_MAX_BYTES)
			return -EFBIG;
		if (n < TEXTFILE_MAX_LINE) {
			int rc = reserve(t, n + 1);

			if (rc < 0)
				return rc;
			t->line[n++] = (char)c;
		} else {
			t->too_long = 1;	/* keep reading to the '\n' */
		}
		if (c == '\n')
			break;
	}
	if (c == EOF && ferror(t->fp))
		return errno ? -errno : -EIO;
	if (c == EOF && n == 0 && !t->too_long)
		return 0;
	if (reserve(t, n) < 0)
		return -ENOMEM;
	t->line[n] = '\0';
	t->len = n;
	t->lineno++;
	return 1;
}

int textfile_new(size_t size, const char *path, void **out)
{
	struct textfile *t;
	int rc;

	if (!out)
		return -EINVAL;
	t = calloc(1, size);
	if (!t)
		return -ENOMEM;
	rc = textfile_open(t, path);
	if (rc < 0) {
		free(t);
		return rc;
	}
	*out = t;
	return 0;
}

void textfile_free(void *iterator)
{
	if (!iterator)
		return;
	textfile_close(iterator);
	free(iterator);
}

void textfile_close(struct textfile *t)
{
	if (t->fp)
		fclose(t->fp);
	free(t->line);
	memset(t, 0, sizeof(*t));
}

char *textfile_field(char **cursor)
{
	static const char blanks[] = " \t\r\n";
	char *p = *cursor, *start;

	p += strspn(p, blanks);
	if (!*p)
		return NULL;
	start = p;
	p += strcspn(p, blanks);
	if (*p)
		*p++ = '\0';
	*cursor = p;
	return start;
}

int file_walk_long(const char *path, int *dirfd, const char **rest)
{
	int fd = AT_FDCWD;

	while (strlen(path) >= PATH_MAX) {
		char prefix[PATH_MAX];
		const char *cut = path + PATH_MAX - 1;
		int next;

		/* The longest head that ends at a '/' and fits PATH_MAX;
		 * names are at most NAME_MAX, so there is one. */
		while (cut > path && *cut != '/')
			cut--;
		if (cut == path && *path != '/') {
			if (fd != AT_FDCWD)
				close(fd);
			return -ENAMETOOLONG;
		}
		if (cut == path)
			cut++;	/* the root itself */
		memcpy(prefix, path, (size_t)(cut - path));
		prefix[cut - path] = '\0';
		next = openat(fd, prefix, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (fd != AT_FDCWD)
			close(fd);
		if (next < 0)
			return -errno;
		fd = next;
		path = cut + strspn(cut, "/");
	}
	*dirfd = fd;
	*rest = *path ? path : ".";
	return 0;
}

int file_stat_long(const char *path, struct stat *st)
{
	const char *rest;
	int dirfd, rc;

	rc = file_walk_long(path, &dirfd, &rest);
	if (rc < 0)
		return rc;
	rc = fstatat(dirfd, rest, st, 0) < 0 ? -errno : 0;
	if (dirfd != AT_FDCWD)
		close(dirfd);
	return rc;
}
