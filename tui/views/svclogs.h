/*
 * The merged logs of a swarm service: every task's lines in one stream
 * (GET /services/{id}/logs), each prefixed with its task and node
 * ("web.2@node1 | ..."), followed.
 */
#ifndef TUI_VIEWS_SVCLOGS_H
#define TUI_VIEWS_SVCLOGS_H

#include "tui/core/console.h"

/* Opens the logs of service id (named name) on e as a view. */
void svclogs_open(
    struct console *, struct engine *e, const char *id, const char *name);

#endif
