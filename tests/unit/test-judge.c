/* test-judge.c - unit tests of swap_area_judge (lib/judge.c) on header
 * images written to temporary files under /tmp.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libswap.h"
#include "tap.h"

#define AREA_SIZE	(1024 * 1024)
/* what the tool asks: no /proc/swaps (tests give their own), no FIEMAP */
#define CHEAP		(SWAP_AREA_INSECURE_MODE | SWAP_AREA_INSECURE_OWNER | SWAP_AREA_HOLES)

static char tmpdir[] = "/tmp/swaptools-test-judge-XXXXXX";
static unsigned char area[AREA_SIZE];
static uint32_t badpages[SWAP_HEADER_BADPAGES_MAX];
static struct swap_header h = { .badpages = badpages, .badpages_room = SWAP_HEADER_BADPAGES_MAX };
static struct swap_area_info info;
static struct swap_area_judgement j;
static char fixture[512], missing[512];

static void path_in_tmpdir(char *out, size_t len, const char *name)
{
	snprintf(out, len, "%s/%s", tmpdir, name);
}

/* @len bytes of area[] as the file "area", fully written (no holes), 0600;
 * returns it open read-only, inspected into info. */
static int area_file(size_t len)
{
	char path[512];
	int fd;

	path_in_tmpdir(path, sizeof(path), "area");
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || fchmod(fd, 0600) < 0 || pwrite(fd, area, len, 0) != (ssize_t)len ||
	    fsync(fd) < 0) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
	close(fd);
	fd = open(path, O_RDONLY);
	info = (struct swap_area_info)SWAP_AREA_INFO_INIT;
	if (fd < 0 || swap_area_inspect(fd, &info) < 0) {
		printf("Bail out! cannot inspect %s\n", path);
		exit(1);
	}
	return fd;
}

/* A SWAPSPACE2 header of @ps-byte pages for @npages pages in area[]. */
static void image(size_t ps, uint64_t npages, enum swap_endian e)
{
	struct swap_header w = { 0 };

	memset(area, 0x5a, sizeof(area));
	swap_header_init(&w, ps, npages, e);
	swap_header_set_label(&w, "judged");
	swap_header_encode(&w, area, ps);
}

/* Judge the file (the header read into h, the judgement into j). */
static int judge(int fd, size_t pagesize, unsigned checks, const char *procswaps)
{
	memset(&j, 0xa5, sizeof(j));
	j.size = sizeof(j);
	return swap_area_judge(fd, &info, pagesize, &h, checks, procswaps, &j);
}

static void test_swapspace2(void)
{
	enum swap_endian e;
	int fd;

	for (e = SWAP_ENDIAN_LITTLE; e <= SWAP_ENDIAN_BIG; e++) {
		const char *order = e == SWAP_ENDIAN_LITTLE ? "little-endian" : "big-endian";
		unsigned foreign;

		image(4096, AREA_SIZE / 4096, e);
		fd = area_file(AREA_SIZE);
		is_int(judge(fd, 4096, CHEAP, missing), 0, "%s header: judged", order);
		is_int(j.verdict, SWAP_VERDICT_ACTIVATE, "... verdict ACTIVATE (the kernel "
		       "takes either byte order)");
		is_int(j.header_verdict, SWAP_VERDICT_ACTIVATE, "... header verdict ACTIVATE");
		is_int(j.actions, 0, "... nothing to do first");
		is_int(j.swapsize, AREA_SIZE, "... swapsize from last_page in its byte order");
		is_int(j.devsize, AREA_SIZE, "... devsize");
		is_int(j.read_error, 0, "... no read error");
		foreign = swap_header_check(&h, AREA_SIZE, 4096) & SWAP_HEADER_BAD_ENDIAN;
		is_int(j.header_problems, foreign, "... header problems: only the byte order, "
		       "when foreign");
		is_str(h.label, "judged", "... the caller's header holds what was read");
		is_int(j.findings, info.uid ? SWAP_AREA_INSECURE_OWNER : 0,
		       "... findings: the owner only when not root");
		close(fd);
	}
}

