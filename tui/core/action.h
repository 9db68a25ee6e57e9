/*
 * The action table: every command a key can be bound to, with its help text
 * and whether it changes anything on the engine. The help screen, the
 * config file's bind names and read-only mode all come from this list.
 */
#ifndef TUI_CORE_ACTION_H
#define TUI_CORE_ACTION_H

#include <stdbool.h>

/* X(ENUM, "name", changes, "help") */
#define ACTION_INFO(X)                                                         \
	X(NONE, "none", false, "do nothing")                                   \
	X(QUIT, "quit", false, "quit (or back out of a view)")                 \
	X(HELP, "help", false, "show the keys of this pane")                   \
	X(FILTER, "filter", false, "filter rows (/! inverts)")                 \
	X(COMMAND, "command", false, "command mode (:containers, :q, ...)")    \
	X(NEXT_PANE, "next-pane", false, "next pane")                          \
	X(PREV_PANE, "prev-pane", false, "previous pane")                      \
	X(PANE_1, "pane-1", false, "go to pane 1")                             \
	X(PANE_2, "pane-2", false, "go to pane 2")                             \
	X(PANE_3, "pane-3", false, "go to pane 3")                             \
	X(PANE_4, "pane-4", false, "go to pane 4")                             \
	X(PANE_5, "pane-5", false, "go to pane 5")                             \
	X(PANE_6, "pane-6", false, "go to pane 6")                             \
	X(PANE_7, "pane-7", false, "go to pane 7")                             \
	X(PANE_8, "pane-8", false, "go to pane 8")                             \
	X(PANE_9, "pane-9", false, "go to pane 9")                             \
	X(UP, "up", false, "move up")                                          \
	X(DOWN, "down", false, "move down")                                    \
	X(LEFT, "left", false, "scroll left")                                  \
	X(RIGHT, "right", false, "scroll right")                               \
	X(TOP, "top", false, "go to the first row")                            \
	X(BOTTOM, "bottom", false, "go to the last row")                       \
	X(PAGE_UP, "page-up", false, "page up")                                \
	X(PAGE_DOWN, "page-down", false, "page down")                          \
	X(ENTER, "enter", false, "details of the selected object")             \
	X(BACK, "back", false, "back, or cancel")                              \
	X(MARK, "mark", false, "mark the row for a bulk action")               \
	X(SORT, "sort", false, "sort by the next column")                      \
	X(SORT_REVERSE, "sort-reverse", false, "reverse the sort order")       \
	X(REFRESH, "refresh", false, "refresh now")                            \
	X(REDRAW, "redraw", false, "redraw the screen")                        \
	X(SEARCH_NEXT, "search-next", false, "next search match")              \
	X(SEARCH_PREV, "search-prev", false, "previous search match")          \
	X(TIMESTAMPS, "timestamps", false, "toggle log timestamps")            \
	X(WRAP, "wrap", false, "toggle line wrap")                             \
	X(SAVE, "save", false, "save the view to a file")                      \
	X(FOLD, "fold", false, "fold or unfold a JSON object")                 \
	X(COPY_ID, "copy-id", false, "copy the id (OSC 52)")                   \
	X(ALL_ENGINES, "all-engines", false,                                   \
	    "every engine's containers at once, or the shown one's")           \
	X(LOGS, "logs", false, "logs of the container")                        \
	X(INSPECT, "inspect", false, "inspect (JSON)")                         \
	X(STATS, "stats", false, "live stats of the container")                \
	X(PROCESSES, "processes", false, "processes of the container")         \
	X(HISTORY, "history", false, "history of the image")                   \
	X(RUN, "run", true, "run a container")                                 \
	X(ATTACH, "attach", true, "attach to the container")                   \
	X(EXEC, "exec", true, "exec a shell in the container")                 \
	X(STOP, "stop", true, "stop")                                          \
	X(START, "start", true, "start")                                       \
	X(RESTART, "restart", true, "restart")                                 \
	X(PAUSE, "pause", true, "pause or unpause")                            \
	X(KILL, "kill", true, "kill (choose the signal)")                      \
	X(REMOVE, "remove", true, "remove")                                    \
	X(RENAME, "rename", true, "rename")                                    \
	X(PRUNE, "prune", true, "prune this pane's kind (with a preview)")     \
	X(PULL, "pull", true, "pull an image")                                 \
	X(PUSH, "push", true, "push an image")                                 \
	X(TAG, "tag", true, "tag an image")                                    \
	X(CREATE, "create", true, "create a volume or network")                \
	X(COMMIT, "commit", true, "commit the container to an image")          \
	X(BUILD, "build", true, "build an image from a folder (Dockerfile)")   \
	X(EXPORT, "export", false,                                             \
	    "export the container's filesystem to a tar file")                 \
	X(SAVE_IMAGES, "save-images", false,                                   \
	    "save the marked images to a tar file")                            \
	X(LOAD, "load", true, "load images from a tar file")                   \
	X(SEARCH, "search", false, "search a registry for images")             \
	X(LOGIN, "login", false,                                               \
	    "log in to a registry (checked by the engine)")                    \
	X(BUNDLE, "bundle", false,                                             \
	    "write a support bundle (for a bug report)")                       \
	X(NAT_HELPER, "nat-helper", true,                                      \
	    "read NAT sessions through a helper container")                    \
	X(SHOW_CLOSED, "show-closed", false,                                   \
	    "show or hide closed connections (TIME_WAIT, CLOSE)")              \
	X(SHOW_OWN, "show-own", false,                                         \
	    "show or hide the events berth's own polls cause (top)")           \
	X(SCALE, "scale", true, "scale a service (type the replicas)")         \
	X(UPDATE_IMAGE, "update-image", true,                                  \
	    "update a service's image (a rolling update)")                     \
	X(ROLLBACK, "rollback", true, "roll a service back to its last spec")  \
	X(DRAIN, "drain", true, "drain a node (its tasks move elsewhere)")     \
	X(ACTIVATE, "activate", true, "make a node active again")              \
	X(PROMOTE, "promote", true, "promote a worker node to manager")        \
	X(DEMOTE, "demote", true, "demote a manager node to worker")           \
	X(LABEL, "label", true, "add (k=v) or remove (-k) a node label")

enum action {
#define ACTION_ENUM(e, n, c, h) ACTION_##e,
	ACTION_INFO(ACTION_ENUM)
#undef ACTION_ENUM
	    ACTION__COUNT
};

const char *action_name(enum action);
const char *action_help(enum action);
/* Whether the action changes something on the engine (refused read-only). */
bool action_changes(enum action);
/* ACTION__COUNT when the name is unknown. */
enum action action_from_name(const char *);

#endif
