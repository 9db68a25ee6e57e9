/*
 * The console's loop (one step for every engine, the keyboard and the
 * timers), its services to panes, actions and views, and the screen.
 */

#include "tui/core/app.h"

#include <curses.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "api/xalloc.h"
#include "themes/theme.h"
#include "tui/core/console_priv.h"
#include "tui/core/audit.h"
#include "tui/core/fmt.h"
#include "tui/core/term.h"
#include "widgets/box.h"
#include "widgets/dialog.h"
#include "widgets/key.h"
#include "widgets/prompt.h"
#include "widgets/statusbar.h"
#include "widgets/tabs.h"
#include "widgets/text.h"

/* The longest the loop sleeps when nothing is due, in ms. */
#define APP_MAX_WAIT_MS 60000
/* The smallest screen the console draws in (it says so below that). */
#define APP_MIN_W 40
#define APP_MIN_H 10

static const struct engine_hooks app_engine_hooks;
static void app_setup_statusbar(struct console *);
static void app_show_engine(struct console *);

static void
app_engine_free(void *e)
{
	engine_free(e);
}

/* An engine's colour (config: color=red...) as the theme role it is drawn in. */
static int
app_colour_role(const char *colour)
{
	if (colour == NULL)
		return 0;
	if (!strcmp(colour, "red"))
		return THEME_ROLE_ERROR;
	if (!strcmp(colour, "yellow"))
		return THEME_ROLE_WARN;
	return THEME_ROLE_RUNNING;
}

/*
 * The config file's engine lines, opened beside the first: each is
 * connected by the loop like any engine, so one that does not answer
 * shows reconnecting and holds nothing up.
 */
static void
app_open_config_engines(struct console *a)
{
	for (size_t i = 0; i < a->cfg.n_engines; i++) {
		const struct config_engine *ce = &a->cfg.engines[i];
		struct endpoint_tls_opts tls = {ce->tls, ce->tls_verify,
		    ce->ca_file, ce->cert_file, ce->key_file};
		struct endpoint ep;
		struct docker *d = NULL;
		char *cause = NULL;

		if (endpoint_parse(&ep, ce->address, &cause)) {
			if (endpoint_apply_tls(&ep, &tls, NULL, NULL, &cause))
				d = docker_new(&ep, &cause);
			endpoint_done(&ep);
		}
		if (d) {
			app_add_engine(a, d, ce->name, ce->read_only);
			CONSOLE_ENGINE(a, a->engines.n - 1)->colour =
			    app_colour_role(ce->colour);
		} else
			console_error(a, "engine %s: %s", ce->name, cause);
		free(cause);
	}
}

struct console *
app_new(struct docker *d, struct config *cfg, const struct app_opts *o,
    const struct console_parts *parts)
{
	struct console *a = xcalloc(1, sizeof *a);
	size_t n = 0;
	struct engine *e;

	a->parts = parts;
	a->cfg = *cfg;
	memset(cfg, 0, sizeof *cfg);
	a->sandbox = o->sandbox;
	if (o->theme) {
		free(a->cfg.theme);
		a->cfg.theme = xstrdup(o->theme);
	}
	statusbar_init(&a->sb);
	tabs_init(&a->tabs);
	prompt_init(&a->prompt);
	prompt_init(&a->cmd_prompt);
	prompt_set_complete(&a->cmd_prompt, app_complete, a);
	e = engine_new(d, o->engine_name, o->read_only || a->cfg.read_only,
	    &app_engine_hooks, a);
	if (a->sandbox) {
		free(e->label);
		e->label = xasprintf("sandbox engine %s", e->name);
	}
	vec_init(&a->engines, app_engine_free);
	vec_push(&a->engines, e);
	while (parts->panes[n])
		n++;
	a->panes = xcalloc(n, sizeof *a->panes);
	for (size_t i = 0; i < n; i++) {
		a->panes[i] = pane_new(parts->panes[i], a, e);
		tabs_add(&a->tabs, parts->panes[i]->name);
	}
	a->n_panes = n;
	a->running = true;
	a->dirty = true;
	app_setup_statusbar(a);
	app_open_config_engines(a);
	if (o->pane && !console_show_pane(a, o->pane))
		console_error(a, "unknown pane %s", o->pane);
	else if (!o->pane && a->cfg.start_pane)
		console_show_pane(a, a->cfg.start_pane);
	return a;
}

