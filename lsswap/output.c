/*
 * output.c - lsswap's rows as a libsmartcols table (--raw, --json), the
 * notes, and the sort.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsmartcols.h>

#include "cli.h"
#include "lsswap.h"

const struct lsswap_column columns[NCOLS] = {
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

void add_note(struct lsswap_ctl *ctl, const char *fmt, ...)
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

struct row *new_row(struct lsswap_ctl *ctl)
{
	struct row *r;

	ctl->rows = cli_xrealloc(ctl->rows, (ctl->nrows + 1) * sizeof(*ctl->rows));
	r = &ctl->rows[ctl->nrows++];
	memset(r, 0, sizeof(*r));
	r->slot = -1;
	return r;
}

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

void sort_rows(struct lsswap_ctl *ctl)
{
	if (ctl->sort < 0 || !ctl->nrows)	/* qsort(NULL, 0) is undefined */
		return;
	sort_ctl = ctl;
	qsort(ctl->rows, ctl->nrows, sizeof(*ctl->rows), cmp_rows);
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

void print_output(const struct lsswap_ctl *ctl)
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
