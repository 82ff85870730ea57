/*
 * test-size.c - unit tests of swap_size_parse and swap_size_format.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <stdint.h>

#include "libswap.h"
#include "tap.h"

static void parse_ok(const char *text, uint64_t want)
{
	uint64_t got = 0;
	int rc = swap_size_parse(text, &got);

	ok(rc == 0 && got == want, "parse '%s' = %llu", text, (unsigned long long)want);
	if (rc != 0 || got != want)
		printf("#   rc %d, got %llu\n", rc, (unsigned long long)got);
}

static void parse_fails(const char *text, int want_rc)
{
	uint64_t got = 12345;
	int rc = swap_size_parse(text, &got);

	is_int(rc, want_rc, "parse '%s' fails with %d", text, want_rc);
	is_int(got, 12345, "parse '%s' leaves the result alone", text);
}

static void test_parse(void)
{
	/* plain numbers are bytes; strtoull base 0 as util-linux strtosize */
	parse_ok("0", 0);
	parse_ok("4096", 4096);
	parse_ok(" 16", 16);
	parse_ok("\t8", 8);
	parse_ok("+5", 5);
	parse_ok("0x10", 16);
	parse_ok("010", 8);
	parse_ok("18446744073709551615", UINT64_MAX);

	/* binary suffixes, both cases, with and without iB */
	parse_ok("1K", 1024);
	parse_ok("1k", 1024);
	parse_ok("256M", 256ULL << 20);
	parse_ok("1G", 1ULL << 30);
	parse_ok("2T", 2ULL << 40);
	parse_ok("3P", 3ULL << 50);
	parse_ok("15E", 15ULL << 60);
	parse_ok("4KiB", 4096);
	parse_ok("4kib", 4096);
	parse_ok("4MiB", 4ULL << 20);
	parse_ok("4Mib", 4ULL << 20);

	/* decimal suffixes */
	parse_ok("1KB", 1000);
	parse_ok("1kb", 1000);
	parse_ok("1Kb", 1000);
	parse_ok("4MB", 4000000);
	parse_ok("2GB", 2000000000ULL);
	parse_ok("1EB", 1000000000000000000ULL);

	/* fractions: exact, truncated to the byte */
	parse_ok("1.5G", 3ULL << 29);
	parse_ok("0.5K", 512);
	parse_ok("1.05K", 1075);
	parse_ok("1.50K", 1536);
	parse_ok("00.5K", 512);
	parse_ok("1.K", 1024);
	parse_ok("1.0K", 1024);
	parse_ok("0x1.8K", 1843);
	parse_ok("1.25M", 1310720);
	parse_ok("1.3G", 1395864371ULL);	/* util-linux: 1431655765 */
	parse_ok("1.999999999999999999999K", 2047);
	parse_ok("1.5KB", 1500);
	parse_ok("15.9999E", 18446628781559090931ULL);
	parse_ok("0Z", 0);

	/* garbage, negatives, empty */
	parse_fails("", -EINVAL);
	parse_fails("   ", -EINVAL);
	parse_fails("-1", -EINVAL);
	parse_fails(" -5K", -EINVAL);
	parse_fails("+-5", -EINVAL);
	parse_fails("K", -EINVAL);
	parse_fails(".5K", -EINVAL);
	parse_fails("1.5", -EINVAL);	/* a fraction needs a suffix */
	parse_fails("1.", -EINVAL);
	parse_fails("1.0", -EINVAL);
	parse_fails("1..5K", -EINVAL);
	parse_fails("1.05.3K", -EINVAL);
	parse_fails("5x", -EINVAL);
	parse_fails("1B", -EINVAL);
	parse_fails("1b", -EINVAL);
	parse_fails("1iB", -EINVAL);
	parse_fails("1KIB", -EINVAL);
	parse_fails("1KiBx", -EINVAL);
	parse_fails("1Ki", -EINVAL);
	parse_fails("1 K", -EINVAL);
	parse_fails("16 ", -EINVAL);
	parse_fails("1K ", -EINVAL);
	parse_fails("abc", -EINVAL);
	parse_fails("0x", -EINVAL);
	parse_fails("1X", -EINVAL);

	/* overflow */
	parse_fails("18446744073709551616", -ERANGE);
	parse_fails("99999999999999999999999", -ERANGE);
	parse_fails("16E", -ERANGE);
	parse_fails("16384P", -ERANGE);
	parse_fails("1Z", -ERANGE);
	parse_fails("1Y", -ERANGE);
	parse_fails("16.0E", -ERANGE);
	parse_ok("15.99999999999999999999E", UINT64_MAX);
	parse_fails("18446744073709551615K", -ERANGE);

	is_int(swap_size_parse(NULL, &(uint64_t){0}), -EINVAL, "parse NULL text");
	is_int(swap_size_parse("1", NULL), -EINVAL, "parse NULL result");
}

