/*
 * libswap - the Linux swap area format, fstab swap entries and the /proc
 * files that describe swap and memory.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Conventions, for every function below:
 *  - Names are swap_<module>_<verb>; nothing else is exported.
 *  - Functions return 0 (or a positive count) on success and -errno on
 *    failure.  They never print and never exit.  One errno means one thing:
 *    -EINVAL a bad argument; -ENOENT something missing: a file for the
 *    functions that take a path, "not a swap area" (no signature, or not
 *    the one the function works on) for swap_header_decode,
 *    swap_area_read_header, swap_area_relabel, swap_area_rewrite_signature.  Only the _open functions
 *    hand out memory (released by _close); scratch buffers some functions
 *    allocate are freed before they return (hence -ENOMEM).
 *  - Pure codecs work on caller buffers; I/O functions take file descriptors
 *    so that a tool opens an area once and every check acts on that file.
 *  - Iterators are _open/_next/_close; _next returns 1 for an item, 0 at the
 *    end, or -errno.
 *  - Structs that may grow: every public struct the library fills (but
 *    struct swap_header, the fixed on-disk format) starts with `size_t
 *    size`, which the caller sets to sizeof(struct ...) before the call
 *    (the SWAP_*_INIT macros do it).  The library writes only the fields
 *    that fit in size and reads a struct given back to it the same way
 *    (fields past size count as 0), so a program built against an older
 *    libswap.h keeps working when fields are added at the end.  A size
 *    under sizeof(size_t) gives -EINVAL.  Such a struct is never embedded
 *    in another one (a pointer is used) and strings are const char *
 *    into library storage, never arrays.
 *  - Sizes from /proc are in KiB, as the kernel reports them; on-disk sizes
 *    are in bytes or pages as named.
 */
