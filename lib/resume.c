/*
 * resume.c - the hibernation target of a swap area: the resume_offset= of
 * a swap file (in pages, from the first extent's physical address; on
 * btrfs through the chunk tree), the device resume= must name, and the
 * checks that tell whether the kernel can write an image there and find
 * it again at boot.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <endian.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <linux/btrfs.h>
#include <linux/btrfs_tree.h>
#include <linux/fiemap.h>
#include <linux/fs.h>
#include <linux/magic.h>

#include "internal.h"

/* The byte offsets in a chunk item (struct btrfs_chunk, little endian). */
#define CHUNK_LENGTH		0
#define CHUNK_TYPE		24
#define CHUNK_NUM_STRIPES	44
#define CHUNK_STRIPE0_DEVID	48
#define CHUNK_STRIPE0_OFFSET	56
#define CHUNK_MIN_LEN		80	/* the chunk with one stripe */

static uint64_t get_le64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return le64toh(v);
}

/*
 * Map btrfs logical address @logical to (device id, physical byte) through
 * the chunk tree, as the kernel's own swap code and btrfs-progs do: search
 * the chunk items (tree 3, objectid 256, key type 228, key offset = the
 * chunk's logical start) up to @logical and take the one that covers it.
 * Only profiles with the data at stripe 0 in one piece (single, DUP) map
 * this way; the kernel swaps to nothing else.
 * Returns: 0, -ENOENT when no chunk covers it, -EOPNOTSUPP for a striped
 * or mirrored chunk, or -errno of the ioctl (EPERM without CAP_SYS_ADMIN).
 */
static int btrfs_map_logical(int fd, uint64_t logical, uint64_t *devid, uint64_t *physical)
{
	struct btrfs_ioctl_search_args *args;
	struct btrfs_ioctl_search_key *sk;
	int rc = -ENOENT;

	args = calloc(1, sizeof(*args));
	if (!args)
		return -ENOMEM;
	sk = &args->key;
	sk->tree_id = BTRFS_CHUNK_TREE_OBJECTID;
	sk->min_objectid = sk->max_objectid = BTRFS_FIRST_CHUNK_TREE_OBJECTID;
	sk->min_type = sk->max_type = BTRFS_CHUNK_ITEM_KEY;
	sk->min_offset = 0;
	sk->max_offset = logical;
	sk->max_transid = UINT64_MAX;

	for (;;) {
		size_t off = 0;
		uint64_t last = 0;
		uint32_t i, n;

		sk->nr_items = 512;
		if (ioctl(fd, BTRFS_IOC_TREE_SEARCH, args) != 0) {
			rc = -errno;
			break;
		}
		n = sk->nr_items;
		if (n == 0)
			break;
		for (i = 0; i < n; i++) {
			struct btrfs_ioctl_search_header sh;
			const unsigned char *item;

			if (off + sizeof(sh) > sizeof(args->buf))
				break;
			memcpy(&sh, args->buf + off, sizeof(sh));
			off += sizeof(sh);
			if (sh.len > sizeof(args->buf) - off)
				break;
			item = (const unsigned char *)args->buf + off;
			off += sh.len;
			last = sh.offset;
			if (sh.type != BTRFS_CHUNK_ITEM_KEY || sh.len < CHUNK_MIN_LEN)
				continue;
			if (sh.offset > logical ||
			    logical - sh.offset >= get_le64(item + CHUNK_LENGTH))
				continue;
			if (get_le64(item + CHUNK_TYPE) & BTRFS_BLOCK_GROUP_PROFILE_MASK &
			    ~BTRFS_BLOCK_GROUP_DUP) {
				rc = -EOPNOTSUPP;
			} else {
				*devid = get_le64(item + CHUNK_STRIPE0_DEVID);
				*physical = get_le64(item + CHUNK_STRIPE0_OFFSET) +
					    (logical - sh.offset);
				rc = 0;
			}
			goto out;
		}
		if (last >= logical || last == UINT64_MAX)
			break;
		sk->min_offset = last + 1;
	}
out:
	free(args);
	return rc;
}

/* The block device of btrfs device @devid (its path, stat'ed). */
static int btrfs_device(int fd, uint64_t devid, dev_t *dev)
{
	struct btrfs_ioctl_dev_info_args *di = calloc(1, sizeof(*di));
	struct stat st;
	int rc = 0;

	if (!di)
		return -ENOMEM;
	di->devid = devid;
	if (ioctl(fd, BTRFS_IOC_DEV_INFO, di) != 0)
		rc = -errno;
	else if (stat((const char *)di->path, &st) != 0)
		rc = -errno;
	else if (!S_ISBLK(st.st_mode))
		rc = -ENODEV;
	else
		*dev = st.st_rdev;
	free(di);
	return rc;
}

