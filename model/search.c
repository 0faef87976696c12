/*
 * search.c: the search index and the queries on it (see search.h for the
 * normalisation and the similarity measure).
 *
 * The index is two tables kept in step by search_index_proposal() (or, for
 * many proposals at once, search_index_batch(), which adds up the changes
 * to the frequencies and writes each stem's once): the FTS5 table
 * proposal_search (a live proposal's stems under its id) and search_stem
 * (each stem's document frequency, the number of live proposals that have
 * it).  The second one exists for speed: FTS5 can count a stem's
 * proposals only by walking its whole posting list, about 0.3 ms for a
 * stem in 10% of 100,000 proposals, and scoring 100 candidates needs the
 * weights of a thousand stems; a primary-key probe costs microseconds.
 * Each connection caches the frequencies it read, and drops the cache
 * whenever it changes the index itself, another connection commits
 * (PRAGMA data_version), or the cache was filled inside an action that
 * may since have been rolled back.  While the moderator types, nothing
 * changes, and each keystroke reads only the stems it has not seen yet.
 *
 * Why the similar list does not rank candidates by FTS5's bm25: the text
 * being typed shares some common stem ("развит", "поддержк") with a good
 * part of a large forum, and an OR query ordered by rank computes bm25 for
 * every proposal it matches: ~90 ms for 40,000 matches out of 100,000, far
 * too slow for every keystroke.  Instead the posting lists of the text's
 * stems (rowids only) are read rarest first, adding each stem's squared
 * weight to the proposals on it, in an array indexed by proposal id: that
 * sum is the cosine's numerator.  Two limits keep the reading short:
 *   - exact: a proposal that shares with the text only stems of total
 *     squared weight W scores at most sqrt(W) / |text| (Cauchy-Schwarz),
 *     so the commonest stems are not read while that bound stays under
 *     SEARCH_SIMILAR_MIN;
 *   - adaptive: past SEARCH_POSTINGS postings, the next stem is read only
 *     while a proposal not met yet could still outrank the worst of the
 *     best SEARCH_CANDIDATES, that is while the squared weight of the
 *     stems not read is at least that candidate's sum (MaxScore's rule),
 *     and never past SEARCH_POSTINGS_CAP.  A text of rare words stops
 *     early; one of common words only reads on (on a forum whose 300-word
 *     vocabulary puts every stem in 7% of 100,000 proposals, a retyped
 *     proposal with its words shuffled and forms changed still comes
 *     first, in ~6 ms).
 * The best SEARCH_CANDIDATES by that partial sum are then scored exactly
 * from their stems in the index.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <libstemmer.h>
#include <sqlite3.h>

#include "i18n.h"
#include "search.h"
#include "text.h"
#include "util.h"

/* The candidates search_similar() scores exactly. */
#define SEARCH_CANDIDATES 100
/* At most this many of the text's stems (the rarest) find candidates. */
#define SEARCH_QUERY_STEMS 32
/* Longer words are indexed as they are, not stemmed. */
#define SEARCH_STEM_MAX 256
/* The df cache is emptied when it holds more stems than this. */
#define SEARCH_DF_MAX (1u << 18)
/* Candidates are found in about this many postings, or more while an
 * unseen proposal could still be among the best, up to the cap. */
#define SEARCH_POSTINGS 20000
#define SEARCH_POSTINGS_CAP 100000
/* Proposal ids below this have a slot in the accumulator's array. */
#define ACC_DENSE (1 << 22)
/* The word cache keeps words up to this many bytes, and is emptied when it
 * holds this many. */
#define SEARCH_WORD_CACHE_LEN 64
#define SEARCH_WORD_CACHE_MAX (1u << 16)

/*
 * Function words, folded (ё = е), dropped before stemming.  Single letters
 * («в», «и», «a») are dropped anyway.  Kept short on purpose: every word
 * here is one a proposal can never be told apart by.
 */
static const char *const stop_words[] = {
	/* Russian: prepositions, conjunctions, particles, pronouns. */
	"без", "бы", "был", "была", "были", "было", "быть", "вам", "вас",
	"во", "вот", "все", "всего", "всех", "вы", "где", "да", "для", "до",
	"его", "ее", "ей", "ему", "если", "есть", "еще", "же", "за", "из",
	"или", "им", "ими", "их", "как", "ко", "когда", "кто", "ли", "либо",
	"между", "мы", "на", "над", "нам", "нас", "не", "него", "нее", "нет",
	"ни", "них", "но", "ну", "об", "обо", "он", "она", "они", "оно", "от",
	"перед", "по", "под", "при", "про", "со", "так", "также", "там", "то",
	"того", "тоже", "том", "только", "тот", "ту", "ты", "уже", "чем",
	"через", "что", "чтобы", "эта", "эти", "этих", "это", "этого", "этой",
	"этом", "этот", "эту",
	/* English. */
	"about", "an", "and", "are", "as", "at", "be", "been", "but", "by",
	"for", "from", "has", "have", "he", "her", "his", "if", "in", "into",
	"is", "it", "its", "not", "of", "on", "or", "our", "she", "so", "than",
	"that", "the", "their", "them", "then", "there", "these", "they",
	"this", "those", "to", "was", "we", "were", "which", "will", "with",
	"you",
};

#define NSTOP (sizeof stop_words / sizeof stop_words[0])

/* A map from stems to counts: the df cache, and a rebuild's tally. */
struct stem_count {
	char *stem; /* NULL: a free slot */
	uint64_t hash;
	int64_t n;
	uint64_t mark; /* a tally's: the last document counted (tally_add()) */
};

struct stem_map {
	struct stem_count *v;
	size_t cap, n;
};

/*
 * A word as read and what word_emit() makes of it: its folded form and its
 * stem (none for a dropped word).  One allocation: the word, the folded
 * form and the stem, each NUL-terminated, follow each other in text.
 */
struct word_entry {
	char *text; /* NULL: a free slot */
	uint64_t hash;
	uint32_t len, folded_len, stem_len;
	bool dropped;
};

struct word_cache {
	struct word_entry *v;
	size_t cap, n;
};

/* A candidate's accumulated weight; id 0 marks a free slot. */
struct acc_entry {
	int64_t id;
	double w;
};

struct search_ctx {
	struct sb_stemmer *ru;
	struct sb_stemmer *en;
	const char *stop[NSTOP]; /* stop_words, sorted for bsearch() */

	struct buf word; /* scratch: a word being read that is not as is */
	struct buf fold;
	/* Words met before, so that a text's usual words are folded and
	 * stemmed once (search_words() is most of what indexing costs). */
	struct word_cache words;

	/* Document frequencies: valid while df_ok (see the top). */
	struct stem_map df;
	bool df_ok, df_tentative;
	int64_t df_version;
	int64_t ndocs;

	/*
	 * search_similar()'s accumulator, kept from call to call: a weight
	 * per proposal, in an array indexed by id for ids below ACC_DENSE
	 * (grown as needed) and in a hash table beyond, and the list of the
	 * ids touched, so that finding the best and clearing cost what
	 * filling did.
	 */
	float *dense;
	size_t dense_cap;
	struct acc_entry *big;
	size_t big_cap, big_n;
	int64_t *touched;
	size_t ntouched, touched_cap;
};

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

struct search_ctx *
search_ctx_new(void)
{
	struct search_ctx *c = xcalloc(1, sizeof *c);

	c->ru = sb_stemmer_new("russian", "UTF_8");
	c->en = sb_stemmer_new("english", "UTF_8");
	if (c->ru == NULL || c->en == NULL)
		abort(); /* out of memory, or a libstemmer without them */
	memcpy(c->stop, stop_words, sizeof c->stop);
	qsort(c->stop, NSTOP, sizeof c->stop[0], str_cmp);
	return c;
}

/* Empties m, keeping its table. */
static void
map_clear(struct stem_map *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		free(m->v[i].stem);
	if (m->n > 0)
		memset(m->v, 0, m->cap * sizeof *m->v);
	m->n = 0;
}

