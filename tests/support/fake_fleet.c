/* The fake fleet: many small fake engines on loopback, one poll loop. */

#include "tests/support/fake_fleet.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "api/buf.h"
#include "api/xalloc.h"
#include "tests/support/child.h"

#define FLEET_API "1.43"

struct fleet_engine {
	enum fake_fleet_kind kind;
	int port;
	int lfd; /* listening socket, -1 while down */
	bool up;
	double phase; /* flapping: seconds into its cycle at start */
	char addr[40];
};

struct fleet_conn {
	int fd;
	size_t engine;
	struct buf in, out;
	double due; /* a slow answer waits in out until then; 0: none */
	bool streaming; /* an /events stream: kept open, nothing more read */
	bool close_after; /* Connection: close */
};

struct fake_fleet {
	struct fake_fleet_opts o;
	struct fleet_engine *e;
	struct fake_fleet_counts *counts; /* shared with a child */
	struct fleet_conn *c;
	size_t nc, capc;
	size_t map_len; /* of counts */
	double t0;
	pid_t pid;
};

static double
fleet_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static enum fake_fleet_kind
fleet_kind_of(const struct fake_fleet_opts *o, size_t i)
{
	if (i < o->n_dead)
		return FAKE_FLEET_DEAD;
	i -= o->n_dead;
	if (i < o->n_flap)
		return FAKE_FLEET_FLAP;
	i -= o->n_flap;
	if (i < o->n_slow)
		return FAKE_FLEET_SLOW;
	i -= o->n_slow;
	if (i < o->n_events_fail)
		return FAKE_FLEET_EVENTS_FAIL;
	return FAKE_FLEET_OK;
}

const char *
fake_fleet_kind_name(enum fake_fleet_kind k)
{
	static const char *const names[] = {
	    [FAKE_FLEET_OK] = "ok",
	    [FAKE_FLEET_DEAD] = "dead",
	    [FAKE_FLEET_FLAP] = "flapping",
	    [FAKE_FLEET_SLOW] = "slow",
	    [FAKE_FLEET_EVENTS_FAIL] = "events-fail",
	};

	return names[k];
}

/* A listening socket on 127.0.0.1:port (0: any); -1 on failure. */
static int
fleet_listen(int port, int *got)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	socklen_t len = sizeof sa;
	int one = 1, fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa.sin_port = htons((uint16_t)port);
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0 ||
	    listen(fd, 64) < 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &len) < 0) {
		close(fd);
		return -1;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	if (got)
		*got = ntohs(sa.sin_port);
	return fd;
}

/* Whether engine i answers now (dead never, flapping by turns). */
static bool
fleet_should_be_up(const struct fake_fleet *f, size_t i, double now)
{
	double period = f->o.flap_up_s + f->o.flap_down_s;

	if (f->e[i].kind == FAKE_FLEET_DEAD)
		return false;
	if (f->e[i].kind != FAKE_FLEET_FLAP)
		return true;
	return fmod(now - f->t0 + f->e[i].phase, period) < f->o.flap_up_s;
}

