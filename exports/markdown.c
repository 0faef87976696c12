/*
 * markdown.c: the resolution as Markdown, readable both as it is and as
 * rendered (CommonMark, GitHub, pandoc).
 *
 * The title is a level-one heading; every other part is a paragraph, and
 * every item is a paragraph that starts with its number as literal text:
 * "1.1\. Создать …", "**1.** Отраслевым …:".  The escaped dot keeps a
 * renderer from turning the item into a list of its own numbering, so
 * every renderer shows the assembler's numbers.
 *
 * User text cannot make markup: after text_sanitise() (control characters
 * made visible, as in the text export) the characters Markdown gives a
 * meaning to are escaped with a backslash: everywhere for those that act
 * anywhere in a line (emphasis, code, links, raw HTML, tables, pandoc's
 * math, citations and smart quotes), and at the start of a line for those
 * that act only there (headings, lists, quotes, rules, definition lists).
 * Runs of spaces become one space, so that no line becomes a code block.
 */
#include <stdlib.h>
#include <string.h>

#include "../model/i18n.h"
#include "../model/text.h"
#include "../model/util.h"
#include "export.h"

/* An ASCII letter or digit: what a list marker is made of. */
static bool
md_alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

/*
 * Appends one line of sanitised text (no newline) with Markdown's meaning
 * taken away.  at_start: the line begins here, so the block markers count.
 */
static void
md_escape(struct buf *b, const char *s, size_t len, bool at_start)
{
	size_t i = 0, lead;

	/* Spaces at the start would indent (a code block at four). */
	while (i < len && s[i] == ' ')
		i++;
	/* A list marker "1." "1)" "a." "iv)" at the start of a line. */
	lead = i;
	while (at_start && lead < len && md_alnum(s[lead]))
		lead++;
	if (!at_start || lead == i || lead >= len ||
	    (s[lead] != '.' && s[lead] != ')'))
		lead = SIZE_MAX;
	for (; i < len; i++) {
		char c = s[i], prev = '\0', next = '\0';
		bool first = at_start && (b->len == 0 ||
		    b->data[b->len - 1] == '\n');
		bool esc = false;

		if (i > 0)
			prev = s[i - 1];
		if (i + 1 < len)
			next = s[i + 1];
		switch (c) {
		case ' ':
			/* One space for a run; none at the end (two there
			 * would break the line). */
			if (next == ' ' || next == '\0')
				continue;
			break;
		case '\\': case '`': case '*': case '_': case '[': case ']':
		case '<': case '>': case '|': case '#': case '~': case '^':
		case '$': case '@': case '"': case '\'': case '{': case '}':
			esc = true;
			break;
		case '&': /* an entity: &amp; &#39; */
			esc = md_alnum(next) || next == '#';
			break;
		case '-': /* a list or a rule; "--" a dash to pandoc */
			esc = first || prev == '-' || next == '-';
			break;
		case '.': /* "..." an ellipsis to pandoc */
			esc = prev == '.' || next == '.' || i == lead;
			break;
		case ')':
			esc = i == lead;
			break;
		case '+': case '=': case ':': case '%': case '(':
			esc = first;
			break;
		default:
			break;
		}
		if (esc)
			buf_addc(b, '\\');
		buf_addc(b, c);
	}
}

/* Ends a paragraph: no space at its end, then a blank line. */
static void
md_end(struct buf *b)
{
	while (b->len > 0 && b->data[b->len - 1] == ' ')
		b->data[--b->len] = '\0';
	buf_adds(b, "\n\n");
}

/*
 * Appends text as Markdown paragraphs: lines of the text are joined by
 * hard line breaks (a backslash at the end of a line), an empty line
 * starts a new paragraph.  prefix, already Markdown, goes before the first
 * line.
 */
