/*
 * Typed engine calls: one function per thing the console asks of the
 * engine, so that every path, query string and escape lives in api/.
 *
 * Every call is asynchronous and returns what docker_request() returns
 * (cancel it with docker_cancel()). Ids, names and values are copied and
 * escaped before the call returns; bodies are JSON text, also copied.
 * Calls that take a docker_data_fn stream when it is set (data arrives
 * through it, on_done gets an empty body) and collect the whole body for
 * on_done when it is NULL. Filters are JSON text such as
 * {"label":["a=b"]}, made with create_filters_json(); NULL means none.
 *
 * Blocking use (command line modes, the bundle, attach, tests; never the
 * console loop): give any call docker_sync_fill and a struct docker_result,
 * and wrap it in docker_sync_call(), which runs the loop until it is done:
 *
 *	struct docker_result r;
 *
 *	docker_sync_call(d, docker_container_inspect(d, id, docker_sync_fill,
 *	    &r), &r);
 *	...
 *	docker_result_done(&r);
 *
 * A streamed call gives on_data the same arg: make the struct
 * docker_result the first member of a struct that also holds your sink.
 */
#ifndef API_CALLS_H
#define API_CALLS_H

#include <stdbool.h>
#include <stdint.h>

#include "api/docker.h"

/* ---- blocking use ---- */

/* docker_sync_fill(), the done callback of a blocking call, is in
 * api/docker.h. */
/*
 * Runs the loop until call, started with docker_sync_fill and out, is
 * done. out need not be initialized; it is owned afterwards: free it with
 * docker_result_done().
 */
void docker_sync_call(
    struct docker *, struct docker_call *, struct docker_result *out);

/* ---- containers ---- */

/* GET /containers/json?all=1: every container, stopped ones too. */
struct docker_call *docker_container_list(
    struct docker *, docker_done_fn *done, void *arg);
/* The same for those that match filters, with their sizes when size. */
struct docker_call *docker_container_list_filtered(struct docker *,
    const char *filters, bool size, docker_done_fn *done, void *arg);
/* GET /containers/{id}/json. */
struct docker_call *docker_container_inspect(
    struct docker *, const char *id, docker_done_fn *done, void *arg);

enum docker_verb {
	DOCKER_VERB_START,
	DOCKER_VERB_STOP,
	DOCKER_VERB_RESTART,
	DOCKER_VERB_PAUSE,
	DOCKER_VERB_UNPAUSE,
	DOCKER_VERB_KILL,
	DOCKER_VERB_WAIT, /* answers when the container stops */
};

/*
 * POST /containers/{id}/{verb}. signal ("TERM", "SIGHUP") is for
 * DOCKER_VERB_KILL only; NULL means the engine's default (KILL).
 */
struct docker_call *docker_container_act(struct docker *, const char *id,
    enum docker_verb, const char *signal, docker_done_fn *done, void *arg);
/* DELETE /containers/{id}; volumes: its anonymous volumes too. */
struct docker_call *docker_container_remove(struct docker *, const char *id,
    bool force, bool volumes, docker_done_fn *done, void *arg);
/* POST /containers/{id}/rename. */
struct docker_call *docker_container_rename(struct docker *, const char *id,
    const char *name, docker_done_fn *done, void *arg);
/*
 * POST /containers/create with json (create_spec_json()); name NULL lets
 * the engine pick one. The answer holds the new id (decode_id()).
 */
struct docker_call *docker_container_create(struct docker *, const char *name,
    const char *json, docker_done_fn *done, void *arg);

struct docker_logs_opts {
	bool follow; /* stay open for new lines */
	bool out, err; /* which of stdout and stderr */
	bool timestamps;
	bool tail; /* only the last tail_lines lines (may be 0) */
	int tail_lines;
	int64_t since_ns, until_ns; /* Unix time in nanoseconds; 0: unset */
};

