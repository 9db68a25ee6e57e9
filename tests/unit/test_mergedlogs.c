/*
 * Unit tests for the merged followed logs (tui/views/mergedlogs.c) through
 * both of its sources, on a routed fake engine: a service's stream with
 * its tasks named from the store, the engine's error as a line, a
 * project's container followed once its start event comes (inspected
 * first, prefixed, padded), the title and the keys.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "api/compose.h"
#include "api/decode_swarm.h"
#include "api/docker.h"
#include "api/endpoint.h"
#include "api/http.h"
#include "tests/support/fake_engine.h"
#include "tests/support/screen.h"
#include "themes/theme.h"
#include "tui/core/app.h"
#include "tui/core/config.h"
#include "tui/core/store.h"
#include "tui/parts.h"
#include "tui/views/mergedlogs.h"
#include "tui/views/projlogs.h"
#include "tui/views/svclogs.h"

#define JSON "Content-Type: application/json\r\n"

static const char tasks_json[] =
    "[{\"ID\":\"t1\",\"ServiceID\":\"s1\",\"Slot\":2,\"NodeID\":\"n1\"}]";
static const char nodes_json[] =
    "[{\"ID\":\"n1\",\"Description\":{\"Hostname\":\"node-a\"}}]";
static const char services_json[] = "[{\"ID\":\"s1\",\"Spec\":{\"Name\":"
				    "\"web\",\"TaskTemplate\":{"
				    "\"ContainerSpec\":{\"TTY\":true}}}}]";

/* A TTY's stream (raw: no frames), as details=1 prefixes it. */
static const char svc_stream[] =
    "com.docker.swarm.node.id=n1,com.docker.swarm.service.id=s1,"
    "com.docker.swarm.task.id=t1 hello\r\n"
    "com.docker.swarm.node.id=n2,com.docker.swarm.service.id=s1,"
    "com.docker.swarm.task.id=t9 from a new task\r\n";

static struct console *
routed_app(struct fake_engine *fe)
{
	struct endpoint ep;
	struct docker *d;
	struct config cfg;
	struct app_opts o = {0};
	char *cause = NULL;

	assert_non_null(fe);
	assert_true(endpoint_parse(&ep, fake_engine_addr(fe), &cause));
	d = docker_new(&ep, &cause);
	endpoint_done(&ep);
	assert_non_null(d);
	config_init(&cfg);
	return app_new(d, &cfg, &o, &berth_parts);
}

/* Pumps until line i of the open view exists; NULL if it never comes. */
static const char *
wait_line(struct console *a, size_t i)
{
	for (int k = 0; k < 200; k++) {
		const char *l = mergedlogs_line(console_view(a), i);

		if (l)
			return l;
		http_step(docker_http(console_engine(a)->d), 20);
	}
	return NULL;
}

/* Pumps until the view's title says text; false if it never does. */
static bool
wait_title(struct console *a, const char *text)
{
	WINDOW *w = ts_window(12, 100);

	for (int k = 0; k < 200; k++) {
		char *dump;
		bool found;

		app_draw_to(a, w, 12, 100);
		dump = ts_dump(w);
		found = strstr(dump, text) != NULL;
		if (found) {
			free(dump);
			return true;
		}
		if (k == 199)
			fprintf(stderr, "%s", dump);
		free(dump);
		http_step(docker_http(console_engine(a)->d), 20);
	}
	return false;
}

static void
put_slot(struct console *a, enum kind k, void *list)
{
	struct store *s = &console_engine(a)->store;

	assert_non_null(list);
	s->slot[k] = list;
	s->loaded[k] = true;
}

static void
test_service_tasks_named_from_store(void **state)
{
	char *logs = fake_response(200, "", svc_stream);
	char *tasks = fake_response(200, JSON, tasks_json);
	char *nodes = fake_response(200, JSON, nodes_json);
	const struct fake_route routes[] = {
	    {"GET", "/services/s1/logs*", logs, false},
	    {"GET", "/tasks*", tasks, false},
	    {"GET", "/nodes*", nodes, false},
	};
	struct fake_engine *fe = fake_engine_start_routes(routes, 3);
	struct console *a = routed_app(fe);
	struct mergedlogs *ml;
	const char *l, *req;
	char *cause = NULL;

	(void)state;
	ts_init(12, 100);
	put_slot(a, KIND_SERVICE,
	    decode_service_list(services_json, strlen(services_json), &cause));
	put_slot(a, KIND_TASK,
	    decode_task_list(tasks_json, strlen(tasks_json), &cause));
	put_slot(a, KIND_NODE,
	    decode_node_list(nodes_json, strlen(nodes_json), &cause));
	svclogs_open(a, console_engine(a), "s1", "web");
	ml = console_view(a);
	assert_non_null(ml);
	/* Known task and node: "service.slot@hostname". */
	l = wait_line(a, 0);
	assert_non_null(l);
	assert_string_equal(l, "web.2@node-a | hello");
	/* Neither known (yet): their short ids. */
	l = wait_line(a, 1);
	assert_non_null(l);
	assert_string_equal(l, "web.t9@n2 | from a new task");
	assert_null(mergedlogs_line(ml, 2));
	assert_int_equal(pager_line(&ml->pager, 0)->role, THEME_ROLE_NORMAL);
	assert_true(wait_title(a, "service web  Logs  every task (the stream "
				  "ended)"));
	/* The tail asked for, with the task and node ids. */
	req = fake_engine_requests(fe);
	assert_non_null(strstr(req, "/services/s1/logs?"));
	assert_non_null(strstr(req, "details=1"));
	assert_non_null(strstr(req, "tail=1000"));
	/* One tab: Tab does nothing; an unknown key is passed on. */
	assert_int_equal(
	    mergedlogs_view_ops.handle(ml, ACTION_NEXT_PANE), ACTION_NONE);
	assert_int_equal(
	    mergedlogs_view_ops.handle(ml, ACTION_SAVE), ACTION_SAVE);
	app_free(a);
	fake_engine_stop(fe);
	ts_done();
	free(logs);
	free(tasks);
	free(nodes);
}

