/*
 * records.c: reading and writing the forum's records.
 *
 * Each record function prepares its statements through forum_stmt() (bound
 * parameters only, cached for the life of the forum) and writes inside the
 * current action or an action of its own (forum_enter/forum_leave).  Rows
 * are never deleted: "delete" sets the tombstone, so that merges can tell a
 * deleted record from one that never reached this copy.
 */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "i18n.h"
#include "records.h"
#include "search.h"
#include "text.h"
#include "util.h"

/* The common columns, in the order rec_read() expects them. */
#define REC_SELECT "id, uuid, created, updated, copy, deleted"

static char *
col_str(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return xstrdup(s ? (const char *)s : "");
}

static void
col_uuid(sqlite3_stmt *st, int i, char out[37])
{
	const unsigned char *s = sqlite3_column_text(st, i);
	size_t n;

	out[0] = '\0';
	if (s != NULL && (n = strlen((const char *)s)) < 37)
		memcpy(out, s, n + 1);
}

/* Reads the six common columns starting at column 0. */
static void
rec_read(sqlite3_stmt *st, struct rec *r)
{
	r->id = sqlite3_column_int64(st, 0);
	col_uuid(st, 1, r->uuid);
	r->created = sqlite3_column_int64(st, 2);
	r->updated = sqlite3_column_int64(st, 3);
	col_uuid(st, 4, r->copy);
	r->deleted = sqlite3_column_int(st, 5) != 0;
}

/* A new record's identity: fresh UUID, now, this copy. */
static void
rec_new(struct forum *f, struct rec *r)
{
	forum_uuid(r->uuid);
	r->created = r->updated = clock_now_ms();
	memcpy(r->copy, forum_copy_id(f), sizeof r->copy);
	r->deleted = false;
	r->id = 0;
}

/* Binds uuid, created, updated, copy as parameters 1..4. */
static void
rec_bind(sqlite3_stmt *st, const struct rec *r)
{
	sqlite3_bind_text(st, 1, r->uuid, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, r->created);
	sqlite3_bind_int64(st, 3, r->updated);
	sqlite3_bind_text(st, 4, r->copy, -1, SQLITE_TRANSIENT);
}

static void
bind_str(sqlite3_stmt *st, int i, const char *s)
{
	sqlite3_bind_text(st, i, s ? s : "", -1, SQLITE_TRANSIENT);
}

/* Steps a statement that returns no rows. */
static enum status
step_done(struct forum *f, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return forum_sqlerr(f, rc, what);
	return ST_OK;
}

/* Steps an INSERT and reports the new row id. */
static enum status
step_insert(struct forum *f, sqlite3_stmt *st, const char *what, int64_t *id)
{
	enum status s = step_done(f, st, what);

	if (s == ST_OK && id != NULL)
		*id = sqlite3_last_insert_rowid(forum_db(f));
	return s;
}

/* Runs a statement that changes exactly one row; ST_NOTFOUND otherwise. */
static enum status
step_one(struct forum *f, sqlite3_stmt *st, const char *what, int64_t id)
{
	enum status s = step_done(f, st, what);

	if (s == ST_OK && sqlite3_changes(forum_db(f)) == 0)
		return forum_fail(f, ST_NOTFOUND, _("%s: no record %lld"),
		    what, (long long)id);
	return s;
}

/* Grows a list by one zeroed element; returns it. */
static void *
list_push(void **v, size_t *n, size_t size)
{
	char *p;

	*v = xreallocarray(*v, *n + 1, size);
	p = (char *)*v + *n * size;
	memset(p, 0, size);
	(*n)++;
	return p;
}

/* ---- size limits ---- */

/* "64 KiB" for 65536, "1000 bytes" for 1000.  Caller frees. */
static char *
limit_words(size_t limit)
{
	if (limit >= 1024 && limit % 1024 == 0)
		return xasprintf(_("%zu KiB"), limit / 1024);
	return xasprintf(P_("%zu byte", "%zu bytes", limit), limit);
}

char *
record_size_error(const char *field, const char *value, size_t limit)
{
	size_t len = value != NULL ? strlen(value) : 0;
	char *words, *msg;

	if (len <= limit)
		return NULL;
	words = limit_words(limit);
	msg = xasprintf(_("%s is too long: %zu bytes; the limit is %zu bytes "
	    "(%s)"), field, len, limit, words);
	free(words);
	return msg;
}

enum status
record_check_size(struct forum *f, const char *field, const char *value,
    size_t limit)
{
	char *msg = record_size_error(field, value, limit);

	if (msg == NULL)
		return ST_OK;
	forum_fail(f, ST_TOOBIG, "%s", msg);
	free(msg);
	return ST_TOOBIG;
}

/* One field of a write, and the limit its kind has (records.h). */
struct field_limit {
	const char *field; /* for the message: "the proposal's text" */
	const char *column;
	const char *value;
	size_t limit;
};

/*
 * True if row id of table already holds value in column: a value over
 * the limit that the write leaves as it was is kept (a merged copy may
 * bring fields up to MERGE_MAX_TEXT), so that setting a status never
 * fails on a text nobody changed.  Runs only for a value over its limit;
 * table and column are this file's constants, never user text.
 */
static bool
field_unchanged(struct forum *f, const char *table, const char *column,
    int64_t id, const char *value)
{
	sqlite3_stmt *st;
	char *sql = xasprintf("SELECT %s IS ?1 FROM %s WHERE id = ?2", column,
	    table);
	bool same = false;

	if (sqlite3_prepare_v2(forum_db(f), sql, -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, value, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, id);
		same = sqlite3_step(st) == SQLITE_ROW &&
		    sqlite3_column_int(st, 0) != 0;
		sqlite3_finalize(st);
	}
	free(sql);
	return same;
}

/*
 * Checks the n fields of a write to table (row id; 0 for a new row)
 * against their limits, and that each is valid UTF-8, before anything is
 * written.
 */
static enum status
limits_check(struct forum *f, const char *table, int64_t id,
    const struct field_limit *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		size_t len = v[i].value != NULL ? strlen(v[i].value) : 0;
		bool valid = text_valid(v[i].value, len);

		if (v[i].value == NULL || (len <= v[i].limit && valid))
			continue;
		if (id > 0 && field_unchanged(f, table, v[i].column, id,
		    v[i].value))
			continue;
		/* A merge refuses a copy with invalid UTF-8 anywhere: it
		 * must never be written in the first place. */
		if (!valid)
			return forum_fail(f, ST_INVALID, _("%s is not valid "
			    "UTF-8 text"), _(v[i].field));
		return record_check_size(f, _(v[i].field), v[i].value,
		    v[i].limit);
	}
	return ST_OK;
}

#define NLIMITS(v) (sizeof(v) / sizeof((v)[0]))

/* The error path of the list functions: frees what was read so far. */
#define LIST_DONE(f, st, rc, what)                                         \
	((rc) == SQLITE_DONE ? ST_OK : forum_sqlerr((f), (rc), (what)))

/* ---- the forum record ---- */

enum status
forum_info_get(struct forum *f, struct forum_info *out)
{
	sqlite3_stmt *st = forum_stmt(f, "SELECT " REC_SELECT ", title, "
	    "resolution_title, city, start_date, end_date, doc_date, "
	    "participants_intro, themes_intro, lead_in, final FROM forum "
	    "WHERE id = 1");
	int rc;

	memset(out, 0, sizeof *out);
	if (st == NULL)
		return ST_DB;
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		if (rc == SQLITE_DONE)
			return forum_fail(f, ST_CORRUPT, _("%s: the forum record "
			    "is missing"), forum_path(f));
		return forum_sqlerr(f, rc, _("read the forum"));
	}
	rec_read(st, &out->rec);
	out->title = col_str(st, 6);
	out->resolution_title = col_str(st, 7);
	out->city = col_str(st, 8);
	out->start_date = col_str(st, 9);
	out->end_date = col_str(st, 10);
	out->doc_date = col_str(st, 11);
	out->participants_intro = col_str(st, 12);
	out->themes_intro = col_str(st, 13);
	out->lead_in = col_str(st, 14);
	out->final = sqlite3_column_int(st, 15) != 0;
	sqlite3_reset(st);
	return ST_OK;
}

