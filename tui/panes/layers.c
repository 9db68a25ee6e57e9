/*
 * The layers pane: the layers of the image selected in the images pane,
 * what created each, its size, how many other local images share it, and
 * the writable layers of the containers made from the image.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/calls.h"
#include "api/create.h"
#include "api/decode.h"
#include "api/xalloc.h"
#include "themes/theme.h"
#include "tui/core/console.h"
#include "tui/core/fmt.h"
#include "tui/panes/panes.h"

enum {
	COL_NUM,
	COL_LAYER,
	COL_SIZE,
	COL_CREATED,
	COL_SHARED,
	COL_CREATED_BY,
	COL__COUNT
};

static const struct table_col layers_cols[COL__COUNT] = {
    [COL_NUM] = {"#", 3, 3, 0, true},
    [COL_LAYER] = {"LAYER", 12, 12, 3, false},
    [COL_SIZE] = {"SIZE", 7, 9, 0, true},
    [COL_CREATED] = {"CREATED", 7, 8, 2, true},
    [COL_SHARED] = {"SHARED WITH", 11, 11, 1, true},
    [COL_CREATED_BY] = {"CREATED BY", 10, 0, 0, false},
};

struct layers_image {
	char *id;
	char **layers; /* RootFS.Layers, NULL while loading or once gone */
	char **tags;
	struct docker_call *call;
	struct pane *pane;
	bool failed; /* the last inspect failed: not asked again by itself */
	bool stale; /* an event changed it: inspect it again */
	bool gone; /* deleted on the engine (or 404) */
	unsigned gone_gen; /* the store's images generation then */
};

struct layers_priv {
	char *image; /* the image shown */
	char *title;
	/* Every image in the store; each one allocated on its own, as
	 * requests in flight point at it. */
	struct layers_image **imgs;
	size_t n_imgs;
	struct docker_history *history;
	struct docker_call *history_call;
	struct docker_container_list *sized; /* with SizeRw, lazily */
	struct docker_call *sized_call;
	char *error;
};

static struct layers_image *
layers_find(struct layers_priv *lp, const char *id)
{
	for (size_t i = 0; i < lp->n_imgs; i++)
		if (strcmp(lp->imgs[i]->id, id) == 0)
			return lp->imgs[i];
	return NULL;
}

static void
layers_image_free(struct docker *d, struct layers_image *li)
{
	if (li == NULL)
		return;
	if (li->call)
		docker_cancel(d, li->call);
	free(li->id);
	strv_free(li->layers);
	strv_free(li->tags);
	free(li);
}

/* Forgets what the image was known to be (it was deleted). */
static void
layers_image_forget(struct layers_image *li)
{
	const struct store *s = &li->pane->engine->store;

	if (li->call)
		docker_cancel(li->pane->engine->d, li->call);
	li->call = NULL;
	strv_free(li->layers);
	strv_free(li->tags);
	li->layers = li->tags = NULL;
	li->failed = li->gone = true;
	li->gone_gen = s->gen[STORE_IMAGES];
	li->stale = false;
}

static void
layers_on_inspect(const struct docker_reply *r, void *arg)
{
	struct layers_image *li = arg;
	struct docker_image_detail *d;
	char *cause = NULL;

	li->call = NULL;
	li->pane->dirty = true;
	console_dirty(li->pane->app);
	if (r->status != DOCKER_OK ||
	    (d = decode_image_detail(r->body, r->len, &cause)) == NULL) {
		free(cause);
		/* A 404 is an image deleted since it was listed; after
		 * other failures what was known still holds. */
		if (r->http_status == 404)
			layers_image_forget(li);
		li->failed = true;
		return;
	}
	strv_free(li->layers);
	strv_free(li->tags);
	li->layers =
	    d->layers ? strv_dup(d->layers) : xcalloc(1, sizeof *li->layers);
	li->tags = d->repo_tags ? strv_dup(d->repo_tags)
				: xcalloc(1, sizeof *li->tags);
	li->failed = li->gone = false;
	docker_image_detail_free(d);
}

static void
layers_on_history(const struct docker_reply *r, void *arg)
{
	struct pane *p = arg;
	struct layers_priv *lp = p->priv;
	char *cause = NULL;

	lp->history_call = NULL;
	p->dirty = true;
	console_dirty(p->app);
	docker_history_free(lp->history);
	lp->history = NULL;
	if (r->status != DOCKER_OK) {
		free(lp->error);
		lp->error = xstrdup(r->message ? r->message : "history failed");
		return;
	}
	lp->history = decode_history(r->body, r->len, &cause);
	free(cause);
}

