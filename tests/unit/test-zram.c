/*
 * test-zram.c - unit tests of the zram (mm_stat) and zswap readers over
 * fixtures in tests/data/zram and tests/data/zswap.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libswap.h"
#include "tap.h"

static const char *testdata;

static int zram(const char *kernel, const char *dev, struct swap_zram_stat *z)
{
	char root[4096];

	snprintf(root, sizeof(root), "%s/zram/%s", testdata, kernel);
	memset(z, 0xaa, sizeof(*z));
	z->size = sizeof(*z);
	return swap_zram_read(root, dev, z);
}

static void test_zram(void)
{
	struct swap_zram_stat z;
	struct {
		struct swap_zram_stat z;
		uint64_t canary;
	} small;
	char root[4096];

	is_int(zram("linux-6.18", "/dev/zram0", &z), 0, "6.18: read /dev/zram0");
	is_int(z.nfields, 9, "6.18: nine fields");
	ok(z.orig_data_size == 16781312 && z.compr_data_size == 6035970 &&
	   z.mem_used_total == 6221824, "6.18: data, compressed, RAM used");
	ok(z.mem_limit == 0 && z.mem_used_max == 6221824 && z.same_pages == 0 &&
	   z.huge_pages == 0 && z.huge_pages_since == 0, "6.18: the other fields");
	ok(z.disksize == 67108864, "6.18: disksize");
	is_int(zram("linux-6.18", "zram1", &z), 0, "bare name zram1");
	ok(z.orig_data_size == 0 && z.disksize == 0, "an empty device reads zeros");

	is_int(zram("linux-4.19", "zram0", &z), 0, "4.19: read");
	is_int(z.nfields, 8, "4.19: eight fields");
	ok(z.orig_data_size == 4294967296ULL && z.mem_limit == 2147483648ULL &&
	   z.same_pages == 12345 && z.pages_compacted == 678 && z.huge_pages == 42,
	   "4.19: the values");
	ok(z.huge_pages_since == 0, "4.19: no huge_pages_since");

	is_int(zram("linux-4.9", "zram0", &z), 0, "4.9: read");
	is_int(z.nfields, 7, "4.9: seven fields");
	ok(z.huge_pages == 0 && z.same_pages == 3 && z.disksize == 0,
	   "4.9: no huge_pages, no disksize file");

	is_int(zram("linux-3.18", "zram0", &z), -ENOENT, "3.18: no mm_stat is -ENOENT");
	is_int(zram("linux-6.18", "zram7", &z), -ENOENT, "no such device");
	is_int(zram("bad", "zram0", &z), -EINVAL, "garbage field");
	is_int(zram("bad", "zram1", &z), -EINVAL, "four fields only");
	is_int(zram("bad", "zram2", &z), -EINVAL, "no newline: cut short");
	is_int(zram("linux-6.18", "/dev/sda", &z), -ENODEV, "not a zram name");
	is_int(zram("linux-6.18", "zram", &z), -ENODEV, "zram without a number");
	is_int(zram("linux-6.18", "zram0x", &z), -ENODEV, "zram0x");
	is_int(swap_zram_read(NULL, "zram0", NULL), -EINVAL, "NULL out");

	/* an older caller's struct: nothing past its size is written */
	snprintf(root, sizeof(root), "%s/zram/linux-6.18", testdata);
	memset(&small, 0x55, sizeof(small));
	small.z.size = offsetof(struct swap_zram_stat, mem_used_total);
	is_int(swap_zram_read(root, "zram0", &small.z), 0, "short struct: read");
	ok(small.z.compr_data_size == 6035970, "short struct: fields that fit are set");
	ok(small.z.mem_used_total == 0x5555555555555555ULL &&
	   small.z.disksize == 0x5555555555555555ULL &&
	   small.canary == 0x5555555555555555ULL, "short struct: nothing written past size");
}

static int zswap(const char *meminfo, const char *enabled, struct swap_zswap_stat *z)
{
	char m[4096], e[4096];

	snprintf(m, sizeof(m), "%s/zswap/%s", testdata, meminfo);
	snprintf(e, sizeof(e), "%s/zswap/%s", testdata, enabled);
	memset(z, 0xaa, sizeof(*z));
	z->size = sizeof(*z);
	return swap_zswap_read(m, e, z);
}

static void test_zswap(void)
{
	struct swap_zswap_stat z;

	is_int(zswap("meminfo-6.18-zswap", "enabled-Y", &z), 0, "6.18 with zswap: read");
	is_int(z.have, SWAP_ZSWAP_HAVE_POOL | SWAP_ZSWAP_HAVE_STORED, "both keys");
	ok(z.pool_kib == 1310720 && z.stored_kib == 4194304, "Zswap and Zswapped values");
	is_int(z.enabled, 1, "enabled Y");

	is_int(zswap("meminfo-5.15-nokeys", "enabled-N", &z), 0, "kernel without the keys");
	is_int(z.have, 0, "no keys: have 0");
	ok(z.pool_kib == 0 && z.stored_kib == 0, "no keys: figures 0");
	is_int(z.enabled, 0, "enabled N");

	is_int(zswap("meminfo-6.18-zswap", "no-such-file", &z), 0, "no zswap module");
	is_int(z.enabled, -1, "no parameters/enabled: -1");
	is_int(zswap("meminfo-bad-value", "enabled-N", &z), -EINVAL, "garbage Zswapped");
	is_int(zswap("no-such-meminfo", "enabled-N", &z), -ENOENT, "no meminfo");
	is_int(swap_zswap_read(NULL, NULL, NULL), -EINVAL, "NULL out");
}

int main(void)
{
	testdata = getenv("TESTDATA");
	if (!testdata) {
		tap_skip("TESTDATA is not set");
		return done_testing();
	}
	test_zram();
	test_zswap();
	return done_testing();
}
