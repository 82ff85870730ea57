/*
 * free --compressed: zswap's pool (Zswap, Zswapped of /proc/meminfo) and
 * the zram swap areas' mm_stat, with where each figure comes from.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsmartcols.h>

#include "cli.h"
#include "libswap.h"
#include "compressed.h"

static void read_zswap(struct free_compressed_row *r)
{
	struct swap_zswap_stat z = { .size = sizeof(z) };

	*r = (struct free_compressed_row){ .label = "Zswap:", .json = "zswap" };
	if (swap_zswap_read(NULL, NULL, &z) < 0 ||
	    (z.have & (SWAP_ZSWAP_HAVE_POOL | SWAP_ZSWAP_HAVE_STORED)) !=
	    (SWAP_ZSWAP_HAVE_POOL | SWAP_ZSWAP_HAVE_STORED)) {
		snprintf(r->source, sizeof(r->source), "missing: /proc/meminfo has no "
			 "Zswap/Zswapped (kernel before 5.19, or no zswap)");
		return;
	}
	r->have = 1;
	r->stored = z.stored_kib;
	r->compressed = z.pool_kib;
	r->ram = z.pool_kib;
	snprintf(r->source, sizeof(r->source), "/proc/meminfo Zswapped, Zswap%s",
		 z.enabled == 1 ? " (zswap on)" : z.enabled == 0 ? " (zswap off)" : "");
}

/* The zram swap areas of /proc/swaps, summed. */
static void read_zram(struct free_compressed_row *r)
{
	struct swap_procswaps_entry e = SWAP_PROCSWAPS_ENTRY_INIT;
	struct swap_procswaps *it;
	unsigned n = 0, missing = 0;
	int rc;

	*r = (struct free_compressed_row){ .label = "Zram:", .json = "zram" };
	if (swap_procswaps_open(NULL, &it) < 0) {
		snprintf(r->source, sizeof(r->source), "missing: no /proc/swaps");
		return;
	}
	while ((rc = swap_procswaps_next(it, &e)) > 0) {
		struct swap_zram_stat z = { .size = sizeof(z) };

		rc = swap_zram_read(NULL, e.name, &z);
		if (rc == -ENODEV)
			continue;	/* not a zram area */
		if (rc < 0) {
			missing++;
			continue;
		}
		n++;
		r->stored += z.orig_data_size / 1024;
		r->compressed += z.compr_data_size / 1024;
		r->ram += z.mem_used_total / 1024;
	}
	swap_procswaps_close(it);
	if (missing)
		snprintf(r->source, sizeof(r->source), "missing: no mm_stat for %u zram "
			 "swap area%s (kernel before 4.1)", missing, missing > 1 ? "s" : "");
	else if (!n)
		snprintf(r->source, sizeof(r->source), "none: no zram swap area in /proc/swaps");
	else {
		r->have = 1;
		snprintf(r->source, sizeof(r->source), "/sys/block/zram*/mm_stat orig_data_size, "
			 "compr_data_size, mem_used_total (%u area%s)", n, n > 1 ? "s" : "");
	}
}

void free_compressed_read(struct free_compressed_row rows[2])
{
	read_zswap(&rows[0]);
	read_zram(&rows[1]);
}

void free_cell(struct libscols_line *ln, size_t col, const char *data)
{
	if (scols_line_set_data(ln, col, data) != 0)
		cli_err(EXIT_FAILURE, ENOMEM, "cannot fill the output table");
}

/* --compressed --json: the rows as a libsmartcols table named "compressed". */
struct libscols_table *free_compressed_table(free_scale_fn scale, const void *ctx)
{
	static const char *const keys[] = { "type", "stored", "compressed", "ram", "source" };
	struct libscols_table *tb = scols_new_table();
	struct free_compressed_row rows[2];
	char buf[32];
	int r, c;

	if (!tb)
		cli_err(EXIT_FAILURE, ENOMEM, "cannot create the output table");
	free_compressed_read(rows);
	scols_table_enable_json(tb, 1);
	scols_table_set_name(tb, "compressed");
	for (c = 0; c < 5; c++) {
		struct libscols_column *cl = scols_table_new_column(tb, keys[c], 0, 0);

		if (!cl)
			cli_err(EXIT_FAILURE, ENOMEM, "cannot create the output table");
		scols_column_set_json_type(cl, c == 0 || c == 4 ? SCOLS_JSON_STRING
							       : SCOLS_JSON_NUMBER);
	}
	for (r = 0; r < 2; r++) {
		const uint64_t v[3] = { rows[r].stored, rows[r].compressed, rows[r].ram };
		struct libscols_line *ln = scols_table_new_line(tb, NULL);

		if (!ln)
			cli_err(EXIT_FAILURE, ENOMEM, "cannot fill the output table");
		free_cell(ln, 0, rows[r].json);
		for (c = 0; rows[r].have && c < 3; c++)
			free_cell(ln, (size_t)c + 1, scale(ctx, v[c], buf));
		free_cell(ln, 4, rows[r].source);
	}
	return tb;
}

/*
 * --compressed, after the table: what zswap and the zram swap areas hold,
 * compressed, and cost in RAM, with where each figure comes from; a figure
 * the kernel does not give is left blank (the source says what is missing).
 */
void free_compressed_print(free_scale_fn scale, const void *ctx)
{
	struct free_compressed_row rows[2];
	char b[3][32];
	int r;

	free_compressed_read(rows);
	printf("\n%-9s %11s %11s %11s  %s\n", "", "stored", "compressed", "ram", "source");
	for (r = 0; r < 2; r++)
		printf("%-9s %11s %11s %11s  %s\n", rows[r].label,
		       rows[r].have ? scale(ctx, rows[r].stored, b[0]) : "",
		       rows[r].have ? scale(ctx, rows[r].compressed, b[1]) : "",
		       rows[r].have ? scale(ctx, rows[r].ram, b[2]) : "",
		       rows[r].source);
}
