/*
 * forum.c: opening, creating and upgrading the forum file; actions and the
 * undo log.
 *
 * The file is checked before SQLite writes anything to it: the first bytes
 * must be an SQLite header carrying our application_id, so that opening
 * someone else's database never creates tables in it.  The schema is a
 * chain of migrations; a file at version v is brought to the current one by
 * running the steps after v in one transaction.
 *
 * Undo works on changesets.  While an action is open, a session object
 * records every change to the data tables; at commit the changeset goes into
 * undo_action.  Undoing applies the inverse changeset, itself recorded by a
 * session, and stores what that did in place of the original: the next redo
 * inverts the latest record, so the chain works however often it turns.
 * Each undo or redo also stamps the rows it touched with the current time
 * and this copy's id, so that merges see it as the newest edit.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>
#include <uuid.h>

#include "backup.h"
#include "forum.h"
#include "i18n.h"
#include "merge.h"
#include "search.h"
#include "util.h"

#define FORUM_STMT_CACHE 96

struct stmt_slot {
	const char *sql;
	sqlite3_stmt *stmt;
};

struct forum {
	sqlite3 *db;
	char *path;
	bool readonly;
	char copy[37];
	char *actor; /* whose undo history: the user's login name */
	struct buf err;

	bool in_action;
	bool amend;  /* the action joins this actor's last one */
	char *label; /* NULL: the action is not undoable */
	sqlite3_session *session;
	/* A bulk action (forum_bulk_begin()): each recorded table's greatest
	 * id before it, in the order of forum_tables; NULL if not bulk. */
	int64_t *bulk_last;

	struct stmt_slot stmts[FORUM_STMT_CACHE];
	size_t nstmts;

	struct search_ctx *search; /* made on first use: forum_search_ctx() */
	struct backup *backup;     /* the snapshot schedule: backup.h */
};

/* The tables whose changes are recorded for undo, in dependency order. */
static const char *const forum_tables[] = {
	"forum", "paragraph", "participant_group", "track", "session",
	"addressee", "proposal", "proposal_addressee",
};

/*
 * AUTOINCREMENT: an id is never handed out twice, not even after an undone
 * insert, so the undo log's changesets and the revisions can never point at
 * a record made later.
 */
#define REC_COLUMNS                                                        \
	"id INTEGER PRIMARY KEY AUTOINCREMENT,"                            \
	"uuid TEXT NOT NULL UNIQUE,"                                       \
	"created INTEGER NOT NULL,"                                        \
	"updated INTEGER NOT NULL,"                                        \
	"copy TEXT NOT NULL,"                                              \
	"deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),"

/*
 * The schema as a chain of steps: migrations[v - 1] takes a file from
 * version v - 1 to v, one statement at a time.  Never edit a step that has
 * shipped; add one.
 */
/* 1: the records. */
static const char *const step1[] = {
	"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);",
	"CREATE TABLE forum (" REC_COLUMNS
	" title TEXT NOT NULL,"
	" resolution_title TEXT NOT NULL,"
	" city TEXT NOT NULL DEFAULT '',"
	" start_date TEXT NOT NULL DEFAULT '',"
	" end_date TEXT NOT NULL DEFAULT '',"
	" doc_date TEXT NOT NULL DEFAULT '',"
	" participants_intro TEXT NOT NULL DEFAULT '',"
	" themes_intro TEXT NOT NULL DEFAULT '',"
	" lead_in TEXT NOT NULL DEFAULT '',"
	" final INTEGER NOT NULL DEFAULT 0 CHECK (final IN (0, 1)));",
	"CREATE TABLE paragraph (" REC_COLUMNS
	" part INTEGER NOT NULL CHECK (part IN (1, 2)),"
	" pos INTEGER NOT NULL,"
	" text TEXT NOT NULL);",
	"CREATE TABLE participant_group (" REC_COLUMNS
	" pos INTEGER NOT NULL,"
	" text TEXT NOT NULL);",
	"CREATE TABLE track (" REC_COLUMNS
	" pos INTEGER NOT NULL,"
	" title TEXT NOT NULL,"
	" label TEXT NOT NULL,"
	" moderator TEXT NOT NULL DEFAULT '');",
	"CREATE TABLE session (" REC_COLUMNS
	" track_id INTEGER NOT NULL REFERENCES track(id),"
	" pos INTEGER NOT NULL,"
	" title TEXT NOT NULL,"
	" date TEXT NOT NULL DEFAULT '',"
	" time TEXT NOT NULL DEFAULT '',"
	" room TEXT NOT NULL DEFAULT '',"
	" state INTEGER NOT NULL DEFAULT 0 CHECK (state IN (0, 1, 2)));",
	"CREATE TABLE addressee (" REC_COLUMNS
	" pos INTEGER NOT NULL,"
	" heading TEXT NOT NULL,"
	" label TEXT NOT NULL,"
	" recommend INTEGER NOT NULL DEFAULT 0 CHECK (recommend IN (0, 1)));",
	"CREATE TABLE proposal (" REC_COLUMNS
	" track_id INTEGER NOT NULL REFERENCES track(id),"
	" session_id INTEGER REFERENCES session(id),"
	" text TEXT NOT NULL,"
	" author TEXT NOT NULL DEFAULT '',"
	" organisation TEXT NOT NULL DEFAULT '',"
	" status INTEGER NOT NULL DEFAULT 0 CHECK (status IN (0, 1, 2, 3)),"
	" merged_into INTEGER REFERENCES proposal(id),"
	" votes_for INTEGER NOT NULL DEFAULT 0 CHECK (votes_for >= 0),"
	" votes_against INTEGER NOT NULL DEFAULT 0 CHECK (votes_against >= 0),"
	" votes_abstain INTEGER NOT NULL DEFAULT 0 CHECK (votes_abstain >= 0),"
	" note TEXT NOT NULL DEFAULT '');",
	"CREATE INDEX proposal_track ON proposal(track_id, session_id);",
	"CREATE TABLE proposal_addressee (" REC_COLUMNS
	" proposal_id INTEGER NOT NULL REFERENCES proposal(id),"
	" addressee_id INTEGER NOT NULL REFERENCES addressee(id),"
	" pos INTEGER NOT NULL,"
	" UNIQUE (proposal_id, addressee_id));",
	"CREATE INDEX link_addressee ON proposal_addressee(addressee_id, pos);",
	/* No foreign key: the history outlives an undone capture. */
	"CREATE TABLE revision ("
	" id INTEGER PRIMARY KEY,"
	" uuid TEXT NOT NULL UNIQUE,"
	" proposal_id INTEGER NOT NULL,"
	" time INTEGER NOT NULL,"
	" copy TEXT NOT NULL,"
	" text TEXT NOT NULL);",
	"CREATE INDEX revision_proposal ON revision(proposal_id, id);",
	/* Each user of each copy has an undo history of their own. */
	"CREATE TABLE undo_action ("
	" id INTEGER PRIMARY KEY,"
	" copy TEXT NOT NULL,"
	" actor TEXT NOT NULL,"
	" label TEXT NOT NULL,"
	" time INTEGER NOT NULL,"
	" state INTEGER NOT NULL CHECK (state IN (0, 1, 2)),"
	" changes BLOB NOT NULL);",
	"CREATE INDEX undo_copy ON undo_action(copy, actor, state, id);",
	NULL,
};

