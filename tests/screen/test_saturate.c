/*
 * Numbers from an engine at the ends of 64 bits, through a whole console
 * on a routed fake engine: event times whose nanoseconds do not fit (the
 * events stream's resume point, the events pane's sort key and clock) and
 * prune sizes whose totals do not fit (the preview, the question, the
 * report and the status line). Each sum or product saturates; under UBSan
 * (make SAN=1) an overflow stops the test.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "api/endpoint.h"
#include "api/xalloc.h"
#include "tests/support/fake_engine.h"
#include "tests/support/screen.h"
#include "tui/core/app.h"
#include "tui/core/console.h"
#include "tui/core/events.h"
#include "tui/parts.h"
#include "widgets/key.h"

#define ROWS 30
#define COLS 140
#define JSON_HEAD "Content-Type: application/json\r\nApi-Version: 1.41\r\n"

#define C_ID "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00"
#define I_ID "1a9e00001a9e00001a9e00001a9e00001a9e00001a9e00001a9e00001a9e0000"
#define BIG "9223372036854775807"

/* Events: an ordinary one, one at INT64_MAX seconds without timeNano,
 * one at INT64_MAX nanoseconds. */
#define EV(id, tail)                                                           \
	"{\"Type\":\"container\",\"Action\":\"start\",\"Actor\":{\"ID\":\"" id \
	"\",\"Attributes\":{\"name\":\"" id "\"}},\"scope\":\"local\"," tail   \
	"}\n"
#define EVENTS                                                                 \
	EV("ev-plain", "\"time\":1900000000,\"timeNano\":1900000000123456789") \
	EV("ev-huge-seconds", "\"time\":" BIG)                                 \
	EV("ev-huge-nanos", "\"time\":9223372036,\"timeNano\":" BIG)

static char *replies[32];
static struct fake_route routes[32];
static size_t n_routes;

static void
route(const char *method, const char *pattern, char *reply, bool hang)
{
	replies[n_routes] = reply;
	routes[n_routes++] = (struct fake_route){
	    .method = method, .pattern = pattern, .reply = reply, .hang = hang};
}

static void
json(const char *method, const char *pattern, const char *body)
{
	route(method, pattern, fake_response(200, JSON_HEAD, body), false);
}

/* An engine with one stopped container, one dangling image and one
 * unused volume, each of INT64_MAX bytes, whose prunes reclaim as much. */
static void
routes_make(void)
{
	char *ev = xasprintf("HTTP/1.1 200 OK\r\n" JSON_HEAD
			     "Transfer-Encoding: chunked\r\n\r\n%zx\r\n%s\r\n",
	    strlen(EVENTS), EVENTS);

	n_routes = 0;
	route(NULL, "/_ping*", fake_response(200, JSON_HEAD, "OK"), false);
	json("GET", "/version*",
	    "{\"Version\":\"24.0.0\",\"ApiVersion\":\"1.41\","
	    "\"MinAPIVersion\":\"1.12\",\"Os\":\"linux\",\"Arch\":\"amd64\"}");
	json("GET", "/info*",
	    "{\"ID\":\"x\",\"Name\":\"big\",\"OSType\":\"linux\",\"NCPU\":2,"
	    "\"MemTotal\":1073741824,\"ServerVersion\":\"24.0.0\"}");
	route("GET", "/events*", ev, true);
	json("GET", "/containers/json*",
	    "[{\"Id\":\"" C_ID "\",\"Names\":[\"/huge\"],\"Image\":\"img\","
	    "\"ImageID\":\"sha256:" I_ID "\",\"Command\":\"true\","
	    "\"Created\":1700000000,\"Ports\":[],\"Labels\":{},"
	    "\"State\":\"exited\",\"Status\":\"Exited (0) 1 hour ago\","
	    "\"HostConfig\":{},\"NetworkSettings\":{\"Networks\":{}},"
	    "\"Mounts\":[],\"SizeRw\":" BIG "}]");
	json("GET", "/images/json*",
	    "[{\"Id\":\"sha256:" I_ID "\",\"RepoTags\":[\"<none>:<none>\"],"
	    "\"Created\":1700000000,\"Size\":" BIG ",\"SharedSize\":-1,"
	    "\"Containers\":0,\"Labels\":{}}]");
	json("GET", "/volumes*",
	    "{\"Volumes\":[{\"Name\":\"hugevol\",\"Driver\":\"local\","
	    "\"Mountpoint\":\"/v\",\"Labels\":{},\"Scope\":\"local\"}],"
	    "\"Warnings\":null}");
	json("GET", "/networks*", "[]");
	json("GET", "/system/df*",
	    "{\"LayersSize\":" BIG ",\"Images\":[{\"Id\":\"sha256:" I_ID "\","
	    "\"RepoTags\":[\"<none>:<none>\"],\"Created\":1700000000,"
	    "\"Size\":" BIG ",\"SharedSize\":0,\"Containers\":0}],"
	    "\"Containers\":[{\"Id\":\"" C_ID "\",\"Names\":[\"/huge\"],"
	    "\"State\":\"exited\",\"SizeRw\":" BIG ",\"Created\":1700000000}],"
	    "\"Volumes\":[{\"Name\":\"hugevol\",\"Driver\":\"local\","
	    "\"UsageData\":{\"Size\":" BIG ",\"RefCount\":0}}],"
	    "\"BuildCache\":[]}");
	json("POST", "/containers/prune*",
	    "{\"ContainersDeleted\":[\"" C_ID "\"],\"SpaceReclaimed\":" BIG
	    "}");
	json("POST", "/images/prune*",
	    "{\"ImagesDeleted\":[{\"Deleted\":\"sha256:" I_ID "\"}],"
	    "\"SpaceReclaimed\":" BIG "}");
	json("POST", "/volumes/prune*",
	    "{\"VolumesDeleted\":[\"hugevol\"],\"SpaceReclaimed\":" BIG "}");
	json("POST", "/networks/prune*", "{\"NetworksDeleted\":null}");
	json("POST", "/build/prune*",
	    "{\"CachesDeleted\":null,\"SpaceReclaimed\":0}");
}

