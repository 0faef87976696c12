/*
 * import.c: what the readers share: checking a source's bytes, positions
 * for messages, the report, normalised names and content keys, and the
 * forum's names as the CSV and text readers match and extend them.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "i18n.h"
#include "import.h"
#include "text.h"

/* ---- the report ---- */

void
import_report_free(struct import_report *r)
{
	size_t i;

	for (i = 0; i < r->ncolumns; i++)
		free(r->columns[i]);
	free(r->columns);
	for (i = 0; i < r->nmsgs; i++)
		free(r->msgs[i].text);
	free(r->msgs);
	memset(r, 0, sizeof *r);
}

void *
import_grow(void *v, size_t n, size_t size)
{
	if (n == 0)
		return xreallocarray(v, 8, size);
	if (n >= 8 && (n & (n - 1)) == 0)
		return xreallocarray(v, n, 2 * size);
	return v;
}

void
import_msg(struct import_report *r, enum import_msg_kind kind, int64_t line,
    int64_t col, const char *fmt, ...)
{
	struct import_msg *m;
	va_list ap;

	r->msgs = import_grow(r->msgs, r->nmsgs, sizeof *r->msgs);
	m = &r->msgs[r->nmsgs++];
	m->kind = kind;
	m->line = line;
	m->col = col;
	va_start(ap, fmt);
	m->text = xvasprintf(fmt, ap);
	va_end(ap);
}

/* ---- bytes and positions ---- */

void
import_position(const char *data, size_t len, size_t off, int64_t *line,
    int64_t *col)
{
	size_t i;
	int64_t l = 1, c = 1;

	if (off > len)
		off = len;
	for (i = 0; i < off; i++) {
		unsigned char b = (unsigned char)data[i];

		if (b == '\n' || (b == '\r' && (i + 1 >= len ||
		    data[i + 1] != '\n'))) {
			l++;
			c = 1;
		} else if (b == '\r')
			continue;
		else if ((b & 0xC0) != 0x80)
			c++;
	}
	*line = l;
	*col = c;
}

enum status
import_check_text(const char *data, size_t len, size_t max_line,
    size_t *start, char **err)
{
	size_t i = 0, linestart, n;
	int64_t line, col;
	uint32_t cp;

	*start = 0;
	*err = NULL;
	if (len == 0) {
		*err = xstrdup(_("empty file"));
		return ST_INVALID;
	}
	if (len > IMPORT_MAX_SIZE) {
		*err = xasprintf(_("the file is larger than %zu MiB"),
		    IMPORT_MAX_SIZE >> 20);
		return ST_TOOBIG;
	}
	if (len >= 2 && (((unsigned char)data[0] == 0xFF &&
	    (unsigned char)data[1] == 0xFE) || ((unsigned char)data[0] ==
	    0xFE && (unsigned char)data[1] == 0xFF))) {
		*err = xstrdup(_("1:1: the file is UTF-16; save it as UTF-8"));
		return ST_INVALID;
	}
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		*start = i = 3;
	linestart = i;
	while (i < len) {
		unsigned char b = (unsigned char)data[i];

		if (b == '\n' || b == '\r') {
			if (max_line > 0 && i - linestart > max_line)
				goto toolong;
			i++;
			linestart = i;
			continue;
		}
		if (b == 0) {
			import_position(data, len, i, &line, &col);
			*err = xasprintf(_("%lld:%lld: a NUL byte: this is not a "
			    "text file"), (long long)line, (long long)col);
			return ST_INVALID;
		}
		if (b < 0x80) {
			i++;
			continue;
		}
		n = text_decode(data + i, len - i, &cp);
		if (cp == TEXT_REPLACEMENT && n == 1) {
			import_position(data, len, i, &line, &col);
			*err = xasprintf(_("%lld:%lld: invalid UTF-8 (byte 0x%02X):"
			    " save the file as UTF-8 (a Windows file converts "
			    "with iconv -f CP1251 -t UTF-8)"), (long long)line,
			    (long long)col, b);
			return ST_INVALID;
		}
		i += n;
	}
	if (max_line > 0 && i - linestart > max_line)
		goto toolong;
	return ST_OK;
toolong:
	import_position(data, len, linestart, &line, &col);
	*err = xasprintf(_("%lld:1: the line is longer than %zu KiB (%zu MiB)"),
	    (long long)line, max_line >> 10, max_line >> 20);
	return ST_TOOBIG;
}

