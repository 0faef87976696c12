/*
 * queue.c: the running session (queue.h): its clocks, the speaker queue,
 * the queue window, the window that adds a speaker (typed, or one of the
 * authors already in the file), and the clocks' menu.
 *
 * The clocks read app_clock_ms() through a struct timer_clock, which
 * AGORA_CLOCK_SCALE=N makes run N times faster (for the tests: a speaker's
 * three minutes pass in three seconds at 60).  The timers themselves are
 * pure logic (timer.c); here they get their keys, their drawing, their
 * messages and the bell.
 */
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "../model/i18n.h"
#include "../model/session_log.h"
#include "../model/text.h"
#include "../model/util.h"
#include "dialog.h"
#include "draw.h"
#include "editor.h"
#include "keymap.h"
#include "list.h"
#include "queue.h"
#include "timer.h"

/* The authors offered when adding a speaker: the most recent ones. */
#define AUTHORS_MAX 2000

struct speaker {
	char *name;
	char *organisation;
};

struct meeting {
	int64_t track_id, session_id;
	struct timer session, speaker;
	bool speaking;         /* the speaker's clock is in use */
	struct speaker now;    /* now.name NULL: nobody speaks */
	struct speaker *queue;
	size_t nqueue;
	int64_t shown[2];      /* the seconds last drawn, session and speaker */
};

struct meetings {
	struct timer_clock clock;
	int64_t session_len, speaker_len; /* for what starts next, ms */
	struct meeting **v;
	size_t n;
};

static int64_t
meeting_base_clock(void *ctx)
{
	(void)ctx;
	return app_clock_ms();
}

static struct meetings *
meetings_get(struct app *a)
{
	struct meetings *ms;

	if (a->meetings != NULL)
		return a->meetings;
	ms = xcalloc(1, sizeof *ms);
	timer_clock_init(&ms->clock, meeting_base_clock, NULL,
	    timer_scale_parse(getenv("AGORA_CLOCK_SCALE")));
	ms->session_len = MEETING_SESSION_MS;
	ms->speaker_len = MEETING_SPEAKER_MS;
	a->meetings = ms;
	return ms;
}

static int64_t
meeting_now(struct app *a)
{
	return timer_clock_now(&meetings_get(a)->clock);
}

/* The meeting of the current place, made on first use. */
static struct meeting *
meeting_current(struct app *a)
{
	struct meetings *ms = meetings_get(a);
	struct meeting *m;
	size_t i;

	for (i = 0; i < ms->n; i++)
		if (ms->v[i]->track_id == a->track_id &&
		    ms->v[i]->session_id == a->session_id)
			return ms->v[i];
	m = xcalloc(1, sizeof *m);
	m->track_id = a->track_id;
	m->session_id = a->session_id;
	timer_init(&m->session, ms->session_len, MEETING_SESSION_WARN_MS);
	timer_init(&m->speaker, ms->speaker_len, MEETING_SPEAKER_WARN_MS);
	m->shown[0] = m->shown[1] = -1;
	/* Pointers, since the windows hold a meeting's address: sizeof of a
	 * pointer is meant.  NOLINTNEXTLINE(bugprone-sizeof-expression) */
	ms->v = xreallocarray(ms->v, ms->n + 1, sizeof *ms->v);
	ms->v[ms->n++] = m;
	return m;
}

static void
speaker_clear(struct speaker *s)
{
	free(s->name);
	free(s->organisation);
	s->name = s->organisation = NULL;
}

static void
meeting_free(struct meeting *m)
{
	size_t i;

	speaker_clear(&m->now);
	for (i = 0; i < m->nqueue; i++)
		speaker_clear(&m->queue[i]);
	free(m->queue);
	free(m);
}

void
meetings_free(struct app *a)
{
	struct meetings *ms = a->meetings;
	size_t i;

	if (ms == NULL)
		return;
	for (i = 0; i < ms->n; i++)
		meeting_free(ms->v[i]);
	free(ms->v);
	free(ms);
	a->meetings = NULL;
}

/* "Иванова О. П. (Центр «Содействие»)".  Appends to b. */
static void
speaker_name(struct buf *b, const struct speaker *s)
{
	buf_adds(b, s->name);
	if (s->organisation != NULL && *s->organisation != '\0')
		buf_printf(b, " (%s)", s->organisation);
}

/* ---- the clocks ---- */

/* Starts or pauses the session clock; the first start is recorded in the
 * file as the session's start. */
static void
meeting_session_toggle(struct app *a, struct meeting *m)
{
	enum status st;
	bool changed;

	if (!timer_toggle(&m->session, meeting_now(a))) {
		app_msg(a, _("The session clock is paused (Ctrl-T runs it)"));
		return;
	}
	app_msg(a, _("The session clock runs"));
	if (m->session_id == 0 || forum_readonly(a->f))
		return;
	st = session_log_start(a->f, m->session_id, &changed);
	if (st != ST_OK)
		app_status(a, st, _("Recording the session's start"));
	else if (changed)
		app_reload(a);
}