struct fake_fleet *
fake_fleet_new(const struct fake_fleet_opts *o)
{
	struct fake_fleet *f = xcalloc(1, sizeof *f);
	struct rlimit rl;

	f->o = *o;
	if (f->o.slow_ms <= 0)
		f->o.slow_ms = 2000;
	if (f->o.flap_up_s <= 0)
		f->o.flap_up_s = 3;
	if (f->o.flap_down_s <= 0)
		f->o.flap_down_s = 3;
	if (f->o.containers <= 0)
		f->o.containers = 3;
	/* A hundred engines with a few connections each. */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	f->map_len = (o->n ? o->n : 1) * sizeof *f->counts;
	f->counts = mmap(NULL, f->map_len, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (f->counts == MAP_FAILED) {
		free(f);
		return NULL;
	}
	memset(f->counts, 0, f->map_len);
	f->e = xcalloc(o->n ? o->n : 1, sizeof *f->e);
	f->t0 = fleet_now();
	for (size_t i = 0; i < o->n; i++) {
		struct fleet_engine *e = &f->e[i];

		e->kind = fleet_kind_of(&f->o, i);
		/* Flapping engines do not all flap together. */
		e->phase =
		    fmod((double)i * 0.77, f->o.flap_up_s + f->o.flap_down_s);
		e->lfd = fleet_listen(0, &e->port);
		if (e->lfd < 0) {
			fprintf(stderr, "fake_fleet: cannot listen: %s\n",
			    strerror(errno));
			f->o.n = i;
			fake_fleet_free(f);
			return NULL;
		}
		snprintf(
		    e->addr, sizeof e->addr, "tcp://127.0.0.1:%d", e->port);
		e->up = fleet_should_be_up(f, i, f->t0);
		if (!e->up && f->o.refuse) {
			close(e->lfd);
			e->lfd = -1;
		}
	}
	return f;
}

/* strcasestr, which is not POSIX. */
static const char *
fleet_find(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return hay;
	return NULL;
}

/* Closes connection k at once, with a reset (SO_LINGER 0). */
static void
fleet_drop(struct fake_fleet *f, size_t k)
{
	struct linger lg = {1, 0};

	setsockopt(f->c[k].fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
	close(f->c[k].fd);
	buf_done(&f->c[k].in);
	buf_done(&f->c[k].out);
	f->c[k] = f->c[--f->nc];
}

/* The fake engine's answer to a path without /vX.Y and query. */
static void
fleet_body(struct fake_fleet *f, size_t i, const char *path, struct buf *b,
    int *status)
{
	int nc = f->o.containers;

	*status = 200;
	if (!strcmp(path, "/_ping"))
		buf_append(b, "OK", 2);
	else if (!strcmp(path, "/version"))
		buf_printf(b,
		    "{\"Version\":\"24.0.7\",\"ApiVersion\":\"" FLEET_API
		    "\",\"MinAPIVersion\":\"1.12\",\"Os\":\"linux\","
		    "\"Arch\":\"amd64\",\"KernelVersion\":\"6.1.0-fake\"}");
	else if (!strcmp(path, "/info"))
		buf_printf(b,
		    "{\"ID\":\"FAKE:%zu\",\"Name\":\"fake-%03zu\","
		    "\"ServerVersion\":\"24.0.7\",\"OperatingSystem\":"
		    "\"Fake Linux\",\"OSType\":\"linux\",\"Architecture\":"
		    "\"x86_64\",\"KernelVersion\":\"6.1.0-fake\",\"NCPU\":2,"
		    "\"MemTotal\":2147483648,\"Containers\":%d,"
		    "\"ContainersRunning\":%d,\"ContainersPaused\":0,"
		    "\"ContainersStopped\":0,\"Images\":1,\"Driver\":"
		    "\"overlay2\",\"Warnings\":null}",
		    i, i, nc, nc);
	else if (!strcmp(path, "/containers/json")) {
		buf_append(b, "[", 1);
		for (int k = 0; k < nc; k++)
			buf_printf(b,
			    "%s{\"Id\":\"%064zx\",\"Names\":[\"/"
			    "fake-%03zu-c%d\"],"
			    "\"Image\":\"busybox\",\"ImageID\":\"sha256:%"
			    "064x\","
			    "\"Command\":\"sleep 1000\",\"Created\":1700000000,"
			    "\"Ports\":[],\"Labels\":{},\"State\":\"running\","
			    "\"Status\":\"Up 2 hours\",\"HostConfig\":"
			    "{\"NetworkMode\":\"default\"},\"NetworkSettings\":"
			    "{\"Networks\":{}},\"Mounts\":[]}",
			    k ? "," : "", i * 1000 + (size_t)k, i, k, 1u);
		buf_append(b, "]", 1);
	} else if (!strcmp(path, "/images/json"))
		buf_printf(b,
		    "[{\"Id\":\"sha256:%064x\",\"RepoTags\":[\"busybox:"
		    "latest\"],"
		    "\"RepoDigests\":[],\"Created\":1700000000,\"Size\":"
		    "1234567,"
		    "\"SharedSize\":-1,\"Containers\":-1,\"Labels\":null,"
		    "\"ParentId\":\"\"}]",
		    1u);
	else if (!strcmp(path, "/volumes"))
		buf_printf(b, "{\"Volumes\":[],\"Warnings\":null}");
	else if (!strcmp(path, "/networks"))
		buf_printf(b,
		    "[{\"Name\":\"bridge\",\"Id\":\"%064x\",\"Driver\":"
		    "\"bridge\",\"Scope\":\"local\",\"IPAM\":{\"Config\":[]},"
		    "\"Containers\":{},\"Labels\":{}}]",
		    2u);
	else if (!strcmp(path, "/system/df"))
		buf_printf(b, "{\"LayersSize\":1234567,\"Images\":[],"
			      "\"Containers\":[],\"Volumes\":[],"
			      "\"BuildCache\":[]}");
	else {
		*status = 404;
		buf_printf(b, "{\"message\":\"page not found\"}");
	}
}

/* Answers one request (head in req, NUL-ended) on connection k. */
static void
fleet_answer(struct fake_fleet *f, size_t k, const char *req)
{
	struct fleet_conn *c = &f->c[k];
	struct fake_fleet_counts *n = &f->counts[c->engine];
	char path[256] = "";
	char *q, *p = path;
	struct buf body;
	int status;

	sscanf(req, "%*s %255s", path);
	if ((q = strchr(path, '?')) != NULL)
		*q = '\0';
	/* /v1.43/info is /info. */
	if (p[0] == '/' && p[1] == 'v' && strchr(p + 1, '/'))
		p = strchr(p + 1, '/');
	n->reqs++;
	c->close_after = fleet_find(req, "\nConnection: close") != NULL;
	if (!strcmp(p, "/events")) {
		n->events++;
		if (f->e[c->engine].kind == FAKE_FLEET_EVENTS_FAIL) {
			const char *msg = "{\"message\":\"events are broken on "
					  "this fake engine\"}";

			buf_printf(&c->out,
			    "HTTP/1.1 500 Internal Server Error\r\n"
			    "Api-Version: " FLEET_API "\r\nContent-Type: "
			    "application/json\r\nContent-Length: %zu\r\n\r\n%s",
			    strlen(msg), msg);
		} else {
			buf_printf(&c->out,
			    "HTTP/1.1 200 OK\r\nApi-Version: " FLEET_API
			    "\r\nContent-Type: application/json\r\n"
			    "Transfer-Encoding: chunked\r\n\r\n");
			c->streaming = true;
		}
		return;
	}
	if (!strcmp(p, "/_ping"))
		n->pings++;
	buf_init(&body);
	fleet_body(f, c->engine, p, &body, &status);
	buf_printf(&c->out,
	    "HTTP/1.1 %d %s\r\nApi-Version: " FLEET_API "\r\nContent-Type: %s"
	    "\r\nContent-Length: %zu\r\n%s\r\n",
	    status, status == 200 ? "OK" : "Not Found",
	    strcmp(p, "/_ping") ? "application/json" : "text/plain", body.len,
	    c->close_after ? "Connection: close\r\n" : "");
	buf_append(&c->out, body.data, body.len);
	buf_done(&body);
}

/* Answers the whole requests waiting on connection k, one at a time. */
static void
fleet_parse(struct fake_fleet *f, size_t k, double now)
{
	struct fleet_conn *c = &f->c[k];
	const char *end;

	/* The next request waits for this answer. */
	while (c->out.len == 0 && !c->streaming &&
	       (end = strstr(buf_cstr(&c->in), "\r\n\r\n")) != NULL) {
		size_t head = (size_t)(end - c->in.data) + 4, body = 0;
		const char *cl = fleet_find(c->in.data, "\nContent-Length:");
		char *req;

		if (cl && cl < end)
			body = strtoul(cl + 16, NULL, 10);
		if (c->in.len < head + body)
			break;
		req = xstrndup(c->in.data, head);
		fleet_answer(f, k, req);
		free(req);
		buf_consume(&c->in, head + body);
		if (f->e[c->engine].kind == FAKE_FLEET_SLOW)
			c->due = now + f->o.slow_ms / 1000.0;
	}
}

/* Reads what came on connection k; false when it is to be dropped. */
static bool
fleet_read(struct fake_fleet *f, size_t k, double now)
{
	struct fleet_conn *c = &f->c[k];
	char tmp[4096];
	ssize_t r = read(c->fd, tmp, sizeof tmp);

	if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR))
		return false;
	if (r < 0 || c->streaming)
		return true;
	buf_append(&c->in, tmp, (size_t)r);
	fleet_parse(f, k, now);
	return true;
}

