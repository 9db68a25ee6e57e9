/*
 * Prune with a preview: an overlay that fetches the engine's lists, shows
 * what would go (by the rules of tui/actions/prune_rules.h), lets the user
 * filter, checks again right before asking and reports what the engine
 * deleted. Every prune asks first, is refused on a read-only engine, and
 * is written to the audit log.
 */
#ifndef TUI_ACTIONS_PRUNE_H
#define TUI_ACTIONS_PRUNE_H

#include <stdbool.h>

#include "api/docker.h"
#include "tui/actions/prune_rules.h"
#include "tui/core/store.h"

struct console;
struct engine;
struct pane;

/* Opens the preview of a prune of kinds (PRUNE_BIT()s) on e. */
void prune_start(struct console *, struct engine *e, unsigned kinds);
/*
 * P in pane p: the prune of the pane's kind on its engine, or of
 * everything from a pane about the engine itself (host). False where
 * prune means nothing.
 */
bool prune_pane(struct console *, struct pane *p);
/*
 * ":prune [word]" (prune_kinds_for()) on the engine shown now; says what
 * is wrong with a word that means nothing to prune.
 */
void prune_command(struct console *, const char *word);

/* Starts the GET of one of prune_sources[] the way the preview asks it. */
struct docker_call *prune_source_fetch(
    struct docker *, enum store_kind source, docker_done_fn *, void *arg);

#endif
