/* The host pane: the engine, its machine, object counts and disk usage. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/arith.h"
#include "api/xalloc.h"
#include "themes/theme.h"
#include "tui/core/console.h"
#include "tui/core/fmt.h"
#include "tui/panes/panes.h"
#include "widgets/text.h"

struct host_priv {
	long scroll;
};

static void
host_kv(
    WINDOW *w, int *y, int ymax, int x, int wd, const char *k, const char *v)
{
	if (*y >= ymax)
		return;
	text_put_padded(w, *y, x, k, 18, theme_attr(THEME_ROLE_HEADER));
	text_put(
	    w, *y, x + 18, v ? v : "-", wd - 18, theme_attr(THEME_ROLE_NORMAL));
	(*y)++;
}

static void
host_df_line(WINDOW *w, int *y, int ymax, int x, int wd, const char *what,
    int64_t count, int64_t active, int64_t size, int64_t reclaim)
{
	char line[160], s[24], r[24];

	if (*y >= ymax)
		return;
	fmt_size(s, sizeof s, size);
	fmt_size(r, sizeof r, reclaim);
	snprintf(line, sizeof line, "%-12s %6lld %7lld %10s %10s (%d%%)", what,
	    (long long)count, (long long)active, s, r,
	    arith_pct(reclaim, size));
	text_put(w, *y, x, line, wd, theme_attr(THEME_ROLE_NORMAL));
	(*y)++;
}

static void
host_draw_df(
    const struct docker_df *df, WINDOW *w, int *y, int ymax, int x, int wd)
{
	int64_t n, act, size, rec;

	if (*y < ymax)
		text_put(w, (*y)++, x,
		    "DISK USAGE   TOTAL  ACTIVE       SIZE"
		    "  RECLAIMABLE",
		    wd, theme_attr(THEME_ROLE_HEADER));
	/* Every size is the engine's: sums saturate rather than overflow
	 * (see api/arith.h), and a negative size (-1: not computed) is 0. */
	n = act = size = rec = 0;
	for (size_t i = 0; i < df->n_images; i++) {
		int64_t own = arith_pos(arith_sub(arith_pos(df->images[i].size),
		    arith_pos(df->images[i].shared_size)));

		n++;
		size = arith_add(size, own);
		if (df->images[i].containers > 0)
			act++;
		else
			rec = arith_add(rec, own);
	}
	/* Shared layers count once, as `docker system df` does. */
	size = df->layers_size > 0 ? df->layers_size : size;
	host_df_line(w, y, ymax, x, wd, "Images", n, act, size, rec);
	n = act = size = rec = 0;
	for (size_t i = 0; i < df->n_containers; i++) {
		const struct docker_df_container *c = &df->containers[i];

		n++;
		size = arith_add(size, arith_pos(c->size_rw));
		if (c->state && !strcmp(c->state, "running"))
			act++;
		else
			rec = arith_add(rec, arith_pos(c->size_rw));
	}
	host_df_line(w, y, ymax, x, wd, "Containers", n, act, size, rec);
	n = act = size = rec = 0;
	for (size_t i = 0; i < df->n_volumes; i++) {
		const struct docker_df_volume *v = &df->volumes[i];

		n++;
		size = arith_add(size, arith_pos(v->size));
		if (v->ref_count > 0)
			act++;
		else
			rec = arith_add(rec, arith_pos(v->size));
	}
	host_df_line(w, y, ymax, x, wd, "Volumes", n, act, size, rec);
	n = act = size = rec = 0;
	for (size_t i = 0; i < df->n_cache; i++) {
		const struct docker_df_cache *c = &df->cache[i];

		n++;
		size = arith_add(size, arith_pos(c->size));
		if (c->in_use)
			act++;
		else if (!c->shared)
			rec = arith_add(rec, arith_pos(c->size));
	}
	host_df_line(w, y, ymax, x, wd, "Build cache", n, act, size, rec);
}

