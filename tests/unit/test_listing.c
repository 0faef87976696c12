/*
 * test_listing.c: the interface's lists (model/listing.c): counts and
 * pages per scope (all, a track, a session) that agree with each other,
 * the order proposals were made in, the addressee labels, tombstones left
 * out, a proposal's row number, the tallies per track and session, and
 * the addressees by last use.
 *
 * The clock is fixed (AGORA_NOW), so every record gets a later time than
 * the one before and the orders are the same on every run.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "../../model/forum.h"
#include "../../model/listing.h"
#include "../../model/records.h"
#include "../../model/status.h"
#include "../../model/util.h"

struct scratch {
	char *dir;
	char *path;
};

static int
scratch_setup(void **state)
{
	const char *base = getenv("T");
	struct scratch *s = xcalloc(1, sizeof *s);

	s->dir = xasprintf("%s/listing-XXXXXX", base && *base ? base : "/tmp");
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
	static const char *const suffixes[] = { "", "-wal", "-shm" };
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

#define assert_ok(f, expr)                                                 \
	do {                                                               \
		enum status st_ = (expr);                                  \
		if (st_ != ST_OK)                                          \
			fail_msg("%s: %s (%s)", #expr, status_text(st_),   \
			    forum_error(f));                               \
	} while (0)

static struct forum *
forum_new(void **state)
{
	struct scratch *s = *state;
	struct forum_info fi = {
		.title = (char *)"Форум",
		.resolution_title = (char *)"Резолюция форума.",
	};
	struct forum *f = NULL;
	char *err = NULL;

	assert_int_equal(forum_open(s->path, FORUM_CREATE, &f, &err), ST_OK);
	assert_ok(f, forum_info_set(f, &fi));
	return f;
}

static int64_t
add_track(struct forum *f, const char *label)
{
	struct track t = { .label = (char *)label, .title = (char *)label,
		.moderator = (char *)"" };

	assert_ok(f, track_insert(f, &t));
	return t.rec.id;
}

static int64_t
add_session(struct forum *f, int64_t track, const char *title)
{
	struct session s = { .track_id = track, .title = (char *)title,
		.date = (char *)"", .time = (char *)"", .room = (char *)"" };

	assert_ok(f, session_insert(f, &s));
	return s.rec.id;
}

static int64_t
add_addressee(struct forum *f, const char *label)
{
	struct addressee a = { .label = (char *)label,
		.heading = (char *)label };

	assert_ok(f, addressee_insert(f, &a));
	return a.rec.id;
}

static int64_t
add_proposal(struct forum *f, int64_t track, int64_t session,
    const char *text)
{
	struct proposal p = { .track_id = track, .session_id = session,
		.text = (char *)text, .author = (char *)"",
		.organisation = (char *)"", .note = (char *)"" };

	assert_ok(f, proposal_insert(f, &p));
	return p.rec.id;
}

/* The whole list of q as "text|text|...", read a page of size at a
 * time.  Caller frees. */
static char *
list_text(struct forum *f, const struct listing_filter *q, size_t size)
{
	struct buf b = {0};
	struct listing_row *v;
	size_t n, i, offset = 0;

	for (;;) {
		assert_ok(f, listing_page(f, q, offset, size, &v, &n));
		for (i = 0; i < n; i++)
			buf_printf(&b, "%s%s", b.len > 0 ? "|" : "", v[i].text);
		listing_rows_free(v, n);
		if (n < size)
			break;
		offset += n;
	}
	return buf_steal(&b);
}

static void
assert_list(struct forum *f, const struct listing_filter *q,
    const char *want)
{
	size_t size, count;
	char *got;

	/* Every page size gives the same list. */
	for (size = 1; size <= 5; size++) {
		got = list_text(f, q, size);
		assert_string_equal(got, want);
		free(got);
	}
	assert_ok(f, listing_count(f, q, &count));
	if (*want == '\0')
		assert_int_equal(count, 0);
	else {
		size_t bars = 0;
		const char *p;

		for (p = want; *p != '\0'; p++)
			bars += *p == '|';
		assert_int_equal(count, bars + 1);
	}
}

