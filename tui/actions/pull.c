/* Pull and push with a progress overlay fed by the engine's JSON lines. */

#include "tui/actions/pull.h"

#include <stdlib.h>
#include <string.h>

#include "api/calls.h"
#include "api/decode.h"
#include "api/docker.h"
#include "api/endpoint.h"
#include "api/stream.h"
#include "api/xalloc.h"
#include "themes/theme.h"
#include "tui/actions/imagework.h"
#include "tui/core/audit.h"
#include "tui/core/console.h"
#include "widgets/box.h"
#include "widgets/inputbox.h"
#include "widgets/key.h"
#include "widgets/progress.h"
#include "widgets/text.h"

/* Columns kept for a layer's status right of its bar. */
#define PULL_STATUS_W 20

struct pull_layer {
	char *id;
	char *status;
	char *bytes; /* "1.3MB/2MB" from the engine's bar, or NULL */
	double frac;
};

enum pull_phase {
	PULL_PROMPT,
	PULL_RUNNING,
	PULL_FAILED,
};

struct pull {
	struct console *app;
	struct engine *engine; /* the one pulled to or pushed from */
	bool push;
	enum pull_phase phase;
	struct prompt prompt;
	char *ref; /* name:tag (or name@digest) as sent */
	struct docker_call *call;
	struct jsonl jl;
	struct pull_layer *layers;
	size_t n_layers;
	char *message; /* the last overall status line */
	char *error; /* the first error, from the stream or HTTP */
};

static bool pull_key(void *, int);
static void pull_draw(void *, WINDOW *, int, int);
static void pull_free(void *);

static const struct console_overlay_ops pull_ops = {
    .key = pull_key,
    .draw = pull_draw,
    .free = pull_free,
};

static const char *
pull_verb(const struct pull *pl)
{
	return pl->push ? "push" : "pull";
}

static void
pull_open_kind(
    struct console *a, struct engine *e, const char *initial, bool push)
{
	struct pull *pl = xcalloc(1, sizeof *pl);

	pl->app = a;
	pl->engine = e;
	pl->push = push;
	pl->phase = PULL_PROMPT;
	prompt_init(&pl->prompt);
	prompt_set(&pl->prompt, initial ? initial : "");
	console_push_overlay(a, &pull_ops, pl);
}

void
pull_open(struct console *a, struct engine *e, const char *initial)
{
	pull_open_kind(a, e, initial, false);
}

void
push_open(struct console *a, struct engine *e, const char *initial)
{
	pull_open_kind(a, e, initial, true);
}

static bool
pull_ref_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' ||
	       c == '/' || c == ':' || c == '@';
}

static bool
pull_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

bool
pull_parse_ref(const char *ref, char **name, char **tag, char **cause)
{
	const char *at, *slash, *colon, *t;
	size_t n;

	*name = *tag = NULL;
	if (ref == NULL || *ref == '\0') {
		*cause = xstrdup("no image reference given");
		return false;
	}
	n = strlen(ref);
	for (size_t i = 0; i < n; i++)
		if (!pull_ref_char(ref[i])) {
			*cause = xasprintf("\"%c\" cannot be part of an image "
					   "reference",
			    ref[i] > 0x20 && ref[i] < 0x7f ? ref[i] : '?');
			return false;
		}
	if (n > 512 || !pull_alnum(ref[0])) {
		*cause = xstrdup("an image reference starts with a letter or "
				 "digit and is at most 512 characters");
		return false;
	}
	at = strchr(ref, '@');
	if (at != NULL) {
		if (strchr(at + 1, '@') || !strchr(at + 1, ':') ||
		    at[1] == ':' || at[strlen(at) - 1] == ':') {
			*cause = xstrdup("a digest looks like "
					 "name@sha256:0123...");
			return false;
		}
		n = (size_t)(at - ref);
		t = at + 1;
	} else {
		slash = strrchr(ref, '/');
		colon = strrchr(ref, ':');
		if (colon && (slash == NULL || colon > slash)) {
			n = (size_t)(colon - ref);
			t = colon + 1;
			if (*t == '\0' || strlen(t) > 128 ||
			    !(pull_alnum(*t) || *t == '_') || strchr(t, '/')) {
				*cause =
				    xstrdup("a tag is letters, digits, "
					    "'_', '.' and '-' (128 at most)");
				return false;
			}
		} else
			t = "latest";
	}
	for (size_t i = 1; i < n; i++)
		if (ref[i] == '/' && ref[i - 1] == '/')
			n = 0;
	if (n == 0 || ref[n - 1] == '/' || ref[n - 1] == ':') {
		*cause = xstrdup("the image name is empty or malformed");
		return false;
	}
	/* A colon left in the name may only be a registry's port. */
	colon = memchr(ref, ':', n);
	slash = memchr(ref, '/', n);
	if (colon && (slash == NULL || colon > slash)) {
		*cause = xstrdup("the image name is malformed");
		return false;
	}
	*name = xstrndup(ref, n);
	*tag = xstrdup(t);
	return true;
}

