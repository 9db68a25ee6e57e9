/* The events stream with its reconnect logic and a ring of past events. */

#include "tui/core/events.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/decode.h"
#include "api/calls.h"
#include "api/xalloc.h"

static bool events_on_line(const char *, size_t, void *);

void
events_init(struct events *ev, struct docker *d, size_t keep, events_fn *fn,
    events_state_fn *sfn, void *arg)
{
	memset(ev, 0, sizeof *ev);
	ev->d = d;
	ev->cap = keep ? keep : 1;
	ev->ring = xcalloc(ev->cap, sizeof *ev->ring);
	ev->on_event = fn;
	ev->on_state = sfn;
	ev->arg = arg;
	ev->backoff = 0.5;
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

static void
events_remember(struct events *ev, struct docker_event *e)
{
	struct docker_event *slot;

	ev->head = (ev->head + 1) % ev->cap;
	slot = &ev->ring[ev->head];
	docker_event_clear(slot);
	*slot = *e;
	free(e);
	if (ev->n < ev->cap)
		ev->n++;
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
	if (e->time_nano > 0 && e->time_nano >= ev->since_nano)
		ev->since_nano = e->time_nano + 1;
	else if (e->time_nano == 0 && e->time > 0 &&
		 e->time * 1000000000LL >= ev->since_nano)
		ev->since_nano = e->time * 1000000000LL + 1;
	events_remember(ev, e);
	if (ev->on_event)
		ev->on_event(ev->arg, events_get(ev, 0));
	return true;
}

static double
events_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
events_heard(struct events *ev)
{
	ev->last_heard = events_now();
	ev->next_probe = ev->last_heard + ev->probe_s;
}

static bool
events_on_data(const char *data, size_t len, void *arg)
{
	struct events *ev = arg;

	events_heard(ev);
	return jsonl_feed(&ev->jl, data, len);
}

static void
events_retry(struct events *ev, const char *why)
{
	ev->retry_at = events_now() + ev->backoff;
	if (ev->backoff < 4)
		ev->backoff *= 2;
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
	if (r->status != DOCKER_OK) {
		events_retry(
		    ev, r->message ? r->message : docker_status_str(r->status));
		return;
	}
	ev->backoff = 0.5;
	events_open(ev);
	events_heard(ev);
	events_set_state(ev, EVENTS_LIVE, NULL);
}

/* The answer to a ping sent after a long silence. */
static void
events_on_probe(const struct docker_reply *r, void *arg)
{
	struct events *ev = arg;

	ev->probe = NULL;
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
events_tick(struct events *ev, double now)
{
	if (ev->call == NULL && ev->retry_at != 0 && now >= ev->retry_at)
		events_connect(ev);
	else if (ev->call && !ev->pinging && ev->probe == NULL &&
		 ev->state == EVENTS_LIVE && ev->next_probe != 0 &&
		 now >= ev->next_probe) {
		ev->next_probe = now + ev->probe_s;
		ev->probe = docker_ping(ev->d, events_on_probe, ev);
	}
}

double
events_next_due(const struct events *ev)
{
	if (ev->call == NULL)
		return ev->retry_at;
	if (!ev->pinging && ev->probe == NULL && ev->state == EVENTS_LIVE)
		return ev->next_probe;
	return 0;
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
