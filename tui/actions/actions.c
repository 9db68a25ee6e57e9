/* Dispatch of the changing actions to the files that implement them. */

#include "tui/actions/actions.h"

#include <string.h>

#include "tui/actions/build.h"
#include "tui/actions/bundle.h"
#include "tui/actions/contexts.h"
#include "tui/actions/imagework.h"
#include "tui/actions/nathelper.h"
#include "tui/actions/projects.h"
#include "tui/actions/prune.h"
#include "tui/actions/swarm.h"
#include "tui/core/console.h"

bool
actions_run(struct console *a, struct pane *p, enum action act)
{
	/* A project's stop, start... act on all of its containers. */
	if (p->ops->kind == KIND_PROJECT && projects_run(a, p, act))
		return true;
	/* Nodes, services, stacks, secrets and configs. */
	if (swarm_run(a, p, act))
		return true;
	switch (act) {
	case ACTION_ATTACH:
	case ACTION_EXEC:
		return attach_run(a, p, act);
	case ACTION_PRUNE:
		return prune_pane(a, p);
	case ACTION_RUN:
		return runform_open(a, p);
	case ACTION_CREATE:
		return runform_create(a, p);
	case ACTION_BUNDLE:
		bundle_console(a, pane_selected_engine(p));
		return true;
	case ACTION_NAT_HELPER:
		return nathelper_run(a, p);
	case ACTION_BUILD:
		build_open(a, pane_selected_engine(p), NULL);
		return true;
	case ACTION_COMMIT:
	case ACTION_EXPORT:
	case ACTION_SAVE_IMAGES:
	case ACTION_LOAD:
	case ACTION_SEARCH:
	case ACTION_LOGIN:
		return imagework_run(a, p, act);
	default:
		return lifecycle_run(a, p, act);
	}
}

bool
actions_command(struct console *a, const char *word, const char *rest)
{
	if (strcmp(word, "ctx") == 0 || strcmp(word, "context") == 0) {
		contexts_command(a, rest);
		return true;
	}
	if (imagework_command(a, word, rest))
		return true;
	if (strcmp(word, "build") == 0) {
		build_open(a, console_engine(a), *rest ? rest : NULL);
		return true;
	}
	if (strcmp(word, "prune") != 0)
		return false;
	prune_command(a, *rest ? rest : NULL);
	return true;
}