static void
pull_layers_free(struct pull *pl)
{
	for (size_t i = 0; i < pl->n_layers; i++) {
		free(pl->layers[i].id);
		free(pl->layers[i].status);
		free(pl->layers[i].bytes);
	}
	free(pl->layers);
	pl->layers = NULL;
	pl->n_layers = 0;
}

static void
pull_free(void *arg)
{
	struct pull *pl = arg;

	if (pl->call)
		docker_cancel(pl->engine->d, pl->call);
	if (pl->phase != PULL_PROMPT)
		jsonl_done(&pl->jl);
	prompt_done(&pl->prompt);
	pull_layers_free(pl);
	free(pl->ref);
	free(pl->message);
	free(pl->error);
	free(pl);
}

static struct pull_layer *
pull_layer(struct pull *pl, const char *id)
{
	struct pull_layer *l;

	for (size_t i = 0; i < pl->n_layers; i++)
		if (strcmp(pl->layers[i].id, id) == 0)
			return &pl->layers[i];
	pl->layers =
	    xreallocarray(pl->layers, pl->n_layers + 1, sizeof *pl->layers);
	l = &pl->layers[pl->n_layers++];
	memset(l, 0, sizeof *l);
	l->id = xstrdup(id);
	return l;
}

/*
 * How far a layer is, from its status: a pull downloads (first half) then
 * extracts (second half); a push only uploads.
 */
static double
pull_layer_frac(
    const struct pull *pl, const struct docker_progress *p, double old)
{
	const char *s = p->status;
	double part = p->total > 0 && p->current >= 0
			  ? (double)p->current / (double)p->total
			  : 0;

	if (part > 1)
		part = 1;
	if (strstr(s, "complete") || strstr(s, "exists") ||
	    strcmp(s, "Pushed") == 0 || strncmp(s, "Mounted from", 12) == 0)
		return 1;
	if (strcmp(s, "Downloading") == 0)
		return pl->push ? part : 0.5 * part;
	if (strcmp(s, "Pushing") == 0)
		return part;
	if (strcmp(s, "Verifying Checksum") == 0)
		return 0.5;
	if (strcmp(s, "Extracting") == 0)
		return 0.5 + 0.5 * part;
	return old;
}

/* The "1.3MB/2MB" after the engine's own bar, or NULL (owned). */
static char *
pull_bytes(const char *progress)
{
	const char *s;
	size_t n;

	if (progress == NULL)
		return NULL;
	s = strrchr(progress, ']');
	s = s ? s + 1 : progress;
	while (*s == ' ')
		s++;
	n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		n--;
	return n ? xstrndup(s, n) : NULL;
}

static void
pull_apply(struct pull *pl, const struct docker_progress *p)
{
	struct pull_layer *l;

	if (p->error) {
		if (pl->error == NULL)
			pl->error = xstrdup(p->error);
		return;
	}
	if (p->status == NULL)
		return; /* the aux record of a push */
	if (p->id == NULL || strncmp(p->status, "Pulling from", 12) == 0) {
		free(pl->message);
		pl->message = p->id && !pl->push
				  ? xasprintf("%s (%s)", p->status, p->id)
				  : xstrdup(p->status);
		return;
	}
	l = pull_layer(pl, p->id);
	free(l->status);
	l->status = xstrdup(p->status);
	free(l->bytes);
	l->bytes = pull_bytes(p->progress);
	l->frac = pull_layer_frac(pl, p, l->frac);
}

static bool
pull_line(const char *line, size_t len, void *arg)
{
	struct pull *pl = arg;
	char *cause = NULL;
	struct docker_progress *p = decode_progress(line, len, &cause);

	/* A line we cannot read says nothing about the transfer. */
	if (p == NULL) {
		free(cause);
		return true;
	}
	pull_apply(pl, p);
	docker_progress_free(p);
	return true;
}

static bool
pull_on_data(const char *data, size_t len, void *arg)
{
	struct pull *pl = arg;

	jsonl_feed(&pl->jl, data, len);
	console_dirty(pl->app);
	return true;
}

