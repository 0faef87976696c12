/*
 * test_dupes.c: duplicate detection and the merge of duplicates
 * (model/dupes.c).
 *
 * Recall and precision on written paraphrases: the groups of
 * tests/fixtures/paraphrases.txt (the same proposal in other word forms,
 * word order, punctuation, ё/е, with small additions), put in one forum
 * with the sample forum's accepted proposals, which are all distinct.  A
 * pair inside a group is a true duplicate; any other pair reported (within
 * the sample, between the sample and a group, between two groups) is a
 * false one.  The figures are printed at several thresholds and asserted
 * at the default one; the fast method is also compared with every pair.
 *
 * The merge: votes summed, addressees unioned, statuses and sources,
 * the new wording kept in the revisions, and one undo restoring it all.
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

#include "../../model/dupes.h"
#include "../../model/forum.h"
#include "../../model/records.h"
#include "../../model/search.h"
#include "../../model/util.h"

#define NITEMS(a) (sizeof(a) / sizeof((a)[0]))

/* ---- fixtures ---- */

struct fx {
	char *path;
	struct forum *f;
	int64_t track[3];
	int64_t addr[3];
};

static char *
scratch_path(const char *name)
{
	const char *dir = getenv("T");
	char *path, *aux;

	path = xasprintf("%s/dupes-%s-%ld.db", dir && *dir ? dir : "/tmp",
	    name, (long)getpid());
	unlink(path);
	aux = xasprintf("%s-wal", path);
	unlink(aux);
	free(aux);
	aux = xasprintf("%s-shm", path);
	unlink(aux);
	free(aux);
	return path;
}

static void
scratch_remove(char *path)
{
	char *aux;

	unlink(path);
	aux = xasprintf("%s-wal", path);
	unlink(aux);
	free(aux);
	aux = xasprintf("%s-shm", path);
	unlink(aux);
	free(aux);
	free(path);
}

/* A file of the repository (TOP, else the working directory). */
static char *
top_path(const char *rel)
{
	const char *top = getenv("TOP");

	return xasprintf("%s/%s", top && *top ? top : ".", rel);
}

static int
setup(void **state)
{
	static const char *const labels[] = { "НКО", "СМИ", "Дети" };
	static const char *const headings[] = { "Правительству края",
	    "Органам местного самоуправления",
	    "Средствам массовой информации" };
	struct fx *x = xcalloc(1, sizeof *x);
	char *err = NULL;
	size_t i;

	x->path = scratch_path("fx");
	if (forum_open(x->path, FORUM_CREATE, &x->f, &err) != ST_OK) {
		fprintf(stderr, "%s\n", err);
		free(err);
		return -1;
	}
	for (i = 0; i < 3; i++) {
		struct track t = { 0 };
		struct addressee a = { 0 };

		t.title = t.label = (char *)labels[i];
		t.moderator = (char *)"";
		if (track_insert(x->f, &t) != ST_OK)
			return -1;
		x->track[i] = t.rec.id;
		a.heading = (char *)headings[i];
		a.label = (char *)labels[i];
		if (addressee_insert(x->f, &a) != ST_OK)
			return -1;
		x->addr[i] = a.rec.id;
	}
	*state = x;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *x = *state;

	forum_close(x->f);
	scratch_remove(x->path);
	free(x);
	return 0;
}

static int64_t
add(struct forum *f, int64_t track, const char *text, int status)
{
	struct proposal p = { 0 };

	p.track_id = track;
	p.text = (char *)text;
	p.status = status;
	assert_int_equal(proposal_insert(f, &p), ST_OK);
	return p.rec.id;
}

static int64_t
add_votes(struct forum *f, int64_t track, const char *text, int status,
    int64_t vf, int64_t va, int64_t vab)
{
	struct proposal p = { 0 };

	p.track_id = track;
	p.text = (char *)text;
	p.status = status;
	p.votes_for = vf;
	p.votes_against = va;
	p.votes_abstain = vab;
	assert_int_equal(proposal_insert(f, &p), ST_OK);
	return p.rec.id;
}

/* ---- the corpus: paraphrase groups and the sample's proposals ---- */

struct corpus_doc {
	int64_t id;
	int group; /* paraphrase group, or -1: a sample proposal */
};

