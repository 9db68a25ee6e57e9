/* The audit log of changes attempted on engines, and the names it records. */

#include "tui/core/audit.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "api/buf.h"
#include "api/docker.h"
#include "api/xalloc.h"
#include "tui/core/console.h"
#include "tui/core/kind.h"
#include "tui/core/fmt.h"
#include "tui/core/pane.h"
#include "tui/core/store.h"
#include "widgets/text.h"

char *
audit_path(void)
{
	const char *state = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");

	/* The XDG spec says relative paths are invalid and to be ignored. */
	if (state && state[0] == '/')
		return xasprintf("%s/berth/audit.log", state);
	if (home == NULL || *home == '\0') {
		struct passwd *pw = getpwuid(getuid());

		home = pw ? pw->pw_dir : NULL;
	}
	if (home == NULL || *home == '\0')
		return NULL;
	return xasprintf("%s/.local/state/berth/audit.log", home);
}

/*
 * Creates the directories above path that are missing, each 0700: the log
 * says what was done to which engine, which is nobody else's business.
 */
static bool
audit_mkdirs(const char *path, char **cause)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');

	if (slash == NULL || slash == dir) {
		free(dir);
		return true;
	}
	*slash = '\0';
	for (char *p = dir + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;

		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			*cause = xasprintf(
			    "cannot create %s: %s", dir, strerror(errno));
			free(dir);
			return false;
		}
		*p = c;
		if (c == '\0')
			break;
	}
	free(dir);
	return true;
}

/*
 * Appends s through the sanitizing writer (THE RULE in widgets/text.h) in
 * its byte form: control characters (C0, DEL, C1), bidirectional controls,
 * tabs, newlines and invalid UTF-8 as \xnn, backslashes as \\.
 */
static void
audit_field(struct buf *b, const char *s)
{
	if (s == NULL || *s == '\0') {
		buf_putc(b, '-');
		return;
	}
	text_escape(b, s, TEXT_NUL, TEXT_BYTES);
}

/* The active pane's targets, described for the log (owned). */
static char *
audit_targets(struct console *a)
{
	struct pane *p = console_active_pane(a);
	char **ids = pane_targets(p);
	struct buf b;

	buf_init(&b);
	for (size_t i = 0; ids && ids[i]; i++) {
		char *o =
		    audit_object(pane_selected_engine(p), p->ops->kind, ids[i]);

		if (i > 0)
			buf_puts(&b, ", ");
		buf_puts(&b, o);
		free(o);
	}
	strv_free(ids);
	if (b.len == 0)
		buf_printf(&b, "(%s pane, nothing selected)", p->ops->name);
	return buf_steal(&b);
}

void
audit_log(struct console *a, struct engine *e, const char *action,
    const char *objects, const char *result)
{
	char *path = audit_path(), *cause = NULL, *own = NULL, stamp[32];
	const struct endpoint *ep = docker_endpoint(e->d);
	struct buf line;
	struct tm tm;
	time_t now = time(NULL);
	int fd;
	ssize_t n;

	if (path == NULL) {
		console_error(a, "audit log: no home directory to write it in");
		return;
	}
	if (objects == NULL) {
		/* One line per object, as for the bulk actions themselves. */
		struct pane *p = console_active_pane(a);
		char **ids = pane_targets(p);

		if (ids && ids[0] && ids[1]) {
			for (size_t i = 0; ids[i]; i++) {
				char *o = audit_object(e, p->ops->kind, ids[i]);

				audit_log(a, e, action, o, result);
				free(o);
			}
			strv_free(ids);
			free(path);
			return;
		}
		strv_free(ids);
		objects = own = audit_targets(a);
	}
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
	buf_init(&line);
	buf_puts(&line, stamp);
	buf_putc(&line, '\t');
	/* A named engine (a context, a config file's engine line) by name. */
	if (strcmp(e->name, ep->host_arg) != 0) {
		char *both = xasprintf("%s (%s)", e->name, ep->host_arg);

		audit_field(&line, both);
		free(both);
	} else
		audit_field(&line, ep->host_arg);
	buf_putc(&line, '\t');
	audit_field(&line, action);
	buf_putc(&line, '\t');
	audit_field(&line, objects);
	buf_putc(&line, '\t');
	audit_field(&line, result);
	buf_putc(&line, '\n');
	free(own);

	if (!audit_mkdirs(path, &cause)) {
		console_error(a, "audit log: %s", cause);
		goto out;
	}
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		console_error(
		    a, "audit log: cannot open %s: %s", path, strerror(errno));
		goto out;
	}
	/* One write with O_APPEND: lines of several berths never mix. */
	n = write(fd, line.data, line.len);
	if (n < 0 || (size_t)n != line.len)
		console_error(a, "audit log: cannot write %s: %s", path,
		    n < 0 ? strerror(errno) : "short write");
	close(fd);
out:
	free(cause);
	free(path);
	buf_done(&line);
}

/* "name (id)" with the id full or short; a volume is its name alone. */
static char *
audit_describe(struct engine *e, enum kind k, const char *id, bool full)
{
	const char *name = store_name_of(&e->store, k, id);
	char sid[16];
	const char *shown = id;

	if (!full) {
		fmt_short_id(sid, sizeof sid, id);
		shown = sid;
	}

	if (name && strcmp(name, id) == 0)
		return xstrdup(name);
	if (name)
		return xasprintf("%s (%s)", name, shown);
	return xstrdup(shown ? shown : "");
}

char *
audit_object(struct engine *e, enum kind k, const char *id)
{
	return audit_describe(e, k, id, true);
}

char *
audit_label(struct engine *e, enum kind k, const char *id)
{
	return audit_describe(e, k, id, false);
}