/* 2: merge reports, kept in the file for the interface to show. */
static const char *const step2[] = {
	"CREATE TABLE merge_report ("
	" id INTEGER PRIMARY KEY,"
	" uuid TEXT NOT NULL UNIQUE,"
	" time INTEGER NOT NULL,"
	" copy TEXT NOT NULL,"
	" source TEXT NOT NULL,"
	" text TEXT NOT NULL);",
	NULL,
};

/* 3: the search index (search.h): each live proposal's stems under
 * its id, and in how many live proposals each stem is.  Filled by
 * forum_open() through search_ensure(). */
static const char *const step3[] = {
	"CREATE VIRTUAL TABLE proposal_search USING fts5(stems,"
	" tokenize = 'unicode61 remove_diacritics 0');",
	"CREATE TABLE search_stem ("
	" stem TEXT PRIMARY KEY,"
	" docs INTEGER NOT NULL) WITHOUT ROWID;",
	NULL,
};

/* 4: an index on merged_into, the one reference without one.  Deleting a
 * proposal (undoing a capture, an import or a merge) checks that no
 * proposal was merged into it: without the index each check reads the
 * whole table, and undoing an import of 100,000 proposals took hours. */
static const char *const step4[] = {
	"CREATE INDEX proposal_merged ON proposal(merged_into);",
	NULL,
};

/* 5: live proposals by track and session, so that the start screen's
 * counts and the capture list read the index alone. */
static const char *const step5[] = {
	"CREATE INDEX proposal_live ON proposal(track_id, session_id) "
	"WHERE deleted = 0;",
	NULL,
};

/* 6: when each session's clock first ran and when it was closed (ms
 * since the epoch; 0: not yet), as the moderator's interface records
 * them. */
static const char *const step6[] = {
	"ALTER TABLE session ADD COLUMN started INTEGER NOT NULL DEFAULT 0;",
	"ALTER TABLE session ADD COLUMN ended INTEGER NOT NULL DEFAULT 0;",
	NULL,
};

static const char *const *const migrations[] = {
	step1, step2, step3, step4, step5, step6,
};

#define FORUM_VERSIONS ((int)(sizeof migrations / sizeof migrations[0]))
_Static_assert(FORUM_VERSIONS == FORUM_SCHEMA_VERSION,
    "forum.h: FORUM_SCHEMA_VERSION must name the newest migration");

/* Undo states. */
enum { UNDO_DONE, UNDO_UNDONE, UNDO_DROPPED };

void
forum_uuid(char out[37])
{
	uuid_t u;

	uuid_generate_random(u);
	uuid_unparse_lower(u, out);
}

enum status
forum_fail(struct forum *f, enum status st, const char *fmt, ...)
{
	va_list ap;

	buf_reset(&f->err);
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	buf_adds(&f->err, s);
	free(s);
	return st;
}

enum status
forum_sqlerr(struct forum *f, int rc, const char *what)
{
	/* SQLite says "disk I/O error" for a failed write whatever the
	 * reason.  The system's errno tells a full disk (when SQLite kept
	 * it); a failed write under a file size limit is most likely that. */
	int e = f->db != NULL ? sqlite3_system_errno(f->db) : 0;
	struct rlimit lim;
	enum status st;

	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		st = ST_BUSY;
		break;
	case SQLITE_READONLY:
		st = ST_READONLY;
		break;
	case SQLITE_FULL:
		st = ST_FULL;
		break;
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
		st = e == ENOSPC ? ST_FULL : ST_IO;
		break;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		st = ST_CORRUPT;
		break;
	case SQLITE_TOOBIG:
		st = ST_TOOBIG;
		break;
	case SQLITE_CONSTRAINT:
		st = ST_INVALID;
		break;
	default:
		st = ST_DB;
		break;
	}
	if (st == ST_FULL)
		return forum_fail(f, st, _("%s: %s: the disk is full"), f->path,
		    what);
	if (rc == SQLITE_IOERR_WRITE && (e == EFBIG || (e == 0 &&
	    getrlimit(RLIMIT_FSIZE, &lim) == 0 &&
	    lim.rlim_cur != RLIM_INFINITY)))
		return forum_fail(f, ST_TOOBIG, _("%s: %s: the file is too large "
		    "for the size limit set for this user (ulimit -f)"),
		    f->path, what);
	return forum_fail(f, st, "%s: %s: %s", f->path, what,
	    f->db ? sqlite3_errmsg(f->db) : sqlite3_errstr(rc));
}

const char *
forum_error(const struct forum *f)
{
	return buf_str(&f->err);
}

const char *
forum_path(const struct forum *f)
{
	return f->path;
}

bool
forum_readonly(const struct forum *f)
{
	return f->readonly;
}

const char *
forum_copy_id(const struct forum *f)
{
	return f->copy;
}

sqlite3 *
forum_db(struct forum *f)
{
	return f->db;
}

void
forum_set_actor(struct forum *f, const char *actor)
{
	free(f->actor);
	f->actor = xstrdup(actor);
}

bool
forum_in_action(const struct forum *f)
{
	return f->in_action;
}

sqlite3_stmt *
forum_stmt(struct forum *f, const char *sql)
{
	size_t i;
	sqlite3_stmt *st;
	int rc;

	for (i = 0; i < f->nstmts; i++) {
		if (f->stmts[i].sql == sql) {
			st = f->stmts[i].stmt;
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			return st;
		}
	}
	rc = sqlite3_prepare_v3(f->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st,
	    NULL);
	if (rc != SQLITE_OK) {
		forum_sqlerr(f, rc, _("prepare"));
		return NULL;
	}
	if (f->nstmts < FORUM_STMT_CACHE) {
		f->stmts[f->nstmts].sql = sql;
		f->stmts[f->nstmts].stmt = st;
		f->nstmts++;
	} else {
		/* A full cache is a programming error; keep working. */
		sqlite3_finalize(f->stmts[0].stmt);
		f->stmts[0].sql = sql;
		f->stmts[0].stmt = st;
	}
	return st;
}

/* Runs a fixed SQL script (no parameters, no user data). */
static enum status
forum_exec(struct forum *f, const char *sql, const char *what)
{
	int rc = sqlite3_exec(f->db, sql, NULL, NULL, NULL);

	if (rc != SQLITE_OK)
		return forum_sqlerr(f, rc, what);
	return ST_OK;
}