struct corpus {
	struct corpus_doc *v;
	size_t n;
	int ngroups;
	size_t true_pairs;
};

static int
group_of(const struct corpus *c, int64_t id)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (c->v[i].id == id)
			return c->v[i].group;
	fail_msg("proposal %lld is not in the corpus", (long long)id);
	return -2;
}

static void
corpus_push(struct corpus *c, int64_t id, int group)
{
	c->v = xreallocarray(c->v, c->n + 1, sizeof *c->v);
	c->v[c->n].id = id;
	c->v[c->n++].group = group;
}

/* Loads the paraphrases (member k of a group into track k % 3) and the
 * sample forum's accepted proposals (into the first track). */
static void
corpus_load(struct fx *x, struct corpus *c)
{
	char *path = top_path("tests/fixtures/paraphrases.txt");
	char *sample = top_path("sample_forum.db");
	FILE *in = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0, ingroup = 0;
	ssize_t len;
	sqlite3 *db;
	sqlite3_stmt *st;

	memset(c, 0, sizeof *c);
	if (in == NULL)
		fail_msg("cannot read %s", path);
	assert_int_equal(forum_begin(x->f, NULL), ST_OK);
	while ((len = getline(&line, &cap, in)) >= 0) {
		while (len > 0 && (line[len - 1] == '\n' ||
		    line[len - 1] == '\r'))
			line[--len] = '\0';
		if (line[0] == '#')
			continue;
		if (len == 0) {
			if (ingroup > 0) {
				c->true_pairs += ingroup * (ingroup - 1) / 2;
				c->ngroups++;
			}
			ingroup = 0;
			continue;
		}
		corpus_push(c, add(x->f, x->track[ingroup % 3], line,
		    PROPOSAL_ACCEPTED), c->ngroups);
		ingroup++;
	}
	if (ingroup > 0) {
		c->true_pairs += ingroup * (ingroup - 1) / 2;
		c->ngroups++;
	}
	free(line);
	fclose(in);

	assert_int_equal(sqlite3_open_v2(sample, &db, SQLITE_OPEN_READONLY,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT text FROM proposal "
	    "WHERE deleted = 0 AND status = 1 ORDER BY id", -1, &st, NULL),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW)
		corpus_push(c, add(x->f, x->track[0],
		    (const char *)sqlite3_column_text(st, 0),
		    PROPOSAL_ACCEPTED), -1);
	sqlite3_finalize(st);
	sqlite3_close(db);
	assert_int_equal(forum_commit(x->f), ST_OK);
	free(path);
	free(sample);
}

struct quality {
	size_t reported, right, sample_false;
	double recall, precision;
};

/* Judges the pairs at or above d's threshold. */
static struct quality
judge(const struct corpus *c, const struct dupes *d)
{
	struct quality q = { 0 };
	size_t i, k;

	for (i = 0; i < d->n; i++)
		for (k = 0; k < d->v[i].npairs; k++) {
			const struct dupe_cluster *cl = &d->v[i];
			const struct dupe_pair *p = &cl->pairs[k];
			int ga, gb;

			if (p->score < d->threshold)
				continue;
			ga = group_of(c, cl->members[p->a].id);
			gb = group_of(c, cl->members[p->b].id);
			q.reported++;
			if (ga >= 0 && ga == gb)
				q.right++;
			else if (ga < 0 && gb < 0)
				q.sample_false++;
		}
	q.recall = c->true_pairs ? (double)q.right / (double)c->true_pairs : 1;
	q.precision = q.reported ? (double)q.right / (double)q.reported : 1;
	return q;
}

/* True if d lists the pair a, b at or above its threshold. */
static bool
has_pair(const struct dupes *d, int64_t a, int64_t b)
{
	size_t k, l;

	for (k = 0; k < d->n; k++)
		for (l = 0; l < d->v[k].npairs; l++) {
			const struct dupe_cluster *cl = &d->v[k];
			const struct dupe_pair *p = &cl->pairs[l];
			int64_t x = cl->members[p->a].id;
			int64_t y = cl->members[p->b].id;

			if (p->score >= d->threshold &&
			    ((x == a && y == b) || (x == b && y == a)))
				return true;
		}
	return false;
}

