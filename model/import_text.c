/*
 * import_text.c: an earlier resolution, from plain text or a Word
 * document's paragraphs (import_text.h for what is recognised, import.h
 * for the import).
 *
 * What the import makes of it:
 *   - into a forum with no records yet (but its forum record): the title
 *     as the resolution's title, the place and the date, the opening and
 *     closing paragraphs, the participant groups, the key themes as tracks
 *     (labelled «Тема 1», «Тема 2», ...), the introductions and the
 *     lead-in, and the document final unless it says «ПРОЕКТ».  A forum
 *     file the import made itself is titled after the resolution's title
 *     («Резолюция X.» gives «X»).  Into a forum with records the preamble
 *     is left out (the report says so);
 *   - each heading an addressee (an existing one with that heading or
 *     label, else a new one labelled with the heading's first words);
 *   - each item an accepted proposal in the default track (--track, else
 *     the forum's first track), tagged with its heading's addressee in the
 *     order of the document.  The same text under two headings is one
 *     proposal with two addressees (1.3 and 3.4 of the reference).
 *
 * Recommendations: when every item under a heading starts with
 * «Рекомендовать», the addressee recommends (a new one is made so; an
 * existing one must be so already) and its items are stored without the
 * word, their next word capitalised: the assembler puts it back, so the
 * export reads as the source did.  Where that would not give the text
 * back exactly, the items keep their wording as it is.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "i18n.h"
#include "import.h"
#include "import_text.h"
#include "resolution.h"
#include "text.h"

/* ---- paragraphs ---- */

struct unit {
	char *text;  /* trimmed */
	size_t len;
	int64_t line, col;
	int level;   /* 0: no number; 1: "N."; 2: "N.M." */
	long n1, n2;
	size_t rest; /* where the text after the number starts */
};

struct units {
	struct unit *v;
	size_t n;
};

static void
units_free(struct units *u)
{
	size_t i;

	for (i = 0; i < u->n; i++)
		free(u->v[i].text);
	free(u->v);
	memset(u, 0, sizeof *u);
}

/* Up to max digits at s[*i]; -1 if there are none or more. */
static long
read_num(const char *s, size_t len, size_t *i, size_t max)
{
	long v = 0;
	size_t k = 0;

	while (*i < len && s[*i] >= '0' && s[*i] <= '9') {
		if (++k > max)
			return -1;
		v = v * 10 + (s[*i] - '0');
		(*i)++;
	}
	return k > 0 ? v : -1;
}

/* The number a paragraph starts with: sets level, n1, n2 and rest. */
static void
unit_number(struct unit *u)
{
	const char *s = u->text;
	size_t len = u->len, i = 0, k;
	uint32_t cp;
	long a, b;

	u->level = 0;
	u->rest = 0;
	/* Headings up to 999 («2018.» is a year), items up to 99999. */
	if ((a = read_num(s, len, &i, 3)) < 0 || i >= len ||
	    (s[i] != '.' && s[i] != ')'))
		return;
	if (s[i++] == '.' && i < len && s[i] >= '0' && s[i] <= '9') {
		if ((b = read_num(s, len, &i, 5)) < 0)
			return;
		if (i < len && (s[i] == '.' || s[i] == ')')) {
			i++;
			/* "1.2.3" is a deeper level or a date: not ours. */
			if (i < len && s[i] >= '0' && s[i] <= '9')
				return;
		} else if (i < len && s[i] != ' ' && s[i] != '\t' &&
		    (unsigned char)s[i] < 0x80)
			return; /* "1.5%", "1.5-2" */
		u->level = 2;
		u->n2 = b;
	} else
		u->level = 1;
	u->n1 = a;
	while (i < len) {
		k = text_decode(s + i, len - i, &cp);
		if (!import_is_space(cp))
			break;
		i += k;
	}
	u->rest = i;
}

/* Adds a paragraph of text (trimmed here; nothing if empty). */
static void
units_add(struct units *u, const char *s, size_t len, int64_t line,
    int64_t col)
{
	struct unit *x;

	import_trim(&s, &len);
	if (len == 0)
		return;
	u->v = import_grow(u->v, u->n, sizeof *u->v);
	x = &u->v[u->n++];
	memset(x, 0, sizeof *x);
	x->text = xstrndup(s, len);
	x->len = len;
	x->line = line;
	x->col = col;
	unit_number(x);
}

/* ---- dates ---- */

static const char *const months[] = {
	"января", "февраля", "марта", "апреля", "мая", "июня", "июля",
	"августа", "сентября", "октября", "ноября", "декабря"
};

/* Drops trailing spaces from s[0, *e). */
static void
rtrim(const char *s, size_t *e)
{
	const char *p = s;
	size_t n = *e;

	import_trim(&p, &n);
	*e = n == 0 ? 0 : (size_t)(p - s) + n;
}

/* True if s[0, *e) ends with the word w (ASCII or UTF-8, folded); drops
 * it. */
