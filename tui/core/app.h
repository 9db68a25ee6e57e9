/*
 * The application: one loop over the keyboard, signals and every transfer;
 * the panes, the store, the events stream, the status bar and the modes
 * (filter and command prompts, dialogs, help, detail views).
 */
#ifndef TUI_APP_H
#define TUI_APP_H

#include <stdbool.h>
#include <stddef.h>

#include <curses.h>

#include "api/docker.h"
#include "tui/core/config.h"
#include "tui/core/events.h"
#include "tui/core/pane.h"
#include "tui/core/store.h"

struct app;
struct detail;

struct app_opts {
	const char *pane; /* start pane or NULL */
	bool read_only;
	bool sandbox; /* opened on the sandbox engine */
	const char *theme;
};

/* Takes ownership of d and cfg's contents. */
struct app *app_new(
    struct docker *d, struct config *cfg, const struct app_opts *);
void app_free(struct app *);
/* Runs until quit; returns the exit status. */
int app_run(struct app *);
/*
 * For tests without a terminal: app_start() opens the events stream and
 * the first requests as app_run() does; app_pump() runs one pass of the
 * loop (timers, transfers, callbacks, pane sync) without drawing.
 */
void app_start(struct app *);
void app_pump(struct app *, int max_wait_ms);

struct store *app_store(struct app *);
struct docker *app_docker(struct app *);
struct events *app_events(struct app *);
const struct config *app_config(const struct app *);
bool app_read_only(const struct app *);
bool app_engine_local(const struct app *);
const char *app_os_type(const struct app *);

/* Something changed on screen: draw at the end of this pass. */
void app_dirty(struct app *);
/* Status bar messages. */
void app_info(struct app *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void app_ok(struct app *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void app_error(struct app *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Switches to the pane called name (or alias); false if unknown. */
bool app_show_pane(struct app *, const char *name);
struct pane *app_pane(struct app *, const char *name);
struct pane *app_active_pane(struct app *);

/* Whether a detail view covers the panes. */
bool app_detail_open(const struct app *);
/* The detail view over the panes (borrowed), or NULL. */
struct detail *app_detail(struct app *);
/* Opens a detail view over the panes (takes ownership). */
void app_push_detail(struct app *, struct detail *);

/* A yes/no question; fn runs with the answer (true: confirmed). */
typedef void app_confirm_fn(struct app *, bool yes, void *arg);
void app_confirm(struct app *, const char *title, char *const *lines,
    app_confirm_fn *, void *arg);

/* Draws the whole screen into win (stdscr, or a test's window). */
void app_draw_to(struct app *, WINDOW *, int h, int w);
/* Feeds one key as the keyboard would (widgets/key.h codes). */
void app_feed_key(struct app *, int key);

/*
 * An overlay: a modal view drawn over the panes (a form, a progress view,
 * a prune preview) that takes the keys until it closes. key() returns
 * false when the overlay is done; free() then runs.
 */
struct app_overlay_ops {
	bool (*key)(void *arg, int key);
	void (*draw)(void *arg, WINDOW *, int h, int w);
	/* Timers: returns the next due time or 0 (may be NULL). */
	double (*tick)(void *arg, double now);
	void (*free)(void *arg);
};

/* Opens an overlay over everything (at most one; the old one is freed). */
void app_push_overlay(struct app *, const struct app_overlay_ops *, void *arg);
/* Closes the overlay from outside its key() (e.g. a callback). */
void app_close_overlay(struct app *);
bool app_overlay_open(const struct app *);
/*
 * Runs fn with the terminal given back (curses suspended): for attach and
 * exec, which copy bytes between the terminal and a container. Returns
 * what fn returned; the screen is redrawn and the store refreshed after.
 */
int app_with_terminal(struct app *, int (*fn)(void *), void *arg);

/* A message box; any key closes it. */
void app_alert(struct app *, const char *title, char *const *lines);

#endif
