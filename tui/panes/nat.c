/*
 * The NAT pane: the published ports of every container (with conflicts
 * and ports nothing listens behind), then the live sessions through them:
 * connections the kernel NAT'd to or from a container (conntrack) and the
 * client connections docker-proxy carries, when the engine is local; a
 * snapshot through a helper container, when the user asks, when not.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "api/buf.h"
#include "api/conntrack.h"
#include "api/decode.h"
#include "api/http.h"
#include "api/procnet.h"
#include "api/stream.h"
#include "api/xalloc.h"
#include "themes/theme.h"
#include "tui/core/app.h"
#include "tui/core/audit.h"
#include "tui/panes/panes.h"
#include "widgets/form.h"

#define NAT_CT_PATH "/proc/net/nf_conntrack"
#define NAT_ACCT_PATH "/proc/sys/net/netfilter/nf_conntrack_acct"
#define NAT_PERIOD 1.0 /* seconds between reads while visible */
#define NAT_PROXY_RESCAN 10.0 /* seconds between looks for new proxies */
#define NAT_CMD_RETRY 30.0 /* after the conntrack tool failed */
#define NAT_MAX_INSPECT 8 /* inspect calls in flight */
#define NAT_HELPER_WAIT 60.0 /* the helper gets this long to finish */

enum {
	COL_KIND,
	COL_PROTO,
	COL_SOURCE,
	COL_DEST,
	COL_TRANSLATED,
	COL_NAME,
	COL_NETWORK,
	COL_STATE,
	COL_SESSIONS,
	COL_PACKETS,
	COL_BYTES,
	COL_LEFT,
	COL_FLAG,
	COL__COUNT
};

static const struct table_col nat_cols[COL__COUNT] = {
    [COL_KIND] = {"KIND", 5, 5, 0, false},
    [COL_PROTO] = {"PROTO", 5, 6, 1, false},
    [COL_SOURCE] = {"SOURCE", 15, 21, 2, false},
    [COL_DEST] = {"DESTINATION", 15, 21, 0, false},
    [COL_TRANSLATED] = {"TRANSLATED", 15, 21, 0, false},
    [COL_NAME] = {"CONTAINER", 18, 0, 0, false},
    [COL_NETWORK] = {"NETWORK", 7, 12, 4, false},
    [COL_STATE] = {"STATE", 7, 11, 2, false},
    [COL_SESSIONS] = {"SESS", 4, 4, 1, true},
    [COL_PACKETS] = {"PACKETS", 8, 11, 5, true},
    [COL_BYTES] = {"BYTES", 8, 13, 5, true},
    [COL_LEFT] = {"LEFT", 4, 5, 4, true},
    [COL_FLAG] = {"FLAG", 4, 30, 1, false},
};

enum nat_kind {
	NAT_PORT, /* a published (or requested) port */
	NAT_PROXY, /* a client connection through docker-proxy */
	NAT_DNAT, /* a connection NAT'd to a container */
	NAT_SNAT, /* a container's connection masqueraded out */
};

static const char *const nat_kind_names[] = {"port", "proxy", "dnat", "snat"};

/* A conntrack entry that concerns a container. */
struct nat_ct {
	struct conntrack_entry e;
	enum nat_kind kind;
	char *cid; /* the container's id */
};

/* A binding from HostConfig.PortBindings. */
struct nat_binding {
	char *proto;
	int cport;
	char *host_ip; /* "" for all */
	int lo, hi; /* host ports; 0: chosen by the engine */
};

/* What inspect told about one container, and its listening sockets. */
struct nat_cinfo {
	struct pane *pane;
	char *id;
	char *state_seen; /* the list's State when fetched */
	struct docker_call *call;
	bool fetched;
	bool seen; /* still in the list (sweep) */
	int pid;
	struct nat_binding *b;
	size_t nb;
	struct procnet_socks tcp, udp; /* its network namespace */
	bool listen_ok;
};

/* An address of a container, for the lookups of every entry. */
struct nat_ip {
	unsigned char a[16];
	int fam;
	const char *cid; /* borrowed from the store for one read */
};

enum nat_step {
	NAT_H_IDLE,
	NAT_H_CREATE,
	NAT_H_START,
	NAT_H_WAIT,
	NAT_H_LOGS,
};

struct nat_priv {
	double next_read;
	double next_proxy_scan;
	double cmd_retry; /* when the tool may be tried again */
	unsigned proxy_gen; /* containers generation at the last scan */

	struct nat_ct *ct; /* kept entries, from /proc, the tool or helper */
	size_t n_ct;
	struct procnet_proxies proxies;
	struct procnet_sessions sessions;
	bool proxy_denied;
	int acct; /* 1, 0, -1 unknown */
	char *source; /* where the entries came from, or NULL */
	char *error; /* why there are none, or NULL */
	bool snapshot; /* entries are a helper's snapshot */
	bool show_closed; /* TIME_WAIT and CLOSE entries too */
	size_t n_closed_hidden; /* at the last sync */

	struct conntrack_cmd cmd;
	bool cmd_running;
	bool use_cmd; /* the /proc file is missing: use the tool */

	struct nat_cinfo **ci;
	size_t n_ci;
	size_t inflight;

	/* The helper container. */
	enum nat_step step;
	char *helper_image;
	char *helper_name; /* berth-nat-helper-RANDOM */
	char *helper_id;
	struct docker_call *helper_call;
	struct buf helper_out;
	double helper_deadline;

	char *subtitle;
	char *object; /* the last nat_object answer */
};

static void nat_helper_fail(struct pane *, const char *what, const char *why);

/* --- addresses ------------------------------------------------------ */

