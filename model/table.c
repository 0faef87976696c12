/*
 * table.c: the proposals table and the walk over every record.
 *
 * Both readers prepare their statements here and finalize them when done
 * rather than keep them in the forum's statement cache: an export runs
 * them once.  References between records are resolved to UUIDs by the
 * queries themselves (LEFT JOIN on the integer id), so the writers never
 * see an integer id, which means nothing outside this file.
 *
 * The numbers "N.M." of the proposals table follow the assembler's rule
 * (resolution.c, add_sections) from the same rows without their text, so
 * that 100,000 proposals need a few megabytes rather than the whole draft;
 * tests/unit/test_table.c checks that both give the same numbers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "i18n.h"
#include "records.h"
#include "table.h"
#include "text.h"
#include "util.h"

/* ---- helpers ---- */

void
table_clean(struct buf *out, const char *s, size_t len)
{
	size_t i = 0, good = 0, n;
	uint32_t cp;

	/* s[good, i) is fine as it is, and goes out in one piece. */
	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c < 0x80) {
			i++;
			continue;
		}
		n = text_decode(s + i, len - i, &cp);
		if ((cp == TEXT_REPLACEMENT && n == 1) || cp == 0xFFFE ||
		    cp == 0xFFFF ||
		    (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r')) {
			buf_add(out, s + good, i - good);
			text_encode(out, TEXT_REPLACEMENT);
			good = i + n;
		}
		i += n;
	}
	buf_add(out, s + good, i - good);
}

void
table_iso_time(struct buf *out, int64_t ms)
{
	const int64_t lo = -62135596800000; /* 0001-01-01T00:00:00.000Z */
	const int64_t hi = 253402300799999; /* 9999-12-31T23:59:59.999Z */
	int64_t secs, frac;
	time_t t;
	struct tm tm;

	if (ms < lo)
		ms = lo;
	if (ms > hi)
		ms = hi;
	secs = ms / 1000;
	frac = ms % 1000;
	if (frac < 0) {
		frac += 1000;
		secs--;
	}
	t = (time_t)secs;
	if (gmtime_r(&t, &tm) == NULL) {
		buf_adds(out, "1970-01-01T00:00:00.000Z");
		return;
	}
	buf_printf(out, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, (int)frac);
}

/*
 * Opens a read transaction unless one is open already; *own says whether
 * to end it with snapshot_end().
 */
static void
snapshot_begin(struct forum *f, bool *own)
{
	*own = sqlite3_get_autocommit(forum_db(f)) != 0;
	if (*own)
		sqlite3_exec(forum_db(f), "BEGIN", NULL, NULL, NULL);
}

static void
snapshot_end(struct forum *f, bool own)
{
	if (own)
		sqlite3_exec(forum_db(f), "COMMIT", NULL, NULL, NULL);
}

/* Prepares a statement of this file's own (finalized by the caller). */
static enum status
table_prepare(struct forum *f, const char *sql, sqlite3_stmt **st)
{
	int rc = sqlite3_prepare_v2(forum_db(f), sql, -1, st, NULL);

	if (rc != SQLITE_OK) {
		*st = NULL;
		return forum_sqlerr(f, rc, _("read the records"));
	}
	return ST_OK;
}

/* Column i of st as a text field (NULL: a null field with text ""). */
static void
field_text(struct field *fd, sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	fd->null = s == NULL;
	fd->text = s ? (const char *)s : "";
	fd->len = s ? (size_t)sqlite3_column_bytes(st, i) : 0;
	fd->num = 0;
}

/* A fixed string as a text field. */
static void
field_const(struct field *fd, const char *s)
{
	fd->null = false;
	fd->text = s;
	fd->len = strlen(s);
	fd->num = 0;
}

static void
field_num(struct field *fd, sqlite3_stmt *st, int i)
{
	fd->null = false;
	fd->text = "";
	fd->len = 0;
	fd->num = sqlite3_column_int64(st, i);
}

/* ---- the numbers in the draft ---- */

