/*
 * docx.c: the paragraphs of a Word document (docx.h).
 *
 * The package is read in memory with libzip, each part with a size limit
 * whatever its header claims.  The XML is read by a small pull parser of
 * its own: WordprocessingML needs elements, attributes, text and the five
 * entities and character references, nothing more.  A DOCTYPE is refused
 * (no entity of any other kind is ever expanded), and so is XML that is
 * not well-formed (tags that do not match, an unterminated tag or
 * comment), nesting deeper than XML_MAX_DEPTH, text that is not UTF-8.
 * Names are matched by their local part ("p" of "w:p"): Word writes the
 * prefix w: for its namespace, and nothing else in these parts shares the
 * local names looked at.
 */
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "../model/i18n.h"
#include "../model/text.h"
#include "../model/util.h"
#include "docx.h"

#define XML_MAX_DEPTH 256
#define NUM_LEVELS 9

/* ---- the package ---- */

/* Part name of the package into *out (NUL-terminated); ST_NOTFOUND if it
 * is not there. */
static enum status
part_read(zip_t *z, const char *name, struct buf *out, char **err)
{
	zip_file_t *zf;
	zip_int64_t idx, got;
	char chunk[65536];

	buf_reset(out);
	if ((idx = zip_name_locate(z, name, 0)) < 0)
		return ST_NOTFOUND;
	if ((zf = zip_fopen_index(z, (zip_uint64_t)idx, 0)) == NULL) {
		*err = xasprintf(_("%s: cannot read it: %s"), name,
		    zip_strerror(z));
		return ST_INVALID;
	}
	while ((got = zip_fread(zf, chunk, sizeof chunk)) > 0) {
		if (out->len + (size_t)got > DOCX_MAX_PART) {
			zip_fclose(zf);
			*err = xasprintf(_("%s: larger than %zu MiB"), name,
			    DOCX_MAX_PART >> 20);
			return ST_TOOBIG;
		}
		buf_add(out, chunk, (size_t)got);
	}
	if (got < 0) {
		*err = xasprintf(_("%s: cannot read it: %s"), name,
		    zip_file_strerror(zf));
		zip_fclose(zf);
		return ST_INVALID;
	}
	zip_fclose(zf);
	/* XML is text: UTF-8 here, and never a NUL. */
	if (out->data != NULL && (!text_valid(out->data, out->len) ||
	    memchr(out->data, '\0', out->len) != NULL)) {
		*err = xasprintf(_("%s: not UTF-8 text"), name);
		return ST_INVALID;
	}
	buf_addc(out, '\0');
	out->len--;
	return ST_OK;
}

/* ---- XML ---- */

enum xtok { X_EOF, X_OPEN, X_CLOSE, X_EMPTY, X_TEXT };

struct xml {
	const char *s;
	size_t len, i;
	const char *part; /* for messages */
	char *err;
	/* The open elements. */
	const char *stack[XML_MAX_DEPTH];
	size_t stacklen[XML_MAX_DEPTH];
	int depth;
	/* The current token. */
	const char *name; /* local name */
	size_t nlen;
	const char *attrs; /* OPEN, EMPTY: the attributes, raw */
	size_t alen;
	struct buf text;   /* TEXT: decoded */
};

static enum xtok
xml_fail(struct xml *x, const char *what)
{
	int64_t line, col;

	if (x->err == NULL) {
		import_position(x->s, x->len, x->i, &line, &col);
		x->err = xasprintf(_("%s:%lld:%lld: malformed XML: %s"), x->part,
		    (long long)line, (long long)col, what);
	}
	return X_EOF;
}

