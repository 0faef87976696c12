/*
 * files.c: the forum's files from the interface (Alt-4, or F9 › Files):
 *
 *   - Export: the resolution or the proposals table in any format of
 *     exports/export.h, beside the forum file by default;
 *   - Copy for a moderator: the copy a moderator takes to the room;
 *   - Merge copies: one or more copies back into this file, previewed by a
 *     dry run first, then merged as one action (one Ctrl-Z undoes it);
 *   - Merge reports: the reports the merges kept in the file;
 *   - Import: proposals (CSV), a forum (JSON) or an earlier resolution
 *     (text, DOCX), one action as well.
 *
 * They do what `agora export`, `copy`, `merge` and `import` do, through
 * the same functions of exports/, model/ and imports/.
 *
 * Each dialog is a modal form of a few fields drawn here: a line of text,
 * a choice (Left, Right or Space go through it) and a check box (Space);
 * Tab and the arrows move between them and Enter runs the dialog.  A long
 * run draws a progress bar over the dialog from the model's callback (the
 * keys wait until it ends); then the dialog closes and a report window
 * says what was done.  A failure keeps the dialog open with the reason,
 * so that a path can be put right.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include <curses.h>

#include "../exports/export.h"
#include "../imports/docx.h"
#include "../model/i18n.h"
#include "../model/import.h"
#include "../model/merge.h"
#include "../model/records.h"
#include "../model/text.h"
#include "../model/util.h"
#include "dialog.h"
#include "draw.h"
#include "editor.h"
#include "files.h"

/* ---- paths ---- */

/* s without spaces at either end, "~/" as $HOME.  Caller frees. */
static char *
path_clean(const char *s)
{
	const char *home = getenv("HOME");
	size_t len;

	while (*s == ' ')
		s++;
	len = strlen(s);
	while (len > 0 && s[len - 1] == ' ')
		len--;
	if (len >= 2 && s[0] == '~' && s[1] == '/' && home != NULL &&
	    *home != '\0')
		return xasprintf("%s%.*s", home, (int)(len - 1), s + 1);
	return xstrndup(s, len);
}

