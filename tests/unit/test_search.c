/*
 * test_search.c: the search index and its queries (model/search.c).  Word
 * forms, ё/е, case, word order and punctuation; FTS5 syntax in user text;
 * the index following inserts, edits, deletes and their undo and redo, and
 * other connections; a rebuilt index equal to the incremental one and to
 * one brought up to date in a batch; the cache of words met before; the
 * similarity scores; the search screen's query, prefixes and filters; the
 * upgrade that adds the index.  Last, as information only (never
 * asserted), timings on 100,000 proposals.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "../../model/forum.h"
#include "../../model/records.h"
#include "../../model/search.h"
#include "../../model/util.h"

#define NITEMS(a) (sizeof(a) / sizeof((a)[0]))

/* ---- fixtures ---- */

struct fx {
	char *path;
	struct forum *f;
	int64_t track1, track2;
	int64_t addressee;
};

/* A fresh file name in the test's scratch directory ($T) or /tmp. */
static char *
scratch_path(const char *name)
{
	const char *dir = getenv("T");
	char *path, *aux;

	path = xasprintf("%s/search-%s-%ld.db", dir && *dir ? dir : "/tmp",
	    name, (long)getpid());
	unlink(path);
	aux = xasprintf("%s-wal", path);
	unlink(aux);
	free(aux);
	aux = xasprintf("%s-shm", path);
	unlink(aux);
	free(aux);
	return path;
}

static void
scratch_remove(char *path)
{
	char *aux;

	unlink(path);
	aux = xasprintf("%s-wal", path);
	unlink(aux);
	free(aux);
	aux = xasprintf("%s-shm", path);
	unlink(aux);
	free(aux);
	free(path);
}

static int64_t
add_track(struct forum *f, const char *label)
{
	struct track t = { 0 };

	t.title = (char *)label;
	t.label = (char *)label;
	t.moderator = (char *)"";
	assert_int_equal(track_insert(f, &t), ST_OK);
	return t.rec.id;
}

static int
setup(void **state)
{
	struct fx *x = xcalloc(1, sizeof *x);
	struct addressee a = { 0 };
	char *err = NULL;

	x->path = scratch_path("fx");
	if (forum_open(x->path, FORUM_CREATE, &x->f, &err) != ST_OK) {
		fprintf(stderr, "%s\n", err);
		free(err);
		return -1;
	}
	x->track1 = add_track(x->f, "t1");
	x->track2 = add_track(x->f, "t2");
	a.heading = (char *)"Органам власти";
	a.label = (char *)"власть";
	if (addressee_insert(x->f, &a) != ST_OK)
		return -1;
	x->addressee = a.rec.id;
	*state = x;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *x = *state;

	forum_close(x->f);
	scratch_remove(x->path);
	free(x);
	return 0;
}

/* Adds a proposal (an action of its own unless one is open). */
static int64_t
add(struct forum *f, int64_t track, const char *text)
{
	struct proposal p = { 0 };

	p.track_id = track;
	p.text = (char *)text;
	assert_int_equal(proposal_insert(f, &p), ST_OK);
	return p.rec.id;
}

static void
set_text(struct forum *f, int64_t id, const char *text)
{
	struct proposal p;

	assert_int_equal(proposal_get(f, id, &p), ST_OK);
	free(p.text);
	p.text = xstrdup(text);
	assert_int_equal(proposal_update(f, &p), ST_OK);
	proposal_clear(&p);
}

static void
set_status(struct forum *f, int64_t id, int status)
{
	struct proposal p;

	assert_int_equal(proposal_get(f, id, &p), ST_OK);
	p.status = status;
	assert_int_equal(proposal_update(f, &p), ST_OK);
	proposal_clear(&p);
}

