/* label.c - the swap label field and UUID text <-> bytes (no libuuid: libswap links libc only).
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <string.h>

#include "internal.h"

#define UUID_TEXT_LEN	(SWAP_UUID_STRING_SIZE - 1)

SWAP_EXPORT int swap_header_set_label(struct swap_header *h, const char *label)
{
	size_t len;

	if (!h || !label)
		return -EINVAL;
	/*
	 * Bytes, not characters, as util-linux: a 15-byte cut may split a
	 * multi-byte character, and the on-disk bytes then match mkswap's.
	 */
	len = strnlen(label, SWAP_HEADER_LABEL_SIZE);
	memset(h->label, 0, sizeof(h->label));
	memcpy(h->label, label, len < SWAP_HEADER_LABEL_SIZE ? len : SWAP_HEADER_LABEL_SIZE - 1);
	h->label_unterminated = 0;
	return len >= SWAP_HEADER_LABEL_SIZE ? 1 : 0;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The canonical 8-4-4-4-12 form has its dashes at these text positions. */
static int is_dash_position(size_t i)
{
	return i == 8 || i == 13 || i == 18 || i == 23;
}

SWAP_EXPORT int swap_uuid_parse(const char *text, unsigned char uuid[16])
{
	unsigned char bytes[SWAP_HEADER_UUID_SIZE];
	size_t i, n = 0;

	if (!text || !uuid || strnlen(text, UUID_TEXT_LEN + 1) != UUID_TEXT_LEN)
		return -EINVAL;

	for (i = 0; i < UUID_TEXT_LEN; i++) {
		int hi, lo;

		if (is_dash_position(i)) {
			if (text[i] != '-')
				return -EINVAL;
			continue;
		}
		hi = hex_value(text[i]);
		lo = hex_value(text[i + 1]);
		if (hi < 0 || lo < 0)
			return -EINVAL;
		bytes[n++] = (unsigned char)(hi << 4 | lo);
		i++;
	}
	/* Only a fully valid text touches the caller's buffer. */
	memcpy(uuid, bytes, sizeof(bytes));
	return 0;
}

SWAP_EXPORT int swap_uuid_format(const unsigned char uuid[16],
				 char out[SWAP_UUID_STRING_SIZE])
{
	static const char digits[] = "0123456789abcdef";
	size_t i, pos = 0;

	if (!uuid || !out)
		return -EINVAL;
	for (i = 0; i < SWAP_HEADER_UUID_SIZE; i++) {
		if (is_dash_position(pos))
			out[pos++] = '-';
		out[pos++] = digits[uuid[i] >> 4];
		out[pos++] = digits[uuid[i] & 0x0f];
	}
	out[pos] = '\0';
	return 0;
}

SWAP_EXPORT int swap_uuid_is_null(const unsigned char uuid[16])
{
	size_t i;

	if (!uuid)
		return 1;
	for (i = 0; i < SWAP_HEADER_UUID_SIZE; i++)
		if (uuid[i])
			return 0;
	return 1;
}
