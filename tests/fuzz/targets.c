/*
 * targets.c: the fuzz targets of the import readers, included by the
 * libFuzzer harness (fuzz.c, `make fuzz`) and by the corpus replay
 * (tests/unit/test_import_fuzz.c, `make test`), so that both run the same
 * code.  Each target parses an input from a buffer into its parse tree,
 * no forum involved, and checks the properties:
 *
 *   - no crash, no leak, no undefined behaviour (the sanitizers);
 *   - a rejected input comes with a message, an accepted one gives text
 *     that is valid UTF-8 without NUL bytes, everywhere in the tree;
 *   - CSV: parse(serialise(parse(x))) = parse(x): the same separator,
 *     rows and fields;
 *   - JSON: every number json_int() reads back as an integer prints as
 *     the literal it came from (without a leading '-' for 0);
 *   - DOCX: the input is the main document part of a package made here
 *     (with a fixed numbering part), read by imports/docx.c: its
 *     paragraphs are valid UTF-8 text, and read on as a resolution.
 *
 * A target returns NULL when the properties hold, else what failed (a
 * static string): the harness aborts with it, the replay fails the test.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "../../imports/docx.h"
#include "../../model/import.h"
#include "../../model/import_csv.h"
#include "../../model/import_json.h"
#include "../../model/import_text.h"
#include "../../model/text.h"
#include "../../model/util.h"

const char *fuzz_csv(const uint8_t *data, size_t size);
const char *fuzz_text(const uint8_t *data, size_t size);
const char *fuzz_json(const uint8_t *data, size_t size);
const char *fuzz_docx(const uint8_t *data, size_t size);

/* True if s (len bytes) is valid UTF-8 and holds no NUL. */
static int
fuzz_good_text(const char *s, size_t len)
{
	return s != NULL && text_valid(s, len) && memchr(s, '\0', len) == NULL;
}

static int
fuzz_good_str(const char *s)
{
	return s != NULL && fuzz_good_text(s, strlen(s));
}

/* True if the two tables have the same separator, rows and fields. */
static int
fuzz_csv_same(const struct csv_table *a, const struct csv_table *b)
{
	size_t i, j;

	if (a->sep != b->sep || a->nrows != b->nrows)
		return 0;
	for (i = 0; i < a->nrows; i++) {
		if (a->rows[i].n != b->rows[i].n)
			return 0;
		for (j = 0; j < a->rows[i].n; j++) {
			const struct csv_field *x = &a->rows[i].fields[j];
			const struct csv_field *y = &b->rows[i].fields[j];

			if (x->len != y->len ||
			    memcmp(x->text, y->text, x->len) != 0)
				return 0;
		}
	}
	return 1;
}

const char *
fuzz_csv(const uint8_t *data, size_t size)
{
	struct csv_table t, u;
	struct buf b = {0};
	const char *why = NULL;
	char *err = NULL;
	size_t i, j;

	if (csv_parse((const char *)data, size, &t, &err) != ST_OK) {
		why = err == NULL || *err == '\0' ? "csv: failed without a "
		    "message" : NULL;
		free(err);
		csv_table_free(&t);
		return why;
	}
	for (i = 0; i < t.nrows && why == NULL; i++)
		for (j = 0; j < t.rows[i].n && why == NULL; j++)
			if (!fuzz_good_text(t.rows[i].fields[j].text,
			    t.rows[i].fields[j].len) ||
			    t.rows[i].fields[j].text[t.rows[i].fields[j].len] !=
			    '\0')
				why = "csv: a field is not valid UTF-8 text";
	if (why == NULL) {
		csv_serialise(&t, &b);
		if (csv_parse(b.data ? b.data : "", b.len, &u, &err) != ST_OK)
			why = "csv: the serialised table does not parse";
		else if (!fuzz_csv_same(&t, &u))
			why = "csv: parse(serialise(parse(x))) != parse(x)";
		free(err);
		csv_table_free(&u);
	}
	buf_free(&b);
	csv_table_free(&t);
	return why;
}

