/*
 * Decoders of Docker objects (the container, image, volume and network
 * lists, their inspect documents, image history, exec and top) and of
 * documents that are no object: ids, error bodies and any document to
 * pretty-print. Reading JSON is in decode_json.c, engine reports in
 * decode_system.c and streamed documents in decode_stream.c.
 */

#include "api/decode.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "api/decode_json.h"
#include "api/xalloc.h"

/* Error bodies can be whole pages from a proxy; the status bar wants a line. */
#define DECODE_ERROR_MAX 512

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
		d->endpoint_id = jdupnz(e, "EndpointID");
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

static bool
decode_mount(void *item, const json_t *e)
{
	struct docker_mount *m = item;

	m->type = jdup(e, "Type");
	m->name = jdupnz(e, "Name");
	m->source = jdup(e, "Source");
	m->destination = jdup(e, "Destination");
	m->mode = jdup(e, "Mode");
	m->rw = jbool(e, "RW", false);
	return true;
}

static bool
decode_port(void *item, const json_t *e)
{
	struct docker_port *p = item;

	p->ip = jdupnz(e, "IP");
	p->private_port = jint(e, "PrivatePort", 0);
	p->public_port = jint(e, "PublicPort", 0);
	p->type = jdupdef(e, "Type", "tcp");
	return true;
}

static bool
decode_container(void *item, const json_t *o)
{
	struct docker_container *c = item;
	const char *id = jstr2(o, "Id", "ID");

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
	c->ports = decode_items(
	    jarr(o, "Ports"), sizeof *c->ports, decode_port, &c->n_ports);
	jkv(&c->labels, o, "Labels");
	/* The engine leaves out a zero SizeRw even when sizes were asked. */
	c->size_root_fs = ji64(o, "SizeRootFs", -1);
	c->size_rw = ji64(o, "SizeRw", jhas_number(o, "SizeRootFs") ? 0 : -1);
	decode_endpoints(
	    jobj(jobj(o, "NetworkSettings"), "Networks"), &c->nets, &c->n_nets);
	c->mounts = decode_items(
	    jarr(o, "Mounts"), sizeof *c->mounts, decode_mount, &c->n_mounts);
	c->network_mode = jdup(jobj(o, "HostConfig"), "NetworkMode");
	return true;
}

struct docker_container_list *
decode_container_list(const char *s, size_t n, char **cause)
{
	json_t *root = decode_shape(s, n, "containers", JSON_ARRAY, cause);
	struct docker_container_list *l;

	if (root == NULL)
		return NULL;
	l = xcalloc(1, sizeof *l);
	l->v = decode_items(root, sizeof *l->v, decode_container, &l->n);
	json_decref(root);
	return l;
}

static bool
decode_health_log(void *item, const json_t *e)
{
	struct docker_health_log *l = item;

	l->start = jdup(e, "Start");
	l->end = jdup(e, "End");
	l->exit_code = jint(e, "ExitCode", -1);
	l->output = jdup(e, "Output");
	return true;
}

static void
decode_health(struct docker_container_detail *c, const json_t *h)
{
	if (h == NULL)
		return;
	c->health_status = jdupdef(h, "Status", "");
	c->health_failing_streak = jint(h, "FailingStreak", 0);
	c->health_log = decode_items(jarr(h, "Log"), sizeof *c->health_log,
	    decode_health_log, &c->n_health_log);
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
	c->mounts = decode_items(jarr(root, "Mounts"), sizeof *c->mounts,
	    decode_mount, &c->n_mounts);
	ns = jobj(root, "NetworkSettings");
	decode_endpoints(jobj(ns, "Networks"), &c->nets, &c->n_nets);
	decode_bindings(jobj(ns, "Ports"), &c->ports, &c->n_ports);
	json_decref(root);
	return c;
}

