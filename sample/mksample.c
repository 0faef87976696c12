/*
 * mksample: builds a forum file from its readable source.
 *
 *	mksample SOURCE OUT
 *
 * SOURCE (sample/forum.txt) is UTF-8, one record a line.  Blank lines and
 * lines whose first non-blank character is '#' are skipped; every other
 * line is "directive: value" or "directive KEY: value":
 *
 *	forum.FIELD: value          title, resolution_title, city, start_date,
 *	                            end_date, doc_date, participants_intro,
 *	                            themes_intro, lead_in; final: yes|no
 *	opening: text               a paragraph before the participant groups
 *	group: text                 a participant group
 *	closing: text               a paragraph after the key themes
 *	track KEY: label | moderator | title
 *	session KEY: track | title | date | HH:MM | room | planned|open|closed
 *	addressee KEY: label | recommend yes|no | heading (dative, no colon)
 *	proposal KEY: track | session | status | addressees | author |
 *	              organisation | for/against/abstain | merged-into
 *	text: the proposal's text   the line right after its proposal line
 *	order ADDRESSEE: KEY KEY …  the order of the items under an addressee
 *
 * Fields are separated by " | " and trimmed; "-" leaves an optional field
 * empty.  Addressees of a proposal are comma-separated keys.  A track,
 * session or addressee must be defined above the line that names it; a
 * proposal may be named (merged-into, order) before its definition.
 *
 * Records are created in file order.  Under each addressee, proposals stand
 * in the order of their first appearance in the file, unless an order line
 * lists them; it must then list every proposal tagged to that addressee.
 *
 * The whole source is read and checked first; only then is OUT created and
 * filled, in one action that is not undoable (the file's initial content is
 * not an undo step).  Any error is reported as "SOURCE:LINE: reason", OUT
 * is removed and the exit status is 1.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../model/forum.h"
#include "../model/records.h"
#include "../model/resolution.h"
#include "../model/status.h"
#include "../model/text.h"
#include "../model/util.h"

#define NONE SIZE_MAX /* no index */

/* What every keyed record starts with: where it was defined, and its key. */
struct src_head {
	long line;
	char *key;
};

/* A preamble paragraph or a participant group, in file order. */
struct src_text {
	long line;
	int part; /* PARA_OPENING, PARA_CLOSING, or 0 for a group */
	char *text;
};

struct src_track {
	struct src_head h;
	char *label;
	char *moderator;
	char *title;
	int64_t id;
};

struct src_session {
	struct src_head h;
	size_t track;
	char *title;
	char *date;
	char *time;
	char *room;
	int state;
	int64_t id;
};

struct src_addressee {
	struct src_head h;
	char *label;
	char *heading;
	bool recommend;
	int64_t id;
	/* The order line, if any: kept as keys until the end of the file. */
	long order_line;
	char **order_keys;
	size_t norder;
	size_t *order; /* resolved proposal indexes */
};

struct src_proposal {
	struct src_head h;
	size_t track;
	size_t session; /* NONE if none */
	int status;
	size_t *addressees;
	size_t naddressees;
	char *author;
	char *organisation;
	int64_t votes[3];
	char *merged_key; /* NULL if none */
	size_t merged;    /* resolved at the end of the file */
	char *text;       /* NULL until its text line */
	int64_t id;
};

/* The parsed source.  Every string in it is owned by it. */
struct source {
	const char *path;
	long line; /* the line being read */

	struct forum_info info;
	unsigned info_seen; /* a bit per forum_fields[] entry */
	long info_line;     /* the first forum.* line */

	struct src_text *texts;
	size_t ntexts, ctexts;
	struct src_track *tracks;
	size_t ntracks, ctracks;
	struct src_session *sessions;
	size_t nsessions, csessions;
	struct src_addressee *addressees;
	size_t naddressees, caddressees;
	struct src_proposal *proposals;
	size_t nproposals, cproposals;

	size_t awaiting; /* the proposal whose text line comes next, or NONE */
};

