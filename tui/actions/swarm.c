/*
 * Actions on swarm objects. A node or service change reads the object
 * (its inspect document: the spec and its version), edits the spec and
 * sends it back with that version, so a change made meanwhile by someone
 * else is refused by the engine rather than overwritten. Removals are
 * plain DELETEs; a stack's services go first, then its networks,
 * secrets and configs.
 */

#include "tui/actions/swarm.h"

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/calls.h"
#include "api/decode_swarm.h"
#include "api/docker.h"
#include "api/endpoint.h"
#include "api/stack.h"
#include "api/xalloc.h"
#include "tui/actions/imagework.h"
#include "tui/core/audit.h"
#include "tui/core/console.h"
#include "tui/core/fmt.h"
#include "tui/core/jobs.h"
#include "tui/core/store.h"
#include "widgets/dialog.h"
#include "widgets/form.h"

/* The engine refuses larger secrets and configs. */
#define SW_DATA_MAX (500 * 1024)

struct sw_job;

struct sw_target {
	struct sw_job *job;
	enum kind kind; /* node, service, secret, config, network */
	char *id;
	char *label; /* "web (0123456789ab)", for the screen */
	char *object; /* "web (the full id)", for the audit log */
	bool later; /* a stack's network, secret or config */
	bool ok;
	char *error;
};

struct sw_job {
	struct console *app;
	struct engine *engine;
	struct pane *pane;
	enum action act;
	enum kind kind; /* the pane's */
	char *what; /* "drain", "scale to 3": the audit log's action */
	char *done; /* "drained": the status bar's */
	struct sw_target *t;
	size_t n, pending;
	bool later_started;
	/* The edit of a node or a service. */
	struct swarm_node_edit node;
	struct swarm_service_edit svc;
	bool rollback;
	char *arg1, *arg2; /* owned strings the edits point to */
	/* A create: the body (holds secret data: wiped when freed). */
	char *body;
};

static void
sw_job_free(struct sw_job *job)
{
	if (job == NULL)
		return;
	jobs_remove(job);
	for (size_t i = 0; i < job->n; i++) {
		free(job->t[i].id);
		free(job->t[i].label);
		free(job->t[i].object);
		free(job->t[i].error);
	}
	free(job->t);
	free(job->what);
	free(job->done);
	free(job->arg1);
	free(job->arg2);
	if (job->body) {
		memset(job->body, 0, strlen(job->body));
		free(job->body);
	}
	free(job);
}

/* A job as a void *: for the questions and jobs_add(). */
static void
sw_job_drop(void *arg)
{
	sw_job_free(arg);
}

static struct sw_target *
sw_add(struct sw_job *job, enum kind k, const char *id, const char *name)
{
	struct sw_target *t;
	char sid[16];

	job->t = xreallocarray(job->t, job->n + 1, sizeof *job->t);
	t = &job->t[job->n++];
	memset(t, 0, sizeof *t);
	t->job = job;
	t->kind = k;
	t->id = xstrdup(id);
	fmt_short_id(sid, sizeof sid, id);
	if (name && strcmp(name, id) != 0) {
		t->label = xasprintf("%s (%s)", name, sid);
		t->object = xasprintf("%s (%s)", name, id);
	} else {
		t->label = xstrdup(name ? name : sid);
		t->object = xstrdup(id);
	}
	return t;
}

static void
sw_log(const struct sw_target *t, const char *result)
{
	const char *noun = kind_get(t->kind)->noun;
	char *act = t->job->kind == KIND_STACK
			? xasprintf("%s %s (stack)", t->job->what, noun)
			: xstrdup(t->job->what);

	audit_log(t->job->app, t->job->engine, act, t->object, result);
	free(act);
}

static void
sw_log_all(struct sw_job *job, const char *result)
{
	for (size_t i = 0; i < job->n; i++)
		sw_log(&job->t[i], result);
}

