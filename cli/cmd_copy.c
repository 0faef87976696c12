/*
 * cmd_copy.c: agora copy MASTER OUT [--track T]: the copy a moderator takes
 * to the room.
 */
#include <getopt.h>
#include <stdlib.h>

#include "../model/i18n.h"
#include "../model/merge.h"
#include "../model/records.h"
#include "cli.h"

static int
copy_run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "track", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	const char *track = NULL;
	struct track t = { 0 };
	struct forum *f;
	int64_t tid;
	int c, rc = EXIT_FAIL;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":t:", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			track = optarg;
			break;
		case ':':
			return cli_usage(&cmd_copy, _("%s needs a value"),
			    argv[optind - 1]);
		default:
			if (optopt != 0)
				return cli_usage(&cmd_copy,
				    _("unknown option -%c"), optopt);
			return cli_usage(&cmd_copy, _("unknown option %s"),
			    argv[optind - 1]);
		}
	}
	if (argc - optind != 2)
		return cli_usage(&cmd_copy, argc - optind < 2 ?
		    _("MASTER and OUT are required") : _("one MASTER and one OUT "
		    "only"));
	if ((f = cli_open(argv[optind], false)) == NULL)
		return EXIT_FAIL;
	if (track != NULL && (track_find(f, track, &tid) != ST_OK ||
	    track_get(f, tid, &t) != ST_OK)) {
		cli_error(_("%s: --track: %s"), argv[optind], forum_error(f));
		goto out;
	}
	if (merge_copy_write(f, argv[optind + 1],
	    track != NULL ? t.rec.uuid : NULL) != ST_OK) {
		cli_error("%s", forum_error(f));
		goto out;
	}
	rc = EXIT_OK;
out:
	track_clear(&t);
	forum_close(f);
	return rc;
}

const struct command cmd_copy = {
	.name = "copy",
	.args = "MASTER OUT [--track T]",
	.summary = N_("write a copy of the forum for a moderator to take along"),
	.help =
	    N_("  --track T   the track the copy is for (label, unique prefix or\n"
	    "              UUID); the copy still holds every track\n"
	    "OUT must not exist.  The copy is a snapshot of MASTER with a\n"
	    "copy id of its own and an empty undo history; merge it back\n"
	    "with agora merge MASTER OUT.\n"),
	.writes = false,
	.run = copy_run,
};
