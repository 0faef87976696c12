/*
 * dupes.c: near-duplicate proposals (see dupes.h for what is found) and
 * the merge of a cluster.
 *
 * The corpus.  Every proposal that takes part is read once, as the stems
 * the search index holds for it (proposal_search), never re-stemmed; the
 * stems are interned into integer ids numbered in strcmp() order, so that
 * a proposal is a sorted array of ids and the exact score below sums its
 * terms in the very order search.c's set_score() does: the same doubles,
 * the same rounding, the same percentage.  Each stem's weight is
 * search.c's idf = ln(1 + (N + 1) / (df + 1)) (log1p(), as there) with df
 * from search_stem and N the number of indexed proposals.
 *
 * Candidates come two ways, and every candidate pair is compared exactly
 * (a pair whose proposals are in one cluster already is not: a pair of
 * near duplicates turns up again and again, and needs comparing once).
 *
 * 1. Rare words, exactly (rare_run()): prefix filtering over the stems at
 *    most DUPES_RARE proposals have.  Any pair at or above the threshold
 *    that shares such a stem in both prefixes is found; in a real forum
 *    near duplicates nearly always share a name or a term, and on a small
 *    forum (the fixture's 162 proposals) most stems are rare.
 *
 * 2. Weighted MinHash with locality-sensitive banding, for the rest.  For
 *    the k-th hash function every stem s gets the key -ln(u(s, k)) /
 *    w(s)^2, u a uniform number drawn from the stem's own hash and k; a
 *    proposal's k-th value is the least key of its stems.  That least key
 *    belongs to stem s with probability w(s)^2 / (sum of its w^2) (an
 *    exponential race), so two proposals get the same value with
 *    probability
 *
 *	J = (sum of w^2 over the shared stems) / (sum of w^2 over all stems
 *	    of either)
 *
 *    exactly (weights here depend on the stem alone, so no consistent-
 *    sampling machinery is needed).  With A and B the two proposals'
 *    masses (sums of w^2) and S the shared one, the cosine is S / sqrt(A B)
 *    and J = S / (A + B - S): for equal masses J = c / (2 - c) at cosine c
 *    (0.33 at 50%, 0.5 at 67%), less when one is longer.  The values are
 *    cut into DUPES_BANDS bands of DUPES_ROWS; two proposals equal in every
 *    value of some band share that band's bucket and become candidates.
 *    The chance that a pair meets in at least one band is
 *    1 - (1 - J^r)^b: with r = 6 and b = 256, 0.98 at J = 0.5, 0.88 at
 *    0.45, 0.65 at 0.4 and 0.28 at 0.33, while two unrelated proposals
 *    (J around 0.05 on the benchmark's 300-word random vocabulary, where
 *    every word is common and the first way finds nothing) meet with
 *    probability 4e-6, and 3e-4 at J = 0.1.  So a pair well above the
 *    threshold is all but certain to be found, one just at it less so:
 *    on the benchmark's planted paraphrases 99% of the pairs that
 *    comparing every pair finds are found at 5,000 proposals, 97% at
 *    20,000, the misses all within 10 points of the threshold.  The work
 *    is linear in the proposals (N x stems x r x b minima, and b buckets
 *    of N), plus the candidate pairs, which grow with N^2 but are few.
 *
 * A bucket of more than DUPES_BUCKET_MAX proposals (many copies of one
 * text) is not compared pair by pair: each member with the first and with
 * the next, enough to join them in one cluster.
 *
 * Nothing is kept between calls, and nothing is written: the clusters are
 * computed afresh from the file on each call.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>
#ifdef __SSE__
#include <xmmintrin.h>
#endif

#include "dupes.h"
#include "i18n.h"
#include "records.h"
#include "util.h"

#ifndef DUPES_ROWS
#define DUPES_ROWS 6
#endif
#ifndef DUPES_BANDS
#define DUPES_BANDS 256
#endif
#define DUPES_BUCKET_MAX 64
/* A stem in at most this many proposals is rare (see rare_run()). */
#define DUPES_RARE 32
/* Bands computed at a time: their keys and values are held at once. */
#define DUPES_CHUNK 16
#define CHUNK_KEYS ((size_t)DUPES_CHUNK * DUPES_ROWS)
_Static_assert(DUPES_BANDS % DUPES_CHUNK == 0,
    "DUPES_BANDS must be a multiple of DUPES_CHUNK");

/* ---- hashing ---- */

/* splitmix64's finaliser: a good mix of 64 bits. */
static uint64_t
mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
	return z ^ (z >> 31);
}

static uint64_t
hash_bytes(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325u;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3u;
	return mix64(h);
}

/* ---- the corpus ---- */

struct doc {
	int64_t id;
	uint32_t off, len; /* its stem ids: stems[off .. off + len - 1] */
	double norm2;      /* the sum of its stems' squared weights */
	double norm;       /* its square root */
};

struct corpus {
	struct doc *docs;
	size_t ndocs, docs_cap;
	uint32_t *stems;
	size_t nstems, stems_cap;

	/* The vocabulary: names (NUL-separated) and a hash table of ids. */
	struct buf names;
	size_t *name_off;
	uint64_t *vhash;
	size_t nvocab, vocab_cap;
	uint32_t *table; /* id + 1; 0: a free slot */
	size_t table_cap;

	double *w;  /* by id, after corpus_weigh() */
	double *w2; /* the squares */
	int64_t *df; /* in how many indexed proposals */
	int64_t nindexed;
};

static void
corpus_free(struct corpus *c)
{
	free(c->docs);
	free(c->stems);
	buf_free(&c->names);
	free(c->name_off);
	free(c->vhash);
	free(c->table);
	free(c->w);
	free(c->w2);
	free(c->df);
	memset(c, 0, sizeof *c);
}

static const char *
vocab_name(const struct corpus *c, uint32_t id)
{
	return c->names.data + c->name_off[id];
}

/* The slot of the stem s (len bytes, hash h) in the table: its own or a
 * free one. */
static uint32_t *
vocab_slot(const struct corpus *c, const char *s, size_t len, uint64_t h)
{
	size_t mask = c->table_cap - 1, i = (size_t)h & mask;
	uint32_t *e;

	for (;;) {
		e = &c->table[i];
		if (*e == 0)
			return e;
		if (c->vhash[*e - 1] == h) {
			const char *t = vocab_name(c, *e - 1);

			if (strncmp(t, s, len) == 0 && t[len] == '\0')
				return e;
		}
		i = (i + 1) & mask;
	}
}

