/*
 * Detail views over the panes (Enter): inspect (JSON, foldable), logs
 * (follow, timestamps, search, save), stats (live, with sparklines),
 * processes (top) and image history, as tabs of one object.
 */
#ifndef TUI_VIEWS_DETAIL_H
#define TUI_VIEWS_DETAIL_H

#include <stdbool.h>

#include <curses.h>

#include "api/model.h"
#include "tui/core/action.h"
#include "tui/core/console.h"

struct console;
struct detail;

/* Owned (detail_free()); the engine is borrowed and must outlive it. */
struct detail *detail_new(struct console *, struct engine *, enum kind,
    const char *id, const char *name, enum tab);
/* Opens a detail view over the panes (console_parts' open_detail). */
void detail_open(struct console *, struct engine *, enum kind, const char *id,
    const char *name, enum tab);
/* The event's fields as JSON, in an inspect view of its own. */
struct detail *detail_new_event(
    struct console *, struct engine *, const struct docker_event *);
void detail_open_event(
    struct console *, struct engine *, const struct docker_event *);
/* The detail view's ops, for console_push_view(). */
extern const struct console_view_ops detail_view_ops;
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
/* The tab shown and its line i (borrowed), NULL past the end: for tests. */
enum tab detail_tab(const struct detail *);
const char *detail_line(struct detail *, size_t i, size_t *len);

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
