/* Unit tests for the typed engine calls: what each one sends, escaped. */

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "api/buf.h"
#include "api/calls.h"
#include "api/docker.h"
#include "api/endpoint.h"
#include "api/xalloc.h"
#include "tests/support/fake_engine.h"

/* Before negotiation every path carries the oldest version. */
#define V "/v" DOCKER_API_MIN

/* An id that would add to the path and the query if it were not escaped. */
#define HOSTILE "a b/c?d&e"
#define HOSTILE_ESC "a%20b%2Fc%3Fd%26e"

#define FILTERS "{\"label\":[\"a=b\"]}"
#define FILTERS_ESC "%7B%22label%22%3A%5B%22a%3Db%22%5D%7D"

#define FX_REPLIES 16

/*
 * A streamed call's one arg goes to on_data and to docker_sync_fill,
 * which wants the result first.
 */
struct fx_stream {
	struct docker_result r;
	struct buf data; /* what on_data received */
};

struct fx {
	struct fake_engine *fe;
	struct docker *d;
	char *reply;
	struct fake_reply replies[FX_REPLIES];
	size_t seen; /* bytes of the raw requests already checked */
	char *head; /* the last request's head, owned */
	struct fx_stream s;
};

/* A client of a fake engine that answers every request with reply. */
static struct docker *
fx_start(void **state, int status, const char *body)
{
	struct fx *fx = *state;
	struct endpoint ep;
	char *cause = NULL;

	fx->reply =
	    fake_response(status, "Content-Type: application/json\r\n", body);
	for (size_t i = 0; i < FX_REPLIES; i++)
		fx->replies[i].parts[0] = fx->reply;
	fx->fe = fake_engine_start(fx->replies, FX_REPLIES);
	assert_non_null(fx->fe);
	assert_true(endpoint_parse(&ep, fake_engine_addr(fx->fe), &cause));
	fx->d = docker_new(&ep, &cause);
	endpoint_done(&ep);
	assert_non_null(fx->d);
	return fx->d;
}

static int
fx_setup(void **state)
{
	struct fx *fx = xcalloc(1, sizeof *fx);

	buf_init(&fx->s.data);
	*state = fx;
	fx_start(state, 200, "{}");
	return 0;
}

static int
fx_teardown(void **state)
{
	struct fx *fx = *state;

	docker_free(fx->d);
	fake_engine_stop(fx->fe);
	free(fx->reply);
	free(fx->head);
	buf_done(&fx->s.data);
	free(fx);
	return 0;
}

static struct docker *
fx_d(void **state)
{
	return ((struct fx *)*state)->d;
}

static bool
fx_on_data(const char *data, size_t len, void *arg)
{
	struct fx_stream *s = arg;

	buf_append(&s->data, data, len);
	return true;
}

static size_t
fx_content_length(const char *head)
{
	const char *p = strstr(head, "\r\nContent-Length: ");

	return p ? (size_t)strtoul(p + 18, NULL, 10) : 0;
}

/*
 * Checks that the call behind r went well, then that the next request the
 * engine saw is line (method, path and query) with body (NULL: none).
 */
static void
fx_check(
    void **state, struct docker_result *r, const char *line, const char *body)
{
	struct fx *fx = *state;
	const char *raw = fake_engine_raw(fx->fe) + fx->seen, *end;
	size_t n = strlen(line), head, len;

	if (r->status != DOCKER_OK)
		fail_msg("%s: %s", line, r->message ? r->message : "?");
	docker_result_done(r);
	if (strncmp(raw, line, n) != 0 || strncmp(raw + n, " HTTP/1.1\r\n", 11))
		fail_msg("sent \"%.*s\"; expected \"%s\"",
		    (int)strcspn(raw, "\r"), raw, line);
	end = strstr(raw, "\r\n\r\n");
	assert_non_null(end);
	head = (size_t)(end - raw) + 4;
	free(fx->head);
	fx->head = xstrndup(raw, head);
	len = fx_content_length(fx->head);
	assert_int_equal(len, body ? strlen(body) : 0);
	if (body)
		assert_memory_equal(raw + head, body, len);
	fx->seen += head + len;
}

/* Checks that the last request checked had this header line. */
static void
fx_header(void **state, const char *line)
{
	struct fx *fx = *state;
	char *want = xasprintf("\r\n%s\r\n", line);

	if (strstr(fx->head, want) == NULL)
		fail_msg("no \"%s\" in:\n%s", line, fx->head);
	free(want);
}

