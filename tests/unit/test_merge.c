/*
 * test_merge.c: copies and merging (model/merge.c) on real files: the copy
 * itself, idempotence, order independence (canonical dumps compared),
 * tombstones, conflicts, addressee unification, references translated
 * through UUIDs, another forum refused or imported, an older copy, the
 * interrupted merge (a child killed inside the transaction leaves the
 * master byte for byte as it was), and undoing and redoing a merge.
 *
 * Every test works in a scratch directory of its own, under $T when the
 * runner sets it, else under /tmp; files are read back with plain sqlite3
 * where the model could hide something.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "../../model/forum.h"
#include "../../model/merge.h"
#include "../../model/records.h"
#include "../../model/resolution.h"
#include "../../model/search.h"
#include "../../model/status.h"
#include "../../model/util.h"

/* ---- scratch directory ---- */

struct scratch {
	char *dir;
	char **paths;
	size_t npaths;
};

static int
scratch_setup(void **state)
{
	const char *base = getenv("T");
	struct scratch *s = xcalloc(1, sizeof *s);

	s->dir = xasprintf("%s/merge-XXXXXX", base && *base ? base : "/tmp");
	if (mkdtemp(s->dir) == NULL) {
		perror(s->dir);
		free(s->dir);
		free(s);
		return -1;
	}
	/* A clock that moves on at every reading: each write is newer
	 * than the one before, whichever file it goes to. */
	setenv("AGORA_NOW", "2018-01-30T12:00:00", 1);
	*state = s;
	return 0;
}

static void
rm_rf(const char *path)
{
	struct stat sb;
	struct dirent *e;
	DIR *d;

	if (lstat(path, &sb) != 0)
		return;
	if (!S_ISDIR(sb.st_mode)) {
		unlink(path);
		return;
	}
	if ((d = opendir(path)) != NULL) {
		while ((e = readdir(d)) != NULL) {
			char *p;

			if (strcmp(e->d_name, ".") == 0 ||
			    strcmp(e->d_name, "..") == 0)
				continue;
			p = xasprintf("%s/%s", path, e->d_name);
			rm_rf(p);
			free(p);
		}
		closedir(d);
	}
	rmdir(path);
}

static int
scratch_teardown(void **state)
{
	struct scratch *s = *state;
	size_t i;

	unsetenv("AGORA_NOW");
	rm_rf(s->dir);
	for (i = 0; i < s->npaths; i++)
		free(s->paths[i]);
	free(s->paths);
	free(s->dir);
	free(s);
	return 0;
}

static const char *
tpath(void **state, const char *name)
{
	struct scratch *s = *state;
	char *p = xasprintf("%s/%s", s->dir, name);

	s->paths = xreallocarray(s->paths, s->npaths + 1, sizeof *s->paths);
	s->paths[s->npaths++] = p;
	return p;
}

/* ---- helpers ---- */

#define assert_ok(f, expr)                                                 \
	do {                                                               \
		enum status st_ = (expr);                                  \
		if (st_ != ST_OK)                                          \
			fail_msg("%s: %s (%s)", #expr, status_text(st_),   \
			    forum_error(f));                               \
	} while (0)

static bool
contains(const char *haystack, const char *needle)
{
	return haystack != NULL && strstr(haystack, needle) != NULL;
}

static struct forum *
open_forum(const char *path)
{
	struct forum *f = NULL;
	char *err = NULL;
	enum status st = forum_open(path, 0, &f, &err);

	if (st != ST_OK)
		fail_msg("forum_open(%s): %s (%s)", path, status_text(st),
		    err ? err : "");
	return f;
}

static int64_t
add_track(struct forum *f, const char *label)
{
	struct track t = {
		.label = (char *)label,
		.title = (char *)label,
		.moderator = (char *)"",
	};

	assert_ok(f, track_insert(f, &t));
	return t.rec.id;
}

static int64_t
add_session(struct forum *f, int64_t track, const char *title)
{
	struct session s = {
		.track_id = track,
		.title = (char *)title,
		.date = (char *)"",
		.time = (char *)"",
		.room = (char *)"",
	};

	assert_ok(f, session_insert(f, &s));
	return s.rec.id;
}

static int64_t
add_addressee(struct forum *f, const char *label, const char *heading)
{
	struct addressee a = {
		.label = (char *)label,
		.heading = (char *)heading,
	};

	assert_ok(f, addressee_insert(f, &a));
	return a.rec.id;
}

static int64_t
add_proposal(struct forum *f, int64_t track, int64_t session,
    const char *text, int64_t addressee)
{
	struct proposal p = {
		.track_id = track,
		.session_id = session,
		.text = (char *)text,
		.author = (char *)"",
		.organisation = (char *)"",
		.note = (char *)"",
		.status = PROPOSAL_ACCEPTED,
	};

	assert_ok(f, proposal_insert(f, &p));
	if (addressee > 0)
		assert_ok(f, proposal_tag(f, p.rec.id, addressee));
	return p.rec.id;
}

/* The id of a record by UUID (0 if none). */
static int64_t
id_of(struct forum *f, const char *table, const char *uuid)
{
	char *sql = xasprintf("SELECT id FROM %s WHERE uuid = ?", table);
	sqlite3_stmt *st;
	int64_t id = 0;

	assert_int_equal(sqlite3_prepare_v2(forum_db(f), sql, -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	free(sql);
	return id;
}

/* The UUID of proposal id (into out). */
static void
uuid_of(struct forum *f, int64_t id, char out[37])
{
	struct proposal p;

	assert_ok(f, proposal_get(f, id, &p));
	memcpy(out, p.rec.uuid, 37);
	proposal_clear(&p);
}

static void
set_text(struct forum *f, int64_t id, const char *text)
{
	struct proposal p;

	assert_ok(f, proposal_get(f, id, &p));
	free(p.text);
	p.text = xstrdup(text);
	assert_ok(f, proposal_update(f, &p));
	proposal_clear(&p);
}

static void
set_status(struct forum *f, int64_t id, int status)
{
	struct proposal p;

	assert_ok(f, proposal_get(f, id, &p));
	p.status = status;
	assert_ok(f, proposal_update(f, &p));
	proposal_clear(&p);
}

/* One integer from SQL on a plain connection to path. */
static int64_t
raw_int(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int64_t v = -1;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY,
	    NULL), SQLITE_OK);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

/* The text of the first row of SQL on path ("" if none).  Caller frees. */
static char *
raw_text(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	char *v;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY,
	    NULL), SQLITE_OK);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	v = xstrdup(sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_text(st, 0) ? (const char *)sqlite3_column_text(st,
	    0) : "");
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static void
raw_exec(const char *path, const char *sql)
{
	sqlite3 *db;
	char *err = NULL;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err);
	sqlite3_close(db);
}

/*
 * The file's whole content once its WAL is checkpointed into it: what a
 * byte-for-byte comparison compares.  Caller frees; *n its length.
 */
