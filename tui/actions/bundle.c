/* Support bundles: the engine's state and troubles as plain files. */

#include "tui/actions/bundle.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "api/buf.h"
#include "api/calls.h"
#include "api/conntrack.h"
#include "api/decode.h"
#include "api/decode_swarm.h"
#include "api/docker.h"
#include "api/endpoint.h"
#include "api/procnet.h"
#include "api/redact.h"
#include "api/stream.h"
#include "api/rfc3339.h"
#include "api/xalloc.h"
#include "tui/core/console.h"
#include "tui/core/doctor.h"
#include "tui/core/fmt.h"
#include "widgets/text.h"

/* Log lines kept per failing container, events looked back over. */
#define BUNDLE_LOG_TAIL 500
#define BUNDLE_EVENTS_S 3600
/* A disk usage already running: how often, and how long, to wait. */
#define BUNDLE_BUSY_TRIES 20
#define BUNDLE_BUSY_PAUSE_NS (250 * 1000 * 1000)
#define BUNDLE_NS_PER_S 1000000000LL
/* The doctor's port probes: how often to look, and how long they take. */
#define BUNDLE_PROBE_PAUSE_NS (10 * 1000 * 1000)
#define BUNDLE_PROBE_TIMEOUT_S 1.0

struct bundle {
	struct docker *d;
	const char *dir;
	const struct bundle_opts *o;
	struct buf files; /* what was written, one per line */
	size_t n_files;
	struct buf notes; /* what could not be, one per line */
};

static void bundle_say(struct bundle *, const char *, ...)
    __attribute__((format(printf, 2, 3)));
