/*
 * fuzz_open.c: a libFuzzer harness for opening a forum file that came
 * from elsewhere (docs/TRUST.md).  The input is the whole file: it is
 * written to a scratch file, opened with forum_open(), and if that
 * succeeds, used as the interface and the command line use it: the
 * resolution assembled and exported as text (to /dev/null), the counts,
 * a page of the first track's list, a proposal added and its addition
 * undone, and closed.
 *
 * Properties: no crash, no leak, no undefined behaviour (ASan, UBSan);
 * a refused file and a failed step come with a message.
 *
 * Built by `make fuzz` with libFuzzer, and included by the corpus replay
 * (tests/unit/test_open_fuzz.c, with FUZZ_REPLAY defined), which `make
 * test` runs, so that both run this code.  The seeds in
 * tests/fuzz/corpus/open are real files: forums made by build/mksample
 * (tests/fixtures/cli_forum.txt with proposals added, one with 512-byte
 * pages), copies, files at every older schema version, and the same
 * files with a page overwritten, cut short, or a header field changed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../exports/export.h"
#include "../../model/forum.h"
#include "../../model/listing.h"
#include "../../model/records.h"
#include "../../model/resolution.h"
#include "../../model/util.h"

const char *fuzz_open(const uint8_t *data, size_t size);
void fuzz_open_cleanup(void);

/* This process's scratch directory and file (made on first use). */
static char *fo_dir_path, *fo_file_path;

/* Removes path and what SQLite or agora may have made beside it. */
static void
fo_remove(const char *path)
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
fuzz_open_cleanup(void)
{
	if (fo_file_path != NULL)
		fo_remove(fo_file_path);
	if (fo_dir_path != NULL)
		(void)rmdir(fo_dir_path);
	free(fo_file_path);
	free(fo_dir_path);
	fo_file_path = fo_dir_path = NULL;
}

/* The scratch file's path, its directory made on first use. */
static const char *
fo_path(void)
{
	const char *tmp = getenv("TMPDIR");

	if (fo_file_path != NULL)
		return fo_file_path;
	fo_dir_path = xasprintf("%s/agora-fuzz-open-XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	if (mkdtemp(fo_dir_path) == NULL) {
		perror(fo_dir_path);
		abort();
	}
	fo_file_path = xasprintf("%s/forum.agora", fo_dir_path);
	return fo_file_path;
}

/* Writes the input as the whole file; aborts if it cannot (the disk). */
static void
fo_write(const char *path, const uint8_t *data, size_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	ssize_t w;

	if (fd < 0) {
		perror(path);
		abort();
	}
	while (size > 0) {
		w = write(fd, data, size);
		if (w <= 0) {
			perror(path);
			abort();
		}
		data += w;
		size -= (size_t)w;
	}
	close(fd);
}

/* What a step that failed must leave: a message. */
static const char *
fo_failed(struct forum *f, const char *why)
{
	return *forum_error(f) == '\0' ? why : NULL;
}

/* Uses an opened forum as the interface and the command line do. */
static const char *
fo_use(struct forum *f)
{
	struct export_options eo = { .width = 72, .date = 0 };
	struct resolution *r;
	struct forum_counts c;
	struct listing_filter q = { 0, 0 };
	struct listing_row *rows;
	struct track *t;
	size_t n, nrows, count;
	struct proposal p;
	const char *why = NULL;
	FILE *out;

	if (resolution_assemble(f, &r) == ST_OK) {
		if ((out = fopen("/dev/null", "w")) == NULL)
			abort();
		(void)export_txt.write(f, r, &eo, out);
		fclose(out);
		resolution_free(r);
	} else if ((why = fo_failed(f, "assemble: failed without a "
	    "message")) != NULL)
		return why;
	if (forum_counts_get(f, &c) == ST_OK)
		forum_counts_free(&c);
	else if ((why = fo_failed(f, "counts: failed without a message")))
		return why;
	if (track_list(f, &t, &n) != ST_OK)
		return fo_failed(f, "tracks: failed without a message");
	if (n > 0) {
		q.track_id = t[0].rec.id;
		if (listing_count(f, &q, &count) == ST_OK &&
		    listing_page(f, &q, 0, 20, &rows, &nrows) == ST_OK)
			listing_rows_free(rows, nrows);
		memset(&p, 0, sizeof p);
		p.track_id = t[0].rec.id;
		p.text = (char *)"Предложение, добавленное при проверке";
		p.author = p.organisation = p.note = (char *)"";
		if (proposal_insert(f, &p) == ST_OK) {
			if (forum_undo(f, NULL) != ST_OK)
				why = fo_failed(f, "undo: failed without a "
				    "message");
		} else
			why = fo_failed(f, "add: failed without a message");
	}
	track_free(t, n);
	return why;
}

const char *
fuzz_open(const uint8_t *data, size_t size)
{
	const char *path = fo_path(), *why;
	struct forum *f;
	char *err = NULL;

	/* No snapshots: they would fill the disk and prove nothing here. */
	setenv("AGORA_BACKUP_KEEP", "0", 1);
	fo_remove(path);
	fo_write(path, data, size);
	if (forum_open(path, 0, &f, &err) != ST_OK) {
		why = err == NULL || *err == '\0' ? "open: refused without a "
		    "message" : NULL;
		free(err);
		return why;
	}
	why = fo_use(f);
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
		atexit(fuzz_open_cleanup);
		registered = 1;
	}
	if ((why = fuzz_open(data, size)) != NULL) {
		fprintf(stderr, "fuzz_open: property failed: %s\n", why);
		abort();
	}
	return 0;
}
#endif