static char *
file_bytes(const char *path, size_t *n)
{
	struct stat sb;
	FILE *fp;
	char *b;

	raw_exec(path, "PRAGMA wal_checkpoint(TRUNCATE)");
	assert_int_equal(stat(path, &sb), 0);
	b = xmalloc((size_t)sb.st_size + 1);
	assert_non_null(fp = fopen(path, "rb"));
	*n = fread(b, 1, (size_t)sb.st_size, fp);
	fclose(fp);
	assert_int_equal(*n, (size_t)sb.st_size);
	return b;
}

static void
assert_same_bytes(const char *path, const char *want, size_t nwant)
{
	size_t n;
	char *got = file_bytes(path, &n);

	if (n != nwant || memcmp(got, want, n) != 0)
		fail_msg("%s changed (%zu bytes, was %zu)", path, n, nwant);
	free(got);
}

static void
copy_file(const char *from, const char *to)
{
	size_t n;
	char *b = file_bytes(from, &n);
	FILE *fp = fopen(to, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(b, 1, n, fp), n);
	assert_int_equal(fclose(fp), 0);
	free(b);
}

/* The rows of queries[0..n-1] on path, "|" between the columns, a line
 * each.  Caller frees. */
static char *
dump_queries(const char *path, const char *const *queries, size_t n)
{
	struct buf b = { 0 };
	sqlite3 *db;
	sqlite3_stmt *st;
	size_t q;
	int i;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY,
	    NULL), SQLITE_OK);
	for (q = 0; q < n; q++) {
		if (sqlite3_prepare_v2(db, queries[q], -1, &st, NULL) !=
		    SQLITE_OK)
			fail_msg("%s", sqlite3_errmsg(db));
		while (sqlite3_step(st) == SQLITE_ROW) {
			for (i = 0; i < sqlite3_column_count(st); i++) {
				const unsigned char *t =
				    sqlite3_column_text(st, i);

				buf_printf(&b, "%s%s", i ? "|" : "",
				    t ? (const char *)t : "NULL");
			}
			buf_addc(&b, '\n');
		}
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	buf_adds(&b, "");
	return buf_steal(&b);
}

/*
 * A canonical dump: every record with its references given as UUIDs,
 * sorted, local ids left out.  Addressees are named by heading (an
 * addressee unified from two copies keeps the UUID of the first merged)
 * and links by proposal and heading.  Caller frees.
 */
static char *
dump(const char *path)
{
	static const char *const queries[] = {
		"SELECT 'forum', uuid, updated, copy, deleted, title, "
		"resolution_title, city, start_date, end_date, doc_date, "
		"participants_intro, themes_intro, lead_in, final FROM forum "
		"ORDER BY uuid",
		"SELECT 'paragraph', uuid, created, updated, copy, deleted, "
		"part, pos, text FROM paragraph ORDER BY uuid",
		"SELECT 'group', uuid, created, updated, copy, deleted, pos, "
		"text FROM participant_group ORDER BY uuid",
		"SELECT 'track', uuid, created, updated, copy, deleted, pos, "
		"title, label, moderator FROM track ORDER BY uuid",
		"SELECT 'session', s.uuid, s.created, s.updated, s.copy, "
		"s.deleted, t.uuid, s.pos, s.title, s.date, s.time, s.room, "
		"s.state FROM session s JOIN track t ON t.id = s.track_id "
		"ORDER BY s.uuid",
		"SELECT 'addressee', heading, updated, copy, deleted, pos, "
		"label, recommend FROM addressee ORDER BY heading, updated",
		"SELECT 'proposal', p.uuid, p.created, p.updated, p.copy, "
		"p.deleted, t.uuid, s.uuid, p.text, p.author, p.organisation, "
		"p.status, m.uuid, p.votes_for, p.votes_against, "
		"p.votes_abstain, p.note FROM proposal p JOIN track t ON "
		"t.id = p.track_id LEFT JOIN session s ON s.id = p.session_id "
		"LEFT JOIN proposal m ON m.id = p.merged_into ORDER BY p.uuid",
		"SELECT 'link', p.uuid, a.heading, l.updated, l.copy, "
		"l.deleted, l.pos FROM proposal_addressee l JOIN proposal p ON "
		"p.id = l.proposal_id JOIN addressee a ON a.id = "
		"l.addressee_id ORDER BY p.uuid, a.heading",
		"SELECT 'revision', p.uuid, r.uuid, r.time, r.copy, r.text "
		"FROM revision r LEFT JOIN proposal p ON p.id = r.proposal_id "
		"ORDER BY r.uuid",
	};

	return dump_queries(path, queries, sizeof queries / sizeof queries[0]);
}

/*
 * The records as dump() gives them, less what an undo or redo changes
 * besides: the stamps (updated, copy), which it sets on the rows it
 * touches, and the revisions, which outlive it.  Caller frees.
 */
static char *
dump_unstamped(const char *path)
{
	static const char *const queries[] = {
		"SELECT 'forum', uuid, deleted, title, resolution_title, city, "
		"start_date, end_date, doc_date, participants_intro, "
		"themes_intro, lead_in, final FROM forum ORDER BY uuid",
		"SELECT 'paragraph', uuid, created, deleted, part, pos, text "
		"FROM paragraph ORDER BY uuid",
		"SELECT 'group', uuid, created, deleted, pos, text FROM "
		"participant_group ORDER BY uuid",
		"SELECT 'track', uuid, created, deleted, pos, title, label, "
		"moderator FROM track ORDER BY uuid",
		"SELECT 'session', s.uuid, s.created, s.deleted, t.uuid, "
		"s.pos, s.title, s.date, s.time, s.room, s.state FROM session "
		"s JOIN track t ON t.id = s.track_id ORDER BY s.uuid",
		"SELECT 'addressee', uuid, heading, created, deleted, pos, "
		"label, recommend FROM addressee ORDER BY uuid",
		"SELECT 'proposal', p.uuid, p.created, p.deleted, t.uuid, "
		"s.uuid, p.text, p.author, p.organisation, p.status, m.uuid, "
		"p.votes_for, p.votes_against, p.votes_abstain, p.note FROM "
		"proposal p JOIN track t ON t.id = p.track_id LEFT JOIN "
		"session s ON s.id = p.session_id LEFT JOIN proposal m ON "
		"m.id = p.merged_into ORDER BY p.uuid",
		"SELECT 'link', l.uuid, p.uuid, a.uuid, l.created, l.deleted, "
		"l.pos FROM proposal_addressee l JOIN proposal p ON p.id = "
		"l.proposal_id JOIN addressee a ON a.id = l.addressee_id "
		"ORDER BY l.uuid",
	};

	return dump_queries(path, queries, sizeof queries / sizeof queries[0]);
}

