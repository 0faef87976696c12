/*
 * listing.c: the interface's lists, a page at a time (see listing.h).
 *
 * The filters are fixed: all proposals, a track's, or a track's session's.
 * Each has statements of its own rather than one statement whose
 * conditions switch off by parameter ("?1 = 0 OR track_id = ?1"): SQLite
 * plans a statement once, and a condition that may switch off cannot use
 * the index proposal_track(track_id, session_id), which turns a session's
 * page into a scan of every proposal.
 *
 * A page is made in two steps: the ids of the page, in order, from the
 * index alone but for each row's deleted flag and time; then the columns
 * shown, the addressee labels among them, for those ids only, so that the
 * rows an OFFSET skips cost no label lookups.
 */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "i18n.h"
#include "listing.h"
#include "util.h"

/* Which statement set a filter uses. */
enum scope { SCOPE_ALL, SCOPE_TRACK, SCOPE_SESSION, SCOPE__COUNT };

static enum scope
scope_of(const struct listing_filter *q)
{
	if (q->track_id == 0)
		return SCOPE_ALL;
	return q->session_id == 0 ? SCOPE_TRACK : SCOPE_SESSION;
}

/* ?1 track, ?2 session; unused parameters are simply left unbound. */
#define LIVE " WHERE deleted = 0"
#define IN_TRACK LIVE " AND track_id = ?1"
#define IN_SESSION IN_TRACK " AND session_id = ?2"

static const char *const count_sql[SCOPE__COUNT] = {
	"SELECT count(*) FROM proposal" LIVE,
	"SELECT count(*) FROM proposal" IN_TRACK,
	"SELECT count(*) FROM proposal" IN_SESSION,
};

/* ?3 limit, ?4 offset. */
#define PAGE_IDS(where) \
	"SELECT id FROM proposal" where \
	" ORDER BY created, id LIMIT ?3 OFFSET ?4"

static const char *const page_ids_sql[SCOPE__COUNT] = {
	PAGE_IDS(LIVE), PAGE_IDS(IN_TRACK), PAGE_IDS(IN_SESSION),
};

/* ?5 the created time and ?6 the id of a row: the rows before it. */
#define BEFORE(where) \
	"SELECT count(*) FROM proposal" where \
	" AND created <= ?5 AND (created < ?5 OR id < ?6)"

static const char *const before_sql[SCOPE__COUNT] = {
	BEFORE(LIVE), BEFORE(IN_TRACK), BEFORE(IN_SESSION),
};

static void
bind_filter(sqlite3_stmt *st, const struct listing_filter *q)
{
	if (q->track_id != 0)
		sqlite3_bind_int64(st, 1, q->track_id);
	if (q->session_id != 0)
		sqlite3_bind_int64(st, 2, q->session_id);
}

/* Runs st, which yields one integer; *v gets it. */
static enum status
one_int(struct forum *f, sqlite3_stmt *st, int64_t *v, const char *what)
{
	int rc = sqlite3_step(st);

	*v = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? ST_OK : forum_sqlerr(f, rc, what);
}

enum status
listing_count(struct forum *f, const struct listing_filter *q, size_t *count)
{
	sqlite3_stmt *st = forum_stmt(f, count_sql[scope_of(q)]);
	int64_t v = 0;
	enum status s;

	*count = 0;
	if (st == NULL)
		return ST_DB;
	bind_filter(st, q);
	if ((s = one_int(f, st, &v, _("count the proposals"))) == ST_OK)
		*count = (size_t)v;
	return s;
}

static char *
col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return xstrdup(s != NULL ? (const char *)s : "");
}

void
listing_rows_free(struct listing_row *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].text);
		free(v[i].author);
		free(v[i].organisation);
		free(v[i].labels);
	}
	free(v);
}

/* Fills r from proposal id; *found false if there is none. */
static enum status
row_read(struct forum *f, int64_t id, struct listing_row *r, bool *found)
{
	sqlite3_stmt *st = forum_stmt(f, "SELECT p.id, p.track_id, "
	    "p.session_id, p.text, p.author, p.organisation, p.status, "
	    "p.votes_for, p.votes_against, p.votes_abstain, "
	    "(SELECT group_concat(label, ', ') FROM (SELECT a.label "
	    "FROM proposal_addressee l JOIN addressee a "
	    "ON a.id = l.addressee_id WHERE l.proposal_id = p.id "
	    "AND l.deleted = 0 AND a.deleted = 0 ORDER BY a.pos, a.id)) "
	    "FROM proposal p WHERE p.id = ?1");
	int rc;

	*found = false;
	if (st == NULL)
		return ST_DB;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*found = true;
		r->id = sqlite3_column_int64(st, 0);
		r->track_id = sqlite3_column_int64(st, 1);
		r->session_id = sqlite3_column_int64(st, 2);
		r->text = col_dup(st, 3);
		r->author = col_dup(st, 4);
		r->organisation = col_dup(st, 5);
		r->status = sqlite3_column_int(st, 6);
		r->votes_for = sqlite3_column_int64(st, 7);
		r->votes_against = sqlite3_column_int64(st, 8);
		r->votes_abstain = sqlite3_column_int64(st, 9);
		r->labels = col_dup(st, 10);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? ST_OK :
	    forum_sqlerr(f, rc, _("read a proposal"));
}

