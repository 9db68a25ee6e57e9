/* An engine: its client, store and events stream, and their refresh rules. */

#include "tui/core/engine.h"

#include <stdlib.h>

#include "api/endpoint.h"
#include "api/xalloc.h"
#include "tui/core/kind.h"

/* Events remembered for the events pane. */
#define ENGINE_EVENTS_KEEP 2000
/* How long a burst of events may gather before one refresh. */
#define ENGINE_COALESCE_S 0.15

static void
engine_on_store(void *arg, enum store_kind k)
{
	struct engine *e = arg;

	if (e->hooks && e->hooks->changed)
		e->hooks->changed(e->arg, e, k);
}

/* The link is back: what changed while it was away is fetched again. */
static void
engine_back(struct engine *e)
{
	e->back_at = 0;
	e->reconnecting = false;
	store_refresh_all(&e->store);
	if (e->hooks && e->hooks->link)
		e->hooks->link(e->arg, e, true, NULL);
}

static void
engine_on_event(void *arg, const struct docker_event *ev)
{
	struct engine *e = arg;

	/* An event proves the stream works: no need to wait. */
	if (e->back_at != 0)
		engine_back(e);
	if (e->hooks && e->hooks->event)
		e->hooks->event(e->arg, e, ev);
}

static void
engine_on_state(void *arg, enum events_state st, const char *why)
{
	struct engine *e = arg;

	if (st == EVENTS_RECONNECTING) {
		bool was = e->reconnecting;

		e->back_at = 0;
		e->reconnecting = true;
		if (!was && e->hooks && e->hooks->link)
			e->hooks->link(e->arg, e, false, why ? why : "");
	} else if (st == EVENTS_LIVE && e->reconnecting)
		e->back_at = store_now() + ENGINE_SETTLE_S;
}

struct engine *
engine_new(struct docker *d, const char *name, bool read_only,
    const struct engine_hooks *hooks, void *arg)
{
	struct engine *e = xcalloc(1, sizeof *e);
	const char *addr = docker_endpoint(d)->host_arg;

	e->d = d;
	e->name = xstrdup(name ? name : addr);
	/* A context's name and where it leads: "prod tcp://10.0.0.5:2376". */
	e->label = name ? xasprintf("%s %s", name, addr) : xstrdup(addr);
	e->read_only = read_only;
	e->local = endpoint_is_local(docker_endpoint(d));
	e->hooks = hooks;
	e->arg = arg;
	store_init(&e->store, d, engine_on_store, e);
	events_init(&e->events, d, ENGINE_EVENTS_KEEP, engine_on_event,
	    engine_on_state, e);
	return e;
}

void
engine_free(struct engine *e)
{
	if (e == NULL)
		return;
	events_done(&e->events);
	store_done(&e->store);
	docker_free(e->d);
	free(e->name);
	free(e->label);
	free(e);
}

void
engine_start(struct engine *e, double now, int safety_s)
{
	e->next_safety =
	    now +
	    (safety_s < CONFIG_SAFETY_MIN_S ? CONFIG_SAFETY_MIN_S : safety_s);
	events_start(&e->events, now);
	store_refresh(&e->store, STORE_INFO);
}

/* The last time the engine answered anything. */
static double
engine_heard(const struct engine *e)
{
	double t = e->events.last_heard;

	for (int k = 0; k < STORE__COUNT; k++)
		if (e->store.last[k] > t)
			t = e->store.last[k];
	return t;
}

/*
 * Whether the engine still answers: a request that waits long makes a
 * ping ask (at most every ENGINE_ASK_S), and a ping unanswered for
 * ENGINE_SILENT_S makes the engine silent until anything answers.
 * Returns the next due time or 0.
 */
static double
engine_watch(struct engine *e, double now)
{
	double asked = events_asked_at(&e->events), heard = engine_heard(e);
	double oldest = 0, due = 0;

	/* The loop was held (the terminal handed to attach or exec): what
	 * was asked before has not been waiting for an answer meanwhile. */
	if (e->watched_at != 0 &&
	    now - e->watched_at > ENGINE_SILENT_S + ENGINE_HELD_SLACK_S)
		e->held_until = now;
	e->watched_at = now;
	if (asked != 0 && asked < e->held_until)
		asked = e->held_until;
	for (int k = 0; k < STORE__COUNT; k++)
		if (e->store.call[k] && e->store.sent[k] > 0 &&
		    (oldest == 0 || e->store.sent[k] < oldest))
			oldest = e->store.sent[k];
	if (oldest != 0 && oldest < e->held_until)
		oldest = e->held_until;
	if (oldest != 0) {
		double ask = (oldest > heard ? oldest : heard) + ENGINE_ASK_S;

		if (now >= ask) {
			events_probe(&e->events, now);
			asked = events_asked_at(&e->events);
		} else
			due = ask;
	}
	if (e->silent && heard > e->silent_since) {
		e->silent = false;
		if (e->hooks && e->hooks->silent)
			e->hooks->silent(e->arg, e, false);
	} else if (!e->silent && asked != 0) {
		if (now - asked >= ENGINE_SILENT_S) {
			e->silent = true;
			e->silent_since = now;
			if (e->hooks && e->hooks->silent)
				e->hooks->silent(e->arg, e, true);
		} else
			due = store_sooner(due, asked + ENGINE_SILENT_S);
	}
	return due;
}

