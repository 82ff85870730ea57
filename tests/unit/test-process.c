/*
 * test-process.c - unit tests of the per-process swap accounting and the
 * cgroup reader, over the fixture trees tests/data/proc-lsswap*,
 * tests/data/cgroup-* (see tests/data/README.lsswap).
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "libswap.h"
#include "tap.h"

static const char *testdata;

static void path_of(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/%s", testdata, name);
}

static struct swap_process *find(struct swap_process *ps, int n, pid_t pid)
{
	for (int i = 0; i < n; i++)
		if (ps[i].pid == pid)
			return &ps[i];
	return NULL;
}

static int read_all(const char *root, unsigned flags, struct swap_process *ps, int max,
		    struct swap_process_totals *t)
{
	struct swap_process_iter *it = NULL;
	int n = 0, rc;

	is_int(swap_process_open(root, flags, &it), 0, "open %s", root);
	if (!it)
		return 0;
	for (;;) {
		struct swap_process p = { .size = sizeof(p) };

		rc = swap_process_next(it, &p);
		if (rc != 1 || n == max)
			break;
		p.name = strdup(p.name);
		p.cmdline = strdup(p.cmdline);
		p.memcg = p.memcg ? strdup(p.memcg) : NULL;
		ps[n++] = p;
	}
	is_int(rc, 0, "iteration ends with 0");
	t->size = sizeof(*t);
	is_int(swap_process_totals(it, t), 0, "totals");
	swap_process_close(it);
	return n;
}

static void free_all(struct swap_process *ps, int n)
{
	for (int i = 0; i < n; i++) {
		free((char *)ps[i].name);
		free((char *)ps[i].cmdline);
		free((char *)ps[i].memcg);
	}
}

static void test_processes(void)
{
	struct swap_process ps[8], *p;
	struct swap_process_totals t;
	char root[4096];
	int n;

	path_of(root, sizeof(root), "proc-lsswap");
	n = read_all(root, 0, ps, 8, &t);
	is_int(n, 2, "two processes hold swap (kernel thread, idle, exiting, non-pid skipped)");

	p = find(ps, n, 100);
	ok(p != NULL, "pid 100 found");
	if (p) {
		is_str(p->name, "eater", "name from status");
		is_str(p->cmdline, "eater -p 8", "cmdline joined by spaces");
		is_int(p->uid, 1000, "real uid");
		is_int(p->swap_kib, 16, "Swap from smaps_rollup");
		is_int(p->swap_pss_kib, 6, "SwapPss from smaps_rollup");
		is_int(p->vmswap_kib, 8, "VmSwap from status");
		is_int(p->shmem_swap_kib, 8, "shared memory: smaps Swap beyond the page-table entries");
		is_int(p->flags, SWAP_PROCESS_SMAPS | SWAP_PROCESS_TYPES, "flags");
		is_int(p->type_pages[0], 1, "one entry of type 0");
		is_int(p->type_pages[1], 1, "one entry of type 1");
		is_int(p->type_pages[2], 0, "none of type 2");
		is_str(p->memcg, "/batch/job1", "memcg: the v1 line naming memory among others");
	}
	p = find(ps, n, 101);
	ok(p != NULL, "pid 101 found");
	if (p) {
		is_int(p->swap_kib, 12, "child: Swap");
		is_int(p->shmem_swap_kib, 8, "child: the same shared object");
		is_int(p->type_pages[1], 1, "child: the entry it shares with its parent");
		is_str(p->memcg, "/work/eater", "memcg: the v2 line when no v1 line names memory");
	}
	is_int(t.processes, 2, "totals: processes");
	is_int(t.unreadable, 0, "totals: nothing unreadable");
	is_int(t.flags, SWAP_PROCESS_SMAPS | SWAP_PROCESS_TYPES, "totals: flags");
	is_int(t.type_pages[0], 1, "totals: type 0 once");
	is_int(t.type_pages[1], 1, "totals: the forked entry once");
	is_int(t.shmem_swap_kib, 8, "totals: the shared object once");
	is_int(t.swap_kib, 2 * sysconf(_SC_PAGESIZE) / 1024 + 8, "totals: distinct entries + shmem");
	is_int(t.swap_pss_kib, 8, "totals: SwapPss summed");
	free_all(ps, n);

	n = read_all(root, SWAP_PROCESS_ALL, ps, 8, &t);
	is_int(n, 4, "SWAP_PROCESS_ALL: kernel thread and idle process too");
	p = find(ps, n, 103);
	ok(p && p->swap_kib == 0 && p->cmdline[0] == '\0', "kernel thread: no swap, empty cmdline");
	ok(p && p->memcg == NULL, "no cgroup file: memcg NULL");
	ok(find(ps, n, 104) == NULL, "a process whose status is cut short is skipped");
	free_all(ps, n);
}

/* How many more processes _next returns; -1 on an error. */
static int count_rest(struct swap_process_iter *it)
{
	struct swap_process p = { .size = sizeof(p) };
	int n = 0, rc;

	while ((rc = swap_process_next(it, &p)) == 1)
		n++;
	return rc < 0 ? -1 : n;
}

