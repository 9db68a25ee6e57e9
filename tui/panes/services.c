/*
 * The services pane: the swarm's services (mode, replicas running and
 * desired, image, published ports, stack, the state of an update with
 * its error, created and updated). Enter shows its tasks, l the logs of
 * every task merged; the keys that change a service are in
 * tui/actions/swarm.c.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/buf.h"
#include "api/rfc3339.h"
#include "api/xalloc.h"
#include "themes/theme.h"
#include "tui/core/console.h"
#include "tui/core/fmt.h"
#include "tui/panes/panes.h"
#include "tui/panes/swarm.h"

enum {
	COL_NAME,
	COL_MODE,
	COL_REPLICAS,
	COL_IMAGE,
	COL_PORTS,
	COL_STACK,
	COL_UPDATE,
	COL_CREATED,
	COL_UPDATED,
	COL_ID,
	COL__COUNT
};

static const struct table_col services_cols[COL__COUNT] = {
    [COL_NAME] = {"NAME", 8, 30, 0, false},
    [COL_MODE] = {"MODE", 6, 10, 2, false},
    [COL_REPLICAS] = {"REPLICAS", 8, 10, 0, true},
    [COL_IMAGE] = {"IMAGE", 10, 40, 1, false},
    [COL_PORTS] = {"PORTS", 6, 24, 3, false},
    [COL_STACK] = {"STACK", 5, 16, 3, false},
    [COL_UPDATE] = {"UPDATE", 6, 0, 2, false},
    [COL_CREATED] = {"CREATED", 7, 14, 5, false},
    [COL_UPDATED] = {"UPDATED", 7, 14, 5, false},
    [COL_ID] = {"ID", 12, 12, 6, false},
};

struct services_priv {
	double next_poll;
	char sub[512]; /* the subtitle */
};

/* "repo:tag@sha256:0123456789ab": the digest cut to 12 digits. */
static void
services_image(struct pane *p, struct pane_row *r, const char *image)
{
	const char *at = strstr(image, "@sha256:");

	if (at == NULL || strlen(at) <= 8 + 12)
		pane_cell(p, r, COL_IMAGE, image);
	else
		pane_cellf(p, r, COL_IMAGE, "%.*s@%.12s", (int)(at - image),
		    image, at + 8);
}

static void
services_replicas(
    struct pane *p, struct pane_row *r, const struct docker_service *sv)
{
	int64_t desired = sv->desired >= 0 ? sv->desired : sv->replicas;

	if (sv->running < 0)
		pane_cellf(p, r, COL_REPLICAS, "?/%lld", (long long)desired);
	else
		pane_cellf(p, r, COL_REPLICAS, "%lld/%lld",
		    (long long)sv->running, (long long)desired);
	pane_key(p, r, COL_REPLICAS, sv->running * 100000 + desired);
	if (sv->running >= 0 && sv->running < desired)
		pane_role(p, r, COL_REPLICAS,
		    sv->running == 0 ? THEME_ROLE_ERROR : THEME_ROLE_WARN);
	else
		pane_role(p, r, COL_REPLICAS, THEME_ROLE_RUNNING);
}

static void
services_ports(struct pane *p, struct pane_row *r,
    const struct docker_service *sv, struct buf *b)
{
	buf_reset(b);
	for (size_t i = 0; i < sv->n_ports; i++) {
		const struct docker_service_port *pt = &sv->ports[i];

		buf_printf(b, "%s%s%d->%d/%s", i ? ", " : "",
		    strcmp(pt->mode, "host") == 0 ? "host:" : "*:",
		    pt->published, pt->target, pt->protocol);
	}
	pane_cell(p, r, COL_PORTS, b->len ? buf_cstr(b) : "-");
}

static void
services_dates(
    struct pane *p, struct pane_row *r, const struct docker_service *sv)
{
	char ago[32];

	swarm_ago(ago, sizeof ago, sv->created);
	pane_cell(p, r, COL_CREATED, ago);
	pane_key(p, r, COL_CREATED, rfc3339_parse(sv->created));
	swarm_ago(ago, sizeof ago, sv->updated);
	pane_cell(p, r, COL_UPDATED, ago);
	pane_key(p, r, COL_UPDATED, rfc3339_parse(sv->updated));
}

