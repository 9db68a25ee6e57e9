/* The events pane: the engine's events since berth started, newest first. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/xalloc.h"
#include "themes/theme.h"
#include "tui/core/app.h"
#include "tui/core/fmt.h"
#include "tui/panes/panes.h"

enum { COL_TIME, COL_TYPE, COL_ACTION, COL_OBJECT, COL_ID, COL__COUNT };

static const struct table_col events_cols[COL__COUNT] = {
    [COL_TIME] = {"TIME", 8, 8, 0, false},
    [COL_TYPE] = {"TYPE", 5, 9, 1, false},
    [COL_ACTION] = {"ACTION", 6, 24, 0, false},
    [COL_OBJECT] = {"OBJECT", 8, 0, 0, false},
    [COL_ID] = {"ID", 12, 12, 2, false},
};

static void
events_pane_sync(struct pane *p)
{
	const struct events *ev = app_events(p->app);
	size_t n = events_count(ev);

	for (size_t i = 0; i < n; i++) {
		const struct docker_event *e = events_get(ev, i);
		const char *name = kvlist_get(&e->attrs, "name");
		char id[32], t[16], rid[48];
		struct tm tm;
		time_t secs = (time_t)e->time;

		/* Row ids must be unique: the event's nanosecond time. */
		snprintf(rid, sizeof rid, "%lld/%zu", (long long)e->time_nano,
		    (size_t)ev->gen - i);
		struct pane_row *r = pane_add_row(p, rid);

		localtime_r(&secs, &tm);
		strftime(t, sizeof t, "%H:%M:%S", &tm);
		pane_cell(p, r, COL_TIME, t);
		pane_key(p, r, COL_TIME,
		    e->time_nano ? e->time_nano : e->time * 1000000000LL);
		pane_cell(p, r, COL_TYPE, e->type);
		pane_cell(p, r, COL_ACTION, e->action);
		if (e->action &&
		    (!strcmp(e->action, "die") || !strcmp(e->action, "oom") ||
			!strcmp(e->action, "kill") ||
			!strncmp(e->action, "health_status: unhealthy", 24)))
			pane_role(p, r, COL_ACTION, THEME_ROLE_WARN);
		pane_cell(p, r, COL_OBJECT, name ? name : e->actor_id);
		fmt_short_id(id, sizeof id, e->actor_id);
		pane_cell(p, r, COL_ID,
		    e->type && !strcmp(e->type, "volume") ? "" : id);
	}
}

static void
events_pane_event(struct pane *p, const struct docker_event *e)
{
	(void)e;
	p->dirty = true;
}

static const struct docker_event *
events_pane_selected(struct pane *p)
{
	const struct events *ev = app_events(p->app);
	const char *id = pane_selected_id(p);
	const char *slash;
	size_t n = events_count(ev), k;

	if (id == NULL || (slash = strchr(id, '/')) == NULL)
		return NULL;
	/* The row id holds the event's sequence number: gen - index. */
	k = (size_t)strtoull(slash + 1, NULL, 10);
	if (k > ev->gen || ev->gen - k >= n)
		return NULL;
	return events_get(ev, ev->gen - k);
}

static enum action
events_pane_handle(struct pane *p, enum action a)
{
	const struct docker_event *e;
	const char *pane = NULL;
	char *id;
	struct pane *target;

	if (a != ACTION_ENTER)
		return a;
	e = events_pane_selected(p);
	if (e == NULL || e->type == NULL || e->actor_id == NULL)
		return ACTION_NONE;
	if (!strcmp(e->type, "container"))
		pane = "containers";
	else if (!strcmp(e->type, "image"))
		pane = "images";
	else if (!strcmp(e->type, "volume"))
		pane = "volumes";
	else if (!strcmp(e->type, "network"))
		pane = "networks";
	if (pane == NULL) {
		app_info(p->app, "no pane for %s objects", e->type);
		return ACTION_NONE;
	}
	id = xstrdup(e->actor_id);
	app_show_pane(p->app, pane);
	target = app_active_pane(p->app);
	if (!pane_select_id(target, id)) {
		/* Images are listed by full id ("sha256:..."). */
		char *full = xasprintf("sha256:%s", id);

		if (!pane_select_id(target, full))
			app_info(p->app, "%s %s is gone", e->type, id);
		free(full);
	}
	free(id);
	return ACTION_NONE;
}

static const char *
events_pane_empty(struct pane *p)
{
	(void)p;
	return "no events since berth started";
}

const struct pane_ops events_pane_ops = {
    .name = "events",
    .alias = "e",
    .title = "Events",
    .flags = PANE_FILTERABLE,
    .cols = events_cols,
    .ncols = COL__COUNT,
    .wants = 0,
    .default_sort = COL_TIME,
    .default_desc = true,
    .sync = events_pane_sync,
    .empty_text = events_pane_empty,
    .handle = events_pane_handle,
    .handle_event = events_pane_event,
};