/* The read-ahead workers run between the calls: an iteration left after
 * one process, a swap_process_read in the middle of one, and a child forked
 * in the middle of one (where the workers are not) all end well. */
static void test_many_midway(const char *root)
{
	struct swap_process_iter *it = NULL;
	struct swap_process p = { .size = sizeof(p) };
	struct swap_process_totals t = { .size = sizeof(t) };
	int status = -1;
	pid_t child;

	if (swap_process_open(root, 0, &it) == 0) {
		is_int(swap_process_next(it, &p), 1, "midway: one process, then close");
		swap_process_close(it);
	}
	if (swap_process_open(root, 0, &it) == 0) {
		is_int(swap_process_next(it, &p), 1, "midway: one process");
		is_int(swap_process_read(it, 10, &p), 1, "midway: swap_process_read");
		is_int(count_rest(it), 99, "midway: the iteration goes on");
		swap_process_totals(it, &t);
		is_int(t.processes, 101, "midway: the one read counted too");
		swap_process_close(it);
	}
	if (swap_process_open(root, 0, &it) < 0)
		return;
	is_int(swap_process_next(it, &p), 1, "fork: one process before");
	fflush(stdout);
	child = fork();
	if (child == 0) {
		alarm(30);	/* a hang fails the test instead of the suite */
		status = count_rest(it);
		swap_process_totals(it, &t);
		swap_process_close(it);
		_exit(status == 99 && t.processes == 100 ? 0 : 1);
	}
	ok(child > 0 && waitpid(child, &status, 0) == child && WIFEXITED(status) &&
	   WEXITSTATUS(status) == 0, "fork: the child reads the other 99 itself");
	is_int(count_rest(it), 99, "fork: the parent's iteration goes on");
	swap_process_close(it);
}

/*
 * Many processes: a root of 1,000 PIDs (symbolic links to the fixture's
 * processes: every 10th one the eater 100, the others the kernel thread
 * 103 or the idle 105), enough for the smaps_rollup read-ahead to run in
 * several threads wherever there are several CPUs.  Each eater must come
 * back exactly once with the eater's figures, and the totals count the
 * entries they all share once.
 */
