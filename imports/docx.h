/*
 * docx.h: the paragraphs of a Word document (DOCX), for the import of an
 * earlier resolution (model/import.h, import_paragraphs()).
 *
 * This is the one part of the import outside model/: a DOCX file is a ZIP
 * package, and model/ uses SQLite, libuuid and libc only (HACKING.md), so
 * reading the package (libzip) lives here, in imports/, as writing one
 * lives in exports/.  What it hands over is plain text, a paragraph at a
 * time; recognising the resolution in it is the model's (import_text.h).
 */
#ifndef AGORA_IMPORTS_DOCX_H
#define AGORA_IMPORTS_DOCX_H

#include <stddef.h>

#include "../model/import.h"

/* The largest part read from a package, uncompressed. */
#define DOCX_MAX_PART ((size_t)256 << 20)

/*
 * Reads the DOCX package of len bytes at data: the main document part
 * (found through _rels/.rels, else word/document.xml), with numbering.xml
 * and styles.xml beside it when they are there.  Each w:p becomes a
 * paragraph: the text of its w:t runs, w:tab as a tab, w:br and w:cr as a
 * line break; deleted text (w:delText), field codes, text boxes and the
 * fallbacks of alternate content are left out.  A paragraph numbered by
 * Word (w:numPr, its own or its style's) gets its number as Word shows
 * it, reconstructed from numbering.xml: the counters of each list and
 * level, w:start and w:startOverride, the level text ("%1.%2.") in the
 * level's format (decimal, letters, Roman; bullets and "none" give no
 * number), then a space.  The paragraphs' line is their position in the
 * document, counting from 1.
 *
 * *out (free with docx_paras_free()) holds n paragraphs; ST_INVALID, or
 * ST_TOOBIG past DOCX_MAX_PART, with *err (caller frees) saying why: not a
 * ZIP archive, no document part, XML that is not well-formed, text that is
 * not UTF-8.
 */
enum status docx_read(const char *data, size_t len, struct import_para **out,
    size_t *n, char **err);
void docx_paras_free(struct import_para *p, size_t n);

#endif
