/*
 * import.h: proposals and whole forums from outside the room.
 *
 * Three readers, each a module of its own, all writing through this one:
 *
 *   - CSV from spreadsheets and online forms (import_csv.h): one proposal
 *     a row, columns found by their Russian or English headings;
 *   - JSON written by `agora export --format json` (import_json.h): every
 *     record with its UUID, into an empty forum or the same forum again;
 *   - an earlier resolution as plain text, or as the paragraphs of a Word
 *     document read by imports/docx.c (import_text.h): the numbered
 *     addressee headings and items become addressees and accepted
 *     proposals, the text before them the preamble.
 *
 * Every import is one action (forum.h): it is undone as a whole, and a
 * failure leaves nothing of it behind.  Sources are untrusted: a reader
 * checks all of its input (UTF-8, NUL bytes, sizes, structure) and every
 * row before it writes anything, so that a bad row stops the import with
 * "SOURCE:LINE:COLUMN: reason" in forum_error() and nothing imported; with
 * skip_bad the good rows go in and the report lists every bad one.
 *
 * Importing the same source twice changes nothing the second time.  Rows
 * with a UUID are matched by it; rows without one by a content key, the
 * proposal's track and its text normalised (case folded with ё = е,
 * whitespace runs as one space, quotes as '"', a final full stop or
 * semicolon dropped), compared with every proposal in the file (deleted
 * ones included, so an import never brings back what was deleted).  The
 * key is computed from the records themselves and needs no schema of its
 * own: a proposal edited since its import no longer matches, and the next
 * import of the source brings the original wording back as a new one.
 *
 * Lines and columns count from 1; a column counts characters, not bytes.
 */
#ifndef AGORA_IMPORT_H
#define AGORA_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "forum.h"
#include "records.h"
#include "status.h"
#include "util.h"

/* The largest source, line of a text source, and field or text value. */
#define IMPORT_MAX_SIZE ((size_t)512 << 20)
#define IMPORT_MAX_LINE ((size_t)1 << 20)
#define IMPORT_MAX_TEXT ((size_t)1 << 20)

struct import_options {
	const char *source; /* the source's name in messages: "forms.csv" */
	const char *track;  /* the default track (a name), or NULL */
	bool strict;        /* unknown addressees and sessions are errors */
	bool skip_bad;      /* bad rows are listed and left out */
	bool new_file;      /* the forum file was made for this import */
};

enum import_msg_kind {
	IMPORT_BAD,     /* a bad row: left out (skip_bad) or the failure */
	IMPORT_SKIPPED, /* already in the forum, or a repeat in the source */
	IMPORT_NOTE     /* anything else worth saying */
};

struct import_msg {
	enum import_msg_kind kind;
	int64_t line, col; /* 0: the message is about the whole source */
	char *text;
};

/* What an import did.  Zero-initialise; free with import_report_free(). */
struct import_report {
	const char *format; /* "csv", "json", "text" */
	char sep;           /* CSV: the separator found */
	int64_t rows;       /* rows, records or items read */
	int64_t proposals;  /* added */
	int64_t addressees, tracks, sessions, links, paragraphs, groups;
	int64_t revisions;  /* JSON only */
	int64_t updated;    /* JSON: records taken in a newer version */
	int64_t skipped;    /* already present */
	int64_t bad;        /* bad rows (left out with skip_bad) */
	bool forum_set;     /* the forum record (title, place, ...) written */
	char **columns;     /* CSV: the columns not imported */
	size_t ncolumns;
	struct import_msg *msgs; /* in the order of the source */
	size_t nmsgs;
};

void import_report_free(struct import_report *r);

/*
 * The readers.  Each imports len bytes at data into f within the current
 * action, or in one of its own labelled "import SOURCE"; when it fails
 * inside the caller's action, the caller must roll the action back.  *r is
 * filled in either case (bad rows are listed also when they made the
 * import fail).  ST_INVALID for a bad source or row, ST_NOTFOUND for an
 * unknown --track, ST_TOOBIG beyond the limits above; forum_error() says
 * "SOURCE:LINE:COLUMN: reason".
 */
enum status import_csv(struct forum *f, const char *data, size_t len,
    const struct import_options *o, struct import_report *r);
enum status import_json(struct forum *f, const char *data, size_t len,
    const struct import_options *o, struct import_report *r);
enum status import_text(struct forum *f, const char *data, size_t len,
    const struct import_options *o, struct import_report *r);

/* A paragraph of a document, for import_paragraphs(). */
struct import_para {
	const char *text; /* valid UTF-8; may hold '\t' and '\n' */
	size_t len;
	int64_t line;     /* where it is, for messages: the paragraph's number */
};

/* An earlier resolution given as paragraphs (a Word document's). */
enum status import_paragraphs(struct forum *f, const struct import_para *p,
    size_t n, const struct import_options *o, struct import_report *r);

/* ---- for the readers ---- */

/*
 * Checks that data is text an import can read: not empty, not UTF-16, no
 * NUL byte, valid UTF-8, no line longer than max_line bytes (0: any).  A
 * UTF-8 byte order mark is allowed and *start set past it (else 0).  On
 * failure *err (caller frees) is "LINE:COLUMN: reason" or "reason".
 */
