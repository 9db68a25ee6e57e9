/*
 * What the files of the detail view share: its state, and the entry points
 * of its tabs (inspect, logs, stats, processes and history). Not for use
 * outside tui/views/detail*.c.
 */
#ifndef TUI_VIEWS_DETAIL_PRIV_H
#define TUI_VIEWS_DETAIL_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <curses.h>

#include "api/docker.h"
#include "api/model.h"
#include "api/stream.h"
#include "tui/core/console.h"
#include "tui/views/logview.h"
#include "widgets/pager.h"
#include "widgets/sparkline.h"

enum {
	SPARK_CPU,
	SPARK_MEM,
	SPARK_NET_RX,
	SPARK_NET_TX,
	SPARK_BLK_R,
	SPARK_BLK_W,
	SPARK_PIDS,
	SPARK__COUNT
};

struct detail {
	struct console *app;
	struct engine *engine; /* whose object; requests go to engine->d */
	/* Runs when the inspect answer came, or failed (the logs wait). */
	void (*inspected)(struct detail *);
	enum kind kind;
	enum tab tab;
	char *id;
	char *name;
	bool dirty;

	/* inspect */
	struct docker_call *inspect_call;
	char *inspect_text; /* pretty JSON, owned */
	char **json_lines; /* its lines */
	size_t n_json;
	bool *folded; /* per json line: folded at this opener */
	struct pager inspect;
	char *inspect_err;
	char *host_info; /* KIND_ENGINE: /info, while /version is asked */
	bool tty; /* Config.Tty: raw logs */
	bool tty_known;

	/* logs */
	struct pager logs;
	struct logview_stream logs_stream;
	bool timestamps;
	bool logs_started;
	bool logs_ended;
	char *logs_err;

	/* stats */
	struct docker_call *stats_call;
	struct jsonl stats_jl;
	struct docker_stats *last; /* the newest sample */
	uint64_t prev_rx, prev_tx, prev_br, prev_bw;
	double prev_t;
	double cpu;
	struct sparkline spark[SPARK__COUNT];
	char *stats_err;

	/* processes and history */
	struct pager top;
	struct docker_call *top_call;
	double top_next;
	bool top_plain; /* no ps_args: the engine refuses them (Windows) */
	bool top_retry; /* this answer is for the retry without them */
	struct pager history;
	struct docker_call *history_call;
	bool history_loaded;
};

/* ---- detail_inspect.c ---- */

/* Asks the engine for the object's JSON (not for an event's view). */
void detail_inspect_fetch(struct detail *);
/* Shows a JSON document in the inspect tab, pretty-printed. */
void detail_inspect_show(struct detail *, const char *body, size_t len);
/* Folds or unfolds the first object or array at the top of the screen. */
void detail_fold(struct detail *);

/* ---- detail_logs.c ---- */

void detail_logs_init(struct detail *);
/* (Re)starts following the logs; Config.Tty must be known (tty_known). */
void detail_logs_start(struct detail *);
void detail_logs_stop(struct detail *);
/* Writes the lines shown to berth-NAME-TIME.log here. */
void detail_logs_save(struct detail *);

/* ---- detail_stats.c ---- */

/* Monotonic seconds. */
double detail_now(void);
void detail_stats_init(struct detail *);
void detail_stats_done(struct detail *);
void detail_stats_start(struct detail *);
void detail_stats_stop(struct detail *);
void detail_draw_stats(struct detail *, WINDOW *, int y, int x, int h, int w);

/* ---- detail_procs.c ---- */

/* Asks for the processes (top), once more without ps_args if refused. */
void detail_top_fetch(struct detail *);
/* Asks for the image's history, once. */
void detail_history_fetch(struct detail *);

#endif