/* The id of stem s (len bytes), added if new. */
static uint32_t
vocab_intern(struct corpus *c, const char *s, size_t len)
{
	uint64_t h = hash_bytes(s, len);
	uint32_t *e;
	size_t i;

	if (2 * (c->nvocab + 1) > c->table_cap) {
		free(c->table);
		c->table_cap *= 2;
		c->table = xcalloc(c->table_cap, sizeof *c->table);
		for (i = 0; i < c->nvocab; i++) {
			const char *t = vocab_name(c, (uint32_t)i);

			*vocab_slot(c, t, strlen(t), c->vhash[i]) =
			    (uint32_t)i + 1;
		}
	}
	e = vocab_slot(c, s, len, h);
	if (*e != 0)
		return *e - 1;
	if (c->nvocab == c->vocab_cap) {
		c->vocab_cap *= 2;
		c->name_off = xreallocarray(c->name_off, c->vocab_cap,
		    sizeof *c->name_off);
		c->vhash = xreallocarray(c->vhash, c->vocab_cap,
		    sizeof *c->vhash);
	}
	c->name_off[c->nvocab] = c->names.len;
	buf_add(&c->names, s, len);
	buf_addc(&c->names, '\0');
	c->vhash[c->nvocab] = h;
	*e = (uint32_t)c->nvocab + 1;
	return (uint32_t)c->nvocab++;
}

/* The id of stem s, or UINT32_MAX if it is not in the vocabulary. */
static uint32_t
vocab_find(const struct corpus *c, const char *s)
{
	size_t len = strlen(s);
	uint32_t *e = vocab_slot(c, s, len, hash_bytes(s, len));

	return *e != 0 ? *e - 1 : UINT32_MAX;
}

static int
u32_cmp(const void *pa, const void *pb)
{
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;

	return a < b ? -1 : a > b;
}

/* Sorts n ids: by insertion while few (a proposal's stems), else qsort. */
static void
ids_sort(uint32_t *v, size_t n)
{
	size_t i, j;
	uint32_t t;

	if (n > 64) {
		qsort(v, n, sizeof *v, u32_cmp);
		return;
	}
	for (i = 1; i < n; i++) {
		t = v[i];
		for (j = i; j > 0 && v[j - 1] > t; j--)
			v[j] = v[j - 1];
		v[j] = t;
	}
}

/* Sorts a document's stem ids and drops repeats. */
static void
doc_settle(struct corpus *c, struct doc *d)
{
	uint32_t *v = c->stems + d->off;
	size_t i, j;

	if (d->len < 2)
		return;
	ids_sort(v, d->len);
	for (i = j = 1; i < d->len; i++)
		if (v[i] != v[j - 1])
			v[j++] = v[i];
	d->len = (uint32_t)j;
}

/* Appends a document with the space-separated stems of s. */
static void
corpus_add(struct corpus *c, int64_t id, const char *s)
{
	struct doc *d;
	const char *p = s, *e;

	if (c->ndocs == c->docs_cap) {
		c->docs_cap *= 2;
		c->docs = xreallocarray(c->docs, c->docs_cap, sizeof *c->docs);
	}
	d = &c->docs[c->ndocs++];
	d->id = id;
	d->off = (uint32_t)c->nstems;
	d->len = 0;
	d->norm2 = 0;
	for (;;) {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		for (e = p; *e != '\0' && *e != ' '; e++)
			;
		if (c->nstems == c->stems_cap) {
			c->stems_cap *= 2;
			c->stems = xreallocarray(c->stems, c->stems_cap,
			    sizeof *c->stems);
		}
		c->stems[c->nstems++] = vocab_intern(c, p, (size_t)(e - p));
		d->len++;
		p = e;
	}
	doc_settle(c, d);
	c->nstems = d->off + d->len;
}

/* For qsort_r-less sorting of the vocabulary by name. */
struct rank_entry {
	const char *name;
	uint32_t id;
};

static int
rank_cmp(const void *pa, const void *pb)
{
	const struct rank_entry *a = pa, *b = pb;

	return strcmp(a->name, b->name);
}

/*
 * Renumbers the vocabulary in strcmp() order of the stems (see the top),
 * re-sorting every document's ids.
 */
static void
corpus_renumber(struct corpus *c)
{
	struct rank_entry *r = xreallocarray(NULL, c->nvocab ? c->nvocab : 1,
	    sizeof *r);
	uint32_t *to = xreallocarray(NULL, c->nvocab ? c->nvocab : 1,
	    sizeof *to);
	size_t *off = xreallocarray(NULL, c->nvocab ? c->nvocab : 1,
	    sizeof *off);
	uint64_t *vh = xreallocarray(NULL, c->nvocab ? c->nvocab : 1,
	    sizeof *vh);
	size_t i;

	for (i = 0; i < c->nvocab; i++) {
		r[i].name = vocab_name(c, (uint32_t)i);
		r[i].id = (uint32_t)i;
	}
	qsort(r, c->nvocab, sizeof *r, rank_cmp);
	for (i = 0; i < c->nvocab; i++) {
		to[r[i].id] = (uint32_t)i;
		off[i] = c->name_off[r[i].id];
		vh[i] = c->vhash[r[i].id];
	}
	for (i = 0; i < c->nstems; i++)
		c->stems[i] = to[c->stems[i]];
	for (i = 0; i < c->ndocs; i++)
		ids_sort(c->stems + c->docs[i].off, c->docs[i].len);
	free(c->name_off);
	free(c->vhash);
	c->name_off = off;
	c->vhash = vh;
	/* Rebuild the table for the new ids. */
	memset(c->table, 0, c->table_cap * sizeof *c->table);
	for (i = 0; i < c->nvocab; i++) {
		const char *t = vocab_name(c, (uint32_t)i);

		*vocab_slot(c, t, strlen(t), c->vhash[i]) = (uint32_t)i + 1;
	}
	free(r);
	free(to);
}

/* Weighs the vocabulary from search_stem and the documents from it. */
static enum status
corpus_weigh(struct forum *f, struct corpus *c)
{
	sqlite3_stmt *st;
	int64_t *df = xcalloc(c->nvocab ? c->nvocab : 1, sizeof *df);
	size_t i, k;
	uint32_t id;
	int rc;

	st = forum_stmt(f, "SELECT count(*) FROM proposal_search_docsize");
	if (st == NULL) {
		free(df);
		return ST_DB;
	}
	rc = sqlite3_step(st);
	c->nindexed = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW) {
		free(df);
		return forum_sqlerr(f, rc, _("find duplicates"));
	}
	st = forum_stmt(f, "SELECT stem, docs FROM search_stem");
	if (st == NULL) {
		free(df);
		return ST_DB;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *s = sqlite3_column_text(st, 0);

		if (s != NULL &&
		    (id = vocab_find(c, (const char *)s)) != UINT32_MAX)
			df[id] = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(df);
		return forum_sqlerr(f, rc, _("find duplicates"));
	}
	c->w = xreallocarray(NULL, c->nvocab ? c->nvocab : 1, sizeof *c->w);
	c->w2 = xreallocarray(NULL, c->nvocab ? c->nvocab : 1, sizeof *c->w2);
	for (i = 0; i < c->nvocab; i++) {
		c->w[i] = log1p((double)(c->nindexed + 1) /
		    (double)(df[i] + 1));
		c->w2[i] = c->w[i] * c->w[i];
	}
	for (i = 0; i < c->ndocs; i++) {
		struct doc *d = &c->docs[i];

		d->norm2 = 0;
		for (k = 0; k < d->len; k++) {
			double w = c->w[c->stems[d->off + k]];

			d->norm2 += w * w;
		}
		d->norm = sqrt(d->norm2);
	}
	c->df = df;
	return ST_OK;
}

