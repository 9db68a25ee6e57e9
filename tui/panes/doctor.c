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
#include "tui/core/console.h"
#include "tui/core/doctor.h"
#include "tui/panes/panes.h"

/* Changes seen (events, Ctrl-r) gather again, at most this often. */
#define DOCTOR_PANE_MIN_S 5.0
/* And without changes, this often (health checks, ports, clocks). */
#define DOCTOR_PANE_EVERY_S 60.0
/* How long a published port gets to answer its probe. */
#define DOCTOR_PANE_PROBE_S 1.0

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
	const struct events *ev = &p->engine->events;
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
		console_error(p->app, "doctor: %s", dp->error);
	dp->have = true;
	dp->finished = store_now();
	dp->spent = g;
	dp->g = NULL;
	p->dirty = true;
	console_dirty(p->app);
}

static unsigned
doctor_pane_gen(struct pane *p)
{
	return p->engine->store.gen[STORE_CONTAINERS];
}

static void
doctor_pane_start(struct pane *p)
{
	struct doctor_priv *dp = p->priv;
	struct doctor_gather_opts o = {0};

	if (dp->g)
		return;
	o.local = p->engine->local;
	o.probe_timeout = DOCTOR_PANE_PROBE_S;
	dp->seen_gen = doctor_pane_gen(p);
	dp->g = doctor_gather_new(p->engine->d, &o, doctor_pane_done, p);
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

/*
 * Shows the finding's object in its own pane: the list of its kind, or
 * for the engine, which is no list, the host pane.
 */
static void
doctor_pane_jump(struct pane *p, const struct doctor_finding *f)
{
	char *id = xstrdup_or_null(f->object_id);
	const char *plural = kind_get(f->kind)->plural;

	if (f->kind == KIND_ENGINE)
		console_show_pane(p->app, "host");
	else if (id == NULL)
		console_show_pane(p->app, plural);
	else if (!console_show_object(p->app, f->kind, id) &&
		 console_pane_of_kind(p->app, f->kind))
		console_info(
		    p->app, "%s is not in the %s list", f->objects, plural);
	free(id);
}

/* The engine's name for its detail view, as the host pane gives it. */
static const char *
doctor_pane_engine_name(struct pane *p)
{
	const char *name =
	    store_name_of(&p->engine->store, KIND_ENGINE, "engine");

	return name ? name : "engine";
}

static enum action
doctor_pane_handle(struct pane *p, enum action a)
{
	const struct doctor_finding *f;
	const char *id;
	enum kind k;
	enum tab tab;

	switch (a) {
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
	/* Prune goes to the action, of what the finding is about (object). */
	if (a == ACTION_PRUNE)
		return a;
	if ((f = doctor_pane_selected(p)) == NULL) {
		console_info(p->app, "nothing selected");
		return ACTION_NONE;
	}
	if ((k = doctor_finding_detail(f, a, &id, &tab)) == KIND_NONE) {
		doctor_pane_jump(p, f);
		return ACTION_NONE;
	}
	if (!kind_has_tab(k, tab)) {
		console_info(
		    p->app, "%s has no %s view", f->objects, action_name(a));
		return ACTION_NONE;
	}
	console_open_detail(p->app, p->engine, k, id,
	    k == KIND_ENGINE ? doctor_pane_engine_name(p) : f->objects, tab);
	return ACTION_NONE;
}

/*
 * What the other keys act on: the finding's object (the engine's, for the
 * engine's findings); a finding about many (dangling images) is of its
 * kind with no one id. P prunes that kind, or everything for the engine.
 */
static enum kind
doctor_pane_object(struct pane *p, const char **id)
{
	const struct doctor_finding *f = doctor_pane_selected(p);

	*id = NULL;
	if (f == NULL)
		return KIND_NONE;
	*id = f->kind == KIND_ENGINE ? "engine" : f->object_id;
	return f->kind;
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
    .wants = SLOT_BIT(STORE_CONTAINERS),
    .default_sort = COL_SEV,
    .default_desc = true,
    .close = doctor_pane_close,
    .visible = doctor_pane_visible,
    .sync = doctor_pane_sync,
    .subtitle = doctor_pane_subtitle,
    .empty_text = doctor_pane_empty,
    .tick = doctor_pane_tick,
    .handle = doctor_pane_handle,
    .object = doctor_pane_object,
};
