/*
 * The actions that change one object or several: container start, stop,
 * restart, pause, kill, remove and rename; image remove, tag, pull and
 * push; volume and network remove; and copying an id. Each asks first,
 * naming the objects and the engine, runs asynchronously, reports in the
 * status bar and writes one audit line per object.
 */

#include "tui/actions/actions.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/docker.h"
#include "api/http.h"
#include "api/xalloc.h"
#include "themes/theme.h"
#include "tui/core/app.h"
#include "tui/core/audit.h"
#include "tui/core/fmt.h"
#include "tui/core/pane.h"
#include "tui/actions/pull.h"
#include "tui/core/store.h"
#include "tui/core/term.h"
#include "widgets/dialog.h"
#include "widgets/key.h"
#include "widgets/prompt.h"

#define LC_NONE SIZE_MAX

enum lc_kind {
	LC_CONTAINERS,
	LC_IMAGES,
	LC_VOLUMES,
	LC_NETWORKS,
};

struct lc_job;

/* One object of a job and its request. */
struct lc_target {
	struct lc_job *job;
	char *id;
	char *label; /* "name (0123456789ab)", for the screen */
	char *object; /* "name (full id)", for the audit log */
	char *action; /* for the log: "stop", "unpause", "kill SIGHUP" */
	const char *verb; /* "stopped" */
	const char *method;
	char *path;
	bool done;
	bool ok;
	char *error;
};

/* An action on the targets of a pane, from the question to the report. */
struct lc_job {
	struct app *app;
	struct pane *pane;
	enum lc_kind kind;
	enum action act;
	struct lc_target *t;
	size_t n;
	size_t pending;
	/* The question's extras: checkbox indexes, a choice of tags. */
	size_t check_force;
	size_t check_volumes;
	char **tags; /* image remove: the one image's tags */
	struct lc_job *next, *prev; /* in lc_live while requests run */
};

/*
 * Jobs whose requests are out. Quitting drops the requests without their
 * callbacks, so whatever is still listed at exit is freed then.
 */
static struct lc_job *lc_live;
static bool lc_atexit_set;

static void lc_free_live(void);

/* The signals a kill offers, most wanted first. */
static const char *const lc_signals[] = {
    "SIGKILL",
    "SIGTERM",
    "SIGINT",
    "SIGHUP",
    "SIGQUIT",
    "SIGUSR1",
    "SIGUSR2",
    NULL,
};

static const char *
lc_kind_noun(enum lc_kind k, size_t n)
{
	static const char *const one[] = {
	    "container", "image", "volume", "network"};
	static const char *const many[] = {
	    "containers", "images", "volumes", "networks"};

	return n == 1 ? one[k] : many[k];
}

static enum store_kind
lc_store_kind(enum lc_kind k)
{
	switch (k) {
	case LC_IMAGES:
		return STORE_IMAGES;
	case LC_VOLUMES:
		return STORE_VOLUMES;
	case LC_NETWORKS:
		return STORE_NETWORKS;
	case LC_CONTAINERS:
	default:
		return STORE_CONTAINERS;
	}
}

static const char *
lc_pane_name(enum lc_kind k)
{
	return lc_kind_noun(k, 2);
}

static bool
lc_kind_of(const struct pane *p, enum lc_kind *k)
{
	for (int i = LC_CONTAINERS; i <= LC_NETWORKS; i++)
		if (strcmp(p->ops->name, lc_pane_name((enum lc_kind)i)) == 0) {
			*k = (enum lc_kind)i;
			return true;
		}
	return false;
}

static const char *
lc_engine(struct app *a)
{
	const char *h = docker_endpoint(app_docker(a))->host_arg;

	return h ? h : "(unknown engine)";
}

/*
 * Ids and names from the engine go into request paths as they are when
 * they only use the characters of ids, names and references; anything
 * else is escaped, so no object can add to the query or the path.
 */
static char *
lc_seg(const char *s)
{
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			(*p >= '0' && *p <= '9') || strchr("._-:/@", *p)))
			return http_escape(s);
	return xstrdup(s);
}

