/*
 * import_text.h: an earlier resolution, read from plain text or from a
 * Word document's paragraphs into its parts (restext_parse*()), for
 * import_text() and import_paragraphs() (import.h) and the fuzz harnesses.
 *
 * The text is cut into paragraphs: in plain text a line each, blank lines
 * apart; a text wrapped at a fixed width (as `agora export` writes it:
 * every line at most 200 columns, most of the long ones near the widest)
 * has its wrapped lines joined again, a line continuing the one before
 * when its first word would not have fitted there (and, after a numbered
 * line, when it is indented under it).  A Word paragraph is a paragraph;
 * one holding line breaks is cut where a numbered line follows one.
 *
 * A paragraph may start with a number: "N." or "N)" (level 1) or "N.M."
 * (level 2, the final dot optional), with any spacing after it or none
 * ("1.Создание", tabs, no-break spaces).  The proposals start at the first
 * level-1 paragraph followed by a level-2 one: "N. <heading>:" is an
 * addressee, "N.M. <text>" an item under it.  Before them:
 *
 *   - «ПРОЕКТ» first: the document is a draft;
 *   - the first paragraph: the title; a paragraph ending in a date
 *     («30 января 2018г.», «30 января 2018 г.», «30.01.2018») gives the
 *     place (what stands before the date) and the document's date;
 *   - a run of level-1 paragraphs is a list, and the paragraph before it
 *     that ends with ':' its introduction: the participant groups («…
 *     участие:») or the key themes («…темами…:»), else the first list the
 *     groups and the second the themes;
 *   - the last paragraph before the proposals, when it ends with ':', is
 *     the lead-in;
 *   - any other paragraph is an opening paragraph (before the lists) or a
 *     closing one (after them).
 *
 * Among the proposals, an item numbered under another heading than the one
 * it stands under, an empty item or heading, or a level-1 line that is
 * neither heading nor item is a bad line (IMPORT_BAD in the document's
 * messages, left out); other text there is ignored with a note.
 */
#ifndef AGORA_IMPORT_TEXT_H
#define AGORA_IMPORT_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "import.h"
#include "status.h"

struct restext_item {
	char *text;
	int64_t line, col;
};

struct restext_section {
	char *heading;        /* without its number and colon */
	int64_t line, col;
	struct restext_item *items;
	size_t nitems;
	bool recommend_words; /* every item starts «Рекомендовать » */
};

struct restext_list {
	char **items;
	size_t n;
};

struct restext_doc {
	bool draft;
	char *title;              /* "" if none */
	char *city;               /* "" if none */
	char *date;               /* YYYY-MM-DD or "" */
	struct restext_list opening;
	char *participants_intro; /* NULL if there is no list of groups */
	struct restext_list groups;
	char *themes_intro;       /* NULL if there is no list of themes */
	struct restext_list themes;
	struct restext_list closing;
	char *lead_in;            /* "" if none */
	struct restext_section *sections;
	size_t nsections;
	struct import_report notes; /* bad lines and notes (msgs, bad) */
};

/* Reads the plain text at data.  Free *out with restext_doc_free() (also
 * after a failure); *err (caller frees) is "LINE:COLUMN: reason". */
enum status restext_parse(const char *data, size_t len,
    struct restext_doc *out, char **err);
/* The same for a document's paragraphs (valid UTF-8 each). */
enum status restext_parse_paras(const struct import_para *p, size_t n,
    struct restext_doc *out, char **err);
void restext_doc_free(struct restext_doc *d);

/*
 * The text an item of a recommending addressee is stored with: without
 * its «Рекомендовать», the next word capitalised, when the assembler's
 * resolution_recommend() gives text back exactly from it.  NULL if not.
 * Caller frees.
 */
char *restext_unrecommend(const char *text);

#endif
