/*
 * test_backup.c: snapshots and restore (model/backup.c).  When one is
 * taken (a new file gets none; the first change of a session after the
 * interval gets one before it; an unchanged forum none), names within one
 * second, the rotation, the sweep of unfinished temporary files, failures
 * turned into notices, the listing, and restore: round trip, undo of a
 * restore, refusals with nothing changed, a deleted forum made again.
 *
 * Real files in a scratch directory of their own, under $T when the runner
 * sets it, else under /tmp.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "../../model/backup.h"
#include "../../model/forum.h"
#include "../../model/records.h"
#include "../../model/util.h"

/* ---- scratch directory ---- */

struct scratch {
	char *dir;
	char *forum; /* dir/f.db */
	char *folder; /* dir/f.db.backups */
};

static int
scratch_setup(void **state)
{
	const char *base = getenv("T");
	struct scratch *s = xcalloc(1, sizeof *s);

	s->dir = xasprintf("%s/backup-XXXXXX", base && *base ? base : "/tmp");
	if (mkdtemp(s->dir) == NULL) {
		perror(s->dir);
		free(s->dir);
		free(s);
		return -1;
	}
	s->forum = xasprintf("%s/f.db", s->dir);
	s->folder = xasprintf("%s/f.db.backups", s->dir);
	/* Every test sets what it needs. */
	unsetenv("AGORA_BACKUP_INTERVAL");
	unsetenv("AGORA_BACKUP_KEEP");
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

	rm_rf(s->dir);
	free(s->dir);
	free(s->forum);
	free(s->folder);
	free(s);
	return 0;
}

/* ---- helpers ---- */

#define assert_ok(f, expr)                                                 \
	do {                                                               \
		enum status st_ = (expr);                                  \
		if (st_ != ST_OK)                                          \
			fail_msg("%s: %s (%s)", #expr, status_text(st_),   \
			    (f) != NULL ? forum_error(f) : "");            \
	} while (0)

static struct forum *
open_forum(const char *path, unsigned flags)
{
	struct forum *f;
	char *err = NULL;
	enum status st = forum_open(path, flags, &f, &err);

	if (st != ST_OK)
		fail_msg("forum_open %s: %s", path, err);
	return f;
}

/* A new forum at path with one track. */
static void
make_forum(const char *path)
{
	struct forum *f = open_forum(path, FORUM_CREATE);
	struct track t = { .pos = 1, .title = (char *)"Track",
		.label = (char *)"main", .moderator = (char *)"" };

	assert_ok(f, track_insert(f, &t));
	forum_close(f);
}

/* Adds n proposals to the open forum, one action each. */
static void
add(struct forum *f, int n)
{
	int64_t tid;

	assert_ok(f, track_find(f, "main", &tid));
	for (int i = 0; i < n; i++) {
		struct proposal p = { .track_id = tid,
			.text = (char *)"Построить школу.",
			.author = (char *)"", .organisation = (char *)"",
			.note = (char *)"" };

		assert_ok(f, forum_begin(f, "add"));
		assert_ok(f, proposal_insert(f, &p));
		assert_ok(f, forum_commit(f));
	}
}

/* Opens path, adds n proposals, closes. */
static void
session(const char *path, int n)
{
	struct forum *f = open_forum(path, 0);

	add(f, n);
	forum_close(f);
}

/* The names in dir that are snapshots (or, tmp, temporary files). */
static int
count_files(const char *dir, bool tmp)
{
	struct dirent *e;
	int n = 0;
	DIR *d = opendir(dir);

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' && (strcmp(e->d_name, ".") == 0 ||
		    strcmp(e->d_name, "..") == 0))
			continue;
		if ((strncmp(e->d_name, ".tmp-", 5) == 0) == tmp)
			n++;
	}
	closedir(d);
	return n;
}

static int64_t
proposals(const char *path)
{
	struct forum *f = open_forum(path, FORUM_READONLY);
	struct forum_counts c;
	int64_t n;

	assert_ok(f, forum_counts_get(f, &c));
	n = c.total;
	forum_counts_free(&c);
	forum_close(f);
	return n;
}

