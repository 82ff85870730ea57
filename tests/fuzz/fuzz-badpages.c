/*
 * Fuzz harness: the bad-page scan (lib/badpages.c) with injected read faults.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The area is a sparse memfd; faults come from a pread() interposed at link
 * time (-Wl,--wrap=pread,--wrap=pread64: libswap-fuzz.a is static, so the
 * library's own calls are wrapped too; nothing in libswap changes).  The
 * first CTL input bytes choose the page size, the page count, the offset,
 * how much of the end is missing, the error a failing page gives and when
 * the progress callback cancels; the bytes after them are a bitmap of the
 * pages whose reads fail.  Properties checked:
 *  - with media errors (EIO, ENXIO, ENODATA) and short reads, the result is
 *    exactly the pages that fail or lie past the end of the file, in
 *    ascending order, capped at the header's capacity (-E2BIG beyond);
 *  - EINTR is retried (same result as without it);
 *  - any other error (EINVAL) stops the scan with that error;
 *  - progress: "done" rises strictly to npages-1 out of npages-1; a
 *    cancel gives -ECANCELED at once;
 *  - the wrap is in effect (a scan of 2+ pages reads through it).
 */
#include "fuzz.h"

#include <sys/types.h>

#include "libswap.h"

#define CTL 8

ssize_t __real_pread(int fd, void *buf, size_t len, off_t off);
ssize_t __wrap_pread(int fd, void *buf, size_t len, off_t off);
ssize_t __real_pread64(int fd, void *buf, size_t len, off_t off);
ssize_t __wrap_pread64(int fd, void *buf, size_t len, off_t off);

static struct {
	int fd;
	uint64_t offset;	/* byte offset of page 0 */
	size_t pagesize;
	const uint8_t *bad;	/* bitmap of failing pages */
	size_t nbad;		/* its bytes */
	int err;		/* what a failing page gives (0: a short read) */
	int eintr;		/* first try of every read: EINTR */
	unsigned long calls;
} inj = { .fd = -1 };

static int fails(uint64_t page)
{
	return page / 8 < inj.nbad && (inj.bad[page / 8] >> (page % 8) & 1);
}

static ssize_t faulty(int fd, void *buf, size_t len, off_t off,
		      ssize_t (*real)(int, void *, size_t, off_t))
{
	static off_t last_eintr = -1;
	uint64_t first, last, p;

	if (fd != inj.fd || len == 0 || (uint64_t)off < inj.offset)
		return real(fd, buf, len, off);
	inj.calls++;
	if (inj.eintr && off != last_eintr) {
		last_eintr = off;
		errno = EINTR;
		return -1;
	}
	first = ((uint64_t)off - inj.offset) / inj.pagesize;
	last = ((uint64_t)off + len - 1 - inj.offset) / inj.pagesize;
	for (p = first; p <= last; p++) {
		if (!fails(p))
			continue;
		if (inj.err) {
			errno = inj.err;
			return -1;
		}
		/* a short read up to the failing page, EIO on the page itself */
		if (p == first) {
			errno = EIO;
			return -1;
		}
		len = (size_t)(inj.offset + p * inj.pagesize - (uint64_t)off);
		break;
	}
	return real(fd, buf, len, off);
}

ssize_t __wrap_pread(int fd, void *buf, size_t len, off_t off)
{
	return faulty(fd, buf, len, off, __real_pread);
}

ssize_t __wrap_pread64(int fd, void *buf, size_t len, off_t off)
{
	return faulty(fd, buf, len, off, __real_pread64);
}

/*
 * The scan's 1 MiB chunk buffer: served from one static (ASan-guarded)
 * buffer, because a fresh mmap and munmap of it in every run (what ASan's
 * allocator does for a block that large) cost a TLB shootdown across CPUs
 * and made the harness crawl at 40 runs a second.  Linked with
 * -Wl,--wrap=posix_memalign,--wrap=free like pread above.
 */
int __real_posix_memalign(void **p, size_t align, size_t size);
int __wrap_posix_memalign(void **p, size_t align, size_t size);
void __real_free(void *p);
void __wrap_free(void *p);

static unsigned char chunk[1u << 20] __attribute__((aligned(65536)));
static int chunk_busy;

int __wrap_posix_memalign(void **p, size_t align, size_t size)
{
	if (!chunk_busy && size <= sizeof(chunk) && align <= 65536) {
		chunk_busy = 1;
		*p = chunk;
		return 0;
	}
	return __real_posix_memalign(p, align, size);
}

void __wrap_free(void *p)
{
	if (p == chunk) {
		fuzz_assert(chunk_busy, "the chunk buffer freed twice");
		chunk_busy = 0;
		return;
	}
	__real_free(p);
}

struct progress {
	unsigned calls, cancel_at;
	uint64_t last, total;
	int bad_total;
};

static int progress(uint64_t done, uint64_t total, void *data)
{
	struct progress *p = data;

	fuzz_assert(p->calls == 0 || done > p->last, "progress went from %ju to %ju",
		    (uintmax_t)p->last, (uintmax_t)done);
	fuzz_assert(done <= total, "progress %ju of %ju", (uintmax_t)done, (uintmax_t)total);
	p->bad_total |= p->calls && total != p->total;
	p->last = done;
	p->total = total;
	return ++p->calls == p->cancel_at;
}

