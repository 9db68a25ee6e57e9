/*
 * Docker CLI contexts: the current context from $DOCKER_CONFIG/config.json
 * and a context's engine address and TLS files from its meta.json.
 */
#ifndef API_CONTEXT_H
#define API_CONTEXT_H

#include <stdbool.h>

/* $DOCKER_CONFIG, else ~/.docker (owned). */
char *context_config_dir(void);
/* currentContext from config.json, or NULL (owned). */
char *context_current(const char *config_dir);

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

#endif
