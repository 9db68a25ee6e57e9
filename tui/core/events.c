/* The events stream with its reconnect logic and a ring of past events. */

#include "tui/core/events.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/arith.h"
#include "api/decode.h"
#include "api/calls.h"
#include "api/xalloc.h"

static bool events_on_line(const char *, size_t, void *);

static double
events_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void
events_init(struct events *ev, struct docker *d, size_t keep, events_fn *fn,
    events_state_fn *sfn, void *arg)
{
	memset(ev, 0, sizeof *ev);
	ev->d = d;
	ev->cap = keep ? keep : 1;
	ev->ring = xcalloc(ev->cap, sizeof *ev->ring);
	ev->max_bytes = EVENTS_KEEP_BYTES;
	ev->on_event = fn;
	ev->on_state = sfn;
	ev->arg = arg;
	ev->backoff = EVENTS_BACKOFF_MIN_S;
	/* Engines that failed together must not all retry together. */
	ev->jitter =
	    (uint32_t)((uintptr_t)ev ^ (uintptr_t)(events_now() * 1e6));
	if (ev->jitter == 0)
		ev->jitter = 1;
	ev->probe_s = EVENTS_PROBE_S;
	jsonl_init(&ev->jl, events_on_line, ev);
}

void
events_done(struct events *ev)
{
	if (ev->call)
		docker_cancel(ev->d, ev->call);
	if (ev->probe)
		docker_cancel(ev->d, ev->probe);
	for (size_t i = 0; i < ev->cap; i++)
		docker_event_clear(&ev->ring[i]);
	free(ev->ring);
	jsonl_done(&ev->jl);
	memset(ev, 0, sizeof *ev);
}

static void
events_set_state(struct events *ev, enum events_state st, const char *why)
{
	ev->state = st;
	if (ev->on_state)
		ev->on_state(ev->arg, st, why);
}

static size_t
events_str_bytes(const char *s)
{
	return s ? strlen(s) + 1 : 0;
}

size_t
events_event_bytes(const struct docker_event *e)
{
	size_t n = sizeof *e + events_str_bytes(e->type) +
		   events_str_bytes(e->action) + events_str_bytes(e->actor_id) +
		   events_str_bytes(e->scope);

	for (size_t i = 0; i < e->attrs.n; i++)
		n += sizeof e->attrs.v[i] +
		     events_str_bytes(e->attrs.v[i].key) +
		     events_str_bytes(e->attrs.v[i].value);
	return n;
}

/*
 * Cuts attribute values (labels, mostly) longer than EVENTS_ATTR_MAX, at
 * a character boundary, marking the cut: a container with 100 KB labels
 * must not cost 100 KB per remembered event.
 */
static void
events_trim(struct docker_event *e)
{
	for (size_t i = 0; i < e->attrs.n; i++) {
		char *v = e->attrs.v[i].value;
		size_t cut = EVENTS_ATTR_MAX;

		if (v == NULL || strlen(v) <= EVENTS_ATTR_MAX)
			continue;
		while (cut > 0 && ((unsigned char)v[cut] & 0xC0) == 0x80)
			cut--;
		e->attrs.v[i].value = xasprintf("%.*s…", (int)cut, v);
		free(v);
	}
}

/* Drops the oldest remembered event. */
static void
events_forget_oldest(struct events *ev)
{
	struct docker_event *old =
	    &ev->ring[(ev->head + ev->cap - (ev->n - 1)) % ev->cap];
	size_t b = events_event_bytes(old);

	ev->bytes = ev->bytes > b ? ev->bytes - b : 0;
	docker_event_clear(old);
	ev->n--;
}

static void
events_remember(struct events *ev, struct docker_event *e)
{
	struct docker_event *slot;
	size_t size;

	events_trim(e);
	size = events_event_bytes(e);
	while (
	    ev->n > 0 && (ev->n == ev->cap || ev->bytes + size > ev->max_bytes))
		events_forget_oldest(ev);
	ev->head = (ev->head + 1) % ev->cap;
	slot = &ev->ring[ev->head];
	docker_event_clear(slot);
	*slot = *e;
	free(e);
	ev->n++;
	ev->bytes += size;
	ev->gen++;
}

static bool
events_on_line(const char *line, size_t len, void *arg)
{
	struct events *ev = arg;
	struct docker_event *e;
	char *cause = NULL;

	e = decode_event(line, len, &cause);
	if (e == NULL) {
		free(cause);
		return true;
	}
	/* An engine's times may be anything: saturate, never overflow. */
	if (e->time_nano > 0 && e->time_nano >= ev->since_nano)
		ev->since_nano = arith_add(e->time_nano, 1);
	else if (e->time_nano == 0 && e->time > 0) {
		int64_t ns = arith_mul(e->time, 1000000000LL);

		/* Seconds past 2262 have no nanoseconds in 64 bits: such a
		 * time says nothing about where to resume. */
		if (ns < INT64_MAX && ns >= ev->since_nano)
			ev->since_nano = ns + 1;
	}
	events_remember(ev, e);
	if (ev->on_event)
		ev->on_event(ev->arg, events_get(ev, 0));
	return true;
}

static void
events_heard(struct events *ev)
{
	ev->last_heard = events_now();
	ev->next_probe = ev->last_heard + ev->probe_s;
}

/* The stream works: the next failure waits the shortest time again. */
static void
events_proved(struct events *ev)
{
	ev->opened_at = 0;
	ev->backoff = EVENTS_BACKOFF_MIN_S;
	ev->tries = 0;
}

