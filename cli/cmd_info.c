/*
 * cmd_info.c: agora info FILE: counts by status, track and addressee, as
 * figures and then as bar charts (the statistics screen's, in text).
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "../model/i18n.h"
#include "../model/records.h"
#include "../model/text.h"
#include "../model/util.h"
#include "cli.h"

/* Columns of a chart's names and of its longest bar. */
#define CHART_NAME 18
#define CHART_BAR 40

/*
 * Appends a bar of value / max of width columns, in eighths of a column
 * (U+2588 full block, U+2589..U+258F the eighths), at least an eighth for
 * any value above 0.
 */
static void
bar_add(struct buf *b, int64_t value, int64_t max, int width)
{
	static const char *const part[] = { "", "▏", "▎", "▍", "▌", "▋", "▊",
	    "▉" };
	int64_t eighths;
	int i;

	if (value <= 0 || max <= 0)
		return;
	eighths = (int64_t)((double)value / (double)max * width * 8 + 0.5);
	if (eighths < 1)
		eighths = 1;
	for (i = 0; i < eighths / 8; i++)
		buf_adds(b, "█");
	buf_adds(b, part[eighths % 8]);
}

/* Prints one chart: a title and a line per row, the bars to one scale. */
static void
chart_print(const char *title, const struct count_row *rows, size_t n)
{
	struct buf b = { 0 }, name = { 0 };
	int64_t max = 0;
	size_t i, used;

	for (i = 0; i < n; i++)
		if (rows[i].count > max)
			max = rows[i].count;
	cli_print("%s\n", title);
	for (i = 0; i < n; i++) {
		buf_reset(&b);
		buf_reset(&name);
		text_sanitise(&name, rows[i].name, strlen(rows[i].name), 0);
		buf_adds(&b, "  ");
		text_cut(&b, buf_str(&name), name.len, CHART_NAME, "…", &used);
		buf_addn(&b, ' ', CHART_NAME - used + 1);
		buf_printf(&b, "%6lld ", (long long)rows[i].count);
		bar_add(&b, rows[i].count, max, CHART_BAR);
		cli_print("%s\n", buf_str(&b));
	}
	buf_free(&b);
	buf_free(&name);
}

/* The three charts of the statistics. */
static void
charts_print(const struct forum_counts *c)
{
	struct count_row status[PROPOSAL_MERGED + 1];
	size_t i;

	for (i = 0; i <= PROPOSAL_MERGED; i++) {
		status[i].name = (char *)_(proposal_status_name((int)i));
		status[i].count = c->by_status[i];
	}
	cli_print("%s", _("\nCharts\n\n"));
	chart_print(_("Proposals by status:"), status, PROPOSAL_MERGED + 1);
	cli_print("\n");
	chart_print(_("Proposals by track:"), c->by_track, c->ntrack);
	cli_print("\n");
	chart_print(_("Proposals by addressee:"), c->by_addressee,
	    c->naddressee);
}

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
		    cli_usage(&cmd_info, _("unknown option -%c"), optopt) :
		    cli_usage(&cmd_info, _("unknown option %s"), argv[optind - 1]);
	if (optind != argc - 1)
		return cli_usage(&cmd_info, optind >= argc ? _("no FILE given") :
		    _("one FILE only"));
	if ((f = cli_open(argv[optind], false)) == NULL)
		return EXIT_FAIL;
	if (forum_info_get(f, &fi) != ST_OK ||
	    forum_counts_get(f, &c) != ST_OK) {
		cli_error("%s", forum_error(f));
		forum_close(f);
		return EXIT_FAIL;
	}
	cli_print("%s\n%s%s\n\n", fi.title, fi.final ? _("final") : _("draft"),
	    forum_readonly(f) ? _(" (read-only)") : "");
	cli_print(_("Proposals: %lld\n"), (long long)c.total);
	for (i = 0; i <= PROPOSAL_MERGED; i++) {
		/* Padded by width, not bytes: the name may be Cyrillic. */
		const char *name = _(proposal_status_name((int)i));
		size_t w = text_width(name, strlen(name));

		cli_print("  %s%*s %6lld\n", name, w < 10 ? (int)(10 - w) : 0,
		    "", (long long)c.by_status[i]);
	}
	cli_print("%s", _("\nBy track:\n"));
	for (i = 0; i < c.ntrack; i++)
		cli_print("  %6lld  %s\n", (long long)c.by_track[i].count,
		    c.by_track[i].name);
	cli_print("%s", _("\nBy addressee:\n"));
	for (i = 0; i < c.naddressee; i++)
		cli_print("  %6lld  %s\n", (long long)c.by_addressee[i].count,
		    c.by_addressee[i].name);
	charts_print(&c);
	forum_counts_free(&c);
	forum_info_free(&fi);
	forum_close(f);
	return EXIT_OK;
}

const struct command cmd_info = {
	.name = "info",
	.args = "FILE",
	.summary = N_("show the forum's counts by status, track and addressee"),
	.help = "",
	.run = info_run,
};
