/*
 * csv.c: the proposals table as CSV, for the secretariat's spreadsheets.
 *
 * RFC 4180: a header row, then one record per row of the table
 * (model/table.h), every record ending in CRLF; a field is quoted when it
 * holds the separator, a quote, CR or LF, and quotes inside are doubled.
 * Text is UTF-8 and always valid: what a cell cannot hold (invalid bytes,
 * control characters other than tab and line ends) becomes U+FFFD, as in
 * the XLSX export, so that both give the same cells.  Times are ISO 8601
 * in UTC with milliseconds.
 *
 * --excel is for Excel in a Russian locale, which splits on ';' and reads
 * UTF-8 only after a byte order mark.  Excel also runs a cell that starts
 * with = + - @ (or a tab or CR before one) as a formula, even from CSV,
 * which lets text typed in the room reach a formula ("formula injection"):
 * with --excel, such a text cell gets a "'" in front, which Excel shows as
 * plain text.  Without --excel the data stay exactly as captured.
 * Excel still guesses the type of every CSV cell, and may show a number
 * in the draft such as "1.10." as a date in a Russian locale: the XLSX
 * export, whose cells have types, is the one to open in Excel.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "../model/i18n.h"
#include "../model/table.h"
#include "../model/util.h"
#include "export.h"

/* True if a spreadsheet would read a cell starting with s as a formula. */
static bool
csv_formula(const char *s, size_t len)
{
	return len > 0 && strchr("=+-@\t\r", s[0]) != NULL && s[0] != '\0';
}

void
csv_escape(struct buf *out, const char *s, size_t len, char sep, bool excel)
{
	size_t i, start;
	bool quote = false;

	/*
	 * The characters that call for quotes are ASCII, and table_clean()
	 * keeps every one of them, so the raw text tells.
	 */
	for (i = 0; i < len && !quote; i++)
		quote = s[i] == sep || s[i] == '"' || s[i] == '\r' ||
		    s[i] == '\n';
	if (quote)
		buf_addc(out, '"');
	if (excel && csv_formula(s, len))
		buf_addc(out, '\'');
	/* Cleaned piece by piece between quotes, each quote doubled. */
	for (start = i = 0; i < len; i++) {
		if (s[i] != '"')
			continue;
		table_clean(out, s + start, i - start);
		buf_adds(out, "\"\"");
		start = i + 1;
	}
	table_clean(out, s + start, len - start);
	if (quote)
		buf_addc(out, '"');
}

struct csv {
	FILE *out;
	struct buf line;
	char sep;
	bool excel;
	const struct export_options *o; /* for its progress callback */
	uint64_t rows;
};

/* Writes the line gathered in c->line, ended by CRLF. */
static enum status
csv_flush(struct csv *c)
{
	buf_adds(&c->line, "\r\n");
	if (fwrite(c->line.data, 1, c->line.len, c->out) != c->line.len) {
		if (errno == 0)
			errno = EIO;
		return ST_IO;
	}
	buf_reset(&c->line);
	return ST_OK;
}

static enum status
csv_row(void *ctx, const struct field *row)
{
	struct csv *c = ctx;
	int i;

	for (i = 0; i < TABLE_COLUMNS; i++) {
		const struct field *fd = &row[i];

		if (i > 0)
			buf_addc(&c->line, c->sep);
		switch (fd->type) {
		case FIELD_INT:
		case FIELD_BOOL:
			buf_printf(&c->line, "%" PRId64, fd->num);
			break;
		case FIELD_TIME:
			table_iso_time(&c->line, fd->num);
			break;
		case FIELD_TEXT:
		case FIELD_REF:
			csv_escape(&c->line, fd->text, fd->len, c->sep, c->excel);
			break;
		}
	}
	export_progress_rows(c->o, ++c->rows);
	return csv_flush(c);
}

static enum status
csv_write(struct forum *f, const struct resolution *r,
    const struct export_options *o, FILE *out)
{
	struct csv c = {
		.out = out,
		.sep = o->excel ? ';' : ',',
		.excel = o->excel,
		.o = o,
	};
	enum status st;
	int i;

	(void)r;
	if (o->excel)
		buf_adds(&c.line, "\xEF\xBB\xBF");
	for (i = 0; i < TABLE_COLUMNS; i++) {
		if (i > 0)
			buf_addc(&c.line, c.sep);
		buf_adds(&c.line, table_column_name((enum table_column)i));
	}
	st = csv_flush(&c);
	if (st == ST_OK)
		st = table_rows(f, csv_row, &c);
	buf_free(&c.line);
	if (st == ST_OK && ferror(out))
		st = ST_IO;
	return st;
}

const struct export_format export_csv = {
	.name = "csv",
	.extensions = "csv",
	.summary = N_("the proposals table, one row per proposal and addressee "
	    "(--excel: BOM and ';')"),
	.write = csv_write,
	.table = true,
};
