/*
 * Shared helpers for the libFuzzer harnesses of libswap's parsers.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every harness defines LLVMFuzzerTestOneInput(); with --enable-fuzzing it
 * is linked with libFuzzer, otherwise with standalone.c, which feeds it the
 * seed corpus.  A violated property calls fuzz_fail(), which aborts so that
 * both drivers report the input as a crash.
 */
#ifndef SWAPTOOLS_FUZZ_H
#define SWAPTOOLS_FUZZ_H

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* fuzz_fail - report a broken property and abort (libFuzzer saves the input). */
#define fuzz_fail(...) do { \
	fprintf(stderr, "%s:%d: property violated: ", __FILE__, __LINE__); \
	fprintf(stderr, __VA_ARGS__); \
	fputc('\n', stderr); \
	abort(); \
} while (0)

#define fuzz_assert(cond, ...) do { if (!(cond)) fuzz_fail(__VA_ARGS__); } while (0)

/* fuzz_strdup - the input as a C string (it may hold NULs; the string then
 * ends at the first one, as it would for a caller). */
static inline char *fuzz_strdup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/*
 * fuzz_file - a file holding exactly @data, reachable as /proc/self/fd/N
 * through @path.  One memfd is made on the first call and rewritten on every
 * later one, so a run costs two syscalls, not a create and an unlink.
 * Returns: 0, or -errno.
 */
static inline int fuzz_file(const uint8_t *data, size_t size, char path[64])
{
	static int fd = -1;
	size_t done = 0;

	if (fd < 0) {
		fd = memfd_create("swaptools-fuzz", MFD_CLOEXEC);
		if (fd < 0) {
			/* Kernels without memfd: an unlinked temporary file. */
			char tmpl[] = "/tmp/swaptools-fuzz.XXXXXX";

			fd = mkostemp(tmpl, O_CLOEXEC);
			if (fd < 0)
				return -errno;
			unlink(tmpl);
		}
	}
	if (ftruncate(fd, 0) < 0)
		return -errno;
	while (done < size) {
		ssize_t n = pwrite(fd, data + done, size - done, (off_t)done);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		done += (size_t)n;
	}
	snprintf(path, 64, "/proc/self/fd/%d", fd);
	return 0;
}

/*
 * fuzz_lowest_fd - the descriptor number open() would hand out next.
 * Harnesses of the iterators compare it before and after a run: a different
 * number means the library left a file open.
 */
static inline int fuzz_lowest_fd(void)
{
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		abort();
	close(fd);
	return fd;
}

/* fuzz_count_lines - how many lines a text of @size bytes can hold at most:
 * an iterator that returns more items than this is looping. */
static inline size_t fuzz_count_lines(const uint8_t *data, size_t size)
{
	size_t n = 1;

	for (size_t i = 0; i < size; i++)
		if (data[i] == '\n')
			n++;
	return n;
}

#endif
