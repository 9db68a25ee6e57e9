/* Typed engine calls about the engine as a whole: info, usage, events, prune. */

#include "api/calls.h"

#include "api/calls_req.h"

struct docker_call *
docker_system_info(struct docker *d, docker_done_fn *done, void *arg)
{
	return calls_plain(d, "GET", "/info", NULL, "", done, arg);
}

struct docker_call *
docker_system_version(struct docker *d, docker_done_fn *done, void *arg)
{
	return calls_plain(d, "GET", "/version", NULL, "", done, arg);
}

struct docker_call *
docker_system_df(struct docker *d, docker_done_fn *done, void *arg)
{
	return calls_plain(d, "GET", "/system/df", NULL, "", done, arg);
}

struct docker_call *
docker_events(struct docker *d, const struct docker_events_opts *o,
    docker_data_fn *on_data, docker_done_fn *on_done, void *arg)
{
	struct calls_req r;

	calls_req_init(&r, "GET", "/events", NULL, "");
	calls_query_time(&r, "since", o->since_ns);
	calls_query_time(&r, "until", o->until_ns);
	calls_query(&r, "filters", o->filters);
	r.on_data = on_data;
	return calls_send(d, &r, on_done, arg);
}

struct docker_call *
docker_prune(struct docker *d, enum docker_prune_kind k, bool all,
    const char *filters, docker_done_fn *done, void *arg)
{
	static const char *const paths[] = {
	    [DOCKER_PRUNE_CONTAINERS] = "/containers/prune",
	    [DOCKER_PRUNE_IMAGES] = "/images/prune",
	    [DOCKER_PRUNE_VOLUMES] = "/volumes/prune",
	    [DOCKER_PRUNE_NETWORKS] = "/networks/prune",
	    [DOCKER_PRUNE_BUILD] = "/build/prune",
	};
	struct calls_req r;

	calls_req_init(&r, "POST", paths[k], NULL, "");
	if (all && k == DOCKER_PRUNE_BUILD)
		calls_query(&r, "all", "1");
	calls_query(&r, "filters", filters);
	return calls_send(d, &r, done, arg);
}
