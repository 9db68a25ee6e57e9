/*
 * An engine as a value: its client, store, events stream, name, read-only
 * flag and colour. The console holds a list of them; every pane knows
 * its engine, and an action acts on the engine of its pane.
 */
#ifndef TUI_CORE_ENGINE_H
#define TUI_CORE_ENGINE_H

#include <stdbool.h>

#include "api/docker.h"
#include "api/model.h"
#include "tui/core/config.h"
#include "tui/core/events.h"
#include "tui/core/store.h"

struct engine;

/* What an engine tells the console. */
struct engine_hooks {
	/* A store slot changed (or failed: see store.error[slot]). */
	void (*changed)(void *arg, struct engine *, enum store_kind);
	void (*event)(void *arg, struct engine *, const struct docker_event *);
	/* The events stream went away (why) or came back (why == NULL). */
	void (*link)(void *arg, struct engine *, bool up, const char *why);
	/*
	 * The engine stopped answering (a ping waited ENGINE_SILENT_S), or
	 * answered again (silent false); see engine.silent.
	 */
	void (*silent)(void *arg, struct engine *, bool silent);
};

struct engine {
	char *name; /* the context's name or the address as given */
	char *label; /* for the status bar ("sandbox engine unix://...") */
	struct docker *d;
	struct store store;
	struct events events;
	bool read_only;
	bool local; /* cgroup files, conntrack and port probes reach it */
	int colour; /* a theme role to draw its name in (0: none) */
	bool reconnecting;
	/*
	 * The stream is open again after a drop, but it counts as back (a
	 * full refresh, "reconnected") only once it has stayed open until
	 * back_at or brought an event: an engine whose /events fails at once
	 * must not cost a refresh of every list on each try.
	 */
	double back_at;
	/* A ping went unanswered for ENGINE_SILENT_S; until it answers. */
	bool silent;
	double silent_since;
	/* The last look at it, and the end of a time the loop was held. */
	double watched_at, held_until;
	/* Changed while no pane on screen showed it (ENGINE_LAZY_SLOTS). */
	bool stale[STORE__COUNT];
	double next_safety;
	const struct engine_hooks *hooks;
	void *arg;
};

/*
 * Slots that events refresh only while a pane on screen shows them; else
 * an event marks them stale, and they are fetched when such a pane is
 * shown. Disk usage is one: the engine sizes every container for it.
 */
#define ENGINE_LAZY_SLOTS (1u << STORE_DF)
/*
 * The safety refresh of a slot waits at least this many times the slot's
 * last round trip: a list that takes 150 ms is re-read every 150 s, a
 * small one at the configured interval.
 */
#define ENGINE_SAFETY_RTT_X 1000

/* How long a reopened stream must stay open to count as back. */
#define ENGINE_SETTLE_S 2
/* A request waiting this long makes a ping ask whether the engine is there. */
#define ENGINE_ASK_S 3
/* A ping unanswered this long: the engine is not answering. */
#define ENGINE_SILENT_S 5
/*
 * A loop pass later than ENGINE_SILENT_S + this after the last one means
 * the loop was held (the terminal handed over): the loop itself sleeps up
 * to ENGINE_SILENT_S while a ping waits, a little over it at times.
 */
#define ENGINE_HELD_SLACK_S 2

/* Takes ownership of d. */
struct engine *engine_new(struct docker *d, const char *name, bool read_only,
    const struct engine_hooks *, void *arg);
void engine_free(struct engine *);

/* Opens the events stream and asks for the engine's info. */
void engine_start(struct engine *, double now, int safety_s);
/* Timers of the store and the stream; returns the next due time or 0. */
double engine_tick(struct engine *, double now);
/*
 * The slots the screen shows now (a bit mask of store slots): fetches
 * what is missing or stale, and lets hidden lazy slots wait.
 */
void engine_want(struct engine *, unsigned slots);
/* Refreshes what an event made stale; shown: the slots on screen. */
void engine_event_refresh(
    struct engine *, const struct docker_event *, unsigned shown);
/* The slow safety net: re-fetches shown slots not heard of for a while. */
void engine_safety(struct engine *, double now, unsigned shown, int every_s);
/* Refreshes the given slots now (and a failing stream tries again now). */
void engine_refresh(struct engine *, unsigned slots);

/* "linux" unless the engine said otherwise. */
const char *engine_os_type(const struct engine *);

#endif