static void
map_free(struct stem_map *m)
{
	map_clear(m);
	free(m->v);
	memset(m, 0, sizeof *m);
}

/* FNV-1a over len bytes. */
static uint64_t
hash_mem(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325u;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3u;
	return h;
}

/* The slot of stem (len bytes) in m (whose table is not empty): its own or
 * a free one. */
static struct stem_count *
map_slot(const struct stem_map *m, const char *stem, size_t len, uint64_t h)
{
	size_t mask = m->cap - 1, i = (size_t)h & mask;

	while (m->v[i].stem != NULL && (m->v[i].hash != h ||
	    strncmp(m->v[i].stem, stem, len) != 0 ||
	    m->v[i].stem[len] != '\0'))
		i = (i + 1) & mask;
	return &m->v[i];
}

/* The entry of stem in m, or NULL. */
static struct stem_count *
map_get(const struct stem_map *m, const char *stem)
{
	struct stem_count *e;
	size_t len = strlen(stem);

	if (m->cap == 0)
		return NULL;
	e = map_slot(m, stem, len, hash_mem(stem, len));
	return e->stem != NULL ? e : NULL;
}

/* The entry of stem (len bytes) in m, made (with n = 0) if it was not
 * there. */
static struct stem_count *
map_add_n(struct stem_map *m, const char *stem, size_t len)
{
	uint64_t h = hash_mem(stem, len);
	struct stem_count *e;

	if (2 * (m->n + 1) > m->cap) {
		struct stem_map old = *m;
		size_t i;

		m->cap = m->cap ? 2 * m->cap : 1024;
		m->v = xcalloc(m->cap, sizeof *m->v);
		for (i = 0; i < old.cap; i++)
			if (old.v[i].stem != NULL)
				*map_slot(m, old.v[i].stem,
				    strlen(old.v[i].stem), old.v[i].hash) =
				    old.v[i];
		free(old.v);
	}
	e = map_slot(m, stem, len, h);
	if (e->stem == NULL) {
		e->stem = xstrndup(stem, len);
		e->hash = h;
		e->n = 0;
		e->mark = 0;
		m->n++;
	}
	return e;
}

/* The entry of stem in m, made (with n = 0) if it was not there. */
static struct stem_count *
map_add(struct stem_map *m, const char *stem)
{
	return map_add_n(m, stem, strlen(stem));
}

/*
 * Adds delta to the count of each distinct stem of stems (space-separated)
 * in tally: mark, never 0 and never the same for two calls on one tally,
 * tells the stems met before in this document.
 */
static void
tally_add(struct stem_map *tally, const char *stems, int64_t delta,
    uint64_t mark)
{
	const char *p = stems, *q;
	struct stem_count *e;

	for (;;) {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		for (q = p; *q != '\0' && *q != ' '; q++)
			;
		e = map_add_n(tally, p, (size_t)(q - p));
		if (e->mark != mark) {
			e->mark = mark;
			e->n += delta;
		}
		p = q;
	}
}

static void
words_clear(struct word_cache *wc)
{
	size_t i;

	for (i = 0; i < wc->cap; i++)
		free(wc->v[i].text);
	if (wc->n > 0)
		memset(wc->v, 0, wc->cap * sizeof *wc->v);
	wc->n = 0;
}

/* The slot of the word s (len bytes) in wc (not empty): its own or a free
 * one. */
static struct word_entry *
words_slot(const struct word_cache *wc, const char *s, size_t len,
    uint64_t h)
{
	size_t mask = wc->cap - 1, i = (size_t)h & mask;

	while (wc->v[i].text != NULL && (wc->v[i].hash != h ||
	    wc->v[i].len != len || memcmp(wc->v[i].text, s, len) != 0))
		i = (i + 1) & mask;
	return &wc->v[i];
}

/* The entry of the word s (len bytes), or NULL. */
static const struct word_entry *
words_get(const struct word_cache *wc, const char *s, size_t len,
    uint64_t h)
{
	const struct word_entry *e;

	if (wc->cap == 0)
		return NULL;
	e = words_slot(wc, s, len, h);
	return e->text != NULL ? e : NULL;
}

static void
df_clear(struct search_ctx *c)
{
	map_clear(&c->df);
	c->df_ok = false;
}

void
search_ctx_free(struct search_ctx *c)
{
	if (c == NULL)
		return;
	map_free(&c->df);
	words_clear(&c->words);
	free(c->words.v);
	free(c->dense);
	free(c->big);
	free(c->touched);
	sb_stemmer_delete(c->ru);
	sb_stemmer_delete(c->en);
	buf_free(&c->word);
	buf_free(&c->fold);
	free(c);
}

/* ---- normalisation ---- */

/*
 * True if cp belongs to a word: letters, digits and combining marks of any
 * script.  Without the full Unicode tables this takes everything from
 * U+00C0 on, less the blocks and code points of punctuation, symbols,
 * spaces and emoji; the index's own tokenizer (unicode61) sees the stems
 * again, so an odd character only ever costs a little precision.
 */
static bool
word_cp(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
		    (cp >= 'A' && cp <= 'Z');
	if (cp < 0xC0) /* C1, Latin-1 punctuation and signs */
		return cp == 0xAA || cp == 0xB5 || cp == 0xBA;
	if (cp == 0xD7 || cp == 0xF7 || cp == 0x37E || cp == 0x387)
		return false;
	if ((cp >= 0x55A && cp <= 0x55F) || cp == 0x589 || cp == 0x58A ||
	    cp == 0x5BE || cp == 0x5C0 || cp == 0x5C3 || cp == 0x5C6 ||
	    cp == 0x5F3 || cp == 0x5F4 || (cp >= 0x600 && cp <= 0x60F) ||
	    cp == 0x61B || (cp >= 0x61D && cp <= 0x61F) ||
	    (cp >= 0x66A && cp <= 0x66D) || cp == 0x6D4 || cp == 0x964 ||
	    cp == 0x965 || cp == 0x970 || cp == 0xE4F || cp == 0xE5A ||
	    cp == 0xE5B || cp == 0x1680)
		return false;
	if (cp >= 0x2000 && cp <= 0x2BFF) /* punctuation ... arrows, shapes */
		return false;
	if ((cp >= 0x2E00 && cp <= 0x2E7F) || (cp >= 0x3000 && cp <= 0x303F))
		return false;
	if ((cp >= 0xD800 && cp <= 0xF8FF) || (cp >= 0xFE10 && cp <= 0xFE6F))
		return false; /* surrogates, private use, CJK forms */
	if ((cp >= 0xFF00 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) ||
	    (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65) ||
	    (cp >= 0xFFF0 && cp <= 0xFFFF))
		return false; /* fullwidth punctuation, specials, U+FFFD */
	if (cp >= 0x1F000 && cp <= 0x1FAFF) /* emoji and pictographs */
		return false;
	return true;
}

/* Invisible characters that may sit inside a word without ending it:
 * the soft hyphen, zero-width (non-)joiners, word joiner, BOM. */
static bool
ignorable_cp(uint32_t cp)
{
	return cp == 0xAD || cp == 0x200C || cp == 0x200D || cp == 0x2060 ||
	    cp == 0xFEFF;
}

static bool
cyrillic_cp(uint32_t cp)
{
	return cp >= 0x400 && cp <= 0x52F;
}

static bool
latin_letter_cp(uint32_t cp)
{
	return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
	    (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7);
}

/* What search_words() tells its callback about one word. */
struct word {
	const char *folded; /* case-folded, ё = е; NUL-terminated */
	size_t folded_len;
	const char *stem; /* NULL for a dropped word; else NUL-terminated */
	size_t stem_len;
	bool last;    /* the text's last word ... */
	bool partial; /* ... and the text ends inside it */
};

typedef void (*word_fn)(void *arg, const struct word *w);

static bool
stop_word(struct search_ctx *c, const char *folded)
{
	return bsearch(&folded, c->stop, NSTOP, sizeof c->stop[0],
	    str_cmp) != NULL;
}

