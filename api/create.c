/* JSON bodies for the create calls and the filters query, from plain structs. */

#include "api/create.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "api/xalloc.h"

/*
 * Builds with a sticky failure: the first string that is not UTF-8 is
 * remembered and the result is thrown away at the end, so the builders
 * need no error path of their own.
 */
struct create_ctx {
	const char *bad; /* the field that failed, or NULL */
};

static json_t *create_str(struct create_ctx *, const char *field, const char *);
static json_t *create_strv(
    struct create_ctx *, const char *field, char *const *);
static json_t *create_kv_object(
    struct create_ctx *, const char *field, const struct kvlist *);
static void create_set(
    struct create_ctx *, json_t *o, const char *key, json_t *v);
static char *create_finish(struct create_ctx *, json_t *, char **cause);

void
create_spec_init(struct docker_create_spec *s)
{
	memset(s, 0, sizeof *s);
}

void
create_spec_done(struct docker_create_spec *s)
{
	if (s == NULL)
		return;
	free(s->image);
	strv_free(s->cmd);
	strv_free(s->entrypoint);
	strv_free(s->env);
	for (size_t i = 0; i < s->n_ports; i++) {
		free(s->ports[i].host_ip);
		free(s->ports[i].host_port);
		free(s->ports[i].container_port);
		free(s->ports[i].proto);
	}
	free(s->ports);
	for (size_t i = 0; i < s->n_mounts; i++) {
		free(s->mounts[i].type);
		free(s->mounts[i].source);
		free(s->mounts[i].target);
	}
	free(s->mounts);
	free(s->network);
	free(s->restart);
	free(s->working_dir);
	free(s->user);
	kvlist_free(&s->labels);
	memset(s, 0, sizeof *s);
}

void
create_kv_add(struct kvlist *l, const char *key, const char *value)
{
	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	l->v[l->n].key = xstrdup(key);
	l->v[l->n].value = xstrdup(value != NULL ? value : "");
	l->n++;
}

static json_t *
create_str(struct create_ctx *c, const char *field, const char *s)
{
	json_t *v = json_string(s != NULL ? s : "");

	if (v == NULL) {
		if (c->bad == NULL)
			c->bad = field;
		return json_null();
	}
	return v;
}

static json_t *
create_strv(struct create_ctx *c, const char *field, char *const *v)
{
	json_t *a = json_array();

	for (size_t i = 0; v != NULL && v[i] != NULL; i++)
		json_array_append_new(a, create_str(c, field, v[i]));
	return a;
}

static json_t *
create_kv_object(
    struct create_ctx *c, const char *field, const struct kvlist *l)
{
	json_t *o = json_object();

	for (size_t i = 0; i < l->n; i++) {
		json_t *v = create_str(c, field, l->v[i].value);

		/* Keys come from the user: a bad one names the field. */
		if (json_object_set_new(o, l->v[i].key, v) != 0 &&
		    c->bad == NULL)
			c->bad = field;
	}
	return o;
}

/*
 * Sets o[key] = v and steals v; a key that is not UTF-8 (labels and
 * options come from the user) fails the build.
 */
static void
create_set(struct create_ctx *c, json_t *o, const char *key, json_t *v)
{
	if (v == NULL)
		v = json_null();
	if (json_object_set_new(o, key, v) != 0 && c->bad == NULL)
		c->bad = key;
}

static char *
create_finish(struct create_ctx *c, json_t *root, char **cause)
{
	char *s = NULL, *out;

	if (c->bad != NULL) {
		if (cause)
			*cause = xasprintf("%s: not valid UTF-8", c->bad);
		json_decref(root);
		return NULL;
	}
	s = json_dumps(root, JSON_COMPACT);
	json_decref(root);
	if (s == NULL) {
		if (cause)
			*cause = xstrdup("cannot encode the request");
		return NULL;
	}
	/* Hand back memory from our allocator, not jansson's. */
	out = xstrdup(s);
	free(s);
	return out;
}

static json_t *
create_host_config(struct create_ctx *c, const struct docker_create_spec *s)
{
	json_t *hc = json_object(), *pb = json_object(), *mounts, *rp;

	for (size_t i = 0; i < s->n_ports; i++) {
		const struct docker_port_spec *p = &s->ports[i];
		char *key = xasprintf(
		    "%s/%s", p->container_port, p->proto ? p->proto : "tcp");
		json_t *b = json_object(), *arr = json_object_get(pb, key);

		create_set(c, b, "HostIp", create_str(c, "ports", p->host_ip));
		create_set(
		    c, b, "HostPort", create_str(c, "ports", p->host_port));
		if (arr == NULL) {
			create_set(c, pb, key, json_array());
			arr = json_object_get(pb, key);
		}
		if (arr != NULL)
			json_array_append_new(arr, b);
		else
			json_decref(b);
		free(key);
	}
	create_set(c, hc, "PortBindings", pb);

	mounts = json_array();
	for (size_t i = 0; i < s->n_mounts; i++) {
		const struct docker_mount_spec *m = &s->mounts[i];
		json_t *o = json_object();

		create_set(c, o, "Type", create_str(c, "mounts", m->type));
		if (m->source != NULL)
			create_set(
			    c, o, "Source", create_str(c, "mounts", m->source));
		create_set(c, o, "Target", create_str(c, "mounts", m->target));
		create_set(c, o, "ReadOnly", json_boolean(m->read_only));
		json_array_append_new(mounts, o);
	}
	create_set(c, hc, "Mounts", mounts);

	if (s->network != NULL)
		create_set(
		    c, hc, "NetworkMode", create_str(c, "network", s->network));
	rp = json_object();
	create_set(c, rp, "Name",
	    create_str(c, "restart", s->restart ? s->restart : "no"));
	create_set(c, rp, "MaximumRetryCount", json_integer(s->restart_max));
	create_set(c, hc, "RestartPolicy", rp);
	create_set(c, hc, "AutoRemove", json_boolean(s->auto_remove));
	create_set(c, hc, "Memory", json_integer(s->memory));
	create_set(c, hc, "NanoCpus", json_integer(s->nano_cpus));
	return hc;
}

