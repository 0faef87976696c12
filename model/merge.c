/*
 * merge.c: copies of a forum and merging them back (merge.h tells the
 * rules).
 *
 * A copy comes from another laptop: it is read through a connection of its
 * own, read-only and immutable, with triggers and views disabled, and only
 * once its header, its pages (quick_check) and its schema have passed.  The
 * schema it must have is the one its version creates: agora makes such a
 * file in a scratch directory (forum_create_version()) and compares the two
 * sqlite_schema tables row by row.  Rows are then read with prepared
 * statements and written into the master through the master's own
 * connection, inside one action: ATTACH would run the copy's schema under
 * the master's settings, and a failure anywhere rolls the whole merge back.
 *
 * The statements are built from the column lists of the master's schema
 * (our own identifiers, never the copy's) so that a column added by a later
 * migration is merged without a change here; values are always bound.  The
 * references between tables are found the same way (PRAGMA
 * foreign_key_list) and translated copy id -> UUID -> master id through a
 * map per table, filled as the table is merged: the tables go in dependency
 * order, and the one reference to a row of the same table (a proposal
 * merged into another) is fixed up when the table is done.
 *
 * The rules are chosen so that the result does not depend on the order of
 * the merges: each record ends as the greatest of its versions under one
 * total order (updated, then copy id, then content) with the tombstone of
 * any, and the history of texts is a union.  Nothing is restamped: a merge
 * that finds nothing new writes nothing at all.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>
#include <uuid.h>

#include "i18n.h"
#include "merge.h"
#include "search.h"
#include "text.h"
#include "util.h"

/* The longest row SQLite may hand us from a copy: a few fields at the
 * limit.  Our own check of each field gives the clearer message. */
#define COPY_MAX_VALUE (8 * MERGE_MAX_TEXT)
/* Rows between two calls of the progress callback. */
#define PROGRESS_EVERY 1024
/* Links of a copy's addressee looked up to find where it went before. */
#define PRIOR_LINKS 20
/* The master's page cache while it merges, KiB (cache_grow()), and the
 * copy's. */
#define MERGE_CACHE_KIB 32768
#define MERGE_CACHE_KIB_STR "32768"

static const struct {
	const char *table;
	const char *name;  /* for reports */
	bool imported;     /* taken in from another forum by --import */
} kinds[MERGE_NKINDS] = {
	[MERGE_FORUM] = { "forum", N_("forum"), false },
	[MERGE_PARAGRAPH] = { "paragraph", N_("paragraphs"), false },
	[MERGE_GROUP] = { "participant_group", N_("participant groups"),
	    false },
	[MERGE_TRACK] = { "track", N_("tracks"), true },
	[MERGE_SESSION] = { "session", N_("sessions"), true },
	[MERGE_ADDRESSEE] = { "addressee", N_("addressees"), true },
	[MERGE_PROPOSAL] = { "proposal", N_("proposals"), true },
	[MERGE_LINK] = { "proposal_addressee", N_("addressee links"), true },
	[MERGE_REVISION] = { "revision", N_("revisions"), true },
};

/* The columns every record has, before its own (records.h). */
static const char *const rec_columns[] = {
	"id", "uuid", "created", "updated", "copy", "deleted",
};
#define NREC (sizeof rec_columns / sizeof rec_columns[0])

const char *
merge_kind_name(enum merge_kind k)
{
	return (unsigned)k < MERGE_NKINDS ? _(kinds[k].name) : "?";
}

/* ---- small tools ---- */

/* copy id -> master id, open addressing. */
struct idslot {
	int64_t key;
	int64_t val;
	bool used;
};

struct idmap {
	struct idslot *v;
	size_t cap; /* a power of two, or 0 */
	size_t n;
};

static size_t
idmap_find(const struct idmap *m, int64_t key)
{
	size_t mask = m->cap - 1;
	size_t i = (size_t)(((uint64_t)key * 0x9E3779B97F4A7C15u) >> 17) & mask;

	while (m->v[i].used && m->v[i].key != key)
		i = (i + 1) & mask;
	return i;
}

static void
idmap_put(struct idmap *m, int64_t key, int64_t val)
{
	size_t i;

	if (2 * (m->n + 1) > m->cap) {
		struct idmap g = { 0 };

		g.cap = m->cap ? 2 * m->cap : 256;
		g.v = xcalloc(g.cap, sizeof *g.v);
		for (i = 0; i < m->cap; i++)
			if (m->v[i].used)
				g.v[idmap_find(&g, m->v[i].key)] = m->v[i];
		g.n = m->n;
		free(m->v);
		*m = g;
	}
	i = idmap_find(m, key);
	if (!m->v[i].used)
		m->n++;
	m->v[i] = (struct idslot){ key, val, true };
}

static bool
idmap_get(const struct idmap *m, int64_t key, int64_t *val)
{
	size_t i;

	if (m->cap == 0)
		return false;
	i = idmap_find(m, key);
	if (!m->v[i].used)
		return false;
	*val = m->v[i].val;
	return true;
}

/* Normalised heading -> master addressee id, open addressing (a hostile
 * copy may bring millions of addressees: no list searched from the start). */
struct heading {
	char *key; /* NULL: a free slot */
	int64_t id;
};

struct headmap {
	struct heading *v;
	size_t cap; /* a power of two, or 0 */
	size_t n;
};

/* FNV-1a. */
static uint64_t
str_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3u;
	return h;
}

static size_t
headmap_find(const struct headmap *m, const char *key)
{
	size_t mask = m->cap - 1, i = (size_t)str_hash(key) & mask;

	while (m->v[i].key != NULL && strcmp(m->v[i].key, key) != 0)
		i = (i + 1) & mask;
	return i;
}

/* The id under key, or 0. */
static int64_t
headmap_get(const struct headmap *m, const char *key)
{
	size_t i;

	if (m->cap == 0)
		return 0;
	i = headmap_find(m, key);
	return m->v[i].key != NULL ? m->v[i].id : 0;
}

/* Adds key (taking it) unless it is there; then frees it. */
static void
headmap_add(struct headmap *m, char *key, int64_t id)
{
	size_t i;

	if (2 * (m->n + 1) > m->cap) {
		struct headmap g = { 0 };

		g.cap = m->cap ? 2 * m->cap : 64;
		g.v = xcalloc(g.cap, sizeof *g.v);
		for (i = 0; i < m->cap; i++)
			if (m->v[i].key != NULL)
				g.v[headmap_find(&g, m->v[i].key)] = m->v[i];
		g.n = m->n;
		free(m->v);
		*m = g;
	}
	i = headmap_find(m, key);
	if (m->v[i].key != NULL) {
		free(key);
		return;
	}
	m->v[i].key = key;
	m->v[i].id = id;
	m->n++;
}

static void
headmap_free(struct headmap *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		free(m->v[i].key);
	free(m->v);
	memset(m, 0, sizeof *m);
}

/* True if s (n bytes) is a UUID as agora writes them: lower-case hex. */
static bool
uuid_valid(const unsigned char *s, int n)
{
	int i;

	if (s == NULL || n != 36)
		return false;
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return false;
		} else if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	}
	return true;
}

/* True if a and b hold the same SQL value. */
static bool
value_same(sqlite3_value *a, sqlite3_value *b)
{
	int t = sqlite3_value_type(a), n;

	if (t != sqlite3_value_type(b))
		return false;
	switch (t) {
	case SQLITE_NULL:
		return true;
	case SQLITE_INTEGER:
		return sqlite3_value_int64(a) == sqlite3_value_int64(b);
	case SQLITE_FLOAT:
		return !(sqlite3_value_double(a) < sqlite3_value_double(b)) &&
		    !(sqlite3_value_double(a) > sqlite3_value_double(b));
	default:
		n = sqlite3_value_bytes(a);
		return n == sqlite3_value_bytes(b) && (n == 0 ||
		    memcmp(sqlite3_value_blob(a), sqlite3_value_blob(b),
		    (size_t)n) == 0);
	}
}

/* The heading as compared: folded, ё = е, whitespace runs as one space,
 * none at either end. */
static char *
heading_key(const char *s)
{
	struct buf fold = { 0 }, out = { 0 };
	const char *p;
	bool space = false;

	text_fold(&fold, s, strlen(s), true);
	for (p = buf_str(&fold); *p != '\0'; p++) {
		bool ws = *p == ' ' || (*p >= '\t' && *p <= '\r');

		/* U+00A0, the no-break space, counts as a space. */
		if ((unsigned char)p[0] == 0xC2 &&
		    (unsigned char)p[1] == 0xA0) {
			ws = true;
			p++;
		}
		if (ws) {
			space = out.len > 0;
			continue;
		}
		if (space)
			buf_addc(&out, ' ');
		space = false;
		buf_addc(&out, *p);
	}
	buf_free(&fold);
	if (out.data == NULL)
		return xstrdup("");
	return buf_steal(&out);
}

/* "2018-01-30 12:00:05 UTC" for a time in ms. */
static void
time_text(struct buf *b, int64_t ms)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	char s[64];

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(s, sizeof s, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0)
		buf_printf(b, "%lld ms", (long long)ms);
	else
		buf_adds(b, s);
}

static uint32_t
get_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* Appends the identifier name, quoted for SQL. */
static void
sql_ident(struct buf *b, const char *name)
{
	buf_addc(b, '"');
	for (; *name != '\0'; name++) {
		if (*name == '"')
			buf_addc(b, '"');
		buf_addc(b, *name);
	}
	buf_addc(b, '"');
}

/* ---- the merge's state ---- */

/* A column of a record table, beyond the common ones. */
struct col {
	char *name;
	char type;    /* 'i' integer, 't' text, 'a' any */
	bool notnull;
	int ref;      /* the kind it refers to, or -1 */
};

/* A value of the copy's row, as it will be written into the master. */
struct val {
	sqlite3_value *v; /* the copy's value (not a reference) */
	bool null;        /* a reference: NULL */
	bool pending;     /* a reference to a row of this table not yet in */
	int64_t id;       /* a reference: the master's id */
	int64_t target;   /* pending: the copy's id it refers to */
};

/* A self-reference to set once its table is merged. */
struct fixup {
	int64_t mid;    /* the master's row */
	size_t col;
	int64_t target; /* the copy's id it refers to */
};

/* One table's merge. */
struct plan {
	enum merge_kind kind;
	const char *table;
	struct col *cols;
	size_t ncols;
	struct val *vals;
	int64_t rows;          /* in the copy */
	struct idmap map;      /* copy id -> master id */
	sqlite3_stmt *c_rows;  /* copy: REC columns, then cols */
	sqlite3_stmt *c_uuid;  /* copy: uuid by id */
	sqlite3_stmt *m_find;  /* master: id, created, updated, copy, deleted,
	                          cols by uuid */
	sqlite3_stmt *m_get;   /* the same by id */
	sqlite3_stmt *m_id;    /* master: id by uuid */
	sqlite3_stmt *m_uuid;  /* master: uuid by id */
	sqlite3_stmt *m_ins;
	sqlite3_stmt *m_upd;
	sqlite3_stmt *m_tomb;
	sqlite3_stmt *m_fix;   /* per self-referencing column: see fixups */
	size_t fixcol;         /* the self-referencing column, or SIZE_MAX */
	int64_t bulk_last;     /* rows above it: this merge's own (merge.h) */
};

/* A row of sqlite_schema, with a table's columns. */
struct schema_row {
	char *type, *name, *tbl, *sql;
	char **cols;
	size_t ncols;
};

struct schema {
	struct schema_row *v;
	size_t n;
};

/* What the copies merged in one call share. */
struct batch {
	struct schema ref[FORUM_SCHEMA_VERSION + 1]; /* by version */
	bool have_ref[FORUM_SCHEMA_VERSION + 1];
	int64_t *index; /* proposals whose text or tombstone changed */
	size_t nindex;
};

struct merger {
	struct forum *f;
	struct batch *b;
	sqlite3 *m;         /* the master's connection */
	sqlite3 *c;         /* the copy's */
	const char *path;   /* the copy as named */
	const struct merge_opts *o;
	struct merge_result *r;
	struct stat sb;     /* the copy as it was opened */
	int version;        /* the copy's schema */
	bool import;
	struct plan plan[MERGE_NKINDS];
	struct fixup *fix;
	size_t nfix;
	struct headmap heads;
	int64_t done, total;
	sqlite3_stmt **stmts; /* everything prepared, finalised at the end */
	size_t nstmts;
	/* Fixed statements. */
	sqlite3_stmt *c_revtext, *m_revtext, *c_links, *m_linkaddr, *m_pair;
	sqlite3_stmt *m_revins, *c_revs;
};

