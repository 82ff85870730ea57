/*
 * mkswap - set up a Linux swap area on a device or in a file.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The tool only parses the command line, refuses unsafe targets and calls
 * libswap for everything about the on-disk format.  libblkid finds partition
 * tables and wipes old signatures (target.c); libuuid makes the UUID.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <uuid.h>

#include "cli.h"
#include "libswap.h"
#include "mkswap.h"

enum {
	OPT_VERBOSE = CHAR_MAX + 1,
	OPT_LOCK,
};

static const struct option longopts[] = {
	{ "check",       no_argument,       NULL, 'c' },
	{ "force",       no_argument,       NULL, 'f' },
	{ "quiet",       no_argument,       NULL, 'q' },
	{ "pagesize",    required_argument, NULL, 'p' },
	{ "label",       required_argument, NULL, 'L' },
	{ "swapversion", required_argument, NULL, 'v' },
	{ "uuid",        required_argument, NULL, 'U' },
	{ "endianness",  required_argument, NULL, 'e' },
	{ "offset",      required_argument, NULL, 'o' },
	{ "size",        required_argument, NULL, 's' },
	{ "file",        no_argument,       NULL, 'F' },
	{ "verbose",     no_argument,       NULL, OPT_VERBOSE },
	{ "lock",        optional_argument, NULL, OPT_LOCK },
	{ "version",     no_argument,       NULL, 'V' },
	{ "help",        no_argument,       NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

static void __attribute__((noreturn)) usage(void)
{
	FILE *out = stdout;

	fputs("Usage:\n", out);
	fprintf(out, " %s [options] device [size]\n", cli_progname());
	fprintf(out, " %s [options] --file --size SIZE file\n", cli_progname());
	fputs("\nSet up a Linux swap area on a device or in a file.\n", out);
	fputs("\nOptions:\n", out);
	fputs(" -c, --check               read the area first and list unreadable pages\n", out);
	fputs(" -f, --force               allow a size beyond the end of the device, and\n"
	      "                             a device that carries a partition table\n", out);
	fputs(" -q, --quiet               print neither the result nor warnings\n", out);
	fputs(" -p, --pagesize SIZE       page size to format for (power of two, bytes)\n", out);
	fputs(" -L, --label LABEL         label of the area (15 bytes at most)\n", out);
	fputs(" -v, --swapversion NUM     swap format version (only 1 exists)\n", out);
	fputs(" -U, --uuid UUID           UUID of the area, or clear, random or time\n", out);
	fputs(" -e, --endianness=ORDER    byte order: native, little or big\n", out);
	fputs(" -o, --offset OFFSET       start the area OFFSET bytes into the device\n", out);
	fputs(" -s, --size SIZE           size of the swap file (only with --file)\n", out);
	fputs(" -F, --file                create or resize a swap file, allocated and 0600\n", out);
	fputs("     --verbose             explain warnings in more detail\n", out);
	fputs("     --lock[=MODE]         take an exclusive lock (yes, no or nonblock);\n"
	      "                             a regular file is locked without it too\n", out);
	fputs("\n -h, --help                display this help\n", out);
	fputs(" -V, --version             display version\n", out);
	fputs("\nFor more details see mkswap(8).\n", out);
	exit(EXIT_SUCCESS);
}

/* A whole unsigned decimal number, with util-linux's wording on failure. */
static uint64_t parse_u64_or_die(const char *text, const char *what)
{
	char *end = NULL;
	unsigned long long v = 0;

	errno = 0;
	if (*text == '-' || *text == '\0')
		errno = EINVAL;
	else
		v = strtoull(text, &end, 10);
	if (errno == ERANGE)
		cli_err(EXIT_FAILURE, errno, "%s: '%s'", what, text);
	if (errno || end == text || *end)
		cli_errx(EXIT_FAILURE, "%s: '%s'", what, text);
	return v;
}

static int parse_lockmode(const char *mode)
{
	if (!strcasecmp(mode, "no") || !strcmp(mode, "0"))
		return 0;
	if (!strcasecmp(mode, "yes") || !strcmp(mode, "1"))
		return LOCK_EX;
	if (!strcasecmp(mode, "nonblock"))
		return LOCK_EX | LOCK_NB;
	cli_errx(EXIT_FAILURE, "unsupported lock mode: %s", mode);
}

