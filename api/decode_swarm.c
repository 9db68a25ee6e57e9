/*
 * Decoders of swarm documents (the swarm, nodes, services, tasks, secrets
 * and configs), the specs berth sends back to update a node or a service,
 * the create body of a secret or config, the expiry of the swarm's CA
 * certificate, and the id prefix of a service's log lines.
 */

#include "api/decode_swarm.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "api/auth.h"
#include "api/decode_json.h"
#include "api/rfc3339.h"
#include "api/xalloc.h"

#define SWARM_STACK_LABEL "com.docker.stack.namespace"

static int64_t
swarm_version(const json_t *o)
{
	return ji64(jobj(o, "Version"), "Index", 0);
}

/* ---- the CA certificate's expiry: just enough DER to reach it ---- */

/*
 * Reads the tag and length of the DER element at *p (< end); the
 * contents are [*p, *p + *len) afterwards. False when malformed.
 */
static bool
swarm_der(
    const unsigned char **p, const unsigned char *end, int *tag, size_t *len)
{
	const unsigned char *q = *p;
	size_t n;

	if (end - q < 2)
		return false;
	*tag = *q++;
	n = *q++;
	if (n & 0x80) {
		size_t bytes = n & 0x7f;

		if (bytes == 0 || bytes > 4 || (size_t)(end - q) < bytes)
			return false;
		n = 0;
		while (bytes--)
			n = (n << 8) | *q++;
	}
	if ((size_t)(end - q) < n)
		return false;
	*p = q;
	*len = n;
	return true;
}

