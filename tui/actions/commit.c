/*
 * Commit a container: a form (repository:tag, message, author, pause,
 * changes one per field as `docker commit --change` takes them), then
 * POST /commit and the new image selected in the images pane.
 */

#include "tui/actions/imagework.h"

#include <stdlib.h>
#include <string.h>

#include "api/calls.h"
#include "api/decode.h"
#include "api/docker.h"
#include "api/imagework.h"
#include "api/xalloc.h"
#include "tui/actions/pull.h"
#include "tui/core/audit.h"
#include "tui/core/console.h"
#include "widgets/form.h"

/* Change fields at the start; one more appears when the last is used. */
#define COMMIT_CHANGES 3
#define COMMIT_MAX_CHANGES 32
/* How long the new image is looked for in the images pane. */
#define COMMIT_SELECT_SECS 10.0

enum { CF_REPO, CF_MESSAGE, CF_AUTHOR, CF_PAUSE, CF_CHANGE0 };

struct commit {
	struct console *app;
	struct engine *engine;
	char *id, *name; /* the container */
	char *object; /* "name (id)" for the audit log */
	char *ref; /* repo:tag as sent, or NULL */
	struct form form;
	struct docker_call *call;
};

/* After the commit: select the new image once the pane lists it. */
struct commit_select {
	struct console *app;
	char *id;
	double until;
};

static bool commit_key(void *, int);
static void commit_draw(void *, WINDOW *, int, int);
static void commit_free(void *);

static const struct console_overlay_ops commit_ops = {
    .key = commit_key,
    .draw = commit_draw,
    .free = commit_free,
};

static double
commit_select_tick(void *arg, double now)
{
	struct commit_select *s = arg;

	if (s->until == 0)
		s->until = now + COMMIT_SELECT_SECS;
	if (console_show_object(s->app, KIND_IMAGE, s->id) || now > s->until) {
		console_dirty(s->app);
		console_end_job(s->app, s);
		return 0;
	}
	return now + 0.2;
}

static void
commit_select_free(void *arg)
{
	struct commit_select *s = arg;

	free(s->id);
	free(s);
}

static const struct console_job_ops commit_select_ops = {
    .tick = commit_select_tick,
    .free = commit_select_free,
};

static void
commit_free(void *arg)
{
	struct commit *c = arg;

	if (c->call) {
		docker_cancel(c->engine->d, c->call);
		audit_log(c->app, c->engine, "commit", c->object, "cancelled");
	}
	form_done(&c->form);
	free(c->id);
	free(c->name);
	free(c->object);
	free(c->ref);
	free(c);
}

static void
commit_on_done(const struct docker_reply *r, void *arg)
{
	struct commit *c = arg;
	struct console *a = c->app;
	struct commit_select *s;
	char *id, *cause = NULL, *result;

	c->call = NULL;
	if (r->status != DOCKER_OK) {
		const char *why =
		    r->message ? r->message : docker_status_str(r->status);

		result = xasprintf("error: %s", why);
		audit_log(a, c->engine, "commit", c->object, result);
		free(result);
		console_error(a, "commit %s: %s", c->name, why);
		form_set_error(&c->form, CF_REPO, why);
		console_dirty(a);
		return;
	}
	id = decode_id(r->body, r->len, &cause);
	free(cause);
	result = xasprintf("ok: %s%s%s", id ? id : "", c->ref ? " as " : "",
	    c->ref ? c->ref : "");
	audit_log(a, c->engine, "commit", c->object, result);
	free(result);
	console_ok(a, "committed %s%s%s", c->name, c->ref ? " as " : "",
	    c->ref ? c->ref : "");
	store_refresh(&c->engine->store, STORE_IMAGES);
	if (id) {
		s = xcalloc(1, sizeof *s);
		s->app = a;
		s->id = id;
		console_start_job(a, &commit_select_ops, s);
	}
	/* Closing frees c: nothing may touch it after this. */
	console_close_overlay(a);
}

/* The changes typed, checked: NULL-terminated (owned), or NULL. */
static char **
commit_changes(struct commit *c, bool *ok)
{
	char **v = NULL, *cause = NULL;
	size_t n = 0;

	*ok = true;
	for (size_t i = CF_CHANGE0; i < c->form.n; i++) {
		const char *t = form_text(&c->form, i);

		while (*t == ' ')
			t++;
		if (*t == '\0')
			continue;
		if (!imagework_change_ok(t, &cause)) {
			form_set_error(&c->form, i, cause);
			free(cause);
			cause = NULL;
			if (*ok)
				form_focus(&c->form, i);
			*ok = false;
			continue;
		}
		strv_push(&v, &n, xstrdup(t));
	}
	return v;
}

