/*
 * size.c - parse sizes as util-linux does and format them as swapon, mkswap and free do.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* ---------------------------------------------------------------- parse */

/*
 * Multiply @x by @base @power times; -ERANGE if the result leaves u64.
 */
static int scale_by_power(uint64_t *x, unsigned base, unsigned power)
{
	while (power--) {
		if (*x > UINT64_MAX / base)
			return -ERANGE;
		*x *= base;
	}
	return 0;
}

/*
 * The byte value of the fraction digits [@digits, @end) of @unit, truncated:
 * floor(0.digits * unit).  Horner's rule from the last digit keeps every step
 * exact (floor((d*U + floor(y)) / 10) == floor((d*U + y) / 10)) and below
 * 10 * unit, so any number of digits works without 128-bit arithmetic.
 *
 * util-linux adds unit / (10^k / d) per digit instead, with integer division,
 * so it reads "1.3G" as 1.333 GiB; we deliberately compute the true value.
 * Fractions made of the digits 0, 1, 2, 4, 5 (".5", ".25", ".125") give the
 * same result in both.
 */
static uint64_t fraction_of(const char *digits, const char *end, uint64_t unit)
{
	uint64_t acc = 0;

	while (end > digits) {
		end--;
		acc = ((uint64_t)(*end - '0') * unit + acc) / 10;
	}
	return acc;
}

/*
 * Parse the suffix at @p: a letter K M G T P E (either case; Z and Y are
 * accepted as util-linux does, and overflow unless the number is 0),
 * optionally followed by "iB"/"ib" (powers of 1024, the default) or "B"/"b"
 * (powers of 1000).  Returns: 0 with *base and *power set, or -EINVAL.
 */
static int parse_suffix(const char *p, unsigned *base, unsigned *power)
{
	static const char letters[] = "KMGTPEZY";
	const char *hit = *p ? strchr(letters, toupper((unsigned char)*p)) : NULL;

	if (!hit)
		return -EINVAL;
	*power = (unsigned)(hit - letters) + 1;
	p++;
	if (*p == '\0' || (p[0] == 'i' && (p[1] == 'B' || p[1] == 'b') && p[2] == '\0'))
		*base = 1024;
	else if ((p[0] == 'B' || p[0] == 'b') && p[1] == '\0')
		*base = 1000;
	else
		return -EINVAL;
	return 0;
}

/*
 * The integer part is read with strtoull(..., 0), as util-linux strtosize
 * does, so "0x10" is 16 and "010" is 8: a script's size means the same to
 * mkswap, fallocate and us.  Leading blanks and '+' are accepted, a '-' is
 * not.  A fraction needs a suffix ("1.5" alone is refused, as there).
 */
SWAP_EXPORT int swap_size_parse(const char *text, uint64_t *bytes)
{
	const char *p, *frac = NULL, *frac_end = NULL;
	char *end;
	unsigned long long whole;
	unsigned base, power;
	uint64_t unit = 1, result;
	int rc;

	if (!text || !bytes)
		return -EINVAL;
	for (p = text; isspace((unsigned char)*p); p++)
		;
	if (*p == '-' || !(isdigit((unsigned char)*p) || *p == '+'))
		return -EINVAL;

	errno = 0;
	whole = strtoull(p, &end, 0);
	if (end == p)
		return -EINVAL;
	if (errno == ERANGE)
		return -ERANGE;
	if (*end == '\0') {
		*bytes = whole;
		return 0;
	}

	p = end;
	if (*p == '.') {
		frac = ++p;
		while (isdigit((unsigned char)*p))
			p++;
		frac_end = p;
	}
	rc = parse_suffix(p, &base, &power);
	if (rc < 0)
		return rc;

	result = whole;
	if (scale_by_power(&result, base, power) < 0)
		return -ERANGE;
	if (frac) {
		uint64_t extra;

		if (scale_by_power(&unit, base, power) < 0)
			return -ERANGE;
		extra = fraction_of(frac, frac_end, unit);

		if (result > UINT64_MAX - extra)
			return -ERANGE;
		result += extra;
	}
	*bytes = result;
	return 0;
}