/* One item of the draft: where proposal pid stands under addressee aid. */
struct table_number {
	int64_t pid;
	int64_t aid;
	size_t addressee; /* the addressee's index in the addressees' order */
	int64_t pos;      /* the link's position under it */
	int64_t link;     /* the link's id */
	size_t section;   /* N of "N.M." */
	size_t item;      /* M */
};

struct table_numbers {
	struct table_number *v;
	size_t n;
};

/* An addressee's id and its index in the addressees' order. */
struct table_key {
	int64_t id;
	size_t index;
};

static int
table_key_cmp(const void *x, const void *y)
{
	const struct table_key *a = x, *b = y;

	return a->id < b->id ? -1 : a->id > b->id;
}

/* Document order, as the assembler sorts its items. */
static int
number_doc_cmp(const void *x, const void *y)
{
	const struct table_number *a = x, *b = y;

	if (a->addressee != b->addressee)
		return a->addressee < b->addressee ? -1 : 1;
	if (a->pos != b->pos)
		return a->pos < b->pos ? -1 : 1;
	return a->link < b->link ? -1 : a->link > b->link;
}

/* By proposal, then addressee: for the look-up. */
static int
number_key_cmp(const void *x, const void *y)
{
	const struct table_number *a = x, *b = y;

	if (a->pid != b->pid)
		return a->pid < b->pid ? -1 : 1;
	return a->aid < b->aid ? -1 : a->aid > b->aid;
}

/*
 * The draft's items without their text: the live, accepted proposals under
 * each live addressee they have a live link to, numbered as the assembler
 * numbers them (sections in the addressees' order, only those with items;
 * items in the order set under each).
 */
static enum status
table_numbers_load(struct forum *f, struct table_numbers *out)
{
	sqlite3_stmt *st = NULL;
	struct table_key *keys = NULL, key, *k;
	struct table_number *v = NULL;
	size_t nkeys = 0, capk = 0, n = 0, cap = 0, i, section = 0, item = 0;
	enum status s;
	int rc;

	out->v = NULL;
	out->n = 0;
	if ((s = table_prepare(f, "SELECT id FROM addressee WHERE deleted = 0 "
	    "ORDER BY pos, id", &st)) != ST_OK)
		return s;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (nkeys == capk) {
			capk = capk ? capk * 2 : 64;
			keys = xreallocarray(keys, capk, sizeof *keys);
		}
		keys[nkeys].id = sqlite3_column_int64(st, 0);
		keys[nkeys].index = nkeys;
		nkeys++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(keys);
		return forum_sqlerr(f, rc, _("read the addressees"));
	}
	if (nkeys > 0)
		qsort(keys, nkeys, sizeof *keys, table_key_cmp);

	/* The assembler's query (one pass over the proposals), less text. */
	if ((s = table_prepare(f, "SELECT l.addressee_id, l.pos, l.id, p.id "
	    "FROM proposal p CROSS JOIN proposal_addressee l "
	    "ON l.proposal_id = p.id AND l.deleted = 0 "
	    "WHERE p.deleted = 0 AND p.status = 1", &st)) != ST_OK) {
		free(keys);
		return s;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		key.id = sqlite3_column_int64(st, 0);
		k = nkeys ? bsearch(&key, keys, nkeys, sizeof *keys,
		    table_key_cmp) : NULL;
		if (k == NULL)
			continue; /* a deleted addressee */
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			v = xreallocarray(v, cap, sizeof *v);
		}
		v[n++] = (struct table_number){
			.pid = sqlite3_column_int64(st, 3),
			.aid = key.id,
			.addressee = k->index,
			.pos = sqlite3_column_int64(st, 1),
			.link = sqlite3_column_int64(st, 2),
		};
	}
	sqlite3_finalize(st);
	free(keys);
	if (rc != SQLITE_DONE) {
		free(v);
		return forum_sqlerr(f, rc, _("read the links"));
	}
	if (n > 0)
		qsort(v, n, sizeof *v, number_doc_cmp);
	for (i = 0; i < n; i++) {
		if (i == 0 || v[i].addressee != v[i - 1].addressee) {
			section++;
			item = 0;
		}
		v[i].section = section;
		v[i].item = ++item;
	}
	if (n > 0)
		qsort(v, n, sizeof *v, number_key_cmp);
	out->v = v;
	out->n = n;
	return ST_OK;
}