#ifndef LIBSWAP_H
#define LIBSWAP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------
 * header: the SWAPSPACE2 page (struct swap_header_v1_2 of the kernel)
 *
 * Layout inside the first page of an area (all offsets in bytes):
 *    0..1023   boot bits (left for partition tables / boot loaders)
 *    1024      version      (u32, 1)
 *    1028      last_page    (u32, index of the last usable page)
 *    1032      nr_badpages  (u32)
 *    1036      uuid         (16 raw bytes)
 *    1052      label        (16 bytes, at most 15 used + NUL)
 *    1536      badpages[]   (u32 page numbers, up to the page's capacity)
 *    pagesize-10  magic "SWAPSPACE2"
 * The three u32 fields and the bad-page list are in the byte order of the
 * machine that will use the area.
 * ---------------------------------------------------------------------- */

#define SWAP_HEADER_VERSION_OFFSET	1024
#define SWAP_HEADER_LASTPAGE_OFFSET	1028
#define SWAP_HEADER_NRBAD_OFFSET	1032
#define SWAP_HEADER_UUID_OFFSET		1036
#define SWAP_HEADER_UUID_SIZE		16
#define SWAP_HEADER_LABEL_OFFSET	1052
#define SWAP_HEADER_LABEL_SIZE		16	/* 15 bytes + NUL */
#define SWAP_HEADER_BADPAGES_OFFSET	1536
#define SWAP_HEADER_MAGIC_SIZE		10

/* Page sizes an area may be formatted for: any power of two in [MIN, LIMIT],
 * as util-linux mkswap -p accepts; detection probes 4 KiB..MAX (64 KiB). */
#define SWAP_HEADER_PAGESIZE_MIN	2048
#define SWAP_HEADER_PAGESIZE_MAX	65536
#define SWAP_HEADER_PAGESIZE_LIMIT	(1u << 30)
/* Bad-page capacity of the largest page decode detects, 64 KiB:
 * (65536 - 1536 - 10) / 4.  A list of this many entries holds the bad
 * pages of any header swap_header_decode can return. */
#define SWAP_HEADER_BADPAGES_MAX	15997
/* The kernel and util-linux refuse areas with fewer usable pages. */
#define SWAP_HEADER_MIN_PAGES		10

enum swap_signature {
	SWAP_SIGNATURE_NONE = 0,	/* nothing known at any magic spot */
	SWAP_SIGNATURE_SWAPSPACE2,	/* "SWAPSPACE2": swap, version 1 */
	SWAP_SIGNATURE_SWAPSPACE1,	/* "SWAP-SPACE": the old v0 format */
	SWAP_SIGNATURE_S1SUSPEND,	/* software-suspend images */
	SWAP_SIGNATURE_S2SUSPEND,
	SWAP_SIGNATURE_ULSUSPEND,
	SWAP_SIGNATURE_LINHIB0001,
	SWAP_SIGNATURE_TUXONICE,	/* TuxOnIce image: 8 bytes ed c3 02 e9 98 56 e5 0c */
};

enum swap_endian {
	SWAP_ENDIAN_NATIVE = 0,
	SWAP_ENDIAN_LITTLE,
	SWAP_ENDIAN_BIG,
};

struct swap_header {
	enum swap_signature signature;	/* decode: what was found */
	uint32_t pagesize;		/* page size the area is formatted for */
	enum swap_endian endian;	/* byte order of the fields (never NATIVE
					 * after decode: LITTLE or BIG) */
	uint32_t version;
	uint32_t last_page;
	uint32_t nr_badpages;		/* as stored; may exceed the capacity */
	unsigned char uuid[SWAP_HEADER_UUID_SIZE];
	char label[SWAP_HEADER_LABEL_SIZE];	/* always NUL-terminated */
	int label_unterminated;		/* decode: the on-disk field had no NUL
					 * (label holds its first 15 bytes) */
	/* The bad-page list lives in a buffer of the caller's: @badpages
	 * holds room for @badpages_room entries (NULL/0: no list wanted).
	 * swap_header_init and swap_header_decode keep both fields as they
	 * find them, so set them (or zero the struct) before the call.
	 * Decode and swap_badpages_scan store at most badpages_room entries;
	 * encode writes nr_badpages entries from the buffer. */
	uint32_t *badpages;
	uint32_t badpages_room;
};

/*
 * swap_header_capacity - how many bad pages a header page can list (the
 * room a list for encode or swap_badpages_scan needs at most).
 * Returns: (pagesize - 1536 - 10) / 4 (SWAP_HEADER_BADPAGES_MAX for 64 KiB
 * pages), or -EINVAL for an invalid page size.
 */
int swap_header_capacity(size_t pagesize);

/*
 * swap_header_fit_pages - the pages a new area gets out of *@npages pages
 * on its device or file: the header's last_page is 32 bits, so more than
 * UINT32_MAX pages are truncated to UINT32_MAX (as util-linux mkswap does),
 * and fewer than SWAP_HEADER_MIN_PAGES make no area.
 * Returns: 0 (*@npages fits as it is), 1 (*@npages truncated to
 * UINT32_MAX), -ERANGE (fewer than SWAP_HEADER_MIN_PAGES; *@npages left
 * alone) or -EINVAL (NULL).
 */
int swap_header_fit_pages(uint64_t *npages);

/*
 * swap_header_init - fill @h for a new area: signature SWAPSPACE2, version 1,
 * the given page size and endianness, last_page = npages - 1, no bad pages
 * (h->badpages and h->badpages_room are kept), zero UUID, no label.
 * Returns: 0, or -EINVAL (bad page size, npages < 1 or > UINT32_MAX + 1).
 */
int swap_header_init(struct swap_header *h, size_t pagesize, uint64_t npages,
		     enum swap_endian endian);

/*
 * swap_header_encode - write the complete header page for @h into @page
 * (@pagesize bytes, zeroed first, so bytes 0..1023 come out zero).  The
 * result is byte-identical to what util-linux mkswap writes.
 * Returns: 0, or -EINVAL (NULL argument, bad page size or h->pagesize not
 * equal to @pagesize, nr_badpages over the capacity or over
 * h->badpages_room, signature other than SWAPSPACE2).
 */
int swap_header_encode(const struct swap_header *h, void *page, size_t pagesize);

/*
 * swap_header_decode - look for a known signature at pagesize-10 for every
 * page size from 4 KiB to 64 KiB that fits in @len bytes of @buf (which holds
 * the start of the area), and decode a SWAPSPACE2 header there.  The byte
 * order is taken from the version field.  For other signatures only
 * signature and pagesize are set (endian is the machine's, the rest zero).
 * The smallest page size with a known magic wins.  out->nr_badpages is the
 * count as stored; at most out->badpages_room entries (and no more than
 * the page holds) are copied to out->badpages, which the caller supplies
 * (NULL with room 0 when the list is not wanted).
 * Returns: 0 when a signature was found (see out->signature), -ENOENT when
 * none was (not a swap area; also when @len is under 4096), -EINVAL for a
 * NULL argument.
 * Never reads past @len.
 */
int swap_header_decode(const void *buf, size_t len, struct swap_header *out);

/* Problems swap_header_check() reports, one bit each. */
#define SWAP_HEADER_BAD_VERSION		(1u << 0)  /* version is not 1 */
#define SWAP_HEADER_BAD_LASTPAGE_ZERO	(1u << 1)  /* last_page is 0 */
#define SWAP_HEADER_BAD_LASTPAGE_SIZE	(1u << 2)  /* area smaller than header says */
#define SWAP_HEADER_BAD_NRBADPAGES	(1u << 3)  /* more bad pages than fit */
#define SWAP_HEADER_BAD_BADPAGE		(1u << 4)  /* a bad page is 0 or past last_page */
#define SWAP_HEADER_BAD_ENDIAN		(1u << 5)  /* foreign byte order */
#define SWAP_HEADER_BAD_PAGESIZE	(1u << 6)  /* not this system's page size */
#define SWAP_HEADER_BAD_TOOSMALL	(1u << 7)  /* fewer than 10 usable pages */
#define SWAP_HEADER_BAD_LABEL		(1u << 8)  /* label field not NUL-terminated */

/*
 * swap_header_check - validate a decoded SWAPSPACE2 header against the size
 * of the area in bytes (0: unknown, size checks skipped) and the page size
 * of the running system (0: not checked).  A NULL header or one whose
 * signature is not SWAPSPACE2 gives SWAP_HEADER_BAD_VERSION.  The bad-page
 * entries checked (SWAP_HEADER_BAD_BADPAGE) are those in h->badpages: at
 * most badpages_room of them (none without a list).
 * Returns: a mask of SWAP_HEADER_BAD_* (0 means usable).
 */
unsigned swap_header_check(const struct swap_header *h, uint64_t area_size,
			   size_t system_pagesize);

/*
 * swap_header_explain - one phrase for one SWAP_HEADER_BAD_* bit, e.g.
 * "last_page is beyond the end of the area".  Returns: a static string
 * ("unknown problem" for an unknown bit).
 */
const char *swap_header_explain(unsigned bit);

/*
 * swap_signature_name - "swap", "swap (v0)", "S1SUSPEND", ... for a signature.
 * Returns: a static string ("none" for SWAP_SIGNATURE_NONE, "unknown" for a
 * value outside the enum).
 */
const char *swap_signature_name(enum swap_signature sig);

/*
 * swap_signature_is_suspend - whether @sig is one a hibernation image leaves
 * (S1SUSPEND, S2SUSPEND, ULSUSPEND, LINHIB0001, TuxOnIce): swapon rewrites
 * those to SWAPSPACE2 before activating (swap_area_rewrite_signature).
 * Returns: 1 or 0.
 */
int swap_signature_is_suspend(enum swap_signature sig);

/* ------------------------------------------------------------------------
 * label and uuid
 * ---------------------------------------------------------------------- */

/*
 * swap_header_set_label - copy @label into h->label (at most 15 bytes +
 * NUL).  Clears h->label_unterminated.
 * Returns: 0, 1 when the label was truncated, -EINVAL for NULL.
 */
int swap_header_set_label(struct swap_header *h, const char *label);

#define SWAP_UUID_STRING_SIZE	37	/* 36 characters + NUL */

/*
 * swap_uuid_parse - parse "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" (hex, either
 * case) into 16 bytes; @uuid is written only when the whole text is valid.
 * Returns: 0, or -EINVAL.
 */
int swap_uuid_parse(const char *text, unsigned char uuid[16]);

/*
 * swap_uuid_format - lower-case text form of @uuid into @out (37 bytes).
 * Returns: 0, or -EINVAL for NULL.
 */
int swap_uuid_format(const unsigned char uuid[16], char out[SWAP_UUID_STRING_SIZE]);

/* swap_uuid_is_null - Returns: 1 when all 16 bytes are zero (or @uuid is
 * NULL), else 0. */
int swap_uuid_is_null(const unsigned char uuid[16]);

/* ------------------------------------------------------------------------
 * area: file-descriptor level work on a device or file
 * ---------------------------------------------------------------------- */

struct swap_area_info {
	size_t size;		/* the caller sets sizeof(struct swap_area_info) */
	int is_blockdev;
	int is_regular;
	uint64_t bytes;		/* device size or st_size */
	mode_t mode;		/* permission bits: st_mode & 07777 */
	uid_t uid;
	dev_t dev;		/* st_dev */
	ino_t ino;		/* st_ino */
	dev_t rdev;		/* st_rdev for block devices */
	uint64_t allocated;	/* st_blocks * 512 */
};
#define SWAP_AREA_INFO_INIT { .size = sizeof(struct swap_area_info) }

/*
 * swap_area_open - open(2) @path with @flags (and @mode, for O_CREAT) for
 * work on a swap area, without ever blocking: O_NONBLOCK, O_CLOEXEC and
 * O_NOCTTY are added for the open, so a FIFO or a terminal cannot hang the
 * caller, and anything but a regular file or a block device is refused
 * before a byte is read.  O_NONBLOCK is cleared again on the descriptor
 * returned.
 * Returns: the descriptor, -EISDIR for a directory, -ENODEV for any other
 * file type (FIFO, socket, character device), -EINVAL for a NULL @path,
 * or -errno from open(2).
 */
int swap_area_open(const char *path, int flags, mode_t mode);

/*
 * swap_area_inspect - fstat @fd (and BLKGETSIZE64 for a block device).
 * Set out->size first (SWAP_AREA_INFO_INIT); the functions that take the
 * info back read only the fields that fit in its size.
 * Returns: 0, -EINVAL for a NULL @out or out->size not set, -ENODEV for
 * something that is neither a block device nor a regular file, or -errno.
 */
int swap_area_inspect(int fd, struct swap_area_info *out);

/*
 * swap_area_read_header - read the first 64 KiB (or less, for a smaller
 * area) at byte @offset and decode it into @out.
 * Returns: as swap_header_decode, -EINVAL for a NULL @out or an @offset
 * too large for off_t, -ENOMEM, or -errno from the read.
 */
int swap_area_read_header(int fd, uint64_t offset, struct swap_header *out);

/* Flags for swap_area_write_header(). */
#define SWAP_AREA_KEEP_BOOTBITS	(1u << 0)	/* leave bytes 0..1023 alone */

/*
 * swap_area_write_header - write @h as the header page at @offset, crash-safe:
 * the page goes out with its magic cleared, is fsync'ed, then the 10-byte
 * magic is written and fsync'ed, so an interrupted run never leaves a header
 * that looks valid.  Before the first write, a known magic found at the
 * magic spot of a larger page size (8 KiB..64 KiB, e.g. left by an area
 * formatted for 16 KiB pages), or such a spot that cannot be read (a read
 * error there is not an error of the call), is overwritten with 10 zero
 * bytes, so the
 * area cannot look like swap at two page sizes; apart from that, nothing
 * past the header page is written.  Without SWAP_AREA_KEEP_BOOTBITS, bytes
 * 0..1023 are zeroed in the same first write.
 * Returns: 0, -EINVAL (NULL @h, unknown flag, bad h->pagesize, an @offset
 * too large, or what swap_header_encode refuses), -ENOMEM, or -errno (the
 * magic is not written after a failed first step).
 */
int swap_area_write_header(int fd, uint64_t offset, const struct swap_header *h,
			   unsigned flags);

/*
 * swap_area_relabel - change the label and/or UUID of the SWAPSPACE2 header
 * at @offset in place (NULL leaves that field alone).  Only bytes 1036..1067
 * are rewritten, in one write, then fsync'ed; with both NULL nothing is
 * written (the header is only checked).
 * Returns: 0, 1 if the label was truncated, -ENOENT if no SWAPSPACE2 header
 * is there (not a swap area), -EINVAL for an @offset too large, -EIO if
 * the two fields cannot be read back whole, or -errno.
 */
int swap_area_relabel(int fd, uint64_t offset, const char *label,
		      const unsigned char *uuid);

/*
 * swap_area_rewrite_signature - replace a software-suspend signature found
 * at @offset + @pagesize-10 by "SWAPSPACE2" and fsync (what swapon does
 * before activating an area that held a hibernation image); the area
 * starts at byte @offset of @fd, as for its siblings.
 * Returns: 0, -ENOENT when no suspend signature is there, -EINVAL for a
 * bad @pagesize or an @offset too large, or -errno.
 */
int swap_area_rewrite_signature(int fd, uint64_t offset, size_t pagesize);

/* Findings of swap_area_check(), one bit each; its @checks argument names
 * the ones wanted with the same bits. */
#define SWAP_AREA_INSECURE_MODE	(1u << 0)  /* group/other may read or write */
#define SWAP_AREA_INSECURE_OWNER (1u << 1) /* regular file not owned by root */
#define SWAP_AREA_HOLES		(1u << 2)  /* file has holes (st_blocks) */
#define SWAP_AREA_BAD_EXTENTS	(1u << 3)  /* FIEMAP: holes, inline/shared/delalloc extents */
#define SWAP_AREA_ACTIVE	(1u << 4)  /* listed in /proc/swaps (by dev/inode) */
#define SWAP_AREA_CHECK_ALL	(SWAP_AREA_INSECURE_MODE | SWAP_AREA_INSECURE_OWNER | \
				 SWAP_AREA_HOLES | SWAP_AREA_BAD_EXTENTS | SWAP_AREA_ACTIVE)

