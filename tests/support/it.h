/* Helpers shared by the integration tests: shell commands, clocks, files. */
#ifndef TESTS_SUPPORT_IT_H
#define TESTS_SUPPORT_IT_H

#include <stdbool.h>
#include <stddef.h>

#include <sys/types.h>

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
/* Whether `docker WHAT inspect NAME` finds it (what: container, image,
 * volume, network, service, ...). */
bool it_exists(const char *what, const char *name);
/*
 * `docker network create OPTS NAME`, tried up to five times: podman looks
 * for a free subnet by reading every interface's routes and fails ("route
 * ip+net: no such network interface") when an interface goes away during
 * the scan, as containers stopping elsewhere on the host make them do.
 * Its exit status.
 */
int it_network_create(const char *opts, const char *name);
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
/* A client for addr (owned); fails the test when it cannot be made. */
struct docker *it_client(const char *addr);
/*
 * A headless app on it_engine(), started as main() would; takes cfg's
 * contents (NULL: the defaults). Fails the test when there is no engine.
 */
struct console *it_app(struct config *cfg);

/* A free loopback port (the kernel's pick, released again), or -1. */
int it_free_port(void);
/* Whether something listens on 127.0.0.1:port. */
bool it_port_open(int port);
/*
 * Starts socat from listen (a listening address of socat's, on
 * 127.0.0.1:port) to target and waits until it listens; its pid, or -1
 * (it is stopped again when it did not listen within 5 s). Its stderr
 * goes to log (NULL: nowhere).
 */
pid_t it_socat(
    const char *listen, int port, const char *target, const char *log);
/*
 * Starts a docker-registry on a free loopback port, its storage under
 * dir and extra (may be NULL) added to its config (an auth section);
 * waits until it listens. Its pid with *port, or -1 after saying why on
 * stderr, prefixed with who.
 */
pid_t it_registry(
    const char *who, const char *dir, const char *extra, int *port);
/* Stops a process this test started (pid > 0) and reaps it. */
void it_stop(pid_t pid);

/* Six hex digits from the pid, for the names and labels of one run. */
void it_tag(char out[16]);
/*
 * Makes a directory $TMPDIR/berth-it-WHAT-XXXXXX (/tmp without TMPDIR)
 * into out; false when it could not.
 */
bool it_tmpdir(char *out, size_t len, const char *what);
/* BERTH_BIN (default build/default/berth), or NULL after saying why. */
const char *it_berth_bin(void);

/* What it_remove() removes. */
enum {
	IT_CONTAINERS = 1, /* docker rm -f */
	IT_ANON_VOLUMES = 2, /* and -v: their anonymous volumes */
	IT_NETWORKS = 4,
	IT_VOLUMES = 8,
};
/* Removes what carries label ("key=value") on DOCKER_HOST, quietly. */
void it_remove(const char *label, unsigned what);

/*
 * Points XDG_STATE_HOME (where the audit log goes) at a directory that
 * does not exist yet (the log makes it) in a new
 * /tmp/berth-it-WHO-XXXXXX; returns that path (owned), or NULL.
 */
char *it_state_home(const char *who);
/* Removes the directory it_state_home() made for state (may be NULL). */
void it_state_home_remove(const char *state);
/* A file's text (owned); "" while there is no such file. */
char *it_file_text(const char *path);

/*
 * The lines of the audit log at path by host whose action, object and
 * result are given (NULL: any; object: a part of it; result: its start),
 * counted.
 */
size_t it_audit_count(const char *path, const char *host, const char *action,
    const char *object, const char *result);

/* Feeds a's loop a key by its config name ("s", "C-k", "F2", "Space"). */
void it_press(struct console *, const char *name);
/* Feeds a's loop the characters of text, one key each. */
void it_type(struct console *, const char *text);

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
