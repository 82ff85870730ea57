/*
 * swapon --show and -s: the active areas, their labels and UUIDs probed as
 * util-linux probes them, printed through libsmartcols.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libsmartcols.h>

#include "cli.h"
#include "libswap.h"
#include "compress.h"
#include "show.h"

static const struct swapon_column {
	const char *name;
	int flags;		/* SCOLS_FL_* */
	int json_type;		/* SCOLS_JSON_* */
	int is_default;		/* shown without --show=LIST */
	const char *help;
} swapon_columns[NCOLS] = {
	[COL_NAME]  = { "NAME",  0,              SCOLS_JSON_STRING, 1, "path of the swap device or file" },
	[COL_TYPE]  = { "TYPE",  SCOLS_FL_TRUNC, SCOLS_JSON_STRING, 1, "partition or file, as the kernel says" },
	[COL_SIZE]  = { "SIZE",  SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, 1, "usable size of the area" },
	[COL_USED]  = { "USED",  SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, 1, "part of the area in use" },
	[COL_PRIO]  = { "PRIO",  SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, 1, "priority of the area" },
	[COL_UUID]  = { "UUID",  0,              SCOLS_JSON_STRING, 0, "UUID in the swap header" },
	[COL_LABEL] = { "LABEL", 0,              SCOLS_JSON_STRING, 0, "label in the swap header" },
	/* swapon/compress.c fills these, in the order of its enum */
	[COL_ZRAM_DATA]  = { "ZRAM-DATA", SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, 0, "zram: data stored, uncompressed" },
	[COL_ZRAM_COMPR] = { "ZRAM-COMPR", SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, 0, "zram: that data compressed" },
	[COL_ZRAM_RAM]   = { "ZRAM-RAM", SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, 0, "zram: RAM the device uses now" },
	[COL_ZRAM_RATIO] = { "ZRAM-RATIO", SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, 0, "zram: data stored per byte of RAM used" },
	[COL_RESUME_OFFSET] = { "RESUME_OFFSET", SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, 0, "resume_offset= of a swap file, in pages" },
};

/* ASCII-only case folding: strcasecmp follows the locale, and in tr_TR
 * "prio" would not match "PRIO" (dotless i). */
static int ascii_ncaseeq(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];

		if (x >= 'a' && x <= 'z')
			x -= 'a' - 'A';
		if (y >= 'a' && y <= 'z')
			y -= 'a' - 'A';
		if (x != y)
			return 0;
	}
	return 1;
}

/*
 * --show=LIST as util-linux splits it: an empty list or an empty name
 * (",x", "x,,y") fails silently with 1; an unknown name is reported with
 * the rest of the list, and a trailing comma belongs to the last name.
 */
void swapon_show_parse_columns(struct swapon_show *ctl, const char *list)
{
	const char *p = list;

	ctl->ncolumns = 0;
	if (!*p)
		exit(CLI_EXIT_USAGE);
	while (*p) {
		size_t len = strcspn(p, ",");
		int found = -1, i;

		if (p[len] == ',' && !p[len + 1])
			len++;			/* "NAME," is one (unknown) name */
		if (len == 0 || ctl->ncolumns >= sizeof(ctl->columns) / sizeof(ctl->columns[0]))
			exit(CLI_EXIT_USAGE);
		for (i = 0; i < NCOLS; i++)
			if (strlen(swapon_columns[i].name) == len &&
			    ascii_ncaseeq(swapon_columns[i].name, p, len))
				found = i;
		if (found < 0)
			cli_errx(CLI_EXIT_USAGE, "unknown column: %s", p);
		ctl->columns[ctl->ncolumns++] = found;
		p += len;
		if (*p == ',')
			p++;
	}
}

void swapon_show_all_columns(struct swapon_show *s)
{
	size_t i;

	s->ncolumns = 0;
	for (i = 0; i < COL_ZRAM_DATA; i++)
		s->columns[s->ncolumns++] = (int)i;
}

void swapon_show_help(FILE *out)
{
	size_t i;

	for (i = 0; i < NCOLS; i++)
		fprintf(out, " %-5s  %s\n", swapon_columns[i].name, swapon_columns[i].help);
}

