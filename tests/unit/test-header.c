/* test-header.c - unit tests of the swap header codec (lib/header.c), with util-linux golden pages.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libswap.h"
#include "tap.h"

#define BIG_BUF		65536
#define GOLDEN_UUID	"4c08e1cd-3c82-46bf-a55b-0c3270d6dfeb"

static const size_t roundtrip_sizes[] = { 4096, 8192, 16384, 65536 };
static const size_t probe_sizes[] = { 4096, 8192, 16384, 32768, 65536 };

static uint32_t hdr_list[SWAP_HEADER_BADPAGES_MAX], dec_list[SWAP_HEADER_BADPAGES_MAX];
static struct swap_header hdr = { .badpages = hdr_list, .badpages_room = SWAP_HEADER_BADPAGES_MAX };
static struct swap_header dec = { .badpages = dec_list, .badpages_room = SWAP_HEADER_BADPAGES_MAX };
static unsigned char page[BIG_BUF], expect[BIG_BUF];

static enum swap_endian native_endian(void)
{
	const uint16_t probe = 1;

	return *(const unsigned char *)&probe ? SWAP_ENDIAN_LITTLE : SWAP_ENDIAN_BIG;
}

static enum swap_endian foreign_endian(void)
{
	return native_endian() == SWAP_ENDIAN_LITTLE ? SWAP_ENDIAN_BIG : SWAP_ENDIAN_LITTLE;
}

/* Store a u32 in the machine's byte order, as a native mkswap would. */
static void put_native32(unsigned char *p, uint32_t v)
{
	memcpy(p, &v, sizeof(v));
}

/* What a big-endian mkswap changes: the three u32 fields at 1024..1035. */
static void swap_u32_fields(unsigned char *p)
{
	int f;

	for (f = 0; f < 3; f++) {
		unsigned char *q = p + SWAP_HEADER_VERSION_OFFSET + 4 * f;
		unsigned char t;

		t = q[0]; q[0] = q[3]; q[3] = t;
		t = q[1]; q[1] = q[2]; q[2] = t;
	}
}

/* Encode a native header and decode it back into dec. */
static int encode_native(size_t ps, uint64_t npages)
{
	int rc = swap_header_init(&hdr, ps, npages, SWAP_ENDIAN_NATIVE);

	if (rc == 0)
		rc = swap_header_encode(&hdr, page, ps);
	return rc;
}

static void test_capacity(void)
{
	is_int(swap_header_capacity(2048), 125, "capacity 2048");
	is_int(swap_header_capacity(4096), 637, "capacity 4096 (util-linux: 637)");
	is_int(swap_header_capacity(8192), 1661, "capacity 8192");
	is_int(swap_header_capacity(65536), SWAP_HEADER_BADPAGES_MAX, "capacity 65536");
	is_int(swap_header_capacity(1024), -EINVAL, "capacity 1024 rejected");
	is_int(swap_header_capacity(3000), -EINVAL, "capacity non power of two rejected");
	is_int(swap_header_capacity(131072), 32381, "capacity 128K: what the page holds");
	is_int(swap_header_capacity(1u << 30), 268435069, "capacity 1G (util-linux's largest -p)");
	is_int(swap_header_capacity(1u << 31), -EINVAL, "capacity 2G rejected");
	is_int(swap_header_capacity(3 << 16), -EINVAL, "capacity 192K (no power of two) rejected");
	is_int(swap_header_capacity(0), -EINVAL, "capacity 0 rejected");
}

static void fits(uint64_t npages, int want_rc, uint64_t want, const char *what)
{
	uint64_t n = npages;

	is_int(swap_header_fit_pages(&n), want_rc, "fit %s", what);
	ok(n == want, "  %s: %llu pages", what, (unsigned long long)want);
}

