/* The application loop, modes and screen layout. */

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
#include "tui/actions/actions.h"
#include "tui/core/audit.h"
#include "tui/views/detail.h"
#include "tui/core/doctor.h"
#include "tui/core/fmt.h"
#include "tui/panes/panes.h"
#include "tui/core/term.h"
#include "widgets/box.h"
#include "widgets/dialog.h"
#include "widgets/key.h"
#include "widgets/prompt.h"
#include "widgets/statusbar.h"
#include "widgets/tabs.h"
#include "widgets/text.h"

enum app_mode {
	MODE_NORMAL,
	MODE_FILTER,
	MODE_COMMAND,
	MODE_HELP,
	MODE_DIALOG,
};

struct app {
	struct docker *d;
	struct config cfg;
	struct store store;
	struct events events;
	struct pane **panes;
	size_t n_panes;
	size_t active;
	struct detail *detail; /* a detail view over the panes, or NULL */
	enum app_mode mode;
	struct statusbar sb;
	struct tabs tabs;
	struct prompt prompt; /* the filter or command line */
	struct prompt cmd_prompt;
	struct dialog *dialog;
	struct theme theme;
	bool has_colors;
	bool running;
	bool dirty;
	bool read_only;
	bool sandbox;
	bool local;
	int exit_code;
	double next_safety;
	bool reconnecting;
	/* Changed while no pane on screen showed it (APP_LAZY_KINDS). */
	bool stale[STORE__COUNT];
	app_confirm_fn *confirm_fn;
	void *confirm_arg;
	size_t help_top;
	const struct app_overlay_ops *ov;
	void *ov_arg;
};

static void app_on_store(void *, enum store_kind);
static void app_on_event(void *, const struct docker_event *);
static void app_on_events_state(void *, enum events_state, const char *);
static char *app_complete(void *, const char *);
static void app_setup_statusbar(struct app *);
static void app_generic_action(struct app *, struct pane *, enum action);
static bool app_commands_extra(struct app *, const char *, const char *);

struct app *
app_new(struct docker *d, struct config *cfg, const struct app_opts *o)
{
	struct app *a = xcalloc(1, sizeof *a);
	size_t n = 0;

	a->d = d;
	a->cfg = *cfg;
	memset(cfg, 0, sizeof *cfg);
	a->read_only = o->read_only || a->cfg.read_only;
	a->sandbox = o->sandbox;
	a->local = endpoint_is_local(docker_endpoint(d));
	if (o->theme) {
		free(a->cfg.theme);
		a->cfg.theme = xstrdup(o->theme);
	}
	statusbar_init(&a->sb);
	tabs_init(&a->tabs);
	prompt_init(&a->prompt);
	prompt_init(&a->cmd_prompt);
	prompt_set_complete(&a->cmd_prompt, app_complete, a);
	store_init(&a->store, d, app_on_store, a);
	events_init(&a->events, d, 2000, app_on_event, app_on_events_state, a);
	while (panes_all[n])
		n++;
	a->panes = xcalloc(n, sizeof *a->panes);
	for (size_t i = 0; i < n; i++) {
		a->panes[i] = pane_new(panes_all[i], a);
		tabs_add(&a->tabs, panes_all[i]->name);
	}
	a->n_panes = n;
	a->running = true;
	a->dirty = true;
	app_setup_statusbar(a);
	if (o->pane && !app_show_pane(a, o->pane))
		app_error(a, "unknown pane %s", o->pane);
	else if (!o->pane && a->cfg.start_pane)
		app_show_pane(a, a->cfg.start_pane);
	return a;
}

void
app_free(struct app *a)
{
	if (a == NULL)
		return;
	app_close_overlay(a);
	detail_free(a->detail);
	for (size_t i = 0; i < a->n_panes; i++)
		pane_free(a->panes[i]);
	free(a->panes);
	events_done(&a->events);
	store_done(&a->store);
	statusbar_done(&a->sb);
	tabs_done(&a->tabs);
	prompt_done(&a->prompt);
	prompt_done(&a->cmd_prompt);
	dialog_free(a->dialog);
	docker_free(a->d);
	config_done(&a->cfg);
	free(a);
}

struct store *
app_store(struct app *a)
{
	return &a->store;
}

struct docker *
app_docker(struct app *a)
{
	return a->d;
}

struct events *
app_events(struct app *a)
{
	return &a->events;
}

const struct config *
app_config(const struct app *a)
{
	return &a->cfg;
}

bool
app_read_only(const struct app *a)
{
	return a->read_only;
}

bool
app_engine_local(const struct app *a)
{
	return a->local;
}

const char *
app_os_type(const struct app *a)
{
	return a->store.info && a->store.info->os_type ? a->store.info->os_type
						       : "linux";
}

void
app_dirty(struct app *a)
{
	a->dirty = true;
}