/* The speaker's clock from the start, running. */
static void
meeting_speaker_restart(struct app *a, struct meeting *m)
{
	timer_reset(&m->speaker, meetings_get(a)->speaker_len);
	timer_start(&m->speaker, meeting_now(a));
	m->speaking = true;
}

static void
meeting_speaker_toggle(struct app *a, struct meeting *m)
{
	if (!m->speaking) {
		meeting_speaker_restart(a, m);
		app_msg(a, _("The speaker's clock runs"));
		return;
	}
	if (timer_toggle(&m->speaker, meeting_now(a)))
		app_msg(a, _("The speaker's clock runs"));
	else
		app_msg(a, _("The speaker's clock is paused (Alt-p runs it)"));
}

/* The first in the queue speaks now. */
static void
meeting_next(struct app *a, struct meeting *m)
{
	struct buf b = {0};

	if (m->nqueue == 0) {
		app_msg(a, _("Nobody is in the queue: Alt-q adds speakers"));
		return;
	}
	speaker_clear(&m->now);
	m->now = m->queue[0];
	memmove(m->queue, m->queue + 1, --m->nqueue * sizeof *m->queue);
	meeting_speaker_restart(a, m);
	speaker_name(&b, &m->now);
	buf_adds(&b, _(" speaks: "));
	timer_format(&b, timer_left(&m->speaker, meeting_now(a)));
	app_msg(a, "%s", buf_str(&b));
	buf_free(&b);
}

static void
meeting_extend(struct app *a, struct meeting *m, bool speaker,
    int64_t ms)
{
	struct buf b = {0};
	struct timer *t = speaker ? &m->speaker : &m->session;

	if (speaker && !m->speaking) {
		app_msg(a, _("No speaker's clock runs (Ctrl-N: the next "
		    "speaker; Alt-p: a clock without a name)"));
		return;
	}
	timer_extend(t, ms, meeting_now(a));
	timer_format(&b, timer_left(t, meeting_now(a)));
	if (speaker)
		app_msg(a, P_("The speaker: %lld more minute, %s left",
		    "The speaker: %lld more minutes, %s left", ms / 60000),
		    (long long)(ms / 60000), buf_str(&b));
	else
		app_msg(a, P_("The session: %lld more minute, %s left",
		    "The session: %lld more minutes, %s left", ms / 60000),
		    (long long)(ms / 60000), buf_str(&b));
	buf_free(&b);
}

/* Parses minutes: "90", or "2:30" for minutes and seconds.  ms, or -1. */
static int64_t
parse_minutes(const char *s)
{
	int64_t m = 0, sec = 0;
	int digits = 0;

	while (*s == ' ')
		s++;
	for (; *s >= '0' && *s <= '9' && digits < 6; s++, digits++)
		m = m * 10 + (*s - '0');
	if (digits == 0)
		return -1;
	if (*s == ':') {
		s++;
		if (!(s[0] >= '0' && s[0] <= '5' && s[1] >= '0' && s[1] <= '9'))
			return -1;
		sec = (s[0] - '0') * 10 + (s[1] - '0');
		s += 2;
	}
	while (*s == ' ')
		s++;
	if (*s != '\0' || (m == 0 && sec == 0))
		return -1;
	return (m * 60 + sec) * 1000;
}

static bool
meeting_lengths_done(struct app *a, void *ctx, char **v)
{
	struct meeting *m = ctx;
	struct meetings *ms = meetings_get(a);
	int64_t session = parse_minutes(v[0]), speaker = parse_minutes(v[1]);

	if (session < 0 || speaker < 0) {
		app_err(a, _("The lengths are minutes: 90, or 2:30 for two "
		    "minutes and a half"));
		return false;
	}
	ms->session_len = session;
	ms->speaker_len = speaker;
	timer_set_length(&m->session, session, meeting_now(a));
	if (m->speaking)
		timer_set_length(&m->speaker, speaker, meeting_now(a));
	else
		timer_reset(&m->speaker, speaker);
	app_msg(a, _("The session: %s; each speaker: %s"), v[0], v[1]);
	return true;
}

