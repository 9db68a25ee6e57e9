/* The pane registry: adding a pane is adding a file and a line here. */

#include "tui/panes/panes.h"

const struct pane_ops *const panes_all[] = {
    &containers_pane_ops,
    &images_pane_ops,
    &layers_pane_ops,
    &volumes_pane_ops,
    &networks_pane_ops,
    &sessions_pane_ops,
    &nat_pane_ops,
    &host_pane_ops,
    &doctor_pane_ops,
    &events_pane_ops,
    &fleet_pane_ops,
    &projects_pane_ops,
    &nodes_pane_ops,
    &services_pane_ops,
    &tasks_pane_ops,
    &stacks_pane_ops,
    &secrets_pane_ops,
    &configs_pane_ops,
    NULL,
};

const char *const *
panes_names(void)
{
	static const char *names[sizeof panes_all / sizeof *panes_all];

	for (size_t i = 0; panes_all[i]; i++)
		names[i] = panes_all[i]->name;
	return names;
}

const struct pane_ops *
panes_find(const char *name)
{
	return pane_ops_find(panes_all, name);
}