static void
assert_same_dump(const char *a, const char *b)
{
	char *da = dump(a), *db = dump(b);

	if (strcmp(da, db) != 0) {
		const char *p = da, *q = db;

		/* The first line that differs. */
		while (*p && *p == *q) {
			p++;
			q++;
		}
		while (p > da && p[-1] != '\n') {
			p--;
			q--;
		}
		fail_msg("%s and %s differ:\n  %.300s\nvs\n  %.300s", a, b, p,
		    q);
	}
	free(da);
	free(db);
}

/*
 * The master of most tests: two tracks (a session each), three addressees,
 * four accepted proposals P1..P4 tagged to the first addressee.  ids[]
 * receives track1, track2, session1, session2, addr1..3, P1..P4.
 */
enum { T1, T2, S1, S2, A1, A2, A3, P1, P2, P3, P4, NIDS };

static void
make_master(const char *path, int64_t ids[NIDS])
{
	struct forum_info fi = {
		.title = (char *)"Форум",
		.resolution_title = (char *)"Резолюция Форума.",
		.city = (char *)"г. Тест",
		.start_date = (char *)"",
		.end_date = (char *)"",
		.doc_date = (char *)"2018-01-30",
		.participants_intro = (char *)"Участники:",
		.themes_intro = (char *)"Темы:",
		.lead_in = (char *)"Предложения:",
	};
	struct forum *f = NULL;
	char *err = NULL;
	int64_t p1;

	assert_int_equal(forum_open(path, FORUM_CREATE, &f, &err), ST_OK);
	assert_ok(f, forum_begin(f, NULL));
	assert_ok(f, forum_info_set(f, &fi));
	assert_ok(f, paragraph_insert(f, PARA_OPENING, "Вступление.", NULL));
	assert_ok(f, group_insert(f, "Участники НКО", NULL));
	ids[T1] = add_track(f, "Эко");
	ids[T2] = add_track(f, "Соц");
	ids[S1] = add_session(f, ids[T1], "Сессия 1");
	ids[S2] = add_session(f, ids[T2], "Сессия 1");
	ids[A1] = add_addressee(f, "Прав", "Правительству края");
	ids[A2] = add_addressee(f, "ОМСУ", "Органам местного самоуправления");
	ids[A3] = add_addressee(f, "СМИ", "Средствам массовой информации");
	p1 = add_proposal(f, ids[T1], ids[S1], "Посадить деревья.", ids[A1]);
	ids[P1] = p1;
	ids[P2] = add_proposal(f, ids[T1], ids[S1], "Очистить реки.", ids[A1]);
	ids[P3] = add_proposal(f, ids[T2], ids[S2], "Открыть школы.", ids[A1]);
	ids[P4] = add_proposal(f, ids[T2], 0, "Построить больницы.", ids[A1]);
	assert_ok(f, forum_commit(f));
	forum_close(f);
}

static void
take_copy(const char *master, const char *out, const char *track)
{
	struct forum *f = open_forum(master);

	assert_ok(f, merge_copy_write(f, out, track));
	forum_close(f);
}

/*
 * Merges copy into master in an action of its own; returns the status and,
 * if report is not NULL, the report (caller frees).  *changed tells whether
 * anything changed (if not NULL).
 */
static enum status
merge(const char *master, const char *copy, bool import, char **report,
    bool *changed, size_t *nconflicts)
{
	struct merge_opts o = { .import = import };
	struct merge_result r;
	struct forum *f = open_forum(master);
	enum status st = merge_run(f, &copy, 1, &o, &r);

	if (report != NULL)
		*report = xstrdup(st == ST_OK ? r.report : forum_error(f));
	if (changed != NULL)
		*changed = st == ST_OK && r.changed;
	if (nconflicts != NULL)
		*nconflicts = st == ST_OK ? r.nconflicts : 0;
	if (st == ST_OK)
		merge_result_free(&r);
	forum_close(f);
	return st;
}

static void
merge_ok(const char *master, const char *copy)
{
	char *report;

	if (merge(master, copy, false, &report, NULL, NULL) != ST_OK)
		fail_msg("merge %s into %s: %s", copy, master, report);
	free(report);
}

/* ---- the tests ---- */

/* The copy: a snapshot with a new copy id, no undo log, the track noted,
 * in rollback mode, and never over an existing file. */
static void
test_copy(void **state)
{
	const char *m = tpath(state, "master.agora");
	const char *c = tpath(state, "copy.agora");
	int64_t ids[NIDS];
	struct forum *f;
	char *mid, *cid, *fu, *cu, *track;
	struct track t;

	make_master(m, ids);
	f = open_forum(m);
	/* Something in the master's undo log. */
	set_text(f, ids[P1], "Посадить деревья во дворах.");
	assert_ok(f, track_get(f, ids[T2], &t));
	assert_ok(f, merge_copy_write(f, c, t.rec.uuid));
	assert_int_equal(merge_copy_write(f, c, NULL), ST_EXISTS);
	assert_true(contains(forum_error(f), "exists already"));
	forum_close(f);

	mid = raw_text(m, "SELECT value FROM meta WHERE key = 'copy_id'");
	cid = raw_text(c, "SELECT value FROM meta WHERE key = 'copy_id'");
	assert_int_equal(strlen(cid), 36);
	assert_string_not_equal(mid, cid);
	fu = raw_text(m, "SELECT uuid FROM forum");
	cu = raw_text(c, "SELECT uuid FROM forum");
	assert_string_equal(fu, cu);
	track = raw_text(c, "SELECT value FROM meta WHERE key = 'track'");
	assert_string_equal(track, t.rec.uuid);
	assert_true(raw_int(m, "SELECT count(*) FROM undo_action") > 0);
	assert_int_equal(raw_int(c, "SELECT count(*) FROM undo_action"), 0);
	assert_int_equal(raw_int(c, "SELECT count(*) FROM proposal"), 4);
	assert_int_equal(raw_int(c, "SELECT count(*) FROM proposal WHERE "
	    "text = 'Посадить деревья во дворах.'"), 1);
	free(track);
	track = raw_text(c, "PRAGMA journal_mode");
	assert_string_equal(track, "delete");
	free(track);
	track = raw_text(c, "PRAGMA integrity_check");
	assert_string_equal(track, "ok");
	/* The copy writes under its own id. */
	f = open_forum(c);
	assert_string_equal(forum_copy_id(f), cid);
	forum_close(f);
	free(mid);
	free(cid);
	free(fu);
	free(cu);
	free(track);
	track_clear(&t);
}