/* One rule for mkswap and swapon --fixpgsz: last_page is a u32. */
static void test_fit_pages(void)
{
	fits(10, 0, 10, "the smallest area");
	fits(9, -ERANGE, 9, "one page short");
	fits(0, -ERANGE, 0, "no pages");
	fits(UINT32_MAX, 0, UINT32_MAX, "UINT32_MAX pages");
	/* more than 2^32 pages is large, never "too small" (issue 13) */
	fits((uint64_t)UINT32_MAX + 1, 1, UINT32_MAX, "2^32 pages truncated");
	fits(UINT64_MAX, 1, UINT32_MAX, "UINT64_MAX pages truncated");
	is_int(swap_header_fit_pages(NULL), -EINVAL, "fit NULL");
}

static void test_init(void)
{
	is_int(swap_header_init(NULL, 4096, 10, SWAP_ENDIAN_NATIVE), -EINVAL, "init NULL");
	is_int(swap_header_init(&hdr, 4000, 10, SWAP_ENDIAN_NATIVE), -EINVAL, "init bad pagesize");
	is_int(swap_header_init(&hdr, 4096, 0, SWAP_ENDIAN_NATIVE), -EINVAL, "init 0 pages");
	is_int(swap_header_init(&hdr, 4096, (uint64_t)UINT32_MAX + 2, SWAP_ENDIAN_NATIVE),
	       -EINVAL, "init too many pages");
	is_int(swap_header_init(&hdr, 4096, 10, (enum swap_endian)7), -EINVAL, "init bad endian");
	is_int(swap_header_init(&hdr, 4096, (uint64_t)UINT32_MAX + 1, SWAP_ENDIAN_BIG), 0,
	       "init UINT32_MAX+1 pages");
	ok(hdr.last_page == UINT32_MAX, "init last_page = npages - 1 at the limit");
	is_int(swap_header_init(&hdr, 8192, 100, SWAP_ENDIAN_LITTLE), 0, "init 8192");
	ok(hdr.signature == SWAP_SIGNATURE_SWAPSPACE2 && hdr.version == 1 &&
	   hdr.pagesize == 8192 && hdr.last_page == 99 && hdr.nr_badpages == 0 &&
	   hdr.endian == SWAP_ENDIAN_LITTLE && hdr.label[0] == 0 &&
	   swap_uuid_is_null(hdr.uuid), "init fills the fields");
}

static void test_encode_errors(void)
{
	swap_header_init(&hdr, 4096, 100, SWAP_ENDIAN_NATIVE);
	is_int(swap_header_encode(NULL, page, 4096), -EINVAL, "encode NULL header");
	is_int(swap_header_encode(&hdr, NULL, 4096), -EINVAL, "encode NULL page");
	is_int(swap_header_encode(&hdr, page, 8192), -EINVAL, "encode pagesize mismatch");
	hdr.pagesize = 1000;
	is_int(swap_header_encode(&hdr, page, 1000), -EINVAL, "encode invalid pagesize");
	hdr.pagesize = 4096;
	hdr.nr_badpages = 638;
	is_int(swap_header_encode(&hdr, page, 4096), -EINVAL, "encode nr_badpages over capacity");
	hdr.nr_badpages = 637;
	is_int(swap_header_encode(&hdr, page, 4096), 0, "encode nr_badpages at capacity");
	hdr.badpages_room = 636;
	is_int(swap_header_encode(&hdr, page, 4096), -EINVAL, "encode nr_badpages over the list's room");
	hdr.badpages = NULL;
	hdr.badpages_room = SWAP_HEADER_BADPAGES_MAX;
	is_int(swap_header_encode(&hdr, page, 4096), -EINVAL, "encode bad pages without a list");
	hdr.nr_badpages = 0;
	is_int(swap_header_encode(&hdr, page, 4096), 0, "encode no bad pages, no list: fine");
	hdr.badpages = hdr_list;
	hdr.signature = SWAP_SIGNATURE_S1SUSPEND;
	is_int(swap_header_encode(&hdr, page, 4096), -EINVAL, "encode other signature");
}

