/*
 * The actions on swarm objects: nodes (drain, activate, pause, promote,
 * demote, labels, remove), services (scale, update the image, force a
 * restart, roll back, remove), stacks (remove, with a preview), secrets
 * and configs (create, remove). Each asks first, is refused on a
 * read-only engine and writes one audit line per object; secret data
 * never reaches the screen or the audit log.
 */
#ifndef TUI_ACTIONS_SWARM_H
#define TUI_ACTIONS_SWARM_H

#include <stdbool.h>

#include "tui/core/action.h"

struct console;
struct pane;

/* Runs act in p, a pane of swarm rows; false when act is not ours. */
bool swarm_run(struct console *, struct pane *p, enum action);

#endif