static void format_is(uint64_t bytes, unsigned style, const char *want)
{
	char buf[64];
	int rc = swap_size_format(bytes, style, buf, sizeof(buf));

	is_str(rc >= 0 ? buf : "(error)", want, "format %llu style %u = '%s'",
	       (unsigned long long)bytes, style, want);
	if (rc >= 0)
		is_int(rc, strlen(want), "format %llu returns the length", (unsigned long long)bytes);
}

/* Expected strings were produced by util-linux 2.38.1 swapon --show and
 * mkswap, and procps-ng 4.0.2 free -h (see tests/data/README.parsers). */
static void test_format_ul(void)
{
	const unsigned S = SWAP_SIZE_UL_SPACE;

	format_is(0, SWAP_SIZE_UL, "0B");
	format_is(1023, SWAP_SIZE_UL, "1023B");
	format_is(1024, SWAP_SIZE_UL, "1K");
	format_is(1023 * 1024ULL, SWAP_SIZE_UL, "1023K");
	format_is(1075 * 1024ULL, SWAP_SIZE_UL, "1M");	/* 1.0498M: .0 dropped */
	format_is(1126 * 1024ULL, SWAP_SIZE_UL, "1.1M");
	format_is(1996 * 1024ULL, SWAP_SIZE_UL, "1.9M");
	format_is(2047 * 1024ULL, SWAP_SIZE_UL, "2M");
	format_is(65532 * 1024ULL, SWAP_SIZE_UL, "64M");
	format_is(1048575 * 1024ULL, SWAP_SIZE_UL, "1024M");	/* no carry to G */
	format_is(1048064 * 1024ULL, SWAP_SIZE_UL, "1023.5M");
	format_is(1572864 * 1024ULL, SWAP_SIZE_UL, "1.5G");
	format_is(4294967296 * 1024ULL, SWAP_SIZE_UL, "4T");
	format_is(1125899906842623ULL * 1024, SWAP_SIZE_UL, "1024P");
	format_is(UINT64_MAX, SWAP_SIZE_UL, "16E");
	format_is(1ULL << 60, SWAP_SIZE_UL, "1E");

	format_is(36864, S, "36 KiB");
	format_is(98304, S, "96 KiB");
	format_is(1048576, S, "1 MiB");
	format_is(67104768, S, "64 MiB");
	format_is(1610612736, S, "1.5 GiB");
	format_is(1073737728, S, "1024 MiB");
	format_is(1023, S, "1023 B");
	format_is(0, S, "0 B");
}

static void test_format_procps(void)
{
	const unsigned P = SWAP_SIZE_PROCPS, SI = SWAP_SIZE_PROCPS | SWAP_SIZE_SI;

	format_is(0, P, "0B");
	format_is(999, P, "999B");
	format_is(1000, P, "1.0Ki");
	format_is(1024, P, "1.0Ki");
	format_is(9 * 1024, P, "9.0Ki");
	format_is(10188 * 1024ULL, P, "9.9Mi");
	format_is(10189 * 1024ULL, P, "9Mi");		/* 9.95: "10.0Mi" too wide, truncated */
	format_is(10239 * 1024ULL, P, "9Mi");
	format_is(102348 * 1024ULL, P, "99Mi");
	format_is(1048575 * 1024ULL, P, "1.0Gi");	/* "1023Mi" is 6 wide too */
	format_is(1048576 * 1024ULL, P, "1.0Gi");
	format_is(10443038 * 1024ULL, P, "9Gi");	/* 9.96 GiB */
	format_is(24684096 * 1024ULL, P, "23Gi");
	format_is(4294967296 * 1024ULL, P, "4.0Ti");
	format_is(68719476736 * 1024ULL, P, "64Ti");
	format_is(4503599627370496 * 1024ULL, P, "4096Pi");	/* nothing fits: last try */

	format_is(0, SI, "0B");
	format_is(1024, SI, "1.0K");
	format_is(9 * 1024, SI, "9.2K");
	format_is(9727 * 1024ULL, SI, "9M");		/* 9.96M: "10.0M" too wide */
	format_is(9728 * 1024ULL, SI, "9M");
	format_is(102348 * 1024ULL, SI, "104M");
	format_is(24684096 * 1024ULL, SI, "25G");
}