static void test_encode_layout(void)
{
	unsigned i, zero = 1;

	memset(page, 0xa5, sizeof(page));
	swap_header_init(&hdr, 4096, 10, SWAP_ENDIAN_LITTLE);
	memset(hdr.label, 'x', sizeof(hdr.label));	/* caller forgot the NUL */
	is_int(swap_header_encode(&hdr, page, 4096), 0, "encode 4096 LE");
	for (i = 0; i < SWAP_HEADER_VERSION_OFFSET; i++)
		zero &= page[i] == 0;
	ok(zero, "encode zeroes the boot bits");
	ok(page[SWAP_HEADER_LABEL_OFFSET + 14] == 'x' && page[SWAP_HEADER_LABEL_OFFSET + 15] == 0,
	   "encode keeps the label field NUL-terminated");
	ok(memcmp(page + 4086, "SWAPSPACE2", 10) == 0, "encode magic at pagesize-10");
	ok(page[4096] == 0xa5, "encode writes nothing past the page");
}

/* The caller's list: decode stores what fits, init/decode keep the buffer. */
static void test_badpage_list(void)
{
	uint32_t small[2] = { 0xdead, 0xdead }, canary[4] = { 0, 0, 0, 0xc0ffee };
	struct swap_header h = { .badpages = canary, .badpages_room = 3 };

	ok(sizeof(struct swap_header) <= 128, "struct swap_header is small (%zu bytes)",
	   sizeof(struct swap_header));
	swap_header_init(&hdr, 4096, 100, SWAP_ENDIAN_NATIVE);
	hdr.nr_badpages = 5;
	for (unsigned i = 0; i < 5; i++)
		hdr.badpages[i] = 10 + i;
	is_int(swap_header_encode(&hdr, page, 4096), 0, "encode 5 bad pages");
	is_int(swap_header_decode(page, 4096, &h), 0, "decode into a list of room 3");
	ok(h.badpages == canary && h.badpages_room == 3, "decode keeps the caller's list");
	ok(h.nr_badpages == 5 && canary[0] == 10 && canary[2] == 12 && canary[3] == 0xc0ffee,
	   "decode reports 5, stores 3, writes nothing past the room");
	h.badpages = NULL;
	h.badpages_room = 0;
	is_int(swap_header_decode(page, 4096, &h), 0, "decode without a list");
	ok(h.nr_badpages == 5 && !h.badpages, "without a list: the count only");
	is_int(swap_header_check(&h, 0, 0), 0, "check without a list: entries not judged");
	h.badpages = small;
	h.badpages_room = 2;
	is_int(swap_header_init(&h, 4096, 10, SWAP_ENDIAN_NATIVE), 0, "init with a list");
	ok(h.badpages == small && h.badpages_room == 2 && h.nr_badpages == 0,
	   "init keeps the list, no bad pages");
}

static void check_roundtrip(size_t ps, enum swap_endian e)
{
	const char *en = e == SWAP_ENDIAN_LITTLE ? "LE" : "BE";
	unsigned ok_fields;

	swap_header_init(&hdr, ps, 5000, e);
	swap_header_set_label(&hdr, "roundtrip");
	swap_uuid_parse(GOLDEN_UUID, hdr.uuid);
	hdr.nr_badpages = 3;
	hdr.badpages[0] = 1;
	hdr.badpages[1] = 0x01020304 % 4999 + 1;
	hdr.badpages[2] = 4999;
	memset(page, 0, sizeof(page));
	is_int(swap_header_encode(&hdr, page, ps), 0, "encode %zu %s", ps, en);
	/* Decode from a buffer holding exactly one page, and from 64 KiB. */
	is_int(swap_header_decode(page, ps, &dec), 0, "decode %zu %s (len = page)", ps, en);
	ok_fields = dec.signature == SWAP_SIGNATURE_SWAPSPACE2 && dec.pagesize == ps &&
		    dec.endian == e && dec.version == 1 && dec.last_page == 4999 &&
		    dec.nr_badpages == 3 && dec.badpages[0] == hdr.badpages[0] &&
		    dec.badpages[1] == hdr.badpages[1] && dec.badpages[2] == 4999 &&
		    memcmp(dec.uuid, hdr.uuid, 16) == 0 &&
		    strcmp(dec.label, "roundtrip") == 0 && !dec.label_unterminated;
	ok(ok_fields, "round trip %zu %s keeps every field", ps, en);
	is_int(swap_header_decode(page, sizeof(page), &dec), 0, "decode %zu %s (len 64K)", ps, en);
	ok(dec.pagesize == ps && dec.last_page == 4999, "decode %zu %s from 64K finds the page size", ps, en);
	is_int(swap_header_check(&dec, 5000 * (uint64_t)ps, ps),
	       e == native_endian() ? 0 : SWAP_HEADER_BAD_ENDIAN,
	       "check %zu %s: only a foreign byte order is reported", ps, en);
}

