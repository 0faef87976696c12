/*
 * cmd_backup.c: agora backup FILE: a snapshot now, whether one is due or
 * not (model/backup.h); and the command line's way of showing a snapshot
 * that failed, which never fails the command that caused it.
 */
#include <getopt.h>
#include <stdlib.h>

#include "../model/backup.h"
#include "../model/i18n.h"
#include "cli.h"

void
cli_backup_notice(void *ctx, const char *msg)
{
	(void)ctx;
	cli_error(_("note: %s"), msg);
}

static int
backup_run(int argc, char **argv)
{
	static const struct option opts[] = { { NULL, 0, NULL, 0 } };
	struct forum *f;
	enum status st;
	char *name, *err, *dir;

	optind = 1;
	opterr = 0;
	if (getopt_long(argc, argv, "", opts, NULL) != -1)
		return optopt != 0 ?
		    cli_usage(&cmd_backup, _("unknown option -%c"), optopt) :
		    cli_usage(&cmd_backup, _("unknown option %s"),
		    argv[optind - 1]);
	if (optind != argc - 1)
		return cli_usage(&cmd_backup, optind >= argc ? _("no FILE given") :
		    _("one FILE only"));
	if ((f = cli_open(argv[optind], true)) == NULL)
		return EXIT_FAIL;
	st = backup_now(f, &name, &err);
	dir = backup_dir(argv[optind]);
	if (st == ST_OK)
		cli_print("%s/%s\n", dir, name);
	else if (st == ST_NOTHING)
		cli_print(_("%s: unchanged since snapshot %s/%s\n"), argv[optind],
		    dir, name);
	else
		cli_error("%s", err);
	free(dir);
	free(name);
	free(err);
	forum_close(f);
	return st == ST_OK || st == ST_NOTHING ? EXIT_OK : EXIT_FAIL;
}

const struct command cmd_backup = {
	.name = "backup",
	.args = "FILE",
	.summary = N_("take a snapshot of the forum now (FILE.backups/)"),
	.help =
	    N_("Prints the new snapshot's path, or the newest one's when nothing\n"
	    "changed since.  Snapshots are also taken by themselves while the\n"
	    "forum is written (every 5 minutes; AGORA_BACKUP_INTERVAL seconds)\n"
	    "and the newest 10 are kept (AGORA_BACKUP_KEEP; 0: none).\n"
	    "agora restore FILE lists them.\n"),
	.writes = true,
	.run = backup_run,
};
