/*
 * test-procswaps.c - unit tests of the /proc/swaps reader.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "libswap.h"
#include "tap.h"

static const char *testdata;

static void unescape_is(const char *in, const char *want)
{
	char out[64];
	int rc = swap_procswaps_unescape(in, out, sizeof(out));

	is_str(rc >= 0 ? out : "(error)", want, "unescape '%s'", in);
	is_int(rc, strlen(want), "unescape '%s' returns the length", in);
}

static void test_unescape(void)
{
	char small[5];

	unescape_is("/dev/sda2", "/dev/sda2");
	unescape_is("/tmp/my\\040swap", "/tmp/my swap");
	unescape_is("a\\011b\\012c\\134d", "a\tb\nc\\d");
	unescape_is("\\040\\040", "  ");
	unescape_is("x\\", "x\\");		/* trailing backslash kept */
	unescape_is("x\\04", "x\\04");		/* short escape kept */
	unescape_is("x\\09a", "x\\09a");	/* not octal */
	unescape_is("x\\000y", "x\\000y");	/* would cut the name */
	unescape_is("x\\400", "x\\400");	/* above 0377 */
	unescape_is("x\\101", "xA");		/* any octal byte */
	unescape_is("", "");

	is_int(swap_procswaps_unescape("abcd", small, sizeof(small)), 4, "exact fit");
	is_int(swap_procswaps_unescape("abcde", small, sizeof(small)), -ENAMETOOLONG, "one too long");
	is_str(small, "", "output is empty after -ENAMETOOLONG");
	is_int(swap_procswaps_unescape("a\\040b\\040", small, sizeof(small)), 4,
	       "escapes count once decoded");
	is_int(swap_procswaps_unescape("x", small, 0), -EINVAL, "zero length");
	is_int(swap_procswaps_unescape(NULL, small, 5), -EINVAL, "NULL input");
}

static char *fixture(const char *name)
{
	static char path[4096];

	snprintf(path, sizeof(path), "%s/proc/%s", testdata, name);
	return path;
}

static void entry_is(struct swap_procswaps *it, const char *name, const char *type,
		     uint64_t size, uint64_t used, int prio, int deleted)
{
	struct swap_procswaps_entry e;
	int rc = swap_procswaps_next(it, &e);

	is_int(rc, 1, "entry %s", name);
	if (rc != 1)
		return;
	is_str(e.name, name, "  name");
	is_str(e.type, type, "  type of %s", name);
	is_int(e.size_kib, size, "  size of %s", name);
	is_int(e.used_kib, used, "  used of %s", name);
	is_int(e.priority, prio, "  priority of %s", name);
	is_int(e.deleted, deleted, "  deleted flag of %s", name);
}

static void next_is(struct swap_procswaps *it, int want, const char *what)
{
	struct swap_procswaps_entry e;

	is_int(swap_procswaps_next(it, &e), want, "%s", what);
}

static void test_current_kernel(void)
{
	struct swap_procswaps *it = NULL;

	is_int(swap_procswaps_open(fixture("swaps-6.18"), &it), 0, "open swaps-6.18");
	if (!it)
		return;
	entry_is(it, "/dev/nvme0n1p3", "partition", 16777212, 1048576, -2, 0);
	entry_is(it, "/swapfile", "file", 4194300, 0, -3, 0);
	entry_is(it, "/tmp/my swap.swap", "file", 65532, 0, 10, 0);
	entry_is(it, "/var/tmp/back\\slash\ttab\nnl", "file", 40956, 12, -4, 0);
	entry_is(it, "/tmp/gone.swap", "file", 65532, 1024, -5, 1);
	entry_is(it, "/dev/zram0", "partition", 8388604, 0, 100, 0);
	next_is(it, 0, "end of swaps-6.18");
	next_is(it, 0, "end stays the end");
	swap_procswaps_close(it);
}

static void test_old_kernel(void)
{
	struct swap_procswaps *it = NULL;

	is_int(swap_procswaps_open(fixture("swaps-2.6-tabs"), &it), 0, "open swaps-2.6-tabs");
	if (!it)
		return;
	entry_is(it, "/dev/sda2", "partition", 4128760, 8532, -1, 0);
	entry_is(it, "/dev/sdb1", "partition", 2097144, 0, 5, 0);
	next_is(it, 0, "end of swaps-2.6-tabs");
	swap_procswaps_close(it);
}

