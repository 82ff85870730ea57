/*
 * zram.c - what compressed swap holds and costs: a zram device's mm_stat
 * and zswap's pool figures in /proc/meminfo.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

#define SYS_BLOCK	"/sys/block"
#define MEMINFO_PATH	"/proc/meminfo"
#define ZSWAP_ENABLED	"/sys/module/zswap/parameters/enabled"

/* mm_stat is one line of at most 9 numbers; meminfo is about 1.5 KiB. */
#define SMALL_BUFSIZE	512
#define MEMINFO_BUFSIZE	(16 * 1024)

/* The fields of mm_stat, in the kernel's order (Documentation/admin-guide/
 * blockdev/zram.rst).  Kernels 4.1..4.x give 7, 4.19.. 8, 5.15.. 9. */
static const size_t mm_stat_fields[] = {
	offsetof(struct swap_zram_stat, orig_data_size),
	offsetof(struct swap_zram_stat, compr_data_size),
	offsetof(struct swap_zram_stat, mem_used_total),
	offsetof(struct swap_zram_stat, mem_limit),
	offsetof(struct swap_zram_stat, mem_used_max),
	offsetof(struct swap_zram_stat, same_pages),
	offsetof(struct swap_zram_stat, pages_compacted),
	offsetof(struct swap_zram_stat, huge_pages),
	offsetof(struct swap_zram_stat, huge_pages_since),
};

/*
 * Read a small file whole into @buf (NUL-terminated).  Returns: the length,
 * -EFBIG when it does not fit, or -errno.
 */
int small_file_read(const char *path, char *buf, size_t size)
{
	size_t len = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);

	if (fd < 0)
		return -errno;
	for (;;) {
		ssize_t n = read(fd, buf + len, size - 1 - len);

		if (n < 0) {
			int err = errno;

			if (err == EINTR)
				continue;
			close(fd);
			return -err;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len == size - 1) {
			close(fd);
			return -EFBIG;
		}
	}
	close(fd);
	buf[len] = '\0';
	return (int)len;
}

/* A decimal u64 at *p, blanks before it skipped.  Returns: 0, or -EINVAL. */
static int next_u64(const char **p, const char *end, uint64_t *out)
{
	const char *s = *p;
	uint64_t v = 0;

	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	if (s >= end || *s < '0' || *s > '9')
		return -EINVAL;
	for (; s < end && *s >= '0' && *s <= '9'; s++) {
		unsigned d = (unsigned)(*s - '0');

		if (v > (UINT64_MAX - d) / 10)
			return -EINVAL;
		v = v * 10 + d;
	}
	*p = s;
	*out = v;
	return 0;
}

/* Store @v in the field at @offset of @out if it fits in out->size. */
static void put_field(struct swap_zram_stat *out, size_t offset, uint64_t v)
{
	if (offset + sizeof(uint64_t) <= out->size)
		memcpy((char *)out + offset, &v, sizeof(v));
}

/*
 * Parse the text of mm_stat (@len bytes).  Returns: the number of fields
 * read (at least 5), or -EINVAL.
 */
int zram_parse_mm_stat(const char *text, size_t len, struct swap_zram_stat *out)
{
	const char *p = text, *end = text + len;
	unsigned n = 0;

	while (n < SWAP_ARRAY_SIZE(mm_stat_fields)) {
		uint64_t v;
		const char *q = p;

		while (q < end && (*q == ' ' || *q == '\t'))
			q++;
		if (q >= end || *q == '\n')
			break;
		if (next_u64(&p, end, &v) < 0)
			return -EINVAL;
		put_field(out, mm_stat_fields[n++], v);
	}
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	/* one line, ended by '\n'; further fields of newer kernels are fine */
	if (n < 5 || p >= end || (*p != '\n' && (*p < '0' || *p > '9')) ||
	    memchr(text, '\n', len) != end - 1)
		return -EINVAL;
	return (int)n;
}

/* The sysfs directory of zram device @dev ("/dev/zram0", "zram0"). */
static int zram_dir(const char *sysroot, const char *dev, char *buf, size_t len)
{
	const char *base = strrchr(dev, '/');
	const char *p;

	base = base ? base + 1 : dev;
	if (strncmp(base, "zram", 4) != 0 || !base[4])
		return -ENODEV;
	for (p = base + 4; *p; p++)
		if (*p < '0' || *p > '9')
			return -ENODEV;
	if ((size_t)snprintf(buf, len, "%s%s/%s", sysroot ? sysroot : "",
			     SYS_BLOCK, base) >= len)
		return -ENAMETOOLONG;
	return 0;
}

