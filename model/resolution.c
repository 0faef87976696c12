/*
 * resolution.c: assembles the resolution from the file.
 *
 * The rules are PRODUCT.md's "The resolution": the parts in their order, a
 * numbered section per addressee that has accepted proposals (numbers close
 * the gaps), items numbered within each section in the order the
 * secretariat set, a proposal under each of its addressees, and the
 * recommendation wording for addressees the forum cannot direct, applied
 * here at assembly and never stored.  All strings of the document live in
 * one arena, freed at once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "records.h"
#include "resolution.h"
#include "text.h"
#include "util.h"

#define ARENA_CHUNK (64 * 1024)

struct arena_chunk {
	struct arena_chunk *next;
	size_t used;
	size_t size;
	char data[];
};

struct arena {
	struct arena_chunk *head;
};

/* n bytes from the arena, aligned for any object. */
static void *
arena_alloc(struct arena *a, size_t n)
{
	struct arena_chunk *c = a->head;
	size_t align = _Alignof(max_align_t);

	n = (n + align - 1) / align * align;
	if (c == NULL || c->size - c->used < n) {
		size_t size = n > ARENA_CHUNK ? n : ARENA_CHUNK;

		c = xmalloc(sizeof *c + size);
		c->next = a->head;
		c->used = 0;
		c->size = size;
		a->head = c;
	}
	c->used += n;
	return c->data + c->used - n;
}

static const char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static const char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

static void
arena_free(struct arena *a)
{
	struct arena_chunk *c, *next;

	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	a->head = NULL;
}

/* ---- dates ---- */

static const char *const months_genitive[] = {
	"января", "февраля", "марта", "апреля", "мая", "июня", "июля",
	"августа", "сентября", "октября", "ноября", "декабря"
};

/* Parses YYYY-MM-DD exactly; false if it is not a calendar date. */
static bool
date_parse(const char *iso, int *y, int *m, int *d)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
		30, 31 };
	int i, dim;

	if (iso == NULL || strlen(iso) != 10 || iso[4] != '-' || iso[7] != '-')
		return false;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (iso[i] < '0' || iso[i] > '9'))
			return false;
	*y = atoi(iso);
	*m = atoi(iso + 5);
	*d = atoi(iso + 8);
	if (*y < 1 || *m < 1 || *m > 12 || *d < 1)
		return false;
	dim = mdays[*m - 1];
	if (*m == 2 && ((*y % 4 == 0 && *y % 100 != 0) || *y % 400 == 0))
		dim = 29;
	return *d <= dim;
}

bool
date_valid(const char *iso)
{
	int y, m, d;

	return date_parse(iso, &y, &m, &d);
}

enum status
date_russian(const char *iso, char **out)
{
	int y, m, d;

	*out = NULL;
	if (!date_parse(iso, &y, &m, &d))
		return ST_INVALID;
	*out = xasprintf("%d %s %d г.", d, months_genitive[m - 1], y);
	return ST_OK;
}

/* ---- the recommendation rule ---- */

#define RECOMMEND "Рекомендовать"

char *
resolution_recommend(const char *text)
{
	struct buf b = {0}, folded = {0};
	size_t len = strlen(text), skip = 0;
	uint32_t c1, c2 = 0;
	size_t n1;

	while (skip < len && (text[skip] == ' ' || text[skip] == '\t'))
		skip++;
	text += skip;
	len -= skip;
	/* Already worded as a recommendation: never twice. */
	text_fold(&folded, text, len < 64 ? len : 64, true);
	if (strncmp(buf_str(&folded), "рекомендовать", strlen("рекомендовать"))
	    == 0) {
		buf_free(&folded);
		return xstrdup(text);
	}
	buf_free(&folded);
	buf_adds(&b, RECOMMEND " ");
	if (len == 0)
		return buf_steal(&b);
	n1 = text_decode(text, len, &c1);
	if (n1 < len)
		text_decode(text + n1, len - n1, &c2);
	/* Lower-case "Расширить", but keep "СМИ" and "Енисей"-like names? A
	 * capitalised first word followed by a lower-case letter is an
	 * ordinary verb at the start of a sentence; two capitals are an
	 * abbreviation and stay. */
	if (text_is_upper(c1) && !text_is_upper(c2))
		text_lower_first(&b, text, len);
	else
		buf_add(&b, text, len);
	return buf_steal(&b);
}

/* ---- assembly ---- */

struct builder {
	struct forum *f;
	struct resolution *r;
	size_t cap;
};

