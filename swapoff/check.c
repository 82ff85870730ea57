/*
 * check.c - will the pages of the areas being removed fit back into
 * memory, and into the memory cgroups they are charged to?  swapoff --check
 * prints the estimate and who owns the pages; plain swapoff refuses when
 * the answer is clearly no (the kernel would OOM-kill processes instead).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <libsmartcols.h>

#include "cli.h"
#include "libswap.h"
#include "check.h"

#define EX_NOFIT	2
#define EX_SYSERR	8

/* The owners the table shows per area (--json lists them all). */
#define TOP_OWNERS	5

/* A process's swap entries in one area being removed. */
struct owner {
	size_t area;
	pid_t pid;
	char *cmd;
	char *memcg;		/* NULL: unknown */
	uint64_t kib;
};

/* A memory cgroup with a limit that the returning pages are charged to. */
struct limit {
	char *cgroup;		/* relative to the memory hierarchy's root */
	uint64_t need;		/* bytes of the removed areas charged to it */
	uint64_t usage, limit;
	int version;
	int exceeded;
};

struct check {
	char **name;		/* /proc/swaps names */
	uint64_t *size, *used;	/* KiB, parallel to name */
	unsigned char *removed;
	size_t n;
	uint64_t mem_available, free_elsewhere, need, avail;
	int verdict;		/* SWAP_FIT_*, with the cgroup limits */
	struct owner *own;
	size_t nown;
	struct limit *lim;
	size_t nlim;
	char **notes;
	size_t nnotes;
};

static const char *const verdicts[] = { "fits", "tight", "does not fit" };

static void check_free(struct check *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free(c->name[i]);
	for (i = 0; i < c->nown; i++) {
		free(c->own[i].cmd);
		free(c->own[i].memcg);
	}
	for (i = 0; i < c->nlim; i++)
		free(c->lim[i].cgroup);
	for (i = 0; i < c->nnotes; i++)
		free(c->notes[i]);
	free(c->name);
	free(c->size);
	free(c->used);
	free(c->removed);
	free(c->own);
	free(c->lim);
	free(c->notes);
}