/* One integer from a fixed query, or -1. */
static int64_t
forum_query_int(struct forum *f, const char *sql)
{
	sqlite3_stmt *st = forum_stmt(f, sql);
	int64_t v = -1;

	if (st != NULL && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	if (st != NULL)
		sqlite3_reset(st);
	return v;
}

int64_t
forum_data_version(struct forum *f)
{
	return forum_query_int(f, "PRAGMA data_version");
}

/* Big-endian 32-bit value at p. */
static uint32_t
get_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/*
 * Looks at the file before SQLite does: it must be a regular, non-empty
 * SQLite database whose header carries our application_id.
 */
static enum status
forum_check_file(const char *path, char **err)
{
	struct stat sb;
	unsigned char hdr[100];
	ssize_t n;
	int fd;

	if (stat(path, &sb) != 0) {
		int e = errno;

		*err = xasprintf("%s: %s", path, strerror(e));
		return e == ENOENT ? ST_NOTFOUND : ST_IO;
	}
	if (S_ISDIR(sb.st_mode)) {
		*err = xasprintf(_("%s: is a directory, not a forum file"), path);
		return ST_NOTFORUM;
	}
	if (!S_ISREG(sb.st_mode)) {
		*err = xasprintf(_("%s: not a regular file"), path);
		return ST_NOTFORUM;
	}
	if (sb.st_size == 0) {
		*err = xasprintf(_("%s: empty file, not an agora forum"), path);
		return ST_NOTFORUM;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		return ST_IO;
	}
	n = read(fd, hdr, sizeof hdr);
	close(fd);
	if (n < (ssize_t)sizeof hdr || memcmp(hdr, "SQLite format 3", 16) != 0) {
		*err = xasprintf(_("%s: not an agora forum file (not an SQLite "
		    "database)"), path);
		return ST_NOTFORUM;
	}
	if (get_be32(hdr + 68) != FORUM_APPLICATION_ID) {
		*err = xasprintf(_("%s: not an agora forum file (an SQLite "
		    "database of another program)"), path);
		return ST_NOTFORUM;
	}
	return ST_OK;
}

/* Connection settings common to every open. */
static enum status
forum_configure(struct forum *f)
{
	int on = 1, off = 0;

	sqlite3_extended_result_codes(f->db, 1);
	sqlite3_busy_timeout(f->db, 10000);
	sqlite3_db_config(f->db, SQLITE_DBCONFIG_DEFENSIVE, on, NULL);
	sqlite3_db_config(f->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, off, NULL);
	sqlite3_db_config(f->db, SQLITE_DBCONFIG_ENABLE_FKEY, on, NULL);
	sqlite3_db_config(f->db, SQLITE_DBCONFIG_DQS_DML, off, NULL);
	sqlite3_db_config(f->db, SQLITE_DBCONFIG_DQS_DDL, off, NULL);
	/*
	 * FULL: every commit is on the disk before the moderator is told it
	 * is saved, power cut included; not left to the build's default.  It
	 * reads the schema, so on a damaged file it fails here; the version
	 * check that follows reports that with its proper message.
	 */
	(void)sqlite3_exec(f->db, "PRAGMA synchronous = FULL", NULL, NULL, NULL);
	return forum_exec(f, "PRAGMA foreign_keys = ON", _("configure"));
}

/* Runs the steps from version from+1 to to; the caller holds a transaction. */
static enum status
forum_migrate(struct forum *f, int from, int to)
{
	enum status st;
	char *sql;
	int v;

	for (v = from + 1; v <= to; v++) {
		const char *const *step;

		for (step = migrations[v - 1]; *step != NULL; step++)
			if ((st = forum_exec(f, *step, _("upgrade"))) != ST_OK)
				return st;
	}
	/* PRAGMA takes no parameters; v is our own integer. */
	sql = xasprintf("PRAGMA user_version = %d", to);
	st = forum_exec(f, sql, _("upgrade"));
	free(sql);
	return st;
}

static struct forum *
forum_alloc(const char *path)
{
	struct forum *f = xcalloc(1, sizeof *f);
	const char *user = getenv("USER");

	f->path = xstrdup(path);
	f->backup = backup_new();
	if (user == NULL || *user == '\0')
		user = getenv("LOGNAME");
	f->actor = user != NULL && *user != '\0' ? xstrdup(user) :
	    xasprintf("uid %ld", (long)getuid());
	return f;
}

/* Reads this copy's id from meta. */
static enum status
forum_load_copy(struct forum *f)
{
	sqlite3_stmt *st = forum_stmt(f,
	    "SELECT value FROM meta WHERE key = 'copy_id'");
	const unsigned char *v;

	if (st == NULL)
		return ST_DB;
	if (sqlite3_step(st) != SQLITE_ROW ||
	    (v = sqlite3_column_text(st, 0)) == NULL ||
	    strlen((const char *)v) != 36) {
		sqlite3_reset(st);
		return forum_fail(f, ST_CORRUPT, _("%s: the file has no copy id"),
		    f->path);
	}
	memcpy(f->copy, v, 37);
	sqlite3_reset(st);
	return ST_OK;
}

/* Creates a new file with the schema at version (1..current). */
static enum status
forum_create(const char *path, int version, struct forum **out, char **err)
{
	struct forum *f;
	enum status st;
	sqlite3_stmt *ins;
	char *sql;
	int rc, fd;

	*out = NULL;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0) {
		int e = errno;

		*err = xasprintf("%s: %s", path, e == EEXIST ?
		    _("the file exists already") : strerror(e));
		return e == EEXIST ? ST_EXISTS : ST_IO;
	}
	close(fd);
	f = forum_alloc(path);
	rc = sqlite3_open_v2(path, &f->db, SQLITE_OPEN_READWRITE, NULL);
	if (rc != SQLITE_OK) {
		st = forum_sqlerr(f, rc, _("create"));
		goto fail;
	}
	if ((st = forum_configure(f)) != ST_OK)
		goto fail;
	if ((st = forum_exec(f, "BEGIN IMMEDIATE", _("create"))) != ST_OK)
		goto fail;
	sql = xasprintf("PRAGMA application_id = %d", FORUM_APPLICATION_ID);
	st = forum_exec(f, sql, _("create"));
	free(sql);
	if (st == ST_OK)
		st = forum_migrate(f, 0, version);
	if (st == ST_OK) {
		forum_uuid(f->copy);
		ins = forum_stmt(f, "INSERT INTO meta (key, value) "
		    "VALUES ('copy_id', ?)");
		if (ins == NULL)
			st = ST_DB;
		else {
			sqlite3_bind_text(ins, 1, f->copy, -1, SQLITE_STATIC);
			rc = sqlite3_step(ins);
			sqlite3_reset(ins);
			if (rc != SQLITE_DONE)
				st = forum_sqlerr(f, rc, _("create"));
		}
	}
	if (st == ST_OK)
		st = forum_exec(f, "COMMIT", _("create"));
	if (st != ST_OK)
		goto fail;
	if ((st = forum_exec(f, "PRAGMA journal_mode = WAL", _("create"))) != ST_OK)
		goto fail;
	/* Mark the (empty) search index current, so that a file filled
	 * right after creation is not reindexed at its next open. */
	if (version == FORUM_VERSIONS && (st = search_ensure(f)) != ST_OK)
		goto fail;
	*out = f;
	return ST_OK;
fail:
	*err = xstrdup(forum_error(f));
	forum_close(f);
	unlink(path);
	return st;
}

enum status
forum_create_version(const char *path, int version, char **err)
{
	struct forum *f;
	enum status st;

	*err = NULL;
	if (version < 1 || version > FORUM_VERSIONS) {
		*err = xasprintf(_("no schema version %d"), version);
		return ST_INVALID;
	}
	st = forum_create(path, version, &f, err);
	if (st == ST_OK)
		forum_close(f);
	return st;
}

/*
 * Reopens a read-only connection as immutable: a WAL file on a read-only
 * medium cannot get its -shm index, so SQLite would refuse to read it.
 */
static int
forum_reopen_immutable(struct forum *f)
{
	struct buf uri = {0};
	const unsigned char *p;
	size_t i;
	int rc;

	for (i = 0; i < f->nstmts; i++)
		sqlite3_finalize(f->stmts[i].stmt);
	f->nstmts = 0;
	sqlite3_close(f->db);
	f->db = NULL;
	buf_adds(&uri, "file:");
	for (p = (const unsigned char *)f->path; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/._~-", *p) != NULL)
			buf_addc(&uri, (char)*p);
		else
			buf_printf(&uri, "%%%02X", *p);
	}
	buf_adds(&uri, "?immutable=1");
	rc = sqlite3_open_v2(buf_str(&uri), &f->db, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_URI, NULL);
	buf_free(&uri);
	return rc;
}

