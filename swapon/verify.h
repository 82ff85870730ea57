/* swapon --verify: check fstab's swap entries without activating them. */
#ifndef SWAPON_VERIFY_H
#define SWAPON_VERIFY_H

#include <stddef.h>

/* Exit values of swapon --verify. */
#define VERIFY_EX_OK		0	/* nothing wrong */
#define VERIFY_EX_WARNINGS	1	/* warnings only */
#define VERIFY_EX_ERRORS	2	/* errors or parse errors */

/* @fstabs: the -T files in order; none: cli_fstab_path(); @json: print
 * one JSON object instead of findmnt --verify's lines.  Returns an exit
 * value above. */
int swapon_verify(const char **fstabs, size_t nfstabs, int json);

#endif
