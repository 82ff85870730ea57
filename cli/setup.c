/*
 * cli_print_setup - what mkswap prints on a new header; swapon --fixpgsz
 * prints the same.  In its own object, so that tools which do not call it
 * (free) do not need libswap's UUID functions.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdint.h>
#include <stdio.h>
#include "cli.h"
#include "libswap.h"

void cli_print_setup(uint64_t bytes, const char *label, const unsigned char uuid[16],
		     int label_truncated)
{
	char size[64], text[SWAP_UUID_STRING_SIZE];

	if (swap_size_format(bytes, SWAP_SIZE_UL_SPACE, size, sizeof(size)) < 0)
		snprintf(size, sizeof(size), "%ju B", (uintmax_t)bytes);
	printf("Setting up swapspace version 1, size = %s (%ju bytes)\n", size,
	       (uintmax_t)bytes);
	if (label_truncated)
		cli_warnx("Label was truncated.");
	swap_uuid_format(uuid, text);
	if (label)
		printf("LABEL=%s, UUID=%s\n", label, text);
	else
		printf("no label, UUID=%s\n", text);
}
