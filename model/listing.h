/*
 * listing.h: what the interface's lists show, a page at a time: a
 * session's proposals with their addressees' labels, the number of live
 * proposals per track and session, and the addressees in the order they
 * were last used.  Pages, never whole tables: the lists are virtual
 * (tui/list.h), so a list of 100,000 proposals costs what a screenful
 * costs, and nothing here reads every proposal.
 */
#ifndef AGORA_LISTING_H
#define AGORA_LISTING_H

#include <stddef.h>
#include <stdint.h>

#include "forum.h"
#include "records.h"

/*
 * Which proposals a list shows: every live one (track_id 0), a track's
 * (session_id 0) or a session's.  Searching by words, addressee or status
 * is search_fulltext()'s (search.h).
 */
struct listing_filter {
	int64_t track_id;
	int64_t session_id;
};

/* A proposal as a list shows it.  Strings owned by the row. */
struct listing_row {
	int64_t id, track_id, session_id;
	char *text, *author, *organisation;
	char *labels; /* its live addressees' labels in addressee order,
	               * ", " between them; "" if none */
	int status;   /* enum proposal_status */
	int64_t votes_for, votes_against, votes_abstain;
};

/* How many live proposals q lets through. */
enum status listing_count(struct forum *f, const struct listing_filter *q,
    size_t *count);

/*
 * Rows offset .. offset + limit - 1 of the live proposals q lets through,
 * in the order they were made (created, then id).  *out (caller frees with
 * listing_rows_free()) and *n are set even when empty.
 */
enum status listing_page(struct forum *f, const struct listing_filter *q,
    size_t offset, size_t limit, struct listing_row **out, size_t *n);
void listing_rows_free(struct listing_row *v, size_t n);

/*
 * Where proposal pid stands in that order: its row number, from 0, into
 * *index; ST_NOTFOUND if q does not let it through.
 */
enum status listing_index(struct forum *f, const struct listing_filter *q,
    int64_t pid, size_t *index);

/* The number of live proposals of a track's session (session_id 0: of
 * the track but of no session). */
struct listing_tally {
	int64_t track_id, session_id;
	int64_t count;
};

/*
 * One row per (track, session) with live proposals, by track_id then
 * session_id.  One aggregate over the index proposal_track (its rows'
 * deleted flags are read too: the index does not hold them).  Caller
 * frees *out.
 */
enum status listing_tallies(struct forum *f, struct listing_tally **out,
    size_t *n);
/* Sums of tallies: a track's (session_id < 0: all its sessions), or a
 * session's. */
int64_t listing_tally_sum(const struct listing_tally *v, size_t n,
    int64_t track_id, int64_t session_id);

/*
 * The live addressees, those tagged most recently first (the time of the
 * last link in each one's order: proposal_tag() appends there), then the
 * never used ones in their order.  Caller frees with addressee_free().
 */
enum status listing_addressees_recent(struct forum *f, struct addressee **out,
    size_t *n);

#endif
