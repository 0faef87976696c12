/*
 * test_import.c: the import readers (model/import*.c).
 *
 *   - CSV syntax: separators found from the header, BOM, CRLF and lone CR,
 *     quoted fields over lines with doubled quotes, blank lines, and each
 *     refusal with its line and column (characters, not bytes);
 *   - CSV import: headings in Russian or English in any case (ё = е),
 *     several addressees in a cell, unknown addressees made or refused
 *     (strict), unknown tracks and the default, a bad row stopping the
 *     import with nothing written, skip_bad, the same source twice, rows of
 *     one proposal under several addressees, merged proposals, one undo;
 *   - JSON: the parser's escapes and refusals, integers; the import of an
 *     export into an empty forum gives the same export back, the same
 *     forum again changes nothing, a newer version of a record is taken,
 *     other forums, formats and versions are refused;
 *   - an earlier resolution: numbers however spaced, the place and date,
 *     lists and their introductions, the lead-in, wrapped text joined,
 *     bad lines, the recommendation rule both ways, the same text under
 *     two headings, a second import, a forum with records already.
 *
 * Each test builds forum files in a scratch directory of its own, under $T
 * when the runner sets it, else under /tmp.
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
#include "../../model/import.h"
#include "../../model/import_csv.h"
#include "../../model/import_json.h"
#include "../../model/import_text.h"
#include "../../model/records.h"
#include "../../model/resolution.h"
#include "../../model/util.h"

#define assert_ok(f, expr)                                                 \
	do {                                                               \
		enum status st_ = (expr);                                  \
		if (st_ != ST_OK)                                          \
			fail_msg("%s: %s (%s)", #expr, status_text(st_),   \
			    forum_error(f));                               \
	} while (0)

/* ---- scratch forums ---- */

struct scratch {
	char *dir;
	int n;
};

static int
scratch_setup(void **state)
{
	const char *base = getenv("T");
	struct scratch *s = xcalloc(1, sizeof *s);

	s->dir = xasprintf("%s/import-XXXXXX", base && *base ? base : "/tmp");
	if (mkdtemp(s->dir) == NULL) {
		free(s->dir);
		free(s);
		return -1;
	}
	*state = s;
	return 0;
}

static int
scratch_teardown(void **state)
{
	struct scratch *s = *state;
	char *cmd = xasprintf("rm -rf '%s'", s->dir);

	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", s->dir);
	free(cmd);
	free(s->dir);
	free(s);
	return 0;
}

/* A new forum file: with its forum record only (bare), or with two
 * tracks and three addressees (ОМСУ recommends). */
static struct forum *
forum_make(void **state, bool bare)
{
	struct scratch *s = *state;
	struct forum_info fi = {
		.title = (char *)"Форум", .resolution_title = (char *)"Резолюция.",
		.city = (char *)"", .start_date = (char *)"",
		.end_date = (char *)"", .doc_date = (char *)"",
		.participants_intro = (char *)"", .themes_intro = (char *)"",
		.lead_in = (char *)"",
	};
	struct track t[2] = {
		{ .title = (char *)"Образование и наука",
		  .label = (char *)"Образование", .moderator = (char *)"" },
		{ .title = (char *)"Здравоохранение", .label = (char *)"Здоровье",
		  .moderator = (char *)"" },
	};
	struct addressee a[3] = {
		{ .heading = (char *)"Министерству образования края",
		  .label = (char *)"Минобразования" },
		{ .heading = (char *)"Министерству здравоохранения края",
		  .label = (char *)"Минздрав" },
		{ .heading = (char *)"Органам местного самоуправления",
		  .label = (char *)"ОМСУ", .recommend = true },
	};
	struct forum *f;
	char *path = xasprintf("%s/f%d.agora", s->dir, ++s->n), *err = NULL;
	int i;

	if (forum_open(path, FORUM_CREATE, &f, &err) != ST_OK)
		fail_msg("%s", err);
	free(path);
	assert_ok(f, forum_begin(f, NULL));
	assert_ok(f, forum_info_set(f, &fi));
	for (i = 0; !bare && i < 2; i++)
		assert_ok(f, track_insert(f, &t[i]));
	for (i = 0; !bare && i < 3; i++)
		assert_ok(f, addressee_insert(f, &a[i]));
	assert_ok(f, forum_commit(f));
	return f;
}