/* Sets the error: "PATH: refused: reason". */
static enum status
refuse(struct merger *m, enum status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static enum status
refuse(struct merger *m, enum status st, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	forum_fail(m->f, st, _("%s: refused: %s"), m->path, s);
	free(s);
	return st;
}

/* An SQLite error on the copy's connection. */
static enum status
copy_sqlerr(struct merger *m, int rc, const char *what)
{
	const char *msg = m->c ? sqlite3_errmsg(m->c) : sqlite3_errstr(rc);

	switch (rc & 0xff) {
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
	case SQLITE_ERROR: /* a malformed schema, mostly */
		return refuse(m, ST_CORRUPT, _("the file is damaged (%s: %s)"),
		    what, msg);
	case SQLITE_TOOBIG:
		return refuse(m, ST_TOOBIG, _("a value is over %d bytes (%s)"),
		    COPY_MAX_VALUE, what);
	case SQLITE_NOMEM:
		return refuse(m, ST_TOOBIG, _("out of memory (%s)"), what);
	default:
		return forum_fail(m->f, ST_IO, "%s: %s: %s", m->path, what,
		    msg);
	}
}

/* Prepares sql on db; finalised with the merger.  NULL on error, set. */
static sqlite3_stmt *
prep(struct merger *m, sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int rc;

	rc = sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st,
	    NULL);
	if (rc != SQLITE_OK) {
		if (db == m->c)
			copy_sqlerr(m, rc, _("read"));
		else
			forum_sqlerr(m->f, rc, _("merge"));
		return NULL;
	}
	m->stmts = xreallocarray(m->stmts, m->nstmts + 1,
	    sizeof(sqlite3_stmt *));
	m->stmts[m->nstmts++] = st;
	return st;
}

/* Steps a master statement that returns no row. */
static enum status
m_done(struct merger *m, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : forum_sqlerr(m->f, rc, _("merge"));
}

static void
progress(struct merger *m, bool last)
{
	m->done++;
	if (m->o->progress != NULL && (last || m->done % PROGRESS_EVERY == 0))
		m->o->progress(m->o->ctx, m->path, m->done, m->total);
}

/* ---- checking the copy ---- */

/* True if path exists with something in it. */
static bool
side_file(const char *path, const char *suffix)
{
	struct stat sb;
	char *p = xasprintf("%s%s", path, suffix);
	bool r = stat(p, &sb) == 0 && sb.st_size > 0;

	free(p);
	return r;
}

/*
 * Looks at the file before SQLite does: a regular SQLite file whose header
 * carries our application_id, a known schema version and as many pages as
 * it says, with no unsaved changes beside it.
 */
