/*
 * test-resume.c - unit tests of swap_resume_inspect's checks (over the
 * fixture roots in tests/data/resume and roots written here) and of
 * swap_fs_inspect.  Offsets on real ext4/xfs/btrfs: tests/bats/compress.bats.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "libswap.h"
#include "tap.h"

static const char *testdata;
static char tmp[] = "/tmp/test-resume.XXXXXX";

static void put(const char *rel, const char *text)
{
	char path[4200], dir[4200], *slash;
	FILE *f;

	snprintf(path, sizeof(path), "%s%s", tmp, rel);
	snprintf(dir, sizeof(dir), "%s", path);
	for (slash = strchr(dir + strlen(tmp) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(dir, 0700);
		*slash = '/';
	}
	f = fopen(path, "w");
	if (!f)
		abort();
	fputs(text, f);
	fclose(f);
}

static int inspect(int fd, const char *root, struct swap_resume_info *r)
{
	memset(r, 0xaa, sizeof(*r));
	r->size = sizeof(*r);
	return swap_resume_inspect(fd, root, r);
}

static void test_checks(int fd, const char *file)
{
	struct swap_resume_info r;
	struct stat st;
	char root[4096], text[8192];

	snprintf(root, sizeof(root), "%s/resume/no-disk", testdata);
	is_int(inspect(fd, root, &r), 0, "no-disk: inspect");
	ok(r.checks & SWAP_RESUME_NO_DISK, "no \"disk\" in /sys/power/state");
	ok(r.checks & SWAP_RESUME_TOO_SMALL, "64 KiB < MemTotal (no image_size)");
	ok(r.image_bytes == 24684096ULL * 1024, "image size falls back to MemTotal");
	ok(r.checks & SWAP_RESUME_INACTIVE, "not in /proc/swaps");
	is_int(r.is_file, 1, "a regular file");
	ok(r.area_bytes == 65536, "area size");

	snprintf(root, sizeof(root), "%s/resume/disk", testdata);
	is_int(inspect(fd, root, &r), 0, "disk: inspect");
	ok(!(r.checks & SWAP_RESUME_NO_DISK), "\"disk\" offered");
	ok(r.image_bytes == 1048576, "image_size read");
	ok(r.checks & SWAP_RESUME_TOO_SMALL, "64 KiB < image_size 1 MiB");

	/* a root written here: the file active at priority 5, a zram area at 100 */
	put("/sys/power/state", "freeze mem disk\n");
	put("/sys/power/image_size", "4096\n");
	snprintf(text, sizeof(text), "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"
		 "/dev/zram0                              partition\t1048572\t\t0\t\t100\n"
		 "%s\tfile\t\t60\t\t0\t\t5\n", file);
	put("/proc/swaps", text);
	is_int(inspect(fd, tmp, &r), 0, "active: inspect");
	ok(!(r.checks & (SWAP_RESUME_INACTIVE | SWAP_RESUME_TOO_SMALL | SWAP_RESUME_NO_DISK)),
	   "active, large enough, kernel can hibernate");
	ok(r.checks & SWAP_RESUME_ZRAM_FIRST, "zram at priority 100 comes first");
	snprintf(text, sizeof(text), "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"
		 "/dev/zram0                              partition\t1048572\t\t0\t\t1\n"
		 "%s\tfile\t\t60\t\t0\t\t5\n", file);
	put("/proc/swaps", text);
	is_int(inspect(fd, tmp, &r), 0, "zram below: inspect");
	ok(!(r.checks & SWAP_RESUME_ZRAM_FIRST), "zram at priority 1 does not");

	/* the device stack, when the file's offset is known (not on tmpfs) */
	if (fstat(fd, &st) == 0 && !(r.checks & SWAP_RESUME_NO_OFFSET) &&
	    major(st.st_dev) != 0) {
		char rel[64];

		snprintf(rel, sizeof(rel), "/sys/dev/block/%u:%u/uevent",
			 major(r.device), minor(r.device));
		put(rel, "MAJOR=7\nMINOR=3\nDEVNAME=loop3\nDEVTYPE=disk\n");
		is_int(inspect(fd, tmp, &r), 0, "on a loop device: inspect");
		ok(r.checks & SWAP_RESUME_BAD_STACK, "a loop device is a bad stack");
		put(rel, "MAJOR=252\nMINOR=0\nDEVNAME=zram0\nDEVTYPE=disk\n");
		is_int(inspect(fd, tmp, &r), 0, "on zram: inspect");
		ok(r.checks & SWAP_RESUME_IS_ZRAM, "in RAM");
		put(rel, "MAJOR=8\nMINOR=2\nDEVNAME=sda2\nDEVTYPE=partition\n");
		is_int(inspect(fd, tmp, &r), 0, "on sda2: inspect");
		ok(!(r.checks & (SWAP_RESUME_IS_ZRAM | SWAP_RESUME_BAD_STACK)), "a disk is fine");
	} else {
		tap_skip("the file's offset is unknown here (tmpfs?): no device checks");
	}
}

static void test_fs(int fd)
{
	struct swap_fs_info fi = { .size = sizeof(fi) };
	int pfd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);

	is_int(swap_fs_inspect(fd, &fi), 0, "fs of the temporary file");
	ok(fi.name && *fi.name, "it has a name (%s)", fi.name ? fi.name : "NULL");
	is_int(swap_fs_inspect(pfd, &fi), 0, "fs of /proc");
	is_str(fi.name, "proc", "procfs is named");
	is_int(fi.swapfiles, 0, "no swap files on procfs");
	is_int(fi.devices, 0, "devices only for btrfs");
	close(pfd);
	is_int(swap_fs_inspect(-1, &fi), -EBADF, "bad descriptor");
	is_int(swap_fs_inspect(fd, NULL), -EINVAL, "NULL out");
}

int main(void)
{
	struct swap_resume_info r = { .size = sizeof(r) };
	char file[4200];
	int fd;

	testdata = getenv("TESTDATA");
	if (!testdata || !mkdtemp(tmp)) {
		tap_skip("TESTDATA is not set, or no temporary directory");
		return done_testing();
	}
	snprintf(file, sizeof(file), "%s/swapfile", tmp);
	fd = open(file, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 || posix_fallocate(fd, 0, 65536) != 0) {
		tap_skip("cannot make a temporary file");
		return done_testing();
	}
	test_checks(fd, file);
	test_fs(fd);
	is_int(swap_resume_inspect(fd, NULL, NULL), -EINVAL, "NULL out");
	is_int(swap_resume_inspect(-1, NULL, &r), -EBADF, "bad descriptor");
	ok(strcmp(swap_resume_explain(SWAP_RESUME_ZRAM_FIRST), "unknown problem") != 0 &&
	   strcmp(swap_resume_explain(1u << 30), "unknown problem") == 0, "explain");
	close(fd);
	snprintf(file, sizeof(file), "rm -rf '%s'", tmp);
	if (system(file) != 0)
		return 1;
	return done_testing();
}