/* The index row of proposal id, or NULL.  Caller frees. */
static char *
indexed(struct forum *f, int64_t id)
{
	sqlite3_stmt *st;
	char *r = NULL;

	assert_int_equal(sqlite3_prepare_v2(forum_db(f), "SELECT stems FROM "
	    "proposal_search WHERE rowid = ?", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		r = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return r;
}

static void
assert_indexed(struct forum *f, int64_t id, const char *want)
{
	char *got = indexed(f, id);

	if (want == NULL) {
		if (got != NULL)
			fail_msg("proposal %lld indexed as \"%s\", want none",
			    (long long)id, got);
		return;
	}
	if (got == NULL)
		fail_msg("proposal %lld not indexed, want \"%s\"",
		    (long long)id, want);
	assert_string_equal(got, want);
	free(got);
}

/* The rows of a query of two columns, one "a b" line each.  Caller
 * frees. */
static char *
dump(struct forum *f, const char *sql)
{
	struct buf b = { 0 };
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_prepare_v2(forum_db(f), sql, -1, &st, NULL),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW)
		buf_printf(&b, "%s %s\n", (const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 1));
	sqlite3_finalize(st);
	buf_adds(&b, "");
	return buf_steal(&b);
}

/* The whole index: the stems, then the document frequencies. */
static char *
index_dump(struct forum *f)
{
	char *a = dump(f, "SELECT rowid, stems FROM proposal_search "
	    "ORDER BY rowid");
	char *b = dump(f, "SELECT stem, docs FROM search_stem ORDER BY stem");
	char *r = xasprintf("%s--\n%s", a, b);

	free(a);
	free(b);
	return r;
}

/* The ids search_fulltext() finds, at most max of them; returns total. */
static size_t
fulltext(struct forum *f, const char *q, const struct search_filter *flt,
    int64_t *ids, size_t max, size_t *n)
{
	struct search_hit *h;
	size_t total = 0, i;

	assert_int_equal(search_fulltext(f, q, flt, 0, max, &h, n, &total),
	    ST_OK);
	for (i = 0; i < *n; i++)
		ids[i] = h[i].id;
	search_hits_free(h, *n);
	return total;
}

/* True if id is among the similar proposals to text. */
static bool
similar_has(struct forum *f, const char *text, int64_t id, int *score)
{
	struct search_hit *h;
	size_t n, i;
	bool r = false;

	assert_int_equal(search_similar(f, text, 0, 20, &h, &n), ST_OK);
	for (i = 0; i < n; i++)
		if (h[i].id == id) {
			r = true;
			if (score != NULL)
				*score = h[i].score;
		}
	search_hits_free(h, n);
	return r;
}

static int
score(struct forum *f, const char *a, const char *b)
{
	int s = -1;

	assert_int_equal(search_score(f, a, b, &s), ST_OK);
	return s;
}

/* ---- normalisation ---- */

static void
assert_stems(struct search_ctx *c, const char *text, const char *want)
{
	struct buf b = { 0 };

	search_stems(c, text, &b);
	if (strcmp(buf_str(&b), want) != 0)
		fail_msg("stems of \"%s\": \"%s\", want \"%s\"", text,
		    buf_str(&b), want);
	buf_free(&b);
}

static void
test_stems(void **state)
{
	struct search_ctx *c = search_ctx_new();
	struct buf b = { 0 };

	(void)state;
	/* Word forms the Snowball Russian stemmer conflates. */
	assert_stems(c, "Поддержка НКО", "поддержк нко");
	assert_stems(c, "поддержку нко", "поддержк нко");
	assert_stems(c, "поддержки НКО", "поддержк нко");
	assert_stems(c, "организаций организации Организациям",
	    "организац организац организац");
	assert_stems(c, "некоммерческие некоммерческих",
	    "некоммерческ некоммерческ");
	/* ё is е, in either case. */
	assert_stems(c, "ёлка Ёлки елка ЕЛКИ", "елк елк елк елк");
	assert_stems(c, "молодёжь", "молодеж");
	/* Punctuation separates; hyphenated words are two. */
	assert_stems(c, "«НКО», поддержка!", "нко поддержк");
	assert_stems(c, "социально-ориентированных", "социальн ориентирова");
	/* Function words and single letters are dropped. */
	assert_stems(c, "в и на по для о об к а с the of and to", "");
	assert_stems(c, "", "");
	assert_stems(c, " ,;. \n\t", "");
	/* English. */
	assert_stems(c, "Supporting organizations", "support organ");
	/* Numbers are kept, unstemmed. */
	assert_stems(c, "44-ФЗ от 2018 года", "44 фз 2018 год");
	/* Decomposed й and ё, stress marks, soft hyphens. */
	assert_stems(c, "и\xcc\x86од", "йод");
	assert_stems(c, "е\xcc\x88лка", "елк");
	assert_stems(c, "организа\xcc\x81ция", "организац");
	assert_stems(c, "орга\xc2\xadнизация", "организац");
	/* Other scripts are words; symbols and emoji are not. */
	assert_stems(c, "Αθήνα 北京 \xf0\xa0\x80\x80\xf0\xa0\x80\x81 "
	    "\xf0\x9f\x98\x80школа\xe2\x84\x96" "5",
	    "αθήνα 北京 \xf0\xa0\x80\x80\xf0\xa0\x80\x81 школ 5");
	/* Bad bytes and controls are separators, never a crash. */
	assert_stems(c, "\xff\xfeшкола\x1b[31mшколы\x7f", "школ 31mшкол");
	/* Appends. */
	buf_adds(&b, "x");
	search_stems(c, "поддержка", &b);
	assert_string_equal(buf_str(&b), "x поддержк");
	buf_free(&b);
	search_ctx_free(c);
}

/* The words met before give what they gave, whatever came between, the
 * cache emptied (more distinct words than it keeps) included. */
static void
test_word_cache(void **state)
{
	struct search_ctx *c = search_ctx_new(), *fresh;
	struct buf many = { 0 }, want = { 0 }, got = { 0 };
	const char *text = "Поддержка НКО и\xcc\x86од е\xcc\x88лка "
	    "организа\xcc\x81ция орга\xc2\xadнизация Supporting the "
	    "organizations, 44-ФЗ; поддержки";
	int i;

	(void)state;
	assert_stems(c, text, "поддержк нко йод елк организац организац "
	    "support organ 44 фз поддержк");
	/* Again, every word from the cache: the same. */
	assert_stems(c, text, "поддержк нко йод елк организац организац "
	    "support organ 44 фз поддержк");
	/* The last word of one text in the middle of another, and back. */
	assert_stems(c, "поддержки", "поддержк");
	assert_stems(c, "поддержки НКО", "поддержк нко");
	/* More distinct words than the cache keeps: each stemmed as by a
	 * context that never saw the others. */
	for (i = 0; i < 70000; i++)
		buf_printf(&many, "слово%dбыло %s ", i, i % 2 ? "и" : "НКО");
	fresh = search_ctx_new();
	search_stems(fresh, buf_str(&many), &want);
	search_stems(c, buf_str(&many), &got);
	assert_string_equal(buf_str(&got), buf_str(&want));
	buf_reset(&got);
	search_stems(c, buf_str(&many), &got);
	assert_string_equal(buf_str(&got), buf_str(&want));
	assert_stems(c, text, "поддержк нко йод елк организац организац "
	    "support organ 44 фз поддержк");
	search_ctx_free(fresh);
	buf_free(&many);
	buf_free(&want);
	buf_free(&got);
	search_ctx_free(c);
}

/* ---- similar proposals ---- */

static void
test_similar_word_forms(void **state)
{
	struct fx *x = *state;
	struct search_hit *h;
	size_t n, i;
	int64_t a, b, c, d, e;
	int s = -1;

	a = add(x->f, x->track1, "Оказывать поддержку социально "
	    "ориентированным НКО");
	b = add(x->f, x->track1, "Поддерживать некоммерческие организации в "
	    "сельских районах");
	c = add(x->f, x->track2, "Построить новую школу в микрорайоне "
	    "Солнечный");
	d = add(x->f, x->track2, "Украсить ёлки в городском парке к Новому "
	    "году");
	e = add(x->f, x->track2, "Расширить поддержку некоммерческих "
	    "организаций и НКО");

	/* «поддержка НКО» finds the proposals with «поддержку … НКО». */
	assert_int_equal(search_similar(x->f, "поддержка НКО", 0, 10, &h, &n),
	    ST_OK);
	assert_true(n >= 2);
	for (i = 0; i < n; i++) {
		assert_true(h[i].id == a || h[i].id == e);
		assert_true(h[i].score >= SEARCH_SIMILAR_MIN &&
		    h[i].score <= 100);
		if (i > 0)
			assert_true(h[i].score <= h[i - 1].score);
	}
	assert_int_equal(h[0].track_id, x->track1 + (h[0].id == e));
	assert_int_equal(h[0].status, PROPOSAL_NEW);
	assert_non_null(strstr(h[0].text, "НКО"));
	search_hits_free(h, n);

	/* Other forms of «некоммерческих организаций». */
	assert_int_equal(search_similar(x->f, "Поддержка некоммерческой "
	    "организации", 0, 10, &h, &n), ST_OK);
	assert_true(n >= 2);
	assert_int_equal(h[0].id, e);
	for (i = 0; i < n; i++)
		assert_true(h[i].id != c && h[i].id != d);
	assert_true(similar_has(x->f, "Поддержка некоммерческой организации",
	    b, NULL));
	search_hits_free(h, n);

	/* ё = е, case, order, punctuation. */
	assert_true(similar_has(x->f, "ЕЛКИ; парк!", d, NULL));
	assert_true(similar_has(x->f, "ёлки в парке", d, NULL));
	assert_true(similar_has(x->f, "НКО, ОРИЕНТИРОВАННЫМ социально; "
	    "поддержку — оказывать!", a, &s));
	assert_int_equal(s, 100);

	/* The same text finds itself at 100, unless excluded. */
	assert_int_equal(search_similar(x->f, "Построить новую школу в "
	    "микрорайоне Солнечный", 0, 10, &h, &n), ST_OK);
	assert_true(n >= 1);
	assert_int_equal(h[0].id, c);
	assert_int_equal(h[0].score, 100);
	search_hits_free(h, n);
	assert_int_equal(search_similar(x->f, "Построить новую школу в "
	    "микрорайоне Солнечный", c, 10, &h, &n), ST_OK);
	for (i = 0; i < n; i++)
		assert_true(h[i].id != c);
	search_hits_free(h, n);

	/* Nothing for texts without a word that counts, or limit 0. */
	assert_int_equal(search_similar(x->f, "и в на", 0, 10, &h, &n), ST_OK);
	assert_int_equal(n, 0);
	search_hits_free(h, n);
	assert_int_equal(search_similar(x->f, "школа", 0, 0, &h, &n), ST_OK);
	assert_int_equal(n, 0);
	search_hits_free(h, n);
	/* Deleted proposals are not similar to anything. */
	assert_int_equal(proposal_delete(x->f, c), ST_OK);
	assert_false(similar_has(x->f, "Построить новую школу в микрорайоне "
	    "Солнечный", c, NULL));
}

static void
test_similar_order_and_limit(void **state)
{
	struct fx *x = *state;
	struct search_hit *h;
	size_t n;
	int64_t p1, p2, p3;

	add(x->f, x->track1, "Провести конкурс грантов для молодёжи");
	p1 = add(x->f, x->track1, "Создать ресурсный центр для НКО в районе");
	p2 = add(x->f, x->track2, "Создать ресурсный центр для НКО в районе");
	p3 = add(x->f, x->track2, "Создать ресурсный центр для волонтёров");
	/* Equal scores: by id. */
	assert_int_equal(search_similar(x->f, "ресурсный центр НКО район "
	    "создать", 0, 10, &h, &n), ST_OK);
	assert_int_equal(n, 3);
	assert_int_equal(h[0].id, p1);
	assert_int_equal(h[1].id, p2);
	assert_int_equal(h[0].score, 100);
	assert_int_equal(h[1].score, 100);
	assert_int_equal(h[2].id, p3);
	assert_true(h[2].score < 100);
	search_hits_free(h, n);
	assert_int_equal(search_similar(x->f, "ресурсный центр НКО район "
	    "создать", 0, 2, &h, &n), ST_OK);
	assert_int_equal(n, 2);
	search_hits_free(h, n);
	assert_int_equal(search_similar(x->f, "ресурсный центр НКО район "
	    "создать", p1, 1, &h, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(h[0].id, p2);
	search_hits_free(h, n);
}

static void
test_scores(void **state)
{
	struct fx *x = *state;
	const char *t = "Обеспечить поддержку социально ориентированных "
	    "некоммерческих организаций";
	int same, para, addition, unrelated, partial;

	add(x->f, x->track1, t);
	add(x->f, x->track1, "Построить новую школу в микрорайоне");
	add(x->f, x->track1, "Развивать добровольчество в школах");
	add(x->f, x->track2, "Развивать культуру и спорт в районах");

	same = score(x->f, t, t);
	assert_int_equal(same, 100);
	assert_int_equal(score(x->f, "", ""), 0);
	assert_int_equal(score(x->f, t, "НЕКОММЕРЧЕСКИХ организаций, "
	    "социально ориентированных: обеспечить поддержку"), 100);
	para = score(x->f, t, "Обеспечение поддержки социально "
	    "ориентированных некоммерческих организаций");
	addition = score(x->f, t, "Обеспечить поддержку социально "
	    "ориентированных некоммерческих организаций в сельских районах "
	    "края");
	partial = score(x->f, t, "поддержка некоммерческих организаций");
	unrelated = score(x->f, t, "Построить новую школу в микрорайоне");
	print_message("scores: same %d, paraphrase %d, with an addition %d, "
	    "partial %d, unrelated %d\n", same, para, addition, partial,
	    unrelated);
	assert_true(para >= 70 && para < 100);
	assert_true(addition >= 70 && addition < 100);
	assert_true(partial >= 40 && partial < addition);
	assert_int_equal(unrelated, 0);
	/* One shared word of three and of four. */
	assert_true(score(x->f, "Развивать добровольчество в школах",
	    "Развивать культуру и спорт в районах") < 35);
	/* Symmetric. */
	assert_int_equal(score(x->f, t, "поддержка некоммерческих "
	    "организаций"), score(x->f, "поддержка некоммерческих организаций",
	    t));
}

/* ---- FTS5 syntax is only text ---- */

static void
test_fts_syntax(void **state)
{
	static const char *const hostile[] = {
		"NEAR(", "NEAR(поддержка школа, 2)", "\"", "\"поддержка",
		"*", "поддержка*", "OR", "поддержка OR школа", "-", "-школа",
		"AND", "NOT школа", "поддержка NOT", "stems:школа", "stems:",
		"{stems}: школа", "^школа", "(((", ")", "+", "a:b", "'", "\\",
		"\"\"\"\"", "NEAR", "near", "\xff\xfe", "", "   ", "*\"*\"*",
		"school OR NEAR/2", "col:*", ":", "^", "\x01\x02",
	};
	struct fx *x = *state;
	struct search_hit *h;
	size_t n, total, i;
	int64_t ids[4], p;

	p = add(x->f, x->track1, "NEAR(\" OR * - поддержка \"школы\" AND "
	    "{stems}: ^");
	add(x->f, x->track1, "Построить школу");
	for (i = 0; i < NITEMS(hostile); i++) {
		if (search_similar(x->f, hostile[i], 0, 10, &h, &n) != ST_OK)
			fail_msg("similar \"%s\": %s", hostile[i],
			    forum_error(x->f));
		search_hits_free(h, n);
		if (search_fulltext(x->f, hostile[i], NULL, 0, 10, &h, &n,
		    &total) != ST_OK)
			fail_msg("fulltext \"%s\": %s", hostile[i],
			    forum_error(x->f));
		search_hits_free(h, n);
	}
	/* The words around the syntax still count. */
	assert_int_equal(fulltext(x->f, "NEAR(поддержка, \"школы\") ", NULL,
	    ids, 4, &n), 1);
	assert_int_equal(ids[0], p);
	assert_int_equal(fulltext(x->f, "школа OR поддержка ", NULL, ids, 4,
	    &n), 1);
	assert_indexed(x->f, p, "near поддержк школ stem");
}

/* ---- the index follows every change ---- */

static void
test_index_follows(void **state)
{
	struct fx *x = *state;
	int64_t p, q, ids[4];
	size_t n;

	p = add(x->f, x->track1, "Оказывать поддержку НКО");
	q = add(x->f, x->track1, "Развивать спорт");
	assert_indexed(x->f, p, "оказыва поддержк нко");
	set_text(x->f, p, "Построить школу");
	assert_indexed(x->f, p, "постро школ");
	assert_int_equal(fulltext(x->f, "поддержка ", NULL, ids, 4, &n), 0);
	assert_int_equal(fulltext(x->f, "школа ", NULL, ids, 4, &n), 1);
	/* A change that leaves the text alone leaves the index alone. */
	set_status(x->f, p, PROPOSAL_ACCEPTED);
	assert_indexed(x->f, p, "постро школ");
	assert_int_equal(proposal_delete(x->f, p), ST_OK);
	assert_indexed(x->f, p, NULL);
	assert_int_equal(fulltext(x->f, "школа ", NULL, ids, 4, &n), 0);

	/* Undo: the delete, the status, the edit, the insert. */
	assert_int_equal(forum_undo(x->f, NULL), ST_OK);
	assert_indexed(x->f, p, "постро школ");
	assert_int_equal(fulltext(x->f, "школа ", NULL, ids, 4, &n), 1);
	assert_int_equal(forum_undo(x->f, NULL), ST_OK);
	assert_indexed(x->f, p, "постро школ");
	assert_int_equal(forum_undo(x->f, NULL), ST_OK);
	assert_indexed(x->f, p, "оказыва поддержк нко");
	assert_int_equal(fulltext(x->f, "школа ", NULL, ids, 4, &n), 0);
	assert_int_equal(fulltext(x->f, "поддержка ", NULL, ids, 4, &n), 1);
	assert_int_equal(forum_undo(x->f, NULL), ST_OK); /* q's insert */
	assert_indexed(x->f, q, NULL);
	assert_int_equal(forum_undo(x->f, NULL), ST_OK); /* p's insert */
	assert_indexed(x->f, p, NULL);
	assert_int_equal(fulltext(x->f, "поддержка ", NULL, ids, 4, &n), 0);

	/* Redo all of it. */
	assert_int_equal(forum_redo(x->f, NULL), ST_OK);
	assert_indexed(x->f, p, "оказыва поддержк нко");
	assert_int_equal(forum_redo(x->f, NULL), ST_OK);
	assert_indexed(x->f, q, "развива спорт");
	assert_int_equal(forum_redo(x->f, NULL), ST_OK);
	assert_indexed(x->f, p, "постро школ");
	assert_int_equal(forum_redo(x->f, NULL), ST_OK);
	assert_int_equal(forum_redo(x->f, NULL), ST_OK);
	assert_indexed(x->f, p, NULL);
	assert_int_equal(fulltext(x->f, "школа ", NULL, ids, 4, &n), 0);
	assert_int_equal(fulltext(x->f, "спорт ", NULL, ids, 4, &n), 1);

	/* A rolled-back action leaves nothing in the index. */
	assert_int_equal(forum_begin(x->f, "try"), ST_OK);
	p = add(x->f, x->track1, "Временный текст про бассейн");
	assert_int_equal(fulltext(x->f, "бассейн ", NULL, ids, 4, &n), 1);
	forum_rollback(x->f);
	assert_indexed(x->f, p, NULL);
	assert_int_equal(fulltext(x->f, "бассейн ", NULL, ids, 4, &n), 0);
}

/* A second connection sees the first one's changes, scores included. */
static void
test_other_connection(void **state)
{
	struct fx *x = *state;
	struct forum *g;
	char *err = NULL;
	int before, inside, after, s = -1;
	int64_t p, ids[4];
	size_t n;
	int i;

	for (i = 0; i < 5; i++)
		add(x->f, x->track1, "Строить парки");
	add(x->f, x->track1, "Поддержать НКО");
	assert_int_equal(forum_open(x->path, 0, &g, &err), ST_OK);
	before = score(g, "НКО школа", "НКО парк");
	assert_false(similar_has(g, "Открыть музей ремёсел", 0, NULL));
	p = add(x->f, x->track2, "Открыть музей ремёсел");
	assert_true(similar_has(g, "Открыть музей ремёсел", p, &s));
	assert_int_equal(s, 100);
	assert_int_equal(fulltext(g, "музей ", NULL, ids, 4, &n), 1);
	assert_int_equal(proposal_delete(x->f, p), ST_OK);
	assert_false(similar_has(g, "Открыть музей ремёсел", p, NULL));

	/* The weights follow the index, and forget a rolled-back action. */
	assert_int_equal(forum_begin(g, NULL), ST_OK);
	for (i = 0; i < 20; i++)
		add(g, x->track1, "Построить школу");
	inside = score(g, "НКО школа", "НКО парк");
	forum_rollback(g);
	after = score(g, "НКО школа", "НКО парк");
	print_message("score with a common word: %d, made common %d, after "
	    "the rollback %d\n", before, inside, after);
	assert_true(inside != before);
	assert_int_equal(after, before);
	forum_close(g);
}

/* ---- rebuilding ---- */

static void
test_rebuild_equals_incremental(void **state)
{
	static const char *const texts[] = {
		"Оказывать поддержку социально ориентированным НКО",
		"Поддерживать некоммерческие организации",
		"Построить новую школу", "Украсить ёлки в парке",
		"и в на", "", "NEAR(\"x\" OR *)", "Supporting organizations",
		"44-ФЗ от 2018 года", "молодёжь молодежи молодежной",
	};
	struct fx *x = *state;
	int64_t ids[40];
	char *inc, *rebuilt;
	size_t i;
	struct buf want = { 0 };
	struct search_ctx *c;
	sqlite3_stmt *st;

	for (i = 0; i < NITEMS(ids); i++)
		ids[i] = add(x->f, i % 2 ? x->track1 : x->track2,
		    texts[i % NITEMS(texts)]);
	for (i = 0; i < NITEMS(ids); i += 3)
		set_text(x->f, ids[i], texts[(i + 1) % NITEMS(texts)]);
	for (i = 1; i < NITEMS(ids); i += 4)
		assert_int_equal(proposal_delete(x->f, ids[i]), ST_OK);
	for (i = 0; i < 5; i++)
		assert_int_equal(forum_undo(x->f, NULL), ST_OK);
	assert_int_equal(forum_redo(x->f, NULL), ST_OK);

	inc = index_dump(x->f);
	assert_int_equal(search_reindex(x->f), ST_OK);
	rebuilt = index_dump(x->f);
	assert_string_equal(inc, rebuilt);
	free(rebuilt);
	rebuilt = dump(x->f, "SELECT rowid, stems FROM proposal_search "
	    "ORDER BY rowid");

	/* And both are the stems of exactly the live proposals. */
	c = search_ctx_new();
	assert_int_equal(sqlite3_prepare_v2(forum_db(x->f), "SELECT id, text "
	    "FROM proposal WHERE deleted = 0 ORDER BY id", -1, &st, NULL),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct buf stems = { 0 };

		search_stems(c, (const char *)sqlite3_column_text(st, 1),
		    &stems);
		buf_printf(&want, "%lld %s\n",
		    (long long)sqlite3_column_int64(st, 0), buf_str(&stems));
		buf_free(&stems);
	}
	sqlite3_finalize(st);
	search_ctx_free(c);
	buf_adds(&want, "");
	assert_string_equal(rebuilt, buf_str(&want));
	buf_free(&want);
	free(inc);
	free(rebuilt);
}

/*
 * search_index_batch() brings the index to what a rebuild makes from
 * what it was: proposals written behind its back (new ones, texts
 * changed, deleted, gone), ids given twice or out of order, ids of no
 * proposal; ids close together (their texts read in one pass) and far
 * apart (one by one).  A batch with nothing to do changes nothing.
 */
static void
test_batch_equals_rebuild(void **state)
{
	static const char *const texts[] = {
		"Оказывать поддержку социально ориентированным НКО",
		"Поддерживать некоммерческие организации",
		"Построить новую школу", "Украсить ёлки в парке",
		"и в на", "", "Supporting organizations",
		"44-ФЗ от 2018 года", "молодёжь молодежи молодежной",
	};
	struct fx *x = *state;
	int64_t ids[60], batch[80];
	char *before, *after, *rebuilt, *sql;
	size_t i, n;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < 30; i++)
			ids[i] = add(x->f, x->track1,
			    texts[(i + pass) % NITEMS(texts)]);
		before = index_dump(x->f);
		/* Behind the index's back: thirty more, texts changed,
		 * some deleted, one gone altogether. */
		for (i = 30; i < 60; i++) {
			sqlite3_stmt *st;

			assert_int_equal(sqlite3_prepare_v2(forum_db(x->f),
			    "INSERT INTO proposal (uuid, created, updated, "
			    "copy, track_id, text) VALUES "
			    "(lower(hex(randomblob(16))), 1, 1, 'c', ?, ?)",
			    -1, &st, NULL), SQLITE_OK);
			sqlite3_bind_int64(st, 1, x->track2);
			sqlite3_bind_text(st, 2,
			    texts[(i * 7 + pass) % NITEMS(texts)], -1,
			    SQLITE_STATIC);
			assert_int_equal(sqlite3_step(st), SQLITE_DONE);
			sqlite3_finalize(st);
			ids[i] = sqlite3_last_insert_rowid(forum_db(x->f));
		}
		sql = xasprintf("UPDATE proposal SET text = 'Новый текст про "
		    "школы ' || id WHERE id %% 5 = %d AND id >= %lld; "
		    "UPDATE proposal SET deleted = 1 WHERE id %% 7 = %d AND "
		    "id >= %lld; DELETE FROM proposal WHERE id = %lld", pass,
		    (long long)ids[0], pass, (long long)ids[0],
		    (long long)ids[3]);
		assert_int_equal(sqlite3_exec(forum_db(x->f), sql, NULL, NULL,
		    NULL), SQLITE_OK);
		free(sql);
		after = index_dump(x->f);
		assert_string_equal(before, after);
		free(after);
		/* Every proposal touched, some twice, backwards; the second
		 * time with strangers far away. */
		n = 0;
		for (i = 60; i-- > 0; )
			batch[n++] = ids[i];
		for (i = 0; i < 10; i++)
			batch[n++] = ids[i * 5];
		if (pass == 1) {
			batch[n++] = 999999;
			batch[n++] = 0;
		}
		assert_int_equal(forum_begin(x->f, NULL), ST_OK);
		assert_int_equal(search_index_batch(x->f, batch, n), ST_OK);
		assert_int_equal(forum_commit(x->f), ST_OK);
		after = index_dump(x->f);
		assert_string_not_equal(before, after);
		assert_int_equal(search_reindex(x->f), ST_OK);
		rebuilt = index_dump(x->f);
		assert_string_equal(after, rebuilt);
		free(after);
		assert_int_equal(search_index_batch(x->f, batch, 0), ST_OK);
		assert_int_equal(forum_begin(x->f, NULL), ST_OK);
		assert_int_equal(search_index_batch(x->f, batch, n), ST_OK);
		assert_int_equal(forum_commit(x->f), ST_OK);
		after = index_dump(x->f);
		assert_string_equal(after, rebuilt);
		free(after);
		free(rebuilt);
		free(before);
	}
}

/* ---- the search screen ---- */

static void
test_fulltext(void **state)
{
	struct fx *x = *state;
	struct search_filter flt = { 0, 0, -1 };
	struct search_hit *h;
	int64_t p1, p2, p3, p4, p5, ids[8];
	size_t n, total;

	p1 = add(x->f, x->track1, "Оказывать поддержку НКО");
	p2 = add(x->f, x->track2, "Поддержка НКО в сельских районах");
	p3 = add(x->f, x->track1, "Построить школу");
	p4 = add(x->f, x->track2, "Поддерживать волонтёров");
	p5 = add(x->f, x->track2, "Украсить ёлки");
	assert_int_equal(proposal_tag(x->f, p1, x->addressee), ST_OK);
	set_status(x->f, p1, PROPOSAL_ACCEPTED);
	assert_int_equal(proposal_delete(x->f, p4), ST_OK);

	/* Every word, any form, any order. */
	assert_int_equal(fulltext(x->f, "поддержки нко ", NULL, ids, 8, &n),
	    2);
	assert_int_equal(n, 2);
	assert_true((ids[0] == p1 && ids[1] == p2) ||
	    (ids[0] == p2 && ids[1] == p1));
	assert_int_equal(fulltext(x->f, "НКО; поддержку", NULL, ids, 8, &n),
	    2);
	assert_int_equal(fulltext(x->f, "школа нко ", NULL, ids, 8, &n), 0);
	assert_int_equal(fulltext(x->f, "елки", NULL, ids, 8, &n), 1);
	assert_int_equal(ids[0], p5);
	assert_int_equal(fulltext(x->f, "ЁЛКИ ", NULL, ids, 8, &n), 1);

	/* While typing, the last word is a prefix (the deleted p4 stays
	 * out); a finished word is not. */
	assert_int_equal(fulltext(x->f, "поддер", NULL, ids, 8, &n), 2);
	assert_int_equal(fulltext(x->f, "нко подд", NULL, ids, 8, &n), 2);
	assert_int_equal(fulltext(x->f, "поддер ", NULL, ids, 8, &n), 0);
	assert_int_equal(fulltext(x->f, "шко", NULL, ids, 8, &n), 1);
	assert_int_equal(ids[0], p3);
	/* One letter is not yet a prefix: everything. */
	assert_int_equal(fulltext(x->f, "ш", NULL, ids, 8, &n), 4);

	/* Filters. */
	flt.track_id = x->track1;
	assert_int_equal(fulltext(x->f, "поддержка ", &flt, ids, 8, &n), 1);
	assert_int_equal(ids[0], p1);
	flt.track_id = 0;
	flt.addressee_id = x->addressee;
	assert_int_equal(fulltext(x->f, "поддержка ", &flt, ids, 8, &n), 1);
	assert_int_equal(ids[0], p1);
	flt.addressee_id = 0;
	flt.status = PROPOSAL_NEW;
	assert_int_equal(fulltext(x->f, "поддержка ", &flt, ids, 8, &n), 1);
	assert_int_equal(ids[0], p2);

	/* No words: every proposal the filter lets through, by id. */
	assert_int_equal(fulltext(x->f, "", &flt, ids, 8, &n), 3);
	assert_int_equal(ids[0], p2);
	assert_int_equal(ids[1], p3);
	assert_int_equal(ids[2], p5);
	assert_int_equal(fulltext(x->f, "и в на ", NULL, ids, 8, &n), 4);

	/* Paging. */
	assert_int_equal(search_fulltext(x->f, "", NULL, 1, 2, &h, &n,
	    &total), ST_OK);
	assert_int_equal(total, 4);
	assert_int_equal(n, 2);
	assert_int_equal(h[0].id, p2);
	assert_int_equal(h[1].id, p3);
	assert_int_equal(h[0].score, 0);
	assert_int_equal(h[0].track_id, x->track2);
	assert_string_equal(h[1].text, "Построить школу");
	search_hits_free(h, n);
	assert_int_equal(search_fulltext(x->f, "поддержка ", NULL, 0, 0, &h,
	    &n, &total), ST_OK);
	assert_int_equal(n, 0);
	assert_int_equal(total, 2);
	search_hits_free(h, n);
	assert_int_equal(search_fulltext(x->f, "поддержка ", NULL, 5, 10, &h,
	    &n, NULL), ST_OK);
	assert_int_equal(n, 0);
	search_hits_free(h, n);
}

/* Relevance: more of the query's weight first. */
static void
test_fulltext_relevance(void **state)
{
	struct fx *x = *state;
	int64_t p1, p2, ids[4];
	size_t n;

	p1 = add(x->f, x->track1, "Провести форум НКО, форум волонтёров, "
	    "форум молодёжи и форум ветеранов");
	p2 = add(x->f, x->track1, "Провести форум");
	add(x->f, x->track1, "Издать сборник");
	assert_int_equal(fulltext(x->f, "форум ", NULL, ids, 4, &n), 2);
	assert_int_equal(ids[0], p1);
	assert_int_equal(ids[1], p2);
}

/* ---- the upgrade that adds the index ---- */

static void
test_upgrade(void **state)
{
	char *path = scratch_path("upgrade"), *err = NULL, *stems;
	struct forum *f;
	sqlite3 *db;
	sqlite3_stmt *st;
	int64_t ids[4];
	size_t n;

	(void)state;
	assert_int_equal(forum_create_version(path, 2, &err), ST_OK);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
	    "INSERT INTO track (uuid, created, updated, copy, pos, title, "
	    "label) VALUES ('t', 0, 0, 'c', 1, 'Track', 't');"
	    "INSERT INTO proposal (uuid, created, updated, copy, track_id, "
	    "text) VALUES ('a', 0, 0, 'c', 1, 'Оказывать поддержку НКО');"
	    "INSERT INTO proposal (uuid, created, updated, copy, track_id, "
	    "text, deleted) VALUES ('b', 0, 0, 'c', 1, 'Удалённое НКО', 1);"
	    "INSERT INTO proposal (uuid, created, updated, copy, track_id, "
	    "text) VALUES ('c', 0, 0, 'c', 1, 'Построить школу');",
	    NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);

	assert_int_equal(forum_open(path, 0, &f, &err), ST_OK);
	assert_indexed(f, 1, "оказыва поддержк нко");
	assert_indexed(f, 2, NULL);
	assert_indexed(f, 3, "постро школ");
	assert_int_equal(fulltext(f, "нко ", NULL, ids, 4, &n), 1);
	assert_int_equal(sqlite3_prepare_v2(forum_db(f), "SELECT value FROM "
	    "meta WHERE key = 'search_version'", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0),
	    SEARCH_VERSION);
	sqlite3_finalize(st);
	forum_close(f);

	/* An index built by another normalisation is rebuilt on open. */
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "UPDATE meta SET value = 'old' "
	    "WHERE key = 'search_version'; DELETE FROM proposal_search "
	    "WHERE rowid = 1; INSERT INTO proposal_search (rowid, stems) "
	    "VALUES (2, 'junk'); UPDATE search_stem SET docs = 7; "
	    "INSERT INTO search_stem VALUES ('junk', 1)", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(forum_open(path, 0, &f, &err), ST_OK);
	assert_indexed(f, 1, "оказыва поддержк нко");
	assert_indexed(f, 2, NULL);
	stems = dump(f, "SELECT stem, docs FROM search_stem ORDER BY stem");
	assert_string_equal(stems, "нко 1\nоказыва 1\nподдержк 1\n"
	    "постро 1\nшкол 1\n");
	free(stems);
	forum_close(f);

	/* The plain sqlite3 library reads the index: no custom tokenizer
	 * or function is needed. */
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT rowid FROM "
	    "proposal_search WHERE proposal_search MATCH 'школ'", -1, &st,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int64(st, 0), 3);
	sqlite3_finalize(st);
	sqlite3_close(db);
	scratch_remove(path);
}

