/*
 * The audit log: one line per change attempted on an engine, with its
 * result, in $XDG_STATE_HOME/berth/audit.log (default
 * ~/.local/state/berth/audit.log). Lines are tab-separated:
 *
 *	TIME<TAB>ENDPOINT<TAB>ACTION<TAB>OBJECTS<TAB>RESULT
 *
 * TIME is ISO 8601 in UTC ("2025-01-31T12:00:00Z"); ENDPOINT is the address
 * of the engine acted on as given, after its name when it has one
 * ("prod (tcp://10.0.0.5:2376)"); RESULT is "ok", "error: <message>", "cancelled" or
 * "refused: read-only". Control characters (C0, DEL, C1), bidirectional
 * controls, tabs, newlines and invalid UTF-8 in any field are written as
 * \xnn and backslashes as \\ (text_escape() with TEXT_BYTES), so a line
 * is always one line and nothing in it talks to a terminal.
 */
#ifndef TUI_CORE_AUDIT_H
#define TUI_CORE_AUDIT_H

#include "tui/core/engine.h"
#include "tui/core/kind.h"

struct console;

/*
 * Appends one line. objects names what the action touched ("name (id)",
 * several joined with ", "); NULL means the targets of the active pane (the
 * marked rows or the selected one), for callers that only know the action.
 * A log that cannot be written is reported in the status bar; the action
 * itself is not held up.
 */
void audit_log(struct console *, struct engine *, const char *action,
    const char *objects, const char *result);

/* The log's path for the current environment (owned), or NULL without HOME. */
char *audit_path(void);

/* The object's name: kind_name_of() in tui/core/kind.h. */
/* "name (full id)" for the log; the id alone when there is no name (owned). */
char *audit_object(struct engine *, enum kind, const char *id);
/* "name (0123456789ab)" with a short id, for the screen (owned). */
char *audit_label(struct engine *, enum kind, const char *id);

#endif
