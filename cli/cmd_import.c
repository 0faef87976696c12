/*
 * cmd_import.c: agora import FILE SOURCE [--format csv|json|txt|docx]
 *     [--strict] [--skip-bad] [--track T]
 *
 * Reads SOURCE (or standard input, "-") whole, finds its format from
 * --format, else its extension, else its first bytes, and hands it to the
 * model's reader (model/import.h); a DOCX file goes through imports/docx.c
 * first.  A FILE that does not exist is made for a JSON or a resolution
 * (they describe a forum) and removed again if the import fails; a CSV
 * needs a forum made by `agora new`.  The report goes to standard output;
 * bad rows, as SOURCE:LINE:COLUMN: reason, to standard error.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../imports/docx.h"
#include "../model/i18n.h"
#include "../model/import.h"
#include "../model/records.h"
#include "../model/util.h"
#include "cli.h"

enum import_format { FMT_NONE, FMT_CSV, FMT_JSON, FMT_TXT, FMT_DOCX };

static const struct {
	const char *name;
	enum import_format fmt;
} import_formats[] = {
	{ "csv", FMT_CSV }, { "tsv", FMT_CSV }, { "json", FMT_JSON },
	{ "txt", FMT_TXT }, { "text", FMT_TXT }, { "docx", FMT_DOCX },
};

static enum import_format
import_format_named(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof import_formats / sizeof import_formats[0]; i++)
		if (strcasecmp(import_formats[i].name, name) == 0)
			return import_formats[i].fmt;
	return FMT_NONE;
}

/* The format of a source by its extension, else by its first bytes. */
static enum import_format
import_format_guess(const char *path, const char *data, size_t len)
{
	const char *dot = strrchr(path, '.');
	size_t i = 0;

	if (dot != NULL && strchr(dot, '/') == NULL &&
	    import_format_named(dot + 1) != FMT_NONE)
		return import_format_named(dot + 1);
	if (len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0)
		return FMT_DOCX;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len && strchr(" \t\r\n", data[i]) != NULL)
		i++;
	if (i < len && data[i] == '{')
		return FMT_JSON;
	return FMT_NONE;
}

/* Reads the source whole (at most IMPORT_MAX_SIZE).  NULL on failure,
 * after saying why. */
static char *
import_slurp(const char *path, size_t *len)
{
	struct buf b = {0};
	struct stat sb;
	FILE *in;
	char chunk[65536];
	size_t got;

	*len = 0;
	if (strcmp(path, "-") == 0)
		in = stdin;
	else {
		if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
			cli_error(_("%s: is a directory"), path);
			return NULL;
		}
		if ((in = fopen(path, "rb")) == NULL) {
			cli_error("%s: %s", path, strerror(errno));
			return NULL;
		}
	}
	while ((got = fread(chunk, 1, sizeof chunk, in)) > 0) {
		if (b.len + got > IMPORT_MAX_SIZE) {
			cli_error(_("%s: larger than %zu MiB: not imported"), path,
			    IMPORT_MAX_SIZE >> 20);
			buf_free(&b);
			if (in != stdin)
				(void)fclose(in); /* read only: nothing lost */
			return NULL;
		}
		buf_add(&b, chunk, got);
	}
	if (ferror(in)) {
		cli_error("%s: %s", path, strerror(errno));
		buf_free(&b);
		if (in != stdin)
			(void)fclose(in); /* read only: nothing lost */
		return NULL;
	}
	/* Read only: everything was read, so a failing close loses nothing. */
	if (in != stdin)
		(void)fclose(in);
	*len = b.len;
	buf_addc(&b, '\0');
	return buf_steal(&b);
}

/* "SOURCE:LINE:COL" (as much of it as the message has). */
static char *
import_where(const char *source, const struct import_msg *m)
{
	if (m->line <= 0)
		return xstrdup(source);
	if (m->col <= 0)
		return xasprintf("%s:%lld", source, (long long)m->line);
	return xasprintf("%s:%lld:%lld", source, (long long)m->line,
	    (long long)m->col);
}

/* Prints the messages of one kind, each after prefix; at most max of
 * them (0: all). */
static void
import_print_msgs(const struct import_report *r, const char *source,
    enum import_msg_kind kind, bool to_err, const char *prefix, size_t max)
{
	size_t i, shown = 0, more = 0;

	for (i = 0; i < r->nmsgs; i++) {
		char *where;

		if (r->msgs[i].kind != kind)
			continue;
		if (max > 0 && shown == max) {
			more++;
			continue;
		}
		shown++;
		where = import_where(source, &r->msgs[i]);
		if (to_err)
			cli_error("%s: %s", where, r->msgs[i].text);
		else
			cli_print("%s%s: %s\n", prefix, where, r->msgs[i].text);
		free(where);
	}
	if (more > 0 && to_err)
		cli_error(_("%s: and %zu more like these"), source, more);
	else if (more > 0)
		cli_print(_("%s... and %zu more\n"), prefix, more);
}

