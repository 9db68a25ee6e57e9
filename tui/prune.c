/* Prune with a preview (being written). */

#include "tui/actions.h"

#include "tui/app.h"

bool
prune_open(struct app *a, const char *kind)
{
	app_error(a, "prune: not implemented in this build");
	(void)kind;
	return true;
}
