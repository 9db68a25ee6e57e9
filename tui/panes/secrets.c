/*
 * The secrets and configs panes: name, created and updated, labels, the
 * services using each. A secret's data is never read back (the engine
 * does not give it); a config's is not shown here either (i shows its
 * JSON). Create and remove are in tui/actions/swarm.c.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/buf.h"
#include "api/rfc3339.h"
#include "api/xalloc.h"
#include "tui/core/console.h"
#include "tui/core/fmt.h"
#include "tui/panes/panes.h"
#include "tui/panes/swarm.h"

enum {
	COL_NAME,
	COL_CREATED,
	COL_UPDATED,
	COL_SERVICES,
	COL_LABELS,
	COL_ID,
	COL__COUNT
};

static const struct table_col secrets_cols[COL__COUNT] = {
    [COL_NAME] = {"NAME", 8, 32, 0, false},
    [COL_CREATED] = {"CREATED", 7, 14, 2, false},
    [COL_UPDATED] = {"UPDATED", 7, 14, 3, false},
    [COL_SERVICES] = {"SERVICES", 8, 40, 1, false},
    [COL_LABELS] = {"LABELS", 6, 0, 4, false},
    [COL_ID] = {"ID", 12, 12, 5, false},
};

/* The services whose spec names the secret (or config) name. */
static void
secrets_users(struct pane *p, struct pane_row *r, const char *name, bool config,
    struct buf *b)
{
	const struct docker_service_list *l =
	    p->engine->store.slot[KIND_SERVICE];
	int64_t n = 0;

	buf_reset(b);
	for (size_t i = 0; l && i < l->n; i++) {
		char *const *v = config ? l->v[i].configs : l->v[i].secrets;

		for (size_t k = 0; v && v[k]; k++)
			if (strcmp(v[k], name) == 0) {
				buf_printf(
				    b, "%s%s", n++ ? ", " : "", l->v[i].name);
				break;
			}
	}
	pane_cell(p, r, COL_SERVICES, n ? buf_cstr(b) : "-");
	pane_key(p, r, COL_SERVICES, n);
}

static void
secrets_sync_kind(struct pane *p, enum kind k)
{
	const struct docker_swarm_object_list *l = p->engine->store.slot[k];
	struct buf b;

	buf_init(&b);
	for (size_t i = 0; l && i < l->n; i++) {
		const struct docker_swarm_object *o = &l->v[i];
		struct pane_row *r = pane_add_row(p, o->id);
		char ago[32], sid[16], *labels;

		pane_cell(p, r, COL_NAME, o->name);
		swarm_ago(ago, sizeof ago, o->created);
		pane_cell(p, r, COL_CREATED, ago);
		pane_key(p, r, COL_CREATED, rfc3339_parse(o->created));
		swarm_ago(ago, sizeof ago, o->updated);
		pane_cell(p, r, COL_UPDATED, ago);
		pane_key(p, r, COL_UPDATED, rfc3339_parse(o->updated));
		secrets_users(p, r, o->name, k == KIND_CONFIG, &b);
		labels = swarm_labels(&o->labels);
		pane_cell(p, r, COL_LABELS, labels);
		free(labels);
		fmt_short_id(sid, sizeof sid, o->id);
		pane_cell(p, r, COL_ID, sid);
	}
	buf_done(&b);
}

static void
secrets_sync(struct pane *p)
{
	secrets_sync_kind(p, KIND_SECRET);
}

static void
configs_sync(struct pane *p)
{
	secrets_sync_kind(p, KIND_CONFIG);
}

static const char *
secrets_empty(struct pane *p)
{
	return swarm_empty(p, KIND_SECRET, "no secrets (C creates one)");
}

static const char *
configs_empty(struct pane *p)
{
	return swarm_empty(p, KIND_CONFIG, "no configs (C creates one)");
}

const struct pane_ops secrets_pane_ops = {
    .name = "secrets",
    .title = "Swarm secrets",
    .kind = KIND_SECRET,
    .flags = PANE_FILTERABLE,
    .cols = secrets_cols,
    .ncols = COL__COUNT,
    .wants =
	SLOT_BIT(KIND_SECRET) | SLOT_BIT(KIND_SERVICE) | SLOT_BIT(STORE_INFO),
    .default_sort = COL_NAME,
    .sync = secrets_sync,
    .empty_text = secrets_empty,
    .shown = swarm_shown,
};

const struct pane_ops configs_pane_ops = {
    .name = "configs",
    .title = "Swarm configs",
    .kind = KIND_CONFIG,
    .flags = PANE_FILTERABLE,
    .cols = secrets_cols,
    .ncols = COL__COUNT,
    .wants =
	SLOT_BIT(KIND_CONFIG) | SLOT_BIT(KIND_SERVICE) | SLOT_BIT(STORE_INFO),
    .default_sort = COL_NAME,
    .sync = configs_sync,
    .empty_text = configs_empty,
    .shown = swarm_shown,
};