static void
sw_report(struct sw_job *job)
{
	const struct sw_target *fail = NULL;
	size_t ok = 0;

	for (size_t i = 0; i < job->n; i++) {
		if (job->t[i].ok)
			ok++;
		else if (fail == NULL)
			fail = &job->t[i];
	}
	if (fail == NULL && job->n == 1)
		console_ok(job->app, "%s %s", job->done, job->t[0].label);
	else if (fail == NULL)
		console_ok(job->app, "%s %zu of %zu", job->done, ok, job->n);
	else
		console_error(job->app, "%s: %zu of %zu done; %s: %s",
		    job->what, ok, job->n, fail->label,
		    fail->error ? fail->error : "failed");
}

static void sw_start_group(struct sw_job *, bool later);

static void
sw_settle(struct sw_job *job)
{
	if (--job->pending > 0)
		return;
	if (!job->later_started) {
		job->later_started = true;
		job->pending = 1;
		sw_start_group(job, true);
		sw_settle(job);
		return;
	}
	sw_report(job);
	/* Events refresh the rows too; this covers a stream that is down. */
	engine_refresh(
	    job->engine, SLOT_BIT(KIND_NODE) | SLOT_BIT(KIND_SERVICE) |
			     SLOT_BIT(KIND_TASK) | SLOT_BIT(KIND_SECRET) |
			     SLOT_BIT(KIND_CONFIG) | SLOT_BIT(STORE_NETWORKS));
	console_dirty(job->app);
	sw_job_free(job);
}

static void
sw_finish(struct sw_target *t, const char *error)
{
	char *result;

	t->ok = error == NULL;
	if (error) {
		t->error = xstrdup(error);
		result = xasprintf("error: %s", error);
	} else
		result = xstrdup("ok");
	sw_log(t, result);
	free(result);
	console_dirty(t->job->app);
	sw_settle(t->job);
}

static void
sw_on_done(const struct docker_reply *r, void *arg)
{
	struct sw_target *t = arg;

	sw_finish(
	    t, r->status == DOCKER_OK
		   ? NULL
		   : (r->message ? r->message : docker_status_str(r->status)));
}

/*
 * "sha256:" and 64 hex digits: an image id, which no node looks up in a
 * registry (a name, even one the engine has, is pulled first).
 */
static bool
sw_image_is_id(const char *image)
{
	if (strncmp(image, "sha256:", 7) != 0 || strlen(image) != 7 + 64)
		return false;
	for (const char *c = image + 7; *c; c++)
		if (!((*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'f')))
			return false;
	return true;
}

/* The object's inspect answered: edit its spec and send it back. */
static void
sw_on_inspect(const struct docker_reply *r, void *arg)
{
	struct sw_target *t = arg;
	struct sw_job *job = t->job;
	struct docker *d = job->engine->d;
	char *spec, *cause = NULL;
	int64_t version = 0;

	if (r->status != DOCKER_OK) {
		sw_on_done(r, arg);
		return;
	}
	if (t->kind == KIND_NODE)
		spec = swarm_node_spec(
		    r->body, r->len, &job->node, &version, &cause);
	else
		spec = swarm_service_spec(
		    r->body, r->len, &job->svc, &version, &cause);
	if (spec == NULL) {
		sw_finish(t, cause ? cause : "the engine's answer is not JSON");
		free(cause);
		return;
	}
	if (t->kind == KIND_NODE)
		docker_node_update(d, t->id, version, spec, sw_on_done, t);
	else {
		/* A new image: the registry's credentials go with it, as
		 * the docker CLI sends them (--with-registry-auth); an id
		 * needs none. */
		char *auth = NULL, *warning = NULL;

		if (job->svc.image && !sw_image_is_id(job->svc.image)) {
			auth = imagework_auth_for(job->svc.image, &warning);
			if (warning)
				console_error(job->app,
				    "updating to %s without credentials: %s",
				    job->svc.image, warning);
			free(warning);
		}
		docker_service_update(d, t->id, version, spec, job->rollback,
		    auth, sw_on_done, t);
		if (auth)
			memset(auth, 0, strlen(auth));
		free(auth);
	}
	free(spec);
}

