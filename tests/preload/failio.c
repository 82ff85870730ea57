/*
 * failio - LD_PRELOAD fault injection for I/O system calls, for tests.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Makes chosen read/write/fsync calls fail (or kills the process at that
 * point), so tests can show what a tool leaves behind after an I/O error or
 * a crash in the middle of its work.  Everything is chosen by environment
 * variables; with FAILIO_SYSCALL unset the library does nothing.
 *
 *   FAILIO_SYSCALL  comma-separated calls to watch: read, pread, write,
 *                   pwrite, fsync, fdatasync ("pread" also covers pread64,
 *                   "pwrite" pwrite64)
 *   FAILIO_PATH     only descriptors open on this file (compared by device
 *                   and inode); unset: every descriptor
 *   FAILIO_OFFSET   only I/O whose byte range overlaps
 *   FAILIO_LENGTH   [OFFSET, OFFSET + LENGTH) (LENGTH defaults to 1);
 *                   read/write use the file position; fsync always matches
 *   FAILIO_NTH      the first matching call to fail, counting from 1
 *                   (default 1; 0: never fail, only log)
 *   FAILIO_COUNT    how many matching calls fail from there (default 1;
 *                   0: all of them)
 *   FAILIO_ERRNO    the error: a name (EIO, ENOSPC, EROFS, ...) or a
 *                   number (default EIO)
 *   FAILIO_SIGNAL   instead of failing, raise this signal (9: a crash)
 *   FAILIO_LOG      append one line per matching call to this file:
 *                   "<call> <offset> <length> <ok|fail>"
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

enum call { C_READ, C_PREAD, C_WRITE, C_PWRITE, C_FSYNC, C_FDATASYNC, C_MAX };

static const char *const call_names[C_MAX] = {
	"read", "pread", "write", "pwrite", "fsync", "fdatasync"
};

static struct {
	int ready;
	unsigned watch;			/* bit per enum call */
	int have_path;
	dev_t dev;
	ino_t ino;
	dev_t rdev;
	int have_offset;
	long long offset, length;
	long long nth, count, seen;
	int err, sig;
	const char *log;
} cfg;

static long long env_num(const char *name, long long dflt)
{
	const char *v = getenv(name);

	return v && *v ? strtoll(v, NULL, 0) : dflt;
}

static int parse_errno(const char *v)
{
	static const struct { const char *name; int value; } names[] = {
		{ "EIO", EIO }, { "ENOSPC", ENOSPC }, { "EROFS", EROFS },
		{ "EBUSY", EBUSY }, { "EPERM", EPERM }, { "EACCES", EACCES },
		{ "EINTR", EINTR }, { "EAGAIN", EAGAIN }, { "EFBIG", EFBIG },
		{ "EDQUOT", EDQUOT }, { "ENOMEM", ENOMEM }, { "EINVAL", EINVAL },
		{ "ETXTBSY", ETXTBSY }, { "ENXIO", ENXIO },
	};
	size_t i;

	if (!v || !*v)
		return EIO;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(v, names[i].name))
			return names[i].value;
	return atoi(v) > 0 ? atoi(v) : EIO;
}