enum status
forum_open(const char *path, unsigned flags, struct forum **out, char **err)
{
	struct forum *f;
	enum status st;
	int64_t version;
	int rc, oflags;

	*out = NULL;
	*err = NULL;
	if (flags & FORUM_CREATE)
		return forum_create(path, FORUM_VERSIONS, out, err);
	if ((st = forum_check_file(path, err)) != ST_OK)
		return st;

	f = forum_alloc(path);
	f->readonly = (flags & FORUM_READONLY) || access(path, W_OK) != 0;
	oflags = f->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	rc = sqlite3_open_v2(path, &f->db, oflags, NULL);
	if (rc != SQLITE_OK) {
		st = forum_sqlerr(f, rc, _("opening"));
		goto fail;
	}
	if ((st = forum_configure(f)) != ST_OK)
		goto fail;
	version = forum_query_int(f, "PRAGMA user_version");
	if (version < 0 && f->readonly &&
	    ((sqlite3_errcode(f->db) & 0xff) == SQLITE_READONLY ||
	    (sqlite3_errcode(f->db) & 0xff) == SQLITE_CANTOPEN)) {
		rc = forum_reopen_immutable(f);
		if (rc != SQLITE_OK) {
			st = forum_sqlerr(f, rc, _("opening"));
			goto fail;
		}
		if ((st = forum_configure(f)) != ST_OK)
			goto fail;
		version = forum_query_int(f, "PRAGMA user_version");
	}
	/* A full disk, where SQLite could not make the -shm: not damage. */
	if (version < 0 && (sqlite3_errcode(f->db) & 0xff) == SQLITE_IOERR) {
		st = forum_sqlerr(f, sqlite3_extended_errcode(f->db), _("opening"));
		goto fail;
	}
	if (version < 0) {
		st = forum_fail(f, ST_CORRUPT, _("%s: cannot read the file: %s"),
		    path, sqlite3_errmsg(f->db));
		goto fail;
	}
	if (version > FORUM_VERSIONS) {
		st = forum_fail(f, ST_NEWER, _("%s: the file has schema version "
		    "%lld, this agora knows versions up to %d: use a newer "
		    "agora"), path, (long long)version, FORUM_VERSIONS);
		goto fail;
	}
	if (version < 1) {
		st = forum_fail(f, ST_NOTFORUM, _("%s: not an agora forum file "
		    "(no schema)"), path);
		goto fail;
	}
	if (version < FORUM_VERSIONS) {
		if (f->readonly) {
			st = forum_fail(f, ST_READONLY, _("%s: the file has schema "
			    "version %lld and must be upgraded to %d, but it is "
			    "read-only"), path, (long long)version,
			    FORUM_VERSIONS);
			goto fail;
		}
		if ((st = forum_exec(f, "BEGIN IMMEDIATE", _("upgrade"))) != ST_OK)
			goto fail;
		/* Another process may have upgraded it meanwhile. */
		version = forum_query_int(f, "PRAGMA user_version");
		if (version < 1 || version > FORUM_VERSIONS)
			st = forum_fail(f, ST_CORRUPT, _("%s: the schema version "
			    "changed to %lld while opening"), path,
			    (long long)version);
		else if (version < FORUM_VERSIONS)
			st = forum_migrate(f, (int)version, FORUM_VERSIONS);
		else
			st = ST_OK;
		if (st == ST_OK)
			st = forum_exec(f, "COMMIT", _("upgrade"));
		if (st != ST_OK) {
			sqlite3_exec(f->db, "ROLLBACK", NULL, NULL, NULL);
			goto fail;
		}
	}
	if (!f->readonly &&
	    (st = forum_exec(f, "PRAGMA journal_mode = WAL", _("opening"))) != ST_OK)
		goto fail;
	if ((st = forum_load_copy(f)) != ST_OK)
		goto fail;
	if ((st = search_ensure(f)) != ST_OK)
		goto fail;
	*out = f;
	return ST_OK;
fail:
	*err = xstrdup(forum_error(f));
	forum_close(f);
	return st;
}

struct search_ctx *
forum_search_ctx(struct forum *f)
{
	if (f->search == NULL)
		f->search = search_ctx_new();
	return f->search;
}

struct backup *
forum_backup(struct forum *f)
{
	return f->backup;
}

void
forum_close(struct forum *f)
{
	size_t i;

	if (f == NULL)
		return;
	if (f->in_action)
		forum_rollback(f);
	for (i = 0; i < f->nstmts; i++)
		sqlite3_finalize(f->stmts[i].stmt);
	if (f->db != NULL)
		sqlite3_close(f->db);
	search_ctx_free(f->search);
	backup_free(f->backup);
	buf_free(&f->err);
	free(f->actor);
	free(f->path);
	free(f);
}

/* Starts a session recording the data tables. */
static enum status
forum_session_start(struct forum *f)
{
	size_t i;
	int rc;

	rc = sqlite3session_create(f->db, "main", &f->session);
	if (rc != SQLITE_OK)
		return forum_sqlerr(f, rc, _("record changes"));
	for (i = 0; i < sizeof forum_tables / sizeof forum_tables[0]; i++) {
		rc = sqlite3session_attach(f->session, forum_tables[i]);
		if (rc != SQLITE_OK) {
			sqlite3session_delete(f->session);
			f->session = NULL;
			return forum_sqlerr(f, rc, _("record changes"));
		}
	}
	return ST_OK;
}

static void
forum_session_end(struct forum *f)
{
	if (f->session != NULL)
		sqlite3session_delete(f->session);
	f->session = NULL;
	free(f->bulk_last);
	f->bulk_last = NULL;
}

enum status
forum_begin(struct forum *f, const char *label)
{
	enum status st;

	if (f->in_action)
		return forum_fail(f, ST_INVALID, _("an action is already open"));
	if (f->readonly)
		return forum_fail(f, ST_READONLY, _("%s: the file is read-only; "
		    "nothing can be changed"), f->path);
	backup_tick(f); /* the state before this change, when one is due */
	if ((st = forum_exec(f, "BEGIN IMMEDIATE", _("begin"))) != ST_OK)
		return st;
	if (label != NULL && (st = forum_session_start(f)) != ST_OK) {
		sqlite3_exec(f->db, "ROLLBACK", NULL, NULL, NULL);
		return st;
	}
	f->label = label ? xstrdup(label) : NULL;
	f->in_action = true;
	return ST_OK;
}

