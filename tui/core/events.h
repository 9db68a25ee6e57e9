/*
 * The engine's /events stream: kept open, decoded, remembered (the events
 * pane), and reopened after a drop from the last event's time + 1 ns, with
 * a growing delay between tries while it keeps failing.
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
	/*
	 * The next wait between tries: it doubles after each failure up to
	 * EVENTS_BACKOFF_MAX_S, and starts again from EVENTS_BACKOFF_MIN_S
	 * only once the stream has proved to work (an event came, or it
	 * stayed open EVENTS_STABLE_S). A ping that answers is not enough:
	 * an engine whose /_ping answers while /events fails must not be
	 * asked twice a second.
	 */
	double backoff;
	unsigned tries; /* failed tries since the stream last worked */
	uint32_t jitter; /* a private random state for the delays */
	double opened_at; /* when the current stream was opened, or 0 */
	/*
	 * The newest events, at most cap of them and at most max_bytes
	 * together (EVENTS_KEEP_BYTES; an event's size is its strings):
	 * the oldest go first.
	 */
	struct docker_event *ring;
	size_t cap, n, head;
	size_t bytes, max_bytes;
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
	/* When the connect ping and the probe in flight were sent. */
	double asked_at, probe_at;
};

/* Seconds of silence on the stream before a ping checks the engine. */
#define EVENTS_PROBE_S 10
/* The first and the longest wait between tries of a failing stream. */
#define EVENTS_BACKOFF_MIN_S 0.5
#define EVENTS_BACKOFF_MAX_S 15
/* How long a stream stays open before it counts as working. */
#define EVENTS_STABLE_S 5
/* What the remembered events may take together, in bytes. */
#define EVENTS_KEEP_BYTES (4u << 20)
/* An attribute value longer than this is cut when remembered. */
#define EVENTS_ATTR_MAX 1024

void events_init(struct events *, struct docker *, size_t keep, events_fn *,
    events_state_fn *, void *arg);
void events_done(struct events *);
/* Opens the stream from now (the first time) or from where it stopped. */
void events_start(struct events *, double now);
void events_tick(struct events *, double now);
/* The next time events_tick has work, or 0. */
double events_next_due(const struct events *);
/*
 * Asks the engine now (a ping) whether it still answers, as after a long
 * silence; nothing when the stream is not live or a ping is in flight.
 */
void events_probe(struct events *, double now);
/* A stream waiting to try again tries now (the user asked for it). */
void events_retry_now(struct events *, double now);
/* When the ping in flight was sent, or 0 when none waits for an answer. */
double events_asked_at(const struct events *);

size_t events_count(const struct events *);
/* i = 0 is the newest. Borrowed until the next event. */
const struct docker_event *events_get(const struct events *, size_t i);
/* What an event takes in the ring, in bytes (see max_bytes). */
size_t events_event_bytes(const struct docker_event *);

#endif
