/*
 * session_log.c: a session's start and end, its summary, the file's
 * authors (session_log.h).
 *
 * The times are the wall clock's (clock_now_ms(), which AGORA_NOW fixes
 * for tests), never the interface's timers: those may run fast for a test
 * (AGORA_CLOCK_SCALE) and are the moderator's to pause and extend, while
 * the file keeps when the session really began and ended.
 */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "i18n.h"
#include "session_log.h"
#include "util.h"

static char *
col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return xstrdup(s != NULL ? (const char *)s : "");
}

enum status
session_log_start(struct forum *f, int64_t id, bool *changed)
{
	struct session s;
	enum status st;
	bool own;

	*changed = false;
	if ((st = session_get(f, id, &s)) != ST_OK)
		return st;
	if (s.started != 0 && s.ended == 0 && s.state == SESSION_OPEN) {
		session_clear(&s);
		return ST_OK;
	}
	if (s.started == 0)
		s.started = clock_now_ms();
	s.ended = 0;
	s.state = SESSION_OPEN;
	*changed = true;
	/* Not undoable: bookkeeping that must not take the moderator's
	 * Ctrl-Z away from the proposal just captured. */
	if ((st = forum_enter(f, NULL, &own)) == ST_OK)
		st = forum_leave(f, own, session_update(f, &s));
	session_clear(&s);
	return st;
}

enum status
session_log_close(struct forum *f, int64_t id)
{
	struct session s;
	enum status st;
	int64_t now = clock_now_ms();
	bool own;

	if ((st = session_get(f, id, &s)) != ST_OK)
		return st;
	if (s.started == 0)
		s.started = now;
	s.ended = now;
	s.state = SESSION_CLOSED;
	if ((st = forum_enter(f, N_("close the session"), &own)) == ST_OK)
		st = forum_leave(f, own, session_update(f, &s));
	session_clear(&s);
	return st;
}

enum status
session_summary_get(struct forum *f, int64_t track_id, int64_t session_id,
    struct session_summary *out)
{
	sqlite3_stmt *st = forum_stmt(f, "SELECT status, COUNT(*), "
	    "TOTAL(votes_for), TOTAL(votes_against), TOTAL(votes_abstain), "
	    "TOTAL(votes_for + votes_against + votes_abstain > 0) "
	    "FROM proposal WHERE deleted = 0 AND (?1 = 0 OR track_id = ?1) "
	    "AND (?2 = 0 OR session_id = ?2) GROUP BY status");
	int rc, k;

	memset(out, 0, sizeof *out);
	if (st == NULL)
		return ST_DB;
	sqlite3_bind_int64(st, 1, track_id);
	sqlite3_bind_int64(st, 2, session_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t n = sqlite3_column_int64(st, 1);

		/* The file may come from elsewhere: count known codes only
		 * by status, every proposal in the total. */
		k = sqlite3_column_int(st, 0);
		if (sqlite3_column_type(st, 0) == SQLITE_INTEGER && k >= 0 &&
		    k <= PROPOSAL_MERGED)
			out->by_status[k] += n;
		out->total += n;
		out->votes_for += (int64_t)sqlite3_column_double(st, 2);
		out->votes_against += (int64_t)sqlite3_column_double(st, 3);
		out->votes_abstain += (int64_t)sqlite3_column_double(st, 4);
		out->voted += (int64_t)sqlite3_column_double(st, 5);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return forum_sqlerr(f, rc, _("summarise the session"));
	return ST_OK;
}

enum status
author_list(struct forum *f, size_t limit, struct author **out, size_t *n)
{
	sqlite3_stmt *st = forum_stmt(f, "SELECT author, organisation, "
	    "COUNT(*) FROM proposal WHERE deleted = 0 AND author <> '' "
	    "GROUP BY author, organisation ORDER BY MAX(updated) DESC, author "
	    "LIMIT ?");
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return ST_DB;
	sqlite3_bind_int64(st, 1, limit > 0 ? (int64_t)limit : -1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct author *a;

		*out = xreallocarray(*out, *n + 1, sizeof **out);
		a = &(*out)[(*n)++];
		a->name = col_dup(st, 0);
		a->organisation = col_dup(st, 1);
		a->count = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		author_free(*out, *n);
		*out = NULL;
		*n = 0;
		return forum_sqlerr(f, rc, _("read the authors"));
	}
	return ST_OK;
}

void
author_free(struct author *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].organisation);
	}
	free(v);
}
