/*
 * test-fstab.c - unit tests of the fstab swap-entry iterator and option parser.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <mntent.h>
#include <stdlib.h>
#include <unistd.h>

#include "libswap.h"
#include "tap.h"

/* swapon(2) flags, spelt out so the test checks the numbers themselves. */
#define PREFER		0x8000
#define DISCARD		0x10000
#define DISCARD_ONCE	0x20000
#define DISCARD_PAGES	0x40000

static const char *testdata;

static void options_are(const char *text, int want_rc, unsigned want_flags, int want_prio)
{
	struct swap_fstab_options o = SWAP_FSTAB_OPTIONS_INIT;
	int rc = swap_fstab_parse_options(text, &o);

	is_int(rc, want_rc, "options '%s' -> %d", text ? text : "(null)", want_rc);
	is_int(o.flags, want_flags, "  flags of '%s'", text ? text : "(null)");
	if (want_flags & SWAP_FSTAB_PRIORITY)
		is_int(o.priority, want_prio, "  priority of '%s'", text);
}

static void test_options(void)
{
	const unsigned P = SWAP_FSTAB_PRIORITY, D = SWAP_FSTAB_DISCARD,
		O = SWAP_FSTAB_DISCARD_ONCE, G = SWAP_FSTAB_DISCARD_PAGES;

	options_are(NULL, 0, 0, 0);
	options_are("", 0, 0, 0);
	options_are("sw", 0, 0, 0);
	options_are("defaults,sw,x-systemd.makefs,auto,user", 0, 0, 0);
	options_are(",,,", 0, 0, 0);
	/* as util-linux's swapon: strtol, first option of a name wins */
	options_are("pri=5", 0, P, 5);
	options_are("pri=0", 0, P, 0);
	options_are("pri=+7", 0, P, 7);
	options_are("pri=32767", 0, P, 32767);
	options_are("pri=32768", 0, P, 32768);		/* clamped by swap_fstab_flags */
	options_are("pri=99999999999999999999999", 0, 0, 0);	/* ERANGE: ignored */
	options_are("pri=4294967297", 0, P, 1);		/* cast to int, as util-linux */
	options_are("pri=-1", 0, P, -1);		/* kernel's choice, see flags */
	options_are("pri=-32768", 0, P, -32768);
	options_are("pri=5,pri=-1", 0, P, 5);		/* the first one wins */
	options_are("pri=5,pri=6", 0, P, 5);
	options_are("pri=-1,pri=3", 0, P, -1);
	options_are("pri=5,pri=6x", 0, P, 5);
	options_are("pri=5x", 0, P, 5);			/* digits first: 5 */
	options_are("pri=abc", 0, 0, 0);		/* no number: nothing set */
	options_are("pri=abc,pri=3", 0, 0, 0);		/* the first pri= decides */
	options_are("pri=", 0, 0, 0);
	options_are("pri=-", 0, 0, 0);
	options_are("pri= 5", 0, P, 5);			/* strtol skips blanks */
	options_are("pri", 0, 0, 0);
	options_are("pri,pri=3", 0, 0, 0);
	options_are("nofail,pri=5x", 0, SWAP_FSTAB_NOFAIL | P, 5);
	options_are("prio=5", 0, 0, 0);			/* not ours */
	options_are("xpri=5", 0, 0, 0);

	options_are("discard", 0, D, 0);
	options_are("discard=once", 0, D | O, 0);
	options_are("discard=pages", 0, D | G, 0);
	options_are("discard=once,discard=pages", 0, D | O, 0);	/* first wins */
	options_are("discard=o", 0, D | O, 0);		/* prefix of once */
	options_are("discard=p", 0, D | G, 0);
	options_are("discard=", 0, D | O | G, 0);	/* prefix of both */
	options_are("discard=xyz", 0, D, 0);		/* plain discard */
	options_are("discard=ONCE", 0, D, 0);
	options_are("discard=oncex", 0, D, 0);
	options_are("discards", 0, 0, 0);

	options_are("nofail", 0, SWAP_FSTAB_NOFAIL, 0);
	options_are("noauto", 0, SWAP_FSTAB_NOAUTO, 0);
	options_are("nofail=1,noauto=yes", 0, SWAP_FSTAB_NOFAIL | SWAP_FSTAB_NOAUTO, 0);
	options_are("sw,pri=10,discard=pages,nofail,noauto", 0,
		    P | D | G | SWAP_FSTAB_NOFAIL | SWAP_FSTAB_NOAUTO, 10);

	is_int(swap_fstab_parse_options("sw", NULL), -EINVAL, "NULL result");
}

