/*
 * Swarm stacks, as the docker CLI knows them: the services, networks,
 * secrets and configs that carry the label com.docker.stack.namespace,
 * grouped by its value. Pure functions of decoded lists.
 */
#ifndef API_STACK_H
#define API_STACK_H

#include <stddef.h>
#include <stdint.h>

#include "api/model.h"

#define STACK_LABEL "com.docker.stack.namespace"

/* Objects of one kind in a stack: ids and names, in the same order. */
struct stack_objects {
	char **ids; /* NULL-ended */
	char **names;
	size_t n;
};

struct stack {
	char *name;
	struct stack_objects services, networks, secrets, configs;
	int64_t running, desired; /* the services' tasks */
};

struct stack_list {
	struct stack *v; /* sorted by name */
	size_t n;
};

/* Every stack found in the lists (any may be NULL). Owned. */
struct stack_list *stack_list_make(const struct docker_service_list *,
    const struct docker_network_list *,
    const struct docker_swarm_object_list *secrets,
    const struct docker_swarm_object_list *configs);
/* The stack called name (borrowed), or NULL. */
const struct stack *stack_find(const struct stack_list *, const char *name);
void stack_list_free(struct stack_list *);

#endif
