/* What main plugs into the core: panes, actions and views. */

#include "tui/parts.h"

#include <stddef.h>

#include "tui/actions/actions.h"
#include "tui/panes/panes.h"
#include "tui/views/detail.h"
#include "tui/views/projlogs.h"
#include "tui/views/svclogs.h"

static const char *const parts_commands[] = {"prune", "ctx", "build", "commit",
    "export", "save", "load", "search", "login", NULL};

/* A compose project's details are its containers' merged logs. */
static void
parts_open_detail(struct console *a, struct engine *e, enum kind k,
    const char *id, const char *name, enum tab tab)
{
	if (k == KIND_PROJECT)
		projlogs_open(a, e, id);
	else if (k == KIND_SERVICE && tab == TAB_LOGS)
		svclogs_open(a, e, id, name);
	else
		detail_open(a, e, k, id, name, tab);
}

const struct console_parts berth_parts = {
    .panes = panes_all,
    .action = actions_run,
    .command = actions_command,
    .commands = parts_commands,
    .open_detail = parts_open_detail,
    .open_event = detail_open_event,
};
