/*
 * Line-by-line reading of small text files (/proc/swaps, fstab), shared by
 * the iterators so each only parses its own fields.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int textfile_open(struct textfile *t, const char *path)
{
	memset(t, 0, sizeof(*t));
	t->fp = fopen(path, "re");
	return t->fp ? 0 : -errno;
}

int textfile_next(struct textfile *t)
{
	errno = 0;
	if (getline(&t->line, &t->line_size, t->fp) < 0) {
		/* EOF leaves errno alone; ENOMEM may not set the error flag */
		if (!ferror(t->fp) && errno != ENOMEM)
			return 0;
		return errno ? -errno : -EIO;
	}
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