static void
test_scopes(void **state)
{
	struct forum *f = forum_new(state);
	int64_t t1, t2, s1, s2, s3, p[8];
	struct listing_filter all = { 0, 0 };
	struct listing_filter track1 = { 0, 0 };
	struct listing_filter sess1 = { 0, 0 };
	struct listing_filter sess2 = { 0, 0 };
	struct listing_filter track2 = { 0, 0 };
	size_t index, i;

	t1 = add_track(f, "Эко");
	t2 = add_track(f, "СМИ");
	s1 = add_session(f, t1, "Сессия 1");
	s2 = add_session(f, t1, "Сессия 2");
	s3 = add_session(f, t2, "Сессия 1");
	p[0] = add_proposal(f, t1, s1, "a");
	p[1] = add_proposal(f, t2, s3, "b");
	p[2] = add_proposal(f, t1, s2, "c");
	p[3] = add_proposal(f, t1, s1, "d");
	p[4] = add_proposal(f, t1, 0, "e");
	p[5] = add_proposal(f, t1, s1, "f");
	p[6] = add_proposal(f, t2, s3, "g");
	p[7] = add_proposal(f, t1, s1, "h");
	track1.track_id = sess1.track_id = sess2.track_id = t1;
	sess1.session_id = s1;
	sess2.session_id = s2;
	track2.track_id = t2;

	assert_list(f, &all, "a|b|c|d|e|f|g|h");
	assert_list(f, &track1, "a|c|d|e|f|h");
	assert_list(f, &track2, "b|g");
	assert_list(f, &sess1, "a|d|f|h");
	assert_list(f, &sess2, "c");

	/* Tombstones are left out everywhere. */
	assert_ok(f, proposal_delete(f, p[3]));
	assert_list(f, &all, "a|b|c|e|f|g|h");
	assert_list(f, &sess1, "a|f|h");

	/* Row numbers agree with the pages. */
	assert_ok(f, listing_index(f, &sess1, p[0], &index));
	assert_int_equal(index, 0);
	assert_ok(f, listing_index(f, &sess1, p[7], &index));
	assert_int_equal(index, 2);
	assert_ok(f, listing_index(f, &all, p[7], &index));
	assert_int_equal(index, 6);
	assert_ok(f, listing_index(f, &track1, p[4], &index));
	assert_int_equal(index, 2);
	assert_int_equal(listing_index(f, &sess1, p[3], &index), ST_NOTFOUND);
	assert_int_equal(listing_index(f, &sess1, p[2], &index), ST_NOTFOUND);
	assert_int_equal(listing_index(f, &track2, p[0], &index), ST_NOTFOUND);
	assert_int_equal(listing_index(f, &all, 12345, &index), ST_NOTFOUND);

	/* Past the end: an empty page. */
	{
		struct listing_row *v = (struct listing_row *)&index;
		size_t n = 99;

		assert_ok(f, listing_page(f, &sess1, 3, 10, &v, &n));
		assert_int_equal(n, 0);
		listing_rows_free(v, n);
		assert_ok(f, listing_page(f, &sess1, 0, 0, &v, &n));
		assert_int_equal(n, 0);
		assert_null(v);
	}

	/* An undone delete brings it back in its place. */
	assert_ok(f, forum_undo(f, NULL));
	assert_list(f, &sess1, "a|d|f|h");
	for (i = 0; i < 8; i++) {
		assert_ok(f, listing_index(f, &all, p[i], &index));
		assert_int_equal(index, i);
	}
	forum_close(f);
}

static void
test_rows(void **state)
{
	struct forum *f = forum_new(state);
	int64_t t, a1, a2, a3, p1, p2;
	struct listing_filter q = { 0, 0 };
	struct listing_row *v;
	struct proposal pr;
	struct addressee ad;
	size_t n;

	t = add_track(f, "Эко");
	a1 = add_addressee(f, "Правительство");
	a2 = add_addressee(f, "ОМСУ");
	a3 = add_addressee(f, "СМИ");
	p1 = add_proposal(f, t, 0, "Первое");
	p2 = add_proposal(f, t, 0, "Второе");
	/* Labels in the addressees' order, whatever the tagging order. */
	assert_ok(f, proposal_tag(f, p1, a3));
	assert_ok(f, proposal_tag(f, p1, a1));
	assert_ok(f, proposal_tag(f, p1, a2));
	assert_ok(f, proposal_get(f, p1, &pr));
	pr.status = PROPOSAL_ACCEPTED;
	pr.votes_for = 12;
	pr.votes_against = 3;
	pr.votes_abstain = 1;
	free(pr.author);
	pr.author = xstrdup("Иванова О. П.");
	assert_ok(f, proposal_update(f, &pr));
	proposal_clear(&pr);

	assert_ok(f, listing_page(f, &q, 0, 10, &v, &n));
	assert_int_equal(n, 2);
	assert_int_equal(v[0].id, p1);
	assert_int_equal(v[0].track_id, t);
	assert_int_equal(v[0].session_id, 0);
	assert_string_equal(v[0].text, "Первое");
	assert_string_equal(v[0].labels, "Правительство, ОМСУ, СМИ");
	assert_string_equal(v[0].author, "Иванова О. П.");
	assert_string_equal(v[0].organisation, "");
	assert_int_equal(v[0].status, PROPOSAL_ACCEPTED);
	assert_int_equal(v[0].votes_for, 12);
	assert_int_equal(v[0].votes_against, 3);
	assert_int_equal(v[0].votes_abstain, 1);
	assert_int_equal(v[1].id, p2);
	assert_string_equal(v[1].labels, "");
	assert_int_equal(v[1].status, PROPOSAL_NEW);
	listing_rows_free(v, n);

	/* An untagged link and a deleted addressee drop out; the
	 * addressees' order is the labels' order. */
	assert_ok(f, proposal_untag(f, p1, a1));
	assert_ok(f, addressee_get(f, a3, &ad));
	ad.rec.deleted = true;
	assert_ok(f, addressee_update(f, &ad));
	addressee_clear(&ad);
	assert_ok(f, proposal_tag(f, p1, a1));
	assert_ok(f, record_move(f, "addressee", a2, 1));
	assert_ok(f, listing_page(f, &q, 0, 1, &v, &n));
	assert_int_equal(n, 1);
	assert_string_equal(v[0].labels, "ОМСУ, Правительство");
	listing_rows_free(v, n);
	forum_close(f);
}

