/*
 * fstab.c - the swap entries of an fstab file and the swap options they carry.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/swap.h>
#include <unistd.h>

#include "internal.h"

#define FSTAB_PATH "/etc/fstab"

/* <sys/swap.h> of older libcs lacks the discard policies (linux/swap.h). */
#ifndef SWAP_FLAG_DISCARD
#define SWAP_FLAG_DISCARD	0x10000
#endif
#ifndef SWAP_FLAG_DISCARD_ONCE
#define SWAP_FLAG_DISCARD_ONCE	0x20000
#endif
#ifndef SWAP_FLAG_DISCARD_PAGES
#define SWAP_FLAG_DISCARD_PAGES	0x40000
#endif

/* The largest priority swapon(2) can carry (SWAP_FLAG_PRIO_MASK). */
#define PRIORITY_MAX 32767

struct swap_fstab {
	struct textfile file;	/* first: textfile_new/free rely on it; the
				 * current line is split in place */
	char *value;		/* an unquoted tag value (the spec keeps its quotes) */
	size_t value_size;
};

/*
 * Why not getmntent_r(3): it cannot tell which line an entry came from and
 * silently drops lines it cannot split.  We read lines ourselves and split
 * them by getmntent's rules: blank lines and lines whose first non-blank is
 * '#' are skipped, fields are separated by runs of spaces and tabs, and
 * \040 \011 \012 \134 (and "\\") are decoded in each field.
 */

/*
 * An fstab must be a regular file, as util-linux refuses the rest: a FIFO
 * would block the open or the reads, /dev/zero would never end.  The check
 * opens with O_NONBLOCK so that it cannot wait itself.
 */
static int check_regular(const char *path)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	int rc = 0;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0)
		rc = -errno;
	else if (!S_ISREG(st.st_mode))
		rc = S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
	close(fd);
	return rc;
}

SWAP_EXPORT int swap_fstab_open(const char *path, struct swap_fstab **it)
{
	int rc = check_regular(path ? path : FSTAB_PATH);

	if (rc < 0)
		return rc;
	return textfile_new(sizeof(**it), path ? path : FSTAB_PATH, (void **)it);
}

SWAP_EXPORT void swap_fstab_close(struct swap_fstab *it)
{
	if (it)
		free(it->value);
	textfile_free(it);
}

/* Decode getmntent's escapes in place. */
static void decode_field(char *s)
{
	static const struct { const char *esc; char c; } escapes[] = {
		{ "\\040", ' ' }, { "\\011", '\t' }, { "\\012", '\n' },
		{ "\\134", '\\' }, { "\\\\", '\\' },
	};
	char *out;

	/* Most fields have no escape at all: leave them as they are. */
	s = strchr(s, '\\');
	if (!s)
		return;
	out = s;
	while (*s) {
		size_t i;

		if (*s != '\\') {
			*out++ = *s++;
			continue;
		}
		for (i = 0; i < SWAP_ARRAY_SIZE(escapes); i++) {
			size_t n = strlen(escapes[i].esc);

			if (strncmp(s, escapes[i].esc, n) == 0) {
				*out++ = escapes[i].c;
				s += n;
				break;
			}
		}
		if (i == SWAP_ARRAY_SIZE(escapes))
			*out++ = *s++;
	}
	*out = '\0';
}

/* Cut the next blank-separated field of @*cursor in place, decoded. */
static char *next_field(char **cursor)
{
	char *field = textfile_field(cursor);

	if (field)
		decode_field(field);
	return field;
}

static int is_comment_or_blank(const char *line)
{
	const char *p = line + strspn(line, " \t\r\n");

	return *p == '\0' || *p == '#';
}

/*
 * A tag value may be quoted, LABEL="my swap" (with \040 for the space, as
 * fstab needs): libmount/libblkid strip one pair of matching quotes, so we
 * do too, into it->value so that e->spec stays as written.  An unmatched
 * quote is kept as written.  Returns: the value, or NULL (ENOMEM).
 */
static const char *unquote(struct swap_fstab *it, const char *value)
{
	size_t n = strlen(value);

	if (n < 2 || (value[0] != '"' && value[0] != '\'') || value[n - 1] != value[0])
		return value;
	if (it->value_size < n - 1) {
		char *p = realloc(it->value, n - 1);

		if (!p)
			return NULL;
		it->value = p;
		it->value_size = n - 1;
	}
	memcpy(it->value, value + 1, n - 2);
	it->value[n - 2] = '\0';
	return it->value;
}

