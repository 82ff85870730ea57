/* mounts.c - is an area in use through a block device: mounted, active swap
 * or held, itself, by one of its partitions, or by a loop device over the file.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <linux/loop.h>

#include "internal.h"

#define DELETED_SUFFIX " (deleted)"

/* One block device to look at: its number and its kernel name. */
struct blockdev {
	dev_t devno;
	char name[NAME_MAX + 1];
};

struct devlist {
	struct blockdev *v;
	size_t n, cap;
};

static int devlist_add(struct devlist *l, dev_t devno, const char *name)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		struct blockdev *v = realloc(l->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n].devno = devno;
	snprintf(l->v[l->n].name, sizeof(l->v[l->n].name), "%s", name);
	l->n++;
	return 0;
}

/* The whole content of a small sysfs file, the final newline removed. */
static int read_attr(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	if (n > 0 && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return 0;
}

/* The "M:m" of a sysfs block directory's "dev" file. */
static int read_devno(const char *dir, dev_t *devno)
{
	char path[PATH_MAX], buf[64];
	unsigned maj, min;

	if (snprintf(path, sizeof(path), "%s/dev", dir) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	if (read_attr(path, buf, sizeof(buf)) < 0 ||
	    sscanf(buf, "%u:%u", &maj, &min) != 2)
		return -ENOENT;
	*devno = makedev(maj, min);
	return 0;
}

/* Add the partitions of the block device whose sysfs directory is @dir:
 * the subdirectories with a "partition" file. */
static int add_partitions(struct devlist *l, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int rc = 0;

	if (!d)
		return 0;	/* no sysfs entry: no partitions to know of */
	while (rc == 0 && (e = readdir(d))) {
		char sub[PATH_MAX], path[PATH_MAX + 16];
		dev_t devno;

		if (e->d_name[0] == '.' ||
		    snprintf(sub, sizeof(sub), "%s/%s", dir, e->d_name) >= (int)sizeof(sub))
			continue;
		snprintf(path, sizeof(path), "%s/partition", sub);
		if (access(path, F_OK) != 0 || read_devno(sub, &devno) < 0)
			continue;
		rc = devlist_add(l, devno, e->d_name);
	}
	closedir(d);
	return rc;
}

/* A block device and its partitions. */
static int add_with_partitions(struct devlist *l, const char *sysfs, dev_t devno,
			       const char *name)
{
	char dir[PATH_MAX];
	int rc = devlist_add(l, devno, name);

	if (rc < 0)
		return rc;
	snprintf(dir, sizeof(dir), "%s/dev/block/%u:%u", sysfs, major(devno), minor(devno));
	return add_partitions(l, dir);
}

/*
 * Whether loop device @name (number @devno) is backed by the file
 * @dev/@ino.  The real system is asked by LOOP_GET_STATUS64 (device and
 * inode, whatever became of the name); the backing_file attribute is the
 * fallback (an unprivileged caller, a sysfs fixture).
 */
static int loop_backed_by(const char *sysfs_dir, int real, dev_t devno,
			  dev_t dev, ino_t ino)
{
	char path[PATH_MAX + 32], *file;
	struct stat st;
	size_t n;
	int rc;

	if (real) {
		struct loop_info64 li;
		int fd;

		snprintf(path, sizeof(path), "/dev/block/%u:%u", major(devno), minor(devno));
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
		if (fd >= 0) {
			rc = ioctl(fd, LOOP_GET_STATUS64, &li);
			close(fd);
			if (rc == 0)
				return li.lo_device == (uint64_t)dev && li.lo_inode == (uint64_t)ino;
			if (errno == ENXIO)
				return 0;	/* not attached */
		}
	}
	file = malloc(PATH_MAX + sizeof(DELETED_SUFFIX));
	if (!file)
		return -ENOMEM;
	snprintf(path, sizeof(path), "%s/loop/backing_file", sysfs_dir);
	rc = read_attr(path, file, PATH_MAX + sizeof(DELETED_SUFFIX));
	if (rc == 0) {
		n = strlen(file);
		if (n > sizeof(DELETED_SUFFIX) - 1 &&
		    !strcmp(file + n - (sizeof(DELETED_SUFFIX) - 1), DELETED_SUFFIX))
			file[n - (sizeof(DELETED_SUFFIX) - 1)] = '\0';
		rc = stat(file, &st) == 0 && !S_ISBLK(st.st_mode) &&
		     st.st_dev == dev && st.st_ino == ino;
	} else {
		rc = 0;	/* no backing file: not attached */
	}
	free(file);
	return rc;
}

/* Every loop device backed by the file @dev/@ino, with its partitions. */
static int add_loops_over(struct devlist *l, const char *sysfs, int real,
			  dev_t dev, ino_t ino)
{
	char dir[PATH_MAX];
	struct dirent *e;
	DIR *d;
	int rc = 0;

	snprintf(dir, sizeof(dir), "%s/block", sysfs);
	d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while (rc == 0 && (e = readdir(d))) {
		char sub[PATH_MAX];
		dev_t devno;

		if (strncmp(e->d_name, "loop", 4) != 0 ||
		    snprintf(sub, sizeof(sub), "%s/%s", dir, e->d_name) >= (int)sizeof(sub) ||
		    read_devno(sub, &devno) < 0)
			continue;
		rc = loop_backed_by(sub, real, devno, dev, ino);
		if (rc > 0) {
			rc = devlist_add(l, devno, e->d_name);
			if (rc == 0)
				rc = add_partitions(l, sub);
		}
	}
	closedir(d);
	return rc;
}

/* The index of @devno in @l, l->n when it is not there. */
static size_t devlist_find(const struct devlist *l, dev_t devno)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i].devno == devno)
			break;
	return i;
}

