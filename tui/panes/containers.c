/*
 * The containers pane: every container with state, ports and live usage;
 * of the engine shown, or of every engine open at once with an ENGINE
 * column (`:containers all`, or 0), where each row is its engine's and
 * actions act on the engine of the row.
 */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/calls.h"
#include "api/decode.h"
#include "api/xalloc.h"
#include "themes/theme.h"
#include "tui/core/console.h"
#include "tui/core/fmt.h"
#include "tui/panes/usage.h"
#include "tui/panes/panes.h"

enum {
	COL_NAME,
	COL_ENGINE,
	COL_IMAGE,
	COL_STATE,
	COL_STATUS,
	COL_PORTS,
	COL_CPU,
	COL_MEM,
	COL_PROJECT,
	COL_ID,
	COL__COUNT
};

static const struct table_col containers_cols[COL__COUNT] = {
    [COL_NAME] = {"NAME", 12, 28, 0, false},
    [COL_ENGINE] = {"ENGINE", 6, 24, 0, false},
    [COL_IMAGE] = {"IMAGE", 10, 26, 1, false},
    [COL_STATE] = {"STATE", 7, 17, 0, false},
    [COL_STATUS] = {"STATUS", 10, 28, 1, false},
    [COL_PORTS] = {"PORTS", 8, 0, 3, false},
    [COL_CPU] = {"CPU%", 5, 6, 2, true},
    [COL_MEM] = {"MEM", 6, 8, 2, true},
    [COL_PROJECT] = {"PROJECT", 7, 14, 5, false},
    [COL_ID] = {"ID", 12, 12, 6, false},
};

/* "(healthy)" etc. from the status text: the list has no health field. */
static const char *
containers_health(const char *status)
{
	if (status == NULL)
		return NULL;
	if (strstr(status, "(unhealthy)"))
		return "unhealthy";
	if (strstr(status, "(healthy)"))
		return "healthy";
	if (strstr(status, "(health: starting)"))
		return "starting";
	return NULL;
}

static int
containers_state_role(const char *state, const char *health)
{
	if (health && strcmp(health, "unhealthy") == 0)
		return THEME_ROLE_UNHEALTHY;
	if (strcmp(state, "running") == 0)
		return THEME_ROLE_RUNNING;
	if (strcmp(state, "paused") == 0)
		return THEME_ROLE_PAUSED;
	if (strcmp(state, "restarting") == 0 || strcmp(state, "dead") == 0)
		return THEME_ROLE_WARN;
	return THEME_ROLE_STOPPED;
}

/* Windows: each container's isolation (process, hyperv), from inspect. */
struct containers_iso {
	struct engine *engine;
	char *id;
	char *isolation; /* NULL while the inspect is in flight */
	struct docker_call *call;
	struct pane *pane;
};

struct containers_priv {
	struct usage *usage; /* the pane's engine's */
	bool all; /* every engine, with an ENGINE column */
	/* With all: each engine's sampler (by console_engine_at index). */
	struct usage **usage_all;
	size_t n_usage_all;
	unsigned usage_gen;
	unsigned sig; /* with all: the engines' container lists seen */
	struct containers_iso **iso;
	size_t n_iso;
	double status_due; /* when an aged STATUS cell next changes, or 0 */
	size_t cells_top; /* the first row on screen when cells were aged */
	/* Cells rewritten in place since the last sync: each takes a little
	 * of the rows' memory until the next one. */
	unsigned in_place;
	/* Each row's place in its engine's list at the last sync: a hint
	 * for finding its container again, checked by id before use. */
	size_t *src;
	size_t cap_src;
	/* Only this compose project's rows, while the filter is its name. */
	char *project;
};

static void
containers_on_iso(const struct docker_reply *r, void *arg)
{
	struct containers_iso *ci = arg;
	struct docker_container_detail *d;
	char *cause = NULL;

	ci->call = NULL;
	if (r->status == DOCKER_OK &&
	    (d = decode_container_detail(r->body, r->len, &cause)) != NULL) {
		ci->isolation = xstrdup(
		    d->isolation && *d->isolation ? d->isolation : "default");
		docker_container_detail_free(d);
	} else {
		free(cause);
		ci->isolation = xstrdup("?");
	}
	ci->pane->dirty = true;
	console_dirty(ci->pane->app);
}