enum status
forum_info_set(struct forum *f, const struct forum_info *in)
{
	sqlite3_stmt *st;
	struct rec r;
	enum status s;
	bool own;

	const struct field_limit lim[] = {
		{ N_("the forum's title"), "title", in->title, LIMIT_HEADING },
		{ N_("the resolution's title"), "resolution_title",
		    in->resolution_title, LIMIT_HEADING },
		{ N_("the city"), "city", in->city, LIMIT_NAME },
		{ N_("the start date"), "start_date", in->start_date, LIMIT_NAME },
		{ N_("the end date"), "end_date", in->end_date, LIMIT_NAME },
		{ N_("the document's date"), "doc_date", in->doc_date, LIMIT_NAME },
		{ N_("the participants' introduction"), "participants_intro",
		    in->participants_intro, LIMIT_PARAGRAPH },
		{ N_("the themes' introduction"), "themes_intro", in->themes_intro,
		    LIMIT_PARAGRAPH },
		{ N_("the lead-in"), "lead_in", in->lead_in, LIMIT_PARAGRAPH },
	};

	if ((s = limits_check(f, "forum", 1, lim, NLIMITS(lim))) != ST_OK)
		return s;
	if ((s = forum_enter(f, N_("edit the forum"), &own)) != ST_OK)
		return s;
	rec_new(f, &r);
	/* Insert the record the first time, update it afterwards. */
	st = forum_stmt(f, "INSERT INTO forum (id, uuid, created, updated, "
	    "copy, title, resolution_title, city, start_date, end_date, "
	    "doc_date, participants_intro, themes_intro, lead_in, final) "
	    "VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
	    "?13, ?14) ON CONFLICT (id) DO UPDATE SET updated = ?3, "
	    "copy = ?4, title = ?5, resolution_title = ?6, city = ?7, "
	    "start_date = ?8, end_date = ?9, doc_date = ?10, "
	    "participants_intro = ?11, themes_intro = ?12, lead_in = ?13, "
	    "final = ?14");
	if (st == NULL)
		return forum_leave(f, own, ST_DB);
	rec_bind(st, &r);
	bind_str(st, 5, in->title);
	bind_str(st, 6, in->resolution_title);
	bind_str(st, 7, in->city);
	bind_str(st, 8, in->start_date);
	bind_str(st, 9, in->end_date);
	bind_str(st, 10, in->doc_date);
	bind_str(st, 11, in->participants_intro);
	bind_str(st, 12, in->themes_intro);
	bind_str(st, 13, in->lead_in);
	sqlite3_bind_int(st, 14, in->final ? 1 : 0);
	return forum_leave(f, own, step_done(f, st, _("save the forum")));
}

void
forum_info_free(struct forum_info *fi)
{
	free(fi->title);
	free(fi->resolution_title);
	free(fi->city);
	free(fi->start_date);
	free(fi->end_date);
	free(fi->doc_date);
	free(fi->participants_intro);
	free(fi->themes_intro);
	free(fi->lead_in);
	memset(fi, 0, sizeof *fi);
}

/* ---- paragraphs and participant groups ---- */

enum status
paragraph_insert(struct forum *f, int part, const char *text, int64_t *id)
{
	sqlite3_stmt *st;
	struct rec r;
	enum status s;
	bool own;

	if (part != PARA_OPENING && part != PARA_CLOSING)
		return forum_fail(f, ST_INVALID, _("no paragraph part %d"), part);
	if ((s = record_check_size(f, _("a paragraph"), text,
	    LIMIT_PARAGRAPH)) != ST_OK)
		return s;
	if ((s = forum_enter(f, N_("add a paragraph"), &own)) != ST_OK)
		return s;
	rec_new(f, &r);
	st = forum_stmt(f, "INSERT INTO paragraph (uuid, created, updated, "
	    "copy, part, pos, text) VALUES (?1, ?2, ?3, ?4, ?5, (SELECT "
	    "COALESCE(MAX(pos), 0) + 1 FROM paragraph WHERE part = ?5), ?6)");
	if (st == NULL)
		return forum_leave(f, own, ST_DB);
	rec_bind(st, &r);
	sqlite3_bind_int(st, 5, part);
	bind_str(st, 6, text);
	return forum_leave(f, own, step_insert(f, st, _("add a paragraph"), id));
}

enum status
group_insert(struct forum *f, const char *text, int64_t *id)
{
	sqlite3_stmt *st;
	struct rec r;
	enum status s;
	bool own;

	if ((s = record_check_size(f, _("a participant group"), text,
	    LIMIT_PARAGRAPH)) != ST_OK)
		return s;
	if ((s = forum_enter(f, N_("add a participant group"), &own)) != ST_OK)
		return s;
	rec_new(f, &r);
	st = forum_stmt(f, "INSERT INTO participant_group (uuid, created, "
	    "updated, copy, pos, text) VALUES (?1, ?2, ?3, ?4, (SELECT "
	    "COALESCE(MAX(pos), 0) + 1 FROM participant_group), ?5)");
	if (st == NULL)
		return forum_leave(f, own, ST_DB);
	rec_bind(st, &r);
	bind_str(st, 5, text);
	return forum_leave(f, own, step_insert(f, st, _("add a group"), id));
}

/* Reads text records from a prepared, bound statement. */
static enum status
text_rec_read(struct forum *f, sqlite3_stmt *st, struct text_rec **out,
    size_t *n)
{
	int rc;

	*out = NULL;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct text_rec *t = list_push((void **)out, n, sizeof **out);

		rec_read(st, &t->rec);
		t->pos = sqlite3_column_int64(st, 6);
		t->part = sqlite3_column_int(st, 7);
		t->text = col_str(st, 8);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		text_rec_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return LIST_DONE(f, st, rc, _("read paragraphs"));
}

enum status
paragraph_list(struct forum *f, int part, struct text_rec **out, size_t *n)
{
	sqlite3_stmt *st = forum_stmt(f, "SELECT " REC_SELECT ", pos, part, "
	    "text FROM paragraph WHERE deleted = 0 AND part = ? "
	    "ORDER BY pos, id");

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return ST_DB;
	sqlite3_bind_int(st, 1, part);
	return text_rec_read(f, st, out, n);
}

enum status
group_list(struct forum *f, struct text_rec **out, size_t *n)
{
	sqlite3_stmt *st = forum_stmt(f, "SELECT " REC_SELECT ", pos, 0, "
	    "text FROM participant_group WHERE deleted = 0 ORDER BY pos, id");

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return ST_DB;
	return text_rec_read(f, st, out, n);
}

enum status
text_rec_update(struct forum *f, const char *table, int64_t id,
    const char *text)
{
	sqlite3_stmt *st;
	enum status s;
	bool own;

	if ((s = record_check_size(f, strcmp(table, "paragraph") == 0 ?
	    _("a paragraph") : _("a participant group"), text, LIMIT_PARAGRAPH)) !=
	    ST_OK)
		return s;
	if ((s = forum_enter(f, N_("edit text"), &own)) != ST_OK)
		return s;
	if (strcmp(table, "paragraph") == 0)
		st = forum_stmt(f, "UPDATE paragraph SET text = ?1, "
		    "updated = ?2, copy = ?3 WHERE id = ?4");
	else if (strcmp(table, "participant_group") == 0)
		st = forum_stmt(f, "UPDATE participant_group SET text = ?1, "
		    "updated = ?2, copy = ?3 WHERE id = ?4");
	else
		return forum_leave(f, own, forum_fail(f, ST_INVALID,
		    _("no text table %s"), table));
	if (st == NULL)
		return forum_leave(f, own, ST_DB);
	bind_str(st, 1, text);
	sqlite3_bind_int64(st, 2, clock_now_ms());
	sqlite3_bind_text(st, 3, forum_copy_id(f), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, id);
	return forum_leave(f, own, step_one(f, st, _("edit text"), id));
}

