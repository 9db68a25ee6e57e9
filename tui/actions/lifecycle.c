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

#include "api/calls.h"
#include "api/docker.h"
#include "api/xalloc.h"
#include "tui/actions/pull.h"
#include "tui/core/audit.h"
#include "tui/core/console.h"
#include "tui/core/fmt.h"
#include "tui/core/jobs.h"
#include "tui/core/store.h"
#include "tui/core/term.h"
#include "widgets/dialog.h"

#define LC_NONE SIZE_MAX

/* A kill's signal as the engine takes it: "KILL" for "SIGKILL". */
#define LC_SIG_PREFIX "SIG"

struct lc_job;

/* The engine call a target makes. */
enum lc_call {
	LC_CALL_ACT, /* a container verb: start, stop, kill... */
	LC_CALL_REMOVE, /* remove the object (an image: maybe one tag) */
	LC_CALL_RENAME,
	LC_CALL_TAG,
};

/* One object of a job and its request. */
struct lc_target {
	struct lc_job *job;
	char *id;
	char *label; /* "name (0123456789ab)", for the screen */
	char *object; /* "name (full id)", for the audit log */
	char *action; /* for the log: "stop", "unpause", "kill SIGHUP" */
	const char *verb; /* "stopped" */
	enum lc_call call;
	enum docker_verb dverb; /* LC_CALL_ACT */
	const char *signal; /* LC_CALL_ACT of a kill: "HUP" */
	bool force, volumes; /* LC_CALL_REMOVE */
	/* Remove: the tag to untag, or NULL; rename: the new name; tag: repo. */
	char *name;
	char *tag; /* LC_CALL_TAG: the new tag */
	bool done;
	bool ok;
	char *error;
};

/* An action on the targets of a pane, from the question to the report. */
struct lc_job {
	struct console *app;
	struct engine *engine; /* the pane's: every target is on it */
	struct pane *pane;
	enum kind kind;
	enum action act;
	struct lc_target *t;
	size_t n;
	size_t pending;
	/* The question's extras: checkbox indexes, a choice of tags. */
	size_t check_force;
	size_t check_volumes;
	char **tags; /* image remove: the one image's tags */
};

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
lc_kind_noun(enum kind k, size_t n)
{
	return n == 1 ? kind_get(k)->noun : kind_get(k)->plural;
}

/* Whether a container in the store (any state) was made from the image. */
static bool
lc_image_used(const struct engine *e, const char *image_id)
{
	const struct store *s = &e->store;

	if (store_containers(s) == NULL)
		return true; /* unknown: let the engine decide */
	for (size_t i = 0; i < store_containers(s)->n; i++)
		if (store_containers(s)->v[i].image_id &&
		    strcmp(store_containers(s)->v[i].image_id, image_id) == 0)
			return true;
	return false;
}

static void
lc_job_free(struct lc_job *job)
{
	if (job == NULL)
		return;
	jobs_remove(job);
	for (size_t i = 0; i < job->n; i++) {
		free(job->t[i].id);
		free(job->t[i].label);
		free(job->t[i].object);
		free(job->t[i].action);
		free(job->t[i].name);
		free(job->t[i].tag);
		free(job->t[i].error);
	}
	free(job->t);
	strv_free(job->tags);
	free(job);
}

/* A job as a void *: for the question, the line prompt and jobs_add(). */
static void
lc_job_drop(void *arg)
{
	lc_job_free(arg);
}

static struct lc_job *
lc_job_new(struct console *a, struct pane *p, enum action act, char *const *ids)
{
	struct lc_job *job = xcalloc(1, sizeof *job);

	job->app = a;
	job->engine = pane_target_engine(p);
	job->pane = p;
	job->kind = p->ops->kind;
	job->act = act;
	job->check_force = job->check_volumes = LC_NONE;
	job->n = strv_len(ids);
	job->t = xcalloc(job->n, sizeof *job->t);
	for (size_t i = 0; i < job->n; i++) {
		struct lc_target *t = &job->t[i];

		t->job = job;
		t->id = xstrdup(ids[i]);
		t->label = audit_label(job->engine, job->kind, ids[i]);
		t->object = audit_object(job->engine, job->kind, ids[i]);
		t->action = xstrdup(action_name(act));
	}
	return job;
}

