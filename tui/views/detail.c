/*
 * Detail views: one object's inspect, logs, stats, processes and history
 * as tabs of a view over the panes. This file is the view (tabs, keys,
 * frame); the tabs are in detail_inspect.c, detail_logs.c, detail_stats.c
 * and detail_procs.c.
 */

#include "tui/views/detail.h"

#include <stdlib.h>
#include <string.h>

#include "api/create.h"
#include "api/xalloc.h"
#include "themes/theme.h"
#include "tui/core/fmt.h"
#include "tui/views/detail_priv.h"
#include "widgets/text.h"

/* The most lines each tab's pager keeps. */
#define DETAIL_INSPECT_LINES 100000
#define DETAIL_LOG_LINES PAGER_LOG_LINES
#define DETAIL_TOP_LINES 5000
#define DETAIL_HISTORY_LINES 1000
/* Seconds between two looks at the processes. */
#define DETAIL_TOP_PERIOD 2
/* Columns a left or right key scrolls. */
#define DETAIL_HSCROLL 8

static const char *const detail_tab_names[TAB__COUNT] = {
    [TAB_LOGS] = "Logs",
    [TAB_INSPECT] = "Inspect",
    [TAB_STATS] = "Stats",
    [TAB_TOP] = "Processes",
    [TAB_HISTORY] = "History",
};

/* The title's word for a kind, where it is not the kind's noun. */
static const char *
detail_title(enum kind k)
{
	switch (k) {
	case KIND_NONE:
		return "";
	case KIND_EXEC:
		return "exec";
	case KIND_ENGINE:
		return "host";
	default:
		return kind_get(k)->noun;
	}
}

/*
 * Starts following the logs; a container's own inspect comes first, as its
 * logs are raw or multiplexed by its Config.Tty (detail_inspected()).
 */
static void
detail_follow_logs(struct detail *dt)
{
	if (dt->tty_known) {
		detail_logs_start(dt);
		return;
	}
	if (dt->inspect_call == NULL && dt->inspect_text == NULL)
		detail_inspect_fetch(dt);
}

/* The inspect answer came (or failed): the logs may start now. */
static void
detail_inspected(struct detail *dt)
{
	if (dt->tab == TAB_LOGS && !dt->logs_started)
		detail_logs_start(dt);
}

static void
detail_show_tab(struct detail *dt, enum tab t)
{
	if (!kind_has_tab(dt->kind, t))
		return;
	dt->tab = t;
	dt->dirty = true;
	if (t != TAB_STATS)
		detail_stats_stop(dt);
	switch (t) {
	case TAB_INSPECT:
		if (dt->inspect_text == NULL && dt->inspect_call == NULL &&
		    dt->inspect_err == NULL)
			detail_inspect_fetch(dt);
		break;
	case TAB_LOGS:
		if (!dt->logs_started)
			detail_follow_logs(dt);
		break;
	case TAB_STATS:
		detail_stats_start(dt);
		break;
	case TAB_TOP:
		detail_top_fetch(dt);
		dt->top_next = detail_now() + DETAIL_TOP_PERIOD;
		break;
	case TAB_HISTORY:
		detail_history_fetch(dt);
		break;
	case TAB__COUNT:
		break;
	}
}

static struct detail *
detail_alloc(struct console *app, struct engine *engine, enum kind kind,
    const char *id, const char *name)
{
	struct detail *dt = xcalloc(1, sizeof *dt);

	dt->app = app;
	dt->engine = engine;
	dt->inspected = detail_inspected;
	dt->kind = kind;
	dt->id = xstrdup(id);
	dt->name = xstrdup(name && *name ? name : id);
	pager_init(&dt->inspect, DETAIL_INSPECT_LINES);
	pager_init(&dt->logs, DETAIL_LOG_LINES);
	pager_init(&dt->top, DETAIL_TOP_LINES);
	pager_init(&dt->history, DETAIL_HISTORY_LINES);
	detail_logs_init(dt);
	detail_stats_init(dt);
	return dt;
}

struct detail *
detail_new(struct console *app, struct engine *engine, enum kind kind,
    const char *id, const char *name, enum tab tab)
{
	struct detail *dt = detail_alloc(app, engine, kind, id, name);

	detail_show_tab(dt, tab);
	return dt;
}

void
detail_open(struct console *app, struct engine *engine, enum kind kind,
    const char *id, const char *name, enum tab tab)
{
	console_push_view(app, &detail_view_ops,
	    detail_new(app, engine, kind, id, name, tab));
}