static bool
ends_with_word(const char *s, size_t *e, const char *w)
{
	size_t n = strlen(w);
	struct buf f = {0};
	bool hit;

	if (*e < n)
		return false;
	text_fold(&f, s + *e - n, n, true);
	hit = f.len == n && memcmp(f.data, w, n) == 0;
	buf_free(&f);
	if (hit)
		*e -= n;
	return hit;
}

/* The value of the n digits before s[e] (1 <= n <= 4); -1 if not. */
static long
digits_before(const char *s, size_t e, size_t min, size_t max, size_t *n)
{
	long v = 0, mul = 1;
	size_t k = 0;

	while (k < max && k < e && s[e - 1 - k] >= '0' &&
	    s[e - 1 - k] <= '9') {
		v += (s[e - 1 - k] - '0') * mul;
		mul *= 10;
		k++;
	}
	*n = k;
	return k >= min ? v : -1;
}

/*
 * If s ends with a date («30 января 2018 г.», «30 января 2018г.»,
 * «"30" января 2018 года», «30.01.2018»), writes it to iso as YYYY-MM-DD
 * and the length of what stands before it (trimmed, without a final ','
 * or dash) to *place.
 */
static bool
date_suffix(const char *s, size_t len, char iso[11], size_t *place)
{
	size_t e = len, k, ws;
	long y, m = -1, d;
	struct buf f = {0};

	rtrim(s, &e);
	if (e > 0 && s[e - 1] == '.')
		e--;
	rtrim(s, &e);
	if (!ends_with_word(s, &e, "года") && !ends_with_word(s, &e, "год"))
		(void)ends_with_word(s, &e, "г");
	rtrim(s, &e);
	if ((y = digits_before(s, e, 4, 4, &k)) < 0 || (k < e &&
	    s[e - k - 1] >= '0' && s[e - k - 1] <= '9'))
		return false;
	e -= k;
	if (e > 0 && s[e - 1] == '.') {
		/* DD.MM.YYYY */
		e--;
		if ((m = digits_before(s, e, 1, 2, &k)) < 0)
			return false;
		e -= k;
		if (e == 0 || s[e - 1] != '.')
			return false;
		e--;
	} else {
		size_t we;

		ws = e;
		rtrim(s, &e);
		if (e == ws)
			return false;
		we = e;
		while (e > 0 && s[e - 1] != ' ' && s[e - 1] != '\t' &&
		    (unsigned char)s[e - 1] != 0xA0)
			e--;
		text_fold(&f, s + e, we - e, true);
		for (k = 0; k < 12; k++)
			if (strcmp(buf_str(&f), months[k]) == 0)
				m = (long)k + 1;
		buf_free(&f);
		if (m < 0)
			return false;
		ws = e;
		rtrim(s, &e);
		if (e == ws)
			return false;
		/* A day in quotes: «30» or "30". */
		if (e >= 2 && memcmp(s + e - 2, "\xC2\xBB", 2) == 0)
			e -= 2;
		else if (e >= 1 && s[e - 1] == '"')
			e--;
	}
	if ((d = digits_before(s, e, 1, 2, &k)) < 0 || (k < e &&
	    s[e - k - 1] >= '0' && s[e - k - 1] <= '9'))
		return false;
	e -= k;
	if (e >= 2 && memcmp(s + e - 2, "\xC2\xAB", 2) == 0)
		e -= 2;
	else if (e >= 1 && s[e - 1] == '"')
		e--;
	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31)
		return false;
	snprintf(iso, 11, "%04d-%02d-%02d", (int)y, (int)m, (int)d);
	if (!date_valid(iso))
		return false;
	/* The place: what is left, without a separator at its end. */
	for (;;) {
		rtrim(s, &e);
		if (e > 0 && (s[e - 1] == ',' || s[e - 1] == '-'))
			e--;
		else if (e >= 3 && (memcmp(s + e - 3, "\xE2\x80\x94", 3) == 0 ||
		    memcmp(s + e - 3, "\xE2\x80\x93", 3) == 0))
			e -= 3;
		else
			break;
	}
	*place = e;
	return true;
}

/* ---- plain text into paragraphs ---- */

struct tline {
	size_t off, len; /* the line without its end, trailing spaces gone */
	size_t width;    /* columns, indentation included */
	bool blank;
	bool indented;
};

/* Columns of the first word of s. */
static size_t
first_word_width(const char *s, size_t len)
{
	size_t n = 0;

	while (n < len && s[n] != ' ' && s[n] != '\t')
		n++;
	return text_width(s, n);
}

/* True if s ends with a date and has no number: a place line. */
static bool
ends_in_date(const char *s, size_t len)
{
	struct unit u = { .text = (char *)s, .len = len };
	char iso[11];
	size_t place;

	unit_number(&u);
	return u.level == 0 && date_suffix(s, len, iso, &place);
}

/* True if s (trimmed) starts with a number or is a place line: it starts
 * a paragraph of its own. */
static bool
starts_own(const char *s, size_t len)
{
	struct unit u = { .text = (char *)s, .len = len };

	unit_number(&u);
	return u.level > 0 || ends_in_date(s, len);
}

