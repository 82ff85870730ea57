/* area.c - file-descriptor level work on a swap area: inspect, read/write the header, relabel, safety checks.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/fiemap.h>
#include <linux/fs.h>

#include "internal.h"

/* Enough for the header page of the largest page size decode probes. */
#define HEADER_READ_SIZE	65536

/* The label and UUID fields are adjacent: 1036..1067. */
#define ID_FIELDS_OFFSET	SWAP_HEADER_UUID_OFFSET
#define ID_FIELDS_SIZE		(SWAP_HEADER_UUID_SIZE + SWAP_HEADER_LABEL_SIZE)

/* Extents fetched per FIEMAP call. */
#define FIEMAP_BATCH		64

static int offset_fits(uint64_t offset, uint64_t len)
{
	return offset <= INT64_MAX && len <= INT64_MAX - offset;
}

/* pread until @len bytes, end of file, or an error; retries EINTR. */
static ssize_t read_full(int fd, void *buf, size_t len, uint64_t offset)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = pread(fd, (char *)buf + done, len - done,
				  (off_t)(offset + done));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			break;
		done += (size_t)n;
	}
	return (ssize_t)done;
}

/* pwrite all @len bytes; a zero-length write is reported as ENOSPC. */
static int write_full(int fd, const void *buf, size_t len, uint64_t offset)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = pwrite(fd, (const char *)buf + done, len - done,
				   (off_t)(offset + done));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			return -ENOSPC;
		done += (size_t)n;
	}
	return 0;
}

static int sync_fd(int fd)
{
	return fsync(fd) < 0 ? -errno : 0;
}

SWAP_EXPORT int swap_area_open(const char *path, int flags, mode_t mode)
{
	struct stat st;
	int fd, rc;

	if (!path)
		return -EINVAL;
	fd = file_open_nonblock(path, flags, mode, &st);
	if (fd < 0)
		return fd;
	if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode))
		rc = S_ISDIR(st.st_mode) ? -EISDIR : -ENODEV;
	else	/* reads and writes of the area are ordinary blocking I/O */
		rc = file_clear_nonblock(fd);
	if (rc < 0) {
		close(fd);
		return rc;
	}
	return fd;
}

SWAP_EXPORT int swap_area_inspect(int fd, struct swap_area_info *info)
{
	struct swap_area_info full = SWAP_AREA_INFO_INIT, *out = &full;
	struct stat st;

	if (!sized_ok(info))
		return -EINVAL;
	if (fstat(fd, &st) < 0)
		return -errno;
	if (!S_ISBLK(st.st_mode) && !S_ISREG(st.st_mode))
		return -ENODEV;

	out->is_blockdev = S_ISBLK(st.st_mode);
	out->is_regular = S_ISREG(st.st_mode);
	out->mode = st.st_mode & 07777;
	out->uid = st.st_uid;
	out->dev = st.st_dev;
	out->ino = st.st_ino;
	out->allocated = (uint64_t)st.st_blocks * 512;
	if (out->is_blockdev) {
		uint64_t bytes;

		/* st_size of a device node is 0: ask the block layer. */
		if (ioctl(fd, BLKGETSIZE64, &bytes) < 0)
			return -errno;
		out->bytes = bytes;
		out->rdev = st.st_rdev;
	} else {
		out->bytes = (uint64_t)st.st_size;
	}
	sized_store(info, &full, sizeof(full));
	return 0;
}

SWAP_EXPORT int swap_area_read_header(int fd, uint64_t offset,
				      struct swap_header *out)
{
	unsigned char *buf;
	ssize_t got;
	int rc;

	if (!out || !offset_fits(offset, HEADER_READ_SIZE))
		return -EINVAL;
	buf = malloc(HEADER_READ_SIZE);
	if (!buf)
		return -ENOMEM;
	got = read_full(fd, buf, HEADER_READ_SIZE, offset);
	if (got < 0)
		rc = (int)got;
	else
		rc = swap_header_decode(buf, (size_t)got, out);
	free(buf);
	return rc;
}

/*
 * A signature left at a larger page size's magic spot (the area was made for
 * 16 KiB pages and is now rewritten for 4 KiB ones) would make the new area
 * look like swap at two page sizes, and like the old one if the new header
 * never makes it to disk.  Clear every such signature, and every such spot
 * that cannot be read; the caller fsyncs.
 * Smaller page sizes' spots lie inside the new header page, which is
 * rewritten anyway.
 */
