/*
 * swapon - enable devices and files for paging and swapping.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Every area is opened once; the checks (active, permissions, holes, the
 * header) and the swapon(2) call all act on that open file, the call going
 * through /proc/self/fd/N, so nothing can swap the path in between.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/swap.h>

#include <libsmartcols.h>

#include "cli.h"
#include "libswap.h"

#ifndef SWAP_FLAG_PREFER
# define SWAP_FLAG_PREFER	0x8000
#endif

/* util-linux exits 255 (its "-1") for every runtime failure; scripts and
 * systemd ("status=255/EXCEPTION") know that value. */
#define SWAPON_EX_FAILURE	255

/* One row per --show column: parsing, headers, JSON keys (the header in
 * lower case, which libsmartcols derives) and --help all come from here. */
enum { COL_NAME, COL_TYPE, COL_SIZE, COL_USED, COL_PRIO, COL_UUID, COL_LABEL, NCOLS };

static const struct swapon_column {
	const char *name;
	double whint;		/* width hint, as a fraction of the terminal */
	int flags;		/* SCOLS_FL_* */
	int json_type;		/* SCOLS_JSON_* */
	int is_default;		/* shown without --show=LIST */
	const char *help;
} swapon_columns[NCOLS] = {
	[COL_NAME]  = { "NAME",  0.20, 0,              SCOLS_JSON_STRING, 1, "path of the swap device or file" },
	[COL_TYPE]  = { "TYPE",  0.20, SCOLS_FL_TRUNC, SCOLS_JSON_STRING, 1, "partition or file, as the kernel says" },
	[COL_SIZE]  = { "SIZE",  0.20, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, 1, "usable size of the area" },
	[COL_USED]  = { "USED",  0.20, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, 1, "part of the area in use" },
	[COL_PRIO]  = { "PRIO",  0.20, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, 1, "priority of the area" },
	[COL_UUID]  = { "UUID",  0.20, 0,              SCOLS_JSON_STRING, 0, "UUID in the swap header" },
	[COL_LABEL] = { "LABEL", 0.20, 0,              SCOLS_JSON_STRING, 0, "label in the swap header" },
};

