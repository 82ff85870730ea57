/*
 * swapon --verify: every swap entry of fstab (or of each -T file) is
 * checked without activating anything.  Output as findmnt --verify: the
 * entry's source on a line of its own, then one "   [E] ..." (error) or
 * "   [W] ..." (warning) line per problem; a summary on stderr.
 */
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "cli.h"
#include "libswap.h"
#include "verify.h"

struct verified {		/* an entry whose area was found */
	char *path;		/* canonical */
	int is_blockdev;
	dev_t dev;		/* st_rdev of a block device, else st_dev */
	ino_t ino;		/* 0 for a block device */
	int has_priority;
	int priority;
	char *where;		/* "FILE:LINE" */
};

struct verify_ctx {
	int json;		/* --json: one object, see man/swapon.8 */
	int json_entries;	/* entries printed so far */
	int json_problems;	/* problems of the open entry */
	int nparse, nerrors, nwarnings;
	const char *heading;	/* printed before the first problem */
	struct verified *areas;
	size_t nareas;
};

/* @s as a JSON string: valid UTF-8 whatever its bytes (cli_json_text),
 * quotes, backslashes and control characters escaped. */
static void json_string(const char *s)
{
	char *t = cli_json_text(s);
	const unsigned char *p;

	putchar('"');
	for (p = (const unsigned char *)(t ? t : ""); *p; p++) {
		if (*p == '"' || *p == '\\')
			printf("\\%c", *p);
		else if (*p < 0x20)
			printf("\\u%04x", *p);
		else
			putchar(*p);
	}
	putchar('"');
	free(t);
}

static void __attribute__((format(printf, 3, 4)))
problem(struct verify_ctx *v, char type, const char *fmt, ...)
{
	va_list ap;
	char *msg = NULL;

	if (type == 'E')
		v->nerrors++;
	else
		v->nwarnings++;
	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	if (!v->json) {
		if (v->heading)
			printf("%s\n", v->heading);
		printf("   [%c] %s\n", type, msg ? msg : "(out of memory)");
	} else {
		if (v->heading) {
			if (v->json_entries++)
				fputs("]},", stdout);
			fputs("\n    {\"source\": ", stdout);
			json_string(v->heading);
			fputs(", \"problems\": [", stdout);
			v->json_problems = 0;
		}
		fputs(v->json_problems++ ? ",\n      " : "\n      ", stdout);
		printf("{\"level\": \"%s\", \"message\": ", type == 'E' ? "error" : "warning");
		json_string(msg ? msg : "(out of memory)");
		putchar('}');
	}
	v->heading = NULL;
	free(msg);
}

/* 1. the options are read as they look. */
static void verify_options(struct verify_ctx *v, const struct swap_fstab_entry *e)
{
	const char *o = e->options;
	size_t off = 0, len, total;
	int mask;

	if (!o)
		return;
	total = strlen(o);
	for (; off < total; off += len + 1) {
		mask = swap_fstab_verify_option(o, off, &len);
		if (mask <= 0)
			continue;
		if (mask & SWAP_FSTAB_WARN_UNKNOWN)
			problem(v, 'W', "unknown option %.*s: swapon ignores it", (int)len, o + off);
		if (mask & SWAP_FSTAB_WARN_REPEATED)
			problem(v, 'W', "%.*s: repeats an earlier option of that name, "
				"swapon uses the first one", (int)len, o + off);
		if (mask & SWAP_FSTAB_WARN_PRI_TRAILING)
			problem(v, 'W', "%.*s: swapon reads priority %d and ignores the rest",
				(int)len, o + off, e->opts->priority);
		if (mask & SWAP_FSTAB_WARN_PRI_INVALID)
			problem(v, 'W', "%.*s: not a number, swapon ignores it and the kernel "
				"chooses the priority", (int)len, o + off);
		if (mask & SWAP_FSTAB_WARN_PRI_RANGE)
			problem(v, 'W', "%.*s: outside -1..32767, %s", (int)len, o + off,
				e->opts->priority < 0 ? "the kernel chooses the priority"
						     : "swapon uses 32767");
		if (mask & SWAP_FSTAB_WARN_DISCARD_ABBREV)
			problem(v, 'W', "%.*s: swapon reads it as discard=%s", (int)len, o + off,
				(e->opts->flags & SWAP_FSTAB_DISCARD_ONCE) ? "once" : "pages");
		if (mask & SWAP_FSTAB_WARN_DISCARD_UNKNOWN)
			problem(v, 'W', "%.*s: not once or pages, swapon enables both "
				"(plain discard)", (int)len, o + off);
	}
}

