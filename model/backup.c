/*
 * backup.c: snapshots of the forum file and restoring one (backup.h).
 *
 * A snapshot is made by SQLite's online backup API from the forum's own
 * connection: it copies the pages of one read transaction, so it holds
 * every committed change, those still in the -wal included, and none half
 * made; a plain copy of the file would miss the first and may catch the
 * second.  The copy goes to a temporary name in the folder, is switched from
 * WAL to the rollback journal (so that reading it later leaves no -wal or
 * -shm beside it), flushed with fsync and renamed to its final name, and the
 * folder is flushed too: after a crash a snapshot is whole or absent.
 *
 * Several processes may work on one file (moderators over SSH, scripts):
 * whoever takes a snapshot holds an flock on the folder, and the others
 * skip theirs meanwhile, since one is being made.  Temporary files left by
 * a process killed half way are removed under the same lock, when no one
 * can be writing them.
 *
 * "Changed since the newest snapshot" is read from the file system: each
 * snapshot's modification time is set to that of the forum it copies (the
 * newer of the file and a non-empty -wal, read before the copy starts), and
 * the forum changed if it is newer now.  A commit writes the -wal, so none
 * is missed, save one made in the same clock tick as that reading, which
 * the next commit brings in.  The opposite error (a checkpoint rewrites the
 * file without changing the data) costs a copy that is then found equal to
 * the newest snapshot byte for byte and dropped.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "backup.h"
#include "forum.h"
#include "i18n.h"
#include "util.h"

#define BACKUP_TMP_PREFIX ".tmp-"
#define BACKUP_BUSY_MS 10000 /* as the forum's own busy timeout */

struct backup {
	int keep;
	int64_t interval;   /* seconds */
	int64_t next_check; /* real time in ms before which none can be due */
	char *notice;
	backup_notice_fn *notify;
	void *ctx;
};

/* One snapshot in the folder. */
struct snap {
	char *name;
	int64_t time; /* from the name */
	long seq;     /* 1 for "...Z.db", n for "...Z-n.db" */
	struct timespec mtime;
	int64_t size;
};

/* How snap_take() works. */
#define SNAP_FORCE 0x1u    /* due or not (but never a duplicate) */
#define SNAP_WAIT 0x2u     /* wait for another process's snapshot */
#define SNAP_NOPRUNE 0x4u  /* keep more than keep, for now */
#define SNAP_SKIP_NEW 0x8u /* not a file without proposals or snapshots */

/* Real time in milliseconds: never AGORA_NOW, which fixes the records'
 * clock for reproducible files but must not fix the snapshots' names. */
static int64_t
backup_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A non-negative integer from the environment, or def. */
static int64_t
env_int(const char *name, int64_t def)
{
	const char *s = getenv(name);
	char *end;
	long long v;

	if (s == NULL || *s == '\0')
		return def;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end != '\0' || errno != 0 || v < 0 || v > 1000000000)
		return def;
	return (int64_t)v;
}

struct backup *
backup_new(void)
{
	struct backup *b = xcalloc(1, sizeof *b);

	b->keep = (int)env_int("AGORA_BACKUP_KEEP", BACKUP_KEEP);
	b->interval = env_int("AGORA_BACKUP_INTERVAL", BACKUP_INTERVAL);
	return b;
}

void
backup_free(struct backup *b)
{
	if (b == NULL)
		return;
	free(b->notice);
	free(b);
}

void
backup_set_notice(struct forum *f, backup_notice_fn *fn, void *ctx)
{
	struct backup *b = forum_backup(f);

	if (b == NULL)
		return;
	b->notify = fn;
	b->ctx = ctx;
}

char *
backup_notice(struct forum *f)
{
	struct backup *b = forum_backup(f);
	char *s;

	if (b == NULL)
		return NULL;
	s = b->notice;
	b->notice = NULL;
	return s;
}

char *
backup_dir(const char *path)
{
	return xasprintf("%s%s", path, BACKUP_SUFFIX);
}

/* ---- names ---- */

/* True if s starts with the digits and separators of pattern ('d': a
 * digit, anything else: itself). */
static bool
name_match(const char *s, const char *pattern)
{
	for (; *pattern != '\0'; s++, pattern++) {
		if (*pattern == 'd' ? (*s < '0' || *s > '9') : *s != *pattern)
			return false;
	}
	return true;
}