/* Long-only options. */
enum {
	OPT_SHOW = CHAR_MAX + 1,
	OPT_OUTPUT_ALL,
	OPT_NOHEADINGS,
	OPT_RAW,
	OPT_BYTES,
	OPT_JSON,
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
	{ "noheadings", no_argument,       NULL, OPT_NOHEADINGS },
	{ "raw",        no_argument,       NULL, OPT_RAW },
	{ "bytes",      no_argument,       NULL, OPT_BYTES },
	{ "json",       no_argument,       NULL, OPT_JSON },
	{ "verbose",    no_argument,       NULL, 'v' },
	{ "help",       no_argument,       NULL, 'h' },
	{ "version",    no_argument,       NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

/* Options that cannot be combined: the first of a group that is seen wins,
 * any other member of the group is an error (util-linux's groups). */
static const int swapon_exclusive[][5] = {
	{ 'a', 'o', 's', OPT_SHOW, 0 },
	{ 'a', 'o', OPT_BYTES, 0 },
	{ 'a', 'o', OPT_NOHEADINGS, 0 },
	{ 'a', 'o', OPT_RAW, 0 },
	{ 'a', 'o', OPT_JSON, 0 },
};
#define NEXCL (sizeof(swapon_exclusive) / sizeof(swapon_exclusive[0]))

struct swapon_ctl {
	int columns[2 * NCOLS];		/* --show columns, duplicates allowed */
	size_t ncolumns;
	struct swap_fstab_options opts;	/* -p, -d, -o: defaults for every area */
	const char **fstabs;		/* -T, in order; none: /etc/fstab */
	size_t nfstabs;
	char **specs;			/* -L, -U and operands, in order */
	unsigned char *spec_by_opt;	/* 1: came from -L or -U */
	size_t nspecs;
	int excl_seen[NEXCL];
	size_t pagesize;
	int verbose;
	unsigned int all:1, ifexists:1, fixpgsz:1, show:1, summary:1,
		     bytes:1, raw:1, noheadings:1, json:1, no_fdpath:1;
};

/* One area on its way to activation. */
struct swapon_area {
	const char *spec;		/* as the user or fstab wrote it */
	const char *path;		/* resolved path */
	struct swap_fstab_options opts;
	int from_fstab;
	int fd;
	struct swap_area_info info;
	unsigned findings;		/* SWAP_AREA_* */
};

static void __attribute__((noreturn)) usage(void)
{
	FILE *out = stdout;
	size_t i;

	fputs("\nUsage:\n", out);
	fprintf(out, " %s [options] [<spec>...]\n", cli_progname());
	fputs("\nEnable devices and files for paging and swapping.\n", out);
	fputs("\nOptions:\n", out);
	fputs(" -a, --all                enable the swap entries of /etc/fstab (or --fstab)\n", out);
	fputs(" -d, --discard[=<policy>] discard freed swap pages, if the device supports it\n", out);
	fputs(" -e, --ifexists           with --all: quietly skip areas that do not exist\n", out);
	fputs(" -f, --fixpgsz            rewrite a header made for another page size\n", out);
	fputs(" -o, --options <list>     fstab-style options: pri=N, discard[=policy], nofail\n", out);
	fputs(" -p, --priority <prio>    priority of the areas, -1 (kernel's choice) to 32767\n", out);
	fputs(" -s, --summary            print /proc/swaps in its own format (DEPRECATED)\n", out);
	fputs(" -T, --fstab <path>       read swap entries from this file or directory of\n"
	      "                            *.fstab files instead of /etc/fstab (repeatable)\n", out);
	fputs("     --show[=<columns>]   list the active areas as a table\n", out);
	fputs("     --output-all         list the active areas with every column\n", out);
	fputs("     --noheadings         leave out the table header (with --show)\n", out);
	fputs("     --raw                print the table in raw format (with --show)\n", out);
	fputs("     --bytes              print SIZE and USED in bytes (with --show)\n", out);
	fputs("     --json               print the table as JSON, sizes in bytes (with --show)\n", out);
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
	fputs(" <device>               a block device\n", out);
	fputs(" <file>                 a regular file\n", out);
	fputs("\nAvailable discard policy types (for --discard):\n", out);
	fputs(" once    : discard the whole area once, at swapon time\n", out);
	fputs(" pages   : discard freed pages before they are reused\n", out);
	fputs("Without a policy, the kernel does both.\n", out);
	fputs("\nAvailable output columns:\n", out);
	for (i = 0; i < NCOLS; i++)
		fprintf(out, " %-5s  %s\n", swapon_columns[i].name, swapon_columns[i].help);
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

/* Die when option @c belongs to a group one of whose other members was seen. */
static void check_exclusive(struct swapon_ctl *ctl, int c)
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
		if (ctl->excl_seen[g] && ctl->excl_seen[g] != c) {
			char buf[32];

			fflush(stdout);
			fprintf(stderr, "%s: mutually exclusive arguments:", cli_progname());
			for (i = 0; grp[i]; i++)
				fprintf(stderr, " %s", long_name(grp[i], buf, sizeof(buf)));
			fputc('\n', stderr);
			exit(CLI_EXIT_USAGE);
		}
		ctl->excl_seen[g] = c;
	}
}

static void add_spec(struct swapon_ctl *ctl, const char *tag, const char *value)
{
	char *s = cli_spec_join(tag, value);

	ctl->specs = cli_xrealloc(ctl->specs, (ctl->nspecs + 1) * sizeof(*ctl->specs));
	ctl->spec_by_opt = cli_xrealloc(ctl->spec_by_opt, ctl->nspecs + 1);
	ctl->spec_by_opt[ctl->nspecs] = tag != NULL;
	ctl->specs[ctl->nspecs++] = s;
}

static void parse_columns(struct swapon_ctl *ctl, const char *list)
{
	const char *p = list;

	ctl->ncolumns = 0;
	/* util-linux exits 1 for an empty list or an empty name ("NAME,") */
	if (!*p)
		cli_errx(CLI_EXIT_USAGE, "unknown column: %s", "");
	while (*p) {
		size_t len = strcspn(p, ",");
		int found = -1, i;

		for (i = 0; i < NCOLS; i++)
			if (strlen(swapon_columns[i].name) == len &&
			    strncasecmp(swapon_columns[i].name, p, len) == 0)
				found = i;
		if (found < 0)
			cli_errx(CLI_EXIT_USAGE, "unknown column: %.*s", (int)len, p);
		if (ctl->ncolumns >= sizeof(ctl->columns) / sizeof(ctl->columns[0]))
			cli_errx(CLI_EXIT_USAGE, "too many columns: %s", list);
		ctl->columns[ctl->ncolumns++] = found;
		p += len;
		if (*p == ',' && !*++p)
			cli_errx(CLI_EXIT_USAGE, "unknown column: %s", "");
	}
}

/* Fold one parsed option set into @dst: a priority replaces, discard and
 * nofail/noauto add up (an fstab entry starts from the command line's). */
static void merge_options(struct swap_fstab_options *dst,
			  const struct swap_fstab_options *src)
{
	if (src->flags & SWAP_FSTAB_PRIORITY) {
		dst->priority = src->priority;
		dst->flags |= SWAP_FSTAB_PRIORITY;
	}
	dst->flags |= src->flags & ~SWAP_FSTAB_PRIORITY;
}

/*
 * Parse a comma-separated option list item by item, so that one bad item
 * does not lose the others.  Returns the number of items rejected.
 */
static int parse_option_list(const char *list, struct swap_fstab_options *dst,
			     const char *where)
{
	char *copy = cli_xstrdup(list), *save = NULL, *item;
	int bad = 0;

	for (item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		struct swap_fstab_options one = { 0, -1 };

		if (swap_fstab_parse_options(item, &one) < 0) {
			cli_warnx("%s: invalid swap option '%s'", where, item);
			bad++;
			continue;
		}
		merge_options(dst, &one);
	}
	free(copy);
	return bad;
}

/* The swapon(2) flags for @o; a negative priority lets the kernel choose. */
static int swapon_flags(const struct swap_fstab_options *o)
{
	struct swap_fstab_options n = *o;

	if ((n.flags & SWAP_FSTAB_PRIORITY) && n.priority < 0)
		n.flags &= ~SWAP_FSTAB_PRIORITY;
	if (n.flags & (SWAP_FSTAB_DISCARD_ONCE | SWAP_FSTAB_DISCARD_PAGES))
		n.flags |= SWAP_FSTAB_DISCARD;
	/* Both policies together are what plain discard means to the kernel. */
	if ((n.flags & SWAP_FSTAB_DISCARD_ONCE) && (n.flags & SWAP_FSTAB_DISCARD_PAGES))
		n.flags &= ~(SWAP_FSTAB_DISCARD_ONCE | SWAP_FSTAB_DISCARD_PAGES);
	return swap_fstab_flags(&n);
}

static const char *fd_path(int fd, char *buf, size_t len)
{
	snprintf(buf, len, "/proc/self/fd/%d", fd);
	return buf;
}

/* A second descriptor, open for writing, on the very file @a->fd refers to. */
static int reopen_rw(const struct swapon_ctl *ctl, const struct swapon_area *a)
{
	char buf[64];
	struct stat st;
	int fd;

	if (!ctl->no_fdpath)
		return open(fd_path(a->fd, buf, sizeof(buf)), O_RDWR | O_CLOEXEC);
	fd = open(a->path, O_RDWR | O_CLOEXEC);
	if (fd >= 0 && (fstat(fd, &st) < 0 || st.st_dev != a->info.dev ||
			st.st_ino != a->info.ino)) {
		close(fd);
		errno = ESTALE;
		return -1;
	}
	return fd;
}

/* Rewrite a header made for another page size, keeping label and UUID. */
static int fix_pagesize(const struct swapon_ctl *ctl, const struct swapon_area *a,
			const struct swap_header *old)
{
	static struct swap_header h;	/* 64 KiB: keep it off the stack */
	uint64_t npages = a->info.size / ctl->pagesize;
	int fd, rc;

	cli_warnx("%s: swap format pagesize does not match.", a->path);
	cli_warnx("%s: reinitializing the swap.", a->path);
	rc = swap_header_init(&h, ctl->pagesize, npages, SWAP_ENDIAN_NATIVE);
	if (rc < 0 || npages < SWAP_HEADER_MIN_PAGES) {
		cli_warnx("%s: too small for a swap area of %zu-byte pages", a->path,
			  ctl->pagesize);
		return -1;
	}
	memcpy(h.uuid, old->uuid, sizeof(h.uuid));	/* even if byte 0 is 0 */
	memcpy(h.label, old->label, sizeof(h.label));
	fd = reopen_rw(ctl, a);
	if (fd < 0) {
		cli_warn(errno, "%s: cannot open for writing", a->path);
		return -1;
	}
	/* The boot bits (bytes 0..1023) are not the swap area's to clear. */
	rc = swap_area_write_header(fd, 0, &h, SWAP_AREA_KEEP_BOOTBITS);
	close(fd);
	if (rc < 0) {
		cli_warn(-rc, "%s: cannot write the swap header", a->path);
		return -1;
	}
	return 0;
}

static int rewrite_suspend(const struct swapon_ctl *ctl, const struct swapon_area *a,
			   const struct swap_header *h)
{
	int fd, rc;

	cli_warnx("%s: software suspend data detected. Rewriting the swap signature.",
		  a->path);
	fd = reopen_rw(ctl, a);
	if (fd < 0) {
		cli_warn(errno, "%s: cannot open for writing", a->path);
		return -1;
	}
	rc = swap_area_rewrite_signature(fd, h->pagesize);
	close(fd);
	if (rc < 0) {
		cli_warn(-rc, "%s: cannot rewrite the swap signature", a->path);
		return -1;
	}
	return 0;
}

/* Problems of a SWAPSPACE2 header that make the kernel refuse the area. */
#define FATAL_HEADER_BITS (SWAP_HEADER_BAD_VERSION | SWAP_HEADER_BAD_LASTPAGE_ZERO | \
			   SWAP_HEADER_BAD_LASTPAGE_SIZE | SWAP_HEADER_BAD_NRBADPAGES | \
			   SWAP_HEADER_BAD_BADPAGE | SWAP_HEADER_BAD_ENDIAN | \
			   SWAP_HEADER_BAD_TOOSMALL)