/* "N.M." for proposal pid under addressee aid into num, or "". */
static void
table_number_of(const struct table_numbers *t, int64_t pid, int64_t aid,
    char *num, size_t size)
{
	struct table_number key = { .pid = pid, .aid = aid };
	const struct table_number *hit;

	num[0] = '\0';
	if (t->n == 0)
		return;
	hit = bsearch(&key, t->v, t->n, sizeof *t->v, number_key_cmp);
	if (hit != NULL)
		snprintf(num, size, "%zu.%zu.", hit->section, hit->item);
}

/* ---- the proposals table ---- */

static const struct {
	const char *name;
	enum field_type type;
} table_columns[TABLE_COLUMNS] = {
	[TABLE_UUID] = { "uuid", FIELD_TEXT },
	[TABLE_TRACK] = { "track", FIELD_TEXT },
	[TABLE_TRACK_TITLE] = { "track_title", FIELD_TEXT },
	[TABLE_SESSION] = { "session", FIELD_TEXT },
	[TABLE_AUTHOR] = { "author", FIELD_TEXT },
	[TABLE_ORGANISATION] = { "organisation", FIELD_TEXT },
	[TABLE_ADDRESSEE] = { "addressee", FIELD_TEXT },
	[TABLE_ADDRESSEE_HEADING] = { "addressee_heading", FIELD_TEXT },
	[TABLE_STATUS] = { "status", FIELD_TEXT },
	[TABLE_VOTES_FOR] = { "votes_for", FIELD_INT },
	[TABLE_VOTES_AGAINST] = { "votes_against", FIELD_INT },
	[TABLE_VOTES_ABSTAIN] = { "votes_abstain", FIELD_INT },
	[TABLE_CREATED] = { "created", FIELD_TIME },
	[TABLE_UPDATED] = { "updated", FIELD_TIME },
	[TABLE_MERGED_INTO] = { "merged_into", FIELD_REF },
	[TABLE_NUMBER] = { "number", FIELD_TEXT },
	[TABLE_TEXT] = { "text", FIELD_TEXT },
};

const char *
table_column_name(enum table_column c)
{
	return (unsigned)c < TABLE_COLUMNS ? table_columns[c].name : "";
}

enum field_type
table_column_type(enum table_column c)
{
	return (unsigned)c < TABLE_COLUMNS ? table_columns[c].type : FIELD_TEXT;
}

/*
 * One row per live proposal and live link to a live addressee; a proposal
 * without such a link joins nothing and gives one row of nulls there.
 * The index on proposal_addressee (proposal_id, addressee_id) serves the
 * join by its first column; the addressee's tombstone is looked up per
 * link (an IN list of live addressees made SQLite probe the index once
 * per addressee for every proposal).  The order needs one sort, which
 * SQLite spills to a temporary file past its cache, so memory stays flat.
 */
static const char table_rows_sql[] =
	"SELECT p.id, p.uuid, t.label, t.title, s.title, p.author, "
	"p.organisation, a.id, a.label, a.heading, p.status, p.votes_for, "
	"p.votes_against, p.votes_abstain, p.created, p.updated, m.uuid, "
	"p.text "
	"FROM proposal p "
	"LEFT JOIN track t ON t.id = p.track_id "
	"LEFT JOIN session s ON s.id = p.session_id "
	"LEFT JOIN proposal_addressee l ON l.proposal_id = p.id "
	"AND l.deleted = 0 AND (SELECT deleted FROM addressee "
	"WHERE id = l.addressee_id) = 0 "
	"LEFT JOIN addressee a ON a.id = l.addressee_id "
	"LEFT JOIN proposal m ON m.id = p.merged_into "
	"WHERE p.deleted = 0 "
	"ORDER BY t.pos, t.id, p.created, p.id, a.pos, a.id";

