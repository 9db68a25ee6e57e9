/*
 * Engines that fail must not be hammered: a dead engine, and one whose
 * /_ping answers while /events fails, are tried less and less often
 * (and the second costs no full refresh per try); a flapping engine comes
 * back and its backoff starts again; an engine that stops answering is
 * said to be silent within seconds, and answering again when it does.
 * The engines are a fake fleet on loopback ports (tests/support).
 */

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "api/docker.h"
#include "api/endpoint.h"
#include "api/http.h"
#include "tests/support/fake_fleet.h"
#include "tests/support/it.h"
#include "tui/core/engine.h"

/* What the engine told its console. */
struct seen {
	unsigned changed[STORE__COUNT];
	unsigned up, down;
	unsigned silent, answering;
	double backoff_when_up; /* the stream's backoff at the last "up" */
	double silent_at;
};

static void
on_changed(void *arg, struct engine *e, enum store_kind k)
{
	struct seen *s = arg;

	(void)e;
	s->changed[k]++;
}

static void
on_link(void *arg, struct engine *e, bool up, const char *why)
{
	struct seen *s = arg;

	(void)why;
	if (up) {
		s->up++;
		s->backoff_when_up = e->events.backoff;
	} else
		s->down++;
}

static void
on_silent(void *arg, struct engine *e, bool silent)
{
	struct seen *s = arg;

	(void)e;
	if (silent) {
		s->silent++;
		s->silent_at = it_now();
	} else
		s->answering++;
}

static const struct engine_hooks hooks = {
    .changed = on_changed,
    .link = on_link,
    .silent = on_silent,
};

static struct engine *
open_engine(const char *addr, struct seen *s)
{
	return engine_new(it_client(addr), NULL, false, &hooks, s);
}

/* One loop over every engine until secs pass or done(arg) holds. */
static void
pump(struct engine **es, size_t n, double secs, bool (*done)(void *), void *arg)
{
	double end = it_now() + secs;

	while (it_now() < end) {
		struct http *hs[8];
		double now = store_now(), due = 0;
		int ms = 100;

		for (size_t i = 0; i < n; i++) {
			due = store_sooner(due, engine_tick(es[i], now));
			hs[i] = docker_http(es[i]->d);
		}
		if (due != 0 && (due - now) * 1000 < ms)
			ms = due <= now ? 0 : (int)((due - now) * 1000) + 1;
		http_wait_many(hs, n, NULL, 0, ms);
		for (size_t i = 0; i < n; i++)
			http_perform(hs[i]);
		if (done && done(arg))
			return;
	}
}

/*
 * Over 22 s the old rule (0.5 s, then doubling up to 4 s) tried a dead
 * engine 8 times (at 0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5 s),
 * and an engine whose /events fails right after a good /_ping about 40
 * times, each with a refresh of every list. Doubling up to 15 s (less up
 * to a fifth) tries 6 times at most, and only a stream that stayed open
 * brings the refresh.
 */
static void
test_dead_and_failing_events_back_off(void **state)
{
	const struct fake_fleet_opts o = {
	    .n = 2, .n_dead = 1, .n_events_fail = 1};
	struct fake_fleet *f = fake_fleet_start(&o);
	struct seen sd = {0}, se = {0};
	struct engine *es[2];
	struct fake_fleet_counts dead, evf;
	double now;

	(void)state;
	assert_non_null(f);
	assert_int_equal(fake_fleet_kind(f, 0), FAKE_FLEET_DEAD);
	assert_int_equal(fake_fleet_kind(f, 1), FAKE_FLEET_EVENTS_FAIL);
	es[0] = open_engine(fake_fleet_addr(f, 0), &sd);
	es[1] = open_engine(fake_fleet_addr(f, 1), &se);
	now = store_now();
	engine_start(es[0], now, 30);
	engine_start(es[1], now, 30);
	pump(es, 2, 22, NULL, NULL);
	dead = fake_fleet_counts(f, 0);
	evf = fake_fleet_counts(f, 1);
	printf("# over 22 s: dead engine %lu connections; events-failing "
	       "engine %lu pings, %lu /events, %u info fetches\n",
	    dead.conns, evf.pings, evf.events, se.changed[STORE_INFO]);
	/* The first /info and at most 6 pings. */
	assert_true(dead.conns >= 4);
	assert_true(dead.conns <= 7);
	assert_true(evf.events >= 3);
	assert_true(evf.events <= 6);
	assert_true(evf.pings <= 6);
	/* Only the first /info: no full refresh for a stream that failed. */
	assert_int_equal(se.changed[STORE_INFO], 1);
	assert_true(es[0]->reconnecting);
	assert_true(es[1]->reconnecting);
	assert_int_equal(se.up, 0);
	/* Said once each, not on every try. */
	assert_int_equal(sd.down, 1);
	assert_int_equal(se.down, 1);
	engine_free(es[0]);
	engine_free(es[1]);
	fake_fleet_free(f);
}

