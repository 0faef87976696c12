/*
 * status.h: the model's error codes.  Every model function that can fail
 * returns one; the message table in status.c gives each its text, and the
 * forum keeps a detail string (forum_error()) for the last failure.
 */
#ifndef AGORA_STATUS_H
#define AGORA_STATUS_H

#include "i18n.h"

#define STATUS_CODES(_)                                                    \
	_(OK, N_("success"))                                                \
	_(NOTFOUND, N_("not found"))                                        \
	_(AMBIGUOUS, N_("ambiguous name"))                                  \
	_(INVALID, N_("invalid value"))                                     \
	_(NOTFORUM, N_("not an agora forum file"))                          \
	_(NEWER, N_("the file was written by a newer version of agora"))    \
	_(READONLY, N_("the file is read-only"))                            \
	_(EXISTS, N_("the file exists already"))                            \
	_(BUSY, N_("the file is busy"))                                     \
	_(CONFLICT, N_("changed since by another user"))                    \
	_(NOTHING, N_("nothing to do"))                                     \
	_(IO, N_("input/output error"))                                     \
	_(FULL, N_("the disk is full"))                                     \
	_(TOOBIG, N_("too large"))                                          \
	_(CORRUPT, N_("the file is damaged"))                               \
	_(DB, N_("database error"))

enum status {
#define STATUS_ENUM(name, text) ST_##name,
	STATUS_CODES(STATUS_ENUM)
#undef STATUS_ENUM
	ST__COUNT
};

/* The text of a code in the user's language (English in the C locale). */
const char *status_text(enum status st);

#endif