/* A question answered no: one "cancelled" line per target in the log. */
static void
lc_log_cancelled(struct lc_job *job)
{
	for (size_t i = 0; i < job->n; i++)
		audit_log(job->app, job->engine, job->t[i].action,
		    job->t[i].object, "cancelled");
	console_info(job->app, "%s cancelled", action_name(job->act));
}

/* Whether the store says the container is paused (then p unpauses it). */
static bool
lc_paused(const struct engine *e, const char *id)
{
	const struct docker_container *c = store_container(&e->store, id);

	return c && c->state && strcmp(c->state, "paused") == 0;
}

/* The summary for the status bar once every request has answered. */
static void
lc_report(struct lc_job *job)
{
	struct console *a = job->app;
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
			console_ok(a, "%s %s", verb, job->t[0].label);
		else
			console_ok(a, "%s %zu of %zu", verb, ok, job->n);
		return;
	}
	if (job->n == 1) {
		/* Rename and tag say the new name in the label already. */
		console_error(a, "%s %s: %s",
		    job->act == ACTION_RENAME || job->act == ACTION_TAG
			? action_name(job->act)
			: fail->action,
		    fail->label, fail->error);
		return;
	}
	if (failed > 1)
		console_error(a, "%s %zu of %zu; %s: %s (and %zu more failed)",
		    verb, ok, job->n, fail->label, fail->error, failed - 1);
	else
		console_error(a, "%s %zu of %zu; %s: %s", verb, ok, job->n,
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
	store_refresh(
	    &job->engine->store, (enum store_kind)kind_get(job->kind)->slot);
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
	audit_log(job->app, job->engine, t->action, t->object, result);
	free(result);
	console_dirty(job->app);
	lc_settle(job);
}

/* Starts the target's call, as lc_prepare or the input described it. */
static void
lc_start(struct lc_target *t)
{
	struct docker *d = t->job->engine->d;

	switch (t->call) {
	case LC_CALL_ACT:
		docker_container_act(
		    d, t->id, t->dverb, t->signal, lc_on_done, t);
		return;
	case LC_CALL_RENAME:
		docker_container_rename(d, t->id, t->name, lc_on_done, t);
		return;
	case LC_CALL_TAG:
		docker_image_tag(d, t->id, t->name, t->tag, lc_on_done, t);
		return;
	case LC_CALL_REMOVE:
	default:
		break;
	}
	switch (t->job->kind) {
	case KIND_CONTAINER:
		docker_container_remove(
		    d, t->id, t->force, t->volumes, lc_on_done, t);
		break;
	case KIND_VOLUME:
		docker_volume_remove(d, t->id, t->force, lc_on_done, t);
		break;
	case KIND_NETWORK:
		docker_network_remove(d, t->id, lc_on_done, t);
		break;
	case KIND_IMAGE:
	default:
		/* Untag: remove by name, the image stays. */
		docker_image_remove(
		    d, t->name ? t->name : t->id, t->force, lc_on_done, t);
		break;
	}
}

/*
 * Sends every target's request; the job owns itself from here and is
 * freed by the last answer. The read-only check is repeated here, where
 * the requests leave, whatever path led to it.
 */
static void
lc_submit(struct lc_job *job)
{
	struct console *a = job->app;

	if (console_read_only(a, job->engine)) {
		for (size_t i = 0; i < job->n; i++)
			audit_log(a, job->engine, job->t[i].action,
			    job->t[i].object, "refused: read-only");
		console_error(
		    a, "read-only mode: %s refused", action_name(job->act));
		lc_job_free(job);
		return;
	}
	if (job->pane && pane_mark_count(job->pane) > 0)
		pane_clear_marks(job->pane);
	console_info(a, "%s: %zu %s…", action_name(job->act), job->n,
	    lc_kind_noun(job->kind, job->n));
	jobs_add(job, lc_job_drop);
	/* One extra count, so that an early answer cannot end the job. */
	job->pending = job->n + 1;
	for (size_t i = 0; i < job->n; i++)
		lc_start(&job->t[i]);
	lc_settle(job);
}

