/*
 * The console's services to panes, actions and views (console.h): status
 * messages, the panes and which one is shown, views, overlays, dialogs,
 * background jobs and the engines. The loop (app.c) and the keyboard
 * (input.c) use them too; nothing here calls back into either.
 */

#include "tui/core/console.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "api/vec.h"
#include "api/xalloc.h"
#include "tui/core/console_priv.h"
#include "tui/core/term.h"
#include "widgets/dialog.h"
#include "widgets/statusbar.h"

/* Status bar messages stay this many seconds (errors longer). */
#define CONSOLE_MSG_S 6
#define CONSOLE_ERR_MSG_S 15

void
console_close_view(struct console *a)
{
	const struct console_view_ops *ops = a->view_ops;
	void *v = a->view;

	a->view_ops = NULL;
	a->view = NULL;
	if (ops)
		ops->free(v);
	a->dirty = true;
}

struct engine *
console_engine(struct console *a)
{
	return a->engines.v[a->cur];
}

size_t
console_engine_count(const struct console *a)
{
	return a->engines.n;
}

struct engine *
console_engine_at(struct console *a, size_t i)
{
	return vec_get(&a->engines, i);
}

const struct config *
console_config(const struct console *a)
{
	return &a->cfg;
}

bool
console_read_only(const struct console *a, const struct engine *e)
{
	(void)a;
	return e->read_only;
}

void
console_dirty(struct console *a)
{
	a->dirty = true;
}

static void
console_message(
    struct console *a, enum statusbar_level level, const char *fmt, va_list ap)
{
	char *msg = xvasprintf(fmt, ap);

	statusbar_message(&a->sb, level, msg, store_now(),
	    level == STATUSBAR_ERR ? CONSOLE_ERR_MSG_S : CONSOLE_MSG_S);
	a->dirty = true;
}

void
console_info(struct console *a, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	console_message(a, STATUSBAR_INFO, fmt, ap);
	va_end(ap);
}

void
console_ok(struct console *a, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	console_message(a, STATUSBAR_OK, fmt, ap);
	va_end(ap);
}

void
console_error(struct console *a, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	console_message(a, STATUSBAR_ERR, fmt, ap);
	va_end(ap);
}

struct pane *
console_active_pane(struct console *a)
{
	return a->panes[a->active];
}

struct pane *
console_pane(struct console *a, const char *name)
{
	const struct pane_ops *ops = pane_ops_find(a->parts->panes, name);

	for (size_t i = 0; ops && i < a->n_panes; i++)
		if (a->panes[i]->ops == ops)
			return a->panes[i];
	return NULL;
}

struct pane *
console_pane_of_kind(struct console *a, enum kind k)
{
	for (size_t i = 0; k != KIND_NONE && i < a->n_panes; i++)
		if (a->panes[i]->ops->kind == k)
			return a->panes[i];
	return NULL;
}

/* Tells the engine which slots are on screen and starts their requests. */
static void
console_want(struct console *a)
{
	struct pane *p = console_active_pane(a);

	engine_want(p->engine, p->ops->wants);
}

void
console_activate(struct console *a, size_t i)
{
	struct pane *old = console_active_pane(a);

	if (i >= a->n_panes)
		return;
	if (old->visible && old->ops->visible && i != a->active)
		old->ops->visible(old, false);
	old->visible = false;
	a->active = i;
	a->panes[i]->visible = true;
	if (a->panes[i]->ops->visible)
		a->panes[i]->ops->visible(a->panes[i], true);
	console_want(a);
	pane_sync(a->panes[i], true);
	a->dirty = true;
}

void
console_goto(struct console *a, size_t i)
{
	if (i >= a->n_panes)
		return;
	console_close_view(a);
	console_activate(a, i);
}

bool
console_show_pane(struct console *a, const char *name)
{
	const struct pane_ops *ops = pane_ops_find(a->parts->panes, name);

	for (size_t i = 0; ops && i < a->n_panes; i++)
		if (a->panes[i]->ops == ops) {
			console_goto(a, i);
			return true;
		}
	return false;
}

bool
console_show_object(struct console *a, enum kind k, const char *id)
{
	struct pane *p = console_pane_of_kind(a, k);

	if (p == NULL || id == NULL)
		return false;
	for (size_t i = 0; i < a->n_panes; i++)
		if (a->panes[i] == p)
			console_goto(a, i);
	if (pane_select_id(p, id))
		return true;
	/* Filtered out: the object asked for matters more than the filter. */
	for (size_t i = 0; p->filter && i < p->n_rows; i++)
		if (strcmp(p->rows[i].id, id) == 0) {
			pane_set_filter(p, NULL, false);
			return pane_select_id(p, id);
		}
	return false;
}

/* console_show_object_soon(): a job that tries until it works or times out. */
struct console_soon {
	struct console *app;
	enum kind kind;
	char *id;
	double secs, until;
};

