/* Typed engine calls about containers: list, inspect, act, logs, stats. */

#include "api/calls.h"

#include "api/calls_req.h"

struct docker_call *
docker_container_list(struct docker *d, docker_done_fn *done, void *arg)
{
	return docker_container_list_filtered(d, NULL, false, done, arg);
}

struct docker_call *
docker_container_list_filtered(struct docker *d, const char *filters, bool size,
    docker_done_fn *done, void *arg)
{
	struct calls_req r;

	calls_req_init(&r, "GET", "/containers/json", NULL, "");
	calls_query(&r, "all", "1");
	if (size)
		calls_query(&r, "size", "1");
	calls_query(&r, "filters", filters);
	return calls_send(d, &r, done, arg);
}

struct docker_call *
docker_container_inspect(
    struct docker *d, const char *id, docker_done_fn *done, void *arg)
{
	return calls_plain(d, "GET", "/containers/", id, "/json", done, arg);
}

struct docker_call *
docker_container_act(struct docker *d, const char *id, enum docker_verb v,
    const char *signal, docker_done_fn *done, void *arg)
{
	static const char *const verbs[] = {
	    [DOCKER_VERB_START] = "/start",
	    [DOCKER_VERB_STOP] = "/stop",
	    [DOCKER_VERB_RESTART] = "/restart",
	    [DOCKER_VERB_PAUSE] = "/pause",
	    [DOCKER_VERB_UNPAUSE] = "/unpause",
	    [DOCKER_VERB_KILL] = "/kill",
	    [DOCKER_VERB_WAIT] = "/wait",
	};
	struct calls_req r;

	calls_req_init(&r, "POST", "/containers/", id, verbs[v]);
	if (v == DOCKER_VERB_KILL)
		calls_query(&r, "signal", signal);
	return calls_send(d, &r, done, arg);
}

struct docker_call *
docker_container_remove(struct docker *d, const char *id, bool force,
    bool volumes, docker_done_fn *done, void *arg)
{
	struct calls_req r;

	calls_req_init(&r, "DELETE", "/containers/", id, "");
	calls_query_bool(&r, "force", force);
	calls_query_bool(&r, "v", volumes);
	return calls_send(d, &r, done, arg);
}

struct docker_call *
docker_container_rename(struct docker *d, const char *id, const char *name,
    docker_done_fn *done, void *arg)
{
	struct calls_req r;

	calls_req_init(&r, "POST", "/containers/", id, "/rename");
	calls_query(&r, "name", name);
	return calls_send(d, &r, done, arg);
}

struct docker_call *
docker_container_create(struct docker *d, const char *name, const char *json,
    docker_done_fn *done, void *arg)
{
	struct calls_req r;

	calls_req_init(&r, "POST", "/containers/create", NULL, "");
	calls_query(&r, "name", name);
	r.body = json;
	return calls_send(d, &r, done, arg);
}

struct docker_call *
docker_container_logs(struct docker *d, const char *id,
    const struct docker_logs_opts *o, docker_data_fn *on_data,
    docker_done_fn *on_done, void *arg)
{
	struct calls_req r;

	calls_req_init(&r, "GET", "/containers/", id, "/logs");
	calls_query_logs(&r, o);
	calls_query_time(&r, "until", o->until_ns);
	r.on_data = on_data;
	return calls_send(d, &r, on_done, arg);
}

struct docker_call *
docker_container_stats(struct docker *d, const char *id,
    docker_data_fn *on_data, docker_done_fn *on_done, void *arg)
{
	struct calls_req r;

	calls_req_init(&r, "GET", "/containers/", id, "/stats");
	if (on_data)
		calls_query(&r, "stream", "1");
	else {
		/* Without one-shot the engine waits a second for another
		 * sample before it answers. */
		calls_query(&r, "stream", "false");
		calls_query(&r, "one-shot", "true");
	}
	r.on_data = on_data;
	return calls_send(d, &r, on_done, arg);
}

struct docker_call *
docker_container_top(struct docker *d, const char *id, const char *ps_args,
    docker_done_fn *done, void *arg)
{
	struct calls_req r;

	calls_req_init(&r, "GET", "/containers/", id, "/top");
	calls_query(&r, "ps_args", ps_args);
	return calls_send(d, &r, done, arg);
}

struct docker_call *
docker_container_commit(struct docker *d, const char *id,
    const struct docker_commit_opts *o, docker_done_fn *done, void *arg)
{
	struct calls_req r;

	calls_req_init(&r, "POST", "/commit", NULL, "");
	calls_query(&r, "container", id);
	calls_query(&r, "repo", o->repo);
	calls_query(&r, "tag", o->tag);
	calls_query(&r, "comment", o->comment);
	calls_query(&r, "author", o->author);
	calls_query_bool(&r, "pause", o->pause);
	/* The engine reads every "changes" given, one instruction each. */
	for (const char *const *c = o->changes; c && *c; c++)
		calls_query(&r, "changes", *c);
	return calls_send(d, &r, done, arg);
}

struct docker_call *
docker_container_export(struct docker *d, const char *id,
    docker_data_fn *on_data, docker_done_fn *on_done, void *arg)
{
	struct calls_req r;

	calls_req_init(&r, "GET", "/containers/", id, "/export");
	r.on_data = on_data;
	return calls_send(d, &r, on_done, arg);
}