/* A new file's (empty) index is current: no rebuild at the next open. */
static void
test_create_marks_current(void **state)
{
	struct fx *x = *state;
	char *meta = dump(x->f, "SELECT key, value FROM meta WHERE key = "
	    "'search_version'");
	char *want = xasprintf("search_version %s\n", SEARCH_VERSION);

	assert_string_equal(meta, want);
	free(meta);
	free(want);
}

/* ---- timings, as information ---- */

struct rng {
	uint64_t s;
};

static uint64_t
rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9E3779B97F4A7C15u);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
	return z ^ (z >> 31);
}

static size_t
rng_below(struct rng *r, size_t n)
{
	return (size_t)(rng_next(r) % n);
}

static const char *const bench_verbs[] = {
	"Создать", "Обеспечить", "Рассмотреть возможность", "Разработать",
	"Провести", "Расширить", "Предусмотреть", "Продолжить",
	"Сформировать", "Организовать", "Поддержать", "Увеличить", "Внедрить",
	"Упростить", "Усилить", "Включить", "Привлекать", "Информировать",
};

/* Common civic words in several forms. */
static const char *const bench_common[] = {
	"поддержки", "поддержку", "некоммерческих", "организаций",
	"организациям", "органами", "местного", "самоуправления",
	"муниципальных", "образований", "края", "региона", "государственной",
	"власти", "гражданского", "общества", "общественных", "инициатив",
	"социальной", "социальных", "сферы", "услуг", "оказания", "бюджетных",
	"средств", "доступа", "информации", "методических", "рекомендаций",
	"программ", "грантовой", "конкурса", "проектов", "мероприятий",
	"развития", "инфраструктуры", "ресурсных", "центров", "добровольчества",
	"волонтеров", "молодежи", "молодежной", "политики", "детей", "семей",
	"граждан", "населения", "жителей", "старшего", "поколения",
	"инвалидов", "здоровья", "образовательных", "учреждений", "школ",
	"культуры", "спорта", "здравоохранения", "экологии", "территорий",
	"сельских", "поселений", "городских", "районов", "мониторинга",
	"анализа", "оценки", "качества", "эффективности", "открытости",
	"механизмов", "системы", "порядка", "нормативных", "правовых", "актов",
	"законодательства", "изменений", "практик", "опыта", "лучших",
	"новых", "единой", "регулярной", "дополнительных", "специалистов",
	"сотрудников", "представителей", "экспертов", "сообщества",
	"партнерства", "сотрудничества", "координации", "деятельности",
	"работы", "обучения", "просвещения", "квалификации", "помощи",
	"профилактики", "безопасности", "благоустройства", "транспорта",
	"бюджета", "участия", "голосования", "обсуждения", "форума",
	"площадок", "советов", "палаты", "комиссии", "рабочей", "группы",
};

