/*
 * mkswap: what is on the target before its header is written -- a
 * partition table, old signatures (libblkid), permissions, extents.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <blkid.h>

#include "cli.h"
#include "libswap.h"
#include "mkswap.h"

static blkid_probe new_probe(const struct mkswap_ctl *ctl)
{
	blkid_probe pr = blkid_new_probe();

	if (!pr)
		cli_errx(EXIT_FAILURE, "unable to alloc new libblkid probe");
	/* the probe sees the area only, so -o protects what lies before it */
	if (blkid_probe_set_device(pr, ctl->fd, (blkid_loff_t)ctl->offset, 0) != 0)
		cli_errx(EXIT_FAILURE, "unable to assign device to libblkid probe");
	return pr;
}

/* A partition table is refused without -f, and kept with it. */
void mkswap_check_partition_table(struct mkswap_ctl *ctl)
{
	blkid_probe pr = new_probe(ctl);
	const char *type = NULL;

	blkid_probe_enable_superblocks(pr, 0);
	blkid_probe_enable_partitions(pr, 1);
	if (blkid_do_fullprobe(pr) == 0 &&
	    blkid_probe_lookup_value(pr, "PTTYPE", &type, NULL) == 0 && type) {
		if (!ctl->force) {
			char pttype[64];

			snprintf(pttype, sizeof(pttype), "%s", type);
			blkid_free_probe(pr);
			cli_errx(EXIT_FAILURE, "error: %s carries a %s partition table; "
				 "will not make swapspace (use -f to force)",
				 ctl->devname, pttype);
		}
		ctl->keep_bootbits = 1;
		if (!ctl->quiet)
			cli_warnx("%s: warning: keeping the %s partition table in the boot sectors",
				  ctl->devname, type);
	}
	blkid_free_probe(pr);
}

/* Wipe every other signature libblkid finds in the area, one warning each. */
void mkswap_wipe_signatures(const struct mkswap_ctl *ctl)
{
	blkid_probe pr = new_probe(ctl);

	blkid_probe_enable_partitions(pr, 0);
	blkid_probe_enable_superblocks(pr, 1);
	blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_MAGIC | BLKID_SUBLKS_TYPE);
	char failed_type[64] = "";
	int err = 0;

	while (!err && blkid_do_probe(pr) == 0) {
		const char *type = NULL;

		if (blkid_probe_lookup_value(pr, "TYPE", &type, NULL) != 0 || !type)
			type = "unknown";
		if (!ctl->quiet)
			cli_warnx("%s: warning: wiping old %s signature.", ctl->devname, type);
		if (blkid_do_wipe(pr, 0) != 0) {
			err = errno ? errno : EIO;
			snprintf(failed_type, sizeof(failed_type), "%s", type);
		}
	}
	/* free the probe before exiting: the type string lives in it */
	blkid_free_probe(pr);
	if (err)
		cli_err(EXIT_FAILURE, err, "%s: cannot wipe the old %s signature",
			ctl->devname, failed_type);
}

void mkswap_warn_insecure(const struct mkswap_ctl *ctl)
{
	int found = swap_area_check(-1, &ctl->info, NULL,
				    SWAP_AREA_INSECURE_MODE | SWAP_AREA_INSECURE_OWNER);

	if (ctl->quiet || found < 0)
		return;
	if (found & SWAP_AREA_INSECURE_MODE)
		cli_warnx("%s: insecure permissions %04o, fix with: chmod %04o %s", ctl->devname,
			  (unsigned)(ctl->info.mode & 07777),
			  (unsigned)swap_area_suggest_mode(&ctl->info), ctl->devname);
	if (getuid() == 0 && (found & SWAP_AREA_INSECURE_OWNER))
		cli_warnx("%s: insecure file owner %u, fix with: chown 0:0 %s",
			  ctl->devname, (unsigned)ctl->info.uid, ctl->devname);
}

struct extent_report {
	const struct mkswap_ctl *ctl;
	int shown;
};

/* One finding of the extent walk, in util-linux's words and layout. */
static int warn_extent(unsigned kind, uint64_t offset, void *data)
{
	struct extent_report *r = data;
	const char *what = kind == SWAP_EXTENT_HOLE ? "hole detected" :
			   kind == SWAP_EXTENT_INLINE ? "data inline extent" :
			   kind == SWAP_EXTENT_SHARED ? "shared extent" :
			   kind == SWAP_EXTENT_DELALLOC ? "unallocated extent" : NULL;

	if (!what)
		return 0;	/* refused by the kernel, not listed by util-linux */
	if (!r->shown++) {
		fflush(stdout);
		fprintf(stderr, "\nmkswap: %s contains holes or other unsupported extents.\n"
			"        This swap file can be rejected by kernel on swap activation!\n",
			r->ctl->devname);
		fputs(r->ctl->verbose ? "\n" : "        Use --verbose for more details.\n", stderr);
	}
	if (r->ctl->verbose)
		fprintf(stderr, " - %s at offset %llu\n", what, (unsigned long long)offset);
	return !r->ctl->verbose;
}

/* Holes and extents swapon(2) refuses, listed as util-linux lists them
 * (a filesystem without FIEMAP is not checked). */
void mkswap_warn_extents(const struct mkswap_ctl *ctl)
{
	struct extent_report r = { .ctl = ctl };

	if (ctl->quiet || !ctl->info.is_regular)
		return;
	swap_area_walk_extents(ctl->fd, ctl->info.bytes, warn_extent, &r);
	if (r.shown)
		fputc('\n', stderr);	/* one blank line closes the list */
}