/*
 * GET /containers/{id}/logs: raw for a TTY container, multiplexed
 * otherwise (demux_init()).
 */
struct docker_call *docker_container_logs(struct docker *, const char *id,
    const struct docker_logs_opts *, docker_data_fn *on_data,
    docker_done_fn *on_done, void *arg);
/*
 * GET /containers/{id}/stats: a JSON line a second through on_data, or,
 * when on_data is NULL, a single sample without the usual wait.
 */
struct docker_call *docker_container_stats(struct docker *, const char *id,
    docker_data_fn *on_data, docker_done_fn *on_done, void *arg);
/* What a commit makes of a container (see docker_container_commit()). */
struct docker_commit_opts {
	const char *repo, *tag; /* NULL: an untagged image */
	const char *comment, *author; /* NULL: none */
	const char *const *changes; /* "CMD [...]", NULL-ended, may be NULL */
	bool pause; /* pause the container while committing */
};

/*
 * POST /commit?container=id&...: a new image from the container's
 * filesystem and configuration; the answer holds its id (decode_id()).
 */
struct docker_call *docker_container_commit(struct docker *, const char *id,
    const struct docker_commit_opts *, docker_done_fn *done, void *arg);
/* GET /containers/{id}/export: a tar of its filesystem through on_data. */
struct docker_call *docker_container_export(struct docker *, const char *id,
    docker_data_fn *on_data, docker_done_fn *on_done, void *arg);

/* GET /containers/{id}/top; ps_args ("-ef") NULL for the engine's own. */
struct docker_call *docker_container_top(struct docker *, const char *id,
    const char *ps_args, docker_done_fn *done, void *arg);

/* ---- images ---- */

/* GET /images/json: tagged and dangling images. */
struct docker_call *docker_image_list(
    struct docker *, docker_done_fn *done, void *arg);
/* GET /images/json?all=1: intermediate images too. */
struct docker_call *docker_image_list_all(
    struct docker *, docker_done_fn *done, void *arg);
/* GET /images/{id}/json; id may be a reference ("nginx:latest"). */
struct docker_call *docker_image_inspect(
    struct docker *, const char *id, docker_done_fn *done, void *arg);
/* GET /images/{id}/history. */
struct docker_call *docker_image_history(
    struct docker *, const char *id, docker_done_fn *done, void *arg);
/* DELETE /images/{id}: by reference, only that tag goes (untag). */
struct docker_call *docker_image_remove(struct docker *, const char *id,
    bool force, docker_done_fn *done, void *arg);
/* POST /images/{id}/tag: id becomes also known as repo:tag. */
struct docker_call *docker_image_tag(struct docker *, const char *id,
    const char *repo, const char *tag, docker_done_fn *done, void *arg);
/*
 * POST /images/create?fromImage=name&tag=tag: JSON progress lines through
 * on_data. tag may be a digest ("sha256:...").
 */
struct docker_call *docker_image_pull(struct docker *, const char *name,
    const char *tag, docker_data_fn *on_data, docker_done_fn *on_done,
    void *arg);
/*
 * POST /images/{name}/push?tag=tag: JSON progress lines through on_data.
 * auth is the X-Registry-Auth value (base64 of the credentials' JSON);
 * NULL pushes anonymously (the engine wants the header all the same).
 */
struct docker_call *docker_image_push(struct docker *, const char *name,
    const char *tag, const char *auth, docker_data_fn *on_data,
    docker_done_fn *on_done, void *arg);

/*
 * GET /images/get?names=...: a tar of the images named (with every tag
 * named), through on_data.
 */
struct docker_call *docker_image_save(struct docker *, const char *const *names,
    docker_data_fn *on_data, docker_done_fn *on_done, void *arg);
/*
 * POST /images/load: the tar read from up while it is sent; the engine's
 * JSON lines (decode_load_line()) through on_data.
 */
struct docker_call *docker_image_load(struct docker *,
    const struct docker_upload *up, docker_data_fn *on_data,
    docker_done_fn *on_done, void *arg);
