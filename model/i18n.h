/*
 * i18n.h: the messages of the interface and the command line in the
 * user's language (gettext, catalogs in po/; the text domain "agora" is
 * bound in cli/main.c).  gettext is part of the C library, so model/ may
 * use it too: its error messages reach users.
 *
 *   _("text")          the translation of text (the English itself in an
 *                      English or C locale, or when no catalog is found)
 *   N_("text")         marks text for the catalog where a call cannot
 *                      stand (a static table); translate it with _() where
 *                      it is shown
 *   P_("%d item", "%d items", n)   the form for the count n (Russian has
 *                      three: 1 предложение, 2 предложения, 5 предложений)
 *
 * What is never translated: the resolution's own Russian text, SQL, file
 * formats and the column names of exports.
 */
#ifndef AGORA_I18N_H
#define AGORA_I18N_H

#include <libintl.h>
#include <stddef.h>

/* The name every gettext program gives it, though a leading underscore
 * is reserved to the implementation: glibc defines no _ of its own.
 * NOLINTNEXTLINE(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp) */
#define _(s) gettext(s)
#define N_(s) (s)
#define P_(s, p, n) ngettext(s, p, (unsigned long)(n))

/*
 * The translation of a text marked N_() where it was stored (an undo
 * label read back from the file, an entry of a table).  NULL and "" come
 * back as they are: gettext("") would give the catalog's header.
 */
static inline const char *
i18n_text(const char *s)
{
	return s == NULL || *s == '\0' ? s : gettext(s);
}

#endif
