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
#include "api/buf.h"
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

/*
 * A stream of n container events, each with a label of label_len bytes
 * ("x" and then "é" over and over, so that a cut may fall inside a
 * character), as one chunked body (owned).
 */
static char *
huge_label_stream(int n, size_t label_len)
{
	struct buf b, ev;
	char *label = xmalloc(label_len + 1);
	size_t i = 1;

	label[0] = 'x';
	for (; i + 2 <= label_len; i += 2)
		memcpy(label + i, "\xc3\xa9", 2);
	label[i] = '\0';
	buf_init(&b);
	buf_init(&ev);
	buf_puts(&b, STREAM_HEAD);
	for (int k = 0; k < n; k++) {
		buf_reset(&ev);
		buf_printf(&ev,
		    "{\"Type\":\"container\",\"Action\":\"start\",\"Actor\":"
		    "{\"ID\":\"c%d\",\"Attributes\":{\"name\":\"n%d\","
		    "\"big\":\"%s\"}},\"time\":1900000000,\"timeNano\":"
		    "%lld}\n",
		    k, k, label, 1900000000000000000LL + k);
		buf_printf(&b, "%zx\r\n", ev.len);
		buf_append(&b, ev.data, ev.len);
		buf_puts(&b, "\r\n");
	}
	buf_done(&ev);
	free(label);
	return buf_steal(&b);
}

static bool
got_all(struct seen *s)
{
	return s->events >= 200;
}

/* Whether s is whole UTF-8 (no character cut short). */
static bool
whole_utf8(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		int more = *p >= 0xF0 ? 3 : *p >= 0xE0 ? 2 : *p >= 0xC0 ? 1 : 0;

		for (int k = 1; k <= more; k++)
			if ((p[k] & 0xC0) != 0x80)
				return false;
		p += more;
	}
	return true;
}

/* The ring's byte count is what its events take, recounted. */
static size_t
ring_bytes(const struct events *ev)
{
	size_t n = 0;

	for (size_t i = 0; i < events_count(ev); i++)
		n += events_event_bytes(events_get(ev, i));
	return n;
}

/*
 * 200 events with 100 KB labels (20 MB): remembered with their labels cut
 * at EVENTS_ATTR_MAX, on a character boundary and marked, so the ring
 * holds about 200 KB, not 20 MB; with a small byte budget the oldest go.
 */
static void
run_huge_labels(size_t max_bytes)
{
	char *stream = huge_label_stream(200, 100 * 1024);
	const struct fake_reply replies[] = {
	    {.parts = {PING}},
	    {.parts = {stream}, .hang = true, .hang_apart = true},
	};
	struct fake_engine *fe = fake_engine_start(replies, 2);
	struct docker *d;
	struct events ev;
	struct seen s = {0};
	const struct docker_event *e;
	const char *big;

	assert_non_null(fe);
	d = connect_fake(fe);
	events_init(&ev, d, 2000, on_event, on_state, &s);
	if (max_bytes)
		ev.max_bytes = max_bytes;
	events_start(&ev, now_s());
	assert_true(pump_until(d, &ev, got_all, &s, 20));
	assert_int_equal(s.events, 200);
	assert_int_equal(ev.bytes, ring_bytes(&ev));
	assert_true(ev.bytes <= ev.max_bytes);
	/* The newest is kept, with its label cut. */
	e = events_get(&ev, 0);
	assert_string_equal(e->actor_id, "c199");
	big = kvlist_get(&e->attrs, "big");
	assert_non_null(big);
	assert_true(strlen(big) <= EVENTS_ATTR_MAX + strlen("…"));
	assert_true(strlen(big) >= EVENTS_ATTR_MAX - 3);
	assert_true(strcmp(big + strlen(big) - strlen("…"), "…") == 0);
	assert_true(whole_utf8(big));
	assert_string_equal(kvlist_get(&e->attrs, "name"), "n199");
	if (max_bytes == 0) {
		assert_int_equal(events_count(&ev), 200);
		assert_true(ev.bytes < 200 * 2 * EVENTS_ATTR_MAX);
	} else {
		/* The oldest went; the ones kept are the newest, in order. */
		assert_true(events_count(&ev) < 200);
		assert_true(
		    events_count(&ev) >= max_bytes / (3 * EVENTS_ATTR_MAX));
		e = events_get(&ev, events_count(&ev) - 1);
		assert_int_equal(
		    atoi(e->actor_id + 1), 200 - (int)events_count(&ev));
	}
	events_done(&ev);
	docker_free(d);
	fake_engine_stop(fe);
	free(stream);
}

static void
test_huge_labels_are_cut(void **state)
{
	(void)state;
	run_huge_labels(0);
}

static void
test_ring_bounded_by_bytes(void **state)
{
	(void)state;
	run_huge_labels(32 * 1024);
}

/* Small events: the count bounds the ring. */
static void
test_ring_bounded_by_count(void **state)
{
	char *stream = huge_label_stream(200, 8);
	const struct fake_reply replies[] = {
	    {.parts = {PING}},
	    {.parts = {stream}, .hang = true, .hang_apart = true},
	};
	struct fake_engine *fe = fake_engine_start(replies, 2);
	struct docker *d;
	struct events ev;
	struct seen s = {0};

	(void)state;
	assert_non_null(fe);
	d = connect_fake(fe);
	events_init(&ev, d, 16, on_event, on_state, &s);
	events_start(&ev, now_s());
	assert_true(pump_until(d, &ev, got_all, &s, 20));
	assert_int_equal(events_count(&ev), 16);
	assert_int_equal(ev.bytes, ring_bytes(&ev));
	assert_string_equal(events_get(&ev, 0)->actor_id, "c199");
	assert_string_equal(events_get(&ev, 15)->actor_id, "c184");
	assert_string_equal(kvlist_get(&events_get(&ev, 0)->attrs, "big"),
	    "x\xc3\xa9\xc3\xa9\xc3\xa9");
	events_done(&ev);
	docker_free(d);
	fake_engine_stop(fe);
	free(stream);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_silent_stream_dead_engine_reconnects),
	    cmocka_unit_test(test_silent_stream_live_engine_stays),
	    cmocka_unit_test(test_huge_labels_are_cut),
	    cmocka_unit_test(test_ring_bounded_by_bytes),
	    cmocka_unit_test(test_ring_bounded_by_count),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