/*
 * GET /images/search?term=term&limit=limit (limit 0: the engine's
 * default); auth as for a push, NULL for none. The answer is
 * decode_search_list()'s.
 */
struct docker_call *docker_image_search(struct docker *, const char *term,
    int limit, const char *auth, docker_done_fn *done, void *arg);
/*
 * POST /auth with json (auth_login_json()): the engine checks the
 * credentials with the registry; auth_login_decode() reads the answer.
 */
struct docker_call *docker_registry_login(
    struct docker *, const char *json, docker_done_fn *done, void *arg);
/* pull with the X-Registry-Auth value auth (NULL: none). */
struct docker_call *docker_image_pull_auth(struct docker *, const char *name,
    const char *tag, const char *auth, docker_data_fn *on_data,
    docker_done_fn *on_done, void *arg);

/* ---- volumes ---- */

/* GET /volumes. */
struct docker_call *docker_volume_list(
    struct docker *, docker_done_fn *done, void *arg);
/* GET /volumes/{name}. */
struct docker_call *docker_volume_inspect(
    struct docker *, const char *name, docker_done_fn *done, void *arg);
/* DELETE /volumes/{name}. */
struct docker_call *docker_volume_remove(struct docker *, const char *name,
    bool force, docker_done_fn *done, void *arg);
/* POST /volumes/create with json (create_volume_json()). */
struct docker_call *docker_volume_create(
    struct docker *, const char *json, docker_done_fn *done, void *arg);

/* ---- networks ---- */

/* GET /networks. */
struct docker_call *docker_network_list(
    struct docker *, docker_done_fn *done, void *arg);
/* GET /networks/{id}. */
struct docker_call *docker_network_inspect(
    struct docker *, const char *id, docker_done_fn *done, void *arg);
/* DELETE /networks/{id}. */
struct docker_call *docker_network_remove(
    struct docker *, const char *id, docker_done_fn *done, void *arg);
/* POST /networks/create with json (create_network_json()). */
struct docker_call *docker_network_create(
    struct docker *, const char *json, docker_done_fn *done, void *arg);

/* ---- exec (creating and starting one is in hijack.h) ---- */

/* GET /exec/{id}/json. */
struct docker_call *docker_exec_inspect(
    struct docker *, const char *id, docker_done_fn *done, void *arg);

/* ---- the engine as a whole ---- */

/* GET /info. */
struct docker_call *docker_system_info(
    struct docker *, docker_done_fn *done, void *arg);
/* GET /version. */
struct docker_call *docker_system_version(
    struct docker *, docker_done_fn *done, void *arg);
/* GET /system/df: slow, and the engine runs one at a time. */
struct docker_call *docker_system_df(
    struct docker *, docker_done_fn *done, void *arg);

struct docker_events_opts {
	int64_t since_ns; /* Unix time in nanoseconds; 0: from now on */
	int64_t until_ns; /* 0: no end, the stream stays open */
	const char *filters;
};

/* GET /events: JSON lines. */
struct docker_call *docker_events(struct docker *,
    const struct docker_events_opts *, docker_data_fn *on_data,
    docker_done_fn *on_done, void *arg);

enum docker_prune_kind {
	DOCKER_PRUNE_CONTAINERS,
	DOCKER_PRUNE_IMAGES,
	DOCKER_PRUNE_VOLUMES,
	DOCKER_PRUNE_NETWORKS,
	DOCKER_PRUNE_BUILD, /* the build cache */
};

/*
 * POST /{kind}/prune. all is a parameter of the build cache only (every
 * unused entry, not just dangling ones) and is ignored for the others,
 * which take it in their filters (images: dangling=false; volumes from
 * API 1.42: all=true).
 */
struct docker_call *docker_prune(struct docker *, enum docker_prune_kind,
    bool all, const char *filters, docker_done_fn *done, void *arg);