/*
 * Fill @e from the fields of one line.  Returns: 1 for a swap entry, 0 for
 * another type, -EINVAL for a line without the three fields every entry
 * needs, or for a swap entry with an empty tag ("LABEL=", LABEL="") or
 * options we refuse (see swap_fstab_parse_options).
 */
static int parse_entry(struct swap_fstab *it, struct swap_fstab_entry *e)
{
	char *cursor = it->file.line;
	char *spec = next_field(&cursor);
	char *dir = next_field(&cursor);	/* "none": swap has no mount point */
	char *type = dir ? next_field(&cursor) : NULL;
	char *options = next_field(&cursor);
	const char *value;
	int kind;

	if (!type)
		return -EINVAL;
	if (strcmp(type, "swap") != 0)
		return 0;

	e->spec = spec;
	e->options = options ? options : "";
	kind = swap_fstab_parse_spec(spec, &value);
	if (kind < 0)
		return kind;
	e->kind = (enum swap_spec_kind)kind;
	e->value = kind == SWAP_SPEC_PATH ? value : unquote(it, value);
	if (!e->value)
		return -ENOMEM;
	if (!*e->value)
		return -EINVAL;
	if (swap_fstab_parse_options(e->options, &e->opts) < 0)
		return -EINVAL;
	return 1;
}

/*
 * Returns: 1 (a swap entry), 0 at the end, -EINVAL for a malformed line
 * (e->line says which; the next call goes on with the next line), or
 * -errno from reading.  Lines with fewer than three fields are reported
 * whatever their type, as util-linux reports "parse error at line N".
 */
SWAP_EXPORT int swap_fstab_next(struct swap_fstab *it, struct swap_fstab_entry *e)
{
	if (!it || !e)
		return -EINVAL;
	for (;;) {
		int rc;

		rc = textfile_next(&it->file);
		if (rc <= 0)
			return rc;
		if (is_comment_or_blank(it->file.line))
			continue;
		memset(e, 0, sizeof(*e));
		e->line = it->file.lineno;
		rc = parse_entry(it, e);
		if (rc != 0)
			return rc;
	}
}

/* ------------------------------------------------------------- options */

/*
 * pri=N, decided deliberately (util-linux reads it with a bare strtol):
 *  - a decimal number is required: "pri=5x", "pri=", "pri=abc" are typos
 *    and give -EINVAL (util-linux reads 5 / ignores them silently);
 *  - above 32767 it is clamped to 32767, as util-linux does, so an fstab
 *    that works there keeps working;
 *  - a negative value is accepted and means "let the kernel choose" (no
 *    SWAP_FSTAB_PRIORITY), as util-linux ignores it: people copy the -2
 *    they see in /proc/swaps.
 */
static int parse_priority(const char *s, size_t len, struct swap_fstab_options *out)
{
	int negative = 0;
	long value = 0;
	size_t i = 0;

	if (len && (s[0] == '-' || s[0] == '+')) {
		negative = s[0] == '-';
		i++;
	}
	if (i == len)
		return -EINVAL;
	for (; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		if (value <= PRIORITY_MAX)	/* saturate: only the clamp matters */
			value = value * 10 + (s[i] - '0');
	}
	if (negative) {
		out->flags &= ~SWAP_FSTAB_PRIORITY;
		out->priority = 0;
		return 0;
	}
	out->flags |= SWAP_FSTAB_PRIORITY;
	out->priority = value > PRIORITY_MAX ? PRIORITY_MAX : (int)value;
	return 0;
}

/*
 * discard[=once|pages]: the policy must be spelt out.  util-linux
 * prefix-matches it in fstab ("discard=o" is once, "discard=" and
 * "discard=xyz" plain discard) but refuses anything but the exact words
 * on its command line; we refuse them in both places.  Several discard
 * options add up; once together with pages means plain discard.
 */
static int parse_discard(const char *s, size_t len, int has_value,
			 struct swap_fstab_options *out)
{
	if (!has_value) {
		out->flags |= SWAP_FSTAB_DISCARD;
		return 0;
	}
	if (len == 4 && memcmp(s, "once", 4) == 0)
		out->flags |= SWAP_FSTAB_DISCARD | SWAP_FSTAB_DISCARD_ONCE;
	else if (len == 5 && memcmp(s, "pages", 5) == 0)
		out->flags |= SWAP_FSTAB_DISCARD | SWAP_FSTAB_DISCARD_PAGES;
	else
		return -EINVAL;
	return 0;
}

