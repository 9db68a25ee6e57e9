/*
 * The events stream's life: it resumes after a reconnect from the last
 * event's time + 1 ns, and a silent stream whose engine stops answering
 * pings is dropped for a reconnect (a dead link to a remote engine).
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <time.h>

#include "api/docker.h"
#include "api/endpoint.h"
#include "api/http.h"
#include "api/xalloc.h"
#include "tests/support/fake_engine.h"
#include "tui/core/events.h"

#define PING                                                                   \
	"HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Type: text/plain\r\n" \
	"Content-Length: 2\r\nConnection: close\r\n\r\nOK"

#define STREAM_HEAD                                                            \
	"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"                \
	"Transfer-Encoding: chunked\r\n\r\n"

/* One event as a chunk of the chunked stream. */
#define EVENT_CHUNK                                                            \
	"7c\r\n{\"Type\":\"container\",\"Action\":\"start\",\"Actor\":"        \
	"{\"ID\":\"abc\",\"Attributes\":{}},\"time\":1900000000,\"timeNano"    \
	"\":1900000000123456789}\n\r\n"

struct seen {
	int events;
	enum events_state last;
	int reconnecting;
	char why[256];
};

static void
on_event(void *arg, const struct docker_event *e)
{
	struct seen *s = arg;

	(void)e;
	s->events++;
}

static void
on_state(void *arg, enum events_state st, const char *why)
{
	struct seen *s = arg;

	s->last = st;
	if (st == EVENTS_RECONNECTING) {
		s->reconnecting++;
		snprintf(s->why, sizeof s->why, "%s", why ? why : "");
	}
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct docker *
connect_fake(struct fake_engine *fe)
{
	struct endpoint ep;
	struct docker *d;
	char *cause = NULL;

	assert_true(endpoint_parse(&ep, fake_engine_addr(fe), &cause));
	d = docker_new(&ep, &cause);
	endpoint_done(&ep);
	assert_non_null(d);
	return d;
}

/* Pumps the loop until pred holds or secs pass. */
static bool
pump_until(struct docker *d, struct events *ev, bool (*pred)(struct seen *),
    struct seen *s, double secs)
{
	double end = now_s() + secs;

	while (now_s() < end) {
		events_tick(ev, now_s());
		http_step(docker_http(d), 20);
		if (pred(s))
			return true;
	}
	return false;
}

static bool
got_event(struct seen *s)
{
	return s->events > 0;
}

static bool
got_reconnecting(struct seen *s)
{
	return s->reconnecting > 0;
}

/*
 * Ping, a stream that gives one event and then says nothing, and then a
 * ping that fails (the fake engine answers 500 to anything more): the
 * console must say reconnecting instead of trusting the silent stream.
 */
static void
test_silent_stream_dead_engine_reconnects(void **state)
{
	const struct fake_reply replies[] = {
	    {.parts = {PING}},
	    {.parts = {STREAM_HEAD EVENT_CHUNK},
		.hang = true,
		.hang_apart = true},
	};
	struct fake_engine *fe = fake_engine_start(replies, 2);
	struct docker *d;
	struct events ev;
	struct seen s = {0};

	(void)state;
	assert_non_null(fe);
	d = connect_fake(fe);
	events_init(&ev, d, 16, on_event, on_state, &s);
	ev.probe_s = 0.3;
	events_start(&ev, now_s());
	assert_true(pump_until(d, &ev, got_event, &s, 5));
	assert_int_equal(ev.since_nano, 1900000000123456790LL);
	assert_int_equal(s.last, EVENTS_LIVE);
	assert_true(pump_until(d, &ev, got_reconnecting, &s, 5));
	assert_int_equal(s.last, EVENTS_RECONNECTING);
	/* The probe was a ping on the engine, after the stream. */
	assert_non_null(
	    strstr(strstr(fake_engine_requests(fe), "/events?"), "GET /_ping"));
	events_done(&ev);
	docker_free(d);
	fake_engine_stop(fe);
}

/* A silent stream whose engine answers the ping stays live. */
static void
test_silent_stream_live_engine_stays(void **state)
{
	const struct fake_reply replies[] = {
	    {.parts = {PING}},
	    {.parts = {STREAM_HEAD}, .hang = true, .hang_apart = true},
	    {.parts = {PING}},
	    {.parts = {PING}},
	    {.parts = {PING}},
	};
	struct fake_engine *fe = fake_engine_start(replies, 5);
	struct docker *d;
	struct events ev;
	struct seen s = {0};
	const char *reqs;
	size_t pings = 0;

	(void)state;
	assert_non_null(fe);
	d = connect_fake(fe);
	events_init(&ev, d, 16, on_event, on_state, &s);
	ev.probe_s = 0.3;
	events_start(&ev, now_s());
	/* Over a second: three probes or so, all answered. */
	assert_false(pump_until(d, &ev, got_reconnecting, &s, 1.2));
	assert_int_equal(s.last, EVENTS_LIVE);
	reqs = fake_engine_requests(fe);
	for (const char *p = reqs; (p = strstr(p, "/_ping")) != NULL; p++)
		pings++;
	assert_true(pings >= 3);
	events_done(&ev);
	docker_free(d);
	fake_engine_stop(fe);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_silent_stream_dead_engine_reconnects),
	    cmocka_unit_test(test_silent_stream_live_engine_stays),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
