/*
 * The nodes pane: the swarm's nodes as a manager sees them (hostname,
 * role, availability, status, manager status, engine version, address,
 * CPUs and memory, labels, tasks running on each). The keys that change
 * a node are in tui/actions/swarm.c.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "themes/theme.h"
#include "tui/core/console.h"
#include "tui/core/fmt.h"
#include "tui/panes/panes.h"
#include "tui/panes/swarm.h"

enum {
	COL_HOST,
	COL_ROLE,
	COL_AVAIL,
	COL_STATUS,
	COL_MANAGER,
	COL_ENGINE,
	COL_ADDR,
	COL_MACHINE,
	COL_TASKS,
	COL_LABELS,
	COL_ID,
	COL__COUNT
};

static const struct table_col nodes_cols[COL__COUNT] = {
    [COL_HOST] = {"HOSTNAME", 8, 30, 0, false},
    [COL_ROLE] = {"ROLE", 7, 7, 1, false},
    [COL_AVAIL] = {"AVAILABILITY", 6, 12, 1, false},
    [COL_STATUS] = {"STATUS", 6, 24, 0, false},
    [COL_MANAGER] = {"MANAGER", 7, 11, 2, false},
    [COL_ENGINE] = {"ENGINE", 6, 16, 4, false},
    [COL_ADDR] = {"ADDRESS", 9, 16, 3, false},
    [COL_MACHINE] = {"CPUS/MEM", 8, 14, 4, false},
    [COL_TASKS] = {"TASKS", 5, 6, 2, true},
    [COL_LABELS] = {"LABELS", 6, 0, 5, false},
    [COL_ID] = {"ID", 12, 12, 6, false},
};

struct nodes_priv {
	double next_poll;
};

/* Running tasks per node. */
static int64_t
nodes_tasks(const struct store *s, const char *node)
{
	const struct docker_task_list *l = s->slot[KIND_TASK];
	int64_t n = 0;

	for (size_t i = 0; l && i < l->n; i++)
		n += l->v[i].node_id && strcmp(l->v[i].node_id, node) == 0 &&
		     strcmp(l->v[i].state, "running") == 0;
	return n;
}

static void
nodes_row(struct pane *p, const struct docker_node *nd)
{
	const struct store *s = &p->engine->store;
	struct pane_row *r = pane_add_row(p, nd->id);
	char mem[16], sid[16], *labels;
	int64_t tasks = nodes_tasks(s, nd->id);

	pane_cell(p, r, COL_HOST, nd->hostname);
	pane_cell(p, r, COL_ROLE, nd->role);
	pane_cell(p, r, COL_AVAIL, nd->availability);
	if (strcmp(nd->availability, "active") != 0)
		pane_role(p, r, COL_AVAIL, THEME_ROLE_WARN);
	if (nd->message && strcmp(nd->state, "ready") != 0)
		pane_cellf(p, r, COL_STATUS, "%s: %s", nd->state, nd->message);
	else
		pane_cell(p, r, COL_STATUS, nd->state);
	pane_role(p, r, COL_STATUS,
	    strcmp(nd->state, "ready") == 0 ? THEME_ROLE_RUNNING
					    : THEME_ROLE_ERROR);
	if (nd->leader)
		pane_cell(p, r, COL_MANAGER, "leader");
	else
		pane_cell(p, r, COL_MANAGER,
		    nd->reachability ? nd->reachability : "-");
	if (nd->reachability && strcmp(nd->reachability, "reachable") != 0)
		pane_role(p, r, COL_MANAGER, THEME_ROLE_ERROR);
	pane_cell(p, r, COL_ENGINE, nd->engine_version);
	pane_cell(p, r, COL_ADDR, nd->addr);
	fmt_size(mem, sizeof mem, nd->memory);
	pane_cellf(
	    p, r, COL_MACHINE, "%g/%s", (double)nd->nano_cpus / 1e9, mem);
	pane_key(p, r, COL_MACHINE, nd->nano_cpus);
	pane_cellf(p, r, COL_TASKS, "%lld", (long long)tasks);
	pane_key(p, r, COL_TASKS, tasks);
	labels = swarm_labels(&nd->labels);
	pane_cell(p, r, COL_LABELS, labels);
	free(labels);
	fmt_short_id(sid, sizeof sid, nd->id);
	pane_cell(p, r, COL_ID, sid);
}

static void
nodes_sync(struct pane *p)
{
	const struct docker_node_list *l = p->engine->store.slot[KIND_NODE];

	for (size_t i = 0; l && i < l->n; i++)
		nodes_row(p, &l->v[i]);
}

static const char *
nodes_empty(struct pane *p)
{
	return swarm_empty(p, KIND_NODE, "no nodes");
}

static double
nodes_tick(struct pane *p, double now)
{
	struct nodes_priv *np = p->priv;

	return swarm_poll(
	    p, now, &np->next_poll, SLOT_BIT(KIND_NODE) | SLOT_BIT(KIND_TASK));
}

/* Enter: the tasks on the node (the tasks pane filtered by its name). */
static enum action
nodes_handle(struct pane *p, enum action a)
{
	const struct pane_row *r = pane_selected_row(p);
	struct pane *tp;

	if (a != ACTION_ENTER)
		return a;
	if (r == NULL) {
		console_info(p->app, "nothing selected");
		return ACTION_NONE;
	}
	tp = console_pane_of_kind(p->app, KIND_TASK);
	if (tp && console_show_pane(p->app, tp->ops->name)) {
		pane_set_filter(tp, r->cells[COL_HOST], false);
		console_info(p->app, "the tasks on %s (Esc shows all)",
		    r->cells[COL_HOST]);
	}
	return ACTION_NONE;
}

const struct pane_ops nodes_pane_ops = {
    .name = "nodes",
    .title = "Swarm nodes",
    .kind = KIND_NODE,
    .flags = PANE_FILTERABLE,
    .priv_size = sizeof(struct nodes_priv),
    .cols = nodes_cols,
    .ncols = COL__COUNT,
    .wants = SLOT_BIT(KIND_NODE) | SLOT_BIT(KIND_TASK) | SLOT_BIT(STORE_INFO),
    .default_sort = COL_HOST,
    .sync = nodes_sync,
    .empty_text = nodes_empty,
    .shown = swarm_shown,
    .tick = nodes_tick,
    .handle = nodes_handle,
};
