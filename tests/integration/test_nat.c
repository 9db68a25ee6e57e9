/*
 * Real connections through published ports of the test engine: one on
 * loopback through docker-proxy (paired from /proc), one from another
 * network namespace that the kernel DNATs (read from the conntrack table).
 * Each is checked twice: by the parsers, and in the NAT pane of a headless
 * console, where it must appear mapped to its container within two seconds
 * and go within two seconds of being closed. Needs root (network
 * namespaces, /proc/PID/fd of docker-proxy, the conntrack table); skipped
 * otherwise.
 */

/* setns() and CLONE_NEWNET. */
#define _GNU_SOURCE

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "api/buf.h"
#include "api/conntrack.h"
#include "api/procnet.h"
#include "api/xalloc.h"
#include "tests/support/it.h"
#include "tests/support/screen.h"
#include "tui/core/app.h"
#include "tui/panes/panes.h"

/* How long a connection may take to show up, or to go. */
#define NAT_IT_WITHIN 2.0

struct nat_it {
	char rid[9];
	char *label;
	char *web; /* container published on loopback */
	char *dweb; /* container published on the veth address */
	char *ns; /* network namespace */
	char veth_host[16], veth_ns[16];
	char host_ip[16], ns_ip[16]; /* the /30 the test picked */
	bool root;
};

static struct nat_it it;

/* The NAT pane's columns. */
enum {
	N_KIND,
	N_PROTO,
	N_SOURCE,
	N_DEST,
	N_TRANSLATED,
	N_NAME,
	N_NETWORK,
	N_STATE
};

/* A headless console showing the NAT pane, loaded. */
static struct console *
nat_app(struct pane **pane)
{
	struct console *a = it_app(NULL);

	assert_true(console_show_pane(a, "nat"));
	*pane = console_active_pane(a);
	assert_string_equal((*pane)->ops->name, "nat");
	for (int i = 0;
	     i < 100 && !console_engine(a)->store.loaded[STORE_CONTAINERS]; i++)
		app_pump(a, 50);
	assert_true(console_engine(a)->store.loaded[STORE_CONTAINERS]);
	return a;
}

/* The pane's row of this kind whose source is source, or NULL. */
static const struct pane_row *
nat_pane_row(const struct pane *p, const char *kind, const char *source)
{
	for (size_t i = 0; i < pane_row_count(p); i++) {
		const struct pane_row *r = pane_view_row(p, i);

		if (strcmp(r->cells[N_KIND], kind) == 0 &&
		    strcmp(r->cells[N_SOURCE], source) == 0)
			return r;
	}
	return NULL;
}

/* Pumps the console until the row is there (want) or gone (!want). */
static const struct pane_row *
nat_pane_wait(struct console *a, struct pane *p, const char *kind,
    const char *source, bool want, double secs)
{
	double end = it_now() + secs;
	const struct pane_row *r;

	do {
		app_pump(a, 50);
		r = nat_pane_row(p, kind, source);
		if ((r != NULL) == want)
			return r;
	} while (it_now() < end);
	return r;
}

static void
nat_pause(void)
{
	struct timespec ts = {0, 50 * 1000 * 1000};

	nanosleep(&ts, NULL);
}

static void
nat_cleanup(void)
{
	if (it.label)
		it_run("docker ps -aq --filter label=%s | xargs -r docker rm "
		       "-f -v >/dev/null 2>&1",
		    it.label);
	if (it.ns)
		it_run("ip netns del %s >/dev/null 2>&1", it.ns);
	if (it.veth_host[0])
		it_run("ip link del %s >/dev/null 2>&1", it.veth_host);
}

/* The published port of a container (docker port), or 0. */
static int
nat_published(const char *name)
{
	char *out = it_capture("docker port %s 80/tcp | head -1", name);
	const char *colon = out ? strrchr(out, ':') : NULL;
	int port = colon ? atoi(colon + 1) : 0;

	free(out);
	return port;
}

