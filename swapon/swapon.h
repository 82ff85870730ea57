/*
 * swapon's run: the options (swapon/options.c) and the areas' way to
 * swapon(2) (swapon/swapon.c).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SWAPON_SWAPON_H
#define SWAPON_SWAPON_H

#include <stddef.h>

#include "cli.h"
#include "libswap.h"
#include "show.h"

struct swapon_ctl {
	struct swapon_show out;		/* --show and its options */
	struct swap_fstab_options opts;	/* -p, -d: defaults for every area */
	const char *optlist;		/* -o: for the command line's areas only */
	const char **fstabs;		/* -T, in order; none: /etc/fstab */
	size_t nfstabs;
	struct cli_specs specs;		/* -L, -U and operands, in order */
	size_t pagesize;
	long busy_wait_left;		/* ms of EBUSY polling left in this run */
	int verbose;
	unsigned int all:1, ifexists:1, fixpgsz:1, show:1, resume:1;
	const char *resume_spec;	/* --resume=SPEC */
	int verify;			/* --verify */
};

/* The command line into @ctl (exits on bad usage, --help, --version,
 * and -s, which prints the summary at once as util-linux 2.38 does). */
void swapon_parse_args(struct swapon_ctl *ctl, int argc, char **argv);

#endif