static void test_roundtrip(void)
{
	size_t i;

	for (i = 0; i < sizeof(roundtrip_sizes) / sizeof(roundtrip_sizes[0]); i++) {
		check_roundtrip(roundtrip_sizes[i], SWAP_ENDIAN_LITTLE);
		check_roundtrip(roundtrip_sizes[i], SWAP_ENDIAN_BIG);
	}
	/* NATIVE encodes as the machine's order. */
	swap_header_init(&hdr, 4096, 10, SWAP_ENDIAN_NATIVE);
	swap_header_encode(&hdr, page, 4096);
	swap_header_init(&hdr, 4096, 10, native_endian());
	swap_header_encode(&hdr, expect, 4096);
	ok(memcmp(page, expect, 4096) == 0, "NATIVE encodes in the machine's byte order");
	swap_header_decode(page, 4096, &dec);
	ok(dec.endian == native_endian(), "decode never reports NATIVE");
}

/* ---- golden pages from util-linux 2.38.1 mkswap (see tests/data/README) ---- */

static int load_fixture(const char *name, unsigned char *buf, size_t size)
{
	const char *dir = getenv("TESTDATA");
	char path[4096];
	FILE *f;
	size_t got;

	if (!dir)
		return -1;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "rb");
	if (!f)
		return -1;
	got = fread(buf, 1, size + 1, f);
	fclose(f);
	return got == size ? 0 : -1;
}

struct golden {
	const char *file;
	size_t pagesize;
	uint64_t npages;
	enum swap_endian endian;
	const char *label;	/* as given to mkswap -L */
	const char *uuid;
	const char *stored_label;
};

static const struct golden goldens[] = {
	{ "ul238-le-4096-label.page", 4096, 10, SWAP_ENDIAN_LITTLE, "label", GOLDEN_UUID, "label" },
	{ "ul238-le-8192-lbl.page", 8192, 128, SWAP_ENDIAN_LITTLE, "lbl", GOLDEN_UUID, "lbl" },
	{ "ul238-le-16384-nolabel.page", 16384, 64, SWAP_ENDIAN_LITTLE, NULL,
	  "00000000-0000-0000-0000-000000000000", "" },
	{ "ul238-le-65536-label15.page", 65536, 16, SWAP_ENDIAN_LITTLE, "fifteen-chars-x",
	  "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", "fifteen-chars-x" },
	{ "ul238-le-4096-truncated.page", 4096, 256, SWAP_ENDIAN_LITTLE, "this-label-is-too-long",
	  "11111111-2222-3333-4444-555555555555", "this-label-is-t" },
	{ "ul238-le-2048-label.page", 2048, 512, SWAP_ENDIAN_LITTLE, "two-k", GOLDEN_UUID, "two-k" },
	{ "ul238-be-4096-label.page", 4096, 10, SWAP_ENDIAN_BIG, "label", GOLDEN_UUID, "label" },
	{ "ul238-be-8192-lbl.page", 8192, 128, SWAP_ENDIAN_BIG, "lbl", GOLDEN_UUID, "lbl" },
};

