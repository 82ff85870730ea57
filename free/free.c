/*
 * free - show the amount of free and used memory, as procps-ng free prints
 * it (byte for byte), through libsmartcols; --json for scripts.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libsmartcols.h>

#include "cli.h"
#include "libswap.h"
#include "compressed.h"

enum {
	OPT_KILO = CHAR_MAX + 1,
	OPT_MEGA,
	OPT_GIGA,
	OPT_TERA,
	OPT_PETA,
	OPT_TEBI,
	OPT_PEBI,
	OPT_SI,
	OPT_JSON,
	OPT_COMPRESSED,
	OPT_HELP,
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

/*
 * The columns.  procps pads the label to 9 cells and prints each value
 * right-aligned in 11 cells after one space; here that is a label column
 * 8 wide and 11-wide value columns, all separated by one space.
 */
enum {
	COL_LABEL,
	COL_TOTAL,
	COL_USED,
	COL_FREE,
	COL_SHARED,
	COL_BUFFERS,
	COL_CACHE,
	COL_BUFFCACHE,
	COL_AVAILABLE,
	NCOLS
};

static const struct free_column {
	const char *header;	/* table header */
	const char *json;	/* JSON key */
} columns[NCOLS] = {
	[COL_LABEL]     = { "",           "type" },
	[COL_TOTAL]     = { "total",      "total" },
	[COL_USED]      = { "used",       "used" },
	[COL_FREE]      = { "free",       "free" },
	[COL_SHARED]    = { "shared",     "shared" },
	[COL_BUFFERS]   = { "buffers",    "buffers" },
	[COL_CACHE]     = { "cache",      "cache" },
	[COL_BUFFCACHE] = { "buff/cache", "buff_cache" },
	[COL_AVAILABLE] = { "available",  "available" },
};

#define LABEL_WIDTH	8	/* + the separator: procps' 9-cell label */
#define VALUE_WIDTH	11
#define LINE_LABEL_WIDTH 7	/* -L: "SwapUse" ... */

/* One output row: values in KiB, as two's complement so that the odd
 * negative figure of a distorted /proc/meminfo prints as procps prints it. */
struct free_row {
	const char *label;	/* table label */
	const char *json;	/* JSON "type" */
	int ncols;		/* 3: total used free; NCOLS - 1: the Mem row */
	uint64_t val[NCOLS];
};

enum { ROW_MEM, ROW_LOW, ROW_HIGH, ROW_SWAP, ROW_TOTAL, ROW_COMM, NROWS };

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

