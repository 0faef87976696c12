/*
 * cmd_undo.c: agora undo FILE, agora redo FILE: the interface's Ctrl-Z and
 * Ctrl-Y from the command line, over the same undo log.
 */
#include <getopt.h>
#include <stdlib.h>

#include "../model/i18n.h"
#include "cli.h"

static int
turn(const struct command *c, int argc, char **argv, bool undo)
{
	static const struct option opts[] = { { NULL, 0, NULL, 0 } };
	struct forum *f;
	enum status st;
	char *label = NULL;

	optind = 1;
	opterr = 0;
	if (getopt_long(argc, argv, "", opts, NULL) != -1)
		return optopt != 0 ?
		    cli_usage(c, _("unknown option -%c"), optopt) :
		    cli_usage(c, _("unknown option %s"), argv[optind - 1]);
	if (optind != argc - 1)
		return cli_usage(c, optind >= argc ? _("no FILE given") :
		    _("one FILE only"));
	if ((f = cli_open(argv[optind], true)) == NULL)
		return EXIT_FAIL;
	st = undo ? forum_undo(f, &label) : forum_redo(f, &label);
	if (st == ST_OK)
		cli_print("%s: %s\n", undo ? _("undone") : _("redone"),
		    i18n_text(label));
	else
		cli_error("%s: %s", argv[optind], forum_error(f));
	free(label);
	forum_close(f);
	return st == ST_OK ? EXIT_OK : EXIT_FAIL;
}

static int
undo_run(int argc, char **argv)
{
	return turn(&cmd_undo, argc, argv, true);
}

static int
redo_run(int argc, char **argv)
{
	return turn(&cmd_redo, argc, argv, false);
}

const struct command cmd_undo = {
	.name = "undo",
	.args = "FILE",
	.summary = N_("undo this copy's last change"),
	.help = "",
	.writes = true,
	.run = undo_run,
};

const struct command cmd_redo = {
	.name = "redo",
	.args = "FILE",
	.summary = N_("redo the last undone change"),
	.help = "",
	.writes = true,
	.run = redo_run,
};
