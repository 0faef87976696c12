/*
 * finder.c: see finder.h.  The search functions are declared weak here so
 * that the interface links whether or not model/search.o is in the
 * library; once records.c indexes through search.c, search.o is always
 * linked and the real functions are used.
 */
#include <stdlib.h>
#include <string.h>

#include "../model/records.h"
#include "../model/text.h"
#include "../model/util.h"
#include "finder.h"
#include "rows.h"

#pragma weak search_similar
#pragma weak search_hits_free
#pragma weak search_fulltext

bool
finder_real(void)
{
	return search_similar != NULL && search_hits_free != NULL;
}

void
finder_hits_free(struct search_hit *v, size_t n)
{
	size_t i;

	if (finder_real()) {
		search_hits_free(v, n);
		return;
	}
	for (i = 0; i < n; i++)
		free(v[i].text);
	free(v);
}

/* The fallback: proposals containing the text's longest word. */
static enum status
finder_like(struct forum *f, const char *text, int64_t exclude_id,
    size_t limit, struct search_hit **hits, size_t *n)
{
	struct pfilter q = {0, 0, 0, -1, NULL};
	struct prow *rows = NULL;
	size_t nrows = 0, i, best = 0, len;
	const char *p = text, *w = NULL;
	char *word;
	enum status st;

	*hits = NULL;
	*n = 0;
	while (*p != '\0') {
		while (*p == ' ' || *p == '\n')
			p++;
		len = strcspn(p, " \n,.;:!?«»()");
		if (len > best) {
			best = len;
			w = p;
		}
		p += len;
		if (*p != '\0')
			p++;
	}
	if (w == NULL || best < 8) /* about four Cyrillic letters */
		return ST_OK;
	word = xstrndup(w, best - 2 > 6 ? best - 2 : best);
	q.words = word;
	st = rows_page(f, &q, 0, limit + 1, &rows, &nrows);
	for (i = 0; st == ST_OK && i < nrows && *n < limit; i++) {
		if (rows[i].id == exclude_id)
			continue;
		*hits = xreallocarray(*hits, *n + 1, sizeof **hits);
		(*hits)[*n].id = rows[i].id;
		(*hits)[*n].track_id = rows[i].track_id;
		(*hits)[*n].status = rows[i].status;
		(*hits)[*n].score = 0;
		(*hits)[*n].text = xstrdup(rows[i].text);
		(*n)++;
	}
	prow_free(rows, nrows);
	free(word);
	return st;
}

enum status
finder_similar(struct forum *f, const char *text, int64_t exclude_id,
    size_t limit, struct search_hit **hits, size_t *n)
{
	if (finder_real())
		return search_similar(f, text, exclude_id, limit, hits, n);
	return finder_like(f, text, exclude_id, limit, hits, n);
}

enum status
finder_fulltext(struct forum *f, const char *query,
    const struct search_filter *filter, size_t offset, size_t limit,
    struct search_hit **hits, size_t *n, size_t *total)
{
	struct pfilter q = {filter->track_id, 0, filter->addressee_id,
	    filter->status, query};
	struct prow *rows = NULL;
	size_t nrows = 0, i;
	enum status st;

	if (finder_real() && search_fulltext != NULL)
		return search_fulltext(f, query, filter, offset, limit, hits,
		    n, total);
	*hits = NULL;
	*n = 0;
	if ((st = rows_count(f, &q, total)) != ST_OK)
		return st;
	if ((st = rows_page(f, &q, offset, limit, &rows, &nrows)) != ST_OK)
		return st;
	*hits = xcalloc(nrows + 1, sizeof **hits);
	for (i = 0; i < nrows; i++) {
		(*hits)[i].id = rows[i].id;
		(*hits)[i].track_id = rows[i].track_id;
		(*hits)[i].status = rows[i].status;
		(*hits)[i].text = xstrdup(rows[i].text);
	}
	*n = nrows;
	prow_free(rows, nrows);
	return ST_OK;
}
