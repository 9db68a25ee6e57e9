/*
 * The doctor pane: what looks wrong on the engine, most severe first, with
 * the key that helps. Inputs are gathered asynchronously when the pane is
 * shown and again after changes.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/xalloc.h"
#include "themes/theme.h"
#include "tui/actions/actions.h"
#include "tui/core/app.h"
#include "tui/actions/bundle.h"
#include "tui/views/detail.h"
#include "tui/core/doctor.h"
#include "tui/panes/panes.h"

/* Changes seen (events, Ctrl-r) gather again, at most this often. */
#define DOCTOR_PANE_MIN_S 5.0
/* And without changes, this often (health checks, ports, clocks). */
#define DOCTOR_PANE_EVERY_S 60.0

enum { COL_SEV, COL_FINDING, COL_OBJECTS, COL_HINT, COL__COUNT };

static const struct table_col doctor_cols[COL__COUNT] = {
    [COL_SEV] = {"SEV", 4, 4, 0, false},
    [COL_FINDING] = {"FINDING", 20, 0, 0, false},
    [COL_OBJECTS] = {"OBJECTS", 8, 30, 1, false},
    [COL_HINT] = {"KEYS", 6, 30, 2, false},
};

struct doctor_priv {
	struct doctor_gather *g; /* in flight */
	struct doctor_gather *spent; /* finished; freed on the next tick */
	struct doctor_finding *f;
	size_t n;
	char **ids; /* row id of each finding */
	char *error;
	bool have; /* findings from a finished gather */
	double finished;
	unsigned seen_gen;
	char sub[512];
};

static void
doctor_pane_clear(struct doctor_priv *dp)
{
	doctor_findings_free(dp->f, dp->n);
	strv_free(dp->ids);
	dp->f = NULL;
	dp->ids = NULL;
	dp->n = 0;
}

static void
doctor_pane_done(struct doctor_gather *g, void *arg)
{
	struct pane *p = arg;
	struct doctor_priv *dp = p->priv;
	const struct events *ev = app_events(p->app);
	struct doctor_input in = *doctor_gather_input(g);
	const struct docker_event **ring, **all;
	size_t ne = events_count(ev);

	/* The engine's events and berth's own memory of them, once each. */
	ring = xcalloc(ne + 1, sizeof *ring);
	for (size_t i = 0; i < ne; i++)
		ring[i] = events_get(ev, i);
	all =
	    doctor_events_merge(in.events, in.n_events, ring, ne, &in.n_events);
	in.events = all;
	doctor_pane_clear(dp);
	doctor_run(&in, &dp->f, &dp->n);
	free(ring);
	free(all);
	dp->ids = xcalloc(dp->n + 1, sizeof *dp->ids);
	for (size_t i = 0; i < dp->n; i++) {
		size_t seq = 0;

		/* Stable across gathers: rule, object and rank among equals. */
		for (size_t k = 0; k < i; k++)
			if (dp->f[k].rule == dp->f[i].rule &&
			    strcmp(dp->f[k].objects, dp->f[i].objects) == 0)
				seq++;
		dp->ids[i] = xasprintf("%s/%s/%zu",
		    doctor_rule_name(dp->f[i].rule),
		    dp->f[i].object_id ? dp->f[i].object_id : dp->f[i].objects,
		    seq);
	}
	free(dp->error);
	dp->error = xstrdup_or_null(doctor_gather_error(g));
	if (dp->error && doctor_gather_list(g) == NULL)
		app_error(p->app, "doctor: %s", dp->error);
	dp->have = true;
	dp->finished = store_now();
	dp->spent = g;
	dp->g = NULL;
	p->dirty = true;
	app_dirty(p->app);
}

static unsigned
doctor_pane_gen(struct pane *p)
{
	return app_store(p->app)->gen[STORE_CONTAINERS];
}