static enum status
units_from_text(const char *data, size_t len, struct units *u, char **err)
{
	struct tline *lines = NULL;
	struct buf para = {0};
	size_t n = 0, i, start, w = 0, near = 0, p;
	int64_t pline = 0, pcol = 1;
	bool wrapped, open = false;
	size_t prev = 0; /* the last line of the open paragraph */
	enum status st;

	if ((st = import_check_text(data, len, IMPORT_MAX_LINE, &start, err)) !=
	    ST_OK)
		return st;
	for (p = start; p < len;) {
		struct tline *l;
		size_t e = p, t;
		const char *s;

		while (e < len && data[e] != '\n' && data[e] != '\r')
			e++;
		lines = import_grow(lines, n, sizeof *lines);
		l = &lines[n++];
		l->off = p;
		l->len = e - p;
		rtrim(data + p, &l->len);
		s = data + p;
		t = l->len;
		import_trim(&s, &t);
		l->blank = t == 0;
		l->indented = !l->blank && s != data + p;
		l->width = l->blank ? 0 : text_width(data + p, l->len);
		if (l->width > w)
			w = l->width;
		p = e;
		if (p < len && data[p] == '\r')
			p++;
		if (p < len && data[p] == '\n' && (p == e || p == e + 1))
			p++;
	}
	for (i = 0; i < n; i++)
		if (!lines[i].blank && lines[i].width * 100 >= w * 85)
			near++;
	wrapped = w > 0 && w <= 200 && near >= 3;

	for (i = 0; i < n; i++) {
		const struct tline *l = &lines[i];
		const char *s = data + l->off;
		size_t t = l->len, k;

		if (l->blank) {
			if (open)
				units_add(u, para.data, para.len, pline, pcol);
			open = false;
			buf_reset(&para);
			continue;
		}
		import_trim(&s, &t);
		if (open && wrapped && !starts_own(s, t) && para.len > 0 &&
		    para.data[para.len - 1] != ':' &&
		    lines[prev].width + 1 + first_word_width(s, t) > w) {
			struct unit probe = { .text = para.data,
				.len = para.len };

			unit_number(&probe);
			/* After a numbered line, only what hangs under it. */
			if (probe.level == 0 || l->indented) {
				buf_addc(&para, ' ');
				buf_add(&para, s, t);
				prev = i;
				continue;
			}
		}
		if (open)
			units_add(u, para.data, para.len, pline, pcol);
		buf_reset(&para);
		buf_add(&para, s, t);
		/* Line i + 1; the column after the indentation. */
		pline = (int64_t)i + 1;
		for (pcol = 1, k = l->off; k < (size_t)(s - data); k++)
			if (((unsigned char)data[k] & 0xC0) != 0x80)
				pcol++;
		prev = i;
		open = true;
		/* The first paragraph (the title, or «ПРОЕКТ») and a place
		 * line stand alone: nothing continues them. */
		if (u->n == 0 || ends_in_date(s, t)) {
			units_add(u, para.data, para.len, pline, pcol);
			buf_reset(&para);
			open = false;
		}
	}
	if (open)
		units_add(u, para.data, para.len, pline, pcol);
	buf_free(&para);
	free(lines);
	return ST_OK;
}

/* A document's paragraphs; one holding line breaks is cut where a
 * numbered line follows a break. */
static void
units_from_paras(const struct import_para *p, size_t n, struct units *u)
{
	size_t i, a, b;

	for (i = 0; i < n; i++) {
		const char *s = p[i].text;
		size_t len = p[i].len;

		for (a = 0, b = 0; b <= len; b++) {
			const char *next;
			size_t nl;

			if (b < len && s[b] != '\n')
				continue;
			if (b < len) {
				next = s + b + 1;
				nl = len - b - 1;
				import_trim(&next, &nl);
				if (!starts_own(next, nl))
					continue;
			}
			units_add(u, s + a, b - a, p[i].line, 1);
			a = b + 1;
		}
	}
}

/* ---- the parts ---- */

void
restext_doc_free(struct restext_doc *d)
{
	struct restext_list *lists[] = { &d->opening, &d->groups, &d->themes,
		&d->closing };
	size_t i, j;

	for (i = 0; i < sizeof lists / sizeof lists[0]; i++) {
		for (j = 0; j < lists[i]->n; j++)
			free(lists[i]->items[j]);
		free(lists[i]->items);
	}
	for (i = 0; i < d->nsections; i++) {
		for (j = 0; j < d->sections[i].nitems; j++)
			free(d->sections[i].items[j].text);
		free(d->sections[i].items);
		free(d->sections[i].heading);
	}
	free(d->sections);
	free(d->title);
	free(d->city);
	free(d->date);
	free(d->participants_intro);
	free(d->themes_intro);
	free(d->lead_in);
	import_report_free(&d->notes);
	memset(d, 0, sizeof *d);
}

static void
list_add(struct restext_list *l, const char *s, size_t len)
{
	l->items = import_grow(l->items, l->n, sizeof *l->items);
	l->items[l->n++] = xstrndup(s, len);
}

/* True if the paragraph is a heading: level 1, followed by an item or
 * ending with ':'. */
