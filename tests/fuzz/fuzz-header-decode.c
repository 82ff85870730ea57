/*
 * Fuzz harness: swap_header_decode/_check/_encode on arbitrary area starts.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Also covers signature detection on short and odd lengths (libFuzzer hands
 * over inputs of every length in an exactly-sized heap buffer, so any read
 * past @len is an AddressSanitizer report).  Properties checked:
 *  - decode returns 0, -ENOENT or -EINVAL and never reads past the input;
 *  - a decoded SWAPSPACE2 header has a LITTLE/BIG byte order, a NUL-terminated
 *    label and a page size that fits in the input;
 *  - when check() finds nothing but a foreign page size or byte order, the
 *    header is usable, so encode() must accept it, and decoding the encoded
 *    page must give back the same header (encode(decode(x)) round-trips);
 *    encoding that result again must give the identical page;
 *  - the other way, a header made by swap_header_init/swap_header_set_label from
 *    input bytes encodes and decodes back to itself (decode(encode(h)) ==
 *    h); encode refuses a wrong buffer size, a bad-page count over the
 *    capacity and another signature; init refuses a page size that is
 *    not a power of two, 0 or over 2^32 pages, and an unknown byte order.
 */
#include "fuzz.h"

#include "libswap.h"

/* Problems that only say "not for this machine": the header itself is sound. */
#define FOREIGN_BITS (SWAP_HEADER_BAD_PAGESIZE | SWAP_HEADER_BAD_ENDIAN)

static void compare_headers(const struct swap_header *a, const struct swap_header *b)
{
	fuzz_assert(a->signature == b->signature, "signature %d -> %d",
		    (int)a->signature, (int)b->signature);
	fuzz_assert(a->pagesize == b->pagesize, "pagesize %u -> %u",
		    a->pagesize, b->pagesize);
	fuzz_assert(a->endian == b->endian, "endian %d -> %d",
		    (int)a->endian, (int)b->endian);
	fuzz_assert(a->version == b->version, "version %u -> %u",
		    a->version, b->version);
	fuzz_assert(a->last_page == b->last_page, "last_page %u -> %u",
		    a->last_page, b->last_page);
	fuzz_assert(a->nr_badpages == b->nr_badpages, "nr_badpages %u -> %u",
		    a->nr_badpages, b->nr_badpages);
	fuzz_assert(memcmp(a->uuid, b->uuid, sizeof(a->uuid)) == 0, "uuid changed");
	/* The label is a C string; bytes after its NUL carry no meaning. */
	fuzz_assert(a->label_unterminated == b->label_unterminated, "label_unterminated changed");
	fuzz_assert(strncmp(a->label, b->label, sizeof(a->label)) == 0,
		    "label '%.16s' -> '%.16s'", a->label, b->label);
	for (uint32_t i = 0; i < a->nr_badpages && i < a->badpages_room &&
			     i < b->badpages_room; i++)
		fuzz_assert(a->badpages[i] == b->badpages[i],
			    "badpages[%u] %u -> %u", i, a->badpages[i], b->badpages[i]);
}

/* Bad-page lists with room for what a 128 KiB page holds. */
#define LIST_ROOM	(1u << 15)

static void round_trip(const struct swap_header *h)
{
	static uint32_t again_list[LIST_ROOM];
	static struct swap_header again;
	unsigned char *page, *page2;
	int capacity, rc;

	capacity = swap_header_capacity(h->pagesize);
	fuzz_assert(capacity > 0, "capacity(%u) = %d for a decoded page size",
		    h->pagesize, capacity);
	fuzz_assert(h->nr_badpages <= (uint32_t)capacity,
		    "check() passed %u bad pages over the capacity %d",
		    h->nr_badpages, capacity);

	page = malloc(h->pagesize);
	page2 = malloc(h->pagesize);
	if (!page || !page2)
		abort();
	rc = swap_header_encode(h, page, h->pagesize);
	fuzz_assert(rc == 0, "encode of a usable decoded header failed: %d", rc);

	memset(&again, 0, sizeof(again));
	again.badpages = again_list;	/* the list is the caller's, kept by decode */
	again.badpages_room = LIST_ROOM;
	rc = swap_header_decode(page, h->pagesize, &again);
	fuzz_assert(rc == 0, "decode of an encoded page failed: %d", rc);
	compare_headers(h, &again);

	rc = swap_header_encode(&again, page2, h->pagesize);
	fuzz_assert(rc == 0, "second encode failed: %d", rc);
	fuzz_assert(memcmp(page, page2, h->pagesize) == 0,
		    "encode(decode(encode(h))) differs from encode(h)");
	free(page);
	free(page2);
}