/* Appends the decoded form of raw XML text (entities and references). */
static bool
xml_decode(struct xml *x, struct buf *out, const char *s, size_t len)
{
	static const struct {
		const char *name;
		char c;
	} ents[] = {
		{ "lt;", '<' }, { "gt;", '>' }, { "amp;", '&' },
		{ "quot;", '"' }, { "apos;", '\'' },
	};
	size_t i = 0, k, n;

	while (i < len) {
		const char *amp = memchr(s + i, '&', len - i);
		unsigned long cp = 0;
		bool hex;

		if (amp == NULL) {
			buf_add(out, s + i, len - i);
			break;
		}
		buf_add(out, s + i, (size_t)(amp - s) - i);
		i = (size_t)(amp - s) + 1;
		for (k = 0; k < sizeof ents / sizeof ents[0]; k++) {
			n = strlen(ents[k].name);
			if (len - i >= n && memcmp(s + i, ents[k].name, n) == 0)
				break;
		}
		if (k < sizeof ents / sizeof ents[0]) {
			buf_addc(out, ents[k].c);
			i += strlen(ents[k].name);
			continue;
		}
		if (i >= len || s[i] != '#') {
			xml_fail(x, _("an entity other than &lt; &gt; &amp; "
			    "&quot; &apos;"));
			return false;
		}
		i++;
		hex = i < len && s[i] == 'x';
		if (hex)
			i++;
		for (n = 0; i < len && n < 8; i++, n++) {
			char c = s[i];
			int d;

			if (c >= '0' && c <= '9')
				d = c - '0';
			else if (hex && c >= 'a' && c <= 'f')
				d = c - 'a' + 10;
			else if (hex && c >= 'A' && c <= 'F')
				d = c - 'A' + 10;
			else
				break;
			cp = cp * (hex ? 16 : 10) + (unsigned long)d;
		}
		if (n == 0 || i >= len || s[i] != ';' || cp == 0 ||
		    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
			xml_fail(x, _("a malformed character reference"));
			return false;
		}
		i++;
		text_encode(out, (uint32_t)cp);
	}
	return true;
}

/* Moves past the text up to and including end; false if it never comes. */
static bool
xml_skip_to(struct xml *x, const char *end)
{
	size_t n = strlen(end);

	while (x->i + n <= x->len) {
		if (memcmp(x->s + x->i, end, n) == 0) {
			x->i += n;
			return true;
		}
		x->i++;
	}
	x->i = x->len;
	return false;
}

static bool
xml_name_char(char c)
{
	return !(c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '>' ||
	    c == '/' || c == '=' || c == '<' || c == '"' || c == '\'');
}