/* True if a and b name the same file. */
static bool
path_same(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
	    sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* Where the extension of path starts (its '.'), or NULL if it has none. */
static const char *
path_ext(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash != NULL ? slash + 1 : path;
	const char *dot = strrchr(base, '.');

	return dot != NULL && dot > base ? dot : NULL;
}

/*
 * A path beside the forum file: its directory and the stem of its name,
 * then tail ("-copy.db", ".docx").  Caller frees.
 */
static char *
path_beside(struct app *a, const char *tail)
{
	const char *path = forum_path(a->f), *dot = path_ext(path);
	size_t stem = dot != NULL ? (size_t)(dot - path) : strlen(path);

	return xasprintf("%.*s%s", (int)stem, path, tail);
}

/* name made fit for a file name: no '/', no control character. */
static void
path_word(struct buf *b, const char *name)
{
	const unsigned char *p;

	for (p = (const unsigned char *)name; *p != '\0'; p++)
		if (*p == '/' || *p <= 0x20 || *p == 0x7f)
			buf_addc(b, '_');
		else
			buf_add(b, p, 1);
}

/* "12 KB" for the size of the file at path ("" if it cannot be told). */
static void
path_size(struct buf *b, const char *path)
{
	struct stat sb;

	if (stat(path, &sb) != 0)
		return;
	if (sb.st_size < 10240)
		buf_printf(b, P_("%lld byte", "%lld bytes", sb.st_size),
		    (long long)sb.st_size);
	else if (sb.st_size < 10485760)
		buf_printf(b, _("%lld KB"), (long long)sb.st_size / 1024);
	else
		buf_printf(b, _("%lld MB"), (long long)sb.st_size / 1048576);
}

/* ---- the report window ---- */

/* Called when the user confirms the report window, after it has closed. */
typedef void (*report_fn)(struct app *a, void *ctx);

struct report {
	char *title;
	char *text;     /* lines end with '\n' */
	char *hint;
	char **lines;   /* text wrapped to width */
	size_t nlines;
	int width;      /* of the wrapping; 0: not yet */
	size_t top;
	int page;
	report_fn confirm; /* NULL: Enter closes */
	void *ctx;
};

struct wrap_to {
	struct report *r;
	size_t indent;
};

static void
report_line(void *ctx, const char *line, size_t len)
{
	struct wrap_to *w = ctx;
	struct report *r = w->r;
	struct buf b = {0};

	buf_addn(&b, ' ', w->indent);
	buf_add(&b, line, len);
	r->lines = xreallocarray(r->lines, r->nlines + 1, sizeof *r->lines);
	r->lines[r->nlines++] = buf_steal(&b);
}

static void
report_unwrap(struct report *r)
{
	size_t i;

	for (i = 0; i < r->nlines; i++)
		free(r->lines[i]);
	free(r->lines);
	r->lines = NULL;
	r->nlines = 0;
	r->width = 0;
}

/* Wraps each line of the text to width columns, under its indentation. */
static void
report_wrap(struct report *r, int width)
{
	const char *p = r->text, *end;
	struct buf clean = {0};
	struct wrap_to w = { r, 0 };

	report_unwrap(r);
	r->width = width;
	while (*p != '\0') {
		end = strchr(p, '\n');
		if (end == NULL)
			end = p + strlen(p);
		buf_reset(&clean);
		text_sanitise(&clean, p, (size_t)(end - p), 0);
		w.indent = strspn(buf_str(&clean), " ");
		if (w.indent * 2 > (size_t)width)
			w.indent = 0;
		text_wrap(buf_str(&clean) + w.indent, clean.len - w.indent, 0,
		    (size_t)width - w.indent, report_line, &w);
		p = *end == '\n' ? end + 1 : end;
	}
	buf_free(&clean);
}

static void
report_draw(struct app *a, void *st)
{
	struct report *r = st;
	int y = 1, x = 2, h = LINES - 3, w = COLS - 4, i;
	struct buf b = {0};

	(void)a;
	if (w > 100) {
		x = (COLS - 100) / 2;
		w = 100;
	}
	if (w - 4 != r->width)
		report_wrap(r, w - 4);
	/* As high as the text needs, within the screen. */
	if ((size_t)h > r->nlines + 4) {
		h = (int)r->nlines + 4 > 6 ? (int)r->nlines + 4 : 6;
		y = (LINES - 2 - h) / 2;
	}
	r->page = h - 3 > 1 ? h - 3 : 1;
	if (r->top + (size_t)r->page > r->nlines)
		r->top = r->nlines > (size_t)r->page ?
		    r->nlines - (size_t)r->page : 0;
	draw_clear(y, x, h, w);
	draw_box(y, x, h, w, r->title, true);
	for (i = 0; i < r->page && r->top + (size_t)i < r->nlines; i++)
		draw_str(y + 1 + i, x + 2, w - 4, r->lines[r->top + (size_t)i],
		    R_NORMAL);
	buf_adds(&b, r->hint);
	if (r->nlines > (size_t)r->page)
		buf_printf(&b, _("   lines %zu–%zu of %zu (PgDn, PgUp)"),
		    r->top + 1, r->top + (size_t)r->page < r->nlines ?
		    r->top + (size_t)r->page : r->nlines, r->nlines);
	draw_str(y + h - 2, x + 2, w - 4, buf_str(&b), R_DIM);
	buf_free(&b);
}

static bool
report_action(struct app *a, void *st, enum action act)
{
	struct report *r = st;
	size_t page = r->page > 1 ? (size_t)r->page - 1 : 1;
	report_fn confirm = r->confirm;
	void *ctx = r->ctx;

	switch (act) {
	case ACT_UP:
		if (r->top > 0)
			r->top--;
		return true;
	case ACT_DOWN:
		r->top++; /* report_draw() keeps it in range */
		return true;
	case ACT_PGUP:
		r->top = r->top > page ? r->top - page : 0;
		return true;
	case ACT_PGDN:
		r->top += page;
		return true;
	case ACT_FIRST:
		r->top = 0;
		return true;
	case ACT_LAST:
		r->top = r->nlines;
		return true;
	case ACT_OPEN:
	case ACT_MERGE:
		app_pop(a);
		if (confirm != NULL)
			confirm(a, ctx);
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
report_close(struct app *a, void *st)
{
	struct report *r = st;

	(void)a;
	report_unwrap(r);
	free(r->title);
	free(r->text);
	free(r->hint);
	free(r);
}

static const enum action report_actions[] = {
	ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN, ACT_FIRST, ACT_LAST, ACT_OPEN,
	ACT_BACK, ACT_QUIT, ACT_NONE,
};

static const struct screen_ops report_ops = {
	.name = N_("report"),
	.actions = report_actions,
	.modal = true,
	.draw = report_draw,
	.action = report_action,
	.close = report_close,
};

/* The same, asking to go on: Enter or F2 (Merge) confirms. */
static const enum action report_confirm_actions[] = {
	ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN, ACT_FIRST, ACT_LAST, ACT_OPEN,
	ACT_MERGE, ACT_BACK, ACT_QUIT, ACT_NONE,
};

static const struct screen_ops report_confirm_ops = {
	.name = N_("merge preview"),
	.actions = report_confirm_actions,
	.modal = true,
	.draw = report_draw,
	.action = report_action,
	.close = report_close,
};

/*
 * Opens a window that shows text (taken: freed with the window).  With
 * confirm, Enter and F2 close it and call confirm(a, ctx); Esc only closes.
 */
static void
report_open(struct app *a, const char *title, char *text, const char *hint,
    report_fn confirm, void *ctx)
{
	struct report *r = xcalloc(1, sizeof *r);

	r->title = xstrdup(title);
	r->text = text;
	r->hint = xstrdup(hint != NULL ? hint : _("Enter or Esc: close"));
	r->confirm = confirm;
	r->ctx = ctx;
	app_push(a, confirm != NULL ? &report_confirm_ops : &report_ops, r);
}

/* ---- the progress bar ---- */

/* Milliseconds between two redraws of the bar. */
#define PROGRESS_MS 40

struct progress {
	const char *title; /* "Exporting" */
	char *what;        /* the line above the bar */
	const char *unit;  /* "rows": what a count without a total counts */
	int64_t last;      /* app_clock_ms() of the last draw; 0: none */
	const void *key;   /* merge: the copy being merged */
	size_t nth, of;    /* merge: which copy of how many */
};

static void
progress_init(struct progress *p, const char *title, const char *what,
    const char *unit)
{
	memset(p, 0, sizeof *p);
	p->title = title;
	p->what = xstrdup(what);
	p->unit = unit;
}

/*
 * Draws the progress box over the screen and shows it at once: done of
 * total (total 0: a count of p->unit, with a bar that moves to show that
 * the work goes on).  Redraws at most every PROGRESS_MS, but the first
 * time and at the end.
 */
static void
progress_draw(struct progress *p, uint64_t done, uint64_t total)
{
	int64_t now = app_clock_ms();
	int w = COLS - 8 < 64 ? COLS - 8 : 64, h = 6, y, x, bw, fill, i;
	struct buf b = {0};

	if (p->last != 0 && now - p->last < PROGRESS_MS &&
	    (total == 0 || done < total))
		return;
	p->last = now;
	/* The screen is 40×10 at least (app_draw() says so otherwise). */
	y = (LINES - h) / 2;
	x = (COLS - w) / 2;
	bw = w - 11;
	curs_set(0);
	draw_clear(y, x, h, w);
	draw_box(y, x, h, w, p->title, true);
	draw_str(y + 1, x + 2, w - 4, p->what, R_NORMAL);
	if (total > 0) {
		if (done > total)
			done = total;
		fill = (int)((double)done / (double)total * bw);
		for (i = 0; i < bw; i++)
			buf_adds(&b, i < fill ? "█" : "░");
		buf_printf(&b, " %3d%%", (int)((double)done / (double)total *
		    100));
	} else {
		int at = (int)((done / 256) % (uint64_t)(bw - 3));

		for (i = 0; i < bw; i++)
			buf_adds(&b, i >= at && i < at + 4 ? "█" : "░");
	}
	draw_str(y + 3, x + 2, w - 4, buf_str(&b), R_MARK);
	if (total == 0 && done > 0) {
		buf_reset(&b);
		/* The one unit counted is rows (the unit is a plural). */
		if (*p->unit != '\0')
			buf_printf(&b, P_("%llu row", "%llu rows", done),
			    (unsigned long long)done);
		else
			buf_printf(&b, "%llu", (unsigned long long)done);
		draw_str(y + 4, x + 2, w - 4, buf_str(&b), R_DIM);
	}
	buf_free(&b);
	refresh();
}

static void
progress_free(struct progress *p)
{
	free(p->what);
	p->what = NULL;
}

/* export_options.progress */
static void
progress_export(void *ctx, uint64_t done, uint64_t total)
{
	progress_draw(ctx, done, total);
}

/* merge_opts.progress: done of total rows of the copy at path. */
static void
progress_merge(void *ctx, const char *path, int64_t done, int64_t total)
{
	struct progress *p = ctx;

	if (p->key != path) {
		p->key = path;
		p->nth++;
		free(p->what);
		p->what = p->of > 1 ? xasprintf(_("%s (%zu of %zu)"), path, p->nth,
		    p->of) : xstrdup(path);
		p->last = 0;
	}
	progress_draw(p, done > 0 ? (uint64_t)done : 0,
	    total > 0 ? (uint64_t)total : 1);
}

/* ---- the dialogs ---- */

enum field_kind { FK_TEXT, FK_CHOICE, FK_CHECK };

struct dfield {
	enum field_kind kind;
	const char *label;
	struct editor ed;  /* FK_TEXT */
	char **choices;    /* FK_CHOICE */
	size_t nchoices, choice;
	bool on;           /* FK_CHECK */
	bool hidden;
};

enum dlg_kind { DLG_EXPORT, DLG_COPY, DLG_MERGE, DLG_IMPORT };

/* The fields of each dialog. */
enum { EX_FORMAT, EX_PATH, EX_WIDTH, EX_EXCEL, EX_N };
enum { CP_PATH, CP_TRACK, CP_N };
enum { MG_PATH, MG_IMPORT, MG_N };
enum { IM_PATH, IM_FORMAT, IM_TRACK, IM_STRICT, IM_SKIP, IM_N };
#define DLG_MAX 5

/* The import formats, as the choice shows them (auto first). */
enum import_format { FMT_AUTO, FMT_CSV, FMT_JSON, FMT_TXT, FMT_DOCX };

static const char *const import_format_names[] = {
	N_("auto: from the extension, else the contents"),
	N_("csv: proposals from a spreadsheet or an online form"),
	N_("json: a forum exported by agora"),
	N_("txt: an earlier resolution as plain text"),
	N_("docx: an earlier resolution as a Word document"),
};

struct dlg {
	enum dlg_kind kind;
	const char *title;
	struct dfield f[DLG_MAX];
	size_t n, focus;
	char *error;       /* the last failure, or NULL */
	char *auto_path;   /* the path this dialog filled in */
	char **paths;      /* merge: the copies to merge */
	size_t npaths;
	struct track *tracks; /* copy, import: the choices after the first */
	size_t ntracks;
};

static void
dlg_set_error(struct dlg *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
dlg_set_error(struct dlg *d, const char *fmt, ...)
{
	va_list ap;

	free(d->error);
	d->error = NULL;
	if (fmt == NULL)
		return;
	va_start(ap, fmt);
	d->error = xvasprintf(fmt, ap);
	va_end(ap);
}

static struct dfield *
dlg_add(struct dlg *d, enum field_kind kind, const char *label)
{
	struct dfield *fd = &d->f[d->n++];

	fd->kind = kind;
	fd->label = label;
	if (kind == FK_TEXT)
		editor_init(&fd->ed, true);
	return fd;
}

static void
dlg_choices(struct dfield *fd, char **choices, size_t n, size_t sel)
{
	fd->choices = choices;
	fd->nchoices = n;
	fd->choice = sel < n ? sel : 0;
}

/* The track choices: first, then each track as "label: title". */
static void
dlg_track_choices(struct app *a, struct dlg *d, struct dfield *fd,
    const char *first)
{
	char **c;
	size_t i, sel = 0;

	if (track_list(a->f, &d->tracks, &d->ntracks) != ST_OK) {
		d->tracks = NULL;
		d->ntracks = 0;
	}
	c = xcalloc(d->ntracks + 1, sizeof *c);
	c[0] = xstrdup(first);
	for (i = 0; i < d->ntracks; i++) {
		c[i + 1] = xasprintf("%s: %s", d->tracks[i].label,
		    d->tracks[i].title);
		if (d->tracks[i].rec.id == a->track_id)
			sel = i + 1;
	}
	dlg_choices(fd, c, d->ntracks + 1, sel);
}

/* The chosen track (NULL: the first choice). */
static const struct track *
dlg_track(const struct dlg *d, size_t field)
{
	size_t c = d->f[field].choice;

	return c > 0 && c <= d->ntracks ? &d->tracks[c - 1] : NULL;
}

static struct dlg *
dlg_new(enum dlg_kind kind, const char *title)
{
	struct dlg *d = xcalloc(1, sizeof *d);

	d->kind = kind;
	d->title = title;
	return d;
}

static void
dlg_set_path(struct dlg *d, size_t field, char *path)
{
	eb_set(&d->f[field].ed.eb, path);
	free(d->auto_path);
	d->auto_path = path;
}

/* The text of field i, cleaned as a path.  Caller frees. */
static char *
dlg_path(const struct dlg *d, size_t i)
{
	return path_clean(eb_text(&d->f[i].ed.eb));
}

/* The line under the fields: what the focused one means. */
static const char *
dlg_note(const struct dlg *d)
{
	switch (d->kind) {
	case DLG_EXPORT:
		if (d->focus == EX_WIDTH)
			return _("Wrap the text at this many columns; 0: do not "
			    "wrap");
		if (d->focus == EX_EXCEL)
			return _("A byte order mark and ';', as Excel in a Russian "
			    "locale needs");
		return _(export_formats[d->f[EX_FORMAT].choice]->summary);
	case DLG_COPY:
		return _("The copy holds every track; its track is where the "
		    "moderator starts.");
	case DLG_MERGE:
		if (d->focus == MG_IMPORT || d->f[MG_IMPORT].on)
			return _("Other forum: take in a copy of another forum, as "
			    "tracks, addressees and proposals of this one");
		return _("Records are matched by UUID: merging a copy twice "
		    "changes nothing.");
	case DLG_IMPORT:
		switch (d->focus) {
		case IM_TRACK:
			return _("For proposals without a known track; a "
			    "resolution's proposals all go there");
		case IM_STRICT:
			return _("Unknown addressees (and CSV sessions) are errors "
			    "instead of being created");
		case IM_SKIP:
			return _("The good rows go in and the bad ones are listed; "
			    "else a bad row stops it all");
		default:
			return _("Importing the same source again adds nothing; "
			    "Ctrl-Z takes an import back.");
		}
	}
	return "";
}

static const char *
dlg_hint(const struct dlg *d)
{
	switch (d->kind) {
	case DLG_EXPORT:
		return _("Enter: export   Tab: next field   ←→: format   Esc: "
		    "cancel");
	case DLG_COPY:
		return _("Enter: write the copy   Tab: next field   ←→: track   "
		    "Esc: cancel");
	case DLG_MERGE:
		return _("Enter: add; empty line: preview   F8: drop the last   "
		    "Esc: cancel");
	case DLG_IMPORT:
		return _("Enter: import   Tab: next   ←→: format, track   Space: "
		    "tick   Esc");
	}
	return "";
}

/* The lines a dialog shows under its fields (the copies to merge). */
static size_t
dlg_extra(const struct dlg *d)
{
	if (d->kind != DLG_MERGE)
		return 0;
	/* A blank line, the heading, at most five copies and "… more". */
	return 2 + (d->npaths > 5 ? 6 : d->npaths);
}

/* The lines of a dialog's error, wrapped (dlg_draw()). */
#define DLG_ERROR_LINES 3

struct err_lines {
	char **v;
	size_t n;
};

static void
dlg_error_line(void *ctx, const char *line, size_t len)
{
	struct err_lines *e = ctx;

	e->v = xreallocarray(e->v, e->n + 1, sizeof *e->v);
	e->v[e->n++] = xstrndup(line, len);
}

static void
dlg_draw(struct app *a, void *st)
{
	struct dlg *d = st;
	int w = COLS - 6 < 78 ? COLS - 6 : 78, lw = 14, h, y, x, row;
	int cy = -1, cx = 0, nerr = 0;
	size_t i, nvis = 0;
	struct buf b = {0};
	struct err_lines err = { NULL, 0 };

	(void)a;
	for (i = 0; i < d->n; i++)
		nvis += !d->f[i].hidden;
	if (d->error != NULL) {
		struct buf clean = {0};

		text_sanitise(&clean, d->error, strlen(d->error), 0);
		text_wrap(buf_str(&clean), clean.len, 0, (size_t)(w - 4),
		    dlg_error_line, &err);
		buf_free(&clean);
		nerr = err.n < DLG_ERROR_LINES ? (int)err.n : DLG_ERROR_LINES;
	}
	h = (int)nvis + (int)dlg_extra(d) + nerr + 6;
	y = (LINES - h) / 2;
	x = (COLS - w) / 2;
	if (y < 1)
		y = 1;
	draw_clear(y, x, h, w);
	draw_box(y, x, h, w, d->title, true);
	row = y + 1;
	for (i = 0; i < d->n; i++) {
		struct dfield *fd = &d->f[i];
		bool focus = i == d->focus;
		int vx = x + 2 + lw, vw = w - 4 - lw;

		if (fd->hidden)
			continue;
		draw_str(row, x + 2, lw - 1, fd->label, focus ? R_STATUS :
		    R_DIM);
		switch (fd->kind) {
		case FK_TEXT:
			editor_draw(&fd->ed, row, vx, 1, vw, focus, NULL);
			if (focus)
				getyx(stdscr, cy, cx);
			break;
		case FK_CHOICE:
			buf_reset(&b);
			buf_printf(&b, "◂ %s ▸", fd->choices[fd->choice]);
			draw_pad(row, vx, vw, buf_str(&b), focus ? R_SELECTED :
			    R_NORMAL);
			break;
		case FK_CHECK:
			draw_pad(row, vx, 3, fd->on ? "[x]" : "[ ]", focus ?
			    R_SELECTED : R_NORMAL);
			break;
		}
		row++;
	}
	if (d->kind == DLG_MERGE) {
		row++;
		draw_str(row++, x + 2, w - 4, d->npaths > 0 ?
		    _("Copies to merge, in this order:") :
		    _("Copies to merge: none yet (type a path, then Enter)"),
		    R_DIM);
		for (i = 0; i < d->npaths && i < 5; i++) {
			buf_reset(&b);
			buf_printf(&b, "%zu. %s", i + 1, d->paths[i]);
			draw_str(row++, x + 4, w - 6, buf_str(&b), R_NORMAL);
		}
		if (d->npaths > 5) {
			buf_reset(&b);
			buf_printf(&b, _("… and %zu more"), d->npaths - 5);
			draw_str(row++, x + 4, w - 6, buf_str(&b), R_DIM);
		}
	}
	row++;
	draw_str(row++, x + 2, w - 4, dlg_note(d), R_DIM);
	/* A few lines at most: the end of a long message matters less
	 * than its start, which names the file. */
	for (i = 0; i < err.n; i++) {
		if (i + 1 == (size_t)nerr && err.n > (size_t)nerr) {
			buf_reset(&b);
			buf_printf(&b, "%s…", err.v[i]);
			draw_str(row++, x + 2, w - 4, buf_str(&b), R_ERROR);
		} else if (i < (size_t)nerr)
			draw_str(row++, x + 2, w - 4, err.v[i], R_ERROR);
		free(err.v[i]);
	}
	free(err.v);
	draw_str(y + h - 2, x + 2, w - 4, dlg_hint(d), R_DIM);
	buf_free(&b);
	if (cy >= 0)
		draw_cursor(cy, cx);
}

static void dlg_changed(struct app *a, struct dlg *d, size_t field,
    size_t old);

static void
dlg_move(struct dlg *d, bool back)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		d->focus = back ? (d->focus + d->n - 1) % d->n :
		    (d->focus + 1) % d->n;
		if (!d->f[d->focus].hidden)
			return;
	}
}

static bool
dlg_key(struct app *a, void *st, int key)
{
	struct dlg *d = st;
	struct dfield *fd = &d->f[d->focus];
	size_t old;

	if (key == K_TAB || key == K_FN(KEY_DOWN)) {
		dlg_move(d, false);
		return true;
	}
	if (key == K_FN(KEY_BTAB) || key == K_FN(KEY_UP)) {
		dlg_move(d, true);
		return true;
	}
	switch (fd->kind) {
	case FK_TEXT:
		if (key == K_FN(KX_PASTE)) {
			editor_paste(&fd->ed, buf_str(&a->paste));
			return true;
		}
		return editor_key(&fd->ed, key) != ED_IGNORED;
	case FK_CHOICE:
		old = fd->choice;
		if (key == K_FN(KEY_RIGHT) || key == ' ')
			fd->choice = (fd->choice + 1) % fd->nchoices;
		else if (key == K_FN(KEY_LEFT))
			fd->choice = (fd->choice + fd->nchoices - 1) %
			    fd->nchoices;
		else
			return false;
		dlg_changed(a, d, d->focus, old);
		return true;
	case FK_CHECK:
		if (key == ' ') {
			fd->on = !fd->on;
			return true;
		}
		return false;
	}
	return false;
}

static void dlg_submit(struct app *a, struct dlg *d);

static bool
dlg_action(struct app *a, void *st, enum action act)
{
	struct dlg *d = st;

	switch (act) {
	case ACT_SAVE:
	case ACT_OPEN:
		dlg_submit(a, d);
		return true;
	case ACT_DELETE:
		if (d->kind == DLG_MERGE && d->npaths > 0) {
			free(d->paths[--d->npaths]);
			dlg_set_error(d, NULL);
		}
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
dlg_close(struct app *a, void *st)
{
	struct dlg *d = st;
	size_t i, j;

	(void)a;
	for (i = 0; i < d->n; i++) {
		if (d->f[i].kind == FK_TEXT)
			editor_free(&d->f[i].ed);
		for (j = 0; j < d->f[i].nchoices; j++)
			free(d->f[i].choices[j]);
		free(d->f[i].choices);
	}
	for (i = 0; i < d->npaths; i++)
		free(d->paths[i]);
	free(d->paths);
	track_free(d->tracks, d->ntracks);
	free(d->auto_path);
	free(d->error);
	free(d);
}

static const enum action dlg_actions[] = {
	ACT_SAVE, ACT_OPEN, ACT_BACK, ACT_QUIT, ACT_NONE,
};

static const struct screen_ops dlg_ops = {
	.name = N_("file dialog"),
	.actions = dlg_actions,
	.modal = true,
	.draw = dlg_draw,
	.key = dlg_key,
	.action = dlg_action,
	.close = dlg_close,
};

/* The merge dialog has F8 to drop the last copy from its list. */
static const enum action dlg_merge_actions[] = {
	ACT_SAVE, ACT_OPEN, ACT_DELETE, ACT_BACK, ACT_QUIT, ACT_NONE,
};

static const struct screen_ops dlg_merge_ops = {
	.name = N_("merge copies"),
	.actions = dlg_merge_actions,
	.modal = true,
	.draw = dlg_draw,
	.key = dlg_key,
	.action = dlg_action,
	.close = dlg_close,
};

/* ---- export ---- */

/* True if the extension ext (with its '.') is one of fmt's. */
static bool
export_has_ext(const struct export_format *fmt, const char *ext)
{
	const char *p = fmt->extensions;
	size_t n = strlen(ext + 1);

	while (*p != '\0') {
		size_t len = strcspn(p, " ");

		if (len == n && strncasecmp(p, ext + 1, n) == 0)
			return true;
		p += len;
		p += strspn(p, " ");
	}
	return false;
}

/* ".docx": the format's first extension.  Caller frees. */
static char *
export_ext(const struct export_format *fmt)
{
	return xasprintf(".%.*s", (int)strcspn(fmt->extensions, " "),
	    fmt->extensions);
}

/*
 * The format changed from old: its own fields show or hide, and a path
 * that ends in old's extension takes the new one.
 */
static void
export_format_changed(struct dlg *d, const struct export_format *old)
{
	const struct export_format *fmt = export_formats[d->f[EX_FORMAT].choice];
	const char *text = eb_text(&d->f[EX_PATH].ed.eb), *ext = path_ext(text);

	d->f[EX_WIDTH].hidden = fmt != &export_txt;
	d->f[EX_EXCEL].hidden = fmt != &export_csv;
	if (ext != NULL && old != NULL && export_has_ext(old, ext)) {
		char *e = export_ext(fmt);
		char *path = xasprintf("%.*s%s", (int)(ext - text), text, e);

		dlg_set_path(d, EX_PATH, path);
		free(e);
	}
}

static void
export_open(struct app *a)
{
	struct dlg *d = dlg_new(DLG_EXPORT, _("Export"));
	struct dfield *fd;
	size_t n, i, sel = 0;
	char **c, *ext;

	for (n = 0; export_formats[n] != NULL; n++)
		;
	c = xcalloc(n, sizeof *c);
	for (i = 0; i < n; i++) {
		c[i] = xstrdup(export_formats[i]->name);
		/* DOCX first: what organisers send for comments. */
		if (export_formats[i] == &export_docx)
			sel = i;
	}
	dlg_choices(dlg_add(d, FK_CHOICE, _("Format")), c, n, sel);
	dlg_add(d, FK_TEXT, _("File"));
	fd = dlg_add(d, FK_TEXT, _("Text width"));
	eb_set(&fd->ed.eb, "80");
	dlg_add(d, FK_CHECK, _("For Excel"));
	ext = export_ext(export_formats[sel]);
	dlg_set_path(d, EX_PATH, path_beside(a, ext));
	free(ext);
	export_format_changed(d, NULL);
	app_push(a, &dlg_ops, d);
}

/* Writes the export the dialog describes; closes it when done. */
static void
export_go(struct app *a, struct dlg *d)
{
	const struct export_format *fmt =
	    export_formats[d->f[EX_FORMAT].choice];
	struct export_options o = { .width = 80, .date = -1 };
	struct progress p;
	struct buf b = {0};
	char *path = dlg_path(d, EX_PATH), *err = NULL;
	enum status st;

	o.width = (unsigned)strtoul(eb_text(&d->f[EX_WIDTH].ed.eb), NULL, 10);
	o.excel = fmt == &export_csv && d->f[EX_EXCEL].on;
	progress_init(&p, _("Exporting"), path, "rows");
	o.progress = progress_export;
	o.progress_ctx = &p;
	dlg_draw(a, d);
	progress_draw(&p, 0, 1);
	st = export_run(a->f, fmt, &o, path, &err);
	progress_free(&p);
	if (st != ST_OK) {
		dlg_set_error(d, "%s", err != NULL ? err : status_text(st));
		free(err);
		free(path);
		return;
	}
	buf_printf(&b, _("%s, as %s, was written to:\n  %s\n"), fmt->table ?
	    (fmt == &export_json ? _("The whole forum") : _("The proposals table")) :
	    _("The resolution"), fmt->name, path);
	buf_adds(&b, "  (");
	path_size(&b, path);
	buf_adds(&b, ")\n");
	app_pop(a);
	report_open(a, _("Exported"), buf_steal(&b), NULL, NULL, NULL);
	app_msg(a, _("Exported: %s"), strrchr(path, '/') != NULL ?
	    strrchr(path, '/') + 1 : path);
	free(path);
}

static void
export_replace(struct app *a, void *ctx, size_t choice)
{
	struct dlg *d = ctx;

	/* The menu closed: the dialog is on top again. */
	if (choice == 0 && app_top(a, &dlg_ops) == d)
		export_go(a, d);
}

static void
export_submit(struct app *a, struct dlg *d)
{
	const char *w = eb_text(&d->f[EX_WIDTH].ed.eb);
	const struct export_format *fmt =
	    export_formats[d->f[EX_FORMAT].choice];
	char *path = dlg_path(d, EX_PATH), *end;
	struct stat sb;
	long width;

	dlg_set_error(d, NULL);
	errno = 0;
	width = strtol(w, &end, 10);
	if (fmt == &export_txt && (*w == '\0' || *end != '\0' || errno != 0 ||
	    width < 0 || (width > 0 && width < 20) || width > 10000)) {
		dlg_set_error(d, _("The text width is 0 (no wrapping) or a number "
		    "of columns from 20 to 10000"));
		d->focus = EX_WIDTH;
	} else if (*path == '\0') {
		dlg_set_error(d, _("Which file? Give its path"));
		d->focus = EX_PATH;
	} else if (path_same(path, forum_path(a->f))) {
		dlg_set_error(d, _("%s is the forum file itself; choose another "
		    "name"), path);
		d->focus = EX_PATH;
	} else if (export_for_path(path) != NULL &&
	    export_for_path(path) != fmt) {
		dlg_set_error(d, _("%s: the name says %s, the format is %s; change "
		    "one of them"), path, export_for_path(path)->name,
		    fmt->name);
		d->focus = EX_PATH;
	} else if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		dlg_set_error(d, _("%s is a directory; give a file name"), path);
		d->focus = EX_PATH;
	} else if (stat(path, &sb) == 0) {
		const char *const items[] = {
			_("Replace it"), _("Keep it: back to the dialog"),
		};
		struct buf q = {0};

		buf_printf(&q, _("%s exists"), path);
		menu_open(a, buf_str(&q), items, 2, 1, export_replace, d);
		buf_free(&q);
	} else
		export_go(a, d);
	free(path);
}

/* ---- a copy for a moderator ---- */

/* The default copy's name: FORUM-TRACK.EXT, or FORUM-copy.EXT. */
static char *
copy_default(struct app *a, const struct track *t)
{
	const char *ext = path_ext(forum_path(a->f));
	struct buf b = {0};
	char *path;

	buf_addc(&b, '-');
	if (t != NULL)
		path_word(&b, t->label);
	else
		buf_adds(&b, "copy");
	buf_adds(&b, ext != NULL ? ext : ".db");
	path = path_beside(a, buf_str(&b));
	buf_free(&b);
	return path;
}

static void
copy_open(struct app *a)
{
	struct dlg *d = dlg_new(DLG_COPY, _("Copy for a moderator"));

	dlg_add(d, FK_TEXT, _("File"));
	dlg_track_choices(a, d, dlg_add(d, FK_CHOICE, _("Track")),
	    _("none: the moderator chooses"));
	dlg_set_path(d, CP_PATH, copy_default(a, dlg_track(d, CP_TRACK)));
	app_push(a, &dlg_ops, d);
}

static void
copy_submit(struct app *a, struct dlg *d)
{
	const struct track *t = dlg_track(d, CP_TRACK);
	char *path = dlg_path(d, CP_PATH);
	struct progress p;
	struct buf b = {0};
	enum status st;

	dlg_set_error(d, NULL);
	if (*path == '\0') {
		dlg_set_error(d, _("Which file? Give its path"));
		free(path);
		return;
	}
	progress_init(&p, _("Writing the copy"), path, "");
	dlg_draw(a, d);
	progress_draw(&p, 0, 1);
	st = merge_copy_write(a->f, path, t != NULL ? t->rec.uuid : NULL);
	progress_free(&p);
	if (st != ST_OK) {
		dlg_set_error(d, "%s", forum_error(a->f));
		free(path);
		return;
	}
	if (t != NULL)
		buf_printf(&b, _("A copy for the moderator of track %s was "
		    "written to:\n"), t->label);
	else
		buf_adds(&b, _("A copy for a moderator was written to:\n"));
	buf_printf(&b, _("  %s\n\nIt holds every track, with a copy id of its "
	    "own and no undo history.  The moderator opens it with agora; "
	    "back here, Files › Merge copies brings it in.\n"), path);
	app_pop(a);
	report_open(a, _("Copy written"), buf_steal(&b), NULL, NULL, NULL);
	app_msg(a, _("Copy written: %s"), strrchr(path, '/') != NULL ?
	    strrchr(path, '/') + 1 : path);
	free(path);
}

/* ---- merging copies ---- */

static void
merge_open(struct app *a)
{
	struct dlg *d = dlg_new(DLG_MERGE, _("Merge copies"));

	dlg_add(d, FK_TEXT, _("Copy"));
	dlg_add(d, FK_CHECK, _("Other forum"));
	app_push(a, &dlg_merge_ops, d);
}

/*
 * Merges the dialog's copies, for real or as a dry run, with the progress
 * bar.  Fills out[0..npaths-1] on success; on failure says why in the
 * dialog.
 */
static enum status
merge_go(struct app *a, struct dlg *d, bool dry, struct merge_result *out)
{
	struct merge_opts o = { 0 };
	struct progress p;
	enum status st;

	o.import = d->f[MG_IMPORT].on;
	o.dry_run = dry;
	o.progress = progress_merge;
	progress_init(&p, dry ? _("Merging, to preview (a dry run)") :
	    _("Merging"), "", "rows");
	p.of = d->npaths;
	o.ctx = &p;
	dlg_draw(a, d);
	progress_merge(&p, d->paths[0], 0, 1);
	st = merge_run(a->f, (const char *const *)d->paths, d->npaths, &o,
	    out);
	progress_free(&p);
	if (st != ST_OK)
		dlg_set_error(d, _("%s; nothing was merged"), forum_error(a->f));
	return st;
}

/* The reports of out[0..n-1], one after the other.  Frees them. */
static void
merge_reports(struct buf *b, struct merge_result *out, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		buf_printf(b, "%s%s", i > 0 ? "\n" : "", out[i].report);
		merge_result_free(&out[i]);
	}
}

/* After the preview: the merge itself. */
static void
merge_confirmed(struct app *a, void *ctx)
{
	struct dlg *d = ctx;
	struct merge_result *out;
	struct buf b = {0};

	if (app_top(a, &dlg_merge_ops) != d)
		return;
	out = xcalloc(d->npaths, sizeof *out);
	if (merge_go(a, d, false, out) != ST_OK) {
		free(out);
		return;
	}
	merge_reports(&b, out, d->npaths);
	free(out);
	buf_adds(&b, _("\nOne undo (Ctrl-Z) takes the whole merge back.  The "
	    "report is kept in the file (Files › Merge reports).\n"));
	app_pop(a);
	app_reload(a);
	report_open(a, _("Merged"), buf_steal(&b), NULL, NULL, NULL);
	app_msg(a, _("Merged; Ctrl-Z undoes the whole merge"));
}

/* Adds the copy typed in the dialog to its list. */
static void
merge_add(struct app *a, struct dlg *d, char *path)
{
	struct stat sb;
	size_t i;

	for (i = 0; i < d->npaths; i++)
		if (strcmp(d->paths[i], path) == 0 ||
		    path_same(d->paths[i], path)) {
			dlg_set_error(d, _("%s is in the list already"), path);
			free(path);
			return;
		}
	if (stat(path, &sb) != 0)
		dlg_set_error(d, "%s: %s", path, strerror(errno));
	else if (!S_ISREG(sb.st_mode))
		dlg_set_error(d, _("%s is not a file"), path);
	else if (path_same(path, forum_path(a->f)))
		dlg_set_error(d, _("%s is this forum's own file"), path);
	else {
		d->paths = xreallocarray(d->paths, d->npaths + 1,
		    sizeof *d->paths);
		d->paths[d->npaths++] = path;
		eb_clear(&d->f[MG_PATH].ed.eb);
		return;
	}
	free(path);
}

static void
merge_submit(struct app *a, struct dlg *d)
{
	struct merge_result *out;
	char *path = dlg_path(d, MG_PATH);
	struct buf b = {0};

	dlg_set_error(d, NULL);
	if (*path != '\0') {
		merge_add(a, d, path);
		return;
	}
	free(path);
	if (d->npaths == 0) {
		dlg_set_error(d, _("Type the path of a moderator's copy, then "
		    "Enter"));
		return;
	}
	out = xcalloc(d->npaths, sizeof *out);
	if (merge_go(a, d, true, out) != ST_OK) {
		free(out);
		return;
	}
	buf_printf(&b, _("A dry run: %s has not been changed yet.\n\n"),
	    forum_path(a->f));
	merge_reports(&b, out, d->npaths);
	free(out);
	report_open(a, _("Merge preview"), buf_steal(&b), _("Enter or F2: merge "
	    "now   Esc: back to the dialog"), merge_confirmed, d);
}

/* ---- the merge reports kept in the file ---- */

static void
reports_open(struct app *a)
{
	struct merge_report_row *v;
	struct buf b = {0};
	size_t n, i;
	char when[64];

	if (merge_reports_list(a->f, &v, &n) != ST_OK) {
		app_status(a, ST_DB, _("Reading the merge reports"));
		return;
	}
	if (n == 0)
		buf_adds(&b, _("No copy has been merged into this file yet.\n"));
	for (i = 0; i < n; i++) {
		time_t t = (time_t)(v[i].time / 1000);
		struct tm tm;

		if (localtime_r(&t, &tm) == NULL ||
		    strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm) == 0)
			snprintf(when, sizeof when, "?");
		buf_printf(&b, "%s── %s · %s\n%s", i > 0 ? "\n" : "", when,
		    v[i].source, v[i].text);
		if (b.len > 0 && b.data[b.len - 1] != '\n')
			buf_addc(&b, '\n');
	}
	merge_reports_free(v, n);
	{
		char *title = xasprintf(_("Merge reports: %zu, the newest first"),
		    n);

		report_open(a, title, buf_steal(&b), NULL, NULL, NULL);
		free(title);
	}
}

/* ---- import ---- */

static void
import_open(struct app *a)
{
	struct dlg *d = dlg_new(DLG_IMPORT, _("Import"));
	char **c = xcalloc(5, sizeof *c);
	size_t i;

	dlg_add(d, FK_TEXT, _("File"));
	for (i = 0; i < 5; i++)
		c[i] = xstrdup(_(import_format_names[i]));
	dlg_choices(dlg_add(d, FK_CHOICE, _("Format")), c, 5, 0);
	dlg_track_choices(a, d, dlg_add(d, FK_CHOICE, _("Default track")),
	    _("the first track"));
	dlg_add(d, FK_CHECK, _("Strict"));
	dlg_add(d, FK_CHECK, _("Skip bad rows"));
	app_push(a, &dlg_ops, d);
}

static enum import_format
import_format_named(const char *name)
{
	static const struct {
		const char *name;
		enum import_format fmt;
	} names[] = {
		{ "csv", FMT_CSV }, { "tsv", FMT_CSV }, { "json", FMT_JSON },
		{ "txt", FMT_TXT }, { "text", FMT_TXT }, { "docx", FMT_DOCX },
	};
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcasecmp(names[i].name, name) == 0)
			return names[i].fmt;
	return FMT_AUTO;
}

