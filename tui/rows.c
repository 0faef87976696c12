/*
 * rows.c: list queries for the interface (see rows.h for why here).
 * Statements go through forum_stmt(): bound parameters only, cached.
 */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "../model/text.h"
#include "../model/util.h"
#include "rows.h"

static char *
col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return xstrdup(s != NULL ? (const char *)s : "");
}

void
prow_free(struct prow *v, size_t n)
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

/*
 * The one filter, written so that every condition can be switched off by
 * its parameter: ?1 track, ?2 session, ?3 addressee, ?4 status, ?5 a LIKE
 * pattern (one word; further words are checked in C).  The word match is
 * a plain LIKE until model/search.h offers the indexed search.
 */
#define FILTER_WHERE                                                        \
	" WHERE p.deleted = 0 AND (?1 = 0 OR p.track_id = ?1)"              \
	" AND (?2 = 0 OR p.session_id = ?2)"                                \
	" AND (?4 < 0 OR p.status = ?4)"                                    \
	" AND (?3 = 0 OR EXISTS (SELECT 1 FROM proposal_addressee l"        \
	"  WHERE l.proposal_id = p.id AND l.addressee_id = ?3"              \
	"  AND l.deleted = 0))"                                             \
	" AND (?5 IS NULL OR p.text LIKE ?5)"

static void
filter_bind(sqlite3_stmt *st, const struct pfilter *q, struct buf *pat)
{
	sqlite3_bind_int64(st, 1, q->track_id);
	sqlite3_bind_int64(st, 2, q->session_id);
	sqlite3_bind_int64(st, 3, q->addressee_id);
	sqlite3_bind_int(st, 4, q->status);
	if (q->words != NULL && *q->words != '\0') {
		buf_reset(pat);
		buf_addc(pat, '%');
		buf_adds(pat, q->words);
		buf_addc(pat, '%');
		sqlite3_bind_text(st, 5, buf_str(pat), -1, SQLITE_STATIC);
	}
}

enum status
rows_count(struct forum *f, const struct pfilter *q, size_t *count)
{
	sqlite3_stmt *st = forum_stmt(f, "SELECT count(*) FROM proposal p"
	    FILTER_WHERE);
	struct buf pat = {0};
	int rc;

	*count = 0;
	if (st == NULL)
		return ST_DB;
	filter_bind(st, q, &pat);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*count = (size_t)sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	buf_free(&pat);
	return rc == SQLITE_ROW ? ST_OK : forum_sqlerr(f, rc, "count");
}

enum status
rows_page(struct forum *f, const struct pfilter *q, size_t offset,
    size_t limit, struct prow **out, size_t *n)
{
	sqlite3_stmt *st = forum_stmt(f, "SELECT p.id, p.track_id, "
	    "p.session_id, p.text, p.author, p.organisation, p.status, "
	    "p.votes_for, p.votes_against, p.votes_abstain, "
	    "(SELECT group_concat(label, ', ') FROM (SELECT a.label FROM "
	    "proposal_addressee l JOIN addressee a ON a.id = l.addressee_id "
	    "WHERE l.proposal_id = p.id AND l.deleted = 0 AND a.deleted = 0 "
	    "ORDER BY a.pos, a.id)) FROM proposal p" FILTER_WHERE
	    " ORDER BY p.created, p.id LIMIT ?6 OFFSET ?7");
	struct buf pat = {0};
	struct prow *r;
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return ST_DB;
	filter_bind(st, q, &pat);
	sqlite3_bind_int64(st, 6, (int64_t)limit);
	sqlite3_bind_int64(st, 7, (int64_t)offset);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		r = &(*out)[(*n)++];
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
	buf_free(&pat);
	return rc == SQLITE_DONE ? ST_OK : forum_sqlerr(f, rc, "list");
}

int64_t
rows_count_in(struct forum *f, int64_t track_id, int64_t session_id)
{
	struct pfilter q = {track_id, session_id, 0, -1, NULL};
	size_t n = 0;

	if (rows_count(f, &q, &n) != ST_OK)
		return 0;
	return (int64_t)n;
}

enum status
rows_addressees_mru(struct forum *f, struct addressee **out, size_t *n)
{
	sqlite3_stmt *st = forum_stmt(f, "SELECT a.id, a.heading, a.label, "
	    "a.recommend, a.pos FROM addressee a LEFT JOIN proposal_addressee l "
	    "ON l.addressee_id = a.id AND l.deleted = 0 WHERE a.deleted = 0 "
	    "GROUP BY a.id ORDER BY COALESCE(MAX(l.created), 0) DESC, a.pos, "
	    "a.id");
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
	return rc == SQLITE_DONE ? ST_OK : forum_sqlerr(f, rc, "addressees");
}
