/*
 * mkswap: the run's state, and the checks of the target before its header
 * is written (target.c).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MKSWAP_H
#define MKSWAP_H

#include <stdint.h>
#include <sys/types.h>

#include "libswap.h"

struct mkswap_ctl {
	const char *devname;		/* device or file, as given */
	const char *label;		/* -L, NULL when not given */
	const char *size_arg;		/* the positional size */
	int lockop;			/* flock() operation, 0: no lock,
					 * -1: none asked for (files are locked) */

	int fd;				/* the target, read-write */
	struct swap_area_info info;	/* what the target is */
	struct swap_header *hdr;	/* the header being built */
	unsigned char uuid[SWAP_HEADER_UUID_SIZE];
	struct {			/* an existing file before -F changed it */
		mode_t mode;
		uint64_t size;
		int attr;		/* FS_IOC_GETFLAGS, -1: unknown */
	} orig;

	size_t pagesize;
	enum swap_endian endian;
	uint64_t offset;		/* -o: where the area starts */
	uint64_t size;			/* requested size in bytes, 0: all */
	uint64_t npages;		/* pages in the area */

	unsigned int check:1,		/* -c */
		     force:1,		/* -f */
		     quiet:1,		/* -q */
		     verbose:1,		/* --verbose */
		     file:1,		/* -F, or a size given for a new file */
		     has_size:1,	/* -s or a positional size was given */
		     created:1,		/* we created the file (remove on failure) */
		     changing:1,	/* -F changes an existing file (undo on failure) */
		     keep_bootbits:1;	/* -f on a partition table: keep it */
};

/* A partition table is refused without -f, and kept with it. */
void mkswap_check_partition_table(struct mkswap_ctl *ctl);
/* Wipe every other signature libblkid finds in the area, one warning each. */
void mkswap_wipe_signatures(const struct mkswap_ctl *ctl);
/* util-linux's warnings on permissions and owner. */
void mkswap_warn_insecure(const struct mkswap_ctl *ctl);
/* Holes and extents swapon(2) refuses, listed as util-linux lists them. */
void mkswap_warn_extents(const struct mkswap_ctl *ctl);

/* file.c: whether a size for a path that does not exist yet asks to create it. */
int mkswap_wants_new_file(const struct mkswap_ctl *ctl);
/* Create a new swap file: exclusive create, 0600; sized later. */
void mkswap_create_file(struct mkswap_ctl *ctl);
/* -F: mode 0600, nocow, allocated to the size; undone by mkswap_fail. */
void mkswap_prepare_file(struct mkswap_ctl *ctl);
/* -F: refuse a filesystem the kernel cannot swap to, before a byte is written. */
void mkswap_check_filesystem(const struct mkswap_ctl *ctl);
/* Report a failure (with strerror(err)), undo what this run did to the
 * file (remove it, or give it back its size, mode and attributes), exit. */
void mkswap_fail(const struct mkswap_ctl *ctl, int err, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 3, 4)));

#endif