/* swapon -s: the kernel's /proc/swaps layout, names unescaped. */
int swapon_show_summary(void)
{
	struct swap_procswaps *it;
	struct swap_procswaps_entry e = SWAP_PROCSWAPS_ENTRY_INIT;
	int rc, first = 1;

	rc = swap_procswaps_open(NULL, &it);
	if (rc < 0) {
		cli_warn(-rc, "cannot open /proc/swaps");
		return SWAPON_EX_FAILURE;
	}
	while ((rc = swap_procswaps_next(it, &e)) > 0) {
		size_t nlen = strlen(e.name);

		if (first)
			fputs("Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n", stdout);
		first = 0;
		printf("%s%*s%s%s\t%ju%s\t%ju%s\t%d\n", e.name,
		       nlen < 40 ? (int)(40 - nlen) : 1, " ",
		       e.type, strlen(e.type) < 8 ? "\t" : "",
		       (uintmax_t)e.size_kib, e.size_kib < 10000000 ? "\t" : "",
		       (uintmax_t)e.used_kib, e.used_kib < 10000000 ? "\t" : "",
		       e.priority);
	}
	cli_warn_skipped(it, NULL);
	swap_procswaps_close(it);
	if (rc < 0) {
		cli_warn(-rc, "cannot read /proc/swaps");
		return SWAPON_EX_FAILURE;
	}
	return EXIT_SUCCESS;
}

/*
 * The label and UUID of an active area, probed as util-linux probes every
 * /proc/swaps entry it can read (with its warnings); the open never blocks,
 * whatever is mounted over the path now.  Returns 1 with @h filled.
 */
static int probe_entry(const char *name, struct swap_header *h, char label[17])
{
	int fd, rc;

	if (access(name, R_OK) != 0)
		return 0;
	fd = swap_area_open(name, O_RDONLY, 0);
	if (fd < 0) {
		cli_warn(-fd, "%s: unable to probe device", name);
		return 0;
	}
	rc = swap_area_read_header(fd, 0, h);
	if (rc < 0 && rc != -ENOENT)
		cli_warn(-rc, "%s: unable to probe device", name);
	else if (rc < 0 || h->signature != SWAP_SIGNATURE_SWAPSPACE2)
		cli_warnx("%s: not a valid swap partition", name);
	else if (h->version != 1)
		cli_warnx("%s: unsupported swap version '%u'", name, h->version);
	else {
		/* a label of 16 bytes without a NUL is shown whole, as blkid does */
		memcpy(label, h->label, SWAP_HEADER_LABEL_SIZE);
		label[16] = '\0';
		if (h->label_unterminated &&
		    pread(fd, label, 16, SWAP_HEADER_LABEL_OFFSET) != 16)
			memcpy(label, h->label, SWAP_HEADER_LABEL_SIZE);
		close(fd);
		return 1;
	}
	close(fd);
	return 0;
}

static void add_line(const struct swapon_show *ctl, struct libscols_table *tb,
		     const struct swap_procswaps_entry *e)
{
	struct swap_header h = { 0 };	/* label and UUID only */
	struct libscols_line *ln = scols_table_new_line(tb, NULL);
	char label[17];
	int have_hdr;
	size_t i;

	if (!ln)
		cli_err(SWAPON_EX_FAILURE, ENOMEM, "failed to allocate output line");
	have_hdr = probe_entry(e->name, &h, label);
	for (i = 0; i < ctl->ncolumns; i++) {
		char buf[64], *json = NULL;
		const char *data = NULL;
		uint64_t bytes;

		switch (ctl->columns[i]) {
		case COL_NAME:
			data = e->name;
			break;
		case COL_TYPE:
			data = e->type;
			break;
		case COL_SIZE:
		case COL_USED:
			bytes = (ctl->columns[i] == COL_SIZE ? e->size_kib : e->used_kib) * 1024;
			if (ctl->bytes || ctl->json)
				snprintf(buf, sizeof(buf), "%ju", (uintmax_t)bytes);
			else if (swap_size_format(bytes, SWAP_SIZE_UL, buf, sizeof(buf)) < 0)
				snprintf(buf, sizeof(buf), "%ju", (uintmax_t)bytes);
			data = buf;
			break;
		case COL_PRIO:
			snprintf(buf, sizeof(buf), "%d", e->priority);
			data = buf;
			break;
		case COL_UUID:
			if (have_hdr && !swap_uuid_is_null(h.uuid)) {
				swap_uuid_format(h.uuid, buf);
				data = buf;
			}
			break;
		case COL_LABEL:
			if (have_hdr && label[0])
				data = label;
			break;
		default:
			data = swapon_compress_cell(ctl->columns[i] - COL_ZRAM_DATA, e->name,
						    ctl->bytes || ctl->json, buf, sizeof(buf));
			break;
		}
		if (data && ctl->json && !(data = json = cli_json_text(data)))
			cli_err(SWAPON_EX_FAILURE, ENOMEM, "failed to add output data");
		if (data && scols_line_set_data(ln, i, data) < 0)
			cli_err(SWAPON_EX_FAILURE, ENOMEM, "failed to add output data");
		free(json);
	}
}

