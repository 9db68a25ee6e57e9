/*
 * The doctor's swarm rules on lists captured from real swarms: services
 * below their replicas and tasks failing (a one-node swarm), nodes down
 * and drained and the managers' quorum (a four-node swarm with a worker
 * stopped, a worker drained and a manager stopped), the certificates.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/decode_swarm.h"
#include "api/model.h"
#include "api/rfc3339.h"
#include "tui/core/doctor.h"
#include "tests/support/fixture.h"

/* The lists of one swarm, decoded from fixtures. */
struct sw {
	struct docker_swarm *swarm;
	struct docker_node_list *nodes;
	struct docker_service_list *services;
	struct docker_task_list *tasks;
	struct doctor_input in;
	struct doctor_finding *f;
	size_t n;
};

static void *
load(const char *name, void *(*decode)(const char *, size_t, char **))
{
	size_t len;
	char *text = fixture_read(name, &len), *cause = NULL;
	void *v = decode(text, len, &cause);

	free(text);
	assert_null(cause);
	assert_non_null(v);
	return v;
}

static void *
dec_swarm(const char *b, size_t n, char **cause)
{
	return decode_swarm(b, n, cause);
}

static void *
dec_nodes(const char *b, size_t n, char **cause)
{
	return decode_node_list(b, n, cause);
}

static void *
dec_services(const char *b, size_t n, char **cause)
{
	return decode_service_list(b, n, cause);
}

static void *
dec_tasks(const char *b, size_t n, char **cause)
{
	return decode_task_list(b, n, cause);
}

/* The one-node swarm: shop_web 2/2, upd 0/1 (its image missing), agent
 * (global) 1/1, broken 0/1 (exits with 3, four times). */
static void
sw_single(struct sw *s)
{
	memset(s, 0, sizeof *s);
	s->swarm = load("swarm.v1.41.json", dec_swarm);
	s->nodes = load("nodes.v1.41.json", dec_nodes);
	s->services = load("services.v1.41.json", dec_services);
	s->tasks = load("tasks.v1.41.json", dec_tasks);
	s->in.swarm = s->swarm;
	s->in.nodes = s->nodes;
	s->in.services = s->services;
	s->in.tasks = s->tasks;
	/* A minute after the last task changed. */
	s->in.now = rfc3339_parse("2026-12-03T11:35:16Z");
}

static void
sw_run(struct sw *s)
{
	doctor_findings_free(s->f, s->n);
	doctor_run(&s->in, &s->f, &s->n);
}

static void
sw_free(struct sw *s)
{
	doctor_findings_free(s->f, s->n);
	docker_swarm_free(s->swarm);
	docker_node_list_free(s->nodes);
	docker_service_list_free(s->services);
	docker_task_list_free(s->tasks);
}

/* The finding of a rule about objects, or NULL. */
static const struct doctor_finding *
find(const struct sw *s, enum doctor_rule rule, const char *objects)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->f[i].rule == rule &&
		    (objects == NULL || strcmp(s->f[i].objects, objects) == 0))
			return &s->f[i];
	return NULL;
}

static size_t
count(const struct sw *s, enum doctor_rule rule)
{
	size_t n = 0;

	for (size_t i = 0; i < s->n; i++)
		if (s->f[i].rule == rule)
			n++;
	return n;
}

static const char *
service_id(const struct sw *s, const char *name)
{
	for (size_t i = 0; i < s->services->n; i++)
		if (strcmp(s->services->v[i].name, name) == 0)
			return s->services->v[i].id;
	fail_msg("no service %s", name);
	return NULL;
}

static void
test_below_replicas(void **state)
{
	struct sw s;
	const struct doctor_finding *f;

	(void)state;
	sw_single(&s);
	sw_run(&s);
	assert_int_equal(count(&s, DOCTOR_SWARM_REPLICAS), 2);
	assert_null(find(&s, DOCTOR_SWARM_REPLICAS, "shop_web"));
	assert_null(find(&s, DOCTOR_SWARM_REPLICAS, "agent"));

	f = find(&s, DOCTOR_SWARM_REPLICAS, "broken");
	assert_non_null(f);
	assert_int_equal(f->severity, DOCTOR_CRIT);
	assert_int_equal(f->kind, KIND_SERVICE);
	assert_string_equal(f->object_id, service_id(&s, "broken"));
	assert_string_equal(
	    f->title, "service below its replicas: 0 of 1 running");
	/* The newest failure says why, not the replacement being prepared. */
	assert_non_null(f->detail);
	assert_non_null(strstr(f->detail, "broken.1 on vm: "));
	assert_non_null(strstr(f->detail,
	    "failed: task: non-zero exit (3), exit code 3, 61 seconds ago"));

	f = find(&s, DOCTOR_SWARM_REPLICAS, "upd");
	assert_non_null(f);
	assert_int_equal(f->severity, DOCTOR_CRIT);
	assert_non_null(strstr(f->detail, "upd.1 on "));
	assert_non_null(
	    strstr(f->detail, "rejected: No such image: berth-test/missing:1"));

	/* One task of two running: a warning. */
	s.services->v[0].running = 1;
	assert_string_equal(s.services->v[0].name, "shop_web");
	sw_run(&s);
	f = find(&s, DOCTOR_SWARM_REPLICAS, "shop_web");
	assert_non_null(f);
	assert_int_equal(f->severity, DOCTOR_WARN);
	assert_string_equal(
	    f->title, "service below its replicas: 1 of 2 running");
	sw_free(&s);
}

