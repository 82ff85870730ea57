/*
 * slowswapoff - LD_PRELOAD library for tests: swapoff(2) that first sleeps,
 * so that a tool's progress output can be watched while it waits.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 *   SLOWSWAPOFF_MS     milliseconds to sleep before the real call
 *                      (default 1000; 0 or garbage: no sleep)
 *   SLOWSWAPOFF_EINTR  when set (to anything): a signal handled during
 *                      the sleep makes swapoff() fail with EINTR without
 *                      the real call, as the kernel gives up swapoff(2)
 *                      when a signal is pending
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <time.h>

int swapoff(const char *path);

int swapoff(const char *path)
{
	int (*real)(const char *) = (int (*)(const char *))dlsym(RTLD_NEXT, "swapoff");
	const char *env = getenv("SLOWSWAPOFF_MS");
	long ms = env ? strtol(env, NULL, 10) : 1000;
	struct timespec ts;

	if (!real) {
		errno = ENOSYS;
		return -1;
	}
	if (ms > 0) {
		ts.tv_sec = ms / 1000;
		ts.tv_nsec = (ms % 1000) * 1000000L;
		while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
			if (getenv("SLOWSWAPOFF_EINTR"))
				return -1;	/* errno is EINTR */
	}
	return real(path);
}
