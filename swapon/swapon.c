/*
 * swapon - enable devices and files for paging and swapping.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Every area is opened once (never blocking: see swap_area_open) and every
 * check reads that open file.  swapon(2) gets the canonical path, as
 * util-linux passes it, so the kernel log and audit name the area; right
 * before and after the call the path is compared with the open file
 * (device and inode), so a path swapped in between is never left active.
 * Whether an area may be activated, and what must be rewritten first, is
 * libswap's judgement (swap_area_judge); this file says it in util-linux's
 * words and acts on it.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/swap.h>
#include <linux/fs.h>

#include "compress.h"
#include "swapon.h"
#include "verify.h"

/* One area on its way to activation; every message names it by @path. */
struct swapon_area {
	const char *path;		/* canonical path: messages and swapon(2) */
	struct swap_fstab_options opts;
	int from_fstab;
	int fd;
	struct swap_area_info info;
	struct swap_area_judgement j;	/* what swap_area_judge found */
	struct swap_header *h;		/* the header as read */
};

/* Fold one parsed option set into @dst as util-linux layers them: a
 * priority replaces (a negative one too), discard and nofail add up. */
static void merge_options(struct swap_fstab_options *dst,
			  const struct swap_fstab_options *src)
{
	if (src->flags & SWAP_FSTAB_PRIORITY)
		dst->priority = src->priority;
	dst->flags |= src->flags;
}

/* Whether @st is the file @info describes (for a device: the same device). */
static int same_area(const struct stat *st, const struct swap_area_info *info)
{
	if (info->is_blockdev)
		return S_ISBLK(st->st_mode) && st->st_rdev == info->rdev;
	return S_ISREG(st->st_mode) && st->st_dev == info->dev && st->st_ino == info->ino;
}

/* Whether @a->path still names the file that was opened and checked. */
static int path_is_area(const struct swapon_area *a)
{
	struct stat st;

	return stat(a->path, &st) == 0 && same_area(&st, &a->info);
}

/* A descriptor open for writing on the very file that was checked. */
static int reopen_rw(const struct swapon_area *a)
{
	int fd = swap_mounts_find_user(&a->info, NULL, NULL, NULL, NULL);

	if (fd != 0) {	/* mounted, active or held through a block device */
		cli_warn(fd < 0 ? -fd : EBUSY, "%s: cannot open for writing", a->path);
		return -1;
	}
	fd = cli_reopen_rw(a->fd, a->path, &a->info, 0);
	if (fd == -ESTALE)
		cli_warnx("%s: replaced by another file since it was checked; not written",
			  a->path);
	else if (fd < 0)
		cli_warn(-fd, "cannot open %s", a->path);
	return fd < 0 ? -1 : fd;
}

/*
 * --fixpgsz: rewrite the header for this system's page size in place,
 * keeping label and UUID, and print what util-linux's mkswap run prints.
 */
static int fix_pagesize(const struct swapon_ctl *ctl, const struct swapon_area *a)
{
	struct swap_header h = { 0 };	/* no bad pages: util-linux drops them */
	uint64_t npages = a->info.bytes / ctl->pagesize;
	int fd, rc;

	cli_warnx("%s: swap format pagesize does not match.", a->path);
	cli_warnx("%s: reinitializing the swap.", a->path);
	rc = swap_header_fit_pages(&npages);	/* mkswap's rule */
	if (rc == 1)
		fprintf(stderr, "mkswap: warning: truncating swap area to %ju KiB\n",
			(uintmax_t)(npages * (ctl->pagesize / 1024)));
	if (rc < 0 || swap_header_init(&h, ctl->pagesize, npages, SWAP_ENDIAN_NATIVE) < 0) {
		cli_warnx("%s: too small for a swap area of %zu-byte pages; "
			  "at least %d pages are needed", a->path, ctl->pagesize,
			  SWAP_HEADER_MIN_PAGES);
		return -1;
	}
	memcpy(h.uuid, a->h->uuid, sizeof(h.uuid));	/* even if byte 0 is 0 */
	memcpy(h.label, a->h->label, sizeof(h.label));
	fd = reopen_rw(a);
	if (fd < 0)
		return -1;
	/* The boot bits (bytes 0..1023) are not the swap area's to clear. */
	rc = swap_area_write_header(fd, 0, &h, SWAP_AREA_KEEP_BOOTBITS);
	close(fd);
	if (rc < 0) {
		cli_warn(-rc, "%s: cannot write the swap header", a->path);
		return -1;
	}
	fprintf(stderr, "mkswap: %s: warning: wiping old swap signature.\n", a->path);
	cli_print_setup((npages - 1) * ctl->pagesize, h.label[0] ? h.label : NULL, h.uuid, 0);
	fflush(stdout);
	/* what swapon(2) will find; a->h keeps its bad-page buffer */
	h.badpages = a->h->badpages;
	h.badpages_room = a->h->badpages_room;
	*a->h = h;
	return 0;
}