/* A second merge of the same copy changes nothing, not a byte. */
static void
test_idempotent(void **state)
{
	const char *m = tpath(state, "master.agora");
	const char *c = tpath(state, "copy.agora");
	int64_t ids[NIDS], s, a, p;
	struct forum *f;
	char *report, *before;
	bool changed;
	size_t n;

	make_master(m, ids);
	take_copy(m, c, NULL);
	f = open_forum(c);
	s = add_session(f, ids[T1], "Сессия 2");
	a = add_addressee(f, "Минздрав", "Министерству здравоохранения края");
	p = add_proposal(f, ids[T1], s, "Новое предложение.", a);
	assert_ok(f, proposal_tag(f, p, ids[A2]));
	set_text(f, ids[P1], "Посадить деревья в парках.");
	assert_ok(f, proposal_delete(f, ids[P2]));
	set_status(f, ids[P3], PROPOSAL_REJECTED);
	forum_close(f);

	assert_int_equal(merge(m, c, false, &report, &changed, NULL), ST_OK);
	assert_true(changed);
	assert_true(contains(report, "proposals"));
	free(report);
	before = file_bytes(m, &n);
	assert_int_equal(merge(m, c, false, &report, &changed, NULL), ST_OK);
	assert_false(changed);
	assert_true(contains(report, "Nothing new"));
	free(report);
	assert_same_bytes(m, before, n);
	free(before);
	/* The copy's edits are in. */
	assert_int_equal(raw_int(m, "SELECT count(*) FROM proposal WHERE "
	    "text = 'Новое предложение.' AND deleted = 0"), 1);
	assert_int_equal(raw_int(m, "SELECT count(*) FROM proposal WHERE "
	    "text = 'Посадить деревья в парках.'"), 1);
	assert_int_equal(raw_int(m, "SELECT deleted FROM proposal WHERE "
	    "text = 'Очистить реки.'"), 1);
	assert_int_equal(raw_int(m, "SELECT count(*) FROM proposal_addressee "
	    "WHERE deleted = 0"), 5);
	assert_int_equal(raw_int(m, "SELECT count(*) FROM merge_report"), 1);
	/* One undoable action. */
	assert_int_equal(raw_int(m, "SELECT count(*) FROM undo_action WHERE "
	    "label LIKE 'merge %'"), 1);
	f = open_forum(m);
	assert_ok(f, forum_undo(f, NULL));
	forum_close(f);
	assert_int_equal(raw_int(m, "SELECT count(*) FROM proposal WHERE "
	    "text = 'Новое предложение.'"), 0);
	assert_int_equal(raw_int(m, "SELECT deleted FROM proposal WHERE "
	    "text = 'Очистить реки.'"), 0);
}

/* Two copies merged in either order give the same file (canonically). */
static void
test_order_independent(void **state)
{
	const char *m1 = tpath(state, "m1.agora");
	const char *m2 = tpath(state, "m2.agora");
	const char *ca = tpath(state, "a.agora");
	const char *cb = tpath(state, "b.agora");
	int64_t ids[NIDS], s, a;
	struct forum *f;

	make_master(m1, ids);
	take_copy(m1, ca, NULL);
	take_copy(m1, cb, NULL);
	copy_file(m1, m2);

	f = open_forum(ca);
	s = add_session(f, ids[T1], "Сессия А");
	add_proposal(f, ids[T1], s, "Предложение А1.", ids[A2]);
	add_proposal(f, ids[T1], 0, "Предложение А2.", ids[A3]);
	set_text(f, ids[P1], "Посадить деревья вдоль дорог.");
	set_status(f, ids[P4], PROPOSAL_REJECTED);
	a = add_addressee(f, "Минздрав", "Министерству здравоохранения края");
	add_proposal(f, ids[T1], s, "Предложение А3.", a);
	forum_close(f);

	f = open_forum(cb);
	add_proposal(f, ids[T2], ids[S2], "Предложение Б1.", ids[A1]);
	assert_ok(f, proposal_delete(f, ids[P2]));
	assert_ok(f, proposal_tag(f, ids[P3], ids[A3]));
	/* The same record edited in both (not its text): the newer wins. */
	set_status(f, ids[P4], PROPOSAL_NEW);
	a = add_addressee(f, "МЗ", "министерству  здравоохранения   края");
	add_proposal(f, ids[T2], 0, "Предложение Б2.", a);
	forum_close(f);

	merge_ok(m1, ca);
	merge_ok(m1, cb);
	merge_ok(m2, cb);
	merge_ok(m2, ca);
	assert_same_dump(m1, m2);
	assert_int_equal(raw_int(m1, "SELECT status FROM proposal WHERE "
	    "text = 'Построить больницы.'"), PROPOSAL_NEW);
	/* Merging either again changes neither. */
	merge_ok(m1, ca);
	merge_ok(m2, cb);
	assert_same_dump(m1, m2);
}

/* Deleted in the copy: deleted in the master.  Deleted in the master: an
 * older copy does not bring it back; an edit since is reported. */
static void
test_tombstones(void **state)
{
	const char *m = tpath(state, "master.agora");
	const char *c = tpath(state, "copy.agora");
	const char *old = tpath(state, "old.agora");
	int64_t ids[NIDS];
	struct forum *f;
	char *report;
	size_t nconf;

	make_master(m, ids);
	take_copy(m, c, NULL);
	take_copy(m, old, NULL);

	f = open_forum(c);
	assert_ok(f, proposal_delete(f, ids[P1]));
	forum_close(f);
	merge_ok(m, c);
	assert_int_equal(raw_int(m, "SELECT deleted FROM proposal WHERE "
	    "text = 'Посадить деревья.'"), 1);
	assert_int_equal(raw_int(m, "SELECT count(*) FROM proposal_addressee "
	    "l JOIN proposal p ON p.id = l.proposal_id WHERE p.text = "
	    "'Посадить деревья.' AND l.deleted = 0"), 0);

	/* Deleted in the master; the old copy has it alive. */
	f = open_forum(m);
	assert_ok(f, proposal_delete(f, ids[P2]));
	forum_close(f);
	f = open_forum(old);
	/* ...and edits it since: reported, still deleted. */
	set_text(f, ids[P3], "Открыть школы в сёлах.");
	forum_close(f);
	f = open_forum(m);
	assert_ok(f, proposal_delete(f, ids[P3]));
	assert_ok(f, proposal_delete(f, ids[P4]));
	forum_close(f);
	/* A newer edit in the copy wins, but not over the tombstone. */
	f = open_forum(old);
	set_status(f, ids[P4], PROPOSAL_REJECTED);
	forum_close(f);
	assert_int_equal(merge(m, old, false, &report, NULL, &nconf), ST_OK);
	assert_int_equal(raw_int(m, "SELECT deleted FROM proposal WHERE "
	    "text = 'Построить больницы.'"), 1);
	assert_int_equal(raw_int(m, "SELECT status FROM proposal WHERE "
	    "text = 'Построить больницы.'"), PROPOSAL_REJECTED);
	assert_int_equal(raw_int(m, "SELECT deleted FROM proposal WHERE "
	    "text = 'Очистить реки.'"), 1);
	assert_int_equal(raw_int(m, "SELECT deleted FROM proposal WHERE "
	    "text = 'Открыть школы.'"), 1);
	assert_int_equal(raw_int(m, "SELECT deleted FROM proposal WHERE "
	    "text = 'Посадить деревья.'"), 1);
	assert_int_equal(nconf, 1);
	assert_true(contains(report, "stays deleted"));
	assert_true(contains(report, "Открыть школы в сёлах."));
	free(report);
	/* The edit is in the history all the same. */
	assert_int_equal(raw_int(m, "SELECT count(*) FROM revision WHERE "
	    "text = 'Открыть школы в сёлах.'"), 1);
}

