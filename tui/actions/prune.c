/* The prune overlay: the preview of the engine's lists, then the prune. */

#include "tui/actions/prune.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "api/arith.h"
#include "api/buf.h"
#include "api/calls.h"
#include "api/decode.h"
#include "api/docker.h"
#include "api/endpoint.h"
#include "api/xalloc.h"
#include "themes/theme.h"
#include "tui/core/audit.h"
#include "tui/core/console.h"
#include "tui/core/fmt.h"
#include "widgets/box.h"
#include "widgets/key.h"
#include "widgets/pager.h"
#include "widgets/prompt.h"
#include "widgets/text.h"

/* The engine runs one disk usage at a time: how often to ask again. */
#define PRUNE_DF_TRIES 6
#define PRUNE_DF_WAIT_S 0.5
/* The preview's name column: at least this wide, and at most. */
#define PRUNE_NAME_MIN_W 12
#define PRUNE_NAME_MAX_W 40
/* Smaller screens get no preview box. */
#define PRUNE_BOX_MIN_H 8
#define PRUNE_BOX_MIN_W 20

enum prune_state {
	PRUNE_LOADING, /* fetching the lists */
	PRUNE_PREVIEW,
	PRUNE_FILTER, /* typing filters */
	PRUNE_RECHECK, /* confirmed: fetching again to compare */
	PRUNE_RUNNING,
	PRUNE_DONE,
	PRUNE_FAILED /* the lists could not be read */
};

struct prune_view;

struct prune_fetch {
	struct prune_view *v;
	enum store_kind src;
	bool net; /* a network inspect */
	struct docker_call *call;
	struct prune_fetch *next;
};

struct prune_result {
	bool ran;
	char *error;
	struct docker_prune_report *rep;
};

struct prune_view {
	struct console *app;
	struct engine *engine; /* the one pruned */
	unsigned kinds; /* what was asked for */
	bool everything;
	bool all;
	bool volumes; /* everything: volumes included */
	struct prune_filters filters;
	enum prune_state state;
	struct prune_input in;
	struct prune_fetch *fetches;
	char *error; /* fetch failure */
	double df_due; /* when to ask for disk usage again, 0: no */
	int df_tries;
	struct prune_preview *pv;
	struct prune_preview *confirmed;
	struct pager pager;
	struct prompt prompt;
	char *prompt_error;
	char *banner; /* a sentence above the list, or NULL */
	int run_at; /* index in prune_order of the prune running, or -1 */
	struct docker_call *run_call;
	struct prune_result res[KIND__COUNT];
};

static bool prune_key(void *, int);
static void prune_draw(void *, WINDOW *, int, int);
static double prune_tick(void *, double);
static void prune_free(void *);
static void prune_fetch_all(struct prune_view *);
static void prune_show_preview(struct prune_view *);
static void prune_run_next(struct prune_view *);

static const struct console_overlay_ops prune_ops = {
    .key = prune_key,
    .draw = prune_draw,
    .tick = prune_tick,
    .free = prune_free,
};

static unsigned
prune_effective_kinds(const struct prune_view *v)
{
	unsigned k = v->kinds;

	if (v->everything && !v->volumes)
		k &= ~PRUNE_BIT(KIND_VOLUME);
	return k;
}

static void
prune_cancel_fetches(struct prune_view *v)
{
	struct docker *d = v->engine->d;

	while (v->fetches) {
		struct prune_fetch *f = v->fetches;

		v->fetches = f->next;
		if (f->call)
			docker_cancel(d, f->call);
		free(f);
	}
}

static void
prune_unlink(struct prune_view *v, struct prune_fetch *f)
{
	for (struct prune_fetch **pp = &v->fetches; *pp; pp = &(*pp)->next)
		if (*pp == f) {
			*pp = f->next;
			break;
		}
	free(f);
}

static void prune_on_fetch(const struct docker_reply *, void *);

struct docker_call *
prune_source_fetch(
    struct docker *d, enum store_kind src, docker_done_fn *done, void *arg)
{
	switch (src) {
	case STORE_CONTAINERS:
		return docker_container_list(d, done, arg);
	case STORE_IMAGES:
		return docker_image_list_all(d, done, arg);
	case STORE_VOLUMES:
		return docker_volume_list(d, done, arg);
	case STORE_NETWORKS:
		return docker_network_list(d, done, arg);
	case STORE_DF:
		return docker_system_df(d, done, arg);
	default:
		return NULL;
	}
}

