/*
 * test_forum.c: the forum file (model/forum.c) and its records
 * (model/records.c): creating, refusing other files, upgrading, read-only
 * files, record identity, tombstones, undo and redo (also across restarts
 * and against a second connection), names, order, tags, checks and counts.
 *
 * Every test works on real SQLite files in a scratch directory of its own,
 * under $T when the runner sets it, else under /tmp; the file's header
 * fields are read back with plain sqlite3, not through the model.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <grp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "../../model/forum.h"
#include "../../model/records.h"
#include "../../model/resolution.h"
#include "../../model/status.h"
#include "../../model/util.h"

/* ---- scratch directory ---- */

struct scratch {
	char *dir;
	char **paths; /* every path handed out, freed at teardown */
	size_t npaths;
};

static int
scratch_setup(void **state)
{
	const char *base = getenv("T");
	struct scratch *s = xcalloc(1, sizeof *s);

	s->dir = xasprintf("%s/forum-XXXXXX", base && *base ? base : "/tmp");
	if (mkdtemp(s->dir) == NULL) {
		perror(s->dir);
		free(s->dir);
		free(s);
		return -1;
	}
	*state = s;
	return 0;
}

/* Removes path and everything under it. */
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

/* A path in the test's scratch directory; owned by the scratch. */
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

/*
 * A clock that moves on at every reading (util.h, AGORA_NOW): each write
 * and each undo stamps a time of its own, as on a real laptop between key
 * presses.  The teardown stops it.
 */
static void
ticking_clock(void)
{
	setenv("AGORA_NOW", "2018-01-30T12:00:00", 1);
}

/* Fails the test with the forum's error detail unless expr gives ST_OK. */
#define assert_ok(f, expr)                                                 \
	do {                                                               \
		enum status st_ = (expr);                                  \
		if (st_ != ST_OK)                                          \
			fail_msg("%s: %s (%s)", #expr, status_text(st_),   \
			    forum_error(f));                               \
	} while (0)

#define assert_st(want, expr) assert_int_equal((expr), (want))

/* True if haystack contains needle. */
static bool
contains(const char *haystack, const char *needle)
{
	return haystack != NULL && strstr(haystack, needle) != NULL;
}

/* Creates a forum at path with its forum record, in an action that is not
 * undoable (as `agora new` does), and returns it open. */
static struct forum *
forum_new(const char *path)
{
	struct forum_info fi = {
		.title = (char *)"Тестовый форум",
		.resolution_title = (char *)"Резолюция Тестового форума.",
		.city = (char *)"Г. Красноярск",
		.start_date = (char *)"2017-12-15",
		.end_date = (char *)"2017-12-16",
		.doc_date = (char *)"2018-01-30",
		.participants_intro =
		    (char *)"В работе Форума приняли участие:",
		.themes_intro = (char *)"Ключевыми темами стали:",
		.lead_in = (char *)"Сформулированы следующие предложения:",
	};
	struct forum *f = NULL;
	char *err = (char *)"not set";

	assert_st(ST_OK, forum_open(path, FORUM_CREATE, &f, &err));
	assert_null(err);
	assert_non_null(f);
	assert_ok(f, forum_begin(f, NULL));
	assert_ok(f, forum_info_set(f, &fi));
	assert_ok(f, forum_commit(f));
	return f;
}

static struct forum *
forum_reopen(const char *path, unsigned flags)
{
	struct forum *f = NULL;
	char *err = NULL;
	enum status st = forum_open(path, flags, &f, &err);

	if (st != ST_OK)
		fail_msg("forum_open(%s): %s (%s)", path, status_text(st),
		    err ? err : "");
	assert_null(err);
	return f;
}

static int64_t
add_track(struct forum *f, const char *label, const char *title)
{
	struct track t = {
		.label = (char *)label,
		.title = (char *)title,
		.moderator = (char *)"Иванов И. И.",
	};

	assert_ok(f, track_insert(f, &t));
	assert_true(t.rec.id > 0);
	return t.rec.id;
}

static int64_t
add_addressee(struct forum *f, const char *label, const char *heading,
    bool recommend)
{
	struct addressee a = {
		.label = (char *)label,
		.heading = (char *)heading,
		.recommend = recommend,
	};

	assert_ok(f, addressee_insert(f, &a));
	assert_true(a.rec.id > 0);
	return a.rec.id;
}

static int64_t
add_proposal(struct forum *f, int64_t track, const char *text, int status)
{
	struct proposal p = {
		.track_id = track,
		.text = (char *)text,
		.status = status,
	};

	assert_ok(f, proposal_insert(f, &p));
	assert_true(p.rec.id > 0);
	return p.rec.id;
}

/* The proposal's text.  Caller frees. */
static char *
get_text(struct forum *f, int64_t id)
{
	struct proposal p;
	char *t;

	assert_ok(f, proposal_get(f, id, &p));
	t = p.text;
	p.text = NULL;
	proposal_clear(&p);
	return t;
}

static void
assert_text(struct forum *f, int64_t id, const char *want)
{
	char *t = get_text(f, id);

	assert_string_equal(t, want);
	free(t);
}

/* Edits the proposal's text through proposal_update(). */
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

/* Checks the proposal's text history: n texts, oldest first. */
static void
assert_history(struct forum *f, int64_t pid, size_t n, ...)
{
	struct revision *r;
	size_t nr, i;
	va_list ap;

	assert_ok(f, revision_list(f, pid, &r, &nr));
	assert_int_equal(nr, n);
	va_start(ap, n);
	for (i = 0; i < n; i++) {
		assert_string_equal(r[i].text, va_arg(ap, const char *));
		assert_int_equal(strlen(r[i].uuid), 36);
		assert_string_equal(r[i].copy, forum_copy_id(f));
	}
	va_end(ap);
	revision_free(r, nr);
}

/* One integer from sql, run by a plain sqlite3 connection; -1 if no row. */
static int64_t
raw_int(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
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

/* Runs sql through a plain sqlite3 connection (creating the file). */
static void
raw_exec(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	char *msg = NULL;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg ? msg : "");
	sqlite3_close(db);
}