/* 2. the source names exactly one existing area: a malloc'ed path. */
static char *verify_source(struct verify_ctx *v, const struct swap_fstab_entry *e)
{
	char *path;

	if (e->kind == SWAP_SPEC_PATH) {
		path = realpath(e->value, NULL);
		if (!path)
			problem(v, 'E', "%s: %s", e->value, strerror(errno));
		return path;
	}
	path = cli_resolve_spec(e->spec);
	if (!path)
		problem(v, 'E', "no device has %s", e->spec);
	else if (e->kind != SWAP_SPEC_ID) {
		char token[16], *names[2] = { NULL, NULL };
		size_t n, len = strcspn(e->spec, "=");

		snprintf(token, sizeof(token), "%.*s", (int)len, e->spec);
		n = cli_resolve_all(token, e->value, names, 2);
		if (n > 1)
			problem(v, 'E', "%zu devices have %s (%s, %s%s): swapon takes one of "
				"them; give each area its own", n, e->spec, names[0] ? names[0] : "?",
				names[1] ? names[1] : "?", n > 2 ? ", ..." : "");
		free(names[0]);
		free(names[1]);
	}
	return path;
}

static const char *signature_name(enum swap_signature s)
{
	switch (s) {
	case SWAP_SIGNATURE_SWAPSPACE1:	return "the old SWAP-SPACE (v0) format";
	case SWAP_SIGNATURE_S1SUSPEND:	return "an S1SUSPEND hibernation image";
	case SWAP_SIGNATURE_S2SUSPEND:	return "an S2SUSPEND hibernation image";
	case SWAP_SIGNATURE_ULSUSPEND:	return "a ULSUSPEND hibernation image";
	case SWAP_SIGNATURE_LINHIB0001:	return "a LINHIB0001 hibernation image";
	case SWAP_SIGNATURE_TUXONICE:	return "a TuxOnIce hibernation image";
	default:			return "no swap signature";
	}
}