/* ---- when ---- */

static void
test_schedule(void **state)
{
	struct scratch *s = *state;
	struct forum *f;
	struct backup_snapshot *v;
	size_t n;
	char *err;

	make_forum(s->forum);
	/* A new file: nothing to keep yet, not even a folder. */
	session(s->forum, 1);
	assert_int_equal(access(s->folder, F_OK), -1);
	/* The next session's first change is preceded by a snapshot of the
	 * state before it. */
	session(s->forum, 2);
	assert_int_equal(count_files(s->folder, false), 1);
	assert_ok(NULL, backup_list(s->forum, &v, &n, &err));
	assert_int_equal(n, 1);
	assert_int_equal(v[0].proposals, 1);
	assert_true(v[0].size > 0);
	backup_list_free(v, n);
	/* Within the interval: none. */
	session(s->forum, 1);
	assert_int_equal(count_files(s->folder, false), 1);
	/* Reading: none, even when one would be due. */
	setenv("AGORA_BACKUP_INTERVAL", "0", 1);
	f = open_forum(s->forum, 0);
	assert_int_equal(proposals(s->forum), 4);
	forum_close(f);
	assert_int_equal(count_files(s->folder, false), 1);
	/* Interval 0: around every change. */
	session(s->forum, 1);
	assert_int_equal(count_files(s->folder, false), 3);
	assert_ok(NULL, backup_list(s->forum, &v, &n, &err));
	assert_int_equal(v[0].proposals, 5);
	assert_int_equal(v[1].proposals, 4);
	backup_list_free(v, n);
}

static void
test_now_and_unchanged(void **state)
{
	struct scratch *s = *state;
	struct forum *f;
	char *name, *name2, *err;

	make_forum(s->forum);
	session(s->forum, 3);
	f = open_forum(s->forum, 0);
	assert_int_equal(backup_now(f, &name, &err), ST_OK);
	assert_int_equal(backup_now(f, &name2, &err), ST_NOTHING);
	assert_string_equal(name, name2);
	free(name2);
	add(f, 1);
	assert_int_equal(backup_now(f, &name2, &err), ST_OK);
	assert_string_not_equal(name, name2);
	/* Taken within one second: a suffix, and the order kept. */
	assert_true(strlen(name2) >= strlen("2026-01-01T00-00-00Z.db"));
	free(name);
	free(name2);
	forum_close(f);

	f = open_forum(s->forum, FORUM_READONLY);
	assert_int_equal(backup_now(f, &name, &err), ST_READONLY);
	assert_non_null(err);
	free(err);
	forum_close(f);
}

static void
test_rotation_and_sweep(void **state)
{
	struct scratch *s = *state;
	struct backup_snapshot *v;
	struct forum *f;
	size_t n, i;
	char *name, *err, *tmp;
	int fd;

	setenv("AGORA_BACKUP_KEEP", "3", 1);
	make_forum(s->forum);
	session(s->forum, 1);
	f = open_forum(s->forum, 0);
	for (i = 0; i < 6; i++) {
		add(f, 1);
		assert_int_equal(backup_now(f, &name, &err), ST_OK);
		free(name);
	}
	assert_int_equal(count_files(s->folder, false), 3);
	assert_ok(NULL, backup_list(s->forum, &v, &n, &err));
	assert_int_equal(n, 3);
	for (i = 0; i < n; i++)
		assert_int_equal(v[i].proposals, 7 - (int64_t)i);
	backup_list_free(v, n);

	/* A process killed while it made a snapshot left these. */
	tmp = xasprintf("%s/.tmp-AbCdEf", s->folder);
	fd = open(tmp, O_WRONLY | O_CREAT, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "half", 4), 4);
	close(fd);
	free(tmp);
	assert_int_equal(count_files(s->folder, true), 1);
	add(f, 1);
	assert_int_equal(backup_now(f, &name, &err), ST_OK);
	free(name);
	assert_int_equal(count_files(s->folder, true), 0);
	forum_close(f);

	/* No snapshots at all. */
	setenv("AGORA_BACKUP_KEEP", "0", 1);
	rm_rf(s->folder);
	session(s->forum, 2);
	assert_int_equal(access(s->folder, F_OK), -1);
}

