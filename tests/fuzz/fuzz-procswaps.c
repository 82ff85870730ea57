/*
 * Fuzz harness: the /proc/swaps reader and swap_procswaps_unescape.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The input is written to a memfd and read back through the iterator as
 * /proc/self/fd/N; the raw input is also unescaped into exactly-sized heap
 * buffers.  Properties checked:
 *  - open returns 0; next returns 1, 0 or -errno (the loop stops; bad lines
 *    are skipped inside), never more results than the file has bytes (each
 *    needs at least one), so it cannot spin;
 *  - every entry's name and type are NUL-terminated strings inside the
 *    input's length, the name has no NUL escape;
 *  - the skipped line numbers rise strictly, each at most the number of
 *    newlines + 1, and skipped + entries never exceeds that line count;
 *  - close leaves no descriptor open;
 *  - unescape returns -ENAMETOOLONG, or a length below @len that is the
 *    strlen() of its NUL-terminated output, the same for every @len it fits.
 */
#include "fuzz.h"

#include "libswap.h"

static void iterate(const uint8_t *data, size_t size)
{
	struct swap_procswaps_entry e = SWAP_PROCSWAPS_ENTRY_INIT;
	struct swap_procswaps *it = NULL;
	size_t results = 0, entries = 0, lines = 1;
	const unsigned *skipped;
	char path[64];
	int rc, before, n;

	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	if (fuzz_file(data, size, path) < 0)
		return;
	before = fuzz_lowest_fd();
	rc = swap_procswaps_open(path, &it);
	fuzz_assert(rc == 0, "open of an existing file returned %d", rc);

	for (;;) {
		e.name = e.type = NULL;
		rc = swap_procswaps_next(it, &e);
		fuzz_assert(++results <= size + 1,
			    "%zu results from %zu bytes: the iterator does not advance",
			    results, size);
		if (rc <= 0)
			break;
		fuzz_assert(rc == 1, "next returned %d", rc);
		entries++;
		fuzz_assert(e.name && e.type, "entry without name or type");
		fuzz_assert(strlen(e.name) <= size && strlen(e.type) <= size,
			    "strings longer than the input");
		fuzz_assert(e.deleted == 0 || e.deleted == 1, "deleted is %d", e.deleted);
		fuzz_assert(e.size == sizeof(e), "the library changed e.size");
	}
	fuzz_assert(rc == 0 || rc == -EFBIG || rc == -ENOMEM, "next ended with %d", rc);
	n = swap_procswaps_skipped(it, &skipped);
	fuzz_assert(n >= 0 && (size_t)n + entries <= lines,
		    "%d skipped + %zu entries from %zu lines", n, entries, lines);
	for (int i = 0; i < n; i++) {
		fuzz_assert(skipped[i] >= 1 && skipped[i] <= lines, "skipped line %u of %zu",
			    skipped[i], lines);
		fuzz_assert(i == 0 || skipped[i] > skipped[i - 1], "skipped lines not rising");
	}
	swap_procswaps_close(it);
	fuzz_assert(fuzz_lowest_fd() == before, "close left a file descriptor open");
}

static void unescape(const uint8_t *data, size_t size)
{
	static const size_t lens[] = { 1, 2, 3, 4, 5, 8, 16 };
	char *in = fuzz_strdup(data, size);
	size_t inlen = strlen(in);
	char *full = malloc(inlen + 1);
	int want;

	if (!full)
		abort();
	/* Unescaping never makes a string longer: this always fits. */
	want = swap_procswaps_unescape(in, full, inlen + 1);
	fuzz_assert(want >= 0 && (size_t)want <= inlen,
		    "unescape of %zu chars into %zu bytes returned %d", inlen, inlen + 1, want);
	fuzz_assert(strlen(full) == (size_t)want, "returned %d, wrote %zu chars",
		    want, strlen(full));

	for (size_t l = 0; l < sizeof(lens) / sizeof(lens[0]); l++) {
		size_t len = lens[l];
		char *out = malloc(len);
		int rc;

		if (!out)
			abort();
		rc = swap_procswaps_unescape(in, out, len);
		if ((size_t)want < len) {
			fuzz_assert(rc == want, "returned %d into %zu bytes, %d into %zu",
				    rc, len, want, inlen + 1);
			fuzz_assert(memcmp(out, full, (size_t)want + 1) == 0,
				    "output differs with the buffer size");
		} else {
			fuzz_assert(rc == -ENAMETOOLONG,
				    "%d chars into %zu bytes returned %d", want, len, rc);
		}
		free(out);
	}
	free(full);
	free(in);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	iterate(data, size);
	unescape(data, size);
	return 0;
}
