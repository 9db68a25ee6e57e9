/* Helpers shared by the integration tests: shell commands, clocks, files. */
#ifndef TESTS_SUPPORT_IT_H
#define TESTS_SUPPORT_IT_H

#include <stdbool.h>
#include <stddef.h>

#include "api/buf.h"
#include "api/hijack.h"
#include "api/stream.h"

struct console;
struct config;
struct docker;

/* Runs a shell command built from fmt; its exit status, or -1. */
int it_run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * Runs a shell command built from fmt and returns its output without
 * trailing white space (owned), or NULL when it did not exit with 0.
 */
char *it_capture(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Seconds on the monotonic clock, for deadlines. */
double it_now(void);
/* Eight random hex digits and a NUL, for names no other run uses. */
void it_random_id(char out[9]);
/* DOCKER_HOST, or NULL after telling stderr, prefixed with who, to set it. */
const char *it_host(const char *who);
/*
 * A client for DOCKER_HOST that answered a ping (owned), or NULL after
 * saying why on stderr, prefixed with who.
 */
struct docker *it_connect(const char *who);
/* A client for DOCKER_HOST (owned); fails the test when there is none. */
struct docker *it_engine(void);
/*
 * A headless app on it_engine(), started as main() would; takes cfg's
 * contents (NULL: the defaults). Fails the test when there is no engine.
 */
struct console *it_app(struct config *cfg);

/* What a hijacked stream said, per stream. */
struct it_collect {
	struct buf out, err;
};

/* A demux_init() callback appending to a struct it_collect. */
void it_collect_fn(enum demux_stream, const char *data, size_t len, void *arg);
/*
 * Reads h through dm (raw for a TTY) until stdout holds want (NULL: until
 * the stream ends) or timeout_ms passes, which fails the test. Returns
 * whether the stream ended.
 */
bool it_hijack_read(struct hijack *, struct demux *, struct it_collect *,
    const char *want, int timeout_ms);

#endif