/* One integer through the forum's own connection (reads only). */
static int64_t
db_int(struct forum *f, const char *sql, int64_t arg)
{
	sqlite3_stmt *st = NULL;
	int64_t v = -1;

	assert_int_equal(sqlite3_prepare_v2(forum_db(f), sql, -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_int64(st, 1, arg);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* The whole file, or NULL if it cannot be read.  Caller frees. */
static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	struct buf b = {0};
	char chunk[4096];
	size_t n;

	*len = 0;
	if (fp == NULL)
		return NULL;
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_add(&b, chunk, n);
	fclose(fp);
	*len = b.len;
	return buf_steal(&b);
}

static bool
exists(const char *path)
{
	struct stat sb;

	return lstat(path, &sb) == 0;
}

/* True if path-suffix exists (SQLite's -wal, -shm, -journal files). */
static bool
exists_beside(const char *path, const char *suffix)
{
	char *p = xasprintf("%s%s", path, suffix);
	bool r = exists(p);

	free(p);
	return r;
}

/* A random (version 4) UUID in lower-case canonical form. */
static bool
uuid_v4(const char *u)
{
	size_t i;

	if (strlen(u) != 36)
		return false;
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (u[i] != '-')
				return false;
		} else if (!((u[i] >= '0' && u[i] <= '9') ||
		    (u[i] >= 'a' && u[i] <= 'f')))
			return false;
	}
	return u[14] == '4' && strchr("89ab", u[19]) != NULL;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

/* ---- creating ---- */

static void
test_create(void **state)
{
	const char *path = tpath(state, "new.agora");
	struct forum *f = forum_new(path), *g;
	char *err = NULL, copy[37];
	size_t len1, len2;
	char *before, *after;

	assert_string_equal(forum_path(f), path);
	assert_false(forum_readonly(f));
	assert_false(forum_in_action(f));
	assert_true(uuid_v4(forum_copy_id(f)));
	strcpy(copy, forum_copy_id(f));
	forum_close(f);

	/* The header fields, as any SQLite reader sees them. */
	assert_int_equal(raw_int(path, "PRAGMA application_id"),
	    FORUM_APPLICATION_ID);
	assert_int_equal(raw_int(path, "PRAGMA user_version"),
	    FORUM_SCHEMA_VERSION);
	assert_int_equal(raw_int(path, "SELECT COUNT(*) FROM sqlite_master "
	    "WHERE name = 'merge_report'"), 1);
	assert_int_equal(raw_int(path, "SELECT COUNT(*) FROM forum"), 1);

	/* Creating over an existing file is refused and leaves it alone. */
	before = slurp(path, &len1);
	assert_non_null(before);
	g = (struct forum *)1;
	assert_st(ST_EXISTS, forum_open(path, FORUM_CREATE, &g, &err));
	assert_null(g);
	assert_true(contains(err, path));
	free(err);
	err = NULL;
	assert_st(ST_EXISTS, forum_create_version(path, 1, &err));
	assert_true(contains(err, path));
	free(err);
	after = slurp(path, &len2);
	assert_int_equal(len1, len2);
	assert_memory_equal(before, after, len1);
	free(before);
	free(after);

	/* The copy id is kept in the file; another file has another one. */
	f = forum_reopen(path, 0);
	assert_string_equal(forum_copy_id(f), copy);
	forum_close(f);
	f = forum_new(tpath(state, "other.agora"));
	assert_string_not_equal(forum_copy_id(f), copy);
	forum_close(f);

	/* A directory that does not exist. */
	err = NULL;
	g = (struct forum *)1;
	assert_st(ST_IO, forum_open(tpath(state, "nodir/x.agora"), FORUM_CREATE,
	    &g, &err));
	assert_null(g);
	assert_non_null(err);
	free(err);
}

/*
 * Opens path expecting refusal with want; the file (if any) must be
 * byte-identical afterwards, with no SQLite side files made beside it.
 */
static void
assert_refused(const char *path, enum status want, const char *why)
{
	struct forum *f = (struct forum *)1;
	char *err = NULL, *before, *after;
	size_t len1, len2;
	struct stat sb;
	bool file = lstat(path, &sb) == 0 && S_ISREG(sb.st_mode);

	before = file ? slurp(path, &len1) : NULL;
	assert_st(want, forum_open(path, 0, &f, &err));
	assert_null(f);
	assert_non_null(err);
	if (!contains(err, path) || !contains(err, why))
		fail_msg("error \"%s\" should name %s and say \"%s\"", err,
		    path, why);
	free(err);
	if (!file)
		return;
	after = slurp(path, &len2);
	assert_non_null(after);
	assert_int_equal(len1, len2);
	assert_memory_equal(before, after, len1);
	assert_false(exists_beside(path, "-wal"));
	assert_false(exists_beside(path, "-shm"));
	assert_false(exists_beside(path, "-journal"));
	free(before);
	free(after);
	/* FORUM_READONLY refuses the same way. */
	f = (struct forum *)1;
	assert_st(want, forum_open(path, FORUM_READONLY, &f, &err));
	assert_null(f);
	free(err);
}

static void
test_refuse_other_files(void **state)
{
	const char *other = tpath(state, "other.db");
	const char *foreign = tpath(state, "foreign.db");
	const char *bare = tpath(state, "bare.db");
	const char *text = tpath(state, "notes.txt");
	const char *empty = tpath(state, "empty.agora");
	const char *dir = tpath(state, "folder.agora");
	const char *missing = tpath(state, "missing.agora");
	const char *shortf = tpath(state, "short.agora");
	FILE *fp;

	/* Someone else's database: never touched, no tables added. */
	raw_exec(other, "CREATE TABLE notes (x TEXT);"
	    "INSERT INTO notes VALUES ('keep me');");
	assert_refused(other, ST_NOTFORUM, "not an agora forum");
	assert_int_equal(raw_int(other, "SELECT COUNT(*) FROM sqlite_master"),
	    1);
	assert_int_equal(raw_int(other, "PRAGMA user_version"), 0);

	/* Another program's application_id, even with a version set. */
	raw_exec(foreign, "PRAGMA application_id = 1347571539;"
	    "PRAGMA user_version = 1; CREATE TABLE t (x);");
	assert_refused(foreign, ST_NOTFORUM, "another program");

	/* Our application_id but no schema at all. */
	raw_exec(bare, "PRAGMA application_id = 1095192402;"
	    "CREATE TABLE t (x);");
	assert_int_equal(raw_int(bare, "PRAGMA application_id"),
	    FORUM_APPLICATION_ID);
	assert_refused(bare, ST_NOTFORUM, "no schema");
	assert_int_equal(raw_int(bare, "SELECT COUNT(*) FROM sqlite_master"),
	    1);

	fp = fopen(text, "w");
	assert_non_null(fp);
	fputs("Протокол заседания\nне база данных\n", fp);
	fclose(fp);
	assert_refused(text, ST_NOTFORUM, "not an SQLite database");

	/* An SQLite header cut short. */
	fp = fopen(shortf, "w");
	assert_non_null(fp);
	fwrite("SQLite format 3", 1, 16, fp);
	fclose(fp);
	assert_refused(shortf, ST_NOTFORUM, "not an agora forum");

	fp = fopen(empty, "w");
	assert_non_null(fp);
	fclose(fp);
	assert_refused(empty, ST_NOTFORUM, "empty");

	assert_int_equal(mkdir(dir, 0755), 0);
	assert_refused(dir, ST_NOTFORUM, "directory");
	assert_true(exists(dir));

	assert_refused(missing, ST_NOTFOUND, "No such file");
	assert_false(exists(missing));
	assert_false(exists_beside(missing, "-wal"));
}

/* ---- versions ---- */

static void
test_migrate(void **state)
{
	const char *path = tpath(state, "v1.agora");
	char *err = NULL;
	struct forum *f;
	char copy[37];
	int64_t tid;

	assert_st(ST_INVALID, forum_create_version(tpath(state, "v0.agora"), 0,
	    &err));
	free(err);
	err = NULL;
	assert_st(ST_INVALID, forum_create_version(tpath(state, "v9.agora"),
	    FORUM_SCHEMA_VERSION + 1, &err));
	free(err);
	assert_false(exists(tpath(state, "v0.agora")));

	err = NULL;
	assert_st(ST_OK, forum_create_version(path, 1, &err));
	assert_null(err);
	assert_int_equal(raw_int(path, "PRAGMA user_version"), 1);
	assert_int_equal(raw_int(path, "PRAGMA application_id"),
	    FORUM_APPLICATION_ID);
	assert_int_equal(raw_int(path, "SELECT COUNT(*) FROM sqlite_master "
	    "WHERE name = 'merge_report'"), 0);

	/* A version 1 file cannot be upgraded when it is not to be written. */
	f = (struct forum *)1;
	assert_st(ST_READONLY, forum_open(path, FORUM_READONLY, &f, &err));
	assert_null(f);
	assert_true(contains(err, path));
	free(err);
	assert_int_equal(raw_int(path, "PRAGMA user_version"), 1);

	f = forum_reopen(path, 0);
	strcpy(copy, forum_copy_id(f));
	assert_true(uuid_v4(copy));
	forum_close(f);
	assert_int_equal(raw_int(path, "PRAGMA user_version"),
	    FORUM_SCHEMA_VERSION);
	assert_int_equal(raw_int(path, "SELECT COUNT(*) FROM sqlite_master "
	    "WHERE name = 'merge_report'"), 1);
	assert_int_equal(raw_int(path, "PRAGMA application_id"),
	    FORUM_APPLICATION_ID);

	/* The upgraded file works, and opening again changes nothing. */
	f = forum_reopen(path, 0);
	assert_string_equal(forum_copy_id(f), copy);
	tid = add_track(f, "Эко", "Экология");
	add_proposal(f, tid, "Посадить деревья", PROPOSAL_NEW);
	forum_close(f);
	assert_int_equal(raw_int(path, "PRAGMA user_version"),
	    FORUM_SCHEMA_VERSION);
	assert_int_equal(raw_int(path, "SELECT COUNT(*) FROM proposal"), 1);
}

static void
test_newer(void **state)
{
	const char *path = tpath(state, "newer.agora");
	struct forum *f = forum_new(path);
	char *sql, *err = NULL, *before, *after, *want;
	size_t len1, len2;
	const char *rest;

	forum_close(f);
	sql = xasprintf("PRAGMA user_version = %d", FORUM_SCHEMA_VERSION + 1);
	raw_exec(path, sql);
	free(sql);
	assert_int_equal(raw_int(path, "PRAGMA user_version"),
	    FORUM_SCHEMA_VERSION + 1);
	before = slurp(path, &len1);

	f = (struct forum *)1;
	assert_st(ST_NEWER, forum_open(path, 0, &f, &err));
	assert_null(f);
	assert_true(contains(err, path));
	/* Both versions are named (after the path, which may hold digits). */
	rest = err + strlen(path);
	want = xasprintf("%d", FORUM_SCHEMA_VERSION + 1);
	assert_true(contains(rest, want));
	free(want);
	want = xasprintf("%d", FORUM_SCHEMA_VERSION);
	assert_true(contains(rest, want));
	free(want);
	free(err);
	err = NULL;
	assert_st(ST_NEWER, forum_open(path, FORUM_READONLY, &f, &err));
	free(err);

	after = slurp(path, &len2);
	assert_int_equal(len1, len2);
	assert_memory_equal(before, after, len1);
	free(before);
	free(after);
	assert_int_equal(raw_int(path, "PRAGMA user_version"),
	    FORUM_SCHEMA_VERSION + 1);
}

/* ---- read-only ---- */

/*
 * The read-only checks without cmocka, for a child process that runs as an
 * unprivileged user.  Returns 0, or the line that failed.
 */
static int
readonly_checks(const char *path, unsigned flags)
{
	struct forum *f = NULL;
	struct track *t = NULL;
	struct forum_info fi;
	char *err = NULL;
	size_t n = 0;
	int line = 0;

	if (forum_open(path, flags, &f, &err) != ST_OK) {
		fprintf(stderr, "%s\n", err ? err : "");
		free(err);
		return __LINE__;
	}
	if (!forum_readonly(f))
		line = __LINE__;
	else if (forum_begin(f, "edit") != ST_READONLY || forum_in_action(f))
		line = __LINE__;
	else if (!contains(forum_error(f), "read-only"))
		line = __LINE__;
	else if (track_insert(f, &(struct track){ .label = (char *)"x",
	    .title = (char *)"x" }) != ST_READONLY)
		line = __LINE__;
	else if (forum_undo(f, NULL) != ST_READONLY)
		line = __LINE__;
	else if (track_list(f, &t, &n) != ST_OK || n != 1)
		line = __LINE__;
	else if (forum_info_get(f, &fi) != ST_OK)
		line = __LINE__;
	else if (strcmp(fi.title, "Тестовый форум") != 0)
		line = __LINE__;
	if (line == 0)
		forum_info_free(&fi);
	track_free(t, n);
	forum_close(f);
	return line;
}

static void
test_readonly(void **state)
{
	const char *path = tpath(state, "ro.agora");
	struct forum *f = forum_new(path);
	char *before, *after;
	size_t len1, len2;
	int line;

	add_track(f, "Эко", "Экология");
	forum_close(f);
	assert_int_equal(chmod(path, 0444), 0);
	before = slurp(path, &len1);

	if (geteuid() != 0) {
		line = readonly_checks(path, 0);
		if (line != 0)
			fail_msg("read-only check at line %d failed", line);
	} else {
		/*
		 * Root writes whatever the mode says, so the file would not
		 * open read-only: check the flag here, and the mode in a
		 * child that gives up root, if it can reach the file.
		 */
		struct scratch *s = *state;
		pid_t pid;
		int ws;

		line = readonly_checks(path, FORUM_READONLY);
		if (line != 0)
			fail_msg("FORUM_READONLY check at line %d failed",
			    line);
		/* SQLite's -shm needs a writable directory (see below). */
		assert_int_equal(chmod(s->dir, 0777), 0);
		fflush(NULL);
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			if (setgroups(0, NULL) != 0 || setgid(65534) != 0 ||
			    setuid(65534) != 0 ||
			    access(path, R_OK) != 0)
				_exit(77);
			line = readonly_checks(path, 0);
			if (line != 0)
				fprintf(stderr, "as nobody: read-only check "
				    "at line %d failed\n", line);
			_exit(line != 0);
		}
		assert_int_equal(waitpid(pid, &ws, 0), pid);
		assert_true(WIFEXITED(ws));
		if (WEXITSTATUS(ws) == 77)
			print_message("note: cannot run as nobody here; "
			    "checked FORUM_READONLY only\n");
		else
			assert_int_equal(WEXITSTATUS(ws), 0);
	}
	after = slurp(path, &len2);
	assert_int_equal(len1, len2);
	assert_memory_equal(before, after, len1);
	free(before);
	free(after);
}

