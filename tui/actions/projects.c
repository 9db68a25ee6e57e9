/*
 * Actions on whole compose projects: which containers, volumes and
 * networks each touches (from the labels, as the store holds them), the
 * question with that preview, the requests (volumes and networks only
 * once the containers are gone), the audit lines and the report.
 */

#include "tui/actions/projects.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/calls.h"
#include "api/compose.h"
#include "api/docker.h"
#include "api/xalloc.h"
#include "tui/core/audit.h"
#include "tui/core/console.h"
#include "tui/core/fmt.h"
#include "tui/core/jobs.h"
#include "tui/core/store.h"
#include "widgets/dialog.h"

#define PJ_NONE SIZE_MAX

struct pj_job;

/* The engine calls a target makes. */
enum pj_call {
	PJ_ACT, /* a container verb: start, stop, restart, pause, unpause */
	PJ_STOP_REMOVE, /* stop the container, then remove it */
	PJ_REMOVE, /* remove the container */
	PJ_VOLUME, /* remove a named volume of the project */
	PJ_NETWORK, /* remove a network of the project */
};

struct pj_target {
	struct pj_job *job;
	enum pj_call call;
	enum docker_verb verb; /* PJ_ACT */
	char *id;
	char *label; /* "web-1 (0123456789ab)", for the screen */
	char *object; /* "web-1 (the full id)", for the audit log */
	char *project;
	char *state; /* a container's, for the preview */
	bool later; /* a volume or network: after every container */
	bool skip; /* left out by the answer (its box was not ticked) */
	bool ok;
	char *error;
};

struct pj_job {
	struct console *app;
	struct engine *engine; /* the pane's: every target is on it */
	struct pane *pane;
	enum action act;
	const char *head; /* "Stop" */
	const char *done; /* "stopped" */
	bool unpause; /* ACTION_PAUSE on projects with nothing running */
	char **projects;
	struct pj_target *t;
	size_t n;
	size_t pending;
	bool later_started;
	bool volumes; /* remove: with volumes (anonymous ones too) */
	size_t check_volumes, check_networks;
	char **anon; /* remove: the anonymous volumes, for the preview */
	char **kept; /* remove: volumes mounted but not the project's */
};

static void
pj_job_free(struct pj_job *job)
{
	if (job == NULL)
		return;
	jobs_remove(job);
	for (size_t i = 0; i < job->n; i++) {
		free(job->t[i].id);
		free(job->t[i].label);
		free(job->t[i].object);
		free(job->t[i].project);
		free(job->t[i].state);
		free(job->t[i].error);
	}
	free(job->t);
	strv_free(job->projects);
	strv_free(job->anon);
	strv_free(job->kept);
	free(job);
}

/* A job as a void *: for the question and jobs_add(). */
static void
pj_job_drop(void *arg)
{
	pj_job_free(arg);
}

static bool
pj_is(const char *state, const char *a, const char *b, const char *c)
{
	return strcmp(state, a) == 0 || (b && strcmp(state, b) == 0) ||
	       (c && strcmp(state, c) == 0);
}

/* Whether the container's process is up: stop and remove stop it. */
static bool
pj_up(const struct compose_member *m)
{
	return pj_is(m->state, "running", "paused", "restarting");
}

/* Whether the action touches the member, and how. */
static bool
pj_wants(const struct pj_job *job, const struct compose_member *m)
{
	switch (job->act) {
	case ACTION_STOP:
		return pj_up(m);
	case ACTION_START:
		/* As compose: one-off (`run`) containers are left alone. */
		return !m->oneoff && pj_is(m->state, "exited", "created", NULL);
	case ACTION_RESTART:
		return !m->oneoff &&
		       !pj_is(m->state, "dead", "removing", "paused");
	case ACTION_PAUSE:
		return strcmp(m->state, job->unpause ? "paused" : "running") ==
		       0;
	case ACTION_REMOVE:
	default:
		return true;
	}
}

static struct pj_target *
pj_add(struct pj_job *job, enum pj_call call, const char *project)
{
	struct pj_target *t;

	job->t = xreallocarray(job->t, job->n + 1, sizeof *job->t);
	t = &job->t[job->n++];
	memset(t, 0, sizeof *t);
	t->job = job;
	t->call = call;
	t->project = xstrdup(project);
	t->later = call == PJ_VOLUME || call == PJ_NETWORK;
	return t;
}