/* --annotate: the column's help as a terminal tooltip, through
 * libsmartcols 2.42's scols_column_refer_annotation when the installed
 * library has it (an older one prints the headers plain). */
static void annotate(struct libscols_column *cl, const char *help)
{
	typedef int (*refer_fn)(struct libscols_column *, const char *);
	refer_fn refer = (refer_fn)dlsym(RTLD_DEFAULT, "scols_column_refer_annotation");

	if (refer)
		refer(cl, help);
}

/* --annotate[=when], as util-linux: auto (the default) means a terminal. */
int swapon_annotation_wanted(const char *when)
{
	if (when && strcmp(when, "never") == 0)
		return 0;
	if (when && strcmp(when, "always") == 0)
		return 1;
	if (!when || strcmp(when, "auto") == 0)
		return isatty(STDOUT_FILENO);
	cli_errx(CLI_EXIT_USAGE, "invalid argument of --annotate: %s", when);
}

int swapon_show_table(struct swapon_show *ctl)
{
	struct libscols_table *tb;
	struct swap_procswaps *it;
	struct swap_procswaps_entry e = SWAP_PROCSWAPS_ENTRY_INIT;
	size_t i;
	int rc;

	if (!ctl->ncolumns)
		for (i = 0; i < NCOLS; i++)
			if (swapon_columns[i].is_default)
				ctl->columns[ctl->ncolumns++] = i;
	rc = swap_procswaps_open(NULL, &it);
	if (rc < 0) {
		cli_warn(-rc, "cannot open /proc/swaps");
		return SWAPON_EX_FAILURE;
	}
	scols_init_debug(0);
	tb = scols_new_table();
	if (!tb)
		cli_err(SWAPON_EX_FAILURE, ENOMEM, "failed to allocate output table");
	scols_table_enable_raw(tb, ctl->raw);
	scols_table_enable_noheadings(tb, ctl->noheadings);
	if (ctl->json) {
		scols_table_enable_json(tb, 1);
		scols_table_set_name(tb, "swapdevices");
	}
	for (i = 0; i < ctl->ncolumns; i++) {
		const struct swapon_column *col = &swapon_columns[ctl->columns[i]];
		struct libscols_column *cl;

		cl = scols_table_new_column(tb, col->name, 0.20, col->flags);
		if (!cl)
			cli_err(SWAPON_EX_FAILURE, ENOMEM, "failed to allocate output column");
		if (ctl->annotate)
			annotate(cl, col->help);
		if (ctl->json)
			scols_column_set_json_type(cl, col->json_type);
	}
	while ((rc = swap_procswaps_next(it, &e)) > 0)
		add_line(ctl, tb, &e);
	cli_warn_skipped(it, NULL);
	swap_procswaps_close(it);
	if (rc < 0) {
		cli_warn(-rc, "cannot read /proc/swaps");
		scols_unref_table(tb);
		return SWAPON_EX_FAILURE;
	}
	scols_print_table(tb);
	scols_unref_table(tb);
	return EXIT_SUCCESS;
}
