/*
 * dupes.h: near-duplicate proposals, found across tracks, and the merge of
 * a cluster of them into one (PRODUCT.md: the secretariat "finds the same
 * idea proposed in several tracks and merges the duplicates, keeping the
 * originals visible").
 *
 * Similarity is the search core's (search.h): the cosine of two stem sets,
 * each stem weighted by its inverse document frequency in the index, as a
 * percentage.  The stems come from the index itself, so Russian and
 * English word forms, ё/е, case, word order and punctuation never hide a
 * duplicate; the score of two proposals here is the score search_score()
 * gives their texts.
 *
 * Who takes part: every live proposal not already merged into another
 * (status new, accepted or rejected).  Rejected ones are in, since the
 * same idea accepted in another track should be seen next to its rejected
 * twin; the member's status says so and the interface flags it.
 *
 * The method (dupes.c tells the details) does not compare all pairs:
 * candidates come from the stems few proposals share (prefix filtering
 * on an inverted index: exact for those) and from weighted MinHash over
 * the stem sets, banded into locality-sensitive hash buckets; each
 * candidate pair is then compared exactly.  A pair far above the
 * threshold is found all but surely, one just at it not always (on the
 * benchmark, 97% to 99% of the pairs comparing every pair finds), and the
 * time grows with the number of proposals, not with its square.
 * dupes_find_exact() compares every pair: it is the baseline the tests
 * and the benchmark measure the recall against.
 *
 * Clusters are the connected components of the pairs found at or above
 * the threshold (union-find), so a cluster may hold two proposals that are
 * similar only through a third.
 */
#ifndef AGORA_DUPES_H
#define AGORA_DUPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "forum.h"
#include "records.h"
#include "status.h"

/*
 * The default threshold, in percent.  Chosen on the paraphrase fixture
 * (tests/fixtures/paraphrases.txt, 41 groups) among the sample forum's
 * accepted proposals, which are all distinct (test_dupes prints the
 * table): at 50 recall is 0.99 (one pair of 129 missed, a noun against a
 * verb plus an addition) and precision 0.985 (two of the sample's
 * proposals that end in the same 12-word clause pair at 55% and 58%); at
 * 60 precision is 1 but recall 0.96; below 45 different proposals on one
 * subject start to pair.  The secretariat reviews what is found, so a
 * missed duplicate (the same item twice in the resolution) costs more
 * than a false one (a glance).
 */
#define DUPES_THRESHOLD 50
#define DUPES_THRESHOLD_MIN 1
#define DUPES_THRESHOLD_MAX 100

/* Clusters of at most this many members list every pair's score; larger
 * ones only the pairs found at or above the threshold. */
#define DUPES_ALL_PAIRS 16

struct dupe_member {
	int64_t id;
	int64_t track_id;
	int status; /* enum proposal_status: never PROPOSAL_MERGED here */
	int64_t votes_for, votes_against, votes_abstain;
	char *text;
};

struct dupe_pair {
	size_t a, b; /* indices into the cluster's members, a < b */
	int score;   /* 0..100; may be below the threshold (see above) */
};

struct dupe_cluster {
	struct dupe_member *members; /* oldest (lowest id) first */
	size_t n;
	struct dupe_pair *pairs; /* best first, then by a, b */
	size_t npairs;
	int best; /* the highest score of a pair */
};

/* What dupes_find() found.  Free with dupes_free(). */
struct dupes {
	struct dupe_cluster *v; /* best pair first, then by first member */
	size_t n;
	int threshold;
	int64_t proposals;  /* proposals that took part */
	int64_t candidates; /* pairs compared exactly */
	int64_t found;      /* pairs found at or above the threshold: those
	                     * that joined two clusters (n - 1 a cluster);
	                     * dupes_find_exact(): every one */
};

void dupes_free(struct dupes *d);

/* The score of members i and j of c, or -1 if c does not list it. */
int dupe_cluster_score(const struct dupe_cluster *c, size_t i, size_t j);

/* Called now and then: done of total steps. */
typedef void (*dupes_progress_fn)(void *ctx, int64_t done, int64_t total);

/*
 * Finds the clusters of proposals whose pairwise similarity is at least
 * threshold percent (DUPES_THRESHOLD_MIN..MAX; ST_INVALID otherwise).
 * progress (NULL: none) is called with ctx now and then.  Reads only;
 * works on a read-only forum.  *out is filled (dupes_free()) on success.
 */
enum status dupes_find(struct forum *f, int threshold,
    dupes_progress_fn progress, void *ctx, struct dupes *out);

/* The same by comparing every pair: exact, and quadratic in time.  For
 * measuring dupes_find()'s recall on small forums. */
enum status dupes_find_exact(struct forum *f, int threshold,
    dupes_progress_fn progress, void *ctx, struct dupes *out);

/*
 * Merges proposals others[0..n-1] into survivor, as one undoable action
 * labelled "merge duplicates" (or within the caller's action):
 *   - each other gets status merged and merged_into = survivor, and the
 *     proposals merged into it before now point to the survivor too, so
 *     that every source is one step away (dupes_sources());
 *   - their votes (for, against, abstain) are added to the survivor's;
 *   - the survivor is tagged with every addressee of the others (it keeps
 *     its own; the new ones go to the end of those addressees' items);
 *   - if any of them was accepted, the survivor is accepted: merging never
 *     drops an accepted idea from the draft;
 *   - text, if not NULL, becomes the survivor's wording (the old one stays
 *     in its revisions).
 * The survivor and the others must be live, not merged, and distinct:
 * ST_INVALID or ST_NOTFOUND otherwise, with nothing changed.
 */
enum status dupes_merge(struct forum *f, int64_t survivor,
    const int64_t *others, size_t n, const char *text);

/* The proposals merged into id (live ones, oldest first).  Caller frees
 * with proposal_free(). */
enum status dupes_sources(struct forum *f, int64_t id, struct proposal **out,
    size_t *n);

/*
 * Parses a threshold as the command line and the interface take it: a
 * percentage 1..100 ("60"), or a fraction below 1 ("0.6").  -1 if s is
 * neither.
 */
int dupes_threshold_parse(const char *s);

#endif