static void
sw_start(struct sw_target *t)
{
	struct sw_job *job = t->job;
	struct docker *d = job->engine->d;

	if (job->act == ACTION_CREATE) {
		if (job->kind == KIND_SECRET)
			docker_secret_create(d, job->body, sw_on_done, t);
		else
			docker_config_create(d, job->body, sw_on_done, t);
		return;
	}
	if (job->act != ACTION_REMOVE) {
		if (t->kind == KIND_NODE)
			docker_node_inspect(d, t->id, sw_on_inspect, t);
		else
			docker_service_inspect(d, t->id, sw_on_inspect, t);
		return;
	}
	switch (t->kind) {
	case KIND_NODE:
		docker_node_remove(d, t->id, false, sw_on_done, t);
		break;
	case KIND_SERVICE:
		docker_service_remove(d, t->id, sw_on_done, t);
		break;
	case KIND_SECRET:
		docker_secret_remove(d, t->id, sw_on_done, t);
		break;
	case KIND_CONFIG:
		docker_config_remove(d, t->id, sw_on_done, t);
		break;
	default:
		docker_network_remove(d, t->id, sw_on_done, t);
		break;
	}
}

static void
sw_start_group(struct sw_job *job, bool later)
{
	for (size_t i = 0; i < job->n; i++)
		if (job->t[i].later == later) {
			job->pending++;
			sw_start(&job->t[i]);
		}
}

/* Sends the requests; read-only is checked again where they leave. */
static void
sw_submit(struct sw_job *job)
{
	struct console *a = job->app;

	if (console_read_only(a, job->engine)) {
		sw_log_all(job, "refused: read-only");
		console_error(
		    a, "read-only mode: %s refused", action_name(job->act));
		sw_job_free(job);
		return;
	}
	jobs_add(job, sw_job_drop);
	if (job->pane && pane_mark_count(job->pane) > 0)
		pane_clear_marks(job->pane);
	console_info(
	    a, "%s: %zu object%s…", job->what, job->n, job->n == 1 ? "" : "s");
	job->pending = 1;
	sw_start_group(job, false);
	sw_settle(job);
}

/* A question answered no: one "cancelled" line per target in the log. */
static void
sw_cancelled(struct sw_job *job)
{
	sw_log_all(job, "cancelled");
	console_info(job->app, "%s cancelled", job->what);
}

/* The answer to the question, which held the job until now. */
static void
sw_answer(struct console *a, const struct dialog *dlg, bool yes, void *arg)
{
	struct sw_job *job = arg;

	if (yes) {
		sw_submit(job);
		return;
	}
	sw_cancelled(job);
	sw_job_free(job);
}

/* The question: every target, and what goes with a stack. */
static void
sw_ask(struct sw_job *job, const char *title, const char *head)
{
	char **lines = xcalloc(1, sizeof *lines);
	size_t n = 0;

	strv_push(&lines, &n,
	    xasprintf("%s on the engine %s:", head, jobs_engine(job->engine)));
	for (size_t i = 0; i < job->n; i++)
		strv_push(&lines, &n,
		    xasprintf("  %-8s %s", kind_get(job->t[i].kind)->noun,
			job->t[i].label));
	console_ask(job->app, dialog_confirm_new(title, lines), sw_answer,
	    sw_job_drop, job);
	strv_free(lines);
}

static struct sw_job *
sw_job_new(struct console *a, struct pane *p, enum action act, const char *what,
    const char *done)
{
	struct sw_job *job = xcalloc(1, sizeof *job);

	job->app = a;
	job->engine = p->engine;
	job->pane = p;
	job->act = act;
	job->kind = p->ops->kind;
	job->what = xstrdup(what);
	job->done = xstrdup(done);
	job->svc.replicas = -1;
	return job;
}

/* The targets of p (marked rows or the selection), as rows of its kind. */
static void
sw_add_targets(struct sw_job *job, bool one)
{
	char **ids = pane_targets(job->pane);
	const struct store *s = &job->engine->store;

	for (size_t i = 0; ids[i] && (!one || i == 0); i++)
		sw_add(job, job->kind, ids[i],
		    store_name_of(s, job->kind, ids[i]));
	strv_free(ids);
}