static void build_golden(const struct golden *g)
{
	swap_header_init(&hdr, g->pagesize, g->npages, g->endian);
	if (g->label)
		swap_header_set_label(&hdr, g->label);
	swap_uuid_parse(g->uuid, hdr.uuid);
	swap_header_encode(&hdr, page, g->pagesize);
}

static void check_golden(const struct golden *g)
{
	char uuid_text[SWAP_UUID_STRING_SIZE];

	if (load_fixture(g->file, expect, g->pagesize) < 0) {
		tap_skip(getenv("TESTDATA") ? "fixture missing" : "TESTDATA not set");
		return;
	}
	build_golden(g);
	ok(memcmp(page, expect, g->pagesize) == 0, "encode is byte-identical to %s", g->file);
	if (g->pagesize < 4096)
		return;	/* decode probes 4 KiB..64 KiB only */
	is_int(swap_header_decode(expect, g->pagesize, &dec), 0, "decode %s", g->file);
	swap_uuid_format(dec.uuid, uuid_text);
	ok(dec.pagesize == g->pagesize && dec.endian == g->endian &&
	   dec.last_page == g->npages - 1 && dec.nr_badpages == 0 &&
	   strcmp(dec.label, g->stored_label) == 0 && strcmp(uuid_text, g->uuid) == 0,
	   "decoded fields of %s", g->file);
}

/* Big-endian pages for the sizes not stored: LE golden with fields swapped. */
static void check_derived_big_endian(const char *file, size_t ps, size_t index)
{
	if (load_fixture(file, expect, ps) < 0) {
		tap_skip(getenv("TESTDATA") ? "fixture missing" : "TESTDATA not set");
		return;
	}
	swap_u32_fields(expect);
	{
		struct golden g = goldens[index];

		g.endian = SWAP_ENDIAN_BIG;
		build_golden(&g);
	}
	ok(memcmp(page, expect, ps) == 0, "BE encode matches swapped %s", file);
}

static void test_golden(void)
{
	size_t i;

	for (i = 0; i < sizeof(goldens) / sizeof(goldens[0]); i++)
		check_golden(&goldens[i]);
	check_derived_big_endian("ul238-le-16384-nolabel.page", 16384, 2);
	check_derived_big_endian("ul238-le-65536-label15.page", 65536, 3);
}

/* ---- detection of every signature at every probed page size ---- */

static void test_detection(void)
{
	static const struct { const char *magic; enum swap_signature sig; } magics[] = {
		{ "SWAPSPACE2", SWAP_SIGNATURE_SWAPSPACE2 },
		{ "SWAP-SPACE", SWAP_SIGNATURE_SWAPSPACE1 },
		{ "S1SUSPEND", SWAP_SIGNATURE_S1SUSPEND },
		{ "S2SUSPEND", SWAP_SIGNATURE_S2SUSPEND },
		{ "ULSUSPEND", SWAP_SIGNATURE_ULSUSPEND },
		{ "LINHIB0001", SWAP_SIGNATURE_LINHIB0001 },
		{ "\xed\xc3\x02\xe9\x98\x56\xe5\x0c", SWAP_SIGNATURE_TUXONICE },
	};
	size_t m, p;

	for (m = 0; m < sizeof(magics) / sizeof(magics[0]); m++) {
		for (p = 0; p < sizeof(probe_sizes) / sizeof(probe_sizes[0]); p++) {
			size_t ps = probe_sizes[p];
			int rc;

			memset(page, 0, sizeof(page));
			memcpy(page + ps - 10, magics[m].magic, strlen(magics[m].magic));
			rc = swap_header_decode(page, sizeof(page), &dec);
			ok(rc == 0 && dec.signature == magics[m].sig && dec.pagesize == ps,
			   "detect %s at %zu-10", magics[m].magic, ps);
		}
	}
	memset(page, 0, sizeof(page));
	is_int(swap_header_decode(page, sizeof(page), &dec), -ENOENT, "no signature: -ENOENT");
	ok(dec.signature == SWAP_SIGNATURE_NONE, "no signature: NONE");
	memcpy(page + 4086, "SWAPSPACE3", 10);
	is_int(swap_header_decode(page, sizeof(page), &dec), -ENOENT, "near-miss magic ignored");
	memset(page, 0, sizeof(page));
	memcpy(page + 2038, "SWAPSPACE2", 10);
	is_int(swap_header_decode(page, sizeof(page), &dec), -ENOENT, "2048 is not probed");
}