/* ---- blocking use ---- */

static void
test_sync_call_error(void **state)
{
	struct fx *fx = *state;
	struct docker *d;
	struct docker_result r;

	docker_free(fx->d);
	fake_engine_stop(fx->fe);
	free(fx->reply);
	d = fx_start(state, 404, "{\"message\":\"No such container: x\"}");
	docker_sync_call(
	    d, docker_container_inspect(d, "x", docker_sync_fill, &r), &r);
	assert_int_equal(r.status, DOCKER_ERR_HTTP);
	assert_int_equal(r.http_status, 404);
	assert_string_equal(r.message, "No such container: x");
	assert_non_null(strstr(r.body, "No such container"));
	docker_result_done(&r);
}

/* ---- escaping ---- */

static void
test_ids_are_one_segment(void **state)
{
	struct docker *d = fx_d(state);
	struct docker_result r;

	docker_sync_call(
	    d, docker_container_inspect(d, HOSTILE, docker_sync_fill, &r), &r);
	fx_check(state, &r, "GET " V "/containers/" HOSTILE_ESC "/json", NULL);
	docker_sync_call(
	    d, docker_image_inspect(d, HOSTILE, docker_sync_fill, &r), &r);
	fx_check(state, &r, "GET " V "/images/" HOSTILE_ESC "/json", NULL);
	docker_sync_call(
	    d, docker_volume_inspect(d, HOSTILE, docker_sync_fill, &r), &r);
	fx_check(state, &r, "GET " V "/volumes/" HOSTILE_ESC, NULL);
	docker_sync_call(
	    d, docker_network_inspect(d, HOSTILE, docker_sync_fill, &r), &r);
	fx_check(state, &r, "GET " V "/networks/" HOSTILE_ESC, NULL);
	docker_sync_call(
	    d, docker_exec_inspect(d, HOSTILE, docker_sync_fill, &r), &r);
	fx_check(state, &r, "GET " V "/exec/" HOSTILE_ESC "/json", NULL);
	/* Dots alone would be folded out of the path. */
	docker_sync_call(
	    d, docker_container_inspect(d, "..", docker_sync_fill, &r), &r);
	fx_check(state, &r, "GET " V "/containers/%2E%2E/json", NULL);
	docker_sync_call(
	    d, docker_image_history(d, "a..b", docker_sync_fill, &r), &r);
	fx_check(state, &r, "GET " V "/images/a..b/history", NULL);
}

/* ---- containers ---- */

static void
test_container_list(void **state)
{
	struct docker *d = fx_d(state);
	struct docker_result r;

	docker_sync_call(d, docker_container_list(d, docker_sync_fill, &r), &r);
	fx_check(state, &r, "GET " V "/containers/json?all=1", NULL);
	docker_sync_call(d,
	    docker_container_list_filtered(
		d, FILTERS, true, docker_sync_fill, &r),
	    &r);
	fx_check(state, &r,
	    "GET " V "/containers/json?all=1&size=1&filters=" FILTERS_ESC,
	    NULL);
	docker_sync_call(d,
	    docker_container_list_filtered(
		d, FILTERS, false, docker_sync_fill, &r),
	    &r);
	fx_check(state, &r,
	    "GET " V "/containers/json?all=1&filters=" FILTERS_ESC, NULL);
}

static void
test_container_act(void **state)
{
	static const struct {
		enum docker_verb v;
		const char *signal, *want;
	} cases[] = {
	    {DOCKER_VERB_START, NULL, "/start"},
	    {DOCKER_VERB_STOP, "TERM", "/stop"},
	    {DOCKER_VERB_RESTART, NULL, "/restart"},
	    {DOCKER_VERB_PAUSE, NULL, "/pause"},
	    {DOCKER_VERB_UNPAUSE, NULL, "/unpause"},
	    {DOCKER_VERB_KILL, "HUP", "/kill?signal=HUP"},
	    {DOCKER_VERB_KILL, NULL, "/kill"},
	    {DOCKER_VERB_WAIT, NULL, "/wait"},
	};
	struct docker *d = fx_d(state);
	struct docker_result r;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *want = xasprintf("%s%s",
		    "POST " V "/containers/" HOSTILE_ESC, cases[i].want);

		docker_sync_call(d,
		    docker_container_act(d, HOSTILE, cases[i].v,
			cases[i].signal, docker_sync_fill, &r),
		    &r);
		fx_check(state, &r, want, "");
		free(want);
	}
}