static const char *
fuzz_text_doc(const struct restext_doc *d)
{
	const struct restext_list *lists[] = { &d->opening, &d->groups,
		&d->themes, &d->closing };
	size_t i, j;

	if (!fuzz_good_str(d->title) || !fuzz_good_str(d->city) ||
	    !fuzz_good_str(d->date) || !fuzz_good_str(d->lead_in) ||
	    (d->participants_intro && !fuzz_good_str(d->participants_intro)) ||
	    (d->themes_intro && !fuzz_good_str(d->themes_intro)))
		return "text: a part is not valid UTF-8 text";
	if (*d->date != '\0' && strlen(d->date) != 10)
		return "text: a date that is not YYYY-MM-DD";
	for (i = 0; i < sizeof lists / sizeof lists[0]; i++)
		for (j = 0; j < lists[i]->n; j++)
			if (!fuzz_good_str(lists[i]->items[j]))
				return "text: a paragraph is not valid UTF-8";
	for (i = 0; i < d->nsections; i++) {
		if (!fuzz_good_str(d->sections[i].heading) ||
		    *d->sections[i].heading == '\0')
			return "text: a heading is empty or not UTF-8";
		for (j = 0; j < d->sections[i].nitems; j++) {
			const char *t = d->sections[i].items[j].text;
			char *u;

			if (!fuzz_good_str(t) || *t == '\0')
				return "text: an item is empty or not UTF-8";
			/* Unrecommending must give text that gives it back. */
			if ((u = restext_unrecommend(t)) != NULL) {
				int ok = fuzz_good_str(u);

				free(u);
				if (!ok)
					return "text: unrecommended text is not "
					    "UTF-8";
			}
		}
	}
	for (i = 0; i < d->notes.nmsgs; i++)
		if (!fuzz_good_str(d->notes.msgs[i].text))
			return "text: a message is not valid UTF-8";
	return NULL;
}

const char *
fuzz_text(const uint8_t *data, size_t size)
{
	struct restext_doc d;
	struct import_para *p = NULL;
	const char *why = NULL;
	char *err = NULL;
	size_t n = 0, i, start;

	/* As plain text. */
	if (restext_parse((const char *)data, size, &d, &err) != ST_OK) {
		if (err == NULL || *err == '\0')
			why = "text: failed without a message";
	} else
		why = fuzz_text_doc(&d);
	free(err);
	err = NULL;
	restext_doc_free(&d);
	if (why != NULL)
		return why;
	/* As a document's paragraphs: each line one, when it is text. */
	if (size == 0 || import_check_text((const char *)data, size, 0, &start,
	    &err) != ST_OK) {
		free(err);
		return NULL;
	}
	for (i = start; i <= size; i++) {
		size_t from = i;

		while (i < size && data[i] != '\n')
			i++;
		p = xreallocarray(p, n + 1, sizeof *p);
		p[n].text = (const char *)data + from;
		p[n].len = i - from;
		p[n].line = (int64_t)n + 1;
		n++;
	}
	if (restext_parse_paras(p, n, &d, &err) != ST_OK) {
		if (err == NULL || *err == '\0')
			why = "text: paragraphs failed without a message";
	} else
		why = fuzz_text_doc(&d);
	free(err);
	restext_doc_free(&d);
	free(p);
	return why;
}

/* Checks a JSON tree. */
static const char *
fuzz_json_value(const struct json_value *v, int depth)
{
	const char *why;
	char lit[32];
	int64_t x;
	size_t i;

	if (depth > JSON_MAX_DEPTH + 1)
		return "json: deeper than the limit";
	switch (v->type) {
	case JSON_STRING:
		if (!fuzz_good_text(v->u.str, v->len) || v->u.str[v->len] != '\0')
			return "json: a string is not valid UTF-8 text";
		return NULL;
	case JSON_NUMBER:
		if (json_int(v, &x)) {
			snprintf(lit, sizeof lit, "%lld", (long long)x);
			if (strcmp(lit, v->u.str) != 0 &&
			    !(x == 0 && strcmp(v->u.str, "-0") == 0))
				return "json: an integer reads back otherwise";
		}
		return NULL;
	case JSON_ARRAY:
		for (i = 0; i < v->len; i++)
			if ((why = fuzz_json_value(&v->u.items[i], depth + 1)))
				return why;
		return NULL;
	case JSON_OBJECT:
		for (i = 0; i < v->len; i++) {
			if (!fuzz_good_text(v->u.members[i].key,
			    v->u.members[i].keylen))
				return "json: a key is not valid UTF-8 text";
			if ((why = fuzz_json_value(&v->u.members[i].value,
			    depth + 1)))
				return why;
		}
		return NULL;
	default:
		return NULL;
	}
}

