/* The containers pane: every container with state, ports and live usage. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/xalloc.h"
#include "themes/theme.h"
#include "tui/app.h"
#include "tui/fmt.h"
#include "tui/panes.h"

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
	[COL_NAME] = { "NAME", 8, 32, 0, false },
	[COL_IMAGE] = { "IMAGE", 8, 32, 2, false },
	[COL_STATE] = { "STATE", 7, 18, 0, false },
	[COL_STATUS] = { "STATUS", 8, 26, 1, false },
	[COL_PORTS] = { "PORTS", 8, 0, 3, false },
	[COL_CPU] = { "CPU%", 5, 6, 4, true },
	[COL_MEM] = { "MEM", 6, 9, 4, true },
	[COL_PROJECT] = { "PROJECT", 7, 16, 5, false },
	[COL_ID] = { "ID", 12, 12, 6, false },
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

static void
containers_sync(struct pane *p)
{
	const struct store *s = app_store(p->app);
	int64_t now = (int64_t)time(NULL);

	if (s->containers == NULL)
		return;
	for (size_t i = 0; i < s->containers->n; i++) {
		const struct docker_container *c = &s->containers->v[i];
		struct pane_row *r = pane_add_row(p, c->id);
		const char *state = c->state ? c->state : "?";
		const char *health = containers_health(c->status);
		const char *project = kvlist_get(&c->labels,
		    "com.docker.compose.project");
		char buf[64], *ports;

		pane_cell(p, r, COL_NAME, c->name);
		pane_cell(p, r, COL_IMAGE, c->image);
		if (health)
			pane_cellf(p, r, COL_STATE, "%s/%s", state, health);
		else
			pane_cell(p, r, COL_STATE, state);
		pane_role(p, r, COL_STATE, containers_state_role(state, health));
		pane_cell(p, r, COL_STATUS, c->status);
		pane_key(p, r, COL_STATUS, c->created);
		ports = fmt_ports(c->ports, c->n_ports);
		pane_cell(p, r, COL_PORTS, ports);
		free(ports);
		pane_cell(p, r, COL_CPU, "-");
		pane_cell(p, r, COL_MEM, "-");
		pane_cell(p, r, COL_PROJECT, project ? project : "");
		fmt_short_id(buf, sizeof buf, c->id);
		pane_cell(p, r, COL_ID, buf);
		(void)now;
	}
}

static const char *
containers_empty(struct pane *p)
{
	const struct store *s = app_store(p->app);

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
	.flags = PANE_FILTERABLE,
	.cols = containers_cols,
	.ncols = COL__COUNT,
	.wants = PANE_WANTS(STORE_CONTAINERS),
	.default_sort = COL_NAME,
	.sync = containers_sync,
	.empty_text = containers_empty,
	.handle = containers_handle,
};
