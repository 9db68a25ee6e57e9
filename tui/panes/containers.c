/* The containers pane: every container with state, ports and live usage. */

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
	char *id;
	char *isolation; /* NULL while the inspect is in flight */
	struct docker_call *call;
	struct pane *pane;
};

struct containers_priv {
	struct usage *usage;
	unsigned usage_gen;
	struct containers_iso **iso;
	size_t n_iso;
	double status_due; /* when an aged STATUS cell next changes, or 0 */
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
containers_isolation(struct pane *p, const char *id)
{
	struct containers_priv *cp = p->priv;
	struct containers_iso *ci;

	for (size_t i = 0; i < cp->n_iso; i++)
		if (strcmp(cp->iso[i]->id, id) == 0)
			return cp->iso[i]->isolation;
	ci = xcalloc(1, sizeof *ci);
	ci->id = xstrdup(id);
	ci->pane = p;
	cp->iso = xreallocarray(cp->iso, cp->n_iso + 1, sizeof *cp->iso);
	cp->iso[cp->n_iso++] = ci;
	ci->call =
	    docker_container_inspect(p->engine->d, id, containers_on_iso, ci);
	return NULL;
}

static void
containers_open(struct pane *p)
{
	struct containers_priv *cp = p->priv;

	const struct config *cfg = console_config(p->app);
	bool local = cfg->live_usage == CONFIG_USAGE_CGROUP ||
		     (cfg->live_usage == CONFIG_USAGE_AUTO && p->engine->local);

	cp->usage = usage_new(p->app, p->engine, local, cfg->stats_interval_s);
}

static void
containers_close(struct pane *p)
{
	struct containers_priv *cp = p->priv;

	usage_free(cp->usage);
	for (size_t i = 0; i < cp->n_iso; i++) {
		if (cp->iso[i]->call)
			docker_cancel(p->engine->d, cp->iso[i]->call);
		free(cp->iso[i]->id);
		free(cp->iso[i]->isolation);
		free(cp->iso[i]);
	}
	free(cp->iso);
}

static void
containers_visible(struct pane *p, bool on)
{
	struct containers_priv *cp = p->priv;

	if (!on)
		usage_watch(cp->usage, NULL, 0);
}

/* Samples CPU and memory of the running rows on screen, and only those. */
static double
containers_tick(struct pane *p, double now)
{
	struct containers_priv *cp = p->priv;
	const struct store *s = &p->engine->store;
	char **ids;
	size_t n = 0, end;
	double due;

	if (!p->visible || console_view_open(p->app)) {
		usage_watch(cp->usage, NULL, 0);
		return 0;
	}
	end = p->table.top + (size_t)(p->view_h > 0 ? p->view_h : 0);
	if (end > p->n_view)
		end = p->n_view;
	ids = xcalloc(
	    end - (p->table.top < end ? p->table.top : end) + 1, sizeof *ids);
	for (size_t i = p->table.top; i < end; i++) {
		const struct pane_row *r = pane_view_row(p, i);
		const struct docker_container *c = store_container(s, r->id);

		if (c && c->state && strcmp(c->state, "running") == 0)
			ids[n++] = r->id;
	}
	usage_watch(cp->usage, ids, n);
	free(ids);
	due = usage_tick(cp->usage, now);
	if (cp->status_due != 0) {
		if (now >= cp->status_due) {
			cp->status_due = 0;
			p->dirty = true;
			console_dirty(p->app);
		} else if (due == 0 || cp->status_due < due)
			due = cp->status_due;
	}
	if (usage_gen(cp->usage) != cp->usage_gen) {
		cp->usage_gen = usage_gen(cp->usage);
		p->dirty = true;
	}
	return due;
}

static void
containers_event(struct pane *p, const struct docker_event *e)
{
	struct containers_priv *cp = p->priv;

	/* A restarted container has a new process and cgroup. */
	if (e->type && !strcmp(e->type, "container") && e->actor_id &&
	    e->action &&
	    (!strcmp(e->action, "start") || !strcmp(e->action, "die") ||
		!strcmp(e->action, "destroy")))
		usage_forget(cp->usage, e->actor_id);
}

static void
containers_sync(struct pane *p)
{
	const struct store *s = &p->engine->store;
	struct containers_priv *cp = p->priv;
	bool windows = strcmp(engine_os_type(p->engine), "windows") == 0;
	double wall = store_now();
	int64_t elapsed = (int64_t)(wall - s->last[STORE_CONTAINERS]);

	cp->status_due = 0;
	if (store_containers(s) == NULL)
		return;
	for (size_t i = 0; i < store_containers(s)->n; i++) {
		const struct docker_container *c = &store_containers(s)->v[i];
		struct pane_row *r = pane_add_row(p, c->id);
		const char *state = c->state ? c->state : "?";
		const char *health = containers_health(c->status);
		const char *project =
		    kvlist_get(&c->labels, "com.docker.compose.project");
		char buf[64], status[160], *ports;
		struct usage_sample us;
		int64_t age;

		pane_cell(p, r, COL_NAME, c->name);
		pane_cell(p, r, COL_IMAGE, c->image);
		if (health)
			pane_cellf(p, r, COL_STATE, "%s/%s", state, health);
		else
			pane_cell(p, r, COL_STATE, state);
		if (windows) {
			/* Windows engines: process or hyperv isolation. */
			const char *iso = containers_isolation(p, c->id);
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
			double next =
			    wall + (age < 60 ? 1 : (double)(60 - age % 60));

			if (cp->status_due == 0 || next < cp->status_due)
				cp->status_due = next;
		}
		pane_key(p, r, COL_STATUS, c->created);
		ports = fmt_ports(c->ports, c->n_ports);
		pane_cell(p, r, COL_PORTS, ports);
		free(ports);
		if (usage_get(cp->usage, c->id, &us)) {
			pane_cellf(p, r, COL_CPU, "%.1f", us.cpu);
			pane_key(p, r, COL_CPU, (int64_t)(us.cpu * 100));
			fmt_size(buf, sizeof buf, (int64_t)us.mem);
			pane_cell(p, r, COL_MEM, buf);
			pane_key(p, r, COL_MEM, (int64_t)us.mem);
		} else {
			pane_cell(p, r, COL_CPU, "-");
			pane_cell(p, r, COL_MEM, "-");
			pane_key(p, r, COL_CPU, -1);
			pane_key(p, r, COL_MEM, -1);
		}
		pane_cell(p, r, COL_PROJECT, project ? project : "");
		fmt_short_id(buf, sizeof buf, c->id);
		pane_cell(p, r, COL_ID, buf);
	}
}

static const char *
containers_empty(struct pane *p)
{
	const struct store *s = &p->engine->store;

	if (s->error[STORE_CONTAINERS])
		return s->error[STORE_CONTAINERS];
	if (!s->loaded[STORE_CONTAINERS])
		return "loading containers…";
	return "no containers (r runs one from the images pane)";
}

static enum action
containers_handle(struct pane *p, enum action a)
{
	return a;
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
    .empty_text = containers_empty,
    .handle = containers_handle,
};
