/* Decoders from the engine's JSON to plain models; the only jansson user. */

#include "api/decode.h"

#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "api/xalloc.h"

/* Error bodies can be whole pages from a proxy; the status bar wants a line. */
#define DECODE_ERROR_MAX 512

static void decode_cause(char **, const char *, ...)
    __attribute__((format(printf, 2, 3)));

static void
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
static json_t *
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
static json_t *
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

static const char *
jstr(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* The first of two spellings (docker's, then podman's) that is a string. */
static const char *
jstr2(const json_t *o, const char *key, const char *alt)
{
	const char *s = jstr(o, key);

	return s ? s : jstr(o, alt);
}

static char *
jdup(const json_t *o, const char *key)
{
	return xstrdup_or_null(jstr(o, key));
}

/* Like jdup, but an empty string means "not set". */
static char *
jdupnz(const json_t *o, const char *key)
{
	const char *s = jstr(o, key);

	return s && *s ? xstrdup(s) : NULL;
}

static char *
jdupdef(const json_t *o, const char *key, const char *def)
{
	const char *s = jstr(o, key);

	return xstrdup(s ? s : def);
}

static bool
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

static int64_t
ji64(const json_t *o, const char *key, int64_t def)
{
	return jnum_i64(json_object_get(o, key), def);
}

static int
jint(const json_t *o, const char *key, int def)
{
	int64_t v = ji64(o, key, def);

	if (v > INT_MAX)
		return INT_MAX;
	if (v < INT_MIN)
		return INT_MIN;
	return (int)v;
}

static uint64_t
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
static bool
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

static json_t *
jobj(const json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_object(v) ? v : NULL;
}

static json_t *
jarr(const json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_array(v) ? v : NULL;
}

/* Text of a scalar: strings as they are, null as "", others as JSON. */
static char *
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
static void
decode_strv_push(char ***v, size_t *n, char *s)
{
	if (((*n + 1) & *n) == 0)
		*v = xreallocarray(*v, 2 * (*n + 1), sizeof **v);
	(*v)[(*n)++] = s;
	(*v)[*n] = NULL;
}

static char **
decode_strv_empty(void)
{
	return xcalloc(1, sizeof(char *));
}

/*
 * A string vector from an array of strings (other elements skipped), or
 * from a lone string; never NULL, so callers can count without checking.
 */
static char **
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

static char **
jstrv(const json_t *o, const char *key)
{
	return decode_strv(json_object_get(o, key));
}

/* Tags that old engines report for dangling images are not tags. */
static char **
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
static char **
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

static void
decode_kv_set(struct kv *kv, const char *key, char *value)
{
	kv->key = xstrdup(key);
	kv->value = value;
}

/* Room for every member, and one more for decode_event's "image". */
static void
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

/* The element count of an array as a size to allocate for, or 0. */
static size_t
jlen(const json_t *a)
{
	return json_is_array(a) ? json_array_size(a) : 0;
}

/* Drops the one leading '/' that the engine puts before container names. */
static char *
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
static char *
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

static void
decode_mounts(const json_t *a, struct docker_mount **out, size_t *n_out)
{
	size_t n = jlen(a), i;
	json_t *e;

	*out = NULL;
	*n_out = 0;
	if (n == 0)
		return;
	*out = xcalloc(n, sizeof **out);
	json_array_foreach(a, i, e)
	{
		struct docker_mount *m;

		if (!json_is_object(e))
			continue;
		m = &(*out)[(*n_out)++];
		m->type = jdup(e, "Type");
		m->name = jdupnz(e, "Name");
		m->source = jdup(e, "Source");
		m->destination = jdup(e, "Destination");
		m->mode = jdup(e, "Mode");
		m->rw = jbool(e, "RW", false);
	}
}

/* NetworkSettings.Networks: an object keyed by network name. */
static void
decode_endpoints(json_t *m, struct docker_endpoint_net **out, size_t *n_out)
{
	const char *k;
	json_t *e;
	size_t n = json_is_object(m) ? json_object_size(m) : 0;

	*out = NULL;
	*n_out = 0;
	if (n == 0)
		return;
	*out = xcalloc(n, sizeof **out);
	json_object_foreach(m, k, e)
	{
		struct docker_endpoint_net *d;

		if (!json_is_object(e))
			continue;
		d = &(*out)[(*n_out)++];
		d->network = xstrdup(k);
		d->network_id = jdupnz(e, "NetworkID");
		d->ip = jdupnz(e, "IPAddress");
		d->prefix_len = jint(e, "IPPrefixLen", 0);
		d->ipv6 = jdupnz(e, "GlobalIPv6Address");
		d->gateway = jdupnz(e, "Gateway");
		d->mac = jdupnz(e, "MacAddress");
	}
}

/*
 * {"80/tcp": [{"HostIp": "...", "HostPort": "..."}], "81/tcp": null}: one
 * entry per host binding, and one with no host side for a port that is
 * exposed but not published.
 */
static void
decode_bindings(json_t *m, struct docker_port_binding **out, size_t *n_out)
{
	const char *k;
	json_t *e, *b;
	size_t n = 0, total = 0, i;
	struct docker_port_binding *v = NULL;

	/* Port ranges make thousands of keys: allocate once. */
	json_object_foreach(m, k, e) total += jlen(e) ? jlen(e) : 1;
	if (total > 0)
		v = xcalloc(total, sizeof *v);
	json_object_foreach(m, k, e)
	{
		size_t added = 0;

		json_array_foreach(e, i, b)
		{
			if (!json_is_object(b))
				continue;
			v[n].container_port = xstrdup(k);
			v[n].host_ip = jdup(b, "HostIp");
			v[n].host_port = jdup(b, "HostPort");
			n++;
			added++;
		}
		if (added == 0) {
			v[n].container_port = xstrdup(k);
			v[n].host_ip = NULL;
			v[n].host_port = NULL;
			n++;
		}
	}
	*out = v;
	*n_out = n;
}

static void
decode_ports(const json_t *a, struct docker_port **out, size_t *n_out)
{
	size_t n = jlen(a), i;
	json_t *e;

	*out = NULL;
	*n_out = 0;
	if (n == 0)
		return;
	*out = xcalloc(n, sizeof **out);
	json_array_foreach(a, i, e)
	{
		struct docker_port *p;

		if (!json_is_object(e))
			continue;
		p = &(*out)[(*n_out)++];
		p->ip = jdupnz(e, "IP");
		p->private_port = jint(e, "PrivatePort", 0);
		p->public_port = jint(e, "PublicPort", 0);
		p->type = jdupdef(e, "Type", "tcp");
	}
}

static bool
decode_container(struct docker_container *c, const json_t *o)
{
	const char *id = jstr2(o, "Id", "ID");

	memset(c, 0, sizeof *c);
	if (id == NULL)
		return false;
	c->id = xstrdup(id);
	c->name = decode_names(json_object_get(o, "Names"));
	c->image = jdupdef(o, "Image", "");
	c->image_id = jdup(o, "ImageID");
	c->command = jdup(o, "Command");
	c->created = ji64(o, "Created", 0);
	c->state = jdupdef(o, "State", "");
	c->status = jdupdef(o, "Status", "");
	decode_ports(jarr(o, "Ports"), &c->ports, &c->n_ports);
	jkv(&c->labels, o, "Labels");
	/* The engine leaves out a zero SizeRw even when sizes were asked. */
	c->size_root_fs = ji64(o, "SizeRootFs", -1);
	c->size_rw = ji64(o, "SizeRw", jhas_number(o, "SizeRootFs") ? 0 : -1);
	decode_endpoints(
	    jobj(jobj(o, "NetworkSettings"), "Networks"), &c->nets, &c->n_nets);
	decode_mounts(jarr(o, "Mounts"), &c->mounts, &c->n_mounts);
	c->network_mode = jdup(jobj(o, "HostConfig"), "NetworkMode");
	return true;
}

struct docker_container_list *
decode_container_list(const char *s, size_t n, char **cause)
{
	json_t *root = decode_shape(s, n, "containers", JSON_ARRAY, cause), *e;
	struct docker_container_list *l;
	size_t i;

	if (root == NULL)
		return NULL;
	l = xcalloc(1, sizeof *l);
	if (json_array_size(root) > 0)
		l->v = xcalloc(json_array_size(root), sizeof *l->v);
	json_array_foreach(root, i, e)
	{
		if (json_is_object(e) && decode_container(&l->v[l->n], e))
			l->n++;
	}
	json_decref(root);
	return l;
}

static void
decode_health(struct docker_container_detail *c, const json_t *h)
{
	json_t *log = jarr(h, "Log"), *e;
	size_t i;

	if (h == NULL)
		return;
	c->health_status = jdupdef(h, "Status", "");
	c->health_failing_streak = jint(h, "FailingStreak", 0);
	if (jlen(log) == 0)
		return;
	c->health_log = xcalloc(jlen(log), sizeof *c->health_log);
	json_array_foreach(log, i, e)
	{
		struct docker_health_log *l;

		if (!json_is_object(e))
			continue;
		l = &c->health_log[c->n_health_log++];
		l->start = jdup(e, "Start");
		l->end = jdup(e, "End");
		l->exit_code = jint(e, "ExitCode", -1);
		l->output = jdup(e, "Output");
	}
}

struct docker_container_detail *
decode_container_detail(const char *s, size_t n, char **cause)
{
	json_t *root = decode_shape(s, n, "container", JSON_OBJECT, cause);
	json_t *st, *cf, *hc, *ns, *rp;
	struct docker_container_detail *c;
	const char *id;

	if (root == NULL)
		return NULL;
	if ((id = jstr2(root, "Id", "ID")) == NULL) {
		decode_cause(cause, "container: no Id in the response");
		json_decref(root);
		return NULL;
	}
	c = xcalloc(1, sizeof *c);
	c->id = xstrdup(id);
	c->name = decode_cname(jstr(root, "Name"));
	c->created = jdup(root, "Created");
	c->image_id = jdup(root, "Image");
	c->driver = jdup(root, "Driver");
	c->platform = jdup(root, "Platform");
	c->path = jdup(root, "Path");
	c->args = jstrv(root, "Args");
	c->restart_count = jint(root, "RestartCount", 0);

	st = jobj(root, "State");
	c->status = jdupdef(st, "Status", "");
	c->running = jbool(st, "Running", false);
	c->paused = jbool(st, "Paused", false);
	c->restarting = jbool(st, "Restarting", false);
	c->oom_killed = jbool(st, "OOMKilled", false);
	c->dead = jbool(st, "Dead", false);
	c->pid = jint(st, "Pid", 0);
	c->exit_code = jint(st, "ExitCode", 0);
	c->error = jdupnz(st, "Error");
	c->started_at = jdup(st, "StartedAt");
	c->finished_at = jdup(st, "FinishedAt");
	decode_health(c, jobj(st, "Health"));

	cf = jobj(root, "Config");
	c->hostname = jdup(cf, "Hostname");
	c->user = jdup(cf, "User");
	c->working_dir = jdup(cf, "WorkingDir");
	c->image = jdup(cf, "Image");
	c->tty = jbool(cf, "Tty", false);
	c->open_stdin = jbool(cf, "OpenStdin", false);
	c->env = jstrv(cf, "Env");
	c->cmd = jstrv(cf, "Cmd");
	c->entrypoint = jstrv(cf, "Entrypoint");
	c->exposed_ports = jkeys(cf, "ExposedPorts");
	jkv(&c->labels, cf, "Labels");
	c->stop_signal = jdupnz(cf, "StopSignal");

	hc = jobj(root, "HostConfig");
	rp = jobj(hc, "RestartPolicy");
	c->restart_policy = jdupdef(rp, "Name", "");
	c->restart_max_retry = jint(rp, "MaximumRetryCount", 0);
	c->auto_remove = jbool(hc, "AutoRemove", false);
	c->network_mode = jdup(hc, "NetworkMode");
	c->isolation = jdupnz(hc, "Isolation");
	c->memory = ji64(hc, "Memory", 0);
	c->nano_cpus = ji64(hc, "NanoCpus", 0);
	decode_bindings(jobj(hc, "PortBindings"), &c->bindings, &c->n_bindings);

	c->exec_ids = jstrv(root, "ExecIDs");
	decode_mounts(jarr(root, "Mounts"), &c->mounts, &c->n_mounts);
	ns = jobj(root, "NetworkSettings");
	decode_endpoints(jobj(ns, "Networks"), &c->nets, &c->n_nets);
	decode_bindings(jobj(ns, "Ports"), &c->ports, &c->n_ports);
	json_decref(root);
	return c;
}

struct docker_image_list *
decode_image_list(const char *s, size_t n, char **cause)
{
	json_t *root = decode_shape(s, n, "images", JSON_ARRAY, cause), *e;
	struct docker_image_list *l;
	size_t i;

	if (root == NULL)
		return NULL;
	l = xcalloc(1, sizeof *l);
	if (json_array_size(root) > 0)
		l->v = xcalloc(json_array_size(root), sizeof *l->v);
	json_array_foreach(root, i, e)
	{
		struct docker_image *im = &l->v[l->n];
		const char *id = jstr2(e, "Id", "ID");

		if (id == NULL)
			continue;
		im->id = xstrdup(id);
		im->parent_id = jdupnz(e, "ParentId");
		im->repo_tags = jtags(e, "RepoTags", "<none>:<none>");
		im->repo_digests = jtags(e, "RepoDigests", "<none>@<none>");
		im->created = ji64(e, "Created", 0);
		im->size = ji64(e, "Size", -1);
		im->shared_size = ji64(e, "SharedSize", -1);
		im->containers = ji64(e, "Containers", -1);
		jkv(&im->labels, e, "Labels");
		l->n++;
	}
	json_decref(root);
	return l;
}

struct docker_image_detail *
decode_image_detail(const char *s, size_t n, char **cause)
{
	json_t *root = decode_shape(s, n, "image", JSON_OBJECT, cause), *cf;
	struct docker_image_detail *im;
	const char *id;

	if (root == NULL)
		return NULL;
	if ((id = jstr2(root, "Id", "ID")) == NULL) {
		decode_cause(cause, "image: no Id in the response");
		json_decref(root);
		return NULL;
	}
	im = xcalloc(1, sizeof *im);
	im->id = xstrdup(id);
	im->repo_tags = jtags(root, "RepoTags", "<none>:<none>");
	im->repo_digests = jtags(root, "RepoDigests", "<none>@<none>");
	im->parent = jdupnz(root, "Parent");
	im->created = jdup(root, "Created");
	im->docker_version = jdupnz(root, "DockerVersion");
	im->author = jdupnz(root, "Author");
	im->architecture = jdup(root, "Architecture");
	im->os = jdup(root, "Os");
	im->os_version = jdupnz(root, "OsVersion");
	im->size = ji64(root, "Size", -1);
	cf = jobj(root, "Config");
	im->user = jdup(cf, "User");
	im->working_dir = jdup(cf, "WorkingDir");
	im->env = jstrv(cf, "Env");
	im->cmd = jstrv(cf, "Cmd");
	im->entrypoint = jstrv(cf, "Entrypoint");
	im->exposed_ports = jkeys(cf, "ExposedPorts");
	jkv(&im->labels, cf, "Labels");
	im->layers = jstrv(jobj(root, "RootFS"), "Layers");
	json_decref(root);
	return im;
}

struct docker_history *
decode_history(const char *s, size_t n, char **cause)
{
	json_t *root = decode_shape(s, n, "history", JSON_ARRAY, cause), *e;
	struct docker_history *h;
	size_t i;

	if (root == NULL)
		return NULL;
	h = xcalloc(1, sizeof *h);
	if (json_array_size(root) > 0)
		h->v = xcalloc(json_array_size(root), sizeof *h->v);
	json_array_foreach(root, i, e)
	{
		struct docker_history_entry *he;

		if (!json_is_object(e))
			continue;
		he = &h->v[h->n++];
		he->id = jdupdef(e, "Id", "<missing>");
		he->created = ji64(e, "Created", 0);
		he->created_by = jdupdef(e, "CreatedBy", "");
		he->tags = jtags(e, "Tags", "<none>:<none>");
		he->size = ji64(e, "Size", -1);
		he->comment = jdupdef(e, "Comment", "");
	}
	json_decref(root);
	return h;
}

struct docker_volume_list *
decode_volume_list(const char *s, size_t n, char **cause)
{
	json_t *root = decode_parse(s, n, "volumes", cause), *a, *e;
	struct docker_volume_list *l;
	size_t i;

	if (root == NULL)
		return NULL;
	/* Podman's own API sends the bare array. */
	if (json_is_array(root)) {
		a = root;
	} else if (json_is_object(root)) {
		a = json_object_get(root, "Volumes");
		if (a != NULL && !json_is_array(a) && !json_is_null(a)) {
			decode_cause(cause, "volumes: expected \"Volumes\" to "
					    "be a JSON array");
			json_decref(root);
			return NULL;
		}
	} else {
		decode_cause(cause, "volumes: expected a JSON object");
		json_decref(root);
		return NULL;
	}
	l = xcalloc(1, sizeof *l);
	l->warnings = jstrv(root, "Warnings");
	if (jlen(a) > 0)
		l->v = xcalloc(jlen(a), sizeof *l->v);
	json_array_foreach(a, i, e)
	{
		struct docker_volume *v = &l->v[l->n];
		const char *name = jstr(e, "Name");
		json_t *u = jobj(e, "UsageData");

		if (name == NULL)
			continue;
		v->name = xstrdup(name);
		v->driver = jdup(e, "Driver");
		v->mountpoint = jdup(e, "Mountpoint");
		v->created_at = jdup(e, "CreatedAt");
		v->scope = jdup(e, "Scope");
		jkv(&v->labels, e, "Labels");
		jkv(&v->options, e, "Options");
		v->size = ji64(u, "Size", -1);
		v->ref_count = ji64(u, "RefCount", -1);
		l->n++;
	}
	json_decref(root);
	return l;
}

static bool
decode_network_obj(struct docker_network *nw, const json_t *o)
{
	const char *id = jstr2(o, "Id", "id"), *k;
	json_t *cfg = jarr(jobj(o, "IPAM"), "Config"), *ct, *e;
	size_t i;

	memset(nw, 0, sizeof *nw);
	if (id == NULL)
		return false;
	nw->id = xstrdup(id);
	nw->name = xstrdup_or_null(jstr2(o, "Name", "name"));
	if (nw->name == NULL)
		nw->name = xstrdup("");
	nw->created = jdup(o, "Created");
	nw->driver = xstrdup_or_null(jstr2(o, "Driver", "driver"));
	nw->scope = jdup(o, "Scope");
	nw->internal = jbool(o, "Internal", false);
	nw->attachable = jbool(o, "Attachable", false);
	nw->ingress = jbool(o, "Ingress", false);
	nw->enable_ipv6 = jbool(o, "EnableIPv6", false);
	if (jlen(cfg) > 0)
		nw->ipam = xcalloc(jlen(cfg), sizeof *nw->ipam);
	json_array_foreach(cfg, i, e)
	{
		struct docker_ipam_config *ic;

		if (!json_is_object(e))
			continue;
		ic = &nw->ipam[nw->n_ipam++];
		ic->subnet = jdupnz(e, "Subnet");
		ic->gateway = jdupnz(e, "Gateway");
		ic->ip_range = jdupnz(e, "IPRange");
	}
	ct = jobj(o, "Containers");
	if (ct != NULL && json_object_size(ct) > 0)
		nw->containers =
		    xcalloc(json_object_size(ct), sizeof *nw->containers);
	json_object_foreach(ct, k, e)
	{
		struct docker_net_container *nc;

		if (!json_is_object(e))
			continue;
		nc = &nw->containers[nw->n_containers++];
		nc->id = xstrdup(k);
		nc->name = jdupdef(e, "Name", "");
		nc->ipv4 = jdupnz(e, "IPv4Address");
		nc->ipv6 = jdupnz(e, "IPv6Address");
		nc->mac = jdupnz(e, "MacAddress");
	}
	jkv(&nw->options, o, "Options");
	jkv(&nw->labels, o, "Labels");
	return true;
}

struct docker_network_list *
decode_network_list(const char *s, size_t n, char **cause)
{
	json_t *root = decode_shape(s, n, "networks", JSON_ARRAY, cause), *e;
	struct docker_network_list *l;
	size_t i;

	if (root == NULL)
		return NULL;
	l = xcalloc(1, sizeof *l);
	if (json_array_size(root) > 0)
		l->v = xcalloc(json_array_size(root), sizeof *l->v);
	json_array_foreach(root, i, e)
	{
		if (json_is_object(e) && decode_network_obj(&l->v[l->n], e))
			l->n++;
	}
	json_decref(root);
	return l;
}

struct docker_network *
decode_network(const char *s, size_t n, char **cause)
{
	json_t *root = decode_shape(s, n, "network", JSON_OBJECT, cause);
	struct docker_network *nw;

	if (root == NULL)
		return NULL;
	nw = xcalloc(1, sizeof *nw);
	if (!decode_network_obj(nw, root)) {
		decode_cause(cause, "network: no Id in the response");
		free(nw);
		nw = NULL;
	}
	json_decref(root);
	return nw;
}

struct docker_info *
decode_info(const char *s, size_t n, char **cause)
{
	json_t *root = decode_shape(s, n, "info", JSON_OBJECT, cause), *sw;
	struct docker_info *in;

	if (root == NULL)
		return NULL;
	in = xcalloc(1, sizeof *in);
	in->id = jdup(root, "ID");
	in->name = jdup(root, "Name");
	in->server_version = jdup(root, "ServerVersion");
	in->containers = ji64(root, "Containers", 0);
	in->running = ji64(root, "ContainersRunning", 0);
	in->paused = ji64(root, "ContainersPaused", 0);
	in->stopped = ji64(root, "ContainersStopped", 0);
	in->images = ji64(root, "Images", 0);
	in->driver = jdup(root, "Driver");
	in->kernel_version = jdup(root, "KernelVersion");
	in->operating_system = jdup(root, "OperatingSystem");
	in->os_version = jdupnz(root, "OSVersion");
	in->os_type = jdup(root, "OSType");
	in->architecture = jdup(root, "Architecture");
	in->ncpu = ji64(root, "NCPU", 0);
	in->mem_total = ji64(root, "MemTotal", 0);
	in->docker_root_dir = jdup(root, "DockerRootDir");
	in->cgroup_driver = jdupnz(root, "CgroupDriver");
	in->cgroup_version = jdupnz(root, "CgroupVersion");
	in->isolation = jdupnz(root, "Isolation");
	in->system_time = jdup(root, "SystemTime");
	sw = jobj(root, "Swarm");
	in->swarm_state = jdupnz(sw, "LocalNodeState");
	in->swarm_manager = jbool(sw, "ControlAvailable", false);
	in->warnings = jstrv(root, "Warnings");
	in->default_runtime = jdupnz(root, "DefaultRuntime");
	json_decref(root);
	return in;
}

struct docker_version *
decode_version(const char *s, size_t n, char **cause)
{
	json_t *root = decode_shape(s, n, "version", JSON_OBJECT, cause), *e;
	struct docker_version *v;
	size_t i;

	if (root == NULL)
		return NULL;
	v = xcalloc(1, sizeof *v);
	v->version = jdup(root, "Version");
	v->api_version = jdup(root, "ApiVersion");
	v->min_api_version = jdup(root, "MinAPIVersion");
	v->os = jdup(root, "Os");
	v->arch = jdup(root, "Arch");
	v->kernel_version = jdup(root, "KernelVersion");
	v->git_commit = jdup(root, "GitCommit");
	v->go_version = jdup(root, "GoVersion");
	v->platform_name = jdupnz(jobj(root, "Platform"), "Name");
	v->experimental = jbool(root, "Experimental", false);
	/* Newer engines only say it in the Engine component, as a string. */
	json_array_foreach(jarr(root, "Components"), i, e)
	{
		const char *name = jstr(e, "Name");

		if (name != NULL && strcmp(name, "Engine") == 0)
			v->experimental = jbool(jobj(e, "Details"),
			    "Experimental", v->experimental);
	}
	json_decref(root);
	return v;
}

static void
decode_df_images(struct docker_df *df, const json_t *a)
{
	size_t i;
	json_t *e;

	if (jlen(a) == 0)
		return;
	df->images = xcalloc(jlen(a), sizeof *df->images);
	json_array_foreach(a, i, e)
	{
		struct docker_df_image *im;

		if (!json_is_object(e))
			continue;
		im = &df->images[df->n_images++];
		im->id = jdupdef(e, "Id", "");
		im->repo_tags = jtags(e, "RepoTags", "<none>:<none>");
		im->created = ji64(e, "Created", 0);
		im->size = ji64(e, "Size", -1);
		im->shared_size = ji64(e, "SharedSize", -1);
		im->containers = ji64(e, "Containers", -1);
	}
}

static void
decode_df_containers(struct docker_df *df, const json_t *a)
{
	size_t i;
	json_t *e;

	if (jlen(a) == 0)
		return;
	df->containers = xcalloc(jlen(a), sizeof *df->containers);
	json_array_foreach(a, i, e)
	{
		struct docker_df_container *c;

		if (!json_is_object(e))
			continue;
		c = &df->containers[df->n_containers++];
		c->id = jdupdef(e, "Id", "");
		c->name = decode_names(json_object_get(e, "Names"));
		c->image = jdup(e, "Image");
		c->state = jdup(e, "State");
		c->size_root_fs = ji64(e, "SizeRootFs", -1);
		c->size_rw =
		    ji64(e, "SizeRw", jhas_number(e, "SizeRootFs") ? 0 : -1);
	}
}

static void
decode_df_volumes(struct docker_df *df, const json_t *a)
{
	size_t i;
	json_t *e;

	if (jlen(a) == 0)
		return;
	df->volumes = xcalloc(jlen(a), sizeof *df->volumes);
	json_array_foreach(a, i, e)
	{
		struct docker_df_volume *v;
		json_t *u = jobj(e, "UsageData");

		if (!json_is_object(e))
			continue;
		v = &df->volumes[df->n_volumes++];
		v->name = jdupdef(e, "Name", "");
		v->driver = jdup(e, "Driver");
		v->size = ji64(u, "Size", -1);
		v->ref_count = ji64(u, "RefCount", -1);
		jkv(&v->labels, e, "Labels");
	}
}

static void
decode_df_cache(struct docker_df *df, const json_t *a)
{
	size_t i;
	json_t *e;

	if (jlen(a) == 0)
		return;
	df->cache = xcalloc(jlen(a), sizeof *df->cache);
	json_array_foreach(a, i, e)
	{
		struct docker_df_cache *c;

		if (!json_is_object(e))
			continue;
		c = &df->cache[df->n_cache++];
		c->id = jdupdef(e, "ID", "");
		c->type = jdup(e, "Type");
		c->description = jdup(e, "Description");
		c->in_use = jbool(e, "InUse", false);
		c->shared = jbool(e, "Shared", false);
		c->size = ji64(e, "Size", -1);
		c->last_used_at = jdup(e, "LastUsedAt");
		c->usage_count = ji64(e, "UsageCount", 0);
	}
}

struct docker_df *
decode_df(const char *s, size_t n, char **cause)
{
	json_t *root = decode_shape(s, n, "disk usage", JSON_OBJECT, cause);
	struct docker_df *df;

	if (root == NULL)
		return NULL;
	df = xcalloc(1, sizeof *df);
	df->layers_size = ji64(root, "LayersSize", -1);
	decode_df_images(df, jarr(root, "Images"));
	decode_df_containers(df, jarr(root, "Containers"));
	decode_df_volumes(df, jarr(root, "Volumes"));
	decode_df_cache(df, jarr(root, "BuildCache"));
	json_decref(root);
	return df;
}

/*
 * Engines before API 1.22 sent only status, id and from; those streams
 * carried container events, and image events without a "from".
 */
static const char *
decode_legacy_type(const json_t *o, const char *action)
{
	static const char *const image_actions[] = {
	    "delete",
	    "import",
	    "load",
	    "pull",
	    "push",
	    "save",
	    "tag",
	    "untag",
	};

	if (jstr(o, "from") == NULL) {
		for (size_t i = 0;
		     i < sizeof image_actions / sizeof image_actions[0]; i++) {
			if (strcmp(action, image_actions[i]) == 0)
				return "image";
		}
	}
	return "container";
}

struct docker_event *
decode_event(const char *s, size_t n, char **cause)
{
	json_t *root = decode_shape(s, n, "event", JSON_OBJECT, cause), *actor;
	struct docker_event *e;
	const char *action, *type, *id, *from;

	if (root == NULL)
		return NULL;
	action = jstr(root, "Action");
	if (action == NULL)
		action = jstr(root, "status");
	if (action == NULL) {
		decode_cause(cause, "event: no Action or status");
		json_decref(root);
		return NULL;
	}
	e = xcalloc(1, sizeof *e);
	type = jstr(root, "Type");
	e->type = xstrdup(type ? type : decode_legacy_type(root, action));
	e->action = xstrdup(action);
	actor = jobj(root, "Actor");
	id = jstr(actor, "ID");
	if (id == NULL)
		id = jstr(root, "id");
	e->actor_id = xstrdup(id ? id : "");
	jkv(&e->attrs, actor, "Attributes");
	from = jstr(root, "from");
	if (from != NULL && kvlist_get(&e->attrs, "image") == NULL) {
		e->attrs.v = xreallocarray(
		    e->attrs.v, e->attrs.n + 1, sizeof *e->attrs.v);
		decode_kv_set(
		    &e->attrs.v[e->attrs.n++], "image", xstrdup(from));
	}
	e->scope = jdupnz(root, "scope");
	e->time = ji64(root, "time", 0);
	e->time_nano = ji64(root, "timeNano", 0);
	if (e->time_nano == 0 && e->time > 0 &&
	    e->time <= INT64_MAX / 1000000000)
		e->time_nano = e->time * 1000000000;
	else if (e->time == 0 && e->time_nano > 0)
		e->time = e->time_nano / 1000000000;
	json_decref(root);
	return e;
}

struct docker_exec *
decode_exec(const char *s, size_t n, char **cause)
{
	json_t *root = decode_shape(s, n, "exec", JSON_OBJECT, cause), *pc;
	struct docker_exec *x;
	const char *id;

	if (root == NULL)
		return NULL;
	if ((id = jstr2(root, "ID", "Id")) == NULL) {
		decode_cause(cause, "exec: no ID in the response");
		json_decref(root);
		return NULL;
	}
	x = xcalloc(1, sizeof *x);
	x->id = xstrdup(id);
	x->container_id = jdup(root, "ContainerID");
	x->running = jbool(root, "Running", false);
	/* null until the process has exited. */
	x->exit_code = jint(root, "ExitCode", -1);
	x->pid = jint(root, "Pid", 0);
	x->open_stdin = jbool(root, "OpenStdin", false);
	pc = jobj(root, "ProcessConfig");
	x->tty = jbool(pc, "tty", false);
	x->user = jdupnz(pc, "user");
	x->entrypoint = jdup(pc, "entrypoint");
	x->arguments = jstrv(pc, "arguments");
	x->privileged = jbool(pc, "privileged", false);
	json_decref(root);
	return x;
}

/* A row of strings; numbers (podman) as their text, a lone string as one. */
static char **
decode_row(const json_t *r)
{
	char **v = NULL;
	size_t n = 0, i;
	json_t *e;

	if (!json_is_array(r)) {
		decode_strv_push(&v, &n, decode_scalar(r));
		return v;
	}
	json_array_foreach(r, i, e)
	{
		if (!json_is_object(e) && !json_is_array(e))
			decode_strv_push(&v, &n, decode_scalar(e));
	}
	return v ? v : decode_strv_empty();
}

struct docker_top *
decode_top(const char *s, size_t n, char **cause)
{
	json_t *root = decode_shape(s, n, "top", JSON_OBJECT, cause), *a;
	json_t *e;
	struct docker_top *t;
	size_t i;

	if (root == NULL)
		return NULL;
	t = xcalloc(1, sizeof *t);
	a = json_object_get(root, "Titles");
	t->titles = json_is_array(a) ? decode_row(a) : decode_strv_empty();
	a = jarr(root, "Processes");
	if (jlen(a) > 0)
		t->rows = xcalloc(jlen(a), sizeof *t->rows);
	json_array_foreach(a, i, e)
	{
		if (json_is_array(e) || json_is_string(e))
			t->rows[t->n_rows++] = decode_row(e);
	}
	json_decref(root);
	return t;
}

/* Sums the read and write bytes; cgroup v1 says "Read", v2 says "read". */
static void
decode_blkio(struct docker_stats *st, const json_t *a)
{
	size_t i;
	json_t *e;

	json_array_foreach(a, i, e)
	{
		const char *op = jstr(e, "op");
		uint64_t v = ju64(e, "value");

		if (op == NULL)
			continue;
		if (strcasecmp(op, "read") == 0)
			st->blk_read += v;
		else if (strcasecmp(op, "write") == 0)
			st->blk_write += v;
	}
}

struct docker_stats *
decode_stats(const char *s, size_t n, char **cause)
{
	json_t *root = decode_shape(s, n, "stats", JSON_OBJECT, cause);
	json_t *cpu, *pre, *mem, *ms, *nets, *e;
	struct docker_stats *st;
	const char *k;

	if (root == NULL)
		return NULL;
	st = xcalloc(1, sizeof *st);
	st->read = jdup(root, "read");
	cpu = jobj(root, "cpu_stats");
	pre = jobj(root, "precpu_stats");
	st->cpu_total = ju64(jobj(cpu, "cpu_usage"), "total_usage");
	st->system_cpu = ju64(cpu, "system_cpu_usage");
	st->pre_cpu_total = ju64(jobj(pre, "cpu_usage"), "total_usage");
	st->pre_system_cpu = ju64(pre, "system_cpu_usage");
	st->online_cpus = jint(cpu, "online_cpus", 0);
	if (st->online_cpus <= 0) {
		size_t np = jlen(jarr(jobj(cpu, "cpu_usage"), "percpu_usage"));

		st->online_cpus = np > INT_MAX ? INT_MAX : (int)np;
	}

	mem = jobj(root, "memory_stats");
	st->mem_usage = ju64(mem, "usage");
	/* Windows has no usage; its private working set is the closest. */
	if (!jhas_number(mem, "usage"))
		st->mem_usage = ju64(mem, "privateworkingset");
	st->mem_limit = ju64(mem, "limit");
	ms = jobj(mem, "stats");
	if (jhas_number(ms, "total_inactive_file"))
		st->mem_inactive_file = ju64(ms, "total_inactive_file");
	else
		st->mem_inactive_file = ju64(ms, "inactive_file");

	/* API < 1.21 had a single "network" object. */
	nets = jobj(root, "networks");
	if (nets != NULL) {
		json_object_foreach(nets, k, e)
		{
			st->net_rx += ju64(e, "rx_bytes");
			st->net_tx += ju64(e, "tx_bytes");
		}
	} else {
		st->net_rx = ju64(jobj(root, "network"), "rx_bytes");
		st->net_tx = ju64(jobj(root, "network"), "tx_bytes");
	}
	decode_blkio(
	    st, jarr(jobj(root, "blkio_stats"), "io_service_bytes_recursive"));
	/* Windows counts its disk traffic in storage_stats instead. */
	if (st->blk_read == 0 && st->blk_write == 0) {
		json_t *ss = jobj(root, "storage_stats");

		st->blk_read = ju64(ss, "read_size_bytes");
		st->blk_write = ju64(ss, "write_size_bytes");
	}
	st->pids = ju64(jobj(root, "pids_stats"), "current");
	json_decref(root);
	return st;
}

struct docker_progress *
decode_progress(const char *s, size_t n, char **cause)
{
	json_t *root = decode_shape(s, n, "progress", JSON_OBJECT, cause);
	json_t *pd;
	struct docker_progress *p;
	const char *err;

	if (root == NULL)
		return NULL;
	p = xcalloc(1, sizeof *p);
	p->id = jdupnz(root, "id");
	p->status = jdup(root, "status");
	p->progress = jdupnz(root, "progress");
	pd = jobj(root, "progressDetail");
	p->current = ji64(pd, "current", 0);
	p->total = ji64(pd, "total", 0);
	err = jstr(jobj(root, "errorDetail"), "message");
	if (err == NULL || *err == '\0')
		err = jstr(root, "error");
	/* An error with no text is still an error. */
	if (err == NULL && json_object_get(root, "error") != NULL)
		err = "unknown error";
	p->error = xstrdup_or_null(err);
	json_decref(root);
	return p;
}

static void
decode_push_names(char ***v, size_t *n, const json_t *a)
{
	size_t i;
	json_t *e;

	json_array_foreach(a, i, e)
	{
		if (json_is_string(e))
			decode_strv_push(v, n, xstrdup(json_string_value(e)));
	}
}

struct docker_prune_report *
decode_prune_report(const char *s, size_t n, char **cause)
{
	json_t *root = decode_shape(s, n, "prune report", JSON_OBJECT, cause);
	json_t *e;
	struct docker_prune_report *r;
	char **v = NULL;
	size_t nv = 0, i;

	if (root == NULL)
		return NULL;
	r = xcalloc(1, sizeof *r);
	decode_push_names(&v, &nv, jarr(root, "ContainersDeleted"));
	json_array_foreach(jarr(root, "ImagesDeleted"), i, e)
	{
		const char *name = jstr(e, "Untagged");

		if (name == NULL)
			name = jstr(e, "Deleted");
		if (name != NULL)
			decode_strv_push(&v, &nv, xstrdup(name));
	}
	decode_push_names(&v, &nv, jarr(root, "VolumesDeleted"));
	decode_push_names(&v, &nv, jarr(root, "NetworksDeleted"));
	decode_push_names(&v, &nv, jarr(root, "CachesDeleted"));
	r->deleted = v ? v : decode_strv_empty();
	r->space_reclaimed = ji64(root, "SpaceReclaimed", 0);
	json_decref(root);
	return r;
}

char *
decode_id(const char *s, size_t n, char **cause)
{
	json_t *root = decode_shape(s, n, "id", JSON_OBJECT, cause);
	const char *id;
	char *r = NULL;

	if (root == NULL)
		return NULL;
	id = jstr2(root, "Id", "ID");
	if (id != NULL && *id != '\0')
		r = xstrdup(id);
	else
		decode_cause(cause, "id: no Id in the response");
	json_decref(root);
	return r;
}

/*
 * Trims blanks around s[0..n) and keeps at most DECODE_ERROR_MAX bytes,
 * cutting only between UTF-8 sequences. A body that is not JSON (a proxy's
 * page) only gives its first line. NULL when nothing is left.
 */
static char *
decode_trim(const char *s, size_t n, bool first_line)
{
	size_t a = 0, b;

	while (a < n && (isspace((unsigned char)s[a]) || s[a] == '\0'))
		a++;
	b = a;
	while (b < n && s[b] != '\0' &&
	       !(first_line && (s[b] == '\n' || s[b] == '\r')))
		b++;
	while (b > a && isspace((unsigned char)s[b - 1]))
		b--;
	if (b - a > DECODE_ERROR_MAX) {
		b = a + DECODE_ERROR_MAX;
		while (b > a && ((unsigned char)s[b] & 0xc0) == 0x80)
			b--;
	}
	return b > a ? xstrndup(s + a, b - a) : NULL;
}

/* docker: message; podman: message, with cause as a shorter fallback. */
static const char *
decode_error_field(const json_t *root)
{
	static const char *const keys[] = {"message", "cause", "error"};
	const char *m;

	if (json_is_string(root))
		return json_string_value(root);
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		m = jstr(root, keys[i]);
		if (m != NULL && *m != '\0')
			return m;
	}
	return jstr(jobj(root, "errorDetail"), "message");
}

char *
decode_error_message(const char *s, size_t n, long http_status)
{
	json_t *root = NULL;
	const char *m;
	char *r = NULL;

	if (s == NULL)
		n = 0;
	if (n > 0)
		root = json_loadb(s, n, JSON_DECODE_ANY, NULL);
	if (json_is_object(root) || json_is_string(root)) {
		m = decode_error_field(root);
		if (m != NULL)
			r = decode_trim(m, strlen(m), false);
	} else if (n > 0) {
		r = decode_trim(s, n, true);
	}
	json_decref(root);
	return r ? r : xasprintf("HTTP %ld", http_status);
}

char *
decode_pretty(const char *s, size_t n, char **cause)
{
	json_t *root = decode_parse(s, n, "JSON", cause);
	char *out, *r;

	if (root == NULL)
		return NULL;
	out = json_dumps(
	    root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
	json_decref(root);
	if (out == NULL) {
		decode_cause(cause, "JSON: cannot print the document");
		return NULL;
	}
	r = xstrdup(out);
	free(out);
	return r;
}
