/*
 * free - show the amount of free and used memory, as procps-ng free prints
 * it (byte for byte); --json for scripts, through libsmartcols.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "free.h"
#include "libswap.h"

enum {
	OPT_KILO = CHAR_MAX + 1, OPT_MEGA, OPT_GIGA, OPT_TERA, OPT_PETA,
	OPT_TEBI, OPT_PEBI, OPT_SI, OPT_JSON, OPT_COMPRESSED, OPT_HELP,
};

static const struct option longopts[] = {
	{ "bytes",     no_argument,       NULL, 'b' },
	{ "kilo",      no_argument,       NULL, OPT_KILO },
	{ "mega",      no_argument,       NULL, OPT_MEGA },
	{ "giga",      no_argument,       NULL, OPT_GIGA },
	{ "tera",      no_argument,       NULL, OPT_TERA },
	{ "peta",      no_argument,       NULL, OPT_PETA },
	{ "kibi",      no_argument,       NULL, 'k' },
	{ "mebi",      no_argument,       NULL, 'm' },
	{ "gibi",      no_argument,       NULL, 'g' },
	{ "tebi",      no_argument,       NULL, OPT_TEBI },
	{ "pebi",      no_argument,       NULL, OPT_PEBI },
	{ "human",     no_argument,       NULL, 'h' },
	{ "si",        no_argument,       NULL, OPT_SI },
	{ "lohi",      no_argument,       NULL, 'l' },
	{ "line",      no_argument,       NULL, 'L' },
	{ "total",     no_argument,       NULL, 't' },
	{ "committed", no_argument,       NULL, 'v' },
	{ "seconds",   required_argument, NULL, 's' },
	{ "count",     required_argument, NULL, 'c' },
	{ "wide",      no_argument,       NULL, 'w' },
	{ "json",      no_argument,       NULL, OPT_JSON },
	{ "compressed", no_argument,      NULL, OPT_COMPRESSED },
	{ "help",      no_argument,       NULL, OPT_HELP },
	{ "version",   no_argument,       NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

struct free_ctl {
	unsigned exponent;	/* 0: KiB (kB with --si), 1: bytes, 2..6: K..P */
	unsigned long long interval_us;	/* repeat interval */
	int count;		/* samples left with -c, else 0 */
	unsigned int	si:1,		/* powers of 1000 */
			human:1,	/* -h */
			lohi:1,		/* -l */
			line:1,		/* -L */
			total:1,	/* -t */
			committed:1,	/* -v */
			wide:1,		/* -w */
			json:1,		/* --json */
			compressed:1,	/* --compressed */
			repeat:1,	/* -s or -c */
			unit_set:1;	/* a unit option was seen */
};

static void __attribute__((noreturn)) usage(void)
{
	FILE *out = stdout;

	fprintf(out, "Usage:\n %s [options]\n\n", cli_progname());
	fputs("Display the amount of free and used memory in the system.\n\n", out);
	fputs("Options:\n"
	      " -b, --bytes         show output in bytes\n"
	      "     --kilo          show output in kilobytes\n"
	      "     --mega          show output in megabytes\n"
	      "     --giga          show output in gigabytes\n"
	      "     --tera          show output in terabytes\n"
	      "     --peta          show output in petabytes\n"
	      " -k, --kibi          show output in kibibytes (the default)\n"
	      " -m, --mebi          show output in mebibytes\n"
	      " -g, --gibi          show output in gibibytes\n"
	      "     --tebi          show output in tebibytes\n"
	      "     --pebi          show output in pebibytes\n"
	      " -h, --human         show sizes with a unit suffix, at most 4 digits\n"
	      "     --si            use powers of 1000, not 1024\n"
	      " -l, --lohi          show low and high memory\n"
	      " -L, --line          show the main figures on one line\n"
	      " -t, --total         show a line with the totals of RAM and swap\n"
	      " -v, --committed     show committed memory and the commit limit\n"
	      " -s, --seconds <N>   repeat every N seconds (fractions allowed)\n"
	      " -c, --count <N>     repeat N times, then exit\n"
	      " -w, --wide          show buffers and cache in separate columns\n"
	      "     --json          print a JSON object with the figures in bytes\n"
	      "     --compressed    add what zswap and zram swap hold and cost in RAM\n"
	      "\n"
	      "     --help          display this help\n"
	      " -V, --version       display version\n", out);
	fputs("\nSee free(1).\n", out);
	exit(EXIT_SUCCESS);
}

/* The unit options: exponent (1: bytes, 2..6: K..P) and powers of 1000. */
static const struct { int opt; unsigned exponent, si; } units[] = {
	{ 'b', 1, 0 }, { 'k', 2, 0 }, { 'm', 3, 0 }, { 'g', 4, 0 },
	{ OPT_TEBI, 5, 0 }, { OPT_PEBI, 6, 0 }, { OPT_KILO, 2, 1 }, { OPT_MEGA, 3, 1 },
	{ OPT_GIGA, 4, 1 }, { OPT_TERA, 5, 1 }, { OPT_PETA, 6, 1 },
};