void
app_free(struct console *a)
{
	if (a == NULL)
		return;
	console_close_overlay(a);
	console_close_view(a);
	/* Jobs act on panes and engines: they go first, newest first. */
	while (a->n_jobs)
		console_end_job(a, a->jobs[a->n_jobs - 1].arg);
	free(a->jobs);
	for (size_t i = 0; i < a->n_panes; i++)
		pane_free(a->panes[i]);
	free(a->panes);
	console_keep_free(a);
	vec_done(&a->engines);
	statusbar_done(&a->sb);
	tabs_done(&a->tabs);
	prompt_done(&a->prompt);
	prompt_done(&a->cmd_prompt);
	dialog_free(a->dialog);
	config_done(&a->cfg);
	free(a);
}

/* The panes reopen on e, which becomes engine i; nothing of the old stays. */
static void
app_reopen(struct console *a, size_t i, struct engine *e)
{
	/* Everything that may hold a call of the old engine goes first. */
	console_close_overlay(a);
	console_close_view(a);
	while (a->n_jobs)
		console_end_job(a, a->jobs[a->n_jobs - 1].arg);
	for (size_t k = 0; k < a->n_panes; k++) {
		const struct pane_ops *ops = a->panes[k]->ops;

		pane_free(a->panes[k]);
		a->panes[k] = pane_new(ops, a, e);
	}
	a->cur = i;
	app_show_engine(a);
}

void
console_switch_engine(struct console *a, struct docker *d, const char *name)
{
	struct engine *old = console_engine(a);
	struct engine *e =
	    engine_new(d, name, old->read_only, &app_engine_hooks, a);

	a->engines.v[a->cur] = e;
	app_reopen(a, a->cur, e);
	console_keep_engine_gone(a, old);
	engine_free(old);
	engine_start(e, store_now(), a->cfg.safety_refresh_s);
	console_activate(a, a->active);
}

void
console_show_engine(struct console *a, size_t i)
{
	if (i >= a->engines.n || i == a->cur)
		return;
	app_reopen(a, i, CONSOLE_ENGINE(a, i));
	console_activate(a, a->active);
}

void
app_add_engine(
    struct console *a, struct docker *d, const char *name, bool read_only)
{
	vec_push(&a->engines,
	    engine_new(d, name, read_only || console_engine(a)->read_only,
		&app_engine_hooks, a));
}

static void
app_on_store(void *arg, struct engine *e, enum store_kind k)
{
	struct console *a = arg;
	struct pane *p = console_active_pane(a);

	/* Other engines' errors are the fleet pane's to show, not the bar's. */
	if (e->store.error[k] && e == p->engine &&
	    (p->ops->wants & SLOT_BIT(k)))
		console_error(a, "%s", e->store.error[k]);
	/*
	 * A list came: what waited for it (disk usage) may go now, on each
	 * engine whose rows the pane shows.
	 */
	if ((e == p->engine || p->all_engines ||
		(p->ops->flags & PANE_EVERY_ENGINE)) &&
	    (p->ops->wants & SLOT_BIT(k)))
		engine_want(e, p->ops->wants);
	a->dirty = true;
}

static void
app_on_event(void *arg, struct engine *e, const struct docker_event *ev)
{
	struct console *a = arg;

	console_keep_event(a, e, ev);
	engine_event_refresh(e, ev, console_active_pane(a)->ops->wants);
	for (size_t i = 0; i < a->n_panes; i++)
		if (a->panes[i]->ops->handle_event &&
		    (a->panes[i]->engine == e || a->panes[i]->all_engines))
			a->panes[i]->ops->handle_event(a->panes[i], ev);
	if (a->view_ops && a->view_ops->event)
		a->view_ops->event(a->view, ev);
	a->dirty = true;
}