/* 3. a valid header for this machine; files: owner, mode, holes. */
static int verify_area(struct verify_ctx *v, const char *path, struct swap_area_info *info)
{
	struct swap_header h = { .badpages_room = SWAP_HEADER_BADPAGES_MAX };
	struct swap_area_judgement j = SWAP_AREA_JUDGEMENT_INIT;
	long pg = sysconf(_SC_PAGESIZE);
	int fd, rc;

	fd = swap_area_open(path, O_RDONLY, 0);
	if (fd < 0) {
		problem(v, 'E', "%s: %s", path, fd == -ENODEV ? "not a block device or "
			"regular file" : strerror(-fd));
		return -1;
	}
	rc = swap_area_inspect(fd, info);
	/* the bad-page list too: swap_header_check looks at its entries */
	h.badpages = cli_xrealloc(NULL, h.badpages_room * sizeof(*h.badpages));
	/* swapon's judgement, with the extents too and without /proc/swaps;
	 * checks that fail (FIEMAP, say) do not hide what the header says */
	if (rc == 0) {
		unsigned checks = info->is_regular ? SWAP_AREA_INSECURE_MODE |
				  SWAP_AREA_INSECURE_OWNER | SWAP_AREA_HOLES |
				  SWAP_AREA_BAD_EXTENTS : 0;

		rc = swap_area_judge(fd, info, pg > 0 ? (size_t)pg : 0, &h, checks, NULL, &j);
		if (rc < 0 && checks) {
			problem(v, 'W', "%s: cannot check the file's blocks: %s", path,
				strerror(-rc));
			rc = swap_area_judge(fd, info, pg > 0 ? (size_t)pg : 0, &h, 0, NULL, &j);
		}
	}
	if (rc == 0 && j.read_error)
		rc = j.read_error;
	if (rc == 0 && j.header_verdict == SWAP_VERDICT_NO_SIGNATURE) {
		problem(v, 'E', "%s: no swap signature: run mkswap on it", path);
	} else if (rc < 0) {
		problem(v, 'E', "%s: %s", path, strerror(-rc));
	} else if (j.header_verdict == SWAP_VERDICT_OLD_FORMAT ||
		   (j.actions & SWAP_JUDGE_REWRITE_SIGNATURE)) {
		problem(v, j.header_verdict == SWAP_VERDICT_OLD_FORMAT ? 'E' : 'W',
			"%s: holds %s, not a swap header: %s", path,
			signature_name(h.signature),
			j.header_verdict == SWAP_VERDICT_OLD_FORMAT ? "run mkswap on it"
			: "swapon reinitializes it with mkswap, losing the image");
	} else {
		if (j.header_problems & SWAP_HEADER_BAD_PAGESIZE)
			problem(v, 'E', "%s: formatted for %u-byte pages, this system uses %ld: "
				"run mkswap (or swapon --fixpgsz)", path, h.pagesize, pg);
		if (j.header_problems & SWAP_HEADER_BAD_ENDIAN)
			problem(v, 'E', "%s: swap header in the foreign byte order: run mkswap",
				path);
		if (j.header_problems & ~(SWAP_HEADER_BAD_PAGESIZE | SWAP_HEADER_BAD_ENDIAN))
			problem(v, 'E', "%s: invalid swap header: run mkswap on it", path);
	}
	if (rc == 0) {
		if (j.findings & SWAP_AREA_INSECURE_OWNER)
			problem(v, 'W', "%s: owned by uid %u, root is expected", path,
				(unsigned)info->uid);
		if (j.findings & SWAP_AREA_INSECURE_MODE)
			problem(v, 'W', "%s: insecure permissions %04o, 0600 suggested",
				path, (unsigned)info->mode);
		if (j.findings & (SWAP_AREA_HOLES | SWAP_AREA_BAD_EXTENTS))
			problem(v, 'E', "%s: file has holes or extents the kernel refuses: "
				"create it with mkswap --file", path);
	}
	free(h.badpages);
	close(fd);
	return rc < 0 ? -1 : 0;
}

/* discard_max_bytes of the block device @d (a partition: of its disk);
 * -1 when sysfs does not tell (no block device under a file's fs). */
