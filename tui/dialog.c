/*
 * dialog.c: menus and forms (see dialog.h), drawn as boxes over the
 * screen below; both are screens with const descriptors like any other.
 */
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "../model/i18n.h"
#include "../model/text.h"
#include "../model/util.h"
#include "dialog.h"
#include "draw.h"
#include "editor.h"
#include "files.h"
#include "keymap.h"
#include "list.h"

/* ---- menu ---- */

struct menu {
	char *title;
	char **items;
	size_t n;
	struct list list;
	menu_fn done;
	void *ctx;
};

static size_t
menu_count(void *ctx)
{
	return ((struct menu *)ctx)->n;
}

static void
menu_row(void *ctx, size_t i, int y, int x, int w, int h, bool selected)
{
	struct menu *m = ctx;
	struct buf b = {0};

	(void)h;
	if (i < 9)
		buf_printf(&b, "%zu ", i + 1);
	else
		buf_adds(&b, "  ");
	buf_adds(&b, m->items[i]);
	draw_pad(y, x, w, buf_str(&b), selected ? R_SELECTED : R_NORMAL);
	buf_free(&b);
}

static const struct list_source menu_source = {
	.count = menu_count, .draw_row = menu_row,
};

static void
menu_draw(struct app *a, void *st)
{
	struct menu *m = st;
	int w = 20, h, y, x;
	size_t i;

	(void)a;
	for (i = 0; i < m->n; i++)
		if (draw_width(m->items[i]) + 4 > w)
			w = draw_width(m->items[i]) + 4;
	if (draw_width(m->title) + 6 > w)
		w = draw_width(m->title) + 6;
	if (w > COLS - 4)
		w = COLS - 4;
	h = (int)m->n + 2;
	if (h > LINES - 4)
		h = LINES - 4;
	y = (LINES - h) / 2;
	x = (COLS - w) / 2;
	draw_clear(y, x, h, w);
	draw_box(y, x, h, w, m->title, true);
	list_draw(&m->list, &menu_source, m, y + 1, x + 1, h - 2, w - 2, NULL);
}

static void
menu_close(struct app *a, void *st)
{
	struct menu *m = st;
	size_t i;

	(void)a;
	for (i = 0; i < m->n; i++)
		free(m->items[i]);
	free(m->items);
	free(m->title);
	free(m);
}

/* Closes the menu, then reports the choice. */
static void
menu_choose(struct app *a, struct menu *m, size_t choice)
{
	menu_fn done = m->done;
	void *ctx = m->ctx;

	app_pop(a);
	done(a, ctx, choice);
}

static bool
menu_key(struct app *a, void *st, int key)
{
	struct menu *m = st;

	if (key >= '1' && key <= '9' && (size_t)(key - '1') < m->n) {
		menu_choose(a, m, (size_t)(key - '1'));
		return true;
	}
	return false;
}

static bool
menu_action(struct app *a, void *st, enum action act)
{
	struct menu *m = st;

	if (list_action(&m->list, m->n, act))
		return true;
	if ((act == ACT_OPEN || act == ACT_SAVE) && m->n > 0) {
		menu_choose(a, m, m->list.sel);
		return true;
	}
	if (act == ACT_BACK || act == ACT_QUIT) {
		app_pop(a);
		return true;
	}
	return false;
}

static const enum action menu_actions[] = {
	ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN, ACT_FIRST, ACT_LAST, ACT_OPEN,
	ACT_SAVE, ACT_BACK, ACT_QUIT, ACT_NONE,
};

static const struct screen_ops menu_ops = {
	.name = N_("menu"),
	.actions = menu_actions,
	.modal = true,
	.draw = menu_draw,
	.key = menu_key,
	.action = menu_action,
	.close = menu_close,
};

void
menu_open(struct app *a, const char *title, const char *const *items,
    size_t n, size_t sel, menu_fn done, void *ctx)
{
	struct menu *m = xcalloc(1, sizeof *m);
	size_t i;

	m->title = xstrdup(title);
	m->items = xcalloc(n > 0 ? n : 1, sizeof *m->items);
	for (i = 0; i < n; i++)
		m->items[i] = xstrdup(items[i]);
	m->n = n;
	list_init(&m->list, 1);
	m->list.sel = sel < n ? sel : 0;
	m->done = done;
	m->ctx = ctx;
	app_push(a, &menu_ops, m);
}