/* Stores a finished action's changeset in the undo log. */
static enum status
forum_log_action(struct forum *f, const void *changes, int n)
{
	sqlite3_stmt *st;
	int rc;

	st = forum_stmt(f, "UPDATE undo_action SET state = 2 "
	    "WHERE copy = ? AND actor = ? AND state = 1");
	if (st == NULL)
		return ST_DB;
	sqlite3_bind_text(st, 1, f->copy, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, f->actor, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return forum_sqlerr(f, rc, _("undo log"));
	st = forum_stmt(f, "INSERT INTO undo_action (copy, actor, label, time, "
	    "state, changes) VALUES (?, ?, ?, ?, 0, ?)");
	if (st == NULL)
		return ST_DB;
	sqlite3_bind_text(st, 1, f->copy, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, f->actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, f->label, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, clock_now_ms());
	sqlite3_bind_blob(st, 5, changes, n, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return forum_sqlerr(f, rc, _("undo log"));
	return ST_OK;
}

/*
 * Bulk actions.  A merge of 100,000 proposals recorded row by row makes a
 * changeset of some 80 MB (every column of every row inserted), which
 * costs a fifth of the merge to build and to write.  Instead the rows a
 * bulk action inserts are kept as ranges of ids, one per table: the ids
 * are AUTOINCREMENT, so every row above the table's greatest id when the
 * action began is the action's own.  With each range goes the number of
 * rows in it and a digest of their content as the action left it, all but
 * the stamps (updated, copy), which an undo or redo of other actions may
 * change without making the rows another's (undo_only_stamped()).  Undoing
 * checks the digests, applies the inverse of the changeset recorded for
 * the rows that existed before, and deletes the ranges, last table first;
 * rows changed since, or records made since that refer to them, make it a
 * conflict as for a changeset.  What the undo did is recorded row by row,
 * as for any action, so that redo and whatever follows work as always.
 *
 * The log entry is a text header, then the changeset:
 *
 *	BULK_MAGIC
 *	TABLE LAST MAX COUNT NCOLS DIGEST    (one line per range)
 *	(an empty line)
 *	the changeset's bytes (perhaps none)
 *
 * A changeset starts with 'T' (a table), so the two never mix.
 */
#define BULK_MAGIC "agora bulk undo 1\n"

struct bulk_range {
	size_t table;    /* in forum_tables */
	int64_t last;    /* the rows are last < id <= max */
	int64_t max;
	int64_t count;
	int ncols;       /* the columns digested: those the table had */
	uint64_t digest;
};

#define NTABLES (sizeof forum_tables / sizeof forum_tables[0])

enum status
forum_bulk_begin(struct forum *f)
{
	sqlite3_stmt *st;
	enum status s = ST_OK;
	size_t i;
	char *sql;
	int rc;

	if (!f->in_action || f->session == NULL || f->bulk_last != NULL)
		return ST_OK;
	f->bulk_last = xcalloc(NTABLES, sizeof *f->bulk_last);
	for (i = 0; i < NTABLES && s == ST_OK; i++) {
		/* Our own table names, never the user's. */
		sql = xasprintf("SELECT max(id) FROM \"%s\"", forum_tables[i]);
		rc = sqlite3_prepare_v2(f->db, sql, -1, &st, NULL);
		free(sql);
		if (rc != SQLITE_OK) {
			s = forum_sqlerr(f, rc, _("record changes"));
			break;
		}
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			f->bulk_last[i] = sqlite3_column_int64(st, 0);
		else
			s = forum_sqlerr(f, rc, _("record changes"));
		sqlite3_finalize(st);
	}
	if (s != ST_OK) {
		free(f->bulk_last);
		f->bulk_last = NULL;
	}
	return s;
}

int64_t
forum_bulk_last(struct forum *f, const char *table)
{
	size_t i;

	if (f->bulk_last == NULL)
		return INT64_MAX;
	for (i = 0; i < NTABLES; i++)
		if (strcmp(forum_tables[i], table) == 0)
			return f->bulk_last[i];
	return INT64_MAX;
}

void
forum_record(struct forum *f, bool on)
{
	if (f->session != NULL && f->bulk_last != NULL)
		sqlite3session_enable(f->session, on ? 1 : 0);
}

/* The digest's step: a bijection of h for each w, the same everywhere. */
static uint64_t
digest_mix(uint64_t h, uint64_t w)
{
	h ^= w;
	h *= 0x9E3779B97F4A7C15u;
	return h ^ (h >> 31);
}

static uint64_t
digest_bytes(uint64_t h, const unsigned char *p, size_t n)
{
	uint64_t w;
	size_t i, k;

	h = digest_mix(h, (uint64_t)n);
	for (i = 0; i + 8 <= n; i += 8) {
		for (w = 0, k = 0; k < 8; k++)
			w |= (uint64_t)p[i + k] << (8 * k);
		h = digest_mix(h, w);
	}
	if (i < n) {
		for (w = 0, k = 0; i + k < n; k++)
			w |= (uint64_t)p[i + k] << (8 * k);
		h = digest_mix(h, w);
	}
	return h;
}

/*
 * Counts and digests the rows of r's table in r's range: their first
 * r->ncols columns, less updated and copy (columns 3 and 4 of REC_COLUMNS);
 * r->ncols < 0: all columns, setting r->ncols.
 */
static enum status
bulk_digest(struct forum *f, struct bulk_range *r, int64_t *count,
    uint64_t *digest)
{
	sqlite3_stmt *st;
	uint64_t h = 0xcbf29ce484222325u;
	int64_t n = 0;
	char *sql;
	int rc, i;

	sql = xasprintf("SELECT * FROM \"%s\" WHERE id > ?1 AND id <= ?2 "
	    "ORDER BY id", forum_tables[r->table]);
	rc = sqlite3_prepare_v2(f->db, sql, -1, &st, NULL);
	free(sql);
	if (rc != SQLITE_OK)
		return forum_sqlerr(f, rc, _("undo log"));
	if (r->ncols < 0)
		r->ncols = sqlite3_column_count(st);
	if (sqlite3_column_count(st) < r->ncols) {
		sqlite3_finalize(st);
		/* Columns gone: the rows are not what the action left. */
		*count = -1;
		*digest = 0;
		return ST_OK;
	}
	sqlite3_bind_int64(st, 1, r->last);
	sqlite3_bind_int64(st, 2, r->max);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		n++;
		for (i = 0; i < r->ncols; i++) {
			int t = sqlite3_column_type(st, i);
			double d;
			uint64_t u;

			if (i == 3 || i == 4)
				continue;
			h = digest_mix(h, (uint64_t)t);
			switch (t) {
			case SQLITE_INTEGER:
				h = digest_mix(h,
				    (uint64_t)sqlite3_column_int64(st, i));
				break;
			case SQLITE_FLOAT:
				d = sqlite3_column_double(st, i);
				memcpy(&u, &d, sizeof u);
				h = digest_mix(h, u);
				break;
			case SQLITE_TEXT:
			case SQLITE_BLOB:
				h = digest_bytes(h, sqlite3_column_blob(st, i),
				    (size_t)sqlite3_column_bytes(st, i));
				break;
			default:
				break;
			}
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return forum_sqlerr(f, rc, _("undo log"));
	*count = n;
	*digest = h;
	return ST_OK;
}

/* Appends to b the header of a bulk action's log entry: the ranges of
 * rows it inserted.  *any tells whether there was one. */
static enum status
bulk_header(struct forum *f, struct buf *b, bool *any)
{
	struct bulk_range r;
	sqlite3_stmt *st;
	enum status s = ST_OK;
	size_t i;
	char *sql;
	int rc;

	*any = false;
	buf_adds(b, BULK_MAGIC);
	for (i = 0; i < NTABLES && s == ST_OK; i++) {
		memset(&r, 0, sizeof r);
		r.table = i;
		r.last = f->bulk_last[i];
		r.ncols = -1;
		sql = xasprintf("SELECT max(id) FROM \"%s\"", forum_tables[i]);
		rc = sqlite3_prepare_v2(f->db, sql, -1, &st, NULL);
		free(sql);
		if (rc != SQLITE_OK)
			return forum_sqlerr(f, rc, _("undo log"));
		rc = sqlite3_step(st);
		r.max = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		sqlite3_finalize(st);
		if (rc != SQLITE_ROW)
			return forum_sqlerr(f, rc, _("undo log"));
		if (r.max <= r.last)
			continue;
		s = bulk_digest(f, &r, &r.count, &r.digest);
		if (s == ST_OK)
			buf_printf(b, "%s %lld %lld %lld %d %016llx\n",
			    forum_tables[i], (long long)r.last,
			    (long long)r.max, (long long)r.count, r.ncols,
			    (unsigned long long)r.digest);
		*any = true;
	}
	buf_addc(b, '\n');
	return s;
}

/* Stores a bulk action's changeset and ranges in the undo log. */
static enum status
bulk_log(struct forum *f, const void *changes, int n)
{
	struct buf b = { 0 };
	enum status s;
	bool any;

	if ((s = bulk_header(f, &b, &any)) != ST_OK) {
		buf_free(&b);
		return s;
	}
	if (!any) {
		buf_free(&b);
		return n > 0 ? forum_log_action(f, changes, n) : ST_OK;
	}
	buf_add(&b, changes, (size_t)n);
	if (b.len > 0x7fffffff)
		s = forum_fail(f, ST_TOOBIG, _("the undo log entry of \"%s\" "
		    "is too big"), f->label);
	else
		s = forum_log_action(f, b.data, (int)b.len);
	buf_free(&b);
	return s;
}

/*
 * Reads a log entry: the ranges of a bulk action (*r, caller frees; none
 * for a plain changeset) and where its changeset starts.
 */
static enum status
bulk_parse(struct forum *f, const void *blob, int n, struct bulk_range **r,
    size_t *nr, const void **cs, int *ncs)
{
	const char *p = blob, *end, *line, *nl;
	size_t magic = strlen(BULK_MAGIC), i;

	*r = NULL;
	*nr = 0;
	*cs = blob;
	*ncs = n;
	if (n < (int)magic || memcmp(p, BULK_MAGIC, magic) != 0)
		return ST_OK;
	end = p + n;
	for (line = p + magic; ; line = nl + 1) {
		struct bulk_range g = { 0 };
		long long v[4];
		char *text, *q, *e;
		int k;

		nl = memchr(line, '\n', (size_t)(end - line));
		if (nl == NULL)
			goto bad;
		if (nl == line)
			break;
		/* "TABLE LAST MAX COUNT NCOLS DIGEST" */
		text = xstrndup(line, (size_t)(nl - line));
		if ((q = strchr(text, ' ')) == NULL) {
			free(text);
			goto bad;
		}
		*q++ = '\0';
		for (i = 0; i < NTABLES; i++)
			if (strcmp(forum_tables[i], text) == 0)
				break;
		for (k = 0; k < 4 && i < NTABLES; k++, q = e + 1) {
			errno = 0;
			v[k] = strtoll(q, &e, 10);
			if (e == q || *e != ' ' || errno != 0)
				i = NTABLES;
		}
		if (i < NTABLES) {
			errno = 0;
			g.digest = strtoull(q, &e, 16);
			if (e == q || *e != '\0' || errno != 0)
				i = NTABLES;
		}
		free(text);
		if (i == NTABLES || v[3] < 5 || v[3] > 2000 || v[1] < v[0])
			goto bad;
		g.table = i;
		g.last = v[0];
		g.max = v[1];
		g.count = v[2];
		g.ncols = (int)v[3];
		*r = xreallocarray(*r, *nr + 1, sizeof **r);
		(*r)[(*nr)++] = g;
	}
	*cs = nl + 1;
	*ncs = (int)(end - (nl + 1));
	return ST_OK;
bad:
	free(*r);
	*r = NULL;
	*nr = 0;
	return forum_fail(f, ST_CORRUPT, _("%s: an entry of the undo log is "
	    "damaged"), f->path);
}

/*
 * Undoes the ranges of a bulk action: *conflict (as for a changeset) if
 * their rows changed since.  Only checks (delete false), or deletes them,
 * the last table first, and takes the proposals out of the search index.
 */
static enum status
bulk_undo(struct forum *f, const struct bulk_range *r, size_t nr,
    bool delete, int *conflict)
{
	enum status s = ST_OK;
	int64_t *ids = NULL, count = 0;
	uint64_t digest = 0;
	size_t i, nids = 0;
	sqlite3_stmt *st;
	char *sql;
	int rc;

	for (i = 0; i < nr && !delete && s == ST_OK; i++) {
		struct bulk_range g = r[i];

		s = bulk_digest(f, &g, &count, &digest);
		if (s == ST_OK && (count != g.count || digest != g.digest)) {
			*conflict = SQLITE_CHANGESET_DATA;
			return ST_OK;
		}
	}
	for (i = nr; i-- > 0 && delete && s == ST_OK; ) {
		const char *t = forum_tables[r[i].table];

		if (strcmp(t, "proposal") == 0) {
			st = forum_stmt(f, "SELECT id FROM proposal WHERE "
			    "id > ?1 AND id <= ?2");
			if (st == NULL) {
				s = ST_DB;
				break;
			}
			sqlite3_bind_int64(st, 1, r[i].last);
			sqlite3_bind_int64(st, 2, r[i].max);
			while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
				if ((nids & (nids - 1)) == 0)
					ids = xreallocarray(ids, nids ?
					    2 * nids : 1, sizeof *ids);
				ids[nids++] = sqlite3_column_int64(st, 0);
			}
			sqlite3_reset(st);
			if (rc != SQLITE_DONE) {
				s = forum_sqlerr(f, rc, _("undo"));
				break;
			}
		}
		sql = xasprintf("DELETE FROM \"%s\" WHERE id > ?1 AND "
		    "id <= ?2", t);
		rc = sqlite3_prepare_v2(f->db, sql, -1, &st, NULL);
		free(sql);
		if (rc != SQLITE_OK) {
			s = forum_sqlerr(f, rc, _("undo"));
			break;
		}
		sqlite3_bind_int64(st, 1, r[i].last);
		sqlite3_bind_int64(st, 2, r[i].max);
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc == SQLITE_CONSTRAINT_FOREIGNKEY) {
			*conflict = SQLITE_CHANGESET_FOREIGN_KEY;
			break;
		}
		if (rc != SQLITE_DONE)
			s = forum_sqlerr(f, rc, _("undo"));
	}
	if (s == ST_OK && *conflict == 0 && nids > 0)
		s = search_index_batch(f, ids, nids);
	free(ids);
	return s;
}

/*
 * Joins changes to this actor's newest action, so that one undo takes back
 * both (capturing a proposal, then tagging it in the picker).  Without such
 * an action the changes become a new one.
 */
static enum status
forum_log_amend(struct forum *f, void *changes, int n)
{
	sqlite3_changegroup *g = NULL;
	sqlite3_stmt *st;
	void *joined = NULL;
	int64_t aid;
	int nj = 0, rc;

	st = forum_stmt(f, "SELECT id, changes FROM undo_action WHERE copy = ? "
	    "AND actor = ? AND state = 0 ORDER BY id DESC LIMIT 1");
	if (st == NULL)
		return ST_DB;
	sqlite3_bind_text(st, 1, f->copy, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, f->actor, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return forum_log_action(f, changes, n);
	}
	aid = sqlite3_column_int64(st, 0);
	/* A bulk action's entry (a merge) is joined by nothing. */
	if (sqlite3_column_bytes(st, 1) >= (int)strlen(BULK_MAGIC) &&
	    memcmp(sqlite3_column_blob(st, 1), BULK_MAGIC,
	    strlen(BULK_MAGIC)) == 0) {
		sqlite3_reset(st);
		return forum_log_action(f, changes, n);
	}
	rc = sqlite3changegroup_new(&g);
	if (rc == SQLITE_OK)
		rc = sqlite3changegroup_add(g, sqlite3_column_bytes(st, 1),
		    (void *)sqlite3_column_blob(st, 1));
	sqlite3_reset(st);
	if (rc == SQLITE_OK)
		rc = sqlite3changegroup_add(g, n, changes);
	if (rc == SQLITE_OK)
		rc = sqlite3changegroup_output(g, &nj, &joined);
	if (g != NULL)
		sqlite3changegroup_delete(g);
	if (rc != SQLITE_OK) {
		sqlite3_free(joined);
		return forum_sqlerr(f, rc, _("undo log"));
	}
	st = forum_stmt(f, "UPDATE undo_action SET changes = ? WHERE id = ?");
	if (st == NULL) {
		sqlite3_free(joined);
		return ST_DB;
	}
	sqlite3_bind_blob(st, 1, joined, nj, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, aid);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_free(joined);
	return rc == SQLITE_DONE ? ST_OK : forum_sqlerr(f, rc, _("undo log"));
}

enum status
forum_begin_amend(struct forum *f, const char *label)
{
	enum status st = forum_begin(f, label);

	if (st == ST_OK)
		f->amend = true;
	return st;
}

enum status
forum_commit(struct forum *f)
{
	enum status st = ST_OK;
	void *changes = NULL;
	int n = 0, rc;

	if (!f->in_action)
		return forum_fail(f, ST_INVALID, _("no action is open"));
	if (f->session != NULL) {
		rc = sqlite3session_changeset(f->session, &n, &changes);
		if (rc != SQLITE_OK)
			st = forum_sqlerr(f, rc, _("record changes"));
		else if (f->bulk_last != NULL)
			st = bulk_log(f, changes, n);
		else if (n > 0 && f->amend)
			st = forum_log_amend(f, changes, n);
		else if (n > 0)
			st = forum_log_action(f, changes, n);
		sqlite3_free(changes);
	}
	forum_session_end(f);
	if (st == ST_OK)
		st = forum_exec(f, "COMMIT", _("save"));
	if (st != ST_OK)
		sqlite3_exec(f->db, "ROLLBACK", NULL, NULL, NULL);
	free(f->label);
	f->label = NULL;
	f->in_action = false;
	f->amend = false;
	if (st == ST_OK)
		backup_tick(f); /* every few minutes while changes are made */
	return st;
}

void
forum_rollback(struct forum *f)
{
	if (!f->in_action)
		return;
	forum_session_end(f);
	sqlite3_exec(f->db, "ROLLBACK", NULL, NULL, NULL);
	free(f->label);
	f->label = NULL;
	f->in_action = false;
	f->amend = false;
}

enum status
forum_enter(struct forum *f, const char *label, bool *own)
{
	*own = false;
	if (f->in_action)
		return ST_OK;
	*own = true;
	return forum_begin(f, label);
}

enum status
forum_leave(struct forum *f, bool own, enum status st)
{
	if (!own)
		return st;
	if (st == ST_OK)
		return forum_commit(f);
	forum_rollback(f);
	return st;
}

/* True if a and b hold the same SQL value. */
static bool
value_same(sqlite3_value *a, sqlite3_value *b)
{
	const void *pa, *pb;
	int t = sqlite3_value_type(a), n;

	if (t != sqlite3_value_type(b))
		return false;
	if (t == SQLITE_NULL)
		return true;
	if (t == SQLITE_INTEGER)
		return sqlite3_value_int64(a) == sqlite3_value_int64(b);
	if (t == SQLITE_FLOAT)
		return !(sqlite3_value_double(a) < sqlite3_value_double(b)) &&
		    !(sqlite3_value_double(a) > sqlite3_value_double(b));
	pa = sqlite3_value_blob(a);
	pb = sqlite3_value_blob(b);
	n = sqlite3_value_bytes(a);
	return n == sqlite3_value_bytes(b) &&
	    (n == 0 || memcmp(pa, pb, (size_t)n) == 0);
}

/*
 * True if the row in conflict differs from what the change expects only in
 * updated and copy (columns 3 and 4 of every recorded table, REC_COLUMNS).
 * Each undo and redo stamps the rows it touches, which the changesets of
 * the actions before it cannot know: without this, a second undo of the
 * same record would always conflict with the first.
 */
static bool
undo_only_stamped(sqlite3_changeset_iter *it)
{
	const char *table;
	int ncol, op, indirect, i;

	if (sqlite3changeset_op(it, &table, &ncol, &op, &indirect) != SQLITE_OK)
		return false;
	for (i = 0; i < ncol; i++) {
		sqlite3_value *want = NULL, *have = NULL;

		if (i == 3 || i == 4)
			continue;
		/* An UPDATE carries old values of changed columns only. */
		if (sqlite3changeset_old(it, i, &want) != SQLITE_OK ||
		    want == NULL)
			continue;
		if (sqlite3changeset_conflict(it, i, &have) != SQLITE_OK ||
		    have == NULL || !value_same(want, have))
			return false;
	}
	return true;
}

/*
 * Any conflict while undoing aborts it: either someone changed the rows
 * since (the data differ), or records made since depend on them (a foreign
 * key).  Only a row that an earlier undo or redo merely stamped is changed
 * regardless.  *ctx receives the conflict type.
 */
static int
undo_conflict(void *ctx, int type, sqlite3_changeset_iter *it)
{
	if (type == SQLITE_CHANGESET_DATA && undo_only_stamped(it))
		return SQLITE_CHANGESET_REPLACE;
	if (*(int *)ctx == 0)
		*(int *)ctx = type;
	return SQLITE_CHANGESET_ABORT;
}

/* The statement that stamps a row of table t after an undo, or NULL. */
static const char *
undo_stamp_sql(const char *t)
{
	static const struct {
		const char *table;
		const char *sql;
	} stamps[] = {
		{ "forum", "UPDATE forum SET updated = ?, copy = ? WHERE id = ?" },
		{ "paragraph", "UPDATE paragraph SET updated = ?, copy = ? "
		    "WHERE id = ?" },
		{ "participant_group", "UPDATE participant_group SET updated = ?, "
		    "copy = ? WHERE id = ?" },
		{ "track", "UPDATE track SET updated = ?, copy = ? WHERE id = ?" },
		{ "session", "UPDATE session SET updated = ?, copy = ? "
		    "WHERE id = ?" },
		{ "addressee", "UPDATE addressee SET updated = ?, copy = ? "
		    "WHERE id = ?" },
		{ "proposal", "UPDATE proposal SET updated = ?, copy = ? "
		    "WHERE id = ?" },
		{ "proposal_addressee", "UPDATE proposal_addressee SET "
		    "updated = ?, copy = ? WHERE id = ?" },
	};
	size_t i;

	for (i = 0; i < sizeof stamps / sizeof stamps[0]; i++)
		if (strcmp(stamps[i].table, t) == 0)
			return stamps[i].sql;
	return NULL;
}

/* Keeps a proposal's text history whole after an undo changed the text. */
static enum status
undo_revision(struct forum *f, int64_t pid, int64_t now)
{
	sqlite3_stmt *st;
	char uuid[37];
	int rc;

	forum_uuid(uuid);
	st = forum_stmt(f, "INSERT INTO revision (uuid, proposal_id, time, "
	    "copy, text) SELECT ?1, p.id, ?2, ?3, p.text FROM proposal p "
	    "WHERE p.id = ?4 AND p.text IS NOT (SELECT text FROM revision "
	    "WHERE proposal_id = ?4 ORDER BY id DESC LIMIT 1)");
	if (st == NULL)
		return ST_DB;
	sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_text(st, 3, f->copy, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, pid);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : forum_sqlerr(f, rc, _("undo"));
}

/* Stamps every row the changeset leaves in place. */
static enum status
undo_stamp(struct forum *f, int n, void *changes)
{
	sqlite3_changeset_iter *it;
	enum status st = ST_OK;
	int64_t now = clock_now_ms();
	int rc;

	rc = sqlite3changeset_start(&it, n, changes);
	if (rc != SQLITE_OK)
		return forum_sqlerr(f, rc, _("undo"));
	while (st == ST_OK && sqlite3changeset_next(it) == SQLITE_ROW) {
		const char *table;
		int ncol, op, indirect;
		sqlite3_value *pk = NULL;
		const char *sql;
		sqlite3_stmt *s;

		sqlite3changeset_op(it, &table, &ncol, &op, &indirect);
		if (op == SQLITE_DELETE) {
			/* An undone insert: out of the search index too. */
			if (strcmp(table, "proposal") == 0 &&
			    sqlite3changeset_old(it, 0, &pk) == SQLITE_OK &&
			    pk != NULL)
				st = search_index_proposal(f,
				    sqlite3_value_int64(pk));
			continue;
		}
		if (op == SQLITE_INSERT)
			sqlite3changeset_new(it, 0, &pk);
		else
			sqlite3changeset_old(it, 0, &pk);
		if (pk == NULL || (sql = undo_stamp_sql(table)) == NULL)
			continue;
		if ((s = forum_stmt(f, sql)) == NULL) {
			st = ST_DB;
			break;
		}
		sqlite3_bind_int64(s, 1, now);
		sqlite3_bind_text(s, 2, f->copy, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 3, sqlite3_value_int64(pk));
		rc = sqlite3_step(s);
		sqlite3_reset(s);
		if (rc != SQLITE_DONE)
			st = forum_sqlerr(f, rc, _("undo"));
		else if (strcmp(table, "proposal") == 0) {
			st = undo_revision(f, sqlite3_value_int64(pk), now);
			if (st == ST_OK)
				st = search_index_proposal(f,
				    sqlite3_value_int64(pk));
		}
	}
	sqlite3changeset_finalize(it);
	return st;
}

/*
 * Turns the newest action in state from (the oldest, for redo) over: applies
 * the inverse of its stored changeset and stores what that did, in state to.
 */
static enum status
forum_turn(struct forum *f, int from, int to, char **label)
{
	sqlite3_stmt *sel;
	enum status st;
	int64_t aid;
	void *inv = NULL, *done = NULL;
	int ninv = 0, ndone = 0, rc;
	int conflict = 0;
	struct bulk_range *ranges = NULL;
	size_t nranges = 0;
	const void *cs;
	int ncs;
	char *name; /* the action's label */
	const char *q = from == UNDO_DONE ?
	    "SELECT id, label, changes FROM undo_action WHERE copy = ? AND "
	    "actor = ? AND state = 0 ORDER BY id DESC LIMIT 1" :
	    "SELECT id, label, changes FROM undo_action WHERE copy = ? AND "
	    "actor = ? AND state = 1 ORDER BY id ASC LIMIT 1";

	if (label != NULL)
		*label = NULL;
	if ((st = forum_begin(f, NULL)) != ST_OK)
		return st;
	if ((sel = forum_stmt(f, q)) == NULL) {
		forum_rollback(f);
		return ST_DB;
	}
	sqlite3_bind_text(sel, 1, f->copy, -1, SQLITE_STATIC);
	sqlite3_bind_text(sel, 2, f->actor, -1, SQLITE_STATIC);
	if (sqlite3_step(sel) != SQLITE_ROW) {
		sqlite3_reset(sel);
		forum_rollback(f);
		return forum_fail(f, ST_NOTHING, "%s",
		    from == UNDO_DONE ? _("nothing to undo") :
		    _("nothing to redo"));
	}
	aid = sqlite3_column_int64(sel, 0);
	name = xstrdup((const char *)sqlite3_column_text(sel, 1));
	/* A bulk action's ranges, then its changeset (bulk_log()); only
	 * ever in the state done: what undoing does is recorded row by row. */
	st = bulk_parse(f, sqlite3_column_blob(sel, 2),
	    sqlite3_column_bytes(sel, 2), &ranges, &nranges, &cs, &ncs);
	if (st == ST_OK && nranges > 0 && from != UNDO_DONE)
		st = forum_fail(f, ST_CORRUPT, _("%s: an entry of the undo "
		    "log is damaged"), f->path);
	rc = st == ST_OK && ncs > 0 ? sqlite3changeset_invert(ncs, cs, &ninv,
	    &inv) : SQLITE_OK;
	sqlite3_reset(sel);
	if (st != ST_OK)
		goto out;
	if (rc != SQLITE_OK) {
		st = forum_sqlerr(f, rc, _("undo"));
		goto out;
	}
	if ((st = forum_session_start(f)) != ST_OK)
		goto out;
	/* The rows inserted are checked before anything changes. */
	if (nranges > 0 && ((st = bulk_undo(f, ranges, nranges, false,
	    &conflict)) != ST_OK || conflict != 0))
		goto decided;
	rc = ninv > 0 ? sqlite3changeset_apply(f->db, ninv, inv, NULL,
	    undo_conflict, &conflict) : SQLITE_OK;
	if (conflict == 0 && rc == SQLITE_OK && nranges > 0)
		st = bulk_undo(f, ranges, nranges, true, &conflict);
decided:
	if (st == ST_OK && conflict != 0) {
		st = forum_fail(f, ST_CONFLICT, from == UNDO_DONE ?
		    _("cannot undo \"%s\": %s") : _("cannot redo \"%s\": %s"),
		    i18n_text(name), conflict == SQLITE_CHANGESET_FOREIGN_KEY ?
		    _("records added since depend on it") :
		    _("the records were changed since, by another user or copy"));
		goto out;
	}
	if (st != ST_OK)
		goto out;
	if (rc != SQLITE_OK) {
		st = forum_sqlerr(f, rc, _("undo"));
		goto out;
	}
	if (ninv > 0 && (st = undo_stamp(f, ninv, inv)) != ST_OK)
		goto out;
	rc = sqlite3session_changeset(f->session, &ndone, &done);
	if (rc != SQLITE_OK) {
		st = forum_sqlerr(f, rc, _("undo"));
		goto out;
	}
	if ((sel = forum_stmt(f, "UPDATE undo_action SET state = ?, "
	    "changes = ? WHERE id = ?")) == NULL) {
		st = ST_DB;
		goto out;
	}
	sqlite3_bind_int(sel, 1, to);
	sqlite3_bind_blob(sel, 2, done, ndone, SQLITE_STATIC);
	sqlite3_bind_int64(sel, 3, aid);
	rc = sqlite3_step(sel);
	sqlite3_reset(sel);
	if (rc != SQLITE_DONE)
		st = forum_sqlerr(f, rc, _("undo"));
out:
	if (label != NULL)
		*label = name;
	else
		free(name);
	sqlite3_free(inv);
	sqlite3_free(done);
	free(ranges);
	forum_session_end(f);
	if (st == ST_OK)
		return forum_commit(f);
	forum_rollback(f);
	return st;
}

enum status
forum_undo(struct forum *f, char **label)
{
	return forum_turn(f, UNDO_DONE, UNDO_UNDONE, label);
}

enum status
forum_redo(struct forum *f, char **label)
{
	return forum_turn(f, UNDO_UNDONE, UNDO_DONE, label);
}