static void
app_on_link(void *arg, struct engine *e, bool up, const char *why)
{
	struct console *a = arg;

	/* Other engines' links are the fleet pane's to show, not the bar's:
	 * a hundred engines, some flapping, would leave no room for more. */
	if (e == console_engine(a) && up)
		console_ok(a, "reconnected to the engine");
	else if (e == console_engine(a))
		console_error(a, "reconnecting: %s", why);
	a->dirty = true;
}

/* The shown engine stopped answering, or answers again. */
static void
app_on_silent(void *arg, struct engine *e, bool silent)
{
	struct console *a = arg;

	if (e == console_engine(a) && silent)
		console_error(a, "%s is not answering (no reply for %d s)",
		    e->name, ENGINE_SILENT_S);
	else if (e == console_engine(a))
		console_ok(a, "%s answers again", e->name);
	a->dirty = true;
}

static const struct engine_hooks app_engine_hooks = {
    .changed = app_on_store,
    .event = app_on_event,
    .link = app_on_link,
    .silent = app_on_silent,
};

/* Reads the terminal's size after SIGWINCH and tells curses. */
static void
app_resize(struct console *a)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	clearok(curscr, TRUE);
	a->dirty = true;
}

static void
app_signals(struct console *a)
{
	int sig;

	while ((sig = term_next_signal()) != 0) {
		switch (sig) {
		case SIGWINCH:
		case SIGCONT:
			app_resize(a);
			break;
		case SIGINT:
		case SIGTERM:
		case SIGHUP:
			a->running = false;
			a->exit_code = sig == SIGINT ? 130 : 128 + sig;
			break;
		default:
			break;
		}
	}
}

static void
app_draw_title(struct console *a, WINDOW *win, int y, int w)
{
	struct pane *p = console_active_pane(a);
	char buf[256];
	int x = 0;
	const char *sub = p->ops->subtitle ? p->ops->subtitle(p) : NULL;
	size_t marks = pane_mark_count(p);

	wmove(win, y, 0);
	wclrtoeol(win);
	x += text_put(
	    win, y, x, p->ops->title, w - x, theme_attr(THEME_ROLE_TITLE));
	if (sub && x < w)
		x += text_put(win, y, x + 1, sub, w - x - 1,
			 theme_attr(THEME_ROLE_TITLE)) +
		     1;
	if (!(p->ops->flags & PANE_CUSTOM)) {
		if (p->n_view == p->n_rows)
			snprintf(buf, sizeof buf, "  %zu", p->n_rows);
		else
			snprintf(buf, sizeof buf, "  %zu of %zu", p->n_view,
			    p->n_rows);
		if (x < w)
			x += text_put(
			    win, y, x, buf, w - x, theme_attr(THEME_ROLE_DIM));
	}
	if (p->filter && x + 2 < w) {
		snprintf(buf, sizeof buf,
		    "  filter%s: ", p->filter_inverse ? " (not)" : "");
		x +=
		    text_put(win, y, x, buf, w - x, theme_attr(THEME_ROLE_DIM));
		if (x < w)
			x += text_put(win, y, x, p->filter, w - x,
			    theme_attr(THEME_ROLE_FILTER));
	}
	if (marks && x + 2 < w) {
		snprintf(buf, sizeof buf, "  %zu marked", marks);
		x += text_put(
		    win, y, x, buf, w - x, theme_attr(THEME_ROLE_MARKED));
	}
	if ((p->engine->reconnecting || p->engine->silent) && x + 2 < w)
		text_put(win, y, x + 2,
		    p->engine->reconnecting ? "reconnecting…"
					    : "not answering…",
		    w - x - 2, theme_attr(THEME_ROLE_WARN));
}