static void
layers_on_sized(const struct docker_reply *r, void *arg)
{
	struct pane *p = arg;
	struct layers_priv *lp = p->priv;
	char *cause = NULL;

	lp->sized_call = NULL;
	p->dirty = true;
	console_dirty(p->app);
	if (r->status == DOCKER_OK) {
		docker_container_list_free(lp->sized);
		lp->sized = decode_container_list(r->body, r->len, &cause);
		free(cause);
	}
}

static void
layers_clear_image(struct pane *p)
{
	struct layers_priv *lp = p->priv;
	struct docker *d = p->engine->d;

	if (lp->history_call)
		docker_cancel(d, lp->history_call);
	if (lp->sized_call)
		docker_cancel(d, lp->sized_call);
	lp->history_call = lp->sized_call = NULL;
	docker_history_free(lp->history);
	docker_container_list_free(lp->sized);
	lp->history = NULL;
	lp->sized = NULL;
	free(lp->error);
	lp->error = NULL;
}

/*
 * Matches the images with the store's list: those no longer listed are
 * forgotten, so they count nowhere, and new ones are added (not yet
 * inspected). Without a list yet, nothing is known to be gone.
 */
static void
layers_track(struct pane *p)
{
	struct layers_priv *lp = p->priv;
	const struct store *s = &p->engine->store;
	struct docker *d = p->engine->d;
	size_t k = 0;

	if (store_images(s) == NULL)
		return;
	for (size_t i = 0; i < lp->n_imgs; i++) {
		struct layers_image *li = lp->imgs[i];

		if (store_image(s, li->id) == NULL) {
			layers_image_free(d, li);
			continue;
		}
		/* Deleted, yet in a list made since: made again (a load). */
		if (li->gone && li->gone_gen != s->gen[STORE_IMAGES])
			li->gone = li->failed = false;
		lp->imgs[k++] = li;
	}
	lp->n_imgs = k;
	for (size_t i = 0; i < store_images(s)->n; i++) {
		const char *id = store_images(s)->v[i].id;
		struct layers_image *li;

		if (layers_find(lp, id))
			continue;
		lp->imgs =
		    xreallocarray(lp->imgs, lp->n_imgs + 1, sizeof *lp->imgs);
		li = xcalloc(1, sizeof *li);
		li->id = xstrdup(id);
		li->pane = p;
		lp->imgs[lp->n_imgs++] = li;
	}
}

/* Starts what is missing: inspect of every image, history, sizes. */
static void
layers_fetch(struct pane *p)
{
	struct layers_priv *lp = p->priv;
	struct docker *d = p->engine->d;

	layers_track(p);
	for (size_t k = 0; k < lp->n_imgs; k++) {
		struct layers_image *li = lp->imgs[k];

		if (li->call || (!li->stale && (li->layers || li->failed)))
			continue;
		li->stale = false;
		li->call =
		    docker_image_inspect(d, li->id, layers_on_inspect, li);
	}
	if (lp->image == NULL)
		return;
	if (lp->history == NULL && lp->history_call == NULL)
		lp->history_call =
		    docker_image_history(d, lp->image, layers_on_history, p);
	if (lp->sized == NULL && lp->sized_call == NULL) {
		/* size=1 is slow on big hosts: only here, only for this image. */
		char key[] = "ancestor";
		struct kv kv = {.key = key, .value = lp->image};
		struct kvlist filter = {.v = &kv, .n = 1};
		char *cause = NULL,
		     *json = create_filters_json(&filter, &cause);

		if (json)
			lp->sized_call = docker_container_list_filtered(
			    d, json, true, layers_on_sized, p);
		free(json);
		free(cause);
	}
}

static void
layers_pick_image(struct pane *p)
{
	struct layers_priv *lp = p->priv;
	struct pane *images = console_pane_of_kind(p->app, KIND_IMAGE);
	const char *id = images ? pane_selected_id(images) : NULL;
	const struct store *s = &p->engine->store;

	if (id == NULL && store_images(s) && store_images(s)->n)
		id = store_images(s)->v[0].id;
	if (id == NULL || (lp->image && strcmp(lp->image, id) == 0))
		return;
	layers_clear_image(p);
	free(lp->image);
	lp->image = xstrdup(id);
	p->dirty = true;
}

static void
layers_visible(struct pane *p, bool on)
{
	if (!on)
		return;
	layers_pick_image(p);
	layers_fetch(p);
}

/* Whether a history entry made a layer (metadata steps make none). */
static bool
layers_makes_layer(const struct docker_history_entry *h)
{
	const char *cb = h->created_by ? h->created_by : "";
	const char *nop = strstr(cb, "#(nop)");

	if (nop)
		return strstr(nop, " ADD ") || strstr(nop, " COPY ");
	if (h->size > 0)
		return true;
	while (*cb == ' ')
		cb++;
	return !strncmp(cb, "RUN", 3) || !strncmp(cb, "COPY", 4) ||
	       !strncmp(cb, "ADD", 3) || !strncmp(cb, "/bin/sh -c", 10) ||
	       *cb == '\0';
}