static void bundle_note(struct bundle *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

static void
bundle_say(struct bundle *b, const char *fmt, ...)
{
	va_list ap;
	char *line;

	if (b->o->progress == NULL)
		return;
	va_start(ap, fmt);
	line = xvasprintf(fmt, ap);
	va_end(ap);
	b->o->progress(b->o->arg, line);
	free(line);
}

static void
bundle_note(struct bundle *b, const char *fmt, ...)
{
	va_list ap;
	char *line;

	va_start(ap, fmt);
	line = xvasprintf(fmt, ap);
	va_end(ap);
	buf_printf(&b->notes, "  %s\n", line);
	bundle_say(b, "  ! %s", line);
	free(line);
}

static bool
bundle_mkdir(const char *path, char **cause)
{
	struct stat st;

	if (mkdir(path, 0700) == 0)
		return true;
	if (errno == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return true;
	*cause = xasprintf("%s: %s", path, strerror(errno));
	return false;
}

/* The bundle's directory and the ones in it. */
static bool
bundle_mkdirs(const char *dir, char **cause)
{
	static const char *const subs[] = {"containers", "logs", NULL};
	bool ok = bundle_mkdir(dir, cause);

	for (size_t i = 0; ok && subs[i]; i++) {
		char *sub = xasprintf("%s/%s", dir, subs[i]);

		ok = bundle_mkdir(sub, cause);
		free(sub);
	}
	return ok;
}

/*
 * Writes rel under the bundle's directory (owner-only: it holds logs).
 * Every file holds text from the engine, so all of it goes through the
 * sanitizing writer (THE RULE in widgets/text.h): form is TEXT_LINES for
 * text, with TEXT_JSON for JSON (controls as \u001b: still valid JSON).
 */
static bool
bundle_put(struct bundle *b, const char *rel, const char *data, size_t len,
    unsigned form)
{
	char *path = xasprintf("%s/%s", b->dir, rel);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	bool ok;

	if (f == NULL) {
		bundle_note(b, "%s: %s", rel, strerror(errno));
		if (fd >= 0)
			close(fd);
		free(path);
		return false;
	}
	ok = text_fwrite(f, data, len, form);
	if (fclose(f) != 0 || !ok) {
		bundle_note(b, "%s: %s", rel, strerror(errno));
		free(path);
		return false;
	}
	buf_printf(&b->files, "  %s\n", rel);
	b->n_files++;
	bundle_say(b, "  %s", rel);
	free(path);
	return true;
}

static bool
bundle_puts(struct bundle *b, const char *rel, const char *text, unsigned form)
{
	return bundle_put(b, rel, text, strlen(text), form);
}

/* What bundle_get asks the engine for. */
enum bundle_call {
	BUNDLE_VERSION,
	BUNDLE_INFO,
	BUNDLE_DF,
	BUNDLE_CONTAINERS,
	BUNDLE_INSPECT, /* of a container */
	BUNDLE_LOGS, /* of a container: the last BUNDLE_LOG_TAIL lines */
	BUNDLE_EVENTS, /* from since to until */
	BUNDLE_SWARM, /* a manager's swarm, nodes, services and tasks */
	BUNDLE_NODES,
	BUNDLE_SERVICES,
	BUNDLE_TASKS,
};

struct bundle_req {
	enum bundle_call call;
	const char *id; /* the container's */
	int64_t since, until; /* Unix seconds */
};

/* Runs the request to its end; r is owned afterwards. */
static void
bundle_call(
    struct bundle *b, const struct bundle_req *q, struct docker_result *r)
{
	struct docker_logs_opts lo = {.out = true,
	    .err = true,
	    .timestamps = true,
	    .tail = true,
	    .tail_lines = BUNDLE_LOG_TAIL};
	struct docker_events_opts eo = {.since_ns = q->since * BUNDLE_NS_PER_S,
	    .until_ns = q->until * BUNDLE_NS_PER_S};
	struct docker_call *c;

	switch (q->call) {
	case BUNDLE_VERSION:
		c = docker_system_version(b->d, docker_sync_fill, r);
		break;
	case BUNDLE_INFO:
		c = docker_system_info(b->d, docker_sync_fill, r);
		break;
	case BUNDLE_DF:
		c = docker_system_df(b->d, docker_sync_fill, r);
		break;
	case BUNDLE_CONTAINERS:
		c = docker_container_list(b->d, docker_sync_fill, r);
		break;
	case BUNDLE_INSPECT:
		c = docker_container_inspect(b->d, q->id, docker_sync_fill, r);
		break;
	case BUNDLE_LOGS:
		c = docker_container_logs(
		    b->d, q->id, &lo, NULL, docker_sync_fill, r);
		break;
	case BUNDLE_SWARM:
		c = docker_swarm_inspect(b->d, docker_sync_fill, r);
		break;
	case BUNDLE_NODES:
		c = docker_node_list(b->d, docker_sync_fill, r);
		break;
	case BUNDLE_SERVICES:
		c = docker_service_list(b->d, docker_sync_fill, r);
		break;
	case BUNDLE_TASKS:
		c = docker_task_list(b->d, docker_sync_fill, r);
		break;
	case BUNDLE_EVENTS:
	default:
		c = docker_events(b->d, &eo, NULL, docker_sync_fill, r);
		break;
	}
	docker_sync_call(b->d, c, r);
}

/* The answer's body (owned), or NULL with a note about rel. */
static char *
bundle_get(
    struct bundle *b, const struct bundle_req *q, const char *rel, size_t *len)
{
	struct docker_result r;
	char *body;

	bundle_call(b, q, &r);
	/* The engine computes one disk usage at a time: wait for the other. */
	for (int i = 0; i < BUNDLE_BUSY_TRIES && r.status == DOCKER_ERR_HTTP &&
			r.message && strstr(r.message, "already running");
	     i++) {
		struct timespec pause = {0, BUNDLE_BUSY_PAUSE_NS};

		docker_result_done(&r);
		nanosleep(&pause, NULL);
		bundle_call(b, q, &r);
	}
	if (r.status != DOCKER_OK) {
		bundle_note(b, "%s: %s", rel,
		    r.message ? r.message : docker_status_str(r.status));
		docker_result_done(&r);
		return NULL;
	}
	body = r.body ? r.body : xstrdup("");
	*len = r.len;
	r.body = NULL;
	docker_result_done(&r);
	return body;
}

/* Pretty-prints a JSON body into rel. */
static void
bundle_put_json(struct bundle *b, const char *rel, const char *body, size_t len)
{
	char *cause = NULL, *pretty = decode_pretty(body, len, &cause);

	if (pretty == NULL) {
		bundle_note(b, "%s: %s", rel, cause);
		free(cause);
		return;
	}
	bundle_puts(b, rel, pretty, TEXT_LINES | TEXT_JSON);
	free(pretty);
}

/* The answer to call into rel, pretty; returns the raw body (owned) or NULL. */
static char *
bundle_json(
    struct bundle *b, const char *rel, enum bundle_call call, size_t *len)
{
	struct bundle_req q = {.call = call};
	char *body = bundle_get(b, &q, rel, len);

	if (body)
		bundle_put_json(b, rel, body, *len);
	return body;
}

/* A file name from a container's name: no slashes, no leading dot. */
static char *
bundle_fname(const char *name, const char *id)
{
	char sid[32], *s;

	if (name == NULL || *name == '\0') {
		fmt_short_id(sid, sizeof sid, id);
		name = sid;
	}
	s = xstrdup(name);
	for (char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			(*p >= '0' && *p <= '9') || *p == '_' || *p == '-' ||
			(*p == '.' && p != s)))
			*p = '_';
	return s;
}

static bool
bundle_wants_logs(const struct docker_container_detail *c)
{
	if (c->restarting || c->dead || c->oom_killed)
		return true;
	if (c->health_status && strcmp(c->health_status, "unhealthy") == 0)
		return true;
	return c->status && (strcmp(c->status, "exited") == 0 ||
				strcmp(c->status, "restarting") == 0 ||
				strcmp(c->status, "dead") == 0);
}

static void
bundle_demux(enum demux_stream s, const char *data, size_t len, void *arg)
{
	(void)s;
	buf_append(arg, data, len);
}

static void
bundle_logs(struct bundle *b, const struct docker_container_detail *c,
    const char *fname)
{
	struct bundle_req q = {.call = BUNDLE_LOGS, .id = c->id};
	char *rel = xasprintf("logs/%s.log", fname);
	struct demux dm;
	struct buf out;
	size_t len = 0;
	char *body = bundle_get(b, &q, rel, &len);

	if (body == NULL) {
		free(rel);
		return;
	}
	buf_init(&out);
	/* A TTY container's log is raw; the others are framed. */
	demux_init(&dm, c->tty, bundle_demux, &out);
	if (!demux_feed(&dm, body, len))
		bundle_note(b, "%s: the log stream was malformed", rel);
	bundle_put(b, rel, buf_cstr(&out), out.len, TEXT_LINES);
	buf_done(&out);
	free(body);
	free(rel);
}

static void
bundle_inspect(struct bundle *b, const char *id, const char *fname,
    struct docker_container_detail **out)
{
	struct bundle_req q = {.call = BUNDLE_INSPECT, .id = id};
	char *rel = xasprintf("containers/%s.inspect.json", fname);
	char *cause = NULL, *masked;
	size_t len = 0;
	char *body = bundle_get(b, &q, rel, &len);

	*out = NULL;
	if (body == NULL) {
		free(rel);
		return;
	}
	*out = decode_container_detail(body, len, &cause);
	free(cause);
	cause = NULL;
	if (b->o->unmasked) {
		bundle_put_json(b, rel, body, len);
	} else if ((masked = redact_container_env(body, len, &cause)) != NULL) {
		bundle_put_json(b, rel, masked, strlen(masked));
		free(masked);
	} else {
		/* Never write what could not be masked. */
		bundle_note(b, "%s: %s", rel, cause);
		free(cause);
	}
	free(body);
	free(rel);
}

/* The events of the last hour: written as they came, decoded for rules. */
static void
bundle_events(
    struct bundle *b, int64_t now, struct docker_event ***evs, size_t *n)
{
	struct bundle_req q = {.call = BUNDLE_EVENTS,
	    .since = now - BUNDLE_EVENTS_S,
	    .until = now};
	size_t len = 0;
	char *body = bundle_get(b, &q, "events.jsonl", &len);
	const char *p, *end;

	*evs = NULL;
	*n = 0;
	if (body == NULL)
		return;
	bundle_put(b, "events.jsonl", body, len, TEXT_LINES | TEXT_JSON);
	for (p = body, end = body + len; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
		struct docker_event *e;
		char *cause = NULL;

		if (l > 0 && (e = decode_event(p, l, &cause)) != NULL) {
			*evs = xreallocarray(*evs, *n + 1, sizeof **evs);
			(*evs)[(*n)++] = e;
		}
		free(cause);
		p += l + 1;
	}
	free(body);
}

struct bundle_nat {
	struct buf *out;
	struct docker_container_detail *const *cs;
	size_t n;
	size_t shown;
};

static const char *
bundle_owner(
    struct docker_container_detail *const *cs, size_t n, const char *ip)
{
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; cs[i] && k < cs[i]->n_nets; k++)
			if (cs[i]->nets[k].ip && *cs[i]->nets[k].ip &&
			    conntrack_addr_eq(cs[i]->nets[k].ip, ip))
				return cs[i]->name;
	return NULL;
}

