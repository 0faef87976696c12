/*
 * cmd_duplicates.c: agora duplicates FILE [--threshold X] [--json]
 * [--exact]: the clusters of near-duplicate proposals (model/dupes.h),
 * each proposal with its number in the draft, track, status and text on
 * one line, then the similarity of each pair.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "../exports/export.h"
#include "../model/dupes.h"
#include "../model/i18n.h"
#include "../model/records.h"
#include "../model/resolution.h"
#include "../model/text.h"
#include "../model/util.h"
#include "cli.h"

/* The help gives the default threshold in words, one text for the
 * translators; this keeps it true. */
_Static_assert(DUPES_THRESHOLD == 50, "cmd_duplicates.help says 50");

/* Columns of a proposal's line, its text included, when standard output
 * is not a terminal (else the terminal's width, at least LINE_MIN). */
#define LINE_WIDTH 100
#define LINE_MIN 60

/* A proposal's item in the draft. */
struct numbered {
	int64_t pid;
	size_t order; /* in the document */
	const char *number;
};

struct dup_ctx {
	struct track *tracks;
	size_t ntracks;
	struct resolution *res; /* NULL: no numbers */
	struct numbered *items; /* the draft's items by proposal */
	size_t nitems;
	bool progress;
	int width; /* of a proposal's line */
};

