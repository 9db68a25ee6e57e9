/* Allocation helpers that abort on out-of-memory, and small string helpers. */
#ifndef API_XALLOC_H
#define API_XALLOC_H

#include <stdarg.h>
#include <stddef.h>

void *xmalloc(size_t);
void *xcalloc(size_t, size_t);
void *xrealloc(void *, size_t);
/* Grows an array of n elements of size sz to at least want elements. */
void *xreallocarray(void *, size_t n, size_t sz);
char *xstrdup(const char *);
/* xstrdup(NULL) returns NULL. */
char *xstrdup_or_null(const char *);
char *xstrndup(const char *, size_t);
char *xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *, va_list) __attribute__((format(printf, 1, 0)));

/* A NULL-terminated array of owned strings. */
void strv_free(char **);
size_t strv_len(char *const *);
char **strv_dup(char *const *);
/* Joins with sep; an empty or NULL vector gives "". Owned result. */
char *strv_join(char *const *, const char *sep);
/* Appends s (owned) to *v of *n strings, keeping it NULL-terminated. */
void strv_push(char ***v, size_t *n, char *s);

#endif
