/*
 * A build carries every registry's credentials (X-Registry-Config), so
 * that a FROM on a private registry can be pulled: from the docker
 * config ($DOCKER_CONFIG, with an auths entry and a credHelpers registry
 * whose stub helper is on PATH) through docker_image_build, and through
 * the console's build form, to a fake engine that records the request.
 * The header is decoded there and compared as JSON; the passwords reach
 * neither the screen nor the audit log.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "api/auth.h"
#include "api/build.h"
#include "api/calls.h"
#include "api/docker.h"
#include "api/endpoint.h"
#include "api/xalloc.h"
#include "tests/support/fake_engine.h"
#include "tests/support/it.h"
#include "tests/support/screen.h"
#include "tui/core/app.h"
#include "tui/core/config.h"
#include "tui/core/console.h"
#include "tui/parts.h"
#include "widgets/key.h"

#define ROWS 30
#define COLS 120
#define JSON_HEAD "Content-Type: application/json\r\nApi-Version: 1.41\r\n"
#define IMAGE_ID                                                               \
	"sha256:"                                                              \
	"b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0"

/* What the config below must give, keys sorted. */
#define WANT_JSON                                                              \
	"{\"helped.example\":{\"password\":\"help-secret\","                   \
	"\"serveraddress\":\"helped.example\",\"username\":\"hu\"},"           \
	"\"reg.example:5000\":{\"password\":\"pw1-secret\","                   \
	"\"serveraddress\":\"reg.example:5000\",\"username\":\"al\"}}"

static char dir[256]; /* DOCKER_CONFIG, the helper, the context */

static void
put(const char *name, const char *text, mode_t mode)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	chmod(path, mode);
	free(path);
}

static int
setup(void **state)
{
	char *path;

	(void)state;
	if (!it_tmpdir(dir, sizeof dir, "buildreg"))
		return -1;
	/* "al:pw1-secret" in base64. */
	put("config.json",
	    "{\"auths\": {\"reg.example:5000\": "
	    "{\"auth\": \"YWw6cHcxLXNlY3JldA==\"}},"
	    " \"credHelpers\": {\"helped.example\": \"bristub\"}}",
	    0600);
	put("docker-credential-bristub",
	    "#!/bin/sh\n"
	    "read -r line\n"
	    "case \"$1 $line\" in\n"
	    "'get helped.example') printf '{\"Username\":\"hu\","
	    "\"Secret\":\"help-secret\"}' ;;\n"
	    "*) echo 'credentials not found in native keychain'; exit 1 ;;\n"
	    "esac\n",
	    0755);
	put("Dockerfile", "FROM reg.example:5000/base\n", 0644);
	setenv("DOCKER_CONFIG", dir, 1);
	path = xasprintf("%s:%s", dir, getenv("PATH"));
	setenv("PATH", path, 1);
	free(path);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	it_run("rm -rf '%s'", dir);
	unsetenv("DOCKER_CONFIG");
	return 0;
}

/* The X-Registry-Config of the one POST /build the engine got, decoded. */
static char *
sent_config(struct fake_engine *fe)
{
	const char *raw = fake_engine_raw(fe), *h, *end;
	char *v, *json;

	assert_non_null(strstr(raw, "POST /v"));
	h = strstr(raw, "\r\nX-Registry-Config: ");
	assert_non_null(h);
	h += strlen("\r\nX-Registry-Config: ");
	end = strstr(h, "\r\n");
	assert_non_null(end);
	v = xstrndup(h, (size_t)(end - h));
	/* base64url: nothing a header or a URL would mangle. */
	assert_null(strpbrk(v, "+/ "));
	json = auth_unbase64(v, NULL);
	assert_non_null(json);
	free(v);
	/* Only one build was sent. */
	assert_null(strstr(end, "X-Registry-Config"));
	return json;
}

static size_t
ctx_bytes(char *buf, size_t len, void *arg)
{
	int *left = arg;

	if (*left == 0 || len == 0)
		return 0;
	buf[0] = 'x';
	(*left)--;
	return 1;
}

static bool
sink(const char *data, size_t len, void *arg)
{
	(void)data;
	(void)len;
	(void)arg;
	return true;
}

