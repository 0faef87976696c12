/*
 * rows.h: the queries the interface's lists need that records.h does not
 * (yet) offer: a page of a session's proposals with their addressee
 * labels, counts per track and session, addressees in last-used order and
 * a filtered proposal search.  Pages, not whole tables: the lists are
 * virtual.  These belong in model/records.c; they live here only until
 * the model grows them (the tui otherwise talks to records.h alone).
 */
#ifndef AGORA_TUI_ROWS_H
#define AGORA_TUI_ROWS_H

#include <stddef.h>
#include <stdint.h>

#include "../model/records.h"

/* A proposal as a list shows it. */
struct prow {
	int64_t id, track_id, session_id;
	char *text, *author, *organisation;
	char *labels; /* "ОМСУ, Агентство" or "" */
	int status;
	int64_t votes_for, votes_against, votes_abstain;
};

void prow_free(struct prow *v, size_t n);

/* The filter of a proposal list; 0 / -1 / NULL mean "any". */
struct pfilter {
	int64_t track_id, session_id, addressee_id;
	int status;        /* enum proposal_status, or -1 */
	const char *words; /* every word must occur (case-insensitive) */
};

/* How many live proposals match. */
enum status rows_count(struct forum *f, const struct pfilter *q,
    size_t *count);
/* Rows offset..offset+limit-1 of the match, oldest first.  Caller frees
 * with prow_free(). */
enum status rows_page(struct forum *f, const struct pfilter *q,
    size_t offset, size_t limit, struct prow **out, size_t *n);
/* Live proposals of a track (session_id 0) or of a session. */
int64_t rows_count_in(struct forum *f, int64_t track_id, int64_t session_id);
/* Addressees, the most recently used first, then in their order. */
enum status rows_addressees_mru(struct forum *f, struct addressee **out,
    size_t *n);

#endif