static int rewrite_suspend(const struct swapon_area *a)
{
	int fd, rc;

	cli_warnx("%s: software suspend data detected. Rewriting the swap signature.",
		  a->path);
	fd = reopen_rw(a);
	if (fd < 0)
		return -1;
	rc = swap_area_rewrite_signature(fd, 0, a->h->pagesize);
	close(fd);
	if (rc < 0) {
		cli_warn(-rc, "%s: write signature failed", a->path);
		return -1;
	}
	return 0;
}

/*
 * Say what the judgement found, in util-linux's words, and act on it:
 * refuse (holes, no signature, the v0 format), rewrite a suspend
 * signature, reinitialise (--fixpgsz) or warn about another page size.
 * A header the kernel may refuse goes to swapon(2) all the same, which
 * reports it.  Returns 0 or -1 (refused).
 */
static int act_on_judgement(const struct swapon_ctl *ctl, const struct swapon_area *a)
{
	const struct swap_area_judgement *j = &a->j;
	const struct swap_header *h = a->h;

	if (j->findings & SWAP_AREA_INSECURE_MODE)
		cli_warnx("%s: insecure permissions %04o, %04o suggested.", a->path,
			  (unsigned)(a->info.mode & 07777),
			  (unsigned)swap_area_suggest_mode(&a->info));
	if (j->findings & SWAP_AREA_INSECURE_OWNER)
		cli_warnx("%s: insecure file owner %u, 0 (root) suggested.", a->path,
			  (unsigned)a->info.uid);
	switch (j->verdict) {
	case SWAP_VERDICT_HOLES:
		cli_warnx("%s: skipping - it appears to have holes. Make it with "
			  "mkswap --file --size SIZE %s, or fallocate it and run mkswap",
			  a->path, a->path);
		return -1;
	case SWAP_VERDICT_OLD_FORMAT:
		cli_warnx("%s: read swap header failed: old swap format (v0); "
			  "run mkswap %s to make it a swap area", a->path, a->path);
		return -1;
	case SWAP_VERDICT_NO_SIGNATURE:
		cli_warnx("%s: read swap header failed: no swap signature; "
			  "run mkswap %s to make it a swap area", a->path, a->path);
		return -1;
	case SWAP_VERDICT_UNREADABLE:
		cli_warn(-j->read_error, "%s: read swap header failed", a->path);
		return -1;
	default:
		break;
	}
	if (ctl->verbose)
		cli_warnx("%s: found signature [pagesize=%u, signature=%s]", a->path,
			  h->pagesize, (j->actions & SWAP_JUDGE_REWRITE_SIGNATURE) ?
			  "suspend" : "swap");
	if (j->actions & SWAP_JUDGE_REWRITE_SIGNATURE)
		return rewrite_suspend(a);
	if (ctl->verbose)
		cli_warnx("%s: pagesize=%u, swapsize=%ju, devsize=%ju", a->path,
			  h->pagesize, (uintmax_t)j->swapsize, (uintmax_t)j->devsize);
	if ((j->actions & SWAP_JUDGE_SHORT) && ctl->verbose)
		cli_warnx("%s: last_page 0x%08jx is larger than actual size of swapspace",
			  a->path, (uintmax_t)j->swapsize);
	if ((j->actions & SWAP_JUDGE_FIX_PAGESIZE) && ctl->fixpgsz)
		return fix_pagesize(ctl, a);
	if (j->actions & SWAP_JUDGE_FIX_PAGESIZE)
		cli_warnx("%s: swap format pagesize does not match. "
			  "(Use --fixpgsz to reinitialize it.)", a->path);
	return 0;
}

/*
 * EBUSY under --all may mean that a peer (another swapon -a at boot) is
 * activating the same area: the kernel claims it at once but lists it in
 * /proc/swaps only once set up.  Wait for that, but only when a peer can
 * be the cause (a file, whose EBUSY means "already swap", or a device
 * that nothing else holds: a mounted partition never becomes swap), and
 * at most 5 s in the whole run, not per entry.  Returns 1 when active.
 */