static void
meeting_lengths_open(struct app *a, struct meeting *m)
{
	const char *const labels[] = {
	    _("The session's length, minutes (90, or 1:30:00 as 90)"),
	    _("Each speaker's time, minutes (3, or 2:30)")};
	struct meetings *ms = meetings_get(a);
	char *v[2];

	v[0] = xasprintf("%lld", (long long)(m->session.length / 60000));
	if (m->session.length % 60000 != 0) {
		free(v[0]);
		v[0] = xasprintf("%lld:%02lld",
		    (long long)(m->session.length / 60000),
		    (long long)(m->session.length / 1000 % 60));
	}
	v[1] = ms->speaker_len % 60000 == 0 ?
	    xasprintf("%lld", (long long)(ms->speaker_len / 60000)) :
	    xasprintf("%lld:%02lld", (long long)(ms->speaker_len / 60000),
	    (long long)(ms->speaker_len / 1000 % 60));
	form_open(a, _("Clocks"), 2, labels, (const char *const *)v,
	    meeting_lengths_done, m);
	free(v[0]);
	free(v[1]);
}

static void
meeting_close_session(struct app *a, struct meeting *m)
{
	enum status st;
	int64_t now = meeting_now(a);

	if (m->session_id == 0) {
		app_msg(a, _("This track has no session to close (Alt-2: tracks "
		    "and sessions)"));
		return;
	}
	if ((st = session_log_close(a->f, m->session_id)) != ST_OK) {
		app_status(a, st, _("Closing the session"));
		return;
	}
	timer_pause(&m->session, now);
	timer_pause(&m->speaker, now);
	app_msg(a, _("The session is closed and its end recorded (Ctrl-Z "
	    "takes that back)"));
	app_reload(a);
}

/* The clocks' menu: what each item does. */
enum clock_item {
	CI_SESSION_TOGGLE, CI_SESSION_1, CI_SESSION_5, CI_SESSION_RESET,
	CI_SPEAKER_TOGGLE, CI_SPEAKER_1, CI_SPEAKER_5, CI_SPEAKER_RESET,
	CI_LENGTHS, CI_CLOSE, CI__COUNT
};

static void
meeting_clocks_done(struct app *a, void *ctx, size_t choice)
{
	struct meeting *m = ctx;
	struct buf b = {0};

	switch ((enum clock_item)choice) {
	case CI_SESSION_TOGGLE:
		meeting_session_toggle(a, m);
		break;
	case CI_SESSION_1:
	case CI_SESSION_5:
		meeting_extend(a, m, false, choice == CI_SESSION_1 ? 60000 :
		    300000);
		break;
	case CI_SESSION_RESET:
		timer_reset(&m->session, 0);
		timer_format(&b, m->session.length);
		app_msg(a, _("The session clock is back at %s, stopped"),
		    buf_str(&b));
		break;
	case CI_SPEAKER_TOGGLE:
		meeting_speaker_toggle(a, m);
		break;
	case CI_SPEAKER_1:
	case CI_SPEAKER_5:
		meeting_extend(a, m, true, choice == CI_SPEAKER_1 ? 60000 :
		    300000);
		break;
	case CI_SPEAKER_RESET:
		if (m->speaking) {
			meeting_speaker_restart(a, m);
			app_msg(a, _("The speaker's clock starts again"));
		}
		break;
	case CI_LENGTHS:
		meeting_lengths_open(a, m);
		break;
	case CI_CLOSE:
		meeting_close_session(a, m);
		break;
	default:
		break;
	}
	buf_free(&b);
}

static void
meeting_clocks_open(struct app *a, struct meeting *m)
{
	const char *items[CI__COUNT];

	/* TRANSLATORS: the keys stay in a column: pad with spaces. */
	items[CI_SESSION_TOGGLE] = m->session.running ?
	    _("Pause the session clock       Ctrl-T") :
	    _("Run the session clock         Ctrl-T");
	items[CI_SESSION_1] = _("The session: one more minute");
	items[CI_SESSION_5] = _("The session: five more minutes");
	items[CI_SESSION_RESET] = _("The session clock from the start");
	items[CI_SPEAKER_TOGGLE] = m->speaker.running ?
	    _("Pause the speaker's clock     Alt-p") :
	    _("Run the speaker's clock       Alt-p");
	items[CI_SPEAKER_1] = _("The speaker: one more minute  Alt-=");
	items[CI_SPEAKER_5] = _("The speaker: five more minutes");
	items[CI_SPEAKER_RESET] = _("The speaker's clock from the start");
	items[CI_LENGTHS] = _("Set the lengths…");
	items[CI_CLOSE] = _("Close the session: record its end");
	menu_open(a, _("Clocks"), items, CI__COUNT, 0, meeting_clocks_done, m);
}

/* ---- the queue window ---- */

struct queue_win {
	struct meeting *m;
	struct list list;
	size_t edit;      /* the row F4 edits */
};

static const struct screen_ops queue_ops;

/* Rows: the current speaker (if any), then the queue. */
static size_t
queue_rows(const struct meeting *m)
{
	return (m->now.name != NULL ? 1 : 0) + m->nqueue;
}

/* The speaker of row i; *current: it is the one speaking. */
static struct speaker *
queue_row_speaker(struct meeting *m, size_t i, bool *current)
{
	*current = m->now.name != NULL && i == 0;
	if (*current)
		return &m->now;
	return &m->queue[i - (m->now.name != NULL ? 1 : 0)];
}

