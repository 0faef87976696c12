/*
 * session_log.h: what running a session writes and reads beyond the
 * records themselves: the times a session started and ended, the summary
 * of its proposals and votes, and the people already named as authors in
 * the file (for the speaker queue).
 */
#ifndef AGORA_SESSION_LOG_H
#define AGORA_SESSION_LOG_H

#include <stddef.h>
#include <stdint.h>

#include "forum.h"
#include "records.h"

/*
 * Records that session id starts now: its start time, unless it has one,
 * and the state "open" (an end time is cleared: the session goes on).
 * Sets *changed if anything was written.  Takes part in the current action
 * or writes outside the undo log: it is bookkeeping, and must not take the
 * moderator's Ctrl-Z away from the proposal just captured.
 */
enum status session_log_start(struct forum *f, int64_t id, bool *changed);
/* Records that session id ends now: the state "closed" and the end time
 * (and a start time, if it had none).  An action of its own or the
 * current one ("close the session"). */
enum status session_log_close(struct forum *f, int64_t id);

/* The live proposals of a track (session_id 0: all of its sessions) or of
 * one session, and their votes. */
struct session_summary {
	int64_t total;
	int64_t by_status[4]; /* indexed by enum proposal_status */
	int64_t voted;        /* proposals with any vote recorded */
	int64_t votes_for, votes_against, votes_abstain;
};

enum status session_summary_get(struct forum *f, int64_t track_id,
    int64_t session_id, struct session_summary *out);

/* A person named as an author, with an organisation they came with. */
struct author {
	char *name;
	char *organisation; /* "" if none */
	int64_t count;      /* live proposals under this name and organisation */
};

/*
 * The distinct (author, organisation) pairs of the live proposals, the
 * most recently written first; at most limit (0: no limit).  Caller frees
 * with author_free().
 */
enum status author_list(struct forum *f, size_t limit, struct author **out,
    size_t *n);
void author_free(struct author *v, size_t n);

#endif