static bool
came_back(void *arg)
{
	return ((struct seen *)arg)->up > 0;
}

static bool
backoff_reset(void *arg)
{
	return ((struct engine *)arg)->events.backoff == EVENTS_BACKOFF_MIN_S;
}

/*
 * A flapping engine (up 8 s, down 2 s): it comes back by itself, and its
 * return refreshes the lists once. Its backoff is not reset by the mere
 * return (a flapping engine would be tried as often as ever), but once
 * the stream has stayed open EVENTS_STABLE_S.
 */
static void
test_flapping_engine_comes_back(void **state)
{
	const struct fake_fleet_opts o = {
	    .n = 1, .n_flap = 1, .flap_up_s = 8, .flap_down_s = 2};
	struct fake_fleet *f = fake_fleet_start(&o);
	struct seen s = {0};
	struct engine *e;
	unsigned before;
	double back;

	(void)state;
	assert_non_null(f);
	e = open_engine(fake_fleet_addr(f, 0), &s);
	engine_start(e, store_now(), 30);
	/* Up at first, down from 8 s to 10 s, back after that. */
	pump(&e, 1, 7, NULL, NULL);
	assert_false(e->reconnecting);
	assert_true(e->events.backoff == EVENTS_BACKOFF_MIN_S);
	before = s.changed[STORE_INFO];
	pump(&e, 1, 12, came_back, &s);
	back = it_now();
	/* The refresh its return asked for. */
	pump(&e, 1, 1, NULL, NULL);
	assert_int_equal(s.down, 1);
	assert_int_equal(s.up, 1);
	assert_false(e->reconnecting);
	assert_true(s.backoff_when_up > EVENTS_BACKOFF_MIN_S);
	assert_int_equal(s.changed[STORE_INFO], before + 1);
	/* Open long enough: the next failure waits the shortest time. */
	pump(&e, 1, EVENTS_STABLE_S + 1, backoff_reset, e);
	assert_true(e->events.backoff == EVENTS_BACKOFF_MIN_S);
	assert_false(e->reconnecting);
	/* Not before the stream had been open EVENTS_STABLE_S. */
	assert_true(it_now() - back >= EVENTS_STABLE_S - ENGINE_SETTLE_S - 0.1);
	printf("# flapping engine: %lu connections, %lu pings\n",
	    fake_fleet_counts(f, 0).conns, fake_fleet_counts(f, 0).pings);
	engine_free(e);
	fake_fleet_free(f);
}

static bool
is_ready(void *arg)
{
	struct engine *e = arg;

	return e->store.loaded[STORE_INFO] && e->events.state == EVENTS_LIVE &&
	       e->events.opened_at == 0;
}

static bool
got_silent(void *arg)
{
	return ((struct seen *)arg)->silent > 0;
}

static bool
got_answering(void *arg)
{
	return ((struct seen *)arg)->answering > 0;
}

/*
 * An engine that stops answering (SIGSTOP) while a request waits: within
 * ENGINE_ASK_S + ENGINE_SILENT_S it is silent (before, the events
 * stream's 30 s probe and a 10 s ping timeout: about 35 s); once it
 * answers again, it says so.
 */
static void
test_silent_engine_is_said(void **state)
{
	const struct fake_fleet_opts o = {.n = 1};
	struct fake_fleet *f = fake_fleet_start(&o);
	struct seen s = {0};
	struct engine *e;
	double t0;

	(void)state;
	assert_non_null(f);
	e = open_engine(fake_fleet_addr(f, 0), &s);
	engine_start(e, store_now(), 30);
	pump(&e, 1, 10, is_ready, e);
	assert_true(is_ready(e));
	assert_int_equal(s.silent, 0);
	assert_int_equal(kill(fake_fleet_pid(f), SIGSTOP), 0);
	t0 = it_now();
	engine_refresh(e, SLOT_BIT(STORE_INFO));
	pump(&e, 1, 12, got_silent, &s);
	assert_int_equal(s.silent, 1);
	assert_true(e->silent);
	printf("# silent after %.1f s\n", s.silent_at - t0);
	assert_true(s.silent_at - t0 >= ENGINE_SILENT_S);
	assert_true(s.silent_at - t0 < ENGINE_ASK_S + ENGINE_SILENT_S + 1.5);
	assert_int_equal(kill(fake_fleet_pid(f), SIGCONT), 0);
	pump(&e, 1, 5, got_answering, &s);
	assert_int_equal(s.answering, 1);
	assert_false(e->silent);
	engine_free(e);
	fake_fleet_free(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_dead_and_failing_events_back_off),
	    cmocka_unit_test(test_flapping_engine_comes_back),
	    cmocka_unit_test(test_silent_engine_is_said),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
