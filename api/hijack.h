/*
 * Attach and exec: hijacked connections to the engine (the HTTP connection
 * is upgraded and then carries the container's raw stdin and output both
 * ways), the exec and resize calls around them, and the detach-key matcher.
 * Works the same over unix sockets, TCP, TLS and ssh. No curses here.
 */
#ifndef API_HIJACK_H
#define API_HIJACK_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "api/buf.h"
#include "api/docker.h"
#include "api/model.h"

struct hijack;

/*
 * Sends POST path (without the /vX.YY prefix, which the negotiated version
 * of d supplies) with "Connection: Upgrade" and "Upgrade: tcp", and waits
 * for "101 UPGRADED" (or the 200 that older engines send). Returns NULL
 * with *cause (owned) set to the engine's message or the transport error.
 * body may be NULL.
 */
struct hijack *hijack_open(
    struct docker *, const char *path, const char *body, char **cause);
/*
 * POST /containers/{id}/attach?stream=1&stdin=1&stdout=1&stderr=1, with
 * detachKeys when detach_keys is not NULL (so that the engine never acts on
 * a sequence different from ours).
 */
struct hijack *hijack_attach(struct docker *, const char *container_id,
    const char *detach_keys, char **cause);
/* POST /exec/{id}/start with {"Detach":false,"Tty":tty}. */
struct hijack *hijack_exec_start(
    struct docker *, const char *exec_id, bool tty, char **cause);
void hijack_free(struct hijack *);

/* The socket, for poll(). See hijack_recv() about data already buffered. */
int hijack_fd(const struct hijack *);
/* 101 or 200. */
long hijack_status(const struct hijack *);
/* The answer's Content-Type, or NULL. Borrowed. */
const char *hijack_content_type(const struct hijack *);

/*
 * Reads what is there: > 0 bytes, 0 at the end of the stream, -1 with
 * errno EAGAIN when nothing is buffered, -1 with another errno on a
 * failure. Bytes may wait inside the TLS layer or our own buffer where
 * poll() cannot see them: after poll() says readable (and once before the
 * first poll), call this until it gives EAGAIN.
 */
ssize_t hijack_recv(struct hijack *, void *, size_t);
/* Sends what the socket takes now (-1 with errno EAGAIN when nothing). */
ssize_t hijack_send(struct hijack *, const void *, size_t);
/* Sends everything, waiting up to timeout_ms for room. */
bool hijack_send_all(struct hijack *, const void *, size_t, int timeout_ms);
/*
 * Ends our direction (stdin EOF for the container) and keeps reading
 * possible. False where the transport cannot (TLS).
 */
bool hijack_close_write(struct hijack *);
/* The last transport error in words, or NULL. Borrowed. */
const char *hijack_error(const struct hijack *);

/*
 * Blocking calls for the attach and exec sessions (the console hands the
 * terminal over for those, see app_with_terminal) and for the tests. They
 * run d's loop: use a client of their own, not the console's. Each gives
 * up after a time limit (3 s for resizes, 30 s for the others) rather than
 * keep the terminal when the engine hangs.
 */
struct hijack_exec_opts {
	const char *const *cmd; /* NULL-terminated */
	const char *user; /* NULL or "": the container's default */
	bool tty; /* also sets TERM=xterm */
	bool attach_stdin;
	const char *detach_keys; /* NULL: the engine's default */
};

/* POST /containers/{id}/exec; the new exec's id (owned) or NULL. */
char *hijack_exec_create(struct docker *, const char *container_id,
    const struct hijack_exec_opts *, char **cause);
/* GET /exec/{id}/json; free with docker_exec_free(). */
struct docker_exec *hijack_exec_inspect(
    struct docker *, const char *exec_id, char **cause);
/*
 * The exit code of an exec whose stream ended. The engine may record it
 * a moment after the stream closes, so this asks again for up to
 * timeout_ms while the exec still says running. -1 with *cause on failure.
 */
int hijack_exec_exit_code(
    struct docker *, const char *exec_id, int timeout_ms, char **cause);
/* POST /exec/{id}/resize?h=&w= and /containers/{id}/resize?h=&w=. */
bool hijack_exec_resize(
    struct docker *, const char *exec_id, int h, int w, char **cause);
bool hijack_container_resize(
    struct docker *, const char *container_id, int h, int w, char **cause);
/*
 * POST /containers/{id}/wait: the exit code once the container is not
 * running. Gives up after timeout_ms (0: waits for ever) with *cause.
 */
bool hijack_container_wait(struct docker *, const char *container_id,
    int timeout_ms, int *code, char **cause);
/*
 * Runs cmd in the container without a terminal and collects its output
 * (out and err may be NULL to drop it). Returns the exit code, or -1 with
 * *cause when it could not run or did not end within timeout_ms.
 */
int hijack_exec_run(struct docker *, const char *container_id,
    const char *const *cmd, const char *user, struct buf *out, struct buf *err,
    int timeout_ms, char **cause);
/* The same, also giving the exec's id (owned) in *exec_id once created. */
int hijack_exec_run_id(struct docker *, const char *container_id,
    const char *const *cmd, const char *user, struct buf *out, struct buf *err,
    int timeout_ms, char **exec_id, char **cause);

/*
 * Detach keys, matched on the client side so that they work with every
 * engine (podman ignores the engine-side option). The format is the
 * docker CLI's: comma-separated keys, each a single character or ctrl-@,
 * ctrl-a ... ctrl-z, ctrl-[, ctrl-\, ctrl-], ctrl-^, ctrl-_.
 */
#define HIJACK_DETACH_DEFAULT "ctrl-p,ctrl-q"
#define HIJACK_DETACH_MAX 16

struct hijack_detach {
	unsigned char keys[HIJACK_DETACH_MAX];
	size_t n;
	size_t matched; /* keys[0..matched) typed and held back */
};

/* False with *cause (owned) when spec is not a valid sequence. */
bool hijack_detach_parse(
    struct hijack_detach *, const char *spec, char **cause);
/*
 * Filters typed bytes: what must go to the container is appended to out;
 * a partial match is held back and forwarded when the sequence breaks.
 * Returns true when the whole sequence was typed (the rest is dropped).
 */
bool hijack_detach_feed(
    struct hijack_detach *, const void *in, size_t len, struct buf *out);
/* "ctrl-p ctrl-q" for messages (owned). */
char *hijack_detach_describe(const struct hijack_detach *);
/* detachKeys from config_dir/config.json, or NULL (owned). */
char *hijack_config_detach_keys(const char *config_dir);

/*
 * Splits a command line into words: blanks separate, '...' and "..."
 * quote, a backslash escapes the next character. NULL with *cause on an
 * open quote or an empty line. Owned strv.
 */
char **hijack_split_command(const char *, char **cause);

#endif
