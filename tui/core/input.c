/*
 * The keyboard: keys to actions through the keymap, the filter and command
 * prompts, dialogs, the mouse, the generic actions that open detail views,
 * and the help screen that lists the keys.
 */

#include "tui/core/console_priv.h"

#include <stdlib.h>
#include <string.h>

#include "api/xalloc.h"
#include "themes/theme.h"
#include "tui/core/app.h"
#include "tui/core/audit.h"
#include "tui/core/fmt.h"
#include "widgets/box.h"
#include "widgets/key.h"
#include "widgets/text.h"

static void app_generic_action(struct console *, struct pane *, enum action);

/* ":containers", ":q", ":prune" ... */
static void
app_command(struct console *a, const char *cmd)
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
	if (console_show_pane(a, word)) {
		struct pane *p = console_active_pane(a);

		if (*rest && (p->ops->args == NULL || !p->ops->args(p, rest)))
			console_error(a, ":%s takes no \"%s\"", word, rest);
		return;
	}
	if (a->parts->command && a->parts->command(a, word, rest))
		return;
	console_error(a, "unknown command :%s (press ? for help)", word);
}

/* Completion for the command prompt: pane names and commands. */
char *
app_complete(void *arg, const char *text)
{
	static const char *const own[] = {"quit", "help", NULL};
	struct console *a = arg;
	const char *const *lists[] = {own, a->parts->commands};
	const struct pane_ops *const *panes = a->parts->panes;
	const char *hit = NULL;
	size_t len = strlen(text), hits = 0;

	for (size_t i = 0; panes[i]; i++)
		if (strncmp(panes[i]->name, text, len) == 0) {
			hit = panes[i]->name;
			hits++;
		}
	for (size_t l = 0; l < 2; l++)
		for (size_t i = 0; lists[l] && lists[l][i]; i++)
			if (strncmp(lists[l][i], text, len) == 0) {
				hit = lists[l][i];
				hits++;
			}
	return hits == 1 ? xstrdup(hit) : NULL;
}

/*
 * Refuses a change on a read-only engine, the one the action acts on
 * (the selected row's in a pane over every engine); and any change while
 * the marked rows are on several engines.
 */
/*
 * A prune goes by rule over a kind, not over the selected row: the log
 * names the kind it would have pruned (as prune_pane() picks it) and no
 * object.
 */
static void
app_refuse_prune(struct console *a, struct pane *p, struct engine *e)
{
	enum kind k = p->ops->kind;
	const char *id = NULL;
	char *act;

	if (k == KIND_NONE && p->ops->object)
		k = p->ops->object(p, &id);
	if (kind_get(k)->prunable)
		act = xasprintf("prune %s", kind_get(k)->plural);
	else
		act = xstrdup(k == KIND_ENGINE ? "prune everything" : "prune");
	audit_log(a, e, act, "", "refused: read-only");
	free(act);
}

static bool
app_refuse_read_only(struct console *a, struct pane *p, enum action act)
{
	struct engine *e = pane_target_engine(p);

	if (!action_changes(act))
		return false;
	if (e == NULL) {
		console_error(a,
		    "the marked rows are on several engines: %s "
		    "acts on one engine at a time (Esc clears "
		    "the marks)",
		    action_name(act));
		return true;
	}
	if (!console_read_only(a, e))
		return false;
	if (act == ACTION_EXEC && a->cfg.read_only_exec)
		return false;
	console_error(a, "read-only mode: %s refused", action_name(act));
	if (act == ACTION_PRUNE)
		app_refuse_prune(a, p, e);
	else if (act == ACTION_CREATE || act == ACTION_BUILD ||
		 act == ACTION_LOAD)
		/* They make something new: the selected row is not theirs. */
		audit_log(a, e, action_name(act), "", "refused: read-only");
	else
		audit_log(a, e, action_name(act), NULL, "refused: read-only");
	return true;
}

/* Refreshes what p shows, on every engine that has a row in it. */
static void
app_refresh_pane(struct console *a, struct pane *p)
{
	engine_refresh(p->engine, p->ops->wants);
	for (size_t i = 0; i < console_engine_count(a); i++) {
		struct engine *e = console_engine_at(a, i);
		bool has = false;

		for (size_t r = 0; e != p->engine && !has && r < p->n_rows; r++)
			has = p->rows[r].engine == e;
		if (has)
			engine_refresh(e, p->ops->wants);
	}
}

/* The action goes to the view first; true when it took it. */
static bool
app_view_action(struct console *a, enum action *act)
{
	if (a->view_ops == NULL)
		return false;
	*act = a->view_ops->handle(a->view, *act);
	if (*act == ACTION_BACK || *act == ACTION_QUIT) {
		console_close_view(a);
		return true;
	}
	a->dirty = true;
	return *act == ACTION_NONE;
}

/* The next (or previous) pane that has a tab, after the active one. */
static size_t
app_next_tab(struct console *a, bool forward)
{
	size_t i = a->active;

	for (size_t k = 0; k < a->n_panes; k++) {
		i = forward ? (i + 1) % a->n_panes
			    : (i + a->n_panes - 1) % a->n_panes;
		if (pane_shown(a->panes[i]))
			return i;
	}
	return a->active;
}

