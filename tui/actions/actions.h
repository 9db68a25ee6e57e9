/*
 * The actions that change things, dispatched from the panes: container
 * lifecycle, removal, bulk actions on marks, image pull/push/tag, volume
 * and network create, prune with its preview, run, attach and exec.
 * Every changing action asks first, is refused in read-only mode, and is
 * written to the audit log.
 */
#ifndef TUI_ACTIONS_H
#define TUI_ACTIONS_H

#include <stdbool.h>

#include "tui/core/action.h"

struct app;
struct pane;

/* Runs act on the pane's marked rows (or the selection). False: not ours. */
bool actions_run(struct app *, struct pane *, enum action);
/* ":prune", ":prune images" ...: false when the command is not ours. */
bool actions_command(struct app *, const char *word, const char *rest);

/* The parts, one file each (tui/lifecycle.c, attach.c, prune.c, runform.c). */
bool lifecycle_run(struct app *, struct pane *, enum action);
bool attach_run(struct app *, struct pane *, enum action);
bool prune_open(struct app *, const char *kind);
bool runform_open(struct app *, struct pane *);
/* Create a volume or network (the C key): false in other panes. */
bool runform_create(struct app *, struct pane *);

#endif