/* The next token. */
static enum xtok
xml_next(struct xml *x)
{
	size_t nstart;
	char q = 0;

	for (;;) {
		if (x->err != NULL)
			return X_EOF;
		if (x->i >= x->len) {
			if (x->depth > 0)
				return xml_fail(x, _("the document ends inside "
				    "an element"));
			return X_EOF;
		}
		if (x->s[x->i] != '<') {
			const char *lt = memchr(x->s + x->i, '<', x->len - x->i);
			size_t end = lt ? (size_t)(lt - x->s) : x->len;

			buf_reset(&x->text);
			if (!xml_decode(x, &x->text, x->s + x->i, end - x->i))
				return X_EOF;
			x->i = end;
			return X_TEXT;
		}
		if (x->len - x->i >= 2 && x->s[x->i + 1] == '?') {
			if (!xml_skip_to(x, "?>"))
				return xml_fail(x, _("an unterminated <?...?>"));
			continue;
		}
		if (x->len - x->i >= 4 && memcmp(x->s + x->i, "<!--", 4) == 0) {
			if (!xml_skip_to(x, "-->"))
				return xml_fail(x, _("an unterminated comment"));
			continue;
		}
		if (x->len - x->i >= 9 &&
		    memcmp(x->s + x->i, "<![CDATA[", 9) == 0) {
			size_t from = x->i + 9;

			if (!xml_skip_to(x, "]]>"))
				return xml_fail(x, _("an unterminated CDATA "
				    "section"));
			buf_reset(&x->text);
			buf_add(&x->text, x->s + from, x->i - 3 - from);
			return X_TEXT;
		}
		if (x->len - x->i >= 2 && x->s[x->i + 1] == '!')
			return xml_fail(x, _("a DOCTYPE or declaration (not "
			    "allowed in a Word document)"));
		break;
	}
	x->i++;
	if (x->i < x->len && x->s[x->i] == '/') {
		/* A closing tag. */
		x->i++;
		nstart = x->i;
		while (x->i < x->len && xml_name_char(x->s[x->i]))
			x->i++;
		if (x->i == nstart)
			return xml_fail(x, _("a closing tag without a name"));
		if (x->depth == 0 || x->stacklen[x->depth - 1] !=
		    x->i - nstart || memcmp(x->stack[x->depth - 1],
		    x->s + nstart, x->i - nstart) != 0)
			return xml_fail(x, _("a closing tag that does not match "
			    "the open element"));
		x->depth--;
		while (x->i < x->len && (x->s[x->i] == ' ' ||
		    x->s[x->i] == '\t' || x->s[x->i] == '\n' ||
		    x->s[x->i] == '\r'))
			x->i++;
		if (x->i >= x->len || x->s[x->i] != '>')
			return xml_fail(x, _("an unterminated closing tag"));
		x->i++;
		x->name = x->s + nstart;
		x->nlen = (size_t)(x->i - 1 - nstart);
		goto local;
	}
	nstart = x->i;
	while (x->i < x->len && xml_name_char(x->s[x->i]))
		x->i++;
	if (x->i == nstart)
		return xml_fail(x, _("a '<' that starts no tag"));
	x->name = x->s + nstart;
	x->nlen = x->i - nstart;
	x->attrs = x->s + x->i;
	/* The attributes, up to '>' or "/>" outside quotes. */
	for (; x->i < x->len; x->i++) {
		char c = x->s[x->i];

		if (q != 0) {
			if (c == q)
				q = 0;
			else if (c == '<')
				return xml_fail(x, _("a '<' in an attribute "
				    "value"));
			continue;
		}
		if (c == '"' || c == '\'')
			q = c;
		else if (c == '>' || c == '<')
			break;
	}
	if (x->i >= x->len || x->s[x->i] != '>')
		return xml_fail(x, _("an unterminated tag"));
	x->alen = (size_t)(x->s + x->i - x->attrs);
	x->i++;
	if (x->alen > 0 && x->attrs[x->alen - 1] == '/') {
		x->alen--;
		goto local_empty;
	}
	if (x->depth == XML_MAX_DEPTH)
		return xml_fail(x, _("elements nested too deep"));
	x->stack[x->depth] = x->name;
	x->stacklen[x->depth] = x->nlen;
	x->depth++;
	{
		const char *colon = memchr(x->name, ':', x->nlen);

		if (colon != NULL) {
			x->nlen -= (size_t)(colon + 1 - x->name);
			x->name = colon + 1;
		}
	}
	return X_OPEN;
local_empty:
	{
		const char *colon = memchr(x->name, ':', x->nlen);

		if (colon != NULL) {
			x->nlen -= (size_t)(colon + 1 - x->name);
			x->name = colon + 1;
		}
	}
	return X_EMPTY;
local:
	{
		const char *colon = memchr(x->name, ':', x->nlen);

		if (colon != NULL) {
			x->nlen -= (size_t)(colon + 1 - x->name);
			x->name = colon + 1;
		}
	}
	return X_CLOSE;
}

/* True if the current token's local name is name. */
static bool
xml_is(const struct xml *x, const char *name)
{
	size_t n = strlen(name);

	return x->nlen == n && memcmp(x->name, name, n) == 0;
}

/*
 * The value of the attribute whose local name is name, decoded into out;
 * false if the tag has none.
 */
static bool
xml_attr(struct xml *x, const char *name, struct buf *out)
{
	const char *a = x->attrs, *end = x->attrs + x->alen;
	size_t n = strlen(name);

	buf_reset(out);
	while (a < end) {
		const char *ns, *ne, *local, *vs;
		char q;

		while (a < end && !xml_name_char(*a))
			a++;
		ns = a;
		while (a < end && xml_name_char(*a))
			a++;
		ne = a;
		while (a < end && (*a == ' ' || *a == '\t' || *a == '\n' ||
		    *a == '\r'))
			a++;
		if (a >= end || *a != '=')
			continue;
		a++;
		while (a < end && *a != '"' && *a != '\'')
			a++;
		if (a >= end)
			break;
		q = *a++;
		vs = a;
		while (a < end && *a != q)
			a++;
		local = memchr(ns, ':', (size_t)(ne - ns));
		local = local ? local + 1 : ns;
		if ((size_t)(ne - local) == n && memcmp(local, name, n) == 0) {
			bool ok = xml_decode(x, out, vs, (size_t)(a - vs));

			buf_addc(out, '\0');
			out->len--;
			return ok;
		}
		if (a < end)
			a++;
	}
	return false;
}

