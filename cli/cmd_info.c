/*
 * cmd_info.c: agora info FILE: counts by track, addressee and status.
 */
#include <getopt.h>
#include <stdlib.h>

#include "../model/records.h"
#include "cli.h"

static int
info_run(int argc, char **argv)
{
	struct forum_counts c;
	struct forum_info fi;
	static const struct option opts[] = { { NULL, 0, NULL, 0 } };
	struct forum *f;
	size_t i;

	optind = 1;
	opterr = 0;
	if (getopt_long(argc, argv, "", opts, NULL) != -1)
		return optopt != 0 ?
		    cli_usage(&cmd_info, "unknown option -%c", optopt) :
		    cli_usage(&cmd_info, "unknown option %s", argv[optind - 1]);
	if (optind != argc - 1)
		return cli_usage(&cmd_info, optind >= argc ? "no FILE given" :
		    "one FILE only");
	if ((f = cli_open(argv[optind], false)) == NULL)
		return EXIT_FAIL;
	if (forum_info_get(f, &fi) != ST_OK ||
	    forum_counts_get(f, &c) != ST_OK) {
		cli_error("%s", forum_error(f));
		forum_close(f);
		return EXIT_FAIL;
	}
	cli_print("%s\n%s%s\n\n", fi.title, fi.final ? "final" : "draft",
	    forum_readonly(f) ? " (read-only)" : "");
	cli_print("Proposals: %lld\n", (long long)c.total);
	for (i = 0; i <= PROPOSAL_MERGED; i++)
		cli_print("  %-10s %6lld\n", proposal_status_name((int)i),
		    (long long)c.by_status[i]);
	cli_print("\nBy track:\n");
	for (i = 0; i < c.ntrack; i++)
		cli_print("  %6lld  %s\n", (long long)c.by_track[i].count,
		    c.by_track[i].name);
	cli_print("\nBy addressee:\n");
	for (i = 0; i < c.naddressee; i++)
		cli_print("  %6lld  %s\n", (long long)c.by_addressee[i].count,
		    c.by_addressee[i].name);
	forum_counts_free(&c);
	forum_info_free(&fi);
	forum_close(f);
	return EXIT_OK;
}

const struct command cmd_info = {
	.name = "info",
	.args = "FILE",
	.summary = "show the forum's counts by status, track and addressee",
	.help = "",
	.run = info_run,
};
