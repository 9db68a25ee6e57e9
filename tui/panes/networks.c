/* The networks pane: driver, scope, subnets and attached containers. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/buf.h"
#include "api/xalloc.h"
#include "themes/theme.h"
#include "tui/core/console.h"
#include "tui/core/fmt.h"
#include "tui/panes/panes.h"

enum {
	COL_NAME,
	COL_DRIVER,
	COL_SCOPE,
	COL_SUBNET,
	COL_CONTAINERS,
	COL_ID,
	COL__COUNT
};

static const struct table_col networks_cols[COL__COUNT] = {
    [COL_NAME] = {"NAME", 8, 30, 0, false},
    [COL_DRIVER] = {"DRIVER", 6, 10, 1, false},
    [COL_SCOPE] = {"SCOPE", 5, 6, 3, false},
    [COL_SUBNET] = {"SUBNET", 10, 36, 2, false},
    [COL_CONTAINERS] = {"CONTAINERS", 10, 0, 1, false},
    [COL_ID] = {"ID", 12, 12, 4, false},
};

/*
 * Whether c is attached to n now. A created or stopped container names
 * its networks too, but only a running one has an endpoint on them.
 */
static bool
networks_attached(
    const struct docker_container *c, const struct docker_network *n)
{
	for (size_t k = 0; k < c->n_nets; k++) {
		const struct docker_endpoint_net *e = &c->nets[k];

		if (e->endpoint_id == NULL)
			continue;
		if ((e->network_id && strcmp(e->network_id, n->id) == 0) ||
		    (e->network && strcmp(e->network, n->name) == 0))
			return true;
	}
	return false;
}

static void
networks_sync(struct pane *p)
{
	const struct store *s = &p->engine->store;
	struct buf b;

	if (store_networks(s) == NULL)
		return;
	buf_init(&b);
	for (size_t i = 0; i < store_networks(s)->n; i++) {
		const struct docker_network *n = &store_networks(s)->v[i];
		struct pane_row *r = pane_add_row(p, n->id);
		int64_t count = 0;
		char id[16];

		pane_cell(p, r, COL_NAME, n->name);
		pane_cell(p, r, COL_DRIVER, n->driver);
		pane_cell(p, r, COL_SCOPE, n->scope);
		buf_reset(&b);
		for (size_t k = 0; k < n->n_ipam; k++)
			if (n->ipam[k].subnet)
				buf_printf(&b, "%s%s", b.len ? ", " : "",
				    n->ipam[k].subnet);
		pane_cell(p, r, COL_SUBNET, buf_cstr(&b));
		/* The list call leaves Containers empty; the container list
		 * says which networks each container is on. */
		buf_reset(&b);
		for (size_t c = 0;
		     store_containers(s) && c < store_containers(s)->n; c++) {
			const struct docker_container *ct =
			    &store_containers(s)->v[c];

			if (networks_attached(ct, n)) {
				buf_printf(
				    &b, "%s%s", b.len ? ", " : "", ct->name);
				count++;
			}
		}
		pane_cell(p, r, COL_CONTAINERS, count ? buf_cstr(&b) : "");
		pane_key(p, r, COL_CONTAINERS, count);
		fmt_short_id(id, sizeof id, n->id);
		pane_cell(p, r, COL_ID, id);
	}
	buf_done(&b);
}

static const char *
networks_empty(struct pane *p)
{
	const struct store *s = &p->engine->store;

	if (s->error[STORE_NETWORKS])
		return s->error[STORE_NETWORKS];
	if (!s->loaded[STORE_NETWORKS])
		return "loading networks…";
	return "no networks";
}

const struct pane_ops networks_pane_ops = {
    .name = "networks",
    .alias = "n",
    .title = "Networks",
    .kind = KIND_NETWORK,
    .flags = PANE_FILTERABLE,
    .cols = networks_cols,
    .ncols = COL__COUNT,
    .wants = SLOT_BIT(STORE_NETWORKS) | SLOT_BIT(STORE_CONTAINERS),
    .default_sort = COL_NAME,
    .sync = networks_sync,
    .empty_text = networks_empty,
};
