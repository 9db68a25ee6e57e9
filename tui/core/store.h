/*
 * The store: the engine's objects as last fetched, refreshed by kind. The
 * events stream and the user ask for refreshes; requests of one kind
 * coalesce, so a burst of events costs one request.
 */
#ifndef TUI_CORE_STORE_H
#define TUI_CORE_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "api/docker.h"
#include "api/model.h"
#include "tui/core/kind.h"

typedef void store_changed_fn(void *arg, enum store_kind);

struct store;

/* The context of one kind's request. */
struct store_req {
	struct store *s;
	enum store_kind kind;
};

struct store {
	struct docker *d;
	/* Each slot's last answer, decoded (see the accessors below). */
	void *slot[STORE__COUNT];
	unsigned gen[STORE__COUNT]; /* bumped on every change */
	bool loaded[STORE__COUNT];
	bool wanted[STORE__COUNT]; /* some view shows this kind */
	struct docker_call *call[STORE__COUNT];
	struct store_req req[STORE__COUNT];
	bool again[STORE__COUNT]; /* asked again while in flight */
	double due[STORE__COUNT]; /* a coalesced refresh, 0: none */
	double last[STORE__COUNT]; /* when the last answer came */
	double sent[STORE__COUNT]; /* when the last request went */
	double rtt[STORE__COUNT]; /* how long the last good answer took */
	char *error[STORE__COUNT]; /* the last failure, or NULL */
	/*
	 * Failures in a row, and when a failed list may be asked for again
	 * by itself (STORE_RETRY_MIN doubling to STORE_RETRY_MAX seconds): a
	 * list the engine refuses is never asked for in a loop.
	 */
	unsigned fails[STORE__COUNT];
	double retry_at[STORE__COUNT];
	store_changed_fn *changed;
	void *arg;
};

void store_init(struct store *, struct docker *, store_changed_fn *, void *arg);
void store_done(struct store *);

/* Backoff of a list that failed, in seconds. */
#define STORE_RETRY_MIN 1.0
#define STORE_RETRY_MAX 30.0

/* Whether k failed and is not to be asked for again by itself yet. */
bool store_backing_off(const struct store *, enum store_kind, double now);

/* Asks now; a request already in flight is followed by one more. */
void store_refresh(struct store *, enum store_kind);
/* Asks within delay seconds; several calls in the window make one. */
void store_refresh_soon(
    struct store *, enum store_kind, double now, double delay);
/* Every loaded or wanted kind. */
void store_refresh_all(struct store *);
/* Fires the refreshes that are due. */
void store_tick(struct store *, double now);
/* The next time store_tick has work, or 0 when none. */
double store_next_due(const struct store *);

/*
 * The slots' answers, typed; NULL until loaded. Borrowed until the next
 * change of the slot. A kind added later reads its own slot the same
 * way: (const struct docker_service_list *)s->slot[KIND_SERVICE].
 */
static inline struct docker_container_list *
store_containers(const struct store *s)
{
	return s->slot[STORE_CONTAINERS];
}

static inline struct docker_image_list *
store_images(const struct store *s)
{
	return s->slot[STORE_IMAGES];
}

static inline struct docker_volume_list *
store_volumes(const struct store *s)
{
	return s->slot[STORE_VOLUMES];
}

static inline struct docker_network_list *
store_networks(const struct store *s)
{
	return s->slot[STORE_NETWORKS];
}

static inline struct docker_info *
store_info(const struct store *s)
{
	return s->slot[STORE_INFO];
}

static inline struct docker_version *
store_version(const struct store *s)
{
	return s->slot[STORE_VERSION];
}

static inline struct docker_df *
store_df(const struct store *s)
{
	return s->slot[STORE_DF];
}

/* The name of an object of kind k (borrowed) or NULL; see kind.h. */
const char *store_name_of(const struct store *, enum kind, const char *id);

/* Lookups in the current lists; borrowed until the next change. */
const struct docker_container *store_container(
    const struct store *, const char *id);
const struct docker_image *store_image(const struct store *, const char *id);

/* The sooner of two due times, where 0 means none. */
double store_sooner(double, double);

/* Seconds since the epoch with sub-second precision (CLOCK_REALTIME). */
double store_now(void);

#endif
