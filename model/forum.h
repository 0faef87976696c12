/*
 * forum.h: one SQLite file is one forum.  Opening, creating and upgrading
 * the file, the copy that this file is, transactions grouped into undoable
 * actions, and undo/redo across restarts.  The records themselves are in
 * records.h.
 *
 * Every write happens inside an action: forum_begin() opens a BEGIN
 * IMMEDIATE transaction and starts recording the changes (SQLite's session
 * extension); forum_commit() stores the changeset in the undo log and
 * commits.  A record function called outside an action makes an action of
 * its own.
 */
#ifndef AGORA_FORUM_H
#define AGORA_FORUM_H

#include <stdbool.h>
#include <stdint.h>

#include "status.h"

struct forum;
struct sqlite3;

#define FORUM_APPLICATION_ID 0x41474F52 /* "AGOR" */
#define FORUM_SCHEMA_VERSION 6 /* the newest schema this agora writes */

#define FORUM_CREATE 0x1u   /* make a new file; fails if path exists */
#define FORUM_READONLY 0x2u /* never write */

/*
 * Opens the forum at path.  Without FORUM_CREATE the file must exist and be
 * an agora forum (checked before anything is written: another database is
 * never touched); an older schema is upgraded in one transaction, a newer
 * one refused.  A file that cannot be written opens read-only
 * (forum_readonly() tells).  On failure *out is NULL and *err (caller
 * frees) says why, naming the file.
 */
enum status forum_open(const char *path, unsigned flags, struct forum **out,
    char **err);
void forum_close(struct forum *f);

/* The detail of the last failure on f: never NULL.  Owned by f. */
const char *forum_error(const struct forum *f);
const char *forum_path(const struct forum *f);
bool forum_readonly(const struct forum *f);
/* This copy's id (a UUID string).  Owned by f. */
const char *forum_copy_id(const struct forum *f);
/* The underlying connection, for model modules only. */
struct sqlite3 *forum_db(struct forum *f);

/* Starts an action (an undoable group of changes) labelled label. */
enum status forum_begin(struct forum *f, const char *label);
/*
 * Starts an action that joins this user's last one in the undo log, so
 * that a single undo takes back both: a proposal saved at once, then tagged
 * in the picker.  Never hold an action open while waiting for the user: it
 * keeps the other moderators from writing.
 */
enum status forum_begin_amend(struct forum *f, const char *label);
/* Ends the action: records it in the undo log and commits. */
enum status forum_commit(struct forum *f);
/* Abandons the action: nothing of it is kept. */
void forum_rollback(struct forum *f);
/* True between forum_begin() and forum_commit()/forum_rollback(). */
bool forum_in_action(const struct forum *f);

/*
 * Undoes this copy's last action (redoes the last undone one).  *label, if
 * not NULL, receives the action's label (caller frees).  ST_NOTHING when
 * there is nothing to undo (redo); ST_CONFLICT when another user changed
 * the same records since (nothing is changed then).
 */
enum status forum_undo(struct forum *f, char **label);
enum status forum_redo(struct forum *f, char **label);

/*
 * A counter that changes whenever another connection commits to the file
 * (PRAGMA data_version): poll it to refresh screens.
 */
int64_t forum_data_version(struct forum *f);

/*
 * Whose undo history this connection uses (default: $USER, else the uid):
 * several moderators on one file each undo only their own actions.
 */
void forum_set_actor(struct forum *f, const char *actor);

/* Sets f's error detail (printf-style) and returns st. */
enum status forum_fail(struct forum *f, enum status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Maps the connection's last SQLite error to a status, recording detail. */
enum status forum_sqlerr(struct forum *f, int rc, const char *what);

/* A new random UUID string (36 characters and NUL) into out. */
void forum_uuid(char out[37]);

/*
 * For model modules.  forum_enter() joins the current action or, if none is
 * open, begins one labelled label and sets *own; forum_leave() commits an
 * owned action when st is ST_OK and rolls it back otherwise, and returns
 * the final status.
 */
enum status forum_enter(struct forum *f, const char *label, bool *own);
enum status forum_leave(struct forum *f, bool own, enum status st);

/*
 * A prepared statement for sql, which must be a string constant: statements
 * are cached by its address for the life of f.  The statement comes back
 * reset with its bindings cleared; NULL on error (forum_error() tells).
 */
struct sqlite3_stmt *forum_stmt(struct forum *f, const char *sql);

/* Creates path with the schema as it was at version (for migration tests). */
enum status forum_create_version(const char *path, int version, char **err);

#endif
