/*
 * order.c: the ordering screen (secretariat): the addressees in the order
 * of the resolution, with their section numbers, and the proposals under
 * the chosen one in their order, with their item numbers.  Shift-Up and
 * Shift-Down move the selected addressee or proposal; F5 copies a
 * proposal to another addressee as well, F6 moves it there, F3 picks its
 * addressees, F4 edits its text, Ctrl-P shows it in the preview.
 *
 * The numbers are the assembler's own (resolution_assemble()), taken
 * again after every change, so what this screen shows is what the export
 * and the preview print; an open preview re-assembles on the same change.
 */
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "../model/i18n.h"
#include "../model/records.h"
#include "../model/resolution.h"
#include "../model/util.h"
#include "dialog.h"
#include "draw.h"
#include "list.h"
#include "picker.h"

struct order {
	struct app *app;
	struct addressee *addr;
	size_t naddr;
	char **anum;     /* each addressee's section number, or NULL */
	size_t *aitems;  /* each addressee's items in the draft */
	struct addressee_item *items; /* of the selected addressee */
	size_t nitems;
	char **inum;     /* each item's number in the draft, or NULL */
	struct list al, il;
	bool focus_items;
	int copy_or_move; /* the menu open: ACT_COPY_TO or ACT_MOVE_TO */
	int64_t edit_pid;
	struct resolution *res; /* as assembled at the last load */
};

static const struct screen_ops order_ops;

static void
order_free_items(struct order *o)
{
	size_t i;

	for (i = 0; i < o->nitems; i++)
		free(o->inum[i]);
	free(o->inum);
	addressee_items_free(o->items, o->nitems);
	o->items = NULL;
	o->inum = NULL;
	o->nitems = 0;
}

static void
order_free_addr(struct order *o)
{
	size_t i;

	for (i = 0; i < o->naddr; i++)
		free(o->anum[i]);
	free(o->anum);
	free(o->aitems);
	addressee_free(o->addr, o->naddr);
	o->addr = NULL;
	o->anum = NULL;
	o->aitems = NULL;
	o->naddr = 0;
}

/* The draft's section of addressee aid in r, or NULL. */
static const struct doc_block *
order_section(const struct resolution *r, int64_t aid)
{
	size_t i;

	for (i = 0; r != NULL && i < r->nblocks; i++)
		if (r->blocks[i].kind == BLOCK_SECTION &&
		    r->blocks[i].addressee_id == aid)
			return &r->blocks[i];
	return NULL;
}

/* Reads the selected addressee's proposals, keeping the selection on the
 * link lid (or the same place, if it is gone). */
static void
order_load_items(struct app *a, struct order *o, int64_t lid)
{
	const struct doc_block *sec;
	size_t i, j;

	order_free_items(o);
	if (o->naddr > 0 && addressee_items(a->f, o->addr[o->al.sel].rec.id,
	    &o->items, &o->nitems) != ST_OK)
		app_status(a, ST_DB, _("Reading the proposals"));
	o->inum = xcalloc(o->nitems + 1, sizeof *o->inum);
	sec = o->naddr > 0 ? order_section(o->res,
	    o->addr[o->al.sel].rec.id) : NULL;
	for (i = 0; i < o->nitems; i++) {
		if (lid != 0 && o->items[i].link_id == lid)
			o->il.sel = i;
		for (j = 0; sec != NULL && j < sec->nitems; j++)
			if (sec->items[j].proposal_id ==
			    o->items[i].proposal_id)
				o->inum[i] = xstrdup(sec->items[j].number);
	}
	list_clamp(&o->il, o->nitems);
}

/*
 * Reads everything again and assembles the resolution for its numbers,
 * keeping the selection on the same addressee and the same link (or the
 * same place, if they are gone).
 */
static void
order_load(struct app *a, void *st)
{
	struct order *o = st;
	const struct doc_block *sec;
	int64_t aid = o->naddr > 0 ? o->addr[o->al.sel].rec.id : 0;
	int64_t lid = o->nitems > 0 ? o->items[o->il.sel].link_id : 0;
	size_t i;

	order_free_items(o);
	order_free_addr(o);
	if (o->res != NULL)
		resolution_free(o->res);
	o->res = NULL;
	if (addressee_list(a->f, &o->addr, &o->naddr) != ST_OK) {
		app_status(a, ST_DB, _("Reading the addressees"));
		return;
	}
	if (resolution_assemble(a->f, &o->res) != ST_OK) {
		app_err(a, _("Cannot assemble the resolution: %s"),
		    forum_error(a->f));
		o->res = NULL;
	}
	o->anum = xcalloc(o->naddr + 1, sizeof *o->anum);
	o->aitems = xcalloc(o->naddr + 1, sizeof *o->aitems);
	for (i = 0; i < o->naddr; i++) {
		if (o->addr[i].rec.id == aid)
			o->al.sel = i;
		if ((sec = order_section(o->res, o->addr[i].rec.id)) != NULL) {
			o->anum[i] = xstrdup(sec->number);
			o->aitems[i] = sec->nitems;
		}
	}
	list_clamp(&o->al, o->naddr);
	order_load_items(a, o, lid);
}