/*
 * Read and judge the header.  Returns 0 when the area may be activated,
 * 1 after a rewrite (check again), -1 to refuse.
 */
static int check_header(const struct swapon_ctl *ctl, const struct swapon_area *a)
{
	static struct swap_header h;	/* 64 KiB: keep it off the stack */
	unsigned bad, bit;
	int rc;

	rc = swap_area_read_header(a->fd, 0, &h);
	if (rc == -ENOENT) {
		cli_warnx("%s: read swap header failed: no swap signature found; "
			  "to use it for swap, run mkswap %s", a->path, a->path);
		return -1;
	}
	if (rc < 0) {
		cli_warn(-rc, "%s: read swap header failed", a->path);
		return -1;
	}
	if (ctl->verbose)
		cli_warnx("%s: found signature [pagesize=%u, signature=%s]", a->path,
			  h.pagesize, swap_signature_name(h.signature));

	switch (h.signature) {
	case SWAP_SIGNATURE_SWAPSPACE2:
		break;
	case SWAP_SIGNATURE_SWAPSPACE1:
		cli_warnx("%s: old swap format (v0) is not supported; run mkswap %s",
			  a->path, a->path);
		return -1;
	case SWAP_SIGNATURE_S1SUSPEND:
	case SWAP_SIGNATURE_S2SUSPEND:
	case SWAP_SIGNATURE_ULSUSPEND:
	case SWAP_SIGNATURE_LINHIB0001:
		return rewrite_suspend(ctl, a, &h) < 0 ? -1 : 1;
	default:
		cli_warnx("%s: read swap header failed: unknown signature", a->path);
		return -1;
	}

	bad = swap_header_check(&h, a->info.size, ctl->pagesize);
	if (ctl->verbose)
		cli_warnx("%s: pagesize=%u, swapsize=%llu, devsize=%llu", a->path, h.pagesize,
			  ((unsigned long long)h.last_page + 1) * h.pagesize,
			  (unsigned long long)a->info.size);
	if (bad & SWAP_HEADER_BAD_LABEL)
		cli_warnx("%s: %s", a->path, swap_header_explain(SWAP_HEADER_BAD_LABEL));
	if (bad & FATAL_HEADER_BITS) {
		for (bit = 1; bit; bit <<= 1)
			if (bad & bit & FATAL_HEADER_BITS)
				cli_warnx("%s: %s", a->path, swap_header_explain(bit));
		cli_warnx("%s: refusing to activate a damaged swap area; "
			  "run mkswap %s to recreate it", a->path, a->path);
		return -1;
	}
	if (bad & SWAP_HEADER_BAD_PAGESIZE) {
		if (!ctl->fixpgsz) {
			cli_warnx("%s: swap format pagesize does not match (area %u, system %zu). "
				  "(Use --fixpgsz to reinitialize it.)", a->path,
				  h.pagesize, ctl->pagesize);
			return -1;
		}
		return fix_pagesize(ctl, a, &h) < 0 ? -1 : 1;
	}
	return 0;
}