static bool
nat_addr(const char *s, unsigned char out[16], int *fam)
{
	static const unsigned char mapped[12] = {
	    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

	memset(out, 0, 16);
	if (s == NULL)
		return false;
	if (inet_pton(AF_INET, s, out) == 1) {
		*fam = 4;
		return true;
	}
	if (inet_pton(AF_INET6, s, out) == 1) {
		*fam = 6;
		if (memcmp(out, mapped, 12) == 0) {
			memmove(out, out + 12, 4);
			memset(out + 4, 0, 12);
			*fam = 4;
		}
		return true;
	}
	return false;
}

static int
nat_ip_cmp(const void *a, const void *b)
{
	const struct nat_ip *x = a, *y = b;

	if (x->fam != y->fam)
		return x->fam - y->fam;
	return memcmp(x->a, y->a, 16);
}

/* The container an address belongs to (id, borrowed), or NULL. */
static const char *
nat_ip_find(const struct nat_ip *map, size_t n, const char *addr)
{
	struct nat_ip key;
	const struct nat_ip *hit;

	if (n == 0 || !nat_addr(addr, key.a, &key.fam))
		return NULL;
	hit = bsearch(&key, map, n, sizeof *map, nat_ip_cmp);
	return hit ? hit->cid : NULL;
}

/*
 * Whether a container holds its addresses now. The engine's list can still
 * show the address of a container that has just exited, and the next one to
 * start may already have that address: only live containers own one.
 */
static bool
nat_has_addr(const struct docker_container *c)
{
	return c->state && (strcmp(c->state, "running") == 0 ||
			       strcmp(c->state, "paused") == 0);
}

/* Every live container address in the store, sorted for nat_ip_find. */
static struct nat_ip *
nat_ip_map(const struct store *s, size_t *n)
{
	struct nat_ip *map = NULL;

	*n = 0;
	for (size_t i = 0; s->containers && i < s->containers->n; i++) {
		const struct docker_container *c = &s->containers->v[i];

		if (!nat_has_addr(c))
			continue;
		for (size_t k = 0; k < c->n_nets; k++) {
			const char *ips[2] = {c->nets[k].ip, c->nets[k].ipv6};

			for (size_t j = 0; j < 2; j++) {
				struct nat_ip x;

				if (ips[j] == NULL || *ips[j] == '\0' ||
				    !nat_addr(ips[j], x.a, &x.fam))
					continue;
				x.cid = c->id;
				map = xreallocarray(map, *n + 1, sizeof *map);
				map[(*n)++] = x;
			}
		}
	}
	if (*n > 1)
		qsort(map, *n, sizeof *map, nat_ip_cmp);
	return map;
}

/* "addr:port", "[v6]:port" or just the address when port < 0. */
static void
nat_hostport(char *out, size_t outsz, const char *addr, int port)
{
	char a[CONNTRACK_ADDR_MAX];

	conntrack_addr_short(addr && *addr ? addr : "*", a, sizeof a);
	if (port < 0)
		snprintf(out, outsz, "%s", a);
	else if (strchr(a, ':'))
		snprintf(out, outsz, "[%s]:%d", a, port);
	else
		snprintf(out, outsz, "%s:%d", a, port);
}

static bool
nat_unspecified(const char *ip)
{
	return ip == NULL || *ip == '\0' || strcmp(ip, "0.0.0.0") == 0 ||
	       strcmp(ip, "::") == 0;
}

/* --- conntrack entries ---------------------------------------------- */

static void
nat_ct_clear(struct nat_priv *np)
{
	for (size_t i = 0; i < np->n_ct; i++)
		free(np->ct[i].cid);
	free(np->ct);
	np->ct = NULL;
	np->n_ct = 0;
}

struct nat_keep {
	struct nat_priv *np;
	struct nat_ip *map;
	size_t n_map;
	bool any_acct;
	size_t total;
};

/* Keeps the entries translated to or from a container's address. */
static bool
nat_keep_entry(const struct conntrack_entry *e, void *arg)
{
	struct nat_keep *k = arg;
	struct nat_priv *np = k->np;
	const char *cid = NULL;
	enum nat_kind kind = NAT_DNAT;

	k->total++;
	if (e->acct)
		k->any_acct = true;
	if (conntrack_is_dnat(e))
		cid = nat_ip_find(k->map, k->n_map, e->reply.src);
	if (cid == NULL && conntrack_is_snat(e)) {
		cid = nat_ip_find(k->map, k->n_map, e->orig.src);
		kind = NAT_SNAT;
	}
	if (cid == NULL)
		return true;
	np->ct = xreallocarray(np->ct, np->n_ct + 1, sizeof *np->ct);
	np->ct[np->n_ct].e = *e;
	np->ct[np->n_ct].kind = kind;
	np->ct[np->n_ct].cid = xstrdup(cid);
	np->n_ct++;
	return true;
}

/* Replaces the kept entries with those of a table's text. */
static void
nat_take_table(struct pane *p, const char *text, size_t len)
{
	struct nat_priv *np = p->priv;
	struct nat_keep k = {np, NULL, 0, false, 0};

	k.map = nat_ip_map(app_store(p->app), &k.n_map);
	nat_ct_clear(np);
	conntrack_parse_text(text, len, nat_keep_entry, &k);
	free(k.map);
	/* Without the sysctl (a snapshot, the tool) the entries tell. */
	if (np->acct < 0 && k.total > 0)
		np->acct = k.any_acct;
}

/* --- local reads ---------------------------------------------------- */

static void
nat_set_source(struct nat_priv *np, const char *source, char *error)
{
	free(np->source);
	np->source = source ? xstrdup(source) : NULL;
	free(np->error);
	np->error = error;
}

static void
nat_read_conntrack(struct pane *p, double now)
{
	struct nat_priv *np = p->priv;
	static const char *const argv[] = {
	    "conntrack", "-L", "-o", "extended", NULL};
	struct buf b;
	char *cause = NULL, *cause2 = NULL;

	np->acct = conntrack_acct_enabled(NAT_ACCT_PATH);
	if (!np->use_cmd) {
		buf_init(&b);
		if (conntrack_read_file(NAT_CT_PATH, &b, &cause)) {
			nat_take_table(p, buf_cstr(&b), b.len);
			nat_set_source(np, "live from " NAT_CT_PATH, NULL);
			buf_done(&b);
			return;
		}
		buf_done(&b);
	}
	if (np->cmd_running || now < np->cmd_retry) {
		free(cause);
		return;
	}
	if (conntrack_cmd_start(&np->cmd, argv, &cause2)) {
		np->cmd_running = true;
		/* Stay with the tool while it works (the file is missing). */
		np->use_cmd = cause != NULL;
		free(cause);
		return;
	}
	np->use_cmd = false;
	np->cmd_retry = now + NAT_CMD_RETRY;
	nat_ct_clear(np);
	nat_set_source(np, NULL,
	    xasprintf("no live NAT sessions: %s; %s",
		cause ? cause : NAT_CT_PATH, cause2));
	free(cause);
	free(cause2);
}

/* The conntrack tool's output, once it has exited. */
static void
nat_cmd_finished(struct pane *p, double now)
{
	struct nat_priv *np = p->priv;
	struct conntrack_cmd *c = &np->cmd;

	np->cmd_running = false;
	if (c->status == 0) {
		nat_take_table(p, buf_cstr(&c->out), c->out.len);
		nat_set_source(np, "live from conntrack -L", NULL);
	} else {
		const char *out = buf_cstr(&c->out);
		size_t len = c->out.len;
		char *last;

		/* Its complaint is the last line it printed. */
		while (len > 0 && (out[len - 1] == '\n' || out[len - 1] == ' '))
			len--;
		last = xstrndup(out, len);
		nat_ct_clear(np);
		if (access(NAT_CT_PATH, R_OK) != 0 && errno == EACCES)
			nat_set_source(np, NULL,
			    xstrdup("live NAT sessions "
				    "need root or CAP_NET_ADMIN (" NAT_CT_PATH
				    " and "
				    "conntrack -L were refused)"));
		else
			nat_set_source(np, NULL,
			    xasprintf(
				"no live NAT "
				"sessions: %s is not readable and conntrack -L "
				"failed%s%s",
				NAT_CT_PATH, len ? ": " : "",
				strrchr(last, '\n') ? strrchr(last, '\n') + 1
						    : last));
		free(last);
		np->use_cmd = false;
		np->cmd_retry = now + NAT_CMD_RETRY;
	}
	conntrack_cmd_done(c);
}

static void
nat_read_proxies(struct pane *p, double now)
{
	struct nat_priv *np = p->priv;
	const struct store *s = app_store(p->app);
	struct procnet_socks socks = {NULL, 0};
	char *cause = NULL;

	if (now >= np->next_proxy_scan ||
	    np->proxy_gen != s->gen[STORE_CONTAINERS]) {
		procnet_find_proxies("/proc", &np->proxies);
		np->next_proxy_scan = now + NAT_PROXY_RESCAN;
		np->proxy_gen = s->gen[STORE_CONTAINERS];
	} else {
		for (size_t i = 0; i < np->proxies.n;) {
			if (procnet_proxy_inodes("/proc", &np->proxies.v[i])) {
				i++;
				continue;
			}
			free(np->proxies.v[i].inodes);
			np->proxies.v[i] = np->proxies.v[--np->proxies.n];
		}
	}
	procnet_sessions_free(&np->sessions);
	np->proxy_denied = false;
	if (np->proxies.n == 0)
		return;
	if (!procnet_read("/proc/net/tcp", 4, &socks, &cause)) {
		free(cause);
		cause = NULL;
	}
	if (!procnet_read("/proc/net/tcp6", 6, &socks, &cause))
		free(cause);
	for (size_t i = 0; i < np->proxies.n; i++) {
		if (np->proxies.v[i].fds_denied)
			np->proxy_denied = true;
		procnet_pair(&np->proxies.v[i], &socks, &np->sessions);
	}
	procnet_socks_free(&socks);
}

/* The sockets that listen in a container's network namespace. */
static void
nat_read_listeners(struct nat_cinfo *ci)
{
	char path[64];
	char *cause = NULL;
	bool ok;

	procnet_socks_free(&ci->tcp);
	procnet_socks_free(&ci->udp);
	ci->listen_ok = false;
	if (ci->pid <= 0)
		return;
	snprintf(path, sizeof path, "/proc/%d/net/tcp", ci->pid);
	ok = procnet_read(path, 4, &ci->tcp, &cause);
	free(cause);
	cause = NULL;
	snprintf(path, sizeof path, "/proc/%d/net/tcp6", ci->pid);
	if (!procnet_read(path, 6, &ci->tcp, &cause))
		free(cause);
	cause = NULL;
	snprintf(path, sizeof path, "/proc/%d/net/udp", ci->pid);
	if (!procnet_read(path, 4, &ci->udp, &cause))
		free(cause);
	cause = NULL;
	snprintf(path, sizeof path, "/proc/%d/net/udp6", ci->pid);
	if (!procnet_read(path, 6, &ci->udp, &cause))
		free(cause);
	ci->listen_ok = ok;
}

/* --- inspect of every container ------------------------------------- */

static void
nat_cinfo_clear(struct nat_cinfo *ci)
{
	for (size_t i = 0; i < ci->nb; i++) {
		free(ci->b[i].proto);
		free(ci->b[i].host_ip);
	}
	free(ci->b);
	ci->b = NULL;
	ci->nb = 0;
	procnet_socks_free(&ci->tcp);
	procnet_socks_free(&ci->udp);
	ci->listen_ok = false;
}

static void
nat_cinfo_free(struct pane *p, struct nat_cinfo *ci)
{
	struct nat_priv *np = p->priv;

	if (ci->call) {
		docker_cancel(app_docker(p->app), ci->call);
		np->inflight--;
	}
	nat_cinfo_clear(ci);
	free(ci->id);
	free(ci->state_seen);
	free(ci);
}

/* "8000-8010" or "8080" into lo, hi; "" is 0 (the engine picks). */
static void
nat_port_range(const char *s, int *lo, int *hi)
{
	char *end;
	long a, b;

	*lo = *hi = 0;
	if (s == NULL || *s == '\0')
		return;
	a = strtol(s, &end, 10);
	b = a;
	if (*end == '-')
		b = strtol(end + 1, &end, 10);
	if (*end != '\0' || a < 1 || b < a || b > 65535)
		return;
	*lo = (int)a;
	*hi = (int)b;
}

static void
nat_on_inspect(const struct docker_reply *r, void *arg)
{
	struct nat_cinfo *ci = arg;
	struct pane *p = ci->pane;
	struct nat_priv *np = p->priv;
	struct docker_container_detail *d;
	char *cause = NULL;

	ci->call = NULL;
	np->inflight--;
	ci->fetched = true;
	p->dirty = true;
	app_dirty(p->app);
	if (r->status != DOCKER_OK ||
	    (d = decode_container_detail(r->body, r->len, &cause)) == NULL) {
		free(cause);
		return;
	}
	nat_cinfo_clear(ci);
	ci->pid = d->running ? d->pid : 0;
	for (size_t i = 0; i < d->n_bindings; i++) {
		const struct docker_port_binding *pb = &d->bindings[i];
		struct nat_binding *b;
		const char *slash;

		if (pb->container_port == NULL)
			continue;
		ci->b = xreallocarray(ci->b, ci->nb + 1, sizeof *ci->b);
		b = &ci->b[ci->nb++];
		slash = strchr(pb->container_port, '/');
		b->cport = atoi(pb->container_port);
		b->proto = xstrdup(slash ? slash + 1 : "tcp");
		b->host_ip = xstrdup(pb->host_ip ? pb->host_ip : "");
		nat_port_range(pb->host_port, &b->lo, &b->hi);
	}
	docker_container_detail_free(d);
	if (app_engine_local(p->app))
		nat_read_listeners(ci);
}

/* Starts inspects of the containers that are new or changed state. */
static void
nat_fetch(struct pane *p)
{
	struct nat_priv *np = p->priv;
	const struct store *s = app_store(p->app);

	if (s->containers == NULL)
		return;
	for (size_t i = 0; i < np->n_ci; i++)
		np->ci[i]->seen = false;
	for (size_t i = 0; i < s->containers->n; i++) {
		const struct docker_container *c = &s->containers->v[i];
		const char *st = c->state ? c->state : "";
		struct nat_cinfo *ci = NULL;

		for (size_t k = 0; k < np->n_ci && ci == NULL; k++)
			if (strcmp(np->ci[k]->id, c->id) == 0)
				ci = np->ci[k];
		if (ci == NULL) {
			ci = xcalloc(1, sizeof *ci);
			ci->pane = p;
			ci->id = xstrdup(c->id);
			np->ci =
			    xreallocarray(np->ci, np->n_ci + 1, sizeof *np->ci);
			np->ci[np->n_ci++] = ci;
		}
		ci->seen = true;
		if (ci->state_seen && strcmp(ci->state_seen, st) != 0) {
			/* Restarted or stopped: a new pid, new bindings. */
			ci->fetched = false;
			free(ci->state_seen);
			ci->state_seen = NULL;
		}
		if (ci->fetched || ci->call || np->inflight >= NAT_MAX_INSPECT)
			continue;
		{
			char *esc = http_escape(c->id);
			char *path = xasprintf("/containers/%s/json", esc);

			free(ci->state_seen);
			ci->state_seen = xstrdup(st);
			ci->call = docker_get(
			    app_docker(p->app), path, nat_on_inspect, ci);
			np->inflight++;
			free(path);
			free(esc);
		}
	}
	for (size_t i = 0; i < np->n_ci;) {
		if (np->ci[i]->seen) {
			i++;
			continue;
		}
		nat_cinfo_free(p, np->ci[i]);
		np->ci[i] = np->ci[--np->n_ci];
	}
}

static struct nat_cinfo *
nat_cinfo_find(const struct nat_priv *np, const char *id)
{
	for (size_t i = 0; i < np->n_ci; i++)
		if (strcmp(np->ci[i]->id, id) == 0)
			return np->ci[i];
	return NULL;
}

/* --- the timer ------------------------------------------------------ */

static bool
nat_windows(const struct pane *p)
{
	return strcmp(app_os_type(p->app), "windows") == 0;
}

static bool
nat_live(const struct pane *p)
{
	return app_engine_local(p->app) && !nat_windows(p);
}

static double
nat_tick(struct pane *p, double now)
{
	struct nat_priv *np = p->priv;
	double due;

	if (np->step == NAT_H_WAIT && now >= np->helper_deadline)
		nat_helper_fail(p, "wait", "the helper did not finish in time");
	due = np->step == NAT_H_WAIT ? np->helper_deadline : 0;
	if (!p->visible) {
		if (np->cmd_running) {
			conntrack_cmd_done(&np->cmd);
			np->cmd_running = false;
		}
		return due;
	}
	if (np->cmd_running) {
		if (conntrack_cmd_poll(&np->cmd)) {
			nat_cmd_finished(p, now);
			p->dirty = true;
			app_dirty(p->app);
		} else
			/* The loop cannot wait on the pipe: look again soon. */
			return now + 0.05;
	}
	if (now >= np->next_read) {
		np->next_read = now + NAT_PERIOD;
		nat_fetch(p);
		if (nat_live(p)) {
			nat_read_conntrack(p, now);
			nat_read_proxies(p, now);
			for (size_t i = 0; i < np->n_ci; i++)
				if (np->ci[i]->fetched && np->ci[i]->nb > 0)
					nat_read_listeners(np->ci[i]);
		}
		p->dirty = true;
		app_dirty(p->app);
		if (np->cmd_running)
			return now + 0.05;
	}
	return due && due < np->next_read ? due : np->next_read;
}

static void
nat_visible(struct pane *p, bool on)
{
	struct nat_priv *np = p->priv;

	if (on)
		np->next_read = 0;
}

/* --- rows ----------------------------------------------------------- */

/* One port a container asked for or got, for the conflict check. */
struct nat_req {
	const char *cid;
	const char *name;
	const char *proto;
	const char *ip;
	int lo, hi;
};

static bool
nat_ips_overlap(const char *a, const char *b)
{
	bool a6, b6;

	if (a == NULL || *a == '\0' || b == NULL || *b == '\0')
		return true;
	a6 = strchr(a, ':') != NULL;
	b6 = strchr(b, ':') != NULL;
	if (a6 != b6)
		return false;
	return nat_unspecified(a) || nat_unspecified(b) ||
	       conntrack_addr_eq(a, b);
}

/* The other container that wants the same host port, or NULL. */
static const char *
nat_conflict(const struct nat_req *r, size_t n, const char *cid,
    const char *proto, const char *ip, int port)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(r[i].cid, cid) != 0 && port >= r[i].lo &&
		    port <= r[i].hi && strcmp(r[i].proto, proto) == 0 &&
		    nat_ips_overlap(r[i].ip, ip))
			return r[i].name;
	return NULL;
}