static void
test_tasks_failing(void **state)
{
	struct sw s;
	const struct doctor_finding *f;

	(void)state;
	sw_single(&s);
	sw_run(&s);
	assert_int_equal(count(&s, DOCTOR_SWARM_TASKS_FAILING), 2);
	f = find(&s, DOCTOR_SWARM_TASKS_FAILING, "broken");
	assert_non_null(f);
	assert_int_equal(f->severity, DOCTOR_CRIT);
	assert_string_equal(f->title,
	    "tasks failing and rescheduled: 4 failed in the last 60 minutes");
	assert_non_null(strstr(f->detail, "task: non-zero exit (3)"));
	assert_non_null(strstr(f->detail, "exit code 3"));

	f = find(&s, DOCTOR_SWARM_TASKS_FAILING, "upd");
	assert_non_null(f);
	assert_int_equal(f->severity, DOCTOR_WARN);
	assert_string_equal(f->title,
	    "tasks failing and rescheduled: 2 failed in the last 60 minutes");
	assert_non_null(strstr(f->detail, "No such image"));

	/* Two hours on, those failures are history. */
	s.in.now += 7200;
	sw_run(&s);
	assert_int_equal(count(&s, DOCTOR_SWARM_TASKS_FAILING), 0);
	/* The services are still short, whatever the hour. */
	assert_int_equal(count(&s, DOCTOR_SWARM_REPLICAS), 2);
	sw_free(&s);
}

static void
test_certificates(void **state)
{
	struct sw s;
	const struct doctor_finding *f;
	int64_t ca;

	(void)state;
	sw_single(&s);
	ca = s.swarm->ca_not_after;
	/* The CA the engine made lives 20 years. */
	assert_true(ca > s.in.now + 19LL * 365 * 86400);
	sw_run(&s);
	assert_int_equal(count(&s, DOCTOR_SWARM_CERT), 0);

	s.in.now = ca - 10 * 86400;
	sw_run(&s);
	f = find(&s, DOCTOR_SWARM_CERT, "swarm");
	assert_non_null(f);
	assert_int_equal(f->severity, DOCTOR_WARN);
	assert_string_equal(
	    f->title, "swarm CA certificate expires in 10 days");
	assert_int_equal(f->kind, KIND_ENGINE);

	s.in.now = ca + 3 * 3600;
	sw_run(&s);
	f = find(&s, DOCTOR_SWARM_CERT, "swarm");
	assert_non_null(f);
	assert_int_equal(f->severity, DOCTOR_CRIT);
	assert_string_equal(
	    f->title, "swarm CA certificate expired 3 hours ago");

	/* The node's own: 90 days, renewed at 50-80%: 18 days left is late. */
	s.in.now = rfc3339_parse("2026-12-03T11:35:16Z");
	s.in.node_cert_not_after = s.in.now + 60 * 86400;
	sw_run(&s);
	assert_int_equal(count(&s, DOCTOR_SWARM_CERT), 0);
	s.in.node_cert_not_after = s.in.now + 5 * 86400;
	sw_run(&s);
	f = find(&s, DOCTOR_SWARM_CERT, "swarm");
	assert_non_null(f);
	assert_int_equal(f->severity, DOCTOR_WARN);
	assert_string_equal(f->title, "node certificate expires in 5 days");
	assert_non_null(strstr(f->detail, "certificates live 90 days"));
	s.in.node_cert_not_after = s.in.now - 60;
	sw_run(&s);
	f = find(&s, DOCTOR_SWARM_CERT, "swarm");
	assert_non_null(f);
	assert_int_equal(f->severity, DOCTOR_CRIT);
	assert_string_equal(
	    f->title, "node certificate expired 60 seconds ago");
	sw_free(&s);
}

/* A one-node swarm that is healthy: no node or quorum findings. */
static void
test_single_node_quiet(void **state)
{
	struct sw s;

	(void)state;
	sw_single(&s);
	sw_run(&s);
	assert_int_equal(count(&s, DOCTOR_SWARM_NODE_DOWN), 0);
	assert_int_equal(count(&s, DOCTOR_SWARM_NODE_DRAINED), 0);
	assert_int_equal(count(&s, DOCTOR_SWARM_QUORUM), 0);
	/* Not a manager (or not asked): no swarm rule runs at all. */
	s.in.swarm = NULL;
	s.in.nodes = NULL;
	s.in.services = NULL;
	s.in.tasks = NULL;
	sw_run(&s);
	assert_int_equal(s.n, 0);
	sw_free(&s);
}

