/*
 * swapoff(2) with a progress line: a thread polls /proc/swaps while the
 * call runs, waiting on CLOCK_MONOTONIC deadlines.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <sys/swap.h>

#include "cli.h"
#include "libswap.h"
#include "progress.h"

/* How often the progress line is refreshed, and after how long it appears. */
#define PROGRESS_INTERVAL_MS	250

/* State shared with the progress thread of one swapoff(2) call. */
struct swapoff_progress {
	const char *path;	/* the area, as swapoff(2) gets it */
	const char *name;	/* the area as /proc/swaps names it */
	pthread_mutex_t lock;
	pthread_cond_t cond;	/* on CLOCK_MONOTONIC: a clock step cannot stall it */
	int done;
	int printed;
};

/* The /proc/swaps entry of the area at @path (same device and inode). */
int swapoff_find_active(const char *path, struct swap_procswaps_entry *out)
{
	struct swap_area_info info = { 0 };
	struct stat st;

	if (stat(path, &st) < 0)
		return 0;
	info.is_blockdev = S_ISBLK(st.st_mode);
	info.is_regular = S_ISREG(st.st_mode);
	info.dev = st.st_dev;
	info.ino = st.st_ino;
	info.rdev = st.st_rdev;
	return swap_area_find_active(&info, NULL, out) == 1;
}

/* Progress thread: while swapoff(2) runs, show the area's used size
 * going down, on one rewritten line of the terminal. */
static void *progress_thread(void *data)
{
	struct swapoff_progress *p = data;

	pthread_mutex_lock(&p->lock);
	while (!p->done) {
		struct timespec until;
		struct swap_procswaps_entry e = SWAP_PROCSWAPS_ENTRY_INIT;
		char u[32], s[32];

		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_nsec += PROGRESS_INTERVAL_MS * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&p->cond, &p->lock, &until);
		if (p->done || !swapoff_find_active(p->path, &e))
			break;
		if (swap_size_format(e.used_kib * 1024, SWAP_SIZE_UL, u, sizeof(u)) < 0 ||
		    swap_size_format(e.size_kib * 1024, SWAP_SIZE_UL, s, sizeof(s)) < 0)
			continue;
		fprintf(stderr, "\r%s: %s: %s of %s still in use\033[K", cli_progname(),
			p->name, u, s);
		fflush(stderr);
		p->printed = 1;
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

/* swapoff(2), with a progress line on a terminal.  Returns 0 or errno. */
int swapoff_call(const char *path, int progress)
{
	struct swapoff_progress p = { .lock = PTHREAD_MUTEX_INITIALIZER };
	struct swap_procswaps_entry e = SWAP_PROCSWAPS_ENTRY_INIT;
	pthread_condattr_t attr;
	pthread_t tid;
	int rc, err, threaded = 0;

	if (progress && swapoff_find_active(path, &e) && pthread_condattr_init(&attr) == 0) {
		p.path = path;
		p.name = e.name;
		/* the deadlines are CLOCK_MONOTONIC times: no progress thread
		 * rather than one that a clock step could stall */
		if (pthread_condattr_setclock(&attr, CLOCK_MONOTONIC) == 0 &&
		    pthread_cond_init(&p.cond, &attr) == 0) {
			threaded = pthread_create(&tid, NULL, progress_thread, &p) == 0;
			if (!threaded)
				pthread_cond_destroy(&p.cond);
		}
		pthread_condattr_destroy(&attr);
	}
	rc = swapoff(path);
	err = rc < 0 ? errno : 0;
	if (threaded) {
		pthread_mutex_lock(&p.lock);
		p.done = 1;
		pthread_cond_signal(&p.cond);
		pthread_mutex_unlock(&p.lock);
		pthread_join(tid, NULL);
		pthread_cond_destroy(&p.cond);
		if (p.printed)
			fprintf(stderr, "\r%s: %s: %s\033[K\n", cli_progname(), p.name,
				err ? "failed" : "done");
	}
	return err;
}