/* The summary for the status bar: layers and the engine's last word. */
static char *
pull_summary(const struct pull *pl)
{
	const char *m = pl->message ? pl->message : "", *end;

	if (strncmp(m, "Status: ", 8) == 0)
		m += 8;
	/* "Downloaded newer image for <ref>": the ref is said already. */
	end = strstr(m, " for ");
	if (end == NULL)
		end = m + strlen(m);
	return xasprintf("%s %s: %zu layer%s%s%.*s",
	    pl->push ? "pushed" : "pulled", pl->ref, pl->n_layers,
	    pl->n_layers == 1 ? "" : "s", *m ? ", " : "", (int)(end - m), m);
}

static void
pull_on_done(const struct docker_reply *r, void *arg)
{
	struct pull *pl = arg;
	struct console *a = pl->app;
	char *result, *msg;

	/* The call ends with this callback: nothing left to cancel. */
	pl->call = NULL;
	jsonl_finish(&pl->jl);
	if (r->status != DOCKER_OK && pl->error == NULL)
		pl->error = xstrdup(
		    r->message ? r->message : docker_status_str(r->status));
	if (pl->error) {
		result = xasprintf("error: %s", pl->error);
		pl->phase = PULL_FAILED;
		console_error(
		    a, "%s %s: %s", pull_verb(pl), pl->ref, pl->error);
		audit_log(a, pl->engine, pull_verb(pl), pl->ref, result);
		free(result);
		console_dirty(a);
		return;
	}
	msg = pull_summary(pl);
	console_ok(a, "%s", msg);
	free(msg);
	audit_log(a, pl->engine, pull_verb(pl), pl->ref, "ok");
	if (!pl->push)
		store_refresh(&pl->engine->store, STORE_IMAGES);
	/* Closing frees pl: nothing may touch it after this. */
	console_close_overlay(a);
}

/* Enter in the prompt: check, then start the transfer. */
static bool
pull_start(struct pull *pl)
{
	struct console *a = pl->app;
	struct docker *d = pl->engine->d;
	char *name, *tag, *cause = NULL, *auth, *warning = NULL;

	if (!pull_parse_ref(prompt_text(&pl->prompt), &name, &tag, &cause)) {
		console_error(a, "%s: %s", pull_verb(pl), cause);
		free(cause);
		return true; /* stay in the prompt to fix it */
	}
	pl->ref = xasprintf("%s%s%s", name, strchr(tag, ':') ? "@" : ":", tag);
	if (console_read_only(a, pl->engine)) {
		console_error(a, "read-only mode: %s refused", pull_verb(pl));
		audit_log(a, pl->engine, pull_verb(pl), pl->ref,
		    "refused: read-only");
		free(name);
		free(tag);
		return false;
	}
	if (pl->push && strchr(tag, ':')) {
		console_error(a, "push: give a tag, not a digest");
		free(name);
		free(tag);
		free(pl->ref);
		pl->ref = NULL;
		return true;
	}
	jsonl_init(&pl->jl, pull_line, pl);
	pl->phase = PULL_RUNNING;
	/* The docker config's credentials for the image's registry, as the
	 * CLI finds them; none: anonymous. */
	auth = imagework_auth_for(name, &warning);
	if (pl->push)
		pl->call = docker_image_push(
		    d, name, tag, auth, pull_on_data, pull_on_done, pl);
	else
		pl->call = docker_image_pull_auth(
		    d, name, tag, auth, pull_on_data, pull_on_done, pl);
	memset(auth, 0, strlen(auth));
	free(auth);
	free(name);
	free(tag);
	if (warning)
		console_error(a, "%sing %s anonymously: %s", pull_verb(pl),
		    pl->ref, warning);
	else
		console_info(a, "%sing %s", pull_verb(pl), pl->ref);
	free(warning);
	return true;
}

enum pull_key
pull_key_of(struct prompt *asking, bool running, int key)
{
	if (asking)
		switch (prompt_key(asking, key)) {
		case PROMPT_DONE:
			return PULL_KEY_START;
		case PROMPT_CANCELLED:
			return PULL_KEY_CLOSE;
		case PROMPT_EDITING:
		default:
			return PULL_KEY_KEEP;
		}
	if (!running)
		return PULL_KEY_CLOSE;
	if (key != WKEY_ESC && key != 'q' && key != WKEY_CTRL('c'))
		return PULL_KEY_KEEP;
	return PULL_KEY_CANCEL;
}

static bool
pull_key(void *arg, int key)
{
	struct pull *pl = arg;

	switch (pull_key_of(pl->phase == PULL_PROMPT ? &pl->prompt : NULL,
	    pl->phase == PULL_RUNNING, key)) {
	case PULL_KEY_KEEP:
		return true;
	case PULL_KEY_START:
		return pull_start(pl);
	case PULL_KEY_CANCEL:
		docker_cancel(pl->engine->d, pl->call);
		pl->call = NULL;
		console_info(
		    pl->app, "%s of %s cancelled", pull_verb(pl), pl->ref);
		audit_log(
		    pl->app, pl->engine, pull_verb(pl), pl->ref, "cancelled");
		return false;
	case PULL_KEY_CLOSE:
	default:
		return false;
	}
}