/* Reads every proposal that takes part (see dupes.h), by id. */
static enum status
corpus_load(struct forum *f, struct corpus *c)
{
	sqlite3_stmt *st;
	int rc;

	memset(c, 0, sizeof *c);
	c->vocab_cap = 1024;
	c->name_off = xreallocarray(NULL, c->vocab_cap, sizeof *c->name_off);
	c->vhash = xreallocarray(NULL, c->vocab_cap, sizeof *c->vhash);
	c->table_cap = 4096;
	c->table = xcalloc(c->table_cap, sizeof *c->table);
	c->stems_cap = 4096;
	c->stems = xreallocarray(NULL, c->stems_cap, sizeof *c->stems);
	c->docs_cap = 1024;
	c->docs = xreallocarray(NULL, c->docs_cap, sizeof *c->docs);
	st = forum_stmt(f, "SELECT p.id, s.stems FROM proposal p JOIN "
	    "proposal_search s ON s.rowid = p.id WHERE p.deleted = 0 AND "
	    "p.status <> 3 ORDER BY p.id");
	if (st == NULL)
		return ST_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *s = sqlite3_column_text(st, 1);

		corpus_add(c, sqlite3_column_int64(st, 0),
		    s ? (const char *)s : "");
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return forum_sqlerr(f, rc, _("find duplicates"));
	if (c->ndocs > UINT32_MAX / 2 || c->nstems > UINT32_MAX / 2)
		return forum_fail(f, ST_TOOBIG, _("too many proposals"));
	corpus_renumber(c);
	return corpus_weigh(f, c);
}

/*
 * The similarity of documents i and j, 0..100, computed as set_score() in
 * search.c does (see the top).
 */
static int
corpus_score(const struct corpus *c, size_t i, size_t j)
{
	const struct doc *a = &c->docs[i], *b = &c->docs[j];
	const uint32_t *x = c->stems + a->off, *y = c->stems + b->off;
	size_t p = 0, q = 0;
	double dot = 0, cos;
	int r;

	if (a->norm2 <= 0 || b->norm2 <= 0)
		return 0;
	while (p < a->len && q < b->len) {
		if (x[p] == y[q]) {
			dot += c->w[x[p]] * c->w[y[q]];
			p++;
			q++;
		} else if (x[p] < y[q])
			p++;
		else
			q++;
	}
	cos = dot / (sqrt(a->norm2) * sqrt(b->norm2));
	r = (int)lround(cos * 100);
	return r < 0 ? 0 : r > 100 ? 100 : r;
}

/*
 * True if documents i and j could reach threshold: the shared mass is at
 * most the smaller one, so the cosine is at most sqrt(small / large).
 */
static bool
corpus_may_reach(const struct corpus *c, size_t i, size_t j, int threshold)
{
	double a = c->docs[i].norm2, b = c->docs[j].norm2;
	double lo = a < b ? a : b, hi = a < b ? b : a;
	double t = (threshold - 0.5 - 1e-9) / 100.0;

	if (lo <= 0)
		return false;
	return lo >= t * t * hi;
}

/* ---- the pairs found ---- */

struct edge {
	uint32_t a, b; /* document indices, a < b */
	int score;
};

struct finder {
	struct corpus *c;
	int threshold;
	uint32_t *parent; /* union-find */
	struct edge *edges;
	size_t nedges, edges_cap;
	int64_t candidates;
	uint32_t *mark; /* by stem: 1 + the document whose stems are marked */
	uint32_t marked;
	uint64_t *pend;   /* pairs to compare: a << 32 | b */
	size_t npend, pend_cap;
	bool every;       /* keep every pair found, not one per join */
};

static uint32_t
uf_find(uint32_t *parent, uint32_t x)
{
	while (parent[x] != x) {
		parent[x] = parent[parent[x]];
		x = parent[x];
	}
	return x;
}

static void
uf_union(uint32_t *parent, uint32_t a, uint32_t b)
{
	a = uf_find(parent, a);
	b = uf_find(parent, b);
	if (a < b)
		parent[b] = a;
	else if (b < a)
		parent[a] = b;
}

/*
 * corpus_score() of documents i and j, or -1 if it is surely below
 * threshold.  The shared stems are found by marking i's stems, which a run
 * of pairs with the same i does once, and summed without a branch (times
 * 1 or 0), first in four sums at once, which is fast but adds in another
 * order; only a pair that comes near the threshold so is summed again in
 * corpus_score()'s order, so that its score is the same to the last bit.
 */
static int
finder_score(struct finder *fd, uint32_t i, uint32_t j)
{
	const struct corpus *c = fd->c;
	const struct doc *a = &c->docs[i], *b = &c->docs[j];
	const uint32_t *y = c->stems + b->off;
	const uint32_t *mark = fd->mark;
	const double *w2 = c->w2;
	uint32_t tag = i + 1, k, n = b->len;
	double d0 = 0, d1 = 0, d2 = 0, d3 = 0, dot, cos;
	int r;

	if (fd->marked != tag) {
		for (k = 0; k < a->len; k++)
			fd->mark[c->stems[a->off + k]] = tag;
		fd->marked = tag;
	}
	if (a->norm2 <= 0 || b->norm2 <= 0)
		return 0;
	for (k = 0; k + 4 <= n; k += 4) {
		d0 += w2[y[k]] * (double)(mark[y[k]] == tag);
		d1 += w2[y[k + 1]] * (double)(mark[y[k + 1]] == tag);
		d2 += w2[y[k + 2]] * (double)(mark[y[k + 2]] == tag);
		d3 += w2[y[k + 3]] * (double)(mark[y[k + 3]] == tag);
	}
	for (; k < n; k++)
		d0 += w2[y[k]] * (double)(mark[y[k]] == tag);
	/* Far below: rounding differences are some 1e-15, not a percent. */
	if ((d0 + d1 + d2 + d3) / (a->norm * b->norm) * 100 <
	    fd->threshold - 1)
		return -1;
	/* w * 1 is w, and adding 0 to a sum of squares changes nothing. */
	for (k = 0, dot = 0; k < n; k++)
		dot += w2[y[k]] * (double)(mark[y[k]] == tag);
	cos = dot / (a->norm * b->norm);
	r = (int)lround(cos * 100);
	return r < 0 ? 0 : r > 100 ? 100 : r;
}

