/*
 * merge.h: the copies a moderator takes to the room, and merging them back
 * into the master (PRODUCT.md "One file is one forum").
 *
 * A copy is a consistent snapshot of the master with a copy id of its own,
 * an empty undo log and, optionally, the track it is for (meta 'track',
 * the track's UUID: the interface may start there; every track's records
 * are in the copy all the same).
 *
 * A merge matches records by UUID, table by table in dependency order
 * (forum, paragraphs, participant groups, tracks, sessions, addressees,
 * proposals, addressee links, revisions), and translates the integer
 * references through the UUIDs.  For a record in both files:
 *
 *   - the newer version wins whole: the one with the later `updated`, then
 *     the greater copy id, then the greater content (its fields, references
 *     as UUIDs, compared byte by byte), so that the result does not depend
 *     on the order of the merges.  Its stamps (updated, copy) come with it:
 *     a merge never restamps, which is what makes a second merge of the
 *     same copy change nothing;
 *   - tombstones win: deleted is set if either side has it, whichever
 *     version wins, so a merge never brings a deleted record back;
 *   - a proposal's texts are never lost: both sides' revisions are unioned
 *     by UUID, and the losing text is in the history afterwards;
 *   - a conflict is reported when the losing side's text is not in the
 *     winning side's history (the winner never saw that text: it was
 *     edited there since the two files parted), and when one side deleted
 *     a proposal whose text the other side edited since.
 *
 * Addressees created separately with the same heading (compared folded,
 * ё = е, whitespace runs as one space) become one: the copy's addressee
 * maps onto the master's live one, and its links follow.  A copy's
 * addressee whose links were merged before maps where they went, even if
 * the heading was edited since.  Links stay unique per (proposal,
 * addressee): two links of one pair are one record.
 *
 * A copy is untrusted input: see merge_run().
 */
#ifndef AGORA_MERGE_H
#define AGORA_MERGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "forum.h"
#include "status.h"

/* Limits on what a copy may hold: bytes in one field, rows in one table. */
#define MERGE_MAX_TEXT (1 << 20)
#define MERGE_MAX_ROWS 10000000

/* The kinds of record, in the order they are merged. */
enum merge_kind {
	MERGE_FORUM,
	MERGE_PARAGRAPH,
	MERGE_GROUP,
	MERGE_TRACK,
	MERGE_SESSION,
	MERGE_ADDRESSEE,
	MERGE_PROPOSAL,
	MERGE_LINK,
	MERGE_REVISION,
	MERGE_NKINDS
};

/* "forum", "paragraphs", ..., "revisions": for reports. */
const char *merge_kind_name(enum merge_kind k);

struct merge_count {
	int64_t inserted;
	int64_t updated;   /* a newer version or a tombstone taken */
	int64_t unchanged;
};

/* A proposal whose losing text the winner had never seen. */
struct merge_conflict {
	char uuid[37];   /* the proposal */
	bool copy_won;   /* the copy's version stands (else the master's) */
	bool deleted;    /* one side deleted it, the other edited it */
	char *kept;      /* the text that stands */
	char *other;     /* the other text, now in the proposal's history */
	int64_t kept_time, other_time; /* their `updated`, ms */
};

/* A copy's addressee mapped onto the master's with another UUID. */
struct merge_unified {
	char copy_uuid[37];
	char master_uuid[37];
	char *heading; /* the copy's */
};

/* What one merge did.  Free with merge_result_free(). */
struct merge_result {
	char copy_id[37];
	char *title;   /* the copy's forum title */
	bool imported; /* a copy of another forum, taken in by --import */
	bool changed;  /* false: the master had all of it already */
	struct merge_count count[MERGE_NKINDS];
	struct merge_conflict *conflicts;
	size_t nconflicts;
	struct merge_unified *unified;
	size_t nunified;
	char *report; /* the report as printed and kept in merge_report */
};

void merge_result_free(struct merge_result *r);

/* Called now and then while the copy at path is merged: done of its total
 * rows read. */
typedef void (*merge_progress_fn)(void *ctx, const char *path, int64_t done,
    int64_t total);

