/*
 * Fuzz harness: swap_size_parse, and swap_size_format of every result.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The input is parsed as a C string; a parsed value, and also the first
 * eight input bytes taken as a raw number, are formatted in every style into
 * exactly-sized heap buffers from 0 to 64 bytes, so a write past @len is an
 * AddressSanitizer report.  Properties checked:
 *  - parse returns 0, -EINVAL or -ERANGE;
 *  - format returns -ENOSPC/-EINVAL, or a length below @len that is the
 *    strlen() of a NUL-terminated result;
 *  - the result for a given style does not depend on the buffer size, as
 *    long as it fits, and 32 bytes always suffice (libswap.h);
 *  - a style libswap.h does not define (SI without PROCPS, two at once,
 *    a unit exponent past 6 or without PROCPS)
 *    gives -EINVAL whatever the buffer.
 */
#include "fuzz.h"

#include "libswap.h"

/* The styles libswap.h defines, then combinations it refuses. */
#define VALID_STYLES 8
static const unsigned styles[] = {
	SWAP_SIZE_UL,
	SWAP_SIZE_UL_SPACE,
	SWAP_SIZE_PROCPS,
	SWAP_SIZE_PROCPS | SWAP_SIZE_SI,
	SWAP_SIZE_PROCPS | SWAP_SIZE_SIGNED | SWAP_SIZE_PROCPS_UNIT(0),
	SWAP_SIZE_PROCPS | SWAP_SIZE_SIGNED | SWAP_SIZE_PROCPS_UNIT(1),
	SWAP_SIZE_PROCPS | SWAP_SIZE_SI | SWAP_SIZE_SIGNED | SWAP_SIZE_PROCPS_UNIT(3),
	SWAP_SIZE_PROCPS | SWAP_SIZE_PROCPS_UNIT(6),
	SWAP_SIZE_SI,				/* SI without PROCPS */
	SWAP_SIZE_UL_SPACE | SWAP_SIZE_PROCPS,	/* two styles */
	SWAP_SIZE_PROCPS | SWAP_SIZE_PROCPS_UNIT(7),	/* no such unit */
	SWAP_SIZE_PROCPS_UNIT(2),		/* a unit without PROCPS */
	~0u,
};

static const size_t lens[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 16, 24, 31, 32, 64 };

/* libswap.h: "32 bytes always suffice" for a valid style. */
#define ALWAYS_FITS 32

static void format_all(uint64_t bytes)
{
	for (size_t s = 0; s < sizeof(styles) / sizeof(styles[0]); s++) {
		char ref[64];
		int ref_rc = -1;

		for (size_t l = 0; l < sizeof(lens) / sizeof(lens[0]); l++) {
			size_t len = lens[l];
			char *buf = malloc(len ? len : 1);
			int rc;

			if (!buf)
				abort();
			/* For len 0 a 1-byte sentinel shows any write. */
			buf[0] = 'X';
			rc = swap_size_format(bytes, styles[s], buf, len);
			if (len == 0) {
				fuzz_assert(rc < 0, "format into 0 bytes returned %d", rc);
				fuzz_assert(buf[0] == 'X', "format wrote into a 0-byte buffer");
			} else if (rc >= 0) {
				fuzz_assert(s < VALID_STYLES, "refused style %#x returned %d",
					    styles[s], rc);
				fuzz_assert((size_t)rc < len, "length %d does not fit %zu bytes", rc, len);
				fuzz_assert(memchr(buf, '\0', len) != NULL, "result not NUL-terminated");
				fuzz_assert(strlen(buf) == (size_t)rc,
					    "returned %d for '%s' (%zu chars)", rc, buf, strlen(buf));
				if (ref_rc < 0) {
					memcpy(ref, buf, (size_t)rc + 1);
					ref_rc = rc;
				} else {
					fuzz_assert(strcmp(ref, buf) == 0,
						    "style %#x of %llu: '%s' in a small buffer, '%s' in a larger one",
						    styles[s], (unsigned long long)bytes, ref, buf);
				}
			} else {
				fuzz_assert(rc == -ENOSPC || rc == -EINVAL, "format returned %d", rc);
				fuzz_assert(s >= VALID_STYLES || len < ALWAYS_FITS,
					    "style %#x of %llu did not fit %zu bytes: %d",
					    styles[s], (unsigned long long)bytes, len, rc);
				fuzz_assert(s < VALID_STYLES || rc == -EINVAL,
					    "refused style %#x returned %d", styles[s], rc);
				fuzz_assert(ref_rc < 0, "style %#x of %llu fit in fewer bytes than %zu",
					    styles[s], (unsigned long long)bytes, len);
			}
			free(buf);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_strdup(data, size);
	uint64_t bytes = 0, raw = 0;
	int rc;

	rc = swap_size_parse(text, &bytes);
	fuzz_assert(rc == 0 || rc == -EINVAL || rc == -ERANGE, "parse returned %d", rc);
	if (rc == 0)
		format_all(bytes);

	if (size >= sizeof(raw)) {
		memcpy(&raw, data, sizeof(raw));
		format_all(raw);
	}
	free(text);
	return 0;
}
