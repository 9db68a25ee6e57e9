/*
 * What the files of the typed calls (api/calls_*.c) share: a request
 * described piece by piece, with every id and value escaped, then sent.
 * Not for use outside them.
 */
#ifndef API_CALLS_REQ_H
#define API_CALLS_REQ_H

#include <stdbool.h>
#include <stdint.h>

#include "api/buf.h"
#include "api/docker.h"

struct docker_logs_opts;

struct calls_req {
	const char *method;
	struct buf path; /* path and query, escaped */
	bool query; /* the '?' is written */
	const char *body; /* borrowed JSON, or NULL */
	char *header; /* owned "Name: value", or NULL */
	docker_data_fn *on_data; /* NULL: collect the body */
};

/*
 * Starts method base{id}rest ("/containers/", id, "/json"); id is escaped
 * as one path segment and may be NULL for none.
 */
void calls_req_init(struct calls_req *, const char *method, const char *base,
    const char *id, const char *rest);
/* Adds name=value to the query, value escaped; nothing for a NULL value. */
void calls_query(struct calls_req *, const char *name, const char *value);
/* name=1 or name=0. */
void calls_query_bool(struct calls_req *, const char *name, bool);
/* A Unix time in nanoseconds as seconds[.fraction]; nothing for 0. */
void calls_query_time(struct calls_req *, const char *name, int64_t ns);
/*
 * The query of a logs call (containers, services): the streams, follow,
 * timestamps, tail and since, in that order.
 */
void calls_query_logs(struct calls_req *, const struct docker_logs_opts *);
/* Sends the request and frees what it holds. */
struct docker_call *calls_send(
    struct docker *, struct calls_req *, docker_done_fn *done, void *arg);
/* POST path with the JSON json (borrowed) as its body and no query, sent. */
struct docker_call *calls_post_json(struct docker *, const char *path,
    const char *json, docker_done_fn *done, void *arg);
/* A request without a query or a body, sent. */
struct docker_call *calls_plain(struct docker *, const char *method,
    const char *base, const char *id, const char *rest, docker_done_fn *done,
    void *arg);

#endif