static void flags_are(unsigned opt_flags, int prio, int want)
{
	struct swap_fstab_options o = { sizeof(o), opt_flags, prio };

	is_int(swap_fstab_flags(&o), want, "swapon flags for options %#x prio %d", opt_flags, prio);
}

static void test_flags(void)
{
	const unsigned P = SWAP_FSTAB_PRIORITY, D = SWAP_FSTAB_DISCARD,
		O = SWAP_FSTAB_DISCARD_ONCE, G = SWAP_FSTAB_DISCARD_PAGES;

	flags_are(0, 0, 0);
	flags_are(0, 5, 0);				/* no PRIORITY bit */
	flags_are(P, 0, PREFER);
	flags_are(P, 5, PREFER | 5);
	flags_are(P, 32767, PREFER | 0x7fff);
	flags_are(P, 32768, PREFER | 0x7fff);		/* clamped, as util-linux */
	flags_are(P, 1 << 20, PREFER | 0x7fff);
	flags_are(P, -1, 0);				/* negative: the kernel chooses */
	flags_are(P, -32768, 0);
	flags_are(D, 0, DISCARD);
	flags_are(D | O, 0, DISCARD | DISCARD_ONCE);
	flags_are(D | G, 0, DISCARD | DISCARD_PAGES);
	flags_are(D | O | G, 0, DISCARD);		/* both: plain discard */
	flags_are(O, 0, DISCARD | DISCARD_ONCE);	/* a policy implies discard */
	flags_are(P | D | O, 10, PREFER | 10 | DISCARD | DISCARD_ONCE);
	flags_are(SWAP_FSTAB_NOFAIL | SWAP_FSTAB_NOAUTO, 0, 0);
	is_int(swap_fstab_flags(NULL), 0, "NULL options");
}

static void spec_is(const char *spec, int want_kind, const char *want_value)
{
	const char *value = NULL;
	int kind = swap_fstab_parse_spec(spec, &value);

	is_int(kind, want_kind, "spec '%s' kind", spec);
	if (want_value)
		is_str(value, want_value, "  value of '%s'", spec);
}

static void test_spec(void)
{
	spec_is("/dev/sda2", SWAP_SPEC_PATH, "/dev/sda2");
	spec_is("swapfile", SWAP_SPEC_PATH, "swapfile");
	spec_is("LABEL=myswap", SWAP_SPEC_LABEL, "myswap");
	spec_is("UUID=5e2b7a9c-1d3f-4a6b-8c9d-0e1f2a3b4c5d", SWAP_SPEC_UUID,
		"5e2b7a9c-1d3f-4a6b-8c9d-0e1f2a3b4c5d");
	spec_is("PARTLABEL=swap part", SWAP_SPEC_PARTLABEL, "swap part");
	spec_is("PARTUUID=1234abcd-05", SWAP_SPEC_PARTUUID, "1234abcd-05");
	spec_is("LABEL=a=b", SWAP_SPEC_LABEL, "a=b");
	spec_is("LABEL=\"q\"", SWAP_SPEC_LABEL, "\"q\"");	/* quotes: the iterator's job */
	spec_is("label=x", SWAP_SPEC_PATH, "label=x");	/* tags are case-sensitive */
	spec_is("ID=x", SWAP_SPEC_ID, "x");		/* libmount's ID= tag */
	spec_is("ID=", -EINVAL, NULL);
	spec_is("LABEL=", -EINVAL, NULL);
	spec_is("UUID=", -EINVAL, NULL);
	spec_is("PARTLABEL=", -EINVAL, NULL);
	spec_is("PARTUUID=", -EINVAL, NULL);
	spec_is("", -EINVAL, NULL);
	is_int(swap_fstab_parse_spec(NULL, &(const char *){NULL}), -EINVAL, "NULL spec");
	is_int(swap_fstab_parse_spec("/x", NULL), -EINVAL, "NULL value");
}

static char *fixture(const char *name)
{
	static char path[4096];

	snprintf(path, sizeof(path), "%s/fstab/%s", testdata, name);
	return path;
}