static void
pj_add_member(
    struct pj_job *job, const char *project, const struct compose_member *m)
{
	struct pj_target *t;
	char sid[16];

	if (job->act == ACTION_REMOVE)
		t = pj_add(job, pj_up(m) ? PJ_STOP_REMOVE : PJ_REMOVE, project);
	else
		t = pj_add(job, PJ_ACT, project);
	switch (job->act) {
	case ACTION_START:
		t->verb = DOCKER_VERB_START;
		break;
	case ACTION_STOP:
		t->verb = DOCKER_VERB_STOP;
		break;
	case ACTION_RESTART:
		t->verb = DOCKER_VERB_RESTART;
		break;
	case ACTION_PAUSE:
	default:
		t->verb =
		    job->unpause ? DOCKER_VERB_UNPAUSE : DOCKER_VERB_PAUSE;
		break;
	}
	t->id = xstrdup(m->id);
	fmt_short_id(sid, sizeof sid, m->id);
	t->label = xasprintf("%s (%s)", m->name, sid);
	t->object = xasprintf("%s (%s)", m->name, m->id);
	t->state = xstrdup(m->state);
}

/* Remove: the project's named volumes and networks, after its containers. */
static void
pj_add_leftovers(struct pj_job *job, const struct compose_project *pj,
    const struct docker_volume_list *vols)
{
	char **anon = compose_anon_volumes(pj, vols);
	char **kept = compose_other_volumes(pj, vols);
	size_t na = strv_len(job->anon), nk = strv_len(job->kept);

	for (char **v = pj->volumes; v && *v; v++) {
		struct pj_target *t = pj_add(job, PJ_VOLUME, pj->name);

		t->id = xstrdup(*v);
		t->label = xstrdup(*v);
		t->object = xstrdup(*v);
	}
	for (size_t i = 0; pj->networks && pj->networks[i]; i++) {
		struct pj_target *t = pj_add(job, PJ_NETWORK, pj->name);

		t->id = xstrdup(pj->network_ids[i]);
		t->label = xstrdup(pj->networks[i]);
		t->object =
		    xasprintf("%s (%s)", pj->networks[i], pj->network_ids[i]);
	}
	for (char **v = anon; *v; v++)
		strv_push(&job->anon, &na, xstrdup(*v));
	for (char **v = kept; *v; v++)
		strv_push(&job->kept, &nk, xstrdup(*v));
	strv_free(anon);
	strv_free(kept);
}

/* What the log says was done to the target. */
static char *
pj_action(const struct pj_target *t)
{
	const struct pj_job *job = t->job;

	switch (t->call) {
	case PJ_ACT:
		return xasprintf("%s (project %s)",
		    t->verb == DOCKER_VERB_UNPAUSE ? "unpause"
						   : action_name(job->act),
		    t->project);
	case PJ_VOLUME:
		return xasprintf("remove volume (project %s)", t->project);
	case PJ_NETWORK:
		return xasprintf("remove network (project %s)", t->project);
	case PJ_STOP_REMOVE:
	case PJ_REMOVE:
	default:
		return xasprintf("remove (project %s%s)", t->project,
		    job->volumes ? ", volumes" : "");
	}
}

static void
pj_log(const struct pj_target *t, const char *result)
{
	char *act = pj_action(t);

	audit_log(t->job->app, t->job->engine, act, t->object, result);
	free(act);
}

static void
pj_log_all(struct pj_job *job, const char *result)
{
	for (size_t i = 0; i < job->n; i++)
		if (!job->t[i].skip)
			pj_log(&job->t[i], result);
}

/* "project shop" or "projects shop, blog". Owned. */
static char *
pj_what(const struct pj_job *job)
{
	char *names = strv_join(job->projects, ", ");
	char *s = xasprintf(
	    "project%s %s", strv_len(job->projects) > 1 ? "s" : "", names);

	free(names);
	return s;
}