static double
console_soon_tick(void *arg, double now)
{
	struct console_soon *s = arg;

	if (s->until == 0)
		s->until = now + s->secs;
	if (console_show_object(s->app, s->kind, s->id) || now > s->until) {
		s->app->dirty = true;
		console_end_job(s->app, s);
		return 0;
	}
	return now + 0.2;
}

static void
console_soon_free(void *arg)
{
	struct console_soon *s = arg;

	free(s->id);
	free(s);
}

static const struct console_job_ops console_soon_ops = {
    .tick = console_soon_tick,
    .free = console_soon_free,
};

void
console_show_object_soon(
    struct console *a, enum kind k, const char *id, double secs)
{
	struct console_soon *s = xcalloc(1, sizeof *s);

	s->app = a;
	s->kind = k;
	s->id = xstrdup(id);
	s->secs = secs;
	console_start_job(a, &console_soon_ops, s);
}

void
console_push_overlay(
    struct console *a, const struct console_overlay_ops *ops, void *arg)
{
	console_close_overlay(a);
	a->ov = ops;
	a->ov_arg = arg;
	a->dirty = true;
}

void
console_close_overlay(struct console *a)
{
	const struct console_overlay_ops *ops = a->ov;
	void *arg = a->ov_arg;

	a->ov = NULL;
	a->ov_arg = NULL;
	if (ops && ops->free)
		ops->free(arg);
	a->dirty = true;
}

bool
console_overlay_open(const struct console *a)
{
	return a->ov != NULL;
}

void
console_start_job(
    struct console *a, const struct console_job_ops *ops, void *arg)
{
	a->jobs = xreallocarray(a->jobs, a->n_jobs + 1, sizeof *a->jobs);
	a->jobs[a->n_jobs++] = (struct console_job){ops, arg};
	a->dirty = true;
}

void
console_end_job(struct console *a, void *arg)
{
	for (size_t i = 0; i < a->n_jobs; i++) {
		const struct console_job_ops *ops = a->jobs[i].ops;

		if (a->jobs[i].arg != arg)
			continue;
		memmove(&a->jobs[i], &a->jobs[i + 1],
		    (a->n_jobs - i - 1) * sizeof *a->jobs);
		a->n_jobs--;
		if (ops->free)
			ops->free(arg);
		a->dirty = true;
		return;
	}
}

int
console_with_terminal(struct console *a, int (*fn)(void *), void *arg)
{
	int rc;

	term_suspend();
	rc = fn(arg);
	term_resume();
	/* Signals that arrived meanwhile (resizes) are handled now. */
	clearok(curscr, TRUE);
	for (size_t i = 0; i < a->engines.n; i++)
		store_refresh_all(&CONSOLE_ENGINE(a, i)->store);
	a->dirty = true;
	return rc;
}

void
console_push_view(
    struct console *a, const struct console_view_ops *ops, void *arg)
{
	console_close_view(a);
	a->view_ops = ops;
	a->view = arg;
	a->dirty = true;
}

bool
console_view_open(const struct console *a)
{
	return a->view_ops != NULL;
}

void *
console_view(struct console *a)
{
	return a->view;
}

void
console_open_detail(struct console *a, struct engine *e, enum kind k,
    const char *id, const char *name, enum tab tab)
{
	if (a->parts->open_detail)
		a->parts->open_detail(a, e, k, id, name, tab);
}

void
console_open_event(
    struct console *a, struct engine *e, const struct docker_event *ev)
{
	if (a->parts->open_event)
		a->parts->open_event(a, e, ev);
}

void
console_confirm(struct console *a, const char *title, char *const *lines,
    console_confirm_fn *fn, void *arg)
{
	dialog_free(a->dialog);
	a->dialog = dialog_confirm_new(title, lines);
	a->confirm_fn = fn;
	a->confirm_arg = arg;
	a->mode = MODE_DIALOG;
	a->dirty = true;
}

void
console_choose(struct console *a, const char *title, char *const *lines,
    char *const *options, size_t sel, console_confirm_fn *fn, void *arg)
{
	dialog_free(a->dialog);
	a->dialog = dialog_choice_new(title, lines, options, sel);
	a->confirm_fn = fn;
	a->confirm_arg = arg;
	a->mode = MODE_DIALOG;
	a->dirty = true;
}

size_t
console_chosen(const struct console *a)
{
	return a->dialog ? dialog_choice(a->dialog) : 0;
}

void
console_alert(struct console *a, const char *title, char *const *lines)
{
	dialog_free(a->dialog);
	a->dialog = dialog_alert_new(title, lines);
	a->confirm_fn = NULL;
	a->confirm_arg = NULL;
	a->mode = MODE_DIALOG;
	a->dirty = true;
}