/* ---- identity ---- */

static void
test_identity(void **state)
{
	const char *path = tpath(state, "ids.agora");
	struct forum *f = forum_new(path);
	char (*uuids)[37] = xcalloc(1000, sizeof *uuids);
	int64_t tid, first = 0, lo, hi;
	struct proposal p;
	char copy[37];
	size_t i;

	strcpy(copy, forum_copy_id(f));
	tid = add_track(f, "Эко", "Экология");
	lo = (int64_t)time(NULL) * 1000 - 1000;
	assert_ok(f, forum_begin(f, "add many"));
	for (i = 0; i < 1000; i++) {
		char *text = xasprintf("Предложение %zu", i);
		struct proposal q = { .track_id = tid, .text = text };

		assert_ok(f, proposal_insert(f, &q));
		free(text);
		assert_true(uuid_v4(q.rec.uuid));
		strcpy(uuids[i], q.rec.uuid);
		assert_string_equal(q.rec.copy, copy);
		if (i == 0)
			first = q.rec.id;
	}
	assert_ok(f, forum_commit(f));
	hi = (int64_t)time(NULL) * 1000 + 1000;
	qsort(uuids, 1000, sizeof *uuids, cmp_str);
	for (i = 1; i < 1000; i++)
		assert_string_not_equal(uuids[i - 1], uuids[i]);
	assert_int_equal(db_int(f, "SELECT COUNT(DISTINCT uuid) FROM proposal",
	    0), 1000);

	/* What was stored is what came back. */
	assert_ok(f, proposal_get(f, first, &p));
	assert_true(uuid_v4(p.rec.uuid));
	assert_true(p.rec.created >= lo && p.rec.created <= hi);
	assert_int_equal(p.rec.updated, p.rec.created);
	assert_string_equal(p.rec.copy, copy);
	assert_false(p.rec.deleted);
	assert_string_equal(p.text, "Предложение 0");
	forum_close(f);

	/* Across a restart: the same copy id and the same record. */
	f = forum_reopen(path, 0);
	assert_string_equal(forum_copy_id(f), copy);
	{
		struct proposal q;

		assert_ok(f, proposal_get(f, first, &q));
		assert_string_equal(q.rec.uuid, p.rec.uuid);
		assert_int_equal(q.rec.created, p.rec.created);
		assert_string_equal(q.rec.copy, copy);
		proposal_clear(&q);
	}
	proposal_clear(&p);
	assert_st(ST_NOTFOUND, proposal_get(f, 999999, &p));
	forum_close(f);
	free(uuids);
}

/* An edit moves updated on and keeps created (with a ticking clock). */
static void
test_updated(void **state)
{
	const char *path = tpath(state, "upd.agora");
	struct forum *f;
	struct proposal p, q;
	struct track t;
	int64_t tid, pid;

	ticking_clock();
	f = forum_new(path);
	tid = add_track(f, "Эко", "Экология");
	pid = add_proposal(f, tid, "Старый текст", PROPOSAL_NEW);
	assert_ok(f, proposal_get(f, pid, &p));
	assert_true(p.rec.created >= 1517313600000);
	set_text(f, pid, "Новый текст");
	assert_ok(f, proposal_get(f, pid, &q));
	assert_int_equal(q.rec.created, p.rec.created);
	assert_true(q.rec.updated > p.rec.updated);
	assert_string_equal(q.rec.uuid, p.rec.uuid);
	proposal_clear(&q);

	/* Undoing is an edit too: the row is stamped newer. */
	assert_ok(f, forum_undo(f, NULL));
	assert_ok(f, proposal_get(f, pid, &q));
	assert_string_equal(q.text, "Старый текст");
	assert_true(q.rec.updated > p.rec.updated);
	assert_string_equal(q.rec.copy, forum_copy_id(f));
	proposal_clear(&q);
	proposal_clear(&p);

	assert_ok(f, track_get(f, tid, &t));
	assert_int_equal(t.rec.updated, t.rec.created);
	free(t.title);
	t.title = xstrdup("Экология и природопользование");
	assert_ok(f, track_update(f, &t));
	track_clear(&t);
	assert_ok(f, track_get(f, tid, &t));
	assert_true(t.rec.updated > t.rec.created);
	assert_string_equal(t.title, "Экология и природопользование");
	track_clear(&t);
	forum_close(f);
}

/* ---- tombstones ---- */

static void
test_tombstone(void **state)
{
	const char *path = tpath(state, "tomb.agora");
	struct forum *f;
	struct resolution *r;
	int64_t tid, aid, pid, keep, *ids;
	struct proposal p;
	size_t n;

	ticking_clock();
	f = forum_new(path);

	tid = add_track(f, "Эко", "Экология");
	aid = add_addressee(f, "ОМСУ", "Органам местного самоуправления",
	    false);
	pid = add_proposal(f, tid, "Убрать мусор", PROPOSAL_ACCEPTED);
	keep = add_proposal(f, tid, "Посадить деревья", PROPOSAL_ACCEPTED);
	assert_ok(f, proposal_tag(f, pid, aid));
	assert_ok(f, proposal_tag(f, keep, aid));

	assert_ok(f, proposal_delete(f, pid));
	assert_ok(f, proposal_get(f, pid, &p));
	assert_true(p.rec.deleted);
	assert_string_equal(p.text, "Убрать мусор");
	proposal_clear(&p);
	/* The row and its link remain, marked. */
	assert_int_equal(db_int(f, "SELECT deleted FROM proposal WHERE id = ?",
	    pid), 1);
	assert_int_equal(db_int(f, "SELECT deleted FROM proposal_addressee "
	    "WHERE proposal_id = ?", pid), 1);
	assert_int_equal(db_int(f, "SELECT COUNT(*) FROM proposal", 0), 2);
	/* Deleting twice finds nothing to delete. */
	assert_st(ST_NOTFOUND, proposal_delete(f, pid));
	assert_st(ST_NOTFOUND, proposal_delete(f, 424242));

	/* The assembler leaves it out. */
	assert_ok(f, resolution_assemble(f, &r));
	assert_int_equal(r->nproposals, 1);
	assert_null(resolution_numbers_of(r, pid));
	{
		char *num = resolution_numbers_of(r, keep);

		assert_string_equal(num, "1.1.");
		free(num);
	}
	resolution_free(r);
	assert_ok(f, proposal_addressees(f, keep, &ids, &n));
	assert_int_equal(n, 1);
	free(ids);

	/* Undoing the deletion brings proposal and link back. */
	assert_ok(f, forum_undo(f, NULL));
	assert_ok(f, proposal_get(f, pid, &p));
	assert_false(p.rec.deleted);
	proposal_clear(&p);
	assert_ok(f, resolution_assemble(f, &r));
	assert_int_equal(r->nproposals, 2);
	resolution_free(r);
	forum_close(f);
}

