/*
 * A growable array of pointers that says up front whether it owns them:
 * vec_init(v, free) frees each element with the given function,
 * vec_init(v, NULL) leaves them to the caller.
 */
#ifndef API_VEC_H
#define API_VEC_H

#include <stddef.h>

typedef void vec_free_fn(void *);

struct vec {
	void **v;
	size_t n, cap;
	vec_free_fn *free; /* NULL: the elements are borrowed */
};

void vec_init(struct vec *, vec_free_fn *);
/* Frees the elements (when owned) and the array; the vec is empty after. */
void vec_done(struct vec *);
/* Appends p (taking ownership when the vec owns its elements). */
void vec_push(struct vec *, void *p);
/* The element at i, or NULL past the end. Borrowed. */
void *vec_get(const struct vec *, size_t i);

#endif