/* Keeps what the word s (len bytes, hash h) gives: w's folded form and
 * stem.  The cache is emptied when full, so that no text can grow it
 * without bound. */
static void
words_add(struct word_cache *wc, const char *s, size_t len, uint64_t h,
    const struct word *w)
{
	struct word_entry *e;
	size_t slen = w->stem != NULL ? w->stem_len : 0;
	char *t;

	if (wc->n >= SEARCH_WORD_CACHE_MAX)
		words_clear(wc);
	if (2 * (wc->n + 1) > wc->cap) {
		struct word_cache old = *wc;
		size_t i;

		wc->cap = wc->cap ? 2 * wc->cap : 1024;
		wc->v = xcalloc(wc->cap, sizeof *wc->v);
		for (i = 0; i < old.cap; i++)
			if (old.v[i].text != NULL)
				*words_slot(wc, old.v[i].text, old.v[i].len,
				    old.v[i].hash) = old.v[i];
		free(old.v);
	}
	e = words_slot(wc, s, len, h);
	if (e->text != NULL)
		return;
	t = xmalloc(len + w->folded_len + slen + 3);
	memcpy(t, s, len);
	t[len] = '\0';
	memcpy(t + len + 1, w->folded, w->folded_len);
	t[len + 1 + w->folded_len] = '\0';
	if (slen > 0)
		memcpy(t + len + w->folded_len + 2, w->stem, slen);
	t[len + w->folded_len + 2 + slen] = '\0';
	e->text = t;
	e->hash = h;
	e->len = (uint32_t)len;
	e->folded_len = (uint32_t)w->folded_len;
	e->stem_len = (uint32_t)slen;
	e->dropped = w->stem == NULL;
	wc->n++;
}

/*
 * Folds and stems the word (len bytes at word: ncp code points, of which
 * some Cyrillic or Latin letters as told) and hands it to fn.  The stem
 * pointer may be libstemmer's own buffer: valid only during the call.
 */
static void
word_emit(struct search_ctx *c, const char *word, size_t len, size_t ncp,
    bool digits_only, bool cyr, bool lat, bool last, bool partial,
    word_fn fn, void *arg)
{
	struct word w = { 0 };
	struct sb_stemmer *sb = cyr ? c->ru : lat ? c->en : NULL;
	const struct word_entry *e;
	const sb_symbol *s;
	bool cached = len <= SEARCH_WORD_CACHE_LEN;
	uint64_t h = 0;

	w.last = last;
	w.partial = partial;
	/* What follows depends on the word's bytes alone (ncp and the flags
	 * are read from them): a word met before gives what it gave. */
	if (cached) {
		h = hash_mem(word, len);
		if ((e = words_get(&c->words, word, len, h)) != NULL) {
			w.folded = e->text + e->len + 1;
			w.folded_len = e->folded_len;
			if (!e->dropped) {
				w.stem = w.folded + e->folded_len + 1;
				w.stem_len = e->stem_len;
			}
			fn(arg, &w);
			return;
		}
	}
	buf_reset(&c->fold);
	text_fold(&c->fold, word, len, true);
	w.folded = buf_str(&c->fold);
	w.folded_len = c->fold.len;
	if (!((ncp == 1 && !digits_only) || stop_word(c, w.folded))) {
		w.stem = w.folded;
		w.stem_len = w.folded_len;
		if (sb != NULL && w.folded_len <= SEARCH_STEM_MAX &&
		    (s = sb_stemmer_stem(sb, (const sb_symbol *)w.folded,
		    (int)w.folded_len)) != NULL && sb_stemmer_length(sb) > 0) {
			w.stem = (const char *)s;
			w.stem_len = (size_t)sb_stemmer_length(sb);
		}
	}
	if (cached)
		words_add(&c->words, word, len, h, &w);
	fn(arg, &w);
}

/*
 * Cuts text into words and calls fn for each (see struct word).  Combining
 * breve after и and diaeresis after е are composed (й, ё), and combining
 * grave and acute after a Cyrillic letter (stress marks) are dropped, so
 * that text pasted in decomposed form matches.
 *
 * A word is handed over where it lies in text, unless something inside it
 * was dropped or composed: then it is copied into c->word from there on.
 */
static void
search_words(struct search_ctx *c, const char *text, word_fn fn, void *arg)
{
	size_t len = strlen(text), off = 0, ncp = 0, n, start = 0;
	const unsigned char *p;
	uint32_t cp, prev = 0;
	bool digits_only = true, cyr = false, lat = false;
	bool copied = false; /* the word is in c->word, else at text + start */

	while (off < len) {
		p = (const unsigned char *)text + off;
		if (p[0] < 0x80) {
			cp = p[0];
			n = 1;
		} else if (p[0] >= 0xC2 && p[0] < 0xE0 && off + 1 < len &&
		    (p[1] & 0xC0) == 0x80) {
			/* Two bytes, always well-formed (Cyrillic). */
			cp = (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
			n = 2;
		} else
			n = text_decode(text + off, len - off, &cp);
		off += n;
		if (ignorable_cp(cp) || (ncp > 0 && cyrillic_cp(prev) &&
		    (cp == 0x300 || cp == 0x301))) {
			/* Left out: an invisible character, a stress mark. */
			if (ncp > 0 && !copied) {
				buf_reset(&c->word);
				buf_add(&c->word, text + start,
				    off - n - start);
				copied = true;
			}
			continue;
		}
		if (!word_cp(cp)) {
			if (ncp > 0)
				word_emit(c, copied ? c->word.data :
				    text + start, copied ? c->word.len :
				    off - n - start, ncp, digits_only, cyr, lat,
				    false, false, fn, arg);
			ncp = 0;
			digits_only = true;
			cyr = lat = copied = false;
			prev = 0;
			continue;
		}
		if (ncp > 0 && ((cp == 0x306 && (prev | 0x20) == 0x438) ||
		    (cp == 0x308 && (prev | 0x20) == 0x435))) {
			/* и + breve = й, е + diaeresis = ё: rewrite the last
			 * character (two bytes, being Cyrillic). */
			if (!copied) {
				buf_reset(&c->word);
				buf_add(&c->word, text + start,
				    off - n - start);
				copied = true;
			}
			prev = cp == 0x306 ? 0x439 : 0x451;
			c->word.len -= 2;
			text_encode(&c->word, prev);
			continue;
		}
		if (ncp == 0)
			start = off - n;
		/* A code point of a word was well-formed: its bytes are its
		 * encoding (a bad byte decodes as U+FFFD, no word's). */
		if (copied)
			buf_add(&c->word, text + off - n, n);
		ncp++;
		if (cp < '0' || cp > '9')
			digits_only = false;
		if (cyrillic_cp(cp))
			cyr = true;
		else if (latin_letter_cp(cp))
			lat = true;
		prev = cp;
	}
	if (ncp > 0)
		word_emit(c, copied ? c->word.data : text + start, copied ?
		    c->word.len : off - start, ncp, digits_only, cyr, lat, true,
		    true, fn, arg);
}

static void
stems_word(void *arg, const struct word *w)
{
	struct buf *out = arg;

	if (w->stem == NULL)
		return;
	if (out->len > 0 && out->data[out->len - 1] != ' ')
		buf_addc(out, ' ');
	buf_add(out, w->stem, w->stem_len);
}

void
search_stems(struct search_ctx *c, const char *text, struct buf *out)
{
	size_t start = out->len;

	/* stems_word() separates by looking at the byte before. */
	if (start > 0 && out->data[start - 1] != ' ')
		buf_addc(out, ' ');
	search_words(c, text, stems_word, out);
	if (out->len > start && out->data[out->len - 1] == ' ')
		out->data[--out->len] = '\0';
}

/* ---- small helpers ---- */

/* Steps a statement that returns no rows, and resets it. */
static enum status
step_done(struct forum *f, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : forum_sqlerr(f, rc, what);
}

/* The FTS5 query that matches the one term stem: a quoted string, so that
 * nothing in it is syntax; prefix adds the prefix marker. */
static void
fts_term(struct buf *b, const char *stem, size_t len, bool prefix)
{
	size_t i;

	buf_addc(b, '"');
	for (i = 0; i < len; i++) {
		if (stem[i] == '"')
			buf_addc(b, '"');
		buf_addc(b, stem[i]);
	}
	buf_addc(b, '"');
	if (prefix)
		buf_addc(b, '*');
}

/* ---- document frequencies ---- */

/* Drops the cache if it may be stale, and (re)reads N. */
static enum status
df_begin(struct forum *f, struct search_ctx *c)
{
	int64_t v = forum_data_version(f);
	bool in = forum_in_action(f);
	sqlite3_stmt *st;
	int rc;

	if (c->df_ok && v == c->df_version && !(c->df_tentative && !in))
		return ST_OK;
	df_clear(c);
	/* The docsize table has one row per indexed proposal, and counting
	 * a real table is far cheaper than scanning the virtual one. */
	st = forum_stmt(f, "SELECT count(*) FROM proposal_search_docsize");
	if (st == NULL)
		return ST_DB;
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return forum_sqlerr(f, rc, _("search"));
	}
	c->ndocs = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	c->df_ok = true;
	c->df_version = v;
	c->df_tentative = in;
	return ST_OK;
}

