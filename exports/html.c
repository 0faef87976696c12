/*
 * html.c: the resolution as one self-contained HTML file: UTF-8, the style
 * inline, no script and nothing fetched from elsewhere.
 *
 * The markup is plain (h1 for the title, h2 for an addressee's heading, p
 * for every paragraph and item) and every number is the assembler's text,
 * not a CSS counter or an ol, so that copying the text keeps the numbers
 * and any reader shows the same numbers as the other exports.  The print
 * stylesheet gives PRODUCT.md's "Print layout": A4, the ГОСТ margins, 14 pt
 * Times New Roman or Liberation Serif, justified, a 1.25 cm first-line
 * indent, page numbers from the second page on where the browser supports
 * page margin boxes.
 *
 * Every text passes text_sanitise() (control characters made visible, as in
 * the text export) and then xml_escape(), so markup in a proposal is shown
 * as text and the file stays well-formed XML as well as HTML.
 */
#include <string.h>

#include "../model/i18n.h"
#include "../model/text.h"
#include "../model/util.h"
#include "export.h"
#include "xml.h"

static const char html_style[] =
    "@page {\n"
    "\tsize: A4;\n"
    "\tmargin: 20mm 10mm 20mm 30mm;\n"
    "\t@top-center { content: counter(page); font-size: 12pt; }\n"
    "}\n"
    "@page :first {\n"
    "\t@top-center { content: none; }\n"
    "}\n"
    "body {\n"
    "\tfont-family: \"Times New Roman\", \"Liberation Serif\", serif;\n"
    "\tfont-size: 14pt;\n"
    "\tline-height: 1.15;\n"
    "\ttext-align: justify;\n"
    "\tcolor: #000;\n"
    "\tbackground: #fff;\n"
    "}\n"
    "@media screen {\n"
    "\tbody { max-width: 170mm; margin: 2em auto; padding: 0 1em; }\n"
    "}\n"
    "@media print {\n"
    "\tbody { margin: 0; }\n"
    "}\n"
    "p, h1, h2 { margin: 0; font-size: 14pt; }\n"
    "p { text-indent: 1.25cm; }\n"
    "h1 { text-align: center; font-weight: bold; margin: 1em 0; }\n"
    "h2 { font-weight: normal; margin-top: 0.5em; }\n"
    ".draft { text-align: right; text-indent: 0; font-weight: bold; }\n"
    ".place { text-indent: 0; text-align: left; margin-bottom: 1em;\n"
    "\tdisplay: flex; justify-content: space-between; gap: 1em; }\n"
    ".place .date { text-align: right; white-space: nowrap; }\n"
    ".item, h2 { text-indent: -2.75em; padding-left: 2.75em; }\n"
    ".num { display: inline-block; min-width: 2.5em; text-indent: 0; }\n"
    "h2, .intro { page-break-after: avoid; break-after: avoid; }\n"
    "p { orphans: 2; widows: 2; }\n";

/*
 * Appends text sanitised and escaped; each newline in it becomes a line
 * break.
 */
static void
html_text(struct buf *b, const char *s)
{
	struct buf t = {0};
	const char *p, *nl;

	if (s == NULL)
		return;
	text_sanitise(&t, s, strlen(s), TEXT_KEEP_NEWLINE);
	for (p = buf_str(&t); (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
		xml_escape(b, p, (size_t)(nl - p));
		buf_adds(b, "<br />\n");
	}
	xml_escapes(b, p);
	buf_free(&t);
}

/* An item: its number, a space, its text. */
static void
html_item(struct buf *b, const char *tag, const char *number,
    const char *text)
{
	buf_printf(b, "<%s class=\"item\"><span class=\"num\">", tag);
	html_text(b, number);
	buf_adds(b, "</span> ");
	html_text(b, text);
	buf_printf(b, "</%s>\n", tag);
}

/* Each item a paragraph that starts with its number. */
static void
html_items(struct buf *b, const struct doc_item *items, size_t n)
{
	for (size_t i = 0; i < n; i++)
		html_item(b, "p", items[i].number, items[i].text);
}

/* From the doctype to <body>: the title, the date and the style. */
static void
html_head(struct buf *b, const struct resolution *r)
{
	buf_adds(b, "<!DOCTYPE html>\n"
	    "<html lang=\"ru\">\n"
	    "<head>\n"
	    "<meta charset=\"utf-8\" />\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\" />\n"
	    "<meta name=\"generator\" content=\"agora\" />\n");
	if (r->date_iso != NULL && date_valid(r->date_iso)) {
		buf_adds(b, "<meta name=\"date\" content=\"");
		xml_escapes(b, r->date_iso);
		buf_adds(b, "\" />\n");
	}
	buf_adds(b, "<title>");
	html_text(b, r->title);
	buf_adds(b, "</title>\n<style>\n");
	buf_adds(b, html_style);
	buf_adds(b, "</style>\n</head>\n<body>\n");
}

/* The document, block by block; written in pieces as it grows. */
static enum status
html_write(struct forum *f, const struct resolution *r,
    const struct export_options *o, FILE *out)
{
	struct buf b = {0};

	(void)f;
	html_head(&b, r);
	for (size_t i = 0; i < r->nblocks; i++) {
		const struct doc_block *bl = &r->blocks[i];
		const struct doc_block *next = i + 1 < r->nblocks ?
		    &r->blocks[i + 1] : NULL;

		export_progress_doc(o, r, i, 0);
		switch (bl->kind) {
		case BLOCK_DRAFT:
			buf_adds(&b, "<p class=\"draft\">");
			html_text(&b, bl->text);
			buf_adds(&b, "</p>\n");
			break;
		case BLOCK_TITLE:
			buf_adds(&b, "<h1>");
			html_text(&b, bl->text);
			buf_adds(&b, "</h1>\n");
			break;
		case BLOCK_PLACE:
			buf_adds(&b, "<p class=\"place\"><span class=\"city\">");
			html_text(&b, bl->place);
			buf_adds(&b, "</span> <span class=\"date\">");
			html_text(&b, bl->date);
			buf_adds(&b, "</span></p>\n");
			break;
		case BLOCK_PARAGRAPH:
			/* An introduction is kept with its list in print. */
			buf_adds(&b, next != NULL && (next->kind == BLOCK_LIST ||
			    next->kind == BLOCK_SECTION) ? "<p class=\"intro\">" :
			    "<p>");
			html_text(&b, bl->text);
			buf_adds(&b, "</p>\n");
			break;
		case BLOCK_LIST:
			buf_adds(&b, "<div class=\"list\">\n");
			html_items(&b, bl->items, bl->nitems);
			buf_adds(&b, "</div>\n");
			break;
		case BLOCK_SECTION:
			buf_adds(&b, "<div class=\"section\">\n");
			html_item(&b, "h2", bl->number, bl->text);
			html_items(&b, bl->items, bl->nitems);
			buf_adds(&b, "</div>\n");
			break;
		}
		/* Large documents go out in pieces. */
		if (b.len > 65536) {
			fwrite(b.data, 1, b.len, out);
			buf_reset(&b);
		}
	}
	buf_adds(&b, "</body>\n</html>\n");
	fwrite(b.data, 1, b.len, out);
	buf_free(&b);
	return ferror(out) ? ST_IO : ST_OK;
}

const struct export_format export_html = {
	.name = "html",
	.extensions = "html htm",
	.summary = N_("one self-contained HTML file with a print stylesheet"),
	.write = html_write,
};
