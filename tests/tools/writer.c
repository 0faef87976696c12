/*
 * writer: writes to a forum through the model, for the crash and
 * concurrency tests (tests/e2e/crash.sh, writers.sh, backup.sh).
 *
 *	writer init FILE              a new forum: track "main", addressees
 *	                              A1, A2, A3
 *	writer add FILE [N]           adds proposals, one action each, N of them
 *	                              or until killed
 *	writer mix FILE ACTOR N SEED  N operations as ACTOR: adds, edits of its
 *	                              own proposals, tags of anyone's, with a
 *	                              pause of up to a millisecond after each
 *
 * Every operation is printed once its commit returned, and not before, with
 * one write(2): a line in the output is a save the user was told about.
 *	add:  UUID
 *	mix:  add TAB UUID | edit TAB UUID TAB TEXT | tag TAB UUID TAB LABEL,
 *	      and at the end "others TAB N": how many of its tags went to
 *	      proposals of other writers, which it could only see if their
 *	      changes reached it while it ran.
 * A failure (a "database is locked" included) is printed on standard error
 * and ends the program with status 1.
 *
 * Why mix pauses: SQLite's wait for a lock is not fair.  A waiter sleeps
 * and tries again, and a writer that begins its next action at once wins
 * the lock nearly every time: in a tight loop one writer finishes before
 * the others write anything (they wait, and past the busy timeout would
 * fail).  People pause between saves; so does mix, briefly.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "../../model/forum.h"
#include "../../model/records.h"
#include "../../model/util.h"

static const char *const labels[] = { "A1", "A2", "A3" };

/* Writes s whole, with one write(2) when it fits, as an acknowledgement. */
static void
ack(const char *s)
{
	size_t len = strlen(s);
	ssize_t w;

	while (len > 0) {
		w = write(STDOUT_FILENO, s, len);
		if (w <= 0)
			exit(1);
		s += w;
		len -= (size_t)w;
	}
}

static _Noreturn void
die(struct forum *f, enum status st, const char *what)
{
	fprintf(stderr, "writer: %s: %s: %s\n", what, status_text(st),
	    f != NULL ? forum_error(f) : "");
	exit(1);
}

static struct forum *
open_forum(const char *path)
{
	struct forum *f;
	char *err;

	if (forum_open(path, 0, &f, &err) != ST_OK) {
		fprintf(stderr, "writer: %s\n", err);
		exit(1);
	}
	return f;
}

static int
cmd_init(const char *path)
{
	struct forum_info fi = {
		.title = (char *)"Test forum",
		.resolution_title = (char *)"Резолюция тестового форума.",
		.city = (char *)"", .start_date = (char *)"",
		.end_date = (char *)"", .doc_date = (char *)"",
		.participants_intro = (char *)"", .themes_intro = (char *)"",
		.lead_in = (char *)"",
	};
	struct track t = { .pos = 1, .title = (char *)"Main track",
		.label = (char *)"main", .moderator = (char *)"" };
	struct forum *f;
	enum status st;
	char *err;
	size_t i;

	if ((st = forum_open(path, FORUM_CREATE, &f, &err)) != ST_OK) {
		fprintf(stderr, "writer: %s\n", err);
		return 1;
	}
	if ((st = forum_begin(f, NULL)) == ST_OK)
		st = forum_info_set(f, &fi);
	if (st == ST_OK)
		st = track_insert(f, &t);
	for (i = 0; st == ST_OK && i < 3; i++) {
		struct addressee a = { .pos = (int64_t)i + 1,
			.heading = (char *)labels[i], .label = (char *)labels[i] };

		st = addressee_insert(f, &a);
	}
	if (st == ST_OK)
		st = forum_commit(f);
	if (st != ST_OK)
		die(f, st, "init");
	forum_close(f);
	return 0;
}

/* Adds one proposal as one action; its UUID into uuid. */
static void
add_one(struct forum *f, int64_t tid, const char *author, long n,
    char uuid[37], int64_t *id)
{
	struct proposal p = { .status = PROPOSAL_NEW, .track_id = tid };
	enum status st;
	char *text = xasprintf("Proposal %ld of %s: build a school in every "
	    "village.", n, author);

	p.text = text;
	p.author = (char *)author;
	p.organisation = (char *)"";
	p.note = (char *)"";
	if ((st = forum_begin(f, "add a proposal")) != ST_OK)
		die(f, st, "begin");
	if ((st = proposal_insert(f, &p)) != ST_OK) {
		forum_rollback(f);
		die(f, st, "insert");
	}
	if ((st = forum_commit(f)) != ST_OK)
		die(f, st, "commit");
	memcpy(uuid, p.rec.uuid, 37);
	*id = p.rec.id;
	free(text);
}

