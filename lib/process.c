/*
 * process.c - which processes hold swap, how much, and in which area;
 * the swap charged to memory cgroups.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Cost model: one file, smaps_rollup, for every process (the kernel walks
 * the page tables once for it; nothing cheaper reports shared memory in
 * swap); status, cmdline, smaps and pagemap only for the few that hold
 * swap, and pagemap only over the mappings smaps says hold it.  The
 * reads of swap_process_next are spread over one thread per CPU besides
 * the caller's (struct prefetch); the caller adds what they read to the
 * totals, in PID order.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

#define PROC_ROOT "/proc"

/* pagemap entry bits (Documentation/admin-guide/mm/pagemap.rst) */
#define PM_SWAPPED	(1ULL << 62)
#define PM_TYPE_BITS	5
#define PM_OFFSET_MASK	((1ULL << 50) - 1)	/* bits 5-54 */

/* Swap entries [start, start + len) of one area: a key is the type << 50
 * | the offset, so a run of consecutive offsets is a run of keys. */
struct entry_run {
	uint64_t start, len;
};

#define KEY_TYPE(k)	((unsigned)((k) >> 50) & (SWAP_PROCESS_MAX_TYPES - 1))

struct shmem_key {
	unsigned long long dev_major, dev_minor, ino, pgoff, pages;
};

/* A growing read buffer. */
struct rbuf {
	char *p;
	size_t size;
};

/* Swap charged to a mapping beyond its swap entries: shared memory, whose
 * entries sit in the shmem object @key; counted once over all processes. */
struct shmem_hit {
	struct shmem_key key;
	uint64_t kib;
};

/* What an iteration's readers share; read only while the workers run. */
struct scan {
	int dfd;		/* the root */
	unsigned flags;
	long pagesize;
	int has_rollup;		/* -1 not known yet, 0 none (old kernel), 1 */
};

/*
 * Reading one process is split in two: a reader gathers its figures, and
 * its swap entries and shared memory as its own lists; the calling thread
 * then adds them to the iteration's totals (commit).  The gathering needs
 * nothing of the other processes, so a worker of the read-ahead can do it
 * for a process it finds with swap, right after its smaps_rollup.
 */
struct reader {
	struct rbuf buf;	/* file contents */
	pid_t pid;
	char name[64];
	char *cmdline;
	size_t cmdline_size;
	char *memcg;		/* the memory cgroup path (in memcg_buf), or NULL */
	char *memcg_buf;
	size_t memcg_size;
	struct entry_run *runs;	/* this process's swap entries, as runs */
	size_t nruns, runs_alloc;
	struct shmem_hit *shmem;
	size_t nshmem, shmem_alloc;
	int partial;		/* part of it could not be read */
	int exhausted;		/* a read failed for want of descriptors or memory */
	int rollup;		/* smaps_rollup: 1 read, 0 absent (smaps summed), -1 */
	struct held *made;	/* a block being filled (see hold), else NULL */
};

/* A process gathered by a worker, handed to the calling thread in one
 * block: the strings of @p and the lists point into it. */
struct held {
	struct swap_process p;
	int partial;
	size_t nruns, nshmem;
	struct entry_run *runs;
	struct shmem_hit *shmem;
};

/* What smaps_rollup said of one process, read ahead of the iteration. */
struct rollup {
	pid_t pid;
	int rc;			/* 0, or -errno of reading it */
	int ready;		/* set (release) once rc, the sums and @held are written */
	uint64_t swap_kib, swap_pss_kib;
	struct held *held;	/* the process read whole by a worker, or NULL */
};

#define PREFETCH_MAX_THREADS	8

/*
 * The read-ahead of swap_process_next: every PID of the root, and its
 * smaps_rollup read by several threads at once.  That file is nearly all
 * the cost of a scan (the kernel walks the page tables for it), and the
 * processes do not depend on each other, so the wall time divides by the
 * CPUs.  The thread that finds a process with swap reads the rest of it
 * too (status, smaps, pagemap: struct reader).  The sets that count shared
 * entries once stay the calling thread's: it goes through the PIDs in
 * order while the workers read ahead of it, adding each to the totals;
 * when its next PID is not read yet it takes a chunk itself, or waits
 * once none is left.
 */
struct prefetch;

/* A worker of the read-ahead.  Its reader is freed with the iterator, not
 * by the thread: a child forked while it ran can free it too. */
struct prefetch_worker {
	struct prefetch *pre;
	struct reader rd;
};

struct prefetch {
	struct rollup *r;
	size_t n, alloc;
	size_t pos;		/* the next one swap_process_next returns */
	size_t next;		/* the next chunk to take (atomic) */
	struct scan scan;	/* for the workers */
	int done;		/* 1 read ahead already, -errno listing failed */
	pthread_mutex_t lock;	/* with @chunk_done: waiting for an entry */
	pthread_cond_t chunk_done;
	pthread_t tid[PREFETCH_MAX_THREADS];
	struct prefetch_worker worker[PREFETCH_MAX_THREADS];
	unsigned threads;	/* workers started and not joined */
	pid_t owner;		/* the process that started them, or 0 */
	int forked;		/* this is a child forked while they ran */
};

static void prefetch_join(struct prefetch *pre);

struct swap_process_iter {
	char *root;
	unsigned flags;
	DIR *dir;
	struct reader rd;	/* the calling thread's */
	struct held *cur;	/* the process last returned, when a worker read it */
	struct prefetch pre;
	long pagesize;
	struct entry_run *runs;	/* the swap entries seen, as runs (see run_add) */
	size_t nruns, nsorted, runs_alloc;
	struct shmem_key *shmem;
	size_t nshmem, shmem_alloc;
	struct swap_process_totals totals;
	int any;		/* totals.flags not yet narrowed */
	int has_rollup;		/* -1 not known yet, 0 none (old kernel), 1 */
};

/* Open @pid/@name under the root (@dfd).  The path is built by hand:
 * this runs once or more for every process. */
static int open_pid(pid_t pid, int dfd, const char *name)
{
	char path[64], digits[16], *p = path;
	unsigned v = (unsigned)pid;
	size_t n = 0, len = strlen(name);

	do
		digits[n++] = (char)('0' + v % 10);
	while ((v /= 10) && n < sizeof(digits));
	if (n + 2 + len > sizeof(path))
		return -1;
	while (n)
		*p++ = digits[--n];
	*p++ = '/';
	memcpy(p, name, len + 1);
	return openat(dfd, path, O_RDONLY | O_CLOEXEC);
}

static int open_in(const struct scan *sc, const struct reader *rd, const char *name)
{
	return open_pid(rd->pid, sc->dfd, name);
}

/*
 * Move *@arr to a new block of @size bytes, keeping its first @keep.  Not
 * realloc, for a child forked while a worker grew one of its buffers (see
 * prefetch_forked): *@arr names a live block at every instant, so such a
 * child that frees the worker's buffers may leak one, never free one
 * twice.  Returns: the block, or NULL (*@arr as it was).
 */
static void *move_to(void *arr, size_t keep, size_t size)
{
	void **at = arr, *old = *at, *n = malloc(size);

	if (!n)
		return NULL;
	if (keep)
		memcpy(n, old, keep);
	*at = n;
	/* the compiler may not sink the store past free(), which it knows
	 * does not read *at */
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	free(old);
	return n;
}