static bool
bundle_nat_entry(const struct conntrack_entry *e, void *arg)
{
	struct bundle_nat *bn = arg;
	const char *who;

	if (conntrack_is_dnat(e) &&
	    (who = bundle_owner(bn->cs, bn->n, e->reply.src)) != NULL)
		buf_printf(bn->out,
		    "dnat %-5s %-12s %s:%d -> %s:%d => %s:%d  %s\n", e->l4,
		    *e->state ? e->state : "-", e->orig.src, e->orig.sport,
		    e->orig.dst, e->orig.dport, e->reply.src, e->reply.sport,
		    who);
	else if (conntrack_is_snat(e) &&
		 (who = bundle_owner(bn->cs, bn->n, e->orig.src)) != NULL)
		buf_printf(bn->out,
		    "snat %-5s %-12s %s:%d -> %s:%d as %s:%d  %s\n", e->l4,
		    *e->state ? e->state : "-", e->orig.src, e->orig.sport,
		    e->orig.dst, e->orig.dport, e->reply.dst, e->reply.dport,
		    who);
	else
		return true;
	bn->shown++;
	return true;
}

/* Connections through docker-proxy (loopback ports are not NAT'd). */
static void
bundle_proxies(
    struct buf *out, struct docker_container_detail *const *cs, size_t n)
{
	struct procnet_proxies px = {NULL, 0};
	struct procnet_socks socks = {NULL, 0};
	struct procnet_sessions ss = {NULL, 0};
	char *cause = NULL;
	size_t denied = 0;

