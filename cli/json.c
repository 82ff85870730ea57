/*
 * Text that stays valid JSON whatever its bytes (libc only).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * libsmartcols escapes '"', '\\' and control characters in JSON output but
 * copies every other byte as it is, so a label or a path holding bytes that
 * are not UTF-8 (names are bytes to the kernel) would make invalid JSON.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Length of the well-formed UTF-8 sequence at @s (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF), or 0. */
static size_t utf8_len(const unsigned char *s)
{
	unsigned char c = s[0];
	unsigned char lo = 0x80, hi = 0xbf;
	size_t n, i;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4;
	else
		return 0;
	if (c == 0xe0)
		lo = 0xa0;	/* overlong */
	else if (c == 0xed)
		hi = 0x9f;	/* UTF-16 surrogates */
	else if (c == 0xf0)
		lo = 0x90;	/* overlong */
	else if (c == 0xf4)
		hi = 0x8f;	/* above U+10FFFF */
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return n;
}

char *cli_json_text(const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	size_t bad = 0, i, n;
	char *out, *o;

	if (!s)
		return NULL;
	for (i = 0; p[i]; i += n ? n : 1)
		if (!(n = utf8_len(p + i)))
			bad++;
	out = malloc(i + 3 * bad + 1);
	if (!out)
		return NULL;
	for (o = out; *p; p += n ? n : 1) {
		n = utf8_len(p);
		if (n) {
			memcpy(o, p, n);
			o += n;
		} else {
			*o++ = '\\';
			*o++ = 'x';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		}
	}
	*o = '\0';
	return out;
}

void cli_json_put(FILE *f, const char *s)
{
	char *text = cli_json_text(s);

	if (!text)
		cli_err(EXIT_FAILURE, ENOMEM, "cannot format JSON");
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p < 0x20)
			fprintf(f, "\\u%04x", *p);
		else
			putc(*p, f);
	}
	free(text);
}