static void test_many(void)
{
	char root[] = "/tmp/test-process.XXXXXX", src[4096], link[4096 + 64];
	struct swap_process_iter *it = NULL;
	struct swap_process p = { .size = sizeof(p) };
	struct swap_process_totals t = { .size = sizeof(t) };
	static unsigned char seen[1001];
	int n = 0, wrong = 0, twice = 0, rc;

	if (!mkdtemp(root)) {
		ok(0, "mkdtemp");
		return;
	}
	for (int pid = 1; pid <= 1000; pid++) {
		path_of(src, sizeof(src), pid % 10 == 0 ? "proc-lsswap/100" :
			pid % 2 ? "proc-lsswap/103" : "proc-lsswap/105");
		snprintf(link, sizeof(link), "%s/%d", root, pid);
		if (symlink(src, link) < 0)
			wrong++;
	}
	is_int(wrong, 0, "1000 fixture PIDs");
	is_int(swap_process_open(root, 0, &it), 0, "open the root of 1000 PIDs");
	while (it && (rc = swap_process_next(it, &p)) == 1) {
		n++;
		if (p.pid < 1 || p.pid > 1000 || p.pid % 10 || p.swap_kib != 16 ||
		    p.swap_pss_kib != 6 || strcmp(p.name, "eater"))
			wrong++;
		else if (seen[p.pid]++)
			twice++;
	}
	is_int(n, 100, "the 100 eaters, each once");
	is_int(wrong, 0, "each with the eater's figures");
	is_int(twice, 0, "none twice");
	if (it) {
		is_int(swap_process_totals(it, &t), 0, "totals");
		is_int(t.processes, 100, "totals: 100 processes");
		is_int(t.swap_kib, 2 * sysconf(_SC_PAGESIZE) / 1024 + 8,
		       "totals: the shared entries and object once");
		is_int(t.swap_pss_kib, 600, "totals: SwapPss summed");
		swap_process_close(it);
	}
	test_many_midway(root);
	for (int pid = 1; pid <= 1000; pid++) {
		snprintf(link, sizeof(link), "%s/%d", root, pid);
		unlink(link);
	}
	rmdir(root);
}

static void test_read_one(void)
{
	struct swap_process_iter *it = NULL;
	struct swap_process small = { .size = offsetof(struct swap_process, uid) };
	struct swap_process p = { .size = sizeof(p) };
	char root[4096];

	path_of(root, sizeof(root), "proc-lsswap");
	if (swap_process_open(root, 0, &it) < 0) {
		ok(0, "open");
		return;
	}
	is_int(swap_process_read(it, 100, &p), 1, "read pid 100");
	is_int(p.swap_kib, 16, "its Swap");
	is_int(swap_process_read(it, 105, &p), 0, "pid 105 holds no swap");
	is_int(swap_process_read(it, 999, &p), -ESRCH, "no pid 999");
	is_int(swap_process_read(it, 104, &p), -ESRCH, "pid 104 is exiting");
	small.uid = 4242;
	is_int(swap_process_read(it, 100, &small), 1, "a caller with an older, smaller struct");
	is_int(small.pid, 100, "gets the fields that fit");
	is_int(small.uid, 4242, "and nothing past its size");
	is_int(swap_process_read(it, 0, &p), -EINVAL, "pid 0");
	swap_process_close(it);
	is_int(swap_process_open("/nonexistent-proc", 0, &it), -ENOENT, "missing root");
}

static void test_hidden(void)
{
	struct swap_process ps[2];
	struct swap_process_totals t;
	char root[4096];
	int n;

	path_of(root, sizeof(root), "proc-lsswap-hidden");
	n = read_all(root, 0, ps, 2, &t);
	is_int(n, 1, "hidden: one process");
	if (n == 1) {
		is_int(ps[0].flags, SWAP_PROCESS_SMAPS, "no smaps_rollup: sums from smaps; types hidden");
		is_int(ps[0].swap_kib, 8, "Swap summed from smaps");
		is_int(ps[0].swap_pss_kib, 8, "SwapPss summed from smaps");
		is_int(ps[0].type_pages[0], 0, "no type counted when the kernel hides them");
	}
	is_int(t.flags, SWAP_PROCESS_SMAPS, "totals: no types");
	is_int(t.swap_kib, 8, "totals without types: the proportional shares");
	free_all(ps, n);
}

static void map_is(const char *what, const int *used, int n, unsigned nareas, int want_left,
		   const int *want)
{
	uint64_t pages[SWAP_PROCESS_MAX_TYPES] = { 0 };
	int line[SWAP_PROCESS_MAX_TYPES];
	int same = 1;

	for (int i = 0; i < n; i++)
		pages[used[i]] = 3;
	is_int(swap_process_map_types(pages, nareas, line), want_left, "%s: unmapped", what);
	for (int i = 0; i < n; i++)
		same &= line[used[i]] == want[i];
	ok(same, "%s: lines", what);
}