/* The same proposal edited in both: the newer edit wins, the other text is
 * in the history, the conflict is reported and kept in the file. */
static void
test_conflict(void **state)
{
	const char *m = tpath(state, "master.agora");
	const char *c = tpath(state, "copy.agora");
	int64_t ids[NIDS];
	struct forum *f;
	char *report, *kept, *u;
	size_t nconf;
	bool changed;

	make_master(m, ids);
	take_copy(m, c, NULL);
	/* P1: the master first, then the copy (newer).  P2: the copy first,
	 * then the master (newer).  P3: only the copy (no conflict). */
	f = open_forum(m);
	set_text(f, ids[P1], "Посадить деревья (мастер).");
	forum_close(f);
	f = open_forum(c);
	set_text(f, ids[P1], "Посадить деревья (копия).");
	set_text(f, ids[P2], "Очистить реки (копия).");
	set_text(f, ids[P3], "Открыть школы (копия).");
	forum_close(f);
	f = open_forum(m);
	set_text(f, ids[P2], "Очистить реки (мастер).");
	forum_close(f);

	assert_int_equal(merge(m, c, false, &report, &changed, &nconf), ST_OK);
	assert_true(changed);
	assert_int_equal(nconf, 2);
	assert_true(contains(report, "Conflicts: 2"));
	assert_true(contains(report, "Посадить деревья (мастер)."));
	assert_true(contains(report, "Посадить деревья (копия)."));
	assert_true(contains(report, "Очистить реки (мастер)."));
	assert_true(contains(report, "Очистить реки (копия)."));
	assert_false(contains(report, "Открыть школы (копия)."));
	free(report);

	f = open_forum(m);
	kept = NULL;
	{
		struct proposal p;

		assert_ok(f, proposal_get(f, ids[P1], &p));
		assert_string_equal(p.text, "Посадить деревья (копия).");
		proposal_clear(&p);
		assert_ok(f, proposal_get(f, ids[P2], &p));
		assert_string_equal(p.text, "Очистить реки (мастер).");
		proposal_clear(&p);
		assert_ok(f, proposal_get(f, ids[P3], &p));
		assert_string_equal(p.text, "Открыть школы (копия).");
		proposal_clear(&p);
	}
	forum_close(f);
	/* Both texts in each history. */
	u = xasprintf("SELECT count(*) FROM revision WHERE proposal_id = "
	    "%lld AND text IN ('Посадить деревья (мастер).', "
	    "'Посадить деревья (копия).')", (long long)ids[P1]);
	assert_int_equal(raw_int(m, u), 2);
	free(u);
	u = xasprintf("SELECT count(*) FROM revision WHERE proposal_id = "
	    "%lld AND text IN ('Очистить реки (мастер).', "
	    "'Очистить реки (копия).')", (long long)ids[P2]);
	assert_int_equal(raw_int(m, u), 2);
	free(u);
	/* The report is kept for the interface. */
	kept = raw_text(m, "SELECT text FROM merge_report");
	assert_true(contains(kept, "Посадить деревья (мастер)."));
	free(kept);
	u = raw_text(m, "SELECT source FROM merge_report");
	assert_true(contains(u, "copy.agora (copy "));
	free(u);
	/* Again: nothing new, no conflict. */
	assert_int_equal(merge(m, c, false, &report, &changed, &nconf), ST_OK);
	assert_false(changed);
	assert_int_equal(nconf, 0);
	free(report);
}

/* The same heading created in two copies: one addressee, links intact, one
 * section in the resolution. */
static void
test_unify(void **state)
{
	const char *m = tpath(state, "master.agora");
	const char *ca = tpath(state, "a.agora");
	const char *cb = tpath(state, "b.agora");
	int64_t ids[NIDS], a, aid;
	struct forum *f;
	struct resolution *r;
	char *report;
	size_t i, sections = 0, items = 0;

	make_master(m, ids);
	take_copy(m, ca, NULL);
	take_copy(m, cb, NULL);
	f = open_forum(ca);
	a = add_addressee(f, "Минздрав", "Министерству здравоохранения края");
	add_proposal(f, ids[T1], 0, "Построить поликлинику.", a);
	/* Both tag an old proposal too: one link in the end. */
	assert_ok(f, proposal_tag(f, ids[P4], a));
	forum_close(f);
	f = open_forum(cb);
	/* Case, ё and spaces do not make another addressee. */
	a = add_addressee(f, "МЗ", "  министерству здравоохранения  края ");
	add_proposal(f, ids[T2], 0, "Закупить скорые.", a);
	assert_ok(f, proposal_tag(f, ids[P4], a));
	forum_close(f);

	merge_ok(m, ca);
	assert_int_equal(merge(m, cb, false, &report, NULL, NULL), ST_OK);
	assert_true(contains(report, "Addressees unified"));
	free(report);
	assert_int_equal(raw_int(m, "SELECT count(*) FROM addressee WHERE "
	    "deleted = 0 AND label IN ('Минздрав', 'МЗ')"), 1);
	aid = raw_int(m, "SELECT id FROM addressee WHERE label IN "
	    "('Минздрав', 'МЗ')");
	f = open_forum(m);
	assert_int_equal(raw_int(m, "SELECT count(*) FROM proposal_addressee "
	    "WHERE deleted = 0 AND addressee_id = (SELECT id FROM addressee "
	    "WHERE label IN ('Минздрав', 'МЗ'))"), 3);
	assert_ok(f, resolution_assemble(f, &r));
	for (i = 0; i < r->nblocks; i++) {
		if (r->blocks[i].kind != BLOCK_SECTION ||
		    !contains(r->blocks[i].text, "здравоохранения"))
			continue;
		sections++;
		items = r->blocks[i].nitems;
		assert_int_equal(r->blocks[i].addressee_id, aid);
	}
	resolution_free(r);
	assert_int_equal(sections, 1);
	assert_int_equal(items, 3);

	/* The secretariat renames it; the copy merged again still maps
	 * there (where its links went), no second addressee. */
	{
		struct addressee ad;

		assert_ok(f, addressee_get(f, aid, &ad));
		free(ad.heading);
		ad.heading = xstrdup("Министерству здравоохранения "
		    "Красноярского края");
		assert_ok(f, addressee_update(f, &ad));
		addressee_clear(&ad);
	}
	forum_close(f);
	merge_ok(m, cb);
	merge_ok(m, ca);
	assert_int_equal(raw_int(m, "SELECT count(*) FROM addressee WHERE "
	    "deleted = 0"), 4);
}