/* ---- text ---- */

bool
import_is_space(uint32_t cp)
{
	return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0xA0 ||
	    (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x205F ||
	    cp == 0x3000 || cp == 0xFEFF || cp == 0x1680;
}

void
import_trim(const char **s, size_t *len)
{
	const char *p = *s;
	size_t n = *len, k, last;
	uint32_t cp;

	while (n > 0) {
		k = text_decode(p, n, &cp);
		if (!import_is_space(cp))
			break;
		p += k;
		n -= k;
	}
	/* The end: decode forwards, remembering the end of the last
	 * character that is not a space. */
	last = 0;
	for (k = 0; k < n;) {
		size_t m = text_decode(p + k, n - k, &cp);

		k += m;
		if (!import_is_space(cp))
			last = k;
	}
	*s = p;
	*len = last;
}

void
import_norm(struct buf *out, const char *s, size_t len)
{
	struct buf tmp = {0};
	size_t i = 0, n;
	uint32_t cp;
	bool space = false;

	import_trim(&s, &len);
	while (i < len) {
		n = text_decode(s + i, len - i, &cp);
		if (import_is_space(cp))
			space = true;
		else {
			if (space)
				buf_addc(&tmp, ' ');
			space = false;
			buf_add(&tmp, s + i, n);
		}
		i += n;
	}
	text_fold(out, buf_str(&tmp), tmp.len, true);
	buf_free(&tmp);
}

void
import_excerpt(struct buf *out, const char *s, size_t len, size_t max)
{
	struct buf clean = {0};

	text_sanitise(&clean, s, len, 0);
	text_cut(out, buf_str(&clean), clean.len, max, "…", NULL);
	buf_free(&clean);
}

bool
import_uuid_parse(const char *s, size_t len, char out[37])
{
	size_t i;

	if (len != 36)
		return false;
	for (i = 0; i < 36; i++) {
		char c = s[i];

		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (c != '-')
				return false;
			out[i] = c;
			continue;
		}
		if (c >= 'A' && c <= 'F')
			c = (char)(c - 'A' + 'a');
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return false;
		out[i] = c;
	}
	out[36] = '\0';
	return true;
}

/* ---- content keys ---- */

/* A set of strings, each with a value: open addressing on their FNV-1a
 * hashes. */
struct import_keys {
	char **slot;
	size_t *val;
	size_t cap; /* a power of two */
	size_t n;
};

static uint64_t
keys_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325u;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3u;
	}
	return h;
}

/* The slot of s, or SIZE_MAX. */
static size_t
keys_find(const struct import_keys *k, const char *s)
{
	size_t i;

	if (k == NULL || k->cap == 0)
		return SIZE_MAX;
	for (i = keys_hash(s) & (k->cap - 1); k->slot[i] != NULL;
	    i = (i + 1) & (k->cap - 1))
		if (strcmp(k->slot[i], s) == 0)
			return i;
	return SIZE_MAX;
}

static bool
keys_has(const struct import_keys *k, const char *s)
{
	return keys_find(k, s) != SIZE_MAX;
}

static void
keys_put(struct import_keys *k, char *s, size_t val)
{
	size_t i;

	for (i = keys_hash(s) & (k->cap - 1); k->slot[i] != NULL;
	    i = (i + 1) & (k->cap - 1))
		;
	k->slot[i] = s;
	k->val[i] = val;
}

