/* Typed engine calls about volumes: list, inspect, remove, create. */

#include "api/calls.h"

#include "api/calls_req.h"

struct docker_call *
docker_volume_list(struct docker *d, docker_done_fn *done, void *arg)
{
	return calls_plain(d, "GET", "/volumes", NULL, "", done, arg);
}

struct docker_call *
docker_volume_inspect(
    struct docker *d, const char *name, docker_done_fn *done, void *arg)
{
	return calls_plain(d, "GET", "/volumes/", name, "", done, arg);
}

struct docker_call *
docker_volume_remove(struct docker *d, const char *name, bool force,
    docker_done_fn *done, void *arg)
{
	struct calls_req r;

	calls_req_init(&r, "DELETE", "/volumes/", name, "");
	calls_query_bool(&r, "force", force);
	return calls_send(d, &r, done, arg);
}

struct docker_call *
docker_volume_create(
    struct docker *d, const char *json, docker_done_fn *done, void *arg)
{
	struct calls_req r;

	calls_req_init(&r, "POST", "/volumes/create", NULL, "");
	r.body = json;
	return calls_send(d, &r, done, arg);
}