/* Wait a little for a racing swapon(2) of the same area to show in
 * /proc/swaps.  Returns 1 when the area is (now) active. */
static int becomes_active(const struct swapon_area *a, int tries)
{
	const struct timespec step = { 0, 20 * 1000 * 1000 };
	int rc;

	for (;;) {
		rc = swap_area_check(a->fd, &a->info, NULL);
		if (rc >= 0 && (rc & SWAP_AREA_ACTIVE))
			return 1;
		if (--tries <= 0)
			return 0;
		nanosleep(&step, NULL);
	}
}

static void explain_failure(const struct swapon_area *a, int err)
{
	cli_warn(err, "%s: swapon failed", a->spec);
	switch (err) {
	case EPERM:
		cli_warnx("%s: activating swap needs root (CAP_SYS_ADMIN)", a->spec);
		break;
	case EINVAL:
		if (a->findings & SWAP_AREA_BAD_EXTENTS)
			cli_warnx("%s: the file has holes, unwritten, shared or copy-on-write "
				  "extents; create it with dd (and chattr +C on btrfs), then run mkswap",
				  a->path);
		break;
	case EBUSY:
		cli_warnx("%s: the device is in use (mounted, or claimed by another program)",
			  a->spec);
		break;
	default:
		break;
	}
}

