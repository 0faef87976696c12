/*
 * export.c: the table of formats and the safe way to write one to a file.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../model/util.h"
#include "export.h"

const struct export_format *const export_formats[] = {
	&export_txt,
	&export_docx,
	&export_odt,
	&export_pdf,
	&export_html,
	&export_markdown,
	&export_csv,
	&export_xlsx,
	&export_json,
	NULL,
};

const struct export_format *
export_find(const char *name)
{
	size_t i;

	for (i = 0; export_formats[i] != NULL; i++)
		if (strcmp(export_formats[i]->name, name) == 0)
			return export_formats[i];
	return NULL;
}

/* True if word occurs in the space-separated list. */
static bool
word_in(const char *list, const char *word, size_t n)
{
	const char *p = list;

	while (*p != '\0') {
		size_t len = strcspn(p, " ");

		if (len == n && strncasecmp(p, word, n) == 0)
			return true;
		p += len;
		p += strspn(p, " ");
	}
	return false;
}

const struct export_format *
export_for_path(const char *path)
{
	const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
	size_t i;

	if (dot == NULL || (slash != NULL && dot < slash) || dot[1] == '\0')
		return NULL;
	for (i = 0; export_formats[i] != NULL; i++)
		if (word_in(export_formats[i]->extensions, dot + 1,
		    strlen(dot + 1)))
			return export_formats[i];
	return NULL;
}

/*
 * mkstemp makes the file private (0600); give it the mode the target has,
 * or the one a new file would get.
 */
static void
export_set_mode(int fd, const char *path)
{
	struct stat sb;
	mode_t mask;

	if (stat(path, &sb) == 0) {
		fchmod(fd, sb.st_mode & 07777);
		return;
	}
	mask = umask(022);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
}

/*
 * Writes to a temporary file in the target's directory, flushes it to disk
 * and renames it over the target: the target is either the old file or the
 * whole new one, never a part.
 */
enum status
export_run(struct forum *f, const struct export_format *fmt,
    const struct export_options *o, const char *path, char **err)
{
	struct resolution *r = NULL;
	enum status st = ST_IO;
	char *tmp;
	FILE *out;
	int fd, e;

	*err = NULL;
	if (!fmt->table && (st = resolution_assemble(f, &r)) != ST_OK) {
		*err = xstrdup(forum_error(f));
		return st;
	}
	if (path == NULL || strcmp(path, "-") == 0) {
		st = fmt->write(f, r, o, stdout);
		if (st == ST_OK && fflush(stdout) != 0)
			st = ST_IO;
		/* Other than ST_IO: the model failed, and says why. */
		if (st != ST_OK)
			*err = st == ST_IO ? xasprintf("standard output: %s",
			    strerror(errno)) : xstrdup(forum_error(f));
		resolution_free(r);
		return st;
	}
	tmp = xasprintf("%s.tmp-XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		*err = xasprintf("%s: cannot write: %s", path, strerror(errno));
		free(tmp);
		resolution_free(r);
		return ST_IO;
	}
	export_set_mode(fd, path);
	out = fdopen(fd, "wb");
	if (out == NULL) {
		e = errno;
		close(fd);
		goto fail;
	}
	errno = 0;
	st = fmt->write(f, r, o, out);
	e = errno;
	if (st == ST_OK && fflush(out) != 0)
		st = ST_IO, e = errno;
	if (st == ST_OK && fsync(fileno(out)) != 0)
		st = ST_IO, e = errno;
	if (fclose(out) != 0 && st == ST_OK)
		st = ST_IO, e = errno;
	if (st == ST_OK && rename(tmp, path) != 0)
		st = ST_IO, e = errno;
	if (st != ST_OK)
		goto fail;
	free(tmp);
	resolution_free(r);
	return ST_OK;
fail:
	unlink(tmp);
	if (st != ST_IO && st != ST_OK)
		*err = xasprintf("%s: nothing was written: %s", path,
		    forum_error(f));
	else
		*err = xasprintf("%s: cannot write: %s", path,
		    e ? strerror(e) : "write failed");
	free(tmp);
	resolution_free(r);
	return st != ST_OK ? st : ST_IO;
}