/* Read all of @pid/@name into @b (NUL-terminated).  @single: a
 * one-record seq_file (status, smaps_rollup), which the kernel hands over
 * whole, so a read shorter than asked for is the end and the second
 * read(2) per file is saved; smaps (one record per mapping) may stop short
 * of the end at every read.  Returns: the length or -errno. */
static ssize_t slurp_pid(struct rbuf *b, pid_t pid, int dfd, const char *name, int single)
{
	size_t len = 0;
	int fd = open_pid(pid, dfd, name);

	if (fd < 0)
		return -errno;
	for (;;) {
		ssize_t n;
		size_t want;

		if (b->size - len < 4096) {
			size_t sz = b->size ? b->size * 2 : 16384;

			if (!move_to(&b->p, len, sz)) {
				close(fd);
				return -ENOMEM;
			}
			b->size = sz;
		}
		want = b->size - len - 1;
		n = read(fd, b->p + len, want);
		if (n < 0) {
			int e = errno;

			if (e == EINTR)
				continue;
			close(fd);
			return -e;
		}
		len += (size_t)n;
		if (n == 0 || (single && (size_t)n < want))
			break;
	}
	close(fd);
	b->p[len] = '\0';
	return (ssize_t)len;
}

/* Note @err (a -errno) when it says nothing of the process read but of
 * the reader (out of descriptors or memory): what a worker gathered then
 * is not handed over, and the calling thread reads the process itself.
 * Returns: @err. */
static long long reader_err(struct reader *rd, long long err)
{
	if (err == -EMFILE || err == -ENFILE || err == -ENOMEM || err == -ENOBUFS)
		rd->exhausted = 1;
	return err;
}

static ssize_t slurp(const struct scan *sc, struct reader *rd, const char *name, int single)
{
	return (ssize_t)reader_err(rd, slurp_pid(&rd->buf, rd->pid, sc->dfd, name, single));
}

/* "Key:   1234 kB" at the start of @line: the number, or -1. */
static long long kib_field(const char *line, const char *key)
{
	size_t klen = strlen(key);
	unsigned long long v = 0;
	const char *p;

	if (strncmp(line, key, klen) != 0)
		return -1;
	p = line + klen;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p < '0' || *p > '9')
		return -1;
	while (*p >= '0' && *p <= '9') {
		if (v > (ULLONG_MAX - 9) / 10)
			return -1;
		v = v * 10 + (unsigned)(*p++ - '0');
	}
	return v > (unsigned long long)LLONG_MAX ? -1 : (long long)v;
}

static char *next_line(char *p)
{
	char *nl = strchr(p, '\n');

	return nl ? nl + 1 : NULL;
}

/* status: Name, Uid, VmSwap.  Returns: 0 or -EINVAL (no Name/Uid). */
static int parse_status(struct reader *rd, char *text, struct swap_process *p)
{
	int have = 0;
	long long v;

	for (char *l = text; l && *l; l = next_line(l)) {
		if (strncmp(l, "Name:", 5) == 0) {
			char *s = l + 5, *e;
			size_t n;

			s += strspn(s, " \t");
			e = strchr(s, '\n');
			n = e ? (size_t)(e - s) : strlen(s);
			if (n >= sizeof(rd->name))
				n = sizeof(rd->name) - 1;
			memcpy(rd->name, s, n);
			rd->name[n] = '\0';
			have |= 1;
		} else if (strncmp(l, "Uid:", 4) == 0) {
			char *end;
			unsigned long u;

			errno = 0;
			u = strtoul(l + 4, &end, 10);
			if (errno || end == l + 4 || u > UINT_MAX)
				return -EINVAL;
			p->uid = (uid_t)u;
			have |= 2;
		} else if ((v = kib_field(l, "VmSwap:")) >= 0) {
			p->vmswap_kib = (uint64_t)v;
		}
	}
	return have == 3 ? 0 : -EINVAL;
}

/* smaps_rollup: the Swap and SwapPss lines.  Its first line is the
 * address range, so every field starts after a newline: only the lines
 * that begin with "Swap" are looked at. */
static void parse_rollup(const char *text, uint64_t *swap_kib, uint64_t *swap_pss_kib)
{
	long long v;

	for (const char *l = strstr(text, "\nSwap"); l; l = strstr(l + 1, "\nSwap")) {
		if ((v = kib_field(l + 1, "Swap:")) >= 0)
			*swap_kib = (uint64_t)v;
		else if ((v = kib_field(l + 1, "SwapPss:")) >= 0)
			*swap_pss_kib = (uint64_t)v;
	}
}

/* --- sets for counting shared things once -------------------------------- */

/*
 * The swap entries of all the processes read, counted once however many
 * page tables hold them (fork).  The kernel hands out offsets in clusters
 * and pagemap lists a mapping's pages in order, so a process's entries
 * mostly come as runs of consecutive offsets: the set is kept as runs,
 * which costs a compare per entry and little memory (a hash set of every
 * entry cost 5% of a scan with 100 MiB in swap).  Runs [0, nsorted)
 * are sorted; the ones added since are radix-sorted and merged in when the
 * array fills (runs_settle): linear in the entries whatever their order.
 * Runs may overlap until merged; distinct entries are counted from sorted
 * runs.
 */