/* The checks and the swapon(2) call on the open area.  Returns 0 or -1. */
static int activate_open(const struct swapon_ctl *ctl, struct swapon_area *a)
{
	char buf[64];
	int rc, pass, flags;

	rc = swap_area_inspect(a->fd, &a->info);
	if (rc < 0) {
		if (rc == -ENODEV)
			cli_warnx("%s: neither a block device nor a regular file", a->path);
		else
			cli_warn(-rc, "stat of %s failed", a->path);
		return -1;
	}
	rc = swap_area_check(a->fd, &a->info, NULL);
	if (rc < 0) {
		cli_warn(-rc, "%s: cannot check the area", a->path);
		return -1;
	}
	a->findings = rc;
	if (a->findings & SWAP_AREA_ACTIVE) {
		if (a->from_fstab) {
			if (ctl->verbose)
				cli_warnx("%s: already active -- ignored", a->path);
			return 0;
		}
		cli_warnx("%s: already active as swap; nothing to do (see swapon --show)",
			  a->spec);
		return -1;
	}
	if (a->findings & SWAP_AREA_INSECURE_MODE) {
		mode_t want = swap_area_suggest_mode(&a->info);

		cli_warnx("%s: insecure permissions %04o, %04o suggested. Fix: chmod %04o %s",
			  a->path, (unsigned)(a->info.mode & 07777), (unsigned)want,
			  (unsigned)want, a->path);
	}
	if (a->findings & SWAP_AREA_INSECURE_OWNER)
		cli_warnx("%s: insecure file owner %u, 0 (root) suggested. Fix: chown 0:0 %s",
			  a->path, (unsigned)a->info.uid, a->path);
	if (a->findings & SWAP_AREA_HOLES) {
		cli_warnx("%s: skipping - it appears to have holes. Create swap files with "
			  "dd or fallocate, not truncate, then run mkswap", a->path);
		return -1;
	}
	if ((a->findings & SWAP_AREA_BAD_EXTENTS) && ctl->verbose)
		cli_warnx("%s: extent map shows holes, unwritten or shared extents; "
			  "the kernel may refuse it", a->path);

	/* A rewrite (suspend signature, page size) is followed by a new look. */
	for (pass = 0; pass < 3; pass++) {
		rc = check_header(ctl, a);
		if (rc <= 0)
			break;
	}
	if (rc != 0)
		return -1;

	flags = swapon_flags(&a->opts);
	if (ctl->verbose) {
		/* as util-linux: only for an area that gets to swapon(2) */
		printf("swapon %s\n", a->path);
		fflush(stdout);
		cli_warnx("%s: swapon(2) flags 0x%x", a->path, (unsigned)flags);
	}
	if (swapon(ctl->no_fdpath ? a->path : fd_path(a->fd, buf, sizeof(buf)), flags) == 0)
		return 0;

	rc = errno;
	/* A peer (another swapon -a at boot) may have won the race for this
	 * area; under --all its success is ours. */
	if (rc == EBUSY && becomes_active(a, a->from_fstab ? 250 : 1)) {
		if (a->from_fstab) {
			if (ctl->verbose)
				cli_warnx("%s: already active -- ignored", a->path);
			return 0;
		}
		cli_warnx("%s: already active as swap; nothing to do (see swapon --show)",
			  a->spec);
		return -1;
	}
	explain_failure(a, rc);
	return -1;
}

/* Activate @path (resolved from @spec).  Returns 0 or -1. */
static int activate(const struct swapon_ctl *ctl, const char *spec, const char *path,
		    const struct swap_fstab_options *opts, int from_fstab)
{
	struct swapon_area a = {
		.spec = spec, .path = path, .opts = *opts, .from_fstab = from_fstab,
	};
	int rc;

	a.fd = open(path, O_RDONLY | O_CLOEXEC);
	if (a.fd < 0) {
		if (opts->flags & SWAP_FSTAB_NOFAIL) {
			if (ctl->verbose)
				cli_warnx("%s: inaccessible -- ignored", path);
			return 0;
		}
		cli_warn(errno, "cannot open %s", path);
		return -1;
	}
	rc = activate_open(ctl, &a);
	close(a.fd);
	return rc;
}