/* One integer from a query. */
static int64_t
q(struct forum *f, const char *sql)
{
	sqlite3_stmt *st;
	int64_t v = -1;

	if (sqlite3_prepare_v2(forum_db(f), sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(forum_db(f)));
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* The text export of f (width 0).  Caller frees. */
static char *
export_text(struct forum *f, const struct export_format *fmt)
{
	struct export_options o = { .width = 0, .date = 1517270400 };
	struct resolution *r = NULL;
	char *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);

	if (!fmt->table)
		assert_ok(f, resolution_assemble(f, &r));
	assert_ok(f, fmt->write(f, r, &o, m));
	fclose(m);
	if (r != NULL)
		resolution_free(r);
	return out;
}

static const struct import_options opts_default = { .source = "src" };

/* ---- CSV syntax ---- */

/* Parses s; fails the test if it does not parse. */
static void
csv_ok(const char *s, struct csv_table *t)
{
	char *err = NULL;

	if (csv_parse(s, strlen(s), t, &err) != ST_OK)
		fail_msg("csv_parse(%s): %s", s, err);
}

/* Parses s, which must fail with an error starting with want. */
static void
csv_refused(const char *s, size_t len, const char *want)
{
	struct csv_table t;
	char *err = NULL;

	assert_int_not_equal(csv_parse(s, len, &t, &err), ST_OK);
	assert_non_null(err);
	if (strncmp(err, want, strlen(want)) != 0)
		fail_msg("csv_parse: \"%s\", want \"%s...\"", err, want);
	free(err);
	csv_table_free(&t);
}

static void
test_csv_syntax(void **state)
{
	struct csv_table t;
	struct buf b = {0};

	(void)state;
	csv_ok("a,b;c,d\n1,2;3,4\n", &t);
	assert_int_equal(t.sep, ',');
	assert_int_equal(t.rows[1].n, 3);
	assert_string_equal(t.rows[1].fields[1].text, "2;3");
	csv_table_free(&t);

	csv_ok("\xEF\xBB\xBFтекст;адресат\r\n\"a;\"\"b\"\"\r\nc\";d\r\n\r\n", &t);
	assert_int_equal(t.sep, ';');
	assert_int_equal(t.nrows, 2);
	assert_string_equal(t.rows[0].fields[0].text, "текст");
	assert_string_equal(t.rows[1].fields[0].text, "a;\"b\"\nc");
	assert_int_equal(t.rows[1].fields[1].line, 3);
	assert_int_equal(t.rows[1].fields[1].col, 4);
	csv_table_free(&t);

	csv_ok("a\tb\rx\ty\r", &t);
	assert_int_equal(t.sep, '\t');
	assert_int_equal(t.nrows, 2);
	assert_string_equal(t.rows[1].fields[1].text, "y");
	csv_table_free(&t);

	/* Text after a closing quote is kept; a quote inside is a char. */
	csv_ok("h,i\n\"ab\"cd,x\"y\n", &t);
	assert_string_equal(t.rows[1].fields[0].text, "abcd");
	assert_string_equal(t.rows[1].fields[1].text, "x\"y");
	csv_table_free(&t);

	/* A header of one field names no separator: ',' then. */
	csv_ok("\"a;b\"\nx;y,z\n", &t);
	assert_int_equal(t.sep, ',');
	assert_string_equal(t.rows[1].fields[0].text, "x;y");
	csv_serialise(&t, &b);
	assert_string_equal(buf_str(&b), "\"a;b\"\n\"x;y\",\"z\"\n");
	csv_table_free(&t);
	buf_free(&b);

	csv_refused("", 0, "empty file");
	csv_refused("\n\r\n", 3, "empty file");
	csv_refused("\xFF\xFEt\0", 4, "1:1: the file is UTF-16");
	csv_refused("a,b\nёж,\xC3\n", 10, "2:4: invalid UTF-8");
	csv_refused("a,b\nx\0y,z\n", 10, "2:2: a NUL byte");
	csv_refused("a,b\nx,\"y\nz\n", 11, "2:3: the quoted field that "
	    "starts here never ends");
}

static void
test_csv_limits(void **state)
{
	struct buf b = {0};
	size_t i;

	(void)state;
	buf_adds(&b, "text\n");
	buf_addn(&b, 'a', IMPORT_MAX_TEXT + 1);
	buf_addc(&b, '\n');
	csv_refused(b.data, b.len, "2:1: the field is longer than 1 MiB");
	buf_reset(&b);
	for (i = 0; i <= CSV_MAX_FIELDS; i++)
		buf_addc(&b, ',');
	csv_refused(b.data, b.len, "1:");
	buf_free(&b);
}

/* ---- CSV import ---- */

/* Imports CSV s into f with o; returns the status, the report in *r. */
static enum status
csv_import(struct forum *f, const char *s, const struct import_options *o,
    struct import_report *r)
{
	memset(r, 0, sizeof *r);
	return import_csv(f, s, strlen(s), o, r);
}

static void
test_csv_import(void **state)
{
	struct forum *f = forum_make(state, false);
	struct import_report r;
	struct import_options o = { .source = "forms.csv" };
	const char *csv =
	    "Отметка времени;ФИО;ТЕКСТ ПРЕДЛОЖЕНИЯ*;Адресаты;Тема;Статус;"
	    "За;Против;ВОЗДЕРЖАЛИСЬ;Ёмейл\n"
	    "1;Иванова;Открыть центр.;Минобразования; образование ;"
	    "принято;12;0;1;a@b\n"
	    "2;Петров;\"Провести \"\"конкурс\"\"\";ОМСУ | Фонд;Здоровье;"
	    "Новое;;;;\n"
	    "3;;Выделить помещения.;\"Минздрав\nМинобразования\";"
	    "Здравоохранение;отклонено;1;2;3;\n";
	char *doc;

	assert_ok(f, csv_import(f, csv, &o, &r));
	assert_int_equal(r.sep, ';');
	assert_int_equal(r.rows, 3);
	assert_int_equal(r.proposals, 3);
	assert_int_equal(r.addressees, 1); /* «Фонд» */
	assert_int_equal(r.links, 5);
	assert_int_equal(r.ncolumns, 2);
	assert_string_equal(r.columns[0], "Отметка времени");
	assert_string_equal(r.columns[1], "Ёмейл");
	import_report_free(&r);
	assert_int_equal(q(f, "SELECT votes_abstain FROM proposal WHERE "
	    "author = 'Иванова'"), 1);
	assert_int_equal(q(f, "SELECT status FROM proposal WHERE text = "
	    "'Провести \"конкурс\"'"), PROPOSAL_NEW);
	assert_int_equal(q(f, "SELECT COUNT(*) FROM addressee WHERE "
	    "label = 'Фонд' AND heading = 'Фонд'"), 1);
	assert_int_equal(q(f, "SELECT COUNT(*) FROM proposal p JOIN track t "
	    "ON t.id = p.track_id WHERE t.label = 'Здоровье'"), 2);
	doc = export_text(f, &export_txt);
	assert_non_null(strstr(doc, "1.1. Открыть центр."));
	free(doc);

	/* Twice: nothing new, each row said to be there. */
	assert_ok(f, csv_import(f, csv, &o, &r));
	assert_int_equal(r.proposals, 0);
	assert_int_equal(r.skipped, 3);
	assert_int_equal(r.nmsgs, 3);
	assert_int_equal(r.msgs[0].kind, IMPORT_SKIPPED);
	assert_int_equal(r.msgs[0].line, 2);
	import_report_free(&r);

	/* One undo takes the first import back whole. */
	assert_ok(f, forum_undo(f, NULL));
	assert_int_equal(q(f, "SELECT COUNT(*) FROM proposal"), 0);
	assert_int_equal(q(f, "SELECT COUNT(*) FROM addressee"), 3);
	forum_close(f);
}

static void
test_csv_bad_rows(void **state)
{
	struct forum *f = forum_make(state, false);
	struct import_report r;
	struct import_options o = { .source = "x.csv" };
	const char *csv =
	    "text,addressee,track,status,for\n"
	    "Good one.,Минобразования,Образование,new,1\n"
	    "Bad status.,Минобразования,Образование,maybe,0\n"
	    "Unknown track.,,Спорт,new,0\n"
	    "Unknown addressee.,Фонд,Здоровье,,\n"
	    "Bad count.,,Здоровье,,-1\n"
	    ",Минздрав,Здоровье,,\n"
	    "Too many.,,Здоровье,,,extra\n"
	    ",,,,,\n";

	/* Strict: every bad row listed, the first in forum_error(). */
	o.strict = true;
	assert_int_equal(csv_import(f, csv, &o, &r), ST_INVALID);
	assert_int_equal(r.bad, 6);
	assert_string_equal(forum_error(f), "x.csv:3:40: status \"maybe\" is "
	    "not one of новое, принято, отклонено, объединено (new, accepted, "
	    "rejected, merged)");
	assert_int_equal(r.msgs[1].line, 4);
	assert_int_equal(r.msgs[1].col, 17);
	assert_non_null(strstr(r.msgs[1].text, "unknown track \"Спорт\""));
	assert_non_null(strstr(r.msgs[2].text, "unknown addressee \"Фонд\""));
	assert_non_null(strstr(r.msgs[3].text, "\"-1\" is not a count"));
	assert_non_null(strstr(r.msgs[4].text, "the text is empty"));
	assert_non_null(strstr(r.msgs[5].text, "beyond the last column"));
	import_report_free(&r);
	assert_int_equal(q(f, "SELECT COUNT(*) FROM proposal"), 0);
	assert_int_equal(q(f, "SELECT COUNT(*) FROM undo_action"), 0);

	/* skip_bad and a default track: the good rows go in. */
	o.strict = false;
	o.skip_bad = true;
	o.track = "Здоровье";
	assert_ok(f, csv_import(f, csv, &o, &r));
	assert_int_equal(r.proposals, 3); /* Good, Unknown track, Unknown a. */
	assert_int_equal(r.bad, 4);
	assert_int_equal(r.addressees, 1);
	import_report_free(&r);

	/* An unknown --track, and no track column without one. */
	o.track = "Нет такого";
	assert_int_equal(csv_import(f, csv, &o, &r), ST_NOTFOUND);
	import_report_free(&r);
	o.track = NULL;
	assert_int_equal(csv_import(f, "text\nA\n", &o, &r), ST_INVALID);
	assert_non_null(strstr(forum_error(f), "no track column"));
	import_report_free(&r);
	assert_int_equal(csv_import(f, "track\nA\n", &o, &r), ST_INVALID);
	assert_non_null(strstr(forum_error(f), "no text column"));
	import_report_free(&r);
	assert_int_equal(csv_import(f, "text,Текст\nA,B\n", &o, &r),
	    ST_INVALID);
	assert_non_null(strstr(forum_error(f), "a second «текст» column"));
	import_report_free(&r);

	/* Over the limits of the records: a bad row, where it is. */
	{
		struct buf big = {0};

		buf_adds(&big, "track,text\nЗдоровье,");
		buf_addn(&big, 'x', LIMIT_TEXT + 1);
		buf_adds(&big, "\nЗдоровье,\"Автор\"\n");
		o.skip_bad = true;
		assert_ok(f, csv_import(f, buf_str(&big), &o, &r));
		assert_int_equal(r.bad, 1);
		assert_int_equal(r.msgs[0].line, 2);
		assert_int_equal(r.msgs[0].col, 10);
		assert_non_null(strstr(r.msgs[0].text, "the proposal's text is "
		    "too long: 65537 bytes; the limit is 65536 bytes"));
		import_report_free(&r);
		buf_free(&big);
	}
	forum_close(f);
}

static void
test_csv_export_rows(void **state)
{
	struct forum *f = forum_make(state, false), *g;
	struct import_report r;
	char *a, *b;

	/* The export's form: one row per addressee, numbers, merged. */
	const char *csv =
	    "uuid,track,addressee,addressee_heading,status,merged_into,"
	    "number,text\n"
	    "11111111-1111-4111-8111-111111111111,Образование,ОМСУ,,accepted,"
	    ",1.2.,Первое.\n"
	    "22222222-2222-4222-8222-222222222222,Образование,ОМСУ,,accepted,"
	    ",1.1.,Второе.\n"
	    "22222222-2222-4222-8222-222222222222,Образование,Новый,"
	    "Новому адресату,accepted,,2.1.,Второе.\n"
	    "33333333-3333-4333-8333-333333333333,Здоровье,,,merged,"
	    "22222222-2222-4222-8222-222222222222,,Третье.\n";

	assert_ok(f, csv_import(f, csv, &opts_default, &r));
	assert_int_equal(r.proposals, 3);
	assert_int_equal(r.links, 3);
	import_report_free(&r);
	assert_int_equal(q(f, "SELECT COUNT(*) FROM addressee WHERE "
	    "label = 'Новый' AND heading = 'Новому адресату'"), 1);
	assert_int_equal(q(f, "SELECT p.status = 3 AND m.uuid = "
	    "'22222222-2222-4222-8222-222222222222' FROM proposal p JOIN "
	    "proposal m ON m.id = p.merged_into WHERE p.text = 'Третье.'"), 1);
	a = export_text(f, &export_txt);
	assert_non_null(strstr(a, "1.1. Рекомендовать второе.\n"
	    "1.2. Рекомендовать первое."));

	/* Back again, from the CSV export, into another forum. */
	g = forum_make(state, false);
	b = export_text(f, &export_csv);
	assert_ok(g, csv_import(g, b, &opts_default, &r));
	import_report_free(&r);
	free(b);
	b = export_text(g, &export_txt);
	assert_string_equal(a, b);
	free(a);
	free(b);
	/* Merged into a proposal nobody has: a bad row. */
	assert_int_equal(csv_import(g, "uuid,track,status,merged_into,text\n"
	    "44444444-4444-4444-8444-444444444444,Здоровье,merged,"
	    "55555555-5555-4555-8555-555555555555,X\n", &opts_default, &r),
	    ST_INVALID);
	assert_non_null(strstr(forum_error(g), "neither in the file nor"));
	import_report_free(&r);
	forum_close(g);
	forum_close(f);
}

/* ---- JSON ---- */

static void
test_json_parse(void **state)
{
	struct json_doc d;
	const struct json_value *v;
	char *err = NULL;
	int64_t x;
	static const struct {
		const char *in;
		const char *err;
	} bad[] = {
		{ "", "empty file" },
		{ "  ", "empty file: no JSON value" },
		{ "{\"a\":1,}", "1:8: a key (a string) expected" },
		{ "[1 2]", "1:4: ',' or ']' expected" },
		{ "\"a\\u0000b\"", "1:3: \\u0000" },
		{ "\"\\udc00\"", "1:2: an unpaired surrogate" },
		{ "\"\\ud800x\"", "1:2: an unpaired surrogate" },
		{ "\"a\tb\"", "1:3: a control character" },
		{ "\"\\q\"", "1:2: an unknown escape" },
		{ "01", "1:2: text after the JSON value" },
		{ "1.", "1:1: a malformed number" },
		{ "nul", "1:1: not a value" },
		{ "{\"a\":[1,\n2", "2:2: the array never ends" },
		{ "\"abc", "1:1: the string never ends" },
	};
	size_t i;
	struct buf deep = {0};
	static const char good[] = "\xEF\xBB\xBF {\"a\": \"\\u00e9"
	    "\\ud83d\\ude00\\n\", \"b\": [-0, 9223372036854775807, "
	    "-9223372036854775808, 9223372036854775808, 1.5, 1e3, true, null]}";

	(void)state;
	assert_int_equal(json_parse(good, sizeof good - 1, &d, &err), ST_OK);
	v = json_get(&d.root, "a");
	assert_non_null(v);
	assert_string_equal(v->u.str, "é😀\n");
	v = json_get(&d.root, "b");
	assert_int_equal(v->len, 8);
	assert_true(json_int(&v->u.items[0], &x) && x == 0);
	assert_true(json_int(&v->u.items[1], &x) && x == INT64_MAX);
	assert_true(json_int(&v->u.items[2], &x) && x == INT64_MIN);
	assert_false(json_int(&v->u.items[3], &x));
	assert_false(json_int(&v->u.items[4], &x));
	assert_false(json_int(&v->u.items[5], &x));
	assert_int_equal(v->u.items[6].type, JSON_TRUE);
	assert_null(json_get(&d.root, "c"));
	json_doc_free(&d);

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_not_equal(json_parse(bad[i].in, strlen(bad[i].in), &d,
		    &err), ST_OK);
		if (err == NULL || strncmp(err, bad[i].err,
		    strlen(bad[i].err)) != 0)
			fail_msg("%s: \"%s\", want \"%s\"", bad[i].in,
			    err ? err : "(none)", bad[i].err);
		free(err);
		json_doc_free(&d);
	}
	for (i = 0; i < 100; i++)
		buf_addc(&deep, '[');
	assert_int_not_equal(json_parse(deep.data, deep.len, &d, &err), ST_OK);
	assert_non_null(strstr(err, "nested deeper than 64"));
	free(err);
	json_doc_free(&d);
	buf_free(&deep);
}