static int becomes_active(struct swapon_ctl *ctl, const struct swapon_area *a)
{
	const struct timespec step = { 0, 20 * 1000 * 1000 };

	/* mounted, a partition active, or held by device-mapper and such
	 * (an error: no waiting either) */
	if (a->info.is_blockdev && swap_mounts_find_user(&a->info, NULL, NULL, NULL, NULL) != 0)
		return 0;
	for (;;) {
		if (swap_area_find_active(&a->info, NULL, NULL) > 0)
			return 1;
		if (!a->from_fstab || ctl->busy_wait_left <= 0)
			return 0;
		ctl->busy_wait_left -= 20;
		nanosleep(&step, NULL);
	}
}

static int is_immutable(int fd)
{
	int attr = 0;

	return ioctl(fd, FS_IOC_GETFLAGS, &attr) == 0 && (attr & FS_IMMUTABLE_FL);
}

/* The kernel refused: util-linux's line, then one line of ours on why. */
static void explain_failure(const struct swapon_ctl *ctl, const struct swapon_area *a,
			    int err)
{
	/* the kernel takes either byte order and any label bytes */
	unsigned bad = a->h->signature != SWAP_SIGNATURE_SWAPSPACE2 ? 0 :
		       swap_header_check(a->h, a->info.bytes, ctl->pagesize) &
		       ~(SWAP_HEADER_BAD_ENDIAN | SWAP_HEADER_BAD_LABEL);

	cli_warn(err, "%s: swapon failed", a->path);
	if (err == EPERM && is_immutable(a->fd))
		cli_warnx("%s: the file is immutable; remove the attribute with chattr -i %s",
			  a->path, a->path);
	else if (err == EPERM)
		cli_warnx("%s: activating swap needs root (CAP_SYS_ADMIN)", a->path);
	else if (err == EBUSY && swap_area_find_active(&a->info, NULL, NULL) > 0)
		cli_warnx("%s: already active as swap (see swapon --show)", a->path);
	else if (err == EBUSY)
		cli_warnx("%s: in use: mounted, or held by another program", a->path);
	else if (err == EINVAL && (bad & SWAP_HEADER_BAD_PAGESIZE))
		cli_warnx("%s: made for %u-byte pages, this system uses %zu; "
			  "run swapon --fixpgsz %s", a->path, a->h->pagesize,
			  ctl->pagesize, a->path);
	else if (err == EINVAL && bad)
		cli_warnx("%s: %s; run mkswap %s to recreate it", a->path,
			  swap_header_explain(bad & -bad), a->path);
	else if (err == EINVAL && !swapon_explain_extents(a->fd, a->path))
		swapon_explain_fs(a->fd, a->path);
}

/* swapon(2) on the path, checked against the open file before and after.
 * Returns 0, or an errno value (ESTALE: the path changed). */
static int call_swapon(const struct swapon_area *a, int flags)
{
	char fdpath[64];

	if (!path_is_area(a)) {
		cli_warnx("%s: replaced by another file since it was checked; not activated",
			  a->path);
		return ESTALE;
	}
	if (swapon(a->path, flags) < 0)
		return errno;
	if (path_is_area(a))
		return 0;
	/* Whatever the kernel activated under that name, it was not checked:
	 * deactivate it (ours through the descriptor, else by name). */
	snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%d", a->fd);
	if (swap_area_find_active(&a->info, NULL, NULL) <= 0 || swapoff(fdpath) < 0)
		swapoff(a->path);
	cli_warnx("%s: replaced by another file during swapon; deactivated again", a->path);
	return ESTALE;
}

