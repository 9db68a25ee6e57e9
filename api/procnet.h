/*
 * Sockets from /proc/net/tcp, tcp6, udp and udp6, and the sessions that
 * docker-proxy (the userland proxy) carries: it accepts a client on the
 * published host address and opens a second connection to the container,
 * so the two sockets of one process are paired into one session.
 */
#ifndef API_PROCNET_H
#define API_PROCNET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Room for any address in text form. */
#define PROCNET_ADDR_MAX 48

/* The kernel's TCP states as numbered in /proc/net/tcp. */
#define PROCNET_ESTABLISHED 0x01
#define PROCNET_TIME_WAIT 0x06
#define PROCNET_CLOSE 0x07 /* also: an unconnected UDP socket */
#define PROCNET_LISTEN 0x0a

struct procnet_sock {
	int family; /* 4 or 6 */
	char local[PROCNET_ADDR_MAX]; /* "127.0.0.1", "::1" */
	int lport;
	char remote[PROCNET_ADDR_MAX];
	int rport;
	int state; /* PROCNET_* */
	unsigned uid;
	uint64_t inode; /* 0 for sockets being torn down */
};

struct procnet_socks {
	struct procnet_sock *v;
	size_t n;
};

void procnet_socks_free(struct procnet_socks *); /* the elements */

/*
 * Parses one line of a /proc/net/{tcp,udp}{,6} file (family 4 or 6: the
 * address width). False for the header and for junk.
 */
bool procnet_parse_line(
    const char *line, size_t len, int family, struct procnet_sock *);
/* Appends the sockets of a whole file's text; junk lines are skipped. */
void procnet_parse(
    const char *text, size_t len, int family, struct procnet_socks *);
/* Reads and parses path; false with *cause (owned). */
bool procnet_read(
    const char *path, int family, struct procnet_socks *, char **cause);
/* "ESTABLISHED", "LISTEN", ... */
const char *procnet_state_name(int state);

/*
 * Whether a socket is bound to port and waits for peers: a TCP LISTEN
 * socket, or (udp) any socket bound to the port with no peer.
 */
bool procnet_listens(const struct procnet_socks *, int port, bool udp);

/* One docker-proxy process: its arguments and its socket inodes. */
struct procnet_proxy {
	int pid;
	char proto[8]; /* "tcp", "udp", "sctp" */
	char host_ip[PROCNET_ADDR_MAX];
	int host_port;
	char container_ip[PROCNET_ADDR_MAX];
	int container_port;
	uint64_t *inodes; /* owned; sockets the process holds */
	size_t n_inodes;
	bool fds_denied; /* its fds could not be read (not root) */
};

struct procnet_proxies {
	struct procnet_proxy *v;
	size_t n;
};

void procnet_proxies_free(struct procnet_proxies *);

/*
 * Reads a docker-proxy command line (arguments separated by NULs, as in
 * /proc/PID/cmdline): -proto, -host-ip, -host-port, -container-ip and
 * -container-port, with one or two dashes, as "-k v" or "-k=v". False
 * when it is not docker-proxy or an argument is missing.
 */
bool procnet_parse_proxy_cmdline(
    const char *buf, size_t len, struct procnet_proxy *);

/*
 * Finds the docker-proxy processes under root ("/proc") and reads their
 * socket inodes (/proc/PID/fd links "socket:[INODE]"). Replaces *out.
 */
void procnet_find_proxies(const char *root, struct procnet_proxies *out);
/* Re-reads the socket inodes of one proxy; false when it is gone. */
bool procnet_proxy_inodes(const char *root, struct procnet_proxy *);

/* One client connection carried by a docker-proxy. */
struct procnet_session {
	int pid;
	char proto[8];
	char client[PROCNET_ADDR_MAX]; /* the peer of the accepted socket */
	int client_port;
	char host_ip[PROCNET_ADDR_MAX]; /* where the client connected */
	int host_port;
	char container_ip[PROCNET_ADDR_MAX];
	int container_port;
	int state; /* of the accepted socket */
	uint64_t in_inode; /* the accepted socket */
	uint64_t out_inode; /* the socket to the container, 0: unpaired */
};

struct procnet_sessions {
	struct procnet_session *v;
	size_t n;
};

void procnet_sessions_free(struct procnet_sessions *);

/*
 * Pairs a proxy's sockets (TCP only) and appends one session per accepted
 * socket. Accepted: one of the proxy's inodes whose local port is the host
 * port (and local address the host address unless that is unspecified)
 * and which is not listening. Outgoing: one whose remote end is the
 * container's address and port. Both lists are ordered by inode, which
 * the kernel hands out in creation order, and the i-th accepted socket is
 * paired with the i-th outgoing one: the proxy dials the container right
 * after each accept. The limit: while one side of a session is already
 * closed and the other is not, or when a dial fails, the counts differ
 * and later pairs may be wrong; extra accepted sockets are left unpaired
 * (out_inode 0).
 */
void procnet_pair(const struct procnet_proxy *, const struct procnet_socks *,
    struct procnet_sessions *);

#endif