/* A forum with every kind of record, tombstones and a merge included. */
static struct forum *
forum_full(void **state)
{
	struct forum *f = forum_make(state, false);
	struct proposal p[3];
	struct session s = { .title = (char *)"Сессия 1", .date = (char *)"",
		.time = (char *)"", .room = (char *)"" };
	int64_t id;
	int i;

	s.track_id = q(f, "SELECT id FROM track WHERE label = 'Здоровье'");
	assert_ok(f, session_insert(f, &s));
	assert_ok(f, paragraph_insert(f, PARA_OPENING, "Вступление.", &id));
	assert_ok(f, paragraph_insert(f, PARA_CLOSING, "Итог.", &id));
	assert_ok(f, group_insert(f, "Учителя.", &id));
	for (i = 0; i < 3; i++) {
		memset(&p[i], 0, sizeof p[i]);
		p[i].track_id = s.track_id;
		p[i].session_id = i == 0 ? s.rec.id : 0;
		p[i].text = xasprintf("Предложение %d \"с кавычками\"\n", i);
		p[i].author = (char *)"Автор";
		p[i].organisation = (char *)"";
		p[i].note = (char *)"";
		p[i].status = PROPOSAL_ACCEPTED;
		p[i].votes_for = i;
		assert_ok(f, proposal_insert(f, &p[i]));
		assert_ok(f, proposal_tag(f, p[i].rec.id, q(f, "SELECT id FROM "
		    "addressee WHERE label = 'ОМСУ'")));
	}
	free(p[0].text);
	p[0].text = (char *)"Исправленный текст";
	assert_ok(f, proposal_update(f, &p[0]));
	p[0].text = NULL;
	p[1].status = PROPOSAL_MERGED;
	p[1].merged_into = p[2].rec.id;
	assert_ok(f, proposal_update(f, &p[1]));
	assert_ok(f, proposal_delete(f, p[2].rec.id));
	for (i = 1; i < 3; i++)
		free(p[i].text);
	return f;
}

