/*
 * cli_reopen_rw - a read-write descriptor on the very file a read-only one
 * was checked on (mkswap, swaplabel, swapon --fixpgsz and its suspend
 * rewrite).  In its own object: free links libcli without libswap's area
 * functions.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include "cli.h"
#include "libswap.h"

int cli_reopen_rw(int fd, const char *path, const struct swap_area_info *info, int flags)
{
	struct swap_area_info now = SWAP_AREA_INFO_INIT;
	char self[64];
	int rw;

	/* /proc/self/fd names the open inode, whatever @path names now */
	snprintf(self, sizeof(self), "/proc/self/fd/%d", fd);
	rw = open(self, O_RDWR | O_CLOEXEC | flags);
	if (rw < 0 && errno == ENOENT)	/* no /proc */
		rw = open(path, O_RDWR | O_CLOEXEC | flags);
	if (rw < 0)
		return -errno;
	if (swap_area_inspect(rw, &now) < 0 || now.dev != info->dev ||
	    now.ino != info->ino || now.rdev != info->rdev) {
		close(rw);
		return -ESTALE;
	}
	return rw;
}
