/* The action table's lookups. */

#include "tui/core/action.h"

#include <string.h>

struct action_info {
	const char *name;
	bool changes;
	const char *help;
};

static const struct action_info action_table[ACTION__COUNT] = {
#define ACTION_ROW(e, n, c, h) [ACTION_##e] = {n, c, h},
    ACTION_INFO(ACTION_ROW)
#undef ACTION_ROW
};

const char *
action_name(enum action a)
{
	return a < ACTION__COUNT ? action_table[a].name : "?";
}

const char *
action_help(enum action a)
{
	return a < ACTION__COUNT ? action_table[a].help : "";
}

bool
action_changes(enum action a)
{
	return a < ACTION__COUNT && action_table[a].changes;
}

enum action
action_from_name(const char *name)
{
	for (int i = 0; i < ACTION__COUNT; i++)
		if (strcmp(action_table[i].name, name) == 0)
			return (enum action)i;
	return ACTION__COUNT;
}
