/*
 * test-procswaps.c - unit tests of the /proc/swaps reader.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <unistd.h>

#include "libswap.h"
#include "tap.h"

#define SWAP_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

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
	struct swap_procswaps_entry e = SWAP_PROCSWAPS_ENTRY_INIT;
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
	struct swap_procswaps_entry e = SWAP_PROCSWAPS_ENTRY_INIT;

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

/* The skipped line numbers so far, as "2,3,6" ("" for none). */
static const char *skipped(struct swap_procswaps *it)
{
	static char buf[256];
	const unsigned *lines;
	int i, n = swap_procswaps_skipped(it, &lines);
	size_t len = 0;

	buf[0] = '\0';
	for (i = 0; i < n && len < sizeof(buf) - 16; i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%u", i ? "," : "",
					lines[i]);
	return buf;
}

/* Malformed lines are skipped by the iterator itself, and numbered. */
static void test_malformed(void)
{
	struct swap_procswaps *it = NULL;

	is_int(swap_procswaps_open(fixture("swaps-malformed"), &it), 0, "open swaps-malformed");
	if (!it)
		return;
	is_int(swap_procswaps_skipped(it, NULL), 0, "nothing skipped before reading");
	/* missing fields (2), size not a number (3) */
	entry_is(it, "/dev/sda4", "partition", 100, 0, -2, 0);	/* and the blank line after */
	is_str(skipped(it), "2,3", "lines 2 and 3 skipped before /dev/sda4");
	/* size over u64 (6), negative size (7), priority with garbage (8) */
	entry_is(it, "/dev/sda8", "verylongtypename1", 100, 0, -2, 0);	/* any type length */
	entry_is(it, "/dev/sda9", "partition", UINT64_MAX, UINT64_MAX, -2147483647 - 1, 0);
	/* priority over INT_MAX (11) */
	next_is(it, 0, "end of swaps-malformed");
	is_str(skipped(it), "2,3,6,7,8,11", "every malformed line numbered, in order");
	is_int(swap_procswaps_skipped(it, NULL), 6, "six lines skipped");
	is_int(swap_procswaps_skipped(NULL, NULL), -EINVAL, "skipped(NULL)");
	swap_procswaps_close(it);
}

/* Write @text (@len bytes) to a temp file; returns its path (static). */
static const char *temp_swaps(const char *text, size_t len)
{
	static char path[64];
	int fd;

	snprintf(path, sizeof(path), "/tmp/test-procswaps.XXXXXX");
	fd = mkstemp(path);
	if (fd < 0)
		return NULL;
	if (write(fd, text, len) != (ssize_t)len) {
		close(fd);
		unlink(path);
		return NULL;
	}
	close(fd);
	return path;
}

/* A name of @len bytes (unescaped): "/d/d/d..." with a space at every
 * 100th byte, written as "\040" when @escaped. */
static char *long_name(size_t len, int escaped)
{
	char *s = malloc(len * 4 + 1);
	size_t i, n = 0;

	if (!s)
		abort();
	s[n++] = '/';
	for (i = 1; i < len; i++) {
		if (i % 100 == 51)
			n += (size_t)sprintf(s + n, "%s", escaped ? "\\040" : " ");
		else
			s[n++] = i % 2 ? 'd' : '/';
	}
	s[n] = '\0';
	return s;
}

/* Names of any length: no fixed-size buffer anywhere (issue 17). */
static void test_long_names(void)
{
	static const size_t lens[] = { 4095, 4096, 4097, 5000, 70000, 200000 };
	struct swap_procswaps *it = NULL;
	size_t i, total = 0;
	char *text, *p;
	const char *path;

	for (i = 0; i < SWAP_ARRAY_LEN(lens); i++)
		total += lens[i] * 4 + 64;
	text = p = malloc(total + 256);
	if (!text)
		abort();
	p += sprintf(p, "Filename\tType\tSize\tUsed\tPriority\n");
	for (i = 0; i < SWAP_ARRAY_LEN(lens); i++) {
		char *name = long_name(lens[i], 1);

		p += sprintf(p, "%s file %zu 0 -%zu\n", name, i + 1, i + 2);
		free(name);
	}
	p += sprintf(p, "/x\\040(deleted) file 3 0 -4\n");
	p += sprintf(p, "\\040(deleted) file 4 0 -5\n");
	p += sprintf(p, "/cut file 5 0 -327");	/* cut short: no final newline */
	path = temp_swaps(text, (size_t)(p - text));
	free(text);
	ok(path != NULL, "temp file");
	if (!path)
		return;
	is_int(swap_procswaps_open(path, &it), 0, "open long-names file");
	if (it) {
		for (i = 0; i < SWAP_ARRAY_LEN(lens); i++) {
			char *name = long_name(lens[i], 0);
			struct swap_procswaps_entry e = SWAP_PROCSWAPS_ENTRY_INIT;

			is_int(swap_procswaps_next(it, &e), 1, "a %zu-byte name is read", lens[i]);
			ok(e.name && strcmp(e.name, name) == 0, "  and unescaped whole");
			is_int(e.priority, -(int)(i + 2), "  with its own fields");
			free(name);
		}
		entry_is(it, "/x", "file", 3, 0, -4, 1);
		entry_is(it, " (deleted)", "file", 4, 0, -5, 0);
		next_is(it, 0, "a last line without its newline was cut short: skipped");
		is_str(skipped(it), "10", "the cut line is counted");
		swap_procswaps_close(it);
	}
	unlink(path);
}

