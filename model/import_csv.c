/*
 * import_csv.c: proposals from CSV (import_csv.h for the syntax, import.h
 * for the import).
 *
 * The header names the columns, in Russian or English, matched folded
 * (ё = е) with spaces, a final ':' or '*' (a required question in a form)
 * and quotes ignored; the table below lists them.  The columns of
 * `agora export --format csv` are among them, so a table exported from one
 * forum imports into another: its rows of one proposal under several
 * addressees (the same uuid) become one proposal with those addressees.
 *
 * A row is checked whole before anything is written: its text, track,
 * status, votes, UUID and addressees.  Unknown addressees are created
 * (label and heading the name) unless strict; unknown sessions likewise,
 * in the row's track.  A track must exist: an unknown or empty one takes
 * the --track default, else the row is bad.  Several addressees in one
 * cell are separated by ';', '|' or line ends (',' cannot be one: a
 * heading in the dative holds commas).
 */
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "i18n.h"
#include "import.h"
#include "import_csv.h"
#include "text.h"

/* ---- the syntax ---- */

struct csv_parser {
	const char *s;
	size_t len;
	size_t i;
	int64_t line, col;
	char sep;
};

void
csv_table_free(struct csv_table *t)
{
	size_t i, j;

	for (i = 0; i < t->nrows; i++) {
		for (j = 0; j < t->rows[i].n; j++)
			free(t->rows[i].fields[j].text);
		free(t->rows[i].fields);
	}
	free(t->rows);
	memset(t, 0, sizeof *t);
}

/* Moves past one byte, keeping line and column. */
static void
csv_advance(struct csv_parser *p)
{
	unsigned char b = (unsigned char)p->s[p->i];

	p->i++;
	if (b == '\n' || (b == '\r' && (p->i >= p->len ||
	    p->s[p->i] != '\n'))) {
		p->line++;
		p->col = 1;
	} else if (b != '\r' && (b & 0xC0) != 0x80)
		p->col++;
}

/*
 * The separator: the most frequent of tab, ';' and ',' in the line that
 * starts at i, outside quotes (a quoted field may run over lines).
 */
static char
csv_detect(const char *s, size_t len, size_t i)
{
	size_t tabs = 0, semis = 0, commas = 0;
	bool quoted = false;

	for (; i < len; i++) {
		char c = s[i];

		if (c == '"')
			quoted = !quoted;
		else if (!quoted && (c == '\n' || c == '\r'))
			break;
		else if (!quoted && c == '\t')
			tabs++;
		else if (!quoted && c == ';')
			semis++;
		else if (!quoted && c == ',')
			commas++;
	}
	if (tabs > 0 && tabs >= semis && tabs >= commas)
		return '\t';
	if (semis > 0 && semis >= commas)
		return ';';
	return ',';
}

/*
 * Reads one field at p->i into *fd; *end tells whether the row ended,
 * *was_quoted whether the field was in quotes.
 */
static enum status
csv_field(struct csv_parser *p, struct csv_field *fd, bool *end,
    bool *was_quoted, char **err)
{
	struct buf b = {0};
	int64_t qline = 0, qcol = 0;
	bool quoted = false;

	fd->line = p->line;
	fd->col = p->col;
	*end = false;
	*was_quoted = false;
	if (p->i < p->len && p->s[p->i] == '"') {
		quoted = *was_quoted = true;
		qline = p->line;
		qcol = p->col;
		csv_advance(p);
	}
	while (p->i < p->len) {
		char c = p->s[p->i];

		if (quoted) {
			if (c == '"') {
				csv_advance(p);
				if (p->i < p->len && p->s[p->i] == '"') {
					buf_addc(&b, '"');
					csv_advance(p);
				} else
					quoted = false;
				continue;
			}
			if (c == '\r') {
				/* CRLF and CR in a field are '\n'. */
				csv_advance(p);
				if (p->i < p->len && p->s[p->i] == '\n')
					csv_advance(p);
				buf_addc(&b, '\n');
				goto check;
			}
		} else if (c == p->sep) {
			csv_advance(p);
			goto done;
		} else if (c == '\n' || c == '\r') {
			csv_advance(p);
			if (c == '\r' && p->i < p->len && p->s[p->i] == '\n')
				csv_advance(p);
			*end = true;
			goto done;
		}
		buf_addc(&b, c);
		csv_advance(p);
check:
		if (b.len > IMPORT_MAX_TEXT) {
			*err = xasprintf(_("%lld:%lld: the field is longer than "
			    "%zu MiB"), (long long)fd->line, (long long)fd->col,
			    IMPORT_MAX_TEXT >> 20);
			buf_free(&b);
			return ST_TOOBIG;
		}
	}
	if (quoted) {
		*err = xasprintf(_("%lld:%lld: the quoted field that starts here "
		    "never ends (a '\"' is missing)"), (long long)qline,
		    (long long)qcol);
		buf_free(&b);
		return ST_INVALID;
	}
	*end = true;
done:
	fd->len = b.len;
	buf_addc(&b, '\0');
	fd->text = buf_steal(&b);
	return ST_OK;
}