/*
 * The isolation mode of a container on a Windows engine: the list does not
 * carry it, so one inspect per container, once. NULL until known.
 */
static const char *
containers_isolation(struct pane *p, struct engine *e, const char *id)
{
	struct containers_priv *cp = p->priv;
	struct containers_iso *ci;

	for (size_t i = 0; i < cp->n_iso; i++)
		if (cp->iso[i]->engine == e && strcmp(cp->iso[i]->id, id) == 0)
			return cp->iso[i]->isolation;
	ci = xcalloc(1, sizeof *ci);
	ci->engine = e;
	ci->id = xstrdup(id);
	ci->pane = p;
	cp->iso = xreallocarray(cp->iso, cp->n_iso + 1, sizeof *cp->iso);
	cp->iso[cp->n_iso++] = ci;
	ci->call = docker_container_inspect(e->d, id, containers_on_iso, ci);
	return NULL;
}

/* The live CPU/MEM sampler of an engine's rows. */
static struct usage *
containers_usage_new(struct pane *p, struct engine *e)
{
	const struct config *cfg = console_config(p->app);
	bool local = cfg->live_usage == CONFIG_USAGE_CGROUP ||
		     (cfg->live_usage == CONFIG_USAGE_AUTO && e->local);

	return usage_new(p->app, e, local, cfg->stats_interval_s);
}

static void
containers_open(struct pane *p)
{
	struct containers_priv *cp = p->priv;

	cp->usage = containers_usage_new(p, p->engine);
	p->hidden_cols = 1u << COL_ENGINE;
}

/* The sampler of e's rows: the pane's own, or one of every engine's. */
static struct usage *
containers_usage_of(struct pane *p, const struct engine *e)
{
	struct containers_priv *cp = p->priv;

	for (size_t i = 0; i < cp->n_usage_all; i++)
		if (console_engine_at(p->app, i) == e && cp->usage_all[i])
			return cp->usage_all[i];
	return cp->usage;
}

static void
containers_all_free(struct containers_priv *cp)
{
	for (size_t i = 0; i < cp->n_usage_all; i++)
		usage_free(cp->usage_all[i]);
	free(cp->usage_all);
	cp->usage_all = NULL;
	cp->n_usage_all = 0;
}

/*
 * Every engine at once, or the pane's again. Every engine's container
 * list is wanted and kept fresh by its events while the mode is on.
 */
static void
containers_set_all(struct pane *p, bool on)
{
	struct containers_priv *cp = p->priv;
	size_t n = console_engine_count(p->app);

	containers_all_free(cp);
	cp->all = on;
	p->all_engines = on;
	p->hidden_cols = on ? 0 : 1u << COL_ENGINE;
	if (on) {
		cp->usage_all = xcalloc(n, sizeof *cp->usage_all);
		cp->n_usage_all = n;
		for (size_t i = 0; i < n; i++) {
			struct engine *e = console_engine_at(p->app, i);

			/* The pane's engine keeps its sampler and history. */
			if (e != p->engine)
				cp->usage_all[i] = containers_usage_new(p, e);
			else
				cp->usage_all[i] = NULL;
			engine_want(e, p->ops->wants);
		}
	} else
		usage_watch(cp->usage, NULL, 0);
	p->dirty = true;
	console_dirty(p->app);
}

static void
containers_close(struct pane *p)
{
	struct containers_priv *cp = p->priv;

	usage_free(cp->usage);
	containers_all_free(cp);
	for (size_t i = 0; i < cp->n_iso; i++) {
		if (cp->iso[i]->call)
			docker_cancel(cp->iso[i]->engine->d, cp->iso[i]->call);
		free(cp->iso[i]->id);
		free(cp->iso[i]->isolation);
		free(cp->iso[i]);
	}
	free(cp->iso);
	free(cp->project);
	free(cp->src);
}