static void test_map_types(void)
{
	int line[SWAP_PROCESS_MAX_TYPES];

	map_is("no holes", (int[]){ 0, 1 }, 2, 2, 0, (int[]){ 0, 1 });
	map_is("as many types as areas, holes below", (int[]){ 2, 5 }, 2, 2, 0, (int[]){ 0, 1 });
	map_is("prefix 0..1 of three areas", (int[]){ 0, 1 }, 2, 3, 0, (int[]){ 0, 1 });
	map_is("type 2 alone of two areas: a hole", (int[]){ 2 }, 1, 2, 1, (int[]){ -1 });
	map_is("type 1 alone of two areas", (int[]){ 1 }, 1, 2, 1, (int[]){ -1 });
	map_is("0 and 2 of three areas", (int[]){ 0, 2 }, 2, 3, 1, (int[]){ 0, -1 });
	map_is("type 0 alone of one area", (int[]){ 0 }, 1, 1, 0, (int[]){ 0 });
	map_is("type 3 alone of one area", (int[]){ 3 }, 1, 1, 0, (int[]){ 0 });
	map_is("more types than areas", (int[]){ 0, 1, 2 }, 3, 2, 1, (int[]){ 0, 1, -1 });
	is_int(swap_process_map_types(NULL, 1, line), -EINVAL, "NULL pages");
}

static void share_is(const char *what, const struct swap_process_totals *t, const uint64_t *used,
		     unsigned nareas, int area, int want_slot, unsigned want_flags,
		     uint64_t want_procs, uint64_t want_other)
{
	struct swap_area_share sh = { .size = sizeof(sh) };
	int line[SWAP_PROCESS_MAX_TYPES];

	swap_process_map_types(t->type_pages, nareas, line);
	is_int(swap_process_area_share(t, used, nareas, line, area, &sh), 0, "%s: result", what);
	is_int(sh.slot, want_slot, "%s: slot", what);
	is_int(sh.flags, want_flags, "%s: flags", what);
	ok(sh.processes_kib == want_procs, "%s: processes %ju", what, (uintmax_t)sh.processes_kib);
	ok(sh.other_kib == want_other, "%s: other %ju", what, (uintmax_t)sh.other_kib);
}

static void test_area_share(void)
{
	struct swap_process_totals t = { .size = sizeof(t), .flags = SWAP_PROCESS_TYPES,
					 .processes = 2 };
	struct swap_area_share sh = { .size = sizeof(sh) };
	uint64_t used[3] = { 100, 60, 8 };
	int line[SWAP_PROCESS_MAX_TYPES];
	const unsigned K = 4;	/* KiB per page (4 KiB pages, checked in main) */

	/* two areas, both slots in use: each line is its slot */
	t.type_pages[0] = 20;
	t.type_pages[1] = 10;
	share_is("line 0", &t, used, 2, 0, 0, SWAP_AREA_SHARE_KNOWN, 20 * K, 100 - 20 * K);
	share_is("line 1", &t, used, 2, 1, 1, SWAP_AREA_SHARE_KNOWN, 10 * K, 60 - 10 * K);
	share_is("all", &t, used, 2, -1, -1, SWAP_AREA_SHARE_KNOWN, 30 * K, 160 - 30 * K);

	/* a page left swap between the reads: other is 0, not negative */
	used[1] = 30;
	share_is("used below processes", &t, used, 2, 1, 1, SWAP_AREA_SHARE_KNOWN, 10 * K, 0);
	used[1] = 60;

	/* three areas, types 0 and 2 in use: type 2 cannot be placed, so
	 * line 0 is certain and lines 1 and 2 are not */
	t.type_pages[1] = 0;
	t.type_pages[2] = 5;
	share_is("certain line", &t, used, 3, 0, 0, SWAP_AREA_SHARE_KNOWN, 20 * K, 100 - 20 * K);
	share_is("maybe the unmapped slot", &t, used, 3, 1, -1, 0, 0, 60);
	share_is("all, unmapped slot counted", &t, used, 3, -1, -1, SWAP_AREA_SHARE_KNOWN,
		 25 * K, 168 - 25 * K);

	/* types hidden (not root): nothing known, also for the sum */
	t.flags = SWAP_PROCESS_SMAPS;
	share_is("no types", &t, used, 3, 0, -1, 0, 0, 100);
	share_is("no types, all", &t, used, 3, -1, -1, 0, 0, 168);

	/* no process read: nothing in page tables, which is known */
	memset(t.type_pages, 0, sizeof(t.type_pages));
	t.processes = 0;
	share_is("no process", &t, used, 3, 2, -1, SWAP_AREA_SHARE_KNOWN, 0, 8);

	swap_process_map_types(t.type_pages, 3, line);
	is_int(swap_process_area_share(&t, used, 3, line, 3, &sh), -EINVAL, "line out of range");
	is_int(swap_process_area_share(&t, NULL, 3, line, 0, &sh), -EINVAL, "no Used");
	sh.size = 0;
	is_int(swap_process_area_share(&t, used, 3, line, 0, &sh), -EINVAL, "size not set");
}