/* The value from the config file, as the call sends it. */
static void
test_call_sends_config(void **state)
{
	static const struct fake_reply replies[] = {
	    {.parts = {"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
		       "Content-Length: 3\r\nConnection: close\r\n\r\n{}\n"}},
	};
	struct fake_engine *fe = fake_engine_start(replies, 1);
	struct docker *d;
	struct docker_build_opts o = {0};
	struct docker_result r;
	char *warning = NULL, *json, *value;
	int left = 5;

	(void)state;
	assert_non_null(fe);
	d = it_client(fake_engine_addr(fe));
	value = auth_build_config_default(&warning);
	o.registry_config = value;
	assert_null(warning);
	docker_sync_call(d,
	    docker_image_build(
		d, &o, ctx_bytes, &left, sink, docker_sync_fill, &r),
	    &r);
	assert_int_equal(r.status, DOCKER_OK);
	docker_result_done(&r);
	auth_wipe_free(value);
	json = sent_config(fe);
	assert_string_equal(json, WANT_JSON);
	free(json);
	docker_free(d);
	fake_engine_stop(fe);
}

static char *replies[16];
static struct fake_route routes[16];
static size_t n_routes;

static void
json_route(const char *method, const char *pattern, const char *body)
{
	replies[n_routes] = fake_response(200, JSON_HEAD, body);
	routes[n_routes] = (struct fake_route){
	    .method = method, .pattern = pattern, .reply = replies[n_routes]};
	n_routes++;
}

/* An empty engine whose builds say a step and the image they made. */
static void
routes_make(void)
{
	n_routes = 0;
	json_route(NULL, "/_ping*", "OK");
	json_route("GET", "/version*",
	    "{\"Version\":\"24.0.0\",\"ApiVersion\":\"1.41\","
	    "\"MinAPIVersion\":\"1.12\",\"Os\":\"linux\",\"Arch\":\"amd64\"}");
	json_route("GET", "/info*",
	    "{\"ID\":\"x\",\"Name\":\"fake\",\"OSType\":\"linux\","
	    "\"NCPU\":1,\"MemTotal\":1073741824,\"ServerVersion\":\"24.0.0\"}");
	json_route("GET", "/containers/json*", "[]");
	json_route("GET", "/images/json*", "[]");
	json_route("GET", "/volumes*", "{\"Volumes\":[],\"Warnings\":null}");
	json_route("GET", "/networks*", "[]");
	json_route("GET", "/system/df*",
	    "{\"LayersSize\":0,\"Images\":[],\"Containers\":[],"
	    "\"Volumes\":[],\"BuildCache\":[]}");
	/* The events stream: open and quiet. */
	replies[n_routes] = xstrdup("HTTP/1.1 200 OK\r\n" JSON_HEAD
				    "Transfer-Encoding: chunked\r\n\r\n");
	routes[n_routes] = (struct fake_route){.method = "GET",
	    .pattern = "/events*",
	    .reply = replies[n_routes],
	    .hang = true};
	n_routes++;
	json_route("POST", "/build*",
	    "{\"stream\":\"Step 1/1 : FROM reg.example:5000/base\\n\"}\n"
	    "{\"aux\":{\"ID\":\"" IMAGE_ID "\"}}\n"
	    "{\"stream\":\"Successfully built b0b0b0b0b0b0\\n\"}\n");
}

/* Whether the audit log at state holds s. */
static bool
audit_has(const char *state, const char *s)
{
	char *path = xasprintf("%s/berth/audit.log", state);
	char *text = it_capture("cat '%s'", path);
	bool yes = text && strstr(text, s);

	free(text);
	free(path);
	return yes;
}

