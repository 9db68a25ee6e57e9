/*
 * The detail view's logs tab: the followed log stream, its pieces joined
 * into lines (detail_logjoin.c), and saving what is shown.
 */

#include "tui/views/detail_priv.h"

#include <assert.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/calls.h"
#include "api/xalloc.h"
#include "themes/theme.h"
#include "widgets/text.h"

static void
detail_on_log_line(enum demux_stream s, const char *line, size_t len, void *arg)
{
	struct detail *dt = arg;
	int role = s == DEMUX_STDERR   ? THEME_ROLE_STDERR
		   : s == DEMUX_SYSTEM ? THEME_ROLE_ERROR
				       : THEME_ROLE_NORMAL;

	pager_append(&dt->logs, line, len, role);
	dt->dirty = true;
}

static void
detail_on_log_piece(
    enum demux_stream s, const char *data, size_t len, void *arg)
{
	struct detail *dt = arg;
	bool start = dt->piece_start;

	/* The demux has counted this piece off its frame already. */
	dt->piece_start = dt->demux.remaining == 0;
	detail_logjoin_feed(&dt->join, s, data, len, start);
}

static bool
detail_on_logs_data(const char *data, size_t len, void *arg)
{
	struct detail *dt = arg;

	if (!demux_feed(&dt->demux, data, len)) {
		pager_append(&dt->logs, "berth: the log stream is malformed",
		    (size_t)-1, THEME_ROLE_ERROR);
		dt->dirty = true;
		return false;
	}
	return true;
}

static void
detail_on_logs_end(const struct docker_reply *r, void *arg)
{
	struct detail *dt = arg;

	dt->logs_call = NULL;
	detail_logjoin_flush(&dt->join);
	dt->logs_ended = true;
	if (r->status != DOCKER_OK && r->status != DOCKER_ERR_CANCELLED) {
		free(dt->logs_err);
		dt->logs_err = xstrdup(
		    r->message ? r->message : docker_status_str(r->status));
		pager_append(
		    &dt->logs, dt->logs_err, (size_t)-1, THEME_ROLE_ERROR);
	}
	dt->dirty = true;
}

void
detail_logs_init(struct detail *dt)
{
	detail_logjoin_init(&dt->join, false, false, detail_on_log_line, dt);
}

void
detail_logs_stop(struct detail *dt)
{
	if (dt->logs_call)
		docker_cancel(dt->engine->d, dt->logs_call);
	dt->logs_call = NULL;
	detail_logjoin_done(&dt->join);
}

void
detail_logs_start(struct detail *dt)
{
	struct docker_logs_opts o = {
	    .follow = true,
	    .out = true,
	    .err = true,
	    .timestamps = dt->timestamps,
	    .tail = true,
	    .tail_lines = console_config(dt->app)->log_tail,
	};

	assert(dt->tty_known);
	detail_logs_stop(dt);
	dt->logs_started = true;
	dt->logs_ended = false;
	pager_clear(&dt->logs);
	demux_init(&dt->demux, dt->tty, detail_on_log_piece, dt);
	dt->piece_start = true;
	detail_logjoin_init(
	    &dt->join, dt->timestamps, dt->tty, detail_on_log_line, dt);
	dt->logs_call = docker_container_logs(dt->engine->d, dt->id, &o,
	    detail_on_logs_data, detail_on_logs_end, dt);
}

/*
 * Writes what the pager holds to berth-NAME-DATE.log (.raw.log when raw).
 * Escaped by default,
 * through the sanitizing writer (THE RULE in widgets/text.h), so that the
 * file is safe to cat; raw only when the user chose raw.
 */
static void
detail_logs_write(struct detail *dt, bool raw)
{
	char path[256], stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	bool ok = true;
	FILE *f;

	localtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	snprintf(path, sizeof path, "berth-%s-%s%s.log", dt->name, stamp,
	    raw ? ".raw" : "");
	/* The name is the engine's: only plain characters in a file name. */
	for (char *p = path; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			(*p >= '0' && *p <= '9') || *p == '-' || *p == '.' ||
			*p == '_'))
			*p = '_';
	f = fopen(path, "w");
	if (f == NULL) {
		console_error(dt->app, "save %s: %s", path, strerror(errno));
		return;
	}
	for (size_t i = 0; ok && i < pager_count(&dt->logs); i++) {
		const struct pager_line *l = pager_line(&dt->logs, i);

		if (raw)
			ok = fwrite(l->text, 1, l->len, f) == l->len;
		else
			ok = text_fwrite(f, l->text, l->len, TEXT_LINES);
		if (ok)
			ok = fputc('\n', f) != EOF;
	}
	if (fclose(f) != 0 || !ok)
		console_error(dt->app, "save %s: %s", path, strerror(errno));
	else
		console_ok(dt->app, "saved %zu lines%s to %s",
		    pager_count(&dt->logs), raw ? " (raw)" : "", path);
}

static void
detail_logs_chosen(struct console *a, bool yes, void *arg)
{
	/* The dialog is modal, but the view is asked again all the same. */
	if (yes && console_view(a) == arg)
		detail_logs_write(arg, console_chosen(a) == 1);
}

void
detail_logs_save(struct detail *dt)
{
	char what[96];
	char *lines[] = {what, NULL};
	char esc[] = "escaped: control characters shown as ^[ (safe to cat)";
	char raw[] = "raw: the bytes as the container wrote them";
	char *opts[] = {esc, raw, NULL};

	snprintf(what, sizeof what,
	    "%zu lines to berth-NAME-DATE.log in the current directory",
	    pager_count(&dt->logs));
	console_choose(
	    dt->app, "Save the log", lines, opts, 0, detail_logs_chosen, dt);
}
