/* JSON reading shared by the decoders (see api/decode_json.h). */

#include "api/decode_json.h"

#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "api/xalloc.h"

void
decode_cause(char **cause, const char *fmt, ...)
{
	va_list ap;

	if (cause == NULL)
		return;
	va_start(ap, fmt);
	*cause = xvasprintf(fmt, ap);
	va_end(ap);
}

static bool
decode_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!isspace((unsigned char)s[i]))
			return false;
	}
	return true;
}

/*
 * Parses any JSON value. An integer beyond int64 (cgroup v2 stats send
 * pids_stats.limit as 2^64-1) makes jansson fail the whole document, so
 * such a document is read again with every integer as a real, and the
 * getters clamp.
 */
json_t *
decode_parse(const char *s, size_t n, const char *what, char **cause)
{
	json_error_t err;
	json_t *root;

	if (s == NULL)
		n = 0;
	if (n == 0 || decode_blank(s, n)) {
		decode_cause(cause, "%s: empty response", what);
		return NULL;
	}
	root = json_loadb(s, n, JSON_DECODE_ANY, &err);
	if (root == NULL &&
	    json_error_code(&err) == json_error_numeric_overflow)
		root = json_loadb(
		    s, n, JSON_DECODE_ANY | JSON_DECODE_INT_AS_REAL, &err);
	if (root == NULL)
		decode_cause(cause,
		    "%s: invalid JSON at line %d, column %d: "
		    "%s",
		    what, err.line, err.column, err.text);
	return root;
}

/* Parses and checks the top-level shape; the caller json_decref()s. */
json_t *
decode_shape(
    const char *s, size_t n, const char *what, json_type want, char **cause)
{
	json_t *root = decode_parse(s, n, what, cause);

	if (root == NULL)
		return NULL;
	if (json_typeof(root) != want) {
		decode_cause(cause, "%s: expected a JSON %s", what,
		    want == JSON_ARRAY ? "array" : "object");
		json_decref(root);
		return NULL;
	}
	return root;
}

static int64_t
decode_real_i64(double d)
{
	if (isnan(d))
		return 0;
	if (d >= 9223372036854775807.0)
		return INT64_MAX;
	if (d <= -9223372036854775807.0)
		return INT64_MIN;
	return (int64_t)d;
}

static uint64_t
decode_real_u64(double d)
{
	if (isnan(d) || d <= 0)
		return 0;
	if (d >= 18446744073709551615.0)
		return UINT64_MAX;
	return (uint64_t)d;
}