static int run_cmp(const void *a, const void *b)
{
	const struct entry_run *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* The next run, in order, of the two sorted sequences r[*i, k) and
 * r[*j, n); NULL after the last. */
static const struct entry_run *next_merged(const struct entry_run *r, size_t *i, size_t k,
					   size_t *j, size_t n)
{
	if (*i < k && (*j == n || r[*i].start <= r[*j].start))
		return &r[(*i)++];
	return *j < n ? &r[(*j)++] : NULL;
}

/* A run grown from runs fed in sorted order: those that overlap, or touch
 * within one area, are one. */
struct sweep {
	uint64_t start, end;
	int open;
};

/* Feed @x.  Returns 1 with the run it closes in @done, or 0. */
static int sweep_add(struct sweep *w, const struct entry_run *x, struct entry_run *done)
{
	int closes = w->open;

	if (w->open && x->start <= w->end && KEY_TYPE(x->start) == KEY_TYPE(w->start)) {
		if (x->start + x->len > w->end)
			w->end = x->start + x->len;
		return 0;
	}
	if (closes)
		*done = (struct entry_run){ w->start, w->end - w->start };
	*w = (struct sweep){ x->start, x->start + x->len, 1 };
	return closes;
}

/* The last run, when there is one.  Returns 1 with it in @done, or 0. */
static int sweep_end(struct sweep *w, struct entry_run *done)
{
	if (!w->open)
		return 0;
	*done = (struct entry_run){ w->start, w->end - w->start };
	w->open = 0;
	return 1;
}

/* Distinct entries of each type in the sorted r[0, k) and r[k, n), added
 * to @count; nothing is written to @r. */
static void runs_count(const struct entry_run *r, size_t k, size_t n, uint64_t *count)
{
	struct sweep w = { 0, 0, 0 };
	const struct entry_run *x;
	struct entry_run d;
	size_t i = 0, j = k;

	while ((x = next_merged(r, &i, k, &j, n)))
		if (sweep_add(&w, x, &d))
			count[KEY_TYPE(d.start)] += d.len;
	if (sweep_end(&w, &d))
		count[KEY_TYPE(d.start)] += d.len;
}

/* Sort @r[0, n) by start, a byte at a time from the lowest (stable), with
 * @tmp (room for n) as scratch: linear in n whatever the order the entries
 * came in, where qsort cost three times a hash set on scattered offsets.
 * A byte that is the same in every key takes no pass. */
static void runs_radix_sort(struct entry_run *r, struct entry_run *tmp, size_t n)
{
	static const size_t nbytes = sizeof(r->start);
	size_t count[sizeof(r->start)][256];
	struct entry_run *src = r, *dst = tmp, *t;

	if (n < 2)
		return;
	memset(count, 0, sizeof(count));
	for (size_t i = 0; i < n; i++)
		for (size_t b = 0; b < nbytes; b++)
			count[b][(r[i].start >> (8 * b)) & 0xff]++;
	for (size_t b = 0; b < nbytes; b++) {
		size_t *c = count[b], pos = 0;

		if (c[(src[0].start >> (8 * b)) & 0xff] == n)
			continue;
		for (int v = 0; v < 256; v++) {
			size_t here = c[v];

			c[v] = pos;
			pos += here;
		}
		for (size_t i = 0; i < n; i++)
			dst[c[(src[i].start >> (8 * b)) & 0xff]++] = src[i];
		t = src, src = dst, dst = t;
	}
	if (src != r)
		memcpy(r, src, n * sizeof(*r));
}

/* Sort the runs added since the last time and merge them with the sorted
 * ones into as few runs as the entries allow.  Returns: 0 or -ENOMEM. */
static int runs_settle(struct swap_process_iter *it)
{
	struct entry_run *r = it->runs, *m, d;
	struct sweep w = { 0, 0, 0 };
	const struct entry_run *x;
	size_t n = it->nruns, k = it->nsorted, i = 0, j = k, o = 0;

	if (k == n)
		return 0;
	m = malloc(n * sizeof(*m));
	if (!m)
		return -ENOMEM;
	runs_radix_sort(r + k, m, n - k);
	while ((x = next_merged(r, &i, k, &j, n)))
		if (sweep_add(&w, x, &d))
			m[o++] = d;
	if (sweep_end(&w, &d))
		m[o++] = d;
	memcpy(r, m, o * sizeof(*r));
	free(m);
	it->nruns = it->nsorted = o;
	return 0;
}

/* Room for one more run: settle what there is first, and grow only when
 * that leaves the array over three quarters full.  Returns: 0 or -ENOMEM. */
static int runs_room(struct swap_process_iter *it)
{
	struct entry_run *r;
	size_t n;
	int rc;

	if (it->nruns < it->runs_alloc)
		return 0;
	rc = runs_settle(it);
	if (rc < 0)
		return rc;
	if (it->runs_alloc && it->nruns <= it->runs_alloc / 4 * 3)
		return 0;
	n = it->runs_alloc ? it->runs_alloc * 2 : 4096;
	r = realloc(it->runs, n * sizeof(*r));
	if (!r)
		return it->nruns < it->runs_alloc ? 0 : -ENOMEM;
	it->runs = r;
	it->runs_alloc = n;
	return 0;
}

/* Whether @x goes on where @last ends, in the same area. */
static int run_follows(const struct entry_run *last, const struct entry_run *x)
{
	return x->start == last->start + last->len && KEY_TYPE(x->start) == KEY_TYPE(last->start);
}

/* Add the entries of @x: they extend the last run when they follow it.
 * Returns: 0 or -ENOMEM. */
static int run_add(struct swap_process_iter *it, const struct entry_run *x)
{
	struct entry_run *last = it->nruns > it->nsorted ? &it->runs[it->nruns - 1] : NULL;
	int rc;

	if (last && run_follows(last, x)) {
		last->len += x->len;
		return 0;
	}
	rc = runs_room(it);
	if (rc < 0)
		return rc;
	it->runs[it->nruns++] = *x;
	return 0;
}

/* Room for one more in the array *@arr of @n elements of @elem bytes:
 * doubled (from @first) when full.  Returns: 0 or -ENOMEM. */
static int grow(void *arr, size_t *alloc, size_t n, size_t first, size_t elem)
{
	size_t na;

	if (n < *alloc)
		return 0;
	na = *alloc ? *alloc * 2 : first;
	if (!move_to(arr, n * elem, na * elem))
		return -ENOMEM;
	*alloc = na;
	return 0;
}

/* One more swap entry of the process being gathered: a compare when it
 * follows the last.  Returns: 0 or -ENOMEM. */
static int reader_entry(struct reader *rd, uint64_t key)
{
	struct entry_run x = { key, 1 };

	if (rd->nruns && run_follows(&rd->runs[rd->nruns - 1], &x)) {
		rd->runs[rd->nruns - 1].len++;
		return 0;
	}
	if (grow(&rd->runs, &rd->runs_alloc, rd->nruns, 64, sizeof(x)) < 0)
		return -ENOMEM;
	rd->runs[rd->nruns++] = x;
	return 0;
}

/* Returns: 1 when @k is new, 0 when seen already, or -ENOMEM. */
static int shmem_add(struct swap_process_iter *it, const struct shmem_key *k)
{
	for (size_t i = 0; i < it->nshmem; i++)
		if (!memcmp(&it->shmem[i], k, sizeof(*k)))
			return 0;
	if (grow(&it->shmem, &it->shmem_alloc, it->nshmem, 16, sizeof(*k)) < 0)
		return -ENOMEM;
	it->shmem[it->nshmem++] = *k;
	return 1;
}

/* --- pagemap -------------------------------------------------------------- */

/*
 * Count the swap entries of pages [start, end) in the pagemap @fd.
 * @types is set to 0 when the kernel hid type and offset: a swap entry
 * at offset 0 of type 0 cannot be real (page 0 of every area is its
 * header), so an all-zero swapped entry means "hidden".
 * Returns: the number of swap entries, or -errno.
 */
static long long count_swapped(struct reader *rd, int fd, unsigned long long start,
			       unsigned long long end, struct swap_process *p, int *types)
{
	uint64_t ent[512];
	long long n = 0;

	while (start < end) {
		size_t want = end - start < 512 ? (size_t)(end - start) : 512;
		ssize_t got = pread(fd, ent, want * sizeof(ent[0]), (off_t)(start * sizeof(ent[0])));

		if (got < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		/* the end of the file, or a partial entry: no progress possible */
		if (got < (ssize_t)sizeof(ent[0]))
			break;
		want = (size_t)got / sizeof(ent[0]);
		for (size_t i = 0; i < want; i++) {
			uint64_t e = ent[i], type, off;
			int rc;

			if (!(e & PM_SWAPPED))
				continue;
			n++;
			type = e & ((1u << PM_TYPE_BITS) - 1);
			off = (e >> PM_TYPE_BITS) & PM_OFFSET_MASK;
			if (!type && !off) {
				*types = 0;
				continue;
			}
			p->type_pages[type]++;
			rc = reader_entry(rd, (type << 50) | off);
			if (rc < 0)
				return rc;
		}
		start += want;
	}
	return n;
}

/* Parse up to the hexadecimal number at *@p; NULL when there is none. */
static const char *hex_at(const char *p, unsigned long long *v)
{
	const char *s = p;

	*v = 0;
	for (;; p++) {
		unsigned d;

		if (*p >= '0' && *p <= '9')
			d = (unsigned)(*p - '0');
		else if ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'f')
			d = (unsigned)((*p | 0x20) - 'a' + 10);
		else
			break;
		if (*v >> 60)
			return NULL;	/* over 64 bits */
		*v = *v << 4 | d;
	}
	return p == s ? NULL : p;
}

static const char *blanks(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/*
 * An smaps mapping line, "START-END PERMS OFFSET MAJ:MIN INODE [PATH]":
 * 1 with the numbers, else 0.  By hand rather than sscanf, which measures
 * the whole rest of the buffer at every call (quadratic over an smaps of
 * many mappings).  Field lines ("Swap:") start with a capital letter that
 * is not followed by '-', so they are never taken for one.
 */
static int map_header(const char *l, unsigned long long *a, unsigned long long *b,
		      unsigned long long *off, unsigned long long *maj, unsigned long long *min,
		      unsigned long long *ino)
{
	const char *p = hex_at(l, a);
	size_t perms;

	if (!p || *p != '-' || !(p = hex_at(p + 1, b)) || (*p != ' ' && *p != '\t'))
		return 0;
	p = blanks(p);
	perms = strcspn(p, " \t\n");
	if (!perms || perms > 7)
		return 0;
	p = blanks(p + perms);
	if (!(p = hex_at(p, off)) || (*p != ' ' && *p != '\t'))
		return 0;
	p = blanks(p);
	if (!(p = hex_at(p, maj)) || *p != ':' || !(p = hex_at(p + 1, min)) ||
	    (*p != ' ' && *p != '\t') || *maj > UINT_MAX || *min > UINT_MAX)
		return 0;
	p = blanks(p);
	if (*p < '0' || *p > '9')
		return 0;
	for (*ino = 0; *p >= '0' && *p <= '9'; p++) {
		if (*ino > (ULLONG_MAX - 9) / 10)
			return 0;
		*ino = *ino * 10 + (unsigned)(*p - '0');
	}
	return 1;
}

/* Swap that smaps charges to a mapping beyond its entries in pagemap. */
static int reader_shmem(struct reader *rd, const struct shmem_hit *h)
{
	if (grow(&rd->shmem, &rd->shmem_alloc, rd->nshmem, 8, sizeof(*h)) < 0)
		return -ENOMEM;
	rd->shmem[rd->nshmem++] = *h;
	return 0;
}

/*
 * Walk smaps: for every mapping with Swap > 0, count its swap entries in
 * pagemap; what smaps charges beyond them is shared memory (its swap entries
 * sit in the shmem object, not in the page tables).
 * Returns: 0, -EACCES/-EPERM (pagemap unreadable), or -errno.
 */
static int walk_mappings(const struct scan *sc, struct reader *rd, struct swap_process *p, int sum)
{
	unsigned long long start = 0, end = 0, pgoff = 0, ino = 0, maj = 0, min = 0;
	int pm = -1, types = 1, rc = 0, have_map = 0;
	unsigned long long prev_end = 0, pagesize = (unsigned long long)sc->pagesize;
	uint64_t pgkib = pagesize / 1024;
	long long v;
	ssize_t len = slurp(sc, rd, "smaps", 0);

	if (len < 0)
		return (int)len;
	for (char *l = rd->buf.p; l && *l; l = next_line(l)) {
		unsigned long long a, b, o, i, mj, mn;
		long long entries;

		if (*l != 'S' && !map_header(l, &a, &b, &o, &mj, &mn, &i))
			continue;	/* a field that is not Swap or SwapPss */
		if (*l != 'S') {
			/* the kernel lists mappings in address order, never
			 * overlapping: one that does is not trusted, so no page
			 * table entry is counted twice */
			have_map = a <= b && a >= prev_end;
			if (have_map) {
				start = a, end = b, pgoff = o, maj = mj, min = mn, ino = i;
				prev_end = b;
			}
			continue;
		}
		if (sum && (v = kib_field(l, "SwapPss:")) >= 0) {
			p->swap_pss_kib += (uint64_t)v;
			continue;
		}
		v = kib_field(l, "Swap:");
		if (v <= 0 || !have_map)
			continue;
		if (sum)
			p->swap_kib += (uint64_t)v;
		if (pm < 0) {
			pm = open_in(sc, rd, "pagemap");
			if (pm < 0) {
				rc = (int)reader_err(rd, -errno);
				break;
			}
		}
		entries = reader_err(rd, count_swapped(rd, pm, start / pagesize, end / pagesize,
						       p, &types));
		have_map = 0;	/* one Swap: line per mapping */
		if (entries < 0) {
			rc = (int)entries;
			break;
		}
		if ((uint64_t)v > (uint64_t)entries * pgkib) {
			struct shmem_hit h = { { maj, min, ino, pgoff, (end - start) / pagesize },
					       (uint64_t)v - (uint64_t)entries * pgkib };

			p->shmem_swap_kib += h.kib;
			rc = reader_shmem(rd, &h);
			if (rc < 0)
				break;
		}
	}
	if (pm >= 0)
		close(pm);
	if (!rc && types)
		p->flags |= SWAP_PROCESS_TYPES;
	else	/* a partial split by type is no split: none is given */
		memset(p->type_pages, 0, sizeof(p->type_pages));
	return rc;
}

/* cmdline: NUL-separated arguments joined by spaces. */
static int read_cmdline(const struct scan *sc, struct reader *rd)
{
	ssize_t len = slurp(sc, rd, "cmdline", 0);

	if (len < 0)
		len = 0;	/* unreadable or gone: the name stands alone */
	while (len > 0 && rd->buf.p[len - 1] == '\0')
		len--;
	if ((size_t)len + 1 > rd->cmdline_size) {
		if (!move_to(&rd->cmdline, 0, (size_t)len + 1))
			return -ENOMEM;
		rd->cmdline_size = (size_t)len + 1;
	}
	for (ssize_t i = 0; i < len; i++)
		rd->cmdline[i] = rd->buf.p[i] ? rd->buf.p[i] : ' ';
	rd->cmdline[len] = '\0';
	return 0;
}

/* cgroup: the path of the v1 line whose controllers include "memory",
 * else of the v2 line ("0::PATH").  rd->memcg NULL when neither. */
static int read_memcg(const struct scan *sc, struct reader *rd)
{
	ssize_t len = slurp(sc, rd, "cgroup", 0);
	const char *v2 = NULL, *v1 = NULL;
	char *line, *next;
	size_t n;

	rd->memcg = NULL;
	if (len < 0)
		return 0;	/* no cgroups, or gone: unknown */
	for (line = rd->buf.p; *line && !v1; line = next) {
		char *ctl, *path, *tok, *save;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		else
			next = line + strlen(line);
		ctl = strchr(line, ':');
		path = ctl ? strchr(ctl + 1, ':') : NULL;
		if (!path)
			continue;
		*path++ = '\0';
		*ctl++ = '\0';
		if (!strcmp(line, "0") && !*ctl) {
			v2 = path;
			continue;
		}
		for (tok = strtok_r(ctl, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
			if (!strcmp(tok, "memory"))
				v1 = path;
	}
	if (!v1 && !v2)
		return 0;
	n = strlen(v1 ? v1 : v2) + 1;
	if (n > rd->memcg_size) {
		if (!move_to(&rd->memcg_buf, 0, n))
			return -ENOMEM;
		rd->memcg_size = n;
	}
	rd->memcg = memcpy(rd->memcg_buf, v1 ? v1 : v2, n);
	return 0;
}

static int gone(int err)
{
	return err == -ENOENT || err == -ESRCH;
}

/* Copy what fits of @src into the caller's @dst of @dsize bytes. */
static void copy_out(void *dst, const void *src, size_t full)
{
	size_t n = *(const size_t *)dst;

	if (n > full)
		n = full;
	memcpy((char *)dst + sizeof(size_t), (const char *)src + sizeof(size_t),
	       n > sizeof(size_t) ? n - sizeof(size_t) : 0);
}

/* status into @p and rd->name.  Returns: 0, -ESRCH (gone or exiting: no
 * status, or one cut short) or -errno. */
static int read_status(const struct scan *sc, struct reader *rd, struct swap_process *p)
{
	ssize_t len = slurp(sc, rd, "status", 1);

	if (len >= 0 && parse_status(rd, rd->buf.p, p) == 0) {
		p->name = rd->name;
		return 0;
	}
	return len < 0 && !gone((int)len) && len != -ENOTDIR ? (int)len : -ESRCH;
}

/*
 * Gather process @pid into @p and @rd (its entries and shared memory,
 * rd->partial and rd->rollup); nothing of the iteration is touched, so a
 * worker can run it.  @known: its smaps_rollup as just read, else NULL
 * (it is read here).
 * Returns: 1, 0 (no swap), -ESRCH (gone) or -errno.
 * Order, cheapest first: smaps_rollup alone decides for most processes (no
 * Swap: done, one file read); status and cmdline only for those that hold
 * swap (or all with SWAP_PROCESS_ALL), smaps and pagemap only for those.
 * status comes first only when smaps_rollup cannot be read.
 */
static int gather(const struct scan *sc, struct reader *rd, pid_t pid, const struct rollup *known,
		  struct swap_process *p)
{
	ssize_t len;
	int rc, walked = 0;

	memset(p, 0, sizeof(*p));
	p->pid = pid;
	rd->pid = pid;
	rd->nruns = rd->nshmem = 0;
	rd->partial = rd->exhausted = 0;
	rd->rollup = -1;
	if (known) {
		len = known->rc;
		p->swap_kib = known->swap_kib;
		p->swap_pss_kib = known->swap_pss_kib;
	} else {
		len = slurp(sc, rd, "smaps_rollup", 1);
		if (len >= 0)
			parse_rollup(rd->buf.p, &p->swap_kib, &p->swap_pss_kib);
	}
	if (len >= 0) {
		rd->rollup = 1;
		p->flags |= SWAP_PROCESS_SMAPS;
		if (!p->swap_kib && !(sc->flags & SWAP_PROCESS_ALL))
			return 0;
		rc = read_status(sc, rd, p);
		if (rc < 0)
			return rc;
	} else if (len == -ESRCH) {
		return -ESRCH;	/* no memory: a kernel thread or a zombie */
	} else {
		rc = read_status(sc, rd, p);
		if (rc < 0)
			return rc;
		if (len == -ENOENT && sc->has_rollup <= 0 && walk_mappings(sc, rd, p, 1) >= 0) {
			/* a kernel before 4.14: the same sums from smaps */
			rd->rollup = 0;
			p->flags |= SWAP_PROCESS_SMAPS;
			walked = 1;
		} else if (gone((int)len)) {
			return -ESRCH;
		} else {
			p->swap_kib = p->vmswap_kib;
			rd->partial = 1;
		}
		if (!p->swap_kib && !p->vmswap_kib && !(sc->flags & SWAP_PROCESS_ALL))
			return 0;	/* shared memory in swap does not show in VmSwap: unknown */
	}
	if (p->flags & SWAP_PROCESS_SMAPS && p->swap_kib && !walked) {
		rc = walk_mappings(sc, rd, p, 0);
		if (gone(rc))
			return -ESRCH;
		if (rc == -ENOMEM)
			return rc;
		if (rc < 0) {
			memset(p->type_pages, 0, sizeof(p->type_pages));
			rd->partial = 1;
		}
	}
	rc = read_cmdline(sc, rd);
	if (rc < 0)
		return rc;
	p->cmdline = rd->cmdline;
	rc = read_memcg(sc, rd);
	if (rc < 0)
		return rc;
	p->memcg = rd->memcg;
	return 1;
}

/* Room for @n bytes at *@at in a block, aligned for anything. */
static size_t block_part(size_t *at, size_t n)
{
	size_t here = (*at + 15) & ~(size_t)15;

	*at = here + n;
	return here;
}

/* A copy of what @rd gathered into @p, in one block for the calling
 * thread; NULL without the memory (the calling thread then reads the
 * process itself).  The block is in rd->made from its allocation until the
 * caller has handed it over: in a child forked meanwhile it is freed from
 * there. */
static struct held *hold(struct reader *rd, const struct swap_process *p)
{
	size_t at = sizeof(struct held), runs, shmem, name, cmdline, memcg = 0;
	size_t lname = strlen(p->name) + 1, lcmd = strlen(p->cmdline) + 1;
	size_t lcg = p->memcg ? strlen(p->memcg) + 1 : 0;
	struct held *h;
	char *b;

	runs = block_part(&at, rd->nruns * sizeof(*rd->runs));
	shmem = block_part(&at, rd->nshmem * sizeof(*rd->shmem));
	name = block_part(&at, lname);
	cmdline = block_part(&at, lcmd);
	if (lcg)
		memcg = block_part(&at, lcg);
	h = rd->made = malloc(at);
	if (!h)
		return NULL;
	b = (char *)h;
	h->p = *p;
	h->partial = rd->partial;
	h->nruns = rd->nruns;
	h->nshmem = rd->nshmem;
	h->runs = (struct entry_run *)(void *)(b + runs);
	h->shmem = (struct shmem_hit *)(void *)(b + shmem);
	if (rd->nruns)
		memcpy(h->runs, rd->runs, rd->nruns * sizeof(*rd->runs));
	if (rd->nshmem)
		memcpy(h->shmem, rd->shmem, rd->nshmem * sizeof(*rd->shmem));
	h->p.name = memcpy(b + name, p->name, lname);
	h->p.cmdline = memcpy(b + cmdline, p->cmdline, lcmd);
	h->p.memcg = lcg ? memcpy(b + memcg, p->memcg, lcg) : NULL;
	return h;
}

/*
 * Add a process gathered (its figures @p, whether @partial, its entries
 * and its shared memory) to the iteration's totals and hand it to the
 * caller's @out.  Returns: 1, or -ENOMEM.
 */
static int commit(struct swap_process_iter *it, struct swap_process *p, int partial,
		  const struct entry_run *runs, size_t nruns,
		  const struct shmem_hit *shmem, size_t nshmem, struct swap_process *out)
{
	int rc;

	for (size_t i = 0; i < nruns; i++) {
		rc = run_add(it, &runs[i]);
		if (rc < 0)
			return rc;
	}
	for (size_t i = 0; i < nshmem; i++) {
		rc = shmem_add(it, &shmem[i].key);
		if (rc < 0)
			return rc;
		if (rc)
			it->totals.shmem_swap_kib += shmem[i].kib;
	}
	if (!it->any) {
		it->totals.flags = SWAP_PROCESS_SMAPS | SWAP_PROCESS_TYPES;
		it->any = 1;
	}
	if (p->swap_kib || p->vmswap_kib) {
		it->totals.flags &= p->flags;
		it->totals.swap_pss_kib += p->swap_pss_kib;
		if (!(p->flags & SWAP_PROCESS_SMAPS))
			/* no proportional share: its whole VmSwap */
			it->totals.swap_pss_kib += p->vmswap_kib;
	}
	it->totals.unreadable += partial;
	it->totals.processes++;
	p->size = out->size;
	copy_out(out, p, sizeof(*p));
	return 1;
}

/*
 * Process @pid into @out and the totals: as a worker gathered it (@pre's
 * held), else gathered now.  The read-ahead is a filter: a process it
 * found without swap is done; one with swap that no worker read whole is
 * read again now, right before its status, smaps and pagemap, so that a
 * PID that exited and was reused meanwhile is never given the figures of
 * the process before.  (The sums of smaps' lines would save that read, but
 * SwapPss is rounded down to a kB there per mapping, and in smaps_rollup
 * once.)  Returns: 1, 0 (no swap), -ESRCH (gone) or -errno.
 */
static int read_one(struct swap_process_iter *it, pid_t pid, struct rollup *pre,
		    struct swap_process *out)
{
	struct scan sc = { dirfd(it->dir), it->flags, it->pagesize, it->has_rollup };
	struct reader *rd = &it->rd;
	struct swap_process p;
	int rc;

	free(it->cur);
	it->cur = NULL;
	if (pre && pre->held) {
		struct held *h = pre->held;

		pre->held = NULL;
		it->cur = h;
		it->has_rollup = 1;
		return commit(it, &h->p, h->partial, h->runs, h->nruns, h->shmem, h->nshmem, out);
	}
	rc = gather(&sc, rd, pid, pre && pre->rc >= 0 && !pre->swap_kib ? pre : NULL, &p);
	if (rd->rollup >= 0)
		it->has_rollup = rd->rollup;
	if (rc == 0)
		it->totals.unreadable += rd->partial;
	if (rc <= 0)
		return rc;
	return commit(it, &p, rd->partial, rd->runs, rd->nruns, rd->shmem, rd->nshmem, out);
}

static void reader_free(struct reader *rd)
{
	free(rd->made);
	free(rd->buf.p);
	free(rd->cmdline);
	free(rd->memcg_buf);
	free(rd->runs);
	free(rd->shmem);
}

SWAP_EXPORT int swap_process_open(const char *root, unsigned flags, struct swap_process_iter **out)
{
	struct swap_process_iter *it;

	if (!out)
		return -EINVAL;
	it = calloc(1, sizeof(*it));
	if (!it)
		return -ENOMEM;
	it->flags = flags;
	it->has_rollup = -1;
	pthread_mutex_init(&it->pre.lock, NULL);
	pthread_cond_init(&it->pre.chunk_done, NULL);
	it->pagesize = sysconf(_SC_PAGESIZE);
	it->root = strdup(root ? root : PROC_ROOT);
	if (it->root)
		it->dir = opendir(it->root);
	if (!it->dir) {
		int rc = it->root ? -errno : -ENOMEM;

		swap_process_close(it);
		return rc;
	}
	it->totals.size = sizeof(it->totals);
	*out = it;
	return 0;
}

/* A worker's memory.  A block it was filling (only a child forked while
 * it ran can find one) is freed unless it was handed over already. */
static void worker_free(const struct prefetch *pre, struct prefetch_worker *w)
{
	for (size_t i = 0; w->rd.made && i < pre->n; i++)
		if (pre->r[i].held == w->rd.made)
			w->rd.made = NULL;
	reader_free(&w->rd);
}

SWAP_EXPORT void swap_process_close(struct swap_process_iter *it)
{
	if (!it)
		return;
	/* an iteration left part way: its workers may still be reading */
	prefetch_join(&it->pre);
	if (!it->pre.forked) {	/* else the lock may be held by a thread not here */
		pthread_cond_destroy(&it->pre.chunk_done);
		pthread_mutex_destroy(&it->pre.lock);
	}
	for (int i = 0; i < PREFETCH_MAX_THREADS; i++)
		worker_free(&it->pre, &it->pre.worker[i]);
	for (size_t i = 0; i < it->pre.n; i++)
		free(it->pre.r[i].held);	/* read ahead, never returned */
	if (it->dir)
		closedir(it->dir);
	free(it->root);
	reader_free(&it->rd);
	free(it->cur);
	free(it->pre.r);
	free(it->runs);
	free(it->shmem);
	free(it);
}

static int pid_of(const char *name, pid_t *pid)
{
	unsigned long v = 0;

	if (!*name)
		return 0;
	for (; *name; name++) {
		if (*name < '0' || *name > '9' || v > (unsigned long)INT_MAX / 10)
			return 0;
		v = v * 10 + (unsigned)(*name - '0');
	}
	if (!v || v > INT_MAX)
		return 0;
	*pid = (pid_t)v;
	return 1;
}

/* --- the read-ahead of smaps_rollup ---------------------------------------- */

#define PREFETCH_CHUNK		16	/* PIDs a thread takes at a time */
#define PREFETCH_PER_THREAD	64	/* fewer PIDs per CPU: no thread */

/* A process with swap (or any, with SWAP_PROCESS_ALL) is read whole
 * right away by the thread that read its smaps_rollup, for the calling
 * thread to commit in its turn; when that fails, or a read failed for
 * want of descriptors or memory (which says nothing of the process), @r
 * is left for the calling thread to read itself.  Returns: 1 when it
 * read more than the smaps_rollup, else 0. */
static int prefetch_whole(struct prefetch *pre, struct reader *rd, struct rollup *r)
{
	struct swap_process p;

	if (r->rc < 0 || (!r->swap_kib && !(pre->scan.flags & SWAP_PROCESS_ALL)))
		return 0;
	if (gather(&pre->scan, rd, r->pid, r, &p) == 1 && !rd->exhausted) {
		r->held = hold(rd, &p);
		rd->made = NULL;
	}
	return 1;
}

/* Wake the calling thread if it waits for an entry. */
static void prefetch_signal(struct prefetch *pre)
{
	pthread_mutex_lock(&pre->lock);
	pthread_cond_broadcast(&pre->chunk_done);
	pthread_mutex_unlock(&pre->lock);
}

/* Take the next chunk of PIDs nobody took and read their smaps_rollup
 * with @rd; only the entries of that chunk are written.  Returns: 1, or 0
 * when none is left. */
static int prefetch_chunk(struct prefetch *pre, struct reader *rd)
{
	size_t i = __atomic_fetch_add(&pre->next, PREFETCH_CHUNK, __ATOMIC_RELAXED);
	size_t end;
	int whole;

	if (i >= pre->n)
		return 0;
	end = i + PREFETCH_CHUNK < pre->n ? i + PREFETCH_CHUNK : pre->n;
	for (; i < end; i++) {
		struct rollup *r = &pre->r[i];
		ssize_t len = slurp_pid(&rd->buf, r->pid, pre->scan.dfd, "smaps_rollup", 1);

		r->rc = len < 0 ? (int)len : 0;
		if (len >= 0)
			parse_rollup(rd->buf.p, &r->swap_kib, &r->swap_pss_kib);
		whole = prefetch_whole(pre, rd, r);
		__atomic_store_n(&r->ready, 1, __ATOMIC_RELEASE);
		/* after a whole read, at once: the rest of the chunk may be
		 * more of them */
		if (whole && i + 1 < end)
			prefetch_signal(pre);
	}
	prefetch_signal(pre);
	return 1;
}

/* A worker: chunks until none is left, with a buffer of its own. */
static void *prefetch_work(void *arg)
{
	struct prefetch_worker *w = arg;

	while (prefetch_chunk(w->pre, &w->rd))
		;
	return NULL;
}

/* Whether this is a child the caller forked while the workers ran: they
 * are not in it (no join), a chunk one of them took is never finished,
 * and the lock may have been held at the fork.  The child reads the rest
 * itself and never waits or locks. */
static int prefetch_forked(struct prefetch *pre)
{
	if (!pre->forked && pre->owner && pre->owner != getpid()) {
		pre->forked = 1;
		pre->threads = 0;
	}
	return pre->forked;
}

/* The calling thread's turn has come to @r: read chunks while any is left
 * and @r is not read, then wait for the worker that has it. */
static void prefetch_wait(struct swap_process_iter *it, const struct rollup *r)
{
	struct prefetch *pre = &it->pre;

	while (!__atomic_load_n(&r->ready, __ATOMIC_ACQUIRE)) {
		if (prefetch_chunk(pre, &it->rd))
			continue;
		pthread_mutex_lock(&pre->lock);
		while (!__atomic_load_n(&r->ready, __ATOMIC_ACQUIRE))
			pthread_cond_wait(&pre->chunk_done, &pre->lock);
		pthread_mutex_unlock(&pre->lock);
	}
}

/* No more chunks are taken; the workers finish theirs and are joined. */
static void prefetch_join(struct prefetch *pre)
{
	if (prefetch_forked(pre))
		return;
	__atomic_store_n(&pre->next, pre->n, __ATOMIC_RELAXED);
	while (pre->threads)
		pthread_join(pre->tid[--pre->threads], NULL);
}

/*
 * How many threads read ahead @n PIDs (the calling one included): one
 * worker per CPU besides the calling thread, which spends part of its time
 * adding the processes to the totals and waiting for entries.  With
 * only as many threads as CPUs a CPU stood idle part of the time: on 2
 * CPUs, 3 threads took 32 ms where 2 took 37 (bench/README.md).
 */
static unsigned prefetch_threads(size_t n)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t t = n / PREFETCH_PER_THREAD;

	if (cpus < 1)
		cpus = 1;
	if (t > (size_t)cpus + 1)
		t = (size_t)cpus + 1;
	if (t > PREFETCH_MAX_THREADS)
		t = PREFETCH_MAX_THREADS;
	return t ? (unsigned)t : 1;
}

/* List every PID of the root, then start prefetch_threads() - 1 workers
 * reading their smaps_rollup; the calling thread joins in from
 * swap_process_next.  A thread that cannot be created leaves its share to
 * the others.  Returns: 0 or -errno (listing the root, memory). */
static int prefetch(struct swap_process_iter *it)
{
	struct prefetch *pre = &it->pre;
	unsigned nt;
	sigset_t all, old;
	struct dirent *d;

	pre->scan = (struct scan){ dirfd(it->dir), it->flags, it->pagesize, 1 };
	for (;;) {
		pid_t pid;

		errno = 0;
		d = readdir(it->dir);
		if (!d) {
			if (errno)
				return -errno;
			break;
		}
		if (!pid_of(d->d_name, &pid))
			continue;
		if (grow(&pre->r, &pre->alloc, pre->n, 1024, sizeof(*pre->r)) < 0)
			return -ENOMEM;
		memset(&pre->r[pre->n], 0, sizeof(pre->r[0]));
		pre->r[pre->n++].pid = pid;
	}
	nt = prefetch_threads(pre->n);
	/* The workers start with every signal blocked: the caller's signals
	 * (and its handlers) stay the caller's thread's business. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	for (; pre->threads + 1 < nt; pre->threads++) {
		struct prefetch_worker *w = &pre->worker[pre->threads];

		w->pre = pre;
		if (pthread_create(&pre->tid[pre->threads], NULL, prefetch_work, w))
			break;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (pre->threads)
		pre->owner = getpid();
	return 0;
}

SWAP_EXPORT int swap_process_next(struct swap_process_iter *it, struct swap_process *p)
{
	struct prefetch *pre;
	int forked;

	if (!it || !p || p->size < sizeof(size_t))
		return -EINVAL;
	pre = &it->pre;
	if (!pre->done) {
		int rc = prefetch(it);

		/* a failed listing stays failed: a retry must not walk the
		 * part that was listed as if it were all */
		pre->done = rc < 0 ? rc : 1;
	}
	if (pre->done < 0)
		return pre->done;
	forked = prefetch_forked(pre);
	while (pre->pos < pre->n) {
		struct rollup *r = &pre->r[pre->pos++];
		struct rollup *ahead = r;
		int rc;

		/* a forked child trusts none of it (the memory it got is a
		 * snapshot taken while the workers wrote): it reads it all now,
		 * as swap_process_read does */
		if (!forked)
			prefetch_wait(it, r);
		else
			ahead = NULL;
		rc = read_one(it, r->pid, ahead, p);
		if (rc == 1 || (rc < 0 && rc != -ESRCH && rc != -EACCES))
			return rc;
	}
	prefetch_join(pre);
	/* the totals then only count; without the memory for it, they sort
	 * what is left themselves */
	(void)runs_settle(it);
	return 0;
}

SWAP_EXPORT int swap_process_read(struct swap_process_iter *it, pid_t pid, struct swap_process *p)
{
	if (!it || !p || p->size < sizeof(size_t) || pid <= 0)
		return -EINVAL;
	return read_one(it, pid, NULL, p);
}

SWAP_EXPORT int swap_process_totals(const struct swap_process_iter *it, struct swap_process_totals *t)
{
	struct swap_process_totals tot;
	uint64_t pgkib;

	if (!it || !t || t->size < sizeof(size_t))
		return -EINVAL;
	tot = it->totals;
	pgkib = (uint64_t)it->pagesize / 1024;
	memset(tot.type_pages, 0, sizeof(tot.type_pages));
	if (!it->any)
		tot.flags = 0;
	if (tot.flags & SWAP_PROCESS_TYPES) {
		uint64_t entries = 0;

		/* mid-iteration or after swap_process_read, the runs added
		 * since the last settling are sorted in place (the iterator's
		 * counts stay as they are) */
		if (it->nsorted < it->nruns)
			qsort(it->runs + it->nsorted, it->nruns - it->nsorted,
			      sizeof(*it->runs), run_cmp);
		runs_count(it->runs, it->nsorted, it->nruns, tot.type_pages);
		for (int i = 0; i < SWAP_PROCESS_MAX_TYPES; i++)
			entries += tot.type_pages[i];
		tot.swap_kib = entries * pgkib + tot.shmem_swap_kib;
	} else {
		/* the proportional shares of private entries add up to the
		 * entries, each counted once */
		tot.swap_kib = tot.swap_pss_kib + tot.shmem_swap_kib;
	}
	tot.size = t->size;
	copy_out(t, &tot, sizeof(tot));
	return 0;
}

SWAP_EXPORT int swap_process_map_types(const uint64_t type_pages[SWAP_PROCESS_MAX_TYPES],
				       unsigned nareas, int line[SWAP_PROCESS_MAX_TYPES])
{
	unsigned used = 0, left = 0;
	int prefix = 1, idx = 0;

	if (!type_pages || !line)
		return -EINVAL;
	for (int t = 0; t < SWAP_PROCESS_MAX_TYPES; t++)
		used += type_pages[t] != 0;
	for (int t = 0; t < SWAP_PROCESS_MAX_TYPES; t++) {
		line[t] = -1;
		if (!type_pages[t]) {
			prefix = 0;
			continue;
		}
		if (used == nareas)		/* rule (a): the i-th type in use is line i */
			line[t] = idx;
		else if (prefix && (unsigned)t < nareas)	/* rule (b) */
			line[t] = t;
		idx++;
		if (line[t] < 0)
			left++;
	}
	return (int)left;
}

SWAP_EXPORT int swap_process_area_share(const struct swap_process_totals *t, const uint64_t *used_kib,
					unsigned nareas, const int line[SWAP_PROCESS_MAX_TYPES],
					int area, struct swap_area_share *out)
{
	struct swap_area_share a = { .slot = -1 };
	uint64_t pgkib = (uint64_t)sysconf(_SC_PAGESIZE) / 1024, used = 0;
	int types, unmapped = 0;

	if (!t || (nareas && !used_kib) || !line || !out || out->size < sizeof(size_t) ||
	    area < -1 || area >= (int)nareas)
		return -EINVAL;
	/* no process read: nothing in any page table, which is known */
	types = (t->flags & SWAP_PROCESS_TYPES) || !t->processes;
	for (int i = 0; types && i < SWAP_PROCESS_MAX_TYPES; i++) {
		if (!t->type_pages[i])
			continue;
		if (line[i] < 0)
			unmapped = 1;
		if (area < 0 || line[i] == area) {
			a.processes_kib += t->type_pages[i] * pgkib;
			if (area >= 0)
				a.slot = i;
		}
	}
	if (area < 0) {
		for (unsigned i = 0; i < nareas; i++)
			used += used_kib[i];
		if (types)
			a.flags |= SWAP_AREA_SHARE_KNOWN;
	} else {
		used = used_kib[area];
		/* a slot of its own is certain; without one, a slot nobody
		 * could map may still be this area */
		if (types && (a.slot >= 0 || !unmapped))
			a.flags |= SWAP_AREA_SHARE_KNOWN;
	}
	if (!(a.flags & SWAP_AREA_SHARE_KNOWN))
		a.processes_kib = 0;
	/* a page can leave swap between the two reads: never below zero */
	a.other_kib = used > a.processes_kib ? used - a.processes_kib : 0;
	a.size = out->size;
	copy_out(out, &a, sizeof(a));
	return 0;
}

/* --- cgroups --------------------------------------------------------------- */

/* A small file of @dir: its first line as a number, "max" as UNLIMITED.
 * Returns: 0, -ENOENT, -EINVAL or -errno. */
static int read_number(const char *dir, const char *name, uint64_t *out)
{
	char path[PATH_MAX], buf[64], *end;
	unsigned long long v;
	ssize_t n;
	int fd;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path))
		return -ENAMETOOLONG;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	if (!strcmp(buf, "max\n")) {
		*out = SWAP_CGROUP_UNLIMITED;
		return 0;
	}
	if (buf[0] < '0' || buf[0] > '9')
		return -EINVAL;
	errno = 0;
	v = strtoull(buf, &end, 10);
	if (errno || (*end != '\n' && *end))
		return -EINVAL;
	*out = v;
	return 0;
}

