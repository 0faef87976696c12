/*
 * json.c: the whole forum as JSON, the form that `agora import` reads back
 * (docs/json-schema.md is the schema, versioned).
 *
 * Every record of every kind, tombstones and revisions included, the undo
 * log left out; references between records by UUID.  The document is
 * written as the records are read (model/table.h, table_walk()), one
 * record a line, so memory does not grow with the forum.  The same records
 * give the same bytes: the keys come in a fixed order, the records in an
 * order that depends only on what they hold, and the one time the file
 * states of its own, "exported", follows --date or SOURCE_DATE_EPOCH.
 *
 * Strings are always valid UTF-8: bytes that are not (old data) become
 * U+FFFD, which is the one change the export makes to what the file holds.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "../model/i18n.h"
#include "../model/table.h"
#include "../model/text.h"
#include "../model/util.h"
#include "export.h"
#include "package.h"

#define JSON_FORMAT "agora-forum"
#define JSON_VERSION 1

void
json_escape(struct buf *out, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0, good = 0, n;
	uint32_t cp;

	buf_addc(out, '"');
	/* s[good, i) needs no escape, and goes out in one piece. */
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		const char *esc = NULL;

		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
			i++;
			continue;
		}
		n = text_decode(s + i, len - i, &cp);
		switch (cp) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		case '\b': esc = "\\b"; break;
		case '\f': esc = "\\f"; break;
		/* Line ends to JavaScript, though not to JSON. */
		case 0x2028: esc = "\\u2028"; break;
		case 0x2029: esc = "\\u2029"; break;
		default:
			break;
		}
		if (esc == NULL && cp >= 0x20 && cp != 0x7f &&
		    !(cp == TEXT_REPLACEMENT && n == 1)) {
			i += n; /* a character as it is */
			continue;
		}
		buf_add(out, s + good, i - good);
		if (esc != NULL)
			buf_adds(out, esc);
		else if (cp == TEXT_REPLACEMENT)
			text_encode(out, TEXT_REPLACEMENT); /* an invalid byte */
		else {
			buf_adds(out, "\\u00");
			buf_addc(out, hex[cp >> 4]);
			buf_addc(out, hex[cp & 0xf]);
		}
		i += n;
		good = i;
	}
	buf_add(out, s + good, i - good);
	buf_addc(out, '"');
}

struct json {
	FILE *out;
	struct buf b;
	size_t nrecords; /* in the current kind */
	bool single;     /* the current kind is one record, not a list */
	const struct export_options *o; /* for its progress callback */
	uint64_t records; /* of every kind so far */
};

/* Writes what b holds. */
static enum status
json_flush(struct json *j)
{
	if (j->b.len > 0 &&
	    fwrite(j->b.data, 1, j->b.len, j->out) != j->b.len) {
		if (errno == 0)
			errno = EIO;
		return ST_IO;
	}
	buf_reset(&j->b);
	return ST_OK;
}

static enum status
json_kind_begin(void *ctx, const char *kind, bool single)
{
	struct json *j = ctx;

	buf_adds(&j->b, ",\n  ");
	json_escape(&j->b, kind, strlen(kind));
	buf_adds(&j->b, single ? ": " : ": [");
	j->nrecords = 0;
	j->single = single;
	return ST_OK;
}

static enum status
json_record(void *ctx, const struct field *fd, size_t n)
{
	struct json *j = ctx;
	size_t i;

	if (j->single && j->nrecords > 0)
		return ST_OK; /* one record only (table_walk() gives one) */
	if (!j->single)
		buf_adds(&j->b, j->nrecords > 0 ? ",\n    " : "\n    ");
	j->nrecords++;
	export_progress_rows(j->o, ++j->records);
	buf_addc(&j->b, '{');
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_addc(&j->b, ',');
		json_escape(&j->b, fd[i].name, strlen(fd[i].name));
		buf_addc(&j->b, ':');
		switch (fd[i].type) {
		case FIELD_TEXT:
			json_escape(&j->b, fd[i].text, fd[i].len);
			break;
		case FIELD_REF:
			if (fd[i].null)
				buf_adds(&j->b, "null");
			else
				json_escape(&j->b, fd[i].text, fd[i].len);
			break;
		case FIELD_INT:
			buf_printf(&j->b, "%" PRId64, fd[i].num);
			break;
		case FIELD_BOOL:
			buf_adds(&j->b, fd[i].num ? "true" : "false");
			break;
		case FIELD_TIME:
			/* Milliseconds, then the same as ISO: "created_iso"
			 * (the names are table.c's own, plain ASCII). */
			buf_printf(&j->b, "%" PRId64 ",\"%s_iso\":\"",
			    fd[i].num, fd[i].name);
			table_iso_time(&j->b, fd[i].num);
			buf_addc(&j->b, '"');
			break;
		}
	}
	buf_addc(&j->b, '}');
	/* A record at a time: the document never waits whole in memory. */
	return j->b.len >= 65536 ? json_flush(j) : ST_OK;
}

static enum status
json_kind_end(void *ctx, const char *kind, bool single)
{
	struct json *j = ctx;

	(void)kind;
	if (single) {
		if (j->nrecords == 0)
			buf_adds(&j->b, "null");
	} else
		buf_adds(&j->b, j->nrecords > 0 ? "\n  ]" : "]");
	return json_flush(j);
}

static enum status
json_write(struct forum *f, const struct resolution *r,
    const struct export_options *o, FILE *out)
{
	struct json j = { .out = out, .o = o };
	struct table_walker w = {
		.kind_begin = json_kind_begin,
		.record = json_record,
		.kind_end = json_kind_end,
		.ctx = &j,
	};
	const char *copy = forum_copy_id(f);
	int64_t now = package_time(o) * 1000;
	enum status st;

	(void)r;
	buf_printf(&j.b, "{\n  \"format\": \"%s\",\n  \"version\": %d,\n",
	    JSON_FORMAT, JSON_VERSION);
	buf_printf(&j.b, "  \"exported\": %" PRId64 ",\n  \"exported_iso\": ",
	    now);
	buf_addc(&j.b, '"');
	table_iso_time(&j.b, now);
	buf_adds(&j.b, "\",\n  \"copy\": ");
	json_escape(&j.b, copy, strlen(copy));
	st = table_walk(f, &w);
	if (st == ST_OK) {
		buf_adds(&j.b, "\n}\n");
		st = json_flush(&j);
	}
	buf_free(&j.b);
	if (st == ST_OK && ferror(out))
		st = ST_IO;
	return st;
}

const struct export_format export_json = {
	.name = "json",
	.extensions = "json",
	.summary = N_("the whole forum, every record (docs/json-schema.md)"),
	.write = json_write,
	.table = true,
};