/*
 * Picks a /30 under 10.213.50.0/23 that no interface of this host uses
 * (several test runs may be at work at once).
 */
static bool
nat_pick_subnet(void)
{
	unsigned v = (unsigned)strtoul(it.rid, NULL, 16);

	for (unsigned i = 0; i < 128; i++) {
		unsigned block = (v + i) % 128;
		unsigned third = 50 + block / 64, fourth = (block % 64) * 4;
		char *used;

		snprintf(it.host_ip, sizeof it.host_ip, "10.213.%u.%u", third,
		    fourth + 1);
		snprintf(it.ns_ip, sizeof it.ns_ip, "10.213.%u.%u", third,
		    fourth + 2);
		used = it_capture("ip -4 -o addr | grep -c ' 10\\.213\\.%u\\."
				  "%u/' || true",
		    third, fourth + 1);
		if (used && strcmp(used, "0") == 0) {
			free(used);
			return true;
		}
		free(used);
	}
	return false;
}

static int
group_setup(void **state)
{
	if (it_host("nat") == NULL)
		return -1;
	ts_init(30, 200);
	it.root = geteuid() == 0;
	it_random_id(it.rid);
	it.label = xasprintf("org.berth.it=nat-%s", it.rid);
	it.web = xasprintf("berth-it-%s-natweb", it.rid);
	it.dweb = xasprintf("berth-it-%s-natdnat", it.rid);
	it.ns = xasprintf("berth-it-ns-%s", it.rid);
	snprintf(it.veth_host, sizeof it.veth_host, "bnh%.8s", it.rid);
	snprintf(it.veth_ns, sizeof it.veth_ns, "bnn%.8s", it.rid);
	if (it_run("docker run -d --name %s --label %s -p 127.0.0.1::80 "
		   "berth-test/web >/dev/null",
		it.web, it.label) != 0) {
		nat_cleanup();
		return -1;
	}
	return 0;
}

static int
group_teardown(void **state)
{
	nat_cleanup();
	free(it.label);
	free(it.web);
	free(it.dweb);
	free(it.ns);
	ts_done();
	return 0;
}

/* A TCP connection from this process to 127.0.0.1:port; -1 on failure. */
static int
nat_connect_loopback(int port, int *local_port)
{
	struct sockaddr_in sa;
	socklen_t sl = sizeof sa;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &sl) != 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	*local_port = ntohs(sa.sin_port);
	return fd;
}

/*
 * The docker-proxy sessions to host port: how many come from the client
 * port, and the container address of the last one.
 */
static size_t
nat_proxy_sessions(int host_port, int client_port, char *cip, size_t cipsz,
    int *cport, size_t *unpaired)
{
	struct procnet_proxies px = {NULL, 0};
	struct procnet_socks socks = {NULL, 0};
	struct procnet_sessions ss = {NULL, 0};
	char *cause = NULL;
	size_t hits = 0;

	procnet_find_proxies("/proc", &px);
	if (!procnet_read("/proc/net/tcp", 4, &socks, &cause))
		free(cause);
	cause = NULL;
	if (!procnet_read("/proc/net/tcp6", 6, &socks, &cause))
		free(cause);
	for (size_t i = 0; i < px.n; i++)
		if (px.v[i].host_port == host_port)
			procnet_pair(&px.v[i], &socks, &ss);
	*unpaired = 0;
	for (size_t i = 0; i < ss.n; i++) {
		if (ss.v[i].client_port != client_port)
			continue;
		hits++;
		snprintf(cip, cipsz, "%s", ss.v[i].container_ip);
		*cport = ss.v[i].container_port;
		if (ss.v[i].out_inode == 0)
			(*unpaired)++;
	}
	procnet_sessions_free(&ss);
	procnet_socks_free(&socks);
	procnet_proxies_free(&px);
	return hits;
}