static const char *const bench_stop[] = {
	"в", "и", "на", "по", "для", "с", "о", "при", "а также", "в том числе",
};

static const char *const bench_syllables[] = {
	"ба", "ве", "го", "да", "жи", "зу", "ка", "ле", "ми", "но", "пу",
	"ра", "си", "то", "фу", "ха", "це", "чи", "ша", "ще", "бро", "вла",
	"гре", "дро", "зна", "кри", "пло", "стру", "тре", "хво",
};

static const char *const bench_endings[] = {
	"ов", "ами", "ах", "а", "у", "ой", "ы", "е", "ом", "ей",
};

/* A rare word: rank r of a vocabulary of 50,000, in a random form. */
static void
bench_rare(struct rng *r, struct buf *b)
{
	size_t rank = (size_t)exp((double)rng_below(r, 1000000) / 1e6 *
	    log(50000.0));
	size_t k = rank, ns = NITEMS(bench_syllables);

	buf_adds(b, bench_syllables[k % ns]);
	buf_adds(b, bench_syllables[(k / ns) % ns]);
	buf_adds(b, bench_syllables[(k / ns / ns) % ns]);
	if (k >= ns * ns * ns)
		buf_adds(b, bench_syllables[(k / ns / ns / ns) % ns]);
	buf_adds(b, bench_endings[rng_below(r, NITEMS(bench_endings))]);
}