/* A spec from the command line or fstab: resolve it, then activate. */
static int activate_spec(const struct swapon_ctl *ctl, const char *spec,
			 const struct swap_fstab_options *opts, int from_fstab,
			 int by_opt)
{
	const char *value;
	char *path = NULL;
	int kind, rc;

	kind = swap_fstab_parse_spec(spec, &value);
	if (kind < 0) {
		cli_warnx("cannot find the device for %s", spec);
		return -1;
	}
	if (kind == SWAP_SPEC_PATH) {
		/* messages name the canonical path, as util-linux's do */
		path = realpath(spec, NULL);
		if (!path)
			path = cli_xstrdup(spec);
	} else
		path = cli_resolve_spec(spec);
	if (!path) {
		if (opts->flags & SWAP_FSTAB_NOFAIL)
			return 0;
		/* util-linux names -L/-U values bare, LABEL=/UUID= specs whole */
		cli_warnx("cannot find the device for %s", by_opt ? value : spec);
		return -1;
	}
	rc = activate(ctl, spec, path, opts, from_fstab);
	free(path);
	return rc;
}

static int swapon_fstab_file(const struct swapon_ctl *ctl, const char *file)
{
	const char *name = file ? file : "/etc/fstab";
	struct swap_fstab *it;
	struct swap_fstab_entry e;
	int rc, status = 0;

	rc = swap_fstab_open(file, &it);
	if (rc < 0)
		cli_err(CLI_EXIT_USAGE, -rc, "failed to parse %s", name);
	while ((rc = swap_fstab_next(it, &e)) != 0) {
		struct swap_fstab_options o = ctl->opts;

		if (rc == -EINVAL) {
			/* A typo such as pri=high or discard=onse: the entry is
			 * skipped (the other entries still count). */
			cli_warnx("%s: parse error at line %u -- ignored", name, e.line);
			status = -1;
			continue;
		}
		if (rc < 0) {
			cli_warn(-rc, "failed to parse %s", name);
			status = -1;
			break;
		}
		if (ctl->ifexists)
			o.flags |= SWAP_FSTAB_NOFAIL;
		merge_options(&o, &e.opts);
		if (o.flags & SWAP_FSTAB_NOAUTO) {
			if (ctl->verbose)
				cli_warnx("%s: noauto option -- ignored", e.spec);
			continue;
		}
		status |= activate_spec(ctl, e.spec, &o, 1, 0);
	}
	swap_fstab_close(it);
	return status;
}

static int fstab_d_filter(const struct dirent *d)
{
	size_t len = strlen(d->d_name);

	return d->d_name[0] != '.' && len > 6 && strcmp(d->d_name + len - 6, ".fstab") == 0;
}

/* -T DIR reads DIR's *.fstab files in version order. */
static int swapon_fstab(const struct swapon_ctl *ctl, const char *file)
{
	struct dirent **names;
	struct stat st;
	int n, i, status = 0;

	if (!file || stat(file, &st) < 0 || !S_ISDIR(st.st_mode))
		return swapon_fstab_file(ctl, file);
	n = scandir(file, &names, fstab_d_filter, versionsort);
	if (n < 0)
		cli_err(CLI_EXIT_USAGE, errno, "failed to parse %s", file);
	for (i = 0; i < n; i++) {
		char path[PATH_MAX];

		snprintf(path, sizeof(path), "%s/%s", file, names[i]->d_name);
		status |= swapon_fstab_file(ctl, path);
		free(names[i]);
	}
	free(names);
	return status;
}

static int swapon_all(const struct swapon_ctl *ctl)
{
	int status = 0;
	size_t i;

	if (!ctl->nfstabs)
		return swapon_fstab(ctl, cli_fstab_path());
	for (i = 0; i < ctl->nfstabs; i++)
		status |= swapon_fstab(ctl, ctl->fstabs[i]);
	return status;
}