/* References translated through UUIDs: a new track and session of the copy
 * used by its proposals; a proposal merged into a later one. */
static void
test_references(void **state)
{
	const char *m = tpath(state, "master.agora");
	const char *c = tpath(state, "copy.agora");
	int64_t ids[NIDS], t, s, x, y;
	struct forum *f;
	struct proposal p;
	char xu[37], yu[37], tu[37];
	struct track tr;

	make_master(m, ids);
	/* The master grows meanwhile, so that ids differ between files. */
	f = open_forum(m);
	add_track(f, "Мастер");
	add_proposal(f, ids[T1], 0, "Только в мастере.", 0);
	forum_close(f);
	take_copy(m, c, NULL);
	f = open_forum(m);
	add_track(f, "Мастер 2");
	add_session(f, ids[T1], "Сессия мастера");
	add_proposal(f, ids[T1], 0, "Ещё в мастере.", 0);
	forum_close(f);

	f = open_forum(c);
	t = add_track(f, "Новый");
	s = add_session(f, t, "Сессия нового");
	x = add_proposal(f, t, s, "Предложение Х.", 0);
	y = add_proposal(f, t, s, "Предложение Y.", ids[A2]);
	assert_ok(f, proposal_get(f, x, &p));
	p.status = PROPOSAL_MERGED;
	p.merged_into = y;
	assert_ok(f, proposal_update(f, &p));
	proposal_clear(&p);
	uuid_of(f, x, xu);
	uuid_of(f, y, yu);
	assert_ok(f, track_get(f, t, &tr));
	memcpy(tu, tr.rec.uuid, 37);
	track_clear(&tr);
	forum_close(f);

	merge_ok(m, c);
	f = open_forum(m);
	x = id_of(f, "proposal", xu);
	y = id_of(f, "proposal", yu);
	t = id_of(f, "track", tu);
	assert_true(x > 0 && y > 0 && t > 0);
	assert_ok(f, proposal_get(f, x, &p));
	assert_int_equal(p.merged_into, y);
	assert_int_equal(p.track_id, t);
	assert_true(p.session_id > 0);
	assert_int_equal(raw_int(m, "SELECT track_id FROM session WHERE "
	    "title = 'Сессия нового'"), t);
	assert_int_equal(raw_int(m, "SELECT count(*) FROM session WHERE "
	    "title = 'Сессия нового'"), 1);
	{
		char *sql = xasprintf("SELECT id FROM session WHERE title = "
		    "'Сессия нового'");

		assert_int_equal(raw_int(m, sql), p.session_id);
		free(sql);
	}
	proposal_clear(&p);
	forum_close(f);
	assert_int_equal(raw_int(m, "SELECT count(*) FROM proposal_addressee "
	    "l JOIN addressee a ON a.id = l.addressee_id JOIN proposal p ON "
	    "p.id = l.proposal_id WHERE a.label = 'ОМСУ' AND p.text = "
	    "'Предложение Y.'"), 1);
	assert_int_equal(raw_int(m, "PRAGMA foreign_key_check"), -1);
	merge_ok(m, c);
}

/* A copy of another forum: refused, or taken in with --import. */
static void
test_import(void **state)
{
	const char *m = tpath(state, "master.agora");
	const char *o = tpath(state, "other.agora");
	int64_t ids[NIDS], oids[NIDS];
	char *report, *before, *title;
	bool changed;
	size_t n;

	make_master(m, ids);
	make_master(o, oids);
	raw_exec(o, "UPDATE forum SET title = 'Другой форум'");
	before = file_bytes(m, &n);
	assert_int_equal(merge(m, o, false, &report, NULL, NULL), ST_INVALID);
	assert_true(contains(report, "copy of another forum («Другой "
	    "форум»)"));
	free(report);
	assert_same_bytes(m, before, n);
	free(before);

	assert_int_equal(merge(m, o, true, &report, &changed, NULL), ST_OK);
	assert_true(changed);
	assert_true(contains(report, "Imported"));
	free(report);
	title = raw_text(m, "SELECT title FROM forum");
	assert_string_equal(title, "Форум");
	free(title);
	assert_int_equal(raw_int(m, "SELECT count(*) FROM track"), 4);
	assert_int_equal(raw_int(m, "SELECT count(*) FROM proposal"), 8);
	assert_int_equal(raw_int(m, "SELECT count(*) FROM paragraph"), 1);
	/* The same headings: one addressee each. */
	assert_int_equal(raw_int(m, "SELECT count(*) FROM addressee"), 3);
	assert_int_equal(raw_int(m, "SELECT count(*) FROM proposal_addressee "
	    "WHERE addressee_id = 1"), 8);
	before = file_bytes(m, &n);
	assert_int_equal(merge(m, o, true, &report, &changed, NULL), ST_OK);
	assert_false(changed);
	free(report);
	assert_same_bytes(m, before, n);
	free(before);
}

/* A copy at an older schema version is read through its own columns. */
static void
test_older_copy(void **state)
{
	const char *m = tpath(state, "master.agora");
	const char *c = tpath(state, "v1.agora");
	int64_t ids[NIDS];
	char *err = NULL, *fu, *sql, *text;

	make_master(m, ids);
	assert_int_equal(forum_create_version(c, 1, &err), ST_OK);
	fu = raw_text(m, "SELECT uuid FROM forum");
	sql = xasprintf(
	    "INSERT INTO forum (id, uuid, created, updated, copy, title, "
	    "resolution_title) VALUES (1, '%s', 1, 1, "
	    "'00000000-0000-4000-8000-000000000001', 'Форум', 'Р.');"
	    "INSERT INTO track (uuid, created, updated, copy, pos, title, "
	    "label) VALUES ('00000000-0000-4000-8000-000000000002', 1, 1, "
	    "'00000000-0000-4000-8000-000000000001', 9, 'Старый', 'Старый');"
	    "INSERT INTO proposal (uuid, created, updated, copy, track_id, "
	    "text) VALUES ('00000000-0000-4000-8000-000000000003', 1, 1, "
	    "'00000000-0000-4000-8000-000000000001', 1, 'Из старой копии.');"
	    "PRAGMA journal_mode = DELETE;", fu);
	raw_exec(c, sql);
	free(sql);
	free(fu);
	merge_ok(m, c);
	assert_int_equal(raw_int(m, "SELECT count(*) FROM track WHERE "
	    "label = 'Старый'"), 1);
	/* A text without a revision gets one. */
	text = raw_text(m, "SELECT r.text FROM revision r JOIN proposal p ON "
	    "p.id = r.proposal_id WHERE p.uuid = "
	    "'00000000-0000-4000-8000-000000000003'");
	assert_string_equal(text, "Из старой копии.");
	free(text);
	/* Searchable like any other. */
	assert_int_equal(raw_int(m, "SELECT count(*) FROM proposal_search "
	    "WHERE rowid = (SELECT id FROM proposal WHERE text = "
	    "'Из старой копии.')"), 1);
}