enum status
text_rec_delete(struct forum *f, const char *table, int64_t id)
{
	sqlite3_stmt *st;
	enum status s;
	bool own;

	if ((s = forum_enter(f, N_("delete text"), &own)) != ST_OK)
		return s;
	if (strcmp(table, "paragraph") == 0)
		st = forum_stmt(f, "UPDATE paragraph SET deleted = 1, "
		    "updated = ?1, copy = ?2 WHERE id = ?3 AND deleted = 0");
	else if (strcmp(table, "participant_group") == 0)
		st = forum_stmt(f, "UPDATE participant_group SET deleted = 1, "
		    "updated = ?1, copy = ?2 WHERE id = ?3 AND deleted = 0");
	else
		return forum_leave(f, own, forum_fail(f, ST_INVALID,
		    _("no text table %s"), table));
	if (st == NULL)
		return forum_leave(f, own, ST_DB);
	sqlite3_bind_int64(st, 1, clock_now_ms());
	sqlite3_bind_text(st, 2, forum_copy_id(f), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, id);
	return forum_leave(f, own, step_one(f, st, _("delete text"), id));
}

void
text_rec_free(struct text_rec *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].text);
	free(v);
}

/* ---- tracks ---- */

static enum status
track_check(struct forum *f, const struct track *t, int64_t id)
{
	const struct field_limit lim[] = {
		{ N_("the track's title"), "title", t->title, LIMIT_HEADING },
		{ N_("the track's label"), "label", t->label, LIMIT_NAME },
		{ N_("the track's moderator"), "moderator", t->moderator,
		    LIMIT_NAME },
	};

	return limits_check(f, "track", id, lim, NLIMITS(lim));
}

#define TRACK_SELECT "SELECT " REC_SELECT ", pos, title, label, moderator " \
	"FROM track "

static void
track_read(sqlite3_stmt *st, struct track *t)
{
	rec_read(st, &t->rec);
	t->pos = sqlite3_column_int64(st, 6);
	t->title = col_str(st, 7);
	t->label = col_str(st, 8);
	t->moderator = col_str(st, 9);
}

enum status
track_insert(struct forum *f, struct track *t)
{
	sqlite3_stmt *st;
	enum status s;
	bool own;

	if ((s = track_check(f, t, 0)) != ST_OK)
		return s;
	if ((s = forum_enter(f, N_("add a track"), &own)) != ST_OK)
		return s;
	rec_new(f, &t->rec);
	st = forum_stmt(f, "INSERT INTO track (uuid, created, updated, copy, "
	    "pos, title, label, moderator) VALUES (?1, ?2, ?3, ?4, (SELECT "
	    "COALESCE(MAX(pos), 0) + 1 FROM track), ?5, ?6, ?7)");
	if (st == NULL)
		return forum_leave(f, own, ST_DB);
	rec_bind(st, &t->rec);
	bind_str(st, 5, t->title);
	bind_str(st, 6, t->label);
	bind_str(st, 7, t->moderator);
	s = step_insert(f, st, _("add a track"), &t->rec.id);
	return forum_leave(f, own, s);
}

enum status
track_update(struct forum *f, const struct track *t)
{
	sqlite3_stmt *st;
	enum status s;
	bool own;

	if ((s = track_check(f, t, t->rec.id)) != ST_OK)
		return s;
	if ((s = forum_enter(f, N_("edit a track"), &own)) != ST_OK)
		return s;
	st = forum_stmt(f, "UPDATE track SET title = ?1, label = ?2, "
	    "moderator = ?3, deleted = ?4, updated = ?5, copy = ?6 "
	    "WHERE id = ?7");
	if (st == NULL)
		return forum_leave(f, own, ST_DB);
	bind_str(st, 1, t->title);
	bind_str(st, 2, t->label);
	bind_str(st, 3, t->moderator);
	sqlite3_bind_int(st, 4, t->rec.deleted);
	sqlite3_bind_int64(st, 5, clock_now_ms());
	sqlite3_bind_text(st, 6, forum_copy_id(f), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, t->rec.id);
	return forum_leave(f, own, step_one(f, st, _("edit a track"), t->rec.id));
}

enum status
track_list(struct forum *f, struct track **out, size_t *n)
{
	sqlite3_stmt *st = forum_stmt(f, TRACK_SELECT
	    "WHERE deleted = 0 ORDER BY pos, id");
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return ST_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		track_read(st, list_push((void **)out, n, sizeof **out));
	sqlite3_reset(st);
	return LIST_DONE(f, st, rc, _("read tracks"));
}

