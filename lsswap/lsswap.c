/*
 * lsswap - which processes hold swap, how much, and in which area; what
 * each area holds; the swap charged to memory cgroups.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <stdarg.h>
#include <ftw.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libsmartcols.h>

#include "cli.h"
#include "libswap.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

enum view { VIEW_PROCESSES = 1, VIEW_AREAS = 2, VIEW_CGROUPS = 4 };

/* One row per column of every view: --output parsing, headers, JSON keys
 * (the name in lower case) and --help all come from here. */
enum {
	COL_PID, COL_USER, COL_UID, COL_COMMAND, COL_CMDLINE, COL_SWAP, COL_SWAPPSS,
	COL_VMSWAP, COL_SHMEM, COL_AREAS,
	COL_NAME, COL_TYPE, COL_SIZE, COL_USED, COL_PRIO, COL_SLOT, COL_PROCESSES, COL_OTHER,
	COL_CGROUP, COL_CGSWAP, COL_LIMIT, COL_MEMORY, COL_VERSION,
	NCOLS
};

enum { K_STR, K_NUM, K_SIZE };	/* how a cell prints and sorts */

static const struct lsswap_column {
	const char *name;
	enum view view;
	int kind;
	double whint;
	int flags;		/* SCOLS_FL_* */
	int is_default;
	const char *help;
} columns[NCOLS] = {
	[COL_PID]       = { "PID",       VIEW_PROCESSES, K_NUM,  5, SCOLS_FL_RIGHT, 1, "process ID" },
	[COL_USER]      = { "USER",      VIEW_PROCESSES, K_STR,  8, 0, 1, "owner (real user)" },
	[COL_UID]       = { "UID",       VIEW_PROCESSES, K_NUM,  5, SCOLS_FL_RIGHT, 0, "owner's user ID" },
	[COL_COMMAND]   = { "COMMAND",   VIEW_PROCESSES, K_STR, 16, SCOLS_FL_TRUNC, 1, "command name" },
	[COL_CMDLINE]   = { "CMDLINE",   VIEW_PROCESSES, K_STR, 30, SCOLS_FL_TRUNC, 0, "command line" },
	[COL_SWAP]      = { "SWAP",      VIEW_PROCESSES, K_SIZE, 6, SCOLS_FL_RIGHT, 1, "its pages in swap, shared ones included (smaps Swap)" },
	[COL_SWAPPSS]   = { "SWAPPSS",   VIEW_PROCESSES, K_SIZE, 6, SCOLS_FL_RIGHT, 1, "its proportional share of private swap (SwapPss)" },
	[COL_VMSWAP]    = { "VMSWAP",    VIEW_PROCESSES, K_SIZE, 6, SCOLS_FL_RIGHT, 0, "anonymous pages in swap (status VmSwap)" },
	[COL_SHMEM]     = { "SHMEM",     VIEW_PROCESSES, K_SIZE, 6, SCOLS_FL_RIGHT, 0, "shared memory (shmem, tmpfs, SysV) in swap" },
	[COL_AREAS]     = { "AREAS",     VIEW_PROCESSES, K_STR, 20, 0, 1, "where its pages are: area:size,..." },
	[COL_NAME]      = { "NAME",      VIEW_AREAS, K_STR, 20, 0, 1, "swap device or file" },
	[COL_TYPE]      = { "TYPE",      VIEW_AREAS, K_STR,  9, 0, 0, "partition or file" },
	[COL_SIZE]      = { "SIZE",      VIEW_AREAS, K_SIZE, 6, SCOLS_FL_RIGHT, 1, "size of the area" },
	[COL_USED]      = { "USED",      VIEW_AREAS, K_SIZE, 6, SCOLS_FL_RIGHT, 1, "in use (/proc/swaps Used)" },
	[COL_PRIO]      = { "PRIO",      VIEW_AREAS, K_NUM,  4, SCOLS_FL_RIGHT, 0, "priority" },
	[COL_SLOT]      = { "SLOT",      VIEW_AREAS, K_NUM,  4, SCOLS_FL_RIGHT, 0, "kernel slot (swap type), when certain" },
	[COL_PROCESSES] = { "PROCESSES", VIEW_AREAS, K_SIZE, 6, SCOLS_FL_RIGHT, 1, "pages process page tables point at" },
	[COL_OTHER]     = { "OTHER",     VIEW_AREAS, K_SIZE, 6, SCOLS_FL_RIGHT, 1, "the rest: swap cache, shared memory, tmpfs" },
	[COL_CGROUP]    = { "CGROUP",    VIEW_CGROUPS, K_STR, 30, 0, 1, "memory cgroup" },
	[COL_CGSWAP]    = { "SWAP",      VIEW_CGROUPS, K_SIZE, 6, SCOLS_FL_RIGHT, 1, "swap charged to it and its descendants" },
	[COL_LIMIT]     = { "LIMIT",     VIEW_CGROUPS, K_SIZE, 6, SCOLS_FL_RIGHT, 1, "v2 swap limit; v1 memory+swap limit" },
	[COL_MEMORY]    = { "MEMORY",    VIEW_CGROUPS, K_SIZE, 6, SCOLS_FL_RIGHT, 0, "memory charged to it" },
	[COL_VERSION]   = { "VERSION",   VIEW_CGROUPS, K_NUM,  3, SCOLS_FL_RIGHT, 0, "cgroup version" },
};