static void test_empty(void)
{
	struct swap_procswaps *it = NULL;

	is_int(swap_procswaps_open(fixture("swaps-empty"), &it), 0, "open swaps-empty");
	if (!it)
		return;
	next_is(it, 0, "header only: no entries");
	swap_procswaps_close(it);
}

static void test_malformed(void)
{
	struct swap_procswaps *it = NULL;

	is_int(swap_procswaps_open(fixture("swaps-malformed"), &it), 0, "open swaps-malformed");
	if (!it)
		return;
	next_is(it, -EINVAL, "missing fields");
	next_is(it, -EINVAL, "size not a number");
	entry_is(it, "/dev/sda4", "partition", 100, 0, -2, 0);	/* and the blank line after */
	next_is(it, -EINVAL, "size over u64");
	next_is(it, -EINVAL, "negative size");
	next_is(it, -EINVAL, "priority with garbage");
	next_is(it, -EINVAL, "type longer than 15");
	entry_is(it, "/dev/sda9", "partition", UINT64_MAX, UINT64_MAX, -2147483647 - 1, 0);
	next_is(it, -EINVAL, "priority over INT_MAX");
	next_is(it, 0, "end of swaps-malformed");
	swap_procswaps_close(it);
}

/* Names at the limit of e->name, written to a temp file. */
static void test_long_names(void)
{
	char path[] = "/tmp/test-procswaps.XXXXXX";
	struct swap_procswaps *it = NULL;
	static char fits[4096], too_long[4097];
	int fd = mkstemp(path);
	FILE *fp;

	ok(fd >= 0, "temp file");
	if (fd < 0)
		return;
	fp = fdopen(fd, "w");
	fits[0] = too_long[0] = '/';
	memset(fits + 1, 'a', sizeof(fits) - 2);
	memset(too_long + 1, 'b', sizeof(too_long) - 2);
	fprintf(fp, "Filename\tType\tSize\tUsed\tPriority\n");
	fprintf(fp, "%s file 1 0 -2\n", too_long);
	fprintf(fp, "%s file 2 0 -3\n", fits);
	fprintf(fp, "/x\\040(deleted) file 3 0 -4\n");
	fprintf(fp, "\\040(deleted) file 4 0 -5\n");
	fprintf(fp, "/cut file 5 0 -327");	/* cut short: no final newline */
	fclose(fp);

	is_int(swap_procswaps_open(path, &it), 0, "open long-names file");
	if (it) {
		next_is(it, -ENAMETOOLONG, "4096-byte name is too long");
		entry_is(it, fits, "file", 2, 0, -3, 0);
		entry_is(it, "/x", "file", 3, 0, -4, 1);
		entry_is(it, " (deleted)", "file", 4, 0, -5, 0);
		next_is(it, -EINVAL, "a last line without its newline was cut short");
		next_is(it, 0, "end of long-names file");
		swap_procswaps_close(it);
	}
	unlink(path);
}

static void test_errors(void)
{
	struct swap_procswaps *it = NULL;

	is_int(swap_procswaps_open("/nonexistent/swaps", &it), -ENOENT, "missing file");
	ok(it == NULL, "no iterator after a failed open");
	is_int(swap_procswaps_open(NULL, NULL), -EINVAL, "NULL iterator pointer");
	is_int(swap_procswaps_next(NULL, NULL), -EINVAL, "next on NULL");
	swap_procswaps_close(NULL);
	ok(1, "close(NULL) is a no-op");

	/* The real file is always there on Linux; it may list nothing. */
	if (swap_procswaps_open(NULL, &it) == 0) {
		struct swap_procswaps_entry e;
		int rc;

		while ((rc = swap_procswaps_next(it, &e)) == 1)
			;
		is_int(rc, 0, "real /proc/swaps reads to the end");
		swap_procswaps_close(it);
	} else {
		tap_skip("no /proc/swaps");
	}
}

int main(void)
{
	testdata = getenv("TESTDATA");
	test_unescape();
	test_long_names();
	test_errors();
	if (testdata) {
		test_current_kernel();
		test_old_kernel();
		test_empty();
		test_malformed();
	} else {
		tap_skip("TESTDATA not set: fixture tests");
	}
	return done_testing();
}
