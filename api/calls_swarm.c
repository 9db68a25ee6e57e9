/*
 * Typed engine calls about Docker Swarm: the swarm itself, nodes,
 * services (their updates, rollbacks and logs), tasks, secrets and
 * configs. Most answer only on a manager; a worker or an engine outside a
 * swarm gets the engine's 503 ("This node is not a swarm manager...").
 */

#include "api/calls.h"

#include <inttypes.h>
#include <stdio.h>

#include "api/calls_req.h"
#include "api/xalloc.h"

struct docker_call *
docker_swarm_inspect(struct docker *d, docker_done_fn *done, void *arg)
{
	return calls_plain(d, "GET", "/swarm", NULL, "", done, arg);
}

/* ---- nodes ---- */

struct docker_call *
docker_node_list(struct docker *d, docker_done_fn *done, void *arg)
{
	return calls_plain(d, "GET", "/nodes", NULL, "", done, arg);
}

struct docker_call *
docker_node_inspect(
    struct docker *d, const char *id, docker_done_fn *done, void *arg)
{
	return calls_plain(d, "GET", "/nodes/", id, "", done, arg);
}

/* ?version=N: the engine refuses an update made from a stale spec. */
static void
calls_version(struct calls_req *r, int64_t version)
{
	char num[24];

	snprintf(num, sizeof num, "%" PRId64, version);
	calls_query(r, "version", num);
}

struct docker_call *
docker_node_update(struct docker *d, const char *id, int64_t version,
    const char *spec, docker_done_fn *done, void *arg)
{
	struct calls_req r;

	calls_req_init(&r, "POST", "/nodes/", id, "/update");
	calls_version(&r, version);
	r.body = spec;
	return calls_send(d, &r, done, arg);
}

struct docker_call *
docker_node_remove(struct docker *d, const char *id, bool force,
    docker_done_fn *done, void *arg)
{
	struct calls_req r;

	calls_req_init(&r, "DELETE", "/nodes/", id, "");
	if (force)
		calls_query(&r, "force", "1");
	return calls_send(d, &r, done, arg);
}

/* ---- services ---- */

struct docker_call *
docker_service_list(struct docker *d, docker_done_fn *done, void *arg)
{
	struct calls_req r;

	calls_req_init(&r, "GET", "/services", NULL, "");
	/* The running and desired task counts (API 1.41). */
	calls_query(&r, "status", "true");
	return calls_send(d, &r, done, arg);
}

struct docker_call *
docker_service_inspect(
    struct docker *d, const char *id, docker_done_fn *done, void *arg)
{
	return calls_plain(d, "GET", "/services/", id, "", done, arg);
}

struct docker_call *
docker_service_update(struct docker *d, const char *id, int64_t version,
    const char *spec, bool rollback, const char *auth, docker_done_fn *done,
    void *arg)
{
	struct calls_req r;

	calls_req_init(&r, "POST", "/services/", id, "/update");
	calls_version(&r, version);
	if (rollback)
		calls_query(&r, "rollback", "previous");
	r.body = spec;
	if (auth)
		r.header = xasprintf("X-Registry-Auth: %s", auth);
	return calls_send(d, &r, done, arg);
}

struct docker_call *
docker_service_remove(
    struct docker *d, const char *id, docker_done_fn *done, void *arg)
{
	return calls_plain(d, "DELETE", "/services/", id, "", done, arg);
}

struct docker_call *
docker_service_logs(struct docker *d, const char *id,
    const struct docker_logs_opts *o, docker_data_fn *on_data,
    docker_done_fn *on_done, void *arg)
{
	struct calls_req r;

	calls_req_init(&r, "GET", "/services/", id, "/logs");
	/* Each line starts with the task, node and service ids. */
	calls_query(&r, "details", "1");
	calls_query_logs(&r, o);
	r.on_data = on_data;
	return calls_send(d, &r, on_done, arg);
}

/* ---- tasks ---- */

struct docker_call *
docker_task_list(struct docker *d, docker_done_fn *done, void *arg)
{
	return calls_plain(d, "GET", "/tasks", NULL, "", done, arg);
}

struct docker_call *
docker_task_inspect(
    struct docker *d, const char *id, docker_done_fn *done, void *arg)
{
	return calls_plain(d, "GET", "/tasks/", id, "", done, arg);
}

/* ---- secrets and configs ---- */

struct docker_call *
docker_secret_list(struct docker *d, docker_done_fn *done, void *arg)
{
	return calls_plain(d, "GET", "/secrets", NULL, "", done, arg);
}

struct docker_call *
docker_secret_inspect(
    struct docker *d, const char *id, docker_done_fn *done, void *arg)
{
	return calls_plain(d, "GET", "/secrets/", id, "", done, arg);
}

struct docker_call *
docker_secret_create(
    struct docker *d, const char *json, docker_done_fn *done, void *arg)
{
	return calls_post_json(d, "/secrets/create", json, done, arg);
}

struct docker_call *
docker_secret_remove(
    struct docker *d, const char *id, docker_done_fn *done, void *arg)
{
	return calls_plain(d, "DELETE", "/secrets/", id, "", done, arg);
}

struct docker_call *
docker_config_list(struct docker *d, docker_done_fn *done, void *arg)
{
	return calls_plain(d, "GET", "/configs", NULL, "", done, arg);
}

struct docker_call *
docker_config_inspect(
    struct docker *d, const char *id, docker_done_fn *done, void *arg)
{
	return calls_plain(d, "GET", "/configs/", id, "", done, arg);
}

struct docker_call *
docker_config_create(
    struct docker *d, const char *json, docker_done_fn *done, void *arg)
{
	return calls_post_json(d, "/configs/create", json, done, arg);
}

struct docker_call *
docker_config_remove(
    struct docker *d, const char *id, docker_done_fn *done, void *arg)
{
	return calls_plain(d, "DELETE", "/configs/", id, "", done, arg);
}