/* Reads "YYYY-MM-DDTHH-MM-SSZ.db" or "...Z-N.db". */
static bool
name_parse(const char *name, int64_t *t, long *seq)
{
	struct tm tm;
	const char *p = name + 20;
	char *end;

	if (!name_match(name, "dddd-dd-ddTdd-dd-ddZ"))
		return false;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = (int)strtol(name, NULL, 10) - 1900;
	tm.tm_mon = (int)strtol(name + 5, NULL, 10) - 1;
	tm.tm_mday = (int)strtol(name + 8, NULL, 10);
	tm.tm_hour = (int)strtol(name + 11, NULL, 10);
	tm.tm_min = (int)strtol(name + 14, NULL, 10);
	tm.tm_sec = (int)strtol(name + 17, NULL, 10);
	*seq = 1;
	if (*p == '-') {
		if (p[1] < '1' || p[1] > '9')
			return false;
		errno = 0;
		*seq = strtol(p + 1, &end, 10);
		if (errno != 0 || *seq < 2)
			return false;
		p = end;
	}
	if (strcmp(p, ".db") != 0)
		return false;
	*t = (int64_t)timegm(&tm);
	return true;
}

/* The name of a snapshot taken at t (seconds), seq as name_parse().
 * Caller frees. */
static char *
name_make(int64_t t, long seq)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char s[32];

	gmtime_r(&tt, &tm);
	/* 20 characters, always: the buffer holds them. */
	(void)strftime(s, sizeof s, "%Y-%m-%dT%H-%M-%SZ", &tm);
	return seq > 1 ? xasprintf("%s-%ld.db", s, seq) : xasprintf("%s.db", s);
}

/* Newest first. */
static int
snap_cmp(const void *a, const void *b)
{
	const struct snap *x = a, *y = b;

	if (x->time != y->time)
		return x->time < y->time ? 1 : -1;
	if (x->seq != y->seq)
		return x->seq < y->seq ? 1 : -1;
	return 0;
}

static void
snaps_free(struct snap *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}

/*
 * The snapshots in the folder open as dfd, newest first.  clean: also
 * remove the temporary files of snapshots never finished (the caller holds
 * the folder's lock).  A missing folder has none.
 */
static enum status
snaps_read(int dfd, bool clean, struct snap **out, size_t *n,
    struct buf *err)
{
	struct snap *v = NULL;
	struct dirent *e;
	struct stat sb;
	size_t nv = 0;
	DIR *d;
	int fd;