enum status
track_get(struct forum *f, int64_t id, struct track *out)
{
	sqlite3_stmt *st = forum_stmt(f, TRACK_SELECT "WHERE id = ?");
	int rc;

	memset(out, 0, sizeof *out);
	if (st == NULL)
		return ST_DB;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		track_read(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return ST_OK;
	if (rc == SQLITE_DONE)
		return forum_fail(f, ST_NOTFOUND, _("no track %lld"),
		    (long long)id);
	return forum_sqlerr(f, rc, _("read a track"));
}

void
track_clear(struct track *t)
{
	free(t->title);
	free(t->label);
	free(t->moderator);
	t->title = t->label = t->moderator = NULL;
}

void
track_free(struct track *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		track_clear(&v[i]);
	free(v);
}

/* ---- sessions ---- */

/* English in the file and the exports; N_(): the interface translates. */
static const char *const session_states[] = { N_("planned"), N_("open"),
	N_("closed") };

const char *
session_state_name(int state)
{
	if (state < 0 || state > SESSION_CLOSED)
		return "?";
	return session_states[state];
}

int
session_state_parse(const char *name)
{
	int i;

	for (i = 0; i <= SESSION_CLOSED; i++)
		if (strcmp(name, session_states[i]) == 0)
			return i;
	return -1;
}

static enum status
session_check(struct forum *f, const struct session *s, int64_t id)
{
	const struct field_limit lim[] = {
		{ N_("the session's title"), "title", s->title, LIMIT_HEADING },
		{ N_("the session's date"), "date", s->date, LIMIT_NAME },
		{ N_("the session's time"), "time", s->time, LIMIT_NAME },
		{ N_("the session's room"), "room", s->room, LIMIT_NAME },
	};

	return limits_check(f, "session", id, lim, NLIMITS(lim));
}

enum status
session_insert(struct forum *f, struct session *s)
{
	sqlite3_stmt *st;
	enum status r;
	bool own;

	if ((r = session_check(f, s, 0)) != ST_OK)
		return r;
	if ((r = forum_enter(f, N_("add a session"), &own)) != ST_OK)
		return r;
	rec_new(f, &s->rec);
	st = forum_stmt(f, "INSERT INTO session (uuid, created, updated, copy, "
	    "track_id, pos, title, date, time, room, state, started, ended) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, (SELECT COALESCE(MAX(pos), 0) + 1 "
	    "FROM session WHERE track_id = ?5), ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
	if (st == NULL)
		return forum_leave(f, own, ST_DB);
	rec_bind(st, &s->rec);
	sqlite3_bind_int64(st, 5, s->track_id);
	bind_str(st, 6, s->title);
	bind_str(st, 7, s->date);
	bind_str(st, 8, s->time);
	bind_str(st, 9, s->room);
	sqlite3_bind_int(st, 10, s->state);
	sqlite3_bind_int64(st, 11, s->started);
	sqlite3_bind_int64(st, 12, s->ended);
	r = step_insert(f, st, _("add a session"), &s->rec.id);
	return forum_leave(f, own, r);
}

enum status
session_update(struct forum *f, const struct session *s)
{
	sqlite3_stmt *st;
	enum status r;
	bool own;

	if ((r = session_check(f, s, s->rec.id)) != ST_OK)
		return r;
	if ((r = forum_enter(f, N_("edit a session"), &own)) != ST_OK)
		return r;
	st = forum_stmt(f, "UPDATE session SET title = ?1, date = ?2, "
	    "time = ?3, room = ?4, state = ?5, deleted = ?6, updated = ?7, "
	    "copy = ?8, started = ?10, ended = ?11 WHERE id = ?9");
	if (st == NULL)
		return forum_leave(f, own, ST_DB);
	bind_str(st, 1, s->title);
	bind_str(st, 2, s->date);
	bind_str(st, 3, s->time);
	bind_str(st, 4, s->room);
	sqlite3_bind_int(st, 5, s->state);
	sqlite3_bind_int(st, 6, s->rec.deleted);
	sqlite3_bind_int64(st, 7, clock_now_ms());
	sqlite3_bind_text(st, 8, forum_copy_id(f), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 9, s->rec.id);
	sqlite3_bind_int64(st, 10, s->started);
	sqlite3_bind_int64(st, 11, s->ended);
	return forum_leave(f, own, step_one(f, st, _("edit a session"),
	    s->rec.id));
}

#define SESSION_COLUMNS "s.id, s.uuid, s.created, s.updated, s.copy, " \
	"s.deleted, s.track_id, s.pos, s.title, s.date, s.time, s.room, " \
	"s.state, s.started, s.ended"

/* Reads the columns of SESSION_COLUMNS. */
static void
session_read(sqlite3_stmt *st, struct session *s)
{
	rec_read(st, &s->rec);
	s->track_id = sqlite3_column_int64(st, 6);
	s->pos = sqlite3_column_int64(st, 7);
	s->title = col_str(st, 8);
	s->date = col_str(st, 9);
	s->time = col_str(st, 10);
	s->room = col_str(st, 11);
	s->state = sqlite3_column_int(st, 12);
	s->started = sqlite3_column_int64(st, 13);
	s->ended = sqlite3_column_int64(st, 14);
}

enum status
session_get(struct forum *f, int64_t id, struct session *out)
{
	sqlite3_stmt *st = forum_stmt(f, "SELECT " SESSION_COLUMNS
	    " FROM session s WHERE s.id = ?");
	int rc;

	memset(out, 0, sizeof *out);
	if (st == NULL)
		return ST_DB;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		session_read(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return ST_OK;
	if (rc == SQLITE_DONE)
		return forum_fail(f, ST_NOTFOUND, _("no session %lld"),
		    (long long)id);
	return forum_sqlerr(f, rc, _("read a session"));
}

enum status
session_list(struct forum *f, int64_t track_id, struct session **out,
    size_t *n)
{
	sqlite3_stmt *st = forum_stmt(f, "SELECT " SESSION_COLUMNS
	    " FROM session s JOIN track t ON t.id = s.track_id "
	    "WHERE s.deleted = 0 AND (?1 = 0 OR s.track_id = ?1) "
	    "ORDER BY t.pos, t.id, s.pos, s.id");
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return ST_DB;
	sqlite3_bind_int64(st, 1, track_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		session_read(st, list_push((void **)out, n, sizeof **out));
	}
	sqlite3_reset(st);
	return LIST_DONE(f, st, rc, _("read sessions"));
}

void
session_free(struct session *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		session_clear(&v[i]);
	free(v);
}

void
session_clear(struct session *s)
{
	free(s->title);
	free(s->date);
	free(s->time);
	free(s->room);
	s->title = s->date = s->time = s->room = NULL;
}

/* ---- addressees ---- */

#define ADDRESSEE_SELECT "SELECT " REC_SELECT ", pos, heading, label, " \
	"recommend FROM addressee "

static void
addressee_read(sqlite3_stmt *st, struct addressee *a)
{
	rec_read(st, &a->rec);
	a->pos = sqlite3_column_int64(st, 6);
	a->heading = col_str(st, 7);
	a->label = col_str(st, 8);
	a->recommend = sqlite3_column_int(st, 9) != 0;
}

static enum status
addressee_check(struct forum *f, const struct addressee *a, int64_t id)
{
	const struct field_limit lim[] = {
		{ N_("the addressee's heading"), "heading", a->heading,
		    LIMIT_HEADING },
		{ N_("the addressee's label"), "label", a->label, LIMIT_NAME },
	};

	return limits_check(f, "addressee", id, lim, NLIMITS(lim));
}

enum status
addressee_insert(struct forum *f, struct addressee *a)
{
	sqlite3_stmt *st;
	enum status s;
	bool own;

	if ((s = addressee_check(f, a, 0)) != ST_OK)
		return s;
	if ((s = forum_enter(f, N_("add an addressee"), &own)) != ST_OK)
		return s;
	rec_new(f, &a->rec);
	st = forum_stmt(f, "INSERT INTO addressee (uuid, created, updated, "
	    "copy, pos, heading, label, recommend) VALUES (?1, ?2, ?3, ?4, "
	    "(SELECT COALESCE(MAX(pos), 0) + 1 FROM addressee), ?5, ?6, ?7)");
	if (st == NULL)
		return forum_leave(f, own, ST_DB);
	rec_bind(st, &a->rec);
	bind_str(st, 5, a->heading);
	bind_str(st, 6, a->label);
	sqlite3_bind_int(st, 7, a->recommend ? 1 : 0);
	s = step_insert(f, st, _("add an addressee"), &a->rec.id);
	return forum_leave(f, own, s);
}

enum status
addressee_update(struct forum *f, const struct addressee *a)
{
	sqlite3_stmt *st;
	enum status s;
	bool own;

	if ((s = addressee_check(f, a, a->rec.id)) != ST_OK)
		return s;
	if ((s = forum_enter(f, N_("edit an addressee"), &own)) != ST_OK)
		return s;
	st = forum_stmt(f, "UPDATE addressee SET heading = ?1, label = ?2, "
	    "recommend = ?3, deleted = ?4, updated = ?5, copy = ?6 "
	    "WHERE id = ?7");
	if (st == NULL)
		return forum_leave(f, own, ST_DB);
	bind_str(st, 1, a->heading);
	bind_str(st, 2, a->label);
	sqlite3_bind_int(st, 3, a->recommend ? 1 : 0);
	sqlite3_bind_int(st, 4, a->rec.deleted);
	sqlite3_bind_int64(st, 5, clock_now_ms());
	sqlite3_bind_text(st, 6, forum_copy_id(f), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, a->rec.id);
	return forum_leave(f, own, step_one(f, st, _("edit an addressee"),
	    a->rec.id));
}

enum status
addressee_list(struct forum *f, struct addressee **out, size_t *n)
{
	sqlite3_stmt *st = forum_stmt(f, ADDRESSEE_SELECT
	    "WHERE deleted = 0 ORDER BY pos, id");
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return ST_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		addressee_read(st, list_push((void **)out, n, sizeof **out));
	sqlite3_reset(st);
	return LIST_DONE(f, st, rc, _("read addressees"));
}

enum status
addressee_get(struct forum *f, int64_t id, struct addressee *out)
{
	sqlite3_stmt *st = forum_stmt(f, ADDRESSEE_SELECT "WHERE id = ?");
	int rc;

	memset(out, 0, sizeof *out);
	if (st == NULL)
		return ST_DB;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		addressee_read(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return ST_OK;
	if (rc == SQLITE_DONE)
		return forum_fail(f, ST_NOTFOUND, _("no addressee %lld"),
		    (long long)id);
	return forum_sqlerr(f, rc, _("read an addressee"));
}

void
addressee_clear(struct addressee *a)
{
	free(a->heading);
	free(a->label);
	a->heading = a->label = NULL;
}

void
addressee_free(struct addressee *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		addressee_clear(&v[i]);
	free(v);
}

/* ---- proposals ---- */

/* English in the file and the exports; N_(): the interface translates. */
static const char *const proposal_statuses[] = {
	N_("new"), N_("accepted"), N_("rejected"), N_("merged")
};

const char *
proposal_status_name(int status)
{
	if (status < 0 || status > PROPOSAL_MERGED)
		return "?";
	return proposal_statuses[status];
}

int
proposal_status_parse(const char *name)
{
	int i;

	for (i = 0; i <= PROPOSAL_MERGED; i++)
		if (strcmp(name, proposal_statuses[i]) == 0)
			return i;
	return -1;
}

/* Appends the proposal's current text to its history. */
static enum status
revision_add(struct forum *f, int64_t pid, const char *text, int64_t time)
{
	sqlite3_stmt *st = forum_stmt(f, "INSERT INTO revision (uuid, "
	    "proposal_id, time, copy, text) VALUES (?, ?, ?, ?, ?)");
	char uuid[37];

	if (st == NULL)
		return ST_DB;
	forum_uuid(uuid);
	sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, pid);
	sqlite3_bind_int64(st, 3, time);
	sqlite3_bind_text(st, 4, forum_copy_id(f), -1, SQLITE_STATIC);
	bind_str(st, 5, text);
	return step_done(f, st, _("keep the revision"));
}

/* Checks the fields every write of a proposal needs; id: the row an
 * update writes, 0 for an insert. */
static enum status
proposal_check(struct forum *f, const struct proposal *p, int64_t id)
{
	const struct field_limit lim[] = {
		{ N_("the proposal's text"), "text", p->text, LIMIT_TEXT },
		{ N_("the author"), "author", p->author, LIMIT_NAME },
		{ N_("the organisation"), "organisation", p->organisation,
		    LIMIT_NAME },
		{ N_("the note"), "note", p->note, LIMIT_TEXT },
	};
	enum status s;

	if (p->status < PROPOSAL_NEW || p->status > PROPOSAL_MERGED)
		return forum_fail(f, ST_INVALID, _("status: no status %d"),
		    p->status);
	if ((p->status == PROPOSAL_MERGED) != (p->merged_into > 0))
		return forum_fail(f, ST_INVALID, _("status: a merged proposal "
		    "needs the proposal it was merged into, and only it"));
	if (p->votes_for < 0 || p->votes_against < 0 || p->votes_abstain < 0)
		return forum_fail(f, ST_INVALID, _("votes: negative count"));
	if (p->text == NULL || !text_valid(p->text, strlen(p->text)))
		return forum_fail(f, ST_INVALID, _("text: not valid UTF-8"));
	if ((s = limits_check(f, "proposal", id, lim, NLIMITS(lim))) != ST_OK)
		return s;
	return ST_OK;
}

/* Binds the proposal's own fields as parameters 5..15. */
static void
proposal_bind(sqlite3_stmt *st, const struct proposal *p)
{
	sqlite3_bind_int64(st, 5, p->track_id);
	if (p->session_id > 0)
		sqlite3_bind_int64(st, 6, p->session_id);
	else
		sqlite3_bind_null(st, 6);
	bind_str(st, 7, p->text);
	bind_str(st, 8, p->author);
	bind_str(st, 9, p->organisation);
	sqlite3_bind_int(st, 10, p->status);
	if (p->merged_into > 0)
		sqlite3_bind_int64(st, 11, p->merged_into);
	else
		sqlite3_bind_null(st, 11);
	sqlite3_bind_int64(st, 12, p->votes_for);
	sqlite3_bind_int64(st, 13, p->votes_against);
	sqlite3_bind_int64(st, 14, p->votes_abstain);
	bind_str(st, 15, p->note);
}

enum status
proposal_insert(struct forum *f, struct proposal *p)
{
	sqlite3_stmt *st;
	enum status s;
	bool own;

	if ((s = proposal_check(f, p, 0)) != ST_OK)
		return s;
	if ((s = forum_enter(f, N_("add a proposal"), &own)) != ST_OK)
		return s;
	rec_new(f, &p->rec);
	st = forum_stmt(f, "INSERT INTO proposal (uuid, created, updated, copy, "
	    "track_id, session_id, text, author, organisation, status, "
	    "merged_into, votes_for, votes_against, votes_abstain, note) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
	    "?14, ?15)");
	if (st == NULL)
		return forum_leave(f, own, ST_DB);
	rec_bind(st, &p->rec);
	proposal_bind(st, p);
	s = step_insert(f, st, _("add a proposal"), &p->rec.id);
	if (s == ST_OK)
		s = revision_add(f, p->rec.id, p->text, p->rec.created);
	if (s == ST_OK)
		s = search_index_proposal(f, p->rec.id);
	return forum_leave(f, own, s);
}

enum status
proposal_update(struct forum *f, const struct proposal *p)
{
	sqlite3_stmt *st;
	struct proposal old;
	enum status s;
	int64_t now = clock_now_ms();
	bool own;

	if ((s = proposal_check(f, p, p->rec.id)) != ST_OK)
		return s;
	if ((s = forum_enter(f, N_("edit a proposal"), &own)) != ST_OK)
		return s;
	if ((s = proposal_get(f, p->rec.id, &old)) != ST_OK)
		return forum_leave(f, own, s);
	st = forum_stmt(f, "UPDATE proposal SET track_id = ?5, "
	    "session_id = ?6, text = ?7, author = ?8, organisation = ?9, "
	    "status = ?10, merged_into = ?11, votes_for = ?12, "
	    "votes_against = ?13, votes_abstain = ?14, note = ?15, "
	    "updated = ?3, copy = ?4 WHERE id = ?1");
	if (st == NULL) {
		proposal_clear(&old);
		return forum_leave(f, own, ST_DB);
	}
	sqlite3_bind_int64(st, 1, p->rec.id);
	sqlite3_bind_int64(st, 3, now);
	sqlite3_bind_text(st, 4, forum_copy_id(f), -1, SQLITE_STATIC);
	proposal_bind(st, p);
	s = step_one(f, st, _("edit a proposal"), p->rec.id);
	/* proposal_get() returned ST_OK, so old is filled in (the analyser
	 * cannot see that forum_fail() returns its st argument).
	 * NOLINTNEXTLINE(clang-analyzer-core.NonNullParamChecker) */
	if (s == ST_OK && strcmp(old.text, p->text) != 0) {
		s = revision_add(f, p->rec.id, p->text, now);
		if (s == ST_OK)
			s = search_index_proposal(f, p->rec.id);
	}
	proposal_clear(&old);
	return forum_leave(f, own, s);
}

enum status
proposal_get(struct forum *f, int64_t id, struct proposal *out)
{
	sqlite3_stmt *st = forum_stmt(f, "SELECT " REC_SELECT ", track_id, "
	    "session_id, text, author, organisation, status, merged_into, "
	    "votes_for, votes_against, votes_abstain, note FROM proposal "
	    "WHERE id = ?");
	int rc;

	memset(out, 0, sizeof *out);
	if (st == NULL)
		return ST_DB;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		rec_read(st, &out->rec);
		out->track_id = sqlite3_column_int64(st, 6);
		out->session_id = sqlite3_column_int64(st, 7);
		out->text = col_str(st, 8);
		out->author = col_str(st, 9);
		out->organisation = col_str(st, 10);
		out->status = sqlite3_column_int(st, 11);
		out->merged_into = sqlite3_column_int64(st, 12);
		out->votes_for = sqlite3_column_int64(st, 13);
		out->votes_against = sqlite3_column_int64(st, 14);
		out->votes_abstain = sqlite3_column_int64(st, 15);
		out->note = col_str(st, 16);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return ST_OK;
	if (rc == SQLITE_DONE)
		return forum_fail(f, ST_NOTFOUND, _("no proposal %lld"),
		    (long long)id);
	return forum_sqlerr(f, rc, _("read a proposal"));
}

enum status
proposal_delete(struct forum *f, int64_t id)
{
	sqlite3_stmt *st;
	enum status s;
	int64_t now = clock_now_ms();
	bool own;

	if ((s = forum_enter(f, N_("delete a proposal"), &own)) != ST_OK)
		return s;
	st = forum_stmt(f, "UPDATE proposal SET deleted = 1, updated = ?1, "
	    "copy = ?2 WHERE id = ?3 AND deleted = 0");
	if (st == NULL)
		return forum_leave(f, own, ST_DB);
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_text(st, 2, forum_copy_id(f), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, id);
	s = step_one(f, st, _("delete a proposal"), id);
	if (s == ST_OK) {
		st = forum_stmt(f, "UPDATE proposal_addressee SET deleted = 1, "
		    "updated = ?1, copy = ?2 WHERE proposal_id = ?3 AND "
		    "deleted = 0");
		if (st == NULL)
			s = ST_DB;
		else {
			sqlite3_bind_int64(st, 1, now);
			sqlite3_bind_text(st, 2, forum_copy_id(f), -1,
			    SQLITE_STATIC);
			sqlite3_bind_int64(st, 3, id);
			s = step_done(f, st, _("delete a proposal"));
		}
	}
	if (s == ST_OK)
		s = search_index_proposal(f, id);
	return forum_leave(f, own, s);
}

void
proposal_clear(struct proposal *p)
{
	free(p->text);
	free(p->author);
	free(p->organisation);
	free(p->note);
	p->text = p->author = p->organisation = p->note = NULL;
}

void
proposal_free(struct proposal *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		proposal_clear(&v[i]);
	free(v);
}

enum status
proposal_tag(struct forum *f, int64_t pid, int64_t aid)
{
	sqlite3_stmt *st;
	struct rec r;
	enum status s;
	bool own;

	if ((s = forum_enter(f, N_("tag a proposal"), &own)) != ST_OK)
		return s;
	rec_new(f, &r);
	/* A link once removed comes back to life at the end of the list. */
	st = forum_stmt(f, "INSERT INTO proposal_addressee (uuid, created, "
	    "updated, copy, proposal_id, addressee_id, pos) VALUES (?1, ?2, "
	    "?3, ?4, ?5, ?6, (SELECT COALESCE(MAX(pos), 0) + 1 FROM "
	    "proposal_addressee WHERE addressee_id = ?6)) "
	    "ON CONFLICT (proposal_id, addressee_id) DO UPDATE SET "
	    "deleted = 0, updated = ?3, copy = ?4, pos = excluded.pos "
	    "WHERE deleted = 1");
	if (st == NULL)
		return forum_leave(f, own, ST_DB);
	rec_bind(st, &r);
	sqlite3_bind_int64(st, 5, pid);
	sqlite3_bind_int64(st, 6, aid);
	return forum_leave(f, own, step_done(f, st, _("tag a proposal")));
}

enum status
proposal_untag(struct forum *f, int64_t pid, int64_t aid)
{
	sqlite3_stmt *st;
	enum status s;
	bool own;

	if ((s = forum_enter(f, N_("untag a proposal"), &own)) != ST_OK)
		return s;
	st = forum_stmt(f, "UPDATE proposal_addressee SET deleted = 1, "
	    "updated = ?1, copy = ?2 WHERE proposal_id = ?3 AND "
	    "addressee_id = ?4 AND deleted = 0");
	if (st == NULL)
		return forum_leave(f, own, ST_DB);
	sqlite3_bind_int64(st, 1, clock_now_ms());
	sqlite3_bind_text(st, 2, forum_copy_id(f), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, pid);
	sqlite3_bind_int64(st, 4, aid);
	return forum_leave(f, own, step_done(f, st, _("untag a proposal")));
}

enum status
proposal_addressees(struct forum *f, int64_t pid, int64_t **ids, size_t *n)
{
	sqlite3_stmt *st = forum_stmt(f, "SELECT a.id FROM proposal_addressee l "
	    "JOIN addressee a ON a.id = l.addressee_id WHERE l.proposal_id = ? "
	    "AND l.deleted = 0 AND a.deleted = 0 ORDER BY a.pos, a.id");
	int rc;

	*ids = NULL;
	*n = 0;
	if (st == NULL)
		return ST_DB;
	sqlite3_bind_int64(st, 1, pid);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*(int64_t *)list_push((void **)ids, n, sizeof **ids) =
		    sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return LIST_DONE(f, st, rc, _("read addressees"));
}

enum status
addressee_items(struct forum *f, int64_t aid, struct addressee_item **out,
    size_t *n)
{
	sqlite3_stmt *st = forum_stmt(f, "SELECT l.id, p.id, p.status, p.text "
	    "FROM proposal_addressee l JOIN proposal p ON p.id = l.proposal_id "
	    "WHERE l.addressee_id = ? AND l.deleted = 0 AND p.deleted = 0 "
	    "ORDER BY l.pos, l.id");
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return ST_DB;
	sqlite3_bind_int64(st, 1, aid);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct addressee_item *it = list_push((void **)out, n,
		    sizeof **out);

		it->link_id = sqlite3_column_int64(st, 0);
		it->proposal_id = sqlite3_column_int64(st, 1);
		it->status = sqlite3_column_int(st, 2);
		it->text = col_str(st, 3);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		addressee_items_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return LIST_DONE(f, st, rc, _("read an addressee's proposals"));
}

void
addressee_items_free(struct addressee_item *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].text);
	free(v);
}

enum status
revision_list(struct forum *f, int64_t pid, struct revision **out, size_t *n)
{
	sqlite3_stmt *st = forum_stmt(f, "SELECT uuid, time, copy, text "
	    "FROM revision WHERE proposal_id = ? ORDER BY id");
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return ST_DB;
	sqlite3_bind_int64(st, 1, pid);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct revision *r = list_push((void **)out, n, sizeof **out);

		col_uuid(st, 0, r->uuid);
		r->time = sqlite3_column_int64(st, 1);
		col_uuid(st, 2, r->copy);
		r->text = col_str(st, 3);
	}
	sqlite3_reset(st);
	return LIST_DONE(f, st, rc, _("read revisions"));
}

