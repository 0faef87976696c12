/*
 * help.c: the help screen (F1, ?), made from the action table: the keys of
 * the screen it was opened from, then the global ones, then the editor's.
 */
#include <stdlib.h>

#include <curses.h>

#include "../model/i18n.h"
#include "../model/util.h"
#include "draw.h"
#include "keymap.h"
#include "list.h"

struct help {
	char **lines;
	size_t n;
	struct list list;
};

/* The editor's keys are its own (editor.c), not actions. */
static const char *const editor_help[] = {
	"",
	N_("In the text editor:"),
	N_("  Left, Right, Ctrl-B, Ctrl-F     a character"),
	N_("  Ctrl-Left, Ctrl-Right, Alt-B, Alt-F   a word"),
	N_("  Home, End, Ctrl-A, Ctrl-E       start and end of the line"),
	N_("  Up, Down                        the line above and below"),
	N_("  Backspace, Delete, Ctrl-D       delete a character"),
	N_("  Ctrl-W, Alt-Backspace           delete the word before"),
	N_("  Alt-D, Ctrl-Delete              delete the word after"),
	N_("  Ctrl-K                          delete to the end of the line"),
	N_("  Ctrl-J, Alt-Enter               a hard line break"),
	N_("  Pasted text arrives whole (bracketed paste)."),
};

static size_t
help_count(void *ctx)
{
	return ((struct help *)ctx)->n;
}

static void
help_row(void *ctx, size_t i, int y, int x, int w, int h, bool selected)
{
	struct help *hp = ctx;

	(void)h;
	draw_pad(y, x, w, hp->lines[i], selected ? R_SELECTED : R_NORMAL);
}

static const struct list_source help_source = {
	.count = help_count, .draw_row = help_row,
};

static void
help_draw(struct app *a, void *st)
{
	struct help *hp = st;

	(void)a;
	draw_pad(0, 0, COLS, hp->n > (size_t)(LINES - 3) ?
	    _("Help: every key (PgDn for more; Esc or F10 closes)") :
	    _("Help: every key (Esc or F10 closes)"), R_TITLE);
	list_draw(&hp->list, &help_source, hp, 1, 0, LINES - 3, COLS, NULL);
}

static bool
help_action(struct app *a, void *st, enum action act)
{
	struct help *hp = st;

	if (list_action(&hp->list, hp->n, act))
		return true;
	if (act == ACT_BACK || act == ACT_QUIT || act == ACT_HELP) {
		app_pop(a);
		return true;
	}
	return false;
}

static void
help_close(struct app *a, void *st)
{
	struct help *hp = st;
	size_t i;

	(void)a;
	for (i = 0; i < hp->n; i++)
		free(hp->lines[i]);
	free(hp->lines);
	free(hp);
}

static const enum action help_actions[] = {
	ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN, ACT_FIRST, ACT_LAST, ACT_BACK,
	ACT_QUIT, ACT_HELP, ACT_NONE,
};

static const struct screen_ops help_ops = {
	.name = N_("help"),
	.actions = help_actions,
	.draw = help_draw,
	.action = help_action,
	.close = help_close,
};

static void
help_add(struct help *hp, char *line)
{
	hp->lines = xreallocarray(hp->lines, hp->n + 1, sizeof *hp->lines);
	hp->lines[hp->n++] = line;
}

/* One line per action of the given kind. */
static void
help_section(struct help *hp, const struct screen_ops *of, bool global)
{
	struct buf keys = {0}, b = {0};
	int k;

	for (k = 1; k < ACT__COUNT; k++) {
		enum action act = (enum action)k;

		if (global ? !keymap_global(act) || screen_handles(of, act) :
		    !screen_handles(of, act))
			continue;
		buf_reset(&keys);
		keymap_keys(&keys, act);
		buf_reset(&b);
		buf_printf(&b, "  %-22s %s", buf_str(&keys),
		    _(action_table[act].help));
		help_add(hp, buf_steal(&b));
	}
	buf_free(&keys);
	buf_free(&b);
}

void
help_open(struct app *a, const struct screen_ops *of)
{
	struct help *hp = xcalloc(1, sizeof *hp);
	size_t i;

	help_add(hp, xasprintf(_("On this screen (%s):"), _(of->name)));
	help_section(hp, of, false);
	help_add(hp, xstrdup(""));
	help_add(hp, xstrdup(_("Everywhere:")));
	help_section(hp, of, true);
	for (i = 0; i < sizeof editor_help / sizeof editor_help[0]; i++)
		help_add(hp, xstrdup(*editor_help[i] != '\0' ?
		    _(editor_help[i]) : ""));
	list_init(&hp->list, 1);
	app_push(a, &help_ops, hp);
}