SWAP_EXPORT int swap_zram_read(const char *sysroot, const char *dev,
			       struct swap_zram_stat *out)
{
	char dir[4096], path[4200], buf[SMALL_BUFSIZE];
	size_t size;
	uint64_t v;
	const char *p;
	int rc, n;

	if (!dev || !out || out->size < sizeof(size_t))
		return -EINVAL;
	size = out->size;
	memset(out, 0, size < sizeof(*out) ? size : sizeof(*out));
	out->size = size;
	rc = zram_dir(sysroot, dev, dir, sizeof(dir));
	if (rc < 0)
		return rc;

	snprintf(path, sizeof(path), "%s/mm_stat", dir);
	rc = small_file_read(path, buf, sizeof(buf));
	if (rc < 0)
		return rc;
	n = zram_parse_mm_stat(buf, (size_t)rc, out);
	if (n < 0)
		return n;
	if (offsetof(struct swap_zram_stat, nfields) + sizeof(unsigned) <= size)
		out->nfields = (unsigned)n;

	/* disksize: the device's size, set before mkswap (0: not set up) */
	snprintf(path, sizeof(path), "%s/disksize", dir);
	rc = small_file_read(path, buf, sizeof(buf));
	p = buf;
	if (rc > 0 && next_u64(&p, buf + rc, &v) == 0)
		put_field(out, offsetof(struct swap_zram_stat, disksize), v);
	return 0;
}

/* ------------------------------------------------------------------------
 * zswap
 * ---------------------------------------------------------------------- */

/*
 * The value of "@key:" in meminfo text @text (NUL-terminated), in KiB.
 * Returns: 1 found, 0 absent, -EINVAL for a garbage value.
 */
static int meminfo_value(const char *text, const char *key, uint64_t *out)
{
	size_t klen = strlen(key);
	const char *p = text;

	while (p && *p) {
		if (strncmp(p, key, klen) == 0 && p[klen] == ':') {
			const char *q = p + klen + 1, *eol = strchr(q, '\n');

			if (!eol)
				return -EINVAL;
			if (next_u64(&q, eol, out) < 0)
				return -EINVAL;
			while (*q == ' ')
				q++;
			if (q[0] == 'k' && q[1] == 'B')
				q += 2;
			while (*q == ' ' || *q == '\t' || *q == '\r')
				q++;
			return q == eol ? 1 : -EINVAL;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return 0;
}

int zswap_parse_meminfo(const char *text, struct swap_zswap_stat *out)
{
	uint64_t v;
	int rc;

	rc = meminfo_value(text, "Zswap", &v);
	if (rc < 0)
		return rc;
	if (rc > 0) {
		out->pool_kib = v;
		out->have |= SWAP_ZSWAP_HAVE_POOL;
	}
	rc = meminfo_value(text, "Zswapped", &v);
	if (rc < 0)
		return rc;
	if (rc > 0) {
		out->stored_kib = v;
		out->have |= SWAP_ZSWAP_HAVE_STORED;
	}
	return 0;
}

SWAP_EXPORT int swap_zswap_read(const char *meminfo, const char *enabled,
				struct swap_zswap_stat *out)
{
	static char text[MEMINFO_BUFSIZE];	/* off the stack; not reentrant */
	struct swap_zswap_stat z = { .size = sizeof(z), .enabled = -1 };
	char buf[SMALL_BUFSIZE];
	int rc;

	if (!sized_ok(out))
		return -EINVAL;

	rc = small_file_read(meminfo ? meminfo : MEMINFO_PATH, text, sizeof(text));
	if (rc < 0)
		return rc;
	if (rc == 0 || text[rc - 1] != '\n' || memchr(text, '\0', (size_t)rc))
		return -EINVAL;
	rc = zswap_parse_meminfo(text, &z);
	if (rc < 0)
		return rc;

	rc = small_file_read(enabled ? enabled : ZSWAP_ENABLED, buf, sizeof(buf));
	if (rc > 0)
		z.enabled = buf[0] == 'Y' || buf[0] == 'y' || buf[0] == '1';
	sized_store(out, &z, sizeof(z));
	return 0;
}