/* Whether a container in the store (any state) was made from the image. */
static bool
lc_image_used(struct app *a, const char *image_id)
{
	const struct store *s = app_store(a);

	if (s->containers == NULL)
		return true; /* unknown: let the engine decide */
	for (size_t i = 0; i < s->containers->n; i++)
		if (s->containers->v[i].image_id &&
		    strcmp(s->containers->v[i].image_id, image_id) == 0)
			return true;
	return false;
}

static void
lc_job_free(struct lc_job *job)
{
	if (job == NULL)
		return;
	if (job->prev)
		job->prev->next = job->next;
	else if (lc_live == job)
		lc_live = job->next;
	if (job->next)
		job->next->prev = job->prev;
	for (size_t i = 0; i < job->n; i++) {
		free(job->t[i].id);
		free(job->t[i].label);
		free(job->t[i].object);
		free(job->t[i].action);
		free(job->t[i].path);
		free(job->t[i].error);
	}
	free(job->t);
	strv_free(job->tags);
	free(job);
}

static struct lc_job *
lc_job_new(struct app *a, struct pane *p, enum lc_kind k, enum action act,
    char *const *ids)
{
	struct lc_job *job = xcalloc(1, sizeof *job);
	const char *pane = lc_pane_name(k);

	job->app = a;
	job->pane = p;
	job->kind = k;
	job->act = act;
	job->check_force = job->check_volumes = LC_NONE;
	job->n = strv_len(ids);
	job->t = xcalloc(job->n, sizeof *job->t);
	for (size_t i = 0; i < job->n; i++) {
		struct lc_target *t = &job->t[i];

		t->job = job;
		t->id = xstrdup(ids[i]);
		t->label = audit_label(a, pane, ids[i]);
		t->object = audit_object(a, pane, ids[i]);
		t->action = xstrdup(action_name(act));
	}
	return job;
}

/* A question answered no: one "cancelled" line per target in the log. */
static void
lc_log_cancelled(struct lc_job *job)
{
	for (size_t i = 0; i < job->n; i++)
		audit_log(
		    job->app, job->t[i].action, job->t[i].object, "cancelled");
	app_info(job->app, "%s cancelled", action_name(job->act));
}

/* Whether the store says the container is paused (then p unpauses it). */
static bool
lc_paused(struct app *a, const char *id)
{
	const struct docker_container *c = store_container(app_store(a), id);

	return c && c->state && strcmp(c->state, "paused") == 0;
}

/* The summary for the status bar once every request has answered. */
static void
lc_report(struct lc_job *job)
{
	struct app *a = job->app;
	const struct lc_target *fail = NULL;
	const char *verb = job->t[0].verb;
	size_t ok = 0, failed = 0;

	for (size_t i = 0; i < job->n; i++) {
		if (job->t[i].ok)
			ok++;
		else {
			failed++;
			if (fail == NULL)
				fail = &job->t[i];
		}
		if (strcmp(job->t[i].verb, verb) != 0)
			verb = job->act == ACTION_PAUSE ? "paused/unpaused"
							: "changed";
	}
	if (fail == NULL) {
		if (job->n == 1)
			app_ok(a, "%s %s", verb, job->t[0].label);
		else
			app_ok(a, "%s %zu of %zu", verb, ok, job->n);
		return;
	}
	if (job->n == 1) {
		/* Rename and tag say the new name in the label already. */
		app_error(a, "%s %s: %s",
		    job->act == ACTION_RENAME || job->act == ACTION_TAG
			? action_name(job->act)
			: fail->action,
		    fail->label, fail->error);
		return;
	}
	if (failed > 1)
		app_error(a, "%s %zu of %zu; %s: %s (and %zu more failed)",
		    verb, ok, job->n, fail->label, fail->error, failed - 1);
	else
		app_error(a, "%s %zu of %zu; %s: %s", verb, ok, job->n,
		    fail->label, fail->error);
}