static void
app_message(
    struct app *a, enum statusbar_level level, const char *fmt, va_list ap)
{
	char *msg = xvasprintf(fmt, ap);

	statusbar_message(
	    &a->sb, level, msg, store_now(), level == STATUSBAR_ERR ? 15 : 6);
	a->dirty = true;
}

void
app_info(struct app *a, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	app_message(a, STATUSBAR_INFO, fmt, ap);
	va_end(ap);
}

void
app_ok(struct app *a, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	app_message(a, STATUSBAR_OK, fmt, ap);
	va_end(ap);
}

void
app_error(struct app *a, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	app_message(a, STATUSBAR_ERR, fmt, ap);
	va_end(ap);
}

struct pane *
app_active_pane(struct app *a)
{
	return a->panes[a->active];
}

struct pane *
app_pane(struct app *a, const char *name)
{
	const struct pane_ops *ops = panes_find(name);

	for (size_t i = 0; ops && i < a->n_panes; i++)
		if (a->panes[i]->ops == ops)
			return a->panes[i];
	return NULL;
}

/*
 * Kinds that events refresh only while the active pane shows them; else
 * an event marks them stale, and they are fetched when such a pane is
 * shown. Disk usage is one: the engine sizes every container for it.
 */
#define APP_LAZY_KINDS PANE_WANTS(STORE_DF)

/* Tells the store which kinds are on screen and starts their requests. */
static void
app_want(struct app *a)
{
	struct pane *p = app_active_pane(a);

	for (int k = 0; k < STORE__COUNT; k++) {
		bool w = (p->ops->wants & PANE_WANTS(k)) != 0;

		if (w && ((!a->store.loaded[k] && a->store.call[k] == NULL) ||
			     a->stale[k])) {
			store_refresh(&a->store, (enum store_kind)k);
			a->stale[k] = false;
		}
		/* Hidden before its refresh came due: fetched when shown. */
		if (!w && (APP_LAZY_KINDS & PANE_WANTS(k)) && a->store.due[k]) {
			a->store.due[k] = 0;
			a->stale[k] = true;
		}
		a->store.wanted[k] = w || a->store.loaded[k];
	}
}

static void
app_activate(struct app *a, size_t i)
{
	struct pane *old = app_active_pane(a);

	if (i >= a->n_panes)
		return;
	if (old->visible && old->ops->visible && i != a->active)
		old->ops->visible(old, false);
	old->visible = false;
	a->active = i;
	a->panes[i]->visible = true;
	if (a->panes[i]->ops->visible)
		a->panes[i]->ops->visible(a->panes[i], true);
	app_want(a);
	pane_sync(a->panes[i], true);
	a->dirty = true;
}

bool
app_show_pane(struct app *a, const char *name)
{
	const struct pane_ops *ops = panes_find(name);

	for (size_t i = 0; ops && i < a->n_panes; i++)
		if (a->panes[i]->ops == ops) {
			if (a->detail) {
				detail_free(a->detail);
				a->detail = NULL;
			}
			app_activate(a, i);
			return true;
		}
	return false;
}

void
app_push_overlay(struct app *a, const struct app_overlay_ops *ops, void *arg)
{
	app_close_overlay(a);
	a->ov = ops;
	a->ov_arg = arg;
	a->dirty = true;
}

void
app_close_overlay(struct app *a)
{
	const struct app_overlay_ops *ops = a->ov;
	void *arg = a->ov_arg;

	a->ov = NULL;
	a->ov_arg = NULL;
	if (ops && ops->free)
		ops->free(arg);
	a->dirty = true;
}

bool
app_overlay_open(const struct app *a)
{
	return a->ov != NULL;
}

int
app_with_terminal(struct app *a, int (*fn)(void *), void *arg)
{
	int rc;

	term_suspend();
	rc = fn(arg);
	term_resume();
	/* Signals that arrived meanwhile (resizes) are handled now. */
	clearok(curscr, TRUE);
	store_refresh_all(&a->store);
	a->dirty = true;
	return rc;
}

bool
app_detail_open(const struct app *a)
{
	return a->detail != NULL;
}

struct detail *
app_detail(struct app *a)
{
	return a->detail;
}

void
app_push_detail(struct app *a, struct detail *d)
{
	detail_free(a->detail);
	a->detail = d;
	a->dirty = true;
}

void
app_confirm(struct app *a, const char *title, char *const *lines,
    app_confirm_fn *fn, void *arg)
{
	dialog_free(a->dialog);
	a->dialog = dialog_confirm_new(title, lines);
	a->confirm_fn = fn;
	a->confirm_arg = arg;
	a->mode = MODE_DIALOG;
	a->dirty = true;
}

