/*
 * main.c: agora's entry point.  `agora FILE` opens the interface; `agora
 * COMMAND ...` runs a subcommand from the table below.
 */
#include <dirent.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../model/backup.h"
#include "../model/i18n.h"
#include "../model/text.h"
#include "../model/util.h"
#include "../tui/tui.h"
#include "cli.h"

#ifndef AGORA_VERSION
#define AGORA_VERSION "0.1"
#endif
/* Where `make install` puts the catalogs, and where `make` compiles them
 * (the Makefile defines both). */
#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif
#ifndef BUILD_LOCALEDIR
#define BUILD_LOCALEDIR "build/locale"
#endif

static const struct command *const commands[] = {
	&cmd_new, &cmd_info, &cmd_add, &cmd_export, &cmd_undo, &cmd_redo,
	&cmd_print,
	&cmd_backup, &cmd_restore,
	&cmd_copy, &cmd_merge,
	&cmd_duplicates,
	&cmd_import,
	NULL,
};

/* Writes msg to stream with every control character made visible. */
static void
cli_put(FILE *stream, const char *msg)
{
	struct buf b = {0};

	text_sanitise(&b, msg, strlen(msg), TEXT_KEEP_NEWLINE);
	fputs(buf_str(&b), stream);
	buf_free(&b);
}

int
cli_error(const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	fputs("agora: ", stderr);
	cli_put(stderr, msg);
	fputc('\n', stderr);
	free(msg);
	return EXIT_FAIL;
}

int
cli_usage(const struct command *c, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	fprintf(stderr, "agora %s: ", c->name);
	cli_put(stderr, msg);
	fprintf(stderr, _("\nusage: agora %s %s\n(see agora %s --help)\n"),
	    c->name, c->args, c->name);
	free(msg);
	return EXIT_USAGE;
}

void
cli_print(const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	cli_put(stdout, msg);
	free(msg);
}

void
cli_help(const struct command *c)
{
	printf(_("usage: agora %s %s\n\n%s\n"), c->name, c->args,
	    _(c->summary));
	if (c->help != NULL && *c->help != '\0')
		printf("\n%s", _(c->help));
}

bool
cli_is_help(const char *arg)
{
	return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0;
}

struct forum *
cli_open(const char *path, bool write)
{
	struct forum *f;
	char *err;

	if (forum_open(path, 0, &f, &err) != ST_OK) {
		cli_error("%s", err);
		free(err);
		return NULL;
	}
	if (write && forum_readonly(f)) {
		cli_error(_("%s: the file is read-only; nothing was changed"),
		    path);
		forum_close(f);
		return NULL;
	}
	backup_set_notice(f, cli_backup_notice, NULL);
	return f;
}

/* True if dir holds agora.mo for some language (dir/LANG/LC_MESSAGES). */
static bool
locale_dir_has_catalog(const char *dir)
{
	struct dirent *e;
	struct stat sb;
	bool found = false;
	DIR *d;

	if ((d = opendir(dir)) == NULL)
		return false;
	while (!found && (e = readdir(d)) != NULL) {
		char *mo;

		if (e->d_name[0] == '.')
			continue;
		mo = xasprintf("%s/%s/LC_MESSAGES/agora.mo", dir, e->d_name);
		found = stat(mo, &sb) == 0 && S_ISREG(sb.st_mode);
		free(mo);
	}
	closedir(d);
	return found;
}

/*
 * Binds the text domain "agora" (the messages in the user's language):
 * $AGORA_LOCALEDIR if set, else the installed catalogs, else those the
 * build compiled (so `make run` and the tests need no install).
 */
static void
i18n_init(void)
{
	const char *dir = getenv("AGORA_LOCALEDIR");

	if (dir == NULL || *dir == '\0')
		dir = locale_dir_has_catalog(LOCALEDIR) ? LOCALEDIR :
		    BUILD_LOCALEDIR;
	(void)bindtextdomain("agora", dir);
	(void)bind_textdomain_codeset("agora", "UTF-8");
	(void)textdomain("agora");
}

static void
usage(FILE *out)
{
	size_t i;

	/* TRANSLATORS: "usage: " is as wide as the indent of the lines
	 * under it (7 columns). */
	fprintf(out, _("usage: agora FILE            open the forum in the "
	    "interface\n"));
	for (i = 0; commands[i] != NULL; i++)
		fprintf(out, "       agora %s %s\n", commands[i]->name,
		    commands[i]->args);
	fprintf(out, _("       agora --help | --version\n\nCommands:\n"));
	for (i = 0; commands[i] != NULL; i++)
		fprintf(out, "  %-8s %s\n", commands[i]->name,
		    _(commands[i]->summary));
	fprintf(out, _("\n'agora COMMAND --help' describes a command; "
	    "man agora describes them all.\n"));
}

int
main(int argc, char **argv)
{
	size_t i;

	/* A write past RLIMIT_FSIZE then fails with EFBIG, which is reported,
	 * instead of killing agora half way through. */
	(void)signal(SIGXFSZ, SIG_IGN);
	/* The user's locale; if it cannot be loaded, still UTF-8 (as tmux). */
	if (setlocale(LC_ALL, "") == NULL)
		(void)setlocale(LC_ALL, "C.UTF-8");
	i18n_init();
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (cli_is_help(argv[1])) {
		usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("agora %s\n", AGORA_VERSION);
		return EXIT_OK;
	}
	for (i = 0; commands[i] != NULL; i++) {
		if (strcmp(argv[1], commands[i]->name) != 0)
			continue;
		if (argc > 2 && cli_is_help(argv[2])) {
			cli_help(commands[i]);
			return EXIT_OK;
		}
		return commands[i]->run(argc - 1, argv + 1);
	}
	if (argv[1][0] == '-') {
		cli_error(_("unknown option %s"), argv[1]);
		usage(stderr);
		return EXIT_USAGE;
	}
	if (argc > 2) {
		cli_error(_("unknown command \"%s\""), argv[1]);
		usage(stderr);
		return EXIT_USAGE;
	}
	return tui_main(argv[1]);
}