static int name_is(const char *name, size_t len, const char *want)
{
	return strlen(want) == len && memcmp(name, want, len) == 0;
}

/* One "name" or "name=value" of an option list.  Only the first pri= counts,
 * as in util-linux (libmount returns the first match); later ones are
 * still checked for typos. */
static int parse_option(const char *opt, size_t len, struct swap_fstab_options *out,
			int *pri_seen)
{
	const char *eq = memchr(opt, '=', len);
	size_t name_len = eq ? (size_t)(eq - opt) : len;
	const char *value = eq ? eq + 1 : NULL;
	size_t value_len = eq ? len - name_len - 1 : 0;

	if (name_is(opt, name_len, "pri")) {
		struct swap_fstab_options later = *out;

		if (!eq)
			return -EINVAL;
		if (!(*pri_seen)++)
			return parse_priority(value, value_len, out);
		return parse_priority(value, value_len, &later);
	}
	if (name_is(opt, name_len, "discard"))
		return parse_discard(value, value_len, eq != NULL, out);
	if (!eq && name_is(opt, name_len, "nofail"))
		out->flags |= SWAP_FSTAB_NOFAIL;
	else if (!eq && name_is(opt, name_len, "noauto"))
		out->flags |= SWAP_FSTAB_NOAUTO;
	/* everything else (sw, defaults, x-systemd.*, ...) is not ours */
	return 0;
}

SWAP_EXPORT int swap_fstab_parse_options(const char *options, struct swap_fstab_options *out)
{
	const char *p = options;
	int pri_seen = 0;

	if (!out)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	if (!options)
		return 0;
	while (*p) {
		size_t len = strcspn(p, ",");

		if (len && parse_option(p, len, out, &pri_seen) < 0)
			return -EINVAL;
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

/*
 * Tag names are matched case-sensitively, as libmount does: "label=x" is a
 * path.  Quotes around a tag value are not removed here (@value must point
 * into @spec); the fstab iterator removes them in its own copy, and on a
 * command line the shell already has.
 */
SWAP_EXPORT int swap_fstab_parse_spec(const char *spec, const char **value)
{
	static const struct { const char *prefix; enum swap_spec_kind kind; } tags[] = {
		{ "LABEL=", SWAP_SPEC_LABEL },
		{ "UUID=", SWAP_SPEC_UUID },
		{ "PARTLABEL=", SWAP_SPEC_PARTLABEL },
		{ "PARTUUID=", SWAP_SPEC_PARTUUID },
	};
	size_t i;

	if (!spec || !value)
		return -EINVAL;
	for (i = 0; i < SWAP_ARRAY_SIZE(tags); i++) {
		size_t n = strlen(tags[i].prefix);

		if (strncmp(spec, tags[i].prefix, n) == 0) {
			if (!spec[n])
				return -EINVAL;
			*value = spec + n;
			return (int)tags[i].kind;
		}
	}
	if (!*spec)
		return -EINVAL;
	*value = spec;
	return SWAP_SPEC_PATH;
}

SWAP_EXPORT int swap_fstab_flags(const struct swap_fstab_options *opts)
{
	unsigned policy;
	int flags = 0;

	if (!opts)
		return 0;
	if (opts->flags & SWAP_FSTAB_PRIORITY)
		flags |= SWAP_FLAG_PREFER |
			 ((opts->priority << SWAP_FLAG_PRIO_SHIFT) & SWAP_FLAG_PRIO_MASK);

	policy = opts->flags & (SWAP_FSTAB_DISCARD_ONCE | SWAP_FSTAB_DISCARD_PAGES);
	if ((opts->flags & SWAP_FSTAB_DISCARD) || policy)
		flags |= SWAP_FLAG_DISCARD;
	/* Both policies at once is what plain discard already does. */
	if (policy == SWAP_FSTAB_DISCARD_ONCE)
		flags |= SWAP_FLAG_DISCARD_ONCE;
	else if (policy == SWAP_FSTAB_DISCARD_PAGES)
		flags |= SWAP_FLAG_DISCARD_PAGES;
	return flags;
}
