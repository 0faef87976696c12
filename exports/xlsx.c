/*
 * xlsx.c: the proposals table as an Excel workbook, with Debian's
 * libxlsxwriter.
 *
 * One sheet, "proposals": the same columns and rows as the CSV export
 * (model/table.h), a bold header row that stays in view (frozen) with an
 * autofilter on it, column widths to suit each column, the votes as
 * numbers and the times as dates (UTC, shown as ISO 8601 with
 * milliseconds, so that they sort and filter as dates).  The workbook's
 * title is the forum's, and its creation time is --date's (or
 * SOURCE_DATE_EPOCH's), which also fixes the package's entry times: the
 * same records then give the same bytes.
 *
 * libxlsxwriter 1.1 writes to a named file only, so the workbook goes to a
 * temporary file that is then copied to the stream; constant_memory mode
 * writes each row to disk as it comes, so memory stays flat.  What the
 * library does not do to text, done here:
 *   - characters XML forbids and invalid UTF-8 become U+FFFD (table_clean);
 *   - text that looks like Excel's escape "_xHHHH_" gets its '_' written
 *     as "_x005F_", else Excel and LibreOffice would read it as the
 *     character HHHH;
 *   - a cell holds at most 32,767 characters (Excel's limit): a longer
 *     text is cut there, ending in the visible marker "…[truncated]"
 *     (the CSV and JSON exports keep it whole).
 * A text cell is never a formula here, so no "'" is needed in front.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "../model/i18n.h"
#include "../model/records.h"
#include "../model/table.h"
#include "../model/text.h"
#include "../model/util.h"
#include "export.h"
#include "package.h"

#define XLSX_CELL_MAX 32767 /* characters (UTF-16 units) in a cell */
#define XLSX_TRUNCATED "…[truncated]"

/* Each column's width in characters. */
static const double xlsx_widths[TABLE_COLUMNS] = {
	[TABLE_UUID] = 38,
	[TABLE_TRACK] = 12,
	[TABLE_TRACK_TITLE] = 40,
	[TABLE_SESSION] = 14,
	[TABLE_AUTHOR] = 22,
	[TABLE_ORGANISATION] = 28,
	[TABLE_ADDRESSEE] = 14,
	[TABLE_ADDRESSEE_HEADING] = 40,
	[TABLE_STATUS] = 10,
	[TABLE_VOTES_FOR] = 10,
	[TABLE_VOTES_AGAINST] = 13,
	[TABLE_VOTES_ABSTAIN] = 13,
	[TABLE_CREATED] = 25,
	[TABLE_UPDATED] = 25,
	[TABLE_MERGED_INTO] = 38,
	[TABLE_NUMBER] = 9,
	[TABLE_TEXT] = 100,
};

struct xlsx {
	struct forum *f;
	lxw_worksheet *ws;
	lxw_format *date;
	lxw_row_t row;     /* the next row to write */
	struct buf clean;  /* scratch: the text cleaned */
	struct buf cell;   /* scratch: the text as the cell gets it */
	lxw_error err;
	const struct export_options *o; /* for its progress callback */
};

/* True if s (at least 7 bytes at s) is "_xHHHH_", Excel's escape. */
static bool
xlsx_escape_at(const char *s, size_t len)
{
	size_t i;

	if (len < 7 || s[0] != '_' || (s[1] != 'x' && s[1] != 'X') ||
	    s[6] != '_')
		return false;
	for (i = 2; i < 6; i++)
		if (strchr("0123456789abcdefABCDEF", s[i]) == NULL ||
		    s[i] == '\0')
			return false;
	return true;
}

/*
 * The text of a cell from s, into x->cell: cleaned; "_xHHHH_" kept literal
 * and CR written as "_x000D_" (raw, XML would read it as a line feed); cut
 * with the marker where it would pass Excel's limit, which the library
 * checks on the text as written, escapes included.
 */