const char *
fuzz_json(const uint8_t *data, size_t size)
{
	struct json_doc d;
	const char *why = NULL;
	char *err = NULL;

	if (json_parse((const char *)data, size, &d, &err) != ST_OK) {
		if (err == NULL || *err == '\0')
			why = "json: failed without a message";
	} else
		why = fuzz_json_value(&d.root, 0);
	free(err);
	json_doc_free(&d);
	return why;
}

/* The numbering part of the packages fuzz_docx() makes: two levels. */
static const char fuzz_numbering[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<w:numbering xmlns:w=\"http://schemas.openxmlformats.org/"
    "wordprocessingml/2006/main\"><w:abstractNum w:abstractNumId=\"0\">"
    "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/>"
    "<w:lvlText w:val=\"%1.\"/></w:lvl><w:lvl w:ilvl=\"1\"><w:numFmt "
    "w:val=\"lowerRoman\"/><w:lvlText w:val=\"%1.%2.\"/></w:lvl>"
    "<w:lvl w:ilvl=\"2\"><w:numFmt w:val=\"russianUpper\"/>"
    "<w:lvlText w:val=\"%3)\"/></w:lvl></w:abstractNum>"
    "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>"
    "<w:num w:numId=\"2\"><w:abstractNumId w:val=\"0\"/><w:lvlOverride "
    "w:ilvl=\"0\"><w:startOverride w:val=\"5\"/></w:lvlOverride></w:num>"
    "</w:numbering>";

/* A package holding the parts, stored uncompressed, into out. */
static int
fuzz_package(const uint8_t *doc, size_t size, struct buf *out)
{
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, NULL), *part;
	zip_t *z;
	zip_stat_t zs;
	char chunk[65536];
	zip_int64_t got, i;

	if (src == NULL)
		return 0;
	zip_source_keep(src);
	if ((z = zip_open_from_source(src, ZIP_TRUNCATE, NULL)) == NULL) {
		zip_source_free(src);
		return 0;
	}
	part = zip_source_buffer(z, size ? doc : (const uint8_t *)"", size, 0);
	if (part == NULL || (i = zip_file_add(z, "word/document.xml", part,
	    0)) < 0 || zip_set_file_compression(z, (zip_uint64_t)i,
	    ZIP_CM_STORE, 0) != 0)
		goto fail;
	part = zip_source_buffer(z, fuzz_numbering, sizeof fuzz_numbering - 1,
	    0);
	if (part == NULL || (i = zip_file_add(z, "word/numbering.xml", part,
	    0)) < 0 || zip_set_file_compression(z, (zip_uint64_t)i,
	    ZIP_CM_STORE, 0) != 0)
		goto fail;
	if (zip_close(z) != 0)
		goto fail;
	if (zip_source_stat(src, &zs) != 0 || zip_source_open(src) != 0) {
		zip_source_free(src);
		return 0;
	}
	while ((got = zip_source_read(src, chunk, sizeof chunk)) > 0)
		buf_add(out, chunk, (size_t)got);
	zip_source_close(src);
	zip_source_free(src);
	return 1;
fail:
	zip_discard(z);
	zip_source_free(src);
	return 0;
}

const char *
fuzz_docx(const uint8_t *data, size_t size)
{
	struct import_para *p = NULL;
	struct restext_doc d;
	struct buf pkg = {0};
	const char *why = NULL;
	char *err = NULL;
	size_t n = 0, i;

	if (!fuzz_package(data, size, &pkg)) {
		buf_free(&pkg);
		return NULL; /* libzip's trouble, not the reader's */
	}
	if (docx_read(pkg.data, pkg.len, &p, &n, &err) != ST_OK) {
		if (err == NULL || *err == '\0')
			why = "docx: failed without a message";
		free(err);
		buf_free(&pkg);
		return why;
	}
	for (i = 0; i < n && why == NULL; i++)
		if (!fuzz_good_text(p[i].text, p[i].len))
			why = "docx: a paragraph is not valid UTF-8 text";
	if (why == NULL) {
		if (restext_parse_paras(p, n, &d, &err) == ST_OK)
			why = fuzz_text_doc(&d);
		free(err);
		restext_doc_free(&d);
	}
	docx_paras_free(p, n);
	buf_free(&pkg);
	return why;
}