/* "12 proposals, 3 addressees" for the counts that are not 0. */
static void
import_counts(struct buf *b, const struct import_report *r)
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
	size_t i;

	for (i = 0; i < sizeof c / sizeof c[0]; i++)
		if (c[i].n > 0)
			buf_printf(b, "%s%lld %s", b->len ? ", " : "",
			    (long long)c[i].n, c[i].noun);
	if (b->len == 0)
		buf_adds(b, _("nothing new"));
}

static void
import_print(const struct import_report *r, const char *file,
    const char *source, bool skip_bad)
{
	struct buf b = {0};
	size_t i;

	import_counts(&b, r);
	cli_print(_("%s: imported from %s (%s"), file, source, r->format);
	if (r->sep != 0)
		cli_print(_(", separated by %s"), r->sep == '\t' ? _("tabs") :
		    r->sep == ';' ? "';'" : "','");
	cli_print("): %s%s.\n", buf_str(&b), r->forum_set ?
	    _("; the forum's title, place, date and preamble") : "");
	if (r->updated > 0)
		cli_print(P_("  taken in a newer version: %lld record\n",
		    "  taken in a newer version: %lld records\n", r->updated),
		    (long long)r->updated);
	if (r->skipped > 0) {
		cli_print(_("  skipped, already there: %lld\n"),
		    (long long)r->skipped);
		import_print_msgs(r, source, IMPORT_SKIPPED, false, "    ", 0);
	}
	if (r->bad > 0 && skip_bad) {
		cli_print(_("  bad, left out (--skip-bad): %lld\n"),
		    (long long)r->bad);
		import_print_msgs(r, source, IMPORT_BAD, true, "", 0);
	}
	if (r->ncolumns > 0) {
		buf_reset(&b);
		for (i = 0; i < r->ncolumns; i++)
			buf_printf(&b, "%s\"%s\"", i ? ", " : "", r->columns[i]);
		cli_print(_("  columns not imported: %s\n"), buf_str(&b));
	}
	import_print_msgs(r, source, IMPORT_NOTE, false, _("  note: "), 0);
	if (r->proposals + r->addressees + r->tracks + r->links +
	    r->paragraphs + r->groups + r->sessions + r->updated +
	    r->revisions > 0 || r->forum_set)
		cli_print(_("  (agora undo %s takes the whole import back)\n"),
		    file);
	buf_free(&b);
}

/* Removes a forum file the import made, with its -wal and -shm. */
static void
import_unlink(const char *path)
{
	static const char *const suffixes[] = { "", "-wal", "-shm",
		"-journal" };
	size_t i;

	for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		char *p = xasprintf("%s%s", path, suffixes[i]);

		unlink(p);
		free(p);
	}
}

/*
 * Gives a file made for the import its forum record, as agora new does and
 * outside the import's action: undoing the import leaves a forum, not a
 * file without one.  The import replaces it (JSON) or fills it in (a
 * resolution); its title until then is the source's name.
 */
static enum status
import_new_forum(struct forum *f, const char *source)
{
	const char *base = strrchr(source, '/');
	const char *dot;
	char *title;
	struct forum_info fi = {
		.city = (char *)"",
		.start_date = (char *)"",
		.end_date = (char *)"",
		.doc_date = (char *)"",
		.participants_intro = (char *)"В работе Форума приняли участие:",
		.themes_intro = (char *)"Ключевыми темами для обсуждения на "
		    "Форуме стали:",
		.lead_in = (char *)"",
	};
	enum status st;

	base = base != NULL ? base + 1 : source;
	dot = strrchr(base, '.');
	title = dot != NULL && dot > base ? xstrndup(base, (size_t)(dot - base)) :
	    xstrdup(strcmp(base, "-") == 0 ? "Форум" : base);
	fi.title = title;
	fi.resolution_title = title;
	st = forum_begin(f, NULL);
	if (st == ST_OK)
		st = forum_info_set(f, &fi);
	if (st == ST_OK)
		st = forum_commit(f);
	else
		forum_rollback(f);
	free(title);
	return st;
}

