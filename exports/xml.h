/*
 * xml.h: text made safe for XML 1.0 (and HTML): the markup characters
 * become references and every character XML 1.0 forbids becomes U+FFFD.
 * Shared by the exporters that write XML or HTML.
 */
#ifndef AGORA_XML_H
#define AGORA_XML_H

#include <stddef.h>

#include "../model/util.h"

/*
 * Appends s (len bytes, any bytes at all) to out, safe both as element
 * content and as a quoted attribute value:
 *   - '&' '<' '>' '"' '\'' become &amp; &lt; &gt; &quot; &#39;
 *     (so "]]>" can never close anything);
 *   - '\r' becomes &#13; so that a parser's line-end normalisation keeps it;
 *   - tab and newline pass through;
 *   - what XML 1.0 forbids becomes U+FFFD: the other C0 controls, U+FFFE
 *     and U+FFFF, and bytes that are not valid UTF-8 (one U+FFFD per byte,
 *     as text_decode() reads them; surrogates and overlong forms included).
 * The output is always valid UTF-8.
 */
void xml_escape(struct buf *out, const char *s, size_t len);

/* xml_escape() of a NUL-terminated string; NULL appends nothing. */
void xml_escapes(struct buf *out, const char *s);

#endif