void
app_draw_to(struct console *a, WINDOW *win, int h, int w)
{
	struct pane *p = console_active_pane(a);
	int cursor = -1;

	werase(win);
	if (w < APP_MIN_W || h < APP_MIN_H) {
		text_put(win, 0, 0, "terminal too small (40x10 at least)", w,
		    theme_attr(THEME_ROLE_WARN));
		wnoutrefresh(win);
		return;
	}
	tabs_set_active(&a->tabs, a->active);
	for (size_t i = 0; i < a->n_panes; i++)
		tabs_set_hidden(&a->tabs, i, !pane_shown(a->panes[i]));
	tabs_draw(&a->tabs, win, 0, 0, w);
	if (a->view_ops) {
		a->view_ops->draw(a->view, win, 1, 0, h - 2, w);
	} else {
		app_draw_title(a, win, 1, w);
		pane_draw(p, win, 2, 0, h - 3, w);
	}
	if (a->mode == MODE_FILTER)
		cursor = prompt_draw(&a->prompt, win, h - 1, 0, w,
		    a->view_ops ? "search: " : "filter (!inverts): ",
		    theme_attr(THEME_ROLE_FILTER));
	else if (a->mode == MODE_COMMAND)
		cursor = prompt_draw(&a->cmd_prompt, win, h - 1, 0, w, ":",
		    theme_attr(THEME_ROLE_STATUS));
	else
		statusbar_draw(&a->sb, win, h - 1, 0, w);
	if (a->ov && a->ov->draw)
		a->ov->draw(a->ov_arg, win, h, w);
	if (a->mode == MODE_HELP)
		app_draw_help(a, win, h, w);
	if (a->mode == MODE_DIALOG && a->dialog)
		dialog_draw(a->dialog, win);
	if (cursor >= 0) {
		wmove(win, h - 1, cursor);
		curs_set(1);
	} else
		curs_set(0);
	wnoutrefresh(win);
}

static void
app_setup_theme(struct console *a)
{
	char *cause = NULL;
	const char *name = a->cfg.theme ? a->cfg.theme : "default";

	theme_init(&a->theme);
	if (getenv("NO_COLOR") && *getenv("NO_COLOR"))
		name = "mono";
	if (!theme_load(&a->theme, name, &cause)) {
		console_error(a, "theme: %s", cause);
		free(cause);
		theme_init(&a->theme);
	}
	theme_apply(&a->theme, a->has_colors);
}

/* The status bar's engine: its label, API version and read-only mark. */
static void
app_show_engine(struct console *a)
{
	struct engine *e = console_engine(a);

	statusbar_set_endpoint(&a->sb, e->label, docker_api_version(e->d));
	statusbar_set_endpoint_role(&a->sb, e->colour);
	statusbar_set_read_only(&a->sb, e->read_only);
}

static void
app_setup_statusbar(struct console *a)
{
	app_show_engine(a);
	statusbar_set_hints(&a->sb, "?:help /:filter ::command q:quit");
	/* Several mistakes: every one with its line, not only the first. */
	if (a->cfg.errors && a->cfg.errors[0] && a->cfg.errors[1])
		console_alert(a, "mistakes in the config file", a->cfg.errors);
	if (a->cfg.errors && a->cfg.errors[0])
		console_error(a, "config: %s%s", a->cfg.errors[0],
		    a->cfg.errors[1] ? " (and more)" : "");
	else if (a->sandbox)
		console_info(a, "no engine at the default socket: this is the "
				"sandbox engine with demo objects");
}

void
app_start(struct console *a)
{
	double now = store_now();

	for (size_t i = 0; i < a->engines.n; i++)
		engine_start(
		    CONSOLE_ENGINE(a, i), now, a->cfg.safety_refresh_s);
	console_activate(a, a->active);
}