static void
doctor_pane_start(struct pane *p)
{
	struct doctor_priv *dp = p->priv;
	struct doctor_gather_opts o = {0};

	if (dp->g)
		return;
	o.local = app_engine_local(p->app);
	o.probe_timeout = 1.0;
	dp->seen_gen = doctor_pane_gen(p);
	dp->g = doctor_gather_new(app_docker(p->app), &o, doctor_pane_done, p);
	p->dirty = true;
}

static void
doctor_pane_visible(struct pane *p, bool on)
{
	struct doctor_priv *dp = p->priv;

	if (on &&
	    (!dp->have || store_now() - dp->finished >= DOCTOR_PANE_MIN_S))
		doctor_pane_start(p);
}

static double
doctor_pane_tick(struct pane *p, double now)
{
	struct doctor_priv *dp = p->priv;
	double due;

	if (dp->spent) {
		doctor_gather_free(dp->spent);
		dp->spent = NULL;
	}
	/* A gather started while shown finishes its probes even if hidden. */
	if (dp->g)
		return doctor_gather_tick(dp->g, now);
	if (!p->visible)
		return 0;
	if (!dp->have || now >= dp->finished + DOCTOR_PANE_EVERY_S ||
	    (dp->seen_gen != doctor_pane_gen(p) &&
		now >= dp->finished + DOCTOR_PANE_MIN_S)) {
		doctor_pane_start(p);
		return dp->g ? doctor_gather_tick(dp->g, now) : 0;
	}
	due = dp->finished + DOCTOR_PANE_EVERY_S;
	if (dp->seen_gen != doctor_pane_gen(p))
		due = dp->finished + DOCTOR_PANE_MIN_S;
	return due;
}

static int
doctor_pane_role(enum doctor_severity s)
{
	switch (s) {
	case DOCTOR_CRIT:
		return THEME_ROLE_ERROR;
	case DOCTOR_WARN:
		return THEME_ROLE_WARN;
	case DOCTOR_INFO:
		break;
	}
	return THEME_ROLE_DIM;
}

static void
doctor_pane_sync(struct pane *p)
{
	struct doctor_priv *dp = p->priv;

	for (size_t i = 0; i < dp->n; i++) {
		const struct doctor_finding *f = &dp->f[i];
		struct pane_row *r = pane_add_row(p, dp->ids[i]);

		pane_cell(p, r, COL_SEV, doctor_severity_name(f->severity));
		pane_role(p, r, COL_SEV, doctor_pane_role(f->severity));
		/* Equal severities keep the doctor's ranking. */
		pane_key(
		    p, r, COL_SEV, (int64_t)f->severity * 100000 - (int64_t)i);
		pane_cell(p, r, COL_FINDING, f->title);
		pane_cell(p, r, COL_OBJECTS, f->objects);
		pane_cell(p, r, COL_HINT, f->hint);
	}
}

static const struct doctor_finding *
doctor_pane_selected(struct pane *p)
{
	struct doctor_priv *dp = p->priv;
	const char *id = pane_selected_id(p);

	for (size_t i = 0; id && i < dp->n; i++)
		if (strcmp(dp->ids[i], id) == 0)
			return &dp->f[i];
	return NULL;
}

static const char *
doctor_pane_subtitle(struct pane *p)
{
	struct doctor_priv *dp = p->priv;
	const struct doctor_finding *f = doctor_pane_selected(p);
	size_t c[3];
	char when[16] = "";
	time_t t = (time_t)dp->finished;
	struct tm tm;

	if (!dp->have)
		return "gathering…";
	doctor_count(dp->f, dp->n, c);
	if (localtime_r(&t, &tm))
		strftime(when, sizeof when, "%H:%M:%S", &tm);
	snprintf(dp->sub, sizeof dp->sub,
	    "%zu CRIT, %zu WARN, %zu INFO at "
	    "%s%s%s%s",
	    c[2], c[1], c[0], when, dp->g ? " (checking again)" : "",
	    f && f->detail ? " · " : "", f && f->detail ? f->detail : "");
	return dp->sub;
}

static const char *
doctor_pane_empty(struct pane *p)
{
	struct doctor_priv *dp = p->priv;

	if (!dp->have)
		return "gathering: inspecting containers, probing ports…";
	if (dp->error)
		return dp->error;
	return "no findings: nothing looks wrong";
}