/* The number of indexed proposals containing stem (cached). */
static enum status
df_get(struct forum *f, struct search_ctx *c, const char *stem, int64_t *df)
{
	struct stem_count *e = map_get(&c->df, stem);
	sqlite3_stmt *st;
	int rc;

	if (e != NULL) {
		*df = e->n;
		return ST_OK;
	}
	st = forum_stmt(f, "SELECT docs FROM search_stem WHERE stem = ?");
	if (st == NULL)
		return ST_DB;
	sqlite3_bind_text(st, 1, stem, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	*df = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return forum_sqlerr(f, rc, _("search"));
	if (c->df.n >= SEARCH_DF_MAX)
		map_clear(&c->df);
	map_add(&c->df, stem)->n = *df;
	return ST_OK;
}

static double
idf(const struct search_ctx *c, int64_t df)
{
	return log1p((double)(c->ndocs + 1) / (double)(df + 1));
}

/* ---- stem sets ---- */

/* A set of stems: sorted, distinct, each with its weight. */
struct stem_set {
	char *data;    /* the stems, NUL-separated */
	char **stem;
	double *w;
	int64_t *df;
	size_t n;
	double norm2;  /* the sum of the squared weights */
};

/* Makes the set of the space-separated stems in s (which it copies). */
static void
set_make(struct stem_set *set, const char *s)
{
	size_t i, j, cap = 0;
	char *p;

	memset(set, 0, sizeof *set);
	set->data = xstrdup(s);
	for (p = set->data; *p; ) {
		while (*p == ' ')
			*p++ = '\0';
		if (*p == '\0')
			break;
		if (set->n == cap) {
			cap = cap ? 2 * cap : 16;
			set->stem = xreallocarray(set->stem, cap,
			    sizeof *set->stem);
		}
		set->stem[set->n++] = p;
		while (*p && *p != ' ')
			p++;
	}
	if (set->n == 0)
		return;
	qsort(set->stem, set->n, sizeof *set->stem, str_cmp);
	for (i = j = 1; i < set->n; i++)
		if (strcmp(set->stem[i], set->stem[j - 1]) != 0)
			set->stem[j++] = set->stem[i];
	set->n = j;
	set->w = xcalloc(set->n, sizeof *set->w);
	set->df = xcalloc(set->n, sizeof *set->df);
}

static void
set_free(struct stem_set *set)
{
	free(set->data);
	free(set->stem);
	free(set->w);
	free(set->df);
	memset(set, 0, sizeof *set);
}

/* Looks up the weight of every stem of set. */
static enum status
set_weigh(struct forum *f, struct search_ctx *c, struct stem_set *set)
{
	enum status st;
	size_t i;

	set->norm2 = 0;
	for (i = 0; i < set->n; i++) {
		if ((st = df_get(f, c, set->stem[i], &set->df[i])) != ST_OK)
			return st;
		set->w[i] = idf(c, set->df[i]);
		set->norm2 += set->w[i] * set->w[i];
	}
	return ST_OK;
}

/* The cosine of two weighed sets, as a percentage. */
static int
set_score(const struct stem_set *a, const struct stem_set *b)
{
	double dot = 0, cos;
	size_t i = 0, j = 0;
	int r;

	if (a->norm2 <= 0 || b->norm2 <= 0)
		return 0;
	while (i < a->n && j < b->n) {
		r = strcmp(a->stem[i], b->stem[j]);
		if (r == 0)
			dot += a->w[i++] * b->w[j++];
		else if (r < 0)
			i++;
		else
			j++;
	}
	cos = dot / (sqrt(a->norm2) * sqrt(b->norm2));
	r = (int)lround(cos * 100);
	return r < 0 ? 0 : r > 100 ? 100 : r;
}

/* ---- the index ---- */

/* Steps a statement on one stem (parameter 1). */
static enum status
stem_step(struct forum *f, const char *sql, const char *stem)
{
	sqlite3_stmt *st = forum_stmt(f, sql);

	if (st == NULL)
		return ST_DB;
	sqlite3_bind_text(st, 1, stem, -1, SQLITE_STATIC);
	return step_done(f, st, _("index a proposal"));
}

/*
 * Keeps search_stem's document frequencies right when a proposal's stems
 * go from old to new (space-separated; "" when not indexed).
 */
static enum status
stem_counts_update(struct forum *f, const char *old, const char *new)
{
	struct stem_set a, b;
	enum status s = ST_OK;
	size_t i = 0, j = 0;
	int r;

	set_make(&a, old);
	set_make(&b, new);
	while (s == ST_OK && (i < a.n || j < b.n)) {
		r = i == a.n ? 1 : j == b.n ? -1 : strcmp(a.stem[i], b.stem[j]);
		if (r == 0) {
			i++;
			j++;
		} else if (r < 0) {
			/* A stem gone: the last one out removes the row. */
			s = stem_step(f, "DELETE FROM search_stem WHERE "
			    "stem = ? AND docs <= 1", a.stem[i]);
			if (s == ST_OK)
				s = stem_step(f, "UPDATE search_stem SET "
				    "docs = docs - 1 WHERE stem = ?",
				    a.stem[i]);
			i++;
		} else {
			s = stem_step(f, "INSERT INTO search_stem (stem, docs) "
			    "VALUES (?, 1) ON CONFLICT (stem) DO UPDATE SET "
			    "docs = docs + 1", b.stem[j]);
			j++;
		}
	}
	set_free(&a);
	set_free(&b);
	return s;
}

static int
stem_count_cmp(const void *a, const void *b)
{
	return strcmp(((const struct stem_count *)a)->stem,
	    ((const struct stem_count *)b)->stem);
}

/* Writes the changes in tally (tally_add()) into search_stem, one
 * statement or two per stem, in the order of the stems. */
static enum status
stem_tally_write(struct forum *f, const struct stem_map *tally)
{
	struct stem_count *v; /* the entries that changed, sorted */
	sqlite3_stmt *st;
	enum status s = ST_OK;
	size_t i, n = 0;

	if (tally->n == 0)
		return ST_OK;
	v = xreallocarray(NULL, tally->n, sizeof *v);
	for (i = 0; i < tally->cap; i++)
		if (tally->v[i].stem != NULL && tally->v[i].n != 0)
			v[n++] = tally->v[i];
	qsort(v, n, sizeof *v, stem_count_cmp);
	for (i = 0; i < n && s == ST_OK; i++) {
		if (v[i].n > 0) {
			st = forum_stmt(f, "INSERT INTO search_stem (stem, "
			    "docs) VALUES (?1, ?2) ON CONFLICT (stem) DO "
			    "UPDATE SET docs = docs + excluded.docs");
			if (st == NULL) {
				s = ST_DB;
				break;
			}
			sqlite3_bind_text(st, 1, v[i].stem, -1,
			    SQLITE_STATIC);
			sqlite3_bind_int64(st, 2, v[i].n);
			s = step_done(f, st, _("index proposals"));
			continue;
		}
		/* Stems gone: the last one out removes the row. */
		st = forum_stmt(f, "UPDATE search_stem SET docs = docs + ?2 "
		    "WHERE stem = ?1");
		if (st == NULL) {
			s = ST_DB;
			break;
		}
		sqlite3_bind_text(st, 1, v[i].stem, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, v[i].n);
		if ((s = step_done(f, st, _("index proposals"))) != ST_OK)
			break;
		s = stem_step(f, "DELETE FROM search_stem WHERE stem = ? AND "
		    "docs <= 0", v[i].stem);
	}
	free(v);
	return s;
}

/*
 * Brings proposal pid's row of proposal_search up to date from its current
 * row, and the document frequencies of its stems: at once in search_stem
 * (tally NULL), or added up in tally for stem_tally_write(), with the marks
 * 2 * seq + 1 and 2 * seq + 2 (tally_add()).  A pid above last is known
 * not to be in the index.  The proposal's text is read here, unless known
 * (then text is it if the proposal is live, else NULL).  stems is scratch.
 */
static enum status
index_one(struct forum *f, struct search_ctx *c, int64_t pid, int64_t last,
    bool known, const char *text, struct stem_map *tally, uint64_t seq,
    struct buf *stems)
{
	char *old = NULL;
	sqlite3_stmt *st;
	enum status s = ST_OK;
	bool live = false;
	int rc;

	buf_reset(stems);
	if (known) {
		live = text != NULL;
		if (live)
			search_stems(c, text, stems);
	} else {
		st = forum_stmt(f, "SELECT text FROM proposal WHERE id = ? AND "
		    "deleted = 0");
		if (st == NULL)
			return ST_DB;
		sqlite3_bind_int64(st, 1, pid);
		if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			const unsigned char *t = sqlite3_column_text(st, 0);

			live = true;
			search_stems(c, t ? (const char *)t : "", stems);
		}
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return forum_sqlerr(f, rc, _("index a proposal"));
	}

	st = forum_stmt(f, "SELECT stems FROM proposal_search WHERE rowid = ?");
	if (st == NULL)
		return ST_DB;
	sqlite3_bind_int64(st, 1, pid);
	if (pid > last)
		rc = SQLITE_DONE;
	else if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(st, 0);

		old = xstrdup(t ? (const char *)t : "");
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		s = forum_sqlerr(f, rc, _("index a proposal"));
	if (s != ST_OK || (old == NULL && !live) ||
	    (old != NULL && live && strcmp(old, buf_str(stems)) == 0))
		goto out;

	c->df_ok = false;
	if (old != NULL) {
		st = forum_stmt(f, "DELETE FROM proposal_search WHERE rowid = ?");
		if (st == NULL)
			s = ST_DB;
		else {
			sqlite3_bind_int64(st, 1, pid);
			s = step_done(f, st, _("index a proposal"));
		}
	}
	if (s == ST_OK && live) {
		st = forum_stmt(f, "INSERT INTO proposal_search (rowid, stems) "
		    "VALUES (?, ?)");
		if (st == NULL)
			s = ST_DB;
		else {
			sqlite3_bind_int64(st, 1, pid);
			sqlite3_bind_text(st, 2, buf_str(stems), -1,
			    SQLITE_STATIC);
			s = step_done(f, st, _("index a proposal"));
		}
	}
	if (s == ST_OK && tally != NULL) {
		if (old != NULL)
			tally_add(tally, old, -1, 2 * seq + 1);
		if (live)
			tally_add(tally, buf_str(stems), 1, 2 * seq + 2);
	} else if (s == ST_OK)
		s = stem_counts_update(f, old ? old : "",
		    live ? buf_str(stems) : "");
out:
	free(old);
	return s;
}

