/*
 * A compose project's merged logs: one log stream per container (raw or
 * demultiplexed by its Config.Tty, so each is inspected first), each
 * joined into lines by detail_logjoin as the logs tab does, prefixed with
 * the service and shown in one pager in the order they arrive. Containers
 * of the project that start later are followed from then on.
 */

#include "tui/views/projlogs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/buf.h"
#include "api/calls.h"
#include "api/compose.h"
#include "api/decode.h"
#include "api/stream.h"
#include "api/xalloc.h"
#include "themes/theme.h"
#include "tui/core/store.h"
#include "tui/views/logview.h"
#include "widgets/pager.h"
#include "widgets/text.h"

#define PROJLOGS_LINES 20000
#define PROJLOGS_HSCROLL 8

struct projlogs;

/* One container's stream. */
struct pl_stream {
	struct projlogs *pl;
	char *id;
	char *prefix; /* "web-1" */
	struct docker_call *inspect_call;
	bool tty;
	bool tty_known;
	bool tail; /* the next stream starts with the last lines */
	struct logview_stream ls;
};

struct projlogs {
	struct console *app;
	struct engine *engine;
	char *name;
	struct pl_stream **s;
	size_t n;
	int prefix_w; /* the widest prefix, for alignment */
	struct pager pager;
	bool timestamps;
	bool dirty;
	struct buf line; /* scratch for prefixed lines */
};

char *
projlogs_prefix(const char *service, const char *number, const char *name)
{
	if (service && *service && number && *number)
		return xasprintf("%s-%s", service, number);
	if (service && *service)
		return xstrdup(service);
	return xstrdup(name ? name : "?");
}

static void
pl_on_line(enum demux_stream s, const char *line, size_t len, void *arg)
{
	struct pl_stream *st = arg;
	struct projlogs *pl = st->pl;

	buf_reset(&pl->line);
	buf_printf(&pl->line, "%-*s | ", pl->prefix_w, st->prefix);
	buf_append(&pl->line, line, len);
	pager_append(
	    &pl->pager, buf_cstr(&pl->line), pl->line.len, logview_role(s));
	pl->dirty = true;
	console_dirty(pl->app);
}

static void
pl_on_end(void *arg, const char *err)
{
	struct pl_stream *st = arg;

	st->pl->dirty = true;
	console_dirty(st->pl->app);
}

/* (Re)starts the stream: with the last lines, or only what comes next. */
static void
pl_follow(struct pl_stream *st)
{
	struct projlogs *pl = st->pl;
	struct docker_logs_opts o = {
	    .follow = true,
	    .out = true,
	    .err = true,
	    .timestamps = pl->timestamps,
	    .tail = true,
	    .tail_lines = st->tail ? console_config(pl->app)->log_tail : 0,
	};

	st->tail = false;
	logview_stream_start(
	    &st->ls, docker_container_logs, st->id, &o, st->tty);
}

static void
pl_on_inspect(const struct docker_reply *r, void *arg)
{
	struct pl_stream *st = arg;
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
	pl_follow(st);
}

static struct pl_stream *
pl_add(struct projlogs *pl, const char *id, const char *prefix, bool tail)
{
	struct pl_stream *st = xcalloc(1, sizeof *st);
	int w = text_width(prefix);

	st->pl = pl;
	st->id = xstrdup(id);
	st->prefix = xstrdup(prefix);
	st->tail = tail;
	logview_stream_init(&st->ls, pl->engine->d, pl_on_line, pl_on_end, st);
	pl->s = xreallocarray(pl->s, pl->n + 1, sizeof *pl->s);
	pl->s[pl->n++] = st;
	if (w > pl->prefix_w)
		pl->prefix_w = w;
	st->inspect_call =
	    docker_container_inspect(pl->engine->d, id, pl_on_inspect, st);
	return st;
}

struct projlogs *
projlogs_new(struct console *app, struct engine *e, const char *name)
{
	struct projlogs *pl = xcalloc(1, sizeof *pl);
	const struct store *s = &e->store;
	struct compose_list *l =
	    compose_projects(store_containers(s), NULL, NULL);
	const struct compose_project *pj = compose_find(l, name);

	pl->app = app;
	pl->engine = e;
	pl->name = xstrdup(name);
	buf_init(&pl->line);
	pager_init(&pl->pager, PROJLOGS_LINES);
	for (size_t i = 0; pj && i < pj->n_members; i++) {
		const struct compose_member *m = &pj->members[i];
		char *prefix = projlogs_prefix(
		    m->oneoff ? NULL : m->service, m->number, m->name);

		pl_add(pl, m->id, prefix, true);
		free(prefix);
	}
	if (pl->n == 0)
		pager_append(&pl->pager,
		    "no containers in this project (yet): the logs of those "
		    "that start are shown as they come",
		    (size_t)-1, THEME_ROLE_DIM);
	compose_list_free(l);
	return pl;
}