/*
 * swap_area_check - the pre-activation safety checks on an inspected area,
 * those named in @checks (a mask of the SWAP_AREA_* findings below, or
 * SWAP_AREA_CHECK_ALL): permissions (any set-id or sticky bit, any access
 * for others, and for a regular file any access for the group, is a
 * finding), owner, holes (st_blocks), bad extents (FIEMAP with
 * FIEMAP_FLAG_SYNC on a regular file; @fd < 0 skips it) and whether it is
 * active (compared by device and inode against @procswaps, NULL =
 * /proc/swaps).  Only the work the asked bits need is done: no FIEMAP
 * without SWAP_AREA_BAD_EXTENTS, no /proc/swaps without SWAP_AREA_ACTIVE.
 * Unwritten (fallocated) extents are not a finding: the kernel accepts them.
 * FIEMAP errors meaning "not supported" skip that check; a missing
 * /proc/swaps (kernel without swap) means nothing is active.
 * Returns: the mask of findings among @checks, -EINVAL for a NULL @info (or
 * info->size not set), one that is neither a block device nor a regular
 * file, or an unknown bit in @checks, or -errno.
 */
int swap_area_check(int fd, const struct swap_area_info *info, const char *procswaps,
		    unsigned checks);

/* What swap_area_walk_extents() reports, one call per finding. */
#define SWAP_EXTENT_HOLE	1	/* no extent: a hole starts at the offset */
#define SWAP_EXTENT_INLINE	2	/* data inside filesystem metadata */
#define SWAP_EXTENT_SHARED	3	/* reflinked / shared with another file */
#define SWAP_EXTENT_DELALLOC	4	/* not allocated yet (delayed allocation) */
#define SWAP_EXTENT_OTHER	5	/* location unknown or data encoded
					 * (compressed): also refused by swapon(2) */

/* Called for each finding; return non-zero to stop the walk. */
typedef int (*swap_area_extent_fn)(unsigned kind, uint64_t offset, void *data);

/*
 * swap_area_walk_extents - walk the extents of the regular file @fd over
 * [0, @size) with FIEMAP (FIEMAP_FLAG_SYNC first, so delayed data gets its
 * extents) and call @fn for every hole (at the offset where it starts,
 * including one at the end) and every extent swapon(2) refuses (at its
 * start), in file order; for one extent, INLINE, SHARED, DELALLOC come in
 * that order (util-linux mkswap's).  Unwritten (fallocated) extents are
 * fine and not reported.
 * Returns: the number of findings reported, -EINVAL for a NULL @fn,
 * -ENOMEM, or -errno from FIEMAP (-EOPNOTSUPP and friends where the
 * filesystem cannot tell).
 */
long swap_area_walk_extents(int fd, uint64_t size, swap_area_extent_fn fn, void *data);

/*
 * swap_area_suggest_mode - the mode the permission check wants for this area
 * (0600 for files, 0660 for block devices).
 */
mode_t swap_area_suggest_mode(const struct swap_area_info *info);

/* swap_area_judge(): may the area be activated?  The first reason to
 * refuse, in the order swapon checks them. */
enum swap_verdict {
	SWAP_VERDICT_ACTIVATE = 0,	/* call swapon(2), after the actions */
	SWAP_VERDICT_ACTIVE,		/* already listed in /proc/swaps */
	SWAP_VERDICT_HOLES,		/* a file with holes */
	SWAP_VERDICT_UNREADABLE,	/* the header could not be read: read_error */
	SWAP_VERDICT_NO_SIGNATURE,	/* no known signature: not a swap area */
	SWAP_VERDICT_OLD_FORMAT,	/* the old SWAP-SPACE (v0) format */
};

/* swap_area_judgement.actions: what to do (or know) before swapon(2). */
#define SWAP_JUDGE_REWRITE_SIGNATURE (1u << 0) /* a hibernation signature: make it
					 * SWAPSPACE2 (swap_area_rewrite_signature
					 * at h->pagesize) */
#define SWAP_JUDGE_FIX_PAGESIZE	(1u << 1) /* made for another page size: write a
					 * new header (swapon --fixpgsz), or
					 * swapon(2) refuses it */
#define SWAP_JUDGE_SHORT	(1u << 2) /* the header claims more than the area
					 * holds (swapsize > devsize): swapon(2)
					 * refuses it; nothing to rewrite */

struct swap_area_judgement {
	size_t size;		/* the caller sets sizeof(struct swap_area_judgement) */
	enum swap_verdict verdict;	/* the first reason to refuse, or ACTIVATE */
	enum swap_verdict header_verdict; /* what the header alone says: ACTIVATE,
					 * UNREADABLE, NO_SIGNATURE or OLD_FORMAT */
	unsigned findings;	/* SWAP_AREA_* found among the checks asked */
	unsigned actions;	/* SWAP_JUDGE_* */
	unsigned header_problems; /* swap_header_check() of a SWAPSPACE2 header
				 * (devsize, the page size given), else 0 */
	int read_error;		/* -errno of reading the header, or 0 */
	uint64_t swapsize;	/* (last_page + 1) * pagesize of a SWAPSPACE2
				 * header, else 0 */
	uint64_t devsize;	/* info->bytes */
};
#define SWAP_AREA_JUDGEMENT_INIT { .size = sizeof(struct swap_area_judgement) }

/*
 * swap_area_judge - whether the inspected area @info (open as @fd) may be
 * activated, and what must be rewritten first, as util-linux swapon judges
 * it: swap_area_check(@fd, @info, @procswaps, @checks), then the header at
 * offset 0 read into @h (the caller's, with its bad-page buffer; it keeps
 * what was read) and compared with the area's size and @pagesize (the
 * system's page size; 0: sysconf(_SC_PAGESIZE)).  The header is read
 * whatever the checks found.  Only reads: the actions are the caller's.
 * The verdict is ACTIVE (when asked), then HOLES (when asked), then the
 * header's: an area swapon(2) will refuse for another reason (a bad header
 * of this page size, say) is still ACTIVATE: the kernel reports it.
 * A suspend signature gives SWAP_JUDGE_REWRITE_SIGNATURE only (its header
 * says nothing more); otherwise SWAP_JUDGE_SHORT, or else
 * SWAP_JUDGE_FIX_PAGESIZE when h->pagesize is not @pagesize.
 * Set out->size first (SWAP_AREA_JUDGEMENT_INIT).
 * Returns: 0 with *out filled (a header that cannot be read is a verdict,
 * not an error), -EINVAL for a NULL or unsized argument or a bad @checks,
 * or swap_area_check's -errno.
 */
