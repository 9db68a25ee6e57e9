/*
 * Masking of secrets in engine documents before they leave the machine
 * (support bundles): environment variables whose names look secret.
 */
#ifndef API_REDACT_H
#define API_REDACT_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Whether an environment variable's name looks secret: it contains
 * PASSWORD, PASSWD, SECRET, TOKEN, KEY or CREDENTIAL, in any case.
 */
bool redact_secret_name(const char *name, size_t len);

/*
 * A container's inspect document (GET /containers/{id}/json) with the
 * value of every secret-looking variable in Config.Env replaced by "***"
 * ("DB_PASSWORD=***"). Returns the document as compact JSON (owned; keys
 * in their order), or NULL with *cause (owned) when it is not JSON.
 */
char *redact_container_env(const char *json, size_t len, char **cause);

#endif