static void
test_tallies(void **state)
{
	struct forum *f = forum_new(state);
	int64_t t1, t2, t3, s1, s2, s3, del;
	struct listing_tally *v;
	size_t n;

	t1 = add_track(f, "Эко");
	t2 = add_track(f, "СМИ");
	t3 = add_track(f, "Пустой");
	s1 = add_session(f, t1, "1");
	s2 = add_session(f, t1, "2");
	s3 = add_session(f, t2, "1");
	add_proposal(f, t1, s1, "a");
	add_proposal(f, t1, s1, "b");
	add_proposal(f, t1, s2, "c");
	add_proposal(f, t1, 0, "d");
	add_proposal(f, t2, s3, "e");
	del = add_proposal(f, t2, s3, "f");
	assert_ok(f, proposal_delete(f, del));

	assert_ok(f, listing_tallies(f, &v, &n));
	assert_int_equal(n, 4);
	assert_int_equal(v[0].track_id, t1);
	assert_int_equal(v[0].session_id, 0);
	assert_int_equal(v[0].count, 1);
	assert_int_equal(listing_tally_sum(v, n, t1, -1), 4);
	assert_int_equal(listing_tally_sum(v, n, t1, s1), 2);
	assert_int_equal(listing_tally_sum(v, n, t1, s2), 1);
	assert_int_equal(listing_tally_sum(v, n, t1, 0), 1);
	assert_int_equal(listing_tally_sum(v, n, t2, -1), 1);
	assert_int_equal(listing_tally_sum(v, n, t2, s3), 1);
	assert_int_equal(listing_tally_sum(v, n, t3, -1), 0);
	free(v);
	forum_close(f);
}

/* The labels of the recent list, "A B C".  Caller frees. */
static char *
recent(struct forum *f)
{
	struct addressee *a;
	struct buf b = {0};
	size_t n, i;

	assert_ok(f, listing_addressees_recent(f, &a, &n));
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s%s", i > 0 ? " " : "", a[i].label);
	addressee_free(a, n);
	return buf_steal(&b);
}

static void
assert_recent(struct forum *f, const char *want)
{
	char *got = recent(f);

	assert_string_equal(got, want);
	free(got);
}

static void
test_recent(void **state)
{
	struct forum *f = forum_new(state);
	int64_t t, a, b, c, d, p1, p2;
	struct addressee ad;

	t = add_track(f, "Эко");
	a = add_addressee(f, "A");
	b = add_addressee(f, "B");
	c = add_addressee(f, "C");
	d = add_addressee(f, "D");
	(void)d;
	p1 = add_proposal(f, t, 0, "1");
	p2 = add_proposal(f, t, 0, "2");
	/* None used: their own order. */
	assert_recent(f, "A B C D");
	assert_ok(f, proposal_tag(f, p1, c));
	assert_recent(f, "C A B D");
	assert_ok(f, proposal_tag(f, p1, b));
	assert_ok(f, proposal_tag(f, p2, c));
	assert_recent(f, "C B A D");
	assert_ok(f, proposal_tag(f, p2, a));
	assert_recent(f, "A C B D");
	/* Untagged, the latest tag is the one before. */
	assert_ok(f, proposal_untag(f, p2, a));
	assert_recent(f, "C B A D");
	/* Tagged again: it comes back at the end, and first here. */
	assert_ok(f, proposal_tag(f, p2, a));
	assert_recent(f, "A C B D");
	/* A deleted addressee is not offered. */
	assert_ok(f, addressee_get(f, c, &ad));
	ad.rec.deleted = true;
	assert_ok(f, addressee_update(f, &ad));
	addressee_clear(&ad);
	assert_recent(f, "A B D");
	forum_close(f);
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, scratch_setup,       \
	scratch_teardown)
	const struct CMUnitTest tests[] = {
		T(test_scopes),
		T(test_rows),
		T(test_tallies),
		T(test_recent),
	};
#undef T

	setenv("AGORA_NOW", "2018-01-30T12:00:00", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