/* A source's name for messages: its kind's, or what df is. */
static const char *
prune_source_name(enum store_kind src)
{
	for (int k = KIND_NONE + 1; k < KIND__COUNT; k++)
		if (kind_get((enum kind)k)->slot == (int)src)
			return kind_get((enum kind)k)->plural;
	return "disk usage";
}

/* Fetches a source, or inspects network net_id when it is not NULL. */
static void
prune_submit(struct prune_view *v, enum store_kind src, const char *net_id)
{
	struct prune_fetch *f = xcalloc(1, sizeof *f);
	struct docker *d = v->engine->d;

	f->v = v;
	f->src = src;
	f->net = net_id != NULL;
	f->next = v->fetches;
	v->fetches = f;
	f->call = net_id ? docker_network_inspect(d, net_id, prune_on_fetch, f)
			 : prune_source_fetch(d, src, prune_on_fetch, f);
}

/* Every list is in: show the preview, or go on with a confirmed prune. */
static void
prune_loaded(struct prune_view *v)
{
	struct prune_preview *pv;

	if (v->error != NULL) {
		v->state = PRUNE_FAILED;
		prune_preview_free(v->confirmed);
		v->confirmed = NULL;
		console_dirty(v->app);
		return;
	}
	pv = prune_compute(
	    &v->in, prune_effective_kinds(v), v->all, &v->filters, fmt_now());
	prune_preview_free(v->pv);
	v->pv = pv;
	if (v->state == PRUNE_RECHECK) {
		bool same = prune_preview_same(v->confirmed, pv);

		prune_preview_free(v->confirmed);
		v->confirmed = NULL;
		if (same) {
			v->state = PRUNE_RUNNING;
			v->run_at = -1;
			prune_show_preview(v);
			prune_run_next(v);
			return;
		}
		free(v->banner);
		v->banner = xstrdup("The engine changed since the preview: "
				    "here is the new one; confirm again.");
	}
	v->state = PRUNE_PREVIEW;
	prune_show_preview(v);
	console_dirty(v->app);
}

static void
prune_on_fetch(const struct docker_reply *r, void *arg)
{
	struct prune_fetch *f = arg;
	struct prune_view *v = f->v;
	enum store_kind src = f->src;
	bool net = f->net;
	char *cause = NULL;

	f->call = NULL;
	prune_unlink(v, f);
	if (r->status != DOCKER_OK && !net && src == STORE_DF && r->message &&
	    strstr(r->message, "already running") &&
	    v->df_tries < PRUNE_DF_TRIES) {
		/*
		 * The engine computes one disk usage at a time and the panes
		 * ask for it too: ask again in a moment.
		 */
		v->df_tries++;
		v->df_due = store_now() + PRUNE_DF_WAIT_S;
	} else if (r->status != DOCKER_OK) {
		/*
		 * Sizes are a nicety: a failed df leaves them unknown. A
		 * network that went between the list and its inspect is
		 * simply not there any more.
		 */
		if ((net && r->http_status != 404) ||
		    (!net && src != STORE_DF)) {
			if (v->error == NULL)
				v->error = xasprintf("%s: %s",
				    net ? "network" : prune_source_name(src),
				    r->message ? r->message
					       : docker_status_str(r->status));
		}
	} else if (net) {
		if (!prune_input_add_network(&v->in, r->body, r->len, &cause) &&
		    v->error == NULL)
			v->error = xasprintf("network: %s", cause);
	} else if (!prune_input_set(&v->in, src, r->body, r->len, &cause)) {
		if (src != STORE_DF && v->error == NULL)
			v->error =
			    xasprintf("%s: %s", prune_source_name(src), cause);
	} else if (src == STORE_NETWORKS &&
		   (v->kinds & PRUNE_BIT(KIND_NETWORK))) {
		char **ids = prune_input_network_ids(&v->in);

		for (size_t i = 0; ids[i]; i++)
			prune_submit(v, STORE_NETWORKS, ids[i]);
		strv_free(ids);
	}
	free(cause);
	if (v->fetches == NULL && v->df_due == 0)
		prune_loaded(v);
	console_dirty(v->app);
}

static double
prune_tick(void *arg, double now)
{
	struct prune_view *v = arg;

	if (v->df_due == 0)
		return 0;
	if (now < v->df_due)
		return v->df_due;
	v->df_due = 0;
	prune_submit(v, STORE_DF, NULL);
	return 0;
}

