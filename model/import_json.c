/*
 * import_json.c: the forum from `agora export --format json`
 * (docs/json-schema.md), every record with its UUID and stamps.
 *
 * Where it may go:
 *   - into a forum with no records yet (a file made by `agora new`, or by
 *     the import itself): the forum record is replaced by the document's,
 *     UUID and all, and every record comes in as it was.  Exporting the
 *     file again gives the same document, but for its "copy" (the file's
 *     own id) and "exported";
 *   - into the same forum again (the forum records' UUIDs agree): records
 *     are matched by UUID, a new one is added, one the file has in an
 *     older version (an earlier `updated`) takes the document's, a
 *     tombstone wins either way, anything else is left as it is;
 *   - into a different forum: refused (`agora merge --import` takes a
 *     copy of another forum in).
 * A document of another format, or of a newer version than
 * JSON_FORMAT_VERSION, is refused before anything is read.
 *
 * The whole document is checked before anything is written: every record
 * of every kind has each key the schema names, of its type (unknown keys
 * and kinds are ignored, as the schema says readers must), no UUID is
 * given twice within a kind, and every reference resolves to a record of
 * the document or, into the same forum, of the file.  There is no
 * --skip-bad for JSON: a document is one whole, and half of it is no
 * forum.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "i18n.h"
#include "import.h"
#include "import_json.h"
#include "search.h"
#include "text.h"

#define JSON_FORMAT "agora-forum"
#define JSON_FORMAT_VERSION 1

/* ---- the arena ---- */

struct json_chunk {
	struct json_chunk *next;
	size_t used, size;
	max_align_t data[];
};

struct json_arena {
	struct json_chunk *head;
};

/* n bytes, aligned for any object if aligned, else for chars. */
static void *
arena_get(struct json_arena *a, size_t n, bool aligned)
{
	struct json_chunk *c = a->head;
	size_t align = _Alignof(max_align_t);

	if (aligned && c != NULL)
		c->used = (c->used + align - 1) / align * align;
	if (c != NULL && c->used > c->size)
		c->used = c->size;
	if (c == NULL || c->size - c->used < n) {
		size_t size = n > 65536 ? n : 65536;

		c = xmalloc(sizeof *c + size);
		c->next = a->head;
		c->used = 0;
		c->size = size;
		a->head = c;
	}
	c->used += n;
	return (char *)c->data + c->used - n;
}

void
json_doc_free(struct json_doc *d)
{
	struct json_chunk *c, *next;

	if (d->arena != NULL) {
		for (c = d->arena->head; c != NULL; c = next) {
			next = c->next;
			free(c);
		}
		free(d->arena);
	}
	memset(d, 0, sizeof *d);
}

/* ---- the parser ---- */

#define JSON_KEYS 64

struct json_parser {
	const char *s;
	size_t len, i;
	int depth;
	struct json_arena *arena;
	char *err;
	struct buf str; /* scratch for a string */
	/* Keys met so far, kept once: an export repeats a few keys on
	 * every record. */
	const char *keys[JSON_KEYS];
	size_t keylen[JSON_KEYS];
	size_t nkeys;
};

static enum status
json_err(struct json_parser *p, size_t off, const char *what)
{
	int64_t line, col;

	if (p->err == NULL) {
		import_position(p->s, p->len, off, &line, &col);
		p->err = xasprintf("%lld:%lld: %s", (long long)line,
		    (long long)col, what);
	}
	return ST_INVALID;
}

static void
json_ws(struct json_parser *p)
{
	while (p->i < p->len && (p->s[p->i] == ' ' || p->s[p->i] == '\t' ||
	    p->s[p->i] == '\n' || p->s[p->i] == '\r'))
		p->i++;
}

