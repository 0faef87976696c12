/*
 * status.h: the model's error codes.  Every model function that can fail
 * returns one; the message table in status.c gives each its text, and the
 * forum keeps a detail string (forum_error()) for the last failure.
 */
#ifndef AGORA_STATUS_H
#define AGORA_STATUS_H

#define STATUS_CODES(_)                                                    \
	_(OK, "success")                                                     \
	_(NOTFOUND, "not found")                                             \
	_(AMBIGUOUS, "ambiguous name")                                       \
	_(INVALID, "invalid value")                                          \
	_(NOTFORUM, "not an agora forum file")                               \
	_(NEWER, "the file was written by a newer version of agora")         \
	_(READONLY, "the file is read-only")                                 \
	_(EXISTS, "the file exists already")                                 \
	_(BUSY, "the file is busy")                                          \
	_(CONFLICT, "changed since by another user")                         \
	_(NOTHING, "nothing to do")                                          \
	_(IO, "input/output error")                                          \
	_(FULL, "the disk is full")                                          \
	_(TOOBIG, "too large")                                               \
	_(CORRUPT, "the file is damaged")                                    \
	_(DB, "database error")

enum status {
#define STATUS_ENUM(name, text) ST_##name,
	STATUS_CODES(STATUS_ENUM)
#undef STATUS_ENUM
	ST__COUNT
};

/* The fixed English text of a code (the interface translates it). */
const char *status_text(enum status st);

#endif