enum status import_check_text(const char *data, size_t len, size_t max_line,
    size_t *start, char **err);

/* Fails with "SOURCE:LINE:COLUMN: reason" from a reader's err
 * ("LINE:COLUMN: reason" or "reason"). */
enum status import_fail_source(struct forum *f, enum status st,
    const char *source, const char *err);

/*
 * The line and column (characters) of byte off in data; a line ends at
 * LF, CRLF or a lone CR.
 */
void import_position(const char *data, size_t len, size_t off, int64_t *line,
    int64_t *col);

/* True for the whitespace an import trims: ASCII spaces and controls
 * \t\n\v\f\r, NBSP and the other Unicode spaces (U+2000..U+200B, U+202F,
 * U+205F, U+3000, U+FEFF). */
bool import_is_space(uint32_t cp);

/* Trims import_is_space() characters from both ends of s[0, *len): moves
 * *s and shrinks *len. */
void import_trim(const char **s, size_t *len);

/*
 * Appends the normalised form of s for matching names and texts: case
 * folded with ё = е, whitespace runs as one space, no space at either end.
 */
void import_norm(struct buf *out, const char *s, size_t len);

/* Appends at most max characters of s, cut at a character with "…",
 * sanitised for one line: for messages that quote the source. */
void import_excerpt(struct buf *out, const char *s, size_t len, size_t max);

/*
 * Makes room for element n of an array that holds n elements of size
 * bytes, growing it by doubling (its capacity is never stored: the array
 * is reallocated when n is 0 or a power of two from 8 on).  Returns it.
 */
void *import_grow(void *v, size_t n, size_t size);

/* Adds a message to r (printf-style). */
void import_msg(struct import_report *r, enum import_msg_kind kind,
    int64_t line, int64_t col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/*
 * The state the CSV and text readers share while they write: the forum's
 * tracks, addressees and sessions (with those the import creates), and the
 * content keys of its proposals.
 */
/* A name to match, normalised (import_norm()). */
struct import_name {
	int64_t id;
	int64_t track;  /* sessions: the session's track */
	char *label;    /* label, or a session's title */
	char *title;    /* title or heading; "" for sessions */
	char uuid[37];
};

struct import_ctx {
	struct forum *f;
	const struct import_options *o;
	struct import_report *r;
	struct import_name *tracks;
	size_t ntracks;
	struct addressee *addr; /* the records, for their recommend flag */
	struct import_name *an; /* the same addressees, normalised */
	size_t naddr;
	struct import_name *sessions;
	size_t nsessions;
	int64_t default_track; /* 0: none */
	struct import_keys *keys;
	struct import_keys *uuids; /* the proposals' UUIDs */
};

/*
 * Loads the forum's names and content keys; resolves o->track (ST_NOTFOUND
 * or ST_AMBIGUOUS with the reason in forum_error()).
 */
enum status import_ctx_init(struct import_ctx *c, struct forum *f,
    const struct import_options *o, struct import_report *r);
void import_ctx_free(struct import_ctx *c);

/* The track whose label, title or UUID is name (folded): its id, or 0. */
int64_t import_track_match(struct import_ctx *c, const char *name,
    size_t len);
/* The addressee whose label, heading or UUID is name: index in c->addr, or
 * -1. */
long import_addressee_match(struct import_ctx *c, const char *name,
    size_t len);
/* The session of track tid titled name: its id, or 0. */
int64_t import_session_match(struct import_ctx *c, int64_t tid,
    const char *name, size_t len);

/* Creates an addressee and adds it to c; *index receives its index. */
enum status import_addressee_create(struct import_ctx *c, const char *heading,
    const char *label, bool recommend, long *index);
/* Creates a session (closed) of track tid titled title; *id receives it. */
enum status import_session_create(struct import_ctx *c, int64_t tid,
    const char *title, int64_t *id);
/* Refreshes c->tracks after the reader created tracks. */
enum status import_tracks_reload(struct import_ctx *c);

/*
 * Content keys: the key of a text in track tid (see the top of this file)
 * into out; whether the forum (or this import) has it; and adding one.
 */
void import_key(struct buf *out, int64_t tid, const char *text, size_t len);
bool import_key_has(struct import_ctx *c, const char *key);
void import_key_add(struct import_ctx *c, const char *key);

/*
 * A map from strings to indexes, for the readers' own bookkeeping: put
 * adds key (copied) with val unless the key is there; get finds it.
 */
struct import_keys *import_map_new(void);
void import_map_free(struct import_keys *m);
void import_map_put(struct import_keys *m, const char *key, size_t val);
bool import_map_get(const struct import_keys *m, const char *key,
    size_t *val);

/* True if a proposal with this UUID is in the file (deleted or not). */
bool import_uuid_exists(struct import_ctx *c, const char *uuid);

/*
 * Inserts proposal p (proposal_insert()) and gives it uuid when not NULL,
 * the identity the source gave it.
 */
enum status import_proposal_insert(struct import_ctx *c, struct proposal *p,
    const char *uuid);

/* True if s (len bytes) is a UUID; writes it in lower case to out. */
bool import_uuid_parse(const char *s, size_t len, char out[37]);

#endif
