/* judge.c - may an area be activated, and what must be rewritten first:
 * swapon's judgement of an inspected area, in util-linux's order.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <unistd.h>

#include "internal.h"

/* What the header alone says; fills the header fields of @j. */
static void judge_header(int fd, size_t pagesize, struct swap_header *h,
			 struct swap_area_judgement *j)
{
	int rc = swap_area_read_header(fd, 0, h);

	if (rc == -ENOENT || (rc == 0 && h->signature == SWAP_SIGNATURE_NONE)) {
		j->header_verdict = SWAP_VERDICT_NO_SIGNATURE;
		return;
	}
	if (rc < 0) {
		j->read_error = rc;
		j->header_verdict = SWAP_VERDICT_UNREADABLE;
		return;
	}
	if (h->signature == SWAP_SIGNATURE_SWAPSPACE1) {
		j->header_verdict = SWAP_VERDICT_OLD_FORMAT;
		return;
	}
	/* a hibernation image's page holds nothing else worth judging */
	if (swap_signature_is_suspend(h->signature)) {
		j->actions |= SWAP_JUDGE_REWRITE_SIGNATURE;
		return;
	}
	j->header_problems = swap_header_check(h, j->devsize, pagesize);
	j->swapsize = ((uint64_t)h->last_page + 1) * h->pagesize;
	/* as util-linux: a header too large for the area is the kernel's
	 * to refuse, and then its page size does not matter */
	if (j->swapsize > j->devsize)
		j->actions |= SWAP_JUDGE_SHORT;
	else if (h->pagesize != pagesize)
		j->actions |= SWAP_JUDGE_FIX_PAGESIZE;
}

SWAP_EXPORT int swap_area_judge(int fd, const struct swap_area_info *info,
				size_t pagesize, struct swap_header *h, unsigned checks,
				const char *procswaps, struct swap_area_judgement *out)
{
	struct swap_area_judgement j = SWAP_AREA_JUDGEMENT_INIT;
	struct swap_area_info full;
	int rc;

	if (!sized_ok(info) || !h || !sized_ok(out))
		return -EINVAL;
	if (!pagesize) {
		long pg = sysconf(_SC_PAGESIZE);

		pagesize = pg > 0 ? (size_t)pg : 4096;
	}
	rc = swap_area_check(fd, info, procswaps, checks);
	if (rc < 0)
		return rc;
	j.findings = (unsigned)rc;
	sized_load(&full, sizeof(full), info);
	j.devsize = full.bytes;
	judge_header(fd, pagesize, h, &j);
	if (j.findings & SWAP_AREA_ACTIVE)
		j.verdict = SWAP_VERDICT_ACTIVE;
	else if (j.findings & SWAP_AREA_HOLES)
		j.verdict = SWAP_VERDICT_HOLES;
	else
		j.verdict = j.header_verdict;
	sized_store(out, &j, sizeof(j));
	return 0;
}
