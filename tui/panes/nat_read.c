/*
 * Where the NAT pane's entries come from: the kernel's connection tracking
 * table (its /proc file, the conntrack tool, or text a helper read), the
 * client connections docker-proxy carries, the sockets each container
 * listens on, and the map of container addresses that ties them together.
 */

#include "tui/panes/nat.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/buf.h"
#include "api/xalloc.h"

#define NAT_ACCT_PATH "/proc/sys/net/netfilter/nf_conntrack_acct"
#define NAT_PROXY_RESCAN 10.0 /* seconds between looks for new proxies */
#define NAT_CMD_RETRY 30.0 /* after the conntrack tool failed */

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
const char *
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
bool
nat_has_addr(const struct docker_container *c)
{
	return c->state && (strcmp(c->state, "running") == 0 ||
			       strcmp(c->state, "paused") == 0);
}

/* Every live container address in the store, sorted for nat_ip_find. */
struct nat_ip *
nat_ip_map(const struct store *s, size_t *n)
{
	struct nat_ip *map = NULL;

	*n = 0;
	for (size_t i = 0; store_containers(s) && i < store_containers(s)->n;
	     i++) {
		const struct docker_container *c = &store_containers(s)->v[i];

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
void
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

bool
nat_unspecified(const char *ip)
{
	return ip == NULL || *ip == '\0' || strcmp(ip, "0.0.0.0") == 0 ||
	       strcmp(ip, "::") == 0;
}

/* --- conntrack entries ---------------------------------------------- */

void
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
void
nat_take_table(struct pane *p, const char *text, size_t len)
{
	struct nat_priv *np = p->priv;
	struct nat_keep k = {np, NULL, 0, false, 0};

	k.map = nat_ip_map(&p->engine->store, &k.n_map);
	nat_ct_clear(np);
	conntrack_parse_text(text, len, nat_keep_entry, &k);
	free(k.map);
	/* Without the sysctl (a snapshot, the tool) the entries tell. */
	if (np->acct < 0 && k.total > 0)
		np->acct = k.any_acct;
}

/* --- local reads ---------------------------------------------------- */

void
nat_set_source(struct nat_priv *np, const char *source, char *error)
{
	free(np->source);
	np->source = source ? xstrdup(source) : NULL;
	free(np->error);
	np->error = error;
}

void
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
void
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

void
nat_read_proxies(struct pane *p, double now)
{
	struct nat_priv *np = p->priv;
	const struct store *s = &p->engine->store;
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
void
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