/* Prints the pairs of a group that were missed at d's threshold. */
static void
print_missed(struct forum *f, const struct corpus *c, const struct dupes *d)
{
	size_t i, j;

	for (i = 0; i < c->n; i++)
		for (j = i + 1; j < c->n; j++) {
			struct proposal a, b;
			int score;

			if (c->v[i].group < 0 ||
			    c->v[i].group != c->v[j].group ||
			    has_pair(d, c->v[i].id, c->v[j].id))
				continue;
			assert_int_equal(proposal_get(f, c->v[i].id, &a),
			    ST_OK);
			assert_int_equal(proposal_get(f, c->v[j].id, &b),
			    ST_OK);
			assert_int_equal(search_score(f, a.text, b.text,
			    &score), ST_OK);
			printf("    missed (%d%%): «%s» ~ «%s»\n", score,
			    a.text, b.text);
			proposal_clear(&a);
			proposal_clear(&b);
		}
}

/* Prints the false pairs at d's threshold. */
static void
print_false(const struct corpus *c, const struct dupes *d)
{
	size_t i, k;

	for (i = 0; i < d->n; i++)
		for (k = 0; k < d->v[i].npairs; k++) {
			const struct dupe_cluster *cl = &d->v[i];
			const struct dupe_pair *p = &cl->pairs[k];
			int ga = group_of(c, cl->members[p->a].id);
			int gb = group_of(c, cl->members[p->b].id);

			if (p->score < d->threshold || (ga >= 0 && ga == gb))
				continue;
			printf("    false (%d%%): «%s» ~ «%s»\n", p->score,
			    cl->members[p->a].text, cl->members[p->b].text);
		}
}

static void
test_recall_precision(void **state)
{
	struct fx *x = *state;
	struct corpus c;
	struct dupes d, e;
	struct quality q;
	int t;

	corpus_load(x, &c);
	printf("# corpus: %d paraphrase groups (%zu true pairs), %zu "
	    "proposals with the sample's\n", c.ngroups, c.true_pairs, c.n);
	assert_true(c.ngroups >= 40);
	printf("# threshold  recall  precision  reported  false-in-sample\n");
	for (t = 30; t <= 80; t += 5) {
		assert_int_equal(dupes_find(x->f, t, NULL, NULL, &d), ST_OK);
		q = judge(&c, &d);
		printf("#   %3d%%     %5.3f   %5.3f      %5zu     %zu%s\n", t,
		    q.recall, q.precision, q.reported, q.sample_false,
		    t == DUPES_THRESHOLD ? "   <- default" : "");
		dupes_free(&d);
	}

	assert_int_equal(dupes_find(x->f, DUPES_THRESHOLD, NULL, NULL, &d),
	    ST_OK);
	q = judge(&c, &d);
	printf("# at the default %d%%: recall %.3f (%zu of %zu pairs), "
	    "precision %.3f (%zu of %zu reported)\n", DUPES_THRESHOLD,
	    q.recall, q.right, c.true_pairs, q.precision, q.right, q.reported);
	print_missed(x->f, &c, &d);
	print_false(&c, &d);
	assert_true(q.recall >= 0.9);
	assert_true(q.precision >= 0.9);

	/* The fast method against every pair: the same pairs here. */
	assert_int_equal(dupes_find_exact(x->f, DUPES_THRESHOLD, NULL, NULL,
	    &e), ST_OK);
	{
		size_t both = 0, all = 0, i, k;

		for (i = 0; i < e.n; i++)
			for (k = 0; k < e.v[i].npairs; k++) {
				const struct dupe_cluster *ce = &e.v[i];

				if (ce->pairs[k].score < DUPES_THRESHOLD)
					continue;
				all++;
				both += has_pair(&d,
				    ce->members[ce->pairs[k].a].id,
				    ce->members[ce->pairs[k].b].id);
			}
		printf("# every pair compared: %zu pairs; the fast method "
		    "finds %zu of them, comparing %lld of %lld pairs\n", all,
		    both, (long long)d.candidates,
		    (long long)(d.proposals * (d.proposals - 1) / 2));
		assert_true(both * 100 >= all * 95);
	}
	assert_true(d.candidates < d.proposals * (d.proposals - 1) / 2 / 4);
	dupes_free(&d);
	dupes_free(&e);
	free(c.v);
}