/*
 * Compares documents i and j and keeps the pair if it reaches the
 * threshold, unless they are in one cluster already: a pair of near
 * duplicates meets in many bands, and needs comparing once.  (So a
 * cluster's pairs are not all compared here: finder_clusters() scores
 * every pair of a small cluster afterwards.)  The exact search keeps
 * every pair (fd->every), so that it lists them all in large clusters
 * too.
 */
static void
finder_try(struct finder *fd, uint32_t i, uint32_t j)
{
	int score;

	if (i == j)
		return;
	if (i > j) {
		uint32_t t = i;

		i = j;
		j = t;
	}
	if ((!fd->every && uf_find(fd->parent, i) == uf_find(fd->parent, j)) ||
	    !corpus_may_reach(fd->c, i, j, fd->threshold))
		return;
	fd->candidates++;
	score = finder_score(fd, i, j);
	if (score < fd->threshold)
		return;
	if (fd->nedges == fd->edges_cap) {
		fd->edges_cap = fd->edges_cap ? 2 * fd->edges_cap : 256;
		fd->edges = xreallocarray(fd->edges, fd->edges_cap,
		    sizeof *fd->edges);
	}
	fd->edges[fd->nedges++] = (struct edge){ i, j, score };
	uf_union(fd->parent, i, j);
}

/* Queues the pair i, j for finder_flush(). */
static void
finder_queue(struct finder *fd, uint32_t i, uint32_t j)
{
	if (fd->npend == fd->pend_cap) {
		fd->pend_cap = fd->pend_cap ? 2 * fd->pend_cap : 4096;
		fd->pend = xreallocarray(fd->pend, fd->pend_cap,
		    sizeof *fd->pend);
	}
	fd->pend[fd->npend++] = (uint64_t)i << 32 | j;
}

/* Pairs finder_flush() fetches at a time. */
#define FETCH_WINDOW 32

/*
 * Compares the queued pairs.  Two documents picked by chance are far
 * apart in memory, and comparing them costs little beside fetching them,
 * so the pairs go in windows: first every document record of the window
 * is asked for, then every stem list, then the pairs are compared, by
 * which time most of it has arrived.
 */
static void
finder_flush(struct finder *fd)
{
	const struct corpus *c = fd->c;
	size_t k, w, end;

	for (w = 0; w < fd->npend; w = end) {
		end = w + FETCH_WINDOW < fd->npend ? w + FETCH_WINDOW :
		    fd->npend;
		for (k = w; k < end; k++) {
			__builtin_prefetch(&c->docs[fd->pend[k] >> 32]);
			__builtin_prefetch(&c->docs[(uint32_t)fd->pend[k]]);
		}
		for (k = w; k < end; k++) {
			const struct doc *x = &c->docs[fd->pend[k] >> 32];
			const struct doc *y = &c->docs[(uint32_t)fd->pend[k]];

			__builtin_prefetch(c->stems + x->off);
			__builtin_prefetch(c->stems + x->off + x->len - 1);
			__builtin_prefetch(c->stems + y->off);
			__builtin_prefetch(c->stems + y->off + y->len - 1);
		}
		for (k = w; k < end; k++)
			finder_try(fd, (uint32_t)(fd->pend[k] >> 32),
			    (uint32_t)fd->pend[k]);
	}
	fd->npend = 0;
}

/* ---- locality-sensitive hashing ---- */

/*
 * -ln(u) for a uniform u in (0, 1] made of the 64 bits of x: the
 * exponential variate of the race (see the top).  ln is computed from the
 * leading zeros and a series for the top 24 bits, to about 1e-6: the keys
 * need to be the same for the same stem and function, and close to
 * exponential, not exact, and a library log() for every stem and function
 * would be most of the time on a large vocabulary.
 */
static float
lsh_exp(uint64_t x)
{
	int z;
	float f, t, t2, lnf;

	if (x == 0)
		return 45.0f; /* beyond -ln(2^-64) */
	z = __builtin_clzll(x);
	/* u = f * 2^-(z + 1) with f in [1, 2). */
	f = (float)((x << z) >> 40) * (1.0f / 8388608.0f);
	t = (f - 1.0f) / (f + 1.0f);
	t2 = t * t;
	lnf = 2.0f * t * (1.0f + t2 * (1.0f / 3 + t2 * (1.0f / 5 +
	    t2 * (1.0f / 7 + t2 * (1.0f / 9)))));
	return (float)(z + 1) * 0.693147181f - lnf;
}

/* Compares the members of one bucket, chained by next[] from position
 * head + 1 (see the top for large ones). */
static void
lsh_bucket(struct finder *fd, const uint32_t *next, const uint32_t *pdoc,
    uint32_t head, uint32_t *scratch)
{
	uint32_t n = 0, p, i, j;

	for (p = head; p != 0; p = next[p - 1])
		scratch[n++] = pdoc[p - 1];
	if (n <= DUPES_BUCKET_MAX) {
		for (i = 0; i < n; i++)
			for (j = i + 1; j < n; j++)
				finder_queue(fd, scratch[i], scratch[j]);
		return;
	}
	for (i = 1; i < n; i++) {
		finder_queue(fd, scratch[0], scratch[i]);
		finder_queue(fd, scratch[i - 1], scratch[i]);
	}
}

/* A band's values are grouped by their top PART_BITS bits first. */
#define PART_BITS 8
#define NPARTS (1 << PART_BITS)

/* The scratch of lsh_run(), for DUPES_CHUNK bands at a time. */
struct lsh {
	float *key;        /* each stem's CHUNK_KEYS keys */
	uint64_t *sig;     /* the documents' values, band by band */
	uint64_t *psig;    /* one band's values grouped by their top bits */
	uint32_t *pdoc;    /* and the document of each */
	uint32_t *next;    /* bucket chains, by position in psig */
	uint32_t *scratch; /* one bucket's members */
	uint32_t *table;   /* one group's buckets: a position + 1, 0: free */
	size_t table_cap;
	uint32_t *touched; /* the slots in use */
	size_t start[NPARTS + 1];
};

/* The keys of every stem for the hash functions from k0 on. */
static void
lsh_keys(const struct corpus *c, struct lsh *l, uint64_t k0)
{
	size_t i, k;

	for (i = 0; i < c->nvocab; i++) {
		float inv = (float)(1.0 / (c->w[i] * c->w[i]));
		float *key = l->key + i * CHUNK_KEYS;

		/* splitmix64's stream from the stem's hash. */
		for (k = 0; k < CHUNK_KEYS; k++)
			key[k] = lsh_exp(mix64(c->vhash[i] +
			    (k0 + k + 1) * 0x9E3779B97F4A7C15u)) * inv;
	}
}