void
projlogs_open(struct console *app, struct engine *e, const char *name)
{
	console_push_view(app, &projlogs_view_ops, projlogs_new(app, e, name));
}

void
projlogs_free(struct projlogs *pl)
{
	if (pl == NULL)
		return;
	for (size_t i = 0; i < pl->n; i++) {
		struct pl_stream *st = pl->s[i];

		if (st->inspect_call)
			docker_cancel(pl->engine->d, st->inspect_call);
		logview_stream_stop(&st->ls);
		free(st->id);
		free(st->prefix);
		free(st);
	}
	free(pl->s);
	pager_done(&pl->pager);
	buf_done(&pl->line);
	free(pl->name);
	free(pl);
}

const char *
projlogs_line(struct projlogs *pl, size_t i)
{
	const struct pager_line *l = pager_line(&pl->pager, i);

	return l ? l->text : NULL;
}

/* Every stream again from its last lines (timestamps changed, Ctrl-r). */
static void
pl_restart_all(struct projlogs *pl)
{
	pager_clear(&pl->pager);
	for (size_t i = 0; i < pl->n; i++) {
		pl->s[i]->tail = true;
		if (pl->s[i]->tty_known)
			pl_follow(pl->s[i]);
	}
}

static enum action
pl_handle(void *arg, enum action a)
{
	struct projlogs *pl = arg;

	pl->dirty = true;
	switch (a) {
	case ACTION_TIMESTAMPS:
		pl->timestamps = !pl->timestamps;
		pl_restart_all(pl);
		console_info(
		    pl->app, "timestamps %s", pl->timestamps ? "on" : "off");
		return ACTION_NONE;
	case ACTION_REFRESH:
		pl_restart_all(pl);
		return ACTION_NONE;
	case ACTION_SAVE: {
		/* The lines shown, escaped, to berth-project-NAME-DATE.log. */
		char *stem = xasprintf("project-%s", pl->name);

		logview_save(pl->app, &pl->pager, stem, false);
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
		    pl->app, &pl->pager, a, PROJLOGS_HSCROLL);
	}
}

static bool
pl_search(void *arg, const char *pattern)
{
	struct projlogs *pl = arg;

	pl->dirty = true;
	return pager_search(&pl->pager, pattern);
}

static void
pl_draw(void *arg, WINDOW *w, int y, int x, int h, int wd)
{
	struct projlogs *pl = arg;
	size_t live = 0;
	char *title = xasprintf("project %s ", pl->name), info[96];
	int cx = x;

	for (size_t i = 0; i < pl->n; i++)
		live += pl->s[i]->ls.started && !pl->s[i]->ls.ended;
	wmove(w, y, x);
	wclrtoeol(w);
	cx += text_put(w, y, cx, title, wd, theme_attr(THEME_ROLE_TITLE));
	free(title);
	cx += text_put(w, y, cx + 1, "Logs", x + wd - cx - 1,
		  theme_attr(THEME_ROLE_TAB_ACTIVE)) +
	      1;
	snprintf(info, sizeof info, "  %zu container%s, %zu followed%s", pl->n,
	    pl->n == 1 ? "" : "s", live,
	    pl->pager.follow ? "" : "  (paused: G follows)");
	if (cx < x + wd)
		text_put(
		    w, y, cx, info, x + wd - cx, theme_attr(THEME_ROLE_DIM));
	pager_draw(&pl->pager, w, y + 1, x, h - 1, wd);
}

/* A container of the project started: follow it (again) from now on. */
static void
pl_event(void *arg, const struct docker_event *e)
{
	struct projlogs *pl = arg;
	const char *proj;
	char *prefix;

	if (e->type == NULL || strcmp(e->type, "container") != 0 ||
	    e->action == NULL || strcmp(e->action, "start") != 0 ||
	    e->actor_id == NULL)
		return;
	for (size_t i = 0; i < pl->n; i++)
		if (strcmp(pl->s[i]->id, e->actor_id) == 0) {
			if (pl->s[i]->tty_known && pl->s[i]->ls.call == NULL)
				pl_follow(pl->s[i]);
			return;
		}
	proj = kvlist_get(&e->attrs, COMPOSE_PROJECT);
	if (proj == NULL || strcmp(proj, pl->name) != 0)
		return;
	prefix = projlogs_prefix(kvlist_get(&e->attrs, COMPOSE_SERVICE),
	    kvlist_get(&e->attrs, COMPOSE_NUMBER),
	    kvlist_get(&e->attrs, "name"));
	pl_add(pl, e->actor_id, prefix, false);
	free(prefix);
}

static bool
pl_dirty(void *arg)
{
	struct projlogs *pl = arg;
	bool d = pl->dirty;

	pl->dirty = false;
	return d;
}

static void
pl_free(void *arg)
{
	projlogs_free(arg);
}

const struct console_view_ops projlogs_view_ops = {
    .handle = pl_handle,
    .search = pl_search,
    .draw = pl_draw,
    .event = pl_event,
    .dirty = pl_dirty,
    .free = pl_free,
};
