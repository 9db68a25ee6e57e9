/*
 * The doctor's swarm rules: services below their replicas, tasks failing
 * and being rescheduled, nodes down or drained, the managers' quorum, and
 * the certificates near expiry. Pure functions of a manager's lists.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/buf.h"
#include "api/rfc3339.h"
#include "api/xalloc.h"
#include "tui/core/doctor.h"
#include "tui/core/doctor_priv.h"

/* Failed tasks are counted over this window (as exits are). */
#define SWARM_FAIL_WINDOW DOCTOR_EXIT_WINDOW
/* This many failures in the window is critical. */
#define SWARM_FAIL_CRIT 3
/* A CA certificate expiring this soon is worth a warning. */
#define SWARM_CA_WARN (30LL * 86400)
/* Node certificates' validity when the swarm does not say (the engine's). */
#define SWARM_NODE_CERT_DEFAULT (90LL * 86400)
/* Names listed in one finding. */
#define SWARM_MAX_NAMES 5

static bool
swarm_is(const char *s, const char *want)
{
	return s && strcmp(s, want) == 0;
}

static const char *
swarm_node_name(const struct docker_node *n)
{
	return n->hostname && *n->hostname ? n->hostname : n->id ? n->id : "?";
}

static const char *
swarm_host_of(const struct doctor_input *in, const char *node_id)
{
	for (size_t i = 0; in->nodes && node_id && i < in->nodes->n; i++)
		if (swarm_is(in->nodes->v[i].id, node_id))
			return swarm_node_name(&in->nodes->v[i]);
	return NULL;
}

/* "web.2", or "agent.HOST" for a global service's task, in buf. */
static const char *
swarm_task_label(const struct doctor_input *in, const struct docker_service *s,
    const struct docker_task *t, char *buf, size_t len)
{
	const char *host = swarm_host_of(in, t->node_id);

	if (t->slot > 0)
		snprintf(buf, len, "%s.%d", s->name ? s->name : "?", t->slot);
	else
		snprintf(buf, len, "%s.%.12s", s->name ? s->name : "?",
		    host         ? host
		    : t->node_id ? t->node_id
				 : "?");
	return buf;
}

/* A task that ended badly: its container failed or it was refused. */
static bool
swarm_task_failed(const struct docker_task *t)
{
	return swarm_is(t->state, "failed") || swarm_is(t->state, "rejected");
}

/* A task with something to say: it failed, or carries an error. */
static bool
swarm_task_erred(const struct docker_task *t)
{
	return swarm_task_failed(t) || (t->err && *t->err);
}

/*
 * The newest task of service s that failed or carries an error; with
 * any_state, else the newest that is meant to run and does not.
 */
static const struct docker_task *
swarm_worst_task(const struct doctor_input *in, const struct docker_service *s,
    bool any_state)
{
	const struct docker_task *best = NULL;
	int64_t best_t = -1;

	for (int pass = 0; pass < (any_state ? 2 : 1) && best == NULL; pass++)
		for (size_t i = 0; in->tasks && i < in->tasks->n; i++) {
			const struct docker_task *t = &in->tasks->v[i];
			int64_t ts = rfc3339_parse(t->timestamp);

			if (!swarm_is(t->service_id, s->id) ||
			    swarm_is(t->state, "running") ||
			    swarm_is(t->state, "complete"))
				continue;
			if (pass == 0 && !swarm_task_erred(t))
				continue;
			if (pass == 1 && !swarm_is(t->desired, "running") &&
			    !swarm_is(t->desired, "ready"))
				continue;
			if (best == NULL || ts > best_t) {
				best = t;
				best_t = ts;
			}
		}
	return best;
}

/* "broken.1 on node1: task: non-zero exit (3), exit code 3, 5 s ago". */
static char *
swarm_task_detail(const struct doctor_input *in, const struct docker_service *s,
    const struct docker_task *t)
{
	struct buf b;
	char name[160], ago[32];
	const char *host = swarm_host_of(in, t->node_id);
	int64_t ts = rfc3339_parse(t->timestamp);

	buf_init(&b);
	buf_printf(&b, "%s", swarm_task_label(in, s, t, name, sizeof name));
	if (host && t->slot > 0)
		buf_printf(&b, " on %s", host);
	buf_printf(&b, ": %s", t->state ? t->state : "?");
	if (t->err && *t->err)
		buf_printf(&b, ": %s", t->err);
	else if (t->message && *t->message)
		buf_printf(&b, " (%s)", t->message);
	if (swarm_is(t->state, "failed") && t->exit_code > 0)
		buf_printf(&b, ", exit code %d", t->exit_code);
	if (ts > 0) {
		doctor_ago(ago, sizeof ago, in->now - ts);
		buf_printf(&b, ", %s ago", ago);
	}
	return buf_steal(&b);
}

