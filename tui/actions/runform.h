/*
 * The run form (a container from an image, or like another container) and
 * the create forms for volumes and networks, as overlays. Their fields'
 * parsers are in tui/actions/runform_parse.h. Every submit is refused on a
 * read-only engine and written to the audit log.
 */
#ifndef TUI_ACTIONS_RUNFORM_H
#define TUI_ACTIONS_RUNFORM_H

#include <stdbool.h>

struct console;
struct pane;

/*
 * r in the images pane (run the selected image) or the containers pane
 * (run another like the selected container), on the pane's engine; false
 * in other panes.
 */
bool runform_open(struct console *, struct pane *);
/* Create a volume or network (the C key): false in other panes. */
bool runform_create(struct console *, struct pane *);

#endif