/* ---- short and NULL buffers; each decode gets a buffer of exactly len ---- */

static int decode_exact(const unsigned char *src, size_t len)
{
	unsigned char *copy = malloc(len ? len : 1);
	int rc;

	memcpy(copy, src, len);
	rc = swap_header_decode(copy, len, &dec);
	free(copy);
	return rc;
}

static void test_truncated(void)
{
	encode_native(8192, 100);
	is_int(decode_exact(page, 8192), 0, "8192 page, len 8192");
	is_int(decode_exact(page, 8191), -ENOENT, "8192 page, len 8191: not found");
	is_int(decode_exact(page, 4095), -ENOENT, "len 4095: not found");
	is_int(decode_exact(page, 0), -ENOENT, "len 0: not found");
	encode_native(65536, 100);
	is_int(decode_exact(page, 65535), -ENOENT, "65536 page, len 65535: not found");
	is_int(swap_header_decode(NULL, 4096, &dec), -EINVAL, "decode NULL buffer");
	is_int(swap_header_decode(page, 4096, NULL), -EINVAL, "decode NULL out");
}

/* ---- corrupt headers: each gives its own check bit ---- */

static void test_corrupt(void)
{
	unsigned char *nr = page + SWAP_HEADER_NRBAD_OFFSET;

	encode_native(4096, 100);
	put_native32(page + SWAP_HEADER_VERSION_OFFSET, 2);	/* not 1 in either order */
	swap_header_decode(page, 4096, &dec);
	is_int(swap_header_check(&dec, 0, 0), SWAP_HEADER_BAD_VERSION, "version 2: BAD_VERSION");
	ok(dec.endian == native_endian(), "bad version: decoded in the machine's order");

	encode_native(4096, 1);
	swap_header_decode(page, 4096, &dec);
	is_int(swap_header_check(&dec, 0, 0) & ~SWAP_HEADER_BAD_TOOSMALL,
	       SWAP_HEADER_BAD_LASTPAGE_ZERO, "last_page 0: BAD_LASTPAGE_ZERO");

	encode_native(4096, 100);
	swap_header_decode(page, 4096, &dec);
	is_int(swap_header_check(&dec, 99 * 4096, 0), SWAP_HEADER_BAD_LASTPAGE_SIZE,
	       "area one page short: BAD_LASTPAGE_SIZE");
	is_int(swap_header_check(&dec, 100 * 4096, 0), 0, "area exactly right: clean");
	is_int(swap_header_check(&dec, 0, 0), 0, "area size unknown: size not checked");

	encode_native(4096, 100);
	put_native32(nr, 0xffffffffu);
	is_int(swap_header_decode(page, 4096, &dec), 0, "huge nr_badpages decodes without overrun");
	ok(dec.nr_badpages == 0xffffffffu, "nr_badpages kept as stored");
	ok(swap_header_check(&dec, 0, 0) & SWAP_HEADER_BAD_NRBADPAGES, "huge nr_badpages: BAD_NRBADPAGES");
	encode_native(4096, 1000);
	put_native32(nr, 638);
	swap_header_decode(page, 4096, &dec);
	is_int(swap_header_check(&dec, 0, 0) & SWAP_HEADER_BAD_NRBADPAGES, SWAP_HEADER_BAD_NRBADPAGES,
	       "capacity + 1 bad pages: BAD_NRBADPAGES");

	swap_header_init(&hdr, 4096, 100, SWAP_ENDIAN_NATIVE);
	hdr.nr_badpages = 2;
	hdr.badpages[0] = 5;
	hdr.badpages[1] = 0;
	swap_header_encode(&hdr, page, 4096);
	swap_header_decode(page, 4096, &dec);
	is_int(swap_header_check(&dec, 0, 0), SWAP_HEADER_BAD_BADPAGE, "bad page 0: BAD_BADPAGE");
	hdr.badpages[1] = 100;
	swap_header_encode(&hdr, page, 4096);
	swap_header_decode(page, 4096, &dec);
	is_int(swap_header_check(&dec, 0, 0), SWAP_HEADER_BAD_BADPAGE, "bad page past last_page: BAD_BADPAGE");
	hdr.badpages[1] = 99;
	swap_header_encode(&hdr, page, 4096);
	swap_header_decode(page, 4096, &dec);
	is_int(swap_header_check(&dec, 0, 0), 0, "bad page == last_page: fine");

	swap_header_init(&hdr, 4096, 100, foreign_endian());
	swap_header_encode(&hdr, page, 4096);
	swap_header_decode(page, 4096, &dec);
	is_int(swap_header_check(&dec, 0, 4096), SWAP_HEADER_BAD_ENDIAN, "byte-swapped: BAD_ENDIAN");
	ok(dec.last_page == 99, "byte-swapped header still decodes its fields");

	encode_native(16384, 100);
	swap_header_decode(page, 16384, &dec);
	is_int(swap_header_check(&dec, 0, 4096), SWAP_HEADER_BAD_PAGESIZE, "16K area on 4K system: BAD_PAGESIZE");
	is_int(swap_header_check(&dec, 0, 16384), 0, "16K area on 16K system: clean");

	encode_native(4096, 9);
	swap_header_decode(page, 4096, &dec);
	is_int(swap_header_check(&dec, 0, 0), SWAP_HEADER_BAD_TOOSMALL, "9 pages: BAD_TOOSMALL");
	encode_native(4096, 10);
	swap_header_decode(page, 4096, &dec);
	is_int(swap_header_check(&dec, 0, 0), 0, "10 pages: enough");
	swap_header_init(&hdr, 4096, 20, SWAP_ENDIAN_NATIVE);
	hdr.nr_badpages = 11;
	for (unsigned i = 0; i < 11; i++)
		hdr.badpages[i] = i + 1;
	swap_header_encode(&hdr, page, 4096);
	swap_header_decode(page, 4096, &dec);
	is_int(swap_header_check(&dec, 0, 0), SWAP_HEADER_BAD_TOOSMALL, "20 pages, 11 bad: BAD_TOOSMALL");

	encode_native(4096, 100);
	memset(page + SWAP_HEADER_LABEL_OFFSET, 'L', SWAP_HEADER_LABEL_SIZE);
	swap_header_decode(page, 4096, &dec);
	is_int(swap_header_check(&dec, 0, 0), SWAP_HEADER_BAD_LABEL, "16-byte label: BAD_LABEL");
	is_str(dec.label, "LLLLLLLLLLLLLLL", "unterminated label decoded as 15 bytes + NUL");

	is_int(swap_header_check(NULL, 0, 0), SWAP_HEADER_BAD_VERSION, "check NULL");
	memset(page, 0, 4096);
	memcpy(page + 4086, "SWAP-SPACE", 10);
	swap_header_decode(page, 4096, &dec);
	is_int(swap_header_check(&dec, 0, 0), SWAP_HEADER_BAD_VERSION, "v0 area: BAD_VERSION");
	hdr.pagesize = 3000;
	hdr.nr_badpages = 0;
	ok(swap_header_check(&hdr, 0, 0) & SWAP_HEADER_BAD_PAGESIZE, "invalid pagesize in struct: BAD_PAGESIZE");
}