	*out = NULL;
	*n = 0;
	if ((fd = dup(dfd)) < 0 || (d = fdopendir(fd)) == NULL) {
		buf_printf(err, "%s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return ST_IO;
	}
	rewinddir(d);
	while ((e = readdir(d)) != NULL) {
		int64_t t;
		long seq;

		if (strncmp(e->d_name, BACKUP_TMP_PREFIX,
		    strlen(BACKUP_TMP_PREFIX)) == 0) {
			if (clean)
				unlinkat(dfd, e->d_name, 0);
			continue;
		}
		if (!name_parse(e->d_name, &t, &seq) ||
		    fstatat(dfd, e->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISREG(sb.st_mode))
			continue;
		v = xreallocarray(v, nv + 1, sizeof *v);
		v[nv].name = xstrdup(e->d_name);
		v[nv].time = t;
		v[nv].seq = seq;
		v[nv].mtime = sb.st_mtim;
		v[nv].size = (int64_t)sb.st_size;
		nv++;
	}
	closedir(d);
	if (nv > 1)
		qsort(v, nv, sizeof *v, snap_cmp);
	*out = v;
	*n = nv;
	return ST_OK;
}

/* a is later than b. */
static bool
ts_after(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec != b->tv_sec ? a->tv_sec > b->tv_sec :
	    a->tv_nsec > b->tv_nsec;
}

/* When the forum at path last changed, by the file system: the newer
 * modification time of the file and of its -wal if that holds anything. */
static void
source_mtime(const char *path, struct timespec *out)
{
	struct stat sb;
	char *wal = xasprintf("%s-wal", path);

	out->tv_sec = 0;
	out->tv_nsec = 0;
	if (stat(path, &sb) == 0)
		*out = sb.st_mtim;
	if (stat(wal, &sb) == 0 && sb.st_size > 0 && ts_after(&sb.st_mtim, out))
		*out = sb.st_mtim;
	free(wal);
}

/* True if the files at a and b (in folder dfd) hold the same bytes. */
static bool
files_same(int dfd, const char *a, const char *b)
{
	static const size_t chunk = 65536;
	char *x = xmalloc(chunk), *y = xmalloc(chunk);
	bool same = false;
	int fa, fb;

	fa = openat(dfd, a, O_RDONLY | O_CLOEXEC);
	fb = openat(dfd, b, O_RDONLY | O_CLOEXEC);
	if (fa >= 0 && fb >= 0) {
		for (;;) {
			ssize_t na = read(fa, x, chunk), nb = read(fb, y, chunk);

			if (na < 0 || na != nb || memcmp(x, y, (size_t)na) != 0)
				break;
			if (na == 0) {
				same = true;
				break;
			}
		}
	}
	if (fa >= 0)
		close(fa);
	if (fb >= 0)
		close(fb);
	free(x);
	free(y);
	return same;
}

/* A status for an SQLite result code. */
static enum status
sql_status(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return ST_BUSY;
	case SQLITE_FULL:
		return ST_FULL;
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
		return ST_IO;
	case SQLITE_READONLY:
		return ST_READONLY;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return ST_CORRUPT;
	default:
		return ST_DB;
	}
}

/* Why the last call on db failed: the system's reason when there is one
 * (EFBIG says more than "disk I/O error"). */
static void
sql_reason(struct buf *err, sqlite3 *db, int rc)
{
	int e = db != NULL ? sqlite3_system_errno(db) : 0;

	if ((rc & 0xff) == SQLITE_FULL)
		buf_adds(err, _("the disk is full"));
	else if (e != 0 && ((rc & 0xff) == SQLITE_IOERR ||
	    (rc & 0xff) == SQLITE_CANTOPEN))
		buf_adds(err, strerror(e));
	else
		buf_adds(err, db != NULL ? sqlite3_errmsg(db) :
		    sqlite3_errstr(rc));
}

/* Copies everything of src into dst (the backup API), waiting for locks up
 * to BACKUP_BUSY_MS in all (dst's busy handler may wait within a step). */
static int
copy_db(sqlite3 *dst, sqlite3 *src)
{
	sqlite3_backup *bk = sqlite3_backup_init(dst, "main", src, "main");
	int64_t start = backup_now_ms();
	int rc;

	if (bk == NULL)
		return sqlite3_errcode(dst);
	for (;;) {
		rc = sqlite3_backup_step(bk, -1);
		if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) ||
		    backup_now_ms() - start >= BACKUP_BUSY_MS)
			break;
		sqlite3_sleep(10);
	}
	if (rc == SQLITE_DONE)
		rc = sqlite3_backup_finish(bk);
	else
		sqlite3_backup_finish(bk);
	return rc;
}

/*
 * Writes a copy of the database open on src to a new temporary file in the
 * folder dir, flushed to disk, with mode and modification time mtime.
 * *tmp (caller frees) is its name in the folder.  The caller holds the
 * folder's lock.
 */
