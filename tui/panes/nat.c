/*
 * The NAT pane: the published ports of every container (with conflicts
 * and ports nothing listens behind), then the live sessions through them:
 * connections the kernel NAT'd to or from a container (conntrack) and the
 * client connections docker-proxy carries, when the engine is local; a
 * snapshot through a helper container (an action that hands this pane its
 * output), when the user asks, when not.
 */

#include "tui/panes/nat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/buf.h"
#include "api/calls.h"
#include "api/decode.h"
#include "api/xalloc.h"
#include "themes/theme.h"
#include "tui/core/fmt.h"
#include "tui/panes/panes.h"

#define NAT_PERIOD 1.0 /* seconds between reads while visible */
#define NAT_MAX_INSPECT 8 /* inspect calls in flight */
#define NAT_POLL_S 0.05 /* looks at the conntrack tool's pipe this often */

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

static const char *const nat_kind_names[] = {"port", "proxy", "dnat", "snat"};

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
		docker_cancel(p->engine->d, ci->call);
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
	console_dirty(p->app);
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
	if (p->engine->local)
		nat_read_listeners(ci);
}

/* Starts inspects of the containers that are new or changed state. */
static void
nat_fetch(struct pane *p)
{
	struct nat_priv *np = p->priv;
	const struct store *s = &p->engine->store;

	if (store_containers(s) == NULL)
		return;
	for (size_t i = 0; i < np->n_ci; i++)
		np->ci[i]->seen = false;
	for (size_t i = 0; i < store_containers(s)->n; i++) {
		const struct docker_container *c = &store_containers(s)->v[i];
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
		free(ci->state_seen);
		ci->state_seen = xstrdup(st);
		ci->call = docker_container_inspect(
		    p->engine->d, c->id, nat_on_inspect, ci);
		np->inflight++;
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
	return strcmp(engine_os_type(p->engine), "windows") == 0;
}

static bool
nat_live(const struct pane *p)
{
	return p->engine->local && !nat_windows(p);
}

static double
nat_tick(struct pane *p, double now)
{
	struct nat_priv *np = p->priv;

	if (!p->visible) {
		if (np->cmd_running) {
			conntrack_cmd_done(&np->cmd);
			np->cmd_running = false;
		}
		return 0;
	}
	if (np->cmd_running) {
		if (conntrack_cmd_poll(&np->cmd)) {
			nat_cmd_finished(p, now);
			p->dirty = true;
			console_dirty(p->app);
		} else
			/* The loop cannot wait on the pipe: look again soon. */
			return now + NAT_POLL_S;
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
		console_dirty(p->app);
		if (np->cmd_running)
			return now + NAT_POLL_S;
	}
	return np->next_read;
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
	for (size_t i = 0; store_containers(s) && i < store_containers(s)->n;
	     i++) {
		const struct docker_container *c = &store_containers(s)->v[i];
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

/*
 * The host side of a port row. "*" is every address of both families (a
 * binding with no address, or the engine's 0.0.0.0 and :: pair, which is
 * one row); 0.0.0.0 or [::] alone say the one family it listens on.
 */
static void
nat_host_side(
    char *hp, size_t len, const char *host_ip, bool both, int hport, int hi)
{
	const char *a =
	    both || host_ip == NULL || *host_ip == '\0' ? "*" : host_ip;
	bool v6 = strchr(a, ':') != NULL;

	if (hport == 0)
		snprintf(
		    hp, len, "%s%s%s:(any)", v6 ? "[" : "", a, v6 ? "]" : "");
	else if (hi > hport)
		snprintf(hp, len, "%s%s%s:%d-%d", v6 ? "[" : "", a,
		    v6 ? "]" : "", hport, hi);
	else
		nat_hostport(hp, len, a, hport);
}

static void
nat_port_row(struct pane *p, const struct docker_container *c,
    const char *proto, const char *host_ip, bool both, int hport, int hi,
    int cport, const char *ip, const char *net, const struct nat_req *reqs,
    size_t n_reqs)
{
	struct nat_priv *np = p->priv;
	const struct nat_cinfo *ci = nat_cinfo_find(np, c->id);
	struct pane_row *r;
	char id[512], hp[80], cp[80];
	const char *other = NULL;
	bool running = c->state && strcmp(c->state, "running") == 0;
	int64_t n;

	snprintf(id, sizeof id, "port:%s:%s:%d/%s:%s", c->id,
	    both      ? "*"
	    : host_ip ? host_ip
		      : "",
	    hport, proto, net ? net : "");
	r = pane_add_row(p, id);
	pane_cell(p, r, COL_KIND, nat_kind_names[NAT_PORT]);
	pane_key(p, r, COL_KIND, NAT_PORT);
	pane_cell(p, r, COL_PROTO, proto);
	pane_cell(p, r, COL_SOURCE, "");
	nat_host_side(hp, sizeof hp, host_ip, both, hport, hi);
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
		other = nat_conflict(
		    reqs, n_reqs, c->id, proto, both ? NULL : host_ip, hport);
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
	const struct store *s = &p->engine->store;
	struct nat_req *reqs;
	size_t n_reqs;

	if (store_containers(s) == NULL)
		return;
	reqs = nat_requests(np, s, &n_reqs);
	for (size_t i = 0; i < store_containers(s)->n; i++) {
		const struct docker_container *c = &store_containers(s)->v[i];
		const struct nat_cinfo *ci = nat_cinfo_find(np, c->id);
		bool live = false;

		for (size_t k = 0; nat_has_addr(c) && k < c->n_ports; k++) {
			const struct docker_port *pt = &c->ports[k];
			const char *proto = pt->type ? pt->type : "tcp";
			bool v6 = pt->ip && strchr(pt->ip, ':');
			size_t shown = 0;
			int twin;

			if (pt->public_port <= 0)
				continue;
			live = true;
			/* 0.0.0.0 and :: of one port: one row, for both. */
			twin = fmt_port_twin(c->ports, c->n_ports, k);
			if (twin < 0)
				continue;
			v6 = v6 && twin == 0;
			/* One row per network the container is on. */
			for (size_t j = 0; j < c->n_nets; j++) {
				const char *ip =
				    v6 && c->nets[j].ipv6 && *c->nets[j].ipv6
					? c->nets[j].ipv6
					: c->nets[j].ip;

				if (ip == NULL || *ip == '\0')
					continue;
				nat_port_row(p, c, proto, pt->ip, twin > 0,
				    pt->public_port, pt->public_port,
				    pt->private_port, ip, c->nets[j].network,
				    reqs, n_reqs);
				shown++;
			}
			if (shown == 0)
				nat_port_row(p, c, proto, pt->ip, twin > 0,
				    pt->public_port, pt->public_port,
				    pt->private_port, NULL, NULL, reqs, n_reqs);
		}
		for (size_t k = 0; !live && ci && k < ci->nb; k++)
			nat_port_row(p, c, ci->b[k].proto, ci->b[k].host_ip,
			    false, ci->b[k].lo, ci->b[k].hi, ci->b[k].cport,
			    NULL, NULL, reqs, n_reqs);
	}
	free(reqs);
}

static void
nat_sync_proxies(struct pane *p)
{
	struct nat_priv *np = p->priv;
	const struct store *s = &p->engine->store;
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
	const struct store *s = &p->engine->store;

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
	else if (!p->engine->local && !np->snapshot)
		buf_puts(&b, "live NAT sessions need access to the engine's "
			     "host (H: read them through a helper container)");
	else {
		if (np->helper_running)
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
	const struct store *s = &p->engine->store;

	if (s->error[STORE_CONTAINERS])
		return s->error[STORE_CONTAINERS];
	if (!s->loaded[STORE_CONTAINERS])
		return "loading containers…";
	if (nat_windows(p))
		return "no published ports (WinNAT sessions cannot be read "
		       "through the Engine API)";
	if (!p->engine->local)
		return "no published ports; live NAT sessions need access to "
		       "the engine's host (H: helper container)";
	return "no published ports and no NAT sessions";
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
	console_alert(p->app, "NAT", lines);
	strv_free(lines);
}

/*
 * H: whether a helper container is of use here. When it is, the action
 * goes on to the action that runs one, which hands its output to
 * nat_receive().
 */
static enum action
nat_helper_wanted(struct pane *p)
{
	struct nat_priv *np = p->priv;

	if (nat_windows(p)) {
		console_info(p->app, "nat helper: WinNAT sessions cannot be "
				     "read this way");
		return ACTION_NONE;
	}
	if (nat_live(p) && np->error == NULL) {
		console_info(p->app, "nat helper: not needed, the engine is "
				     "local and its table is read directly");
		return ACTION_NONE;
	}
	return ACTION_NAT_HELPER;
}

/* A helper's snapshot of the host's table: kept until the next one. */
static long
nat_take_snapshot(struct pane *p, const char *text, size_t len)
{
	struct nat_priv *np = p->priv;
	char when[16], *source, *copy;
	time_t t = time(NULL);
	struct tm tm;

	np->acct = -1;
	nat_take_table(p, text, len);
	localtime_r(&t, &tm);
	strftime(when, sizeof when, "%H:%M:%S", &tm);
	source = xasprintf("helper snapshot at %s (H: again)", when);
	nat_set_source(np, source, NULL);
	free(source);
	copy = xstrndup(text, len);
	if (np->n_ct == 0 && len > 0 && strstr(copy, "src=") == NULL) {
		/* cat complained: show what it said. */
		copy[strcspn(copy, "\n")] = '\0';
		free(np->error);
		np->error = xasprintf("helper: %s", copy);
	}
	free(copy);
	np->snapshot = true;
	return (long)np->n_ct;
}

/*
 * What the NAT helper action hands over: whether a helper runs
 * ("helper": "running" or "done") and what it read ("conntrack").
 */
static long
nat_receive(struct pane *p, const char *what, const char *data, size_t len)
{
	struct nat_priv *np = p->priv;
	long n = 0;

	if (strcmp(what, "helper") == 0 && data)
		np->helper_running = strcmp(data, "running") == 0;
	else if (strcmp(what, "conntrack") == 0 && data)
		n = nat_take_snapshot(p, data, len);
	else if (strcmp(what, "conntrack") != 0)
		return -1;
	p->dirty = true;
	console_dirty(p->app);
	return n;
}

static enum action
nat_handle(struct pane *p, enum action a)
{
	switch (a) {
	case ACTION_ENTER:
		nat_show_row(p);
		return ACTION_NONE;
	case ACTION_NAT_HELPER:
		return nat_helper_wanted(p);
	case ACTION_SHOW_CLOSED: {
		struct nat_priv *np = p->priv;

		np->show_closed = !np->show_closed;
		console_info(p->app, "closed connections %s",
		    np->show_closed ? "shown" : "hidden");
		p->dirty = true;
		console_dirty(p->app);
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
	np->acct = -1;
	np->subtitle = xstrdup("");
}

static void
nat_close(struct pane *p)
{
	struct nat_priv *np = p->priv;

	conntrack_cmd_done(&np->cmd);
	nat_ct_clear(np);
	procnet_proxies_free(&np->proxies);
	procnet_sessions_free(&np->sessions);
	for (size_t i = 0; i < np->n_ci; i++)
		nat_cinfo_free(p, np->ci[i]);
	free(np->ci);
	free(np->source);
	free(np->error);
	free(np->subtitle);
	free(np->object);
}

/* What i inspects: the container of the selected row. */
static enum kind
nat_object(struct pane *p, const char **object)
{
	struct nat_priv *np = p->priv;
	const char *id = pane_selected_id(p);
	char buf[256];

	free(np->object);
	np->object = NULL;
	*object = NULL;
	if (id == NULL)
		return KIND_NONE;
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
		map = nat_ip_map(&p->engine->store, &n_map);
		cid = nat_ip_find(map, n_map, ss->container_ip);
		np->object = cid ? xstrdup(cid) : NULL;
		free(map);
		break;
	}
	*object = np->object;
	return np->object ? KIND_CONTAINER : KIND_NONE;
}

const struct pane_ops nat_pane_ops = {
    .name = "nat",
    .title = "NAT",
    .flags = PANE_FILTERABLE,
    .priv_size = sizeof(struct nat_priv),
    .cols = nat_cols,
    .ncols = COL__COUNT,
    .wants = SLOT_BIT(STORE_CONTAINERS),
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
    .receive = nat_receive,
};
