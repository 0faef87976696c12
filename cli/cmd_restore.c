/*
 * cmd_restore.c: agora restore FILE [SNAPSHOT]: lists the forum's snapshots,
 * or puts one back (model/backup.h).
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../model/backup.h"
#include "../model/i18n.h"
#include "../model/text.h"
#include "../model/util.h"
#include "cli.h"

/* "1.2 MB" and the like.  Caller frees. */
static char *
size_text(int64_t n)
{
	if (n < 1024)
		return xasprintf("%lld B", (long long)n);
	if (n < (int64_t)1024 * 1024)
		return xasprintf("%.1f KB", (double)n / 1024);
	if (n < (int64_t)1024 * 1024 * 1024)
		return xasprintf("%.1f MB", (double)n / (1024 * 1024));
	return xasprintf("%.1f GB", (double)n / (1024 * 1024 * 1024));
}

static int
restore_list(const char *path)
{
	struct backup_snapshot *v;
	size_t n, i;
	char *err, *dir;

	if (backup_list(path, &v, &n, &err) != ST_OK) {
		cli_error("%s", err);
		free(err);
		return EXIT_FAIL;
	}
	dir = backup_dir(path);
	if (n == 0)
		cli_print(_("%s: no snapshots yet (%s/)\n"), path, dir);
	else
		cli_print(_("Snapshots of %s in %s/, newest first:\n"), path, dir);
	for (i = 0; i < n; i++) {
		time_t t = (time_t)v[i].time;
		char when[64], *size = size_text(v[i].size), *count;
		struct tm tm;
		int cw;

		localtime_r(&t, &tm);
		if (strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S %Z",
		    &tm) == 0)
			when[0] = '\0';
		count = v[i].proposals < 0 ? xstrdup(_("unreadable")) :
		    xasprintf(P_("%lld proposal", "%lld proposals",
		    v[i].proposals), (long long)v[i].proposals);
		/* Right-aligned by width: the words may be Cyrillic. */
		cw = (int)text_width(count, strlen(count));
		cli_print("%3zu  %s  %*s%s  %9s  %s\n", i + 1, when,
		    cw < 15 ? 15 - cw : 0, "", count, size, v[i].name);
		free(count);
		free(size);
	}
	if (n > 0 && access(path, F_OK) != 0)
		cli_print(_("%s does not exist: agora restore %s N makes it again "
		    "from snapshot N.\n"), path, path);
	else if (n > 0)
		cli_print(_("agora restore %s N puts snapshot N back.\n"), path);
	free(dir);
	backup_list_free(v, n);
	return EXIT_OK;
}

static int
restore_run(int argc, char **argv)
{
	static const struct option opts[] = { { NULL, 0, NULL, 0 } };
	char *restored, *before, *err;
	const char *path;

	optind = 1;
	opterr = 0;
	if (getopt_long(argc, argv, "", opts, NULL) != -1)
		return optopt != 0 ?
		    cli_usage(&cmd_restore, _("unknown option -%c"), optopt) :
		    cli_usage(&cmd_restore, _("unknown option %s"),
		    argv[optind - 1]);
	if (optind >= argc)
		return cli_usage(&cmd_restore, _("no FILE given"));
	if (argc - optind > 2)
		return cli_usage(&cmd_restore, _("one FILE and one SNAPSHOT only"));
	path = argv[optind];
	if (argc - optind == 1)
		return restore_list(path);
	if (backup_restore(path, argv[optind + 1], &restored, &before,
	    &err) != ST_OK) {
		cli_error("%s", err);
		free(err);
		return EXIT_FAIL;
	}
	cli_print(_("%s: restored snapshot %s\n"), path, restored);
	if (before != NULL)
		cli_print(_("The forum as it was before is snapshot %s: agora "
		    "restore %s %s takes this back.\n"), before, path, before);
	free(restored);
	free(before);
	return EXIT_OK;
}

const struct command cmd_restore = {
	.name = "restore",
	.args = "FILE [SNAPSHOT]",
	.summary = N_("list the forum's snapshots, or put one back"),
	.help =
	    N_("Without SNAPSHOT: the snapshots in FILE.backups/, newest first,\n"
	    "with when each was taken, its proposals and its size.\n"
	    "SNAPSHOT: its number in that list or its name.  It is checked\n"
	    "(an agora forum, whole, of this same copy), the forum as it is\n"
	    "now is kept as a snapshot first, and then the snapshot's content\n"
	    "replaces the forum's; other sessions on the file see it at once.\n"),
	.writes = true,
	.run = restore_run,
};
