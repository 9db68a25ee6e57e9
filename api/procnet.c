/* Sockets from /proc/net and the client sessions of docker-proxy. */

#include "api/procnet.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/buf.h"
#include "api/conntrack.h"
#include "api/xalloc.h"

/* A command line longer than this is not docker-proxy's. */
#define PN_CMDLINE_MAX 8192

static int
pn_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* n hex digits into v; false on anything else. */
static bool
pn_hexnum(const char *s, size_t n, uint32_t *v)
{
	*v = 0;
	for (size_t i = 0; i < n; i++) {
		int d = pn_hex(s[i]);

		if (d < 0)
			return false;
		*v = *v << 4 | (uint32_t)d;
	}
	return true;
}

/*
 * "0100007F:1F90": the address as the kernel's 32-bit words printed in
 * host order (so copying each word back gives network order), then the
 * port in hex. IPv4-mapped IPv6 addresses are written as IPv4.
 */
static bool
pn_addr(const char *s, size_t len, int family, char *out, int *port)
{
	size_t words = family == 6 ? 4 : 1;
	unsigned char raw[16];
	uint32_t v;
	static const unsigned char mapped[12] = {
	    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

	if (len != words * 8 + 5 || s[words * 8] != ':')
		return false;
	for (size_t w = 0; w < words; w++) {
		if (!pn_hexnum(s + w * 8, 8, &v))
			return false;
		memcpy(raw + w * 4, &v, 4);
	}
	if (!pn_hexnum(s + words * 8 + 1, 4, &v))
		return false;
	*port = (int)v;
	if (family == 6 && memcmp(raw, mapped, 12) == 0)
		return inet_ntop(AF_INET, raw + 12, out, PROCNET_ADDR_MAX) !=
		       NULL;
	return inet_ntop(family == 6 ? AF_INET6 : AF_INET, raw, out,
		   PROCNET_ADDR_MAX) != NULL;
}

static bool
pn_dec(const char *s, size_t len, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (len == 0 || len > 20)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		if (v > (max - (uint64_t)(s[i] - '0')) / 10)
			return false;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	*out = v;
	return true;
}

bool
procnet_parse_line(
    const char *line, size_t len, int family, struct procnet_sock *s)
{
	const char *tok[12];
	size_t tlen[12], n = 0, i = 0;
	uint32_t st;
	uint64_t v;

	if (family != 4 && family != 6)
		return false;
	while (n < 12) {
		while (i < len && (line[i] == ' ' || line[i] == '\t'))
			i++;
		if (i >= len || line[i] == '\n' || line[i] == '\r')
			break;
		tok[n] = line + i;
		while (i < len && line[i] != ' ' && line[i] != '\t' &&
		       line[i] != '\n' && line[i] != '\r')
			i++;
		tlen[n] = (size_t)(line + i - tok[n]);
		n++;
	}
	/* sl local remote st tx:rx tr:when retrnsmt uid timeout inode */
	if (n < 10 || tlen[0] < 2 || tok[0][tlen[0] - 1] != ':')
		return false;
	memset(s, 0, sizeof *s);
	s->family = family;
	if (!pn_addr(tok[1], tlen[1], family, s->local, &s->lport) ||
	    !pn_addr(tok[2], tlen[2], family, s->remote, &s->rport) ||
	    tlen[3] != 2 || !pn_hexnum(tok[3], 2, &st))
		return false;
	s->state = (int)st;
	if (!pn_dec(tok[7], tlen[7], UINT32_MAX, &v))
		return false;
	s->uid = (unsigned)v;
	if (!pn_dec(tok[9], tlen[9], UINT64_MAX, &v))
		return false;
	s->inode = v;
	return true;
}

void
procnet_parse(
    const char *text, size_t len, int family, struct procnet_socks *out)
{
	size_t i = 0;

	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) : len;
		struct procnet_sock s;

		if (procnet_parse_line(text + i, end - i, family, &s)) {
			out->v =
			    xreallocarray(out->v, out->n + 1, sizeof *out->v);
			out->v[out->n++] = s;
		}
		i = end + 1;
	}
}

bool
procnet_read(
    const char *path, int family, struct procnet_socks *out, char **cause)
{
	struct buf b;

	buf_init(&b);
	if (!conntrack_read_file(path, &b, cause)) {
		buf_done(&b);
		return false;
	}
	procnet_parse(buf_cstr(&b), b.len, family, out);
	buf_done(&b);
	return true;
}

