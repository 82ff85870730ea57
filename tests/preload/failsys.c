/*
 * failsys - LD_PRELOAD fault injection for open, swapon(2), swapoff(2) and
 * short reads of /proc files, for tests.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The errors a test cannot get from the kernel on demand: a file that
 * cannot be opened although it exists, a swapon(2) that says EBUSY or
 * EPERM, a swapoff(2) that runs out of memory, a /proc file that ends
 * early.  Each group is chosen by environment variables; with none of them
 * set the library does nothing.  Errors are a name (EACCES, EBUSY, ...) or
 * a number.  Paths are compared as strings and, when the file exists, by
 * device and inode (block devices: by device number), so a tool that opens
 * /proc/self/fd/N or a symlink still matches.
 *
 *   FAILSYS_OPEN_PATH     open/openat/fopen of this file fail ...
 *   FAILSYS_OPEN_ERRNO    ... with this error (default EACCES)
 *   FAILSYS_OPEN_ACCESS   "any" (default), "read" (only O_RDONLY opens) or
 *                         "write" (only O_WRONLY/O_RDWR opens)
 *
 *   FAILSYS_SWAPON        result of the swapon() wrapper: an error, or
 *                         "OK" to return 0 without asking the kernel
 *   FAILSYS_SWAPON_PATH   only for this area; other calls reach the kernel
 *   FAILSYS_SWAPON_OTHER  with FAILSYS_SWAPON_PATH: the result for every
 *                         other area (unset: the real call)
 *   FAILSYS_SWAPOFF, FAILSYS_SWAPOFF_PATH, FAILSYS_SWAPOFF_OTHER
 *                         the same for swapoff(): e.g. FAILSYS_SWAPOFF=EBUSY
 *                         with FAILSYS_SWAPOFF_OTHER=OK runs swapoff -a over
 *                         a fake /proc/swaps without touching a real area
 *
 *   FAILSYS_FIEMAP        ioctl(FS_IOC_FIEMAP) fails with this error
 *
 *   FAILSYS_SHORT_PATH    opens of this file (exact string, e.g.
 *                         /proc/meminfo or /proc/swaps) get a descriptor
 *                         holding only the first ...
 *   FAILSYS_SHORT_BYTES   ... N bytes of its real content, then end of
 *                         file (default 0).  Works for read(2) and stdio.
 *
 *   FAILSYS_LOG           append one line per injected fault to this file:
 *                         "<call> <path> <result>"
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/fiemap.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/swap.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

/* What a faked call returns: FAKE_REAL passes the call on, FAKE_OK
 * returns 0, anything else is the errno to fail with. */
#define FAKE_REAL	0
#define FAKE_OK		-1

struct target {
	const char *path;	/* NULL: any */
	int have_id;
	dev_t dev, rdev;
	ino_t ino;
};

static struct {
	int ready;
	struct target open;
	int open_err, open_access;	/* 0 any, 1 read, 2 write */
	struct target swapon, swapoff;
	int swapon_res, swapon_other, swapoff_res, swapoff_other;
	const char *short_path;
	long long short_bytes;
	int fiemap_err;
	const char *log;
} cfg;

static int parse_errno(const char *v, int dflt)
{
	static const struct { const char *name; int value; } names[] = {
		{ "EPERM", EPERM }, { "ENOENT", ENOENT }, { "EIO", EIO },
		{ "ENXIO", ENXIO }, { "ENOMEM", ENOMEM }, { "EACCES", EACCES },
		{ "EBUSY", EBUSY }, { "EEXIST", EEXIST }, { "ENODEV", ENODEV },
		{ "ENOTDIR", ENOTDIR }, { "EISDIR", EISDIR }, { "EINVAL", EINVAL },
		{ "EMFILE", EMFILE }, { "ETXTBSY", ETXTBSY }, { "EFBIG", EFBIG },
		{ "ENOSPC", ENOSPC }, { "EROFS", EROFS }, { "ELOOP", ELOOP },
		{ "EINTR", EINTR }, { "EAGAIN", EAGAIN }, { "ENOSYS", ENOSYS },
	};
	size_t i;

	if (!v || !*v)
		return dflt;
	if (!strcmp(v, "OK") || !strcmp(v, "0"))
		return FAKE_OK;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(v, names[i].name))
			return names[i].value;
	return atoi(v) > 0 ? atoi(v) : dflt;
}

static void set_target(struct target *t, const char *path)
{
	struct stat st;

	memset(t, 0, sizeof(*t));
	if (!path || !*path)
		return;
	t->path = path;
	if (stat(path, &st) == 0) {
		t->have_id = 1;
		t->dev = st.st_dev;
		t->ino = st.st_ino;
		t->rdev = S_ISBLK(st.st_mode) ? st.st_rdev : 0;
	}
}

