/*
 * Typed engine calls about images: list, inspect, remove, tag, pull, push,
 * save, load, search, and the registry login.
 */

#include "api/calls.h"

#include <stdio.h>

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
	return docker_image_pull_auth(
	    d, name, tag, NULL, on_data, on_done, arg);
}

struct docker_call *
docker_image_pull_auth(struct docker *d, const char *name, const char *tag,
    const char *auth, docker_data_fn *on_data, docker_done_fn *on_done,
    void *arg)
{
	struct calls_req r;

	calls_req_init(&r, "POST", "/images/create", NULL, "");
	calls_query(&r, "fromImage", name);
	calls_query(&r, "tag", tag);
	if (auth)
		r.header = xasprintf("X-Registry-Auth: %s", auth);
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

struct docker_call *
docker_image_save(struct docker *d, const char *const *names,
    docker_data_fn *on_data, docker_done_fn *on_done, void *arg)
{
	struct calls_req r;

	calls_req_init(&r, "GET", "/images/get", NULL, "");
	for (const char *const *n = names; n && *n; n++)
		calls_query(&r, "names", *n);
	r.on_data = on_data;
	return calls_send(d, &r, on_done, arg);
}

struct docker_call *
docker_image_load(struct docker *d, const struct docker_upload *up,
    docker_data_fn *on_data, docker_done_fn *on_done, void *arg)
{
	struct calls_req r;
	struct docker_call *c;

	calls_req_init(&r, "POST", "/images/load", NULL, "");
	calls_query(&r, "quiet", "0");
	c = docker_upload(
	    d, r.method, buf_cstr(&r.path), NULL, up, on_data, on_done, arg);
	buf_done(&r.path);
	return c;
}

struct docker_call *
docker_image_search(struct docker *d, const char *term, int limit,
    const char *auth, docker_done_fn *done, void *arg)
{
	struct calls_req r;
	char num[16];

	calls_req_init(&r, "GET", "/images/search", NULL, "");
	calls_query(&r, "term", term);
	if (limit > 0) {
		snprintf(num, sizeof num, "%d", limit);
		calls_query(&r, "limit", num);
	}
	if (auth)
		r.header = xasprintf("X-Registry-Auth: %s", auth);
	return calls_send(d, &r, done, arg);
}

struct docker_call *
docker_registry_login(
    struct docker *d, const char *json, docker_done_fn *done, void *arg)
{
	struct calls_req r;

	calls_req_init(&r, "POST", "/auth", NULL, "");
	r.body = json;
	return calls_send(d, &r, done, arg);
}