/*
 * The edges of every procps form, found by bisection against the snprintf
 * implementation this one replaced (itself checked against free -h): the
 * last value of a form and the first of the next, in each unit.
 */
static const struct format_case {
	uint64_t bytes;
	unsigned style;
	const char *want;
} procps_edges[] = {
#define P SWAP_SIZE_PROCPS
#define SI (SWAP_SIZE_PROCPS | SWAP_SIZE_SI)
	/* "9.9" until ten times the float reaches 99.5, then the integer */
	{ 10188, P, "9.9Ki" }, { 10189, P, "9Ki" },
	{ 10433331, P, "9.9Mi" }, { 10433332, P, "9Mi" },
	{ 10683731455, P, "9.9Gi" }, { 10683731456, P, "9Gi" },
	{ 10940141010943, P, "9.9Ti" }, { 10940141010944, P, "9Ti" },
	{ 11202704395206654, P, "9.9Pi" }, { 11202704395206655, P, "9Pi" },
	{ 9950, SI, "9.9K" }, { 9951, SI, "9K" },
	{ 9950000, SI, "9.9M" }, { 9950001, SI, "9M" },
	/* through a float: 9.950000001 G is 9.9499998 as a float, so "9.9" */
	{ 9950000001, SI, "9.9G" }, { 9950000286, SI, "9.9G" }, { 9950000287, SI, "9G" },
	{ 9950000286102, SI, "9.9T" }, { 9950000286103, SI, "9T" },
	{ 9950000286102294, SI, "9.9P" }, { 9950000286102295, SI, "9P" },
	/* the tenths digit: x.05 rounds up past the float's own rounding */
	{ 1075, P, "1.0Ki" }, { 1076, P, "1.1Ki" },
	{ 1101004, P, "1.0Mi" }, { 1101005, P, "1.1Mi" },
	{ 1127428928, P, "1.0Gi" }, { 1127428929, P, "1.1Gi" },
	{ 1154487222272, P, "1.0Ti" }, { 1154487222273, P, "1.1Ti" },
	{ 1182194915606528, P, "1.0Pi" }, { 1182194915606529, P, "1.1Pi" },
	{ 1050, SI, "1.0K" }, { 1051, SI, "1.1K" },
	{ 1050000011, SI, "1.0G" }, { 1050000012, SI, "1.1G" },
	{ 1050000011920929, SI, "1.0P" }, { 1050000011920930, SI, "1.1P" },
	/* exact halves round to even, as printf does */
	{ 1310720, P, "1.2Mi" }, { 1835008, P, "1.8Mi" },
	{ 9699328, P, "9.2Mi" }, { 10223616, P, "9.8Mi" },
	/* bytes below 1000 only; "999" the last integer before the next unit */
	{ 999, P, "999B" }, { 1000, SI, "1.0K" }, { 1023, P, "1.0Ki" },
	{ 1023999, P, "999Ki" }, { 1024000, P, "1.0Mi" },
	{ 1048575999, P, "999Mi" }, { 1048576000, P, "1.0Gi" },
	{ 1073741823999, P, "999Gi" }, { 1073741824000, P, "1.0Ti" },
	{ 1099511627775999, P, "999Ti" }, { 1099511627776000, P, "1.0Pi" },
	{ 999999, SI, "999K" }, { 1000000, SI, "1.0M" },
	{ 999999999999999, SI, "999T" }, { 1000000000000000, SI, "1.0P" },
	/* past 2^53 the double rounds the bytes; P takes anything wider */
	{ 9007199254740993, P, "8.0Pi" }, { 9007199254740993, SI, "9.0P" },
	{ 1151795604700004352, P, "1023Pi" }, { 1125899906842623999, P, "1000Pi" },
	{ 1152921504606846976, SI, "1152P" },
	{ 9223372036854775807, P, "8192Pi" }, { 9223372036854775808ULL, SI, "9223P" },
	{ UINT64_MAX - 1, P, "16384Pi" }, { UINT64_MAX, P, "16384Pi" },
	{ UINT64_MAX, SI, "18446P" },
#undef P
#undef SI
};

