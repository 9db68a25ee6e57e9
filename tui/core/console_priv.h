/*
 * The console's insides, shared by the loop (app.c), its services
 * (console.c) and the keyboard (input.c), and by nothing else: panes,
 * actions and views see only
 * tui/core/console.h.
 */
#ifndef TUI_CORE_CONSOLE_PRIV_H
#define TUI_CORE_CONSOLE_PRIV_H

#include <stdbool.h>
#include <stddef.h>

#include <curses.h>

#include "api/vec.h"
#include "themes/theme.h"
#include "tui/core/config.h"
#include "tui/core/console.h"
#include "widgets/dialog.h"
#include "widgets/prompt.h"
#include "widgets/statusbar.h"
#include "widgets/tabs.h"

struct console_job {
	const struct console_job_ops *ops;
	void *arg;
};

enum app_mode {
	MODE_NORMAL,
	MODE_FILTER,
	MODE_COMMAND,
	MODE_HELP,
	MODE_DIALOG,
};

struct console {
	const struct console_parts *parts;
	struct vec engines; /* of struct engine, owned */
	size_t cur; /* the engine shown now */
	struct config cfg;
	struct pane **panes;
	size_t n_panes;
	size_t active;
	/* A view over the panes (a detail view), or NULL. */
	const struct console_view_ops *view_ops;
	void *view;
	enum app_mode mode;
	struct statusbar sb;
	struct tabs tabs;
	struct prompt prompt; /* the filter or command line */
	struct prompt cmd_prompt;
	struct dialog *dialog;
	struct theme theme;
	bool has_colors;
	bool term; /* app_run: draws and reads the keyboard */
	bool running;
	bool dirty;
	bool sandbox;
	int exit_code;
	console_confirm_fn *confirm_fn;
	void *confirm_arg;
	size_t help_top;
	const struct console_overlay_ops *ov;
	void *ov_arg;
	struct console_job *jobs; /* console_start_job() */
	size_t n_jobs;
	struct console_keep *keep; /* keep.c: console_keep(), own events */
};

/* The engine at i (i < a->engines.n). */
#define CONSOLE_ENGINE(a, i) ((struct engine *)(a)->engines.v[i])

/* console.c */
/* Shows pane i (closing a view over the panes). */
void console_goto(struct console *, size_t i);
/* Makes pane i the active one and fetches what it shows. */
void console_activate(struct console *, size_t i);
void console_close_view(struct console *);

/* keep.c */
/* An event arrived: marks berth's own, drops what a destroy ends. */
void console_keep_event(
    struct console *, struct engine *, const struct docker_event *);
void console_keep_engine_gone(struct console *, struct engine *);
void console_keep_free(struct console *);

/* input.c */
void app_key(struct console *, int key);
void app_read_keys(struct console *);
/* Completion for the command prompt: pane names and commands. */
char *app_complete(void *console, const char *text);
void app_draw_help(struct console *, WINDOW *, int h, int w);

#endif
