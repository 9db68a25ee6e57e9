/* Unit tests for the engine client: versions, negotiation and faults. */

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <time.h>

#include "api/buf.h"
#include "api/docker.h"
#include "api/endpoint.h"
#include "api/http.h"
#include "api/stream.h"
#include "api/xalloc.h"
#include "tests/support/fake_engine.h"

/* ---- versions ---- */

static int
sign(int v)
{
	return v < 0 ? -1 : v > 0;
}

static void
test_version_cmp(void **state)
{
	static const struct {
		const char *a, *b;
		int want;
	} cases[] = {
	    {"1.41", "1.41", 0},
	    {"1.41", "1.45", -1},
	    {"1.45", "1.41", 1},
	    {"1.9", "1.10", -1},
	    {"1.4", "1.40", -1},
	    {"2.0", "1.99", 1},
	    {"1.41", "1.41.0", 0},
	    {"1.41.1", "1.41", 1},
	    {"1", "1.0", 0},
	    {"", "1.0", -1},
	    {"", "", 0},
	    {"1.41", "1.041", 0},
	    /* Suffixes are not numbers and end the comparison. */
	    {"1.41-rc1", "1.41", 0},
	    /* Absurd numbers from a broken engine must not overflow. */
	    {"1.99999999999999999999999999", "1.45", 1},
	    {"99999999999999999999999.1", "1.45", 1},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int got = sign(docker_version_cmp(cases[i].a, cases[i].b));
		int back = sign(docker_version_cmp(cases[i].b, cases[i].a));

		if (got != cases[i].want || back != -cases[i].want)
			fail_msg("cmp(\"%s\", \"%s\") = %d, reversed %d; "
				 "expected %d",
			    cases[i].a, cases[i].b, got, back, cases[i].want);
	}
	assert_true(docker_version_cmp(DOCKER_API_MIN, DOCKER_API_MAX) < 0);
}

static void
test_status_str(void **state)
{
	for (int s = DOCKER_OK; s <= DOCKER_ERR_OTHER; s++) {
		const char *str = docker_status_str((enum docker_status)s);

		assert_non_null(str);
		assert_true(strlen(str) > 1);
	}
	assert_string_equal(docker_status_str(DOCKER_ERR_API_TOO_OLD),
	    "the engine's API is too old");
}

/* ---- against the fake engine ---- */

struct fx {
	struct fake_engine *fe;
	struct docker *d;
};

static int
fx_setup(void **state)
{
	*state = xcalloc(1, sizeof(struct fx));
	return 0;
}

static int
fx_teardown(void **state)
{
	struct fx *fx = *state;

	docker_free(fx->d);
	fake_engine_stop(fx->fe);
	free(fx);
	return 0;
}

/* Starts a fake engine with these replies and a client for it. */
static struct docker *
fx_start(void **state, const struct fake_reply *replies, size_t n)
{
	struct fx *fx = *state;
	struct endpoint ep;
	char *cause = NULL;

	fx->fe = fake_engine_start(replies, n);
	assert_non_null(fx->fe);
	assert_true(endpoint_parse(&ep, fake_engine_addr(fx->fe), &cause));
	fx->d = docker_new(&ep, &cause);
	endpoint_done(&ep);
	assert_non_null(fx->d);
	return fx->d;
}

static const char *
fx_requests(void **state)
{
	struct fx *fx = *state;

	return fake_engine_requests(fx->fe);
}

