/*
 * resolution.h: the resolution assembler.  Reads the forum and builds a
 * format-independent document tree following PRODUCT.md "The resolution":
 * title, place and date, the preamble, the numbered participant groups and
 * key themes, further paragraphs and the lead-in, then the proposals in
 * numbered sections by addressee.  Numbers are computed here and nowhere
 * else; every exporter renders this tree and none reads the file itself.
 */
#ifndef AGORA_RESOLUTION_H
#define AGORA_RESOLUTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "forum.h"

enum block_kind {
	BLOCK_DRAFT,     /* the draft mark, text "ПРОЕКТ" */
	BLOCK_TITLE,     /* text */
	BLOCK_PLACE,     /* place (left) and date (right) */
	BLOCK_PARAGRAPH, /* text: a body paragraph */
	BLOCK_LIST,      /* numbered items: "1." text */
	BLOCK_SECTION    /* "N. heading:" then items "N.M." text */
};

struct doc_item {
	const char *number; /* "1." or "1.10." */
	const char *text;   /* as printed ("Рекомендовать ..." applied) */
	int64_t proposal_id; /* 0 outside sections */
	const char *proposal_uuid; /* NULL outside sections */
};

struct doc_block {
	enum block_kind kind;
	const char *text;   /* TITLE, PARAGRAPH, DRAFT; SECTION: heading with ':' */
	const char *number; /* SECTION: "3." */
	const char *place;  /* PLACE */
	const char *date;   /* PLACE: «30 января 2018 г.» */
	struct doc_item *items;
	size_t nitems;
	int64_t addressee_id; /* SECTION */
	bool lead_in;         /* PARAGRAPH: the sentence before the sections */
};

/*
 * The document.  All strings live in the document's arena and are freed by
 * resolution_free().
 */
struct resolution {
	const char *title; /* for document properties */
	const char *date_iso;
	bool draft;
	struct doc_block *blocks;
	size_t nblocks;
	size_t nproposals; /* items in sections */
	struct arena *arena;
};

enum status resolution_assemble(struct forum *f, struct resolution **out);
void resolution_free(struct resolution *r);

/*
 * Where a proposal stands: writes its numbers ("1.3.", "3.4.") into a new
 * string joined with ", " (caller frees), or NULL if it is not in the
 * document.
 */
char *resolution_numbers_of(const struct resolution *r, int64_t proposal_id);

/*
 * Where proposal pid stands, without assembling the document: the numbers
 * resolution_numbers_of() would give it in the document
 * resolution_assemble() would build now ("1.3., 3.4."; caller frees *out),
 * with *in_draft (if not NULL) true.  A proposal that is live and tagged
 * but not in the document (not accepted yet) gets the numbers it would
 * take were it accepted now, all else the same, and *in_draft false.
 * *out is NULL for a deleted or missing proposal and for one with no live
 * addressee.
 *
 * A few COUNT queries on the indexes of proposal_addressee per addressee
 * of the proposal, instead of the whole assembly: the capture screen shows
 * "→ 3.5" at once at 100,000 proposals, where assembling takes a third of
 * a second.
 */
enum status resolution_numbers_for(struct forum *f, int64_t pid, char **out,
    bool *in_draft);

/*
 * «30 января 2018 г.» from "2018-01-30"; ST_INVALID for anything but a real
 * calendar date.  Caller frees *out.
 */
enum status date_russian(const char *iso, char **out);
/* True if iso is a valid YYYY-MM-DD calendar date. */
bool date_valid(const char *iso);

/* The recommendation rule: the text as printed under an addressee with the
 * "recommend" flag.  Caller frees. */
char *resolution_recommend(const char *text);

#endif