static bool
is_heading(const struct units *u, size_t i)
{
	const struct unit *x = &u->v[i];

	if (x->level != 1)
		return false;
	if (i + 1 < u->n && u->v[i + 1].level == 2)
		return true;
	return x->len > 0 && x->text[x->len - 1] == ':';
}

/* True if the text starts with the word «Рекомендовать» and a space. */
static bool
starts_recommend(const char *s)
{
	static const char word[] = "рекомендовать";
	struct buf f = {0};
	size_t wl = sizeof word - 1;
	bool r;

	text_fold(&f, s, strnlen(s, 64), true);
	r = f.len > wl && memcmp(f.data, word, wl) == 0 &&
	    (f.data[wl] == ' ' || f.data[wl] == '\t' ||
	    (unsigned char)f.data[wl] == 0xC2);
	buf_free(&f);
	return r;
}

/* The preamble: units [from, to). */
static void
parse_preamble(const struct units *u, size_t from, size_t to,
    struct restext_doc *d)
{
	size_t i = from, j, lists = 0, place;
	char iso[11];
	bool after = false; /* past the first list */
	const struct unit *x;
	/* The last paragraph put in opening or closing, and where. */
	size_t last = SIZE_MAX;
	struct restext_list *last_list = NULL;

	if (i < to && u->v[i].level == 0) {
		struct buf f = {0};

		import_norm(&f, u->v[i].text, u->v[i].len);
		if (strcmp(buf_str(&f), "проект") == 0) {
			d->draft = true;
			i++;
		}
		buf_free(&f);
	}
	if (i < to && u->v[i].level == 0 &&
	    !date_suffix(u->v[i].text, u->v[i].len, iso, &place)) {
		d->title = xstrdup(u->v[i].text);
		i++;
	}
	if (i < to && u->v[i].level == 0 &&
	    date_suffix(u->v[i].text, u->v[i].len, iso, &place)) {
		d->city = xstrndup(u->v[i].text, place);
		d->date = xstrdup(iso);
		i++;
	}
	for (; i < to; i++) {
		x = &u->v[i];
		if (x->level == 1) {
			struct restext_list *l;
			const struct unit *intro = NULL;
			struct buf f = {0};

			/* A list, and the paragraph before it its intro. */
			for (j = i; j < to && u->v[j].level == 1; j++)
				;
			if (i > from && last == i - 1 && u->v[i - 1].level == 0 &&
			    u->v[i - 1].len > 0 &&
			    u->v[i - 1].text[u->v[i - 1].len - 1] == ':') {
				intro = &u->v[i - 1];
				import_norm(&f, intro->text, intro->len);
			}
			if (d->participants_intro == NULL &&
			    ((intro != NULL && strstr(buf_str(&f), "участ")) ||
			    (lists == 0 && !(intro != NULL &&
			    strstr(buf_str(&f), "тем"))))) {
				l = &d->groups;
				d->participants_intro = intro ?
				    xstrdup(intro->text) : xstrdup("");
			} else if (d->themes_intro == NULL) {
				l = &d->themes;
				d->themes_intro = intro ? xstrdup(intro->text) :
				    xstrdup("");
			} else
				l = NULL;
			buf_free(&f);
			if (intro != NULL && l != NULL) {
				/* It went to opening or closing: take it
				 * back. */
				free(last_list->items[--last_list->n]);
			}
			for (; i < j; i++) {
				x = &u->v[i];
				if (l != NULL)
					list_add(l, x->text + x->rest,
					    x->len - x->rest);
				else
					list_add(&d->closing, x->text, x->len);
			}
			i--;
			lists++;
			after = true;
			continue;
		}
		if (x->level == 0 && i + 1 == to && x->len > 0 &&
		    x->text[x->len - 1] == ':') {
			d->lead_in = xstrdup(x->text);
			continue;
		}
		last_list = after ? &d->closing : &d->opening;
		list_add(last_list, x->text, x->len);
		last = i;
	}
}

