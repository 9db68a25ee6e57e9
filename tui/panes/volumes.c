/* The volumes pane: drivers, sizes and the containers that use each. */

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
	COL_SIZE,
	COL_REFS,
	COL_USED_BY,
	COL_MOUNTPOINT,
	COL__COUNT
};

static const struct table_col volumes_cols[COL__COUNT] = {
    [COL_NAME] = {"NAME", 10, 40, 0, false},
    [COL_DRIVER] = {"DRIVER", 6, 10, 2, false},
    [COL_SIZE] = {"SIZE", 6, 9, 1, true},
    [COL_REFS] = {"REFS", 4, 4, 3, true},
    [COL_USED_BY] = {"CONTAINERS", 10, 40, 1, false},
    [COL_MOUNTPOINT] = {"MOUNTPOINT", 10, 0, 4, false},
};

static void
volumes_df(
    const struct store *s, const char *name, int64_t *size, int64_t *refs)
{
	if (store_df(s) == NULL)
		return;
	for (size_t i = 0; i < store_df(s)->n_volumes; i++)
		if (store_df(s)->volumes[i].name &&
		    strcmp(store_df(s)->volumes[i].name, name) == 0) {
			*size = store_df(s)->volumes[i].size;
			*refs = store_df(s)->volumes[i].ref_count;
		}
}

static void
volumes_sync(struct pane *p)
{
	const struct store *s = &p->engine->store;
	struct buf users;

	if (store_volumes(s) == NULL)
		return;
	buf_init(&users);
	for (size_t i = 0; i < store_volumes(s)->n; i++) {
		const struct docker_volume *v = &store_volumes(s)->v[i];
		struct pane_row *r = pane_add_row(p, v->name);
		int64_t size = v->size, refs = v->ref_count, n = 0;
		char buf[32];

		if (size < 0 || refs < 0)
			volumes_df(s, v->name, &size, &refs);
		buf_reset(&users);
		for (size_t c = 0;
		     store_containers(s) && c < store_containers(s)->n; c++) {
			const struct docker_container *ct =
			    &store_containers(s)->v[c];

			for (size_t m = 0; m < ct->n_mounts; m++)
				if (ct->mounts[m].name &&
				    strcmp(ct->mounts[m].name, v->name) == 0) {
					buf_printf(&users, "%s%s",
					    users.len ? ", " : "", ct->name);
					n++;
					break;
				}
		}
		pane_cell(p, r, COL_NAME, v->name);
		pane_cell(p, r, COL_DRIVER, v->driver);
		fmt_size(buf, sizeof buf, size);
		pane_cell(p, r, COL_SIZE, buf);
		pane_key(p, r, COL_SIZE, size);
		if (refs >= 0)
			pane_cellf(p, r, COL_REFS, "%lld", (long long)refs);
		else
			pane_cell(p, r, COL_REFS, "-");
		pane_key(p, r, COL_REFS, refs);
		pane_cell(p, r, COL_USED_BY, n ? buf_cstr(&users) : "(unused)");
		if (n == 0)
			pane_role(p, r, COL_USED_BY, THEME_ROLE_DIM);
		pane_cell(p, r, COL_MOUNTPOINT, v->mountpoint);
	}
	buf_done(&users);
}

static const char *
volumes_empty(struct pane *p)
{
	const struct store *s = &p->engine->store;

	if (s->error[STORE_VOLUMES])
		return s->error[STORE_VOLUMES];
	if (!s->loaded[STORE_VOLUMES])
		return "loading volumes…";
	return "no volumes";
}

const struct pane_ops volumes_pane_ops = {
    .name = "volumes",
    .alias = "v",
    .title = "Volumes",
    .kind = KIND_VOLUME,
    .flags = PANE_FILTERABLE,
    .cols = volumes_cols,
    .ncols = COL__COUNT,
    .wants = SLOT_BIT(STORE_VOLUMES) | SLOT_BIT(STORE_CONTAINERS) |
	     SLOT_BIT(STORE_DF),
    .default_sort = COL_NAME,
    .sync = volumes_sync,
    .empty_text = volumes_empty,
};
