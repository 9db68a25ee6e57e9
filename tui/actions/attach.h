/*
 * Attach and exec from the console: the shell picker and the terminal
 * session (raw mode, resize, detach keys). The sessions berth opens are
 * told to the pane of exec sessions (pane_receive(), "ours": the id).
 */
#ifndef TUI_ACTIONS_ATTACH_H
#define TUI_ACTIONS_ATTACH_H

struct console;
struct engine;

/*
 * Hands the terminal to the container's own stdin and output until the
 * user detaches (ctrl-p ctrl-q, or detachKeys from the docker config) or
 * the container ends; the outcome goes to the status bar. Refused when e
 * is read-only.
 */
void attach_container(
    struct console *, struct engine *e, const char *container_id);
/*
 * Opens the shell picker (bash, sh, ash, first that exists by default, or
 * a command, and a user), then runs an interactive exec session. Refused
 * when e is read-only unless "set read-only-exec on".
 */
void attach_exec_container(
    struct console *, struct engine *e, const char *container_id);

#endif