/* Running tasks of s, for an engine that sent no ServiceStatus. */
static int64_t
swarm_running(const struct doctor_input *in, const struct docker_service *s)
{
	int64_t n = 0;

	if (s->running >= 0)
		return s->running;
	for (size_t i = 0; in->tasks && i < in->tasks->n; i++)
		if (swarm_is(in->tasks->v[i].service_id, s->id) &&
		    swarm_is(in->tasks->v[i].state, "running"))
			n++;
	return n;
}

static void
swarm_replicas(const struct doctor_input *in, const struct docker_service *s,
    struct doctor_list *l)
{
	int64_t desired = s->desired, running = swarm_running(in, s);
	bool updating = swarm_is(s->update_state, "updating") ||
			swarm_is(s->update_state, "rollback_started");
	const struct docker_task *t;
	struct doctor_finding *f;

	/* Jobs run to completion: fewer running is what they do. */
	if (!swarm_is(s->mode, "replicated") && !swarm_is(s->mode, "global"))
		return;
	if (desired < 0 && swarm_is(s->mode, "replicated"))
		desired = s->replicas;
	if (desired <= 0 || running >= desired)
		return;
	f = doctor_add(l, running == 0 ? DOCTOR_CRIT : DOCTOR_WARN,
	    DOCTOR_SWARM_REPLICAS, KIND_SERVICE, s->id, s->name ? s->name : "?",
	    "Enter service, i inspect",
	    "service below its replicas: %lld of %lld running%s",
	    (long long)running, (long long)desired,
	    updating ? " (updating)" : "");
	if ((t = swarm_worst_task(in, s, true)) != NULL)
		f->detail = swarm_task_detail(in, s, t);
}

/* Tasks that failed in the window, each replaced by a new one. */
static void
swarm_failing(const struct doctor_input *in, const struct docker_service *s,
    struct doctor_list *l)
{
	size_t n = 0;
	const struct docker_task *t;
	struct doctor_finding *f;
	bool wanted = false;

	for (size_t i = 0; in->tasks && i < in->tasks->n; i++) {
		const struct docker_task *k = &in->tasks->v[i];
		int64_t ts = rfc3339_parse(k->timestamp);

		if (!swarm_is(k->service_id, s->id))
			continue;
		if (swarm_is(k->desired, "running") ||
		    swarm_is(k->desired, "ready"))
			wanted = true;
		if (swarm_task_failed(k) && ts > 0 &&
		    in->now - ts <= SWARM_FAIL_WINDOW)
			n++;
	}
	if (n == 0)
		return;
	f = doctor_add(l, n >= SWARM_FAIL_CRIT ? DOCTOR_CRIT : DOCTOR_WARN,
	    DOCTOR_SWARM_TASKS_FAILING, KIND_SERVICE, s->id,
	    s->name ? s->name : "?", "Enter service, i inspect",
	    "tasks failing%s: %zu failed in the last %d minutes",
	    wanted ? " and rescheduled" : "", n, SWARM_FAIL_WINDOW / 60);
	if ((t = swarm_worst_task(in, s, false)) != NULL)
		f->detail = swarm_task_detail(in, s, t);
}

static void
swarm_nodes(const struct doctor_input *in, struct doctor_list *l)
{
	for (size_t i = 0; in->nodes && i < in->nodes->n; i++) {
		const struct docker_node *n = &in->nodes->v[i];
		const char *name = swarm_node_name(n);
		const char *role = n->manager ? "manager" : "worker";
		struct doctor_finding *f;
		size_t tasks = 0;

		for (size_t k = 0; in->tasks && k < in->tasks->n; k++)
			if (swarm_is(in->tasks->v[k].node_id, n->id) &&
			    swarm_is(in->tasks->v[k].desired, "running"))
				tasks++;
		if (n->state && !swarm_is(n->state, "ready")) {
			f = doctor_add(l,
			    n->manager ? DOCTOR_CRIT : DOCTOR_WARN,
			    DOCTOR_SWARM_NODE_DOWN, KIND_NODE, n->id, name,
			    "Enter node, i inspect", "%s node %s", role,
			    n->state);
			f->detail = xasprintf("%s%s%zu task%s still assigned "
					      "to it%s",
			    n->message && *n->message ? n->message : "",
			    n->message && *n->message ? "; " : "", tasks,
			    tasks == 1 ? "" : "s",
			    tasks ? ": the swarm moves them elsewhere" : "");
		}
		if (swarm_is(n->availability, "drain") ||
		    swarm_is(n->availability, "pause")) {
			bool drain = swarm_is(n->availability, "drain");

			f = doctor_add(l, DOCTOR_INFO,
			    DOCTOR_SWARM_NODE_DRAINED, KIND_NODE, n->id, name,
			    "A activate (nodes pane)", "%s node %s", role,
			    drain ? "drained" : "paused");
			f->detail = xstrdup(drain ? "no tasks run on it: "
						    "they were moved to "
						    "other nodes"
						  : "no new tasks are placed "
						    "on it");
		}
	}
}

