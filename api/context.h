/*
 * Docker CLI contexts: the current context from $DOCKER_CONFIG/config.json
 * and a context's engine address and TLS files from its meta.json.
 */
#ifndef API_CONTEXT_H
#define API_CONTEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "api/endpoint.h"

/* $DOCKER_CONFIG, else ~/.docker (owned). */
char *context_config_dir(void);
/* currentContext from config.json, or NULL (owned). */
char *context_current(const char *config_dir);
/*
 * The same, telling an unreadable config.json apart from a missing one:
 * true with *name (owned, NULL when none is set) when the file is missing
 * or says what it should; false with *cause (owned) naming the file, the
 * line and what is wrong when it is there but cannot be read (truncated,
 * not JSON, currentContext not a string).
 */
bool context_read_current(const char *config_dir, char **name, char **cause);

struct context_endpoint {
	char *host; /* Endpoints.docker.Host */
	bool skip_tls_verify;
	char *tls_dir; /* contexts/tls/<id>/docker, when it exists */
};

/*
 * Reads the context called name. "default" is not a stored context: it
 * gives false with *cause NULL, meaning "use DOCKER_HOST or the socket".
 * Other failures give false with an owned *cause.
 */
bool context_lookup(const char *config_dir, const char *name,
    struct context_endpoint *, char **cause);
void context_endpoint_done(struct context_endpoint *);

/*
 * The endpoint of the context called name, its TLS files applied as the
 * docker CLI reads them; "default" is env_host (DOCKER_HOST) or the
 * default socket, with env_verify and env_cert_path (DOCKER_TLS_VERIFY,
 * DOCKER_CERT_PATH). False with an owned *cause.
 */
bool context_endpoint(const char *config_dir, const char *name,
    const char *env_host, const char *env_verify, const char *env_cert_path,
    struct endpoint *, char **cause);

/* One context, for a list to choose from. */
struct context_info {
	char *name;
	char *description; /* may be empty */
	char *host; /* the docker endpoint's address */
};

/*
 * Every context of config_dir, sorted by name, after "default" (whose
 * host is default_host: DOCKER_HOST or the socket, as the caller knows).
 * Unreadable entries are left out. Owned: context_list_free().
 */
struct context_info *context_list(
    const char *config_dir, const char *default_host, size_t *n);
void context_list_free(struct context_info *, size_t n);

#endif
