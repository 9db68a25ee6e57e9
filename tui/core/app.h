/*
 * The console's loop, for main and the tests: one step over the keyboard,
 * signals, timers and every engine's transfers, the same step whether a
 * terminal is attached or a test drives it. What panes, actions and views
 * may use is in tui/core/console.h.
 */
#ifndef TUI_CORE_APP_H
#define TUI_CORE_APP_H

#include <stdbool.h>

#include <curses.h>

#include "api/docker.h"
#include "tui/core/config.h"
#include "tui/core/console.h"

struct app_opts {
	const char *pane; /* start pane or NULL */
	bool read_only;
	bool sandbox; /* opened on the sandbox engine */
	const char *theme;
	const char *engine_name; /* a context's name, or NULL: the address */
};

/* Takes ownership of d and cfg's contents; parts are borrowed. */
struct console *app_new(struct docker *d, struct config *cfg,
    const struct app_opts *, const struct console_parts *);
void app_free(struct console *);
/*
 * Opens one more engine beside the first (before app_start): several -H,
 * the config file's engine lines. Takes ownership of d; name NULL: its
 * address. read_only adds to the console's own read-only mode.
 */
void app_add_engine(
    struct console *, struct docker *d, const char *name, bool read_only);
/* Runs until quit with the terminal; returns the exit status. */
int app_run(struct console *);
/*
 * Without a terminal (tests): app_start() opens the engines' events
 * streams and first requests as app_run() does; app_pump() runs one step
 * of the loop, the same step app_run() runs, waiting at most max_wait_ms
 * and drawing nothing.
 */
void app_start(struct console *);
void app_pump(struct console *, int max_wait_ms);

/* Draws the whole screen into win (stdscr, or a test's window). */
void app_draw_to(struct console *, WINDOW *, int h, int w);
/* Feeds one key as the keyboard would (widgets/key.h codes). */
void app_feed_key(struct console *, int key);

#endif
