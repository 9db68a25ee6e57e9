/*
 * A list the engine refuses is not asked for in a loop: a fake engine
 * whose container list answers 500, whose service list answers 503 (a
 * worker, or no swarm) and whose image list is not JSON. The console
 * shows each pane for a few seconds: each list is asked for again after
 * 1 s, 2 s, 4 s... (it used to be asked for on every pass of the loop,
 * hundreds of times a second), and its error is said once, in words.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/xalloc.h"
#include "tests/support/fake_engine.h"
#include "tests/support/it.h"
#include "tests/support/screen.h"
#include "tui/core/app.h"
#include "tui/core/config.h"
#include "tui/core/console.h"
#include "tui/parts.h"

#define ROWS 30
#define COLS 120
#define JSON_HEAD "Content-Type: application/json\r\nApi-Version: 1.41\r\n"
/* How long each pane is shown, and what that allows: asked at 0, 1, 3 s
 * (and 7 s), with room for a slow machine. */
#define SHOWN_S 5.0
#define MAX_ASKS 5

static char *replies[16];
static struct fake_route routes[16];
static size_t n_routes;

static void
route(const char *method, const char *pattern, int status, const char *body)
{
	replies[n_routes] = fake_response(status, JSON_HEAD, body);
	routes[n_routes] = (struct fake_route){
	    .method = method, .pattern = pattern, .reply = replies[n_routes]};
	n_routes++;
}

static void
routes_make(void)
{
	n_routes = 0;
	route(NULL, "/_ping*", 200, "OK");
	route("GET", "/version*", 200,
	    "{\"Version\":\"24.0.0\",\"ApiVersion\":\"1.41\","
	    "\"MinAPIVersion\":\"1.12\",\"Os\":\"linux\",\"Arch\":\"amd64\"}");
	route("GET", "/info*", 200,
	    "{\"ID\":\"x\",\"Name\":\"fake\",\"OSType\":\"linux\","
	    "\"NCPU\":1,\"MemTotal\":1073741824,\"ServerVersion\":\"24.0.0\"}");
	route("GET", "/containers/json*", 500,
	    "{\"message\":\"the list is broken today\"}");
	route("GET", "/services*", 503,
	    "{\"message\":\"This node is not a swarm manager.\"}");
	route("GET", "/images/json*", 200, "[{\"Id\": ");
	route("GET", "/volumes*", 200, "{\"Volumes\":[],\"Warnings\":null}");
	route("GET", "/networks*", 200, "[]");
	route("GET", "/system/df*", 200,
	    "{\"LayersSize\":0,\"Images\":[],\"Containers\":[],"
	    "\"Volumes\":[],\"BuildCache\":[]}");
	replies[n_routes] = xstrdup("HTTP/1.1 200 OK\r\n" JSON_HEAD
				    "Transfer-Encoding: chunked\r\n\r\n");
	routes[n_routes] = (struct fake_route){.method = "GET",
	    .pattern = "/events*",
	    .reply = replies[n_routes],
	    .hang = true};
	n_routes++;
	route(NULL, "/*", 404, "{\"message\":\"not in this test\"}");
}

/* How many requests so far name path. */
static int
asked(struct fake_engine *fe, const char *path)
{
	const char *r = fake_engine_requests(fe);
	int n = 0;

	for (const char *p = r; (p = strstr(p, path)) != NULL; p++)
		n++;
	return n;
}

/* Shows pane for SHOWN_S; its list path is asked for a few times only. */
static void
shown_for_a_while(struct console *a, struct fake_engine *fe, WINDOW *w,
    const char *pane, const char *path, const char *said)
{
	int before = asked(fe, path), n;
	char *screen;

	assert_true(console_show_pane(a, pane));
	for (double end = it_now() + SHOWN_S; it_now() < end;)
		app_pump(a, 50);
	n = asked(fe, path) - before;
	fprintf(stderr, "%s: %d requests in %.0f s\n", path, n, SHOWN_S);
	assert_true(n >= 2); /* it is tried again */
	assert_true(n <= MAX_ASKS);
	app_draw_to(a, w, ROWS, COLS);
	screen = ts_dump(w);
	if (strstr(screen, said) == NULL)
		fprintf(stderr, "%s\n", screen);
	assert_non_null(strstr(screen, said));
	free(screen);
}

static void
test_refused_lists_back_off(void **state)
{
	struct fake_engine *fe;
	struct console *a;
	struct config cfg;
	struct app_opts o = {.pane = "volumes"};
	WINDOW *w;
	char *screen;

	(void)state;
	routes_make();
	fe = fake_engine_start_routes(routes, n_routes);
	assert_non_null(fe);
	ts_init(ROWS, COLS);
	w = ts_window(ROWS, COLS);
	config_init(&cfg);
	a = app_new(it_client(fake_engine_addr(fe)), &cfg, &o, &berth_parts);
	app_start(a);
	shown_for_a_while(a, fe, w, "containers", "/containers/json",
	    "the list is broken today");
	shown_for_a_while(
	    a, fe, w, "services", "/services", "not a swarm manager");
	shown_for_a_while(a, fe, w, "images", "/images/json", "invalid JSON");
	/* The decoder's words name the list once. */
	app_draw_to(a, w, ROWS, COLS);
	screen = ts_dump(w);
	assert_null(strstr(screen, "images: images:"));
	free(screen);
	app_free(a);
	ts_done();
	fake_engine_stop(fe);
	for (size_t i = 0; i < n_routes; i++)
		free(replies[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_refused_lists_back_off),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