double
engine_tick(struct engine *e, double now)
{
	double due;

	store_tick(&e->store, now);
	events_tick(&e->events, now);
	if (e->back_at != 0 && now >= e->back_at &&
	    e->events.state == EVENTS_LIVE)
		engine_back(e);
	due = store_sooner(engine_watch(e, now), e->back_at);
	return store_sooner(store_sooner(store_sooner(store_next_due(&e->store),
					     events_next_due(&e->events)),
				e->next_safety),
	    due);
}

/*
 * Whether a wanted slot that is not lazy has had no answer yet: the
 * lazy ones (disk usage, for which the engine sizes every container)
 * wait for it, so the pane's own list is not slowed by them.
 */
static bool
engine_first_lists_pending(const struct engine *e, unsigned slots)
{
	const struct store *s = &e->store;

	for (int k = 0; k < STORE__COUNT; k++)
		if ((slots & SLOT_BIT(k)) &&
		    !(ENGINE_LAZY_SLOTS & SLOT_BIT(k)) && !s->loaded[k] &&
		    s->error[k] == NULL)
			return true;
	return false;
}

void
engine_want(struct engine *e, unsigned slots)
{
	struct store *s = &e->store;
	bool first = engine_first_lists_pending(e, slots);
	double now = store_now();

	for (int k = 0; k < STORE__COUNT; k++) {
		bool w = (slots & SLOT_BIT(k)) != 0;

		/* Asked for again (engine_want) once those lists came. */
		if (w && first && (ENGINE_LAZY_SLOTS & SLOT_BIT(k)) &&
		    !s->loaded[k]) {
			e->stale[k] = true;
			s->wanted[k] = true;
			continue;
		}

		/*
		 * While the link is down, its return fetches what is wanted.
		 * A list that failed waits for its retry (store_back_off).
		 */
		if (w && !e->reconnecting &&
		    ((!s->loaded[k] && s->call[k] == NULL &&
			 !store_backing_off(s, (enum store_kind)k, now)) ||
			e->stale[k])) {
			store_refresh(s, (enum store_kind)k);
			e->stale[k] = false;
		}
		/* Hidden before its refresh came due: fetched when shown. */
		if (!w && (ENGINE_LAZY_SLOTS & SLOT_BIT(k)) && s->due[k]) {
			s->due[k] = 0;
			e->stale[k] = true;
		}
		s->wanted[k] = w || s->loaded[k];
	}
}

void
engine_event_refresh(
    struct engine *e, const struct docker_event *ev, unsigned shown)
{
	unsigned slots = kind_event_slots(ev);
	double now = store_now();

	for (int k = 0; k < STORE__COUNT; k++) {
		if (!(slots & SLOT_BIT(k)) ||
		    !(e->store.loaded[k] || e->store.wanted[k]))
			continue;
		if ((ENGINE_LAZY_SLOTS & SLOT_BIT(k)) && !(shown & SLOT_BIT(k)))
			e->stale[k] = true;
		else
			store_refresh_soon(&e->store, (enum store_kind)k, now,
			    ENGINE_COALESCE_S);
	}
}

void
engine_safety(struct engine *e, double now, unsigned shown, int every_s)
{
	int every =
	    every_s < CONFIG_SAFETY_MIN_S ? CONFIG_SAFETY_MIN_S : every_s;

	if (now < e->next_safety)
		return;
	e->next_safety = now + every;
	if (e->reconnecting)
		return;
	for (int k = 0; k < STORE__COUNT; k++) {
		/* A big list (a thousand containers) costs the engine and
		 * us a good part of a second each time: the net for missed
		 * events waits at least 1,000 times its last round trip. */
		double wait = e->store.rtt[k] * ENGINE_SAFETY_RTT_X;

		if (wait < every - 1)
			wait = every - 1;
		if ((shown & SLOT_BIT(k)) && e->store.loaded[k] &&
		    now - e->store.last[k] >= wait)
			store_refresh(&e->store, (enum store_kind)k);
	}
}

void
engine_refresh(struct engine *e, unsigned slots)
{
	if (e->reconnecting)
		events_retry_now(&e->events, store_now());
	for (int k = 0; k < STORE__COUNT; k++)
		if (slots & SLOT_BIT(k))
			store_refresh(&e->store, (enum store_kind)k);
}

const char *
engine_os_type(const struct engine *e)
{
	return store_info(&e->store) && store_info(&e->store)->os_type
		   ? store_info(&e->store)->os_type
		   : "linux";
}