/* Four hexadecimal digits at p->i; -1 if they are not. */
static long
json_hex4(struct json_parser *p)
{
	long v = 0;
	int k;

	if (p->len - p->i < 4)
		return -1;
	for (k = 0; k < 4; k++) {
		char c = p->s[p->i + (size_t)k];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	p->i += 4;
	return v;
}

/* A string at p->i (at its opening quote) into the arena; a key is kept
 * once for all the objects that have it. */
static enum status
json_string(struct json_parser *p, const char **out, size_t *outlen,
    bool key)
{
	size_t start = p->i, run;
	char *s;

	buf_reset(&p->str);
	p->i++;
	for (;;) {
		unsigned char c;

		/* A run of plain characters goes in at once. */
		for (run = p->i; run < p->len && p->s[run] != '"' &&
		    p->s[run] != '\\' && (unsigned char)p->s[run] >= 0x20; run++)
			;
		buf_add(&p->str, p->s + p->i, run - p->i);
		p->i = run;
		if (p->str.len > IMPORT_MAX_TEXT)
			return json_err(p, start, _("a string longer than 1 MiB"));
		if (p->i >= p->len)
			return json_err(p, start, _("the string never ends "
			    "(a '\"' is missing)"));
		c = (unsigned char)p->s[p->i];
		if (c == '"') {
			p->i++;
			break;
		}
		if (c < 0x20)
			return json_err(p, p->i, _("a control character in a "
			    "string (write it as \\n, \\t or \\u00XX)"));
		/* An escape. */
		p->i++;
		if (p->i >= p->len)
			return json_err(p, start, _("the string never ends"));
		c = (unsigned char)p->s[p->i++];
		switch (c) {
		case '"': buf_addc(&p->str, '"'); break;
		case '\\': buf_addc(&p->str, '\\'); break;
		case '/': buf_addc(&p->str, '/'); break;
		case 'b': buf_addc(&p->str, '\b'); break;
		case 'f': buf_addc(&p->str, '\f'); break;
		case 'n': buf_addc(&p->str, '\n'); break;
		case 'r': buf_addc(&p->str, '\r'); break;
		case 't': buf_addc(&p->str, '\t'); break;
		case 'u': {
			size_t at = p->i - 2;
			long hi = json_hex4(p), lo;
			uint32_t cp;

			if (hi < 0)
				return json_err(p, at, _("\\u needs four "
				    "hexadecimal digits"));
			cp = (uint32_t)hi;
			if (hi >= 0xDC00 && hi <= 0xDFFF)
				return json_err(p, at, _("an unpaired surrogate "
				    "(\\uDC00..\\uDFFF)"));
			if (hi >= 0xD800 && hi <= 0xDBFF) {
				if (p->len - p->i < 6 || p->s[p->i] != '\\' ||
				    p->s[p->i + 1] != 'u')
					return json_err(p, at, _("an unpaired "
					    "surrogate (\\uD800..\\uDBFF)"));
				p->i += 2;
				lo = json_hex4(p);
				if (lo < 0xDC00 || lo > 0xDFFF)
					return json_err(p, at, _("an unpaired "
					    "surrogate (\\uD800..\\uDBFF)"));
				cp = 0x10000 + (((uint32_t)hi - 0xD800) << 10) +
				    ((uint32_t)lo - 0xDC00);
			}
			if (cp == 0)
				return json_err(p, at, _("\\u0000: a text cannot "
				    "hold a NUL character"));
			text_encode(&p->str, cp);
			break;
		}
		default:
			return json_err(p, p->i - 2, _("an unknown escape"));
		}
	}
	if (p->str.len > IMPORT_MAX_TEXT)
		return json_err(p, start, _("a string longer than 1 MiB"));
	if (key) {
		size_t k;

		for (k = 0; k < p->nkeys; k++)
			if (p->keylen[k] == p->str.len &&
			    memcmp(p->keys[k], p->str.data, p->str.len) == 0) {
				*out = p->keys[k];
				*outlen = p->str.len;
				return ST_OK;
			}
	}
	s = arena_get(p->arena, p->str.len + 1, false);
	if (key && p->nkeys < JSON_KEYS && p->str.len <= 32) {
		p->keys[p->nkeys] = s;
		p->keylen[p->nkeys++] = p->str.len;
	}
	if (p->str.len > 0)
		memcpy(s, p->str.data, p->str.len);
	s[p->str.len] = '\0';
	*out = s;
	*outlen = p->str.len;
	return ST_OK;
}

/* A number at p->i, kept as written. */
static enum status
json_number(struct json_parser *p, struct json_value *v)
{
	size_t start = p->i;
	char *s;

#define DIGITS(p) ((p)->i < (p)->len && (p)->s[(p)->i] >= '0' && \
	(p)->s[(p)->i] <= '9')
	if (p->i < p->len && p->s[p->i] == '-')
		p->i++;
	if (!DIGITS(p))
		return json_err(p, start, _("not a value"));
	if (p->s[p->i] == '0')
		p->i++;
	else
		while (DIGITS(p))
			p->i++;
	if (p->i < p->len && p->s[p->i] == '.') {
		p->i++;
		if (!DIGITS(p))
			return json_err(p, start, _("a malformed number"));
		while (DIGITS(p))
			p->i++;
	}
	if (p->i < p->len && (p->s[p->i] == 'e' || p->s[p->i] == 'E')) {
		p->i++;
		if (p->i < p->len && (p->s[p->i] == '+' || p->s[p->i] == '-'))
			p->i++;
		if (!DIGITS(p))
			return json_err(p, start, _("a malformed number"));
		while (DIGITS(p))
			p->i++;
	}
#undef DIGITS
	if (p->i - start > 64)
		return json_err(p, start, _("a number of more than 64 "
		    "characters"));
	s = arena_get(p->arena, p->i - start + 1, false);
	memcpy(s, p->s + start, p->i - start);
	s[p->i - start] = '\0';
	v->type = JSON_NUMBER;
	v->u.str = s;
	v->len = p->i - start;
	return ST_OK;
}

static enum status json_value(struct json_parser *p, struct json_value *v);

/* Grows a scratch vector of n elements of size by one; returns it. */
static void *
vec_push(void **v, size_t *n, size_t *cap, size_t size)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		*v = xreallocarray(*v, *cap, size);
	}
	return (char *)*v + (*n)++ * size;
}

static enum status
json_array(struct json_parser *p, struct json_value *v)
{
	struct json_value *items = NULL, *it;
	size_t n = 0, cap = 0;
	enum status st;

	p->i++;
	json_ws(p);
	if (p->i < p->len && p->s[p->i] == ']')
		p->i++;
	else
		for (;;) {
			it = vec_push((void **)&items, &n, &cap, sizeof *items);
			if ((st = json_value(p, it)) != ST_OK) {
				free(items);
				return st;
			}
			json_ws(p);
			if (p->i < p->len && p->s[p->i] == ',') {
				p->i++;
				continue;
			}
			if (p->i < p->len && p->s[p->i] == ']') {
				p->i++;
				break;
			}
			free(items);
			return json_err(p, p->i, p->i < p->len ?
			    _("',' or ']' expected") : _("the array never ends "
			    "(a ']' is missing)"));
		}
	v->type = JSON_ARRAY;
	v->len = n;
	v->u.items = n ? arena_get(p->arena, n * sizeof *items, true) : NULL;
	if (n > 0)
		memcpy(v->u.items, items, n * sizeof *items);
	free(items);
	return ST_OK;
}

static enum status
json_object(struct json_parser *p, struct json_value *v)
{
	struct json_member *m = NULL, *it;
	size_t n = 0, cap = 0;
	enum status st;

	p->i++;
	json_ws(p);
	if (p->i < p->len && p->s[p->i] == '}')
		p->i++;
	else
		for (;;) {
			json_ws(p);
			if (p->i >= p->len || p->s[p->i] != '"') {
				free(m);
				return json_err(p, p->i, p->i < p->len ?
				    _("a key (a string) expected") : _("the object "
				    "never ends (a '}' is missing)"));
			}
			it = vec_push((void **)&m, &n, &cap, sizeof *m);
			if ((st = json_string(p, &it->key, &it->keylen,
			    true)) != ST_OK) {
				free(m);
				return st;
			}
			json_ws(p);
			if (p->i >= p->len || p->s[p->i] != ':') {
				free(m);
				return json_err(p, p->i, _("':' expected"));
			}
			p->i++;
			if ((st = json_value(p, &it->value)) != ST_OK) {
				free(m);
				return st;
			}
			json_ws(p);
			if (p->i < p->len && p->s[p->i] == ',') {
				p->i++;
				continue;
			}
			if (p->i < p->len && p->s[p->i] == '}') {
				p->i++;
				break;
			}
			free(m);
			return json_err(p, p->i, p->i < p->len ?
			    _("',' or '}' expected") : _("the object never ends "
			    "(a '}' is missing)"));
		}
	v->type = JSON_OBJECT;
	v->len = n;
	v->u.members = n ? arena_get(p->arena, n * sizeof *m, true) : NULL;
	if (n > 0)
		memcpy(v->u.members, m, n * sizeof *m);
	free(m);
	return ST_OK;
}