/* Calls fn with each sampler in use: the pane's, and every engine's. */
static void
containers_each_usage(
    struct containers_priv *cp, void (*fn)(struct usage *, void *), void *arg)
{
	fn(cp->usage, arg);
	for (size_t i = 0; i < cp->n_usage_all; i++)
		if (cp->usage_all[i])
			fn(cp->usage_all[i], arg);
}

static void
containers_unwatch(struct usage *u, void *arg)
{
	(void)arg;
	usage_watch(u, NULL, 0);
}

static void
containers_visible(struct pane *p, bool on)
{
	struct containers_priv *cp = p->priv;

	if (!on)
		containers_each_usage(cp, containers_unwatch, NULL);
	for (size_t i = 0; on && i < cp->n_usage_all; i++)
		engine_want(console_engine_at(p->app, i), p->ops->wants);
}

/* What the rows show changes with this: every engine's container list. */
static unsigned
containers_signature(struct pane *p)
{
	unsigned sig = 0;

	for (size_t i = 0; i < console_engine_count(p->app); i++) {
		const struct engine *e = console_engine_at(p->app, i);

		sig = sig * 31 + e->store.gen[STORE_CONTAINERS];
	}
	return sig;
}

struct containers_sample {
	struct pane *p;
	double now, due;
	unsigned gen;
};

/*
 * The CPU column's sort key, hundredths of a percent: a double that does
 * not fit in 64 bits is no number to convert (a broken engine's stats).
 */
static int64_t
containers_cpu_key(double cpu)
{
	double k = cpu * 100;

	if (!(k > 0))
		return 0;
	return k >= 9.2e18 ? INT64_MAX : (int64_t)k;
}

/* Whether a row is a running container's ("running", "running/healthy"). */
static bool
containers_row_running(const struct pane_row *r)
{
	const char *st = r->cells[COL_STATE];

	return st && strncmp(st, "running", 7) == 0 &&
	       (st[7] == '\0' || st[7] == '/' || st[7] == ' ');
}

/* Samples the running rows on screen of u's engine, and only those. */
static void
containers_sample(struct usage *u, void *arg)
{
	struct containers_sample *cs = arg;
	struct pane *p = cs->p;
	char **ids;
	size_t n = 0, end, top = p->table.top;
	double due;

	end = top + (size_t)(p->view_h > 0 ? p->view_h : 0);
	if (end > p->n_view)
		end = p->n_view;
	ids = xcalloc(end - (top < end ? top : end) + 1, sizeof *ids);
	for (size_t i = top; i < end; i++) {
		const struct pane_row *r = pane_view_row(p, i);
		struct engine *e = r->engine ? r->engine : p->engine;

		/* The row's own state, not a search of the store: this runs
		 * at every pass of the loop. */
		if (containers_usage_of(p, e) == u && containers_row_running(r))
			ids[n++] = r->id;
	}
	usage_watch(u, ids, n);
	free(ids);
	due = usage_tick(u, cs->now);
	cs->due = store_sooner(cs->due, due);
	cs->gen = cs->gen * 31 + usage_gen(u);
}

/*
 * When a STATUS cell aged age seconds next reads differently: in a second
 * while it counts seconds, else at its next minute, a few seconds late so
 * that rows started at different seconds change together (one redraw,
 * not one per row).
 */
#define CONTAINERS_STATUS_GRID 10.0

static double
containers_status_next(double wall, int64_t age)
{
	double next;

	if (age < 60)
		return wall + 1;
	next = wall + (double)(60 - age % 60);
	return ceil(next / CONTAINERS_STATUS_GRID) * CONTAINERS_STATUS_GRID;
}

/* Rewrites in place between syncs, at most (a sync every 2 minutes). */
#define CONTAINERS_IN_PLACE_MAX 120

/* Sets a cell that changes in place, widening its column if need be. */
static void
containers_set_cell(
    struct pane *p, struct pane_row *r, size_t col, const char *text)
{
	size_t w = strlen(text);

	if (r->cells[col] && strcmp(r->cells[col], text) == 0)
		return;
	pane_cell(p, r, col, text);
	/* Bytes, never fewer than columns: at worst a little too wide. */
	if (col < 32 && w > (size_t)p->content_w[col] && w < 1024)
		p->content_w[col] = (int)w;
}