struct merge_opts {
	/*
	 * Takes in a copy of another forum (another forum record UUID): its
	 * tracks, sessions, addressees, proposals, links and revisions come
	 * in as records of their own, matched by their UUIDs (so importing
	 * the same file twice changes nothing the second time) and
	 * addressees unified by heading as always; its forum record,
	 * paragraphs and participant groups are left out.  Without it such a
	 * copy is refused.  No effect on a copy of this forum.
	 */
	bool import;
	/* Merges, reports, then rolls the action back (when merge_run()
	 * made the action; in the caller's, that is the caller's to do). */
	bool dry_run;
	merge_progress_fn progress; /* NULL: none */
	void *ctx;
};

/*
 * Merges the copies paths[0..n-1] into f, one after the other, within the
 * current action or in one of its own labelled "merge PATH, PATH..."
 * (forum_enter()); when it fails inside the caller's action, the caller
 * must roll the action back.  For each copy that changed anything its
 * report is stored in merge_report (source "PATH (copy ID)").  The search
 * index is brought up to date once, at the end, for the proposals written
 * (search_index_batch()).  The action is a bulk one (forum_bulk_begin()
 * below): the rows inserted are undone as ranges, the rows changed as
 * recorded.
 *
 * Each copy is checked before any of its rows is read: a regular file
 * whose header carries our application_id and a schema version this agora
 * knows (a newer one is refused; an older one is read through its own
 * columns), no unsaved -wal or -journal beside it, opened read-only and
 * immutable (nothing is ever written beside it), with the defensive
 * settings (no triggers, no views, untrusted schema, size limits), PRAGMA
 * quick_check, and its sqlite_schema equal to the one its version creates
 * (an extra trigger, view, index or table, a table replaced by a view, a
 * missing or extra column: refused).  Every value read is checked for
 * type, UTF-8 and size (MERGE_MAX_TEXT, MERGE_MAX_ROWS), every reference
 * must resolve, and the file must not change while it is read.  Any
 * failure is ST_NOTFOUND, ST_NOTFORUM, ST_NEWER, ST_CORRUPT, ST_TOOBIG,
 * ST_INVALID or ST_BUSY with the reason, naming the copy, in
 * forum_error(f).
 *
 * out[0..n-1] are filled (merge_result_free() each) on success only.
 */
enum status merge_run(struct forum *f, const char *const *paths, size_t n,
    const struct merge_opts *o, struct merge_result *out);

/*
 * Bulk actions, for merge_run() (defined in forum.c, which tells how they
 * are undone).  Inside an undoable action, forum_bulk_begin() notes each
 * recorded table's greatest id: the rows inserted from then on are kept in
 * the undo log as ranges of ids with a digest of their content, not row by
 * row.  Their changes need not be recorded, and cost much to record:
 * forum_record(f, false) before writing a row above forum_bulk_last() of
 * its table, forum_record(f, true) before writing one at or below it (and
 * once done).  Without an undoable action, or for a table undo does not
 * record, forum_bulk_last() is INT64_MAX and the other two do nothing.
 */
enum status forum_bulk_begin(struct forum *f);
int64_t forum_bulk_last(struct forum *f, const char *table);
void forum_record(struct forum *f, bool on);

/*
 * Writes a copy of f to out for a moderator: a consistent snapshot (the
 * backup API, never a plain copy of a live file) with a new copy id, an
 * empty undo log, meta 'track' set to track_uuid (NULL: none), in rollback
 * journal mode so that it is one self-contained file.  It is written under
 * a temporary name beside out and renamed; out must not exist (ST_EXISTS).
 */
enum status merge_copy_write(struct forum *f, const char *out,
    const char *track_uuid);

/* A merge's report as kept in the file (merge_report). */
struct merge_report_row {
	int64_t time; /* when it was merged, ms since the epoch */
	char *source; /* "PATH (copy ID)" */
	char *text;   /* the report as printed */
};

/*
 * The reports kept in f, the newest first.  They are not part of the undo
 * history: a merge undone since keeps its report.  *out (free with
 * merge_reports_free()) holds *n rows.
 */
enum status merge_reports_list(struct forum *f, struct merge_report_row **out,
    size_t *n);
void merge_reports_free(struct merge_report_row *v, size_t n);

#endif