static size_t
queue_count(void *ctx)
{
	return queue_rows(((struct queue_win *)ctx)->m);
}

static void
queue_row(void *ctx, size_t i, int y, int x, int w, int h, bool selected)
{
	struct queue_win *q = ctx;
	struct buf b = {0};
	bool current;
	struct speaker *s = queue_row_speaker(q->m, i, &current);

	(void)h;
	if (current)
		buf_adds(&b, " ▶ ");
	else
		buf_printf(&b, "%2zu ", i + (q->m->now.name != NULL ? 0 : 1));
	speaker_name(&b, s);
	draw_pad(y, x, w, buf_str(&b), selected ? R_SELECTED : current ?
	    R_MARK : R_NORMAL);
	buf_free(&b);
}

static const struct list_source queue_source = {
	.count = queue_count, .draw_row = queue_row,
};

static void
queue_draw(struct app *a, void *st)
{
	struct queue_win *q = st;
	int w = COLS - 8, h = (int)queue_rows(q->m) + 6, y, x;

	(void)a;
	if (w > 72)
		w = 72;
	if (h < 9)
		h = 9;
	if (h > LINES - 4)
		h = LINES - 4;
	y = (LINES - h) / 2;
	x = (COLS - w) / 2;
	draw_clear(y, x, h, w);
	draw_box(y, x, h, w, _("Speakers"), true);
	list_draw(&q->list, &queue_source, q, y + 1, x + 1, h - 4, w - 2,
	    _("Nobody yet: Insert adds a speaker to the queue"));
	draw_str(y + h - 3, x + 2, w - 4, _("Ins add · Enter: speaks now · "
	    "Ctrl-N next · F4 edit"), R_DIM);
	draw_str(y + h - 2, x + 2, w - 4, _("F8 remove · Shift-Up/Down move · "
	    "Esc closes"), R_DIM);
}

/* Row i speaks now: out of the queue, its clock from the start. */
static void
queue_speak(struct app *a, struct queue_win *q, size_t i)
{
	struct meeting *m = q->m;
	bool current;
	struct speaker *s, t;
	size_t k;

	if (i >= queue_rows(m))
		return;
	s = queue_row_speaker(m, i, &current);
	if (!current) {
		/* First in the queue, then meeting_next() takes it. */
		k = (size_t)(s - m->queue);
		t = *s;
		memmove(m->queue + 1, m->queue, k * sizeof *m->queue);
		m->queue[0] = t;
		meeting_next(a, m);
	} else
		meeting_speaker_restart(a, m);
	list_select(&q->list, queue_rows(m), 0);
}

static void
queue_remove(struct app *a, struct queue_win *q)
{
	struct meeting *m = q->m;
	struct buf b = {0};
	bool current;
	struct speaker *s;
	size_t k;

	if (queue_rows(m) == 0)
		return;
	s = queue_row_speaker(m, q->list.sel, &current);
	speaker_name(&b, s);
	if (current) {
		speaker_clear(&m->now);
		m->speaking = false;
		timer_pause(&m->speaker, meeting_now(a));
		app_msg(a, _("%s has finished; nobody speaks now"), buf_str(&b));
	} else {
		k = (size_t)(s - m->queue);
		speaker_clear(s);
		memmove(m->queue + k, m->queue + k + 1,
		    (m->nqueue - k - 1) * sizeof *m->queue);
		m->nqueue--;
		app_msg(a, _("%s is out of the queue"), buf_str(&b));
	}
	buf_free(&b);
	list_clamp(&q->list, queue_rows(m));
}

static void
queue_move(struct queue_win *q, int delta)
{
	struct meeting *m = q->m;
	size_t first = m->now.name != NULL ? 1 : 0, k;
	struct speaker t;

	if (q->list.sel < first)
		return;
	k = q->list.sel - first;
	if ((delta < 0 && k == 0) || (delta > 0 && k + 1 >= m->nqueue))
		return;
	t = m->queue[k];
	m->queue[k] = m->queue[k + (size_t)delta];
	m->queue[k + (size_t)delta] = t;
	list_select(&q->list, queue_rows(m), q->list.sel + (size_t)delta);
}

static bool
queue_edit_done(struct app *a, void *ctx, char **v)
{
	struct queue_win *q = ctx;
	bool current;
	struct speaker *s;

	if (v[0][strspn(v[0], " ")] == '\0') {
		app_err(a, _("A speaker needs a name"));
		return false;
	}
	if (q->edit >= queue_rows(q->m))
		return true;
	s = queue_row_speaker(q->m, q->edit, &current);
	free(s->name);
	free(s->organisation);
	s->name = xstrdup(v[0]);
	s->organisation = xstrdup(v[1]);
	return true;
}