static enum status
snap_write(sqlite3 *src, const char *dir, mode_t mode,
    const struct timespec *mtime, char **tmp, struct buf *err)
{
	char *path = xasprintf("%s/" BACKUP_TMP_PREFIX "XXXXXX", dir);
	struct timespec times[2];
	sqlite3 *dst = NULL;
	enum status st = ST_OK;
	int fd, rc;

	*tmp = NULL;
	if ((fd = mkstemp(path)) < 0) {
		st = errno == ENOSPC ? ST_FULL : ST_IO;
		buf_printf(err, "%s: %s", dir, errno == ENOSPC ?
		    _("the disk is full") : strerror(errno));
		free(path);
		return st;
	}
	close(fd);
	rc = sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_extended_result_codes(dst, 1);
		/* No journal while the copy is made: a failed copy is thrown
		 * away whole.  The file is flushed below, once. */
		rc = sqlite3_exec(dst, "PRAGMA locking_mode = EXCLUSIVE;"
		    "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF",
		    NULL, NULL, NULL);
	}
	if (rc == SQLITE_OK)
		rc = copy_db(dst, src);
	/* The copy says WAL, as its source: make it a file that a reader
	 * opens without making a -wal and -shm beside it. */
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(dst, "PRAGMA journal_mode = DELETE", NULL,
		    NULL, NULL);
	if (rc != SQLITE_OK) {
		st = sql_status(rc);
		buf_printf(err, "%s: ", dir);
		sql_reason(err, dst, rc);
	}
	sqlite3_close(dst);
	if (st == ST_OK) {
		fd = open(path, O_RDWR | O_CLOEXEC);
		times[0].tv_sec = 0;
		times[0].tv_nsec = UTIME_NOW;
		times[1] = *mtime;
		if (fd < 0 || fchmod(fd, mode) != 0 ||
		    futimens(fd, times) != 0 || fsync(fd) != 0) {
			st = errno == ENOSPC ? ST_FULL : ST_IO;
			buf_printf(err, "%s: %s", dir, strerror(errno));
		}
		if (fd >= 0)
			close(fd);
	}
	if (st != ST_OK) {
		/* A -wal SQLite may have left beside it goes at the next
		 * snapshot's sweep of temporary files. */
		unlink(path);
		free(path);
		return st;
	}
	*tmp = xstrdup(strrchr(path, '/') + 1);
	free(path);
	return ST_OK;
}

/* Opens (making it if need be) and locks the snapshot folder of path.
 * ST_BUSY without wait when another process holds it. */
static enum status
dir_lock(const char *dir, bool wait, int *dfd, struct buf *err)
{
	int fd, e;

	*dfd = -1;
	if (mkdir(dir, 0777) != 0 && (e = errno) != EEXIST) {
		buf_printf(err, "%s: %s", dir, e == ENOSPC ?
		    _("the disk is full") : strerror(e));
		return e == ENOSPC ? ST_FULL : ST_IO;
	}
	/* A symbolic link to a folder elsewhere (another disk) is fine. */
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		e = errno;
		buf_printf(err, "%s: %s", dir, e == ENOTDIR ?
		    _("exists and is not a folder") : strerror(e));
		return ST_IO;
	}
	while (flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0) {
		if ((e = errno) == EINTR)
			continue;
		close(fd);
		if (e == EWOULDBLOCK)
			return ST_BUSY;
		buf_printf(err, "%s: %s", dir, strerror(e));
		return ST_IO;
	}
	*dfd = fd;
	return ST_OK;
}

/* Removes the oldest of the snapshots v (newest first) beyond keep. */
static void
snaps_prune(int dfd, const struct snap *v, size_t n, size_t keep)
{
	size_t i;

	for (i = keep; i < n; i++)
		unlinkat(dfd, v[i].name, 0);
}

/* True if the forum on db holds no proposal (a file just made). */
static bool
forum_empty(sqlite3 *db)
{
	sqlite3_stmt *st;
	bool empty = false;

	if (sqlite3_prepare_v2(db, "SELECT NOT EXISTS (SELECT 1 FROM proposal)",
	    -1, &st, NULL) != SQLITE_OK)
		return false;
	if (sqlite3_step(st) == SQLITE_ROW)
		empty = sqlite3_column_int(st, 0) != 0;
	sqlite3_finalize(st);
	return empty;
}

/*
 * Takes a snapshot of the database open on src, the forum at path, when it
 * is due (or always, SNAP_FORCE).  ST_OK: taken, *name (caller frees) is
 * its name.  ST_NOTHING: not due; *name is the newest snapshot's if the
 * forum has not changed since, else NULL.  ST_BUSY: another process is
 * taking one.  *newest: the time of the newest snapshot after all this
 * (seconds), or -1.  Anything else failed and err says why.
 */
