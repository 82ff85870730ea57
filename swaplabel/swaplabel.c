/*
 * swaplabel - show or change the label and UUID of a swap area in place.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Only the 32 bytes of UUID and label are rewritten (libswap
 * swap_area_relabel: one write, then fsync).  An area that is not a
 * version 1 swap area, or that is mounted, is left alone.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "libswap.h"

static const struct option longopts[] = {
	{ "label",   required_argument, NULL, 'L' },
	{ "uuid",    required_argument, NULL, 'U' },
	{ "version", no_argument,       NULL, 'V' },
	{ "help",    no_argument,       NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

struct swaplabel_ctl {
	const char *devname;
	const char *label;		/* -L, NULL: keep */
	const char *uuid_arg;		/* -U, NULL: keep */
	unsigned char uuid[SWAP_HEADER_UUID_SIZE];
	int fd;
	struct swap_area_info info;
	struct swap_header *hdr;
};

static void __attribute__((noreturn)) usage(void)
{
	FILE *out = stdout;

	fputs("Usage:\n", out);
	fprintf(out, " %s [options] <device>\n", cli_progname());
	fputs("\nShow or change the label and UUID of a swap area.\n", out);
	fputs("\nOptions:\n", out);
	fputs(" -L, --label <label> set a new label (15 bytes at most)\n", out);
	fputs(" -U, --uuid <uuid>   set a new UUID, or clear, random or time\n", out);
	fputs("\n -h, --help          display this help\n", out);
	fputs(" -V, --version       display version\n", out);
	fputs("\nFor more details see swaplabel(8).\n", out);
	exit(EXIT_SUCCESS);
}

/* Open the area read-only and refuse anything but a version 1 swap area. */
static void open_area(struct swaplabel_ctl *ctl)
{
	int rc;

	/* never blocks: a FIFO or a terminal is refused, not waited on */
	ctl->fd = swap_area_open(ctl->devname, O_RDONLY, 0);
	if (ctl->fd == -ENODEV)
		cli_errx(EXIT_FAILURE, "%s: unable to probe device: "
			 "neither a block device nor a regular file", ctl->devname);
	if (ctl->fd < 0)
		cli_err(EXIT_FAILURE, -ctl->fd, "%s: unable to probe device", ctl->devname);
	ctl->info.size = sizeof(ctl->info);
	rc = swap_area_inspect(ctl->fd, &ctl->info);
	if (rc < 0)
		cli_err(EXIT_FAILURE, -rc, "%s: unable to probe device", ctl->devname);

	ctl->hdr = calloc(1, sizeof(*ctl->hdr));	/* no bad-page list */
	if (!ctl->hdr)
		cli_err(EXIT_FAILURE, ENOMEM, "%s", ctl->devname);
	rc = swap_area_read_header(ctl->fd, 0, ctl->hdr);
	if (rc == -ENOENT || (rc == 0 && ctl->hdr->signature != SWAP_SIGNATURE_SWAPSPACE2 &&
			      ctl->hdr->signature != SWAP_SIGNATURE_SWAPSPACE1))
		cli_errx(EXIT_FAILURE, "%s: not a valid swap partition", ctl->devname);
	if (rc < 0)
		cli_err(EXIT_FAILURE, -rc, "%s: unable to probe device", ctl->devname);
	if (ctl->hdr->signature == SWAP_SIGNATURE_SWAPSPACE1)
		cli_errx(EXIT_FAILURE, "%s: unsupported swap version '0'", ctl->devname);
	if (ctl->hdr->version != 1)
		cli_errx(EXIT_FAILURE, "%s: unsupported swap version '%u'", ctl->devname,
			 (unsigned)ctl->hdr->version);
}

/*
 * The label as blkid shows it: the whole 16-byte field up to a NUL (all 16
 * bytes when it has none), trailing white space removed; nothing when
 * that leaves it empty.
 */
static void show_label(const struct swaplabel_ctl *ctl)
{
	char label[SWAP_HEADER_LABEL_SIZE + 1];
	size_t n;

	memcpy(label, ctl->hdr->label, SWAP_HEADER_LABEL_SIZE);
	label[SWAP_HEADER_LABEL_SIZE] = '\0';
	if (ctl->hdr->label_unterminated &&
	    pread(ctl->fd, label, SWAP_HEADER_LABEL_SIZE, SWAP_HEADER_LABEL_OFFSET) !=
	    SWAP_HEADER_LABEL_SIZE)
		memcpy(label, ctl->hdr->label, SWAP_HEADER_LABEL_SIZE);
	n = strlen(label);
	while (n > 0 && strchr(" \t\n\v\f\r", label[n - 1]))
		label[--n] = '\0';
	if (n)
		printf("LABEL: %s\n", label);
}

