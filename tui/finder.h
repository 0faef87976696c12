/*
 * finder.h: the interface's door to model/search.h.  While model/search.c
 * is not yet in the library, a plain LIKE fallback answers instead (no
 * stemming, no ranking); the fallback goes as soon as search.c lands.
 */
#ifndef AGORA_TUI_FINDER_H
#define AGORA_TUI_FINDER_H

#include "../model/search.h"

/* search_similar(), or a crude fallback.  Caller frees with
 * finder_hits_free(). */
enum status finder_similar(struct forum *f, const char *text,
    int64_t exclude_id, size_t limit, struct search_hit **hits, size_t *n);
void finder_hits_free(struct search_hit *v, size_t n);
/* search_fulltext(), or a LIKE fallback (total always set). */
enum status finder_fulltext(struct forum *f, const char *query,
    const struct search_filter *filter, size_t offset, size_t limit,
    struct search_hit **hits, size_t *n, size_t *total);
/* True if the real, stemmed search is linked in. */
bool finder_real(void);

#endif