/* Reads the input into the job; false (with a message) to keep asking. */
static bool
sw_input_take(struct sw_job *job, const char *text)
{
	char *end;
	long long v;

	switch (job->act) {
	case ACTION_SCALE:
		errno = 0;
		v = strtoll(text, &end, 10);
		if (*text == '\0' || *end != '\0' || v < 0 || v > 100000 ||
		    errno) {
			console_error(job->app,
			    "scale: give the number of replicas (0 or more)");
			return false;
		}
		job->svc.replicas = v;
		free(job->what);
		job->what = xasprintf("scale to %lld", v);
		return true;
	case ACTION_UPDATE_IMAGE:
		if (*text == '\0' || strchr(text, ' ')) {
			console_error(job->app, "update: give an image");
			return false;
		}
		job->arg1 = xstrdup(text);
		job->svc.image = job->arg1;
		free(job->what);
		job->what = xasprintf("update image to %s", text);
		return true;
	case ACTION_LABEL:
	default:
		if (*text == '\0' || (text[0] == '-' && text[1] == '\0') ||
		    text[0] == '=') {
			console_error(job->app,
			    "label: give key=value to add, -key to remove");
			return false;
		}
		free(job->what);
		if (text[0] == '-') {
			job->arg1 = xstrdup(text + 1);
			job->what = xasprintf("label remove %s", text + 1);
		} else {
			const char *eq = strchr(text, '=');

			job->arg1 = eq ? xstrndup(text, (size_t)(eq - text))
				       : xstrdup(text);
			job->arg2 = xstrdup(eq ? eq + 1 : "");
			job->what = xasprintf("label add %s", text);
		}
		job->node.label_key = job->arg1;
		job->node.label_value = job->arg2;
		return true;
	}
}

/* Enter in the line prompt. */
static enum console_line
sw_input_done(void *arg, const char *text)
{
	struct sw_job *job = arg;

	if (!sw_input_take(job, text))
		return CONSOLE_LINE_KEEP;
	sw_submit(job);
	return CONSOLE_LINE_TAKEN;
}

static void
sw_input_cancel(void *arg)
{
	sw_cancelled(arg);
}

/* One line of input that is the question (scale, image, label). */
static void
sw_input(struct sw_job *job, const char *title, const char *label,
    const char *value, const char *hint)
{
	char *what =
	    xasprintf("%s %s", kind_get(job->kind)->noun, job->t[0].label);
	char *where = xasprintf("on the engine %s", jobs_engine(job->engine));
	struct console_line_ask q = {
	    .title = title,
	    /* What the engine does with it: no node pulls an id. */
	    .lines = {what, where,
		job->act == ACTION_UPDATE_IMAGE
		    ? "a name is pulled on each node first; an id "
		      "(sha256:...) is not"
		    : NULL},
	    .label = label,
	    .value = value,
	    .hint = hint,
	    .done = sw_input_done,
	    .cancel = sw_input_cancel,
	    .drop = sw_job_drop,
	};

	console_ask_line(job->app, &q, job);
	free(what);
	free(where);
}

static const struct docker_service *
sw_service(const struct store *s, const char *id)
{
	const struct docker_service_list *l = s->slot[KIND_SERVICE];

	for (size_t i = 0; id && l && i < l->n; i++)
		if (strcmp(l->v[i].id, id) == 0)
			return &l->v[i];
	return NULL;
}

static const struct docker_node *
sw_node(const struct store *s, const char *id)
{
	const struct docker_node_list *l = s->slot[KIND_NODE];

	for (size_t i = 0; id && l && i < l->n; i++)
		if (strcmp(l->v[i].id, id) == 0)
			return &l->v[i];
	return NULL;
}

