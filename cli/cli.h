/*
 * cli.h: the command line.  Each subcommand is a file with one const
 * descriptor; main.c holds the table and dispatches to it.
 */
#ifndef AGORA_CLI_H
#define AGORA_CLI_H

#include <stdbool.h>

#include "../model/forum.h"

/* Exit codes. */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

struct command {
	const char *name;
	const char *args;    /* "FILE --title T [...]" */
	const char *summary; /* one line */
	const char *help;    /* the options, one per line */
	bool writes;         /* opens the file for writing */
	int (*run)(int argc, char **argv);
};

extern const struct command cmd_new, cmd_info, cmd_add, cmd_export,
    cmd_undo, cmd_redo;
extern const struct command cmd_print;
extern const struct command cmd_backup, cmd_restore;
extern const struct command cmd_copy, cmd_merge;
extern const struct command cmd_duplicates;
extern const struct command cmd_import;

/* Prints "agora: message" on standard error, sanitised.  Returns EXIT_FAIL. */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints a usage error and the command's synopsis.  Returns EXIT_USAGE. */
int cli_usage(const struct command *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Prints text on standard output, sanitised (newlines kept). */
void cli_print(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints a command's --help. */
void cli_help(const struct command *c);

/*
 * Opens an existing forum for a command; prints why not and returns NULL.
 * write: the command changes the file (a read-only file is then an error).
 */
struct forum *cli_open(const char *path, bool write);

/* Shows a snapshot that failed (model/backup.h) as a note on standard
 * error; cli_open() installs it.  In cmd_backup.c. */
void cli_backup_notice(void *ctx, const char *msg);

/* Parses the options of argv against the command's long options; helpers
 * for the common ones. */
bool cli_is_help(const char *arg);

#endif