/* Ends the job when nothing is pending any more. */
static void
lc_settle(struct lc_job *job)
{
	if (--job->pending > 0)
		return;
	lc_report(job);
	/* Events refresh the rows too; this covers an events stream down. */
	store_refresh(app_store(job->app), lc_store_kind(job->kind));
	lc_job_free(job);
}

static void
lc_on_done(const struct docker_reply *r, void *arg)
{
	struct lc_target *t = arg;
	struct lc_job *job = t->job;
	char *result;

	t->done = true;
	t->ok = r->status == DOCKER_OK;
	if (!t->ok) {
		t->error = xstrdup(
		    r->message ? r->message : docker_status_str(r->status));
		result = xasprintf("error: %s", t->error);
	} else
		result = xstrdup("ok");
	audit_log(job->app, t->action, t->object, result);
	free(result);
	app_dirty(job->app);
	lc_settle(job);
}

/*
 * Sends every target's request; the job owns itself from here and is
 * freed by the last answer. The read-only check is repeated here, where
 * the requests leave, whatever path led to it.
 */
static void
lc_submit(struct lc_job *job)
{
	struct app *a = job->app;
	struct docker *d = app_docker(a);

	if (app_read_only(a)) {
		for (size_t i = 0; i < job->n; i++)
			audit_log(a, job->t[i].action, job->t[i].object,
			    "refused: read-only");
		app_error(
		    a, "read-only mode: %s refused", action_name(job->act));
		lc_job_free(job);
		return;
	}
	if (job->pane && pane_mark_count(job->pane) > 0)
		pane_clear_marks(job->pane);
	app_info(a, "%s: %zu %s…", action_name(job->act), job->n,
	    lc_kind_noun(job->kind, job->n));
	if (!lc_atexit_set) {
		atexit(lc_free_live);
		lc_atexit_set = true;
	}
	job->next = lc_live;
	if (lc_live)
		lc_live->prev = job;
	lc_live = job;
	/* One extra count, so that an early answer cannot end the job. */
	job->pending = job->n + 1;
	for (size_t i = 0; i < job->n; i++)
		docker_request(d, job->t[i].method, job->t[i].path, NULL, 0,
		    lc_on_done, &job->t[i]);
	lc_settle(job);
}

static void
lc_free_live(void)
{
	while (lc_live)
		lc_job_free(lc_live);
}