/* Adds a copy of s with val unless s is there. */
static void
keys_add_val(struct import_keys *k, const char *s, size_t val)
{
	char **old = k->slot;
	size_t *oldval = k->val;
	size_t oldcap = k->cap, i;

	if (keys_has(k, s))
		return;
	if ((k->n + 1) * 2 > k->cap) {
		k->cap = k->cap ? k->cap * 2 : 1024;
		k->slot = xcalloc(k->cap, sizeof *k->slot);
		k->val = xcalloc(k->cap, sizeof *k->val);
		for (i = 0; i < oldcap; i++)
			if (old[i] != NULL)
				keys_put(k, old[i], oldval[i]);
		free(old);
		free(oldval);
	}
	keys_put(k, xstrdup(s), val);
	k->n++;
}

static void
keys_add(struct import_keys *k, const char *s)
{
	keys_add_val(k, s, 0);
}

static void
keys_free(struct import_keys *k)
{
	size_t i;

	if (k == NULL)
		return;
	for (i = 0; i < k->cap; i++)
		free(k->slot[i]);
	free(k->slot);
	free(k->val);
	free(k);
}

struct import_keys *
import_map_new(void)
{
	return xcalloc(1, sizeof(struct import_keys));
}

void
import_map_free(struct import_keys *m)
{
	keys_free(m);
}

void
import_map_put(struct import_keys *m, const char *key, size_t val)
{
	keys_add_val(m, key, val);
}

bool
import_map_get(const struct import_keys *m, const char *key, size_t *val)
{
	size_t i = keys_find(m, key);

	if (i == SIZE_MAX)
		return false;
	*val = m->val[i];
	return true;
}

void
import_key(struct buf *out, int64_t tid, const char *text, size_t len)
{
	struct buf q = {0};
	size_t i = 0, n, start;
	uint32_t cp;

	/* Quotes of every kind as one. */
	while (i < len) {
		n = text_decode(text + i, len - i, &cp);
		if (cp == 0xAB || cp == 0xBB || cp == 0x201C || cp == 0x201D ||
		    cp == 0x201E || cp == 0x201F)
			buf_addc(&q, '"');
		else
			buf_add(&q, text + i, n);
		i += n;
	}
	buf_printf(out, "%lld\x1f", (long long)tid);
	start = out->len;
	import_norm(out, buf_str(&q), q.len);
	buf_free(&q);
	/* Without a final full stop or semicolon (and the space before). */
	while (out->len > start && (out->data[out->len - 1] == '.' ||
	    out->data[out->len - 1] == ';' || out->data[out->len - 1] == ' '))
		out->data[--out->len] = '\0';
}

bool
import_key_has(struct import_ctx *c, const char *key)
{
	return keys_has(c->keys, key);
}

void
import_key_add(struct import_ctx *c, const char *key)
{
	keys_add(c->keys, key);
}

bool
import_uuid_exists(struct import_ctx *c, const char *uuid)
{
	return keys_has(c->uuids, uuid);
}

/* ---- the forum's names ---- */

static char *
norm_dup(const char *s)
{
	struct buf b = {0};

	import_norm(&b, s, strlen(s));
	buf_addc(&b, '\0');
	return buf_steal(&b);
}

static void
names_free(struct import_name *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].label);
		free(v[i].title);
	}
	free(v);
}

enum status
import_tracks_reload(struct import_ctx *c)
{
	struct track *t;
	size_t n, i;
	enum status s;

	if ((s = track_list(c->f, &t, &n)) != ST_OK)
		return s;
	names_free(c->tracks, c->ntracks);
	c->tracks = xcalloc(n ? n : 1, sizeof *c->tracks);
	c->ntracks = n;
	for (i = 0; i < n; i++) {
		c->tracks[i].id = t[i].rec.id;
		c->tracks[i].label = norm_dup(t[i].label);
		c->tracks[i].title = norm_dup(t[i].title);
		memcpy(c->tracks[i].uuid, t[i].rec.uuid, 37);
	}
	track_free(t, n);
	return ST_OK;
}

/* Adds addressee a (taken over) to the names. */
static void
addr_push(struct import_ctx *c, struct addressee *a)
{
	struct import_name *nm;

	c->addr = import_grow(c->addr, c->naddr, sizeof *c->addr);
	c->an = import_grow(c->an, c->naddr, sizeof *c->an);
	c->addr[c->naddr] = *a;
	nm = &c->an[c->naddr];
	memset(nm, 0, sizeof *nm);
	nm->id = a->rec.id;
	nm->label = norm_dup(a->label);
	nm->title = norm_dup(a->heading);
	memcpy(nm->uuid, a->rec.uuid, 37);
	c->naddr++;
}