static void
test_container_change(void **state)
{
	struct docker *d = fx_d(state);
	struct docker_result r;

	docker_sync_call(d,
	    docker_container_remove(
		d, HOSTILE, true, false, docker_sync_fill, &r),
	    &r);
	fx_check(state, &r,
	    "DELETE " V "/containers/" HOSTILE_ESC "?force=1&v=0", NULL);
	docker_sync_call(d,
	    docker_container_remove(d, "c1", false, true, docker_sync_fill, &r),
	    &r);
	fx_check(state, &r, "DELETE " V "/containers/c1?force=0&v=1", NULL);
	docker_sync_call(d,
	    docker_container_rename(d, "c1", HOSTILE, docker_sync_fill, &r),
	    &r);
	fx_check(
	    state, &r, "POST " V "/containers/c1/rename?name=" HOSTILE_ESC, "");
	docker_sync_call(d,
	    docker_container_create(
		d, HOSTILE, "{\"Image\":\"x\"}", docker_sync_fill, &r),
	    &r);
	fx_check(state, &r, "POST " V "/containers/create?name=" HOSTILE_ESC,
	    "{\"Image\":\"x\"}");
	fx_header(state, "Content-Type: application/json");
	docker_sync_call(d,
	    docker_container_create(d, NULL, "{}", docker_sync_fill, &r), &r);
	fx_check(state, &r, "POST " V "/containers/create", "{}");
}

static void
test_container_logs(void **state)
{
	struct fx *fx = *state;
	struct docker *d = fx_d(state);
	struct docker_result r;
	struct docker_logs_opts all = {.out = true, .err = true};
	struct docker_logs_opts o = {
	    .follow = true,
	    .out = true,
	    .timestamps = true,
	    .tail = true,
	    .tail_lines = 0,
	    .since_ns = 1700000000000000000LL,
	    .until_ns = 1700000001500000000LL,
	};

	docker_sync_call(d,
	    docker_container_logs(
		d, HOSTILE, &o, fx_on_data, docker_sync_fill, &fx->s),
	    &fx->s.r);
	/* Streamed: the data went to on_data, not to the body. */
	assert_string_equal(fx->s.r.body, "");
	fx_check(state, &fx->s.r,
	    "GET " V "/containers/" HOSTILE_ESC "/logs?stdout=1&follow=1"
	    "&timestamps=1&tail=0&since=1700000000&until=1700000001.500000000",
	    NULL);
	assert_string_equal(buf_cstr(&fx->s.data), "{}");
	docker_sync_call(d,
	    docker_container_logs(d, "c1", &all, NULL, docker_sync_fill, &r),
	    &r);
	assert_string_equal(r.body, "{}");
	fx_check(
	    state, &r, "GET " V "/containers/c1/logs?stdout=1&stderr=1", NULL);
}

static void
test_container_stats_top(void **state)
{
	struct fx *fx = *state;
	struct docker *d = fx_d(state);
	struct docker_result r;

	docker_sync_call(d,
	    docker_container_stats(
		d, HOSTILE, fx_on_data, docker_sync_fill, &fx->s),
	    &fx->s.r);
	assert_string_equal(fx->s.r.body, "");
	fx_check(state, &fx->s.r,
	    "GET " V "/containers/" HOSTILE_ESC "/stats?stream=1", NULL);
	assert_string_equal(buf_cstr(&fx->s.data), "{}");
	docker_sync_call(
	    d, docker_container_stats(d, "c1", NULL, docker_sync_fill, &r), &r);
	assert_string_equal(r.body, "{}");
	fx_check(state, &r,
	    "GET " V "/containers/c1/stats?stream=false&one-shot=true", NULL);
	docker_sync_call(
	    d, docker_container_top(d, "c1", "-ef", docker_sync_fill, &r), &r);
	fx_check(state, &r, "GET " V "/containers/c1/top?ps_args=-ef", NULL);
	docker_sync_call(
	    d, docker_container_top(d, "c1", NULL, docker_sync_fill, &r), &r);
	fx_check(state, &r, "GET " V "/containers/c1/top", NULL);
}

/* ---- images ---- */