static void parse_uuid(struct mkswap_ctl *ctl, const char *arg)
{
	if (!arg)
		uuid_generate(ctl->uuid);
	else if (cli_uuid_parse(arg, ctl->uuid) < 0)
		cli_errx(EXIT_FAILURE, "error: parsing UUID failed");
}

/*
 * The positional size: digits alone are the historical count of 1 KiB
 * blocks; with a unit suffix ("256M") it is a size in bytes.
 */
static void parse_size_arg(struct mkswap_ctl *ctl)
{
	const char *p = ctl->size_arg;

	if (ctl->has_size)
		cli_bad_usage(EXIT_FAILURE, "the size is given twice (--size and %s)", p);
	ctl->has_size = 1;
	p += strspn(p, "0123456789");
	if (*p == '\0') {
		uint64_t blocks = parse_u64_or_die(ctl->size_arg, "invalid block count argument");
		uint64_t pages = blocks / (ctl->pagesize / 1024);

		/* whole pages, as util-linux rounds the block count; a huge
		 * count is clamped to 2^32-1 pages later, as util-linux does */
		if (pages > UINT64_MAX / ctl->pagesize)
			pages = UINT64_MAX / ctl->pagesize;
		ctl->size = pages * ctl->pagesize;
		if (blocks && !ctl->size)
			ctl->size = 1;	/* below one page: refused as too small */
	} else if (swap_size_parse(ctl->size_arg, &ctl->size) < 0)
		cli_errx(EXIT_FAILURE, "invalid block count argument: '%s'", ctl->size_arg);
}

/*
 * Refuse an area in use: active as swap, or mounted, active or held through
 * a block device (the device itself, a partition of it, or a loop device
 * over the file).  When that cannot be known, refuse too: fail closed.
 */
static void refuse_in_use(const struct mkswap_ctl *ctl)
{
	struct swap_mounts_user u = { .size = sizeof(u) };
	int rc = swap_area_find_active(&ctl->info, NULL, NULL);

	if (rc < 0)
		cli_err(EXIT_FAILURE, -rc, "error: %s: cannot read /proc/swaps to tell "
			"whether it is an active swap area", ctl->devname);
	if (rc > 0)
		cli_errx(EXIT_FAILURE, "error: %s is an active swap area (listed in /proc/swaps); "
			 "will not make swapspace", ctl->devname);
	rc = swap_mounts_find_user(&ctl->info, NULL, NULL, NULL, &u);
	if (rc < 0)
		cli_err(EXIT_FAILURE, -rc, "error: %s: cannot tell whether it is mounted",
			ctl->devname);
	if (rc == 0)
		return;
	if (u.kind == SWAP_MOUNTS_MOUNTED && ctl->info.is_blockdev && u.devno == ctl->info.rdev)
		cli_errx(EXIT_FAILURE, "error: %s is mounted on %s; will not make swapspace",
			 ctl->devname, u.what);
	if (u.kind == SWAP_MOUNTS_MOUNTED)
		cli_errx(EXIT_FAILURE, "error: %s is mounted (%s on %s); will not make swapspace",
			 ctl->devname, u.name, u.what);
	if (u.kind == SWAP_MOUNTS_SWAP)
		cli_errx(EXIT_FAILURE, "error: %s is in use (%s is an active swap area); "
			 "will not make swapspace", ctl->devname, u.name);
	cli_errx(EXIT_FAILURE, "error: %s is in use (%s is held by %s); will not make swapspace",
		 ctl->devname, u.name, u.what);
}

/*
 * The flock() of --lock (or LOCK_BLOCK_DEVICE), with util-linux's messages.
 * With no lock mode given at all, a regular file is locked as with --lock:
 * two runs on one file must not mix their headers.
 */
static void lock_target(const struct mkswap_ctl *ctl)
{
	int waiting = 0, op = ctl->lockop;

	if (op < 0)
		op = ctl->info.is_regular ? LOCK_EX : 0;
	if (!op)
		return;
	if (!(op & LOCK_NB)) {
		if (flock(ctl->fd, LOCK_EX | LOCK_NB) == 0)
			return;
		if (errno == EWOULDBLOCK) {
			fprintf(stderr, "%s: %s: device already locked, waiting to get lock ... ",
				cli_progname(), ctl->devname);
			waiting = 1;
		}
	}
	if (flock(ctl->fd, op) != 0) {
		if (errno == EWOULDBLOCK)
			cli_errx(EXIT_FAILURE, "%s: device already locked", ctl->devname);
		cli_err(EXIT_FAILURE, errno, "%s: failed to get lock", ctl->devname);
	}
	if (waiting)
		fputs("OK\n", stderr);
}