/* Replaces the line holding "copy": (the file's own id) with "". */
static void
drop_copy_line(char *s)
{
	char *c = strstr(s, "\n  \"copy\": ");
	char *e = c ? strchr(c + 1, '\n') : NULL;

	if (e != NULL)
		memmove(c, e, strlen(e) + 1);
}

static void
test_json_round_trip(void **state)
{
	struct forum *f = forum_full(state), *g = forum_make(state, true);
	struct import_report r = {0};
	struct import_options o = { .source = "dump.json" };
	char *a = export_text(f, &export_json), *b;

	assert_ok(g, import_json(g, a, strlen(a), &o, &r));
	assert_int_equal(r.proposals, 3);
	assert_int_equal(r.revisions, 4);
	assert_int_equal(r.sessions, 1);
	assert_true(r.forum_set);
	import_report_free(&r);
	b = export_text(g, &export_json);
	drop_copy_line(a);
	drop_copy_line(b);
	assert_string_equal(a, b);
	free(b);
	b = export_text(f, &export_txt);
	{
		char *c = export_text(g, &export_txt);

		assert_string_equal(b, c);
		free(c);
	}
	free(b);

	/* The same forum again: nothing changes. */
	free(a);
	a = export_text(f, &export_json);
	memset(&r, 0, sizeof r);
	assert_ok(g, import_json(g, a, strlen(a), &o, &r));
	assert_int_equal(r.proposals + r.updated + r.revisions, 0);
	assert_true(r.skipped > 0);
	import_report_free(&r);

	/* A newer version of a record is taken; an older one is not. */
	assert_ok(f, forum_begin(f, "edit"));
	{
		struct proposal p;

		assert_ok(f, proposal_get(f, q(f, "SELECT MIN(id) FROM "
		    "proposal"), &p));
		free(p.text);
		p.text = xstrdup("Ещё новее");
		assert_ok(f, proposal_update(f, &p));
		proposal_clear(&p);
	}
	assert_ok(f, forum_commit(f));
	free(a);
	a = export_text(f, &export_json);
	memset(&r, 0, sizeof r);
	assert_ok(g, import_json(g, a, strlen(a), &o, &r));
	assert_int_equal(r.updated, 1);
	assert_int_equal(r.revisions, 1);
	import_report_free(&r);
	assert_int_equal(q(g, "SELECT COUNT(*) FROM proposal WHERE text = "
	    "'Ещё новее'"), 1);

	/* Into another forum: refused. */
	memset(&r, 0, sizeof r);
	forum_close(g);
	g = forum_make(state, false);
	assert_int_equal(import_json(g, a, strlen(a), &o, &r), ST_INVALID);
	assert_non_null(strstr(forum_error(g), "holds another forum"));
	import_report_free(&r);
	assert_int_equal(q(g, "SELECT COUNT(*) FROM proposal"), 0);
	free(a);
	forum_close(g);
	forum_close(f);
}