static void
session_push(struct import_ctx *c, int64_t id, int64_t tid,
    const char *title, const char *uuid)
{
	struct import_name *nm;

	c->sessions = import_grow(c->sessions, c->nsessions,
	    sizeof *c->sessions);
	nm = &c->sessions[c->nsessions++];
	memset(nm, 0, sizeof *nm);
	nm->id = id;
	nm->track = tid;
	nm->label = norm_dup(title);
	nm->title = xstrdup("");
	memcpy(nm->uuid, uuid, 37);
}

/* Every proposal's content key and UUID, deleted ones included. */
static enum status
keys_load(struct import_ctx *c)
{
	sqlite3_stmt *st = forum_stmt(c->f, "SELECT track_id, text, uuid "
	    "FROM proposal");
	struct buf k = {0};
	int rc;

	if (st == NULL)
		return ST_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *text = (const char *)sqlite3_column_text(st, 1);
		const char *uuid = (const char *)sqlite3_column_text(st, 2);

		buf_reset(&k);
		import_key(&k, sqlite3_column_int64(st, 0), text ? text : "",
		    text ? (size_t)sqlite3_column_bytes(st, 1) : 0);
		keys_add(c->keys, buf_str(&k));
		if (uuid != NULL)
			keys_add(c->uuids, uuid);
	}
	sqlite3_reset(st);
	buf_free(&k);
	return rc == SQLITE_DONE ? ST_OK :
	    forum_sqlerr(c->f, rc, _("read the proposals"));
}

enum status
import_ctx_init(struct import_ctx *c, struct forum *f,
    const struct import_options *o, struct import_report *r)
{
	struct addressee *a;
	struct session *s;
	size_t n, i;
	enum status st;

	memset(c, 0, sizeof *c);
	c->f = f;
	c->o = o;
	c->r = r;
	c->keys = xcalloc(1, sizeof *c->keys);
	c->uuids = xcalloc(1, sizeof *c->uuids);
	if ((st = import_tracks_reload(c)) != ST_OK)
		return st;
	if ((st = addressee_list(f, &a, &n)) != ST_OK)
		return st;
	for (i = 0; i < n; i++)
		addr_push(c, &a[i]);
	free(a); /* the strings live on in c->addr */
	if ((st = session_list(f, 0, &s, &n)) != ST_OK)
		return st;
	for (i = 0; i < n; i++)
		session_push(c, s[i].rec.id, s[i].track_id, s[i].title,
		    s[i].rec.uuid);
	session_free(s, n);
	if ((st = keys_load(c)) != ST_OK)
		return st;
	if (o->track != NULL && *o->track != '\0') {
		c->default_track = import_track_match(c, o->track,
		    strlen(o->track));
		if (c->default_track == 0 &&
		    (st = track_find(f, o->track, &c->default_track)) != ST_OK)
			return forum_fail(f, st, _("--track: %s"), forum_error(f));
	}
	return ST_OK;
}

void
import_ctx_free(struct import_ctx *c)
{
	names_free(c->tracks, c->ntracks);
	addressee_free(c->addr, c->naddr);
	names_free(c->an, c->naddr);
	names_free(c->sessions, c->nsessions);
	keys_free(c->keys);
	keys_free(c->uuids);
	memset(c, 0, sizeof *c);
}

/* True if name (normalised in b) is the entry's label, title or UUID. */
static bool
name_is(const struct import_name *nm, const struct buf *b, const char *raw,
    size_t rawlen)
{
	return strcmp(nm->label, buf_str(b)) == 0 ||
	    (*nm->title != '\0' && strcmp(nm->title, buf_str(b)) == 0) ||
	    (rawlen == 36 && memcmp(nm->uuid, raw, 36) == 0);
}