/* The CPU% and MEM cells of row r (container id, sampled by u). */
static void
containers_usage_cells(
    struct pane *p, struct pane_row *r, const struct usage *u, const char *id)
{
	struct usage_sample us;
	char buf[64];

	if (usage_get(u, id, &us)) {
		snprintf(buf, sizeof buf, "%.1f", us.cpu);
		containers_set_cell(p, r, COL_CPU, buf);
		pane_key(p, r, COL_CPU, containers_cpu_key(us.cpu));
		fmt_size(buf, sizeof buf, (int64_t)us.mem);
		containers_set_cell(p, r, COL_MEM, buf);
		pane_key(p, r, COL_MEM, (int64_t)us.mem);
	} else {
		containers_set_cell(p, r, COL_CPU, "-");
		containers_set_cell(p, r, COL_MEM, "-");
		pane_key(p, r, COL_CPU, -1);
		pane_key(p, r, COL_MEM, -1);
	}
}

/*
 * Whether the cells that change while the list does not (STATUS aged,
 * CPU% and MEM sampled) can be rewritten where they are: not when they
 * decide the order or what the filter lets through.
 */
static bool
containers_in_place(const struct pane *p)
{
	const struct containers_priv *cp = p->priv;

	return !p->dirty && p->filter == NULL && p->table.sort_col != COL_CPU &&
	       p->table.sort_col != COL_MEM &&
	       cp->in_place < CONTAINERS_IN_PLACE_MAX;
}

/*
 * Rewrites those cells in the rows on screen, and only there: no sync of
 * a thousand rows for a few changed cells. Returns when a STATUS cell on
 * screen next changes, or 0.
 */
static double
containers_refresh_cells(struct pane *p, double wall)
{
	const struct containers_priv *cp = p->priv;
	size_t top = p->table.top, end;
	double due = 0;

	end = top + (size_t)(p->view_h > 0 ? p->view_h : 0);
	if (end > p->n_view)
		end = p->n_view;
	for (size_t i = top; i < end; i++) {
		size_t ri = p->view[i];
		struct pane_row *r = &p->rows[ri];
		struct engine *e = r->engine ? r->engine : p->engine;
		const struct store *s = &e->store;
		const struct docker_container_list *l = store_containers(s);
		const struct docker_container *c = NULL;
		char status[160];
		int64_t age;

		/* Where the last sync found it, else a search. */
		if (l && ri < cp->cap_src && cp->src[ri] < l->n &&
		    strcmp(l->v[cp->src[ri]].id, r->id) == 0)
			c = &l->v[cp->src[ri]];
		else
			c = store_container(s, r->id);
		if (c == NULL)
			continue;
		fmt_status_aged(status, sizeof status, c->status,
		    s->last[STORE_CONTAINERS] > 0
			? (int64_t)(wall - s->last[STORE_CONTAINERS])
			: -1,
		    &age);
		containers_set_cell(p, r, COL_STATUS, status);
		if (age >= 0)
			due = store_sooner(
			    due, containers_status_next(wall, age));
		containers_usage_cells(p, r, containers_usage_of(p, e), c->id);
	}
	return due;
}

static double
containers_tick(struct pane *p, double now)
{
	struct containers_priv *cp = p->priv;
	struct containers_sample cs = {p, now, 0, 0};
	bool aged, sampled, scrolled;

	/* The project's rows go with its filter (Esc, another filter). */
	if (cp->project && (p->filter == NULL || p->filter_inverse ||
			       strcmp(p->filter, cp->project) != 0)) {
		free(cp->project);
		cp->project = NULL;
		p->dirty = true;
		console_dirty(p->app);
	}
	if (!p->visible || console_view_open(p->app)) {
		containers_each_usage(cp, containers_unwatch, NULL);
		return 0;
	}
	if (cp->all && containers_signature(p) != cp->sig)
		p->dirty = true;
	containers_each_usage(cp, containers_sample, &cs);
	aged = cp->status_due != 0 && now >= cp->status_due;
	sampled = cs.gen != cp->usage_gen;
	scrolled = p->table.top != cp->cells_top && containers_in_place(p);
	if (aged || sampled || scrolled) {
		cp->usage_gen = cs.gen;
		cp->cells_top = p->table.top;
		if (containers_in_place(p)) {
			cp->status_due = containers_refresh_cells(p, now);
			cp->in_place++;
			p->redraw = true;
		} else {
			cp->status_due = 0;
			p->dirty = true;
		}
		console_dirty(p->app);
	}
	if (cp->status_due != 0)
		cs.due = store_sooner(cs.due, cp->status_due);
	return cs.due;
}