static void test_pagesize(void)
{
	int fd;

	image(65536, AREA_SIZE / 65536, SWAP_ENDIAN_NATIVE);
	fd = area_file(AREA_SIZE);
	is_int(judge(fd, 4096, CHEAP, missing), 0, "64 KiB header on a 4 KiB system: judged");
	is_int(j.verdict, SWAP_VERDICT_ACTIVATE, "... verdict ACTIVATE (the tool warns, or "
	       "reinitialises with --fixpgsz)");
	is_int(j.actions, SWAP_JUDGE_FIX_PAGESIZE, "... action FIX_PAGESIZE");
	ok(j.header_problems & SWAP_HEADER_BAD_PAGESIZE, "... header problem BAD_PAGESIZE");
	is_int(h.pagesize, 65536, "... the header's page size read");
	is_int(judge(fd, 65536, CHEAP, missing), 0, "the same on a 64 KiB system");
	is_int(j.actions, 0, "... nothing to do");
	close(fd);

	image(4096, AREA_SIZE / 4096, SWAP_ENDIAN_NATIVE);
	fd = area_file(AREA_SIZE);
	is_int(judge(fd, 16384, CHEAP, missing), 0, "4 KiB header on a 16 KiB system");
	is_int(j.actions, SWAP_JUDGE_FIX_PAGESIZE, "... action FIX_PAGESIZE");
	is_int(judge(fd, 0, CHEAP, missing), 0, "page size 0: the system's");
	is_int(j.actions, sysconf(_SC_PAGESIZE) == 4096 ? 0 : SWAP_JUDGE_FIX_PAGESIZE,
	       "... FIX_PAGESIZE exactly when the system's is not 4096");
	close(fd);
}

static void test_short(void)
{
	int fd;

	/* the header claims 2 MiB, the file holds 1 MiB */
	image(4096, 2 * AREA_SIZE / 4096, SWAP_ENDIAN_NATIVE);
	fd = area_file(AREA_SIZE);
	is_int(judge(fd, 4096, CHEAP, missing), 0, "header larger than the area: judged");
	is_int(j.verdict, SWAP_VERDICT_ACTIVATE, "... verdict ACTIVATE (swapon(2) refuses it)");
	is_int(j.actions, SWAP_JUDGE_SHORT, "... SHORT");
	is_int(j.swapsize, 2 * AREA_SIZE, "... swapsize as the header says");
	is_int(j.devsize, AREA_SIZE, "... devsize as the file is");
	ok(j.header_problems & SWAP_HEADER_BAD_LASTPAGE_SIZE, "... header problem LASTPAGE_SIZE");
	is_int(judge(fd, 8192, CHEAP, missing), 0, "... on an 8 KiB system too");
	is_int(j.actions, SWAP_JUDGE_SHORT, "... SHORT, and no FIX_PAGESIZE (as util-linux)");
	close(fd);

	/* an area smaller than one page */
	image(4096, 16, SWAP_ENDIAN_NATIVE);
	fd = area_file(2000);
	is_int(judge(fd, 4096, CHEAP, missing), 0, "a 2000-byte area: judged");
	is_int(j.verdict, SWAP_VERDICT_NO_SIGNATURE, "... NO_SIGNATURE (no page holds a magic)");
	is_int(j.swapsize, 0, "... swapsize 0");
	is_int(j.devsize, 2000, "... devsize 2000");
	close(fd);
}