static size_t
addr_count(void *ctx)
{
	return ((struct order *)ctx)->naddr;
}

static void
addr_row(void *ctx, size_t i, int y, int x, int w, int h, bool selected)
{
	struct order *o = ctx;
	struct buf b = { 0 }, c = { 0 };
	enum draw_role r = selected ? (o->focus_items ? R_MARK : R_SELECTED) :
	    R_NORMAL;

	(void)h;
	buf_printf(&b, "%-4s %s", o->anum[i] != NULL ? o->anum[i] : "–",
	    o->addr[i].label);
	if (o->aitems[i] > 0)
		buf_printf(&c, "%zu ", o->aitems[i]);
	draw_pad(y, x, w - 5, buf_str(&b), r);
	draw_right(y, x + w - 5, 5, buf_str(&c), r);
	buf_free(&b);
	buf_free(&c);
}

static const struct list_source addr_source = {
	.count = addr_count, .draw_row = addr_row,
};

static const char *
status_glyph(int status)
{
	switch (status) {
	case PROPOSAL_ACCEPTED: return "✓";
	case PROPOSAL_REJECTED: return "✗";
	case PROPOSAL_MERGED: return "⇢";
	default: return "·";
	}
}

static size_t
item_count(void *ctx)
{
	return ((struct order *)ctx)->nitems;
}

static void
item_row(void *ctx, size_t i, int y, int x, int w, int h, bool selected)
{
	struct order *o = ctx;
	struct buf b = { 0 };
	enum draw_role r = selected && o->focus_items ? R_SELECTED :
	    o->inum[i] != NULL ? R_NORMAL : R_DIM;

	(void)h;
	buf_printf(&b, "%-7s %s %s", o->inum[i] != NULL ? o->inum[i] : "",
	    status_glyph(o->items[i].status), o->items[i].text);
	draw_pad(y, x, w, buf_str(&b), r);
	buf_free(&b);
}

static const struct list_source item_source = {
	.count = item_count, .draw_row = item_row,
};

static void
order_draw(struct app *a, void *st)
{
	struct order *o = st;
	struct buf t = { 0 };
	int h = LINES - 3, aw = COLS * 2 / 5;

	(void)a;
	draw_pad(0, 0, COLS, _("Order of the resolution: Shift-Up/Down move, "
	    "F5 copy, F6 move to an addressee"), R_TITLE);
	draw_box(1, 0, h, aw, _("Addressees"), !o->focus_items);
	list_draw(&o->al, &addr_source, o, 2, 1, h - 2, aw - 2,
	    _("No addressees yet"));
	if (o->naddr > 0)
		buf_printf(&t, _("Under %s"), o->addr[o->al.sel].label);
	else
		buf_adds(&t, _("Proposals"));
	draw_box(1, aw, h, COLS - aw, buf_str(&t), o->focus_items);
	list_draw(&o->il, &item_source, o, 2, aw + 1, h - 2, COLS - aw - 2,
	    o->naddr > 0 ? _("No proposal is tagged with this addressee") :
	    NULL);
	buf_free(&t);
}

/* Moves the selected addressee or item by delta places. */
static void
order_move(struct app *a, struct order *o, int delta)
{
	enum status st;
	size_t from;

	if (o->focus_items) {
		if (o->nitems == 0)
			return;
		from = o->il.sel;
		if ((delta < 0 && from == 0) ||
		    (delta > 0 && from + 1 >= o->nitems))
			return;
		st = record_move(a->f, "proposal_addressee",
		    o->items[from].link_id, (int64_t)from + 1 + delta);
	} else {
		if (o->naddr == 0)
			return;
		from = o->al.sel;
		if ((delta < 0 && from == 0) ||
		    (delta > 0 && from + 1 >= o->naddr))
			return;
		st = record_move(a->f, "addressee", o->addr[from].rec.id,
		    (int64_t)from + 1 + delta);
	}
	if (st != ST_OK) {
		app_status(a, st, _("Move"));
		return;
	}
	app_reload(a); /* the selection follows the record */
}

/* The menu of the other addressees has closed: copy or move there. */
static void
order_target_done(struct app *a, void *ctx, size_t choice)
{
	struct order *o = ctx;
	const struct addressee_item *it;
	int64_t from, to;
	size_t i, k;
	enum status st;
	bool move = o->copy_or_move == ACT_MOVE_TO;

	if (app_top(a, &order_ops) != o || o->nitems == 0 || o->naddr < 2)
		return;
	it = &o->items[o->il.sel];
	from = o->addr[o->al.sel].rec.id;
	/* The menu listed every addressee but the current one. */
	for (i = 0, k = 0; i < o->naddr; i++) {
		if (o->addr[i].rec.id == from)
			continue;
		if (k++ == choice)
			break;
	}
	if (i == o->naddr)
		return;
	to = o->addr[i].rec.id;
	st = forum_begin(a->f, move ? N_("move to another addressee") :
	    N_("copy to another addressee"));
	if (st == ST_OK && move)
		st = proposal_untag(a->f, it->proposal_id, from);
	if (st == ST_OK)
		st = proposal_tag(a->f, it->proposal_id, to);
	if (st == ST_OK)
		st = forum_commit(a->f);
	else if (forum_in_action(a->f))
		forum_rollback(a->f);
	if (st != ST_OK) {
		app_status(a, st, move ? _("Move") : _("Copy"));
		return;
	}
	app_msg(a, move ? _("Moved to %s") : _("Copied to %s"),
	    o->addr[i].label);
	app_reload(a);
}

