/*
 * search.h: finding proposals by their words, aware of Russian and English
 * word forms.  One normalisation serves everything: the index, the
 * similar-proposals list shown while a proposal is typed, the search screen
 * and (issue 5) duplicate detection.
 *
 * Normalisation (search_stems()): the text is cut into words, a word being
 * a run of letters and digits of any script (everything else separates;
 * soft hyphens and zero-width joiners inside a word are ignored); each word
 * is case-folded with ё = е, function words ("и", "в", "не", "the", "of",
 * ...) and single letters are dropped, and what is left is stemmed with the
 * Snowball stemmer: Russian for words with a Cyrillic letter, English for
 * words with a Latin one, none for numbers and other scripts.  So
 * «Поддержка НКО», «поддержку нко» and «поддержки НКО» all give
 * "поддержк нко".
 *
 * The index lives in the forum file, readable by the plain sqlite3 command
 * (no custom tokenizer, no application-defined SQL function): the FTS5
 * table proposal_search holds, for each live proposal, its stems separated
 * by spaces under rowid = proposal id, and the table search_stem holds
 * each stem's document frequency (in how many live proposals it is, for
 * the weights below).  Every writer of proposal.text or
 * proposal.deleted calls search_index_proposal() in the same transaction
 * (records.c and the undo path in forum.c do); a bulk writer such as a
 * merge calls search_index_batch() once instead.  The meta key
 * 'search_version' names the normalisation the index was built with;
 * forum_open() rebuilds an index built otherwise (or never built, as after
 * the upgrade that added it); a new file is marked current when created.
 *
 * Similarity (search_similar(), search_score()) is the cosine of two stem
 * sets, each stem weighted by its inverse document frequency in the index,
 * idf = ln(1 + (N + 1) / (df + 1)), N the number of indexed proposals and
 * df the number containing the stem; as a percentage, rounded.  Cosine
 * rather than Jaccard because a few extra words in one of two otherwise
 * equal texts should cost little: the same proposal with a small addition
 * is still the same proposal.  Identical stem sets score 100; texts sharing
 * no stem score 0; a shared rare word ("НКО") counts far more than a shared
 * common one ("развитие").
 */
#ifndef AGORA_SEARCH_H
#define AGORA_SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "forum.h"
#include "status.h"
#include "util.h"

/* The normalisation's version, kept in meta 'search_version': bump it
 * whenever search_stems() would give other stems for the same text. */
#define SEARCH_VERSION "1"

/* search_similar() returns no proposal below this score (percent). */
#define SEARCH_SIMILAR_MIN 20

/*
 * The stemmers, the word lists and the per-connection caches.  The
 * forum's own one comes from forum_search_ctx(); search_ctx_new() makes a
 * free-standing one for search_stems() without a forum.
 */
struct search_ctx;

/* A new context.  Caller frees with search_ctx_free().  Aborts, as for
 * an allocation failure, if libstemmer cannot make its stemmers. */
struct search_ctx *search_ctx_new(void);
void search_ctx_free(struct search_ctx *c);

/* The forum's context, made on first use and freed by forum_close().
 * Owned by f.  (Defined in forum.c.) */
struct search_ctx *forum_search_ctx(struct forum *f);

/*
 * Appends to out the stems of text, in the order of its words, separated
 * by single spaces (no space at either end; nothing for a text without a
 * word that counts).  A word repeated gives its stem repeated.
 */
void search_stems(struct search_ctx *c, const char *text, struct buf *out);

/*
 * (Re)indexes proposal pid from its current row: its stems if it is live,
 * out of the index if it is deleted or gone.  Call it, inside the writing
 * transaction, after any change to a proposal's text or deleted flag.
 */
enum status search_index_proposal(struct forum *f, int64_t pid);

/*
 * The same for the proposals ids[0..n-1] (any order, repeats allowed), as
 * a bulk writer such as a merge needs: each distinct stem's document
 * frequency is written once for the whole batch, not once per proposal.
 */
enum status search_index_batch(struct forum *f, const int64_t *ids,
    size_t n);

/* Rebuilds the whole index from the proposal table, in the current action
 * or an action of its own (not undoable), and records SEARCH_VERSION. */
enum status search_reindex(struct forum *f);

/*
 * For forum_open(): rebuilds the index (search_reindex()) if meta
 * 'search_version' is not SEARCH_VERSION.  Does nothing on a read-only
 * forum, whose index may then lag behind.
 */
enum status search_ensure(struct forum *f);

struct search_hit {
	int64_t id;       /* the proposal */
	int64_t track_id;
	int status;       /* enum proposal_status */
	int score;        /* search_similar(): 0..100; search_fulltext(): 0 */
	char *text;       /* the proposal's text, owned by the hit */
};

/*
 * The live proposals most similar to text (see the top of this file), at
 * most limit of them, best first, ties by id; exclude_id (0 for none) is
 * left out, so that a proposal being edited does not find itself.  Only
 * proposals scoring at least SEARCH_SIMILAR_MIN come back.
 *
 * Candidates come from the index: the posting lists of the text's stems,
 * rarest first, accumulate each proposal's shared weight; the stems so
 * common that a proposal sharing only them could not reach
 * SEARCH_SIMILAR_MIN are skipped (they are the longest lists and the least
 * telling), reading stops once no proposal not met yet could be among the
 * best candidates (after 20,000 postings at least, 100,000 at most), and
 * the best 100 candidates are scored exactly (search.c tells why).  *hits
 * (caller frees with search_hits_free()) and *n are set even when empty.
 */
enum status search_similar(struct forum *f, const char *text,
    int64_t exclude_id, size_t limit, struct search_hit **hits, size_t *n);

/* The similarity of two texts, 0..100, with the weights of f's index. */
enum status search_score(struct forum *f, const char *a, const char *b,
    int *score);

/* Which proposals search_fulltext() considers. */
struct search_filter {
	int64_t track_id;     /* 0: any track */
	int64_t addressee_id; /* 0: any addressee (else tagged with it) */
	int status;           /* enum proposal_status, or -1: any */
};

/*
 * The search screen: live proposals containing every word of query (in any
 * form: the words are stemmed), filtered by filter (NULL: no filter),
 * most relevant first (FTS5's bm25), ties by id; rows offset to
 * offset + limit of that list into *hits (caller frees with
 * search_hits_free()), and, if total is not NULL, the length of the whole
 * list into *total.
 *
 * The query is typed as the list follows it: if it ends inside a word,
 * that word is matched as a prefix ("поддер" finds «поддержка»), once it
 * is two letters long; a query ending in a space or punctuation matches
 * whole words.  Function words are ignored, and a query with no word left
 * lists every proposal the filter lets through, by id.  FTS5 syntax in the
 * query ("NEAR(", quotes, "*", "OR", "-") is just text.
 */
enum status search_fulltext(struct forum *f, const char *query,
    const struct search_filter *filter, size_t offset, size_t limit,
    struct search_hit **hits, size_t *n, size_t *total);

void search_hits_free(struct search_hit *v, size_t n);

#endif
