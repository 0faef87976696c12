/*
 * table.h: the forum read as rows and records, for the table exports.
 *
 * Two readers, both streaming (one callback per row, nothing gathered), both
 * inside one read transaction so that what they see is one snapshot:
 *
 *   - table_rows(): the proposals table for the secretariat's spreadsheets,
 *     one row per live proposal and live addressee with every field, a
 *     proposal without an addressee in one row of its own;
 *   - table_walk(): every record of every kind, tombstones and revisions
 *     included, references given as UUIDs, for the JSON export.
 *
 * A value is a struct field: its name (a column heading or a JSON key), its
 * type and the value.  Text comes as the file holds it, any bytes at all:
 * the writer makes it valid for its format (table_clean() for cells).
 */
#ifndef AGORA_TABLE_H
#define AGORA_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "forum.h"
#include "util.h"

enum field_type {
	FIELD_TEXT, /* text, len bytes */
	FIELD_INT,  /* num */
	FIELD_BOOL, /* num: 0 or 1 */
	FIELD_TIME, /* num: milliseconds since the epoch, UTC */
	FIELD_REF   /* text: the UUID of another record; null if none */
};

struct field {
	const char *name;
	enum field_type type;
	bool null;        /* TEXT and REF only: no value (text is "") */
	const char *text; /* TEXT, REF: len bytes, NUL-terminated after them */
	size_t len;
	int64_t num;      /* INT, BOOL, TIME */
};

/* ---- the proposals table ---- */

/* The columns, in the order of the table. */
enum table_column {
	TABLE_UUID,              /* the proposal's */
	TABLE_TRACK,             /* the track's label */
	TABLE_TRACK_TITLE,
	TABLE_SESSION,           /* the session's title, "" if none */
	TABLE_AUTHOR,
	TABLE_ORGANISATION,
	TABLE_ADDRESSEE,         /* the addressee's label, "" if none */
	TABLE_ADDRESSEE_HEADING, /* "" if none */
	TABLE_STATUS,            /* "new", "accepted", "rejected", "merged" */
	TABLE_VOTES_FOR,
	TABLE_VOTES_AGAINST,
	TABLE_VOTES_ABSTAIN,
	TABLE_CREATED,           /* TIME */
	TABLE_UPDATED,           /* TIME */
	TABLE_MERGED_INTO,       /* REF: the surviving proposal, or null */
	TABLE_NUMBER,            /* "3.4." under this addressee in the draft,
	                          * "" if the item is not in it */
	TABLE_TEXT,              /* as captured (no "Рекомендовать" added) */
	TABLE_COLUMNS
};

/* The column's name ("uuid", "track_title", ...) and type. */
const char *table_column_name(enum table_column c);
enum field_type table_column_type(enum table_column c);

/*
 * Called once per row with TABLE_COLUMNS fields, indexed by enum
 * table_column; the fields are valid during the call only.  Any status but
 * ST_OK stops the walk, and table_rows() returns it.
 */
typedef enum status (*table_row_fn)(void *ctx, const struct field *row);

/*
 * Calls fn for each row of the proposals table: the live proposals, each
 * once per live addressee it is tagged with (in the addressees' order), or
 * once with an empty addressee when it has none; rows ordered by track
 * (the tracks' order), then by the proposal's creation time (captured in
 * the same millisecond: in the order captured here).  The numbers
 * are those of the draft assembled from the same snapshot
 * (resolution_assemble()): "N.M." under this row's addressee.  Memory
 * grows with the number of items in the draft (a few words each), not with
 * their text.
 */
enum status table_rows(struct forum *f, table_row_fn fn, void *ctx);

/* ---- every record ---- */

/*
 * The record kinds in the order table_walk() visits them, each with the
 * name the JSON export gives its list: "forum" (single: one record, not a
 * list), "paragraphs", "groups", "tracks", "sessions", "addressees",
 * "proposals", "links", "revisions".  The fields of each kind, and their
 * order, are documented in docs/json-schema.md.
 */
struct table_walker {
	/* A kind starts; single: it has one record (or none), not a list. */
	enum status (*kind_begin)(void *ctx, const char *kind, bool single);
	/* One record: n fields in a fixed order for its kind. */
	enum status (*record)(void *ctx, const struct field *fields, size_t n);
	enum status (*kind_end)(void *ctx, const char *kind, bool single);
	void *ctx;
};

/*
 * Visits every record of the forum, kind by kind, tombstones included,
 * within one read transaction.  Within a kind the order depends only on
 * what the records hold (their positions, creation times and UUIDs), so a
 * copy with the same records gives the same walk.  Revisions of a proposal
 * that is no longer in the file (an undone capture) are left out: they
 * belong to no record.  A status other than ST_OK from a callback stops the
 * walk and is returned.
 */
enum status table_walk(struct forum *f, const struct table_walker *w);

/* ---- helpers for the writers ---- */

/*
 * Appends text made safe for any cell: bytes that are not valid UTF-8 and
 * the characters XML 1.0 forbids (C0 controls other than tab, newline and
 * carriage return; U+FFFE, U+FFFF) become U+FFFD; everything else passes
 * unchanged.  The output is valid UTF-8.
 */
void table_clean(struct buf *out, const char *s, size_t len);

/* Appends "2018-01-30T12:00:00.000Z" for ms milliseconds since the epoch
 * (UTC); years outside 1..9999 are clamped to the nearest. */
void table_iso_time(struct buf *out, int64_t ms);

#endif
