/*
 * lsswap - which processes hold swap, how much, and in which area; what
 * each area holds; the swap charged to memory cgroups.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "lsswap.h"

enum { OPT_OUTPUT_ALL = CHAR_MAX + 1 };

static const struct option longopts[] = {
	{ "areas",       no_argument,       NULL, 'a' },
	{ "cgroups",     no_argument,       NULL, 'c' },
	{ "pid",         required_argument, NULL, 'p' },
	{ "area",        required_argument, NULL, 'A' },
	{ "output",      required_argument, NULL, 'o' },
	{ "output-all",  no_argument,       NULL, OPT_OUTPUT_ALL },
	{ "sort",        required_argument, NULL, 's' },
	{ "bytes",       no_argument,       NULL, 'b' },
	{ "raw",         no_argument,       NULL, 'r' },
	{ "noheadings",  no_argument,       NULL, 'n' },
	{ "json",        no_argument,       NULL, 'J' },
	{ "help",        no_argument,       NULL, 'h' },
	{ "version",     no_argument,       NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

static void __attribute__((noreturn)) usage(void)
{
	const char *p = cli_progname();

	printf("\nUsage:\n %s [options]\n\n", p);
	printf("Show which processes hold swap, how much and in which area.\n\n");
	printf("Options:\n"
	       " -a, --areas            one row per active swap area\n"
	       " -c, --cgroups          one row per memory cgroup with swap\n"
	       " -p, --pid <pid>[,...]  only these processes\n"
	       " -A, --area <area>      only processes with pages in this area (or only its row)\n"
	       " -o, --output <list>    the columns to show\n"
	       "     --output-all       every column of the view\n"
	       " -s, --sort <column>    sort by this column (sizes largest first)\n"
	       " -b, --bytes            sizes in bytes\n"
	       " -r, --raw              raw output\n"
	       " -n, --noheadings       no header line\n"
	       " -J, --json             JSON output\n\n"
	       " -h, --help             display this help\n"
	       " -V, --version          display version\n");
	printf("\nAvailable output columns (processes, --areas, --cgroups):\n");
	for (int i = 0; i < NCOLS; i++)
		printf(" %10s  %s\n", columns[i].name, columns[i].help);
	printf("\nFor more details see lsswap(8).\n");
	exit(EXIT_SUCCESS);
}

static int column_id(enum view view, const char *name, size_t len)
{
	for (int i = 0; i < NCOLS; i++)
		if (columns[i].view == view && strlen(columns[i].name) == len &&
		    !strncasecmp(columns[i].name, name, len))
			return i;
	return -1;
}

static int column_or_die(enum view view, const char *name, size_t len)
{
	int id = column_id(view, name, len);

	if (id < 0)
		cli_bad_usage(EXIT_FAILURE, "unknown column: %.*s", (int)len, name);
	return id;
}

static void parse_columns(struct lsswap_ctl *ctl, const char *list)
{
	const char *p = list;

	if (*p == '+')
		p++;
	else
		ctl->ncolumns = 0;
	while (*p) {
		size_t len = strcspn(p, ",");

		if (ctl->ncolumns >= NCOLS)
			cli_bad_usage(EXIT_FAILURE, "too many columns: %s", list);
		ctl->columns[ctl->ncolumns++] = column_or_die(ctl->view, p, len);
		p += len;
		if (*p == ',')
			p++;
	}
}

static void parse_pids(struct lsswap_ctl *ctl, const char *list)
{
	char *copy = cli_xstrdup(list), *save = NULL;

	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		ctl->pids = cli_xrealloc(ctl->pids, (ctl->npids + 1) * sizeof(*ctl->pids));
		ctl->pids[ctl->npids++] = (pid_t)cli_strtoll_or_die(t, 1, INT_MAX, "invalid PID argument",
								    EXIT_FAILURE);
	}
	free(copy);
}

/* The options into @ctl: the view, the filters, the columns and the sort. */
static void parse_options(struct lsswap_ctl *ctl, int argc, char **argv)
{
	const char *output = NULL, *sort = NULL;
	int c, all = 0;

	while ((c = getopt_long(argc, argv, "acp:A:o:s:brnJhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			ctl->view = VIEW_AREAS;
			break;
		case 'c':
			ctl->view = VIEW_CGROUPS;
			break;
		case 'p':
			parse_pids(ctl, optarg);
			break;
		case 'A':
			ctl->area = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case OPT_OUTPUT_ALL:
			all = 1;
			break;
		case 's':
			sort = optarg;
			break;
		case 'b':
			ctl->bytes = 1;
			break;
		case 'r':
			ctl->raw = 1;
			break;
		case 'n':
			ctl->noheadings = 1;
			break;
		case 'J':
			ctl->json = 1;
			break;
		case 'h':
			usage();
		case 'V':
			cli_print_version();
		default:
			cli_try_help(EXIT_FAILURE);
		}
	}
	if (optind < argc)
		cli_bad_usage(EXIT_FAILURE, "unexpected argument: %s", argv[optind]);
	if (ctl->npids && ctl->view != VIEW_PROCESSES)
		cli_bad_usage(EXIT_FAILURE, "--pid works only in the process view");
	if (ctl->area && ctl->view == VIEW_CGROUPS)
		cli_bad_usage(EXIT_FAILURE, "--area does not apply to --cgroups");

	for (int i = 0; i < NCOLS; i++)
		if (columns[i].view == ctl->view && (all || columns[i].is_default))
			ctl->columns[ctl->ncolumns++] = i;
	if (output)
		parse_columns(ctl, output);
	if (sort)
		ctl->sort = column_or_die(ctl->view, sort, strlen(sort));
	else if (ctl->view == VIEW_PROCESSES)
		ctl->sort = COL_SWAP;
	else if (ctl->view == VIEW_CGROUPS)
		ctl->sort = COL_CGSWAP;
}

int main(int argc, char **argv)
{
	/* static: the rows and area lists live until exit, reachable (a
	 * one-shot run frees nothing, and LeakSanitizer must not call that a leak) */
	static struct lsswap_ctl ctl = { .view = VIEW_PROCESSES, .sort = -1 };
	static struct scan s;

	cli_init(argc, argv);
	parse_options(&ctl, argc, argv);
	ctl.pagesize = sysconf(_SC_PAGESIZE);
	if (ctl.view == VIEW_CGROUPS) {
		build_cgroups(&ctl);
	} else {
		scan_processes(&ctl, &s);
		if (ctl.view == VIEW_PROCESSES)
			finish_process_rows(&ctl, &s);
		else
			build_areas(&ctl, &s);
	}
	sort_rows(&ctl);
	print_output(&ctl);
	return ctl.missing ? EXIT_FAILURE : EXIT_SUCCESS;
}