void
app_alert(struct app *a, const char *title, char *const *lines)
{
	dialog_free(a->dialog);
	a->dialog = dialog_alert_new(title, lines);
	a->confirm_fn = NULL;
	a->confirm_arg = NULL;
	a->mode = MODE_DIALOG;
	a->dirty = true;
}

static void
app_on_store(void *arg, enum store_kind k)
{
	struct app *a = arg;
	struct pane *p = app_active_pane(a);

	if (a->store.error[k] && (p->ops->wants & PANE_WANTS(k)))
		app_error(a, "%s", a->store.error[k]);
	a->dirty = true;
}

/* Which store kinds an event makes stale. */
static unsigned
app_event_kinds(const struct docker_event *e)
{
	const char *t = e->type ? e->type : "";

	if (strcmp(t, "container") == 0) {
		/* Exec events change no list; the sessions pane follows them. */
		if (e->action && strncmp(e->action, "exec_", 5) == 0)
			return 0;
		if (e->action &&
		    (strcmp(e->action, "top") == 0 ||
			strncmp(e->action, "health_status", 13) == 0))
			return e->action[0] == 'h'
				   ? PANE_WANTS(STORE_CONTAINERS)
				   : 0;
		return PANE_WANTS(STORE_CONTAINERS) | PANE_WANTS(STORE_INFO) |
		       PANE_WANTS(STORE_DF);
	}
	if (strcmp(t, "image") == 0)
		return PANE_WANTS(STORE_IMAGES) | PANE_WANTS(STORE_INFO) |
		       PANE_WANTS(STORE_DF);
	if (strcmp(t, "volume") == 0)
		return PANE_WANTS(STORE_VOLUMES) | PANE_WANTS(STORE_DF);
	if (strcmp(t, "network") == 0)
		return PANE_WANTS(STORE_NETWORKS) |
		       PANE_WANTS(STORE_CONTAINERS);
	if (strcmp(t, "builder") == 0)
		return PANE_WANTS(STORE_DF);
	return 0;
}

static void
app_on_event(void *arg, const struct docker_event *e)
{
	struct app *a = arg;
	unsigned kinds = app_event_kinds(e);
	unsigned shown = app_active_pane(a)->ops->wants;
	double now = store_now();

	for (int k = 0; k < STORE__COUNT; k++) {
		if (!(kinds & PANE_WANTS(k)) ||
		    !(a->store.loaded[k] || a->store.wanted[k]))
			continue;
		if ((APP_LAZY_KINDS & PANE_WANTS(k)) &&
		    !(shown & PANE_WANTS(k)))
			a->stale[k] = true;
		else
			store_refresh_soon(
			    &a->store, (enum store_kind)k, now, 0.15);
	}
	for (size_t i = 0; i < a->n_panes; i++)
		if (a->panes[i]->ops->handle_event)
			a->panes[i]->ops->handle_event(a->panes[i], e);
	if (a->detail)
		detail_event(a->detail, e);
	a->dirty = true;
}

static void
app_on_events_state(void *arg, enum events_state st, const char *why)
{
	struct app *a = arg;

	if (st == EVENTS_RECONNECTING) {
		if (!a->reconnecting)
			app_error(a, "reconnecting: %s", why ? why : "");
		a->reconnecting = true;
	} else if (st == EVENTS_LIVE) {
		if (a->reconnecting) {
			app_ok(a, "reconnected to the engine");
			/* Things changed while we were away. */
			store_refresh_all(&a->store);
		}
		a->reconnecting = false;
	}
	a->dirty = true;
}

/* Reads the terminal's size after SIGWINCH and tells curses. */
static void
app_resize(struct app *a)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	clearok(curscr, TRUE);
	a->dirty = true;
}

static void
app_signals(struct app *a)
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
app_goto_index(struct app *a, size_t i)
{
	if (i >= a->n_panes)
		return;
	if (a->detail) {
		detail_free(a->detail);
		a->detail = NULL;
	}
	app_activate(a, i);
}

/* ":containers", ":q", ":prune" ... */
static void
app_command(struct app *a, const char *cmd)
{
	char word[64];
	const char *rest;
	size_t n = 0;

	while (*cmd == ' ')
		cmd++;
	while (cmd[n] && cmd[n] != ' ' && n < sizeof word - 1) {
		word[n] = cmd[n];
		n++;
	}
	word[n] = '\0';
	rest = cmd + n;
	while (*rest == ' ')
		rest++;
	if (n == 0)
		return;
	if (!strcmp(word, "q") || !strcmp(word, "quit") ||
	    !strcmp(word, "q!")) {
		a->running = false;
		return;
	}
	if (!strcmp(word, "help")) {
		a->mode = MODE_HELP;
		a->help_top = 0;
		return;
	}
	if (app_show_pane(a, word))
		return;
	if (app_commands_extra(a, word, rest))
		return;
	app_error(a, "unknown command :%s (press ? for help)", word);
}

