/*
 * swapoff(2) with a progress line: a thread polls /proc/swaps while the
 * call runs, waiting on CLOCK_MONOTONIC deadlines; and the report of how
 * far it got when SIGINT stops it.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
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
	struct timespec start;	/* CLOCK_MONOTONIC when swapoff(2) was called */
	uint64_t used0_kib;	/* the area's Used then */
	pthread_mutex_t lock;
	pthread_cond_t cond;	/* on CLOCK_MONOTONIC: a clock step cannot stall it */
	int done;
	int printed;
};

/* The /proc/swaps entry of the area at @path (same device and inode). */
int swapoff_find_active(const char *path, struct swap_procswaps_entry *out)
{
	struct swap_area_info info = SWAP_AREA_INFO_INIT;
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

static double seconds_since(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) +
	       (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* ", 12M/s, about 1m05s left" once pages have moved, else "". */
static void rate_text(char *buf, size_t len, uint64_t used0_kib, uint64_t used_kib,
		      double secs)
{
	char r[32];
	double rate;
	unsigned long left;

	buf[0] = '\0';
	if (used_kib >= used0_kib || secs <= 0)
		return;		/* no rate known yet */
	rate = (double)(used0_kib - used_kib) * 1024 / secs;
	if (swap_size_format((uint64_t)rate, SWAP_SIZE_UL, r, sizeof(r)) < 0)
		return;
	left = (unsigned long)((double)used_kib * 1024 / rate + 0.5);
	if (left >= 60)
		snprintf(buf, len, ", %s/s, about %lum%02lus left", r, left / 60, left % 60);
	else
		snprintf(buf, len, ", %s/s, about %lus left", r, left);
}

/* Progress thread: while swapoff(2) runs, show the area's used size
 * going down, with the rate and the time left once pages have moved, on
 * one rewritten line of the terminal. */
static void *progress_thread(void *data)
{
	struct swapoff_progress *p = data;

	pthread_mutex_lock(&p->lock);
	while (!p->done) {
		struct timespec until;
		struct swap_procswaps_entry e = SWAP_PROCSWAPS_ENTRY_INIT;
		char u[32], s[32], rate[80];

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
		rate_text(rate, sizeof(rate), p->used0_kib, e.used_kib, seconds_since(&p->start));
		fprintf(stderr, "\r%s: %s: %s of %s still in use%s\033[K", cli_progname(),
			p->name, u, s, rate);
		fflush(stderr);
		p->printed = 1;
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

/*
 * SIGINT while swapoff(2) runs: the kernel stops taking pages back when a
 * signal is pending (EINTR) and leaves the area active, with the pages
 * moved so far in memory.  Say how far it got, then die of the signal as
 * util-linux (which has no handler) does.
 */
static void __attribute__((noreturn)) report_interrupt(const char *path,
							const struct swapoff_progress *p,
							int err)
{
	struct swap_procswaps_entry e = SWAP_PROCSWAPS_ENTRY_INIT;
	uint64_t now = swapoff_find_active(path, &e) ? e.used_kib : 0, moved;
	long pk = sysconf(_SC_PAGESIZE) / 1024;
	char m[32], t[32];

	if (pk <= 0)
		pk = 4;
	moved = p->used0_kib > now ? p->used0_kib - now : 0;
	if (swap_size_format(moved * 1024, SWAP_SIZE_UL, m, sizeof(m)) < 0 ||
	    swap_size_format(p->used0_kib * 1024, SWAP_SIZE_UL, t, sizeof(t)) < 0)
		m[0] = t[0] = '\0';
	if (!err)
		cli_warnx("%s: interrupted after %.1fs, when swapoff had finished: all %s "
			  "moved back into memory", p->name, seconds_since(&p->start), t);
	else
		cli_warnx("%s: interrupted after %.1fs: %s of %s moved back into memory "
			  "(%llu of %llu pages); the area stays active", p->name,
			  seconds_since(&p->start), m, t, (unsigned long long)(moved / (uint64_t)pk),
			  (unsigned long long)(p->used0_kib / (uint64_t)pk));
	signal(SIGINT, SIG_DFL);
	raise(SIGINT);
	_exit(128 + SIGINT);
}

/* swapoff(2), with a progress line on a terminal.  Returns 0 or errno. */
int swapoff_call(const char *path, int progress)
{
	struct swapoff_progress p = { .lock = PTHREAD_MUTEX_INITIALIZER };
	struct swap_procswaps_entry e = SWAP_PROCSWAPS_ENTRY_INIT;
	struct sigaction sa = { .sa_handler = on_sigint }, old;
	pthread_condattr_t attr;
	pthread_t tid;
	sigset_t intr, prev;
	int rc, err, threaded = 0, active, handled = 0;
	char *name;

	active = swapoff_find_active(path, &e);
	p.path = path;
	name = cli_xstrdup(active ? e.name : path);	/* e's storage is the iterator's */
	p.name = name;
	p.used0_kib = active ? e.used_kib : 0;
	clock_gettime(CLOCK_MONOTONIC, &p.start);
	/* a SIGINT ignored by the caller stays ignored, as util-linux */
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGINT, NULL, &old) == 0 && old.sa_handler != SIG_IGN)
		handled = sigaction(SIGINT, &sa, NULL) == 0;
	interrupted = 0;
	if (progress && active && pthread_condattr_init(&attr) == 0) {
		/* the deadlines are CLOCK_MONOTONIC times: no progress thread
		 * rather than one that a clock step could stall */
		if (pthread_condattr_setclock(&attr, CLOCK_MONOTONIC) == 0 &&
		    pthread_cond_init(&p.cond, &attr) == 0) {
			/* SIGINT goes to the thread in swapoff(2), which it stops */
			sigemptyset(&intr);
			sigaddset(&intr, SIGINT);
			pthread_sigmask(SIG_BLOCK, &intr, &prev);
			threaded = pthread_create(&tid, NULL, progress_thread, &p) == 0;
			pthread_sigmask(SIG_SETMASK, &prev, NULL);
			if (!threaded)
				pthread_cond_destroy(&p.cond);
		}
		pthread_condattr_destroy(&attr);
	}
	if (interrupted) {
		rc = -1;	/* before the call: nothing to stop */
		errno = EINTR;
	} else {
		rc = swapoff(path);
	}
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
				interrupted ? "interrupted" : err ? "failed" : "done");
	}
	if (handled) {
		if (interrupted)
			report_interrupt(path, &p, err);
		sigaction(SIGINT, &old, NULL);
	}
	free(name);
	return err;
}