/* True if the literal word is at p->i. */
static bool
json_word(struct json_parser *p, const char *word)
{
	size_t n = strlen(word);

	if (p->len - p->i < n || memcmp(p->s + p->i, word, n) != 0)
		return false;
	p->i += n;
	return true;
}

static enum status
json_value(struct json_parser *p, struct json_value *v)
{
	enum status st;
	char c;

	json_ws(p);
	memset(v, 0, sizeof *v);
	v->off = p->i;
	if (p->i >= p->len)
		return json_err(p, p->i, _("a value expected, the file ends"));
	c = p->s[p->i];
	if (c == '{' || c == '[') {
		if (++p->depth > JSON_MAX_DEPTH)
			return json_err(p, p->i, _("nested deeper than 64 levels"));
		st = c == '{' ? json_object(p, v) : json_array(p, v);
		p->depth--;
		return st;
	}
	if (c == '"') {
		v->type = JSON_STRING;
		return json_string(p, &v->u.str, &v->len, false);
	}
	if (json_word(p, "null")) {
		v->type = JSON_NULL;
		return ST_OK;
	}
	if (json_word(p, "true")) {
		v->type = JSON_TRUE;
		return ST_OK;
	}
	if (json_word(p, "false")) {
		v->type = JSON_FALSE;
		return ST_OK;
	}
	return json_number(p, v);
}

enum status
json_parse(const char *data, size_t len, struct json_doc *out, char **err)
{
	struct json_parser p = { .s = data, .len = len };
	enum status st;
	size_t start;

	memset(out, 0, sizeof *out);
	*err = NULL;
	if ((st = import_check_text(data, len, 0, &start, err)) != ST_OK)
		return st;
	out->arena = p.arena = xcalloc(1, sizeof *p.arena);
	p.i = start;
	json_ws(&p);
	if (p.i >= len) {
		*err = xstrdup(_("empty file: no JSON value"));
		return ST_INVALID;
	}
	st = json_value(&p, &out->root);
	if (st == ST_OK) {
		json_ws(&p);
		if (p.i < len)
			st = json_err(&p, p.i, _("text after the JSON value"));
	}
	buf_free(&p.str);
	if (st != ST_OK)
		*err = p.err != NULL ? p.err : xstrdup(_("malformed JSON"));
	else
		free(p.err);
	return st;
}

const struct json_value *
json_get(const struct json_value *v, const char *key)
{
	size_t i, n = strlen(key);

	if (v == NULL || v->type != JSON_OBJECT)
		return NULL;
	for (i = 0; i < v->len; i++)
		if (v->u.members[i].keylen == n &&
		    memcmp(v->u.members[i].key, key, n) == 0)
			return &v->u.members[i].value;
	return NULL;
}

bool
json_int(const struct json_value *v, int64_t *out)
{
	const char *s;
	bool neg;
	uint64_t x = 0, lim;

	if (v == NULL || v->type != JSON_NUMBER)
		return false;
	s = v->u.str;
	neg = *s == '-';
	if (neg)
		s++;
	lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return false; /* a fraction or an exponent */
		if (x > (lim - (uint64_t)(*s - '0')) / 10)
			return false;
		x = x * 10 + (uint64_t)(*s - '0');
	}
	if (neg)
		*out = x == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)x;
	else
		*out = (int64_t)x;
	return true;
}

/* ---- the records ---- */

enum jtype {
	J_TEXT,
	J_INT,
	J_COUNT, /* an integer >= 0 */
	J_BOOL,
	J_TIME,
	J_UUID,
	J_REF,   /* a UUID of a record of kind ref, never null */
	J_OPTREF, /* the same, or null */
	J_PART,  /* "opening", "closing" */
	J_STATE, /* "planned", "open", "closed" */
	J_STATUS /* "new", "accepted", "rejected", "merged" */
};

enum jkind {
	K_FORUM,
	K_PARAGRAPH,
	K_GROUP,
	K_TRACK,
	K_SESSION,
	K_ADDRESSEE,
	K_PROPOSAL,
	K_LINK,
	K_REVISION,
	K_COUNT
};

struct jcol {
	const char *name;
	enum jtype type;
	enum jkind ref; /* J_REF, J_OPTREF */
};

#define JCOMMON                                                            \
	{ "uuid", J_UUID, 0 }, { "created", J_TIME, 0 },                   \
	{ "updated", J_TIME, 0 }, { "copy", J_UUID, 0 },                   \
	{ "deleted", J_BOOL, 0 }

static const struct jcol forum_cols[] = {
	JCOMMON,
	{ "title", J_TEXT, 0 },
	{ "resolution_title", J_TEXT, 0 },
	{ "city", J_TEXT, 0 },
	{ "start_date", J_TEXT, 0 },
	{ "end_date", J_TEXT, 0 },
	{ "doc_date", J_TEXT, 0 },
	{ "participants_intro", J_TEXT, 0 },
	{ "themes_intro", J_TEXT, 0 },
	{ "lead_in", J_TEXT, 0 },
	{ "final", J_BOOL, 0 },
};

static const struct jcol paragraph_cols[] = {
	JCOMMON,
	{ "part", J_PART, 0 },
	{ "pos", J_INT, 0 },
	{ "text", J_TEXT, 0 },
};

static const struct jcol group_cols[] = {
	JCOMMON,
	{ "pos", J_INT, 0 },
	{ "text", J_TEXT, 0 },
};

static const struct jcol track_cols[] = {
	JCOMMON,
	{ "pos", J_INT, 0 },
	{ "title", J_TEXT, 0 },
	{ "label", J_TEXT, 0 },
	{ "moderator", J_TEXT, 0 },
};