char *
create_spec_json(const struct docker_create_spec *s, char **cause)
{
	struct create_ctx c = {NULL};
	json_t *root = json_object(), *exposed = json_object();

	create_set(&c, root, "Image", create_str(&c, "image", s->image));
	if (s->cmd != NULL)
		create_set(&c, root, "Cmd", create_strv(&c, "command", s->cmd));
	if (s->entrypoint != NULL)
		create_set(&c, root, "Entrypoint",
		    create_strv(&c, "entrypoint", s->entrypoint));
	create_set(&c, root, "Env", create_strv(&c, "environment", s->env));
	if (s->working_dir != NULL)
		create_set(&c, root, "WorkingDir",
		    create_str(&c, "working dir", s->working_dir));
	if (s->user != NULL)
		create_set(&c, root, "User", create_str(&c, "user", s->user));
	create_set(&c, root, "Tty", json_boolean(s->tty));
	create_set(&c, root, "OpenStdin", json_boolean(s->open_stdin));
	create_set(&c, root, "StdinOnce", json_false());
	create_set(&c, root, "AttachStdin", json_boolean(s->open_stdin));
	create_set(&c, root, "AttachStdout", json_true());
	create_set(&c, root, "AttachStderr", json_true());
	create_set(
	    &c, root, "Labels", create_kv_object(&c, "labels", &s->labels));
	for (size_t i = 0; i < s->n_ports; i++) {
		char *key = xasprintf("%s/%s", s->ports[i].container_port,
		    s->ports[i].proto ? s->ports[i].proto : "tcp");

		create_set(&c, exposed, key, json_object());
		free(key);
	}
	create_set(&c, root, "ExposedPorts", exposed);
	create_set(&c, root, "HostConfig", create_host_config(&c, s));
	return create_finish(&c, root, cause);
}

char *
create_volume_json(const struct docker_volume_spec *v, char **cause)
{
	struct create_ctx c = {NULL};
	json_t *root = json_object();

	if (v->name != NULL)
		create_set(&c, root, "Name", create_str(&c, "name", v->name));
	create_set(&c, root, "Driver",
	    create_str(&c, "driver", v->driver ? v->driver : "local"));
	create_set(&c, root, "DriverOpts",
	    create_kv_object(&c, "options", &v->options));
	create_set(
	    &c, root, "Labels", create_kv_object(&c, "labels", &v->labels));
	return create_finish(&c, root, cause);
}

char *
create_network_json(const struct docker_network_spec *n, char **cause)
{
	struct create_ctx c = {NULL};
	json_t *root = json_object(), *ipam = json_object();
	json_t *cfg = json_array();

	create_set(&c, root, "Name", create_str(&c, "name", n->name));
	create_set(&c, root, "CheckDuplicate", json_true());
	create_set(&c, root, "Driver",
	    create_str(&c, "driver", n->driver ? n->driver : "bridge"));
	create_set(&c, root, "Internal", json_boolean(n->internal));
	if (n->subnet != NULL) {
		json_t *one = json_object();

		create_set(
		    &c, one, "Subnet", create_str(&c, "subnet", n->subnet));
		if (n->gateway != NULL)
			create_set(&c, one, "Gateway",
			    create_str(&c, "gateway", n->gateway));
		json_array_append_new(cfg, one);
	}
	create_set(&c, ipam, "Driver", json_string("default"));
	create_set(&c, ipam, "Config", cfg);
	create_set(&c, root, "IPAM", ipam);
	create_set(
	    &c, root, "Options", create_kv_object(&c, "options", &n->options));
	create_set(
	    &c, root, "Labels", create_kv_object(&c, "labels", &n->labels));
	return create_finish(&c, root, cause);
}

char *
create_filters_json(const struct kvlist *l, char **cause)
{
	struct create_ctx c = {NULL};
	json_t *root = json_object();

	for (size_t i = 0; l != NULL && i < l->n; i++) {
		json_t *set = json_object_get(root, l->v[i].key);

		if (set == NULL) {
			create_set(&c, root, l->v[i].key, json_object());
			set = json_object_get(root, l->v[i].key);
		}
		if (set == NULL ||
		    json_object_set_new(set, l->v[i].value, json_true()) != 0) {
			if (c.bad == NULL)
				c.bad = "filters";
		}
	}
	return create_finish(&c, root, cause);
}

char *
create_event_json(const struct docker_event *e, char **cause)
{
	struct create_ctx c = {NULL};
	json_t *root = json_object(), *actor = json_object();

	create_set(&c, root, "Type", create_str(&c, "Type", e->type));
	create_set(&c, root, "Action", create_str(&c, "Action", e->action));
	create_set(&c, actor, "ID", create_str(&c, "Actor.ID", e->actor_id));
	create_set(&c, actor, "Attributes",
	    create_kv_object(&c, "Actor.Attributes", &e->attrs));
	create_set(&c, root, "Actor", actor);
	create_set(&c, root, "scope", create_str(&c, "scope", e->scope));
	create_set(&c, root, "time", json_integer((json_int_t)e->time));
	create_set(
	    &c, root, "timeNano", json_integer((json_int_t)e->time_nano));
	return create_finish(&c, root, cause);
}