static void setup(void)
{
	const char *v;

	if (cfg.ready)
		return;
	cfg.ready = 1;
	cfg.log = getenv("FAILSYS_LOG");

	set_target(&cfg.open, getenv("FAILSYS_OPEN_PATH"));
	cfg.open_err = parse_errno(getenv("FAILSYS_OPEN_ERRNO"), EACCES);
	if (cfg.open_err == FAKE_OK)
		cfg.open_err = EACCES;
	v = getenv("FAILSYS_OPEN_ACCESS");
	cfg.open_access = v && !strcmp(v, "read") ? 1 : v && !strcmp(v, "write") ? 2 : 0;

	cfg.swapon_res = parse_errno(getenv("FAILSYS_SWAPON"), FAKE_REAL);
	set_target(&cfg.swapon, getenv("FAILSYS_SWAPON_PATH"));
	cfg.swapon_other = parse_errno(getenv("FAILSYS_SWAPON_OTHER"), FAKE_REAL);
	cfg.swapoff_res = parse_errno(getenv("FAILSYS_SWAPOFF"), FAKE_REAL);
	set_target(&cfg.swapoff, getenv("FAILSYS_SWAPOFF_PATH"));
	cfg.swapoff_other = parse_errno(getenv("FAILSYS_SWAPOFF_OTHER"), FAKE_REAL);

	cfg.fiemap_err = parse_errno(getenv("FAILSYS_FIEMAP"), FAKE_REAL);

	v = getenv("FAILSYS_SHORT_PATH");
	cfg.short_path = v && *v ? v : NULL;
	v = getenv("FAILSYS_SHORT_BYTES");
	cfg.short_bytes = v && *v ? strtoll(v, NULL, 0) : 0;
	if (cfg.short_bytes < 0)
		cfg.short_bytes = 0;
}

static void *real(const char *name)
{
	void *fn = dlsym(RTLD_NEXT, name);

	if (!fn)
		abort();
	return fn;
}

/* Does @path name target @t?  An unset target matches everything. */
static int matches(const struct target *t, const char *path)
{
	struct stat st;

	if (!t->path)
		return 1;
	if (!path)
		return 0;
	if (!strcmp(path, t->path))
		return 1;
	if (!t->have_id || stat(path, &st) != 0)
		return 0;
	if (t->rdev)
		return S_ISBLK(st.st_mode) && st.st_rdev == t->rdev;
	return st.st_dev == t->dev && st.st_ino == t->ino;
}

