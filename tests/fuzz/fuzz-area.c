/*
 * Fuzz harness: the descriptor-level header work of lib/area.c.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The first CTL bytes of the input steer the run (flags, offset, page size,
 * a label and a UUID); the rest is the area, put in a memfd before each
 * call.  Properties checked:
 *  - swap_area_read_header agrees with swap_header_decode of the same bytes;
 *  - swap_area_relabel succeeds only on a SWAPSPACE2 header, changes no
 *    byte outside 1036..1067 of it (none at all when it fails), and the
 *    header read back carries the label (cut to 15 bytes, return 1 exactly
 *    when cut) and the UUID asked for;
 *  - swap_area_rewrite_signature changes only the 10 magic bytes, to
 *    "SWAPSPACE2", and only where a suspend signature was;
 *  - swap_area_write_header of a header built from the control bytes reads
 *    back as that header; past the header page only the 10-byte magic spots
 *    of larger page sizes (4 KiB too, for a 2 KiB header) may change (to
 *    zeros); bytes 0..1023 are zeroed,
 *    or kept with SWAP_AREA_KEEP_BOOTBITS; nothing before @offset changes;
 *  - swap_area_judge (at the control page size, no /proc/swaps) writes
 *    nothing, reads the header decode finds, and its verdict, actions,
 *    header problems and sizes follow from that header and the length;
 *  - no call leaves a descriptor open.
 */
#include "fuzz.h"

#include "libswap.h"

#define CTL 40


struct ctl {
	unsigned flags;		/* ctl[0]: bit 0 KEEP_BOOTBITS, 1 no label, 2 no UUID */
	uint64_t offset;	/* ctl[1] % 4 * 512 */
	size_t pagesize;	/* ctl[2]: one of pagesizes[] */
	uint64_t npages;	/* ctl[3..4] */
	enum swap_endian endian;	/* ctl[5] */
	char label[21];		/* ctl[6]: length % 21, bytes from ctl[7..] */
	unsigned char uuid[16];	/* ctl[24..39] */
};

static const size_t pagesizes[] = { 4096, 8192, 16384, 32768, 65536, 2048, 3000, 131072 };

static int fd = -1;
static struct swap_header h, h2;
static unsigned char *before, *after;
static size_t cap;

static void put(const uint8_t *area, size_t len)
{
	if (fd < 0) {
		fd = memfd_create("fuzz-area", MFD_CLOEXEC);
		if (fd < 0)
			abort();
	}
	if (ftruncate(fd, 0) < 0 || (len && pwrite(fd, area, len, 0) != (ssize_t)len))
		abort();
}

/* The memfd's bytes into @buf (grown as needed); returns the length. */
static size_t get(unsigned char **buf)
{
	off_t len = lseek(fd, 0, SEEK_END);

	if (len < 0)
		abort();
	if ((size_t)len + 1 > cap) {
		cap = (size_t)len + 1;
		before = realloc(before, cap);
		after = realloc(after, cap);
		if (!before || !after)
			abort();
	}
	if (len && pread(fd, *buf, (size_t)len, 0) != len)
		abort();
	return (size_t)len;
}

static void parse_ctl(const uint8_t *data, size_t size, struct ctl *c)
{
	uint8_t b[CTL] = { 0 };
	size_t n;

	memcpy(b, data, size < CTL ? size : CTL);
	c->flags = b[0];
	c->offset = (uint64_t)(b[1] % 4) * 512;
	c->pagesize = pagesizes[b[2] % (sizeof(pagesizes) / sizeof(pagesizes[0]))];
	c->npages = (uint64_t)b[3] | (uint64_t)b[4] << 8;
	c->endian = b[5] % 3 == 0 ? SWAP_ENDIAN_LITTLE : b[5] % 3 == 1 ? SWAP_ENDIAN_BIG :
		    SWAP_ENDIAN_NATIVE;
	n = b[6] % 21;
	if (n > 17)
		n = 17;		/* ctl[7..23] */
	memcpy(c->label, b + 7, n);
	c->label[n] = '\0';
	memcpy(c->uuid, b + 24, 16);
}

static void check_read(const uint8_t *area, size_t len, const struct ctl *c)
{
	int rc, want;

	put(area, len);
	memset(&h, 0, sizeof(h));
	memset(&h2, 0, sizeof(h2));
	rc = swap_area_read_header(fd, c->offset, &h);
	if (c->offset >= len) {
		want = -ENOENT;
	} else {
		size_t n = len - c->offset;

		want = swap_header_decode(area + c->offset, n > 65536 ? 65536 : n, &h2);
	}
	fuzz_assert(rc == want, "read_header %d, decode %d", rc, want);
	fuzz_assert(memcmp(&h, &h2, sizeof(h)) == 0, "read_header and decode differ");
}