static void test_signatures(void)
{
	static const struct { const char *magic; size_t len; enum swap_signature sig; } susp[] = {
		{ "S1SUSPEND", 10, SWAP_SIGNATURE_S1SUSPEND },
		{ "S2SUSPEND", 10, SWAP_SIGNATURE_S2SUSPEND },
		{ "ULSUSPEND", 10, SWAP_SIGNATURE_ULSUSPEND },
		{ "LINHIB0001", 10, SWAP_SIGNATURE_LINHIB0001 },
	};
	size_t i;
	int fd;

	for (i = 0; i < sizeof(susp) / sizeof(susp[0]); i++) {
		memset(area, 0, sizeof(area));
		memcpy(area + 4096 - 10, susp[i].magic, susp[i].len);
		fd = area_file(AREA_SIZE);
		is_int(judge(fd, 4096, CHEAP, missing), 0, "%s: judged", susp[i].magic);
		is_int(j.verdict, SWAP_VERDICT_ACTIVATE, "... verdict ACTIVATE");
		is_int(j.actions, SWAP_JUDGE_REWRITE_SIGNATURE, "... REWRITE_SIGNATURE only");
		is_int(h.signature, susp[i].sig, "... the signature read");
		is_int(j.swapsize, 0, "... no swapsize: the page says nothing more");
		close(fd);
	}
	/* a suspend signature at 64 KiB pages, judged on a 4 KiB system:
	 * rewrite, no page-size action */
	memset(area, 0, sizeof(area));
	memcpy(area + 65536 - 10, "S1SUSPEND", 10);
	fd = area_file(AREA_SIZE);
	is_int(judge(fd, 4096, CHEAP, missing), 0, "S1SUSPEND at 64 KiB pages: judged");
	is_int(j.actions, SWAP_JUDGE_REWRITE_SIGNATURE, "... REWRITE_SIGNATURE, no FIX_PAGESIZE");
	is_int(h.pagesize, 65536, "... at h->pagesize 65536 (where to rewrite)");
	close(fd);

	memset(area, 0, sizeof(area));
	memcpy(area + 4096 - 10, "SWAP-SPACE", 10);
	fd = area_file(AREA_SIZE);
	is_int(judge(fd, 4096, CHEAP, missing), 0, "v0 SWAP-SPACE: judged");
	is_int(j.verdict, SWAP_VERDICT_OLD_FORMAT, "... verdict OLD_FORMAT");
	is_int(j.header_verdict, SWAP_VERDICT_OLD_FORMAT, "... header verdict OLD_FORMAT");
	is_int(j.actions, 0, "... no action");
	close(fd);

	memset(area, 0, sizeof(area));
	fd = area_file(AREA_SIZE);
	is_int(judge(fd, 4096, CHEAP, missing), 0, "zeros: judged");
	is_int(j.verdict, SWAP_VERDICT_NO_SIGNATURE, "... verdict NO_SIGNATURE");
	is_int(j.header_verdict, SWAP_VERDICT_NO_SIGNATURE, "... header verdict NO_SIGNATURE");
	is_int(j.read_error, 0, "... not a read error");
	close(fd);
}

