/*
 * Search a registry through the engine (GET /images/search): the results
 * in a list (name, stars, official, automated, description); Enter opens
 * the pull prompt for the chosen one.
 */

#include "tui/actions/imagework.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/auth.h"
#include "api/calls.h"
#include "api/docker.h"
#include "api/imagework.h"
#include "api/xalloc.h"
#include "themes/theme.h"
#include "tui/actions/pull.h"
#include "tui/core/console.h"
#include "widgets/box.h"
#include "widgets/key.h"
#include "widgets/text.h"

/* What the engine is asked for at most. */
#define SEARCH_LIMIT 50

enum search_phase { SEARCH_PROMPT, SEARCH_WAIT, SEARCH_LIST, SEARCH_FAILED };

struct search {
	struct console *app;
	struct engine *engine;
	enum search_phase phase;
	struct prompt prompt;
	char *term;
	struct docker_call *call;
	struct docker_search_list *list;
	size_t sel, top;
	char *error;
};

static bool search_key(void *, int);
static void search_draw(void *, WINDOW *, int, int);
static void search_free(void *);

static const struct console_overlay_ops search_ops = {
    .key = search_key,
    .draw = search_draw,
    .free = search_free,
};

static void
search_free(void *arg)
{
	struct search *s = arg;

	if (s->call)
		docker_cancel(s->engine->d, s->call);
	prompt_done(&s->prompt);
	docker_search_list_free(s->list);
	free(s->term);
	free(s->error);
	free(s);
}

static void
search_on_done(const struct docker_reply *r, void *arg)
{
	struct search *s = arg;
	char *cause = NULL;

	s->call = NULL;
	if (r->status != DOCKER_OK) {
		s->error = xstrdup(
		    r->message ? r->message : docker_status_str(r->status));
	} else if ((s->list = decode_search_list(r->body, r->len, &cause)) ==
		   NULL) {
		s->error = cause;
		cause = NULL;
	}
	free(cause);
	if (s->error) {
		s->phase = SEARCH_FAILED;
		console_error(s->app, "search %s: %s", s->term, s->error);
	} else {
		s->phase = SEARCH_LIST;
		console_info(s->app, "%zu result%s for %s", s->list->n,
		    s->list->n == 1 ? "" : "s", s->term);
	}
	console_dirty(s->app);
}

static void
search_start(struct search *s, const char *term)
{
	char *auth, *warning = NULL;

	free(s->term);
	s->term = xstrdup(term);
	auth = imagework_auth_for(term, &warning);
	if (warning) {
		console_error(
		    s->app, "search: %s (searching anonymously)", warning);
		free(warning);
	}
	s->phase = SEARCH_WAIT;
	s->call = docker_image_search(
	    s->engine->d, term, SEARCH_LIMIT, auth, search_on_done, s);
	free(auth);
}

/*
 * What the pull prompt is given for a result: on another registry than
 * the Hub the result's name lacks the registry the term named, which the
 * pull needs ("127.0.0.1:5000/team/app", not "team/app"). Owned.
 */
static char *
search_ref(const char *term, const char *name)
{
	char *reg = auth_registry_of(term), *ref;
	size_t n = strlen(reg);

	if (strcmp(reg, "docker.io") == 0 ||
	    (strncmp(name, reg, n) == 0 && name[n] == '/'))
		ref = xstrdup(name);
	else
		ref = xasprintf("%s/%s", reg, name);
	free(reg);
	return ref;
}

static bool
search_list_key(struct search *s, int key)
{
	size_t n = s->list->n;
	struct console *a;
	struct engine *e;
	char *name;

	switch (key) {
	case 'j':
	case WKEY(KEY_DOWN):
		if (s->sel + 1 < n)
			s->sel++;
		return true;
	case 'k':
	case WKEY(KEY_UP):
		if (s->sel > 0)
			s->sel--;
		return true;
	case 'g':
	case WKEY(KEY_HOME):
		s->sel = 0;
		return true;
	case 'G':
	case WKEY(KEY_END):
		s->sel = n ? n - 1 : 0;
		return true;
	case '\n':
	case '\r':
	case WKEY(KEY_ENTER):
		if (n == 0)
			return false;
		/* The pull prompt replaces (and frees) this overlay. */
		a = s->app;
		e = s->engine;
		name = search_ref(s->term, s->list->v[s->sel].name);
		pull_open(a, e, name);
		free(name);
		return true;
	case WKEY_ESC:
	case 'q':
		return false;
	default:
		return true;
	}
}

