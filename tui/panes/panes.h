/* The registry of panes, in the order of the tab strip. */
#ifndef TUI_PANES_PANES_H
#define TUI_PANES_PANES_H

#include "tui/core/pane.h"

extern const struct pane_ops containers_pane_ops;
extern const struct pane_ops images_pane_ops;
extern const struct pane_ops layers_pane_ops;
extern const struct pane_ops volumes_pane_ops;
extern const struct pane_ops networks_pane_ops;
extern const struct pane_ops sessions_pane_ops;
extern const struct pane_ops nat_pane_ops;
extern const struct pane_ops host_pane_ops;
extern const struct pane_ops doctor_pane_ops;
extern const struct pane_ops events_pane_ops;
extern const struct pane_ops fleet_pane_ops;
extern const struct pane_ops projects_pane_ops;
extern const struct pane_ops nodes_pane_ops;
extern const struct pane_ops services_pane_ops;
extern const struct pane_ops tasks_pane_ops;
extern const struct pane_ops stacks_pane_ops;
extern const struct pane_ops secrets_pane_ops;
extern const struct pane_ops configs_pane_ops;

/* NULL-terminated, in tab order. */
extern const struct pane_ops *const panes_all[];
/* The names, NULL-terminated (for the config file). */
const char *const *panes_names(void);
const struct pane_ops *panes_find(const char *name_or_alias);

#endif
