/* Dispatch of the changing actions to the files that implement them. */

#include "tui/actions/actions.h"

#include <string.h>

#include "tui/core/app.h"
#include "tui/actions/bundle.h"
#include "tui/core/pane.h"

bool
actions_run(struct app *a, struct pane *p, enum action act)
{
	switch (act) {
	case ACTION_ATTACH:
	case ACTION_EXEC:
		return attach_run(a, p, act);
	case ACTION_PRUNE:
		return prune_open(a, p->ops->name);
	case ACTION_RUN:
		return runform_open(a, p);
	case ACTION_CREATE:
		return runform_create(a, p);
	case ACTION_BUNDLE:
		bundle_console(a);
		return true;
	default:
		return lifecycle_run(a, p, act);
	}
}

bool
actions_command(struct app *a, const char *word, const char *rest)
{
	if (strcmp(word, "prune") != 0)
		return false;
	if (prune_open(a, *rest ? rest : NULL))
		return true;
	/* A pane name, but one whose objects are not pruned. */
	app_error(a,
	    "prune: nothing to prune in the %s pane (containers, images, "
	    "volumes, networks, build, or nothing for everything)",
	    rest);
	return true;
}
