/*
 * status.c: the message table for the model's error codes.
 */
#include "i18n.h"
#include "status.h"

static const char *const status_texts[] = {
#define STATUS_TEXT(name, text) text,
	STATUS_CODES(STATUS_TEXT)
#undef STATUS_TEXT
};

const char *
status_text(enum status st)
{
	if ((unsigned)st >= ST__COUNT)
		return _("unknown error");
	return _(status_texts[st]);
}