/* The proposals: units [from, n). */
static void
parse_body(const struct units *u, size_t from, struct restext_doc *d,
    bool *ignored)
{
	struct restext_section *sec = NULL;
	struct buf ex = {0};
	long number = -1; /* the heading's */
	size_t i;

	for (i = from; i < u->n; i++) {
		const struct unit *x = &u->v[i];
		const char *rest = x->text + x->rest;
		size_t rlen = x->len - x->rest;

		if (is_heading(u, i)) {
			while (rlen > 0 && (rest[rlen - 1] == ':' ||
			    rest[rlen - 1] == ' ' || rest[rlen - 1] == '\t'))
				rlen--;
			if (rlen == 0) {
				import_msg(&d->notes, IMPORT_BAD, x->line,
				    x->col, _("heading %ld. has no text"), x->n1);
				d->notes.bad++;
				sec = NULL;
				continue;
			}
			d->sections = import_grow(d->sections, d->nsections,
			    sizeof *d->sections);
			sec = &d->sections[d->nsections++];
			memset(sec, 0, sizeof *sec);
			sec->heading = xstrndup(rest, rlen);
			sec->line = x->line;
			sec->col = x->col;
			sec->recommend_words = true;
			number = x->n1;
			continue;
		}
		if (x->level == 2) {
			struct restext_item *it;

			if (sec == NULL) {
				import_msg(&d->notes, IMPORT_BAD, x->line,
				    x->col, _("item %ld.%ld. stands under no "
				    "heading"), x->n1, x->n2);
				d->notes.bad++;
				continue;
			}
			if (x->n1 != number) {
				import_msg(&d->notes, IMPORT_BAD, x->line,
				    x->col, _("item %ld.%ld. stands under heading "
				    "%ld."), x->n1, x->n2, number);
				d->notes.bad++;
				continue;
			}
			if (rlen == 0) {
				import_msg(&d->notes, IMPORT_BAD, x->line,
				    x->col, _("item %ld.%ld. has no text"), x->n1,
				    x->n2);
				d->notes.bad++;
				continue;
			}
			sec->items = import_grow(sec->items, sec->nitems,
			    sizeof *sec->items);
			it = &sec->items[sec->nitems++];
			it->text = xstrndup(rest, rlen);
			it->line = x->line;
			it->col = x->col;
			if (!starts_recommend(it->text))
				sec->recommend_words = false;
			continue;
		}
		buf_reset(&ex);
		import_excerpt(&ex, x->text, x->len, 50);
		if (x->level == 1) {
			import_msg(&d->notes, IMPORT_BAD, x->line, x->col,
			    _("\"%s\" is neither a heading «N. …:» nor an item "
			    "«N.M. …»"), buf_str(&ex));
			d->notes.bad++;
		} else {
			import_msg(&d->notes, IMPORT_NOTE, x->line, x->col,
			    _("ignored: text among the proposals that is neither "
			    "heading nor item: \"%s\""), buf_str(&ex));
			*ignored = true;
		}
	}
	buf_free(&ex);
}

static enum status
parse_units(const struct units *u, struct restext_doc *d, char **err)
{
	size_t first;
	bool ignored = false;

	for (first = 0; first < u->n; first++)
		if (u->v[first].level == 1 && first + 1 < u->n &&
		    u->v[first + 1].level == 2)
			break;
	if (first == u->n) {
		*err = xstrdup(u->n == 0 ? _("empty file: no text") :
		    _("no numbered proposals: no heading «1. Адресату:» "
		    "followed by an item «1.1. …» was found"));
		return ST_INVALID;
	}
	parse_preamble(u, 0, first, d);
	parse_body(u, first, d, &ignored);
	if (d->title == NULL)
		d->title = xstrdup("");
	if (d->city == NULL)
		d->city = xstrdup("");
	if (d->date == NULL)
		d->date = xstrdup("");
	if (d->lead_in == NULL)
		d->lead_in = xstrdup("");
	return ST_OK;
}

enum status
restext_parse(const char *data, size_t len, struct restext_doc *out,
    char **err)
{
	struct units u = {0};
	enum status st;

	memset(out, 0, sizeof *out);
	*err = NULL;
	st = units_from_text(data, len, &u, err);
	if (st == ST_OK)
		st = parse_units(&u, out, err);
	units_free(&u);
	return st;
}

enum status
restext_parse_paras(const struct import_para *p, size_t n,
    struct restext_doc *out, char **err)
{
	struct units u = {0};
	enum status st;
	size_t i;

	memset(out, 0, sizeof *out);
	*err = NULL;
	for (i = 0; i < n; i++)
		if (!text_valid(p[i].text, p[i].len) ||
		    memchr(p[i].text, '\0', p[i].len) != NULL) {
			*err = xasprintf(_("%lld:1: not valid UTF-8 text"),
			    (long long)p[i].line);
			return ST_INVALID;
		}
	units_from_paras(p, n, &u);
	st = parse_units(&u, out, err);
	units_free(&u);
	return st;
}

/* ---- recommendations ---- */

/* Appends s with its first letter in upper case (the letters text_fold()
 * folds: Latin, Latin-1, Cyrillic). */
static void
upper_first(struct buf *out, const char *s, size_t len)
{
	uint32_t cp;
	size_t n;

	if (len == 0)
		return;
	n = text_decode(s, len, &cp);
	if ((cp >= 'a' && cp <= 'z') || (cp >= 0xE0 && cp <= 0xFE &&
	    cp != 0xF7) || (cp >= 0x430 && cp <= 0x44F))
		cp -= 0x20;
	else if (cp >= 0x450 && cp <= 0x45F)
		cp -= 0x50;
	else {
		buf_add(out, s, len);
		return;
	}
	text_encode(out, cp);
	buf_add(out, s + n, len - n);
}

