/*
 * forum_screen.c: the forum screen (organisers): everything of the
 * resolution that is not a proposal, in the order the document prints it:
 * the titles, the place and dates, draft or final, the opening paragraphs,
 * the participants' introduction and groups, the themes' introduction
 * (the themes are the tracks), the closing paragraphs and the lead-in.
 * F4 or Enter edits the selected line; Insert adds a paragraph or a group
 * after the selected one; F8 deletes one; Shift-Up/Down moves one; Ctrl-P
 * shows the assembled resolution.  Every change is one undoable action.
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

/* The forum record's fields, as the screen lists them. */
enum ffield {
	FF_TITLE, FF_RESTITLE, FF_CITY, FF_DATES, FF_DOCDATE, FF_FINAL,
	FF_PINTRO, FF_TINTRO, FF_LEADIN
};

enum frow_kind {
	FR_FIELD,  /* one of enum ffield */
	FR_HEADER, /* a section of paragraphs or groups: its title */
	FR_ITEM,   /* a paragraph or a group */
	FR_EMPTY,  /* a section with none: Insert adds one */
	FR_NOTE,   /* a line to read */
};

/* The sections of ordered text records. */
enum fsection { FS_OPENING, FS_GROUPS, FS_CLOSING, FS__COUNT };

struct frow {
	enum frow_kind kind;
	int field;           /* FR_FIELD: enum ffield */
	int section;         /* FR_HEADER, FR_ITEM, FR_EMPTY */
	size_t index;        /* FR_ITEM: in its section */
};

struct forum_screen {
	struct forum_info fi;
	bool have_fi;
	struct text_rec *items[FS__COUNT];
	size_t nitems[FS__COUNT];
	struct frow *rows;
	size_t nrows;
	struct list list;
	/* What the open form edits. */
	int edit_field;
	int edit_section;
	int64_t edit_id;     /* the item edited; 0: a new one */
	int64_t insert_at;   /* a new item's place, 1-based; 0: at the end */
};

static const struct screen_ops forum_screen_ops;

static const char *const section_title[FS__COUNT] = {
	N_("Opening paragraphs (after the place and date)"),
	N_("Participant groups (numbered)"),
	N_("Closing paragraphs (before the lead-in)"),
};

static const char *
section_table(int section)
{
	return section == FS_GROUPS ? "participant_group" : "paragraph";
}

static void
fs_row(struct forum_screen *s, enum frow_kind kind, int field, int section,
    size_t index)
{
	struct frow *r;

	s->rows = xreallocarray(s->rows, s->nrows + 1, sizeof *s->rows);
	r = &s->rows[s->nrows++];
	r->kind = kind;
	r->field = field;
	r->section = section;
	r->index = index;
}

static void
fs_section_rows(struct forum_screen *s, int section)
{
	size_t i;

	fs_row(s, FR_HEADER, 0, section, 0);
	for (i = 0; i < s->nitems[section]; i++)
		fs_row(s, FR_ITEM, 0, section, i);
	if (s->nitems[section] == 0)
		fs_row(s, FR_EMPTY, 0, section, 0);
}

static void
fs_free_data(struct forum_screen *s)
{
	int k;

	if (s->have_fi)
		forum_info_free(&s->fi);
	s->have_fi = false;
	for (k = 0; k < FS__COUNT; k++) {
		text_rec_free(s->items[k], s->nitems[k]);
		s->items[k] = NULL;
		s->nitems[k] = 0;
	}
	free(s->rows);
	s->rows = NULL;
	s->nrows = 0;
}

/* The id of the record on row i, 0 if it is not a paragraph or group. */
static int64_t
fs_row_id(const struct forum_screen *s, size_t i)
{
	const struct frow *r;

	if (i >= s->nrows)
		return 0;
	r = &s->rows[i];
	return r->kind == FR_ITEM ? s->items[r->section][r->index].rec.id : 0;
}

/*
 * Reads the forum again and lays out the rows in the order of the
 * document, keeping the selection on the same record (select_id of
 * section, if not 0), or on the same row.  Paragraphs and groups are of
 * two tables: an id names a record with its section.
 */
