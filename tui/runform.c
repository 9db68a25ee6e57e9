/* The run form (being written). */

#include "tui/actions.h"

#include "tui/app.h"
#include "tui/pane.h"

bool
runform_open(struct app *a, struct pane *p)
{
	app_error(a, "run: not implemented in this build");
	(void)p;
	return true;
}
