/*
 * The console's services, the narrow interface that panes, actions and
 * views use: report in the status bar, ask a question, open an overlay or
 * a view, find a pane, reach the engines. The loop itself (tui/core/app.h)
 * is for main and the tests.
 */
#ifndef TUI_CORE_CONSOLE_H
#define TUI_CORE_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>

#include <curses.h>

#include "tui/core/action.h"
#include "tui/core/config.h"
#include "tui/core/engine.h"
#include "tui/core/kind.h"
#include "tui/core/pane.h"

struct console;
struct pane;
struct pane_ops;

/*
 * What sits above the core and is plugged in by main: the panes in tab
 * order, the action modules and the detail views. The core calls them
 * through here and names none of them.
 */
struct console_parts {
	const struct pane_ops *const *panes; /* NULL-terminated */
	/* Runs act on the pane's targets; false when no module takes it. */
	bool (*action)(struct console *, struct pane *, enum action);
	/* ":prune images": false when the command is not theirs. */
	bool (*command)(struct console *, const char *word, const char *rest);
	const char *const *commands; /* for completion, NULL-terminated */
	/* Opens the detail view of an object (or of one event). */
	void (*open_detail)(struct console *, struct engine *, enum kind,
	    const char *id, const char *name, enum tab);
	void (*open_event)(
	    struct console *, struct engine *, const struct docker_event *);
};

/* The engine shown now: the one new panes and commands act on. */
struct engine *console_engine(struct console *);
/* The engines open, in the order they were given; i < count. */
size_t console_engine_count(const struct console *);
struct engine *console_engine_at(struct console *, size_t i);
/*
 * Makes engine i the one shown: the panes reopen on it, as after a
 * switch, but the engine that was shown stays open. A pane calling this
 * (or console_switch_engine) is freed by it: it must not touch itself
 * afterwards, and returns ACTION_NONE.
 */
void console_show_engine(struct console *, size_t i);
/*
 * Shows the engine d (owned) instead of the one shown now, which is
 * closed: panes reopen on it empty (filters, marks and selections go),
 * views, overlays and jobs close. name: a context's, or NULL.
 */
void console_switch_engine(
    struct console *, struct docker *d, const char *name);

const struct config *console_config(const struct console *);
/* Whether changes are refused on e (the console's flag or the engine's). */
bool console_read_only(const struct console *, const struct engine *);

