/*
 * The jobs of actions whose requests are out (a stop of three containers,
 * a project's remove, a service's scale): each frees itself when its last
 * answer comes, but quitting drops the requests without their callbacks,
 * so whatever is still listed here at exit is freed then. Shared by the
 * lifecycle, compose project and swarm actions.
 */
#ifndef TUI_CORE_JOBS_H
#define TUI_CORE_JOBS_H

#include <stddef.h>

#include "tui/core/engine.h"

/*
 * Lists job, whose requests are about to leave, until jobs_remove();
 * free_fn(job) runs at exit if it is still listed then.
 */
void jobs_add(void *job, void (*free_fn)(void *));
/* Takes job off the list (its free function calls this); nothing if absent. */
void jobs_remove(void *job);
/* How many jobs are listed. */
size_t jobs_count(void);
/* Frees every listed job, newest first: what runs at exit. */
void jobs_free_all(void);

/* The engine's address as a question names it (borrowed). */
const char *jobs_engine(const struct engine *);

#endif