/* As `agora import`: by the extension, else by the first bytes. */
static enum import_format
import_format_guess(const char *path, const char *data, size_t len)
{
	const char *ext = path_ext(path);
	size_t i = 0;

	if (ext != NULL && import_format_named(ext + 1) != FMT_AUTO)
		return import_format_named(ext + 1);
	if (len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0)
		return FMT_DOCX;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len && strchr(" \t\r\n", data[i]) != NULL)
		i++;
	if (i < len && data[i] == '{')
		return FMT_JSON;
	return FMT_AUTO;
}

/* Reads the source whole (at most IMPORT_MAX_SIZE); NULL and *err
 * (caller frees) on failure. */
static char *
import_slurp(const char *path, size_t *len, char **err)
{
	struct buf b = {0};
	struct stat sb;
	char chunk[65536];
	size_t got;
	FILE *in;

	*len = 0;
	if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		*err = xasprintf(_("%s is a directory"), path);
		return NULL;
	}
	if ((in = fopen(path, "rb")) == NULL) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		return NULL;
	}
	while ((got = fread(chunk, 1, sizeof chunk, in)) > 0) {
		if (b.len + got > IMPORT_MAX_SIZE) {
			*err = xasprintf(_("%s: larger than %zu MiB: not "
			    "imported"), path, IMPORT_MAX_SIZE >> 20);
			buf_free(&b);
			(void)fclose(in); /* read only: nothing lost */
			return NULL;
		}
		buf_add(&b, chunk, got);
	}
	if (ferror(in)) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		buf_free(&b);
		(void)fclose(in); /* read only: nothing lost */
		return NULL;
	}
	(void)fclose(in); /* read only: everything was read */
	*len = b.len;
	buf_addc(&b, '\0');
	return buf_steal(&b);
}