/* Fills in each target's request from the action and the answers. */
static void
lc_prepare(struct lc_job *job, const struct dialog *dlg)
{
	bool force = job->check_force != LC_NONE &&
		     dialog_checked(dlg, job->check_force);
	bool vols = job->check_volumes != LC_NONE &&
		    dialog_checked(dlg, job->check_volumes);

	for (size_t i = 0; i < job->n; i++) {
		struct lc_target *t = &job->t[i];
		char *id = lc_seg(t->id), *opts;
		const char *what = NULL;

		t->method = "POST";
		switch (job->act) {
		case ACTION_START:
			what = "start";
			t->verb = "started";
			break;
		case ACTION_STOP:
			what = "stop";
			t->verb = "stopped";
			break;
		case ACTION_RESTART:
			what = "restart";
			t->verb = "restarted";
			break;
		case ACTION_PAUSE:
			if (lc_paused(job->app, t->id)) {
				what = "unpause";
				t->verb = "unpaused";
			} else {
				what = "pause";
				t->verb = "paused";
			}
			free(t->action);
			t->action = xstrdup(what);
			break;
		case ACTION_KILL: {
			const char *sig = lc_signals[dialog_choice(dlg)];

			t->verb = "killed";
			free(t->action);
			t->action = xasprintf("kill %s", sig);
			t->path = xasprintf(
			    "/containers/%s/kill?signal=%s", id, sig + 3);
			break;
		}
		case ACTION_REMOVE:
		default:
			t->method = "DELETE";
			t->verb = "removed";
			opts = xasprintf("%s%s", force ? ", force" : "",
			    vols ? ", volumes" : "");
			if (*opts) {
				free(t->action);
				t->action = xasprintf("remove (%s)", opts + 2);
			}
			free(opts);
			if (job->kind == LC_CONTAINERS)
				t->path = xasprintf("/containers/%s?force=%d"
						    "&v=%d",
				    id, force, vols);
			else if (job->kind == LC_VOLUMES)
				t->path = xasprintf(
				    "/volumes/%s?force=%d", id, force);
			else if (job->kind == LC_NETWORKS)
				t->path = xasprintf("/networks/%s", id);
			else if (job->tags &&
				 dialog_choice(dlg) < strv_len(job->tags)) {
				/* Untag: remove by name, the image stays. */
				const char *tag = job->tags[dialog_choice(dlg)];
				char *seg = lc_seg(tag);
				char sid[16];

				fmt_short_id(sid, sizeof sid, t->id);
				t->path = xasprintf(
				    "/images/%s?force=%d", seg, force);
				free(seg);
				t->verb = "untagged";
				free(t->action);
				t->action =
				    xstrdup(force ? "untag (force)" : "untag");
				free(t->label);
				t->label = xstrdup(tag);
				free(t->object);
				t->object = xasprintf("%s (%s)", tag, t->id);
			} else {
				/*
				 * "With all its tags": the engine refuses an
				 * image named in several repositories unless
				 * forced. Forcing is only what was asked for
				 * when no container uses the image; when one
				 * does, the engine's refusal says so.
				 */
				int f = force ||
					(job->tags &&
					    !lc_image_used(job->app, t->id));

				t->path =
				    xasprintf("/images/%s?force=%d", id, f);
			}
			break;
		}
		if (what)
			t->path = xasprintf("/containers/%s/%s", id, what);
		free(id);
	}
}

/* The question: a dialog in an overlay, which owns the job until yes. */
struct lc_ask {
	struct app *app;
	struct dialog *dlg;
	struct lc_job *job;
};

static bool
lc_ask_key(void *arg, int key)
{
	struct lc_ask *q = arg;
	struct lc_job *job;

	switch (dialog_key(q->dlg, key)) {
	case DIALOG_OPEN:
		return true;
	case DIALOG_CANCELLED:
		lc_log_cancelled(q->job);
		return false;
	case DIALOG_CONFIRMED:
	default:
		job = q->job;
		q->job = NULL;
		lc_prepare(job, q->dlg);
		lc_submit(job);
		return false;
	}
}

static void
lc_ask_draw(void *arg, WINDOW *win, int h, int w)
{
	struct lc_ask *q = arg;

	dialog_draw(q->dlg, win);
}

static void
lc_ask_free(void *arg)
{
	struct lc_ask *q = arg;

	dialog_free(q->dlg);
	lc_job_free(q->job);
	free(q);
}

static const struct app_overlay_ops lc_ask_ops = {
    .key = lc_ask_key,
    .draw = lc_ask_draw,
    .free = lc_ask_free,
};

/* "Stop 2 containers on the engine X:" then one line per object. */
static char **
lc_lines(struct lc_job *job, const char *head)
{
	char **v = xcalloc(job->n + 2, sizeof *v);

	v[0] = xasprintf("%s %zu %s on the engine %s:", head, job->n,
	    lc_kind_noun(job->kind, job->n), lc_engine(job->app));
	for (size_t i = 0; i < job->n; i++) {
		if (job->act == ACTION_PAUSE && strcmp(head, "Pause") != 0 &&
		    strcmp(head, "Unpause") != 0)
			v[i + 1] = xasprintf("  %-7s %s",
			    lc_paused(job->app, job->t[i].id) ? "unpause"
							      : "pause",
			    job->t[i].label);
		else
			v[i + 1] = xasprintf("  %s", job->t[i].label);
	}
	return v;
}