static void check_relabel(const uint8_t *area, size_t len, const struct ctl *c)
{
	const char *label = c->flags & 2 ? NULL : c->label;
	const unsigned char *uuid = c->flags & 4 ? NULL : c->uuid;
	size_t n, m, i;
	int rc, was;

	put(area, len);
	was = swap_area_read_header(fd, c->offset, &h) == 0 &&
	      h.signature == SWAP_SIGNATURE_SWAPSPACE2;
	n = get(&before);
	rc = swap_area_relabel(fd, c->offset, label, uuid);
	m = get(&after);
	fuzz_assert(m == n, "relabel changed the size %zu -> %zu", n, m);
	if (rc < 0) {
		fuzz_assert(memcmp(before, after, n) == 0, "a failed relabel (%d) wrote", rc);
		return;
	}
	fuzz_assert(was, "relabel returned %d without a SWAPSPACE2 header", rc);
	fuzz_assert(rc == (label && strlen(label) > 15), "relabel returned %d for '%s'", rc,
		    label ? label : "(null)");
	for (i = 0; i < n; i++)
		if (i < c->offset + 1036 || i >= c->offset + 1068)
			fuzz_assert(before[i] == after[i], "relabel changed byte %zu", i);
	fuzz_assert(swap_area_read_header(fd, c->offset, &h2) == 0 &&
		    h2.signature == SWAP_SIGNATURE_SWAPSPACE2, "no header after relabel");
	if (label)
		fuzz_assert(strncmp(h2.label, label, 15) == 0 && strlen(h2.label) <= 15,
			    "label '%s' read back as '%s'", label, h2.label);
	else
		fuzz_assert(strcmp(h2.label, h.label) == 0, "a NULL label changed the label");
	fuzz_assert(memcmp(h2.uuid, uuid ? uuid : h.uuid, 16) == 0, "UUID not as asked");
}

static int is_suspend(enum swap_signature s)
{
	return s != SWAP_SIGNATURE_SWAPSPACE2 && s != SWAP_SIGNATURE_SWAPSPACE1 &&
	       s != SWAP_SIGNATURE_NONE;
}

static void check_rewrite(const uint8_t *area, size_t len, const struct ctl *c)
{
	size_t ps = c->pagesize, n, m, i;
	int rc;

	put(area, len);
	n = get(&before);
	rc = swap_area_rewrite_signature(fd, 0, ps);
	m = get(&after);
	fuzz_assert(m == n, "rewrite changed the size %zu -> %zu", n, m);
	if (rc < 0) {
		fuzz_assert(memcmp(before, after, n) == 0, "a failed rewrite (%d) wrote", rc);
		return;
	}
	fuzz_assert(rc == 0, "rewrite returned %d", rc);
	fuzz_assert(n >= ps && memcmp(after + ps - 10, "SWAPSPACE2", 10) == 0,
		    "no SWAPSPACE2 at %zu after rewrite", ps - 10);
	for (i = 0; i < n; i++)
		if (i < ps - 10 || i >= ps)
			fuzz_assert(before[i] == after[i], "rewrite changed byte %zu", i);
	/* What was there was a suspend signature (decode at that page size). */
	if (swap_header_decode(before, ps, &h) == 0)
		fuzz_assert(is_suspend(h.signature) || h.pagesize != ps,
			    "rewrote %s", swap_signature_name(h.signature));
}

/* The magic spot of a page size larger than @pagesize (4 KiB ones too,
 * for a 2 KiB header). */
static int magic_spot(uint64_t i, uint64_t offset, size_t pagesize)
{
	for (size_t ps = pagesize * 2 > 4096 ? pagesize * 2 : 4096; ps <= 65536; ps *= 2)
		if (i >= offset + ps - 10 && i < offset + ps)
			return 1;
	return 0;
}

static void check_write(const uint8_t *area, size_t len, const struct ctl *c)
{
	unsigned flags = c->flags & 1 ? SWAP_AREA_KEEP_BOOTBITS : 0;
	size_t n, m, i, end;
	int rc;

	if (swap_header_init(&h, c->pagesize, c->npages, c->endian) < 0)
		return;
	swap_header_set_label(&h, c->label);
	memcpy(h.uuid, c->uuid, 16);
	put(area, len);
	n = get(&before);
	rc = swap_area_write_header(fd, c->offset, &h, flags);
	m = get(&after);
	end = (size_t)c->offset + c->pagesize;
	if (rc < 0) {
		fuzz_assert(m == n && memcmp(before, after, n) == 0,
			    "a failed write_header (%d) wrote", rc);
		return;
	}
	fuzz_assert(m == (n > end ? n : end), "size %zu after writing up to %zu of %zu", m, end, n);
	for (i = 0; i < n && i < c->offset; i++)
		fuzz_assert(before[i] == after[i], "write_header changed byte %zu before @offset", i);
	for (i = c->offset; i < c->offset + 1024 && i < n; i++)
		fuzz_assert(after[i] == (flags ? before[i] : 0), "boot byte %zu", i);
	for (i = end; i < n; i++)
		fuzz_assert(before[i] == after[i] ||
			    (magic_spot(i, c->offset, c->pagesize) && !after[i]),
			    "write_header changed byte %zu past the header page", i);
	fuzz_assert(memcmp(after + end - 10, "SWAPSPACE2", 10) == 0, "no magic after write_header");
	/* decode probes 4 KiB..64 KiB pages: a 2 KiB or a 128 KiB header
	 * (mkswap -p makes them) is not read back */
	if (c->pagesize < 4096 || c->pagesize > SWAP_HEADER_PAGESIZE_MAX)
		return;
	fuzz_assert(swap_header_decode(after + c->offset, c->pagesize, &h2) == 0,
		    "no header after write_header");
	fuzz_assert(h2.signature == SWAP_SIGNATURE_SWAPSPACE2 && h2.pagesize == h.pagesize &&
		    h2.last_page == h.last_page && h2.nr_badpages == 0 &&
		    strcmp(h2.label, h.label) == 0 && memcmp(h2.uuid, h.uuid, 16) == 0,
		    "the header read back differs from the one written");
}

