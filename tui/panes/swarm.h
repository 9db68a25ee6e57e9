/*
 * What the swarm panes (nodes, services, tasks, stacks, secrets and
 * configs) share: why a pane is empty (not a swarm, a worker, loading, an
 * error), a poll while shown (tasks change state without events of their
 * own), and names of nodes, services and tasks from the store.
 */
#ifndef TUI_PANES_SWARM_H
#define TUI_PANES_SWARM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tui/core/console.h"

/* Tasks and nodes are asked again this often while a swarm pane shows. */
#define SWARM_POLL_S 3.0

/* The stack label the docker CLI writes on what a stack deploys. */
#define SWARM_STACK_LABEL "com.docker.stack.namespace"

/*
 * Why the pane of kind k has no rows: the engine outside a swarm or a
 * worker (from /info), the list's error, loading; else none ("no
 * services"). Borrowed (a static buffer for the last case).
 */
const char *swarm_empty(struct pane *, enum kind k, const char *none);
/*
 * Whether the swarm panes have tabs: on a swarm manager only (elsewhere
 * :nodes and the others still open and say why they are empty).
 */
bool swarm_shown(struct pane *);

/*
 * Refreshes the slots (SLOT_BIT()s) every SWARM_POLL_S while p is shown;
 * *next holds the due time. Returns it (for the tick op).
 */
double swarm_poll(struct pane *, double now, double *next, unsigned slots);

/* The hostname of a node, or its short id; borrowed or in buf. */
const char *swarm_node_host(
    const struct store *, const char *node_id, char *buf, size_t len);
/* The service of an id (borrowed), or NULL. */
const struct docker_service *swarm_service(
    const struct store *, const char *id);
/* "web.2", or "agent.HOST" for a global service's task, in buf. */
const char *swarm_task_name(
    const struct store *, const struct docker_task *, char *buf, size_t len);
/* "3 minutes" since an engine time, or "-". */
void swarm_ago(char *buf, size_t len, const char *rfc3339);
/* "k=v, k2=v2" or "-" (owned). */
char *swarm_labels(const struct kvlist *);

#endif
