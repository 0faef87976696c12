/*
 * xml.c: escaping for XML 1.0 text and attribute values.
 *
 * XML 1.0 allows tab, newline, carriage return, U+0020..U+D7FF,
 * U+E000..U+FFFD and U+10000..U+10FFFF; a document with anything else is
 * not well-formed and readers (Word among them) refuse the whole file.  The
 * data may hold such characters: a control pasted from a web page, or
 * invalid UTF-8 in an old file.  They become U+FFFD, so that the file
 * still opens and the reader sees where something was lost.
 */
#include <string.h>

#include "../model/text.h"
#include "xml.h"

void
xml_escape(struct buf *out, const char *s, size_t len)
{
	size_t i = 0, run = 0;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		const char *rep = NULL;
		uint32_t cp;
		size_t n;

		/* Plain ASCII runs are copied in one piece. */
		if (c >= 0x20 && c < 0x80 && c != '&' && c != '<' && c != '>' &&
		    c != '"' && c != '\'') {
			i++;
			run++;
			continue;
		}
		if (c == '\t' || c == '\n') {
			i++;
			run++;
			continue;
		}
		buf_add(out, s + i - run, run);
		run = 0;
		switch (c) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		case '\r': rep = "&#13;"; break;
		default: break;
		}
		if (rep != NULL) {
			buf_adds(out, rep);
			i++;
			continue;
		}
		if (c < 0x20) {
			text_encode(out, TEXT_REPLACEMENT);
			i++;
			continue;
		}
		n = text_decode(s + i, len - i, &cp);
		if (cp == 0xFFFEu || cp == 0xFFFFu || cp == TEXT_REPLACEMENT)
			text_encode(out, TEXT_REPLACEMENT);
		else
			buf_add(out, s + i, n);
		i += n;
	}
	buf_add(out, s + i - run, run);
}

void
xml_escapes(struct buf *out, const char *s)
{
	if (s != NULL)
		xml_escape(out, s, strlen(s));
}