static const size_t pagesizes[] = { 4096, 8192, 16384, 65536, 2048, 3000 };
static const int errs[] = { EIO, ENXIO, ENODATA, 0, EINVAL };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct swap_header h;
	static uint32_t list[SWAP_HEADER_BADPAGES_MAX + 1];
	static uint32_t want[1u << 16];
	uint8_t b[CTL] = { 0 };
	struct progress pr = { 0 };
	uint64_t npages, filesize, p, limit;
	size_t nwant = 0;
	int cap, rc, fatal = 0;

	memcpy(b, data, size < CTL ? size : CTL);
	if (inj.fd < 0) {
		inj.fd = memfd_create("fuzz-badpages", MFD_CLOEXEC);
		if (inj.fd < 0)
			abort();
	}
	inj.pagesize = pagesizes[b[0] % (sizeof(pagesizes) / sizeof(pagesizes[0]))];
	inj.err = errs[(b[0] >> 3) % (sizeof(errs) / sizeof(errs[0]))];
	inj.eintr = b[0] >> 7;
	inj.offset = (uint64_t)(b[1] % 8) * 512;
	/* a small area, so a run stays fast (every run reads it through a
	 * fresh 1 MiB buffer); 2 KiB pages, capacity 125, still reach -E2BIG */
	limit = inj.pagesize < 4096 ? 160 : (128u << 10) / inj.pagesize;
	npages = ((uint64_t)b[2] | (uint64_t)b[3] << 8) % (limit + 1);
	pr.cancel_at = b[4] % 8;	/* 0: never */
	inj.bad = data + (size < CTL ? size : CTL);
	inj.nbad = size > CTL ? size - CTL : 0;
	filesize = inj.offset + npages * inj.pagesize;
	filesize -= filesize < (uint64_t)(b[5] | b[6] << 8) * 7 ? filesize :
		    (uint64_t)(b[5] | b[6] << 8) * 7;
	if (ftruncate(inj.fd, 0) < 0 || ftruncate(inj.fd, (off_t)filesize) < 0)
		abort();

	memset(&h, 0, sizeof(h));
	h.badpages = list;
	h.badpages_room = SWAP_HEADER_BADPAGES_MAX;
	list[SWAP_HEADER_BADPAGES_MAX] = 0xc0ffee;	/* past the room */
	h.pagesize = (uint32_t)inj.pagesize;
	h.nr_badpages = 12345;
	cap = swap_header_capacity(inj.pagesize);
	inj.calls = 0;
	rc = swap_badpages_scan(inj.fd, inj.offset, &h, npages, progress, &pr);
	fuzz_assert(!chunk_busy, "the scan did not free its buffer");
	fuzz_assert(list[SWAP_HEADER_BADPAGES_MAX] == 0xc0ffee, "the scan wrote past the list's room");
	if (cap < 0) {
		fuzz_assert(rc == -EINVAL, "page size %zu: returned %d", inj.pagesize, rc);
		return 0;
	}
	/* The model: pages 1..npages-1 that fail or end past the file. */
	for (p = 1; p < npages; p++) {
		int past = inj.offset + (p + 1) * inj.pagesize > filesize;

		if (fails(p) && inj.err == EINVAL)
			fatal = 1;	/* also past the end: the wrap fails first */
		if ((fails(p) && inj.err != EINVAL) || past)
			want[nwant++] = (uint32_t)p;
	}
	fuzz_assert(npages < 2 || inj.calls > 0, "the pread wrap is not in effect");
	fuzz_assert(!pr.bad_total && (pr.calls == 0 || pr.total == npages - 1),
		    "progress total %ju for %ju pages", (uintmax_t)pr.total, (uintmax_t)npages);
	if (rc == -ECANCELED) {
		fuzz_assert(pr.cancel_at && pr.calls == pr.cancel_at, "cancelled after %u calls",
			    pr.calls);
		return 0;
	}
	if (fatal) {	/* -E2BIG when enough pages past the end come first */
		fuzz_assert(rc == -EINVAL || rc == -E2BIG, "a non-media error gave %d", rc);
		return 0;
	}
	if (nwant > (size_t)cap) {
		fuzz_assert(rc == -E2BIG, "%zu bad pages over capacity %d: returned %d", nwant,
			    cap, rc);
		fuzz_assert(h.nr_badpages == (uint32_t)cap, "nr_badpages %u at -E2BIG",
			    h.nr_badpages);
		nwant = (size_t)cap;
	} else {
		fuzz_assert(npages < 2 || pr.last == npages - 1, "progress ended at %ju of %ju",
			    (uintmax_t)pr.last, (uintmax_t)npages - 1);
		fuzz_assert(!pr.cancel_at || pr.calls < pr.cancel_at, "a cancel was ignored");
		fuzz_assert(rc == (int)nwant, "%zu bad pages: returned %d", nwant, rc);
		fuzz_assert(h.nr_badpages == nwant, "nr_badpages %u for %zu", h.nr_badpages, nwant);
	}
	fuzz_assert(memcmp(h.badpages, want, nwant * sizeof(want[0])) == 0,
		    "the bad-page list is not the failing pages in order");
	return 0;
}
