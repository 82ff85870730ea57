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
	struct textfile file;	/* first: textfile_new/free rely on it; the
				 * current line is parsed in place and the
				 * entry's strings point into it */
	unsigned *skipped;	/* numbers of the malformed lines so far */
	size_t nskipped;
	size_t skipped_cap;
};

SWAP_EXPORT int swap_procswaps_open(const char *path, struct swap_procswaps **it)
{
	return textfile_new(sizeof(**it), path ? path : PROCSWAPS_PATH, (void **)it);
}

SWAP_EXPORT void swap_procswaps_close(struct swap_procswaps *it)
{
	if (it)
		free(it->skipped);
	textfile_free(it);
}

SWAP_EXPORT int swap_procswaps_skipped(const struct swap_procswaps *it,
				       const unsigned **lines)
{
	if (!it)
		return -EINVAL;
	if (lines)
		*lines = it->skipped;
	return it->nskipped > INT_MAX ? INT_MAX : (int)it->nskipped;
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
 * are ignored, so a future column would not break us.  The name is
 * unescaped in place (never longer than written), so any length fits.
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

	if (!prio)
		return -EINVAL;
	if (parse_u64(size, &e->size_kib) || parse_u64(used, &e->used_kib) ||
	    parse_int(prio, &e->priority))
		return -EINVAL;
	rc = swap_procswaps_unescape(name, name, strlen(name) + 1);
	if (rc < 0)
		return rc;
	e->deleted = strip_deleted(name);
	e->name = name;
	e->type = type;
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

static int remember_skipped(struct swap_procswaps *it)
{
	if (it->nskipped == it->skipped_cap) {
		size_t cap = it->skipped_cap ? it->skipped_cap * 2 : 8;
		unsigned *p = realloc(it->skipped, cap * sizeof(*p));

		if (!p)
			return -ENOMEM;
		it->skipped = p;
		it->skipped_cap = cap;
	}
	it->skipped[it->nskipped++] = it->file.lineno;
	return 0;
}

/*
 * Returns: 1, 0 at the end, or -errno from reading.  A malformed line is
 * skipped here, and its number remembered for swap_procswaps_skipped.
 */
SWAP_EXPORT int swap_procswaps_next(struct swap_procswaps *it, struct swap_procswaps_entry *e)
{
	if (!it || !sized_ok(e))
		return -EINVAL;
	for (;;) {
		struct swap_procswaps_entry full = { .size = sizeof(full) };
		int rc;

		rc = textfile_next(&it->file);
		if (rc <= 0)
			return rc;
		if (is_header(it->file.line) || is_blank(it->file.line))
			continue;
		/* The kernel ends every line with '\n': a line without one was
		 * cut short (a read that stopped early), and its last figure
		 * may be missing digits.  A NUL inside cannot come from the
		 * kernel either (names are escaped). */
		if (it->file.too_long || !strchr(it->file.line, '\n') ||
		    parse_line(it->file.line, &full) < 0) {
			rc = remember_skipped(it);
			if (rc < 0)
				return rc;
			continue;
		}
		/* Only the fields the caller's struct has room for. */
		sized_store(e, &full, sizeof(full));
		return 1;
	}
}
