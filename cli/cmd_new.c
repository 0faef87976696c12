/*
 * cmd_new.c: agora new FILE --title T [--city C] [--date YYYY-MM-DD]
 *     [--template OLD]
 *
 * With --template, the new forum starts from another forum file (last
 * year's): its addressees, its tracks (without their sessions), its
 * preamble paragraphs, introductions, lead-in and participant groups, and
 * its place unless --city is given.  Everything gets new UUIDs: the new
 * file is another forum, never a copy of the old one; no proposal comes
 * along.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../model/i18n.h"
#include "../model/records.h"
#include "../model/resolution.h"
#include "../model/util.h"
#include "cli.h"

/* The paragraphs of one part of the template, in their order, into f. */
static enum status
copy_paragraphs(struct forum *f, struct forum *tpl, int part)
{
	struct text_rec *v;
	size_t n, i;
	enum status st;

	if ((st = paragraph_list(tpl, part, &v, &n)) != ST_OK)
		return forum_fail(f, st, "%s", forum_error(tpl));
	for (i = 0; st == ST_OK && i < n; i++)
		st = paragraph_insert(f, part, v[i].text, NULL);
	text_rec_free(v, n);
	return st;
}

/*
 * Copies into the new forum f (inside its action) what the template tpl
 * offers for a new year: the preamble's paragraphs and participant
 * groups, the tracks with their moderators but without sessions, the
 * addressees with their recommend setting, each in its order.  New
 * records with new UUIDs; no proposals.
 */
static enum status
new_from_template(struct forum *f, struct forum *tpl)
{
	struct text_rec *groups;
	struct track *tracks;
	struct addressee *addr;
	size_t n, i;
	enum status st;

	if ((st = copy_paragraphs(f, tpl, PARA_OPENING)) != ST_OK ||
	    (st = copy_paragraphs(f, tpl, PARA_CLOSING)) != ST_OK)
		return st;
	if ((st = group_list(tpl, &groups, &n)) != ST_OK)
		return forum_fail(f, st, "%s", forum_error(tpl));
	for (i = 0; st == ST_OK && i < n; i++)
		st = group_insert(f, groups[i].text, NULL);
	text_rec_free(groups, n);
	if (st != ST_OK)
		return st;
	if ((st = track_list(tpl, &tracks, &n)) != ST_OK)
		return forum_fail(f, st, "%s", forum_error(tpl));
	for (i = 0; st == ST_OK && i < n; i++) {
		struct track t = tracks[i];

		st = track_insert(f, &t);
	}
	track_free(tracks, n);
	if (st != ST_OK)
		return st;
	if ((st = addressee_list(tpl, &addr, &n)) != ST_OK)
		return forum_fail(f, st, "%s", forum_error(tpl));
	for (i = 0; st == ST_OK && i < n; i++) {
		struct addressee a = addr[i];

		st = addressee_insert(f, &a);
	}
	addressee_free(addr, n);
	return st;
}