enum status
search_index_proposal(struct forum *f, int64_t pid)
{
	struct buf stems = { 0 };
	enum status s;

	s = index_one(f, forum_search_ctx(f), pid, INT64_MAX, false, NULL,
	    NULL, 0, &stems);
	buf_free(&stems);
	return s;
}

static int
id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

enum status
search_index_batch(struct forum *f, const int64_t *ids, size_t n)
{
	struct search_ctx *c = forum_search_ctx(f);
	struct stem_map tally = { 0 };
	struct buf stems = { 0 };
	sqlite3_stmt *st, *scan = NULL;
	enum status s = ST_OK;
	int64_t *v, last = INT64_MAX;
	size_t i, m = 0;
	int rc;

	if (n == 0)
		return ST_OK;
	/* In the order of the ids, each once: the index's b-trees are
	 * written from one end to the other. */
	v = xreallocarray(NULL, n, sizeof *v);
	memcpy(v, ids, n * sizeof *v);
	qsort(v, n, sizeof *v, id_cmp);
	for (i = 0; i < n; i++)
		if (m == 0 || v[i] != v[m - 1])
			v[m++] = v[i];
	/* The greatest id indexed (docsize has a row for each, and is a
	 * plain table): none above it needs looking up. */
	st = forum_stmt(f, "SELECT max(id) FROM proposal_search_docsize");
	if (st == NULL)
		s = ST_DB;
	else if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		last = sqlite3_column_type(st, 0) == SQLITE_NULL ? 0 :
		    sqlite3_column_int64(st, 0);
	else
		s = forum_sqlerr(f, rc, _("index proposals"));
	if (st != NULL)
		sqlite3_reset(st);
	/* Ids close together (a merge's): the texts in one pass over the
	 * proposals, not a lookup each. */
	if (s == ST_OK &&
	    (uint64_t)v[m - 1] - (uint64_t)v[0] < 2 * (uint64_t)m) {
		rc = sqlite3_prepare_v2(forum_db(f), "SELECT id, text FROM "
		    "proposal WHERE id >= ?1 AND id <= ?2 AND deleted = 0 "
		    "ORDER BY id", -1, &scan, NULL);
		if (rc == SQLITE_OK) {
			sqlite3_bind_int64(scan, 1, v[0]);
			sqlite3_bind_int64(scan, 2, v[m - 1]);
			rc = sqlite3_step(scan);
		}
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			s = forum_sqlerr(f, rc, _("index proposals"));
	}
	for (i = 0; i < m && s == ST_OK; i++) {
		const char *t = NULL; /* the text, if live */

		if (scan == NULL) {
			s = index_one(f, c, v[i], last, false, NULL, &tally, i,
			    &stems);
			continue;
		}
		while (rc == SQLITE_ROW && sqlite3_column_int64(scan, 0) < v[i])
			rc = sqlite3_step(scan);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
			s = forum_sqlerr(f, rc, _("index proposals"));
			break;
		}
		if (rc == SQLITE_ROW && sqlite3_column_int64(scan, 0) == v[i]) {
			t = (const char *)sqlite3_column_text(scan, 1);
			if (t == NULL)
				t = "";
		}
		s = index_one(f, c, v[i], last, true, t, &tally, i, &stems);
	}
	sqlite3_finalize(scan);
	if (s == ST_OK)
		s = stem_tally_write(f, &tally);
	map_free(&tally);
	buf_free(&stems);
	free(v);
	return s;
}