static int clear_stale_magics(int fd, uint64_t offset, size_t pagesize)
{
	static const unsigned char zero[SWAP_HEADER_MAGIC_SIZE];
	size_t ps;

	for (ps = pagesize * 2; ps <= SWAP_HEADER_PAGESIZE_MAX; ps *= 2) {
		unsigned char magic[SWAP_HEADER_MAGIC_SIZE];
		uint64_t at = offset + ps - SWAP_HEADER_MAGIC_SIZE;
		ssize_t n = read_full(fd, magic, sizeof(magic), at);
		int rc;

		if (n == -EBADF)
			return 0;	/* a write-only descriptor: nothing to see */
		/* An unreadable spot may hold a magic: clear it all the same
		 * (the write may also let the device remap the sector); only
		 * a failed write is an error. */
		if (n >= 0 && ((size_t)n < sizeof(magic) || !header_magic_known(magic)))
			continue;
		rc = write_full(fd, zero, sizeof(zero), at);
		if (rc < 0)
			return rc;
	}
	return 0;
}

SWAP_EXPORT int swap_area_write_header(int fd, uint64_t offset,
				       const struct swap_header *h, unsigned flags)
{
	size_t ps, start;
	unsigned char *page;
	int rc;

	if (!h || (flags & ~SWAP_AREA_KEEP_BOOTBITS))
		return -EINVAL;
	ps = h->pagesize;
	if (swap_header_capacity(ps) < 0 || !offset_fits(offset, ps))
		return -EINVAL;
	page = malloc(ps);
	if (!page)
		return -ENOMEM;
	rc = swap_header_encode(h, page, ps);
	if (rc < 0)
		goto out;

	/*
	 * Step 1: the whole page with the magic cleared.  This also destroys
	 * any old magic, so from here until step 2 is durable the area has no
	 * valid signature: a crash leaves "not swap", never a half-written
	 * header that swapon would accept.
	 */
	memset(page + ps - SWAP_HEADER_MAGIC_SIZE, 0, SWAP_HEADER_MAGIC_SIZE);
	start = (flags & SWAP_AREA_KEEP_BOOTBITS) ? SWAP_HEADER_VERSION_OFFSET : 0;
	rc = clear_stale_magics(fd, offset, ps);
	if (rc == 0)
		rc = write_full(fd, page + start, ps - start, offset + start);
	if (rc == 0)
		rc = sync_fd(fd);
	if (rc < 0)
		goto out;

	/*
	 * Step 2: the magic, only once the body is on disk.  The fsync also
	 * matters for swapon right after: the kernel reads the header from the
	 * device, and a signature still in the page cache may not be seen.
	 */
	rc = write_full(fd, "SWAPSPACE2", SWAP_HEADER_MAGIC_SIZE,
			offset + ps - SWAP_HEADER_MAGIC_SIZE);
	if (rc == 0)
		rc = sync_fd(fd);
out:
	free(page);
	return rc;
}

/* Apply the requested label/UUID to the raw 32 bytes at 1036..1067. */
static int update_id_fields(unsigned char *fields, const char *label,
			    const unsigned char *uuid)
{
	int truncated = 0;

	if (uuid)
		memcpy(fields, uuid, SWAP_HEADER_UUID_SIZE);
	if (label) {
		struct swap_header tmp;

		truncated = swap_header_set_label(&tmp, label);
		memcpy(fields + SWAP_HEADER_UUID_SIZE, tmp.label,
		       SWAP_HEADER_LABEL_SIZE);
	}
	return truncated;
}

SWAP_EXPORT int swap_area_relabel(int fd, uint64_t offset, const char *label,
				  const unsigned char *uuid)
{
	unsigned char fields[ID_FIELDS_SIZE];
	struct swap_header h = { 0 };
	ssize_t got;
	int rc, truncated;

	if (!offset_fits(offset, HEADER_READ_SIZE))
		return -EINVAL;
	rc = swap_area_read_header(fd, offset, &h);
	if (rc == 0 && h.signature != SWAP_SIGNATURE_SWAPSPACE2)
		rc = -ENOENT;	/* not a swap area, as decode says */
	if (rc < 0 || (!label && !uuid))
		return rc;

	/* Work on the raw bytes: a field we do not change stays bit-identical. */
	got = read_full(fd, fields, sizeof(fields), offset + ID_FIELDS_OFFSET);
	if (got < 0)
		return (int)got;
	if ((size_t)got != sizeof(fields))
		return -EIO;
	truncated = update_id_fields(fields, label, uuid);

	/* One write, so a crash leaves either the old or the new pair. */
	rc = write_full(fd, fields, sizeof(fields), offset + ID_FIELDS_OFFSET);
	if (rc == 0)
		rc = sync_fd(fd);
	return rc < 0 ? rc : truncated;
}