static bool
search_key(void *arg, int key)
{
	struct search *s = arg;

	switch (s->phase) {
	case SEARCH_PROMPT:
		switch (prompt_key(&s->prompt, key)) {
		case PROMPT_DONE:
			if (*prompt_text(&s->prompt) == '\0')
				return true;
			search_start(s, prompt_text(&s->prompt));
			return true;
		case PROMPT_CANCELLED:
			return false;
		case PROMPT_EDITING:
		default:
			return true;
		}
	case SEARCH_WAIT:
		return key != WKEY_ESC && key != 'q';
	case SEARCH_LIST:
		return search_list_key(s, key);
	case SEARCH_FAILED:
	default:
		return false;
	}
}

/* One result as a line: name, stars, official, automated, description. */
static char *
search_line(const struct docker_search_result *r, int namew)
{
	return xasprintf("%-*.*s %6lld  %-8s %-9s %s", namew, namew, r->name,
	    (long long)r->stars, r->official ? "[OK]" : "",
	    r->automated ? "[OK]" : "", r->description);
}

static void
search_draw_list(struct search *s, WINDOW *win, int by, int bx, int bh, int bw)
{
	attr_t fill = theme_attr(THEME_ROLE_DIALOG);
	int rows = bh - 5, namew = bw > 80 ? 36 : 24, y = by + 2;
	char *line;

	line = xasprintf("%-*s %6s  %-8s %-9s %s", namew, "NAME", "STARS",
	    "OFFICIAL", "AUTOMATED", "DESCRIPTION");
	text_put(
	    win, by + 1, bx + 2, line, bw - 4, theme_attr(THEME_ROLE_HEADER));
	free(line);
	if (s->sel < s->top)
		s->top = s->sel;
	if (rows > 0 && s->sel >= s->top + (size_t)rows)
		s->top = s->sel - (size_t)rows + 1;
	for (size_t i = s->top; i < s->list->n && y < by + 2 + rows; i++) {
		line = search_line(&s->list->v[i], namew);
		text_put_padded(win, y++, bx + 2, line, bw - 4,
		    i == s->sel ? theme_attr(THEME_ROLE_SELECTED) : fill);
		free(line);
	}
	if (s->list->n == 0)
		text_put(win, y, bx + 2, "no results", bw - 4, fill);
}

static void
search_draw(void *arg, WINDOW *win, int h, int w)
{
	struct search *s = arg;
	attr_t fill = theme_attr(THEME_ROLE_DIALOG);
	int bw = w - 4 > 120 ? 120 : w - 4, bh = h - 4, bx, by;
	char *title;

	if (s->phase == SEARCH_PROMPT) {
		char *lines[2] = {NULL, NULL};

		lines[0] = xasprintf("Through the engine %s (REGISTRY/TERM "
				     "searches another registry)",
		    docker_endpoint(s->engine->d)->host_arg);
		pull_draw_input(win, h, w, "Search images", lines, &s->prompt,
		    "term: ", "Enter searches, Esc cancels");
		free(lines[0]);
		return;
	}
	if (bw < 30 || bh < 7)
		return;
	bx = (w - bw) / 2;
	by = (h - bh) / 2;
	title = xasprintf("Search %s", s->term);
	box_draw(win, by, bx, bh, bw, theme_attr(THEME_ROLE_DIALOG_BORDER),
	    fill, title, theme_attr(THEME_ROLE_DIALOG_BORDER));
	free(title);
	if (s->phase == SEARCH_WAIT)
		text_put(win, by + 1, bx + 2, "searching…", bw - 4, fill);
	else if (s->phase == SEARCH_FAILED)
		text_put(win, by + 1, bx + 2, s->error, bw - 4,
		    theme_attr(THEME_ROLE_ERROR));
	else
		search_draw_list(s, win, by, bx, bh, bw);
	text_put(win, by + bh - 2, bx + 2,
	    s->phase == SEARCH_LIST     ? "Enter pulls, j/k move, Esc closes"
	    : s->phase == SEARCH_FAILED ? "failed: any key closes"
					: "Esc cancels",
	    bw - 4, fill);
}

void
search_open(struct console *a, struct engine *e, const char *term)
{
	struct search *s = xcalloc(1, sizeof *s);

	s->app = a;
	s->engine = e;
	prompt_init(&s->prompt);
	prompt_set(&s->prompt, term ? term : "");
	console_push_overlay(a, &search_ops, s);
	if (term && *term)
		search_start(s, term);
}
