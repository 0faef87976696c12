/*
 * export.h: the output formats.  Each format is a const descriptor with a
 * name, file extensions and a write function that renders the assembled
 * resolution (or the proposals table) to a stream.  export_to_path() writes
 * to a temporary file beside the target and renames it, so a failed export
 * never leaves a partial file under the target's name.
 */
#ifndef AGORA_EXPORT_H
#define AGORA_EXPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "../model/forum.h"
#include "../model/resolution.h"

struct export_options {
	unsigned width; /* text: wrap width in columns; 0 = no wrapping */
	int64_t date;   /* reproducible timestamp (seconds), or -1 */
	bool excel;     /* CSV: BOM and semicolons */
	/*
	 * Called now and then while the file is written (NULL: never), for a
	 * progress bar: done of total units (a document's blocks and items),
	 * or, when total is 0, done rows or records so far (the table
	 * formats, which do not know their count beforehand).  It must not
	 * use the forum.
	 */
	void (*progress)(void *ctx, uint64_t done, uint64_t total);
	void *progress_ctx;
};

struct export_format {
	const char *name;       /* "txt" */
	const char *extensions; /* "txt text", space-separated */
	const char *summary;    /* one line for --help */
	/* Writes the document to out; returns ST_OK or ST_IO (errno set). */
	enum status (*write)(struct forum *f, const struct resolution *r,
	    const struct export_options *o, FILE *out);
	/* The format reads the records itself (model/table.h), not the
	 * document: export_run() assembles nothing and passes r = NULL. */
	bool table;
};

/* The known formats, NULL-terminated. */
extern const struct export_format *const export_formats[];

const struct export_format *export_find(const char *name);
/* The format whose extension path has, or NULL. */
const struct export_format *export_for_path(const char *path);

/*
 * Assembles and writes the forum in format fmt to path (NULL or "-":
 * standard output); a table format reads the records itself.  *err
 * (caller frees) names the file on failure.
 */
enum status export_run(struct forum *f, const struct export_format *fmt,
    const struct export_options *o, const char *path, char **err);

/*
 * For the writers: report progress to o->progress, if any.  A document
 * writer calls export_progress_doc() as it starts block `block` of r and,
 * for long blocks, as it goes through their items (item 0: the block's
 * start); a table writer calls export_progress_rows() with the rows (or
 * records) written so far.  Both pass only every so many units on.
 */
void export_progress_doc(const struct export_options *o,
    const struct resolution *r, size_t block, size_t item);
void export_progress_rows(const struct export_options *o, uint64_t rows);

extern const struct export_format export_txt;
extern const struct export_format export_docx;
extern const struct export_format export_odt;
extern const struct export_format export_pdf;
extern const struct export_format export_html;
extern const struct export_format export_markdown;
extern const struct export_format export_csv;
extern const struct export_format export_xlsx;
extern const struct export_format export_json;

/*
 * The table formats' escapers (csv.c, json.c), shared with the tests.
 * csv_escape() appends one field, cleaned by table_clean() and quoted as
 * RFC 4180 says when it holds sep, '"', CR or LF; excel also puts a "'"
 * before text that a spreadsheet would read as a formula.  json_escape()
 * appends a JSON string, quotes included: always valid UTF-8 (invalid
 * bytes become U+FFFD), control characters escaped.
 */
struct buf;
void csv_escape(struct buf *out, const char *s, size_t len, char sep,
    bool excel);
void json_escape(struct buf *out, const char *s, size_t len);

#endif
