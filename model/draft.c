/*
 * draft.c: the unsaved text of the interface's editor, in a side file
 * beside the forum (draft.h).
 *
 * The file is a few "key value" lines, an empty line and the text:
 *
 *	agora draft 1
 *	copy 5f0c...          the forum's copy id: a draft of this forum only
 *	boot 8d1e...          who writes it: the boot, host and process, so
 *	host laptop           that a draft another agora is still typing in
 *	pid 4711              is not offered as an unsaved one
 *	time 1517313600000    when, ms since the epoch
 *	track 2               where: the capture screen's track and session,
 *	session 4             and the proposal being edited (0: a new one)
 *	editing 0
 *	length 57             bytes of text after the empty line
 *
 * A writer killed between writing the temporary file and renaming it
 * leaves FILE.draft-USER.tmp-PID; the next draft_load() of that user
 * removes those whose process is gone.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "draft.h"
#include "i18n.h"
#include "text.h"
#include "util.h"

#define DRAFT_MAGIC "agora draft 1\n"
#define DRAFT_MAX_HEADER 4096

/*
 * The user whose draft it is: the same name forum.c gives the undo
 * history ($USER, $LOGNAME, the uid).  Caller frees.
 */
static char *
draft_user(void)
{
	const char *user = getenv("USER");

	if (user == NULL || *user == '\0')
		user = getenv("LOGNAME");
	if (user != NULL && *user != '\0')
		return xstrdup(user);
	return xasprintf("uid %ld", (long)getuid());
}

char *
draft_path(const char *path)
{
	char *user = draft_user();
	const unsigned char *p;
	struct buf b = {0};

	buf_printf(&b, "%s.draft-", path);
	/* The name may hold anything: only a safe set of bytes goes into
	 * the file name as it is, the rest as %XX. */
	for (p = (const unsigned char *)user; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '_' || *p == '-' ||
		    (*p == '.' && p != (const unsigned char *)user))
			buf_addc(&b, (char)*p);
		else
			buf_printf(&b, "%%%02X", *p);
	}
	free(user);
	return buf_steal(&b);
}

/* The directory of path, for fsync after a rename.  Caller frees. */
static char *
draft_dir(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

/* Flushes a directory's entries (a rename or an unlink) to the disk. */
static void
draft_sync_dir(const char *path)
{
	char *dir = draft_dir(path);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
	free(dir);
}

/* The kernel's id of this boot, or "" (not Linux).  Into out. */
static void
draft_boot_id(char out[64])
{
	FILE *in = fopen("/proc/sys/kernel/random/boot_id", "r");
	size_t n;

	out[0] = '\0';
	if (in == NULL)
		return;
	if (fgets(out, 64, in) == NULL)
		out[0] = '\0';
	(void)fclose(in);
	n = strcspn(out, "\n");
	out[n] = '\0';
}

static void
draft_host(char out[256])
{
	size_t i;

	if (gethostname(out, 255) != 0)
		out[0] = '\0';
	out[255] = '\0';
	for (i = 0; out[i] != '\0'; i++)
		if ((unsigned char)out[i] <= ' ' || out[i] == 0x7f)
			out[i] = '_';
}

/*
 * True if process pid of this boot is running and is an agora (its name,
 * where /proc tells it): after a reboot, or once the pid is taken by
 * another program, the writer is gone.
 */
static bool
draft_pid_alive(long pid)
{
	char path[64], comm[32];
	FILE *in;
	bool agora = true;

	if (pid <= 0 || (kill((pid_t)pid, 0) != 0 && errno != EPERM))
		return false;
	snprintf(path, sizeof path, "/proc/%ld/comm", pid);
	if ((in = fopen(path, "r")) != NULL) {
		agora = fgets(comm, sizeof comm, in) != NULL &&
		    strncmp(comm, "agora", 5) == 0;
		(void)fclose(in);
	}
	return agora;
}

/* Maps errno of a failed write to a status. */
static enum status
draft_errno_status(int e)
{
	switch (e) {
	case ENOSPC:
	case EDQUOT:
		return ST_FULL;
	case EFBIG:
		return ST_TOOBIG;
	case EROFS:
	case EACCES:
	case EPERM:
		return ST_READONLY;
	default:
		return ST_IO;
	}
}

/* Writes all of s; false with errno set if it cannot. */
static bool
write_all(int fd, const char *s, size_t len)
{
	ssize_t w;

	while (len > 0) {
		w = write(fd, s, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = EIO;
			return false;
		}
		s += w;
		len -= (size_t)w;
	}
	return true;
}

enum status
draft_save(struct forum *f, const struct draft *d)
{
	char *path = draft_path(forum_path(f)), *tmp;
	char boot[64], host[256];
	struct buf b = {0};
	size_t len = d->text != NULL ? strlen(d->text) : 0;
	enum status st = ST_OK;
	int fd, e;

	if (len > DRAFT_MAX_TEXT) {
		free(path);
		return forum_fail(f, ST_TOOBIG, _("the text is too long to keep "
		    "as a draft: %zu bytes; the limit is %zu bytes (%zu MiB)"),
		    len, DRAFT_MAX_TEXT, DRAFT_MAX_TEXT >> 20);
	}
	draft_boot_id(boot);
	draft_host(host);
	buf_adds(&b, DRAFT_MAGIC);
	buf_printf(&b, "copy %s\nboot %s\nhost %s\npid %ld\ntime %lld\n"
	    "track %lld\nsession %lld\nediting %lld\nlength %zu\n\n",
	    forum_copy_id(f), boot, host, (long)getpid(), (long long)d->time,
	    (long long)d->track_id, (long long)d->session_id,
	    (long long)d->editing_id, len);
	buf_add(&b, d->text != NULL ? d->text : "", len);

	tmp = xasprintf("%s.tmp-%ld", path, (long)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd < 0 && errno == EEXIST) {
		/* Left by a killed process that had this pid. */
		(void)unlink(tmp);
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		    O_CLOEXEC, 0600);
	}
	if (fd < 0) {
		e = errno;
		st = forum_fail(f, draft_errno_status(e), _("%s: cannot keep the "
		    "draft: %s"), tmp, strerror(e));
		goto out;
	}
	if (!write_all(fd, b.data, b.len) || fsync(fd) != 0) {
		e = errno;
		close(fd);
		(void)unlink(tmp);
		st = forum_fail(f, draft_errno_status(e), _("%s: cannot keep the "
		    "draft: %s"), path, strerror(e));
		goto out;
	}
	if (close(fd) != 0 || rename(tmp, path) != 0) {
		e = errno;
		(void)unlink(tmp);
		st = forum_fail(f, draft_errno_status(e), _("%s: cannot keep the "
		    "draft: %s"), path, strerror(e));
		goto out;
	}
	draft_sync_dir(path);
out:
	buf_free(&b);
	free(tmp);
	free(path);
	return st;
}

