/* Image builds: the request and the messages of its answer. */

#include "api/build.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "api/auth.h"
#include "api/calls_req.h"
#include "api/decode_json.h"
#include "api/xalloc.h"

/*
 * {"NAME":"value",...} of "NAME=value" items. "NAME" alone takes its
 * value from our environment, as the docker CLI does, else null (the
 * ARG's default then).
 */
static char *
build_json_map(char *const *items)
{
	json_t *o = json_object();
	char *s;

	for (size_t i = 0; items && items[i]; i++) {
		const char *eq = strchr(items[i], '=');
		char *k = eq ? xstrndup(items[i], (size_t)(eq - items[i]))
			     : xstrdup(items[i]);

		const char *v = eq ? eq + 1 : getenv(k);

		if (*k)
			json_object_set_new(o, k, v ? json_string(v) : json_null());
		free(k);
	}
	s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	return s;
}

struct docker_call *
docker_image_build(struct docker *d, const struct docker_build_opts *o,
    http_read_fn *read, void *read_arg, docker_data_fn *on_data,
    docker_done_fn *on_done, void *arg)
{
	struct docker_upload up = {"application/x-tar", read, read_arg, -1};
	const char *headers[] = {NULL, NULL};
	struct calls_req r;
	struct docker_call *c;
	char *json, *h = NULL;

	calls_req_init(&r, "POST", "/build", NULL, "");
	calls_query(&r, "dockerfile", o->dockerfile);
	for (size_t i = 0; o->tags && o->tags[i]; i++)
		calls_query(&r, "t", o->tags[i]);
	if (o->build_args && o->build_args[0]) {
		json = build_json_map(o->build_args);
		calls_query(&r, "buildargs", json);
		free(json);
	}
	if (o->labels && o->labels[0]) {
		json = build_json_map(o->labels);
		calls_query(&r, "labels", json);
		free(json);
	}
	if (o->target && *o->target)
		calls_query(&r, "target", o->target);
	if (o->platform && *o->platform)
		calls_query(&r, "platform", o->platform);
	if (o->no_cache)
		calls_query_bool(&r, "nocache", true);
	if (o->pull)
		calls_query_bool(&r, "pull", true);
	/* As the docker CLI: intermediate containers go, even on failure. */
	calls_query_bool(&r, "rm", true);
	calls_query_bool(&r, "forcerm", true);
	if (o->registry_config && *o->registry_config) {
		h = xasprintf("X-Registry-Config: %s", o->registry_config);
		headers[0] = h;
	}
	c = docker_upload(
	    d, r.method, buf_cstr(&r.path), headers, &up, on_data, on_done, arg);
	buf_done(&r.path);
	/* The header holds every registry's password. */
	auth_wipe_free(h);
	return c;
}

struct docker_build_msg *
decode_build_msg(const char *s, size_t n, char **cause)
{
	json_t *root = decode_shape(s, n, "build message", JSON_OBJECT, cause);
	struct docker_build_msg *m;

	if (root == NULL)
		return NULL;
	m = xcalloc(1, sizeof *m);
	m->stream = jdupnz(root, "stream");
	m->status = jdupnz(root, "status");
	m->id = jdupnz(root, "id");
	m->aux_id = jdupnz(jobj(root, "aux"), "ID");
	m->error = xstrdup_or_null(decode_stream_error(root));
	json_decref(root);
	return m;
}

void
docker_build_msg_free(struct docker_build_msg *m)
{
	if (m == NULL)
		return;
	free(m->stream);
	free(m->status);
	free(m->id);
	free(m->aux_id);
	free(m->error);
	free(m);
}

/* Digits at *s as a number up to 1,000,000; false when none or more. */
static bool
build_number(const char **s, int *out)
{
	const char *p = *s;
	long v = 0;

	if (*p < '0' || *p > '9')
		return false;
	for (; *p >= '0' && *p <= '9'; p++)
		if ((v = v * 10 + (*p - '0')) > 1000000)
			return false;
	*out = (int)v;
	*s = p;
	return true;
}

bool
build_step_of(const char *line, int *step, int *of)
{
	const char *p = line;

	*step = *of = 0;
	if (strncmp(p, "Step ", 5) != 0)
		return false;
	p += 5;
	if (!build_number(&p, step) || *p++ != '/' || !build_number(&p, of) ||
	    strncmp(p, " :", 2) != 0 || *step < 1 || *of < *step) {
		*step = *of = 0;
		return false;
	}
	return true;
}
