/*
 * test_resolution.c: the resolution assembler (model/resolution.c), rule
 * by rule from PRODUCT.md "The resolution": the parts in their order, the
 * draft mark, sections by addressee with numbers that close gaps and sort
 * as numbers, one proposal under several addressees, what is left out, the
 * "Рекомендовать" rule, the order set by the secretariat, and Russian dates.
 *
 * Each test builds a real forum file in a scratch directory of its own,
 * under $T when the runner sets it, else under /tmp.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "../../model/forum.h"
#include "../../model/records.h"
#include "../../model/resolution.h"
#include "../../model/status.h"
#include "../../model/text.h"
#include "../../model/util.h"

/* ---- scratch directory ---- */

struct scratch {
	char *dir;
	char *path; /* the forum file */
};

static int
scratch_setup(void **state)
{
	const char *base = getenv("T");
	struct scratch *s = xcalloc(1, sizeof *s);

	s->dir = xasprintf("%s/resolution-XXXXXX",
	    base && *base ? base : "/tmp");
	if (mkdtemp(s->dir) == NULL) {
		perror(s->dir);
		free(s->dir);
		free(s);
		return -1;
	}
	s->path = xasprintf("%s/forum.agora", s->dir);
	*state = s;
	return 0;
}

static int
scratch_teardown(void **state)
{
	struct scratch *s = *state;
	static const char *const suffixes[] = { "", "-wal", "-shm",
		"-journal" };
	size_t i;

	for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		char *p = xasprintf("%s%s", s->path, suffixes[i]);

		unlink(p);
		free(p);
	}
	rmdir(s->dir);
	free(s->path);
	free(s->dir);
	free(s);
	return 0;
}

/* ---- helpers ---- */

#define assert_ok(f, expr)                                                 \
	do {                                                               \
		enum status st_ = (expr);                                  \
		if (st_ != ST_OK)                                          \
			fail_msg("%s: %s (%s)", #expr, status_text(st_),   \
			    forum_error(f));                               \
	} while (0)

#define TITLE "Резолюция IX Гражданского форума."
#define PARTICIPANTS "В работе Форума приняли участие:"
#define THEMES "Ключевыми темами для обсуждения на Форуме стали:"
#define LEAD_IN "По итогам работы Форума участниками были сформулированы " \
	"следующие предложения:"

/* A new forum with the reference's forum record (a draft). */
static struct forum *
forum_new(void **state)
{
	struct scratch *s = *state;
	struct forum_info fi = {
		.title = (char *)"IX Гражданский форум",
		.resolution_title = (char *)TITLE,
		.city = (char *)"Г. Красноярск",
		.start_date = (char *)"2017-12-15",
		.end_date = (char *)"2017-12-16",
		.doc_date = (char *)"2018-01-30",
		.participants_intro = (char *)PARTICIPANTS,
		.themes_intro = (char *)THEMES,
		.lead_in = (char *)LEAD_IN,
	};
	struct forum *f = NULL;
	char *err = NULL;

	assert_int_equal(forum_open(s->path, FORUM_CREATE, &f, &err), ST_OK);
	assert_null(err);
	assert_ok(f, forum_begin(f, NULL));
	assert_ok(f, forum_info_set(f, &fi));
	assert_ok(f, forum_commit(f));
	return f;
}

/* Changes one thing of the forum record through a callback. */
static void
info_edit(struct forum *f, void (*edit)(struct forum_info *))
{
	struct forum_info fi;

	assert_ok(f, forum_info_get(f, &fi));
	edit(&fi);
	assert_ok(f, forum_info_set(f, &fi));
	forum_info_free(&fi);
}

static void
set_final(struct forum_info *fi)
{
	fi->final = true;
}

static void
clear_place(struct forum_info *fi)
{
	free(fi->city);
	free(fi->doc_date);
	fi->city = xstrdup("");
	fi->doc_date = xstrdup("");
}

static void
clear_lead_in(struct forum_info *fi)
{
	free(fi->lead_in);
	fi->lead_in = xstrdup("");
}

static int64_t
add_track(struct forum *f, const char *label, const char *title)
{
	struct track t = { .label = (char *)label, .title = (char *)title };

	assert_ok(f, track_insert(f, &t));
	return t.rec.id;
}

static int64_t
add_addressee(struct forum *f, const char *label, const char *heading,
    bool recommend)
{
	struct addressee a = {
		.label = (char *)label,
		.heading = (char *)heading,
		.recommend = recommend,
	};

	assert_ok(f, addressee_insert(f, &a));
	return a.rec.id;
}

static int64_t
add_proposal(struct forum *f, int64_t track, const char *text, int status)
{
	struct proposal p = {
		.track_id = track,
		.text = (char *)text,
		.status = status,
	};

	assert_ok(f, proposal_insert(f, &p));
	return p.rec.id;
}

/* An accepted proposal tagged with the addressees given (0 ends). */
static int64_t
add_accepted(struct forum *f, int64_t track, const char *text, ...)
{
	int64_t pid = add_proposal(f, track, text, PROPOSAL_ACCEPTED), aid;
	va_list ap;

	va_start(ap, text);
	while ((aid = va_arg(ap, int64_t)) != 0)
		assert_ok(f, proposal_tag(f, pid, aid));
	va_end(ap);
	return pid;
}

