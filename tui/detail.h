/*
 * Detail views over the panes (Enter): inspect (JSON, foldable), logs
 * (follow, timestamps, search, save), stats (live, with sparklines),
 * processes (top) and image history, as tabs of one object.
 */
#ifndef TUI_DETAIL_H
#define TUI_DETAIL_H

#include <stdbool.h>

#include <curses.h>

#include "api/model.h"
#include "tui/action.h"

struct app;
struct detail;

enum detail_kind {
	DETAIL_NONE,
	DETAIL_CONTAINER,
	DETAIL_IMAGE,
	DETAIL_VOLUME,
	DETAIL_NETWORK,
	DETAIL_EXEC,
};

enum detail_tab {
	DETAIL_TAB_LOGS,
	DETAIL_TAB_INSPECT,
	DETAIL_TAB_STATS,
	DETAIL_TAB_TOP,
	DETAIL_TAB_HISTORY,
	DETAIL_TAB__COUNT
};

/* What kind of object a pane's rows are (by pane name). */
enum detail_kind detail_kind_for_pane(const char *pane);
bool detail_has_tab(enum detail_kind, enum detail_tab);

struct detail *detail_new(struct app *, enum detail_kind, const char *id,
    const char *name, enum detail_tab);
void detail_free(struct detail *);
/* Returns ACTION_NONE when consumed. */
enum action detail_handle(struct detail *, enum action);
bool detail_search(struct detail *, const char *pattern);
void detail_draw(struct detail *, WINDOW *, int y, int x, int h, int w);
void detail_event(struct detail *, const struct docker_event *);
/* Timers; returns the next due time or 0. */
double detail_tick(struct detail *, double now);
/* True once after something arrived that needs a redraw. */
bool detail_dirty(struct detail *);

/*
 * CPU percent as `docker stats` computes it: the container's CPU delta
 * over the system's, times the online CPUs, times 100. 0 when the deltas
 * are not positive.
 */
double detail_cpu_percent(uint64_t cpu, uint64_t pre_cpu, uint64_t sys,
    uint64_t pre_sys, int online_cpus);
/* Memory as `docker stats` shows it: usage minus inactive file pages. */
uint64_t detail_mem_used(const struct docker_stats *);

#endif