static enum status
snap_take(sqlite3 *src, const char *path, unsigned how, int keep,
    int64_t interval, char **name, int64_t *newest, struct buf *err)
{
	char *dir = backup_dir(path), *tmp = NULL, *final = NULL;
	struct snap *v = NULL;
	struct timespec srcm;
	struct stat sb;
	enum status st;
	size_t n = 0;
	int64_t now = backup_now_ms() / 1000;
	long seq;
	int dfd;

	*name = NULL;
	*newest = -1;
	dfd = -1;
	/* A new file: no folder for it yet. */
	if (!(how & SNAP_FORCE) && (how & SNAP_SKIP_NEW) &&
	    stat(dir, &sb) != 0 && errno == ENOENT && forum_empty(src)) {
		st = ST_NOTHING;
		goto out;
	}
	if ((st = dir_lock(dir, how & SNAP_WAIT, &dfd, err)) != ST_OK)
		goto out;
	if ((st = snaps_read(dfd, true, &v, &n, err)) != ST_OK)
		goto out;
	*newest = n > 0 ? v[0].time : -1;
	source_mtime(path, &srcm);
	if (!(how & SNAP_FORCE)) {
		if (n == 0 && (how & SNAP_SKIP_NEW) && forum_empty(src)) {
			st = ST_NOTHING;
			goto out;
		}
		if (n > 0 && !ts_after(&srcm, &v[0].mtime)) {
			*name = xstrdup(v[0].name);
			st = ST_NOTHING;
			goto out;
		}
		/* A newest snapshot in the future: the clock went back. */
		if (n > 0 && now - v[0].time < interval && v[0].time <= now) {
			st = ST_NOTHING;
			goto out;
		}
	}
	seq = n > 0 && v[0].time == now ? v[0].seq + 1 : 1;
	for (;; seq++) {
		free(final);
		final = name_make(now, seq);
		if (fstatat(dfd, final, &sb, AT_SYMLINK_NOFOLLOW) != 0)
			break;
	}
	if (stat(path, &sb) != 0)
		sb.st_mode = 0644;
	st = snap_write(src, dir, sb.st_mode & 0666, &srcm, &tmp, err);
	if (st != ST_OK)
		goto out;
	if (n > 0 && files_same(dfd, tmp, v[0].name)) {
		struct timespec times[2];

		/* Nothing new: the newest stands for this state too. */
		unlinkat(dfd, tmp, 0);
		times[0].tv_sec = 0;
		times[0].tv_nsec = UTIME_OMIT;
		times[1] = srcm;
		utimensat(dfd, v[0].name, times, AT_SYMLINK_NOFOLLOW);
		*name = xstrdup(v[0].name);
		st = ST_NOTHING;
		goto out;
	}
	if (renameat(dfd, tmp, dfd, final) != 0 || fsync(dfd) != 0) {
		buf_printf(err, "%s: %s", dir, strerror(errno));
		unlinkat(dfd, tmp, 0);
		st = ST_IO;
		goto out;
	}
	*newest = now;
	if (!(how & SNAP_NOPRUNE) && keep > 0)
		snaps_prune(dfd, v, n, (size_t)keep - 1);
	*name = final;
	final = NULL;
	st = ST_OK;
out:
	if (dfd >= 0)
		close(dfd); /* and the lock with it */
	snaps_free(v, n);
	free(final);
	free(tmp);
	free(dir);
	return st;
}

void
backup_tick(struct forum *f)
{
	struct backup *b = forum_backup(f);
	struct buf err = {0};
	enum status st;
	int64_t now, newest;
	char *name = NULL, *msg;

	if (b == NULL || b->keep == 0 || forum_readonly(f) ||
	    !sqlite3_get_autocommit(forum_db(f)))
		return;
	now = backup_now_ms();
	if (now < b->next_check)
		return;
	st = snap_take(forum_db(f), forum_path(f), SNAP_SKIP_NEW, b->keep,
	    b->interval, &name, &newest, &err);
	switch (st) {
	case ST_OK:
		b->next_check = now + b->interval * 1000;
		break;
	case ST_NOTHING:
		/* Unchanged: look again after the next change.  Not due yet:
		 * when the newest snapshot is an interval old.  A new file: an
		 * interval from now. */
		if (name != NULL)
			b->next_check = 0;
		else if (newest >= 0)
			b->next_check = (newest + b->interval) * 1000;
		else
			b->next_check = now + b->interval * 1000;
		break;
	case ST_BUSY:
		b->next_check = 0; /* someone else is taking it */
		break;
	default:
		b->next_check = now + b->interval * 1000;
		msg = xasprintf(_("%s: no snapshot was taken: %s"), forum_path(f),
		    buf_str(&err));
		if (b->notify != NULL) {
			b->notify(b->ctx, msg);
			free(msg);
		} else {
			free(b->notice);
			b->notice = msg;
		}
		break;
	}
	free(name);
	buf_free(&err);
}