static void
lc_ask(struct lc_job *job)
{
	struct lc_ask *q = xcalloc(1, sizeof *q);
	const char *head;
	char **lines, **opts, title[64];

	q->app = job->app;
	q->job = job;
	switch (job->act) {
	case ACTION_START:
		head = "Start";
		break;
	case ACTION_STOP:
		head = "Stop";
		break;
	case ACTION_RESTART:
		head = "Restart";
		break;
	case ACTION_PAUSE: {
		size_t paused = 0;

		for (size_t i = 0; i < job->n; i++)
			if (lc_paused(job->app, job->t[i].id))
				paused++;
		head = paused == 0        ? "Pause"
		       : paused == job->n ? "Unpause"
					  : "Pause or unpause";
		break;
	}
	case ACTION_KILL:
		head = "Send a signal to";
		break;
	case ACTION_REMOVE:
	default:
		head = "Remove";
		break;
	}
	snprintf(title, sizeof title, "%s?", head);
	if (job->act == ACTION_KILL)
		snprintf(title, sizeof title, "Kill with which signal?");
	lines = lc_lines(job, head);
	if (job->act == ACTION_KILL) {
		opts = xcalloc(
		    sizeof lc_signals / sizeof lc_signals[0], sizeof *opts);
		for (size_t i = 0; lc_signals[i]; i++)
			opts[i] = xstrdup(lc_signals[i]);
		q->dlg = dialog_choice_new(title, lines, opts, 0);
		strv_free(opts);
	} else if (job->tags) {
		size_t nt = strv_len(job->tags);

		opts = xcalloc(nt + 2, sizeof *opts);
		for (size_t i = 0; i < nt; i++)
			opts[i] = xasprintf("untag %s", job->tags[i]);
		opts[nt] = xasprintf("remove the image with all %zu tags", nt);
		strv_free(lines);
		lines = xcalloc(3, sizeof *lines);
		fmt_short_id(title, sizeof title, job->t[0].id);
		lines[0] = xasprintf("Image %s on the engine %s has %zu tags.",
		    title, lc_engine(job->app), nt);
		lines[1] = xstrdup("Untag one (the image stays) or remove the "
				   "image:");
		q->dlg = dialog_choice_new("Remove or untag?", lines, opts, 0);
		strv_free(opts);
	} else
		q->dlg = dialog_confirm_new(title, lines);
	strv_free(lines);
	if (job->act == ACTION_REMOVE) {
		if (job->kind == LC_CONTAINERS) {
			job->check_force = dialog_add_check(
			    q->dlg, "force: kill it first if it runs", false);
			job->check_volumes = dialog_add_check(
			    q->dlg, "remove its anonymous volumes", false);
		} else if (job->kind == LC_IMAGES)
			job->check_force = dialog_add_check(q->dlg,
			    "force: even if containers or tags use it", false);
		else if (job->kind == LC_VOLUMES)
			job->check_force =
			    dialog_add_check(q->dlg, "force", false);
	}
	app_push_overlay(job->app, &lc_ask_ops, q);
}

/* Rename and tag: one line of input, which is the question. */
struct lc_input {
	struct app *app;
	struct lc_job *job; /* one target */
	struct prompt prompt;
	char *title;
	char *lines[3];
	const char *label;
	const char *hint;
};

static void
lc_input_free(void *arg)
{
	struct lc_input *in = arg;

	lc_job_free(in->job);
	prompt_done(&in->prompt);
	free(in->title);
	free(in->lines[0]);
	free(in->lines[1]);
	free(in);
}

