/*
 * The engine client: version negotiation, requests with the /vX.YY prefix,
 * streams, and engine errors turned into words. No curses, no jansson here
 * (decode.h turns bodies into models).
 */
#ifndef API_DOCKER_H
#define API_DOCKER_H

#include <stdbool.h>
#include <stddef.h>

#include "api/endpoint.h"
#include "api/http.h"

/* The newest API version berth knows, and the oldest it accepts. */
#define DOCKER_API_MAX "1.45"
#define DOCKER_API_MIN "1.41"
/* The same as numbers: major.minor. */
#define DOCKER_API_MAX_MAJOR 1
#define DOCKER_API_MAX_MINOR 45
#define DOCKER_API_MIN_MAJOR 1
#define DOCKER_API_MIN_MINOR 41

enum docker_status {
	DOCKER_OK,
	DOCKER_ERR_CONNECT, /* unreachable: see the message */
	DOCKER_ERR_TIMEOUT,
	DOCKER_ERR_TLS,
	DOCKER_ERR_CLOSED, /* the connection dropped */
	DOCKER_ERR_HTTP, /* the engine answered with an error status */
	DOCKER_ERR_DECODE, /* the answer could not be understood */
	DOCKER_ERR_API_TOO_OLD,
	DOCKER_ERR_API_TOO_NEW, /* the engine needs a newer API than berth's */
	DOCKER_ERR_TOO_BIG, /* an answer over HTTP_BODY_MAX */
	DOCKER_ERR_CANCELLED,
	DOCKER_ERR_OTHER,
};

/* What a request's callback receives. Everything is borrowed. */
struct docker_reply {
	enum docker_status status;
	long http_status; /* 0 without a response */
	const char *body; /* whole body for plain requests */
	size_t len;
	const char *message; /* the error in words, NULL when OK */
};

typedef void docker_done_fn(const struct docker_reply *, void *arg);
typedef bool docker_data_fn(const char *data, size_t len, void *arg);

struct docker;
struct docker_call;

/* NULL with *cause (owned) when the endpoint cannot be used. */
struct docker *docker_new(const struct endpoint *, char **cause);
void docker_free(struct docker *);

struct http *docker_http(struct docker *);
const struct endpoint *docker_endpoint(const struct docker *);
/* "1.41" after negotiation, DOCKER_API_MIN before. Borrowed. */
const char *docker_api_version(const struct docker *);
/* The engine's own API version from the last _ping, or NULL. */
const char *docker_engine_api_version(const struct docker *);
bool docker_negotiated(const struct docker *);

/*
 * GET /_ping and negotiate: the lower of the engine's API-Version and
 * DOCKER_API_MAX; DOCKER_ERR_API_TOO_OLD below DOCKER_API_MIN or when the
 * header is missing or unreadable (docker_api_parse). An engine that
 * later refuses the negotiated version as too old for it (its minimum is
 * above DOCKER_API_MAX) gives DOCKER_ERR_API_TOO_NEW on that request.
 */
struct docker_call *docker_ping(struct docker *, docker_done_fn *, void *arg);

/*
 * A request to path (without the version prefix, e.g. "/containers/json"),
 * prefixed with the negotiated version. Any 2xx/3xx status is DOCKER_OK;
 * others are DOCKER_ERR_HTTP with the engine's message.
 */
struct docker_call *docker_request(struct docker *, const char *method,
    const char *path, const char *body, size_t body_len, docker_done_fn *,
    void *arg);
struct docker_call *docker_get(
    struct docker *, const char *path, docker_done_fn *, void *arg);

/*
 * A streamed request: data arrives chunk by chunk through on_data (return
 * false to stop); on_done runs once at the end (its body is empty, except
 * for an error status, where it holds the engine's answer).
 */
struct docker_call *docker_stream(struct docker *, const char *method,
    const char *path, const char *body, size_t body_len,
    docker_data_fn *on_data, docker_done_fn *on_done, void *arg);

/*
 * docker_stream with extra request headers ("Name: value", NULL-ended;
 * copied before it returns), e.g. X-Registry-Auth for a push.
 */
struct docker_call *docker_stream_ex(struct docker *, const char *method,
    const char *path, const char *const *headers, const char *body,
    size_t body_len, docker_data_fn *on_data, docker_done_fn *on_done,
    void *arg);

/* A request body read while it is sent (see http_read_fn). */
struct docker_upload {
	const char *content_type; /* "application/x-tar" */
	http_read_fn *read;
	void *arg;
	long long size; /* bytes read() will give */
};

/*
 * docker_stream_ex with the body streamed from up: no time limit as a
 * whole, but the call fails when nothing moves for two minutes.
 */
struct docker_call *docker_upload(struct docker *, const char *method,
    const char *path, const char *const *headers,
    const struct docker_upload *up, docker_data_fn *on_data,
    docker_done_fn *on_done, void *arg);

/* Stops a call; its callbacks do not run afterwards. */
void docker_cancel(struct docker *, struct docker_call *);

/* Owned result of a blocking request. */
struct docker_result {
	enum docker_status status;
	long http_status;
	char *body; /* NUL-terminated */
	size_t len;
	char *message; /* owned, NULL when OK */
};

/*
 * Blocking forms for the command line modes and the tests: run the loop
 * until the request completes. Never use them from the console loop.
 */
void docker_sync(struct docker *, const char *method, const char *path,
    const char *body, struct docker_result *out);
void docker_sync_ping(struct docker *, struct docker_result *out);
/* The done callback of a blocking call: fills the struct docker_result
 * that is its arg (see api/calls.h). */
void docker_sync_fill(const struct docker_reply *, void *result);
void docker_result_done(struct docker_result *);

const char *docker_status_str(enum docker_status);

/* Compares "1.41" style versions: <0, 0, >0. */
int docker_version_cmp(const char *, const char *);

/*
 * Parses an API version as the engine sends it (the API-Version header,
 * /version's ApiVersion and MinAPIVersion): exactly MAJOR.MINOR, each 1 to
 * 4 digits, MAJOR at least 1, nothing before, after or between. False for
 * anything else ("1.41x", "", "1", "1.4.1", " 1.41", "1.99999").
 */
bool docker_api_parse(const char *s, int *major, int *minor);

/*
 * The version to speak to an engine that says it speaks s, as the docker
 * CLI negotiates: the lower of s and DOCKER_API_MAX, written into out
 * ("1.43"). False with *why (owned) when s cannot be read or is older than
 * DOCKER_API_MIN; the sentence quotes s harmlessly (no control bytes).
 */
bool docker_api_negotiate(const char *s, char *out, size_t out_len, char **why);

#endif