/* The caller's struct size: fields past it are never written. */
static void test_entry_size(void)
{
	static const char text[] =
		"Filename Type Size Used Priority\n/a file 7 1 -2\n/b file 8 2 -3\n";
	const char *path = temp_swaps(text, sizeof(text) - 1);
	struct swap_procswaps *it = NULL;
	struct {
		struct swap_procswaps_entry e;
		unsigned char guard[16];
	} big;
	struct swap_procswaps_entry e = { 0 };
	size_t old = offsetof(struct swap_procswaps_entry, used_kib);

	if (!path || swap_procswaps_open(path, &it) < 0) {
		ok(0, "open the entry-size fixture");
		return;
	}
	is_int(swap_procswaps_next(it, &e), -EINVAL, "size 0 (caller forgot): -EINVAL");
	memset(&big, 0xa5, sizeof(big));
	big.e.size = old;	/* a program built when the struct ended at size_kib */
	is_int(swap_procswaps_next(it, &big.e), 1, "a smaller struct is filled");
	is_str(big.e.name, "/a", "  its name");
	is_int(big.e.size_kib, 7, "  its size_kib");
	is_int(big.e.size, old, "  its size is left as set");
	ok(big.e.used_kib == 0xa5a5a5a5a5a5a5a5ull && big.e.priority == (int)0xa5a5a5a5,
	   "  fields past its size are not written");
	big.e.size = sizeof(big.e);
	is_int(swap_procswaps_next(it, &big.e), 1, "the full struct");
	is_int(big.e.priority, -3, "  every field");
	ok(big.guard[0] == 0xa5 && big.guard[15] == 0xa5, "  nothing past the struct");
	swap_procswaps_close(it);
	unlink(path);
}

/* Only a regular file is read, and only so much of it (issue 17). */
static void test_bounds(void)
{
	char dir[] = "/tmp/test-procswaps.XXXXXX", fifo[64];
	struct swap_procswaps *it = NULL;
	struct swap_procswaps_entry e = SWAP_PROCSWAPS_ENTRY_INIT;
	char *text;
	size_t n = 0, len = 17u << 20;
	const char *path;
	int rc;

	ok(mkdtemp(dir) != NULL, "temp dir");
	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	ok(mkfifo(fifo, 0600) == 0, "fifo");
	is_int(swap_procswaps_open(fifo, &it), -ENODEV, "a FIFO is refused at once");
	is_int(swap_procswaps_open("/dev/zero", &it), -ENODEV, "/dev/zero is refused");
	is_int(swap_procswaps_open(dir, &it), -EISDIR, "a directory is refused");
	unlink(fifo);
	rmdir(dir);

	/* 17 MiB of valid lines: over the 16 MiB bound. */
	text = malloc(len + 64);
	if (!text)
		abort();
	while (n < len)
		n += (size_t)sprintf(text + n, "/dev/sdz partition 1 0 -2\n");
	path = temp_swaps(text, n);
	free(text);
	if (!path || swap_procswaps_open(path, &it) < 0) {
		ok(0, "open the 17 MiB fixture");
		return;
	}
	while ((rc = swap_procswaps_next(it, &e)) == 1)
		;
	is_int(rc, -EFBIG, "reading stops with -EFBIG past 16 MiB");
	is_int(swap_procswaps_next(it, &e), -EFBIG, "and stays stopped");
	swap_procswaps_close(it);
	unlink(path);

	/* A line over 1 MiB is skipped whole; the next one counts. */
	text = malloc((2u << 20) + 64);
	if (!text)
		abort();
	n = (size_t)sprintf(text, "/");
	memset(text + n, 'a', 2u << 20);
	n += 2u << 20;
	n += (size_t)sprintf(text + n, " file 1 0 -2\n/ok file 2 0 -3\n");
	path = temp_swaps(text, n);
	free(text);
	if (!path || swap_procswaps_open(path, &it) < 0) {
		ok(0, "open the long-line fixture");
		return;
	}
	entry_is(it, "/ok", "file", 2, 0, -3, 0);
	is_str(skipped(it), "1", "the 2 MiB line is skipped and counted");
	swap_procswaps_close(it);
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
		struct swap_procswaps_entry e = SWAP_PROCSWAPS_ENTRY_INIT;
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
	test_entry_size();
	test_bounds();
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
