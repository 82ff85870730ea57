/*
 * test-meminfo.c - unit tests of the /proc/meminfo parser and free's figures.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <unistd.h>

#include "libswap.h"
#include "tap.h"

static const char *testdata;

/*
 * What procps-ng 4.0.2 `free -w -l -t -v` prints for each fixture (run in a
 * private mount namespace with the fixture bound over /proc/meminfo; see
 * tests/data/README.parsers).  Columns: total used free shared buffers
 * cache available / low / high / swap / commit.
 */
struct expect {
	const char *file;
	unsigned have;
	uint64_t total, used, free, shared, buffers, cache, available, buff_cache;
	uint64_t low_total, low_used, low_free;
	uint64_t high_total, high_used, high_free;
	uint64_t swap_total, swap_used, swap_free;
	uint64_t commit_limit, committed;
	int64_t commit_free;
};

#define A SWAP_MEMINFO_HAVE_AVAILABLE
#define L SWAP_MEMINFO_HAVE_LOW
#define H SWAP_MEMINFO_HAVE_HIGH
#define R SWAP_MEMINFO_HAVE_SRECLAIMABLE
#define C SWAP_MEMINFO_HAVE_COMMIT

static const struct expect expected[] = {
	{ "meminfo-6.18-noswap", A | R | C,
	  24684096, 349196, 24271892, 8788, 2348, 300064, 24334900, 302412,
	  24684096, 412204, 24271892, 0, 0, 0, 0, 0, 0,
	  12342048, 65676, 12276372 },
	{ "meminfo-6.18-swap-overcommit", A | R | C,
	  24684096, 21600000, 912344, 8788, 2348, 300064, 3084096, 302412,
	  24684096, 23771752, 912344, 0, 0, 0, 8388604, 2097152, 6291452,
	  12342048, 31000000, -18657952 },
	/* no MemAvailable: available = MemFree, used = total - free */
	{ "meminfo-2.6.32-noavail", R | C,
	  2054468, 1902896, 151572, 18348, 207920, 1373324, 151572, 1581244,
	  2054468, 1902896, 151572, 0, 0, 0, 4128760, 8532, 4120228,
	  5156992, 558644, 4598348 },
	{ "meminfo-i686-highmem", A | L | H | R | C,
	  3106620, 824656, 1542512, 41304, 84628, 760160, 2281964, 844788,
	  879476, 340436, 539040, 2227144, 1223672, 1003472, 3145724, 0, 3145724,
	  4699032, 3110416, 1588616 },
	{ "meminfo-4tib", A | R | C,
	  4294967296, 644245095, 1717986918, 214748364, 104857600, 2018634628,
	  3650722201, 2123492228,
	  4294967296, 2576980378, 1717986918, 0, 0, 0,
	  68719476736, 536870912, 68182605824,
	  70866960384, 2576980377, 68289980007 },
	/* MemAvailable > MemTotal falls back to MemFree; SwapFree > SwapTotal
	 * is kept as given with 0 used (free prints it as -1) */
	{ "meminfo-lxcfs-distorted", A | R | C,
	  4194304, 1048576, 3145728, 65536, 0, 524288, 3145728, 524288,
	  4194304, 1048576, 3145728, 0, 0, 0, 1048576, 0, UINT64_MAX,
	  2097152, 4194304, -2097152 },
	/* unknown keys ignored, MemAvailable 0 means MemFree */
	{ "meminfo-unknown-keys", A | R | C,
	  8000000, 7000000, 1000000, 10000, 500000, 2100000, 1000000, 2600000,
	  8000000, 7000000, 1000000, 0, 0, 0, 0, 0, 0,
	  4000000, 1000000, 3000000 },
};

static void check_fixture(const struct expect *x)
{
	char path[4096];
	struct swap_meminfo m = SWAP_MEMINFO_INIT;
	int rc;

	snprintf(path, sizeof(path), "%s/proc/%s", testdata, x->file);
	rc = swap_meminfo_read(path, &m);
	is_int(rc, 0, "read %s", x->file);
	if (rc)
		return;
	is_int(m.have, x->have, "  have flags");
	is_int(m.mem_total, x->total, "  Mem total");
	is_int(m.mem_used, x->used, "  Mem used");
	is_int(m.mem_free, x->free, "  Mem free");
	is_int(m.shmem, x->shared, "  shared");
	is_int(m.buffers, x->buffers, "  buffers");
	is_int(m.main_cache, x->cache, "  cache");
	is_int(m.buff_cache, x->buff_cache, "  buff/cache");
	is_int(m.mem_available, x->available, "  available");
	is_int(m.low_total, x->low_total, "  Low total");
	is_int(m.low_used, x->low_used, "  Low used");
	is_int(m.low_free, x->low_free, "  Low free");
	is_int(m.high_total, x->high_total, "  High total");
	is_int(m.high_used, x->high_used, "  High used");
	is_int(m.high_free, x->high_free, "  High free");
	ok(m.swap_total == x->swap_total && m.swap_used == x->swap_used &&
	   m.swap_free == x->swap_free, "  Swap total/used/free");
	is_int(m.commit_limit, x->commit_limit, "  Comm total");
	is_int(m.committed_as, x->committed, "  Comm used");
	is_int(m.commit_free, x->commit_free, "  Comm free (signed)");
	/* free -t's Total row: RAM + swap, wrapping as procps' sums do */
	ok(m.sum_total == x->total + x->swap_total && m.sum_used == x->used + x->swap_used &&
	   m.sum_free == x->free + x->swap_free, "  Total total/used/free");
}