/* Parses the rows from byte start with separator sep. */
static enum status
csv_rows(const char *data, size_t len, size_t start, char sep,
    struct csv_table *out, char **err)
{
	struct csv_parser p = { .s = data, .len = len, .i = start, .line = 1,
		.col = 1, .sep = sep };
	size_t cap = 0, j;
	enum status st;

	out->sep = sep;
	while (p.i < len) {
		struct csv_row row = { .line = p.line };
		size_t fcap = 0;
		bool end = false, quoted = false;

		while (!end) {
			struct csv_field fd;

			if (row.n >= CSV_MAX_FIELDS) {
				*err = xasprintf(_("%lld:%lld: the row has more "
				    "than %d fields"), (long long)row.line,
				    (long long)p.col, CSV_MAX_FIELDS);
				st = ST_TOOBIG;
				goto fail;
			}
			if ((st = csv_field(&p, &fd, &end, &quoted, err)) !=
			    ST_OK)
				goto fail;
			if (row.n == fcap) {
				fcap = fcap ? fcap * 2 : 8;
				row.fields = xreallocarray(row.fields, fcap,
				    sizeof *row.fields);
			}
			row.fields[row.n++] = fd;
		}
		/* A blank line (one empty field, not quoted) is no row. */
		if (row.n == 1 && row.fields[0].len == 0 && !quoted) {
			free(row.fields[0].text);
			free(row.fields);
			continue;
		}
		if (out->nrows == cap) {
			cap = cap ? cap * 2 : 64;
			out->rows = xreallocarray(out->rows, cap,
			    sizeof *out->rows);
		}
		out->rows[out->nrows++] = row;
		continue;
fail:
		for (j = 0; j < row.n; j++)
			free(row.fields[j].text);
		free(row.fields);
		return st;
	}
	return ST_OK;
}

enum status
csv_parse(const char *data, size_t len, struct csv_table *out, char **err)
{
	size_t start, first;
	enum status st;
	char sep;

	memset(out, 0, sizeof *out);
	*err = NULL;
	if ((st = import_check_text(data, len, 0, &start, err)) != ST_OK)
		return st;
	/* The first line that is not blank names the separator. */
	for (first = start; first < len && (data[first] == '\n' ||
	    data[first] == '\r'); first++)
		;
	if (first == len) {
		*err = xstrdup(_("empty file: no header line"));
		return ST_INVALID;
	}
	sep = csv_detect(data, len, first);
	st = csv_rows(data, len, start, sep, out, err);
	/*
	 * A header that is one field names no separator after all (what
	 * was counted was inside a field): ',' then, as for a header
	 * without any, so that a table written back reads the same.
	 */
	if (st == ST_OK && sep != ',' && out->nrows > 0 &&
	    out->rows[0].n == 1) {
		csv_table_free(out);
		st = csv_rows(data, len, start, ',', out, err);
	}
	if (st != ST_OK) {
		csv_table_free(out);
		return st;
	}
	if (out->nrows == 0) {
		*err = xstrdup(_("empty file: no header line"));
		return ST_INVALID;
	}
	return ST_OK;
}

void
csv_serialise(const struct csv_table *t, struct buf *out)
{
	size_t i, j, k;

	for (i = 0; i < t->nrows; i++) {
		for (j = 0; j < t->rows[i].n; j++) {
			const struct csv_field *fd = &t->rows[i].fields[j];

			if (j > 0)
				buf_addc(out, t->sep);
			buf_addc(out, '"');
			for (k = 0; k < fd->len; k++) {
				if (fd->text[k] == '"')
					buf_addc(out, '"');
				buf_addc(out, fd->text[k]);
			}
			buf_addc(out, '"');
		}
		buf_addc(out, '\n');
	}
}

/* ---- the columns ---- */

enum csv_col {
	CC_TEXT,
	CC_ADDRESSEE,
	CC_HEADING, /* the export's addressee_heading */
	CC_TRACK,
	CC_TRACK_TITLE,
	CC_SESSION,
	CC_AUTHOR,
	CC_ORGANISATION,
	CC_STATUS,
	CC_FOR,
	CC_AGAINST,
	CC_ABSTAIN,
	CC_UUID,
	CC_NOTE,
	CC_MERGED_INTO,
	CC_NUMBER,  /* the export's "N.M.": the item's place */
	CC_COUNT,
	CC_UNUSED /* known (the export writes it), not imported */
};

