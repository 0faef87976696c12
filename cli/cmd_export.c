/*
 * cmd_export.c: agora export FILE [--format F] [-o OUT] [--width N]
 *     [--date YYYY-MM-DD|SECONDS] [--excel]
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../exports/export.h"
#include "../model/i18n.h"
#include "../model/util.h"
#include "cli.h"

/* "txt, docx, ..." for messages.  Caller frees. */
static char *
format_names(void)
{
	struct buf b = {0};
	size_t i;

	for (i = 0; export_formats[i] != NULL; i++) {
		if (i > 0)
			buf_adds(&b, ", ");
		buf_adds(&b, export_formats[i]->name);
	}
	return buf_steal(&b);
}

/*
 * --date: a calendar date (midnight UTC) or whole seconds since the epoch,
 * written as exports/package.c reads SOURCE_DATE_EPOCH (digits only, at
 * most 15), so that the option and the variable take the same values.
 * -1 if s is neither.
 */
static int64_t
export_parse_date(const char *s)
{
	struct tm tm;
	size_t n = strlen(s);

	if (n > 0 && n <= 15 && strspn(s, "0123456789") == n)
		return strtoll(s, NULL, 10);
	if (!date_valid(s))
		return -1;
	memset(&tm, 0, sizeof tm);
	/* date_valid() checked the digits. */
	tm.tm_year = (int)strtol(s, NULL, 10) - 1900;
	tm.tm_mon = (int)strtol(s + 5, NULL, 10) - 1;
	tm.tm_mday = (int)strtol(s + 8, NULL, 10);
	return (int64_t)timegm(&tm);
}

static int
export_cmd_run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "width", required_argument, NULL, 'w' },
		{ "date", required_argument, NULL, 'd' },
		{ "excel", no_argument, NULL, 'x' },
		{ NULL, 0, NULL, 0 },
	};
	struct export_options o = { .width = 80, .date = -1 };
	const struct export_format *fmt = NULL;
	const char *format = NULL, *out = NULL;
	struct stat fs, os;
	struct forum *f;
	char *err, *end, *names;
	long w;
	int c, rc;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":f:o:w:", opts, NULL)) != -1) {
		switch (c) {
		case 'f': format = optarg; break;
		case 'o': out = optarg; break;
		case 'w':
			errno = 0;
			w = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || errno != 0 ||
			    w < 0 || (w > 0 && w < 20) || w > 10000)
				return cli_usage(&cmd_export, _("--width: \"%s\" "
				    "is not 0 (no wrapping) or a number of "
				    "columns from 20 to 10000"), optarg);
			o.width = (unsigned)w;
			break;
		case 'd':
			if ((o.date = export_parse_date(optarg)) < 0)
				return cli_usage(&cmd_export, _("--date: \"%s\" is "
				    "not a date YYYY-MM-DD or seconds since "
				    "1970"), optarg);
			break;
		case 'x': o.excel = true; break;
		case ':':
			return cli_usage(&cmd_export, _("%s needs a value"),
			    argv[optind - 1]);
		default:
			if (optopt != 0)
				return cli_usage(&cmd_export, _("unknown option "
				    "-%c"), optopt);
			return cli_usage(&cmd_export, _("unknown option %s"),
			    argv[optind - 1]);
		}
	}
	if (optind != argc - 1)
		return cli_usage(&cmd_export, optind >= argc ? _("no FILE given") :
		    _("one FILE only"));
	if (format != NULL && (fmt = export_find(format)) == NULL) {
		names = format_names();
		rc = cli_usage(&cmd_export, _("unknown format \"%s\"; the formats "
		    "are: %s"), format, names);
		free(names);
		return rc;
	}
	if (fmt == NULL && out != NULL && strcmp(out, "-") != 0 &&
	    (fmt = export_for_path(out)) == NULL) {
		names = format_names();
		rc = cli_usage(&cmd_export, _("cannot tell the format from \"%s\"; "
		    "give --format (%s)"), out, names);
		free(names);
		return rc;
	}
	/* Renaming the export over the forum would destroy it. */
	if (out != NULL && strcmp(out, "-") != 0 &&
	    stat(argv[optind], &fs) == 0 && stat(out, &os) == 0 &&
	    fs.st_dev == os.st_dev && fs.st_ino == os.st_ino)
		return cli_usage(&cmd_export, _("-o %s is the forum file itself; "
		    "nothing was written"), out);
	if (fmt == NULL)
		fmt = &export_txt;
	if (o.excel && fmt != &export_csv)
		return cli_usage(&cmd_export, _("--excel is for the csv format, "
		    "not %s"), fmt->name);
	if ((f = cli_open(argv[optind], false)) == NULL)
		return EXIT_FAIL;
	rc = EXIT_OK;
	if (export_run(f, fmt, &o, out, &err) != ST_OK) {
		cli_error("%s", err);
		free(err);
		rc = EXIT_FAIL;
	}
	forum_close(f);
	return rc;
}

const struct command cmd_export = {
	.name = "export",
	.args = "FILE [--format F] [-o OUT] [--width N] [--date D] [--excel]",
	.summary = N_("write the assembled resolution"),
	.help =
	    N_("  --format F     the format (default: from OUT's extension, else txt)\n"
	    "  -o, --output OUT  the file to write (default: standard output);\n"
	    "                 written to a temporary name, then renamed\n"
	    "  --width N      text: wrap at N columns (default 80; 0: no wrapping)\n"
	    "  --date D       the time the document states (YYYY-MM-DD or seconds\n"
	    "                 since 1970; default SOURCE_DATE_EPOCH, else now):\n"
	    "                 the same forum and date give the same bytes\n"
	    "  --excel        csv: a byte order mark and ';' for Excel, text that\n"
	    "                 Excel would run as a formula prefixed with '\n"),
	.run = export_cmd_run,
};