static void
routes_free(void)
{
	for (size_t i = 0; i < n_routes; i++)
		free(replies[i]);
	n_routes = 0;
}

struct fx {
	struct fake_engine *fe;
	struct console *app;
	WINDOW *w;
};

static int
fx_setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	struct endpoint ep;
	struct docker *d;
	struct config cfg;
	struct app_opts o = {0};
	char *cause = NULL;

	ts_init(ROWS, COLS);
	f->w = ts_window(ROWS, COLS);
	routes_make();
	f->fe = fake_engine_start_routes(routes, n_routes);
	assert_non_null(f->fe);
	assert_true(endpoint_parse(&ep, fake_engine_addr(f->fe), &cause));
	d = docker_new(&ep, &cause);
	endpoint_done(&ep);
	assert_non_null(d);
	config_init(&cfg);
	o.pane = "containers";
	f->app = app_new(d, &cfg, &o, &berth_parts);
	app_start(f->app);
	*state = f;
	return 0;
}

static int
fx_teardown(void **state)
{
	struct fx *f = *state;

	app_free(f->app);
	fake_engine_stop(f->fe);
	routes_free();
	ts_done();
	free(f);
	return 0;
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The screen as text, drawn now (owned). */
static char *
fx_screen(struct fx *f)
{
	pane_sync(console_active_pane(f->app), false);
	app_draw_to(f->app, f->w, ROWS, COLS);
	return ts_dump(f->w);
}

/* Pumps the loop until the screen shows want, or fails after 10 s. */
static void
fx_wait_for(struct fx *f, const char *want)
{
	char *s = NULL;

	for (double end = now_s() + 10; now_s() < end;) {
		app_pump(f->app, 20);
		free(s);
		s = fx_screen(f);
		if (strstr(s, want)) {
			free(s);
			return;
		}
	}
	fprintf(stderr, "%s\n", s);
	fail_msg("no \"%s\" on the screen", want);
}

static void
fx_keys(struct fx *f, const char *keys)
{
	for (const char *k = keys; *k; k++) {
		app_feed_key(f->app, (unsigned char)*k);
		app_pump(f->app, 0);
	}
}

/* Whether a cell of r holds text (the events pane has 5 columns). */
static bool
row_has(const struct pane_row *r, const char *text)
{
	for (size_t c = 0; r && c < 5; c++)
		if (r->cells[c] && strstr(r->cells[c], text))
			return true;
	return false;
}

/*
 * The stream resumes after the newest event it saw: an ordinary time, a
 * time in seconds too big for nanoseconds (ignored: it says nothing), a
 * time of INT64_MAX nanoseconds (the resume point saturates). The events
 * pane sorts them by time, the biggest first, with no clock for what the
 * C library cannot break down.
 */
static void
test_event_times(void **state)
{
	struct fx *f = *state;
	const struct events *ev = &console_engine(f->app)->events;
	struct pane *p;
	char *s;

	for (double end = now_s() + 10; now_s() < end && events_count(ev) < 3;)
		app_pump(f->app, 20);
	assert_int_equal(events_count(ev), 3);
	assert_true(ev->since_nano == INT64_MAX);
	assert_true(console_show_pane(f->app, "events"));
	s = fx_screen(f);
	p = console_active_pane(f->app);
	assert_int_equal(pane_row_count(p), 3);
	/* Newest first: both huge times sort before the ordinary one. */
	assert_true(row_has(pane_view_row(p, 2), "ev-plain"));
	assert_non_null(strstr(s, "ev-huge-seconds"));
	/* No clock for a time past what localtime() breaks down. */
	assert_true(row_has(pane_view_row(p, 0), "?") ||
		    row_has(pane_view_row(p, 1), "?"));
	free(s);
}

/*
 * :prune (volumes included): three kinds of INT64_MAX bytes each. The
 * preview's total, the question's, the report's and the status line's all
 * say the most 64 bits hold, never a negative or wrapped size.
 */
static void
test_prune_totals(void **state)
{
	struct fx *f = *state;
	char *s;

	fx_wait_for(f, "huge");
	fx_keys(f, ":prune\n");
	fx_wait_for(f, "Total:");
	s = fx_screen(f);
	assert_non_null(strstr(s, "containers: 1 to delete, 9223PB"));
	assert_non_null(strstr(s, "images: 1 to delete, 9223PB"));
	assert_non_null(strstr(s, "volumes: 1 to delete, 9223PB"));
	assert_non_null(strstr(s, "about 9223PB freed"));
	free(s);
	fx_keys(f, "y");
	fx_wait_for(f, "Prune?");
	fx_wait_for(f, "(about 9223PB)");
	fx_keys(f, "y");
	fx_wait_for(f, "Reclaimed in all: 9223PB");
	fx_wait_for(f, "reclaimed");
	s = fx_screen(f);
	assert_non_null(strstr(s, "3 deleted, 9223PB reclaimed"));
	assert_null(strstr(s, "Reclaimed in all: -"));
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(
		test_event_times, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(
		test_prune_totals, fx_setup, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