static struct nat_req *
nat_requests(struct nat_priv *np, const struct store *s, size_t *n)
{
	struct nat_req *r = NULL;

	*n = 0;
	for (size_t i = 0; s->containers && i < s->containers->n; i++) {
		const struct docker_container *c = &s->containers->v[i];
		const struct nat_cinfo *ci = nat_cinfo_find(np, c->id);
		bool live = false;

		for (size_t k = 0; nat_has_addr(c) && k < c->n_ports; k++) {
			const struct docker_port *pt = &c->ports[k];

			if (pt->public_port <= 0)
				continue;
			live = true;
			r = xreallocarray(r, *n + 1, sizeof *r);
			r[(*n)++] = (struct nat_req){c->id, c->name,
			    pt->type ? pt->type : "tcp", pt->ip,
			    pt->public_port, pt->public_port};
		}
		/* Stopped ones still claim what they will ask for. */
		for (size_t k = 0; !live && ci && k < ci->nb; k++) {
			if (ci->b[k].lo == 0)
				continue;
			r = xreallocarray(r, *n + 1, sizeof *r);
			r[(*n)++] =
			    (struct nat_req){c->id, c->name, ci->b[k].proto,
				ci->b[k].host_ip, ci->b[k].lo, ci->b[k].hi};
		}
	}
	return r;
}