/* Every table with UUIDs is one the merge knows (or merge_report, which
 * stays with its file): a new one must be taught to merge.c. */
static void
test_tables_known(void **state)
{
	static const char *const known[] = {
		"forum", "paragraph", "participant_group", "track", "session",
		"addressee", "proposal", "proposal_addressee", "revision",
		"merge_report",
	};
	const char *m = tpath(state, "master.agora");
	int64_t ids[NIDS];
	sqlite3 *db;
	sqlite3_stmt *st;
	size_t i;

	make_master(m, ids);
	assert_int_equal(sqlite3_open_v2(m, &db, SQLITE_OPEN_READONLY, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT m.name FROM "
	    "sqlite_schema m, pragma_table_info(m.name) c WHERE m.type = "
	    "'table' AND c.name = 'uuid'", -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);

		for (i = 0; i < sizeof known / sizeof known[0]; i++)
			if (strcmp(known[i], t) == 0)
				break;
		if (i == sizeof known / sizeof known[0])
			fail_msg("table %s has UUIDs but model/merge.c does "
			    "not merge it", t);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	for (i = 0; i < MERGE_NKINDS; i++)
		assert_string_not_equal(merge_kind_name((enum merge_kind)i),
		    "?");
}

/* A few hostile copies at the model's level (tests/e2e/hostile_copies.sh
 * has the rest): refused with the reason, the master untouched. */
static void
test_hostile(void **state)
{
	static const struct {
		const char *sql;
		const char *why;
	} cases[] = {
		{ "CREATE TRIGGER t AFTER INSERT ON meta BEGIN DELETE FROM "
		  "proposal; END", "unexpected trigger t on meta" },
		{ "DROP TABLE session; CREATE VIEW session AS SELECT * FROM "
		  "track", "session is a view, not a table" },
		{ "CREATE INDEX x ON proposal(text)", "unexpected index x" },
		{ "ALTER TABLE proposal ADD COLUMN evil TEXT",
		  "extra column evil" },
		{ "ALTER TABLE proposal DROP COLUMN note",
		  "has no column note" },
		{ "UPDATE proposal SET text = CAST(zeroblob(2000000) AS TEXT) "
		  "WHERE id = 1", "limit" },
		{ "UPDATE proposal SET votes_for = 'много' WHERE id = 1",
		  "not a whole number" },
		{ "PRAGMA foreign_keys = OFF; UPDATE proposal SET "
		  "track_id = 99 WHERE id = 1", "does not have" },
		{ "UPDATE proposal SET uuid = 'x' WHERE id = 1",
		  "no valid UUID" },
		{ "PRAGMA user_version = 99", "schema version 99" },
		{ "PRAGMA application_id = 7", "application_id" },
	};
	const char *m = tpath(state, "master.agora");
	const char *c = tpath(state, "copy.agora");
	int64_t ids[NIDS];
	char *before, *report;
	size_t n, i;

	make_master(m, ids);
	before = file_bytes(m, &n);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		unlink(c);
		take_copy(m, c, NULL);
		raw_exec(c, cases[i].sql);
		if (merge(m, c, false, &report, NULL, NULL) == ST_OK)
			fail_msg("merged a copy after %s", cases[i].sql);
		if (!contains(report, cases[i].why))
			fail_msg("after %s: \"%s\" lacks \"%s\"", cases[i].sql,
			    report, cases[i].why);
		free(report);
		assert_same_bytes(m, before, n);
	}
	free(before);
}

/* The progress hook of the child below: once well inside the merge, tells
 * the parent and waits to be killed. */
static void
hang(void *ctx, const char *path, int64_t done, int64_t total)
{
	int fd = *(int *)ctx;

	(void)path;
	if (done >= total / 2 && done < total) {
		if (write(fd, "x", 1) != 1)
			_exit(4);
		for (;;)
			pause();
	}
}

/* A merge killed in the middle leaves the master exactly as it was. */
static void
test_interrupted(void **state)
{
	const char *m = tpath(state, "master.agora");
	const char *c = tpath(state, "copy.agora");
	int64_t ids[NIDS];
	struct forum *f;
	struct pollfd pfd;
	char *before, *dump_before, *dump_after, *check, byte;
	size_t n;
	int fds[2], status, i;
	pid_t pid;

	make_master(m, ids);
	take_copy(m, c, NULL);
	f = open_forum(c);
	assert_ok(f, forum_begin(f, NULL));
	for (i = 0; i < 3000; i++) {
		char *t = xasprintf("Предложение номер %d из копии, с текстом "
		    "подлиннее.", i);

		add_proposal(f, ids[T1 + i % 2], 0, t, ids[A1 + i % 3]);
		free(t);
	}
	assert_ok(f, forum_commit(f));
	forum_close(f);
	/* And an edit in the master, so that the merge changes rows too. */
	f = open_forum(m);
	set_text(f, ids[P1], "Посадить деревья везде.");
	forum_close(f);

	before = file_bytes(m, &n);
	dump_before = dump(m);
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct merge_opts o = { .progress = hang, .ctx = &fds[1] };
		struct merge_result r;
		struct forum *g;
		char *err = NULL;

		close(fds[0]);
		if (forum_open(m, 0, &g, &err) != ST_OK)
			_exit(2);
		(void)merge_run(g, &c, 1, &o, &r);
		_exit(3); /* the hook never returns */
	}
	close(fds[1]);
	pfd.fd = fds[0];
	pfd.events = POLLIN;
	if (poll(&pfd, 1, 120000) != 1) {
		kill(pid, SIGKILL);
		fail_msg("the merge never got half way");
	}
	assert_int_equal(read(fds[0], &byte, 1), 1);
	/* Inside the transaction: rows written, nothing committed. */
	assert_int_equal(kill(pid, SIGKILL), 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	close(fds[0]);

	assert_same_bytes(m, before, n);
	check = raw_text(m, "PRAGMA integrity_check");
	assert_string_equal(check, "ok");
	free(check);
	dump_after = dump(m);
	assert_string_equal(dump_before, dump_after);
	free(dump_after);
	/* And the merge still goes through afterwards. */
	merge_ok(m, c);
	assert_int_equal(raw_int(m, "SELECT count(*) FROM proposal"), 3004);
	free(dump_before);
	free(before);
}

/* The search index of path, its stems and their counts.  Caller frees. */
static char *
index_state(const char *path)
{
	static const char *const queries[] = {
		"SELECT rowid, stems FROM proposal_search ORDER BY rowid",
		"SELECT stem, docs FROM search_stem ORDER BY stem",
	};

	return dump_queries(path, queries, sizeof queries / sizeof queries[0]);
}

/* The search index of path is what a rebuild makes: every live proposal
 * and no other, each stem counted right. */
static void
assert_index_exact(const char *path)
{
	char *kept = index_state(path), *rebuilt;
	struct forum *f = open_forum(path);

	assert_ok(f, search_reindex(f));
	forum_close(f);
	rebuilt = index_state(path);
	assert_string_equal(kept, rebuilt);
	free(kept);
	free(rebuilt);
}