/* An attribute as a small non-negative integer; -1 if absent or not. */
static long
xml_attr_int(struct xml *x, const char *name)
{
	struct buf v = {0};
	long n = -1;
	size_t i;

	if (xml_attr(x, name, &v) && v.len > 0 && v.len <= 9) {
		n = 0;
		for (i = 0; i < v.len; i++) {
			if (v.data[i] < '0' || v.data[i] > '9') {
				n = -1;
				break;
			}
			n = n * 10 + (v.data[i] - '0');
		}
	}
	buf_free(&v);
	return n;
}

/* Skips the element just opened, whole. */
static void
xml_skip_element(struct xml *x)
{
	int depth = x->depth;
	enum xtok t;

	while ((t = xml_next(x)) != X_EOF)
		if (t == X_CLOSE && x->depth < depth)
			return;
}

static void
xml_init(struct xml *x, const char *part, const struct buf *b)
{
	memset(x, 0, sizeof *x);
	x->s = b->data ? b->data : "";
	x->len = b->len;
	x->part = part;
}

static void
xml_done(struct xml *x)
{
	buf_free(&x->text);
	free(x->err);
}

/* ---- relationships ---- */

/*
 * The target of the first relationship in the part rels whose type ends
 * with type, relative to base ("word/"): into out; false if none.
 */
static bool
rel_target(zip_t *z, const char *rels, const char *type, const char *base,
    struct buf *out)
{
	struct buf part = {0}, v = {0};
	struct xml x;
	enum xtok t;
	char *err = NULL;
	bool found = false;
	size_t n = strlen(type);

	if (part_read(z, rels, &part, &err) != ST_OK) {
		free(err);
		buf_free(&part);
		return false;
	}
	xml_init(&x, rels, &part);
	while (!found && (t = xml_next(&x)) != X_EOF) {
		if ((t != X_OPEN && t != X_EMPTY) || !xml_is(&x, "Relationship"))
			continue;
		if (!xml_attr(&x, "Type", &v) || v.len < n ||
		    strcmp(v.data + v.len - n, type) != 0)
			continue;
		if (!xml_attr(&x, "Target", &v) || v.len == 0)
			continue;
		buf_reset(out);
		if (v.data[0] == '/')
			buf_adds(out, v.data + 1);
		else {
			buf_adds(out, base);
			buf_adds(out, v.data);
		}
		found = true;
	}
	xml_done(&x);
	buf_free(&v);
	buf_free(&part);
	return found;
}

/* ---- numbering ---- */

struct num_level {
	long start;
	char fmt[24];   /* "decimal", "lowerLetter", ... */
	char *text;     /* "%1.%2." */
};

struct abstract_num {
	long id;
	struct num_level lvl[NUM_LEVELS];
};

struct num_inst {
	long id;
	long abstract;
	long override[NUM_LEVELS]; /* -1: none */
	long count[NUM_LEVELS];
	bool started[NUM_LEVELS];
};

struct style_num {
	char *id;
	char *based_on;
	long num, ilvl; /* -1: none */
};

struct numbering {
	struct abstract_num *abs;
	size_t nabs;
	struct num_inst *nums;
	size_t nnums;
	struct style_num *styles;
	size_t nstyles;
};

static void
numbering_free(struct numbering *nb)
{
	size_t i;
	int k;

	for (i = 0; i < nb->nabs; i++)
		for (k = 0; k < NUM_LEVELS; k++)
			free(nb->abs[i].lvl[k].text);
	free(nb->abs);
	free(nb->nums);
	for (i = 0; i < nb->nstyles; i++) {
		free(nb->styles[i].id);
		free(nb->styles[i].based_on);
	}
	free(nb->styles);
}

