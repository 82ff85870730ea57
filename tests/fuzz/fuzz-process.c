/*
 * Fuzz harness: the per-process swap readers (status, smaps_rollup, smaps,
 * pagemap) and the cgroup reader.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The input is split at each "\n--8<--\n" into up to five files of a fake
 * /proc/1: status, smaps_rollup, smaps, pagemap, and a memory.stat (plus
 * memory.swap.current: the same bytes) for swap_cgroup_read.  A missing part
 * leaves its file out.  Properties checked:
 *  - next/read return 1, 0 or -errno, never more results than one process;
 *  - a returned process has NUL-terminated name and cmdline, pid 1, flags
 *    only SMAPS/TYPES, type_pages only with TYPES, shmem <= swap;
 *  - totals succeed and count each entry once (never more entries than
 *    the pagemap part has 8-byte words);
 *  - swap_process_area_share splits Used into processes + other (never
 *    below zero) for each of two areas and their sum;
 *  - close leaves no descriptor open;
 *  - swap_cgroup_walk over the cgroup directory calls back at most once,
 *    for "/", with what swap_cgroup_read gave, and leaves no descriptor
 *    open.
 */
#include "fuzz.h"

#include <sys/stat.h>

#include "libswap.h"

static const char *const parts[] = { "status", "smaps_rollup", "smaps", "pagemap", "memory.stat" };
static char root[64], pid_dir[80], cg_dir[80];

static void cleanup(void)
{
	char path[128];

	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", pid_dir, parts[i]);
		unlink(path);
		snprintf(path, sizeof(path), "%s/%s", cg_dir, parts[i]);
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s/memory.swap.current", cg_dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/cmdline", pid_dir);
	unlink(path);
	rmdir(pid_dir);
	rmdir(cg_dir);
	rmdir(root);
}

static void put(const char *dir, const char *name, const uint8_t *data, size_t len, int present)
{
	char path[128];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	unlink(path);
	if (!present)
		return;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || (len && write(fd, data, len) != (ssize_t)len))
		abort();
	close(fd);
}

static int walk_check(const char *path, const struct swap_cgroup *c, void *data)
{
	const struct swap_cgroup *want = data;

	fuzz_assert(!strcmp(path, "/"), "walk: path %s", path);
	fuzz_assert(c->version == want->version && c->swap_bytes == want->swap_bytes,
		    "walk: figures differ from swap_cgroup_read");
	return 1;
}

static void check(const struct swap_process *p, size_t words)
{
	uint64_t sum = 0;

	fuzz_assert(p->pid == 1, "pid %d", (int)p->pid);
	fuzz_assert(p->name && strlen(p->name) < 64, "name");
	fuzz_assert(p->cmdline != NULL, "cmdline");
	fuzz_assert(!(p->flags & ~(SWAP_PROCESS_SMAPS | SWAP_PROCESS_TYPES)), "flags %#x", p->flags);
	for (int t = 0; t < SWAP_PROCESS_MAX_TYPES; t++)
		sum += p->type_pages[t];
	fuzz_assert(sum <= words, "%ju entries from %zu words", (uintmax_t)sum, words);
	fuzz_assert(sum == 0 || (p->flags & SWAP_PROCESS_TYPES) || !(p->flags & SWAP_PROCESS_SMAPS),
		    "type_pages without TYPES");
}

/* The per-area split of whatever the totals hold: Used of 2 areas, 1 MiB
 * each; processes + other is Used whenever the split is known, Used or more
 * (the processes' part) otherwise never below zero. */