static void
fs_load_at(struct app *a, struct forum_screen *s, int section,
    int64_t select_id)
{
	int64_t id = select_id;
	size_t i;
	enum status st;

	if (id == 0 && s->list.sel < s->nrows) {
		id = fs_row_id(s, s->list.sel);
		section = s->rows[s->list.sel].section;
	}

	fs_free_data(s);
	if ((st = forum_info_get(a->f, &s->fi)) == ST_OK)
		s->have_fi = true;
	else
		app_status(a, st, _("Reading the forum"));
	if (paragraph_list(a->f, PARA_OPENING, &s->items[FS_OPENING],
	    &s->nitems[FS_OPENING]) != ST_OK ||
	    group_list(a->f, &s->items[FS_GROUPS], &s->nitems[FS_GROUPS]) !=
	    ST_OK ||
	    paragraph_list(a->f, PARA_CLOSING, &s->items[FS_CLOSING],
	    &s->nitems[FS_CLOSING]) != ST_OK)
		app_status(a, ST_DB, _("Reading the preamble"));
	fs_row(s, FR_FIELD, FF_TITLE, 0, 0);
	fs_row(s, FR_FIELD, FF_RESTITLE, 0, 0);
	fs_row(s, FR_FIELD, FF_CITY, 0, 0);
	fs_row(s, FR_FIELD, FF_DATES, 0, 0);
	fs_row(s, FR_FIELD, FF_DOCDATE, 0, 0);
	fs_row(s, FR_FIELD, FF_FINAL, 0, 0);
	fs_section_rows(s, FS_OPENING);
	fs_row(s, FR_FIELD, FF_PINTRO, 0, 0);
	fs_section_rows(s, FS_GROUPS);
	fs_row(s, FR_FIELD, FF_TINTRO, 0, 0);
	fs_row(s, FR_NOTE, 0, 0, 0);
	fs_section_rows(s, FS_CLOSING);
	fs_row(s, FR_FIELD, FF_LEADIN, 0, 0);
	for (i = 0; id != 0 && i < s->nrows; i++)
		if (fs_row_id(s, i) == id && s->rows[i].section == section)
			s->list.sel = i;
	list_clamp(&s->list, s->nrows);
}

static void
fs_reload(struct app *a, void *st)
{
	fs_load_at(a, st, 0, 0);
}

static const char *
field_label(int field)
{
	switch (field) {
	case FF_TITLE: return _("Forum");
	case FF_RESTITLE: return _("Title");
	case FF_CITY: return _("Place");
	case FF_DATES: return _("Dates");
	case FF_DOCDATE: return _("Document date");
	case FF_FINAL: return _("State");
	case FF_PINTRO: return _("Participants");
	case FF_TINTRO: return _("Themes");
	default: return _("Lead-in");
	}
}

/* A field's value as the screen shows it.  Appends to b. */
static void
field_value(struct buf *b, const struct forum_screen *s, int field)
{
	const struct forum_info *fi = &s->fi;

	if (!s->have_fi)
		return;
	switch (field) {
	case FF_TITLE: buf_adds(b, fi->title); break;
	case FF_RESTITLE: buf_adds(b, fi->resolution_title); break;
	case FF_CITY: buf_adds(b, fi->city); break;
	case FF_DATES:
		buf_printf(b, "%s – %s", *fi->start_date != '\0' ?
		    fi->start_date : "?", *fi->end_date != '\0' ?
		    fi->end_date : "?");
		break;
	case FF_DOCDATE: buf_adds(b, fi->doc_date); break;
	case FF_FINAL:
		buf_adds(b, fi->final ? _("final") : _("draft: printed with "
		    "«ПРОЕКТ» (Enter: final)"));
		break;
	case FF_PINTRO: buf_adds(b, fi->participants_intro); break;
	case FF_TINTRO: buf_adds(b, fi->themes_intro); break;
	default: buf_adds(b, fi->lead_in); break;
	}
}

static size_t
fs_count(void *ctx)
{
	return ((struct forum_screen *)ctx)->nrows;
}

#define LABEL_W 15