static void
test_json_refused(void **state)
{
	struct forum *g = forum_make(state, true);
	struct import_report r = {0};
	struct import_options o = { .source = "x.json" };
	static const struct {
		const char *in;
		const char *err;
	} bad[] = {
		{ "[]", "x.json:1:1: not an agora forum export" },
		{ "{\"format\":\"other\",\"version\":1}", "x.json:1:11: not an "
		  "agora forum export" },
		{ "{\"format\":\"agora-forum\",\"version\":2}", "x.json:1:35: the "
		  "file is agora-forum version 2; this agora reads up to 1" },
		{ "{\"format\":\"agora-forum\",\"version\":\"1\"}", "x.json:1:35: "
		  "\"version\" is not" },
		{ "{\"format\":\"agora-forum\",\"version\":1,\"tracks\":[{}]}",
		  "x.json:1:47: tracks[0]: no \"uuid\"" },
		{ "{\"format\":\"agora-forum\",\"version\":1,\"sessions\":[{\"uuid\":"
		  "\"00000000-0000-4000-8000-000000000001\",\"created\":1,"
		  "\"updated\":1,\"copy\":\"00000000-0000-4000-8000-000000000001\","
		  "\"deleted\":false,\"track\":\"00000000-0000-4000-8000-"
		  "000000000009\",\"pos\":1,\"title\":\"\",\"date\":\"\","
		  "\"time\":\"\",\"room\":\"\",\"state\":\"open\"}]}",
		  "no track with uuid 00000000-0000-4000-8000-000000000009" },
		{ "{\"format\":\"agora-forum\",\"version\":1,\"groups\":[{\"uuid\":"
		  "\"00000000-0000-4000-8000-00000000000A\"}]}",
		  "groups[0].uuid: not a UUID in lower case" },
	};
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(import_json(g, bad[i].in, strlen(bad[i].in), &o,
		    &r), ST_INVALID);
		if (strstr(forum_error(g), bad[i].err) == NULL)
			fail_msg("\"%s\", want \"%s\"", forum_error(g),
			    bad[i].err);
		import_report_free(&r);
	}
	assert_int_equal(q(g, "SELECT COUNT(*) FROM undo_action"), 0);
	forum_close(g);
}