static void
containers_forget(struct usage *u, void *id)
{
	usage_forget(u, id);
}

static void
containers_event(struct pane *p, const struct docker_event *e)
{
	struct containers_priv *cp = p->priv;

	/*
	 * A restarted container has a new process and cgroup. With every
	 * engine the event may be any engine's: ids are unique, so each
	 * sampler forgets it (only its own has it).
	 */
	if (e->type && !strcmp(e->type, "container") && e->actor_id &&
	    e->action &&
	    (!strcmp(e->action, "start") || !strcmp(e->action, "die") ||
		!strcmp(e->action, "destroy")))
		containers_each_usage(cp, containers_forget, e->actor_id);
}

/* Whether an earlier engine (the same one given twice) listed id. */
static bool
containers_listed(struct pane *p, const char *id)
{
	for (size_t i = 0; i < p->n_rows; i++)
		if (strcmp(p->rows[i].id, id) == 0)
			return true;
	return false;
}

/* The rows of e's containers. */
static void
containers_sync_engine(struct pane *p, struct engine *e)
{
	const struct store *s = &e->store;
	struct containers_priv *cp = p->priv;
	struct usage *u = containers_usage_of(p, e);
	bool windows = strcmp(engine_os_type(e), "windows") == 0;
	double wall = store_now();
	int64_t elapsed = (int64_t)(wall - s->last[STORE_CONTAINERS]);

	if (store_containers(s) == NULL)
		return;
	for (size_t i = 0; i < store_containers(s)->n; i++) {
		const struct docker_container *c = &store_containers(s)->v[i];
		struct pane_row *r;
		const char *state = c->state ? c->state : "?";
		const char *health = containers_health(c->status);
		const char *project =
		    kvlist_get(&c->labels, "com.docker.compose.project");
		char buf[64], status[160], *ports;
		int64_t age;

		if (cp->all && containers_listed(p, c->id))
			continue;
		if (cp->project &&
		    (project == NULL || strcmp(project, cp->project) != 0))
			continue;
		r = pane_add_row(p, c->id);
		if (p->n_rows > cp->cap_src) {
			cp->cap_src = p->n_rows * 2;
			cp->src = xreallocarray(
			    cp->src, cp->cap_src, sizeof *cp->src);
		}
		cp->src[p->n_rows - 1] = i;
		if (cp->all)
			r->engine = e;
		pane_cell(p, r, COL_NAME, c->name);
		pane_cell(p, r, COL_ENGINE, e->name);
		if (e->colour)
			pane_role(p, r, COL_ENGINE, e->colour);
		pane_cell(p, r, COL_IMAGE, c->image);
		if (health)
			pane_cellf(p, r, COL_STATE, "%s/%s", state, health);
		else
			pane_cell(p, r, COL_STATE, state);
		if (windows) {
			/* Windows engines: process or hyperv isolation. */
			const char *iso = containers_isolation(p, e, c->id);
			char *st = xasprintf(
			    "%s [%s]", r->cells[COL_STATE], iso ? iso : "…");

			pane_cell(p, r, COL_STATE, st);
			free(st);
		}
		pane_role(
		    p, r, COL_STATE, containers_state_role(state, health));
		/*
		 * The engine words the status when it lists; between lists
		 * "Up 5 seconds" would go stale, so it is aged here.
		 */
		fmt_status_aged(status, sizeof status, c->status,
		    s->last[STORE_CONTAINERS] > 0 ? elapsed : -1, &age);
		pane_cell(p, r, COL_STATUS, status);
		if (age >= 0) {
			double next = containers_status_next(wall, age);

			if (cp->status_due == 0 || next < cp->status_due)
				cp->status_due = next;
		}
		pane_key(p, r, COL_STATUS, c->created);
		ports = fmt_ports(c->ports, c->n_ports);
		pane_cell(p, r, COL_PORTS, ports);
		free(ports);
		containers_usage_cells(p, r, u, c->id);
		pane_cell(p, r, COL_PROJECT, project ? project : "");
		fmt_short_id(buf, sizeof buf, c->id);
		pane_cell(p, r, COL_ID, buf);
	}
}