/* Timers of everything; returns the next due time or 0. */
static double
app_timers(struct console *a, double now)
{
	unsigned shown = console_active_pane(a)->ops->wants;
	double due = 0;

	for (size_t i = 0; i < a->engines.n; i++) {
		engine_safety(
		    CONSOLE_ENGINE(a, i), now, shown, a->cfg.safety_refresh_s);
		due = store_sooner(due, engine_tick(CONSOLE_ENGINE(a, i), now));
	}
	if (statusbar_expire(&a->sb, now))
		a->dirty = true;
	due = store_sooner(due, statusbar_next_due(&a->sb));
	for (size_t i = 0; i < a->n_panes; i++)
		if (a->panes[i]->ops->tick)
			due = store_sooner(
			    due, a->panes[i]->ops->tick(a->panes[i], now));
	if (a->view_ops && a->view_ops->tick)
		due = store_sooner(due, a->view_ops->tick(a->view, now));
	if (a->ov && a->ov->tick)
		due = store_sooner(due, a->ov->tick(a->ov_arg, now));
	/* A job's tick may end it (or another): walk by index. */
	for (size_t i = 0; i < a->n_jobs;) {
		void *arg = a->jobs[i].arg;

		if (a->jobs[i].ops->tick)
			due = store_sooner(due, a->jobs[i].ops->tick(arg, now));
		if (i < a->n_jobs && a->jobs[i].arg == arg)
			i++;
	}
	return due;
}

/*
 * One step of the loop, for app_run and the tests alike: timers, the
 * screen (with a terminal), one wait on the keyboard, signals and every
 * engine's transfers, then their callbacks and the keys.
 */
static void
app_step(struct console *a, int max_wait_ms)
{
	struct http **https = xcalloc(a->engines.n, sizeof *https);
	struct http_waitfd fds[2];
	unsigned nfds = 0;
	double now = store_now(), due = app_timers(a, now);
	int timeout = max_wait_ms;

	pane_sync(console_active_pane(a), false);
	if (a->view_ops && a->view_ops->dirty && a->view_ops->dirty(a->view))
		a->dirty = true;
	if (console_active_pane(a)->redraw) {
		console_active_pane(a)->redraw = false;
		a->dirty = true;
	}
	if (a->term && a->dirty) {
		app_draw_to(a, stdscr, LINES, COLS);
		doupdate();
		a->dirty = false;
	}
	if (due != 0) {
		double ms = (due - now) * 1000;
		int until = ms <= 0            ? 0
			    : ms > max_wait_ms ? max_wait_ms
					       : (int)ms + 1;

		timeout = until < timeout ? until : timeout;
	}
	if (a->term) {
		fds[0] =
		    (struct http_waitfd){.fd = STDIN_FILENO, .events = POLLIN};
		fds[1] = (struct http_waitfd){
		    .fd = term_signal_fd(), .events = POLLIN};
		nfds = 2;
	}
	/* One wait for every engine's transfers, the keyboard and signals. */
	for (size_t i = 0; i < a->engines.n; i++)
		https[i] = docker_http(CONSOLE_ENGINE(a, i)->d);
	http_wait_many(https, a->engines.n, nfds ? fds : NULL, nfds, timeout);
	for (size_t i = 0; i < a->engines.n; i++)
		http_perform(https[i]);
	free(https);
	if (nfds && (fds[1].revents & POLLIN))
		app_signals(a);
	if (nfds && (fds[0].revents & POLLIN))
		app_read_keys(a);
	pane_sync(console_active_pane(a), false);
}

void
app_pump(struct console *a, int max_wait_ms)
{
	app_step(a, max_wait_ms);
}

int
app_run(struct console *a)
{
	if (!term_start(a->cfg.mouse, &a->has_colors))
		fatal("cannot start the terminal (is TERM set?)");
	a->term = true;
	app_setup_theme(a);
	app_start(a);
	while (a->running)
		app_step(a, APP_MAX_WAIT_MS);
	term_stop();
	a->term = false;
	return a->exit_code;
}