void
pull_draw_input(WINDOW *win, int h, int w, const char *title,
    char *const *lines, struct prompt *p, const char *label, const char *hint)
{
	inputbox_draw(win, h, w, title, lines, p, label, hint);
}

bool
pull_draw_box(WINDOW *win, int h, int w, int maxw, int rows, const char *title,
    struct pull_box *b)
{
	b->w = w - 4 > maxw ? maxw : w - 4;
	b->h = rows > h - 2 ? h - 2 : rows;
	if (b->w < 30 || b->h < 7)
		return false;
	b->x = (w - b->w) / 2;
	b->y = (h - b->h) / 2;
	box_draw(win, b->y, b->x, b->h, b->w,
	    theme_attr(THEME_ROLE_DIALOG_BORDER), theme_attr(THEME_ROLE_DIALOG),
	    title, theme_attr(THEME_ROLE_DIALOG_BORDER));
	return true;
}

static void
pull_draw(void *arg, WINDOW *win, int h, int w)
{
	struct pull *pl = arg;
	const char *engine = docker_endpoint(pl->engine->d)->host_arg;
	attr_t fill = theme_attr(THEME_ROLE_DIALOG);
	struct pull_box b;
	int y, room, lw;
	bool drawn;
	size_t shown = 0, done = 0;
	double total = 0;
	char *title, line[64];

	if (pl->phase == PULL_PROMPT) {
		char *lines[2] = {NULL, NULL};

		lines[0] = xasprintf(pl->push ? "From the engine %s to its "
						"registry"
					      : "To the engine %s",
		    engine);
		title = xstrdup(pl->push ? "Push" : "Pull");
		inputbox_draw(win, h, w, title, lines, &pl->prompt, "image: ",
		    pl->push ? "Enter pushes, Esc cancels"
			     : "Enter pulls, Esc cancels");
		free(lines[0]);
		free(title);
		return;
	}
	/* Frame, engine line, total, layers, message, error, hint. */
	title = xasprintf("%s %s", pl->push ? "Pushing" : "Pulling", pl->ref);
	drawn = pull_draw_box(win, h, w, 100, 7 + (int)pl->n_layers, title, &b);
	free(title);
	if (!drawn)
		return;
	y = b.y + 1;
	title = xasprintf("on the engine %s", engine);
	text_put(win, y++, b.x + 2, title, b.w - 4, fill);
	free(title);

	for (size_t i = 0; i < pl->n_layers; i++) {
		total += pl->layers[i].frac;
		if (pl->layers[i].frac >= 1)
			done++;
	}
	/* The total's bar lines up with the layers' bars under it. */
	lw = b.w - 4 - PULL_STATUS_W - 1;
	snprintf(line, sizeof line, "%zu of %zu layers", done, pl->n_layers);
	progress_draw(win, y, b.x + 2, lw, "total",
	    pl->n_layers ? total / (double)pl->n_layers : -1,
	    pl->n_layers               ? NULL
	    : pl->phase == PULL_FAILED ? "no layers"
				       : "waiting for the engine…");
	if (pl->n_layers)
		text_put_padded(
		    win, y, b.x + 2 + lw + 1, line, PULL_STATUS_W, fill);
	y++;

	/* Rows left for layers; finished ones give way when it is tight. */
	room = b.h - 7;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < pl->n_layers && shown < (size_t)room;
		     i++) {
			const struct pull_layer *l = &pl->layers[i];

			if ((pass == 0) == (l->frac >= 1))
				continue;
			progress_draw(
			    win, y, b.x + 2, lw, l->id, l->frac, l->bytes);
			text_put_padded(win, y, b.x + 2 + lw + 1, l->status,
			    PULL_STATUS_W, fill);
			y++;
			shown++;
		}
	y = b.y + b.h - 4;
	if (pl->message)
		text_put_padded(win, y, b.x + 2, pl->message, b.w - 4, fill);
	y++;
	if (pl->error)
		text_put_padded(win, y, b.x + 2, pl->error, b.w - 4,
		    theme_attr(THEME_ROLE_ERROR));
	text_put(win, b.y + b.h - 2, b.x + 2,
	    pl->phase == PULL_FAILED ? "failed: any key closes" : "Esc cancels",
	    b.w - 4, fill);
}
