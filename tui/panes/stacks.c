/*
 * The stacks pane: the swarm's stacks (the services, networks, secrets
 * and configs labelled com.docker.stack.namespace), with their tasks
 * running and desired. Enter shows the stack's services; d removes the
 * whole stack after a preview (tui/actions/swarm.c).
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/stack.h"
#include "api/xalloc.h"
#include "themes/theme.h"
#include "tui/core/console.h"
#include "tui/panes/panes.h"
#include "tui/panes/swarm.h"

enum {
	COL_NAME,
	COL_SERVICES,
	COL_TASKS,
	COL_NETWORKS,
	COL_SECRETS,
	COL_CONFIGS,
	COL__COUNT
};

static const struct table_col stacks_cols[COL__COUNT] = {
    [COL_NAME] = {"STACK", 8, 24, 0, false},
    [COL_SERVICES] = {"SERVICES", 10, 40, 0, false},
    [COL_TASKS] = {"TASKS", 9, 12, 1, true},
    [COL_NETWORKS] = {"NETWORKS", 8, 30, 2, false},
    [COL_SECRETS] = {"SECRETS", 7, 24, 3, false},
    [COL_CONFIGS] = {"CONFIGS", 7, 0, 3, false},
};

struct stacks_priv {
	double next_poll;
};

/* "2: web, db" or "-". */
static void
stacks_objects(struct pane *p, struct pane_row *r, size_t col,
    const struct stack_objects *o)
{
	char *j;

	if (o->n == 0) {
		pane_cell(p, r, col, "-");
		pane_key(p, r, col, 0);
		return;
	}
	j = strv_join(o->names, ", ");
	pane_cellf(p, r, col, "%zu: %s", o->n, j);
	pane_key(p, r, col, (int64_t)o->n);
	free(j);
}

static void
stacks_sync(struct pane *p)
{
	const struct store *s = &p->engine->store;
	struct stack_list *l;

	if (s->slot[KIND_SERVICE] == NULL)
		return;
	l = stack_list_make(s->slot[KIND_SERVICE], store_networks(s),
	    s->slot[KIND_SECRET], s->slot[KIND_CONFIG]);
	for (size_t i = 0; i < l->n; i++) {
		const struct stack *st = &l->v[i];
		struct pane_row *r = pane_add_row(p, st->name);

		pane_cell(p, r, COL_NAME, st->name);
		stacks_objects(p, r, COL_SERVICES, &st->services);
		pane_cellf(p, r, COL_TASKS, "%lld/%lld", (long long)st->running,
		    (long long)st->desired);
		pane_key(p, r, COL_TASKS, st->running * 100000 + st->desired);
		pane_role(p, r, COL_TASKS,
		    st->running < st->desired ? THEME_ROLE_WARN
					      : THEME_ROLE_RUNNING);
		stacks_objects(p, r, COL_NETWORKS, &st->networks);
		stacks_objects(p, r, COL_SECRETS, &st->secrets);
		stacks_objects(p, r, COL_CONFIGS, &st->configs);
	}
	stack_list_free(l);
}

static const char *
stacks_empty(struct pane *p)
{
	return swarm_empty(p, KIND_SERVICE,
	    "no stacks (no service has the label " SWARM_STACK_LABEL ")");
}

static double
stacks_tick(struct pane *p, double now)
{
	struct stacks_priv *sp = p->priv;

	return swarm_poll(p, now, &sp->next_poll, SLOT_BIT(KIND_SERVICE));
}

/* Enter: the services pane filtered to the stack's ("shop_"). */
static enum action
stacks_handle(struct pane *p, enum action a)
{
	const char *id = pane_selected_id(p);
	struct pane *sp;
	char *f;

	if (a != ACTION_ENTER)
		return a;
	if (id == NULL) {
		console_info(p->app, "nothing selected");
		return ACTION_NONE;
	}
	sp = console_pane_of_kind(p->app, KIND_SERVICE);
	if (sp && console_show_pane(p->app, sp->ops->name)) {
		f = xasprintf("%s_", id);
		pane_set_filter(sp, f, false);
		free(f);
		console_info(
		    p->app, "the services of stack %s (Esc shows all)", id);
	}
	return ACTION_NONE;
}

const struct pane_ops stacks_pane_ops = {
    .name = "stacks",
    .title = "Swarm stacks",
    .kind = KIND_STACK,
    .flags = PANE_FILTERABLE,
    .priv_size = sizeof(struct stacks_priv),
    .cols = stacks_cols,
    .ncols = COL__COUNT,
    .wants = SLOT_BIT(KIND_SERVICE) | SLOT_BIT(KIND_SECRET) |
	     SLOT_BIT(KIND_CONFIG) | SLOT_BIT(STORE_NETWORKS) |
	     SLOT_BIT(STORE_INFO),
    .default_sort = COL_NAME,
    .sync = stacks_sync,
    .empty_text = stacks_empty,
    .shown = swarm_shown,
    .tick = stacks_tick,
    .handle = stacks_handle,
};
