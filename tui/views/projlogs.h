/*
 * The merged logs of a compose project: every container's log stream
 * followed at once, each line prefixed with its container's service and
 * number ("web-1  | ..."), as the compose tool shows them.
 */
#ifndef TUI_VIEWS_PROJLOGS_H
#define TUI_VIEWS_PROJLOGS_H

#include <stddef.h>

#include "tui/core/console.h"

struct projlogs;

/*
 * The logs of the project called name on e, whose containers are taken
 * from e's store. Owned (projlogs_free()); e must outlive it.
 */
struct projlogs *projlogs_new(
    struct console *, struct engine *e, const char *name);
void projlogs_free(struct projlogs *);
/* Opens it as a view over the panes (mergedlogs_view_ops). */
void projlogs_open(struct console *, struct engine *, const char *name);

/* Line i of what is shown (borrowed), NULL past the end: for tests. */
const char *projlogs_line(struct projlogs *, size_t i);
/* The prefix of a member: "web-1", or the container's name. Owned. */
char *projlogs_prefix(
    const char *service, const char *number, const char *name);

#endif