static struct doc_block *
block_add(struct builder *b, enum block_kind kind)
{
	struct resolution *r = b->r;
	struct doc_block *blk;

	if (r->nblocks == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 16;
		r->blocks = xreallocarray(r->blocks, b->cap, sizeof *r->blocks);
	}
	blk = &r->blocks[r->nblocks++];
	memset(blk, 0, sizeof *blk);
	blk->kind = kind;
	return blk;
}

static void
paragraph_add(struct builder *b, const char *text, bool lead_in)
{
	struct doc_block *blk;

	if (text == NULL || *text == '\0')
		return;
	blk = block_add(b, BLOCK_PARAGRAPH);
	blk->text = arena_strdup(b->r->arena, text);
	blk->lead_in = lead_in;
}

/* A numbered list "1." .. "n." of the texts. */
static void
list_add(struct builder *b, const char *const *texts, size_t n)
{
	struct doc_block *blk;
	size_t i;
	char num[32];

	if (n == 0)
		return;
	blk = block_add(b, BLOCK_LIST);
	blk->items = arena_alloc(b->r->arena, n * sizeof *blk->items);
	blk->nitems = n;
	for (i = 0; i < n; i++) {
		snprintf(num, sizeof num, "%zu.", i + 1);
		blk->items[i] = (struct doc_item){
			.number = arena_strdup(b->r->arena, num),
			.text = arena_strdup(b->r->arena, texts[i]),
		};
	}
}

static enum status
add_paragraphs(struct builder *b, int part)
{
	struct text_rec *t;
	size_t n, i;
	enum status s;

	if ((s = paragraph_list(b->f, part, &t, &n)) != ST_OK)
		return s;
	for (i = 0; i < n; i++)
		paragraph_add(b, t[i].text, false);
	text_rec_free(t, n);
	return ST_OK;
}

static enum status
add_groups_and_themes(struct builder *b, const struct forum_info *fi)
{
	struct text_rec *g;
	struct track *t;
	const char **texts;
	size_t n, i;
	enum status s;

	if ((s = group_list(b->f, &g, &n)) != ST_OK)
		return s;
	if (n > 0) {
		paragraph_add(b, fi->participants_intro, false);
		texts = xcalloc(n, sizeof *texts);
		for (i = 0; i < n; i++)
			texts[i] = g[i].text;
		list_add(b, texts, n);
		free(texts);
	}
	text_rec_free(g, n);

	if ((s = track_list(b->f, &t, &n)) != ST_OK)
		return s;
	if (n > 0) {
		paragraph_add(b, fi->themes_intro, false);
		texts = xcalloc(n, sizeof *texts);
		for (i = 0; i < n; i++)
			texts[i] = t[i].title;
		list_add(b, texts, n);
		free(texts);
	}
	track_free(t, n);
	return ST_OK;
}

/* "heading:" in the arena. */
static const char *
heading_text(struct arena *a, const char *h)
{
	size_t n = strlen(h);
	char *t = arena_alloc(a, n + 2);

	memcpy(t, h, n);
	t[n] = ':';
	t[n + 1] = '\0';
	return t;
}

/* Ends the current section: copies its items into the arena. */
static void
section_close(struct builder *b, struct doc_block *sec, struct doc_item *items,
    size_t n)
{
	sec->items = arena_alloc(b->r->arena, n * sizeof *items);
	memcpy(sec->items, items, n * sizeof *items);
	sec->nitems = n;
	b->r->nproposals += n;
}

/*
 * The sections: one query over the links, ordered by addressee and by each
 * item's place under it.  Only live, accepted proposals and live links
 * count; an addressee with none gets no section, so numbers close the gap.
 */