/*
 * The least of each of SIG_BLOCK keys over the rows ks[0..n-1] (each
 * stride floats apart) into out: on x86-64 four SSE registers held across
 * the rows, elsewhere whatever the compiler makes of the plain loop.
 */
#define SIG_BLOCK 16
_Static_assert(CHUNK_KEYS % SIG_BLOCK == 0,
    "CHUNK_KEYS must be a multiple of SIG_BLOCK");

static void
lsh_min_block(const float *key, const uint32_t *s, size_t n, size_t off,
    float *out)
{
#ifdef __SSE__
	const float *r = key + (size_t)s[0] * CHUNK_KEYS + off;
	__m128 a = _mm_loadu_ps(r), b = _mm_loadu_ps(r + 4);
	__m128 c = _mm_loadu_ps(r + 8), d = _mm_loadu_ps(r + 12);
	size_t j;

	for (j = 1; j < n; j++) {
		r = key + (size_t)s[j] * CHUNK_KEYS + off;
		a = _mm_min_ps(a, _mm_loadu_ps(r));
		b = _mm_min_ps(b, _mm_loadu_ps(r + 4));
		c = _mm_min_ps(c, _mm_loadu_ps(r + 8));
		d = _mm_min_ps(d, _mm_loadu_ps(r + 12));
	}
	_mm_storeu_ps(out, a);
	_mm_storeu_ps(out + 4, b);
	_mm_storeu_ps(out + 8, c);
	_mm_storeu_ps(out + 12, d);
#else
	size_t j, k;

	memcpy(out, key + (size_t)s[0] * CHUNK_KEYS + off,
	    SIG_BLOCK * sizeof *out);
	for (j = 1; j < n; j++) {
		const float *r = key + (size_t)s[j] * CHUNK_KEYS + off;

		for (k = 0; k < SIG_BLOCK; k++)
			out[k] = r[k] < out[k] ? r[k] : out[k];
	}
#endif
}

/* The multipliers of a band's rows (odd, from splitmix64's stream). */
static const uint64_t row_mult[] = {
	0xE220A8397B1DCDAFu, 0x6E789E6AA1B965F5u, 0x06C45D188009454Fu,
	0xF88BB8A8724C81ECu | 1, 0x1B39896A51A8749Bu, 0x53CB9F0C747EA2EBu,
	0x9A5B0F3B4D4C8A35u, 0xC2B2AE3D27D4EB4Fu,
};
_Static_assert(DUPES_ROWS <= sizeof row_mult / sizeof row_mult[0],
    "row_mult needs a multiplier for each row");

/* Each document's values for the chunk's bands. */
static void
lsh_sigs(const struct corpus *c, struct lsh *l)
{
	float m[CHUNK_KEYS];
	size_t i, j, t, kb;
	uint32_t bits;

	for (i = 0; i < c->ndocs; i++) {
		const struct doc *d = &c->docs[i];

		if (d->len == 0)
			continue;
		for (kb = 0; kb < CHUNK_KEYS; kb += SIG_BLOCK)
			lsh_min_block(l->key, c->stems + d->off, d->len, kb,
			    m + kb);
		/* A band's value: its keys' bits, each times an odd
		 * constant of its own, added and mixed once. */
		for (j = 0; j < DUPES_CHUNK; j++) {
			uint64_t sig = 0;

			for (t = 0; t < DUPES_ROWS; t++) {
				memcpy(&bits, &m[j * DUPES_ROWS + t],
				    sizeof bits);
				sig += (uint64_t)bits * row_mult[t];
			}
			l->sig[j * c->ndocs + i] = mix64(sig);
		}
	}
}

/*
 * Buckets the documents by their value for band j of the chunk and
 * compares those that share one.  A hash table of every document would
 * outgrow the processor's caches on a large forum, so the values are
 * first grouped by their top bits, in one pass, and each group, a few
 * hundred values, gets a small table of its own.
 */
static void
lsh_band(struct finder *fd, struct lsh *l, size_t j)
{
	const struct corpus *c = fd->c;
	const uint64_t *sigs = l->sig + j * c->ndocs;
	size_t cur[NPARTS], i, g, p, k, n, mask, slot, most = 0;
	uint32_t e;

	memset(cur, 0, sizeof cur);
	for (i = 0; i < c->ndocs; i++)
		if (c->docs[i].len > 0)
			cur[sigs[i] >> (64 - PART_BITS)]++;
	for (g = 0, p = 0; g < NPARTS; g++) {
		l->start[g] = p;
		p += cur[g];
		if (cur[g] > most)
			most = cur[g];
		cur[g] = l->start[g];
	}
	l->start[NPARTS] = p;
	for (i = 0; i < c->ndocs; i++) {
		if (c->docs[i].len == 0)
			continue;
		g = sigs[i] >> (64 - PART_BITS);
		l->psig[cur[g]] = sigs[i];
		l->pdoc[cur[g]++] = (uint32_t)i;
	}
	for (n = 16; n < 2 * most; n *= 2)
		;
	if (n > l->table_cap) {
		free(l->table);
		l->table = xcalloc(n, sizeof *l->table);
		l->table_cap = n;
	}
	for (g = 0; g < NPARTS; g++) {
		size_t ntouched = 0;

		if (l->start[g + 1] - l->start[g] < 2)
			continue;
		for (n = 16; n < 2 * (l->start[g + 1] - l->start[g]); n *= 2)
			;
		mask = n - 1;
		for (p = l->start[g]; p < l->start[g + 1]; p++) {
			slot = (size_t)l->psig[p] & mask;
			while ((e = l->table[slot]) != 0 &&
			    l->psig[e - 1] != l->psig[p])
				slot = (slot + 1) & mask;
			if (e == 0)
				l->touched[ntouched++] = (uint32_t)slot;
			l->next[p] = e;
			l->table[slot] = (uint32_t)p + 1;
		}
		for (k = 0; k < ntouched; k++) {
			e = l->table[l->touched[k]];
			if (l->next[e - 1] != 0)
				lsh_bucket(fd, l->next, l->pdoc, e, l->scratch);
			l->table[l->touched[k]] = 0;
		}
	}
	finder_flush(fd);
}