static void
host_draw(struct pane *p, WINDOW *w, int y, int x, int h, int wd)
{
	const struct store *s = &p->engine->store;
	const struct docker_info *in = store_info(s);
	const struct docker_version *v = store_version(s);
	char buf[256], mem[24];
	int ymax = y + h, cx = x + 1, cw = wd - 2;

	if (in == NULL) {
		text_put(w, y + 1, cx,
		    s->error[STORE_INFO] ? s->error[STORE_INFO] : "loading…",
		    cw,
		    theme_attr(s->error[STORE_INFO] ? THEME_ROLE_ERROR
						    : THEME_ROLE_DIM));
		return;
	}
	y++;
	host_kv(w, &y, ymax, cx, cw, "Engine", in->name);
	snprintf(buf, sizeof buf, "%s%s%s",
	    in->server_version ? in->server_version : "?",
	    v && v->git_commit ? "  commit " : "",
	    v && v->git_commit ? v->git_commit : "");
	host_kv(w, &y, ymax, cx, cw, "Version", buf);
	snprintf(buf, sizeof buf, "%s (engine), %s (in use)%s%s",
	    v && v->api_version ? v->api_version
	    : docker_engine_api_version(p->engine->d)
		? docker_engine_api_version(p->engine->d)
		: "?",
	    docker_api_version(p->engine->d),
	    v && v->min_api_version ? ", min " : "",
	    v && v->min_api_version ? v->min_api_version : "");
	host_kv(w, &y, ymax, cx, cw, "API", buf);
	snprintf(buf, sizeof buf, "%s (%s, %s)",
	    in->operating_system ? in->operating_system : "?",
	    in->os_type ? in->os_type : "?",
	    in->architecture ? in->architecture : "?");
	host_kv(w, &y, ymax, cx, cw, "OS", buf);
	host_kv(w, &y, ymax, cx, cw, "Kernel", in->kernel_version);
	if (in->os_type && !strcmp(in->os_type, "windows")) {
		host_kv(w, &y, ymax, cx, cw, "Windows build",
		    in->os_version ? in->os_version : in->kernel_version);
		host_kv(w, &y, ymax, cx, cw, "Isolation", in->isolation);
	}
	fmt_size(mem, sizeof mem, in->mem_total);
	snprintf(
	    buf, sizeof buf, "%lld CPUs, %s memory", (long long)in->ncpu, mem);
	host_kv(w, &y, ymax, cx, cw, "Machine", buf);
	snprintf(buf, sizeof buf, "%s, cgroup %s %s, root %s",
	    in->driver ? in->driver : "?",
	    in->cgroup_driver ? in->cgroup_driver : "?",
	    in->cgroup_version ? in->cgroup_version : "",
	    in->docker_root_dir ? in->docker_root_dir : "?");
	host_kv(w, &y, ymax, cx, cw, "Storage", buf);
	snprintf(buf, sizeof buf,
	    "%lld (%lld running, %lld paused, %lld "
	    "stopped)",
	    (long long)in->containers, (long long)in->running,
	    (long long)in->paused, (long long)in->stopped);
	host_kv(w, &y, ymax, cx, cw, "Containers", buf);
	snprintf(buf, sizeof buf, "%lld images, %zu volumes, %zu networks",
	    (long long)in->images, store_volumes(s) ? store_volumes(s)->n : 0,
	    store_networks(s) ? store_networks(s)->n : 0);
	host_kv(w, &y, ymax, cx, cw, "Objects", buf);
	if (in->swarm_state && *in->swarm_state &&
	    strcmp(in->swarm_state, "inactive") != 0)
		host_kv(w, &y, ymax, cx, cw, "Swarm", in->swarm_state);
	y++;
	if (store_df(s))
		host_draw_df(store_df(s), w, &y, ymax, cx, cw);
	else if (y < ymax)
		text_put(w, y++, cx,
		    s->error[STORE_DF] ? s->error[STORE_DF]
				       : "disk usage: loading…",
		    cw, theme_attr(THEME_ROLE_DIM));
	y++;
	if (in->warnings && in->warnings[0] && y < ymax) {
		text_put(w, y++, cx, "ENGINE WARNINGS", cw,
		    theme_attr(THEME_ROLE_HEADER));
		for (char **wn = in->warnings; *wn && y < ymax; wn++)
			text_put(
			    w, y++, cx, *wn, cw, theme_attr(THEME_ROLE_WARN));
	}
}

/* Inspect on the host pane shows the engine's own /info and /version. */
static enum kind
host_object(struct pane *p, const char **id)
{
	(void)p;
	*id = "engine";
	return KIND_ENGINE;
}

const struct pane_ops host_pane_ops = {
    .name = "host",
    .alias = "h",
    .title = "Host",
    .flags = PANE_CUSTOM,
    .priv_size = sizeof(struct host_priv),
    .wants = SLOT_BIT(STORE_INFO) | SLOT_BIT(STORE_VERSION) |
	     SLOT_BIT(STORE_DF) | SLOT_BIT(STORE_VOLUMES) |
	     SLOT_BIT(STORE_NETWORKS),
    .draw = host_draw,
    .object = host_object,
};
