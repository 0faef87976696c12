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

#include "i18n.h"
#include "records.h"
#include "resolution.h"
#include "text.h"
#include "util.h"

#define ARENA_CHUNK ((size_t)64 * 1024)

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

/* The value of the n decimal digits at s (the caller checked them). */
static int
digits_value(const char *s, int n)
{
	int v = 0;

	while (n-- > 0)
		v = v * 10 + (*s++ - '0');
	return v;
}

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
	*y = digits_value(iso, 4);
	*m = digits_value(iso + 5, 2);
	*d = digits_value(iso + 8, 2);
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
	static const char word[] = "рекомендовать";
	struct buf b = {0}, folded = {0};
	size_t len = strlen(text), skip = 0, wl = sizeof word - 1;
	uint32_t c1, c2 = 0;
	size_t n1;
	bool already;

	while (skip < len && (text[skip] == ' ' || text[skip] == '\t'))
		skip++;
	text += skip;
	len -= skip;
	if (len == 0)
		return xstrdup("");
	/*
	 * Already worded as a recommendation (the whole word, in any case):
	 * never twice, but give it its capital.  "Рекомендовательный" is
	 * another word and gets the prefix.
	 */
	text_fold(&folded, text, len < 64 ? len : 64, true);
	already = strncmp(buf_str(&folded), word, wl) == 0 &&
	    (folded.len == wl || folded.data[wl] == ' ' ||
	    folded.data[wl] == ',' || folded.data[wl] == '\n');
	buf_free(&folded);
	if (already) {
		buf_adds(&b, RECOMMEND);
		buf_add(&b, text + strlen(RECOMMEND), len - strlen(RECOMMEND));
		return buf_steal(&b);
	}
	buf_adds(&b, RECOMMEND " ");
	n1 = text_decode(text, len, &c1);
	if (n1 < len)
		text_decode(text + n1, len - n1, &c2);
	/*
	 * "Расширить" is an ordinary verb at the start of a sentence and
	 * loses its capital; "СМИ" (two capitals) is an abbreviation and
	 * keeps it.
	 */
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

/*
 * An item while the sections are gathered, with what places it: its
 * addressee's index in document order, and its link's position and id under
 * that addressee.
 */
struct placed_item {
	size_t addressee;
	int64_t pos;
	int64_t link;
	int64_t proposal_id;
	const char *text;
	const char *uuid;
};

/* Document order: by addressee, then by the items' order under it. */
static int
placed_cmp(const void *x, const void *y)
{
	const struct placed_item *a = x, *b = y;

	if (a->addressee != b->addressee)
		return a->addressee < b->addressee ? -1 : 1;
	if (a->pos != b->pos)
		return a->pos < b->pos ? -1 : 1;
	if (a->link != b->link)
		return a->link < b->link ? -1 : 1;
	return 0;
}

/* An addressee's id and its index in document order, to look up by id. */
struct addressee_key {
	int64_t id;
	size_t index;
};

static int
addressee_key_cmp(const void *x, const void *y)
{
	const struct addressee_key *a = x, *b = y;

	return a->id < b->id ? -1 : a->id > b->id;
}

/*
 * The sections: one per live addressee with live links to live, accepted
 * proposals, in the addressees' order, the items in the order set under
 * each; an addressee with none gets no section, so numbers close the gap.
 *
 * The rows come from one pass over the proposals in the order they are
 * stored (CROSS JOIN keeps the proposal table outside), and are put in
 * document order here.  Reading them in document order instead, addressee
 * by addressee, visits the proposal table's pages at random, each many
 * times over once the table outgrows SQLite's page cache: at 100,000
 * proposals that was most of the export's time.
 */