/* Every score equals search_score() of the two texts. */
static void
test_scores_match_search(void **state)
{
	struct fx *x = *state;
	struct corpus c;
	struct dupes d;
	size_t i, k, n = 0;

	corpus_load(x, &c);
	assert_int_equal(dupes_find(x->f, 30, NULL, NULL, &d), ST_OK);
	for (i = 0; i < d.n; i++)
		for (k = 0; k < d.v[i].npairs; k++) {
			const struct dupe_cluster *cl = &d.v[i];
			int score;

			assert_int_equal(search_score(x->f,
			    cl->members[cl->pairs[k].a].text,
			    cl->members[cl->pairs[k].b].text, &score), ST_OK);
			assert_int_equal(score, cl->pairs[k].score);
			n++;
		}
	assert_true(n > 50);
	dupes_free(&d);
	free(c.v);
}

/* Word forms, ё/е, order and punctuation give 100; merged and deleted
 * proposals take no part; rejected ones do. */
static void
test_who_takes_part(void **state)
{
	struct fx *x = *state;
	struct dupes d;
	struct proposal p;
	int64_t a, b, m, del, rej, other;

	a = add(x->f, x->track[0], "Поддержать ёлочный базар: НКО края!",
	    PROPOSAL_ACCEPTED);
	b = add(x->f, x->track[1], "края НКО, поддержать — елочный базар",
	    PROPOSAL_NEW);
	m = add(x->f, x->track[2], "Поддержать ёлочный базар НКО края",
	    PROPOSAL_NEW);
	del = add(x->f, x->track[2], "Поддержать елочный базар НКО края.",
	    PROPOSAL_NEW);
	rej = add(x->f, x->track[2], "Поддержку ёлочного базара НКО края",
	    PROPOSAL_REJECTED);
	other = add(x->f, x->track[0], "Провести форум молодых лидеров",
	    PROPOSAL_ACCEPTED);
	(void)other;
	assert_int_equal(proposal_get(x->f, m, &p), ST_OK);
	p.status = PROPOSAL_MERGED;
	p.merged_into = a;
	assert_int_equal(proposal_update(x->f, &p), ST_OK);
	proposal_clear(&p);
	assert_int_equal(proposal_delete(x->f, del), ST_OK);

	assert_int_equal(dupes_find(x->f, DUPES_THRESHOLD, NULL, NULL, &d),
	    ST_OK);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].n, 3);
	assert_int_equal(d.v[0].members[0].id, a);
	assert_int_equal(d.v[0].members[1].id, b);
	assert_int_equal(d.v[0].members[2].id, rej);
	assert_int_equal(d.v[0].members[2].status, PROPOSAL_REJECTED);
	assert_int_equal(d.v[0].npairs, 3);
	assert_int_equal(d.v[0].best, 100);
	assert_int_equal(dupe_cluster_score(&d.v[0], 1, 0), 100);
	assert_true(dupe_cluster_score(&d.v[0], 2, 0) >= DUPES_THRESHOLD);
	assert_int_equal(d.proposals, 4);
	dupes_free(&d);

	assert_int_equal(dupes_find(x->f, 0, NULL, NULL, &d), ST_INVALID);
	assert_int_equal(dupes_find(x->f, 101, NULL, NULL, &d), ST_INVALID);
}

/* Many copies of one text: one cluster, every copy in it. */
static void
test_many_copies(void **state)
{
	struct fx *x = *state;
	struct dupes d, e;
	size_t i;

	assert_int_equal(forum_begin(x->f, NULL), ST_OK);
	for (i = 0; i < 150; i++)
		add(x->f, x->track[i % 3], i % 2 ?
		    "Открыть центр НКО в районе" :
		    "В районе открыть центр НКО.", PROPOSAL_NEW);
	for (i = 0; i < 40; i++) {
		char *t = xasprintf("Провести конкурс номер %zu для школ", i);

		add(x->f, x->track[0], t, PROPOSAL_NEW);
		free(t);
	}
	assert_int_equal(forum_commit(x->f), ST_OK);
	assert_int_equal(dupes_find(x->f, 90, NULL, NULL, &d), ST_OK);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].n, 150);
	assert_true(d.v[0].npairs >= 149);
	for (i = 0; i < d.v[0].npairs; i++)
		assert_int_equal(d.v[0].pairs[i].score, 100);
	assert_int_equal(dupes_find_exact(x->f, 90, NULL, NULL, &e), ST_OK);
	assert_int_equal(e.n, 1);
	assert_int_equal(e.v[0].n, 150);
	assert_int_equal(e.found, 150 * 149 / 2); /* every pair */
	assert_int_equal(d.found, 149);           /* the pairs that joined */
	dupes_free(&d);
	dupes_free(&e);
}

