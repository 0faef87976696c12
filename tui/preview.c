/*
 * preview.c: the assembled resolution exactly as the text export writes
 * it (the export itself renders it, at the screen's width), scrollable and
 * assembled again when the data changes, once it is drawn.  Arriving from a proposal, its items are
 * highlighted and the first is selected; Esc goes back.  F4 on an item
 * edits that proposal's text.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "../exports/export.h"
#include "../model/i18n.h"
#include "../model/records.h"
#include "../model/resolution.h"
#include "../model/util.h"
#include "dialog.h"
#include "draw.h"
#include "list.h"

struct pline {
	char *text;
	int64_t pid; /* the item's proposal, 0 outside items */
};

struct preview {
	struct app *app;
	int64_t target;
	struct pline *lines;
	size_t n;
	int width; /* the lines were made for this width */
	struct list list;
	bool placed;
	int64_t edit_pid;
};

static void
preview_free_lines(struct preview *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		free(p->lines[i].text);
	free(p->lines);
	p->lines = NULL;
	p->n = 0;
}

/* The proposal whose item number starts line s, or 0. */
static int64_t
preview_item(const struct resolution *r, const char *s)
{
	size_t b, i, len;

	for (b = 0; b < r->nblocks; b++) {
		if (r->blocks[b].kind != BLOCK_SECTION)
			continue;
		for (i = 0; i < r->blocks[b].nitems; i++) {
			len = strlen(r->blocks[b].items[i].number);
			if (strncmp(s, r->blocks[b].items[i].number, len) == 0 &&
			    s[len] == ' ')
				return r->blocks[b].items[i].proposal_id;
		}
	}
	return 0;
}

static void
preview_build(struct app *a, struct preview *p, int width)
{
	struct export_options o = {.width = (unsigned)width, .date = -1};
	struct resolution *r = NULL;
	char *data = NULL, *s, *nl;
	size_t size = 0;
	FILE *mem;
	int64_t pid = 0;

	preview_free_lines(p);
	p->width = width;
	if (resolution_assemble(a->f, &r) != ST_OK) {
		app_err(a, _("Cannot assemble the resolution: %s"),
		    forum_error(a->f));
		return;
	}
	if ((mem = open_memstream(&data, &size)) == NULL) {
		resolution_free(r);
		return;
	}
	export_txt.write(a->f, r, &o, mem);
	if (fclose(mem) != 0) {
		app_err(a, _("Cannot show the resolution: %s"), strerror(errno));
		free(data);
		resolution_free(r);
		return;
	}
	for (s = data; s != NULL && *s != '\0'; s = nl) {
		nl = strchr(s, '\n');
		if (nl != NULL)
			*nl++ = '\0';
		if (*s == '\0')
			pid = 0;
		else if (*s != ' ') {
			int64_t item = preview_item(r, s);

			pid = item;
		}
		p->lines = xreallocarray(p->lines, p->n + 1, sizeof *p->lines);
		p->lines[p->n].text = xstrdup(s);
		p->lines[p->n].pid = pid;
		p->n++;
	}
	free(data);
	resolution_free(r);
	list_clamp(&p->list, p->n);
}

static size_t
preview_count(void *ctx)
{
	return ((struct preview *)ctx)->n;
}

static void
preview_row(void *ctx, size_t i, int y, int x, int w, int h, bool selected)
{
	struct preview *p = ctx;

	(void)h;
	draw_pad(y, x, w, p->lines[i].text, selected ? R_SELECTED :
	    p->target != 0 && p->lines[i].pid == p->target ? R_MARK :
	    R_NORMAL);
}

static const struct list_source preview_source = {
	.count = preview_count, .draw_row = preview_row,
};

/* Selects the first line of the target's item, once, on arrival. */
static void
preview_place(struct app *a, struct preview *p)
{
	size_t i;

	if (p->placed || p->target == 0)
		return;
	p->placed = true;
	for (i = 0; i < p->n; i++)
		if (p->lines[i].pid == p->target) {
			p->list.page = LINES - 3;
			p->list.top = i > 3 ? i - 3 : 0;
			list_select(&p->list, p->n, i);
			return;
		}
	app_msg(a, _("This proposal is not in the draft (only accepted "
	    "proposals are)"));
}