/* Checks as util-linux makes them, then swapon(2).  Returns 0 or -1. */
static int activate_open(struct swapon_ctl *ctl, struct swapon_area *a)
{
	int rc;

	a->info.size = sizeof(a->info);
	rc = swap_area_inspect(a->fd, &a->info);
	if (rc < 0) {
		cli_warn(-rc, "stat of %s failed", a->path);
		return -1;
	}
	/* as util-linux: only fstab's areas are looked up in /proc/swaps */
	rc = swap_area_judge(a->fd, &a->info, ctl->pagesize, a->h,
			     SWAP_AREA_INSECURE_MODE | SWAP_AREA_INSECURE_OWNER |
			     SWAP_AREA_HOLES | (a->from_fstab ? SWAP_AREA_ACTIVE : 0),
			     NULL, &a->j);
	if (rc < 0) {
		cli_warn(-rc, "%s: cannot check the area", a->path);
		return -1;
	}
	if (a->j.verdict == SWAP_VERDICT_ACTIVE) {
		if (ctl->verbose)
			cli_warnx("%s: already active -- ignored", a->path);
		return 0;
	}
	if (act_on_judgement(ctl, a) < 0)
		return -1;
	if (ctl->verbose) {
		printf("swapon %s\n", a->path);
		fflush(stdout);
	}
	rc = call_swapon(a, swap_fstab_flags(&a->opts));
	if (rc == 0 || rc == ESTALE)
		return rc ? -1 : 0;
	if (rc == EBUSY && a->from_fstab && becomes_active(ctl, a)) {
		if (ctl->verbose)
			cli_warnx("%s: already active -- ignored", a->path);
		return 0;
	}
	explain_failure(ctl, a, rc);
	return -1;
}

/* Activate @path.  Returns 0 or -1. */
static int activate(struct swapon_ctl *ctl, const char *path,
		    const struct swap_fstab_options *opts, int from_fstab)
{
	struct swap_header h = { 0 };
	struct swapon_area a = {
		.path = path, .opts = *opts, .from_fstab = from_fstab, .h = &h,
		.j = SWAP_AREA_JUDGEMENT_INIT,
	};
	int rc;

	a.fd = swap_area_open(path, O_RDONLY, 0);
	if (a.fd < 0) {
		if (from_fstab && (opts->flags & SWAP_FSTAB_NOFAIL)) {
			if (ctl->verbose)
				cli_warnx("%s: inaccessible -- ignored", path);
			return 0;
		}
		if (a.fd == -ENODEV)
			cli_warnx("cannot open %s: neither a block device nor a regular file",
				  path);
		else
			cli_warn(-a.fd, "cannot open %s", path);
		return -1;
	}
	/* the bad-page list, for the header check when the kernel refuses */
	h.badpages = cli_xrealloc(NULL, SWAP_HEADER_BADPAGES_MAX * sizeof(*h.badpages));
	h.badpages_room = SWAP_HEADER_BADPAGES_MAX;
	rc = activate_open(ctl, &a);
	close(a.fd);
	free(h.badpages);
	return rc;
}

/* A spec from the command line or fstab: resolve it, then activate. */
static int activate_spec(struct swapon_ctl *ctl, const char *spec,
			 const struct swap_fstab_options *opts, int from_fstab,
			 int by_opt)
{
	const char *value;
	char *path;
	int rc;

	if (swap_fstab_parse_spec(spec, &value) == SWAP_SPEC_PATH) {
		/* every message names the canonical path, as util-linux's do */
		path = realpath(spec, NULL);
		if (!path)
			path = cli_xstrdup(spec);
	} else
		path = cli_resolve_spec(spec);
	if (!path) {
		if (from_fstab && (opts->flags & SWAP_FSTAB_NOFAIL))
			return 0;
		/* util-linux names -L/-U values bare, LABEL=/UUID= specs whole */
		cli_warnx("cannot find the device for %s", by_opt ? value : spec);
		return -1;
	}
	rc = activate(ctl, path, opts, from_fstab);
	free(path);
	return rc;
}

struct fstab_item {
	char *spec;
	struct swap_fstab_options opts;
};

/*
 * As util-linux (libmount reads the whole file first): every parse error is
 * reported before any area is activated, the line is skipped, and it does
 * not change the exit status.
 */