/* The headings, folded (ё = е). */
static const struct {
	const char *name;
	enum csv_col col;
} csv_names[] = {
	{ "текст", CC_TEXT }, { "text", CC_TEXT },
	{ "предложение", CC_TEXT }, { "proposal", CC_TEXT },
	{ "текст предложения", CC_TEXT }, { "ваше предложение", CC_TEXT },
	{ "формулировка", CC_TEXT },
	{ "адресат", CC_ADDRESSEE }, { "адресаты", CC_ADDRESSEE },
	{ "addressee", CC_ADDRESSEE }, { "addressees", CC_ADDRESSEE },
	{ "кому", CC_ADDRESSEE },
	{ "addressee_heading", CC_HEADING },
	{ "заголовок адресата", CC_HEADING },
	{ "трек", CC_TRACK }, { "track", CC_TRACK }, { "тема", CC_TRACK },
	{ "theme", CC_TRACK }, { "секция", CC_TRACK },
	{ "track_title", CC_TRACK_TITLE },
	{ "сессия", CC_SESSION }, { "session", CC_SESSION },
	{ "автор", CC_AUTHOR }, { "author", CC_AUTHOR }, { "фио", CC_AUTHOR },
	{ "ф.и.о.", CC_AUTHOR }, { "ф. и. о.", CC_AUTHOR },
	{ "организация", CC_ORGANISATION },
	{ "organisation", CC_ORGANISATION },
	{ "organization", CC_ORGANISATION },
	{ "статус", CC_STATUS }, { "status", CC_STATUS },
	{ "за", CC_FOR }, { "for", CC_FOR }, { "votes_for", CC_FOR },
	{ "против", CC_AGAINST }, { "against", CC_AGAINST },
	{ "votes_against", CC_AGAINST },
	{ "воздержались", CC_ABSTAIN }, { "abstain", CC_ABSTAIN },
	{ "abstained", CC_ABSTAIN }, { "votes_abstain", CC_ABSTAIN },
	{ "uuid", CC_UUID },
	{ "примечание", CC_NOTE }, { "note", CC_NOTE },
	{ "created", CC_UNUSED }, { "updated", CC_UNUSED },
	{ "merged_into", CC_MERGED_INTO }, { "number", CC_NUMBER },
};

/* The column a heading names, or -1. */
static int
csv_column(const char *h, size_t len)
{
	struct buf b = {0};
	size_t i;
	int col = -1;

	import_norm(&b, h, len);
	/* "Текст предложения*", "Адресат:", «Трек»: the marks go. */
	while (b.len > 0 && strchr(":*?\"' ", b.data[b.len - 1]) != NULL)
		b.data[--b.len] = '\0';
	for (i = 0; i < sizeof csv_names / sizeof csv_names[0]; i++)
		if (strcmp(csv_names[i].name, buf_str(&b)) == 0)
			col = (int)csv_names[i].col;
	buf_free(&b);
	return col;
}

/* The readable name of a column, for messages. */
static const char *const csv_col_names[CC_COUNT] = {
	[CC_TEXT] = "текст", [CC_ADDRESSEE] = "адресат",
	[CC_HEADING] = "addressee_heading", [CC_TRACK] = "трек",
	[CC_TRACK_TITLE] = "track_title", [CC_SESSION] = "сессия",
	[CC_AUTHOR] = "автор", [CC_ORGANISATION] = "организация",
	[CC_STATUS] = "статус", [CC_FOR] = "за", [CC_AGAINST] = "против",
	[CC_ABSTAIN] = "воздержались", [CC_UUID] = "uuid",
	[CC_NOTE] = "примечание", [CC_MERGED_INTO] = "merged_into",
	[CC_NUMBER] = "number",
};

/* ---- the rows ---- */

/* An addressee of a row: an existing one, or one to create. */
struct csv_addr {
	long index;   /* in c->addr, or -1 */
	size_t pending; /* else: in the importer's list of new ones */
	long item;    /* M of the row's "N.M.", or LONG_MAX */
};

struct csv_pending {
	char *label;
	char *heading;
	long index; /* in c->addr once created, else -1 */
};

/* A row that passed its checks. */
struct csv_good {
	int64_t line;
	struct proposal p;   /* strings point into the table */
	char uuid[37];       /* "" if none */
	char *session_new;   /* a session to create, or NULL (owned) */
	char merged_into[37]; /* MERGED: the surviving proposal's UUID */
	struct csv_addr *addr;
	size_t naddr;
	size_t repeat;       /* SIZE_MAX, or the good row it repeats */
	int64_t pid;         /* once written */
};

struct csv_import {
	struct import_ctx c;
	struct csv_table t;
	int col[CC_COUNT]; /* field index of each column, or -1 */
	size_t ncols;      /* fields in the header */
	struct csv_good *good;
	size_t ngood;
	struct csv_pending *pending;
	size_t npending;
	struct import_keys *seen;    /* "u:UUID" and "k:KEY" -> good row */
	struct import_keys *pendmap; /* normalised name -> pending */
	struct import_keys *fileuuids; /* the UUIDs the file gives */
	bool failed_first;           /* the first bad row is in forum_error */
};