static enum status
copy_check_file(struct merger *m, const struct stat *master)
{
	unsigned char hdr[100];
	uint32_t pagesize, version, npages;
	ssize_t n;
	int fd;

	/* A FIFO or a device is never opened: it could block or have
	 * effects. */
	if (stat(m->path, &m->sb) != 0) {
		int e = errno;

		return forum_fail(m->f, e == ENOENT ? ST_NOTFOUND : ST_IO,
		    "%s: %s", m->path, strerror(e));
	}
	if (!S_ISREG(m->sb.st_mode))
		return refuse(m, ST_NOTFORUM, _("not a regular file"));
	fd = open(m->path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return forum_fail(m->f, ST_IO, "%s: %s", m->path,
		    strerror(errno));
	if (fstat(fd, &m->sb) != 0 || !S_ISREG(m->sb.st_mode)) {
		close(fd);
		return refuse(m, ST_NOTFORUM, _("not a regular file"));
	}
	if (m->sb.st_dev == master->st_dev && m->sb.st_ino == master->st_ino) {
		close(fd);
		return refuse(m, ST_INVALID, _("it is the master file itself"));
	}
	n = read(fd, hdr, sizeof hdr);
	close(fd);
	if (n < (ssize_t)sizeof hdr || memcmp(hdr, "SQLite format 3", 16) != 0)
		return refuse(m, ST_NOTFORUM, _("not an agora forum file (not an "
		    "SQLite database)"));
	if (get_be32(hdr + 68) != FORUM_APPLICATION_ID)
		return refuse(m, ST_NOTFORUM, _("not an agora forum file (wrong "
		    "application_id: an SQLite database of another program)"));
	version = get_be32(hdr + 60);
	if (version > FORUM_SCHEMA_VERSION)
		return refuse(m, ST_NEWER, _("the file has schema version %lu; "
		    "this agora knows versions up to %d: merge it with a newer "
		    "agora"), (unsigned long)version, FORUM_SCHEMA_VERSION);
	if (version < 1)
		return refuse(m, ST_NOTFORUM, _("not an agora forum file (no "
		    "schema)"));
	m->version = (int)version;
	pagesize = (uint32_t)hdr[16] << 8 | hdr[17];
	if (pagesize == 1)
		pagesize = 65536;
	if (pagesize < 512 || pagesize > 65536 ||
	    (pagesize & (pagesize - 1)) != 0)
		return refuse(m, ST_CORRUPT, _("the file is damaged (its header "
		    "gives no valid page size)"));
	if (m->sb.st_size % pagesize != 0)
		return refuse(m, ST_CORRUPT, _("the file is truncated or damaged "
		    "(%lld bytes is not a whole number of %lu-byte pages)"),
		    (long long)m->sb.st_size, (unsigned long)pagesize);
	/* The page count is valid when written with the change counter. */
	npages = get_be32(hdr + 28);
	if (npages > 0 && get_be32(hdr + 92) == get_be32(hdr + 24) &&
	    (int64_t)npages * pagesize > (int64_t)m->sb.st_size)
		return refuse(m, ST_CORRUPT, _("the file is truncated (%lld "
		    "bytes of the %lld its header gives)"),
		    (long long)m->sb.st_size,
		    (long long)npages * (long long)pagesize);
	if (side_file(m->path, "-wal") || side_file(m->path, "-journal"))
		return refuse(m, ST_BUSY, _("it has unsaved changes in %s-wal or "
		    "-journal (agora is still open on it, or was not closed "
		    "cleanly): close agora there, or open it once with "
		    "\"agora info %s\", then merge again"), m->path, m->path);
	return ST_OK;
}

/* Opens the copy read-only, immutable, with the defensive settings. */
static enum status
copy_open(struct merger *m)
{
	struct buf uri = { 0 };
	const unsigned char *p;
	char *abs;
	int rc;

	/* An absolute path: "file:" and a relative "//x" would name a host. */
	if ((abs = realpath(m->path, NULL)) == NULL)
		return forum_fail(m->f, ST_IO, "%s: %s", m->path,
		    strerror(errno));
	buf_adds(&uri, "file:");
	for (p = (const unsigned char *)abs; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/._~-", *p) != NULL)
			buf_addc(&uri, (char)*p);
		else
			buf_printf(&uri, "%%%02X", *p);
	}
	free(abs);
	/*
	 * immutable: SQLite takes no lock and creates no -shm or -wal beside
	 * the copy (a read-only connection to a WAL file would leave both
	 * behind on the moderator's stick).  Nobody may write it meanwhile:
	 * copy_unchanged() checks that afterwards.
	 */
	buf_adds(&uri, "?mode=ro&immutable=1");
	/* The connection is the merge's alone: no mutex. */
	rc = sqlite3_open_v2(buf_str(&uri), &m->c, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
	buf_free(&uri);
	if (rc != SQLITE_OK)
		return copy_sqlerr(m, rc, _("opening"));
	sqlite3_extended_result_codes(m->c, 1);
	sqlite3_db_config(m->c, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(m->c, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	sqlite3_db_config(m->c, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
	sqlite3_db_config(m->c, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL);
	sqlite3_db_config(m->c, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0,
	    NULL);
	sqlite3_db_config(m->c, SQLITE_DBCONFIG_DQS_DML, 0, NULL);
	sqlite3_db_config(m->c, SQLITE_DBCONFIG_DQS_DDL, 0, NULL);
	sqlite3_limit(m->c, SQLITE_LIMIT_LENGTH, COPY_MAX_VALUE);
	sqlite3_limit(m->c, SQLITE_LIMIT_SQL_LENGTH, 100000);
	sqlite3_limit(m->c, SQLITE_LIMIT_COLUMN, 200);
	sqlite3_limit(m->c, SQLITE_LIMIT_EXPR_DEPTH, 200);
	sqlite3_limit(m->c, SQLITE_LIMIT_ATTACHED, 0);
	sqlite3_limit(m->c, SQLITE_LIMIT_TRIGGER_DEPTH, 0);
	/* quick_check reads every page: kept in the cache (up to its size),
	 * the rows are read from memory afterwards, not from the file
	 * again. */
	rc = sqlite3_exec(m->c, "PRAGMA cell_size_check = ON; "
	    "PRAGMA cache_size = -" MERGE_CACHE_KIB_STR, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return copy_sqlerr(m, rc, _("opening"));
	return ST_OK;
}

/* The copy's pages and records are sound: PRAGMA quick_check says ok. */
static enum status
copy_quick_check(struct merger *m)
{
	sqlite3_stmt *st = prep(m, m->c, "PRAGMA quick_check(3)");
	struct buf why = { 0 };
	enum status s = ST_OK;
	int rc;

	if (st == NULL)
		return ST_CORRUPT;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);

		if (t == NULL)
			t = "?";
		if (strcmp(t, "ok") == 0)
			continue;
		/* One line: its lines joined, without the banner. */
		if (strncmp(t, "*** in database main ***\n", 25) == 0)
			t += 25;
		for (; *t != '\0'; t++) {
			if (*t == '\n' && t[1] != '\0')
				buf_adds(&why, "; ");
			else if (*t != '\n')
				buf_addc(&why, *t);
		}
		buf_adds(&why, "; ");
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		s = copy_sqlerr(m, rc, _("quick_check"));
	else if (why.len > 0) {
		why.data[why.len -= 2] = '\0';
		s = refuse(m, ST_CORRUPT, _("the file is damaged (quick_check: "
		    "%s)"), buf_str(&why));
	}
	buf_free(&why);
	return s;
}

static void
schema_free(struct schema *s)
{
	size_t i, j;

	for (i = 0; i < s->n; i++) {
		free(s->v[i].type);
		free(s->v[i].name);
		free(s->v[i].tbl);
		free(s->v[i].sql);
		for (j = 0; j < s->v[i].ncols; j++)
			free(s->v[i].cols[j]);
		free(s->v[i].cols);
	}
	free(s->v);
	memset(s, 0, sizeof *s);
}

static char *
dup_col(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t ? xstrdup((const char *)t) : NULL;
}

/* Reads db's sqlite_schema and its tables' columns.  SQLite's codes. */
static int
schema_read(sqlite3 *db, struct schema *out)
{
	sqlite3_stmt *st = NULL, *ci = NULL;
	int rc;
	size_t i;

	memset(out, 0, sizeof *out);
	rc = sqlite3_prepare_v2(db, "SELECT type, name, tbl_name, sql FROM "
	    "sqlite_schema ORDER BY type <> 'table', type, name", -1, &st,
	    NULL);
	if (rc != SQLITE_OK)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct schema_row *r;

		out->v = xreallocarray(out->v, out->n + 1, sizeof *out->v);
		r = &out->v[out->n++];
		memset(r, 0, sizeof *r);
		r->type = dup_col(st, 0);
		r->name = dup_col(st, 1);
		r->tbl = dup_col(st, 2);
		r->sql = dup_col(st, 3);
		if (r->type == NULL || r->name == NULL || r->tbl == NULL) {
			rc = SQLITE_CORRUPT;
			break;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return rc;
	rc = sqlite3_prepare_v2(db, "SELECT name FROM pragma_table_info(?1) "
	    "ORDER BY cid", -1, &ci, NULL);
	if (rc != SQLITE_OK)
		return rc;
	for (i = 0; i < out->n && rc == SQLITE_OK; i++) {
		struct schema_row *r = &out->v[i];

		if (strcmp(r->type, "table") != 0 || r->sql == NULL ||
		    strncmp(r->sql, "CREATE TABLE", 12) != 0)
			continue;
		sqlite3_bind_text(ci, 1, r->name, -1, SQLITE_STATIC);
		while ((rc = sqlite3_step(ci)) == SQLITE_ROW) {
			char *c = dup_col(ci, 0);

			if (c == NULL)
				continue;
			r->cols = xreallocarray(r->cols, r->ncols + 1,
			    sizeof *r->cols);
			r->cols[r->ncols++] = c;
		}
		sqlite3_reset(ci);
		if (rc == SQLITE_DONE)
			rc = SQLITE_OK;
	}
	sqlite3_finalize(ci);
	return rc;
}

static void
remove_db(const char *path)
{
	char *p;

	unlink(path);
	p = xasprintf("%s-wal", path);
	unlink(p);
	free(p);
	p = xasprintf("%s-shm", path);
	unlink(p);
	free(p);
	p = xasprintf("%s-journal", path);
	unlink(p);
	free(p);
}

/*
 * The schema a file of the given version has: agora makes such a file in
 * a scratch directory and reads it back (the migrations are the only
 * definition of a version's schema).
 */
static enum status
reference_schema(struct merger *m, int version, struct schema *out)
{
	const char *tmp = getenv("TMPDIR");
	char *dir, *path, *err = NULL;
	sqlite3 *db = NULL;
	enum status st;
	int rc;

	memset(out, 0, sizeof *out);
	dir = xasprintf("%s/agora-merge-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL) {
		st = forum_fail(m->f, ST_IO, _("cannot make a scratch directory "
		    "%s: %s"), dir, strerror(errno));
		free(dir);
		return st;
	}
	path = xasprintf("%s/reference.agora", dir);
	st = forum_create_version(path, version, &err);
	if (st != ST_OK) {
		forum_fail(m->f, st, _("the schema of version %d: %s"), version,
		    err ? err : status_text(st));
		free(err);
		goto out;
	}
	rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
	if (rc == SQLITE_OK)
		rc = schema_read(db, out);
	if (rc != SQLITE_OK) {
		st = forum_fail(m->f, ST_DB, _("the schema of version %d: %s"),
		    version, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		schema_free(out);
	}
	sqlite3_close(db);
out:
	remove_db(path);
	rmdir(dir);
	free(path);
	free(dir);
	return st;
}

static const struct schema_row *
schema_find(const struct schema *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->v[i].name, name) == 0)
			return &s->v[i];
	return NULL;
}

static bool
has_col(const struct schema_row *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->ncols; i++)
		if (strcmp(r->cols[i], name) == 0)
			return true;
	return false;
}

/* The FTS5 index's own tables: SQLite's version writes their SQL. */
static bool
fts_shadow(const char *name)
{
	return strncmp(name, "proposal_search_", 16) == 0;
}

/* Why the copy's schema is not the reference's, or ST_OK. */
static enum status
schema_compare(struct merger *m, const struct schema *ref,
    const struct schema *got)
{
	size_t i, j;

	for (i = 0; i < ref->n; i++) {
		const struct schema_row *r = &ref->v[i];
		const struct schema_row *g = schema_find(got, r->name);

		if (g == NULL)
			return refuse(m, ST_CORRUPT, _("the %s %s is missing"),
			    r->type, r->name);
		if (strcmp(g->type, r->type) != 0)
			return refuse(m, ST_CORRUPT, _("%s is a %s, not a %s"),
			    r->name, g->type, r->type);
		if (strcmp(g->tbl, r->tbl) != 0)
			return refuse(m, ST_CORRUPT, _("the %s %s belongs to %s, "
			    "not to %s"), r->type, r->name, g->tbl, r->tbl);
		if ((g->sql == NULL) != (r->sql == NULL))
			return refuse(m, ST_CORRUPT, _("the %s %s is defined "
			    "otherwise than schema version %d makes it"),
			    r->type, r->name, m->version);
		if (r->sql == NULL || strcmp(g->sql, r->sql) == 0)
			continue;
		/* Plain tables we never read; another SQLite may word them
		 * otherwise. */
		if (fts_shadow(r->name) && strcmp(r->type, "table") == 0 &&
		    strncmp(g->sql, "CREATE TABLE", 12) == 0)
			continue;
		if (strcmp(r->type, "table") == 0) {
			for (j = 0; j < r->ncols; j++)
				if (!has_col(g, r->cols[j]))
					return refuse(m, ST_CORRUPT, _("the "
					    "table %s has no column %s"),
					    r->name, r->cols[j]);
			for (j = 0; j < g->ncols; j++)
				if (!has_col(r, g->cols[j]))
					return refuse(m, ST_CORRUPT, _("the "
					    "table %s has an extra column %s"),
					    r->name, g->cols[j]);
		}
		return refuse(m, ST_CORRUPT, _("the %s %s is defined otherwise "
		    "than schema version %d makes it"), r->type, r->name,
		    m->version);
	}
	for (i = 0; i < got->n; i++) {
		const struct schema_row *g = &got->v[i];

		if (schema_find(ref, g->name) != NULL)
			continue;
		/* ANALYZE's statistics steer the planner only. */
		if (strcmp(g->type, "table") == 0 &&
		    (strcmp(g->name, "sqlite_stat1") == 0 ||
		    strcmp(g->name, "sqlite_stat4") == 0))
			continue;
		if (strcmp(g->tbl, g->name) == 0)
			return refuse(m, ST_CORRUPT, _("an unexpected %s %s"),
			    g->type, g->name);
		return refuse(m, ST_CORRUPT, _("an unexpected %s %s on %s"),
		    g->type, g->name, g->tbl);
	}
	return ST_OK;
}

/* Runs every check on the copy before a row of it is read. */
static enum status
copy_check(struct merger *m, const struct stat *master)
{
	struct schema got;
	enum status st;
	int rc;

	if ((st = copy_check_file(m, master)) != ST_OK)
		return st;
	if ((st = copy_open(m)) != ST_OK)
		return st;
	if ((st = copy_quick_check(m)) != ST_OK)
		return st;
	if ((rc = schema_read(m->c, &got)) != SQLITE_OK) {
		schema_free(&got);
		return copy_sqlerr(m, rc, _("read the schema"));
	}
	if (!m->b->have_ref[m->version]) {
		st = reference_schema(m, m->version, &m->b->ref[m->version]);
		if (st != ST_OK) {
			schema_free(&got);
			return st;
		}
		m->b->have_ref[m->version] = true;
	}
	st = schema_compare(m, &m->b->ref[m->version], &got);
	schema_free(&got);
	return st;
}

/* The copy was not written while it was read (it is open immutable). */
static enum status
copy_unchanged(struct merger *m)
{
	struct stat sb;

	if (stat(m->path, &sb) != 0 || sb.st_ino != m->sb.st_ino ||
	    sb.st_dev != m->sb.st_dev || sb.st_size != m->sb.st_size ||
	    sb.st_mtim.tv_sec != m->sb.st_mtim.tv_sec ||
	    sb.st_mtim.tv_nsec != m->sb.st_mtim.tv_nsec ||
	    side_file(m->path, "-wal") || side_file(m->path, "-journal"))
		return refuse(m, ST_BUSY, _("the file changed while it was "
		    "read: merge it again once nobody writes to it"));
	return ST_OK;
}

/* ---- the plan of each table ---- */

static char
col_type(const char *decl)
{
	if (decl == NULL)
		return 'a';
	if (strstr(decl, "INT") != NULL)
		return 'i';
	if (strstr(decl, "TEXT") != NULL || strstr(decl, "CHAR") != NULL)
		return 't';
	return 'a';
}

static int
kind_of_table(const char *table)
{
	int k;

	for (k = 0; k < MERGE_NKINDS; k++)
		if (strcmp(kinds[k].table, table) == 0)
			return k;
	return -1;
}

static bool
is_rec_column(const char *name)
{
	size_t i;

	for (i = 0; i < NREC; i++)
		if (strcmp(rec_columns[i], name) == 0)
			return true;
	return false;
}

/* Fills p->cols: the master's own columns that the copy has too. */
static enum status
plan_columns(struct merger *m, struct plan *p)
{
	sqlite3_stmt *mi, *ci, *fk;
	size_t i;
	int rc;

	mi = prep(m, m->m, "SELECT name, type, \"notnull\" FROM "
	    "pragma_table_info(?1) ORDER BY cid");
	ci = prep(m, m->c, "SELECT 1 FROM pragma_table_info(?1) "
	    "WHERE name = ?2");
	fk = prep(m, m->m, "SELECT \"from\", \"table\" FROM "
	    "pragma_foreign_key_list(?1)");
	if (mi == NULL || ci == NULL || fk == NULL)
		return ST_DB;
	sqlite3_bind_text(mi, 1, p->table, -1, SQLITE_STATIC);
	sqlite3_bind_text(ci, 1, p->table, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(mi)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(mi, 0);
		struct col *c;
		int crc;

		if (name == NULL || is_rec_column(name))
			continue;
		sqlite3_bind_text(ci, 2, name, -1, SQLITE_TRANSIENT);
		crc = sqlite3_step(ci);
		sqlite3_reset(ci);
		if (crc != SQLITE_ROW && crc != SQLITE_DONE) {
			sqlite3_reset(mi);
			return copy_sqlerr(m, crc, _("read the schema"));
		}
		if (crc != SQLITE_ROW)
			continue; /* an older copy: the master's default */
		p->cols = xreallocarray(p->cols, p->ncols + 1, sizeof *p->cols);
		c = &p->cols[p->ncols++];
		c->name = xstrdup(name);
		c->type = col_type((const char *)sqlite3_column_text(mi, 1));
		c->notnull = sqlite3_column_int(mi, 2) != 0;
		c->ref = -1;
	}
	sqlite3_reset(mi);
	if (rc != SQLITE_DONE)
		return forum_sqlerr(m->f, rc, _("merge"));
	sqlite3_bind_text(fk, 1, p->table, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(fk)) == SQLITE_ROW) {
		const char *from = (const char *)sqlite3_column_text(fk, 0);
		const char *to = (const char *)sqlite3_column_text(fk, 1);
		int k = to ? kind_of_table(to) : -1;

		for (i = 0; from != NULL && i < p->ncols; i++) {
			if (strcmp(p->cols[i].name, from) != 0)
				continue;
			/* Referring forward would need another order. */
			if (k < 0 || k > (int)p->kind) {
				sqlite3_reset(fk);
				return forum_fail(m->f, ST_DB, _("merge: %s.%s "
				    "refers to %s, merged after it"), p->table,
				    from, to ? to : "?");
			}
			p->cols[i].ref = k;
		}
	}
	sqlite3_reset(fk);
	if (rc != SQLITE_DONE)
		return forum_sqlerr(m->f, rc, _("merge"));
	p->fixcol = SIZE_MAX;
	for (i = 0; i < p->ncols; i++)
		if (p->cols[i].ref == (int)p->kind)
			p->fixcol = i;
	p->vals = xcalloc(p->ncols + 1, sizeof *p->vals);
	return ST_OK;
}

/* Prepares a statement built in b (and resets b). */
static sqlite3_stmt *
prep_buf(struct merger *m, sqlite3 *db, struct buf *b)
{
	sqlite3_stmt *st = prep(m, db, buf_str(b));

	buf_reset(b);
	return st;
}

/* The statements of one table. */
static enum status
plan_statements(struct merger *m, struct plan *p)
{
	struct buf b = { 0 }, cols = { 0 };
	size_t i;

	for (i = 0; i < p->ncols; i++) {
		buf_adds(&cols, ", ");
		sql_ident(&cols, p->cols[i].name);
	}
	buf_printf(&b, "SELECT id, uuid, created, updated, copy, deleted%s "
	    "FROM ", buf_str(&cols));
	sql_ident(&b, p->table);
	buf_adds(&b, " ORDER BY id");
	p->c_rows = prep_buf(m, m->c, &b);

	buf_adds(&b, "SELECT uuid FROM ");
	sql_ident(&b, p->table);
	buf_adds(&b, " WHERE id = ?1");
	p->c_uuid = prep_buf(m, m->c, &b);

	buf_printf(&b, "SELECT id, created, updated, copy, deleted%s FROM ",
	    buf_str(&cols));
	sql_ident(&b, p->table);
	buf_adds(&b, " WHERE uuid = ?1");
	p->m_find = prep_buf(m, m->m, &b);

	buf_printf(&b, "SELECT id, created, updated, copy, deleted%s FROM ",
	    buf_str(&cols));
	sql_ident(&b, p->table);
	buf_adds(&b, " WHERE id = ?1");
	p->m_get = prep_buf(m, m->m, &b);

	buf_adds(&b, "SELECT id FROM ");
	sql_ident(&b, p->table);
	buf_adds(&b, " WHERE uuid = ?1");
	p->m_id = prep_buf(m, m->m, &b);

	buf_adds(&b, "SELECT uuid FROM ");
	sql_ident(&b, p->table);
	buf_adds(&b, " WHERE id = ?1");
	p->m_uuid = prep_buf(m, m->m, &b);

	buf_adds(&b, "INSERT INTO ");
	sql_ident(&b, p->table);
	buf_printf(&b, " (uuid, created, updated, copy, deleted%s) VALUES "
	    "(?1, ?2, ?3, ?4, ?5", buf_str(&cols));
	for (i = 0; i < p->ncols; i++)
		buf_printf(&b, ", ?%zu", i + 6);
	buf_adds(&b, ")");
	p->m_ins = prep_buf(m, m->m, &b);

	buf_adds(&b, "UPDATE ");
	sql_ident(&b, p->table);
	buf_adds(&b, " SET updated = ?2, copy = ?3, deleted = ?4");
	for (i = 0; i < p->ncols; i++) {
		buf_adds(&b, ", ");
		sql_ident(&b, p->cols[i].name);
		buf_printf(&b, " = ?%zu", i + 5);
	}
	buf_adds(&b, " WHERE id = ?1");
	p->m_upd = prep_buf(m, m->m, &b);

	buf_adds(&b, "UPDATE ");
	sql_ident(&b, p->table);
	buf_adds(&b, " SET deleted = 1 WHERE id = ?1");
	p->m_tomb = prep_buf(m, m->m, &b);

	if (p->fixcol != SIZE_MAX) {
		buf_adds(&b, "UPDATE ");
		sql_ident(&b, p->table);
		buf_adds(&b, " SET ");
		sql_ident(&b, p->cols[p->fixcol].name);
		buf_adds(&b, " = ?2 WHERE id = ?1");
		p->m_fix = prep_buf(m, m->m, &b);
	}
	buf_printf(&b, "SELECT count(*) FROM ");
	sql_ident(&b, p->table);
	{
		sqlite3_stmt *n = prep_buf(m, m->c, &b);
		int rc;

		if (n == NULL)
			goto fail;
		rc = sqlite3_step(n);
		if (rc == SQLITE_ROW)
			p->rows = sqlite3_column_int64(n, 0);
		sqlite3_reset(n);
		if (rc != SQLITE_ROW) {
			buf_free(&cols);
			buf_free(&b);
			return copy_sqlerr(m, rc, _("count the rows"));
		}
	}
	buf_free(&cols);
	buf_free(&b);
	if (p->c_rows == NULL || p->c_uuid == NULL || p->m_find == NULL ||
	    p->m_get == NULL || p->m_id == NULL || p->m_uuid == NULL ||
	    p->m_ins == NULL || p->m_upd == NULL || p->m_tomb == NULL ||
	    (p->fixcol != SIZE_MAX && p->m_fix == NULL))
		return ST_DB;
	if (p->rows > MERGE_MAX_ROWS)
		return refuse(m, ST_TOOBIG, _("the table %s has %lld rows; the "
		    "limit is %d"), p->table, (long long)p->rows,
		    MERGE_MAX_ROWS);
	return ST_OK;
fail:
	buf_free(&cols);
	buf_free(&b);
	return ST_DB;
}

/* The fixed statements, and the revision table's count. */
static enum status
plan_fixed(struct merger *m)
{
	sqlite3_stmt *n;
	int rc;

	m->c_revtext = prep(m, m->c, "SELECT 1 FROM revision WHERE "
	    "proposal_id = ?1 AND text = ?2 LIMIT 1");
	m->m_revtext = prep(m, m->m, "SELECT 1 FROM revision WHERE "
	    "proposal_id = ?1 AND text = ?2 LIMIT 1");
	m->c_links = prep(m, m->c, "SELECT uuid FROM proposal_addressee "
	    "WHERE addressee_id = ?1 ORDER BY id LIMIT " "20");
	m->m_linkaddr = prep(m, m->m, "SELECT addressee_id FROM "
	    "proposal_addressee WHERE uuid = ?1");
	m->m_pair = prep(m, m->m, "SELECT id FROM proposal_addressee WHERE "
	    "proposal_id = ?1 AND addressee_id = ?2");
	m->m_revins = prep(m, m->m, "INSERT INTO revision (uuid, proposal_id, "
	    "time, copy, text) VALUES (?1, ?2, ?3, ?4, ?5) "
	    "ON CONFLICT (uuid) DO NOTHING");
	m->c_revs = prep(m, m->c, "SELECT id, uuid, proposal_id, time, copy, "
	    "text FROM revision ORDER BY id");
	n = prep(m, m->c, "SELECT count(*) FROM revision");
	if (m->c_revtext == NULL || m->m_revtext == NULL ||
	    m->c_links == NULL || m->m_linkaddr == NULL || m->m_pair == NULL ||
	    m->m_revins == NULL || m->c_revs == NULL ||
	    n == NULL)
		return ST_DB;
	rc = sqlite3_step(n);
	if (rc == SQLITE_ROW)
		m->plan[MERGE_REVISION].rows = sqlite3_column_int64(n, 0);
	sqlite3_reset(n);
	if (rc != SQLITE_ROW)
		return copy_sqlerr(m, rc, _("count the rows"));
	if (m->plan[MERGE_REVISION].rows > MERGE_MAX_ROWS)
		return refuse(m, ST_TOOBIG, _("the table revision has %lld rows; "
		    "the limit is %d"), (long long)m->plan[MERGE_REVISION].rows,
		    MERGE_MAX_ROWS);
	return ST_OK;
}

/* ---- reading a copy's row ---- */

/*
 * text_valid(), with ASCII and the two-byte sequences (Cyrillic: most of a
 * forum's text) checked in line; from the first other byte on, text_valid()
 * itself.  A lead byte C2..DF and a continuation byte are always a
 * well-formed sequence: neither overlong nor a surrogate.
 */
static bool
utf8_valid(const unsigned char *p, size_t len)
{
	size_t i = 0;

	while (i < len) {
		if (p[i] < 0x80)
			i++;
		else if (p[i] >= 0xC2 && p[i] < 0xE0 && i + 1 < len &&
		    (p[i + 1] & 0xC0) == 0x80)
			i += 2;
		else
			return text_valid((const char *)p + i, len - i);
	}
	return true;
}

/* Checks a text or other value of the copy: size and UTF-8. */
static enum status
check_value(struct merger *m, const struct plan *p, const char *uuid,
    const char *col, sqlite3_value *v, int type, bool notnull)
{
	int t = sqlite3_value_type(v), n;

	if (t == SQLITE_NULL) {
		if (notnull)
			return refuse(m, ST_CORRUPT, _("%s %s: %s is empty"),
			    p->table, uuid, col);
		return ST_OK;
	}
	if (type == 'i' && t != SQLITE_INTEGER)
		return refuse(m, ST_CORRUPT, _("%s %s: %s is not a whole number"),
		    p->table, uuid, col);
	if (type == 't' && t != SQLITE_TEXT)
		return refuse(m, ST_CORRUPT, _("%s %s: %s is not text"), p->table,
		    uuid, col);
	if (t == SQLITE_TEXT || t == SQLITE_BLOB) {
		n = sqlite3_value_bytes(v);
		if (n > MERGE_MAX_TEXT)
			return refuse(m, ST_TOOBIG, _("%s %s: %s is %d bytes "
			    "long; the limit is %d"), p->table, uuid, col, n,
			    MERGE_MAX_TEXT);
		if (t == SQLITE_TEXT && !utf8_valid(
		    (const unsigned char *)sqlite3_value_text(v), (size_t)n))
			return refuse(m, ST_CORRUPT, _("%s %s: %s is not valid "
			    "UTF-8"), p->table, uuid, col);
	}
	return ST_OK;
}

/* The common columns of the copy's current row. */
struct rowrec {
	int64_t id;
	char uuid[37];
	int64_t created, updated;
	char copy[37];
	bool deleted;
};

static enum status
read_rec(struct merger *m, const struct plan *p, sqlite3_stmt *st,
    struct rowrec *r)
{
	const unsigned char *u = sqlite3_column_text(st, 1);
	const unsigned char *c;

	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(st, 0);
	if (!uuid_valid(u, sqlite3_column_bytes(st, 1)))
		return refuse(m, ST_CORRUPT, _("%s id %lld has no valid UUID"),
		    p->table, (long long)r->id);
	memcpy(r->uuid, u, 37);
	c = sqlite3_column_text(st, 4);
	if (sqlite3_column_type(st, 2) != SQLITE_INTEGER ||
	    sqlite3_column_type(st, 3) != SQLITE_INTEGER ||
	    sqlite3_column_type(st, 5) != SQLITE_INTEGER ||
	    !uuid_valid(c, sqlite3_column_bytes(st, 4)))
		return refuse(m, ST_CORRUPT, _("%s %s: its times, copy id or "
		    "tombstone are not valid"), p->table, r->uuid);
	memcpy(r->copy, c, 37);
	r->created = sqlite3_column_int64(st, 2);
	r->updated = sqlite3_column_int64(st, 3);
	r->deleted = sqlite3_column_int64(st, 5) != 0;
	return ST_OK;
}

/* The master's id of the copy's row cid of table k, or 0. */
static enum status
lookup_master(struct merger *m, struct plan *p, int64_t cid, int64_t *mid)
{
	const unsigned char *u;
	int rc;

	*mid = 0;
	sqlite3_bind_int64(p->c_uuid, 1, cid);
	rc = sqlite3_step(p->c_uuid);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(p->c_uuid);
		return rc == SQLITE_DONE ? ST_NOTFOUND :
		    copy_sqlerr(m, rc, _("read"));
	}
	u = sqlite3_column_text(p->c_uuid, 0);
	if (!uuid_valid(u, sqlite3_column_bytes(p->c_uuid, 0))) {
		sqlite3_reset(p->c_uuid);
		return refuse(m, ST_CORRUPT, _("%s id %lld has no valid UUID"),
		    p->table, (long long)cid);
	}
	sqlite3_bind_text(p->m_id, 1, (const char *)u, 36, SQLITE_TRANSIENT);
	sqlite3_reset(p->c_uuid);
	rc = sqlite3_step(p->m_id);
	if (rc == SQLITE_ROW)
		*mid = sqlite3_column_int64(p->m_id, 0);
	sqlite3_reset(p->m_id);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return forum_sqlerr(m->f, rc, _("merge"));
	return ST_OK;
}

/* Checks and translates the copy's row's own columns into p->vals. */
static enum status
read_vals(struct merger *m, struct plan *p, const struct rowrec *r)
{
	enum status s;
	size_t i;

	for (i = 0; i < p->ncols; i++) {
		const struct col *c = &p->cols[i];
		struct val *v = &p->vals[i];
		sqlite3_value *cv = sqlite3_column_value(p->c_rows,
		    (int)(NREC + i));
		int64_t ref, mid;

		memset(v, 0, sizeof *v);
		v->v = cv;
		s = check_value(m, p, r->uuid, c->name, cv, c->ref >= 0 ? 'i' :
		    c->type, c->notnull);
		if (s != ST_OK)
			return s;
		if (c->ref < 0)
			continue;
		if (sqlite3_value_type(cv) == SQLITE_NULL) {
			v->null = true;
			continue;
		}
		ref = sqlite3_value_int64(cv);
		if (idmap_get(&m->plan[c->ref].map, ref, &v->id))
			continue;
		if (c->ref == (int)p->kind) {
			/* Later in this table: in the master already? */
			s = lookup_master(m, p, ref, &mid);
			if (s == ST_NOTFOUND)
				return refuse(m, ST_CORRUPT, _("%s %s: %s refers "
				    "to %s id %lld, which the copy does not "
				    "have"), p->table, r->uuid, c->name,
				    kinds[c->ref].table, (long long)ref);
			if (s != ST_OK)
				return s;
			if (mid > 0)
				v->id = mid;
			else {
				v->pending = true;
				v->target = ref;
			}
			continue;
		}
		return refuse(m, ST_CORRUPT, _("%s %s: %s refers to %s id %lld, "
		    "which the copy does not have"), p->table, r->uuid, c->name,
		    kinds[c->ref].table, (long long)ref);
	}
	return ST_OK;
}

static void
bind_vals(sqlite3_stmt *st, const struct plan *p, int first)
{
	size_t i;

	for (i = 0; i < p->ncols; i++) {
		const struct val *v = &p->vals[i];
		int k = first + (int)i;

		if (p->cols[i].ref < 0)
			sqlite3_bind_value(st, k, v->v);
		else if (v->null || v->pending)
			sqlite3_bind_null(st, k);
		else
			sqlite3_bind_int64(st, k, v->id);
	}
}

/* ---- the master's version of a row ---- */

struct mrow {
	sqlite3_stmt *st; /* stepped on the row: columns valid until reset */
	int64_t id, created, updated;
	char copy[37];
	bool deleted;
};

/* Steps st (bound) onto the master's row; false if there is none. */
static enum status
mrow_load(struct merger *m, sqlite3_stmt *st, struct mrow *w, bool *found)
{
	const unsigned char *c;
	int rc = sqlite3_step(st);

	*found = false;
	memset(w, 0, sizeof *w);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(st);
		return ST_OK;
	}
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return forum_sqlerr(m->f, rc, _("merge"));
	}
	w->st = st;
	w->id = sqlite3_column_int64(st, 0);
	w->created = sqlite3_column_int64(st, 1);
	w->updated = sqlite3_column_int64(st, 2);
	c = sqlite3_column_text(st, 3);
	if (c != NULL && sqlite3_column_bytes(st, 3) == 36)
		memcpy(w->copy, c, 37);
	w->deleted = sqlite3_column_int64(st, 4) != 0;
	*found = true;
	return ST_OK;
}

