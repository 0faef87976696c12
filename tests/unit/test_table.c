/*
 * test_table.c: the proposals table and the record walk (model/table.c),
 * and the escapers of the table formats (exports/csv.c, exports/json.c).
 *
 *   - the rows: one per live proposal and live addressee, an untagged
 *     proposal (or one tagged only with deleted addressees) once with an
 *     empty addressee, deleted proposals left out, the order by track then
 *     creation time, every field;
 *   - the numbers "N.M." are the assembler's, on a random forum;
 *   - the walk: every record of every kind, tombstones included, every
 *     reference a UUID of a record in the walk, orphan revisions left out;
 *   - the CSV escaper, fuzzed: random text through csv_escape(), read back
 *     by a small RFC 4180 parser here, gives the text back (cleaned);
 *   - the JSON escaper, fuzzed: random bytes give a valid JSON string
 *     (checked by a small validator here) that decodes to the text.
 *
 * Each test builds a real forum file in a scratch directory of its own,
 * under $T when the runner sets it, else under /tmp.
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

#include "../../exports/export.h"
#include "../../model/forum.h"
#include "../../model/records.h"
#include "../../model/resolution.h"
#include "../../model/status.h"
#include "../../model/table.h"
#include "../../model/text.h"
#include "../../model/util.h"

#define assert_ok(f, expr)                                                 \
	do {                                                               \
		enum status st_ = (expr);                                  \
		if (st_ != ST_OK)                                          \
			fail_msg("%s: %s (%s)", #expr, status_text(st_),   \
			    forum_error(f));                               \
	} while (0)

/* ---- scratch directory ---- */

struct scratch {
	char *dir;
	char *path;
};