/* A row of any view; sizes in bytes. */
struct row {
	int total;		/* the total row */
	int unknown;		/* a figure that cannot be known: printed as "-" */
	int nopss;		/* SWAPPSS and SHMEM do not apply (total of --area) */
	pid_t pid;
	uid_t uid;
	char *name;		/* command, area or cgroup */
	char *cmdline;
	char *areas;
	uint64_t *pages;	/* swap entries by type, until areas is formatted */
	unsigned pflags;	/* SWAP_PROCESS_* of the process */
	uint64_t swap, pss, vmswap, shmem;
	char type[16];
	int prio, slot;
	uint64_t size, used, processes, other;
	int version;
	uint64_t limit, memory;
};

struct lsswap_ctl {
	enum view view;
	int columns[NCOLS];
	size_t ncolumns;
	int sort;		/* column, or -1 */
	pid_t *pids;
	size_t npids;
	const char *area;
	int bytes, raw, noheadings, json;
	struct row *rows;
	size_t nrows;
	struct row total;
	char *notes[8];
	size_t nnotes;
	int partial;
	int missing;		/* a --pid that does not exist */
	long pagesize;
};

enum { OPT_OUTPUT_ALL = CHAR_MAX + 1 };

static const struct option longopts[] = {
	{ "areas",       no_argument,       NULL, 'a' },
	{ "cgroups",     no_argument,       NULL, 'c' },
	{ "pid",         required_argument, NULL, 'p' },
	{ "area",        required_argument, NULL, 'A' },
	{ "output",      required_argument, NULL, 'o' },
	{ "output-all",  no_argument,       NULL, OPT_OUTPUT_ALL },
	{ "sort",        required_argument, NULL, 's' },
	{ "bytes",       no_argument,       NULL, 'b' },
	{ "raw",         no_argument,       NULL, 'r' },
	{ "noheadings",  no_argument,       NULL, 'n' },
	{ "json",        no_argument,       NULL, 'J' },
	{ "help",        no_argument,       NULL, 'h' },
	{ "version",     no_argument,       NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

static void __attribute__((noreturn)) usage(void)
{
	const char *p = cli_progname();

	printf("\nUsage:\n %s [options]\n\n", p);
	printf("Show which processes hold swap, how much and in which area.\n\n");
	printf("Options:\n"
	       " -a, --areas            one row per active swap area\n"
	       " -c, --cgroups          one row per memory cgroup with swap\n"
	       " -p, --pid <pid>[,...]  only these processes\n"
	       " -A, --area <area>      only processes with pages in this area (or only its row)\n"
	       " -o, --output <list>    the columns to show\n"
	       "     --output-all       every column of the view\n"
	       " -s, --sort <column>    sort by this column (sizes largest first)\n"
	       " -b, --bytes            sizes in bytes\n"
	       " -r, --raw              raw output\n"
	       " -n, --noheadings       no header line\n"
	       " -J, --json             JSON output\n\n"
	       " -h, --help             display this help\n"
	       " -V, --version          display version\n");
	printf("\nAvailable output columns (processes, --areas, --cgroups):\n");
	for (int i = 0; i < NCOLS; i++)
		printf(" %10s  %s\n", columns[i].name, columns[i].help);
	printf("\nFor more details see lsswap(8).\n");
	exit(EXIT_SUCCESS);
}

static int column_id(enum view view, const char *name, size_t len)
{
	for (int i = 0; i < NCOLS; i++)
		if (columns[i].view == view && strlen(columns[i].name) == len &&
		    !strncasecmp(columns[i].name, name, len))
			return i;
	return -1;
}

static int column_or_die(enum view view, const char *name, size_t len)
{
	int id = column_id(view, name, len);

	if (id < 0)
		cli_bad_usage(EXIT_FAILURE, "unknown column: %.*s", (int)len, name);
	return id;
}

static void parse_columns(struct lsswap_ctl *ctl, const char *list)
{
	const char *p = list;

	if (*p == '+')
		p++;
	else
		ctl->ncolumns = 0;
	while (*p) {
		size_t len = strcspn(p, ",");

		if (ctl->ncolumns >= NCOLS)
			cli_bad_usage(EXIT_FAILURE, "too many columns: %s", list);
		ctl->columns[ctl->ncolumns++] = column_or_die(ctl->view, p, len);
		p += len;
		if (*p == ',')
			p++;
	}
}

static void add_note(struct lsswap_ctl *ctl, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void add_note(struct lsswap_ctl *ctl, const char *fmt, ...)
{
	va_list ap;
	char *s;

	if (ctl->nnotes >= ARRAY_SIZE(ctl->notes))
		return;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		cli_err(EXIT_FAILURE, ENOMEM, "cannot allocate memory");
	va_end(ap);
	ctl->notes[ctl->nnotes++] = s;
}

static struct row *new_row(struct lsswap_ctl *ctl)
{
	struct row *r;

	ctl->rows = cli_xrealloc(ctl->rows, (ctl->nrows + 1) * sizeof(*ctl->rows));
	r = &ctl->rows[ctl->nrows++];
	memset(r, 0, sizeof(*r));
	r->slot = -1;
	return r;
}

/* --- /proc/swaps ----------------------------------------------------------- */

struct areas {
	struct swap_procswaps_entry *e;
	size_t n;
};

static void read_areas(struct areas *a)
{
	struct swap_procswaps *it;
	struct swap_procswaps_entry e = SWAP_PROCSWAPS_ENTRY_INIT;
	int rc;

	a->e = NULL;
	a->n = 0;
	rc = swap_procswaps_open(NULL, &it);
	if (rc < 0)
		cli_err(EXIT_FAILURE, -rc, "cannot open /proc/swaps");
	while ((rc = swap_procswaps_next(it, &e)) > 0) {
		a->e = cli_xrealloc(a->e, (a->n + 1) * sizeof(*a->e));
		a->e[a->n] = e;
		/* the iterator's strings last until its next call: keep copies */
		a->e[a->n].name = cli_xstrdup(e.name);
		a->e[a->n++].type = cli_xstrdup(e.type);
	}
	if (rc < 0)
		cli_err(EXIT_FAILURE, -rc, "cannot read /proc/swaps");
	swap_procswaps_close(it);
}

static int same_areas(const struct areas *a, const struct areas *b)
{
	if (a->n != b->n)
		return 0;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->e[i].name, b->e[i].name))
			return 0;
	return 1;
}

/* The area named @name (a path, compared canonically). */
static int find_area(const struct areas *a, const char *name)
{
	char *want = realpath(name, NULL);

	for (size_t i = 0; i < a->n; i++) {
		char *have = realpath(a->e[i].name, NULL);
		int same = !strcmp(a->e[i].name, name) ||
			   (want && have && !strcmp(want, have));

		free(have);
		if (same) {
			free(want);
			return (int)i;
		}
	}
	free(want);
	return -1;
}

/* --- scanning processes ------------------------------------------------------ */

struct scan {
	struct areas before, after;
	struct swap_process_totals totals;
	int line[SWAP_PROCESS_MAX_TYPES];	/* swap type -> area, or -1 */
	int unmapped;				/* types in use without an area */
	int types;				/* swap types were readable */
};

static const char *user_name(uid_t uid)
{
	static struct { uid_t uid; char *name; } cache[64];
	static size_t n;
	struct passwd *pw;
	char buf[16];

	for (size_t i = 0; i < n; i++)
		if (cache[i].uid == uid)
			return cache[i].name;
	pw = getpwuid(uid);
	if (n == ARRAY_SIZE(cache))
		n = 0;
	snprintf(buf, sizeof(buf), "%u", (unsigned)uid);
	free(cache[n].name);
	cache[n].uid = uid;
	cache[n].name = cli_xstrdup(pw ? pw->pw_name : buf);
	return cache[n++].name;
}

static void add_process(struct lsswap_ctl *ctl, const struct swap_process *p)
{
	struct row *r = new_row(ctl);

	r->pid = p->pid;
	r->uid = p->uid;
	r->name = cli_xstrdup(p->name);
	r->cmdline = cli_xstrdup(p->cmdline[0] ? p->cmdline : p->name);
	r->swap = p->swap_kib * 1024;
	r->vmswap = p->vmswap_kib * 1024;
	r->shmem = p->shmem_swap_kib * 1024;
	if (p->flags & SWAP_PROCESS_SMAPS)
		r->pss = p->swap_pss_kib * 1024;
	else
		r->unknown = 1;
	/* the areas are formatted once the slot mapping is known */
	r->pages = cli_xrealloc(NULL, sizeof(p->type_pages));
	memcpy(r->pages, p->type_pages, sizeof(p->type_pages));
	r->pflags = p->flags;
}

static int wanted_pid(const struct lsswap_ctl *ctl, pid_t pid)
{
	for (size_t i = 0; i < ctl->npids; i++)
		if (ctl->pids[i] == pid)
			return 1;
	return 0;
}

static void scan_processes(struct lsswap_ctl *ctl, struct scan *s)
{
	struct swap_process_iter *it;
	struct swap_process p = { .size = sizeof(p) };
	int rc;

	read_areas(&s->before);
	rc = swap_process_open(NULL, ctl->npids ? SWAP_PROCESS_ALL : 0, &it);
	if (rc < 0)
		cli_err(EXIT_FAILURE, -rc, "cannot read /proc");
	if (ctl->npids && ctl->view == VIEW_PROCESSES) {
		for (size_t i = 0; i < ctl->npids; i++) {
			rc = swap_process_read(it, ctl->pids[i], &p);
			if (rc == -ESRCH) {
				cli_warnx("no process %d", (int)ctl->pids[i]);
				ctl->missing = 1;
				continue;
			}
			if (rc < 0)
				cli_err(EXIT_FAILURE, -rc, "cannot read process %d", (int)ctl->pids[i]);
			if (rc == 1)
				add_process(ctl, &p);
		}
	} else {
		while ((rc = swap_process_next(it, &p)) == 1)
			if (ctl->view == VIEW_PROCESSES && (!ctl->npids || wanted_pid(ctl, p.pid)))
				add_process(ctl, &p);
		if (rc < 0)
			cli_err(EXIT_FAILURE, -rc, "cannot read /proc");
	}
	s->totals.size = sizeof(s->totals);
	swap_process_totals(it, &s->totals);
	swap_process_close(it);
	read_areas(&s->after);

	s->types = (s->totals.flags & SWAP_PROCESS_TYPES) || !s->totals.processes;
	if (!same_areas(&s->before, &s->after)) {
		for (int t = 0; t < SWAP_PROCESS_MAX_TYPES; t++)
			s->line[t] = -1;
		s->unmapped = -1;
		add_note(ctl, "areas unknown: swap areas were added or removed during the scan");
	} else {
		s->unmapped = swap_process_map_types(s->totals.type_pages,
						     (unsigned)s->after.n, s->line);
		if (s->unmapped > 0)
			add_note(ctl, "areas uncertain: %d swap slot(s) in use cannot be matched to "
				 "/proc/swaps (an area was removed earlier, leaving free slots; "
				 "see SLOT MAPPING in lsswap(8)): shown as slotN?", s->unmapped);
	}
	if (!s->types)
		add_note(ctl, "areas unknown: the kernel shows swap types in pagemap only to "
			 "CAP_SYS_ADMIN (run as root)");
	if (s->totals.unreadable) {
		ctl->partial = 1;
		add_note(ctl, "partial: %u process(es) could not be read fully (%s); for them SWAP "
			 "is VmSwap, SWAPPSS is '-', and the total is not known if they hold swap",
			 s->totals.unreadable, geteuid() ? "run as root" :
			 "even root may not: another user namespace or a security module");
	}
}

/* "area:size,...,shmem:size" for a process row (or the total). */
static char *format_areas(const struct lsswap_ctl *ctl, const struct scan *s,
			  const uint64_t *pages, unsigned flags, uint64_t shmem)
{
	char *out = NULL;
	size_t len = 0;
	char item[PATH_MAX + 64], size[32];

	if (!(flags & SWAP_PROCESS_TYPES)) {
		return cli_xstrdup("-");
	}
	for (int t = 0; t <= SWAP_PROCESS_MAX_TYPES; t++) {
		uint64_t bytes;
		const char *name;
		char slot[24];	/* "slot" + any int + "?" */
		int n;

		if (t < SWAP_PROCESS_MAX_TYPES) {
			if (!pages[t])
				continue;
			bytes = pages[t] * (uint64_t)ctl->pagesize;
			if (s->line[t] >= 0) {
				name = s->after.e[s->line[t]].name;
			} else {
				snprintf(slot, sizeof(slot), "slot%d?", t);
				name = slot;
			}
		} else {
			if (!shmem)
				continue;
			bytes = shmem;
			name = "shmem";
		}
		if (ctl->bytes || ctl->json || swap_size_format(bytes, SWAP_SIZE_UL, size, sizeof(size)) < 0)
			snprintf(size, sizeof(size), "%" PRIu64, bytes);
		n = snprintf(item, sizeof(item), "%s%s:%s", len ? "," : "", name, size);
		out = cli_xrealloc(out, len + (size_t)n + 1);
		memcpy(out + len, item, (size_t)n + 1);
		len += (size_t)n;
	}
	return out ? out : cli_xstrdup("");
}

/* The share of line @area (-1: all) that process page tables point at. */
static void area_share(const struct scan *s, int area, struct swap_area_share *sh)
{
	uint64_t used[SWAP_PROCESS_MAX_TYPES + 1];
	size_t n = s->after.n < ARRAY_SIZE(used) ? s->after.n : ARRAY_SIZE(used);

	for (size_t i = 0; i < n; i++)
		used[i] = s->after.e[i].used_kib;
	sh->size = sizeof(*sh);
	if (swap_process_area_share(&s->totals, used, (unsigned)n, s->line, area, sh) < 0)
		cli_errx(EXIT_FAILURE, "more swap areas than swap types");
}

static void finish_process_rows(struct lsswap_ctl *ctl, struct scan *s)
{
	int want_area = -1;
	size_t keep = 0;

	if (ctl->area) {
		want_area = find_area(&s->after, ctl->area);
		if (want_area < 0)
			cli_errx(EXIT_FAILURE, "%s: not an active swap area", ctl->area);
		if (!s->types || s->unmapped)
			cli_errx(EXIT_FAILURE, "%s: cannot tell which processes have pages there: %s",
				 ctl->area, ctl->notes[0] ? ctl->notes[0] : "slot mapping uncertain");
	}
	for (size_t i = 0; i < ctl->nrows; i++) {
		struct row *r = &ctl->rows[i];
		int in_area = 0;

		for (int t = 0; t < SWAP_PROCESS_MAX_TYPES; t++)
			if (r->pages[t] && s->line[t] == want_area)
				in_area = 1;
		if (want_area >= 0 && !in_area) {
			free(r->name);
			free(r->cmdline);
			free(r->pages);
			continue;
		}
		r->areas = format_areas(ctl, s, r->pages, r->pflags, r->shmem);
		free(r->pages);
		r->pages = NULL;
		ctl->rows[keep++] = *r;
	}
	ctl->nrows = keep;

	ctl->total.total = 1;
	ctl->total.swap = s->totals.swap_kib * 1024;
	ctl->total.pss = s->totals.swap_pss_kib * 1024;
	ctl->total.shmem = s->totals.shmem_swap_kib * 1024;
	for (size_t i = 0; i < ctl->nrows; i++)
		if (ctl->rows[i].unknown) {
			/* its VmSwap may share entries with others: no exact sum */
			ctl->total.unknown = 1;
			ctl->partial = 1;
		}
	ctl->total.name = cli_xstrdup(ctl->partial ? "total (partial)" : "total");
	if (ctl->area) {
		/* the processes' distinct entries in that area; their other
		 * figures cover other areas too */
		struct swap_area_share sh;

		area_share(s, want_area, &sh);
		for (int t = 0; t < SWAP_PROCESS_MAX_TYPES; t++)
			if (s->line[t] != want_area)
				s->totals.type_pages[t] = 0;	/* for AREAS */
		ctl->total.swap = sh.processes_kib * 1024;
		ctl->total.nopss = 1;
		ctl->total.shmem = 0;
	}
	/* with --pid the library counted just those processes */
	ctl->total.areas = format_areas(ctl, s, s->totals.type_pages,
					s->types ? SWAP_PROCESS_TYPES : 0, ctl->total.shmem);
}

static void build_areas(struct lsswap_ctl *ctl, struct scan *s)
{
	struct swap_area_share sh;
	int want = -1;

	if (ctl->area) {
		want = find_area(&s->after, ctl->area);
		if (want < 0)
			cli_errx(EXIT_FAILURE, "%s: not an active swap area", ctl->area);
	}
	for (size_t i = 0; i < s->after.n; i++) {
		const struct swap_procswaps_entry *e = &s->after.e[i];
		struct row *r;

		if (want >= 0 && (int)i != want)
			continue;
		r = new_row(ctl);
		r->name = cli_xstrdup(e->name);
		snprintf(r->type, sizeof(r->type), "%s", e->type);
		r->prio = e->priority;
		r->size = e->size_kib * 1024;
		r->used = e->used_kib * 1024;
		area_share(s, (int)i, &sh);
		r->slot = sh.slot;
		r->unknown = !(sh.flags & SWAP_AREA_SHARE_KNOWN);
		r->processes = sh.processes_kib * 1024;
		r->other = sh.other_kib * 1024;
		ctl->total.size += r->size;
		ctl->total.used += r->used;
	}
	for (int t = 0; want < 0 && s->types && t < SWAP_PROCESS_MAX_TYPES; t++) {
		struct row *r;
		char name[32];

		if (!s->totals.type_pages[t] || s->line[t] >= 0)
			continue;
		r = new_row(ctl);
		snprintf(name, sizeof(name), "slot%d?", t);
		r->name = cli_xstrdup(name);
		r->slot = t;
		r->unknown = 2;		/* size, used and other unknown */
		r->processes = s->totals.type_pages[t] * (uint64_t)ctl->pagesize;
	}
	ctl->total.total = 1;
	ctl->total.name = cli_xstrdup(ctl->partial ? "total (partial)" : "total");
	if (want >= 0) {
		ctl->total.processes = ctl->rows[0].processes;
		ctl->total.other = ctl->rows[0].other;
		ctl->total.unknown = ctl->rows[0].unknown;
	} else {
		area_share(s, -1, &sh);
		ctl->total.unknown = !(sh.flags & SWAP_AREA_SHARE_KNOWN);
		ctl->total.processes = sh.processes_kib * 1024;
		ctl->total.other = sh.other_kib * 1024;
	}
	if (s->totals.shmem_swap_kib)
		add_note(ctl, "OTHER includes %" PRIu64 " KiB of shared memory mapped by processes "
			 "(its area cannot be read from page tables)", s->totals.shmem_swap_kib);
}

/* --- cgroups ----------------------------------------------------------------- */

static struct lsswap_ctl *cg_ctl;
static const char *cg_root;

static int cg_visit(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	struct swap_cgroup c = { .size = sizeof(c) };
	struct row *r;
	const char *rel;

	(void)st;
	(void)ftw;
	if (flag != FTW_D)
		return 0;
	if (swap_cgroup_read(path, &c) < 0)
		return 0;
	if (!c.swap_bytes && strcmp(path, cg_root))
		return 0;
	rel = path + strlen(cg_root);
	r = new_row(cg_ctl);
	r->name = cli_xstrdup(*rel ? rel : "/");
	r->swap = c.swap_bytes;
	r->limit = c.limit_bytes;
	r->memory = c.memory_bytes;
	r->version = c.version;
	return 0;
}

static void build_cgroups(struct lsswap_ctl *ctl)
{
	cg_root = cli_memcg_root();
	if (!cg_root)
		cli_errx(EXIT_FAILURE, "no memory cgroup hierarchy found under /sys/fs/cgroup");
	cg_ctl = ctl;
	if (nftw(cg_root, cg_visit, 32, FTW_PHYS) < 0)
		cli_err(EXIT_FAILURE, errno, "cannot read %s", cg_root);
	if (!ctl->nrows)
		add_note(ctl, "no memory cgroup reports swap (v1 needs swapaccount=1)");
	else if (ctl->rows[0].version == 1)
		add_note(ctl, "cgroup v1: LIMIT is memory.memsw.limit_in_bytes, a limit on memory + swap");
}

/* --- output ------------------------------------------------------------------- */

/* A cell as text (NULL: empty).  @num is set for numbers in JSON. */
static const char *cell(const struct lsswap_ctl *ctl, const struct row *r, int col,
			char *buf, size_t len, int *num)
{
	uint64_t v = 0;

	*num = columns[col].kind != K_STR;
	switch (col) {
	case COL_PID:
		if (r->total)
			return NULL;
		snprintf(buf, len, "%d", (int)r->pid);
		return buf;
	case COL_USER:
		return r->total ? NULL : user_name(r->uid);
	case COL_UID:
		if (r->total)
			return NULL;
		snprintf(buf, len, "%u", (unsigned)r->uid);
		return buf;
	case COL_COMMAND:
	case COL_NAME:
	case COL_CGROUP:
		return r->name;
	case COL_CMDLINE:
		return r->total ? NULL : r->cmdline;
	case COL_AREAS:
		return r->areas;
	case COL_TYPE:
		return r->type[0] ? r->type : NULL;
	case COL_PRIO:
		if (r->total || r->unknown == 2)
			return NULL;
		snprintf(buf, len, "%d", r->prio);
		return buf;
	case COL_SLOT:
		if (r->slot < 0)
			return NULL;
		snprintf(buf, len, "%d", r->slot);
		return buf;
	case COL_VERSION:
		snprintf(buf, len, "%d", r->version);
		return buf;
	case COL_SWAP:
	case COL_CGSWAP:
		if (r->unknown && r->total)
			return NULL;
		v = r->swap;
		break;
	case COL_SWAPPSS:
		if (r->unknown || r->nopss)
			return NULL;
		v = r->pss;
		break;
	case COL_VMSWAP:
		if (r->total)
			return NULL;	/* a sum would count forked pages twice */
		v = r->vmswap;
		break;
	case COL_SHMEM:
		if (r->unknown || r->nopss)
			return NULL;
		v = r->shmem;
		break;
	case COL_SIZE:
	case COL_USED:
		if (r->unknown == 2)
			return NULL;
		v = col == COL_SIZE ? r->size : r->used;
		break;
	case COL_PROCESSES:
		if (r->unknown == 1)
			return NULL;
		v = r->processes;
		break;
	case COL_OTHER:
		if (r->unknown)
			return NULL;
		v = r->other;
		break;
	case COL_LIMIT:
		if (r->limit == SWAP_CGROUP_UNLIMITED) {
			*num = 0;
			return ctl->json ? NULL : "max";	/* JSON: null */
		}
		v = r->limit;
		break;
	case COL_MEMORY:
		v = r->memory;
		break;
	default:
		return NULL;
	}
	if (ctl->bytes || ctl->json || swap_size_format(v, SWAP_SIZE_UL, buf, len) < 0)
		snprintf(buf, len, "%" PRIu64, v);
	return buf;
}

static uint64_t sort_key(const struct row *r, int col)
{
	switch (col) {
	case COL_PID: return (uint64_t)r->pid;
	case COL_UID: return r->uid;
	case COL_SWAP: case COL_CGSWAP: return r->swap;
	case COL_SWAPPSS: return r->pss;
	case COL_VMSWAP: return r->vmswap;
	case COL_SHMEM: return r->shmem;
	case COL_SIZE: return r->size;
	case COL_USED: return r->used;
	case COL_PRIO: return (uint64_t)((int64_t)r->prio + INT_MAX);
	case COL_SLOT: return (uint64_t)((int64_t)r->slot + 1);
	case COL_PROCESSES: return r->processes;
	case COL_OTHER: return r->other;
	case COL_LIMIT: return r->limit;
	case COL_MEMORY: return r->memory;
	case COL_VERSION: return (uint64_t)r->version;
	default: return 0;
	}
}

static const struct lsswap_ctl *sort_ctl;

/* Sizes largest first, IDs and names ascending; ties by PID or name. */
static int cmp_rows(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	int col = sort_ctl->sort, num;
	char bx[64], by[64];

	if (columns[col].kind == K_STR) {
		const char *sx = cell(sort_ctl, x, col, bx, sizeof(bx), &num);
		const char *sy = cell(sort_ctl, y, col, by, sizeof(by), &num);
		int c = strcmp(sx ? sx : "", sy ? sy : "");

		if (c)
			return c;
	} else {
		uint64_t kx = sort_key(x, col), ky = sort_key(y, col);
		int desc = columns[col].kind == K_SIZE;

		if (kx != ky)
			return (kx < ky) == desc ? 1 : -1;
	}
	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	return strcmp(x->name ? x->name : "", y->name ? y->name : "");
}

static void table_line(const struct lsswap_ctl *ctl, struct libscols_table *tb, const struct row *r)
{
	struct libscols_line *ln = scols_table_new_line(tb, NULL);
	char buf[64];
	size_t i;

	if (!ln)
		cli_err(EXIT_FAILURE, ENOMEM, "failed to allocate output line");
	for (i = 0; i < ctl->ncolumns; i++) {
		int num;
		const char *v = cell(ctl, r, ctl->columns[i], buf, sizeof(buf), &num);
		char *json = NULL;

		if (!v && r->unknown && !ctl->json && columns[ctl->columns[i]].kind == K_SIZE)
			v = "-";	/* not known, as opposed to not applicable */
		/* JSON: bytes that are not UTF-8 as the text \xNN, as swapon */
		if (v && ctl->json && !num && !(v = json = cli_json_text(v)))
			cli_err(EXIT_FAILURE, ENOMEM, "failed to add output data");
		if (v && scols_line_set_data(ln, i, v) < 0)
			cli_err(EXIT_FAILURE, ENOMEM, "failed to add output data");
		free(json);
	}
	if (r->total && ctl->json && scols_line_set_data(ln, i, ctl->partial ? "true" : "false") < 0)
		cli_err(EXIT_FAILURE, ENOMEM, "failed to add output data");
}

/* A table of the chosen columns (@name: its JSON key), plus PARTIAL for
 * the JSON total. */
static struct libscols_table *new_table(const struct lsswap_ctl *ctl, const char *name,
					int partial)
{
	struct libscols_table *tb = scols_new_table();

	if (!tb)
		cli_err(EXIT_FAILURE, ENOMEM, "failed to allocate output table");
	scols_table_enable_raw(tb, ctl->raw);
	scols_table_enable_noheadings(tb, ctl->noheadings);
	scols_table_enable_json(tb, ctl->json);
	scols_table_set_name(tb, name);
	for (size_t i = 0; i < ctl->ncolumns + (partial != 0); i++) {
		const struct lsswap_column *c = i < ctl->ncolumns ? &columns[ctl->columns[i]] : NULL;
		struct libscols_column *cl = scols_table_new_column(tb, c ? c->name : "PARTIAL",
								    c ? c->whint : 1, c ? c->flags : 0);

		if (!cl)
			cli_err(EXIT_FAILURE, ENOMEM, "failed to allocate output column");
		scols_column_set_json_type(cl, !c ? SCOLS_JSON_BOOLEAN : c->kind == K_STR ?
					   SCOLS_JSON_STRING : SCOLS_JSON_NUMBER);
	}
	return tb;
}

/*
 * --json: the rows, the total and the notes are three libsmartcols tables
 * (the total: one row with PARTIAL; the notes: one NOTE per row), printed
 * as one object: {"processes": [...], "total": [{...}], "notes": [...]}.
 */
static void print_json(struct libscols_table **tbs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *text = NULL, *start, *end;

		if (scols_print_table_to_string(tbs[i], &text) != 0 ||
		    !(start = strchr(text, '{')) || !(end = strrchr(text, '}')))
			cli_err(EXIT_FAILURE, ENOMEM, "cannot print the output table");
		if (i)
			start++;	/* into the first table's object */
		if (i + 1 < n)
			while (end > start && (end[-1] == '\n' || end[-1] == ' '))
				end--;
		else
			end++;
		printf("%.*s%s", (int)(end - start), start, i + 1 < n ? "," : "\n");
		free(text);
	}
}

