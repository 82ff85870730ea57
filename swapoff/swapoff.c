/*
 * swapoff - disable devices and files for paging and swapping.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Exit codes are util-linux's (since 2.36), OR-ed over the operands, so
 * that callers such as systemd can tell "out of memory" from other errors.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "cli.h"
#include "libswap.h"
#include "check.h"
#include "progress.h"

enum {
	SWAPOFF_EX_OK = 0,		/* no errors */
	SWAPOFF_EX_ENOMEM = 2,		/* swapoff(2): not enough memory to take it back */
	SWAPOFF_EX_FAILURE = 4,		/* swapoff(2) failed for another reason */
	SWAPOFF_EX_SYSERR = 8,		/* another system call failed */
	SWAPOFF_EX_USAGE = 16,		/* bad command line or not root */
	SWAPOFF_EX_ALLFAILED = 32,	/* --all: every area failed */
	SWAPOFF_EX_SOMEOK = 64,		/* --all: some areas failed */
	/* A spec that matches no area: util-linux ORs -1 into the status,
	 * so that the exit status is 255 whatever else happened. */
	SWAPOFF_EX_NOTFOUND = -1,
};

enum { OPT_CHECK = 0x100, OPT_JSON, OPT_FORCE };

static const struct option swapoff_longopts[] = {
	{ "all",     no_argument, NULL, 'a' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "check",   no_argument, NULL, OPT_CHECK },
	{ "json",    no_argument, NULL, OPT_JSON },
	{ "force",   no_argument, NULL, OPT_FORCE },
	{ "help",    no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

struct swapoff_ctl {
	struct cli_specs specs;	/* -L, -U and operands, in order */
	int verbose;
	unsigned int all:1, progress:1, check:1, json:1, force:1;
};

static void __attribute__((noreturn)) usage(void)
{
	FILE *out = stdout;

	fputs("\nUsage:\n", out);
	fprintf(out, " %s [options] [<spec>...]\n", cli_progname());
	fputs("\nDisable devices and files for paging and swapping.\n", out);
	fputs("\nOptions:\n", out);
	fputs(" -a, --all              disable every area of /proc/swaps, then the\n"
	      "                          swap entries of /etc/fstab that are still active\n", out);
	fputs(" -v, --verbose          tell what is done; on a terminal, show progress\n", out);
	fputs("     --check            change nothing: tell whether the pages of the areas\n"
	      "                          fit back into memory and under the limits of\n"
	      "                          their memory cgroups (fits, tight: above 80%,\n"
	      "                          does not fit), and which processes own them\n", out);
	fputs("     --json             with --check: JSON output\n", out);
	fputs("     --force            swap off even when the pages clearly do not fit\n", out);
	fputs("\n -h, --help             display this help\n", out);
	fputs(" -V, --version          display version\n", out);
	fputs("\nThe <spec> parameter:\n", out);
	fputs(" -L <label>             same as LABEL=<label>\n", out);
	fputs(" -U <uuid>              same as UUID=<uuid>\n", out);
	fputs(" LABEL=<label>          the active area with this swap label\n", out);
	fputs(" UUID=<uuid>            the active area with this swap UUID\n", out);
	fputs(" PARTLABEL=<label>      the partition with this GPT partition name\n", out);
	fputs(" PARTUUID=<uuid>        the partition with this partition UUID\n", out);
	fputs(" <device>               a block device\n", out);
	fputs(" <file>                 a regular file\n", out);
	fputs("\nExit status (OR-ed over all areas):\n", out);
	fputs(" 0 success, 2 not enough memory (or refused: would not fit), 4 swapoff failed, 8 system error,\n"
	      " 16 usage or permission error, 32 --all: all failed, 64 --all: some failed,\n"
	      " 255 a spec matches no area\n", out);
	fputs("\nFor more details see swapoff(8).\n", out);
	exit(EXIT_SUCCESS);
}

/* Keep the OOM killer away: swapoff needs memory to take pages back and
 * is the last process that should die for it (util-linux#3095). */
static void protect_from_oom(void)
{
	int fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);

	if (fd < 0)
		return;
	if (write(fd, "-1000", 5) < 0) {
		/* not fatal: an unprivileged caller fails later anyway */
	}
	close(fd);
}

/* Turn a spec into a path; NULL when nothing carries that tag. */
static char *resolve(const char *spec)
{
	const char *value;
	char *path;
	int kind = swap_fstab_parse_spec(spec, &value);

	if (kind < 0)
		return NULL;
	if (kind == SWAP_SPEC_PATH)
		return strdup(spec);
	path = cli_resolve_spec(spec);
	if (!path && (kind == SWAP_SPEC_LABEL || kind == SWAP_SPEC_UUID)) {
		/* libblkid sees block devices only: swap files are found by the
		 * headers of the active areas */
		struct swap_procswaps_entry e = SWAP_PROCSWAPS_ENTRY_INIT;

		if (swap_area_find_tag(kind, value, NULL, &e) == 1)
			path = strdup(e.name);
	}
	return path;
}

static void say_swapoff(const struct swapoff_ctl *ctl, const char *name)
{
	if (ctl->verbose) {
		printf("swapoff %s\n", name);
		fflush(stdout);
	}
}

/* Swap off one resolved path.  @quiet hides all but ENOMEM (for --all).
 * @say: print the -v line with @path (the caller printed its own). */
static int do_swapoff(const struct swapoff_ctl *ctl, const char *path, int quiet,
		      int say)
{
	int err;

	if (say)
		say_swapoff(ctl, path);
	if (!ctl->force) {
		struct swap_procswaps_entry e = SWAP_PROCSWAPS_ENTRY_INIT;

		if (swapoff_find_active(path, &e)) {
			char *name = cli_xstrdup(e.name);
			int rc = swapoff_guard(name);

			free(name);
			if (rc)
				return rc;
		}
	}
	err = swapoff_call(path, ctl->progress);
	if (!err)
		return SWAPOFF_EX_OK;
	switch (err) {
	case EPERM:
		cli_errx(SWAPOFF_EX_USAGE, "Not superuser.");
	case ENOMEM:
		cli_warn(err, "%s: swapoff failed", path);
		cli_warnx("%s: not enough free memory to take its pages back; "
			  "free memory or add another swap area first", path);
		return SWAPOFF_EX_ENOMEM;
	case EINVAL:
		if (!quiet)
			cli_warnx("%s: swapoff failed: %s (not an active swap area)",
				  path, strerror(err));
		return SWAPOFF_EX_FAILURE;
	default:
		if (!quiet)
			cli_warn(err, "%s: swapoff failed", path);
		return SWAPOFF_EX_FAILURE;
	}
}

/* As util-linux: -v names an operand as given, before it is resolved, and
 * a -L/-U area by its path; "cannot find" names a -L/-U value bare. */
static int swapoff_spec(const struct swapoff_ctl *ctl, const char *spec, int by_opt)
{
	char *path;
	int rc;

	if (!by_opt)
		say_swapoff(ctl, spec);
	path = resolve(spec);
	if (!path) {
		const char *value = strchr(spec, '=');

		cli_warnx("cannot find the device for %s",
			  by_opt && value ? value + 1 : spec);
		return SWAPOFF_EX_NOTFOUND;
	}
	rc = do_swapoff(ctl, path, 0, by_opt);
	free(path);
	return rc;
}

/*
 * Pass 2 of --all: the fstab swap entries /proc/swaps did not list.  As
 * libmount, the whole file is read first (a malformed line is reported and
 * skipped, the lines after it still count), then each entry is tried;
 * nothing here changes the exit status.
 */
static void swapoff_fstab(const struct swapoff_ctl *ctl)
{
	const char *path = cli_fstab_path();
	struct swap_fstab *it;
	struct swap_fstab_entry e = SWAP_FSTAB_ENTRY_INIT;
	struct swap_procswaps_entry pe = SWAP_PROCSWAPS_ENTRY_INIT;
	struct cli_specs specs = { NULL, NULL, 0 };
	size_t i;
	int rc;

	if (swap_fstab_open(path, &it) < 0)
		return;		/* util-linux: no fstab, no second pass, no word */
	while ((rc = swap_fstab_next(it, &e)) != 0) {
		if (rc == -EINVAL) {
			cli_warnx("%s: parse error at line %u -- ignored",
				  path ? path : "/etc/fstab", e.line);
			continue;
		}
		if (rc < 0)
			break;
		cli_specs_add(&specs, NULL, e.spec);
	}
	swap_fstab_close(it);

	for (i = 0; i < specs.n; i++) {
		char *dev = resolve(specs.spec[i]);

		/* -v names the entry as fstab writes it, as util-linux does */
		if (!dev) {
			say_swapoff(ctl, specs.spec[i]);
			cli_warnx("cannot find the device for %s", specs.spec[i]);
		} else if (!swapoff_find_active(dev, &pe)) {
			/* what pass 1 did not see under this name (a renamed
			 * or deleted file, an unreadable /proc/swaps): try it,
			 * quietly */
			say_swapoff(ctl, specs.spec[i]);
			do_swapoff(ctl, dev, 1, 0);
		}
		free(dev);
	}
	cli_specs_free(&specs);
}

static int swapoff_all(const struct swapoff_ctl *ctl)
{
	struct swap_procswaps *it = NULL;
	struct swap_procswaps_entry e = SWAP_PROCSWAPS_ENTRY_INIT;
	char **names = NULL;
	size_t n = 0, i, nok = 0, nerr = 0;
	int rc;

	/* An unreadable /proc/swaps skips pass 1, silently, as util-linux */
	rc = swap_procswaps_open(NULL, &it);
	while (rc >= 0 && (rc = swap_procswaps_next(it, &e)) > 0) {
		names = cli_xrealloc(names, (n + 1) * sizeof(*names));
		names[n++] = cli_xstrdup(e.name);
	}
	cli_warn_skipped(it, NULL);
	swap_procswaps_close(it);
	while (rc < 0 && n > 0)
		free(names[--n]);
	/* Backwards: the areas enabled last (lowest priority) go first. */
	for (i = n; i-- > 0;) {
		if (do_swapoff(ctl, names[i], 1, 1) == SWAPOFF_EX_OK)
			nok++;
		else
			nerr++;
		free(names[i]);
	}
	free(names);
	swapoff_fstab(ctl);
	if (nerr == 0)
		return SWAPOFF_EX_OK;
	return nok == 0 ? SWAPOFF_EX_ALLFAILED : SWAPOFF_EX_SOMEOK;
}

/* --check: resolve every spec to its /proc/swaps name, then estimate
 * for all of them together. */
static int check_specs(const struct swapoff_ctl *ctl)
{
	char **names = cli_xrealloc(NULL, (ctl->specs.n + 1) * sizeof(*names));
	size_t i, n = 0;
	int status = SWAPOFF_EX_OK;

	for (i = 0; i < ctl->specs.n; i++) {
		struct swap_procswaps_entry e = SWAP_PROCSWAPS_ENTRY_INIT;
		char *path = resolve(ctl->specs.spec[i]);

		if (!path) {
			cli_warnx("cannot find the device for %s", ctl->specs.spec[i]);
			status |= SWAPOFF_EX_NOTFOUND;
		} else if (!swapoff_find_active(path, &e)) {
			cli_warnx("%s: not an active swap area", path);
			status |= SWAPOFF_EX_FAILURE;
		} else {
			names[n++] = cli_xstrdup(e.name);
		}
		free(path);
	}
	if (n || ctl->all)
		status |= swapoff_check(names, n, ctl->all, ctl->json);
	while (n > 0)
		free(names[--n]);
	free(names);
	return status;
}

int main(int argc, char **argv)
{
	static const unsigned char order[] = { 'L', 'U', 0 };
	struct swapoff_ctl ctl = { 0 };
	int c, pass, status = SWAPOFF_EX_OK;
	size_t i;

	cli_init(argc, argv);
	cli_set_oom_status(SWAPOFF_EX_SYSERR);
	while ((c = getopt_long(argc, argv, "ahvVL:U:", swapoff_longopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			ctl.all = 1;
			break;
		case 'v':
			ctl.verbose++;
			break;
		case OPT_CHECK:
			ctl.check = 1;
			break;
		case OPT_JSON:
			ctl.json = 1;
			break;
		case OPT_FORCE:
			ctl.force = 1;
			break;
		case 'L':
			cli_specs_add(&ctl.specs, "LABEL", optarg);
			break;
		case 'U':
			cli_specs_add(&ctl.specs, "UUID", optarg);
			break;
		case 'h':
			usage();
		case 'V':
			cli_print_version();
		default:
			cli_try_help(SWAPOFF_EX_USAGE);
		}
	}
	for (i = optind; i < (size_t)argc; i++)
		cli_specs_add(&ctl.specs, NULL, argv[i]);
	if (!ctl.all && !ctl.specs.n)
		cli_bad_usage(SWAPOFF_EX_USAGE, "bad usage");
	ctl.progress = ctl.verbose && isatty(STDERR_FILENO);

	if (ctl.check) {
		status = check_specs(&ctl);
		goto out;
	}
	protect_from_oom();
	/* util-linux's order: every -L, every -U, the operands, then -a */
	for (pass = 0; pass < 3; pass++)
		for (i = 0; i < ctl.specs.n; i++)
			if (ctl.specs.tag[i] == order[pass])
				status |= swapoff_spec(&ctl, ctl.specs.spec[i], order[pass] != 0);
	if (ctl.all)
		status |= swapoff_all(&ctl);
out:
	cli_specs_free(&ctl.specs);
	return status;
}
