/* Swarm stacks from the stack label of services, networks, secrets, configs. */

#include "api/stack.h"

#include <stdlib.h>
#include <string.h>

#include "api/xalloc.h"

static struct stack *
stack_get(struct stack_list *l, const char *name)
{
	struct stack *s;

	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].name, name) == 0)
			return &l->v[i];
	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	s = &l->v[l->n++];
	memset(s, 0, sizeof *s);
	s->name = xstrdup(name);
	return s;
}

static void
stack_add(struct stack_objects *o, const char *id, const char *name)
{
	size_t n = o->n;

	strv_push(&o->ids, &n, xstrdup(id));
	strv_push(&o->names, &o->n, xstrdup(name));
}

/* The stack an object's labels name, or NULL. */
static const char *
stack_of(const struct kvlist *labels)
{
	const char *v = kvlist_get(labels, STACK_LABEL);

	return v && *v ? v : NULL;
}

static void
stack_add_objects(struct stack_list *l,
    const struct docker_swarm_object_list *ol, size_t which)
{
	for (size_t i = 0; ol && i < ol->n; i++) {
		const char *st = stack_of(&ol->v[i].labels);
		struct stack *s;

		if (st == NULL)
			continue;
		s = stack_get(l, st);
		stack_add(which ? &s->configs : &s->secrets, ol->v[i].id,
		    ol->v[i].name);
	}
}

static int
stack_cmp(const void *a, const void *b)
{
	return strcmp(
	    ((const struct stack *)a)->name, ((const struct stack *)b)->name);
}

struct stack_list *
stack_list_make(const struct docker_service_list *sl,
    const struct docker_network_list *nl,
    const struct docker_swarm_object_list *secrets,
    const struct docker_swarm_object_list *configs)
{
	struct stack_list *l = xcalloc(1, sizeof *l);

	for (size_t i = 0; sl && i < sl->n; i++) {
		const struct docker_service *sv = &sl->v[i];
		struct stack *s;

		if (sv->stack == NULL)
			continue;
		s = stack_get(l, sv->stack);
		stack_add(&s->services, sv->id, sv->name);
		if (sv->running > 0)
			s->running += sv->running;
		if (sv->desired > 0)
			s->desired += sv->desired;
	}
	for (size_t i = 0; nl && i < nl->n; i++) {
		const char *st = stack_of(&nl->v[i].labels);

		if (st && nl->v[i].id)
			stack_add(&stack_get(l, st)->networks, nl->v[i].id,
			    nl->v[i].name ? nl->v[i].name : nl->v[i].id);
	}
	stack_add_objects(l, secrets, 0);
	stack_add_objects(l, configs, 1);
	if (l->n > 1)
		qsort(l->v, l->n, sizeof *l->v, stack_cmp);
	return l;
}

const struct stack *
stack_find(const struct stack_list *l, const char *name)
{
	for (size_t i = 0; l && name && i < l->n; i++)
		if (strcmp(l->v[i].name, name) == 0)
			return &l->v[i];
	return NULL;
}

static void
stack_objects_free(struct stack_objects *o)
{
	strv_free(o->ids);
	strv_free(o->names);
}

void
stack_list_free(struct stack_list *l)
{
	if (l == NULL)
		return;
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].name);
		stack_objects_free(&l->v[i].services);
		stack_objects_free(&l->v[i].networks);
		stack_objects_free(&l->v[i].secrets);
		stack_objects_free(&l->v[i].configs);
	}
	free(l->v);
	free(l);
}