static void set_unit(struct free_ctl *ctl, int opt)
{
	size_t i;

	if (ctl->unit_set)
		cli_errx(CLI_EXIT_USAGE, "Multiple unit options don't make sense.");
	ctl->unit_set = 1;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (units[i].opt == opt) {
			ctl->exponent = units[i].exponent;
			ctl->si |= units[i].si;
		}
}

/*
 * Seconds for -s, with the syntax procps accepts: blanks, a sign, digits and
 * an optional '.' or ',' fraction, whatever the locale; no exponent, no hex.
 * Returns: 0, or -EINVAL.
 */
static int parse_seconds(const char *text, double *secs)
{
	const char *p = text;
	double value = 0, scale = 0.1;
	int negative = 0;

	if (!*p)
		return -EINVAL;
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '-' || *p == '+')
		negative = *p++ == '-';
	for (; isdigit((unsigned char)*p); p++)
		value = value * 10 + (*p - '0');
	if (*p == '.' || *p == ',')
		for (p++; isdigit((unsigned char)*p); p++, scale /= 10)
			value += (*p - '0') * scale;
	if (*p)
		return -EINVAL;
	*secs = negative ? -value : value;
	return 0;
}

/*
 * One figure (KiB) as text in the unit the options ask for (free_scale_fn),
 * formatted by libswap with procps' arithmetic: bytes = KiB * 1024 in a
 * signed 64-bit number (it wraps); --json in plain bytes.
 */
static const char *scaled(const void *ctx, uint64_t kib, char buf[32])
{
	const struct free_ctl *ctl = ctx;
	unsigned style = SWAP_SIZE_PROCPS | SWAP_SIZE_SIGNED | (ctl->si ? SWAP_SIZE_SI : 0);

	if (ctl->json)
		style |= SWAP_SIZE_PROCPS_UNIT(1);
	else if (!ctl->human)
		style |= SWAP_SIZE_PROCPS_UNIT(ctl->exponent);
	if (swap_size_format(kib * 1024, style, buf, 32) < 0)
		strcpy(buf, "?");
	return buf;
}

/* The rows, with the figures procps-ng 4.0.x shows: libswap derived them
 * as procps does, the sums of the Total row too. */
static void fill_rows(const struct free_ctl *ctl, const struct swap_meminfo *mi,
		      struct free_row rows[NROWS])
{
	rows[ROW_MEM] = (struct free_row){ "Mem:", "mem", 1, NCOLS, {
		[COL_TOTAL] = mi->mem_total, [COL_USED] = mi->mem_used,
		[COL_FREE] = mi->mem_free, [COL_SHARED] = mi->shmem,
		[COL_BUFFERS] = mi->buffers, [COL_CACHE] = mi->main_cache,
		[COL_BUFFCACHE] = mi->buff_cache, [COL_AVAILABLE] = mi->mem_available } };
	rows[ROW_LOW] = (struct free_row){ "Low:", "low", ctl->lohi, 3,
		{ mi->low_total, mi->low_used, mi->low_free } };
	rows[ROW_HIGH] = (struct free_row){ "High:", "high", ctl->lohi, 3,
		{ mi->high_total, mi->high_used, mi->high_free } };
	rows[ROW_SWAP] = (struct free_row){ "Swap:", "swap", 1, 3,
		{ mi->swap_total, mi->swap_used, mi->swap_free } };
	rows[ROW_TOTAL] = (struct free_row){ "Total:", "total", ctl->total, 3,
		{ mi->sum_total, mi->sum_used, mi->sum_free } };
	rows[ROW_COMM] = (struct free_row){ "Comm:", "comm", ctl->committed, 3,
		{ mi->commit_limit, mi->committed_as, (uint64_t)mi->commit_free } };
}

/* Whether column @c of the Mem row is shown in the table. */
static int shown(const struct free_ctl *ctl, int c)
{
	if (c == COL_BUFFERS || c == COL_CACHE)
		return ctl->wide;
	return c != COL_BUFFCACHE || !ctl->wide;
}

/* The rows the options ask for, as procps prints them. */
static void print_table(const struct free_ctl *ctl, const struct free_row rows[NROWS])
{
	char buf[32];
	int r, c;

	fputs(ctl->wide ?
	      "               total        used        free      shared     buffers       cache   available\n" :
	      "               total        used        free      shared  buff/cache   available\n", stdout);
	for (r = 0; r < NROWS; r++) {
		if (!rows[r].show)
			continue;
		printf("%-9s", rows[r].label);
		for (c = 0; c < rows[r].ncols; c++)
			if (shown(ctl, c))
				printf(c ? " %11s" : "%11s", scaled(ctl, rows[r].val[c], buf));
		putchar('\n');
	}
}

