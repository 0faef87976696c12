/*
 * records.h: the forum's records.  Every record has an integer id (local to
 * this file), a UUID (the same in every copy), created and updated times in
 * milliseconds, the id of the copy that last wrote it, and a tombstone flag:
 * nothing is ever deleted, only marked.
 *
 * Lists come back as arrays the caller frees with the matching *_free()
 * function; strings in records are owned by the record.  Every function that
 * writes takes part in the current action, or makes one (forum.h).
 *
 * Names: tracks and addressees can be named by short label, by a unique
 * prefix of label or heading (case-insensitive, ё = е), or by UUID; see
 * track_find() and addressee_find().
 */
#ifndef AGORA_RECORDS_H
#define AGORA_RECORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "forum.h"

/*
 * The largest value, in bytes of UTF-8, that a field of each kind takes
 * (docs/TRUST.md "Limits").  Every write through this module checks them
 * and refuses a larger value with ST_TOOBIG, naming the field and the
 * limit: a proposal pasted from a book, or a file made to fill a disk,
 * stops here.  Far above what a forum needs: 64 KiB is some 30,000
 * Cyrillic letters, a dozen printed pages.
 */
#define LIMIT_NAME 1024         /* labels, author, organisation, moderator,
                                   city, room, dates and times */
#define LIMIT_HEADING 4096      /* titles; addressee headings */
#define LIMIT_TEXT 65536        /* a proposal's text; its note */
#define LIMIT_PARAGRAPH 65536   /* preamble paragraphs, participant groups,
                                   the introductions and the lead-in */

/*
 * ST_OK if value (NULL counts as "") is at most limit bytes; else
 * ST_TOOBIG with "FIELD is too long: N bytes; the limit is L bytes (K
 * KiB)" in forum_error(f).
 */
enum status record_check_size(struct forum *f, const char *field,
    const char *value, size_t limit);
/* The same message for a value that is over the limit, or NULL if it is
 * not (for the command line, before a file is opened).  Caller frees. */
char *record_size_error(const char *field, const char *value, size_t limit);

struct rec {
	int64_t id;
	char uuid[37];
	int64_t created;
	int64_t updated;
	char copy[37];
	bool deleted;
};

/* The forum record: one per file. */
struct forum_info {
	struct rec rec;
	char *title;            /* "IX Гражданский форум" */
	char *resolution_title; /* "Резолюция IX Гражданского форума." (stored) */
	char *city;             /* as printed: "Г. Красноярск" */
	char *start_date;       /* YYYY-MM-DD or "" */
	char *end_date;
	char *doc_date;           /* the document's date, YYYY-MM-DD or "" */
	char *participants_intro; /* "В работе Форума приняли участие:" */
	char *themes_intro;       /* "Ключевыми темами для обсуждения ..." */
	char *lead_in;            /* "По итогам работы ... предложения:" */
	bool final;               /* false: the document is a draft (ПРОЕКТ) */
};

enum status forum_info_get(struct forum *f, struct forum_info *out);
/* Writes every field of in (rec is ignored but for nothing). */
enum status forum_info_set(struct forum *f, const struct forum_info *in);
void forum_info_free(struct forum_info *fi);

/* Paragraphs of the preamble: before the participant groups, or after the
 * key themes and before the lead-in. */
enum para_part { PARA_OPENING = 1, PARA_CLOSING = 2 };

/* An ordered text record: paragraphs and participant groups. */
struct text_rec {
	struct rec rec;
	int64_t pos;
	int part; /* enum para_part for paragraphs; 0 for groups */
	char *text;
};

/* part: PARA_OPENING or PARA_CLOSING.  Appended at the end. */
enum status paragraph_insert(struct forum *f, int part, const char *text,
    int64_t *id);
enum status paragraph_list(struct forum *f, int part, struct text_rec **out,
    size_t *n);
enum status group_insert(struct forum *f, const char *text, int64_t *id);
enum status group_list(struct forum *f, struct text_rec **out, size_t *n);
/* For both kinds: */
enum status text_rec_update(struct forum *f, const char *table, int64_t id,
    const char *text);
/* Marks a paragraph or group deleted ("paragraph", "participant_group"). */
enum status text_rec_delete(struct forum *f, const char *table, int64_t id);
void text_rec_free(struct text_rec *v, size_t n);

struct track {
	struct rec rec;
	int64_t pos;
	char *title; /* the key theme, as printed in the resolution */
	char *label; /* short name for lists and the command line */
	char *moderator;
};

enum status track_insert(struct forum *f, struct track *t); /* sets rec */
enum status track_update(struct forum *f, const struct track *t);
enum status track_list(struct forum *f, struct track **out, size_t *n);
enum status track_get(struct forum *f, int64_t id, struct track *out);
void track_free(struct track *v, size_t n);
void track_clear(struct track *t);

enum session_state { SESSION_PLANNED, SESSION_OPEN, SESSION_CLOSED };

struct session {
	struct rec rec;
	int64_t track_id;
	int64_t pos;
	char *title; /* "Сессия 1" */
	char *date;  /* YYYY-MM-DD or "" */
	char *time;  /* HH:MM or "" */
	char *room;
	int state; /* enum session_state */
	int64_t started; /* when its clock first ran (ms since the epoch);
	                  * 0: not yet */
	int64_t ended;   /* when it was closed; 0: not closed */
};