/*
 * Four nodes (tests/e2e/swarm_multi.sh): vm the leader, msw-m2 a second
 * manager, msw-w1 drained, msw-w2 whose dockerd was killed.
 */
static void
test_nodes_down_and_drained(void **state)
{
	struct sw s;
	const struct doctor_finding *f;

	(void)state;
	memset(&s, 0, sizeof s);
	s.nodes = load("nodes_multi.v1.41.json", dec_nodes);
	s.services = load("services_multi.v1.41.json", dec_services);
	s.tasks = load("tasks_multi.v1.41.json", dec_tasks);
	s.in.nodes = s.nodes;
	s.in.services = s.services;
	s.in.tasks = s.tasks;
	s.in.now = rfc3339_parse("2026-12-03T12:07:00Z");
	sw_run(&s);

	f = find(&s, DOCTOR_SWARM_NODE_DOWN, "msw-w2");
	assert_non_null(f);
	assert_int_equal(f->severity, DOCTOR_WARN);
	assert_string_equal(f->title, "worker node down");
	assert_int_equal(f->kind, KIND_NODE);
	assert_non_null(f->object_id);
	assert_non_null(strstr(f->detail, "heartbeat failure"));
	assert_int_equal(count(&s, DOCTOR_SWARM_NODE_DOWN), 1);

	f = find(&s, DOCTOR_SWARM_NODE_DRAINED, "msw-w1");
	assert_non_null(f);
	assert_int_equal(f->severity, DOCTOR_INFO);
	assert_string_equal(f->title, "worker node drained");
	assert_int_equal(count(&s, DOCTOR_SWARM_NODE_DRAINED), 1);

	/* Two managers, both reachable: no more tolerant than one. */
	f = find(&s, DOCTOR_SWARM_QUORUM, "swarm");
	assert_non_null(f);
	assert_int_equal(f->severity, DOCTOR_INFO);
	assert_string_equal(f->title, "2 managers tolerate 0 lost, as 1 "
				      "would: an odd number is better");
	assert_int_equal(count(&s, DOCTOR_SWARM_QUORUM), 1);

	/* The failing service of that run, with its error. */
	f = find(&s, DOCTOR_SWARM_TASKS_FAILING, "failing");
	assert_non_null(f);
	assert_non_null(strstr(f->detail, "task: non-zero exit (3)"));
	assert_null(find(&s, DOCTOR_SWARM_REPLICAS, "spread"));
	sw_free(&s);
}

/*
 * Three managers (msw-w1 promoted), msw-m2's dockerd killed: two of three
 * reachable is exactly the majority.
 */
static void
test_quorum(void **state)
{
	struct sw s;
	const struct doctor_finding *f;

	(void)state;
	memset(&s, 0, sizeof s);
	s.nodes = load("nodes_quorum.v1.41.json", dec_nodes);
	s.in.nodes = s.nodes;
	s.in.now = rfc3339_parse("2026-12-03T12:08:00Z");
	sw_run(&s);
	f = find(&s, DOCTOR_SWARM_QUORUM, "msw-m2");
	assert_non_null(f);
	assert_int_equal(f->severity, DOCTOR_CRIT);
	assert_string_equal(f->title, "manager quorum at risk: 2 of 3 "
				      "managers reachable, 2 needed");
	assert_int_equal(f->kind, KIND_NODE);
	/* A manager down is critical, a worker down a warning. */
	f = find(&s, DOCTOR_SWARM_NODE_DOWN, "msw-m2");
	assert_non_null(f);
	assert_int_equal(f->severity, DOCTOR_CRIT);
	assert_string_equal(f->title, "manager node down");
	f = find(&s, DOCTOR_SWARM_NODE_DRAINED, "msw-w1");
	assert_non_null(f);
	assert_string_equal(f->title, "manager node drained");

	/* The leader alone reachable: the quorum is lost. */
	for (size_t i = 0; i < s.nodes->n; i++)
		if (strcmp(s.nodes->v[i].hostname, "msw-w1") == 0) {
			free(s.nodes->v[i].reachability);
			s.nodes->v[i].reachability = strdup("unreachable");
		}
	sw_run(&s);
	f = find(&s, DOCTOR_SWARM_QUORUM, "msw-m2, msw-w1");
	assert_non_null(f);
	assert_int_equal(f->severity, DOCTOR_CRIT);
	assert_string_equal(f->title, "manager quorum lost: 1 of 3 managers "
				      "reachable, 2 needed");
	sw_free(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_below_replicas),
	    cmocka_unit_test(test_tasks_failing),
	    cmocka_unit_test(test_certificates),
	    cmocka_unit_test(test_single_node_quiet),
	    cmocka_unit_test(test_nodes_down_and_drained),
	    cmocka_unit_test(test_quorum),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