/* A proposal of 12-35 words: half common, 40% rare, the rest function
 * words. */
static void
bench_text(struct rng *r, struct buf *b)
{
	size_t words = 12 + rng_below(r, 24), i, k;

	buf_reset(b);
	buf_adds(b, bench_verbs[rng_below(r, NITEMS(bench_verbs))]);
	for (i = 0; i < words; i++) {
		k = rng_below(r, 10);
		buf_addc(b, ' ');
		if (k < 5)
			buf_adds(b, bench_common[rng_below(r,
			    NITEMS(bench_common))]);
		else if (k < 9)
			bench_rare(r, b);
		else
			buf_adds(b, bench_stop[rng_below(r,
			    NITEMS(bench_stop))]);
		if (rng_below(r, 12) == 0)
			buf_addc(b, ',');
	}
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Times search_similar() on text; returns milliseconds. */
static double
time_similar(struct forum *f, const char *text, size_t *n, int *best)
{
	struct search_hit *h;
	double t0 = now_ms(), t;

	assert_int_equal(search_similar(f, text, 0, 10, &h, n), ST_OK);
	t = now_ms() - t0;
	*best = *n > 0 ? h[0].score : 0;
	search_hits_free(h, *n);
	return t;
}

static void
test_timing(void **state)
{
	struct fx *x = *state;
	const size_t total = 100000;
	struct rng r = { 42 };
	struct buf text = { 0 }, typed = { 0 };
	struct proposal p;
	struct search_hit *h;
	double t0, t, sum = 0, worst = 0;
	size_t i, n, hits, keys = 0;
	int best;
	const char *fresh = "Обеспечить поддержку некоммерческих организаций "
	    "в сфере социальных услуг для жителей сельских территорий";
	char *target;

	t0 = now_ms();
	assert_int_equal(forum_begin(x->f, NULL), ST_OK);
	for (i = 0; i < total; i++) {
		bench_text(&r, &text);
		add(x->f, i % 2 ? x->track1 : x->track2, buf_str(&text));
	}
	assert_int_equal(forum_commit(x->f), ST_OK);
	print_message("timing: %zu proposals written and indexed in %.0f ms\n",
	    total, now_ms() - t0);

	/* An existing proposal retyped with its first word left out. */
	assert_int_equal(proposal_get(x->f, 12345, &p), ST_OK);
	target = xstrdup(strchr(p.text, ' ') + 1);
	proposal_clear(&p);

	t = time_similar(x->f, fresh, &n, &best);
	print_message("timing: similar, a fresh sentence, cold cache: "
	    "%.2f ms (%zu hits, best %d%%)\n", t, n, best);
	t = time_similar(x->f, fresh, &n, &best);
	print_message("timing: similar, the same again, warm: %.2f ms\n", t);
	t = time_similar(x->f, target, &n, &best);
	print_message("timing: similar, an existing proposal retyped: "
	    "%.2f ms (%zu hits, best %d%%)\n", t, n, best);
	assert_int_equal(search_similar(x->f, target, 0, 1, &h, &hits),
	    ST_OK);
	print_message("timing: ... it finds proposal %lld (want 12345)\n",
	    hits ? (long long)h[0].id : -1LL);
	search_hits_free(h, hits);

	/* A save drops the cached frequencies. */
	add(x->f, x->track1, "Сбросить кэш частот");
	t = time_similar(x->f, target, &n, &best);
	print_message("timing: similar, the retyped one, first after a save "
	    "(cold cache): %.2f ms\n", t);

	/* Typing the fresh sentence, a character at a time, after a save. */
	add(x->f, x->track1, "Сбросить кэш частот ещё раз");
	for (i = 0; fresh[i] != '\0'; i++) {
		buf_addc(&typed, fresh[i]);
		if (((unsigned char)fresh[i + 1] & 0xC0) == 0x80)
			continue;
		t = time_similar(x->f, buf_str(&typed), &n, &best);
		sum += t;
		worst = t > worst ? t : worst;
		keys++;
	}
	print_message("timing: typing %zu characters: similar at each, "
	    "mean %.2f ms, worst %.2f ms\n", keys, sum / (double)keys, worst);

	t0 = now_ms();
	assert_int_equal(search_fulltext(x->f, "поддержка некоммерческих ",
	    NULL, 0, 50, &h, &n, &hits), ST_OK);
	search_hits_free(h, n);
	print_message("timing: fulltext 'поддержка некоммерческих ': "
	    "%.2f ms (%zu matches)\n", now_ms() - t0, hits);
	t0 = now_ms();
	assert_int_equal(search_fulltext(x->f, "поддержка нек", NULL, 0, 50,
	    &h, &n, &hits), ST_OK);
	search_hits_free(h, n);
	print_message("timing: fulltext 'поддержка нек' (prefix): "
	    "%.2f ms (%zu matches)\n", now_ms() - t0, hits);
	t0 = now_ms();
	assert_int_equal(search_fulltext(x->f, "брогома", NULL, 0, 50, &h, &n,
	    &hits), ST_OK);
	search_hits_free(h, n);
	print_message("timing: fulltext 'брогома' (a rarer word): "
	    "%.2f ms (%zu matches)\n", now_ms() - t0, hits);

	t0 = now_ms();
	assert_int_equal(search_reindex(x->f), ST_OK);
	print_message("timing: rebuilding the whole index: %.0f ms\n",
	    now_ms() - t0);
	free(target);
	buf_free(&text);
	buf_free(&typed);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stems),
		cmocka_unit_test(test_word_cache),
		cmocka_unit_test_setup_teardown(test_similar_word_forms, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_similar_order_and_limit,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_scores, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fts_syntax, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_index_follows, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_other_connection, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_rebuild_equals_incremental,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_batch_equals_rebuild,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_fulltext, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fulltext_relevance, setup,
		    teardown),
		cmocka_unit_test(test_upgrade),
		cmocka_unit_test_setup_teardown(test_create_marks_current, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_timing, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
