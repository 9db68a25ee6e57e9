/*
 * The NAT helper: a short-lived container on the engine's host that reads
 * the host's connection tracking table for a pane that takes it (the NAT
 * pane), when the engine is not local.
 */
#ifndef TUI_ACTIONS_NATHELPER_H
#define TUI_ACTIONS_NATHELPER_H

#include <stdbool.h>

struct console;
struct pane;

/*
 * ACTION_NAT_HELPER on p: asks for the image, confirms, then creates,
 * starts, waits for, reads and removes the helper, handing its output to
 * p as "conntrack" data. False when p takes no such data.
 */
bool nathelper_run(struct console *, struct pane *p);

#endif