/* The status bar once every request has answered. */
static void
pj_report(struct pj_job *job)
{
	const struct pj_target *fail = NULL;
	size_t ok = 0, failed = 0, ct = 0, vol = 0, net = 0;
	char *what = pj_what(job);

	for (size_t i = 0; i < job->n; i++) {
		const struct pj_target *t = &job->t[i];

		if (t->skip)
			continue;
		if (!t->ok) {
			failed++;
			fail = fail ? fail : t;
			continue;
		}
		ok++;
		if (t->call == PJ_VOLUME)
			vol++;
		else if (t->call == PJ_NETWORK)
			net++;
		else
			ct++;
	}
	if (fail == NULL && job->act == ACTION_REMOVE)
		console_ok(job->app,
		    "removed %s: %zu container%s, %zu volume%s, %zu network%s",
		    what, ct, ct == 1 ? "" : "s", vol, vol == 1 ? "" : "s", net,
		    net == 1 ? "" : "s");
	else if (fail == NULL)
		console_ok(job->app, "%s %zu container%s of %s",
		    job->unpause ? "unpaused" : job->done, ct,
		    ct == 1 ? "" : "s", what);
	else
		console_error(job->app, "%s %s: %zu of %zu done; %s: %s%s",
		    job->unpause ? "unpause" : action_name(job->act), what, ok,
		    ok + failed, fail->label, fail->error,
		    failed > 1 ? " (and more failed)" : "");
	free(what);
}

static void pj_start_group(struct pj_job *, bool later);

/* Ends the job, or starts its volumes and networks, when all answered. */
static void
pj_settle(struct pj_job *job)
{
	struct store *s = &job->engine->store;

	if (--job->pending > 0)
		return;
	if (!job->later_started) {
		job->later_started = true;
		job->pending = 1;
		pj_start_group(job, true);
		pj_settle(job);
		return;
	}
	pj_report(job);
	/* Events refresh the rows too; this covers an events stream down. */
	store_refresh(s, STORE_CONTAINERS);
	if (job->act == ACTION_REMOVE) {
		store_refresh(s, STORE_VOLUMES);
		store_refresh(s, STORE_NETWORKS);
	}
	console_dirty(job->app);
	pj_job_free(job);
}

static void pj_start(struct pj_target *);

static void
pj_on_done(const struct docker_reply *r, void *arg)
{
	struct pj_target *t = arg;
	struct pj_job *job = t->job;
	char *result;

	if (r->status == DOCKER_OK && t->call == PJ_STOP_REMOVE) {
		/* Stopped: now the remove, still this target's request. */
		t->call = PJ_REMOVE;
		pj_start(t);
		return;
	}
	t->ok = r->status == DOCKER_OK;
	if (!t->ok) {
		t->error =
		    xasprintf("%s%s", t->call == PJ_STOP_REMOVE ? "stop: " : "",
			r->message ? r->message : docker_status_str(r->status));
		result = xasprintf("error: %s", t->error);
	} else
		result = xstrdup("ok");
	pj_log(t, result);
	free(result);
	console_dirty(job->app);
	pj_settle(job);
}

static void
pj_start(struct pj_target *t)
{
	struct docker *d = t->job->engine->d;

	switch (t->call) {
	case PJ_ACT:
		docker_container_act(d, t->id, t->verb, NULL, pj_on_done, t);
		break;
	case PJ_STOP_REMOVE:
		docker_container_act(
		    d, t->id, DOCKER_VERB_STOP, NULL, pj_on_done, t);
		break;
	case PJ_REMOVE:
		docker_container_remove(
		    d, t->id, false, t->job->volumes, pj_on_done, t);
		break;
	case PJ_VOLUME:
		docker_volume_remove(d, t->id, false, pj_on_done, t);
		break;
	case PJ_NETWORK:
	default:
		docker_network_remove(d, t->id, pj_on_done, t);
		break;
	}
}

static void
pj_start_group(struct pj_job *job, bool later)
{
	for (size_t i = 0; i < job->n; i++)
		if (job->t[i].later == later && !job->t[i].skip) {
			job->pending++;
			pj_start(&job->t[i]);
		}
}

/*
 * Sends the requests; the job owns itself from here and the last answer
 * frees it. Read-only is checked again here, where the requests leave.
 */
static void
pj_submit(struct pj_job *job)
{
	struct console *a = job->app;
	char *what = pj_what(job);
	size_t n = 0;

	for (size_t i = 0; i < job->n; i++)
		n += !job->t[i].skip;
	if (console_read_only(a, job->engine)) {
		pj_log_all(job, "refused: read-only");
		console_error(
		    a, "read-only mode: %s refused", action_name(job->act));
	} else if (n == 0)
		console_info(
		    a, "%s: nothing to do on %s", action_name(job->act), what);
	else {
		free(what);
		jobs_add(job, pj_job_drop);
		if (job->pane && pane_mark_count(job->pane) > 0)
			pane_clear_marks(job->pane);
		console_info(a, "%s: %zu object%s…", action_name(job->act), n,
		    n == 1 ? "" : "s");
		/* One extra count, so that an early answer cannot end it. */
		job->pending = 1;
		pj_start_group(job, false);
		pj_settle(job);
		return;
	}
	free(what);
	pj_job_free(job);
}

