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
#include "api/stream.h"
#include "tui/core/action.h"

struct app;
struct detail;

enum detail_kind {
	DETAIL_NONE,
	DETAIL_CONTAINER,
	DETAIL_IMAGE,
	DETAIL_VOLUME,
	DETAIL_NETWORK,
	DETAIL_EXEC,
	DETAIL_HOST, /* the engine: /info and /version */
	DETAIL_EVENT, /* one event of the events stream */
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
/* The event's fields as JSON, in an inspect view of its own. */
struct detail *detail_new_event(struct app *, const struct docker_event *);
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
enum detail_tab detail_tab(const struct detail *);
const char *detail_line(struct detail *, size_t i, size_t *len);

/*
 * Log pieces to lines. The engine splits a line over 16 KiB into pieces
 * and, with timestamps=1, puts a timestamp in front of every piece: a
 * piece that follows one of its stream that did not end in '\n' loses
 * its timestamp here, so a joined line has one, at its start.
 */
struct detail_logjoin {
	struct linebuf lines;
	bool timestamps;
	bool raw; /* a TTY's stream: no frames, pieces are counted */
	bool mid[4]; /* per stream: the last piece did not end in '\n' */
	size_t left; /* raw: bytes before the next piece (0: one starts) */
	bool holding; /* the start of a piece is held until it is known */
	bool strip; /* and its timestamp goes: it continues a line */
	enum demux_stream hold_s;
	char hold[40]; /* longer than any timestamp and its space */
	size_t n_hold;
};

void detail_logjoin_init(
    struct detail_logjoin *, bool timestamps, bool raw, lines_fn *, void *arg);
void detail_logjoin_done(struct detail_logjoin *);
/* start: data begins a frame (a piece; not used for a raw stream). */
void detail_logjoin_feed(struct detail_logjoin *, enum demux_stream,
    const char *data, size_t len, bool start);
/* Delivers what is left at the end of the stream. */
void detail_logjoin_flush(struct detail_logjoin *);

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