static enum status
add_sections(struct builder *b)
{
	sqlite3_stmt *st;
	struct arena *ar = b->r->arena;
	struct addressee *a;
	struct addressee_key *keys, *k, key;
	struct placed_item *v = NULL;
	size_t na, n = 0, cap = 0, i, j, m, nsec = 0;
	enum status s;
	char num[48];
	int rc;

	if ((s = addressee_list(b->f, &a, &na)) != ST_OK)
		return s;
	keys = xcalloc(na ? na : 1, sizeof *keys);
	for (i = 0; i < na; i++)
		keys[i] = (struct addressee_key){ a[i].rec.id, i };
	qsort(keys, na, sizeof *keys, addressee_key_cmp);

	st = forum_stmt(b->f, "SELECT l.addressee_id, l.pos, l.id, p.id, "
	    "p.uuid, p.text FROM proposal p CROSS JOIN proposal_addressee l "
	    "ON l.proposal_id = p.id AND l.deleted = 0 "
	    "WHERE p.deleted = 0 AND p.status = 1");
	if (st == NULL) {
		s = ST_DB;
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *text = (const char *)sqlite3_column_text(st, 5);
		const char *uuid = (const char *)sqlite3_column_text(st, 4);
		struct placed_item *it;

		/* A link to a deleted addressee counts for nothing. */
		key.id = sqlite3_column_int64(st, 0);
		k = bsearch(&key, keys, na, sizeof *keys, addressee_key_cmp);
		if (k == NULL)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			v = xreallocarray(v, cap, sizeof *v);
		}
		it = &v[n++];
		it->addressee = k->index;
		it->pos = sqlite3_column_int64(st, 1);
		it->link = sqlite3_column_int64(st, 2);
		it->proposal_id = sqlite3_column_int64(st, 3);
		if (a[k->index].recommend) {
			char *t = resolution_recommend(text ? text : "");

			it->text = arena_strdup(ar, t);
			free(t);
		} else
			it->text = arena_strdup(ar, text ? text : "");
		it->uuid = arena_strdup(ar, uuid ? uuid : "");
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		s = forum_sqlerr(b->f, rc, _("assemble the resolution"));
		goto out;
	}
	if (n > 0)
		qsort(v, n, sizeof *v, placed_cmp);

	/* v[i, j) is one addressee's section. */
	for (i = 0; i < n; i = j) {
		struct doc_block *blk = block_add(b, BLOCK_SECTION);
		const struct addressee *ad = &a[v[i].addressee];

		for (j = i; j < n && v[j].addressee == v[i].addressee; j++)
			;
		snprintf(num, sizeof num, "%zu.", ++nsec);
		blk->number = arena_strdup(ar, num);
		blk->text = heading_text(ar, ad->heading);
		blk->addressee_id = ad->rec.id;
		blk->nitems = j - i;
		blk->items = arena_alloc(ar, blk->nitems * sizeof *blk->items);
		for (m = 0; m < blk->nitems; m++) {
			snprintf(num, sizeof num, "%zu.%zu.", nsec, m + 1);
			blk->items[m] = (struct doc_item){
				.number = arena_strdup(ar, num),
				.text = v[i + m].text,
				.proposal_id = v[i + m].proposal_id,
				.proposal_uuid = v[i + m].uuid,
			};
		}
		b->r->nproposals += blk->nitems;
	}
out:
	free(v);
	free(keys);
	addressee_free(a, na);
	return s;
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

/*
 * The counting that resolution_numbers_for() does, one addressee of the
 * proposal at a time.  Both queries follow add_sections() exactly: an item
 * is a live link to a live, accepted proposal (pid counts as accepted, for
 * the numbers it would take), a section an addressee with an item, the
 * addressees in (pos, id) order and the items in (link pos, link id)
 * order.  Both walk link_addressee: the sections query stops at each
 * earlier addressee's first item, the items query reads the links before
 * pid's under its own.
 */
