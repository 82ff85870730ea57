/* test-badpages.c - unit tests of the bad-page read check (lib/badpages.c) on temporary files.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libswap.h"
#include "tap.h"

static char path[] = "/tmp/swaptools-test-badpages-XXXXXX";
static uint32_t list[SWAP_HEADER_BADPAGES_MAX];
static struct swap_header hdr = { .badpages = list, .badpages_room = SWAP_HEADER_BADPAGES_MAX };

struct progress_log {
	unsigned calls;
	uint64_t last_done, total;
	int monotonic;
	unsigned stop_after;	/* 0: never stop */
};

static int record_progress(uint64_t done, uint64_t total, void *data)
{
	struct progress_log *log = data;

	if (done < log->last_done || done > total)
		log->monotonic = 0;
	log->calls++;
	log->last_done = done;
	log->total = total;
	return log->stop_after && log->calls >= log->stop_after;
}

/* A file of @pages pages of data (written, so no holes). */
static int make_area(size_t pagesize, uint64_t pages)
{
	static unsigned char chunk[65536];
	int fd = open(path, O_RDWR | O_TRUNC);
	uint64_t i;

	memset(chunk, 0x5a, sizeof(chunk));
	for (i = 0; i < pages; i++)
		if (pwrite(fd, chunk, pagesize, (off_t)(i * pagesize)) != (ssize_t)pagesize)
			return -1;
	return fd;
}

static void init_header(size_t ps, uint64_t npages)
{
	swap_header_init(&hdr, ps, npages, SWAP_ENDIAN_NATIVE);
}

static void test_readable_file(void)
{
	struct progress_log log = { 0, 0, 0, 1, 0 };
	uint64_t npages = 3 * 256 + 17;	/* a bit over three 1 MiB chunks */
	int fd = make_area(4096, npages);

	init_header(4096, npages);
	hdr.nr_badpages = 5;	/* stale value from the caller: reset */
	is_int(swap_badpages_scan(fd, 0, &hdr, npages, record_progress, &log), 0,
	       "readable file: no bad pages");
	is_int(hdr.nr_badpages, 0, "nr_badpages reset to 0");
	ok(log.calls == 4 && log.monotonic, "progress once per chunk, monotonic (%u calls)", log.calls);
	ok(log.last_done == npages - 1 && log.total == npages - 1, "progress ends at done == total");
	close(fd);

	fd = make_area(65536, 20);
	init_header(65536, 20);
	is_int(swap_badpages_scan(fd, 0, &hdr, 20, NULL, NULL), 0, "64K pages, no callback: no bad pages");
	close(fd);

	fd = make_area(4096, 300);
	init_header(4096, 10);
	is_int(swap_badpages_scan(fd, 8192, &hdr, 10, NULL, NULL), 0, "area at an offset: no bad pages");
	is_int(swap_badpages_scan(fd, 0, &hdr, 1, NULL, NULL), 0, "one page (header only): nothing to scan");
	is_int(swap_badpages_scan(fd, 0, &hdr, 0, NULL, NULL), 0, "zero pages: nothing to scan");
	close(fd);
}

/* Pages past the end of the file read short: they are the "bad" ones. */
static void test_short_reads(void)
{
	int fd = make_area(4096, 10), all = 1;
	uint32_t i;

	init_header(4096, 20);
	is_int(swap_badpages_scan(fd, 0, &hdr, 20, NULL, NULL), 10, "10 pages past EOF are bad");
	for (i = 0; i < 10; i++)
		all &= hdr.badpages[i] == 10 + i;
	ok(all && hdr.nr_badpages == 10, "bad pages are 10..19, in order");
	close(fd);

	/* A partial last page counts as bad too (mkswap -c does the same). */
	fd = make_area(4096, 10);
	if (ftruncate(fd, 9 * 4096 + 100) < 0)
		perror("ftruncate");
	init_header(4096, 10);
	is_int(swap_badpages_scan(fd, 0, &hdr, 10, NULL, NULL), 1, "partial last page is bad");
	is_int(hdr.badpages[0], 9, "the partial page is page 9");
	close(fd);
}

