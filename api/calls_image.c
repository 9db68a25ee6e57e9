/* Typed engine calls about images: list, inspect, remove, tag, pull, push. */

#include "api/calls.h"

#include "api/calls_req.h"
#include "api/xalloc.h"

/* The credentials of an anonymous push: base64 of "{}". */
#define CALLS_ANON_AUTH "e30="

struct docker_call *
docker_image_list(struct docker *d, docker_done_fn *done, void *arg)
{
	return calls_plain(d, "GET", "/images/json", NULL, "", done, arg);
}

struct docker_call *
docker_image_list_all(struct docker *d, docker_done_fn *done, void *arg)
{
	struct calls_req r;

	calls_req_init(&r, "GET", "/images/json", NULL, "");
	calls_query(&r, "all", "1");
	return calls_send(d, &r, done, arg);
}

struct docker_call *
docker_image_inspect(
    struct docker *d, const char *id, docker_done_fn *done, void *arg)
{
	return calls_plain(d, "GET", "/images/", id, "/json", done, arg);
}

struct docker_call *
docker_image_history(
    struct docker *d, const char *id, docker_done_fn *done, void *arg)
{
	return calls_plain(d, "GET", "/images/", id, "/history", done, arg);
}

struct docker_call *
docker_image_remove(struct docker *d, const char *id, bool force,
    docker_done_fn *done, void *arg)
{
	struct calls_req r;

	calls_req_init(&r, "DELETE", "/images/", id, "");
	calls_query_bool(&r, "force", force);
	return calls_send(d, &r, done, arg);
}

struct docker_call *
docker_image_tag(struct docker *d, const char *id, const char *repo,
    const char *tag, docker_done_fn *done, void *arg)
{
	struct calls_req r;

	calls_req_init(&r, "POST", "/images/", id, "/tag");
	calls_query(&r, "repo", repo);
	calls_query(&r, "tag", tag);
	return calls_send(d, &r, done, arg);
}

struct docker_call *
docker_image_pull(struct docker *d, const char *name, const char *tag,
    docker_data_fn *on_data, docker_done_fn *on_done, void *arg)
{
	struct calls_req r;

	calls_req_init(&r, "POST", "/images/create", NULL, "");
	calls_query(&r, "fromImage", name);
	calls_query(&r, "tag", tag);
	r.on_data = on_data;
	return calls_send(d, &r, on_done, arg);
}

struct docker_call *
docker_image_push(struct docker *d, const char *name, const char *tag,
    const char *auth, docker_data_fn *on_data, docker_done_fn *on_done,
    void *arg)
{
	struct calls_req r;

	calls_req_init(&r, "POST", "/images/", name, "/push");
	calls_query(&r, "tag", tag);
	r.header =
	    xasprintf("X-Registry-Auth: %s", auth ? auth : CALLS_ANON_AUTH);
	r.on_data = on_data;
	return calls_send(d, &r, on_done, arg);
}