static void
speaker_add_open(struct app *a, struct meeting *m);

static bool
queue_action(struct app *a, void *st, enum action act)
{
	struct queue_win *q = st;
	size_t n = queue_rows(q->m);

	if (list_action(&q->list, n, act))
		return true;
	switch (act) {
	case ACT_NEW:
		speaker_add_open(a, q->m);
		return true;
	case ACT_OPEN:
		queue_speak(a, q, q->list.sel);
		return true;
	case ACT_NEXT_SPEAKER:
		meeting_next(a, q->m);
		list_select(&q->list, queue_rows(q->m), 0);
		return true;
	case ACT_DELETE:
		queue_remove(a, q);
		return true;
	case ACT_MOVE_UP:
	case ACT_MOVE_DOWN:
		queue_move(q, act == ACT_MOVE_UP ? -1 : 1);
		return true;
	case ACT_EDIT: {
		const char *const labels[] = {_("Name"), _("Organisation")};
		bool current;
		struct speaker *s;
		const char *v[2];

		if (n == 0)
			return true;
		q->edit = q->list.sel;
		s = queue_row_speaker(q->m, q->edit, &current);
		v[0] = s->name;
		v[1] = s->organisation;
		form_open(a, _("The speaker"), 2, labels, v, queue_edit_done, q);
		return true;
	}
	case ACT_QUEUE:
	case ACT_BACK:
	case ACT_QUIT:
		app_pop(a);
		return true;
	default:
		return false;
	}
}

static void
queue_close(struct app *a, void *st)
{
	(void)a;
	free(st);
}

static const enum action queue_actions[] = {
	ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN, ACT_FIRST, ACT_LAST, ACT_OPEN,
	ACT_NEW, ACT_EDIT, ACT_DELETE, ACT_MOVE_UP, ACT_MOVE_DOWN,
	ACT_NEXT_SPEAKER, ACT_QUEUE, ACT_BACK, ACT_QUIT, ACT_NONE,
};

static const struct screen_ops queue_ops = {
	.name = N_("speakers"),
	.actions = queue_actions,
	.modal = true,
	.draw = queue_draw,
	.action = queue_action,
	.close = queue_close,
};

static void
queue_open(struct app *a, struct meeting *m)
{
	struct queue_win *q = xcalloc(1, sizeof *q);

	q->m = m;
	list_init(&q->list, 1);
	/* On the first in the queue: Enter lets them speak. */
	list_select(&q->list, queue_rows(m), m->now.name != NULL &&
	    m->nqueue > 0 ? 1 : 0);
	app_push(a, &queue_ops, q);
}

/* ---- adding a speaker ---- */

struct speaker_add {
	struct meeting *m;
	struct author *all;   /* the file's authors, most recent first */
	size_t nall;
	char **folded;        /* each one's name and organisation, folded */
	size_t *shown;        /* indices into all that match the name typed */
	size_t nshown;
	struct editor name;
	struct list list;
};

static const struct screen_ops speaker_add_ops;

/* True if every word of the folded query begins a word of folded s. */
static bool
speaker_match(const char *s, const char *query)
{
	const char *q = query, *qe, *p;
	size_t qn;

	for (;;) {
		while (*q == ' ')
			q++;
		if (*q == '\0')
			return true;
		for (qe = q; *qe != '\0' && *qe != ' '; qe++)
			;
		qn = (size_t)(qe - q);
		for (p = s; *p != '\0'; p++)
			if ((p == s || p[-1] == ' ' || p[-1] == '(' ||
			    p[-1] == '"' || p[-1] == '.') &&
			    strncmp(p, q, qn) == 0)
				break;
		if (*p == '\0')
			return false;
		q = qe;
	}
}

/* Rows: the name typed (if any), then the authors it matches. */
static size_t
speaker_add_rows(const struct speaker_add *sa)
{
	return (eb_blank(&sa->name.eb) ? 0 : 1) + sa->nshown;
}

static void
speaker_add_filter(struct speaker_add *sa)
{
	struct buf q = {0};
	const char *text = eb_text(&sa->name.eb);
	size_t i;

	text_fold(&q, text, strlen(text), true);
	sa->nshown = 0;
	for (i = 0; i < sa->nall; i++)
		if (speaker_match(sa->folded[i], buf_str(&q)))
			sa->shown[sa->nshown++] = i;
	buf_free(&q);
	list_clamp(&sa->list, speaker_add_rows(sa));
}

static size_t
speaker_add_count(void *ctx)
{
	return speaker_add_rows(ctx);
}