const char *
jstr(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* The first of two spellings (docker's, then podman's) that is a string. */
const char *
jstr2(const json_t *o, const char *key, const char *alt)
{
	const char *s = jstr(o, key);

	return s ? s : jstr(o, alt);
}

char *
jdup(const json_t *o, const char *key)
{
	return xstrdup_or_null(jstr(o, key));
}

/* Like jdup, but an empty string means "not set". */
char *
jdupnz(const json_t *o, const char *key)
{
	const char *s = jstr(o, key);

	return s && *s ? xstrdup(s) : NULL;
}

char *
jdupdef(const json_t *o, const char *key, const char *def)
{
	const char *s = jstr(o, key);

	return xstrdup(s ? s : def);
}

bool
jhas_number(const json_t *o, const char *key)
{
	return json_is_number(json_object_get(o, key));
}

static int64_t
jnum_i64(const json_t *v, int64_t def)
{
	if (json_is_integer(v))
		return (int64_t)json_integer_value(v);
	if (json_is_real(v))
		return decode_real_i64(json_real_value(v));
	return def;
}

int64_t
ji64(const json_t *o, const char *key, int64_t def)
{
	return jnum_i64(json_object_get(o, key), def);
}

int
jint(const json_t *o, const char *key, int def)
{
	int64_t v = ji64(o, key, def);

	if (v > INT_MAX)
		return INT_MAX;
	if (v < INT_MIN)
		return INT_MIN;
	return (int)v;
}

uint64_t
ju64(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	if (json_is_integer(v)) {
		json_int_t i = json_integer_value(v);

		return i < 0 ? 0 : (uint64_t)i;
	}
	if (json_is_real(v))
		return decode_real_u64(json_real_value(v));
	return 0;
}

/* Booleans; the version endpoint also sends "true"/"false" strings. */
bool
jbool(const json_t *o, const char *key, bool def)
{
	const json_t *v = json_object_get(o, key);

	if (json_is_boolean(v))
		return json_is_true(v);
	if (json_is_string(v)) {
		if (strcmp(json_string_value(v), "true") == 0)
			return true;
		if (strcmp(json_string_value(v), "false") == 0)
			return false;
	}
	return def;
}

json_t *
jobj(const json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_object(v) ? v : NULL;
}

json_t *
jarr(const json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_array(v) ? v : NULL;
}

/* The element count of an array as a size to allocate for, or 0. */
size_t
jlen(const json_t *a)
{
	return json_is_array(a) ? json_array_size(a) : 0;
}

/* Text of a scalar: strings as they are, null as "", others as JSON. */
char *
decode_scalar(const json_t *v)
{
	char *s, *r;

	if (json_is_string(v))
		return xstrdup(json_string_value(v));
	if (v == NULL || json_is_null(v))
		return xstrdup("");
	s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
	if (s == NULL)
		return xstrdup("");
	r = xstrdup(s);
	free(s);
	return r;
}

/*
 * Appends to a vector that only ever grew through here, from NULL: its room
 * is the power of two above the count, so it doubles when the count + 1
 * is a power of two and long arrays cost no quadratic copying.
 */
void
decode_strv_push(char ***v, size_t *n, char *s)
{
	if (((*n + 1) & *n) == 0)
		*v = xreallocarray(*v, 2 * (*n + 1), sizeof **v);
	(*v)[(*n)++] = s;
	(*v)[*n] = NULL;
}

char **
decode_strv_empty(void)
{
	return xcalloc(1, sizeof(char *));
}

/*
 * A string vector from an array of strings (other elements skipped), or
 * from a lone string; never NULL, so callers can count without checking.
 */
char **
decode_strv(const json_t *a)
{
	char **v = NULL;
	size_t n = 0, i;
	json_t *e;

	if (json_is_string(a)) {
		decode_strv_push(&v, &n, xstrdup(json_string_value(a)));
		return v;
	}
	json_array_foreach(a, i, e)
	{
		if (json_is_string(e))
			decode_strv_push(&v, &n, xstrdup(json_string_value(e)));
	}
	return v ? v : decode_strv_empty();
}

char **
jstrv(const json_t *o, const char *key)
{
	return decode_strv(json_object_get(o, key));
}

/* Tags that old engines report for dangling images are not tags. */
char **
jtags(const json_t *o, const char *key, const char *none)
{
	char **v = NULL;
	size_t n = 0, i;
	json_t *e, *a = jarr(o, key);

	json_array_foreach(a, i, e)
	{
		if (json_is_string(e) &&
		    strcmp(json_string_value(e), none) != 0)
			decode_strv_push(&v, &n, xstrdup(json_string_value(e)));
	}
	return v ? v : decode_strv_empty();
}

/* The keys of an object ("ExposedPorts"), or the strings of an array. */
char **
jkeys(const json_t *o, const char *key)
{
	json_t *m = json_object_get(o, key), *e;
	const char *k;
	char **v = NULL;
	size_t n = 0;

	if (!json_is_object(m))
		return decode_strv(json_is_array(m) ? m : NULL);
	json_object_foreach(m, k, e) decode_strv_push(&v, &n, xstrdup(k));
	return v ? v : decode_strv_empty();
}

void
decode_kv_set(struct kv *kv, const char *key, char *value)
{
	kv->key = xstrdup(key);
	kv->value = value;
}

/* Room for every member, and one more for decode_event's "image". */
void
jkv(struct kvlist *l, const json_t *o, const char *key)
{
	json_t *m = jobj(o, key), *e;
	const char *k;

	l->v = NULL;
	l->n = 0;
	if (m == NULL || json_object_size(m) == 0)
		return;
	l->v = xreallocarray(NULL, json_object_size(m) + 1, sizeof *l->v);
	json_object_foreach(m, k, e)
	    decode_kv_set(&l->v[l->n++], k, decode_scalar(e));
}

void *
decode_items(const json_t *a, size_t size, decode_item_fn *fn, size_t *n)
{
	char *v = NULL;
	size_t i;
	json_t *e;

	*n = 0;
	if (jlen(a) > 0)
		v = xcalloc(jlen(a), size);
	json_array_foreach(a, i, e)
	{
		if (!json_is_object(e))
			continue;
		if (fn(v + *n * size, e))
			(*n)++;
		else
			memset(v + *n * size, 0, size);
	}
	return v;
}

/* Drops the one leading '/' that the engine puts before container names. */
char *
decode_cname(const char *s)
{
	if (s == NULL)
		return xstrdup("");
	return xstrdup(s[0] == '/' ? s + 1 : s);
}

/*
 * "Names" also lists link aliases ("/other/alias"); the container's own
 * name is the one with no further '/'.
 */
char *
decode_names(const json_t *names)
{
	const char *first = NULL;
	size_t i;
	json_t *e;

	if (json_is_string(names))
		return decode_cname(json_string_value(names));
	json_array_foreach(names, i, e)
	{
		const char *s = json_string_value(e);

		if (s == NULL)
			continue;
		if (first == NULL)
			first = s;
		if (strchr(s[0] == '/' ? s + 1 : s, '/') == NULL)
			return decode_cname(s);
	}
	return decode_cname(first);
}

const char *
decode_stream_error(const json_t *root)
{
	const char *err = jstr(jobj(root, "errorDetail"), "message");

	if (err == NULL || *err == '\0')
		err = jstr(root, "error");
	/* An error with no text is still an error. */
	if (err == NULL && json_object_get(root, "error") != NULL)
		err = "unknown error";
	return err;
}
