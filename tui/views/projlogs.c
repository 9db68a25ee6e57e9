/*
 * A compose project's merged logs: one log stream per container (raw or
 * demultiplexed by its Config.Tty, so each is inspected first), each
 * joined into lines by detail_logjoin as the logs tab does, prefixed with
 * the service and shown in one pager in the order they arrive. Containers
 * of the project that start later are followed from then on.
 */

#include "tui/views/projlogs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/buf.h"
#include "api/calls.h"
#include "api/compose.h"
#include "api/decode.h"
#include "api/stream.h"
#include "api/xalloc.h"
#include "themes/theme.h"
#include "tui/core/store.h"
#include "tui/views/detail_logjoin.h"
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
	struct docker_call *logs_call;
	bool tty;
	bool tty_known;
	bool started; /* a stream was asked for (joiner set up) */
	bool ended;
	bool piece_start;
	bool tail; /* the next stream starts with the last lines */
	struct demux demux;
	struct detail_logjoin join;
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
	int role = s == DEMUX_STDERR   ? THEME_ROLE_STDERR
		   : s == DEMUX_SYSTEM ? THEME_ROLE_ERROR
				       : THEME_ROLE_NORMAL;

	buf_reset(&pl->line);
	buf_printf(&pl->line, "%-*s | ", pl->prefix_w, st->prefix);
	buf_append(&pl->line, line, len);
	pager_append(&pl->pager, buf_cstr(&pl->line), pl->line.len, role);
	pl->dirty = true;
	console_dirty(pl->app);
}

static void
pl_on_piece(enum demux_stream s, const char *data, size_t len, void *arg)
{
	struct pl_stream *st = arg;
	bool start = st->piece_start;

	/* The demux has counted this piece off its frame already. */
	st->piece_start = st->demux.remaining == 0;
	detail_logjoin_feed(&st->join, s, data, len, start);
}

static bool
pl_on_data(const char *data, size_t len, void *arg)
{
	struct pl_stream *st = arg;

	if (!demux_feed(&st->demux, data, len)) {
		pl_on_line(DEMUX_SYSTEM, "berth: the log stream is malformed",
		    strlen("berth: the log stream is malformed"), st);
		return false;
	}
	return true;
}

static void
pl_on_end(const struct docker_reply *r, void *arg)
{
	struct pl_stream *st = arg;

	st->logs_call = NULL;
	detail_logjoin_flush(&st->join);
	st->ended = true;
	if (r->status != DOCKER_OK && r->status != DOCKER_ERR_CANCELLED) {
		const char *m =
		    r->message ? r->message : docker_status_str(r->status);

		pl_on_line(DEMUX_SYSTEM, m, strlen(m), st);
	}
	st->pl->dirty = true;
	console_dirty(st->pl->app);
}

static void
pl_stop(struct pl_stream *st)
{
	if (st->logs_call)
		docker_cancel(st->pl->engine->d, st->logs_call);
	st->logs_call = NULL;
	if (st->started)
		detail_logjoin_done(&st->join);
	st->started = false;
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

	pl_stop(st);
	st->started = true;
	st->ended = false;
	st->tail = false;
	demux_init(&st->demux, st->tty, pl_on_piece, st);
	st->piece_start = true;
	detail_logjoin_init(&st->join, pl->timestamps, st->tty, pl_on_line, st);
	st->logs_call = docker_container_logs(
	    pl->engine->d, st->id, &o, pl_on_data, pl_on_end, st);
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
		pl_stop(st);
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

/* Writes the lines shown, escaped, to berth-project-NAME-DATE.log. */
static void
pl_save(struct projlogs *pl)
{
	char path[256], stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	bool ok = true;
	FILE *f;

	localtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	snprintf(path, sizeof path, "berth-project-%s-%s.log", pl->name, stamp);
	for (char *p = path; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			(*p >= '0' && *p <= '9') || *p == '-' || *p == '.' ||
			*p == '_'))
			*p = '_';
	f = fopen(path, "w");
	if (f == NULL) {
		console_error(pl->app, "save %s: %s", path, strerror(errno));
		return;
	}
	for (size_t i = 0; ok && i < pager_count(&pl->pager); i++) {
		const struct pager_line *l = pager_line(&pl->pager, i);

		ok = text_fwrite(f, l->text, l->len, TEXT_LINES) &&
		     fputc('\n', f) != EOF;
	}
	if (fclose(f) != 0 || !ok)
		console_error(pl->app, "save %s: %s", path, strerror(errno));
	else
		console_ok(pl->app, "saved %zu lines to %s",
		    pager_count(&pl->pager), path);
}

static enum action
pl_pager_handle(struct projlogs *pl, enum action a)
{
	struct pager *pg = &pl->pager;

	switch (a) {
	case ACTION_UP:
		pager_scroll(pg, -1);
		break;
	case ACTION_DOWN:
		pager_scroll(pg, 1);
		break;
	case ACTION_PAGE_UP:
		pager_page(pg, -1);
		break;
	case ACTION_PAGE_DOWN:
		pager_page(pg, 1);
		break;
	case ACTION_TOP:
		pager_home(pg);
		break;
	case ACTION_BOTTOM:
		pager_end(pg);
		break;
	case ACTION_LEFT:
		pager_hscroll(pg, -PROJLOGS_HSCROLL);
		break;
	case ACTION_RIGHT:
		pager_hscroll(pg, PROJLOGS_HSCROLL);
		break;
	case ACTION_WRAP:
		pager_set_wrap(pg, !pg->wrap);
		break;
	case ACTION_SEARCH_NEXT:
	case ACTION_SEARCH_PREV:
		if (pg->pattern == NULL)
			console_info(pl->app, "no search: press / first");
		else if (!pager_search_next(
			     pg, a == ACTION_SEARCH_NEXT ? 1 : -1))
			console_info(pl->app, "no match for %s", pg->pattern);
		break;
	default:
		return a;
	}
	return ACTION_NONE;
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
	case ACTION_SAVE:
		pl_save(pl);
		return ACTION_NONE;
	case ACTION_LOGS:
	case ACTION_NEXT_PANE:
	case ACTION_PREV_PANE:
		/* One tab only: the keys that change tabs do nothing here. */
		return ACTION_NONE;
	default:
		return pl_pager_handle(pl, a);
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
		live += pl->s[i]->started && !pl->s[i]->ended;
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
			if (pl->s[i]->tty_known && pl->s[i]->logs_call == NULL)
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
