/* Typed engine calls about networks: list, inspect, remove, create. */

#include "api/calls.h"

#include "api/calls_req.h"

struct docker_call *
docker_network_list(struct docker *d, docker_done_fn *done, void *arg)
{
	return calls_plain(d, "GET", "/networks", NULL, "", done, arg);
}

struct docker_call *
docker_network_inspect(
    struct docker *d, const char *id, docker_done_fn *done, void *arg)
{
	return calls_plain(d, "GET", "/networks/", id, "", done, arg);
}

struct docker_call *
docker_network_remove(
    struct docker *d, const char *id, docker_done_fn *done, void *arg)
{
	return calls_plain(d, "DELETE", "/networks/", id, "", done, arg);
}

struct docker_call *
docker_network_create(
    struct docker *d, const char *json, docker_done_fn *done, void *arg)
{
	struct calls_req r;

	calls_req_init(&r, "POST", "/networks/create", NULL, "");
	r.body = json;
	return calls_send(d, &r, done, arg);
}
