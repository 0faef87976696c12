/*
 * cmd_new.c: agora new FILE --title T [--city C] [--date YYYY-MM-DD]
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../model/records.h"
#include "../model/resolution.h"
#include "../model/util.h"
#include "cli.h"

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
	struct forum *f;
	enum status st;
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":t:r:c:d:s:e:", opts, NULL)) != -1) {
		switch (c) {
		case 't': fi.title = optarg; break;
		case 'r': fi.resolution_title = optarg; break;
		case 'c': fi.city = optarg; break;
		case 'd': fi.doc_date = optarg; break;
		case 's': fi.start_date = optarg; break;
		case 'e': fi.end_date = optarg; break;
		case ':':
			return cli_usage(&cmd_new, "%s needs a value",
			    argv[optind - 1]);
		default:
			if (optopt != 0)
				return cli_usage(&cmd_new, "unknown option -%c",
				    optopt);
			return cli_usage(&cmd_new, "unknown option %s",
			    argv[optind - 1]);
		}
	}
	if (optind != argc - 1)
		return cli_usage(&cmd_new, optind >= argc ? "no FILE given" :
		    "one FILE only");
	if (fi.title == NULL || *fi.title == '\0')
		return cli_usage(&cmd_new, "--title is required");
	if (*fi.doc_date && !date_valid(fi.doc_date))
		return cli_usage(&cmd_new, "--date: \"%s\" is not a date "
		    "(YYYY-MM-DD)", fi.doc_date);
	if (*fi.start_date && !date_valid(fi.start_date))
		return cli_usage(&cmd_new, "--start: \"%s\" is not a date "
		    "(YYYY-MM-DD)", fi.start_date);
	if (*fi.end_date && !date_valid(fi.end_date))
		return cli_usage(&cmd_new, "--end: \"%s\" is not a date "
		    "(YYYY-MM-DD)", fi.end_date);
	if (fi.resolution_title == NULL)
		fi.resolution_title = restitle = xasprintf("Резолюция %s.",
		    fi.title);

	if (forum_open(argv[optind], FORUM_CREATE, &f, &err) != ST_OK) {
		cli_error("%s", err);
		free(err);
		free(restitle);
		return EXIT_FAIL;
	}
	st = forum_begin(f, NULL);
	if (st == ST_OK)
		st = forum_info_set(f, &fi);
	if (st == ST_OK)
		st = forum_commit(f);
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
	.args = "FILE --title T [--city C] [--date YYYY-MM-DD]",
	.summary = "create a new forum file",
	.help =
	    "  --title T             the forum's name (required)\n"
	    "  --resolution-title T  the document's title, in the genitive\n"
	    "                        (default: \"Резолюция T.\")\n"
	    "  --city C              the place, as printed (\"г. Красноярск\")\n"
	    "  --date YYYY-MM-DD     the document's date\n"
	    "  --start, --end YYYY-MM-DD  the forum's dates\n"
	    "FILE must not exist.\n",
	.writes = true,
	.run = new_run,
};