static void
lsh_run(struct finder *fd, dupes_progress_fn progress, void *ctx)
{
	const struct corpus *c = fd->c;
	size_t nd = c->ndocs ? c->ndocs : 1, chunk, j;
	struct lsh l;

	memset(&l, 0, sizeof l);
	l.key = xreallocarray(NULL, (c->nvocab ? c->nvocab : 1) * CHUNK_KEYS,
	    sizeof *l.key);
	l.sig = xreallocarray(NULL, nd * DUPES_CHUNK, sizeof *l.sig);
	l.psig = xreallocarray(NULL, nd, sizeof *l.psig);
	l.pdoc = xreallocarray(NULL, nd, sizeof *l.pdoc);
	l.next = xcalloc(nd, sizeof *l.next);
	l.scratch = xcalloc(nd, sizeof *l.scratch);
	l.touched = xcalloc(nd, sizeof *l.touched);
	for (chunk = 0; chunk < DUPES_BANDS / DUPES_CHUNK; chunk++) {
		lsh_keys(c, &l, (uint64_t)chunk * CHUNK_KEYS);
		lsh_sigs(c, &l);
		for (j = 0; j < DUPES_CHUNK; j++) {
			lsh_band(fd, &l, j);
			if (progress != NULL)
				progress(ctx, (int64_t)(chunk * DUPES_CHUNK +
				    j + 1), DUPES_BANDS);
		}
	}
	free(l.key);
	free(l.sig);
	free(l.psig);
	free(l.pdoc);
	free(l.next);
	free(l.scratch);
	free(l.touched);
	free(l.table);
}

/* ---- rare words ---- */

/* For sorting a document's rare stems, rarest first. */
struct rare_stem {
	int64_t df;
	uint32_t id;
};

