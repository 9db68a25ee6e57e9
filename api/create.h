/*
 * Request bodies for the calls that create things (a container, a volume, a
 * network) and the filters query of list and prune calls: plain C structs
 * in, JSON text out, so that only this file needs jansson.
 */
#ifndef API_CREATE_H
#define API_CREATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "api/model.h"

/* One published port: host_ip:host_port -> container_port/proto. */
struct docker_port_spec {
	char *host_ip; /* NULL: every address */
	char *host_port; /* NULL: a port the engine picks */
	char *container_port; /* "80" */
	char *proto; /* "tcp", "udp" or "sctp" */
};

/* One mount (HostConfig.Mounts). */
struct docker_mount_spec {
	char *type; /* "volume" or "bind" */
	char *source; /* volume name or host path; NULL: anonymous */
	char *target; /* path in the container */
	bool read_only;
};

/* POST /containers/create: what the run form can say. */
struct docker_create_spec {
	char *image;
	char **cmd; /* NULL: the image's */
	char **entrypoint; /* NULL: the image's */
	char **env; /* KEY=VALUE, NULL: none */
	struct docker_port_spec *ports;
	size_t n_ports;
	struct docker_mount_spec *mounts;
	size_t n_mounts;
	char *network; /* NetworkMode; NULL: the default */
	char *restart; /* NULL: "no" */
	int restart_max; /* on-failure only */
	char *working_dir;
	char *user;
	bool tty;
	bool open_stdin; /* interactive */
	bool auto_remove;
	struct kvlist labels;
	int64_t memory; /* bytes, 0: no limit */
	int64_t nano_cpus; /* 1e9 per CPU, 0: no limit */
};

void create_spec_init(struct docker_create_spec *);
void create_spec_done(struct docker_create_spec *);

/* POST /volumes/create. */
struct docker_volume_spec {
	char *name; /* NULL: the engine makes one up */
	char *driver; /* NULL: local */
	struct kvlist options;
	struct kvlist labels;
};

/* POST /networks/create. */
struct docker_network_spec {
	char *name;
	char *driver; /* NULL: bridge */
	char *subnet; /* CIDR or NULL */
	char *gateway; /* NULL: the engine's choice */
	bool internal;
	struct kvlist options;
	struct kvlist labels;
};

/* Appends a copy of key and value (value may be NULL: ""). */
void create_kv_add(struct kvlist *, const char *key, const char *value);

/*
 * The JSON bodies, owned; NULL with *cause (owned) when a string is not
 * valid UTF-8, which JSON cannot carry.
 */
char *create_spec_json(const struct docker_create_spec *, char **cause);
char *create_volume_json(const struct docker_volume_spec *, char **cause);
char *create_network_json(const struct docker_network_spec *, char **cause);

/*
 * The filters query parameter ({"label":{"a=b":true},"until":{...}}, the
 * form every API version accepts) from key/value pairs, where repeated keys
 * collect their values. Owned JSON text, not yet URL-encoded; NULL with
 * *cause for text that is not UTF-8.
 */
char *create_filters_json(const struct kvlist *, char **cause);

/*
 * An event as the engine sends it, from the fields the decoder keeps
 * (Type, Action, Actor, scope, time, timeNano): for showing it as JSON.
 * Owned; NULL with *cause for text that is not UTF-8.
 */
char *create_event_json(const struct docker_event *, char **cause);

#endif