static void test_refusals_in_order(void)
{
	char path[512], text[1024];
	FILE *f;
	int fd, wfd;

	/* a sparse file with a good header: HOLES, the header still read */
	image(4096, AREA_SIZE / 4096, SWAP_ENDIAN_NATIVE);
	path_in_tmpdir(path, sizeof(path), "sparse");
	wfd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (wfd < 0 || ftruncate(wfd, AREA_SIZE) < 0 || pwrite(wfd, area, 4096, 0) != 4096)
		printf("# setup of %s failed\n", path);
	close(wfd);
	fd = open(path, O_RDONLY);
	info = (struct swap_area_info)SWAP_AREA_INFO_INIT;
	swap_area_inspect(fd, &info);
	is_int(judge(fd, 4096, CHEAP, missing), 0, "sparse file: judged");
	is_int(j.verdict, SWAP_VERDICT_HOLES, "... verdict HOLES");
	is_int(j.header_verdict, SWAP_VERDICT_ACTIVATE, "... the header read all the same");
	is_int(judge(fd, 4096, CHEAP & ~SWAP_AREA_HOLES, missing), 0, "... holes not asked");
	is_int(j.verdict, SWAP_VERDICT_ACTIVATE, "... verdict ACTIVATE");

	/* listed in a procswaps fixture: ACTIVE comes before HOLES */
	f = fopen(fixture, "w");
	snprintf(text, sizeof(text), "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"
		 "%s file\t\t1020\t\t0\t\t-2\n", path);
	if (f) {
		fputs(text, f);
		fclose(f);
	}
	is_int(judge(fd, 4096, CHEAP | SWAP_AREA_ACTIVE, fixture), 0, "listed as active: judged");
	is_int(j.verdict, SWAP_VERDICT_ACTIVE, "... verdict ACTIVE (before HOLES)");
	ok(j.findings & SWAP_AREA_HOLES, "... HOLES found too");
	is_int(judge(fd, 4096, CHEAP, fixture), 0, "ACTIVE not asked");
	is_int(j.verdict, SWAP_VERDICT_HOLES, "... verdict HOLES");
	is_int(judge(fd, 4096, CHEAP | SWAP_AREA_ACTIVE, missing), -ENOENT,
	       "ACTIVE asked, procswaps missing: the check's error");
	close(fd);
	unlink(path);
	unlink(fixture);

	/* a descriptor that cannot read: UNREADABLE, not an error */
	memset(area, 0, sizeof(area));
	fd = area_file(AREA_SIZE);
	close(fd);
	path_in_tmpdir(path, sizeof(path), "area");
	wfd = open(path, O_WRONLY);
	is_int(judge(wfd, 4096, CHEAP, missing), 0, "write-only descriptor: judged");
	is_int(j.verdict, SWAP_VERDICT_UNREADABLE, "... verdict UNREADABLE");
	is_int(j.read_error, -EBADF, "... read_error -EBADF");
	close(wfd);
}

static void test_arguments(void)
{
	struct { struct swap_area_judgement j; unsigned char canary[64]; } small;
	struct swap_area_judgement k = SWAP_AREA_JUDGEMENT_INIT;
	struct swap_area_info none = { 0 };
	size_t i;
	int fd;

	image(4096, AREA_SIZE / 4096, SWAP_ENDIAN_NATIVE);
	fd = area_file(AREA_SIZE);
	is_int(swap_area_judge(fd, &info, 4096, NULL, CHEAP, missing, &k), -EINVAL, "NULL header");
	is_int(swap_area_judge(fd, &none, 4096, &h, CHEAP, missing, &k), -EINVAL, "unsized info");
	is_int(swap_area_judge(fd, &info, 4096, &h, CHEAP, missing, NULL), -EINVAL, "NULL judgement");
	k.size = 0;
	is_int(swap_area_judge(fd, &info, 4096, &h, CHEAP, missing, &k), -EINVAL, "unsized judgement");
	k.size = sizeof(k);
	is_int(swap_area_judge(fd, &info, 4096, &h, 1u << 7, missing, &k), -EINVAL, "unknown check bit");

	/* an older caller's smaller struct: nothing written past its size */
	memset(&small, 0x77, sizeof(small));
	small.j.size = offsetof(struct swap_area_judgement, findings);
	is_int(swap_area_judge(fd, &info, 65536, &h, CHEAP, missing, &small.j), 0,
	       "a judgement struct of an older size: judged");
	is_int(small.j.verdict, SWAP_VERDICT_ACTIVATE, "... the fields that fit are filled");
	for (i = offsetof(struct swap_area_judgement, findings); i < sizeof(small); i++)
		if (((unsigned char *)&small)[i] != 0x77)
			break;
	is_int(i, sizeof(small), "... nothing written past them");
	close(fd);
}

int main(void)
{
	if (!mkdtemp(tmpdir)) {
		printf("Bail out! mkdtemp in /tmp failed\n");
		return 1;
	}
	path_in_tmpdir(fixture, sizeof(fixture), "swaps");
	path_in_tmpdir(missing, sizeof(missing), "no-such-swaps");
	test_swapspace2();
	test_pagesize();
	test_short();
	test_signatures();
	test_refusals_in_order();
	test_arguments();
	path_in_tmpdir(fixture, sizeof(fixture), "area");
	unlink(fixture);
	rmdir(tmpdir);
	return done_testing();
}