/* The messages of one kind as "SOURCE:LINE:COL: text", at most max. */
static void
import_msgs(struct buf *b, const struct import_report *r, const char *source,
    enum import_msg_kind kind, const char *prefix, size_t max)
{
	size_t i, shown = 0;

	for (i = 0; i < r->nmsgs; i++) {
		const struct import_msg *m = &r->msgs[i];

		if (m->kind != kind)
			continue;
		if (shown++ == max) {
			buf_printf(b, _("%s… and more like these\n"), prefix);
			return;
		}
		buf_printf(b, "%s%s", prefix, source);
		if (m->line > 0)
			buf_printf(b, ":%lld", (long long)m->line);
		if (m->line > 0 && m->col > 0)
			buf_printf(b, ":%lld", (long long)m->col);
		buf_printf(b, ": %s\n", m->text);
	}
}

/* The report of a finished import, as `agora import` prints it. */
static void
import_describe(struct buf *b, const struct import_report *r,
    const char *source, bool skip_bad)
{
	/* The noun in the form for its count (Russian has three). */
	const struct {
		int64_t n;
		const char *noun;
	} c[] = {
		{ r->proposals, P_("proposal", "proposals", r->proposals) },
		{ r->addressees, P_("addressee", "addressees", r->addressees) },
		{ r->tracks, P_("track", "tracks", r->tracks) },
		{ r->sessions, P_("session", "sessions", r->sessions) },
		{ r->links, P_("addressee link", "addressee links", r->links) },
		{ r->paragraphs, P_("paragraph", "paragraphs", r->paragraphs) },
		{ r->groups, P_("participant group", "participant groups",
		    r->groups) },
		{ r->revisions, P_("revision", "revisions", r->revisions) },
	};
	size_t i, before;

	buf_printf(b, _("Imported from %s (%s"), source, r->format);
	if (r->sep != 0)
		buf_printf(b, _(", separated by %s"), r->sep == '\t' ? _("tabs") :
		    r->sep == ';' ? "';'" : "','");
	buf_adds(b, "): ");
	before = b->len;
	for (i = 0; i < sizeof c / sizeof c[0]; i++)
		if (c[i].n > 0)
			buf_printf(b, "%s%lld %s", b->len > before ? ", " : "",
			    (long long)c[i].n, c[i].noun);
	if (b->len == before)
		buf_adds(b, _("nothing new"));
	buf_printf(b, "%s.\n", r->forum_set ? _("; the forum's title, place, "
	    "date and preamble") : "");
	if (r->updated > 0)
		buf_printf(b, P_("  taken in a newer version: %lld record\n",
		    "  taken in a newer version: %lld records\n", r->updated),
		    (long long)r->updated);
	if (r->skipped > 0) {
		buf_printf(b, _("  skipped, already there: %lld\n"),
		    (long long)r->skipped);
		import_msgs(b, r, source, IMPORT_SKIPPED, "    ", 100);
	}
	if (r->bad > 0 && skip_bad) {
		buf_printf(b, _("  bad, left out: %lld\n"), (long long)r->bad);
		import_msgs(b, r, source, IMPORT_BAD, "    ", 100);
	}
	if (r->ncolumns > 0) {
		buf_adds(b, _("  columns not imported: "));
		for (i = 0; i < r->ncolumns; i++)
			buf_printf(b, "%s\"%s\"", i ? ", " : "", r->columns[i]);
		buf_addc(b, '\n');
	}
	import_msgs(b, r, source, IMPORT_NOTE, _("  note: "), 100);
	if (r->proposals + r->addressees + r->tracks + r->links +
	    r->paragraphs + r->groups + r->sessions + r->updated +
	    r->revisions > 0 || r->forum_set)
		buf_adds(b, _("\nOne undo (Ctrl-Z) takes the whole import back.\n"));
}