static int notices;

static void
on_notice(void *ctx, const char *msg)
{
	assert_string_equal(ctx, "ctx");
	assert_non_null(strstr(msg, "no snapshot was taken"));
	notices++;
}

static void
test_failure_is_a_notice(void **state)
{
	struct scratch *s = *state;
	struct forum *f;
	char *msg;
	FILE *fp;

	setenv("AGORA_BACKUP_INTERVAL", "0", 1);
	make_forum(s->forum);
	session(s->forum, 1);
	/* The folder's name taken by a file. */
	rm_rf(s->folder);
	fp = fopen(s->folder, "w");
	assert_non_null(fp);
	fclose(fp);
	f = open_forum(s->forum, 0);
	add(f, 1); /* the save stands */
	msg = backup_notice(f);
	assert_non_null(msg);
	assert_non_null(strstr(msg, "not a folder"));
	free(msg);
	assert_null(backup_notice(f));
	notices = 0;
	backup_set_notice(f, on_notice, (void *)"ctx");
	add(f, 1);
	assert_true(notices >= 1);
	assert_null(backup_notice(f));
	forum_close(f);
	assert_int_equal(proposals(s->forum), 3);
}

/* ---- restore ---- */

static void
test_restore(void **state)
{
	struct scratch *s = *state;
	struct backup_snapshot *v;
	struct forum *f, *other;
	char *name, *err, *restored, *before, *oldest;
	size_t n;
	int64_t dv;

	make_forum(s->forum);
	session(s->forum, 2);
	f = open_forum(s->forum, 0);
	assert_int_equal(backup_now(f, &name, &err), ST_OK);
	oldest = name;
	add(f, 3);
	assert_int_equal(backup_now(f, &name, &err), ST_OK);
	free(name);
	add(f, 1);

	/* Another session on the file sees the restore. */
	other = open_forum(s->forum, 0);
	dv = forum_data_version(other);
	assert_int_equal(backup_restore(s->forum, "2", &restored, &before,
	    &err), ST_OK);
	assert_string_equal(restored, oldest);
	assert_non_null(before);
	assert_int_equal(proposals(s->forum), 2);
	assert_true(forum_data_version(other) != dv);
	forum_close(other);
	/* The forum's own connection goes on working. */
	add(f, 1);
	assert_int_equal(proposals(s->forum), 3);
	forum_close(f);
	free(restored);

	/* Restoring the state before takes the restore back. */
	assert_int_equal(backup_restore(s->forum, before, &restored, &name,
	    &err), ST_OK);
	assert_int_equal(proposals(s->forum), 6);
	free(restored);
	free(name);
	free(before);

	/* By name without ".db". */
	name = xstrndup(oldest, strlen(oldest) - 3);
	assert_int_equal(backup_restore(s->forum, name, &restored, &before,
	    &err), ST_OK);
	assert_int_equal(proposals(s->forum), 2);
	free(name);
	free(restored);
	free(before);

	/* Deleted by mistake: made again. */
	assert_ok(NULL, backup_list(s->forum, &v, &n, &err));
	backup_list_free(v, n);
	unlink(s->forum);
	/* Not beside the -wal of the file that was (left by the read-only
	 * connections above): SQLite would apply it to the new one. */
	name = xasprintf("%s-wal", s->forum);
	fclose(fopen(name, "a"));
	assert_int_equal(backup_restore(s->forum, oldest, &restored, &before,
	    &err), ST_EXISTS);
	assert_non_null(strstr(err, "move it away"));
	free(err);
	unlink(name);
	free(name);
	name = xasprintf("%s-shm", s->forum);
	unlink(name);
	free(name);
	assert_int_equal(backup_restore(s->forum, oldest, &restored, &before,
	    &err), ST_OK);
	assert_null(before);
	assert_int_equal(proposals(s->forum), 2);
	free(restored);
	session(s->forum, 1);
	free(oldest);
}

