/* The doctor's inputs: the engine's answers, gathered, and port probes. */

#include "tui/core/doctor.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "api/calls.h"
#include "api/create.h"
#include "api/decode.h"
#include "api/decode_swarm.h"
#include "api/http.h"
#include "api/rfc3339.h"
#include "api/xalloc.h"

/* Inspect requests in flight at once. */
#define DOCTOR_PAR 8
#define DOCTOR_NS 1000000000LL

static bool
doctor_loopback(const char *ip)
{
	return ip && (strncmp(ip, "127.", 4) == 0 || strcmp(ip, "::1") == 0);
}

struct doctor_probe *
doctor_probe_plan(struct docker_container_detail *const *cs, size_t n,
    bool local, size_t *n_out)
{
	struct doctor_probe *v = NULL;
	size_t np = 0;

	*n_out = 0;
	if (!local)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		const struct docker_container_detail *c = cs[i];
		const char *ip = NULL;

		if (c == NULL || !c->running || c->paused || c->restarting)
			continue;
		for (size_t k = 0; k < c->n_nets && ip == NULL; k++)
			if (c->nets[k].ip && *c->nets[k].ip)
				ip = c->nets[k].ip;
		for (size_t k = 0; k < c->n_ports; k++) {
			const struct docker_port_binding *b = &c->ports[k];
			int priv = 0, pub = 0;
			const char *addr;
			bool dup = false;
			char proto[8] = "";

			if (b->container_port == NULL || b->host_port == NULL ||
			    sscanf(b->container_port, "%d/%7s", &priv, proto) <
				1 ||
			    (*proto && strcmp(proto, "tcp") != 0))
				continue;
			pub = atoi(b->host_port);
			if (priv <= 0 || pub <= 0)
				continue;
			if (ip) {
				addr = ip;
			} else if (doctor_loopback(b->host_ip)) {
				addr = b->host_ip;
				priv = pub;
			} else
				continue;
			/* 0.0.0.0 and :: publish the same container port. */
			for (size_t j = 0; j < np; j++)
				if (strcmp(v[j].container_id, c->id) == 0 &&
				    strcmp(v[j].addr, addr) == 0 &&
				    v[j].port == priv)
					dup = true;
			if (dup)
				continue;
			v = xreallocarray(v, np + 1, sizeof *v);
			memset(&v[np], 0, sizeof v[np]);
			v[np].container_id = xstrdup(c->id);
			v[np].addr = xstrdup(addr);
			v[np].port = priv;
			v[np].published = xasprintf("%s%s%s->%s",
			    b->host_ip && *b->host_ip ? b->host_ip : "",
			    b->host_ip && *b->host_ip ? ":" : "", b->host_port,
			    b->container_port);
			v[np].state = DOCTOR_PROBE_PENDING;
			v[np].fd = -1;
			np++;
		}
	}
	*n_out = np;
	return v;
}

static void
doctor_probe_end(struct doctor_probe *p, enum doctor_probe_state st, int err)
{
	if (p->fd >= 0)
		close(p->fd);
	p->fd = -1;
	p->state = st;
	p->err = err;
}

static enum doctor_probe_state
doctor_probe_state_of(int err)
{
	if (err == 0)
		return DOCTOR_PROBE_OPEN;
	if (err == ECONNREFUSED || err == ECONNRESET)
		return DOCTOR_PROBE_REFUSED;
	if (err == ETIMEDOUT)
		return DOCTOR_PROBE_TIMEOUT;
	return DOCTOR_PROBE_ERROR;
}