static void
prune_fetch_all(struct prune_view *v)
{
	prune_cancel_fetches(v);
	prune_input_done(&v->in);
	prune_input_init(&v->in, docker_api_version(v->engine->d),
	    engine_os_type(v->engine));
	free(v->error);
	v->error = NULL;
	v->df_due = 0;
	v->df_tries = 0;
	/* The containers decide what is in use, whatever is pruned. */
	prune_submit(v, STORE_CONTAINERS, NULL);
	for (size_t i = 0; i < PRUNE_KINDS; i++) {
		const struct kind_info *k = kind_get(prune_order[i]);

		if ((v->kinds & PRUNE_BIT(prune_order[i])) && k->slot >= 0 &&
		    k->slot != STORE_CONTAINERS)
			prune_submit(v, (enum store_kind)k->slot, NULL);
	}
	prune_submit(v, STORE_DF, NULL);
}

/* A size for the screen: "-" when unknown. */
static void
prune_size(char *buf, size_t len, int64_t n)
{
	fmt_size(buf, len, n);
}

/* Pads s with spaces to w display columns (owned). */
static char *
prune_pad(const char *s, int w)
{
	int sw = text_width(s);
	struct buf b;

	buf_init(&b);
	buf_puts(&b, s);
	for (; sw < w; sw++)
		buf_putc(&b, ' ');
	return buf_steal(&b);
}

