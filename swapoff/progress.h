/*
 * swapoff(2) with a progress line on a terminal (swapoff/progress.c).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SWAPOFF_PROGRESS_H
#define SWAPOFF_PROGRESS_H

#include "libswap.h"

/* The /proc/swaps entry of the area at @path (same device and inode):
 * 1 with @out filled, else 0. */
int swapoff_find_active(const char *path, struct swap_procswaps_entry *out);
/* swapoff(2) on @path; with @progress, a line on stderr shows the used
 * size going down, the rate and the time left while the call runs.  A
 * SIGINT during the call is reported (how far it got) and then ends the
 * process by that signal.  Returns 0 or an errno value. */
int swapoff_call(const char *path, int progress);

#endif
