/* header.c - encode, decode and check the swap header page (SWAPSPACE2 and the signatures around it).
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <string.h>

#include "internal.h"

/* Every known signature sits in the last 10 bytes of the first page. */
struct signature_magic {
	enum swap_signature sig;
	const char *magic;	/* compared over strlen(magic) bytes */
	const char *name;
};

/*
 * The suspend magics are 9 bytes long: the kernel stores them NUL-padded in
 * the same 10-byte field, so only their own length is compared.
 */
static const struct signature_magic known_magics[] = {
	{ SWAP_SIGNATURE_SWAPSPACE2, "SWAPSPACE2", "swap" },
	{ SWAP_SIGNATURE_SWAPSPACE1, "SWAP-SPACE", "swap (v0)" },
	{ SWAP_SIGNATURE_S1SUSPEND, "S1SUSPEND", "S1SUSPEND" },
	{ SWAP_SIGNATURE_S2SUSPEND, "S2SUSPEND", "S2SUSPEND" },
	{ SWAP_SIGNATURE_ULSUSPEND, "ULSUSPEND", "ULSUSPEND" },
	{ SWAP_SIGNATURE_LINHIB0001, "LINHIB0001", "LINHIB0001" },
	/* TuxOnIce's binary magic, as util-linux's swapon knows it */
	{ SWAP_SIGNATURE_TUXONICE, "\xed\xc3\x02\xe9\x98\x56\xe5\x0c", "TuxOnIce" },
};

/* Page sizes probed by decode, smallest first, as libblkid probes them. */
static const size_t probe_pagesizes[] = { 4096, 8192, 16384, 32768, 65536 };

static enum swap_endian machine_endian(void)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return SWAP_ENDIAN_BIG;
#else
	return SWAP_ENDIAN_LITTLE;
#endif
}

static enum swap_endian resolve_endian(enum swap_endian e)
{
	return e == SWAP_ENDIAN_NATIVE ? machine_endian() : e;
}

/* Byte-wise access: no alignment assumptions about the caller's buffer. */
static uint32_t get_u32(const unsigned char *p, enum swap_endian e)
{
	if (e == SWAP_ENDIAN_BIG)
		return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
		       (uint32_t)p[2] << 8 | (uint32_t)p[3];
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[1] << 8 | (uint32_t)p[0];
}

static void put_u32(unsigned char *p, uint32_t v, enum swap_endian e)
{
	int i;

	for (i = 0; i < 4; i++) {
		int shift = e == SWAP_ENDIAN_BIG ? 24 - 8 * i : 8 * i;

		p[i] = (unsigned char)(v >> shift);
	}
}

static int pagesize_is_valid(size_t pagesize)
{
	return pagesize >= SWAP_HEADER_PAGESIZE_MIN &&
	       pagesize <= SWAP_HEADER_PAGESIZE_LIMIT &&
	       (pagesize & (pagesize - 1)) == 0;
}

SWAP_EXPORT int swap_header_capacity(size_t pagesize)
{
	if (!pagesize_is_valid(pagesize))
		return -EINVAL;
	return (int)((pagesize - SWAP_HEADER_BADPAGES_OFFSET -
		      SWAP_HEADER_MAGIC_SIZE) / sizeof(uint32_t));
}

/* Zero @h except for the caller's bad-page buffer and its room. */
static void header_clear(struct swap_header *h)
{
	uint32_t *list = h->badpages;
	uint32_t room = h->badpages_room;

	memset(h, 0, sizeof(*h));
	h->badpages = list;
	h->badpages_room = room;
}

/* How many bad-page entries of @h are in its list (and within @capacity). */
static uint32_t listed_badpages(const struct swap_header *h, uint32_t capacity)
{
	uint32_t n = h->nr_badpages;

	if (!h->badpages)
		return 0;
	if (n > capacity)
		n = capacity;
	return n < h->badpages_room ? n : h->badpages_room;
}

SWAP_EXPORT int swap_header_fit_pages(uint64_t *npages)
{
	if (!npages)
		return -EINVAL;
	if (*npages < SWAP_HEADER_MIN_PAGES)
		return -ERANGE;
	if (*npages <= UINT32_MAX)
		return 0;
	*npages = UINT32_MAX;	/* last_page is a u32: util-linux's truncation */
	return 1;
}

SWAP_EXPORT int swap_header_init(struct swap_header *h, size_t pagesize,
				 uint64_t npages, enum swap_endian endian)
{
	if (!h || !pagesize_is_valid(pagesize))
		return -EINVAL;
	/* last_page is a u32, so UINT32_MAX + 1 pages is the largest area. */
	if (npages < 1 || npages > (uint64_t)UINT32_MAX + 1)
		return -EINVAL;
	if (endian != SWAP_ENDIAN_NATIVE && endian != SWAP_ENDIAN_LITTLE &&
	    endian != SWAP_ENDIAN_BIG)
		return -EINVAL;

	header_clear(h);
	h->signature = SWAP_SIGNATURE_SWAPSPACE2;
	h->pagesize = (uint32_t)pagesize;
	h->endian = endian;
	h->version = 1;
	h->last_page = (uint32_t)(npages - 1);
	return 0;
}