	buf_puts(out, "\nDOCKER-PROXY SESSIONS (client -> host port => "
		      "container)\n");
	procnet_find_proxies("/proc", &px);
	if (!procnet_read("/proc/net/tcp", 4, &socks, &cause)) {
		buf_printf(out, "(not available: %s)\n", cause);
		free(cause);
		procnet_proxies_free(&px);
		return;
	}
	if (!procnet_read("/proc/net/tcp6", 6, &socks, &cause)) {
		free(cause);
		cause = NULL;
	}
	for (size_t i = 0; i < px.n; i++) {
		if (!procnet_proxy_inodes("/proc", &px.v[i])) {
			denied++;
			continue;
		}
		procnet_pair(&px.v[i], &socks, &ss);
	}
	for (size_t i = 0; i < ss.n; i++) {
		const struct procnet_session *x = &ss.v[i];
		const char *who = bundle_owner(cs, n, x->container_ip);

		buf_printf(out, "%-5s %-12s %s:%d -> %s:%d => %s:%d  %s%s\n",
		    x->proto, procnet_state_name(x->state), x->client,
		    x->client_port, x->host_ip, x->host_port,
		    x->out_inode ? x->container_ip : "?",
		    x->out_inode ? x->container_port : 0, who ? who : "?",
		    x->out_inode ? "" : " (not paired)");
	}
	if (ss.n == 0)
		buf_puts(out, denied ? "(none readable: docker-proxy's sockets "
				       "need root)\n"
				     : "(none)\n");
	procnet_sessions_free(&ss);
	procnet_socks_free(&socks);
	procnet_proxies_free(&px);
}