enum status
backup_now(struct forum *f, char **name, char **err)
{
	struct backup *b = forum_backup(f);
	struct buf e = {0};
	enum status st;
	int64_t newest;

	*name = NULL;
	*err = NULL;
	if (forum_readonly(f)) {
		*err = xasprintf(_("%s: the file is read-only; a snapshot copies "
		    "a forum that can change"), forum_path(f));
		return ST_READONLY;
	}
	if (!sqlite3_get_autocommit(forum_db(f))) {
		*err = xasprintf(_("%s: a change is being made"), forum_path(f));
		return ST_INVALID;
	}
	st = snap_take(forum_db(f), forum_path(f), SNAP_FORCE | SNAP_WAIT,
	    b != NULL && b->keep > 0 ? b->keep : BACKUP_KEEP, 0, name,
	    &newest, &e);
	if (st != ST_OK && st != ST_NOTHING)
		*err = xasprintf(_("%s: no snapshot was taken: %s"), forum_path(f),
		    buf_str(&e));
	buf_free(&e);
	return st;
}

/* ---- reading snapshots ---- */

/* An SQLite URI for path, opened read-only as immutable: reading a
 * snapshot takes no lock and leaves nothing beside it.  Caller frees. */
static char *
immutable_uri(const char *path)
{
	struct buf uri = {0};
	const unsigned char *p;

	buf_adds(&uri, "file:");
	for (p = (const unsigned char *)path; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/._~-", *p) != NULL)
			buf_addc(&uri, (char)*p);
		else
			buf_printf(&uri, "%%%02X", *p);
	}
	buf_adds(&uri, "?immutable=1");
	return buf_steal(&uri);
}

/* One integer from a fixed query on db, or -1. */
static int64_t
query_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	int64_t v = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_type(st, 0) == SQLITE_INTEGER)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* This copy's id in the forum on db, or NULL.  Caller frees. */
static char *
copy_id(sqlite3 *db)
{
	sqlite3_stmt *st;
	char *id = NULL;

	if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = "
	    "'copy_id'", -1, &st, NULL) != SQLITE_OK)
		return NULL;
	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_type(st, 0) == SQLITE_TEXT)
		id = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return id;
}

/* Settings for a file we did not make ourselves: its schema may not run
 * anything. */
static void
guard(sqlite3 *db)
{
	sqlite3_extended_result_codes(db, 1);
	sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
}

/* Opens the snapshot at path read-only.  NULL on failure. */
static sqlite3 *
snap_open(const char *path)
{
	char *uri = immutable_uri(path);
	sqlite3 *db = NULL;
	int rc;

	rc = sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI,
	    NULL);
	free(uri);
	if (rc != SQLITE_OK) {
		sqlite3_close(db);
		return NULL;
	}
	guard(db);
	return db;
}

/*
 * True if the file at path starts as an agora forum: an SQLite header with
 * our application_id (read before SQLite opens it, as forum_open() does).
 */
static bool
header_is_forum(const char *path)
{
	unsigned char h[100];
	struct stat sb;
	ssize_t r;
	int fd;

	if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
		return false;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return false;
	r = read(fd, h, sizeof h);
	close(fd);
	return r == (ssize_t)sizeof h &&
	    memcmp(h, "SQLite format 3", 16) == 0 &&
	    ((uint32_t)h[68] << 24 | (uint32_t)h[69] << 16 |
	    (uint32_t)h[70] << 8 | (uint32_t)h[71]) == FORUM_APPLICATION_ID;
}

enum status
backup_list(const char *path, struct backup_snapshot **out, size_t *n,
    char **err)
{
	char *dir = backup_dir(path);
	struct backup_snapshot *v;
	struct snap *s = NULL;
	struct buf e = {0};
	enum status st;
	size_t ns = 0, i;
	int dfd;

	*out = NULL;
	*n = 0;
	*err = NULL;
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		st = errno == ENOENT ? ST_OK : ST_IO;
		if (st != ST_OK)
			*err = xasprintf("%s: %s", dir, strerror(errno));
		free(dir);
		return st;
	}
	st = snaps_read(dfd, false, &s, &ns, &e);
	close(dfd);
	if (st != ST_OK) {
		*err = xasprintf("%s: %s", dir, buf_str(&e));
		buf_free(&e);
		free(dir);
		return st;
	}
	v = xcalloc(ns > 0 ? ns : 1, sizeof *v);
	for (i = 0; i < ns; i++) {
		sqlite3 *db;

		v[i].name = s[i].name;
		s[i].name = NULL;
		v[i].path = xasprintf("%s/%s", dir, v[i].name);
		v[i].time = s[i].time;
		v[i].size = s[i].size;
		v[i].proposals = -1;
		if (header_is_forum(v[i].path) &&
		    (db = snap_open(v[i].path)) != NULL) {
			v[i].proposals = query_int(db, "SELECT count(*) FROM "
			    "proposal WHERE deleted = 0");
			sqlite3_close(db);
		}
	}
	snaps_free(s, ns);
	free(dir);
	*out = v;
	*n = ns;
	return ST_OK;
}