/*
 * Identify the magic at exactly @offset + @pagesize-10: a zeroed page
 * holding only those 10 bytes, so decode cannot match at another page size.
 */
static int signature_at(int fd, uint64_t offset, size_t pagesize,
			enum swap_signature *sig)
{
	unsigned char *page = calloc(1, pagesize);
	struct swap_header h = { 0 };
	ssize_t got;
	int rc = 0;

	*sig = SWAP_SIGNATURE_NONE;
	if (!page) {
		rc = -ENOMEM;
		goto out;
	}
	got = read_full(fd, page + pagesize - SWAP_HEADER_MAGIC_SIZE,
			SWAP_HEADER_MAGIC_SIZE, offset + pagesize - SWAP_HEADER_MAGIC_SIZE);
	if (got < 0) {
		rc = (int)got;
		goto out;
	}
	if (swap_header_decode(page, pagesize, &h) == 0 && h.pagesize == pagesize)
		*sig = h.signature;
out:
	free(page);
	return rc;
}

SWAP_EXPORT int swap_area_rewrite_signature(int fd, uint64_t offset, size_t pagesize)
{
	enum swap_signature sig = SWAP_SIGNATURE_NONE;
	int rc;

	if (swap_header_capacity(pagesize) < 0 || !offset_fits(offset, pagesize))
		return -EINVAL;
	rc = signature_at(fd, offset, pagesize, &sig);
	if (rc < 0)
		return rc;
	if (!swap_signature_is_suspend(sig))
		return -ENOENT;	/* no hibernation image: not the area asked for */
	rc = write_full(fd, "SWAPSPACE2", SWAP_HEADER_MAGIC_SIZE,
			offset + pagesize - SWAP_HEADER_MAGIC_SIZE);
	return rc < 0 ? rc : sync_fd(fd);
}

/*
 * Report each problem of extent @fe (at most one call per kind, in the
 * order util-linux lists them); unwritten (fallocated) extents are fine:
 * ext4 and xfs have accepted them since Linux 5.x.  Returns: what @fn
 * returned for the last call (non-zero: stop), *count updated.
 */
static int report_extent(const struct fiemap_extent *fe, swap_area_extent_fn fn,
			 void *data, long *count)
{
	static const struct { uint32_t flags; unsigned kind; } kinds[] = {
		{ FIEMAP_EXTENT_DATA_INLINE, SWAP_EXTENT_INLINE },
		{ FIEMAP_EXTENT_SHARED, SWAP_EXTENT_SHARED },
		{ FIEMAP_EXTENT_DELALLOC, SWAP_EXTENT_DELALLOC },
	};
	size_t i;
	int stop = 0;

	for (i = 0; i < SWAP_ARRAY_SIZE(kinds) && !stop; i++)
		if (fe->fe_flags & kinds[i].flags) {
			(*count)++;
			stop = fn(kinds[i].kind, fe->fe_logical, data);
		}
	/* no disk location yet, or btrfs's compressed extents */
	if (!stop && !(fe->fe_flags & FIEMAP_EXTENT_DELALLOC) &&
	    (fe->fe_flags & (FIEMAP_EXTENT_UNKNOWN | FIEMAP_EXTENT_ENCODED))) {
		(*count)++;
		stop = fn(SWAP_EXTENT_OTHER, fe->fe_logical, data);
	}
	return stop;
}