enum status
table_rows(struct forum *f, table_row_fn fn, void *ctx)
{
	struct table_numbers nums;
	struct field row[TABLE_COLUMNS];
	sqlite3_stmt *st = NULL;
	enum status s;
	char num[64];
	bool own;
	int rc, c;

	snapshot_begin(f, &own);
	if ((s = table_numbers_load(f, &nums)) != ST_OK)
		goto out;
	if ((s = table_prepare(f, table_rows_sql, &st)) != ST_OK)
		goto out;
	for (c = 0; c < TABLE_COLUMNS; c++) {
		row[c].name = table_columns[c].name;
		row[c].type = table_columns[c].type;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t pid = sqlite3_column_int64(st, 0);
		bool tagged = sqlite3_column_type(st, 7) != SQLITE_NULL;

		field_text(&row[TABLE_UUID], st, 1);
		field_text(&row[TABLE_TRACK], st, 2);
		field_text(&row[TABLE_TRACK_TITLE], st, 3);
		field_text(&row[TABLE_SESSION], st, 4);
		field_text(&row[TABLE_AUTHOR], st, 5);
		field_text(&row[TABLE_ORGANISATION], st, 6);
		field_text(&row[TABLE_ADDRESSEE], st, 8);
		field_text(&row[TABLE_ADDRESSEE_HEADING], st, 9);
		field_const(&row[TABLE_STATUS],
		    proposal_status_name(sqlite3_column_int(st, 10)));
		field_num(&row[TABLE_VOTES_FOR], st, 11);
		field_num(&row[TABLE_VOTES_AGAINST], st, 12);
		field_num(&row[TABLE_VOTES_ABSTAIN], st, 13);
		field_num(&row[TABLE_CREATED], st, 14);
		field_num(&row[TABLE_UPDATED], st, 15);
		field_text(&row[TABLE_MERGED_INTO], st, 16);
		num[0] = '\0';
		if (tagged)
			table_number_of(&nums, pid, sqlite3_column_int64(st, 7),
			    num, sizeof num);
		field_const(&row[TABLE_NUMBER], num);
		field_text(&row[TABLE_TEXT], st, 17);
		/* Only the reference says "none" as null; text is "". */
		for (c = 0; c < TABLE_COLUMNS; c++)
			if (c != TABLE_MERGED_INTO)
				row[c].null = false;
		if ((s = fn(ctx, row)) != ST_OK)
			break;
	}
	if (s == ST_OK && rc != SQLITE_DONE)
		s = forum_sqlerr(f, rc, _("read the proposals"));
out:
	sqlite3_finalize(st);
	free(nums.v);
	snapshot_end(f, own);
	return s;
}

/* ---- every record ---- */

/*
 * How a column of a kind's query becomes a field: most as their type says;
 * a few integers are names in the file's own words.
 */
enum col_kind {
	COL_TEXT,
	COL_INT,
	COL_BOOL,
	COL_TIME,
	COL_REF,
	COL_PART,   /* paragraph part: "opening", "closing" */
	COL_STATE,  /* session state: "planned", "open", "closed" */
	COL_STATUS  /* proposal status: "new", "accepted", ... */
};

struct col_desc {
	const char *name;
	enum col_kind kind;
};

struct kind_desc {
	const char *name;
	bool single;
	const char *sql;
	const struct col_desc *cols;
	size_t ncols;
};

/* The common columns: first in every kind but revisions. */
#define REC_SELECT(t) t ".uuid, " t ".created, " t ".updated, " t ".copy, " \
	t ".deleted"
#define REC_COLS                                                           \
	{ "uuid", COL_TEXT }, { "created", COL_TIME },                     \
	{ "updated", COL_TIME }, { "copy", COL_TEXT },                     \
	{ "deleted", COL_BOOL }

static const struct col_desc forum_cols[] = {
	REC_COLS,
	{ "title", COL_TEXT },
	{ "resolution_title", COL_TEXT },
	{ "city", COL_TEXT },
	{ "start_date", COL_TEXT },
	{ "end_date", COL_TEXT },
	{ "doc_date", COL_TEXT },
	{ "participants_intro", COL_TEXT },
	{ "themes_intro", COL_TEXT },
	{ "lead_in", COL_TEXT },
	{ "final", COL_BOOL },
};

static const struct col_desc paragraph_cols[] = {
	REC_COLS,
	{ "part", COL_PART },
	{ "pos", COL_INT },
	{ "text", COL_TEXT },
};

