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
	int fd, saved;

	if (!path)
		return -EINVAL;
	/* O_NONBLOCK: opening a FIFO (or a tty) must not wait for a peer. */
	fd = open(path, flags | O_NONBLOCK | O_CLOEXEC | O_NOCTTY, mode);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0)
		goto fail;
	if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode)) {
		close(fd);
		return S_ISDIR(st.st_mode) ? -EISDIR : -ENODEV;
	}
	/* Reads and writes of the area itself are ordinary blocking I/O. */
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) < 0)
		goto fail;
	return fd;
fail:
	saved = errno;
	close(fd);
	return -saved;
}

SWAP_EXPORT int swap_area_inspect(int fd, struct swap_area_info *out)
{
	struct stat st;

	if (!out)
		return -EINVAL;
	if (fstat(fd, &st) < 0)
		return -errno;
	if (!S_ISBLK(st.st_mode) && !S_ISREG(st.st_mode))
		return -ENODEV;

	memset(out, 0, sizeof(*out));
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
		out->size = bytes;
		out->rdev = st.st_rdev;
	} else {
		out->size = (uint64_t)st.st_size;
	}
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
 * never makes it to disk.  Clear every such signature; the caller fsyncs.
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
		if (n < 0)
			return (int)n;
		if ((size_t)n < sizeof(magic) || !header_magic_known(magic))
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

		truncated = swap_label_set(&tmp, label);
		memcpy(fields + SWAP_HEADER_UUID_SIZE, tmp.label,
		       SWAP_HEADER_LABEL_SIZE);
	}
	return truncated;
}