static void
test_threshold_parse(void **state)
{
	(void)state;
	assert_int_equal(dupes_threshold_parse("60"), 60);
	assert_int_equal(dupes_threshold_parse("0.6"), 60);
	assert_int_equal(dupes_threshold_parse(".75"), 75);
	assert_int_equal(dupes_threshold_parse("100"), 100);
	assert_int_equal(dupes_threshold_parse("1"), 1);
	assert_int_equal(dupes_threshold_parse("0"), -1);
	assert_int_equal(dupes_threshold_parse("101"), -1);
	assert_int_equal(dupes_threshold_parse("-5"), -1);
	assert_int_equal(dupes_threshold_parse("6o"), -1);
	assert_int_equal(dupes_threshold_parse(""), -1);
	assert_int_equal(dupes_threshold_parse("nan"), -1);
	assert_int_equal(dupes_threshold_parse("0.001"), -1);
}

/* ---- merging ---- */

/* What a merge touches, without the stamps an undo may renew. */
static char *
snapshot(struct forum *f)
{
	struct buf b = { 0 };
	sqlite3_stmt *st;
	int i, n;

	assert_int_equal(sqlite3_prepare_v2(forum_db(f), "SELECT id, status, "
	    "merged_into, votes_for, votes_against, votes_abstain, text, "
	    "deleted, 'p' FROM proposal UNION ALL SELECT proposal_id, "
	    "addressee_id, pos, deleted, 0, 0, '', 0, 'l' FROM "
	    "proposal_addressee ORDER BY 9, 1, 2", -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		n = sqlite3_column_count(st);
		for (i = 0; i < n; i++)
			buf_printf(&b, "%s|", sqlite3_column_type(st, i) ==
			    SQLITE_NULL ? "NULL" :
			    (const char *)sqlite3_column_text(st, i));
		buf_addc(&b, '\n');
	}
	sqlite3_finalize(st);
	return buf_steal(&b);
}

static void
test_merge(void **state)
{
	struct fx *x = *state;
	struct proposal p;
	struct revision *rv;
	int64_t a, b, c, old, others[2], *aids;
	struct proposal *src;
	size_t n, nrv, i;
	char *before, *after, *label = NULL;
	bool kept;

	a = add_votes(x->f, x->track[0], "Открыть центр НКО в районе",
	    PROPOSAL_NEW, 10, 2, 1);
	b = add_votes(x->f, x->track[1], "В районе открыть центр для НКО",
	    PROPOSAL_ACCEPTED, 5, 1, 0);
	c = add_votes(x->f, x->track[2], "Открытие центра НКО в районах",
	    PROPOSAL_REJECTED, 3, 0, 2);
	old = add_votes(x->f, x->track[2], "Открыть центр НКО",
	    PROPOSAL_NEW, 1, 1, 1);
	assert_int_equal(proposal_tag(x->f, a, x->addr[0]), ST_OK);
	assert_int_equal(proposal_tag(x->f, b, x->addr[1]), ST_OK);
	assert_int_equal(proposal_tag(x->f, c, x->addr[2]), ST_OK);
	assert_int_equal(proposal_tag(x->f, c, x->addr[0]), ST_OK);
	/* old was merged into c before: it must end up under the survivor. */
	assert_int_equal(proposal_get(x->f, old, &p), ST_OK);
	p.status = PROPOSAL_MERGED;
	p.merged_into = c;
	assert_int_equal(proposal_update(x->f, &p), ST_OK);
	proposal_clear(&p);

	/* Refusals change nothing. */
	before = snapshot(x->f);
	others[0] = a;
	assert_int_equal(dupes_merge(x->f, a, others, 1, NULL), ST_INVALID);
	others[0] = b;
	others[1] = b;
	assert_int_equal(dupes_merge(x->f, a, others, 2, NULL), ST_INVALID);
	others[1] = old;
	assert_int_equal(dupes_merge(x->f, a, others, 2, NULL), ST_INVALID);
	assert_int_equal(dupes_merge(x->f, old, others, 1, NULL), ST_INVALID);
	others[1] = 9999;
	assert_int_equal(dupes_merge(x->f, a, others, 2, NULL), ST_NOTFOUND);
	assert_int_equal(dupes_merge(x->f, a, others, 0, NULL), ST_INVALID);
	after = snapshot(x->f);
	assert_string_equal(before, after);
	free(after);

	others[0] = b;
	others[1] = c;
	assert_int_equal(dupes_merge(x->f, a, others, 2,
	    "Открыть в каждом районе ресурсный центр НКО"), ST_OK);

	assert_int_equal(proposal_get(x->f, a, &p), ST_OK);
	assert_int_equal(p.votes_for, 18);
	assert_int_equal(p.votes_against, 3);
	assert_int_equal(p.votes_abstain, 3);
	assert_int_equal(p.status, PROPOSAL_ACCEPTED); /* b was */
	assert_string_equal(p.text, "Открыть в каждом районе ресурсный центр "
	    "НКО");
	proposal_clear(&p);
	assert_int_equal(proposal_addressees(x->f, a, &aids, &n), ST_OK);
	assert_int_equal(n, 3);
	free(aids);
	assert_int_equal(revision_list(x->f, a, &rv, &nrv), ST_OK);
	for (i = 0, kept = false; i < nrv; i++)
		if (strcmp(rv[i].text, "Открыть центр НКО в районе") == 0)
			kept = true;
	assert_true(kept);
	revision_free(rv, nrv);
	for (i = 0; i < 3; i++) {
		int64_t id = i == 0 ? b : i == 1 ? c : old;

		assert_int_equal(proposal_get(x->f, id, &p), ST_OK);
		assert_int_equal(p.status, PROPOSAL_MERGED);
		assert_int_equal(p.merged_into, a);
		proposal_clear(&p);
	}
	assert_int_equal(dupes_sources(x->f, a, &src, &n), ST_OK);
	assert_int_equal(n, 3);
	assert_int_equal(src[0].rec.id, b);
	assert_int_equal(src[1].rec.id, c);
	assert_int_equal(src[2].rec.id, old);
	proposal_free(src, n);

	/* Merged proposals no longer take part. */
	{
		struct dupes d;

		assert_int_equal(dupes_find(x->f, 30, NULL, NULL, &d), ST_OK);
		assert_int_equal(d.n, 0);
		assert_int_equal(d.proposals, 1);
		dupes_free(&d);
	}

	/* One undo takes it all back; redo brings it again. */
	assert_int_equal(forum_undo(x->f, &label), ST_OK);
	assert_string_equal(label, "merge duplicates");
	free(label);
	after = snapshot(x->f);
	assert_string_equal(before, after);
	free(after);
	assert_int_equal(forum_redo(x->f, NULL), ST_OK);
	assert_int_equal(proposal_get(x->f, b, &p), ST_OK);
	assert_int_equal(p.merged_into, a);
	proposal_clear(&p);
	assert_int_equal(forum_undo(x->f, NULL), ST_OK);
	after = snapshot(x->f);
	assert_string_equal(before, after);
	free(after);
	free(before);
}

/* Keeping the survivor's wording: text NULL leaves it as it was. */
static void
test_merge_keeps_text(void **state)
{
	struct fx *x = *state;
	struct proposal p;
	int64_t a, b;

	a = add(x->f, x->track[0], "Открыть центр НКО", PROPOSAL_REJECTED);
	b = add(x->f, x->track[1], "Центр НКО открыть", PROPOSAL_NEW);
	assert_int_equal(dupes_merge(x->f, a, &b, 1, NULL), ST_OK);
	assert_int_equal(proposal_get(x->f, a, &p), ST_OK);
	assert_string_equal(p.text, "Открыть центр НКО");
	assert_int_equal(p.status, PROPOSAL_REJECTED); /* none accepted */
	proposal_clear(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_recall_precision, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_scores_match_search,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_who_takes_part, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_many_copies, setup,
		    teardown),
		cmocka_unit_test(test_threshold_parse),
		cmocka_unit_test_setup_teardown(test_merge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_merge_keeps_text, setup,
		    teardown),
	};

	(void)NITEMS(tests);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