static void
test_proxy_session_paired(void **state)
{
	int port, fd, lport = 0, cport = 0;
	char *ip, cip[PROCNET_ADDR_MAX] = "";
	size_t hits = 0, unpaired = 0;
	double deadline;
	struct procnet_proxies px = {NULL, 0};
	bool mine = false;
	struct console *a;
	struct pane *p;
	const struct pane_row *r;
	char src[64], want[96];

	if (!it.root)
		skip();
	port = nat_published(it.web);
	assert_true(port > 0);
	ip = it_capture("docker inspect -f '{{.NetworkSettings.IPAddress}}' "
			"%s",
	    it.web);
	assert_non_null(ip);
	/* The engine must run with the userland proxy for this case. */
	procnet_find_proxies("/proc", &px);
	for (size_t i = 0; i < px.n; i++)
		if (px.v[i].host_port == port)
			mine = true;
	procnet_proxies_free(&px);
	if (!mine) {
		print_message("no docker-proxy for port %d (userland proxy "
			      "off?)\n",
		    port);
		free(ip);
		skip();
	}

	a = nat_app(&p);
	/* Let the pane take its first look before the connection. */
	for (int i = 0; i < 10; i++)
		app_pump(a, 50);
	fd = nat_connect_loopback(port, &lport);
	assert_true(fd >= 0);
	snprintf(src, sizeof src, "127.0.0.1:%d", lport);
	r = nat_pane_wait(a, p, "proxy", src, true, NAT_IT_WITHIN);
	assert_non_null(r);
	assert_string_equal(r->cells[N_NAME], it.web);
	snprintf(want, sizeof want, "%s:80", ip);
	assert_string_equal(r->cells[N_TRANSLATED], want);
	snprintf(want, sizeof want, "127.0.0.1:%d", port);
	assert_string_equal(r->cells[N_DEST], want);
	assert_string_equal(r->cells[N_STATE], "ESTABLISHED");

	deadline = it_now() + NAT_IT_WITHIN;
	while ((hits = nat_proxy_sessions(
		    port, lport, cip, sizeof cip, &cport, &unpaired)) == 0 ||
	       unpaired > 0) {
		if (it_now() > deadline)
			break;
		nat_pause();
	}
	assert_int_equal(hits, 1);
	assert_int_equal(unpaired, 0);
	assert_true(conntrack_addr_eq(cip, ip));
	assert_int_equal(cport, 80);

	close(fd);
	deadline = it_now() + NAT_IT_WITHIN;
	while ((hits = nat_proxy_sessions(
		    port, lport, cip, sizeof cip, &cport, &unpaired)) > 0 &&
	       it_now() <= deadline)
		nat_pause();
	assert_int_equal(hits, 0);
	assert_null(nat_pane_wait(a, p, "proxy", src, false, NAT_IT_WITHIN));
	app_free(a);
	free(ip);
}

struct nat_find {
	const char *client;
	const char *host_ip;
	int host_port;
	const char *cip;
	int established; /* matching entries in ESTABLISHED */
	int any; /* matching entries in any state */
};

static bool
nat_find_entry(const struct conntrack_entry *e, void *arg)
{
	struct nat_find *f = arg;

	if (strcmp(e->l4, "tcp") != 0 || !conntrack_is_dnat(e) ||
	    !conntrack_addr_eq(e->orig.src, f->client) ||
	    !conntrack_addr_eq(e->orig.dst, f->host_ip) ||
	    e->orig.dport != f->host_port ||
	    !conntrack_addr_eq(e->reply.src, f->cip) || e->reply.sport != 80)
		return true;
	f->any++;
	if (strcmp(e->state, "ESTABLISHED") == 0)
		f->established++;
	return true;
}

