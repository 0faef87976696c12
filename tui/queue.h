/*
 * queue.h: running a session from the capture screen: the session's clock
 * and the speaker's (timer.h), the speaker queue, and the windows that
 * manage them.  All of it lives in memory, one "meeting" per track and
 * session the interface has run, for as long as the interface runs: the
 * file records only when a session started and ended (session_log.h).
 * The current speaker is the author of what is captured next.
 */
#ifndef AGORA_TUI_QUEUE_H
#define AGORA_TUI_QUEUE_H

#include <stdbool.h>
#include <stdint.h>

#include "app.h"

/* The default lengths, and when the clocks warn. */
#define MEETING_SESSION_MS (INT64_C(90) * 60 * 1000)
#define MEETING_SPEAKER_MS (INT64_C(3) * 60 * 1000)
#define MEETING_SESSION_WARN_MS (INT64_C(60) * 1000)
#define MEETING_SPEAKER_WARN_MS (INT64_C(15) * 1000)

/*
 * Handles a meeting action of the capture screen (ACT_CLOCK,
 * ACT_SPEAKER_CLOCK, ACT_EXTEND, ACT_CLOCKS, ACT_NEXT_SPEAKER, ACT_QUEUE,
 * ACT_SUMMARY) for the current place (a->track_id, a->session_id); false
 * if act is none of them.
 */
bool meeting_action(struct app *a, enum action act);

/*
 * Draws the current place's clocks at the right end of the w columns from
 * (y, x): "⏱ 38:12  ▶ 02:41", a clock in its warning colours once it is
 * near or past its end.  Returns the columns used.
 */
int meeting_draw_clocks(struct app *a, int y, int x, int w);

/* Draws "Speaker: … Queue: …" for the current place in w columns. */
void meeting_draw_speakers(struct app *a, int y, int x, int w);

/*
 * The current place's speaker: true and the name and organisation ("" if
 * none), owned by the meeting and valid until its queue changes; false if
 * nobody speaks.
 */
bool meeting_speaker(struct app *a, const char **name,
    const char **organisation);

/* Every poll: gives the clocks' warnings (a message and the bell) and
 * marks the screen for a redraw when a shown clock changes. */
void meetings_tick(struct app *a);

/* Frees every meeting (at the end of the interface). */
void meetings_free(struct app *a);

#endif
