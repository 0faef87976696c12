/*
 * util.h: allocation wrappers that check for overflow, a growable byte
 * buffer, and the clock.  Allocation failure is the one condition the model
 * does not return as a code: like tmux's xmalloc.c, it aborts, since no
 * caller could do anything useful without memory.
 */
#ifndef AGORA_UTIL_H
#define AGORA_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
/* Resizes to nmemb * size bytes, aborting on overflow. */
void *xreallocarray(void *ptr, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a new string.  Caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/*
 * A growable byte buffer, always NUL-terminated once anything was added.
 * Zero-initialise ({0}) to start; buf_free() releases; buf_steal() hands the
 * string to the caller (who frees it) and resets the buffer.
 */
struct buf {
	char *data;
	size_t len;
	size_t cap;
};

void buf_add(struct buf *b, const void *data, size_t len);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
/* Appends n copies of byte c. */
void buf_addn(struct buf *b, char c, size_t n);
void buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void buf_reset(struct buf *b);
void buf_free(struct buf *b);
char *buf_steal(struct buf *b);
/* The contents as a string; "" for an empty buffer.  Owned by the buffer. */
const char *buf_str(const struct buf *b);

/*
 * Milliseconds since the epoch, UTC.  AGORA_NOW (seconds or an ISO date and
 * time) overrides the clock, for reproducible sample files and tests.
 */
int64_t clock_now_ms(void);

#endif