/* The edges of the util-linux forms: the tenths digit and the missing carry. */
static const struct format_case ul_edges[] = {
	{ 1075, SWAP_SIZE_UL, "1K" }, { 1076, SWAP_SIZE_UL, "1.1K" },
	{ 1048524, SWAP_SIZE_UL, "1023.9K" }, { 1048525, SWAP_SIZE_UL, "1024K" },
	{ 1073689395, SWAP_SIZE_UL, "1023.9M" }, { 1073689396, SWAP_SIZE_UL, "1024M" },
	{ 1182194902184755, SWAP_SIZE_UL, "1P" }, { 1182194902184756, SWAP_SIZE_UL, "1.1P" },
	{ 1152865209611504844, SWAP_SIZE_UL, "1023.9P" },
	{ 1152865209611504845, SWAP_SIZE_UL, "1024P" },
	{ 1210567579837190143, SWAP_SIZE_UL, "1E" }, { 1210567579837190144, SWAP_SIZE_UL, "1.1E" },
	{ UINT64_MAX - 1, SWAP_SIZE_UL, "16E" },
	{ 1177, SWAP_SIZE_UL_SPACE, "1.1 KiB" }, { 1178, SWAP_SIZE_UL_SPACE, "1.2 KiB" },
	{ 1234803097, SWAP_SIZE_UL_SPACE, "1.1 GiB" }, { 1234803098, SWAP_SIZE_UL_SPACE, "1.2 GiB" },
	{ 1325859730297874431, SWAP_SIZE_UL_SPACE, "1.1 EiB" },
	{ 1325859730297874432, SWAP_SIZE_UL_SPACE, "1.2 EiB" },
	{ UINT64_MAX, SWAP_SIZE_UL_SPACE, "16 EiB" },
};

static void test_format_edges(void)
{
	size_t i;

	for (i = 0; i < sizeof(procps_edges) / sizeof(procps_edges[0]); i++)
		format_is(procps_edges[i].bytes, procps_edges[i].style, procps_edges[i].want);
	for (i = 0; i < sizeof(ul_edges) / sizeof(ul_edges[0]); i++)
		format_is(ul_edges[i].bytes, ul_edges[i].style, ul_edges[i].want);
}

static void test_format_errors(void)
{
	char buf[8];

	is_int(swap_size_format(1, SWAP_SIZE_SI, buf, sizeof(buf)), -EINVAL, "SI alone");
	is_int(swap_size_format(1, SWAP_SIZE_UL_SPACE | SWAP_SIZE_PROCPS, buf, sizeof(buf)),
	       -EINVAL, "two styles");
	is_int(swap_size_format(1, 1u << 7, buf, sizeof(buf)), -EINVAL, "unknown style bit");
	is_int(swap_size_format(1, SWAP_SIZE_UL, NULL, 8), -EINVAL, "NULL buffer");
	is_int(swap_size_format(1610612736, SWAP_SIZE_UL_SPACE, buf, 7), -ENOSPC,
	       "'1.5 GiB' needs 8 bytes");
	is_int(swap_size_format(1610612736, SWAP_SIZE_UL_SPACE, buf, 8), 7, "fits in 8");
	is_int(swap_size_format(0, SWAP_SIZE_UL, buf, 0), -ENOSPC, "zero-length buffer");
	/* the widest texts: the length is counted before anything is written */
	is_int(swap_size_format(UINT64_MAX, SWAP_SIZE_PROCPS, buf, 7), -ENOSPC,
	       "'16384Pi' needs 8 bytes");
	is_int(swap_size_format(UINT64_MAX, SWAP_SIZE_PROCPS, buf, 8), 7, "fits in 8");
	is_int(swap_size_format(10188, SWAP_SIZE_PROCPS, buf, 5), -ENOSPC, "'9.9Ki' needs 6");
	is_int(swap_size_format(999, SWAP_SIZE_PROCPS, buf, 4), -ENOSPC, "'999B' needs 5");
	is_int(swap_size_format(999, SWAP_SIZE_PROCPS, buf, 5), 4, "fits in 5");
	{
		char wide[32];

		is_int(swap_size_format(UINT64_MAX - 1, SWAP_SIZE_UL_SPACE, wide, 6), -ENOSPC,
		       "'16 EiB' needs 7 bytes");
		is_int(swap_size_format(1152865209611504844, SWAP_SIZE_UL, wide, 7), -ENOSPC,
		       "'1023.9P' needs 8 bytes");
		is_int(swap_size_format(1152865209611504844, SWAP_SIZE_UL, wide, 8), 7,
		       "fits in 8");
	}
}

/* SWAP_SIZE_SIGNED: procps' "long long" bytes; the strings are procps-ng
 * 4.0.2 free -h (and -h --si) on a meminfo with negative figures. */