/* The answer to the question, which held the job until now. */
static void
pj_answer(struct console *a, const struct dialog *dlg, bool yes, void *arg)
{
	struct pj_job *job = arg;
	bool vols, nets;

	if (!yes) {
		pj_log_all(job, "cancelled");
		console_info(a, "%s cancelled", action_name(job->act));
		pj_job_free(job);
		return;
	}
	vols = job->check_volumes != PJ_NONE &&
	       dialog_checked(dlg, job->check_volumes);
	nets = job->check_networks != PJ_NONE &&
	       dialog_checked(dlg, job->check_networks);
	job->volumes = vols;
	for (size_t i = 0; i < job->n; i++)
		if (job->t[i].call == PJ_VOLUME)
			job->t[i].skip = !vols;
		else if (job->t[i].call == PJ_NETWORK)
			job->t[i].skip = !nets;
	pj_submit(job);
}

static size_t
pj_count(const struct pj_job *job, enum pj_call a, enum pj_call b)
{
	size_t n = 0;

	for (size_t i = 0; i < job->n; i++)
		n += job->t[i].call == a || job->t[i].call == b;
	return n;
}

/* One preview line per target of these calls, under a heading. */
static void
pj_lines_of(const struct pj_job *job, char ***v, size_t *n, enum pj_call a,
    enum pj_call b, const char *head)
{
	size_t k = pj_count(job, a, b);
	bool several = strv_len(job->projects) > 1;

	if (k == 0)
		return;
	strv_push(v, n, xasprintf("  %s (%zu):", head, k));
	for (size_t i = 0; i < job->n; i++) {
		const struct pj_target *t = &job->t[i];

		if (t->call != a && t->call != b)
			continue;
		strv_push(v, n,
		    xasprintf("    %-10s %s%s%s%s", t->state ? t->state : "",
			t->label, several ? "  [" : "",
			several ? t->project : "", several ? "]" : ""));
	}
}

/* Volume names under a heading; an engine-made name is shortened. */
static void
pj_lines_strv(char ***v, size_t *n, char *const *names, const char *head)
{
	if (names == NULL || names[0] == NULL)
		return;
	strv_push(v, n, xasprintf("  %s (%zu):", head, strv_len(names)));
	for (size_t i = 0; names[i]; i++) {
		char shown[16];
		const char *nm = names[i];

		if (strlen(nm) == 64) {
			fmt_short_id(shown, sizeof shown, nm);
			nm = shown;
		}
		strv_push(v, n, xasprintf("    %-10s %s", "", nm));
	}
}

/* The preview: every object the action touches, and what it keeps. */
static char **
pj_lines(const struct pj_job *job)
{
	char **v = xcalloc(1, sizeof *v), *what = pj_what(job);
	size_t n = 0;

	strv_push(&v, &n,
	    xasprintf("%s the compose %s on the engine %s:",
		job->unpause ? "Unpause" : job->head, what,
		jobs_engine(job->engine)));
	free(what);
	if (job->act != ACTION_REMOVE) {
		pj_lines_of(job, &v, &n, PJ_ACT, PJ_ACT, "containers");
		return v;
	}
	pj_lines_of(job, &v, &n, PJ_STOP_REMOVE, PJ_REMOVE,
	    "containers, the running ones stopped first");
	if (pj_count(job, PJ_STOP_REMOVE, PJ_REMOVE) == 0)
		strv_push(&v, &n, xstrdup("  no containers"));
	if (pj_count(job, PJ_VOLUME, PJ_VOLUME) || job->anon[0]) {
		strv_push(&v, &n,
		    xstrdup("With \"remove its volumes\" ticked, also:"));
		pj_lines_of(job, &v, &n, PJ_VOLUME, PJ_VOLUME,
		    "named volumes of the project");
		pj_lines_strv(
		    &v, &n, job->anon, "anonymous volumes of its containers");
	} else
		strv_push(&v, &n, xstrdup("The project has no volumes."));
	if (pj_count(job, PJ_NETWORK, PJ_NETWORK)) {
		strv_push(&v, &n,
		    xstrdup("With \"remove its networks\" ticked, also:"));
		pj_lines_of(job, &v, &n, PJ_NETWORK, PJ_NETWORK,
		    "networks of the project");
	}
	if (job->kept[0]) {
		strv_push(&v, &n, xstrdup("Kept in any case:"));
		pj_lines_strv(&v, &n, job->kept,
		    "volumes they mount that are not the project's");
	}
	return v;
}