/* Enter: false closes the input (done or refused), true keeps it open. */
static bool
lc_input_submit(struct lc_input *in)
{
	struct lc_job *job = in->job;
	struct lc_target *t = &job->t[0];
	const char *text = prompt_text(&in->prompt);
	char *id = lc_seg(t->id), *name = NULL, *tag = NULL, *cause = NULL;
	char *en, *et;

	if (job->act == ACTION_RENAME) {
		const char *cur = audit_name(in->app, "containers", t->id);

		if (*text == '\0') {
			app_error(in->app, "rename: give the new name");
			free(id);
			return true;
		}
		if (cur && strcmp(cur, text) == 0) {
			app_info(in->app, "the name is unchanged");
			free(id);
			return false;
		}
		en = http_escape(text);
		t->path = xasprintf("/containers/%s/rename?name=%s", id, en);
		free(en);
		free(t->action);
		t->action = xasprintf("rename to %s", text);
		t->verb = "renamed";
		cause = t->label;
		t->label = xasprintf("%s to %s", cause, text);
		free(cause);
		cause = NULL;
	} else {
		if (!pull_parse_ref(text, &name, &tag, &cause) ||
		    strchr(tag, ':') != NULL) {
			app_error(in->app, "tag: %s",
			    cause ? cause : "give repo:tag, not a digest");
			free(cause);
			free(name);
			free(tag);
			free(id);
			return true;
		}
		en = http_escape(name);
		et = http_escape(tag);
		t->path =
		    xasprintf("/images/%s/tag?repo=%s&tag=%s", id, en, et);
		free(t->action);
		t->action = xasprintf("tag as %s:%s", name, tag);
		t->verb = "tagged";
		cause = t->label;
		t->label = xasprintf("%s as %s:%s", cause, name, tag);
		free(cause);
		free(en);
		free(et);
		free(name);
		free(tag);
	}
	free(id);
	t->method = "POST";
	in->job = NULL;
	lc_submit(job);
	return false;
}

static bool
lc_input_key(void *arg, int key)
{
	struct lc_input *in = arg;

	switch (prompt_key(&in->prompt, key)) {
	case PROMPT_DONE:
		return lc_input_submit(in);
	case PROMPT_CANCELLED:
		lc_log_cancelled(in->job);
		return false;
	case PROMPT_EDITING:
	default:
		return true;
	}
}

static void
lc_input_draw(void *arg, WINDOW *win, int h, int w)
{
	struct lc_input *in = arg;

	pull_draw_input(
	    win, h, w, in->title, in->lines, &in->prompt, in->label, in->hint);
}

static const struct app_overlay_ops lc_input_ops = {
    .key = lc_input_key,
    .draw = lc_input_draw,
    .free = lc_input_free,
};

static void
lc_input(struct lc_job *job)
{
	struct lc_input *in = xcalloc(1, sizeof *in);
	const struct lc_target *t = &job->t[0];
	const char *cur;

	in->app = job->app;
	in->job = job;
	prompt_init(&in->prompt);
	if (job->act == ACTION_RENAME) {
		cur = audit_name(job->app, "containers", t->id);
		in->title = xstrdup("Rename");
		in->lines[0] = xasprintf("Container %s", t->label);
		in->label = "new name: ";
		in->hint = "Enter renames, Esc cancels";
	} else {
		cur = audit_name(job->app, "images", t->id);
		in->title = xstrdup("Tag");
		in->lines[0] = xasprintf("Image %s", t->label);
		in->label = "repo:tag: ";
		in->hint = "Enter tags, Esc cancels";
	}
	in->lines[1] = xasprintf("on the engine %s", lc_engine(job->app));
	prompt_set(&in->prompt, cur ? cur : "");
	app_push_overlay(job->app, &lc_input_ops, in);
}

/* OSC 52 carries the text base64-encoded. Owned. */
static char *
lc_base64(const char *s)
{
	static const char tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t n = strlen(s), o = 0;
	char *out = xmalloc((n + 2) / 3 * 4 + 1);

	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned char)s[i] << 16;

		if (i + 1 < n)
			v |= (unsigned char)s[i + 1] << 8;
		if (i + 2 < n)
			v |= (unsigned char)s[i + 2];
		out[o++] = tab[(v >> 18) & 63];
		out[o++] = tab[(v >> 12) & 63];
		out[o++] = i + 1 < n ? tab[(v >> 6) & 63] : '=';
		out[o++] = i + 2 < n ? tab[v & 63] : '=';
	}
	out[o] = '\0';
	return out;
}

/*
 * Copies the selected id to the terminal's clipboard with OSC 52: the one
 * escape sequence berth writes on purpose. The id is the engine's, but
 * base64 leaves nothing in it that a terminal could act on.
 */