/* ---- an earlier resolution ---- */

static void
text_ok(const char *s, struct restext_doc *d)
{
	char *err = NULL;

	if (restext_parse(s, strlen(s), d, &err) != ST_OK)
		fail_msg("restext_parse: %s", err);
}

static void
test_text_parts(void **state)
{
	struct restext_doc d;
	char *err = NULL;

	(void)state;
	text_ok("ПРОЕКТ\n\nРезолюция форума.\nг. Город, «5» мая 2019 года\n\n"
	    "\tВступление.  \n\nКлючевыми темами стали:\n1.Первая\n"
	    "2)\tВторая\n\nУчастники:\n1. Одни\n\nЕщё абзац.\n"
	    "Предложения:\n1. Кому-то: \n1.1.Первое.\n1.2\u00a0Второе. \n"
	    "2.\u00a0Другим:\n2.1. Третье.\n", &d);
	assert_true(d.draft);
	assert_string_equal(d.title, "Резолюция форума.");
	assert_string_equal(d.city, "г. Город");
	assert_string_equal(d.date, "2019-05-05");
	assert_int_equal(d.opening.n, 1);
	assert_string_equal(d.opening.items[0], "Вступление.");
	assert_string_equal(d.themes_intro, "Ключевыми темами стали:");
	assert_int_equal(d.themes.n, 2);
	assert_string_equal(d.themes.items[1], "Вторая");
	assert_string_equal(d.participants_intro, "Участники:");
	assert_int_equal(d.groups.n, 1);
	assert_int_equal(d.closing.n, 1);
	assert_string_equal(d.closing.items[0], "Ещё абзац.");
	assert_string_equal(d.lead_in, "Предложения:");
	assert_int_equal(d.nsections, 2);
	assert_string_equal(d.sections[0].heading, "Кому-то");
	assert_int_equal(d.sections[0].nitems, 2);
	assert_string_equal(d.sections[0].items[1].text, "Второе.");
	assert_string_equal(d.sections[1].items[0].text, "Третье.");
	restext_doc_free(&d);

	text_ok("Т\nМосква 01.02.2020\n1. Кому:\n1.1 текст\n", &d);
	assert_string_equal(d.city, "Москва");
	assert_string_equal(d.date, "2020-02-01");
	assert_string_equal(d.sections[0].items[0].text, "текст");
	restext_doc_free(&d);
	text_ok("Т\nг. Тест 30 января 2018г.\n1. Кому:\n1.1. текст\n", &d);
	assert_string_equal(d.city, "г. Тест");
	assert_string_equal(d.date, "2018-01-30");
	restext_doc_free(&d);
	/* Not a calendar date: the line is a paragraph. */
	text_ok("Т\nг. Тест 31 февраля 2018 г.\n1. Кому:\n1.1. текст\n", &d);
	assert_string_equal(d.date, "");
	assert_int_equal(d.opening.n, 1);
	restext_doc_free(&d);

	/* Bad lines among the proposals. */
	text_ok("Т\n1. А:\n1.1. Да.\n2.1. Не тот номер.\n3. Не заголовок\n"
	    "Текст.\n1.\n", &d);
	assert_int_equal(d.notes.bad, 3);
	assert_int_equal(d.notes.msgs[0].line, 4);
	assert_string_equal(d.notes.msgs[0].text, "item 2.1. stands under "
	    "heading 1.");
	assert_int_equal(d.notes.msgs[2].kind, IMPORT_NOTE);
	restext_doc_free(&d);

	assert_int_equal(restext_parse("Просто текст.\n", 24, &d, &err),
	    ST_INVALID);
	assert_non_null(strstr(err, "no numbered proposals"));
	free(err);
	restext_doc_free(&d);
}