static void
nat_fmt_left(char *out, size_t outsz, int64_t s)
{
	if (s < 0)
		snprintf(out, outsz, "-");
	else if (s < 120)
		snprintf(out, outsz, "%llds", (long long)s);
	else if (s < 7200)
		snprintf(out, outsz, "%lldm", (long long)(s / 60));
	else if (s < 172800)
		snprintf(out, outsz, "%lldh", (long long)(s / 3600));
	else
		snprintf(out, outsz, "%lldd", (long long)(s / 86400));
}

static void
nat_fmt_bytes(char *out, size_t outsz, int64_t n)
{
	if (n < 10000)
		snprintf(out, outsz, "%lldB", (long long)n);
	else if (n < 10000000)
		snprintf(out, outsz, "%lldkB", (long long)(n / 1000));
	else
		snprintf(out, outsz, "%lldMB", (long long)(n / 1000000));
}

/* The network a container reaches an address on, or "". */
static const char *
nat_network_of(const struct docker_container *c, const char *ip)
{
	for (size_t k = 0; c && k < c->n_nets; k++)
		if ((c->nets[k].ip && conntrack_addr_eq(c->nets[k].ip, ip)) ||
		    (c->nets[k].ipv6 && conntrack_addr_eq(c->nets[k].ipv6, ip)))
			return c->nets[k].network ? c->nets[k].network : "";
	return "";
}

static int
nat_state_role(const char *state)
{
	if (state == NULL)
		return 0;
	if (strcmp(state, "running") == 0)
		return THEME_ROLE_RUNNING;
	if (strcmp(state, "paused") == 0)
		return THEME_ROLE_PAUSED;
	return THEME_ROLE_STOPPED;
}

/* Live sessions to one published port of a container at ip. */
static int64_t
nat_count_sessions(const struct nat_priv *np, const char *cid, const char *ip,
    int cport, int hport, const char *proto)
{
	int64_t n = 0;

	for (size_t i = 0; i < np->n_ct; i++) {
		const struct nat_ct *x = &np->ct[i];

		if (x->kind == NAT_DNAT && strcmp(x->cid, cid) == 0 &&
		    x->e.reply.sport == cport && x->e.orig.dport == hport &&
		    strcmp(x->e.l4, proto) == 0 && !conntrack_is_closed(&x->e))
			n++;
	}
	for (size_t i = 0; ip && i < np->sessions.n; i++) {
		const struct procnet_session *ss = &np->sessions.v[i];

		if (ss->container_port == cport && ss->host_port == hport &&
		    strcmp(ss->proto, proto) == 0 &&
		    conntrack_addr_eq(ss->container_ip, ip))
			n++;
	}
	return n;
}