/* v1 reports "no limit" as the largest page-aligned long. */
static uint64_t v1_limit(uint64_t v)
{
	return v >= (uint64_t)LLONG_MAX - 65536 * 2 ? SWAP_CGROUP_UNLIMITED : v;
}

SWAP_EXPORT int swap_cgroup_read(const char *dir, struct swap_cgroup *out)
{
	struct swap_cgroup c;
	char path[PATH_MAX];
	FILE *f;
	char line[256];
	int rc, found = 0;

	if (!dir || !out || out->size < sizeof(size_t))
		return -EINVAL;
	memset(&c, 0, sizeof(c));
	rc = read_number(dir, "memory.swap.current", &c.swap_bytes);
	if (rc == 0) {
		c.version = 2;
		if (read_number(dir, "memory.swap.max", &c.limit_bytes) < 0)
			c.limit_bytes = SWAP_CGROUP_UNLIMITED;
		if (read_number(dir, "memory.current", &c.memory_bytes) < 0)
			c.memory_bytes = 0;
		if (read_number(dir, "memory.max", &c.memory_limit_bytes) < 0)
			c.memory_limit_bytes = SWAP_CGROUP_UNLIMITED;
		goto done;
	}
	if (rc != -ENOENT)
		return rc;
	if ((size_t)snprintf(path, sizeof(path), "%s/memory.stat", dir) >= sizeof(path))
		return -ENAMETOOLONG;
	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		unsigned long long v;
		char extra;

		/* swap slots it owns: pages only in swap, and pages in swap
		 * that are also in the swap cache (v2 counts both) */
		if (sscanf(line, "total_swap %llu%c", &v, &extra) == 2 && extra == '\n') {
			c.swap_bytes += v;
			found = 1;
		} else if (sscanf(line, "total_swapcached %llu%c", &v, &extra) == 2 &&
			   extra == '\n') {
			c.swap_bytes += v;
		}
	}
	fclose(f);
	if (!found)
		return -ENOENT;
	c.version = 1;
	rc = read_number(dir, "memory.memsw.limit_in_bytes", &c.limit_bytes);
	c.limit_bytes = rc < 0 ? SWAP_CGROUP_UNLIMITED : v1_limit(c.limit_bytes);
	if (read_number(dir, "memory.usage_in_bytes", &c.memory_bytes) < 0)
		c.memory_bytes = 0;
	rc = read_number(dir, "memory.limit_in_bytes", &c.memory_limit_bytes);
	c.memory_limit_bytes = rc < 0 ? SWAP_CGROUP_UNLIMITED : v1_limit(c.memory_limit_bytes);
