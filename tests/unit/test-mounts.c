/* test-mounts.c - unit tests of lib/mounts.c over mountinfo fixtures and a
 * sysfs tree built in a temporary directory.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "libswap.h"
#include "tap.h"

static char tmpdir[] = "/tmp/swaptools-test-mounts-XXXXXX";
static char sysfs[256], procswaps[512];
static const char *testdata;

static void put(const char *rel, const char *text)
{
	char path[512], cmd[600];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, rel);
	snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname '%s')\"", path);
	if (system(cmd) != 0)
		return;
	f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static void link_to(const char *rel, const char *target)
{
	char path[512], cmd[600];

	snprintf(path, sizeof(path), "%s/%s", tmpdir, rel);
	snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname '%s')\"", path);
	if (system(cmd) == 0 && symlink(target, path) != 0)
		perror(path);
}

static const char *fixture(const char *name)
{
	static char path[4][512];
	static int n;

	n = (n + 1) % 4;
	snprintf(path[n], sizeof(path[n]), "%s/mountinfo/%s", testdata, name);
	return path[n];
}

/* An inspected regular file in tmpdir. */
static int file_info(const char *name, struct swap_area_info *info)
{
	char path[512];
	int fd, rc;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	fd = open(path, O_RDWR | O_CREAT, 0600);
	if (fd < 0)
		return -errno;
	rc = swap_area_inspect(fd, info);
	close(fd);
	return rc;
}

/*
 * sys/block/loop0 (7:0) backed by "img" with partition loop0p1 (259:7),
 * sys/block/loop1 (7:1) backed by "img2", loop2 (7:2) with a backing file
 * that no longer exists, loop3 (7:3) not attached;
 * sys/dev/block/8:0 -> sda with sda1 (8:1) and sda2 (8:2, held by dm-0).
 */
static void build_sysfs(void)
{
	char text[600];

	snprintf(sysfs, sizeof(sysfs), "%s/sys", tmpdir);
	put("sys/block/loop0/dev", "7:0\n");
	snprintf(text, sizeof(text), "%s/img\n", tmpdir);
	put("sys/block/loop0/loop/backing_file", text);
	put("sys/block/loop0/loop0p1/dev", "259:7\n");
	put("sys/block/loop0/loop0p1/partition", "1\n");
	put("sys/block/loop1/dev", "7:1\n");
	snprintf(text, sizeof(text), "%s/img2 (deleted)\n", tmpdir);
	put("sys/block/loop1/loop/backing_file", text);
	put("sys/block/loop2/dev", "7:2\n");
	put("sys/block/loop2/loop/backing_file", "/nonexistent/img (deleted)\n");
	put("sys/block/loop3/dev", "7:3\n");
	put("sys/devices/sda/dev", "8:0\n");
	put("sys/devices/sda/sda1/dev", "8:1\n");
	put("sys/devices/sda/sda1/partition", "1\n");
	put("sys/devices/sda/sda2/dev", "8:2\n");
	put("sys/devices/sda/sda2/partition", "2\n");
	put("sys/devices/sda/sda2/holders/dm-0", "");
	link_to("sys/dev/block/8:0", "../../devices/sda");
	link_to("sys/dev/block/8:1", "../../devices/sda/sda1");
	link_to("sys/dev/block/8:2", "../../devices/sda/sda2");
	snprintf(procswaps, sizeof(procswaps), "%s/mountinfo/procswaps-empty", testdata);
}

static struct swap_area_info blockdev(unsigned maj, unsigned min)
{
	struct swap_area_info info = {
		.size = sizeof(info), .is_blockdev = 1, .rdev = makedev(maj, min),
	};

	return info;
}

static void test_file_through_loop_partition(void)
{
	struct swap_mounts_user u = { .size = sizeof(u) };
	struct swap_area_info info = SWAP_AREA_INFO_INIT;

	ok(file_info("img", &info) == 0, "img inspected");
	is_int(swap_mounts_find_user(&info, fixture("mountinfo-loops"), sysfs, procswaps, &u),
	       1, "a file whose loop device's partition is mounted is in use");
	is_int(u.kind, SWAP_MOUNTS_MOUNTED, "... mounted");
	ok(u.devno == makedev(259, 7), "... through 259:7");
	is_str(u.name, "loop0p1", "... named loop0p1");
	is_str(u.what, "/mnt/my disk\ttab", "... mount point unescaped (\\040, \\011)");

	is_int(swap_mounts_find_user(&info, fixture("mountinfo-plain"), sysfs, procswaps, &u),
	       0, "nothing mounted: not in use");
	is_int(swap_mounts_find_user(&info, fixture("mountinfo-loopdev"), sysfs, procswaps, NULL),
	       0, "another loop device mounted: not in use");
}

static void test_deleted_name(void)
{
	struct swap_mounts_user u = { .size = sizeof(u) };
	struct swap_area_info info = SWAP_AREA_INFO_INIT;

	ok(file_info("img2", &info) == 0, "img2 inspected");
	is_int(swap_mounts_find_user(&info, fixture("mountinfo-loopdev"), sysfs, procswaps, &u),
	       1, "backing_file with \" (deleted)\" still matches by device and inode");
	is_str(u.name, "loop1", "... loop1");
	is_str(u.what, "/srv/back\\slash", "... mount point unescaped (\\134)");
}

static void test_unrelated_file(void)
{
	struct swap_area_info info = SWAP_AREA_INFO_INIT;

	ok(file_info("other", &info) == 0, "other inspected");
	is_int(swap_mounts_find_user(&info, fixture("mountinfo-loops"), sysfs, procswaps, NULL),
	       0, "a file no loop device is backed by is not in use");
}