/* ---- undo and redo ---- */

static void
test_undo_insert(void **state)
{
	const char *path = tpath(state, "undo.agora");
	struct forum *f;
	struct proposal p;
	char uuid[37], *label = NULL;
	int64_t tid, pid;

	ticking_clock();
	f = forum_new(path);

	tid = add_track(f, "Эко", "Экология");
	pid = add_proposal(f, tid, "Посадить деревья", PROPOSAL_NEW);
	assert_ok(f, proposal_get(f, pid, &p));
	strcpy(uuid, p.rec.uuid);
	proposal_clear(&p);

	assert_ok(f, forum_undo(f, &label));
	assert_string_equal(label, "add a proposal");
	free(label);
	assert_st(ST_NOTFOUND, proposal_get(f, pid, &p));
	assert_int_equal(db_int(f, "SELECT COUNT(*) FROM proposal", 0), 0);

	assert_ok(f, forum_redo(f, &label));
	assert_string_equal(label, "add a proposal");
	free(label);
	assert_ok(f, proposal_get(f, pid, &p));
	assert_string_equal(p.rec.uuid, uuid);
	assert_string_equal(p.text, "Посадить деревья");
	assert_false(p.rec.deleted);
	proposal_clear(&p);

	/* And over again: the chain turns however often. */
	assert_ok(f, forum_undo(f, NULL));
	assert_st(ST_NOTFOUND, proposal_get(f, pid, &p));
	assert_ok(f, forum_redo(f, NULL));
	assert_ok(f, proposal_get(f, pid, &p));
	assert_string_equal(p.rec.uuid, uuid);
	proposal_clear(&p);
	assert_st(ST_NOTHING, forum_redo(f, NULL));

	/* Undo goes back action by action: the proposal, then the track. */
	assert_ok(f, forum_undo(f, NULL));
	assert_ok(f, forum_undo(f, &label));
	assert_string_equal(label, "add a track");
	free(label);
	{
		struct track t;

		assert_st(ST_NOTFOUND, track_get(f, tid, &t));
	}
	assert_st(ST_NOTHING, forum_undo(f, NULL));
	assert_ok(f, forum_redo(f, NULL));
	assert_ok(f, forum_redo(f, NULL));
	assert_ok(f, proposal_get(f, pid, &p));
	assert_string_equal(p.rec.uuid, uuid);
	assert_int_equal(p.track_id, tid);
	proposal_clear(&p);
	forum_close(f);
}

/* One action of several records undoes and redoes as one. */
static void
test_undo_action_group(void **state)
{
	const char *path = tpath(state, "group.agora");
	struct forum *f;
	int64_t tid, aid, p1, p2, *ids;
	struct proposal p;
	size_t n;

	ticking_clock();
	f = forum_new(path);

	tid = add_track(f, "Эко", "Экология");
	aid = add_addressee(f, "ОМСУ", "Органам местного самоуправления",
	    false);
	assert_ok(f, forum_begin(f, "capture"));
	assert_true(forum_in_action(f));
	p1 = add_proposal(f, tid, "Первое", PROPOSAL_ACCEPTED);
	p2 = add_proposal(f, tid, "Второе", PROPOSAL_ACCEPTED);
	assert_ok(f, proposal_tag(f, p1, aid));
	assert_ok(f, proposal_tag(f, p2, aid));
	assert_ok(f, forum_commit(f));
	assert_false(forum_in_action(f));

	assert_ok(f, forum_undo(f, NULL));
	assert_st(ST_NOTFOUND, proposal_get(f, p1, &p));
	assert_st(ST_NOTFOUND, proposal_get(f, p2, &p));
	assert_int_equal(db_int(f, "SELECT COUNT(*) FROM proposal_addressee",
	    0), 0);
	assert_ok(f, forum_redo(f, NULL));
	assert_text(f, p1, "Первое");
	assert_text(f, p2, "Второе");
	assert_ok(f, proposal_addressees(f, p2, &ids, &n));
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], aid);
	free(ids);

	/* A rolled-back action leaves nothing, not even an undo step. */
	assert_ok(f, forum_begin(f, "abandoned"));
	add_proposal(f, tid, "Черновик", PROPOSAL_NEW);
	forum_rollback(f);
	assert_false(forum_in_action(f));
	assert_int_equal(db_int(f, "SELECT COUNT(*) FROM proposal", 0), 2);
	assert_int_equal(db_int(f, "SELECT COUNT(*) FROM undo_action WHERE "
	    "label = 'abandoned'", 0), 0);
	/* Nested begin is refused; commit without begin too. */
	assert_ok(f, forum_begin(f, "outer"));
	assert_st(ST_INVALID, forum_begin(f, "inner"));
	assert_true(forum_in_action(f));
	assert_ok(f, forum_commit(f));
	assert_st(ST_INVALID, forum_commit(f));
	/* An action that changed nothing is no undo step. */
	{
		char *label = NULL;

		assert_ok(f, forum_undo(f, &label));
		assert_string_equal(label, "capture");
		free(label);
	}
	forum_close(f);
}

static void
test_undo_edit_history(void **state)
{
	const char *path = tpath(state, "edit.agora");
	struct forum *f;
	int64_t tid, pid;

	ticking_clock();
	f = forum_new(path);

	tid = add_track(f, "Эко", "Экология");
	pid = add_proposal(f, tid, "А", PROPOSAL_NEW);
	assert_history(f, pid, 1, "А");
	set_text(f, pid, "Б");
	set_text(f, pid, "В");
	assert_history(f, pid, 3, "А", "Б", "В");

	assert_ok(f, forum_undo(f, NULL));
	assert_text(f, pid, "Б");
	assert_history(f, pid, 4, "А", "Б", "В", "Б");
	assert_ok(f, forum_undo(f, NULL));
	assert_text(f, pid, "А");
	assert_history(f, pid, 5, "А", "Б", "В", "Б", "А");
	assert_ok(f, forum_redo(f, NULL));
	assert_text(f, pid, "Б");
	assert_history(f, pid, 6, "А", "Б", "В", "Б", "А", "Б");

	/* An edit of another field adds no revision, and its undo none. */
	{
		struct proposal p;

		assert_ok(f, proposal_get(f, pid, &p));
		p.votes_for = 12;
		p.votes_against = 3;
		assert_ok(f, proposal_update(f, &p));
		proposal_clear(&p);
		assert_history(f, pid, 6, "А", "Б", "В", "Б", "А", "Б");
		assert_ok(f, forum_undo(f, NULL));
		assert_ok(f, proposal_get(f, pid, &p));
		assert_int_equal(p.votes_for, 0);
		assert_int_equal(p.votes_against, 0);
		assert_string_equal(p.text, "Б");
		proposal_clear(&p);
		assert_history(f, pid, 6, "А", "Б", "В", "Б", "А", "Б");
	}
	forum_close(f);
}

static void
test_undo_restart(void **state)
{
	const char *path = tpath(state, "restart.agora");
	struct forum *f;
	char *label = NULL;
	int64_t tid, pid;

	ticking_clock();
	f = forum_new(path);

	tid = add_track(f, "Эко", "Экология");
	pid = add_proposal(f, tid, "Первая редакция", PROPOSAL_NEW);
	set_text(f, pid, "Вторая редакция");
	forum_close(f);

	f = forum_reopen(path, 0);
	assert_ok(f, forum_undo(f, &label));
	assert_string_equal(label, "edit a proposal");
	free(label);
	assert_text(f, pid, "Первая редакция");
	forum_close(f);

	/* The redo survives a restart as well. */
	f = forum_reopen(path, 0);
	assert_ok(f, forum_redo(f, NULL));
	assert_text(f, pid, "Вторая редакция");
	assert_ok(f, forum_undo(f, NULL));
	assert_ok(f, forum_undo(f, NULL));
	forum_close(f);

	f = forum_reopen(path, 0);
	{
		struct proposal p;

		assert_st(ST_NOTFOUND, proposal_get(f, pid, &p));
	}
	assert_ok(f, forum_redo(f, NULL));
	assert_text(f, pid, "Первая редакция");
	forum_close(f);
}