static void
nat_scan_table(struct nat_find *f)
{
	struct buf b;
	char *cause = NULL;

	f->established = f->any = 0;
	buf_init(&b);
	if (conntrack_read_file("/proc/net/nf_conntrack", &b, &cause))
		conntrack_parse_text(buf_cstr(&b), b.len, nat_find_entry, f);
	else
		free(cause);
	buf_done(&b);
}

/*
 * In a child: enters the namespace, connects to ip:port, says so on ready
 * (one byte: '1' connected, '0' failed), and closes when go closes.
 */
static pid_t
nat_client_in_ns(const char *ip, int port, int *ready_fd, int *go_fd)
{
	int ready[2], go[2];
	pid_t pid;

	if (pipe(ready) != 0 || pipe(go) != 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		char path[256], c = '0', x;
		int nsfd, fd = -1;
		struct sockaddr_in sa;

		close(ready[0]);
		close(go[1]);
		snprintf(path, sizeof path, "/var/run/netns/%s", it.ns);
		nsfd = open(path, O_RDONLY);
		memset(&sa, 0, sizeof sa);
		sa.sin_family = AF_INET;
		sa.sin_port = htons((uint16_t)port);
		if (nsfd >= 0 && setns(nsfd, CLONE_NEWNET) == 0 &&
		    inet_pton(AF_INET, ip, &sa.sin_addr) == 1 &&
		    (fd = socket(AF_INET, SOCK_STREAM, 0)) >= 0 &&
		    connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0)
			c = '1';
		if (write(ready[1], &c, 1) != 1)
			_exit(1);
		/* Holds the connection until the parent closes go. */
		while (read(go[0], &x, 1) > 0)
			;
		if (fd >= 0)
			close(fd);
		_exit(0);
	}
	close(ready[1]);
	close(go[0]);
	*ready_fd = ready[0];
	*go_fd = go[1];
	return pid;
}

static bool
nat_tool_sees(struct nat_find *f)
{
	static const char *const argv[] = {
	    "conntrack", "-L", "-o", "extended", NULL};
	struct conntrack_cmd c;
	char *cause = NULL;
	double deadline = it_now() + 10;

	conntrack_cmd_init(&c);
	if (!conntrack_cmd_start(&c, argv, &cause)) {
		free(cause);
		return false;
	}
	while (!conntrack_cmd_poll(&c) && it_now() < deadline)
		nat_pause();
	f->established = f->any = 0;
	if (c.done && c.status == 0)
		conntrack_parse_text(
		    buf_cstr(&c.out), c.out.len, nat_find_entry, f);
	else
		print_message("conntrack -L: %s, status %d: %.300s\n",
		    c.done ? "done" : "timed out", c.status, buf_cstr(&c.out));
	conntrack_cmd_done(&c);
	return f->established > 0;
}

/* The test's network namespace, joined to the host by a veth pair on a
 * private /30 of its own. */
static void
nat_make_namespace(void)
{
	assert_true(nat_pick_subnet());
	assert_int_equal(it_run("ip netns add %s", it.ns), 0);
	assert_int_equal(it_run("ip link add %s type veth peer name %s",
			     it.veth_host, it.veth_ns),
	    0);
	assert_int_equal(
	    it_run("ip link set %s netns %s", it.veth_ns, it.ns), 0);
	assert_int_equal(it_run("ip addr add %s/30 dev %s && ip link set %s "
				"up",
			     it.host_ip, it.veth_host, it.veth_host),
	    0);
	assert_int_equal(
	    it_run("ip netns exec %s sh -c 'ip addr add %s/30 "
		   "dev %s && ip link set %s up && ip link set lo up'",
		it.ns, it.ns_ip, it.veth_ns, it.veth_ns),
	    0);
}

