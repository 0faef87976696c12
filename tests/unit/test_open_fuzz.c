/*
 * test_open_fuzz.c: the corpora of the forum file harnesses replayed, as
 * `make test` runs it.  Every file of tests/fuzz/corpus/open goes through
 * fuzz_open() and every file of tests/fuzz/corpus/merge through
 * fuzz_merge(): the code libFuzzer runs in `make fuzz`
 * (tests/fuzz/fuzz_open.c, fuzz_merge.c), which checks the properties
 * there.  A damaged file is refused or handled, never a crash (this
 * binary runs under ASan and UBSan in `make asan`, and under valgrind in
 * `make valgrind`).  The seeds include the inputs that once found a bug
 * (regress-*).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define FUZZ_REPLAY 1
#include "../fuzz/fuzz_merge.c"
#include "../fuzz/fuzz_open.c"

typedef const char *(*target_fn)(const uint8_t *, size_t);

/* A file's bytes.  Caller frees. */
static uint8_t *
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
	return (uint8_t *)buf_steal(&b);
}

/* Replays tests/fuzz/corpus/name through target. */
static void
replay(const char *name, target_fn target)
{
	const char *top = getenv("TOP");
	char *dir = xasprintf("%s/tests/fuzz/corpus/%s", top && *top ? top :
	    ".", name);
	struct dirent *e;
	size_t files = 0;
	DIR *d = opendir(dir);

	if (d == NULL)
		fail_msg("%s: no corpus there", dir);
	while ((e = readdir(d)) != NULL) {
		struct stat sb;
		const char *why;
		uint8_t *data;
		size_t len;
		char *path;

		if (e->d_name[0] == '.')
			continue;
		path = xasprintf("%s/%s", dir, e->d_name);
		if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
			free(path);
			continue;
		}
		data = slurp(path, &len);
		if ((why = target(data, len)) != NULL)
			fail_msg("%s: %s", path, why);
		free(data);
		free(path);
		files++;
	}
	closedir(d);
	print_message("%s: %zu inputs replayed\n", name, files);
	assert_true(files > 0);
	free(dir);
}

static void
test_replay_open(void **state)
{
	(void)state;
	replay("open", fuzz_open);
	fuzz_open_cleanup();
}

static void
test_replay_merge(void **state)
{
	(void)state;
	replay("merge", fuzz_merge);
	fuzz_merge_cleanup();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_replay_open),
		cmocka_unit_test(test_replay_merge),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