/* The trimmed value of column col in row, or "" (len 0). */
static const char *
csv_value(const struct csv_import *im, const struct csv_row *row,
    enum csv_col col, size_t *len, int64_t *line, int64_t *c)
{
	const char *s = "";
	int k = im->col[col];

	*len = 0;
	*line = row->line;
	*c = 1;
	if (k >= 0 && (size_t)k < row->n) {
		s = row->fields[k].text;
		*len = row->fields[k].len;
		*line = row->fields[k].line;
		*c = row->fields[k].col;
		import_trim(&s, len);
	}
	return s;
}

/* Records a bad row; the first one becomes the failure's detail. */
static void
csv_bad(struct csv_import *im, int64_t line, int64_t col, const char *fmt,
    ...) __attribute__((format(printf, 4, 5)));

static void
csv_bad(struct csv_import *im, int64_t line, int64_t col, const char *fmt,
    ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	import_msg(im->c.r, IMPORT_BAD, line, col, "%s", msg);
	im->c.r->bad++;
	if (!im->failed_first) {
		forum_fail(im->c.f, ST_INVALID, "%s:%lld:%lld: %s",
		    im->c.o->source, (long long)line, (long long)col, msg);
		im->failed_first = true;
	}
	free(msg);
}

/* True if value fits the limit of its field (records.h); else reports the
 * row bad at line:col. */
static bool
csv_fits(struct csv_import *im, int64_t line, int64_t col, const char *field,
    const char *value, size_t limit)
{
	char *msg = record_size_error(field, value, limit);

	if (msg == NULL)
		return true;
	csv_bad(im, line, col, "%s", msg);
	free(msg);
	return false;
}

/* A count of votes: digits only, "" is 0.  -1 if it is not one. */
static int64_t
csv_count(const char *s, size_t len)
{
	int64_t v = 0;
	size_t i;

	if (len > 9)
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* enum proposal_status of a cell, or -1. */
static int
csv_status(const char *s, size_t len)
{
	static const struct {
		const char *name;
		int status;
	} names[] = {
		{ "", PROPOSAL_NEW }, { "новое", PROPOSAL_NEW },
		{ "новый", PROPOSAL_NEW }, { "новая", PROPOSAL_NEW },
		{ "new", PROPOSAL_NEW },
		{ "принято", PROPOSAL_ACCEPTED }, { "принят", PROPOSAL_ACCEPTED },
		{ "принята", PROPOSAL_ACCEPTED },
		{ "принятое", PROPOSAL_ACCEPTED },
		{ "accepted", PROPOSAL_ACCEPTED },
		{ "отклонено", PROPOSAL_REJECTED },
		{ "отклонен", PROPOSAL_REJECTED },
		{ "отклонена", PROPOSAL_REJECTED },
		{ "отклоненное", PROPOSAL_REJECTED },
		{ "rejected", PROPOSAL_REJECTED },
		{ "объединено", PROPOSAL_MERGED },
		{ "merged", PROPOSAL_MERGED },
	};
	struct buf b = {0};
	size_t i;
	int st = -1;

	import_norm(&b, s, len);
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(names[i].name, buf_str(&b)) == 0)
			st = names[i].status;
	buf_free(&b);
	return st;
}

/* M of the row's "N.M." (the export's number column), or LONG_MAX. */
static long
csv_item_number(const struct csv_import *im, const struct csv_row *row)
{
	const char *v;
	size_t len, i = 0, from;
	int64_t line, col;
	long m = 0;

	v = csv_value(im, row, CC_NUMBER, &len, &line, &col);
	while (i < len && v[i] != '.')
		i++;
	from = ++i;
	for (; i < len && v[i] != '.'; i++) {
		if (v[i] < '0' || v[i] > '9' || m > 100000000)
			return LONG_MAX;
		m = m * 10 + (v[i] - '0');
	}
	return i > from && i <= len ? m : LONG_MAX;
}

/*
 * The addressees of a row: the cell split at ';', '|' and line ends, each
 * name found or (unless strict) put on the list to create.  The export's
 * addressee_heading cell gives a new addressee its heading.  False if the
 * row is bad (reported).
 */
static bool
csv_addressees(struct csv_import *im, const struct csv_row *row,
    struct csv_good *g)
{
	const char *cell, *heading, *p, *end;
	size_t len, hlen, n;
	int64_t line, col, hl, hc;
	struct buf key = {0};

