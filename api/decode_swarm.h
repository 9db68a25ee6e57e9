/*
 * Swarm documents: the decoders of the swarm, node, service, task,
 * secret and config lists (same contract as api/decode.h), the specs an
 * update sends (made from the object's own inspect document, so that
 * nothing the user set is lost), the body that creates a secret or a
 * config, and the prefix of a service's log lines.
 */
#ifndef API_DECODE_SWARM_H
#define API_DECODE_SWARM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "api/model.h"

struct docker_swarm *decode_swarm(const char *, size_t, char **cause);
struct docker_node_list *decode_node_list(const char *, size_t, char **cause);
struct docker_service_list *decode_service_list(
    const char *, size_t, char **cause);
struct docker_task_list *decode_task_list(const char *, size_t, char **cause);
/* /secrets and /configs have the same rows. */
struct docker_swarm_object_list *decode_swarm_object_list(
    const char *, size_t, char **cause);

/*
 * The expiry (notAfter, unix seconds) of the first certificate of a PEM
 * text; 0 when there is none or it cannot be read.
 */
int64_t swarm_pem_not_after(const char *pem);

/* A node spec edit: NULL fields keep what the node has. */
struct swarm_node_edit {
	const char *role; /* "manager", "worker" */
	const char *availability; /* "active", "pause", "drain" */
	const char *label_key; /* a label to set (label_value) or remove */
	const char *label_value; /* NULL with label_key: remove it */
};

/*
 * The node's Spec from its inspect document (GET /nodes/{id}) with the
 * edit applied, as JSON for docker_node_update(); *version is the
 * Version.Index it was read at. Owned, or NULL with *cause.
 */
char *swarm_node_spec(const char *, size_t, const struct swarm_node_edit *,
    int64_t *version, char **cause);

/* A service spec edit: what is unset keeps what the service has. */
struct swarm_service_edit {
	int64_t replicas; /* -1: keep; a global service refuses it */
	const char *image; /* NULL: keep */
	bool force; /* ForceUpdate + 1: every task is replaced */
};

/*
 * The service's Spec from its inspect document (GET /services/{id}) with
 * the edit applied, for docker_service_update(); *version as above.
 */
char *swarm_service_spec(const char *, size_t,
    const struct swarm_service_edit *, int64_t *version, char **cause);

/*
 * The body of POST /secrets/create or /configs/create: the name, the
 * labels ("k=v" strings, NULL-ended, may be NULL) and the data, base64.
 */
char *swarm_object_create_json(
    const char *name, char *const *labels, const void *data, size_t len);

/*
 * A line of a service's logs (details=1) starts with
 * "com.docker.swarm.node.id=N,com.docker.swarm.service.id=S,
 * com.docker.swarm.task.id=T " (in any order; other labels may come).
 * Fills the ids (owned, NULL when missing) and returns how many bytes
 * the prefix and its space take; 0 when the line has no such prefix.
 */
size_t swarm_log_prefix(
    const char *line, size_t len, char **node, char **service, char **task);

#endif