static void cgroup_is(const char *dir, int want_rc, int version, uint64_t swap, uint64_t limit,
		      uint64_t memory, uint64_t memory_limit)
{
	struct swap_cgroup c = { .size = sizeof(c) };
	char path[4096];

	path_of(path, sizeof(path), dir);
	is_int(swap_cgroup_read(path, &c), want_rc, "%s: result", dir);
	if (want_rc)
		return;
	is_int(c.version, version, "%s: version", dir);
	ok(c.swap_bytes == swap, "%s: swap %ju", dir, (uintmax_t)c.swap_bytes);
	ok(c.limit_bytes == limit, "%s: limit %ju", dir, (uintmax_t)c.limit_bytes);
	ok(c.memory_bytes == memory, "%s: memory %ju", dir, (uintmax_t)c.memory_bytes);
	ok(c.memory_limit_bytes == memory_limit, "%s: memory limit %ju", dir,
	   (uintmax_t)c.memory_limit_bytes);
}

static void test_cgroups(void)
{
	cgroup_is("cgroup-v2", 0, 2, 8192, SWAP_CGROUP_UNLIMITED, 1048576, 2097152);
	cgroup_is("cgroup-v2-limited", 0, 2, 0, 1073741824, 4096, SWAP_CGROUP_UNLIMITED);
	cgroup_is("cgroup-v1", 0, 1, 12288 + 8192, SWAP_CGROUP_UNLIMITED, 4456448, 8388608);
	cgroup_is("cgroup-v1-noswap", -ENOENT, 0, 0, 0, 0, 0);
	cgroup_is("cgroup-garbage", -EINVAL, 0, 0, 0, 0, 0);
	cgroup_is("no-such-cgroup", -ENOENT, 0, 0, 0, 0, 0);
}

struct walk_seen {
	char paths[8][32];
	uint64_t swap[8];
	int n, stop_at;
};

static int walk_fn(const char *path, const struct swap_cgroup *c, void *data)
{
	struct walk_seen *w = data;

	if (w->n < 8) {
		snprintf(w->paths[w->n], sizeof(w->paths[0]), "%s", path);
		w->swap[w->n] = c->swap_bytes;
	}
	w->n++;
	return w->n == w->stop_at ? 7 : 0;
}

static void put_file(const char *dir, const char *name, const char *text)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

/* A process the read-ahead finds with swap is read whole there and then
 * (status, smaps, pagemap right after its smaps_rollup): one whose PID is
 * reused by another process before its turn comes is reported as it was
 * read, never with the figures of one and the status of the other. */