static void
test_undo_drops_redo(void **state)
{
	const char *path = tpath(state, "drop.agora");
	struct forum *f;
	char *label = (char *)"not set";
	int64_t tid, pid;

	ticking_clock();
	f = forum_new(path);

	assert_st(ST_NOTHING, forum_undo(f, &label));
	assert_null(label);
	assert_true(contains(forum_error(f), "nothing to undo"));
	assert_st(ST_NOTHING, forum_redo(f, &label));
	assert_null(label);
	assert_false(forum_in_action(f));

	tid = add_track(f, "Эко", "Экология");
	pid = add_proposal(f, tid, "А", PROPOSAL_NEW);
	set_text(f, pid, "Б");
	assert_ok(f, forum_undo(f, NULL));
	assert_text(f, pid, "А");
	/* A new action: the undone edit can no longer be redone. */
	add_track(f, "Соц", "Социальная политика");
	assert_st(ST_NOTHING, forum_redo(f, NULL));
	assert_text(f, pid, "А");
	/* Undo still works backwards from the new action. */
	assert_ok(f, forum_undo(f, &label));
	assert_string_equal(label, "add a track");
	free(label);
	assert_ok(f, forum_undo(f, &label));
	assert_string_equal(label, "add a proposal");
	free(label);
	assert_ok(f, forum_undo(f, NULL));
	assert_st(ST_NOTHING, forum_undo(f, NULL));
	forum_close(f);

	f = forum_reopen(path, 0);
	assert_st(ST_NOTHING, forum_undo(f, NULL));
	forum_close(f);
}

static void
test_undo_conflict(void **state)
{
	const char *path = tpath(state, "conflict.agora");
	struct forum *f1, *f2;
	int64_t tid, pid, q, steps, revs;
	char *label = NULL;

	ticking_clock();
	f1 = forum_new(path);
	forum_set_actor(f1, "moderator1");
	tid = add_track(f1, "Эко", "Экология");
	pid = add_proposal(f1, tid, "А", PROPOSAL_NEW);
	set_text(f1, pid, "Б");

	/* A second user on the same file (the same copy) edits the same
	 * proposal after the first one's edit. */
	f2 = forum_reopen(path, 0);
	forum_set_actor(f2, "moderator2");
	assert_string_equal(forum_copy_id(f2), forum_copy_id(f1));
	assert_text(f2, pid, "Б");
	set_text(f2, pid, "В");

	steps = db_int(f1, "SELECT COUNT(*) FROM undo_action WHERE state = ?",
	    0);
	revs = db_int(f1, "SELECT COUNT(*) FROM revision WHERE proposal_id = ?",
	    pid);
	assert_st(ST_CONFLICT, forum_undo(f1, NULL));
	assert_true(contains(forum_error(f1), "edit a proposal"));
	assert_false(forum_in_action(f1));
	/* Nothing changed: not the text, the history, or the log. */
	assert_text(f1, pid, "В");
	assert_text(f2, pid, "В");
	assert_int_equal(db_int(f1, "SELECT COUNT(*) FROM undo_action WHERE "
	    "state = ?", 0), steps);
	assert_int_equal(db_int(f1, "SELECT COUNT(*) FROM revision WHERE "
	    "proposal_id = ?", pid), revs);
	assert_st(ST_NOTHING, forum_redo(f1, NULL));

	/* Each undoes only their own: the second user's edit first ... */
	assert_ok(f2, forum_undo(f2, &label));
	assert_string_equal(label, "edit a proposal");
	free(label);
	assert_text(f1, pid, "Б");
	assert_st(ST_NOTHING, forum_undo(f2, NULL));
	/* ... and then the first user's goes through. */
	assert_ok(f1, forum_undo(f1, NULL));
	assert_text(f2, pid, "А");
	assert_history(f1, pid, 5, "А", "Б", "В", "Б", "А");

	/* Deleted by the other user: undoing the capture conflicts too. */
	q = add_proposal(f1, tid, "Г", PROPOSAL_NEW);
	assert_ok(f2, proposal_delete(f2, q));
	assert_st(ST_CONFLICT, forum_undo(f1, &label));
	assert_string_equal(label, "add a proposal");
	free(label);
	assert_int_equal(db_int(f1, "SELECT deleted FROM proposal WHERE id = ?",
	    q), 1);
	/* Once the deletion is undone, so can the capture be. */
	assert_ok(f2, forum_undo(f2, NULL));
	assert_ok(f1, forum_undo(f1, NULL));
	assert_int_equal(db_int(f1, "SELECT COUNT(*) FROM proposal WHERE "
	    "id = ?", q), 0);
	forum_close(f2);
	forum_close(f1);
}

static void
test_data_version(void **state)
{
	const char *path = tpath(state, "dv.agora");
	struct forum *f1 = forum_new(path), *f2 = forum_reopen(path, 0);
	struct track *t;
	int64_t v1, v2;
	size_t n;

	v1 = forum_data_version(f1);
	assert_true(v1 >= 0);
	/* Our own commits do not count ... */
	add_track(f1, "Эко", "Экология");
	assert_int_equal(forum_data_version(f1), v1);
	/* ... another connection's do. */
	v2 = forum_data_version(f2);
	add_track(f2, "Соц", "Социальная политика");
	assert_int_not_equal(forum_data_version(f1), v1);
	assert_int_equal(forum_data_version(f2), v2);
	v1 = forum_data_version(f1);
	assert_int_equal(forum_data_version(f1), v1);

	/* And f1 sees the change without reopening. */
	assert_ok(f1, track_list(f1, &t, &n));
	assert_int_equal(n, 2);
	assert_string_equal(t[1].label, "Соц");
	track_free(t, n);
	forum_close(f2);
	forum_close(f1);
}

/* ---- records ---- */

static void
test_forum_info(void **state)
{
	const char *path = tpath(state, "info.agora");
	struct forum *f;
	struct forum_info fi;

	ticking_clock();
	f = forum_new(path);

	assert_ok(f, forum_info_get(f, &fi));
	assert_int_equal(fi.rec.id, 1);
	assert_true(uuid_v4(fi.rec.uuid));
	assert_string_equal(fi.title, "Тестовый форум");
	assert_string_equal(fi.resolution_title,
	    "Резолюция Тестового форума.");
	assert_string_equal(fi.city, "Г. Красноярск");
	assert_string_equal(fi.start_date, "2017-12-15");
	assert_string_equal(fi.end_date, "2017-12-16");
	assert_string_equal(fi.doc_date, "2018-01-30");
	assert_string_equal(fi.participants_intro,
	    "В работе Форума приняли участие:");
	assert_false(fi.final);
	free(fi.title);
	fi.title = xstrdup("IX Гражданский форум");
	fi.final = true;
	assert_ok(f, forum_info_set(f, &fi));
	forum_info_free(&fi);
	assert_ok(f, forum_info_get(f, &fi));
	assert_string_equal(fi.title, "IX Гражданский форум");
	assert_string_equal(fi.city, "Г. Красноярск");
	assert_true(fi.final);
	forum_info_free(&fi);
	assert_int_equal(db_int(f, "SELECT COUNT(*) FROM forum", 0), 1);
	/* The edit is undoable. */
	assert_ok(f, forum_undo(f, NULL));
	assert_ok(f, forum_info_get(f, &fi));
	assert_string_equal(fi.title, "Тестовый форум");
	assert_false(fi.final);
	forum_info_free(&fi);
	forum_close(f);
}

static void
test_tracks_sessions(void **state)
{
	const char *path = tpath(state, "tracks.agora");
	struct forum *f = forum_new(path);
	struct track *t, one;
	struct session s = { .title = (char *)"Сессия 1",
		.date = (char *)"2017-12-15", .time = (char *)"10:00",
		.room = (char *)"Зал 1" }, *sv;
	int64_t t1, t2, s1;
	size_t n;

	t1 = add_track(f, "Эко", "Экология");
	t2 = add_track(f, "Соц", "Социальная политика");
	assert_ok(f, track_list(f, &t, &n));
	assert_int_equal(n, 2);
	assert_int_equal(t[0].rec.id, t1);
	assert_int_equal(t[0].pos, 1);
	assert_string_equal(t[0].title, "Экология");
	assert_string_equal(t[0].moderator, "Иванов И. И.");
	assert_int_equal(t[1].rec.id, t2);
	assert_int_equal(t[1].pos, 2);
	track_free(t, n);

	assert_ok(f, track_get(f, t2, &one));
	free(one.label);
	one.label = xstrdup("Социум");
	assert_ok(f, track_update(f, &one));
	track_clear(&one);
	assert_ok(f, track_get(f, t2, &one));
	assert_string_equal(one.label, "Социум");
	assert_string_equal(one.title, "Социальная политика");
	track_clear(&one);

	s.track_id = t1;
	assert_ok(f, session_insert(f, &s));
	s1 = s.rec.id;
	assert_true(uuid_v4(s.rec.uuid));
	s.title = (char *)"Сессия 2";
	s.state = SESSION_OPEN;
	assert_ok(f, session_insert(f, &s));
	s.title = (char *)"Сессия другой секции";
	s.track_id = t2;
	assert_ok(f, session_insert(f, &s));
	assert_ok(f, session_list(f, t1, &sv, &n));
	assert_int_equal(n, 2);
	assert_int_equal(sv[0].rec.id, s1);
	assert_int_equal(sv[0].pos, 1);
	assert_string_equal(sv[0].room, "Зал 1");
	assert_string_equal(sv[0].time, "10:00");
	assert_int_equal(sv[0].state, SESSION_PLANNED);
	assert_string_equal(sv[1].title, "Сессия 2");
	assert_int_equal(sv[1].pos, 2);
	assert_int_equal(sv[1].state, SESSION_OPEN);
	sv[0].state = SESSION_CLOSED;
	assert_ok(f, session_update(f, &sv[0]));
	session_free(sv, n);
	assert_ok(f, session_list(f, 0, &sv, &n));
	assert_int_equal(n, 3);
	assert_int_equal(sv[0].state, SESSION_CLOSED);
	assert_int_equal(sv[2].track_id, t2);
	assert_int_equal(sv[2].pos, 1);
	session_free(sv, n);

	/* A track is deleted by its tombstone. */
	assert_ok(f, track_get(f, t2, &one));
	one.rec.deleted = true;
	assert_ok(f, track_update(f, &one));
	track_clear(&one);
	assert_ok(f, track_list(f, &t, &n));
	assert_int_equal(n, 1);
	assert_int_equal(t[0].rec.id, t1);
	track_free(t, n);
	one.rec.id = 9999;
	assert_st(ST_NOTFOUND, track_update(f, &one));
	assert_st(ST_NOTFOUND, track_get(f, 9999, &one));

	assert_string_equal(session_state_name(SESSION_CLOSED), "closed");
	assert_int_equal(session_state_parse("open"), SESSION_OPEN);
	assert_int_equal(session_state_parse("opened"), -1);
	assert_string_equal(proposal_status_name(PROPOSAL_MERGED), "merged");
	assert_int_equal(proposal_status_parse("accepted"), PROPOSAL_ACCEPTED);
	assert_int_equal(proposal_status_parse("Accepted"), -1);
	forum_close(f);
}