char *
restext_unrecommend(const char *text)
{
	static const char word[] = "рекомендовать";
	const char *rest;
	size_t len = strlen(text), wl = sizeof word - 1, rlen;
	struct buf b = {0};
	char *back;
	int pass;

	if (!starts_recommend(text) || len <= wl)
		return NULL;
	rest = text + wl;
	rlen = len - wl;
	import_trim(&rest, &rlen);
	if (rlen == 0)
		return NULL;
	/* Capitalised, else as it stands: whichever the assembler turns
	 * back into text exactly. */
	for (pass = 0; pass < 2; pass++) {
		buf_reset(&b);
		if (pass == 0)
			upper_first(&b, rest, rlen);
		else
			buf_add(&b, rest, rlen);
		back = resolution_recommend(buf_str(&b));
		if (strcmp(back, text) == 0) {
			free(back);
			return buf_steal(&b);
		}
		free(back);
	}
	buf_free(&b);
	return NULL;
}

/* ---- the import ---- */

/* True if the file holds no record but its forum record. */
static enum status
forum_empty(struct forum *f, bool *empty)
{
	sqlite3_stmt *st = forum_stmt(f, "SELECT "
	    "(SELECT COUNT(*) FROM paragraph) + "
	    "(SELECT COUNT(*) FROM participant_group) + "
	    "(SELECT COUNT(*) FROM track) + (SELECT COUNT(*) FROM addressee) + "
	    "(SELECT COUNT(*) FROM proposal)");
	int rc;

	if (st == NULL)
		return ST_DB;
	rc = sqlite3_step(st);
	*empty = rc == SQLITE_ROW && sqlite3_column_int64(st, 0) == 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? ST_OK : forum_sqlerr(f, rc, _("read the file"));
}

/* The forum's title from the resolution's: «Резолюция X.» gives «X». */
static char *
title_from(const char *rt)
{
	static const char word[] = "резолюция";
	const char *s = rt;
	size_t len = strlen(rt), wl = sizeof word - 1;
	struct buf f = {0};

	text_fold(&f, s, len < 64 ? len : 64, true);
	if (f.len > wl && memcmp(f.data, word, wl) == 0 && f.data[wl] == ' ') {
		s += wl;
		len -= wl;
	}
	buf_free(&f);
	import_trim(&s, &len);
	while (len > 0 && s[len - 1] == '.')
		len--;
	import_trim(&s, &len);
	return len > 0 ? xstrndup(s, len) : xstrdup("Форум");
}

/* A short label for an addressee: the heading's first words, up to 30
 * characters. */
static char *
label_from(const char *heading)
{
	const char *s = heading;
	size_t len = strlen(heading), i = 0, end = 0, chars = 0, n;
	uint32_t cp;

	while (i < len) {
		n = text_decode(s + i, len - i, &cp);
		if (import_is_space(cp) || cp == ',' || cp == '(') {
			if (end == 0 || chars <= 30)
				end = i;
			if (chars > 30)
				break;
		}
		i += n;
		chars++;
	}
	if (i >= len && chars <= 30)
		end = len;
	if (end == 0)
		end = len;
	/* Not ending in «и», «по», «с»: the words the cut left dangling. */
	for (;;) {
		size_t w = end, chars2 = 0;

		while (w > 0 && s[w - 1] != ' ')
			w--;
		if (w == 0)
			break;
		for (i = w; i < end; i += text_decode(s + i, end - i, &cp))
			chars2++;
		if (chars2 > 2)
			break;
		end = w - 1;
		while (end > 0 && s[end - 1] == ' ')
			end--;
	}
	return xstrndup(s, end);
}

/* The preamble, into a forum that has no records yet. */
static enum status
write_preamble(struct import_ctx *c, const struct restext_doc *d)
{
	struct forum_info fi;
	enum status s;
	size_t i;
	char *title = NULL;

	if (forum_info_get(c->f, &fi) != ST_OK) {
		if (!c->o->new_file)
			return ST_CORRUPT; /* forum_error() tells */
		memset(&fi, 0, sizeof fi);
		fi.title = xstrdup("");
		fi.resolution_title = xstrdup("");
		fi.city = xstrdup("");
		fi.start_date = xstrdup("");
		fi.end_date = xstrdup("");
		fi.doc_date = xstrdup("");
		fi.participants_intro = xstrdup("");
		fi.themes_intro = xstrdup("");
		fi.lead_in = xstrdup("");
	}
#define SET(field, value) do { free(fi.field); fi.field = xstrdup(value); } \
	while (0)
	if (*d->title != '\0')
		SET(resolution_title, d->title);
	if (c->o->new_file || *fi.title == '\0') {
		title = title_from(fi.resolution_title);
		SET(title, title);
		free(title);
	}
	if (*d->city != '\0' || *d->date != '\0')
		SET(city, d->city);
	if (*d->date != '\0')
		SET(doc_date, d->date);
	if (d->participants_intro != NULL)
		SET(participants_intro, d->participants_intro);
	if (d->themes_intro != NULL)
		SET(themes_intro, d->themes_intro);
	SET(lead_in, d->lead_in);
#undef SET
	fi.final = !d->draft;
	s = forum_info_set(c->f, &fi);
	forum_info_free(&fi);
	c->r->forum_set = s == ST_OK;
	for (i = 0; i < d->opening.n && s == ST_OK; i++)
		if ((s = paragraph_insert(c->f, PARA_OPENING, d->opening.items[i],
		    NULL)) == ST_OK)
			c->r->paragraphs++;
	for (i = 0; i < d->closing.n && s == ST_OK; i++)
		if ((s = paragraph_insert(c->f, PARA_CLOSING, d->closing.items[i],
		    NULL)) == ST_OK)
			c->r->paragraphs++;
	for (i = 0; i < d->groups.n && s == ST_OK; i++)
		if ((s = group_insert(c->f, d->groups.items[i], NULL)) == ST_OK)
			c->r->groups++;
	for (i = 0; i < d->themes.n && s == ST_OK; i++) {
		char *label = xasprintf("Тема %zu", i + 1);
		struct track t = {
			.title = d->themes.items[i],
			.label = label,
			.moderator = (char *)"",
		};

		if ((s = track_insert(c->f, &t)) == ST_OK)
			c->r->tracks++;
		free(label);
	}
	if (s == ST_OK)
		s = import_tracks_reload(c);
	return s;
}

