/*
 * meminfo.c - parse /proc/meminfo and derive the figures free(1) shows, the
 * way procps-ng 4.0.x reads and derives them (library/meminfo.c), so that
 * free prints what procps prints whatever the file holds.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

#define MEMINFO_PATH "/proc/meminfo"

/* procps reads the file with one read(2) of at most 8191 bytes. */
#define MEMINFO_READ_MAX 8191

/* Seen-bits of the two commit keys, private: both make HAVE_COMMIT. */
#define SWAP_MEMINFO_HAVE_COMMIT_LIMIT	(1u << 30)
#define SWAP_MEMINFO_HAVE_COMMITTED_AS	(1u << 31)

/* One key we use: where its value goes and what its presence means. */
struct meminfo_key {
	const char *name;
	size_t len;
	size_t offset;		/* of the uint64_t in struct swap_meminfo */
	unsigned have;		/* SWAP_MEMINFO_HAVE_* */
};

#define KEY(str, field, have) \
	{ str, sizeof(str) - 1, offsetof(struct swap_meminfo, field), have }

static const struct meminfo_key keys[] = {
	KEY("MemTotal", mem_total, 0),
	KEY("MemFree", mem_free, 0),
	KEY("MemAvailable", mem_available, SWAP_MEMINFO_HAVE_AVAILABLE),
	KEY("Buffers", buffers, 0),
	KEY("Cached", cached, 0),
	KEY("SwapTotal", swap_total, 0),
	KEY("SwapFree", swap_free, 0),
	KEY("Shmem", shmem, 0),
	KEY("SReclaimable", sreclaimable, SWAP_MEMINFO_HAVE_SRECLAIMABLE),
	KEY("CommitLimit", commit_limit, SWAP_MEMINFO_HAVE_COMMIT_LIMIT),
	KEY("Committed_AS", committed_as, SWAP_MEMINFO_HAVE_COMMITTED_AS),
	KEY("LowTotal", low_total, SWAP_MEMINFO_HAVE_LOW),
	KEY("LowFree", low_free, 0),
	KEY("HighTotal", high_total, SWAP_MEMINFO_HAVE_HIGH),
	KEY("HighFree", high_free, 0),
};

/* The key named by the @len bytes at @p, or NULL. */
static const struct meminfo_key *find_key(const char *p, size_t len)
{
	size_t i;

	for (i = 0; i < SWAP_ARRAY_SIZE(keys); i++)
		if (keys[i].len == len && memcmp(p, keys[i].name, len) == 0)
			return &keys[i];
	return NULL;
}

static int is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/*
 * strtoul(p, NULL, 10) within [@p, @end): blanks (newlines too), a sign,
 * digits; no digits is 0, past u64 is UINT64_MAX, '-' negates modulo 2^64.
 */
static uint64_t strtoul_bounded(const char *p, const char *end)
{
	uint64_t v = 0;
	int negative = 0, over = 0;

	while (p < end && is_space(*p))
		p++;
	if (p < end && (*p == '+' || *p == '-'))
		negative = *p++ == '-';
	for (; p < end && *p >= '0' && *p <= '9'; p++) {
		unsigned d = (unsigned)(*p - '0');

		if (v > UINT64_MAX / 10 || (v == UINT64_MAX / 10 && d > UINT64_MAX % 10))
			over = 1;
		v = v * 10 + d;
	}
	if (over)
		return UINT64_MAX;
	return negative ? -v : v;
}

/*
 * The derived figures, computed once, with procps' arithmetic: unsigned
 * long wraps, and "used" goes through a signed long (issue: MemTotal of
 * 2^64-1 and lxcfs' MemAvailable above MemTotal).
 */
static void derive(struct swap_meminfo *m)
{
	int64_t used;

	if (m->mem_available == 0)
		m->mem_available = m->mem_free;
	m->main_cache = m->cached + m->sreclaimable;
	if (m->mem_available > m->mem_total)
		m->mem_available = m->mem_free;
	used = (int64_t)(m->mem_total - m->mem_available);
	if (used < 0)
		used = (int64_t)(m->mem_total - m->mem_free);
	m->mem_used = (uint64_t)used;
	m->buff_cache = m->buffers + m->main_cache;

	if (m->high_free < m->high_total)
		m->high_used = m->high_total - m->high_free;
	if (m->low_total == 0) {
		m->low_total = m->mem_total;
		m->low_free = m->mem_free;
	}
	if (m->low_free < m->low_total)
		m->low_used = m->low_total - m->low_free;
	if (m->swap_free < m->swap_total)
		m->swap_used = m->swap_total - m->swap_free;
	m->commit_free = (int64_t)(m->commit_limit - m->committed_as);
	m->sum_total = m->mem_total + m->swap_total;
	m->sum_used = m->mem_used + m->swap_used;
	m->sum_free = m->mem_free + m->swap_free;
}