static void add_note(struct check *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void add_note(struct check *c, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	if (!s)
		cli_err(EX_SYSERR, 12, "cannot allocate memory");
	c->notes = cli_xrealloc(c->notes, (c->nnotes + 1) * sizeof(*c->notes));
	c->notes[c->nnotes++] = s;
}

/* Do /proc/swaps's names still read as c->name? */
static int same_areas(const struct check *c)
{
	struct swap_procswaps *it = NULL;
	struct swap_procswaps_entry e = SWAP_PROCSWAPS_ENTRY_INIT;
	size_t i = 0;
	int rc, same = 1;

	if (swap_procswaps_open(NULL, &it) < 0)
		return 0;
	while (same && (rc = swap_procswaps_next(it, &e)) > 0)
		same = i < c->n && !strcmp(c->name[i++], e.name);
	swap_procswaps_close(it);
	return same && i == c->n;
}

static int cmp_owners(const void *a, const void *b)
{
	const struct owner *x = a, *y = b;

	if (x->area != y->area)
		return x->area < y->area ? -1 : 1;
	if (x->kib != y->kib)
		return x->kib > y->kib ? -1 : 1;
	return x->pid < y->pid ? -1 : x->pid > y->pid;
}

/* Who holds the pages of the removed areas: libswap's process module gives
 * each process's swap entries by swap type, mapped to /proc/swaps lines
 * where that is certain. */
static void scan_owners(struct check *c)
{
	struct swap_process_iter *it;
	struct swap_process p = { .size = sizeof(p) };
	struct swap_process_totals t = { .size = sizeof(t) };
	struct owner *raw = NULL;	/* .area is the swap type here */
	size_t nraw = 0, i;
	int line[SWAP_PROCESS_MAX_TYPES], unmapped, rc;
	long pagesize = sysconf(_SC_PAGESIZE);

	if (pagesize <= 0)
		pagesize = 4096;
	if (swap_process_open(NULL, 0, &it) < 0) {
		add_note(c, "owners unknown: cannot read /proc");
		return;
	}
	while ((rc = swap_process_next(it, &p)) == 1) {
		if (!(p.flags & SWAP_PROCESS_TYPES))
			continue;
		for (int ty = 0; ty < SWAP_PROCESS_MAX_TYPES; ty++) {
			if (!p.type_pages[ty])
				continue;
			raw = cli_xrealloc(raw, (nraw + 1) * sizeof(*raw));
			raw[nraw].area = (size_t)ty;
			raw[nraw].pid = p.pid;
			raw[nraw].cmd = cli_xstrdup(p.cmdline[0] ? p.cmdline : p.name);
			raw[nraw].memcg = p.memcg ? cli_xstrdup(p.memcg) : NULL;
			raw[nraw++].kib = p.type_pages[ty] * (uint64_t)pagesize / 1024;
		}
	}
	swap_process_totals(it, &t);
	swap_process_close(it);
	if (rc < 0)
		add_note(c, "owners incomplete: /proc could not be read to the end");
	if (t.processes && !(t.flags & SWAP_PROCESS_TYPES))
		add_note(c, "owners %s: the kernel shows swap types in pagemap only to "
			 "CAP_SYS_ADMIN (run as root)", nraw ? "incomplete" : "unknown");
	if (t.unreadable)
		add_note(c, "owners incomplete: %u process(es) could not be read fully",
			 t.unreadable);
	if (t.shmem_swap_kib)
		add_note(c, "%llu KiB of shared memory (shmem, tmpfs) in swap has no owner here: "
			 "its area cannot be read from page tables",
			 (unsigned long long)t.shmem_swap_kib);
	if (!same_areas(c)) {
		add_note(c, "owners unknown: swap areas were added or removed during the scan");
		unmapped = -1;
	} else {
		unmapped = swap_process_map_types(t.type_pages, (unsigned)c->n, line);
		if (unmapped > 0)
			add_note(c, "owners uncertain: %d swap slot(s) in use cannot be matched to "
				 "/proc/swaps (see SLOT MAPPING in lsswap(8)); their pages are "
				 "left out", unmapped);
	}
	for (i = 0; i < nraw; i++) {
		int l = unmapped < 0 ? -1 : line[raw[i].area];

		if (l < 0 || !c->removed[l]) {
			free(raw[i].cmd);
			free(raw[i].memcg);
			continue;
		}
		raw[i].area = (size_t)l;
		c->own = cli_xrealloc(c->own, (c->nown + 1) * sizeof(*c->own));
		c->own[c->nown++] = raw[i];
	}
	free(raw);
	if (c->nown)
		qsort(c->own, c->nown, sizeof(*c->own), cmp_owners);
}

static struct limit *limit_of(struct check *c, const char *cgroup)
{
	for (size_t i = 0; i < c->nlim; i++)
		if (!strcmp(c->lim[i].cgroup, cgroup))
			return &c->lim[i];
	c->lim = cli_xrealloc(c->lim, (c->nlim + 1) * sizeof(*c->lim));
	memset(&c->lim[c->nlim], 0, sizeof(*c->lim));
	c->lim[c->nlim].cgroup = cli_xstrdup(cgroup);
	return &c->lim[c->nlim++];
}

/*
 * Swapped-in pages are charged to the memory cgroup they were charged to
 * in swap; the charge counts against that cgroup's limit and every
 * ancestor's.  A cgroup whose usage plus the pages coming back exceeds
 * its limit reclaims, and with nowhere to put them, OOM-kills in it.
 */
static void check_limits(struct check *c)
{
	const char *root = cli_memcg_root();
	size_t i, k;

	if (!c->nown)
		return;
	if (!root) {
		add_note(c, "cgroup limits unknown: no memory cgroup hierarchy");
		return;
	}
	for (i = 0; i < c->nown; i++) {
		char *path;

		if (!c->own[i].memcg)
			continue;
		path = cli_xstrdup(c->own[i].memcg);
		/* the cgroup and its ancestors, not the root (no limit) */
		while (strcmp(path, "/") && *path) {
			char *slash;

			limit_of(c, path)->need += c->own[i].kib * 1024;
			slash = strrchr(path, '/');
			if (!slash)
				break;
			if (slash == path)
				slash[1] = '\0';
			else
				*slash = '\0';
		}
		free(path);
	}
	for (i = k = 0; i < c->nlim; i++) {
		struct limit *l = &c->lim[i];
		struct swap_cgroup cg = { .size = sizeof(cg) };
		char *dir;

		if (asprintf(&dir, "%s%s", root, l->cgroup) < 0)
			cli_err(EX_SYSERR, 12, "cannot allocate memory");
		if (swap_cgroup_read(dir, &cg) < 0 ||
		    cg.memory_limit_bytes == SWAP_CGROUP_UNLIMITED) {
			free(dir);
			free(l->cgroup);
			continue;	/* no limit (or unreadable): not reported */
		}
		free(dir);
		/* what the cgroup has in swap bounds what comes back to it
		 * (processes that share entries after fork count them twice) */
		if (cg.swap_bytes && l->need > cg.swap_bytes)
			l->need = cg.swap_bytes;
		l->usage = cg.memory_bytes;
		l->limit = cg.memory_limit_bytes;
		l->version = cg.version;
		l->exceeded = l->usage + l->need > l->limit;
		if (l->exceeded)
			c->verdict = SWAP_FIT_NO;
		c->lim[k++] = *l;
	}
	c->nlim = k;
}

/* Read /proc/swaps and /proc/meminfo; mark @names (or all) removed and
 * estimate; with @owners, find who owns the pages and check the memory
 * cgroup limits.  Returns 0 or -errno. */
static int check_load(struct check *c, char *const *names, size_t n, int all, int owners)
{
	struct swap_procswaps *it = NULL;
	struct swap_procswaps_entry e = SWAP_PROCSWAPS_ENTRY_INIT;
	struct swap_meminfo mi = SWAP_MEMINFO_INIT;
	size_t i, j;
	int rc, any = 0;

	memset(c, 0, sizeof(*c));
	rc = swap_meminfo_read(NULL, &mi);
	if (rc < 0)
		return rc;
	c->mem_available = mi.mem_available;
	rc = swap_procswaps_open(NULL, &it);
	if (rc < 0)
		return rc;
	while ((rc = swap_procswaps_next(it, &e)) > 0) {
		c->name = cli_xrealloc(c->name, (c->n + 1) * sizeof(*c->name));
		c->size = cli_xrealloc(c->size, (c->n + 1) * sizeof(*c->size));
		c->used = cli_xrealloc(c->used, (c->n + 1) * sizeof(*c->used));
		c->removed = cli_xrealloc(c->removed, c->n + 1);
		c->name[c->n] = cli_xstrdup(e.name);
		c->size[c->n] = e.size_kib;
		c->used[c->n] = e.used_kib;
		c->removed[c->n] = all;
		for (j = 0; j < n && !all; j++)
			if (strcmp(names[j], e.name) == 0)
				c->removed[c->n] = 1;
		any |= c->removed[c->n] && e.used_kib;
		c->n++;
	}
	swap_procswaps_close(it);
	if (rc < 0)
		return rc;
	for (i = 0; i < c->n; i++)
		if (!c->removed[i] && c->size[i] > c->used[i])
			c->free_elsewhere += c->size[i] - c->used[i];
	c->verdict = swap_meminfo_estimate(c->used, c->removed, c->n, c->mem_available,
					   c->free_elsewhere, &c->need, &c->avail);
	if (c->verdict < 0)
		return c->verdict;
	if (owners && any) {
		scan_owners(c);
		check_limits(c);
	}
	return 0;
}

static void size_cell(char *buf, size_t len, uint64_t bytes, int raw)
{
	if (raw || swap_size_format(bytes, SWAP_SIZE_UL, buf, len) < 0)
		snprintf(buf, len, "%llu", (unsigned long long)bytes);
}

/* A table of @ncols columns (right-aligned where @right has a 1). */
static struct libscols_table *new_table(const char *const *cols, size_t ncols,
					const char *right)
{
	struct libscols_table *tb = scols_new_table();

	if (!tb)
		cli_errx(EX_SYSERR, "cannot create a table");
	for (size_t k = 0; k < ncols; k++)
		if (!scols_table_new_column(tb, cols[k], 0, right[k] == '1' ? SCOLS_FL_RIGHT : 0))
			cli_errx(EX_SYSERR, "cannot create a table");
	return tb;
}

static void put_row(struct libscols_table *tb, const char *const *cells, size_t ncols)
{
	struct libscols_line *ln = scols_table_new_line(tb, NULL);

	if (!ln)
		cli_errx(EX_SYSERR, "cannot create a table");
	for (size_t k = 0; k < ncols; k++)
		if (scols_line_set_data(ln, k, cells[k]) < 0)
			cli_errx(EX_SYSERR, "cannot fill the table");
}

static void print_tables(const struct check *c, long pagesize)
{
	static const char *const acols[] = { "NAME", "PAGES", "USED", "NEED", "AVAILABLE",
					     "VERDICT" };
	static const char *const ocols[] = { "AREA", "PID", "COMMAND", "CGROUP", "SWAP" };
	static const char *const lcols[] = { "CGROUP", "NEED", "USAGE", "LIMIT", "VERDICT" };
	struct libscols_table *tb;
	size_t i, shown = 0;
	char buf[5][40];

	tb = new_table(acols, 6, "011110");
	for (i = 0; i < c->n; i++) {
		if (!c->removed[i])
			continue;
		snprintf(buf[0], sizeof(buf[0]), "%llu",
			 (unsigned long long)(c->used[i] * 1024 / (uint64_t)pagesize));
		size_cell(buf[1], sizeof(buf[1]), c->used[i] * 1024, 0);
		size_cell(buf[2], sizeof(buf[2]), c->need * 1024, 0);
		size_cell(buf[3], sizeof(buf[3]), c->avail * 1024, 0);
		put_row(tb, (const char *const[]){ c->name[i], buf[0], buf[1], buf[2], buf[3],
						   verdicts[c->verdict] }, 6);
	}
	scols_print_table(tb);
	scols_unref_table(tb);

	if (c->nown) {
		fputc('\n', stdout);
		tb = new_table(ocols, 5, "01001");
		for (i = 0; i < c->nown; i++) {
			const struct owner *o = &c->own[i];

			shown = i && o->area == c->own[i - 1].area ? shown + 1 : 0;
			if (shown >= TOP_OWNERS)
				continue;
			snprintf(buf[0], sizeof(buf[0]), "%d", (int)o->pid);
			size_cell(buf[1], sizeof(buf[1]), o->kib * 1024, 0);
			put_row(tb, (const char *const[]){ c->name[o->area], buf[0], o->cmd,
							   o->memcg ? o->memcg : "-", buf[1] }, 5);
		}
		scols_print_table(tb);
		scols_unref_table(tb);
	}
	if (c->nlim) {
		fputc('\n', stdout);
		tb = new_table(lcols, 5, "01110");
		for (i = 0; i < c->nlim; i++) {
			size_cell(buf[0], sizeof(buf[0]), c->lim[i].need, 0);
			size_cell(buf[1], sizeof(buf[1]), c->lim[i].usage, 0);
			size_cell(buf[2], sizeof(buf[2]), c->lim[i].limit, 0);
			put_row(tb, (const char *const[]){ c->lim[i].cgroup, buf[0], buf[1], buf[2],
							   c->lim[i].exceeded ? "exceeds limit" : "fits" },
				5);
		}
		scols_print_table(tb);
		scols_unref_table(tb);
	}
	for (i = 0; i < c->nnotes; i++)
		printf("%snote: %s\n", i ? "" : "\n", c->notes[i]);
}

static void json_str(const char *key, const char *s, const char *end)
{
	printf("\"%s\": ", key);
	if (!s) {
		printf("null%s", end);
		return;
	}
	putchar('"');
	cli_json_put(stdout, s);
	printf("\"%s", end);
}

static void print_json(const struct check *c, long pagesize)
{
	size_t i, j, first = 1;

	printf("{\n   \"swapoff-check\": [");
	for (i = 0; i < c->n; i++) {
		int f = 1;

		if (!c->removed[i])
			continue;
		printf("%s\n      {\n         ", first ? "" : ",");
		first = 0;
		json_str("name", c->name[i], ",\n");
		printf("         \"pages\": %llu,\n         \"used\": %llu,\n"
		       "         \"need\": %llu,\n         \"available\": %llu,\n         ",
		       (unsigned long long)(c->used[i] * 1024 / (uint64_t)pagesize),
		       (unsigned long long)c->used[i] * 1024,
		       (unsigned long long)c->need * 1024,
		       (unsigned long long)c->avail * 1024);
		json_str("verdict", verdicts[c->verdict], ",\n");
		printf("         \"processes\": [");
		for (j = 0; j < c->nown; j++) {
			const struct owner *o = &c->own[j];

			if (o->area != i)
				continue;
			printf("%s\n            {\"pid\": %d, ", f ? "" : ",", (int)o->pid);
			f = 0;
			json_str("command", o->cmd, ", ");
			json_str("cgroup", o->memcg, ", ");
			printf("\"swap\": %llu}", (unsigned long long)o->kib * 1024);
		}
		printf("%s],\n         \"cgroups\": [", f ? "" : "\n         ");
		f = 1;
		/* per cgroup: the owners' swap in this area, summed */
		for (j = 0; j < c->nown; j++) {
			const struct owner *o = &c->own[j];
			uint64_t sum = 0;
			size_t k;

			if (o->area != i || !o->memcg)
				continue;
			for (k = 0; k < j; k++)
				if (c->own[k].area == i && c->own[k].memcg &&
				    !strcmp(c->own[k].memcg, o->memcg))
					break;
			if (k < j)
				continue;	/* summed already */
			for (k = j; k < c->nown; k++)
				if (c->own[k].area == i && c->own[k].memcg &&
				    !strcmp(c->own[k].memcg, o->memcg))
					sum += c->own[k].kib;
			printf("%s\n            {", f ? "" : ",");
			f = 0;
			json_str("cgroup", o->memcg, ", ");
			printf("\"swap\": %llu}", (unsigned long long)sum * 1024);
		}
		printf("%s]\n      }", f ? "" : "\n         ");
	}
	printf("\n   ],\n   \"limits\": [");
	for (i = 0; i < c->nlim; i++) {
		printf("%s\n      {", i ? "," : "");
		json_str("cgroup", c->lim[i].cgroup, ", ");
		printf("\"need\": %llu, \"usage\": %llu, \"limit\": %llu, \"exceeded\": %s}",
		       (unsigned long long)c->lim[i].need, (unsigned long long)c->lim[i].usage,
		       (unsigned long long)c->lim[i].limit, c->lim[i].exceeded ? "true" : "false");
	}
	printf("%s],\n   \"notes\": [", c->nlim ? "\n   " : "");
	for (i = 0; i < c->nnotes; i++) {
		printf("%s\n      \"", i ? "," : "");
		cli_json_put(stdout, c->notes[i]);
		putchar('"');
	}
	printf("%s]\n}\n", c->nnotes ? "\n   " : "");
}

int swapoff_check(char *const *names, size_t n, int all, int json)
{
	struct check c;
	long pagesize = sysconf(_SC_PAGESIZE);
	int rc;

	rc = check_load(&c, names, n, all, 1);
	if (rc < 0) {
		cli_warn(-rc, "cannot estimate: /proc/swaps or /proc/meminfo");
		check_free(&c);
		return EX_SYSERR;
	}
	if (pagesize <= 0)
		pagesize = 4096;
	scols_init_debug(0);
	if (json)
		print_json(&c, pagesize);
	else
		print_tables(&c, pagesize);
	rc = c.verdict == SWAP_FIT_NO ? EX_NOFIT : 0;
	check_free(&c);
	return rc;
}

int swapoff_guard(const char *name)
{
	struct check c;
	char need[32], avail[32], usage[32], limit[32];
	size_t i;
	int rc;

	if (check_load(&c, (char *const *)&name, 1, 0, 1) < 0 || c.verdict != SWAP_FIT_NO) {
		check_free(&c);
		return 0;	/* nothing to estimate with: the kernel decides */
	}
	if (c.need > c.avail) {
		size_cell(need, sizeof(need), c.need * 1024, 0);
		size_cell(avail, sizeof(avail), c.avail * 1024, 0);
		cli_warnx("%s: not swapped off: its %s in use do not fit in the %s available "
			  "(MemAvailable plus free space of the other areas); add another swap "
			  "area or free memory first, or use --force", name, need, avail);
	}
	for (i = 0; i < c.nlim; i++) {
		if (!c.lim[i].exceeded)
			continue;
		size_cell(need, sizeof(need), c.lim[i].need, 0);
		size_cell(usage, sizeof(usage), c.lim[i].usage, 0);
		size_cell(limit, sizeof(limit), c.lim[i].limit, 0);
		cli_warnx("%s: not swapped off: its %s charged to memory cgroup %s do not fit "
			  "under the cgroup's limit (%s of %s %s used); raise the limit or free "
			  "memory in that cgroup first, or use --force", name, need,
			  c.lim[i].cgroup, usage, limit,
			  c.lim[i].version == 1 ? "memory.limit_in_bytes" : "memory.max");
	}
	rc = EX_NOFIT;
	check_free(&c);
	return rc;
}