SWAP_EXPORT int swap_area_relabel(int fd, uint64_t offset, const char *label,
				  const unsigned char *uuid)
{
	unsigned char fields[ID_FIELDS_SIZE];
	struct swap_header *h;
	ssize_t got;
	int rc, truncated;

	if (!offset_fits(offset, HEADER_READ_SIZE))
		return -EINVAL;
	h = malloc(sizeof(*h));
	if (!h)
		return -ENOMEM;
	rc = swap_area_read_header(fd, offset, h);
	if (rc == -ENOENT || (rc == 0 && h->signature != SWAP_SIGNATURE_SWAPSPACE2))
		rc = -EINVAL;
	free(h);
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

static int is_suspend_signature(enum swap_signature sig)
{
	return sig == SWAP_SIGNATURE_S1SUSPEND || sig == SWAP_SIGNATURE_S2SUSPEND ||
	       sig == SWAP_SIGNATURE_ULSUSPEND || sig == SWAP_SIGNATURE_LINHIB0001;
}

/*
 * Identify the magic at exactly @pagesize-10: a zeroed page holding only
 * those 10 bytes, so decode cannot match at another page size.
 */
static int signature_at(int fd, size_t pagesize, enum swap_signature *sig)
{
	unsigned char *page = calloc(1, pagesize);
	struct swap_header *h = malloc(sizeof(*h));
	ssize_t got;
	int rc = 0;

	*sig = SWAP_SIGNATURE_NONE;
	if (!page || !h) {
		rc = -ENOMEM;
		goto out;
	}
	got = read_full(fd, page + pagesize - SWAP_HEADER_MAGIC_SIZE,
			SWAP_HEADER_MAGIC_SIZE, pagesize - SWAP_HEADER_MAGIC_SIZE);
	if (got < 0) {
		rc = (int)got;
		goto out;
	}
	if (swap_header_decode(page, pagesize, h) == 0 && h->pagesize == pagesize)
		*sig = h->signature;
out:
	free(page);
	free(h);
	return rc;
}

SWAP_EXPORT int swap_area_rewrite_signature(int fd, size_t pagesize)
{
	enum swap_signature sig = SWAP_SIGNATURE_NONE;
	int rc;

	if (swap_header_capacity(pagesize) < 0)
		return -EINVAL;
	rc = signature_at(fd, pagesize, &sig);
	if (rc < 0)
		return rc;
	if (!is_suspend_signature(sig))
		return -EINVAL;
	rc = write_full(fd, "SWAPSPACE2", SWAP_HEADER_MAGIC_SIZE,
			pagesize - SWAP_HEADER_MAGIC_SIZE);
	return rc < 0 ? rc : sync_fd(fd);
}

/*
 * Extent flags swapfile activation refuses: no disk location yet (unknown,
 * delalloc), data inside metadata (inline), reflinked (shared), and btrfs's
 * compressed extents (encoded).  Unwritten (fallocated) extents are fine:
 * ext4 and xfs have accepted them since Linux 5.x.
 */
static int extent_is_unsupported(const struct fiemap_extent *fe)
{
	return fe->fe_flags & (FIEMAP_EXTENT_UNKNOWN | FIEMAP_EXTENT_DELALLOC |
			       FIEMAP_EXTENT_DATA_INLINE | FIEMAP_EXTENT_SHARED |
			       FIEMAP_EXTENT_ENCODED);
}

/*
 * Walk the file's extents over [0, size): any gap (hole) or unsupported
 * extent is a finding.  Returns 1 for a finding, 0 for none, -errno.
 */
static int file_has_bad_extents(int fd, uint64_t size)
{
	size_t bytes = sizeof(struct fiemap) + FIEMAP_BATCH * sizeof(struct fiemap_extent);
	struct fiemap *fm = malloc(bytes);
	uint64_t pos = 0;
	int rc = 0, last = 0;

	if (!fm)
		return -ENOMEM;
	while (!last && pos < size && rc == 0) {
		uint32_t i;

		memset(fm, 0, bytes);
		fm->fm_start = pos;
		fm->fm_length = size - pos;
		/* SYNC: delayed-allocation data gets real extents first. */
		fm->fm_flags = FIEMAP_FLAG_SYNC;
		fm->fm_extent_count = FIEMAP_BATCH;
		if (ioctl(fd, FS_IOC_FIEMAP, fm) < 0) {
			rc = -errno;
			break;
		}
		if (fm->fm_mapped_extents == 0)
			break;	/* the rest of the file is one hole */
		for (i = 0; i < fm->fm_mapped_extents && rc == 0; i++) {
			const struct fiemap_extent *fe = &fm->fm_extents[i];

			if (fe->fe_logical > pos || extent_is_unsupported(fe))
				rc = 1;
			pos = fe->fe_logical + fe->fe_length;
			if (fe->fe_flags & FIEMAP_EXTENT_LAST)
				last = 1;
		}
	}
	free(fm);
	if (rc == 0 && pos < size)
		rc = 1;	/* a hole at the end */
	return rc;
}

/* FIEMAP is optional: filesystems without it are simply not checked. */
static int check_extents(int fd, const struct swap_area_info *info)
{
	int rc;

	if (fd < 0 || !info->is_regular || info->size == 0)
		return 0;
	rc = file_has_bad_extents(fd, info->size);
	if (rc == -EOPNOTSUPP || rc == -ENOTTY || rc == -EINVAL)
		return 0;
	return rc;
}

static int entry_is_this_area(const struct swap_procswaps_entry *e,
			      const struct swap_area_info *info)
{
	struct stat st;

	if (stat(e->name, &st) < 0)
		return 0;
	if (info->is_blockdev)
		return S_ISBLK(st.st_mode) && st.st_rdev == info->rdev;
	return !S_ISBLK(st.st_mode) && st.st_dev == info->dev &&
	       st.st_ino == info->ino;
}

/*
 * Compare by identity, not by name: the same area may be listed under
 * another path (a symlink, /dev/disk/by-*, a bind mount).
 * Returns 1 when active, 0 when not, -errno.
 */
/*
 * Walk @procswaps until @match accepts an entry.  Returns: 1 with *e filled,
 * 0 when none matched, or -errno.  A malformed line is skipped: the rest of
 * the file is still usable.
 */
static int procswaps_search(const char *procswaps, struct swap_procswaps_entry *e,
			    int (*match)(const struct swap_procswaps_entry *, const void *),
			    const void *data)
{
	struct swap_procswaps *it;
	int rc, found = 0;

	rc = swap_procswaps_open(procswaps, &it);
	if (rc == -ENOENT && !procswaps)
		return 0;	/* kernel without swap support: nothing active */
	if (rc < 0)
		return rc;
	while (!found && (rc = swap_procswaps_next(it, e)) != 0) {
		if (rc == -EINVAL)
			continue;
		if (rc < 0)
			break;
		found = match(e, data);
	}
	swap_procswaps_close(it);
	if (rc < 0 && rc != -EINVAL)
		return rc;
	return found;
}

static int match_area(const struct swap_procswaps_entry *e, const void *info)
{
	return entry_is_this_area(e, info);
}

/* Call @search with a heap entry when the caller passed none (4 KiB name). */
static int with_entry(struct swap_procswaps_entry *out,
		      int (*search)(struct swap_procswaps_entry *, const void *),
		      const void *data)
{
	struct swap_procswaps_entry *e = out ? out : malloc(sizeof(*e));
	int rc;

	if (!e)
		return -ENOMEM;
	rc = search(e, data);
	if (!out)
		free(e);
	return rc;
}

struct active_query {
	const struct swap_area_info *info;
	const char *procswaps;
};

static int search_active(struct swap_procswaps_entry *e, const void *data)
{
	const struct active_query *q = data;

	return procswaps_search(q->procswaps, e, match_area, q->info);
}

SWAP_EXPORT int swap_area_find_active(const struct swap_area_info *info,
				      const char *procswaps,
				      struct swap_procswaps_entry *out)
{
	struct active_query q = { .info = info, .procswaps = procswaps };

	if (!info)
		return -EINVAL;
	return with_entry(out, search_active, &q);
}

struct tag_query {
	enum swap_spec_kind kind;
	const char *value;
	unsigned char uuid[SWAP_HEADER_UUID_SIZE];
	const char *procswaps;
	struct swap_header *h;
};

/* Whether the area named by @e carries the label or UUID asked for. */
static int match_tag(const struct swap_procswaps_entry *e, const void *data)
{
	const struct tag_query *q = data;
	int fd = swap_area_open(e->name, O_RDONLY, 0);	/* no wait on a FIFO */
	int match = 0;

	if (fd < 0)
		return 0;
	if (swap_area_read_header(fd, 0, q->h) == 0 &&
	    q->h->signature == SWAP_SIGNATURE_SWAPSPACE2) {
		if (q->kind == SWAP_SPEC_LABEL)
			match = strcmp(q->h->label, q->value) == 0;
		else
			match = memcmp(q->h->uuid, q->uuid, sizeof(q->uuid)) == 0;
	}
	close(fd);
	return match;
}

static int search_tag(struct swap_procswaps_entry *e, const void *data)
{
	return procswaps_search(((const struct tag_query *)data)->procswaps, e,
				match_tag, data);
}

SWAP_EXPORT int swap_area_find_tag(enum swap_spec_kind kind, const char *value,
				   const char *procswaps,
				   struct swap_procswaps_entry *out)
{
	struct tag_query q = { .kind = kind, .value = value, .procswaps = procswaps };
	int rc;

	if (!value || (kind != SWAP_SPEC_LABEL && kind != SWAP_SPEC_UUID))
		return -EINVAL;
	if (kind == SWAP_SPEC_UUID && swap_uuid_parse(value, q.uuid) < 0)
		return -EINVAL;
	q.h = malloc(sizeof(*q.h));	/* 64 KiB: keep it off the stack */
	if (!q.h)
		return -ENOMEM;
	rc = with_entry(out, search_tag, &q);
	free(q.h);
	return rc;
}

SWAP_EXPORT int swap_area_check(int fd, const struct swap_area_info *info,
				const char *procswaps)
{
	/* As util-linux swapon: devices may be group-accessible (disk group). */
	mode_t forbidden = info && info->is_blockdev ? 07007 : 07077;
	int found = 0, rc;

	if (!info || (!info->is_blockdev && !info->is_regular))
		return -EINVAL;
	if (info->mode & forbidden)
		found |= SWAP_AREA_INSECURE_MODE;
	if (info->is_regular && info->uid != 0)
		found |= SWAP_AREA_INSECURE_OWNER;
	if (info->is_regular && info->allocated < info->size)
		found |= SWAP_AREA_HOLES;

	rc = check_extents(fd, info);
	if (rc < 0)
		return rc;
	if (rc > 0)
		found |= SWAP_AREA_BAD_EXTENTS;

	rc = swap_area_find_active(info, procswaps, NULL);
	if (rc < 0)
		return rc;
	if (rc > 0)
		found |= SWAP_AREA_ACTIVE;
	return found;
}

SWAP_EXPORT mode_t swap_area_suggest_mode(const struct swap_area_info *info)
{
	return info && info->is_blockdev ? 0660 : 0600;
}
