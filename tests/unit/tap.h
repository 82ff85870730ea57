/*
 * A minimal TAP producer for the C unit tests (run by automake's tap-driver).
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef SWAPTOOLS_TAP_H
#define SWAPTOOLS_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_count;
static int tap_failed;

/* ok - record one test point; the condition is evaluated once. */
#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)

static inline __attribute__((format(printf, 4, 5)))
void tap_ok(int pass, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	tap_count++;
	if (!pass)
		tap_failed++;
	printf("%s %d - ", pass ? "ok" : "not ok", tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!pass)
		printf("#   failed at %s:%d\n", file, line);
}

/* is_int / is_str - compare and show both sides on failure. */
#define is_int(got, want, ...) do { \
	long long g_ = (long long)(got), w_ = (long long)(want); \
	ok(g_ == w_, __VA_ARGS__); \
	if (g_ != w_) printf("#   got %lld, want %lld\n", g_, w_); \
} while (0)

#define is_str(got, want, ...) tap_is_str((got), (want), __FILE__, __LINE__, __VA_ARGS__)

/* A function, not a macro: inlined, gcc's format checker would follow the
 * NULL test below into the caller's "%s" arguments and warn about them. */
static __attribute__((noinline, unused, format(printf, 5, 6)))
void tap_is_str(const char *got, const char *want, const char *file, int line,
		const char *fmt, ...)
{
	int same = got && want && strcmp(got, want) == 0;
	va_list ap;

	tap_count++;
	if (!same)
		tap_failed++;
	printf("%s %d - ", same ? "ok" : "not ok", tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!same)
		printf("#   failed at %s:%d\n#   got '%s', want '%s'\n", file, line,
		       got ? got : "(null)", want ? want : "(null)");
}

static inline void tap_skip(const char *why)
{
	tap_count++;
	printf("ok %d # SKIP %s\n", tap_count, why);
}

/* done_testing - print the plan; the exit status tells make about failures. */
static inline int done_testing(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed ? 1 : 0;
}

#endif