static enum status
mrow_by_id(struct merger *m, struct plan *p, int64_t id, struct mrow *w,
    bool *found)
{
	sqlite3_bind_int64(p->m_get, 1, id);
	return mrow_load(m, p->m_get, w, found);
}

static void
mrow_done(struct mrow *w)
{
	if (w->st != NULL)
		sqlite3_reset(w->st);
	w->st = NULL;
}

static bool
val_same(const struct col *c, const struct val *v, sqlite3_value *mv)
{
	if (c->ref < 0)
		return value_same(v->v, mv);
	if (v->pending)
		return false;
	if (v->null)
		return sqlite3_value_type(mv) == SQLITE_NULL;
	return sqlite3_value_type(mv) == SQLITE_INTEGER &&
	    sqlite3_value_int64(mv) == v->id;
}

/* Appends one value to a content key, in an order-preserving form. */
static void
key_value(struct buf *b, sqlite3_value *v)
{
	unsigned char n[8];
	uint64_t u;
	int t = sqlite3_value_type(v), i, len;

	buf_addc(b, (char)('0' + t));
	switch (t) {
	case SQLITE_INTEGER:
	case SQLITE_FLOAT:
		if (t == SQLITE_INTEGER)
			u = (uint64_t)sqlite3_value_int64(v) ^ (1ull << 63);
		else {
			double d = sqlite3_value_double(v);

			memcpy(&u, &d, sizeof u);
		}
		for (i = 0; i < 8; i++)
			n[i] = (unsigned char)(u >> (56 - 8 * i));
		buf_add(b, n, 8);
		break;
	case SQLITE_TEXT:
	case SQLITE_BLOB:
		len = sqlite3_value_bytes(v);
		for (i = 0; i < 4; i++)
			n[i] = (unsigned char)((unsigned)len >> (24 - 8 * i));
		buf_add(b, n, 4);
		buf_add(b, sqlite3_value_blob(v), (size_t)len);
		break;
	default:
		break;
	}
}