static void
nat_port_row(struct pane *p, const struct docker_container *c,
    const char *proto, const char *host_ip, int hport, int hi, int cport,
    const char *ip, const char *net, const struct nat_req *reqs, size_t n_reqs)
{
	struct nat_priv *np = p->priv;
	const struct nat_cinfo *ci = nat_cinfo_find(np, c->id);
	struct pane_row *r;
	char id[512], hp[80], cp[80];
	const char *other = NULL;
	bool running = c->state && strcmp(c->state, "running") == 0;
	int64_t n;

	snprintf(id, sizeof id, "port:%s:%s:%d/%s:%s", c->id,
	    host_ip ? host_ip : "", hport, proto, net ? net : "");
	r = pane_add_row(p, id);
	pane_cell(p, r, COL_KIND, nat_kind_names[NAT_PORT]);
	pane_key(p, r, COL_KIND, NAT_PORT);
	pane_cell(p, r, COL_PROTO, proto);
	pane_cell(p, r, COL_SOURCE, "");
	if (hport == 0)
		snprintf(hp, sizeof hp, "%s:(any)",
		    nat_unspecified(host_ip) ? "*" : host_ip);
	else if (hi > hport)
		snprintf(hp, sizeof hp, "%s:%d-%d",
		    nat_unspecified(host_ip) ? "*" : host_ip, hport, hi);
	else
		nat_hostport(hp, sizeof hp,
		    nat_unspecified(host_ip) ? "*" : host_ip, hport);
	pane_cell(p, r, COL_DEST, hp);
	nat_hostport(cp, sizeof cp, ip ? ip : "-", cport);
	pane_cell(p, r, COL_TRANSLATED, cp);
	pane_cell(p, r, COL_NAME, c->name);
	pane_cell(p, r, COL_NETWORK, net ? net : "");
	pane_cell(p, r, COL_STATE, c->state);
	pane_role(p, r, COL_STATE, nat_state_role(c->state));
	/* Counts only where sessions can be seen at all. */
	if (running && hport > 0 &&
	    ((nat_live(p) && np->error == NULL) || np->snapshot)) {
		n = nat_count_sessions(np, c->id, ip, cport, hport, proto);
		pane_cellf(p, r, COL_SESSIONS, "%lld", (long long)n);
		pane_key(p, r, COL_SESSIONS, n);
	}
	if (hport > 0)
		other =
		    nat_conflict(reqs, n_reqs, c->id, proto, host_ip, hport);
	if (other) {
		pane_cellf(p, r, COL_FLAG, "port clash: %s", other);
		pane_role(p, r, COL_FLAG, THEME_ROLE_WARN);
	} else if (running && ci && ci->listen_ok &&
		   !procnet_listens(
		       strcmp(proto, "udp") == 0 ? &ci->udp : &ci->tcp, cport,
		       strcmp(proto, "udp") == 0)) {
		pane_cellf(p, r, COL_FLAG, "nothing listening on %d", cport);
		pane_role(p, r, COL_FLAG, THEME_ROLE_WARN);
	}
}

static void
nat_sync_ports(struct pane *p)
{
	struct nat_priv *np = p->priv;
	const struct store *s = app_store(p->app);
	struct nat_req *reqs;
	size_t n_reqs;

	if (s->containers == NULL)
		return;
	reqs = nat_requests(np, s, &n_reqs);
	for (size_t i = 0; i < s->containers->n; i++) {
		const struct docker_container *c = &s->containers->v[i];
		const struct nat_cinfo *ci = nat_cinfo_find(np, c->id);
		bool live = false;

		for (size_t k = 0; nat_has_addr(c) && k < c->n_ports; k++) {
			const struct docker_port *pt = &c->ports[k];
			const char *proto = pt->type ? pt->type : "tcp";
			bool v6 = pt->ip && strchr(pt->ip, ':');
			size_t shown = 0;

			if (pt->public_port <= 0)
				continue;
			live = true;
			/* One row per network the container is on. */
			for (size_t j = 0; j < c->n_nets; j++) {
				const char *ip =
				    v6 && c->nets[j].ipv6 && *c->nets[j].ipv6
					? c->nets[j].ipv6
					: c->nets[j].ip;

				if (ip == NULL || *ip == '\0')
					continue;
				nat_port_row(p, c, proto, pt->ip,
				    pt->public_port, pt->public_port,
				    pt->private_port, ip, c->nets[j].network,
				    reqs, n_reqs);
				shown++;
			}
			if (shown == 0)
				nat_port_row(p, c, proto, pt->ip,
				    pt->public_port, pt->public_port,
				    pt->private_port, NULL, NULL, reqs, n_reqs);
		}
		for (size_t k = 0; !live && ci && k < ci->nb; k++)
			nat_port_row(p, c, ci->b[k].proto, ci->b[k].host_ip,
			    ci->b[k].lo, ci->b[k].hi, ci->b[k].cport, NULL,
			    NULL, reqs, n_reqs);
	}
	free(reqs);
}

static void
nat_sync_proxies(struct pane *p)
{
	struct nat_priv *np = p->priv;
	const struct store *s = app_store(p->app);
	size_t n_map;
	struct nat_ip *map = nat_ip_map(s, &n_map);

	for (size_t i = 0; i < np->sessions.n; i++) {
		const struct procnet_session *ss = &np->sessions.v[i];
		const char *cid = nat_ip_find(map, n_map, ss->container_ip);
		const struct docker_container *c =
		    cid ? store_container(s, cid) : NULL;
		struct pane_row *r;
		char id[64], buf[80];

		snprintf(id, sizeof id, "proxy:%llu",
		    (unsigned long long)ss->in_inode);
		r = pane_add_row(p, id);
		pane_cell(p, r, COL_KIND, nat_kind_names[NAT_PROXY]);
		pane_key(p, r, COL_KIND, NAT_PROXY);
		pane_cell(p, r, COL_PROTO, ss->proto);
		nat_hostport(buf, sizeof buf, ss->client, ss->client_port);
		pane_cell(p, r, COL_SOURCE, buf);
		nat_hostport(buf, sizeof buf, ss->host_ip, ss->host_port);
		pane_cell(p, r, COL_DEST, buf);
		nat_hostport(
		    buf, sizeof buf, ss->container_ip, ss->container_port);
		pane_cell(p, r, COL_TRANSLATED, buf);
		pane_cell(p, r, COL_NAME, c ? c->name : "?");
		pane_cell(
		    p, r, COL_NETWORK, nat_network_of(c, ss->container_ip));
		pane_cell(p, r, COL_STATE, procnet_state_name(ss->state));
		if (ss->state != PROCNET_ESTABLISHED)
			pane_role(p, r, COL_STATE, THEME_ROLE_DIM);
		pane_cell(p, r, COL_PACKETS, "-");
		pane_cellf(p, r, COL_FLAG, "docker-proxy pid %d%s", ss->pid,
		    ss->out_inode ? "" : ", not paired");
		pane_role(p, r, COL_FLAG,
		    ss->out_inode ? THEME_ROLE_DIM : THEME_ROLE_WARN);
	}
	free(map);
}

/* A row id that stays the same while the connection lives. */
static void
nat_ct_id(const struct nat_ct *x, char *out, size_t outsz)
{
	const struct conntrack_tuple *o = &x->e.orig;

	snprintf(out, outsz, "ct:%s:%s:%d:%s:%d:%d:%d", x->e.l4, o->src,
	    o->sport < 0 ? o->icmp_id : o->sport, o->dst, o->dport, x->e.zone,
	    (int)x->kind);
}