	cell = csv_value(im, row, CC_ADDRESSEE, &len, &line, &col);
	heading = csv_value(im, row, CC_HEADING, &hlen, &hl, &hc);
	if (len == 0 && hlen > 0) {
		cell = heading;
		len = hlen;
	}
	for (p = cell, end = cell + len; p < end; p = p + n + 1) {
		const char *name = p;
		struct csv_addr a = { .index = -1, .item = LONG_MAX };
		size_t nlen, pi;

		n = strcspn(p, ";|\n");
		if (p + n > end)
			n = (size_t)(end - p);
		nlen = n;
		import_trim(&name, &nlen);
		if (nlen == 0)
			continue;
		a.index = import_addressee_match(&im->c, name, nlen);
		if (a.index < 0) {
			buf_reset(&key);
			import_norm(&key, name, nlen);
			if (im->c.o->strict) {
				struct buf ex = {0};

				import_excerpt(&ex, name, nlen, 60);
				csv_bad(im, line, col, _("unknown addressee \"%s\" "
				    "(--strict: only the forum's addressees)"),
				    buf_str(&ex));
				buf_free(&ex);
				buf_free(&key);
				return false;
			}
			if (!import_map_get(im->pendmap, buf_str(&key), &pi)) {
				char *nm = xstrndup(name, nlen);
				bool fits = csv_fits(im, line, col,
				    _("the addressee's label"), nm, LIMIT_NAME) &&
				    csv_fits(im, line, col,
				    _("the addressee's heading"), nm, LIMIT_HEADING);

				free(nm);
				if (fits && hlen > LIMIT_HEADING) {
					nm = xstrndup(heading, hlen);
					fits = csv_fits(im, hl, hc, _("the "
					    "addressee's heading"), nm,
					    LIMIT_HEADING);
					free(nm);
				}
				if (!fits) {
					buf_free(&key);
					return false;
				}
				pi = im->npending;
				im->pending = import_grow(im->pending,
				    im->npending, sizeof *im->pending);
				im->pending[pi].label = xstrndup(name, nlen);
				/* The export's heading goes with its one name. */
				im->pending[pi].heading = hlen > 0 &&
				    cell != heading && n == len ?
				    xstrndup(heading, hlen) :
				    xstrndup(name, nlen);
				im->pending[pi].index = -1;
				im->npending++;
				import_map_put(im->pendmap, buf_str(&key), pi);
			}
			a.pending = pi;
		}
		if (n == len)
			a.item = csv_item_number(im, row);
		g->addr = xreallocarray(g->addr, g->naddr + 1, sizeof *g->addr);
		g->addr[g->naddr++] = a;
	}
	buf_free(&key);
	return true;
}