struct detail *
detail_new_event(
    struct console *app, struct engine *engine, const struct docker_event *e)
{
	const char *who = kvlist_get(&e->attrs, "name");
	char id[16], *name, *json, *cause = NULL;
	struct detail *dt;

	fmt_short_id(id, sizeof id, e->actor_id);
	name = xasprintf("%s %s %s", e->type ? e->type : "?",
	    e->action ? e->action : "?", who ? who : id);
	dt = detail_alloc(
	    app, engine, KIND_EVENT, e->actor_id ? e->actor_id : "", name);
	free(name);
	json = create_event_json(e, &cause);
	if (json) {
		detail_inspect_show(dt, json, strlen(json));
		free(json);
	} else {
		pager_append(&dt->inspect, cause, (size_t)-1, THEME_ROLE_ERROR);
		free(cause);
	}
	dt->tab = TAB_INSPECT;
	return dt;
}

void
detail_open_event(
    struct console *app, struct engine *engine, const struct docker_event *e)
{
	console_push_view(
	    app, &detail_view_ops, detail_new_event(app, engine, e));
}

void
detail_free(struct detail *dt)
{
	if (dt == NULL)
		return;
	if (dt->inspect_call)
		docker_cancel(dt->engine->d, dt->inspect_call);
	detail_logs_stop(dt);
	detail_stats_done(dt);
	if (dt->top_call)
		docker_cancel(dt->engine->d, dt->top_call);
	if (dt->history_call)
		docker_cancel(dt->engine->d, dt->history_call);
	pager_done(&dt->inspect);
	pager_done(&dt->logs);
	pager_done(&dt->top);
	pager_done(&dt->history);
	for (size_t i = 0; i < dt->n_json; i++)
		free(dt->json_lines[i]);
	free(dt->json_lines);
	free(dt->folded);
	free(dt->inspect_text);
	free(dt->inspect_err);
	free(dt->host_info);
	free(dt->logs_err);
	free(dt->id);
	free(dt->name);
	free(dt);
}

static struct pager *
detail_pager(struct detail *dt)
{
	switch (dt->tab) {
	case TAB_LOGS:
		return &dt->logs;
	case TAB_INSPECT:
		return &dt->inspect;
	case TAB_TOP:
		return &dt->top;
	case TAB_HISTORY:
		return &dt->history;
	default:
		return NULL;
	}
}

static void
detail_cycle(struct detail *dt, int dir)
{
	int t = (int)dt->tab;

	for (int i = 0; i < TAB__COUNT; i++) {
		t = (t + dir + TAB__COUNT) % TAB__COUNT;
		if (kind_has_tab(dt->kind, (enum tab)t)) {
			detail_show_tab(dt, (enum tab)t);
			return;
		}
	}
}

/* Moving and searching in the tab's pager. */
static enum action
detail_pager_handle(struct detail *dt, enum action a)
{
	struct pager *pg = detail_pager(dt);

	if (pg == NULL)
		return a;
	return logview_pager_key(dt->app, pg, a, DETAIL_HSCROLL);
}

enum action
detail_handle(struct detail *dt, enum action a)
{
	dt->dirty = true;
	switch (a) {
	case ACTION_NEXT_PANE:
		detail_cycle(dt, 1);
		return ACTION_NONE;
	case ACTION_PREV_PANE:
		detail_cycle(dt, -1);
		return ACTION_NONE;
	case ACTION_LOGS:
		detail_show_tab(dt, TAB_LOGS);
		return ACTION_NONE;
	case ACTION_INSPECT:
		detail_show_tab(dt, TAB_INSPECT);
		return ACTION_NONE;
	case ACTION_STATS:
		detail_show_tab(dt, TAB_STATS);
		return ACTION_NONE;
	case ACTION_PROCESSES:
		detail_show_tab(dt, TAB_TOP);
		return ACTION_NONE;
	case ACTION_HISTORY:
		detail_show_tab(dt, TAB_HISTORY);
		return ACTION_NONE;
	case ACTION_TIMESTAMPS:
		if (dt->tab == TAB_LOGS) {
			dt->timestamps = !dt->timestamps;
			detail_follow_logs(dt);
			console_info(dt->app, "timestamps %s",
			    dt->timestamps ? "on" : "off");
			return ACTION_NONE;
		}
		/* Elsewhere t means what it means in the pane: processes. */
		detail_show_tab(dt, TAB_TOP);
		return ACTION_NONE;
	case ACTION_SAVE:
		if (dt->tab == TAB_LOGS) {
			detail_logs_save(dt);
			return ACTION_NONE;
		}
		return a;
	case ACTION_FOLD:
		if (dt->tab == TAB_INSPECT) {
			detail_fold(dt);
			return ACTION_NONE;
		}
		return a;
	case ACTION_REFRESH:
		if (dt->tab == TAB_LOGS)
			detail_follow_logs(dt);
		else if (dt->tab == TAB_TOP)
			detail_top_fetch(dt);
		return ACTION_NONE;
	default:
		return detail_pager_handle(dt, a);
	}
}

