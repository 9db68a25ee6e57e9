/* The images pane: tags, sizes, what uses each image, dangling ones. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/xalloc.h"
#include "themes/theme.h"
#include "tui/core/console.h"
#include "tui/core/fmt.h"
#include "tui/panes/panes.h"

enum {
	COL_TAG,
	COL_ID,
	COL_SIZE,
	COL_SHARED,
	COL_CREATED,
	COL_USED,
	COL_DANGLING,
	COL__COUNT
};

static const struct table_col images_cols[COL__COUNT] = {
    [COL_TAG] = {"REPOSITORY:TAG", 12, 0, 0, false},
    [COL_ID] = {"ID", 12, 12, 1, false},
    [COL_SIZE] = {"SIZE", 7, 9, 0, true},
    [COL_SHARED] = {"SHARED", 7, 9, 3, true},
    [COL_CREATED] = {"CREATED", 7, 8, 2, true},
    [COL_USED] = {"CONTAINERS", 10, 10, 2, true},
    [COL_DANGLING] = {"DANGLING", 8, 8, 4, false},
};

static bool
images_dangling(const struct docker_image *im)
{
	char *const *t = im->repo_tags;

	if (t == NULL || t[0] == NULL)
		return true;
	return strcmp(t[0], "<none>:<none>") == 0 && t[1] == NULL;
}

static int64_t
images_shared(const struct store *s, const char *id)
{
	if (store_df(s) == NULL)
		return -1;
	for (size_t i = 0; i < store_df(s)->n_images; i++)
		if (store_df(s)->images[i].id &&
		    strcmp(store_df(s)->images[i].id, id) == 0)
			return store_df(s)->images[i].shared_size;
	return -1;
}

static void
images_sync(struct pane *p)
{
	const struct store *s = &p->engine->store;
	int64_t now = fmt_now();

	if (store_images(s) == NULL)
		return;
	for (size_t i = 0; i < store_images(s)->n; i++) {
		const struct docker_image *im = &store_images(s)->v[i];
		struct pane_row *r = pane_add_row(p, im->id);
		bool dangling = images_dangling(im);
		int64_t used = 0, shared = im->shared_size >= 0
					       ? im->shared_size
					       : images_shared(s, im->id);
		char buf[64];

		if (dangling)
			pane_cell(p, r, COL_TAG, "<none>:<none>");
		else {
			char *tags = strv_join(im->repo_tags, ", ");

			pane_cell(p, r, COL_TAG, tags);
			free(tags);
		}
		fmt_short_id(buf, sizeof buf, im->id);
		pane_cell(p, r, COL_ID, buf);
		fmt_size(buf, sizeof buf, im->size);
		pane_cell(p, r, COL_SIZE, buf);
		pane_key(p, r, COL_SIZE, im->size);
		fmt_size(buf, sizeof buf, shared);
		pane_cell(p, r, COL_SHARED, buf);
		pane_key(p, r, COL_SHARED, shared);
		fmt_ago(buf, sizeof buf, im->created, now);
		pane_cell(p, r, COL_CREATED, buf);
		pane_key(p, r, COL_CREATED, im->created);
		for (size_t c = 0;
		     store_containers(s) && c < store_containers(s)->n; c++)
			if (store_containers(s)->v[c].image_id &&
			    strcmp(store_containers(s)->v[c].image_id,
				im->id) == 0)
				used++;
		pane_cellf(p, r, COL_USED, "%lld", (long long)used);
		pane_key(p, r, COL_USED, used);
		pane_cell(p, r, COL_DANGLING, dangling ? "yes" : "");
		if (dangling) {
			pane_role(p, r, COL_TAG, THEME_ROLE_DIM);
			pane_role(p, r, COL_DANGLING, THEME_ROLE_WARN);
		}
	}
}

static const char *
images_empty(struct pane *p)
{
	const struct store *s = &p->engine->store;

	if (s->error[STORE_IMAGES])
		return s->error[STORE_IMAGES];
	if (!s->loaded[STORE_IMAGES])
		return "loading images…";
	return "no images (u pulls one)";
}

static enum action
images_handle(struct pane *p, enum action a)
{
	if (a == ACTION_ENTER) {
		/* Enter on an image shows its layers. */
		const char *id = pane_selected_id(p);

		if (id && console_show_pane(p->app, "layers"))
			return ACTION_NONE;
	}
	return a;
}

const struct pane_ops images_pane_ops = {
    .name = "images",
    .alias = "i",
    .title = "Images",
    .kind = KIND_IMAGE,
    .flags = PANE_FILTERABLE,
    .cols = images_cols,
    .ncols = COL__COUNT,
    .wants = SLOT_BIT(STORE_IMAGES) | SLOT_BIT(STORE_CONTAINERS) |
	     SLOT_BIT(STORE_DF),
    .default_sort = COL_TAG,
    .sync = images_sync,
    .empty_text = images_empty,
    .handle = images_handle,
};
