/*
 * pageout - push anonymous memory to swap and hold it there while a
 * command runs: pageout MIB CMD [ARGS...]
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * MIB MiB of anonymous memory are filled with data that compresses but is
 * not one repeated word (zram would store such a page as a "same page"
 * without compressing it), then given to madvise(MADV_PAGEOUT), which
 * writes them to the swap area of highest priority at once.  CMD runs while
 * the pages stay swapped out; pageout exits with its status (77 when the
 * kernel has no MADV_PAGEOUT, 5.4 and later).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef MADV_PAGEOUT
# define MADV_PAGEOUT 21
#endif

int main(int argc, char **argv)
{
	size_t len, i;
	uint32_t x = 2463534242u;
	unsigned char *mem;
	int status;
	pid_t pid;

	if (argc < 3) {
		fprintf(stderr, "usage: pageout MIB CMD [ARGS...]\n");
		return 2;
	}
	len = (size_t)strtoul(argv[1], NULL, 10) << 20;
	mem = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED) {
		perror("pageout: mmap");
		return 1;
	}
	/* a quarter of each 64 bytes random, the rest a pattern: compressible */
	for (i = 0; i < len; i++) {
		if ((i & 63) < 16) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			mem[i] = (unsigned char)x;
		} else {
			mem[i] = (unsigned char)('a' + (i & 15));
		}
	}
	if (madvise(mem, len, MADV_PAGEOUT) != 0) {
		perror("pageout: madvise(MADV_PAGEOUT)");
		return errno == EINVAL ? 77 : 1;
	}
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		perror("pageout: fork");
		return 1;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		perror("pageout: exec");
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return 1;
	munmap(mem, len);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