static void
services_row(struct pane *p, const struct docker_service *sv, struct buf *b)
{
	struct pane_row *r = pane_add_row(p, sv->id);
	char sid[16];

	pane_cell(p, r, COL_NAME, sv->name);
	pane_cell(p, r, COL_MODE, sv->mode);
	services_replicas(p, r, sv);
	services_image(p, r, sv->image);
	services_ports(p, r, sv, b);
	pane_cell(p, r, COL_STACK, sv->stack ? sv->stack : "-");
	if (sv->update_state == NULL)
		pane_cell(p, r, COL_UPDATE, "-");
	else {
		pane_cellf(p, r, COL_UPDATE, "%s%s%s", sv->update_state,
		    sv->update_message ? ": " : "",
		    sv->update_message ? sv->update_message : "");
		if (strcmp(sv->update_state, "completed") != 0 &&
		    strcmp(sv->update_state, "rollback_completed") != 0)
			pane_role(p, r, COL_UPDATE,
			    strcmp(sv->update_state, "updating") == 0
				? THEME_ROLE_WARN
				: THEME_ROLE_ERROR);
	}
	services_dates(p, r, sv);
	fmt_short_id(sid, sizeof sid, sv->id);
	pane_cell(p, r, COL_ID, sid);
}

static void
services_sync(struct pane *p)
{
	const struct docker_service_list *l =
	    p->engine->store.slot[KIND_SERVICE];
	struct buf b;

	buf_init(&b);
	for (size_t i = 0; l && i < l->n; i++)
		services_row(p, &l->v[i], &b);
	buf_done(&b);
}

static const char *
services_empty(struct pane *p)
{
	return swarm_empty(p, KIND_SERVICE, "no services");
}

static double
services_tick(struct pane *p, double now)
{
	struct services_priv *sp = p->priv;

	/* The running counts change with the tasks, without events. */
	return swarm_poll(p, now, &sp->next_poll, SLOT_BIT(KIND_SERVICE));
}

/* Enter: the tasks pane, filtered to the service's tasks ("web."). */
static void
services_show_tasks(struct pane *p, const char *name)
{
	struct pane *tp = console_pane_of_kind(p->app, KIND_TASK);
	char *f;

	if (tp == NULL || !console_show_pane(p->app, tp->ops->name)) {
		console_error(p->app, "no tasks pane to show %s in", name);
		return;
	}
	f = xasprintf("%s.", name);
	pane_set_filter(tp, f, false);
	free(f);
	console_info(p->app, "the tasks of %s (Esc shows all)", name);
}

static enum action
services_handle(struct pane *p, enum action a)
{
	const struct pane_row *r = pane_selected_row(p);

	if (a != ACTION_ENTER && a != ACTION_LOGS)
		return a;
	if (r == NULL) {
		console_info(p->app, "nothing selected");
		return ACTION_NONE;
	}
	if (a == ACTION_ENTER)
		services_show_tasks(p, r->cells[COL_NAME]);
	else
		/* The parts open a service's logs as the merged view. */
		console_open_detail(p->app, p->engine, KIND_SERVICE, r->id,
		    r->cells[COL_NAME], TAB_LOGS);
	return ACTION_NONE;
}

/* The selected service's update in full: its column is the narrowest. */
static const char *
services_subtitle(struct pane *p)
{
	struct services_priv *sp = p->priv;
	const struct pane_row *r = pane_selected_row(p);

	if (r == NULL || strcmp(r->cells[COL_UPDATE], "-") == 0 ||
	    r->cells[COL_UPDATE][0] == '\0')
		return NULL;
	snprintf(sp->sub, sizeof sp->sub, "%s: update %s", r->cells[COL_NAME],
	    r->cells[COL_UPDATE]);
	return sp->sub;
}

const struct pane_ops services_pane_ops = {
    .name = "services",
    .alias = "svc",
    .title = "Swarm services",
    .kind = KIND_SERVICE,
    .flags = PANE_FILTERABLE,
    .priv_size = sizeof(struct services_priv),
    .cols = services_cols,
    .ncols = COL__COUNT,
    .wants = SLOT_BIT(KIND_SERVICE) | SLOT_BIT(STORE_INFO),
    .default_sort = COL_NAME,
    .sync = services_sync,
    .empty_text = services_empty,
    .subtitle = services_subtitle,
    .shown = swarm_shown,
    .tick = services_tick,
    .handle = services_handle,
};