static int
import_run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "strict", no_argument, NULL, 's' },
		{ "skip-bad", no_argument, NULL, 'k' },
		{ "track", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	struct import_options o = {0};
	struct import_report r = {0};
	enum import_format fmt = FMT_NONE;
	struct import_para *paras = NULL;
	struct forum *f = NULL;
	struct stat sb;
	const char *file, *source;
	char *data = NULL, *err = NULL;
	size_t len = 0, npara = 0;
	enum status st;
	int c, rc = EXIT_FAIL;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":f:t:", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if ((fmt = import_format_named(optarg)) == FMT_NONE)
				return cli_usage(&cmd_import, _("--format: \"%s\" "
				    "is not one of csv, json, txt, docx"),
				    optarg);
			break;
		case 's': o.strict = true; break;
		case 'k': o.skip_bad = true; break;
		case 't': o.track = optarg; break;
		case ':':
			return cli_usage(&cmd_import, _("%s needs a value"),
			    argv[optind - 1]);
		default:
			if (optopt != 0)
				return cli_usage(&cmd_import, _("unknown option "
				    "-%c"), optopt);
			return cli_usage(&cmd_import, _("unknown option %s"),
			    argv[optind - 1]);
		}
	}
	if (argc - optind != 2)
		return cli_usage(&cmd_import, argc - optind < 2 ?
		    _("FILE and SOURCE are needed") : _("one FILE and one SOURCE"));
	file = argv[optind];
	source = argv[optind + 1];
	o.source = strcmp(source, "-") == 0 ? "(standard input)" : source;
	if ((data = import_slurp(source, &len)) == NULL)
		return EXIT_FAIL;
	if (fmt == FMT_NONE &&
	    (fmt = import_format_guess(source, data, len)) == FMT_NONE) {
		free(data);
		return cli_usage(&cmd_import, _("%s: cannot tell its format: "
		    "give --format csv, json, txt or docx"), o.source);
	}
	if (fmt == FMT_DOCX) {
		st = docx_read(data, len, &paras, &npara, &err);
		if (st != ST_OK) {
			cli_error("%s: %s", o.source, err);
			free(err);
			free(data);
			return EXIT_FAIL;
		}
	}

	if (stat(file, &sb) != 0 && errno == ENOENT) {
		if (fmt == FMT_CSV) {
			cli_error(_("%s: no such file: make the forum with agora "
			    "new first (a CSV holds proposals, not a forum)"),
			    file);
			goto out;
		}
		if (forum_open(file, FORUM_CREATE, &f, &err) != ST_OK) {
			cli_error("%s", err);
			free(err);
			goto out;
		}
		o.new_file = true;
		if (import_new_forum(f, source) != ST_OK) {
			cli_error("%s", forum_error(f));
			goto out;
		}
	} else if ((f = cli_open(file, true)) == NULL)
		goto out;

	switch (fmt) {
	case FMT_CSV:
		st = import_csv(f, data, len, &o, &r);
		break;
	case FMT_JSON:
		st = import_json(f, data, len, &o, &r);
		break;
	case FMT_DOCX:
		st = import_paragraphs(f, paras, npara, &o, &r);
		break;
	default:
		st = import_text(f, data, len, &o, &r);
		break;
	}
	if (st != ST_OK) {
		if (r.bad > 0) {
			import_print_msgs(&r, o.source, IMPORT_BAD, true, "", 50);
			cli_error(P_("%s: %lld bad row: nothing was imported "
			    "(--skip-bad imports the good ones)", "%s: %lld bad "
			    "rows: nothing was imported (--skip-bad imports the "
			    "good ones)", r.bad), o.source, (long long)r.bad);
		} else
			cli_error("%s", forum_error(f));
		goto out;
	}
	import_print(&r, file, o.source, o.skip_bad);
	rc = EXIT_OK;
out:
	if (f != NULL)
		forum_close(f);
	if (rc != EXIT_OK && o.new_file)
		import_unlink(file);
	import_report_free(&r);
	docx_paras_free(paras, npara);
	free(data);
	return rc;
}

const struct command cmd_import = {
	.name = "import",
	.args = "FILE SOURCE [--format F] [--strict] [--skip-bad] [--track T]",
	.summary = N_("import proposals (CSV), a forum (JSON) or a resolution "
	    "(text, DOCX)"),
	.help =
	    N_("  --format F    csv, json, txt or docx (default: from the\n"
	    "                extension, else the contents)\n"
	    "  --track T     the track for proposals without a known one;\n"
	    "                a resolution's proposals all go there (default:\n"
	    "                the first track)\n"
	    "  --strict      unknown addressees (and CSV sessions) are errors\n"
	    "                (default: they are created)\n"
	    "  --skip-bad    import the good rows and list the bad ones\n"
	    "                (default: a bad row stops the import, and nothing\n"
	    "                is imported)\n"
	    "SOURCE - reads standard input (give --format).  A FILE that does\n"
	    "not exist is made for a JSON export or a resolution.  Importing\n"
	    "the same source again adds nothing; one agora undo takes an\n"
	    "import back whole.\n"),
	.writes = true,
	.run = import_run,
};