static void
lc_copy_id(struct app *a, struct pane *p)
{
	const char *id = pane_selected_id(p);
	enum lc_kind k;
	char sid[16], *b64, *seq;
	size_t len, off = 0;

	if (id == NULL) {
		app_info(a, "nothing selected");
		return;
	}
	if (!lc_kind_of(p, &k) && strcmp(p->ops->name, "layers") != 0) {
		app_info(a, "the %s pane has no ids to copy", p->ops->name);
		return;
	}
	fmt_short_id(sid, sizeof sid, id);
	if (!term_active()) {
		app_info(a, "id %s (no terminal to copy it to)", sid);
		return;
	}
	b64 = lc_base64(id);
	seq = xasprintf("\033]52;c;%s\a", b64);
	len = strlen(seq);
	fflush(stdout);
	while (off < len) {
		ssize_t w = write(STDOUT_FILENO, seq + off, len - off);

		if (w <= 0)
			break;
		off += (size_t)w;
	}
	free(seq);
	free(b64);
	if (off < len)
		app_error(a, "copy: cannot write to the terminal");
	else
		app_ok(a, "copied %s", id);
}

/* The first repo:tag of the selected image, to offer in a prompt. */
static const char *
lc_selected_tag(struct app *a, struct pane *p)
{
	const char *id = pane_selected_id(p);

	if (id == NULL || strcmp(p->ops->name, "images") != 0)
		return NULL;
	return audit_name(a, "images", id);
}

static bool
lc_handles(enum lc_kind k, enum action act)
{
	switch (k) {
	case LC_CONTAINERS:
		return act == ACTION_START || act == ACTION_STOP ||
		       act == ACTION_RESTART || act == ACTION_PAUSE ||
		       act == ACTION_KILL || act == ACTION_REMOVE ||
		       act == ACTION_RENAME;
	case LC_IMAGES:
		return act == ACTION_REMOVE || act == ACTION_TAG ||
		       act == ACTION_PUSH;
	case LC_VOLUMES:
	case LC_NETWORKS:
	default:
		return act == ACTION_REMOVE;
	}
}

bool
lifecycle_run(struct app *a, struct pane *p, enum action act)
{
	enum lc_kind k;
	char **ids;
	struct lc_job *job;

	if (act == ACTION_COPY_ID) {
		lc_copy_id(a, p);
		return true;
	}
	if (act == ACTION_PULL) {
		pull_open(a, lc_selected_tag(a, p));
		return true;
	}
	if (!lc_kind_of(p, &k) || !lc_handles(k, act))
		return false;
	if (act == ACTION_PUSH) {
		const char *tag = lc_selected_tag(a, p);

		if (pane_selected_id(p) == NULL)
			app_info(a, "nothing selected");
		else if (tag == NULL)
			app_error(a, "push: the image has no tag; tag it "
				     "first (T)");
		else
			push_open(a, tag);
		return true;
	}
	ids = pane_targets(p);
	if (ids[0] == NULL) {
		app_info(a, "nothing selected");
		strv_free(ids);
		return true;
	}
	if ((act == ACTION_RENAME || act == ACTION_TAG) && ids[1] != NULL) {
		app_error(a,
		    "%s works on one %s at a time (Esc clears the "
		    "marks)",
		    action_name(act), lc_kind_noun(k, 1));
		strv_free(ids);
		return true;
	}
	job = lc_job_new(a, p, k, act, ids);
	strv_free(ids);
	if (act == ACTION_RENAME || act == ACTION_TAG) {
		lc_input(job);
		return true;
	}
	if (act == ACTION_REMOVE && k == LC_IMAGES && job->n == 1) {
		const struct docker_image *im =
		    store_image(app_store(a), job->t[0].id);

		/* An image with several tags: untagging is the usual wish. */
		if (im && strv_len(im->repo_tags) > 1)
			job->tags = strv_dup(im->repo_tags);
	}
	lc_ask(job);
	return true;
}