/* The forum's title may have come with the import (JSON). */
static void
import_retitle(struct app *a)
{
	struct forum_info fi;

	if (forum_info_get(a->f, &fi) != ST_OK)
		return;
	free(a->forum_title);
	a->forum_title = xstrdup(fi.title);
	forum_info_free(&fi);
}

static void
import_submit(struct app *a, struct dlg *d)
{
	const struct track *t = dlg_track(d, IM_TRACK);
	struct import_options o = { 0 };
	struct import_report r = { 0 };
	struct import_para *paras = NULL;
	enum import_format fmt = (enum import_format)d->f[IM_FORMAT].choice;
	char *path = dlg_path(d, IM_PATH), *data = NULL, *err = NULL;
	size_t len = 0, npara = 0;
	struct progress p;
	struct buf b = {0};
	enum status st;

	dlg_set_error(d, NULL);
	if (*path == '\0') {
		dlg_set_error(d, _("Which file? Give its path"));
		goto out;
	}
	if ((data = import_slurp(path, &len, &err)) == NULL) {
		dlg_set_error(d, "%s", err);
		goto out;
	}
	if (fmt == FMT_AUTO &&
	    (fmt = import_format_guess(path, data, len)) == FMT_AUTO) {
		dlg_set_error(d, _("%s: cannot tell its format: choose one"),
		    path);
		d->focus = IM_FORMAT;
		goto out;
	}
	if (fmt == FMT_DOCX &&
	    docx_read(data, len, &paras, &npara, &err) != ST_OK) {
		dlg_set_error(d, "%s: %s", path, err);
		goto out;
	}
	o.source = path;
	o.track = t != NULL ? t->rec.uuid : NULL;
	o.strict = d->f[IM_STRICT].on;
	o.skip_bad = d->f[IM_SKIP].on;
	progress_init(&p, _("Importing"), path, "");
	dlg_draw(a, d);
	progress_draw(&p, 0, 1);
	switch (fmt) {
	case FMT_CSV:
		st = import_csv(a->f, data, len, &o, &r);
		break;
	case FMT_JSON:
		st = import_json(a->f, data, len, &o, &r);
		break;
	case FMT_DOCX:
		st = import_paragraphs(a->f, paras, npara, &o, &r);
		break;
	default:
		st = import_text(a->f, data, len, &o, &r);
		break;
	}
	progress_free(&p);
	if (st != ST_OK && r.bad > 0) {
		/* The bad rows over the dialog, which stays for another go. */
		import_msgs(&b, &r, path, IMPORT_BAD, "", 200);
		buf_printf(&b, P_("\n%lld bad row: nothing was imported.  "
		    "Tick \"Skip bad rows\" to import the good ones.\n",
		    "\n%lld bad rows: nothing was imported.  Tick \"Skip bad "
		    "rows\" to import the good ones.\n", r.bad), (long long)r.bad);
		dlg_set_error(d, P_("%lld bad row: nothing was imported",
		    "%lld bad rows: nothing was imported", r.bad),
		    (long long)r.bad);
		report_open(a, _("Not imported"), buf_steal(&b), NULL, NULL, NULL);
		goto out;
	}
	if (st != ST_OK) {
		dlg_set_error(d, "%s", forum_error(a->f));
		goto out;
	}
	import_describe(&b, &r, path, o.skip_bad);
	if (r.forum_set)
		import_retitle(a);
	app_pop(a);
	app_reload(a);
	report_open(a, _("Imported"), buf_steal(&b), NULL, NULL, NULL);
	app_msg(a, _("Imported; Ctrl-Z takes the whole import back"));
out:
	import_report_free(&r);
	docx_paras_free(paras, npara);
	free(data);
	free(err);
	free(path);
}