static int
scratch_setup(void **state)
{
	const char *base = getenv("T");
	struct scratch *s = xcalloc(1, sizeof *s);

	s->dir = xasprintf("%s/table-XXXXXX", base && *base ? base : "/tmp");
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

/* ---- a random number generator with a fixed seed ---- */

static uint64_t rng_state = 0x9E3779B97F4A7C15u;

static uint32_t
rng(void)
{
	uint64_t x = rng_state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	rng_state = x;
	return (uint32_t)(x >> 16);
}

/* ---- building a forum ---- */

static struct forum *
forum_new(void **state)
{
	struct scratch *s = *state;
	struct forum_info fi = {
		.title = (char *)"Форум",
		.resolution_title = (char *)"Резолюция Форума.",
		.city = (char *)"",
		.start_date = (char *)"",
		.end_date = (char *)"",
		.doc_date = (char *)"",
		.participants_intro = (char *)"",
		.themes_intro = (char *)"",
		.lead_in = (char *)"",
	};
	struct forum *f = NULL;
	char *err = NULL;

	assert_int_equal(forum_open(s->path, FORUM_CREATE, &f, &err), ST_OK);
	assert_null(err);
	assert_ok(f, forum_info_set(f, &fi));
	return f;
}

static int64_t
add_track(struct forum *f, const char *label, const char *title)
{
	struct track t = { .label = (char *)label, .title = (char *)title };

	assert_ok(f, track_insert(f, &t));
	return t.rec.id;
}

static int64_t
add_addressee(struct forum *f, const char *label, const char *heading)
{
	struct addressee a = {
		.label = (char *)label,
		.heading = (char *)heading,
	};

	assert_ok(f, addressee_insert(f, &a));
	return a.rec.id;
}

static void
delete_addressee(struct forum *f, int64_t id)
{
	struct addressee a;

	assert_ok(f, addressee_get(f, id, &a));
	a.rec.deleted = true;
	assert_ok(f, addressee_update(f, &a));
	addressee_clear(&a);
}

static int64_t
add_proposal(struct forum *f, int64_t track, int64_t session,
    const char *text, int status)
{
	struct proposal p = {
		.track_id = track,
		.session_id = session,
		.text = (char *)text,
		.author = (char *)"Иванова О. П.",
		.organisation = (char *)"АНО «Партнёр»",
		.status = status,
		.votes_for = 12,
		.votes_against = 3,
		.votes_abstain = 1,
		.note = (char *)"",
	};

	assert_ok(f, proposal_insert(f, &p));
	return p.rec.id;
}

static void
uuid_of(struct forum *f, int64_t pid, char out[37])
{
	struct proposal p;

	assert_ok(f, proposal_get(f, pid, &p));
	memcpy(out, p.rec.uuid, 37);
	proposal_clear(&p);
}

/* ---- gathering the rows ---- */

struct row {
	char *col[TABLE_COLUMNS];
	int64_t num[TABLE_COLUMNS];
	bool null[TABLE_COLUMNS];
};

struct rows {
	struct row *v;
	size_t n;
};

static enum status
rows_add(void *ctx, const struct field *fd)
{
	struct rows *rs = ctx;
	struct row *r;
	int c;

	rs->v = xreallocarray(rs->v, rs->n + 1, sizeof *rs->v);
	r = &rs->v[rs->n++];
	for (c = 0; c < TABLE_COLUMNS; c++) {
		assert_string_equal(fd[c].name,
		    table_column_name((enum table_column)c));
		assert_int_equal(fd[c].type,
		    table_column_type((enum table_column)c));
		r->col[c] = xstrndup(fd[c].text, fd[c].len);
		r->num[c] = fd[c].num;
		r->null[c] = fd[c].null;
	}
	return ST_OK;
}

static void
rows_free(struct rows *rs)
{
	size_t i;
	int c;

	for (i = 0; i < rs->n; i++)
		for (c = 0; c < TABLE_COLUMNS; c++)
			free(rs->v[i].col[c]);
	free(rs->v);
	rs->v = NULL;
	rs->n = 0;
}

static struct rows
rows_get(struct forum *f)
{
	struct rows rs = { NULL, 0 };

	assert_ok(f, table_rows(f, rows_add, &rs));
	return rs;
}

/* ---- the tests ---- */

static void
test_columns(void **state)
{
	(void)state;
	assert_string_equal(table_column_name(TABLE_UUID), "uuid");
	assert_string_equal(table_column_name(TABLE_TEXT), "text");
	assert_string_equal(table_column_name(TABLE_ADDRESSEE_HEADING),
	    "addressee_heading");
	assert_int_equal(table_column_type(TABLE_CREATED), FIELD_TIME);
	assert_int_equal(table_column_type(TABLE_VOTES_FOR), FIELD_INT);
	assert_int_equal(table_column_type(TABLE_MERGED_INTO), FIELD_REF);
}

static void
test_iso_time(void **state)
{
	struct buf b = {0};

	(void)state;
	table_iso_time(&b, 0);
	assert_string_equal(buf_str(&b), "1970-01-01T00:00:00.000Z");
	buf_reset(&b);
	table_iso_time(&b, -1);
	assert_string_equal(buf_str(&b), "1969-12-31T23:59:59.999Z");
	buf_reset(&b);
	table_iso_time(&b, 1517313600030);
	assert_string_equal(buf_str(&b), "2018-01-30T12:00:00.030Z");
	buf_reset(&b);
	table_iso_time(&b, INT64_MAX);
	assert_string_equal(buf_str(&b), "9999-12-31T23:59:59.999Z");
	buf_reset(&b);
	table_iso_time(&b, INT64_MIN);
	assert_string_equal(buf_str(&b), "0001-01-01T00:00:00.000Z");
	buf_free(&b);
}

static void
test_clean(void **state)
{
	struct buf b = {0};
	/* tab, LF, CR kept; VT, NUL, ESC, U+FFFE, a lone byte replaced. */
	static const char in[] = "a\tb\nc\rd\v\0\x1b\xef\xbf\xbe\xff"
	    "Ж\x7f";
	static const char want[] = "a\tb\nc\rd\xef\xbf\xbd\xef\xbf\xbd"
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdЖ\x7f";

	(void)state;
	table_clean(&b, in, sizeof in - 1);
	assert_int_equal(b.len, sizeof want - 1);
	assert_memory_equal(b.data, want, b.len);
	assert_true(text_valid(b.data, b.len));
	buf_free(&b);
}

static void
test_rows(void **state)
{
	struct forum *f = forum_new(state);
	struct session sess = { .title = (char *)"Сессия 1" };
	struct proposal p;
	struct rows rs;
	int64_t t1, t2, a, b, c, p1, p2, p3, p4, p5, p6;
	char u1[37], u2[37], u3[37], u5[37], u6[37];

	/* Track 2 is created first but stands second. */
	t2 = add_track(f, "Т2", "Вторая тема");
	t1 = add_track(f, "Т1", "Первая тема");
	assert_ok(f, record_move(f, "track", t1, 1));
	a = add_addressee(f, "А", "Адресату А");
	b = add_addressee(f, "Б", "Адресату Б");
	c = add_addressee(f, "В", "Адресату В");
	sess.track_id = t1;
	assert_ok(f, session_insert(f, &sess));

	p1 = add_proposal(f, t2, 0, "Первое, \"с кавычками\"\nи строкой",
	    PROPOSAL_ACCEPTED);
	assert_ok(f, proposal_tag(f, p1, b));
	assert_ok(f, proposal_tag(f, p1, a));
	p2 = add_proposal(f, t1, sess.rec.id, "Второе", PROPOSAL_ACCEPTED);
	assert_ok(f, proposal_tag(f, p2, b));
	p3 = add_proposal(f, t1, 0, "Третье, без адресата", PROPOSAL_NEW);
	p4 = add_proposal(f, t1, 0, "Удалённое", PROPOSAL_ACCEPTED);
	assert_ok(f, proposal_tag(f, p4, a));
	assert_ok(f, proposal_delete(f, p4));
	p5 = add_proposal(f, t1, 0, "Только удалённому адресату",
	    PROPOSAL_ACCEPTED);
	assert_ok(f, proposal_tag(f, p5, c));
	delete_addressee(f, c);
	p6 = add_proposal(f, t1, 0, "Слитое", PROPOSAL_NEW);
	assert_ok(f, proposal_get(f, p6, &p));
	p.status = PROPOSAL_MERGED;
	p.merged_into = p2;
	assert_ok(f, proposal_update(f, &p));
	proposal_clear(&p);
	uuid_of(f, p1, u1);
	uuid_of(f, p2, u2);
	uuid_of(f, p3, u3);
	uuid_of(f, p5, u5);
	uuid_of(f, p6, u6);

	rs = rows_get(f);
	/* Т1: p2 (Б), p3, p5, p6; then Т2: p1 under А, then under Б. */
	assert_int_equal(rs.n, 6);
	assert_string_equal(rs.v[0].col[TABLE_UUID], u2);
	assert_string_equal(rs.v[1].col[TABLE_UUID], u3);
	assert_string_equal(rs.v[2].col[TABLE_UUID], u5);
	assert_string_equal(rs.v[3].col[TABLE_UUID], u6);
	assert_string_equal(rs.v[4].col[TABLE_UUID], u1);
	assert_string_equal(rs.v[5].col[TABLE_UUID], u1);

	/* Every field of one row. */
	assert_string_equal(rs.v[0].col[TABLE_TRACK], "Т1");
	assert_string_equal(rs.v[0].col[TABLE_TRACK_TITLE], "Первая тема");
	assert_string_equal(rs.v[0].col[TABLE_SESSION], "Сессия 1");
	assert_string_equal(rs.v[0].col[TABLE_AUTHOR], "Иванова О. П.");
	assert_string_equal(rs.v[0].col[TABLE_ORGANISATION], "АНО «Партнёр»");
	assert_string_equal(rs.v[0].col[TABLE_ADDRESSEE], "Б");
	assert_string_equal(rs.v[0].col[TABLE_ADDRESSEE_HEADING], "Адресату Б");
	assert_string_equal(rs.v[0].col[TABLE_STATUS], "accepted");
	assert_int_equal(rs.v[0].num[TABLE_VOTES_FOR], 12);
	assert_int_equal(rs.v[0].num[TABLE_VOTES_AGAINST], 3);
	assert_int_equal(rs.v[0].num[TABLE_VOTES_ABSTAIN], 1);
	assert_true(rs.v[0].num[TABLE_CREATED] > 0);
	assert_true(rs.v[0].num[TABLE_UPDATED] >= rs.v[0].num[TABLE_CREATED]);
	assert_true(rs.v[0].null[TABLE_MERGED_INTO]);
	assert_string_equal(rs.v[0].col[TABLE_TEXT], "Второе");
	/* Section 1 is А (only p1), section 2 is Б: p1 then p2. */
	assert_string_equal(rs.v[0].col[TABLE_NUMBER], "2.2.");
	assert_string_equal(rs.v[4].col[TABLE_ADDRESSEE], "А");
	assert_string_equal(rs.v[4].col[TABLE_NUMBER], "1.1.");
	assert_string_equal(rs.v[5].col[TABLE_ADDRESSEE], "Б");
	assert_string_equal(rs.v[5].col[TABLE_NUMBER], "2.1.");
	assert_string_equal(rs.v[4].col[TABLE_TEXT],
	    "Первое, \"с кавычками\"\nи строкой");
	assert_string_equal(rs.v[4].col[TABLE_SESSION], "");

	/* Untagged, and tagged only with a deleted addressee. */
	assert_string_equal(rs.v[1].col[TABLE_ADDRESSEE], "");
	assert_string_equal(rs.v[1].col[TABLE_ADDRESSEE_HEADING], "");
	assert_string_equal(rs.v[1].col[TABLE_NUMBER], "");
	assert_string_equal(rs.v[1].col[TABLE_STATUS], "new");
	assert_string_equal(rs.v[2].col[TABLE_ADDRESSEE], "");
	assert_string_equal(rs.v[2].col[TABLE_NUMBER], "");

	/* Merged into p2: its UUID. */
	assert_string_equal(rs.v[3].col[TABLE_STATUS], "merged");
	assert_false(rs.v[3].null[TABLE_MERGED_INTO]);
	assert_string_equal(rs.v[3].col[TABLE_MERGED_INTO], u2);
	rows_free(&rs);
	forum_close(f);
}

/* The numbers of the table are the assembler's, on a random forum. */
static void
test_numbers_match_resolution(void **state)
{
	struct forum *f = forum_new(state);
	struct resolution *r = NULL;
	struct rows rs;
	int64_t tracks[3], addr[7], pids[300];
	size_t i, j, k, checked = 0, rows_tagged = 0;
	char label[16], uuid[37];

	for (i = 0; i < 3; i++) {
		snprintf(label, sizeof label, "T%zu", i);
		tracks[i] = add_track(f, label, label);
	}
	for (i = 0; i < 7; i++) {
		snprintf(label, sizeof label, "A%zu", i);
		addr[i] = add_addressee(f, label, label);
	}
	assert_ok(f, forum_begin(f, NULL));
	for (i = 0; i < 300; i++) {
		int status = (int)(rng() % 10);

		status = status < 7 ? PROPOSAL_ACCEPTED : status < 9 ?
		    PROPOSAL_REJECTED : PROPOSAL_NEW;
		pids[i] = add_proposal(f, tracks[rng() % 3], 0, "текст", status);
		for (j = 0; j < 7; j++)
			if (rng() % 4 == 0)
				assert_ok(f, proposal_tag(f, pids[i], addr[j]));
		if (rng() % 20 == 0)
			assert_ok(f, proposal_delete(f, pids[i]));
	}
	assert_ok(f, forum_commit(f));
	/* Reorder addressees and items; delete one addressee. */
	assert_ok(f, record_move(f, "addressee", addr[5], 1));
	assert_ok(f, record_move(f, "addressee", addr[0], 4));
	delete_addressee(f, addr[3]);
	for (i = 0; i < 40; i++) {
		sqlite3_stmt *st;
		int64_t link = 0;

		assert_int_equal(sqlite3_prepare_v2(forum_db(f), "SELECT id "
		    "FROM proposal_addressee WHERE deleted = 0 ORDER BY "
		    "random() LIMIT 1", -1, &st, NULL), SQLITE_OK);
		if (sqlite3_step(st) == SQLITE_ROW)
			link = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		if (link > 0)
			assert_ok(f, record_move(f, "proposal_addressee", link,
			    (int64_t)(rng() % 30) + 1));
	}
	assert_ok(f, resolution_assemble(f, &r));
	rs = rows_get(f);
	/* Every item of the draft is one row with its number. */
	for (i = 0; i < r->nblocks; i++) {
		const struct doc_block *blk = &r->blocks[i];
		struct addressee a;

		if (blk->kind != BLOCK_SECTION)
			continue;
		assert_ok(f, addressee_get(f, blk->addressee_id, &a));
		for (j = 0; j < blk->nitems; j++) {
			bool found = false;

			uuid_of(f, blk->items[j].proposal_id, uuid);
			for (k = 0; k < rs.n; k++) {
				if (strcmp(rs.v[k].col[TABLE_UUID], uuid) != 0 ||
				    strcmp(rs.v[k].col[TABLE_ADDRESSEE],
				    a.label) != 0)
					continue;
				assert_string_equal(rs.v[k].col[TABLE_NUMBER],
				    blk->items[j].number);
				found = true;
			}
			assert_true(found);
			checked++;
		}
		addressee_clear(&a);
	}
	/* And no row has a number the draft does not. */
	for (k = 0; k < rs.n; k++)
		if (rs.v[k].col[TABLE_NUMBER][0] != '\0')
			rows_tagged++;
	assert_int_equal(rows_tagged, checked);
	assert_int_equal(checked, r->nproposals);
	assert_true(checked > 100);
	rows_free(&rs);
	resolution_free(r);
	forum_close(f);
}

/* ---- the walk ---- */

struct walk {
	char kind[32];
	size_t count[16];
	size_t nkinds;
	char **uuids; /* every record's */
	size_t nuuids;
	char **refs;  /* every reference */
	size_t nrefs;
	size_t deleted;
	bool in_kind;
};

static enum status
walk_begin(void *ctx, const char *kind, bool single)
{
	struct walk *w = ctx;

	assert_false(w->in_kind);
	assert_int_equal(single, strcmp(kind, "forum") == 0);
	snprintf(w->kind, sizeof w->kind, "%s", kind);
	w->in_kind = true;
	return ST_OK;
}

static enum status
walk_record(void *ctx, const struct field *fd, size_t n)
{
	struct walk *w = ctx;
	size_t i;

	assert_true(w->in_kind);
	assert_true(n > 0);
	assert_string_equal(fd[0].name, "uuid");
	w->count[w->nkinds]++;
	w->uuids = xreallocarray(w->uuids, w->nuuids + 1, sizeof *w->uuids);
	w->uuids[w->nuuids++] = xstrndup(fd[0].text, fd[0].len);
	for (i = 0; i < n; i++) {
		if (fd[i].type == FIELD_REF && !fd[i].null) {
			w->refs = xreallocarray(w->refs, w->nrefs + 1,
			    sizeof *w->refs);
			w->refs[w->nrefs++] = xstrndup(fd[i].text, fd[i].len);
		}
		if (strcmp(fd[i].name, "deleted") == 0 && fd[i].num)
			w->deleted++;
	}
	return ST_OK;
}

static enum status
walk_end(void *ctx, const char *kind, bool single)
{
	struct walk *w = ctx;

	(void)single;
	assert_string_equal(kind, w->kind);
	w->in_kind = false;
	w->nkinds++;
	return ST_OK;
}

static int64_t
sql_count(struct forum *f, const char *sql)
{
	sqlite3_stmt *st;
	int64_t n = -1;

	assert_int_equal(sqlite3_prepare_v2(forum_db(f), sql, -1, &st, NULL),
	    SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void
test_walk(void **state)
{
	struct forum *f = forum_new(state);
	struct table_walker tw = {
		.kind_begin = walk_begin,
		.record = walk_record,
		.kind_end = walk_end,
	};
	struct walk w;
	struct proposal p;
	int64_t t, a, p1, p2;
	size_t i, j;

	memset(&w, 0, sizeof w);
	tw.ctx = &w;
	t = add_track(f, "Т", "Тема");
	a = add_addressee(f, "А", "Адресату");
	assert_ok(f, paragraph_insert(f, PARA_OPENING, "Вступление", NULL));
	assert_ok(f, group_insert(f, "Группа", NULL));
	p1 = add_proposal(f, t, 0, "Один", PROPOSAL_ACCEPTED);
	assert_ok(f, proposal_tag(f, p1, a));
	p2 = add_proposal(f, t, 0, "Два", PROPOSAL_NEW);
	assert_ok(f, proposal_get(f, p2, &p));
	free(p.text);
	p.text = xstrdup("Два, исправлено");
	assert_ok(f, proposal_update(f, &p));
	proposal_clear(&p);
	assert_ok(f, proposal_delete(f, p2));
	/* A revision of no proposal, as an undone capture leaves. */
	assert_int_equal(sqlite3_exec(forum_db(f), "INSERT INTO revision "
	    "(uuid, proposal_id, time, copy, text) VALUES ('orphan', 9999, 1, "
	    "'c', 'x')", NULL, NULL, NULL), SQLITE_OK);

	assert_ok(f, table_walk(f, &tw));
	assert_int_equal(w.nkinds, 9);
	assert_int_equal(w.count[0], 1); /* forum */
	assert_int_equal(w.count[1], sql_count(f, "SELECT count(*) FROM paragraph"));
	assert_int_equal(w.count[2],
	    sql_count(f, "SELECT count(*) FROM participant_group"));
	assert_int_equal(w.count[3], sql_count(f, "SELECT count(*) FROM track"));
	assert_int_equal(w.count[4], sql_count(f, "SELECT count(*) FROM session"));
	assert_int_equal(w.count[5],
	    sql_count(f, "SELECT count(*) FROM addressee"));
	assert_int_equal(w.count[6], 2); /* the deleted one too */
	assert_int_equal(w.count[7],
	    sql_count(f, "SELECT count(*) FROM proposal_addressee"));
	assert_int_equal(w.count[8], sql_count(f, "SELECT count(*) FROM "
	    "revision") - 1);
	assert_int_equal(w.count[8], 3);
	assert_true(w.deleted >= 1);
	/* Every reference names a record of the walk. */
	assert_true(w.nrefs > 0);
	for (i = 0; i < w.nrefs; i++) {
		bool found = false;

		for (j = 0; j < w.nuuids && !found; j++)
			found = strcmp(w.refs[i], w.uuids[j]) == 0;
		if (!found)
			fail_msg("reference %s resolves to nothing", w.refs[i]);
	}
	for (i = 0; i < w.nuuids; i++)
		assert_string_not_equal(w.uuids[i], "orphan");
	for (i = 0; i < w.nuuids; i++)
		free(w.uuids[i]);
	for (i = 0; i < w.nrefs; i++)
		free(w.refs[i]);
	free(w.uuids);
	free(w.refs);
	forum_close(f);
}

/* ---- the escapers, fuzzed ---- */

/* Random text from pieces that matter to CSV and JSON. */
static size_t
random_text(char *out, size_t max)
{
	static const char *const pieces[] = {
		"a", "Z", "0", " ", ",", ";", "\"", "\"\"", "'", "\r", "\n",
		"\r\n", "\t", "=", "+", "-", "@", "\\", "/", "Ж", "ё", "€",
		"\xf0\x9f\x98\x80", "\xff", "\xc3", "\xe2\x82", "\xed\xa0\x80",
		"\x01", "\x1b", "\x7f", "\0", "\xef\xbf\xbe", "\xe2\x80\xa8",
		"\xc2\x85", "{", "}", "[", "]", ":", "_x0041_",
	};
	size_t n = 0, len = rng() % 40, i;

	for (i = 0; i < len; i++) {
		const char *p = pieces[rng() % (sizeof pieces / sizeof pieces[0])];
		size_t pl = p[0] == '\0' ? 1 : strlen(p);

		if (n + pl > max)
			break;
		memcpy(out + n, p, pl);
		n += pl;
	}
	return n;
}

/*
 * Reads one RFC 4180 record from s at *pos (fields separated by sep,
 * ended by CRLF) into fields (each a buf).  False on a malformed record.
 */
static bool
csv_parse_record(const char *s, size_t len, size_t *pos, char sep,
    struct buf *fields, size_t max, size_t *n)
{
	size_t i = *pos;

	*n = 0;
	for (;;) {
		struct buf *b;

		if (*n == max)
			return false;
		b = &fields[(*n)++];
		buf_reset(b);
		buf_add(b, "", 0);
		if (i < len && s[i] == '"') {
			i++;
			for (;;) {
				if (i >= len)
					return false;
				if (s[i] == '"') {
					if (i + 1 < len && s[i + 1] == '"') {
						buf_addc(b, '"');
						i += 2;
						continue;
					}
					i++;
					break;
				}
				buf_addc(b, s[i++]);
			}
		} else {
			while (i < len && s[i] != sep && s[i] != '\r' &&
			    s[i] != '\n') {
				if (s[i] == '"')
					return false; /* a bare quote */
				buf_addc(b, s[i++]);
			}
		}
		if (i < len && s[i] == sep) {
			i++;
			continue;
		}
		if (i + 1 < len && s[i] == '\r' && s[i + 1] == '\n') {
			*pos = i + 2;
			return true;
		}
		return false;
	}
}

static void
check_csv(char sep, bool excel)
{
	char text[3][400];
	size_t tlen[3], n, pos, i, k;
	struct buf line = {0}, want = {0}, fields[4] = { {0}, {0}, {0}, {0} };

	for (k = 0; k < 3000; k++) {
		buf_reset(&line);
		for (i = 0; i < 3; i++) {
			tlen[i] = random_text(text[i], sizeof text[i]);
			if (i > 0)
				buf_addc(&line, sep);
			csv_escape(&line, text[i], tlen[i], sep, excel);
		}
		buf_adds(&line, "\r\n");
		assert_true(text_valid(line.data, line.len));
		pos = 0;
		if (!csv_parse_record(line.data, line.len, &pos, sep, fields, 4,
		    &n))
			fail_msg("not a CSV record: \"%s\"", line.data);
		assert_int_equal(pos, line.len);
		assert_int_equal(n, 3);
		for (i = 0; i < 3; i++) {
			buf_reset(&want);
			buf_add(&want, "", 0);
			if (excel && tlen[i] > 0 &&
			    strchr("=+-@\t\r", text[i][0]) != NULL &&
			    text[i][0] != '\0')
				buf_addc(&want, '\'');
			table_clean(&want, text[i], tlen[i]);
			assert_int_equal(fields[i].len, want.len);
			assert_memory_equal(fields[i].data, want.data, want.len);
		}
	}
	buf_free(&line);
	buf_free(&want);
	for (i = 0; i < 4; i++)
		buf_free(&fields[i]);
}

static void
test_csv_escape_fuzz(void **state)
{
	(void)state;
	check_csv(',', false);
	check_csv(';', true);
}

static void
test_csv_escape_cases(void **state)
{
	struct buf b = {0};

	(void)state;
	csv_escape(&b, "plain", 5, ',', false);
	assert_string_equal(buf_str(&b), "plain");
	buf_reset(&b);
	csv_escape(&b, "a,b", 3, ',', false);
	assert_string_equal(buf_str(&b), "\"a,b\"");
	buf_reset(&b);
	csv_escape(&b, "a;b", 3, ',', false);
	assert_string_equal(buf_str(&b), "a;b");
	buf_reset(&b);
	csv_escape(&b, "a;b", 3, ';', true);
	assert_string_equal(buf_str(&b), "\"a;b\"");
	buf_reset(&b);
	csv_escape(&b, "say \"hi\"", 8, ',', false);
	assert_string_equal(buf_str(&b), "\"say \"\"hi\"\"\"");
	buf_reset(&b);
	csv_escape(&b, "=1+2", 4, ',', false);
	assert_string_equal(buf_str(&b), "=1+2");
	buf_reset(&b);
	csv_escape(&b, "=1+2", 4, ';', true);
	assert_string_equal(buf_str(&b), "'=1+2");
	buf_reset(&b);
	csv_escape(&b, "-5", 2, ';', true);
	assert_string_equal(buf_str(&b), "'-5");
	buf_reset(&b);
	csv_escape(&b, "", 0, ',', false);
	assert_string_equal(buf_str(&b), "");
	buf_free(&b);
}

/* Appends the UTF-8 of hex digits h[0..3]; false if not hex. */
static bool
hex4(const char *h, uint32_t *cp)
{
	int i;

	*cp = 0;
	for (i = 0; i < 4; i++) {
		char c = h[i];

		*cp <<= 4;
		if (c >= '0' && c <= '9')
			*cp |= (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*cp |= (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*cp |= (uint32_t)(c - 'A' + 10);
		else
			return false;
	}
	return true;
}

/*
 * A JSON string validator and decoder (RFC 8259): s must be one string,
 * quotes included, valid UTF-8, no raw control character, only the
 * escapes JSON has.  The decoded text goes to out.
 */
static bool
json_string_decode(const char *s, size_t len, struct buf *out)
{
	size_t i = 1;
	uint32_t cp;

	if (len < 2 || s[0] != '"' || s[len - 1] != '"' ||
	    !text_valid(s, len))
		return false;
	while (i < len - 1) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == '"')
			return false;
		if (c != '\\') {
			buf_addc(out, (char)c);
			i++;
			continue;
		}
		if (i + 1 >= len - 1)
			return false;
		switch (s[i + 1]) {
		case '"': buf_addc(out, '"'); break;
		case '\\': buf_addc(out, '\\'); break;
		case '/': buf_addc(out, '/'); break;
		case 'b': buf_addc(out, '\b'); break;
		case 'f': buf_addc(out, '\f'); break;
		case 'n': buf_addc(out, '\n'); break;
		case 'r': buf_addc(out, '\r'); break;
		case 't': buf_addc(out, '\t'); break;
		case 'u':
			if (i + 6 > len - 1 || !hex4(s + i + 2, &cp))
				return false;
			/* We never write surrogates: none expected. */
			if (cp >= 0xD800 && cp <= 0xDFFF)
				return false;
			text_encode(out, cp);
			i += 6;
			continue;
		default:
			return false;
		}
		i += 2;
	}
	return true;
}

/* The text as JSON must carry it: invalid bytes as U+FFFD. */
static void
json_expected(struct buf *out, const char *s, size_t len)
{
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		n = text_decode(s + i, len - i, &cp);
		if (cp == TEXT_REPLACEMENT)
			text_encode(out, TEXT_REPLACEMENT);
		else
			buf_add(out, s + i, n);
		i += n;
	}
}

static void
test_json_escape_fuzz(void **state)
{
	char text[800];
	struct buf js = {0}, got = {0}, want = {0};
	size_t k, n, i;

	(void)state;
	for (k = 0; k < 5000; k++) {
		n = random_text(text, sizeof text);
		/* Half the time, plain random bytes. */
		if (k % 2 == 1)
			for (i = 0; i < n; i++)
				text[i] = (char)(rng() & 0xff);
		buf_reset(&js);
		buf_reset(&got);
		buf_reset(&want);
		buf_add(&got, "", 0);
		buf_add(&want, "", 0);
		json_escape(&js, text, n);
		if (!json_string_decode(js.data, js.len, &got))
			fail_msg("not a JSON string: %s", js.data);
		json_expected(&want, text, n);
		assert_int_equal(got.len, want.len);
		assert_memory_equal(got.data, want.data, want.len);
	}
	buf_reset(&js);
	json_escape(&js, "a\"b\\c\n\x01\xe2\x80\xa8", 10);
	assert_string_equal(buf_str(&js), "\"a\\\"b\\\\c\\n\\u0001\\u2028\"");
	buf_free(&js);
	buf_free(&got);
	buf_free(&want);
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, scratch_setup,       \
	scratch_teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_columns),
		cmocka_unit_test(test_iso_time),
		cmocka_unit_test(test_clean),
		T(test_rows),
		T(test_numbers_match_resolution),
		T(test_walk),
		cmocka_unit_test(test_csv_escape_cases),
		cmocka_unit_test(test_csv_escape_fuzz),
		cmocka_unit_test(test_json_escape_fuzz),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
