/* test-label.c - unit tests of the label field and UUID text conversion (lib/label.c).
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <string.h>

#include "libswap.h"
#include "tap.h"

static struct swap_header hdr;

static int label_bytes_after_nul_are_zero(void)
{
	size_t i = strlen(hdr.label);

	for (; i < sizeof(hdr.label); i++)
		if (hdr.label[i])
			return 0;
	return 1;
}

static void test_label_set(void)
{
	is_int(swap_header_set_label(NULL, "x"), -EINVAL, "label_set NULL header");
	is_int(swap_header_set_label(&hdr, NULL), -EINVAL, "label_set NULL label");

	is_int(swap_header_set_label(&hdr, ""), 0, "empty label");
	is_str(hdr.label, "", "empty label stored");
	is_int(swap_header_set_label(&hdr, "abc"), 0, "short label");
	is_str(hdr.label, "abc", "short label stored");
	is_int(swap_header_set_label(&hdr, "fifteen-chars-x"), 0, "15-byte label fits");
	is_str(hdr.label, "fifteen-chars-x", "15-byte label stored whole");
	is_int(swap_header_set_label(&hdr, "sixteen-chars-xy"), 1, "16-byte label is truncated");
	is_str(hdr.label, "sixteen-chars-x", "16-byte label cut to 15");
	is_int(swap_header_set_label(&hdr, "this-label-is-too-long"), 1, "long label is truncated");
	is_str(hdr.label, "this-label-is-t", "long label cut to 15 (as util-linux)");
	ok(hdr.label[15] == '\0', "truncated label NUL-terminated");

	swap_header_set_label(&hdr, "b");
	ok(label_bytes_after_nul_are_zero(), "a shorter label clears the old bytes");

	hdr.label_unterminated = 1;
	swap_header_set_label(&hdr, "new");
	ok(!hdr.label_unterminated, "label_set clears label_unterminated");

	/* Bytes, not characters: a 2-byte UTF-8 character at 14..15 is split. */
	is_int(swap_header_set_label(&hdr, "aaaaaaaaaaaaaa\xc3\xa9"), 1, "UTF-8 label over 15 bytes");
	is_int(strlen(hdr.label), 15, "UTF-8 label cut at 15 bytes");
}

static void test_uuid_parse(void)
{
	static const unsigned char want[16] = {
		0x4c, 0x08, 0xe1, 0xcd, 0x3c, 0x82, 0x46, 0xbf,
		0xa5, 0x5b, 0x0c, 0x32, 0x70, 0xd6, 0xdf, 0xeb,
	};
	static const char *const bad[] = {
		"",
		"4c08e1cd-3c82-46bf-a55b-0c3270d6dfe",		/* 35 chars */
		"4c08e1cd-3c82-46bf-a55b-0c3270d6dfeb0",	/* 37 chars */
		"4c08e1cd-3c82-46bf-a55b-0c3270d6dfeb\n",	/* trailing newline */
		"4c08e1cd3c8246bfa55b0c3270d6dfeb",		/* no dashes */
		"4c08e1cd3c82-46bf-a55b-0c3270d6dfeb-",		/* dashes moved */
		"4c08e1cd-3c82-46bf-a55b+0c3270d6dfeb",		/* wrong separator */
		"4c08e1cd-3c82-46bf-a55b-0c3270d6dfeg",		/* bad hex */
		"4c08e1cd-3c82-46bf-a55b-0c3270d6df b",		/* space */
		"x4c08e1cd-3c82-46bf-a55b-0c3270d6dfe",		/* shifted */
		"{c08e1cd-3c82-46bf-a55b-0c3270d6dfeb",		/* brace */
	};
	unsigned char uuid[16];
	size_t i;

	is_int(swap_uuid_parse("4c08e1cd-3c82-46bf-a55b-0c3270d6dfeb", uuid), 0, "parse lower case");
	ok(memcmp(uuid, want, 16) == 0, "parsed bytes");
	memset(uuid, 0, sizeof(uuid));
	is_int(swap_uuid_parse("4C08E1CD-3C82-46BF-A55B-0C3270D6DFEB", uuid), 0, "parse upper case");
	ok(memcmp(uuid, want, 16) == 0, "upper case gives the same bytes");
	is_int(swap_uuid_parse("00000000-0000-0000-0000-000000000000", uuid), 0, "parse null UUID");
	ok(swap_uuid_is_null(uuid), "null UUID parsed to zeros");

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(uuid, 0x77, sizeof(uuid));
		is_int(swap_uuid_parse(bad[i], uuid), -EINVAL, "reject bad UUID #%zu", i);
		ok(uuid[0] == 0x77 && uuid[15] == 0x77, "bad UUID #%zu leaves the output alone", i);
	}
	is_int(swap_uuid_parse(NULL, uuid), -EINVAL, "parse NULL text");
	is_int(swap_uuid_parse("4c08e1cd-3c82-46bf-a55b-0c3270d6dfeb", NULL), -EINVAL, "parse NULL out");
}

static void test_uuid_format(void)
{
	unsigned char uuid[16];
	char text[SWAP_UUID_STRING_SIZE];

	swap_uuid_parse("4C08E1CD-3C82-46BF-A55B-0C3270D6DFEB", uuid);
	is_int(swap_uuid_format(uuid, text), 0, "format");
	is_str(text, "4c08e1cd-3c82-46bf-a55b-0c3270d6dfeb", "format is lower case with dashes");
	memset(uuid, 0xff, sizeof(uuid));
	swap_uuid_format(uuid, text);
	is_str(text, "ffffffff-ffff-ffff-ffff-ffffffffffff", "format all ones");
	memset(uuid, 0, sizeof(uuid));
	swap_uuid_format(uuid, text);
	is_str(text, "00000000-0000-0000-0000-000000000000", "format null UUID (mkswap -U clear)");
	is_int(swap_uuid_format(NULL, text), -EINVAL, "format NULL uuid");
	is_int(swap_uuid_format(uuid, NULL), -EINVAL, "format NULL out");
}

static void test_uuid_is_null(void)
{
	unsigned char uuid[16] = { 0 };

	is_int(swap_uuid_is_null(uuid), 1, "all zero is null");
	uuid[15] = 1;
	is_int(swap_uuid_is_null(uuid), 0, "last byte set is not null");
	uuid[15] = 0;
	uuid[0] = 0x80;
	is_int(swap_uuid_is_null(uuid), 0, "first byte set is not null");
	is_int(swap_uuid_is_null(NULL), 1, "NULL counts as no UUID");
}

int main(void)
{
	test_label_set();
	test_uuid_parse();
	test_uuid_format();
	test_uuid_is_null();
	return done_testing();
}
