/*
 * Fuzz harness: the mm_stat parser behind swap_zram_read and the
 * Zswap/Zswapped reader behind swap_zswap_read (lib/zram.c).
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * mm_stat is parsed from an exactly-sized heap buffer with no NUL after it
 * (reading past len is an ASan report), into a struct whose size field says
 * it is shorter than it is, so a write past size is caught too.  Properties:
 *  - the parser returns -EINVAL or a field count of 5..9;
 *  - nothing past out->size is written;
 *  - swap_zswap_read of the input as a file returns 0, -EINVAL or -EFBIG,
 *    sets only known "have" bits, and closes its descriptor; a key it says
 *    is absent reads 0.
 */
#include "fuzz.h"

#include "libswap.h"
#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct {
		struct swap_zram_stat z;
		unsigned char tail[8];
	} s;
	struct swap_zswap_stat zs;
	char *copy = malloc(size ? size : 1);
	size_t cut;
	char path[64];
	int rc, before;

	if (!copy)
		abort();
	memcpy(copy, data, size);
	/* the struct ends at a field chosen by the input */
	cut = offsetof(struct swap_zram_stat, orig_data_size) +
	      (size ? data[0] % 10 : 9) * sizeof(uint64_t);
	memset(&s, 0x5a, sizeof(s));
	s.z.size = cut;
	rc = zram_parse_mm_stat(copy, size, &s.z);
	fuzz_assert(rc == -EINVAL || (rc >= 5 && rc <= 9), "mm_stat parse returned %d", rc);
	for (size_t i = cut; i < sizeof(s); i++)
		fuzz_assert(((unsigned char *)&s)[i] == 0x5a, "byte %zu past size %zu written", i, cut);
	free(copy);

	if (fuzz_file(data, size, path) < 0)
		return 0;
	before = fuzz_lowest_fd();
	memset(&zs, 0x5a, sizeof(zs));
	zs.size = sizeof(zs);
	rc = swap_zswap_read(path, "/nonexistent", &zs);
	fuzz_assert(rc == 0 || rc == -EINVAL || rc == -EFBIG, "zswap read returned %d", rc);
	fuzz_assert(fuzz_lowest_fd() == before, "zswap read left a file descriptor open");
	if (rc == 0) {
		fuzz_assert((zs.have & ~(SWAP_ZSWAP_HAVE_POOL | SWAP_ZSWAP_HAVE_STORED)) == 0,
			    "unknown have bits %#x", zs.have);
		fuzz_assert((zs.have & SWAP_ZSWAP_HAVE_POOL) || zs.pool_kib == 0, "pool without key");
		fuzz_assert((zs.have & SWAP_ZSWAP_HAVE_STORED) || zs.stored_kib == 0,
			    "stored without key");
		fuzz_assert(zs.enabled == -1, "enabled read from a missing file");
	}
	return 0;
}