static void
merge_into(struct forum *f, int64_t id, int64_t into)
{
	struct proposal p;

	assert_ok(f, proposal_get(f, id, &p));
	p.status = PROPOSAL_MERGED;
	p.merged_into = into;
	assert_ok(f, proposal_update(f, &p));
	proposal_clear(&p);
}

/*
 * Undo (or redo) on path by actor (NULL: the user, as in merge()): the
 * status; *unchanged tells whether the file stayed byte for byte as it
 * was, and a failure's message must contain why (if not NULL).
 */
static enum status
turn(const char *path, const char *actor, bool undo, bool *unchanged,
    const char *why)
{
	size_t n;
	char *before = file_bytes(path, &n);
	struct forum *f = open_forum(path);
	enum status st;

	if (actor != NULL)
		forum_set_actor(f, actor);
	st = undo ? forum_undo(f, NULL) : forum_redo(f, NULL);
	if (st != ST_OK && why != NULL && !contains(forum_error(f), why))
		fail_msg("%s: want \"%s\"", forum_error(f), why);
	forum_close(f);
	if (unchanged != NULL) {
		size_t m;
		char *after = file_bytes(path, &m);

		*unchanged = m == n && memcmp(before, after, n) == 0;
		free(after);
	}
	free(before);
	return st;
}

static void
assert_dump_is(const char *path, const char *want)
{
	char *got = dump_unstamped(path);

	assert_string_equal(got, want);
	free(got);
}

/*
 * A merge is one undoable action, kept in the undo log as the ranges of
 * rows it inserted (with a digest of them) and the changes to the rows
 * that were there before: undo takes the master back to what it was, but
 * for the stamps an undo sets, redo brings the merge back, and over and
 * again; an undo refuses, changing nothing, when another user changed the
 * rows since (their stamps alone do not count) or made records that
 * depend on them.  The search index follows every turn.
 */
static void
test_undo_redo(void **state)
{
	const char *m = tpath(state, "master.agora");
	const char *m2 = tpath(state, "m2.agora");
	const char *c = tpath(state, "copy.agora");
	int64_t ids[NIDS], s, a, p1, p2, mp1;
	char puuid[37], *before, *after, *sql;
	struct forum *f;
	bool same;

	make_master(m, ids);
	take_copy(m, c, NULL);
	f = open_forum(c);
	s = add_session(f, ids[T1], "Сессия 2");
	a = add_addressee(f, "Минздрав", "Министерству здравоохранения края");
	p1 = add_proposal(f, ids[T1], s, "Новое предложение о парках.", a);
	p2 = add_proposal(f, ids[T2], 0, "Ещё одно новое предложение.",
	    ids[A2]);
	/* A new proposal merged into a new one, an old one into a new one,
	 * an old proposal tagged to a new addressee. */
	merge_into(f, p2, p1);
	merge_into(f, ids[P4], p1);
	assert_ok(f, proposal_tag(f, ids[P3], a));
	set_text(f, ids[P1], "Посадить деревья в парках.");
	assert_ok(f, proposal_delete(f, ids[P2]));
	uuid_of(f, p1, puuid);
	forum_close(f);
	copy_file(m, m2);

	before = dump_unstamped(m);
	merge_ok(m, c);
	after = dump_unstamped(m);
	assert_true(strcmp(before, after) != 0);
	/* One entry in the log, and a small one: the ranges, not the rows. */
	assert_int_equal(raw_int(m, "SELECT count(*) FROM undo_action WHERE "
	    "label LIKE 'merge %' AND substr(changes, 1, 12) = "
	    "CAST('agora bulk u' AS BLOB)"), 1);
	f = open_forum(m);
	mp1 = id_of(f, "proposal", puuid);
	forum_close(f);
	assert_true(mp1 > 0);

	/* Another user edits a proposal the merge brought: no undo. */
	f = open_forum(m);
	forum_set_actor(f, "other");
	set_text(f, mp1, "Новое предложение о скверах.");
	forum_close(f);
	assert_int_equal(turn(m, NULL, true, &same, "changed since"),
	    ST_CONFLICT);
	assert_true(same);
	/* They take it back: the row differs by its stamps only. */
	assert_int_equal(turn(m, "other", true, NULL, NULL), ST_OK);
	assert_int_equal(turn(m, NULL, true, NULL, NULL), ST_OK);
	assert_dump_is(m, before);
	assert_index_exact(m);
	/* Redo and undo, twice over (by the changesets of the turns). */
	assert_int_equal(turn(m, NULL, false, NULL, NULL), ST_OK);
	assert_dump_is(m, after);
	assert_index_exact(m);
	assert_int_equal(turn(m, NULL, true, NULL, NULL), ST_OK);
	assert_dump_is(m, before);
	assert_int_equal(turn(m, NULL, false, NULL, NULL), ST_OK);
	assert_dump_is(m, after);
	assert_index_exact(m);

	/* A record made since that refers to a merged row: no undo. */
	merge_ok(m2, c);
	f = open_forum(m2);
	forum_set_actor(f, "other");
	mp1 = id_of(f, "proposal", puuid);
	assert_ok(f, proposal_tag(f, mp1, ids[A3]));
	forum_close(f);
	assert_int_equal(turn(m2, NULL, true, &same, "depend on it"),
	    ST_CONFLICT);
	assert_true(same);
	assert_int_equal(turn(m2, "other", true, NULL, NULL), ST_OK);
	/* A change behind agora's back, not of the stamps: no undo; the
	 * stamps alone: the undo goes through. */
	sql = xasprintf("UPDATE proposal SET note = 'x' WHERE uuid = '%s'",
	    puuid);
	raw_exec(m2, sql);
	free(sql);
	assert_int_equal(turn(m2, NULL, true, &same, "changed since"),
	    ST_CONFLICT);
	assert_true(same);
	sql = xasprintf("UPDATE proposal SET note = '', updated = updated + 1, "
	    "copy = '00000000-0000-4000-8000-000000000000' WHERE uuid = '%s'",
	    puuid);
	raw_exec(m2, sql);
	free(sql);
	assert_int_equal(turn(m2, NULL, true, NULL, NULL), ST_OK);
	assert_dump_is(m2, before);
	assert_index_exact(m2);
	assert_int_equal(raw_int(m2, "PRAGMA foreign_key_check"), -1);
	free(before);
	free(after);
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, scratch_setup,       \
	scratch_teardown)
	const struct CMUnitTest tests[] = {
		T(test_copy),
		T(test_idempotent),
		T(test_order_independent),
		T(test_tombstones),
		T(test_conflict),
		T(test_unify),
		T(test_references),
		T(test_import),
		T(test_older_copy),
		T(test_tables_known),
		T(test_hostile),
		T(test_interrupted),
		T(test_undo_redo),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
