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
	struct swap_fstab_options opts;	/* e->opts of the current entry */
};

/*
 * Why not getmntent_r(3): it cannot tell which line an entry came from and
 * silently drops lines it cannot split.  We read lines ourselves and split
 * them by getmntent's rules: blank lines and lines whose first non-blank is
 * '#' are skipped, fields are separated by runs of spaces and tabs, and
 * \040 \011 \012 \134 (and "\\") are decoded in each field.
 */

/*
 * Only a regular file is read: a FIFO, /dev/zero or a terminal given as
 * the fstab (-T, LIBMOUNT_FSTAB) is refused before a byte is read, as
 * libmount refuses what is neither a file nor a directory, instead of
 * hanging or growing without bound.  textfile bounds the reading (16 MiB
 * in all, 1 MiB a line).
 */
SWAP_EXPORT int swap_fstab_open(const char *path, struct swap_fstab **it)
{
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

/* The dump and pass fields, when present, are numbers as libmount reads
 * them (strtol, and nothing after the digits). */
static int s32_or_absent(const char *field)
{
	char *end = NULL;

	if (!field)
		return 1;
	errno = 0;
	(void)strtol(field, &end, 10);
	return end != field && errno == 0 && *end == '\0';
}

/*
 * Fill @e from the fields of one line.  Returns: 1 for a swap entry, 0 for
 * another type, -EINVAL for a line without the three fields every entry
 * needs or whose dump/pass field is not a number (libmount's parse
 * errors), or for a swap entry with an empty tag ("LABEL=", LABEL="").
 */
static int parse_entry(struct swap_fstab *it, struct swap_fstab_entry *e)
{
	char *cursor = it->file.line;
	char *spec = next_field(&cursor);
	char *dir = next_field(&cursor);	/* "none": swap has no mount point */
	char *type = dir ? next_field(&cursor) : NULL;
	char *options = next_field(&cursor);
	char *freq = options ? next_field(&cursor) : NULL;
	char *passno = freq ? next_field(&cursor) : NULL;
	const char *value;
	int kind;

	/* set before any refusal: a caller names the line by them */
	e->spec = spec;
	e->options = options;
	if (!type || !s32_or_absent(freq) || !s32_or_absent(passno))
		return -EINVAL;
	if (strcmp(type, "swap") != 0)
		return 0;
	if (!options)
		e->options = "";
	kind = swap_fstab_parse_spec(spec, &value);
	if (kind < 0)
		return kind;
	e->kind = (enum swap_spec_kind)kind;
	e->value = kind == SWAP_SPEC_PATH ? value : unquote(it, value);
	if (!e->value)
		return -ENOMEM;
	if (!*e->value)
		return -EINVAL;
	it->opts.size = sizeof(it->opts);
	swap_fstab_parse_options(e->options, &it->opts);
	e->opts = &it->opts;
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
	if (!it || !sized_ok(e))
		return -EINVAL;
	for (;;) {
		struct swap_fstab_entry full = SWAP_FSTAB_ENTRY_INIT;
		int rc;

		rc = textfile_next(&it->file);
		if (rc <= 0)
			return rc;
		if (is_comment_or_blank(it->file.line))
			continue;
		full.line = it->file.lineno;
		rc = it->file.too_long ? -EINVAL	/* over 1 MiB: not an fstab line */
				       : parse_entry(it, &full);
		if (rc != 0) {
			sized_store(e, &full, sizeof(full));
			return rc;
		}
	}
}

/* ------------------------------------------------------------- options */

/*
 * Options are read as util-linux's swapon reads them (through libmount's
 * mnt_optstr_get_option, which returns the FIRST option of a name):
 *  - pri=N: strtol(3) in base 10, accepted when at least one digit was read
 *    and the value fits a long; the rest of the value is ignored, so
 *    "pri=5x" is 5, while "pri=abc", "pri=" and a bare "pri" leave the
 *    priority alone.  The value is cast to int as util-linux casts it.  A
 *    negative value means "the kernel chooses" (see swap_fstab_flags).
 *  - discard[=P]: the value is prefix-matched with strncmp(P, "once", len)
 *    and strncmp(P, "pages", len), so "discard=o" is once, "discard=" is
 *    both (plain discard) and any other value plain discard.
 *  - nofail, noauto: by name, with or without a value.
 * Only the first option of each name counts: "pri=1,pri=2" is 1.
 */
struct option_span {
	const char *value;	/* NULL: no '=' */
	size_t value_len;
};

/* The first option called @name in @options.  Returns 1 when found. */
static int find_option(const char *options, const char *name, struct option_span *out)
{
	size_t want = strlen(name);
	const char *p = options;

	while (*p) {
		size_t len = strcspn(p, ",");
		const char *eq = memchr(p, '=', len);
		size_t name_len = eq ? (size_t)(eq - p) : len;

		if (name_len == want && memcmp(p, name, want) == 0) {
			out->value = eq ? eq + 1 : NULL;
			out->value_len = eq ? len - name_len - 1 : 0;
			return 1;
		}
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

static void parse_priority(const struct option_span *o, struct swap_fstab_options *out)
{
	char buf[64], *end = NULL;
	size_t n;
	long v;

	if (!o->value)
		return;
	/* strtol needs a NUL: a value longer than any long still fails ERANGE */
	n = o->value_len < sizeof(buf) - 1 ? o->value_len : sizeof(buf) - 1;
	memcpy(buf, o->value, n);
	buf[n] = '\0';
	errno = 0;
	v = strtol(buf, &end, 10);
	if (errno == 0 && end > buf) {
		out->flags |= SWAP_FSTAB_PRIORITY;
		out->priority = (int)v;
	}
}

static void parse_discard(const struct option_span *o, struct swap_fstab_options *out)
{
	out->flags |= SWAP_FSTAB_DISCARD;
	if (!o->value)
		return;
	if (strncmp(o->value, "once", o->value_len) == 0)
		out->flags |= SWAP_FSTAB_DISCARD_ONCE;
	if (strncmp(o->value, "pages", o->value_len) == 0)
		out->flags |= SWAP_FSTAB_DISCARD_PAGES;
}

static void parse_options(const char *options, struct swap_fstab_options *out)
{
	struct option_span o;

	if (find_option(options, "pri", &o))
		parse_priority(&o, out);
	if (find_option(options, "discard", &o))
		parse_discard(&o, out);
	if (find_option(options, "nofail", &o))
		out->flags |= SWAP_FSTAB_NOFAIL;
	if (find_option(options, "noauto", &o))
		out->flags |= SWAP_FSTAB_NOAUTO;
}

SWAP_EXPORT int swap_fstab_parse_options(const char *options, struct swap_fstab_options *opts)
{
	struct swap_fstab_options full = SWAP_FSTAB_OPTIONS_INIT;

	if (!sized_ok(opts))
		return -EINVAL;
	if (options)
		parse_options(options, &full);
	sized_store(opts, &full, sizeof(full));
	return 0;
}

/* Options a swap line may carry without util-linux ignoring them by
 * surprise: the ones swapon reads, and the generic ones every fstab line
 * may have ("x-*" and "comment=" belong to other programs). */
static int known_option(const char *name, size_t len)
{
	static const char *const known[] = {
		"defaults", "sw", "rw", "auto", "noauto", "nofail", "pri", "discard",
	};
	size_t i;

	if ((len >= 2 && memcmp(name, "x-", 2) == 0) ||
	    (len == 7 && memcmp(name, "comment", 7) == 0))
		return 1;
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strlen(known[i]) == len && memcmp(known[i], name, len) == 0)
			return 1;
	return 0;
}

static unsigned verify_priority(const struct option_span *o)
{
	char buf[64], *end = NULL;
	size_t n;
	long v;

	if (!o->value || o->value_len == 0)
		return SWAP_FSTAB_WARN_PRI_INVALID;
	n = o->value_len < sizeof(buf) - 1 ? o->value_len : sizeof(buf) - 1;
	memcpy(buf, o->value, n);
	buf[n] = '\0';
	errno = 0;
	v = strtol(buf, &end, 10);
	if (errno != 0 || end == buf)
		return SWAP_FSTAB_WARN_PRI_INVALID;
	if ((size_t)(end - buf) != o->value_len)
		return SWAP_FSTAB_WARN_PRI_TRAILING;
	if (v < -1 || v > 32767)
		return SWAP_FSTAB_WARN_PRI_RANGE;
	return 0;
}

static unsigned verify_discard(const struct option_span *o)
{
	if (!o->value)
		return 0;
	if ((o->value_len == 4 && memcmp(o->value, "once", 4) == 0) ||
	    (o->value_len == 5 && memcmp(o->value, "pages", 5) == 0))
		return 0;
	if (o->value_len > 0 && (strncmp(o->value, "once", o->value_len) == 0 ||
				 strncmp(o->value, "pages", o->value_len) == 0))
		return SWAP_FSTAB_WARN_DISCARD_ABBREV;
	return SWAP_FSTAB_WARN_DISCARD_UNKNOWN;
}

/*
 * The option at @offset is checked against what swap_fstab_parse_options
 * (util-linux) makes of it; the same name earlier in @options makes it
 * ignored (only the first of a name counts).
 */
SWAP_EXPORT int swap_fstab_verify_option(const char *options, size_t offset, size_t *len)
{
	const char *p, *eq;
	size_t n, name_len;
	struct option_span o;
	char name[64];

	if (!options || !len || offset > strlen(options))
		return -EINVAL;
	p = options + offset;
	n = strcspn(p, ",");
	*len = n;
	if (n == 0)
		return 0;
	eq = memchr(p, '=', n);
	name_len = eq ? (size_t)(eq - p) : n;
	if (!known_option(p, name_len))
		return SWAP_FSTAB_WARN_UNKNOWN;
	if (name_len >= sizeof(name))
		return SWAP_FSTAB_WARN_UNKNOWN;
	memcpy(name, p, name_len);
	name[name_len] = '\0';
	/* only the first option of a name counts: is it this one? */
	{
		const char *q = options;

		while (*q) {
			size_t l = strcspn(q, ",");
			const char *e2 = memchr(q, '=', l);
			size_t nl = e2 ? (size_t)(e2 - q) : l;

			if (nl == name_len && memcmp(q, name, nl) == 0) {
				if (q != p)
					return SWAP_FSTAB_WARN_REPEATED;
				break;
			}
			q += l;
			if (*q == ',')
				q++;
		}
	}
	o.value = eq ? eq + 1 : NULL;
	o.value_len = eq ? n - name_len - 1 : 0;
	if (strcmp(name, "pri") == 0)
		return (int)verify_priority(&o);
	if (strcmp(name, "discard") == 0)
		return (int)verify_discard(&o);
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
		{ "ID=", SWAP_SPEC_ID },
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

SWAP_EXPORT int swap_fstab_flags(const struct swap_fstab_options *in)
{
	struct swap_fstab_options full, *opts = &full;
	unsigned policy;
	int flags = 0;

	if (!sized_ok(in))
		return 0;
	sized_load(&full, sizeof(full), in);
	/* A negative priority leaves the choice to the kernel; above the
	 * mask it is clamped, as util-linux does. */
	if ((opts->flags & SWAP_FSTAB_PRIORITY) && opts->priority >= 0)
		flags |= SWAP_FLAG_PREFER |
			 (opts->priority > PRIORITY_MAX ? PRIORITY_MAX : opts->priority);

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
