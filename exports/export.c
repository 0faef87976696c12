/*
 * export.c: the table of formats and the safe way to write one to a file.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../model/i18n.h"
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

/* Units between two calls of the progress callback. */
#define PROGRESS_ITEMS 64
#define PROGRESS_ROWS 256

/* Units of blocks [0, end) of r: each block one, and one per item. */
static uint64_t
export_units(const struct resolution *r, size_t end)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; i < end && i < r->nblocks; i++)
		n += 1 + r->blocks[i].nitems;
	return n;
}

void
export_progress_doc(const struct export_options *o,
    const struct resolution *r, size_t block, size_t item)
{
	if (o->progress == NULL || r == NULL || item % PROGRESS_ITEMS != 0)
		return;
	o->progress(o->progress_ctx, export_units(r, block) +
	    (item > 0 ? 1 + item : 0), export_units(r, r->nblocks));
}

void
export_progress_rows(const struct export_options *o, uint64_t rows)
{
	if (o->progress != NULL && rows % PROGRESS_ROWS == 0)
		o->progress(o->progress_ctx, rows, 0);
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
			*err = st == ST_IO ? xasprintf(_("standard output: %s"),
			    strerror(errno)) : xstrdup(forum_error(f));
		resolution_free(r);
		return st;
	}
	tmp = xasprintf("%s.tmp-XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		*err = xasprintf(_("%s: cannot write: %s"), path, strerror(errno));
		free(tmp);
		resolution_free(r);
		return ST_IO;
	}
	export_set_mode(fd, path);
	if (o->progress != NULL)
		o->progress(o->progress_ctx, 0, r != NULL ?
		    export_units(r, r->nblocks) : 0);
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
		*err = xasprintf(_("%s: nothing was written: %s"), path,
		    forum_error(f));
	else
		*err = xasprintf(_("%s: cannot write: %s"), path,
		    e ? strerror(e) : _("write failed"));
	free(tmp);
	resolution_free(r);
	return st != ST_OK ? st : ST_IO;
}