void
backup_list_free(struct backup_snapshot *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].path);
	}
	free(v);
}

/* The snapshot which names among v: an index from 1 or a name, with or
 * without ".db".  NULL if none. */
static const struct backup_snapshot *
snap_find(const struct backup_snapshot *v, size_t n, const char *which)
{
	size_t len = strlen(which), i;
	char *end;

	if (len > 0 && strspn(which, "0123456789") == len) {
		unsigned long k = strtoul(which, &end, 10);

		return k >= 1 && k <= n ? &v[k - 1] : NULL;
	}
	for (i = 0; i < n; i++) {
		if (strcmp(v[i].name, which) == 0 ||
		    (strncmp(v[i].name, which, len) == 0 &&
		    strcmp(v[i].name + len, ".db") == 0))
			return &v[i];
	}
	return NULL;
}

/* Checks the snapshot open on db before it replaces a forum: an agora
 * forum this agora can read, whole.  Says why not in err. */
static enum status
snap_check(sqlite3 *db, const char *name, struct buf *err)
{
	sqlite3_stmt *st;
	int64_t v;
	bool ok = false;

	if (query_int(db, "PRAGMA application_id") != FORUM_APPLICATION_ID) {
		buf_printf(err, _("snapshot %s is not an agora forum"), name);
		return ST_NOTFORUM;
	}
	v = query_int(db, "PRAGMA user_version");
	if (v < 1 || v > FORUM_SCHEMA_VERSION) {
		buf_printf(err, _("snapshot %s has schema version %lld; this agora "
		    "reads 1 to %d"), name, (long long)v, FORUM_SCHEMA_VERSION);
		return v > FORUM_SCHEMA_VERSION ? ST_NEWER : ST_CORRUPT;
	}
	if (sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &st, NULL) ==
	    SQLITE_OK) {
		/* One row "ok", or one row per problem. */
		if (sqlite3_step(st) == SQLITE_ROW)
			ok = strcmp((const char *)sqlite3_column_text(st, 0),
			    "ok") == 0 && sqlite3_step(st) == SQLITE_DONE;
		sqlite3_finalize(st);
	}
	if (!ok) {
		buf_printf(err, _("snapshot %s is damaged (quick_check failed)"),
		    name);
		return ST_CORRUPT;
	}
	return ST_OK;
}

