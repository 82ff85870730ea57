/* test-area.c - unit tests of fd-level area work (lib/area.c) on temporary files under /tmp.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libswap.h"
#include "tap.h"

#define AREA_SIZE	(1024 * 1024)
#define UUID_A		"4c08e1cd-3c82-46bf-a55b-0c3270d6dfeb"
#define UUID_B		"0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"

static char tmpdir[] = "/tmp/swaptools-test-area-XXXXXX";
static struct swap_header hdr, dec;
static unsigned char page[65536], before[AREA_SIZE], after[AREA_SIZE];

/* ---- helpers: every file lives in tmpdir, removed at the end ---- */

static void path_in_tmpdir(char *out, size_t len, const char *name)
{
	snprintf(out, len, "%s/%s", tmpdir, name);
}

static int open_in_tmpdir(const char *name, int flags)
{
	char path[512];

	path_in_tmpdir(path, sizeof(path), name);
	return open(path, flags);
}

/* Create (or empty) @name, filled with @len bytes of @byte (0: sparse). */
static int make_file(const char *name, unsigned char byte, size_t len, int flags)
{
	char path[512];
	int fd;

	path_in_tmpdir(path, sizeof(path), name);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || fchmod(fd, 0600) < 0)
		return -1;
	if (byte) {
		memset(after, byte, len);
		if (pwrite(fd, after, len, 0) != (ssize_t)len)
			return -1;
	} else if (ftruncate(fd, (off_t)len) < 0) {
		return -1;
	}
	if (flags != O_RDWR) {
		close(fd);
		fd = open_in_tmpdir(name, flags);
	}
	return fd;
}

static void remove_in_tmpdir(const char *name)
{
	char path[512];

	path_in_tmpdir(path, sizeof(path), name);
	unlink(path);
}

/* Test setup writes: a failure here is reported, and shows up as failed checks. */
static void put_bytes(int fd, const void *buf, size_t len, off_t offset)
{
	if (pwrite(fd, buf, len, offset) != (ssize_t)len)
		printf("# setup pwrite of %zu bytes at %lld failed\n", len, (long long)offset);
}

static void snapshot(int fd, unsigned char *buf)
{
	memset(buf, 0, AREA_SIZE);
	if (pread(fd, buf, AREA_SIZE, 0) < 0)
		perror("pread");
}

static void reopen_and_snapshot(const char *name, unsigned char *buf)
{
	int fd = open_in_tmpdir(name, O_RDONLY);

	snapshot(fd, buf);
	close(fd);
}

static void build_header(size_t ps, const char *label, const char *uuid,
			 enum swap_endian e)
{
	swap_header_init(&hdr, ps, AREA_SIZE / ps, e);
	swap_header_set_label(&hdr, label);
	swap_uuid_parse(uuid, hdr.uuid);
	swap_header_encode(&hdr, page, ps);
}