/*
 * Removes the temporary files path.tmp-PID whose writer is gone: a draft
 * killed before its rename.
 */
static void
draft_sweep(const char *path)
{
	char *dir = draft_dir(path), *prefix, *victim;
	const char *base = strrchr(path, '/');
	struct dirent *e;
	size_t plen;
	DIR *d;

	base = base != NULL ? base + 1 : path;
	prefix = xasprintf("%s.tmp-", base);
	plen = strlen(prefix);
	if ((d = opendir(dir)) != NULL) {
		while ((e = readdir(d)) != NULL) {
			char *end;
			long pid;

			if (strncmp(e->d_name, prefix, plen) != 0)
				continue;
			errno = 0;
			pid = strtol(e->d_name + plen, &end, 10);
			if (errno != 0 || end == e->d_name + plen ||
			    *end != '\0' || (pid != (long)getpid() &&
			    draft_pid_alive(pid)))
				continue;
			victim = xasprintf("%s/%s", dir, e->d_name);
			(void)unlink(victim);
			free(victim);
		}
		closedir(d);
	}
	free(prefix);
	free(dir);
}

/* A whole number from a header value; false if it is not one. */
static bool
draft_number(const char *s, int64_t *out)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < 0)
		return false;
	*out = v;
	return true;
}

/* Reads the whole file at fd (at most max bytes).  Caller frees. */
static char *
draft_read(int fd, size_t max, size_t *len)
{
	struct buf b = {0};
	char chunk[8192];
	ssize_t got;

	for (;;) {
		got = read(fd, chunk, sizeof chunk);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		buf_add(&b, chunk, (size_t)got);
		if (b.len > max)
			break;
	}
	*len = b.len;
	if (got < 0 || b.len > max) {
		buf_free(&b);
		return NULL;
	}
	buf_addc(&b, '\0');
	return buf_steal(&b);
}