static int
new_run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "title", required_argument, NULL, 't' },
		{ "resolution-title", required_argument, NULL, 'r' },
		{ "city", required_argument, NULL, 'c' },
		{ "date", required_argument, NULL, 'd' },
		{ "start", required_argument, NULL, 's' },
		{ "end", required_argument, NULL, 'e' },
		{ "template", required_argument, NULL, 'T' },
		{ NULL, 0, NULL, 0 },
	};
	struct forum_info fi = {
		.city = (char *)"",
		.start_date = (char *)"",
		.end_date = (char *)"",
		.doc_date = (char *)"",
		.participants_intro = (char *)"В работе Форума приняли участие:",
		.themes_intro = (char *)"Ключевыми темами для обсуждения на "
		    "Форуме стали:",
		.lead_in = (char *)"По итогам работы Форума участниками были "
		    "сформулированы следующие предложения:",
	};
	char *restitle = NULL, *err;
	const char *template = NULL;
	struct forum *f, *tpl = NULL;
	struct forum_info tfi;
	bool city_given = false;
	enum status st;
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":t:r:c:d:s:e:T:", opts, NULL)) !=
	    -1) {
		switch (c) {
		case 't': fi.title = optarg; break;
		case 'r': fi.resolution_title = optarg; break;
		case 'c': fi.city = optarg; city_given = true; break;
		case 'd': fi.doc_date = optarg; break;
		case 's': fi.start_date = optarg; break;
		case 'e': fi.end_date = optarg; break;
		case 'T': template = optarg; break;
		case ':':
			return cli_usage(&cmd_new, _("%s needs a value"),
			    argv[optind - 1]);
		default:
			if (optopt != 0)
				return cli_usage(&cmd_new, _("unknown option -%c"),
				    optopt);
			return cli_usage(&cmd_new, _("unknown option %s"),
			    argv[optind - 1]);
		}
	}
	if (optind != argc - 1)
		return cli_usage(&cmd_new, optind >= argc ? _("no FILE given") :
		    _("one FILE only"));
	if (fi.title == NULL || *fi.title == '\0')
		return cli_usage(&cmd_new, _("--title is required"));
	if (*fi.doc_date && !date_valid(fi.doc_date))
		return cli_usage(&cmd_new, _("--date: \"%s\" is not a date "
		    "(YYYY-MM-DD)"), fi.doc_date);
	if (*fi.start_date && !date_valid(fi.start_date))
		return cli_usage(&cmd_new, _("--start: \"%s\" is not a date "
		    "(YYYY-MM-DD)"), fi.start_date);
	if (*fi.end_date && !date_valid(fi.end_date))
		return cli_usage(&cmd_new, _("--end: \"%s\" is not a date "
		    "(YYYY-MM-DD)"), fi.end_date);
	if (fi.resolution_title == NULL)
		fi.resolution_title = restitle = xasprintf("Резолюция %s.",
		    fi.title);

	memset(&tfi, 0, sizeof tfi);
	if (template != NULL) {
		/* Read only; a file of an older agora is brought up to date
		 * as every command does, and nothing else in it changes. */
		if (forum_open(template, FORUM_READONLY, &tpl, &err) !=
		    ST_OK) {
			free(err);
			tpl = cli_open(template, false);
		}
		if (tpl == NULL) {
			free(restitle);
			return EXIT_FAIL;
		}
		if (forum_info_get(tpl, &tfi) != ST_OK) {
			cli_error("%s", forum_error(tpl));
			forum_close(tpl);
			free(restitle);
			return EXIT_FAIL;
		}
		fi.participants_intro = tfi.participants_intro;
		fi.themes_intro = tfi.themes_intro;
		fi.lead_in = tfi.lead_in;
		if (!city_given)
			fi.city = tfi.city;
	}

	if (forum_open(argv[optind], FORUM_CREATE, &f, &err) != ST_OK) {
		cli_error("%s", err);
		free(err);
		free(restitle);
		if (tpl != NULL) {
			forum_info_free(&tfi);
			forum_close(tpl);
		}
		return EXIT_FAIL;
	}
	st = forum_begin(f, NULL);
	if (st == ST_OK)
		st = forum_info_set(f, &fi);
	if (st == ST_OK && tpl != NULL)
		st = new_from_template(f, tpl);
	if (st == ST_OK)
		st = forum_commit(f);
	else if (forum_in_action(f))
		forum_rollback(f);
	if (tpl != NULL) {
		forum_info_free(&tfi);
		forum_close(tpl);
	}
	if (st != ST_OK) {
		cli_error("%s", forum_error(f));
		forum_close(f);
		unlink(argv[optind]);
		free(restitle);
		return EXIT_FAIL;
	}
	forum_close(f);
	free(restitle);
	return EXIT_OK;
}

const struct command cmd_new = {
	.name = "new",
	.args = "FILE --title T [--city C] [--date YYYY-MM-DD] "
	    "[--template OLD]",
	.summary = N_("create a new forum file"),
	.help =
	    N_("  --title T             the forum's name (required)\n"
	    "  --resolution-title T  the document's title, in the genitive\n"
	    "                        (default: \"Резолюция T.\")\n"
	    "  --city C              the place, as printed (\"г. Красноярск\")\n"
	    "  --date YYYY-MM-DD     the document's date\n"
	    "  --start, --end YYYY-MM-DD  the forum's dates\n"
	    "  --template OLD        start from forum OLD (last year's): its\n"
	    "                        addressees, tracks (no sessions), preamble,\n"
	    "                        participant groups and place; no proposals\n"
	    "FILE must not exist.\n"),
	.writes = true,
	.run = new_run,
};