enum status session_insert(struct forum *f, struct session *s);
enum status session_update(struct forum *f, const struct session *s);
/* Sessions of one track (track_id > 0) or of all tracks (0). */
enum status session_list(struct forum *f, int64_t track_id,
    struct session **out, size_t *n);
void session_free(struct session *v, size_t n);
/* Session id, whatever its tombstone.  Free with session_clear(). */
enum status session_get(struct forum *f, int64_t id, struct session *out);
void session_clear(struct session *s);
const char *session_state_name(int state);
int session_state_parse(const char *name); /* -1 if unknown */

struct addressee {
	struct rec rec;
	int64_t pos;
	char *heading; /* dative case, no trailing colon */
	char *label;   /* short: "ОМСУ" */
	bool recommend;
};

enum status addressee_insert(struct forum *f, struct addressee *a);
enum status addressee_update(struct forum *f, const struct addressee *a);
enum status addressee_list(struct forum *f, struct addressee **out,
    size_t *n);
enum status addressee_get(struct forum *f, int64_t id, struct addressee *out);
/*
 * Merges addressee gone_id into keep_id, in one action: each live link of
 * gone goes to keep, at the end of keep's items in gone's order, unless
 * the proposal is under keep already (then gone's link is marked deleted);
 * gone is marked deleted.  *moved (may be NULL): the links that went to
 * keep.  ST_INVALID if the two are one; ST_NOTFOUND if either is not live.
 */
enum status addressee_merge(struct forum *f, int64_t keep_id, int64_t gone_id,
    size_t *moved);
/* The live proposals tagged with addressee aid. */
enum status addressee_link_count(struct forum *f, int64_t aid,
    int64_t *count);
void addressee_free(struct addressee *v, size_t n);
void addressee_clear(struct addressee *a);

enum proposal_status {
	PROPOSAL_NEW,
	PROPOSAL_ACCEPTED,
	PROPOSAL_REJECTED,
	PROPOSAL_MERGED
};

struct proposal {
	struct rec rec;
	int64_t track_id;
	int64_t session_id; /* 0 if none */
	char *text;
	char *author;       /* "" if none */
	char *organisation; /* "" if none */
	int status;         /* enum proposal_status */
	int64_t merged_into; /* proposal id when PROPOSAL_MERGED, else 0 */
	int64_t votes_for, votes_against, votes_abstain;
	char *note;
};

/* Inserts p (and its first revision); sets p->rec. */
enum status proposal_insert(struct forum *f, struct proposal *p);
/* Writes every field; a changed text adds a revision. */
enum status proposal_update(struct forum *f, const struct proposal *p);
enum status proposal_get(struct forum *f, int64_t id, struct proposal *out);
/* Marks the proposal (and its addressee links) deleted. */
enum status proposal_delete(struct forum *f, int64_t id);
/* Frees an array of n proposals; proposal_clear() frees one's fields. */
void proposal_free(struct proposal *v, size_t n);
void proposal_clear(struct proposal *p);
const char *proposal_status_name(int status); /* "new", "accepted", ... */
int proposal_status_parse(const char *name);  /* -1 if unknown */

/* Tags proposal pid with addressee aid, at the end of that addressee's
 * items (no change if already tagged). */
enum status proposal_tag(struct forum *f, int64_t pid, int64_t aid);
enum status proposal_untag(struct forum *f, int64_t pid, int64_t aid);
/* The addressee ids of a proposal, in addressee order.  Caller frees. */
enum status proposal_addressees(struct forum *f, int64_t pid, int64_t **ids,
    size_t *n);

/* A proposal as it stands under an addressee: its link and its place. */
struct addressee_item {
	int64_t link_id;     /* the proposal_addressee record, for record_move() */
	int64_t proposal_id;
	int status;          /* enum proposal_status */
	char *text;
};

/* The live proposals tagged with addressee aid, in their order under it
 * (the link's pos, then id), whatever their status.  Caller frees with
 * addressee_items_free(). */
enum status addressee_items(struct forum *f, int64_t aid,
    struct addressee_item **out, size_t *n);
void addressee_items_free(struct addressee_item *v, size_t n);

/* A proposal's text history, oldest first. */
struct revision {
	char uuid[37];
	int64_t time;
	char copy[37];
	char *text;
};
enum status revision_list(struct forum *f, int64_t pid, struct revision **out,
    size_t *n);
void revision_free(struct revision *v, size_t n);

/* Moves a record of an ordered table to position pos (1-based) among the
 * live ones, renumbering the others. */
enum status record_move(struct forum *f, const char *table, int64_t id,
    int64_t pos);

/*
 * Finds a track (addressee) by name: an exact label, an exact UUID, or a
 * unique case-insensitive prefix of label or heading/title.  ST_NOTFOUND or
 * ST_AMBIGUOUS with the candidates listed in forum_error().
 */
enum status track_find(struct forum *f, const char *name, int64_t *id);
enum status addressee_find(struct forum *f, const char *name, int64_t *id);

/* Counts for `agora info` and the statistics screen. */
struct count_row {
	char *name;
	int64_t count;
};
struct forum_counts {
	struct count_row *by_track;
	size_t ntrack;
	struct count_row *by_addressee;
	size_t naddressee;
	int64_t by_status[4]; /* indexed by enum proposal_status */
	int64_t total;
};
enum status forum_counts_get(struct forum *f, struct forum_counts *out);
void forum_counts_free(struct forum_counts *c);

#endif