static bool
sw_node_action(struct console *a, struct pane *p, enum action act)
{
	const struct docker_node *nd =
	    sw_node(&p->engine->store, pane_selected_id(p));
	struct sw_job *job;
	const char *what, *done;

	switch (act) {
	case ACTION_DRAIN:
		what = "drain", done = "drained";
		break;
	case ACTION_ACTIVATE:
		what = "activate", done = "activated";
		break;
	case ACTION_PAUSE:
		/* A paused node is made active again. */
		if (nd && strcmp(nd->availability, "pause") == 0)
			what = "activate", done = "activated";
		else
			what = "pause", done = "paused";
		break;
	case ACTION_PROMOTE:
		what = "promote", done = "promoted";
		break;
	case ACTION_DEMOTE:
		what = "demote", done = "demoted";
		break;
	case ACTION_LABEL:
		what = "label", done = "labelled";
		break;
	case ACTION_REMOVE:
		what = "remove", done = "removed";
		break;
	default:
		return false;
	}
	job = sw_job_new(a, p, act, what, done);
	sw_add_targets(job, act == ACTION_LABEL);
	if (job->n == 0) {
		console_info(a, "nothing selected");
		sw_job_free(job);
		return true;
	}
	if (strcmp(what, "activate") == 0)
		job->node.availability = "active";
	else if (act == ACTION_DRAIN || act == ACTION_PAUSE)
		job->node.availability =
		    act == ACTION_DRAIN ? "drain" : "pause";
	else if (act == ACTION_PROMOTE || act == ACTION_DEMOTE)
		job->node.role = act == ACTION_PROMOTE ? "manager" : "worker";
	if (act == ACTION_LABEL)
		sw_input(job, "Node label", "key=value or -key: ", NULL,
		    "Enter sets (or removes) the label, Esc cancels");
	else if (act == ACTION_REMOVE)
		sw_ask(job, "Remove nodes?",
		    "Remove from the swarm (a node must be down first)");
	else {
		char *head = xasprintf("%c%s", what[0] - 'a' + 'A', what + 1);

		sw_ask(
		    job, act == ACTION_DRAIN ? "Drain nodes?" : "Nodes?", head);
		free(head);
	}
	return true;
}

static bool
sw_service_action(struct console *a, struct pane *p, enum action act)
{
	const struct docker_service *sv =
	    sw_service(&p->engine->store, pane_selected_id(p));
	struct sw_job *job;
	char num[24];

	switch (act) {
	case ACTION_SCALE:
		job = sw_job_new(a, p, act, "scale", "scaled");
		break;
	case ACTION_UPDATE_IMAGE:
		job = sw_job_new(a, p, act, "update image", "updating");
		break;
	case ACTION_RESTART:
		job = sw_job_new(a, p, act, "force update", "restarting");
		job->svc.force = true;
		break;
	case ACTION_ROLLBACK:
		job = sw_job_new(a, p, act, "rollback", "rolling back");
		job->rollback = true;
		break;
	case ACTION_REMOVE:
		job = sw_job_new(a, p, act, "remove", "removed");
		break;
	default:
		return false;
	}
	sw_add_targets(job, act == ACTION_SCALE || act == ACTION_UPDATE_IMAGE);
	if (job->n == 0) {
		console_info(a, "nothing selected");
		sw_job_free(job);
		return true;
	}
	switch (act) {
	case ACTION_SCALE:
		if (sv && sv->replicas < 0) {
			console_error(
			    a, "scale: %s is a %s service", sv->name, sv->mode);
			sw_job_free(job);
			return true;
		}
		snprintf(num, sizeof num, "%" PRId64, sv ? sv->replicas : 1);
		sw_input(job, "Scale", "replicas: ", num,
		    "Enter scales, Esc cancels");
		break;
	case ACTION_UPDATE_IMAGE: {
		/* A bare id in the spec is offered as an id, not a name. */
		char *img =
		    sv && sv->image ? xasprintf("sha256:%s", sv->image) : NULL;

		sw_input(job, "Update the image", "image: ",
		    img && sw_image_is_id(img) ? img
		    : sv                       ? sv->image
					       : NULL,
		    "Enter starts a rolling update, Esc cancels");
		free(img);
		break;
	}
	case ACTION_RESTART:
		sw_ask(job, "Restart services?",
		    "Replace every task (a force update)");
		break;
	case ACTION_ROLLBACK:
		sw_ask(job, "Roll back services?",
		    "Roll back to the previous spec");
		break;
	default:
		sw_ask(job, "Remove services?", "Remove (their tasks stop)");
		break;
	}
	return true;
}

