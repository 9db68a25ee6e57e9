/*
 * The detail view's logs tab: the followed log stream (logview.c: the
 * demultiplexer and the line joiner), its lines in the tab's pager, and
 * saving what is shown, escaped or raw.
 */

#include "tui/views/detail_priv.h"

#include <assert.h>

#include <stdio.h>
#include <stdlib.h>

#include "api/calls.h"
#include "api/xalloc.h"

static void
detail_on_log_line(enum demux_stream s, const char *line, size_t len, void *arg)
{
	struct detail *dt = arg;

	pager_append(&dt->logs, line, len, logview_role(s));
	dt->dirty = true;
}

/* The engine's error, if any, came as a line already. */
static void
detail_on_logs_end(void *arg, const char *err)
{
	struct detail *dt = arg;

	dt->logs_ended = true;
	if (err) {
		free(dt->logs_err);
		dt->logs_err = xstrdup(err);
	}
	dt->dirty = true;
}

void
detail_logs_init(struct detail *dt)
{
	logview_stream_init(&dt->logs_stream, dt->engine->d, detail_on_log_line,
	    detail_on_logs_end, dt);
}

void
detail_logs_stop(struct detail *dt)
{
	logview_stream_stop(&dt->logs_stream);
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
	logview_stream_start(
	    &dt->logs_stream, docker_container_logs, dt->id, &o, dt->tty);
}

static void
detail_logs_chosen(struct console *a, bool yes, void *arg)
{
	struct detail *dt = arg;

	/* The dialog is modal, but the view is asked again all the same. */
	if (yes && console_view(a) == arg)
		logview_save(a, &dt->logs, dt->name, console_chosen(a) == 1);
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
