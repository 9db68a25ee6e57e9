/*
 * The kernel's connection tracking table as text: the lines of
 * /proc/net/nf_conntrack and of `conntrack -L -o extended` (the same
 * tokens; plain `conntrack -L` leaves out the l3 protocol), what NAT did
 * to each connection, and a command runner that reads a child's output
 * without blocking.
 */
#ifndef API_CONNTRACK_H
#define API_CONNTRACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "api/buf.h"

/* Room for the longest address the kernel prints (full IPv6 form). */
#define CONNTRACK_ADDR_MAX 48

#define CONNTRACK_UNREPLIED 0x01 /* [UNREPLIED] */
#define CONNTRACK_ASSURED 0x02 /* [ASSURED] */
#define CONNTRACK_OFFLOAD 0x04 /* [OFFLOAD] */
#define CONNTRACK_HW_OFFLOAD 0x08 /* [HW_OFFLOAD] */

/* One direction of a connection: src=, dst=, ports or ICMP fields. */
struct conntrack_tuple {
	char src[CONNTRACK_ADDR_MAX]; /* as printed */
	char dst[CONNTRACK_ADDR_MAX];
	int sport, dport; /* -1 when absent (icmp, unknown) */
	int icmp_type, icmp_code, icmp_id; /* -1 when absent */
	int64_t packets, bytes; /* -1 when accounting is off */
};

struct conntrack_entry {
	char l3[8]; /* "ipv4", "ipv6" */
	int l3num; /* 2, 10 */
	char l4[16]; /* "tcp", "udp", "icmp", "icmpv6", "sctp", ... */
	int l4num; /* 6, 17, 1, 58, 132, ... */
	int64_t timeout; /* seconds left, -1 when absent */
	char state[20]; /* "ESTABLISHED", ... or "" (stateless) */
	struct conntrack_tuple orig;
	struct conntrack_tuple reply;
	/* packets= and bytes= were printed: accounting was on for it. */
	bool acct;
	unsigned flags; /* CONNTRACK_* */
	uint32_t mark;
	bool has_mark;
	int zone; /* zone= (0 when absent) */
	int zone_orig, zone_reply; /* zone-orig=, zone-reply=; -1 absent */
	int use; /* use=, -1 when absent */
};

/*
 * Parses one line (without or with its '\n'). Tuple fields are read as
 * key=value tokens: the first src= starts the original direction, the
 * second the reply. Returns false for anything that is not a whole entry
 * (both tuples need src= and dst=); *e is then unspecified.
 */
bool conntrack_parse_line(
    const char *line, size_t len, struct conntrack_entry *e);

/* Called for each entry of a text; return false to stop. */
typedef bool conntrack_entry_fn(const struct conntrack_entry *, void *arg);

struct conntrack_counts {
	size_t entries; /* handed to the callback */
	size_t skipped; /* non-empty lines that were not entries */
};

/* Parses every line of text; junk lines are counted and skipped. */
struct conntrack_counts conntrack_parse_text(
    const char *text, size_t len, conntrack_entry_fn *, void *arg);

/*
 * Compares two printed addresses as addresses ("::1" equals the kernel's
 * "0000:...:0001"); falls back to text comparison for anything else.
 */
bool conntrack_addr_eq(const char *, const char *);
/* The short form of an address into out (IPv6 compressed), or a copy. */
void conntrack_addr_short(const char *addr, char *out, size_t outsz);

/*
 * Destination NAT: the reply comes from somewhere other than where the
 * original packet went (address or port). Source NAT (SNAT, MASQUERADE):
 * the reply goes to somewhere other than where the original came from.
 */
bool conntrack_is_dnat(const struct conntrack_entry *);
bool conntrack_is_snat(const struct conntrack_entry *);

/* Whether a TCP entry is over (TIME_WAIT, CLOSE): no longer a session. */
bool conntrack_is_closed(const struct conntrack_entry *);

/*
 * Reads a whole file (a /proc file has no size) into out, replacing its
 * contents. False with *cause (owned) on failure.
 */
bool conntrack_read_file(const char *path, struct buf *out, char **cause);

/*
 * The accounting switch (net.netfilter.nf_conntrack_acct) at path: 1 on,
 * 0 off, -1 unknown.
 */
int conntrack_acct_enabled(const char *path);

/*
 * A child process whose stdout and stderr are read without blocking, for
 * `conntrack -L -o extended` when the /proc file is missing.
 */
struct conntrack_cmd {
	pid_t pid; /* 0: not running */
	int fd; /* read end, -1 when closed */
	struct buf out; /* everything read so far */
	int status; /* exit status once done, -1 when killed */
	bool done;
};

void conntrack_cmd_init(struct conntrack_cmd *);
/* argv is NULL-terminated; looked up in PATH. False with *cause. */
bool conntrack_cmd_start(
    struct conntrack_cmd *, const char *const *argv, char **cause);
/* Reads what is there; true once the child has exited and all is read. */
bool conntrack_cmd_poll(struct conntrack_cmd *);
/* Kills a running child, reaps it and frees the buffer. */
void conntrack_cmd_done(struct conntrack_cmd *);

/*
 * The body of the create call for the NAT helper container: image, the
 * host's network, NET_ADMIN, root in the host's user namespace, and the
 * command `cat /proc/net/nf_conntrack`. Owned JSON text.
 */
char *conntrack_helper_body(const char *image);

#endif
