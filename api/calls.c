/* What the typed engine calls share: escaping, queries, sending, waiting. */

#include "api/calls.h"
#include "api/calls_req.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/http.h"

static void
calls_put_segment(struct buf *b, const char *s)
{
	char *esc;

	/* Escaping keeps dots, but "." and ".." would be folded out of
	 * the path on the way and make it name something else. */
	if (*s != '\0' && strspn(s, ".") == strlen(s)) {
		for (; *s; s++)
			buf_puts(b, "%2E");
		return;
	}
	esc = http_escape(s);
	buf_puts(b, esc);
	free(esc);
}

void
calls_req_init(struct calls_req *r, const char *method, const char *base,
    const char *id, const char *rest)
{
	memset(r, 0, sizeof *r);
	r->method = method;
	buf_init(&r->path);
	buf_puts(&r->path, base);
	if (id)
		calls_put_segment(&r->path, id);
	buf_puts(&r->path, rest);
}

void
calls_query(struct calls_req *r, const char *name, const char *value)
{
	char *esc;

	if (value == NULL)
		return;
	esc = http_escape(value);
	buf_printf(&r->path, "%c%s=%s", r->query ? '&' : '?', name, esc);
	r->query = true;
	free(esc);
}

void
calls_query_bool(struct calls_req *r, const char *name, bool on)
{
	calls_query(r, name, on ? "1" : "0");
}

void
calls_query_time(struct calls_req *r, const char *name, int64_t ns)
{
	long long s = (long long)(ns / 1000000000), frac = ns % 1000000000;
	char num[48];

	if (ns <= 0)
		return;
	if (frac == 0)
		snprintf(num, sizeof num, "%lld", s);
	else
		snprintf(num, sizeof num, "%lld.%09lld", s, frac);
	calls_query(r, name, num);
}

struct docker_call *
calls_send(
    struct docker *d, struct calls_req *r, docker_done_fn *done, void *arg)
{
	const char *headers[] = {r->header, NULL};
	const char *path = buf_cstr(&r->path);
	size_t len = r->body ? strlen(r->body) : 0;
	struct docker_call *c;

	/* A header (registry credentials) goes through the _ex form, which
	 * also collects a whole body when on_data is NULL. */
	if (r->on_data || r->header)
		c = docker_stream_ex(d, r->method, path, headers, r->body, len,
		    r->on_data, done, arg);
	else
		c = docker_request(d, r->method, path, r->body, len, done, arg);
	buf_done(&r->path);
	free(r->header);
	return c;
}

void
calls_query_logs(struct calls_req *r, const struct docker_logs_opts *o)
{
	char num[16];

	if (o->out)
		calls_query(r, "stdout", "1");
	if (o->err)
		calls_query(r, "stderr", "1");
	if (o->follow)
		calls_query(r, "follow", "1");
	if (o->timestamps)
		calls_query(r, "timestamps", "1");
	if (o->tail) {
		snprintf(num, sizeof num, "%d", o->tail_lines);
		calls_query(r, "tail", num);
	}
	calls_query_time(r, "since", o->since_ns);
}

struct docker_call *
calls_post_json(struct docker *d, const char *path, const char *json,
    docker_done_fn *done, void *arg)
{
	struct calls_req r;

	calls_req_init(&r, "POST", path, NULL, "");
	r.body = json;
	return calls_send(d, &r, done, arg);
}

struct docker_call *
calls_plain(struct docker *d, const char *method, const char *base,
    const char *id, const char *rest, docker_done_fn *done, void *arg)
{
	struct calls_req r;

	calls_req_init(&r, method, base, id, rest);
	return calls_send(d, &r, done, arg);
}

void
docker_sync_call(
    struct docker *d, struct docker_call *c, struct docker_result *out)
{
	assert(c != NULL);
	/* Replies are only delivered from http_step(), so none has come
	 * yet: until one does, the body stays NULL. */
	memset(out, 0, sizeof *out);
	while (out->body == NULL)
		http_step(docker_http(d), 1000);
}