/* Reads numbering.xml (a document without it has no lists). */
static enum status
numbering_read(struct xml *x, struct numbering *nb)
{
	struct abstract_num *ab = NULL;
	struct num_inst *ni = NULL;
	struct buf v = {0};
	long lvl = -1;
	enum xtok t;
	int k;

	while ((t = xml_next(x)) != X_EOF) {
		if (t == X_CLOSE) {
			if (xml_is(x, "abstractNum"))
				ab = NULL;
			else if (xml_is(x, "num"))
				ni = NULL;
			else if (xml_is(x, "lvl") || xml_is(x, "lvlOverride"))
				lvl = -1;
			continue;
		}
		if (t != X_OPEN && t != X_EMPTY)
			continue;
		if (xml_is(x, "abstractNum")) {
			nb->abs = xreallocarray(nb->abs, nb->nabs + 1,
			    sizeof *nb->abs);
			ab = &nb->abs[nb->nabs++];
			memset(ab, 0, sizeof *ab);
			ab->id = xml_attr_int(x, "abstractNumId");
			for (k = 0; k < NUM_LEVELS; k++) {
				ab->lvl[k].start = 1;
				strcpy(ab->lvl[k].fmt, "decimal");
			}
			ni = NULL;
		} else if (xml_is(x, "num")) {
			nb->nums = xreallocarray(nb->nums, nb->nnums + 1,
			    sizeof *nb->nums);
			ni = &nb->nums[nb->nnums++];
			memset(ni, 0, sizeof *ni);
			ni->id = xml_attr_int(x, "numId");
			ni->abstract = -1;
			for (k = 0; k < NUM_LEVELS; k++)
				ni->override[k] = -1;
			ab = NULL;
		} else if (xml_is(x, "lvl") || xml_is(x, "lvlOverride")) {
			lvl = xml_attr_int(x, "ilvl");
			if (lvl >= NUM_LEVELS)
				lvl = -1;
		} else if (ab != NULL && lvl >= 0 && xml_is(x, "start")) {
			long s = xml_attr_int(x, "val");

			if (s >= 0)
				ab->lvl[lvl].start = s;
		} else if (ab != NULL && lvl >= 0 && xml_is(x, "numFmt")) {
			if (xml_attr(x, "val", &v) && v.len < 24)
				memcpy(ab->lvl[lvl].fmt, v.data, v.len + 1);
		} else if (ab != NULL && lvl >= 0 && xml_is(x, "lvlText")) {
			if (xml_attr(x, "val", &v) && v.len < 256) {
				free(ab->lvl[lvl].text);
				ab->lvl[lvl].text = xstrdup(v.data);
			}
		} else if (ni != NULL && lvl < 0 && xml_is(x, "abstractNumId")) {
			ni->abstract = xml_attr_int(x, "val");
		} else if (ni != NULL && lvl >= 0 && xml_is(x, "startOverride")) {
			ni->override[lvl] = xml_attr_int(x, "val");
		}
	}
	buf_free(&v);
	return x->err != NULL ? ST_INVALID : ST_OK;
}

/* Reads the numbering of the paragraph styles from styles.xml. */
static enum status
styles_read(struct xml *x, struct numbering *nb)
{
	struct style_num *sn = NULL;
	struct buf v = {0};
	enum xtok t;

	while ((t = xml_next(x)) != X_EOF) {
		if (t == X_CLOSE && xml_is(x, "style")) {
			sn = NULL;
			continue;
		}
		if (t != X_OPEN && t != X_EMPTY)
			continue;
		if (xml_is(x, "style")) {
			nb->styles = xreallocarray(nb->styles, nb->nstyles + 1,
			    sizeof *nb->styles);
			sn = &nb->styles[nb->nstyles++];
			memset(sn, 0, sizeof *sn);
			sn->id = xstrdup(xml_attr(x, "styleId", &v) ?
			    v.data : "");
			sn->num = sn->ilvl = -1;
			if (t == X_EMPTY)
				sn = NULL;
		} else if (sn != NULL && xml_is(x, "basedOn")) {
			if (xml_attr(x, "val", &v)) {
				free(sn->based_on);
				sn->based_on = xstrdup(v.data);
			}
		} else if (sn != NULL && xml_is(x, "numId")) {
			sn->num = xml_attr_int(x, "val");
		} else if (sn != NULL && xml_is(x, "ilvl")) {
			sn->ilvl = xml_attr_int(x, "val");
		}
	}
	buf_free(&v);
	return x->err != NULL ? ST_INVALID : ST_OK;
}