/*
 * Open the target read-only (never blocking: a FIFO is refused, not
 * waited on), refuse it when it is in use, then reopen it read-write
 * through /proc/self/fd so both descriptors are one inode.
 */
static void open_target(struct mkswap_ctl *ctl)
{
	int rfd, rc;

	rfd = swap_area_open(ctl->devname, O_RDONLY, 0);
	if (ctl->file && (rfd == -ENODEV || rfd == -EISDIR))
		cli_errx(EXIT_FAILURE, "cannot create swap file %s: node isn't regular file",
			 ctl->devname);
	if (rfd == -ENODEV)
		cli_errx(EXIT_FAILURE, "error: %s is neither a block device nor a regular file",
			 ctl->devname);
	if (rfd < 0)
		cli_err(EXIT_FAILURE, -rfd, "cannot open %s", ctl->devname);
	rc = swap_area_inspect(rfd, &ctl->info);
	if (rc < 0)
		cli_err(EXIT_FAILURE, -rc, "stat of %s failed", ctl->devname);
	refuse_in_use(ctl);

	/* O_EXCL on a block device fails while anything else claims it. */
	ctl->fd = cli_reopen_rw(rfd, ctl->devname, &ctl->info,
				ctl->info.is_blockdev ? O_EXCL : 0);
	if (ctl->fd == -EBUSY && ctl->info.is_blockdev)
		cli_errx(EXIT_FAILURE, "cannot open %s: %s (opened exclusively by another program)",
			 ctl->devname, strerror(EBUSY));
	if (ctl->fd == -ESTALE)
		cli_errx(EXIT_FAILURE, "error: %s changed while it was opened", ctl->devname);
	if (ctl->fd < 0)
		cli_err(EXIT_FAILURE, -ctl->fd, "cannot open %s", ctl->devname);
	close(rfd);
}

/* How many pages the area gets; refuses sizes that do not fit. */
static void compute_pages(struct mkswap_ctl *ctl)
{
	uint64_t devsize = ctl->file && ctl->has_size ? ctl->size : ctl->info.bytes;
	uint64_t avail, want;
	int rc;

	if (ctl->offset && ctl->offset >= devsize)
		cli_errx(EXIT_FAILURE, "offset larger than file size");
	avail = (devsize - ctl->offset) / ctl->pagesize;
	ctl->npages = avail;
	if (ctl->has_size && !ctl->file && ctl->size) {
		want = ctl->size / ctl->pagesize;
		if (want > avail && !ctl->force)
			cli_errx(EXIT_FAILURE, "error: size %llu KiB is larger than device size %llu KiB",
				 (unsigned long long)(want * (ctl->pagesize / 1024)),
				 (unsigned long long)(avail * (ctl->pagesize / 1024)));
		ctl->npages = want;
	}
	rc = swap_header_fit_pages(&ctl->npages);
	if (rc < 0)
		cli_errx(EXIT_FAILURE, "error: swap area needs to be at least %llu KiB",
			 (unsigned long long)(SWAP_HEADER_MIN_PAGES * ctl->pagesize / 1024));
	if (rc == 1 && !ctl->quiet)
		cli_warnx("warning: truncating swap area to %llu KiB",
			  (unsigned long long)(ctl->npages * ctl->pagesize / 1024));
}

static int show_progress(uint64_t done, uint64_t total, void *data)
{
	int *last = data;
	int pct = total ? (int)(done * 100 / total) : 100;

	if (pct != *last) {
		fprintf(stderr, "\rchecking for bad pages: %3d%%", pct);
		*last = pct;
	}
	return 0;
}

