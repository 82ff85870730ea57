/*
 * meminfo.c - parse /proc/meminfo and derive the figures free(1) shows.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

#define MEMINFO_PATH "/proc/meminfo"

/* /proc/meminfo is about 1.5 KiB; this leaves room for many more keys. */
#define MEMINFO_BUFSIZE (16 * 1024)

/* Keys that must be present for any figure to make sense. */
#define SEEN_MEMTOTAL		(1u << 0)
#define SEEN_MEMFREE		(1u << 1)
#define SEEN_COMMITLIMIT	(1u << 2)
#define SEEN_COMMITTED_AS	(1u << 3)

/* One key we use: where its value goes and what its presence means. */
struct meminfo_key {
	const char *name;
	size_t len;
	size_t offset;		/* of the uint64_t in struct swap_meminfo */
	unsigned have;		/* SWAP_MEMINFO_HAVE_* */
	unsigned seen;		/* SEEN_* */
};

#define KEY(str, field, have, seen) \
	{ str, sizeof(str) - 1, offsetof(struct swap_meminfo, field), have, seen }

/*
 * The keys by first letter, so that a line costs one table lookup and a few
 * byte compares; the ~45 keys we do not use are skipped with one memchr.
 */
static const struct meminfo_key keys_b[] = {
	KEY("Buffers", buffers, 0, 0),
};
static const struct meminfo_key keys_c[] = {
	KEY("Cached", cached, 0, 0),
	KEY("CommitLimit", commit_limit, 0, SEEN_COMMITLIMIT),
	KEY("Committed_AS", committed_as, 0, SEEN_COMMITTED_AS),
};
static const struct meminfo_key keys_h[] = {
	KEY("HighTotal", high_total, SWAP_MEMINFO_HAVE_HIGH, 0),
	KEY("HighFree", high_free, 0, 0),
};
static const struct meminfo_key keys_l[] = {
	KEY("LowTotal", low_total, SWAP_MEMINFO_HAVE_LOW, 0),
	KEY("LowFree", low_free, 0, 0),
};
static const struct meminfo_key keys_m[] = {
	KEY("MemTotal", mem_total, 0, SEEN_MEMTOTAL),
	KEY("MemFree", mem_free, 0, SEEN_MEMFREE),
	KEY("MemAvailable", mem_available, SWAP_MEMINFO_HAVE_AVAILABLE, 0),
};
static const struct meminfo_key keys_s[] = {
	KEY("SwapTotal", swap_total, 0, 0),
	KEY("SwapFree", swap_free, 0, 0),
	KEY("SReclaimable", sreclaimable, SWAP_MEMINFO_HAVE_SRECLAIMABLE, 0),
	KEY("Shmem", shmem, 0, 0),
};

#define KEYS(a) { a, SWAP_ARRAY_SIZE(a) }

/*
 * Whether the line at @p starts with @k's name and a ':'.  No bound is
 * needed: the text ends in '\n', which no name holds, so the comparison
 * stops there at the latest.  (A loop, not memcmp: the first byte that
 * differs is usually the second, and a libc call costs more.)
 */
static int key_matches(const char *p, const struct meminfo_key *k)
{
	size_t i;

	for (i = 0; i < k->len; i++)
		if (p[i] != k->name[i])
			return 0;
	return p[i] == ':';
}

/* The key the line at @p starts with ("Name:"), or NULL for another line. */
static const struct meminfo_key *find_key(const char *p)
{
	static const struct { const struct meminfo_key *keys; size_t n; }
		by_letter[] = {
		['B' - 'A'] = KEYS(keys_b), ['C' - 'A'] = KEYS(keys_c),
		['H' - 'A'] = KEYS(keys_h), ['L' - 'A'] = KEYS(keys_l),
		['M' - 'A'] = KEYS(keys_m), ['S' - 'A'] = KEYS(keys_s),
	};
	unsigned idx = (unsigned char)p[0] - 'A';
	size_t i;

	if (idx >= SWAP_ARRAY_SIZE(by_letter))
		return NULL;
	for (i = 0; i < by_letter[idx].n; i++)
		if (key_matches(p, &by_letter[idx].keys[i]))
			return &by_letter[idx].keys[i];
	return NULL;
}

/*
 * Parse "   12345 kB\n" (or "   12345\n" for counts) at @p, the byte after
 * the ':'.  The text ends in '\n', so every scan stops at the line's end
 * without a bound.  Returns: the start of the next line, or NULL for garbage
 * or a value past u64.
 */
