/*
 * swaplabel - show or change the label and UUID of a swap area in place.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Only the 32 bytes of UUID and label are rewritten (libswap
 * swap_area_relabel: one write, then fsync).  An area that is not a
 * version 1 swap area, or that is in use as swap, is left alone.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <uuid.h>

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

/* The new UUID: a UUID, or the keywords mkswap -U also takes. */
static void parse_uuid(struct swaplabel_ctl *ctl)
{
	if (!strcmp(ctl->uuid_arg, "clear"))
		memset(ctl->uuid, 0, sizeof(ctl->uuid));
	else if (!strcmp(ctl->uuid_arg, "random"))
		uuid_generate_random(ctl->uuid);
	else if (!strcmp(ctl->uuid_arg, "time"))
		uuid_generate_time(ctl->uuid);
	else if (swap_uuid_parse(ctl->uuid_arg, ctl->uuid) < 0)
		/* util-linux only warns here and exits 0 */
		cli_errx(EXIT_FAILURE, "failed to parse UUID: %s", ctl->uuid_arg);
}

/* Open the area read-only and refuse anything but a version 1 swap area. */
static void open_area(struct swaplabel_ctl *ctl)
{
	int rc;

	ctl->fd = open(ctl->devname, O_RDONLY | O_CLOEXEC);
	if (ctl->fd < 0)
		cli_err(EXIT_FAILURE, errno, "%s: unable to probe device", ctl->devname);
	rc = swap_area_inspect(ctl->fd, &ctl->info);
	if (rc < 0)
		cli_err(EXIT_FAILURE, -rc, "%s: unable to probe device", ctl->devname);

	ctl->hdr = malloc(sizeof(*ctl->hdr));
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

static void show(const struct swaplabel_ctl *ctl)
{
	char uuid[SWAP_UUID_STRING_SIZE];

	if (ctl->hdr->label[0])
		printf("LABEL: %s\n", ctl->hdr->label);
	if (!swap_uuid_is_null(ctl->hdr->uuid)) {
		swap_uuid_format(ctl->hdr->uuid, uuid);
		printf("UUID:  %s\n", uuid);
	}
}

/* Reopen the checked area read-write: /proc/self/fd keeps it one inode. */
static void reopen_writable(struct swaplabel_ctl *ctl)
{
	struct swap_area_info now;
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", ctl->fd);
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)	/* no /proc */
		fd = open(ctl->devname, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		cli_err(EXIT_FAILURE, errno, "cannot open %s", ctl->devname);
	if (swap_area_inspect(fd, &now) < 0 || now.dev != ctl->info.dev ||
	    now.ino != ctl->info.ino || now.rdev != ctl->info.rdev)
		cli_errx(EXIT_FAILURE, "%s: changed while it was opened", ctl->devname);
	close(ctl->fd);
	ctl->fd = fd;
}

static void change(struct swaplabel_ctl *ctl)
{
	int rc = swap_area_check(ctl->fd, &ctl->info, NULL);

	/* the kernel would refuse the write with ETXTBSY; say why instead */
	if (rc >= 0 && (rc & SWAP_AREA_ACTIVE))
		cli_errx(EXIT_FAILURE, "%s: is an active swap area; "
			 "swapoff it first to change its label or UUID", ctl->devname);
	reopen_writable(ctl);
	if (ctl->label && strlen(ctl->label) >= SWAP_HEADER_LABEL_SIZE)
		cli_warnx("label is too long. Truncating it to '%.*s'",
			  SWAP_HEADER_LABEL_SIZE - 1, ctl->label);
	rc = swap_area_relabel(ctl->fd, 0, ctl->label, ctl->uuid_arg ? ctl->uuid : NULL);
	if (rc < 0)
		cli_err(EXIT_FAILURE, -rc, "%s: failed to write %s", ctl->devname,
			ctl->label && ctl->uuid_arg ? "label and UUID" :
			ctl->label ? "label" : "UUID");
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
			cli_print_version();
		case 'h':
			usage();
		default:
			cli_try_help(EXIT_FAILURE);
		}
	}
	if (optind == argc)
		cli_bad_usage(EXIT_FAILURE, "no device specified");
	ctl.devname = argv[optind++];
	if (optind < argc)
		cli_bad_usage(EXIT_FAILURE, "unexpected argument: %s", argv[optind]);
	if (ctl.uuid_arg)
		parse_uuid(&ctl);

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