static void prune_line(struct prune_view *v, int role, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
prune_line(struct prune_view *v, int role, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	pager_append(&v->pager, s, TEXT_NUL, role);
	free(s);
}

static void
prune_kind_lines(struct prune_view *v, enum kind k)
{
	const struct prune_preview *pv = v->pv;
	int namew = PRUNE_NAME_MIN_W;
	char sz[32], id[32];

	for (size_t i = 0; i < pv->n; i++)
		if (pv->items[i].kind == k) {
			int w = text_width(pv->items[i].name);

			if (w > namew)
				namew =
				    w > PRUNE_NAME_MAX_W ? PRUNE_NAME_MAX_W : w;
		}
	for (size_t i = 0; i < pv->n; i++) {
		const struct prune_item *it = &pv->items[i];
		char *name;

		if (it->kind != k)
			continue;
		name = prune_pad(it->name, namew);
		prune_size(sz, sizeof sz, it->untag_only ? -1 : it->size);
		if (k == KIND_CONTAINER || k == KIND_IMAGE)
			fmt_short_id(id, sizeof id, it->id);
		else
			id[0] = '\0';
		prune_line(v, it->untag_only ? THEME_ROLE_DIM : 0,
		    "  %s  %-12s %8s  %s", name, id, it->untag_only ? "" : sz,
		    it->what ? it->what : "");
		free(name);
	}
}

static void
prune_show_preview(struct prune_view *v)
{
	const struct prune_preview *pv = v->pv;
	char sz[32];
	int64_t total = 0;

	pager_clear(&v->pager);
	if (v->banner)
		prune_line(v, THEME_ROLE_WARN, "%s", v->banner);
	for (size_t i = 0; pv->notes && pv->notes[i]; i++)
		prune_line(v, THEME_ROLE_DIM, "%s", pv->notes[i]);
	if (v->banner || (pv->notes && pv->notes[0]))
		prune_line(v, 0, "%s", "");
	for (size_t o = 0; o < PRUNE_KINDS; o++) {
		enum kind k = prune_order[o];
		size_t untag = 0;

		if (!(pv->asked & PRUNE_BIT(k)) || (pv->skipped & PRUNE_BIT(k)))
			continue;
		for (size_t i = 0; i < pv->n; i++)
			if (pv->items[i].kind == k && pv->items[i].untag_only)
				untag++;
		prune_size(sz, sizeof sz, pv->bytes[k]);
		total = arith_add(total, pv->bytes[k]);
		if (pv->count[k] == 0 && untag == 0) {
			prune_line(v, THEME_ROLE_DIM, "%s: nothing to prune",
			    kind_get(k)->plural);
			continue;
		}
		if (pv->count[k] == 0)
			prune_line(v, THEME_ROLE_TITLE,
			    "%s: none deleted; "
			    "tags go from images that stay",
			    kind_get(k)->plural);
		else
			prune_line(v, THEME_ROLE_TITLE,
			    "%s: %zu to delete, "
			    "%s%s",
			    kind_get(k)->plural, pv->count[k], sz,
			    untag ? " (and tags go from "
				    "images that stay)"
				  : "");
		prune_kind_lines(v, k);
	}
	prune_size(sz, sizeof sz, total);
	prune_line(v, 0, "%s", "");
	prune_line(v, THEME_ROLE_TITLE, "Total: %zu object%s, about %s freed",
	    prune_preview_total(pv), prune_preview_total(pv) == 1 ? "" : "s",
	    sz);
	pager_home(&v->pager);
}

/* Names of the preview's objects of kind k (KIND_NONE: all), owned. */
static char *
prune_names(const struct prune_preview *pv, enum kind k)
{
	struct buf b;

	buf_init(&b);
	for (size_t i = 0; pv && i < pv->n; i++) {
		if (k != KIND_NONE && pv->items[i].kind != k)
			continue;
		buf_printf(&b, "%s%s%s", b.len ? ", " : "", pv->items[i].name,
		    pv->items[i].untag_only ? " (untag)" : "");
	}
	return buf_steal(&b);
}

/* The first kind of a set (for titles when there is only one). */
static enum kind
prune_first_kind(unsigned kinds)
{
	for (size_t i = 0; i < PRUNE_KINDS; i++)
		if (kinds & PRUNE_BIT(prune_order[i]))
			return prune_order[i];
	return KIND_CONTAINER;
}

/* The audit log's action: "prune images", "prune everything" (KIND_NONE). */
static char *
prune_action(enum kind k)
{
	return xasprintf(
	    "prune %s", k == KIND_NONE ? "everything" : kind_get(k)->plural);
}

static bool prune_all_matters(const struct prune_view *);

/*
 * The audit log's action with what the prune went by: "prune images
 * (filters: until=24h label=env=dev; all unused)". A prune goes by rule
 * over a kind; the row selected when it started is not what it acted on.
 */
static char *
prune_audit_action(const struct prune_view *v, enum kind k)
{
	char *act = prune_action(k), *f = prune_filters_text(&v->filters);
	char *out = xasprintf("%s (filters: %s%s%s)", act, *f ? f : "none",
	    prune_all_matters(v) && v->all ? "; all unused" : "",
	    v->everything && !v->volumes ? "; no volumes" : "");

	free(f);
	free(act);
	return out;
}

static void
prune_audit(struct prune_view *v, enum kind k, const char *result)
{
	char *objs = prune_names(v->pv, k), *act;

	act = prune_audit_action(v, k);
	audit_log(v->app, v->engine, act, objs, result);
	free(act);
	free(objs);
}

static bool
prune_kind_due(const struct prune_view *v, enum kind k)
{
	const struct prune_preview *pv = v->pv;

	if (!(pv->asked & PRUNE_BIT(k)) || (pv->skipped & PRUNE_BIT(k)))
		return false;
	for (size_t i = 0; i < pv->n; i++)
		if (pv->items[i].kind == k)
			return true;
	return false;
}

static void
prune_show_done(struct prune_view *v)
{
	int64_t total = 0;
	char sz[32];

	pager_clear(&v->pager);
	for (size_t o = 0; o < PRUNE_KINDS; o++) {
		enum kind k = prune_order[o];
		struct prune_result *r = &v->res[k];
		size_t n;

		if (!r->ran)
			continue;
		if (r->error) {
			prune_line(v, THEME_ROLE_ERROR, "%s: %s",
			    kind_get(k)->plural, r->error);
			continue;
		}
		n = strv_len(r->rep->deleted);
		total = arith_add(total, r->rep->space_reclaimed);
		prune_size(sz, sizeof sz, r->rep->space_reclaimed);
		prune_line(v, THEME_ROLE_TITLE, "%s: %zu deleted, %s reclaimed",
		    kind_get(k)->plural, n, sz);
		for (size_t i = 0; i < n; i++) {
			const char *d = r->rep->deleted[i];
			const char *name = NULL;

			for (size_t j = 0; j < v->pv->n; j++)
				if (v->pv->items[j].kind == k &&
				    strcmp(v->pv->items[j].id, d) == 0)
					name = v->pv->items[j].name;
			if (name && strcmp(name, d) != 0) {
				char id[32];

				fmt_short_id(id, sizeof id, d);
				prune_line(v, 0, "  %s  %s", name, id);
			} else
				prune_line(v, 0, "  %s", d);
		}
		/* What the preview promised and the engine did not do. */
		for (size_t j = 0; j < v->pv->n; j++) {
			const struct prune_item *it = &v->pv->items[j];
			bool found = false;

			if (it->kind != k || it->untag_only)
				continue;
			for (size_t i = 0; i < n && !found; i++)
				found = strcmp(r->rep->deleted[i], it->id) == 0;
			if (!found)
				prune_line(v, THEME_ROLE_WARN,
				    "  kept by the "
				    "engine: %s",
				    it->name);
		}
		/*
		 * And what it did without the preview saying so (images: an
		 * untagged parent goes along with its child, which is fine).
		 */
		for (size_t i = 0; k != KIND_IMAGE && i < n; i++) {
			bool found = false;

			for (size_t j = 0; j < v->pv->n && !found; j++)
				found = v->pv->items[j].kind == k &&
					strcmp(v->pv->items[j].id,
					    r->rep->deleted[i]) == 0;
			if (!found)
				prune_line(v, THEME_ROLE_WARN,
				    "  not in the "
				    "preview: %s",
				    r->rep->deleted[i]);
		}
	}
	prune_size(sz, sizeof sz, total);
	prune_line(v, 0, "%s", "");
	prune_line(v, THEME_ROLE_TITLE,
	    "Reclaimed in all: %s (the engine's "
	    "report)",
	    sz);
	pager_home(&v->pager);
}

static void
prune_finish(struct prune_view *v)
{
	size_t deleted = 0, errors = 0;
	int64_t total = 0;
	char sz[32];

	v->state = PRUNE_DONE;
	for (size_t o = 0; o < PRUNE_KINDS; o++) {
		enum kind k = prune_order[o];

		if (!v->res[k].ran)
			continue;
		if (v->res[k].error)
			errors++;
		else {
			deleted += strv_len(v->res[k].rep->deleted);
			total =
			    arith_add(total, v->res[k].rep->space_reclaimed);
		}
	}
	prune_show_done(v);
	engine_refresh(
	    v->engine, SLOT_BIT(STORE_CONTAINERS) | SLOT_BIT(STORE_IMAGES) |
			   SLOT_BIT(STORE_VOLUMES) | SLOT_BIT(STORE_NETWORKS));
	prune_size(sz, sizeof sz, total);
	if (errors)
		console_error(v->app,
		    "prune: %zu deleted, %s reclaimed; %zu "
		    "failed (see the list)",
		    deleted, sz, errors);
	else
		console_ok(
		    v->app, "pruned: %zu deleted, %s reclaimed", deleted, sz);
	console_dirty(v->app);
}

static void
prune_on_pruned(const struct docker_reply *r, void *arg)
{
	struct prune_view *v = arg;
	enum kind k = prune_order[v->run_at];
	struct prune_result *res = &v->res[k];
	char *cause = NULL, *result;

	v->run_call = NULL;
	res->ran = true;
	if (r->status != DOCKER_OK) {
		res->error = xstrdup(
		    r->message ? r->message : docker_status_str(r->status));
	} else {
		res->rep = decode_prune_report(r->body, r->len, &cause);
		if (res->rep == NULL) {
			res->error =
			    xasprintf("the engine's report: %s", cause);
			free(cause);
		}
	}
	result = res->error && !res->rep ? xasprintf("error: %s", res->error)
					 : xstrdup("ok");
	prune_audit(v, k, result);
	free(result);
	prune_run_next(v);
}

/* Asks the engine to prune the next kind that has something to go. */
static void
prune_run_next(struct prune_view *v)
{
	struct docker *d = v->engine->d;

	while (++v->run_at < PRUNE_KINDS) {
		enum kind k = prune_order[v->run_at];
		char *cause = NULL, *filters;

		if (!prune_kind_due(v, k))
			continue;
		if (v->engine->read_only) {
			v->res[k].ran = true;
			v->res[k].error = xstrdup("refused: read-only mode");
			prune_audit(v, k, "refused: read-only");
			continue;
		}
		filters = prune_request_filters(k, v->all, &v->filters,
		    docker_api_version(d), fmt_now(), &cause);
		if (filters == NULL) {
			v->res[k].ran = true;
			v->res[k].error = cause;
			prune_audit(v, k, "error: bad filters");
			continue;
		}
		v->run_call = docker_prune(
		    d, kind_get(k)->prune, v->all, filters, prune_on_pruned, v);
		free(filters);
		console_dirty(v->app);
		return;
	}
	prune_finish(v);
}

static void
prune_confirmed(struct console *a, bool yes, void *arg)
{
	struct prune_view *v = arg;

	if (!yes) {
		prune_audit(v,
		    v->everything ? KIND_NONE : prune_first_kind(v->kinds),
		    "cancelled");
		return;
	}
	if (v->engine->read_only) {
		prune_audit(v, KIND_NONE, "refused: read-only");
		console_error(a, "read-only mode: prune refused");
		return;
	}
	/*
	 * The engine prunes by rule, not by list: look again right before
	 * asking, so that what goes is what the user saw.
	 */
	v->confirmed = v->pv;
	v->pv = NULL;
	v->pv = xcalloc(1, sizeof *v->pv);
	v->state = PRUNE_RECHECK;
	free(v->banner);
	v->banner = NULL;
	prune_fetch_all(v);
}

static void
prune_ask(struct prune_view *v)
{
	const struct prune_preview *pv = v->pv;
	struct buf what;
	char sz[32], *lines[5], *f;
	int64_t bytes = 0;
	size_t nl = 0;

	if (prune_preview_total(pv) == 0 && pv->n == 0) {
		console_info(v->app, "nothing to prune");
		return;
	}
	buf_init(&what);
	for (size_t o = 0; o < PRUNE_KINDS; o++) {
		enum kind k = prune_order[o];
		size_t c = pv->count[k];

		bytes = arith_add(bytes, pv->bytes[k]);
		if (c == 0)
			continue;
		/* "1 container", "2 build cache records". */
		buf_printf(&what, "%s%zu %s%s", what.len ? ", " : "", c,
		    kind_get(k)->noun, c == 1 ? "" : "s");
	}
	for (size_t i = 0; i < pv->n; i++)
		if (pv->items[i].untag_only) {
			buf_printf(&what, "%stags of some images",
			    what.len ? "; " : "");
			break;
		}
	prune_size(sz, sizeof sz, bytes);
	lines[nl++] =
	    xasprintf("Engine: %s", docker_endpoint(v->engine->d)->host_arg);
	lines[nl++] = xasprintf("Delete %s (about %s).", buf_cstr(&what), sz);
	f = prune_filters_text(&v->filters);
	lines[nl++] = xasprintf("Filters: %s", *f ? f : "none");
	free(f);
	lines[nl] = NULL;
	console_confirm(v->app, "Prune?", lines, prune_confirmed, v);
	for (size_t i = 0; i < nl; i++)
		free(lines[i]);
	buf_done(&what);
}

static bool
prune_all_matters(const struct prune_view *v)
{
	unsigned k = prune_effective_kinds(v);

	return (k & (PRUNE_BIT(KIND_IMAGE) | PRUNE_BIT(KIND_BUILD_CACHE))) ||
	       ((k & PRUNE_BIT(KIND_VOLUME)) &&
		   docker_version_cmp(
		       docker_api_version(v->engine->d), "1.42") >= 0);
}

static void
prune_recompute(struct prune_view *v)
{
	prune_preview_free(v->pv);
	v->pv = prune_compute(
	    &v->in, prune_effective_kinds(v), v->all, &v->filters, fmt_now());
	free(v->banner);
	v->banner = NULL;
	prune_show_preview(v);
}

static bool
prune_scroll_key(struct prune_view *v, int key)
{
	switch (key) {
	case 'j':
	case WKEY(KEY_DOWN):
		pager_scroll(&v->pager, 1);
		return true;
	case 'k':
	case WKEY(KEY_UP):
		pager_scroll(&v->pager, -1);
		return true;
	case ' ':
	case WKEY(KEY_NPAGE):
	case WKEY_CTRL('f'):
		pager_page(&v->pager, 1);
		return true;
	case WKEY(KEY_PPAGE):
	case WKEY_CTRL('b'):
		pager_page(&v->pager, -1);
		return true;
	case 'g':
	case WKEY(KEY_HOME):
		pager_home(&v->pager);
		return true;
	case 'G':
	case WKEY(KEY_END):
		pager_end(&v->pager);
		return true;
	default:
		return false;
	}
}

static bool
prune_key_filter(struct prune_view *v, int key)
{
	enum prompt_result r = prompt_key(&v->prompt, key);
	char *cause = NULL;

	if (r == PROMPT_CANCELLED) {
		free(v->prompt_error);
		v->prompt_error = NULL;
		v->state = PRUNE_PREVIEW;
	} else if (r == PROMPT_DONE) {
		if (prune_filters_parse(&v->filters, prompt_text(&v->prompt),
			fmt_now(), &cause)) {
			free(v->prompt_error);
			v->prompt_error = NULL;
			prompt_history_add(&v->prompt, prompt_text(&v->prompt));
			v->state = PRUNE_PREVIEW;
			prune_recompute(v);
		} else {
			free(v->prompt_error);
			v->prompt_error = cause;
		}
	}
	return true;
}

static bool
prune_key(void *arg, int key)
{
	struct prune_view *v = arg;
	char *t;

	if (v->state == PRUNE_FILTER)
		return prune_key_filter(v, key);
	if (prune_scroll_key(v, key))
		return true;
	switch (v->state) {
	case PRUNE_RUNNING:
	case PRUNE_RECHECK:
		/* The engine is at work; closing would only hide it. */
		if (key == WKEY_ESC)
			console_info(v->app, "prune: waiting for the engine");
		return true;
	case PRUNE_LOADING:
		return !(key == WKEY_ESC || key == 'q' || key == 'n');
	case PRUNE_FAILED:
		if (key == 'r') {
			v->state = PRUNE_LOADING;
			prune_fetch_all(v);
			return true;
		}
		return !(key == WKEY_ESC || key == 'q' || key == 'n' ||
			 wkey_is_enter(key));
	case PRUNE_DONE:
		return !(key == WKEY_ESC || key == 'q' || wkey_is_enter(key));
	case PRUNE_PREVIEW:
	default:
		break;
	}
	switch (key) {
	case WKEY_ESC:
	case 'q':
	case 'n':
		return false;
	case 'y':
	case 'Y':
	case '\n':
	case '\r':
	case WKEY(KEY_ENTER):
		prune_ask(v);
		return true;
	case 'f':
	case '/':
		t = prune_filters_text(&v->filters);
		prompt_set(&v->prompt, t);
		free(t);
		v->state = PRUNE_FILTER;
		return true;
	case 'a':
		if (!prune_all_matters(v)) {
			console_info(
			    v->app, "prune: \"all\" changes nothing here");
			return true;
		}
		v->all = !v->all;
		prune_recompute(v);
		return true;
	case 'v':
		if (!v->everything)
			return true;
		v->volumes = !v->volumes;
		prune_recompute(v);
		return true;
	case 'r':
	case WKEY_CTRL('r'):
		v->state = PRUNE_LOADING;
		free(v->banner);
		v->banner = NULL;
		prune_fetch_all(v);
		return true;
	default:
		return true;
	}
}

static const char *
prune_hint(const struct prune_view *v)
{
	switch (v->state) {
	case PRUNE_LOADING:
		return "reading the engine's lists…  Esc: close";
	case PRUNE_RECHECK:
		return "checking the lists again…";
	case PRUNE_RUNNING:
		return "pruning…";
	case PRUNE_DONE:
		return "j/k: scroll  Enter/Esc: close";
	case PRUNE_FAILED:
		return "r: retry  Esc: close";
	default:
		if (v->everything)
			return "y/Enter: prune  f: filters  a: all unused  "
			       "v: volumes  r: reload  Esc: close";
		return prune_all_matters(v) ? "y/Enter: prune  f: filters  a: "
					      "all unused  r: reload  "
					      "Esc: close"
					    : "y/Enter: prune  f: filters  r: "
					      "reload  Esc: close";
	}
}

static void
prune_draw(void *arg, WINDOW *win, int h, int w)
{
	struct prune_view *v = arg;
	attr_t fill = theme_attr(THEME_ROLE_DIALOG);
	attr_t border = theme_attr(THEME_ROLE_DIALOG_BORDER);
	int by = 1, bx = 0, bh = h - 2, bw = w, iw, row;
	char *title, *f, *line;
	const char *api = docker_api_version(v->engine->d);

	if (bh < PRUNE_BOX_MIN_H || bw < PRUNE_BOX_MIN_W)
		return;
	iw = bw - 4;
	title = xasprintf("Prune %s",
	    v->everything ? "everything"
			  : kind_get(prune_first_kind(v->kinds))->plural);
	box_draw(win, by, bx, bh, bw, border, fill, title, border);
	free(title);
	row = by + 1;
	line = xasprintf(
	    "Engine %s (API %s)", docker_endpoint(v->engine->d)->host_arg, api);
	text_put_padded(win, row++, bx + 2, line, iw, fill);
	free(line);
	f = prune_filters_text(&v->filters);
	line = xasprintf("Filters: %s   %s%s%s", *f ? f : "none (f sets them)",
	    prune_all_matters(v)
		? (v->all ? "[x] all unused" : "[ ] all unused")
		: "",
	    v->everything ? "   " : "",
	    v->everything ? (v->volumes ? "[x] volumes" : "[ ] volumes") : "");
	text_put_padded(win, row++, bx + 2, line, iw, fill);
	free(line);
	free(f);
	row++;
	if (v->state == PRUNE_LOADING ||
	    (v->state == PRUNE_RECHECK && v->pager.n == 0)) {
		text_put_padded(
		    win, row, bx + 2, "reading the engine's lists…", iw, fill);
	} else if (v->state == PRUNE_FAILED) {
		text_put_padded(win, row, bx + 2, v->error, iw,
		    theme_attr(THEME_ROLE_ERROR));
	} else {
		pager_draw(&v->pager, win, row, bx + 2, by + bh - 3 - row, iw);
	}
	if (v->state == PRUNE_FILTER) {
		int cx = prompt_draw(&v->prompt, win, by + bh - 2, bx + 2, iw,
		    "filters: ", theme_attr(THEME_ROLE_FILTER));

		/* The screen's cursor is hidden under overlays: draw one. */
		if (cx >= 0 && cx < bx + bw - 1)
			mvwchgat(win, by + bh - 2, cx, 1, A_REVERSE, 0, NULL);
		text_put_padded(win, by + bh - 3, bx + 2,
		    v->prompt_error ? v->prompt_error
				    : "until=24h label=key=value label!=key  "
				      "(Enter: apply, Esc: back)",
		    iw, v->prompt_error ? theme_attr(THEME_ROLE_ERROR) : fill);
	} else
		text_put_padded(
		    win, by + bh - 2, bx + 2, prune_hint(v), iw, fill);
}

static void
prune_free(void *arg)
{
	struct prune_view *v = arg;

	if (v == NULL)
		return;
	prune_cancel_fetches(v);
	if (v->run_call)
		docker_cancel(v->engine->d, v->run_call);
	prune_input_done(&v->in);
	prune_filters_done(&v->filters);
	prune_preview_free(v->pv);
	prune_preview_free(v->confirmed);
	pager_done(&v->pager);
	prompt_done(&v->prompt);
	free(v->prompt_error);
	free(v->banner);
	free(v->error);
	for (int k = 0; k < KIND__COUNT; k++) {
		free(v->res[k].error);
		docker_prune_report_free(v->res[k].rep);
	}
	free(v);
}

void
prune_start(struct console *c, struct engine *e, unsigned kinds)
{
	struct prune_view *v;

	if (e->read_only) {
		char *act = prune_action(kinds == PRUNE_EVERYTHING
					     ? KIND_NONE
					     : prune_first_kind(kinds));

		/* P never gets here (the console refuses it); :prune does. */
		audit_log(c, e, act, "", "refused: read-only");
		free(act);
		console_error(c, "read-only mode: prune refused");
		return;
	}
	v = xcalloc(1, sizeof *v);
	v->app = c;
	v->engine = e;
	v->kinds = kinds;
	v->everything = kinds == PRUNE_EVERYTHING;
	v->volumes = true;
	v->state = PRUNE_LOADING;
	v->run_at = -1;
	prune_filters_init(&v->filters);
	pager_init(&v->pager, 0);
	prompt_init(&v->prompt);
	console_push_overlay(c, &prune_ops, v);
	prune_fetch_all(v);
}

bool
prune_pane(struct console *c, struct pane *p)
{
	enum kind k = p->ops->kind;
	const char *id = NULL;

	/* A row about something else (a doctor finding): what it is about. */
	if (k == KIND_NONE && p->ops->object)
		k = p->ops->object(p, &id);
	if (kind_get(k)->prunable)
		prune_start(c, pane_selected_engine(p), PRUNE_BIT(k));
	else if (k == KIND_ENGINE)
		prune_start(c, pane_selected_engine(p), PRUNE_EVERYTHING);
	else
		return false;
	return true;
}

void
prune_command(struct console *c, const char *word)
{
	unsigned kinds = prune_kinds_for(word);

	if (kinds != 0)
		prune_start(c, console_engine(c), kinds);
	else if (console_pane(c, word) != NULL)
		console_error(c,
		    "prune: nothing to prune in the %s pane (containers, "
		    "images, volumes, networks, build, or nothing for "
		    "everything)",
		    word);
	else
		console_error(c,
		    "prune: %s? (containers, images, volumes, "
		    "networks, build, or nothing for everything)",
		    word);
}