static void entry_is(struct swap_fstab *it, unsigned line, const char *spec, int kind,
		     const char *value, const char *options, int flags)
{
	struct swap_fstab_entry e = SWAP_FSTAB_ENTRY_INIT;
	int rc = swap_fstab_next(it, &e);

	is_int(rc, 1, "entry %s", spec);
	if (rc != 1)
		return;
	is_int(e.line, line, "  line of %s", spec);
	is_str(e.spec, spec, "  spec");
	is_int(e.kind, kind, "  kind of %s", spec);
	is_str(e.value, value, "  value of %s", spec);
	is_str(e.options, options, "  options of %s", spec);
	is_int(swap_fstab_flags(e.opts), flags, "  swapon flags of %s", spec);
}

/* @spec: the first field, which swap_fstab_next promises on -EINVAL */
static void error_is(struct swap_fstab *it, unsigned line, int want, const char *spec)
{
	struct swap_fstab_entry e = SWAP_FSTAB_ENTRY_INIT;

	is_int(swap_fstab_next(it, &e), want, "line %u refused with %d", line, want);
	is_int(e.line, line, "  the entry says which line");
	is_str(e.spec, spec, "  and names its spec");
}

static void end_is(struct swap_fstab *it, const char *name)
{
	struct swap_fstab_entry e = SWAP_FSTAB_ENTRY_INIT;

	is_int(swap_fstab_next(it, &e), 0, "end of %s", name);
	is_int(swap_fstab_next(it, &e), 0, "  and it stays the end");
}

static struct swap_fstab *open_fixture(const char *name)
{
	struct swap_fstab *it = NULL;

	is_int(swap_fstab_open(fixture(name), &it), 0, "open %s", name);
	return it;
}

static void test_debian(void)
{
	struct swap_fstab *it = open_fixture("fstab-debian");

	if (!it)
		return;
	entry_is(it, 16, "UUID=5e2b7a9c-1d3f-4a6b-8c9d-0e1f2a3b4c5d", SWAP_SPEC_UUID,
		 "5e2b7a9c-1d3f-4a6b-8c9d-0e1f2a3b4c5d", "sw", 0);
	entry_is(it, 18, "/swapfile", SWAP_SPEC_PATH, "/swapfile", "sw,pri=5", PREFER | 5);
	end_is(it, "fstab-debian");
	swap_fstab_close(it);
}

static void test_options_file(void)
{
	struct swap_fstab *it = open_fixture("fstab-options");

	if (!it)
		return;
	entry_is(it, 2, "/dev/sda2", 0, "/dev/sda2", "defaults", 0);
	entry_is(it, 3, "/dev/sda3", 0, "/dev/sda3", "sw,pri=10,discard", PREFER | 10 | DISCARD);
	entry_is(it, 4, "/dev/sda4", 0, "/dev/sda4", "discard=once,nofail",
		 DISCARD | DISCARD_ONCE);
	entry_is(it, 5, "/dev/sda5", 0, "/dev/sda5", "discard=pages,noauto,pri=0",
		 PREFER | DISCARD | DISCARD_PAGES);
	entry_is(it, 6, "/dev/sda6", 0, "/dev/sda6", "pri=40000", PREFER | 0x7fff);
	entry_is(it, 7, "/dev/sda7", 0, "/dev/sda7", "pri=-2,x-systemd.device-timeout=5s", 0);
	entry_is(it, 8, "/dev/sda8", 0, "/dev/sda8", "discard=once,discard=pages",
		 DISCARD | DISCARD_ONCE);		/* the first discard counts */
	entry_is(it, 9, "/dev/sda9", 0, "/dev/sda9", "", 0);
	entry_is(it, 10, "/dev/sda10", 0, "/dev/sda10", "pri=32767", PREFER | 0x7fff);
	entry_is(it, 11, "/dev/sda11", 0, "/dev/sda11", "sw,,pri=7,", PREFER | 7);
	end_is(it, "fstab-options");
	swap_fstab_close(it);
}

