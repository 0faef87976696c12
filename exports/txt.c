/*
 * txt.c: the resolution as plain UTF-8 text, wrapped by display width.
 *
 * Paragraphs wrap at the width; numbered items hang under their number; the
 * place stands on the left of its line and the date flush right.  Every
 * text passes the sanitiser first, so that a control character captured in
 * a proposal cannot reach a terminal that shows the file.
 */
#include <errno.h>
#include <string.h>

#include "../model/i18n.h"
#include "../model/text.h"
#include "../model/util.h"
#include "export.h"

struct txt {
	FILE *out;
	struct buf line; /* scratch for one sanitised piece */
	size_t indent;   /* columns before continuation lines */
	size_t first;    /* lines written so far for the current piece */
	const char *lead;     /* text before the first line ("1.1. ") */
	size_t lead_width;
};

/* Writes one wrapped line with its lead or its hanging indent. */
static void
txt_line(void *ctx, const char *line, size_t len)
{
	struct txt *t = ctx;

	if (t->first == 0 && t->lead != NULL)
		fputs(t->lead, t->out);
	else
		for (size_t i = 0; i < t->indent; i++)
			fputc(' ', t->out);
	fwrite(line, 1, len, t->out);
	fputc('\n', t->out);
	t->first++;
}

/*
 * Writes text wrapped at width: the first line after lead, the others
 * indented by indent columns.  A hard line break in the text starts a new
 * line with the same indent.
 */
static void
txt_wrap(struct txt *t, const char *lead, size_t indent, const char *text,
    unsigned width)
{
	const char *p = text, *nl;
	size_t lw = lead ? text_width(lead, strlen(lead)) : 0;

	t->lead = lead;
	t->lead_width = lw;
	t->indent = indent;
	t->first = 0;
	do {
		size_t fw, w;

		nl = strchr(p, '\n');
		buf_reset(&t->line);
		text_sanitise(&t->line, p, nl ? (size_t)(nl - p) : strlen(p), 0);
		fw = t->first == 0 ? lw : indent;
		w = width;
		if (width > 0) {
			fw = width > fw + 10 ? width - fw : 10;
			w = width > indent + 10 ? width - indent : 10;
		}
		text_wrap(t->line.data ? t->line.data : "", t->line.len,
		    width ? fw : 0, width ? w : 0, txt_line, t);
		p = nl ? nl + 1 : NULL;
	} while (p != NULL);
}

static void
txt_items(struct txt *t, const struct doc_item *items, size_t n,
    unsigned width)
{
	struct buf lead = {0};

	for (size_t i = 0; i < n; i++) {
		buf_reset(&lead);
		buf_adds(&lead, items[i].number);
		buf_addc(&lead, ' ');
		txt_wrap(t, lead.data, text_width(lead.data, lead.len),
		    items[i].text, width);
	}
	buf_free(&lead);
}

/* The place on the left and the date flush right (one space at least). */
static void
txt_place(struct txt *t, const char *place, const char *date, unsigned width)
{
	struct buf p = {0}, d = {0};
	size_t pw, dw;

	text_sanitise(&p, place, strlen(place), 0);
	text_sanitise(&d, date, strlen(date), 0);
	pw = text_width(buf_str(&p), p.len);
	dw = text_width(buf_str(&d), d.len);
	fputs(buf_str(&p), t->out);
	if (width > pw + dw)
		for (size_t i = 0; i < width - pw - dw; i++)
			fputc(' ', t->out);
	else
		fputc(' ', t->out);
	fputs(buf_str(&d), t->out);
	fputc('\n', t->out);
	buf_free(&p);
	buf_free(&d);
}

/* A line centred in width (or as is when it does not fit). */
static void
txt_centre(struct txt *t, const char *text, unsigned width)
{
	struct buf s = {0};
	size_t w;

	text_sanitise(&s, text, strlen(text), 0);
	w = text_width(buf_str(&s), s.len);
	if (width > w)
		for (size_t i = 0; i < (width - w) / 2; i++)
			fputc(' ', t->out);
	fputs(buf_str(&s), t->out);
	fputc('\n', t->out);
	buf_free(&s);
}

static enum status
txt_write(struct forum *f, const struct resolution *r,
    const struct export_options *o, FILE *out)
{
	struct txt t = { .out = out };
	unsigned width = o->width;
	const struct doc_block *prev = NULL;

	(void)f;
	for (size_t i = 0; i < r->nblocks; i++) {
		const struct doc_block *b = &r->blocks[i];

		export_progress_doc(o, r, i, 0);
		/* Blank lines between blocks, but a list follows its intro. */
		if (prev != NULL && !(b->kind == BLOCK_LIST &&
		    prev->kind == BLOCK_PARAGRAPH))
			fputc('\n', out);
		switch (b->kind) {
		case BLOCK_DRAFT:
		case BLOCK_TITLE:
			txt_centre(&t, b->text, width);
			break;
		case BLOCK_PLACE:
			txt_place(&t, b->place, b->date, width ? width : 80);
			break;
		case BLOCK_PARAGRAPH:
			txt_wrap(&t, NULL, 0, b->text, width);
			break;
		case BLOCK_LIST:
			txt_items(&t, b->items, b->nitems, width);
			break;
		case BLOCK_SECTION: {
			struct buf lead = {0};

			buf_adds(&lead, b->number);
			buf_addc(&lead, ' ');
			txt_wrap(&t, lead.data, text_width(lead.data, lead.len),
			    b->text, width);
			buf_free(&lead);
			txt_items(&t, b->items, b->nitems, width);
			break;
		}
		}
		prev = b;
	}
	buf_free(&t.line);
	return ferror(out) ? ST_IO : ST_OK;
}

const struct export_format export_txt = {
	.name = "txt",
	.extensions = "txt text",
	.summary = N_("plain text, wrapped by display width (--width)"),
	.write = txt_write,
};
