/*
 * free --json: the rows as one JSON object, through libsmartcols.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsmartcols.h>

#include "cli.h"
#include "free.h"

/* JSON keys of the columns, after "type". */
static const char *const json_keys[NCOLS] = {
	"total", "used", "free", "shared", "buffers", "cache", "buff_cache", "available",
};

/* Print @mem and @extra as one JSON object: {"memory": [...], "compressed": [...]}. */
static void print_json_pair(struct libscols_table *mem, struct libscols_table *extra)
{
	char *a = NULL, *b = NULL, *end;

	if (scols_print_table_to_string(mem, &a) != 0 ||
	    scols_print_table_to_string(extra, &b) != 0 ||
	    !(end = strrchr(a, '}')) || !strchr(b, '{'))
		cli_err(EXIT_FAILURE, ENOMEM, "cannot print the output table");
	while (end > a && (end[-1] == '\n' || end[-1] == ' '))
		end--;
	*end = '\0';
	printf("%s,%s", a, strchr(b, '{') + 1);
	free(a);
	free(b);
}

/* --json: every row the options ask for, every Mem column, in bytes; the
 * figures are plain signed decimals, valid JSON whatever meminfo holds. */
void free_print_json(const struct free_row rows[NROWS], int compressed,
		     free_scale_fn scale, const void *ctx)
{
	struct libscols_table *tb = scols_new_table();
	char buf[32];
	int r, c;

	if (!tb)
		cli_err(EXIT_FAILURE, ENOMEM, "cannot create the output table");
	scols_table_enable_json(tb, 1);
	scols_table_set_name(tb, "memory");
	for (c = -1; c < NCOLS; c++) {
		struct libscols_column *cl = scols_table_new_column(tb,
				c < 0 ? "type" : json_keys[c], 0, 0);

		if (!cl)
			cli_err(EXIT_FAILURE, ENOMEM, "cannot create the output table");
		scols_column_set_json_type(cl, c < 0 ? SCOLS_JSON_STRING : SCOLS_JSON_NUMBER);
	}
	for (r = 0; r < NROWS; r++) {
		struct libscols_line *ln;

		if (!rows[r].show)
			continue;
		ln = scols_table_new_line(tb, NULL);
		if (!ln)
			cli_err(EXIT_FAILURE, ENOMEM, "cannot fill the output table");
		free_cell(ln, 0, rows[r].json);
		/* the 3-value rows stop after "free"; JSON says null */
		for (c = 0; c < rows[r].ncols; c++)
			free_cell(ln, (size_t)c + 1, scale(ctx, rows[r].val[c], buf));
	}
	if (compressed) {
		struct libscols_table *extra = free_compressed_table(scale, ctx);

		print_json_pair(tb, extra);
		scols_unref_table(extra);
	} else {
		scols_print_table(tb);
	}
	scols_unref_table(tb);
}