static void test_tags(void)
{
	struct swap_fstab *it = open_fixture("fstab-tags");

	if (!it)
		return;
	entry_is(it, 1, "LABEL=myswap", SWAP_SPEC_LABEL, "myswap", "sw", 0);
	entry_is(it, 2, "UUID=5e2b7a9c-1d3f-4a6b-8c9d-0e1f2a3b4c5d", SWAP_SPEC_UUID,
		 "5e2b7a9c-1d3f-4a6b-8c9d-0e1f2a3b4c5d", "sw", 0);
	entry_is(it, 3, "PARTLABEL=swap part", SWAP_SPEC_PARTLABEL, "swap part", "sw", 0);
	entry_is(it, 4, "PARTUUID=1234abcd-05", SWAP_SPEC_PARTUUID, "1234abcd-05", "sw", 0);
	entry_is(it, 5, "LABEL=\"quoted label\"", SWAP_SPEC_LABEL, "quoted label", "sw", 0);
	entry_is(it, 6, "LABEL='single'", SWAP_SPEC_LABEL, "single", "sw", 0);
	entry_is(it, 7, "LABEL=\"unterminated", SWAP_SPEC_LABEL, "\"unterminated", "sw", 0);
	entry_is(it, 8, "/var/swap file", SWAP_SPEC_PATH, "/var/swap file", "sw", 0);
	entry_is(it, 9, "label=lowercase", SWAP_SPEC_PATH, "label=lowercase", "sw", 0);
	entry_is(it, 10, "/back\\slash\\two", SWAP_SPEC_PATH, "/back\\slash\\two", "sw", 0);
	end_is(it, "fstab-tags");
	swap_fstab_close(it);
}

static void test_malformed(void)
{
	struct swap_fstab *it = open_fixture("fstab-malformed");

	if (!it)
		return;
	error_is(it, 2, -EINVAL, "/dev/sda1");	/* two fields */
	/* options are never refused: read as util-linux reads them */
	entry_is(it, 3, "/dev/sda2", SWAP_SPEC_PATH, "/dev/sda2", "pri=5x", PREFER | 5);
	entry_is(it, 4, "/dev/sda3", SWAP_SPEC_PATH, "/dev/sda3", "discard=o",
		 DISCARD | DISCARD_ONCE);
	entry_is(it, 6, "/dev/sda4", SWAP_SPEC_PATH, "/dev/sda4", "pri=", 0);
	error_is(it, 7, -EINVAL, "LABEL=");	/* LABEL= */
	error_is(it, 8, -EINVAL, "LABEL=\"\"");	/* LABEL="" */
	entry_is(it, 9, "/dev/sda5", SWAP_SPEC_PATH, "/dev/sda5", "sw", 0);
	error_is(it, 10, -EINVAL, "lonely");	/* one field */
	entry_is(it, 12, "/dev/sda7", SWAP_SPEC_PATH, "/dev/sda7", "discard=xyz", DISCARD);
	entry_is(it, 13, "/dev/sda8", SWAP_SPEC_PATH, "/dev/sda8", "pri", 0);
	error_is(it, 14, -EINVAL, "/dev/sda9");	/* pass field not a number */
	error_is(it, 15, -EINVAL, "/dev/sda10");	/* dump field not a number */
	end_is(it, "fstab-malformed");
	swap_fstab_close(it);
}

static void test_no_swap(void)
{
	struct swap_fstab *it = open_fixture("fstab-no-swap");

	if (!it)
		return;
	end_is(it, "fstab-no-swap");
	swap_fstab_close(it);
}

/*
 * Our splitter follows getmntent(3): every type-"swap" entry glibc finds in
 * the well-formed fixtures must come out of the iterator with the same
 * source and options.
 */
static void test_same_as_getmntent(const char *name)
{
	struct swap_fstab *it = NULL;
	struct swap_fstab_entry e = SWAP_FSTAB_ENTRY_INIT;
	struct mntent m, *mp;
	char buf[4096];
	FILE *fp = setmntent(fixture(name), "r");
	int same = fp != NULL, n = 0;

	if (!fp || swap_fstab_open(fixture(name), &it) < 0) {
		ok(0, "open %s twice", name);
		if (fp)
			endmntent(fp);
		return;
	}
	while ((mp = getmntent_r(fp, &m, buf, sizeof(buf))) != NULL) {
		if (strcmp(mp->mnt_type, "swap") != 0)
			continue;
		n++;
		if (swap_fstab_next(it, &e) != 1 || strcmp(e.spec, mp->mnt_fsname) != 0 ||
		    strcmp(e.options, mp->mnt_opts) != 0) {
			printf("#   entry %d differs: '%s' '%s'\n", n, mp->mnt_fsname, mp->mnt_opts);
			same = 0;
		}
	}
	if (swap_fstab_next(it, &e) != 0)
		same = 0;
	ok(same && n > 0, "%s: the %d swap entries of getmntent_r", name, n);
	endmntent(fp);
	swap_fstab_close(it);
}