static void
test_restore_refused(void **state)
{
	struct scratch *s = *state;
	struct forum *f;
	char *name, *err, *restored, *before, *path, *other, *odir, *to;
	sqlite3 *db;
	int fd, nsnap;

	make_forum(s->forum);
	session(s->forum, 2);
	f = open_forum(s->forum, 0);
	assert_int_equal(backup_now(f, &name, &err), ST_OK);
	forum_close(f);
	nsnap = count_files(s->folder, false);

	assert_int_equal(backup_restore(s->forum, "9", &restored, &before,
	    &err), ST_NOTFOUND);
	assert_non_null(strstr(err, "nothing was changed"));
	free(err);

	/* Damaged: page 2 overwritten. */
	path = xasprintf("%s/2000-01-01T00-00-01Z.db", s->folder);
	{
		char *src = xasprintf("%s/%s", s->folder, name), buf[4096];
		int in = open(src, O_RDONLY), out;
		ssize_t r;

		out = open(path, O_WRONLY | O_CREAT, 0644);
		while ((r = read(in, buf, sizeof buf)) > 0)
			assert_int_equal(write(out, buf, (size_t)r), r);
		memset(buf, 0xA5, sizeof buf);
		assert_int_equal(pwrite(out, buf, sizeof buf, 4096), 4096);
		close(in);
		close(out);
		free(src);
	}
	assert_int_equal(backup_restore(s->forum, "2000-01-01T00-00-01Z",
	    &restored, &before, &err), ST_CORRUPT);
	assert_non_null(strstr(err, "damaged"));
	free(err);
	unlink(path);
	free(path);

	/* Another forum's snapshot. */
	other = xasprintf("%s/o.db", s->dir);
	make_forum(other);
	session(other, 1);
	f = open_forum(other, 0);
	free(name);
	assert_int_equal(backup_now(f, &name, &err), ST_OK);
	forum_close(f);
	odir = backup_dir(other);
	path = xasprintf("%s/%s", odir, name);
	to = xasprintf("%s/2000-01-01T00-00-02Z.db", s->folder);
	assert_int_equal(rename(path, to), 0);
	free(to);
	assert_int_equal(backup_restore(s->forum, "2000-01-01T00-00-02Z.db",
	    &restored, &before, &err), ST_INVALID);
	assert_non_null(strstr(err, "another copy"));
	free(err);
	free(path);
	free(odir);
	free(other);

	/* Not a forum at all. */
	path = xasprintf("%s/2000-01-01T00-00-03Z.db", s->folder);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE t (x)", NULL, NULL,
	    NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(backup_restore(s->forum, "2000-01-01T00-00-03Z",
	    &restored, &before, &err), ST_NOTFORUM);
	free(err);
	free(path);

	/* Not a forum to restore into. */
	path = xasprintf("%s/notes.txt", s->dir);
	fd = open(path, O_WRONLY | O_CREAT, 0644);
	assert_int_equal(write(fd, "notes\n", 6), 6);
	close(fd);
	assert_int_equal(backup_restore(path, "1", &restored, &before, &err),
	    ST_NOTFORUM);
	free(err);
	free(path);

	/* Nothing changed by any of it: the forum, and no snapshot taken
	 * (two planted above are left). */
	assert_int_equal(proposals(s->forum), 2);
	assert_int_equal(count_files(s->folder, false), nsnap + 2);
	free(name);
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, scratch_setup,       \
	scratch_teardown)
	const struct CMUnitTest tests[] = {
		T(test_schedule),
		T(test_now_and_unchanged),
		T(test_rotation_and_sweep),
		T(test_failure_is_a_notice),
		T(test_restore),
		T(test_restore_refused),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
