/*
 * areas.c - lsswap's copy of /proc/swaps and the --areas view: what the
 * process page tables hold of each area, and the rest.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lsswap.h"

void read_areas(struct areas *a)
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

int same_areas(const struct areas *a, const struct areas *b)
{
	if (a->n != b->n)
		return 0;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->e[i].name, b->e[i].name))
			return 0;
	return 1;
}

/* The area named @name (a path, compared canonically). */
int find_area(const struct areas *a, const char *name)
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

/* The share of line @area (-1: all) that process page tables point at. */
void area_share(const struct scan *s, int area, struct swap_area_share *sh)
{
	uint64_t used[SWAP_PROCESS_MAX_TYPES + 1];
	size_t n = s->after.n < ARRAY_SIZE(used) ? s->after.n : ARRAY_SIZE(used);

	for (size_t i = 0; i < n; i++)
		used[i] = s->after.e[i].used_kib;
	sh->size = sizeof(*sh);
	if (swap_process_area_share(&s->totals, used, (unsigned)n, s->line, area, sh) < 0)
		cli_errx(EXIT_FAILURE, "more swap areas than swap types");
}

void build_areas(struct lsswap_ctl *ctl, struct scan *s)
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