/* A remove: its options, and for an image with tags, untag or not. */
static void
lc_prepare_remove(struct lc_job *job, struct lc_target *t,
    const struct dialog *dlg, bool force, bool vols)
{
	char *opts;

	t->call = LC_CALL_REMOVE;
	t->verb = "removed";
	t->force = force;
	t->volumes = vols;
	opts =
	    xasprintf("%s%s", force ? ", force" : "", vols ? ", volumes" : "");
	if (*opts) {
		free(t->action);
		t->action = xasprintf("remove (%s)", opts + 2);
	}
	free(opts);
	if (job->kind != KIND_IMAGE)
		return;
	if (job->tags && dialog_choice(dlg) < strv_len(job->tags)) {
		const char *tag = job->tags[dialog_choice(dlg)];

		t->name = xstrdup(tag);
		t->verb = "untagged";
		free(t->action);
		t->action = xstrdup(force ? "untag (force)" : "untag");
		free(t->label);
		t->label = xstrdup(tag);
		free(t->object);
		t->object = xasprintf("%s (%s)", tag, t->id);
		return;
	}
	/*
	 * "With all its tags": the engine refuses an image named in several
	 * repositories unless forced. Forcing is only what was asked for
	 * when no container uses the image; when one does, the engine's
	 * refusal says so.
	 */
	t->force = force || (job->tags && !lc_image_used(job->engine, t->id));
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
		const char *sig;
		bool paused;

		t->call = LC_CALL_ACT;
		switch (job->act) {
		case ACTION_START:
			t->dverb = DOCKER_VERB_START;
			t->verb = "started";
			break;
		case ACTION_STOP:
			t->dverb = DOCKER_VERB_STOP;
			t->verb = "stopped";
			break;
		case ACTION_RESTART:
			t->dverb = DOCKER_VERB_RESTART;
			t->verb = "restarted";
			break;
		case ACTION_PAUSE:
			paused = lc_paused(job->engine, t->id);
			t->dverb =
			    paused ? DOCKER_VERB_UNPAUSE : DOCKER_VERB_PAUSE;
			t->verb = paused ? "unpaused" : "paused";
			free(t->action);
			t->action = xstrdup(paused ? "unpause" : "pause");
			break;
		case ACTION_KILL:
			sig = lc_signals[dialog_choice(dlg)];
			t->dverb = DOCKER_VERB_KILL;
			t->signal = sig + strlen(LC_SIG_PREFIX);
			t->verb = "killed";
			free(t->action);
			t->action = xasprintf("kill %s", sig);
			break;
		case ACTION_REMOVE:
		default:
			lc_prepare_remove(job, t, dlg, force, vols);
			break;
		}
	}
}

/* The answer to the question, which held the job until now. */
static void
lc_answer(struct console *a, const struct dialog *dlg, bool yes, void *arg)
{
	struct lc_job *job = arg;

	if (!yes) {
		lc_log_cancelled(job);
		lc_job_free(job);
		return;
	}
	lc_prepare(job, dlg);
	lc_submit(job);
}

/* "Stop 2 containers on the engine X:" then one line per object. */
static char **
lc_lines(struct lc_job *job, const char *head)
{
	char **v = xcalloc(job->n + 2, sizeof *v);

	v[0] = xasprintf("%s %zu %s on the engine %s:", head, job->n,
	    lc_kind_noun(job->kind, job->n), jobs_engine(job->engine));
	for (size_t i = 0; i < job->n; i++) {
		if (job->act == ACTION_PAUSE && strcmp(head, "Pause") != 0 &&
		    strcmp(head, "Unpause") != 0)
			v[i + 1] = xasprintf("  %-7s %s",
			    lc_paused(job->engine, job->t[i].id) ? "unpause"
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
	struct dialog *dlg;
	const char *head;
	char **lines, **opts, title[64];

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
			if (lc_paused(job->engine, job->t[i].id))
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
		dlg = dialog_choice_new(title, lines, opts, 0);
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
		    title, jobs_engine(job->engine), nt);
		lines[1] = xstrdup("Untag one (the image stays) or remove the "
				   "image:");
		dlg = dialog_choice_new("Remove or untag?", lines, opts, 0);
		strv_free(opts);
	} else
		dlg = dialog_confirm_new(title, lines);
	strv_free(lines);
	if (job->act == ACTION_REMOVE) {
		if (job->kind == KIND_CONTAINER) {
			job->check_force = dialog_add_check(
			    dlg, "force: kill it first if it runs", false);
			job->check_volumes = dialog_add_check(
			    dlg, "remove its anonymous volumes", false);
		} else if (job->kind == KIND_IMAGE)
			job->check_force = dialog_add_check(dlg,
			    "force: even if containers or tags use it", false);
		else if (job->kind == KIND_VOLUME)
			job->check_force =
			    dialog_add_check(dlg, "force", false);
	}
	console_ask(job->app, dlg, lc_answer, lc_job_drop, job);
}