enum status
listing_page(struct forum *f, const struct listing_filter *q, size_t offset,
    size_t limit, struct listing_row **out, size_t *n)
{
	sqlite3_stmt *st;
	int64_t *ids = NULL;
	size_t nids = 0, i;
	enum status s = ST_OK;
	bool own, found;
	int rc;

	*out = NULL;
	*n = 0;
	if (limit == 0)
		return ST_OK;
	if ((st = forum_stmt(f, page_ids_sql[scope_of(q)])) == NULL)
		return ST_DB;
	/* One read transaction: the ids and their rows agree. */
	own = sqlite3_get_autocommit(forum_db(f)) != 0;
	if (own)
		sqlite3_exec(forum_db(f), "BEGIN", NULL, NULL, NULL);
	bind_filter(st, q);
	sqlite3_bind_int64(st, 3, limit > INT64_MAX ? INT64_MAX :
	    (int64_t)limit);
	sqlite3_bind_int64(st, 4, offset > INT64_MAX ? INT64_MAX :
	    (int64_t)offset);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ids = xreallocarray(ids, nids + 1, sizeof *ids);
		ids[nids++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		s = forum_sqlerr(f, rc, _("list the proposals"));
	if (s == ST_OK && nids > 0)
		*out = xcalloc(nids, sizeof **out);
	for (i = 0; s == ST_OK && i < nids; i++) {
		s = row_read(f, ids[i], &(*out)[*n], &found);
		if (s == ST_OK && found)
			(*n)++;
	}
	if (own)
		sqlite3_exec(forum_db(f), "COMMIT", NULL, NULL, NULL);
	free(ids);
	if (s != ST_OK) {
		listing_rows_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return s;
}

enum status
listing_index(struct forum *f, const struct listing_filter *q, int64_t pid,
    size_t *index)
{
	sqlite3_stmt *st = forum_stmt(f, "SELECT created, track_id, "
	    "COALESCE(session_id, 0), deleted FROM proposal WHERE id = ?1");
	int64_t created, v;
	bool in;
	enum status s;
	int rc;

	*index = 0;
	if (st == NULL)
		return ST_DB;
	sqlite3_bind_int64(st, 1, pid);
	rc = sqlite3_step(st);
	created = 0;
	in = false;
	if (rc == SQLITE_ROW) {
		created = sqlite3_column_int64(st, 0);
		in = sqlite3_column_int(st, 3) == 0 && (q->track_id == 0 ||
		    (sqlite3_column_int64(st, 1) == q->track_id &&
		    (q->session_id == 0 ||
		    sqlite3_column_int64(st, 2) == q->session_id)));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return forum_sqlerr(f, rc, _("find a proposal"));
	if (!in)
		return forum_fail(f, ST_NOTFOUND, _("proposal %lld is not in "
		    "the list"), (long long)pid);
	if ((st = forum_stmt(f, before_sql[scope_of(q)])) == NULL)
		return ST_DB;
	bind_filter(st, q);
	sqlite3_bind_int64(st, 5, created);
	sqlite3_bind_int64(st, 6, pid);
	if ((s = one_int(f, st, &v, _("find a proposal"))) == ST_OK)
		*index = (size_t)v;
	return s;
}

enum status
listing_tallies(struct forum *f, struct listing_tally **out, size_t *n)
{
	sqlite3_stmt *st = forum_stmt(f, "SELECT track_id, "
	    "COALESCE(session_id, 0), count(*) FROM proposal WHERE deleted = 0 "
	    "GROUP BY track_id, session_id ORDER BY 1, 2");
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return ST_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		(*out)[*n].track_id = sqlite3_column_int64(st, 0);
		(*out)[*n].session_id = sqlite3_column_int64(st, 1);
		(*out)[*n].count = sqlite3_column_int64(st, 2);
		(*n)++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(*out);
		*out = NULL;
		*n = 0;
		return forum_sqlerr(f, rc, _("count the proposals"));
	}
	return ST_OK;
}

int64_t
listing_tally_sum(const struct listing_tally *v, size_t n, int64_t track_id,
    int64_t session_id)
{
	int64_t sum = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i].track_id == track_id &&
		    (session_id < 0 || v[i].session_id == session_id))
			sum += v[i].count;
	return sum;
}

enum status
listing_addressees_recent(struct forum *f, struct addressee **out, size_t *n)
{
	/*
	 * The last link in each addressee's order is its latest tag, as
	 * proposal_tag() appends; reading it backwards down link_addressee
	 * visits a row or two per addressee, where the latest time of every
	 * link would visit them all.
	 */
	sqlite3_stmt *st = forum_stmt(f, "SELECT a.id, a.heading, a.label, "
	    "a.recommend, a.pos, (SELECT l.updated FROM proposal_addressee l "
	    "WHERE l.addressee_id = a.id AND l.deleted = 0 "
	    "ORDER BY l.pos DESC, l.id DESC LIMIT 1) AS used "
	    "FROM addressee a WHERE a.deleted = 0 "
	    "ORDER BY used IS NULL, used DESC, a.pos, a.id");
	struct addressee *a;
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return ST_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		a = &(*out)[(*n)++];
		memset(a, 0, sizeof *a);
		a->rec.id = sqlite3_column_int64(st, 0);
		a->heading = col_dup(st, 1);
		a->label = col_dup(st, 2);
		a->recommend = sqlite3_column_int(st, 3) != 0;
		a->pos = sqlite3_column_int64(st, 4);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		addressee_free(*out, *n);
		*out = NULL;
		*n = 0;
		return forum_sqlerr(f, rc, _("list the addressees"));
	}
	return ST_OK;
}