static void
xlsx_text(struct xlsx *x, const char *s, size_t len)
{
	const size_t marker = 12; /* UTF-16 units of XLSX_TRUNCATED */
	const char *p;
	size_t i, n, units = 0, cut = 0;
	uint32_t cp;

	buf_reset(&x->clean);
	buf_reset(&x->cell);
	table_clean(&x->clean, s, len);
	p = buf_str(&x->clean);
	len = x->clean.len;
	/* Most text: nothing to escape, and too short to cut (a UTF-16
	 * unit takes a byte at least). */
	if (len <= XLSX_CELL_MAX && memchr(p, '_', len) == NULL &&
	    memchr(p, '\r', len) == NULL) {
		buf_add(&x->cell, p, len);
		return;
	}
	for (i = 0; i < len; i += n) {
		n = text_decode(p + i, len - i, &cp);
		if (cp == '_' && xlsx_escape_at(p + i, len - i)) {
			buf_adds(&x->cell, "_x005F_");
			units += 7;
		} else if (cp == '\r') {
			buf_adds(&x->cell, "_x000D_");
			units += 7;
		} else {
			buf_add(&x->cell, p + i, n);
			units += cp > 0xFFFF ? 2 : 1;
		}
		if (units <= XLSX_CELL_MAX - marker)
			cut = x->cell.len;
		if (units > XLSX_CELL_MAX) {
			x->cell.len = cut;
			x->cell.data[cut] = '\0';
			buf_adds(&x->cell, XLSX_TRUNCATED);
			return;
		}
	}
}

/* Writes one cell of row x->row from fd. */
static lxw_error
xlsx_cell(struct xlsx *x, lxw_col_t col, const struct field *fd)
{
	switch (fd->type) {
	case FIELD_INT:
	case FIELD_BOOL:
		return worksheet_write_number(x->ws, x->row, col,
		    (double)fd->num, NULL);
	case FIELD_TIME:
		/* Excel's day numbers are right from 1900-03-01 on. */
		if (fd->num >= -2203891200000LL)
			return worksheet_write_number(x->ws, x->row, col,
			    (double)fd->num / 86400000.0 + 25569.0, x->date);
		buf_reset(&x->cell);
		table_iso_time(&x->cell, fd->num);
		return worksheet_write_string(x->ws, x->row, col,
		    buf_str(&x->cell), NULL);
	case FIELD_TEXT:
	case FIELD_REF:
		if (fd->len == 0)
			return LXW_NO_ERROR;
		xlsx_text(x, fd->text, fd->len);
		return worksheet_write_string(x->ws, x->row, col,
		    buf_str(&x->cell), NULL);
	}
	return LXW_NO_ERROR;
}

static enum status
xlsx_row(void *ctx, const struct field *row)
{
	struct xlsx *x = ctx;
	int c;

	if (x->row >= LXW_ROW_MAX)
		return forum_fail(x->f, ST_TOOBIG, _("more than %d rows, the "
		    "most a sheet holds; export CSV instead"), LXW_ROW_MAX - 1);
	for (c = 0; c < TABLE_COLUMNS; c++)
		if ((x->err = xlsx_cell(x, (lxw_col_t)c, &row[c])) !=
		    LXW_NO_ERROR)
			return forum_fail(x->f, ST_IO, _("the workbook: %s"),
			    lxw_strerror(x->err));
	x->row++;
	export_progress_rows(x->o, x->row - 1);
	return ST_OK;
}

/* Copies the finished workbook at path to out. */
static enum status
xlsx_copy(const char *path, FILE *out)
{
	char chunk[65536];
	FILE *in = fopen(path, "rb");
	size_t n;
	enum status st = ST_OK;

	if (in == NULL)
		return ST_IO;
	while ((n = fread(chunk, 1, sizeof chunk, in)) > 0)
		if (fwrite(chunk, 1, n, out) != n) {
			st = ST_IO;
			break;
		}
	if (st == ST_OK && ferror(in))
		st = ST_IO;
	(void)fclose(in); /* read only: nothing to lose */
	if (st != ST_OK && errno == 0)
		errno = EIO;
	return st;
}