/* The id of the link between a proposal and an addressee. */
static int64_t
link_id(struct forum *f, int64_t pid, int64_t aid)
{
	sqlite3_stmt *st = NULL;
	int64_t id = 0;

	assert_int_equal(sqlite3_prepare_v2(forum_db(f), "SELECT id FROM "
	    "proposal_addressee WHERE proposal_id = ? AND addressee_id = ?",
	    -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, pid);
	sqlite3_bind_int64(st, 2, aid);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	assert_true(id > 0);
	return id;
}

static struct resolution *
assemble(struct forum *f)
{
	struct resolution *r = NULL;

	assert_ok(f, resolution_assemble(f, &r));
	assert_non_null(r);
	return r;
}

/* The document's outline: its blocks' kinds, comma-separated; the
 * lead-in paragraph shows as "lead".  Caller frees. */
static char *
outline(const struct resolution *r)
{
	static const char *const names[] = {
		[BLOCK_DRAFT] = "draft", [BLOCK_TITLE] = "title",
		[BLOCK_PLACE] = "place", [BLOCK_PARAGRAPH] = "para",
		[BLOCK_LIST] = "list", [BLOCK_SECTION] = "section",
	};
	struct buf b = {0};
	size_t i;

	for (i = 0; i < r->nblocks; i++) {
		const struct doc_block *blk = &r->blocks[i];

		if (i > 0)
			buf_addc(&b, ',');
		buf_adds(&b, blk->kind == BLOCK_PARAGRAPH && blk->lead_in ?
		    "lead" : names[blk->kind]);
	}
	return buf_steal(&b);
}

static void
assert_outline(const struct resolution *r, const char *want)
{
	char *got = outline(r);

	assert_string_equal(got, want);
	free(got);
}

/* The n-th block of kind (0-based), or fails. */
static const struct doc_block *
nth_block(const struct resolution *r, enum block_kind kind, size_t n)
{
	size_t i, k = n;

	for (i = 0; i < r->nblocks; i++)
		if (r->blocks[i].kind == kind && k-- == 0)
			return &r->blocks[i];
	fail_msg("no block %zu of kind %d", n, (int)kind);
	return NULL;
}

/* A section's items as "number text|number text|...".  Caller frees. */
static char *
items_of(const struct doc_block *blk)
{
	struct buf b = {0};
	size_t i;

	for (i = 0; i < blk->nitems; i++)
		buf_printf(&b, "%s%s %s", i ? "|" : "", blk->items[i].number,
		    blk->items[i].text);
	return buf_steal(&b);
}

static void
assert_items(const struct doc_block *blk, const char *want)
{
	char *got = items_of(blk);

	assert_string_equal(got, want);
	free(got);
}

static void
assert_numbers(const struct resolution *r, int64_t pid, const char *want)
{
	char *got = resolution_numbers_of(r, pid);

	if (want == NULL) {
		assert_null(got);
		return;
	}
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

/* ---- the parts ---- */

static void
test_empty_forum(void **state)
{
	struct forum *f = forum_new(state);
	struct resolution *r = assemble(f);
	const struct doc_block *blk;

	assert_outline(r, "draft,title,place,lead");
	assert_true(r->draft);
	assert_string_equal(r->blocks[0].text, "ПРОЕКТ");
	assert_string_equal(r->blocks[1].text, TITLE);
	assert_string_equal(r->title, TITLE);
	assert_string_equal(r->date_iso, "2018-01-30");
	blk = &r->blocks[2];
	assert_string_equal(blk->place, "Г. Красноярск");
	assert_string_equal(blk->date, "30 января 2018 г.");
	assert_string_equal(r->blocks[3].text, LEAD_IN);
	assert_true(r->blocks[3].lead_in);
	assert_int_equal(r->nproposals, 0);
	assert_numbers(r, 1, NULL);
	resolution_free(r);

	/* Marked final: no draft mark. */
	info_edit(f, set_final);
	r = assemble(f);
	assert_outline(r, "title,place,lead");
	assert_false(r->draft);
	assert_string_equal(r->blocks[0].text, TITLE);
	resolution_free(r);

	/* No place and no date: no place line; no lead-in: none either. */
	info_edit(f, clear_place);
	r = assemble(f);
	assert_outline(r, "title,lead");
	resolution_free(r);
	info_edit(f, clear_lead_in);
	r = assemble(f);
	assert_outline(r, "title");
	assert_string_equal(r->date_iso, "");
	resolution_free(r);

	resolution_free(NULL); /* harmless */
	forum_close(f);
}

static void
test_structure(void **state)
{
	struct forum *f = forum_new(state);
	int64_t t1, t2, t3, a, o1, o2, c1, g1;
	const struct doc_block *blk;
	struct resolution *r;
	struct track t;

	assert_ok(f, paragraph_insert(f, PARA_OPENING, "Форум проведён 15–16 "
	    "декабря 2017 года.", &o1));
	assert_ok(f, paragraph_insert(f, PARA_CLOSING, "Форуму предшествовала "
	    "кампания.", &c1));
	assert_ok(f, paragraph_insert(f, PARA_OPENING, "Организаторы форума.",
	    &o2));
	assert_ok(f, group_insert(f, "представители органов власти", &g1));
	assert_ok(f, group_insert(f, "некоммерческие организации", NULL));
	t1 = add_track(f, "Эко", "Экология");
	t2 = add_track(f, "Соц", "Социальная политика");
	t3 = add_track(f, "Обр", "Образование");
	a = add_addressee(f, "Правительство", "Правительству края", false);
	add_accepted(f, t1, "Создать экологический совет.", a, (int64_t)0);

	r = assemble(f);
	assert_outline(r, "draft,title,place,para,para,para,list,para,list,"
	    "para,lead,section");
	assert_string_equal(r->blocks[3].text, "Форум проведён 15–16 декабря "
	    "2017 года.");
	assert_string_equal(r->blocks[4].text, "Организаторы форума.");
	assert_string_equal(r->blocks[5].text, PARTICIPANTS);
	assert_false(r->blocks[5].lead_in);
	blk = &r->blocks[6];
	assert_int_equal(blk->nitems, 2);
	assert_string_equal(blk->items[0].number, "1.");
	assert_string_equal(blk->items[0].text, "представители органов власти");
	assert_string_equal(blk->items[1].number, "2.");
	assert_string_equal(blk->items[1].text, "некоммерческие организации");
	assert_int_equal(blk->items[1].proposal_id, 0);
	assert_null(blk->items[1].proposal_uuid);
	assert_string_equal(r->blocks[7].text, THEMES);
	blk = &r->blocks[8];
	assert_int_equal(blk->nitems, 3);
	assert_string_equal(blk->items[0].text, "Экология");
	assert_string_equal(blk->items[2].number, "3.");
	assert_string_equal(blk->items[2].text, "Образование");
	assert_string_equal(r->blocks[9].text, "Форуму предшествовала "
	    "кампания.");
	assert_string_equal(r->blocks[10].text, LEAD_IN);
	assert_string_equal(r->blocks[11].number, "1.");
	assert_string_equal(r->blocks[11].text, "Правительству края:");
	resolution_free(r);

	/* The order set for tracks, groups and paragraphs is the order
	 * printed; a deleted track is no theme. */
	assert_ok(f, record_move(f, "track", t3, 1));
	assert_ok(f, record_move(f, "participant_group", g1, 2));
	assert_ok(f, record_move(f, "paragraph", o2, 1));
	assert_ok(f, track_get(f, t2, &t));
	t.rec.deleted = true;
	assert_ok(f, track_update(f, &t));
	track_clear(&t);
	assert_ok(f, text_rec_update(f, "paragraph", o1, "Форум проведён."));
	r = assemble(f);
	assert_outline(r, "draft,title,place,para,para,para,list,para,list,"
	    "para,lead,section");
	assert_string_equal(r->blocks[3].text, "Организаторы форума.");
	assert_string_equal(r->blocks[4].text, "Форум проведён.");
	blk = &r->blocks[6];
	assert_string_equal(blk->items[0].text, "некоммерческие организации");
	assert_string_equal(blk->items[1].number, "2.");
	assert_string_equal(blk->items[1].text, "представители органов власти");
	blk = &r->blocks[8];
	assert_int_equal(blk->nitems, 2);
	assert_string_equal(blk->items[0].number, "1.");
	assert_string_equal(blk->items[0].text, "Образование");
	assert_string_equal(blk->items[1].number, "2.");
	assert_string_equal(blk->items[1].text, "Экология");
	resolution_free(r);
	forum_close(f);
}

/* Without participant groups, their intro is left out too. */
static void
test_themes_only(void **state)
{
	struct forum *f = forum_new(state);
	struct resolution *r;

	add_track(f, "Эко", "Экология");
	r = assemble(f);
	assert_outline(r, "draft,title,place,para,list,lead");
	assert_string_equal(r->blocks[3].text, THEMES);
	assert_string_equal(r->blocks[4].items[0].number, "1.");
	assert_string_equal(r->blocks[4].items[0].text, "Экология");
	resolution_free(r);
	forum_close(f);
}

/* ---- sections ---- */

static void
test_gap_closes(void **state)
{
	struct forum *f = forum_new(state);
	int64_t t, a1, a2, a3, p1, p4, p5, rej;
	const struct doc_block *s1, *s2;
	struct resolution *r;

	t = add_track(f, "Эко", "Экология");
	a1 = add_addressee(f, "Правительство", "Правительству края", false);
	a2 = add_addressee(f, "Минобр", "Министерству образования", false);
	a3 = add_addressee(f, "ОМСУ", "Органам местного самоуправления", false);
	p1 = add_accepted(f, t, "Первое.", a1, (int64_t)0);
	rej = add_proposal(f, t, "Отклонённое.", PROPOSAL_REJECTED);
	assert_ok(f, proposal_tag(f, rej, a2));
	assert_ok(f, proposal_tag(f, add_proposal(f, t, "Новое.",
	    PROPOSAL_NEW), a2));
	p4 = add_accepted(f, t, "Четвёртое.", a3, (int64_t)0);
	p5 = add_accepted(f, t, "Пятое.", a3, (int64_t)0);

	r = assemble(f);
	assert_outline(r, "draft,title,place,para,list,lead,section,section");
	s1 = nth_block(r, BLOCK_SECTION, 0);
	s2 = nth_block(r, BLOCK_SECTION, 1);
	assert_string_equal(s1->number, "1.");
	assert_string_equal(s1->text, "Правительству края:");
	assert_int_equal(s1->addressee_id, a1);
	assert_items(s1, "1.1. Первое.");
	assert_string_equal(s2->number, "2.");
	assert_string_equal(s2->text, "Органам местного самоуправления:");
	assert_int_equal(s2->addressee_id, a3);
	assert_items(s2, "2.1. Четвёртое.|2.2. Пятое.");
	assert_int_equal(r->nproposals, 3);
	assert_numbers(r, p1, "1.1.");
	assert_numbers(r, p5, "2.2.");
	assert_numbers(r, rej, NULL);
	assert_int_equal(s2->items[0].proposal_id, p4);
	resolution_free(r);

	/* Accepting the rejected one brings its addressee back as 2. */
	{
		struct proposal p;

		assert_ok(f, proposal_get(f, rej, &p));
		p.status = PROPOSAL_ACCEPTED;
		assert_ok(f, proposal_update(f, &p));
		proposal_clear(&p);
	}
	r = assemble(f);
	assert_outline(r, "draft,title,place,para,list,lead,section,section,"
	    "section");
	assert_int_equal(nth_block(r, BLOCK_SECTION, 1)->addressee_id, a2);
	assert_items(nth_block(r, BLOCK_SECTION, 1), "2.1. Отклонённое.");
	assert_string_equal(nth_block(r, BLOCK_SECTION, 2)->number, "3.");
	assert_numbers(r, p5, "3.2.");
	resolution_free(r);
	forum_close(f);
}

static void
test_numbers_sort_as_numbers(void **state)
{
	struct forum *f = forum_new(state);
	const struct doc_block *sec;
	struct resolution *r;
	int64_t t, a, ids[12];
	size_t i, at9 = 0, at10 = 0;
	char want[32], text[64];

	t = add_track(f, "Эко", "Экология");
	a = add_addressee(f, "Правительство", "Правительству края", false);
	for (i = 0; i < 12; i++) {
		snprintf(text, sizeof text, "Пункт %zu.", i + 1);
		ids[i] = add_proposal(f, t, text, PROPOSAL_ACCEPTED);
	}
	/* Tagged in reverse: the order under the addressee is the order of
	 * tagging, not of capture. */
	for (i = 12; i-- > 0;)
		assert_ok(f, proposal_tag(f, ids[i], a));

	r = assemble(f);
	sec = nth_block(r, BLOCK_SECTION, 0);
	assert_int_equal(sec->nitems, 12);
	assert_int_equal(r->nproposals, 12);
	for (i = 0; i < 12; i++) {
		snprintf(want, sizeof want, "1.%zu.", i + 1);
		assert_string_equal(sec->items[i].number, want);
		snprintf(text, sizeof text, "Пункт %zu.", 12 - i);
		assert_string_equal(sec->items[i].text, text);
		assert_int_equal(sec->items[i].proposal_id, ids[11 - i]);
		if (strcmp(sec->items[i].number, "1.9.") == 0)
			at9 = i;
		if (strcmp(sec->items[i].number, "1.10.") == 0)
			at10 = i;
	}
	assert_int_equal(at9, 8);
	assert_int_equal(at10, 9);
	assert_true(at9 < at10);
	assert_string_equal(sec->items[11].number, "1.12.");
	assert_numbers(r, ids[0], "1.12.");
	assert_numbers(r, ids[2], "1.10.");
	resolution_free(r);
	forum_close(f);
}

static void
test_one_proposal_many_addressees(void **state)
{
	struct forum *f = forum_new(state);
	int64_t t, a1, a2, a3, p, q;
	struct resolution *r;
	struct proposal got;
	size_t i;

	t = add_track(f, "Эко", "Экология");
	a1 = add_addressee(f, "Правительство", "Правительству края", false);
	a2 = add_addressee(f, "Минобр", "Министерству образования", false);
	a3 = add_addressee(f, "ОМСУ", "Органам местного самоуправления", false);
	p = add_accepted(f, t, "Общее предложение.", a1, a2, a3, (int64_t)0);

	r = assemble(f);
	assert_outline(r, "draft,title,place,para,list,lead,section,section,"
	    "section");
	assert_ok(f, proposal_get(f, p, &got));
	for (i = 0; i < 3; i++) {
		const struct doc_block *s = nth_block(r, BLOCK_SECTION, i);

		assert_int_equal(s->nitems, 1);
		assert_int_equal(s->items[0].proposal_id, p);
		assert_string_equal(s->items[0].proposal_uuid, got.rec.uuid);
		assert_string_equal(s->items[0].text, "Общее предложение.");
	}
	proposal_clear(&got);
	assert_items(nth_block(r, BLOCK_SECTION, 0), "1.1. Общее предложение.");
	assert_items(nth_block(r, BLOCK_SECTION, 2), "3.1. Общее предложение.");
	assert_int_equal(r->nproposals, 3);
	assert_numbers(r, p, "1.1., 2.1., 3.1.");
	resolution_free(r);

	/* Another item before it under the second addressee only. */
	q = add_accepted(f, t, "Только министерству.", a2, (int64_t)0);
	assert_ok(f, record_move(f, "proposal_addressee", link_id(f, q, a2),
	    1));
	r = assemble(f);
	assert_numbers(r, p, "1.1., 2.2., 3.1.");
	assert_numbers(r, q, "2.1.");
	assert_int_equal(r->nproposals, 4);
	resolution_free(r);

	/* Untagged from one: it stands under the two others. */
	assert_ok(f, proposal_untag(f, p, a1));
	r = assemble(f);
	assert_outline(r, "draft,title,place,para,list,lead,section,section");
	assert_numbers(r, p, "1.2., 2.1.");
	resolution_free(r);
	forum_close(f);
}

static void
test_left_out(void **state)
{
	struct forum *f = forum_new(state);
	int64_t t, a, gone, keep, rej, fresh, merged, del, untagged, lost;
	struct addressee ad;
	struct resolution *r;

	t = add_track(f, "Эко", "Экология");
	a = add_addressee(f, "Правительство", "Правительству края", false);
	gone = add_addressee(f, "Старое", "Упразднённому ведомству", false);
	keep = add_accepted(f, t, "Принятое.", a, (int64_t)0);
	rej = add_proposal(f, t, "Отклонённое.", PROPOSAL_REJECTED);
	assert_ok(f, proposal_tag(f, rej, a));
	fresh = add_proposal(f, t, "Новое.", PROPOSAL_NEW);
	assert_ok(f, proposal_tag(f, fresh, a));
	{
		struct proposal p = { .track_id = t, .text = (char *)"Слитое.",
			.status = PROPOSAL_MERGED, .merged_into = keep };

		assert_ok(f, proposal_insert(f, &p));
		merged = p.rec.id;
		assert_ok(f, proposal_tag(f, merged, a));
	}
	del = add_accepted(f, t, "Удалённое.", a, (int64_t)0);
	assert_ok(f, proposal_delete(f, del));
	untagged = add_accepted(f, t, "Снятое с адресата.", a, (int64_t)0);
	assert_ok(f, proposal_untag(f, untagged, a));
	add_proposal(f, t, "Принятое без адресата.", PROPOSAL_ACCEPTED);
	lost = add_accepted(f, t, "Адресату, которого нет.", gone, (int64_t)0);
	assert_ok(f, addressee_get(f, gone, &ad));
	ad.rec.deleted = true;
	assert_ok(f, addressee_update(f, &ad));
	addressee_clear(&ad);

	r = assemble(f);
	assert_outline(r, "draft,title,place,para,list,lead,section");
	assert_items(nth_block(r, BLOCK_SECTION, 0), "1.1. Принятое.");
	assert_int_equal(r->nproposals, 1);
	assert_numbers(r, keep, "1.1.");
	assert_numbers(r, rej, NULL);
	assert_numbers(r, fresh, NULL);
	assert_numbers(r, merged, NULL);
	assert_numbers(r, del, NULL);
	assert_numbers(r, untagged, NULL);
	assert_numbers(r, lost, NULL);
	resolution_free(r);

	/* Tagged again, the untagged one comes back at the end. */
	assert_ok(f, proposal_tag(f, untagged, a));
	r = assemble(f);
	assert_items(nth_block(r, BLOCK_SECTION, 0),
	    "1.1. Принятое.|1.2. Снятое с адресата.");
	resolution_free(r);
	forum_close(f);
}

/* ---- the recommendation rule ---- */

static void
assert_recommend(const char *text, const char *want)
{
	char *got = resolution_recommend(text);

	assert_string_equal(got, want);
	free(got);
}

static void
test_recommend_rule(void **state)
{
	(void)state;
	assert_recommend("Расширить спектр услуг.",
	    "Рекомендовать расширить спектр услуг.");
	assert_recommend("Обеспечить доступ.", "Рекомендовать обеспечить "
	    "доступ.");
	assert_recommend("обеспечить доступ.", "Рекомендовать обеспечить "
	    "доступ.");
	assert_recommend("В рамках программы провести конкурс.",
	    "Рекомендовать в рамках программы провести конкурс.");
	assert_recommend("Ёлку установить.", "Рекомендовать ёлку установить.");
	/* Never twice. */
	assert_recommend("Рекомендовать провести форум.",
	    "Рекомендовать провести форум.");
	assert_recommend("  Рекомендовать провести форум.",
	    "Рекомендовать провести форум.");
	assert_recommend("\tРасширить спектр.", "Рекомендовать расширить "
	    "спектр.");
	assert_recommend("   Расширить спектр.", "Рекомендовать расширить "
	    "спектр.");
	{
		static const char *const already[] = {
			"рекомендовать провести форум.",
			"  рекомендовать провести форум.",
			"РЕКОМЕНДОВАТЬ провести форум.",
		};
		size_t i;

		for (i = 0; i < sizeof already / sizeof already[0]; i++) {
			char *got = resolution_recommend(already[i]);
			struct buf folded = {0};

			text_fold(&folded, got, strlen(got), true);
			assert_string_equal(buf_str(&folded),
			    "рекомендовать провести форум.");
			buf_free(&folded);
			free(got);
		}
	}
	/* An abbreviation keeps its capitals. */
	assert_recommend("СМИ освещать работу форума.",
	    "Рекомендовать СМИ освещать работу форума.");
	assert_recommend("НКО привлекать волонтёров.",
	    "Рекомендовать НКО привлекать волонтёров.");
	assert_recommend("ОМСУ разработать программу.",
	    "Рекомендовать ОМСУ разработать программу.");
}

static void
test_recommend_assembly(void **state)
{
	struct forum *f = forum_new(state);
	int64_t t, gov, omsu, wide, p;
	const struct doc_block *sec;
	struct resolution *r;

	t = add_track(f, "Эко", "Экология");
	gov = add_addressee(f, "Правительство", "Правительству края", false);
	omsu = add_addressee(f, "ОМСУ", "Органам местного самоуправления",
	    true);
	wide = add_accepted(f, t, "Расширить спектр услуг.", gov, omsu,
	    (int64_t)0);
	add_accepted(f, t, "Рекомендовать провести форум.", omsu, (int64_t)0);
	add_accepted(f, t, "рекомендовать провести опрос.", omsu, (int64_t)0);
	add_accepted(f, t, "СМИ освещать работу.", omsu, (int64_t)0);
	add_accepted(f, t, "  Создать совет.", omsu, (int64_t)0);
	add_accepted(f, t, "Рекомендовать министерству рассмотреть.", gov,
	    (int64_t)0);

	r = assemble(f);
	sec = nth_block(r, BLOCK_SECTION, 0);
	assert_int_equal(sec->addressee_id, gov);
	/* A body the forum directs: the text as captured. */
	assert_items(sec, "1.1. Расширить спектр услуг.|"
	    "1.2. Рекомендовать министерству рассмотреть.");
	sec = nth_block(r, BLOCK_SECTION, 1);
	assert_int_equal(sec->addressee_id, omsu);
	assert_int_equal(sec->nitems, 5);
	assert_string_equal(sec->items[0].text,
	    "Рекомендовать расширить спектр услуг.");
	assert_string_equal(sec->items[1].text,
	    "Рекомендовать провести форум.");
	/* Lower-case, it is still not doubled. */
	{
		const char *s = sec->items[2].text, *hit;
		size_t n = strlen("екомендовать");

		hit = strstr(s, "екомендовать");
		assert_true(hit == s + 2); /* after the two bytes of "р" */
		assert_null(strstr(hit + n, "екомендовать"));
		assert_non_null(strstr(s, "провести опрос."));
	}
	assert_string_equal(sec->items[3].text,
	    "Рекомендовать СМИ освещать работу.");
	assert_string_equal(sec->items[4].text, "Рекомендовать создать совет.");
	resolution_free(r);

	/* Applied at assembly, never stored, so never twice. */
	{
		struct proposal got;

		assert_ok(f, proposal_get(f, wide, &got));
		assert_string_equal(got.text, "Расширить спектр услуг.");
		proposal_clear(&got);
	}
	r = assemble(f);
	assert_string_equal(nth_block(r, BLOCK_SECTION, 1)->items[0].text,
	    "Рекомендовать расширить спектр услуг.");
	resolution_free(r);

	/* The setting is read at assembly: switched off, the text returns. */
	{
		struct addressee a;

		assert_ok(f, addressee_get(f, omsu, &a));
		a.recommend = false;
		assert_ok(f, addressee_update(f, &a));
		addressee_clear(&a);
	}
	r = assemble(f);
	assert_string_equal(nth_block(r, BLOCK_SECTION, 1)->items[0].text,
	    "Расширить спектр услуг.");
	p = nth_block(r, BLOCK_SECTION, 1)->items[0].proposal_id;
	assert_int_equal(p, wide);
	resolution_free(r);
	forum_close(f);
}

/* ---- order ---- */

static void
test_order_set(void **state)
{
	struct forum *f = forum_new(state);
	int64_t t, a, b, p1, p2, p3, p4;
	struct resolution *r;

	t = add_track(f, "Эко", "Экология");
	a = add_addressee(f, "Правительство", "Правительству края", false);
	b = add_addressee(f, "ОМСУ", "Органам местного самоуправления", false);
	p1 = add_accepted(f, t, "П1.", a, (int64_t)0);
	p2 = add_accepted(f, t, "П2.", a, b, (int64_t)0);
	p3 = add_accepted(f, t, "П3.", a, b, (int64_t)0);
	p4 = add_accepted(f, t, "П4.", a, (int64_t)0);

	assert_ok(f, record_move(f, "proposal_addressee", link_id(f, p4, a),
	    1));
	r = assemble(f);
	assert_items(nth_block(r, BLOCK_SECTION, 0),
	    "1.1. П4.|1.2. П1.|1.3. П2.|1.4. П3.");
	/* Moving under one addressee leaves the other's order alone. */
	assert_items(nth_block(r, BLOCK_SECTION, 1), "2.1. П2.|2.2. П3.");
	resolution_free(r);

	assert_ok(f, record_move(f, "proposal_addressee", link_id(f, p4, a),
	    3));
	assert_ok(f, record_move(f, "proposal_addressee", link_id(f, p3, b),
	    1));
	r = assemble(f);
	assert_items(nth_block(r, BLOCK_SECTION, 0),
	    "1.1. П1.|1.2. П2.|1.3. П4.|1.4. П3.");
	assert_items(nth_block(r, BLOCK_SECTION, 1), "2.1. П3.|2.2. П2.");
	resolution_free(r);

	/* The addressees' order is the sections' order. */
	assert_ok(f, record_move(f, "addressee", b, 1));
	r = assemble(f);
	assert_int_equal(nth_block(r, BLOCK_SECTION, 0)->addressee_id, b);
	assert_items(nth_block(r, BLOCK_SECTION, 0), "1.1. П3.|1.2. П2.");
	assert_items(nth_block(r, BLOCK_SECTION, 1),
	    "2.1. П1.|2.2. П2.|2.3. П4.|2.4. П3.");
	assert_numbers(r, p3, "1.1., 2.4.");
	resolution_free(r);

	/* A gap in the items closes too. */
	assert_ok(f, proposal_untag(f, p2, a));
	r = assemble(f);
	assert_items(nth_block(r, BLOCK_SECTION, 1),
	    "2.1. П1.|2.2. П4.|2.3. П3.");
	resolution_free(r);

	/* And an undo of the move restores the order. */
	assert_ok(f, forum_undo(f, NULL));
	assert_ok(f, forum_undo(f, NULL));
	r = assemble(f);
	assert_int_equal(nth_block(r, BLOCK_SECTION, 0)->addressee_id, a);
	assert_items(nth_block(r, BLOCK_SECTION, 0),
	    "1.1. П1.|1.2. П2.|1.3. П4.|1.4. П3.");
	assert_numbers(r, p1, "1.1.");
	resolution_free(r);
	forum_close(f);
}

/* ---- one proposal's numbers without the assembly ---- */

/* resolution_numbers_for() of pid, checked against want (NULL: none) and
 * the in-draft flag. */
static void
assert_numbers_for(struct forum *f, int64_t pid, const char *want,
    bool in_draft)
{
	char *got = (char *)"not set";
	bool draft = !in_draft;

	assert_ok(f, resolution_numbers_for(f, pid, &got, &draft));
	if (want == NULL) {
		assert_null(got);
		assert_false(draft);
		return;
	}
	assert_non_null(got);
	assert_string_equal(got, want);
	assert_true(draft == in_draft);
	free(got);
}

static uint64_t
lcg_next(uint64_t *s)
{
	*s = *s * 6364136223846793005u + 1442695040888963407u;
	return *s >> 33;
}

/*
 * Every proposal of a forum made at random (statuses, tags, moves,
 * untags, deletions, a deleted addressee, reordered addressees): the
 * numbers counted agree with the assembled document's, and for one not in
 * the document, with the document assembled once it is accepted.
 */
static void
check_all_numbers(struct forum *f, const int64_t *pids, size_t n)
{
	struct resolution *r = assemble(f), *r2;
	struct proposal p;
	size_t i;

	for (i = 0; i < n; i++) {
		char *want = resolution_numbers_of(r, pids[i]), *got = NULL;
		bool draft = false;

		assert_ok(f, resolution_numbers_for(f, pids[i], &got, &draft));
		if (want != NULL) {
			if (got == NULL || strcmp(got, want) != 0 || !draft)
				fail_msg("proposal %lld: counted %s, assembled "
				    "%s", (long long)pids[i],
				    got ? got : "none", want);
			free(want);
			free(got);
			continue;
		}
		assert_false(draft);
		if (got == NULL)
			continue;
		/* Not in the draft: what it would be once accepted. */
		assert_ok(f, forum_begin(f, "what if"));
		assert_ok(f, proposal_get(f, pids[i], &p));
		p.status = PROPOSAL_ACCEPTED;
		p.merged_into = 0;
		assert_ok(f, proposal_update(f, &p));
		proposal_clear(&p);
		r2 = assemble(f);
		want = resolution_numbers_of(r2, pids[i]);
		resolution_free(r2);
		forum_rollback(f);
		if (want == NULL || strcmp(got, want) != 0)
			fail_msg("proposal %lld: would be %s, assembled %s",
			    (long long)pids[i], got, want ? want : "none");
		free(want);
		free(got);
	}
	resolution_free(r);
}

static void
test_numbers_for(void **state)
{
	struct forum *f = forum_new(state);
	int64_t t, a[6], pids[120], p, q;
	struct addressee ad;
	uint64_t seed = 7;
	size_t i, k, n = sizeof pids / sizeof pids[0];
	char text[64];

	t = add_track(f, "Эко", "Экология");
	for (k = 0; k < 6; k++) {
		snprintf(text, sizeof text, "Адресат %zu", k);
		a[k] = add_addressee(f, text, text, k == 2);
	}

	/* The simple cases first. */
	p = add_accepted(f, t, "Первое.", a[1], a[3], (int64_t)0);
	assert_numbers_for(f, p, "1.1., 2.1.", true);
	q = add_proposal(f, t, "Новое.", PROPOSAL_NEW);
	assert_numbers_for(f, q, NULL, false);
	assert_ok(f, proposal_tag(f, q, a[3]));
	assert_ok(f, proposal_tag(f, q, a[0]));
	/* Accepted, it would open a section before the others. */
	assert_numbers_for(f, q, "1.1., 3.2.", false);
	assert_ok(f, proposal_delete(f, p));
	assert_numbers_for(f, p, NULL, false);
	assert_numbers_for(f, 999999, NULL, false);
	assert_numbers_for(f, q, "1.1., 2.1.", false);

	/* Then a forum made at random, checked after each kind of change. */
	for (i = 0; i < n; i++) {
		static const int statuses[] = { PROPOSAL_ACCEPTED,
			PROPOSAL_ACCEPTED, PROPOSAL_ACCEPTED, PROPOSAL_NEW,
			PROPOSAL_REJECTED };
		struct proposal pr = { .track_id = t };

		snprintf(text, sizeof text, "Предложение %zu.", i);
		pr.text = text;
		pr.status = statuses[lcg_next(&seed) % 5];
		if (lcg_next(&seed) % 10 == 0 && i > 0) {
			pr.status = PROPOSAL_MERGED;
			pr.merged_into = pids[0];
		}
		assert_ok(f, proposal_insert(f, &pr));
		pids[i] = pr.rec.id;
		for (k = 0; k < 6; k++)
			if (lcg_next(&seed) % 4 == 0)
				assert_ok(f, proposal_tag(f, pids[i], a[k]));
	}
	check_all_numbers(f, pids, n);

	for (i = 0; i < 30; i++) {
		int64_t pid = pids[lcg_next(&seed) % n];
		int64_t aid = a[lcg_next(&seed) % 6];

		if (proposal_tag(f, pid, aid) == ST_OK)
			(void)record_move(f, "proposal_addressee",
			    link_id(f, pid, aid),
			    (int64_t)(lcg_next(&seed) % 20) + 1);
	}
	check_all_numbers(f, pids, n);

	for (i = 0; i < 15; i++) {
		enum status st;

		assert_ok(f, proposal_untag(f, pids[lcg_next(&seed) % n],
		    a[lcg_next(&seed) % 6]));
		/* Deleting one deleted already finds nothing: fine. */
		st = proposal_delete(f, pids[lcg_next(&seed) % n]);

		assert_true(st == ST_OK || st == ST_NOTFOUND);
	}
	assert_ok(f, record_move(f, "addressee", a[5], 1));
	assert_ok(f, record_move(f, "addressee", a[0], 4));
	check_all_numbers(f, pids, n);

	assert_ok(f, addressee_get(f, a[1], &ad));
	ad.rec.deleted = true;
	assert_ok(f, addressee_update(f, &ad));
	addressee_clear(&ad);
	check_all_numbers(f, pids, n);
	forum_close(f);
}

/* ---- dates ---- */

static void
assert_date(const char *iso, const char *want)
{
	char *got = NULL;

	assert_true(date_valid(iso));
	assert_int_equal(date_russian(iso, &got), ST_OK);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void
assert_not_date(const char *iso)
{
	char *got = (char *)"not set";

	if (date_valid(iso))
		fail_msg("\"%s\" taken for a date", iso);
	assert_int_equal(date_russian(iso, &got), ST_INVALID);
	assert_null(got);
}

static void
test_dates(void **state)
{
	static const char *const want[] = {
		"1 января 2018 г.", "1 февраля 2018 г.", "1 марта 2018 г.",
		"1 апреля 2018 г.", "1 мая 2018 г.", "1 июня 2018 г.",
		"1 июля 2018 г.", "1 августа 2018 г.", "1 сентября 2018 г.",
		"1 октября 2018 г.", "1 ноября 2018 г.", "1 декабря 2018 г.",
	};
	static const char *const invalid[] = {
		"2023-02-29", "2018-13-01", "2018-1-30", "", "2018-00-10",
		"2018-01-00", "2018-01-32", "2018-04-31", "2018-06-31",
		"2018-09-31", "2018-11-31", "1900-02-29", "2100-02-29",
		"0000-01-01", "2018/01/30", "2018-01-30 ", " 2018-01-30",
		"2018-01-3a", "30.01.2018", "2018-01-30T12:00", "+018-01-30",
		"2018-+1-30", "2018-01", "20180130",
	};
	char iso[32];
	int m;

	(void)state;
	for (m = 1; m <= 12; m++) {
		snprintf(iso, sizeof iso, "2018-%02d-01", m);
		assert_date(iso, want[m - 1]);
	}
	assert_date("2018-01-30", "30 января 2018 г.");
	assert_date("2020-05-01", "1 мая 2020 г.");
	assert_date("2017-12-15", "15 декабря 2017 г.");
	assert_date("2018-01-05", "5 января 2018 г.");
	assert_date("2024-02-29", "29 февраля 2024 г.");
	assert_date("2000-02-29", "29 февраля 2000 г.");
	assert_date("2023-02-28", "28 февраля 2023 г.");
	assert_date("2018-04-30", "30 апреля 2018 г.");
	assert_date("2018-12-31", "31 декабря 2018 г.");
	assert_date("0001-01-01", "1 января 1 г.");
	assert_date("9999-12-31", "31 декабря 9999 г.");
	for (m = 0; m < (int)(sizeof invalid / sizeof invalid[0]); m++)
		assert_not_date(invalid[m]);
}

/* The place line carries the document's date in Russian. */
static void
test_place_date(void **state)
{
	struct forum *f = forum_new(state);
	struct forum_info fi;
	struct resolution *r;

	assert_ok(f, forum_info_get(f, &fi));
	free(fi.doc_date);
	fi.doc_date = xstrdup("2017-12-15");
	assert_ok(f, forum_info_set(f, &fi));
	forum_info_free(&fi);
	r = assemble(f);
	assert_string_equal(nth_block(r, BLOCK_PLACE, 0)->date,
	    "15 декабря 2017 г.");
	assert_string_equal(nth_block(r, BLOCK_PLACE, 0)->place,
	    "Г. Красноярск");
	assert_string_equal(r->date_iso, "2017-12-15");
	resolution_free(r);
	forum_close(f);
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, scratch_setup,       \
	scratch_teardown)
	const struct CMUnitTest tests[] = {
		T(test_empty_forum),
		T(test_structure),
		T(test_themes_only),
		T(test_gap_closes),
		T(test_numbers_sort_as_numbers),
		T(test_one_proposal_many_addressees),
		T(test_left_out),
		cmocka_unit_test(test_recommend_rule),
		T(test_recommend_assembly),
		T(test_order_set),
		T(test_numbers_for),
		cmocka_unit_test(test_dates),
		T(test_place_date),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