static enum status
add_sections(struct builder *b)
{
	sqlite3_stmt *st = forum_stmt(b->f, "SELECT a.id, a.heading, "
	    "a.recommend, p.id, p.uuid, p.text FROM addressee a "
	    "JOIN proposal_addressee l ON l.addressee_id = a.id "
	    "AND l.deleted = 0 JOIN proposal p ON p.id = l.proposal_id "
	    "AND p.deleted = 0 AND p.status = 1 WHERE a.deleted = 0 "
	    "ORDER BY a.pos, a.id, l.pos, l.id");
	struct arena *ar = b->r->arena;
	struct doc_item *items = NULL;
	size_t nitems = 0, cap = 0, nsec = 0;
	size_t sec = SIZE_MAX; /* index of the open section's block */
	int64_t cur = 0;
	bool recommend = false;
	char num[48];
	int rc;

	if (st == NULL)
		return ST_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t aid = sqlite3_column_int64(st, 0);
		const char *text = (const char *)sqlite3_column_text(st, 5);
		const char *uuid = (const char *)sqlite3_column_text(st, 4);
		struct doc_item *it;

		if (aid != cur) {
			struct doc_block *blk;
			const char *h = (const char *)sqlite3_column_text(st, 1);

			if (sec != SIZE_MAX)
				section_close(b, &b->r->blocks[sec], items,
				    nitems);
			nitems = 0;
			cur = aid;
			blk = block_add(b, BLOCK_SECTION);
			sec = (size_t)(blk - b->r->blocks);
			snprintf(num, sizeof num, "%zu.", ++nsec);
			blk->number = arena_strdup(ar, num);
			blk->text = heading_text(ar, h ? h : "");
			blk->addressee_id = aid;
			recommend = sqlite3_column_int(st, 2) != 0;
		}
		if (nitems == cap) {
			cap = cap ? cap * 2 : 64;
			items = xreallocarray(items, cap, sizeof *items);
		}
		it = &items[nitems++];
		snprintf(num, sizeof num, "%zu.%zu.", nsec, nitems);
		it->number = arena_strdup(ar, num);
		if (recommend) {
			char *t = resolution_recommend(text ? text : "");

			it->text = arena_strdup(ar, t);
			free(t);
		} else
			it->text = arena_strdup(ar, text ? text : "");
		it->proposal_id = sqlite3_column_int64(st, 3);
		it->proposal_uuid = arena_strdup(ar, uuid ? uuid : "");
	}
	sqlite3_reset(st);
	if (sec != SIZE_MAX)
		section_close(b, &b->r->blocks[sec], items, nitems);
	free(items);
	if (rc != SQLITE_DONE)
		return forum_sqlerr(b->f, rc, "assemble the resolution");
	return ST_OK;
}

enum status
resolution_assemble(struct forum *f, struct resolution **out)
{
	struct builder b = { .f = f };
	struct forum_info fi;
	struct doc_block *blk;
	struct resolution *r;
	enum status s;
	char *date = NULL;
	bool own;

	*out = NULL;
	if ((s = forum_info_get(f, &fi)) != ST_OK)
		return s;
	r = xcalloc(1, sizeof *r);
	r->arena = xcalloc(1, sizeof *r->arena);
	b.r = r;
	/* One read transaction: the document is one consistent snapshot. */
	own = sqlite3_get_autocommit(forum_db(f)) != 0;
	if (own)
		sqlite3_exec(forum_db(f), "BEGIN", NULL, NULL, NULL);

	r->title = arena_strdup(r->arena, fi.resolution_title);
	r->date_iso = arena_strdup(r->arena, fi.doc_date);
	r->draft = !fi.final;
	if (r->draft) {
		blk = block_add(&b, BLOCK_DRAFT);
		blk->text = arena_strdup(r->arena, "ПРОЕКТ");
	}
	blk = block_add(&b, BLOCK_TITLE);
	blk->text = r->title;
	if (*fi.city != '\0' || *fi.doc_date != '\0') {
		blk = block_add(&b, BLOCK_PLACE);
		blk->place = arena_strdup(r->arena, fi.city);
		if (date_russian(fi.doc_date, &date) == ST_OK)
			blk->date = arena_strdup(r->arena, date);
		else
			blk->date = arena_strdup(r->arena, fi.doc_date);
		free(date);
	}
	s = add_paragraphs(&b, PARA_OPENING);
	if (s == ST_OK)
		s = add_groups_and_themes(&b, &fi);
	if (s == ST_OK)
		s = add_paragraphs(&b, PARA_CLOSING);
	if (s == ST_OK) {
		paragraph_add(&b, fi.lead_in, true);
		s = add_sections(&b);
	}
	if (own)
		sqlite3_exec(forum_db(f), "COMMIT", NULL, NULL, NULL);
	forum_info_free(&fi);
	if (s != ST_OK) {
		resolution_free(r);
		return s;
	}
	*out = r;
	return ST_OK;
}

void
resolution_free(struct resolution *r)
{
	if (r == NULL)
		return;
	arena_free(r->arena);
	free(r->arena);
	free(r->blocks);
	free(r);
}

char *
resolution_numbers_of(const struct resolution *r, int64_t proposal_id)
{
	struct buf b = {0};
	size_t i, j;

	for (i = 0; i < r->nblocks; i++) {
		const struct doc_block *blk = &r->blocks[i];

		if (blk->kind != BLOCK_SECTION)
			continue;
		for (j = 0; j < blk->nitems; j++) {
			if (blk->items[j].proposal_id != proposal_id)
				continue;
			if (b.len > 0)
				buf_adds(&b, ", ");
			buf_adds(&b, blk->items[j].number);
		}
	}
	return b.len > 0 ? buf_steal(&b) : NULL;
}