/* One section: its addressee found or made, its items written. */
static enum status
write_section(struct import_ctx *c, const struct restext_section *sec,
    struct import_keys *made)
{
	struct buf key = {0}, ex = {0};
	char **texts;
	enum status s = ST_OK;
	long ai;
	size_t i, pid;
	bool strip;

	ai = import_addressee_match(c, sec->heading, strlen(sec->heading));
	if (ai < 0 && c->o->strict) {
		import_excerpt(&ex, sec->heading, strlen(sec->heading), 60);
		import_msg(c->r, IMPORT_BAD, sec->line, sec->col, _("unknown "
		    "addressee \"%s\" (--strict: only the forum's addressees)"),
		    buf_str(&ex));
		c->r->bad++;
		s = c->o->skip_bad ? ST_OK : forum_fail(c->f, ST_INVALID,
		    _("%s:%lld:%lld: unknown addressee \"%s\" (--strict)"),
		    c->o->source, (long long)sec->line, (long long)sec->col,
		    buf_str(&ex));
		buf_free(&ex);
		return s;
	}
	strip = sec->recommend_words && (ai < 0 || c->addr[ai].recommend);
	texts = xcalloc(sec->nitems, sizeof *texts);
	for (i = 0; i < sec->nitems && strip; i++)
		if ((texts[i] = restext_unrecommend(sec->items[i].text)) ==
		    NULL)
			strip = false;
	if (strip && ai < 0)
		import_msg(c->r, IMPORT_NOTE, sec->line, sec->col, _("every item "
		    "under \"%s\" starts «Рекомендовать»: the addressee "
		    "recommends, and its items are stored without the word"),
		    sec->heading);
	if (ai < 0) {
		char *label = label_from(sec->heading);

		s = import_addressee_create(c, sec->heading, label, strip, &ai);
		free(label);
	}
	for (i = 0; i < sec->nitems && s == ST_OK; i++) {
		const struct restext_item *it = &sec->items[i];
		const char *text = strip ? texts[i] : it->text;
		struct proposal p = {
			.track_id = c->default_track,
			.text = (char *)text,
			.author = (char *)"",
			.organisation = (char *)"",
			.note = (char *)"",
			.status = PROPOSAL_ACCEPTED,
		};

		buf_reset(&key);
		import_key(&key, c->default_track, text, strlen(text));
		if (import_map_get(made, buf_str(&key), &pid)) {
			/* The same text under another heading. */
			s = proposal_tag(c->f, (int64_t)pid, c->addr[ai].rec.id);
			if (s == ST_OK)
				c->r->links++;
			continue;
		}
		if (import_key_has(c, buf_str(&key))) {
			buf_reset(&ex);
			import_excerpt(&ex, text, strlen(text), 50);
			import_msg(c->r, IMPORT_SKIPPED, it->line, it->col,
			    _("already in the forum: \"%s\""), buf_str(&ex));
			c->r->skipped++;
			continue;
		}
		if ((s = import_proposal_insert(c, &p, NULL)) != ST_OK)
			break;
		import_map_put(made, buf_str(&key), (size_t)p.rec.id);
		import_key_add(c, buf_str(&key));
		if ((s = proposal_tag(c->f, p.rec.id, c->addr[ai].rec.id)) ==
		    ST_OK)
			c->r->links++;
	}
	for (i = 0; i < sec->nitems; i++)
		free(texts[i]);
	free(texts);
	buf_free(&key);
	buf_free(&ex);
	return s;
}

/*
 * Leaves out, as bad lines, the headings and items over the size limits of
 * their fields (records.h), which the records would refuse when written.
 */