/* ---- the F9 menu of actions ---- */

struct action_menu {
	const struct screen_ops *ops;
	enum action acts[ACT__COUNT];
};

static void
action_menu_done(struct app *a, void *ctx, size_t choice)
{
	struct action_menu *am = ctx;
	enum action act = am->acts[choice];
	const struct screen_ops *ops = am->ops;

	free(am);
	if (a->depth > 0 && a->stack[a->depth - 1].ops == ops &&
	    screen_handles(ops, act) && ops->action != NULL &&
	    ops->action(a, a->stack[a->depth - 1].st, act))
		return;
	if (act == ACT_HELP)
		help_open(a, ops);
	else if (act == ACT_UNDO || act == ACT_REDO)
		app_undo(a, act == ACT_REDO);
	else if (act == ACT_SEARCH)
		search_open(a);
	else if (act == ACT_DUPES)
		dupes_open(a);
	else if (act == ACT_STATS)
		stats_open(a);
	else if (act == ACT_ORDER)
		order_open(a);
	else if (act == ACT_FORUM)
		forum_screen_open(a);
	else if (act == ACT_TRACKS)
		tracks_open(a);
	else if (act == ACT_ADDRESSEES)
		addressees_open(a);
	else if (act == ACT_FILES)
		files_open(a);
	else if (act == ACT_QUIT)
		app_pop(a);
}

void
menu_actions_open(struct app *a, const struct screen_ops *ops)
{
	struct action_menu *am = xcalloc(1, sizeof *am);
	struct buf b = {0};
	char **items = xcalloc(ACT__COUNT, sizeof *items);
	size_t n = 0, i;
	int k;

	am->ops = ops;
	for (k = 1; k < ACT__COUNT; k++) {
		enum action act = (enum action)k;
		const char *help;
		size_t hw;

		if (act == ACT_MENU || act == ACT_UP || act == ACT_DOWN ||
		    act == ACT_PGUP || act == ACT_PGDN || act == ACT_FIRST ||
		    act == ACT_LAST || act == ACT_BACK || act == ACT_REDRAW)
			continue;
		if (!screen_handles(ops, act) && !keymap_global(act))
			continue;
		/* Padded by width, not bytes: the help may be Cyrillic. */
		help = _(action_table[act].help);
		hw = text_width(help, strlen(help));
		buf_reset(&b);
		buf_adds(&b, help);
		buf_addn(&b, ' ', (hw < 44 ? 44 - hw : 0) + 1);
		keymap_keys(&b, act);
		items[n] = buf_steal(&b);
		am->acts[n++] = act;
	}
	menu_open(a, _("Menu"), (const char *const *)items, n, 0,
	    action_menu_done, am);
	for (i = 0; i < n; i++)
		free(items[i]);
	free(items);
	buf_free(&b);
}

/* ---- form ---- */

struct form {
	char *title;
	bool text;  /* one multi-line field (form_open_text()) */
	size_t n, focus;
	char **labels;
	struct editor *fields;
	form_fn done;
	void *ctx;
};

static void
form_draw(struct app *a, void *st)
{
	struct form *fm = st;
	int w = COLS - 8, fh = 1, h, y, x, cy = -1, cx = 0;
	size_t i;

	(void)a;
	if (w > 72)
		w = 72;
	if (fm->text) {
		/* As many lines as the text takes, within the screen. */
		struct eb_line *lines;

		fh = (int)eb_layout(&fm->fields[0].eb, (size_t)(w - 4), &lines);
		free(lines);
		if (fh < 3)
			fh = 3;
		if (fh > LINES - 10)
			fh = LINES - 10 > 1 ? LINES - 10 : 1;
	}
	h = (int)fm->n * (fh + 1) + 3;
	y = (LINES - h) / 2;
	x = (COLS - w) / 2;
	draw_clear(y, x, h, w);
	draw_box(y, x, h, w, fm->title, true);
	for (i = 0; i < fm->n; i++) {
		int ry = y + 1 + (int)i * (fh + 1);

		draw_str(ry, x + 2, w - 4, fm->labels[i],
		    i == fm->focus ? R_STATUS : R_DIM);
		editor_draw(&fm->fields[i], ry + 1, x + 2, fh, w - 4,
		    i == fm->focus, NULL);
		if (i == fm->focus) {
			getyx(stdscr, cy, cx);
		}
	}
	draw_str(y + h - 2, x + 2, w - 4, fm->text ?
	    _("Enter: done   Ctrl-J: new line   Esc: cancel") :
	    _("Enter: done   Tab: next field   Esc: cancel"), R_DIM);
	if (cy >= 0)
		draw_cursor(cy, cx);
}