static void setup(void)
{
	const char *calls = getenv("FAILIO_SYSCALL"), *path = getenv("FAILIO_PATH");
	struct stat st;
	int i;

	cfg.ready = 1;
	if (!calls)
		return;
	for (i = 0; i < C_MAX; i++) {
		const char *p = calls;
		size_t n = strlen(call_names[i]);

		while ((p = strstr(p, call_names[i]))) {
			if ((p == calls || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
				cfg.watch |= 1u << i;
			p += n;
		}
	}
	if (path && *path) {
		if (stat(path, &st) != 0) {
			cfg.watch = 0;	/* nothing to match */
			return;
		}
		cfg.have_path = 1;
		cfg.dev = st.st_dev;
		cfg.ino = st.st_ino;
		cfg.rdev = S_ISBLK(st.st_mode) ? st.st_rdev : 0;
	}
	cfg.have_offset = getenv("FAILIO_OFFSET") != NULL;
	cfg.offset = env_num("FAILIO_OFFSET", 0);
	cfg.length = env_num("FAILIO_LENGTH", 1);
	cfg.nth = env_num("FAILIO_NTH", 1);
	cfg.count = env_num("FAILIO_COUNT", 1);
	cfg.err = parse_errno(getenv("FAILIO_ERRNO"));
	cfg.sig = (int)env_num("FAILIO_SIGNAL", 0);
	cfg.log = getenv("FAILIO_LOG");
}

static void *real(const char *name)
{
	void *fn = dlsym(RTLD_NEXT, name);

	if (!fn)
		abort();
	return fn;
}

static int same_file(int fd)
{
	struct stat st;

	if (!cfg.have_path)
		return 1;
	if (fstat(fd, &st) != 0)
		return 0;
	if (cfg.rdev)
		return S_ISBLK(st.st_mode) && st.st_rdev == cfg.rdev;
	return st.st_dev == cfg.dev && st.st_ino == cfg.ino;
}

static void log_call(enum call c, long long off, long long len, int fail)
{
	int fd, saved = errno;
	char line[128];

	if (!cfg.log)
		return;
	fd = open(cfg.log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	snprintf(line, sizeof(line), "%s %lld %lld %s\n", call_names[c], off, len,
		 fail ? "fail" : "ok");
	/* syscall() would be overkill: the real write is not watched here */
	((ssize_t (*)(int, const void *, size_t))real("write"))(fd, line, strlen(line));
	close(fd);
	errno = saved;
}

/*
 * Decide for one call.  Returns 0 to let it through, or -1 with errno set
 * when it is to fail.  @off < 0 means "the current file position".
 */
static int should_fail(enum call c, int fd, long long off, long long len)
{
	int fail;

	if (!cfg.ready)
		setup();
	if (!(cfg.watch & (1u << c)) || !same_file(fd))
		return 0;
	if (off < 0 && c != C_FSYNC && c != C_FDATASYNC)
		off = lseek(fd, 0, SEEK_CUR);
	if (cfg.have_offset && c != C_FSYNC && c != C_FDATASYNC &&
	    (off < 0 || off + len <= cfg.offset || off >= cfg.offset + cfg.length))
		return 0;
	cfg.seen++;
	fail = cfg.nth > 0 && cfg.seen >= cfg.nth &&
	       (cfg.count == 0 || cfg.seen < cfg.nth + cfg.count);
	log_call(c, off, len, fail);
	if (!fail)
		return 0;
	if (cfg.sig)
		raise(cfg.sig);
	errno = cfg.err;
	return -1;
}

ssize_t read(int fd, void *buf, size_t n)
{
	if (should_fail(C_READ, fd, -1, (long long)n))
		return -1;
	return ((ssize_t (*)(int, void *, size_t))real("read"))(fd, buf, n);
}

ssize_t pread(int fd, void *buf, size_t n, off_t off)
{
	if (should_fail(C_PREAD, fd, off, (long long)n))
		return -1;
	return ((ssize_t (*)(int, void *, size_t, off_t))real("pread"))(fd, buf, n, off);
}

ssize_t pread64(int fd, void *buf, size_t n, off64_t off)
{
	if (should_fail(C_PREAD, fd, off, (long long)n))
		return -1;
	return ((ssize_t (*)(int, void *, size_t, off64_t))real("pread64"))(fd, buf, n, off);
}

ssize_t write(int fd, const void *buf, size_t n)
{
	if (should_fail(C_WRITE, fd, -1, (long long)n))
		return -1;
	return ((ssize_t (*)(int, const void *, size_t))real("write"))(fd, buf, n);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
	if (should_fail(C_PWRITE, fd, off, (long long)n))
		return -1;
	return ((ssize_t (*)(int, const void *, size_t, off_t))real("pwrite"))(fd, buf, n, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off64_t off)
{
	if (should_fail(C_PWRITE, fd, off, (long long)n))
		return -1;
	return ((ssize_t (*)(int, const void *, size_t, off64_t))real("pwrite64"))(fd, buf, n, off);
}

int fsync(int fd)
{
	if (should_fail(C_FSYNC, fd, 0, 0))
		return -1;
	return ((int (*)(int))real("fsync"))(fd);
}

int fdatasync(int fd)
{
	if (should_fail(C_FDATASYNC, fd, 0, 0))
		return -1;
	return ((int (*)(int))real("fdatasync"))(fd);
}