/* The list of paragraph style id (its own or inherited): num and ilvl. */
static void
style_numbering(const struct numbering *nb, const char *id, long *num,
    long *ilvl)
{
	int hops;
	size_t i;

	for (hops = 0; hops < 16 && id != NULL; hops++) {
		for (i = 0; i < nb->nstyles; i++)
			if (strcmp(nb->styles[i].id, id) == 0)
				break;
		if (i == nb->nstyles)
			return;
		if (*num < 0 && nb->styles[i].num >= 0)
			*num = nb->styles[i].num;
		if (*ilvl < 0 && nb->styles[i].ilvl >= 0)
			*ilvl = nb->styles[i].ilvl;
		if (*num >= 0 && *ilvl >= 0)
			return;
		id = nb->styles[i].based_on;
	}
}

/* Appends n in the list format fmt. */
static void
num_format(struct buf *out, const char *fmt, long n)
{
	/* Word's Russian letters: а..я without ё, й, ъ, ы, ь. */
	static const char *const ru = "абвгдежзиклмнопрстуфхцчшщэюя";
	static const struct {
		int v;
		const char *s;
	} roman[] = {
		{ 1000, "m" }, { 900, "cm" }, { 500, "d" }, { 400, "cd" },
		{ 100, "c" }, { 90, "xc" }, { 50, "l" }, { 40, "xl" },
		{ 10, "x" }, { 9, "ix" }, { 5, "v" }, { 4, "iv" }, { 1, "i" },
	};
	bool upper = strncmp(fmt, "upper", 5) == 0 ||
	    strcmp(fmt, "russianUpper") == 0;
	size_t start = out->len, i;
	long k;

	if (n < 1 || n > 3999 || strcmp(fmt, "decimal") == 0 ||
	    strcmp(fmt, "decimalZero") == 0) {
		buf_printf(out, strcmp(fmt, "decimalZero") == 0 && n < 10 ?
		    "0%ld" : "%ld", n);
		return;
	}
	if (strstr(fmt, "Roman") != NULL) {
		for (i = 0; i < sizeof roman / sizeof roman[0]; i++)
			for (; n >= roman[i].v; n -= roman[i].v)
				buf_adds(out, roman[i].s);
	} else if (strstr(fmt, "Letter") != NULL) {
		/* a..z, then aa..zz, ... */
		for (k = 0; k <= (n - 1) / 26; k++)
			buf_addc(out, (char)('a' + (n - 1) % 26));
	} else if (strncmp(fmt, "russian", 7) == 0) {
		size_t pos = (size_t)((n - 1) % 28) * 2;

		for (k = 0; k <= (n - 1) / 28; k++)
			buf_add(out, ru + pos, 2);
		if (upper) {
			struct buf t = {0};

			/* Cyrillic а..я is U+0430..; capitals U+0410... */
			for (i = start; i < out->len; i += 2) {
				uint32_t cp;

				text_decode(out->data + i, 2, &cp);
				text_encode(&t, cp - 0x20);
			}
			out->len = start;
			buf_add(out, t.data, t.len);
			buf_free(&t);
		}
		return;
	} else {
		buf_printf(out, "%ld", n);
		return;
	}
	if (upper)
		for (i = start; i < out->len; i++)
			out->data[i] = (char)(out->data[i] - 'a' + 'A');
}

/*
 * The number Word shows for a paragraph of list num at level ilvl, with
 * the counters moved on; "" for bullets, lists without text, unknown
 * lists.
 */
static void
num_next(struct numbering *nb, long num, long ilvl, struct buf *out)
{
	struct num_inst *ni = NULL;
	struct abstract_num *ab = NULL;
	const char *t;
	size_t i;
	long k;

	buf_reset(out);
	if (num <= 0 || ilvl < 0 || ilvl >= NUM_LEVELS)
		return;
	for (i = 0; i < nb->nnums && ni == NULL; i++)
		if (nb->nums[i].id == num)
			ni = &nb->nums[i];
	if (ni == NULL)
		return;
	for (i = 0; i < nb->nabs && ab == NULL; i++)
		if (nb->abs[i].id == ni->abstract)
			ab = &nb->abs[i];
	if (ab == NULL)
		return;
	for (k = 0; k < NUM_LEVELS; k++) {
		long start = ni->override[k] >= 0 ? ni->override[k] :
		    ab->lvl[k].start;

		if (k == ilvl) {
			ni->count[k] = ni->started[k] ? ni->count[k] + 1 :
			    start;
			ni->started[k] = true;
		} else if (k > ilvl)
			ni->started[k] = false;
		else if (!ni->started[k])
			ni->count[k] = start;
	}
	if (strcmp(ab->lvl[ilvl].fmt, "bullet") == 0 ||
	    strcmp(ab->lvl[ilvl].fmt, "none") == 0 ||
	    (t = ab->lvl[ilvl].text) == NULL)
		return;
	for (; *t != '\0'; t++) {
		if (t[0] == '%' && t[1] >= '1' && t[1] <= '9') {
			k = t[1] - '1';
			num_format(out, ab->lvl[k].fmt, ni->count[k]);
			t++;
		} else
			buf_addc(out, *t);
	}
}