/* The target's label with what the input adds ("web to web2"). */
static void
lc_relabel(struct lc_target *t, const char *how, const char *what)
{
	char *old = t->label;

	t->label = xasprintf("%s %s %s", old, how, what);
	free(old);
}

/* Enter on a rename. */
static enum console_line
lc_input_rename(struct lc_job *job, const char *text)
{
	struct lc_target *t = &job->t[0];
	const char *cur = store_name_of(&job->engine->store, job->kind, t->id);

	if (*text == '\0') {
		console_error(job->app, "rename: give the new name");
		return CONSOLE_LINE_KEEP;
	}
	if (cur && strcmp(cur, text) == 0) {
		console_info(job->app, "the name is unchanged");
		return CONSOLE_LINE_CLOSE;
	}
	t->call = LC_CALL_RENAME;
	t->name = xstrdup(text);
	free(t->action);
	t->action = xasprintf("rename to %s", text);
	t->verb = "renamed";
	lc_relabel(t, "to", text);
	lc_submit(job);
	return CONSOLE_LINE_TAKEN;
}

/* Enter on a tag. */
static enum console_line
lc_input_tag(struct lc_job *job, const char *text)
{
	struct lc_target *t = &job->t[0];
	char *name = NULL, *tag = NULL, *cause = NULL, *ref;

	if (!pull_parse_ref(text, &name, &tag, &cause) ||
	    strchr(tag, ':') != NULL) {
		console_error(job->app, "tag: %s",
		    cause ? cause : "give repo:tag, not a digest");
		free(cause);
		free(name);
		free(tag);
		return CONSOLE_LINE_KEEP;
	}
	t->call = LC_CALL_TAG;
	t->name = name;
	t->tag = tag;
	ref = xasprintf("%s:%s", name, tag);
	free(t->action);
	t->action = xasprintf("tag as %s", ref);
	t->verb = "tagged";
	lc_relabel(t, "as", ref);
	free(ref);
	lc_submit(job);
	return CONSOLE_LINE_TAKEN;
}

static enum console_line
lc_input_done(void *arg, const char *text)
{
	struct lc_job *job = arg;

	return job->act == ACTION_RENAME ? lc_input_rename(job, text)
					 : lc_input_tag(job, text);
}

static void
lc_input_cancel(void *arg)
{
	lc_log_cancelled(arg);
}