static void
pj_ask(struct pj_job *job)
{
	struct dialog *dlg;
	char **lines = pj_lines(job), title[64];
	size_t nv = pj_count(job, PJ_VOLUME, PJ_VOLUME);
	size_t nn = pj_count(job, PJ_NETWORK, PJ_NETWORK);

	snprintf(title, sizeof title, "%s %s?",
	    job->unpause ? "Unpause" : job->head,
	    strv_len(job->projects) > 1 ? "projects" : "project");
	dlg = dialog_confirm_new(title, lines);
	strv_free(lines);
	if (job->act == ACTION_REMOVE) {
		char *label;

		if (nv || job->anon[0]) {
			label = xasprintf(
			    "remove its volumes (%zu named, %zu anonymous)", nv,
			    strv_len(job->anon));
			job->check_volumes =
			    dialog_add_check(dlg, label, false);
			free(label);
		}
		if (nn) {
			label = xasprintf("remove its networks (%zu)", nn);
			job->check_networks =
			    dialog_add_check(dlg, label, false);
			free(label);
		}
	}
	console_ask(job->app, dlg, pj_answer, pj_job_drop, job);
}

/* Pause unless nothing of the projects runs: then unpause. */
static bool
pj_nothing_running(const struct compose_list *l, char *const *names)
{
	for (size_t i = 0; names[i]; i++) {
		const struct compose_project *pj = compose_find(l, names[i]);

		for (size_t m = 0; pj && m < pj->n_members; m++)
			if (strcmp(pj->members[m].state, "running") == 0)
				return false;
	}
	return true;
}

static struct pj_job *
pj_job_new(struct console *a, struct pane *p, enum action act, char **names)
{
	struct pj_job *job = xcalloc(1, sizeof *job);

	job->app = a;
	job->engine = p->engine;
	job->pane = p;
	job->act = act;
	job->projects = names;
	job->check_volumes = job->check_networks = PJ_NONE;
	job->anon = xcalloc(1, sizeof *job->anon);
	job->kept = xcalloc(1, sizeof *job->kept);
	switch (act) {
	case ACTION_START:
		job->head = "Start";
		job->done = "started";
		break;
	case ACTION_STOP:
		job->head = "Stop";
		job->done = "stopped";
		break;
	case ACTION_RESTART:
		job->head = "Restart";
		job->done = "restarted";
		break;
	case ACTION_PAUSE:
		job->head = "Pause";
		job->done = "paused";
		break;
	case ACTION_REMOVE:
	default:
		job->head = "Remove";
		job->done = "removed";
		break;
	}
	return job;
}

bool
projects_run(struct console *a, struct pane *p, enum action act)
{
	const struct store *s = &p->engine->store;
	struct compose_list *l;
	struct pj_job *job;
	char **names;

	if (act != ACTION_START && act != ACTION_STOP &&
	    act != ACTION_RESTART && act != ACTION_PAUSE &&
	    act != ACTION_REMOVE)
		return false;
	names = pane_targets(p);
	if (names[0] == NULL) {
		console_info(a, "nothing selected");
		strv_free(names);
		return true;
	}
	l = compose_projects(
	    store_containers(s), store_volumes(s), store_networks(s));
	job = pj_job_new(a, p, act, names);
	job->unpause = act == ACTION_PAUSE && pj_nothing_running(l, names);
	for (size_t i = 0; names[i]; i++) {
		const struct compose_project *pj = compose_find(l, names[i]);

		for (size_t m = 0; pj && m < pj->n_members; m++)
			if (pj_wants(job, &pj->members[m]))
				pj_add_member(job, pj->name, &pj->members[m]);
		if (pj && act == ACTION_REMOVE)
			pj_add_leftovers(job, pj, store_volumes(s));
	}
	compose_list_free(l);
	if (job->n == 0) {
		char *what = pj_what(job);

		console_info(a, "%s: no container of %s to %s",
		    action_name(act), what,
		    job->unpause ? "unpause" : action_name(act));
		free(what);
		pj_job_free(job);
		return true;
	}
	pj_ask(job);
	return true;
}