static void set_unit(struct free_ctl *ctl, unsigned exponent, int si)
{
	if (ctl->unit_set)
		cli_errx(CLI_EXIT_USAGE, "Multiple unit options don't make sense.");
	ctl->unit_set = 1;
	ctl->exponent = exponent;
	if (si)
		ctl->si = 1;
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

/* Decimal text of @v (two's complement) at the end of @buf. */
static const char *decimal(uint64_t v, char buf[24])
{
	int negative = (int64_t)v < 0;
	uint64_t u = negative ? -v : v;
	char *p = buf + 23;

	*p = '\0';
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (negative)
		*--p = '-';
	return p;
}

/*
 * -h for a negative figure (only Comm free gets one: procps 4.0.2 prints
 * it signed): the procps rule, with the sign counted in the width.
 */
static const char *human_negative(int64_t bytes, int si, char *buf, size_t len)
{
	static const char units[] = "KMGTP";
	const double base = si ? 1000.0 : 1024.0;
	const int width = si ? 4 : 5;
	const char *tail = si ? "" : "i";
	double divisor = 1.0;
	size_t i;

	if (snprintf(buf, len, "%" PRId64 "B", bytes) <= 4)
		return buf;
	for (i = 0; i < sizeof(units) - 1; i++) {
		double v;

		divisor *= base;
		v = (double)bytes / divisor;
		if (snprintf(buf, len, "%.1f%c%s", (double)(float)v,
			     units[i], tail) <= width)
			break;
		if (snprintf(buf, len, "%" PRId64 "%c%s", (int64_t)v,
			     units[i], tail) <= width)
			break;
	}
	return buf;
}

/* One figure (KiB) as text in the unit the options ask for. */
static const char *scaled(const struct free_ctl *ctl, uint64_t kib, char buf[24])
{
	uint64_t bytes = kib * 1024;	/* wraps as procps' long long does */
	double divisor = 1.0;
	unsigned i;

	if (ctl->json)
		return decimal(bytes, buf);
	if (ctl->human) {
		if ((int64_t)bytes < 0)
			return human_negative((int64_t)bytes, ctl->si, buf, 24);
		if (swap_size_format(bytes, SWAP_SIZE_PROCPS |
				     (ctl->si ? SWAP_SIZE_SI : 0), buf, 24) < 0)
			strcpy(buf, "?");
		return buf;
	}
	switch (ctl->exponent) {
	case 0:		/* default: KiB, or kB with --si, integer division */
		return decimal((uint64_t)((int64_t)bytes / (ctl->si ? 1000 : 1024)), buf);
	case 1:
		return decimal(bytes, buf);
	default:
		/* procps divides through a double and truncates; do the same
		 * so that figures past 2^53 bytes come out alike */
		for (i = 1; i < ctl->exponent; i++)
			divisor *= ctl->si ? 1000.0 : 1024.0;
		return decimal((uint64_t)(int64_t)((double)(int64_t)bytes / divisor), buf);
	}
}

/* The rows the options ask for, with the figures procps-ng 4.0.x shows. */
static void fill_rows(const struct swap_meminfo *mi, struct free_row rows[NROWS])
{
	uint64_t avail = mi->mem_available;
	uint64_t low_total = mi->low_total, low_free = mi->low_free;

	/* procps shows MemFree as available when the kernel has no
	 * MemAvailable (before 3.14), when it is 0, and when it exceeds
	 * MemTotal (containers); idempotent if libswap did it already */
	if (!(mi->have & SWAP_MEMINFO_HAVE_AVAILABLE) || !avail || avail > mi->mem_total)
		avail = mi->mem_free;
	/* without highmem (every 64-bit kernel) all memory is "low" */
	if (!low_total) {
		low_total = mi->mem_total;
		low_free = mi->mem_free;
	}

	rows[ROW_MEM] = (struct free_row){ "Mem:", "mem", NCOLS - 1, {
		[COL_TOTAL] = mi->mem_total, [COL_USED] = mi->mem_used,
		[COL_FREE] = mi->mem_free, [COL_SHARED] = mi->shmem,
		[COL_BUFFERS] = mi->buffers, [COL_CACHE] = mi->main_cache,
		[COL_BUFFCACHE] = mi->buff_cache, [COL_AVAILABLE] = avail } };
	rows[ROW_LOW] = (struct free_row){ "Low:", "low", 3,
		{ 0, low_total, mi->low_used, low_free } };
	rows[ROW_HIGH] = (struct free_row){ "High:", "high", 3,
		{ 0, mi->high_total, mi->high_used, mi->high_free } };
	rows[ROW_SWAP] = (struct free_row){ "Swap:", "swap", 3,
		{ 0, mi->swap_total, mi->swap_used, mi->swap_free } };
	rows[ROW_TOTAL] = (struct free_row){ "Total:", "total", 3,
		{ 0, mi->mem_total + mi->swap_total, mi->mem_used + mi->swap_used,
		  mi->mem_free + mi->swap_free } };
	rows[ROW_COMM] = (struct free_row){ "Comm:", "comm", 3,
		{ 0, mi->commit_limit, mi->committed_as, (uint64_t)mi->commit_free } };
}

static struct libscols_table *new_table(const struct free_ctl *ctl)
{
	struct libscols_table *tb = scols_new_table();

	if (!tb)
		cli_err(EXIT_FAILURE, ENOMEM, "cannot create the output table");
	if (ctl->json) {
		scols_table_enable_json(tb, 1);
		scols_table_set_name(tb, "memory");
	} else {
		/* no escaping, one-space separator, and nothing after the
		 * last value of a row: the procps bytes */
		scols_table_set_column_separator(tb, " ");
		scols_table_enable_noencoding(tb, 1);
	}
	return tb;
}

/*
 * A column of fixed width: STRICTWIDTH makes libsmartcols apply the width
 * hint even when the header is wider than the data (it would otherwise
 * shrink "shared" to 6 cells); a wider value still widens the column.
 */
static void add_column(struct libscols_table *tb, const char *name,
		       double width, int flags, int json_type)
{
	struct libscols_column *cl;

	cl = scols_table_new_column(tb, name, width, flags | SCOLS_FL_STRICTWIDTH);
	if (!cl)
		cli_err(EXIT_FAILURE, ENOMEM, "cannot create the output table");
	scols_column_set_json_type(cl, json_type);
}

static void set_cell(struct libscols_line *ln, size_t col, const char *data)
{
	if (scols_line_set_data(ln, col, data) != 0)
		cli_err(EXIT_FAILURE, ENOMEM, "cannot fill the output table");
}

static struct libscols_line *new_line(struct libscols_table *tb)
{
	struct libscols_line *ln = scols_table_new_line(tb, NULL);

	if (!ln)
		cli_err(EXIT_FAILURE, ENOMEM, "cannot fill the output table");
	return ln;
}

/*
 * --compressed: a second table (stored, compressed, in RAM, source) for
 * zswap and the zram swap areas, under @mem; in JSON an array "compressed"
 * in the same object, empty figures null.
 */
static void print_compressed(const struct free_ctl *ctl, struct libscols_table *mem)
{
	static const char *const heads[] = { "stored", "compressed", "ram" };
	struct free_compressed_row rows[2];
	struct libscols_table *tb = new_table(ctl);
	char *a = NULL, *b = NULL, buf[24];
	size_t i, r;

	free_compressed_read(rows);
	add_column(tb, ctl->json ? "type" : "", LABEL_WIDTH, 0, SCOLS_JSON_STRING);
	for (i = 0; i < 3; i++)
		add_column(tb, heads[i], VALUE_WIDTH, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER);
	add_column(tb, "source", 0, 0, SCOLS_JSON_STRING);
	if (!ctl->json)
		scols_table_enable_minout(tb, 1);
	for (r = 0; r < 2; r++) {
		const uint64_t v[3] = { rows[r].stored, rows[r].compressed, rows[r].ram };
		struct libscols_line *ln = new_line(tb);

		set_cell(ln, 0, ctl->json ? rows[r].json : rows[r].label);
		for (i = 0; rows[r].have && i < 3; i++)
			set_cell(ln, i + 1, scaled(ctl, v[i], buf));
		set_cell(ln, 4, rows[r].source);
	}
	if (!ctl->json) {
		scols_print_table(mem);
		scols_print_table(tb);
	} else {
		/* one object: {"memory": [...], "compressed": [...]} */
		scols_table_set_name(tb, "compressed");
		if (scols_print_table_to_string(mem, &a) != 0 ||
		    scols_print_table_to_string(tb, &b) != 0 ||
		    !strrchr(a, '}') || !strchr(b, '{'))
			cli_err(EXIT_FAILURE, ENOMEM, "cannot print the output table");
		*strrchr(a, '}') = '\0';
		for (i = strlen(a); i && (a[i - 1] == '\n' || a[i - 1] == ' '); i--)
			a[i - 1] = '\0';
		printf("%s,%s", a, strchr(b, '{') + 1);
		free(a);
		free(b);
	}
	scols_unref_table(tb);
}

/* The table (default, -w, -l, -t, -v) or the JSON object. */
static void print_table(const struct free_ctl *ctl, const struct swap_meminfo *mi)
{
	struct free_row rows[NROWS];
	int show[NROWS] = {
		[ROW_MEM] = 1, [ROW_LOW] = ctl->lohi, [ROW_HIGH] = ctl->lohi,
		[ROW_SWAP] = 1, [ROW_TOTAL] = ctl->total, [ROW_COMM] = ctl->committed,
	};
	int colmap[NCOLS], ncols = 0, c, r;
	struct libscols_table *tb = new_table(ctl);
	char buf[24];

	/* the Mem columns shown: JSON has them all */
	for (c = 0; c < NCOLS; c++) {
		if (!ctl->json && (c == COL_BUFFERS || c == COL_CACHE) && !ctl->wide)
			continue;
		if (!ctl->json && c == COL_BUFFCACHE && ctl->wide)
			continue;
		colmap[ncols++] = c;
		if (c == COL_LABEL)
			add_column(tb, ctl->json ? columns[c].json : columns[c].header,
				   LABEL_WIDTH, 0, SCOLS_JSON_STRING);
		else
			add_column(tb, ctl->json ? columns[c].json : columns[c].header,
				   VALUE_WIDTH, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER);
	}
	if (!ctl->json)
		scols_table_enable_minout(tb, 1);

	fill_rows(mi, rows);
	for (r = 0; r < NROWS; r++) {
		struct libscols_line *ln;
		int i;

		if (!show[r])
			continue;
		ln = new_line(tb);
		set_cell(ln, 0, ctl->json ? rows[r].json : rows[r].label);
		for (i = 1; i < ncols; i++) {
			c = colmap[i];
			/* the 3-value rows stop after "free"; JSON says null */
			if (r != ROW_MEM && c > COL_FREE)
				break;
			set_cell(ln, i, scaled(ctl, rows[r].val[c], buf));
		}
	}
	if (ctl->compressed)
		print_compressed(ctl, tb);
	else
		scols_print_table(tb);
	scols_unref_table(tb);
}

/*
 * -L: "SwapUse %11s CachUse %11s  MemUse %11s MemFree %11s \n".  The empty
 * last column makes libsmartcols print the separator that gives the
 * trailing space procps prints.
 */
static void print_line(const struct free_ctl *ctl, const struct swap_meminfo *mi)
{
	static const char *const labels[] = { "SwapUse", "CachUse", " MemUse", "MemFree" };
	const uint64_t values[] = { mi->swap_used, mi->buff_cache, mi->mem_used, mi->mem_free };
	struct libscols_table *tb = new_table(ctl);
	struct libscols_line *ln;
	char buf[24];
	size_t i;

	scols_table_enable_noheadings(tb, 1);
	for (i = 0; i < 4; i++) {
		add_column(tb, labels[i], LINE_LABEL_WIDTH, 0, SCOLS_JSON_STRING);
		add_column(tb, "", VALUE_WIDTH, SCOLS_FL_RIGHT, SCOLS_JSON_STRING);
	}
	add_column(tb, "", 0, 0, SCOLS_JSON_STRING);

	ln = new_line(tb);
	for (i = 0; i < 4; i++) {
		set_cell(ln, 2 * i, labels[i]);
		set_cell(ln, 2 * i + 1, scaled(ctl, values[i], buf));
	}
	scols_print_table(tb);
	scols_unref_table(tb);
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

int main(int argc, char **argv)
{
	struct free_ctl ctl = { .interval_us = 1000000 };
	struct swap_meminfo mi;
	sigset_t stop, old;
	double secs;
	int c, rc;

	cli_init_nolocale(argc, argv);

	while ((c = getopt_long(argc, argv, "bkmghlLtvc:ws:V", longopts, NULL)) != -1) {
		switch (c) {
		case 'b':
			set_unit(&ctl, 1, 0);
			break;
		case 'k':
		case OPT_KILO:
			set_unit(&ctl, 2, c == OPT_KILO);
			break;
		case 'm':
		case OPT_MEGA:
			set_unit(&ctl, 3, c == OPT_MEGA);
			break;
		case 'g':
		case OPT_GIGA:
			set_unit(&ctl, 4, c == OPT_GIGA);
			break;
		case OPT_TEBI:
		case OPT_TERA:
			set_unit(&ctl, 5, c == OPT_TERA);
			break;
		case OPT_PEBI:
		case OPT_PETA:
			set_unit(&ctl, 6, c == OPT_PETA);
			break;
		case 'h':
			ctl.human = 1;
			break;
		case OPT_SI:
			ctl.si = 1;
			break;
		case 'l':
			ctl.lohi = 1;
			break;
		case 'L':
			ctl.line = 1;
			break;
		case 't':
			ctl.total = 1;
			break;
		case 'v':
			ctl.committed = 1;
			break;
		case 'w':
			ctl.wide = 1;
			break;
		case OPT_JSON:
			ctl.json = 1;
			break;
		case OPT_COMPRESSED:
			ctl.compressed = 1;
			break;
		case 's':
			if (parse_seconds(optarg, &secs) < 0)
				cli_errx(CLI_EXIT_USAGE, "seconds argument failed: '%s': %s",
					 optarg, strerror(EINVAL));
			/* procps counts in microseconds: less than one is 0 */
			if (!(secs * 1e6 >= 1))
				cli_errx(CLI_EXIT_USAGE, "seconds argument `%s' is not positive number",
					 optarg);
			/* anything past a century is as good as forever */
			ctl.interval_us = secs < 3.2e9 ? (unsigned long long)(secs * 1e6)
						       : 3200000000000000ULL;
			ctl.repeat = 1;
			break;
		case 'c':
			ctl.count = (int)cli_strtoll_or_die(optarg, 1, INT_MAX,
					"failed to parse count argument", CLI_EXIT_USAGE);
			ctl.repeat = 1;
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
		rc = swap_meminfo_read(NULL, &mi);
		if (rc == -EINVAL)
			cli_errx(EXIT_FAILURE, "/proc/meminfo: truncated or malformed "
				 "(MemTotal or MemFree missing, or a bad value)");
		if (rc < 0)
			cli_err(EXIT_FAILURE, -rc, "cannot read /proc/meminfo");

		if (ctl.line && !ctl.json)
			print_line(&ctl, &mi);
		else
			print_table(&ctl, &mi);
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