/* Something changed on screen: draw at the end of this pass. */
void console_dirty(struct console *);
/* Status bar messages. */
void console_info(struct console *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void console_ok(struct console *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void console_error(struct console *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Switches to the pane called name (or alias); false if unknown. */
bool console_show_pane(struct console *, const char *name);
/* The pane that lists objects of kind k (its rows are of that kind). */
struct pane *console_pane_of_kind(struct console *, enum kind);
/* Shows that pane with the object id selected; false when not listed. */
bool console_show_object(struct console *, enum kind, const char *id);
/*
 * The same for an object that is not listed yet (just made: its list is
 * on the way): shown as soon as the pane lists it, within secs.
 */
void console_show_object_soon(
    struct console *, enum kind, const char *id, double secs);
struct pane *console_pane(struct console *, const char *name);
struct pane *console_active_pane(struct console *);

/* Opens the detail view of an object of e (see console_parts). */
void console_open_detail(struct console *, struct engine *, enum kind,
    const char *id, const char *name, enum tab);
void console_open_event(
    struct console *, struct engine *, const struct docker_event *);

/*
 * A view over the panes (a detail view) that takes the keys its handle()
 * does not give back; the panes' keys work under it.
 */
struct console_view_ops {
	/* Returns ACTION_NONE when consumed. */
	enum action (*handle)(void *arg, enum action);
	bool (*search)(void *arg, const char *pattern);
	void (*draw)(void *arg, WINDOW *, int y, int x, int h, int w);
	void (*event)(void *arg, const struct docker_event *);
	double (*tick)(void *arg, double now);
	/* True once after something arrived that needs a redraw. */
	bool (*dirty)(void *arg);
	void (*free)(void *arg);
};

/* Opens a view (the old one is freed); takes ownership of arg. */
void console_push_view(
    struct console *, const struct console_view_ops *, void *arg);
bool console_view_open(const struct console *);
/* The open view's arg (borrowed), or NULL. */
void *console_view(struct console *);

/* A yes/no question; fn runs with the answer (true: confirmed). */
typedef void console_confirm_fn(struct console *, bool yes, void *arg);
void console_confirm(struct console *, const char *title, char *const *lines,
    console_confirm_fn *, void *arg);
/*
 * A choice among options (NULL-terminated, sel chosen first); fn runs
 * with yes when one was picked: console_chosen() tells which, during fn.
 */
void console_choose(struct console *, const char *title, char *const *lines,
    char *const *options, size_t sel, console_confirm_fn *, void *arg);
size_t console_chosen(const struct console *);
/* A message box; any key closes it. */
void console_alert(struct console *, const char *title, char *const *lines);

/*
 * A question that is a whole dialog (widgets/dialog.h: options,
 * checkboxes), for a job that waits on the answer: dlg (owned) is shown
 * in an overlay. fn runs once with the answer (yes: confirmed or picked)
 * while dlg can still be read (dialog_choice(), dialog_checked()), and
 * owns arg from then on. When the overlay goes unanswered (the console
 * switches engines or closes), drop(arg) runs instead (drop may be NULL).
 */
struct dialog;
typedef void console_ask_fn(
    struct console *, const struct dialog *, bool yes, void *arg);
void console_ask(struct console *, struct dialog *, console_ask_fn *,
    void (*drop)(void *), void *arg);

/* What Enter did in a console_ask_line() box. */
enum console_line {
	CONSOLE_LINE_KEEP, /* the line was refused (done said why): ask on */
	CONSOLE_LINE_CLOSE, /* nothing to do: the box closes, arg is dropped */
	CONSOLE_LINE_TAKEN /* done took arg: the box closes */
};

#define CONSOLE_LINE_ASK_LINES 3

/* The question of console_ask_line(); the texts are copied. */
struct console_line_ask {
	const char *title;
	/* Above the prompt; a NULL one is left out. */
	const char *lines[CONSOLE_LINE_ASK_LINES];
	const char *label; /* in front of the line: "new name: " */
	const char *value; /* the line to start from (may be NULL) */
	const char *hint; /* under it: "Enter renames, Esc cancels" */
	enum console_line (*done)(void *arg, const char *text);
	void (*cancel)(void *arg); /* Esc (may be NULL) */
	void (*drop)(void *arg); /* the box closes holding arg (may be NULL) */
};

/*
 * Asks for one line in an overlay (widgets/inputbox.h), for a job (arg)
 * that waits on it: the rename and tag prompts, a swarm service's scale
 * and image and a node's label. Enter runs done(); Esc runs cancel(),
 * then drop() as the box closes; a box closed unanswered (the console
 * switches engines or closes) runs drop() alone.
 */
void console_ask_line(
    struct console *, const struct console_line_ask *, void *arg);

/*
 * An overlay: a modal view drawn over the panes (a form, a progress view,
 * a prune preview) that takes the keys until it closes. key() returns
 * false when the overlay is done; free() then runs.
 */
struct console_overlay_ops {
	bool (*key)(void *arg, int key);
	void (*draw)(void *arg, WINDOW *, int h, int w);
	/* Timers: returns the next due time or 0 (may be NULL). */
	double (*tick)(void *arg, double now);
	void (*free)(void *arg);
};

/* Opens an overlay over everything (at most one; the old one is freed). */
void console_push_overlay(
    struct console *, const struct console_overlay_ops *, void *arg);
/* Closes the overlay from outside its key() (e.g. a callback). */
void console_close_overlay(struct console *);
bool console_overlay_open(const struct console *);

/*
 * Work an action leaves running once its dialogs are closed (the NAT
 * helper container): tick() runs with the loop's timers, and free() when
 * the job is ended or the console closes (before the panes and engines).
 */
struct console_job_ops {
	/* Returns the next due time or 0 (may be NULL). */
	double (*tick)(void *arg, double now);
	void (*free)(void *arg);
};

/* Takes ownership of arg. */
void console_start_job(
    struct console *, const struct console_job_ops *, void *arg);
/* Ends the job of arg (its free() runs); nothing if there is none. */
void console_end_job(struct console *, void *arg);

/*
 * What a pane or view keeps while berth runs, by engine, kind of data
 * (what: "stats") and key (an object's id): a container's stats history
 * outlives its view. console_keep takes data; it is freed with free_fn
 * when replaced, when more than CONSOLE_KEEP_MAX are kept (the least used
 * first), when an event says the object key was destroyed, and when the
 * engine closes.
 */
#define CONSOLE_KEEP_MAX 64
void console_keep(struct console *, struct engine *, const char *what,
    const char *key, void *data, void (*free_fn)(void *));
/* The data kept (the console's still), or NULL. */
void *console_kept(
    struct console *, struct engine *, const char *what, const char *key);
/* The data kept, no longer kept (the caller's now), or NULL. */
void *console_take(
    struct console *, struct engine *, const char *what, const char *key);

/*
 * Berth's own requests that the engine reports as events (the processes
 * tab's top polls): note each as it is sent, and the event of that action
 * on that object that arrives next (within seconds) is marked berth's.
 */
void console_own_request(
    struct console *, struct engine *, const char *action, const char *id);
bool console_event_own(
    struct console *, struct engine *, const struct docker_event *);

/*
 * Runs fn with the terminal given back (curses suspended): for attach and
 * exec, which copy bytes between the terminal and a container. Returns
 * what fn returned; the screen is redrawn and the stores refreshed after.
 */
int console_with_terminal(struct console *, int (*fn)(void *), void *arg);

#endif
