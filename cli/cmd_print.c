/*
 * cmd_print.c: agora print FILE [--printer P]
 *
 * Writes the resolution as PDF to a private directory ($XDG_RUNTIME_DIR/agora,
 * else /tmp/agora-UID), named after the forum file, and hands it to CUPS's
 * lp when a CUPS scheduler is running here.  Without CUPS it says where the
 * PDF is, which is still a success: the organiser prints it from elsewhere.
 * Programs are started with posix_spawnp and an argument vector, never
 * through a shell, so no name or title can become a command.
 */
#include <errno.h>
#include <getopt.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../exports/export.h"
#include "../model/i18n.h"
#include "../model/util.h"
#include "cli.h"

extern char **environ;

/*
 * The private directory for the PDF: $XDG_RUNTIME_DIR/agora (when that is
 * a directory), or /tmp/agora-UID made with mode 0700 and checked to be ours, since anyone
 * may create names in /tmp.  Caller frees; NULL (and a message) on failure.
 */
static char *
print_dir(void)
{
	const char *xdg = getenv("XDG_RUNTIME_DIR");
	struct stat st;
	char *dir;

	if (xdg != NULL && *xdg == '/' && stat(xdg, &st) == 0 &&
	    S_ISDIR(st.st_mode))
		dir = xasprintf("%s/agora", xdg);
	else
		dir = xasprintf("/tmp/agora-%lu", (unsigned long)getuid());
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		cli_error(_("%s: cannot create: %s"), dir, strerror(errno));
		free(dir);
		return NULL;
	}
	if (lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode) ||
	    st.st_uid != getuid() || (st.st_mode & 077) != 0) {
		cli_error(_("%s: not a private directory of this user; "
		    "remove it or set XDG_RUNTIME_DIR"), dir);
		free(dir);
		return NULL;
	}
	return dir;
}

/*
 * The PDF's name: the forum file's name without its directory and
 * extension, with anything awkward in a file name replaced.  Caller frees.
 */
static char *
print_name(const char *path)
{
	const char *base = strrchr(path, '/');
	char *name, *dot;

	name = xstrdup(base != NULL ? base + 1 : path);
	if ((dot = strrchr(name, '.')) != NULL && dot != name)
		*dot = '\0';
	for (char *p = name; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f ||
		    (p == name && (*p == '.' || *p == '-')))
			*p = '_';
	if (*name == '\0') {
		free(name);
		name = xstrdup("forum");
	}
	return name;
}

/* True if an executable named prog is on PATH. */
static bool
print_on_path(const char *prog)
{
	const char *path = getenv("PATH"), *p;

	if (path == NULL)
		path = "/usr/bin:/bin";
	for (p = path;; p++) {
		const char *end = strchr(p, ':');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char *file = xasprintf("%.*s%s%s", (int)len, p, len ? "/" : "",
		    prog);
		bool ok = access(file, X_OK) == 0;

		free(file);
		if (ok)
			return true;
		if (end == NULL)
			return false;
		p = end;
	}
}

/* The environment with LC_ALL=C, so that lpstat answers in English.
 * Caller frees the array (not the strings). */
static char **
print_env_c(void)
{
	size_t n = 0, k = 0;
	char **env;

	while (environ[n] != NULL)
		n++;
	env = xreallocarray(NULL, n + 2, sizeof *env);
	for (size_t i = 0; i < n; i++)
		if (strncmp(environ[i], "LC_ALL=", 7) != 0 &&
		    strncmp(environ[i], "LANGUAGE=", 9) != 0)
			env[k++] = environ[i];
	env[k++] = (char *)"LC_ALL=C";
	env[k] = NULL;
	return env;
}

/*
 * Runs argv and waits for it; its standard output goes to *out (if not
 * NULL) or to ours.  Returns the exit status, or -1 (errno set) if it could
 * not be started or did not exit normally.
 */