static void
bundle_nat(
    struct bundle *b, struct docker_container_detail *const *cs, size_t n)
{
	struct buf out, ct;
	char *cause = NULL;
	size_t ports = 0;

	buf_init(&out);
	buf_printf(&out, "PUBLISHED PORTS\n%-28s %-26s %s\n", "HOST",
	    "CONTAINER", "NAME");
	for (size_t i = 0; i < n; i++) {
		const struct docker_container_detail *c = cs[i];
		const char *ip = NULL;

		if (c == NULL)
			continue;
		for (size_t k = 0; k < c->n_nets && ip == NULL; k++)
			if (c->nets[k].ip && *c->nets[k].ip)
				ip = c->nets[k].ip;
		for (size_t k = 0; k < c->n_ports; k++) {
			const struct docker_port_binding *pb = &c->ports[k];
			char host[80], ctr[80];

			if (pb->host_port == NULL || *pb->host_port == '\0')
				continue;
			snprintf(host, sizeof host, "%s:%s",
			    pb->host_ip && *pb->host_ip ? pb->host_ip
							: "0.0.0.0",
			    pb->host_port);
			snprintf(ctr, sizeof ctr, "%s:%s", ip ? ip : "-",
			    pb->container_port ? pb->container_port : "?");
			buf_printf(&out, "%-28s %-26s %s%s\n", host, ctr,
			    c->name, c->running ? "" : " (not running)");
			ports++;
		}
	}
	if (ports == 0)
		buf_puts(&out, "(none)\n");
	buf_puts(&out, "\nNAT SESSIONS (conntrack: connections DNAT'd to "
		       "containers, and their own connections SNAT'd out)\n");
	buf_init(&ct);
	if (!endpoint_is_local(docker_endpoint(b->d)))
		buf_puts(&out, "(not available: the engine is remote)\n");
	else if (!conntrack_read_file("/proc/net/nf_conntrack", &ct, &cause)) {
		buf_printf(&out, "(not available: %s)\n", cause);
		free(cause);
	} else {
		struct bundle_nat bn = {&out, cs, n, 0};

		conntrack_parse_text(
		    buf_cstr(&ct), ct.len, bundle_nat_entry, &bn);
		if (bn.shown == 0)
			buf_puts(&out, "(none)\n");
	}
	buf_done(&ct);
	if (endpoint_is_local(docker_endpoint(b->d)))
		bundle_proxies(&out, cs, n);
	bundle_put(b, "nat.txt", buf_cstr(&out), out.len, TEXT_LINES);
	buf_done(&out);
}

static double
bundle_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * A swarm manager's cluster, for the doctor's swarm rules. Only nodes.json
 * is written: the swarm holds the join tokens, and service and task specs
 * the services' environment, which a bundle does not carry.
 */
struct bundle_swarm {
	struct docker_swarm *swarm;
	struct docker_node_list *nodes;
	struct docker_service_list *services;
	struct docker_task_list *tasks;
};

/* One swarm answer decoded, or NULL with a note. */
static void *
bundle_swarm_get(struct bundle *b, enum bundle_call call, const char *what)
{
	struct bundle_req q = {.call = call};
	size_t len = 0;
	char *why = NULL, *body = bundle_get(b, &q, what, &len);
	void *v;

	if (body == NULL)
		return NULL;
	switch (call) {
	case BUNDLE_SWARM:
		v = decode_swarm(body, len, &why);
		break;
	case BUNDLE_NODES:
		bundle_put_json(b, what, body, len);
		v = decode_node_list(body, len, &why);
		break;
	case BUNDLE_SERVICES:
		v = decode_service_list(body, len, &why);
		break;
	default:
		v = decode_task_list(body, len, &why);
		break;
	}
	if (v == NULL)
		bundle_note(b, "%s: %s", what, why ? why : "cannot be read");
	free(why);
	free(body);
	return v;
}

