/*
 * pdf.c: the resolution as a PDF for print and the paper archive, laid out
 * with pango and drawn with cairo.
 *
 * The page follows PRODUCT.md "Print layout" (ГОСТ Р 7.0.97): A4, margins
 * 30 mm left, 10 mm right, 20 mm top and bottom, 14 pt Liberation Serif
 * (Times New Roman where installed), justified paragraphs with a 1.25 cm
 * first-line indent, line spacing 1.15, page numbers from the second page
 * on, centred in the top margin.  Numbered items hang under their number.
 *
 * Pango lays out each paragraph at the text width; the lines are then
 * placed one by one, so a paragraph breaks across pages between two lines.
 * A first line is not left alone at the foot of a page, nor a last line at
 * the head of the next, and a heading or an introduction stays with what
 * follows it.  Words are never cut: a break inside a word happens only for
 * a single word wider than the whole line, and never inserts a hyphen, so
 * the text read back from the PDF is the text of the document.
 *
 * Every text is sanitised (model/text.h) before pango sees it: pango needs
 * valid UTF-8, and control characters are shown as the text export shows
 * them.  User text is never parsed as pango markup.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "../model/i18n.h"
#include "../model/text.h"
#include "../model/util.h"
#include "export.h"

#define PT_PER_MM (72.0 / 25.4)
#define PAGE_W 595.28 /* A4, points */
#define PAGE_H 841.89
#define MARGIN_LEFT (30 * PT_PER_MM)
#define MARGIN_RIGHT (10 * PT_PER_MM)
#define MARGIN_TOP (20 * PT_PER_MM)
#define MARGIN_BOTTOM (20 * PT_PER_MM)
#define TEXT_W (PAGE_W - MARGIN_LEFT - MARGIN_RIGHT)
#define FONT_FAMILY "Liberation Serif,Times New Roman,serif"
#define FONT_SIZE 14.0
#define NUMBER_SIZE 12.0       /* page numbers */
#define LINE_SPACING 1.15
#define FIRST_INDENT (12.5 * PT_PER_MM)
#define NUMBER_TOP (10 * PT_PER_MM) /* page number: top of its line */

/* Points to pango units and back. */
#define PU(pt) ((int)((pt) * PANGO_SCALE + 0.5))
#define PT(pu) ((double)(pu) / PANGO_SCALE)

/* One laid-out paragraph waiting to be placed on the pages. */
struct piece {
	PangoLayout *layout;
	PangoLayout *right; /* drawn flush right on the first line (the date) */
	double x;           /* left edge, points from the text area's left */
	double before;      /* space above, points; dropped at a page's top */
	bool keep;          /* keep with the first lines of the next piece */
};

/* A line of a piece: where it stands in the piece and its height. */
struct pline {
	PangoLayoutLine *line;
	double x;    /* left edge of the line, from the piece's left edge */
	double top;  /* top of the line in its layout */
	double h;    /* the height it takes, spacing included */
	double base; /* baseline, from the top of its slot */
};

struct pdf {
	FILE *out;
	int werr; /* errno of a failed write */
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoContext *ctx;
	PangoFontDescription *font, *bold, *small;
	double pitch;    /* baseline to baseline in the body font, points */
	int page;        /* the current page, from 1 */
	double y;        /* next free position on the page, from its top */
	bool empty;      /* nothing placed on the current page yet */
	struct piece pending; /* placed once the next piece is known */
	bool has_pending;
	struct pline *lines;
	size_t nlines, capl;
	struct buf text; /* scratch */
};

