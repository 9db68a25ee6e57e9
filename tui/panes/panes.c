/* The pane registry: adding a pane is adding a file and a line here. */

#include "tui/panes/panes.h"

#include <string.h>

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
	size_t len = strlen(name);

	for (size_t i = 0; panes_all[i]; i++)
		if (strcmp(panes_all[i]->name, name) == 0 ||
		    (panes_all[i]->alias &&
			strcmp(panes_all[i]->alias, name) == 0))
			return panes_all[i];
	/* A unique prefix is fine too (":cont"). */
	for (size_t i = 0, hits = 0; panes_all[i]; i++) {
		if (strncmp(panes_all[i]->name, name, len) == 0 && len >= 2) {
			for (size_t j = i + 1; panes_all[j]; j++)
				if (strncmp(panes_all[j]->name, name, len) == 0)
					hits++;
			if (hits == 0)
				return panes_all[i];
			return NULL;
		}
	}
	return NULL;
}