static void print_output(const struct lsswap_ctl *ctl)
{
	static const char *names[] = { [VIEW_PROCESSES] = "processes", [VIEW_AREAS] = "areas",
				       [VIEW_CGROUPS] = "cgroups" };
	struct libscols_table *tbs[3];
	size_t n = 0;

	scols_init_debug(0);
	tbs[n++] = new_table(ctl, names[ctl->view], 0);
	for (size_t i = 0; i < ctl->nrows; i++)
		table_line(ctl, tbs[0], &ctl->rows[i]);
	if (ctl->view != VIEW_CGROUPS && !ctl->json)
		table_line(ctl, tbs[0], &ctl->total);	/* the last row */
	if (!ctl->json) {
		scols_print_table(tbs[0]);
		for (size_t i = 0; i < ctl->nnotes; i++)
			cli_warnx("note: %s", ctl->notes[i]);
	} else {
		struct libscols_table *notes = scols_new_table();

		if (ctl->view != VIEW_CGROUPS) {
			tbs[n] = new_table(ctl, "total", 1);
			table_line(ctl, tbs[n++], &ctl->total);
		}
		if (!notes || !scols_table_new_column(notes, "NOTE", 1, 0))
			cli_err(EXIT_FAILURE, ENOMEM, "failed to allocate output table");
		scols_table_enable_json(notes, 1);
		scols_table_set_name(notes, "notes");
		for (size_t i = 0; i < ctl->nnotes; i++) {
			struct libscols_line *ln = scols_table_new_line(notes, NULL);
			char *text = cli_json_text(ctl->notes[i]);

			if (!ln || !text || scols_line_set_data(ln, 0, text) < 0)
				cli_err(EXIT_FAILURE, ENOMEM, "failed to add output data");
			free(text);
		}
		tbs[n++] = notes;
		print_json(tbs, n);
	}
	for (size_t i = 0; i < n; i++)
		scols_unref_table(tbs[i]);
}