/* cairo's output: the stream, with the errno of a failed write kept. */
static cairo_status_t
pdf_write_fn(void *closure, const unsigned char *data, unsigned int len)
{
	struct pdf *p = closure;

	if (len > 0 && fwrite(data, 1, len, p->out) != len) {
		p->werr = errno ? errno : EIO;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	return CAIRO_STATUS_SUCCESS;
}

/*
 * Appends s sanitised for pango: valid UTF-8, control characters visible,
 * tabs expanded; newlines kept only if keep_nl.  Runs of spaces become one
 * space and spaces at the ends of a line go: in justified text each space
 * would stretch.
 */
static void
pdf_clean(struct buf *b, const char *s, bool keep_nl)
{
	struct buf t = {0};
	const char *q;
	size_t start = b->len;

	if (s == NULL)
		s = "";
	text_sanitise(&t, s, strlen(s), keep_nl ? TEXT_KEEP_NEWLINE : 0);
	for (q = buf_str(&t); *q != '\0'; q++) {
		bool line_start = b->len == start || b->data[b->len - 1] == '\n';

		if (*q == ' ' && (line_start || q[1] == ' ' || q[1] == '\n' ||
		    q[1] == '\0'))
			continue;
		buf_addc(b, *q);
	}
	buf_free(&t);
}

/*
 * A new layout of text (already sanitised, without newlines) at width
 * points.  indent > 0 indents the first line, < 0 hangs the others; tab,
 * if > 0, is the one tab stop (after an item's number).
 */
static PangoLayout *
pdf_layout(struct pdf *p, const char *text, size_t len, double width,
    double indent, PangoAlignment align, bool justify,
    const PangoFontDescription *font, double tab)
{
	PangoLayout *l = pango_layout_new(p->ctx);
	PangoAttrList *attrs = pango_attr_list_new();

	pango_layout_set_font_description(l, font);
	pango_layout_set_width(l, PU(width));
	/* Word breaks only; a word wider than the line breaks between
	 * characters, since it could not stand anywhere otherwise. */
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(l, align);
	pango_layout_set_justify(l, justify);
	pango_layout_set_indent(l, PU(indent));
	pango_layout_set_line_spacing(l, (float)LINE_SPACING);
	/* A break inside a word must not add a hyphen the text does not have. */
	pango_attr_list_insert(attrs, pango_attr_insert_hyphens_new(FALSE));
	pango_layout_set_attributes(l, attrs);
	pango_attr_list_unref(attrs);
	if (tab > 0) {
		PangoTabArray *tabs = pango_tab_array_new(1, FALSE);

		pango_tab_array_set_tab(tabs, 0, PANGO_TAB_LEFT, PU(tab));
		pango_layout_set_tabs(l, tabs);
		pango_tab_array_free(tabs);
	}
	pango_layout_set_text(l, text, (int)len);
	return l;
}

/* Width of a short sanitised text in font, points. */
static double
pdf_text_width(struct pdf *p, const char *s, const PangoFontDescription *font)
{
	PangoLayout *l = pango_layout_new(p->ctx);
	PangoRectangle logical;

	pango_layout_set_font_description(l, font);
	pango_layout_set_text(l, s, -1);
	pango_layout_get_extents(l, NULL, &logical);
	g_object_unref(l);
	return PT(logical.width);
}

/*
 * Collects the lines of a layout into p->lines.  Each line takes the space
 * down to the next line's top; the last one the height of a spaced line.
 */
static void
pdf_lines(struct pdf *p, PangoLayout *l)
{
	PangoLayoutIter *it = pango_layout_get_iter(l);
	PangoRectangle logical;

	p->nlines = 0;
	do {
		struct pline *pl;

		if (p->nlines == p->capl) {
			p->capl = p->capl ? 2 * p->capl : 64;
			p->lines = xreallocarray(p->lines, p->capl,
			    sizeof *p->lines);
		}
		pl = &p->lines[p->nlines++];
		pango_layout_iter_get_line_extents(it, NULL, &logical);
		pl->line = pango_layout_iter_get_line_readonly(it);
		pl->x = PT(logical.x);
		pl->top = PT(logical.y);
		pl->h = p->pitch > 0 ? p->pitch : PT(logical.height) *
		    LINE_SPACING;
		pl->base = PT(pango_layout_iter_get_baseline(it)) - pl->top;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	for (size_t i = 0; i + 1 < p->nlines; i++)
		p->lines[i].h = p->lines[i + 1].top - p->lines[i].top;
}

/* Height of the first n lines of l (all if fewer), points. */
static double
pdf_first_lines(struct pdf *p, PangoLayout *l, size_t n)
{
	double h = 0;

	pdf_lines(p, l);
	for (size_t i = 0; i < n && i < p->nlines; i++)
		h += p->lines[i].h;
	return h;
}

/* Ends the current page and starts the next, with its number. */
static void
pdf_new_page(struct pdf *p)
{
	char num[24];
	PangoLayout *l;

	cairo_show_page(p->cr);
	p->page++;
	p->y = MARGIN_TOP;
	p->empty = true;
	snprintf(num, sizeof num, "%d", p->page);
	l = pdf_layout(p, num, strlen(num), TEXT_W, 0, PANGO_ALIGN_CENTER,
	    false, p->small, 0);
	cairo_move_to(p->cr, MARGIN_LEFT, NUMBER_TOP);
	pango_cairo_show_layout(p->cr, l);
	g_object_unref(l);
}

/* Draws l flush right with its first baseline at y. */
static void
pdf_right(struct pdf *p, PangoLayout *l, double y)
{
	PangoRectangle logical;

	pango_layout_get_extents(l, NULL, &logical);
	cairo_move_to(p->cr, MARGIN_LEFT + TEXT_W - PT(logical.x) -
	    PT(logical.width), y - PT(pango_layout_get_baseline(l)));
	pango_cairo_show_layout(p->cr, l);
}

/*
 * Places a piece: its lines from the current position on, breaking pages
 * between lines.  after is the height the piece must keep with it on its
 * last page (the next piece's first lines, for a heading).
 */
static void
pdf_place(struct pdf *p, struct piece *pc, double after)
{
	const double bottom = PAGE_H - MARGIN_BOTTOM;
	double total = 0;
	size_t i = 0, n;

	pdf_lines(p, pc->layout);
	n = p->nlines;
	for (size_t k = 0; k < n; k++)
		total += p->lines[k].h;
	/* A short piece that must stay with the next starts a page rather
	 * than stand alone at the foot of this one. */
	if (!p->empty && after > 0 && p->y + pc->before + total <= bottom &&
	    p->y + pc->before + total + after > bottom)
		pdf_new_page(p);
	if (!p->empty)
		p->y += pc->before;
	while (i < n) {
		double y = p->y;
		size_t k = 0;

		while (i + k < n && y + p->lines[i + k].h <= bottom + 0.01)
			y += p->lines[i + k++].h;
		if (i + k < n) {
			/* A widow: the last line alone on the next page. */
			if (n - i - k == 1 && k >= 2)
				k--;
			/* An orphan: the first line alone on this page. */
			if (i == 0 && k == 1 && n >= 2)
				k = 0;
			if (k == 0 && p->empty)
				k = 1; /* taller than a page: place it anyway */
		}
		for (size_t j = i; j < i + k; j++) {
			struct pline *pl = &p->lines[j];

			cairo_move_to(p->cr, MARGIN_LEFT + pc->x + pl->x,
			    p->y + pl->base);
			pango_cairo_show_layout_line(p->cr, pl->line);
			if (j == 0 && pc->right != NULL)
				pdf_right(p, pc->right, p->y + pl->base);
			p->y += pl->h;
			p->empty = false;
		}
		i += k;
		if (i < n)
			pdf_new_page(p);
	}
}

/* Releases a piece's layouts. */
static void
pdf_piece_free(struct piece *pc)
{
	if (pc->layout != NULL)
		g_object_unref(pc->layout);
	if (pc->right != NULL)
		g_object_unref(pc->right);
	memset(pc, 0, sizeof *pc);
}

/* Places the pending piece, if any, knowing what follows it (NULL: the
 * end of the document). */
static void
pdf_flush(struct pdf *p, struct piece *next)
{
	double after = 0;

	if (!p->has_pending)
		return;
	if (p->pending.keep && next != NULL)
		after = next->before + pdf_first_lines(p, next->layout, 2);
	pdf_place(p, &p->pending, after);
	pdf_piece_free(&p->pending);
	p->has_pending = false;
}

/* Queues a piece (taking its layouts); the one before it is placed. */
static void
pdf_add(struct pdf *p, const struct piece *pc)
{
	struct piece next = *pc;

	pdf_flush(p, &next);
	p->pending = next;
	p->has_pending = true;
}

/*
 * Adds a body text: one piece per line of the text (a newline in it starts
 * a new paragraph).  number, if not NULL, stands before the first line and
 * the text hangs at hang points; otherwise the first line is indented.
 */
static void
pdf_text(struct pdf *p, const char *number, const char *text, double hang,
    double before, bool keep)
{
	struct buf *t = &p->text;
	const char *s, *nl;
	bool first = true;

	buf_reset(t);
	pdf_clean(t, text, true);
	s = buf_str(t);
	do {
		struct piece pc = { .before = first ? before : 0 };
		struct buf line = {0};
		size_t len;

		nl = strchr(s, '\n');
		len = nl ? (size_t)(nl - s) : strlen(s);
		if (number != NULL && first) {
			pdf_clean(&line, number, false);
			buf_addc(&line, '\t');
			buf_add(&line, s, len);
			pc.layout = pdf_layout(p, buf_str(&line), line.len,
			    TEXT_W, -hang, PANGO_ALIGN_LEFT, true, p->font,
			    hang);
		} else if (number != NULL) {
			pc.x = hang;
			pc.layout = pdf_layout(p, s, len, TEXT_W - hang, 0,
			    PANGO_ALIGN_LEFT, true, p->font, 0);
		} else {
			pc.layout = pdf_layout(p, s, len, TEXT_W, FIRST_INDENT,
			    PANGO_ALIGN_LEFT, true, p->font, 0);
		}
		buf_free(&line);
		/* Keep the whole text with what follows only by its last
		 * piece: the pieces of one text follow each other anyway. */
		pc.keep = keep && nl == NULL;
		pdf_add(p, &pc);
		first = false;
		s = nl ? nl + 1 : NULL;
	} while (s != NULL);
}

/* A one-line text (the draft mark, the title) aligned as asked. */
static void
pdf_line(struct pdf *p, const char *text, PangoAlignment align,
    const PangoFontDescription *font, double before)
{
	struct buf b = {0};
	struct piece pc = { .before = before, .keep = true };

	pdf_clean(&b, text, false);
	pc.layout = pdf_layout(p, buf_str(&b), b.len, TEXT_W, 0, align, false,
	    font, 0);
	buf_free(&b);
	pdf_add(p, &pc);
}

/* The place on the left and the date flush right on its first line. */
static void
pdf_place_line(struct pdf *p, const char *place, const char *date,
    double before)
{
	struct buf pb = {0}, db = {0};
	struct piece pc = { .before = before, .keep = true };
	double dw = 0;

	pdf_clean(&pb, place, false);
	pdf_clean(&db, date, false);
	if (db.len > 0) {
		/* The date takes at most half the line, the place the rest. */
		pc.right = pdf_layout(p, buf_str(&db), db.len, TEXT_W / 2, 0,
		    PANGO_ALIGN_RIGHT, false, p->font, 0);
		dw = pdf_text_width(p, buf_str(&db), p->font);
		dw = (dw < TEXT_W / 2 ? dw : TEXT_W / 2) + FONT_SIZE;
	}
	pc.layout = pdf_layout(p, buf_str(&pb), pb.len, TEXT_W - dw, 0,
	    PANGO_ALIGN_LEFT, false, p->font, 0);
	buf_free(&pb);
	buf_free(&db);
	pdf_add(p, &pc);
}

/* The widest of the numbers, points, plus the gap before the text. */
static double
pdf_hang(struct pdf *p, const struct doc_item *items, size_t n,
    const char *number, double hang)
{
	struct buf b = {0};
	double w;

	if (number != NULL) {
		pdf_clean(&b, number, false);
		w = pdf_text_width(p, buf_str(&b), p->font) + FONT_SIZE / 2;
		if (w > hang)
			hang = w;
	}
	for (size_t i = 0; i < n; i++) {
		buf_reset(&b);
		pdf_clean(&b, items[i].number, false);
		w = pdf_text_width(p, buf_str(&b), p->font) + FONT_SIZE / 2;
		if (w > hang)
			hang = w;
	}
	buf_free(&b);
	/* A number wider than half the line would leave no room for text. */
	return hang < TEXT_W / 2 ? hang : TEXT_W / 2;
}

/* "2018-01-30T00:00:00Z" from seconds since the epoch, into b. */
static void
pdf_date(char *b, size_t size, int64_t secs)
{
	time_t t = (time_t)secs;
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(b, size, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		b[0] = '\0';
}

/*
 * The timestamp for the document properties: the caller's, else
 * SOURCE_DATE_EPOCH (the reproducible-builds convention), else -1 (cairo
 * writes the current time).
 */
static int64_t
pdf_timestamp(const struct export_options *o)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long v;

	if (o->date >= 0)
		return o->date;
	if (e == NULL || *e == '\0')
		return -1;
	errno = 0;
	v = strtoll(e, &end, 10);
	if (*end != '\0' || errno != 0 || v < 0)
		return -1;
	return (int64_t)v;
}

/*
 * The document properties: the title, "agora" as the creator, and the
 * creation and modification dates when a timestamp was asked for.  cairo
 * 1.16 writes those two without the "D:" prefix (optional before PDF 2.0;
 * readers accept it); without them it writes the clock's time, and the
 * bytes would differ from run to run.
 */
static void
pdf_metadata(struct pdf *p, const struct resolution *r,
    const struct export_options *o)
{
	struct buf b = {0};
	int64_t ts = pdf_timestamp(o);
	char date[40];

	pdf_clean(&b, r->title, false);
	cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_TITLE,
	    buf_str(&b));
	cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_CREATOR,
	    "agora");
	buf_free(&b);
	if (ts >= 0) {
		pdf_date(date, sizeof date, ts);
		if (date[0] != '\0') {
			cairo_pdf_surface_set_metadata(p->surface,
			    CAIRO_PDF_METADATA_CREATE_DATE, date);
			cairo_pdf_surface_set_metadata(p->surface,
			    CAIRO_PDF_METADATA_MOD_DATE, date);
		}
	}
}