int swap_area_judge(int fd, const struct swap_area_info *info, size_t pagesize,
		    struct swap_header *h, unsigned checks, const char *procswaps,
		    struct swap_area_judgement *out);

/* ------------------------------------------------------------------------
 * badpages: read check of an area (mkswap -c)
 * ---------------------------------------------------------------------- */

/* Progress callback: pages checked so far out of @total.  Return non-zero
 * to stop the scan (it then returns -ECANCELED). */
typedef int (*swap_badpages_progress_fn)(uint64_t done, uint64_t total, void *data);

/*
 * swap_badpages_scan - read pages 1..@npages-1 of the area at @offset in
 * large chunks, narrowing to single pages only around a read error, and
 * store the page numbers of unreadable pages in h->badpages (the caller's
 * buffer of h->badpages_room entries; swap_header_capacity(h->pagesize)
 * is the most a header can list), setting h->nr_badpages.  The page size
 * is h->pagesize (set it first, e.g. with swap_header_init).  Only media
 * errors (EIO, ENXIO, ENODATA, ...) and a short read mark pages bad; any
 * other read error stops the scan.  @progress may be NULL.
 * Returns: the number of bad pages, -E2BIG when more than the page's
 * capacity or than badpages_room are bad (h holds the first ones that
 * fit), -ECANCELED when @progress asked to stop, -EINVAL (NULL @h, bad h->pagesize, @npages over
 * UINT32_MAX + 1 or past the largest offset), -ENOMEM, or -errno.
 */
int swap_badpages_scan(int fd, uint64_t offset, struct swap_header *h,
		       uint64_t npages, swap_badpages_progress_fn progress,
		       void *data);

/* ------------------------------------------------------------------------
 * size: parsing and formatting sizes
 * ---------------------------------------------------------------------- */

/*
 * swap_size_parse - parse a size in bytes as util-linux strtosize does: a
 * number with an optional fraction and suffix K, M, G, T, P, E (either case;
 * also KiB, MiB, ...: powers of 1024) or KB, MB, ... (powers of 1000).
 * "4096" is 4096 bytes.  Leading blanks and '+' are accepted; the integer
 * part is read like strtoull base 0 ("0x10" is 16, "010" is 8), as in
 * util-linux.  A fraction needs a suffix and is computed exactly, truncated
 * to the byte ("1.3G" is 1395864371; util-linux's per-digit arithmetic
 * gives 1431655765).
 * Returns: 0, -EINVAL for garbage, an empty or a negative number, -ERANGE
 * on overflow (*bytes is left alone on failure).
 */
int swap_size_parse(const char *text, uint64_t *bytes);

/* Styles for swap_size_format().  UL and UL_SPACE round to one decimal and
 * drop ".0" ("1023.5M", "1024M" for 1 MiB - 1 KiB: no carry to the next
 * unit); their decimal point follows the locale, as util-linux's does.
 * PROCPS rounds "%.1f" but truncates the integer fallback ("9Gi" for 9.96
 * GiB), exactly as procps-ng 4.0.2 free -h. */
#define SWAP_SIZE_UL		0	  /* util-linux --show: "64M", "1.5G", "0B" */
#define SWAP_SIZE_UL_SPACE	(1u << 0) /* util-linux mkswap: "64 MiB", "36 KiB" */
#define SWAP_SIZE_PROCPS	(1u << 1) /* procps-ng free -h: "1.0Gi", "9Gi", "0B" */
#define SWAP_SIZE_SI		(1u << 2) /* with PROCPS: powers of 1000, "1.1G" */
#define SWAP_SIZE_SIGNED	(1u << 3) /* with PROCPS: @bytes is an int64_t in
					   * two's complement: "-500B", "-2Gi" */
/* With PROCPS: a plain number in the unit of procps-ng free's unit option
 * @exp, no suffix: 0 its default (KiB, kB with SI; integer division),
 * 1 bytes (SI ignored), 2..6 K..P (powers of 1024, 1000 with SI; through a
 * double, truncated), as free -k, -m, --mega ... print it. */
#define SWAP_SIZE_PROCPS_UNIT(exp) ((1u << 4) | ((unsigned)(exp) & 7u) << 8)

/*
 * swap_size_format - format @bytes into @buf (@len bytes) in one of the
 * styles above.  Returns: the length written, or -ENOSPC (buffer too small;
 * 32 bytes always suffice) / -EINVAL (NULL buffer, SI without PROCPS, two
 * styles at once, unknown bits).
 */
int swap_size_format(uint64_t bytes, unsigned style, char *buf, size_t len);

/* ------------------------------------------------------------------------
 * procswaps: /proc/swaps
 * ---------------------------------------------------------------------- */

struct swap_procswaps;	/* opaque iterator */

/*
 * One line of /proc/swaps.  The caller sets @size to sizeof(struct
 * swap_procswaps_entry) (SWAP_PROCSWAPS_ENTRY_INIT does it) before the
 * first call; the library fills only the fields that fit in @size, so
 * fields added later do not break programs built today.  @name and @type
 * point into the iterator's storage: valid until the next call on it (or
 * its close); copy them to keep them.
 */
struct swap_procswaps_entry {
	size_t size;		/* set by the caller: sizeof(*e) */
	const char *name;	/* any length, unescaped (\040 etc.), " (deleted)" removed */
	const char *type;	/* "partition", "file", ... */
	uint64_t size_kib;
	uint64_t used_kib;
	int priority;
	int deleted;		/* the kernel marked it "(deleted)" */
};
#define SWAP_PROCSWAPS_ENTRY_INIT { .size = sizeof(struct swap_procswaps_entry) }

/* swap_procswaps_open - @path NULL means /proc/swaps.  Only a regular file
 * is read (a FIFO or a device over /proc/swaps cannot hang the caller), at
 * most 16 MiB of it.  Returns: 0, -EISDIR, -ENODEV (not a regular file) or
 * -errno. */
int swap_procswaps_open(const char *path, struct swap_procswaps **it);
/* swap_procswaps_next - the next area.  The header line and blank lines are
 * skipped; fields are split on any run of blanks (old kernels used single
 * tabs) and fields after the priority are ignored.  A malformed line
 * (missing field, size/used not a u64, priority not an int, a NUL byte, a
 * line over 1 MiB, a last line without its '\n', which means the read was
 * cut short) is skipped by the iterator itself, which remembers its number
 * for swap_procswaps_skipped: the other lines still count.
 * Returns: 1 (entry filled), 0 at the end, -EINVAL (NULL, or e->size not
 * set), -EFBIG (over 16 MiB), -ENOMEM, or -errno from reading. */
int swap_procswaps_next(struct swap_procswaps *it, struct swap_procswaps_entry *e);
/* swap_procswaps_skipped - how many malformed lines the iterator skipped so
 * far; *@lines (if @lines is not NULL) is set to their 1-based line numbers
 * in file order (the header is line 1), valid until the next call of
 * swap_procswaps_next or close.  A tool reports each as util-linux does:
 * "/proc/swaps: parse error at line N -- ignored".
 * Returns: the count, or -EINVAL for a NULL @it. */
int swap_procswaps_skipped(const struct swap_procswaps *it, const unsigned **lines);
void swap_procswaps_close(struct swap_procswaps *it);

/*
 * swap_procswaps_unescape - decode the kernel's octal escapes (\040 \011
 * \012 \134, and any other \ooo up to \377 except \000) of @in into @out
 * (at most @len bytes with NUL); a backslash without three octal digits is
 * copied as is.  Returns: the length, -ENAMETOOLONG (out is then ""), or
 * -EINVAL (NULL, @len 0).
 */
int swap_procswaps_unescape(const char *in, char *out, size_t len);


/* ------------------------------------------------------------------------
 * meminfo: /proc/meminfo and the figures free(1) shows (all in KiB)
 * ---------------------------------------------------------------------- */

/* Which keys were present. */
#define SWAP_MEMINFO_HAVE_AVAILABLE	(1u << 0)
#define SWAP_MEMINFO_HAVE_LOW		(1u << 1)
#define SWAP_MEMINFO_HAVE_HIGH		(1u << 2)
#define SWAP_MEMINFO_HAVE_SRECLAIMABLE	(1u << 3)
#define SWAP_MEMINFO_HAVE_COMMIT	(1u << 4)

