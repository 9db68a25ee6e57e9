/*
 * Registry login: a form (registry, user, password shown as '*', store
 * or not) whose credentials the engine checks with the registry (POST
 * /auth); only when asked they are stored the way the docker CLI does
 * (api/auth.h). The password reaches the engine and the store, never the
 * screen, the status bar or the audit log. Also the X-Registry-Auth of a
 * pull, push or search.
 */

#include "tui/actions/imagework.h"

#include <stdlib.h>
#include <string.h>

#include "api/auth.h"
#include "api/calls.h"
#include "api/docker.h"
#include "api/xalloc.h"
#include "themes/theme.h"
#include "tui/core/audit.h"
#include "tui/core/console.h"
#include "widgets/box.h"
#include "widgets/key.h"
#include "widgets/prompt.h"
#include "widgets/text.h"

enum { LF_REGISTRY, LF_USER, LF_PASSWORD, LF_STORE, LF__COUNT };

struct login {
	struct console *app;
	struct engine *engine;
	struct prompt field[LF_STORE]; /* the text fields */
	bool store;
	int focus;
	char *registry; /* as sent */
	char *object; /* "user at registry" for the audit log */
	char *error; /* the engine's or the store's words */
	char *path; /* the docker config file */
	struct docker_call *call;
};

static bool login_key(void *, int);
static void login_draw(void *, WINDOW *, int, int);
static void login_free(void *);

static const struct console_overlay_ops login_ops = {
    .key = login_key,
    .draw = login_draw,
    .free = login_free,
};

char *
imagework_auth_for(const char *ref, char **warning)
{
	char *registry = auth_registry_of(ref), *cause = NULL, *h;
	struct auth_creds *c = NULL;

	*warning = NULL;
	if (!auth_lookup_default(registry, &c, &cause)) {
		*warning = cause;
		c = NULL;
	}
	h = auth_header(c);
	auth_creds_free(c);
	free(registry);
	return h;
}

/* Overwrites the password typed before the prompt lets it go. */
static void
login_wipe(struct prompt *p)
{
	for (size_t i = 0; p->buf && i < p->len; i++)
		p->buf[i] = L'\0';
	prompt_set(p, "");
}

static void
login_free(void *arg)
{
	struct login *l = arg;

	if (l->call)
		docker_cancel(l->engine->d, l->call);
	login_wipe(&l->field[LF_PASSWORD]);
	for (int i = 0; i < LF_STORE; i++)
		prompt_done(&l->field[i]);
	free(l->registry);
	free(l->object);
	free(l->error);
	free(l->path);
	free(l);
}

static void
login_set_error(struct login *l, const char *why)
{
	free(l->error);
	l->error = xstrdup(why);
}

static void
login_on_done(const struct docker_reply *r, void *arg)
{
	struct login *l = arg;
	struct console *a = l->app;
	char *status = NULL, *token = NULL, *cause = NULL, *result;
	struct auth_creds *c;
	bool stored = false;

	l->call = NULL;
	if (r->status != DOCKER_OK) {
		const char *why =
		    r->message ? r->message : docker_status_str(r->status);

		login_set_error(l, why);
		result = xasprintf("error: %s", why);
		audit_log(a, l->engine, "login", l->object, result);
		free(result);
		console_error(a, "login to %s: %s", l->registry, why);
		console_dirty(a);
		return;
	}
	if (!auth_login_decode(r->body, r->len, &status, &token, &cause)) {
		free(cause);
		cause = NULL;
	}
	if (l->store) {
		c = auth_creds_new(prompt_text(&l->field[LF_USER]),
		    token ? NULL : prompt_text(&l->field[LF_PASSWORD]), token,
		    auth_server_address(l->registry));
		stored = auth_store(l->path, l->registry, c, &cause);
		auth_creds_free(c);
	}
	if (token)
		memset(token, 0, strlen(token));
	free(token);
	result = l->store && !stored ? xasprintf("ok, not stored: %s", cause)
				     : xstrdup(stored ? "ok, stored" : "ok");
	audit_log(a, l->engine, "login", l->object, result);
	free(result);
	if (l->store && !stored) {
		/* Checked but not kept: say why and keep the form. */
		login_set_error(l, cause);
		console_error(a, "login to %s worked; storing failed: %s",
		    l->registry, cause);
		free(cause);
		free(status);
		console_dirty(a);
		return;
	}
	console_ok(a, "%s: %s as %s%s%s", l->registry,
	    status ? status : "Login Succeeded",
	    prompt_text(&l->field[LF_USER]), stored ? "; stored in " : "",
	    stored ? l->path : " (not stored)");
	free(status);
	/* Closing frees l: nothing may touch it after this. */
	console_close_overlay(a);
}