done:
	c.size = out->size;
	copy_out(out, &c, sizeof(c));
	return 0;
}

/* The walk from @path (@len bytes of a PATH_MAX buffer; @rel_at: where
 * the path relative to the root starts).  *@stop: the first non-zero
 * value of @fn.  Returns: 0, or -errno when @path cannot be listed. */
static int cgroup_walk(char *path, size_t len, size_t rel_at, swap_cgroup_fn fn, void *data,
		       int *stop)
{
	struct swap_cgroup c = { .size = sizeof(c) };
	DIR *d = opendir(path);
	struct dirent *e;

	if (!d)
		return -errno;
	if (swap_cgroup_read(path, &c) == 0)
		*stop = fn(path[rel_at] ? path + rel_at : "/", &c, data);
	while (!*stop && (e = readdir(d))) {
		size_t n = strlen(e->d_name);
		struct stat st;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") || len + 1 + n >= PATH_MAX)
			continue;
		if (e->d_type != DT_DIR && e->d_type != DT_UNKNOWN)
			continue;
		path[len] = '/';
		memcpy(path + len + 1, e->d_name, n + 1);
		/* no symbolic link is followed; d_type may be unknown */
		if (e->d_type == DT_DIR || (!lstat(path, &st) && S_ISDIR(st.st_mode)))
			cgroup_walk(path, len + 1 + n, rel_at, fn, data, stop);
		path[len] = '\0';
	}
	closedir(d);
	return 0;
}

SWAP_EXPORT int swap_cgroup_walk(const char *root, swap_cgroup_fn fn, void *data)
{
	char *path;
	size_t len;
	int rc, stop = 0;

	if (!root || !fn)
		return -EINVAL;
	len = strlen(root);
	while (len > 1 && root[len - 1] == '/')
		len--;
	if (len >= PATH_MAX)
		return -ENAMETOOLONG;
	path = malloc(PATH_MAX);
	if (!path)
		return -ENOMEM;
	memcpy(path, root, len);
	path[len] = '\0';
	rc = cgroup_walk(path, len, len, fn, data, &stop);
	free(path);
	return rc < 0 ? rc : stop;
}