struct swap_meminfo {
	size_t size;			/* the caller sets sizeof(struct swap_meminfo) */
	unsigned have;			/* SWAP_MEMINFO_HAVE_* */
	/* read from the file as procps-ng reads it (strtoul: garbage is 0,
	 * past u64 is UINT64_MAX, "-5" wraps), with procps's substitutions so
	 * that free prints the fields as they are: mem_available is MemFree
	 * when MemAvailable is absent, 0 or above MemTotal; low_total/low_free
	 * are MemTotal/MemFree without LowTotal (or with 0); absent keys read 0 */
	uint64_t mem_total, mem_free, mem_available;
	uint64_t buffers, cached, sreclaimable, shmem;
	uint64_t swap_total, swap_free;	/* SwapFree kept even above SwapTotal */
	uint64_t low_total, low_free, high_total, high_free;
	uint64_t commit_limit, committed_as;
	/* derived, with procps-ng 4.0.x's arithmetic (u64 wraps) */
	uint64_t mem_used;		/* total - available, or total - free
					 * when that is negative as a signed
					 * 64-bit number; may itself be
					 * "negative" (two's complement), as
					 * procps shows it */
	uint64_t main_cache;		/* cached + sreclaimable */
	uint64_t buff_cache;		/* buffers + main_cache */
	uint64_t swap_used;		/* 0 when SwapFree >= SwapTotal */
	uint64_t low_used, high_used;	/* likewise */
	int64_t commit_free;		/* commit_limit - committed_as, signed */
	/* RAM + swap, free -t's Total row (u64 wraps) */
	uint64_t sum_total;		/* mem_total + swap_total */
	uint64_t sum_used;		/* mem_used + swap_used */
	uint64_t sum_free;		/* mem_free + swap_free */
};
#define SWAP_MEMINFO_INIT { .size = sizeof(struct swap_meminfo) }

/* swap_meminfo_parse - parse the text of /proc/meminfo (@len bytes, need not
 * end in NUL or '\n') in one pass, as procps-ng 4.0.x does: the text ends at
 * a NUL; a key runs from a line's start to the next ':', its value is
 * strtoul(3) of what follows; unknown keys, odd values and missing keys are
 * not errors (a missing key reads 0).  Returns: 0, -ENODATA for an empty
 * text (procps fails then too), -EINVAL for NULL arguments or out->size
 * not set. */
int swap_meminfo_parse(const char *text, size_t len, struct swap_meminfo *out);

/* swap_meminfo_read - read @path (NULL = /proc/meminfo) with one read(2) of
 * at most 8191 bytes, as procps-ng does, and parse it.  Returns: 0 or -errno
 * (-ENOENT: no such file, -ENODATA: empty, -EINVAL: a FIFO or socket, or
 * out->size not set). */
int swap_meminfo_read(const char *path, struct swap_meminfo *out);

/* Verdicts of swap_meminfo_estimate. */
enum swap_fit {
	SWAP_FIT_FITS = 0,	/* need <= 80% of what is available */
	SWAP_FIT_TIGHT = 1,	/* need > 80% of it, but not more than all */
	SWAP_FIT_NO = 2,	/* need > available: swapoff(2) ends in OOM kills */
};

/* swap_meminfo_estimate - will the pages of the areas being removed fit?
 * @used_kib[i] is the used size of area i (/proc/swaps Used), @removed[i]
 * non-zero for the areas swapped off together; @mem_available_kib is
 * MemAvailable, @free_elsewhere_kib the free space of the areas that stay.
 * Sets *@need_kib (sum of the removed areas' used sizes) and
 * *@available_kib (MemAvailable + free elsewhere; sums saturate).
 * Returns a SWAP_FIT_* verdict, or -EINVAL for NULL arguments. */
int swap_meminfo_estimate(const uint64_t *used_kib, const unsigned char *removed,
			  size_t n, uint64_t mem_available_kib, uint64_t free_elsewhere_kib,
			  uint64_t *need_kib, uint64_t *available_kib);

/* ------------------------------------------------------------------------
 * fstab: swap entries and their options
 * ---------------------------------------------------------------------- */

enum swap_spec_kind {
	SWAP_SPEC_PATH = 0,
	SWAP_SPEC_LABEL,
	SWAP_SPEC_UUID,
	SWAP_SPEC_PARTLABEL,
	SWAP_SPEC_PARTUUID,
	SWAP_SPEC_ID,		/* ID=x: /dev/disk/by-id/x, as libmount */
};

#define SWAP_FSTAB_NOAUTO	(1u << 0)
#define SWAP_FSTAB_NOFAIL	(1u << 1)
#define SWAP_FSTAB_DISCARD	(1u << 2)	/* discard, any policy */
#define SWAP_FSTAB_DISCARD_ONCE	(1u << 3)
#define SWAP_FSTAB_DISCARD_PAGES (1u << 4)
#define SWAP_FSTAB_PRIORITY	(1u << 5)	/* pri= given and valid */

struct swap_fstab_options {
	size_t size;		/* the caller sets sizeof(struct swap_fstab_options) */
	unsigned flags;		/* SWAP_FSTAB_* */
	int priority;		/* valid with SWAP_FSTAB_PRIORITY; negative:
				 * the kernel chooses (see swap_fstab_flags) */
};
#define SWAP_FSTAB_OPTIONS_INIT { .size = sizeof(struct swap_fstab_options) }

struct swap_fstab_entry {
	size_t size;			/* the caller sets sizeof(struct swap_fstab_entry) */
	const char *spec;		/* first field as written */
	enum swap_spec_kind kind;
	const char *value;		/* spec after "LABEL=" etc., or the path */
	const char *options;		/* fourth field */
	const struct swap_fstab_options *opts;	/* parsed fourth field, in the
					 * iterator's storage like the strings
					 * (a growable struct is never embedded) */
	unsigned line;			/* line number in the file */
};
#define SWAP_FSTAB_ENTRY_INIT { .size = sizeof(struct swap_fstab_entry) }

struct swap_fstab;	/* opaque iterator */

/* swap_fstab_open - @path NULL means /etc/fstab.  Only a regular file is
 * read (opened without blocking, so a FIFO cannot hang the caller), at most
 * 16 MiB of it and 1 MiB a line (a longer line is malformed: -EINVAL from
 * swap_fstab_next).  Returns: 0, -EISDIR (a directory: the caller reads
 * its *.fstab files), -ENODEV (a FIFO, a device, a socket), or -errno. */
int swap_fstab_open(const char *path, struct swap_fstab **it);
/* swap_fstab_next - the next entry of type "swap"; strings and e->opts stay
 * valid until the next call (set e->size first: SWAP_FSTAB_ENTRY_INIT).  Lines are split by getmntent(3)'s rules (blank and '#'
 * lines skipped, \040 \011 \012 \134 decoded); quotes around a tag value
 * (LABEL="x") are removed from e->value, not from e->spec.
 * Returns: 1, 0 at the end, -EINVAL for a malformed line: fewer than three
 * fields or a dump/pass field that is not a number (any type, as libmount),
 * or a swap entry with an empty tag value.  e->line tells which line, e->spec
 * is its first field (NULL only for a line over 1 MiB) and e->options its
 * fourth (NULL when it has none).  The iterator stays
 * usable after -EINVAL (report it and go on, as util-linux's "parse error
 * at line N -- ignored").  Other -errno: -ENOMEM, -EFBIG past 16 MiB, read
 * errors.  The file is
 * read line by line by libswap itself, not with getmntent(3), so that every
 * error can name its line. */
int swap_fstab_next(struct swap_fstab *it, struct swap_fstab_entry *e);
void swap_fstab_close(struct swap_fstab *it);

/*
 * swap_fstab_parse_options - parse an fstab or swapon -o option list
 * ("sw,pri=5,discard=once") as util-linux's swapon reads it: only the first
 * option of each name counts ("pri=1,pri=2" is 1); unknown options are
 * ignored.  pri=N is read with strtol(3) and kept when a number starts the
 * value ("pri=5x" is 5; "pri=abc", "pri=", "pri" set nothing); the long is
 * cast to int.  discard=P prefix-matches P against "once" and "pages"
 * ("discard=o" is once, "discard=" is both, anything else plain discard).
 * nofail and noauto are matched by name.  Nothing is ever refused: a typo
 * is for a verifier to report, not a reason to skip an entry.
 * Set out->size first (SWAP_FSTAB_OPTIONS_INIT).
 * Returns: 0, or -EINVAL for a NULL @out or out->size not set.
 */