static bool
commit_submit(struct commit *c)
{
	struct console *a = c->app;
	const char *ref = form_text(&c->form, CF_REPO);
	char *name = NULL, *tag = NULL, *cause = NULL, **changes;
	struct docker_commit_opts o = {0};
	bool ok;

	form_clear_errors(&c->form);
	if (c->call)
		return true;
	free(c->ref);
	c->ref = NULL;
	if (*ref && !pull_parse_ref(ref, &name, &tag, &cause)) {
		form_set_error(&c->form, CF_REPO, cause);
		form_focus(&c->form, CF_REPO);
		free(cause);
		return true;
	}
	if (tag && strchr(tag, ':')) {
		form_set_error(&c->form, CF_REPO, "give a tag, not a digest");
		free(name);
		free(tag);
		return true;
	}
	changes = commit_changes(c, &ok);
	if (!ok) {
		strv_free(changes);
		free(name);
		free(tag);
		return true;
	}
	if (name)
		c->ref = xasprintf("%s:%s", name, tag);
	if (console_read_only(a, c->engine)) {
		console_error(a, "read-only mode: commit refused");
		audit_log(
		    a, c->engine, "commit", c->object, "refused: read-only");
		strv_free(changes);
		free(name);
		free(tag);
		return false;
	}
	o.repo = name;
	o.tag = tag;
	o.comment = *form_text(&c->form, CF_MESSAGE)
			? form_text(&c->form, CF_MESSAGE)
			: NULL;
	o.author = *form_text(&c->form, CF_AUTHOR)
		       ? form_text(&c->form, CF_AUTHOR)
		       : NULL;
	o.pause = form_checked(&c->form, CF_PAUSE);
	o.changes = (const char *const *)changes;
	c->call =
	    docker_container_commit(c->engine->d, c->id, &o, commit_on_done, c);
	console_info(a, "committing %s", c->name);
	strv_free(changes);
	free(name);
	free(tag);
	return true;
}

/* A new empty change field when the last one holds something. */
static void
commit_grow(struct commit *c)
{
	const char *last = form_text(&c->form, c->form.n - 1);
	char label[32];

	if (*last == '\0' || c->form.n - CF_CHANGE0 >= COMMIT_MAX_CHANGES)
		return;
	snprintf(label, sizeof label, "change %zu", c->form.n - CF_CHANGE0 + 1);
	form_add_text(&c->form, label, "");
}

static bool
commit_key(void *arg, int key)
{
	struct commit *c = arg;

	/* While the engine commits, only Esc (which cancels) counts. */
	if (c->call)
		return key != 27;
	switch (form_key(&c->form, key)) {
	case FORM_SUBMIT:
		return commit_submit(c);
	case FORM_CANCELLED:
		return false;
	case FORM_EDITING:
	default:
		commit_grow(c);
		return true;
	}
}

static void
commit_draw(void *arg, WINDOW *win, int h, int w)
{
	struct commit *c = arg;
	int y, x;

	(void)h;
	(void)w;
	/* The cursor is hidden under overlays: draw one. */
	if (form_draw(&c->form, win) && c->call == NULL) {
		getyx(win, y, x);
		mvwchgat(win, y, x, 1, A_REVERSE, 0, NULL);
	}
}

void
commit_open(struct console *a, struct engine *e, const char *id,
    const char *name, const char *repo)
{
	struct commit *c = xcalloc(1, sizeof *c);
	char *title, label[32];

	c->app = a;
	c->engine = e;
	c->id = xstrdup(id);
	c->name = xstrdup(name ? name : id);
	c->object = audit_object(e, KIND_CONTAINER, id);
	title = xasprintf("Commit %s on %s (^S commits)", c->name,
	    docker_endpoint(e->d)->host_arg);
	form_init(&c->form, title);
	free(title);
	form_add_text(&c->form, "repository:tag", repo ? repo : "");
	form_add_text(&c->form, "message", "");
	form_add_text(&c->form, "author", "");
	form_add_check(&c->form, "pause while committing", true);
	for (int i = 0; i < COMMIT_CHANGES; i++) {
		snprintf(label, sizeof label, "change %d", i + 1);
		form_add_text(&c->form, label, "");
	}
	console_push_overlay(a, &commit_ops, c);
}