static void test_read_whole(void)
{
	static const char *const files[] = { "cgroup", "cmdline", "pagemap", "smaps", "status" };
	char root[] = "/tmp/test-process.XXXXXX", dir[256], name[64], file[512], link[4096];
	struct swap_process_iter *it = NULL;
	struct swap_process p = { .size = sizeof(p) };
	int wrong = 0;

	if (!mkdtemp(root)) {
		ok(0, "mkdtemp");
		return;
	}
	for (int pid = 1; pid <= 2; pid++) {
		snprintf(dir, sizeof(dir), "%s/%d", root, pid);
		if (mkdir(dir, 0755) < 0)
			wrong++;
		for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
			snprintf(name, sizeof(name), "proc-lsswap/100/%s", files[i]);
			path_of(link, sizeof(link), name);
			snprintf(file, sizeof(file), "%s/%s", dir, files[i]);
			if (symlink(link, file) < 0)
				wrong++;
		}
		put_file(dir, "smaps_rollup", "Rss: 100 kB\nSwap: 16 kB\nSwapPss: 6 kB\n");
	}
	is_int(wrong, 0, "two fixture PIDs");
	is_int(swap_process_open(root, 0, &it), 0, "open");
	if (it) {
		is_int(swap_process_next(it, &p), 1, "the first of two with swap");
		/* the other PID goes to a process without swap after the
		 * read-ahead */
		snprintf(dir, sizeof(dir), "%s/%d", root, p.pid == 1 ? 2 : 1);
		put_file(dir, "smaps_rollup", "Rss: 100 kB\nSwap: 0 kB\nSwapPss: 0 kB\n");
		snprintf(file, sizeof(file), "%s/status", dir);
		unlink(file);
		put_file(dir, "status", "Name:\treused\nUid:\t0 0 0 0\nVmSwap:\t0 kB\n");
		is_int(swap_process_next(it, &p), 1, "the other: as it was read ahead");
		is_int((int)p.swap_kib, 16, "the other: its swap as read ahead");
		ok(p.name && !strcmp(p.name, "eater"), "the other: its status read with its swap");
		swap_process_close(it);
	}
	for (int pid = 1; pid <= 2; pid++) {
		snprintf(dir, sizeof(dir), "%s/%d", root, pid);
		for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
			snprintf(file, sizeof(file), "%s/%s", dir, files[i]);
			unlink(file);
		}
		snprintf(file, sizeof(file), "%s/smaps_rollup", dir);
		unlink(file);
		rmdir(dir);
	}
	rmdir(root);
}

static void put_bytes(const char *dir, const char *name, const void *data, size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (f) {
		fwrite(data, 1, len, f);
		fclose(f);
	}
}

#define PM_SWAP(type, off)	((1ULL << 62) | ((uint64_t)(off) << 5) | (type))

/* One process of a made-up root: @n pages in one mapping from address 0,
 * page i in swap at entry(i). */
static void put_swapper(const char *root, int pid, size_t n, uint64_t (*entry)(size_t))
{
	char dir[256], text[512];
	uint64_t *pm = calloc(n, sizeof(*pm));
	unsigned long kib = (unsigned long)(n * 4);

	snprintf(dir, sizeof(dir), "%s/%d", root, pid);
	mkdir(dir, 0755);
	snprintf(text, sizeof(text), "Name:\tswapper%d\nUid:\t0\t0\t0\t0\nVmSwap:\t%lu kB\n", pid, kib);
	put_file(dir, "status", text);
	snprintf(text, sizeof(text), "Rss: 0 kB\nSwap: %lu kB\nSwapPss: %lu kB\n", kib, kib);
	put_file(dir, "smaps_rollup", text);
	snprintf(text, sizeof(text), "00000000-%08lx rw-p 00000000 00:00 0 \nSize: %lu kB\n"
		 "Swap: %lu kB\nSwapPss: %lu kB\n", (unsigned long)(n * 4096), kib, kib, kib);
	put_file(dir, "smaps", text);
	put_file(dir, "cmdline", "");
	for (size_t i = 0; pm && i < n; i++)
		pm[i] = entry(i);
	if (pm)
		put_bytes(dir, "pagemap", pm, n * sizeof(*pm));
	free(pm);
}

/* Remove what put_swapper made (and a pagemap made a directory). */
static void remove_swapper(const char *root, int pid)
{
	static const char *const files[] = { "status", "smaps_rollup", "smaps", "cmdline",
					     "pagemap" };
	char path[512];

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%d/%s", root, pid, files[i]);
		remove(path);
	}
	snprintf(path, sizeof(path), "%s/%d", root, pid);
	rmdir(path);
}

static uint64_t every_other(size_t i) { return PM_SWAP(0, 10 + 2 * i); }
static uint64_t one_run(size_t i) { return PM_SWAP(0, 10 + i); }
/* 6000 entries of area 1 in falling order, then the last offset of area 0
 * and the first of area 1: consecutive keys, yet two areas */