static const char *parse_value(const char *p, uint64_t *out)
{
	uint64_t v = 0;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p < '0' || *p > '9')
		return NULL;
	for (; *p >= '0' && *p <= '9'; p++) {
		unsigned d = (unsigned)(*p - '0');

		if (v > UINT64_MAX / 10 || (v == UINT64_MAX / 10 && d > UINT64_MAX % 10))
			return NULL;
		v = v * 10 + d;
	}
	while (*p == ' ')
		p++;
	if (p[0] == 'k' && p[1] == 'B')	/* p[1] exists: p[0] is not the '\n' */
		p += 2;
	while (*p == ' ' || *p == '\t' || *p == '\r')
		p++;
	if (*p != '\n')
		return NULL;
	*out = v;
	return p + 1;
}

/*
 * The derived figures, as procps-ng 4.0.2 computes them (library/meminfo.c),
 * so that our free prints the same numbers.  mem_available and low_total /
 * low_free are replaced by the values free shows.
 */
static void derive(struct swap_meminfo *m)
{
	/* Before kernel 3.14 there was no MemAvailable; lxcfs has shown values
	 * above MemTotal.  procps falls back to MemFree in both cases. */
	if (m->mem_available == 0 || m->mem_available > m->mem_total)
		m->mem_available = m->mem_free;
	/* Only MemFree > MemTotal (available fell back to free) is left to go
	 * negative: procps wraps there, we clamp. */
	m->mem_used = m->mem_total >= m->mem_available ?
		      m->mem_total - m->mem_available : 0;

	m->main_cache = m->cached + m->sreclaimable;
	m->buff_cache = m->buffers + m->main_cache;
	m->swap_used = m->swap_free < m->swap_total ? m->swap_total - m->swap_free : 0;

	/* 64-bit kernels have no LowTotal: all memory is low memory.  Note
	 * that low_used is then total - free, not Mem used. */
	if (m->low_total == 0) {
		m->low_total = m->mem_total;
		m->low_free = m->mem_free;
	}
	m->low_used = m->low_free < m->low_total ? m->low_total - m->low_free : 0;
	m->high_used = m->high_free < m->high_total ? m->high_total - m->high_free : 0;

	/* Signed, as in procps-ng up to 4.0.5: overcommit can make it negative. */
	m->commit_free = (int64_t)(m->commit_limit - m->committed_as);
}

/*
 * One pass: a line with a key we use is parsed where it stands, any other
 * is skipped with memchr.  The kernel ends every line with '\n', so a text
 * that does not end in one was cut short (its last value may be cut too);
 * refusing it also makes the '\n' a sentinel for every scan of a line.
 */
SWAP_EXPORT int swap_meminfo_parse(const char *text, size_t len, struct swap_meminfo *out)
{
	const char *p = text, *end = text + len;
	unsigned seen = 0;

	if (!text || !out)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	if (len == 0 || text[len - 1] != '\n')
		return -EINVAL;

	while (p < end) {
		const struct meminfo_key *k = find_key(p);

		if (k) {
			p = parse_value(p + k->len + 1,
					(uint64_t *)((char *)out + k->offset));
			if (!p)
				return -EINVAL;
			out->have |= k->have;
			seen |= k->seen;
		} else {
			p = (const char *)memchr(p, '\n', (size_t)(end - p)) + 1;
		}
	}

	if ((seen & (SEEN_MEMTOTAL | SEEN_MEMFREE)) != (SEEN_MEMTOTAL | SEEN_MEMFREE))
		return -EINVAL;
	if ((seen & (SEEN_COMMITLIMIT | SEEN_COMMITTED_AS)) ==
	    (SEEN_COMMITLIMIT | SEEN_COMMITTED_AS))
		out->have |= SWAP_MEMINFO_HAVE_COMMIT;
	/* A LowTotal/HighTotal of 0 is as good as none (procps treats it so). */
	if (out->low_total == 0)
		out->have &= ~SWAP_MEMINFO_HAVE_LOW;
	if (out->high_total == 0)
		out->have &= ~SWAP_MEMINFO_HAVE_HIGH;
	derive(out);
	return 0;
}

/* Read all of @fd into @buf; Returns: the length, -EFBIG if it does not fit. */
static ssize_t read_all(int fd, char *buf, size_t size)
{
	size_t len = 0;

	for (;;) {
		ssize_t n = read(fd, buf + len, size - len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			return (ssize_t)len;
		len += (size_t)n;
		if (len == size)
			return -EFBIG;
	}
}

/*
 * One buffer on the stack, read(2) until EOF (procfs hands the whole file
 * to the first read, the second returns 0), one pass to parse.
 */
SWAP_EXPORT int swap_meminfo_read(const char *path, struct swap_meminfo *out)
{
	char buf[MEMINFO_BUFSIZE];
	ssize_t len;
	int fd;

	if (!out)
		return -EINVAL;
	fd = open(path ? path : MEMINFO_PATH, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	len = read_all(fd, buf, sizeof(buf));
	close(fd);
	if (len < 0)
		return (int)len;
	return swap_meminfo_parse(buf, (size_t)len, out);
}
