/* Attach and exec (being written). */

#include "tui/actions.h"

#include "tui/app.h"
#include "tui/pane.h"

bool
attach_run(struct app *a, struct pane *p, enum action act)
{
	app_error(a, "%s: not implemented in this build", action_name(act));
	(void)p;
	return true;
}