static void check_shares(const struct swap_process_totals *t)
{
	static const uint64_t used[2] = { 1024, 1024 };
	int line[SWAP_PROCESS_MAX_TYPES];

	swap_process_map_types(t->type_pages, 2, line);
	for (int area = -1; area < 2; area++) {
		struct swap_area_share sh = { .size = sizeof(sh) };
		uint64_t u = area < 0 ? 2048 : 1024;

		fuzz_assert(swap_process_area_share(t, used, 2, line, area, &sh) == 0,
			    "area_share %d failed", area);
		fuzz_assert(sh.processes_kib >= u || sh.processes_kib + sh.other_kib == u,
			    "area %d: %ju + %ju is not Used", area, (uintmax_t)sh.processes_kib,
			    (uintmax_t)sh.other_kib);
		fuzz_assert(sh.slot >= -1 && sh.slot < SWAP_PROCESS_MAX_TYPES, "slot %d", sh.slot);
		fuzz_assert((sh.flags & SWAP_AREA_SHARE_KNOWN) || !sh.processes_kib,
			    "area %d: a figure that is not known", area);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char sep[] = "\n--8<--\n";
	const uint8_t *start[5] = { 0 };
	size_t len[5] = { 0 }, words;
	struct swap_process_iter *it = NULL;
	struct swap_process p = { .size = sizeof(p) };
	struct swap_process_totals t = { .size = sizeof(t) };
	struct swap_cgroup c = { .size = sizeof(c) };
	const uint8_t *cur = data, *end = data + size;
	int n = 0, rc, rc2, before, results = 0;

	/* a fresh tree per input, removed before returning: the standalone
	 * driver runs each input in a child that leaves with _exit() */
	strcpy(root, "/tmp/fuzz-process-XXXXXX");
	if (!mkdtemp(root))
		abort();
	snprintf(pid_dir, sizeof(pid_dir), "%s/1", root);
	snprintf(cg_dir, sizeof(cg_dir), "%s/cg", root);
	if (mkdir(pid_dir, 0700) || mkdir(cg_dir, 0700))
		abort();
	while (n < 5) {
		const uint8_t *s = memmem(cur, (size_t)(end - cur), sep, sizeof(sep) - 1);

		start[n] = cur;
		len[n++] = s ? (size_t)(s - cur) : (size_t)(end - cur);
		if (!s)
			break;
		cur = s + sizeof(sep) - 1;
	}
	for (int i = 0; i < 4; i++)
		put(pid_dir, parts[i], start[i], len[i], i < n);
	put(pid_dir, "cmdline", data, size < 64 ? size : 64, 1);
	put(cg_dir, "memory.stat", start[4], len[4], n == 5);
	put(cg_dir, "memory.swap.current", start[4], len[4], n == 5 && size % 2);
	words = n > 3 ? len[3] / 8 : 0;

	before = fuzz_lowest_fd();
	rc = swap_process_open(root, SWAP_PROCESS_ALL, &it);
	fuzz_assert(rc == 0, "open returned %d", rc);
	while ((rc = swap_process_next(it, &p)) == 1) {
		fuzz_assert(++results <= 1, "more processes than directories");
		check(&p, words);
	}
	fuzz_assert(rc <= 0, "next returned %d", rc);
	rc = swap_process_read(it, 1, &p);
	fuzz_assert(rc == 1 || rc == 0 || rc == -ESRCH || rc < 0, "read returned %d", rc);
	if (rc == 1)
		check(&p, words);
	fuzz_assert(swap_process_totals(it, &t) == 0, "totals failed");
	swap_process_close(it);
	check_shares(&t);
	fuzz_assert(fuzz_lowest_fd() == before, "close left a file descriptor open");

	rc = swap_cgroup_read(cg_dir, &c);
	fuzz_assert(rc == 0 || rc < 0, "cgroup read returned %d", rc);
	if (rc == 0)
		fuzz_assert(c.version == 1 || c.version == 2, "version %d", c.version);
	before = fuzz_lowest_fd();
	rc2 = swap_cgroup_walk(cg_dir, walk_check, &c);
	fuzz_assert(rc2 == (rc == 0), "walk returned %d, read %d", rc2, rc);
	fuzz_assert(fuzz_lowest_fd() == before, "walk left a file descriptor open");
	cleanup();
	return 0;
}
