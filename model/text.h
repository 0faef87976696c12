/*
 * text.h: UTF-8 and display width.  The one module that knows how wide a
 * string is on a terminal or in a monospaced text file, how to make any
 * bytes safe to show, and how to fold case for matching.  It never depends
 * on the process locale, so the interface, the exports and the tests agree.
 */
#ifndef AGORA_TEXT_H
#define AGORA_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

#define TEXT_REPLACEMENT 0xFFFDu

/*
 * Decodes one code point from s (at most len bytes) into *cp and returns the
 * number of bytes it used (1..4).  An invalid or truncated sequence, an
 * overlong form, a surrogate or a value above U+10FFFF gives
 * *cp = TEXT_REPLACEMENT and consumes exactly one byte.  len must be > 0.
 */
size_t text_decode(const char *s, size_t len, uint32_t *cp);

/* Appends the UTF-8 form of cp to b. */
void text_encode(struct buf *b, uint32_t cp);

/* True if s (len bytes) is entirely valid UTF-8. */
bool text_valid(const char *s, size_t len);

/*
 * Columns one code point takes: 0 for combining marks and zero-width
 * characters, 2 for East Asian wide and fullwidth characters and most
 * emoji, 1 otherwise.  Control characters report 1 here: callers draw them
 * only after text_sanitise(), which replaces them with visible forms.
 */
int text_cp_width(uint32_t cp);

/* Display width of the whole string (after sanitising, as it would be drawn). */
size_t text_width(const char *s, size_t len);

/*
 * What the sanitiser does, code point by code point, for drawing:
 *   - invalid bytes (see text_decode) become U+FFFD, one per byte;
 *   - C0 controls U+0000..U+001F become the Control Pictures U+2400 + c
 *     (ESC shows as U+241B), except '\n' and '\t' as the flags below say;
 *   - '\n' without TEXT_KEEP_NEWLINE becomes U+2424 (SYMBOL FOR NEWLINE);
 *   - '\t' without TEXT_KEEP_TAB becomes spaces up to the next multiple of 8
 *     columns, counted from the start of s or from the last kept newline;
 *   - DEL (U+007F) becomes U+2421;
 *   - C1 controls U+0080..U+009F become U+FFFD;
 *   - bidi controls become U+FFFD: U+061C, U+200E, U+200F, U+202A..U+202E,
 *     U+2066..U+2069;
 *   - U+2028 and U+2029 (line and paragraph separators) become U+FFFD;
 *   - U+FEFF becomes U+FFFD, except a byte order mark as the very first
 *     character of s, which is dropped.
 * Everything else, zero-width joiners and combining marks included, passes
 * through unchanged.
 */
#define TEXT_KEEP_NEWLINE 0x1u /* '\n' passes through (else shown as U+2424) */
#define TEXT_KEEP_TAB 0x2u     /* '\t' passes through (else expanded to spaces) */

/*
 * Appends to out a copy of s (len bytes) that is safe to write to a
 * terminal: valid UTF-8, no control sequences, tabs expanded to the next
 * multiple of 8 columns unless TEXT_KEEP_TAB.  Flags as above.
 */
void text_sanitise(struct buf *out, const char *s, size_t len, unsigned flags);

/*
 * Appends to out the longest prefix of s whose display width is at most
 * max columns, never splitting a character; if s is wider, the prefix is
 * followed by the marker (e.g. "…", counted in max) instead.  Writes the
 * width used to *used if not NULL.  s must already be sanitised.
 * A double-width character that would cross the edge is left out, so *used
 * may be max - 1.  If the marker alone is wider than max it is left out and
 * only the prefix that fits in max is written.  marker may be NULL.
 */
void text_cut(struct buf *out, const char *s, size_t len, size_t max,
    const char *marker, size_t *used);

/*
 * Word wrap: splits s (sanitised, no newlines) into lines of at most width
 * columns, breaking at spaces; a word wider than width is broken between
 * characters.  Runs of spaces at a break are dropped.  Calls line() for each
 * line with its bytes; first_width and width allow a first line of another
 * width (hanging indent and first-line indent).  width 0 means no wrapping.
 * Each line is a slice of s, valid only during the call.  Spaces at the
 * start of s are kept (indentation) if the first word fits after them;
 * trailing spaces are dropped.  An empty or all-space s gives exactly one
 * empty line.  first_width 0 means the same as width.  A line holds at least
 * one character, so a double-width character in a 1-column line exceeds it.
 * A '\n', should s hold one, ends the line there.
 */
typedef void (*text_line_fn)(void *ctx, const char *line, size_t len);
void text_wrap(const char *s, size_t len, size_t first_width, size_t width,
    text_line_fn line, void *ctx);

/*
 * Simple case folding for matching: Latin, Latin-1, Latin Extended-A,
 * Greek and Cyrillic upper case to lower case; 'ё' folds to 'е' (and 'Ё' to
 * 'е') when fold_yo is set.  Appends to out; invalid bytes become U+FFFD.
 */
void text_fold(struct buf *out, const char *s, size_t len, bool fold_yo);

/* Lower-cases the first character of s only (the same table as text_fold),
 * appending the result to out.  For "Расширить" -> "расширить". */
void text_lower_first(struct buf *out, const char *s, size_t len);

/* True if the code point is an upper-case letter in the text_fold table. */
bool text_is_upper(uint32_t cp);

#endif