static int
rare_cmp(const void *pa, const void *pb)
{
	const struct rare_stem *a = pa, *b = pb;

	if (a->df != b->df)
		return a->df < b->df ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

/*
 * Calls fn for each stem of document i that is rare (df at most
 * DUPES_RARE) and in the document's prefix (see rare_run()).
 */
static void
rare_prefix(const struct finder *fd, uint32_t i, struct rare_stem *buf,
    void (*fn)(void *, uint32_t, uint32_t), void *arg)
{
	const struct corpus *c = fd->c;
	const struct doc *d = &c->docs[i];
	double t = (fd->threshold - 0.5 - 1e-9) / 100.0, bound, left;
	size_t n = 0, k;

	for (k = 0; k < d->len; k++) {
		uint32_t s = c->stems[d->off + k];

		if (c->df[s] <= DUPES_RARE)
			buf[n++] = (struct rare_stem){ c->df[s], s };
	}
	if (n == 0)
		return;
	qsort(buf, n, sizeof *buf, rare_cmp);
	bound = t * t * d->norm2;
	/* Stem k is in the prefix while what is left from it on can still
	 * make the threshold by itself. */
	for (k = 0, left = d->norm2; k < n && left >= bound; k++) {
		fn(arg, buf[k].id, i);
		left -= c->w2[buf[k].id];
	}
}

/* The posting lists of rare_run(): stem -> documents, as offsets. */
struct rare_lists {
	uint32_t *start; /* by stem, nvocab + 1 */
	uint32_t *docs;
	uint32_t *fill;
};

static void
rare_count(void *arg, uint32_t stem, uint32_t doc)
{
	struct rare_lists *rl = arg;

	(void)doc;
	rl->start[stem + 1]++;
}

static void
rare_fill(void *arg, uint32_t stem, uint32_t doc)
{
	struct rare_lists *rl = arg;

	rl->docs[rl->fill[stem]++] = doc;
}

/*
 * The exact path for the words few proposals use: prefix filtering.
 * Order a proposal's stems rarest first and take the shortest prefix
 * after which the rest weighs less than threshold^2 of its squared norm:
 * two proposals at or above the threshold share a stem within both their
 * prefixes (the first stem they share: were it beyond either prefix, all
 * they share would be in that one's rest, and the cosine is at most the
 * square root of the shared squared weight over that one's norm).  So
 * listing, for each stem, the proposals with it in their prefix and
 * comparing the proposals of each list finds every such pair whose first
 * shared stem is in at most DUPES_RARE proposals.  Only those lists are
 * made: they are short, and in a real forum near duplicates nearly always
 * share such a word (a name, a term); the banding below finds the rest.
 */
static void
rare_run(struct finder *fd)
{
	const struct corpus *c = fd->c;
	struct rare_lists rl;
	struct rare_stem *buf;
	size_t i, maxlen = 1, k;
	uint32_t s, a, b;

	for (i = 0; i < c->ndocs; i++)
		if (c->docs[i].len > maxlen)
			maxlen = c->docs[i].len;
	buf = xcalloc(maxlen, sizeof *buf);
	rl.start = xcalloc(c->nvocab + 2, sizeof *rl.start);
	for (i = 0; i < c->ndocs; i++)
		rare_prefix(fd, (uint32_t)i, buf, rare_count, &rl);
	for (k = 0; k < c->nvocab; k++)
		rl.start[k + 1] += rl.start[k];
	rl.docs = xcalloc(rl.start[c->nvocab] + 1, sizeof *rl.docs);
	rl.fill = xcalloc(c->nvocab + 1, sizeof *rl.fill);
	memcpy(rl.fill, rl.start, c->nvocab * sizeof *rl.fill);
	for (i = 0; i < c->ndocs; i++)
		rare_prefix(fd, (uint32_t)i, buf, rare_fill, &rl);
	for (s = 0; s < c->nvocab; s++) {
		for (a = rl.start[s]; a < rl.start[s + 1]; a++)
			for (b = a + 1; b < rl.start[s + 1]; b++)
				finder_queue(fd, rl.docs[a], rl.docs[b]);
		if (fd->npend > 4096)
			finder_flush(fd);
	}
	finder_flush(fd);
	free(rl.start);
	free(rl.docs);
	free(rl.fill);
	free(buf);
}

static void
exact_run(struct finder *fd, dupes_progress_fn progress, void *ctx)
{
	size_t nd = fd->c->ndocs, i, j;

	for (i = 0; i < nd; i++) {
		if (fd->c->docs[i].len == 0)
			continue;
		for (j = i + 1; j < nd; j++)
			if (fd->c->docs[j].len > 0)
				finder_try(fd, (uint32_t)i, (uint32_t)j);
		if (progress != NULL && (i % 256 == 255 || i + 1 == nd))
			progress(ctx, (int64_t)i + 1, (int64_t)nd);
	}
}

/* ---- the clusters ---- */

struct node {
	uint32_t root, doc;
};

static int
node_cmp(const void *pa, const void *pb)
{
	const struct node *a = pa, *b = pb;

	if (a->root != b->root)
		return a->root < b->root ? -1 : 1;
	return a->doc < b->doc ? -1 : a->doc > b->doc;
}

static int
pair_cmp(const void *pa, const void *pb)
{
	const struct dupe_pair *a = pa, *b = pb;

	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	return a->b < b->b ? -1 : a->b > b->b;
}

static int
cluster_cmp(const void *pa, const void *pb)
{
	const struct dupe_cluster *a = pa, *b = pb;

	if (a->best != b->best)
		return a->best > b->best ? -1 : 1;
	return a->members[0].id < b->members[0].id ? -1 :
	    a->members[0].id > b->members[0].id;
}

/* Reads a member's fields from the file. */
static enum status
member_read(struct forum *f, struct dupe_member *m)
{
	sqlite3_stmt *st = forum_stmt(f, "SELECT track_id, status, votes_for, "
	    "votes_against, votes_abstain, text FROM proposal WHERE id = ?");
	int rc;

	if (st == NULL)
		return ST_DB;
	sqlite3_bind_int64(st, 1, m->id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(st, 5);

		m->track_id = sqlite3_column_int64(st, 0);
		m->status = sqlite3_column_int(st, 1);
		m->votes_for = sqlite3_column_int64(st, 2);
		m->votes_against = sqlite3_column_int64(st, 3);
		m->votes_abstain = sqlite3_column_int64(st, 4);
		m->text = xstrdup(t ? (const char *)t : "");
	} else
		m->text = xstrdup("");
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? ST_OK :
	    forum_sqlerr(f, rc, _("find duplicates"));
}

/* Makes the clusters of fd's pairs into out. */
static enum status
finder_clusters(struct forum *f, struct finder *fd, struct dupes *out)
{
	struct corpus *c = fd->c;
	struct node *nodes;
	uint32_t *pos = xcalloc(c->ndocs ? c->ndocs : 1, sizeof *pos);
	struct edge *edges = fd->edges;
	size_t nn = 0, i, j, k, start, e = 0;
	enum status s = ST_OK;
	bool *in = xcalloc(c->ndocs ? c->ndocs : 1, sizeof *in);

	nodes = xcalloc(2 * fd->nedges + 1, sizeof *nodes);
	for (i = 0; i < fd->nedges; i++) {
		if (!in[edges[i].a]) {
			in[edges[i].a] = true;
			nodes[nn++] = (struct node){ uf_find(fd->parent,
			    edges[i].a), edges[i].a };
		}
		if (!in[edges[i].b]) {
			in[edges[i].b] = true;
			nodes[nn++] = (struct node){ uf_find(fd->parent,
			    edges[i].b), edges[i].b };
		}
	}
	qsort(nodes, nn, sizeof *nodes, node_cmp);
	/* The edges grouped by cluster, in the clusters' order. */
	{
		struct node *byedge = xcalloc(fd->nedges + 1, sizeof *byedge);
		struct edge *sorted = xcalloc(fd->nedges + 1, sizeof *sorted);

		for (i = 0; i < fd->nedges; i++)
			byedge[i] = (struct node){ uf_find(fd->parent,
			    edges[i].a), (uint32_t)i };
		qsort(byedge, fd->nedges, sizeof *byedge, node_cmp);
		for (i = 0; i < fd->nedges; i++)
			sorted[i] = edges[byedge[i].doc];
		if (fd->nedges > 0)
			memcpy(edges, sorted, fd->nedges * sizeof *edges);
		free(sorted);
		free(byedge);
	}
	for (start = 0; start < nn && s == ST_OK; start = i) {
		struct dupe_cluster cl = { 0 };

		for (i = start; i < nn && nodes[i].root == nodes[start].root;
		    i++)
			;
		cl.n = i - start;
		cl.members = xcalloc(cl.n, sizeof *cl.members);
		for (k = 0; k < cl.n; k++) {
			pos[nodes[start + k].doc] = (uint32_t)k;
			cl.members[k].id = c->docs[nodes[start + k].doc].id;
		}
		if (cl.n <= DUPES_ALL_PAIRS) {
			cl.pairs = xcalloc(cl.n * (cl.n - 1) / 2,
			    sizeof *cl.pairs);
			for (k = 0; k < cl.n; k++)
				for (j = k + 1; j < cl.n; j++)
					cl.pairs[cl.npairs++] =
					    (struct dupe_pair){ k, j,
					    corpus_score(c,
					    nodes[start + k].doc,
					    nodes[start + j].doc) };
		}
		/* This cluster's edges (skipped above for small ones). */
		for (j = e; j < fd->nedges &&
		    uf_find(fd->parent, edges[j].a) == nodes[start].root; j++)
			;
		if (cl.n > DUPES_ALL_PAIRS) {
			cl.pairs = xcalloc(j - e + 1, sizeof *cl.pairs);
			for (k = e; k < j; k++)
				cl.pairs[cl.npairs++] = (struct dupe_pair){
				    pos[edges[k].a], pos[edges[k].b],
				    edges[k].score };
		}
		e = j;
		if (cl.npairs > 1)
			qsort(cl.pairs, cl.npairs, sizeof *cl.pairs, pair_cmp);
		cl.best = cl.npairs > 0 ? cl.pairs[0].score : 0;
		for (k = 0; k < cl.n && s == ST_OK; k++)
			s = member_read(f, &cl.members[k]);
		out->v = xreallocarray(out->v, out->n + 1, sizeof *out->v);
		out->v[out->n++] = cl;
	}
	if (s == ST_OK && out->n > 1)
		qsort(out->v, out->n, sizeof *out->v, cluster_cmp);
	free(nodes);
	free(pos);
	free(in);
	return s;
}

/* ---- the finding ---- */

static enum status
dupes_run(struct forum *f, int threshold, bool exact,
    dupes_progress_fn progress, void *ctx, struct dupes *out)
{
	struct corpus c;
	struct finder fd;
	enum status s;
	size_t i;

	memset(out, 0, sizeof *out);
	if (threshold < DUPES_THRESHOLD_MIN || threshold > DUPES_THRESHOLD_MAX)
		return forum_fail(f, ST_INVALID, _("threshold: %d is not a "
		    "percentage from %d to %d"), threshold, DUPES_THRESHOLD_MIN,
		    DUPES_THRESHOLD_MAX);
	if ((s = corpus_load(f, &c)) != ST_OK) {
		corpus_free(&c);
		return s;
	}
	memset(&fd, 0, sizeof fd);
	fd.c = &c;
	fd.threshold = threshold;
	fd.every = exact;
	fd.parent = xcalloc(c.ndocs ? c.ndocs : 1, sizeof *fd.parent);
	fd.mark = xcalloc(c.nvocab ? c.nvocab : 1, sizeof *fd.mark);
	for (i = 0; i < c.ndocs; i++)
		fd.parent[i] = (uint32_t)i;
	if (exact)
		exact_run(&fd, progress, ctx);
	else {
		rare_run(&fd);
		lsh_run(&fd, progress, ctx);
	}
	out->threshold = threshold;
	out->proposals = (int64_t)c.ndocs;
	out->candidates = fd.candidates;
	out->found = (int64_t)fd.nedges;
	s = finder_clusters(f, &fd, out);
	if (s != ST_OK)
		dupes_free(out);
	free(fd.parent);
	free(fd.mark);
	free(fd.pend);
	free(fd.edges);
	corpus_free(&c);
	return s;
}

enum status
dupes_find(struct forum *f, int threshold, dupes_progress_fn progress,
    void *ctx, struct dupes *out)
{
	return dupes_run(f, threshold, false, progress, ctx, out);
}

enum status
dupes_find_exact(struct forum *f, int threshold, dupes_progress_fn progress,
    void *ctx, struct dupes *out)
{
	return dupes_run(f, threshold, true, progress, ctx, out);
}

void
dupes_free(struct dupes *d)
{
	size_t i, k;

	for (i = 0; i < d->n; i++) {
		for (k = 0; k < d->v[i].n; k++)
			free(d->v[i].members[k].text);
		free(d->v[i].members);
		free(d->v[i].pairs);
	}
	free(d->v);
	memset(d, 0, sizeof *d);
}

int
dupe_cluster_score(const struct dupe_cluster *c, size_t i, size_t j)
{
	size_t k;

	if (i > j) {
		k = i;
		i = j;
		j = k;
	}
	for (k = 0; k < c->npairs; k++)
		if (c->pairs[k].a == i && c->pairs[k].b == j)
			return c->pairs[k].score;
	return -1;
}

int
dupes_threshold_parse(const char *s)
{
	char *end;
	double v;

	if (s == NULL || *s == '\0')
		return -1;
	v = strtod(s, &end);
	if (*end != '\0' || !(v > 0) || v > DUPES_THRESHOLD_MAX)
		return -1;
	if (v < 1)
		v *= 100;
	v = floor(v + 0.5);
	return v < DUPES_THRESHOLD_MIN ? -1 : (int)v;
}

/* ---- merging ---- */

/* Reads proposal id for a merge: it must be live and not merged. */
static enum status
merge_get(struct forum *f, int64_t id, struct proposal *p)
{
	enum status s = proposal_get(f, id, p);

	if (s != ST_OK)
		return s;
	if (p->rec.deleted || p->status == PROPOSAL_MERGED) {
		proposal_clear(p);
		return forum_fail(f, p->rec.deleted ? ST_NOTFOUND : ST_INVALID,
		    p->rec.deleted ? _("proposal %lld is deleted") :
		    _("proposal %lld is merged already"), (long long)id);
	}
	return ST_OK;
}

/* Points the proposals merged into from at to. */
static enum status
merge_repoint(struct forum *f, int64_t from, int64_t to)
{
	sqlite3_stmt *st = forum_stmt(f, "UPDATE proposal SET "
	    "merged_into = ?1, updated = ?2, copy = ?3 WHERE merged_into = ?4 "
	    "AND deleted = 0 AND status = 3");
	int rc;

	if (st == NULL)
		return ST_DB;
	sqlite3_bind_int64(st, 1, to);
	sqlite3_bind_int64(st, 2, clock_now_ms());
	sqlite3_bind_text(st, 3, forum_copy_id(f), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, from);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : forum_sqlerr(f, rc,
	    _("merge duplicates"));
}

/* Folds proposal o into survivor sv (both read): see dupes_merge(). */
static enum status
merge_one(struct forum *f, struct proposal *sv, struct proposal *o,
    bool *accepted)
{
	int64_t *aids = NULL;
	size_t na = 0, i;
	enum status s;

	if (o->status == PROPOSAL_ACCEPTED)
		*accepted = true;
	if (sv->votes_for > INT64_MAX - o->votes_for ||
	    sv->votes_against > INT64_MAX - o->votes_against ||
	    sv->votes_abstain > INT64_MAX - o->votes_abstain)
		return forum_fail(f, ST_INVALID, _("votes: too many to add up"));
	sv->votes_for += o->votes_for;
	sv->votes_against += o->votes_against;
	sv->votes_abstain += o->votes_abstain;
	if ((s = proposal_addressees(f, o->rec.id, &aids, &na)) != ST_OK)
		return s;
	for (i = 0; i < na && s == ST_OK; i++)
		s = proposal_tag(f, sv->rec.id, aids[i]);
	free(aids);
	if (s == ST_OK)
		s = merge_repoint(f, o->rec.id, sv->rec.id);
	if (s != ST_OK)
		return s;
	o->status = PROPOSAL_MERGED;
	o->merged_into = sv->rec.id;
	return proposal_update(f, o);
}

enum status
dupes_merge(struct forum *f, int64_t survivor, const int64_t *others,
    size_t n, const char *text)
{
	struct proposal sv, o;
	enum status s;
	bool own, accepted = false;
	size_t i, j;

	if (n == 0)
		return forum_fail(f, ST_INVALID, _("nothing to merge into "
		    "proposal %lld"), (long long)survivor);
	for (i = 0; i < n; i++) {
		if (others[i] == survivor)
			return forum_fail(f, ST_INVALID, _("proposal %lld cannot "
			    "be merged into itself"), (long long)survivor);
		for (j = 0; j < i; j++)
			if (others[j] == others[i])
				return forum_fail(f, ST_INVALID,
				    _("proposal %lld is listed twice"),
				    (long long)others[i]);
	}
	if ((s = forum_enter(f, N_("merge duplicates"), &own)) != ST_OK)
		return s;
	if ((s = merge_get(f, survivor, &sv)) != ST_OK)
		return forum_leave(f, own, s);
	if (sv.status == PROPOSAL_ACCEPTED)
		accepted = true;
	for (i = 0; i < n && s == ST_OK; i++) {
		if ((s = merge_get(f, others[i], &o)) != ST_OK)
			break;
		s = merge_one(f, &sv, &o, &accepted);
		proposal_clear(&o);
	}
	if (s == ST_OK) {
		if (accepted)
			sv.status = PROPOSAL_ACCEPTED;
		if (text != NULL) {
			free(sv.text);
			sv.text = xstrdup(text);
		}
		s = proposal_update(f, &sv);
	}
	proposal_clear(&sv);
	return forum_leave(f, own, s);
}

enum status
dupes_sources(struct forum *f, int64_t id, struct proposal **out, size_t *n)
{
	sqlite3_stmt *st = forum_stmt(f, "SELECT id FROM proposal WHERE "
	    "merged_into = ? AND status = 3 AND deleted = 0 ORDER BY id");
	int64_t *ids = NULL;
	size_t nids = 0, i;
	enum status s = ST_OK;
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return ST_DB;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ids = xreallocarray(ids, nids + 1, sizeof *ids);
		ids[nids++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(ids);
		return forum_sqlerr(f, rc, _("read the sources"));
	}
	*out = xcalloc(nids ? nids : 1, sizeof **out);
	for (i = 0; i < nids && s == ST_OK; i++)
		if ((s = proposal_get(f, ids[i], &(*out)[i])) == ST_OK)
			(*n)++;
	free(ids);
	if (s != ST_OK) {
		proposal_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return s;
}