/* The console's build form: submitted, the engine gets the header. */
static void
test_console_build_sends_config(void **state)
{
	char *state_home = it_state_home("buildreg"), *json, *screen = NULL;
	struct fake_engine *fe;
	struct console *a;
	struct config cfg;
	struct app_opts o = {.pane = "images"};
	WINDOW *w;
	double end;

	(void)state;
	assert_non_null(state_home);
	routes_make();
	fe = fake_engine_start_routes(routes, n_routes);
	assert_non_null(fe);
	ts_init(ROWS, COLS);
	w = ts_window(ROWS, COLS);
	config_init(&cfg);
	a = app_new(it_client(fake_engine_addr(fe)), &cfg, &o, &berth_parts);
	app_start(a);
	app_feed_key(a, 'B');
	assert_true(console_overlay_open(a));
	/* The folder field has "." in it: replace it with ours. */
	for (int i = 0; i < 4; i++)
		app_feed_key(a, WKEY(KEY_BACKSPACE));
	for (const char *c = dir; *c; c++)
		app_feed_key(a, *c);
	app_feed_key(a, WKEY_CTRL('s'));
	for (end = it_now() + 20; console_overlay_open(a) && it_now() < end;)
		app_pump(a, 50);
	assert_false(console_overlay_open(a));
	app_pump(a, 50);
	app_draw_to(a, w, ROWS, COLS);
	screen = ts_dump(w);
	if (strstr(screen, "built ") == NULL)
		fprintf(stderr, "%s\n", screen);
	assert_non_null(strstr(screen, "built "));
	assert_null(strstr(screen, "secret"));
	json = sent_config(fe);
	assert_string_equal(json, WANT_JSON);
	free(json);
	/* The build is audited, its credentials are not. */
	assert_true(audit_has(state_home, "build"));
	assert_false(audit_has(state_home, "secret"));
	assert_false(audit_has(state_home, "X-Registry"));
	free(screen);
	app_free(a);
	ts_done();
	fake_engine_stop(fe);
	for (size_t i = 0; i < n_routes; i++)
		free(replies[i]);
	it_state_home_remove(state_home);
	free(state_home);
}

/* Types text into the console, then Enter. */
static void
type_line(struct console *a, const char *text)
{
	for (const char *c = text; *c; c++)
		app_feed_key(a, (unsigned char)*c);
	app_feed_key(a, '\n');
}

/*
 * :build takes docker build's options: they fill the form, and the
 * request says them; an option the form does not have is refused.
 */
static void
test_build_line_fills_the_form(void **state)
{
	char *state_home = it_state_home("buildline"), *line, *screen;
	const char *reqs;
	struct fake_engine *fe;
	struct console *a;
	struct config cfg;
	struct app_opts o = {.pane = "images"};
	WINDOW *w;
	double end;

	(void)state;
	assert_non_null(state_home);
	routes_make();
	fe = fake_engine_start_routes(routes, n_routes);
	assert_non_null(fe);
	ts_init(ROWS, COLS);
	w = ts_window(ROWS, COLS);
	config_init(&cfg);
	a = app_new(it_client(fake_engine_addr(fe)), &cfg, &o, &berth_parts);
	app_start(a);
	type_line(a, ":build --frobnicate x");
	assert_false(console_overlay_open(a));
	app_draw_to(a, w, ROWS, COLS);
	screen = ts_dump(w);
	assert_non_null(strstr(screen, "--frobnicate is not an option"));
	free(screen);
	line = xasprintf(":build %s -t itline/app:1 --tag=itline/app:two "
			 "--build-arg V=2 --label team=ops --no-cache",
	    dir);
	type_line(a, line);
	free(line);
	assert_true(console_overlay_open(a));
	app_draw_to(a, w, ROWS, COLS);
	screen = ts_dump(w);
	assert_non_null(strstr(screen, "itline/app:1 itline/app:two"));
	assert_non_null(strstr(screen, "V=2"));
	assert_non_null(strstr(screen, "team=ops"));
	free(screen);
	app_feed_key(a, WKEY_CTRL('s'));
	for (end = it_now() + 20; console_overlay_open(a) && it_now() < end;)
		app_pump(a, 50);
	assert_false(console_overlay_open(a));
	reqs = fake_engine_requests(fe);
	assert_non_null(strstr(reqs, "t=itline%2Fapp%3A1"));
	assert_non_null(strstr(reqs, "t=itline%2Fapp%3Atwo"));
	assert_non_null(strstr(reqs, "nocache=1"));
	assert_non_null(strstr(reqs, "buildargs="));
	assert_non_null(strstr(reqs, "labels="));
	app_free(a);
	ts_done();
	fake_engine_stop(fe);
	for (size_t i = 0; i < n_routes; i++)
		free(replies[i]);
	it_state_home_remove(state_home);
	free(state_home);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_call_sends_config),
	    cmocka_unit_test(test_console_build_sends_config),
	    cmocka_unit_test(test_build_line_fills_the_form),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