static void
test_service_error_is_a_line(void **state)
{
	char *gone =
	    fake_response(404, JSON, "{\"message\":\"service s2 not found\"}");
	const struct fake_route routes[] = {
	    {"GET", "/services/s2/logs*", gone, false},
	};
	struct fake_engine *fe = fake_engine_start_routes(routes, 1);
	struct console *a = routed_app(fe);
	struct mergedlogs *ml;
	const char *l;

	(void)state;
	svclogs_open(a, console_engine(a), "s2", NULL);
	ml = console_view(a);
	l = wait_line(a, 0);
	assert_non_null(l);
	/* No prefix on berth's own line; the error's colour. */
	assert_string_equal(l, "service s2 not found");
	assert_int_equal(pager_line(&ml->pager, 0)->role, THEME_ROLE_ERROR);
	assert_string_equal(ml->name, "s2");
	app_free(a);
	fake_engine_stop(fe);
	free(gone);
}

static void
test_project_follows_started_container(void **state)
{
	char *inspect = fake_response(200, JSON,
	    "{\"Id\":\"c9\",\"Name\":\"/"
	    "shop-web-1\",\"Config\":{\"Tty\":true}}");
	char *logs = fake_response(200, "", "hi there\r\nsecond\r\n");
	const struct fake_route routes[] = {
	    {"GET", "/containers/c9/json*", inspect, false},
	    {"GET", "/containers/c9/logs*", logs, false},
	};
	struct fake_engine *fe = fake_engine_start_routes(routes, 2);
	struct console *a = routed_app(fe);
	char k1[] = COMPOSE_PROJECT, v1[] = "shop";
	char k2[] = COMPOSE_SERVICE, v2[] = "web";
	char k3[] = COMPOSE_NUMBER, v3[] = "1";
	char v1other[] = "blog";
	struct kv attrs[] = {{k1, v1}, {k2, v2}, {k3, v3}};
	char type[] = "container", action[] = "start", id[] = "c9";
	char other_id[] = "c8";
	struct docker_event e = {type, action, id, {attrs, 3}, NULL, 0, 0};
	struct mergedlogs *ml;
	const char *l, *req;

	(void)state;
	ts_init(12, 100);
	projlogs_open(a, console_engine(a), "shop");
	ml = console_view(a);
	assert_non_null(ml);
	assert_int_equal(ml->n, 0);
	assert_string_equal(mergedlogs_line(ml, 0),
	    "no containers in this project (yet): the logs of those that "
	    "start are shown as they come");
	/* Another project's container is not followed. */
	attrs[0].value = v1other;
	e.actor_id = other_id;
	mergedlogs_view_ops.event(ml, &e);
	assert_int_equal(ml->n, 0);
	attrs[0].value = v1;
	e.actor_id = id;
	mergedlogs_view_ops.event(ml, &e);
	assert_int_equal(ml->n, 1);
	l = wait_line(a, 2);
	assert_non_null(l);
	assert_string_equal(mergedlogs_line(ml, 1), "web-1 | hi there");
	assert_string_equal(l, "web-1 | second");
	assert_true(
	    wait_title(a, "project shop  Logs  1 container, 0 followed"));
	/* Inspected first (a TTY's stream is raw); only what comes next. */
	req = fake_engine_requests(fe);
	assert_non_null(strstr(req, "/containers/c9/json"));
	assert_non_null(strstr(req, "/containers/c9/logs?"));
	assert_non_null(strstr(req, "tail=0"));
	/* Scrolled up: the title says how to follow again. */
	assert_int_equal(
	    mergedlogs_view_ops.handle(ml, ACTION_UP), ACTION_NONE);
	assert_true(wait_title(a, "0 followed  (paused: G follows)"));
	app_free(a);
	fake_engine_stop(fe);
	ts_done();
	free(inspect);
	free(logs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_service_tasks_named_from_store),
	    cmocka_unit_test(test_service_error_is_a_line),
	    cmocka_unit_test(test_project_follows_started_container),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