static uint64_t falling_then_edge(size_t i)
{
	if (i < 6000)
		return PM_SWAP(1, 6000 - i);
	return i == 6000 ? PM_SWAP(0, (1ULL << 50) - 1) : PM_SWAP(1, 0);
}
/* offsets 1..20000 of area 2 in scattered order (7919 is prime to 20000) */
static uint64_t scattered(size_t i) { return PM_SWAP(2, 1 + (i * 7919) % 20000); }
/* offsets 10001..30000 of area 2, half of them the scattered ones */
static uint64_t half_shared(size_t i) { return PM_SWAP(2, 10001 + i); }

/* Distinct entries over many processes: 5,000 single entries (more than
 * the first array of runs holds: merged, it stays as full, so it grows), a
 * run that covers them all, 6,000 entries in falling order (merged, they
 * are one run: no growth), two consecutive keys of different areas, and
 * 20,000 entries in scattered order half shared with another process. */
static void test_entry_runs(void)
{
	char root[] = "/tmp/test-process.XXXXXX";
	struct swap_process ps[6], *p;
	struct swap_process_totals t;
	int n;

	if (!mkdtemp(root)) {
		ok(0, "mkdtemp");
		return;
	}
	put_swapper(root, 1, 5000, every_other);
	put_swapper(root, 2, 10000, one_run);
	put_swapper(root, 3, 6002, falling_then_edge);
	put_swapper(root, 4, 20000, scattered);
	put_swapper(root, 5, 20000, half_shared);
	n = read_all(root, 0, ps, 6, &t);
	is_int(n, 5, "runs: five processes");
	p = find(ps, n, 1);
	ok(p && p->type_pages[0] == 5000, "runs: every other offset, each counted");
	p = find(ps, n, 3);
	ok(p && p->type_pages[0] == 1 && p->type_pages[1] == 6001, "runs: the edge of two areas");
	p = find(ps, n, 4);
	ok(p && p->type_pages[2] == 20000, "runs: scattered entries, each counted");
	is_int(t.type_pages[0], 10001, "runs: area 0, the covered entries once");
	is_int(t.type_pages[1], 6001, "runs: area 1, falling order and offset 0");
	is_int(t.type_pages[2], 30000, "runs: area 2, scattered and shared entries once");
	is_int(t.swap_kib, 46002 * 4, "runs: total of distinct entries");
	/* the totals again: the same, although the first call sorted */
	{
		struct swap_process_iter *it = NULL;
		struct swap_process q = { .size = sizeof(q) };
		struct swap_process_totals t2 = { .size = sizeof(t2) };
		int rc = 0, differ = 0;

		if (swap_process_open(root, 0, &it) == 0) {
			while ((rc = swap_process_next(it, &q)) == 1) {
				struct swap_process_totals t3 = { .size = sizeof(t3) };

				swap_process_totals(it, &t2);
				swap_process_totals(it, &t3);
				differ += memcmp(t2.type_pages, t3.type_pages, sizeof(t2.type_pages)) != 0;
			}
			swap_process_totals(it, &t2);
			swap_process_close(it);
		}
		is_int(differ, 0, "runs: totals asked twice after each process agree");
		ok(rc == 0 && t2.type_pages[0] == 10001 && t2.type_pages[1] == 6001 &&
		   t2.type_pages[2] == 30000, "runs: and the last ones are the totals");
	}
	free_all(ps, n);
	for (int pid = 1; pid <= 5; pid++)
		remove_swapper(root, pid);
	rmdir(root);
}

/* A process with swap whose pagemap cannot be read: its sums are
 * smaps_rollup's (which differ from smaps' here, to tell them apart), no
 * split by area, and it counts as partial. */