/* Asks a manager for its swarm and hands it to the doctor's input. */
static void
bundle_swarm(struct bundle *b, const struct docker_info *info,
    struct bundle_swarm *sw, struct doctor_input *in)
{
	memset(sw, 0, sizeof *sw);
	if (info == NULL || !info->swarm_manager)
		return;
	bundle_say(b, "  swarm: nodes, services and tasks");
	sw->swarm = bundle_swarm_get(b, BUNDLE_SWARM, "swarm");
	sw->nodes = bundle_swarm_get(b, BUNDLE_NODES, "nodes.json");
	sw->services = bundle_swarm_get(b, BUNDLE_SERVICES, "swarm services");
	sw->tasks = bundle_swarm_get(b, BUNDLE_TASKS, "swarm tasks");
	in->swarm = sw->swarm;
	in->nodes = sw->nodes;
	in->services = sw->services;
	in->tasks = sw->tasks;
	if (endpoint_is_local(docker_endpoint(b->d)))
		in->node_cert_not_after = doctor_node_cert(info);
}

static void
bundle_swarm_free(struct bundle_swarm *sw)
{
	docker_swarm_free(sw->swarm);
	docker_node_list_free(sw->nodes);
	docker_service_list_free(sw->services);
	docker_task_list_free(sw->tasks);
}

static void
bundle_doctor(struct bundle *b, struct doctor_input *in, size_t counts[3])
{
	struct doctor_probe *probes;
	struct doctor_finding *f;
	size_t np, nf;
	char *rep;

	probes = doctor_probe_plan(in->containers, in->n_containers,
	    endpoint_is_local(docker_endpoint(b->d)), &np);
	if (np > 0) {
		struct timespec pause = {0, BUNDLE_PROBE_PAUSE_NS};

		bundle_say(b, "  probing %zu published port%s", np,
		    np == 1 ? "" : "s");
		doctor_probe_start(
		    probes, np, bundle_clock(), BUNDLE_PROBE_TIMEOUT_S);
		while (!doctor_probe_poll(probes, np, bundle_clock()))
			nanosleep(&pause, NULL);
	}
	in->probes = probes;
	in->n_probes = np;
	in->now = (int64_t)bundle_clock();
	doctor_run(in, &f, &nf);
	doctor_count(f, nf, counts);
	rep = doctor_report(f, nf);
	bundle_puts(b, "doctor.txt", rep, TEXT_LINES);
	free(rep);
	doctor_findings_free(f, nf);
	doctor_probes_free(probes, np);
}

