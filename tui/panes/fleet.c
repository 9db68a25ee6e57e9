/*
 * The fleet pane: one row per open engine (state, versions, counts, disk,
 * machine, round trip). Enter shows that engine in the other panes.
 */

#include <stdio.h>
#include <string.h>

#include "api/arith.h"
#include "api/docker.h"
#include "api/endpoint.h"
#include "api/xalloc.h"
#include "themes/theme.h"
#include "tui/core/console.h"
#include "tui/core/fmt.h"
#include "tui/panes/panes.h"

enum {
	COL_NAME,
	COL_ADDRESS,
	COL_STATE,
	COL_VERSION,
	COL_OS,
	COL_CONTAINERS,
	COL_UNHEALTHY,
	COL_RESTARTING,
	COL_IMAGES,
	COL_DISK,
	COL_MACHINE,
	COL_RTT,
	COL__COUNT
};

static const struct table_col fleet_cols[COL__COUNT] = {
    [COL_NAME] = {"ENGINE", 6, 20, 0, false},
    [COL_ADDRESS] = {"ADDRESS", 10, 40, 3, false},
    [COL_STATE] = {"STATE", 14, 0, 0, false},
    [COL_VERSION] = {"VERSION", 7, 24, 3, false},
    [COL_OS] = {"OS", 5, 20, 5, false},
    [COL_CONTAINERS] = {"RUNNING", 7, 9, 1, true},
    [COL_UNHEALTHY] = {"UNHEALTHY", 9, 9, 2, true},
    [COL_RESTARTING] = {"RESTARTING", 10, 10, 2, true},
    [COL_IMAGES] = {"IMAGES", 6, 6, 3, true},
    [COL_DISK] = {"DISK", 6, 8, 3, true},
    [COL_MACHINE] = {"CPUS/MEM", 8, 14, 4, true},
    [COL_RTT] = {"RTT", 6, 8, 4, true},
};

/* The slots a fleet row reads, asked of every engine while it is shown. */
#define FLEET_WANTS                                                            \
	(SLOT_BIT(STORE_INFO) | SLOT_BIT(STORE_VERSION) |                      \
	    SLOT_BIT(STORE_CONTAINERS) | SLOT_BIT(STORE_DF))

struct fleet_priv {
	unsigned sig; /* the engines' state at the last sync */
	char sub[512]; /* the subtitle */
};

/* What a row shows changes with this: stores, links, which is shown. */
static unsigned
fleet_signature(struct pane *p)
{
	unsigned sig = 0;

	for (size_t i = 0; i < console_engine_count(p->app); i++) {
		const struct engine *e = console_engine_at(p->app, i);

		for (int k = 0; k < STORE__COUNT; k++)
			sig += e->store.gen[k];
		sig = sig * 31 + e->reconnecting * 4 + e->silent * 2 +
		      (e == console_engine(p->app));
	}
	return sig;
}

/*
 * Up, not answering (an open connection gone quiet), reconnecting with
 * the reason, or the error of its first answer.
 */
static void
fleet_state(struct pane *p, struct pane_row *r, const struct engine *e)
{
	const struct store *s = &e->store;

	if (e->silent && !e->reconnecting) {
		pane_cell(p, r, COL_STATE, "not answering");
		pane_role(p, r, COL_STATE, THEME_ROLE_WARN);
	} else if (e->reconnecting) {
		pane_cellf(p, r, COL_STATE, "reconnecting: %s",
		    s->error[STORE_INFO] ? s->error[STORE_INFO] : "no events");
		pane_role(p, r, COL_STATE, THEME_ROLE_WARN);
	} else if (s->error[STORE_INFO]) {
		pane_cellf(p, r, COL_STATE, "error: %s", s->error[STORE_INFO]);
		pane_role(p, r, COL_STATE, THEME_ROLE_ERROR);
	} else if (!s->loaded[STORE_INFO])
		pane_cell(p, r, COL_STATE, "connecting…");
	else
		pane_cell(p, r, COL_STATE, "up");
}

/* Running/total, unhealthy and restarting, from the container list. */
static void
fleet_containers(struct pane *p, struct pane_row *r, const struct store *s)
{
	const struct docker_container_list *l = store_containers(s);
	int64_t running = 0, unhealthy = 0, restarting = 0;

	if (l == NULL)
		return;
	for (size_t i = 0; i < l->n; i++) {
		const char *st = l->v[i].state ? l->v[i].state : "";

		running += strcmp(st, "running") == 0;
		restarting += strcmp(st, "restarting") == 0;
		unhealthy += l->v[i].status &&
			     strstr(l->v[i].status, "(unhealthy)") != NULL;
	}
	pane_cellf(p, r, COL_CONTAINERS, "%lld/%zu", (long long)running, l->n);
	pane_key(p, r, COL_CONTAINERS, running);
	pane_cellf(p, r, COL_UNHEALTHY, "%lld", (long long)unhealthy);
	pane_key(p, r, COL_UNHEALTHY, unhealthy);
	if (unhealthy)
		pane_role(p, r, COL_UNHEALTHY, THEME_ROLE_ERROR);
	pane_cellf(p, r, COL_RESTARTING, "%lld", (long long)restarting);
	pane_key(p, r, COL_RESTARTING, restarting);
	if (restarting)
		pane_role(p, r, COL_RESTARTING, THEME_ROLE_WARN);
}

/* Everything the engine keeps on disk: images, containers, volumes, cache. */
static int64_t
fleet_disk(const struct docker_df *df)
{
	int64_t n = arith_pos(df->layers_size);

	/* The engine's numbers: sums saturate (api/arith.h). */
	for (size_t i = 0; i < df->n_containers; i++)
		n = arith_add(n, arith_pos(df->containers[i].size_rw));
	for (size_t i = 0; i < df->n_volumes; i++)
		n = arith_add(n, arith_pos(df->volumes[i].size));
	for (size_t i = 0; i < df->n_cache; i++)
		n = arith_add(n, arith_pos(df->cache[i].size));
	return n;
}