static const struct col_desc group_cols[] = {
	REC_COLS,
	{ "pos", COL_INT },
	{ "text", COL_TEXT },
};

static const struct col_desc track_cols[] = {
	REC_COLS,
	{ "pos", COL_INT },
	{ "title", COL_TEXT },
	{ "label", COL_TEXT },
	{ "moderator", COL_TEXT },
};

static const struct col_desc session_cols[] = {
	REC_COLS,
	{ "track", COL_REF },
	{ "pos", COL_INT },
	{ "title", COL_TEXT },
	{ "date", COL_TEXT },
	{ "time", COL_TEXT },
	{ "room", COL_TEXT },
	{ "state", COL_STATE },
};

static const struct col_desc addressee_cols[] = {
	REC_COLS,
	{ "pos", COL_INT },
	{ "heading", COL_TEXT },
	{ "label", COL_TEXT },
	{ "recommend", COL_BOOL },
};

static const struct col_desc proposal_cols[] = {
	REC_COLS,
	{ "track", COL_REF },
	{ "session", COL_REF },
	{ "text", COL_TEXT },
	{ "author", COL_TEXT },
	{ "organisation", COL_TEXT },
	{ "status", COL_STATUS },
	{ "merged_into", COL_REF },
	{ "votes_for", COL_INT },
	{ "votes_against", COL_INT },
	{ "votes_abstain", COL_INT },
	{ "note", COL_TEXT },
};

static const struct col_desc link_cols[] = {
	REC_COLS,
	{ "proposal", COL_REF },
	{ "addressee", COL_REF },
	{ "pos", COL_INT },
};

static const struct col_desc revision_cols[] = {
	{ "uuid", COL_TEXT },
	{ "proposal", COL_REF },
	{ "time", COL_TIME },
	{ "copy", COL_TEXT },
	{ "text", COL_TEXT },
};

#define KIND(name, single, sql, cols) \
	{ name, single, sql, cols, sizeof(cols) / sizeof(cols)[0] }

/*
 * The kinds in dependency order (what a record refers to comes before it),
 * each ordered by what the records hold, never by integer id: position
 * where the kind has one, then creation time, then UUID.
 */
static const struct kind_desc kinds[] = {
	KIND("forum", true,
	    "SELECT " REC_SELECT("f") ", f.title, f.resolution_title, f.city, "
	    "f.start_date, f.end_date, f.doc_date, f.participants_intro, "
	    "f.themes_intro, f.lead_in, f.final FROM forum f "
	    "ORDER BY f.deleted, f.created, f.uuid LIMIT 1", forum_cols),
	KIND("paragraphs", false,
	    "SELECT " REC_SELECT("x") ", x.part, x.pos, x.text FROM paragraph x "
	    "ORDER BY x.part, x.pos, x.created, x.uuid", paragraph_cols),
	KIND("groups", false,
	    "SELECT " REC_SELECT("x") ", x.pos, x.text FROM participant_group x "
	    "ORDER BY x.pos, x.created, x.uuid", group_cols),
	KIND("tracks", false,
	    "SELECT " REC_SELECT("x") ", x.pos, x.title, x.label, x.moderator "
	    "FROM track x ORDER BY x.pos, x.created, x.uuid", track_cols),
	KIND("sessions", false,
	    "SELECT " REC_SELECT("x") ", t.uuid, x.pos, x.title, x.date, x.time, "
	    "x.room, x.state FROM session x LEFT JOIN track t "
	    "ON t.id = x.track_id ORDER BY x.created, x.uuid", session_cols),
	KIND("addressees", false,
	    "SELECT " REC_SELECT("x") ", x.pos, x.heading, x.label, x.recommend "
	    "FROM addressee x ORDER BY x.pos, x.created, x.uuid",
	    addressee_cols),
	KIND("proposals", false,
	    "SELECT " REC_SELECT("x") ", t.uuid, s.uuid, x.text, x.author, "
	    "x.organisation, x.status, m.uuid, x.votes_for, x.votes_against, "
	    "x.votes_abstain, x.note FROM proposal x "
	    "LEFT JOIN track t ON t.id = x.track_id "
	    "LEFT JOIN session s ON s.id = x.session_id "
	    "LEFT JOIN proposal m ON m.id = x.merged_into "
	    "ORDER BY x.created, x.uuid", proposal_cols),
	KIND("links", false,
	    "SELECT " REC_SELECT("x") ", p.uuid, a.uuid, x.pos "
	    "FROM proposal_addressee x "
	    "LEFT JOIN proposal p ON p.id = x.proposal_id "
	    "LEFT JOIN addressee a ON a.id = x.addressee_id "
	    "ORDER BY x.created, x.uuid", link_cols),
	/* A revision of no proposal (an undone capture) is left out. */
	KIND("revisions", false,
	    "SELECT x.uuid, p.uuid, x.time, x.copy, x.text FROM revision x "
	    "JOIN proposal p ON p.id = x.proposal_id "
	    "ORDER BY x.time, x.uuid", revision_cols),
};