static void
speaker_add_row(void *ctx, size_t i, int y, int x, int w, int h,
    bool selected)
{
	struct speaker_add *sa = ctx;
	struct buf b = {0};
	const struct author *au;
	enum draw_role r = selected ? R_SELECTED : R_NORMAL;
	int used;

	(void)h;
	if (!eb_blank(&sa->name.eb)) {
		if (i == 0) {
			buf_printf(&b, " + %s", eb_text(&sa->name.eb));
			used = draw_str(y, x, w, buf_str(&b), r);
			draw_pad(y, x + used, w - used, _("  (a new name)"),
			    selected ? r : R_DIM);
			buf_free(&b);
			return;
		}
		i--;
	}
	au = &sa->all[sa->shown[i]];
	buf_printf(&b, "   %s", au->name);
	if (*au->organisation != '\0')
		buf_printf(&b, " (%s)", au->organisation);
	used = draw_str(y, x, w, buf_str(&b), r);
	buf_reset(&b);
	buf_printf(&b, P_("  %lld proposal", "  %lld proposals", au->count),
	    (long long)au->count);
	draw_pad(y, x + used, w - used, buf_str(&b), selected ? r : R_DIM);
	buf_free(&b);
}

static const struct list_source speaker_add_source = {
	.count = speaker_add_count, .draw_row = speaker_add_row,
};

static void
speaker_add_draw(struct app *a, void *st)
{
	struct speaker_add *sa = st;
	int w = COLS - 4, h = LINES - 6, y = 2, x;

	(void)a;
	if (w > 76)
		w = 76;
	if (h > (int)sa->nall + 7)
		h = (int)sa->nall + 7;
	if (h < 8)
		h = 8;
	x = (COLS - w) / 2;
	draw_clear(y, x, h, w);
	draw_box(y, x, h, w, _("Add a speaker to the queue"), true);
	draw_str(y + h - 2, x + 2, w - 4, _("Type a name · Up/Down: one from "
	    "the file · Enter adds · Esc"), R_DIM);
	list_draw(&sa->list, &speaker_add_source, sa, y + 2, x + 1, h - 4,
	    w - 2, sa->nall == 0 ? _("Type the speaker's name") :
	    _("Nobody in the file by that name: type it whole"));
	draw_str(y + 1, x + 2, 6, _("Name:"), R_DIM);
	editor_draw(&sa->name, y + 1, x + 8, 1, w - 10, true, NULL);
}

/* Appends a speaker to the queue and says where they stand. */
static void
meeting_enqueue(struct app *a, struct meeting *m, const char *name,
    const char *organisation)
{
	struct speaker *s;
	struct buf b = {0};

	m->queue = xreallocarray(m->queue, m->nqueue + 1, sizeof *m->queue);
	s = &m->queue[m->nqueue++];
	s->name = xstrdup(name);
	s->organisation = xstrdup(organisation != NULL ? organisation : "");
	speaker_name(&b, s);
	if (m->now.name == NULL && m->nqueue == 1)
		app_msg(a, _("%s is first in the queue: Ctrl-N gives them the "
		    "floor"), buf_str(&b));
	else
		app_msg(a, _("%s is in the queue, number %zu"), buf_str(&b),
		    m->nqueue);
	buf_free(&b);
}

static bool
speaker_new_done(struct app *a, void *ctx, char **v)
{
	struct meeting *m = ctx;

	if (v[0][strspn(v[0], " ")] == '\0') {
		app_err(a, _("A speaker needs a name"));
		return false;
	}
	meeting_enqueue(a, m, v[0], v[1]);
	return true;
}

static bool
speaker_add_key(struct app *a, void *st, int key)
{
	struct speaker_add *sa = st;

	if (key == K_FN(KX_PASTE)) {
		editor_paste(&sa->name, buf_str(&a->paste));
		sa->list.sel = 0;
		speaker_add_filter(sa);
		return true;
	}
	switch (keymap_lookup(&speaker_add_ops, key)) {
	case ACT_UP:
	case ACT_DOWN:
	case ACT_PGUP:
	case ACT_PGDN:
		return false;
	default:
		break;
	}
	if (editor_key(&sa->name, key) == ED_CHANGED) {
		sa->list.sel = 0;
		speaker_add_filter(sa);
		return true;
	}
	return false;
}

static bool
speaker_add_action(struct app *a, void *st, enum action act)
{
	struct speaker_add *sa = st;
	struct meeting *m = sa->m;
	size_t sel;

	if (list_action(&sa->list, speaker_add_rows(sa), act))
		return true;
	switch (act) {
	case ACT_SAVE:
	case ACT_OPEN:
		if (speaker_add_rows(sa) == 0) {
			app_msg(a, _("Type the speaker's name"));
			return true;
		}
		sel = sa->list.sel;
		if (!eb_blank(&sa->name.eb) && sel == 0) {
			/* A new name: its organisation, if any, then in. */
			const char *const labels[] = {_("Name"),
			    _("Organisation (if any)")};
			char *name = xstrdup(eb_text(&sa->name.eb));
			const char *v[2] = {name, ""};

			app_pop(a);
			form_open(a, _("A new speaker"), 2, labels, v,
			    speaker_new_done, m);
			free(name);
			return true;
		}
		if (!eb_blank(&sa->name.eb))
			sel--;
		meeting_enqueue(a, m, sa->all[sa->shown[sel]].name,
		    sa->all[sa->shown[sel]].organisation);
		app_pop(a);
		return true;
	case ACT_BACK:
	case ACT_QUIT:
		app_pop(a);
		return true;
	default:
		return false;
	}
}