/* Runs a fixed statement (no parameters, no user data). */
static enum status
search_exec(struct forum *f, const char *sql)
{
	int rc = sqlite3_exec(forum_db(f), sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? ST_OK : forum_sqlerr(f, rc, _("index"));
}

/* Writes a rebuild's tally of document frequencies into search_stem. */
static enum status
stem_counts_write(struct forum *f, const struct stem_map *m)
{
	sqlite3_stmt *st;
	enum status s = ST_OK;
	size_t i;

	for (i = 0; i < m->cap && s == ST_OK; i++) {
		if (m->v[i].stem == NULL)
			continue;
		st = forum_stmt(f, "INSERT INTO search_stem (stem, docs) "
		    "VALUES (?, ?)");
		if (st == NULL)
			return ST_DB;
		sqlite3_bind_text(st, 1, m->v[i].stem, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, m->v[i].n);
		s = step_done(f, st, _("index"));
	}
	return s;
}

enum status
search_reindex(struct forum *f)
{
	struct search_ctx *c = forum_search_ctx(f);
	struct buf stems = { 0 };
	struct stem_map tally = { 0 };
	sqlite3_stmt *sel, *ins;
	enum status s;
	uint64_t seq = 0;
	bool own;
	int rc = SQLITE_DONE;

	if ((s = forum_enter(f, NULL, &own)) != ST_OK)
		return s;
	c->df_ok = false;
	if ((s = search_exec(f, "DELETE FROM proposal_search;"
	    "DELETE FROM search_stem")) != ST_OK)
		return forum_leave(f, own, s);
	sel = forum_stmt(f, "SELECT id, text FROM proposal WHERE deleted = 0 "
	    "ORDER BY id");
	ins = forum_stmt(f, "INSERT INTO proposal_search (rowid, stems) "
	    "VALUES (?, ?)");
	if (sel == NULL || ins == NULL)
		return forum_leave(f, own, ST_DB);
	while (s == ST_OK && (rc = sqlite3_step(sel)) == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(sel, 1);

		buf_reset(&stems);
		search_stems(c, t ? (const char *)t : "", &stems);
		sqlite3_bind_int64(ins, 1, sqlite3_column_int64(sel, 0));
		sqlite3_bind_text(ins, 2, buf_str(&stems), -1, SQLITE_STATIC);
		s = step_done(f, ins, _("index"));
		tally_add(&tally, buf_str(&stems), 1, ++seq);
	}
	sqlite3_reset(sel);
	buf_free(&stems);
	if (s == ST_OK && rc != SQLITE_DONE)
		s = forum_sqlerr(f, rc, _("index"));
	if (s == ST_OK)
		s = stem_counts_write(f, &tally);
	map_free(&tally);
	/* One b-tree instead of many small ones: faster queries. */
	if (s == ST_OK)
		s = search_exec(f, "INSERT INTO proposal_search "
		    "(proposal_search) VALUES ('optimize')");
	if (s == ST_OK) {
		sel = forum_stmt(f, "INSERT INTO meta (key, value) VALUES "
		    "('search_version', ?) ON CONFLICT (key) DO UPDATE SET "
		    "value = excluded.value");
		if (sel == NULL)
			s = ST_DB;
		else {
			sqlite3_bind_text(sel, 1, SEARCH_VERSION, -1,
			    SQLITE_STATIC);
			s = step_done(f, sel, _("index"));
		}
	}
	c->df_ok = false;
	return forum_leave(f, own, s);
}

/* True if meta says the index was built by this normalisation. */
static enum status
search_current(struct forum *f, bool *yes)
{
	sqlite3_stmt *st = forum_stmt(f, "SELECT value = ? FROM meta "
	    "WHERE key = 'search_version'");
	int rc;

	*yes = false;
	if (st == NULL)
		return ST_DB;
	sqlite3_bind_text(st, 1, SEARCH_VERSION, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*yes = sqlite3_column_int(st, 0) != 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return forum_sqlerr(f, rc, _("index"));
	return ST_OK;
}

enum status
search_ensure(struct forum *f)
{
	enum status s;
	bool yes;

	if (forum_readonly(f))
		return ST_OK;
	if ((s = search_current(f, &yes)) != ST_OK || yes)
		return s;
	if ((s = forum_begin(f, NULL)) != ST_OK)
		return s;
	/* Another process may have rebuilt it meanwhile. */
	if ((s = search_current(f, &yes)) == ST_OK && !yes)
		s = search_reindex(f);
	if (s != ST_OK) {
		forum_rollback(f);
		return s;
	}
	return forum_commit(f);
}

/* ---- the similar list ---- */

/* Empties the accumulator. */
static void
acc_reset(struct search_ctx *c)
{
	size_t i;

	for (i = 0; i < c->ntouched; i++)
		if (c->touched[i] < ACC_DENSE)
			c->dense[c->touched[i]] = 0;
	if (c->big_n > 0)
		memset(c->big, 0, c->big_cap * sizeof *c->big);
	c->big_n = 0;
	c->ntouched = 0;
}

static void
acc_touch(struct search_ctx *c, int64_t id)
{
	if (c->ntouched == c->touched_cap) {
		c->touched_cap = c->touched_cap ? 2 * c->touched_cap : 4096;
		c->touched = xreallocarray(c->touched, c->touched_cap,
		    sizeof *c->touched);
	}
	c->touched[c->ntouched++] = id;
}

/* The slot of a big id in the hash table (not empty). */
static struct acc_entry *
acc_big_slot(const struct search_ctx *c, int64_t id)
{
	size_t mask = c->big_cap - 1;
	size_t i = (size_t)((uint64_t)id * 0x9E3779B97F4A7C15u >> 20) & mask;

	while (c->big[i].id != 0 && c->big[i].id != id)
		i = (i + 1) & mask;
	return &c->big[i];
}

/* Adds w to proposal id's weight (id > 0). */
static void
acc_add(struct search_ctx *c, int64_t id, float w)
{
	struct acc_entry *e;

	if (id < ACC_DENSE) {
		if ((size_t)id >= c->dense_cap) {
			size_t cap = c->dense_cap ? c->dense_cap : 4096;

			while (cap <= (size_t)id)
				cap *= 2;
			c->dense = xreallocarray(c->dense, cap,
			    sizeof *c->dense);
			memset(c->dense + c->dense_cap, 0,
			    (cap - c->dense_cap) * sizeof *c->dense);
			c->dense_cap = cap;
		}
		if (c->dense[id] == 0)
			acc_touch(c, id);
		c->dense[id] += w;
		return;
	}
	if (2 * (c->big_n + 1) > c->big_cap) {
		struct acc_entry *old = c->big;
		size_t oldcap = c->big_cap, k;

		c->big_cap = c->big_cap ? 2 * c->big_cap : 1024;
		c->big = xcalloc(c->big_cap, sizeof *c->big);
		for (k = 0; k < oldcap; k++)
			if (old[k].id != 0)
				*acc_big_slot(c, old[k].id) = old[k];
		free(old);
	}
	e = acc_big_slot(c, id);
	if (e->id == 0) {
		e->id = id;
		c->big_n++;
		acc_touch(c, id);
	}
	e->w += w;
}

/* Proposal id's accumulated weight. */
static double
acc_get(const struct search_ctx *c, int64_t id)
{
	return id < ACC_DENSE ? c->dense[id] : acc_big_slot(c, id)->w;
}

/* True if a ranks below b: a lower value, or the same and a higher id. */
static bool
acc_below(const struct acc_entry *a, const struct acc_entry *b)
{
	return a->w < b->w || (a->w == b->w && a->id > b->id);
}

/* Keeps the best k entries in heap (a min-heap on acc_below) of *n. */
static void
heap_offer(struct acc_entry *heap, size_t *n, size_t k,
    const struct acc_entry *e)
{
	size_t i, child;
	struct acc_entry t;

	if (*n < k) {
		i = (*n)++;
		heap[i] = *e;
		while (i > 0 && acc_below(&heap[i], &heap[(i - 1) / 2])) {
			t = heap[i];
			heap[i] = heap[(i - 1) / 2];
			heap[(i - 1) / 2] = t;
			i = (i - 1) / 2;
		}
		return;
	}
	if (!acc_below(&heap[0], e))
		return;
	heap[0] = *e;
	for (i = 0; (child = 2 * i + 1) < *n; i = child) {
		if (child + 1 < *n && acc_below(&heap[child + 1], &heap[child]))
			child++;
		if (!acc_below(&heap[child], &heap[i]))
			break;
		t = heap[i];
		heap[i] = heap[child];
		heap[child] = t;
	}
}

static int
hit_cmp(const void *pa, const void *pb)
{
	const struct search_hit *a = pa, *b = pb;

	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

/* The best SEARCH_CANDIDATES proposals of the accumulator into heap
 * (a min-heap: heap[0] is the worst of them). */
static void
similar_best(const struct search_ctx *c, struct acc_entry *heap, size_t *n)
{
	size_t i;

	*n = 0;
	for (i = 0; i < c->ntouched; i++) {
		struct acc_entry e = { c->touched[i],
		    acc_get(c, c->touched[i]) };

		heap_offer(heap, n, SEARCH_CANDIDATES, &e);
	}
}

/* Adds w to every proposal on stem's posting list but exclude_id. */
static enum status
similar_postings(struct forum *f, struct search_ctx *c, const char *stem,
    double w, int64_t exclude_id)
{
	struct buf q = { 0 };
	sqlite3_stmt *st;
	int64_t id;
	int rc;

	st = forum_stmt(f, "SELECT rowid FROM proposal_search "
	    "WHERE proposal_search MATCH ?");
	if (st == NULL)
		return ST_DB;
	fts_term(&q, stem, strlen(stem), false);
	sqlite3_bind_text(st, 1, buf_str(&q), -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((id = sqlite3_column_int64(st, 0)) != exclude_id && id > 0)
			acc_add(c, id, (float)w);
	sqlite3_reset(st);
	buf_free(&q);
	return rc == SQLITE_DONE ? ST_OK : forum_sqlerr(f, rc, _("search"));
}

/* Scores candidate id against the text's set q; *score -1 if it is gone. */
static enum status
similar_score(struct forum *f, struct search_ctx *c,
    const struct stem_set *q, int64_t id, int *score)
{
	struct stem_set d;
	const unsigned char *t;
	sqlite3_stmt *st;
	enum status s;
	int rc;

	*score = -1;
	st = forum_stmt(f, "SELECT stems FROM proposal_search WHERE rowid = ?");
	if (st == NULL)
		return ST_DB;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? ST_OK : forum_sqlerr(f, rc, _("search"));
	}
	t = sqlite3_column_text(st, 0);
	set_make(&d, t ? (const char *)t : "");
	sqlite3_reset(st);
	if ((s = set_weigh(f, c, &d)) == ST_OK)
		*score = set_score(q, &d);
	set_free(&d);
	return s;
}

/* Fills in a hit's track, status and text; false if it is gone. */
static enum status
hit_fill(struct forum *f, struct search_hit *h, bool *found)
{
	sqlite3_stmt *st = forum_stmt(f, "SELECT track_id, status, text "
	    "FROM proposal WHERE id = ? AND deleted = 0");
	int rc;

	*found = false;
	if (st == NULL)
		return ST_DB;
	sqlite3_bind_int64(st, 1, h->id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(st, 2);

		h->track_id = sqlite3_column_int64(st, 0);
		h->status = sqlite3_column_int(st, 1);
		h->text = xstrdup(t ? (const char *)t : "");
		*found = true;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? ST_OK :
	    forum_sqlerr(f, rc, _("search"));
}

/* The order in which the text's stems find candidates: rarest first. */
struct stem_rank {
	int64_t df;
	size_t i; /* in the text's stem set */
};

static int
rank_cmp(const void *pa, const void *pb)
{
	const struct stem_rank *a = pa, *b = pb;

	if (a->df != b->df)
		return a->df < b->df ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

enum status
search_similar(struct forum *f, const char *text, int64_t exclude_id,
    size_t limit, struct search_hit **hits, size_t *n)
{
	struct search_ctx *c = forum_search_ctx(f);
	struct stem_set q;
	struct buf stems = { 0 };
	struct acc_entry heap[SEARCH_CANDIDATES];
	struct search_hit *v = NULL;
	struct stem_rank *order = NULL;
	size_t nuse, nheap = 0, nv = 0, i, k;
	int64_t postings;
	double skip, floor2, unread;
	enum status s;
	bool found;

	*hits = NULL;
	*n = 0;
	if (limit == 0)
		return ST_OK;
	if ((s = df_begin(f, c)) != ST_OK)
		return s;
	search_stems(c, text, &stems);
	set_make(&q, buf_str(&stems));
	buf_free(&stems);
	if (q.n == 0 || (s = set_weigh(f, c, &q)) != ST_OK)
		goto out;

	/* Rarest first; leave out the commonest while a proposal sharing
	 * only them stays under the floor; at most SEARCH_QUERY_STEMS, and
	 * no more once SEARCH_POSTINGS postings are read. */
	order = xreallocarray(NULL, q.n, sizeof *order);
	for (i = 0; i < q.n; i++)
		order[i] = (struct stem_rank){ q.df[i], i };
	qsort(order, q.n, sizeof *order, rank_cmp);
	floor2 = (SEARCH_SIMILAR_MIN - 0.5) / 100.0;
	floor2 *= floor2 * q.norm2;
	for (nuse = q.n, skip = 0; nuse > 1; nuse--) {
		double w2 = q.w[order[nuse - 1].i] * q.w[order[nuse - 1].i];

		if (skip + w2 >= floor2)
			break;
		skip += w2;
	}
	if (nuse > SEARCH_QUERY_STEMS)
		nuse = SEARCH_QUERY_STEMS;

	/* unread: the squared weight of the stems not read yet. */
	for (i = 0, unread = 0; i < q.n; i++)
		unread += q.w[i] * q.w[i];
	acc_reset(c);
	for (i = 0, postings = 0; i < nuse && s == ST_OK; i++) {
		k = order[i].i;
		if (q.df[k] == 0) {
			unread -= q.w[k] * q.w[k];
			continue;
		}
		if (postings > 0 && postings + q.df[k] > SEARCH_POSTINGS) {
			/* Past the budget, go on only while a proposal not
			 * seen yet could outrank the worst candidate. */
			if (postings + q.df[k] > SEARCH_POSTINGS_CAP)
				break;
			similar_best(c, heap, &nheap);
			if (nheap == SEARCH_CANDIDATES && heap[0].w >= unread)
				break;
		}
		s = similar_postings(f, c, q.stem[k], q.w[k] * q.w[k],
		    exclude_id);
		postings += q.df[k];
		unread -= q.w[k] * q.w[k];
	}
	similar_best(c, heap, &nheap);

	v = xcalloc(nheap ? nheap : 1, sizeof *v);
	for (i = 0; i < nheap && s == ST_OK; i++) {
		int score;

		s = similar_score(f, c, &q, heap[i].id, &score);
		if (s == ST_OK && score >= SEARCH_SIMILAR_MIN) {
			v[nv].id = heap[i].id;
			v[nv++].score = score;
		}
	}
	if (s != ST_OK)
		goto out;
	qsort(v, nv, sizeof *v, hit_cmp);
	for (i = 0; i < nv && *n < limit && s == ST_OK; i++) {
		s = hit_fill(f, &v[i], &found);
		if (s == ST_OK && found)
			v[(*n)++] = v[i];
	}
out:
	if (s != ST_OK) {
		search_hits_free(v, *n);
		v = NULL;
		*n = 0;
	}
	*hits = v;
	free(order);
	set_free(&q);
	return s;
}

enum status
search_score(struct forum *f, const char *a, const char *b, int *score)
{
	struct search_ctx *c = forum_search_ctx(f);
	struct stem_set sa, sb;
	struct buf stems = { 0 };
	enum status s;

	*score = 0;
	if ((s = df_begin(f, c)) != ST_OK)
		return s;
	search_stems(c, a, &stems);
	set_make(&sa, buf_str(&stems));
	buf_reset(&stems);
	search_stems(c, b, &stems);
	set_make(&sb, buf_str(&stems));
	buf_free(&stems);
	if ((s = set_weigh(f, c, &sa)) == ST_OK &&
	    (s = set_weigh(f, c, &sb)) == ST_OK)
		*score = set_score(&sa, &sb);
	set_free(&sa);
	set_free(&sb);
	return s;
}

/* ---- the search screen ---- */

/* Builds the FTS5 query of search_fulltext() from the query's words. */
struct fulltext_query {
	struct buf match;
	struct buf seen; /* the terms so far, each NUL-terminated */
};

/* True if the term (a kind byte, the text and a NUL) is in seen. */
static bool
fulltext_seen(const struct buf *seen, const struct buf *key)
{
	size_t off = 0, len;

	while (off < seen->len) {
		len = strlen(seen->data + off) + 1;
		if (len == key->len && memcmp(seen->data + off, key->data,
		    len) == 0)
			return true;
		off += len;
	}
	return false;
}

static void
fulltext_word(void *arg, const struct word *w)
{
	struct fulltext_query *fq = arg;
	const char *t = w->stem;
	size_t len = w->stem_len, i, ncp = 0;
	bool prefix = w->last && w->partial;
	struct buf key = { 0 };

	if (prefix) {
		/* The word is still being typed: match what its stem and
		 * what was typed have in common, as a prefix. */
		t = w->folded;
		len = w->folded_len;
		if (w->stem != NULL) {
			for (i = 0; i < len && i < w->stem_len; i++)
				if (t[i] != w->stem[i])
					break;
			len = i;
		}
		while (len > 0 && ((unsigned char)t[len] & 0xC0) == 0x80)
			len--; /* not in the middle of a character */
		for (i = 0; i < len; i++)
			if (((unsigned char)t[i] & 0xC0) != 0x80)
				ncp++;
		if (ncp < 2)
			return;
	} else if (t == NULL)
		return;
	buf_addc(&key, prefix ? '*' : '=');
	buf_add(&key, t, len);
	buf_addc(&key, '\0');
	if (fulltext_seen(&fq->seen, &key)) {
		buf_free(&key);
		return;
	}
	buf_add(&fq->seen, key.data, key.len);
	buf_free(&key);
	if (fq->match.len > 0)
		buf_addc(&fq->match, ' ');
	fts_term(&fq->match, t, len, prefix);
}

/* Reads the rows of a fulltext statement into hits. */
static enum status
fulltext_rows(struct forum *f, sqlite3_stmt *st, struct search_hit **hits,
    size_t *n)
{
	size_t cap = 0;
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct search_hit *h;
		const unsigned char *t = sqlite3_column_text(st, 3);

		if (*n == cap) {
			cap = cap ? 2 * cap : 16;
			*hits = xreallocarray(*hits, cap, sizeof **hits);
		}
		h = &(*hits)[(*n)++];
		h->id = sqlite3_column_int64(st, 0);
		h->track_id = sqlite3_column_int64(st, 1);
		h->status = sqlite3_column_int(st, 2);
		h->score = 0;
		h->text = xstrdup(t ? (const char *)t : "");
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : forum_sqlerr(f, rc, _("search"));
}

/* The filter conditions, parameters ?2 track, ?3 addressee, ?4 status. */
#define FULLTEXT_FILTER                                                    \
	" p.deleted = 0 AND (?2 = 0 OR p.track_id = ?2) AND (?3 = 0 OR "   \
	"EXISTS (SELECT 1 FROM proposal_addressee l WHERE l.proposal_id = " \
	"p.id AND l.addressee_id = ?3 AND l.deleted = 0)) AND (?4 < 0 OR " \
	"p.status = ?4)"

enum status
search_fulltext(struct forum *f, const char *query,
    const struct search_filter *filter, size_t offset, size_t limit,
    struct search_hit **hits, size_t *n, size_t *total)
{
	static const struct search_filter any = { 0, 0, -1 };
	struct search_ctx *c = forum_search_ctx(f);
	struct fulltext_query fq = { { 0 }, { 0 } };
	sqlite3_stmt *rows, *count;
	enum status s = ST_OK;
	bool filtered;
	int rc;

	*hits = NULL;
	*n = 0;
	if (total != NULL)
		*total = 0;
	if (filter == NULL)
		filter = &any;
	filtered = filter->track_id != 0 || filter->addressee_id != 0 ||
	    filter->status >= 0;
	search_words(c, query, fulltext_word, &fq);
	if (fq.match.len > 0 && !filtered) {
		/* The index holds the live proposals only: rank and count
		 * there, and read the proposal table for one page. */
		rows = forum_stmt(f, "SELECT p.id, p.track_id, p.status, p.text "
		    "FROM (SELECT rowid AS id, rank AS r FROM proposal_search "
		    "WHERE proposal_search MATCH ?1 ORDER BY rank, rowid "
		    "LIMIT ?5 OFFSET ?6) s JOIN proposal p ON p.id = s.id "
		    "WHERE p.deleted = 0 ORDER BY s.r, s.id");
		count = forum_stmt(f, "SELECT count(*) FROM proposal_search "
		    "WHERE proposal_search MATCH ?1");
	} else if (fq.match.len > 0) {
		rows = forum_stmt(f, "SELECT p.id, p.track_id, p.status, p.text "
		    "FROM proposal_search JOIN proposal p ON p.id = "
		    "proposal_search.rowid WHERE proposal_search MATCH ?1 AND"
		    FULLTEXT_FILTER " ORDER BY proposal_search.rank, p.id "
		    "LIMIT ?5 OFFSET ?6");
		count = forum_stmt(f, "SELECT count(*) FROM proposal_search "
		    "JOIN proposal p ON p.id = proposal_search.rowid WHERE "
		    "proposal_search MATCH ?1 AND" FULLTEXT_FILTER);
	} else {
		rows = forum_stmt(f, "SELECT p.id, p.track_id, p.status, p.text "
		    "FROM proposal p WHERE" FULLTEXT_FILTER
		    " ORDER BY p.id LIMIT ?5 OFFSET ?6");
		/* Unfiltered, that is every indexed proposal (see df_begin()
		 * for why docsize). */
		count = filtered ? forum_stmt(f, "SELECT count(*) FROM "
		    "proposal p WHERE" FULLTEXT_FILTER) : forum_stmt(f,
		    "SELECT count(*) FROM proposal_search_docsize");
	}
	if (rows == NULL || count == NULL) {
		s = ST_DB;
		goto out;
	}
	if (limit > 0) {
		if (fq.match.len > 0)
			sqlite3_bind_text(rows, 1, buf_str(&fq.match), -1,
			    SQLITE_STATIC);
		if (filtered || fq.match.len == 0) {
			sqlite3_bind_int64(rows, 2, filter->track_id);
			sqlite3_bind_int64(rows, 3, filter->addressee_id);
			sqlite3_bind_int(rows, 4, filter->status);
		}
		sqlite3_bind_int64(rows, 5,
		    limit > INT64_MAX ? INT64_MAX : (int64_t)limit);
		sqlite3_bind_int64(rows, 6,
		    offset > INT64_MAX ? INT64_MAX : (int64_t)offset);
		s = fulltext_rows(f, rows, hits, n);
	}
	if (s == ST_OK && total != NULL) {
		if (fq.match.len > 0)
			sqlite3_bind_text(count, 1, buf_str(&fq.match), -1,
			    SQLITE_STATIC);
		if (filtered) {
			sqlite3_bind_int64(count, 2, filter->track_id);
			sqlite3_bind_int64(count, 3, filter->addressee_id);
			sqlite3_bind_int(count, 4, filter->status);
		}
		rc = sqlite3_step(count);
		if (rc == SQLITE_ROW)
			*total = (size_t)sqlite3_column_int64(count, 0);
		sqlite3_reset(count);
		if (rc != SQLITE_ROW)
			s = forum_sqlerr(f, rc, _("search"));
	}
out:
	if (s != ST_OK) {
		search_hits_free(*hits, *n);
		*hits = NULL;
		*n = 0;
	}
	buf_free(&fq.match);
	buf_free(&fq.seen);
	return s;
}

void
search_hits_free(struct search_hit *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].text);
	free(v);
}