static void
test_text_unrecommend(void **state)
{
	char *s;

	(void)state;
	s = restext_unrecommend("Рекомендовать расширить спектр.");
	assert_string_equal(s, "Расширить спектр.");
	free(s);
	s = restext_unrecommend("Рекомендовать СМИ писать.");
	assert_string_equal(s, "СМИ писать.");
	free(s);
	s = restext_unrecommend("рекомендовать ёмко.");
	assert_null(s); /* the assembler writes «Рекомендовать» */
	assert_null(restext_unrecommend("Рекомендовать  двойной пробел."));
	assert_null(restext_unrecommend("Рекомендательный тон."));
	assert_null(restext_unrecommend("Рекомендовать"));
}

/* Imports text s into f. */
static enum status
text_import(struct forum *f, const char *s, const struct import_options *o,
    struct import_report *r)
{
	memset(r, 0, sizeof *r);
	return import_text(f, s, strlen(s), o, r);
}

static const char resolution[] =
    "Резолюция Тестового форума.\n"
    "г. Тест                    30 января 2018г.\n\n"
    "\tФорум прошёл 20–21 января 2018 года.\n\n"
    "В работе Форума приняли участие:\n1.Учителя.\n2.\tРодители.\n\n"
    "Ключевыми темами для обсуждения на Форуме стали:\n"
    "1.Образование и наука\n2.\u00a0Здравоохранение\n\n"
    "По итогам работы Форума сформулированы следующие предложения:\n\n"
    "1. Министерству образования края:   \n"
    "1.1.Открыть в каждом районе ресурсный центр.   \n"
    "1.2.\tПровести конкурс.\n\n"
    "2.\u00a0Органам местного самоуправления края:\n"
    "2.1. Рекомендовать открыть в каждом районе ресурсный центр.\n"
    "2.2. Рекомендовать СМИ писать.\n\n"
    "3. Советам:\n"
    "3.1. Рекомендовать  создать советы.\n"
    "3.2. Провести конкурс.\n";

static void
test_text_import(void **state)
{
	struct forum *f = forum_make(state, true), *g;
	struct import_report r;
	struct import_options o = { .source = "res.txt" };
	struct buf want = {0};
	char *doc;

	assert_ok(f, text_import(f, resolution, &o, &r));
	assert_true(r.forum_set);
	assert_int_equal(r.tracks, 2);
	assert_int_equal(r.groups, 2);
	assert_int_equal(r.paragraphs, 1);
	assert_int_equal(r.addressees, 3);
	assert_int_equal(r.proposals, 4); /* 2.1 = 1.1, 3.2 = 1.2 */
	assert_int_equal(r.links, 6);
	import_report_free(&r);
	assert_int_equal(q(f, "SELECT recommend FROM addressee WHERE heading "
	    "LIKE 'Органам%'"), 1);
	assert_int_equal(q(f, "SELECT recommend FROM addressee WHERE heading "
	    "= 'Советам'"), 0);
	assert_int_equal(q(f, "SELECT COUNT(*) FROM proposal WHERE status = 1 "
	    "AND text = 'СМИ писать.'"), 1);
	doc = export_text(f, &export_txt);
	buf_adds(&want, "Резолюция Тестового форума.\n\nг. Тест");
	assert_memory_equal(doc, want.data, want.len);
	assert_non_null(strstr(doc, "30 января 2018 г.\n\nФорум прошёл"));
	assert_non_null(strstr(doc, "2. Органам местного самоуправления "
	    "края:\n2.1. Рекомендовать открыть в каждом районе ресурсный "
	    "центр.\n2.2. Рекомендовать СМИ писать.\n"));
	assert_non_null(strstr(doc, "3.1. Рекомендовать  создать советы.\n"
	    "3.2. Провести конкурс.\n"));
	assert_non_null(strstr(doc, "1. Образование и наука\n"
	    "2. Здравоохранение\n"));
	free(doc);
	buf_free(&want);
	assert_int_equal(q(f, "SELECT final FROM forum"), 1);

	/* Twice: nothing new; the preamble is not taken again. */
	assert_ok(f, text_import(f, resolution, &o, &r));
	assert_int_equal(r.proposals + r.addressees + r.tracks, 0);
	assert_int_equal(r.skipped, 6);
	assert_false(r.forum_set);
	import_report_free(&r);

	/* Into a forum with records: proposals only, in --track. */
	g = forum_make(state, false);
	o.track = "Здоровье";
	assert_ok(g, text_import(g, resolution, &o, &r));
	assert_false(r.forum_set);
	assert_int_equal(r.addressees, 2); /* «Советам» and the края one */
	assert_int_equal(r.proposals, 4);
	import_report_free(&r);
	assert_int_equal(q(g, "SELECT COUNT(*) FROM proposal p JOIN track t ON "
	    "t.id = p.track_id WHERE t.label = 'Здоровье'"), 4);
	assert_int_equal(q(g, "SELECT COUNT(*) FROM paragraph"), 0);
	forum_close(g);

	/* strict: a heading the forum lacks stops it. */
	g = forum_make(state, false);
	o.strict = true;
	assert_int_equal(text_import(g, resolution, &o, &r), ST_INVALID);
	assert_string_equal(forum_error(g), "res.txt:20:1: unknown addressee "
	    "\"Органам местного самоуправления края\" (--strict)");
	import_report_free(&r);
	assert_int_equal(q(g, "SELECT COUNT(*) FROM proposal"), 0);
	o.strict = false;
	forum_close(g);

	/* A bad line stops it; skip_bad leaves it out. */
	g = forum_make(state, false);
	o.track = NULL;
	assert_int_equal(text_import(g, "Т\n1. А:\n1.1. Да.\n2.1. Нет.\n", &o,
	    &r), ST_INVALID);
	assert_string_equal(forum_error(g), "res.txt:4:1: item 2.1. stands "
	    "under heading 1.");
	import_report_free(&r);
	assert_int_equal(q(g, "SELECT COUNT(*) FROM proposal"), 0);
	o.skip_bad = true;
	assert_ok(g, text_import(g, "Т\n1. А:\n1.1. Да.\n2.1. Нет.\n", &o, &r));
	assert_int_equal(r.proposals, 1);
	assert_int_equal(r.bad, 1);
	import_report_free(&r);
	forum_close(g);
	forum_close(f);
}