static void
test_image_calls(void **state)
{
	struct docker *d = fx_d(state);
	struct docker_result r;
	const char *ref = "docker.io/library/nginx:1.25";
#define REF_ESC "docker.io%2Flibrary%2Fnginx%3A1.25"

	docker_sync_call(d, docker_image_list(d, docker_sync_fill, &r), &r);
	fx_check(state, &r, "GET " V "/images/json", NULL);
	docker_sync_call(d, docker_image_list_all(d, docker_sync_fill, &r), &r);
	fx_check(state, &r, "GET " V "/images/json?all=1", NULL);
	docker_sync_call(
	    d, docker_image_inspect(d, ref, docker_sync_fill, &r), &r);
	fx_check(state, &r, "GET " V "/images/" REF_ESC "/json", NULL);
	docker_sync_call(
	    d, docker_image_history(d, HOSTILE, docker_sync_fill, &r), &r);
	fx_check(state, &r, "GET " V "/images/" HOSTILE_ESC "/history", NULL);
	docker_sync_call(
	    d, docker_image_remove(d, ref, true, docker_sync_fill, &r), &r);
	fx_check(state, &r, "DELETE " V "/images/" REF_ESC "?force=1", NULL);
	docker_sync_call(d,
	    docker_image_remove(d, "sha256:ab", false, docker_sync_fill, &r),
	    &r);
	fx_check(state, &r, "DELETE " V "/images/sha256%3Aab?force=0", NULL);
	docker_sync_call(d,
	    docker_image_tag(
		d, "sha256:ab", HOSTILE, "v1&x=1", docker_sync_fill, &r),
	    &r);
	fx_check(state, &r,
	    "POST " V "/images/sha256%3Aab/tag?repo=" HOSTILE_ESC
	    "&tag=v1%26x%3D1",
	    "");
#undef REF_ESC
}

static void
test_image_pull_push(void **state)
{
	struct fx *fx = *state;
	struct docker *d = fx_d(state);

	docker_sync_call(d,
	    docker_image_pull(d, "docker.io/library/nginx", "sha256:ab",
		fx_on_data, docker_sync_fill, &fx->s),
	    &fx->s.r);
	assert_string_equal(fx->s.r.body, "");
	fx_check(state, &fx->s.r,
	    "POST " V "/images/create?fromImage=docker.io%2Flibrary%2Fnginx"
	    "&tag=sha256%3Aab",
	    "");
	assert_string_equal(buf_cstr(&fx->s.data), "{}");
	docker_sync_call(d,
	    docker_image_push(d, "reg:5000/me/app", "v1", NULL, fx_on_data,
		docker_sync_fill, &fx->s),
	    &fx->s.r);
	fx_check(state, &fx->s.r,
	    "POST " V "/images/reg%3A5000%2Fme%2Fapp/push?tag=v1", "");
	fx_header(state, "X-Registry-Auth: e30=");
	docker_sync_call(d,
	    docker_image_push(d, "app", "v1", "eyJ1IjoiYSJ9", fx_on_data,
		docker_sync_fill, &fx->s),
	    &fx->s.r);
	fx_check(state, &fx->s.r, "POST " V "/images/app/push?tag=v1", "");
	fx_header(state, "X-Registry-Auth: eyJ1IjoiYSJ9");
}

/* ---- volumes and networks ---- */

static void
test_volume_calls(void **state)
{
	struct docker *d = fx_d(state);
	struct docker_result r;

	docker_sync_call(d, docker_volume_list(d, docker_sync_fill, &r), &r);
	fx_check(state, &r, "GET " V "/volumes", NULL);
	docker_sync_call(d,
	    docker_volume_remove(d, HOSTILE, true, docker_sync_fill, &r), &r);
	fx_check(
	    state, &r, "DELETE " V "/volumes/" HOSTILE_ESC "?force=1", NULL);
	docker_sync_call(
	    d, docker_volume_remove(d, "v1", false, docker_sync_fill, &r), &r);
	fx_check(state, &r, "DELETE " V "/volumes/v1?force=0", NULL);
	docker_sync_call(d,
	    docker_volume_create(d, "{\"Name\":\"v1\"}", docker_sync_fill, &r),
	    &r);
	fx_check(state, &r, "POST " V "/volumes/create", "{\"Name\":\"v1\"}");
}