/* "YYMMDDhhmmssZ" (UTCTime) or "YYYYMMDDhhmmssZ" (GeneralizedTime). */
static int64_t
swarm_der_time(int tag, const unsigned char *s, size_t len)
{
	struct rfc3339 t;
	size_t yl = tag == 0x17 ? 2 : 4;
	int v[6];

	if ((tag != 0x17 && tag != 0x18) || len < yl + 10)
		return 0;
	for (size_t i = 0; i < yl + 10; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	v[0] = 0;
	for (size_t i = 0; i < yl; i++)
		v[0] = v[0] * 10 + (s[i] - '0');
	if (yl == 2)
		v[0] += v[0] < 50 ? 2000 : 1900;
	for (int i = 1; i < 6; i++)
		v[i] = (s[yl + 2 * (i - 1)] - '0') * 10 +
		       (s[yl + 2 * (i - 1) + 1] - '0');
	memset(&t, 0, sizeof t);
	t.year = v[0];
	t.month = v[1];
	t.day = v[2];
	t.hour = v[3];
	t.min = v[4];
	t.sec = v[5];
	t.zoned = true;
	return rfc3339_seconds(&t);
}

/* Certificate > tbsCertificate > [version] serial sig issuer validity. */
static int64_t
swarm_der_not_after(const unsigned char *p, size_t n)
{
	const unsigned char *end = p + n, *tend;
	int tag;
	size_t len;

	if (!swarm_der(&p, end, &tag, &len) || tag != 0x30)
		return 0;
	end = p + len;
	if (!swarm_der(&p, end, &tag, &len) || tag != 0x30)
		return 0;
	tend = p + len;
	if (!swarm_der(&p, tend, &tag, &len))
		return 0;
	if (tag == 0xa0) { /* the explicit version: skip it */
		p += len;
		if (!swarm_der(&p, tend, &tag, &len))
			return 0;
	}
	/* p is at the serial number's contents: skip it, sig and issuer. */
	for (int i = 0; i < 3; i++) {
		p += len;
		if (!swarm_der(&p, tend, &tag, &len))
			return 0;
	}
	if (tag != 0x30) /* validity */
		return 0;
	tend = p + len;
	if (!swarm_der(&p, tend, &tag, &len)) /* notBefore */
		return 0;
	p += len;
	if (!swarm_der(&p, tend, &tag, &len)) /* notAfter */
		return 0;
	return swarm_der_time(tag, p, len);
}

int64_t
swarm_pem_not_after(const char *pem)
{
	static const char begin[] = "-----BEGIN CERTIFICATE-----";
	const char *s = pem ? strstr(pem, begin) : NULL, *e;
	char *b64, *der;
	size_t n = 0, len;
	int64_t t;

	if (s == NULL)
		return 0;
	s += sizeof begin - 1;
	e = strstr(s, "-----END");
	if (e == NULL)
		return 0;
	b64 = xmalloc((size_t)(e - s) + 1);
	for (const char *c = s; c < e; c++)
		if (*c != '\n' && *c != '\r' && *c != ' ' && *c != '\t')
			b64[n++] = *c;
	b64[n] = '\0';
	der = auth_unbase64(b64, &len);
	free(b64);
	if (der == NULL)
		return 0;
	t = swarm_der_not_after((const unsigned char *)der, len);
	free(der);
	return t;
}

struct docker_swarm *
decode_swarm(const char *s, size_t n, char **cause)
{
	json_t *root = decode_shape(s, n, "swarm", JSON_OBJECT, cause);
	json_t *spec;
	struct docker_swarm *sw;

	if (root == NULL)
		return NULL;
	sw = xcalloc(1, sizeof *sw);
	spec = jobj(root, "Spec");
	sw->id = jdupnz(root, "ID");
	sw->created = jdupnz(root, "CreatedAt");
	sw->updated = jdupnz(root, "UpdatedAt");
	sw->heartbeat_ns = ji64(jobj(spec, "Dispatcher"), "HeartbeatPeriod", 0);
	sw->node_cert_expiry_ns =
	    ji64(jobj(spec, "CAConfig"), "NodeCertExpiry", 0);
	sw->trust_root = jdupnz(jobj(root, "TLSInfo"), "TrustRoot");
	sw->ca_not_after = swarm_pem_not_after(sw->trust_root);
	/* JoinTokens are left in the JSON: a token joins a node. */
	json_decref(root);
	return sw;
}

/* ---- nodes ---- */

static bool
decode_node(void *item, const json_t *o)
{
	struct docker_node *nd = item;
	const json_t *spec = jobj(o, "Spec"), *desc = jobj(o, "Description");
	const json_t *st = jobj(o, "Status"), *ms = jobj(o, "ManagerStatus");
	const json_t *res = jobj(desc, "Resources");

	if (jstr(o, "ID") == NULL)
		return false;
	nd->id = jdup(o, "ID");
	nd->version = swarm_version(o);
	nd->hostname = jdupdef(desc, "Hostname", "");
	nd->role = jdupdef(spec, "Role", "");
	nd->availability = jdupdef(spec, "Availability", "");
	nd->state = jdupdef(st, "State", "");
	nd->message = jdupnz(st, "Message");
	nd->addr = jdupdef(st, "Addr", "");
	nd->manager = ms != NULL;
	nd->leader = jbool(ms, "Leader", false);
	nd->reachability = jdupnz(ms, "Reachability");
	nd->engine_version = jdupdef(jobj(desc, "Engine"), "EngineVersion", "");
	nd->os = jdupdef(jobj(desc, "Platform"), "OS", "");
	nd->arch = jdupdef(jobj(desc, "Platform"), "Architecture", "");
	nd->nano_cpus = ji64(res, "NanoCPUs", 0);
	nd->memory = ji64(res, "MemoryBytes", 0);
	jkv(&nd->labels, spec, "Labels");
	nd->created = jdupnz(o, "CreatedAt");
	nd->updated = jdupnz(o, "UpdatedAt");
	return true;
}

struct docker_node_list *
decode_node_list(const char *s, size_t n, char **cause)
{
	json_t *root = decode_shape(s, n, "nodes", JSON_ARRAY, cause);
	struct docker_node_list *l;

	if (root == NULL)
		return NULL;
	l = xcalloc(1, sizeof *l);
	l->v = decode_items(root, sizeof *l->v, decode_node, &l->n);
	json_decref(root);
	return l;
}

/* ---- services ---- */

static bool
decode_service_port(void *item, const json_t *o)
{
	struct docker_service_port *p = item;

	p->protocol = jdupdef(o, "Protocol", "tcp");
	p->target = jint(o, "TargetPort", 0);
	p->published = jint(o, "PublishedPort", 0);
	p->mode = jdupdef(o, "PublishMode", "ingress");
	return true;
}

/* The strings key of every object in the array a. */
static char **
swarm_names(const json_t *a, const char *key)
{
	char **v = decode_strv_empty();
	size_t n = 0, i;
	json_t *e;

	json_array_foreach(a, i, e)
	{
		const char *s = jstr(e, key);

		if (s)
			decode_strv_push(&v, &n, xstrdup(s));
	}
	return v;
}

static void
decode_service_mode(struct docker_service *sv, const json_t *mode)
{
	sv->replicas = -1;
	if (jobj(mode, "Replicated")) {
		sv->mode = xstrdup("replicated");
		sv->replicas = ji64(jobj(mode, "Replicated"), "Replicas", 0);
	} else if (jobj(mode, "Global"))
		sv->mode = xstrdup("global");
	else if (jobj(mode, "ReplicatedJob"))
		sv->mode = xstrdup("replicated-job");
	else if (jobj(mode, "GlobalJob"))
		sv->mode = xstrdup("global-job");
	else
		sv->mode = xstrdup("?");
}

static bool
decode_service(void *item, const json_t *o)
{
	struct docker_service *sv = item;
	const json_t *spec = jobj(o, "Spec"), *tt = jobj(spec, "TaskTemplate");
	const json_t *cs = jobj(tt, "ContainerSpec");
	const json_t *us = jobj(o, "UpdateStatus"),
		     *ss = jobj(o, "ServiceStatus");
	const json_t *nets = jarr(tt, "Networks");
	const char *stack;

	if (jstr(o, "ID") == NULL)
		return false;
	sv->id = jdup(o, "ID");
	sv->version = swarm_version(o);
	sv->name = jdupdef(spec, "Name", "");
	decode_service_mode(sv, jobj(spec, "Mode"));
	sv->running = ji64(ss, "RunningTasks", -1);
	sv->desired = ji64(ss, "DesiredTasks", -1);
	sv->completed = ji64(ss, "CompletedTasks", -1);
	sv->image = jdupdef(cs, "Image", "");
	jkv(&sv->labels, spec, "Labels");
	stack = kvlist_get(&sv->labels, SWARM_STACK_LABEL);
	sv->stack = stack && *stack ? xstrdup(stack) : NULL;
	sv->ports = decode_items(jarr(jobj(o, "Endpoint"), "Ports"),
	    sizeof *sv->ports, decode_service_port, &sv->n_ports);
	sv->update_state = jdupnz(us, "State");
	sv->update_message = jdupnz(us, "Message");
	sv->created = jdupnz(o, "CreatedAt");
	sv->updated = jdupnz(o, "UpdatedAt");
	/* Older specs keep the networks beside the task template. */
	sv->networks =
	    swarm_names(nets ? nets : jarr(spec, "Networks"), "Target");
	sv->secrets = swarm_names(jarr(cs, "Secrets"), "SecretName");
	sv->configs = swarm_names(jarr(cs, "Configs"), "ConfigName");
	sv->force_update = ju64(tt, "ForceUpdate");
	sv->has_previous = jobj(o, "PreviousSpec") != NULL;
	sv->tty = jbool(cs, "TTY", false);
	return true;
}

struct docker_service_list *
decode_service_list(const char *s, size_t n, char **cause)
{
	json_t *root = decode_shape(s, n, "services", JSON_ARRAY, cause);
	struct docker_service_list *l;

	if (root == NULL)
		return NULL;
	l = xcalloc(1, sizeof *l);
	l->v = decode_items(root, sizeof *l->v, decode_service, &l->n);
	json_decref(root);
	return l;
}

/* ---- tasks ---- */

static bool
decode_task(void *item, const json_t *o)
{
	struct docker_task *t = item;
	const json_t *st = jobj(o, "Status"), *cs = jobj(st, "ContainerStatus");

	if (jstr(o, "ID") == NULL)
		return false;
	t->id = jdup(o, "ID");
	t->service_id = jdupdef(o, "ServiceID", "");
	t->slot = jint(o, "Slot", 0);
	t->node_id = jdupnz(o, "NodeID");
	t->desired = jdupdef(o, "DesiredState", "");
	t->state = jdupdef(st, "State", "");
	t->message = jdupnz(st, "Message");
	t->err = jdupnz(st, "Err");
	t->timestamp = jdupnz(st, "Timestamp");
	t->container_id = jdupnz(cs, "ContainerID");
	t->exit_code = cs && jhas_number(cs, "ExitCode") &&
			       strcmp(t->state, "running") != 0
			   ? jint(cs, "ExitCode", -1)
			   : -1;
	t->image = jdupdef(jobj(jobj(o, "Spec"), "ContainerSpec"), "Image", "");
	t->created = jdupnz(o, "CreatedAt");
	t->updated = jdupnz(o, "UpdatedAt");
	return true;
}

struct docker_task_list *
decode_task_list(const char *s, size_t n, char **cause)
{
	json_t *root = decode_shape(s, n, "tasks", JSON_ARRAY, cause);
	struct docker_task_list *l;

	if (root == NULL)
		return NULL;
	l = xcalloc(1, sizeof *l);
	l->v = decode_items(root, sizeof *l->v, decode_task, &l->n);
	json_decref(root);
	return l;
}

/* ---- secrets and configs ---- */

static bool
decode_swarm_object(void *item, const json_t *o)
{
	struct docker_swarm_object *x = item;
	const json_t *spec = jobj(o, "Spec");

	if (jstr(o, "ID") == NULL)
		return false;
	x->id = jdup(o, "ID");
	x->version = swarm_version(o);
	x->name = jdupdef(spec, "Name", "");
	/* Spec.Data (a config's, base64) is not kept: it is not shown. */
	jkv(&x->labels, spec, "Labels");
	x->created = jdupnz(o, "CreatedAt");
	x->updated = jdupnz(o, "UpdatedAt");
	return true;
}

struct docker_swarm_object_list *
decode_swarm_object_list(const char *s, size_t n, char **cause)
{
	json_t *root = decode_shape(s, n, "secrets", JSON_ARRAY, cause);
	struct docker_swarm_object_list *l;

	if (root == NULL)
		return NULL;
	l = xcalloc(1, sizeof *l);
	l->v = decode_items(root, sizeof *l->v, decode_swarm_object, &l->n);
	json_decref(root);
	return l;
}

/* ---- what updates send ---- */

/* The Spec of an inspect document, a copy of its own, and the version. */
static json_t *
swarm_spec_of(
    const char *s, size_t n, const char *what, int64_t *version, char **cause)
{
	json_t *root = decode_shape(s, n, what, JSON_OBJECT, cause);
	json_t *spec;

	if (root == NULL)
		return NULL;
	spec = jobj(root, "Spec");
	if (spec == NULL || !jhas_number(jobj(root, "Version"), "Index")) {
		decode_cause(cause, "the %s has no Spec or Version", what);
		json_decref(root);
		return NULL;
	}
	*version = swarm_version(root);
	spec = json_deep_copy(spec);
	json_decref(root);
	return spec;
}

static char *
swarm_dump(json_t *spec)
{
	char *s = json_dumps(spec, JSON_COMPACT);
	char *out = xstrdup(s ? s : "{}");

	free(s);
	json_decref(spec);
	return out;
}

char *
swarm_node_spec(const char *s, size_t n, const struct swarm_node_edit *e,
    int64_t *version, char **cause)
{
	json_t *spec = swarm_spec_of(s, n, "node", version, cause), *labels;

	if (spec == NULL)
		return NULL;
	if (e->role)
		json_object_set_new(spec, "Role", json_string(e->role));
	if (e->availability)
		json_object_set_new(
		    spec, "Availability", json_string(e->availability));
	if (e->label_key) {
		labels = jobj(spec, "Labels");
		if (labels == NULL) {
			labels = json_object();
			json_object_set_new(spec, "Labels", labels);
		}
		if (e->label_value)
			json_object_set_new(
			    labels, e->label_key, json_string(e->label_value));
		else
			json_object_del(labels, e->label_key);
	}
	return swarm_dump(spec);
}

char *
swarm_service_spec(const char *s, size_t n, const struct swarm_service_edit *e,
    int64_t *version, char **cause)
{
	json_t *spec = swarm_spec_of(s, n, "service", version, cause);
	json_t *tt, *cs, *rep;

	if (spec == NULL)
		return NULL;
	tt = jobj(spec, "TaskTemplate");
	cs = jobj(tt, "ContainerSpec");
	if (e->replicas >= 0) {
		rep = jobj(jobj(spec, "Mode"), "Replicated");
		if (rep == NULL) {
			decode_cause(cause, "only a replicated service scales");
			json_decref(spec);
			return NULL;
		}
		json_object_set_new(rep, "Replicas", json_integer(e->replicas));
	}
	if (e->image) {
		if (cs == NULL) {
			decode_cause(cause, "the service runs no container");
			json_decref(spec);
			return NULL;
		}
		json_object_set_new(cs, "Image", json_string(e->image));
	}
	if (e->force && tt)
		json_object_set_new(tt, "ForceUpdate",
		    json_integer((json_int_t)(ju64(tt, "ForceUpdate") + 1)));
	return swarm_dump(spec);
}

char *
swarm_object_create_json(
    const char *name, char *const *labels, const void *data, size_t len)
{
	json_t *o = json_object(), *l = json_object();
	char *b64 = auth_base64(data, len, false);

	json_object_set_new(o, "Name", json_string(name ? name : ""));
	for (size_t i = 0; labels && labels[i]; i++) {
		const char *eq = strchr(labels[i], '=');
		char *k = eq ? xstrndup(labels[i], (size_t)(eq - labels[i]))
			     : xstrdup(labels[i]);

		json_object_set_new(l, k, json_string(eq ? eq + 1 : ""));
		free(k);
	}
	json_object_set_new(o, "Labels", l);
	json_object_set_new(o, "Data", json_string(b64));
	/* The base64 of a secret is the secret: wipe our copy. */
	memset(b64, 0, strlen(b64));
	free(b64);
	return swarm_dump(o);
}

/* ---- service log lines ---- */

size_t
swarm_log_prefix(
    const char *line, size_t len, char **node, char **service, char **task)
{
	static const char pfx[] = "com.docker.swarm.";
	const char *end = memchr(line, ' ', len), *p = line;

	*node = *service = *task = NULL;
	if (end == NULL || len < sizeof pfx ||
	    strncmp(line, pfx, sizeof pfx - 1) != 0)
		return 0;
	while (p < end) {
		const char *comma = memchr(p, ',', (size_t)(end - p));
		const char *stop = comma ? comma : end;
		const char *eq = memchr(p, '=', (size_t)(stop - p));
		char **slot = NULL;

		if (eq) {
			size_t kl = (size_t)(eq - p);

			if (kl == 24 &&
			    strncmp(p, "com.docker.swarm.node.id", kl) == 0)
				slot = node;
			else if (kl == 27 &&
				 strncmp(
				     p, "com.docker.swarm.service.id", kl) == 0)
				slot = service;
			else if (kl == 24 &&
				 strncmp(p, "com.docker.swarm.task.id", kl) ==
				     0)
				slot = task;
		}
		if (slot && *slot == NULL)
			*slot = xstrndup(eq + 1, (size_t)(stop - eq - 1));
		p = stop + 1;
	}
	return (size_t)(end - line) + 1;
}