static int parse(const char *text, struct swap_meminfo *m)
{
	return swap_meminfo_parse(text, strlen(text), m);
}

/*
 * procps-ng 4.0.x reads meminfo with strtoul and no checks: every case
 * below prints numbers, never an error (the figures were checked against
 * /usr/bin/free 4.0.2 on the same text, see tests/bats/free.bats).
 */
static void test_parse(void)
{
	struct swap_meminfo m = SWAP_MEMINFO_INIT;

	is_int(parse("", &m), -ENODATA, "empty text");
	is_int(parse("MemTotal: 100 kB\n", &m), 0, "MemFree missing");
	is_int(m.mem_free, 0, "  MemFree reads 0");
	is_int(m.mem_used, 100, "  used = total - free");
	is_int(parse("MemFree: 100 kB\n", &m), 0, "MemTotal missing");
	ok((int64_t)m.mem_used == -100, "  used is -100, as procps prints it");
	is_int(parse("MemTotal: abc kB\nMemFree: 1 kB\n", &m), 0, "garbage value");
	is_int(m.mem_total, 0, "  garbage reads 0");
	is_int(parse("MemTotal:\nMemFree: 1 kB\n", &m), 0, "no value");
	is_int(m.mem_total, 0, "  no value reads 0");
	is_int(m.mem_free, 1, "  the next line is still read");
	is_int(parse("MemTotal:\n 1000 kB\nMemFree: 500 kB\n", &m), 0, "value on the next line");
	is_int(m.mem_total, 1000, "  strtoul skips the newline");
	is_int(m.mem_free, 0, "  and the next key is lost, as in procps");
	is_int(parse("MemTotal: -5 kB\nMemFree: 1 kB\n", &m), 0, "negative value");
	ok(m.mem_total == UINT64_MAX - 4, "  -5 wraps as strtoul wraps it");
	is_int(parse("MemTotal: 5 kB junk\nMemFree: +1 MB\n", &m), 0, "trailing junk, sign");
	is_int(m.mem_total, 5, "  MemTotal");
	is_int(m.mem_free, 1, "  MemFree");
	is_int(parse("MemTotal: 99999999999999999999999 kB\nMemFree: 1 kB\n", &m), 0,
	       "value far over u64");
	ok(m.mem_total == UINT64_MAX, "  saturates at UINT64_MAX");
	is_int(parse("MemTotal: 18446744073709551616\nMemFree: 1 kB\n", &m), 0, "u64 max + 1");
	ok(m.mem_total == UINT64_MAX, "  saturates at UINT64_MAX");

	/* issue 17: MemTotal = 2^64-1: total - available is negative as a
	 * signed long, so procps takes total - free, which is -501 */
	is_int(parse("MemTotal: 18446744073709551615 kB\nMemFree: 500 kB\n"
		     "MemAvailable: 600 kB\n", &m), 0, "MemTotal u64 max");
	ok(m.mem_total == UINT64_MAX, "  kept exactly");
	is_int(m.mem_available, 600, "  available kept");
	ok((int64_t)m.mem_used == -501, "  used = total - free = -501");

	is_int(parse("MemTotal:1000\nMemFree:\t 200 kB \r\nCached: 5\n", &m), 0,
	       "tight, tabs, CRLF, no unit");
	is_int(m.mem_free, 200, "  MemFree");
	is_int(m.cached, 5, "  Cached");

	is_int(parse("Foo: bar baz\nMemTotal: 1000 kB\n: 7\nno colon here\n\n"
		     "MemFree: 100 kB\nSwapCached: 77 kB\nCachedX: 9 kB\nM: 1\nmemtotal: 5\n"
		     "\xff\xfe: 1\nBuffers: 3\n", &m), 0, "unknown keys, odd lines ignored");
	is_int(m.mem_total, 1000, "  MemTotal not overwritten by memtotal");
	is_int(m.mem_free, 0, "  a line without ':' swallows the next key (procps)");
	is_int(m.cached, 0, "  SwapCached/CachedX are not Cached");
	is_int(m.buffers, 3, "  later keys read");
	is_int(m.have, 0, "  nothing optional present");
	is_int(m.mem_used, 1000, "  used = total - free without MemAvailable");
	is_int(m.low_total, 1000, "  Low total = MemTotal without LowTotal");

	/* MemAvailable above MemTotal (lxcfs) falls back to MemFree; MemFree
	 * above MemTotal then makes used negative, as procps prints it */
	is_int(parse("MemTotal: 1000 kB\nMemFree: 500 kB\nMemAvailable: 2000 kB\n", &m), 0,
	       "available above total");
	is_int(m.mem_available, 500, "  available falls back to MemFree");
	is_int(m.mem_used, 500, "  used = total - free");
	is_int(parse("MemTotal: 1000 kB\nMemFree: 2000 kB\nMemAvailable: 3000 kB\n", &m), 0,
	       "free above total");
	is_int(m.mem_available, 2000, "  available falls back to MemFree");
	ok((int64_t)m.mem_used == -1000, "  used is -1000");
	is_int(parse("MemTotal: 1000 kB\nMemFree: 2000 kB\nMemAvailable: 3000 kB\n"
		     "SwapTotal: 100 kB\nSwapFree: 40 kB\n", &m), 0, "Total row");
	ok((int64_t)m.sum_used == -940 && m.sum_total == 1100 && m.sum_free == 2040,
	   "  Total: -940 used (-1000 + 60), 1100 total, 2040 free");

	is_int(parse("MemTotal: 1000 kB\nMemFree: 500 kB\nMemAvailable: 300 kB\n", &m), 0,
	       "available below free");
	is_int(m.mem_used, 700, "  used = total - available");

	/* LowTotal/HighTotal of 0 count as absent */
	is_int(parse("MemTotal: 1000 kB\nMemFree: 200 kB\nLowTotal: 0 kB\nLowFree: 5 kB\n"
		     "HighTotal: 10 kB\nHighFree: 20 kB\n", &m), 0, "zero LowTotal");
	is_int(m.have, SWAP_MEMINFO_HAVE_HIGH, "  only HIGH present");
	is_int(m.low_total, 1000, "  Low total = MemTotal");
	is_int(m.low_free, 200, "  Low free = MemFree");
	is_int(m.high_used, 0, "  High used 0 when free > total");

	/* the length and the first NUL bound the parse; no final newline needed */
	{
		const char text[] = "MemTotal: 100 kB\nMemFree: 50 kB\nBuffers: 71\nCached: 9 kB\n";
		size_t upto_buffers = strlen("MemTotal: 100 kB\nMemFree: 50 kB\nBuffers: 71");

		is_int(swap_meminfo_parse(text, upto_buffers - 1, &m), 0, "cut inside a number");
		is_int(m.buffers, 7, "  the digits before the cut");
		is_int(m.cached, 0, "  nothing read past the length");
		is_int(swap_meminfo_parse(text, sizeof(text) - 1, &m), 0, "the whole text");
		is_int(m.cached, 9, "  Cached read");
	}
	is_int(swap_meminfo_parse("MemTotal: 1 kB\n\0MemFree: 1 kB\n", 30, &m), 0, "a NUL");
	is_int(m.mem_free, 0, "  nothing read past the NUL");
	is_int(parse("\n", &m), 0, "a newline alone");
	is_int(parse("MemTotal: 1 kB\nMemFree\n", &m), 0, "a key without ':' at the end");
	is_int(m.mem_free, 0, "  reads 0");

	/* only one of CommitLimit/Committed_AS: no HAVE_COMMIT */
	is_int(parse("MemTotal: 1 kB\nMemFree: 1 kB\nCommitLimit: 5 kB\n", &m), 0, "half commit");
	is_int(m.have & SWAP_MEMINFO_HAVE_COMMIT, 0, "  no HAVE_COMMIT");

	is_int(swap_meminfo_parse(NULL, 0, &m), -EINVAL, "NULL text");
	is_int(swap_meminfo_parse("", 0, NULL), -EINVAL, "NULL result");
}