static int
print_run(char *const argv[], char *const envp[], struct buf *out)
{
	posix_spawn_file_actions_t fa;
	int fds[2] = { -1, -1 }, status, e;
	pid_t pid;

	posix_spawn_file_actions_init(&fa);
	if (out != NULL) {
		if (pipe(fds) != 0) {
			posix_spawn_file_actions_destroy(&fa);
			return -1;
		}
		posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
		posix_spawn_file_actions_addclose(&fa, fds[0]);
		posix_spawn_file_actions_addclose(&fa, fds[1]);
	}
	(void)fflush(stdout); /* lp's output after ours */
	e = posix_spawnp(&pid, argv[0], &fa, NULL, argv, envp);
	posix_spawn_file_actions_destroy(&fa);
	if (out != NULL)
		close(fds[1]);
	if (e != 0) {
		if (out != NULL)
			close(fds[0]);
		errno = e;
		return -1;
	}
	if (out != NULL) {
		char chunk[512];
		ssize_t got;

		while ((got = read(fds[0], chunk, sizeof chunk)) != 0) {
			if (got < 0 && errno == EINTR)
				continue;
			if (got < 0)
				break;
			if (out->len < 65536)
				buf_add(out, chunk, (size_t)got);
		}
		close(fds[0]);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (!WIFEXITED(status)) {
		errno = EINTR;
		return -1;
	}
	return WEXITSTATUS(status);
}

/* True if lp is on PATH and lpstat says the CUPS scheduler runs. */
static bool
print_cups_running(void)
{
	char *argv[] = { (char *)"lpstat", (char *)"-r", NULL };
	struct buf out = {0};
	char **env;
	bool running;

	if (!print_on_path("lp") || !print_on_path("lpstat"))
		return false;
	env = print_env_c();
	running = print_run(argv, env, &out) == 0 &&
	    strstr(buf_str(&out), "scheduler is running") != NULL;
	free(env);
	buf_free(&out);
	return running;
}

static int
print_cmd_run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "printer", required_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 },
	};
	struct export_options o = { .width = 80, .date = -1 };
	const char *printer = NULL;
	char *dir, *name, *pdf, *err;
	struct forum *f;
	int c, rc;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":P:", opts, NULL)) != -1) {
		switch (c) {
		case 'P':
			printer = optarg;
			break;
		case ':':
			return cli_usage(&cmd_print, _("%s needs a value"),
			    argv[optind - 1]);
		default:
			if (optopt != 0)
				return cli_usage(&cmd_print, _("unknown option "
				    "-%c"), optopt);
			return cli_usage(&cmd_print, _("unknown option %s"),
			    argv[optind - 1]);
		}
	}
	if (optind != argc - 1)
		return cli_usage(&cmd_print, optind >= argc ? _("no FILE given") :
		    _("one FILE only"));
	if (printer != NULL && (*printer == '\0' || *printer == '-'))
		return cli_usage(&cmd_print, _("--printer: \"%s\" is not a "
		    "printer name"), printer);
	if ((f = cli_open(argv[optind], false)) == NULL)
		return EXIT_FAIL;
	if ((dir = print_dir()) == NULL) {
		forum_close(f);
		return EXIT_FAIL;
	}
	name = print_name(argv[optind]);
	pdf = xasprintf("%s/%s.pdf", dir, name);
	rc = EXIT_OK;
	if (export_run(f, &export_pdf, &o, pdf, &err) != ST_OK) {
		cli_error("%s", err);
		free(err);
		rc = EXIT_FAIL;
	}
	forum_close(f);
	if (rc == EXIT_OK && !print_cups_running()) {
		cli_print(_("no printer (CUPS) here; the PDF is at %s\n"), pdf);
	} else if (rc == EXIT_OK) {
		char *lp[8];
		int n = 0, st;

		lp[n++] = (char *)"lp";
		if (printer != NULL) {
			lp[n++] = (char *)"-d";
			lp[n++] = (char *)printer;
		}
		lp[n++] = (char *)"-t";
		lp[n++] = name;
		lp[n++] = pdf;
		lp[n] = NULL;
		st = print_run(lp, environ, NULL);
		if (st == 0) {
			cli_print(_("sent to %s; the PDF is at %s\n"), printer ?
			    printer : _("the default printer"), pdf);
		} else {
			if (st < 0)
				cli_error(_("lp: %s; the PDF is at %s"),
				    strerror(errno), pdf);
			else
				cli_error(_("lp failed (exit %d); the PDF is "
				    "at %s"), st, pdf);
			rc = EXIT_FAIL;
		}
	}
	free(pdf);
	free(name);
	free(dir);
	return rc;
}

const struct command cmd_print = {
	.name = "print",
	.args = "FILE [--printer P]",
	.summary = N_("print the resolution (PDF through CUPS's lp)"),
	.help =
	    N_("  -P, --printer P  the CUPS destination (default: lp's default)\n"
	    "\n"
	    "The PDF is written to $XDG_RUNTIME_DIR/agora (else /tmp/agora-UID),\n"
	    "named after FILE.  Without a running CUPS scheduler nothing is sent\n"
	    "and the command says where the PDF is.\n"),
	.run = print_cmd_run,
};