/* -c: read the whole area; the bad pages go into the header. */
static void check_pages(struct mkswap_ctl *ctl)
{
	int last = -1, tty = isatty(STDERR_FILENO);
	long rc;

	/* util-linux fails too: it cannot seek past the end of a device */
	if (ctl->info.is_blockdev &&
	    ctl->npages > (ctl->info.bytes - ctl->offset) / ctl->pagesize)
		cli_errx(EXIT_FAILURE, "error: %s: cannot check pages past the end of the device "
			 "(size %llu KiB, device %llu KiB); give a smaller size or leave out -c",
			 ctl->devname,
			 (unsigned long long)(ctl->npages * (ctl->pagesize / 1024)),
			 (unsigned long long)((ctl->info.bytes - ctl->offset) / 1024));
	rc = swap_badpages_scan(ctl->fd, ctl->offset, ctl->hdr, ctl->npages,
				tty ? show_progress : NULL, &last);
	if (tty && last >= 0)
		fputs("\r                              \r", stderr);
	if (rc == -E2BIG)
		cli_errx(EXIT_FAILURE, "too many bad pages: %d",
			 swap_header_capacity(ctl->pagesize));
	if (rc < 0)
		cli_err(EXIT_FAILURE, (int)-rc, "%s: bad page check failed", ctl->devname);
	printf(rc == 1 ? "%ld bad page\n" : "%ld bad pages\n", rc);
	if (ctl->npages - SWAP_HEADER_MIN_PAGES < (uint64_t)rc)
		cli_errx(EXIT_FAILURE, "Unable to set up swap-space: unreadable");
}

/* The result, as util-linux prints it; the label goes into the header here. */
static void report(const struct mkswap_ctl *ctl)
{
	uint64_t bytes = (ctl->npages - ctl->hdr->nr_badpages - 1) * ctl->pagesize;
	int truncated = 0;

	memcpy(ctl->hdr->uuid, ctl->uuid, sizeof(ctl->uuid));
	if (ctl->label)
		truncated = swap_header_set_label(ctl->hdr, ctl->label) == 1;
	if (!ctl->quiet)
		cli_print_setup(bytes, ctl->label ? ctl->hdr->label : NULL, ctl->uuid,
				truncated);
}

/* What -V lists, in util-linux's names. */
static const char *const features[] = {
	"extends-check", "nocow", "fallocate", "blkid-check", "uuid", "selinux", NULL
};