void
procnet_socks_free(struct procnet_socks *s)
{
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

const char *
procnet_state_name(int state)
{
	static const char *const names[] = {
	    "?",
	    "ESTABLISHED",
	    "SYN_SENT",
	    "SYN_RECV",
	    "FIN_WAIT1",
	    "FIN_WAIT2",
	    "TIME_WAIT",
	    "CLOSE",
	    "CLOSE_WAIT",
	    "LAST_ACK",
	    "LISTEN",
	    "CLOSING",
	    "NEW_SYN_RECV",
	};

	if (state < 0 || (size_t)state >= sizeof names / sizeof names[0])
		return "?";
	return names[state];
}

bool
procnet_listens(const struct procnet_socks *s, int port, bool udp)
{
	for (size_t i = 0; i < s->n; i++) {
		const struct procnet_sock *k = &s->v[i];

		if (k->lport != port)
			continue;
		if (udp ? k->rport == 0 : k->state == PROCNET_LISTEN)
			return true;
	}
	return false;
}

/* The value of a flag at args[*i] ("-k v", "--k v", "-k=v"), or NULL. */
static const char *
pn_flag(char **args, size_t n, size_t *i, const char *name)
{
	const char *a = args[*i];
	size_t nl = strlen(name);

	if (*a != '-')
		return NULL;
	a++;
	if (*a == '-')
		a++;
	if (strncmp(a, name, nl) != 0)
		return NULL;
	if (a[nl] == '=')
		return a + nl + 1;
	if (a[nl] != '\0' || *i + 1 >= n)
		return NULL;
	return args[++*i];
}

static bool
pn_port(const char *s, int *out)
{
	uint64_t v;

	if (!pn_dec(s, strlen(s), 65535, &v))
		return false;
	*out = (int)v;
	return true;
}

static bool
pn_copy(char *out, size_t outsz, const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n >= outsz)
		return false;
	memcpy(out, s, n + 1);
	return true;
}

bool
procnet_parse_proxy_cmdline(
    const char *buf, size_t len, struct procnet_proxy *p)
{
	char **args = NULL, *copy;
	size_t n = 0, i;
	const char *base, *v;
	bool ok = false, have[5] = {false, false, false, false, false};

	memset(p, 0, sizeof *p);
	if (len == 0 || len > PN_CMDLINE_MAX)
		return false;
	copy = xmalloc(len + 1);
	memcpy(copy, buf, len);
	copy[len] = '\0';
	for (i = 0; i < len;) {
		args = xreallocarray(args, n + 1, sizeof *args);
		args[n++] = copy + i;
		i += strlen(copy + i) + 1;
	}
	base = strrchr(args[0], '/');
	base = base ? base + 1 : args[0];
	if (strcmp(base, "docker-proxy") != 0)
		goto out;
	for (i = 1; i < n; i++) {
		if ((v = pn_flag(args, n, &i, "proto")) != NULL)
			have[0] = pn_copy(p->proto, sizeof p->proto, v);
		else if ((v = pn_flag(args, n, &i, "host-ip")) != NULL)
			have[1] = pn_copy(p->host_ip, sizeof p->host_ip, v);
		else if ((v = pn_flag(args, n, &i, "host-port")) != NULL)
			have[2] = pn_port(v, &p->host_port);
		else if ((v = pn_flag(args, n, &i, "container-ip")) != NULL)
			have[3] =
			    pn_copy(p->container_ip, sizeof p->container_ip, v);
		else if ((v = pn_flag(args, n, &i, "container-port")) != NULL)
			have[4] = pn_port(v, &p->container_port);
	}
	ok = have[0] && have[1] && have[2] && have[3] && have[4];
out:
	free(args);
	free(copy);
	return ok;
}