static void test_too_many(void)
{
	int fd = make_area(4096, 1), ordered = 1;
	uint32_t i;

	init_header(4096, 2000);
	is_int(swap_badpages_scan(fd, 0, &hdr, 2000, NULL, NULL), -E2BIG, "1999 bad pages at 4K: -E2BIG");
	is_int(hdr.nr_badpages, 637, "header keeps the first 637 (the capacity)");
	for (i = 0; i < 637; i++)
		ordered &= hdr.badpages[i] == i + 1;
	ok(ordered, "kept pages are 1..637");

	init_header(4096, 638);
	is_int(swap_badpages_scan(fd, 0, &hdr, 638, NULL, NULL), 637, "exactly capacity bad: fine");

	/* a list shorter than the capacity: the room is the limit */
	init_header(4096, 20);
	list[5] = 0xc0ffee;
	hdr.badpages_room = 5;
	is_int(swap_badpages_scan(fd, 0, &hdr, 20, NULL, NULL), -E2BIG, "19 bad pages, room 5: -E2BIG");
	ok(hdr.nr_badpages == 5 && list[4] == 5 && list[5] == 0xc0ffee,
	   "room 5: pages 1..5 kept, nothing written past the room");
	hdr.badpages = NULL;
	hdr.badpages_room = 0;
	init_header(4096, 20);
	is_int(swap_badpages_scan(fd, 0, &hdr, 20, NULL, NULL), -E2BIG, "no list: -E2BIG at the first bad page");
	hdr.badpages = list;
	hdr.badpages_room = SWAP_HEADER_BADPAGES_MAX;
	close(fd);
}

static void test_cancel(void)
{
	struct progress_log log = { 0, 0, 0, 1, 2 };
	int fd = make_area(4096, 1024);

	init_header(4096, 1024);
	is_int(swap_badpages_scan(fd, 0, &hdr, 1024, record_progress, &log), -ECANCELED,
	       "callback returning non-zero cancels");
	is_int(log.calls, 2, "no progress after the cancel");
	close(fd);
}

static void test_errors(void)
{
	int fd = make_area(4096, 20);

	init_header(4096, 20);
	is_int(swap_badpages_scan(-1, 0, &hdr, 20, NULL, NULL), -EBADF, "bad fd: -EBADF, not 19 bad pages");
	is_int(hdr.nr_badpages, 0, "bad fd: no bad pages recorded");
	is_int(swap_badpages_scan(fd, 0, NULL, 20, NULL, NULL), -EINVAL, "NULL header");
	hdr.pagesize = 3000;
	is_int(swap_badpages_scan(fd, 0, &hdr, 20, NULL, NULL), -EINVAL, "invalid page size");
	init_header(4096, 20);
	is_int(swap_badpages_scan(fd, 0, &hdr, (uint64_t)UINT32_MAX + 2, NULL, NULL), -EINVAL,
	       "more pages than a header can describe");
	is_int(swap_badpages_scan(fd, UINT64_MAX - 4096, &hdr, 20, NULL, NULL), -EINVAL,
	       "offset past off_t");
	close(fd);

	fd = open(path, O_WRONLY);
	is_int(swap_badpages_scan(fd, 0, &hdr, 20, NULL, NULL), -EBADF, "write-only fd: -EBADF");
	close(fd);
	fd = open("/tmp", O_RDONLY | O_DIRECTORY);
	is_int(swap_badpages_scan(fd, 0, &hdr, 20, NULL, NULL), -EISDIR, "directory: -EISDIR");
	close(fd);
}

int main(void)
{
	int fd = mkstemp(path);

	if (fd < 0) {
		printf("Bail out! mkstemp in /tmp failed\n");
		return 1;
	}
	close(fd);
	test_readable_file();
	test_short_reads();
	test_too_many();
	test_cancel();
	test_errors();
	unlink(path);
	return done_testing();
}
