/*
 * Attach and exec from the console: the shell picker, the terminal
 * session (raw mode, resize, detach keys) and the registry of the sessions
 * berth opened, for the panes that list sessions.
 */
#ifndef TUI_ATTACH_H
#define TUI_ATTACH_H

#include <stdbool.h>

struct app;

/*
 * Hands the terminal to the container's own stdin and output until the
 * user detaches (ctrl-p ctrl-q, or detachKeys from the docker config) or
 * the container ends; the outcome goes to the status bar. Refused in
 * read-only mode.
 */
void attach_container(struct app *, const char *container_id);
/*
 * Opens the shell picker (bash, sh, ash, first that exists by default, or
 * a command, and a user), then runs an interactive exec session. Refused
 * in read-only mode unless "set read-only-exec on".
 */
void attach_exec_container(struct app *, const char *container_id);
/*
 * Whether berth opened this exec session or attached to this container
 * during this run (a full id or a prefix of at least 12 characters).
 */
bool attach_is_ours(const char *exec_or_container_id);

#endif
