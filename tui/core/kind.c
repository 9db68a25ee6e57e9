/* The kind registry: one row per object kind. */

#include "tui/core/kind.h"

#include <stddef.h>
#include <string.h>

#include "api/calls.h"
#include "api/decode.h"
#include "api/decode_swarm.h"

static const char *
kind_container_name(const void *slot, const char *id)
{
	const struct docker_container_list *l = slot;

	for (size_t i = 0; l && i < l->n; i++)
		if (strcmp(l->v[i].id, id) == 0)
			return l->v[i].name;
	return NULL;
}

static const char *
kind_image_name(const void *slot, const char *id)
{
	const struct docker_image_list *l = slot;

	for (size_t i = 0; l && i < l->n; i++) {
		const struct docker_image *im = &l->v[i];

		if (strcmp(im->id, id) != 0)
			continue;
		return im->repo_tags && im->repo_tags[0] &&
			       strcmp(im->repo_tags[0], "<none>:<none>") != 0
			   ? im->repo_tags[0]
			   : NULL;
	}
	return NULL;
}

static const char *
kind_volume_name(const void *slot, const char *id)
{
	(void)slot;
	return id;
}

static const char *
kind_network_name(const void *slot, const char *id)
{
	const struct docker_network_list *l = slot;

	for (size_t i = 0; l && i < l->n; i++)
		if (l->v[i].id && strcmp(l->v[i].id, id) == 0)
			return l->v[i].name;
	return NULL;
}

static const char *
kind_engine_name(const void *slot, const char *id)
{
	const struct docker_info *info = slot;

	(void)id;
	return info && info->name ? info->name : NULL;
}

/* A compose project is known by its name. */
static const char *
kind_project_name(const void *slot, const char *id)
{
	(void)slot;
	return id;
}

static const char *
kind_node_name(const void *slot, const char *id)
{
	const struct docker_node_list *l = slot;

	for (size_t i = 0; l && i < l->n; i++)
		if (strcmp(l->v[i].id, id) == 0)
			return l->v[i].hostname;
	return NULL;
}

static const char *
kind_service_name(const void *slot, const char *id)
{
	const struct docker_service_list *l = slot;

	for (size_t i = 0; l && i < l->n; i++)
		if (strcmp(l->v[i].id, id) == 0 ||
		    strcmp(l->v[i].name, id) == 0)
			return l->v[i].name;
	return NULL;
}

static const char *
kind_swarm_object_name(const void *slot, const char *id)
{
	const struct docker_swarm_object_list *l = slot;

	for (size_t i = 0; l && i < l->n; i++)
		if (strcmp(l->v[i].id, id) == 0)
			return l->v[i].name;
	return NULL;
}

/* A stack is known by its name (com.docker.stack.namespace). */
static const char *
kind_stack_name(const void *slot, const char *id)
{
	(void)slot;
	return id;
}

/*
 * A kind's list functions with the store's generic types: typed wrappers,
 * so each is called through its own type.
 */
#define KIND_LIST_FNS(NAME, DECODE, TYPE, FREE)                                \
	static void *NAME##_decode(const char *b, size_t n, char **cause)      \
	{                                                                      \
		return DECODE(b, n, cause);                                    \
	}                                                                      \
	static void NAME##_free(void *p)                                       \
	{                                                                      \
		FREE((TYPE *)p);                                               \
	}

KIND_LIST_FNS(kind_containers, decode_container_list,
    struct docker_container_list, docker_container_list_free)
KIND_LIST_FNS(kind_images, decode_image_list, struct docker_image_list,
    docker_image_list_free)
KIND_LIST_FNS(kind_volumes, decode_volume_list, struct docker_volume_list,
    docker_volume_list_free)
KIND_LIST_FNS(kind_networks, decode_network_list, struct docker_network_list,
    docker_network_list_free)

KIND_LIST_FNS(kind_nodes, decode_node_list, struct docker_node_list,
    docker_node_list_free)
KIND_LIST_FNS(kind_services, decode_service_list, struct docker_service_list,
    docker_service_list_free)
KIND_LIST_FNS(kind_tasks, decode_task_list, struct docker_task_list,
    docker_task_list_free)
KIND_LIST_FNS(kind_swarm_objects, decode_swarm_object_list,
    struct docker_swarm_object_list, docker_swarm_object_list_free)

/* The row fields of a kind's list: its call and the wrappers above. */
#define KIND_LIST(FETCH, NAME)                                                 \
	.list = FETCH, .decode = NAME##_decode, .free = NAME##_free

#define KIND_ACTS(...)                                                         \
	(const enum action[])                                                  \
	{                                                                      \
		__VA_ARGS__, ACTION_NONE                                       \
	}