/* Writes what is due on connection k; false when it is to be dropped. */
static bool
fleet_write(struct fake_fleet *f, size_t k, double now)
{
	struct fleet_conn *c = &f->c[k];
	ssize_t w;

	if (c->out.len == 0 || (c->due != 0 && now < c->due))
		return true;
	c->due = 0;
	w = write(c->fd, c->out.data, c->out.len);
	if (w < 0)
		return errno == EAGAIN || errno == EINTR;
	buf_consume(&c->out, (size_t)w);
	if (c->out.len == 0 && c->close_after && !c->streaming)
		return false;
	if (c->out.len == 0)
		fleet_parse(f, k, now);
	return true;
}

static void
fleet_accept(struct fake_fleet *f, size_t i)
{
	int fd;

	while ((fd = accept(f->e[i].lfd, NULL, NULL)) >= 0) {
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
		fcntl(fd, F_SETFD, FD_CLOEXEC);
		f->counts[i].conns++;
		if (f->nc == f->capc) {
			f->capc = f->capc ? f->capc * 2 : 64;
			f->c = xreallocarray(f->c, f->capc, sizeof *f->c);
		}
		f->c[f->nc] = (struct fleet_conn){.fd = fd, .engine = i};
		buf_init(&f->c[f->nc].in);
		buf_init(&f->c[f->nc].out);
		f->nc++;
		/* Down: the connection is refused the only way we can count. */
		if (!f->e[i].up)
			fleet_drop(f, f->nc - 1);
	}
}