void
revision_free(struct revision *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].text);
	free(v);
}

/* ---- order ---- */

/*
 * For each ordered table: the live rows in the same list as row ?1, in
 * order, and the statement that sets one row's position.  A row already in
 * its place is left alone: stamping it would make a merge take the move for
 * an edit of that record.
 */
static const struct {
	const char *table;
	const char *list;
	const char *set;
} orders[] = {
	{ "track",
	  "SELECT id FROM track WHERE deleted = 0 ORDER BY pos, id",
	  "UPDATE track SET pos = ?1, updated = ?2, copy = ?3 "
	  "WHERE id = ?4 AND pos <> ?1" },
	{ "addressee",
	  "SELECT id FROM addressee WHERE deleted = 0 ORDER BY pos, id",
	  "UPDATE addressee SET pos = ?1, updated = ?2, copy = ?3 "
	  "WHERE id = ?4 AND pos <> ?1" },
	{ "participant_group",
	  "SELECT id FROM participant_group WHERE deleted = 0 "
	  "ORDER BY pos, id",
	  "UPDATE participant_group SET pos = ?1, updated = ?2, copy = ?3 "
	  "WHERE id = ?4 AND pos <> ?1" },
	{ "paragraph",
	  "SELECT id FROM paragraph WHERE deleted = 0 AND part = (SELECT "
	  "part FROM paragraph WHERE id = ?1) ORDER BY pos, id",
	  "UPDATE paragraph SET pos = ?1, updated = ?2, copy = ?3 "
	  "WHERE id = ?4 AND pos <> ?1" },
	{ "session",
	  "SELECT id FROM session WHERE deleted = 0 AND track_id = (SELECT "
	  "track_id FROM session WHERE id = ?1) ORDER BY pos, id",
	  "UPDATE session SET pos = ?1, updated = ?2, copy = ?3 "
	  "WHERE id = ?4 AND pos <> ?1" },
	{ "proposal_addressee",
	  "SELECT id FROM proposal_addressee WHERE deleted = 0 AND "
	  "addressee_id = (SELECT addressee_id FROM proposal_addressee WHERE "
	  "id = ?1) ORDER BY pos, id",
	  "UPDATE proposal_addressee SET pos = ?1, updated = ?2, copy = ?3 "
	  "WHERE id = ?4 AND pos <> ?1" },
};

