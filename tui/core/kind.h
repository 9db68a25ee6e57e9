/*
 * The kind registry: what an object is, said once. One row per kind (its
 * nouns, store slot, engine calls, detail tabs, allowed actions, event
 * type, prune call); panes, actions, views and the audit log ask here
 * instead of comparing pane names or keeping enums of their own.
 */
#ifndef TUI_CORE_KIND_H
#define TUI_CORE_KIND_H

#include <stdbool.h>

#include "api/docker.h"
#include "api/model.h"
#include "tui/core/action.h"

enum kind {
	KIND_NONE,
	KIND_CONTAINER,
	KIND_IMAGE,
	KIND_VOLUME,
	KIND_NETWORK,
	KIND_EXEC, /* an exec session */
	KIND_BUILD_CACHE,
	KIND_ENGINE, /* the engine itself: /info and /version */
	KIND_EVENT, /* one event of the events stream */
	KIND_PROJECT, /* a compose project, from its labels */
	KIND_NODE, /* a swarm node */
	KIND_SERVICE, /* a swarm service */
	KIND_TASK, /* a swarm task (a service's slot on a node) */
	KIND_SECRET, /* a swarm secret (its data is never read back) */
	KIND_CONFIG, /* a swarm config */
	KIND_STACK, /* a swarm stack, from its services' labels */
	KIND__COUNT
};

/*
 * The store's slots: one per kind, holding its list when the kind has one
 * (slot k is kind k's), then the engine's own answers. The names are for
 * the kinds the code asks for by slot.
 */
enum store_kind {
	STORE_CONTAINERS = KIND_CONTAINER,
	STORE_IMAGES = KIND_IMAGE,
	STORE_VOLUMES = KIND_VOLUME,
	STORE_NETWORKS = KIND_NETWORK,
	STORE_INFO = KIND__COUNT,
	STORE_VERSION,
	STORE_DF,
	STORE__COUNT
};

/* A slot as a bit of a mask. */
#define SLOT_BIT(k) (1u << (k))

/* The tabs of a detail view. */
enum tab { TAB_LOGS, TAB_INSPECT, TAB_STATS, TAB_TOP, TAB_HISTORY, TAB__COUNT };

#define TAB_BIT(t) (1u << (t))

typedef struct docker_call *kind_list_fn(
    struct docker *, docker_done_fn *, void *arg);
typedef struct docker_call *kind_inspect_fn(
    struct docker *, const char *id, docker_done_fn *, void *arg);

struct kind_info {
	const char *noun; /* "container" */
	const char *plural; /* "containers": also its pane's name */
	/*
	 * Its list in the store (slot k): fetched, decoded and freed so.
	 * NULL list: the kind has no list of its own.
	 */
	kind_list_fn *list;
	void *(*decode)(const char *body, size_t len, char **cause);
	void (*free)(void *);
	/* The store slot its objects are found in (its own, or -1). */
	int slot;
	kind_inspect_fn *inspect; /* NULL: no JSON of its own */
	bool prunable; /* prune is its docker_prune() kind */
	int prune; /* enum docker_prune_kind */
	/* The object's name in its slot's answer; borrowed, NULL: unknown. */
	const char *(*name_of)(const void *slot, const char *id);
	unsigned tabs; /* TAB_BIT()s of its detail view */
	const enum action *actions; /* what it allows, ACTION_NONE-ended */
	const char *event_type; /* the events stream's Type, or NULL */
	/* Store slots an event of this kind makes stale. */
	unsigned event_slots;
};

/* Never NULL: KIND_NONE's row for an unknown value. */
const struct kind_info *kind_get(enum kind);
/* The kind whose plural, noun or event type is name; KIND_NONE if none. */
enum kind kind_find(const char *name);
bool kind_has_tab(enum kind, enum tab);
bool kind_allows(enum kind, enum action);

/*
 * The store slots an engine event makes stale (SLOT_BIT()s): the row of
 * the event's type, less the container events that change no list (exec
 * sessions, top) and with health changes refreshing only the containers.
 */
unsigned kind_event_slots(const struct docker_event *);

#endif