void
doctor_probe_start(struct doctor_probe *v, size_t n, double now, double timeout)
{
	for (size_t i = 0; i < n; i++) {
		struct doctor_probe *p = &v[i];
		struct addrinfo hints, *ai = NULL;
		char port[16];
		int fd;

		if (p->state != DOCTOR_PROBE_PENDING || p->fd >= 0)
			continue;
		p->deadline = now + (timeout > 0 ? timeout : 1.0);
		memset(&hints, 0, sizeof hints);
		hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
		hints.ai_socktype = SOCK_STREAM;
		snprintf(port, sizeof port, "%d", p->port);
		if (getaddrinfo(p->addr, port, &hints, &ai) != 0 ||
		    ai == NULL) {
			doctor_probe_end(p, DOCTOR_PROBE_ERROR, EINVAL);
			continue;
		}
		fd = socket(ai->ai_family,
		    SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (fd < 0) {
			doctor_probe_end(p, DOCTOR_PROBE_ERROR, errno);
			freeaddrinfo(ai);
			continue;
		}
		p->fd = fd;
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			doctor_probe_end(p, DOCTOR_PROBE_OPEN, 0);
		else if (errno != EINPROGRESS)
			doctor_probe_end(
			    p, doctor_probe_state_of(errno), errno);
		freeaddrinfo(ai);
	}
}

bool
doctor_probe_poll(struct doctor_probe *v, size_t n, double now)
{
	bool all = true;

	for (size_t i = 0; i < n; i++) {
		struct doctor_probe *p = &v[i];
		struct pollfd pfd;
		int err = 0;
		socklen_t len = sizeof err;

		if (p->state != DOCTOR_PROBE_PENDING)
			continue;
		if (p->fd < 0) {
			all = false;
			continue;
		}
		pfd.fd = p->fd;
		pfd.events = POLLOUT;
		pfd.revents = 0;
		if (poll(&pfd, 1, 0) > 0) {
			if (getsockopt(
				p->fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
				err = errno;
			doctor_probe_end(p, doctor_probe_state_of(err), err);
		} else if (now >= p->deadline)
			doctor_probe_end(p, DOCTOR_PROBE_TIMEOUT, ETIMEDOUT);
		else
			all = false;
	}
	return all;
}

void
doctor_probes_free(struct doctor_probe *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		if (v[i].fd >= 0)
			close(v[i].fd);
		free(v[i].container_id);
		free(v[i].addr);
		free(v[i].published);
	}
	free(v);
}

/* The gatherer. */

struct doctor_slot {
	struct doctor_gather *g;
	struct docker_call *call;
	size_t idx;
};

struct doctor_gather {
	struct docker *d;
	char *label;
	bool local;
	double probe_timeout;
	doctor_gather_fn *fn;
	void *arg;

	struct docker_call *list_call, *info_call, *version_call, *df_call;
	struct doctor_slot slots[DOCTOR_PAR];
	struct docker_container_list *list;
	struct docker_container_detail **details; /* list->n, or NULL */
	size_t next; /* the next container to inspect */
	struct docker_container_detail **packed;
	size_t n_packed;
	struct docker_info *info;
	int64_t info_time;
	struct docker_version *version;
	struct docker_df *df;
	struct doctor_probe *probes;
	size_t n_probes;
	struct docker_call *events_call;
	struct docker_event **events; /* the engine's, of the last hour */
	size_t n_events;
	/* A manager's swarm (asked once /info says it is one). */
	struct docker_call *swarm_call, *nodes_call, *services_call,
	    *tasks_call;
	struct docker_swarm *swarm;
	struct docker_node_list *nodes;
	struct docker_service_list *services;
	struct docker_task_list *tasks;
	int64_t node_cert_not_after;
	double df_retry; /* when to ask for disk usage again, or 0 */
	int df_tries;
	bool probing, done;
	char *error;
	struct doctor_input in;
};

static double
doctor_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
doctor_fail(
    struct doctor_gather *g, const char *what, const struct docker_reply *r)
{
	if (g->error == NULL)
		g->error = xasprintf("%s: %s", what,
		    r->message ? r->message : docker_status_str(r->status));
}

static bool
doctor_busy(const struct doctor_gather *g)
{
	if (g->list_call || g->info_call || g->version_call || g->df_call ||
	    g->events_call || g->df_retry > 0)
		return true;
	if (g->swarm_call || g->nodes_call || g->services_call || g->tasks_call)
		return true;
	for (size_t i = 0; i < DOCTOR_PAR; i++)
		if (g->slots[i].call)
			return true;
	return g->list && g->next < g->list->n;
}

static void
doctor_finish(struct doctor_gather *g)
{
	g->probing = false;
	g->done = true;
	g->in.containers = g->packed;
	g->in.n_containers = g->n_packed;
	g->in.info = g->info;
	g->in.info_time = g->info_time;
	g->in.version = g->version;
	g->in.client_api = docker_api_version(g->d);
	g->in.df = g->df;
	g->in.events = (const struct docker_event *const *)g->events;
	g->in.n_events = g->n_events;
	g->in.swarm = g->swarm;
	g->in.nodes = g->nodes;
	g->in.services = g->services;
	g->in.tasks = g->tasks;
	g->in.node_cert_not_after = g->node_cert_not_after;
	g->in.probes = g->probes;
	g->in.n_probes = g->n_probes;
	g->in.engine_wide = g->label == NULL;
	g->in.now = (int64_t)doctor_clock();
	/* Nothing touches g after this: the callback may look at it. */
	g->fn(g, g->arg);
}

/* Everything has answered: pack the inspects, then probe or finish. */
static void
doctor_maybe_done(struct doctor_gather *g)
{
	if (g->done || g->probing || doctor_busy(g))
		return;
	if (g->list) {
		g->packed = xcalloc(g->list->n + 1, sizeof *g->packed);
		for (size_t i = 0; i < g->list->n; i++)
			if (g->details[i])
				g->packed[g->n_packed++] = g->details[i];
	}
	g->probes =
	    doctor_probe_plan(g->packed, g->n_packed, g->local, &g->n_probes);
	if (g->n_probes == 0) {
		doctor_finish(g);
		return;
	}
	g->probing = true;
	doctor_probe_start(
	    g->probes, g->n_probes, doctor_clock(), g->probe_timeout);
	if (doctor_probe_poll(g->probes, g->n_probes, doctor_clock()))
		doctor_finish(g);
}

static void doctor_inspect_next(struct doctor_gather *);

static void
doctor_on_inspect(const struct docker_reply *r, void *arg)
{
	struct doctor_slot *s = arg;
	struct doctor_gather *g = s->g;
	char *cause = NULL;

	s->call = NULL;
	/* A container removed meanwhile (404) is simply not there. */
	if (r->status == DOCKER_OK) {
		g->details[s->idx] =
		    decode_container_detail(r->body, r->len, &cause);
		free(cause);
	} else if (r->http_status != 404)
		doctor_fail(g, "inspect", r);
	doctor_inspect_next(g);
	doctor_maybe_done(g);
}

static void
doctor_inspect_next(struct doctor_gather *g)
{
	for (size_t i = 0; i < DOCTOR_PAR && g->list && g->next < g->list->n;
	     i++) {
		struct doctor_slot *s = &g->slots[i];

		if (s->call)
			continue;
		s->g = g;
		s->idx = g->next++;
		s->call = docker_container_inspect(
		    g->d, g->list->v[s->idx].id, doctor_on_inspect, s);
	}
}

static void
doctor_on_list(const struct docker_reply *r, void *arg)
{
	struct doctor_gather *g = arg;
	char *cause = NULL;

	g->list_call = NULL;
	if (r->status != DOCKER_OK)
		doctor_fail(g, "containers", r);
	else if ((g->list = decode_container_list(r->body, r->len, &cause)) ==
		 NULL) {
		if (g->error == NULL)
			g->error = cause;
		else
			free(cause);
	} else {
		g->details = xcalloc(g->list->n + 1, sizeof *g->details);
		doctor_inspect_next(g);
	}
	doctor_maybe_done(g);
}

static void doctor_on_events(const struct docker_reply *, void *);
static bool doctor_filters(struct doctor_gather *, bool events, char **);

/*
 * The engine's memory of deaths and OOM kills (its newest 256 events): a
 * restart loop or a kill from before berth started. The window ends at the
 * engine's own time, or a skewed clock would hold the answer back.
 */
static void
doctor_ask_events(struct doctor_gather *g)
{
	struct docker_events_opts o = {0};
	char *f;
	int64_t now = g->info ? rfc3339_parse(g->info->system_time) : 0;

	if (!doctor_filters(g, true, &f))
		return;
	if (now <= 0)
		now = (int64_t)doctor_clock();
	o.since_ns = (now - DOCTOR_EXIT_WINDOW) * DOCTOR_NS;
	o.until_ns = now * DOCTOR_NS;
	o.filters = f;
	g->events_call = docker_events(g->d, &o, NULL, doctor_on_events, g);
	free(f);
}

/*
 * A swarm answer, decoded (NULL on an error, said in g's error). The
 * caller stores it before doctor_maybe_done(): the last answer in
 * finishes the gathering.
 */
static void *
doctor_swarm_answer(const struct docker_reply *r, struct docker_call **call,
    const char *what, void *(*decode)(const char *, size_t, char **),
    struct doctor_gather *g)
{
	char *cause = NULL;
	void *v = NULL;

	*call = NULL;
	if (r->status == DOCKER_OK) {
		v = decode(r->body, r->len, &cause);
		if (v == NULL && g->error == NULL)
			g->error = xasprintf(
			    "%s: %s", what, cause ? cause : "cannot be read");
		free(cause);
	} else
		doctor_fail(g, what, r);
	return v;
}

static void *
doctor_decode_swarm(const char *b, size_t n, char **cause)
{
	return decode_swarm(b, n, cause);
}

static void *
doctor_decode_nodes(const char *b, size_t n, char **cause)
{
	return decode_node_list(b, n, cause);
}

static void *
doctor_decode_services(const char *b, size_t n, char **cause)
{
	return decode_service_list(b, n, cause);
}

static void *
doctor_decode_tasks(const char *b, size_t n, char **cause)
{
	return decode_task_list(b, n, cause);
}

static void
doctor_on_swarm(const struct docker_reply *r, void *arg)
{
	struct doctor_gather *g = arg;

	g->swarm = doctor_swarm_answer(
	    r, &g->swarm_call, "swarm", doctor_decode_swarm, g);
	doctor_maybe_done(g);
}

static void
doctor_on_nodes(const struct docker_reply *r, void *arg)
{
	struct doctor_gather *g = arg;

	g->nodes = doctor_swarm_answer(
	    r, &g->nodes_call, "swarm nodes", doctor_decode_nodes, g);
	doctor_maybe_done(g);
}

static void
doctor_on_services(const struct docker_reply *r, void *arg)
{
	struct doctor_gather *g = arg;

	g->services = doctor_swarm_answer(
	    r, &g->services_call, "swarm services", doctor_decode_services, g);
	doctor_maybe_done(g);
}

static void
doctor_on_tasks(const struct docker_reply *r, void *arg)
{
	struct doctor_gather *g = arg;

	g->tasks = doctor_swarm_answer(
	    r, &g->tasks_call, "swarm tasks", doctor_decode_tasks, g);
	doctor_maybe_done(g);
}

/*
 * The engine's own node certificate, when it runs here and its file can
 * be read (it is renewed by the engine; an old one means a cut-off node).
 */
int64_t
doctor_node_cert(const struct docker_info *info)
{
	char *path, buf[8192];
	FILE *f;
	size_t n = 0;
	int64_t t = 0;

	if (info->docker_root_dir == NULL || *info->docker_root_dir == '\0')
		return 0;
	path = xasprintf(
	    "%s/swarm/certificates/swarm-node.crt", info->docker_root_dir);
	/* A node certificate (its chain) is well under 8 KiB. */
	if ((f = fopen(path, "re")) != NULL) {
		n = fread(buf, 1, sizeof buf - 1, f);
		fclose(f);
		buf[n] = '\0';
		t = swarm_pem_not_after(buf);
	}
	free(path);
	return t;
}

/* On a manager (and for the whole engine): its swarm, for the rules. */
static void
doctor_ask_swarm(struct doctor_gather *g)
{
	if (g->info == NULL || !g->info->swarm_manager || g->label)
		return;
	if (g->local)
		g->node_cert_not_after = doctor_node_cert(g->info);
	g->swarm_call = docker_swarm_inspect(g->d, doctor_on_swarm, g);
	g->nodes_call = docker_node_list(g->d, doctor_on_nodes, g);
	g->services_call = docker_service_list(g->d, doctor_on_services, g);
	g->tasks_call = docker_task_list(g->d, doctor_on_tasks, g);
}

static void
doctor_on_info(const struct docker_reply *r, void *arg)
{
	struct doctor_gather *g = arg;
	char *cause = NULL;

	g->info_call = NULL;
	g->info_time = (int64_t)doctor_clock();
	if (r->status == DOCKER_OK) {
		g->info = decode_info(r->body, r->len, &cause);
		free(cause);
	} else
		doctor_fail(g, "info", r);
	doctor_ask_events(g);
	doctor_ask_swarm(g);
	doctor_maybe_done(g);
}

static void
doctor_on_version(const struct docker_reply *r, void *arg)
{
	struct doctor_gather *g = arg;
	char *cause = NULL;

	g->version_call = NULL;
	if (r->status == DOCKER_OK) {
		g->version = decode_version(r->body, r->len, &cause);
		free(cause);
	} else
		doctor_fail(g, "version", r);
	doctor_maybe_done(g);
}

static void
doctor_on_df(const struct docker_reply *r, void *arg)
{
	struct doctor_gather *g = arg;
	char *cause = NULL;

	g->df_call = NULL;
	if (r->status == DOCKER_OK) {
		g->df = decode_df(r->body, r->len, &cause);
		free(cause);
	} else if (r->status == DOCKER_ERR_HTTP && r->message &&
		   strstr(r->message, "already running") &&
		   ++g->df_tries < 20) {
		/* The engine computes one at a time: ask again shortly. */
		g->df_retry = doctor_clock() + 0.25;
		return;
	} else
		doctor_fail(g, "disk usage", r);
	doctor_maybe_done(g);
}

/* The deaths and OOM kills of the last hour, for the rules on events. */
static void
doctor_on_events(const struct docker_reply *r, void *arg)
{
	struct doctor_gather *g = arg;
	const char *p, *end;

	g->events_call = NULL;
	if (r->status != DOCKER_OK) {
		doctor_fail(g, "events", r);
		doctor_maybe_done(g);
		return;
	}
	for (p = r->body, end = r->body + r->len; p && p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
		struct docker_event *e;
		char *cause = NULL;

		if (l > 0 && (e = decode_event(p, l, &cause)) != NULL) {
			g->events = xreallocarray(
			    g->events, g->n_events + 1, sizeof *g->events);
			g->events[g->n_events++] = e;
		}
		free(cause);
		p += l + 1;
	}
	doctor_maybe_done(g);
}

/*
 * The filters of the container list (the label) and of the events (the
 * label, and container deaths and kills) in *out, owned; NULL when there
 * are none. False, and g's error set, for a label the engine cannot take.
 */
static bool
doctor_filters(struct doctor_gather *g, bool events, char **out)
{
	struct kvlist l = {NULL, 0};
	char *cause = NULL;
	bool ok;

	*out = NULL;
	if (g->label)
		create_kv_add(&l, "label", g->label);
	if (events) {
		create_kv_add(&l, "type", "container");
		create_kv_add(&l, "event", "die");
		create_kv_add(&l, "event", "oom");
		create_kv_add(&l, "event", "kill");
	}
	ok = l.n == 0 || (*out = create_filters_json(&l, &cause)) != NULL;
	if (!ok && g->error == NULL)
		g->error = xasprintf("label: %s", cause);
	free(cause);
	kvlist_free(&l);
	return ok;
}

struct doctor_gather *
doctor_gather_new(struct docker *d, const struct doctor_gather_opts *o,
    doctor_gather_fn *fn, void *arg)
{
	struct doctor_gather *g = xcalloc(1, sizeof *g);
	char *f;

	g->d = d;
	g->label = o && o->label && *o->label ? xstrdup(o->label) : NULL;
	g->local = o && o->local;
	g->probe_timeout = o && o->probe_timeout > 0 ? o->probe_timeout : 1.0;
	g->fn = fn;
	g->arg = arg;
	if (doctor_filters(g, false, &f))
		g->list_call = docker_container_list_filtered(
		    d, f, false, doctor_on_list, g);
	free(f);
	g->info_call = docker_system_info(d, doctor_on_info, g);
	g->version_call = docker_system_version(d, doctor_on_version, g);
	/* Disk usage is engine-wide: not for a labelled subset. */
	if (g->label == NULL)
		g->df_call = docker_system_df(d, doctor_on_df, g);
	return g;
}

void
doctor_gather_free(struct doctor_gather *g)
{
	if (g == NULL)
		return;
	docker_cancel(g->d, g->list_call);
	docker_cancel(g->d, g->info_call);
	docker_cancel(g->d, g->version_call);
	docker_cancel(g->d, g->df_call);
	docker_cancel(g->d, g->events_call);
	docker_cancel(g->d, g->swarm_call);
	docker_cancel(g->d, g->nodes_call);
	docker_cancel(g->d, g->services_call);
	docker_cancel(g->d, g->tasks_call);
	docker_swarm_free(g->swarm);
	docker_node_list_free(g->nodes);
	docker_service_list_free(g->services);
	docker_task_list_free(g->tasks);
	for (size_t i = 0; i < g->n_events; i++)
		docker_event_free(g->events[i]);
	free(g->events);
	for (size_t i = 0; i < DOCTOR_PAR; i++)
		docker_cancel(g->d, g->slots[i].call);
	for (size_t i = 0; g->list && i < g->list->n; i++)
		docker_container_detail_free(g->details[i]);
	free(g->details);
	free(g->packed);
	docker_container_list_free(g->list);
	docker_info_free(g->info);
	docker_version_free(g->version);
	docker_df_free(g->df);
	doctor_probes_free(g->probes, g->n_probes);
	free(g->label);
	free(g->error);
	free(g);
}

double
doctor_gather_tick(struct doctor_gather *g, double now)
{
	if (g == NULL)
		return 0;
	if (g->df_retry > 0) {
		if (now < g->df_retry)
			return g->df_retry;
		g->df_retry = 0;
		g->df_call = docker_system_df(g->d, doctor_on_df, g);
		return 0;
	}
	if (!g->probing)
		return 0;
	if (doctor_probe_poll(g->probes, g->n_probes, now)) {
		doctor_finish(g);
		return 0;
	}
	/* A connect's answer does not wake the loop: look again soon. */
	return now + 0.02;
}

bool
doctor_gather_done(const struct doctor_gather *g)
{
	return g->done;
}

const char *
doctor_gather_error(const struct doctor_gather *g)
{
	return g->error;
}

const struct doctor_input *
doctor_gather_input(const struct doctor_gather *g)
{
	return &g->in;
}

const struct docker_container_list *
doctor_gather_list(const struct doctor_gather *g)
{
	return g->list;
}

static void
doctor_collect_done(struct doctor_gather *g, void *arg)
{
	(void)g;
	*(bool *)arg = true;
}

bool
doctor_collect(struct docker *d, const struct doctor_gather_opts *o,
    const struct docker_event *const *events, size_t n_events,
    struct doctor_finding **out, size_t *n, char **cause)
{
	bool done = false;
	struct doctor_gather *g =
	    doctor_gather_new(d, o, doctor_collect_done, &done);
	const struct docker_event **merged;
	struct doctor_input in;

	*out = NULL;
	*n = 0;
	while (!done) {
		http_step(docker_http(d), g->probing ? 10 : 200);
		doctor_gather_tick(g, doctor_clock());
	}
	if (g->list == NULL) {
		*cause = xstrdup(g->error ? g->error : "no container list");
		doctor_gather_free(g);
		return false;
	}
	in = g->in;
	merged = doctor_events_merge(
	    g->in.events, g->in.n_events, events, n_events, &in.n_events);
	in.events = merged;
	doctor_run(&in, out, n);
	free(merged);
	doctor_gather_free(g);
	return true;
}
