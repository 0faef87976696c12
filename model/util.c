/*
 * util.c: checked allocation, the growable buffer and the clock.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util.h"

/* Out of memory: nothing sensible can follow, so say so and abort. */
static void
util_oom(void)
{
	fputs("agora: out of memory\n", stderr);
	abort();
}

void *
xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (p == NULL)
		util_oom();
	return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (p == NULL)
		util_oom();
	return p;
}

void *
xreallocarray(void *ptr, size_t nmemb, size_t size)
{
	void *p;

	if (size != 0 && nmemb > SIZE_MAX / size)
		util_oom();
	p = realloc(ptr, nmemb * size != 0 ? nmemb * size : 1);
	if (p == NULL)
		util_oom();
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xvasprintf(const char *fmt, va_list ap)
{
	va_list ap2;
	int n;
	char *p;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		util_oom();
	p = xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}

/* Makes room for need more bytes and the terminating NUL. */
static void
buf_grow(struct buf *b, size_t need)
{
	size_t cap;

	if (need > SIZE_MAX - b->len - 1)
		util_oom();
	if (b->len + need + 1 <= b->cap)
		return;
	cap = b->cap ? b->cap : 64;
	while (cap < b->len + need + 1)
		cap = cap > SIZE_MAX / 2 ? b->len + need + 1 : cap * 2;
	b->data = xreallocarray(b->data, cap, 1);
	b->cap = cap;
}

void
buf_add(struct buf *b, const void *data, size_t len)
{
	buf_grow(b, len);
	if (len > 0)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_addc(struct buf *b, char c)
{
	buf_grow(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

void
buf_addn(struct buf *b, char c, size_t n)
{
	buf_grow(b, n);
	memset(b->data + b->len, c, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	buf_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

void
buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

char *
buf_steal(struct buf *b)
{
	char *s = b->data ? b->data : xstrdup("");

	b->data = NULL;
	b->len = b->cap = 0;
	return s;
}

const char *
buf_str(const struct buf *b)
{
	return b->data ? b->data : "";
}

/*
 * Reads "YYYY-MM-DD" and an optional "THH:MM:SS" at s into tm's fields as
 * written (year and month not yet offset); returns how many fields it read.
 */
static int
clock_parse(const char *s, struct tm *tm)
{
	static const char seps[] = "--T::";
	int *const field[] = { &tm->tm_year, &tm->tm_mon, &tm->tm_mday,
	    &tm->tm_hour, &tm->tm_min, &tm->tm_sec };
	char *end;
	long v;
	int i;

	for (i = 0; i < 6; i++) {
		if (i > 0 && *s++ != seps[i - 1])
			break;
		errno = 0;
		v = strtol(s, &end, 10);
		if (end == s || errno != 0 || v < INT_MIN || v > INT_MAX)
			break;
		*field[i] = (int)v;
		s = end;
	}
	return i;
}

/*
 * AGORA_NOW is either whole seconds since the epoch or an ISO date with an
 * optional time ("2018-01-30" or "2018-01-30T12:00:00"), read as UTC.  Each
 * call then returns a strictly later millisecond, so that records made in a
 * burst keep their order.
 */
int64_t
clock_now_ms(void)
{
	static int64_t fixed = -1, last;
	const char *env = getenv("AGORA_NOW");
	struct timespec ts;

	if (env != NULL && *env != '\0') {
		if (fixed < 0) {
			struct tm tm = {0};
			char *end;
			long long v;

			errno = 0;
			v = strtoll(env, &end, 10);
			if (*end == '\0' && errno == 0)
				fixed = (int64_t)v * 1000;
			else {
				if (clock_parse(env, &tm) < 3)
					fixed = 0;
				else {
					tm.tm_year -= 1900;
					tm.tm_mon -= 1;
					fixed = (int64_t)timegm(&tm) * 1000;
				}
			}
			last = fixed;
		}
		return last++;
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
