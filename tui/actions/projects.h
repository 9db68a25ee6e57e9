/*
 * The actions on whole compose projects (the projects pane): stop, start,
 * restart, pause or unpause, and remove with or without the project's
 * volumes and networks. Each asks first with a preview of every object it
 * touches, is refused on a read-only engine, and writes one audit line
 * per object.
 */
#ifndef TUI_ACTIONS_PROJECTS_H
#define TUI_ACTIONS_PROJECTS_H

#include <stdbool.h>

#include "tui/core/action.h"

struct console;
struct pane;

/*
 * Runs act on the projects marked in p (or the selected one), a pane of
 * KIND_PROJECT rows; false when act is not one of these actions.
 */
bool projects_run(struct console *, struct pane *p, enum action);

#endif
