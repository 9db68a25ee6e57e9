/*
 * Reading jansson values for the decoders (api/decode*.c), and nothing
 * else: every getter takes a value that may be NULL or of the wrong type
 * and then gives the default, so decoders never check shapes themselves.
 */
#ifndef API_DECODE_JSON_H
#define API_DECODE_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "api/model.h"

/* Sets *cause (when cause is not NULL) to an owned sentence. */
void decode_cause(char **cause, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Parses any JSON value; NULL with *cause. The caller json_decref()s. */
json_t *decode_parse(const char *, size_t, const char *what, char **cause);
/* Parses and checks the top-level shape; the caller json_decref()s. */
json_t *decode_shape(
    const char *, size_t, const char *what, json_type want, char **cause);

/* Fills the zeroed item from the object o; false to leave it out. */
typedef bool decode_item_fn(void *item, const json_t *o);
/*
 * The objects of the array a decoded by fn into a new array of size-byte
 * items, in order, with their count in *n. Other elements, and those fn
 * leaves out, are skipped. NULL when a is empty, not an array or NULL.
 */
void *decode_items(const json_t *a, size_t size, decode_item_fn *fn, size_t *n);

/* Member key of the object o as a string (borrowed), or NULL. */
const char *jstr(const json_t *o, const char *key);
/* The first of two spellings (docker's, then podman's) that is a string. */
const char *jstr2(const json_t *o, const char *key, const char *alt);
/* Owned copies: NULL when missing; jdupnz also when empty; else def. */
char *jdup(const json_t *o, const char *key);
char *jdupnz(const json_t *o, const char *key);
char *jdupdef(const json_t *o, const char *key, const char *def);
bool jhas_number(const json_t *o, const char *key);
/* Numbers, clamped to the type; def (0 for ju64) when not a number. */
int64_t ji64(const json_t *o, const char *key, int64_t def);
int jint(const json_t *o, const char *key, int def);
uint64_t ju64(const json_t *o, const char *key);
/* Booleans; the version endpoint also sends "true"/"false" strings. */
bool jbool(const json_t *o, const char *key, bool def);
/* The member when it is an object (an array), else NULL. Borrowed. */
json_t *jobj(const json_t *o, const char *key);
json_t *jarr(const json_t *o, const char *key);
/* The element count of an array as a size to allocate for, or 0. */
size_t jlen(const json_t *a);

/* Text of a scalar: strings as they are, null as "", others as JSON. */
char *decode_scalar(const json_t *);
/* NULL-ended string vectors (owned); see decode_json.c about growth. */
void decode_strv_push(char ***v, size_t *n, char *s);
char **decode_strv_empty(void);
char **decode_strv(const json_t *);
char **jstrv(const json_t *o, const char *key);
/* The strings of an array except none (a dangling image's "tag"). */
char **jtags(const json_t *o, const char *key, const char *none);
/* The keys of an object ("ExposedPorts"), or the strings of an array. */
char **jkeys(const json_t *o, const char *key);

/* Takes ownership of value. */
void decode_kv_set(struct kv *, const char *key, char *value);
/* Room for every member, and one more for decode_event's "image". */
void jkv(struct kvlist *, const json_t *o, const char *key);

/*
 * The error of a message in a JSON stream (a pull's, a build's):
 * errorDetail.message, else "error", else "unknown error" when "error"
 * is there but no string; NULL for none. Borrowed.
 */
const char *decode_stream_error(const json_t *root);

/* A container's name without the engine's leading '/'. Owned. */
char *decode_cname(const char *);
/* The container's own name among "Names" (a string or an array). Owned. */
char *decode_names(const json_t *);

#endif
