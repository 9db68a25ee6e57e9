/* What main plugs into the core: panes, actions and views. */

#include "tui/parts.h"

#include <stddef.h>

#include "tui/actions/actions.h"
#include "tui/panes/panes.h"
#include "tui/views/detail.h"

static const char *const parts_commands[] = {"prune", "ctx", NULL};

const struct console_parts berth_parts = {
    .panes = panes_all,
    .action = actions_run,
    .command = actions_command,
    .commands = parts_commands,
    .open_detail = detail_open,
    .open_event = detail_open_event,
};