static void
layers_sync(struct pane *p)
{
	struct layers_priv *lp = p->priv;
	struct layers_image *me;
	const struct docker_history_entry **made = NULL;
	size_t n_made = 0, nl;
	int64_t now = fmt_now();

	free(lp->title);
	lp->title = NULL;
	if (lp->image == NULL)
		return;
	if (p->visible)
		layers_fetch(p);
	else
		layers_track(p);
	me = layers_find(lp, lp->image);
	if (me == NULL || me->layers == NULL)
		return;
	lp->title =
	    me->tags && me->tags[0] ? xstrdup(me->tags[0]) : xstrdup(lp->image);
	nl = strv_len(me->layers);
	/* History is newest first; layers are bottom first. */
	if (lp->history) {
		made = xcalloc(lp->history->n + 1, sizeof *made);
		for (size_t i = lp->history->n; i-- > 0;)
			if (layers_makes_layer(&lp->history->v[i]))
				made[n_made++] = &lp->history->v[i];
		if (n_made != nl)
			n_made = 0; /* cannot pair them: show layers only */
	}
	for (size_t i = 0; i < nl; i++) {
		const char *layer = me->layers[i];
		struct pane_row *r = pane_add_row(p, layer);
		int64_t shared = 0;
		char buf[32];

		pane_cellf(p, r, COL_NUM, "%zu", i + 1);
		pane_key(p, r, COL_NUM, (int64_t)i);
		fmt_short_id(buf, sizeof buf, layer);
		pane_cell(p, r, COL_LAYER, buf);
		for (size_t k = 0; k < lp->n_imgs; k++) {
			struct layers_image *o = lp->imgs[k];

			if (o == me || o->layers == NULL)
				continue;
			for (char **l = o->layers; *l; l++)
				if (strcmp(*l, layer) == 0) {
					shared++;
					break;
				}
		}
		pane_cellf(p, r, COL_SHARED, "%lld", (long long)shared);
		pane_key(p, r, COL_SHARED, shared);
		if (shared)
			pane_role(p, r, COL_SHARED, THEME_ROLE_RUNNING);
		if (n_made) {
			const struct docker_history_entry *h = made[i];

			fmt_size(buf, sizeof buf, h->size);
			pane_cell(p, r, COL_SIZE, buf);
			pane_key(p, r, COL_SIZE, h->size);
			fmt_ago(buf, sizeof buf, h->created, now);
			pane_cell(p, r, COL_CREATED, buf);
			pane_key(p, r, COL_CREATED, h->created);
			pane_cell(p, r, COL_CREATED_BY, h->created_by);
		} else {
			pane_cell(p, r, COL_SIZE, "-");
			pane_cell(p, r, COL_CREATED, "-");
			pane_cell(p, r, COL_CREATED_BY,
			    lp->history ? "(history does not match the layers)"
					: "…");
		}
	}
	free(made);
	for (size_t i = 0; lp->sized && i < lp->sized->n; i++) {
		const struct docker_container *c = &lp->sized->v[i];
		char id[80], buf[32];
		struct pane_row *r;

		snprintf(id, sizeof id, "container:%s", c->id);
		r = pane_add_row(p, id);
		pane_cell(p, r, COL_NUM, "rw");
		pane_key(p, r, COL_NUM, (int64_t)nl + (int64_t)i);
		fmt_short_id(buf, sizeof buf, c->id);
		pane_cell(p, r, COL_LAYER, buf);
		fmt_size(buf, sizeof buf, c->size_rw);
		pane_cell(p, r, COL_SIZE, buf);
		pane_key(p, r, COL_SIZE, c->size_rw);
		pane_cell(p, r, COL_CREATED, "");
		pane_cell(p, r, COL_SHARED, "");
		pane_cellf(p, r, COL_CREATED_BY,
		    "writable layer of container %s", c->name);
		pane_role(p, r, COL_CREATED_BY, THEME_ROLE_DIM);
	}
}

static const char *
layers_subtitle(struct pane *p)
{
	struct layers_priv *lp = p->priv;

	return lp->title ? lp->title : lp->image;
}

static const char *
layers_empty(struct pane *p)
{
	struct layers_priv *lp = p->priv;
	const struct store *s = &p->engine->store;
	const struct layers_image *me;

	if (lp->error)
		return lp->error;
	if (lp->image == NULL)
		return "no image: select one in the images pane";
	me = layers_find(lp, lp->image);
	if ((me && me->gone) ||
	    (store_images(s) && store_image(s, lp->image) == NULL))
		return "this image was removed: select one in the images pane";
	return "loading layers…";
}