/* Write @len bytes of @text to a new temp file; Returns its path in @path. */
static int write_temp(char *path, const char *text, size_t len)
{
	int fd = mkstemp(path);
	int rc;

	if (fd < 0)
		return -1;
	rc = write(fd, text, len) == (ssize_t)len ? 0 : -1;
	close(fd);
	return rc;
}

static void test_read(void)
{
	struct swap_meminfo m = SWAP_MEMINFO_INIT;
	char path[] = "/tmp/test-meminfo.XXXXXX";
	static char big[17 * 1024];
	size_t i;

	is_int(swap_meminfo_read("/nonexistent/meminfo", &m), -ENOENT, "missing file");
	is_int(swap_meminfo_read("/tmp", &m), -EISDIR, "a directory");
	is_int(swap_meminfo_read(NULL, NULL), -EINVAL, "NULL result");
	is_int(swap_meminfo_read(NULL, &m), 0, "the real /proc/meminfo");
	ok(m.mem_total > 0 && m.mem_used <= m.mem_total, "  real figures are sane");

	if (write_temp(path, "", 0) == 0) {
		is_int(swap_meminfo_read(path, &m), -ENODATA, "empty file");
		unlink(path);
	}
	strcpy(path, "/tmp/test-meminfo.XXXXXX");
	if (write_temp(path, "MemTotal: 2 kB\nMemFree: 1 kB", 28) == 0) {
		is_int(swap_meminfo_read(path, &m), 0, "no final newline");
		is_int(m.mem_free, 1, "  the last value read");
		unlink(path);
	}

	/* one read of 8191 bytes, as procps: keys past it are not seen */
	memcpy(big, "MemTotal: 1 kB\nMemFree: 1 kB\n", 29);
	for (i = 29; i < sizeof(big); i++)
		big[i] = (i % 64) == 63 ? '\n' : (i % 64) == 1 ? ':' : 'x';
	memcpy(big + 8180, "\nBuffers: 77\n", 13);	/* the first 7 at 8190 */
	strcpy(path, "/tmp/test-meminfo.XXXXXX");
	if (write_temp(path, big, sizeof(big)) == 0) {
		is_int(swap_meminfo_read(path, &m), 0, "over 8191 bytes");
		is_int(m.buffers, 7, "  read up to byte 8191 only");
		unlink(path);
	}

	strcpy(path, "/tmp/test-meminfo.XXXXXX");
	if (mkdtemp(path)) {
		char fifo[64];

		snprintf(fifo, sizeof(fifo), "%s/fifo", path);
		if (mkfifo(fifo, 0600) == 0) {
			is_int(swap_meminfo_read(fifo, &m), -EINVAL, "a FIFO, without blocking");
			unlink(fifo);
		}
		rmdir(path);
	}
}