/* What the judgement must say of the header decode found (@rc, h2). */
static void expect_judgement(int rc, size_t len, size_t pagesize,
			     const struct swap_area_judgement *j)
{
	uint64_t swapsize = ((uint64_t)h2.last_page + 1) * h2.pagesize;

	if (rc == -ENOENT || h2.signature == SWAP_SIGNATURE_NONE) {
		fuzz_assert(j->header_verdict == SWAP_VERDICT_NO_SIGNATURE,
			    "no signature judged %d", (int)j->header_verdict);
		return;
	}
	if (h2.signature == SWAP_SIGNATURE_SWAPSPACE1) {
		fuzz_assert(j->header_verdict == SWAP_VERDICT_OLD_FORMAT && !j->actions,
			    "v0 judged %d, actions %#x", (int)j->header_verdict, j->actions);
		return;
	}
	fuzz_assert(j->header_verdict == SWAP_VERDICT_ACTIVATE, "%s judged %d",
		    swap_signature_name(h2.signature), (int)j->header_verdict);
	if (is_suspend(h2.signature)) {
		fuzz_assert(j->actions == SWAP_JUDGE_REWRITE_SIGNATURE && !j->swapsize,
			    "suspend: actions %#x, swapsize %ju", j->actions,
			    (uintmax_t)j->swapsize);
		return;
	}
	fuzz_assert(j->swapsize == swapsize, "swapsize %ju, want %ju",
		    (uintmax_t)j->swapsize, (uintmax_t)swapsize);
	fuzz_assert(j->header_problems == swap_header_check(&h2, len, pagesize),
		    "header problems %#x", j->header_problems);
	fuzz_assert(j->actions == (swapsize > len ? SWAP_JUDGE_SHORT :
				   h2.pagesize != pagesize ? SWAP_JUDGE_FIX_PAGESIZE : 0),
		    "actions %#x for swapsize %ju of %zu", j->actions, (uintmax_t)swapsize, len);
}

static void check_judge(const uint8_t *area, size_t len, const struct ctl *c)
{
	struct swap_area_info info = SWAP_AREA_INFO_INIT;
	struct swap_area_judgement j = SWAP_AREA_JUDGEMENT_INIT;
	unsigned checks = SWAP_AREA_INSECURE_MODE | SWAP_AREA_INSECURE_OWNER | SWAP_AREA_HOLES;
	size_t n, m;
	int rc, want;

	put(area, len);
	n = get(&before);
	memset(&h, 0, sizeof(h));
	memset(&h2, 0, sizeof(h2));
	fuzz_assert(swap_area_inspect(fd, &info) == 0, "inspect of the memfd failed");
	rc = swap_area_judge(fd, &info, c->pagesize, &h, checks, NULL, &j);
	m = get(&after);
	fuzz_assert(m == n && memcmp(before, after, n) == 0, "judge wrote");
	fuzz_assert(rc == 0, "judge returned %d", rc);
	want = swap_header_decode(area, len > 65536 ? 65536 : len, &h2);
	fuzz_assert(memcmp(&h, &h2, sizeof(h)) == 0, "judge read another header than decode");
	fuzz_assert(j.devsize == len && !j.read_error, "devsize %ju of %zu, read error %d",
		    (uintmax_t)j.devsize, len, j.read_error);
	expect_judgement(want, len, c->pagesize, &j);
	fuzz_assert(j.verdict == ((j.findings & SWAP_AREA_HOLES) ? SWAP_VERDICT_HOLES :
				  j.header_verdict), "verdict %d", (int)j.verdict);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *area = size > CTL ? data + CTL : data;
	size_t len = size > CTL ? size - CTL : 0;
	struct ctl c = { 0 };
	int lowest;

	parse_ctl(data, size, &c);
	if (fd < 0)
		put(NULL, 0);
	lowest = fuzz_lowest_fd();
	check_read(area, len, &c);
	check_relabel(area, len, &c);
	check_rewrite(area, len, &c);
	check_write(area, len, &c);
	check_judge(area, len, &c);
	fuzz_assert(fuzz_lowest_fd() == lowest, "a call left a descriptor open");
	return 0;
}
