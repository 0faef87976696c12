/*
 * draft.h: the text being typed, kept beside the forum so that a crash or
 * a dead battery loses at most the last second of typing.
 *
 * The draft is a small side file, FILE.draft-USER, one per user of the
 * forum file (the user whose undo history the forum keeps: $USER, else
 * $LOGNAME, else the uid), written whole each time: to a temporary file
 * beside it, flushed to the disk and renamed over it, so that it is the
 * old draft or the new one, never half of one.  A side file and not a
 * table of the forum: writing it takes none of the forum's locks, so
 * keeping a draft every second never makes another moderator's save wait,
 * and it works while the forum is busy or was left half-written by a
 * crash (its -wal is recovered on the next open; the draft needs nothing).
 *
 * The file is the user's own (mode 0600); one written by another user, or
 * that is not a regular file, is never read.  Its text comes back as it
 * was typed: the editor filters it as it filters what is typed.
 */
#ifndef AGORA_DRAFT_H
#define AGORA_DRAFT_H

#include <stdint.h>

#include "forum.h"

/* The largest text a draft keeps (the editor may hold more than a
 * proposal may: it is refused when saved, and kept here meanwhile). */
#define DRAFT_MAX_TEXT ((size_t)4 << 20)

struct draft {
	int64_t time;       /* when it was written: ms since the epoch */
	int64_t track_id;   /* where it was typed */
	int64_t session_id; /* 0: none */
	int64_t editing_id; /* the proposal whose text it edits; 0: new */
	char *text;         /* owned: draft_free() */
};

/* The draft's file for the forum at path and this user.  Caller frees. */
char *draft_path(const char *path);

/*
 * Writes d as this user's draft of f: temporary file, fsync, rename, and
 * the directory flushed.  A text longer than DRAFT_MAX_TEXT is ST_TOOBIG.
 * On failure the old draft is left as it was, no temporary file stays,
 * and forum_error(f) says why.
 */
enum status draft_save(struct forum *f, const struct draft *d);

/*
 * Reads this user's draft of f into *out (draft_free() it).  ST_NOTFOUND:
 * there is none (or it is empty); ST_BUSY: another agora of this user,
 * still running on this host, keeps it (it is that one's text, not an
 * unsaved one); ST_CORRUPT: the file is not a draft of this forum, or not
 * this user's (left alone).  Removes the temporary files of drafts whose
 * writer was killed between writing and renaming.
 */
enum status draft_load(struct forum *f, struct draft *out);

/* Removes this user's draft of f (none is no error). */
enum status draft_clear(struct forum *f);

void draft_free(struct draft *d);

/* When a draft was written, for a person: "14:05" in local time, or
 * "2018-01-29 14:05" if not today.  Into out. */
void draft_clock(int64_t ms, char out[32]);

#endif