/* The pango context: unhinted metrics, so that the layout is the same at
 * any resolution and on every run. */
static void
pdf_context(struct pdf *p)
{
	cairo_font_options_t *fo = cairo_font_options_create();
	PangoLayout *l;

	p->ctx = pango_cairo_create_context(p->cr);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	pango_cairo_context_set_font_options(p->ctx, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_round_glyph_positions(p->ctx, FALSE);
	pango_context_set_language(p->ctx, pango_language_from_string("ru"));

	p->font = pango_font_description_from_string(FONT_FAMILY);
	pango_font_description_set_absolute_size(p->font, FONT_SIZE *
	    PANGO_SCALE);
	p->bold = pango_font_description_copy(p->font);
	pango_font_description_set_weight(p->bold, PANGO_WEIGHT_BOLD);
	p->small = pango_font_description_copy(p->font);
	pango_font_description_set_absolute_size(p->small, NUMBER_SIZE *
	    PANGO_SCALE);
	/* The distance between the lines of a paragraph, which the last line
	 * of each paragraph takes too. */
	l = pdf_layout(p, "Ж Ж", 3, 1, 0, PANGO_ALIGN_LEFT, false, p->font, 0);
	pdf_lines(p, l);
	p->pitch = p->nlines >= 2 ? p->lines[0].h : FONT_SIZE * LINE_SPACING;
	g_object_unref(l);
}

/* The hang shared by every section, so their texts stand in one column. */
static double
pdf_sections_hang(struct pdf *p, const struct resolution *r)
{
	double hang = 0;

	for (size_t i = 0; i < r->nblocks; i++)
		if (r->blocks[i].kind == BLOCK_SECTION)
			hang = pdf_hang(p, r->blocks[i].items,
			    r->blocks[i].nitems, r->blocks[i].number, hang);
	return hang;
}

/* Lays out the document block by block, then places the last piece. */
static void
pdf_blocks(struct pdf *p, const struct resolution *r,
    const struct export_options *o)
{
	const double line = p->pitch;
	double shang = pdf_sections_hang(p, r);
	const struct doc_block *prev = NULL;

	for (size_t i = 0; i < r->nblocks; i++) {
		const struct doc_block *b = &r->blocks[i];
		const struct doc_block *next = i + 1 < r->nblocks ?
		    &r->blocks[i + 1] : NULL;
		bool after_head = prev != NULL && (prev->kind == BLOCK_TITLE ||
		    prev->kind == BLOCK_PLACE);
		double hang;

		export_progress_doc(o, r, i, 0);
		switch (b->kind) {
		case BLOCK_DRAFT:
			pdf_line(p, b->text, PANGO_ALIGN_RIGHT, p->bold, 0);
			break;
		case BLOCK_TITLE:
			pdf_line(p, b->text, PANGO_ALIGN_CENTER, p->bold,
			    prev != NULL ? line : 0);
			break;
		case BLOCK_PLACE:
			pdf_place_line(p, b->place, b->date, line);
			break;
		case BLOCK_PARAGRAPH:
			/* An introduction stays with its list. */
			pdf_text(p, NULL, b->text, 0, after_head ? line : 0,
			    next != NULL && (next->kind == BLOCK_LIST ||
			    next->kind == BLOCK_SECTION));
			break;
		case BLOCK_LIST:
			hang = pdf_hang(p, b->items, b->nitems, NULL, 0);
			for (size_t j = 0; j < b->nitems; j++)
				pdf_text(p, b->items[j].number,
				    b->items[j].text, hang,
				    j == 0 && after_head ? line : 0, false);
			break;
		case BLOCK_SECTION:
			pdf_text(p, b->number, b->text, shang, line / 2, true);
			for (size_t j = 0; j < b->nitems; j++) {
				pdf_text(p, b->items[j].number,
				    b->items[j].text, shang, 0, false);
				export_progress_doc(o, r, i, j + 1);
			}
			break;
		}
		prev = b;
	}
	pdf_flush(p, NULL);
}

/* Releases everything pdf_write() made, whatever state it is in. */
static void
pdf_free(struct pdf *p)
{
	if (p->has_pending)
		pdf_piece_free(&p->pending);
	if (p->font != NULL)
		pango_font_description_free(p->font);
	if (p->bold != NULL)
		pango_font_description_free(p->bold);
	if (p->small != NULL)
		pango_font_description_free(p->small);
	if (p->ctx != NULL)
		g_object_unref(p->ctx);
	if (p->cr != NULL)
		cairo_destroy(p->cr);
	if (p->surface != NULL)
		cairo_surface_destroy(p->surface);
	free(p->lines);
	buf_free(&p->text);
}

/*
 * Writes the document as PDF to out.  ST_IO (errno set) if cairo cannot
 * start or a write fails.
 */
static enum status
pdf_write(struct forum *f, const struct resolution *r,
    const struct export_options *o, FILE *out)
{
	struct pdf p = { .out = out, .page = 1, .y = MARGIN_TOP, .empty = true };
	cairo_status_t cs;

	(void)f;
	p.surface = cairo_pdf_surface_create_for_stream(pdf_write_fn, &p,
	    PAGE_W, PAGE_H);
	p.cr = cairo_create(p.surface);
	if (cairo_surface_status(p.surface) != CAIRO_STATUS_SUCCESS ||
	    cairo_status(p.cr) != CAIRO_STATUS_SUCCESS) {
		pdf_free(&p);
		errno = ENOMEM;
		return ST_IO;
	}
	pdf_metadata(&p, r, o);
	pdf_context(&p);
	cairo_set_source_rgb(p.cr, 0, 0, 0);
	pdf_blocks(&p, r, o);
	cairo_show_page(p.cr);
	cairo_destroy(p.cr);
	p.cr = NULL;
	cairo_surface_finish(p.surface);
	cs = cairo_surface_status(p.surface);
	pdf_free(&p);
	if (cs != CAIRO_STATUS_SUCCESS) {
		errno = p.werr ? p.werr : EIO;
		return ST_IO;
	}
	return ferror(out) ? ST_IO : ST_OK;
}

#if defined(__SANITIZE_ADDRESS__)
/*
 * Under AddressSanitizer (make asan): fontconfig keeps the fonts it loaded
 * for pango and cairo in caches that refer to their blocks by encoded
 * offsets, not pointers, so the leak checker takes them for lost.  They
 * are fontconfig's, freed at exit by the system; suppress only those.
 */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_options(void);

const char *
__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}

const char *
__lsan_default_options(void)
{
	return "print_suppressions=0";
}
#endif

const struct export_format export_pdf = {
	.name = "pdf",
	.extensions = "pdf",
	.summary = N_("PDF for print: A4, ГОСТ Р 7.0.97 layout, fonts embedded"),
	.write = pdf_write,
};