/* Checks one data row; appends it to im->good if it is good. */
static void
csv_check_row(struct csv_import *im, const struct csv_row *row)
{
	struct csv_good g = { .line = row->line, .repeat = SIZE_MAX };
	const char *v;
	size_t len, i, prev;
	int64_t line, col, n;
	struct buf key = {0};
	bool blank = true;

	for (i = 0; i < row->n && blank; i++) {
		const char *s = row->fields[i].text;

		len = row->fields[i].len;
		import_trim(&s, &len);
		blank = len == 0;
	}
	if (blank)
		return; /* ";;;;": a spreadsheet's empty row */
	im->c.r->rows++;
	for (i = im->ncols; i < row->n; i++)
		if (row->fields[i].len > 0) {
			csv_bad(im, row->fields[i].line, row->fields[i].col,
			    _("a field beyond the last column (the header has "
			    "%zu)"), im->ncols);
			return;
		}

	v = csv_value(im, row, CC_TEXT, &len, &line, &col);
	if (len == 0) {
		csv_bad(im, line, col, _("the text is empty"));
		return;
	}
	g.p.text = xstrndup(v, len);
	if (!csv_fits(im, line, col, _("the proposal's text"), g.p.text,
	    LIMIT_TEXT))
		goto bad;
	v = csv_value(im, row, CC_AUTHOR, &len, &line, &col);
	g.p.author = xstrndup(v, len);
	if (!csv_fits(im, line, col, _("the author"), g.p.author, LIMIT_NAME))
		goto bad;
	v = csv_value(im, row, CC_ORGANISATION, &len, &line, &col);
	g.p.organisation = xstrndup(v, len);
	if (!csv_fits(im, line, col, _("the organisation"), g.p.organisation,
	    LIMIT_NAME))
		goto bad;
	v = csv_value(im, row, CC_NOTE, &len, &line, &col);
	g.p.note = xstrndup(v, len);
	if (!csv_fits(im, line, col, _("the note"), g.p.note, LIMIT_TEXT))
		goto bad;

	v = csv_value(im, row, CC_STATUS, &len, &line, &col);
	if ((g.p.status = csv_status(v, len)) < 0) {
		struct buf ex = {0};

		import_excerpt(&ex, v, len, 40);
		csv_bad(im, line, col, _("status \"%s\" is not one of новое, "
		    "принято, отклонено, объединено (new, accepted, rejected, "
		    "merged)"),
		    buf_str(&ex));
		buf_free(&ex);
		goto bad;
	}
	for (i = CC_FOR; i <= CC_ABSTAIN; i++) {
		v = csv_value(im, row, (enum csv_col)i, &len, &line, &col);
		if ((n = csv_count(v, len)) < 0) {
			struct buf ex = {0};

			import_excerpt(&ex, v, len, 40);
			csv_bad(im, line, col, _("«%s»: \"%s\" is not a count"),
			    im->t.rows[0].fields[im->col[i]].text,
			    buf_str(&ex));
			buf_free(&ex);
			goto bad;
		}
		if (i == CC_FOR)
			g.p.votes_for = n;
		else if (i == CC_AGAINST)
			g.p.votes_against = n;
		else
			g.p.votes_abstain = n;
	}
	if (g.p.status == PROPOSAL_MERGED) {
		size_t dummy;

		v = csv_value(im, row, CC_MERGED_INTO, &len, &line, &col);
		if (!import_uuid_parse(v, len, g.merged_into)) {
			csv_bad(im, line, col, _("a merged proposal needs the "
			    "UUID of the one it was merged into (merged_into)"));
			goto bad;
		}
		if (!import_map_get(im->fileuuids, g.merged_into, &dummy) &&
		    !import_uuid_exists(&im->c, g.merged_into)) {
			csv_bad(im, line, col, _("merged into %s, which is "
			    "neither in the file nor in the forum"),
			    g.merged_into);
			goto bad;
		}
		/* Written as rejected first, merged once all are in. */
		g.p.status = PROPOSAL_REJECTED;
	}
	v = csv_value(im, row, CC_UUID, &len, &line, &col);
	if (len > 0 && !import_uuid_parse(v, len, g.uuid)) {
		struct buf ex = {0};

		import_excerpt(&ex, v, len, 40);
		csv_bad(im, line, col, _("\"%s\" is not a UUID"), buf_str(&ex));
		buf_free(&ex);
		goto bad;
	}

	/* The track: named, else by its title, else the default. */
	v = csv_value(im, row, CC_TRACK, &len, &line, &col);
	g.p.track_id = len > 0 ? import_track_match(&im->c, v, len) : 0;
	if (g.p.track_id == 0) {
		const char *t;
		size_t tl;
		int64_t l2, c2;

		t = csv_value(im, row, CC_TRACK_TITLE, &tl, &l2, &c2);
		if (tl > 0)
			g.p.track_id = import_track_match(&im->c, t, tl);
	}
	if (g.p.track_id == 0) {
		if (im->c.default_track == 0) {
			struct buf ex = {0};

			import_excerpt(&ex, v, len, 60);
			if (len == 0)
				csv_bad(im, line, col, _("no track (give --track T "
				    "for rows without one)"));
			else
				csv_bad(im, line, col, _("unknown track \"%s\" "
				    "(give --track T for rows with an unknown "
				    "one)"), buf_str(&ex));
			buf_free(&ex);
			goto bad;
		}
		if (len > 0) {
			struct buf ex = {0};

			import_excerpt(&ex, v, len, 60);
			import_msg(im->c.r, IMPORT_NOTE, line, col, _("unknown "
			    "track \"%s\": the proposal goes to --track"),
			    buf_str(&ex));
			buf_free(&ex);
		}
		g.p.track_id = im->c.default_track;
	}
	v = csv_value(im, row, CC_SESSION, &len, &line, &col);
	if (len > 0 && (g.p.session_id = import_session_match(&im->c,
	    g.p.track_id, v, len)) == 0) {
		if (im->c.o->strict) {
			struct buf ex = {0};

			import_excerpt(&ex, v, len, 60);
			csv_bad(im, line, col, _("unknown session \"%s\" of the "
			    "row's track (--strict)"), buf_str(&ex));
			buf_free(&ex);
			goto bad;
		}
		g.session_new = xstrndup(v, len);
		if (!csv_fits(im, line, col, _("the session's title"),
		    g.session_new, LIMIT_HEADING))
			goto bad;
	}
	if (!csv_addressees(im, row, &g))
		goto bad;

	/* Already here, or a repeat of a row above? */
	if (g.uuid[0] != '\0') {
		buf_printf(&key, "u:%s", g.uuid);
		if (import_map_get(im->seen, buf_str(&key), &prev)) {
			g.repeat = prev;
		} else if (import_uuid_exists(&im->c, g.uuid)) {
			import_msg(im->c.r, IMPORT_SKIPPED, row->line, 1,
			    _("already in the forum (uuid %s)"), g.uuid);
			im->c.r->skipped++;
			goto skip;
		}
	} else {
		buf_addc(&key, 'k');
		import_key(&key, g.p.track_id, g.p.text, strlen(g.p.text));
		if (import_map_get(im->seen, buf_str(&key), &prev))
			g.repeat = prev;
		else if (import_key_has(&im->c, buf_str(&key) + 1)) {
			struct buf ex = {0};

			import_excerpt(&ex, g.p.text, strlen(g.p.text), 50);
			import_msg(im->c.r, IMPORT_SKIPPED, row->line, 1,
			    _("already in the forum: \"%s\""), buf_str(&ex));
			buf_free(&ex);
			im->c.r->skipped++;
			goto skip;
		}
	}
	if (g.repeat != SIZE_MAX) {
		/* The same proposal again: its addressees join the first. */
		if (g.naddr > 0)
			import_msg(im->c.r, IMPORT_NOTE, row->line, 1, _("the "
			    "same proposal as line %lld: its addressees are "
			    "added to it"), (long long)im->good[g.repeat].line);
		else {
			import_msg(im->c.r, IMPORT_SKIPPED, row->line, 1,
			    _("the same proposal as line %lld"),
			    (long long)im->good[g.repeat].line);
			im->c.r->skipped++;
		}
	} else
		import_map_put(im->seen, buf_str(&key), im->ngood);
	buf_free(&key);
	im->good = import_grow(im->good, im->ngood, sizeof *im->good);
	im->good[im->ngood++] = g;
	return;
skip:
bad:
	buf_free(&key);
	proposal_clear(&g.p);
	free(g.session_new);
	free(g.addr);
}