/*
 * The block device a mountinfo line names as its source, read from the
 * fields after the mount point (@*cur): btrfs shows an anonymous device
 * number, so its device is known by the source only.  Returns 0 when the
 * source is not a block device path.
 */
static dev_t source_devno(char **cur)
{
	char *field, *source = NULL;
	struct stat st;

	while ((field = textfile_field(cur)) && strcmp(field, "-") != 0)
		;	/* options, optional fields */
	if (field && textfile_field(cur))	/* filesystem type */
		source = textfile_field(cur);
	if (!source || source[0] != '/')
		return 0;
	swap_procswaps_unescape(source, source, strlen(source) + 1);
	return stat(source, &st) == 0 && S_ISBLK(st.st_mode) ? st.st_rdev : 0;
}

/* The first line of @mountinfo whose device is in @l: 1 with the device's
 * index and the unescaped mount point kept, 0 for none, or -errno. */
static int find_mounted(const struct devlist *l, const char *mountinfo, size_t *which)
{
	struct textfile t;
	int rc;

	rc = textfile_open(&t, mountinfo);
	if (rc < 0)
		return rc == -ENOENT ? 0 : rc;	/* no /proc: nothing known mounted */
	while ((rc = textfile_next(&t)) > 0) {
		char *cur = t.line, *devfield, *mnt;
		unsigned maj, min;
		dev_t src;
		size_t i;

		textfile_field(&cur);	/* mount id */
		textfile_field(&cur);	/* parent id */
		devfield = textfile_field(&cur);
		textfile_field(&cur);	/* root */
		mnt = textfile_field(&cur);
		if (!mnt || sscanf(devfield, "%u:%u", &maj, &min) != 2)
			continue;
		i = devlist_find(l, makedev(maj, min));
		if (i == l->n && (src = source_devno(&cur)) != 0)
			i = devlist_find(l, src);
		if (i == l->n)
			continue;
		swap_procswaps_unescape(mnt, mnt, strlen(mnt) + 1);
		*which = i;
		rc = kept_string(KEPT_MOUNTS_WHAT, strdup(mnt)) ? 1 : -ENOMEM;
		break;
	}
	textfile_close(&t);
	return rc;
}

/* The first device of @l (from index @from) listed in @procswaps. */
static int find_swap(const struct devlist *l, size_t from, const char *procswaps,
		     size_t *which)
{
	size_t i;

	for (i = from; i < l->n; i++) {
		struct swap_area_info info = {
			.size = sizeof(info), .is_blockdev = 1, .rdev = l->v[i].devno,
		};
		int rc = swap_area_find_active(&info, procswaps, NULL);

		if (rc != 0) {
			*which = i;
			return rc;
		}
	}
	return 0;
}