enum status
record_move(struct forum *f, const char *table, int64_t id, int64_t pos)
{
	sqlite3_stmt *st;
	int64_t *ids = NULL, now = clock_now_ms();
	size_t n = 0, i, j, from = SIZE_MAX, k;
	enum status s;
	bool own;
	int rc;

	for (k = 0; k < sizeof orders / sizeof orders[0]; k++)
		if (strcmp(orders[k].table, table) == 0)
			break;
	if (k == sizeof orders / sizeof orders[0])
		return forum_fail(f, ST_INVALID, _("%s has no order"), table);
	if ((s = forum_enter(f, N_("reorder"), &own)) != ST_OK)
		return s;
	if ((st = forum_stmt(f, orders[k].list)) == NULL)
		return forum_leave(f, own, ST_DB);
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*(int64_t *)list_push((void **)&ids, &n, sizeof *ids) =
		    sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(ids);
		return forum_leave(f, own, forum_sqlerr(f, rc, _("reorder")));
	}
	for (i = 0; i < n; i++)
		if (ids[i] == id)
			from = i;
	if (from == SIZE_MAX) {
		free(ids);
		return forum_leave(f, own, forum_fail(f, ST_NOTFOUND,
		    _("%s: no record %lld"), table, (long long)id));
	}
	if (pos < 1)
		pos = 1;
	if ((size_t)pos > n)
		pos = (int64_t)n;
	/* Take the row out and put it back at pos - 1. */
	memmove(ids + from, ids + from + 1, (n - from - 1) * sizeof *ids);
	j = (size_t)pos - 1;
	memmove(ids + j + 1, ids + j, (n - 1 - j) * sizeof *ids);
	ids[j] = id;
	for (i = 0; i < n && s == ST_OK; i++) {
		if ((st = forum_stmt(f, orders[k].set)) == NULL) {
			s = ST_DB;
			break;
		}
		sqlite3_bind_int64(st, 1, (int64_t)i + 1);
		sqlite3_bind_int64(st, 2, now);
		sqlite3_bind_text(st, 3, forum_copy_id(f), -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, ids[i]);
		s = step_done(f, st, _("reorder"));
	}
	free(ids);
	return forum_leave(f, own, s);
}

