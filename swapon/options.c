/*
 * swapon's command line: options, their conflicts, --help.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swapon.h"

/* Long-only options. */
enum {
	OPT_SHOW = CHAR_MAX + 1,
	OPT_OUTPUT_ALL,
	OPT_ANNOTATE,
	OPT_NOHEADINGS,
	OPT_RAW,
	OPT_BYTES,
	OPT_JSON,
	OPT_RESUME,
	OPT_VERIFY,
};

static const struct option swapon_longopts[] = {
	{ "all",        no_argument,       NULL, 'a' },
	{ "discard",    optional_argument, NULL, 'd' },
	{ "ifexists",   no_argument,       NULL, 'e' },
	{ "fixpgsz",    no_argument,       NULL, 'f' },
	{ "options",    required_argument, NULL, 'o' },
	{ "priority",   required_argument, NULL, 'p' },
	{ "summary",    no_argument,       NULL, 's' },
	{ "fstab",      required_argument, NULL, 'T' },
	{ "show",       optional_argument, NULL, OPT_SHOW },
	{ "output-all", no_argument,       NULL, OPT_OUTPUT_ALL },
	{ "annotate",   optional_argument, NULL, OPT_ANNOTATE },
	{ "noheadings", no_argument,       NULL, OPT_NOHEADINGS },
	{ "raw",        no_argument,       NULL, OPT_RAW },
	{ "bytes",      no_argument,       NULL, OPT_BYTES },
	{ "json",       no_argument,       NULL, OPT_JSON },
	{ "resume",     optional_argument, NULL, OPT_RESUME },
	{ "verify",     no_argument,       NULL, OPT_VERIFY },
	{ "verbose",    no_argument,       NULL, 'v' },
	{ "help",       no_argument,       NULL, 'h' },
	{ "version",    no_argument,       NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

/* Options that cannot be combined (util-linux's groups; --json as lsblk's
 * --json and --raw): the first member seen wins. */
static const int swapon_exclusive[][5] = {
	{ 'a', 'o', 's', OPT_SHOW, 0 },
	{ 'a', 'o', OPT_BYTES, 0 },
	{ 'a', 'o', OPT_NOHEADINGS, 0 },
	{ 'a', 'o', OPT_RAW, 0 },
	{ 'a', 'o', OPT_JSON, 0 },
	{ OPT_RAW, OPT_JSON, 0 },
};
#define NEXCL (sizeof(swapon_exclusive) / sizeof(swapon_exclusive[0]))

static void __attribute__((noreturn)) usage(void)
{
	FILE *out = stdout;

	fputs("\nUsage:\n", out);
	fprintf(out, " %s [options] [<spec>...]\n", cli_progname());
	fputs("\nEnable devices and files for paging and swapping.\n", out);
	fputs("\nOptions:\n", out);
	fputs(" -a, --all                enable the swap entries of /etc/fstab (or --fstab)\n", out);
	fputs(" -d, --discard[=<policy>] discard freed swap pages, if the device supports it\n", out);
	fputs(" -e, --ifexists           with --all: quietly skip areas that do not exist\n", out);
	fputs(" -f, --fixpgsz            rewrite a header made for another page size\n", out);
	fputs(" -o, --options <list>     fstab-style options: pri=N, discard[=policy], nofail\n", out);
	fputs(" -p, --priority <prio>    priority of the areas, 0 to 32767 (negative: the\n"
	      "                            kernel chooses)\n", out);
	fputs(" -s, --summary            print /proc/swaps in its own format (DEPRECATED)\n", out);
	fputs(" -T, --fstab <path>       read swap entries from this file or directory of\n"
	      "                            *.fstab files instead of /etc/fstab (repeatable)\n", out);
	fputs("     --show[=<columns>]   list the active areas as a table\n", out);
	fputs("     --output-all         list the active areas with every column\n", out);
	fputs("     --annotate[=<when>]  column descriptions as tooltips (always|never|auto)\n", out);
	fputs("     --noheadings         leave out the table header (with --show)\n", out);
	fputs("     --raw                print the table in raw format (with --show)\n", out);
	fputs("     --bytes              print SIZE and USED in bytes (with --show)\n", out);
	fputs("     --json               print the table as JSON, sizes in bytes (with --show),\n"
	      "                            or the findings of --verify as JSON\n", out);
	fputs("     --resume[=<spec>]    print resume= and resume_offset= for hibernating\n"
	      "                            to this area (default: the one chosen), and checks\n", out);
	fputs("     --verify             check the swap entries of fstab (or of -T) and\n"
	      "                            the active areas; activates nothing\n", out);
	fputs(" -v, --verbose            tell what is done\n", out);
	fputs("\n -h, --help               display this help\n", out);
	fputs(" -V, --version            display version\n", out);
	fputs("\nThe <spec> parameter:\n", out);
	fputs(" -L <label>             same as LABEL=<label>\n", out);
	fputs(" -U <uuid>              same as UUID=<uuid>\n", out);
	fputs(" LABEL=<label>          the area with this swap label\n", out);
	fputs(" UUID=<uuid>            the area with this swap UUID\n", out);
	fputs(" PARTLABEL=<label>      the partition with this GPT partition name\n", out);
	fputs(" PARTUUID=<uuid>        the partition with this partition UUID\n", out);
	fputs(" ID=<id>                the device /dev/disk/by-id/<id>\n", out);
	fputs(" <device>               a block device\n", out);
	fputs(" <file>                 a regular file\n", out);
	fputs("\nAvailable discard policy types (for --discard):\n", out);
	fputs(" once    : discard the whole area once, at swapon time\n", out);
	fputs(" pages   : discard freed pages before they are reused\n", out);
	fputs("Without a policy, the kernel does both.\n", out);
	fputs("\nAvailable output columns:\n", out);
	swapon_show_help(out);
	fputs("\nFor more details see swapon(8).\n", out);
	exit(EXIT_SUCCESS);
}

static const char *long_name(int c, char *buf, size_t len)
{
	const struct option *o;

	for (o = swapon_longopts; o->name; o++)
		if (o->val == c) {
			snprintf(buf, len, "--%s", o->name);
			return buf;
		}
	snprintf(buf, len, "-%c", c);
	return buf;
}

/* Die when option @c belongs to a group one of whose other members was
 * seen, in util-linux 2.42's words. */
static void check_exclusive(int excl_seen[NEXCL], int c)
{
	size_t g, i;

	for (g = 0; g < NEXCL; g++) {
		const int *grp = swapon_exclusive[g];
		int member = 0;

		for (i = 0; grp[i]; i++)
			if (grp[i] == c)
				member = 1;
		if (!member)
			continue;
		if (excl_seen[g] && excl_seen[g] != c) {
			char a[32], b[32];

			cli_errx(CLI_EXIT_USAGE, "options %s and %s cannot be combined",
				 long_name(excl_seen[g], a, sizeof(a)),
				 long_name(c, b, sizeof(b)));
		}
		excl_seen[g] = c;
	}
}

void swapon_parse_args(struct swapon_ctl *ctl, int argc, char **argv)
{
	int excl_seen[NEXCL] = { 0 };
	const char *annotate_when = NULL;
	int c;
	size_t i;

	while ((c = getopt_long(argc, argv, "ad::efho:p:svT:L:U:V",
				swapon_longopts, NULL)) != -1) {
		check_exclusive(excl_seen, c);
		switch (c) {
		case 'a':
			ctl->all = 1;
			break;
		case 'd':
			ctl->opts.flags |= SWAP_FSTAB_DISCARD;
			if (optarg) {
				const char *pol = *optarg == '=' ? optarg + 1 : optarg;

				if (strcmp(pol, "once") == 0)
					ctl->opts.flags |= SWAP_FSTAB_DISCARD_ONCE;
				else if (strcmp(pol, "pages") == 0)
					ctl->opts.flags |= SWAP_FSTAB_DISCARD_PAGES;
				else
					cli_errx(CLI_EXIT_USAGE, "unsupported discard policy: %s", pol);
			}
			break;
		case 'e':
			ctl->ifexists = 1;
			break;
		case 'f':
			ctl->fixpgsz = 1;
			break;
		case 'o':
			ctl->optlist = optarg;
			break;
		case 'p':
			ctl->opts.priority = (int)cli_strtoll_or_die(optarg, -32768, 32767,
						"failed to parse priority", CLI_EXIT_USAGE);
			ctl->opts.flags |= SWAP_FSTAB_PRIORITY;
			break;
		case 's':
			/* as util-linux 2.38: the summary at once, whatever follows */
			exit(swapon_show_summary());
		case 'T':
			ctl->fstabs = cli_xrealloc(ctl->fstabs, (ctl->nfstabs + 1) * sizeof(*ctl->fstabs));
			ctl->fstabs[ctl->nfstabs++] = optarg;
			break;
		case 'L':
			cli_specs_add(&ctl->specs, "LABEL", optarg);
			break;
		case 'U':
			cli_specs_add(&ctl->specs, "UUID", optarg);
			break;
		case 'v':
			ctl->verbose++;
			break;
		case OPT_SHOW:
			if (optarg)
				swapon_show_parse_columns(&ctl->out, optarg);
			ctl->show = 1;
			break;
		case OPT_OUTPUT_ALL:
			swapon_show_all_columns(&ctl->out);
			break;
		case OPT_ANNOTATE:
			annotate_when = optarg ? optarg : "auto";
			break;
		case OPT_NOHEADINGS:
			ctl->out.noheadings = 1;
			break;
		case OPT_RAW:
			ctl->out.raw = 1;
			break;
		case OPT_BYTES:
			ctl->out.bytes = 1;
			break;
		case OPT_JSON:
			ctl->out.json = 1;
			break;
		case OPT_RESUME:
			ctl->resume = 1;
			ctl->resume_spec = optarg;
			break;
		case OPT_VERIFY:
			ctl->verify = 1;
			break;
		case 'h':
			usage();
		case 'V':
			cli_print_version();
		default:
			cli_try_help(CLI_EXIT_USAGE);
		}
	}
	for (i = optind; i < (size_t)argc; i++)
		cli_specs_add(&ctl->specs, NULL, argv[i]);
	ctl->out.annotate = annotate_when && swapon_annotation_wanted(annotate_when);
}