static void
form_close(struct app *a, void *st)
{
	struct form *fm = st;
	size_t i;

	(void)a;
	for (i = 0; i < fm->n; i++) {
		editor_free(&fm->fields[i]);
		free(fm->labels[i]);
	}
	free(fm->fields);
	free(fm->labels);
	free(fm->title);
	free(fm);
}

static bool
form_key(struct app *a, void *st, int key)
{
	struct form *fm = st;

	if (key == K_FN(KX_PASTE)) {
		editor_paste(&fm->fields[fm->focus], buf_str(&a->paste));
		return true;
	}
	if (fm->text)
		return editor_key(&fm->fields[0], key) != ED_IGNORED;
	if (key == K_TAB || key == K_FN(KEY_DOWN)) {
		fm->focus = (fm->focus + 1) % fm->n;
		return true;
	}
	if (key == K_FN(KEY_BTAB) || key == K_FN(KEY_UP)) {
		fm->focus = (fm->focus + fm->n - 1) % fm->n;
		return true;
	}
	return editor_key(&fm->fields[fm->focus], key) != ED_IGNORED;
}

static bool
form_action(struct app *a, void *st, enum action act)
{
	struct form *fm = st;
	char **values;
	size_t i;
	bool close;

	if (act == ACT_BACK || act == ACT_QUIT) {
		app_pop(a);
		return true;
	}
	if (act != ACT_SAVE && act != ACT_OPEN)
		return false;
	values = xcalloc(fm->n, sizeof *values);
	for (i = 0; i < fm->n; i++)
		values[i] = xstrdup(eb_text(&fm->fields[i].eb));
	close = fm->done(a, fm->ctx, values);
	for (i = 0; i < fm->n; i++)
		free(values[i]);
	free(values);
	if (close)
		app_pop(a);
	return true;
}

static const enum action form_actions[] = {
	ACT_SAVE, ACT_OPEN, ACT_BACK, ACT_QUIT, ACT_NONE,
};

static const struct screen_ops form_ops = {
	.name = N_("form"),
	.actions = form_actions,
	.modal = true,
	.draw = form_draw,
	.key = form_key,
	.action = form_action,
	.close = form_close,
};

void
form_open(struct app *a, const char *title, size_t n,
    const char *const *labels, const char *const *values, form_fn done,
    void *ctx)
{
	struct form *fm = xcalloc(1, sizeof *fm);
	size_t i;

	fm->title = xstrdup(title);
	fm->n = n;
	fm->labels = xcalloc(n, sizeof *fm->labels);
	fm->fields = xcalloc(n, sizeof *fm->fields);
	for (i = 0; i < n; i++) {
		fm->labels[i] = xstrdup(labels[i]);
		editor_init(&fm->fields[i], true);
		if (values != NULL && values[i] != NULL)
			eb_set(&fm->fields[i].eb, values[i]);
	}
	fm->done = done;
	fm->ctx = ctx;
	app_push(a, &form_ops, fm);
}

void
form_open_text(struct app *a, const char *title, const char *label,
    const char *value, form_fn done, void *ctx)
{
	const char *const labels[1] = {label};
	const char *const values[1] = {value};
	struct form *fm;

	form_open(a, title, 1, labels, values, done, ctx);
	fm = app_top(a, &form_ops);
	if (fm == NULL)
		return;
	fm->text = true;
	fm->fields[0].single = false;
}