/* Flapping engines go up and down; down drops their connections. */
static void
fleet_flap(struct fake_fleet *f, double now)
{
	for (size_t i = 0; i < f->o.n; i++) {
		struct fleet_engine *e = &f->e[i];
		bool up = fleet_should_be_up(f, i, now);

		if (up == e->up)
			continue;
		e->up = up;
		if (!up) {
			for (size_t k = f->nc; k-- > 0;)
				if (f->c[k].engine == i)
					fleet_drop(f, k);
			if (f->o.refuse && e->lfd >= 0) {
				close(e->lfd);
				e->lfd = -1;
			}
		} else if (e->lfd < 0)
			e->lfd = fleet_listen(e->port, NULL);
	}
}

/* The poll timeout: the next slow answer or flap, in ms (-1: none). */
static int
fleet_timeout(const struct fake_fleet *f, double now)
{
	double next = 0;

	for (size_t k = 0; k < f->nc; k++)
		if (f->c[k].due != 0 && (next == 0 || f->c[k].due < next))
			next = f->c[k].due;
	for (size_t i = 0; i < f->o.n; i++)
		if (f->e[i].kind == FAKE_FLEET_FLAP) {
			next = next == 0 || now + 0.1 < next ? now + 0.1 : next;
			break;
		}
	if (next == 0)
		return 1000;
	return next <= now ? 0 : (int)((next - now) * 1000) + 1;
}

void
fake_fleet_report_to(const struct fake_fleet *f, const char *path)
{
	FILE *out = path ? fopen(path, "w") : stdout;

	if (out == NULL)
		return;
	fake_fleet_report(f, out);
	if (out != stdout)
		fclose(out);
}