SWAP_EXPORT long swap_area_walk_extents(int fd, uint64_t size, swap_area_extent_fn fn,
					void *data)
{
	size_t bytes = sizeof(struct fiemap) + FIEMAP_BATCH * sizeof(struct fiemap_extent);
	struct fiemap *fm;
	uint64_t pos = 0;
	long count = 0;
	int last = 0, stop = 0;

	if (!fn)
		return -EINVAL;
	fm = malloc(bytes);
	if (!fm)
		return -ENOMEM;
	while (!last && !stop && pos < size) {
		uint32_t i;

		memset(fm, 0, bytes);
		fm->fm_start = pos;
		fm->fm_length = size - pos;
		/* SYNC: delayed-allocation data gets real extents first. */
		fm->fm_flags = FIEMAP_FLAG_SYNC;
		fm->fm_extent_count = FIEMAP_BATCH;
		if (ioctl(fd, FS_IOC_FIEMAP, fm) < 0) {
			count = -errno;
			break;
		}
		if (fm->fm_mapped_extents == 0)
			break;	/* the rest of the file is one hole */
		for (i = 0; i < fm->fm_mapped_extents && !stop; i++) {
			const struct fiemap_extent *fe = &fm->fm_extents[i];

			if (fe->fe_logical > pos) {
				count++;
				stop = fn(SWAP_EXTENT_HOLE, pos, data);
			}
			if (fe->fe_logical + fe->fe_length > pos)
				pos = fe->fe_logical + fe->fe_length;
			if (fe->fe_flags & FIEMAP_EXTENT_LAST)
				last = 1;
			if (!stop)
				stop = report_extent(fe, fn, data, &count);
		}
	}
	free(fm);
	if (count >= 0 && !stop && pos < size) {
		count++;
		fn(SWAP_EXTENT_HOLE, pos, data);	/* a hole at the end */
	}
	return count;
}

static int stop_at_first(unsigned kind, uint64_t offset, void *data)
{
	(void)kind;
	(void)offset;
	(void)data;
	return 1;
}

/* Any hole or unsupported extent over [0, size)?  1, 0 or -errno. */
static int file_has_bad_extents(int fd, uint64_t size)
{
	long rc = swap_area_walk_extents(fd, size, stop_at_first, NULL);

	return rc < 0 ? (int)rc : rc > 0;
}

/* FIEMAP is optional: filesystems without it are simply not checked. */
static int check_extents(int fd, const struct swap_area_info *info)
{
	int rc;

	if (fd < 0 || !info->is_regular || info->bytes == 0)
		return 0;
	rc = file_has_bad_extents(fd, info->bytes);
	if (rc == -EOPNOTSUPP || rc == -ENOTTY || rc == -EINVAL)
		return 0;
	return rc;
}

static int entry_is_this_area(const struct swap_procswaps_entry *e,
			      const struct swap_area_info *info)
{
	struct stat st;

	if (file_stat_long(e->name, &st) < 0)
		return 0;
	if (info->is_blockdev)
		return S_ISBLK(st.st_mode) && st.st_rdev == info->rdev;
	return !S_ISBLK(st.st_mode) && st.st_dev == info->dev &&
	       st.st_ino == info->ino;
}

/* Copy the fields of @e that fit in out->size, its strings kept. */
static int give_entry(const struct swap_procswaps_entry *e,
		      struct swap_procswaps_entry *out)
{
	size_t nl = strlen(e->name) + 1, tl = strlen(e->type) + 1;
	struct swap_procswaps_entry kept = *e;
	char *p = malloc(nl + tl);

	if (!p)
		return -ENOMEM;
	memcpy(p, e->name, nl);
	memcpy(p + nl, e->type, tl);
	/* the strings outlive the iterator: kept until this thread's next lookup */
	if (!kept_string(KEPT_PROCSWAPS_ENTRY, p))
		return -ENOMEM;
	kept.name = p;
	kept.type = p + nl;
	sized_store(out, &kept, sizeof(kept));
	return 0;
}

/*
 * Walk @procswaps until @match accepts an entry; compare by identity, not
 * by name: the same area may be listed under another path (a symlink,
 * /dev/disk/by-*, a bind mount).  The iterator skips malformed lines: the
 * rest of the file is still usable.  Returns: 1 with *out (if not NULL)
 * filled, 0 when none matched, or -errno.
 */
static int procswaps_search(const char *procswaps, struct swap_procswaps_entry *out,
			    int (*match)(const struct swap_procswaps_entry *, const void *),
			    const void *data)
{
	struct swap_procswaps_entry e = SWAP_PROCSWAPS_ENTRY_INIT;
	struct swap_procswaps *it;
	int rc, found = 0;

	if (out && !sized_ok(out))
		return -EINVAL;
	rc = swap_procswaps_open(procswaps, &it);
	if (rc == -ENOENT && !procswaps)
		return 0;	/* kernel without swap support: nothing active */
	if (rc < 0)
		return rc;
	while (!found && (rc = swap_procswaps_next(it, &e)) > 0)
		found = match(&e, data);
	if (found && out)
		rc = give_entry(&e, out);
	swap_procswaps_close(it);
	return rc < 0 ? rc : found;
}