/* ---- the dialogs' common parts ---- */

/* Choice field changed from choice old: what follows from it. */
static void
dlg_changed(struct app *a, struct dlg *d, size_t field, size_t old)
{
	dlg_set_error(d, NULL);
	if (d->kind == DLG_EXPORT && field == EX_FORMAT)
		export_format_changed(d, export_formats[old]);
	else if (d->kind == DLG_COPY && field == CP_TRACK &&
	    d->auto_path != NULL &&
	    strcmp(eb_text(&d->f[CP_PATH].ed.eb), d->auto_path) == 0)
		dlg_set_path(d, CP_PATH, copy_default(a, dlg_track(d,
		    CP_TRACK)));
}

static void
dlg_submit(struct app *a, struct dlg *d)
{
	switch (d->kind) {
	case DLG_EXPORT:
		export_submit(a, d);
		break;
	case DLG_COPY:
		copy_submit(a, d);
		break;
	case DLG_MERGE:
		merge_submit(a, d);
		break;
	case DLG_IMPORT:
		import_submit(a, d);
		break;
	}
}

/* ---- the Files menu ---- */

static void
files_chosen(struct app *a, void *ctx, size_t choice)
{
	(void)ctx;
	if ((choice == 2 || choice == 4) && forum_readonly(a->f)) {
		app_err(a, _("Read-only: %s cannot be changed here"),
		    forum_path(a->f));
		return;
	}
	switch (choice) {
	case 0:
		export_open(a);
		break;
	case 1:
		copy_open(a);
		break;
	case 2:
		merge_open(a);
		break;
	case 3:
		reports_open(a);
		break;
	case 4:
		import_open(a);
		break;
	default:
		break;
	}
}

void
files_open(struct app *a)
{
	const char *const items[] = {
		_("Export the resolution or the proposals table…"),
		_("Copy for a moderator…"),
		_("Merge moderators' copies…"),
		_("Merge reports"),
		_("Import proposals, a forum or a resolution…"),
	};

	menu_open(a, _("Files"), items, sizeof items / sizeof items[0], 0,
	    files_chosen, NULL);
}