/* The first device of @l with an entry in its sysfs "holders" directory. */
static int find_held(const struct devlist *l, const char *sysfs, size_t *which)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		char dir[PATH_MAX];
		struct dirent *e;
		DIR *d;
		int rc;

		snprintf(dir, sizeof(dir), "%s/dev/block/%u:%u/holders", sysfs,
			 major(l->v[i].devno), minor(l->v[i].devno));
		d = opendir(dir);
		if (!d)
			continue;
		while ((e = readdir(d)) && e->d_name[0] == '.')
			;
		rc = e && kept_string(KEPT_MOUNTS_WHAT, strdup(e->d_name)) ? 1 : e ? -ENOMEM : 0;
		closedir(d);
		if (rc) {
			*which = i;
			return rc;
		}
	}
	return 0;
}

static void set_found(struct swap_mounts_user *out, unsigned kind,
		      const struct blockdev *b)
{
	const char *name = kept_string(KEPT_MOUNTS_NAME, strdup(b->name));

	if (!out)
		return;
#define FITS(field) (out->size >= offsetof(struct swap_mounts_user, field) + sizeof(out->field))
	if (FITS(kind))
		out->kind = kind;
	if (FITS(devno))
		out->devno = b->devno;
	if (FITS(name))
		out->name = name ? name : "";
	if (FITS(what))
		out->what = kind == SWAP_MOUNTS_SWAP ? NULL : kept_string_get(KEPT_MOUNTS_WHAT);
#undef FITS
}

SWAP_EXPORT int swap_mounts_find_user(const struct swap_area_info *in,
				      const char *mountinfo, const char *sysfs,
				      const char *procswaps, struct swap_mounts_user *out)
{
	struct swap_area_info full, *info = &full;
	struct devlist l = { 0 };
	size_t which = 0;
	int real = !sysfs, rc;

	if (!sized_ok(in))
		return -EINVAL;
	sized_load(&full, sizeof(full), in);
	if ((!info->is_blockdev && !info->is_regular) ||
	    (out && out->size < offsetof(struct swap_mounts_user, kind) + sizeof(out->kind)))
		return -EINVAL;
	if (!sysfs)
		sysfs = "/sys";
	if (!mountinfo)
		mountinfo = "/proc/self/mountinfo";

	if (info->is_blockdev) {
		char link[PATH_MAX], target[PATH_MAX];
		const char *name = link;
		ssize_t n;

		snprintf(link, sizeof(link), "%s/dev/block/%u:%u", sysfs,
			 major(info->rdev), minor(info->rdev));
		n = readlink(link, target, sizeof(target) - 1);
		if (n > 0) {
			target[n] = '\0';
			name = strrchr(target, '/') ? strrchr(target, '/') + 1 : target;
		} else {
			name = strrchr(link, '/') + 1;	/* "M:m" */
		}
		rc = add_with_partitions(&l, sysfs, info->rdev, name);
	} else {
		rc = add_loops_over(&l, sysfs, real, info->dev, info->ino);
	}
	if (rc < 0 || l.n == 0)
		goto out;

	rc = find_mounted(&l, mountinfo, &which);
	if (rc > 0) {
		set_found(out, SWAP_MOUNTS_MOUNTED, &l.v[which]);
		goto out;
	}
	/* the area itself is swap_area_find_active's business: a block
	 * device's partitions and the loop devices over a file are ours */
	if (rc == 0)
		rc = find_swap(&l, info->is_blockdev ? 1 : 0, procswaps, &which);
	if (rc > 0) {
		set_found(out, SWAP_MOUNTS_SWAP, &l.v[which]);
		goto out;
	}
	if (rc == 0)
		rc = find_held(&l, sysfs, &which);
	if (rc > 0)
		set_found(out, SWAP_MOUNTS_HELD, &l.v[which]);
out:
	free(l.v);
	return rc;
}
