/*
 * fuzz_merge.c: a libFuzzer harness for merging a copy that came from
 * another laptop (model/merge.h, docs/TRUST.md).  The input is the whole
 * copy: it is written to a scratch file and merged into a fresh master,
 * tests/fuzz/corpus/merge-master.agora (the forum the seed copies were
 * made from, so that a copy is matched record by record and not only
 * imported), first as a copy of that forum and, if refused, with
 * --import.
 *
 * Properties: no crash, no leak, no undefined behaviour (ASan, UBSan); a
 * refused copy comes with a message; a merged one leaves the master
 * passing quick_check, with a report, its resolution assembled, and
 * merging the same copy again changes nothing (merge.h).
 *
 * Built by `make fuzz` with libFuzzer, and included by the corpus replay
 * (tests/unit/test_open_fuzz.c, with FUZZ_REPLAY defined).  The seeds in
 * tests/fuzz/corpus/merge are copies made by `agora copy` of the master,
 * with proposals added, edited, tagged and deleted in them, a copy of
 * another forum, and the same copies with a page overwritten, cut short,
 * or a header field changed.  The master: FUZZ_MERGE_MASTER, else
 * $TOP/tests/fuzz/corpus/merge-master.agora, else that path from the
 * current directory.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "../../exports/export.h"
#include "../../model/forum.h"
#include "../../model/merge.h"
#include "../../model/resolution.h"
#include "../../model/util.h"

const char *fuzz_merge(const uint8_t *data, size_t size);
void fuzz_merge_cleanup(void);

/* This process's scratch directory, master and copy, and the master's
 * bytes (read on first use). */
static char *fm_dir_path, *fm_master_path, *fm_copy_path;
static struct buf fm_master;

static void
fm_remove(const char *path)
{
	static const char *const suffixes[] = { "", "-wal", "-shm",
		"-journal" };
	size_t i;

	for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		char *p = xasprintf("%s%s", path, suffixes[i]);

		(void)unlink(p);
		free(p);
	}
}

void
fuzz_merge_cleanup(void)
{
	if (fm_master_path != NULL)
		fm_remove(fm_master_path);
	if (fm_copy_path != NULL)
		fm_remove(fm_copy_path);
	if (fm_dir_path != NULL)
		(void)rmdir(fm_dir_path);
	free(fm_dir_path);
	free(fm_master_path);
	free(fm_copy_path);
	buf_free(&fm_master);
	fm_dir_path = fm_master_path = fm_copy_path = NULL;
}

static void
fm_write(const char *path, const void *data, size_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	const char *p = data;
	ssize_t w;

	if (fd < 0) {
		perror(path);
		abort();
	}
	while (size > 0) {
		w = write(fd, p, size);
		if (w <= 0) {
			perror(path);
			abort();
		}
		p += w;
		size -= (size_t)w;
	}
	close(fd);
}

/* Reads the master's bytes and makes the scratch directory, once. */
static void
fm_setup(void)
{
	const char *env = getenv("FUZZ_MERGE_MASTER"), *top = getenv("TOP"),
	    *tmp = getenv("TMPDIR");
	char *src, chunk[65536];
	size_t got;
	FILE *in;

	if (fm_dir_path != NULL)
		return;
	if (env != NULL && *env != '\0')
		src = xstrdup(env);
	else
		src = xasprintf("%s%stests/fuzz/corpus/merge-master.agora",
		    top != NULL && *top != '\0' ? top : "",
		    top != NULL && *top != '\0' ? "/" : "");
	if ((in = fopen(src, "rb")) == NULL) {
		perror(src);
		abort();
	}
	while ((got = fread(chunk, 1, sizeof chunk, in)) > 0)
		buf_add(&fm_master, chunk, got);
	fclose(in);
	free(src);
	fm_dir_path = xasprintf("%s/agora-fuzz-merge-XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	if (mkdtemp(fm_dir_path) == NULL) {
		perror(fm_dir_path);
		abort();
	}
	fm_master_path = xasprintf("%s/master.agora", fm_dir_path);
	fm_copy_path = xasprintf("%s/copy.agora", fm_dir_path);
}

/* "ok" from PRAGMA quick_check on f's file. */
static int
fm_quick_check(struct forum *f)
{
	sqlite3_stmt *st;
	int ok = 0;

	if (sqlite3_prepare_v2(forum_db(f), "PRAGMA quick_check", -1, &st,
	    NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) &&
	    strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0)
		ok = 1;
	sqlite3_finalize(st);
	return ok;
}

/* After a merge that succeeded: the properties of merge.h. */
static const char *
fm_merged(struct forum *f, const char *const *paths, struct merge_opts *o,
    struct merge_result *res)
{
	struct export_options eo = { .width = 72, .date = 0 };
	struct resolution *r;
	FILE *out;

	if (res->report == NULL)
		return "merge: no report";
	merge_result_free(res);
	if (!fm_quick_check(f))
		return "merge: the master fails quick_check afterwards";
	if (resolution_assemble(f, &r) == ST_OK) {
		if ((out = fopen("/dev/null", "w")) == NULL)
			abort();
		(void)export_txt.write(f, r, &eo, out);
		fclose(out);
		resolution_free(r);
	} else if (*forum_error(f) == '\0')
		return "assemble: failed without a message";
	/* The same copy again: nothing to take. */
	if (merge_run(f, paths, 1, o, res) != ST_OK)
		return "merge: the same copy merged once is refused the "
		    "second time";
	if (res->changed) {
		merge_result_free(res);
		return "merge: the same copy merged twice changed the master "
		    "twice";
	}
	merge_result_free(res);
	return NULL;
}

const char *
fuzz_merge(const uint8_t *data, size_t size)
{
	const char *paths[1], *why = NULL;
	struct merge_opts o = { 0 };
	struct merge_result res;
	struct forum *f;
	char *err = NULL;

	setenv("AGORA_BACKUP_KEEP", "0", 1);
	fm_setup();
	fm_remove(fm_master_path);
	fm_remove(fm_copy_path);
	fm_write(fm_master_path, fm_master.data, fm_master.len);
	fm_write(fm_copy_path, data, size);
	if (forum_open(fm_master_path, 0, &f, &err) != ST_OK) {
		fprintf(stderr, "fuzz_merge: the master does not open: %s\n",
		    err);
		abort();
	}
	paths[0] = fm_copy_path;
	memset(&res, 0, sizeof res);
	if (merge_run(f, paths, 1, &o, &res) == ST_OK)
		why = fm_merged(f, paths, &o, &res);
	else if (*forum_error(f) == '\0')
		why = "merge: refused without a message";
	else {
		/* Perhaps a copy of another forum: taken in with --import. */
		o.import = true;
		memset(&res, 0, sizeof res);
		if (merge_run(f, paths, 1, &o, &res) == ST_OK)
			why = fm_merged(f, paths, &o, &res);
		else if (*forum_error(f) == '\0')
			why = "merge --import: refused without a message";
	}
	forum_close(f);
	return why;
}

#ifndef FUZZ_REPLAY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *why;
	static int registered;

	if (!registered) {
		atexit(fuzz_merge_cleanup);
		registered = 1;
	}
	if ((why = fuzz_merge(data, size)) != NULL) {
		fprintf(stderr, "fuzz_merge: property failed: %s\n", why);
		abort();
	}
	return 0;
}
#endif