static void
test_addressees(void **state)
{
	const char *path = tpath(state, "addr.agora");
	struct forum *f = forum_new(path);
	struct addressee *a, one;
	int64_t a1, a2;
	size_t n;

	a1 = add_addressee(f, "Правительство", "Правительству края", false);
	a2 = add_addressee(f, "ОМСУ", "Органам местного самоуправления", true);
	assert_ok(f, addressee_list(f, &a, &n));
	assert_int_equal(n, 2);
	assert_int_equal(a[0].rec.id, a1);
	assert_false(a[0].recommend);
	assert_int_equal(a[1].rec.id, a2);
	assert_true(a[1].recommend);
	assert_int_equal(a[1].pos, 2);
	assert_string_equal(a[1].heading, "Органам местного самоуправления");
	addressee_free(a, n);

	assert_ok(f, addressee_get(f, a1, &one));
	one.recommend = true;
	free(one.heading);
	one.heading = xstrdup("Правительству Красноярского края");
	assert_ok(f, addressee_update(f, &one));
	addressee_clear(&one);
	assert_ok(f, addressee_get(f, a1, &one));
	assert_true(one.recommend);
	assert_string_equal(one.heading, "Правительству Красноярского края");
	assert_string_equal(one.label, "Правительство");
	addressee_clear(&one);
	assert_st(ST_NOTFOUND, addressee_get(f, 777, &one));
	forum_close(f);
}

static void
test_paragraphs_groups(void **state)
{
	const char *path = tpath(state, "para.agora");
	struct forum *f = forum_new(path);
	struct text_rec *t;
	int64_t o1, o2, c1, g1, g2;
	size_t n;

	assert_ok(f, paragraph_insert(f, PARA_OPENING, "Первый абзац", &o1));
	assert_ok(f, paragraph_insert(f, PARA_CLOSING, "Заключение", &c1));
	assert_ok(f, paragraph_insert(f, PARA_OPENING, "Второй абзац", &o2));
	assert_st(ST_INVALID, paragraph_insert(f, 3, "x", NULL));
	assert_ok(f, paragraph_list(f, PARA_OPENING, &t, &n));
	assert_int_equal(n, 2);
	assert_int_equal(t[0].rec.id, o1);
	assert_int_equal(t[0].pos, 1);
	assert_int_equal(t[0].part, PARA_OPENING);
	assert_int_equal(t[1].rec.id, o2);
	assert_int_equal(t[1].pos, 2);
	assert_string_equal(t[1].text, "Второй абзац");
	text_rec_free(t, n);
	assert_ok(f, paragraph_list(f, PARA_CLOSING, &t, &n));
	assert_int_equal(n, 1);
	assert_int_equal(t[0].rec.id, c1);
	assert_int_equal(t[0].pos, 1);
	text_rec_free(t, n);

	assert_ok(f, text_rec_update(f, "paragraph", o2, "Второй, исправлен"));
	assert_ok(f, paragraph_list(f, PARA_OPENING, &t, &n));
	assert_string_equal(t[1].text, "Второй, исправлен");
	text_rec_free(t, n);

	assert_ok(f, group_insert(f, "органы власти", &g1));
	assert_ok(f, group_insert(f, "некоммерческие организации", &g2));
	assert_ok(f, group_list(f, &t, &n));
	assert_int_equal(n, 2);
	assert_int_equal(t[0].rec.id, g1);
	assert_int_equal(t[1].rec.id, g2);
	assert_int_equal(t[1].pos, 2);
	assert_true(uuid_v4(t[1].rec.uuid));
	text_rec_free(t, n);
	assert_ok(f, text_rec_update(f, "participant_group", g1,
	    "органы государственной власти"));
	assert_ok(f, group_list(f, &t, &n));
	assert_string_equal(t[0].text, "органы государственной власти");
	text_rec_free(t, n);
	assert_st(ST_INVALID, text_rec_update(f, "proposal", g1, "x"));
	assert_st(ST_NOTFOUND, text_rec_update(f, "paragraph", 999, "x"));
	assert_false(forum_in_action(f));
	forum_close(f);
}

/* The ids of a track list, in order, as "1,2,3". */
static char *
track_order(struct forum *f)
{
	struct buf b = {0};
	struct track *t;
	size_t n, i;

	assert_ok(f, track_list(f, &t, &n));
	for (i = 0; i < n; i++) {
		assert_int_equal(t[i].pos, (int64_t)i + 1);
		buf_printf(&b, "%s%s", i ? "," : "", t[i].label);
	}
	track_free(t, n);
	return buf_steal(&b);
}

static void
assert_tracks(struct forum *f, const char *want)
{
	char *got = track_order(f);

	assert_string_equal(got, want);
	free(got);
}

static void
test_record_move(void **state)
{
	const char *path = tpath(state, "move.agora");
	struct forum *f;
	struct text_rec *t;
	int64_t a, b, d, o1, o2, c1, steps, stamp_a, stamp_d;
	size_t n;

	ticking_clock();
	f = forum_new(path);

	a = add_track(f, "A", "Альфа");
	b = add_track(f, "B", "Бета");
	add_track(f, "C", "Гамма");
	d = add_track(f, "D", "Дельта");
	assert_ok(f, record_move(f, "track", d, 1));
	assert_tracks(f, "D,A,B,C");
	assert_ok(f, record_move(f, "track", d, 100));
	assert_tracks(f, "A,B,C,D");
	assert_ok(f, record_move(f, "track", b, 0));
	assert_tracks(f, "B,A,C,D");
	assert_ok(f, record_move(f, "track", a, 3));
	assert_tracks(f, "B,C,A,D");
	/* Only the rows that moved are stamped; a move to the same place
	 * changes nothing and is no undo step. */
	steps = db_int(f, "SELECT COUNT(*) FROM undo_action", 0);
	stamp_a = db_int(f, "SELECT updated FROM track WHERE id = ?", a);
	stamp_d = db_int(f, "SELECT updated FROM track WHERE id = ?", d);
	assert_ok(f, record_move(f, "track", a, 3));
	assert_tracks(f, "B,C,A,D");
	assert_int_equal(db_int(f, "SELECT COUNT(*) FROM undo_action", 0),
	    steps);
	assert_int_equal(db_int(f, "SELECT updated FROM track WHERE id = ?", a),
	    stamp_a);
	assert_ok(f, record_move(f, "track", b, 2));
	assert_tracks(f, "C,B,A,D");
	assert_int_equal(db_int(f, "SELECT updated FROM track WHERE id = ?", a),
	    stamp_a);
	assert_int_equal(db_int(f, "SELECT updated FROM track WHERE id = ?", d),
	    stamp_d);
	assert_true(db_int(f, "SELECT updated FROM track WHERE id = ?", b) >
	    stamp_a);
	/* One move is one undo step, and moves undo one after another. */
	assert_ok(f, forum_undo(f, NULL));
	assert_tracks(f, "B,C,A,D");
	assert_ok(f, forum_undo(f, NULL));
	assert_tracks(f, "B,A,C,D");
	assert_ok(f, forum_undo(f, NULL));
	assert_tracks(f, "A,B,C,D");
	assert_ok(f, forum_redo(f, NULL));
	assert_tracks(f, "B,A,C,D");
	assert_ok(f, forum_redo(f, NULL));
	assert_tracks(f, "B,C,A,D");

	assert_st(ST_INVALID, record_move(f, "proposal", a, 1));
	assert_st(ST_INVALID, record_move(f, "sqlite_master", a, 1));
	assert_st(ST_NOTFOUND, record_move(f, "track", 4242, 1));
	assert_false(forum_in_action(f));

	/* Paragraphs move within their own part only. */
	assert_ok(f, paragraph_insert(f, PARA_OPENING, "о1", &o1));
	assert_ok(f, paragraph_insert(f, PARA_CLOSING, "з1", &c1));
	assert_ok(f, paragraph_insert(f, PARA_OPENING, "о2", &o2));
	assert_ok(f, record_move(f, "paragraph", o2, 1));
	assert_ok(f, paragraph_list(f, PARA_OPENING, &t, &n));
	assert_int_equal(n, 2);
	assert_int_equal(t[0].rec.id, o2);
	assert_int_equal(t[0].pos, 1);
	assert_int_equal(t[1].rec.id, o1);
	assert_int_equal(t[1].pos, 2);
	text_rec_free(t, n);
	assert_ok(f, paragraph_list(f, PARA_CLOSING, &t, &n));
	assert_int_equal(n, 1);
	assert_int_equal(t[0].pos, 1);
	text_rec_free(t, n);
	forum_close(f);
}