bool
detail_search(struct detail *dt, const char *pattern)
{
	struct pager *pg = detail_pager(dt);

	dt->dirty = true;
	return pg ? pager_search(pg, pattern) : false;
}

void
detail_draw(struct detail *dt, WINDOW *w, int y, int x, int h, int wd)
{
	struct pager *pg = detail_pager(dt);
	int cx = x;
	char *title = xasprintf("%s %s ", detail_title(dt->kind), dt->name);

	wmove(w, y, x);
	wclrtoeol(w);
	cx += text_put(w, y, cx, title, wd, theme_attr(THEME_ROLE_TITLE));
	free(title);
	for (int t = 0; t < TAB__COUNT && cx < x + wd; t++) {
		if (!kind_has_tab(dt->kind, (enum tab)t))
			continue;
		cx +=
		    text_put(w, y, cx + 1, detail_tab_names[t], x + wd - cx - 1,
			theme_attr(t == (int)dt->tab ? THEME_ROLE_TAB_ACTIVE
						     : THEME_ROLE_TAB)) +
		    1;
	}
	if (dt->tab == TAB_LOGS && cx + 4 < x + wd) {
		const char *st = dt->logs_ended    ? "  (ended)"
				 : dt->logs.follow ? "  (following)"
						   : "  (paused: G follows)";

		text_put(w, y, cx, st, x + wd - cx, theme_attr(THEME_ROLE_DIM));
	}
	if (pg)
		pager_draw(pg, w, y + 1, x, h - 1, wd);
	else
		detail_draw_stats(dt, w, y + 2, x + 1, h - 2, wd - 2);
}

void
detail_event(struct detail *dt, const struct docker_event *e)
{
	if (dt->kind != KIND_CONTAINER || e->actor_id == NULL ||
	    strcmp(e->actor_id, dt->id) != 0 || e->action == NULL)
		return;
	/* A restarted container has a new log stream to follow. */
	if (strcmp(e->action, "start") == 0) {
		if (dt->tab == TAB_LOGS && dt->logs_ended)
			detail_follow_logs(dt);
		if (dt->tab == TAB_STATS)
			detail_stats_start(dt);
	}
}

double
detail_tick(struct detail *dt, double now)
{
	double mono = detail_now();

	if (dt->tab != TAB_TOP)
		return 0;
	if (mono >= dt->top_next) {
		detail_top_fetch(dt);
		dt->top_next = mono + DETAIL_TOP_PERIOD;
	}
	return now + (dt->top_next - mono);
}

bool
detail_dirty(struct detail *dt)
{
	bool d = dt->dirty;

	dt->dirty = false;
	return d;
}

enum tab
detail_tab(const struct detail *dt)
{
	return dt->tab;
}

const char *
detail_line(struct detail *dt, size_t i, size_t *len)
{
	struct pager *pg = detail_pager(dt);
	const struct pager_line *l = pg ? pager_line(pg, i) : NULL;

	if (l == NULL)
		return NULL;
	if (len)
		*len = l->len;
	return l->text;
}

/* The view's ops, for the console: the detail behind a void *. */

static enum action
detail_view_handle(void *arg, enum action a)
{
	return detail_handle(arg, a);
}

static bool
detail_view_search(void *arg, const char *pattern)
{
	return detail_search(arg, pattern);
}

static void
detail_view_draw(void *arg, WINDOW *w, int y, int x, int h, int wd)
{
	detail_draw(arg, w, y, x, h, wd);
}

static void
detail_view_event(void *arg, const struct docker_event *e)
{
	detail_event(arg, e);
}

static double
detail_view_tick(void *arg, double now)
{
	return detail_tick(arg, now);
}

static bool
detail_view_dirty(void *arg)
{
	return detail_dirty(arg);
}

static void
detail_view_free(void *arg)
{
	detail_free(arg);
}

const struct console_view_ops detail_view_ops = {
    .handle = detail_view_handle,
    .search = detail_view_search,
    .draw = detail_view_draw,
    .event = detail_view_event,
    .tick = detail_view_tick,
    .dirty = detail_view_dirty,
    .free = detail_view_free,
};