static int
cmd_add(const char *path, long count)
{
	struct forum *f = open_forum(path);
	enum status st;
	char uuid[37], line[64];
	int64_t tid, id;
	long i;

	if ((st = track_find(f, "main", &tid)) != ST_OK)
		die(f, st, "track");
	for (i = 0; count < 0 || i < count; i++) {
		add_one(f, tid, "crash", i, uuid, &id);
		snprintf(line, sizeof line, "%s\n", uuid);
		ack(line);
	}
	forum_close(f);
	return 0;
}

struct own {
	int64_t id;
	char uuid[37];
};

/* A random live proposal: its id, UUID and author (caller frees).  False
 * if there is none. */
static bool
pick_any(struct forum *f, unsigned *seed, int64_t *id, char uuid[37],
    char **author)
{
	sqlite3_stmt *st;
	bool found = false;

	if (sqlite3_prepare_v2(forum_db(f), "SELECT id, uuid, author FROM "
	    "proposal WHERE deleted = 0 AND id >= ? ORDER BY id LIMIT 1", -1,
	    &st, NULL) != SQLITE_OK)
		return false;
	for (int tries = 0; !found && tries < 2; tries++) {
		sqlite3_bind_int64(st, 1, tries == 0 ?
		    (int64_t)(rand_r(seed) % 4096) : 0);
		if (sqlite3_step(st) == SQLITE_ROW) {
			*id = sqlite3_column_int64(st, 0);
			memcpy(uuid, sqlite3_column_text(st, 1), 37);
			*author = xstrdup((const char *)sqlite3_column_text(st,
			    2));
			found = true;
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return found;
}

static int
cmd_mix(const char *path, const char *actor, long count, unsigned seed)
{
	struct forum *f = open_forum(path);
	struct own *own = NULL;
	struct timespec pause_us = { 0, 0 };
	size_t nown = 0;
	int64_t tid, aid[3], id;
	long i, others = 0, edits = 0;
	enum status st;
	char uuid[37], *line, *author;
	size_t k;

	forum_set_actor(f, actor);
	if ((st = track_find(f, "main", &tid)) != ST_OK)
		die(f, st, "track");
	for (k = 0; k < 3; k++)
		if ((st = addressee_find(f, labels[k], &aid[k])) != ST_OK)
			die(f, st, "addressee");
	for (i = 0; i < count; i++) {
		int op = rand_r(&seed) % 4;

		if (op == 2 && nown > 0) {
			struct own *o = &own[(size_t)rand_r(&seed) % nown];
			struct proposal p;
			char *text;

			if ((st = forum_begin(f, "edit a proposal")) != ST_OK)
				die(f, st, "begin");
			if ((st = proposal_get(f, o->id, &p)) != ST_OK)
				die(f, st, "get");
			text = xasprintf("%s edit %ld", actor, ++edits);
			free(p.text);
			p.text = text;
			if ((st = proposal_update(f, &p)) != ST_OK)
				die(f, st, "update");
			if ((st = forum_commit(f)) != ST_OK)
				die(f, st, "commit");
			line = xasprintf("edit\t%s\t%s\n", o->uuid, text);
			proposal_clear(&p);
		} else if (op == 3 && pick_any(f, &seed, &id, uuid, &author)) {
			k = (size_t)rand_r(&seed) % 3;
			if ((st = forum_begin(f, "tag a proposal")) != ST_OK)
				die(f, st, "begin");
			if ((st = proposal_tag(f, id, aid[k])) != ST_OK)
				die(f, st, "tag");
			if ((st = forum_commit(f)) != ST_OK)
				die(f, st, "commit");
			if (strcmp(author, actor) != 0)
				others++;
			free(author);
			line = xasprintf("tag\t%s\t%s\n", uuid, labels[k]);
		} else {
			add_one(f, tid, actor, i, uuid, &id);
			own = xreallocarray(own, nown + 1, sizeof *own);
			own[nown].id = id;
			memcpy(own[nown].uuid, uuid, 37);
			nown++;
			line = xasprintf("add\t%s\n", uuid);
		}
		ack(line);
		free(line);
		pause_us.tv_nsec = (long)(rand_r(&seed) % 1000) * 1000;
		nanosleep(&pause_us, NULL);
	}
	line = xasprintf("others\t%ld\n", others);
	ack(line);
	free(line);
	free(own);
	forum_close(f);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "init") == 0)
		return cmd_init(argv[2]);
	if ((argc == 3 || argc == 4) && strcmp(argv[1], "add") == 0)
		return cmd_add(argv[2], argc == 4 ? atol(argv[3]) : -1);
	if (argc == 6 && strcmp(argv[1], "mix") == 0)
		return cmd_mix(argv[2], argv[3], atol(argv[4]),
		    (unsigned)strtoul(argv[5], NULL, 10));
	fprintf(stderr, "usage: writer init FILE | writer add FILE [N] | "
	    "writer mix FILE ACTOR N SEED\n");
	return 2;
}