/* Rename and tag: one line of input, which is the question. */
static void
lc_input(struct lc_job *job)
{
	const struct lc_target *t = &job->t[0];
	const char *cur = store_name_of(&job->engine->store, job->kind, t->id);
	bool rename = job->act == ACTION_RENAME;
	char *what =
	    xasprintf("%s %s", rename ? "Container" : "Image", t->label);
	char *where = xasprintf("on the engine %s", jobs_engine(job->engine));
	struct console_line_ask q = {
	    .title = rename ? "Rename" : "Tag",
	    .lines = {what, where},
	    .label = rename ? "new name: " : "repo:tag: ",
	    .value = cur,
	    .hint = rename ? "Enter renames, Esc cancels"
			   : "Enter tags, Esc cancels",
	    .done = lc_input_done,
	    .cancel = lc_input_cancel,
	    .drop = lc_job_drop,
	};

	console_ask_line(job->app, &q, job);
	free(what);
	free(where);
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
 * Whether the pane's selected id is worth copying: an object's (the kinds
 * that allow it), or a row of a pane about objects without being a list
 * of its own (the layers of an image).
 */
static bool
lc_has_ids(const struct pane *p)
{
	return kind_allows(p->ops->kind, ACTION_COPY_ID) ||
	       (p->ops->flags & PANE_ENGINE_IDS);
}

/*
 * Copies the selected id to the terminal's clipboard with OSC 52: the one
 * escape sequence berth writes on purpose. The id is the engine's, but
 * base64 leaves nothing in it that a terminal could act on.
 */
static void
lc_copy_id(struct console *a, struct pane *p)
{
	const char *id = pane_selected_id(p);
	char sid[16], *b64, *seq;
	size_t len, off = 0;

	if (id == NULL) {
		console_info(a, "nothing selected");
		return;
	}
	if (!lc_has_ids(p)) {
		console_info(a, "the %s pane has no ids to copy", p->ops->name);
		return;
	}
	fmt_short_id(sid, sizeof sid, id);
	if (!term_active()) {
		console_info(a, "id %s (no terminal to copy it to)", sid);
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
		console_error(a, "copy: cannot write to the terminal");
	else
		console_ok(a, "copied %s", id);
}

/* The first repo:tag of the selected image, to offer in a prompt. */
static const char *
lc_selected_tag(struct pane *p)
{
	const char *id = pane_selected_id(p);

	if (id == NULL || p->ops->kind != KIND_IMAGE)
		return NULL;
	return store_name_of(&pane_selected_engine(p)->store, KIND_IMAGE, id);
}

/*
 * The actions this file carries out; which kinds take each is the
 * registry's (kind_allows()).
 */
static bool
lc_handles(enum kind k, enum action act)
{
	switch (act) {
	case ACTION_START:
	case ACTION_STOP:
	case ACTION_RESTART:
	case ACTION_PAUSE:
	case ACTION_KILL:
	case ACTION_REMOVE:
	case ACTION_RENAME:
	case ACTION_TAG:
	case ACTION_PUSH:
		return kind_allows(k, act);
	default:
		return false;
	}
}

/* Push: the prompt for the selected image's first tag. */
static void
lc_push(struct console *a, struct pane *p)
{
	const char *tag = lc_selected_tag(p);

	if (pane_selected_id(p) == NULL)
		console_info(a, "nothing selected");
	else if (tag == NULL)
		console_error(
		    a, "push: the image has no tag; tag it first (T)");
	else
		push_open(a, pane_selected_engine(p), tag);
}

bool
lifecycle_run(struct console *a, struct pane *p, enum action act)
{
	enum kind k = p->ops->kind;
	char **ids;
	struct lc_job *job;

	if (act == ACTION_COPY_ID) {
		lc_copy_id(a, p);
		return true;
	}
	if (act == ACTION_PULL) {
		pull_open(a, pane_selected_engine(p), lc_selected_tag(p));
		return true;
	}
	if (!lc_handles(k, act))
		return false;
	if (act == ACTION_PUSH) {
		lc_push(a, p);
		return true;
	}
	ids = pane_targets(p);
	if (ids[0] == NULL) {
		console_info(a, "nothing selected");
		strv_free(ids);
		return true;
	}
	if ((act == ACTION_RENAME || act == ACTION_TAG) && ids[1] != NULL) {
		console_error(a,
		    "%s works on one %s at a time (Esc clears the "
		    "marks)",
		    action_name(act), lc_kind_noun(k, 1));
		strv_free(ids);
		return true;
	}
	if (pane_target_engine(p) == NULL) {
		console_error(a,
		    "the marked rows are on several engines: %s acts on one "
		    "engine at a time (Esc clears the marks)",
		    action_name(act));
		strv_free(ids);
		return true;
	}
	job = lc_job_new(a, p, act, ids);
	strv_free(ids);
	if (act == ACTION_RENAME || act == ACTION_TAG) {
		lc_input(job);
		return true;
	}
	if (act == ACTION_REMOVE && k == KIND_IMAGE && job->n == 1) {
		const struct docker_image *im =
		    store_image(&job->engine->store, job->t[0].id);

		/* An image with several tags: untagging is the usual wish. */
		if (im && strv_len(im->repo_tags) > 1)
			job->tags = strv_dup(im->repo_tags);
	}
	lc_ask(job);
	return true;
}