static void test_format_signed(void)
{
	const unsigned P = SWAP_SIZE_PROCPS | SWAP_SIZE_SIGNED;
	const unsigned SI = P | SWAP_SIZE_SI;
	char buf[8];

	format_is((uint64_t)-3221225472LL, P, "-3Gi");
	format_is((uint64_t)-3221225472LL, SI, "-3G");
	format_is((uint64_t)-1024, P, "-1Ki");
	format_is((uint64_t)-1024, SI, "-1K");
	format_is((uint64_t)-92160, P, "-90Ki");
	format_is((uint64_t)-92160, SI, "-92K");
	format_is((uint64_t)-512000, P, "0Mi");
	format_is((uint64_t)-512000, SI, "0M");
	/* non-negative values print as without the flag */
	format_is(1024000, P, "1.0Mi");
	format_is(3221225472, SI, "3.2G");
	/* UINT64_MAX is -1 */
	format_is(UINT64_MAX, P, "-1B");
	is_int(swap_size_format((uint64_t)-1024, SWAP_SIZE_SIGNED, buf, sizeof(buf)),
	       -EINVAL, "SIGNED without PROCPS");
	is_int(swap_size_format((uint64_t)-1024, P, buf, 4), -ENOSPC, "'-1Ki' needs 5");
}

/* SWAP_SIZE_PROCPS_UNIT: procps-ng 4.0.2 free -b, -k, -m, --mega ... */
static void test_format_unit(void)
{
	const unsigned P = SWAP_SIZE_PROCPS, S = SWAP_SIZE_SIGNED, SI = SWAP_SIZE_SI;
	char buf[8];

	format_is(1024000, P | SWAP_SIZE_PROCPS_UNIT(0), "1000");	/* free */
	format_is(1024000, P | SI | SWAP_SIZE_PROCPS_UNIT(0), "1024");	/* free --si */
	format_is(1024000, P | SI | SWAP_SIZE_PROCPS_UNIT(1), "1024000");	/* -b: no SI */
	format_is(3221225472, P | SWAP_SIZE_PROCPS_UNIT(3), "3072");	/* -m */
	format_is(3221225472, P | SI | SWAP_SIZE_PROCPS_UNIT(3), "3221");	/* --mega */
	format_is(3221225472, P | SWAP_SIZE_PROCPS_UNIT(6), "0");	/* --pebi */
	format_is(0, P | SWAP_SIZE_PROCPS_UNIT(4), "0");
	/* the default unit divides integers, -k goes through a double */
	format_is((1ULL << 62) + 1536, P | SWAP_SIZE_PROCPS_UNIT(0), "4503599627370497");
	format_is((1ULL << 62) + 1536, P | SWAP_SIZE_PROCPS_UNIT(2), "4503599627370498");
	/* signed: truncated towards zero, and never "-0" */
	format_is((uint64_t)-2048, P | S | SWAP_SIZE_PROCPS_UNIT(0), "-2");
	format_is((uint64_t)-512, P | S | SWAP_SIZE_PROCPS_UNIT(0), "0");
	format_is((uint64_t)-1572864, P | S | SWAP_SIZE_PROCPS_UNIT(2), "-1536");
	format_is((uint64_t)-1572864, P | S | SWAP_SIZE_PROCPS_UNIT(3), "-1");
	format_is((uint64_t)-1572864, P | S | SWAP_SIZE_PROCPS_UNIT(4), "0");
	format_is(UINT64_MAX, P | S | SWAP_SIZE_PROCPS_UNIT(1), "-1");
	format_is(1ULL << 63, P | S | SWAP_SIZE_PROCPS_UNIT(1), "-9223372036854775808");
	format_is(UINT64_MAX, P | SWAP_SIZE_PROCPS_UNIT(1), "18446744073709551615");
	is_int(swap_size_format(1, P | SWAP_SIZE_PROCPS_UNIT(7), buf, sizeof(buf)), -EINVAL,
	       "unit exponent 7");
	is_int(swap_size_format(1, SWAP_SIZE_PROCPS_UNIT(1), buf, sizeof(buf)), -EINVAL,
	       "a unit without PROCPS");
	is_int(swap_size_format(1, P | (3u << 8), buf, sizeof(buf)), -EINVAL,
	       "exponent bits without the unit flag");
	is_int(swap_size_format((uint64_t)-1024, P | S | SWAP_SIZE_PROCPS_UNIT(1), buf, 5),
	       -ENOSPC, "'-1024' needs 6 bytes");
	is_int(swap_size_format((uint64_t)-1024, P | S | SWAP_SIZE_PROCPS_UNIT(1), buf, 6),
	       5, "fits in 6");
}

int main(void)
{
	test_format_unit();
	test_format_signed();
	test_parse();
	test_format_ul();
	test_format_procps();
	test_format_edges();
	test_format_errors();
	return done_testing();
}