static void
layers_show_sharers(struct pane *p)
{
	struct layers_priv *lp = p->priv;
	const char *layer = pane_selected_id(p);
	char **lines;
	size_t n = 0;
	char *title;

	if (layer == NULL || strncmp(layer, "container:", 10) == 0)
		return;
	/* Only images still on the engine. */
	layers_track(p);
	lines = xcalloc(lp->n_imgs + 2, sizeof *lines);
	for (size_t k = 0; k < lp->n_imgs; k++) {
		struct layers_image *o = lp->imgs[k];

		for (char **l = o->layers; l && *l; l++)
			if (strcmp(*l, layer) == 0) {
				char id[16];

				fmt_short_id(id, sizeof id, o->id);
				lines[n++] = xasprintf("%s  %s", id,
				    o->tags && o->tags[0] ? o->tags[0]
							  : "<none>");
				break;
			}
	}
	if (n == 0)
		lines[n++] = xstrdup("no image holds this layer");
	title = xasprintf("images with layer %.19s", layer);
	console_alert(p->app, title, lines);
	free(title);
	strv_free(lines);
}

static enum action
layers_handle(struct pane *p, enum action a)
{
	if (a == ACTION_ENTER) {
		layers_show_sharers(p);
		return ACTION_NONE;
	}
	if (a == ACTION_REFRESH) {
		layers_clear_image(p);
		layers_fetch(p);
		return a;
	}
	return a;
}

static void
layers_close(struct pane *p)
{
	struct layers_priv *lp = p->priv;
	struct docker *d = p->engine->d;

	layers_clear_image(p);
	for (size_t k = 0; k < lp->n_imgs; k++)
		layers_image_free(d, lp->imgs[k]);
	free(lp->imgs);
	free(lp->image);
	free(lp->title);
}

/* Whether an image event's actor (an id, short or full, or a name) is li. */
static bool
layers_is_actor(const struct layers_image *li, const char *actor)
{
	if (strcmp(li->id, actor) == 0 || (strncmp(li->id, "sha256:", 7) == 0 &&
					      strcmp(li->id + 7, actor) == 0))
		return true;
	for (char **t = li->tags; t && *t; t++)
		if (strcmp(*t, actor) == 0)
			return true;
	return false;
}

static void
layers_image_event(struct pane *p, const struct docker_event *e)
{
	struct layers_priv *lp = p->priv;
	const char *a = e->action;
	bool del;

	if (a == NULL || e->actor_id == NULL)
		return;
	del = strcmp(a, "delete") == 0;
	/* A pull moves a tag, naming the image by it. */
	if (!del && strcmp(a, "tag") && strcmp(a, "untag") && strcmp(a, "pull"))
		return;
	for (size_t k = 0; k < lp->n_imgs; k++) {
		struct layers_image *li = lp->imgs[k];

		if (!layers_is_actor(li, e->actor_id))
			continue;
		/* Deleted: it shares nothing from now on, even before the
		 * store's next list leaves it out. Otherwise its tags changed:
		 * inspect it again (shown meanwhile as it was). */
		if (del)
			layers_image_forget(li);
		else {
			li->stale = true;
			li->gone = false;
		}
		p->dirty = true;
	}
}

static void
layers_event(struct pane *p, const struct docker_event *e)
{
	struct layers_priv *lp = p->priv;

	if (e->type && !strcmp(e->type, "image")) {
		layers_image_event(p, e);
		return;
	}
	if (e->type && !strcmp(e->type, "container")) {
		/* Writable layers change as containers come and go. */
		if (e->action && (!strcmp(e->action, "create") ||
				     !strcmp(e->action, "destroy") ||
				     !strcmp(e->action, "die"))) {
			docker_container_list_free(lp->sized);
			lp->sized = NULL;
			p->dirty = true;
		}
	}
}

/* What i inspects: the container of a writable layer, else the image. */
static enum kind
layers_object(struct pane *p, const char **id)
{
	struct layers_priv *lp = p->priv;
	const char *row = pane_selected_id(p);

	if (row && strncmp(row, "container:", 10) == 0) {
		*id = row + 10;
		return KIND_CONTAINER;
	}
	*id = lp->image;
	return lp->image ? KIND_IMAGE : KIND_NONE;
}

const struct pane_ops layers_pane_ops = {
    .name = "layers",
    .alias = "l",
    .title = "Layers of",
    .flags = PANE_FILTERABLE | PANE_ENGINE_IDS,
    .priv_size = sizeof(struct layers_priv),
    .cols = layers_cols,
    .ncols = COL__COUNT,
    .wants = SLOT_BIT(STORE_IMAGES),
    .default_sort = COL_NUM,
    .close = layers_close,
    .visible = layers_visible,
    .sync = layers_sync,
    .subtitle = layers_subtitle,
    .empty_text = layers_empty,
    .handle = layers_handle,
    .handle_event = layers_event,
    .object = layers_object,
};