static void
nat_sync_ct(struct pane *p)
{
	struct nat_priv *np = p->priv;
	const struct store *s = app_store(p->app);

	np->n_closed_hidden = 0;
	for (size_t i = 0; i < np->n_ct; i++) {
		const struct nat_ct *x = &np->ct[i];
		const struct conntrack_entry *e = &x->e;
		const struct docker_container *c = store_container(s, x->cid);
		const struct conntrack_tuple *o = &e->orig, *rp = &e->reply;
		struct pane_row *r;
		char id[256], buf[80], b1[24], b2[24];
		const char *tip = x->kind == NAT_DNAT ? rp->src : rp->dst;
		int tport = x->kind == NAT_DNAT ? rp->sport : rp->dport;

		/* A closed connection lingers in the table for minutes. */
		if (!np->show_closed && conntrack_is_closed(e)) {
			np->n_closed_hidden++;
			continue;
		}
		nat_ct_id(x, id, sizeof id);
		r = pane_add_row(p, id);
		pane_cell(p, r, COL_KIND, nat_kind_names[x->kind]);
		pane_key(p, r, COL_KIND, x->kind);
		pane_cell(p, r, COL_PROTO, e->l4);
		nat_hostport(buf, sizeof buf, o->src, o->sport);
		pane_cell(p, r, COL_SOURCE, buf);
		nat_hostport(buf, sizeof buf, o->dst, o->dport);
		pane_cell(p, r, COL_DEST, buf);
		nat_hostport(buf, sizeof buf, tip, tport);
		pane_cell(p, r, COL_TRANSLATED, buf);
		pane_cell(p, r, COL_NAME, c ? c->name : "?");
		pane_cell(p, r, COL_NETWORK,
		    nat_network_of(c, x->kind == NAT_DNAT ? rp->src : o->src));
		if (e->state[0])
			pane_cell(p, r, COL_STATE, e->state);
		else
			pane_cell(p, r, COL_STATE,
			    e->flags & CONNTRACK_UNREPLIED ? "UNREPLIED"
			    : e->flags & CONNTRACK_ASSURED ? "ASSURED"
							   : "");
		if (conntrack_is_closed(e) || (e->flags & CONNTRACK_UNREPLIED))
			pane_role(p, r, COL_STATE, THEME_ROLE_DIM);
		if (e->acct) {
			pane_cellf(p, r, COL_PACKETS, "%lld/%lld",
			    (long long)o->packets, (long long)rp->packets);
			pane_key(p, r, COL_PACKETS, o->packets + rp->packets);
			nat_fmt_bytes(b1, sizeof b1, o->bytes);
			nat_fmt_bytes(b2, sizeof b2, rp->bytes);
			pane_cellf(p, r, COL_BYTES, "%s/%s", b1, b2);
			pane_key(p, r, COL_BYTES, o->bytes + rp->bytes);
		} else {
			pane_cell(p, r, COL_PACKETS, "acct off");
			pane_role(p, r, COL_PACKETS, THEME_ROLE_DIM);
		}
		nat_fmt_left(buf, sizeof buf, e->timeout);
		pane_cell(p, r, COL_LEFT, buf);
		pane_key(p, r, COL_LEFT, e->timeout);
		if (e->flags & (CONNTRACK_OFFLOAD | CONNTRACK_HW_OFFLOAD))
			pane_cell(p, r, COL_FLAG,
			    e->flags & CONNTRACK_HW_OFFLOAD ? "hw offload"
							    : "offload");
		else if (x->kind == NAT_DNAT && conntrack_is_snat(e))
			pane_cell(p, r, COL_FLAG, "also source NAT'd");
	}
}

static void
nat_update_subtitle(struct pane *p)
{
	struct nat_priv *np = p->priv;
	struct buf b;

	buf_init(&b);
	if (nat_windows(p))
		buf_puts(&b, "published ports only: WinNAT sessions cannot be "
			     "read through the Engine API");
	else if (!app_engine_local(p->app) && !np->snapshot)
		buf_puts(&b, "live NAT sessions need access to the engine's "
			     "host (H: read them through a helper container)");
	else {
		if (np->step != NAT_H_IDLE)
			buf_puts(&b, "helper container running… ");
		if (np->error)
			buf_puts(&b, np->error);
		else if (np->source)
			buf_puts(&b, np->source);
		if (np->acct == 0)
			buf_printf(&b,
			    "%saccounting off: sysctl "
			    "net.netfilter.nf_conntrack_acct=1",
			    b.len ? "; " : "");
		if (np->proxy_denied)
			buf_printf(&b, "%sdocker-proxy sessions need root",
			    b.len ? "; " : "");
		if (np->n_closed_hidden > 0)
			buf_printf(&b, "%s%zu closed hidden (z shows)",
			    b.len ? "; " : "", np->n_closed_hidden);
		else if (np->show_closed)
			buf_printf(
			    &b, "%sclosed shown (z hides)", b.len ? "; " : "");
	}
	free(np->subtitle);
	np->subtitle = buf_steal(&b);
}

static void
nat_sync(struct pane *p)
{
	nat_sync_ports(p);
	nat_sync_proxies(p);
	nat_sync_ct(p);
	nat_update_subtitle(p);
}

static const char *
nat_subtitle(struct pane *p)
{
	struct nat_priv *np = p->priv;

	return np->subtitle;
}

static const char *
nat_empty(struct pane *p)
{
	const struct store *s = app_store(p->app);

	if (s->error[STORE_CONTAINERS])
		return s->error[STORE_CONTAINERS];
	if (!s->loaded[STORE_CONTAINERS])
		return "loading containers…";
	if (nat_windows(p))
		return "no published ports (WinNAT sessions cannot be read "
		       "through the Engine API)";
	if (!app_engine_local(p->app))
		return "no published ports; live NAT sessions need access to "
		       "the engine's host (H: helper container)";
	return "no published ports and no NAT sessions";
}

/* --- the helper container ------------------------------------------- */

static void nat_helper_step(struct pane *, const struct docker_reply *);

static void
nat_helper_cb(const struct docker_reply *r, void *arg)
{
	struct pane *p = arg;
	struct nat_priv *np = p->priv;

	np->helper_call = NULL;
	nat_helper_step(p, r);
	p->dirty = true;
	app_dirty(p->app);
}

static void
nat_helper_delete_cb(const struct docker_reply *r, void *arg)
{
	struct app *app = arg;

	if (r->status != DOCKER_OK && r->http_status != 404)
		app_error(app, "nat helper: remove: %s",
		    r->message ? r->message : docker_status_str(r->status));
}

/* Removes the helper container (whatever state it is in). */
static void
nat_helper_remove(struct pane *p)
{
	struct nat_priv *np = p->priv;
	char *path;

	if (np->helper_call) {
		docker_cancel(app_docker(p->app), np->helper_call);
		np->helper_call = NULL;
	}
	if (np->helper_id) {
		path = xasprintf("/containers/%s?force=1&v=1", np->helper_id);
		docker_request(app_docker(p->app), "DELETE", path, NULL, 0,
		    nat_helper_delete_cb, p->app);
		free(path);
		free(np->helper_id);
		np->helper_id = NULL;
	}
	np->step = NAT_H_IDLE;
	buf_done(&np->helper_out);
}

/* One audit line per helper run: it creates and removes a container. */
static void
nat_helper_audit(struct pane *p, const char *result)
{
	struct nat_priv *np = p->priv;
	char *act = xasprintf(
	    "nat-helper %s", np->helper_image ? np->helper_image : "");

	audit_log(p->app, act, np->helper_name ? np->helper_name : "", result);
	free(act);
}

static void
nat_helper_fail(struct pane *p, const char *what, const char *why)
{
	char *res = xasprintf("error: %s: %s", what, why);

	nat_helper_audit(p, res);
	free(res);
	app_error(p->app, "nat helper: %s: %s", what, why);
	nat_helper_remove(p);
	p->dirty = true;
}

static void
nat_helper_demux(enum demux_stream s, const char *data, size_t len, void *arg)
{
	struct buf *b = arg;

	if (s == DEMUX_STDOUT || s == DEMUX_STDERR)
		buf_append(b, data, len);
}

