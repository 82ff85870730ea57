/*
 * swapeat - put a known amount of a process's memory into swap, for the
 * lsswap tests.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * swapeat [-p MIB] [-s MIB] [-f]
 *   -p MIB  private anonymous memory to page out (default 0)
 *   -s MIB  shared anonymous memory (MAP_SHARED|MAP_ANONYMOUS, shmem) to page out
 *   -f      fork a child after paging out: it shares the shared mapping and
 *           (copy-on-write) the private pages' swap entries
 *
 * The memory is filled with varied bytes (zram and zswap would compress
 * zero pages away), then madvise(MADV_PAGEOUT) (Linux >= 5.4) pushes it to
 * swap without memory pressure.  Prints "ready PID [CHILD] VMSWAP_KIB" and
 * waits until stdin reaches EOF (or SIGTERM), then exits; the child dies
 * with its parent.  Exit 2 when nothing reached swap.
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif

static long vmswap_kib(void)
{
	FILE *f = fopen("/proc/self/status", "re");
	char line[256];
	long v = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmSwap: %ld kB", &v) == 1)
			break;
	fclose(f);
	return v;
}

/* Non-zero, page-varying, incompressible bytes (xorshift64). */
static void fill(void *mem, size_t len, uint64_t seed)
{
	uint64_t *p = mem, x = seed | 1;

	for (size_t i = 0; i < len / sizeof(*p); i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		p[i] = x;
	}
}

static void *map_out(size_t mib, int flags, uint64_t seed)
{
	size_t len = mib << 20;
	void *m;

	if (!len)
		return NULL;
	m = mmap(NULL, len, PROT_READ | PROT_WRITE, flags | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED) {
		perror("swapeat: mmap");
		exit(1);
	}
	fill(m, len, seed);
	if (madvise(m, len, MADV_PAGEOUT) < 0) {
		perror("swapeat: madvise(MADV_PAGEOUT)");
		exit(1);
	}
	return m;
}

int main(int argc, char **argv)
{
	size_t priv = 0, shared = 0;
	int do_fork = 0, c;
	pid_t child = 0;
	long before, after;
	char buf[64];

	while ((c = getopt(argc, argv, "p:s:f")) != -1) {
		switch (c) {
		case 'p':
			priv = strtoul(optarg, NULL, 10);
			break;
		case 's':
			shared = strtoul(optarg, NULL, 10);
			break;
		case 'f':
			do_fork = 1;
			break;
		default:
			fprintf(stderr, "usage: swapeat [-p MIB] [-s MIB] [-f]\n");
			return 1;
		}
	}
	before = vmswap_kib();
	map_out(priv, MAP_PRIVATE, 0x9e3779b97f4a7c15ULL ^ (uint64_t)getpid());
	map_out(shared, MAP_SHARED, 0xc2b2ae3d27d4eb4fULL ^ (uint64_t)getpid());
	after = vmswap_kib();
	if (priv && after <= before) {
		fprintf(stderr, "swapeat: VmSwap did not grow (%ld kB): is swap active?\n", after);
		return 2;
	}
	if (do_fork) {
		child = fork();
		if (child < 0) {
			perror("swapeat: fork");
			return 1;
		}
		if (child == 0) {
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			if (getppid() == 1)
				_exit(0);
			for (;;)
				pause();
		}
	}
	if (child)
		printf("ready %d %d %ld\n", (int)getpid(), (int)child, after);
	else
		printf("ready %d %ld\n", (int)getpid(), after);
	fflush(stdout);
	while (fgets(buf, sizeof(buf), stdin))
		;
	if (child) {
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
	}
	return 0;
}