/* Copy the label as at most 15 bytes: the field must end in a NUL. */
static void encode_label(unsigned char *field, const char *label)
{
	size_t len = strnlen(label, SWAP_HEADER_LABEL_SIZE - 1);

	memcpy(field, label, len);
}

SWAP_EXPORT int swap_header_encode(const struct swap_header *h, void *page,
				   size_t pagesize)
{
	unsigned char *p = page;
	enum swap_endian e;
	uint32_t i;
	int capacity;

	if (!h || !page || h->signature != SWAP_SIGNATURE_SWAPSPACE2)
		return -EINVAL;
	capacity = swap_header_capacity(pagesize);
	if (capacity < 0 || h->pagesize != pagesize)
		return -EINVAL;
	if (h->nr_badpages > (uint32_t)capacity ||
	    (h->nr_badpages && (!h->badpages || h->nr_badpages > h->badpages_room)))
		return -EINVAL;

	e = resolve_endian(h->endian);
	memset(p, 0, pagesize);
	put_u32(p + SWAP_HEADER_VERSION_OFFSET, h->version, e);
	put_u32(p + SWAP_HEADER_LASTPAGE_OFFSET, h->last_page, e);
	put_u32(p + SWAP_HEADER_NRBAD_OFFSET, h->nr_badpages, e);
	memcpy(p + SWAP_HEADER_UUID_OFFSET, h->uuid, SWAP_HEADER_UUID_SIZE);
	encode_label(p + SWAP_HEADER_LABEL_OFFSET, h->label);
	/*
	 * The kernel byte-swaps the bad-page list of a foreign-endian header
	 * too, so the list follows the header's order (util-linux -e leaves it
	 * native, which is wrong).
	 */
	for (i = 0; i < h->nr_badpages; i++)
		put_u32(p + SWAP_HEADER_BADPAGES_OFFSET + 4 * i, h->badpages[i], e);
	memcpy(p + pagesize - SWAP_HEADER_MAGIC_SIZE, "SWAPSPACE2",
	       SWAP_HEADER_MAGIC_SIZE);
	return 0;
}

static const struct signature_magic *match_magic(const unsigned char *at)
{
	size_t i;

	for (i = 0; i < SWAP_ARRAY_SIZE(known_magics); i++) {
		const char *m = known_magics[i].magic;

		if (memcmp(at, m, strlen(m)) == 0)
			return &known_magics[i];
	}
	return NULL;
}

int header_magic_known(const unsigned char *at)
{
	return match_magic(at) != NULL;
}

/*
 * The version field is 1 in any valid header, so it tells the byte order.
 * When it is garbage in both orders, assume the machine's order: check()
 * then reports the bad version rather than a misleading endianness.
 */
static enum swap_endian detect_endian(const unsigned char *page)
{
	const unsigned char *v = page + SWAP_HEADER_VERSION_OFFSET;

	if (get_u32(v, SWAP_ENDIAN_LITTLE) == 1)
		return SWAP_ENDIAN_LITTLE;
	if (get_u32(v, SWAP_ENDIAN_BIG) == 1)
		return SWAP_ENDIAN_BIG;
	return machine_endian();
}

/* Decode a SWAPSPACE2 page; the caller made sure @pagesize bytes exist. */
static void decode_swapspace2(const unsigned char *page, size_t pagesize,
			      struct swap_header *out)
{
	enum swap_endian e = detect_endian(page);
	const unsigned char *label = page + SWAP_HEADER_LABEL_OFFSET;
	uint32_t capacity = (uint32_t)swap_header_capacity(pagesize);
	uint32_t i, n;

	out->endian = e;
	out->version = get_u32(page + SWAP_HEADER_VERSION_OFFSET, e);
	out->last_page = get_u32(page + SWAP_HEADER_LASTPAGE_OFFSET, e);
	out->nr_badpages = get_u32(page + SWAP_HEADER_NRBAD_OFFSET, e);
	memcpy(out->uuid, page + SWAP_HEADER_UUID_OFFSET, SWAP_HEADER_UUID_SIZE);
	memcpy(out->label, label, SWAP_HEADER_LABEL_SIZE - 1);
	out->label[SWAP_HEADER_LABEL_SIZE - 1] = '\0';
	out->label_unterminated = memchr(label, '\0', SWAP_HEADER_LABEL_SIZE) == NULL;

	/* nr_badpages is untrusted: read no further than the page holds,
	 * store no more than the caller's list has room for. */
	n = listed_badpages(out, capacity);
	for (i = 0; i < n; i++)
		out->badpages[i] = get_u32(page + SWAP_HEADER_BADPAGES_OFFSET + 4 * i, e);
}

SWAP_EXPORT int swap_header_decode(const void *buf, size_t len,
				   struct swap_header *out)
{
	const unsigned char *p = buf;
	size_t i;

