/*
 * import_json.h: a JSON parser (RFC 8259) for import_json() (import.h) and
 * the fuzz harnesses.  The document becomes a tree in one arena; strings
 * are decoded to UTF-8.
 *
 * Refused, with "LINE:COLUMN: reason": anything but one JSON value with
 * whitespace around it (a UTF-8 byte order mark allowed), invalid UTF-8,
 * raw control characters in strings, "\u0000" (a text in the forum cannot
 * hold NUL), unpaired surrogates, nesting deeper than JSON_MAX_DEPTH, a
 * string longer than IMPORT_MAX_TEXT.  Numbers are kept as written;
 * json_int() reads the integers.  Of a key given twice, json_get() finds
 * the first.
 */
#ifndef AGORA_IMPORT_JSON_H
#define AGORA_IMPORT_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

#define JSON_MAX_DEPTH 64

enum json_type {
	JSON_NULL,
	JSON_FALSE,
	JSON_TRUE,
	JSON_NUMBER,
	JSON_STRING,
	JSON_ARRAY,
	JSON_OBJECT
};

struct json_member;

struct json_value {
	enum json_type type;
	size_t off; /* the byte where the value starts in the source */
	size_t len; /* STRING: bytes; ARRAY: items; OBJECT: members */
	union {
		const char *str; /* STRING: decoded, NUL-terminated;
		                  * NUMBER: the literal */
		struct json_value *items;
		struct json_member *members;
	} u;
};

struct json_member {
	const char *key; /* decoded, NUL-terminated */
	size_t keylen;
	struct json_value value;
};

struct json_arena;

struct json_doc {
	struct json_value root;
	struct json_arena *arena;
};

/* Parses len bytes at data.  Free *out with json_doc_free() (also after a
 * failure); *err (caller frees) says why it failed. */
enum status json_parse(const char *data, size_t len, struct json_doc *out,
    char **err);
void json_doc_free(struct json_doc *d);

/* The member key of object v, or NULL (also if v is not an object). */
const struct json_value *json_get(const struct json_value *v,
    const char *key);
/* True if v is an integer that fits in 64 bits; *out receives it. */
bool json_int(const struct json_value *v, int64_t *out);

#endif
