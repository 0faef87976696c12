/*
 * cmd_add.c: agora add FILE --track T --text TEXT [--addressee A]...
 *     [--status S] [--author NAME] [--organisation ORG]
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/i18n.h"
#include "../model/records.h"
#include "../model/text.h"
#include "../model/util.h"
#include "cli.h"

/*
 * True, with the message printed, if option opt's value is longer than
 * the limit of its field (model/records.h).
 */
static bool
add_too_large(const char *opt, const char *value, size_t limit)
{
	size_t len = value != NULL ? strlen(value) : 0;

	if (len <= limit)
		return false;
	cli_error(_("%s: too large: %zu bytes; the limit is %zu bytes "
	    "(%zu KiB)"), opt, len, limit, limit / 1024);
	return true;
}

static int
add_run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "track", required_argument, NULL, 't' },
		{ "text", required_argument, NULL, 'x' },
		{ "addressee", required_argument, NULL, 'a' },
		{ "status", required_argument, NULL, 's' },
		{ "author", required_argument, NULL, 'u' },
		{ "organisation", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	struct proposal p = { .status = PROPOSAL_NEW };
	const char *track = NULL, *status = NULL;
	const char **addr = NULL;
	size_t naddr = 0, i;
	struct forum *f;
	enum status st;
	int64_t tid, aid;
	int c, rc = EXIT_FAIL;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":t:x:a:s:u:o:", opts, NULL)) != -1) {
		switch (c) {
		case 't': track = optarg; break;
		case 'x': p.text = optarg; break;
		case 'a':
			addr = xreallocarray(addr, naddr + 1, sizeof *addr);
			addr[naddr++] = optarg;
			break;
		case 's': status = optarg; break;
		case 'u': p.author = optarg; break;
		case 'o': p.organisation = optarg; break;
		case ':':
			free(addr);
			return cli_usage(&cmd_add, _("%s needs a value"),
			    argv[optind - 1]);
		default:
			free(addr);
			if (optopt != 0)
				return cli_usage(&cmd_add, _("unknown option -%c"),
				    optopt);
			return cli_usage(&cmd_add, _("unknown option %s"),
			    argv[optind - 1]);
		}
	}
	if (optind != argc - 1) {
		free(addr);
		return cli_usage(&cmd_add, optind >= argc ? _("no FILE given") :
		    _("one FILE only"));
	}
	if (track == NULL || p.text == NULL) {
		free(addr);
		return cli_usage(&cmd_add, _("--track and --text are required"));
	}
	if (!text_valid(p.text, strlen(p.text))) {
		free(addr);
		return cli_usage(&cmd_add, _("--text: not valid UTF-8 text"));
	}
	if (p.text[strspn(p.text, " \t\n\r\v\f")] == '\0') {
		free(addr);
		return cli_usage(&cmd_add, _("--text: empty"));
	}
	if ((p.author != NULL && !text_valid(p.author, strlen(p.author))) ||
	    (p.organisation != NULL && !text_valid(p.organisation,
	    strlen(p.organisation)))) {
		free(addr);
		return cli_usage(&cmd_add, _("%s: not valid UTF-8 text"),
		    p.author != NULL && !text_valid(p.author,
		    strlen(p.author)) ? "--author" : "--organisation");
	}
	/* The model refuses these too; here, before the file is opened. */
	if (add_too_large("--text", p.text, LIMIT_TEXT) ||
	    add_too_large("--author", p.author, LIMIT_NAME) ||
	    add_too_large("--organisation", p.organisation, LIMIT_NAME)) {
		free(addr);
		return EXIT_FAIL;
	}
	if (status != NULL && ((p.status = proposal_status_parse(status)) < 0 ||
	    p.status == PROPOSAL_MERGED)) {
		free(addr);
		return cli_usage(&cmd_add, _("--status: \"%s\" is not one of new, "
		    "accepted, rejected"), status);
	}
	if ((f = cli_open(argv[optind], true)) == NULL) {
		free(addr);
		return EXIT_FAIL;
	}
	/* Everything is checked before anything is written. */
	if (track_find(f, track, &tid) != ST_OK) {
		cli_error(_("%s: --track: %s"), argv[optind], forum_error(f));
		goto out;
	}
	p.track_id = tid;
	for (i = 0; i < naddr; i++) {
		if (addressee_find(f, addr[i], &aid) != ST_OK) {
			cli_error(_("%s: --addressee: %s"), argv[optind],
			    forum_error(f));
			goto out;
		}
	}
	st = forum_begin(f, N_("add a proposal"));
	if (st == ST_OK)
		st = proposal_insert(f, &p);
	for (i = 0; st == ST_OK && i < naddr; i++) {
		st = addressee_find(f, addr[i], &aid);
		if (st == ST_OK)
			st = proposal_tag(f, p.rec.id, aid);
	}
	if (st == ST_OK)
		st = forum_commit(f);
	else
		forum_rollback(f);
	if (st != ST_OK) {
		cli_error("%s", forum_error(f));
		goto out;
	}
	printf("%s\n", p.rec.uuid);
	rc = EXIT_OK;
out:
	free(addr);
	forum_close(f);
	return rc;
}

const struct command cmd_add = {
	.name = "add",
	.args = "FILE --track T --text TEXT [--addressee A]... [--status S] "
	    "[--author NAME]",
	.summary = N_("add a proposal and print its UUID"),
	.help =
	    N_("  --track T          the track (short label, unique prefix or UUID)\n"
	    "  --text TEXT        the proposal's wording\n"
	    "  --addressee A      an addressee (label, unique prefix or UUID);\n"
	    "                     repeat for several\n"
	    "  --status S         new (default), accepted or rejected\n"
	    "  --author NAME      who proposed it\n"
	    "  --organisation O   the author's organisation\n"),
	.writes = true,
	.run = add_run,
};
