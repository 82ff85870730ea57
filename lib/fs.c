/*
 * fs.c - which filesystem a swap file is on, and whether the kernel can
 * swap to files there.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/vfs.h>
#include <linux/btrfs.h>
#include <linux/fs.h>
#include <linux/magic.h>

#include "internal.h"

/* Magics some linux/magic.h versions lack. */
#define FS_MAGIC_XFS		0x58465342
#define FS_MAGIC_F2FS		0xf2f52010
#define FS_MAGIC_JFS		0x3153464a
#define FS_MAGIC_FUSE		0x65735546
#define FS_MAGIC_ZFS		0x2fc12fc1
#define FS_MAGIC_BCACHEFS	0xca451a4e
#define FS_MAGIC_NTFS3		0x7366746e
#define FS_MAGIC_EXFAT		0x2011bab0
#define FS_MAGIC_CIFS		0xff534d42
#define FS_MAGIC_SMB2		0xfe534d42
#define FS_MAGIC_VIRTIOFS	0x6a656a63	/* shown as fuse, really */
#define FS_MAGIC_CEPH		0x00c36400
#define FS_MAGIC_9P		0x01021997
#define FS_MAGIC_EROFS		0xe0f5e1e2
#define FS_MAGIC_ISO9660	0x9660
#define FS_MAGIC_UDF		0x15013346

/*
 * The filesystems whose swap support is known: 1 when the kernel has
 * ->swap_activate or bmap for them (the swapfile support of the filesystem), 0 when it
 * has neither.  Kernel versions differ only for nfs (needs the client's
 * swap support) and bcachefs; both are marked 1, the kernel decides.
 */
static const struct fs_name {
	uint64_t magic;
	const char *name;
	int swapfiles;
} fs_names[] = {
	{ EXT4_SUPER_MAGIC,	"ext4",		1 },	/* also ext2/ext3 */
	{ FS_MAGIC_XFS,		"xfs",		1 },
	{ BTRFS_SUPER_MAGIC,	"btrfs",	1 },
	{ FS_MAGIC_F2FS,	"f2fs",		1 },
	{ FS_MAGIC_JFS,		"jfs",		1 },
	{ REISERFS_SUPER_MAGIC,	"reiserfs",	1 },
	{ MSDOS_SUPER_MAGIC,	"vfat",		1 },
	{ FS_MAGIC_EXFAT,	"exfat",	1 },
	{ FS_MAGIC_NTFS3,	"ntfs",		1 },
	{ NFS_SUPER_MAGIC,	"nfs",		1 },
	{ FS_MAGIC_CIFS,	"cifs",		1 },
	{ FS_MAGIC_SMB2,	"smb3",		1 },
	{ FS_MAGIC_BCACHEFS,	"bcachefs",	1 },
	{ TMPFS_MAGIC,		"tmpfs",	0 },
	{ RAMFS_MAGIC,		"ramfs",	0 },
	{ OVERLAYFS_SUPER_MAGIC, "overlayfs",	0 },
	{ FS_MAGIC_FUSE,	"fuse",		0 },
	{ FS_MAGIC_VIRTIOFS,	"virtiofs",	0 },
	{ FS_MAGIC_ZFS,		"zfs",		0 },
	{ SQUASHFS_MAGIC,	"squashfs",	0 },
	{ FS_MAGIC_EROFS,	"erofs",	0 },
	{ FS_MAGIC_ISO9660,	"iso9660",	0 },
	{ FS_MAGIC_UDF,		"udf",		0 },
	{ FS_MAGIC_CEPH,	"ceph",		0 },
	{ FS_MAGIC_9P,		"9p",		0 },
	{ PROC_SUPER_MAGIC,	"proc",		0 },
	{ SYSFS_MAGIC,		"sysfs",	0 },
	{ DEVPTS_SUPER_MAGIC,	"devpts",	0 },
	{ CGROUP2_SUPER_MAGIC,	"cgroup2",	0 },
	{ DEBUGFS_MAGIC,	"debugfs",	0 },
};

const char *fs_magic_name(uint64_t magic, int *swapfiles)
{
	size_t i;

	for (i = 0; i < SWAP_ARRAY_SIZE(fs_names); i++)
		if (fs_names[i].magic == (magic & 0xffffffffu)) {
			if (swapfiles)
				*swapfiles = fs_names[i].swapfiles;
			return fs_names[i].name;
		}
	if (swapfiles)
		*swapfiles = -1;
	return "unknown";
}

SWAP_EXPORT int swap_fs_inspect(int fd, struct swap_fs_info *out)
{
	struct swap_fs_info fi = { .size = sizeof(fi) };
	struct statfs sfs;

	if (!sized_ok(out))
		return -EINVAL;
	if (fstatfs(fd, &sfs) != 0)
		return -errno;
	fi.magic = (uint64_t)(unsigned long)sfs.f_type;
	fi.name = fs_magic_name(fi.magic, &fi.swapfiles);

	if (fi.magic == BTRFS_SUPER_MAGIC) {
		struct btrfs_ioctl_fs_info_args fsi;
		int attr = 0;

		memset(&fsi, 0, sizeof(fsi));
		if (ioctl(fd, BTRFS_IOC_FS_INFO, &fsi) == 0)
			fi.devices = (unsigned)fsi.num_devices;
		if (ioctl(fd, FS_IOC_GETFLAGS, &attr) == 0) {
			fi.compressed = !!(attr & FS_COMPR_FL);
			fi.nocow = !!(attr & FS_NOCOW_FL);
		}
	}
	sized_store(out, &fi, sizeof(fi));
	return 0;
}