static void test_walk_fails(void)
{
	char root[] = "/tmp/test-process.XXXXXX", dir[256], path[512];
	struct swap_process ps[2];
	struct swap_process_totals t;
	int n;

	if (!mkdtemp(root)) {
		ok(0, "mkdtemp");
		return;
	}
	put_swapper(root, 1, 8, one_run);
	snprintf(dir, sizeof(dir), "%s/1", root);
	put_file(dir, "smaps_rollup", "Rss: 0 kB\nSwap: 40 kB\nSwapPss: 36 kB\n");
	snprintf(path, sizeof(path), "%s/1/pagemap", root);
	unlink(path);
	mkdir(path, 0755);	/* opens, but reads fail with EISDIR */
	n = read_all(root, 0, ps, 2, &t);
	is_int(n, 1, "walk fails: the process is still returned");
	if (n == 1) {
		is_int(ps[0].swap_kib, 40, "walk fails: Swap from smaps_rollup");
		is_int(ps[0].swap_pss_kib, 36, "walk fails: SwapPss from smaps_rollup");
		is_int(ps[0].flags, SWAP_PROCESS_SMAPS, "walk fails: no split by area");
	}
	is_int(t.unreadable, 1, "walk fails: counted as not read fully");
	free_all(ps, n);
	remove_swapper(root, 1);
	rmdir(root);
}

/* swap_cgroup_walk over a tree of v2 cgroups: the root first, each
 * directory before those below it, a directory without figures and a
 * symbolic link left out; a non-zero callback value stops the walk. */
static void test_cgroup_walk(void)
{
	char root[] = "/tmp/test-cgwalk.XXXXXX", p[4096], slash[4200];
	struct walk_seen w = { .stop_at = 0 };
	static const char *const made[] = {
		"a/b/memory.swap.current", "a/b", "a/memory.swap.current", "a", "c", "link",
		"plain-file", "memory.swap.current",
	};

	if (!mkdtemp(root)) {
		ok(0, "mkdtemp");
		return;
	}
	put_file(root, "memory.swap.current", "0\n");
	snprintf(p, sizeof(p), "%s/a", root);
	mkdir(p, 0700);
	put_file(p, "memory.swap.current", "8192\n");
	snprintf(p, sizeof(p), "%s/a/b", root);
	mkdir(p, 0700);
	put_file(p, "memory.swap.current", "4096\n");
	snprintf(p, sizeof(p), "%s/c", root);
	mkdir(p, 0700);
	snprintf(p, sizeof(p), "%s/link", root);
	if (symlink("a", p) < 0)
		ok(0, "symlink");
	put_file(root, "plain-file", "x\n");

	is_int(swap_cgroup_walk(root, walk_fn, &w), 0, "walk: result");
	is_int(w.n, 3, "walk: root, a, a/b (c has no figures, the link is not followed)");
	is_str(w.paths[0], "/", "walk: the root first, as /");
	is_str(w.paths[1], "/a", "walk: then /a");
	is_str(w.paths[2], "/a/b", "walk: /a/b after /a");
	ok(w.swap[1] == 8192 && w.swap[2] == 4096, "walk: the figures of each");

	snprintf(slash, sizeof(slash), "%s/", root);
	memset(&w, 0, sizeof(w));
	w.stop_at = 2;
	is_int(swap_cgroup_walk(slash, walk_fn, &w), 7, "walk: stops with the callback's value");
	is_int(w.n, 2, "walk: nothing after the stop");
	is_str(w.paths[1], "/a", "walk: a trailing slash on the root changes no path");

	is_int(swap_cgroup_walk(NULL, walk_fn, &w), -EINVAL, "walk: NULL root");
	is_int(swap_cgroup_walk(root, NULL, &w), -EINVAL, "walk: NULL callback");
	is_int(swap_cgroup_walk("/nonexistent-cgroup", walk_fn, &w), -ENOENT, "walk: no root");

	/* remove(): files and empty directories, the deepest first */
	for (size_t i = 0; i < sizeof(made) / sizeof(made[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", root, made[i]);
		remove(p);
	}
	rmdir(root);
}

int main(void)
{
	testdata = getenv("TESTDATA");
	if (!testdata)
		testdata = "tests/data";
	if (sysconf(_SC_PAGESIZE) != 4096) {
		tap_skip("the pagemap fixtures are for 4 KiB pages");
	} else {
		test_processes();
		test_read_one();
		test_many();
		test_read_whole();
		test_entry_runs();
		test_walk_fails();
		test_hidden();
		test_area_share();
	}
	test_map_types();
	test_cgroups();
	test_cgroup_walk();
	return done_testing();
}
