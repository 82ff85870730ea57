/*
 * Fuzz harness: UUID text <-> bytes and label setting (lib/label.c).
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Properties checked:
 *  - swap_uuid_parse returns 0 or -EINVAL; on 0 the input was exactly the
 *    36-character form, and formatting the bytes gives it back in lower case;
 *  - for 16 raw input bytes, format gives 36 lower-case hex-and-dash
 *    characters that parse back to the same bytes; is_null agrees with them;
 *  - swap_header_set_label stores a NUL-terminated prefix of at most 15 bytes, the
 *    whole label when it fits, and returns 1 exactly when it cut it.
 */
#include <ctype.h>

#include "fuzz.h"

#include "libswap.h"

static void check_text(const char *text)
{
	unsigned char uuid[16];
	char out[SWAP_UUID_STRING_SIZE];
	int rc = swap_uuid_parse(text, uuid);

	fuzz_assert(rc == 0 || rc == -EINVAL, "parse returned %d", rc);
	if (rc != 0)
		return;
	fuzz_assert(strlen(text) == 36, "parse accepted '%s' (%zu chars)", text, strlen(text));
	fuzz_assert(swap_uuid_format(uuid, out) == 0, "format failed");
	for (size_t i = 0; i < 36; i++)
		fuzz_assert(out[i] == tolower((unsigned char)text[i]),
			    "parse/format of '%s' gave '%s'", text, out);
}

static void check_bytes(const unsigned char raw[16])
{
	unsigned char back[16];
	char out[SWAP_UUID_STRING_SIZE];
	int null = 1;

	for (size_t i = 0; i < 16; i++)
		if (raw[i])
			null = 0;
	fuzz_assert(swap_uuid_is_null(raw) == null, "is_null wrong");
	memset(out, 'X', sizeof(out));
	fuzz_assert(swap_uuid_format(raw, out) == 0, "format failed");
	fuzz_assert(out[36] == '\0' && strlen(out) == 36, "format length");
	for (size_t i = 0; i < 36; i++) {
		int dash = i == 8 || i == 13 || i == 18 || i == 23;

		fuzz_assert(dash ? out[i] == '-' : (isxdigit((unsigned char)out[i]) &&
						    !isupper((unsigned char)out[i])),
			    "format gave '%s'", out);
	}
	fuzz_assert(swap_uuid_parse(out, back) == 0, "format output '%s' does not parse", out);
	fuzz_assert(memcmp(raw, back, 16) == 0, "'%s' parses to other bytes", out);
}

static void check_label(const char *text)
{
	static struct swap_header h;
	size_t len = strlen(text), stored;
	int rc;

	memset(&h, 0xA5, sizeof(h));
	rc = swap_header_set_label(&h, text);
	fuzz_assert(memchr(h.label, '\0', sizeof(h.label)) != NULL, "label not terminated");
	stored = strlen(h.label);
	fuzz_assert(stored <= SWAP_HEADER_LABEL_SIZE - 1 && strncmp(h.label, text, stored) == 0,
		    "label '%s' is not a prefix of '%s'", h.label, text);
	/* 1 exactly when something was cut (the cut may fall before byte 15,
	 * e.g. so as not to split a multi-byte character). */
	fuzz_assert(rc == (stored < len), "label_set of %zu bytes stored %zu, returned %d",
		    len, stored, rc);
	if (len <= SWAP_HEADER_LABEL_SIZE - 1)
		fuzz_assert(stored == len, "a %zu-byte label was cut to %zu", len, stored);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_strdup(data, size);

	check_text(text);
	check_label(text);
	if (size >= 16)
		check_bytes(data);
	free(text);
	return 0;
}