static bool
decode_image(void *item, const json_t *e)
{
	struct docker_image *im = item;
	const char *id = jstr2(e, "Id", "ID");

	if (id == NULL)
		return false;
	im->id = xstrdup(id);
	im->parent_id = jdupnz(e, "ParentId");
	im->repo_tags = jtags(e, "RepoTags", "<none>:<none>");
	im->repo_digests = jtags(e, "RepoDigests", "<none>@<none>");
	im->created = ji64(e, "Created", 0);
	im->size = ji64(e, "Size", -1);
	im->shared_size = ji64(e, "SharedSize", -1);
	im->containers = ji64(e, "Containers", -1);
	jkv(&im->labels, e, "Labels");
	return true;
}

struct docker_image_list *
decode_image_list(const char *s, size_t n, char **cause)
{
	json_t *root = decode_shape(s, n, "images", JSON_ARRAY, cause);
	struct docker_image_list *l;

	if (root == NULL)
		return NULL;
	l = xcalloc(1, sizeof *l);
	l->v = decode_items(root, sizeof *l->v, decode_image, &l->n);
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

static bool
decode_history_entry(void *item, const json_t *e)
{
	struct docker_history_entry *he = item;

	he->id = jdupdef(e, "Id", "<missing>");
	he->created = ji64(e, "Created", 0);
	he->created_by = jdupdef(e, "CreatedBy", "");
	he->tags = jtags(e, "Tags", "<none>:<none>");
	he->size = ji64(e, "Size", -1);
	he->comment = jdupdef(e, "Comment", "");
	return true;
}

struct docker_history *
decode_history(const char *s, size_t n, char **cause)
{
	json_t *root = decode_shape(s, n, "history", JSON_ARRAY, cause);
	struct docker_history *h;

	if (root == NULL)
		return NULL;
	h = xcalloc(1, sizeof *h);
	h->v = decode_items(root, sizeof *h->v, decode_history_entry, &h->n);
	json_decref(root);
	return h;
}

static bool
decode_volume(void *item, const json_t *e)
{
	struct docker_volume *v = item;
	const char *name = jstr(e, "Name");
	json_t *u = jobj(e, "UsageData");

	if (name == NULL)
		return false;
	v->name = xstrdup(name);
	v->driver = jdup(e, "Driver");
	v->mountpoint = jdup(e, "Mountpoint");
	v->created_at = jdup(e, "CreatedAt");
	v->scope = jdup(e, "Scope");
	jkv(&v->labels, e, "Labels");
	jkv(&v->options, e, "Options");
	v->size = ji64(u, "Size", -1);
	v->ref_count = ji64(u, "RefCount", -1);
	return true;
}

struct docker_volume_list *
decode_volume_list(const char *s, size_t n, char **cause)
{
	json_t *root = decode_parse(s, n, "volumes", cause), *a;
	struct docker_volume_list *l;

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
	l->v = decode_items(a, sizeof *l->v, decode_volume, &l->n);
	json_decref(root);
	return l;
}

static bool
decode_ipam(void *item, const json_t *e)
{
	struct docker_ipam_config *ic = item;

	ic->subnet = jdupnz(e, "Subnet");
	ic->gateway = jdupnz(e, "Gateway");
	ic->ip_range = jdupnz(e, "IPRange");
	return true;
}

/* One network of the list, or the inspected one; item is zeroed. */
static bool
decode_network_obj(void *item, const json_t *o)
{
	struct docker_network *nw = item;
	const char *id = jstr2(o, "Id", "id"), *k;
	json_t *ct, *e;

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
	nw->ipam = decode_items(jarr(jobj(o, "IPAM"), "Config"),
	    sizeof *nw->ipam, decode_ipam, &nw->n_ipam);
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
	json_t *root = decode_shape(s, n, "networks", JSON_ARRAY, cause);
	struct docker_network_list *l;

	if (root == NULL)
		return NULL;
	l = xcalloc(1, sizeof *l);
	l->v = decode_items(root, sizeof *l->v, decode_network_obj, &l->n);
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
