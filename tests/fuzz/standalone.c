/*
 * Standalone driver: runs a fuzz harness over its seed corpus without libFuzzer.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Builds without clang (or without --enable-fuzzing) link each harness with
 * this main(), so `make check` still runs every harness over its seeds and
 * over the empty input, printing TAP.  Each input runs in a child process:
 * an abort() from a broken property or a sanitizer report fails that input
 * only, and the rest still run.
 *
 * Usage: fuzz-NAME [FILE|DIR]...   (default: $top_srcdir/tests/fuzz/corpus/NAME,
 * where NAME is FUZZ_CORPUS, set by the build)
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fuzz.h"

#ifndef FUZZ_CORPUS
#error "FUZZ_CORPUS must name the harness's corpus directory"
#endif

static int count, failed;

static void report(int pass, const char *name, const char *why)
{
	/* Seeds are named from the source tree down: the rest is the build's. */
	const char *tail = strstr(name, "/tests/fuzz/");

	if (tail)
		name = tail + 1;
	count++;
	if (!pass)
		failed++;
	printf("%s %d - %s%s%s\n", pass ? "ok" : "not ok", count, name,
	       why ? ": " : "", why ? why : "");
	fflush(stdout);
}

/* read_input - the file in a heap buffer of exactly its size (as libFuzzer
 * hands inputs over), so a read past the end is an ASan report. */
static uint8_t *read_input(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	long len;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc(len ? (size_t)len : 1);
		if (buf && fread(buf, 1, (size_t)len, f) != (size_t)len) {
			free(buf);
			buf = NULL;
		}
		*size = (size_t)len;
	}
	fclose(f);
	return buf;
}

/* run_one - feed one input (a path, or NULL for the empty input) in a child. */
static void run_one(const char *path)
{
	const char *name = path ? path : "(empty input)";
	char why[64];
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		report(0, name, strerror(errno));
		return;
	}
	if (pid == 0) {
		uint8_t *data = NULL;
		size_t size = 0;

		if (path && !(data = read_input(path, &size))) {
			perror(path);
			_exit(2);
		}
		LLVMFuzzerTestOneInput(data ? data : (const uint8_t *)"", size);
		free(data);
		_exit(0);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			report(0, name, strerror(errno));
			return;
		}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		report(1, name, NULL);
		return;
	}
	if (WIFSIGNALED(status))
		snprintf(why, sizeof(why), "killed by signal %d", WTERMSIG(status));
	else
		snprintf(why, sizeof(why), "exit status %d", WEXITSTATUS(status));
	report(0, name, why);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* run_path - a file, or every regular file of a directory in name order
 * (so the TAP numbering is stable). */
static void run_path(const char *path)
{
	struct stat st;
	struct dirent *d;
	char **names = NULL;
	size_t n = 0;
	DIR *dir;

	if (stat(path, &st) < 0) {
		report(0, path, strerror(errno));
		return;
	}
	if (!S_ISDIR(st.st_mode)) {
		run_one(path);
		return;
	}
	dir = opendir(path);
	if (!dir) {
		report(0, path, strerror(errno));
		return;
	}
	while ((d = readdir(dir))) {
		char **grown;

		if (d->d_name[0] == '.')
			continue;
		grown = realloc(names, (n + 1) * sizeof(*names));
		if (!grown)
			abort();
		names = grown;
		if (asprintf(&names[n], "%s/%s", path, d->d_name) < 0)
			abort();
		n++;
	}
	closedir(dir);
	qsort(names, n, sizeof(*names), by_name);
	if (n == 0)
		report(0, path, "no seeds in the corpus directory");
	for (size_t i = 0; i < n; i++) {
		run_path(names[i]);
		free(names[i]);
	}
	free(names);
}

int main(int argc, char **argv)
{
	run_one(NULL);
	if (argc > 1) {
		for (int i = 1; i < argc; i++)
			run_path(argv[i]);
	} else {
		const char *top = getenv("top_srcdir");
		char *dir;

		if (!top)
			top = FUZZ_TOP_SRCDIR;
		if (asprintf(&dir, "%s/tests/fuzz/corpus/%s", top, FUZZ_CORPUS) < 0)
			return 2;
		run_path(dir);
		free(dir);
	}
	printf("1..%d\n", count);
	return failed ? 1 : 0;
}
