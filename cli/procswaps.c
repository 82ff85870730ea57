/*
 * The /proc/swaps warnings every tool that reads it prints (libc only).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "cli.h"
#include "libswap.h"

void cli_warn_skipped(const struct swap_procswaps *it, const char *path)
{
	const unsigned *lines;
	int i, n = swap_procswaps_skipped(it, &lines);

	for (i = 0; i < n; i++)
		cli_warnx("%s: parse error at line %u -- ignored",
			  path ? path : "/proc/swaps", lines[i]);
}
