/* The detail view's stats tab: live numbers of a container, sparklines. */

#include "tui/views/detail_priv.h"
#include "tui/views/detail.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/calls.h"
#include "api/decode.h"
#include "api/xalloc.h"
#include "themes/theme.h"
#include "tui/core/fmt.h"
#include "widgets/text.h"

/* Samples a sparkline keeps (one a second: five minutes). */
#define DETAIL_SPARK_SAMPLES 300
/* What the console keeps of a container's stats between views. */
#define DETAIL_STATS_KEPT "stats"

/*
 * A container's stats history, kept by the console while berth runs so
 * that reopening the stats tab shows it (console_keep in console.h drops
 * it when the container is destroyed, and bounds how many are kept).
 */
struct detail_stats_kept {
	struct sparkline spark[SPARK__COUNT];
	struct docker_stats *last;
	uint64_t prev_rx, prev_tx, prev_br, prev_bw;
	double cpu;
};

static void
detail_stats_kept_free(void *arg)
{
	struct detail_stats_kept *k = arg;

	if (k == NULL)
		return;
	for (int i = 0; i < SPARK__COUNT; i++)
		sparkline_done(&k->spark[i]);
	docker_stats_free(k->last);
	free(k);
}

double
detail_cpu_percent(uint64_t cpu, uint64_t pre_cpu, uint64_t sys,
    uint64_t pre_sys, int online_cpus)
{
	double cd, sd;

	/* The first sample of a stream has no previous reading. */
	if (pre_sys == 0 || cpu <= pre_cpu || sys <= pre_sys)
		return 0;
	cd = (double)(cpu - pre_cpu);
	sd = (double)(sys - pre_sys);
	return cd / sd * (online_cpus > 0 ? online_cpus : 1) * 100.0;
}

uint64_t
detail_mem_used(const struct docker_stats *s)
{
	if (s->mem_inactive_file < s->mem_usage)
		return s->mem_usage - s->mem_inactive_file;
	return s->mem_usage;
}

double
detail_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool
detail_on_stats_line(const char *line, size_t len, void *arg)
{
	struct detail *dt = arg;
	char *cause = NULL;
	struct docker_stats *s = decode_stats(line, len, &cause);
	double t = detail_now(), dtime;

	if (s == NULL) {
		free(cause);
		return true;
	}
	dt->cpu = detail_cpu_percent(s->cpu_total, s->pre_cpu_total,
	    s->system_cpu, s->pre_system_cpu, s->online_cpus);
	sparkline_push(&dt->spark[SPARK_CPU], dt->cpu);
	sparkline_push(&dt->spark[SPARK_MEM], (double)detail_mem_used(s));
	sparkline_push(&dt->spark[SPARK_PIDS], (double)s->pids);
	dtime = dt->prev_t > 0 ? t - dt->prev_t : 0;
	if (dtime > 0 && dt->last) {
		sparkline_push(&dt->spark[SPARK_NET_RX],
		    (double)(s->net_rx - dt->prev_rx) / dtime);
		sparkline_push(&dt->spark[SPARK_NET_TX],
		    (double)(s->net_tx - dt->prev_tx) / dtime);
		sparkline_push(&dt->spark[SPARK_BLK_R],
		    (double)(s->blk_read - dt->prev_br) / dtime);
		sparkline_push(&dt->spark[SPARK_BLK_W],
		    (double)(s->blk_write - dt->prev_bw) / dtime);
	}
	dt->prev_rx = s->net_rx;
	dt->prev_tx = s->net_tx;
	dt->prev_br = s->blk_read;
	dt->prev_bw = s->blk_write;
	dt->prev_t = t;
	docker_stats_free(dt->last);
	dt->last = s;
	dt->dirty = true;
	return true;
}

static bool
detail_on_stats_data(const char *data, size_t len, void *arg)
{
	struct detail *dt = arg;

	return jsonl_feed(&dt->stats_jl, data, len);
}

static void
detail_on_stats_end(const struct docker_reply *r, void *arg)
{
	struct detail *dt = arg;

	dt->stats_call = NULL;
	if (r->status != DOCKER_OK && r->status != DOCKER_ERR_CANCELLED) {
		free(dt->stats_err);
		dt->stats_err = xstrdup(
		    r->message ? r->message : docker_status_str(r->status));
	}
	dt->dirty = true;
}

void
detail_stats_stop(struct detail *dt)
{
	if (dt->stats_call)
		docker_cancel(dt->engine->d, dt->stats_call);
	dt->stats_call = NULL;
}

void
detail_stats_start(struct detail *dt)
{
	if (dt->stats_call)
		return;
	jsonl_done(&dt->stats_jl);
	jsonl_init(&dt->stats_jl, detail_on_stats_line, dt);
	dt->stats_call = docker_container_stats(dt->engine->d, dt->id,
	    detail_on_stats_data, detail_on_stats_end, dt);
}