static void test_blockdev(void)
{
	struct swap_mounts_user u = { .size = sizeof(u) };
	struct swap_area_info info = blockdev(8, 0);

	is_int(swap_mounts_find_user(&info, fixture("mountinfo-loops"), sysfs, procswaps, &u),
	       1, "a disk with a mounted partition is in use");
	is_int(u.kind, SWAP_MOUNTS_MOUNTED, "... mounted");
	is_str(u.name, "sda1", "... sda1");
	is_str(u.what, "/boot", "... on /boot");

	is_int(swap_mounts_find_user(&info, fixture("mountinfo-plain"), sysfs, procswaps, &u),
	       1, "a disk with a held partition is in use");
	is_int(u.kind, SWAP_MOUNTS_HELD, "... held");
	is_str(u.name, "sda2", "... sda2");
	is_str(u.what, "dm-0", "... by dm-0");

	info = blockdev(8, 3);
	is_int(swap_mounts_find_user(&info, fixture("mountinfo-loops"), sysfs, procswaps, &u),
	       1, "a mounted device without sysfs entry is in use");
	is_str(u.name, "8:3", "... named by its number");
	is_str(u.what, "/", "... on /");

	info = blockdev(8, 1);
	is_int(swap_mounts_find_user(&info, fixture("mountinfo-plain"), sysfs, procswaps, &u),
	       0, "an unmounted partition is not in use");
}

static void test_small_struct(void)
{
	struct swap_mounts_user u;
	struct swap_area_info info = blockdev(8, 0);

	memset(&u, 0, sizeof(u));
	u.name = u.what = "untouched";
	u.size = offsetof(struct swap_mounts_user, kind) + sizeof(u.kind);
	is_int(swap_mounts_find_user(&info, fixture("mountinfo-loops"), sysfs, procswaps, &u),
	       1, "an older, smaller struct is filled");
	is_int(u.kind, SWAP_MOUNTS_MOUNTED, "... kind written");
	is_str(u.name, "untouched", "... fields past size left alone");
	u.size = 1;
	is_int(swap_mounts_find_user(&info, fixture("mountinfo-loops"), sysfs, procswaps, &u),
	       -EINVAL, "a size without room for kind is refused");
}

static void test_errors(void)
{
	struct swap_area_info info = blockdev(8, 0), none = SWAP_AREA_INFO_INIT;
	char missing[512];

	snprintf(missing, sizeof(missing), "%s/no-mountinfo", tmpdir);
	is_int(swap_mounts_find_user(NULL, NULL, sysfs, procswaps, NULL), -EINVAL, "NULL info");
	is_int(swap_mounts_find_user(&none, NULL, sysfs, procswaps, NULL), -EINVAL,
	       "info of neither kind");
	is_int(swap_mounts_find_user(&info, missing, sysfs, procswaps, NULL), 1,
	       "no mountinfo: the holder is still found");
	info = blockdev(8, 1);
	is_int(swap_mounts_find_user(&info, missing, sysfs, procswaps, NULL), 0,
	       "no mountinfo: nothing mounted");
	is_int(swap_mounts_find_user(&info, tmpdir, sysfs, procswaps, NULL) < 0, 1,
	       "a mountinfo that cannot be read is an error");
}

/*
 * btrfs (and other filesystems over several devices) shows an anonymous
 * device number in mountinfo: the device is then found by the mount source,
 * here a real block device node of this machine at an escaped path.
 */
static void test_mounted_by_source(void)
{
	static const char *const nodes[] = { "/dev/loop0", "/dev/loop-control", "/dev/sda",
					     "/dev/vda", "/dev/nvme0n1", "/dev/ram0" };
	struct swap_mounts_user u = { .size = sizeof(u) };
	struct swap_area_info info;
	char text[1024], link[600];
	struct stat st;
	size_t i;

	for (i = 0; i < sizeof(nodes) / sizeof(nodes[0]); i++)
		if (stat(nodes[i], &st) == 0 && S_ISBLK(st.st_mode))
			break;
	if (i == sizeof(nodes) / sizeof(nodes[0])) {
		tap_skip("no block device node in /dev: mount source test");
		return;
	}
	/* the source as mountinfo escapes it: a blank is \040 */
	snprintf(link, sizeof(link), "%s/my dev", tmpdir);
	if (symlink(nodes[i], link) != 0) {
		tap_skip("symlink failed");
		return;
	}
	snprintf(text, sizeof(text),
		 "36 35 0:55 / /mnt/pool rw,relatime shared:1 - btrfs %s/my\\040dev rw\n",
		 tmpdir);
	put("mountinfo-source", text);
	snprintf(link, sizeof(link), "%s/mountinfo-source", tmpdir);
	info = blockdev(major(st.st_rdev), minor(st.st_rdev));
	is_int(swap_mounts_find_user(&info, link, sysfs, procswaps, &u), 1,
	       "a device mounted under an anonymous number is found by its source");
	is_int(u.kind, SWAP_MOUNTS_MOUNTED, "... mounted");
	is_str(u.what, "/mnt/pool", "... on /mnt/pool");
	info = blockdev(7, 99);
	is_int(swap_mounts_find_user(&info, link, sysfs, procswaps, &u), 0,
	       "another device: not in use");
}

int main(void)
{
	char cmd[300];

	testdata = getenv("TESTDATA");
	if (!testdata || !mkdtemp(tmpdir)) {
		tap_skip(testdata ? "mkdtemp failed" : "TESTDATA not set: fixture tests");
		return done_testing();
	}
	build_sysfs();
	test_file_through_loop_partition();
	test_deleted_name();
	test_unrelated_file();
	test_blockdev();
	test_mounted_by_source();
	test_small_struct();
	test_errors();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		perror("rm");
	return done_testing();
}