static void
speaker_add_close(struct app *a, void *st)
{
	struct speaker_add *sa = st;
	size_t i;

	(void)a;
	for (i = 0; i < sa->nall; i++)
		free(sa->folded[i]);
	free(sa->folded);
	free(sa->shown);
	author_free(sa->all, sa->nall);
	editor_free(&sa->name);
	free(sa);
}

static const enum action speaker_add_actions[] = {
	ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN, ACT_SAVE, ACT_OPEN, ACT_BACK,
	ACT_QUIT, ACT_NONE,
};

static const struct screen_ops speaker_add_ops = {
	.name = N_("add a speaker"),
	.actions = speaker_add_actions,
	.modal = true,
	.draw = speaker_add_draw,
	.key = speaker_add_key,
	.action = speaker_add_action,
	.close = speaker_add_close,
};

static void
speaker_add_open(struct app *a, struct meeting *m)
{
	struct speaker_add *sa = xcalloc(1, sizeof *sa);
	struct buf b = {0}, f = {0};
	size_t i;

	sa->m = m;
	editor_init(&sa->name, true);
	list_init(&sa->list, 1);
	if (author_list(a->f, AUTHORS_MAX, &sa->all, &sa->nall) != ST_OK)
		app_status(a, ST_DB, _("Reading the authors"));
	sa->folded = xcalloc(sa->nall + 1, sizeof *sa->folded);
	sa->shown = xcalloc(sa->nall + 1, sizeof *sa->shown);
	for (i = 0; i < sa->nall; i++) {
		buf_reset(&b);
		buf_reset(&f);
		buf_printf(&b, "%s (%s)", sa->all[i].name,
		    sa->all[i].organisation);
		text_fold(&f, b.data, b.len, true);
		sa->folded[i] = xstrdup(buf_str(&f));
	}
	buf_free(&b);
	buf_free(&f);
	speaker_add_filter(sa);
	app_push(a, &speaker_add_ops, sa);
}

/* ---- the capture screen's side ---- */

bool
meeting_action(struct app *a, enum action act)
{
	struct meeting *m;

	switch (act) {
	case ACT_CLOCK:
	case ACT_SPEAKER_CLOCK:
	case ACT_EXTEND:
	case ACT_CLOCKS:
	case ACT_NEXT_SPEAKER:
	case ACT_QUEUE:
	case ACT_SUMMARY:
		break;
	default:
		return false;
	}
	m = meeting_current(a);
	switch (act) {
	case ACT_CLOCK:
		meeting_session_toggle(a, m);
		break;
	case ACT_SPEAKER_CLOCK:
		meeting_speaker_toggle(a, m);
		break;
	case ACT_EXTEND:
		meeting_extend(a, m, true, 60000);
		break;
	case ACT_CLOCKS:
		meeting_clocks_open(a, m);
		break;
	case ACT_NEXT_SPEAKER:
		meeting_next(a, m);
		break;
	case ACT_QUEUE:
		queue_open(a, m);
		break;
	default:
		summary_open(a, a->track_id, a->session_id);
		break;
	}
	return true;
}

/* One clock as drawn: "⏱ 38:12", paused "⏱ 38:12 ‖". */
static void
clock_text(struct buf *b, const char *glyph, const struct timer *t,
    int64_t now, bool mark_pause_before)
{
	if (mark_pause_before && !t->running)
		buf_adds(b, "‖ ");
	else
		buf_printf(b, "%s ", glyph);
	timer_format(b, timer_left(t, now));
	if (!mark_pause_before && !t->running)
		buf_adds(b, " ‖");
}