/* swapon -s: the kernel's /proc/swaps layout, names unescaped. */
static int show_summary(void)
{
	struct swap_procswaps *it;
	struct swap_procswaps_entry e;
	int rc, first = 1;

	rc = swap_procswaps_open(NULL, &it);
	if (rc < 0) {
		cli_warn(-rc, "cannot open /proc/swaps");
		return SWAPON_EX_FAILURE;
	}
	while ((rc = swap_procswaps_next(it, &e)) != 0) {
		size_t nlen = strlen(e.name);

		if (rc == -EINVAL)
			continue;
		if (rc < 0)
			break;
		if (first)
			fputs("Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n", stdout);
		first = 0;
		printf("%s%*s%s%s\t%ju%s\t%ju%s\t%d\n", e.name,
		       nlen < 40 ? (int)(40 - nlen) : 1, " ",
		       e.type, strlen(e.type) < 8 ? "\t" : "",
		       (uintmax_t)e.size_kib, e.size_kib < 10000000 ? "\t" : "",
		       (uintmax_t)e.used_kib, e.used_kib < 10000000 ? "\t" : "",
		       e.priority);
	}
	swap_procswaps_close(it);
	if (rc < 0) {
		cli_warn(-rc, "cannot read /proc/swaps");
		return SWAPON_EX_FAILURE;
	}
	return EXIT_SUCCESS;
}

static int wants_header(const struct swapon_ctl *ctl)
{
	size_t i;

	for (i = 0; i < ctl->ncolumns; i++)
		if (ctl->columns[i] == COL_UUID || ctl->columns[i] == COL_LABEL)
			return 1;
	return 0;
}

static void add_line(const struct swapon_ctl *ctl, struct libscols_table *tb,
		     const struct swap_procswaps_entry *e)
{
	static struct swap_header h;	/* 64 KiB: keep it off the stack */
	struct libscols_line *ln = scols_table_new_line(tb, NULL);
	int have_hdr = 0;
	size_t i;

	if (!ln)
		cli_err(SWAPON_EX_FAILURE, ENOMEM, "failed to allocate output line");
	if (wants_header(ctl)) {
		int fd = open(e->name, O_RDONLY | O_CLOEXEC);

		if (fd >= 0) {
			have_hdr = swap_area_read_header(fd, 0, &h) == 0 &&
				   h.signature == SWAP_SIGNATURE_SWAPSPACE2;
			close(fd);
		}
	}
	for (i = 0; i < ctl->ncolumns; i++) {
		char buf[64];
		const char *data = NULL;
		uint64_t bytes;

		switch (ctl->columns[i]) {
		case COL_NAME:
			data = e->name;
			break;
		case COL_TYPE:
			data = e->type;
			break;
		case COL_SIZE:
		case COL_USED:
			bytes = (ctl->columns[i] == COL_SIZE ? e->size_kib : e->used_kib) * 1024;
			if (ctl->bytes || ctl->json)
				snprintf(buf, sizeof(buf), "%ju", (uintmax_t)bytes);
			else if (swap_size_format(bytes, SWAP_SIZE_UL, buf, sizeof(buf)) < 0)
				snprintf(buf, sizeof(buf), "%ju", (uintmax_t)bytes);
			data = buf;
			break;
		case COL_PRIO:
			snprintf(buf, sizeof(buf), "%d", e->priority);
			data = buf;
			break;
		case COL_UUID:
			if (have_hdr && !swap_uuid_is_null(h.uuid)) {
				swap_uuid_format(h.uuid, buf);
				data = buf;
			}
			break;
		case COL_LABEL:
			if (have_hdr && h.label[0])
				data = h.label;
			break;
		default:
			break;
		}
		if (data && scols_line_set_data(ln, i, data) < 0)
			cli_err(SWAPON_EX_FAILURE, ENOMEM, "failed to add output data");
	}
}

static int show_table(struct swapon_ctl *ctl)
{
	struct libscols_table *tb;
	struct swap_procswaps *it;
	struct swap_procswaps_entry e;
	size_t i;
	int rc;

	if (!ctl->ncolumns)
		for (i = 0; i < NCOLS; i++)
			if (swapon_columns[i].is_default)
				ctl->columns[ctl->ncolumns++] = i;
	rc = swap_procswaps_open(NULL, &it);
	if (rc < 0) {
		cli_warn(-rc, "cannot open /proc/swaps");
		return SWAPON_EX_FAILURE;
	}
	scols_init_debug(0);
	tb = scols_new_table();
	if (!tb)
		cli_err(SWAPON_EX_FAILURE, ENOMEM, "failed to allocate output table");
	scols_table_enable_raw(tb, ctl->raw);
	scols_table_enable_noheadings(tb, ctl->noheadings);
	if (ctl->json) {
		scols_table_enable_json(tb, 1);
		scols_table_set_name(tb, "swapdevices");
	}
	for (i = 0; i < ctl->ncolumns; i++) {
		const struct swapon_column *col = &swapon_columns[ctl->columns[i]];
		struct libscols_column *cl;

		cl = scols_table_new_column(tb, col->name, col->whint, col->flags);
		if (!cl)
			cli_err(SWAPON_EX_FAILURE, ENOMEM, "failed to allocate output column");
		if (ctl->json)
			scols_column_set_json_type(cl, col->json_type);
	}
	while ((rc = swap_procswaps_next(it, &e)) != 0) {
		if (rc == -EINVAL)
			continue;
		if (rc < 0)
			break;
		add_line(ctl, tb, &e);
	}
	swap_procswaps_close(it);
	if (rc < 0) {
		cli_warn(-rc, "cannot read /proc/swaps");
		scols_unref_table(tb);
		return SWAPON_EX_FAILURE;
	}
	scols_print_table(tb);
	scols_unref_table(tb);
	return EXIT_SUCCESS;
}

