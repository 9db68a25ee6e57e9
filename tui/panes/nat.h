/*
 * The NAT pane's insides, shared by its two files: the pane (nat.c: rows,
 * keys, the containers' inspects) and where its entries come from
 * (nat_read.c: the conntrack table, docker-proxy's sessions, the sockets
 * containers listen on, and the addresses that tie them to containers).
 */
#ifndef TUI_PANES_NAT_H
#define TUI_PANES_NAT_H

#include <stdbool.h>
#include <stddef.h>

#include "api/conntrack.h"
#include "api/procnet.h"
#include "tui/core/console.h"

#define NAT_CT_PATH "/proc/net/nf_conntrack"

enum nat_kind {
	NAT_PORT, /* a published (or requested) port */
	NAT_PROXY, /* a client connection through docker-proxy */
	NAT_DNAT, /* a connection NAT'd to a container */
	NAT_SNAT, /* a container's connection masqueraded out */
};

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

	bool helper_running; /* a NAT helper reads the table for us */

	char *subtitle;
	char *object; /* the last nat_object answer */
};

/* The container an address belongs to (id, borrowed), or NULL. */
const char *nat_ip_find(const struct nat_ip *map, size_t n, const char *addr);
/* Whether a container holds its addresses now (it runs or is paused). */
bool nat_has_addr(const struct docker_container *);
/* Every live container address in the store, sorted for nat_ip_find. */
struct nat_ip *nat_ip_map(const struct store *, size_t *n);
/* "addr:port", "[v6]:port" or just the address when port < 0. */
void nat_hostport(char *out, size_t outsz, const char *addr, int port);
bool nat_unspecified(const char *ip);

void nat_ct_clear(struct nat_priv *);
/* Replaces the kept entries with those of a table's text. */
void nat_take_table(struct pane *, const char *text, size_t len);
/* Takes ownership of error. */
void nat_set_source(struct nat_priv *, const char *source, char *error);
/* The kernel's table, from the /proc file or the conntrack tool. */
void nat_read_conntrack(struct pane *, double now);
/* The conntrack tool's output, once it has exited. */
void nat_cmd_finished(struct pane *, double now);
/* The client connections docker-proxy carries. */
void nat_read_proxies(struct pane *, double now);
/* The sockets that listen in a container's network namespace. */
void nat_read_listeners(struct nat_cinfo *);

#endif