/* Completion for the command prompt: pane names and commands. */
static char *
app_complete(void *arg, const char *text)
{
	static const char *const extra[] = {"quit", "help", "prune", NULL};
	const char *hit = NULL;
	size_t len = strlen(text), hits = 0;

	(void)arg;
	for (size_t i = 0; panes_all[i]; i++)
		if (strncmp(panes_all[i]->name, text, len) == 0) {
			hit = panes_all[i]->name;
			hits++;
		}
	for (size_t i = 0; extra[i]; i++)
		if (strncmp(extra[i], text, len) == 0) {
			hit = extra[i];
			hits++;
		}
	return hits == 1 ? xstrdup(hit) : NULL;
}

static bool
app_refuse_read_only(struct app *a, enum action act)
{
	if (!a->read_only || !action_changes(act))
		return false;
	if (act == ACTION_EXEC && a->cfg.read_only_exec)
		return false;
	app_error(a, "read-only mode: %s refused", action_name(act));
	audit_log(a, action_name(act), NULL, "refused: read-only");
	return true;
}

/*
 * Whether the doctor's selected finding is about the engine, whose JSON
 * view is the host's: its row id is "RULE/engine/N" for the engine's rules.
 */
static bool
app_doctor_engine_row(struct pane *p)
{
	static const enum doctor_rule rules[] = {
	    DOCTOR_API, DOCTOR_CLOCK, DOCTOR_ENGINE_WARNING, DOCTOR_DISK};
	const char *id = pane_selected_id(p);

	if (p->ops != &doctor_pane_ops || id == NULL)
		return false;
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		size_t n = strlen(doctor_rule_name(rules[i]));

		if (strncmp(id, doctor_rule_name(rules[i]), n) == 0 &&
		    strncmp(id + n, "/engine/", 8) == 0)
			return true;
	}
	return false;
}

static void
app_action(struct app *a, enum action act)
{
	struct pane *p = app_active_pane(a);

	if (act == ACTION_NONE)
		return;
	if (app_refuse_read_only(a, act))
		return;
	if (a->detail) {
		act = detail_handle(a->detail, act);
		if (act == ACTION_NONE) {
			a->dirty = true;
			return;
		}
		if (act == ACTION_BACK || act == ACTION_QUIT) {
			detail_free(a->detail);
			a->detail = NULL;
			a->dirty = true;
			return;
		}
	}
	switch (act) {
	case ACTION_QUIT:
		a->running = false;
		return;
	case ACTION_HELP:
		a->mode = MODE_HELP;
		a->help_top = 0;
		a->dirty = true;
		return;
	case ACTION_FILTER:
		if (!(p->ops->flags & PANE_FILTERABLE) && !a->detail)
			break;
		if (a->detail) {
			prompt_set(&a->prompt, "");
		} else {
			char *cur =
			    xasprintf("%s%s", p->filter_inverse ? "!" : "",
				p->filter ? p->filter : "");

			prompt_set(&a->prompt, cur);
			free(cur);
		}
		a->mode = MODE_FILTER;
		a->dirty = true;
		return;
	case ACTION_COMMAND:
		prompt_set(&a->cmd_prompt, "");
		a->mode = MODE_COMMAND;
		a->dirty = true;
		return;
	case ACTION_NEXT_PANE:
		app_goto_index(a, (a->active + 1) % a->n_panes);
		return;
	case ACTION_PREV_PANE:
		app_goto_index(a, (a->active + a->n_panes - 1) % a->n_panes);
		return;
	case ACTION_PANE_1:
	case ACTION_PANE_2:
	case ACTION_PANE_3:
	case ACTION_PANE_4:
	case ACTION_PANE_5:
	case ACTION_PANE_6:
	case ACTION_PANE_7:
	case ACTION_PANE_8:
	case ACTION_PANE_9:
		app_goto_index(a, (size_t)(act - ACTION_PANE_1));
		return;
	case ACTION_REFRESH:
		for (int k = 0; k < STORE__COUNT; k++)
			if (p->ops->wants & PANE_WANTS(k))
				store_refresh(&a->store, (enum store_kind)k);
		app_info(a, "refreshing");
		return;
	case ACTION_REDRAW:
		clearok(curscr, TRUE);
		a->dirty = true;
		return;
	case ACTION_BACK:
		if (p->filter) {
			pane_set_filter(p, NULL, false);
			return;
		}
		if (pane_mark_count(p)) {
			pane_clear_marks(p);
			return;
		}
		return;
	default:
		break;
	}
	if (act == ACTION_INSPECT && app_doctor_engine_row(p)) {
		app_generic_action(a, app_pane(a, "host"), act);
		a->dirty = true;
		return;
	}
	if (p->ops->handle)
		act = p->ops->handle(p, act);
	if (act != ACTION_NONE)
		act = pane_handle_common(p, act);
	if (act != ACTION_NONE && act != ACTION_LEFT && act != ACTION_RIGHT)
		app_generic_action(a, p, act);
	a->dirty = true;
}