static void
nat_helper_step(struct pane *p, const struct docker_reply *r)
{
	struct nat_priv *np = p->priv;
	struct docker *d = app_docker(p->app);
	static const char *const what[] = {
	    "idle", "create", "start", "wait", "logs"};
	char *path, *cause = NULL;
	struct demux dm;

	if (r->status != DOCKER_OK) {
		nat_helper_fail(p, what[np->step],
		    r->message ? r->message : docker_status_str(r->status));
		return;
	}
	switch (np->step) {
	case NAT_H_CREATE:
		np->helper_id = decode_id(r->body, r->len, &cause);
		if (np->helper_id == NULL) {
			nat_helper_fail(p, "create", cause ? cause : "no id");
			free(cause);
			return;
		}
		np->step = NAT_H_START;
		path = xasprintf("/containers/%s/start", np->helper_id);
		np->helper_call =
		    docker_request(d, "POST", path, NULL, 0, nat_helper_cb, p);
		free(path);
		return;
	case NAT_H_START:
		np->step = NAT_H_WAIT;
		np->helper_deadline = store_now() + NAT_HELPER_WAIT;
		path = xasprintf("/containers/%s/wait", np->helper_id);
		np->helper_call =
		    docker_request(d, "POST", path, NULL, 0, nat_helper_cb, p);
		free(path);
		return;
	case NAT_H_WAIT:
		np->step = NAT_H_LOGS;
		path = xasprintf(
		    "/containers/%s/logs?stdout=1&stderr=1", np->helper_id);
		np->helper_call = docker_get(d, path, nat_helper_cb, p);
		free(path);
		return;
	case NAT_H_LOGS:
		buf_init(&np->helper_out);
		demux_init(&dm, false, nat_helper_demux, &np->helper_out);
		demux_feed(&dm, r->body, r->len);
		np->acct = -1;
		nat_take_table(
		    p, buf_cstr(&np->helper_out), np->helper_out.len);
		{
			char when[16];
			time_t t = time(NULL);
			struct tm tm;

			localtime_r(&t, &tm);
			strftime(when, sizeof when, "%H:%M:%S", &tm);
			free(np->source);
			np->source = xasprintf("helper snapshot at %s (H: "
					       "again)",
			    when);
			free(np->error);
			np->error = NULL;
		}
		if (np->n_ct == 0 && np->helper_out.len > 0 &&
		    strstr(buf_cstr(&np->helper_out), "src=") == NULL) {
			/* cat complained: show what it said. */
			char *msg = xstrndup(buf_cstr(&np->helper_out),
			    strcspn(buf_cstr(&np->helper_out), "\n"));

			free(np->error);
			np->error = xasprintf("helper: %s", msg);
			free(msg);
		}
		np->snapshot = true;
		app_ok(p->app, "nat helper: %zu NAT sessions read", np->n_ct);
		{
			char *res = xasprintf(
			    "ok (%zu NAT sessions read; removed)", np->n_ct);

			nat_helper_audit(p, res);
			free(res);
		}
		nat_helper_remove(p);
		return;
	case NAT_H_IDLE:
		return;
	}
}

/*
 * Removes helpers left behind (berth quit while one ran): every container
 * with the helper's label but the one being made now.
 */
static void
nat_helper_on_list(const struct docker_reply *r, void *arg)
{
	struct pane *p = arg;
	struct nat_priv *np = p->priv;
	struct docker_container_list *l;
	char *cause = NULL;

	if (r->status != DOCKER_OK ||
	    (l = decode_container_list(r->body, r->len, &cause)) == NULL) {
		free(cause);
		return;
	}
	for (size_t i = 0; i < l->n; i++) {
		char *path;

		if (np->helper_name && l->v[i].name &&
		    strcmp(l->v[i].name, np->helper_name) == 0)
			continue;
		path = xasprintf("/containers/%s?force=1&v=1", l->v[i].id);
		docker_request(app_docker(p->app), "DELETE", path, NULL, 0,
		    nat_helper_delete_cb, p->app);
		free(path);
	}
	docker_container_list_free(l);
}

static void
nat_helper_sweep(struct pane *p)
{
	char *filter = http_escape("{\"label\":[\"org.berth.helper=nat\"]}");
	char *path = xasprintf("/containers/json?all=1&filters=%s", filter);

	docker_get(app_docker(p->app), path, nat_helper_on_list, p);
	free(path);
	free(filter);
}

static void
nat_helper_answer(struct app *app, bool yes, void *arg)
{
	struct pane *p = arg;
	struct nat_priv *np = p->priv;
	char *body, *path, rnd[9];
	unsigned v;

	if (!yes) {
		free(np->helper_name);
		np->helper_name = NULL;
		nat_helper_audit(p, "cancelled");
		return;
	}
	/* The action was checked; the answer comes later: check again. */
	if (app_read_only(app)) {
		app_error(app, "read-only mode: nat-helper refused");
		nat_helper_audit(p, "refused: read-only");
		return;
	}
	if (np->step != NAT_H_IDLE || np->helper_image == NULL)
		return;
	body = conntrack_helper_body(np->helper_image);
	if (body == NULL) {
		app_error(app, "nat helper: bad image name");
		return;
	}
	v = (unsigned)time(NULL) ^ ((unsigned)clock() << 12) ^
	    (unsigned)(uintptr_t)p;
	snprintf(rnd, sizeof rnd, "%08x", v);
	free(np->helper_name);
	np->helper_name = xasprintf("berth-nat-helper-%s", rnd);
	nat_helper_sweep(p);
	path = xasprintf("/containers/create?name=%s", np->helper_name);
	np->step = NAT_H_CREATE;
	np->helper_call = docker_request(app_docker(app), "POST", path, body,
	    strlen(body), nat_helper_cb, p);
	app_info(app, "nat helper: starting %s", np->helper_image);
	free(path);
	free(body);
}

static void
nat_helper_ask(struct pane *p, const char *image)
{
	struct nat_priv *np = p->priv;
	const char *engine = docker_endpoint(app_docker(p->app))->host_arg;
	char *lines[7];

	free(np->helper_image);
	np->helper_image = xstrdup(image);
	lines[0] = xasprintf("Run a short-lived container on %s to read the "
			     "host's connection tracking table?",
	    engine);
	lines[1] = xasprintf("image: %s", image);
	lines[2] = xstrdup("with: --network host --cap-add NET_ADMIN "
			   "--userns host --user 0");
	lines[3] = xstrdup("command: cat /proc/net/nf_conntrack");
	lines[4] = xstrdup("It is removed once its output is read; it "
			   "changes nothing on the host.");
	lines[5] = xstrdup("The image is not pulled: it must be on the "
			   "engine and have cat.");
	lines[6] = NULL;
	app_confirm(
	    p->app, "NAT helper container", lines, nat_helper_answer, p);
	for (size_t i = 0; lines[i]; i++)
		free(lines[i]);
}

struct nat_prompt {
	struct pane *p;
	struct form f;
};

static bool
nat_prompt_key(void *arg, int key)
{
	struct nat_prompt *np = arg;
	enum form_result r = form_key(&np->f, key);
	const char *img;

	if (r == FORM_CANCELLED)
		return false;
	if (r != FORM_SUBMIT)
		return true;
	img = form_text(&np->f, 0);
	while (*img == ' ')
		img++;
	if (*img == '\0') {
		form_set_error(&np->f, 0, "an image with cat, e.g. busybox");
		return true;
	}
	nat_helper_ask(np->p, img);
	return false;
}

static void
nat_prompt_draw(void *arg, WINDOW *w, int h, int wd)
{
	struct nat_prompt *np = arg;

	form_draw(&np->f, w);
}

