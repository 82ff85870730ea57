/*
 * Fuzz harness: the fstab iterator, swap_fstab_parse_options/_parse_spec.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The input is written to a memfd and iterated as /proc/self/fd/N; the raw
 * input (as a C string) also goes to the option and spec parsers.
 * Properties checked:
 *  - open returns 0; next returns 1, 0, -EINVAL (a malformed line: the loop
 *    goes on) or another -errno (the loop stops), and never more results
 *    than the file has bytes, so it cannot spin; close leaves no descriptor;
 *  - every entry has its strings set, the kind and value parse_spec finds
 *    in its spec (a quoted tag value unquoted), a line number within the
 *    file, and options that agree with parsing its option string again;
 *  - parse_options returns 0 (it refuses nothing, as util-linux), and
 *    swap_fstab_flags() is never negative, with a priority of 0..32767;
 *  - parse_spec returns a known kind or -EINVAL, with *value inside the spec
 *    (the spec itself for a path).
 */
#include "fuzz.h"

#include "libswap.h"

static void check_options(const char *options, const struct swap_fstab_options *o)
{
	fuzz_assert((o->flags & ~(SWAP_FSTAB_NOAUTO | SWAP_FSTAB_NOFAIL | SWAP_FSTAB_DISCARD |
				  SWAP_FSTAB_DISCARD_ONCE | SWAP_FSTAB_DISCARD_PAGES |
				  SWAP_FSTAB_PRIORITY)) == 0,
		    "unknown flags %#x for '%s'", o->flags, options);
	fuzz_assert(swap_fstab_flags(o) >= 0, "negative swapon flags for '%s'", options);
	fuzz_assert((swap_fstab_flags(o) & 0x7fff) <= 32767, "priority out of range for '%s'",
		    options);
}

static void check_spec(const char *spec)
{
	const char *value = NULL;
	int kind = swap_fstab_parse_spec(spec, &value);

	if (kind == -EINVAL)
		return;
	fuzz_assert(kind >= SWAP_SPEC_PATH && kind <= SWAP_SPEC_ID,
		    "parse_spec('%s') returned %d", spec, kind);
	fuzz_assert(value != NULL && value >= spec && value <= spec + strlen(spec),
		    "parse_spec('%s'): value outside the spec", spec);
	if (kind == SWAP_SPEC_PATH)
		fuzz_assert(value == spec, "parse_spec('%s'): a path is the spec itself", spec);
}

/* The entry's value is what parse_spec finds in its spec, except that the
 * iterator strips one pair of matching quotes from a tag value (into its
 * own copy). */
static void check_entry_value(const struct swap_fstab_entry *e)
{
	const char *value = NULL;
	int kind = swap_fstab_parse_spec(e->spec, &value);
	size_t n;

	fuzz_assert(kind == (int)e->kind, "entry kind %d, parse_spec('%s') says %d",
		    (int)e->kind, e->spec, kind);
	if (e->value == value)
		return;
	n = strlen(value);
	fuzz_assert(kind != SWAP_SPEC_PATH && n >= 2 && (value[0] == '"' || value[0] == '\'') &&
		    value[n - 1] == value[0] && strlen(e->value) == n - 2 &&
		    memcmp(e->value, value + 1, n - 2) == 0,
		    "entry value '%s' for spec '%s'", e->value, e->spec);
}

static void iterate(const uint8_t *data, size_t size)
{
	size_t results = 0, lines = fuzz_count_lines(data, size);
	struct swap_fstab *it = NULL;
	struct swap_fstab_entry e = SWAP_FSTAB_ENTRY_INIT;
	char path[64];
	int rc, before;

	if (fuzz_file(data, size, path) < 0)
		return;
	before = fuzz_lowest_fd();
	rc = swap_fstab_open(path, &it);
	fuzz_assert(rc == 0, "open of an existing file returned %d", rc);

	for (;;) {
		struct swap_fstab_options again = SWAP_FSTAB_OPTIONS_INIT;

		memset(&e, 0, sizeof(e));
		e.size = sizeof(e);
		rc = swap_fstab_next(it, &e);
		fuzz_assert(++results <= size + 1,
			    "%zu results from %zu bytes: the iterator does not advance",
			    results, size);
		if (rc == -EINVAL)
			continue;	/* a malformed line: the next call goes on */
		if (rc <= 0)
			break;
		fuzz_assert(rc == 1, "next returned %d", rc);
		fuzz_assert(e.spec && e.value && e.options, "entry with a NULL string");
		fuzz_assert(e.line >= 1 && e.line <= lines, "line %u of a %zu-line file",
			    e.line, lines);
		fuzz_assert((int)e.kind >= SWAP_SPEC_PATH && e.kind <= SWAP_SPEC_ID,
			    "kind %d", (int)e.kind);
		check_entry_value(&e);
		check_options(e.options, e.opts);
		memset(&again, 0, sizeof(again));
		again.size = sizeof(again);
		if (swap_fstab_parse_options(e.options, &again) == 0)
			fuzz_assert(again.flags == e.opts->flags &&
				    (!(again.flags & SWAP_FSTAB_PRIORITY) ||
				     again.priority == e.opts->priority),
				    "entry options differ from parsing '%s' again", e.options);
		check_spec(e.spec);
	}
	swap_fstab_close(it);
	fuzz_assert(fuzz_lowest_fd() == before, "close left a file descriptor open");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_strdup(data, size);
	struct swap_fstab_options o = SWAP_FSTAB_OPTIONS_INIT;
	int rc;

	iterate(data, size);

	memset(&o, 0, sizeof(o));
	o.size = sizeof(o);
	rc = swap_fstab_parse_options(text, &o);
	fuzz_assert(rc == 0, "parse_options returned %d", rc);
	check_options(text, &o);
	check_spec(text);
	free(text);
	return 0;
}