/* Wrapped text (as the export writes it) reads as the unwrapped. */
static void
test_text_wrapped(void **state)
{
	struct forum *f = forum_make(state, true), *g, *h;
	struct import_report r;
	struct export_options eo = { .width = 44, .date = -1 };
	struct resolution *res;
	char *narrow = NULL, *a, *b;
	size_t len = 0;
	FILE *m;

	assert_ok(f, text_import(f, resolution, &opts_default, &r));
	import_report_free(&r);
	assert_ok(f, resolution_assemble(f, &res));
	m = open_memstream(&narrow, &len);
	assert_ok(f, export_txt.write(f, res, &eo, m));
	fclose(m);
	resolution_free(res);
	g = forum_make(state, true);
	assert_ok(g, text_import(g, narrow, &opts_default, &r));
	import_report_free(&r);
	a = export_text(f, &export_txt);
	b = export_text(g, &export_txt);
	assert_string_equal(a, b);
	free(b);

	/* The same as a document's paragraphs, line breaks inside. */
	{
		struct import_para p[] = {
			{ "Резолюция Тестового форума.", 0, 1 },
			{ "г. Тест\t30 января 2018 г.", 0, 2 },
			{ "Форум прошёл 20–21 января 2018 года.", 0, 3 },
			{ "В работе Форума приняли участие:\n1. Учителя.\n"
			  "2. Родители.", 0, 4 },
			{ "Ключевыми темами для обсуждения на Форуме стали:", 0,
			  5 },
			{ "1. Образование и наука", 0, 6 },
			{ "2. Здравоохранение", 0, 7 },
			{ "По итогам работы Форума сформулированы следующие "
			  "предложения:", 0, 8 },
			{ "1. Министерству образования края:", 0, 9 },
			{ "1.1. Открыть в каждом районе ресурсный центр.", 0,
			  10 },
			{ "1.2. Провести конкурс.", 0, 11 },
			{ "2. Органам местного самоуправления края:", 0, 12 },
			{ "2.1. Рекомендовать открыть в каждом районе "
			  "ресурсный центр.", 0, 13 },
			{ "2.2. Рекомендовать СМИ писать.", 0, 14 },
			{ "3. Советам:", 0, 15 },
			{ "3.1. Рекомендовать  создать советы.", 0, 16 },
			{ "3.2. Провести конкурс.", 0, 17 },
		};
		size_t i, n = sizeof p / sizeof p[0];

		for (i = 0; i < n; i++)
			p[i].len = strlen(p[i].text);
		h = forum_make(state, true);
		memset(&r, 0, sizeof r);
		assert_ok(h, import_paragraphs(h, p, n, &opts_default, &r));
		import_report_free(&r);
		b = export_text(h, &export_txt);
		assert_string_equal(a, b);
		free(b);
		forum_close(h);
	}
	free(a);
	free(narrow);
	forum_close(g);
	forum_close(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_syntax),
		cmocka_unit_test(test_csv_limits),
		cmocka_unit_test_setup_teardown(test_csv_import, scratch_setup,
		    scratch_teardown),
		cmocka_unit_test_setup_teardown(test_csv_bad_rows,
		    scratch_setup, scratch_teardown),
		cmocka_unit_test_setup_teardown(test_csv_export_rows,
		    scratch_setup, scratch_teardown),
		cmocka_unit_test(test_json_parse),
		cmocka_unit_test_setup_teardown(test_json_round_trip,
		    scratch_setup, scratch_teardown),
		cmocka_unit_test_setup_teardown(test_json_refused,
		    scratch_setup, scratch_teardown),
		cmocka_unit_test(test_text_parts),
		cmocka_unit_test(test_text_unrecommend),
		cmocka_unit_test_setup_teardown(test_text_import, scratch_setup,
		    scratch_teardown),
		cmocka_unit_test_setup_teardown(test_text_wrapped,
		    scratch_setup, scratch_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