/* ---- the document ---- */

struct docx_reader {
	struct import_para *v;
	size_t n;
	struct numbering nb;
	struct buf para;  /* the paragraph being read */
	struct buf num;
	int64_t count;    /* paragraphs so far */
};

/* Ends the paragraph: its number, then its text. */
static void
para_end(struct docx_reader *d, long num, long ilvl, const char *style)
{
	struct import_para *p;
	struct buf t = {0};

	d->count++;
	style_numbering(&d->nb, style, &num, &ilvl);
	if (num > 0 && ilvl < 0)
		ilvl = 0;
	num_next(&d->nb, num, ilvl, &d->num);
	if (d->num.len > 0) {
		buf_add(&t, d->num.data, d->num.len);
		buf_addc(&t, ' ');
	}
	buf_add(&t, d->para.data ? d->para.data : "", d->para.len);
	buf_reset(&d->para);
	d->v = import_grow(d->v, d->n, sizeof *d->v);
	p = &d->v[d->n++];
	p->len = t.len;
	buf_addc(&t, '\0');
	p->text = buf_steal(&t);
	p->line = d->count;
}

/* Reads document.xml. */
static enum status
document_read(struct xml *x, struct docx_reader *d)
{
	struct buf style = {0};
	enum xtok t;
	long num = -1, ilvl = -1;
	int in_p = 0, in_ppr = 0, in_t = 0;

	while ((t = xml_next(x)) != X_EOF) {
		if (t == X_TEXT) {
			if (in_t > 0)
				buf_add(&d->para, x->text.data, x->text.len);
			continue;
		}
		if (t == X_CLOSE) {
			if (xml_is(x, "p") && in_p > 0) {
				if (--in_p == 0) {
					para_end(d, num, ilvl, style.len ?
					    style.data : NULL);
					num = ilvl = -1;
					buf_reset(&style);
				}
			} else if (xml_is(x, "pPr") && in_ppr > 0)
				in_ppr--;
			else if (xml_is(x, "t") && in_t > 0)
				in_t--;
			continue;
		}
		/* An element: open (t == X_OPEN) or empty. */
		if (xml_is(x, "txbxContent") || xml_is(x, "Fallback") ||
		    xml_is(x, "moveFrom") || xml_is(x, "instrText") ||
		    xml_is(x, "delText") || xml_is(x, "pPrChange")) {
			if (t == X_OPEN)
				xml_skip_element(x);
			continue;
		}
		if (xml_is(x, "p")) {
			if (t == X_EMPTY) {
				if (in_p == 0)
					para_end(d, -1, -1, NULL);
			} else
				in_p++;
		} else if (in_p == 0)
			continue;
		else if (xml_is(x, "pPr")) {
			if (t == X_OPEN)
				in_ppr++;
		} else if (in_ppr > 0) {
			if (xml_is(x, "pStyle")) {
				if (!xml_attr(x, "val", &style))
					buf_reset(&style);
			} else if (xml_is(x, "numId"))
				num = xml_attr_int(x, "val");
			else if (xml_is(x, "ilvl"))
				ilvl = xml_attr_int(x, "val");
		} else if (xml_is(x, "t")) {
			if (t == X_OPEN)
				in_t++;
		} else if (xml_is(x, "tab"))
			buf_addc(&d->para, '\t');
		else if (xml_is(x, "br") || xml_is(x, "cr"))
			buf_addc(&d->para, '\n');
		else if (xml_is(x, "noBreakHyphen"))
			buf_addc(&d->para, '-');
	}
	buf_free(&style);
	return x->err != NULL ? ST_INVALID : ST_OK;
}