	if (!buf || !out)
		return -EINVAL;
	header_clear(out);

	for (i = 0; i < SWAP_ARRAY_SIZE(probe_pagesizes); i++) {
		size_t ps = probe_pagesizes[i];
		const struct signature_magic *m;

		if (ps > len)
			break;
		m = match_magic(p + ps - SWAP_HEADER_MAGIC_SIZE);
		if (!m)
			continue;
		out->signature = m->sig;
		out->pagesize = (uint32_t)ps;
		out->endian = machine_endian();
		if (m->sig == SWAP_SIGNATURE_SWAPSPACE2)
			decode_swapspace2(p, ps, out);
		return 0;
	}
	return -ENOENT;
}

/* The kernel (and util-linux) refuse areas with fewer than 10 good pages,
 * counting the header page: last_page + 1 - nr_badpages < 10. */
static int too_few_good_pages(const struct swap_header *h)
{
	return (uint64_t)h->last_page + 1 <
	       (uint64_t)SWAP_HEADER_MIN_PAGES + h->nr_badpages;
}

/* The kernel rejects a bad-page entry that is 0 (the header) or past the end. */
static int has_bad_badpage_entry(const struct swap_header *h, uint32_t capacity)
{
	uint32_t n = listed_badpages(h, capacity);
	uint32_t i;

	for (i = 0; i < n; i++)
		if (h->badpages[i] == 0 || h->badpages[i] > h->last_page)
			return 1;
	return 0;
}

SWAP_EXPORT unsigned swap_header_check(const struct swap_header *h,
				       uint64_t area_size, size_t system_pagesize)
{
	unsigned bad = 0;
	int capacity;

	if (!h || h->signature != SWAP_SIGNATURE_SWAPSPACE2)
		return SWAP_HEADER_BAD_VERSION;

	capacity = swap_header_capacity(h->pagesize);
	if (capacity < 0) {
		bad |= SWAP_HEADER_BAD_PAGESIZE;
		capacity = 0;
	}
	if (h->version != 1)
		bad |= SWAP_HEADER_BAD_VERSION;
	if (h->last_page == 0)
		bad |= SWAP_HEADER_BAD_LASTPAGE_ZERO;
	if (area_size &&
	    ((uint64_t)h->last_page + 1) * h->pagesize > area_size)
		bad |= SWAP_HEADER_BAD_LASTPAGE_SIZE;
	if (h->nr_badpages > (uint32_t)capacity)
		bad |= SWAP_HEADER_BAD_NRBADPAGES;
	if (has_bad_badpage_entry(h, (uint32_t)capacity))
		bad |= SWAP_HEADER_BAD_BADPAGE;
	if (resolve_endian(h->endian) != machine_endian())
		bad |= SWAP_HEADER_BAD_ENDIAN;
	if (system_pagesize && h->pagesize != system_pagesize)
		bad |= SWAP_HEADER_BAD_PAGESIZE;
	if (too_few_good_pages(h))
		bad |= SWAP_HEADER_BAD_TOOSMALL;
	if (h->label_unterminated)
		bad |= SWAP_HEADER_BAD_LABEL;
	return bad;
}

SWAP_EXPORT const char *swap_header_explain(unsigned bit)
{
	switch (bit) {
	case SWAP_HEADER_BAD_VERSION:
		return "unsupported swap header version (not 1)";
	case SWAP_HEADER_BAD_LASTPAGE_ZERO:
		return "last_page is 0 (empty swap area)";
	case SWAP_HEADER_BAD_LASTPAGE_SIZE:
		return "last_page is beyond the end of the area";
	case SWAP_HEADER_BAD_NRBADPAGES:
		return "more bad pages than the header page can hold";
	case SWAP_HEADER_BAD_BADPAGE:
		return "a bad-page entry is 0 or beyond last_page";
	case SWAP_HEADER_BAD_ENDIAN:
		return "header is in the other byte order";
	case SWAP_HEADER_BAD_PAGESIZE:
		return "page size does not match this system";
	case SWAP_HEADER_BAD_TOOSMALL:
		return "fewer than 10 usable pages";
	case SWAP_HEADER_BAD_LABEL:
		return "label is not NUL-terminated";
	default:
		return "unknown problem";
	}
}

SWAP_EXPORT const char *swap_signature_name(enum swap_signature sig)
{
	size_t i;

	if (sig == SWAP_SIGNATURE_NONE)
		return "none";
	for (i = 0; i < SWAP_ARRAY_SIZE(known_magics); i++)
		if (known_magics[i].sig == sig)
			return known_magics[i].name;
	return "unknown";
}

SWAP_EXPORT int swap_signature_is_suspend(enum swap_signature sig)
{
	return sig == SWAP_SIGNATURE_S1SUSPEND || sig == SWAP_SIGNATURE_S2SUSPEND ||
	       sig == SWAP_SIGNATURE_ULSUSPEND || sig == SWAP_SIGNATURE_LINHIB0001 ||
	       sig == SWAP_SIGNATURE_TUXONICE;
}
