/*
 * The projects pane: compose projects found from the labels the compose
 * tool writes on containers (and on the volumes and networks it makes),
 * with their services, containers running/total and health. Enter shows
 * the project's containers, l their merged logs; the actions on a whole
 * project are in tui/actions/projects.c.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/buf.h"
#include "api/compose.h"
#include "api/xalloc.h"
#include "themes/theme.h"
#include "tui/core/console.h"
#include "tui/panes/panes.h"

enum {
	COL_NAME,
	COL_CONTAINERS,
	COL_HEALTH,
	COL_SERVICES,
	COL_WORKDIR,
	COL_FILES,
	COL__COUNT
};

static const struct table_col projects_cols[COL__COUNT] = {
    [COL_NAME] = {"PROJECT", 10, 28, 0, false},
    [COL_CONTAINERS] = {"CONTAINERS", 11, 24, 0, false},
    [COL_HEALTH] = {"HEALTH", 8, 34, 2, false},
    [COL_SERVICES] = {"SERVICES", 10, 40, 1, false},
    [COL_WORKDIR] = {"WORKING DIR", 12, 40, 3, false},
    [COL_FILES] = {"CONFIG FILES", 12, 0, 4, false},
};

/* "2/3 running", with the paused ones said. */
static void
projects_containers_cell(
    struct pane *p, struct pane_row *r, const struct compose_project *pj)
{
	int role;

	if (pj->paused)
		pane_cellf(p, r, COL_CONTAINERS, "%zu/%zu running, %zu paused",
		    pj->running, pj->n_members, pj->paused);
	else
		pane_cellf(p, r, COL_CONTAINERS, "%zu/%zu running", pj->running,
		    pj->n_members);
	pane_key(p, r, COL_CONTAINERS,
	    (int64_t)pj->running * 100000 + (int64_t)pj->n_members);
	if (pj->n_members == 0 || pj->running == 0)
		role = THEME_ROLE_STOPPED;
	else if (pj->paused == pj->running && pj->paused > 0)
		role = THEME_ROLE_PAUSED;
	else if (pj->running < pj->n_members || pj->paused > 0)
		role = THEME_ROLE_WARN;
	else
		role = THEME_ROLE_RUNNING;
	pane_role(p, r, COL_CONTAINERS, role);
}

/* "1 healthy, 1 unhealthy, 1 starting", or "-" without health checks. */
static void
projects_health_cell(struct pane *p, struct pane_row *r,
    const struct compose_project *pj, struct buf *b)
{
	buf_reset(b);
	if (pj->healthy)
		buf_printf(b, "%zu healthy", pj->healthy);
	if (pj->unhealthy)
		buf_printf(
		    b, "%s%zu unhealthy", b->len ? ", " : "", pj->unhealthy);
	if (pj->starting)
		buf_printf(
		    b, "%s%zu starting", b->len ? ", " : "", pj->starting);
	pane_cell(p, r, COL_HEALTH, b->len ? buf_cstr(b) : "-");
	pane_key(p, r, COL_HEALTH,
	    (int64_t)pj->unhealthy * 1000000 + (int64_t)pj->starting * 1000 +
		(int64_t)pj->healthy);
	if (pj->unhealthy)
		pane_role(p, r, COL_HEALTH, THEME_ROLE_UNHEALTHY);
	else if (b->len == 0)
		pane_role(p, r, COL_HEALTH, THEME_ROLE_DIM);
}

static void
projects_sync(struct pane *p)
{
	const struct store *s = &p->engine->store;
	struct compose_list *l;
	struct buf b;
	char *j;

	if (store_containers(s) == NULL)
		return;
	l = compose_projects(
	    store_containers(s), store_volumes(s), store_networks(s));
	buf_init(&b);
	for (size_t i = 0; i < l->n; i++) {
		const struct compose_project *pj = &l->v[i];
		struct pane_row *r = pane_add_row(p, pj->name);
		size_t ns = strv_len(pj->services);

		pane_cell(p, r, COL_NAME, pj->name);
		projects_containers_cell(p, r, pj);
		projects_health_cell(p, r, pj, &b);
		j = strv_join(pj->services, ", ");
		pane_cellf(
		    p, r, COL_SERVICES, "%zu%s%s", ns, ns ? ": " : "", j);
		pane_key(p, r, COL_SERVICES, (int64_t)ns);
		free(j);
		pane_cell(
		    p, r, COL_WORKDIR, pj->working_dir ? pj->working_dir : "-");
		j = strv_join(pj->config_files, ", ");
		pane_cell(p, r, COL_FILES, *j ? j : "-");
		free(j);
	}
	buf_done(&b);
	compose_list_free(l);
}

static const char *
projects_empty(struct pane *p)
{
	const struct store *s = &p->engine->store;

	if (s->error[STORE_CONTAINERS])
		return s->error[STORE_CONTAINERS];
	if (!s->loaded[STORE_CONTAINERS])
		return "loading containers…";
	return "no compose projects (no container has the "
	       "label " COMPOSE_PROJECT ")";
}

/*
 * Enter: the containers pane with only the project's containers, as
 * ":containers project NAME" shows them.
 */
static void
projects_show_containers(struct pane *p, const char *name)
{
	struct pane *cp = console_pane_of_kind(p->app, KIND_CONTAINER);
	char *args = xasprintf("project %s", name);

	if (cp == NULL || cp->ops->args == NULL ||
	    !console_show_pane(p->app, cp->ops->name) ||
	    !cp->ops->args(cp, args))
		console_error(p->app, "no containers pane to show %s in", name);
	else
		console_info(p->app,
		    "the containers of project %s (Esc shows all)", name);
	free(args);
}

static enum action
projects_handle(struct pane *p, enum action a)
{
	const char *id = pane_selected_id(p);

	switch (a) {
	case ACTION_ENTER:
	case ACTION_LOGS:
		if (id == NULL) {
			console_info(p->app, "nothing selected");
			return ACTION_NONE;
		}
		if (a == ACTION_ENTER) {
			projects_show_containers(p, id);
			return ACTION_NONE;
		}
		/* The parts open a project's logs as the merged view. */
		console_open_detail(
		    p->app, p->engine, KIND_PROJECT, id, id, TAB_LOGS);
		return ACTION_NONE;
	default:
		return a;
	}
}

const struct pane_ops projects_pane_ops = {
    .name = "projects",
    .alias = "compose",
    .title = "Compose projects",
    .kind = KIND_PROJECT,
    .flags = PANE_FILTERABLE,
    .cols = projects_cols,
    .ncols = COL__COUNT,
    .wants = SLOT_BIT(STORE_CONTAINERS) | SLOT_BIT(STORE_VOLUMES) |
	     SLOT_BIT(STORE_NETWORKS),
    .default_sort = COL_NAME,
    .sync = projects_sync,
    .empty_text = projects_empty,
    .handle = projects_handle,
};