/* A line far longer than any fixed buffer, and no final newline. */
static void test_long_line(void)
{
	char path[] = "/tmp/test-fstab.XXXXXX";
	struct swap_fstab *it = NULL;
	int fd = mkstemp(path), i;
	FILE *fp;

	ok(fd >= 0, "temp file");
	if (fd < 0)
		return;
	fp = fdopen(fd, "w");
	fprintf(fp, "/dev/sdz1 none swap ");
	for (i = 0; i < 2000; i++)
		fprintf(fp, "x-opt%d,", i);
	fprintf(fp, "pri=9 0 0\n/dev/sdz2 none swap discard");
	fclose(fp);

	is_int(swap_fstab_open(path, &it), 0, "open long-line file");
	if (it) {
		struct swap_fstab_entry e = SWAP_FSTAB_ENTRY_INIT;

		is_int(swap_fstab_next(it, &e), 1, "long line read whole");
		is_int(swap_fstab_flags(e.opts), PREFER | 9, "  its last option counts");
		entry_is(it, 2, "/dev/sdz2", SWAP_SPEC_PATH, "/dev/sdz2", "discard", DISCARD);
		end_is(it, "long-line file");
		swap_fstab_close(it);
	}
	unlink(path);
}

static void test_errors(void)
{
	struct swap_fstab *it = NULL;

	is_int(swap_fstab_open("/nonexistent/fstab", &it), -ENOENT, "missing file");
	ok(it == NULL, "no iterator after a failed open");
	is_int(swap_fstab_open(NULL, NULL), -EINVAL, "NULL iterator pointer");
	is_int(swap_fstab_next(NULL, NULL), -EINVAL, "next on NULL");
	swap_fstab_close(NULL);
	ok(1, "close(NULL) is a no-op");
	if (swap_fstab_open("/tmp", &it) == 0) {
		struct swap_fstab_entry e = SWAP_FSTAB_ENTRY_INIT;

		is_int(swap_fstab_next(it, &e), -EISDIR, "a directory fails on read");
		swap_fstab_close(it);
	}
}

/* The finding of each option of @text, in order, separated by spaces. */
static void verify_is(const char *text, const char *want)
{
	char got[256] = "";
	size_t off = 0, len = 0, total = strlen(text);
	int n = 0;

	do {
		int mask = swap_fstab_verify_option(text, off, &len);

		n += snprintf(got + n, sizeof(got) - (size_t)n, "%s%d", off ? " " : "", mask);
		off += len + 1;
	} while (off < total);
	is_str(got, want, "verify '%s'", text);
}

static void test_verify(void)
{
	size_t len = 0;

	verify_is("sw", "0");
	verify_is("defaults,sw,nofail,noauto,pri=5,discard=once,x-systemd.device-timeout=5",
		  "0 0 0 0 0 0 0");
	verify_is("pri=5x,pri=abc,pri=", "1 64 64");
	verify_is("pri=abc", "2");
	verify_is("pri=", "2");
	verify_is("pri", "2");
	verify_is("pri=-1", "0");
	verify_is("pri=-2", "4");
	verify_is("pri=32768", "4");
	verify_is("discard=o", "8");
	verify_is("discard=pag", "8");
	verify_is("discard=pages", "0");
	verify_is("discard", "0");
	verify_is("discard=x", "16");
	verify_is("discard=", "16");
	verify_is("foo,sw,comment=x", "32 0 0");
	verify_is("nofail,nofail", "0 64");
	is_int(swap_fstab_verify_option("sw", 0, &len), 0, "sw is fine");
	is_int((int)len, 2, "  its length");
	is_int(swap_fstab_verify_option("sw", 3, &len), -EINVAL, "offset past the end");
	is_int(swap_fstab_verify_option(NULL, 0, &len), -EINVAL, "NULL options");
	is_int(swap_fstab_verify_option("sw", 0, NULL), -EINVAL, "NULL len");
}

int main(void)
{
	testdata = getenv("TESTDATA");
	test_options();
	test_verify();
	test_flags();
	test_spec();
	test_long_line();
	test_errors();
	if (testdata) {
		test_debian();
		test_options_file();
		test_tags();
		test_malformed();
		test_no_swap();
		test_same_as_getmntent("fstab-debian");
		test_same_as_getmntent("fstab-options");
		test_same_as_getmntent("fstab-tags");
	} else {
		tap_skip("TESTDATA not set: fixture tests");
	}
	return done_testing();
}