/* Appends the UUID of the master's row id of table k ("" if none). */
static enum status
key_ref(struct merger *m, struct buf *b, int k, int64_t id)
{
	sqlite3_stmt *st = m->plan[k].m_uuid;
	int rc;

	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		buf_add(b, sqlite3_column_blob(st, 0),
		    (size_t)sqlite3_column_bytes(st, 0));
	sqlite3_reset(st);
	buf_addc(b, '\0');
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? ST_OK :
	    forum_sqlerr(m->f, rc, _("merge"));
}

/*
 * Orders two versions with the same stamps and different fields by their
 * content, references given as UUIDs (the same in every file, unlike ids).
 * *cmp > 0 if the copy's is greater.
 */
static enum status
content_cmp(struct merger *m, struct plan *p, const struct mrow *w, int *cmp)
{
	struct buf a = { 0 }, b = { 0 };
	enum status s = ST_OK;
	size_t i, n;
	int r;

	for (i = 0; i < p->ncols && s == ST_OK; i++) {
		const struct col *c = &p->cols[i];
		const struct val *v = &p->vals[i];
		sqlite3_value *mv = sqlite3_column_value(w->st, (int)(5 + i));

		if (c->ref < 0) {
			key_value(&a, v->v);
			key_value(&b, mv);
			continue;
		}
		if (v->null)
			buf_addc(&a, '\0');
		else if (v->pending) {
			/* The copy's UUID of the row referred to. */
			sqlite3_bind_int64(p->c_uuid, 1, v->target);
			if (sqlite3_step(p->c_uuid) == SQLITE_ROW)
				buf_add(&a, sqlite3_column_blob(p->c_uuid, 0),
				    (size_t)sqlite3_column_bytes(p->c_uuid, 0));
			sqlite3_reset(p->c_uuid);
			buf_addc(&a, '\0');
		} else
			s = key_ref(m, &a, c->ref, v->id);
		if (s == ST_OK && sqlite3_value_type(mv) == SQLITE_NULL)
			buf_addc(&b, '\0');
		else if (s == ST_OK)
			s = key_ref(m, &b, c->ref, sqlite3_value_int64(mv));
	}
	n = a.len < b.len ? a.len : b.len;
	r = n ? memcmp(buf_str(&a), buf_str(&b), n) : 0;
	if (r == 0)
		r = a.len < b.len ? -1 : a.len > b.len;
	*cmp = r;
	buf_free(&a);
	buf_free(&b);
	return s;
}

/*
 * Which version wins: *cmp > 0 the copy's, < 0 the master's, 0 the same.
 * The order: updated, then copy id, then content.
 */
static enum status
version_cmp(struct merger *m, struct plan *p, const struct rowrec *r,
    const struct mrow *w, int *cmp)
{
	size_t i;
	int k;

	if (r->updated != w->updated) {
		*cmp = r->updated > w->updated ? 1 : -1;
		return ST_OK;
	}
	if ((k = strcmp(r->copy, w->copy)) != 0) {
		*cmp = k > 0 ? 1 : -1;
		return ST_OK;
	}
	for (i = 0; i < p->ncols; i++)
		if (!val_same(&p->cols[i], &p->vals[i],
		    sqlite3_column_value(w->st, (int)(5 + i))))
			break;
	if (i == p->ncols) {
		*cmp = 0;
		return ST_OK;
	}
	return content_cmp(m, p, w, cmp);
}

/* ---- proposals: texts and their history ---- */

/* True if the proposal (the copy's id, or the master's) ever had text. */
static enum status
had_text(struct merger *m, bool copy, int64_t id, const char *text,
    bool *yes)
{
	sqlite3_stmt *st = copy ? m->c_revtext : m->m_revtext;
	int rc;

	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	*yes = rc == SQLITE_ROW;
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return ST_OK;
	return copy ? copy_sqlerr(m, rc, _("read revisions")) :
	    forum_sqlerr(m->f, rc, _("merge"));
}

/*
 * Puts text into the master proposal mid's history, under a UUID made from
 * the proposal's and the text (the same in every merge, whatever the
 * order).  For texts that came without a revision of their own.
 */
