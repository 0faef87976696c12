/*
 * backup.h: snapshots of the forum file, kept beside it, and restoring one.
 *
 * A snapshot is a whole copy of the forum as it stood at one moment, made
 * through SQLite's online backup API (never a plain copy of the file, whose
 * newest changes may still be in its -wal), written under a temporary name,
 * flushed to disk and then renamed: a snapshot is whole or absent.  They
 * live in FILE.backups/, named by the UTC time they were taken
 * (2026-11-26T22-30-00Z.db, with -2, -3 ... for more in one second); the
 * newest BACKUP_KEEP are kept.
 *
 * When: forum.c calls backup_tick() before each action and after each
 * commit.  A snapshot is taken when the file changed since the newest
 * snapshot and that one is at least the interval old (BACKUP_INTERVAL;
 * none yet counts as old).  So the first change a session makes, after a
 * pause, is preceded by a snapshot of the state before it, and a long
 * session leaves one every few minutes; a file that only is read never gets
 * one, and a script of a thousand `agora add` does not push the history out
 * of the rotation.  A file with neither proposals nor snapshots (one just
 * made) gets none until a session finds proposals in it.
 *
 * The environment overrides the defaults, for tests and for users who want
 * otherwise: AGORA_BACKUP_INTERVAL (seconds, 0: whenever changed) and
 * AGORA_BACKUP_KEEP (0: no snapshots at all).
 *
 * A snapshot that fails never fails the user's work: backup_tick() has no
 * result, and the failure becomes a notice the caller shows
 * (backup_set_notice(), backup_notice()).
 */
#ifndef AGORA_BACKUP_H
#define AGORA_BACKUP_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

struct forum;
struct backup; /* one open forum's snapshot schedule, owned by the forum */

#define BACKUP_KEEP 10       /* snapshots kept */
#define BACKUP_INTERVAL 300 /* seconds between snapshots while writing */
#define BACKUP_SUFFIX ".backups"

/* For forum.c: the schedule's life, and the hook.  backup_tick() never
 * fails; it costs a clock read when no snapshot can be due. */
struct backup *backup_new(void);
void backup_free(struct backup *b);
void backup_tick(struct forum *f);
/* The forum's schedule (defined in forum.c). */
struct backup *forum_backup(struct forum *f);

/*
 * Where snapshot failures go: fn is called with a message naming the file
 * and the reason (not sanitised: the caller sanitises what it shows).
 * Without fn the newest message waits for backup_notice().
 */
typedef void backup_notice_fn(void *ctx, const char *msg);
void backup_set_notice(struct forum *f, backup_notice_fn *fn, void *ctx);
/* The failure not yet collected, or NULL; caller frees. */
char *backup_notice(struct forum *f);

/*
 * Takes a snapshot of f now, due or not.  ST_OK: *name (caller frees) is
 * the new snapshot's name; ST_NOTHING: the file has not changed since the
 * newest snapshot, whose name *name receives.  Else *err (caller frees)
 * says why.  Merge and restore take one before they change the file.
 */
enum status backup_now(struct forum *f, char **name, char **err);

/* The snapshot folder of the forum at path: path + ".backups".  Caller
 * frees. */
char *backup_dir(const char *path);

struct backup_snapshot {
	char *name;        /* "2026-11-26T22-30-00Z.db" */
	char *path;        /* the file */
	int64_t time;      /* when taken, seconds since 1970 (UTC) */
	int64_t size;      /* bytes */
	int64_t proposals; /* live proposals; -1 if it cannot be read */
};

/*
 * The snapshots of the forum at path, newest first (index 1 in
 * `agora restore`).  None (no folder) is ST_OK with *n = 0.
 */
enum status backup_list(const char *path, struct backup_snapshot **out,
    size_t *n, char **err);
void backup_list_free(struct backup_snapshot *v, size_t n);

/*
 * Replaces the content of the forum at path with snapshot which (a name
 * from backup_list(), with or without ".db", or its index from 1; *restored,
 * caller frees, is its name).  The snapshot is checked first: an agora
 * forum (application_id, schema version), whole (quick_check), of this
 * same copy (copy id).  Then the current state is kept as a snapshot
 * (*before, caller frees: restoring it undoes the restore), and the
 * snapshot is copied into the file through the backup API inside SQLite's
 * locking, as one transaction: other sessions on the file see the restored
 * forum as they see any change, and a restore cut short changes nothing.
 * A forum file that no longer exists is made again (*before is NULL then),
 * unless a -wal or -shm of the old one is still beside it.  On failure
 * nothing is changed and *err (caller frees) says why.
 */
enum status backup_restore(const char *path, const char *which,
    char **restored, char **before, char **err);

#endif