static void
nat_prompt_free(void *arg)
{
	struct nat_prompt *np = arg;

	form_done(&np->f);
	free(np);
}

static const struct app_overlay_ops nat_prompt_ops = {
    .key = nat_prompt_key,
    .draw = nat_prompt_draw,
    .free = nat_prompt_free,
};

/* A local image that has cat, to offer first: busybox or alpine. */
static const char *
nat_guess_image(const struct store *s)
{
	for (size_t i = 0; s->images && i < s->images->n; i++)
		for (char **t = s->images->v[i].repo_tags; t && *t; t++)
			if (strstr(*t, "busybox") || strstr(*t, "alpine"))
				return *t;
	return "busybox";
}

static void
nat_helper_start(struct pane *p)
{
	struct nat_priv *np = p->priv;
	const struct config *cfg = app_config(p->app);
	struct nat_prompt *pr;

	if (nat_windows(p)) {
		app_info(p->app, "nat helper: WinNAT sessions cannot be read "
				 "this way");
		return;
	}
	if (nat_live(p) && np->error == NULL) {
		app_info(p->app, "nat helper: not needed, the engine is local "
				 "and its table is read directly");
		return;
	}
	if (np->step != NAT_H_IDLE) {
		app_info(p->app, "nat helper: already running");
		return;
	}
	if (cfg->nat_helper_image && *cfg->nat_helper_image) {
		nat_helper_ask(p, cfg->nat_helper_image);
		return;
	}
	pr = xcalloc(1, sizeof *pr);
	pr->p = p;
	form_init(&pr->f, "NAT helper: image to run (set nat-helper-image)");
	form_add_text(&pr->f, "image",
	    np->helper_image ? np->helper_image
			     : nat_guess_image(app_store(p->app)));
	app_push_overlay(p->app, &nat_prompt_ops, pr);
}

/* --- details, actions, life cycle ----------------------------------- */

static void
nat_show_row(struct pane *p)
{
	struct nat_priv *np = p->priv;
	const char *id = pane_selected_id(p);
	const struct pane_row *row = pane_selected_row(p);
	char **lines;
	size_t n = 0;

	if (id == NULL || row == NULL)
		return;
	lines = xcalloc(COL__COUNT + 8, sizeof *lines);
	for (size_t c = 0; c < COL__COUNT; c++)
		if (row->cells[c] && *row->cells[c])
			lines[n++] = xasprintf(
			    "%-12s %s", nat_cols[c].title, row->cells[c]);
	for (size_t i = 0; strncmp(id, "ct:", 3) == 0 && i < np->n_ct; i++) {
		const struct conntrack_entry *e = &np->ct[i].e;
		char a[256], b[80];

		nat_ct_id(&np->ct[i], a, sizeof a);
		if (strcmp(a, id) != 0)
			continue;
		nat_hostport(a, sizeof a, e->reply.src, e->reply.sport);
		nat_hostport(b, sizeof b, e->reply.dst, e->reply.dport);
		lines[n++] = xasprintf("%-12s %s -> %s", "reply", a, b);
		lines[n++] = xasprintf("%-12s%s%s%s%s mark=%u zone=%d", "flags",
		    e->flags & CONNTRACK_ASSURED ? " ASSURED" : "",
		    e->flags & CONNTRACK_UNREPLIED ? " UNREPLIED" : "",
		    e->flags & CONNTRACK_OFFLOAD ? " OFFLOAD" : "",
		    e->flags & CONNTRACK_HW_OFFLOAD ? " HW_OFFLOAD" : "",
		    e->mark, e->zone);
		break;
	}
	app_alert(p->app, "NAT", lines);
	strv_free(lines);
}

static enum action
nat_handle(struct pane *p, enum action a)
{
	switch (a) {
	case ACTION_ENTER:
		nat_show_row(p);
		return ACTION_NONE;
	case ACTION_NAT_HELPER:
		nat_helper_start(p);
		return ACTION_NONE;
	case ACTION_SHOW_CLOSED: {
		struct nat_priv *np = p->priv;

		np->show_closed = !np->show_closed;
		app_info(p->app, "closed connections %s",
		    np->show_closed ? "shown" : "hidden");
		p->dirty = true;
		app_dirty(p->app);
		return ACTION_NONE;
	}
	default:
		return a;
	}
}

static void
nat_event(struct pane *p, const struct docker_event *e)
{
	struct nat_priv *np = p->priv;

	/* A proxy starts and stops with its container. */
	if (e->type && strcmp(e->type, "container") == 0 && e->action &&
	    (strcmp(e->action, "start") == 0 || strcmp(e->action, "die") == 0))
		np->next_proxy_scan = 0;
}

static void
nat_open(struct pane *p)
{
	struct nat_priv *np = p->priv;

	conntrack_cmd_init(&np->cmd);
	buf_init(&np->helper_out);
	np->acct = -1;
	np->subtitle = xstrdup("");
}

static void
nat_close(struct pane *p)
{
	struct nat_priv *np = p->priv;

	nat_helper_remove(p);
	conntrack_cmd_done(&np->cmd);
	nat_ct_clear(np);
	procnet_proxies_free(&np->proxies);
	procnet_sessions_free(&np->sessions);
	for (size_t i = 0; i < np->n_ci; i++)
		nat_cinfo_free(p, np->ci[i]);
	free(np->ci);
	free(np->source);
	free(np->error);
	free(np->helper_image);
	free(np->helper_name);
	free(np->subtitle);
	free(np->object);
}

/* What i inspects: the container of the selected row. */
static const char *
nat_object(struct pane *p, const char **kind)
{
	struct nat_priv *np = p->priv;
	const char *id = pane_selected_id(p);
	char buf[256];

	free(np->object);
	np->object = NULL;
	*kind = "container";
	if (id == NULL)
		return NULL;
	if (strncmp(id, "port:", 5) == 0)
		/* "port:ID:host ip:port/proto:network" */
		np->object = xstrndup(id + 5, strcspn(id + 5, ":"));
	for (size_t i = 0; np->object == NULL && i < np->n_ct; i++) {
		nat_ct_id(&np->ct[i], buf, sizeof buf);
		if (strcmp(buf, id) == 0)
			np->object = xstrdup(np->ct[i].cid);
	}
	for (size_t i = 0; np->object == NULL && i < np->sessions.n; i++) {
		const struct procnet_session *ss = &np->sessions.v[i];
		size_t n_map;
		struct nat_ip *map;
		const char *cid;

		snprintf(buf, sizeof buf, "proxy:%llu",
		    (unsigned long long)ss->in_inode);
		if (strcmp(buf, id) != 0)
			continue;
		map = nat_ip_map(app_store(p->app), &n_map);
		cid = nat_ip_find(map, n_map, ss->container_ip);
		np->object = cid ? xstrdup(cid) : NULL;
		free(map);
		break;
	}
	return np->object;
}

const struct pane_ops nat_pane_ops = {
    .name = "nat",
    .title = "NAT",
    .flags = PANE_FILTERABLE,
    .priv_size = sizeof(struct nat_priv),
    .cols = nat_cols,
    .ncols = COL__COUNT,
    .wants = PANE_WANTS(STORE_CONTAINERS),
    .default_sort = COL_KIND,
    .open = nat_open,
    .close = nat_close,
    .visible = nat_visible,
    .sync = nat_sync,
    .subtitle = nat_subtitle,
    .empty_text = nat_empty,
    .tick = nat_tick,
    .handle = nat_handle,
    .handle_event = nat_event,
    .object = nat_object,
};