static const struct jcol session_cols[] = {
	JCOMMON,
	{ "track", J_REF, K_TRACK },
	{ "pos", J_INT, 0 },
	{ "title", J_TEXT, 0 },
	{ "date", J_TEXT, 0 },
	{ "time", J_TEXT, 0 },
	{ "room", J_TEXT, 0 },
	{ "state", J_STATE, 0 },
};

static const struct jcol addressee_cols[] = {
	JCOMMON,
	{ "pos", J_INT, 0 },
	{ "heading", J_TEXT, 0 },
	{ "label", J_TEXT, 0 },
	{ "recommend", J_BOOL, 0 },
};

/* merged_into (the 12th column, ?12): written once every proposal is in. */
#define PROPOSAL_MERGED_COL 11
static const struct jcol proposal_cols[] = {
	JCOMMON,
	{ "track", J_REF, K_TRACK },
	{ "session", J_OPTREF, K_SESSION },
	{ "text", J_TEXT, 0 },
	{ "author", J_TEXT, 0 },
	{ "organisation", J_TEXT, 0 },
	{ "status", J_STATUS, 0 },
	{ "merged_into", J_OPTREF, K_PROPOSAL },
	{ "votes_for", J_COUNT, 0 },
	{ "votes_against", J_COUNT, 0 },
	{ "votes_abstain", J_COUNT, 0 },
	{ "note", J_TEXT, 0 },
};

static const struct jcol link_cols[] = {
	JCOMMON,
	{ "proposal", J_REF, K_PROPOSAL },
	{ "addressee", J_REF, K_ADDRESSEE },
	{ "pos", J_INT, 0 },
};

static const struct jcol revision_cols[] = {
	{ "uuid", J_UUID, 0 },
	{ "proposal", J_REF, K_PROPOSAL },
	{ "time", J_TIME, 0 },
	{ "copy", J_UUID, 0 },
	{ "text", J_TEXT, 0 },
};

#define JMAX_COLS (sizeof proposal_cols / sizeof proposal_cols[0])

/*
 * A kind: its key in the document, its table, its columns (bound in this
 * order as ?1, ?2, ...), and its statements: find by UUID (id, updated,
 * deleted), insert, update every column of row ?N+1 (tombstones win), and
 * set the tombstone of row ?1.
 */
struct jkind_desc {
	const char *name;
	const char *what; /* for messages: "a track" */
	const struct jcol *cols;
	size_t ncols;
	const char *find;
	const char *insert;
	const char *update;
	const char *tomb;
};

#define JK(name, what, cols, find, insert, update, tomb) \
	{ name, what, cols, sizeof(cols) / sizeof(cols)[0], find, insert, \
	  update, tomb }

#define JSET "uuid = ?1, created = ?2, updated = ?3, copy = ?4, " \
	"deleted = MAX(deleted, ?5), "

static const struct jkind_desc jkinds[K_COUNT] = {
	[K_FORUM] = JK("forum", "the forum record", forum_cols,
	    "SELECT id, updated, deleted FROM forum WHERE uuid = ?1",
	    "INSERT INTO forum (id, uuid, created, updated, copy, deleted, "
	    "title, resolution_title, city, start_date, end_date, doc_date, "
	    "participants_intro, themes_intro, lead_in, final) VALUES (1, ?1, "
	    "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) "
	    "ON CONFLICT (id) DO UPDATE SET uuid = ?1, created = ?2, "
	    "updated = ?3, copy = ?4, deleted = ?5, title = ?6, "
	    "resolution_title = ?7, city = ?8, start_date = ?9, "
	    "end_date = ?10, doc_date = ?11, participants_intro = ?12, "
	    "themes_intro = ?13, lead_in = ?14, final = ?15",
	    "UPDATE forum SET " JSET "title = ?6, resolution_title = ?7, "
	    "city = ?8, start_date = ?9, end_date = ?10, doc_date = ?11, "
	    "participants_intro = ?12, themes_intro = ?13, lead_in = ?14, "
	    "final = ?15 WHERE id = ?16",
	    "UPDATE forum SET deleted = 1 WHERE id = ?1"),
	[K_PARAGRAPH] = JK("paragraphs", "a paragraph", paragraph_cols,
	    "SELECT id, updated, deleted FROM paragraph WHERE uuid = ?1",
	    "INSERT INTO paragraph (uuid, created, updated, copy, deleted, "
	    "part, pos, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	    "UPDATE paragraph SET " JSET "part = ?6, pos = ?7, text = ?8 "
	    "WHERE id = ?9",
	    "UPDATE paragraph SET deleted = 1 WHERE id = ?1"),
	[K_GROUP] = JK("groups", "a participant group", group_cols,
	    "SELECT id, updated, deleted FROM participant_group "
	    "WHERE uuid = ?1",
	    "INSERT INTO participant_group (uuid, created, updated, copy, "
	    "deleted, pos, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	    "UPDATE participant_group SET " JSET "pos = ?6, text = ?7 "
	    "WHERE id = ?8",
	    "UPDATE participant_group SET deleted = 1 WHERE id = ?1"),
	[K_TRACK] = JK("tracks", "a track", track_cols,
	    "SELECT id, updated, deleted FROM track WHERE uuid = ?1",
	    "INSERT INTO track (uuid, created, updated, copy, deleted, pos, "
	    "title, label, moderator) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
	    "?9)",
	    "UPDATE track SET " JSET "pos = ?6, title = ?7, label = ?8, "
	    "moderator = ?9 WHERE id = ?10",
	    "UPDATE track SET deleted = 1 WHERE id = ?1"),
	[K_SESSION] = JK("sessions", "a session", session_cols,
	    "SELECT id, updated, deleted FROM session WHERE uuid = ?1",
	    "INSERT INTO session (uuid, created, updated, copy, deleted, "
	    "track_id, pos, title, date, time, room, state) VALUES (?1, ?2, "
	    "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
	    "UPDATE session SET " JSET "track_id = ?6, pos = ?7, title = ?8, "
	    "date = ?9, time = ?10, room = ?11, state = ?12 WHERE id = ?13",
	    "UPDATE session SET deleted = 1 WHERE id = ?1"),
	[K_ADDRESSEE] = JK("addressees", "an addressee", addressee_cols,
	    "SELECT id, updated, deleted FROM addressee WHERE uuid = ?1",
	    "INSERT INTO addressee (uuid, created, updated, copy, deleted, "
	    "pos, heading, label, recommend) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
	    "?7, ?8, ?9)",
	    "UPDATE addressee SET " JSET "pos = ?6, heading = ?7, label = ?8, "
	    "recommend = ?9 WHERE id = ?10",
	    "UPDATE addressee SET deleted = 1 WHERE id = ?1"),
	[K_PROPOSAL] = JK("proposals", "a proposal", proposal_cols,
	    "SELECT id, updated, deleted FROM proposal WHERE uuid = ?1",
	    "INSERT INTO proposal (uuid, created, updated, copy, deleted, "
	    "track_id, session_id, text, author, organisation, status, "
	    "merged_into, votes_for, votes_against, votes_abstain, note) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
	    "?14, ?15, ?16)",
	    "UPDATE proposal SET " JSET "track_id = ?6, session_id = ?7, "
	    "text = ?8, author = ?9, organisation = ?10, status = ?11, "
	    "merged_into = ?12, votes_for = ?13, votes_against = ?14, "
	    "votes_abstain = ?15, note = ?16 WHERE id = ?17",
	    "UPDATE proposal SET deleted = 1 WHERE id = ?1"),
	[K_LINK] = JK("links", "a link", link_cols,
	    "SELECT id, updated, deleted FROM proposal_addressee "
	    "WHERE uuid = ?1",
	    "INSERT INTO proposal_addressee (uuid, created, updated, copy, "
	    "deleted, proposal_id, addressee_id, pos) VALUES (?1, ?2, ?3, ?4, "
	    "?5, ?6, ?7, ?8)",
	    "UPDATE proposal_addressee SET " JSET "proposal_id = ?6, "
	    "addressee_id = ?7, pos = ?8 WHERE id = ?9",
	    "UPDATE proposal_addressee SET deleted = 1 WHERE id = ?1"),
	[K_REVISION] = JK("revisions", "a revision", revision_cols,
	    "SELECT id, 0, 0 FROM revision WHERE uuid = ?1",
	    "INSERT INTO revision (uuid, proposal_id, time, copy, text) "
	    "VALUES (?1, ?2, ?3, ?4, ?5)",
	    NULL, NULL),
};