static enum status
numbers_place(struct forum *f, int64_t pid, int64_t aid, int64_t apos,
    int64_t lid, int64_t lpos, int64_t *section, int64_t *item)
{
	sqlite3_stmt *st;
	int rc;

	st = forum_stmt(f, "SELECT count(*) FROM addressee a "
	    "WHERE a.deleted = 0 AND a.pos <= ?2 AND (a.pos < ?2 OR a.id < ?1) "
	    "AND EXISTS (SELECT 1 FROM proposal_addressee l "
	    "JOIN proposal p ON p.id = l.proposal_id "
	    "WHERE l.addressee_id = a.id AND l.deleted = 0 AND p.deleted = 0 "
	    "AND (p.status = 1 OR p.id = ?3))");
	if (st == NULL)
		return ST_DB;
	sqlite3_bind_int64(st, 1, aid);
	sqlite3_bind_int64(st, 2, apos);
	sqlite3_bind_int64(st, 3, pid);
	rc = sqlite3_step(st);
	*section = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) + 1 : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return forum_sqlerr(f, rc, _("number a proposal"));

	st = forum_stmt(f, "SELECT count(*) FROM proposal_addressee l "
	    "JOIN proposal p ON p.id = l.proposal_id "
	    "WHERE l.addressee_id = ?1 AND l.deleted = 0 AND l.pos <= ?2 "
	    "AND (l.pos < ?2 OR l.id < ?3) AND p.deleted = 0 AND p.status = 1");
	if (st == NULL)
		return ST_DB;
	sqlite3_bind_int64(st, 1, aid);
	sqlite3_bind_int64(st, 2, lpos);
	sqlite3_bind_int64(st, 3, lid);
	rc = sqlite3_step(st);
	*item = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) + 1 : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return forum_sqlerr(f, rc, _("number a proposal"));
	return ST_OK;
}

enum status
resolution_numbers_for(struct forum *f, int64_t pid, char **out,
    bool *in_draft)
{
	sqlite3_stmt *st;
	struct link { int64_t aid, apos, lid, lpos; } *v = NULL;
	size_t n = 0, i;
	struct buf b = {0};
	int64_t section = 0, item = 0;
	enum status s = ST_OK;
	bool accepted, own;
	int rc;

	*out = NULL;
	if (in_draft != NULL)
		*in_draft = false;
	st = forum_stmt(f, "SELECT status FROM proposal WHERE id = ?1 "
	    "AND deleted = 0");
	if (st == NULL)
		return ST_DB;
	sqlite3_bind_int64(st, 1, pid);
	rc = sqlite3_step(st);
	accepted = rc == SQLITE_ROW && sqlite3_column_int(st, 0) ==
	    PROPOSAL_ACCEPTED;
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return ST_OK;
	if (rc != SQLITE_ROW)
		return forum_sqlerr(f, rc, _("number a proposal"));

	/* One read transaction: the numbers come from one snapshot. */
	own = sqlite3_get_autocommit(forum_db(f)) != 0;
	if (own)
		sqlite3_exec(forum_db(f), "BEGIN", NULL, NULL, NULL);
	st = forum_stmt(f, "SELECT a.id, a.pos, l.id, l.pos "
	    "FROM proposal_addressee l JOIN addressee a ON a.id = l.addressee_id "
	    "WHERE l.proposal_id = ?1 AND l.deleted = 0 AND a.deleted = 0 "
	    "ORDER BY a.pos, a.id");
	if (st == NULL) {
		s = ST_DB;
		goto out;
	}
	sqlite3_bind_int64(st, 1, pid);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = xreallocarray(v, n + 1, sizeof *v);
		v[n].aid = sqlite3_column_int64(st, 0);
		v[n].apos = sqlite3_column_int64(st, 1);
		v[n].lid = sqlite3_column_int64(st, 2);
		v[n].lpos = sqlite3_column_int64(st, 3);
		n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		s = forum_sqlerr(f, rc, _("number a proposal"));
		goto out;
	}
	for (i = 0; i < n; i++) {
		s = numbers_place(f, pid, v[i].aid, v[i].apos, v[i].lid,
		    v[i].lpos, &section, &item);
		if (s != ST_OK)
			goto out;
		buf_printf(&b, "%s%lld.%lld.", i > 0 ? ", " : "",
		    (long long)section, (long long)item);
	}
	if (n > 0) {
		*out = buf_steal(&b);
		if (in_draft != NULL)
			*in_draft = accepted;
	}
out:
	if (own)
		sqlite3_exec(forum_db(f), "COMMIT", NULL, NULL, NULL);
	buf_free(&b);
	free(v);
	return s;
}
