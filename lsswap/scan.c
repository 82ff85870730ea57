/*
 * scan.c - lsswap's process view: one row per process with swap, where
 * its pages are, and the total.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "lsswap.h"

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

void scan_processes(struct lsswap_ctl *ctl, struct scan *s)
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

void finish_process_rows(struct lsswap_ctl *ctl, struct scan *s)
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