/* Random pages with a valid magic: decode and check must survive anything. */
static void test_garbage(void)
{
	unsigned seed = 12345, round, survived = 0;

	for (round = 0; round < 2000; round++) {
		size_t ps = probe_sizes[round % 5], i, len;

		for (i = 0; i < ps; i++) {
			seed = seed * 1103515245 + 12345;
			page[i] = (unsigned char)(seed >> 16);
		}
		memcpy(page + ps - 10, "SWAPSPACE2", 10);
		len = ps - (round & 1);	/* odd rounds: one byte short of the page */
		if (decode_exact(page, len) >= -ENOENT) {
			(void)swap_header_check(&dec, seed, ps);
			survived++;
		}
	}
	is_int(survived, 2000, "2000 random headers decoded and checked");
}

static void test_names(void)
{
	static const unsigned bits[] = {
		SWAP_HEADER_BAD_VERSION, SWAP_HEADER_BAD_LASTPAGE_ZERO, SWAP_HEADER_BAD_LASTPAGE_SIZE,
		SWAP_HEADER_BAD_NRBADPAGES, SWAP_HEADER_BAD_BADPAGE, SWAP_HEADER_BAD_ENDIAN,
		SWAP_HEADER_BAD_PAGESIZE, SWAP_HEADER_BAD_TOOSMALL, SWAP_HEADER_BAD_LABEL,
	};
	size_t i, j;
	int distinct = 1;

	for (i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
		for (j = 0; j < i; j++)
			distinct &= strcmp(swap_header_explain(bits[i]), swap_header_explain(bits[j])) != 0;
	ok(distinct, "every check bit has its own phrase");
	is_str(swap_header_explain(SWAP_HEADER_BAD_LASTPAGE_SIZE),
	       "last_page is beyond the end of the area", "explain LASTPAGE_SIZE");
	is_str(swap_header_explain(1u << 20), "unknown problem", "explain unknown bit");
	is_str(swap_header_explain(0), "unknown problem", "explain 0");
	is_str(swap_signature_name(SWAP_SIGNATURE_SWAPSPACE2), "swap", "name SWAPSPACE2");
	is_str(swap_signature_name(SWAP_SIGNATURE_SWAPSPACE1), "swap (v0)", "name SWAP-SPACE");
	is_str(swap_signature_name(SWAP_SIGNATURE_S1SUSPEND), "S1SUSPEND", "name S1SUSPEND");
	is_str(swap_signature_name(SWAP_SIGNATURE_S2SUSPEND), "S2SUSPEND", "name S2SUSPEND");
	is_str(swap_signature_name(SWAP_SIGNATURE_ULSUSPEND), "ULSUSPEND", "name ULSUSPEND");
	is_str(swap_signature_name(SWAP_SIGNATURE_LINHIB0001), "LINHIB0001", "name LINHIB0001");
	is_str(swap_signature_name(SWAP_SIGNATURE_TUXONICE), "TuxOnIce", "name TuxOnIce");
	is_str(swap_signature_name(SWAP_SIGNATURE_NONE), "none", "name NONE");
	ok(swap_signature_is_suspend(SWAP_SIGNATURE_TUXONICE) &&
	   swap_signature_is_suspend(SWAP_SIGNATURE_S1SUSPEND) &&
	   swap_signature_is_suspend(SWAP_SIGNATURE_LINHIB0001) &&
	   !swap_signature_is_suspend(SWAP_SIGNATURE_SWAPSPACE2) &&
	   !swap_signature_is_suspend(SWAP_SIGNATURE_SWAPSPACE1) &&
	   !swap_signature_is_suspend(SWAP_SIGNATURE_NONE), "suspend signatures");
	is_str(swap_signature_name((enum swap_signature)99), "unknown", "name out of range");
}

int main(void)
{
	test_capacity();
	test_fit_pages();
	test_init();
	test_encode_errors();
	test_encode_layout();
	test_badpage_list();
	test_roundtrip();
	test_golden();
	test_detection();
	test_truncated();
	test_corrupt();
	test_garbage();
	test_names();
	return done_testing();
}