/* -L (procps-ng 4.0.4): one line, with the trailing space procps prints. */
static void print_line(const struct free_ctl *ctl, const struct swap_meminfo *mi)
{
	char b[4][32];

	printf("SwapUse %11s CachUse %11s  MemUse %11s MemFree %11s \n",
	       scaled(ctl, mi->swap_used, b[0]), scaled(ctl, mi->buff_cache, b[1]),
	       scaled(ctl, mi->mem_used, b[2]), scaled(ctl, mi->mem_free, b[3]));
}

/* Sleep @us microseconds, resuming after signals that do not end us. */
static void sleep_us(unsigned long long us)
{
	struct timespec ts = {
		.tv_sec = (time_t)(us / 1000000),
		.tv_nsec = (long)(us % 1000000) * 1000,
	};

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* The options, into @ctl; exits on a bad one. */
static void parse_options(struct free_ctl *ctl, int argc, char **argv)
{
	double secs;
	int c;

	while ((c = getopt_long(argc, argv, "bkmghlLtvc:ws:V", longopts, NULL)) != -1) {
		switch (c) {
		case 'b': case 'k': case 'm': case 'g':
		case OPT_KILO: case OPT_MEGA: case OPT_GIGA: case OPT_TERA:
		case OPT_PETA: case OPT_TEBI: case OPT_PEBI:
			set_unit(ctl, c);
			break;
		case 'h': ctl->human = 1; break;
		case OPT_SI: ctl->si = 1; break;
		case 'l': ctl->lohi = 1; break;
		case 'L': ctl->line = 1; break;
		case 't': ctl->total = 1; break;
		case 'v': ctl->committed = 1; break;
		case 'w': ctl->wide = 1; break;
		case OPT_JSON: ctl->json = 1; break;
		case OPT_COMPRESSED: ctl->compressed = 1; break;
		case 's':
			if (parse_seconds(optarg, &secs) < 0)
				cli_errx(CLI_EXIT_USAGE, "seconds argument failed: '%s': %s",
					 optarg, strerror(EINVAL));
			/* procps counts in microseconds: less than one is 0 */
			if (!(secs * 1e6 >= 1))
				cli_errx(CLI_EXIT_USAGE, "seconds argument `%s' is not positive number",
					 optarg);
			/* anything past a century is as good as forever */
			ctl->interval_us = secs < 3.2e9 ? (unsigned long long)(secs * 1e6)
							: 3200000000000000ULL;
			ctl->repeat = 1;
			break;
		case 'c':
			ctl->count = (int)cli_strtoll_or_die(optarg, 1, INT_MAX,
					"failed to parse count argument", CLI_EXIT_USAGE);
			ctl->repeat = 1;
			break;
		case OPT_HELP:
			usage();
		case 'V':
			cli_print_version();
		default:
			cli_try_help(CLI_EXIT_USAGE);
		}
	}
	if (optind < argc)
		cli_bad_usage(CLI_EXIT_USAGE, "unexpected argument '%s'", argv[optind]);
}

/* One block of output from a fresh read of /proc/meminfo. */
static void print_sample(const struct free_ctl *ctl)
{
	struct swap_meminfo mi = SWAP_MEMINFO_INIT;
	struct free_row rows[NROWS];
	int rc = swap_meminfo_read(NULL, &mi);

	if (rc == -ENODATA)
		cli_errx(EXIT_FAILURE, "/proc/meminfo: empty: check that "
			 "/proc is the kernel's procfs");
	if (rc < 0)
		cli_err(EXIT_FAILURE, -rc, "cannot read /proc/meminfo");
	fill_rows(ctl, &mi, rows);
	if (ctl->json)
		free_print_json(rows, ctl->compressed, scaled, ctl);
	else if (ctl->line)
		print_line(ctl, &mi);
	else
		print_table(ctl, rows);
	if (ctl->compressed && !ctl->json && !ctl->line)
		free_compressed_print(scaled, ctl);
}

int main(int argc, char **argv)
{
	struct free_ctl ctl = { .interval_us = 1000000 };
	sigset_t stop, old;

	cli_init_nolocale(argc, argv);
	parse_options(&ctl, argc, argv);

	/* In repeat mode a block is printed whole: SIGINT and SIGTERM wait
	 * until it is out, then end us (with the default action, so the
	 * shell sees the signal) while we sleep. */
	sigemptyset(&old);
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	for (;;) {
		if (ctl.repeat)
			sigprocmask(SIG_BLOCK, &stop, &old);
		print_sample(&ctl);
		/* a closed pipe ends us here (SIGPIPE), or, with SIGPIPE
		 * ignored, through the EPIPE check */
		if (fflush(stdout) != 0 || ferror(stdout)) {
			int err = errno;

			return err == EPIPE ? EXIT_SUCCESS : EXIT_FAILURE;
		}

		if (ctl.count && --ctl.count == 0)
			break;
		if (!ctl.repeat)
			break;
		/* procps puts a blank line between blocks, not after the last */
		if (!ctl.line && !ctl.json)
			putchar('\n');
		sigprocmask(SIG_SETMASK, &old, NULL);
		sleep_us(ctl.interval_us);
	}
	return EXIT_SUCCESS;
}