static bool
events_on_data(const char *data, size_t len, void *arg)
{
	struct events *ev = arg;

	events_heard(ev);
	if (ev->opened_at != 0)
		events_proved(ev);
	return jsonl_feed(&ev->jl, data, len);
}

/* The next wait: the backoff less up to a fifth, at random. */
static double
events_delay(struct events *ev)
{
	double d;

	ev->jitter ^= ev->jitter << 13;
	ev->jitter ^= ev->jitter >> 17;
	ev->jitter ^= ev->jitter << 5;
	d = ev->backoff * (0.8 + 0.2 * (double)(ev->jitter % 1000) / 1000);
	ev->backoff *= 2;
	if (ev->backoff > EVENTS_BACKOFF_MAX_S)
		ev->backoff = EVENTS_BACKOFF_MAX_S;
	ev->tries++;
	return d;
}

static void
events_retry(struct events *ev, const char *why)
{
	ev->opened_at = 0;
	ev->retry_at = events_now() + events_delay(ev);
	events_set_state(ev, EVENTS_RECONNECTING, why);
}

static void
events_on_end(const struct docker_reply *r, void *arg)
{
	struct events *ev = arg;

	ev->call = NULL;
	jsonl_finish(&ev->jl);
	jsonl_done(&ev->jl);
	jsonl_init(&ev->jl, events_on_line, ev);
	events_retry(ev,
	    r->message ? r->message : "the engine closed the events stream");
}

static void
events_open(struct events *ev)
{
	struct docker_events_opts o = {.since_ns = ev->since_nano};

	ev->pinging = false;
	ev->call = docker_events(ev->d, &o, events_on_data, events_on_end, ev);
}

static void
events_on_ping(const struct docker_reply *r, void *arg)
{
	struct events *ev = arg;

	ev->call = NULL;
	ev->pinging = false;
	ev->asked_at = 0;
	if (r->status != DOCKER_OK) {
		events_retry(
		    ev, r->message ? r->message : docker_status_str(r->status));
		return;
	}
	/* The backoff stays until the stream itself has worked. */
	events_open(ev);
	events_heard(ev);
	ev->opened_at = ev->last_heard;
	events_set_state(ev, EVENTS_LIVE, NULL);
}

/* The answer to a ping sent after a long silence. */
static void
events_on_probe(const struct docker_reply *r, void *arg)
{
	struct events *ev = arg;

	ev->probe = NULL;
	ev->probe_at = 0;
	if (r->status == DOCKER_OK) {
		events_heard(ev);
		return;
	}
	/* The stream may hang on a dead link for ever: drop it. */
	if (ev->call && !ev->pinging) {
		docker_cancel(ev->d, ev->call);
		ev->call = NULL;
		jsonl_done(&ev->jl);
		jsonl_init(&ev->jl, events_on_line, ev);
	}
	if (ev->call == NULL)
		events_retry(
		    ev, r->message ? r->message : docker_status_str(r->status));
}

static void
events_connect(struct events *ev)
{
	ev->retry_at = 0;
	ev->pinging = true;
	if (ev->state != EVENTS_RECONNECTING)
		events_set_state(ev, EVENTS_CONNECTING, NULL);
	ev->asked_at = events_now();
	ev->call = docker_ping(ev->d, events_on_ping, ev);
}

void
events_start(struct events *ev, double now)
{
	if (ev->call)
		return;
	if (ev->since_nano == 0)
		ev->since_nano = (int64_t)now * 1000000000LL;
	events_connect(ev);
}

void
events_probe(struct events *ev, double now)
{
	if (ev->call == NULL || ev->pinging || ev->probe != NULL ||
	    ev->state != EVENTS_LIVE)
		return;
	ev->next_probe = now + ev->probe_s;
	ev->probe_at = now;
	ev->probe = docker_ping(ev->d, events_on_probe, ev);
}

void
events_retry_now(struct events *ev, double now)
{
	if (ev->call == NULL && ev->retry_at != 0 && now < ev->retry_at)
		events_connect(ev);
}

double
events_asked_at(const struct events *ev)
{
	double a = ev->pinging ? ev->asked_at : 0;

	if (ev->probe && (a == 0 || ev->probe_at < a))
		a = ev->probe_at;
	return a;
}

void
events_tick(struct events *ev, double now)
{
	if (ev->call == NULL && ev->retry_at != 0 && now >= ev->retry_at)
		events_connect(ev);
	else if (ev->call && !ev->pinging) {
		if (ev->opened_at != 0 &&
		    now - ev->opened_at >= EVENTS_STABLE_S)
			events_proved(ev);
		if (ev->next_probe != 0 && now >= ev->next_probe)
			events_probe(ev, now);
	}
}

double
events_next_due(const struct events *ev)
{
	double due = 0;

	if (ev->call == NULL)
		return ev->retry_at;
	if (ev->pinging)
		return 0;
	if (ev->opened_at != 0)
		due = ev->opened_at + EVENTS_STABLE_S;
	if (ev->probe == NULL && ev->state == EVENTS_LIVE &&
	    ev->next_probe != 0 && (due == 0 || ev->next_probe < due))
		due = ev->next_probe;
	return due;
}

size_t
events_count(const struct events *ev)
{
	return ev->n;
}

const struct docker_event *
events_get(const struct events *ev, size_t i)
{
	if (i >= ev->n)
		return NULL;
	return &ev->ring[(ev->head + ev->cap - i) % ev->cap];
}
