/* badpages.c - read check of a swap area (mkswap -c): find the unreadable pages.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

/* Large reads keep the scan fast; only a failing chunk is re-read page by page. */
#define SCAN_CHUNK_BYTES	(1u << 20)

struct scan {
	int fd;
	uint64_t offset;	/* byte offset of page 0 of the area */
	size_t pagesize;
	uint64_t npages;
	struct swap_header *h;
	uint32_t capacity;
	unsigned char *buf;	/* one chunk */
	swap_badpages_progress_fn progress;
	void *data;
};

/*
 * Errors that mean "this range cannot be read" rather than "this read was
 * asked wrongly": only these mark pages bad.  EBADF, EINVAL (O_DIRECT
 * misuse), EISDIR and the like abort the scan instead.
 */
static int is_media_error(int err)
{
	return err == -EIO || err == -ENXIO || err == -ENODATA ||
	       err == -EILSEQ || err == -EMEDIUMTYPE || err == -ENOMEDIUM;
}

/* pread until @len bytes, end of file, or an error; retries EINTR.
 * Returns the bytes read, or -errno when nothing more could be read. */
static ssize_t read_some(int fd, unsigned char *buf, size_t len, uint64_t offset,
			 int *err)
{
	size_t done = 0;

	*err = 0;
	while (done < len) {
		ssize_t n = pread(fd, buf + done, len - done, (off_t)(offset + done));

		if (n < 0) {
			if (errno == EINTR)
				continue;
			*err = -errno;
			break;
		}
		if (n == 0)
			break;	/* end of file/device: the rest is unreadable */
		done += (size_t)n;
	}
	return (ssize_t)done;
}

static int add_bad_page(struct scan *s, uint64_t page)
{
	if (s->h->nr_badpages >= s->capacity)
		return -E2BIG;
	s->h->badpages[s->h->nr_badpages++] = (uint32_t)page;
	return 0;
}

/* Re-read pages [first, end) one at a time; record each that fails. */
static int scan_pages_singly(struct scan *s, uint64_t first, uint64_t end)
{
	uint64_t page;

	for (page = first; page < end; page++) {
		int err;
		ssize_t got = read_some(s->fd, s->buf, s->pagesize,
					s->offset + page * s->pagesize, &err);

		if (err && !is_media_error(err))
			return err;
		if ((size_t)got < s->pagesize) {
			int rc = add_bad_page(s, page);

			if (rc < 0)
				return rc;
		}
	}
	return 0;
}

/* Read pages [first, end) in one go; narrow down only if that fails. */
static int scan_chunk(struct scan *s, uint64_t first, uint64_t end)
{
	size_t len = (size_t)(end - first) * s->pagesize;
	int err;
	ssize_t got = read_some(s->fd, s->buf, len, s->offset + first * s->pagesize, &err);

	if (err && !is_media_error(err))
		return err;
	if ((size_t)got == len)
		return 0;
	/* Whole pages before the failure point were read fine. */
	return scan_pages_singly(s, first + (size_t)got / s->pagesize, end);
}

static int scan_area(struct scan *s)
{
	uint64_t per_chunk = SCAN_CHUNK_BYTES / s->pagesize;
	uint64_t page = 1;	/* page 0 is the header, which is rewritten anyway */

	if (per_chunk == 0)
		per_chunk = 1;
	while (page < s->npages) {
		/* Chunks end on chunk-size boundaries of the area. */
		uint64_t end = (page / per_chunk + 1) * per_chunk;
		int rc;

		if (end > s->npages)
			end = s->npages;
		rc = scan_chunk(s, page, end);
		if (rc < 0)
			return rc;
		page = end;
		if (s->progress && s->progress(page - 1, s->npages - 1, s->data))
			return -ECANCELED;
	}
	return 0;
}

SWAP_EXPORT int swap_badpages_scan(int fd, uint64_t offset, struct swap_header *h,
				   uint64_t npages, swap_badpages_progress_fn progress,
				   void *data)
{
	struct scan s = { .fd = fd, .offset = offset, .npages = npages,
			  .h = h, .progress = progress, .data = data };
	size_t chunk;
	int capacity, rc;

	if (!h)
		return -EINVAL;
	capacity = swap_header_capacity(h->pagesize);
	if (capacity < 0 || npages > (uint64_t)UINT32_MAX + 1)
		return -EINVAL;
	s.pagesize = h->pagesize;
	s.capacity = (uint32_t)capacity;
	/* the caller's list may be shorter than the page's capacity */
	if (!h->badpages)
		s.capacity = 0;
	else if (h->badpages_room < s.capacity)
		s.capacity = h->badpages_room;
	if (offset > INT64_MAX || npages * s.pagesize > (uint64_t)INT64_MAX - offset)
		return -EINVAL;

	h->nr_badpages = 0;
	if (s.capacity)
		memset(h->badpages, 0, s.capacity * sizeof(*h->badpages));
	if (npages < 2)
		return 0;

	/*
	 * Drop cached pages of the range first (best effort): a page still in
	 * the page cache reads fine even when the medium under it does not.
	 */
	(void)posix_fadvise(fd, (off_t)offset, (off_t)(npages * s.pagesize),
			    POSIX_FADV_DONTNEED);
	/*
	 * Ask for readahead: the scan is one sequential pass.  This also
	 * undoes POSIX_FADV_RANDOM that libblkid sets on a descriptor it
	 * probes (mkswap probes and scans the same one), which would halve
	 * the read speed.
	 */
	(void)posix_fadvise(fd, (off_t)offset, (off_t)(npages * s.pagesize),
			    POSIX_FADV_SEQUENTIAL);

	chunk = SCAN_CHUNK_BYTES > s.pagesize ? SCAN_CHUNK_BYTES : s.pagesize;
	/* Page-aligned, so the caller may have opened the area O_DIRECT. */
	if (posix_memalign((void **)&s.buf, s.pagesize, chunk) != 0)
		return -ENOMEM;
	rc = scan_area(&s);
	free(s.buf);
	return rc < 0 ? rc : (int)h->nr_badpages;
}