static int src_error(const struct source *s, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Prints "SOURCE:LINE: message" on stderr and returns -1. */
static int
src_error(const struct source *s, long line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s:%ld: ", s->path, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

/* Makes room for one more element in v, which holds n of *cap.  Returns
 * the (possibly moved) array. */
static void *
grow(void *v, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return v;
	*cap = *cap != 0 ? *cap * 2 : 16;
	return xreallocarray(v, *cap, size);
}

/* The blanks that trim() strips: ASCII space, tab, CR and LF. */
static bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Strips blanks from both ends of s, in place; returns the new start. */
static char *
trim(char *s)
{
	size_t len;

	while (is_blank(*s))
		s++;
	len = strlen(s);
	while (len > 0 && is_blank(s[len - 1]))
		s[--len] = '\0';
	return s;
}

/*
 * Splits v in place at each " | " and trims the fields.  Stores at most max
 * of them in fields and returns how many there are, so that a caller can
 * tell a wrong count.
 */
static size_t
split_fields(char *v, char **fields, size_t max)
{
	size_t n = 0;
	char *sep;

	for (;;) {
		sep = strstr(v, " | ");
		if (sep != NULL)
			*sep = '\0';
		if (n < max)
			fields[n] = trim(v);
		n++;
		if (sep == NULL)
			return n;
		v = sep + 3;
	}
}

/* A copy of an optional field: "-" stands for the empty string.  Caller
 * frees. */
static char *
optional(const char *v)
{
	return xstrdup(strcmp(v, "-") == 0 ? "" : v);
}

/* 1 for "yes", 0 for "no", -1 for anything else. */
static int
parse_yesno(const char *v)
{
	if (strcmp(v, "yes") == 0)
		return 1;
	if (strcmp(v, "no") == 0)
		return 0;
	return -1;
}

/* True for "HH:MM" with HH 00..23 and MM 00..59. */
static bool
time_valid(const char *v)
{
	if (strlen(v) != 5 || v[2] != ':')
		return false;
	for (int i = 0; i < 5; i++) {
		if (i != 2 && (v[i] < '0' || v[i] > '9'))
			return false;
	}
	return (v[0] - '0') * 10 + (v[1] - '0') < 24 && v[3] < '6';
}

/*
 * Reads "for/against/abstain" (three counts) or "-" (none) into votes.
 * Returns false on anything else.
 */
static bool
parse_votes(const char *v, int64_t votes[3])
{
	votes[0] = votes[1] = votes[2] = 0;
	if (strcmp(v, "-") == 0)
		return true;
	for (int i = 0; i < 3; i++) {
		int digits = 0;

		for (; *v >= '0' && *v <= '9'; v++) {
			if (++digits > 9)
				return false;
			votes[i] = votes[i] * 10 + (*v - '0');
		}
		if (digits == 0 || *v != (i < 2 ? '/' : '\0'))
			return false;
		v++;
	}
	return true;
}

/* True if key is usable: not empty, no blanks, commas or bars. */
static bool
key_valid(const char *key)
{
	return *key != '\0' && strpbrk(key, " \t,|") == NULL;
}

/*
 * The index of the record with key among n records of size bytes that
 * start with a struct src_head, or NONE.  A linear search: sources are
 * written by hand and small.
 */
static size_t
find_key(const void *records, size_t n, size_t size, const char *key)
{
	for (size_t i = 0; i < n; i++) {
		const struct src_head *h =
		    (const void *)((const char *)records + i * size);

		if (strcmp(h->key, key) == 0)
			return i;
	}
	return NONE;
}

#define FIND(s, kind, key) \
	find_key((s)->kind, (s)->n##kind, sizeof *(s)->kind, (key))

/*
 * Checks that key is new among the records of one kind (what names them in
 * messages).  Returns 0 or -1 with the error printed.
 */
static int
check_new_key(const struct source *s, const char *what, const char *key,
    size_t found, const struct src_head *first)
{
	if (!key_valid(key))
		return src_error(s, s->line,
		    "%s key '%s': keys are words without blanks, ',' or '|'",
		    what, key);
	if (found != NONE)
		return src_error(s, s->line,
		    "duplicate %s key '%s' (first defined at line %ld)", what,
		    key, first->line);
	return 0;
}

/* The fields of the forum record, and how each is written in the source. */
enum field_kind { FIELD_TEXT, FIELD_DATE, FIELD_BOOL };

static const struct {
	const char *name;
	enum field_kind kind;
	size_t offset; /* into struct forum_info */
} forum_fields[] = {
	{ "title", FIELD_TEXT, offsetof(struct forum_info, title) },
	{ "resolution_title", FIELD_TEXT,
	    offsetof(struct forum_info, resolution_title) },
	{ "city", FIELD_TEXT, offsetof(struct forum_info, city) },
	{ "start_date", FIELD_DATE, offsetof(struct forum_info, start_date) },
	{ "end_date", FIELD_DATE, offsetof(struct forum_info, end_date) },
	{ "doc_date", FIELD_DATE, offsetof(struct forum_info, doc_date) },
	{ "final", FIELD_BOOL, offsetof(struct forum_info, final) },
	{ "participants_intro", FIELD_TEXT,
	    offsetof(struct forum_info, participants_intro) },
	{ "themes_intro", FIELD_TEXT,
	    offsetof(struct forum_info, themes_intro) },
	{ "lead_in", FIELD_TEXT, offsetof(struct forum_info, lead_in) },
};
#define NFIELDS (sizeof forum_fields / sizeof forum_fields[0])

/* forum.NAME: value.  A date may be "-" (none). */
static int
parse_forum_field(struct source *s, const char *name, char *v)
{
	char *base = (char *)&s->info;
	size_t i;

	for (i = 0; i < NFIELDS; i++) {
		if (strcmp(forum_fields[i].name, name) == 0)
			break;
	}
	if (i == NFIELDS)
		return src_error(s, s->line, "unknown directive 'forum.%s'",
		    name);
	if (s->info_seen & (1u << i))
		return src_error(s, s->line, "duplicate key 'forum.%s'", name);
	s->info_seen |= 1u << i;
	if (s->info_line == 0)
		s->info_line = s->line;

	switch (forum_fields[i].kind) {
	case FIELD_BOOL: {
		int yes = parse_yesno(v);

		if (yes < 0)
			return src_error(s, s->line,
			    "forum.%s: '%s' is not yes or no", name, v);
		*(bool *)(void *)(base + forum_fields[i].offset) = yes;
		return 0;
	}
	case FIELD_DATE:
		if (strcmp(v, "-") != 0 && !date_valid(v))
			return src_error(s, s->line,
			    "forum.%s: bad date '%s' (YYYY-MM-DD)", name, v);
		break;
	case FIELD_TEXT:
		break;
	}
	{
		char **slot = (char **)(void *)(base + forum_fields[i].offset);

		free(*slot);
		*slot = optional(v);
	}
	return 0;
}

/* opening, group, closing: one paragraph (or group) of text. */
static int
parse_text(struct source *s, int part, const char *v)
{
	struct src_text *t;

	if (*v == '\0')
		return src_error(s, s->line, "empty text");
	s->texts = grow(s->texts, s->ntexts, &s->ctexts, sizeof *s->texts);
	t = &s->texts[s->ntexts++];
	t->line = s->line;
	t->part = part;
	t->text = xstrdup(v);
	return 0;
}

/* The directive table's entries for text lines: opening, group, closing. */
static int
parse_opening(struct source *s, const char *key, char *v)
{
	(void)key;
	return parse_text(s, PARA_OPENING, v);
}

static int
parse_group(struct source *s, const char *key, char *v)
{
	(void)key;
	return parse_text(s, 0, v);
}

static int
parse_closing(struct source *s, const char *key, char *v)
{
	(void)key;
	return parse_text(s, PARA_CLOSING, v);
}

/* track KEY: label | moderator | title */
static int
parse_track(struct source *s, const char *key, char *v)
{
	char *f[3];
	size_t n = split_fields(v, f, 3), found = FIND(s, tracks, key);
	struct src_track *t;

	if (check_new_key(s, "track", key, found,
	    found != NONE ? &s->tracks[found].h : NULL) != 0)
		return -1;
	if (n != 3)
		return src_error(s, s->line,
		    "track %s: %zu fields, want 3 (label | moderator | title)",
		    key, n);
	if (*f[0] == '\0' || *f[2] == '\0')
		return src_error(s, s->line, "track %s: empty label or title",
		    key);

	s->tracks = grow(s->tracks, s->ntracks, &s->ctracks,
	    sizeof *s->tracks);
	t = &s->tracks[s->ntracks++];
	memset(t, 0, sizeof *t);
	t->h.line = s->line;
	t->h.key = xstrdup(key);
	t->label = xstrdup(f[0]);
	t->moderator = optional(f[1]);
	t->title = xstrdup(f[2]);
	return 0;
}

/* session KEY: track | title | date | HH:MM | room | state */
static int
parse_session(struct source *s, const char *key, char *v)
{
	char *f[6];
	size_t n = split_fields(v, f, 6), found = FIND(s, sessions, key);
	size_t track;
	int state;
	struct src_session *ss;

	if (check_new_key(s, "session", key, found,
	    found != NONE ? &s->sessions[found].h : NULL) != 0)
		return -1;
	if (n != 6)
		return src_error(s, s->line,
		    "session %s: %zu fields, want 6 (track | title | date | "
		    "time | room | state)", key, n);
	if ((track = FIND(s, tracks, f[0])) == NONE)
		return src_error(s, s->line, "session %s: unknown track '%s'",
		    key, f[0]);
	if (*f[1] == '\0')
		return src_error(s, s->line, "session %s: empty title", key);
	if (strcmp(f[2], "-") != 0 && !date_valid(f[2]))
		return src_error(s, s->line,
		    "session %s: bad date '%s' (YYYY-MM-DD)", key, f[2]);
	if (strcmp(f[3], "-") != 0 && !time_valid(f[3]))
		return src_error(s, s->line, "session %s: bad time '%s' (HH:MM)",
		    key, f[3]);
	if ((state = session_state_parse(f[5])) < 0)
		return src_error(s, s->line,
		    "session %s: bad state '%s' (planned, open or closed)", key,
		    f[5]);

	s->sessions = grow(s->sessions, s->nsessions, &s->csessions,
	    sizeof *s->sessions);
	ss = &s->sessions[s->nsessions++];
	memset(ss, 0, sizeof *ss);
	ss->h.line = s->line;
	ss->h.key = xstrdup(key);
	ss->track = track;
	ss->title = xstrdup(f[1]);
	ss->date = optional(f[2]);
	ss->time = optional(f[3]);
	ss->room = optional(f[4]);
	ss->state = state;
	return 0;
}

/* addressee KEY: label | recommend | heading */
static int
parse_addressee(struct source *s, const char *key, char *v)
{
	char *f[3];
	size_t n = split_fields(v, f, 3), found = FIND(s, addressees, key);
	size_t len;
	int recommend;
	struct src_addressee *a;

	if (check_new_key(s, "addressee", key, found,
	    found != NONE ? &s->addressees[found].h : NULL) != 0)
		return -1;
	if (n != 3)
		return src_error(s, s->line,
		    "addressee %s: %zu fields, want 3 (label | recommend | "
		    "heading)", key, n);
	if (*f[0] == '\0' || *f[2] == '\0')
		return src_error(s, s->line,
		    "addressee %s: empty label or heading", key);
	if ((recommend = parse_yesno(f[1])) < 0)
		return src_error(s, s->line,
		    "addressee %s: recommend '%s' is not yes or no", key, f[1]);
	len = strlen(f[2]);
	if (f[2][len - 1] == ':')
		return src_error(s, s->line,
		    "addressee %s: the heading takes no colon (it is added at "
		    "assembly)", key);

	s->addressees = grow(s->addressees, s->naddressees, &s->caddressees,
	    sizeof *s->addressees);
	a = &s->addressees[s->naddressees++];
	memset(a, 0, sizeof *a);
	a->h.line = s->line;
	a->h.key = xstrdup(key);
	a->label = xstrdup(f[0]);
	a->recommend = recommend;
	a->heading = xstrdup(f[2]);
	return 0;
}

/* The comma-separated addressee keys of proposal p (or "-"). */
static int
parse_tags(struct source *s, struct src_proposal *p, char *v)
{
	char *item, *next;

	if (strcmp(v, "-") == 0)
		return 0;
	for (item = v; item != NULL; item = next) {
		size_t a;

		next = strchr(item, ',');
		if (next != NULL)
			*next++ = '\0';
		item = trim(item);
		if ((a = FIND(s, addressees, item)) == NONE)
			return src_error(s, s->line,
			    "proposal %s: unknown addressee '%s'", p->h.key,
			    item);
		for (size_t i = 0; i < p->naddressees; i++) {
			if (p->addressees[i] == a)
				return src_error(s, s->line,
				    "proposal %s: addressee '%s' given twice",
				    p->h.key, item);
		}
		p->addressees = xreallocarray(p->addressees,
		    p->naddressees + 1, sizeof *p->addressees);
		p->addressees[p->naddressees++] = a;
	}
	return 0;
}

/*
 * proposal KEY: track | session | status | addressees | author |
 * organisation | votes | merged-into.  Its text comes on the next line.
 */
static int
parse_proposal(struct source *s, const char *key, char *v)
{
	char *f[8];
	size_t n = split_fields(v, f, 8), found = FIND(s, proposals, key);
	size_t track, session = NONE;
	int status;
	int64_t votes[3];
	struct src_proposal *p;

	if (check_new_key(s, "proposal", key, found,
	    found != NONE ? &s->proposals[found].h : NULL) != 0)
		return -1;
	if (n != 8)
		return src_error(s, s->line,
		    "proposal %s: %zu fields, want 8 (track | session | status "
		    "| addressees | author | organisation | votes | "
		    "merged-into)", key, n);
	if ((track = FIND(s, tracks, f[0])) == NONE)
		return src_error(s, s->line, "proposal %s: unknown track '%s'",
		    key, f[0]);
	if (strcmp(f[1], "-") != 0) {
		if ((session = FIND(s, sessions, f[1])) == NONE)
			return src_error(s, s->line,
			    "proposal %s: unknown session '%s'", key, f[1]);
		if (s->sessions[session].track != track)
			return src_error(s, s->line,
			    "proposal %s: session '%s' belongs to track '%s'",
			    key, f[1],
			    s->tracks[s->sessions[session].track].h.key);
	}
	if ((status = proposal_status_parse(f[2])) < 0)
		return src_error(s, s->line,
		    "proposal %s: bad status '%s' (new, accepted, rejected or "
		    "merged)", key, f[2]);
	if (!parse_votes(f[6], votes))
		return src_error(s, s->line,
		    "proposal %s: bad votes '%s' (for/against/abstain, e.g. "
		    "12/0/1, or -)", key, f[6]);
	if (strcmp(f[7], "-") != 0 && !key_valid(f[7]))
		return src_error(s, s->line,
		    "proposal %s: bad merged-into key '%s'", key, f[7]);

	s->proposals = grow(s->proposals, s->nproposals, &s->cproposals,
	    sizeof *s->proposals);
	p = &s->proposals[s->nproposals++];
	memset(p, 0, sizeof *p);
	p->h.line = s->line;
	p->h.key = xstrdup(key);
	p->track = track;
	p->session = session;
	p->status = status;
	p->author = optional(f[4]);
	p->organisation = optional(f[5]);
	memcpy(p->votes, votes, sizeof p->votes);
	p->merged_key = strcmp(f[7], "-") != 0 ? xstrdup(f[7]) : NULL;
	p->merged = NONE;
	if (parse_tags(s, p, f[3]) != 0)
		return -1;
	s->awaiting = s->nproposals - 1;
	return 0;
}

/* text: the text of the proposal defined on the line above. */
static int
parse_proposal_text(struct source *s, const char *key, char *v)
{
	(void)key;
	if (s->awaiting == NONE)
		return src_error(s, s->line,
		    "text: without a proposal line above it");
	if (*v == '\0')
		return src_error(s, s->line, "proposal %s: empty text",
		    s->proposals[s->awaiting].h.key);
	s->proposals[s->awaiting].text = xstrdup(v);
	s->awaiting = NONE;
	return 0;
}

/* order ADDRESSEE: KEY KEY ...  The keys are resolved at the end. */
static int
parse_order(struct source *s, const char *key, char *v)
{
	size_t found = FIND(s, addressees, key);
	struct src_addressee *a;
	char *word, *save;

	if (found == NONE)
		return src_error(s, s->line, "order: unknown addressee '%s'",
		    key);
	a = &s->addressees[found];
	if (a->order_line != 0)
		return src_error(s, s->line,
		    "duplicate key: a second order line for addressee '%s' "
		    "(first at line %ld)", key, a->order_line);
	a->order_line = s->line;
	for (word = strtok_r(v, " \t", &save); word != NULL;
	    word = strtok_r(NULL, " \t", &save)) {
		a->order_keys = xreallocarray(a->order_keys, a->norder + 1,
		    sizeof *a->order_keys);
		a->order_keys[a->norder++] = xstrdup(word);
	}
	return 0;
}

/* The keyed and unkeyed directives; forum.* lines are handled apart. */
static const struct directive {
	const char *name;
	bool keyed;
	int (*parse)(struct source *, const char *, char *);
} directives[] = {
	{ "opening", false, parse_opening },
	{ "group", false, parse_group },
	{ "closing", false, parse_closing },
	{ "track", true, parse_track },
	{ "session", true, parse_session },
	{ "addressee", true, parse_addressee },
	{ "proposal", true, parse_proposal },
	{ "text", false, parse_proposal_text },
	{ "order", true, parse_order },
};

/* Parses one line (without its newline), which may be modified. */
static int
parse_line(struct source *s, char *line)
{
	char *colon, *head, *key, *v;
	const struct directive *d = NULL;

	if (!text_valid(line, strlen(line)))
		return src_error(s, s->line, "not valid UTF-8");
	line = trim(line);
	if (*line == '\0' || *line == '#')
		return 0;
	if ((colon = strchr(line, ':')) == NULL)
		return src_error(s, s->line,
		    "expected 'directive: value' or 'directive KEY: value'");
	*colon = '\0';
	head = trim(line);
	v = trim(colon + 1);
	key = head + strcspn(head, " \t");
	if (*key != '\0') {
		*key++ = '\0';
		key = trim(key);
	}

	if (s->awaiting != NONE && strcmp(head, "text") != 0)
		return src_error(s, s->line,
		    "proposal %s: expected its text: line here",
		    s->proposals[s->awaiting].h.key);

	if (strncmp(head, "forum.", 6) == 0) {
		if (*key != '\0')
			return src_error(s, s->line, "%s takes no key", head);
		return parse_forum_field(s, head + 6, v);
	}
	for (size_t i = 0; i < sizeof directives / sizeof directives[0]; i++) {
		if (strcmp(directives[i].name, head) == 0)
			d = &directives[i];
	}
	if (d == NULL)
		return src_error(s, s->line, "unknown directive '%s'", head);
	if (d->keyed && *key == '\0')
		return src_error(s, s->line, "%s: a key is missing (%s KEY: ...)",
		    head, head);
	if (!d->keyed && *key != '\0')
		return src_error(s, s->line, "%s takes no key", head);
	return d->parse(s, key, v);
}

/* Resolves the merged-into references, once every proposal is known. */
static int
resolve_merges(struct source *s)
{
	for (size_t i = 0; i < s->nproposals; i++) {
		struct src_proposal *p = &s->proposals[i];

		if (p->merged_key == NULL) {
			if (p->status == PROPOSAL_MERGED)
				return src_error(s, p->h.line,
				    "proposal %s: status merged needs a "
				    "merged-into proposal", p->h.key);
			continue;
		}
		if (p->status != PROPOSAL_MERGED)
			return src_error(s, p->h.line,
			    "proposal %s: merged-into given, but the status "
			    "is not merged", p->h.key);
		p->merged = FIND(s, proposals, p->merged_key);
		if (p->merged == NONE)
			return src_error(s, p->h.line,
			    "proposal %s: merged into unknown proposal '%s'",
			    p->h.key, p->merged_key);
		if (p->merged == i)
			return src_error(s, p->h.line,
			    "proposal %s: merged into itself", p->h.key);
	}
	return 0;
}

/* True if proposal p is tagged to the addressee with index a. */
static bool
tagged(const struct src_proposal *p, size_t a)
{
	for (size_t i = 0; i < p->naddressees; i++) {
		if (p->addressees[i] == a)
			return true;
	}
	return false;
}

/*
 * Resolves addressee a's order line: every key a known proposal tagged to
 * a, none twice, and every proposal tagged to a listed.
 */
static int
resolve_order(struct source *s, size_t ai)
{
	struct src_addressee *a = &s->addressees[ai];

	if (a->order_line == 0)
		return 0;
	a->order = xcalloc(a->norder + 1, sizeof *a->order);
	for (size_t i = 0; i < a->norder; i++) {
		size_t p = FIND(s, proposals, a->order_keys[i]);

		if (p == NONE)
			return src_error(s, a->order_line,
			    "order %s: unknown proposal '%s'", a->h.key,
			    a->order_keys[i]);
		if (!tagged(&s->proposals[p], ai))
			return src_error(s, a->order_line,
			    "order %s: proposal '%s' is not tagged to '%s'",
			    a->h.key, a->order_keys[i], a->h.key);
		for (size_t j = 0; j < i; j++) {
			if (a->order[j] == p)
				return src_error(s, a->order_line,
				    "order %s: proposal '%s' listed twice",
				    a->h.key, a->order_keys[i]);
		}
		a->order[i] = p;
	}
	for (size_t p = 0; p < s->nproposals; p++) {
		bool listed = false;

		if (!tagged(&s->proposals[p], ai))
			continue;
		for (size_t j = 0; j < a->norder && !listed; j++)
			listed = a->order[j] == p;
		if (!listed)
			return src_error(s, a->order_line,
			    "order %s: proposal '%s' is tagged to '%s' but not "
			    "listed", a->h.key, s->proposals[p].h.key,
			    a->h.key);
	}
	return 0;
}

/* Sets every forum field to "" so that a missing line leaves it empty. */
static void
source_init(struct source *s, const char *path)
{
	memset(s, 0, sizeof *s);
	s->path = path;
	s->awaiting = NONE;
	for (size_t i = 0; i < NFIELDS; i++) {
		if (forum_fields[i].kind != FIELD_BOOL)
			*(char **)(void *)((char *)&s->info +
			    forum_fields[i].offset) = xstrdup("");
	}
}

/* Reads and checks the whole source.  Returns 0, or -1 with the error
 * printed. */
static int
source_read(struct source *s)
{
	FILE *fp;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int rc = 0;

	if ((fp = fopen(s->path, "r")) == NULL) {
		fprintf(stderr, "mksample: %s: %s\n", s->path, strerror(errno));
		return -1;
	}
	while (rc == 0 && (len = getline(&line, &cap, fp)) != -1) {
		s->line++;
		if ((size_t)len != strlen(line)) {
			rc = src_error(s, s->line, "NUL byte in the line");
			break;
		}
		/* A byte order mark is not part of the first directive. */
		if (s->line == 1 && strncmp(line, "\xEF\xBB\xBF", 3) == 0)
			memmove(line, line + 3, (size_t)len - 2);
		rc = parse_line(s, line);
	}
	if (rc == 0 && ferror(fp)) {
		fprintf(stderr, "mksample: %s: %s\n", s->path, strerror(errno));
		rc = -1;
	}
	free(line);
	fclose(fp);
	if (rc != 0)
		return rc;

	if (s->awaiting != NONE)
		return src_error(s, s->proposals[s->awaiting].h.line,
		    "proposal %s: its text: line is missing",
		    s->proposals[s->awaiting].h.key);
	if (resolve_merges(s) != 0)
		return -1;
	for (size_t i = 0; i < s->naddressees; i++) {
		if (resolve_order(s, i) != 0)
			return -1;
	}
	return 0;
}

/* Frees everything s owns (not s itself). */
static void
source_free(struct source *s)
{
	forum_info_free(&s->info);
	for (size_t i = 0; i < s->ntexts; i++)
		free(s->texts[i].text);
	free(s->texts);
	for (size_t i = 0; i < s->ntracks; i++) {
		struct src_track *t = &s->tracks[i];

		free(t->h.key);
		free(t->label);
		free(t->moderator);
		free(t->title);
	}
	free(s->tracks);
	for (size_t i = 0; i < s->nsessions; i++) {
		struct src_session *ss = &s->sessions[i];

		free(ss->h.key);
		free(ss->title);
		free(ss->date);
		free(ss->time);
		free(ss->room);
	}
	free(s->sessions);
	for (size_t i = 0; i < s->naddressees; i++) {
		struct src_addressee *a = &s->addressees[i];

		free(a->h.key);
		free(a->label);
		free(a->heading);
		for (size_t j = 0; j < a->norder; j++)
			free(a->order_keys[j]);
		free(a->order_keys);
		free(a->order);
	}
	free(s->addressees);
	for (size_t i = 0; i < s->nproposals; i++) {
		struct src_proposal *p = &s->proposals[i];

		free(p->h.key);
		free(p->addressees);
		free(p->author);
		free(p->organisation);
		free(p->merged_key);
		free(p->text);
	}
	free(s->proposals);
}

/* Reports a failed model call for the record defined at line.  Returns -1. */
static int
model_error(const struct source *s, struct forum *f, long line,
    enum status st)
{
	return src_error(s, line, "cannot store: %s (%s)", status_text(st),
	    forum_error(f));
}

/* The paragraphs, participant groups, tracks, sessions and addressees. */
static int
build_frame(struct source *s, struct forum *f)
{
	enum status st;
	int64_t id;

	if ((st = forum_info_set(f, &s->info)) != ST_OK)
		return model_error(s, f, s->info_line, st);
	for (size_t i = 0; i < s->ntexts; i++) {
		struct src_text *t = &s->texts[i];

		if (t->part == 0)
			st = group_insert(f, t->text, &id);
		else
			st = paragraph_insert(f, t->part, t->text, &id);
		if (st != ST_OK)
			return model_error(s, f, t->line, st);
	}
	for (size_t i = 0; i < s->ntracks; i++) {
		struct src_track *src = &s->tracks[i];
		struct track t = { .pos = (int64_t)i + 1, .title = src->title,
			.label = src->label, .moderator = src->moderator };

		if ((st = track_insert(f, &t)) != ST_OK)
			return model_error(s, f, src->h.line, st);
		src->id = t.rec.id;
	}
	for (size_t i = 0; i < s->nsessions; i++) {
		struct src_session *ss = &s->sessions[i];
		struct session se = { .track_id = s->tracks[ss->track].id,
			.title = ss->title, .date = ss->date, .time = ss->time,
			.room = ss->room, .state = ss->state };

		/* Positions count within the session's track. */
		for (size_t j = 0; j <= i; j++)
			se.pos += s->sessions[j].track == ss->track;
		if ((st = session_insert(f, &se)) != ST_OK)
			return model_error(s, f, ss->h.line, st);
		ss->id = se.rec.id;
	}
	for (size_t i = 0; i < s->naddressees; i++) {
		struct src_addressee *sa = &s->addressees[i];
		struct addressee a = { .pos = (int64_t)i + 1,
			.heading = sa->heading, .label = sa->label,
			.recommend = sa->recommend };

		if ((st = addressee_insert(f, &a)) != ST_OK)
			return model_error(s, f, sa->h.line, st);
		sa->id = a.rec.id;
	}
	return 0;
}

/*
 * The proposals, in file order.  One merged into a proposal further down
 * is stored as new first and marked merged once its survivor exists.
 */
static int
build_proposals(struct source *s, struct forum *f)
{
	char none[] = "";
	enum status st;

	for (size_t i = 0; i < s->nproposals; i++) {
		struct src_proposal *sp = &s->proposals[i];
		bool later = sp->merged != NONE && sp->merged > i;
		struct proposal p = {
			.track_id = s->tracks[sp->track].id,
			.session_id = sp->session != NONE ?
			    s->sessions[sp->session].id : 0,
			.text = sp->text,
			.author = sp->author,
			.organisation = sp->organisation,
			.status = later ? PROPOSAL_NEW : sp->status,
			.merged_into = sp->merged != NONE && !later ?
			    s->proposals[sp->merged].id : 0,
			.votes_for = sp->votes[0],
			.votes_against = sp->votes[1],
			.votes_abstain = sp->votes[2],
			.note = none,
		};

		if ((st = proposal_insert(f, &p)) != ST_OK)
			return model_error(s, f, sp->h.line, st);
		sp->id = p.rec.id;
	}
	for (size_t i = 0; i < s->nproposals; i++) {
		struct src_proposal *sp = &s->proposals[i];
		struct proposal p;

		if (sp->merged == NONE || sp->merged < i)
			continue;
		if ((st = proposal_get(f, sp->id, &p)) != ST_OK)
			return model_error(s, f, sp->h.line, st);
		p.status = PROPOSAL_MERGED;
		p.merged_into = s->proposals[sp->merged].id;
		st = proposal_update(f, &p);
		proposal_clear(&p);
		if (st != ST_OK)
			return model_error(s, f, sp->h.line, st);
	}
	return 0;
}

/* Tags the proposals to their addressees, addressee by addressee, in the
 * order of the order line or else of the file. */
static int
build_tags(struct source *s, struct forum *f)
{
	enum status st;

	for (size_t ai = 0; ai < s->naddressees; ai++) {
		struct src_addressee *a = &s->addressees[ai];
		size_t n = a->order_line != 0 ? a->norder : s->nproposals;

		for (size_t k = 0; k < n; k++) {
			size_t pi = a->order_line != 0 ? a->order[k] : k;
			struct src_proposal *p = &s->proposals[pi];

			if (!tagged(p, ai))
				continue;
			if ((st = proposal_tag(f, p->id, a->id)) != ST_OK)
				return model_error(s, f, p->h.line, st);
		}
	}
	return 0;
}

/* Removes the file at path and SQLite's companions, quietly. */
static void
remove_forum(const char *path)
{
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };

	for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		char *p = xasprintf("%s%s", path, suffix[i]);

		unlink(p);
		free(p);
	}
}

/* Creates out and fills it from s in one action.  Returns 0 or -1; on
 * failure a file this call created is removed. */
static int
build(struct source *s, const char *out)
{
	struct forum *f;
	char *err = NULL;
	enum status st;
	int rc;

	/* An existing file is never ours to replace or remove. */
	if (access(out, F_OK) == 0) {
		fprintf(stderr, "mksample: %s: %s\n", out,
		    status_text(ST_EXISTS));
		return -1;
	}
	if ((st = forum_open(out, FORUM_CREATE, &f, &err)) != ST_OK) {
		fprintf(stderr, "mksample: %s\n", err != NULL ? err :
		    status_text(st));
		free(err);
		remove_forum(out);
		return -1;
	}
	if ((st = forum_begin(f, NULL)) != ST_OK) {
		fprintf(stderr, "mksample: %s: %s\n", out, forum_error(f));
		rc = -1;
	} else if ((rc = build_frame(s, f)) == 0 &&
	    (rc = build_proposals(s, f)) == 0 &&
	    (rc = build_tags(s, f)) == 0 &&
	    (st = forum_commit(f)) != ST_OK) {
		fprintf(stderr, "mksample: %s: %s\n", out, forum_error(f));
		rc = -1;
	}
	if (rc != 0 && forum_in_action(f))
		forum_rollback(f);
	forum_close(f);
	if (rc != 0)
		remove_forum(out);
	return rc;
}

/* mksample SOURCE OUT: see the top of this file.  Exits 0 or 1. */
int
main(int argc, char **argv)
{
	struct source s;
	int rc;

	if (argc != 3) {
		fprintf(stderr, "usage: mksample SOURCE OUT\n");
		return 1;
	}
	source_init(&s, argv[1]);
	rc = source_read(&s);
	if (rc == 0)
		rc = build(&s, argv[2]);
	source_free(&s);
	return rc == 0 ? 0 : 1;
}