/* ---- names ---- */

static void
test_find(void **state)
{
	const char *path = tpath(state, "find.agora");
	struct forum *f = forum_new(path);
	int64_t omsu, smi, minobr, minzdrav, yolka, id, eco, econ;
	struct addressee a;
	const char *e;

	omsu = add_addressee(f, "ОМСУ", "Органам местного самоуправления",
	    true);
	smi = add_addressee(f, "СМИ", "Средствам массовой информации", true);
	minobr = add_addressee(f, "Минобр",
	    "Министерству образования Красноярского края", false);
	minzdrav = add_addressee(f, "Минздрав",
	    "Министерству здравоохранения Красноярского края", false);
	yolka = add_addressee(f, "Ёлка", "Ёлочному комитету", false);

	id = 0;
	assert_ok(f, addressee_find(f, "ОМСУ", &id));
	assert_int_equal(id, omsu);
	id = 0;
	assert_ok(f, addressee_find(f, "омсу", &id));
	assert_int_equal(id, omsu);
	id = 0;
	assert_ok(f, addressee_find(f, "омс", &id));
	assert_int_equal(id, omsu);
	id = 0;
	assert_ok(f, addressee_find(f, "ОРГАНАМ мест", &id));
	assert_int_equal(id, omsu);
	id = 0;
	assert_ok(f, addressee_find(f, "елка", &id));
	assert_int_equal(id, yolka);
	id = 0;
	assert_ok(f, addressee_find(f, "ЕЛОЧНОМУ", &id));
	assert_int_equal(id, yolka);
	id = 0;
	assert_ok(f, addressee_find(f, "ёлочн", &id));
	assert_int_equal(id, yolka);
	id = 0;
	assert_ok(f, addressee_find(f, "минз", &id));
	assert_int_equal(id, minzdrav);
	assert_ok(f, addressee_get(f, smi, &a));
	id = 0;
	assert_ok(f, addressee_find(f, a.rec.uuid, &id));
	assert_int_equal(id, smi);

	/* Ambiguous: the candidates, and only they, are listed. */
	assert_st(ST_AMBIGUOUS, addressee_find(f, "мин", &id));
	e = forum_error(f);
	if (!contains(e, "Минобр") || !contains(e, "Минздрав") ||
	    contains(e, "ОМСУ") || contains(e, "СМИ"))
		fail_msg("bad candidates: %s", e);
	assert_st(ST_AMBIGUOUS, addressee_find(f, "Министерству", &id));

	/* Unknown: every addressee is listed. */
	assert_st(ST_NOTFOUND, addressee_find(f, "Росстат", &id));
	e = forum_error(f);
	if (!contains(e, "Росстат") || !contains(e, "ОМСУ") ||
	    !contains(e, "СМИ") || !contains(e, "Минобр") ||
	    !contains(e, "Минздрав") || !contains(e, "Ёлка"))
		fail_msg("bad list: %s", e);
	assert_st(ST_NOTFOUND, addressee_find(f, "", &id));

	/* A deleted addressee is not found, nor listed. */
	a.rec.deleted = true;
	assert_ok(f, addressee_update(f, &a));
	addressee_clear(&a);
	assert_st(ST_NOTFOUND, addressee_find(f, "СМИ", &id));
	assert_false(contains(forum_error(f), "Средствам"));
	id = 0;
	assert_ok(f, addressee_find(f, "Минобр", &id));
	assert_int_equal(id, minobr);

	/* Tracks: an exact label wins over a longer label it prefixes. */
	eco = add_track(f, "Эко", "Экология и природопользование");
	econ = add_track(f, "Экономика", "Экономика региона");
	id = 0;
	assert_ok(f, track_find(f, "эко", &id));
	assert_int_equal(id, eco);
	id = 0;
	assert_ok(f, track_find(f, "экон", &id));
	assert_int_equal(id, econ);
	id = 0;
	assert_ok(f, track_find(f, "экология", &id));
	assert_int_equal(id, eco);
	assert_st(ST_AMBIGUOUS, track_find(f, "Э", &id));
	assert_st(ST_NOTFOUND, track_find(f, "Соц", &id));
	assert_true(contains(forum_error(f), "Экономика"));
	/* Two with the same label: ambiguous, and both are listed. */
	add_track(f, "эко", "Экологическое просвещение");
	assert_st(ST_AMBIGUOUS, track_find(f, "Эко", &id));
	e = forum_error(f);
	if (!contains(e, "природопользование") || !contains(e, "просвещение") ||
	    contains(e, "региона"))
		fail_msg("bad candidates: %s", e);
	forum_close(f);
}

/* ---- proposals ---- */