/*
 * A majority of the managers must be reachable for the swarm to change
 * anything; with exactly a majority left, one more loss stops it.
 */
static void
swarm_quorum(const struct doctor_input *in, struct doctor_list *l)
{
	size_t m = 0, reach = 0, shown = 0, need;
	const char *first = NULL;
	struct doctor_finding *f;
	struct buf names;

	buf_init(&names);
	for (size_t i = 0; in->nodes && i < in->nodes->n; i++) {
		const struct docker_node *n = &in->nodes->v[i];

		if (!n->manager)
			continue;
		m++;
		if (n->leader || swarm_is(n->reachability, "reachable")) {
			reach++;
			continue;
		}
		if (shown++ < SWARM_MAX_NAMES)
			buf_printf(&names, "%s%s", shown > 1 ? ", " : "",
			    swarm_node_name(n));
		if (first == NULL)
			first = n->id;
	}
	need = m / 2 + 1;
	if (m == 0) {
		buf_done(&names);
		return;
	}
	if (reach < need) {
		f = doctor_add(l, DOCTOR_CRIT, DOCTOR_SWARM_QUORUM, KIND_NODE,
		    first, buf_cstr(&names), "Enter node",
		    "manager quorum lost: %zu of %zu managers reachable, %zu "
		    "needed",
		    reach, m, need);
		f->detail = xstrdup("the swarm can change nothing until a "
				    "majority of managers is back");
	} else if (reach == need && reach < m) {
		f = doctor_add(l, DOCTOR_CRIT, DOCTOR_SWARM_QUORUM, KIND_NODE,
		    first, buf_cstr(&names), "Enter node",
		    "manager quorum at risk: %zu of %zu managers reachable, "
		    "%zu needed",
		    reach, m, need);
		f->detail = xstrdup("one more manager lost and the swarm can "
				    "change nothing");
	} else if (m > 1 && m % 2 == 0) {
		doctor_add(l, DOCTOR_INFO, DOCTOR_SWARM_QUORUM, KIND_ENGINE,
		    NULL, "swarm", "promote or demote a node (nodes pane)",
		    "%zu managers tolerate %zu lost, as %zu would: an odd "
		    "number is better",
		    m, (m - 1) / 2, m - 1);
	}
	buf_done(&names);
}

static void
swarm_certs(const struct doctor_input *in, struct doctor_list *l)
{
	const struct docker_swarm *sw = in->swarm;
	int64_t period = SWARM_NODE_CERT_DEFAULT, left;
	char ago[32];
	struct doctor_finding *f;

	if (sw && sw->ca_not_after > 0) {
		left = sw->ca_not_after - in->now;
		doctor_ago(ago, sizeof ago, left < 0 ? -left : left);
		if (left <= 0)
			doctor_add(l, DOCTOR_CRIT, DOCTOR_SWARM_CERT,
			    KIND_ENGINE, NULL, "swarm",
			    "docker swarm ca --rotate",
			    "swarm CA certificate expired %s ago", ago);
		else if (left < SWARM_CA_WARN)
			doctor_add(l, DOCTOR_WARN, DOCTOR_SWARM_CERT,
			    KIND_ENGINE, NULL, "swarm",
			    "docker swarm ca --rotate",
			    "swarm CA certificate expires in %s", ago);
	}
	if (in->node_cert_not_after <= 0)
		return;
	if (sw && sw->node_cert_expiry_ns > 0)
		period = sw->node_cert_expiry_ns / 1000000000LL;
	left = in->node_cert_not_after - in->now;
	doctor_ago(ago, sizeof ago, left < 0 ? -left : left);
	/* Nodes renew theirs at 50-80% of the period: later is overdue. */
	if (left <= 0)
		f = doctor_add(l, DOCTOR_CRIT, DOCTOR_SWARM_CERT, KIND_ENGINE,
		    NULL, "swarm", "host pane",
		    "node certificate expired %s ago", ago);
	else if (left < period / 5)
		f = doctor_add(l, DOCTOR_WARN, DOCTOR_SWARM_CERT, KIND_ENGINE,
		    NULL, "swarm", "host pane",
		    "node certificate expires in %s", ago);
	else
		return;
	doctor_ago(ago, sizeof ago, period);
	f->detail = xasprintf("certificates live %s and renew at 50-80%% "
			      "of that: this one was not renewed (is the "
			      "node cut off from the managers?)",
	    ago);
}

void
doctor_swarm(const struct doctor_input *in, struct doctor_list *l)
{
	swarm_quorum(in, l);
	swarm_nodes(in, l);
	for (size_t i = 0; in->services && i < in->services->n; i++) {
		const struct docker_service *s = &in->services->v[i];

		if (s->id == NULL)
			continue;
		swarm_replicas(in, s, l);
		swarm_failing(in, s, l);
	}
	swarm_certs(in, l);
}