/* The tables, to find what a reference names in the file. */
static const char *const jfind_id[K_COUNT] = {
	[K_TRACK] = "SELECT id FROM track WHERE uuid = ?1",
	[K_SESSION] = "SELECT id FROM session WHERE uuid = ?1",
	[K_ADDRESSEE] = "SELECT id FROM addressee WHERE uuid = ?1",
	[K_PROPOSAL] = "SELECT id FROM proposal WHERE uuid = ?1",
};

/* One value of a record, checked. */
struct jval {
	const char *s;  /* TEXT, UUID, REF: the text (REF: NULL if null) */
	size_t len;
	int64_t num;    /* INT, COUNT, BOOL, TIME, PART, STATE, STATUS;
	                 * REF: the row id once resolved */
	size_t off;     /* where the value is, for messages */
};

/*
 * A record of the document: its object in the tree, whose values are read
 * again (jvals()) when they are needed rather than kept: the tree holds
 * them already, and a forum of 100,000 proposals has 300,000 records.
 */
struct jrec {
	const struct json_value *obj;
	int64_t id;     /* its row in the file once written */
	bool written;   /* inserted or updated: merged_into, the index */
};

struct json_import {
	struct forum *f;
	const struct import_options *o;
	struct import_report *r;
	const char *data;
	size_t len;
	struct jrec *recs[K_COUNT];
	size_t nrecs[K_COUNT];
	struct import_keys *byuuid[K_COUNT]; /* UUID -> record index */
	bool merge; /* the same forum: match by UUID (else: empty file) */
	int64_t inserted[K_COUNT], updated[K_COUNT], unchanged[K_COUNT];
};

