/*
 * Engines over ssh, reached as the docker CLI reaches them: one `ssh ...
 * docker system dial-stdio` process per connection, whose stdin and stdout
 * are a socket we hand to libcurl, and whose stderr we keep to say in
 * words why a connection failed. No curl here; api/http.c ties it in.
 */
#ifndef API_SSH_H
#define API_SSH_H

#include <stdbool.h>

#include "api/endpoint.h"

/* The ssh program's stderr kept per connection: its last bytes. */
#define SSH_STDERR_KEEP 4096

/*
 * The program that dial runs: the value of BERTH_SSH when it is set and
 * not empty (a path to an ssh-compatible program, like GIT_SSH), else
 * "ssh" from the PATH. Borrowed.
 */
const char *ssh_program(void);

/*
 * The command line: PROGRAM [-l USER] [-p PORT] -o BatchMode=yes -- HOST
 * docker system dial-stdio. -p only when the address names a port, so
 * that the user's ~/.ssh/config decides otherwise; no BatchMode when
 * BERTH_SSH_BATCH=no (the user's ssh config decides). Owned strv.
 */
char **ssh_argv(const struct endpoint *, const char *program);

/*
 * A directory of our own (mode 0700, in XDG_RUNTIME_DIR, TMPDIR or /tmp)
 * for the names of sockets, made on first use and removed at exit (empty
 * by then: whoever puts a file there removes it); NULL when none can be
 * made. Borrowed.
 */
const char *ssh_dir(void);

/*
 * Starts the ssh process for one connection to the engine of ep (an ssh
 * endpoint): its own session (a Ctrl-C on the console does not reach it),
 * default signal dispositions, no fd of ours but the socket and its
 * stderr pipe. Returns our end of the socket (non-blocking, close-on-exec;
 * give it back with ssh_close(); its peer has a name in ssh_dir(), so that
 * getpeername() tells something) and the connection's id in *id, or -1
 * with *cause (owned) in words ("ssh is not installed: ..."). owner says
 * whose connection it is, for ssh_finish(). Reaps finished ssh processes
 * first.
 */
int ssh_dial(const struct endpoint *ep, const void *owner, unsigned long *id,
    char **cause);

/*
 * Closes fd, a socket from ssh_dial(), which lets its ssh process end:
 * keeps what it wrote to stderr so far and reaps it if it ended already
 * (never waits). False, and nothing done, when fd is not one of ours.
 */
bool ssh_close(int fd);

/*
 * What went wrong on connection id, in words (owned): ssh_explain() of its
 * stderr, or how ssh exited when it said nothing; NULL when there is
 * nothing to say (ssh still runs and wrote nothing) or id is forgotten.
 * Waits up to wait_ms for ssh to finish writing its stderr.
 */
char *ssh_error(unsigned long id, const struct endpoint *, int wait_ms);

/*
 * How many connections were closed so far, and the id of the one of owner
 * closed last after count of them (0: none): how http.c finds the
 * connection of a request that reused a pooled one.
 */
unsigned long ssh_close_count(void);
unsigned long ssh_closed_since(const void *owner, unsigned long count);

/*
 * Keeps every open connection's stderr pipe from filling (reads what is
 * there) and reaps the ssh processes that ended, without waiting.
 */
void ssh_poll(void);

/*
 * Ends the closed connections of owner: waits up to grace_ms for their ssh
 * processes to exit, then stops the rest (SIGTERM, then SIGKILL) and reaps
 * them all. For http_free(), after libcurl closed its connections.
 */
void ssh_finish(const void *owner, int grace_ms);

/*
 * ssh's stderr text in plain words for ep's engine, followed by ssh's own
 * last line: e.g. "ssh: the host key of HOST is not known; ... (ssh said:
 * Host key verification failed.)", "... has CHANGED ...", "ssh:
 * authentication to USER@HOST failed (...) (ssh said: ...)", "ssh: docker
 * is not installed on HOST (docker system dial-stdio) (ssh said: ...)";
 * otherwise "ssh: " and its last line. NULL when text says nothing.
 * Owned.
 */
char *ssh_explain(const char *text, const struct endpoint *ep);

#endif