static const struct kind_info kinds[KIND__COUNT] = {
    [KIND_NONE] = {.noun = "object", .plural = "objects", .slot = -1},
    [KIND_CONTAINER] =
	{
	    .noun = "container",
	    .plural = "containers",
	    KIND_LIST(docker_container_list, kind_containers),
	    .slot = STORE_CONTAINERS,
	    .inspect = docker_container_inspect,
	    .prunable = true,
	    .prune = DOCKER_PRUNE_CONTAINERS,
	    .name_of = kind_container_name,
	    .tabs = TAB_BIT(TAB_LOGS) | TAB_BIT(TAB_INSPECT) |
		    TAB_BIT(TAB_STATS) | TAB_BIT(TAB_TOP),
	    .actions = KIND_ACTS(ACTION_START, ACTION_STOP, ACTION_RESTART,
		ACTION_PAUSE, ACTION_KILL, ACTION_REMOVE, ACTION_RENAME,
		ACTION_ATTACH, ACTION_EXEC, ACTION_RUN, ACTION_COPY_ID,
		ACTION_COMMIT, ACTION_EXPORT),
	    .event_type = "container",
	    .event_slots = SLOT_BIT(STORE_CONTAINERS) | SLOT_BIT(STORE_INFO) |
			   SLOT_BIT(STORE_DF),
	},
    [KIND_IMAGE] =
	{
	    .noun = "image",
	    .plural = "images",
	    KIND_LIST(docker_image_list, kind_images),
	    .slot = STORE_IMAGES,
	    .inspect = docker_image_inspect,
	    .prunable = true,
	    .prune = DOCKER_PRUNE_IMAGES,
	    .name_of = kind_image_name,
	    .tabs = TAB_BIT(TAB_INSPECT) | TAB_BIT(TAB_HISTORY),
	    .actions = KIND_ACTS(ACTION_REMOVE, ACTION_TAG, ACTION_PUSH,
		ACTION_PULL, ACTION_RUN, ACTION_COPY_ID, ACTION_SAVE_IMAGES,
		ACTION_LOAD, ACTION_SEARCH, ACTION_LOGIN),
	    .event_type = "image",
	    .event_slots = SLOT_BIT(STORE_IMAGES) | SLOT_BIT(STORE_INFO) |
			   SLOT_BIT(STORE_DF),
	},
    [KIND_VOLUME] =
	{
	    .noun = "volume",
	    .plural = "volumes",
	    KIND_LIST(docker_volume_list, kind_volumes),
	    .slot = STORE_VOLUMES,
	    .inspect = docker_volume_inspect,
	    .prunable = true,
	    .prune = DOCKER_PRUNE_VOLUMES,
	    .name_of = kind_volume_name,
	    .tabs = TAB_BIT(TAB_INSPECT),
	    .actions = KIND_ACTS(ACTION_REMOVE, ACTION_CREATE, ACTION_COPY_ID),
	    .event_type = "volume",
	    .event_slots = SLOT_BIT(STORE_VOLUMES) | SLOT_BIT(STORE_DF),
	},
    [KIND_NETWORK] =
	{
	    .noun = "network",
	    .plural = "networks",
	    KIND_LIST(docker_network_list, kind_networks),
	    .slot = STORE_NETWORKS,
	    .inspect = docker_network_inspect,
	    .prunable = true,
	    .prune = DOCKER_PRUNE_NETWORKS,
	    .name_of = kind_network_name,
	    .tabs = TAB_BIT(TAB_INSPECT),
	    .actions = KIND_ACTS(ACTION_REMOVE, ACTION_CREATE, ACTION_COPY_ID),
	    .event_type = "network",
	    .event_slots =
		SLOT_BIT(STORE_NETWORKS) | SLOT_BIT(STORE_CONTAINERS),
	},
    [KIND_EXEC] =
	{
	    .noun = "exec session",
	    .plural = "sessions",
	    .slot = -1,
	    .inspect = docker_exec_inspect,
	    .tabs = TAB_BIT(TAB_INSPECT),
	    .actions = KIND_ACTS(ACTION_EXEC, ACTION_ATTACH),
	},
    [KIND_BUILD_CACHE] =
	{
	    .noun = "build cache record",
	    .plural = "build cache",
	    .slot = -1,
	    .prunable = true,
	    .prune = DOCKER_PRUNE_BUILD,
	    .event_type = "builder",
	    .event_slots = SLOT_BIT(STORE_DF),
	},
    [KIND_ENGINE] =
	{
	    .noun = "engine",
	    .plural = "engines",
	    .slot = STORE_INFO,
	    .name_of = kind_engine_name,
	    .tabs = TAB_BIT(TAB_INSPECT),
	},
    [KIND_EVENT] =
	{
	    .noun = "event",
	    .plural = "events",
	    .slot = -1,
	    .tabs = TAB_BIT(TAB_INSPECT),
	},
    [KIND_PROJECT] =
	{
	    /* Derived from the containers' labels: no list of its own. */
	    .noun = "project",
	    .plural = "projects",
	    .slot = STORE_CONTAINERS,
	    .name_of = kind_project_name,
	    .actions =
		KIND_ACTS(ACTION_START, ACTION_STOP, ACTION_RESTART,
		    ACTION_PAUSE, ACTION_REMOVE, ACTION_COPY_ID),
	},
    /*
     * Swarm kinds: their lists answer on a manager only (a 503 in words
     * elsewhere). Tasks have no events of their own: service events and
     * the panes' polls while shown refresh them.
     */
    [KIND_NODE] =
	{
	    .noun = "node",
	    .plural = "nodes",
	    KIND_LIST(docker_node_list, kind_nodes),
	    .slot = KIND_NODE,
	    .inspect = docker_node_inspect,
	    .name_of = kind_node_name,
	    .tabs = TAB_BIT(TAB_INSPECT),
	    .actions =
		KIND_ACTS(ACTION_DRAIN, ACTION_ACTIVATE, ACTION_PAUSE,
		    ACTION_PROMOTE, ACTION_DEMOTE, ACTION_LABEL, ACTION_REMOVE,
		    ACTION_COPY_ID),
	    .event_type = "node",
	    .event_slots = SLOT_BIT(KIND_NODE) | SLOT_BIT(KIND_TASK),
	},
    [KIND_SERVICE] =
	{
	    .noun = "service",
	    .plural = "services",
	    KIND_LIST(docker_service_list, kind_services),
	    .slot = KIND_SERVICE,
	    .inspect = docker_service_inspect,
	    .name_of = kind_service_name,
	    .tabs = TAB_BIT(TAB_INSPECT),
	    .actions =
		KIND_ACTS(ACTION_SCALE, ACTION_UPDATE_IMAGE, ACTION_RESTART,
		    ACTION_ROLLBACK, ACTION_REMOVE, ACTION_LOGS,
		    ACTION_COPY_ID),
	    .event_type = "service",
	    .event_slots = SLOT_BIT(KIND_SERVICE) | SLOT_BIT(KIND_TASK),
	},
    [KIND_TASK] =
	{
	    .noun = "task",
	    .plural = "tasks",
	    KIND_LIST(docker_task_list, kind_tasks),
	    .slot = KIND_TASK,
	    .inspect = docker_task_inspect,
	    .tabs = TAB_BIT(TAB_INSPECT),
	    .actions = KIND_ACTS(ACTION_COPY_ID),
	},
    [KIND_SECRET] =
	{
	    .noun = "secret",
	    .plural = "secrets",
	    KIND_LIST(docker_secret_list, kind_swarm_objects),
	    .slot = KIND_SECRET,
	    .inspect = docker_secret_inspect,
	    .name_of = kind_swarm_object_name,
	    .tabs = TAB_BIT(TAB_INSPECT),
	    .actions = KIND_ACTS(ACTION_CREATE, ACTION_REMOVE, ACTION_COPY_ID),
	    .event_type = "secret",
	    .event_slots = SLOT_BIT(KIND_SECRET),
	},
    [KIND_CONFIG] =
	{
	    .noun = "config",
	    .plural = "configs",
	    KIND_LIST(docker_config_list, kind_swarm_objects),
	    .slot = KIND_CONFIG,
	    .inspect = docker_config_inspect,
	    .name_of = kind_swarm_object_name,
	    .tabs = TAB_BIT(TAB_INSPECT),
	    .actions = KIND_ACTS(ACTION_CREATE, ACTION_REMOVE, ACTION_COPY_ID),
	    .event_type = "config",
	    .event_slots = SLOT_BIT(KIND_CONFIG),
	},
    [KIND_STACK] =
	{
	    /* Derived from the services' labels: no list of its own. */
	    .noun = "stack",
	    .plural = "stacks",
	    .slot = KIND_SERVICE,
	    .name_of = kind_stack_name,
	    .actions = KIND_ACTS(ACTION_REMOVE, ACTION_COPY_ID),
	},
};