/* swap_meminfo_estimate: sums over the removed areas, 80% threshold,
 * saturation, bad arguments. */
static void test_estimate(void)
{
	const uint64_t used[] = { 1000, 500, 2000 };
	const unsigned char one[] = { 1, 0, 0 }, two[] = { 1, 0, 1 };
	const uint64_t huge[] = { UINT64_MAX, 5 };
	const unsigned char both[] = { 1, 1 };
	uint64_t need = 1, avail = 1;

	is_int(swap_meminfo_estimate(used, one, 3, 2000, 0, &need, &avail), SWAP_FIT_FITS,
	       "1000 of 2000: fits");
	ok(need == 1000 && avail == 2000, "need and available of one area");
	is_int(swap_meminfo_estimate(used, two, 3, 3000, 500, &need, &avail), SWAP_FIT_TIGHT,
	       "3000 of 3500: tight");
	ok(need == 3000 && avail == 3500, "two areas need their sum; free elsewhere counts");
	is_int(swap_meminfo_estimate(used, one, 3, 1250, 0, &need, &avail), SWAP_FIT_FITS,
	       "exactly 80%%: fits");
	is_int(swap_meminfo_estimate(used, one, 3, 1249, 0, &need, &avail), SWAP_FIT_TIGHT,
	       "just above 80%%: tight");
	is_int(swap_meminfo_estimate(used, one, 3, 1000, 0, &need, &avail), SWAP_FIT_TIGHT,
	       "exactly all: tight");
	is_int(swap_meminfo_estimate(used, one, 3, 999, 0, &need, &avail), SWAP_FIT_NO,
	       "more than available: does not fit");
	is_int(swap_meminfo_estimate(huge, both, 2, UINT64_MAX, 7, &need, &avail), SWAP_FIT_TIGHT,
	       "sums saturate");
	ok(need == UINT64_MAX && avail == UINT64_MAX, "saturated need and available");
	is_int(swap_meminfo_estimate(used, one, 3, 0, 0, &need, &avail), SWAP_FIT_NO,
	       "nothing available: does not fit");
	is_int(swap_meminfo_estimate(NULL, NULL, 0, 5, 0, &need, &avail), SWAP_FIT_FITS,
	       "no areas: nothing needed");
	is_int(swap_meminfo_estimate(NULL, one, 3, 5, 0, &need, &avail), -EINVAL, "NULL used");
	is_int(swap_meminfo_estimate(used, one, 3, 5, 0, NULL, &avail), -EINVAL, "NULL need");
}

int main(void)
{
	size_t i;

	testdata = getenv("TESTDATA");
	test_parse();
	test_read();
	test_estimate();
	if (testdata) {
		for (i = 0; i < sizeof(expected) / sizeof(expected[0]); i++)
			check_fixture(&expected[i]);
	} else {
		tap_skip("TESTDATA not set: fixture tests");
	}
	return done_testing();
}