static enum status
keep_text(struct merger *m, int64_t mid, const char *puuid, const char *text,
    int64_t time, const char *copy)
{
	enum status s;
	uuid_t ns, u;
	char us[37];

	if (uuid_parse(puuid, ns) != 0)
		return forum_fail(m->f, ST_INVALID, _("merge: bad UUID %s"),
		    puuid);
	uuid_generate_sha1(u, ns, text, strlen(text));
	uuid_unparse_lower(u, us);
	sqlite3_bind_text(m->m_revins, 1, us, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(m->m_revins, 2, mid);
	sqlite3_bind_int64(m->m_revins, 3, time);
	sqlite3_bind_text(m->m_revins, 4, copy, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(m->m_revins, 5, text, -1, SQLITE_TRANSIENT);
	if ((s = m_done(m, m->m_revins)) != ST_OK)
		return s;
	if (sqlite3_changes(m->m) > 0) {
		m->r->count[MERGE_REVISION].inserted++;
		m->r->changed = true;
	}
	return ST_OK;
}

/* Makes sure the copy's text arrives in the history (with the copy's
 * revisions, or made here). */
static enum status
keep_copy_text(struct merger *m, const struct rowrec *r, int64_t mid,
    const char *text)
{
	enum status s;
	bool yes;

	if ((s = had_text(m, true, r->id, text, &yes)) != ST_OK || yes)
		return s;
	return keep_text(m, mid, r->uuid, text, r->updated, r->copy);
}

static void
add_conflict(struct merger *m, const char *uuid, bool copy_won, bool deleted,
    const char *kept, int64_t kept_time, const char *other,
    int64_t other_time)
{
	struct merge_result *r = m->r;
	struct merge_conflict *c;

	r->conflicts = xreallocarray(r->conflicts, r->nconflicts + 1,
	    sizeof *r->conflicts);
	c = &r->conflicts[r->nconflicts++];
	memset(c, 0, sizeof *c);
	memcpy(c->uuid, uuid, 37);
	c->copy_won = copy_won;
	c->deleted = deleted;
	c->kept = xstrdup(kept);
	c->other = xstrdup(other);
	c->kept_time = kept_time;
	c->other_time = other_time;
}

/*
 * A proposal in both files, the versions decided: keeps both texts in the
 * history and reports what the winner never saw.  m_text is the master's
 * text before the merge.  Every question to the histories is asked before
 * anything is added to them.
 */
static enum status
proposal_texts(struct merger *m, const struct rowrec *r, int64_t mid,
    bool m_deleted, int64_t m_updated, const char *m_copy,
    const char *m_text, const char *c_text, int cmp)
{
	bool copy_won = cmp > 0, differ = strcmp(m_text, c_text) != 0;
	bool lost_seen = true; /* the winner's history has the loser's text */
	bool edit_seen = true; /* the deleting side had the live one's text */
	bool yes;
	enum status s = ST_OK;

	if (!differ)
		return ST_OK;
	if (copy_won)
		s = had_text(m, true, r->id, m_text, &lost_seen);
	else
		s = had_text(m, false, mid, c_text, &lost_seen);
	if (s == ST_OK && r->deleted != m_deleted)
		s = m_deleted ? had_text(m, false, mid, c_text, &edit_seen) :
		    had_text(m, true, r->id, m_text, &edit_seen);
	/* Both texts in the history afterwards. */
	if (s == ST_OK)
		s = keep_copy_text(m, r, mid, c_text);
	if (s == ST_OK)
		s = had_text(m, false, mid, m_text, &yes);
	if (s == ST_OK && !yes)
		s = keep_text(m, mid, r->uuid, m_text, m_updated, m_copy);
	if (s != ST_OK)
		return s;
	if (!edit_seen || !lost_seen)
		add_conflict(m, r->uuid, copy_won, !edit_seen,
		    copy_won ? c_text : m_text,
		    copy_won ? r->updated : m_updated,
		    copy_won ? m_text : c_text,
		    copy_won ? m_updated : r->updated);
	return ST_OK;
}

/* ---- addressees and links: matching without a shared UUID ---- */

/* Adds a heading unless there is one (the first, the lowest id, stays). */
static void
heading_add(struct merger *m, const char *heading, int64_t id)
{
	char *key = heading_key(heading);

	if (*key == '\0') {
		free(key);
		return;
	}
	headmap_add(&m->heads, key, id);
}

/* The master's live addressees by heading. */
static enum status
headings_load(struct merger *m)
{
	sqlite3_stmt *st = prep(m, m->m, "SELECT id, heading FROM addressee "
	    "WHERE deleted = 0 ORDER BY id");
	int rc;

	if (st == NULL)
		return ST_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *h = (const char *)sqlite3_column_text(st, 1);

		if (h != NULL)
			heading_add(m, h, sqlite3_column_int64(st, 0));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : forum_sqlerr(m->f, rc, _("merge"));
}

static size_t
col_index(const struct plan *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->ncols; i++)
		if (strcmp(p->cols[i].name, name) == 0)
			return i;
	return SIZE_MAX;
}

/*
 * A copy's addressee the master does not know by UUID: where its links
 * went in an earlier merge, else a live addressee with the same heading.
 * *via_heading tells which.
 */
static enum status
addressee_match(struct merger *m, struct plan *p, const struct rowrec *r,
    struct mrow *w, bool *found, bool *via_heading)
{
	size_t hc = col_index(p, "heading");
	enum status s = ST_OK;
	int64_t mid = 0;
	char *key;

	*found = *via_heading = false;
	sqlite3_bind_int64(m->c_links, 1, r->id);
	while (mid == 0 && sqlite3_step(m->c_links) == SQLITE_ROW) {
		sqlite3_bind_value(m->m_linkaddr, 1,
		    sqlite3_column_value(m->c_links, 0));
		if (sqlite3_step(m->m_linkaddr) == SQLITE_ROW)
			mid = sqlite3_column_int64(m->m_linkaddr, 0);
		sqlite3_reset(m->m_linkaddr);
	}
	sqlite3_reset(m->c_links);
	if (mid > 0)
		return mrow_by_id(m, p, mid, w, found);
	/* A tombstone is never laid on another record. */
	if (r->deleted || hc == SIZE_MAX ||
	    sqlite3_value_type(p->vals[hc].v) != SQLITE_TEXT)
		return ST_OK;
	key = heading_key((const char *)sqlite3_value_text(p->vals[hc].v));
	mid = *key != '\0' ? headmap_get(&m->heads, key) : 0;
	free(key);
	if (mid > 0 && (s = mrow_by_id(m, p, mid, w, found)) == ST_OK &&
	    *found && w->deleted) {
		mrow_done(w);
		*found = false;
	}
	*via_heading = *found;
	return s;
}

/* A link: the one the master has for the same proposal and addressee. */
static enum status
link_pair(struct merger *m, struct plan *p, int64_t *mid)
{
	size_t pc = col_index(p, "proposal_id"), ac = col_index(p,
	    "addressee_id");
	int rc;

	*mid = 0;
	if (pc == SIZE_MAX || ac == SIZE_MAX || p->vals[pc].null ||
	    p->vals[pc].pending || p->vals[ac].null || p->vals[ac].pending)
		return ST_OK;
	sqlite3_bind_int64(m->m_pair, 1, p->vals[pc].id);
	sqlite3_bind_int64(m->m_pair, 2, p->vals[ac].id);
	rc = sqlite3_step(m->m_pair);
	if (rc == SQLITE_ROW)
		*mid = sqlite3_column_int64(m->m_pair, 0);
	sqlite3_reset(m->m_pair);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? ST_OK :
	    forum_sqlerr(m->f, rc, _("merge"));
}

/* A link found by UUID that now names another pair the master has: the
 * pair's record is the one to merge with. */
static enum status
link_repair(struct merger *m, struct plan *p, struct mrow *w, bool *found)
{
	size_t pc = col_index(p, "proposal_id"), ac = col_index(p,
	    "addressee_id");
	enum status s;
	int64_t other;

	if (pc == SIZE_MAX || ac == SIZE_MAX ||
	    (val_same(&p->cols[pc], &p->vals[pc],
	    sqlite3_column_value(w->st, (int)(5 + pc))) &&
	    val_same(&p->cols[ac], &p->vals[ac],
	    sqlite3_column_value(w->st, (int)(5 + ac)))))
		return ST_OK;
	if ((s = link_pair(m, p, &other)) != ST_OK || other == 0 ||
	    other == w->id)
		return s;
	mrow_done(w);
	return mrow_by_id(m, p, other, w, found);
}

static void
add_unified(struct merger *m, const struct rowrec *r, const char *muuid,
    const char *heading)
{
	struct merge_result *res = m->r;
	struct merge_unified *u;

	res->unified = xreallocarray(res->unified, res->nunified + 1,
	    sizeof *res->unified);
	u = &res->unified[res->nunified++];
	memcpy(u->copy_uuid, r->uuid, 37);
	memcpy(u->master_uuid, muuid, 37);
	u->heading = xstrdup(heading ? heading : "");
}

/* Notes a proposal for the search index, brought up to date at the end. */
static void
index_later(struct merger *m, int64_t mid)
{
	struct batch *b = m->b;

	if ((b->nindex & (b->nindex - 1)) == 0)
		b->index = xreallocarray(b->index, b->nindex ? 2 * b->nindex :
		    1, sizeof *b->index);
	b->index[b->nindex++] = mid;
}

/* ---- merging a table ---- */

/* Records the writes to the master's row mid of p for undo, or not: the
 * rows this merge inserted are undone as a range (merge.h). */
static void
record_row(struct merger *m, const struct plan *p, int64_t mid)
{
	forum_record(m->f, mid <= p->bulk_last);
}

/* A new record: the copy's row as it is. */
static enum status
row_insert(struct merger *m, struct plan *p, const struct rowrec *r,
    int64_t *mid)
{
	enum status s;

	forum_record(m->f, false);
	sqlite3_bind_text(p->m_ins, 1, r->uuid, 36, SQLITE_STATIC);
	sqlite3_bind_int64(p->m_ins, 2, r->created);
	sqlite3_bind_int64(p->m_ins, 3, r->updated);
	sqlite3_bind_text(p->m_ins, 4, r->copy, 36, SQLITE_STATIC);
	sqlite3_bind_int(p->m_ins, 5, r->deleted);
	bind_vals(p->m_ins, p, 6);
	if ((s = m_done(m, p->m_ins)) != ST_OK)
		return s;
	*mid = sqlite3_last_insert_rowid(m->m);
	return ST_OK;
}

/* Takes the copy's version over the master's row mid. */
static enum status
row_update(struct merger *m, struct plan *p, const struct rowrec *r,
    int64_t mid, bool deleted)
{
	record_row(m, p, mid);
	sqlite3_bind_int64(p->m_upd, 1, mid);
	sqlite3_bind_int64(p->m_upd, 2, r->updated);
	sqlite3_bind_text(p->m_upd, 3, r->copy, 36, SQLITE_STATIC);
	sqlite3_bind_int(p->m_upd, 4, deleted);
	bind_vals(p->m_upd, p, 5);
	return m_done(m, p->m_upd);
}

/* Notes the self-references to set once the table is in. */
static void
row_fixups(struct merger *m, struct plan *p, int64_t mid)
{
	if (p->fixcol == SIZE_MAX || !p->vals[p->fixcol].pending)
		return;
	m->fix = xreallocarray(m->fix, m->nfix + 1, sizeof *m->fix);
	m->fix[m->nfix++] = (struct fixup){ mid, p->fixcol,
	    p->vals[p->fixcol].target };
}

/* Merges the copy's current row of p into the master. */
static enum status
merge_row(struct merger *m, struct plan *p)
{
	struct merge_count *n = &m->r->count[p->kind];
	struct rowrec r = { 0 };
	struct mrow w;
	enum status s;
	size_t tc = p->kind == MERGE_PROPOSAL ? col_index(p, "text") :
	    SIZE_MAX;
	bool found, via_heading = false, deleted;
	char *m_text = NULL;
	const char *c_text = NULL;
	int64_t mid;
	int cmp;

	if ((s = read_rec(m, p, p->c_rows, &r)) != ST_OK ||
	    (s = read_vals(m, p, &r)) != ST_OK)
		return s;
	if (tc != SIZE_MAX)
		c_text = (const char *)sqlite3_value_text(p->vals[tc].v);
	sqlite3_bind_text(p->m_find, 1, r.uuid, 36, SQLITE_STATIC);
	if ((s = mrow_load(m, p->m_find, &w, &found)) != ST_OK)
		return s;
	if (found && p->kind == MERGE_LINK)
		s = link_repair(m, p, &w, &found);
	else if (!found && p->kind == MERGE_ADDRESSEE)
		s = addressee_match(m, p, &r, &w, &found, &via_heading);
	else if (!found && p->kind == MERGE_LINK) {
		s = link_pair(m, p, &mid);
		if (s == ST_OK && mid > 0)
			s = mrow_by_id(m, p, mid, &w, &found);
	}
	if (s != ST_OK) {
		mrow_done(&w);
		return s;
	}

	if (!found) {
		if ((s = row_insert(m, p, &r, &mid)) != ST_OK)
			return s;
		idmap_put(&p->map, r.id, mid);
		row_fixups(m, p, mid);
		n->inserted++;
		m->r->changed = true;
		if (p->kind == MERGE_ADDRESSEE && !r.deleted) {
			size_t hc = col_index(p, "heading");

			if (hc != SIZE_MAX && sqlite3_value_type(
			    p->vals[hc].v) == SQLITE_TEXT)
				heading_add(m, (const char *)
				    sqlite3_value_text(p->vals[hc].v), mid);
		}
		if (c_text != NULL) {
			s = keep_copy_text(m, &r, mid, c_text);
			if (!r.deleted)
				index_later(m, mid);
		}
		return s;
	}

	mid = w.id;
	idmap_put(&p->map, r.id, mid);
	if (via_heading) {
		char muuid[37] = "";
		const unsigned char *u;
		size_t hc = col_index(p, "heading");

		/* Merged only when the UUIDs differ: the master's stays. */
		sqlite3_bind_int64(p->m_uuid, 1, mid);
		if (sqlite3_step(p->m_uuid) == SQLITE_ROW &&
		    (u = sqlite3_column_text(p->m_uuid, 0)) != NULL &&
		    sqlite3_column_bytes(p->m_uuid, 0) == 36)
			memcpy(muuid, u, 37);
		sqlite3_reset(p->m_uuid);
		add_unified(m, &r, muuid, hc == SIZE_MAX ? NULL :
		    (const char *)sqlite3_value_text(p->vals[hc].v));
	}
	if ((s = version_cmp(m, p, &r, &w, &cmp)) != ST_OK) {
		mrow_done(&w);
		return s;
	}
	if (tc != SIZE_MAX) {
		const unsigned char *t = sqlite3_column_text(w.st,
		    (int)(5 + tc));

		m_text = xstrdup(t ? (const char *)t : "");
	}
	deleted = w.deleted || r.deleted;
	{
		struct mrow old = w;

		mrow_done(&w);
		if (cmp > 0) {
			s = row_update(m, p, &r, mid, deleted);
			row_fixups(m, p, mid);
			n->updated++;
			m->r->changed = true;
		} else if (deleted && !old.deleted) {
			record_row(m, p, mid);
			sqlite3_bind_int64(p->m_tomb, 1, mid);
			s = m_done(m, p->m_tomb);
			n->updated++;
			m->r->changed = true;
		} else
			n->unchanged++;
		if (s == ST_OK && p->kind == MERGE_ADDRESSEE && cmp > 0 &&
		    !deleted) {
			size_t hc = col_index(p, "heading");

			if (hc != SIZE_MAX && sqlite3_value_type(
			    p->vals[hc].v) == SQLITE_TEXT)
				heading_add(m, (const char *)
				    sqlite3_value_text(p->vals[hc].v), mid);
		}
		if (s == ST_OK && m_text != NULL && c_text != NULL) {
			s = proposal_texts(m, &r, mid, old.deleted,
			    old.updated, old.copy, m_text, c_text, cmp);
			if ((cmp > 0 && strcmp(m_text, c_text) != 0) ||
			    deleted != old.deleted)
				index_later(m, mid);
		}
	}
	free(m_text);
	return s;
}

/* Sets the self-references noted while the table was merged. */
static enum status
apply_fixups(struct merger *m, struct plan *p)
{
	enum status s = ST_OK;
	size_t i;
	int64_t mid;

	for (i = 0; i < m->nfix && s == ST_OK; i++) {
		if (!idmap_get(&p->map, m->fix[i].target, &mid))
			return refuse(m, ST_CORRUPT, _("%s: a %s refers to id "
			    "%lld, which the copy does not have"), p->table,
			    p->cols[m->fix[i].col].name,
			    (long long)m->fix[i].target);
		record_row(m, p, m->fix[i].mid);
		sqlite3_bind_int64(p->m_fix, 1, m->fix[i].mid);
		sqlite3_bind_int64(p->m_fix, 2, mid);
		s = m_done(m, p->m_fix);
	}
	free(m->fix);
	m->fix = NULL;
	m->nfix = 0;
	return s;
}

static enum status
merge_table(struct merger *m, struct plan *p)
{
	enum status s = ST_OK;
	int rc;

	if (p->kind == MERGE_ADDRESSEE && (s = headings_load(m)) != ST_OK)
		return s;
	while (s == ST_OK && (rc = sqlite3_step(p->c_rows)) == SQLITE_ROW) {
		s = merge_row(m, p);
		progress(m, false);
	}
	sqlite3_reset(p->c_rows);
	if (s != ST_OK)
		return s;
	if (rc != SQLITE_DONE)
		return copy_sqlerr(m, rc, _("read"));
	if (p->fixcol != SIZE_MAX)
		s = apply_fixups(m, p);
	return s;
}

/* Revisions: a union by UUID; those of proposals the copy lacks stay out. */
static enum status
merge_revisions(struct merger *m)
{
	struct plan *p = &m->plan[MERGE_REVISION];
	struct merge_count *n = &m->r->count[MERGE_REVISION];
	sqlite3_stmt *st = m->c_revs;
	enum status s = ST_OK;
	int rc;

	while (s == ST_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *u = sqlite3_column_text(st, 1);
		const unsigned char *c = sqlite3_column_text(st, 4);
		int64_t id = sqlite3_column_int64(st, 0), mid;
		char uuid[37];

		progress(m, false);
		if (!uuid_valid(u, sqlite3_column_bytes(st, 1)) ||
		    !uuid_valid(c, sqlite3_column_bytes(st, 4)) ||
		    sqlite3_column_type(st, 2) != SQLITE_INTEGER ||
		    sqlite3_column_type(st, 3) != SQLITE_INTEGER) {
			s = refuse(m, ST_CORRUPT, _("revision id %lld is not "
			    "valid"), (long long)id);
			break;
		}
		memcpy(uuid, u, 37);
		s = check_value(m, p, uuid, "text", sqlite3_column_value(st, 5),
		    't', true);
		if (s != ST_OK)
			break;
		if (!idmap_get(&m->plan[MERGE_PROPOSAL].map,
		    sqlite3_column_int64(st, 2), &mid))
			continue; /* history of a capture undone there */
		/* One the master has already (the same UUID) stays as it
		 * is: the insert does nothing. */
		sqlite3_bind_text(m->m_revins, 1, uuid, 36, SQLITE_STATIC);
		sqlite3_bind_int64(m->m_revins, 2, mid);
		sqlite3_bind_value(m->m_revins, 3, sqlite3_column_value(st, 3));
		sqlite3_bind_text(m->m_revins, 4, (const char *)c, 36,
		    SQLITE_STATIC);
		sqlite3_bind_value(m->m_revins, 5, sqlite3_column_value(st, 5));
		if ((s = m_done(m, m->m_revins)) != ST_OK)
			break;
		if (sqlite3_changes(m->m) > 0) {
			n->inserted++;
			m->r->changed = true;
		} else
			n->unchanged++;
	}
	sqlite3_reset(st);
	if (s == ST_OK && rc != SQLITE_DONE)
		s = copy_sqlerr(m, rc, _("read revisions"));
	return s;
}

/* ---- the report ---- */

/* Appends "    LABEL (SIDE, TIME):" and the text quoted on the next line. */
static void
report_text(struct buf *b, const char *label, const char *side,
    int64_t time, const char *text)
{
	const char *p;

	buf_printf(b, "    %s (%s, ", label, side);
	time_text(b, time);
	buf_adds(b, "):\n      «");
	for (p = text; *p != '\0'; p++) {
		buf_addc(b, *p);
		if (*p == '\n')
			buf_adds(b, "       ");
	}
	buf_adds(b, "»\n");
}

/* Appends s padded with spaces to w columns, on the right or (right) on
 * the left: by width, as the words may be Cyrillic. */
static void
report_cell(struct buf *b, const char *s, size_t w, bool right)
{
	size_t sw = text_width(s, strlen(s));

	if (right && sw < w)
		buf_addn(b, ' ', w - sw);
	buf_adds(b, s);
	if (!right && sw < w)
		buf_addn(b, ' ', w - sw);
}

static void
report_build(struct merger *m)
{
	struct merge_result *r = m->r;
	struct buf b = { 0 };
	size_t i;

	if (r->imported)
		buf_printf(&b, _("Imported %s (copy %s), a copy of another "
		    "forum, «%s», into %s: its tracks, sessions, addressees "
		    "and proposals; its forum record, paragraphs and "
		    "participant groups were left out.\n"), m->path, r->copy_id,
		    r->title, forum_path(m->f));
	else
		buf_printf(&b, _("Merged %s (copy %s) into %s.\n"), m->path,
		    r->copy_id, forum_path(m->f));
	if (!r->changed)
		buf_printf(&b, _("Nothing new: %s has all of it already.\n"),
		    forum_path(m->f));
	buf_addn(&b, ' ', 2 + 20);
	report_cell(&b, _("inserted"), 10, true);
	report_cell(&b, _("updated"), 10, true);
	report_cell(&b, _("unchanged"), 10, true);
	buf_addc(&b, '\n');
	for (i = 0; i < MERGE_NKINDS; i++) {
		if (m->import && !kinds[i].imported)
			continue;
		buf_adds(&b, "  ");
		report_cell(&b, _(kinds[i].name), 20, false);
		buf_printf(&b, " %9lld %9lld %9lld\n",
		    (long long)r->count[i].inserted,
		    (long long)r->count[i].updated,
		    (long long)r->count[i].unchanged);
	}
	if (r->nunified > 0) {
		buf_printf(&b, _("Addressees unified (the same heading): %zu\n"),
		    r->nunified);
		for (i = 0; i < r->nunified; i++)
			buf_printf(&b, _("  «%s»: the copy's %s is now %s\n"),
			    r->unified[i].heading, r->unified[i].copy_uuid,
			    r->unified[i].master_uuid);
	}
	if (r->nconflicts > 0)
		buf_printf(&b, _("Conflicts: %zu\n"), r->nconflicts);
	for (i = 0; i < r->nconflicts; i++) {
		const struct merge_conflict *c = &r->conflicts[i];

		if (c->deleted)
			buf_printf(&b, _("  proposal %s: deleted on one side, "
			    "edited on the other since; it stays deleted\n"),
			    c->uuid);
		else
			buf_printf(&b, _("  proposal %s: edited in both since "
			    "the files parted; the newer edit stands\n"),
			    c->uuid);
		report_text(&b, _("stands"), c->copy_won ? _("the copy") :
		    _("the master"), c->kept_time, c->kept);
		report_text(&b, _("kept in its history"), c->copy_won ?
		    _("the master") : _("the copy"), c->other_time, c->other);
	}
	r->report = buf_steal(&b);
}

/* Keeps the report in the file for the interface. */
static enum status
report_store(struct merger *m)
{
	sqlite3_stmt *st = prep(m, m->m, "INSERT INTO merge_report (uuid, "
	    "time, copy, source, text) VALUES (?1, ?2, ?3, ?4, ?5)");
	char uuid[37], *source;
	enum status s;

	if (st == NULL)
		return ST_DB;
	forum_uuid(uuid);
	source = xasprintf(_("%s (copy %s)"), m->path, m->r->copy_id);
	sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, clock_now_ms());
	sqlite3_bind_text(st, 3, forum_copy_id(m->f), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, source, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, m->r->report, -1, SQLITE_STATIC);
	s = m_done(m, st);
	free(source);
	return s;
}