static bool
login_submit(struct login *l)
{
	struct console *a = l->app;
	const char *reg = prompt_text(&l->field[LF_REGISTRY]);
	const char *user = prompt_text(&l->field[LF_USER]);
	struct auth_creds *c;
	char *json;

	if (l->call)
		return true;
	free(l->error);
	l->error = NULL;
	free(l->registry);
	l->registry = xstrdup(*reg ? reg : "docker.io");
	if (*user == '\0' || *prompt_text(&l->field[LF_PASSWORD]) == '\0') {
		login_set_error(l, "give a user and a password");
		l->focus = *user == '\0' ? LF_USER : LF_PASSWORD;
		return true;
	}
	free(l->object);
	l->object = xasprintf("%s at %s", user, l->registry);
	c = auth_creds_new(user, prompt_text(&l->field[LF_PASSWORD]), NULL,
	    auth_server_address(l->registry));
	json = auth_login_json(c);
	auth_creds_free(c);
	l->call = docker_registry_login(l->engine->d, json, login_on_done, l);
	memset(json, 0, strlen(json));
	free(json);
	console_info(
	    a, "checking the login to %s with the engine", l->registry);
	return true;
}

static bool
login_key(void *arg, int key)
{
	struct login *l = arg;

	if (l->call)
		return key != WKEY_ESC;
	switch (key) {
	case WKEY_ESC:
		return false;
	case WKEY_CTRL('s'):
		return login_submit(l);
	case '\t':
	case WKEY(KEY_DOWN):
		l->focus = (l->focus + 1) % LF__COUNT;
		return true;
	case WKEY(KEY_BTAB):
	case WKEY(KEY_UP):
		l->focus = (l->focus + LF__COUNT - 1) % LF__COUNT;
		return true;
	case '\n':
	case '\r':
	case WKEY(KEY_ENTER):
		if (l->focus == LF__COUNT - 1)
			return login_submit(l);
		l->focus++;
		return true;
	default:
		break;
	}
	if (l->focus == LF_STORE) {
		if (key == ' ')
			l->store = !l->store;
		return true;
	}
	/* Esc and Enter are taken above: the prompt only edits. */
	prompt_key(&l->field[l->focus], key);
	return true;
}

/* The password as '*'s: its length, never its text. */
static void
login_draw_secret(
    struct login *l, WINDOW *win, int y, int x, int w, attr_t attr)
{
	struct prompt *p = &l->field[LF_PASSWORD];
	size_t n = p->len;

	for (int i = 0; i < w; i++)
		mvwaddch(win, y, x + i, (i < (int)n ? '*' : ' ') | attr);
	if (l->focus == LF_PASSWORD && (int)p->cur < w)
		mvwchgat(win, y, x + (int)p->cur, 1, A_REVERSE, 0, NULL);
}

static void
login_draw(void *arg, WINDOW *win, int h, int w)
{
	static const char *const labels[LF__COUNT] = {
	    "registry", "user", "password", "store"};
	struct login *l = arg;
	attr_t fill = theme_attr(THEME_ROLE_DIALOG), in;
	int bw = w - 4 > 76 ? 76 : w - 4, bh = 11, bx, by, y, lw = 11, cx;
	char *title;

	if (bw < 30 || h < bh)
		return;
	bx = (w - bw) / 2;
	by = (h - bh) / 2;
	title = xasprintf(
	    "Log in through %s", docker_endpoint(l->engine->d)->host_arg);
	box_draw(win, by, bx, bh, bw, theme_attr(THEME_ROLE_DIALOG_BORDER),
	    fill, title, theme_attr(THEME_ROLE_DIALOG_BORDER));
	free(title);
	y = by + 2;
	for (int i = 0; i < LF__COUNT; i++, y++) {
		in = i == l->focus ? theme_attr(THEME_ROLE_FILTER) : fill;
		text_put_padded(win, y, bx + 2, labels[i], lw, fill);
		if (i == LF_STORE) {
			text_put_padded(win, y, bx + 2 + lw,
			    l->store ? "[x] in the docker config as the CLI "
				       "does"
				     : "[ ] (Space: store in the docker "
				       "config)",
			    bw - 4 - lw, in);
		} else if (i == LF_PASSWORD) {
			login_draw_secret(
			    l, win, y, bx + 2 + lw, bw - 4 - lw, in);
		} else {
			cx = prompt_draw(&l->field[i], win, y, bx + 2 + lw,
			    bw - 4 - lw, "", in);
			if (i == l->focus && cx >= 0 && cx < bx + bw - 2)
				mvwchgat(win, y, cx, 1, A_REVERSE, 0, NULL);
		}
	}
	if (l->error)
		text_put_padded(win, by + bh - 3, bx + 2, l->error, bw - 4,
		    theme_attr(THEME_ROLE_ERROR));
	else if (l->call)
		text_put(win, by + bh - 3, bx + 2, "checking with the engine…",
		    bw - 4, fill);
	text_put(win, by + bh - 2, bx + 2, "^S logs in, Tab moves, Esc cancels",
	    bw - 4, fill);
}

void
login_open(struct console *a, struct engine *e, const char *registry)
{
	struct login *l = xcalloc(1, sizeof *l);

	l->app = a;
	l->engine = e;
	for (int i = 0; i < LF_STORE; i++)
		prompt_init(&l->field[i]);
	prompt_set(&l->field[LF_REGISTRY],
	    registry && *registry ? registry : "docker.io");
	l->focus = LF_USER;
	l->path = auth_config_path();
	console_push_overlay(a, &login_ops, l);
}