/* The workbook's title and creation time. */
static void
xlsx_properties(struct forum *f, lxw_workbook *wb,
    const struct export_options *o)
{
	struct forum_info fi;
	struct buf title = {0};
	lxw_doc_properties props;
	int64_t t = package_time(o);

	memset(&props, 0, sizeof props);
	if (forum_info_get(f, &fi) == ST_OK) {
		table_clean(&title, fi.title, strlen(fi.title));
		forum_info_free(&fi);
	}
	props.title = (char *)buf_str(&title);
	props.subject = (char *)"proposals";
	props.comments = (char *)"agora: one row per proposal and addressee";
	/* 0 would mean "now" to the library. */
	props.created = (time_t)(t > 0 ? t : 1);
	workbook_set_properties(wb, &props);
	buf_free(&title);
}

static enum status
xlsx_write(struct forum *f, const struct resolution *r,
    const struct export_options *o, FILE *out)
{
	const char *tmpdir = getenv("TMPDIR");
	lxw_workbook_options opts = { .constant_memory = LXW_TRUE };
	struct xlsx x = { .f = f, .o = o };
	lxw_workbook *wb;
	lxw_format *bold;
	lxw_error err;
	enum status st;
	char *tmp;
	int c, fd;

	(void)r;
	if (tmpdir == NULL || *tmpdir == '\0')
		tmpdir = "/tmp";
	tmp = xasprintf("%s/agora-xlsx-XXXXXX", tmpdir);
	if ((fd = mkstemp(tmp)) < 0) {
		st = forum_fail(f, ST_IO, _("a temporary file in %s: %s"), tmpdir,
		    strerror(errno));
		free(tmp);
		return st;
	}
	close(fd);
	wb = workbook_new_opt(tmp, &opts);
	if (wb == NULL) {
		unlink(tmp);
		free(tmp);
		return forum_fail(f, ST_IO, _("libxlsxwriter cannot start a "
		    "workbook"));
	}
	xlsx_properties(f, wb, o);
	x.ws = workbook_add_worksheet(wb, "proposals");
	bold = workbook_add_format(wb);
	format_set_bold(bold);
	x.date = workbook_add_format(wb);
	format_set_num_format(x.date, "yyyy-mm-dd\"T\"hh:mm:ss.000\"Z\"");
	for (c = 0; c < TABLE_COLUMNS; c++) {
		worksheet_set_column(x.ws, (lxw_col_t)c, (lxw_col_t)c,
		    xlsx_widths[c], NULL);
		worksheet_write_string(x.ws, 0, (lxw_col_t)c,
		    table_column_name((enum table_column)c), bold);
	}
	worksheet_freeze_panes(x.ws, 1, 0);
	x.row = 1;
	st = table_rows(f, xlsx_row, &x);
	if (st == ST_OK)
		worksheet_autofilter(x.ws, 0, 0, x.row - 1, TABLE_COLUMNS - 1);
	/* Closing frees the workbook, also after a failure. */
	err = workbook_close(wb);
	if (st == ST_OK && err != LXW_NO_ERROR)
		st = forum_fail(f, ST_IO, _("libxlsxwriter: %s"), lxw_strerror(err));
	if (st == ST_OK) {
		errno = 0;
		st = xlsx_copy(tmp, out);
	}
	unlink(tmp);
	free(tmp);
	buf_free(&x.clean);
	buf_free(&x.cell);
	return st;
}

const struct export_format export_xlsx = {
	.name = "xlsx",
	.extensions = "xlsx",
	.summary = N_("the proposals table as an Excel workbook"),
	.write = xlsx_write,
	.table = true,
};
