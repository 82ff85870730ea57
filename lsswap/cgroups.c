/*
 * cgroups.c - lsswap --cgroups: one row per memory cgroup with swap.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lsswap.h"

/* A row for each cgroup charged with swap, and for the root. */
static int add_cgroup(const char *path, const struct swap_cgroup *c, void *data)
{
	struct lsswap_ctl *ctl = data;
	struct row *r;

	if (!c->swap_bytes && strcmp(path, "/"))
		return 0;
	r = new_row(ctl);
	r->name = cli_xstrdup(path);
	r->swap = c->swap_bytes;
	r->limit = c->limit_bytes;
	r->memory = c->memory_bytes;
	r->version = c->version;
	return 0;
}

void build_cgroups(struct lsswap_ctl *ctl)
{
	const char *root = cli_memcg_root();
	int rc;

	if (!root)
		cli_errx(EXIT_FAILURE, "no memory cgroup hierarchy found under /sys/fs/cgroup");
	rc = swap_cgroup_walk(root, add_cgroup, ctl);
	if (rc == -EACCES) {	/* not ours to read: say so, as for processes */
		add_note(ctl, "partial: cannot read %s: %s", root, strerror(EACCES));
		return;
	}
	if (rc < 0)
		cli_err(EXIT_FAILURE, -rc, "cannot read %s", root);
	if (!ctl->nrows)
		add_note(ctl, "no memory cgroup reports swap (v1 needs swapaccount=1)");
	else if (ctl->rows[0].version == 1)
		add_note(ctl, "cgroup v1: LIMIT is memory.memsw.limit_in_bytes, a limit on memory + swap");
}