/*
 * procps' reading: the text ends at its first NUL; each key runs from the
 * start of a line to the next ':' (a line without one swallows the next
 * line's key), its value is strtoul of what follows the ':', and the next
 * line starts after the next '\n'.  Absent keys are 0; the last of a
 * repeated key counts.
 */
static int parse_text(const char *text, size_t len, struct swap_meminfo *out)
{
	const char *p, *end, *colon, *nl;

	memset(out, 0, sizeof(*out));
	if (len == 0)
		return -ENODATA;
	end = memchr(text, '\0', len);
	if (!end)
		end = text + len;

	for (p = text; p < end; p = nl + 1) {
		const struct meminfo_key *k;

		colon = memchr(p, ':', (size_t)(end - p));
		if (!colon)
			break;
		k = find_key(p, (size_t)(colon - p));
		if (k) {
			*(uint64_t *)((char *)out + k->offset) =
				strtoul_bounded(colon + 1, end);
			out->have |= k->have;
		}
		nl = memchr(colon + 1, '\n', (size_t)(end - colon - 1));
		if (!nl)
			break;
	}

	if ((out->have & SWAP_MEMINFO_HAVE_COMMIT_LIMIT) &&
	    (out->have & SWAP_MEMINFO_HAVE_COMMITTED_AS))
		out->have |= SWAP_MEMINFO_HAVE_COMMIT;
	out->have &= ~(SWAP_MEMINFO_HAVE_COMMIT_LIMIT | SWAP_MEMINFO_HAVE_COMMITTED_AS);
	/* A LowTotal/HighTotal of 0 is as good as none (procps treats it so). */
	if (out->low_total == 0)
		out->have &= ~SWAP_MEMINFO_HAVE_LOW;
	if (out->high_total == 0)
		out->have &= ~SWAP_MEMINFO_HAVE_HIGH;
	derive(out);
	return 0;
}

SWAP_EXPORT int swap_meminfo_parse(const char *text, size_t len, struct swap_meminfo *out)
{
	struct swap_meminfo full;
	int rc;

	if (!text || !sized_ok(out))
		return -EINVAL;
	rc = parse_text(text, len, &full);
	sized_store(out, &full, sizeof(full));
	return rc;
}

/*
 * One read(2) of at most 8191 bytes, as procps does (procfs hands the whole
 * file to the first read), then one pass to parse.  A FIFO or socket is
 * refused rather than waited on.
 */
SWAP_EXPORT int swap_meminfo_read(const char *path, struct swap_meminfo *out)
{
	char buf[MEMINFO_READ_MAX];
	struct stat st;
	ssize_t len;
	int fd;

	if (!sized_ok(out))
		return -EINVAL;
	fd = open(path ? path : MEMINFO_PATH, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)) {
		close(fd);
		return -EINVAL;
	}
	do
		len = read(fd, buf, sizeof(buf));
	while (len < 0 && errno == EINTR);
	if (len < 0)
		len = -errno;
	close(fd);
	if (len < 0)
		return (int)len;
	return swap_meminfo_parse(buf, (size_t)len, out);
}

/*
 * The pages of the areas marked in @removed come back into memory; what
 * takes them is MemAvailable plus the free space of the areas that stay
 * (the kernel may page other memory out there).  Sums saturate.
 */
SWAP_EXPORT int swap_meminfo_estimate(const uint64_t *used_kib, const unsigned char *removed,
				      size_t n, uint64_t mem_available_kib,
				      uint64_t free_elsewhere_kib, uint64_t *need_kib,
				      uint64_t *available_kib)
{
	uint64_t need = 0, avail;
	size_t i;

	if ((n && (!used_kib || !removed)) || !need_kib || !available_kib)
		return -EINVAL;
	for (i = 0; i < n; i++)
		if (removed[i])
			need = need + used_kib[i] < need ? UINT64_MAX : need + used_kib[i];
	avail = mem_available_kib + free_elsewhere_kib;
	if (avail < mem_available_kib)
		avail = UINT64_MAX;
	*need_kib = need;
	*available_kib = avail;
	if (need > avail)
		return SWAP_FIT_NO;
	/* need > 80% of available, without overflow */
	if (need > avail / 5 * 4 + avail % 5 * 4 / 5)
		return SWAP_FIT_TIGHT;
	return SWAP_FIT_FITS;
}
