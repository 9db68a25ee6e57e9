/*
 * Merged followed logs: streams (logview_stream: demultiplexed unless a
 * TTY's, joined into lines) followed into one pager in the order their
 * lines arrive, each line prefixed by its source; the keys, the title
 * and saving are the same for a service's tasks and a project's
 * containers.
 */

#include "tui/views/mergedlogs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/calls.h"
#include "api/decode.h"
#include "api/xalloc.h"
#include "themes/theme.h"
#include "widgets/text.h"

#define MERGEDLOGS_LINES PAGER_LOG_LINES
#define MERGEDLOGS_HSCROLL 8

static void
ml_on_line(enum demux_stream s, const char *line, size_t len, void *arg)
{
	struct mergedlogs_stream *st = arg;
	struct mergedlogs *ml = st->ml;

	buf_reset(&ml->line);
	if (ml->src->line) {
		ml->src->line(st, s, line, len, &ml->line);
	} else {
		buf_printf(&ml->line, "%-*s | ", ml->prefix_w,
		    st->prefix ? st->prefix : "");
		buf_append(&ml->line, line, len);
	}
	pager_append(
	    &ml->pager, buf_cstr(&ml->line), ml->line.len, logview_role(s));
	ml->dirty = true;
	console_dirty(ml->app);
}

static void
ml_on_end(void *arg, const char *err)
{
	struct mergedlogs_stream *st = arg;

	(void)err;
	st->ml->dirty = true;
	console_dirty(st->ml->app);
}

/* (Re)starts the stream: with the last lines, or only what comes next. */
static void
ml_follow(struct mergedlogs_stream *st)
{
	struct mergedlogs *ml = st->ml;
	struct docker_logs_opts o = {
	    .follow = true,
	    .out = true,
	    .err = true,
	    .timestamps = ml->timestamps,
	    .tail = true,
	    .tail_lines = st->tail ? console_config(ml->app)->log_tail : 0,
	};

	st->tail = false;
	logview_stream_start(&st->ls, ml->src->call, st->id, &o, st->tty);
}

static void
ml_on_inspect(const struct docker_reply *r, void *arg)
{
	struct mergedlogs_stream *st = arg;
	struct docker_container_detail *d = NULL;
	char *cause = NULL;

	st->inspect_call = NULL;
	if (r->status == DOCKER_OK &&
	    (d = decode_container_detail(r->body, r->len, &cause)) != NULL)
		st->tty = d->tty;
	docker_container_detail_free(d);
	free(cause);
	/* Unknown: multiplexed, which is what most containers send. */
	st->tty_known = true;
	ml_follow(st);
}

void
mergedlogs_init(struct mergedlogs *ml, const struct mergedlogs_source *src,
    struct console *app, struct engine *e, const char *name)
{
	ml->src = src;
	ml->app = app;
	ml->engine = e;
	ml->name = xstrdup(name);
	buf_init(&ml->line);
	pager_init(&ml->pager, MERGEDLOGS_LINES);
}

void
mergedlogs_done(struct mergedlogs *ml)
{
	for (size_t i = 0; i < ml->n; i++) {
		struct mergedlogs_stream *st = ml->s[i];

		if (st->inspect_call)
			docker_cancel(ml->engine->d, st->inspect_call);
		logview_stream_stop(&st->ls);
		free(st->id);
		free(st->prefix);
		free(st);
	}
	free(ml->s);
	pager_done(&ml->pager);
	buf_done(&ml->line);
	free(ml->name);
}

struct mergedlogs_stream *
mergedlogs_add(struct mergedlogs *ml, const char *id, const char *prefix,
    bool tail, const bool *tty)
{
	struct mergedlogs_stream *st = xcalloc(1, sizeof *st);

	st->ml = ml;
	st->id = xstrdup(id);
	st->prefix = prefix ? xstrdup(prefix) : NULL;
	st->tail = tail;
	logview_stream_init(&st->ls, ml->engine->d, ml_on_line, ml_on_end, st);
	ml->s = xreallocarray(ml->s, ml->n + 1, sizeof *ml->s);
	ml->s[ml->n++] = st;
	if (prefix && text_width(prefix) > ml->prefix_w)
		ml->prefix_w = text_width(prefix);
	if (tty) {
		st->tty = *tty;
		st->tty_known = true;
		ml_follow(st);
	} else {
		st->inspect_call = docker_container_inspect(
		    ml->engine->d, id, ml_on_inspect, st);
	}
	return st;
}