static void log_fault(const char *call, const char *path, int res)
{
	char line[4200];
	int fd, saved = errno;

	if (!cfg.log)
		return;
	fd = (int)syscall(SYS_openat, AT_FDCWD, cfg.log,
			  O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	snprintf(line, sizeof(line), "%s %s %s\n", call, path ? path : "-",
		 res == FAKE_OK ? "OK" : strerror(res));
	if (syscall(SYS_write, fd, line, strlen(line)) < 0) {
		/* nothing to do: the log is best effort */
	}
	syscall(SYS_close, fd);
	errno = saved;
}

/* The open fault for @path with @flags: 0 to let it through, or an errno. */
static int open_fault(const char *path, int flags)
{
	int acc = flags & O_ACCMODE;

	setup();
	if (!cfg.open.path || !matches(&cfg.open, path))
		return 0;
	if ((cfg.open_access == 1 && acc != O_RDONLY) ||
	    (cfg.open_access == 2 && acc == O_RDONLY))
		return 0;
	log_fault("open", path, cfg.open_err);
	return cfg.open_err;
}

/*
 * A descriptor holding the first short_bytes bytes of @path's real content
 * (a memfd), or -2 when @path is not the short-read target.
 */
static int short_fd(const char *path, int flags)
{
	char buf[65536];
	long long want;
	size_t have = 0;
	int src, fd;

	setup();
	if (!cfg.short_path || !path || strcmp(path, cfg.short_path) != 0)
		return -2;
	src = (int)syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
	if (src < 0)
		return -1;
	want = cfg.short_bytes < (long long)sizeof(buf) ? cfg.short_bytes : (long long)sizeof(buf);
	while (have < (size_t)want) {
		long n = syscall(SYS_read, src, buf + have, (size_t)want - have);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		have += (size_t)n;
	}
	syscall(SYS_close, src);
	fd = memfd_create("failsys-short", (flags & O_CLOEXEC) ? MFD_CLOEXEC : 0);
	if (fd < 0)
		return -1;
	if (have && syscall(SYS_write, fd, buf, have) != (long)have) {
		syscall(SYS_close, fd);
		errno = EIO;
		return -1;
	}
	lseek(fd, 0, SEEK_SET);
	log_fault("short", path, FAKE_OK);
	return fd;
}

/* Shared by every open flavour: -2 means "do the real call". */
static int fake_open(const char *path, int flags)
{
	int err = open_fault(path, flags), fd;

	if (err) {
		errno = err;
		return -1;
	}
	fd = short_fd(path, flags);
	return fd;
}

static mode_t get_mode(int flags, va_list ap)
{
	return (flags & (O_CREAT | O_TMPFILE)) ? (mode_t)va_arg(ap, int) : 0;
}

typedef int (*open_fn)(const char *, int, ...);
typedef int (*openat_fn)(int, const char *, int, ...);
typedef int (*open2_fn)(const char *, int);
typedef int (*openat2_fn)(int, const char *, int);

int open(const char *path, int flags, ...)
{
	int fd = fake_open(path, flags);
	va_list ap;
	mode_t mode;

	if (fd != -2)
		return fd;
	va_start(ap, flags);
	mode = get_mode(flags, ap);
	va_end(ap);
	return ((open_fn)real("open"))(path, flags, mode);
}

int open64(const char *path, int flags, ...)
{
	int fd = fake_open(path, flags);
	va_list ap;
	mode_t mode;

	if (fd != -2)
		return fd;
	va_start(ap, flags);
	mode = get_mode(flags, ap);
	va_end(ap);
	return ((open_fn)real("open64"))(path, flags, mode);
}

int openat(int dirfd, const char *path, int flags, ...)
{
	int fd = fake_open(path, flags);
	va_list ap;
	mode_t mode;

	if (fd != -2)
		return fd;
	va_start(ap, flags);
	mode = get_mode(flags, ap);
	va_end(ap);
	return ((openat_fn)real("openat"))(dirfd, path, flags, mode);
}

int openat64(int dirfd, const char *path, int flags, ...)
{
	int fd = fake_open(path, flags);
	va_list ap;
	mode_t mode;

	if (fd != -2)
		return fd;
	va_start(ap, flags);
	mode = get_mode(flags, ap);
	va_end(ap);
	return ((openat_fn)real("openat64"))(dirfd, path, flags, mode);
}

/* The _FORTIFY_SOURCE entry points (no O_CREAT, so no mode). */
int __open_2(const char *path, int flags);
int __open64_2(const char *path, int flags);
int __openat_2(int dirfd, const char *path, int flags);
int __openat64_2(int dirfd, const char *path, int flags);

int __open_2(const char *path, int flags)
{
	int fd = fake_open(path, flags);

	return fd != -2 ? fd : ((open2_fn)real("__open_2"))(path, flags);
}

int __open64_2(const char *path, int flags)
{
	int fd = fake_open(path, flags);

	return fd != -2 ? fd : ((open2_fn)real("__open64_2"))(path, flags);
}

int __openat_2(int dirfd, const char *path, int flags)
{
	int fd = fake_open(path, flags);

	return fd != -2 ? fd : ((openat2_fn)real("__openat_2"))(dirfd, path, flags);
}

int __openat64_2(int dirfd, const char *path, int flags)
{
	int fd = fake_open(path, flags);

	return fd != -2 ? fd : ((openat2_fn)real("__openat64_2"))(dirfd, path, flags);
}

/* stdio opens through glibc's internal open, which preloading cannot see. */
static FILE *fake_fopen(const char *path, const char *mode, const char *name)
{
	int flags = strchr(mode, '+') ? O_RDWR : *mode == 'r' ? O_RDONLY : O_WRONLY;
	int fd;
	FILE *f;

	if (strchr(mode, 'e'))
		flags |= O_CLOEXEC;
	fd = fake_open(path, flags);
	if (fd == -2)
		return ((FILE *(*)(const char *, const char *))real(name))(path, mode);
	if (fd < 0)
		return NULL;
	f = fdopen(fd, "r");
	if (!f)
		close(fd);
	return f;
}

FILE *fopen(const char *path, const char *mode)
{
	return fake_fopen(path, mode, "fopen");
}

FILE *fopen64(const char *path, const char *mode)
{
	return fake_fopen(path, mode, "fopen64");
}

/* The result for swapon/swapoff of @path: FAKE_REAL, FAKE_OK or an errno. */
static int swap_fault(const struct target *t, int res, int other, const char *path)
{
	setup();
	if (t->path)
		return matches(t, path) ? res : other;
	return res;
}

int swapon(const char *path, int flags)
{
	int res = swap_fault(&cfg.swapon, cfg.swapon_res, cfg.swapon_other, path);

	if (res == FAKE_REAL)
		return ((int (*)(const char *, int))real("swapon"))(path, flags);
	log_fault("swapon", path, res);
	if (res == FAKE_OK)
		return 0;
	errno = res;
	return -1;
}

int swapoff(const char *path)
{
	int res = swap_fault(&cfg.swapoff, cfg.swapoff_res, cfg.swapoff_other, path);

	if (res == FAKE_REAL)
		return ((int (*)(const char *))real("swapoff"))(path);
	log_fault("swapoff", path, res);
	if (res == FAKE_OK)
		return 0;
	errno = res;
	return -1;
}

int ioctl(int fd, unsigned long request, ...)
{
	va_list ap;
	void *arg;

	va_start(ap, request);
	arg = va_arg(ap, void *);
	va_end(ap);
	setup();
	if (request == FS_IOC_FIEMAP && cfg.fiemap_err > 0) {
		log_fault("ioctl(FS_IOC_FIEMAP)", "", cfg.fiemap_err);
		errno = cfg.fiemap_err;
		return -1;
	}
	return ((int (*)(int, unsigned long, void *))real("ioctl"))(fd, request, arg);
}