int64_t
import_track_match(struct import_ctx *c, const char *name, size_t len)
{
	struct buf b = {0};
	int64_t id = 0;
	size_t i;

	import_trim(&name, &len);
	import_norm(&b, name, len);
	for (i = 0; i < c->ntracks && id == 0; i++)
		if (b.len > 0 && name_is(&c->tracks[i], &b, name, len))
			id = c->tracks[i].id;
	buf_free(&b);
	return id;
}

long
import_addressee_match(struct import_ctx *c, const char *name, size_t len)
{
	struct buf b = {0};
	long hit = -1;
	size_t i;

	import_trim(&name, &len);
	import_norm(&b, name, len);
	/* A heading may come with its colon. */
	while (b.len > 0 && (b.data[b.len - 1] == ':' ||
	    b.data[b.len - 1] == ' '))
		b.data[--b.len] = '\0';
	/* Labels first: a label is the name people type. */
	for (i = 0; i < c->naddr && hit < 0; i++)
		if (b.len > 0 && strcmp(c->an[i].label, buf_str(&b)) == 0)
			hit = (long)i;
	for (i = 0; i < c->naddr && hit < 0; i++)
		if (b.len > 0 && name_is(&c->an[i], &b, name, len))
			hit = (long)i;
	buf_free(&b);
	return hit;
}

int64_t
import_session_match(struct import_ctx *c, int64_t tid, const char *name,
    size_t len)
{
	struct buf b = {0};
	int64_t id = 0;
	size_t i;

	import_trim(&name, &len);
	import_norm(&b, name, len);
	for (i = 0; i < c->nsessions && id == 0; i++)
		if (c->sessions[i].track == tid && b.len > 0 &&
		    name_is(&c->sessions[i], &b, name, len))
			id = c->sessions[i].id;
	buf_free(&b);
	return id;
}

enum status
import_addressee_create(struct import_ctx *c, const char *heading,
    const char *label, bool recommend, long *index)
{
	struct addressee a = {
		.heading = (char *)heading,
		.label = (char *)label,
		.recommend = recommend,
	};
	enum status s;

	if ((s = addressee_insert(c->f, &a)) != ST_OK)
		return s;
	a.heading = xstrdup(heading);
	a.label = xstrdup(label);
	addr_push(c, &a);
	*index = (long)c->naddr - 1;
	c->r->addressees++;
	return ST_OK;
}

enum status
import_session_create(struct import_ctx *c, int64_t tid, const char *title,
    int64_t *id)
{
	struct session s = {
		.track_id = tid,
		.title = (char *)title,
		.date = (char *)"",
		.time = (char *)"",
		.room = (char *)"",
		.state = SESSION_CLOSED,
	};
	enum status st;

	if ((st = session_insert(c->f, &s)) != ST_OK)
		return st;
	session_push(c, s.rec.id, tid, title, s.rec.uuid);
	*id = s.rec.id;
	c->r->sessions++;
	return ST_OK;
}

enum status
import_proposal_insert(struct import_ctx *c, struct proposal *p,
    const char *uuid)
{
	sqlite3_stmt *st;
	enum status s;
	int rc;

	if ((s = proposal_insert(c->f, p)) != ST_OK)
		return s;
	c->r->proposals++;
	if (uuid == NULL)
		return ST_OK;
	/*
	 * proposal_insert() gave it a UUID of its own; the one the source
	 * gave replaces it in the same action, so the action (and its undo)
	 * holds the row as it ends up.
	 */
	st = forum_stmt(c->f, "UPDATE proposal SET uuid = ?1 WHERE id = ?2");
	if (st == NULL)
		return ST_DB;
	sqlite3_bind_text(st, 1, uuid, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, p->rec.id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return forum_sqlerr(c->f, rc, _("import a proposal"));
	memcpy(p->rec.uuid, uuid, 37);
	keys_add(c->uuids, uuid);
	return ST_OK;
}

enum status
import_fail_source(struct forum *f, enum status st, const char *source,
    const char *err)
{
	bool pos = err[0] >= '0' && err[0] <= '9';

	return forum_fail(f, st, "%s:%s%s", source, pos ? "" : " ", err);
}