static void
preview_draw(struct app *a, void *st)
{
	struct preview *p = st;

	if (p->width != COLS - 2)
		preview_build(a, p, COLS - 2);
	preview_place(a, p);
	draw_pad(0, 0, COLS, _("Preview of the resolution (Esc goes back, F4 "
	    "edits an item)"), R_TITLE);
	list_draw(&p->list, &preview_source, p, 1, 1, LINES - 3, COLS - 2,
	    _("The resolution is empty"));
}

static bool
preview_edit_done(struct app *a, void *ctx, char **v)
{
	struct preview *p = ctx;
	struct proposal pr;
	enum status st;

	if ((st = proposal_get(a->f, p->edit_pid, &pr)) != ST_OK) {
		app_status(a, st, _("Edit"));
		return true;
	}
	free(pr.text);
	pr.text = xstrdup(v[0]);
	if (pr.text[strspn(pr.text, " \t\n")] == '\0') {
		proposal_clear(&pr);
		app_err(a, _("The text cannot be empty (F8 in the list deletes "
		    "a proposal)"));
		return false;
	}
	if ((st = forum_begin(a->f, N_("edit a proposal"))) == ST_OK) {
		st = proposal_update(a->f, &pr);
		st = st == ST_OK ? forum_commit(a->f) : st;
		if (st != ST_OK && forum_in_action(a->f))
			forum_rollback(a->f);
	}
	proposal_clear(&pr);
	if (st != ST_OK) {
		/* The form stays open with the text: nothing is lost. */
		app_status(a, st, _("Edit"));
		return false;
	}
	app_msg(a, _("Saved"));
	app_reload(a);
	return true;
}

static bool
preview_action(struct app *a, void *st, enum action act)
{
	struct preview *p = st;
	struct proposal pr;

	if (list_action(&p->list, p->n, act))
		return true;
	if (act == ACT_BACK || act == ACT_QUIT || act == ACT_PREVIEW) {
		app_pop(a);
		return true;
	}
	if (act == ACT_EDIT && p->n > 0 && p->lines[p->list.sel].pid != 0) {
		p->edit_pid = p->lines[p->list.sel].pid;
		if (proposal_get(a->f, p->edit_pid, &pr) == ST_OK) {
			form_open_text(a, _("Edit the proposal"), _("Text (as "
			    "captured; the draft adds «Рекомендовать» where "
			    "the addressee needs it)"), pr.text,
			    preview_edit_done, p);
			proposal_clear(&pr);
		}
		return true;
	}
	return false;
}

/*
 * The file changed: the document is assembled again when it is next drawn,
 * so only while the preview shows (assembling 100,000 proposals takes a
 * third of a second; a capture screen on top saves often).
 */
static void
preview_reload(struct app *a, void *st)
{
	struct preview *p = st;

	(void)a;
	p->width = -1;
}

static void
preview_close(struct app *a, void *st)
{
	struct preview *p = st;

	(void)a;
	preview_free_lines(p);
	free(p);
}

static const enum action preview_actions[] = {
	ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN, ACT_FIRST, ACT_LAST, ACT_EDIT,
	ACT_BACK, ACT_QUIT, ACT_PREVIEW, ACT_NONE,
};

static const struct screen_ops preview_ops = {
	.name = N_("preview"),
	.actions = preview_actions,
	.draw = preview_draw,
	.action = preview_action,
	.reload = preview_reload,
	.close = preview_close,
};

void
preview_open(struct app *a, int64_t proposal_id)
{
	struct preview *p = xcalloc(1, sizeof *p);

	p->app = a;
	p->target = proposal_id;
	list_init(&p->list, 1);
	/* Built now, so that what placing says shows with the first draw. */
	preview_build(a, p, COLS - 2);
	preview_place(a, p);
	app_push(a, &preview_ops, p);
}