int
meeting_draw_clocks(struct app *a, int y, int x, int w)
{
	struct meeting *m = meeting_current(a);
	struct buf s = {0}, p = {0};
	int64_t now = meeting_now(a);
	int sw, pw = 0, total, cx;

	clock_text(&s, "⏱", &m->session, now, false);
	sw = draw_width(buf_str(&s));
	if (m->speaking) {
		clock_text(&p, "▶", &m->speaker, now, true);
		pw = draw_width(buf_str(&p));
	}
	/* A space either side: the clocks never touch the place. */
	total = 1 + sw + (pw > 0 ? pw + 2 : 0) + 1;
	if (total > w) {
		buf_free(&s);
		buf_free(&p);
		return 0;
	}
	cx = x + w - total + 1;
	draw_fill(y, cx - 1, 1, R_TITLE);
	draw_str(y, cx, sw, buf_str(&s), timer_warning(&m->session, now) ?
	    R_ERROR : R_TITLE);
	if (pw > 0) {
		draw_fill(y, cx + sw, 2, R_TITLE);
		draw_str(y, cx + sw + 2, pw, buf_str(&p),
		    timer_warning(&m->speaker, now) ? R_ERROR : R_TITLE);
	}
	draw_fill(y, x + w - 1, 1, R_TITLE);
	buf_free(&s);
	buf_free(&p);
	return total;
}

void
meeting_draw_speakers(struct app *a, int y, int x, int w)
{
	struct meeting *m = meeting_current(a);
	struct buf b = {0};
	size_t i;
	int used = 1;

	draw_fill(y, x, w, R_NORMAL);
	if (m->now.name == NULL && m->nqueue == 0) {
		draw_str(y, x + 1, w - 1, _("Speaker: nobody · Alt-q: the "
		    "queue · Ctrl-T: the session clock · Alt-t: clocks"),
		    R_DIM);
		return;
	}
	used += draw_str(y, x + used, w - used, _("Speaker: "), R_DIM);
	if (m->now.name != NULL)
		speaker_name(&b, &m->now);
	else
		buf_adds(&b, _("nobody (Ctrl-N: the next)"));
	used += draw_str(y, x + used, w - used, buf_str(&b), m->now.name !=
	    NULL ? R_STATUS : R_DIM);
	if (m->nqueue > 0 && used + 4 < w) {
		used += draw_str(y, x + used, w - used, _("   Queue: "), R_DIM);
		buf_reset(&b);
		for (i = 0; i < m->nqueue; i++)
			buf_printf(&b, "%s%s", i > 0 ? ", " : "",
			    m->queue[i].name);
		draw_str(y, x + used, w - used, buf_str(&b), R_NORMAL);
	}
	buf_free(&b);
}

bool
meeting_speaker(struct app *a, const char **name, const char **organisation)
{
	struct meeting *m = meeting_current(a);

	if (m->now.name == NULL)
		return false;
	*name = m->now.name;
	*organisation = m->now.organisation != NULL ? m->now.organisation : "";
	return true;
}

/* Whole seconds shown for timer t now: a change means a redraw. */
static int64_t
clock_shown(const struct timer *t, int64_t now)
{
	int64_t left = timer_left(t, now);

	return left >= 0 ? (left + 999) / 1000 : -((-left + 999) / 1000);
}

void
meetings_tick(struct app *a)
{
	struct meetings *ms = a->meetings;
	struct meeting *m;
	struct buf b = {0};
	unsigned es, ep;
	int64_t now, v;
	size_t i;
	bool bell = false;

	if (ms == NULL)
		return;
	now = timer_clock_now(&ms->clock);
	for (i = 0; i < ms->n; i++) {
		m = ms->v[i];
		es = timer_poll(&m->session, now);
		ep = m->speaking ? timer_poll(&m->speaker, now) : 0;
		buf_reset(&b);
		if (m->now.name != NULL)
			speaker_name(&b, &m->now);
		else
			buf_adds(&b, _("The speaker"));
		if (ep & TIMER_EV_UP)
			app_err(a, _("%s: the time is up (Alt-= gives one more "
			    "minute; Ctrl-N: the next speaker)"), buf_str(&b));
		else if (ep & TIMER_EV_WARN)
			app_err(a, P_("%s: %lld second left", "%s: %lld seconds "
			    "left", MEETING_SPEAKER_WARN_MS / 1000), buf_str(&b),
			    (long long)(MEETING_SPEAKER_WARN_MS / 1000));
		if (es & TIMER_EV_UP)
			app_err(a, _("The session's time is up (Alt-t: more "
			    "time, or close the session)"));
		else if (es & TIMER_EV_WARN)
			app_err(a, P_("The session has %lld minute left",
			    "The session has %lld minutes left",
			    MEETING_SESSION_WARN_MS / 60000),
			    (long long)(MEETING_SESSION_WARN_MS / 60000));
		bell = bell || es != 0 || ep != 0;
		if (m->track_id != a->track_id ||
		    m->session_id != a->session_id)
			continue;
		/* The shown place: redraw when a shown figure changes. */
		v = clock_shown(&m->session, now);
		if (v != m->shown[0]) {
			m->shown[0] = v;
			a->dirty = true;
		}
		v = m->speaking ? clock_shown(&m->speaker, now) : 0;
		if (v != m->shown[1]) {
			m->shown[1] = v;
			a->dirty = true;
		}
	}
	buf_free(&b);
	if (bell)
		beep();
}