/* ---- the merge ---- */

/* The two forum records: the same forum, or --import. */
static enum status
merge_identify(struct merger *m)
{
	sqlite3_stmt *c, *mm;
	const unsigned char *cu, *t;
	enum status s = ST_OK;
	int rc;

	c = prep(m, m->c, "SELECT uuid, title FROM forum WHERE id = 1");
	mm = prep(m, m->m, "SELECT uuid FROM forum WHERE id = 1");
	if (c == NULL || mm == NULL)
		return ST_DB;
	if ((rc = sqlite3_step(c)) != SQLITE_ROW) {
		sqlite3_reset(c);
		return rc == SQLITE_DONE ? refuse(m, ST_CORRUPT, _("the file has "
		    "no forum record")) : copy_sqlerr(m, rc, _("read"));
	}
	cu = sqlite3_column_text(c, 0);
	t = sqlite3_column_text(c, 1);
	if (!uuid_valid(cu, sqlite3_column_bytes(c, 0)) || t == NULL ||
	    sqlite3_column_bytes(c, 1) > MERGE_MAX_TEXT) {
		sqlite3_reset(c);
		return refuse(m, ST_CORRUPT, _("its forum record is not valid"));
	}
	m->r->title = xstrdup((const char *)t);
	if (sqlite3_step(mm) != SQLITE_ROW) {
		sqlite3_reset(c);
		sqlite3_reset(mm);
		return forum_fail(m->f, ST_CORRUPT, _("%s: the forum record is "
		    "missing"), forum_path(m->f));
	}
	t = sqlite3_column_text(mm, 0);
	if (t == NULL || strcmp((const char *)cu, (const char *)t) != 0) {
		if (m->o->import)
			m->import = m->r->imported = true;
		else
			s = forum_fail(m->f, ST_INVALID, _("%s is a copy of "
			    "another forum («%s»), not of %s: nothing was "
			    "merged (--import takes in its tracks, sessions, "
			    "addressees and proposals)"), m->path,
			    m->r->title, forum_path(m->f));
	}
	sqlite3_reset(c);
	sqlite3_reset(mm);
	if (s != ST_OK)
		return s;
	c = prep(m, m->c, "SELECT value FROM meta WHERE key = 'copy_id'");
	if (c == NULL)
		return ST_DB;
	rc = sqlite3_step(c);
	cu = rc == SQLITE_ROW ? sqlite3_column_text(c, 0) : NULL;
	if (!uuid_valid(cu, cu ? sqlite3_column_bytes(c, 0) : 0))
		s = refuse(m, ST_CORRUPT, _("the file has no valid copy id"));
	else
		memcpy(m->r->copy_id, cu, 37);
	sqlite3_reset(c);
	return s;
}

static void
merger_free(struct merger *m)
{
	size_t i, j;

	for (i = 0; i < m->nstmts; i++)
		sqlite3_finalize(m->stmts[i]);
	free(m->stmts);
	for (i = 0; i < MERGE_NKINDS; i++) {
		for (j = 0; j < m->plan[i].ncols; j++)
			free(m->plan[i].cols[j].name);
		free(m->plan[i].cols);
		free(m->plan[i].vals);
		free(m->plan[i].map.v);
	}
	headmap_free(&m->heads);
	free(m->fix);
	if (m->c != NULL)
		sqlite3_close(m->c);
}

void
merge_result_free(struct merge_result *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nconflicts; i++) {
		free(r->conflicts[i].kept);
		free(r->conflicts[i].other);
	}
	free(r->conflicts);
	for (i = 0; i < r->nunified; i++)
		free(r->unified[i].heading);
	free(r->unified);
	free(r->title);
	free(r->report);
	memset(r, 0, sizeof *r);
}