/* --------------------------------------------------------------- format */

/*
 * The formatters measure the text first and then write it straight into
 * the caller's buffer, digits by hand: free -h formats a dozen figures a
 * run, and snprintf costs thousands of instructions a call (a copy through
 * a local buffer would be a memcpy call, whose first use in a process is a
 * symbol lookup).
 */

/* SWAP_SIZE_PROCPS_UNIT(exp): the flag, and the exponent in bits 8..10. */
#define SWAP_SIZE_FIXED		SWAP_SIZE_PROCPS_UNIT(0)
#define SWAP_SIZE_EXPONENT	(SWAP_SIZE_PROCPS_UNIT(7) & ~SWAP_SIZE_FIXED)
#define SWAP_SIZE_STYLES (SWAP_SIZE_UL_SPACE | SWAP_SIZE_PROCPS | SWAP_SIZE_SI | \
			  SWAP_SIZE_SIGNED | SWAP_SIZE_FIXED | SWAP_SIZE_EXPONENT)

/* Bytes of the locale's decimal point used at most (UTF-8 ones have 2 or 3). */
#define POINT_MAX 8

/* The number of decimal digits of @v. */
static size_t count_digits(uint64_t v)
{
	size_t n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

/* Write the @n decimal digits of @v at @p.  Returns: the end of them. */
static char *put_digits(char *p, uint64_t v, size_t n)
{
	char *end = p + n, *q = end;

	do {
		*--q = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return end;
}

/*
 * The decimal point of the current locale (LC_NUMERIC), which is the one
 * printf's "%.1f" writes: util-linux and procps-ng both call setlocale().
 * nl_langinfo, because localeconv fills a whole struct for it.
 */
static const char *decimal_point(void)
{
	const char *point = nl_langinfo(RADIXCHAR);

	return point && *point ? point : ".";
}

/*
 * The tenths digit util-linux size_to_human_string() shows for the
 * remainder @rem of a value in units of 2^@shift: three decimal digits
 * first (scaled down first when rem * 1000 would overflow, the same way
 * util-linux does, so borderline values round alike), then rounded to one.
 * May return 10, which the caller carries into the integer part.
 */
static unsigned ul_tenths(uint64_t rem, unsigned shift)
{
	uint64_t thousandths;

	if (rem >= UINT64_MAX / 1000)
		thousandths = ((rem / 1024) * 1000) >> (shift - 10);
	else
		thousandths = (rem * 1000) >> shift;
	return (unsigned)((thousandths + 50) / 100);
}

/*
 * util-linux style: the largest binary unit the value reaches (B K M G T P
 * E), one rounded decimal that is left out when it is 0, and no carry into
 * the next unit (1048575 bytes is "1024K", as swapon shows it).  The decimal
 * point follows the locale, as util-linux's does.
 */
static int format_ul(uint64_t bytes, int spaced, char *buf, size_t len)
{
	static const char letters[] = "BKMGTPE";
	const char *point = "";
	size_t ndigits, npoint = 0;
	unsigned shift = 0, tenths = 0;
	uint64_t whole;
	char *p = buf;

	while (shift < 60 && bytes >= (UINT64_C(1) << (shift + 10)))
		shift += 10;
	whole = bytes >> shift;
	if (shift) {
		tenths = ul_tenths(bytes & ((UINT64_C(1) << shift) - 1), shift);
		if (tenths == 10) {
			whole++;
			tenths = 0;
		}
	}
	if (tenths) {
		point = decimal_point();
		while (npoint < POINT_MAX && point[npoint])
			npoint++;
	}

	ndigits = count_digits(whole);
	if (ndigits + (tenths ? npoint + 1 : 0) + (spaced ? 1 : 0) + 1 +
	    (spaced && shift ? 2 : 0) >= len)
		return -ENOSPC;
	p = put_digits(p, whole, ndigits);
	if (tenths) {
		while (npoint--)
			*p++ = *point++;
		*p++ = (char)('0' + tenths);
	}
	if (spaced)
		*p++ = ' ';
	*p++ = letters[shift / 10];
	if (spaced && shift) {
		*p++ = 'i';
		*p++ = 'B';
	}
	*p = '\0';
	return (int)(p - buf);
}

/*
 * @tenths rounded to an integer as printf rounds "%.1f": to nearest, ties
 * to even (glibc rounds the exact binary value).  @tenths is 0 <= t < 99.5
 * and a float times 10, so it and t - n are exact doubles.
 */
static unsigned round_tenths(double tenths)
{
	unsigned n = (unsigned)tenths;
	double frac = tenths - n;

	if (frac > 0.5 || (frac == 0.5 && (n & 1)))
		n++;
	return n;
}

#define PROCPS_UNITS 5	/* K M G T P */

/*
 * The unit procps-ng free -h picks for @bytes (1000 or more), 0 for K to 4
 * for P, with the value in it in *v and in *decimal whether it shows one
 * decimal.  procps finds both by printing each attempt in turn and keeping
 * the first that fits; here each test is a comparison on the very numbers
 * it prints (the same double division, the same rounding through a float).
 * "%.1f" fits when it prints below 10: ten times the float rounds to 99 at
 * most (99.5 ties to 100), and the point is one byte (@point_fits).  The
 * integer fits below 1000.  When nothing fits, P and the integer.
 */
static unsigned procps_unit(uint64_t bytes, int si, int point_fits,
			    double *v, int *decimal)
{
	const double base = si ? 1000.0 : 1024.0;
	double divisor = 1.0;
	unsigned i;

	for (i = 0;; i++) {
		divisor *= base;
		*v = (double)bytes / divisor;
		*decimal = point_fits && (double)(float)*v * 10 < 99.5;
		if (*decimal || *v < 1000 || i == PROCPS_UNITS - 1)
			return i;
	}
}

/*
 * procps-ng free -h (local/units.c scale_size): the bytes if "%lluB" fits
 * in 4 characters, else the first of K M G T P where "%.1f" of the value
 * or else the truncated integer fits in 5 characters with the "i" (4 with
 * --si, powers of 1000, no "i").
 */
static int format_procps(uint64_t bytes, int si, char *buf, size_t len)
{
	static const char letters[PROCPS_UNITS] = "KMGTP";
	const char *point = NULL;
	uint64_t whole = bytes;
	size_t ndigits = 3;	/* "9.9" */
	unsigned unit = 0;
	double v;
	int decimal = 0;
	char *p = buf;

	if (bytes >= 1000) {
		/* the locale is asked only when a decimal is shown: a point of
		 * more than one byte makes "%.1f" too wide, and then the integer
		 * it is */
		unit = procps_unit(bytes, si, 1, &v, &decimal);
		if (decimal) {
			point = decimal_point();
			if (point[1])
				unit = procps_unit(bytes, si, 0, &v, &decimal);
		}
		whole = (uint64_t)v;
	}
	if (!decimal)
		ndigits = count_digits(whole);
	if (ndigits + 1 + (bytes >= 1000 && !si) >= len)
		return -ENOSPC;

	if (decimal) {
		unsigned tenths = round_tenths((double)(float)v * 10);

		*p++ = (char)('0' + tenths / 10);
		*p++ = *point;
		*p++ = (char)('0' + tenths % 10);
	} else {
		p = put_digits(p, whole, ndigits);
	}
	if (bytes < 1000) {
		*p++ = 'B';
	} else {
		*p++ = letters[unit];
		if (!si)
			*p++ = 'i';
	}
	*p = '\0';
	return (int)(p - buf);
}

/*
 * procps-ng free -h for a negative @bytes (its "long long"): the same walk
 * as format_procps, by printing each attempt as procps does; rare enough
 * (a distorted /proc/meminfo) that snprintf's cost does not matter.
 */
static int format_procps_negative(int64_t bytes, int si, char *buf, size_t len)
{
	static const char letters[PROCPS_UNITS] = "KMGTP";
	const double base = si ? 1000.0 : 1024.0;
	const int width = si ? 4 : 5;
	const char *tail = si ? "" : "i";
	char text[64];
	double divisor = 1.0;
	int n = snprintf(text, sizeof(text), "%" PRId64 "B", bytes);
	unsigned i;

	for (i = 0; n > 4 && i < PROCPS_UNITS; i++) {
		double v;

		divisor *= base;
		v = (double)bytes / divisor;
		n = snprintf(text, sizeof(text), "%.1f%c%s", (double)(float)v,
			     letters[i], tail);
		if (n <= width)
			break;
		n = snprintf(text, sizeof(text), "%" PRId64 "%c%s", (int64_t)v,
			     letters[i], tail);
		if (n <= width)
			break;
	}
	if (n < 0 || (size_t)n >= len)
		return -ENOSPC;
	memcpy(buf, text, (size_t)n + 1);
	return n;
}

/*
 * procps-ng free with a unit option (-b, -k, -m, --mega ...): its long
 * long of bytes (@is_signed: @bytes is an int64_t), divided for the default
 * unit (exponent 0) as an integer, for K..P (2..6) through a double and
 * truncated; bytes (1) as they are.  Both truncate towards zero, so the
 * magnitude is divided and the sign put back ("0", never "-0").
 */
static int format_procps_unit(uint64_t bytes, int is_signed, int si, unsigned exponent,
			      char *buf, size_t len)
{
	const double base = si ? 1000.0 : 1024.0;
	int negative = is_signed && (int64_t)bytes < 0;
	uint64_t mag = negative ? -bytes : bytes;
	double divisor = 1.0;
	unsigned i;
	size_t n;

	if (exponent == 0) {
		mag /= si ? 1000 : 1024;
	} else if (exponent > 1) {
		for (i = 1; i < exponent; i++)
			divisor *= base;
		mag = (uint64_t)((double)mag / divisor);
	}
	negative = negative && mag;
	n = count_digits(mag) + (size_t)negative;
	if (n >= len)
		return -ENOSPC;
	if (negative)
		*buf = '-';
	*put_digits(buf + negative, mag, n - (size_t)negative) = '\0';
	return (int)n;
}

SWAP_EXPORT int swap_size_format(uint64_t bytes, unsigned style, char *buf, size_t len)
{
	if (!buf || (style & ~SWAP_SIZE_STYLES))
		return -EINVAL;
	if (style & SWAP_SIZE_FIXED) {
		unsigned exponent = (style & SWAP_SIZE_EXPONENT) >> 8;

		if (!(style & SWAP_SIZE_PROCPS) || exponent > 6)
			return -EINVAL;
		return format_procps_unit(bytes, !!(style & SWAP_SIZE_SIGNED),
					  !!(style & SWAP_SIZE_SI), exponent, buf, len);
	}
	if (style & SWAP_SIZE_EXPONENT)
		return -EINVAL;	/* an exponent without SWAP_SIZE_PROCPS_UNIT */
	if (style & SWAP_SIZE_SIGNED) {
		if (!(style & SWAP_SIZE_PROCPS))
			return -EINVAL;
		style &= ~SWAP_SIZE_SIGNED;
		if ((int64_t)bytes < 0)
			return format_procps_negative((int64_t)bytes,
						      !!(style & SWAP_SIZE_SI), buf, len);
	}
	switch (style) {
	case SWAP_SIZE_UL:
		return format_ul(bytes, 0, buf, len);
	case SWAP_SIZE_UL_SPACE:
		return format_ul(bytes, 1, buf, len);
	case SWAP_SIZE_PROCPS:
		return format_procps(bytes, 0, buf, len);
	case SWAP_SIZE_PROCPS | SWAP_SIZE_SI:
		return format_procps(bytes, 1, buf, len);
	default:
		return -EINVAL;	/* SI without PROCPS, or two styles at once */
	}
}
