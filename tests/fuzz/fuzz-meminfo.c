/*
 * Fuzz harness: swap_meminfo_parse and swap_meminfo_read.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The parser takes (text, len): it gets the input in an exactly-sized heap
 * buffer with no NUL after it, so reading past @len is an AddressSanitizer
 * report; then the same text through a file (/proc/self/fd/N of a memfd).
 * UndefinedBehaviorSanitizer watches the derived figures (used, cache,
 * commit_free) for overflow on huge values.  Properties checked:
 *  - parse returns 0 (or -ENODATA for an empty text), and sets only known
 *    "have" bits;
 *  - read returns 0 or a -errno, agrees with parse for a text without NULs,
 *    and leaves no descriptor open.
 */
#include "fuzz.h"

#include "libswap.h"

/* Field by field: a struct copy inside the library may leave padding as it likes. */
#define SAME(f) fuzz_assert(a->f == b->f, "parse and read disagree on " #f)
static void same(const struct swap_meminfo *a, const struct swap_meminfo *b)
{
	SAME(have); SAME(mem_total); SAME(mem_free); SAME(mem_available);
	SAME(buffers); SAME(cached); SAME(sreclaimable); SAME(shmem);
	SAME(swap_total); SAME(swap_free); SAME(low_total); SAME(low_free);
	SAME(high_total); SAME(high_free); SAME(commit_limit); SAME(committed_as);
	SAME(mem_used); SAME(main_cache); SAME(buff_cache); SAME(swap_used);
	SAME(low_used); SAME(high_used); SAME(commit_free);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct swap_meminfo a, b;
	char path[64];
	int rc, rc2, before;

	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	rc = swap_meminfo_parse((const char *)data, size, &a);
	fuzz_assert(rc == 0 || (rc == -ENODATA && size == 0), "parse returned %d", rc);
	if (rc == 0)
		fuzz_assert((a.have & ~(SWAP_MEMINFO_HAVE_AVAILABLE | SWAP_MEMINFO_HAVE_LOW |
					SWAP_MEMINFO_HAVE_HIGH | SWAP_MEMINFO_HAVE_SRECLAIMABLE |
					SWAP_MEMINFO_HAVE_COMMIT)) == 0,
			    "unknown have bits %#x", a.have);

	if (fuzz_file(data, size, path) < 0)
		return 0;
	before = fuzz_lowest_fd();
	memset(&b, 0, sizeof(b));
	b.size = sizeof(b);
	rc2 = swap_meminfo_read(path, &b);
	fuzz_assert(rc2 <= 0, "read returned %d", rc2);
	fuzz_assert(fuzz_lowest_fd() == before, "read left a file descriptor open");
	if (size < 8192) {	/* read sees the first 8191 bytes */
		fuzz_assert(rc == rc2, "parse gave %d, read of the same text %d", rc, rc2);
		if (rc == 0)
			same(&a, &b);
	}
	return 0;
}