static void
test_tag(void **state)
{
	const char *path = tpath(state, "tag.agora");
	struct forum *f;
	int64_t tid, a1, a2, p, q, *ids, stamp, steps;
	char uuid[37];
	size_t n;

	ticking_clock();
	f = forum_new(path);
	tid = add_track(f, "Эко", "Экология");
	a1 = add_addressee(f, "Правительство", "Правительству края", false);
	a2 = add_addressee(f, "ОМСУ", "Органам местного самоуправления", true);
	p = add_proposal(f, tid, "Первое", PROPOSAL_ACCEPTED);
	q = add_proposal(f, tid, "Второе", PROPOSAL_ACCEPTED);

	assert_ok(f, proposal_tag(f, p, a2));
	assert_ok(f, proposal_tag(f, q, a2));
	stamp = db_int(f, "SELECT updated FROM proposal_addressee WHERE "
	    "proposal_id = ?", p);
	steps = db_int(f, "SELECT COUNT(*) FROM undo_action", 0);
	/* Tagging again changes nothing: no second link, no move to the
	 * end, no stamp, no undo step. */
	assert_ok(f, proposal_tag(f, p, a2));
	assert_int_equal(db_int(f, "SELECT COUNT(*) FROM proposal_addressee "
	    "WHERE proposal_id = ?", p), 1);
	assert_int_equal(db_int(f, "SELECT pos FROM proposal_addressee WHERE "
	    "proposal_id = ?", p), 1);
	assert_int_equal(db_int(f, "SELECT updated FROM proposal_addressee "
	    "WHERE proposal_id = ?", p), stamp);
	assert_int_equal(db_int(f, "SELECT COUNT(*) FROM undo_action", 0),
	    steps);
	assert_ok(f, proposal_untag(f, q, a2));
	assert_ok(f, proposal_tag(f, p, a1));
	/* In the addressees' order, not the order of tagging. */
	assert_ok(f, proposal_addressees(f, p, &ids, &n));
	assert_int_equal(n, 2);
	assert_int_equal(ids[0], a1);
	assert_int_equal(ids[1], a2);
	free(ids);
	assert_ok(f, record_move(f, "addressee", a2, 1));
	assert_ok(f, proposal_addressees(f, p, &ids, &n));
	assert_int_equal(n, 2);
	assert_int_equal(ids[0], a2);
	free(ids);

	{
		sqlite3_stmt *st = NULL;

		assert_int_equal(sqlite3_prepare_v2(forum_db(f), "SELECT uuid "
		    "FROM proposal_addressee WHERE proposal_id = ?1 AND "
		    "addressee_id = ?2", -1, &st, NULL), SQLITE_OK);
		sqlite3_bind_int64(st, 1, p);
		sqlite3_bind_int64(st, 2, a2);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		strcpy(uuid, (const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	assert_ok(f, proposal_untag(f, p, a2));
	assert_ok(f, proposal_addressees(f, p, &ids, &n));
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], a1);
	free(ids);
	/* The link stays as a tombstone ... */
	assert_int_equal(db_int(f, "SELECT deleted FROM proposal_addressee "
	    "WHERE proposal_id = ? AND addressee_id = "
	    "(SELECT id FROM addressee WHERE label = 'ОМСУ')", p), 1);
	/* ... and tagging again revives it, at the end of the list. */
	assert_ok(f, proposal_tag(f, q, a2));
	assert_ok(f, proposal_tag(f, p, a2));
	assert_ok(f, proposal_addressees(f, p, &ids, &n));
	assert_int_equal(n, 2);
	free(ids);
	assert_int_equal(db_int(f, "SELECT COUNT(*) FROM proposal_addressee "
	    "WHERE proposal_id = ?", p), 2);
	assert_int_equal(db_int(f, "SELECT deleted FROM proposal_addressee "
	    "WHERE proposal_id = ? AND addressee_id = "
	    "(SELECT id FROM addressee WHERE label = 'ОМСУ')", p), 0);
	assert_true(db_int(f, "SELECT pos FROM proposal_addressee WHERE "
	    "proposal_id = ? AND addressee_id = "
	    "(SELECT id FROM addressee WHERE label = 'ОМСУ')", p) >
	    db_int(f, "SELECT pos FROM proposal_addressee WHERE "
	    "proposal_id = ? AND addressee_id = "
	    "(SELECT id FROM addressee WHERE label = 'ОМСУ')", q));
	{
		sqlite3_stmt *st = NULL;

		assert_int_equal(sqlite3_prepare_v2(forum_db(f), "SELECT uuid "
		    "FROM proposal_addressee WHERE proposal_id = ?1 AND "
		    "addressee_id = ?2", -1, &st, NULL), SQLITE_OK);
		sqlite3_bind_int64(st, 1, p);
		sqlite3_bind_int64(st, 2, a2);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_string_equal((const char *)sqlite3_column_text(st, 0),
		    uuid);
		sqlite3_finalize(st);
	}
	/* Untagging what is not tagged changes nothing and is no error. */
	assert_ok(f, proposal_untag(f, q, a1));
	forum_close(f);
}

static void
test_proposal_check(void **state)
{
	const char *path = tpath(state, "check.agora");
	struct forum *f = forum_new(path);
	struct proposal p = {0}, good;
	int64_t tid, pid;

	tid = add_track(f, "Эко", "Экология");
	p.track_id = tid;
	p.text = (char *)"\xff\xfe мусор";
	assert_st(ST_INVALID, proposal_insert(f, &p));
	assert_true(contains(forum_error(f), "UTF-8"));
	p.text = (char *)"Обрезано \xd0";
	assert_st(ST_INVALID, proposal_insert(f, &p));
	p.text = (char *)"\xed\xa0\x80 суррогат";
	assert_st(ST_INVALID, proposal_insert(f, &p));
	p.text = NULL;
	assert_st(ST_INVALID, proposal_insert(f, &p));
	p.text = (char *)"Хороший текст";
	p.votes_for = -1;
	assert_st(ST_INVALID, proposal_insert(f, &p));
	assert_true(contains(forum_error(f), "votes"));
	p.votes_for = 0;
	p.votes_abstain = -5;
	assert_st(ST_INVALID, proposal_insert(f, &p));
	p.votes_abstain = 0;
	p.status = PROPOSAL_MERGED;
	assert_st(ST_INVALID, proposal_insert(f, &p));
	p.status = 7;
	assert_st(ST_INVALID, proposal_insert(f, &p));
	p.status = PROPOSAL_ACCEPTED;
	p.merged_into = 1;
	assert_st(ST_INVALID, proposal_insert(f, &p));
	assert_false(forum_in_action(f));
	assert_int_equal(db_int(f, "SELECT COUNT(*) FROM proposal", 0), 0);

	pid = add_proposal(f, tid, "Верный текст", PROPOSAL_NEW);
	assert_ok(f, proposal_get(f, pid, &good));
	free(good.text);
	good.text = xstrdup("Порча \xc3\x28");
	assert_st(ST_INVALID, proposal_update(f, &good));
	free(good.text);
	good.text = xstrdup("Верный текст");
	good.votes_against = -1;
	assert_st(ST_INVALID, proposal_update(f, &good));
	proposal_clear(&good);
	assert_text(f, pid, "Верный текст");
	assert_history(f, pid, 1, "Верный текст");
	assert_false(forum_in_action(f));

	/* A failed check inside an action leaves the action open. */
	assert_ok(f, forum_begin(f, "capture"));
	p.status = PROPOSAL_NEW;
	p.merged_into = 0;
	p.votes_for = -3;
	assert_st(ST_INVALID, proposal_insert(f, &p));
	assert_true(forum_in_action(f));
	p.votes_for = 3;
	assert_ok(f, proposal_insert(f, &p));
	assert_ok(f, forum_commit(f));

	/* A merged proposal with its target is fine. */
	p.status = PROPOSAL_MERGED;
	p.merged_into = pid;
	assert_ok(f, proposal_insert(f, &p));
	assert_ok(f, proposal_get(f, p.rec.id, &good));
	assert_int_equal(good.merged_into, pid);
	assert_int_equal(good.votes_for, 3);
	proposal_clear(&good);
	forum_close(f);
}

static void
test_counts(void **state)
{
	const char *path = tpath(state, "counts.agora");
	struct forum *f = forum_new(path);
	struct forum_counts c;
	int64_t t1, t2, a1, a2, p1, p2, p3, p4, p5, p6;

	assert_ok(f, forum_counts_get(f, &c));
	assert_int_equal(c.ntrack, 0);
	assert_int_equal(c.naddressee, 0);
	assert_int_equal(c.total, 0);
	forum_counts_free(&c);

	t1 = add_track(f, "Эко", "Экология");
	t2 = add_track(f, "Соц", "Социальная политика");
	add_track(f, "Пусто", "Пустая секция");
	a1 = add_addressee(f, "ОМСУ", "Органам местного самоуправления", true);
	a2 = add_addressee(f, "СМИ", "Средствам массовой информации", true);
	add_addressee(f, "Никому", "Никому", false);
	p1 = add_proposal(f, t1, "п1", PROPOSAL_ACCEPTED);
	p2 = add_proposal(f, t1, "п2", PROPOSAL_ACCEPTED);
	p3 = add_proposal(f, t1, "п3", PROPOSAL_REJECTED);
	p4 = add_proposal(f, t2, "п4", PROPOSAL_NEW);
	p5 = add_proposal(f, t2, "п5", PROPOSAL_NEW);
	{
		struct proposal p = { .track_id = t2, .text = (char *)"п6",
			.status = PROPOSAL_MERGED, .merged_into = p1 };

		assert_ok(f, proposal_insert(f, &p));
		p6 = p.rec.id;
	}
	assert_ok(f, proposal_tag(f, p1, a1));
	assert_ok(f, proposal_tag(f, p1, a2));
	assert_ok(f, proposal_tag(f, p2, a1));
	assert_ok(f, proposal_tag(f, p3, a1));
	assert_ok(f, proposal_tag(f, p4, a2));
	assert_ok(f, proposal_tag(f, p5, a2));
	assert_ok(f, proposal_tag(f, p6, a1));
	assert_ok(f, proposal_untag(f, p6, a1));
	assert_ok(f, proposal_delete(f, p5));

	assert_ok(f, forum_counts_get(f, &c));
	assert_int_equal(c.ntrack, 3);
	assert_string_equal(c.by_track[0].name, "Эко");
	assert_int_equal(c.by_track[0].count, 3);
	assert_string_equal(c.by_track[1].name, "Соц");
	assert_int_equal(c.by_track[1].count, 2);
	assert_string_equal(c.by_track[2].name, "Пусто");
	assert_int_equal(c.by_track[2].count, 0);
	assert_int_equal(c.naddressee, 3);
	assert_string_equal(c.by_addressee[0].name, "ОМСУ");
	assert_int_equal(c.by_addressee[0].count, 3);
	assert_string_equal(c.by_addressee[1].name, "СМИ");
	assert_int_equal(c.by_addressee[1].count, 2);
	assert_int_equal(c.by_addressee[2].count, 0);
	assert_int_equal(c.by_status[PROPOSAL_NEW], 1);
	assert_int_equal(c.by_status[PROPOSAL_ACCEPTED], 2);
	assert_int_equal(c.by_status[PROPOSAL_REJECTED], 1);
	assert_int_equal(c.by_status[PROPOSAL_MERGED], 1);
	assert_int_equal(c.total, 5);
	forum_counts_free(&c);
	assert_null(c.by_track);
	assert_int_equal(c.ntrack, 0);
	forum_close(f);
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, scratch_setup,       \
	scratch_teardown)
	const struct CMUnitTest tests[] = {
		T(test_create),
		T(test_refuse_other_files),
		T(test_migrate),
		T(test_newer),
		T(test_readonly),
		T(test_identity),
		T(test_updated),
		T(test_tombstone),
		T(test_undo_insert),
		T(test_undo_action_group),
		T(test_undo_edit_history),
		T(test_undo_restart),
		T(test_undo_drops_redo),
		T(test_undo_conflict),
		T(test_data_version),
		T(test_forum_info),
		T(test_tracks_sessions),
		T(test_addressees),
		T(test_paragraphs_groups),
		T(test_record_move),
		T(test_find),
		T(test_tag),
		T(test_proposal_check),
		T(test_counts),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