/* Finds the columns in the header; false (forum_error() set) if the file
 * cannot be imported at all. */
static bool
csv_header(struct csv_import *im)
{
	const struct csv_row *h = &im->t.rows[0];
	struct buf list = {0};
	size_t i;
	int k;

	for (k = 0; k < CC_COUNT; k++)
		im->col[k] = -1;
	im->ncols = h->n;
	for (i = 0; i < h->n; i++) {
		const char *s = h->fields[i].text;
		size_t len = h->fields[i].len;

		import_trim(&s, &len);
		if (len == 0)
			continue;
		k = csv_column(s, len);
		if (k < 0 || k == CC_UNUSED) {
			im->c.r->columns = xreallocarray(im->c.r->columns,
			    im->c.r->ncolumns + 1, sizeof *im->c.r->columns);
			im->c.r->columns[im->c.r->ncolumns++] =
			    xstrndup(s, len);
			continue;
		}
		if (im->col[k] >= 0) {
			forum_fail(im->c.f, ST_INVALID, _("%s:%lld:%lld: a second "
			    "«%s» column (the first is column %d)"),
			    im->c.o->source, (long long)h->fields[i].line,
			    (long long)h->fields[i].col, csv_col_names[k],
			    im->col[k] + 1);
			return false;
		}
		im->col[k] = (int)i;
	}
	if (im->col[CC_TEXT] < 0) {
		for (i = 0; i < h->n; i++) {
			if (i > 0)
				buf_adds(&list, ", ");
			import_excerpt(&list, h->fields[i].text,
			    h->fields[i].len, 40);
		}
		forum_fail(im->c.f, ST_INVALID, _("%s:%lld:1: no text column "
		    "(текст, text, предложение or proposal) in the header; "
		    "it has: %s"), im->c.o->source, (long long)h->line,
		    buf_str(&list));
		buf_free(&list);
		return false;
	}
	if (im->col[CC_TRACK] < 0 && im->col[CC_TRACK_TITLE] < 0 &&
	    im->c.default_track == 0) {
		forum_fail(im->c.f, ST_INVALID, _("%s:%lld:1: no track column "
		    "(трек, track, тема or theme): give --track T for the "
		    "proposals"), im->c.o->source, (long long)h->line);
		return false;
	}
	return true;
}

/* Marks a written row merged into the proposal its merged_into names. */
static enum status
csv_merge(struct csv_import *im, const struct csv_good *g)
{
	sqlite3_stmt *st;
	int rc;

	st = forum_stmt(im->c.f, "UPDATE proposal SET status = 3, "
	    "merged_into = (SELECT id FROM proposal WHERE uuid = ?1) "
	    "WHERE id = ?2 AND EXISTS (SELECT 1 FROM proposal WHERE "
	    "uuid = ?1)");
	if (st == NULL)
		return ST_DB;
	sqlite3_bind_text(st, 1, g->merged_into, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, g->pid);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK :
	    forum_sqlerr(im->c.f, rc, _("import a merged proposal"));
}

/* A tag to write: proposal, addressee, the item's place, the row. */
struct csv_tag {
	size_t good, addr;
	long item;
};

/* By the item's number, then the order of the file. */
static int
csv_tag_cmp(const void *x, const void *y)
{
	const struct csv_tag *a = x, *b = y;

	if (a->item != b->item)
		return a->item < b->item ? -1 : 1;
	if (a->good != b->good)
		return a->good < b->good ? -1 : 1;
	return a->addr < b->addr ? -1 : a->addr > b->addr;
}

/*
 * Writes the good rows: the proposals in the order of the file, then their
 * addressees, each appended under its addressee in the order the export's
 * numbers give ("3.4." after "3.3."), those without one after them in the
 * order of the file.
 */