/* ---- names ---- */

struct name_cand {
	int64_t id;
	const char *label;
	const char *title;
	const char *uuid;
};

/* True if folded s starts with folded prefix. */
static bool
name_prefix(const char *s, const char *prefix)
{
	struct buf a = {0}, b = {0};
	bool r;

	text_fold(&a, s, strlen(s), true);
	text_fold(&b, prefix, strlen(prefix), true);
	r = a.len >= b.len && memcmp(buf_str(&a), buf_str(&b), b.len) == 0;
	buf_free(&a);
	buf_free(&b);
	return r;
}

/* True if s and t are equal when folded. */
static bool
name_equal(const char *s, const char *t)
{
	return name_prefix(s, t) && name_prefix(t, s);
}

/*
 * Resolves name among the candidates: exact UUID, then exact label, then
 * a unique prefix of label or title.
 */
static enum status
name_resolve(struct forum *f, const char *kind, const char *name,
    const struct name_cand *c, size_t n, int64_t *id)
{
	struct buf list = {0};
	size_t i, hits = 0;
	int64_t hit = 0;
	/* The messages whole for each kind: they are translated. */
	bool track = strcmp(kind, "track") == 0;

	if (*name == '\0')
		return forum_fail(f, ST_NOTFOUND, "%s", track ?
		    _("track: empty name") : _("addressee: empty name"));
	for (i = 0; i < n; i++)
		if (strcmp(c[i].uuid, name) == 0) {
			*id = c[i].id;
			return ST_OK;
		}
	for (i = 0; i < n; i++)
		if (name_equal(c[i].label, name)) {
			hit = c[i].id;
			hits++;
			/* Listed, should two share the label. */
			buf_printf(&list, "\n  %s (%s)", c[i].label,
			    c[i].title);
		}
	if (hits == 0) {
		for (i = 0; i < n; i++)
			if (name_prefix(c[i].label, name) ||
			    name_prefix(c[i].title, name)) {
				hit = c[i].id;
				hits++;
				buf_printf(&list, "\n  %s (%s)", c[i].label,
				    c[i].title);
			}
	}
	if (hits == 1) {
		buf_free(&list);
		*id = hit;
		return ST_OK;
	}
	if (hits > 1) {
		forum_fail(f, ST_AMBIGUOUS, track ? _("track \"%s\" is "
		    "ambiguous; it could be:%s") : _("addressee \"%s\" is "
		    "ambiguous; it could be:%s"), name, buf_str(&list));
		buf_free(&list);
		return ST_AMBIGUOUS;
	}
	for (i = 0; i < n; i++)
		buf_printf(&list, "\n  %s (%s)", c[i].label, c[i].title);
	forum_fail(f, ST_NOTFOUND, track ? _("no track \"%s\"; the tracks "
	    "are:%s") : _("no addressee \"%s\"; the addressees are:%s"), name,
	    n ? buf_str(&list) : _("\n  (none)"));
	buf_free(&list);
	return ST_NOTFOUND;
}

enum status
track_find(struct forum *f, const char *name, int64_t *id)
{
	struct track *t;
	struct name_cand *c;
	size_t n, i;
	enum status s;

	if ((s = track_list(f, &t, &n)) != ST_OK)
		return s;
	c = xcalloc(n, sizeof *c);
	for (i = 0; i < n; i++)
		c[i] = (struct name_cand){ t[i].rec.id, t[i].label, t[i].title,
		    t[i].rec.uuid };
	s = name_resolve(f, "track", name, c, n, id);
	free(c);
	track_free(t, n);
	return s;
}

enum status
addressee_find(struct forum *f, const char *name, int64_t *id)
{
	struct addressee *a;
	struct name_cand *c;
	size_t n, i;
	enum status s;

	if ((s = addressee_list(f, &a, &n)) != ST_OK)
		return s;
	c = xcalloc(n, sizeof *c);
	for (i = 0; i < n; i++)
		c[i] = (struct name_cand){ a[i].rec.id, a[i].label,
		    a[i].heading, a[i].rec.uuid };
	s = name_resolve(f, "addressee", name, c, n, id);
	free(c);
	addressee_free(a, n);
	return s;
}

/* ---- counts ---- */

/* Reads (name, count) rows. */
static enum status
count_rows(struct forum *f, const char *sql, struct count_row **out,
    size_t *n)
{
	sqlite3_stmt *st = forum_stmt(f, sql);
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return ST_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct count_row *r = list_push((void **)out, n, sizeof **out);

		r->name = col_str(st, 0);
		r->count = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return LIST_DONE(f, st, rc, _("count"));
}