/* Shows the finding's object in its own pane. */
static void
doctor_pane_jump(struct pane *p, const struct doctor_finding *f)
{
	static const char *const panes[] = {
	    [DOCTOR_OBJ_ENGINE] = "host",
	    [DOCTOR_OBJ_CONTAINER] = "containers",
	    [DOCTOR_OBJ_IMAGE] = "images",
	    [DOCTOR_OBJ_VOLUME] = "volumes",
	};
	const char *name = panes[f->kind];
	char *id = xstrdup_or_null(f->object_id);
	struct pane *to;

	if (app_show_pane(p->app, name) && id &&
	    (to = app_pane(p->app, name)) != NULL && !pane_select_id(to, id))
		app_info(p->app, "%s is not in the %s list", f->objects, name);
	free(id);
}

static enum action
doctor_pane_handle(struct pane *p, enum action a)
{
	const struct doctor_finding *f;
	enum detail_kind kind;
	enum detail_tab tab;

	switch (a) {
	case ACTION_BUNDLE:
		bundle_console(p->app);
		return ACTION_NONE;
	case ACTION_ENTER:
	case ACTION_LOGS:
	case ACTION_STATS:
	case ACTION_PROCESSES:
	case ACTION_INSPECT:
	case ACTION_PRUNE:
		break;
	default:
		return a;
	}
	if ((f = doctor_pane_selected(p)) == NULL) {
		if (a == ACTION_PRUNE)
			return a;
		app_info(p->app, "nothing selected");
		return ACTION_NONE;
	}
	if (a == ACTION_PRUNE) {
		prune_open(
		    p->app, f->rule == DOCTOR_DANGLING         ? "images"
			    : f->rule == DOCTOR_UNUSED_VOLUMES ? "volumes"
			    : f->kind == DOCTOR_OBJ_CONTAINER  ? "containers"
							       : NULL);
		return ACTION_NONE;
	}
	if (a == ACTION_ENTER || f->object_id == NULL ||
	    f->kind == DOCTOR_OBJ_ENGINE) {
		doctor_pane_jump(p, f);
		return ACTION_NONE;
	}
	kind = f->kind == DOCTOR_OBJ_CONTAINER ? DETAIL_CONTAINER
	       : f->kind == DOCTOR_OBJ_IMAGE   ? DETAIL_IMAGE
					       : DETAIL_VOLUME;
	tab = a == ACTION_LOGS        ? DETAIL_TAB_LOGS
	      : a == ACTION_STATS     ? DETAIL_TAB_STATS
	      : a == ACTION_PROCESSES ? DETAIL_TAB_TOP
				      : DETAIL_TAB_INSPECT;
	if (!detail_has_tab(kind, tab)) {
		app_info(
		    p->app, "%s has no %s view", f->objects, action_name(a));
		return ACTION_NONE;
	}
	app_push_detail(
	    p->app, detail_new(p->app, kind, f->object_id, f->objects, tab));
	return ACTION_NONE;
}

static void
doctor_pane_close(struct pane *p)
{
	struct doctor_priv *dp = p->priv;

	doctor_gather_free(dp->g);
	doctor_gather_free(dp->spent);
	doctor_pane_clear(dp);
	free(dp->error);
}

const struct pane_ops doctor_pane_ops = {
    .name = "doctor",
    .alias = "d",
    .title = "Doctor",
    .flags = PANE_FILTERABLE,
    .priv_size = sizeof(struct doctor_priv),
    .cols = doctor_cols,
    .ncols = COL__COUNT,
    .wants = PANE_WANTS(STORE_CONTAINERS),
    .default_sort = COL_SEV,
    .default_desc = true,
    .close = doctor_pane_close,
    .visible = doctor_pane_visible,
    .sync = doctor_pane_sync,
    .subtitle = doctor_pane_subtitle,
    .empty_text = doctor_pane_empty,
    .tick = doctor_pane_tick,
    .handle = doctor_pane_handle,
};