static int swapon_fstab_file(struct swapon_ctl *ctl, const char *file)
{
	const char *name = file ? file : "/etc/fstab";
	struct fstab_item *items = NULL;
	size_t n = 0, i;
	struct swap_fstab *it;
	struct swap_fstab_entry e = SWAP_FSTAB_ENTRY_INIT;
	int rc, status = 0;

	rc = swap_fstab_open(file, &it);
	if (rc == -ENODEV)
		cli_errx(CLI_EXIT_USAGE, "%s: not a regular file; give an fstab file "
			 "or a directory of *.fstab files", name);
	if (rc < 0)
		cli_err(CLI_EXIT_USAGE, -rc, "failed to parse %s", name);
	while ((rc = swap_fstab_next(it, &e)) != 0) {
		if (rc == -EINVAL) {
			cli_warnx("%s: parse error at line %u -- ignored", name, e.line);
			continue;
		}
		if (rc == -EFBIG)	/* as util-linux: a fatal read error */
			cli_errx(CLI_EXIT_USAGE, "%s: over 16 MiB, too large for an fstab; "
				 "give the fstab file itself", name);
		if (rc < 0) {
			cli_warn(-rc, "failed to parse %s", name);
			status = -1;
			break;
		}
		items = cli_xrealloc(items, (n + 1) * sizeof(*items));
		items[n].spec = cli_xstrdup(e.spec);
		items[n++].opts = *e.opts;
	}
	swap_fstab_close(it);
	for (i = 0; i < n; i++) {
		struct swap_fstab_options o = ctl->opts;

		if (ctl->ifexists)
			o.flags |= SWAP_FSTAB_NOFAIL;
		merge_options(&o, &items[i].opts);
		if (o.flags & SWAP_FSTAB_NOAUTO) {
			if (ctl->verbose)
				cli_warnx("%s: noauto option -- ignored", items[i].spec);
		} else
			status |= activate_spec(ctl, items[i].spec, &o, 1, 0);
		free(items[i].spec);
	}
	free(items);
	return status;
}

static int fstab_d_filter(const struct dirent *d)
{
	size_t len = strlen(d->d_name);

	return d->d_name[0] != '.' && len > 6 && strcmp(d->d_name + len - 6, ".fstab") == 0;
}

/* -T DIR reads DIR's *.fstab files in version order. */
static int swapon_fstab(struct swapon_ctl *ctl, const char *file)
{
	struct dirent **names;
	struct stat st;
	int n, i, status = 0;

	if (!file || stat(file, &st) < 0 || !S_ISDIR(st.st_mode))
		return swapon_fstab_file(ctl, file);
	n = scandir(file, &names, fstab_d_filter, versionsort);
	if (n < 0)
		cli_err(CLI_EXIT_USAGE, errno, "failed to parse %s", file);
	for (i = 0; i < n; i++) {
		char path[PATH_MAX];

		snprintf(path, sizeof(path), "%s/%s", file, names[i]->d_name);
		status |= swapon_fstab_file(ctl, path);
		free(names[i]);
	}
	free(names);
	return status;
}

static int swapon_all(struct swapon_ctl *ctl)
{
	int status = 0;
	size_t i;

	if (!ctl->nfstabs)
		return swapon_fstab(ctl, cli_fstab_path());
	for (i = 0; i < ctl->nfstabs; i++)
		status |= swapon_fstab(ctl, ctl->fstabs[i]);
	return status;
}


int main(int argc, char **argv)
{
	struct swapon_ctl ctl = {
		.busy_wait_left = 5000, .opts = SWAP_FSTAB_OPTIONS_INIT,
	};
	struct swap_fstab_options o = SWAP_FSTAB_OPTIONS_INIT;
	int status = 0;
	long pg;
	size_t i;

	cli_init(argc, argv);
	cli_set_oom_status(SWAPON_EX_FAILURE);
	swapon_parse_args(&ctl, argc, argv);
	pg = sysconf(_SC_PAGESIZE);
	ctl.pagesize = pg > 0 ? (size_t)pg : 4096;

	if (ctl.verify) {
		status = swapon_verify(ctl.fstabs, ctl.nfstabs, ctl.out.json);
		free(ctl.fstabs);
		return status;
	}
	if (ctl.resume)
		return swapon_resume(ctl.resume_spec) < 0 ? SWAPON_EX_FAILURE : EXIT_SUCCESS;
	if (ctl.show || (!ctl.all && ctl.specs.n == 0))
		return swapon_show_table(&ctl.out);
	if (ctl.ifexists && !ctl.all)
		cli_bad_usage(CLI_EXIT_USAGE, "bad usage");

	if (ctl.all)
		status |= swapon_all(&ctl);
	/* as util-linux: -o counts for the command line's areas, not fstab's */
	swap_fstab_parse_options(ctl.optlist, &o);
	merge_options(&ctl.opts, &o);
	for (i = 0; i < ctl.specs.n; i++)
		status |= activate_spec(&ctl, ctl.specs.spec[i], &ctl.opts, 0,
					ctl.specs.tag[i] != 0);
	cli_specs_free(&ctl.specs);
	free(ctl.fstabs);
	return status ? SWAPON_EX_FAILURE : EXIT_SUCCESS;
}
