/*
 * Asynchronous HTTP over the engine's endpoint: the only user of libcurl.
 * Requests complete through callbacks that run from http_perform(), never
 * from inside libcurl, so a callback may submit or cancel requests.
 */
#ifndef API_HTTP_H
#define API_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include "api/endpoint.h"

struct http;
struct http_req;

enum http_code {
	HTTP_OK, /* a response arrived (any status) */
	HTTP_ERR_CONNECT, /* could not connect */
	HTTP_ERR_RESOLVE, /* host name not found */
	HTTP_ERR_TIMEOUT, /* connect, idle or total timeout */
	HTTP_ERR_TLS, /* handshake or certificate problem */
	HTTP_ERR_CLOSED, /* the connection dropped mid-response */
	HTTP_ERR_CANCELLED, /* the data callback asked to stop */
	HTTP_ERR_TOO_BIG, /* a collected body grew over the limit */
	HTTP_ERR_OTHER,
};

/*
 * The most a collected (not streamed) body may hold: lists and inspects.
 * A longer answer fails with HTTP_ERR_TOO_BIG as soon as it is known to
 * be longer (its Content-Length, else the byte that goes over), so that
 * a hostile engine cannot make berth hold more than this. Streams (logs,
 * events, stats, pulls) are not capped as a whole: their parsers cap one
 * line or message (api/stream.h).
 */
#define HTTP_BODY_MAX ((size_t)64 * 1024 * 1024)

struct http_result {
	enum http_code code;
	long status; /* HTTP status, 0 without a response */
	const char *body; /* whole body (empty for streamed requests) */
	size_t body_len;
	const char *error; /* transport error in words, or NULL */
	const char *api_version; /* the API-Version header, or NULL */
	const char *content_type; /* the Content-Type header, or NULL */
};

/* Streamed data; return false to stop the transfer. */
typedef bool http_data_fn(const char *data, size_t len, void *arg);
/*
 * The next bytes of a streamed request body (an image load): fills buf
 * with up to len bytes and returns how many, 0 at the end, or
 * HTTP_READ_ABORT to stop. It runs inside libcurl, so it only reads: it
 * must not submit or cancel requests.
 */
typedef size_t http_read_fn(char *buf, size_t len, void *arg);
#define HTTP_READ_ABORT ((size_t)-1)
typedef void http_done_fn(const struct http_result *, void *arg);

struct http_opts {
	const char *method; /* NULL means GET */
	const char *path; /* appended to the endpoint's base URL */
	const char *body; /* copied; may be NULL */
	size_t body_len;
	const char *content_type; /* default "application/json" */
	const char *const *headers; /* extra "Name: value", NULL-ended */
	http_data_fn *on_data; /* set: body streamed, not collected */
	http_read_fn *on_read; /* set: the request body comes from it */
	void *read_arg;
	long long read_size; /* its length in bytes */
	http_done_fn *on_done; /* called exactly once unless cancelled */
	void *arg;
	long timeout_ms; /* whole request; 0: none */
	long idle_ms; /* abort when silent this long; 0: none */
};

/*
 * How one libcurl handle reaches the endpoint, and what it learnt on the
 * way. Shared by api/http.c and api/hijack.c so that each kind of endpoint
 * is set up in one place. Zero it, then set ep and owner.
 */
struct http_conn {
	const struct endpoint *ep; /* borrowed: outlives the handle */
	const void *owner; /* whose ssh connections: the struct http */
	unsigned long ssh_id; /* the ssh connection it opened last, or 0 */
	char *dial_error; /* why ssh could not be started (owned) */
};

/*
 * Sets up easy, a libcurl handle (a CURL *; void here so that this header
 * stays free of libcurl) for c->ep: the socket path, the TLS options, or
 * for ssh a dummy host and callbacks that start an ssh process for each
 * connection libcurl opens (see api/ssh.h) and let it go when libcurl
 * closes it. c must stay in place while the handle is in use.
 */
void http_conn_setup(struct http_conn *c, void *easy);
/*
 * After a transport failure on an ssh endpoint: what ssh said, in words
 * (owned), waiting up to wait_ms for it; NULL when it said nothing or the
 * endpoint is not ssh.
 */
char *http_conn_error(struct http_conn *c, int wait_ms);
void http_conn_done(struct http_conn *c);

/* Returns NULL with *cause set (owned) when libcurl cannot be set up. */
struct http *http_new(const struct endpoint *, char **cause);
/* Drops every pending request without calling its callbacks. */
void http_free(struct http *);
/*
 * Another limit for the collected bodies of requests submitted from now
 * on (HTTP_BODY_MAX by default; 0 restores it): for the tests.
 */
void http_set_body_max(struct http *, size_t max);

/* Never fails; problems are reported through on_done. */
struct http_req *http_submit(struct http *, const struct http_opts *);
/* Stops a request; its callbacks are not called afterwards. */
void http_cancel(struct http *, struct http_req *);
size_t http_pending(const struct http *);

/*
 * The value of the header line line[0..len) without the blanks around it
 * (a trailing CR LF counts as blanks) when the line is "name: value" for
 * this name in any case; else NULL. Owned. Also used by api/hijack.c.
 */
char *http_header_value(const char *line, size_t len, const char *name);

struct http_waitfd {
	int fd;
	short events; /* POLLIN ... */
	short revents;
};

/*
 * Waits up to timeout_ms for any transfer or any of the extra fds (the
 * keyboard, a signal pipe). Returns -1 on error, else 0.
 */
int http_wait(
    struct http *, struct http_waitfd *, unsigned nfds, int timeout_ms);
/*
 * The same for several clients at once (several engines): waits on the
 * transfers of every one of hs[0..n-1], their timers and the extra fds.
 * Call http_perform() on each afterwards.
 */
int http_wait_many(struct http *const *hs, size_t n, struct http_waitfd *fds,
    unsigned nfds, int timeout_ms);
/* Moves transfers forward and runs the callbacks that are due. */
void http_perform(struct http *);

/* One wait (up to timeout_ms) and one perform, for blocking callers. */
void http_step(struct http *, int timeout_ms);

/* URL-encodes s for a query string or path segment (owned). */
char *http_escape(const char *s);

#endif
