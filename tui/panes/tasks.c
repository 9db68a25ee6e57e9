/*
 * The tasks pane: every task of every service (service.slot, node,
 * desired and current state, since when, the error, the container and
 * its exit code). Enter on a task whose container is on the engine shown
 * jumps to it in the containers pane.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/rfc3339.h"
#include "themes/theme.h"
#include "tui/core/console.h"
#include "tui/core/fmt.h"
#include "tui/panes/panes.h"
#include "tui/panes/swarm.h"

enum {
	COL_TASK,
	COL_NODE,
	COL_DESIRED,
	COL_STATE,
	COL_SINCE,
	COL_ERROR,
	COL_CONTAINER,
	COL_EXIT,
	COL_ID,
	COL__COUNT
};

static const struct table_col tasks_cols[COL__COUNT] = {
    [COL_TASK] = {"TASK", 8, 32, 0, false},
    [COL_NODE] = {"NODE", 6, 20, 1, false},
    [COL_DESIRED] = {"DESIRED", 7, 8, 2, false},
    [COL_STATE] = {"CURRENT", 7, 10, 0, false},
    [COL_SINCE] = {"SINCE", 5, 14, 2, false},
    [COL_ERROR] = {"ERROR", 5, 0, 1, false},
    [COL_CONTAINER] = {"CONTAINER", 12, 12, 4, false},
    [COL_EXIT] = {"EXIT", 4, 4, 3, true},
    [COL_ID] = {"ID", 12, 12, 5, false},
};

struct tasks_priv {
	double next_poll;
};

static int
tasks_state_role(const char *st)
{
	if (strcmp(st, "running") == 0)
		return THEME_ROLE_RUNNING;
	if (strcmp(st, "failed") == 0 || strcmp(st, "rejected") == 0 ||
	    strcmp(st, "orphaned") == 0)
		return THEME_ROLE_ERROR;
	if (strcmp(st, "complete") == 0 || strcmp(st, "shutdown") == 0)
		return THEME_ROLE_STOPPED;
	return THEME_ROLE_WARN;
}

static void
tasks_row(struct pane *p, const struct docker_task *t)
{
	const struct store *s = &p->engine->store;
	struct pane_row *r = pane_add_row(p, t->id);
	char name[160], host[16], cid[16], ago[32];

	pane_cell(p, r, COL_TASK, swarm_task_name(s, t, name, sizeof name));
	pane_cell(
	    p, r, COL_NODE, swarm_node_host(s, t->node_id, host, sizeof host));
	pane_cell(p, r, COL_DESIRED, t->desired);
	pane_cell(p, r, COL_STATE, t->state);
	pane_role(p, r, COL_STATE, tasks_state_role(t->state));
	swarm_ago(ago, sizeof ago, t->timestamp);
	pane_cell(p, r, COL_SINCE, ago);
	pane_key(p, r, COL_SINCE, rfc3339_parse(t->timestamp));
	pane_cell(p, r, COL_ERROR, t->err ? t->err : "-");
	if (t->err)
		pane_role(p, r, COL_ERROR, THEME_ROLE_ERROR);
	if (t->container_id)
		fmt_short_id(cid, sizeof cid, t->container_id);
	pane_cell(p, r, COL_CONTAINER, t->container_id ? cid : "-");
	if (t->exit_code >= 0 && t->container_id)
		pane_cellf(p, r, COL_EXIT, "%d", t->exit_code);
	else
		pane_cell(p, r, COL_EXIT, "-");
	pane_key(p, r, COL_EXIT, t->exit_code);
	fmt_short_id(cid, sizeof cid, t->id);
	pane_cell(p, r, COL_ID, cid);
}

static void
tasks_sync(struct pane *p)
{
	const struct docker_task_list *l = p->engine->store.slot[KIND_TASK];

	for (size_t i = 0; l && i < l->n; i++)
		tasks_row(p, &l->v[i]);
}

static const char *
tasks_empty(struct pane *p)
{
	return swarm_empty(p, KIND_TASK, "no tasks");
}

static double
tasks_tick(struct pane *p, double now)
{
	struct tasks_priv *tp = p->priv;

	return swarm_poll(p, now, &tp->next_poll,
	    SLOT_BIT(KIND_TASK) | SLOT_BIT(KIND_SERVICE));
}

static const struct docker_task *
tasks_find(const struct store *s, const char *id)
{
	const struct docker_task_list *l = s->slot[KIND_TASK];

	for (size_t i = 0; id && l && i < l->n; i++)
		if (strcmp(l->v[i].id, id) == 0)
			return &l->v[i];
	return NULL;
}

/* Enter: the task's container, when it is on the engine shown. */
static void
tasks_jump(struct pane *p, const struct pane_row *r)
{
	const struct store *s = &p->engine->store;
	const struct docker_task *t = tasks_find(s, r->id);

	if (t == NULL || t->container_id == NULL) {
		console_info(
		    p->app, "%s has no container (yet)", r->cells[COL_TASK]);
		return;
	}
	if (store_container(s, t->container_id) == NULL ||
	    !console_show_object(p->app, KIND_CONTAINER, t->container_id)) {
		console_info(p->app,
		    "the container of %s is on node %s, not on this engine",
		    r->cells[COL_TASK], r->cells[COL_NODE]);
		return;
	}
}

static enum action
tasks_handle(struct pane *p, enum action a)
{
	const struct pane_row *r = pane_selected_row(p);

	if (a != ACTION_ENTER)
		return a;
	if (r == NULL)
		console_info(p->app, "nothing selected");
	else
		tasks_jump(p, r);
	return ACTION_NONE;
}

const struct pane_ops tasks_pane_ops = {
    .name = "tasks",
    .title = "Swarm tasks",
    .kind = KIND_TASK,
    .flags = PANE_FILTERABLE,
    .priv_size = sizeof(struct tasks_priv),
    .cols = tasks_cols,
    .ncols = COL__COUNT,
    /* Containers: to know which tasks run on this engine (Enter). */
    .wants = SLOT_BIT(KIND_TASK) | SLOT_BIT(KIND_SERVICE) |
	     SLOT_BIT(KIND_NODE) | SLOT_BIT(STORE_INFO) |
	     SLOT_BIT(STORE_CONTAINERS),
    .default_sort = COL_TASK,
    .sync = tasks_sync,
    .empty_text = tasks_empty,
    .shown = swarm_shown,
    .tick = tasks_tick,
    .handle = tasks_handle,
};