static void
app_action(struct console *a, enum action act)
{
	struct pane *p = console_active_pane(a);

	if (act == ACTION_NONE)
		return;
	if (app_refuse_read_only(a, p, act))
		return;
	if (app_view_action(a, &act))
		return;
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
		if (!(p->ops->flags & PANE_FILTERABLE) && !a->view_ops)
			break;
		if (a->view_ops) {
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
	case ACTION_PREV_PANE:
		console_goto(a, app_next_tab(a, act == ACTION_NEXT_PANE));
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
		console_goto(a, (size_t)(act - ACTION_PANE_1));
		return;
	case ACTION_REFRESH:
		app_refresh_pane(a, p);
		console_info(a, "refreshing");
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
	if (p->ops->handle)
		act = p->ops->handle(p, act);
	if (act != ACTION_NONE)
		act = pane_handle_common(p, act);
	if (act != ACTION_NONE && act != ACTION_LEFT && act != ACTION_RIGHT)
		app_generic_action(a, p, act);
	a->dirty = true;
}

/* The detail tab an action opens; false when it opens none. */
static bool
app_action_tab(enum action act, enum kind k, enum tab *tab)
{
	switch (act) {
	case ACTION_ENTER:
		*tab = kind_has_tab(k, TAB_LOGS) ? TAB_LOGS : TAB_INSPECT;
		return true;
	case ACTION_INSPECT:
		*tab = TAB_INSPECT;
		return true;
	case ACTION_LOGS:
		*tab = TAB_LOGS;
		return true;
	case ACTION_STATS:
		*tab = TAB_STATS;
		return true;
	case ACTION_PROCESSES:
		*tab = TAB_TOP;
		return true;
	case ACTION_HISTORY:
		*tab = TAB_HISTORY;
		return true;
	default:
		return false;
	}
}

/*
 * The object behind the selected row: the row itself when the pane lists
 * a kind, else what the pane's object op names (the image the layers
 * pane shows, a NAT row's container). Sets *id (borrowed) and *name
 * (owned); KIND_NONE when there is none.
 */
static enum kind
app_row_object(struct pane *p, const char **id, char **name)
{
	const struct pane_row *row = pane_selected_row(p);
	enum kind k = p->ops->kind;
	const char *known;
	char buf[32];

	if (k != KIND_NONE && row) {
		*id = row->id;
		*name = xstrdup(row->cells[0]);
		return k;
	}
	if (p->ops->object == NULL ||
	    (k = p->ops->object(p, id)) == KIND_NONE || *id == NULL)
		return KIND_NONE;
	fmt_short_id(buf, sizeof buf, *id);
	known = store_name_of(&pane_selected_engine(p)->store, k, *id);
	*name = xstrdup(known ? known : buf);
	return k;
}

/* Actions that mean the same in every pane: details of the selection. */
static void
app_generic_action(struct console *a, struct pane *p, enum action act)
{
	const char *id = NULL;
	char *name = NULL;
	enum kind kind;
	enum tab tab;

	if (!app_action_tab(act, p->ops->kind, &tab)) {
		if (a->parts->action && a->parts->action(a, p, act))
			return;
		if (action_changes(act))
			console_error(a, "%s is not available in the %s pane",
			    action_name(act), p->ops->name);
		return;
	}
	kind = app_row_object(p, &id, &name);
	if (act == ACTION_ENTER && p->ops->kind == KIND_NONE)
		tab = kind_has_tab(kind, TAB_LOGS) ? TAB_LOGS : TAB_INSPECT;
	if (kind == KIND_NONE && pane_selected_row(p) == NULL)
		console_info(a, "nothing selected");
	else if (kind == KIND_NONE)
		console_info(a, "this %s row has no %s view", p->ops->name,
		    action_name(act));
	else if (!kind_has_tab(kind, tab))
		console_info(
		    a, "%s has no %s view", p->ops->name, action_name(act));
	else
		console_open_detail(
		    a, pane_selected_engine(p), kind, id, name, tab);
	free(name);
}

/* Keys while the filter or search prompt is open. */
static void
app_key_filter(struct console *a, int key)
{
	struct pane *p = console_active_pane(a);
	enum prompt_result r = prompt_key(&a->prompt, key);
	const char *t = prompt_text(&a->prompt);
	bool inv = t[0] == '!';

	if (a->view_ops) {
		if (r == PROMPT_DONE) {
			if (!a->view_ops->search(a->view, t))
				console_info(a, "not found: %s", t);
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
app_key_command(struct console *a, int key)
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
app_key_dialog(struct console *a, int key)
{
	enum dialog_result r = dialog_key(a->dialog, key);
	console_confirm_fn *fn = a->confirm_fn;
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
app_keymap_pane(const struct console *a)
{
	return a->view_ops ? "detail" : a->panes[a->active]->ops->name;
}

static void
app_mouse(struct console *a)
{
	MEVENT me;
	struct pane *p = console_active_pane(a);
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
			console_goto(a, (size_t)r);
		return;
	}
	if (a->view_ops)
		return;
	r = pane_row_at(p, me.y);
	if (r >= 0) {
		p->table.sel = (size_t)r;
		pane_move(p, 0);
	}
}

void
app_key(struct console *a, int key)
{
	enum action act;

	if (key == WKEY(KEY_RESIZE)) {
		a->dirty = true;
		return;
	}
	if (a->ov && a->mode != MODE_DIALOG) {
		if (!a->ov->key(a->ov_arg, key))
			console_close_overlay(a);
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
	if (act == ACTION_NONE && a->view_ops)
		act = keymap_lookup(
		    &a->cfg.keys, a->panes[a->active]->ops->name, key);
	app_action(a, act);
}

void
app_feed_key(struct console *a, int key)
{
	app_key(a, key);
}

void
app_read_keys(struct console *a)
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

/* One line of the help: keys, action name, what it does. */
static bool
app_help_line(struct console *a, const char *pane, enum action act, bool own,
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
		    action_changes(act) &&
			    console_active_pane(a)->engine->read_only &&
			    !(act == ACTION_EXEC && a->cfg.read_only_exec)
			? " (read-only)"
			: "");
	return true;
}

void
app_draw_help(struct console *a, WINDOW *win, int h, int w)
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
