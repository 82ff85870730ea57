/*
 * check.h - swapoff --check and the OOM guard of plain swapoff.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SWAPOFF_CHECK_H
#define SWAPOFF_CHECK_H

#include <stddef.h>

/* swapoff_check - the dry run: @names are /proc/swaps names of the areas to
 * remove (all of them when @all); prints the estimate, the owners of the
 * pages (processes, memory cgroups) and the cgroup limits involved, as
 * tables or one JSON object.  Returns the exit status: 0 fits or tight,
 * 2 does not fit (in memory or under a cgroup limit), 8 /proc unreadable. */
int swapoff_check(char *const *names, size_t n, int all, int json);

/* swapoff_guard - before swapoff(2) of the active area @name: 0 when its
 * pages may fit (or nothing can be estimated), 2 after one message per
 * problem (memory, each cgroup limit exceeded) when they clearly cannot. */
int swapoff_guard(const char *name);

#endif