/* Fails with "SOURCE:LINE:COLUMN: what" for the byte off. */
static enum status
jfail(struct json_import *im, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static enum status
jfail(struct json_import *im, size_t off, const char *fmt, ...)
{
	va_list ap;
	int64_t line, col;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	import_position(im->data, im->len, off, &line, &col);
	forum_fail(im->f, ST_INVALID, "%s:%lld:%lld: %s", im->o->source,
	    (long long)line, (long long)col, msg);
	free(msg);
	return ST_INVALID;
}

/* The index of name in a NULL-terminated list, or -1. */
static int
name_index(const char *const *names, const char *s)
{
	int i;

	for (i = 0; names[i] != NULL; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

/* Checks member c of record obj (kind k, number i) into *out. */
static enum status
jcheck_value(struct json_import *im, enum jkind k, size_t i,
    const struct json_value *obj, const struct jcol *c, struct jval *out)
{
	static const char *const parts[] = { "opening", "closing", NULL };
	static const char *const states[] = { "planned", "open", "closed",
		NULL };
	static const char *const statuses[] = { "new", "accepted",
		"rejected", "merged", NULL };
	const struct json_value *v = json_get(obj, c->name);
	const char *kn = jkinds[k].name;
	char uuid[37];
	int n;

	memset(out, 0, sizeof *out);
	if (v == NULL)
		return jfail(im, obj->off, _("%s[%zu]: no \"%s\""), kn, i,
		    c->name);
	out->off = v->off;
	switch (c->type) {
	case J_TEXT:
		if (v->type != JSON_STRING)
			goto type;
		out->s = v->u.str;
		out->len = v->len;
		return ST_OK;
	case J_INT:
	case J_COUNT:
	case J_TIME:
		if (!json_int(v, &out->num))
			goto type;
		if (c->type == J_COUNT && out->num < 0)
			return jfail(im, v->off, _("%s[%zu].%s: a negative count"),
			    kn, i, c->name);
		return ST_OK;
	case J_BOOL:
		if (v->type != JSON_TRUE && v->type != JSON_FALSE)
			goto type;
		out->num = v->type == JSON_TRUE;
		return ST_OK;
	case J_UUID:
	case J_REF:
	case J_OPTREF:
		if (c->type == J_OPTREF && v->type == JSON_NULL)
			return ST_OK; /* s = NULL: none */
		if (v->type != JSON_STRING)
			goto type;
		if (!import_uuid_parse(v->u.str, v->len, uuid) ||
		    memcmp(uuid, v->u.str, 37) != 0)
			return jfail(im, v->off, _("%s[%zu].%s: not a UUID in "
			    "lower case"), kn, i, c->name);
		out->s = v->u.str;
		out->len = 36;
		return ST_OK;
	case J_PART:
	case J_STATE:
	case J_STATUS:
		if (v->type != JSON_STRING)
			goto type;
		n = name_index(c->type == J_PART ? parts : c->type ==
		    J_STATE ? states : statuses, v->u.str);
		if (n < 0)
			return jfail(im, v->off, _("%s[%zu].%s: \"%s\" is not "
			    "one of the names the schema gives"), kn, i,
			    c->name, v->u.str);
		out->num = c->type == J_PART ? n + 1 : n;
		return ST_OK;
	}
type:
	return jfail(im, v->off, _("%s[%zu].%s: not %s"), kn, i, c->name,
	    c->type == J_TEXT ? _("a string") : c->type == J_BOOL ?
	    _("true or false") : c->type == J_UUID || c->type == J_REF ?
	    _("a UUID") : c->type == J_OPTREF ? _("a UUID or null") :
	    c->type == J_PART || c->type == J_STATE || c->type == J_STATUS ?
	    _("a name (a string)") : _("an integer"));
}

/* Checks the records of kind k into im->recs[k]. */
static enum status
jcheck_kind(struct json_import *im, const struct json_value *root,
    enum jkind k)
{
	const struct jkind_desc *d = &jkinds[k];
	const struct json_value *list = json_get(root, d->name), *items;
	size_t n, i, j, prev;
	enum status st;

	if (list == NULL || list->type == JSON_NULL)
		return ST_OK;
	if (k == K_FORUM) {
		if (list->type != JSON_OBJECT)
			return jfail(im, list->off, _("\"forum\": not an object "
			    "or null"));
		items = list;
		n = 1;
	} else {
		if (list->type != JSON_ARRAY)
			return jfail(im, list->off, _("\"%s\": not an array"),
			    d->name);
		items = list->u.items;
		n = list->len;
	}
	im->recs[k] = xcalloc(n ? n : 1, sizeof *im->recs[k]);
	im->byuuid[k] = import_map_new();
	for (i = 0; i < n; i++) {
		const struct json_value *obj = &items[i];
		struct jval v[JMAX_COLS];

		if (obj->type != JSON_OBJECT)
			return jfail(im, obj->off, _("%s[%zu]: not an object"),
			    d->name, i);
		im->recs[k][i].obj = obj;
		for (j = 0; j < d->ncols; j++)
			if ((st = jcheck_value(im, k, i, obj, &d->cols[j],
			    &v[j])) != ST_OK)
				return st;
		if (import_map_get(im->byuuid[k], v[0].s, &prev))
			return jfail(im, v[0].off, _("%s[%zu]: the uuid of "
			    "%s[%zu] again"), d->name, i, d->name, prev);
		import_map_put(im->byuuid[k], v[0].s, i);
		im->nrecs[k]++;
	}
	im->r->rows += (int64_t)n;
	return ST_OK;
}

/* The values of record i of kind k (checked before: this cannot fail). */
static enum status
jvals(struct json_import *im, enum jkind k, size_t i, struct jval *v)
{
	const struct jkind_desc *d = &jkinds[k];
	const struct jrec *rec = &im->recs[k][i];
	enum status st = ST_OK;
	size_t j;

	memset(v, 0, JMAX_COLS * sizeof *v);
	for (j = 0; j < d->ncols && st == ST_OK; j++)
		st = jcheck_value(im, k, i, rec->obj, &d->cols[j], &v[j]);
	return st;
}

/* The row id of the record of kind k with uuid in the file, or 0. */
static int64_t
jfile_id(struct json_import *im, enum jkind k, const char *uuid)
{
	sqlite3_stmt *st;
	int64_t id = 0;

	if (jfind_id[k] == NULL || (st = forum_stmt(im->f, jfind_id[k])) ==
	    NULL)
		return 0;
	sqlite3_bind_text(st, 1, uuid, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return id;
}

/* Checks that every reference resolves (in the document, or the file). */
static enum status
jcheck_refs(struct json_import *im)
{
	size_t i, j, idx;
	int k;

	for (k = 0; k < K_COUNT; k++) {
		const struct jkind_desc *d = &jkinds[k];

		for (i = 0; i < im->nrecs[k]; i++) {
			struct jval vals[JMAX_COLS];

			if (jvals(im, (enum jkind)k, i, vals) != ST_OK)
				return ST_INVALID;
			for (j = 0; j < d->ncols; j++) {
				const struct jcol *c = &d->cols[j];
				const struct jval *v = &vals[j];

				if ((c->type != J_REF && c->type != J_OPTREF) ||
				    v->s == NULL)
					continue;
				if (import_map_get(im->byuuid[c->ref], v->s,
				    &idx))
					continue;
				if (im->merge && jfile_id(im, c->ref, v->s) > 0)
					continue;
				return jfail(im, v->off, _("%s[%zu].%s: no %s "
				    "with uuid %s in the document%s"), d->name,
				    i, c->name, jkinds[c->ref].what + 2 +
				    (jkinds[c->ref].what[1] == 'n'), v->s,
				    im->merge ? _(" or the file") : "");
			}
		}
	}
	return ST_OK;
}

/* The row id a reference names (0: null).  jcheck_refs() made sure it
 * resolves; a record of the document is written before what refers to
 * it, but for merged_into. */
static int64_t
jref_id(struct json_import *im, const struct jcol *c, const struct jval *v)
{
	size_t idx;

	if (v->s == NULL)
		return 0;
	if (import_map_get(im->byuuid[c->ref], v->s, &idx) &&
	    im->recs[c->ref][idx].id > 0)
		return im->recs[c->ref][idx].id;
	return jfile_id(im, c->ref, v->s);
}

/* Binds record rec's columns as ?1, ?2, ... */
static void
jbind(struct json_import *im, sqlite3_stmt *st, enum jkind k,
    const struct jval *vals)
{
	const struct jkind_desc *d = &jkinds[k];
	size_t j;
	int64_t id;

	for (j = 0; j < d->ncols; j++) {
		const struct jcol *c = &d->cols[j];
		const struct jval *v = &vals[j];
		int p = (int)j + 1;

		switch (c->type) {
		case J_TEXT:
		case J_UUID:
			sqlite3_bind_text(st, p, v->s, (int)v->len,
			    SQLITE_STATIC);
			break;
		case J_REF:
		case J_OPTREF:
			id = k == K_PROPOSAL && j == PROPOSAL_MERGED_COL ? 0 :
			    jref_id(im, c, v);
			if (id > 0)
				sqlite3_bind_int64(st, p, id);
			else
				sqlite3_bind_null(st, p);
			break;
		default:
			sqlite3_bind_int64(st, p, v->num);
			break;
		}
	}
}

/* Runs a bound statement that returns no rows. */
static enum status
jstep(struct json_import *im, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK :
	    forum_sqlerr(im->f, rc, _("import the records"));
}

/* Writes one record: added, taken in its newer version, or left. */
static enum status
jwrite_rec(struct json_import *im, enum jkind k, size_t i)
{
	const struct jkind_desc *d = &jkinds[k];
	struct jrec *rec = &im->recs[k][i];
	struct jval v[JMAX_COLS];
	sqlite3_stmt *st;
	enum status s;
	int64_t id = 0, updated = 0;
	bool deleted = false;

	if ((s = jvals(im, k, i, v)) != ST_OK)
		return s;
	if (im->merge || k == K_FORUM) {
		if ((st = forum_stmt(im->f, d->find)) == NULL)
			return ST_DB;
		sqlite3_bind_text(st, 1, v[0].s, 36, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW) {
			id = sqlite3_column_int64(st, 0);
			updated = sqlite3_column_int64(st, 1);
			deleted = sqlite3_column_int(st, 2) != 0;
		}
		sqlite3_reset(st);
	}
	if (id == 0 && k == K_LINK && im->merge) {
		/* The file may link the same pair under another UUID. */
		st = forum_stmt(im->f, "SELECT id FROM proposal_addressee "
		    "WHERE proposal_id = ?1 AND addressee_id = ?2");
		if (st == NULL)
			return ST_DB;
		sqlite3_bind_int64(st, 1, jref_id(im, &d->cols[5], &v[5]));
		sqlite3_bind_int64(st, 2, jref_id(im, &d->cols[6], &v[6]));
		if (sqlite3_step(st) == SQLITE_ROW) {
			rec->id = sqlite3_column_int64(st, 0);
			sqlite3_reset(st);
			im->unchanged[k]++;
			return ST_OK;
		}
		sqlite3_reset(st);
	}
	if (id == 0 && !(k == K_FORUM && im->merge)) {
		/* New; into an empty file, the forum record replaces its. */
		if ((st = forum_stmt(im->f, d->insert)) == NULL)
			return ST_DB;
		jbind(im, st, k, v);
		if ((s = jstep(im, st)) != ST_OK)
			return s;
		rec->id = k == K_FORUM ? 1 :
		    sqlite3_last_insert_rowid(forum_db(im->f));
		rec->written = true;
		im->inserted[k]++;
		return ST_OK;
	}
	rec->id = id;
	if (k != K_REVISION && v[2].num > updated) {
		if ((st = forum_stmt(im->f, d->update)) == NULL)
			return ST_DB;
		jbind(im, st, k, v);
		sqlite3_bind_int64(st, (int)d->ncols + 1, id);
		if ((s = jstep(im, st)) != ST_OK)
			return s;
		rec->written = true;
		im->updated[k]++;
		return ST_OK;
	}
	if (k != K_REVISION && v[4].num && !deleted) {
		if ((st = forum_stmt(im->f, d->tomb)) == NULL)
			return ST_DB;
		sqlite3_bind_int64(st, 1, id);
		if ((s = jstep(im, st)) != ST_OK)
			return s;
		rec->written = true;
		im->updated[k]++;
		return ST_OK;
	}
	im->unchanged[k]++;
	return ST_OK;
}

/* merged_into of the proposals written, then their search index. */
static enum status
jwrite_proposals_after(struct json_import *im)
{
	const struct jcol *c = &proposal_cols[PROPOSAL_MERGED_COL];
	sqlite3_stmt *st;
	enum status s = ST_OK;
	size_t i;

	for (i = 0; i < im->nrecs[K_PROPOSAL] && s == ST_OK; i++) {
		struct jrec *rec = &im->recs[K_PROPOSAL][i];
		struct jval v[JMAX_COLS];
		int64_t m;

		if (!rec->written)
			continue;
		if ((s = jvals(im, K_PROPOSAL, i, v)) != ST_OK)
			return s;
		m = jref_id(im, c, &v[PROPOSAL_MERGED_COL]);
		if (m > 0) {
			st = forum_stmt(im->f, "UPDATE proposal SET "
			    "merged_into = ?1 WHERE id = ?2");
			if (st == NULL)
				return ST_DB;
			sqlite3_bind_int64(st, 1, m);
			sqlite3_bind_int64(st, 2, rec->id);
			s = jstep(im, st);
		}
		if (s == ST_OK)
			s = search_index_proposal(im->f, rec->id);
	}
	return s;
}

/* True if the file holds no record but (perhaps) its forum record. */
static enum status
jfile_empty(struct json_import *im, bool *empty)
{
	sqlite3_stmt *st = forum_stmt(im->f, "SELECT "
	    "(SELECT COUNT(*) FROM paragraph) + "
	    "(SELECT COUNT(*) FROM participant_group) + "
	    "(SELECT COUNT(*) FROM track) + (SELECT COUNT(*) FROM session) + "
	    "(SELECT COUNT(*) FROM addressee) + "
	    "(SELECT COUNT(*) FROM proposal) + "
	    "(SELECT COUNT(*) FROM proposal_addressee) + "
	    "(SELECT COUNT(*) FROM revision)");
	int rc;

	if (st == NULL)
		return ST_DB;
	rc = sqlite3_step(st);
	*empty = rc == SQLITE_ROW && sqlite3_column_int64(st, 0) == 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? ST_OK :
	    forum_sqlerr(im->f, rc, _("read the file"));
}

/* Decides where the document may go: an empty file, or the same forum. */
static enum status
jtarget(struct json_import *im)
{
	struct forum_info fi;
	struct jval v[JMAX_COLS];
	const char *doc = NULL; /* the document's forum UUID */
	enum status s;
	bool empty, have;

	if (im->nrecs[K_FORUM] > 0) {
		if ((s = jvals(im, K_FORUM, 0, v)) != ST_OK)
			return s;
		doc = v[0].s;
	}
	if ((s = jfile_empty(im, &empty)) != ST_OK)
		return s;
	have = forum_info_get(im->f, &fi) == ST_OK;
	if (empty) {
		if (doc == NULL && !have)
			s = jfail(im, 0, _("the document has no forum record "
			    "(\"forum\": null), and the new file needs one: "
			    "make the file with agora new first"));
		if (have)
			forum_info_free(&fi);
		return s;
	}
	im->merge = true;
	if (doc != NULL && have && strcmp(fi.rec.uuid, doc) == 0) {
		forum_info_free(&fi);
		return ST_OK;
	}
	s = forum_fail(im->f, ST_INVALID, _("%s: %s holds another forum (%s) "
	    "than the document (%s): JSON imports into an empty forum file "
	    "(agora import NEW.db %s) or into the same forum; agora merge "
	    "--import takes another forum's records in"), im->o->source,
	    forum_path(im->f), have ? fi.rec.uuid : _("no forum record"),
	    doc != NULL ? doc : _("no forum record"), im->o->source);
	if (have)
		forum_info_free(&fi);
	return s;
}

/* The report: what was added, updated and left. */
static void
jreport(struct json_import *im)
{
	struct import_report *r = im->r;
	struct buf b = {0};
	int k;

	r->paragraphs = im->inserted[K_PARAGRAPH];
	r->groups = im->inserted[K_GROUP];
	r->tracks = im->inserted[K_TRACK];
	r->sessions = im->inserted[K_SESSION];
	r->addressees = im->inserted[K_ADDRESSEE];
	r->proposals = im->inserted[K_PROPOSAL];
	r->links = im->inserted[K_LINK];
	r->revisions = im->inserted[K_REVISION];
	r->forum_set = im->inserted[K_FORUM] + im->updated[K_FORUM] > 0;
	for (k = 0; k < K_COUNT; k++) {
		r->updated += im->updated[k];
		r->skipped += im->unchanged[k];
		if (im->unchanged[k] > 0)
			buf_printf(&b, "%s%lld %s", b.len ? ", " : "",
			    (long long)im->unchanged[k], jkinds[k].name);
	}
	if (b.len > 0)
		import_msg(r, IMPORT_SKIPPED, 0, 0, _("already in the file, as "
		    "new as the document's: %s"), buf_str(&b));
	buf_free(&b);
}

/* Checks the format and version at the top of the document. */
static enum status
jcheck_head(struct json_import *im, const struct json_value *root)
{
	const struct json_value *fmt = json_get(root, "format");
	const struct json_value *ver = json_get(root, "version");
	int64_t v;

	if (root->type != JSON_OBJECT)
		return jfail(im, root->off, _("not an agora forum export (the "
		    "document is not a JSON object)"));
	if (fmt == NULL || fmt->type != JSON_STRING ||
	    strcmp(fmt->u.str, JSON_FORMAT) != 0)
		return jfail(im, fmt ? fmt->off : root->off, _("not an agora "
		    "forum export (\"format\" is not \"%s\")"), JSON_FORMAT);
	if (ver == NULL || !json_int(ver, &v) || v < 1)
		return jfail(im, ver ? ver->off : root->off, _("\"version\" is "
		    "not a version number (1, 2, ...)"));
	if (v > JSON_FORMAT_VERSION)
		return jfail(im, ver->off, _("the file is %s version %lld; this "
		    "agora reads up to %d"), JSON_FORMAT, (long long)v,
		    JSON_FORMAT_VERSION);
	return ST_OK;
}

enum status
import_json(struct forum *f, const char *data, size_t len,
    const struct import_options *o, struct import_report *r)
{
	struct json_import im = { .f = f, .o = o, .r = r, .data = data,
		.len = len };
	struct json_doc doc;
	enum status s;
	char *err = NULL, *label;
	size_t i;
	bool own = false;
	int k;

	r->format = "json";
	if ((s = json_parse(data, len, &doc, &err)) != ST_OK) {
		import_fail_source(f, s, o->source, err);
		free(err);
		json_doc_free(&doc);
		return s;
	}
	if ((s = jcheck_head(&im, &doc.root)) != ST_OK)
		goto out;
	for (k = 0; k < K_COUNT && s == ST_OK; k++)
		s = jcheck_kind(&im, &doc.root, (enum jkind)k);
	if (s != ST_OK)
		goto out;
	label = xasprintf(_("import %s"), o->source);
	s = forum_enter(f, label, &own);
	free(label);
	if (s != ST_OK)
		goto out;
	if ((s = jtarget(&im)) == ST_OK)
		s = jcheck_refs(&im);
	for (k = 0; k < K_COUNT && s == ST_OK; k++)
		for (i = 0; i < im.nrecs[k] && s == ST_OK; i++)
			s = jwrite_rec(&im, (enum jkind)k, i);
	if (s == ST_OK)
		s = jwrite_proposals_after(&im);
	if (s == ST_OK)
		jreport(&im);
	s = forum_leave(f, own, s);
out:
	for (k = 0; k < K_COUNT; k++) {
		free(im.recs[k]);
		import_map_free(im.byuuid[k]);
	}
	json_doc_free(&doc);
	return s;
}
