/*
 * Swarm decoders and helpers (api/decode_swarm.c, api/stack.c) on lists
 * captured from a single-node swarm of the test's own (the fixtures
 * nodes, services, tasks, secrets, configs and swarm .v1.41.json): the
 * fields the panes show, the specs updates send, the log line prefix, the
 * CA certificate's expiry and the stacks.
 */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "api/decode_swarm.h"
#include "api/model.h"
#include "api/stack.h"
#include "api/xalloc.h"
#include "tests/support/fixture.h"

static void *
load(const char *name, void *(*dec)(const char *, size_t, char **))
{
	size_t len;
	char *text = fixture_read(name, &len), *cause = NULL;
	void *v = dec(text, len, &cause);

	assert_null(cause);
	assert_non_null(v);
	free(text);
	return v;
}

static void *
dec_nodes(const char *s, size_t n, char **c)
{
	return decode_node_list(s, n, c);
}

static void *
dec_services(const char *s, size_t n, char **c)
{
	return decode_service_list(s, n, c);
}

static void *
dec_tasks(const char *s, size_t n, char **c)
{
	return decode_task_list(s, n, c);
}

static void *
dec_objects(const char *s, size_t n, char **c)
{
	return decode_swarm_object_list(s, n, c);
}

static void *
dec_swarm(const char *s, size_t n, char **c)
{
	return decode_swarm(s, n, c);
}

static void
test_nodes(void **state)
{
	struct docker_node_list *l = load("nodes.v1.41.json", dec_nodes);
	const struct docker_node *nd = &l->v[0];

	(void)state;
	assert_int_equal(l->n, 1);
	assert_string_equal(nd->hostname, "vm");
	assert_string_equal(nd->role, "manager");
	assert_string_equal(nd->availability, "active");
	assert_string_equal(nd->state, "ready");
	assert_string_equal(nd->addr, "127.0.0.1");
	assert_true(nd->manager && nd->leader);
	assert_string_equal(nd->reachability, "reachable");
	assert_string_equal(nd->engine_version, "20.10.24+dfsg1");
	assert_int_equal(nd->nano_cpus, 2000000000);
	assert_int_equal(nd->version, 27);
	assert_int_equal(nd->labels.n, 0);
	docker_node_list_free(l);
}

static const struct docker_service *
service_named(const struct docker_service_list *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].name, name) == 0)
			return &l->v[i];
	fail_msg("no service %s", name);
	return NULL;
}

static void
test_services(void **state)
{
	struct docker_service_list *l =
	    load("services.v1.41.json", dec_services);
	const struct docker_service *web = service_named(l, "shop_web");
	const struct docker_service *upd = service_named(l, "upd");
	const struct docker_service *agent = service_named(l, "agent");

	(void)state;
	assert_int_equal(l->n, 4);
	assert_string_equal(web->mode, "replicated");
	assert_int_equal(web->replicas, 2);
	assert_int_equal(web->running, 2);
	assert_int_equal(web->desired, 2);
	assert_string_equal(web->stack, "shop");
	assert_int_equal(web->n_ports, 1);
	assert_int_equal(web->ports[0].published, 8089);
	assert_int_equal(web->ports[0].target, 80);
	assert_string_equal(web->ports[0].mode, "ingress");
	assert_string_equal(web->secrets[0], "shop_dbpass");
	assert_null(web->secrets[1]);
	assert_string_equal(web->configs[0], "shop_conf");
	assert_int_equal(strv_len(web->networks), 1);
	assert_null(web->update_state);
	assert_false(web->has_previous);
	assert_string_equal(upd->update_state, "paused");
	assert_non_null(strstr(upd->update_message, "update paused"));
	assert_string_equal(upd->image, "berth-test/missing:1");
	assert_true(upd->has_previous);
	assert_int_equal(upd->running, 0);
	assert_string_equal(agent->mode, "global");
	assert_int_equal(agent->replicas, -1);
	assert_null(agent->stack);
	docker_service_list_free(l);
}

static void
test_tasks(void **state)
{
	struct docker_task_list *l = load("tasks.v1.41.json", dec_tasks);
	size_t failed = 0, rejected = 0, running = 0;

	(void)state;
	assert_int_equal(l->n, 11);
	for (size_t i = 0; i < l->n; i++) {
		const struct docker_task *t = &l->v[i];

		if (strcmp(t->state, "failed") == 0) {
			failed++;
			assert_string_equal(t->err, "task: non-zero exit (3)");
			assert_int_equal(t->exit_code, 3);
			assert_non_null(t->container_id);
		} else if (strcmp(t->state, "rejected") == 0) {
			rejected++;
			assert_string_equal(
			    t->err, "No such image: berth-test/missing:1");
			assert_null(t->container_id);
		} else if (strcmp(t->state, "running") == 0) {
			running++;
			assert_null(t->err);
			assert_int_equal(t->exit_code, -1);
			assert_string_equal(t->desired, "running");
		}
	}
	assert_int_equal(failed, 4);
	assert_int_equal(rejected, 2);
	assert_int_equal(running, 3);
	docker_task_list_free(l);
}

