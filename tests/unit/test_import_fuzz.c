/*
 * test_import_fuzz.c: the fuzz corpora replayed, as `make test` runs it.
 *
 * Every file of tests/fuzz/corpus/csv, text, json and docx goes through its
 * fuzz target (tests/fuzz/targets.c, the code libFuzzer runs in `make fuzz`),
 * which checks the properties there, and then (but a document part)
 * through the whole import of its reader into a forum file, inside an action that is rolled back: the
 * import either succeeds or fails with a message, never crashes (this
 * binary runs under ASan and UBSan in `make asan`), and the rollback
 * leaves the file as it was.  The seeds include the inputs that once found
 * a bug (regress-*).
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
#include "../../model/import.h"
#include "../../model/records.h"
#include "../fuzz/targets.c"

typedef const char *(*target_fn)(const uint8_t *, size_t);
typedef enum status (*import_fn)(struct forum *, const char *, size_t,
    const struct import_options *, struct import_report *);

/* The corpus directory of reader name.  Caller frees. */
static char *
corpus_dir(const char *name)
{
	const char *top = getenv("TOP");

	return xasprintf("%s/tests/fuzz/corpus/%s", top && *top ? top : ".",
	    name);
}

/* A file's bytes.  Caller frees. */
static char *
slurp(const char *path, size_t *len)
{
	struct buf b = {0};
	char chunk[65536];
	size_t got;
	FILE *in = fopen(path, "rb");

	if (in == NULL)
		fail_msg("%s: cannot open", path);
	while ((got = fread(chunk, 1, sizeof chunk, in)) > 0)
		buf_add(&b, chunk, got);
	fclose(in);
	*len = b.len;
	buf_addc(&b, '\0');
	return buf_steal(&b);
}

/* A forum for the imports: with records, two tracks and an addressee
 * (CSV, text); without, its forum record only (JSON). */
static struct forum *
scratch_forum(char **path, bool records)
{
	const char *base = getenv("T");
	struct forum_info fi = {
		.title = (char *)"Форум", .resolution_title = (char *)"Р.",
		.city = (char *)"", .start_date = (char *)"",
		.end_date = (char *)"", .doc_date = (char *)"",
		.participants_intro = (char *)"", .themes_intro = (char *)"",
		.lead_in = (char *)"",
	};
	struct track t1 = { .title = (char *)"Образование",
		.label = (char *)"Образование", .moderator = (char *)"" };
	struct track t2 = { .title = (char *)"T", .label = (char *)"T",
		.moderator = (char *)"" };
	struct addressee a = { .heading = (char *)"Министерству",
		.label = (char *)"Минобразования" };
	struct forum *f;
	char *err = NULL;

	*path = xasprintf("%s/fuzz-replay-%ld.agora", base && *base ? base :
	    "/tmp", (long)getpid());
	unlink(*path);
	if (forum_open(*path, FORUM_CREATE, &f, &err) != ST_OK)
		fail_msg("%s", err);
	assert_int_equal(forum_begin(f, NULL), ST_OK);
	assert_int_equal(forum_info_set(f, &fi), ST_OK);
	if (records) {
		assert_int_equal(track_insert(f, &t1), ST_OK);
		assert_int_equal(track_insert(f, &t2), ST_OK);
		assert_int_equal(addressee_insert(f, &a), ST_OK);
	}
	assert_int_equal(forum_commit(f), ST_OK);
	return f;
}

static void
scratch_remove(char *path)
{
	static const char *const suffixes[] = { "", "-wal", "-shm",
		"-journal" };
	size_t i;

	for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		char *p = xasprintf("%s%s", path, suffixes[i]);

		unlink(p);
		free(p);
	}
	free(path);
}

/* Rows in the forum's tables, to see that a rollback left it alone. */
static int64_t
forum_rows(struct forum *f)
{
	sqlite3_stmt *st;
	int64_t n = -1;

	if (sqlite3_prepare_v2(forum_db(f), "SELECT (SELECT COUNT(*) FROM "
	    "forum) + (SELECT COUNT(*) FROM paragraph) + (SELECT COUNT(*) "
	    "FROM participant_group) + (SELECT COUNT(*) FROM track) + "
	    "(SELECT COUNT(*) FROM session) + (SELECT COUNT(*) FROM "
	    "addressee) + (SELECT COUNT(*) FROM proposal) + (SELECT COUNT(*) "
	    "FROM proposal_addressee) + (SELECT COUNT(*) FROM revision) + "
	    "(SELECT COUNT(*) FROM undo_action)", -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* Replays one corpus: the target, then the import, rolled back. */
static void
replay(const char *name, target_fn target, import_fn import)
{
	char *dir = corpus_dir(name), *path, *fpath;
	struct forum *f = scratch_forum(&fpath, import != import_json);
	struct dirent *e;
	size_t files = 0;
	int64_t before = forum_rows(f);
	DIR *d = opendir(dir);

	if (d == NULL)
		fail_msg("%s: no corpus there", dir);
	while ((e = readdir(d)) != NULL) {
		struct import_options o = { .source = e->d_name,
			.track = "T" };
		struct import_report r = {0};
		struct stat sb;
		const char *why;
		enum status st;
		char *data;
		size_t len;
		int pass;

		if (e->d_name[0] == '.')
			continue;
		path = xasprintf("%s/%s", dir, e->d_name);
		if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
			free(path);
			continue;
		}
		data = slurp(path, &len);
		if ((why = target((const uint8_t *)data, len)) != NULL)
			fail_msg("%s: %s", path, why);
		/* The import, strict and not, stopping and skipping (a
		 * document part is the target's whole business). */
		for (pass = 0; pass < 2 && import != NULL; pass++) {
			o.strict = pass == 0;
			o.skip_bad = pass == 1;
			assert_int_equal(forum_begin(f, "fuzz"), ST_OK);
			st = import(f, data, len, &o, &r);
			if (st != ST_OK && *forum_error(f) == '\0')
				fail_msg("%s: the import failed without a "
				    "message", path);
			forum_rollback(f);
			import_report_free(&r);
			if (forum_rows(f) != before)
				fail_msg("%s: the rolled back import left rows "
				    "behind", path);
		}
		free(data);
		free(path);
		files++;
	}
	closedir(d);
	forum_close(f);
	scratch_remove(fpath);
	print_message("%s: %zu inputs replayed\n", name, files);
	assert_true(files > 0);
	free(dir);
}

static void
test_replay_csv(void **state)
{
	(void)state;
	replay("csv", fuzz_csv, import_csv);
}

static void
test_replay_text(void **state)
{
	(void)state;
	replay("text", fuzz_text, import_text);
}

static void
test_replay_json(void **state)
{
	(void)state;
	replay("json", fuzz_json, import_json);
}

static void
test_replay_docx(void **state)
{
	(void)state;
	replay("docx", fuzz_docx, NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_replay_csv),
		cmocka_unit_test(test_replay_text),
		cmocka_unit_test(test_replay_json),
		cmocka_unit_test(test_replay_docx),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