static long long discard_max(dev_t d)
{
	static const char *const sub[] = { "", "/.." };	/* a partition: its disk */
	char path[128];
	long long v = -1;

	for (size_t i = 0; i < 2 && v < 0; i++) {
		FILE *f;

		snprintf(path, sizeof(path), "/sys/dev/block/%u:%u%s/queue/discard_max_bytes",
			 major(d), minor(d), sub[i]);
		f = fopen(path, "re");
		if (!f)
			continue;
		if (fscanf(f, "%lld", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

static void verify_entry(struct verify_ctx *v, const char *file,
			 const struct swap_fstab_entry *e)
{
	struct swap_area_info info = SWAP_AREA_INFO_INIT;
	char where[PATH_MAX + 32];
	char *path;
	size_t i;

	v->heading = e->spec;
	snprintf(where, sizeof(where), "%s:%u", file, e->line);
	verify_options(v, e);
	path = verify_source(v, e);
	if (!path)
		goto out;
	memset(&info, 0, sizeof(info));
	info.size = sizeof(info);
	if (verify_area(v, path, &info) < 0) {
		free(path);
		goto out;
	}
	/* the kernel drops discard silently where the device cannot discard
	 * (the discard policy of an active area is not shown anywhere: it
	 * cannot be compared) */
	if ((e->opts->flags & SWAP_FSTAB_DISCARD) &&
	    discard_max(info.is_blockdev ? info.rdev : info.dev) == 0)
		problem(v, 'W', "%s: discard: the device cannot discard (discard_max_bytes "
			"is 0), the kernel ignores the option", path);
	/* 4. the same area twice */
	for (i = 0; i < v->nareas; i++)
		if (v->areas[i].is_blockdev == info.is_blockdev &&
		    v->areas[i].dev == (info.is_blockdev ? info.rdev : info.dev) &&
		    v->areas[i].ino == (info.is_blockdev ? 0 : info.ino)) {
			problem(v, 'E', "%s: the same area as %s", path, v->areas[i].where);
			break;
		}
	v->areas = cli_xrealloc(v->areas, (v->nareas + 1) * sizeof(*v->areas));
	v->areas[v->nareas].path = path;
	v->areas[v->nareas].is_blockdev = info.is_blockdev;
	v->areas[v->nareas].dev = info.is_blockdev ? info.rdev : info.dev;
	v->areas[v->nareas].ino = info.is_blockdev ? 0 : info.ino;
	v->areas[v->nareas].has_priority = !!(e->opts->flags & SWAP_FSTAB_PRIORITY);
	v->areas[v->nareas].priority = e->opts->priority;
	v->areas[v->nareas].where = cli_xstrdup(where);
	v->nareas++;
out:
	v->heading = NULL;
}

static void verify_file(struct verify_ctx *v, const char *file)
{
	struct swap_fstab *it;
	struct swap_fstab_entry e = SWAP_FSTAB_ENTRY_INIT;
	int rc;

	rc = swap_fstab_open(file, &it);
	if (rc < 0) {
		v->heading = file;
		problem(v, 'E', "cannot read %s: %s", file, strerror(-rc));
		v->heading = NULL;
		return;
	}
	while ((rc = swap_fstab_next(it, &e)) != 0) {
		if (rc == -EINVAL) {
			fprintf(stderr, "%s: parse error at line %u -- ignored\n", file, e.line);
			v->nparse++;
			continue;
		}
		if (rc < 0) {
			v->heading = file;
			problem(v, 'E', "cannot read %s: %s", file, strerror(-rc));
			v->heading = NULL;
			break;
		}
		verify_entry(v, file, &e);
	}
	swap_fstab_close(it);
}

/* 4. active areas against fstab: priority; unlisted ones when checking
 * the fstab the next boot reads. */
static void verify_active(struct verify_ctx *v, int system_fstab)
{
	struct swap_procswaps *it;
	struct swap_procswaps_entry e = SWAP_PROCSWAPS_ENTRY_INIT;
	struct stat st;
	size_t i;

	if (swap_procswaps_open(NULL, &it) < 0)
		return;
	while (swap_procswaps_next(it, &e) > 0) {
		struct verified *a = NULL;

		if (stat(e.name, &st) == 0)
			for (i = 0; i < v->nareas && !a; i++)
				if (S_ISBLK(st.st_mode) ? v->areas[i].is_blockdev &&
				    v->areas[i].dev == st.st_rdev
				    : !v->areas[i].is_blockdev && v->areas[i].dev == st.st_dev &&
				    v->areas[i].ino == st.st_ino)
					a = &v->areas[i];
		if (!a) {
			for (i = 0; i < v->nareas && !a; i++)
				if (strcmp(v->areas[i].path, e.name) == 0)
					a = &v->areas[i];
		}
		v->heading = e.name;
		if (!a && system_fstab)
			problem(v, 'W', "active, but fstab does not list it: "
				"gone after a reboot");
		else if (a && a->has_priority && a->priority >= 0 &&
			 (a->priority > 32767 ? 32767 : a->priority) != e.priority)
			problem(v, 'W', "active with priority %d, %s says pri=%d",
				e.priority, a->where, a->priority);
		v->heading = NULL;
	}
	swap_procswaps_close(it);
}

/* 5. the resume= of the kernel command line (the last one counts, as
 * the kernel reads it) is one of the areas: the device of a swap
 * partition, or the filesystem device of a swap file. */
static void verify_resume(struct verify_ctx *v)
{
	char buf[65536], *p, *value = NULL, *path = NULL;
	unsigned maj, min;
	struct stat st;
	dev_t dev;
	ssize_t n;
	size_t i;
	int fd, found = 0;

	fd = open("/proc/cmdline", O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return;
	buf[n] = '\0';
	for (p = strtok(buf, " \t\n"); p; p = strtok(NULL, " \t\n")) {
		if (strcmp(p, "--") == 0)
			break;		/* the rest is init's */
		if (strncmp(p, "resume=", 7) == 0)
			value = p + 7;
	}
	if (!value || !*value)
		return;
	if (sscanf(value, "%u:%u", &maj, &min) == 2 &&
	    strspn(value, "0123456789:") == strlen(value)) {
		dev = makedev(maj, min);
	} else {
		path = value[0] == '/' ? cli_xstrdup(value) : cli_resolve_spec(value);
		if (!path || stat(path, &st) < 0 || !S_ISBLK(st.st_mode)) {
			char heading[256];

			snprintf(heading, sizeof(heading), "resume=%.240s", value);
			v->heading = heading;
			problem(v, 'E', "%s: no such block device, hibernation cannot resume",
				path ? path : value);
			v->heading = NULL;
			free(path);
			return;
		}
		dev = st.st_rdev;
		free(path);
	}
	for (i = 0; i < v->nareas && !found; i++)
		found = v->areas[i].dev == dev;
	if (!found) {
		char heading[256];

		snprintf(heading, sizeof(heading), "resume=%.240s", value);
		v->heading = heading;
		problem(v, 'W', "not a swap area of the fstab checked: the hibernation "
			"image would be written elsewhere, or nowhere");
		v->heading = NULL;
	}
}

int swapon_verify(const char **fstabs, size_t nfstabs, int json)
{
	struct verify_ctx v = { .json = json };
	size_t i;

	if (json)
		fputs("{\n  \"entries\": [", stdout);

	if (!nfstabs)
		verify_file(&v, cli_fstab_path());
	for (i = 0; i < nfstabs; i++)
		verify_file(&v, fstabs[i]);
	verify_active(&v, nfstabs == 0);
	verify_resume(&v);
	for (i = 0; i < v.nareas; i++) {
		free(v.areas[i].path);
		free(v.areas[i].where);
	}
	free(v.areas);
	if (json) {
		printf("%s\n  ],\n  \"parse-errors\": %d,\n  \"errors\": %d,\n"
		       "  \"warnings\": %d\n}\n", v.json_entries ? "]}" : "",
		       v.nparse, v.nerrors, v.nwarnings);
	} else if (v.nparse || v.nerrors || v.nwarnings) {
		fflush(stdout);
		fprintf(stderr, "\n%d parse error%s, %d error%s, %d warning%s\n",
			v.nparse, v.nparse == 1 ? "" : "s", v.nerrors, v.nerrors == 1 ? "" : "s",
			v.nwarnings, v.nwarnings == 1 ? "" : "s");
	} else
		printf("Success, no errors or warnings detected\n");
	if (v.nparse || v.nerrors)
		return VERIFY_EX_ERRORS;
	return v.nwarnings ? VERIFY_EX_WARNINGS : VERIFY_EX_OK;
}