void
detail_stats_init(struct detail *dt)
{
	struct detail_stats_kept *k = NULL;

	jsonl_init(&dt->stats_jl, detail_on_stats_line, dt);
	if (dt->kind == KIND_CONTAINER && dt->id)
		k = console_take(
		    dt->app, dt->engine, DETAIL_STATS_KEPT, dt->id);
	if (k == NULL) {
		for (int i = 0; i < SPARK__COUNT; i++)
			sparkline_init(&dt->spark[i], DETAIL_SPARK_SAMPLES);
		return;
	}
	/* The history of the last view; rates start again from the next
	 * sample (prev_t stays 0), not from an average over the gap. */
	memcpy(dt->spark, k->spark, sizeof dt->spark);
	dt->last = k->last;
	dt->prev_rx = k->prev_rx;
	dt->prev_tx = k->prev_tx;
	dt->prev_br = k->prev_br;
	dt->prev_bw = k->prev_bw;
	dt->cpu = k->cpu;
	free(k);
}

void
detail_stats_done(struct detail *dt)
{
	detail_stats_stop(dt);
	jsonl_done(&dt->stats_jl);
	/* Kept while the container is there (and one sample came). */
	if (dt->kind == KIND_CONTAINER && dt->id && dt->last &&
	    store_container(&dt->engine->store, dt->id) != NULL) {
		struct detail_stats_kept *k = xcalloc(1, sizeof *k);

		memcpy(k->spark, dt->spark, sizeof k->spark);
		k->last = dt->last;
		k->prev_rx = dt->prev_rx;
		k->prev_tx = dt->prev_tx;
		k->prev_br = dt->prev_br;
		k->prev_bw = dt->prev_bw;
		k->cpu = dt->cpu;
		console_keep(dt->app, dt->engine, DETAIL_STATS_KEPT, dt->id, k,
		    detail_stats_kept_free);
	} else {
		docker_stats_free(dt->last);
		for (int i = 0; i < SPARK__COUNT; i++)
			sparkline_done(&dt->spark[i]);
	}
	dt->last = NULL;
	memset(dt->spark, 0, sizeof dt->spark);
	free(dt->stats_err);
}

static void
detail_stat_line(struct detail *dt, WINDOW *w, int y, int x, int wd,
    const char *label, const char *value, int spark, double max)
{
	int lw = 10, vw = 24;

	text_put_padded(w, y, x, label, lw, theme_attr(THEME_ROLE_HEADER));
	text_put_padded(w, y, x + lw, value, vw, theme_attr(THEME_ROLE_NORMAL));
	if (wd > lw + vw + 2 && spark >= 0)
		sparkline_draw(
		    &dt->spark[spark], w, y, x + lw + vw, wd - lw - vw, max, 0);
}

void
detail_draw_stats(struct detail *dt, WINDOW *w, int y, int x, int h, int wd)
{
	const struct docker_stats *s = dt->last;
	char v[64], a[24], b[24];
	double rates[4] = {0, 0, 0, 0};

	if (dt->stats_err) {
		text_put(
		    w, y, x, dt->stats_err, wd, theme_attr(THEME_ROLE_ERROR));
		return;
	}
	if (s == NULL) {
		text_put(w, y, x, "waiting for the first sample…", wd,
		    theme_attr(THEME_ROLE_DIM));
		return;
	}
	for (int i = 0; i < 4; i++) {
		struct sparkline *sp = &dt->spark[SPARK_NET_RX + i];

		if (sparkline_count(sp))
			rates[i] = sparkline_get(sp, sparkline_count(sp) - 1);
	}
	snprintf(v, sizeof v, "%.2f%%", dt->cpu);
	detail_stat_line(dt, w, y, x, wd, "CPU", v, SPARK_CPU, 0);
	if (h < 2)
		return;
	fmt_size(a, sizeof a, (int64_t)detail_mem_used(s));
	fmt_size(b, sizeof b, (int64_t)s->mem_limit);
	snprintf(v, sizeof v, "%s / %s", a, b);
	detail_stat_line(
	    dt, w, y + 1, x, wd, "MEM", v, SPARK_MEM, (double)s->mem_limit);
	if (h < 4)
		return;
	fmt_size(a, sizeof a, (int64_t)rates[0]);
	fmt_size(b, sizeof b, (int64_t)s->net_rx);
	snprintf(v, sizeof v, "%s/s (%s)", a, b);
	detail_stat_line(dt, w, y + 2, x, wd, "NET RX", v, SPARK_NET_RX, 0);
	fmt_size(a, sizeof a, (int64_t)rates[1]);
	fmt_size(b, sizeof b, (int64_t)s->net_tx);
	snprintf(v, sizeof v, "%s/s (%s)", a, b);
	detail_stat_line(dt, w, y + 3, x, wd, "NET TX", v, SPARK_NET_TX, 0);
	if (h < 6)
		return;
	fmt_size(a, sizeof a, (int64_t)rates[2]);
	fmt_size(b, sizeof b, (int64_t)s->blk_read);
	snprintf(v, sizeof v, "%s/s (%s)", a, b);
	detail_stat_line(dt, w, y + 4, x, wd, "BLK READ", v, SPARK_BLK_R, 0);
	fmt_size(a, sizeof a, (int64_t)rates[3]);
	fmt_size(b, sizeof b, (int64_t)s->blk_write);
	snprintf(v, sizeof v, "%s/s (%s)", a, b);
	detail_stat_line(dt, w, y + 5, x, wd, "BLK WRITE", v, SPARK_BLK_W, 0);
	if (h < 7)
		return;
	snprintf(v, sizeof v, "%llu", (unsigned long long)s->pids);
	detail_stat_line(dt, w, y + 6, x, wd, "PIDS", v, SPARK_PIDS, 0);
}