static void
fs_draw_row(void *ctx, size_t i, int y, int x, int w, int h, bool selected)
{
	struct forum_screen *s = ctx;
	const struct frow *r = &s->rows[i];
	struct buf b = {0};
	enum draw_role role = selected ? R_SELECTED : R_NORMAL;

	(void)h;
	switch (r->kind) {
	case FR_FIELD:
		buf_printf(&b, " %-*s", LABEL_W, field_label(r->field));
		draw_pad(y, x, LABEL_W + 2, buf_str(&b), selected ? role :
		    R_DIM);
		buf_reset(&b);
		field_value(&b, s, r->field);
		draw_pad(y, x + LABEL_W + 2, w - LABEL_W - 2, *buf_str(&b) !=
		    '\0' ? buf_str(&b) : _("(empty: F4 fills it)"), b.len > 0 ||
		    selected ? role : R_DIM);
		break;
	case FR_HEADER:
		buf_printf(&b, " ── %s ──", _(section_title[r->section]));
		draw_pad(y, x, w, buf_str(&b), selected ? role : R_STATUS);
		break;
	case FR_ITEM:
		buf_printf(&b, "   %zu. %s", r->index + 1,
		    s->items[r->section][r->index].text);
		draw_pad(y, x, w, buf_str(&b), role);
		break;
	case FR_EMPTY:
		draw_pad(y, x, w, r->section == FS_GROUPS ?
		    _("   (none yet: Insert adds a group)") :
		    _("   (none yet: Insert adds a paragraph)"),
		    selected ? role : R_DIM);
		break;
	case FR_NOTE:
		draw_pad(y, x, w, _("   The key themes are the tracks, numbered "
		    "in their order (Alt-2)"), selected ? role : R_DIM);
		break;
	}
	buf_free(&b);
}

static const struct list_source fs_source = {
	.count = fs_count, .draw_row = fs_draw_row,
};

static void
fs_draw(struct app *a, void *st)
{
	struct forum_screen *s = st;

	(void)a;
	draw_pad(0, 0, COLS, _("The forum: F4 edit · Ins add · F8 delete · "
	    "Shift-Up/Down move · Ctrl-P preview"), R_TITLE);
	draw_box(1, 0, LINES - 3, COLS, _("The resolution apart from the "
	    "proposals, in its order"), true);
	list_draw(&s->list, &fs_source, s, 2, 1, LINES - 5, COLS - 2, NULL);
}

/* Ends the action the caller began; reports a failure.  True if saved. */
static bool
fs_commit(struct app *a, enum status st, const char *what)
{
	if (st == ST_OK)
		st = forum_commit(a->f);
	else if (forum_in_action(a->f))
		forum_rollback(a->f);
	if (st != ST_OK) {
		app_status(a, st, what);
		return false;
	}
	return true;
}

/* True if v is "" or a date. */
static bool
fs_date_ok(struct app *a, const char *what, const char *v)
{
	if (*v == '\0' || date_valid(v))
		return true;
	app_err(a, _("%s: \"%s\" is not a date (YYYY-MM-DD, as 2018-01-30)"),
	    what, v);
	return false;
}

/* Writes one field of the forum record from v (the form's values). */
static bool
fs_field_done(struct app *a, void *ctx, char **v)
{
	struct forum_screen *s = ctx;
	struct forum_info fi;
	char **slot = NULL;
	enum status st;

	if ((st = forum_info_get(a->f, &fi)) != ST_OK) {
		app_status(a, st, _("Reading the forum"));
		return true;
	}
	switch (s->edit_field) {
	case FF_TITLE: slot = &fi.title; break;
	case FF_RESTITLE: slot = &fi.resolution_title; break;
	case FF_CITY: slot = &fi.city; break;
	case FF_DOCDATE: slot = &fi.doc_date; break;
	case FF_PINTRO: slot = &fi.participants_intro; break;
	case FF_TINTRO: slot = &fi.themes_intro; break;
	case FF_LEADIN: slot = &fi.lead_in; break;
	case FF_DATES:
		if (!fs_date_ok(a, _("The start"), v[0]) ||
		    !fs_date_ok(a, _("The end"), v[1])) {
			forum_info_free(&fi);
			return false;
		}
		free(fi.start_date);
		free(fi.end_date);
		fi.start_date = xstrdup(v[0]);
		fi.end_date = xstrdup(v[1]);
		break;
	default:
		break;
	}
	if (s->edit_field == FF_TITLE && v[0][strspn(v[0], " ")] == '\0') {
		app_err(a, _("The forum needs a name"));
		forum_info_free(&fi);
		return false;
	}
	if (s->edit_field == FF_DOCDATE &&
	    !fs_date_ok(a, _("The document's date"), v[0])) {
		forum_info_free(&fi);
		return false;
	}
	if (slot != NULL) {
		free(*slot);
		*slot = xstrdup(v[0]);
	}
	st = forum_begin(a->f, N_("edit the forum"));
	if (st == ST_OK)
		st = forum_info_set(a->f, &fi);
	if (fs_commit(a, st, _("Saving the forum"))) {
		if (s->edit_field == FF_TITLE) {
			free(a->forum_title);
			a->forum_title = xstrdup(fi.title);
		}
		app_msg(a, _("Saved (Ctrl-P shows the resolution)"));
		app_reload(a);
		forum_info_free(&fi);
		return true;
	}
	forum_info_free(&fi);
	return false;
}