int swap_fstab_parse_options(const char *options, struct swap_fstab_options *out);

/* Findings of swap_fstab_verify_option(), one bit each. */
#define SWAP_FSTAB_WARN_PRI_TRAILING	(1u << 0)  /* "pri=5x": read as 5 */
#define SWAP_FSTAB_WARN_PRI_INVALID	(1u << 1)  /* "pri=abc", "pri=", "pri": ignored */
#define SWAP_FSTAB_WARN_PRI_RANGE	(1u << 2)  /* under -1 (kernel chooses) or
						    * over 32767 (clamped) */
#define SWAP_FSTAB_WARN_DISCARD_ABBREV	(1u << 3)  /* "discard=o": read as once */
#define SWAP_FSTAB_WARN_DISCARD_UNKNOWN	(1u << 4)  /* "discard=x": plain discard */
#define SWAP_FSTAB_WARN_UNKNOWN		(1u << 5)  /* not a swap option: ignored */
#define SWAP_FSTAB_WARN_REPEATED	(1u << 6)  /* a second one of a name: ignored */

/*
 * swap_fstab_verify_option - check the option that starts at byte @offset
 * of the comma-separated @options against what swap_fstab_parse_options
 * (and util-linux) reads from it; *len is set to its length, so a caller
 * walks the list with offset += len + 1 while offset < strlen(options).
 * Known options: defaults, sw, rw, auto, noauto, nofail, pri, discard,
 * comment and any "x-*".
 * Returns: a mask of SWAP_FSTAB_WARN_* (0: it means what it looks like),
 * or -EINVAL (NULL argument, @offset past the end).
 */
int swap_fstab_verify_option(const char *options, size_t offset, size_t *len);

/*
 * swap_fstab_parse_spec - split "LABEL=x", "UUID=x", "PARTLABEL=x",
 * "PARTUUID=x", "ID=x" or a path; *value points into @spec.  Tag names are
 * case-sensitive ("label=x" is a path), as in libmount; quotes are left in
 * the value (the fstab iterator removes them; a shell already has).
 * Returns: the enum swap_spec_kind, or -EINVAL for an empty value.
 */
int swap_fstab_parse_spec(const char *spec, const char **value);

/*
 * swap_fstab_flags - the swapon(2) flags for @opts: SWAP_FLAG_PREFER with the
 * priority, SWAP_FLAG_DISCARD, SWAP_FLAG_DISCARD_ONCE, SWAP_FLAG_DISCARD_PAGES.
 * As util-linux: a negative priority gives no SWAP_FLAG_PREFER (the kernel
 * chooses), one above 32767 is clamped to 32767; once and pages together
 * give plain SWAP_FLAG_DISCARD; a policy bit alone implies SWAP_FLAG_DISCARD.
 * Fields past opts->size count as not given.
 * Returns: the flags (never negative; 0 for NULL or opts->size not set).
 */
int swap_fstab_flags(const struct swap_fstab_options *opts);

/* ------------------------------------------------------------------------
 * process: who holds swap, and in which area (/proc/PID/...)
 *
 * Per process: smaps_rollup (Swap, SwapPss), status (Name, Uid, VmSwap);
 * for processes with swap, smaps names the mappings that hold it and
 * pagemap is read for those ranges only: each swap entry there gives the
 * swap type (the kernel's slot number of the area) and the offset in it.
 * The type and offset are shown only to readers with CAP_SYS_ADMIN (the
 * kernel zeroes them for others); the "swapped" bit is shown to anyone who
 * may read the process's pagemap.
 * ---------------------------------------------------------------------- */

/* More than the kernel's MAX_SWAPFILES (32 minus its special types). */
#define SWAP_PROCESS_MAX_TYPES	32

/* swap_process.flags and swap_process_totals.flags */
#define SWAP_PROCESS_SMAPS	(1u << 0)	/* smaps/smaps_rollup were read:
						 * swap_kib, swap_pss_kib and
						 * shmem_swap_kib are valid */
#define SWAP_PROCESS_TYPES	(1u << 1)	/* type_pages are valid (pagemap read
						 * with CAP_SYS_ADMIN) */

/* swap_process_open flags */
#define SWAP_PROCESS_ALL	(1u << 0)	/* _next returns processes without swap too */

struct swap_process {
	size_t size;		/* the caller sets sizeof(struct swap_process) */
	pid_t pid;
	uid_t uid;		/* real uid (status Uid:) */
	const char *name;	/* status Name: (the kernel escapes \n and \\) */
	const char *cmdline;	/* arguments joined by spaces, "" for kernel threads */
	unsigned flags;		/* SWAP_PROCESS_SMAPS, SWAP_PROCESS_TYPES */
	uint64_t vmswap_kib;	/* status VmSwap: private anonymous pages in swap */
	uint64_t swap_kib;	/* smaps_rollup Swap: anonymous + shared memory (shmem,
				 * tmpfs, SysV) pages of its mappings that are in swap;
				 * without SWAP_PROCESS_SMAPS: vmswap_kib */
	uint64_t swap_pss_kib;	/* smaps_rollup SwapPss: proportional share */
	uint64_t shmem_swap_kib;/* the part of swap_kib that is shared memory: no
				 * page table entry points at it, so its area is unknown */
	uint64_t type_pages[SWAP_PROCESS_MAX_TYPES];	/* swap entries in its page
				 * tables, by swap type (with SWAP_PROCESS_TYPES) */
	const char *memcg;	/* its memory cgroup, a path under the root of the
				 * memory hierarchy ("/" the root) from PID/cgroup: the
				 * v1 line naming the memory controller, else the v2
				 * "0::" line; NULL when unknown */
};

struct swap_process_totals {
	size_t size;		/* the caller sets sizeof(struct swap_process_totals) */
	unsigned flags;		/* a flag is set when it held for every process counted */
	unsigned processes;	/* processes read (with swap unless SWAP_PROCESS_ALL) */
	unsigned unreadable;	/* processes whose smaps_rollup, smaps or pagemap could
				 * not be read (permissions): when not 0, the totals
				 * leave out what those hold beyond their VmSwap */
	uint64_t swap_kib;	/* distinct swap entries referenced by the processes
				 * read, plus each shared memory object once */
	uint64_t swap_pss_kib;	/* sum of SwapPss */
	uint64_t shmem_swap_kib;/* shared memory in swap, each object once */
	uint64_t type_pages[SWAP_PROCESS_MAX_TYPES];	/* distinct swap entries by
				 * type (with SWAP_PROCESS_TYPES) */
};

struct swap_process_iter;	/* opaque */

/* swap_process_open - iterate over the processes of @root (NULL = /proc).
 * @flags: SWAP_PROCESS_ALL.  Returns: 0 or -errno. */
int swap_process_open(const char *root, unsigned flags, struct swap_process_iter **it);
/* swap_process_next - the next process with swap (any process with
 * SWAP_PROCESS_ALL); strings stay valid until the next call.  Processes
 * that exit while being read are skipped; a process whose smaps or pagemap
 * may not be read is returned with the figures status gives (flags tell).
 * The first call lists the processes and starts threads (up to one per
 * CPU, signals blocked in them) that read every smaps_rollup ahead, and
 * the processes found with swap (all, with SWAP_PROCESS_ALL) whole, while
 * the calls go through the processes in the order the root lists them;
 * they are joined by the call that returns 0 or by swap_process_close().
 * A child forked midway may go on (reading the rest itself) or close.
 * Returns: 1, 0 at the end, or -errno. */
int swap_process_next(struct swap_process_iter *it, struct swap_process *p);
/* swap_process_read - the same for one @pid, counted in the totals like a
 * process _next returned.  Returns: 1, 0 when the process has no swap (and
 * SWAP_PROCESS_ALL is not set), -ESRCH when it does not exist, or -errno. */