static int write_file(const char *name, const char *text)
{
	char path[512];
	FILE *f;

	path_in_tmpdir(path, sizeof(path), name);
	f = fopen(path, "w");
	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

/* ---- inspect ---- */

static void test_inspect(void)
{
	struct swap_area_info info = SWAP_AREA_INFO_INIT;
	struct stat st;
	int fd = make_file("inspect", 0x11, AREA_SIZE, O_RDWR);
	int pipefd[2];

	fchmod(fd, 0640);
	fstat(fd, &st);
	is_int(swap_area_inspect(fd, &info), 0, "inspect a regular file");
	ok(info.is_regular && !info.is_blockdev && info.bytes == AREA_SIZE &&
	   info.mode == 0640 && info.uid == st.st_uid && info.dev == st.st_dev &&
	   info.ino == st.st_ino && info.allocated >= AREA_SIZE,
	   "inspect fills type, size, mode bits, owner, identity, allocation");
	is_int(swap_area_inspect(fd, NULL), -EINVAL, "inspect NULL out");
	is_int(swap_area_inspect(-1, &info), -EBADF, "inspect bad fd");
	close(fd);

	fd = open("/dev/null", O_RDONLY);
	is_int(swap_area_inspect(fd, &info), -ENODEV, "inspect character device: -ENODEV");
	close(fd);
	fd = open(tmpdir, O_RDONLY | O_DIRECTORY);
	is_int(swap_area_inspect(fd, &info), -ENODEV, "inspect directory: -ENODEV");
	close(fd);
	if (pipe(pipefd) == 0) {
		is_int(swap_area_inspect(pipefd[0], &info), -ENODEV, "inspect pipe: -ENODEV");
		close(pipefd[0]);
		close(pipefd[1]);
	}
	remove_in_tmpdir("inspect");
}

/* ---- read_header ---- */

static void test_read_header(void)
{
	int fd = make_file("read", 0, AREA_SIZE, O_RDWR);

	build_header(4096, "rd", UUID_A, SWAP_ENDIAN_NATIVE);
	put_bytes(fd, page, 4096, 0);
	is_int(swap_area_read_header(fd, 0, &dec), 0, "read header at 0");
	ok(dec.signature == SWAP_SIGNATURE_SWAPSPACE2 && strcmp(dec.label, "rd") == 0 &&
	   dec.last_page == AREA_SIZE / 4096 - 1, "read header fields");
	is_int(swap_area_read_header(fd, 4096, &dec), -ENOENT, "nothing at offset 4096");
	put_bytes(fd, page, 4096, 65536);
	is_int(swap_area_read_header(fd, 65536, &dec), 0, "read header at offset 64K");
	is_int(swap_area_read_header(fd, AREA_SIZE, &dec), -ENOENT, "offset at end of file: -ENOENT");
	is_int(swap_area_read_header(fd, 0, NULL), -EINVAL, "read NULL out");
	is_int(swap_area_read_header(fd, UINT64_MAX - 10, &dec), -EINVAL, "offset past off_t: -EINVAL");
	is_int(swap_area_read_header(-1, 0, &dec), -EBADF, "read bad fd");
	close(fd);

	fd = make_file("read", 0x22, 100, O_RDWR);
	is_int(swap_area_read_header(fd, 0, &dec), -ENOENT, "100-byte file: -ENOENT");
	close(fd);

	fd = make_file("read", 0, 65536, O_RDWR);
	build_header(65536, "big", UUID_A, SWAP_ENDIAN_BIG);
	put_bytes(fd, page, 65536, 0);
	is_int(swap_area_read_header(fd, 0, &dec), 0, "64K-page header in a 64K file");
	ok(dec.pagesize == 65536 && dec.endian == SWAP_ENDIAN_BIG, "64K big-endian header found");
	close(fd);

	fd = make_file("read", 0, 100, O_WRONLY);
	is_int(swap_area_read_header(fd, 0, &dec), -EBADF, "write-only fd: -EBADF");
	close(fd);
	remove_in_tmpdir("read");
}

/* ---- write_header ---- */

static int magic_at(const unsigned char *buf, size_t pos)
{
	return memcmp(buf + pos, "SWAPSPACE2", 10) == 0;
}

static void test_write_header_ok(void)
{
	int fd = make_file("write", 0xaa, AREA_SIZE, O_RDWR);

	build_header(4096, "w", UUID_A, SWAP_ENDIAN_NATIVE);
	is_int(swap_area_write_header(fd, 0, &hdr, 0), 0, "write header");
	snapshot(fd, after);
	ok(memcmp(after, page, 4096) == 0, "written page equals the encoded page (boot bits zeroed)");
	ok(after[4096] == 0xaa && after[AREA_SIZE - 1] == 0xaa, "the area after the header is left alone");

	fd = (close(fd), make_file("write", 0xaa, AREA_SIZE, O_RDWR));
	is_int(swap_area_write_header(fd, 0, &hdr, SWAP_AREA_KEEP_BOOTBITS), 0, "write keeping boot bits");
	snapshot(fd, after);
	ok(after[0] == 0xaa && after[1023] == 0xaa, "boot bits kept");
	ok(memcmp(after + 1024, page + 1024, 4096 - 1024) == 0, "bytes 1024..4095 written");

	fd = (close(fd), make_file("write", 0xaa, AREA_SIZE, O_RDWR));
	build_header(8192, "w8", UUID_B, SWAP_ENDIAN_BIG);
	is_int(swap_area_write_header(fd, 65536, &hdr, 0), 0, "write 8K BE header at offset 64K");
	snapshot(fd, after);
	ok(after[65535] == 0xaa && memcmp(after + 65536, page, 8192) == 0 && after[65536 + 8192] == 0xaa,
	   "offset write touches only its page");
	is_int(swap_area_read_header(fd, 65536, &dec), 0, "offset header reads back");
	close(fd);
	remove_in_tmpdir("write");
}

/* Rewriting a 16 KiB-page area for 4 KiB pages (swapon --fixpgsz) must not
 * leave the old magic behind at 16374. */
static void test_write_header_clears_stale_magic(void)
{
	int fd = make_file("stale", 0xaa, AREA_SIZE, O_RDWR);

	build_header(16384, "old", UUID_A, SWAP_ENDIAN_NATIVE);
	is_int(swap_area_write_header(fd, 0, &hdr, 0), 0, "write a 16K header");
	build_header(4096, "new", UUID_B, SWAP_ENDIAN_NATIVE);
	is_int(swap_area_write_header(fd, 0, &hdr, 0), 0, "rewrite it for 4K pages");
	snapshot(fd, after);
	ok(magic_at(after, 4086), "new magic at 4086");
	ok(!magic_at(after, 16374), "old magic at 16374 cleared");
	ok(after[16384] == 0xaa, "the data after the old header page is left alone");
	is_int(swap_area_read_header(fd, 0, &dec), 0, "reads back");
	is_int(dec.pagesize, 4096, "one signature left, at 4K");
	close(fd);
	remove_in_tmpdir("stale");
}

static void test_write_header_refusals(void)
{
	int fd = make_file("refuse", 0x5a, AREA_SIZE, O_RDWR);

	snapshot(fd, before);
	build_header(4096, "r", UUID_A, SWAP_ENDIAN_NATIVE);
	is_int(swap_area_write_header(fd, 0, NULL, 0), -EINVAL, "write NULL header");
	is_int(swap_area_write_header(fd, 0, &hdr, 0x80), -EINVAL, "write unknown flag");
	is_int(swap_area_write_header(fd, UINT64_MAX - 100, &hdr, 0), -EINVAL, "write offset past off_t");
	hdr.nr_badpages = 1000;
	is_int(swap_area_write_header(fd, 0, &hdr, 0), -EINVAL, "write too many bad pages");
	hdr.nr_badpages = 0;
	hdr.pagesize = 3000;
	is_int(swap_area_write_header(fd, 0, &hdr, 0), -EINVAL, "write invalid page size");
	hdr.pagesize = 4096;
	hdr.signature = SWAP_SIGNATURE_S2SUSPEND;
	is_int(swap_area_write_header(fd, 0, &hdr, 0), -EINVAL, "write non-SWAPSPACE2 header");
	snapshot(fd, after);
	ok(memcmp(before, after, AREA_SIZE) == 0, "refusals leave every byte as it was");
	is_int(swap_area_write_header(-1, 0, &hdr, 0), -EINVAL, "invalid header refused before the fd is used");
	close(fd);
	remove_in_tmpdir("refuse");
}

/* Fault injection without root: fds and limits that make a write fail. */
static void test_write_header_faults(void)
{
	int fd;

	/* Fresh area, read-only fd: the first write fails, no magic appears. */
	fd = make_file("fault", 0, AREA_SIZE, O_RDONLY);
	build_header(4096, "new", UUID_B, SWAP_ENDIAN_NATIVE);
	is_int(swap_area_write_header(fd, 0, &hdr, 0), -EBADF, "read-only fd: -EBADF");
	close(fd);
	reopen_and_snapshot("fault", after);
	ok(!magic_at(after, 4086), "read-only fd: magic absent");

	/* An existing area stays exactly the old one. */
	fd = make_file("fault", 0, AREA_SIZE, O_RDWR);
	build_header(4096, "old", UUID_A, SWAP_ENDIAN_NATIVE);
	put_bytes(fd, page, 4096, 0);
	snapshot(fd, before);
	close(fd);
	fd = open_in_tmpdir("fault", O_RDONLY);
	build_header(4096, "new", UUID_B, SWAP_ENDIAN_NATIVE);
	is_int(swap_area_write_header(fd, 0, &hdr, 0), -EBADF, "read-only fd over an old header fails");
	snapshot(fd, after);
	ok(memcmp(before, after, AREA_SIZE) == 0, "old header untouched");
	is_int(swap_area_read_header(fd, 0, &dec), 0, "old header still valid");
	is_str(dec.label, "old", "old label still there");
	close(fd);

	fd = open("/dev/full", O_WRONLY);
	if (fd < 0) {
		tap_skip("no /dev/full");
	} else {
		is_int(swap_area_write_header(fd, 0, &hdr, 0), -ENOSPC, "/dev/full: -ENOSPC");
		close(fd);
	}
	remove_in_tmpdir("fault");
}

/*
 * The ordering property itself: a file-size limit ends the first write 6
 * bytes into the magic field.  The old magic must be gone (the body write
 * cleared it) and no new magic present: never a valid-looking half header.
 */
static void test_write_header_interrupted(void)
{
	int fd = make_file("limit", 0, AREA_SIZE, O_RDWR);
	int status = -1;
	pid_t pid;

	build_header(4096, "old", UUID_A, SWAP_ENDIAN_NATIVE);
	put_bytes(fd, page, 4096, 0);
	build_header(4096, "new", UUID_B, SWAP_ENDIAN_NATIVE);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		struct rlimit lim = { 4096 - 10 + 6, 4096 - 10 + 6 };

		signal(SIGXFSZ, SIG_IGN);
		if (setrlimit(RLIMIT_FSIZE, &lim) < 0)
			_exit(2);
		_exit(swap_area_write_header(fd, 0, &hdr, 0) == -EFBIG ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 0, "write stopped by RLIMIT_FSIZE returns -EFBIG");
	snapshot(fd, after);
	ok(memcmp(after + 4086, "\0\0\0\0\0\0ACE2", 10) == 0, "old magic destroyed by the body write");
	ok(strcmp((char *)after + SWAP_HEADER_LABEL_OFFSET, "new") == 0, "body was written first");
	is_int(swap_area_read_header(fd, 0, &dec), -ENOENT, "interrupted area has no valid signature");
	close(fd);
	remove_in_tmpdir("limit");
}

/* ---- relabel ---- */

static void only_id_fields_differ(const char *what)
{
	int same_outside = memcmp(before, after, 1036) == 0 &&
			   memcmp(before + 1068, after + 1068, AREA_SIZE - 1068) == 0;

	ok(same_outside, "%s: only bytes 1036..1067 may change", what);
}

static void test_relabel(void)
{
	unsigned char uuid_a[16], uuid_b[16];
	int fd = make_file("relabel", 0x33, AREA_SIZE, O_RDWR);

	swap_uuid_parse(UUID_A, uuid_a);
	swap_uuid_parse(UUID_B, uuid_b);
	build_header(4096, "old-label", UUID_A, SWAP_ENDIAN_NATIVE);
	swap_area_write_header(fd, 0, &hdr, 0);

	snapshot(fd, before);
	is_int(swap_area_relabel(fd, 0, "new", NULL), 0, "relabel label only");
	snapshot(fd, after);
	only_id_fields_differ("label only");
	swap_area_read_header(fd, 0, &dec);
	ok(strcmp(dec.label, "new") == 0 && memcmp(dec.uuid, uuid_a, 16) == 0, "label changed, UUID kept");
	ok(after[SWAP_HEADER_LABEL_OFFSET + 4] == 0, "rest of the old label cleared");

	is_int(swap_area_relabel(fd, 0, NULL, uuid_b), 0, "relabel UUID only");
	swap_area_read_header(fd, 0, &dec);
	ok(strcmp(dec.label, "new") == 0 && memcmp(dec.uuid, uuid_b, 16) == 0, "UUID changed, label kept");

	is_int(swap_area_relabel(fd, 0, "sixteen-chars-xy", uuid_a), 1, "relabel both, label truncated");
	swap_area_read_header(fd, 0, &dec);
	ok(strcmp(dec.label, "sixteen-chars-x") == 0 && memcmp(dec.uuid, uuid_a, 16) == 0,
	   "both fields written");
	snapshot(fd, before);
	is_int(swap_area_relabel(fd, 0, NULL, NULL), 0, "relabel nothing");
	snapshot(fd, after);
	ok(memcmp(before, after, AREA_SIZE) == 0, "relabel nothing writes nothing");
	is_int(swap_area_relabel(-1, 0, "x", NULL), -EBADF, "relabel bad fd");
	close(fd);

	fd = make_file("relabel", 0, AREA_SIZE, O_RDWR);
	build_header(16384, "be", UUID_A, SWAP_ENDIAN_BIG);
	swap_area_write_header(fd, 65536, &hdr, 0);
	snapshot(fd, before);
	is_int(swap_area_relabel(fd, 65536, "at-offset", NULL), 0, "relabel BE 16K header at offset");
	snapshot(fd, after);
	swap_area_read_header(fd, 65536, &dec);
	ok(strcmp(dec.label, "at-offset") == 0 && dec.endian == SWAP_ENDIAN_BIG && dec.last_page == hdr.last_page,
	   "relabel at offset keeps the BE header");
	ok(memcmp(before, after, 65536 + 1036) == 0, "nothing before the offset header changed");
	is_int(swap_area_relabel(fd, 0, "x", NULL), -ENOENT, "relabel where there is no header: -ENOENT");
	close(fd);

	fd = make_file("relabel", 0, AREA_SIZE, O_RDWR);
	memset(page, 0, 4096);
	memcpy(page + 4086, "S1SUSPEND", 9);
	put_bytes(fd, page, 4096, 0);
	is_int(swap_area_relabel(fd, 0, "x", NULL), -ENOENT, "relabel a suspend image: -ENOENT");
	memcpy(page + 4086, "SWAP-SPACE", 10);
	put_bytes(fd, page, 4096, 0);
	is_int(swap_area_relabel(fd, 0, "x", NULL), -ENOENT, "relabel a v0 area: -ENOENT");
	close(fd);

	fd = make_file("relabel", 0, AREA_SIZE, O_RDWR);
	build_header(4096, "ro", UUID_A, SWAP_ENDIAN_NATIVE);
	put_bytes(fd, page, 4096, 0);
	close(fd);
	fd = open_in_tmpdir("relabel", O_RDONLY);
	is_int(swap_area_relabel(fd, 0, "x", NULL), -EBADF, "relabel through a read-only fd: -EBADF");
	swap_area_read_header(fd, 0, &dec);
	is_str(dec.label, "ro", "failed relabel left the label");
	close(fd);
	remove_in_tmpdir("relabel");
}

/* ---- rewrite_signature ---- */

static int file_with_magic(const char *magic, size_t pos)
{
	int fd = make_file("resig", 0, AREA_SIZE, O_RDWR);

	memset(page, 0, sizeof(page));
	memcpy(page, "bootbits", 8);
	memcpy(page + pos, magic, strlen(magic));
	put_bytes(fd, page, sizeof(page), 0);
	return fd;
}

static void test_rewrite_signature(void)
{
	static const char *const suspend[] = { "S1SUSPEND", "S2SUSPEND", "ULSUSPEND", "LINHIB0001" };
	size_t i;
	int fd;

	for (i = 0; i < 4; i++) {
		fd = file_with_magic(suspend[i], 8182);
		snapshot(fd, before);
		is_int(swap_area_rewrite_signature(fd, 0, 8192), 0, "rewrite %s at 8K", suspend[i]);
		snapshot(fd, after);
		ok(magic_at(after, 8182) && memcmp(before, after, 8182) == 0 &&
		   memcmp(before + 8192, after + 8192, AREA_SIZE - 8192) == 0,
		   "%s replaced by SWAPSPACE2, nothing else changed", suspend[i]);
		close(fd);
	}
	fd = file_with_magic("S1SUSPEND", 4086);
	is_int(swap_area_rewrite_signature(fd, 0, 8192), -ENOENT, "suspend at 4K, asked at 8K: -ENOENT");
	is_int(swap_area_rewrite_signature(fd, 0, 3000), -EINVAL, "invalid page size: -EINVAL");
	is_int(swap_area_rewrite_signature(-1, 0, 4096), -EBADF, "bad fd: -EBADF");
	close(fd);
	fd = file_with_magic("SWAPSPACE2", 4086);
	is_int(swap_area_rewrite_signature(fd, 0, 4096), -ENOENT, "already swap: -ENOENT");
	close(fd);
	fd = file_with_magic("", 0);
	is_int(swap_area_rewrite_signature(fd, 0, 4096), -ENOENT, "no signature: -ENOENT");
	close(fd);
	fd = make_file("resig", 0x20, 100, O_RDWR);
	is_int(swap_area_rewrite_signature(fd, 0, 4096), -ENOENT, "file shorter than a page: -ENOENT");
	close(fd);

	/* at an offset, like its siblings: only offset + pagesize - 10 changes */
	fd = file_with_magic("", 0);
	put_bytes(fd, "S2SUSPEND", 9, 8192 + 4086);
	snapshot(fd, before);
	is_int(swap_area_rewrite_signature(fd, 0, 4096), -ENOENT, "suspend at offset 8K, asked at 0: -ENOENT");
	is_int(swap_area_rewrite_signature(fd, 8192, 4096), 0, "rewrite at offset 8K");
	snapshot(fd, after);
	ok(magic_at(after, 8192 + 4086) && memcmp(before, after, 8192 + 4086) == 0 &&
	   memcmp(before + 8192 + 4096, after + 8192 + 4096, AREA_SIZE - 8192 - 4096) == 0,
	   "rewrite at offset 8K changed only that magic");
	is_int(swap_area_rewrite_signature(fd, UINT64_MAX - 100, 4096), -EINVAL,
	       "offset past off_t: -EINVAL");
	/* "not a swap area" is one errno everywhere */
	put_bytes(fd, "\0\0\0\0\0\0\0\0\0\0", 10, 8192 + 4086);
	is_int(swap_area_read_header(fd, 8192, &dec), -ENOENT, "not swap: read_header -ENOENT");
	is_int(swap_area_relabel(fd, 8192, "x", NULL), -ENOENT, "not swap: relabel -ENOENT");
	is_int(swap_area_rewrite_signature(fd, 8192, 4096), -ENOENT, "not swap: rewrite -ENOENT");
	close(fd);

	fd = file_with_magic("S1SUSPEND", 4086);
	close(fd);
	fd = open_in_tmpdir("resig", O_RDONLY);
	is_int(swap_area_rewrite_signature(fd, 0, 4096), -EBADF, "read-only fd: -EBADF");
	close(fd);
	remove_in_tmpdir("resig");
}

/* ---- check ---- */

#define PROCSWAPS_HEAD "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"

static void procswaps_listing(const char *name, const char *path, const char *type)
{
	int len = (int)strlen(path);
	char text[1024];

	/* As the kernel: the name padded to 40 columns, at least one space. */
	snprintf(text, sizeof(text), PROCSWAPS_HEAD "%s%*s%s\t\t1020\t\t0\t\t-2\n",
		 path, len < 40 ? 40 - len : 1, "", type);
	write_file(name, text);
}

static unsigned owner_bit(const struct swap_area_info *info)
{
	return info->uid != 0 ? SWAP_AREA_INSECURE_OWNER : 0;
}

static void test_check_files(void)
{
	struct swap_area_info info = SWAP_AREA_INFO_INIT;
	char empty[512];
	int fd;

	write_file("swaps-empty", PROCSWAPS_HEAD);
	path_in_tmpdir(empty, sizeof(empty), "swaps-empty");

	fd = make_file("chk", 0x44, AREA_SIZE, O_RDWR);
	fchmod(fd, 0600);
	swap_area_inspect(fd, &info);
	is_int(swap_area_check(fd, &info, empty, SWAP_AREA_CHECK_ALL), owner_bit(&info), "written 0600 file: clean");
	fchmod(fd, 0644);
	swap_area_inspect(fd, &info);
	is_int(swap_area_check(fd, &info, empty, SWAP_AREA_CHECK_ALL), SWAP_AREA_INSECURE_MODE | owner_bit(&info),
	       "0644 file: INSECURE_MODE");
	fchmod(fd, 0620);
	swap_area_inspect(fd, &info);
	is_int(swap_area_check(fd, &info, empty, SWAP_AREA_CHECK_ALL) & SWAP_AREA_INSECURE_MODE, SWAP_AREA_INSECURE_MODE,
	       "0620 file (group write): INSECURE_MODE");
	info.uid = 1000;
	info.mode = 0600;
	is_int(swap_area_check(fd, &info, empty, SWAP_AREA_CHECK_ALL), SWAP_AREA_INSECURE_OWNER, "file owned by uid 1000: INSECURE_OWNER");
	close(fd);

	fd = make_file("chk", 0, AREA_SIZE, O_RDWR);
	swap_area_inspect(fd, &info);
	is_int(swap_area_check(fd, &info, empty, SWAP_AREA_CHECK_ALL),
	       SWAP_AREA_HOLES | SWAP_AREA_BAD_EXTENTS | owner_bit(&info), "sparse file: HOLES and BAD_EXTENTS");
	is_int(swap_area_check(-1, &info, empty, SWAP_AREA_CHECK_ALL), SWAP_AREA_HOLES | owner_bit(&info),
	       "sparse file, fd -1: FIEMAP skipped");
	close(fd);

	/* A hole in the middle only: st_blocks and FIEMAP both see it. */
	fd = make_file("chk", 0, AREA_SIZE, O_RDWR);
	memset(after, 0x55, AREA_SIZE);
	put_bytes(fd, after, AREA_SIZE / 2, 0);
	put_bytes(fd, after, 65536, AREA_SIZE - 65536);
	swap_area_inspect(fd, &info);
	is_int(swap_area_check(fd, &info, empty, SWAP_AREA_CHECK_ALL),
	       SWAP_AREA_HOLES | SWAP_AREA_BAD_EXTENTS | owner_bit(&info), "hole in the middle found");
	close(fd);

	/* fallocate: unwritten extents, which the kernel accepts for swap. */
	fd = make_file("chk", 0, 0, O_RDWR);
	if (posix_fallocate(fd, 0, AREA_SIZE) != 0) {
		tap_skip("posix_fallocate not supported on /tmp");
	} else {
		swap_area_inspect(fd, &info);
		is_int(swap_area_check(fd, &info, empty, SWAP_AREA_CHECK_ALL), owner_bit(&info),
		       "fallocated file: no HOLES, unwritten extents accepted");
	}
	close(fd);

	memset(&info, 0, sizeof(info));
	is_int(swap_area_check(-1, &info, empty, SWAP_AREA_CHECK_ALL), -EINVAL, "check info without its size");
	info.size = sizeof(info);
	is_int(swap_area_check(-1, NULL, empty, SWAP_AREA_CHECK_ALL), -EINVAL, "check NULL info");
	is_int(swap_area_check(-1, &info, empty, SWAP_AREA_CHECK_ALL), -EINVAL, "check info of neither type");
	info.is_regular = 1;
	info.mode = 0600;
	{
		char missing[512];

		path_in_tmpdir(missing, sizeof(missing), "no-such-swaps");
		is_int(swap_area_check(-1, &info, missing, SWAP_AREA_CHECK_ALL), -ENOENT, "missing procswaps fixture: -ENOENT");
	}
	remove_in_tmpdir("chk");
	remove_in_tmpdir("swaps-empty");
}

/* Only the checks asked are made: without SWAP_AREA_ACTIVE no /proc/swaps
 * is opened, without SWAP_AREA_BAD_EXTENTS no FIEMAP is tried. */
static void test_check_mask(void)
{
	unsigned cheap = SWAP_AREA_INSECURE_MODE | SWAP_AREA_INSECURE_OWNER | SWAP_AREA_HOLES;
	struct swap_area_info info = SWAP_AREA_INFO_INIT;
	char missing[512], dir[512];
	int fd, closed;

	path_in_tmpdir(missing, sizeof(missing), "no-such-swaps");
	path_in_tmpdir(dir, sizeof(dir), "swaps-dir");
	mkdir(dir, 0700);
	fd = make_file("mask", 0, AREA_SIZE, O_RDWR);	/* sparse */
	fchmod(fd, 0644);
	swap_area_inspect(fd, &info);

	is_int(swap_area_check(fd, &info, missing, cheap),
	       SWAP_AREA_INSECURE_MODE | SWAP_AREA_HOLES | owner_bit(&info),
	       "no ACTIVE asked: a missing procswaps is never opened");
	is_int(swap_area_check(fd, &info, dir, cheap | SWAP_AREA_BAD_EXTENTS) & ~SWAP_AREA_BAD_EXTENTS,
	       SWAP_AREA_INSECURE_MODE | SWAP_AREA_HOLES | owner_bit(&info),
	       "no ACTIVE asked: a procswaps that is a directory is never read");
	ok(swap_area_check(fd, &info, dir, SWAP_AREA_ACTIVE) < 0,
	   "... but with ACTIVE it is, and fails");
	is_int(swap_area_check(fd, &info, missing, SWAP_AREA_ACTIVE), -ENOENT,
	       "... and a missing one is -ENOENT");

	/* a descriptor that is not open: FIEMAP on it fails with EBADF */
	closed = dup(fd);
	close(closed);
	is_int(swap_area_check(closed, &info, missing, cheap),
	       SWAP_AREA_INSECURE_MODE | SWAP_AREA_HOLES | owner_bit(&info),
	       "no BAD_EXTENTS asked: FIEMAP is not tried");
	is_int(swap_area_check(closed, &info, missing, SWAP_AREA_BAD_EXTENTS), -EBADF,
	       "... with BAD_EXTENTS it is (EBADF on a closed descriptor)");
	is_int(swap_area_check(fd, &info, missing, SWAP_AREA_BAD_EXTENTS), SWAP_AREA_BAD_EXTENTS,
	       "BAD_EXTENTS alone: only that finding");

	is_int(swap_area_check(fd, &info, missing, SWAP_AREA_INSECURE_OWNER), owner_bit(&info),
	       "only the findings asked are returned (no MODE, no HOLES)");
	is_int(swap_area_check(fd, &info, missing, 0), 0, "no checks: nothing found");
	is_int(swap_area_check(fd, &info, missing, 1u << 5), -EINVAL, "unknown bit: -EINVAL");
	is_int(swap_area_check(fd, &info, missing, ~0u), -EINVAL, "all bits: -EINVAL");
	is_int(swap_area_check(fd, &info, missing, SWAP_AREA_CHECK_ALL | (1u << 31)), -EINVAL,
	       "CHECK_ALL plus an unknown bit: -EINVAL");
	close(fd);
	remove_in_tmpdir("mask");
	rmdir(dir);
}

static void test_check_active_file(void)
{
	struct swap_area_info info = SWAP_AREA_INFO_INIT;
	char path[512], other[512], fixture[512];
	int fd, rc;

	path_in_tmpdir(path, sizeof(path), "my swap");
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	memset(after, 0x66, AREA_SIZE);
	put_bytes(fd, after, AREA_SIZE, 0);
	swap_area_inspect(fd, &info);
	path_in_tmpdir(fixture, sizeof(fixture), "swaps");

	/* The kernel escapes the space as \040. */
	snprintf(other, sizeof(other), "%s/my\\040swap", tmpdir);
	procswaps_listing("swaps", other, "file\t");
	is_int(swap_area_check(fd, &info, fixture, SWAP_AREA_CHECK_ALL), SWAP_AREA_ACTIVE | owner_bit(&info),
	       "file listed (escaped name) in procswaps: ACTIVE");

	/* Same inode under another name still counts: identity, not name. */
	path_in_tmpdir(other, sizeof(other), "hardlink");
	if (link(path, other) == 0) {
		procswaps_listing("swaps", other, "file\t");
		is_int(swap_area_check(fd, &info, fixture, SWAP_AREA_CHECK_ALL), SWAP_AREA_ACTIVE | owner_bit(&info),
		       "listed under a hard link: ACTIVE");
		unlink(other);
	} else {
		tap_skip("link() failed");
	}

	path_in_tmpdir(other, sizeof(other), "other");
	write_file("other", "x");
	procswaps_listing("swaps", other, "file\t");
	is_int(swap_area_check(fd, &info, fixture, SWAP_AREA_CHECK_ALL), owner_bit(&info), "another file listed: not ACTIVE");
	remove_in_tmpdir("other");
	procswaps_listing("swaps", "/nonexistent/swapfile", "file\t");
	is_int(swap_area_check(fd, &info, fixture, SWAP_AREA_CHECK_ALL), owner_bit(&info), "vanished entry: not ACTIVE");

	/* The real /proc/swaps: a fresh temp file is never active. */
	rc = swap_area_check(fd, &info, NULL, SWAP_AREA_CHECK_ALL);
	ok(rc >= 0 && !(rc & SWAP_AREA_ACTIVE), "real /proc/swaps: temp file not active");
	close(fd);
	unlink(path);
	remove_in_tmpdir("swaps");
}

/* Any block device node: only stat()ed, never opened. */
static int find_block_device(char *out, size_t len, struct stat *st)
{
	DIR *d = opendir("/dev");
	struct dirent *de;
	int found = 0;

	if (!d)
		return 0;
	while (!found && (de = readdir(d)) != NULL) {
		snprintf(out, len, "/dev/%s", de->d_name);
		found = stat(out, st) == 0 && S_ISBLK(st->st_mode);
	}
	closedir(d);
	return found;
}

static void test_check_blockdev(void)
{
	struct swap_area_info info = SWAP_AREA_INFO_INIT;
	char dev[512], fixture[512];
	struct stat st;

	memset(&info, 0, sizeof(info));
	info.size = sizeof(info);
	info.is_blockdev = 1;
	info.uid = 1000;	/* owners of devices are not checked */
	write_file("swaps", PROCSWAPS_HEAD);
	path_in_tmpdir(fixture, sizeof(fixture), "swaps");
	info.mode = 0660;
	is_int(swap_area_check(-1, &info, fixture, SWAP_AREA_CHECK_ALL), 0, "block device 0660: clean");
	info.mode = 0600;
	is_int(swap_area_check(-1, &info, fixture, SWAP_AREA_CHECK_ALL), 0, "block device 0600: clean");
	info.mode = 0664;
	is_int(swap_area_check(-1, &info, fixture, SWAP_AREA_CHECK_ALL), SWAP_AREA_INSECURE_MODE, "block device 0664: INSECURE_MODE");
	info.mode = 02660;
	is_int(swap_area_check(-1, &info, fixture, SWAP_AREA_CHECK_ALL), SWAP_AREA_INSECURE_MODE, "block device setgid: INSECURE_MODE");
	info.mode = 0660;

	if (!find_block_device(dev, sizeof(dev), &st)) {
		tap_skip("no block device node in /dev");
		tap_skip("no block device node in /dev");
	} else {
		info.rdev = st.st_rdev;
		procswaps_listing("swaps", dev, "partition");
		is_int(swap_area_check(-1, &info, fixture, SWAP_AREA_CHECK_ALL), SWAP_AREA_ACTIVE, "device listed: ACTIVE (by st_rdev)");
		info.rdev = st.st_rdev + 1;
		is_int(swap_area_check(-1, &info, fixture, SWAP_AREA_CHECK_ALL), 0, "other device listed: not ACTIVE");
	}
	remove_in_tmpdir("swaps");

	is_int(swap_area_suggest_mode(&info), 0660, "suggest 0660 for block devices");
	info.is_blockdev = 0;
	info.is_regular = 1;
	is_int(swap_area_suggest_mode(&info), 0600, "suggest 0600 for files");
	is_int(swap_area_suggest_mode(NULL), 0600, "suggest 0600 for NULL");
}

/* swap_area_find_active and swap_area_find_tag on a fixture /proc/swaps. */
static void test_find_active_and_tag(void)
{
	struct swap_procswaps_entry e = SWAP_PROCSWAPS_ENTRY_INIT;
	struct swap_area_info info = SWAP_AREA_INFO_INIT;
	char path[512], fixture[512];
	unsigned char uuid[16];
	int fd;

	fd = make_file("tagged", 0, AREA_SIZE, O_RDWR);
	build_header(4096, "findme", UUID_A, SWAP_ENDIAN_NATIVE);
	is_int(swap_area_write_header(fd, 0, &hdr, 0), 0, "tagged area written");
	swap_area_inspect(fd, &info);
	path_in_tmpdir(path, sizeof(path), "tagged");
	path_in_tmpdir(fixture, sizeof(fixture), "swaps");
	procswaps_listing("swaps", path, "file\t");

	is_int(swap_area_find_active(&info, fixture, &e), 1, "find_active: listed area found");
	is_str(e.name, path, "find_active: its entry is returned");
	is_int(swap_area_find_active(&info, fixture, NULL), 1, "find_active: NULL entry is fine");
	is_int(swap_area_find_active(NULL, fixture, &e), -EINVAL, "find_active: NULL info");
	is_int(swap_area_find_active(&info, "/nonexistent/swaps", &e), -ENOENT,
	       "find_active: a missing fixture is an error");

	is_int(swap_area_find_tag(SWAP_SPEC_LABEL, "findme", fixture, &e), 1, "find_tag: by label");
	is_str(e.name, path, "find_tag: the labelled file");
	is_int(swap_area_find_tag(SWAP_SPEC_UUID, UUID_A, fixture, NULL), 1, "find_tag: by UUID");
	is_int(swap_area_find_tag(SWAP_SPEC_LABEL, "other", fixture, &e), 0, "find_tag: other label");
	is_int(swap_area_find_tag(SWAP_SPEC_UUID, UUID_B, fixture, &e), 0, "find_tag: other UUID");
	is_int(swap_area_find_tag(SWAP_SPEC_UUID, "nope", fixture, &e), -EINVAL, "find_tag: bad UUID");
	is_int(swap_area_find_tag(SWAP_SPEC_PATH, "findme", fixture, &e), -EINVAL,
	       "find_tag: only LABEL and UUID");
	is_int(swap_area_find_tag(SWAP_SPEC_LABEL, NULL, fixture, &e), -EINVAL, "find_tag: NULL value");

	/* A listed file without a swap header (or gone) never matches. */
	memset(uuid, 0, sizeof(uuid));
	put_bytes(fd, uuid, sizeof(uuid), 4096 - 10);	/* clear the magic */
	is_int(swap_area_find_tag(SWAP_SPEC_LABEL, "findme", fixture, &e), 0,
	       "find_tag: no signature, no match");
	close(fd);
	remove_in_tmpdir("tagged");
	is_int(swap_area_find_tag(SWAP_SPEC_LABEL, "findme", fixture, &e), 0,
	       "find_tag: a vanished file is skipped");
	remove_in_tmpdir("swaps");
}

/* swap_area_open never blocks on a FIFO and refuses what is not an area. */
static void test_open(void)
{
	char path[512];
	int fd;

	fd = make_file("plain", 0, 4096, O_RDWR);
	close(fd);
	path_in_tmpdir(path, sizeof(path), "plain");
	fd = swap_area_open(path, O_RDWR, 0);
	ok(fd >= 0, "open: a regular file opens");
	ok(fd >= 0 && !(fcntl(fd, F_GETFL) & O_NONBLOCK), "open: O_NONBLOCK is cleared");
	ok(fd >= 0 && (fcntl(fd, F_GETFD) & FD_CLOEXEC), "open: close-on-exec is set");
	if (fd >= 0)
		close(fd);
	remove_in_tmpdir("plain");

	path_in_tmpdir(path, sizeof(path), "fifo");
	if (mkfifo(path, 0600) == 0) {
		/* Without O_NONBLOCK both opens would wait for a peer forever. */
		is_int(swap_area_open(path, O_RDONLY, 0), -ENODEV, "open: a FIFO read-only is refused");
		fd = swap_area_open(path, O_RDWR, 0);
		is_int(fd, -ENODEV, "open: a FIFO read-write is refused");
		remove_in_tmpdir("fifo");
	} else {
		tap_skip("mkfifo failed");
		tap_skip("mkfifo failed");
	}
	is_int(swap_area_open(tmpdir, O_RDONLY, 0), -EISDIR, "open: a directory is refused");
	is_int(swap_area_open("/dev/null", O_RDONLY, 0), -ENODEV, "open: a character device is refused");
	path_in_tmpdir(path, sizeof(path), "missing");
	is_int(swap_area_open(path, O_RDONLY, 0), -ENOENT, "open: errno of open(2)");
	is_int(swap_area_open(NULL, O_RDONLY, 0), -EINVAL, "open: NULL path");
	fd = swap_area_open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
	ok(fd >= 0, "open: O_CREAT with a mode");
	if (fd >= 0) {
		struct stat st;
		ok(fstat(fd, &st) == 0 && (st.st_mode & 07777) == 0600, "open: the mode is used");
		close(fd);
	}
	remove_in_tmpdir("missing");
}

/* ---- walk_extents ---- */

struct walk_log {
	unsigned kinds[8];
	uint64_t offsets[8];
	int n, stop_after;
};

static int log_extent(unsigned kind, uint64_t offset, void *data)
{
	struct walk_log *l = data;

	if (l->n < 8) {
		l->kinds[l->n] = kind;
		l->offsets[l->n] = offset;
	}
	l->n++;
	return l->stop_after && l->n >= l->stop_after;
}

static void test_walk_extents(void)
{
	struct walk_log l = { .n = 0 };
	long rc;
	int fd;

	/* data at [64K, 128K) and [512K, 576K): holes at 0, 128K and 576K */
	fd = make_file("walk", 0, AREA_SIZE, O_RDWR);
	memset(after, 0x66, 65536);
	put_bytes(fd, after, 65536, 65536);
	put_bytes(fd, after, 65536, 524288);
	fsync(fd);
	rc = swap_area_walk_extents(fd, AREA_SIZE, log_extent, &l);
	if (rc == -EOPNOTSUPP || rc == -ENOTTY) {
		tap_skip("no FIEMAP on this filesystem");
		close(fd);
		remove_in_tmpdir("walk");
		return;
	}
	is_int(rc, 3, "three holes reported");
	is_int(l.n, 3, "... one call each");
	ok(l.kinds[0] == SWAP_EXTENT_HOLE && l.offsets[0] == 0, "... the first at 0");
	ok(l.kinds[1] == SWAP_EXTENT_HOLE && l.offsets[1] == 131072, "... then at 128K");
	ok(l.kinds[2] == SWAP_EXTENT_HOLE && l.offsets[2] == 589824, "... and at the end, 576K");

	memset(&l, 0, sizeof(l));
	l.stop_after = 1;
	is_int(swap_area_walk_extents(fd, AREA_SIZE, log_extent, &l), 1,
	       "a callback returning non-zero stops the walk");
	close(fd);

	fd = make_file("walk", 0x77, AREA_SIZE, O_RDWR);
	fsync(fd);
	memset(&l, 0, sizeof(l));
	is_int(swap_area_walk_extents(fd, AREA_SIZE, log_extent, &l), 0, "a written file: nothing");
	is_int(swap_area_walk_extents(fd, AREA_SIZE, NULL, NULL), -EINVAL, "NULL callback");
	close(fd);
	remove_in_tmpdir("walk");
}

int main(void)
{
	if (!mkdtemp(tmpdir)) {
		printf("Bail out! mkdtemp in /tmp failed\n");
		return 1;
	}
	test_open();
	test_inspect();
	test_read_header();
	test_write_header_ok();
	test_write_header_clears_stale_magic();
	test_write_header_refusals();
	test_write_header_faults();
	test_write_header_interrupted();
	test_relabel();
	test_rewrite_signature();
	test_check_files();
	test_check_mask();
	test_walk_extents();
	test_check_active_file();
	test_find_active_and_tag();
	test_check_blockdev();
	rmdir(tmpdir);
	return done_testing();
}