static int
numbered_cmp(const void *pa, const void *pb)
{
	const struct numbered *a = pa, *b = pb;

	if (a->pid != b->pid)
		return a->pid < b->pid ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

/* Indexes the draft's items by proposal (resolution_numbers_of() reads
 * the whole document for each proposal). */
static void
numbers_index(struct dup_ctx *x)
{
	size_t i, j;

	for (i = 0; i < x->res->nblocks; i++) {
		const struct doc_block *blk = &x->res->blocks[i];

		if (blk->kind != BLOCK_SECTION)
			continue;
		x->items = xreallocarray(x->items, x->nitems + blk->nitems + 1,
		    sizeof *x->items);
		for (j = 0; j < blk->nitems; j++) {
			x->items[x->nitems].pid = blk->items[j].proposal_id;
			x->items[x->nitems].order = x->nitems;
			x->items[x->nitems].number = blk->items[j].number;
			x->nitems++;
		}
	}
	if (x->nitems > 0)
		qsort(x->items, x->nitems, sizeof *x->items, numbered_cmp);
}

/* The numbers of proposal pid in the draft, "1.3., 3.4.", or NULL.
 * Caller frees. */
static char *
numbers_of(const struct dup_ctx *x, int64_t pid)
{
	struct buf b = { 0 };
	size_t lo = 0, hi = x->nitems, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (x->items[mid].pid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < x->nitems && x->items[lo].pid == pid; lo++) {
		if (b.len > 0)
			buf_adds(&b, ", ");
		buf_adds(&b, x->items[lo].number);
	}
	return b.len > 0 ? buf_steal(&b) : NULL;
}

static const char *
track_label(const struct dup_ctx *x, int64_t id)
{
	size_t i;

	for (i = 0; i < x->ntracks; i++)
		if (x->tracks[i].rec.id == id)
			return x->tracks[i].label;
	return "?";
}

/* Shows progress on standard error while it is a terminal. */
static void
dup_progress(void *ctx, int64_t done, int64_t total)
{
	const struct dup_ctx *x = ctx;

	if (!x->progress || total <= 0)
		return;
	fputc('\r', stderr);
	fprintf(stderr, _("Finding duplicates: %3d%%"),
	    (int)(done * 100 / total));
	if (done >= total)
		fputs("\r                         \r", stderr);
	(void)fflush(stderr); /* a progress line: nothing to do if it fails */
}

/* Appends s (a field, possibly wide) padded or cut to w columns. */
static void
add_col(struct buf *b, const char *s, size_t w)
{
	struct buf clean = { 0 };
	size_t used = 0;

	text_sanitise(&clean, s, strlen(s), 0);
	text_cut(b, buf_str(&clean), clean.len, w, "…", &used);
	buf_addn(b, ' ', w - used);
	buf_free(&clean);
}

static void
print_text(const struct dup_ctx *x, const struct dupes *d)
{
	struct buf b = { 0 }, clean = { 0 };
	size_t i, k, members = 0;
	char *num;

	for (i = 0; i < d->n; i++)
		members += d->v[i].n;
	cli_print(P_("Duplicates at %d%% or more: %zu cluster",
	    "Duplicates at %d%% or more: %zu clusters", d->n), d->threshold,
	    d->n);
	cli_print(P_(", %zu proposal (of %lld compared)\n",
	    ", %zu proposals (of %lld compared)\n", members), members,
	    (long long)d->proposals);
	for (i = 0; i < d->n; i++) {
		const struct dupe_cluster *c = &d->v[i];

		cli_print(P_("\n%zu. %zu proposal, up to %d%%\n",
		    "\n%zu. %zu proposals, up to %d%%\n", c->n), i + 1, c->n,
		    c->best);
		for (k = 0; k < c->n; k++) {
			const struct dupe_member *m = &c->members[k];

			size_t used;

			buf_reset(&b);
			buf_printf(&b, "   #%-6lld ", (long long)m->id);
			num = numbers_of(x, m->id);
			add_col(&b, num ? num : "—", 8);
			free(num);
			buf_addc(&b, ' ');
			add_col(&b, track_label(x, m->track_id), 10);
			buf_addc(&b, ' ');
			add_col(&b, _(proposal_status_name(m->status)), 9);
			buf_addc(&b, ' ');
			used = text_width(b.data, b.len);
			buf_reset(&clean);
			text_sanitise(&clean, m->text, strlen(m->text), 0);
			text_cut(&b, buf_str(&clean), clean.len,
			    (size_t)x->width > used ? (size_t)x->width - used :
			    1, "…", NULL);
			cli_print("%s\n", buf_str(&b));
		}
		for (k = 0; k < c->npairs; k++)
			cli_print("   %3d%%  #%lld ~ #%lld%s\n",
			    c->pairs[k].score,
			    (long long)c->members[c->pairs[k].a].id,
			    (long long)c->members[c->pairs[k].b].id,
			    c->pairs[k].score < d->threshold ?
			    _("  (below the threshold)") : "");
	}
	buf_free(&b);
	buf_free(&clean);
}

static void
print_json(const struct dup_ctx *x, const struct dupes *d, bool exact)
{
	struct buf b = { 0 };
	size_t i, k;
	char *num;

	buf_printf(&b, "{\"threshold\": %d, \"method\": \"%s\", "
	    "\"proposals\": %lld, \"compared\": %lld, \"clusters\": [",
	    d->threshold, exact ? "exact" : "minhash-lsh",
	    (long long)d->proposals, (long long)d->candidates);
	for (i = 0; i < d->n; i++) {
		const struct dupe_cluster *c = &d->v[i];

		buf_printf(&b, "%s\n  {\"best\": %d, \"members\": [",
		    i > 0 ? "," : "", c->best);
		for (k = 0; k < c->n; k++) {
			const struct dupe_member *m = &c->members[k];
			const char *t = track_label(x, m->track_id);

			buf_printf(&b, "%s\n    {\"id\": %lld, \"number\": ",
			    k > 0 ? "," : "", (long long)m->id);
			num = numbers_of(x, m->id);
			if (num != NULL)
				json_escape(&b, num, strlen(num));
			else
				buf_adds(&b, "null");
			free(num);
			buf_adds(&b, ", \"track\": ");
			json_escape(&b, t, strlen(t));
			buf_printf(&b, ", \"status\": \"%s\", \"votes\": "
			    "{\"for\": %lld, \"against\": %lld, \"abstain\": "
			    "%lld}, \"text\": ",
			    proposal_status_name(m->status),
			    (long long)m->votes_for,
			    (long long)m->votes_against,
			    (long long)m->votes_abstain);
			json_escape(&b, m->text, strlen(m->text));
			buf_addc(&b, '}');
		}
		buf_adds(&b, "],\n   \"pairs\": [");
		for (k = 0; k < c->npairs; k++)
			buf_printf(&b, "%s{\"a\": %lld, \"b\": %lld, "
			    "\"score\": %d}", k > 0 ? ", " : "",
			    (long long)c->members[c->pairs[k].a].id,
			    (long long)c->members[c->pairs[k].b].id,
			    c->pairs[k].score);
		buf_adds(&b, "]}");
		/* Flush now and then: a large forum's report is long. */
		if (b.len > 65536) {
			cli_print("%s", buf_str(&b));
			buf_reset(&b);
		}
	}
	buf_adds(&b, "\n]}\n");
	cli_print("%s", buf_str(&b));
	buf_free(&b);
}

static int
duplicates_run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "threshold", required_argument, NULL, 't' },
		{ "json", no_argument, NULL, 'j' },
		{ "exact", no_argument, NULL, 'e' },
		{ NULL, 0, NULL, 0 },
	};
	struct dup_ctx x = { 0 };
	struct dupes d;
	struct forum *f;
	enum status st;
	bool json = false, exact = false;
	int c, threshold = DUPES_THRESHOLD;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":t:je", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			if ((threshold = dupes_threshold_parse(optarg)) < 0)
				return cli_usage(&cmd_duplicates,
				    _("--threshold: \"%s\" is not a percentage "
				    "from 1 to 100 or a fraction below 1"),
				    optarg);
			break;
		case 'j': json = true; break;
		case 'e': exact = true; break;
		case ':':
			return cli_usage(&cmd_duplicates, _("%s needs a value"),
			    argv[optind - 1]);
		default:
			if (optopt != 0)
				return cli_usage(&cmd_duplicates,
				    _("unknown option -%c"), optopt);
			return cli_usage(&cmd_duplicates, _("unknown option %s"),
			    argv[optind - 1]);
		}
	}
	if (optind != argc - 1)
		return cli_usage(&cmd_duplicates, optind >= argc ?
		    _("no FILE given") : _("one FILE only"));
	if ((f = cli_open(argv[optind], false)) == NULL)
		return EXIT_FAIL;
	x.progress = isatty(STDERR_FILENO) != 0;
	x.width = LINE_WIDTH;
	if (isatty(STDOUT_FILENO)) {
		struct winsize ws;

		if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
			x.width = ws.ws_col < LINE_MIN ? LINE_MIN : ws.ws_col;
	}
	st = track_list(f, &x.tracks, &x.ntracks);
	if (st == ST_OK)
		st = exact ? dupes_find_exact(f, threshold, dup_progress, &x,
		    &d) : dupes_find(f, threshold, dup_progress, &x, &d);
	/* Numbers only when there is something to number. */
	if (st == ST_OK && d.n > 0 && resolution_assemble(f, &x.res) != ST_OK)
		x.res = NULL;
	if (x.res != NULL)
		numbers_index(&x);
	if (st != ST_OK) {
		cli_error("%s: %s", argv[optind], forum_error(f));
		track_free(x.tracks, x.ntracks);
		forum_close(f);
		return EXIT_FAIL;
	}
	if (json)
		print_json(&x, &d, exact);
	else
		print_text(&x, &d);
	dupes_free(&d);
	if (x.res != NULL)
		resolution_free(x.res);
	free(x.items);
	track_free(x.tracks, x.ntracks);
	forum_close(f);
	return EXIT_OK;
}

const struct command cmd_duplicates = {
	.name = "duplicates",
	.args = "FILE [--threshold X] [--json] [--exact]",
	.summary = N_("list clusters of near-duplicate proposals across tracks"),
	.help = N_("  --threshold X  the least similarity, a percentage (60) or a "
	    "fraction (0.6);\n"
	    "                 default 50\n"
	    "  --json         machine-readable output\n"
	    "  --exact        compare every pair (slow on large forums; the "
	    "baseline\n"
	    "                 the default method's recall is measured "
	    "against)\n"),
	.run = duplicates_run,
};