static void
fleet_machine(struct pane *p, struct pane_row *r, const struct store *s)
{
	const struct docker_info *in = store_info(s);
	const struct docker_version *v = store_version(s);
	char size[16];

	if (v)
		pane_cellf(p, r, COL_VERSION, "%s (API %s)",
		    v->version ? v->version : "?",
		    v->api_version ? v->api_version : "?");
	if (in == NULL)
		return;
	pane_cell(p, r, COL_OS,
	    in->operating_system ? in->operating_system : in->os_type);
	pane_cellf(p, r, COL_IMAGES, "%lld", (long long)in->images);
	pane_key(p, r, COL_IMAGES, in->images);
	fmt_size(size, sizeof size, in->mem_total);
	pane_cellf(p, r, COL_MACHINE, "%lld/%s", (long long)in->ncpu, size);
	pane_key(p, r, COL_MACHINE, in->ncpu);
}

static void
fleet_sync(struct pane *p)
{
	struct fleet_priv *fp = p->priv;
	size_t n = console_engine_count(p->app);

	fp->sig = fleet_signature(p);
	for (size_t i = 0; i < n; i++) {
		const struct engine *e = console_engine_at(p->app, i);
		const struct store *s = &e->store;
		struct pane_row *r = pane_add_row(p, e->name);
		char size[16];

		pane_cell(p, r, COL_NAME, e->name);
		pane_cell(p, r, COL_ADDRESS, docker_endpoint(e->d)->host_arg);
		fleet_state(p, r, e);
		fleet_containers(p, r, s);
		fleet_machine(p, r, s);
		if (store_df(s)) {
			int64_t disk = fleet_disk(store_df(s));

			fmt_size(size, sizeof size, disk);
			pane_cell(p, r, COL_DISK, size);
			pane_key(p, r, COL_DISK, disk);
		}
		if (s->loaded[STORE_INFO]) {
			pane_cellf(p, r, COL_RTT, "%.0f ms",
			    s->rtt[STORE_INFO] * 1000);
			pane_key(
			    p, r, COL_RTT, (int64_t)(s->rtt[STORE_INFO] * 1e6));
		}
		if (e->colour)
			pane_role(p, r, COL_NAME, e->colour);
		else if (e == console_engine(p->app))
			pane_role(p, r, COL_NAME, THEME_ROLE_TITLE);
	}
}

/* Other engines change too: a new sync when any of them did. */
static double
fleet_tick(struct pane *p, double now)
{
	struct fleet_priv *fp = p->priv;

	(void)now;
	if (p->visible && fleet_signature(p) != fp->sig)
		p->dirty = true;
	return 0;
}

static void
fleet_visible(struct pane *p, bool on)
{
	/* Every engine's store is wanted, not only the one shown. */
	for (size_t i = 0; on && i < console_engine_count(p->app); i++)
		engine_want(console_engine_at(p->app, i), FLEET_WANTS);
}

static size_t
fleet_selected(struct pane *p)
{
	const char *id = pane_selected_id(p);

	for (size_t i = 0; id && i < console_engine_count(p->app); i++)
		if (strcmp(console_engine_at(p->app, i)->name, id) == 0)
			return i;
	return (size_t)-1;
}

static enum action
fleet_handle(struct pane *p, enum action a)
{
	size_t i;
	struct engine *e;
	struct console *c;

	if (a != ACTION_ENTER && a != ACTION_INSPECT)
		return a;
	if ((i = fleet_selected(p)) == (size_t)-1) {
		console_info(p->app, "nothing selected");
		return ACTION_NONE;
	}
	e = console_engine_at(p->app, i);
	if (a == ACTION_INSPECT) {
		console_open_detail(
		    p->app, e, KIND_ENGINE, "engine", e->name, TAB_INSPECT);
		return ACTION_NONE;
	}
	/* The panes reopen on e, this one too: p is not to be used after. */
	c = p->app;
	console_show_engine(c, i);
	console_show_pane(c, "containers");
	console_ok(c, "showing %s", e->label);
	return ACTION_NONE;
}

/*
 * The selected engine's state in full when it is not up (the column is
 * narrow for a reason); else what Enter does.
 */
static const char *
fleet_subtitle(struct pane *p)
{
	struct fleet_priv *fp = p->priv;
	const struct pane_row *r = pane_selected_row(p);

	if (r && r->cells[COL_STATE][0] && strcmp(r->cells[COL_STATE], "up")) {
		snprintf(fp->sub, sizeof fp->sub, "%s: %s", r->cells[COL_NAME],
		    r->cells[COL_STATE]);
		return fp->sub;
	}
	return console_engine_count(p->app) > 1
		   ? "Enter shows an engine in the other panes"
		   : "one engine: -H several times, or engine lines in the "
		     "config file, open more";
}

const struct pane_ops fleet_pane_ops = {
    .name = "fleet",
    .alias = "f",
    .title = "Fleet",
    .kind = KIND_NONE,
    .flags = PANE_FILTERABLE | PANE_EVERY_ENGINE,
    .priv_size = sizeof(struct fleet_priv),
    .cols = fleet_cols,
    .ncols = COL__COUNT,
    .wants = FLEET_WANTS,
    .default_sort = COL_NAME,
    .visible = fleet_visible,
    .sync = fleet_sync,
    .subtitle = fleet_subtitle,
    .tick = fleet_tick,
    .handle = fleet_handle,
};
