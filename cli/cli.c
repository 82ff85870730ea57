/*
 * Command-line helpers shared by the swaptools commands (libc only).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "cli.h"

static const char *progname = "swaptools";

const char *cli_progname(void)
{
	return progname;
}

void cli_init_nolocale(int argc, char **argv)
{
	(void)argc;
	if (argv && argv[0]) {
		const char *slash = strrchr(argv[0], '/');
		progname = slash ? slash + 1 : argv[0];
		/* libtool wrappers run the real binary as lt-NAME */
		if (strncmp(progname, "lt-", 3) == 0)
			progname += 3;
	}
	atexit(cli_close_stdout);
}

void cli_init(int argc, char **argv)
{
	cli_init_nolocale(argc, argv);
	setlocale(LC_ALL, "");
}

void cli_print_version(void)
{
	printf("%s from %s %s\n", progname, PACKAGE_NAME, PACKAGE_VERSION);
	exit(EXIT_SUCCESS);
}

void cli_print_version_ul(const char *const *features)
{
	printf("%s from %s %s, matching util-linux %s", progname, PACKAGE_NAME,
	       PACKAGE_VERSION, CLI_UTIL_LINUX_RELEASE);
	/* " (features: a, b)" as util-linux prints it */
	for (size_t i = 0; features && features[i]; i++)
		printf("%s%s", i ? ", " : " (features: ", features[i]);
	if (features && features[0])
		putchar(')');
	putchar('\n');
	exit(EXIT_SUCCESS);
}

static void vwarn_errno(int errnum, const char *fmt, va_list ap)
{
	fflush(stdout);
	fprintf(stderr, "%s: ", progname);
	vfprintf(stderr, fmt, ap);
	if (errnum > 0)
		fprintf(stderr, ": %s", strerror(errnum));
	fputc('\n', stderr);
}

void cli_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn_errno(0, fmt, ap);
	va_end(ap);
}

void cli_warn(int errnum, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn_errno(errnum, fmt, ap);
	va_end(ap);
}

void cli_errx(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn_errno(0, fmt, ap);
	va_end(ap);
	exit(status);
}

void cli_err(int status, int errnum, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn_errno(errnum, fmt, ap);
	va_end(ap);
	exit(status);
}

void cli_try_help(int status)
{
	fprintf(stderr, "Try '%s --help' for more information.\n", progname);
	exit(status);
}

void cli_bad_usage(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn_errno(0, fmt, ap);
	va_end(ap);
	cli_try_help(status);
}

long long cli_strtoll_or_die(const char *text, long long min, long long max,
			     const char *what, int status)
{
	char *end = NULL;
	long long value;

	errno = 0;
	if (!text || !*text)
		errno = EINVAL;
	else {
		value = strtoll(text, &end, 10);
		if (errno == 0 && (end == text || *end))
			errno = EINVAL;
		else if (errno == 0 && (value < min || value > max))
			errno = ERANGE;
		if (errno == 0)
			return value;
	}
	/* util-linux and procps name the reason only for a number out of range */
	if (errno == ERANGE)
		cli_errx(status, "%s: '%s': %s", what, text, strerror(errno));
	cli_errx(status, "%s: '%s'", what, text ? text : "");
}

static int oom_status = EXIT_FAILURE;

void cli_set_oom_status(int status)
{
	oom_status = status;
}

void *cli_xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size);

	if (!p)
		cli_err(oom_status, ENOMEM, "cannot allocate memory");
	return p;
}

char *cli_xstrdup(const char *s)
{
	return strcpy(cli_xrealloc(NULL, strlen(s) + 1), s);
}

/* "TAG=value", or a copy of value when tag is NULL. */
static char *spec_join(const char *tag, const char *value)
{
	size_t len;
	char *s;

	if (!tag)
		return cli_xstrdup(value);
	len = strlen(tag) + 1 + strlen(value) + 1;
	s = cli_xrealloc(NULL, len);
	snprintf(s, len, "%s=%s", tag, value);
	return s;
}

void cli_specs_add(struct cli_specs *l, const char *tag, const char *value)
{
	l->spec = cli_xrealloc(l->spec, (l->n + 1) * sizeof(*l->spec));
	l->tag = cli_xrealloc(l->tag, l->n + 1);
	l->tag[l->n] = tag ? (unsigned char)tag[0] : 0;
	l->spec[l->n++] = spec_join(tag, value);
}

void cli_specs_free(struct cli_specs *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->spec[i]);
	free(l->spec);
	free(l->tag);
	memset(l, 0, sizeof(*l));
}

const char *cli_fstab_path(void)
{
	const char *env = getenv("LIBMOUNT_FSTAB");

	return env && *env ? env : NULL;
}

void cli_close_stdout(void)
{
	int failed = ferror(stdout) != 0;

	if (fflush(stdout) != 0 && errno != EPIPE)
		failed = 1;
	if (failed && errno != EPIPE) {
		fprintf(stderr, "%s: write error\n", progname);
		_exit(EXIT_FAILURE);
	}
}

#define MEMCG_V1_ROOT	"/sys/fs/cgroup/memory"
#define MEMCG_V2_ROOT	"/sys/fs/cgroup"

const char *cli_memcg_root(void)
{
	struct stat st;

	if (stat(MEMCG_V1_ROOT "/memory.stat", &st) == 0)
		return MEMCG_V1_ROOT;
	if (stat(MEMCG_V2_ROOT "/cgroup.controllers", &st) == 0)
		return MEMCG_V2_ROOT;
	return NULL;
}