static int match_area(const struct swap_procswaps_entry *e, const void *info)
{
	return entry_is_this_area(e, info);
}

SWAP_EXPORT int swap_area_find_active(const struct swap_area_info *info,
				      const char *procswaps,
				      struct swap_procswaps_entry *out)
{
	struct swap_area_info full;

	if (!sized_ok(info))
		return -EINVAL;
	sized_load(&full, sizeof(full), info);
	return procswaps_search(procswaps, out, match_area, &full);
}

struct tag_query {
	enum swap_spec_kind kind;
	const char *value;
	unsigned char uuid[SWAP_HEADER_UUID_SIZE];
	struct swap_header *h;	/* scratch, without a bad-page list */
};

/* Whether the area named by @e carries the label or UUID asked for.  The
 * name is opened without blocking: a FIFO mounted over an active swap file
 * since its activation must not hang the search. */
static int match_tag(const struct swap_procswaps_entry *e, const void *data)
{
	const struct tag_query *q = data;
	const char *rest;
	struct stat st;
	int dirfd, fd, match = 0;

	if (file_walk_long(e->name, &dirfd, &rest) < 0)
		return 0;
	fd = openat(dirfd, rest, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (dirfd != AT_FDCWD)
		close(dirfd);
	if (fd < 0)
		return 0;
	if (fstat(fd, &st) == 0 && (S_ISREG(st.st_mode) || S_ISBLK(st.st_mode)) &&
	    file_clear_nonblock(fd) == 0 && swap_area_read_header(fd, 0, q->h) == 0 &&
	    q->h->signature == SWAP_SIGNATURE_SWAPSPACE2) {
		if (q->kind == SWAP_SPEC_LABEL)
			match = strcmp(q->h->label, q->value) == 0;
		else
			match = memcmp(q->h->uuid, q->uuid, sizeof(q->uuid)) == 0;
	}
	close(fd);
	return match;
}

SWAP_EXPORT int swap_area_find_tag(enum swap_spec_kind kind, const char *value,
				   const char *procswaps,
				   struct swap_procswaps_entry *out)
{
	struct swap_header h = { 0 };
	struct tag_query q = { .kind = kind, .value = value, .h = &h };

	if (!value || (kind != SWAP_SPEC_LABEL && kind != SWAP_SPEC_UUID))
		return -EINVAL;
	if (kind == SWAP_SPEC_UUID && swap_uuid_parse(value, q.uuid) < 0)
		return -EINVAL;
	return procswaps_search(procswaps, out, match_tag, &q);
}

SWAP_EXPORT int swap_area_check(int fd, const struct swap_area_info *in,
				const char *procswaps, unsigned checks)
{
	struct swap_area_info full, *info = &full;
	mode_t forbidden;
	int found = 0, rc;

	if (!sized_ok(in) || (checks & ~SWAP_AREA_CHECK_ALL))
		return -EINVAL;
	sized_load(&full, sizeof(full), in);
	if (!info->is_blockdev && !info->is_regular)
		return -EINVAL;
	/* As util-linux swapon: devices may be group-accessible (disk group). */
	forbidden = info->is_blockdev ? 07007 : 07077;
	if (info->mode & forbidden)
		found |= SWAP_AREA_INSECURE_MODE;
	if (info->is_regular && info->uid != 0)
		found |= SWAP_AREA_INSECURE_OWNER;
	if (info->is_regular && info->allocated < info->bytes)
		found |= SWAP_AREA_HOLES;

	/* the costly checks only when asked: FIEMAP syncs the file's data,
	 * and /proc/swaps is read whole */
	if (checks & SWAP_AREA_BAD_EXTENTS) {
		rc = check_extents(fd, info);
		if (rc < 0)
			return rc;
		if (rc > 0)
			found |= SWAP_AREA_BAD_EXTENTS;
	}
	if (checks & SWAP_AREA_ACTIVE) {
		rc = swap_area_find_active(info, procswaps, NULL);
		if (rc < 0)
			return rc;
		if (rc > 0)
			found |= SWAP_AREA_ACTIVE;
	}
	return found & (int)checks;
}

SWAP_EXPORT mode_t swap_area_suggest_mode(const struct swap_area_info *info)
{
	struct swap_area_info full;

	if (!sized_ok(info))
		return 0600;
	sized_load(&full, sizeof(full), info);
	return full.is_blockdev ? 0660 : 0600;
}