int swap_process_read(struct swap_process_iter *it, pid_t pid, struct swap_process *p);
/* swap_process_totals - the totals of the processes returned so far: swap
 * entries that several processes share (fork) and shared memory objects
 * mapped by several are counted once.  It may sort what the iterator
 * holds, so it is not called at the same time as another call on @it.
 * Returns: 0 or -EINVAL. */
int swap_process_totals(const struct swap_process_iter *it, struct swap_process_totals *t);
void swap_process_close(struct swap_process_iter *it);

/*
 * swap_process_map_types - which line of /proc/swaps each swap type is.
 * The kernel gives a new area the lowest free slot (type) and lists areas
 * in slot order, skipping free slots; slots freed by swapoff leave holes
 * that user space cannot see.  With @nareas areas listed and the types
 * @type_pages shows in use, the mapping is certain only when
 *  (a) as many distinct types are in use as areas are listed (then the
 *      types in use are exactly the slots, in order), or
 *  (b) for a type t, every type 0..t is in use (then slots 0..t are the
 *      first t+1 lines).
 * @line[t] gets the 0-based line for types mapped this way and -1 for types
 * in use that are not (and for types not in use).
 * Returns: the number of types in use left unmapped (0: all certain), or
 * -EINVAL.
 */
int swap_process_map_types(const uint64_t type_pages[SWAP_PROCESS_MAX_TYPES],
			   unsigned nareas, int line[SWAP_PROCESS_MAX_TYPES]);

/* swap_area_share.flags */
#define SWAP_AREA_SHARE_KNOWN	(1u << 0)	/* processes_kib and other_kib are exact */

/* What the processes hold of one area of /proc/swaps (or of all of them). */
struct swap_area_share {
	size_t size;		/* the caller sets sizeof(struct swap_area_share) */
	int slot;		/* its swap type when certain, else -1 */
	unsigned flags;		/* SWAP_AREA_SHARE_KNOWN */
	uint64_t processes_kib;	/* swap entries in process page tables */
	uint64_t other_kib;	/* Used less that: swap cache, shared memory, tmpfs */
};

/*
 * swap_process_area_share - split Used of line @area of /proc/swaps
 * (@used_kib[@area], of @nareas lines) between the pages process page
 * tables point at (@t->type_pages, the type that @line from
 * swap_process_map_types maps to that line) and the rest.  @area -1: the
 * sum over all lines; there the processes' figure is every type counted
 * (known whenever @t has SWAP_PROCESS_TYPES), even those no line is
 * certain for.  A line is not known when types were not readable, or when
 * some type in use is unmapped and could be that line.
 * Returns: 0 or -EINVAL.
 */
int swap_process_area_share(const struct swap_process_totals *t, const uint64_t *used_kib,
			    unsigned nareas, const int line[SWAP_PROCESS_MAX_TYPES], int area,
			    struct swap_area_share *out);

/* ------------------------------------------------------------------------
 * cgroup: swap charged to a memory cgroup
 * ---------------------------------------------------------------------- */

#define SWAP_CGROUP_UNLIMITED	UINT64_MAX

struct swap_cgroup {
	size_t size;		/* the caller sets sizeof(struct swap_cgroup) */
	int version;		/* 1 or 2 */
	uint64_t swap_bytes;	/* swap slots charged to it and its descendants: v2
				 * memory.swap.current; v1 total_swap + total_swapcached
				 * of memory.stat (v1 moves a page from "swapcached" to
				 * "swap" only when it leaves the swap cache) */
	uint64_t limit_bytes;	/* v2 memory.swap.max; v1 memory.memsw.limit_in_bytes
				 * (a limit on memory + swap), or SWAP_CGROUP_UNLIMITED */
	uint64_t memory_bytes;	/* v2 memory.current; v1 memory.usage_in_bytes */
	uint64_t memory_limit_bytes;	/* v2 memory.max; v1 memory.limit_in_bytes, or
				 * SWAP_CGROUP_UNLIMITED: pages swapped in are charged
				 * against it */
};

/* swap_cgroup_read - the swap figures of the memory cgroup directory @dir
 * (v2 when it holds memory.swap.current, v1 when it holds memory.stat with
 * total_swap).  Returns: 0, -ENOENT when the directory has neither (no
 * memory controller, or v1 without swap accounting), -EINVAL for garbage,
 * or -errno. */
int swap_cgroup_read(const char *dir, struct swap_cgroup *out);

/* Called by swap_cgroup_walk for each cgroup; @path is relative to the
 * root ("/" for the root itself, else "/a/b"), valid during the call.
 * Return non-zero to stop the walk. */
typedef int (*swap_cgroup_fn)(const char *path, const struct swap_cgroup *c, void *data);
/* swap_cgroup_walk - swap_cgroup_read every directory of the memory cgroup
 * tree at @root (the root first, then each directory before those below
 * it; symbolic links are not followed) and call @fn with each one that
 * has swap figures (@c->size is sizeof(struct swap_cgroup)).  A directory
 * that cannot be listed is left out with what is below it.
 * Returns: 0, the first non-zero value of @fn, -EINVAL for a NULL @root
 * or @fn, or -errno when @root cannot be listed (or -ENOMEM). */
int swap_cgroup_walk(const char *root, swap_cgroup_fn fn, void *data);

/* ------------------------------------------------------------------------
 * area lookups in /proc/swaps (last: they need the procswaps and fstab types)
 * ---------------------------------------------------------------------- */

/*
 * swap_area_find_active - the /proc/swaps entry (@procswaps, NULL = the
 * real one) of the area described by @info, matched by device number for a
 * block device and by device and inode for a file, so /dev/disk/by-* links,
 * relative paths and bind mounts all match; names of any length (over
 * PATH_MAX too) are followed.  @out may be NULL; else out->size is set as
 * for swap_procswaps_next, and out->name and out->type stay valid until the
 * next swap_area_find_* call of the same thread.
 * Returns: 1 with *out filled, 0 when the area is not active (also when
 * /proc/swaps does not exist), -EINVAL for a NULL @info or info->size not
 * set, or -errno.
 */
int swap_area_find_active(const struct swap_area_info *info, const char *procswaps,
			  struct swap_procswaps_entry *out);

/*
 * swap_area_find_tag - the active area whose SWAPSPACE2 header carries the
 * label (@kind SWAP_SPEC_LABEL) or UUID (SWAP_SPEC_UUID) @value, found by
 * reading the header of every area listed in @procswaps (NULL = the real
 * one).  This is how swap files are found by tag: libblkid scans block
 * devices only.  Names are opened without blocking (a FIFO mounted over an
 * active file is passed over).  @out as for swap_area_find_active.
 * Returns: 1 with *out filled, 0 when none matches, -EINVAL for another
 * kind or an unparsable UUID, or -errno.
 */
int swap_area_find_tag(enum swap_spec_kind kind, const char *value,
		       const char *procswaps, struct swap_procswaps_entry *out);

/* ------------------------------------------------------------------------
 * mounts: is an area in use through another block device
 * ---------------------------------------------------------------------- */

/* What swap_mounts_find_user() found, in the order it looks. */
#define SWAP_MOUNTS_MOUNTED	1	/* listed in mountinfo */
#define SWAP_MOUNTS_SWAP	2	/* listed in /proc/swaps */
#define SWAP_MOUNTS_HELD	3	/* has a holder in sysfs (dm, md, ...) */

struct swap_mounts_user {
	size_t size;		/* set by the caller: sizeof(struct swap_mounts_user) */
	unsigned kind;		/* SWAP_MOUNTS_* */
	dev_t devno;		/* the block device in use */
	const char *name;	/* its kernel name ("loop0", "loop0p1", "sda2") */
	const char *what;	/* the unescaped mount point (MOUNTED), the holder's
				 * kernel name (HELD), NULL (SWAP) */
};