/* The command line, into @ctl: options, then the device and size. */
static void parse_options(struct mkswap_ctl *ctl, int argc, char **argv)
{
	const char *uuid_arg = NULL, *lockmode = getenv("LOCK_BLOCK_DEVICE");
	uint64_t user_pagesize = 0, version;
	size_t sys_pagesize = (size_t)sysconf(_SC_PAGESIZE);
	int c;

	while ((c = getopt_long(argc, argv, "cfqp:L:v:U:e:o:s:FVh", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			ctl->check = 1;
			break;
		case 'f':
			ctl->force = 1;
			break;
		case 'q':
			ctl->quiet = 1;
			break;
		case 'p':
			user_pagesize = parse_u64_or_die(optarg, "parsing page size failed");
			break;
		case 'L':
			ctl->label = optarg;
			break;
		case 'v':
			version = parse_u64_or_die(optarg, "parsing version number failed");
			if (version != 1)
				cli_errx(EXIT_FAILURE, "swapspace version %llu is not supported",
					 (unsigned long long)version);
			break;
		case 'U':
			uuid_arg = optarg;
			break;
		case 'e':
			if (!strcmp(optarg, "native"))
				ctl->endian = SWAP_ENDIAN_NATIVE;
			else if (!strcmp(optarg, "little"))
				ctl->endian = SWAP_ENDIAN_LITTLE;
			else if (!strcmp(optarg, "big"))
				ctl->endian = SWAP_ENDIAN_BIG;
			else
				cli_errx(EXIT_FAILURE, "invalid endianness %s is not supported", optarg);
			break;
		case 'o':
			ctl->offset = parse_u64_or_die(optarg, "invalid offset");
			break;
		case 's':
			if (swap_size_parse(optarg, &ctl->size) < 0)
				cli_errx(EXIT_FAILURE, "invalid size: '%s'", optarg);
			ctl->has_size = 1;
			break;
		case 'F':
			ctl->file = 1;
			break;
		case OPT_VERBOSE:
			ctl->verbose = 1;
			break;
		case OPT_LOCK:
			lockmode = "yes";
			if (optarg)
				lockmode = optarg[0] == '=' ? optarg + 1 : optarg;
			break;
		case 'V':
			cli_print_version_ul(features);
		case 'h':
			usage();
		default:
			cli_try_help(EXIT_FAILURE);
		}
	}
	if (ctl->check && ctl->quiet)
		cli_errx(EXIT_FAILURE, "mutually exclusive arguments: --check --quiet");
	ctl->lockop = lockmode ? parse_lockmode(lockmode) : -1;
	if (optind < argc)
		ctl->devname = argv[optind++];
	if (optind < argc)
		ctl->size_arg = argv[optind++];
	if (optind < argc)
		cli_bad_usage(EXIT_FAILURE, "only one device argument is currently supported");

	parse_uuid(ctl, uuid_arg);
	ctl->pagesize = sys_pagesize;
	if (user_pagesize) {
		if (user_pagesize > SWAP_HEADER_PAGESIZE_LIMIT ||
		    swap_header_capacity((size_t)user_pagesize) < 0)
			cli_errx(EXIT_FAILURE, "Bad user-specified page size %llu",
				 (unsigned long long)user_pagesize);
		ctl->pagesize = (size_t)user_pagesize;
		if (ctl->pagesize != sys_pagesize && !ctl->quiet)
			cli_warnx("Using user-specified page size %zu, instead of the system value %zu",
				  ctl->pagesize, sys_pagesize);
	}
	if (!ctl->devname)
		cli_bad_usage(EXIT_FAILURE, "error: Nowhere to set up swap on?");
	if (!ctl->file) {	/* util-linux ignores --size without --file */
		ctl->has_size = 0;
		ctl->size = 0;
	}
	if (ctl->size_arg)
		parse_size_arg(ctl);
}

/* The header for the area; with -c, the bad pages found go into it. */
static void build_header(struct mkswap_ctl *ctl)
{
	int rc;

	ctl->hdr = calloc(1, sizeof(*ctl->hdr));
	if (!ctl->hdr)
		mkswap_fail(ctl, ENOMEM, "%s", ctl->devname);
	rc = swap_header_init(ctl->hdr, ctl->pagesize, ctl->npages, ctl->endian);
	if (rc < 0)
		mkswap_fail(ctl, -rc, "%s: cannot build the swap header", ctl->devname);
	if (ctl->check) {
		/* room for as many bad pages as the header page can list, and
		 * no more than the area has pages (-p 1G lists few) */
		ctl->hdr->badpages_room = (uint32_t)swap_header_capacity(ctl->pagesize);
		if (ctl->npages < ctl->hdr->badpages_room)
			ctl->hdr->badpages_room = (uint32_t)ctl->npages;
		ctl->hdr->badpages = calloc(ctl->hdr->badpages_room, sizeof(uint32_t));
		if (!ctl->hdr->badpages)
			mkswap_fail(ctl, ENOMEM, "%s", ctl->devname);
		check_pages(ctl);
	}
}

int main(int argc, char **argv)
{
	struct mkswap_ctl ctl = {
		.fd = -1, .endian = SWAP_ENDIAN_NATIVE, .info = SWAP_AREA_INFO_INIT,
	};
	int rc;

	cli_init(argc, argv);
	parse_options(&ctl, argc, argv);

	/* Refusals first: nothing is created or written before they pass. */
	if (mkswap_wants_new_file(&ctl)) {
		ctl.file = 1;
		compute_pages(&ctl);
		mkswap_create_file(&ctl);
	} else {
		open_target(&ctl);
		compute_pages(&ctl);
	}
	lock_target(&ctl);
	if (ctl.check && ctl.info.is_regular) {
		ctl.check = 0;
		cli_warnx("warning: checking bad blocks from swap file is not supported: %s",
			  ctl.devname);
	}
	if (!ctl.created)
		mkswap_check_partition_table(&ctl);
	build_header(&ctl);

	if (ctl.file)
		mkswap_check_filesystem(&ctl);

	/* From here on the target changes. */
	if (ctl.file)
		mkswap_prepare_file(&ctl);
	mkswap_warn_insecure(&ctl);
	mkswap_warn_extents(&ctl);
	mkswap_wipe_signatures(&ctl);
	report(&ctl);

	rc = swap_area_write_header(ctl.fd, ctl.offset, ctl.hdr,
				    ctl.keep_bootbits ? SWAP_AREA_KEEP_BOOTBITS : 0);
	if (rc < 0)
		mkswap_fail(&ctl, -rc, "%s: unable to write signature page", ctl.devname);
	if (ctl.file || ctl.info.is_regular)
		cli_selinux_label_swapfile(ctl.fd, ctl.devname, S_IFREG | ctl.info.mode);
	if (close(ctl.fd) != 0)
		mkswap_fail(&ctl, errno, "%s: write failed", ctl.devname);
	free(ctl.hdr->badpages);
	free(ctl.hdr);
	return EXIT_SUCCESS;
}