/* The event of an events pane row, or NULL when it is gone. */
static const struct docker_event *
app_row_event(struct app *a, const struct pane_row *row)
{
	const char *slash = row ? strchr(row->id, '/') : NULL;
	size_t n = events_count(&a->events), k;

	/* The pane's row ids hold the event's sequence number, gen - index. */
	if (slash == NULL)
		return NULL;
	k = (size_t)strtoull(slash + 1, NULL, 10);
	if (k > a->events.gen || a->events.gen - k >= n)
		return NULL;
	return events_get(&a->events, a->events.gen - k);
}

/*
 * The object behind the selected row of a pane whose rows are not objects
 * of their own: the engine for the host pane, else what the pane's object
 * op names (the image the layers pane shows, a NAT row's container). Sets
 * *id and *name (owned) and returns the kind; DETAIL_NONE when there is
 * none.
 */
static enum detail_kind
app_row_object(struct app *a, struct pane *p, char **id, char **name)
{
	const char *oid, *kind = NULL;
	char buf[32];

	if (p->ops == &host_pane_ops) {
		*id = xstrdup("engine");
		*name = xstrdup(a->store.info && a->store.info->name
				    ? a->store.info->name
				    : "engine");
		return DETAIL_HOST;
	}
	if (p->ops->object == NULL ||
	    (oid = p->ops->object(p, &kind)) == NULL || kind == NULL)
		return DETAIL_NONE;
	fmt_short_id(buf, sizeof buf, oid);
	*id = xstrdup(oid);
	if (strcmp(kind, "image") == 0) {
		const struct docker_image *img = store_image(&a->store, oid);

		*name = xstrdup(img && img->repo_tags && img->repo_tags[0]
				    ? img->repo_tags[0]
				    : buf);
		return DETAIL_IMAGE;
	} else {
		const struct docker_container *c =
		    store_container(&a->store, oid);

		*name = xstrdup(c && c->name ? c->name : buf);
		return DETAIL_CONTAINER;
	}
}

/* Actions that mean the same in every pane: details of the selection. */
static void
app_generic_action(struct app *a, struct pane *p, enum action act)
{
	const struct pane_row *row = pane_selected_row(p);
	enum detail_kind kind = detail_kind_for_pane(p->ops->name);
	const struct docker_event *e = NULL;
	char *id = NULL, *name = NULL;
	enum detail_tab tab;

	switch (act) {
	case ACTION_ENTER:
		tab = kind == DETAIL_CONTAINER ? DETAIL_TAB_LOGS
					       : DETAIL_TAB_INSPECT;
		break;
	case ACTION_INSPECT:
		tab = DETAIL_TAB_INSPECT;
		break;
	case ACTION_LOGS:
		tab = DETAIL_TAB_LOGS;
		break;
	case ACTION_STATS:
		tab = DETAIL_TAB_STATS;
		break;
	case ACTION_PROCESSES:
		tab = DETAIL_TAB_TOP;
		break;
	case ACTION_HISTORY:
		tab = DETAIL_TAB_HISTORY;
		break;
	default:
		if (actions_run(a, p, act))
			return;
		if (action_changes(act))
			app_error(a, "%s is not available in the %s pane",
			    action_name(act), p->ops->name);
		return;
	}
	if (kind != DETAIL_NONE && row) {
		id = xstrdup(row->id);
		name = xstrdup(row->cells[0]);
	} else if (p->ops == &events_pane_ops) {
		if ((e = app_row_event(a, row)) != NULL)
			kind = DETAIL_EVENT;
	} else if (kind == DETAIL_NONE)
		kind = app_row_object(a, p, &id, &name);
	if (row == NULL && kind == DETAIL_NONE)
		app_info(a, "nothing selected");
	else if (kind == DETAIL_NONE)
		app_info(a, "this %s row has no %s view", p->ops->name,
		    action_name(act));
	else if (row == NULL && kind != DETAIL_HOST)
		app_info(a, "nothing selected");
	else if (!detail_has_tab(kind, tab))
		app_info(
		    a, "%s has no %s view", p->ops->name, action_name(act));
	else if (e)
		app_push_detail(a, detail_new_event(a, e));
	else
		app_push_detail(a, detail_new(a, kind, id, name, tab));
	free(id);
	free(name);
}

static bool
app_commands_extra(struct app *a, const char *word, const char *rest)
{
	return actions_command(a, word, rest);
}