/* Could a magic start at @pagesize-10 (a probe spot before the real one)?
 * Every known magic starts with S, U or L, or is TuxOnIce's 0xed... */
static int magic_could_start(const unsigned char *page, size_t pagesize)
{
	unsigned char c = page[pagesize - SWAP_HEADER_MAGIC_SIZE];

	return c == 'S' || c == 'U' || c == 'L' || c == 0xed;
}

/*
 * The other direction, decode(encode(h)) == h, for headers made with
 * swap_header_init from the first input bytes (page size 2 KiB..64 KiB,
 * area size, byte order), the label and bad pages taken from the rest.
 * Bad-page bytes can spell a magic at a smaller page size's probe spot; then
 * the page is ambiguous (libblkid would read it the same way), so those
 * are skipped.
 */
static void encode_decode(const uint8_t *data, size_t size)
{
	static uint32_t h_list[LIST_ROOM], back_list[LIST_ROOM];
	static struct swap_header h = { .badpages = h_list, .badpages_room = LIST_ROOM };
	static struct swap_header back;
	static const enum swap_endian endians[] = {
		SWAP_ENDIAN_NATIVE, SWAP_ENDIAN_LITTLE, SWAP_ENDIAN_BIG, 7 /* invalid */
	};
	size_t pagesize, off = 10;
	uint64_t npages;
	unsigned char *page;
	int capacity, rc;

	if (size < off)
		return;
	/* 2 KiB..128 KiB (any power of two up to the 1 GiB limit is a valid
	 * page size for init), and 3 KiB, which is not a power of two. */
	pagesize = data[0] % 8 == 7 ? 3072 : (size_t)1 << (11 + data[0] % 8);
	memcpy(&npages, data + 1, sizeof(npages));
	rc = swap_header_init(&h, pagesize, npages, endians[data[9] % 4]);
	if (rc != 0) {
		fuzz_assert(rc == -EINVAL, "init returned %d", rc);
		return;
	}
	fuzz_assert(pagesize != 3072 && npages >= 1 &&
		    npages <= (uint64_t)UINT32_MAX + 1 && data[9] % 4 != 3,
		    "init accepted page size %zu, %llu pages, endian %d",
		    pagesize, (unsigned long long)npages, data[9] % 4);
	fuzz_assert(h.last_page == (uint32_t)(npages - 1), "init last_page");
	if (size >= off + 16) {
		memcpy(h.uuid, data + off, 16);
		off += 16;
	}
	if (off < size) {
		size_t n = strnlen((const char *)data + off, size - off);
		char *label = fuzz_strdup(data + off, n);

		fuzz_assert(swap_header_set_label(&h, label) >= 0, "label_set failed");
		free(label);
		off += n + 1;
	}
	capacity = swap_header_capacity(pagesize);
	while (off + 4 <= size && h.nr_badpages < (uint32_t)capacity) {
		memcpy(&h.badpages[h.nr_badpages++], data + off, 4);
		off += 4;
	}

	page = malloc(pagesize);
	if (!page)
		abort();
	/* Refused: a buffer size other than the header's page size, more bad
	 * pages than fit, a signature other than SWAPSPACE2. */
	fuzz_assert(swap_header_encode(&h, page, pagesize / 2) == -EINVAL,
		    "encode into half a page accepted");
	if (h.nr_badpages == (uint32_t)capacity) {
		h.nr_badpages++;
		fuzz_assert(swap_header_encode(&h, page, pagesize) == -EINVAL,
			    "encode of %u bad pages into a page for %d accepted",
			    h.nr_badpages, capacity);
		h.nr_badpages--;
	}
	h.signature = SWAP_SIGNATURE_SWAPSPACE1;
	fuzz_assert(swap_header_encode(&h, page, pagesize) == -EINVAL,
		    "encode of a v0 header accepted");
	h.signature = SWAP_SIGNATURE_SWAPSPACE2;
	rc = swap_header_encode(&h, page, pagesize);
	fuzz_assert(rc == 0, "encode of an init'ed header failed: %d", rc);
	memset(&back, 0, sizeof(back));
	back.badpages = back_list;
	back.badpages_room = LIST_ROOM;
	rc = swap_header_decode(page, pagesize, &back);
	if (pagesize < 4096) {
		/* 2 KiB pages are made but not probed (no kernel uses them). */
		fuzz_assert(rc == -ENOENT, "decode of a 2 KiB page returned %d", rc);
	} else if (pagesize > SWAP_HEADER_PAGESIZE_MAX) {
		/* made (mkswap -p accepts them) but probed only up to 64 KiB:
		 * whatever decode finds, it reads within the page */
		fuzz_assert(rc == 0 || rc == -ENOENT, "decode of a %zu-byte page returned %d",
			    pagesize, rc);
	} else {
		for (size_t ps = 4096; ps < pagesize; ps *= 2)
			if (magic_could_start(page, ps))
				goto out;
		fuzz_assert(rc == 0, "decode of an encoded page failed: %d", rc);
		if (h.endian == SWAP_ENDIAN_NATIVE)	/* decode names the order */
			h.endian = __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__ ?
				   SWAP_ENDIAN_BIG : SWAP_ENDIAN_LITTLE;
		compare_headers(&h, &back);
	}
out:
	free(page);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* 64 KiB of bad-page list: static, not on the stack of every run. */
	static uint32_t list[SWAP_HEADER_BADPAGES_MAX + 1];
	static struct swap_header h;
	unsigned mask, bits;
	uint64_t area_size = 0;
	int rc;

	encode_decode(data, size);

	memset(&h, 0, sizeof(h));
	h.badpages = list;
	h.badpages_room = SWAP_HEADER_BADPAGES_MAX;
	list[SWAP_HEADER_BADPAGES_MAX] = 0xc0ffee;	/* past the room */
	rc = swap_header_decode(data, size, &h);
	fuzz_assert(rc == 0 || rc == -ENOENT || rc == -EINVAL,
		    "decode returned %d", rc);
	fuzz_assert(list[SWAP_HEADER_BADPAGES_MAX] == 0xc0ffee, "decode wrote past the list's room");
	if (rc != 0)
		return 0;

	fuzz_assert(h.signature != SWAP_SIGNATURE_NONE, "decode returned 0 without a signature");
	fuzz_assert(h.pagesize >= 4096 && h.pagesize <= SWAP_HEADER_PAGESIZE_MAX &&
		    (h.pagesize & (h.pagesize - 1)) == 0,
		    "decoded page size %u is not one that is probed", h.pagesize);
	fuzz_assert(h.pagesize <= size, "signature found at %u-10 past the %zu input bytes",
		    h.pagesize, size);
	(void)swap_signature_name(h.signature);
	if (h.signature != SWAP_SIGNATURE_SWAPSPACE2)
		return 0;

	fuzz_assert(h.endian == SWAP_ENDIAN_LITTLE || h.endian == SWAP_ENDIAN_BIG,
		    "decoded endian %d", (int)h.endian);
	fuzz_assert(memchr(h.label, '\0', sizeof(h.label)) != NULL,
		    "decoded label is not NUL-terminated");

	/* The checks against an area size and a system page size taken from the
	 * input itself, so both branches of every size comparison are reached. */
	if (size >= 8)
		memcpy(&area_size, data, sizeof(area_size));
	mask = swap_header_check(&h, area_size, 4096);
	mask |= swap_header_check(&h, size, h.pagesize);
	for (bits = mask; bits; bits &= bits - 1)
		fuzz_assert(swap_header_explain(bits & -bits) != NULL, "no phrase for a bit");

	mask = swap_header_check(&h, 0, 0);
	if ((mask & ~FOREIGN_BITS) == 0)
		round_trip(&h);
	return 0;
}