static void
check_sizes(struct restext_doc *d, struct import_report *r)
{
	struct restext_section *sec;
	char *msg;
	size_t i, j, k;

	for (i = 0; i < d->nsections; i++) {
		sec = &d->sections[i];
		if ((msg = record_size_error(_("the addressee's heading"),
		    sec->heading, LIMIT_HEADING)) != NULL) {
			import_msg(r, IMPORT_BAD, sec->line, sec->col, "%s", msg);
			r->bad++;
			free(msg);
			for (j = 0; j < sec->nitems; j++)
				free(sec->items[j].text);
			sec->nitems = 0;
			continue;
		}
		for (j = k = 0; j < sec->nitems; j++) {
			msg = record_size_error(_("the proposal's text"),
			    sec->items[j].text, LIMIT_TEXT);
			if (msg == NULL) {
				sec->items[k++] = sec->items[j];
				continue;
			}
			import_msg(r, IMPORT_BAD, sec->items[j].line,
			    sec->items[j].col, "%s", msg);
			r->bad++;
			free(msg);
			free(sec->items[j].text);
		}
		sec->nitems = k;
	}
}

/* Imports a parsed resolution (both entries below). */
static enum status
import_doc(struct forum *f, struct restext_doc *d,
    const struct import_options *o, struct import_report *r)
{
	struct import_ctx c;
	struct import_keys *made = NULL;
	enum status s;
	char *label;
	size_t i;
	bool own, empty;

	r->format = "text";
	for (i = 0; i < d->nsections; i++)
		r->rows += (int64_t)d->sections[i].nitems;
	/* The document's messages become the report's. */
	for (i = 0; i < d->notes.nmsgs; i++)
		import_msg(r, d->notes.msgs[i].kind, d->notes.msgs[i].line,
		    d->notes.msgs[i].col, "%s", d->notes.msgs[i].text);
	r->bad = d->notes.bad;
	check_sizes(d, r);
	if (r->bad > 0 && !o->skip_bad) {
		for (i = 0; i < r->nmsgs; i++)
			if (r->msgs[i].kind == IMPORT_BAD)
				break;
		return forum_fail(f, ST_INVALID, "%s:%lld:%lld: %s", o->source,
		    (long long)r->msgs[i].line, (long long)r->msgs[i].col,
		    r->msgs[i].text);
	}
	label = xasprintf(_("import %s"), o->source);
	s = forum_enter(f, label, &own);
	free(label);
	if (s != ST_OK)
		return s;
	memset(&c, 0, sizeof c);
	if ((s = forum_empty(f, &empty)) != ST_OK)
		goto out;
	/* --track may name a theme of the document: resolved after. */
	{
		struct import_options o2 = *o;

		o2.track = empty ? NULL : o->track;
		if ((s = import_ctx_init(&c, f, &o2, r)) != ST_OK)
			goto out;
		c.o = o;
	}
	if (empty)
		s = write_preamble(&c, d);
	else if (*d->title != '\0' || d->opening.n > 0 || d->groups.n > 0 ||
	    d->themes.n > 0 || d->closing.n > 0)
		import_msg(r, IMPORT_NOTE, 0, 0, _("the forum has records "
		    "already: the preamble (title, place and date, paragraphs, "
		    "groups, themes) was not imported"));
	if (s != ST_OK)
		goto out;
	if (empty && o->track != NULL && *o->track != '\0') {
		c.default_track = import_track_match(&c, o->track,
		    strlen(o->track));
		if (c.default_track == 0 &&
		    (s = track_find(f, o->track, &c.default_track)) != ST_OK) {
			s = forum_fail(f, s, _("--track: %s"), forum_error(f));
			goto out;
		}
	}
	if (c.default_track == 0 && c.ntracks > 0)
		c.default_track = c.tracks[0].id;
	if (c.default_track == 0) {
		s = forum_fail(f, ST_INVALID, _("%s: the forum has no track for "
		    "the proposals: add one (the document's key themes would "
		    "have made them) and give --track T"), o->source);
		goto out;
	}
	made = import_map_new();
	for (i = 0; i < d->nsections && s == ST_OK; i++) {
		if (d->sections[i].nitems == 0) {
			import_msg(r, IMPORT_NOTE, d->sections[i].line,
			    d->sections[i].col, _("heading \"%s\" has no items: "
			    "left out"), d->sections[i].heading);
			continue;
		}
		s = write_section(&c, &d->sections[i], made);
	}
out:
	import_map_free(made);
	import_ctx_free(&c);
	return forum_leave(f, own, s);
}

enum status
import_text(struct forum *f, const char *data, size_t len,
    const struct import_options *o, struct import_report *r)
{
	struct restext_doc d;
	enum status s;
	char *err = NULL;

	r->format = "text";
	if ((s = restext_parse(data, len, &d, &err)) != ST_OK) {
		import_fail_source(f, s, o->source, err);
		free(err);
		restext_doc_free(&d);
		return s;
	}
	s = import_doc(f, &d, o, r);
	restext_doc_free(&d);
	return s;
}

enum status
import_paragraphs(struct forum *f, const struct import_para *p, size_t n,
    const struct import_options *o, struct import_report *r)
{
	struct restext_doc d;
	enum status s;
	char *err = NULL;

	r->format = "text";
	if ((s = restext_parse_paras(p, n, &d, &err)) != ST_OK) {
		import_fail_source(f, s, o->source, err);
		free(err);
		restext_doc_free(&d);
		return s;
	}
	s = import_doc(f, &d, o, r);
	restext_doc_free(&d);
	return s;
}