static int
pn_cmp_inode(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

bool
procnet_proxy_inodes(const char *root, struct procnet_proxy *p)
{
	char path[512], link[128];
	DIR *d;
	struct dirent *de;

	free(p->inodes);
	p->inodes = NULL;
	p->n_inodes = 0;
	p->fds_denied = false;
	snprintf(path, sizeof path, "%s/%d/fd", root, p->pid);
	if ((d = opendir(path)) == NULL) {
		if (errno == EACCES || errno == EPERM) {
			p->fds_denied = true;
			return true;
		}
		return false;
	}
	while ((de = readdir(d)) != NULL) {
		ssize_t n;
		uint64_t ino;

		if (de->d_name[0] == '.')
			continue;
		n = readlinkat(dirfd(d), de->d_name, link, sizeof link - 1);
		if (n <= 9 || strncmp(link, "socket:[", 8) != 0 ||
		    link[n - 1] != ']')
			continue;
		if (!pn_dec(link + 8, (size_t)n - 9, UINT64_MAX, &ino))
			continue;
		p->inodes = xreallocarray(
		    p->inodes, p->n_inodes + 1, sizeof *p->inodes);
		p->inodes[p->n_inodes++] = ino;
	}
	closedir(d);
	if (p->n_inodes > 1)
		qsort(p->inodes, p->n_inodes, sizeof *p->inodes, pn_cmp_inode);
	return true;
}

/* Whether the first argument of a command line ends in docker-proxy. */
static bool
pn_mentions_proxy(const char *buf, size_t len)
{
	size_t n = strnlen(buf, len);

	return n >= 12 && memcmp(buf + n - 12, "docker-proxy", 12) == 0;
}

void
procnet_find_proxies(const char *root, struct procnet_proxies *out)
{
	DIR *d;
	struct dirent *de;

	procnet_proxies_free(out);
	if ((d = opendir(root)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		char path[512], buf[PN_CMDLINE_MAX + 1];
		struct procnet_proxy p;
		uint64_t pid;
		ssize_t n;
		int fd;

		if (!pn_dec(de->d_name, strlen(de->d_name), 0x7fffffff, &pid))
			continue;
		snprintf(path, sizeof path, "%s/%s/cmdline", root, de->d_name);
		if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
			continue;
		n = read(fd, buf, sizeof buf);
		close(fd);
		/* A cheap look before the full parse: most processes are not. */
		if (n <= 0 || !pn_mentions_proxy(buf, (size_t)n) ||
		    !procnet_parse_proxy_cmdline(buf, (size_t)n, &p))
			continue;
		p.pid = (int)pid;
		if (!procnet_proxy_inodes(root, &p))
			continue;
		out->v = xreallocarray(out->v, out->n + 1, sizeof *out->v);
		out->v[out->n++] = p;
	}
	closedir(d);
}

void
procnet_proxies_free(struct procnet_proxies *ps)
{
	for (size_t i = 0; i < ps->n; i++)
		free(ps->v[i].inodes);
	free(ps->v);
	ps->v = NULL;
	ps->n = 0;
}

void
procnet_sessions_free(struct procnet_sessions *ss)
{
	free(ss->v);
	ss->v = NULL;
	ss->n = 0;
}

static bool
pn_owned(const struct procnet_proxy *p, uint64_t inode)
{
	return inode != 0 && p->n_inodes > 0 &&
	       bsearch(&inode, p->inodes, p->n_inodes, sizeof *p->inodes,
		   pn_cmp_inode) != NULL;
}

static bool
pn_unspecified(const char *ip)
{
	return *ip == '\0' || conntrack_addr_eq(ip, "0.0.0.0") ||
	       conntrack_addr_eq(ip, "::");
}

static int
pn_cmp_sock(const void *a, const void *b)
{
	const struct procnet_sock *x = *(const struct procnet_sock *const *)a;
	const struct procnet_sock *y = *(const struct procnet_sock *const *)b;

	return x->inode < y->inode ? -1 : x->inode > y->inode;
}

void
procnet_pair(const struct procnet_proxy *p, const struct procnet_socks *socks,
    struct procnet_sessions *out)
{
	const struct procnet_sock **in, **ob;
	size_t n_in = 0, n_out = 0;

	if (strcmp(p->proto, "tcp") != 0 || socks->n == 0)
		return;
	in = xcalloc(socks->n, sizeof *in);
	ob = xcalloc(socks->n, sizeof *ob);
	for (size_t i = 0; i < socks->n; i++) {
		const struct procnet_sock *s = &socks->v[i];

		if (!pn_owned(p, s->inode) || s->state == PROCNET_LISTEN)
			continue;
		if (s->rport == p->container_port &&
		    conntrack_addr_eq(s->remote, p->container_ip))
			ob[n_out++] = s;
		else if (s->lport == p->host_port &&
			 (pn_unspecified(p->host_ip) ||
			     conntrack_addr_eq(s->local, p->host_ip)))
			in[n_in++] = s;
	}
	qsort(in, n_in, sizeof *in, pn_cmp_sock);
	qsort(ob, n_out, sizeof *ob, pn_cmp_sock);
	for (size_t i = 0; i < n_in; i++) {
		struct procnet_session *ss;

		out->v = xreallocarray(out->v, out->n + 1, sizeof *out->v);
		ss = &out->v[out->n++];
		memset(ss, 0, sizeof *ss);
		ss->pid = p->pid;
		snprintf(ss->proto, sizeof ss->proto, "%s", p->proto);
		snprintf(ss->client, sizeof ss->client, "%s", in[i]->remote);
		ss->client_port = in[i]->rport;
		snprintf(ss->host_ip, sizeof ss->host_ip, "%s", in[i]->local);
		ss->host_port = in[i]->lport;
		snprintf(ss->container_ip, sizeof ss->container_ip, "%s",
		    p->container_ip);
		ss->container_port = p->container_port;
		ss->state = in[i]->state;
		ss->in_inode = in[i]->inode;
		ss->out_inode = i < n_out ? ob[i]->inode : 0;
	}
	free(in);
	free(ob);
}
