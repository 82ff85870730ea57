/*
 * procswaps.c - iterate over the active swap areas listed in /proc/swaps.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define PROCSWAPS_PATH "/proc/swaps"

/* The kernel appends this to the path of an unlinked file (before escaping,
 * so it reaches us as "\040(deleted)"). */
#define DELETED_SUFFIX " (deleted)"

struct swap_procswaps {
	struct textfile file;	/* first: textfile_new/free rely on it */
};

SWAP_EXPORT int swap_procswaps_open(const char *path, struct swap_procswaps **it)
{
	return textfile_new(sizeof(**it), path ? path : PROCSWAPS_PATH, (void **)it);
}

SWAP_EXPORT void swap_procswaps_close(struct swap_procswaps *it)
{
	textfile_free(it);
}

static int is_octal(char c)
{
	return c >= '0' && c <= '7';
}

/*
 * The kernel escapes space, tab, newline and backslash as \ooo
 * (seq_file_path with " \t\n\\").  Any other three-digit octal escape is
 * decoded too; a backslash not followed by one, or "\000" (which would cut
 * the name short), is kept as written.
 */
SWAP_EXPORT int swap_procswaps_unescape(const char *in, char *out, size_t len)
{
	size_t n = 0;

	if (!in || !out || !len)
		return -EINVAL;
	while (*in) {
		char c = *in;

		if (c == '\\' && is_octal(in[1]) && is_octal(in[2]) && is_octal(in[3]) &&
		    in[1] <= '3') {
			unsigned v = (unsigned)(in[1] - '0') * 64 +
				     (unsigned)(in[2] - '0') * 8 + (unsigned)(in[3] - '0');
			if (v) {
				c = (char)v;
				in += 3;
			}
		}
		if (n + 1 >= len) {
			out[0] = '\0';
			return -ENAMETOOLONG;
		}
		out[n++] = c;
		in++;
	}
	out[n] = '\0';
	return (int)n;
}

/* A decimal u64 with nothing after it. */
static int parse_u64(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end)
		return -EINVAL;
	*out = v;
	return 0;
}

/* A decimal int, optionally negative, with nothing after it. */
static int parse_int(const char *s, int *out)
{
	char *end;
	long v;

	if (!((*s >= '0' && *s <= '9') || (*s == '-' && s[1] >= '0' && s[1] <= '9')))
		return -EINVAL;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < INT_MIN || v > INT_MAX)
		return -EINVAL;
	*out = (int)v;
	return 0;
}

/* Remove the kernel's " (deleted)" mark from an unescaped name. */
static int strip_deleted(char *name)
{
	size_t n = strlen(name), s = sizeof(DELETED_SUFFIX) - 1;

	if (n <= s || strcmp(name + n - s, DELETED_SUFFIX) != 0)
		return 0;
	name[n - s] = '\0';
	return 1;
}

/*
 * Fields are split on any run of blanks: current kernels pad with spaces
 * and double tabs, older ones used single tabs.  Fields after the priority
 * are ignored, so a future column would not break us.
 */
static int parse_line(char *line, struct swap_procswaps_entry *e)
{
	char *cursor = line;
	char *name = textfile_field(&cursor);
	char *type = textfile_field(&cursor);
	char *size = textfile_field(&cursor);
	char *used = textfile_field(&cursor);
	char *prio = textfile_field(&cursor);
	int rc;

	memset(e, 0, sizeof(*e));
	if (!prio || strlen(type) >= sizeof(e->type))
		return -EINVAL;
	if (parse_u64(size, &e->size_kib) || parse_u64(used, &e->used_kib) ||
	    parse_int(prio, &e->priority))
		return -EINVAL;
	rc = swap_procswaps_unescape(name, e->name, sizeof(e->name));
	if (rc < 0)
		return rc;
	e->deleted = strip_deleted(e->name);
	strcpy(e->type, type);
	return 0;
}

/* The header line ("Filename\t\t\t\tType..."); real names start with '/'. */
static int is_header(const char *line)
{
	return strncmp(line, "Filename", 8) == 0 &&
	       (line[8] == ' ' || line[8] == '\t' || line[8] == '\n' || line[8] == '\0');
}

static int is_blank(const char *line)
{
	return line[strspn(line, " \t\n")] == '\0';
}

/*
 * Returns: 1, 0 at the end, -EINVAL for a malformed line or -ENAMETOOLONG
 * for a name longer than e->name (both leave the iterator usable: the next
 * call reads the next line), or -errno from reading.
 */
SWAP_EXPORT int swap_procswaps_next(struct swap_procswaps *it, struct swap_procswaps_entry *e)
{
	if (!it || !e)
		return -EINVAL;
	for (;;) {
		int rc;

		rc = textfile_next(&it->file);
		if (rc <= 0)
			return rc;
		if (is_header(it->file.line) || is_blank(it->file.line))
			continue;
		/* The kernel ends every line with '\n': a line without one was
		 * cut short (a read that stopped early), and its last figure
		 * may be missing digits. */
		if (!strchr(it->file.line, '\n'))
			return -EINVAL;
		rc = parse_line(it->file.line, e);
		return rc < 0 ? rc : 1;
	}
}
