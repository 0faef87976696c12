/*
 * import_csv.h: CSV as spreadsheets and online forms write it, read into a
 * table of text (csv_parse()) and written back (csv_serialise()), for
 * import_csv() (import.h) and the fuzz harnesses.
 *
 * What is read: UTF-8 with or without a byte order mark; the separator is
 * the one of ',' ';' and tab found most often in the first non-blank line
 * outside quotes (ties: tab, then ';', then ','; none: ','); a field in
 * double quotes may hold separators, line ends (kept as '\n') and doubled
 * quotes; text after a closing quote is kept as it is (as Python's csv
 * does), a quote inside an unquoted field is an ordinary character; lines
 * end with LF, CRLF or a lone CR.  A blank line is no row.
 *
 * Refused, with "LINE:COLUMN: reason": an empty file, UTF-16, a NUL byte,
 * invalid UTF-8, a quote that never closes, a field longer than
 * IMPORT_MAX_TEXT, a row of more than CSV_MAX_FIELDS fields.
 *
 * parse(serialise(parse(x))) = parse(x): the same separator, rows and
 * field texts (tests/fuzz checks it).
 */
#ifndef AGORA_IMPORT_CSV_H
#define AGORA_IMPORT_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"
#include "util.h"

#define CSV_MAX_FIELDS 4096

struct csv_field {
	char *text; /* NUL-terminated, valid UTF-8 */
	size_t len;
	int64_t line, col; /* where the field starts */
};

struct csv_row {
	struct csv_field *fields;
	size_t n;
	int64_t line;
};

struct csv_table {
	char sep;
	struct csv_row *rows; /* the header first */
	size_t nrows;
};

/* Parses len bytes at data into *out (free with csv_table_free(), also
 * after a failure).  On failure *err (caller frees) says why. */
enum status csv_parse(const char *data, size_t len, struct csv_table *out,
    char **err);
/* Writes t as CSV with its separator: every field quoted, LF line ends. */
void csv_serialise(const struct csv_table *t, struct buf *out);
void csv_table_free(struct csv_table *t);

#endif