int main(int argc, char **argv)
{
	struct swapon_ctl ctl = { .opts = { 0, -1 } };
	const char *optlist = NULL;
	int c, status = 0;
	long pg;
	size_t i;

	cli_init(argc, argv);
	cli_set_oom_status(SWAPON_EX_FAILURE);
	while ((c = getopt_long(argc, argv, "ad::efho:p:svT:L:U:V",
				swapon_longopts, NULL)) != -1) {
		check_exclusive(&ctl, c);
		switch (c) {
		case 'a':
			ctl.all = 1;
			break;
		case 'd':
			ctl.opts.flags |= SWAP_FSTAB_DISCARD;
			if (optarg) {
				const char *pol = *optarg == '=' ? optarg + 1 : optarg;

				if (strcmp(pol, "once") == 0)
					ctl.opts.flags |= SWAP_FSTAB_DISCARD_ONCE;
				else if (strcmp(pol, "pages") == 0)
					ctl.opts.flags |= SWAP_FSTAB_DISCARD_PAGES;
				else
					cli_errx(CLI_EXIT_USAGE, "unsupported discard policy: %s", pol);
			}
			break;
		case 'e':
			ctl.ifexists = 1;
			break;
		case 'f':
			ctl.fixpgsz = 1;
			break;
		case 'o':
			optlist = optarg;
			break;
		case 'p':
			ctl.opts.priority = (int)cli_strtoll_or_die(optarg, -1, 32767,
						"failed to parse priority", CLI_EXIT_USAGE);
			ctl.opts.flags |= SWAP_FSTAB_PRIORITY;
			break;
		case 's':
			ctl.summary = 1;
			break;
		case 'T':
			ctl.fstabs = cli_xrealloc(ctl.fstabs, (ctl.nfstabs + 1) * sizeof(*ctl.fstabs));
			ctl.fstabs[ctl.nfstabs++] = optarg;
			break;
		case 'L':
			add_spec(&ctl, "LABEL", optarg);
			break;
		case 'U':
			add_spec(&ctl, "UUID", optarg);
			break;
		case 'v':
			ctl.verbose++;
			break;
		case OPT_SHOW:
			if (optarg)
				parse_columns(&ctl, optarg);
			ctl.show = 1;
			break;
		case OPT_OUTPUT_ALL:
			ctl.ncolumns = 0;
			for (i = 0; i < NCOLS; i++)
				ctl.columns[ctl.ncolumns++] = i;
			ctl.show = 1;
			break;
		case OPT_NOHEADINGS:
			ctl.noheadings = 1;
			break;
		case OPT_RAW:
			ctl.raw = 1;
			break;
		case OPT_BYTES:
			ctl.bytes = 1;
			break;
		case OPT_JSON:
			ctl.json = 1;
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
		add_spec(&ctl, NULL, argv[i]);

	pg = sysconf(_SC_PAGESIZE);
	ctl.pagesize = pg > 0 ? (size_t)pg : 4096;
	/* Without /proc (a rescue shell), fall back to activating by path. */
	ctl.no_fdpath = access("/proc/self/fd", X_OK) != 0;

	if (ctl.summary)
		return show_summary();
	if (ctl.show || (!ctl.all && ctl.nspecs == 0))
		return show_table(&ctl);
	if (ctl.ifexists && !ctl.all)
		cli_bad_usage(CLI_EXIT_USAGE, "bad usage");
	if (optlist && parse_option_list(optlist, &ctl.opts, "--options"))
		exit(CLI_EXIT_USAGE);

	if (ctl.all)
		status |= swapon_all(&ctl);
	for (i = 0; i < ctl.nspecs; i++) {
		status |= activate_spec(&ctl, ctl.specs[i], &ctl.opts, 0,
					ctl.spec_by_opt[i]);
		free(ctl.specs[i]);
	}
	free(ctl.specs);
	free(ctl.spec_by_opt);
	free(ctl.fstabs);
	return status ? SWAPON_EX_FAILURE : EXIT_SUCCESS;
}