enum status
forum_counts_get(struct forum *f, struct forum_counts *out)
{
	struct count_row *rows;
	size_t n, i;
	enum status s;

	memset(out, 0, sizeof *out);
	s = count_rows(f, "SELECT t.label, COUNT(p.id) FROM track t "
	    "LEFT JOIN proposal p ON p.track_id = t.id AND p.deleted = 0 "
	    "WHERE t.deleted = 0 GROUP BY t.id ORDER BY t.pos, t.id",
	    &out->by_track, &out->ntrack);
	if (s == ST_OK)
		s = count_rows(f, "SELECT a.label, COUNT(p.id) FROM addressee a "
		    "LEFT JOIN proposal_addressee l ON l.addressee_id = a.id "
		    "AND l.deleted = 0 LEFT JOIN proposal p ON p.id = "
		    "l.proposal_id AND p.deleted = 0 WHERE a.deleted = 0 "
		    "GROUP BY a.id ORDER BY a.pos, a.id",
		    &out->by_addressee, &out->naddressee);
	if (s == ST_OK)
		s = count_rows(f, "SELECT status, COUNT(*) FROM proposal "
		    "WHERE deleted = 0 GROUP BY status", &rows, &n);
	if (s != ST_OK) {
		forum_counts_free(out);
		return s;
	}
	for (i = 0; i < n; i++) {
		char *end;
		long k = strtol(rows[i].name, &end, 10);

		/* The file may come from elsewhere: count only known codes. */
		if (end != rows[i].name && *end == '\0' && k >= 0 &&
		    k <= PROPOSAL_MERGED)
			out->by_status[k] = rows[i].count;
		out->total += rows[i].count;
		free(rows[i].name);
	}
	free(rows);
	return ST_OK;
}

void
forum_counts_free(struct forum_counts *c)
{
	size_t i;

	for (i = 0; i < c->ntrack; i++)
		free(c->by_track[i].name);
	for (i = 0; i < c->naddressee; i++)
		free(c->by_addressee[i].name);
	free(c->by_track);
	free(c->by_addressee);
	memset(c, 0, sizeof *c);
}

/* ---- merging addressees ---- */

/* Marks link lid deleted. */
static enum status
link_bury(struct forum *f, int64_t lid, int64_t now)
{
	sqlite3_stmt *st = forum_stmt(f, "UPDATE proposal_addressee SET "
	    "deleted = 1, updated = ?1, copy = ?2 WHERE id = ?3");

	if (st == NULL)
		return ST_DB;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_text(st, 2, forum_copy_id(f), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, lid);
	return step_done(f, st, _("merge addressees"));
}

/*
 * Moves one of gone's links (lid, of proposal pid) to keep.  The pair
 * (proposal, addressee) is unique, so a link of the proposal to keep that
 * exists already, live or deleted, is the one kept: brought back to life
 * at the end of keep's items if it was deleted.  Otherwise the link row
 * itself moves, keeping its UUID, so that a copy's older version of it
 * loses to this newer one in a merge.  *moved: a live link came to keep.
 */
static enum status
link_move(struct forum *f, int64_t lid, int64_t pid, int64_t keep,
    int64_t now, bool *moved)
{
	sqlite3_stmt *st;
	int64_t other = 0;
	bool dead = false;
	enum status s;
	int rc;

	*moved = false;
	if ((st = forum_stmt(f, "SELECT id, deleted FROM proposal_addressee "
	    "WHERE proposal_id = ?1 AND addressee_id = ?2")) == NULL)
		return ST_DB;
	sqlite3_bind_int64(st, 1, pid);
	sqlite3_bind_int64(st, 2, keep);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		other = sqlite3_column_int64(st, 0);
		dead = sqlite3_column_int(st, 1) != 0;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return forum_sqlerr(f, rc, _("merge addressees"));
	if (other != 0 && !dead)
		return link_bury(f, lid, now);
	if (other != 0) {
		if ((s = link_bury(f, lid, now)) != ST_OK)
			return s;
		st = forum_stmt(f, "UPDATE proposal_addressee SET deleted = 0, "
		    "pos = (SELECT COALESCE(MAX(pos), 0) + 1 FROM "
		    "proposal_addressee WHERE addressee_id = ?1), updated = ?2, "
		    "copy = ?3 WHERE id = ?4");
		lid = other;
	} else
		st = forum_stmt(f, "UPDATE proposal_addressee SET "
		    "addressee_id = ?1, pos = (SELECT COALESCE(MAX(pos), 0) + 1 "
		    "FROM proposal_addressee WHERE addressee_id = ?1), "
		    "updated = ?2, copy = ?3 WHERE id = ?4");
	if (st == NULL)
		return ST_DB;
	sqlite3_bind_int64(st, 1, keep);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_text(st, 3, forum_copy_id(f), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, lid);
	if ((s = step_done(f, st, _("merge addressees"))) == ST_OK)
		*moved = true;
	return s;
}

enum status
addressee_merge(struct forum *f, int64_t keep_id, int64_t gone_id,
    size_t *moved)
{
	struct addressee keep, gone;
	sqlite3_stmt *st;
	int64_t *links = NULL, now = clock_now_ms();
	size_t nlinks = 0, i, nmoved = 0;
	enum status s;
	bool own, one;
	int rc;

	if (moved != NULL)
		*moved = 0;
	if (keep_id == gone_id)
		return forum_fail(f, ST_INVALID, _("an addressee cannot be "
		    "merged into itself"));
	if ((s = addressee_get(f, keep_id, &keep)) != ST_OK)
		return s;
	if ((s = addressee_get(f, gone_id, &gone)) != ST_OK) {
		addressee_clear(&keep);
		return s;
	}
	one = keep.rec.deleted || gone.rec.deleted;
	addressee_clear(&keep);
	addressee_clear(&gone);
	if (one)
		return forum_fail(f, ST_NOTFOUND, _("merge addressees: a "
		    "deleted addressee"));
	if ((s = forum_enter(f, N_("merge addressees"), &own)) != ST_OK)
		return s;
	/* gone's live links in their order: pairs (link, proposal). */
	if ((st = forum_stmt(f, "SELECT id, proposal_id FROM "
	    "proposal_addressee WHERE addressee_id = ? AND deleted = 0 "
	    "ORDER BY pos, id")) == NULL)
		return forum_leave(f, own, ST_DB);
	sqlite3_bind_int64(st, 1, gone_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		links = xreallocarray(links, 2 * (nlinks + 1), sizeof *links);
		links[2 * nlinks] = sqlite3_column_int64(st, 0);
		links[2 * nlinks + 1] = sqlite3_column_int64(st, 1);
		nlinks++;
	}
	sqlite3_reset(st);
	s = rc == SQLITE_DONE ? ST_OK : forum_sqlerr(f, rc,
	    _("merge addressees"));
	for (i = 0; s == ST_OK && i < nlinks; i++) {
		bool m;

		s = link_move(f, links[2 * i], links[2 * i + 1], keep_id, now,
		    &m);
		nmoved += m;
	}
	free(links);
	if (s == ST_OK) {
		if ((st = forum_stmt(f, "UPDATE addressee SET deleted = 1, "
		    "updated = ?1, copy = ?2 WHERE id = ?3")) == NULL)
			s = ST_DB;
		else {
			sqlite3_bind_int64(st, 1, now);
			sqlite3_bind_text(st, 2, forum_copy_id(f), -1,
			    SQLITE_STATIC);
			sqlite3_bind_int64(st, 3, gone_id);
			s = step_one(f, st, _("merge addressees"), gone_id);
		}
	}
	if (s == ST_OK && moved != NULL)
		*moved = nmoved;
	return forum_leave(f, own, s);
}

enum status
addressee_link_count(struct forum *f, int64_t aid, int64_t *count)
{
	sqlite3_stmt *st = forum_stmt(f, "SELECT COUNT(*) FROM "
	    "proposal_addressee l JOIN proposal p ON p.id = l.proposal_id "
	    "WHERE l.addressee_id = ? AND l.deleted = 0 AND p.deleted = 0");
	int rc;

	*count = 0;
	if (st == NULL)
		return ST_DB;
	sqlite3_bind_int64(st, 1, aid);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*count = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? ST_OK : forum_sqlerr(f, rc,
	    _("count an addressee's proposals"));
}