/* Parses the file's bytes into out; the reason when it is no draft. */
static const char *
draft_parse(struct forum *f, char *data, size_t len, struct draft *out,
    bool *live)
{
	char boot[64], host[256], *line = data, *nl, *val;
	const char *copy = NULL, *wboot = "", *whost = "";
	int64_t pid = 0, length = -1;
	size_t head;

	*live = false;
	if (len < strlen(DRAFT_MAGIC) ||
	    memcmp(data, DRAFT_MAGIC, strlen(DRAFT_MAGIC)) != 0)
		return _("not an agora draft");
	line += strlen(DRAFT_MAGIC);
	for (;;) {
		if ((size_t)(line - data) >= len ||
		    (nl = memchr(line, '\n', len - (size_t)(line - data))) ==
		    NULL)
			return _("its header is cut short");
		*nl = '\0';
		if (nl == line)
			break;
		if ((val = strchr(line, ' ')) == NULL)
			return _("a header line without a value");
		*val++ = '\0';
		if (strcmp(line, "copy") == 0)
			copy = val;
		else if (strcmp(line, "boot") == 0)
			wboot = val;
		else if (strcmp(line, "host") == 0)
			whost = val;
		else if ((strcmp(line, "pid") == 0 && !draft_number(val, &pid)) ||
		    (strcmp(line, "time") == 0 &&
		    !draft_number(val, &out->time)) ||
		    (strcmp(line, "track") == 0 &&
		    !draft_number(val, &out->track_id)) ||
		    (strcmp(line, "session") == 0 &&
		    !draft_number(val, &out->session_id)) ||
		    (strcmp(line, "editing") == 0 &&
		    !draft_number(val, &out->editing_id)) ||
		    (strcmp(line, "length") == 0 &&
		    !draft_number(val, &length)))
			return _("a header value is not a number");
		line = nl + 1;
	}
	head = (size_t)(nl + 1 - data);
	if (copy == NULL || strcmp(copy, forum_copy_id(f)) != 0)
		return _("it is a draft of another forum file");
	if (length < 0 || (size_t)length != len - head)
		return _("its text is cut short");
	if (memchr(data + head, '\0', (size_t)length) != NULL ||
	    !text_valid(data + head, (size_t)length))
		return _("its text is not valid UTF-8");
	draft_boot_id(boot);
	draft_host(host);
	*live = pid != (int64_t)getpid() && strcmp(wboot, boot) == 0 &&
	    strcmp(whost, host) == 0 && draft_pid_alive((long)pid);
	out->text = xstrndup(data + head, (size_t)length);
	return NULL;
}

enum status
draft_load(struct forum *f, struct draft *out)
{
	char *path = draft_path(forum_path(f)), *data;
	const char *why;
	struct stat sb;
	enum status st = ST_OK;
	size_t len;
	bool live;
	int fd;

	memset(out, 0, sizeof *out);
	draft_sweep(path);
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;

		st = e == ENOENT ? forum_fail(f, ST_NOTFOUND, _("no draft")) :
		    forum_fail(f, e == ELOOP ? ST_CORRUPT : ST_IO,
		    _("%s: cannot read the draft: %s"), path, strerror(e));
		free(path);
		return st;
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    sb.st_uid != geteuid()) {
		close(fd);
		st = forum_fail(f, ST_CORRUPT, _("%s: not a draft of this user"),
		    path);
		free(path);
		return st;
	}
	data = draft_read(fd, DRAFT_MAX_TEXT + DRAFT_MAX_HEADER, &len);
	close(fd);
	if (data == NULL) {
		st = forum_fail(f, ST_CORRUPT, _("%s: cannot read the draft: too "
		    "large or unreadable"), path);
		free(path);
		return st;
	}
	if ((why = draft_parse(f, data, len, out, &live)) != NULL)
		st = forum_fail(f, ST_CORRUPT, "%s: %s", path, why);
	else if (live)
		st = forum_fail(f, ST_BUSY, _("%s: another agora of this user is "
		    "typing in it"), path);
	else if (*out->text == '\0')
		st = forum_fail(f, ST_NOTFOUND, _("no draft"));
	if (st != ST_OK)
		draft_free(out);
	free(data);
	free(path);
	return st;
}

enum status
draft_clear(struct forum *f)
{
	char *path = draft_path(forum_path(f));
	enum status st = ST_OK;

	if (unlink(path) == 0)
		/* A save acknowledged, then a crash: its text must not come
		 * back as a draft as well. */
		draft_sync_dir(path);
	else if (errno != ENOENT) {
		int e = errno;

		st = forum_fail(f, draft_errno_status(e), _("%s: cannot remove "
		    "the draft: %s"), path, strerror(e));
	}
	free(path);
	return st;
}

void
draft_free(struct draft *d)
{
	free(d->text);
	memset(d, 0, sizeof *d);
}

void
draft_clock(int64_t ms, char out[32])
{
	time_t t = (time_t)(ms / 1000), now = (time_t)(clock_now_ms() / 1000);
	struct tm tm, today;

	if (localtime_r(&t, &tm) == NULL || localtime_r(&now, &today) == NULL) {
		snprintf(out, 32, "?");
		return;
	}
	if (tm.tm_year == today.tm_year && tm.tm_yday == today.tm_yday)
		(void)strftime(out, 32, "%H:%M", &tm);
	else
		(void)strftime(out, 32, "%Y-%m-%d %H:%M", &tm);
}