/* Keys while the filter or search prompt is open. */
static void
app_key_filter(struct app *a, int key)
{
	struct pane *p = app_active_pane(a);
	enum prompt_result r = prompt_key(&a->prompt, key);
	const char *t = prompt_text(&a->prompt);
	bool inv = t[0] == '!';

	if (a->detail) {
		if (r == PROMPT_DONE) {
			if (!detail_search(a->detail, t))
				app_info(a, "not found: %s", t);
			a->mode = MODE_NORMAL;
		} else if (r == PROMPT_CANCELLED)
			a->mode = MODE_NORMAL;
		a->dirty = true;
		return;
	}
	/* The filter applies as it is typed, like k9s and lazydocker. */
	if (r == PROMPT_CANCELLED) {
		pane_set_filter(p, NULL, false);
		a->mode = MODE_NORMAL;
	} else {
		pane_set_filter(p, inv ? t + 1 : t, inv);
		if (r == PROMPT_DONE) {
			prompt_history_add(&a->prompt, t);
			a->mode = MODE_NORMAL;
		}
	}
	a->dirty = true;
}

static void
app_key_command(struct app *a, int key)
{
	enum prompt_result r = prompt_key(&a->cmd_prompt, key);

	if (r == PROMPT_DONE) {
		char *cmd = xstrdup(prompt_text(&a->cmd_prompt));

		prompt_history_add(&a->cmd_prompt, cmd);
		a->mode = MODE_NORMAL;
		app_command(a, cmd);
		free(cmd);
	} else if (r == PROMPT_CANCELLED)
		a->mode = MODE_NORMAL;
	a->dirty = true;
}

static void
app_key_dialog(struct app *a, int key)
{
	enum dialog_result r = dialog_key(a->dialog, key);
	app_confirm_fn *fn = a->confirm_fn;
	void *arg = a->confirm_arg;

	if (r == DIALOG_OPEN) {
		a->dirty = true;
		return;
	}
	a->mode = MODE_NORMAL;
	a->confirm_fn = NULL;
	a->confirm_arg = NULL;
	if (fn)
		fn(a, r == DIALOG_CONFIRMED, arg);
	/* The callback may have opened another dialog. */
	if (a->mode != MODE_DIALOG) {
		dialog_free(a->dialog);
		a->dialog = NULL;
	}
	a->dirty = true;
}

static const char *
app_keymap_pane(const struct app *a)
{
	return a->detail ? "detail" : a->panes[a->active]->ops->name;
}

static void
app_mouse(struct app *a)
{
	MEVENT me;
	struct pane *p = app_active_pane(a);
	long r;

	if (getmouse(&me) != OK)
		return;
	if (me.bstate & BUTTON4_PRESSED) {
		app_action(a, ACTION_UP);
		app_action(a, ACTION_UP);
		app_action(a, ACTION_UP);
		return;
	}
	if (me.bstate & BUTTON5_PRESSED) {
		app_action(a, ACTION_DOWN);
		app_action(a, ACTION_DOWN);
		app_action(a, ACTION_DOWN);
		return;
	}
	if (!(me.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)))
		return;
	if (me.y == 0) {
		r = tabs_hit(&a->tabs, me.x);
		if (r >= 0)
			app_goto_index(a, (size_t)r);
		return;
	}
	if (a->detail)
		return;
	r = pane_row_at(p, me.y);
	if (r >= 0) {
		p->table.sel = (size_t)r;
		pane_move(p, 0);
	}
}

static void
app_key(struct app *a, int key)
{
	enum action act;

	if (key == WKEY(KEY_RESIZE)) {
		a->dirty = true;
		return;
	}
	if (a->ov && a->mode != MODE_DIALOG) {
		if (!a->ov->key(a->ov_arg, key))
			app_close_overlay(a);
		a->dirty = true;
		return;
	}
	switch (a->mode) {
	case MODE_FILTER:
		app_key_filter(a, key);
		return;
	case MODE_COMMAND:
		app_key_command(a, key);
		return;
	case MODE_DIALOG:
		app_key_dialog(a, key);
		return;
	case MODE_HELP:
		if (key == 'j' || key == WKEY(KEY_DOWN))
			a->help_top++;
		else if ((key == 'k' || key == WKEY(KEY_UP)) && a->help_top)
			a->help_top--;
		else
			a->mode = MODE_NORMAL;
		a->dirty = true;
		return;
	case MODE_NORMAL:
		break;
	}
	if (key == WKEY(KEY_MOUSE)) {
		app_mouse(a);
		a->dirty = true;
		return;
	}
	if (key == '\r' || key == WKEY(KEY_ENTER))
		key = '\n';
	if (key == 127 || key == 8)
		key = WKEY(KEY_BACKSPACE);
	act = keymap_lookup(&a->cfg.keys, app_keymap_pane(a), key);
	if (act == ACTION_NONE && a->detail)
		act = keymap_lookup(
		    &a->cfg.keys, a->panes[a->active]->ops->name, key);
	app_action(a, act);
}