/* ---- stacks ---- */

static void
sw_add_stack_objects(
    struct sw_job *job, enum kind k, const struct stack_objects *o, bool later)
{
	for (size_t i = 0; i < o->n; i++)
		sw_add(job, k, o->ids[i], o->names[i])->later = later;
}

static bool
sw_stack_remove(struct console *a, struct pane *p)
{
	const struct store *s = &p->engine->store;
	struct stack_list *l = stack_list_make(s->slot[KIND_SERVICE],
	    store_networks(s), s->slot[KIND_SECRET], s->slot[KIND_CONFIG]);
	char **names = pane_targets(p);
	struct sw_job *job =
	    sw_job_new(a, p, ACTION_REMOVE, "remove", "removed");

	for (size_t i = 0; names[i]; i++) {
		const struct stack *st = stack_find(l, names[i]);

		if (st == NULL)
			continue;
		sw_add_stack_objects(job, KIND_SERVICE, &st->services, false);
		sw_add_stack_objects(job, KIND_NETWORK, &st->networks, true);
		sw_add_stack_objects(job, KIND_SECRET, &st->secrets, true);
		sw_add_stack_objects(job, KIND_CONFIG, &st->configs, true);
	}
	stack_list_free(l);
	if (job->n == 0) {
		console_info(a, names[0]
				    ? "the stack has nothing left to remove"
				    : "nothing selected");
		sw_job_free(job);
	} else {
		char *j = strv_join(names, ", ");
		char *head = xasprintf("Remove the stack%s %s (its services, "
				       "then its networks, secrets and "
				       "configs)",
		    names[1] ? "s" : "", j);

		sw_ask(job, "Remove stacks?", head);
		free(head);
		free(j);
	}
	strv_free(names);
	return true;
}

/* ---- secrets and configs ---- */

struct sw_create {
	struct console *app;
	struct pane *pane;
	enum kind kind;
	struct form form;
	size_t f_name, f_file, f_text, f_labels;
};

static void
sw_create_free(void *arg)
{
	struct sw_create *c = arg;

	form_done(&c->form);
	free(c);
}

/* Reads at most SW_DATA_MAX bytes of path; NULL with *cause. */
static char *
sw_read_file(const char *path, size_t *len, char **cause)
{
	FILE *f = fopen(path, "rb");
	char *data;

	if (f == NULL) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		return NULL;
	}
	data = xmalloc(SW_DATA_MAX + 1);
	*len = fread(data, 1, SW_DATA_MAX + 1, f);
	if (ferror(f) || *len > SW_DATA_MAX) {
		*cause = ferror(f) ? xasprintf("%s: %s", path, strerror(errno))
				   : xasprintf("%s: larger than 500 KiB", path);
		memset(data, 0, SW_DATA_MAX + 1);
		free(data);
		data = NULL;
	}
	fclose(f);
	return data;
}

/* "k=v, k2=v2" to a NULL-ended vector (owned). */
static char **
sw_split_labels(const char *text)
{
	char **v = xcalloc(1, sizeof *v), *copy = xstrdup(text), *save = NULL;
	size_t n = 0;

	for (char *tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		while (*tok == ' ')
			tok++;
		for (size_t e = strlen(tok); e > 0 && tok[e - 1] == ' '; e--)
			tok[e - 1] = '\0';
		if (*tok)
			strv_push(&v, &n, xstrdup(tok));
	}
	free(copy);
	return v;
}

