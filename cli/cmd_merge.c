/*
 * cmd_merge.c: agora merge MASTER COPY... [--import] [--dry-run]: brings
 * the moderators' copies back into the master (model/merge.h has the
 * rules), all of them in one transaction and one undoable action.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../model/i18n.h"
#include "../model/merge.h"
#include "../model/text.h"
#include "../model/util.h"
#include "cli.h"

/* Merges of fewer rows are over before a percentage would be read. */
#define PROGRESS_MIN_ROWS 20000

struct progress {
	const char *path; /* the copy being merged */
	char *name;       /* the same, sanitised */
	int last;         /* the percentage shown, or -1 */
};

/* Shows "agora: merging COPY: 42%" on the terminal's standard error. */
static void
progress_show(void *ctx, const char *path, int64_t done, int64_t total)
{
	struct progress *p = ctx;
	struct buf b = { 0 };
	int pct;

	if (total < PROGRESS_MIN_ROWS)
		return;
	if (p->path != path) {
		if (p->last >= 0)
			fputc('\n', stderr);
		text_sanitise(&b, path, strlen(path), 0);
		free(p->name);
		p->name = buf_steal(&b);
		p->path = path;
		p->last = -1;
	}
	pct = (int)(done * 100 / total);
	if (pct == p->last)
		return;
	p->last = pct;
	fputc('\r', stderr);
	fprintf(stderr, _("agora: merging %s: %3d%%"), p->name, pct);
	(void)fflush(stderr);
}

static int
merge_cmd(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "import", no_argument, NULL, 'i' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	struct merge_opts o = { 0 };
	struct progress prog = { NULL, NULL, -1 };
	struct merge_result *r;
	const char *master;
	bool dry = false;
	struct forum *f;
	enum status st;
	size_t n, i;
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'i':
			o.import = true;
			break;
		case 'n':
			dry = true;
			break;
		default:
			if (optopt != 0)
				return cli_usage(&cmd_merge,
				    _("unknown option -%c"), optopt);
			return cli_usage(&cmd_merge, _("unknown option %s"),
			    argv[optind - 1]);
		}
	}
	if (argc - optind < 2)
		return cli_usage(&cmd_merge, argc - optind < 1 ?
		    _("no MASTER given") : _("no COPY given"));
	master = argv[optind];
	n = (size_t)(argc - optind - 1);
	if ((f = cli_open(master, true)) == NULL)
		return EXIT_FAIL;
	if (isatty(STDERR_FILENO)) {
		o.progress = progress_show;
		o.ctx = &prog;
	}
	o.dry_run = dry;
	r = xcalloc(n, sizeof *r);
	/* One action: all the copies or none, and one undo. */
	st = merge_run(f, (const char *const *)argv + optind + 1, n, &o, r);
	if (prog.last >= 0)
		fputs("\r\033[K", stderr);
	free(prog.name);
	for (i = 0; st == ST_OK && i < n; i++)
		cli_print("%s%s", i ? "\n" : "", r[i].report);
	if (st == ST_OK && dry)
		cli_print(_("Dry run: %s was not changed.\n"), master);
	for (i = 0; i < n; i++)
		merge_result_free(&r[i]);
	free(r);
	if (st != ST_OK) {
		cli_error("%s", forum_error(f));
		cli_error(_("%s: nothing was merged; the file is as it was"),
		    master);
		forum_close(f);
		return EXIT_FAIL;
	}
	forum_close(f);
	return EXIT_OK;
}

const struct command cmd_merge = {
	.name = "merge",
	.args = "MASTER COPY... [--import] [--dry-run]",
	.summary = N_("merge moderators' copies back into the master file"),
	.help =
	    N_("  --import    take in a copy of another forum: its tracks,\n"
	    "              sessions, addressees and proposals (not its forum\n"
	    "              record, paragraphs or participant groups)\n"
	    "  --dry-run   merge and report, then leave MASTER as it was\n"
	    "Records are matched by UUID: merging a copy twice changes\n"
	    "nothing.  The newer edit of a record wins; the other text stays\n"
	    "in the proposal's history and the conflict is reported.  Deleted\n"
	    "records stay deleted.  Addressees with the same heading become\n"
	    "one.  All copies are merged in one transaction: a failure leaves\n"
	    "MASTER as it was.  One undo (agora undo MASTER) takes the whole\n"
	    "merge back.\n"),
	.writes = true,
	.run = merge_cmd,
};
