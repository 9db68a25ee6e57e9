/*
 * Readings of a container's inspect document that the model leaves out,
 * for the one pane that needs each.
 */
#ifndef API_INSPECT_H
#define API_INSPECT_H

#include <stddef.h>

/*
 * The command the engine runs as an exec session for the container's
 * health check, written as an exec's entrypoint and arguments joined with
 * spaces ("/bin/sh -c curl -f localhost" for CMD-SHELL, with Config.Shell
 * when set; the words themselves for CMD). Owned; NULL when the container
 * has no health check (none, NONE) or the document is not JSON.
 */
char *inspect_health_command(const char *json, size_t len);

#endif