/* ^S: checks the fields, reads the data, sends. False closes the form. */
static bool
sw_create_submit(struct sw_create *c)
{
	const char *name = form_text(&c->form, c->f_name);
	const char *file = form_text(&c->form, c->f_file);
	const char *text =
	    c->f_text != SIZE_MAX ? form_text(&c->form, c->f_text) : "";
	char *data = NULL, *cause = NULL, **labels;
	size_t len = 0;
	struct sw_job *job;

	form_clear_errors(&c->form);
	if (*name == '\0') {
		form_set_error(&c->form, c->f_name, "give a name");
		return true;
	}
	if (*file && *text) {
		form_set_error(
		    &c->form, c->f_file, "a file or a text, not both");
		return true;
	}
	if (*file)
		data = sw_read_file(file, &len, &cause);
	else if (*text)
		data = xstrdup(text), len = strlen(text);
	else
		cause =
		    xstrdup(c->kind == KIND_SECRET ? "give the file to read"
						   : "give a file or a text");
	if (data == NULL) {
		form_set_error(&c->form, c->f_file, cause);
		free(cause);
		return true;
	}
	job = sw_job_new(c->app, c->pane, ACTION_CREATE, "create", "created");
	labels = sw_split_labels(form_text(&c->form, c->f_labels));
	job->body = swarm_object_create_json(name, labels, data, len);
	strv_free(labels);
	memset(data, 0, len);
	free(data);
	/* The audit log names the object, never its data. */
	sw_add(job, c->kind, name, name);
	sw_submit(job);
	return false;
}

static bool
sw_create_key(void *arg, int key)
{
	struct sw_create *c = arg;

	switch (form_key(&c->form, key)) {
	case FORM_SUBMIT:
		return sw_create_submit(c);
	case FORM_CANCELLED:
		console_info(c->app, "create cancelled");
		return false;
	case FORM_EDITING:
	default:
		return true;
	}
}

static void
sw_create_draw(void *arg, WINDOW *win, int h, int w)
{
	struct sw_create *c = arg;
	int y, x;

	(void)h;
	(void)w;
	if (form_draw(&c->form, win)) {
		getyx(win, y, x);
		mvwchgat(win, y, x, 1, A_REVERSE, 0, NULL);
	}
}

static const struct console_overlay_ops sw_create_ops = {
    .key = sw_create_key,
    .draw = sw_create_draw,
    .free = sw_create_free,
};

static bool
sw_create(struct console *a, struct pane *p)
{
	struct sw_create *c = xcalloc(1, sizeof *c);
	char *title = xasprintf("New %s on %s", kind_get(p->ops->kind)->noun,
	    docker_endpoint(p->engine->d)->host_arg);

	c->app = a;
	c->pane = p;
	c->kind = p->ops->kind;
	form_init(&c->form, title);
	free(title);
	c->f_name = form_add_text(&c->form, "name", "");
	c->f_file = form_add_text(&c->form, "from file", "");
	/* Typed text would be shown: secrets come from a file only. */
	c->f_text = c->kind == KIND_CONFIG
			? form_add_text(&c->form, "or text", "")
			: SIZE_MAX;
	c->f_labels = form_add_text(&c->form, "labels (k=v, ...)", "");
	console_push_overlay(a, &sw_create_ops, c);
	return true;
}

static bool
sw_object_remove(struct console *a, struct pane *p)
{
	struct sw_job *job =
	    sw_job_new(a, p, ACTION_REMOVE, "remove", "removed");
	char *head;

	sw_add_targets(job, false);
	if (job->n == 0) {
		console_info(a, "nothing selected");
		sw_job_free(job);
		return true;
	}
	head = xasprintf("Remove the %s", kind_get(job->kind)->plural);
	sw_ask(job, "Remove?", head);
	free(head);
	return true;
}

bool
swarm_run(struct console *a, struct pane *p, enum action act)
{
	switch (p->ops->kind) {
	case KIND_NODE:
		return sw_node_action(a, p, act);
	case KIND_SERVICE:
		return sw_service_action(a, p, act);
	case KIND_STACK:
		return act == ACTION_REMOVE && sw_stack_remove(a, p);
	case KIND_SECRET:
	case KIND_CONFIG:
		if (act == ACTION_CREATE)
			return sw_create(a, p);
		return act == ACTION_REMOVE && sw_object_remove(a, p);
	default:
		return false;
	}
}