static void
bundle_summary(struct bundle *b, const struct docker_info *info,
    const struct docker_version *v, const struct docker_container_list *l,
    size_t counts[3], int64_t started)
{
	struct buf s;
	char when[40];
	time_t t = (time_t)started;
	struct tm tm;
	size_t running = 0;

	gmtime_r(&t, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	for (size_t i = 0; l && i < l->n; i++)
		if (l->v[i].state && strcmp(l->v[i].state, "running") == 0)
			running++;
	buf_init(&s);
	buf_printf(&s, "berth support bundle\n\n");
	buf_printf(&s, "written:    %s by berth %s\n", when, BERTH_VERSION);
	buf_printf(&s, "endpoint:   %s (API %s in use)\n",
	    docker_endpoint(b->d)->host_arg ? docker_endpoint(b->d)->host_arg
					    : "?",
	    docker_api_version(b->d));
	if (info)
		buf_printf(&s, "engine:     %s, Docker %s, %s %s, kernel %s\n",
		    info->name ? info->name : "?",
		    info->server_version ? info->server_version : "?",
		    info->operating_system ? info->operating_system : "?",
		    info->architecture ? info->architecture : "",
		    info->kernel_version ? info->kernel_version : "?");
	if (v)
		buf_printf(&s, "api:        %s (minimum %s)\n",
		    v->api_version ? v->api_version : "?",
		    v->min_api_version ? v->min_api_version : "?");
	buf_printf(
	    &s, "containers: %zu (%zu running)\n", l ? l->n : 0, running);
	if (info)
		buf_printf(&s, "images:     %lld\n", (long long)info->images);
	buf_printf(&s,
	    "findings:   %zu CRIT, %zu WARN, %zu INFO "
	    "(doctor.txt)\n",
	    counts[2], counts[1], counts[0]);
	buf_printf(&s, "secrets:    %s\n",
	    b->o->unmasked ? "NOT masked (--bundle-unmasked)"
			   : "environment values whose "
			     "names contain PASSWORD, PASSWD, SECRET, TOKEN, "
			     "KEY or CREDENTIAL "
			     "are masked as ***");
	buf_printf(&s, "\nfiles (%zu and this one):\n%s", b->n_files,
	    buf_cstr(&b->files));
	buf_printf(&s, "  summary.txt\n");
	if (b->notes.len)
		buf_printf(&s, "\nnot written or incomplete:\n%s",
		    buf_cstr(&b->notes));
	bundle_puts(b, "summary.txt", buf_cstr(&s), TEXT_LINES);
	buf_done(&s);
}

bool
bundle_write(struct docker *d, const char *dir, const struct bundle_opts *o,
    char **cause)
{
	static const struct bundle_opts none = {false, NULL, NULL};
	struct bundle b = {d, dir, o ? o : &none, {0}, 0, {0}};
	struct docker_container_list *list = NULL;
	struct docker_container_detail **cs = NULL;
	struct docker_info *info = NULL;
	struct docker_version *v = NULL;
	struct docker_df *df = NULL;
	struct docker_event **evs = NULL;
	struct doctor_input in;
	struct bundle_swarm sw;
	struct docker_result r;
	size_t len = 0, nev = 0, counts[3] = {0, 0, 0};
	int64_t started = (int64_t)time(NULL), info_time = 0;
	char *body, *why = NULL;

	if (!docker_negotiated(d)) {
		docker_sync_ping(d, &r);
		if (r.status != DOCKER_OK) {
			*cause =
			    xstrdup(r.message ? r.message
					      : docker_status_str(r.status));
			docker_result_done(&r);
			return false;
		}
		docker_result_done(&r);
	}
	if (!bundle_mkdirs(dir, cause))
		return false;
	buf_init(&b.files);
	buf_init(&b.notes);
	bundle_say(&b, "writing %s", dir);

	if ((body = bundle_json(&b, "version.json", BUNDLE_VERSION, &len))) {
		v = decode_version(body, len, &why);
		free(why);
		why = NULL;
		free(body);
	}
	if ((body = bundle_json(&b, "info.json", BUNDLE_INFO, &len))) {
		info_time = (int64_t)time(NULL);
		info = decode_info(body, len, &why);
		free(why);
		why = NULL;
		free(body);
	}
	bundle_say(&b, "  (disk usage can take a while)");
	if ((body = bundle_json(&b, "df.json", BUNDLE_DF, &len))) {
		df = decode_df(body, len, &why);
		free(why);
		why = NULL;
		free(body);
	}
	if ((body = bundle_json(
		 &b, "containers.json", BUNDLE_CONTAINERS, &len))) {
		list = decode_container_list(body, len, &why);
		free(why);
		why = NULL;
		free(body);
	}
	cs = xcalloc((list ? list->n : 0) + 1, sizeof *cs);
	for (size_t i = 0; list && i < list->n; i++) {
		char *fname = bundle_fname(list->v[i].name, list->v[i].id);

		bundle_inspect(&b, list->v[i].id, fname, &cs[i]);
		if (cs[i] && bundle_wants_logs(cs[i]))
			bundle_logs(&b, cs[i], fname);
		free(fname);
	}
	/* The engine's clock ends the window: ours may be ahead of it. */
	bundle_events(&b,
	    info && rfc3339_parse(info->system_time) > 0
		? rfc3339_parse(info->system_time)
		: started,
	    &evs, &nev);

	/* Containers that vanished meanwhile leave holes: close them. */
	len = 0;
	for (size_t i = 0; list && i < list->n; i++)
		if (cs[i])
			cs[len++] = cs[i];
	bundle_nat(&b, cs, len);
	memset(&in, 0, sizeof in);
	in.containers = cs;
	in.n_containers = len;
	in.info = info;
	in.info_time = info_time;
	in.version = v;
	in.client_api = docker_api_version(d);
	in.df = df;
	in.events = (const struct docker_event *const *)evs;
	in.n_events = nev;
	in.engine_wide = true;
	bundle_swarm(&b, info, &sw, &in);
	bundle_doctor(&b, &in, counts);
	bundle_summary(&b, info, v, list, counts, started);
	bundle_swarm_free(&sw);

	for (size_t i = 0; i < len; i++)
		docker_container_detail_free(cs[i]);
	free(cs);
	for (size_t i = 0; i < nev; i++)
		docker_event_free(evs[i]);
	free(evs);
	docker_container_list_free(list);
	docker_info_free(info);
	docker_version_free(v);
	docker_df_free(df);
	buf_done(&b.files);
	buf_done(&b.notes);
	return true;
}

/* The console's side: the terminal is ours while this runs. */
struct bundle_console {
	struct console *app;
	struct engine *engine; /* the one described */
	char *dir;
	char *cause;
	bool ok;
};

/* Progress lines quote the engine: through the sanitizing writer. */
static void
bundle_print(void *arg, const char *line)
{
	(void)arg;
	text_fprintf(stdout, TEXT_LINES, "%s\n", line);
	fflush(stdout);
}

/* Waits for Enter on the terminal without stdio's buffering. */
static void
bundle_wait_enter(void)
{
	char c;

	printf("\npress Enter to return to berth ");
	fflush(stdout);
	while (read(STDIN_FILENO, &c, 1) == 1 && c != '\n' && c != '\r')
		;
}

static int
bundle_console_run(void *arg)
{
	struct bundle_console *bc = arg;
	struct bundle_opts o = {false, bundle_print, NULL};
	struct docker *d;

	printf("\nberth: writing a support bundle (secrets masked)\n");
	fflush(stdout);
	/* A connection of its own: the console's transfers stay untouched. */
	d = docker_new(docker_endpoint(bc->engine->d), &bc->cause);
	if (d != NULL) {
		bc->ok = bundle_write(d, bc->dir, &o, &bc->cause);
		docker_free(d);
	}
	if (bc->ok)
		text_fprintf(
		    stdout, TEXT_LINES, "\nbundle written to %s\n", bc->dir);
	else
		text_fprintf(stdout, TEXT_LINES, "\nno bundle: %s\n",
		    bc->cause ? bc->cause : "?");
	bundle_wait_enter();
	return bc->ok ? 0 : 1;
}

/* ./berth-bundle-<time>, or under $TMPDIR when . is not writable. */
static char *
bundle_console_dir(void)
{
	char stamp[40], *cwd;
	const char *tmp = getenv("TMPDIR");
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(stamp, sizeof stamp, "berth-bundle-%Y%m%d-%H%M%S", &tm);
	if (access(".", W_OK) == 0 && (cwd = getcwd(NULL, 0)) != NULL) {
		char *r = xasprintf("%s/%s", cwd, stamp);

		free(cwd);
		return r;
	}
	return xasprintf("%s/%s", tmp && *tmp ? tmp : "/tmp", stamp);
}

void
bundle_console(struct console *a, struct engine *e)
{
	struct bundle_console bc = {a, e, bundle_console_dir(), NULL, false};

	console_with_terminal(a, bundle_console_run, &bc);
	if (bc.ok)
		console_ok(a, "support bundle written to %s", bc.dir);
	else
		console_error(
		    a, "support bundle: %s", bc.cause ? bc.cause : "?");
	free(bc.dir);
	free(bc.cause);
}