enum status
backup_restore(const char *path, const char *which, char **restored,
    char **before, char **err)
{
	struct backup_snapshot *v = NULL;
	const struct backup_snapshot *s;
	sqlite3 *src = NULL, *dst = NULL;
	char *cur_id = NULL, *snap_id = NULL, *dir = NULL;
	struct buf e = {0};
	struct stat sb;
	enum status st;
	size_t n = 0;
	int64_t newest;
	bool missing = false, created = false;
	int rc, dfd, fd, i;

	*restored = NULL;
	*before = NULL;
	*err = NULL;
	if (stat(path, &sb) != 0) {
		if (errno != ENOENT) {
			buf_printf(&e, "%s: %s", path, strerror(errno));
			st = ST_IO;
			goto out;
		}
		/* Deleted: made again from the snapshot.  Not beside a -wal
		 * of the file that was: SQLite would apply it to this one. */
		missing = true;
		for (i = 0; i < 2; i++) {
			char *side = xasprintf("%s%s", path, i ? "-shm" : "-wal");
			bool there = access(side, F_OK) == 0;

			if (there)
				buf_printf(&e, _("%s does not exist but %s does: "
				    "move it away first"), path, side);
			free(side);
			if (there) {
				st = ST_EXISTS;
				goto out;
			}
		}
	} else if (!header_is_forum(path)) {
		buf_printf(&e, _("%s: not an agora forum file"), path);
		st = ST_NOTFORUM;
		goto out;
	} else if (access(path, W_OK) != 0) {
		buf_printf(&e, _("%s: the file is read-only"), path);
		st = ST_READONLY;
		goto out;
	}
	if ((st = backup_list(path, &v, &n, err)) != ST_OK)
		goto out_err;
	if ((s = snap_find(v, n, which)) == NULL) {
		if (missing && n == 0)
			buf_printf(&e, "%s: %s", path, strerror(ENOENT));
		else
			buf_printf(&e, "%s: no snapshot \"%s\" (agora restore %s "
			    "lists them)", path, which, path);
		st = ST_NOTFOUND;
		goto out;
	}
	*restored = xstrdup(s->name);
	if (!header_is_forum(s->path) || (src = snap_open(s->path)) == NULL) {
		buf_printf(&e, _("snapshot %s is not an agora forum"), s->name);
		st = ST_NOTFORUM;
		goto out;
	}
	if ((st = snap_check(src, s->name, &e)) != ST_OK)
		goto out;

	if (missing) {
		if (stat(s->path, &sb) != 0)
			sb.st_mode = 0644;
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
		    sb.st_mode & 0666);
		if (fd < 0) {
			buf_printf(&e, "%s: %s", path, strerror(errno));
			st = ST_IO;
			goto out;
		}
		close(fd);
		created = true;
	}
	rc = sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE, NULL);
	if (rc == SQLITE_OK) {
		guard(dst);
		sqlite3_busy_timeout(dst, BACKUP_BUSY_MS);
	} else {
		st = sql_status(rc);
		buf_printf(&e, "%s: ", path);
		sql_reason(&e, dst, rc);
		goto out;
	}
	/* The copy id of a damaged file may not be readable: then the
	 * snapshot's word is all there is. */
	cur_id = copy_id(dst);
	snap_id = copy_id(src);
	if (cur_id != NULL && (snap_id == NULL || strcmp(cur_id, snap_id) != 0)) {
		buf_printf(&e, _("snapshot %s is of another copy of the forum, not "
		    "of %s"), s->name, path);
		st = ST_INVALID;
		goto out;
	}

	/* The state before, so that the restore can be undone.  Kept beyond
	 * the rotation until the restore is done: it may be the oldest that
	 * goes. */
	st = missing ? ST_OK : snap_take(dst, path, SNAP_FORCE | SNAP_WAIT |
	    SNAP_NOPRUNE, BACKUP_KEEP, 0, before, &newest, &e);
	if (st != ST_OK && st != ST_NOTHING) {
		char *why = buf_steal(&e);

		buf_printf(&e, _("cannot keep the current state first: %s"), why);
		free(why);
		goto out;
	}
	rc = copy_db(dst, src);
	if (rc == SQLITE_OK && missing)
		rc = sqlite3_exec(dst, "PRAGMA journal_mode = WAL", NULL, NULL,
		    NULL);
	if (rc != SQLITE_OK) {
		st = sql_status(rc);
		buf_printf(&e, "%s: ", path);
		sql_reason(&e, dst, rc);
		goto out;
	}
	st = ST_OK;
	dir = backup_dir(path);
	if (dir_lock(dir, true, &dfd, &e) == ST_OK) {
		struct snap *all;
		size_t nall;
		int keep = (int)env_int("AGORA_BACKUP_KEEP", BACKUP_KEEP);

		if (snaps_read(dfd, true, &all, &nall, &e) == ST_OK) {
			snaps_prune(dfd, all, nall, keep > 0 ? (size_t)keep :
			    BACKUP_KEEP);
			snaps_free(all, nall);
		}
		close(dfd);
		buf_reset(&e);
	}
out:
	if (st != ST_OK)
		*err = xasprintf(_("%s; nothing was changed"), buf_str(&e));
out_err:
	if (st != ST_OK) {
		free(*restored);
		*restored = NULL;
		free(*before);
		*before = NULL;
	}
	sqlite3_close(src);
	sqlite3_close(dst);
	if (st != ST_OK && created)
		unlink(path);
	backup_list_free(v, n);
	free(cur_id);
	free(snap_id);
	free(dir);
	buf_free(&e);
	return st;
}