void
docx_paras_free(struct import_para *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free((char *)p[i].text);
	free(p);
}

/* Reads an optional part into the numbering with fn. */
static enum status
optional_part(zip_t *z, const char *name, struct numbering *nb,
    enum status (*fn)(struct xml *, struct numbering *), char **err)
{
	struct buf b = {0};
	struct xml x;
	enum status st;

	st = part_read(z, name, &b, err);
	if (st == ST_NOTFOUND) {
		buf_free(&b);
		return ST_OK;
	}
	if (st != ST_OK) {
		buf_free(&b);
		return st;
	}
	xml_init(&x, name, &b);
	if ((st = fn(&x, nb)) != ST_OK) {
		*err = x.err;
		x.err = NULL;
	}
	xml_done(&x);
	buf_free(&b);
	return st;
}

enum status
docx_read(const char *data, size_t len, struct import_para **out,
    size_t *n, char **err)
{
	struct docx_reader d;
	struct buf main = {0}, part = {0}, base = {0}, path = {0};
	zip_source_t *src;
	zip_error_t ze;
	zip_t *z;
	struct xml x;
	enum status st;
	const char *slash;

	memset(&d, 0, sizeof d);
	*out = NULL;
	*n = 0;
	*err = NULL;
	if (len == 0) {
		*err = xstrdup(_("empty file"));
		return ST_INVALID;
	}
	zip_error_init(&ze);
	src = zip_source_buffer_create(data, len, 0, &ze);
	if (src == NULL) {
		*err = xasprintf(_("cannot read it: %s"), zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return ST_INVALID;
	}
	z = zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (z == NULL) {
		*err = zip_error_code_zip(&ze) == ZIP_ER_NOZIP ?
		    xstrdup(_("not a Word document (DOCX): not a ZIP archive")) :
		    xasprintf(_("not a Word document (DOCX): %s"),
		    zip_error_strerror(&ze));
		zip_source_free(src);
		zip_error_fini(&ze);
		return ST_INVALID;
	}
	zip_error_fini(&ze);
	if (!rel_target(z, "_rels/.rels", "/officeDocument", "", &main))
		buf_adds(&main, "word/document.xml");
	slash = strrchr(main.data, '/');
	buf_add(&base, main.data, slash ? (size_t)(slash - main.data) + 1 : 0);
	buf_addc(&base, '\0');
	base.len--;

	st = part_read(z, main.data, &part, err);
	if (st == ST_NOTFOUND) {
		*err = xasprintf(_("not a Word document: the package has no %s"),
		    main.data);
		st = ST_INVALID;
		goto out;
	}
	if (st != ST_OK)
		goto out;
	/* The lists and styles, if the document has them. */
	buf_printf(&path, "%s_rels/%s.rels", base.data, slash ? slash + 1 :
	    main.data);
	{
		struct buf target = {0};
		char *rels = buf_steal(&path);

		if (!rel_target(z, rels, "/numbering", base.data, &target))
			buf_printf(&target, "%snumbering.xml", base.data);
		st = optional_part(z, target.data, &d.nb, numbering_read, err);
		buf_reset(&target);
		if (st == ST_OK && !rel_target(z, rels, "/styles", base.data,
		    &target))
			buf_printf(&target, "%sstyles.xml", base.data);
		if (st == ST_OK)
			st = optional_part(z, target.data, &d.nb, styles_read,
			    err);
		buf_free(&target);
		free(rels);
		if (st != ST_OK)
			goto out;
	}
	xml_init(&x, main.data, &part);
	st = document_read(&x, &d);
	if (st != ST_OK) {
		*err = x.err;
		x.err = NULL;
	}
	xml_done(&x);
out:
	zip_discard(z);
	buf_free(&main);
	buf_free(&part);
	buf_free(&base);
	buf_free(&path);
	buf_free(&d.para);
	buf_free(&d.num);
	numbering_free(&d.nb);
	if (st != ST_OK) {
		docx_paras_free(d.v, d.n);
		return st;
	}
	*out = d.v;
	*n = d.n;
	return ST_OK;
}