struct mergedlogs_stream *
mergedlogs_find(struct mergedlogs *ml, const char *id)
{
	for (size_t i = 0; i < ml->n; i++)
		if (strcmp(ml->s[i]->id, id) == 0)
			return ml->s[i];
	return NULL;
}

void
mergedlogs_resume(struct mergedlogs_stream *st)
{
	if (st->tty_known && st->ls.call == NULL)
		ml_follow(st);
}

const char *
mergedlogs_line(const struct mergedlogs *ml, size_t i)
{
	const struct pager_line *l = pager_line(&ml->pager, i);

	return l ? l->text : NULL;
}

/* Every stream again from its last lines (timestamps changed, Ctrl-r). */
static void
ml_restart_all(struct mergedlogs *ml)
{
	pager_clear(&ml->pager);
	for (size_t i = 0; i < ml->n; i++) {
		ml->s[i]->tail = true;
		if (ml->s[i]->tty_known)
			ml_follow(ml->s[i]);
	}
}

static enum action
ml_handle(void *arg, enum action a)
{
	struct mergedlogs *ml = arg;

	ml->dirty = true;
	switch (a) {
	case ACTION_TIMESTAMPS:
		ml->timestamps = !ml->timestamps;
		ml_restart_all(ml);
		console_info(
		    ml->app, "timestamps %s", ml->timestamps ? "on" : "off");
		return ACTION_NONE;
	case ACTION_REFRESH:
		ml_restart_all(ml);
		return ACTION_NONE;
	case ACTION_SAVE: {
		/* The lines shown, escaped, to berth-SAVE-NAME-DATE.log. */
		char *stem;

		if (ml->src->save == NULL)
			return a;
		stem = xasprintf("%s-%s", ml->src->save, ml->name);
		logview_save(ml->app, &ml->pager, stem, false);
		free(stem);
		return ACTION_NONE;
	}
	case ACTION_LOGS:
	case ACTION_NEXT_PANE:
	case ACTION_PREV_PANE:
		/* One tab only: the keys that change tabs do nothing here. */
		return ACTION_NONE;
	default:
		return logview_pager_key(
		    ml->app, &ml->pager, a, MERGEDLOGS_HSCROLL);
	}
}

static bool
ml_search(void *arg, const char *pattern)
{
	struct mergedlogs *ml = arg;

	ml->dirty = true;
	return pager_search(&ml->pager, pattern);
}

static void
ml_draw(void *arg, WINDOW *w, int y, int x, int h, int wd)
{
	struct mergedlogs *ml = arg;
	size_t live = 0;
	char *title = xasprintf("%s %s ", ml->src->noun, ml->name), info[96];
	int cx = x;

	for (size_t i = 0; i < ml->n; i++)
		live += ml->s[i]->ls.started && !ml->s[i]->ls.ended;
	wmove(w, y, x);
	wclrtoeol(w);
	cx += text_put(w, y, cx, title, wd, theme_attr(THEME_ROLE_TITLE));
	free(title);
	cx += text_put(w, y, cx + 1, "Logs", x + wd - cx - 1,
		  theme_attr(THEME_ROLE_TAB_ACTIVE)) +
	      1;
	ml->src->info(ml, live, info, sizeof info);
	if (cx < x + wd)
		text_put(
		    w, y, cx, info, x + wd - cx, theme_attr(THEME_ROLE_DIM));
	pager_draw(&ml->pager, w, y + 1, x, h - 1, wd);
}

static void
ml_event(void *arg, const struct docker_event *e)
{
	struct mergedlogs *ml = arg;

	if (ml->src->event)
		ml->src->event(ml, e);
}

static bool
ml_dirty(void *arg)
{
	struct mergedlogs *ml = arg;
	bool d = ml->dirty;

	ml->dirty = false;
	return d;
}

static void
ml_free(void *arg)
{
	mergedlogs_done(arg);
	free(arg);
}

const struct console_view_ops mergedlogs_view_ops = {
    .handle = ml_handle,
    .search = ml_search,
    .draw = ml_draw,
    .event = ml_event,
    .dirty = ml_dirty,
    .free = ml_free,
};