/* The byte address of the file's first block on its device (FIEMAP). */
static int first_extent(int fd, uint64_t *physical)
{
	/* room for the header and one extent, aligned for both */
	uint64_t buf[(sizeof(struct fiemap) + sizeof(struct fiemap_extent)) /
		     sizeof(uint64_t) + 1];
	struct fiemap *fm = (struct fiemap *)buf;
	const struct fiemap_extent *fe = &fm->fm_extents[0];

	memset(buf, 0, sizeof(buf));
	fm->fm_start = 0;
	fm->fm_length = FIEMAP_MAX_OFFSET;
	fm->fm_flags = FIEMAP_FLAG_SYNC;
	fm->fm_extent_count = 1;
	if (ioctl(fd, FS_IOC_FIEMAP, fm) != 0)
		return errno == ENOTTY ? -EOPNOTSUPP : -errno;
	if (fm->fm_mapped_extents < 1 || fe->fe_logical != 0)
		return -ENODATA;	/* empty, or a hole at the start */
	if (fe->fe_flags & (FIEMAP_EXTENT_UNKNOWN | FIEMAP_EXTENT_DATA_INLINE |
			    FIEMAP_EXTENT_ENCODED | FIEMAP_EXTENT_NOT_ALIGNED))
		return -EOPNOTSUPP;
	*physical = fe->fe_physical;
	return 0;
}

/* Read @rel under @root (NULL = "/") into @buf.  Returns: as small_file_read. */
static int read_under(const char *root, const char *rel, char *buf, size_t size)
{
	char path[4096];

	if ((size_t)snprintf(path, sizeof(path), "%s%s", root ? root : "", rel) >= sizeof(path))
		return -ENAMETOOLONG;
	return small_file_read(path, buf, size);
}

/* The kernel's name of block device @dev ("loop0", "zram1", "sda2"), from
 * /sys/dev/block/M:m/uevent.  Returns: 0 or -errno. */
static int block_name(const char *root, dev_t dev, char *name, size_t len)
{
	char rel[64], buf[1024];
	const char *p;
	size_t n;
	int rc;

	snprintf(rel, sizeof(rel), "/sys/dev/block/%u:%u/uevent", major(dev), minor(dev));
	rc = read_under(root, rel, buf, sizeof(buf));
	if (rc < 0)
		return rc;
	p = strstr(buf, "DEVNAME=");
	if (!p || (p != buf && p[-1] != '\n'))
		return -ENOENT;
	p += 8;
	n = strcspn(p, "\n");
	if (n == 0 || n >= len)
		return -ENOENT;
	memcpy(name, p, n);
	name[n] = '\0';
	return 0;
}

static int name_is(const char *name, const char *prefix)
{
	size_t n = strlen(prefix);

	return strncmp(name, prefix, n) == 0 && name[n] >= '0' && name[n] <= '9';
}

/* Whether the /proc/swaps name @path is a zram device. */
static int path_is_zram(const char *path)
{
	const char *base = strrchr(path, '/');

	return name_is(base ? base + 1 : path, "zram");
}

/* The device checks: zram, and stacks the kernel cannot resume from. */
static unsigned check_device(const char *root, dev_t dev)
{
	char name[256];

	if (block_name(root, dev, name, sizeof(name)) < 0)
		return 0;
	if (name_is(name, "zram"))
		return SWAP_RESUME_IS_ZRAM;
	/* set up by user space or the network: not there when the kernel
	 * looks for the image (before any initramfs could make them) */
	if (name_is(name, "loop") || name_is(name, "nbd") || name_is(name, "ram"))
		return SWAP_RESUME_BAD_STACK;
	return 0;
}

/* The checks against /proc/swaps: active, and zram areas before this one. */
static unsigned check_swaps(const char *root, const struct swap_area_info *info)
{
	char path[4096];
	struct swap_procswaps *it;
	struct swap_procswaps_entry *e;
	int prio = 0, rc, found;
	unsigned checks = 0;

	snprintf(path, sizeof(path), "%s/proc/swaps", root ? root : "");
	e = malloc(sizeof(*e));
	if (!e)
		return 0;
	*e = (struct swap_procswaps_entry)SWAP_PROCSWAPS_ENTRY_INIT;
	found = swap_area_find_active(info, path, e);
	if (found <= 0) {
		free(e);
		return found == 0 ? SWAP_RESUME_INACTIVE : 0;
	}
	prio = e->priority;
	if (swap_procswaps_open(path, &it) == 0) {
		while ((rc = swap_procswaps_next(it, e)) > 0) {
			if (path_is_zram(e->name) && e->priority > prio)
				checks |= SWAP_RESUME_ZRAM_FIRST;
		}
		swap_procswaps_close(it);
	}
	free(e);
	return checks;
}