static void show(const struct swaplabel_ctl *ctl)
{
	char uuid[SWAP_UUID_STRING_SIZE];

	show_label(ctl);
	if (!swap_uuid_is_null(ctl->hdr->uuid)) {
		swap_uuid_format(ctl->hdr->uuid, uuid);
		printf("UUID:  %s\n", uuid);
	}
}

/* Reopen the checked area read-write: /proc/self/fd keeps it one inode. */
static void reopen_writable(struct swaplabel_ctl *ctl)
{
	int fd = cli_reopen_rw(ctl->fd, ctl->devname, &ctl->info, 0);

	if (fd == -ESTALE)
		cli_errx(EXIT_FAILURE, "%s: changed while it was opened", ctl->devname);
	if (fd < 0)
		cli_err(EXIT_FAILURE, -fd, "cannot open %s", ctl->devname);
	close(ctl->fd);
	ctl->fd = fd;
}

/*
 * A mounted filesystem (the device, a partition of it, a loop device over
 * the file) is never written to; when that cannot be known, nothing is.
 * An active swap area is relabelled, as util-linux does.
 */
static void refuse_mounted(const struct swaplabel_ctl *ctl)
{
	struct swap_mounts_user u = { .size = sizeof(u) };
	int rc = swap_mounts_find_user(&ctl->info, NULL, NULL, NULL, &u);

	if (rc < 0)
		cli_err(EXIT_FAILURE, -rc, "%s: cannot tell whether it is mounted", ctl->devname);
	if (rc > 0 && u.kind == SWAP_MOUNTS_MOUNTED)
		cli_errx(EXIT_FAILURE, "%s: is mounted (%s on %s); unmount it first",
			 ctl->devname, u.name, u.what);
}

static void change(struct swaplabel_ctl *ctl)
{
	const char *what = ctl->label && ctl->uuid_arg ? "label and UUID" :
			   ctl->label ? "label" : "UUID";
	int rc;

	refuse_mounted(ctl);
	reopen_writable(ctl);
	if (ctl->label && strlen(ctl->label) >= SWAP_HEADER_LABEL_SIZE)
		cli_warnx("label is too long. Truncating it to '%.*s'",
			  SWAP_HEADER_LABEL_SIZE - 1, ctl->label);
	rc = swap_area_relabel(ctl->fd, 0, ctl->label, ctl->uuid_arg ? ctl->uuid : NULL);
	/* the kernel refuses writes to an active swap area: say so after it */
	if (rc == -ETXTBSY && swap_area_find_active(&ctl->info, NULL, NULL) > 0)
		cli_errx(EXIT_FAILURE, "%s: failed to write %s: %s (an active swap area; "
			 "swapoff it first)", ctl->devname, what, strerror(ETXTBSY));
	if (rc < 0)
		cli_err(EXIT_FAILURE, -rc, "%s: failed to write %s", ctl->devname, what);
}

int main(int argc, char **argv)
{
	struct swaplabel_ctl ctl = { .fd = -1 };
	int c;

	cli_init(argc, argv);
	while ((c = getopt_long(argc, argv, "L:U:Vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'L':
			ctl.label = optarg;
			break;
		case 'U':
			ctl.uuid_arg = optarg;
			break;
		case 'V':
			cli_print_version_ul(NULL);
		case 'h':
			usage();
		default:
			cli_try_help(EXIT_FAILURE);
		}
	}
	if (optind == argc)
		cli_bad_usage(EXIT_FAILURE, "no device specified");
	ctl.devname = argv[optind];	/* further operands are ignored, as in util-linux */
	/* util-linux only warns here and exits 0 */
	if (ctl.uuid_arg && cli_uuid_parse(ctl.uuid_arg, ctl.uuid) < 0)
		cli_errx(EXIT_FAILURE, "failed to parse UUID: %s", ctl.uuid_arg);

	open_area(&ctl);
	if (ctl.label || ctl.uuid_arg)
		change(&ctl);
	else
		show(&ctl);
	if (close(ctl.fd) != 0)
		cli_err(EXIT_FAILURE, errno, "%s: write failed", ctl.devname);
	free(ctl.hdr);
	return EXIT_SUCCESS;
}