static void
fs_toggle_final(struct app *a, struct forum_screen *s)
{
	struct forum_info fi;
	enum status st;

	(void)s;
	if ((st = forum_info_get(a->f, &fi)) != ST_OK) {
		app_status(a, st, _("Reading the forum"));
		return;
	}
	fi.final = !fi.final;
	st = forum_begin(a->f, fi.final ? N_("mark the resolution final") :
	    N_("mark the resolution a draft"));
	if (st == ST_OK)
		st = forum_info_set(a->f, &fi);
	if (fs_commit(a, st, _("Draft or final"))) {
		app_msg(a, fi.final ? _("The resolution is final: no «ПРОЕКТ»") :
		    _("The resolution is a draft: printed with «ПРОЕКТ»"));
		app_reload(a);
	}
	forum_info_free(&fi);
}

static void
fs_edit_field(struct app *a, struct forum_screen *s, int field)
{
	const char *const dates[] = {_("The forum's first day "
	    "(YYYY-MM-DD)"), _("Its last day (YYYY-MM-DD)")};
	struct buf v = {0};

	if (!s->have_fi)
		return;
	s->edit_field = field;
	switch (field) {
	case FF_FINAL:
		fs_toggle_final(a, s);
		break;
	case FF_DATES: {
		const char *vals[2] = {s->fi.start_date, s->fi.end_date};

		form_open(a, _("The forum's dates"), 2, dates, vals,
		    fs_field_done, s);
		break;
	}
	case FF_PINTRO:
	case FF_TINTRO:
	case FF_LEADIN:
		field_value(&v, s, field);
		form_open_text(a, field == FF_PINTRO ? _("Before the participant "
		    "groups") : field == FF_TINTRO ? _("Before the key themes") :
		    _("The lead-in, before the proposals"), _("Text"), buf_str(&v),
		    fs_field_done, s);
		break;
	default: {
		const char *label = field == FF_TITLE ? _("The forum's name "
		    "(IX Гражданский форум)") : field == FF_RESTITLE ?
		    _("The document's title, as printed (Резолюция IX "
		    "Гражданского форума.)") : field == FF_CITY ?
		    _("The place, as printed (Г. Красноярск)") :
		    _("The document's date (YYYY-MM-DD)");
		const char *vals[1];

		field_value(&v, s, field);
		vals[0] = buf_str(&v);
		form_open(a, field_label(field), 1, &label, vals,
		    fs_field_done, s);
		break;
	}
	}
	buf_free(&v);
}

/* Writes a paragraph or group from the form: a new one, or one edited. */
static bool
fs_item_done(struct app *a, void *ctx, char **v)
{
	struct forum_screen *s = ctx;
	const char *table = section_table(s->edit_section);
	int64_t id = s->edit_id;
	enum status st;

	if (v[0][strspn(v[0], " \n")] == '\0') {
		app_err(a, "%s", s->edit_section == FS_GROUPS ?
		    _("Type the text, or Esc (F8 deletes a group)") :
		    _("Type the text, or Esc (F8 deletes a paragraph)"));
		return false;
	}
	if (id != 0) {
		st = forum_begin(a->f, s->edit_section == FS_GROUPS ?
		    N_("edit a participant group") : N_("edit a paragraph"));
		if (st == ST_OK)
			st = text_rec_update(a->f, table, id, v[0]);
	} else {
		st = forum_begin(a->f, s->edit_section == FS_GROUPS ?
		    N_("add a participant group") : N_("add a paragraph"));
		if (st == ST_OK)
			st = s->edit_section == FS_GROUPS ?
			    group_insert(a->f, v[0], &id) :
			    paragraph_insert(a->f, s->edit_section ==
			    FS_OPENING ? PARA_OPENING : PARA_CLOSING, v[0],
			    &id);
		if (st == ST_OK && s->insert_at > 0)
			st = record_move(a->f, table, id, s->insert_at);
	}
	if (!fs_commit(a, st, _("Saving the text")))
		return false;
	app_msg(a, _("Saved (Ctrl-P shows the resolution)"));
	fs_load_at(a, s, s->edit_section, id);
	app_reload(a);
	return true;
}

