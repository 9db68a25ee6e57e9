/*
 * The engine's /events stream: kept open, decoded, remembered (the events
 * pane), and reopened after a drop from the last event's time + 1 ns.
 */
#ifndef TUI_CORE_EVENTS_H
#define TUI_CORE_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "api/docker.h"
#include "api/model.h"
#include "api/stream.h"

enum events_state {
	EVENTS_OFF,
	EVENTS_CONNECTING, /* pinging before (re)opening the stream */
	EVENTS_LIVE,
	EVENTS_RECONNECTING, /* waiting to try again */
};

typedef void events_fn(void *arg, const struct docker_event *);
typedef void events_state_fn(void *arg, enum events_state, const char *why);

struct events {
	struct docker *d;
	struct docker_call *call; /* the stream, or the ping before it */
	bool pinging;
	struct jsonl jl;
	int64_t since_nano; /* where the next stream starts */
	enum events_state state;
	double retry_at;
	double backoff;
	struct docker_event *ring; /* the newest cap events */
	size_t cap, n, head;
	unsigned gen; /* bumped on every event */
	events_fn *on_event;
	events_state_fn *on_state;
	void *arg;
	/*
	 * A quiet stream is normal, but so is a quiet dead link to a remote
	 * engine: after EVENTS_PROBE_S of silence a ping asks the engine, and
	 * no answer means reconnecting.
	 */
	struct docker_call *probe;
	double probe_s; /* EVENTS_PROBE_S; tests make it short */
	double last_heard;
	double next_probe;
};

/* Seconds of silence on the stream before a ping checks the engine. */
#define EVENTS_PROBE_S 30

void events_init(struct events *, struct docker *, size_t keep, events_fn *,
    events_state_fn *, void *arg);
void events_done(struct events *);
/* Opens the stream from now (the first time) or from where it stopped. */
void events_start(struct events *, double now);
void events_tick(struct events *, double now);
/* The next time events_tick has work, or 0. */
double events_next_due(const struct events *);

size_t events_count(const struct events *);
/* i = 0 is the newest. Borrowed until the next event. */
const struct docker_event *events_get(const struct events *, size_t i);

#endif