static void
md_text(struct buf *b, const char *prefix, const char *text)
{
	struct buf t = {0}, l = {0};
	const char *p, *nl;
	bool open = prefix != NULL, first = true;

	if (prefix != NULL)
		buf_adds(b, prefix);
	if (text == NULL)
		text = "";
	text_sanitise(&t, text, strlen(text), TEXT_KEEP_NEWLINE);
	p = buf_str(&t);
	do {
		nl = strchr(p, '\n');
		buf_reset(&l);
		md_escape(&l, p, nl ? (size_t)(nl - p) : strlen(p),
		    !(first && prefix != NULL));
		if (l.len == 0) {
			if (open)
				md_end(b);
			open = false;
		} else {
			if (open && !(first && prefix != NULL))
				buf_adds(b, "\\\n");
			buf_add(b, l.data, l.len);
			open = true;
		}
		first = false;
		p = nl ? nl + 1 : NULL;
	} while (p != NULL);
	if (open)
		md_end(b);
	buf_free(&l);
	buf_free(&t);
}

/* An item's number with its last dot escaped: "1.10\. ".  bold: "**1.** ". */
static void
md_number(struct buf *b, const char *number, bool bold)
{
	struct buf t = {0};
	size_t n;

	text_sanitise(&t, number, strlen(number), 0);
	n = t.len;
	if (bold)
		buf_adds(b, "**");
	if (n > 0 && t.data[n - 1] == '.' && !bold) {
		md_escape(b, t.data, n - 1, false);
		buf_adds(b, "\\.");
	} else {
		md_escape(b, t.data, n, false);
	}
	buf_adds(b, bold ? "** " : " ");
	buf_free(&t);
}

/* Each item a paragraph that starts with its number. */
static void
md_items(struct buf *b, const struct doc_item *items, size_t n)
{
	struct buf num = {0};

	for (size_t i = 0; i < n; i++) {
		buf_reset(&num);
		md_number(&num, items[i].number, false);
		md_text(b, buf_str(&num), items[i].text);
	}
	buf_free(&num);
}

/* One line of text (newlines become spaces), escaped; at_start: it
 * begins a line of the file. */
static void
md_line(struct buf *b, const char *s, bool at_start)
{
	struct buf t = {0};

	if (s == NULL)
		s = "";
	text_sanitise(&t, s, strlen(s), TEXT_KEEP_NEWLINE);
	for (size_t i = 0; i < t.len; i++)
		if (t.data[i] == '\n')
			t.data[i] = ' ';
	md_escape(b, buf_str(&t), t.len, at_start);
	buf_free(&t);
}

/* The document, block by block; written in pieces as it grows. */
static enum status
md_write(struct forum *f, const struct resolution *r,
    const struct export_options *o, FILE *out)
{
	struct buf b = {0};

	(void)f;
	for (size_t i = 0; i < r->nblocks; i++) {
		const struct doc_block *bl = &r->blocks[i];

		export_progress_doc(o, r, i, 0);
		switch (bl->kind) {
		case BLOCK_DRAFT:
			buf_adds(&b, "**");
			md_line(&b, bl->text, false);
			buf_adds(&b, "**\n\n");
			break;
		case BLOCK_TITLE:
			buf_adds(&b, "# ");
			md_line(&b, bl->text, false);
			buf_adds(&b, "\n\n");
			break;
		case BLOCK_PLACE: {
			/* "Г. Красноярск, 30 января 2018 г." */
			char *line = xasprintf("%s%s%s", bl->place ? bl->place :
			    "", bl->place && *bl->place && bl->date &&
			    *bl->date ? ", " : "", bl->date ? bl->date : "");

			md_line(&b, line, true);
			free(line);
			md_end(&b);
			break;
		}
		case BLOCK_PARAGRAPH:
			md_text(&b, NULL, bl->text);
			break;
		case BLOCK_LIST:
			md_items(&b, bl->items, bl->nitems);
			break;
		case BLOCK_SECTION: {
			struct buf num = {0};

			md_number(&num, bl->number, true);
			md_text(&b, buf_str(&num), bl->text);
			buf_free(&num);
			md_items(&b, bl->items, bl->nitems);
			break;
		}
		}
		if (b.len > 65536) {
			fwrite(b.data, 1, b.len, out);
			buf_reset(&b);
		}
	}
	if (b.len > 0)
		fwrite(b.data, 1, b.len, out);
	buf_free(&b);
	return ferror(out) ? ST_IO : ST_OK;
}

const struct export_format export_markdown = {
	.name = "md",
	.extensions = "md markdown",
	.summary = N_("Markdown, the numbers kept as text"),
	.write = md_write,
};