static enum status
csv_write(struct csv_import *im)
{
	struct csv_tag *tags = NULL;
	enum status s = ST_OK;
	size_t i, j, ntags = 0;

	for (i = 0; i < im->ngood && s == ST_OK; i++) {
		struct csv_good *g = &im->good[i];

		if (g->repeat != SIZE_MAX)
			continue;
		if (g->session_new != NULL) {
			g->p.session_id = import_session_match(&im->c,
			    g->p.track_id, g->session_new,
			    strlen(g->session_new));
			if (g->p.session_id == 0)
				s = import_session_create(&im->c, g->p.track_id,
				    g->session_new, &g->p.session_id);
		}
		if (s == ST_OK)
			s = import_proposal_insert(&im->c, &g->p,
			    g->uuid[0] ? g->uuid : NULL);
		g->pid = g->p.rec.id;
	}
	for (i = 0; i < im->ngood; i++)
		ntags += im->good[i].naddr;
	tags = xcalloc(ntags ? ntags : 1, sizeof *tags);
	ntags = 0;
	for (i = 0; i < im->ngood && s == ST_OK; i++) {
		struct csv_good *g = &im->good[i];

		if (g->repeat != SIZE_MAX)
			g->pid = im->good[g->repeat].pid;
		for (j = 0; j < g->naddr; j++)
			tags[ntags++] = (struct csv_tag){ i, j,
			    g->addr[j].item };
	}
	if (ntags > 0)
		qsort(tags, ntags, sizeof *tags, csv_tag_cmp);
	for (i = 0; i < ntags && s == ST_OK; i++) {
		struct csv_good *g = &im->good[tags[i].good];
		struct csv_addr *a = &g->addr[tags[i].addr];
		struct csv_pending *pd;

		if (a->index < 0) {
			pd = &im->pending[a->pending];
			if (pd->index < 0)
				s = import_addressee_create(&im->c, pd->heading,
				    pd->label, false, &pd->index);
			a->index = pd->index;
		}
		if (s == ST_OK)
			s = proposal_tag(im->c.f, g->pid,
			    im->c.addr[a->index].rec.id);
		if (s == ST_OK)
			im->c.r->links++;
	}
	free(tags);
	for (i = 0; i < im->ngood && s == ST_OK; i++)
		if (im->good[i].merged_into[0] != '\0' &&
		    im->good[i].repeat == SIZE_MAX)
			s = csv_merge(im, &im->good[i]);
	return s;
}

static void
csv_import_free(struct csv_import *im)
{
	size_t i;

	for (i = 0; i < im->ngood; i++) {
		proposal_clear(&im->good[i].p);
		free(im->good[i].session_new);
		free(im->good[i].addr);
	}
	free(im->good);
	for (i = 0; i < im->npending; i++) {
		free(im->pending[i].label);
		free(im->pending[i].heading);
	}
	free(im->pending);
	import_map_free(im->seen);
	import_map_free(im->pendmap);
	import_map_free(im->fileuuids);
	csv_table_free(&im->t);
	import_ctx_free(&im->c);
}

enum status
import_csv(struct forum *f, const char *data, size_t len,
    const struct import_options *o, struct import_report *r)
{
	struct csv_import im;
	enum status s;
	char *err = NULL, *label;
	size_t i;
	bool own;

	memset(&im, 0, sizeof im);
	r->format = "csv";
	if ((s = csv_parse(data, len, &im.t, &err)) != ST_OK) {
		import_fail_source(f, s, o->source, err);
		free(err);
		return s;
	}
	r->sep = im.t.sep;
	label = xasprintf(_("import %s"), o->source);
	s = forum_enter(f, label, &own);
	free(label);
	if (s != ST_OK) {
		csv_table_free(&im.t);
		return s;
	}
	im.seen = import_map_new();
	im.pendmap = import_map_new();
	if ((s = import_ctx_init(&im.c, f, o, r)) != ST_OK)
		goto out;
	if (!csv_header(&im)) {
		s = ST_INVALID;
		goto out;
	}
	/* The UUIDs the rows give, for merged_into. */
	im.fileuuids = import_map_new();
	for (i = 1; i < im.t.nrows && im.col[CC_UUID] >= 0; i++) {
		const struct csv_row *row = &im.t.rows[i];
		const char *v;
		size_t vl;
		int64_t l, cl;
		char u[37];

		v = csv_value(&im, row, CC_UUID, &vl, &l, &cl);
		if (import_uuid_parse(v, vl, u))
			import_map_put(im.fileuuids, u, i);
	}
	for (i = 1; i < im.t.nrows; i++)
		csv_check_row(&im, &im.t.rows[i]);
	if (r->bad > 0 && !o->skip_bad) {
		s = ST_INVALID; /* the first bad row is in forum_error() */
		goto out;
	}
	s = csv_write(&im);
out:
	csv_import_free(&im);
	return forum_leave(f, own, s);
}