static void
test_secrets_configs_swarm(void **state)
{
	struct docker_swarm_object_list *s =
	    load("secrets.v1.41.json", dec_objects);
	struct docker_swarm_object_list *c =
	    load("configs.v1.41.json", dec_objects);
	struct docker_swarm *sw = load("swarm.v1.41.json", dec_swarm);

	(void)state;
	assert_int_equal(s->n, 1);
	assert_string_equal(s->v[0].name, "shop_dbpass");
	assert_string_equal(kvlist_get(&s->v[0].labels, STACK_LABEL), "shop");
	assert_int_equal(c->n, 1);
	assert_string_equal(c->v[0].name, "shop_conf");
	assert_int_equal(sw->heartbeat_ns, 5000000000);
	/* The test CA: "NotAfter 2046-11-28 11:29:00 UTC". */
	assert_int_equal(sw->ca_not_after, 2427017340);
	docker_swarm_object_list_free(s);
	docker_swarm_object_list_free(c);
	docker_swarm_free(sw);
}

static void
test_stacks(void **state)
{
	struct docker_service_list *sl =
	    load("services.v1.41.json", dec_services);
	struct docker_swarm_object_list *s =
	    load("secrets.v1.41.json", dec_objects);
	struct docker_swarm_object_list *c =
	    load("configs.v1.41.json", dec_objects);
	struct stack_list *l = stack_list_make(sl, NULL, s, c);
	const struct stack *st = stack_find(l, "shop");

	(void)state;
	assert_int_equal(l->n, 1);
	assert_non_null(st);
	assert_int_equal(st->services.n, 1);
	assert_string_equal(st->services.names[0], "shop_web");
	assert_int_equal(st->running, 2);
	assert_int_equal(st->desired, 2);
	assert_string_equal(st->secrets.names[0], "shop_dbpass");
	assert_string_equal(st->configs.names[0], "shop_conf");
	assert_null(stack_find(l, "other"));
	stack_list_free(l);
	docker_service_list_free(sl);
	docker_swarm_object_list_free(s);
	docker_swarm_object_list_free(c);
}

static void
test_specs(void **state)
{
	const char *node = "{\"ID\":\"n\",\"Version\":{\"Index\":7},"
			   "\"Spec\":{\"Role\":\"worker\",\"Availability\":"
			   "\"active\",\"Labels\":{\"a\":\"1\"}}}";
	const char *svc =
	    "{\"ID\":\"s\",\"Version\":{\"Index\":9},\"Spec\":{\"Name\":"
	    "\"web\",\"TaskTemplate\":{\"ContainerSpec\":{\"Image\":\"a:1\"},"
	    "\"ForceUpdate\":2},\"Mode\":{\"Replicated\":{\"Replicas\":1}}}}";
	const char *global = "{\"Version\":{\"Index\":1},\"Spec\":"
			     "{\"Mode\":{\"Global\":{}}}}";
	struct swarm_node_edit ne = {NULL, "drain", "a", NULL};
	struct swarm_service_edit se = {5, "b:2", true};
	int64_t v = 0;
	char *cause = NULL, *out;

	(void)state;
	out = swarm_node_spec(node, strlen(node), &ne, &v, &cause);
	assert_int_equal(v, 7);
	assert_string_equal(out, "{\"Role\":\"worker\",\"Availability\":"
				 "\"drain\",\"Labels\":{}}");
	free(out);
	ne = (struct swarm_node_edit){"manager", NULL, "zone", "b"};
	out = swarm_node_spec(node, strlen(node), &ne, &v, &cause);
	assert_string_equal(out, "{\"Role\":\"manager\",\"Availability\":"
				 "\"active\",\"Labels\":{\"a\":\"1\","
				 "\"zone\":\"b\"}}");
	free(out);
	out = swarm_service_spec(svc, strlen(svc), &se, &v, &cause);
	assert_int_equal(v, 9);
	assert_non_null(strstr(out, "\"Replicas\":5"));
	assert_non_null(strstr(out, "\"Image\":\"b:2\""));
	assert_non_null(strstr(out, "\"ForceUpdate\":3"));
	assert_null(strstr(out, "\"ID\""));
	free(out);
	/* A global service does not scale; no Version is refused. */
	assert_null(
	    swarm_service_spec(global, strlen(global), &se, &v, &cause));
	assert_string_equal(cause, "only a replicated service scales");
	free(cause);
	cause = NULL;
	assert_null(swarm_node_spec("{\"Spec\":{}}", 11, &ne, &v, &cause));
	assert_non_null(cause);
	free(cause);
}

static void
test_create_and_prefix(void **state)
{
	char l1[] = "a=1", l2[] = "b", *n, *s, *t;
	char *labels[] = {l1, l2, NULL};
	char *j = swarm_object_create_json("pw", labels, "hi", 2);
	const char *line = "com.docker.swarm.node.id=N1,com.docker.swarm."
			   "service.id=S1,com.docker.swarm.task.id=T1 hello";
	size_t k;

	(void)state;
	assert_string_equal(j, "{\"Name\":\"pw\",\"Labels\":{\"a\":\"1\","
			       "\"b\":\"\"},\"Data\":\"aGk=\"}");
	free(j);
	k = swarm_log_prefix(line, strlen(line), &n, &s, &t);
	assert_string_equal(line + k, "hello");
	assert_string_equal(n, "N1");
	assert_string_equal(s, "S1");
	assert_string_equal(t, "T1");
	free(n);
	free(s);
	free(t);
	assert_int_equal(swarm_log_prefix("plain line", 10, &n, &s, &t), 0);
	assert_null(n);
	assert_int_equal(swarm_pem_not_after("no certificate"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_nodes),
	    cmocka_unit_test(test_services),
	    cmocka_unit_test(test_tasks),
	    cmocka_unit_test(test_secrets_configs_swarm),
	    cmocka_unit_test(test_stacks),
	    cmocka_unit_test(test_specs),
	    cmocka_unit_test(test_create_and_prefix),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