static void
containers_sync(struct pane *p)
{
	struct containers_priv *cp = p->priv;

	cp->status_due = 0;
	cp->in_place = 0;
	if (!cp->all) {
		containers_sync_engine(p, p->engine);
		return;
	}
	cp->sig = containers_signature(p);
	for (size_t i = 0; i < console_engine_count(p->app); i++)
		containers_sync_engine(p, console_engine_at(p->app, i));
}

/* An engine's list error or loading state, or NULL when it has a list. */
static const char *
containers_not_listed(const struct engine *e)
{
	const struct store *s = &e->store;

	if (s->error[STORE_CONTAINERS])
		return s->error[STORE_CONTAINERS];
	if (!s->loaded[STORE_CONTAINERS])
		return "loading containers…";
	return NULL;
}

static const char *
containers_empty(struct pane *p)
{
	struct containers_priv *cp = p->priv;
	const char *why = containers_not_listed(p->engine);

	if (cp->all) {
		for (size_t i = 0; i < console_engine_count(p->app); i++)
			if (containers_not_listed(console_engine_at(p->app, i)))
				return "loading containers…";
		return "no containers on any engine (0 shows the engine "
		       "shown only)";
	}
	if (why)
		return why;
	return "no containers (r runs one from the images pane)";
}

/* Under the title with every engine: how many and how to go back. */
static const char *
containers_subtitle(struct pane *p)
{
	struct containers_priv *cp = p->priv;

	return cp->all ? "every engine: actions act on the engine of the row "
			 "(0: the engine shown only)"
		       : NULL;
}

static enum action
containers_handle(struct pane *p, enum action a)
{
	struct containers_priv *cp = p->priv;

	if (a != ACTION_ALL_ENGINES)
		return a;
	containers_set_all(p, !cp->all);
	if (cp->all)
		console_info(p->app, "containers of %zu engines",
		    console_engine_count(p->app));
	else
		console_info(p->app, "containers of %s", p->engine->name);
	return ACTION_NONE;
}

/* ":containers all" shows every engine, ":containers" with no word stays. */
static bool
containers_args(struct pane *p, const char *args)
{
	struct containers_priv *cp = p->priv;

	if (strcmp(args, "all") == 0) {
		if (!cp->all)
			containers_set_all(p, true);
		return true;
	}
	if (strcmp(args, "one") == 0) {
		if (cp->all)
			containers_set_all(p, false);
		return true;
	}
	/* ":containers project NAME": that compose project's containers. */
	if (strncmp(args, "project ", 8) == 0 && args[8]) {
		free(cp->project);
		cp->project = xstrdup(args + 8);
		pane_set_filter(p, cp->project, false);
		p->dirty = true;
		return true;
	}
	return false;
}

const struct pane_ops containers_pane_ops = {
    .name = "containers",
    .alias = "c",
    .title = "Containers",
    .kind = KIND_CONTAINER,
    .flags = PANE_FILTERABLE,
    .priv_size = sizeof(struct containers_priv),
    .open = containers_open,
    .close = containers_close,
    .visible = containers_visible,
    .tick = containers_tick,
    .handle_event = containers_event,
    .cols = containers_cols,
    .ncols = COL__COUNT,
    .wants = SLOT_BIT(STORE_CONTAINERS),
    .default_sort = COL_NAME,
    .sync = containers_sync,
    .subtitle = containers_subtitle,
    .empty_text = containers_empty,
    .handle = containers_handle,
    .args = containers_args,
};
