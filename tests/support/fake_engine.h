/*
 * A tiny HTTP/1.1 server on a unix socket, run in a child process, that
 * plays canned responses: for the faults a real engine cannot be made to
 * produce (hangs, truncated bodies, odd headers, old API versions).
 */
#ifndef TESTS_SUPPORT_FAKE_ENGINE_H
#define TESTS_SUPPORT_FAKE_ENGINE_H

#include <stdbool.h>
#include <stddef.h>

#define FAKE_MAX_PARTS 8

/* A part that makes the reply wait for fake_engine_release(). */
extern const char fake_engine_wait[];
#define FAKE_WAIT fake_engine_wait

/*
 * One reply: its parts are written in order (raw bytes, headers
 * included), then the connection is closed, unless hang is set: then it
 * stays open and silent until the engine stops.
 */
struct fake_reply {
	const char *parts[FAKE_MAX_PARTS];
	bool hang;
	/*
	 * With hang: the silent connection is held by a process of its own,
	 * so later requests are still answered (a stream that goes quiet
	 * while the engine lives on).
	 */
	bool hang_apart;
};

/*
 * A part that writes n filler bytes ('x') in pieces, until done or until
 * the client stops reading and closes: a huge body without holding it in
 * memory. fake_engine_sent() says how many went out. Owned: free it
 * after fake_engine_stop().
 */
char *fake_fill(size_t n);

struct fake_engine;

/*
 * Starts the server. Requests get the replies in order, one each; later
 * requests get a 500. The replies and their strings must stay valid while
 * the engine runs. NULL when the server cannot be set up.
 */
struct fake_engine *fake_engine_start(const struct fake_reply *, size_t n);
/* The address to give endpoint_parse(), e.g. "unix:///tmp/.../docker.sock". */
const char *fake_engine_addr(const struct fake_engine *);
/* The socket's path. */
const char *fake_engine_path(const struct fake_engine *);
/* Lets the reply waiting at a FAKE_WAIT go on. */
void fake_engine_release(struct fake_engine *);
/*
 * The request lines received so far, each followed by '\n' (e.g.
 * "GET /v1.43/containers/json HTTP/1.1\n"). Borrowed: valid until the
 * next call or fake_engine_stop().
 */
const char *fake_engine_requests(struct fake_engine *);
/*
 * The whole requests received so far (head, blank line and body, as
 * sent), one after the other. Borrowed: valid until the next call or
 * fake_engine_stop().
 */
const char *fake_engine_raw(struct fake_engine *);
/*
 * Filler bytes (struct fake_reply's fill) the server wrote so far, in
 * every reply; waits up to wait_ms for a reply that is still writing.
 */
size_t fake_engine_sent(struct fake_engine *, int wait_ms);
/* Kills the server and removes its socket. Accepts NULL. */
void fake_engine_stop(struct fake_engine *);

/*
 * A routed fake engine, for a whole console: a request is answered by the
 * first route whose method matches and whose pattern (fnmatch(3)) matches
 * its target without the /vX.Y prefix, query included (a pattern like
 * "/containers/json*" takes any query). Every connection is served by a
 * process of its own, so a stream that stays open (hang) holds up nothing
 * else. No route: a 404.
 */
struct fake_route {
	const char *method; /* "GET", "POST", ...; NULL: any */
	const char *pattern;
	const char *reply; /* raw bytes, as fake_response() makes them */
	bool hang; /* keep the connection open and silent after the reply */
};

/* Starts it; the routes and their strings must stay valid meanwhile. */
struct fake_engine *fake_engine_start_routes(
    const struct fake_route *, size_t n);

/* A whole response with Content-Length and "Connection: close" (owned). */
char *fake_response(int status, const char *headers, const char *body);

#endif