/*
 * swap_mounts_find_user - whether writing to the area described by @info
 * would hit something in use: for a block device, the device itself or one
 * of its partitions; for a regular file, every loop device backed by that
 * file (matched by device and inode: LOOP_GET_STATUS64, or the sysfs
 * backing_file attribute when the device cannot be opened) and their
 * partitions.  These devices are looked up first in @mountinfo (NULL =
 * /proc/self/mountinfo; by device number, or by the source path where the
 * number is anonymous, as btrfs shows it; mount points are unescaped), then
 * in @procswaps
 * (NULL = /proc/swaps; a block device itself is not looked up there: ask
 * swap_area_find_active), then for holders under @sysfs (NULL = /sys, and
 * loop devices are asked by ioctl only then).  The first finding of the
 * first kind found is returned, so a SWAP or HELD answer means nothing is
 * mounted.  A missing mountinfo or /proc/swaps means nothing is in use.
 * @out may be NULL; its strings stay valid until the next call in the
 * same thread.
 * Returns: 1 with *out filled, 0 when nothing is in use, -EINVAL (NULL or
 * unusable @info, out->size too small), -ENOMEM, or -errno.
 */
int swap_mounts_find_user(const struct swap_area_info *info, const char *mountinfo,
			  const char *sysfs, const char *procswaps,
			  struct swap_mounts_user *out);

/* ------------------------------------------------------------------------
 * zram and zswap: what compressed swap holds and what it costs
 * (structs start with size: set it to sizeof; fields past it are not written)
 * ---------------------------------------------------------------------- */

struct swap_zram_stat {
	size_t size;			/* caller: sizeof(struct swap_zram_stat) */
	unsigned nfields;		/* how many mm_stat fields the kernel gave */
	/* mm_stat, in its order; bytes unless named pages */
	uint64_t orig_data_size;	/* 1: data stored, uncompressed */
	uint64_t compr_data_size;	/* 2: that data compressed */
	uint64_t mem_used_total;	/* 3: RAM the device uses (with overhead) */
	uint64_t mem_limit;		/* 4: 0 = no limit */
	uint64_t mem_used_max;		/* 5: peak of mem_used_total */
	uint64_t same_pages;		/* 6: pages of one repeated word (no RAM) */
	uint64_t pages_compacted;	/* 7: pages freed by compaction */
	uint64_t huge_pages;		/* 8: pages stored uncompressed (0 if absent) */
	uint64_t huge_pages_since;	/* 9: the same, counted since creation */
	uint64_t disksize;		/* bytes, from disksize (0: not set up) */
};

/*
 * swap_zram_read - the mm_stat and disksize of zram device @dev ("/dev/zram0"
 * or "zram0"), read under @sysroot (NULL = "", the real /sys/block/zramN;
 * "tests/data/zram/x" reads tests/data/zram/x/sys/block/zramN).
 * Returns: 0, -ENODEV when @dev is not named zramN, -ENOENT when the
 * kernel has no such device (or no mm_stat: kernels before 4.1), -EINVAL
 * for a NULL argument, a size under sizeof(size_t) or an mm_stat that is
 * not one line of at least 5 numbers, or -errno.
 */
int swap_zram_read(const char *sysroot, const char *dev, struct swap_zram_stat *out);

#define SWAP_ZSWAP_HAVE_POOL	(1u << 0)	/* "Zswap:" was there */
#define SWAP_ZSWAP_HAVE_STORED	(1u << 1)	/* "Zswapped:" was there */

struct swap_zswap_stat {
	size_t size;			/* caller: sizeof(struct swap_zswap_stat) */
	unsigned have;			/* SWAP_ZSWAP_HAVE_*: both need kernel 5.19 */
	uint64_t pool_kib;		/* Zswap: RAM of the compressed pool */
	uint64_t stored_kib;		/* Zswapped: the pages it holds, uncompressed */
	int enabled;			/* parameters/enabled: 1 Y, 0 N, -1 unknown */
};

/*
 * swap_zswap_read - the zswap figures of @meminfo (NULL = /proc/meminfo)
 * and whether zswap is on, from @enabled (NULL =
 * /sys/module/zswap/parameters/enabled; absent: enabled = -1).  Keys the
 * kernel lacks leave their HAVE bit clear and the figure 0.
 * Returns: 0, -EINVAL (NULL @out, size too small, a text not ended by
 * '\n', holding a NUL, or a garbage Zswap/Zswapped value), or -errno.
 */
int swap_zswap_read(const char *meminfo, const char *enabled, struct swap_zswap_stat *out);

/* ------------------------------------------------------------------------
 * fs: can the kernel swap to a file on this filesystem?
 * ---------------------------------------------------------------------- */

struct swap_fs_info {
	size_t size;			/* caller: sizeof(struct swap_fs_info) */
	uint64_t magic;			/* statfs(2) f_type */
	const char *name;		/* "ext4", "xfs", "btrfs", "tmpfs", ...,
					 * "unknown": a static string */
	int swapfiles;			/* 1 the kernel swaps to files there,
					 * 0 it cannot, -1 not known */
	unsigned devices;		/* btrfs: devices of the filesystem, else 0 */
	int compressed;			/* btrfs: the file has the compression
					 * flag (chattr +c, inherited) */
	int nocow;			/* btrfs: the file has FS_NOCOW_FL */
};

/*
 * swap_fs_inspect - fstatfs(2) the file open at @fd and tell whether swap
 * files work there.  ext2/3/4, xfs, btrfs, f2fs, vfat, jfs, reiserfs,
 * nfs (with swapfile support), ... are 1; tmpfs, ramfs, overlayfs, fuse,
 * squashfs, iso9660, proc, sysfs ... are 0.  On btrfs the devices and the
 * file's flags are filled (single device, NOCOW, not compressed: needed).
 * Returns: 0, -EINVAL for a NULL/too small @out, or -errno from fstatfs.
 */
int swap_fs_inspect(int fd, struct swap_fs_info *out);

/* ------------------------------------------------------------------------
 * resume: where a hibernation image in this area starts, and whether the
 * kernel can write it there and find it again
 * ---------------------------------------------------------------------- */

#define SWAP_RESUME_NO_DISK	(1u << 0)  /* /sys/power/state lacks "disk" */
#define SWAP_RESUME_TOO_SMALL	(1u << 1)  /* area < image_size (or RAM) */
#define SWAP_RESUME_ZRAM_FIRST	(1u << 2)  /* an active zram area has a higher priority */
#define SWAP_RESUME_IS_ZRAM	(1u << 3)  /* the area itself is in RAM (zram) */
#define SWAP_RESUME_BAD_FS	(1u << 4)  /* file on a filesystem resume cannot map */
#define SWAP_RESUME_BAD_STACK	(1u << 5)  /* on a loop/nbd/ram device or several devices */
#define SWAP_RESUME_INACTIVE	(1u << 6)  /* not listed in /proc/swaps */
#define SWAP_RESUME_NO_OFFSET	(1u << 7)  /* the offset could not be computed */

struct swap_resume_info {
	size_t size;			/* caller: sizeof(struct swap_resume_info) */
	int is_file;			/* 1: resume_offset= is needed */
	uint64_t offset;		/* resume_offset=, in pages (0 for a device) */
	dev_t device;			/* the block device resume= must name */
	uint64_t area_bytes;		/* size of the area */
	uint64_t image_bytes;		/* /sys/power/image_size, else MemTotal * 1024,
					 * 0 when neither is known */
	unsigned checks;		/* SWAP_RESUME_* findings */
	int offset_errno;		/* with SWAP_RESUME_NO_OFFSET: why (-errno) */
};

/*
 * swap_resume_inspect - the resume target of the area open at @fd (a swap
 * file or block device): for a file the first extent's physical address
 * in pages (FIEMAP; on btrfs FIEMAP gives a logical address, mapped to the
 * device through the chunk tree, which needs CAP_SYS_ADMIN) and the block
 * device holding it; and the checks above.  /sys/power/state,
 * /sys/power/image_size, /proc/meminfo, /proc/swaps and /sys/dev/block are
 * read under @root (NULL = the real ones), so fixtures can stand in.
 * Returns: 0 (see out->checks), -EINVAL for a NULL/too small @out, -ENODEV
 * for neither a file nor a block device, or -errno from fstat.
 */
int swap_resume_inspect(int fd, const char *root, struct swap_resume_info *out);

/*
 * swap_resume_explain - one phrase for one SWAP_RESUME_* bit.  Returns: a
 * static string ("unknown problem" for an unknown bit).
 */
const char *swap_resume_explain(unsigned bit);

#ifdef __cplusplus
}
#endif

#endif /* LIBSWAP_H */