/* The size the image may reach: image_size, else all of RAM. */
static uint64_t image_bytes(const char *root)
{
	char buf[64], path[4096];
	struct swap_meminfo mi = SWAP_MEMINFO_INIT;
	unsigned long long v;
	char *end;

	if (read_under(root, "/sys/power/image_size", buf, sizeof(buf)) > 0) {
		errno = 0;
		v = strtoull(buf, &end, 10);
		if (!errno && end != buf && (*end == '\n' || !*end))
			return v;
	}
	snprintf(path, sizeof(path), "%s/proc/meminfo", root ? root : "");
	if (swap_meminfo_read(path, &mi) == 0)
		return mi.mem_total * 1024;
	return 0;
}

/* Whether /sys/power/state offers "disk" (the kernel can hibernate). */
static int can_hibernate(const char *root)
{
	char buf[256], *p, *save = NULL;

	if (read_under(root, "/sys/power/state", buf, sizeof(buf)) < 0)
		return 0;
	for (p = strtok_r(buf, " \n", &save); p; p = strtok_r(NULL, " \n", &save))
		if (strcmp(p, "disk") == 0)
			return 1;
	return 0;
}

/* resume_offset= and the device of a swap file; checks of its filesystem. */
static unsigned inspect_file(int fd, const struct swap_area_info *info,
			     struct swap_resume_info *r)
{
	struct swap_fs_info fs = { .size = sizeof(fs) };
	uint64_t physical = 0, devid = 0;
	long pg = sysconf(_SC_PAGESIZE);
	unsigned checks = 0;
	int rc;

	r->device = info->dev;
	if (swap_fs_inspect(fd, &fs) == 0) {
		if (fs.swapfiles == 0)
			checks |= SWAP_RESUME_BAD_FS;
		if (fs.devices > 1)
			checks |= SWAP_RESUME_BAD_STACK;
	}
	rc = first_extent(fd, &physical);
	if (rc == 0 && fs.magic == BTRFS_SUPER_MAGIC) {
		rc = btrfs_map_logical(fd, physical, &devid, &physical);
		if (rc == 0)
			rc = btrfs_device(fd, devid, &r->device);
	} else if (rc == 0 && major(info->dev) == 0) {
		/* an anonymous device: no block device to resume from */
		rc = -ENODEV;
		checks |= SWAP_RESUME_BAD_FS;
	}
	if (rc < 0) {
		r->offset_errno = rc;
		return checks | SWAP_RESUME_NO_OFFSET;
	}
	/* The kernel's swap extents start at whole pages (iomap rounds an
	 * extent's start up): on a filesystem with blocks smaller than a page,
	 * an unaligned first block puts page 0 at the next page boundary. */
	r->offset = (physical + (uint64_t)(pg > 0 ? pg : 4096) - 1) /
		    (uint64_t)(pg > 0 ? pg : 4096);
	return checks;
}

SWAP_EXPORT int swap_resume_inspect(int fd, const char *root, struct swap_resume_info *out)
{
	struct swap_resume_info r;
	struct swap_area_info info = SWAP_AREA_INFO_INIT;
	int rc;

	if (!sized_ok(out))
		return -EINVAL;
	rc = swap_area_inspect(fd, &info);
	if (rc < 0)
		return rc;
	memset(&r, 0, sizeof(r));
	r.size = sizeof(r);
	r.area_bytes = info.bytes;
	r.image_bytes = image_bytes(root);

	if (info.is_regular) {
		r.is_file = 1;
		r.checks |= inspect_file(fd, &info, &r);
	} else {
		r.device = info.rdev;
	}
	if (!(r.checks & SWAP_RESUME_NO_OFFSET))
		r.checks |= check_device(root, r.device);
	if (!can_hibernate(root))
		r.checks |= SWAP_RESUME_NO_DISK;
	if (r.image_bytes && r.area_bytes < r.image_bytes)
		r.checks |= SWAP_RESUME_TOO_SMALL;
	r.checks |= check_swaps(root, &info);
	sized_store(out, &r, sizeof(r));
	return 0;
}

SWAP_EXPORT const char *swap_resume_explain(unsigned bit)
{
	switch (bit) {
	case SWAP_RESUME_NO_DISK:
		return "the kernel cannot hibernate (/sys/power/state lacks \"disk\")";
	case SWAP_RESUME_TOO_SMALL:
		return "the area is smaller than the hibernation image may be";
	case SWAP_RESUME_ZRAM_FIRST:
		return "a zram area of higher priority would be chosen first";
	case SWAP_RESUME_IS_ZRAM:
		return "the area is a zram device: its content is lost at power-off";
	case SWAP_RESUME_BAD_FS:
		return "the file is on a filesystem the kernel cannot resume from";
	case SWAP_RESUME_BAD_STACK:
		return "the area is on a device the kernel cannot read at resume "
		       "(loop, nbd, ram disk, or a filesystem on several devices)";
	case SWAP_RESUME_INACTIVE:
		return "the area is not active (not in /proc/swaps)";
	case SWAP_RESUME_NO_OFFSET:
		return "the physical offset of the file could not be computed";
	default:
		return "unknown problem";
	}
}