static void
order_pick_target(struct app *a, struct order *o, enum action act)
{
	const char **items;
	int64_t from;
	size_t i, n = 0;

	if (!o->focus_items || o->nitems == 0) {
		app_msg(a, _("Choose a proposal first (Tab goes to the "
		    "proposals)"));
		return;
	}
	if (o->naddr < 2) {
		app_msg(a, _("There is no other addressee"));
		return;
	}
	from = o->addr[o->al.sel].rec.id;
	items = xcalloc(o->naddr, sizeof *items);
	for (i = 0; i < o->naddr; i++)
		if (o->addr[i].rec.id != from)
			items[n++] = o->addr[i].label;
	o->copy_or_move = act;
	menu_open(a, act == ACT_MOVE_TO ? _("Move the proposal to") :
	    _("Copy the proposal to"), items, n, 0, order_target_done, o);
	free(items);
}

static bool
order_edit_done(struct app *a, void *ctx, char **v)
{
	struct order *o = ctx;
	struct proposal p;
	enum status st;

	if ((st = proposal_get(a->f, o->edit_pid, &p)) != ST_OK) {
		app_status(a, st, _("Edit"));
		return true;
	}
	free(p.text);
	p.text = xstrdup(v[0]);
	st = proposal_update(a->f, &p);
	proposal_clear(&p);
	if (st != ST_OK) {
		app_status(a, st, _("Edit"));
		return false;
	}
	app_reload(a);
	return true;
}

static bool
order_action(struct app *a, void *st, enum action act)
{
	struct order *o = st;
	int64_t pid = o->focus_items && o->nitems > 0 ?
	    o->items[o->il.sel].proposal_id : 0;

	if (o->focus_items ? list_action(&o->il, o->nitems, act) :
	    list_action(&o->al, o->naddr, act)) {
		if (!o->focus_items) {
			list_init(&o->il, 1);
			order_load_items(a, o, 0);
		}
		return true;
	}
	switch (act) {
	case ACT_FOCUS:
		o->focus_items = !o->focus_items && o->naddr > 0;
		return true;
	case ACT_OPEN:
		if (!o->focus_items && o->naddr > 0)
			o->focus_items = true;
		else if (pid != 0)
			preview_open(a, pid);
		return true;
	case ACT_MOVE_UP:
	case ACT_MOVE_DOWN:
		order_move(a, o, act == ACT_MOVE_UP ? -1 : 1);
		return true;
	case ACT_COPY_TO:
	case ACT_MOVE_TO:
		order_pick_target(a, o, act);
		return true;
	case ACT_RETAG:
		if (pid != 0)
			picker_open(a, pid, false);
		return true;
	case ACT_EDIT:
		if (pid != 0) {
			o->edit_pid = pid;
			form_open_text(a, _("Edit the proposal"), _("Text"),
			    o->items[o->il.sel].text, order_edit_done, o);
		}
		return true;
	case ACT_PREVIEW:
		preview_open(a, pid);
		return true;
	case ACT_BACK:
		if (o->focus_items) {
			o->focus_items = false;
			return true;
		}
		app_pop(a);
		return true;
	case ACT_ORDER:
	case ACT_QUIT:
		app_pop(a);
		return true;
	default:
		return false;
	}
}

static void
order_close(struct app *a, void *st)
{
	struct order *o = st;

	(void)a;
	order_free_items(o);
	order_free_addr(o);
	if (o->res != NULL)
		resolution_free(o->res);
	free(o);
}

static const enum action order_actions[] = {
	ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN, ACT_FIRST, ACT_LAST, ACT_FOCUS,
	ACT_OPEN, ACT_MOVE_UP, ACT_MOVE_DOWN, ACT_COPY_TO, ACT_MOVE_TO,
	ACT_RETAG, ACT_EDIT, ACT_PREVIEW, ACT_ORDER, ACT_BACK, ACT_QUIT,
	ACT_NONE,
};

static const struct screen_ops order_ops = {
	.name = N_("order"),
	.actions = order_actions,
	.draw = order_draw,
	.action = order_action,
	.reload = order_load,
	.close = order_close,
};

void
order_open(struct app *a)
{
	struct order *o;

	if (app_top(a, &order_ops) != NULL)
		return;
	o = xcalloc(1, sizeof *o);
	o->app = a;
	list_init(&o->al, 1);
	list_init(&o->il, 1);
	order_load(a, o);
	app_push(a, &order_ops, o);
}
