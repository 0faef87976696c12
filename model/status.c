/*
 * status.c: the message table for the model's error codes.
 */
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
		return "unknown error";
	return status_texts[st];
}
