/*
 * A question that is a whole dialog (options, checkboxes) in an overlay:
 * the console service behind console_ask(), so that the actions that ask
 * about a job share one overlay instead of each writing its own.
 */

#include <stdbool.h>
#include <stdlib.h>

#include "api/xalloc.h"
#include "tui/core/console.h"
#include "widgets/dialog.h"

struct ask {
	struct console *app;
	struct dialog *dlg;
	console_ask_fn *fn;
	void (*drop)(void *);
	void *arg; /* the caller's until answered, then fn's */
};

static bool
ask_key(void *arg, int key)
{
	struct ask *q = arg;
	enum dialog_result r = dialog_key(q->dlg, key);
	void *job = q->arg;

	if (r == DIALOG_OPEN)
		return true;
	/* fn owns the job now: the overlay's free() must not drop it. */
	q->arg = NULL;
	q->fn(q->app, q->dlg, r == DIALOG_CONFIRMED, job);
	return false;
}

static void
ask_draw(void *arg, WINDOW *win, int h, int w)
{
	struct ask *q = arg;

	dialog_draw(q->dlg, win);
}

static void
ask_free(void *arg)
{
	struct ask *q = arg;

	if (q->arg && q->drop)
		q->drop(q->arg);
	dialog_free(q->dlg);
	free(q);
}

static const struct console_overlay_ops ask_ops = {
    .key = ask_key,
    .draw = ask_draw,
    .free = ask_free,
};

void
console_ask(struct console *a, struct dialog *dlg, console_ask_fn *fn,
    void (*drop)(void *), void *arg)
{
	struct ask *q = xcalloc(1, sizeof *q);

	q->app = a;
	q->dlg = dlg;
	q->fn = fn;
	q->drop = drop;
	q->arg = arg;
	console_push_overlay(a, &ask_ops, q);
}