const struct kind_info *
kind_get(enum kind k)
{
	return (unsigned)k < KIND__COUNT ? &kinds[k] : &kinds[KIND_NONE];
}

enum kind
kind_find(const char *name)
{
	for (int k = KIND_NONE + 1; name && k < KIND__COUNT; k++)
		if (strcmp(kinds[k].plural, name) == 0 ||
		    strcmp(kinds[k].noun, name) == 0 ||
		    (kinds[k].event_type &&
			strcmp(kinds[k].event_type, name) == 0))
			return (enum kind)k;
	return KIND_NONE;
}

bool
kind_has_tab(enum kind k, enum tab t)
{
	return (kind_get(k)->tabs & TAB_BIT(t)) != 0;
}

bool
kind_allows(enum kind k, enum action act)
{
	const enum action *a = kind_get(k)->actions;

	for (size_t i = 0; a && a[i] != ACTION_NONE; i++)
		if (a[i] == act)
			return true;
	return false;
}

unsigned
kind_event_slots(const struct docker_event *e)
{
	enum kind k = e->type ? kind_find(e->type) : KIND_NONE;
	const char *act = e->action ? e->action : "";

	if (k == KIND_CONTAINER) {
		/* Exec events change no list; the sessions pane follows them. */
		if (strncmp(act, "exec_", 5) == 0 || strcmp(act, "top") == 0)
			return 0;
		if (strncmp(act, "health_status", 13) == 0)
			return SLOT_BIT(STORE_CONTAINERS);
	}
	return kind_get(k)->event_slots;
}
