/*
 * The actions that change things, dispatched from the panes: container
 * lifecycle, removal, bulk actions on marks, image pull/push/tag, volume
 * and network create, prune with its preview, run, attach and exec.
 * Every changing action asks first, is refused in read-only mode, and is
 * written to the audit log.
 */
#ifndef TUI_ACTIONS_ACTIONS_H
#define TUI_ACTIONS_ACTIONS_H

#include <stdbool.h>

#include "tui/core/action.h"

struct console;
struct pane;

/* Runs act on the pane's marked rows (or the selection). False: not ours. */
bool actions_run(struct console *, struct pane *, enum action);
/* ":prune", ":prune images" ...: false when the command is not ours. */
bool actions_command(struct console *, const char *word, const char *rest);

/*
 * The parts, one file each (tui/actions/lifecycle.c, attach.c, runform.c;
 * prune.c has prune.h). Each acts on the engine of the pane p.
 */
bool lifecycle_run(struct console *, struct pane *p, enum action);
/* Attach or exec: in a pane of containers, or of exec sessions. */
bool attach_run(struct console *, struct pane *p, enum action);
bool runform_open(struct console *, struct pane *);
/* Create a volume or network (the C key): false in other panes. */
bool runform_create(struct console *, struct pane *);

#endif