static void
assert_contains(const char *s, const char *sub)
{
	if (s == NULL || strstr(s, sub) == NULL)
		fail_msg(
		    "\"%s\" does not contain \"%s\"", s ? s : "(null)", sub);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Runs the loop until *done, failing after max seconds. */
static void
run_until(struct docker *d, const bool *done, double max)
{
	double end = now() + max;

	while (!*done) {
		if (now() > end)
			fail_msg("no answer within %.0f seconds", max);
		http_step(docker_http(d), 100);
	}
}

#define PING(hdr)                                                              \
	"HTTP/1.1 200 OK\r\n" hdr "\r\nContent-Type: text/plain; "             \
	"charset=utf-8\r\nContent-Length: 2\r\nConnection: close\r\n\r\nOK"

static const char list_reply[] =
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
    "Content-Length: 3\r\nConnection: close\r\n\r\n[]\n";

static void
ping_and_list(void **state, const char *ping, const char *want_api,
    const char *want_engine)
{
	const struct fake_reply replies[] = {
	    {.parts = {ping}},
	    {.parts = {list_reply}},
	};
	struct docker *d = fx_start(state, replies, 2);
	struct docker_result r;
	char *want;

	assert_false(docker_negotiated(d));
	assert_string_equal(docker_api_version(d), DOCKER_API_MIN);
	docker_sync_ping(d, &r);
	if (r.status != DOCKER_OK)
		fail_msg("ping: %s", r.message ? r.message : "?");
	assert_null(r.message);
	assert_int_equal(r.http_status, 200);
	assert_true(docker_negotiated(d));
	assert_string_equal(docker_api_version(d), want_api);
	assert_string_equal(docker_engine_api_version(d), want_engine);
	docker_result_done(&r);

	docker_sync(d, "GET", "/containers/json?all=1", NULL, &r);
	assert_int_equal(r.status, DOCKER_OK);
	assert_string_equal(r.body, "[]\n");
	assert_int_equal(r.len, 3);
	docker_result_done(&r);

	/* The ping is unversioned, like the docker CLI's; the rest carry
	 * the negotiated version. */
	want = xasprintf("GET /_ping HTTP/1.1\n"
			 "GET /v%s/containers/json?all=1 HTTP/1.1\n",
	    want_api);
	assert_string_equal(fx_requests(state), want);
	free(want);
}

static void
test_ping_header_mixed_case(void **state)
{
	ping_and_list(state, PING("Api-Version: 1.43"), "1.43", "1.43");
}

static void
test_ping_header_lower_case(void **state)
{
	ping_and_list(state, PING("api-version:1.42  "), "1.42", "1.42");
}

static void
test_ping_header_upper_case(void **state)
{
	ping_and_list(state, PING("API-VERSION: \t1.44"), "1.44", "1.44");
}

static void
test_ping_newer_engine(void **state)
{
	/* A newer engine still speaks our newest version. */
	ping_and_list(state,
	    PING("Api-Version: 1.47\r\nDocker-Experimental: "
		 "false\r\nOstype: linux"),
	    DOCKER_API_MAX, "1.47");
}

static void
test_ping_oldest_accepted(void **state)
{
	ping_and_list(state, PING("Api-Version: " DOCKER_API_MIN),
	    DOCKER_API_MIN, DOCKER_API_MIN);
}

static void
test_ping_too_old(void **state)
{
	const struct fake_reply replies[] = {
	    {.parts = {PING("API-Version: 1.40")}},
	};
	struct docker *d = fx_start(state, replies, 1);
	struct docker_result r;

	docker_sync_ping(d, &r);
	assert_int_equal(r.status, DOCKER_ERR_API_TOO_OLD);
	assert_contains(r.message, "API 1.40");
	assert_contains(r.message, "needs " DOCKER_API_MIN " or newer");
	assert_contains(r.message, "upgrade the engine");
	assert_false(docker_negotiated(d));
	assert_string_equal(docker_api_version(d), DOCKER_API_MIN);
	assert_string_equal(docker_engine_api_version(d), "1.40");
	docker_result_done(&r);
}

static void
test_ping_without_version(void **state)
{
	const struct fake_reply replies[] = {
	    {.parts = {PING("Server: not-docker/1.0")}},
	};
	struct docker *d = fx_start(state, replies, 1);
	struct docker_result r;

	docker_sync_ping(d, &r);
	assert_int_equal(r.status, DOCKER_ERR_API_TOO_OLD);
	assert_contains(r.message, "did not say its API version");
	assert_false(docker_negotiated(d));
	assert_null(docker_engine_api_version(d));
	docker_result_done(&r);
}

static void
test_requests_before_ping_use_min(void **state)
{
	char *r204 = fake_response(204, NULL, "");
	const struct fake_reply replies[] = {
	    {.parts = {list_reply}},
	    {.parts = {r204}},
	};
	struct docker *d = fx_start(state, replies, 2);
	struct docker_result r;

	docker_sync(d, "GET", "/info", NULL, &r);
	assert_int_equal(r.status, DOCKER_OK);
	docker_result_done(&r);
	docker_sync(d, "POST", "/containers/abc/stop?t=5", "", &r);
	assert_int_equal(r.status, DOCKER_OK);
	assert_int_equal(r.http_status, 204);
	assert_int_equal(r.len, 0);
	assert_string_equal(r.body, "");
	assert_null(r.message);
	docker_result_done(&r);
	assert_string_equal(fx_requests(state),
	    "GET /v" DOCKER_API_MIN "/info HTTP/1.1\n"
	    "POST /v" DOCKER_API_MIN "/containers/abc/stop?t=5 HTTP/1.1\n");
	free(r204);
}

static void
test_error_docker_404(void **state)
{
	static const char body[] = "{\"message\":\"No such container: x\"}\n";
	char *resp = fake_response(404,
	    "Api-Version: 1.43\r\n"
	    "Content-Type: application/json\r\n",
	    body);
	const struct fake_reply replies[] = {{.parts = {resp}}};
	struct docker *d = fx_start(state, replies, 1);
	struct docker_result r;

	docker_sync(d, "GET", "/containers/x/json", NULL, &r);
	assert_int_equal(r.status, DOCKER_ERR_HTTP);
	assert_int_equal(r.http_status, 404);
	assert_string_equal(r.message, "No such container: x");
	/* The engine's answer is kept for whoever wants more. */
	assert_string_equal(r.body, body);
	docker_result_done(&r);
	assert_string_equal(fx_requests(state),
	    "GET /v" DOCKER_API_MIN "/containers/x/json HTTP/1.1\n");
	free(resp);
}

static void
test_error_podman_shape(void **state)
{
	char *resp = fake_response(404, "Content-Type: application/json\r\n",
	    "{\"cause\":\"no such container\",\"message\":\"no container with "
	    "name or ID \\\"x\\\" found: no such container\","
	    "\"response\":404}");
	const struct fake_reply replies[] = {{.parts = {resp}}};
	struct docker *d = fx_start(state, replies, 1);
	struct docker_result r;

	docker_sync(d, "DELETE", "/containers/x?force=1", NULL, &r);
	assert_int_equal(r.status, DOCKER_ERR_HTTP);
	assert_int_equal(r.http_status, 404);
	assert_contains(r.message, "no container with name or ID \"x\" found");
	docker_result_done(&r);
	assert_string_equal(fx_requests(state),
	    "DELETE /v" DOCKER_API_MIN "/containers/x?force=1 HTTP/1.1\n");
	free(resp);
}

static void
test_error_conflict_409(void **state)
{
	char *resp = fake_response(409, "Content-Type: application/json\r\n",
	    "{\"message\":\"You cannot remove a running container abc. Stop "
	    "the container before attempting removal or force remove\"}");
	const struct fake_reply replies[] = {{.parts = {resp}}};
	struct docker *d = fx_start(state, replies, 1);
	struct docker_result r;

	docker_sync(d, "DELETE", "/containers/abc", NULL, &r);
	assert_int_equal(r.status, DOCKER_ERR_HTTP);
	assert_int_equal(r.http_status, 409);
	assert_contains(r.message, "You cannot remove a running container");
	docker_result_done(&r);
	free(resp);
}

static void
test_error_empty_body(void **state)
{
	char *resp = fake_response(500, NULL, "");
	const struct fake_reply replies[] = {{.parts = {resp}}};
	struct docker *d = fx_start(state, replies, 1);
	struct docker_result r;

	docker_sync(d, "GET", "/info", NULL, &r);
	assert_int_equal(r.status, DOCKER_ERR_HTTP);
	assert_int_equal(r.http_status, 500);
	assert_contains(r.message, "500");
	docker_result_done(&r);
	free(resp);
}

static void
test_truncated_chunked_body(void **state)
{
	const struct fake_reply replies[] = {
	    {.parts = {"HTTP/1.1 200 OK\r\n"
		       "Content-Type: application/json\r\n"
		       "Transfer-Encoding: chunked\r\n\r\n"
		       "c\r\n[{\"Id\":\"abc\"\r\n"
		       "20\r\n,\"Names\":[\"/x\"]"}},
	};
	struct docker *d = fx_start(state, replies, 1);
	struct docker_result r;

	docker_sync(d, "GET", "/containers/json", NULL, &r);
	assert_int_equal(r.status, DOCKER_ERR_CLOSED);
	assert_contains(r.message, "dropped");
	assert_contains(r.message, fake_engine_addr(((struct fx *)*state)->fe));
	docker_result_done(&r);
}

static void
test_truncated_length_body(void **state)
{
	const struct fake_reply replies[] = {
	    {.parts = {"HTTP/1.1 200 OK\r\n"
		       "Content-Type: application/json\r\n"
		       "Content-Length: 100\r\n\r\n[{\"Id\":"}},
	};
	struct docker *d = fx_start(state, replies, 1);
	struct docker_result r;

	docker_sync(d, "GET", "/containers/json", NULL, &r);
	assert_int_equal(r.status, DOCKER_ERR_CLOSED);
	docker_result_done(&r);
}

static void
test_closed_without_answer(void **state)
{
	/* The engine accepts, reads the request and hangs up. */
	const struct fake_reply replies[] = {{.parts = {NULL}}};
	struct docker *d = fx_start(state, replies, 1);
	struct docker_result r;

	docker_sync(d, "GET", "/info", NULL, &r);
	assert_int_equal(r.status, DOCKER_ERR_CLOSED);
	assert_non_null(r.message);
	docker_result_done(&r);
}

static void
test_connect_missing_socket(void **state)
{
	struct endpoint ep;
	struct docker *d;
	struct docker_result r;
	char *cause = NULL;

	assert_true(endpoint_parse(
	    &ep, "unix:///nonexistent/berth-test/docker.sock", &cause));
	d = docker_new(&ep, &cause);
	endpoint_done(&ep);
	assert_non_null(d);
	docker_sync_ping(d, &r);
	assert_int_equal(r.status, DOCKER_ERR_CONNECT);
	/* The socket problem is told in words, not as a curl error. */
	assert_contains(r.message, "no engine socket at "
				   "/nonexistent/berth-test/docker.sock");
	docker_result_done(&r);
	docker_free(d);
}

/* ---- hangs and timeouts ---- */

struct http_wait {
	bool done;
	enum http_code code;
	long status;
	struct buf data;
	size_t chunks;
};

static void
http_wait_done(const struct http_result *r, void *arg)
{
	struct http_wait *w = arg;

	w->code = r->code;
	w->status = r->status;
	w->done = true;
}

static bool
http_wait_data(const char *data, size_t len, void *arg)
{
	struct http_wait *w = arg;

	buf_append(&w->data, data, len);
	w->chunks++;
	return true;
}

static void
test_hang_times_out(void **state)
{
	const struct fake_reply replies[] = {{.hang = true}};
	struct docker *d = fx_start(state, replies, 1);
	struct http_wait w = {0};
	struct http_opts o = {
	    .path = "/v" DOCKER_API_MIN "/info",
	    .on_done = http_wait_done,
	    .arg = &w,
	    .timeout_ms = 300,
	};
	double t0 = now();

	buf_init(&w.data);
	http_submit(docker_http(d), &o);
	run_until(d, &w.done, 10);
	assert_int_equal(w.code, HTTP_ERR_TIMEOUT);
	assert_int_equal(w.status, 0);
	assert_true(now() - t0 >= 0.25);
	assert_int_equal(http_pending(docker_http(d)), 0);
	buf_done(&w.data);
}

static void
test_stream_goes_silent(void **state)
{
	/* Headers and one event, then nothing: the timeout ends it, and
	 * what came first was delivered. */
	const struct fake_reply replies[] = {
	    {.parts = {"HTTP/1.1 200 OK\r\n"
		       "Content-Type: application/json\r\n"
		       "Transfer-Encoding: chunked\r\n\r\n"
		       "d\r\n{\"Type\":\"x\"}\n\r\n"},
		.hang = true},
	};
	struct docker *d = fx_start(state, replies, 1);
	struct http_wait w = {0};
	struct http_opts o = {
	    .path = "/v" DOCKER_API_MIN "/events",
	    .on_data = http_wait_data,
	    .on_done = http_wait_done,
	    .arg = &w,
	    .timeout_ms = 500,
	};

	buf_init(&w.data);
	http_submit(docker_http(d), &o);
	run_until(d, &w.done, 10);
	assert_int_equal(w.code, HTTP_ERR_TIMEOUT);
	assert_int_equal(w.status, 200);
	assert_string_equal(buf_cstr(&w.data), "{\"Type\":\"x\"}\n");
	buf_done(&w.data);
}

struct call_wait {
	bool done;
	size_t calls;
};

static void
call_wait_done(const struct docker_reply *r, void *arg)
{
	struct call_wait *w = arg;

	w->calls++;
	w->done = true;
}

static void
test_cancel_hung_request(void **state)
{
	const struct fake_reply replies[] = {{.hang = true}};
	struct docker *d = fx_start(state, replies, 1);
	struct call_wait w = {0};
	struct docker_call *c = docker_get(d, "/info", call_wait_done, &w);

	/* Until the request reached the engine. */
	for (int i = 0; i < 100 && fx_requests(state)[0] == '\0'; i++)
		http_step(docker_http(d), 20);
	assert_string_equal(
	    fx_requests(state), "GET /v" DOCKER_API_MIN "/info HTTP/1.1\n");
	assert_int_equal(http_pending(docker_http(d)), 1);
	docker_cancel(d, c);
	assert_int_equal(http_pending(docker_http(d)), 0);
	for (int i = 0; i < 3; i++)
		http_step(docker_http(d), 10);
	/* A cancelled call never calls back. */
	assert_int_equal(w.calls, 0);
}

/* ---- streams ---- */

struct stream_wait {
	struct fake_engine *fe;
	struct buf data;
	size_t chunks;
	size_t stop_after; /* stop after this many chunks */
	bool done;
	size_t done_calls;
	enum docker_status status;
	long http_status;
	char *message;
	char *body;
	struct jsonl jl;
	size_t docs;
};

static bool
stream_doc(const char *line, size_t len, void *arg)
{
	struct stream_wait *w = arg;

	w->docs++;
	return true;
}

static bool
stream_data(const char *data, size_t len, void *arg)
{
	struct stream_wait *w = arg;

	buf_append(&w->data, data, len);
	w->chunks++;
	assert_true(jsonl_feed(&w->jl, data, len));
	/* The engine sends its next chunk only once this one is here. */
	if (w->fe)
		fake_engine_release(w->fe);
	return w->stop_after == 0 || w->chunks < w->stop_after;
}

static void
stream_done(const struct docker_reply *r, void *arg)
{
	struct stream_wait *w = arg;

	w->done = true;
	w->done_calls++;
	w->status = r->status;
	w->http_status = r->http_status;
	w->message = xstrdup_or_null(r->message);
	w->body = xstrndup(r->body ? r->body : "", r->len);
}

static void
stream_wait_init(struct stream_wait *w, struct fake_engine *fe)
{
	memset(w, 0, sizeof *w);
	w->fe = fe;
	buf_init(&w->data);
	jsonl_init(&w->jl, stream_doc, w);
}

static void
stream_wait_done(struct stream_wait *w)
{
	jsonl_done(&w->jl);
	buf_done(&w->data);
	free(w->message);
	free(w->body);
}

#define EV1                                                                    \
	"{\"Type\":\"container\",\"Action\":\"start\",\"Actor\":"              \
	"{\"ID\":\"a\"}}\n"
#define EV2                                                                    \
	"{\"Type\":\"container\",\"Action\":\"die\",\"Actor\":{\"ID\":\"a\"}}" \
	"\n"
#define EV3                                                                    \
	"{\"Type\":\"volume\",\"Action\":\"create\",\"Actor\":{\"ID\":\"v\"}}" \
	"\n"

/* "len\r\ndata\r\n" with the length in hex. */
static char *
chunk(const char *s)
{
	return xasprintf("%zx\r\n%s\r\n", strlen(s), s);
}

static void
test_stream_chunks(void **state)
{
	char *c1 = chunk(EV1), *c2 = chunk(EV2), *c3 = chunk(EV3);
	const struct fake_reply replies[] = {
	    {.parts = {"HTTP/1.1 200 OK\r\nApi-Version: 1.43\r\n"
		       "Content-Type: application/json\r\n"
		       "Transfer-Encoding: chunked\r\n\r\n",
		 c1, FAKE_WAIT, c2, FAKE_WAIT, c3, "0\r\n\r\n"}},
	};
	struct docker *d = fx_start(state, replies, 1);
	struct stream_wait w;

	stream_wait_init(&w, ((struct fx *)*state)->fe);
	docker_stream(d, "GET", "/events?since=1700000000", NULL, 0,
	    stream_data, stream_done, &w);
	run_until(d, &w.done, 10);
	assert_int_equal(w.done_calls, 1);
	assert_int_equal(w.status, DOCKER_OK);
	assert_int_equal(w.http_status, 200);
	assert_null(w.message);
	assert_string_equal(w.body, "");
	/* Each chunk came through on its own, and nothing was lost. */
	assert_true(w.chunks >= 3);
	assert_string_equal(buf_cstr(&w.data), EV1 EV2 EV3);
	assert_int_equal(w.docs, 3);
	assert_string_equal(fx_requests(state),
	    "GET /v" DOCKER_API_MIN "/events?since=1700000000 HTTP/1.1\n");
	stream_wait_done(&w);
	free(c1);
	free(c2);
	free(c3);
}

static void
test_stream_truncated(void **state)
{
	char *c1 = chunk(EV1);
	const struct fake_reply replies[] = {
	    {.parts = {"HTTP/1.1 200 OK\r\n"
		       "Content-Type: application/json\r\n"
		       "Transfer-Encoding: chunked\r\n\r\n",
		 c1, FAKE_WAIT, "40\r\n{\"Type\":\"cont"}},
	};
	struct docker *d = fx_start(state, replies, 1);
	struct stream_wait w;

	stream_wait_init(&w, ((struct fx *)*state)->fe);
	docker_stream(
	    d, "GET", "/events", NULL, 0, stream_data, stream_done, &w);
	run_until(d, &w.done, 10);
	assert_int_equal(w.done_calls, 1);
	assert_int_equal(w.status, DOCKER_ERR_CLOSED);
	assert_contains(w.message, "dropped");
	/* What came before the cut was delivered. */
	assert_int_equal(w.docs, 1);
	assert_true(strncmp(buf_cstr(&w.data), EV1, strlen(EV1)) == 0);
	stream_wait_done(&w);
	free(c1);
}

static void
test_stream_error_status(void **state)
{
	char *resp = fake_response(404, "Content-Type: application/json\r\n",
	    "{\"message\":\"No such container: gone\"}");
	const struct fake_reply replies[] = {{.parts = {resp}}};
	struct docker *d = fx_start(state, replies, 1);
	struct stream_wait w;

	stream_wait_init(&w, NULL);
	docker_stream(d, "GET", "/containers/gone/logs?follow=1&stdout=1", NULL,
	    0, stream_data, stream_done, &w);
	run_until(d, &w.done, 10);
	/* An error body is an answer, not stream data. */
	assert_int_equal(w.chunks, 0);
	assert_int_equal(w.status, DOCKER_ERR_HTTP);
	assert_int_equal(w.http_status, 404);
	assert_string_equal(w.message, "No such container: gone");
	assert_string_equal(
	    w.body, "{\"message\":\"No such container: gone\"}");
	stream_wait_done(&w);
	free(resp);
}

static void
test_stream_stopped_by_consumer(void **state)
{
	char *c1 = chunk(EV1), *c2 = chunk(EV2);
	const struct fake_reply replies[] = {
	    {.parts = {"HTTP/1.1 200 OK\r\n"
		       "Content-Type: application/json\r\n"
		       "Transfer-Encoding: chunked\r\n\r\n",
		 c1, FAKE_WAIT, c2},
		.hang = true},
	};
	struct docker *d = fx_start(state, replies, 1);
	struct stream_wait w;

	stream_wait_init(&w, ((struct fx *)*state)->fe);
	w.stop_after = 1;
	docker_stream(
	    d, "GET", "/events", NULL, 0, stream_data, stream_done, &w);
	run_until(d, &w.done, 10);
	assert_int_equal(w.chunks, 1);
	assert_int_equal(w.done_calls, 1);
	assert_int_equal(w.status, DOCKER_ERR_CANCELLED);
	assert_int_equal(http_pending(docker_http(d)), 0);
	for (int i = 0; i < 3; i++)
		http_step(docker_http(d), 10);
	assert_int_equal(w.chunks, 1);
	stream_wait_done(&w);
	free(c1);
	free(c2);
}

#define FX_TEST(f) cmocka_unit_test_setup_teardown(f, fx_setup, fx_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_version_cmp),
	    cmocka_unit_test(test_status_str),
	    FX_TEST(test_ping_header_mixed_case),
	    FX_TEST(test_ping_header_lower_case),
	    FX_TEST(test_ping_header_upper_case),
	    FX_TEST(test_ping_newer_engine),
	    FX_TEST(test_ping_oldest_accepted),
	    FX_TEST(test_ping_too_old),
	    FX_TEST(test_ping_without_version),
	    FX_TEST(test_requests_before_ping_use_min),
	    FX_TEST(test_error_docker_404),
	    FX_TEST(test_error_podman_shape),
	    FX_TEST(test_error_conflict_409),
	    FX_TEST(test_error_empty_body),
	    FX_TEST(test_truncated_chunked_body),
	    FX_TEST(test_truncated_length_body),
	    FX_TEST(test_closed_without_answer),
	    cmocka_unit_test(test_connect_missing_socket),
	    FX_TEST(test_hang_times_out),
	    FX_TEST(test_stream_goes_silent),
	    FX_TEST(test_cancel_hung_request),
	    FX_TEST(test_stream_chunks),
	    FX_TEST(test_stream_truncated),
	    FX_TEST(test_stream_error_status),
	    FX_TEST(test_stream_stopped_by_consumer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
