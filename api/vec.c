/* A growable array of owned or borrowed pointers. */

#include "api/vec.h"

#include <stdlib.h>
#include <string.h>

#include "api/xalloc.h"

/* The first allocation, in elements; it doubles after. */
#define VEC_FIRST_CAP 4

void
vec_init(struct vec *v, vec_free_fn *fn)
{
	memset(v, 0, sizeof *v);
	v->free = fn;
}

void
vec_done(struct vec *v)
{
	for (size_t i = 0; v->free && i < v->n; i++)
		v->free(v->v[i]);
	free(v->v);
	v->v = NULL;
	v->n = v->cap = 0;
}

void
vec_push(struct vec *v, void *p)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : VEC_FIRST_CAP;
		v->v = xreallocarray(v->v, v->cap, sizeof *v->v);
	}
	v->v[v->n++] = p;
}

void *
vec_get(const struct vec *v, size_t i)
{
	return i < v->n ? v->v[i] : NULL;
}