static void parse_pids(struct lsswap_ctl *ctl, const char *list)
{
	char *copy = cli_xstrdup(list), *save = NULL;

	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		ctl->pids = cli_xrealloc(ctl->pids, (ctl->npids + 1) * sizeof(*ctl->pids));
		ctl->pids[ctl->npids++] = (pid_t)cli_strtoll_or_die(t, 1, INT_MAX, "invalid PID argument",
								    EXIT_FAILURE);
	}
	free(copy);
}

int main(int argc, char **argv)
{
	/* static: the rows and area lists live until exit, reachable (a
	 * one-shot run frees nothing, and LeakSanitizer must not call that a leak) */
	static struct lsswap_ctl ctl = { .view = VIEW_PROCESSES, .sort = -1 };
	const char *output = NULL, *sort = NULL;
	static struct scan s;
	int c, all = 0;

	cli_init(argc, argv);
	while ((c = getopt_long(argc, argv, "acp:A:o:s:brnJhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			ctl.view = VIEW_AREAS;
			break;
		case 'c':
			ctl.view = VIEW_CGROUPS;
			break;
		case 'p':
			parse_pids(&ctl, optarg);
			break;
		case 'A':
			ctl.area = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case OPT_OUTPUT_ALL:
			all = 1;
			break;
		case 's':
			sort = optarg;
			break;
		case 'b':
			ctl.bytes = 1;
			break;
		case 'r':
			ctl.raw = 1;
			break;
		case 'n':
			ctl.noheadings = 1;
			break;
		case 'J':
			ctl.json = 1;
			break;
		case 'h':
			usage();
		case 'V':
			cli_print_version();
		default:
			cli_try_help(EXIT_FAILURE);
		}
	}
	if (optind < argc)
		cli_bad_usage(EXIT_FAILURE, "unexpected argument: %s", argv[optind]);
	if (ctl.npids && ctl.view != VIEW_PROCESSES)
		cli_bad_usage(EXIT_FAILURE, "--pid works only in the process view");
	if (ctl.area && ctl.view == VIEW_CGROUPS)
		cli_bad_usage(EXIT_FAILURE, "--area does not apply to --cgroups");

	for (int i = 0; i < NCOLS; i++)
		if (columns[i].view == ctl.view && (all || columns[i].is_default))
			ctl.columns[ctl.ncolumns++] = i;
	if (output)
		parse_columns(&ctl, output);
	if (sort)
		ctl.sort = column_or_die(ctl.view, sort, strlen(sort));
	else if (ctl.view == VIEW_PROCESSES)
		ctl.sort = COL_SWAP;
	else if (ctl.view == VIEW_CGROUPS)
		ctl.sort = COL_CGSWAP;
	ctl.pagesize = sysconf(_SC_PAGESIZE);

	if (ctl.view == VIEW_CGROUPS) {
		build_cgroups(&ctl);
	} else {
		scan_processes(&ctl, &s);
		if (ctl.view == VIEW_PROCESSES)
			finish_process_rows(&ctl, &s);
		else
			build_areas(&ctl, &s);
	}
	if (ctl.sort >= 0 && ctl.nrows) {	/* qsort(NULL, 0) is undefined */
		sort_ctl = &ctl;
		qsort(ctl.rows, ctl.nrows, sizeof(*ctl.rows), cmp_rows);
	}
	print_output(&ctl);
	return ctl.missing ? EXIT_FAILURE : EXIT_SUCCESS;
}
