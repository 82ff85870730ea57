/*
 * mkswap: the swap file itself -- whether to create one, creating it,
 * preparing it for -F (mode, nocow, allocation), its filesystem, and undoing
 * all of it when the run fails.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/fs.h>

#include "cli.h"
#include "libswap.h"
#include "mkswap.h"

/* A size for a path that does not exist yet means: create that file. */
int mkswap_wants_new_file(const struct mkswap_ctl *ctl)
{
	struct stat st;
	int legacy = ctl->size_arg &&
		     strspn(ctl->size_arg, "0123456789") == strlen(ctl->size_arg);

	if (!ctl->has_size || !ctl->size || (legacy && !ctl->file))
		return 0;
	return stat(ctl->devname, &st) != 0 && errno == ENOENT;
}

/* Report a failure (with strerror(err)), remove a file this run created
 * or give an existing one back the size, mode and attributes -F changed,
 * and exit: a failed run leaves no half-made swap file behind. */
void mkswap_fail(const struct mkswap_ctl *ctl, int err, const char *fmt, ...)
{
	char msg[PATH_MAX + 128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (ctl->created) {
		unlink(ctl->devname);
	} else if (ctl->changing) {
		int attr = ctl->orig.attr;

		if (ftruncate(ctl->fd, (off_t)ctl->orig.size) != 0 ||
		    fchmod(ctl->fd, ctl->orig.mode) != 0 ||
		    (attr >= 0 && ioctl(ctl->fd, FS_IOC_SETFLAGS, &attr) != 0 &&
		     errno != EOPNOTSUPP && errno != ENOTTY && errno != EINVAL))
			cli_warn(errno, "%s: cannot restore its size, mode or attributes",
				 ctl->devname);
	}
	cli_err(EXIT_FAILURE, err, "%s", msg);
}

/* Create a new swap file: exclusive create, 0600; sized later. */
void mkswap_create_file(struct mkswap_ctl *ctl)
{
	int rc;

	ctl->fd = swap_area_open(ctl->devname, O_RDWR | O_CREAT | O_EXCL, 0600);
	if (ctl->fd < 0)
		cli_err(EXIT_FAILURE, -ctl->fd, "cannot create swap file %s", ctl->devname);
	ctl->created = 1;
	rc = swap_area_inspect(ctl->fd, &ctl->info);
	if (rc < 0)
		mkswap_fail(ctl, -rc, "stat of %s failed", ctl->devname);
}

/*
 * -F: mode 0600, no copy-on-write where the filesystem has it (btrfs
 * refuses CoW swap files; it honours the flag only while the file is
 * empty), then the size, allocated so the file has no holes.  The
 * allocation comes before any shortening, so a failure (ENOSPC) can give
 * an existing file back its size, mode and attributes (mkswap_fail).
 */
void mkswap_prepare_file(struct mkswap_ctl *ctl)
{
	uint64_t size = ctl->size ? ctl->size : ctl->info.bytes;
	int rc, attr;

	ctl->orig.mode = ctl->info.mode & 07777;
	ctl->orig.size = ctl->info.bytes;
	ctl->orig.attr = -1;
	ctl->changing = 1;
	if (ctl->orig.mode != 0600 && fchmod(ctl->fd, 0600) != 0)
		mkswap_fail(ctl, errno, "%s: cannot set mode 0600", ctl->devname);
	if (!ctl->has_size)
		goto done;
	if (ioctl(ctl->fd, FS_IOC_GETFLAGS, &attr) == 0) {
		ctl->orig.attr = attr;
		attr |= FS_NOCOW_FL;
		if (attr != ctl->orig.attr && ioctl(ctl->fd, FS_IOC_SETFLAGS, &attr) != 0 &&
		    errno != EOPNOTSUPP && errno != ENOTTY && errno != EINVAL && !ctl->quiet)
			cli_warn(errno, "%s: failed to set 'nocow' attribute", ctl->devname);
	}
	rc = fallocate(ctl->fd, 0, 0, (off_t)size) == 0 ? 0 : errno;
	if (rc == EOPNOTSUPP)
		rc = posix_fallocate(ctl->fd, 0, (off_t)size);
	if (rc)
		mkswap_fail(ctl, rc, "couldn't allocate swap file %s", ctl->devname);
	if (size < ctl->info.bytes && ftruncate(ctl->fd, (off_t)size) != 0)
		mkswap_fail(ctl, errno, "couldn't resize swap file %s", ctl->devname);
done:
	rc = swap_area_inspect(ctl->fd, &ctl->info);
	if (rc < 0)
		mkswap_fail(ctl, -rc, "stat of %s failed", ctl->devname);
}

/*
 * -F: refuse, before a byte is written, a filesystem the kernel cannot swap
 * to (tmpfs, overlayfs, ...: statfs f_type), and on btrfs several devices
 * or a file born compressed (chattr +c inherited from its directory).
 */
void mkswap_check_filesystem(const struct mkswap_ctl *ctl)
{
	struct swap_fs_info fs = { .size = sizeof(fs) };
	const char *why;

	if (swap_fs_inspect(ctl->fd, &fs) < 0)
		return;
	if (fs.swapfiles == 0)
		why = "the kernel cannot swap to files on this filesystem; "
		      "create the file on ext4, xfs or btrfs, or use a partition or zram";
	else if (fs.devices > 1)
		why = "the filesystem spans several devices; the kernel swaps only to "
		      "files on a single-device btrfs: use another filesystem or a partition";
	else if (fs.compressed)
		why = "the file is compressed (chattr +c inherited from its directory); "
		      "btrfs cannot swap to it: run chattr -c on the directory, or use another one";
	else
		return;
	if (ctl->created)
		unlink(ctl->devname);
	cli_errx(EXIT_FAILURE, "%s: %s: %s", ctl->devname, fs.name, why);
}