void
app_feed_key(struct app *a, int key)
{
	app_key(a, key);
}

static void
app_read_keys(struct app *a)
{
	wint_t ch;
	int rc, key;

	while ((rc = get_wch(&ch)) != ERR) {
		key = wkey_from_wch(rc, ch);
		if (key < 0)
			break;
		app_key(a, key);
		if (!a->running)
			return;
	}
}

static void
app_draw_title(struct app *a, WINDOW *win, int y, int w)
{
	struct pane *p = app_active_pane(a);
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
	if (a->reconnecting && x + 2 < w)
		text_put(win, y, x + 2, "reconnecting…", w - x - 2,
		    theme_attr(THEME_ROLE_WARN));
}

/* One line of the help: keys, action name, what it does. */
static bool
app_help_line(struct app *a, const char *pane, enum action act, bool own,
    char *line, size_t len)
{
	char keys[64];
	const struct keymap *km = &a->cfg.keys;
	bool pane_key = false;

	if (act >= ACTION_PANE_2 && act <= ACTION_PANE_9)
		return false;
	if (!*keymap_keys_for(km, pane, act, keys, sizeof keys))
		return false;
	/* Bindings of this pane first, then the global ones. */
	for (size_t i = 0; i < km->n; i++)
		if (km->v[i].action == act && strcmp(km->v[i].pane, pane) == 0)
			pane_key = true;
	if (pane_key != own)
		return false;
	if (act == ACTION_PANE_1)
		snprintf(line, len, "%-14s %-13s %s", "1-9", "pane-N",
		    "go to pane N");
	else
		snprintf(line, len, "%-14s %-13s %s%s", keys, action_name(act),
		    action_help(act),
		    action_changes(act) && a->read_only &&
			    !(act == ACTION_EXEC && a->cfg.read_only_exec)
			? " (read-only)"
			: "");
	return true;
}

static void
app_draw_help(struct app *a, WINDOW *win, int h, int w)
{
	const char *pane = app_keymap_pane(a);
	int bw = w > 80 ? 76 : w - 4, bh = h - 4, bx = (w - bw) / 2, by = 2;
	size_t lines = 0, skip, rows = (size_t)(bh - 2);
	char title[96], line[160];
	int y;

	if (bw < 20 || bh < 4)
		return;
	for (int pass = 0; pass < 2; pass++)
		for (int i = 1; i < ACTION__COUNT; i++)
			if (app_help_line(a, pane, (enum action)i, pass == 0,
				line, sizeof line))
				lines++;
	if (a->help_top + rows > lines)
		a->help_top = lines > rows ? lines - rows : 0;
	skip = a->help_top;
	snprintf(title, sizeof title, " keys: %s (j/k scroll, any key closes) ",
	    pane);
	box_draw(win, by, bx, bh, bw, theme_attr(THEME_ROLE_DIALOG_BORDER),
	    theme_attr(THEME_ROLE_DIALOG), title,
	    theme_attr(THEME_ROLE_DIALOG_BORDER));
	y = by + 1;
	for (int pass = 0; pass < 2; pass++)
		for (int i = 1; i < ACTION__COUNT && y < by + bh - 1; i++) {
			if (!app_help_line(a, pane, (enum action)i, pass == 0,
				line, sizeof line))
				continue;
			if (skip) {
				skip--;
				continue;
			}
			text_put_padded(win, y, bx + 2, line, bw - 4,
			    theme_attr(pass == 0 ? THEME_ROLE_HINT_KEY
						 : THEME_ROLE_DIALOG));
			y++;
		}
}

