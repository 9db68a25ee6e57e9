/*
 * The events pane: the engine's events since berth started, newest first.
 * The events berth's own polls cause (a "top" per poll of the processes
 * tab) are marked as berth's and hidden until show-own (z) shows them.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/arith.h"
#include "api/xalloc.h"
#include "themes/theme.h"
#include "tui/core/console.h"
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

struct events_priv {
	bool show_own; /* berth's own events shown too */
	size_t hidden; /* berth's own, not shown at the last sync */
	char subtitle[96];
};

static void
events_pane_sync(struct pane *p)
{
	struct events_priv *ep = p->priv;
	const struct events *ev = &p->engine->events;
	size_t n = events_count(ev);

	ep->hidden = 0;
	for (size_t i = 0; i < n; i++) {
		const struct docker_event *e = events_get(ev, i);
		const char *name = kvlist_get(&e->attrs, "name");
		char id[32], t[16], rid[48];
		struct tm tm;
		time_t secs = (time_t)e->time;
		bool own = console_event_own(p->app, p->engine, e);

		if (own && !ep->show_own) {
			ep->hidden++;
			continue;
		}
		/* Row ids must be unique: the event's nanosecond time. */
		snprintf(rid, sizeof rid, "%lld/%zu", (long long)e->time_nano,
		    (size_t)ev->gen - i);
		struct pane_row *r = pane_add_row(p, rid);

		/* A time past what the C library can break down: no time. */
		if (localtime_r(&secs, &tm) == NULL ||
		    strftime(t, sizeof t, "%H:%M:%S", &tm) == 0)
			snprintf(t, sizeof t, "?");
		pane_cell(p, r, COL_TIME, t);
		pane_key(p, r, COL_TIME,
		    e->time_nano ? e->time_nano
				 : arith_mul(e->time, 1000000000LL));
		pane_cell(p, r, COL_TYPE, e->type);
		if (own) {
			char act[64];

			snprintf(act, sizeof act, "%s (berth)",
			    e->action ? e->action : "");
			pane_cell(p, r, COL_ACTION, act);
			pane_role(p, r, COL_ACTION, THEME_ROLE_DIM);
		} else
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
	const struct events *ev = &p->engine->events;
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

/* Enter on an event: the pane of its object, with the object selected. */
static void
events_pane_jump(struct pane *p, const struct docker_event *e)
{
	enum kind k = kind_find(e->type);
	char *id, *full;

	if (k == KIND_NONE || console_pane_of_kind(p->app, k) == NULL) {
		console_info(p->app, "no pane for %s objects", e->type);
		return;
	}
	/* The event is borrowed: the jump may bring more events in. */
	id = xstrdup(e->actor_id);
	/* Images are listed by full id ("sha256:..."). */
	full = xasprintf("sha256:%s", id);
	if (!console_show_object(p->app, k, id) &&
	    !console_show_object(p->app, k, full))
		console_info(p->app, "%s %s is gone", kind_get(k)->noun, id);
	free(full);
	free(id);
}

/*
 * The detail actions: an event has a JSON view of its own (inspect); it
 * has no logs, stats, processes or history.
 */
static void
events_pane_detail(struct pane *p, enum action a)
{
	const struct docker_event *e = events_pane_selected(p);

	if (pane_selected_row(p) == NULL)
		console_info(p->app, "nothing selected");
	else if (e == NULL)
		console_info(p->app, "this %s row has no %s view", p->ops->name,
		    action_name(a));
	else if (a != ACTION_INSPECT)
		console_info(
		    p->app, "%s has no %s view", p->ops->name, action_name(a));
	else
		console_open_event(p->app, p->engine, e);
}

static enum action
events_pane_handle(struct pane *p, enum action a)
{
	const struct docker_event *e;

	switch (a) {
	case ACTION_SHOW_OWN: {
		struct events_priv *ep = p->priv;

		ep->show_own = !ep->show_own;
		console_info(p->app,
		    ep->show_own ? "berth's own events shown (marked berth)"
				 : "berth's own events hidden");
		p->dirty = true;
		return ACTION_NONE;
	}
	case ACTION_ENTER:
		e = events_pane_selected(p);
		if (e && e->type && e->actor_id)
			events_pane_jump(p, e);
		return ACTION_NONE;
	case ACTION_INSPECT:
	case ACTION_LOGS:
	case ACTION_STATS:
	case ACTION_PROCESSES:
	case ACTION_HISTORY:
		events_pane_detail(p, a);
		return ACTION_NONE;
	default:
		return a;
	}
}

static const char *
events_pane_subtitle(struct pane *p)
{
	struct events_priv *ep = p->priv;

	if (ep->hidden == 0)
		return NULL;
	snprintf(ep->subtitle, sizeof ep->subtitle,
	    "(%zu of berth's own hidden: z shows)", ep->hidden);
	return ep->subtitle;
}

static const char *
events_pane_empty(struct pane *p)
{
	struct events_priv *ep = p->priv;

	if (ep->hidden)
		return "no events since berth started but berth's own (z "
		       "shows them)";
	return "no events since berth started";
}

const struct pane_ops events_pane_ops = {
    .name = "events",
    .alias = "e",
    .title = "Events",
    .flags = PANE_FILTERABLE,
    .priv_size = sizeof(struct events_priv),
    .cols = events_cols,
    .ncols = COL__COUNT,
    .wants = 0,
    .default_sort = COL_TIME,
    .default_desc = true,
    .sync = events_pane_sync,
    .subtitle = events_pane_subtitle,
    .empty_text = events_pane_empty,
    .handle = events_pane_handle,
    .handle_event = events_pane_event,
};