#define NKINDS (sizeof kinds / sizeof kinds[0])
/* The widest kind's number of columns. */
#define MAX_COLS (sizeof proposal_cols / sizeof proposal_cols[0])

static const char *
paragraph_part_name(int part)
{
	return part == PARA_OPENING ? "opening" :
	    part == PARA_CLOSING ? "closing" : "?";
}

/* Turns row st of kind k into fields. */
static void
kind_fields(const struct kind_desc *k, sqlite3_stmt *st, struct field *fd)
{
	size_t i;

	for (i = 0; i < k->ncols; i++) {
		int c = (int)i;

		fd[i].name = k->cols[i].name;
		switch (k->cols[i].kind) {
		case COL_TEXT:
			fd[i].type = FIELD_TEXT;
			field_text(&fd[i], st, c);
			fd[i].null = false;
			break;
		case COL_REF:
			fd[i].type = FIELD_REF;
			field_text(&fd[i], st, c);
			break;
		case COL_INT:
			fd[i].type = FIELD_INT;
			field_num(&fd[i], st, c);
			break;
		case COL_BOOL:
			fd[i].type = FIELD_BOOL;
			field_num(&fd[i], st, c);
			fd[i].num = fd[i].num != 0;
			break;
		case COL_TIME:
			fd[i].type = FIELD_TIME;
			field_num(&fd[i], st, c);
			break;
		case COL_PART:
			fd[i].type = FIELD_TEXT;
			field_const(&fd[i],
			    paragraph_part_name(sqlite3_column_int(st, c)));
			break;
		case COL_STATE:
			fd[i].type = FIELD_TEXT;
			field_const(&fd[i],
			    session_state_name(sqlite3_column_int(st, c)));
			break;
		case COL_STATUS:
			fd[i].type = FIELD_TEXT;
			field_const(&fd[i],
			    proposal_status_name(sqlite3_column_int(st, c)));
			break;
		}
	}
}

/* Visits the records of one kind. */
static enum status
kind_walk(struct forum *f, const struct kind_desc *k,
    const struct table_walker *w)
{
	struct field fd[MAX_COLS];
	sqlite3_stmt *st;
	enum status s;
	int rc;

	if ((s = table_prepare(f, k->sql, &st)) != ST_OK)
		return s;
	if ((s = w->kind_begin(w->ctx, k->name, k->single)) != ST_OK) {
		sqlite3_finalize(st);
		return s;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		kind_fields(k, st, fd);
		if ((s = w->record(w->ctx, fd, k->ncols)) != ST_OK)
			break;
	}
	if (s == ST_OK && rc != SQLITE_DONE)
		s = forum_sqlerr(f, rc, _("read the records"));
	sqlite3_finalize(st);
	if (s == ST_OK)
		s = w->kind_end(w->ctx, k->name, k->single);
	return s;
}

enum status
table_walk(struct forum *f, const struct table_walker *w)
{
	enum status s = ST_OK;
	size_t i;
	bool own;

	snapshot_begin(f, &own);
	for (i = 0; i < NKINDS && s == ST_OK; i++)
		s = kind_walk(f, &kinds[i], w);
	snapshot_end(f, own);
	return s;
}
