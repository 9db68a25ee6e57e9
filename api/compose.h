/*
 * Compose projects, derived from the labels the compose tool writes on
 * containers, volumes and networks (com.docker.compose.*): no engine call
 * of their own, only the lists the store already holds.
 */
#ifndef API_COMPOSE_H
#define API_COMPOSE_H

#include <stdbool.h>
#include <stddef.h>

#include "api/model.h"

#define COMPOSE_PROJECT "com.docker.compose.project"
#define COMPOSE_WORKING_DIR "com.docker.compose.project.working_dir"
#define COMPOSE_CONFIG_FILES "com.docker.compose.project.config_files"
#define COMPOSE_SERVICE "com.docker.compose.service"
#define COMPOSE_NUMBER "com.docker.compose.container-number"
#define COMPOSE_ONEOFF "com.docker.compose.oneoff"
/* The engine's own label on the volumes it made for a container. */
#define COMPOSE_ANON_VOLUME "com.docker.volume.anonymous"

enum compose_health {
	COMPOSE_HEALTH_NONE, /* no health check */
	COMPOSE_HEALTH_STARTING,
	COMPOSE_HEALTH_HEALTHY,
	COMPOSE_HEALTH_UNHEALTHY,
};

/* One container of a project; every string owned. */
struct compose_member {
	char *id;
	char *name;
	char *service; /* "" when the label is missing */
	char *number; /* container-number, NULL when missing */
	char *state; /* running, exited, paused, ... ("?" when unknown) */
	bool oneoff; /* made by `compose run` */
	enum compose_health health;
	/* Its volume mounts: names of the volumes, NULL-terminated. */
	char **volumes;
};

struct compose_project {
	char *name;
	char *working_dir; /* NULL when no container says */
	char **config_files; /* split at ',', each once, NULL-terminated */
	char **services; /* sorted, each once, NULL-terminated */
	struct compose_member *members; /* sorted by service, number, name */
	size_t n_members;
	size_t running, paused; /* running counts paused ones too */
	size_t healthy, unhealthy, starting;
	char **volumes; /* named volumes labelled with the project */
	char **networks; /* networks labelled with it: their names */
	char **network_ids; /* and ids, in the same order */
};

struct compose_list {
	struct compose_project *v; /* sorted by name */
	size_t n;
};

/*
 * The projects of the containers, volumes and networks given (each may
 * be NULL): one per project name found on any of them. Owned; free with
 * compose_list_free().
 */
struct compose_list *compose_projects(const struct docker_container_list *,
    const struct docker_volume_list *, const struct docker_network_list *);
void compose_list_free(struct compose_list *);
/* Borrowed; NULL when there is no such project. */
const struct compose_project *compose_find(
    const struct compose_list *, const char *name);

/* "(healthy)" and the like in a container's status text. */
enum compose_health compose_health_of(const char *status);

/*
 * The anonymous volumes of the project's containers (removed with them
 * by a remove with volumes): volumes mounted by a member that the engine
 * labelled anonymous, or, when vols does not know the volume, whose name
 * is the engine's 64 hex digits. Owned, NULL-terminated, each once.
 */
char **compose_anon_volumes(
    const struct compose_project *, const struct docker_volume_list *vols);
/*
 * The volumes its containers mount that are neither the project's nor
 * anonymous (kept by any remove). Owned, NULL-terminated, each once.
 */
char **compose_other_volumes(
    const struct compose_project *, const struct docker_volume_list *vols);

#endif