void
app_draw_to(struct app *a, WINDOW *win, int h, int w)
{
	struct pane *p = app_active_pane(a);
	int cursor = -1;

	werase(win);
	if (w < 40 || h < 10) {
		text_put(win, 0, 0, "terminal too small (40x10 at least)", w,
		    theme_attr(THEME_ROLE_WARN));
		wnoutrefresh(win);
		return;
	}
	tabs_set_active(&a->tabs, a->active);
	tabs_draw(&a->tabs, win, 0, 0, w);
	if (a->detail) {
		detail_draw(a->detail, win, 1, 0, h - 2, w);
	} else {
		app_draw_title(a, win, 1, w);
		pane_draw(p, win, 2, 0, h - 3, w);
	}
	if (a->mode == MODE_FILTER)
		cursor = prompt_draw(&a->prompt, win, h - 1, 0, w,
		    a->detail ? "search: " : "filter (!inverts): ",
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

static double
app_min_due(double a, double b)
{
	if (a == 0)
		return b;
	if (b == 0)
		return a;
	return a < b ? a : b;
}

static void
app_safety_refresh(struct app *a, double now)
{
	struct pane *p = app_active_pane(a);
	int every = a->cfg.safety_refresh_s < 10 ? 10 : a->cfg.safety_refresh_s;

	if (now < a->next_safety)
		return;
	a->next_safety = now + every;
	if (a->reconnecting)
		return;
	for (int k = 0; k < STORE__COUNT; k++)
		if ((p->ops->wants & PANE_WANTS(k)) && a->store.loaded[k] &&
		    now - a->store.last[k] >= every - 1)
			store_refresh(&a->store, (enum store_kind)k);
}

static void
app_setup_theme(struct app *a)
{
	char *cause = NULL;
	const char *name = a->cfg.theme ? a->cfg.theme : "default";

	theme_init(&a->theme);
	if (getenv("NO_COLOR") && *getenv("NO_COLOR"))
		name = "mono";
	if (!theme_load(&a->theme, name, &cause)) {
		app_error(a, "theme: %s", cause);
		free(cause);
		theme_init(&a->theme);
	}
	theme_apply(&a->theme, a->has_colors);
}

static void
app_setup_statusbar(struct app *a)
{
	const char *ep = docker_endpoint(a->d)->host_arg;
	char *label;

	label = a->sandbox ? xasprintf("sandbox engine %s", ep) : xstrdup(ep);
	statusbar_set_endpoint(&a->sb, label, docker_api_version(a->d));
	free(label);
	statusbar_set_read_only(&a->sb, a->read_only);
	statusbar_set_hints(&a->sb, "?:help /:filter ::command q:quit");
	if (a->cfg.errors && a->cfg.errors[0])
		app_error(a, "config: %s%s", a->cfg.errors[0],
		    a->cfg.errors[1] ? " (and more)" : "");
	else if (a->sandbox)
		app_info(a, "no engine at the default socket: this is the "
			    "sandbox engine with demo objects");
}

void
app_start(struct app *a)
{
	double now = store_now();

	a->next_safety =
	    now + (a->cfg.safety_refresh_s < 10 ? 10 : a->cfg.safety_refresh_s);
	events_start(&a->events, now);
	store_refresh(&a->store, STORE_INFO);
	app_activate(a, a->active);
}

void
app_pump(struct app *a, int max_wait_ms)
{
	double now = store_now();
	struct http *http = docker_http(a->d);

	store_tick(&a->store, now);
	events_tick(&a->events, now);
	for (size_t i = 0; i < a->n_panes; i++)
		if (a->panes[i]->ops->tick)
			a->panes[i]->ops->tick(a->panes[i], now);
	if (a->detail)
		detail_tick(a->detail, now);
	pane_sync(app_active_pane(a), false);
	http_wait(http, NULL, 0, max_wait_ms);
	http_perform(http);
	pane_sync(app_active_pane(a), false);
}

int
app_run(struct app *a)
{
	struct http *http = docker_http(a->d);
	struct http_waitfd fds[2];
	double now;

	if (!term_start(a->cfg.mouse, &a->has_colors))
		fatal("cannot start the terminal (is TERM set?)");
	app_setup_theme(a);
	app_start(a);

	while (a->running) {
		double due;
		int timeout;
		struct pane *p = app_active_pane(a);

		now = store_now();
		store_tick(&a->store, now);
		events_tick(&a->events, now);
		app_safety_refresh(a, now);
		if (statusbar_expire(&a->sb, now))
			a->dirty = true;
		due = app_min_due(
		    store_next_due(&a->store), events_next_due(&a->events));
		due = app_min_due(due, statusbar_next_due(&a->sb));
		due = app_min_due(due, a->next_safety);
		for (size_t i = 0; i < a->n_panes; i++)
			if (a->panes[i]->ops->tick)
				due = app_min_due(due,
				    a->panes[i]->ops->tick(a->panes[i], now));
		if (a->detail)
			due = app_min_due(due, detail_tick(a->detail, now));
		if (a->ov && a->ov->tick)
			due = app_min_due(due, a->ov->tick(a->ov_arg, now));
		pane_sync(p, false);
		if (a->detail && detail_dirty(a->detail))
			a->dirty = true;
		if (a->dirty) {
			app_draw_to(a, stdscr, LINES, COLS);
			doupdate();
			a->dirty = false;
		}
		timeout = 60000;
		if (due != 0) {
			double ms = (due - now) * 1000;

			timeout = ms <= 0      ? 0
				  : ms > 60000 ? 60000
					       : (int)ms + 1;
		}
		fds[0].fd = STDIN_FILENO;
		fds[0].events = POLLIN;
		fds[1].fd = term_signal_fd();
		fds[1].events = POLLIN;
		http_wait(http, fds, 2, timeout);
		http_perform(http);
		if (fds[1].revents & POLLIN)
			app_signals(a);
		if (fds[0].revents & POLLIN)
			app_read_keys(a);
	}
	term_stop();
	return a->exit_code;
}