static void
fs_edit_item(struct app *a, struct forum_screen *s, const struct frow *r,
    bool add)
{
	const char *text = "";

	s->edit_section = r->section;
	s->edit_id = 0;
	s->insert_at = 0;
	if (add && r->kind == FR_ITEM)
		s->insert_at = (int64_t)r->index + 2; /* after this one */
	else if (add && r->kind == FR_HEADER)
		s->insert_at = 1;
	else if (!add && r->kind == FR_ITEM) {
		s->edit_id = s->items[r->section][r->index].rec.id;
		text = s->items[r->section][r->index].text;
	}
	form_open_text(a, s->edit_id != 0 ? (r->section == FS_GROUPS ?
	    _("Edit the participant group") : _("Edit the paragraph")) :
	    r->section == FS_GROUPS ? _("New participant group") :
	    _("New paragraph"), _("Text"), text, fs_item_done, s);
}

static void
fs_delete(struct app *a, struct forum_screen *s, const struct frow *r)
{
	enum status st;

	if (r->kind != FR_ITEM) {
		app_msg(a, _("Only a paragraph or a group can be deleted; F4 "
		    "empties a field"));
		return;
	}
	st = forum_begin(a->f, r->section == FS_GROUPS ?
	    N_("delete a participant group") : N_("delete a paragraph"));
	if (st == ST_OK)
		st = text_rec_delete(a->f, section_table(r->section),
		    s->items[r->section][r->index].rec.id);
	if (fs_commit(a, st, _("Delete"))) {
		app_msg(a, _("Deleted (Ctrl-Z brings it back)"));
		app_reload(a);
	}
}

static void
fs_move(struct app *a, struct forum_screen *s, const struct frow *r,
    int delta)
{
	int64_t id;
	enum status st;

	if (r->kind != FR_ITEM || (delta < 0 && r->index == 0) ||
	    (delta > 0 && r->index + 1 >= s->nitems[r->section]))
		return;
	id = s->items[r->section][r->index].rec.id;
	st = forum_begin(a->f, r->section == FS_GROUPS ?
	    N_("reorder the participant groups") : N_("reorder the paragraphs"));
	if (st == ST_OK)
		st = record_move(a->f, section_table(r->section), id,
		    (int64_t)r->index + 1 + delta);
	if (fs_commit(a, st, _("Move"))) {
		fs_load_at(a, s, r->section, id);
		app_reload(a);
	}
}

static bool
fs_action(struct app *a, void *st, enum action act)
{
	struct forum_screen *s = st;
	const struct frow *r;

	if (list_action(&s->list, s->nrows, act))
		return true;
	if (s->nrows == 0)
		return false;
	r = &s->rows[s->list.sel];
	switch (act) {
	case ACT_EDIT:
	case ACT_OPEN:
		if (r->kind == FR_FIELD)
			fs_edit_field(a, s, r->field);
		else if (r->kind == FR_NOTE)
			tracks_open(a);
		else
			fs_edit_item(a, s, r, r->kind != FR_ITEM);
		return true;
	case ACT_NEW:
		if (r->kind == FR_FIELD || r->kind == FR_NOTE) {
			app_msg(a, _("Insert adds a paragraph or a group: choose "
			    "a line of their sections"));
			return true;
		}
		fs_edit_item(a, s, r, true);
		return true;
	case ACT_DELETE:
		fs_delete(a, s, r);
		return true;
	case ACT_MOVE_UP:
	case ACT_MOVE_DOWN:
		fs_move(a, s, r, act == ACT_MOVE_UP ? -1 : 1);
		return true;
	case ACT_FORUM:
	case ACT_BACK:
	case ACT_QUIT:
		app_pop(a);
		return true;
	default:
		return false;
	}
}

static void
fs_close(struct app *a, void *st)
{
	struct forum_screen *s = st;

	(void)a;
	fs_free_data(s);
	free(s);
}

static const enum action fs_actions[] = {
	ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN, ACT_FIRST, ACT_LAST, ACT_OPEN,
	ACT_EDIT, ACT_NEW, ACT_DELETE, ACT_MOVE_UP, ACT_MOVE_DOWN, ACT_FORUM,
	ACT_BACK, ACT_QUIT, ACT_NONE,
};

static const struct screen_ops forum_screen_ops = {
	.name = N_("forum"),
	.actions = fs_actions,
	.draw = fs_draw,
	.action = fs_action,
	.reload = fs_reload,
	.close = fs_close,
};

void
forum_screen_open(struct app *a)
{
	struct forum_screen *s;

	if (app_top(a, &forum_screen_ops) != NULL)
		return;
	s = xcalloc(1, sizeof *s);
	list_init(&s->list, 1);
	fs_load_at(a, s, 0, 0);
	app_push(a, &forum_screen_ops, s);
}