static void
test_dnat_from_namespace(void **state)
{
	struct nat_find f;
	char *cip, *cause = NULL, c = 0;
	int port, ready = -1, go = -1, st;
	pid_t pid;
	double deadline;
	struct buf b;
	struct console *a;
	struct pane *p;
	const struct pane_row *r;
	char src[64], want[96];

	if (!it.root)
		skip();
	buf_init(&b);
	if (!conntrack_read_file("/proc/net/nf_conntrack", &b, &cause)) {
		print_message("skipped: %s\n", cause);
		free(cause);
		buf_done(&b);
		skip();
	}
	buf_done(&b);
	nat_make_namespace();
	/* Published on the veth's host address only: nothing else sees it. */
	assert_int_equal(it_run("docker run -d --name %s --label %s -p "
				"%s::80 berth-test/web >/dev/null",
			     it.dweb, it.label, it.host_ip),
	    0);
	port = nat_published(it.dweb);
	assert_true(port > 0);
	cip = it_capture("docker inspect -f '{{.NetworkSettings.IPAddress}}' "
			 "%s",
	    it.dweb);
	assert_non_null(cip);

	a = nat_app(&p);
	for (int i = 0; i < 10; i++)
		app_pump(a, 50);
	pid = nat_client_in_ns(it.host_ip, port, &ready, &go);
	assert_true(pid > 0);
	assert_int_equal(read(ready, &c, 1), 1);
	assert_int_equal(c, '1');

	f = (struct nat_find){it.ns_ip, it.host_ip, port, cip, 0, 0};
	deadline = it_now() + NAT_IT_WITHIN;
	for (nat_scan_table(&f); f.established == 0 && it_now() <= deadline;
	     nat_scan_table(&f))
		nat_pause();
	assert_int_equal(f.established, 1);

	/* The console's row: the client, the host port, the container. */
	r = NULL;
	deadline = it_now() + NAT_IT_WITHIN;
	while (r == NULL && it_now() <= deadline) {
		app_pump(a, 50);
		for (size_t i = 0; i < pane_row_count(p) && r == NULL; i++) {
			const struct pane_row *x = pane_view_row(p, i);

			snprintf(want, sizeof want, "%s:", it.ns_ip);
			if (strcmp(x->cells[N_KIND], "dnat") == 0 &&
			    strncmp(x->cells[N_SOURCE], want, strlen(want)) ==
				0 &&
			    strcmp(x->cells[N_STATE], "ESTABLISHED") == 0)
				r = x;
		}
	}
	assert_non_null(r);
	snprintf(src, sizeof src, "%s", r->cells[N_SOURCE]);
	assert_string_equal(r->cells[N_NAME], it.dweb);
	assert_string_equal(r->cells[N_PROTO], "tcp");
	snprintf(want, sizeof want, "%s:%d", it.host_ip, port);
	assert_string_equal(r->cells[N_DEST], want);
	snprintf(want, sizeof want, "%s:80", cip);
	assert_string_equal(r->cells[N_TRANSLATED], want);

	/*
	 * The conntrack tool, the fallback, sees the same connection. A dump
	 * of a busy table can fail (the kernel interrupts it when the table
	 * changes under it); the pane reads again a second later, and so
	 * does this, a few times.
	 */
	if (system("command -v conntrack >/dev/null 2>&1") == 0) {
		bool seen = false;

		for (int i = 0; i < 5 && !seen; i++) {
			seen = nat_tool_sees(&f);
			if (!seen)
				sleep(1);
		}
		assert_true(seen);
	}

	/* Closing it ends the ESTABLISHED entry (TIME_WAIT lingers). */
	close(go);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	deadline = it_now() + NAT_IT_WITHIN;
	for (nat_scan_table(&f); f.established > 0 && it_now() <= deadline;
	     nat_scan_table(&f))
		nat_pause();
	assert_int_equal(f.established, 0);
	/* Closed, it leaves the pane (TIME_WAIT is hidden by default). */
	assert_null(nat_pane_wait(a, p, "dnat", src, false, NAT_IT_WITHIN));
	app_free(a);
	close(ready);
	free(cip);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_proxy_session_paired),
	    cmocka_unit_test(test_dnat_from_namespace),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
