/*
 * swapon's compressed-swap columns and its hibernation target (--resume).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Kept apart from swapon.c: the table asks here for the text of a ZRAM-* or
 * RESUME_OFFSET cell, and --resume is one call.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "cli.h"
#include "libswap.h"
#include "compress.h"

/* A size cell: bytes for --bytes/--json, else util-linux's "1.5G". */
static const char *size_cell(uint64_t bytes, int raw_bytes, char *buf, size_t len)
{
	if (raw_bytes || swap_size_format(bytes, SWAP_SIZE_UL, buf, len) < 0)
		snprintf(buf, len, "%ju", (uintmax_t)bytes);
	return buf;
}

const char *swapon_compress_cell(enum swapon_compress_col col, const char *name,
				 int raw_bytes, char *buf, size_t len)
{
	struct swap_zram_stat z = { .size = sizeof(z) };
	struct swap_resume_info r = { .size = sizeof(r) };
	int fd, rc;

	if (col == SWAPON_COL_RESUME_OFFSET) {
		fd = open(name, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
		if (fd < 0)
			return NULL;
		rc = swap_resume_inspect(fd, NULL, &r);
		close(fd);
		if (rc < 0 || !r.is_file || (r.checks & SWAP_RESUME_NO_OFFSET))
			return NULL;
		snprintf(buf, len, "%ju", (uintmax_t)r.offset);
		return buf;
	}
	/* empty for areas that are not zram, and when the kernel has no mm_stat */
	if (swap_zram_read(NULL, name, &z) < 0)
		return NULL;
	switch (col) {
	case SWAPON_COL_ZRAM_DATA:
		return size_cell(z.orig_data_size, raw_bytes, buf, len);
	case SWAPON_COL_ZRAM_COMPR:
		return size_cell(z.compr_data_size, raw_bytes, buf, len);
	case SWAPON_COL_ZRAM_RAM:
		return size_cell(z.mem_used_total, raw_bytes, buf, len);
	case SWAPON_COL_ZRAM_RATIO:
		if (!z.mem_used_total)
			return NULL;	/* nothing stored: no ratio */
		snprintf(buf, len, "%.2f", (double)z.orig_data_size / (double)z.mem_used_total);
		return buf;
	default:
		return NULL;
	}
}

/* "UUID=..." of block device @dev through /dev/disk/by-uuid, else
 * "/dev/NAME", else "MAJ:MIN" (the forms resume= takes). */
static void device_spec(dev_t dev, char *buf, size_t len)
{
	DIR *d = opendir("/dev/disk/by-uuid");
	struct dirent *de;
	char path[PATH_MAX], uevent[1024];
	struct stat st;
	FILE *f;

	if (d) {
		while ((de = readdir(d))) {
			if (de->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "/dev/disk/by-uuid/%s", de->d_name);
			if (stat(path, &st) == 0 && S_ISBLK(st.st_mode) && st.st_rdev == dev) {
				snprintf(buf, len, "UUID=%s", de->d_name);
				closedir(d);
				return;
			}
		}
		closedir(d);
	}
	snprintf(path, sizeof(path), "/sys/dev/block/%u:%u/uevent", major(dev), minor(dev));
	f = fopen(path, "re");
	if (f) {
		while (fgets(uevent, sizeof(uevent), f))
			if (strncmp(uevent, "DEVNAME=", 8) == 0) {
				uevent[strcspn(uevent, "\n")] = '\0';
				snprintf(buf, len, "/dev/%s", uevent + 8);
				fclose(f);
				return;
			}
		fclose(f);
	}
	snprintf(buf, len, "%u:%u", major(dev), minor(dev));
}

/* The area hibernation would use when none is named: the active area of
 * highest priority that is not zram (how systemd picks one). */
static char *default_target(void)
{
	struct swap_procswaps *it;
	struct swap_procswaps_entry e = SWAP_PROCSWAPS_ENTRY_INIT;
	char *best = NULL;
	int best_prio = INT_MIN, rc;

	if (swap_procswaps_open(NULL, &it) < 0)
		return NULL;
	while ((rc = swap_procswaps_next(it, &e)) > 0) {
		struct swap_zram_stat z = { .size = sizeof(z) };

		/* -ENODEV: not named zramN */
		if (e.priority <= best_prio || swap_zram_read(NULL, e.name, &z) != -ENODEV)
			continue;
		free(best);
		best = cli_xstrdup(e.name);
		best_prio = e.priority;
	}
	swap_procswaps_close(it);
	return best;
}

/* The fix to print after each check. */
static void print_check(const char *path, unsigned bit, const struct swap_resume_info *r)
{
	const char *what = swap_resume_explain(bit);

	switch (bit) {
	case SWAP_RESUME_NO_DISK:
		cli_warnx("%s: %s; boot a kernel built with CONFIG_HIBERNATION "
			  "(and not in lockdown) to use these parameters", path, what);
		break;
	case SWAP_RESUME_TOO_SMALL:
		cli_warnx("%s: %s (%ju MiB < %ju MiB); make it larger (mkswap(8), EXAMPLES) "
			  "or lower /sys/power/image_size", path, what,
			  (uintmax_t)(r->area_bytes >> 20), (uintmax_t)(r->image_bytes >> 20));
		break;
	case SWAP_RESUME_ZRAM_FIRST:
		cli_warnx("%s: %s; give %s a higher priority than the zram areas "
			  "(swapon -p, or pri= in fstab)", path, what, path);
		break;
	case SWAP_RESUME_IS_ZRAM:
		cli_warnx("%s: %s; name a disk area: swapon --resume=<file or partition>",
			  path, what);
		break;
	case SWAP_RESUME_BAD_FS:
		cli_warnx("%s: %s; put the swap file on ext4, xfs or btrfs, or use a partition",
			  path, what);
		break;
	case SWAP_RESUME_BAD_STACK:
		cli_warnx("%s: %s; use a partition or a file on a single local disk", path, what);
		break;
	case SWAP_RESUME_INACTIVE:
		cli_warnx("%s: %s; activate it first: swapon %s", path, what, path);
		break;
	case SWAP_RESUME_NO_OFFSET:
		cli_warnx("%s: %s: %s%s", path, what, strerror(-r->offset_errno),
			  r->offset_errno == -EPERM ? " (on btrfs this needs root)" : "");
		break;
	default:
		break;
	}
}

int swapon_resume(const char *spec)
{
	struct swap_resume_info r = { .size = sizeof(r) };
	char *path = NULL, dev[PATH_MAX + 8];
	const char *value;
	unsigned bit;
	int fd, rc;

	if (!spec)
		path = default_target();
	else if (swap_fstab_parse_spec(spec, &value) == SWAP_SPEC_PATH)
		path = realpath(spec, NULL);
	else
		path = cli_resolve_spec(spec);
	if (!path) {
		if (spec)
			cli_warnx("cannot find %s", spec);
		else
			cli_warnx("no active swap area outside zram to hibernate to; "
				  "activate one, or name it: swapon --resume=<file or partition>");
		return -1;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0) {
		cli_warn(errno, "cannot open %s", path);
		free(path);
		return -1;
	}
	rc = swap_resume_inspect(fd, NULL, &r);
	close(fd);
	if (rc < 0) {
		cli_warn(-rc, "%s: cannot inspect", path);
		free(path);
		return -1;
	}
	if (!(r.checks & SWAP_RESUME_NO_OFFSET)) {
		device_spec(r.device, dev, sizeof(dev));
		if (r.is_file)
			printf("resume=%s resume_offset=%ju\n", dev, (uintmax_t)r.offset);
		else
			printf("resume=%s\n", dev);
		fflush(stdout);
	}
	for (bit = 1; bit <= SWAP_RESUME_NO_OFFSET; bit <<= 1)
		if (r.checks & bit)
			print_check(path, bit, &r);
	free(path);
	return (r.checks & SWAP_RESUME_NO_OFFSET) ? -1 : 0;
}

void swapon_explain_fs(int fd, const char *path)
{
	struct swap_fs_info fs = { .size = sizeof(fs) };
	struct stat st;

	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || swap_fs_inspect(fd, &fs) < 0)
		return;
	if (fs.swapfiles == 0)
		cli_warnx("%s: the kernel cannot swap to files on %s; put the file on "
			  "ext4, xfs or btrfs, or use a partition or zram", path, fs.name);
	else if (fs.devices > 1)
		cli_warnx("%s: btrfs on %u devices: the kernel swaps only to files on a "
			  "single-device btrfs", path, fs.devices);
	else if (fs.magic == 0x9123683e && (fs.compressed || !fs.nocow))
		cli_warnx("%s: btrfs swap files must be NOCOW and uncompressed; recreate it: "
			  "rm %s; mkswap --file --size SIZE %s", path, path, path);
}

struct first_extent {
	unsigned kind;
	uint64_t offset;
};

static int stop_at_first(unsigned kind, uint64_t offset, void *data)
{
	struct first_extent *f = data;

	f->kind = kind;
	f->offset = offset;
	return 1;
}

/* After EINVAL: the first hole or extent the kernel refuses, by name. */
int swapon_explain_extents(int fd, const char *path)
{
	struct first_extent f = { 0, 0 };
	struct stat st;
	const char *what;

	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    swap_area_walk_extents(fd, (uint64_t)st.st_size, stop_at_first, &f) <= 0)
		return 0;
	what = f.kind == SWAP_EXTENT_HOLE ? "has a hole" :
	       f.kind == SWAP_EXTENT_INLINE ? "has data stored inline in filesystem metadata" :
	       f.kind == SWAP_EXTENT_SHARED ? "shares an extent with another file (reflink or snapshot)" :
	       f.kind == SWAP_EXTENT_DELALLOC ? "has data not yet allocated on disk" :
	       "has an extent of unknown location or with compressed or encoded data";
	cli_warnx("%s: the file %s at offset %ju; make it again with "
		  "mkswap --file --size SIZE %s", path, what, (uintmax_t)f.offset, path);
	return 1;
}