/* Everything after the checks, inside the action. */
static enum status
merge_body(struct merger *m)
{
	enum status s = ST_OK;
	int k;

	for (k = 0; k < MERGE_REVISION && s == ST_OK; k++) {
		m->plan[k].kind = (enum merge_kind)k;
		m->plan[k].table = kinds[k].table;
		m->plan[k].bulk_last = forum_bulk_last(m->f, kinds[k].table);
		if ((s = plan_columns(m, &m->plan[k])) == ST_OK)
			s = plan_statements(m, &m->plan[k]);
	}
	if (s == ST_OK)
		s = plan_fixed(m);
	for (k = 0; k < MERGE_NKINDS && s == ST_OK; k++)
		if (!m->import || kinds[k].imported)
			m->total += m->plan[k].rows;
	for (k = 0; k < MERGE_REVISION && s == ST_OK; k++)
		if (!m->import || kinds[k].imported)
			s = merge_table(m, &m->plan[k]);
	if (s == ST_OK)
		s = merge_revisions(m);
	if (s == ST_OK)
		s = copy_unchanged(m);
	if (s == ST_OK && m->o->progress != NULL)
		m->o->progress(m->o->ctx, m->path, m->total, m->total);
	if (s != ST_OK)
		return s;
	report_build(m);
	if (m->r->changed)
		s = report_store(m);
	return s;
}

/* Checks and merges one copy into the open action. */
static enum status
merge_one(struct forum *f, struct batch *b, const char *path,
    const struct merge_opts *o, const struct stat *master,
    struct merge_result *out)
{
	struct merger m = { 0 };
	enum status s;

	memset(out, 0, sizeof *out);
	m.f = f;
	m.b = b;
	m.m = forum_db(f);
	m.path = path;
	m.o = o;
	m.r = out;
	/* Nothing of the copy is read before it has passed. */
	if ((s = copy_check(&m, master)) == ST_OK &&
	    (s = merge_identify(&m)) == ST_OK)
		s = merge_body(&m);
	merger_free(&m);
	if (s != ST_OK)
		merge_result_free(out);
	return s;
}

/*
 * A page cache of MERGE_CACHE_KIB for the merge's duration, unless it has
 * one as large: the rows go into the UUID indexes at random places, and
 * with SQLite's default of 2 MiB their pages are written out to the WAL
 * and read back again and again.  *old receives the setting to restore
 * (0: none).
 */
static void
cache_grow(struct forum *f, int64_t *old)
{
	sqlite3_stmt *st;
	int64_t v = 0, kib;
	char *sql;

	*old = 0;
	if (sqlite3_prepare_v2(forum_db(f), "PRAGMA cache_size", -1, &st,
	    NULL) != SQLITE_OK)
		return;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	/* Negative: KiB; positive: pages, of 4 KiB or more. */
	kib = v < 0 ? -v : 4 * v;
	if (v == 0 || kib >= MERGE_CACHE_KIB)
		return;
	sql = xasprintf("PRAGMA cache_size = %d", -MERGE_CACHE_KIB);
	if (sqlite3_exec(forum_db(f), sql, NULL, NULL, NULL) == SQLITE_OK)
		*old = v;
	free(sql);
}

static void
cache_restore(struct forum *f, int64_t old)
{
	char *sql;

	if (old == 0)
		return;
	sql = xasprintf("PRAGMA cache_size = %lld", (long long)old);
	(void)sqlite3_exec(forum_db(f), sql, NULL, NULL, NULL);
	free(sql);
}

/* Brings the search index up to date for the proposals the merge wrote,
 * in one batch (search_index_batch()). */
static enum status
index_finish(struct forum *f, struct batch *b)
{
	return search_index_batch(f, b->index, b->nindex);
}

enum status
merge_run(struct forum *f, const char *const *paths, size_t n,
    const struct merge_opts *o, struct merge_result *out)
{
	static const struct merge_opts none = { 0 };
	struct batch b = { 0 };
	struct stat master;
	struct buf label = { 0 };
	enum status s;
	size_t i, done = 0;
	int64_t cache;
	bool own;

	memset(out, 0, n * sizeof *out);
	if (n == 0)
		return forum_fail(f, ST_INVALID, _("merge: no copy given"));
	if (o == NULL)
		o = &none;
	if (stat(forum_path(f), &master) != 0)
		memset(&master, 0, sizeof master);
	buf_adds(&label, _("merge"));
	for (i = 0; i < n; i++)
		buf_printf(&label, "%s %s", i ? "," : "", paths[i]);
	s = forum_enter(f, buf_str(&label), &own);
	buf_free(&label);
	cache_grow(f, &cache);
	if (s == ST_OK)
		s = forum_bulk_begin(f);
	for (i = 0; i < n && s == ST_OK; i++, done++)
		s = merge_one(f, &b, paths[i], o, &master, &out[i]);
	forum_record(f, true);
	if (s == ST_OK)
		s = index_finish(f, &b);
	if (s == ST_OK && own && o->dry_run)
		forum_rollback(f);
	else
		s = forum_leave(f, own, s);
	cache_restore(f, cache);
	if (s != ST_OK)
		for (i = 0; i < done; i++)
			merge_result_free(&out[i]);
	for (i = 0; i <= FORUM_SCHEMA_VERSION; i++)
		schema_free(&b.ref[i]);
	free(b.index);
	return s;
}

/* ---- making a copy ---- */

/* Runs fixed SQL on the copy being made. */
static enum status
copy_exec(struct forum *f, sqlite3 *d, const char *out, const char *sql)
{
	int rc = sqlite3_exec(d, sql, NULL, NULL, NULL);

	if (rc != SQLITE_OK)
		return forum_fail(f, rc == SQLITE_FULL ? ST_FULL : ST_IO,
		    "%s: %s", out, sqlite3_errmsg(d));
	return ST_OK;
}

/* Sets meta key to value (NULL: removes it) in the copy being made. */
static enum status
copy_meta(struct forum *f, sqlite3 *d, const char *out, const char *key,
    const char *value)
{
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(d, value ? "INSERT INTO meta (key, value) "
	    "VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = "
	    "excluded.value" : "DELETE FROM meta WHERE key = ?1", -1, &st,
	    NULL);
	if (rc != SQLITE_OK)
		return forum_fail(f, ST_IO, "%s: %s", out, sqlite3_errmsg(d));
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (value != NULL)
		sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return forum_fail(f, ST_IO, "%s: %s", out, sqlite3_errmsg(d));
	return ST_OK;
}

/* Writes the snapshot into the empty file tmp and makes it a copy. */
static enum status
copy_fill(struct forum *f, const char *tmp, const char *out,
    const char *track_uuid)
{
	sqlite3 *d = NULL;
	sqlite3_backup *b;
	enum status s;
	char id[37], *now;
	int rc;

	rc = sqlite3_open_v2(tmp, &d, SQLITE_OPEN_READWRITE, NULL);
	if (rc != SQLITE_OK) {
		s = forum_fail(f, ST_IO, "%s: %s", out, d ? sqlite3_errmsg(d) :
		    sqlite3_errstr(rc));
		sqlite3_close(d);
		return s;
	}
	sqlite3_extended_result_codes(d, 1);
	sqlite3_db_config(d, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(d, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	/* One step: the whole file under one read transaction of the
	 * master, whatever the other moderators write meanwhile. */
	b = sqlite3_backup_init(d, "main", forum_db(f), "main");
	if (b == NULL) {
		s = forum_fail(f, ST_IO, "%s: %s", out, sqlite3_errmsg(d));
		sqlite3_close(d);
		return s;
	}
	rc = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		s = forum_fail(f, (rc & 0xff) == SQLITE_FULL ? ST_FULL :
		    (rc & 0xff) == SQLITE_BUSY ? ST_BUSY : ST_IO, "%s: %s",
		    out, sqlite3_errstr(rc));
		sqlite3_close(d);
		return s;
	}
	forum_uuid(id);
	now = xasprintf("%lld", (long long)clock_now_ms());
	/* One file for the stick: no -wal beside it. */
	s = copy_exec(f, d, out, "PRAGMA journal_mode = DELETE");
	if (s == ST_OK)
		s = copy_exec(f, d, out, "BEGIN IMMEDIATE");
	if (s == ST_OK)
		s = copy_meta(f, d, out, "copy_id", id);
	if (s == ST_OK)
		s = copy_meta(f, d, out, "copy_of", forum_copy_id(f));
	if (s == ST_OK)
		s = copy_meta(f, d, out, "copied", now);
	if (s == ST_OK)
		s = copy_meta(f, d, out, "track", track_uuid);
	/* The history belongs to the master's users. */
	if (s == ST_OK)
		s = copy_exec(f, d, out, "DELETE FROM undo_action");
	if (s == ST_OK)
		s = copy_exec(f, d, out, "COMMIT");
	/* Freed pages would still hold what the undo log said. */
	if (s == ST_OK)
		s = copy_exec(f, d, out, "VACUUM");
	free(now);
	rc = sqlite3_close(d);
	if (s == ST_OK && rc != SQLITE_OK)
		s = forum_fail(f, ST_IO, "%s: %s", out, sqlite3_errstr(rc));
	return s;
}

/* The directory part of path ("." if none).  Caller frees. */
static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

enum status
merge_copy_write(struct forum *f, const char *out, const char *track_uuid)
{
	struct stat sb;
	enum status s;
	char *dir, *tmp;
	const char *base;
	mode_t mask;
	int fd, dfd, e;

	if (forum_in_action(f))
		return forum_fail(f, ST_INVALID, _("a copy cannot be made "
		    "inside an action"));
	if (lstat(out, &sb) == 0)
		return forum_fail(f, ST_EXISTS, _("%s: the file exists already; "
		    "a copy never overwrites a file"), out);
	if (errno != ENOENT)
		return forum_fail(f, ST_IO, "%s: %s", out, strerror(errno));
	dir = dir_of(out);
	base = strrchr(out, '/') ? strrchr(out, '/') + 1 : out;
	tmp = xasprintf("%s/.%s.XXXXXX", dir, base);
	if ((fd = mkstemp(tmp)) < 0) {
		s = forum_fail(f, ST_IO, _("%s: cannot write there: %s"), out,
		    strerror(errno));
		goto done;
	}
	mask = umask(0);
	umask(mask);
	(void)fchmod(fd, 0644 & ~mask);
	s = copy_fill(f, tmp, out, track_uuid);
	if (s == ST_OK && fsync(fd) != 0)
		s = forum_fail(f, ST_IO, "%s: %s", out, strerror(errno));
	close(fd);
	if (s != ST_OK)
		goto fail;
	/* link() never replaces out, as rename() would. */
	if (link(tmp, out) == 0)
		unlink(tmp);
	else if ((e = errno) == EEXIST) {
		s = forum_fail(f, ST_EXISTS, _("%s: the file exists already; "
		    "a copy never overwrites a file"), out);
		goto fail;
	} else if (e == EPERM || e == ENOTSUP || e == ENOSYS || e == EMLINK) {
		/* A file system without hard links (a FAT stick). */
		if (lstat(out, &sb) == 0) {
			s = forum_fail(f, ST_EXISTS, _("%s: the file exists "
			    "already; a copy never overwrites a file"), out);
			goto fail;
		}
		if (rename(tmp, out) != 0) {
			s = forum_fail(f, ST_IO, "%s: %s", out,
			    strerror(errno));
			goto fail;
		}
	} else {
		s = forum_fail(f, ST_IO, "%s: %s", out, strerror(e));
		goto fail;
	}
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		(void)fsync(dfd);
		close(dfd);
	}
	goto done;
fail:
	remove_db(tmp);
done:
	free(tmp);
	free(dir);
	return s;
}

/* ---- the reports kept in the file ---- */

enum status
merge_reports_list(struct forum *f, struct merge_report_row **out, size_t *n)
{
	sqlite3_stmt *st = forum_stmt(f, "SELECT time, source, text FROM "
	    "merge_report ORDER BY time DESC, id DESC");
	struct merge_report_row *v = NULL;
	size_t k = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return ST_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *src = sqlite3_column_text(st, 1);
		const unsigned char *text = sqlite3_column_text(st, 2);

		v = xreallocarray(v, k + 1, sizeof *v);
		v[k].time = sqlite3_column_int64(st, 0);
		v[k].source = xstrdup(src != NULL ? (const char *)src : "");
		v[k].text = xstrdup(text != NULL ? (const char *)text : "");
		k++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		merge_reports_free(v, k);
		return forum_sqlerr(f, rc, _("read the merge reports"));
	}
	*out = v;
	*n = k;
	return ST_OK;
}

void
merge_reports_free(struct merge_report_row *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].source);
		free(v[i].text);
	}
	free(v);
}