static void
test_network_calls(void **state)
{
	struct docker *d = fx_d(state);
	struct docker_result r;

	docker_sync_call(d, docker_network_list(d, docker_sync_fill, &r), &r);
	fx_check(state, &r, "GET " V "/networks", NULL);
	docker_sync_call(
	    d, docker_network_remove(d, HOSTILE, docker_sync_fill, &r), &r);
	fx_check(state, &r, "DELETE " V "/networks/" HOSTILE_ESC, NULL);
	docker_sync_call(d,
	    docker_network_create(d, "{\"Name\":\"n1\"}", docker_sync_fill, &r),
	    &r);
	fx_check(state, &r, "POST " V "/networks/create", "{\"Name\":\"n1\"}");
}

/* ---- the engine ---- */

static void
test_system_calls(void **state)
{
	struct docker *d = fx_d(state);
	struct docker_result r;

	docker_sync_call(d, docker_system_info(d, docker_sync_fill, &r), &r);
	fx_check(state, &r, "GET " V "/info", NULL);
	docker_sync_call(d, docker_system_version(d, docker_sync_fill, &r), &r);
	fx_check(state, &r, "GET " V "/version", NULL);
	docker_sync_call(d, docker_system_df(d, docker_sync_fill, &r), &r);
	fx_check(state, &r, "GET " V "/system/df", NULL);
}

static void
test_events(void **state)
{
	struct fx *fx = *state;
	struct docker *d = fx_d(state);
	struct docker_result r;
	struct docker_events_opts live = {.since_ns = 1700000000000000001LL};
	struct docker_events_opts past = {
	    .since_ns = 1700000000000000000LL,
	    .until_ns = 1700003600000000000LL,
	    .filters = FILTERS,
	};
	struct docker_events_opts now = {0};

	docker_sync_call(d,
	    docker_events(d, &live, fx_on_data, docker_sync_fill, &fx->s),
	    &fx->s.r);
	assert_string_equal(fx->s.r.body, "");
	fx_check(state, &fx->s.r, "GET " V "/events?since=1700000000.000000001",
	    NULL);
	assert_string_equal(buf_cstr(&fx->s.data), "{}");
	docker_sync_call(
	    d, docker_events(d, &past, NULL, docker_sync_fill, &r), &r);
	assert_string_equal(r.body, "{}");
	fx_check(state, &r,
	    "GET " V "/events?since=1700000000&until=1700003600"
	    "&filters=" FILTERS_ESC,
	    NULL);
	docker_sync_call(d,
	    docker_events(d, &now, fx_on_data, docker_sync_fill, &fx->s),
	    &fx->s.r);
	fx_check(state, &fx->s.r, "GET " V "/events", NULL);
}

static void
test_prune(void **state)
{
	static const struct {
		enum docker_prune_kind k;
		bool all;
		const char *filters, *want;
	} cases[] = {
	    {DOCKER_PRUNE_CONTAINERS, false, FILTERS,
		"/containers/prune?filters=" FILTERS_ESC},
	    {DOCKER_PRUNE_IMAGES, true, NULL, "/images/prune"},
	    {DOCKER_PRUNE_VOLUMES, true, FILTERS,
		"/volumes/prune?filters=" FILTERS_ESC},
	    {DOCKER_PRUNE_NETWORKS, false, "{}",
		"/networks/prune?filters=%7B%7D"},
	    {DOCKER_PRUNE_BUILD, false, NULL, "/build/prune"},
	    {DOCKER_PRUNE_BUILD, true, FILTERS,
		"/build/prune?all=1&filters=" FILTERS_ESC},
	};
	struct docker *d = fx_d(state);
	struct docker_result r;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *want = xasprintf("POST " V "%s", cases[i].want);

		docker_sync_call(d,
		    docker_prune(d, cases[i].k, cases[i].all, cases[i].filters,
			docker_sync_fill, &r),
		    &r);
		fx_check(state, &r, want, "");
		free(want);
	}
}

#define FX_TEST(f) cmocka_unit_test_setup_teardown(f, fx_setup, fx_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    FX_TEST(test_sync_call_error),
	    FX_TEST(test_ids_are_one_segment),
	    FX_TEST(test_container_list),
	    FX_TEST(test_container_act),
	    FX_TEST(test_container_change),
	    FX_TEST(test_container_logs),
	    FX_TEST(test_container_stats_top),
	    FX_TEST(test_image_calls),
	    FX_TEST(test_image_pull_push),
	    FX_TEST(test_volume_calls),
	    FX_TEST(test_network_calls),
	    FX_TEST(test_system_calls),
	    FX_TEST(test_events),
	    FX_TEST(test_prune),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
