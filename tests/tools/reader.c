/*
 * reader: watches a forum that others write, for tests/e2e/writers.sh.
 *
 *	reader FILE STOP [down]
 *
 * Polls the forum's data_version (forum_data_version(): it changes when
 * another connection commits) until the file STOP exists, and counts the
 * proposals at each change.  Prints "changes N", "first C", "last C": how
 * many changes it saw and the counts at its first and last look.  The
 * writers only add proposals, so a count that ever went down is a lost
 * write: then it says so on standard error and exits 1 (unless "down" is
 * given: a restore takes proposals away).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "../../model/forum.h"

static int64_t
count(struct forum *f)
{
	sqlite3_stmt *st;
	int64_t n = -1;

	if (sqlite3_prepare_v2(forum_db(f), "SELECT count(*) FROM proposal",
	    -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

int
main(int argc, char **argv)
{
	const struct timespec pause = { 0, 2 * 1000 * 1000 };
	int64_t version, last = -1, n, first = -1, prev = -1;
	long changes = 0;
	struct forum *f;
	char *err;
	int rc = 0;

	if (argc != 3 && !(argc == 4 && strcmp(argv[3], "down") == 0)) {
		fprintf(stderr, "usage: reader FILE STOP [down]\n");
		return 2;
	}
	if (forum_open(argv[1], 0, &f, &err) != ST_OK) {
		fprintf(stderr, "reader: %s\n", err);
		return 1;
	}
	for (;;) {
		bool stop = access(argv[2], F_OK) == 0;

		version = forum_data_version(f);
		if (version < 0) {
			fprintf(stderr, "reader: data_version: %s\n",
			    sqlite3_errmsg(forum_db(f)));
			rc = 1;
			break;
		}
		if (version != last || stop) {
			if (last >= 0 && version != last)
				changes++;
			last = version;
			if ((n = count(f)) < 0) {
				fprintf(stderr, "reader: count: %s\n",
				    sqlite3_errmsg(forum_db(f)));
				rc = 1;
				break;
			}
			if (n < prev && argc == 3) {
				fprintf(stderr, "reader: the count went down "
				    "from %lld to %lld\n", (long long)prev,
				    (long long)n);
				rc = 1;
			}
			if (first < 0)
				first = n;
			prev = n;
		}
		if (stop)
			break;
		nanosleep(&pause, NULL);
	}
	printf("changes %ld\nfirst %lld\nlast %lld\n", changes,
	    (long long)first, (long long)prev);
	forum_close(f);
	return rc;
}