void
fake_fleet_serve(struct fake_fleet *f, volatile sig_atomic_t *stop,
    volatile sig_atomic_t *report, const char *path)
{
	struct pollfd *pf = NULL;
	size_t cap = 0;

	while (!stop || !*stop) {
		size_t n = 0, nl;
		double now = fleet_now();

		if (report && *report) {
			*report = 0;
			fake_fleet_report_to(f, path);
		}
		fleet_flap(f, now);
		if (cap < f->o.n + f->nc) {
			cap = (f->o.n + f->nc) * 2;
			pf = xreallocarray(pf, cap, sizeof *pf);
		}
		for (size_t i = 0; i < f->o.n; i++)
			pf[n++] = (struct pollfd){f->e[i].lfd, POLLIN, 0};
		nl = n;
		for (size_t k = 0; k < f->nc; k++)
			pf[n++] = (struct pollfd){f->c[k].fd,
			    (short)(POLLIN |
				    (f->c[k].out.len && f->c[k].due == 0
					    ? POLLOUT
					    : 0)),
			    0};
		if (poll(pf, n, fleet_timeout(f, now)) < 0 && errno != EINTR)
			break;
		now = fleet_now();
		/* Connections first (by index, from the end: drops move the
		 * last one into the hole), then new ones. */
		for (size_t k = f->nc; k-- > 0;) {
			short re = pf[nl + k].revents;
			bool ok = true;

			if (re & (POLLIN | POLLHUP | POLLERR))
				ok = fleet_read(f, k, now);
			if (ok)
				ok = fleet_write(f, k, now);
			if (!ok)
				fleet_drop(f, k);
		}
		for (size_t i = 0; i < nl; i++)
			if (pf[i].fd >= 0 && (pf[i].revents & POLLIN))
				fleet_accept(f, i);
	}
	free(pf);
}

struct fake_fleet *
fake_fleet_start(const struct fake_fleet_opts *o)
{
	struct fake_fleet *f = fake_fleet_new(o);
	pid_t parent, pid;

	if (f == NULL)
		return NULL;
	fflush(NULL);
	parent = getpid();
	pid = fork();
	if (pid < 0) {
		fake_fleet_free(f);
		return NULL;
	}
	if (pid == 0) {
		child_dies_with(parent);
		fake_fleet_serve(f, NULL, NULL, NULL);
		_exit(0);
	}
	f->pid = pid;
	/* The child serves; the parent keeps the ports and the counts. */
	for (size_t i = 0; i < f->o.n; i++)
		if (f->e[i].lfd >= 0) {
			close(f->e[i].lfd);
			f->e[i].lfd = -1;
		}
	return f;
}

pid_t
fake_fleet_pid(const struct fake_fleet *f)
{
	return f->pid;
}

size_t
fake_fleet_size(const struct fake_fleet *f)
{
	return f->o.n;
}

const char *
fake_fleet_addr(const struct fake_fleet *f, size_t i)
{
	return f->e[i].addr;
}

enum fake_fleet_kind
fake_fleet_kind(const struct fake_fleet *f, size_t i)
{
	return f->e[i].kind;
}

struct fake_fleet_counts
fake_fleet_counts(const struct fake_fleet *f, size_t i)
{
	return f->counts[i];
}

void
fake_fleet_report(const struct fake_fleet *f, FILE *out)
{
	if (out == NULL)
		return;
	for (size_t i = 0; i < f->o.n; i++) {
		const struct fake_fleet_counts *n = &f->counts[i];

		fprintf(out,
		    "fake-%03zu %-11s %s conns=%lu reqs=%lu pings=%lu "
		    "events=%lu\n",
		    i, fake_fleet_kind_name(f->e[i].kind), f->e[i].addr,
		    n->conns, n->reqs, n->pings, n->events);
	}
	fflush(out);
}

void
fake_fleet_free(struct fake_fleet *f)
{
	if (f == NULL)
		return;
	if (f->pid > 0) {
		kill(f->pid, SIGCONT);
		kill(f->pid, SIGKILL);
		waitpid(f->pid, NULL, 0);
	}
	while (f->nc)
		fleet_drop(f, f->nc - 1);
	free(f->c);
	for (size_t i = 0; i < f->o.n; i++)
		if (f->e[i].lfd >= 0)
			close(f->e[i].lfd);
	free(f->e);
	munmap(f->counts, f->map_len);
	free(f);
}
