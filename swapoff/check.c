/*
 * check.c - will the pages of the areas being removed fit back into
 * memory?  swapoff --check prints the estimate; plain swapoff refuses when
 * the answer is clearly no (the kernel would OOM-kill processes instead).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
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

struct area {
	char *name;
	uint64_t size_kib;
	unsigned char removed;
};

struct check {
	struct area *a;
	uint64_t *used;		/* used_kib, parallel to a */
	unsigned char *removed;
	size_t n;
	uint64_t mem_available, free_elsewhere, need, avail;
	int verdict;
};

static const char *const verdicts[] = { "fits", "tight", "does not fit" };

static void check_free(struct check *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free(c->a[i].name);
	free(c->a);
	free(c->used);
	free(c->removed);
}

/* Read /proc/swaps and /proc/meminfo; mark @names (or all) removed and
 * estimate.  Returns 0 or -errno. */
static int check_load(struct check *c, char *const *names, size_t n, int all)
{
	struct swap_procswaps *it = NULL;
	struct swap_procswaps_entry e = SWAP_PROCSWAPS_ENTRY_INIT;
	struct swap_meminfo mi = SWAP_MEMINFO_INIT;
	size_t i, j;
	int rc;

	memset(c, 0, sizeof(*c));
	rc = swap_meminfo_read(NULL, &mi);
	if (rc < 0)
		return rc;
	c->mem_available = mi.mem_available;
	rc = swap_procswaps_open(NULL, &it);
	if (rc < 0)
		return rc;
	while ((rc = swap_procswaps_next(it, &e)) > 0) {
		c->a = cli_xrealloc(c->a, (c->n + 1) * sizeof(*c->a));
		c->used = cli_xrealloc(c->used, (c->n + 1) * sizeof(*c->used));
		c->removed = cli_xrealloc(c->removed, c->n + 1);
		c->a[c->n].name = cli_xstrdup(e.name);
		c->a[c->n].size_kib = e.size_kib;
		c->used[c->n] = e.used_kib;
		c->removed[c->n] = all;
		for (j = 0; j < n && !all; j++)
			if (strcmp(names[j], e.name) == 0)
				c->removed[c->n] = 1;
		c->n++;
	}
	swap_procswaps_close(it);
	if (rc < 0)
		return rc;
	for (i = 0; i < c->n; i++)
		if (!c->removed[i] && c->a[i].size_kib > c->used[i])
			c->free_elsewhere += c->a[i].size_kib - c->used[i];
	c->verdict = swap_meminfo_estimate(c->used, c->removed, c->n, c->mem_available,
					   c->free_elsewhere, &c->need, &c->avail);
	return c->verdict < 0 ? c->verdict : 0;
}

static void size_cell(char *buf, size_t len, uint64_t kib, int json)
{
	if (json || swap_size_format(kib * 1024, SWAP_SIZE_UL, buf, len) < 0)
		snprintf(buf, len, "%llu", (unsigned long long)kib * 1024);
}

int swapoff_check(char *const *names, size_t n, int all, int json)
{
	static const char *const cols[] = { "NAME", "PAGES", "USED", "NEED", "AVAILABLE",
					    "VERDICT" };
	struct libscols_table *tb;
	struct check c;
	long pagesize = sysconf(_SC_PAGESIZE);
	size_t i, k;
	int rc;

	rc = check_load(&c, names, n, all);
	if (rc < 0) {
		cli_warn(-rc, "cannot estimate: /proc/swaps or /proc/meminfo");
		check_free(&c);
		return EX_SYSERR;
	}
	if (pagesize <= 0)
		pagesize = 4096;
	scols_init_debug(0);
	tb = scols_new_table();
	if (!tb)
		cli_errx(EX_SYSERR, "cannot create a table");
	scols_table_enable_json(tb, json);
	scols_table_set_name(tb, "swapoff-check");
	for (k = 0; k < sizeof(cols) / sizeof(cols[0]); k++) {
		struct libscols_column *cl = scols_table_new_column(tb, cols[k], 0,
						k == 0 || k == 5 ? 0 : SCOLS_FL_RIGHT);

		if (!cl)
			cli_errx(EX_SYSERR, "cannot create a table");
		if (json && k > 0 && k < 5)
			scols_column_set_json_type(cl, SCOLS_JSON_NUMBER);
	}
	for (i = 0; i < c.n; i++) {
		struct libscols_line *ln;
		char buf[4][40];

		if (!c.removed[i])
			continue;
		ln = scols_table_new_line(tb, NULL);
		if (!ln)
			cli_errx(EX_SYSERR, "cannot create a table");
		snprintf(buf[0], sizeof(buf[0]), "%llu",
			 (unsigned long long)(c.used[i] * 1024 / (uint64_t)pagesize));
		size_cell(buf[1], sizeof(buf[1]), c.used[i], json);
		size_cell(buf[2], sizeof(buf[2]), c.need, json);
		size_cell(buf[3], sizeof(buf[3]), c.avail, json);
		if (scols_line_set_data(ln, 0, c.a[i].name) < 0 ||
		    scols_line_set_data(ln, 1, buf[0]) < 0 ||
		    scols_line_set_data(ln, 2, buf[1]) < 0 ||
		    scols_line_set_data(ln, 3, buf[2]) < 0 ||
		    scols_line_set_data(ln, 4, buf[3]) < 0 ||
		    scols_line_set_data(ln, 5, verdicts[c.verdict]) < 0)
			cli_errx(EX_SYSERR, "cannot fill the table");
	}
	scols_print_table(tb);
	scols_unref_table(tb);
	rc = c.verdict == SWAP_FIT_NO ? EX_NOFIT : 0;
	check_free(&c);
	return rc;
}

int swapoff_guard(const char *name)
{
	struct check c;
	char need[32], avail[32];
	int rc;

	if (check_load(&c, (char *const *)&name, 1, 0) < 0 || c.verdict != SWAP_FIT_NO) {
		check_free(&c);
		return 0;	/* nothing to estimate with: the kernel decides */
	}
	size_cell(need, sizeof(need), c.need, 0);
	size_cell(avail, sizeof(avail), c.avail, 0);
	cli_warnx("%s: not swapped off: its %s in use do not fit in the %s available "
		  "(MemAvailable plus free space of the other areas); add another swap "
		  "area or free memory first, or use --force", name, need, avail);
	rc = EX_NOFIT;
	check_free(&c);
	return rc;
}