/* ---- swarm (api/calls_swarm.c); managers only, else a 503 ---- */

/* GET /swarm: the cluster (its spec, CA and join tokens). */
struct docker_call *docker_swarm_inspect(
    struct docker *, docker_done_fn *done, void *arg);
/* GET /nodes, GET /nodes/{id}. */
struct docker_call *docker_node_list(
    struct docker *, docker_done_fn *done, void *arg);
struct docker_call *docker_node_inspect(
    struct docker *, const char *id, docker_done_fn *done, void *arg);
/*
 * POST /nodes/{id}/update?version=N with the whole NodeSpec (role,
 * availability, labels; swarm_node_spec()); version is the node's
 * Version.Index the spec was read at.
 */
struct docker_call *docker_node_update(struct docker *, const char *id,
    int64_t version, const char *spec, docker_done_fn *done, void *arg);
/* DELETE /nodes/{id}; force removes a node that is not down. */
struct docker_call *docker_node_remove(struct docker *, const char *id,
    bool force, docker_done_fn *done, void *arg);
/* GET /services?status=true: with running and desired task counts. */
struct docker_call *docker_service_list(
    struct docker *, docker_done_fn *done, void *arg);
/* GET /services/{id}. */
struct docker_call *docker_service_inspect(
    struct docker *, const char *id, docker_done_fn *done, void *arg);
/*
 * POST /services/{id}/update?version=N with the whole ServiceSpec
 * (swarm_service_spec()); rollback adds rollback=previous (the engine
 * then goes back to the PreviousSpec; spec is the current one). auth: the
 * X-Registry-Auth value for the image's registry (NULL: none), which the
 * managers pass on to the nodes that pull it.
 */
struct docker_call *docker_service_update(struct docker *, const char *id,
    int64_t version, const char *spec, bool rollback, const char *auth,
    docker_done_fn *done, void *arg);
/* DELETE /services/{id}. */
struct docker_call *docker_service_remove(
    struct docker *, const char *id, docker_done_fn *done, void *arg);
/*
 * GET /services/{id}/logs?details=1: every task's lines, multiplexed
 * (demux_init()) unless the service has a TTY; each line starts with
 * "com.docker.swarm.node.id=...,com.docker.swarm.service.id=...,
 * com.docker.swarm.task.id=... " (swarm_log_prefix()). until_ns is
 * ignored (the engine has no such parameter for services).
 */
struct docker_call *docker_service_logs(struct docker *, const char *id,
    const struct docker_logs_opts *, docker_data_fn *on_data,
    docker_done_fn *on_done, void *arg);
/* GET /tasks, GET /tasks/{id}. */
struct docker_call *docker_task_list(
    struct docker *, docker_done_fn *done, void *arg);
struct docker_call *docker_task_inspect(
    struct docker *, const char *id, docker_done_fn *done, void *arg);
/* GET /secrets, GET /secrets/{id} (never with the data). */
struct docker_call *docker_secret_list(
    struct docker *, docker_done_fn *done, void *arg);
struct docker_call *docker_secret_inspect(
    struct docker *, const char *id, docker_done_fn *done, void *arg);
/* POST /secrets/create with json (swarm_object_create_json()). */
struct docker_call *docker_secret_create(
    struct docker *, const char *json, docker_done_fn *done, void *arg);
/* DELETE /secrets/{id}. */
struct docker_call *docker_secret_remove(
    struct docker *, const char *id, docker_done_fn *done, void *arg);
/* The same four for configs (whose inspect shows the data). */
struct docker_call *docker_config_list(
    struct docker *, docker_done_fn *done, void *arg);
struct docker_call *docker_config_inspect(
    struct docker *, const char *id, docker_done_fn *done, void *arg);
struct docker_call *docker_config_create(
    struct docker *, const char *json, docker_done_fn *done, void *arg);
struct docker_call *docker_config_remove(
    struct docker *, const char *id, docker_done_fn *done, void *arg);

#endif
