/* The fake engine: canned HTTP replies from a forked child on a unix socket. */

#include "tests/support/fake_engine.h"

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "api/buf.h"
#include "api/xalloc.h"
#include "tests/support/child.h"

const char fake_engine_wait[] = "(wait)";

struct fake_engine {
	pid_t pid;
	char *dir;
	char *path;
	char *addr;
	int gate; /* a byte written releases a wait */
	int report; /* read end: request lines from the child */
	struct buf requests;
	char *raw_path; /* whole requests, appended by the child */
	struct buf raw;
	char *sent_path; /* filler bytes written, by the child; or NULL */
};

static bool
fake_write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

/* Blocks until the parent releases a wait (or goes away). */
static void
fake_wait_gate(int gate)
{
	char c;

	while (read(gate, &c, 1) < 0 && errno == EINTR)
		;
}

static size_t
fake_content_length(const char *head)
{
	const char *p = head;

	while ((p = strchr(p, '\n')) != NULL) {
		p++;
		if (strncasecmp(p, "Content-Length:", 15) == 0)
			return (size_t)strtoul(p + 15, NULL, 10);
	}
	return 0;
}

/*
 * Reads one request (head and Content-Length body) from fd into req,
 * which may already hold bytes of it. False at end of connection.
 */
static bool
fake_read_request(int fd, struct buf *req, size_t *head_len)
{
	char tmp[4096];
	const char *end;
	size_t body;

	while ((end = strstr(buf_cstr(req), "\r\n\r\n")) == NULL) {
		ssize_t r = read(fd, tmp, sizeof tmp);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0 || req->len > (1 << 20))
			return false;
		buf_append(req, tmp, (size_t)r);
	}
	*head_len = (size_t)(end - req->data) + 4;
	body = fake_content_length(req->data);
	while (req->len < *head_len + body) {
		ssize_t r = read(fd, tmp, sizeof tmp);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return false;
		buf_append(req, tmp, (size_t)r);
	}
	*head_len += body;
	return true;
}

/* Appends a whole request (head and body) to the file at path. */
static void
fake_record(const char *path, const char *req, size_t len)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0600);

	if (fd >= 0) {
		fake_write_all(fd, req, len);
		close(fd);
	}
}

/* The filler bytes written so far, rewritten into path after each reply. */
static size_t fake_filled;

/* What a fake_fill() part starts with; the count follows. */
#define FAKE_FILL_TAG "\001fake-fill:"

char *
fake_fill(size_t n)
{
	return xasprintf("%s%zu", FAKE_FILL_TAG, n);
}

static bool
fake_fill_size(const char *part, size_t *n)
{
	if (strncmp(part, FAKE_FILL_TAG, sizeof FAKE_FILL_TAG - 1) != 0)
		return false;
	*n = (size_t)strtoull(part + sizeof FAKE_FILL_TAG - 1, NULL, 10);
	return true;
}

/* Writes up to n filler bytes; stops early when the client goes away. */
static void
fake_fill_write(int fd, size_t n, const char *sent_path)
{
	static char chunk[64 * 1024];
	char *tmp = xasprintf("%s.tmp", sent_path);
	FILE *f;

	memset(chunk, 'x', sizeof chunk);
	while (n > 0) {
		size_t k = n < sizeof chunk ? n : sizeof chunk;
		ssize_t w = write(fd, chunk, k);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		fake_filled += (size_t)w;
		n -= (size_t)w;
	}
	/* Written whole, then renamed: a reader never sees half a number. */
	if ((f = fopen(tmp, "w")) != NULL) {
		fprintf(f, "%zu\n", fake_filled);
		fclose(f);
		rename(tmp, sent_path);
	}
	free(tmp);
}

static void
fake_serve(int lfd, int gate, int report, const char *raw_path,
    const char *sent_path, const struct fake_reply *replies, size_t n)
{
	size_t next = 0;
	struct buf req;
	char *fallback =
	    fake_response(500, "Content-Type: application/json\r\n",
		"{\"message\":\"fake engine: no more replies\"}");

	buf_init(&req);
	for (;;) {
		int fd = accept(lfd, NULL, NULL);
		size_t used;

		if (fd < 0) {
			if (errno == EINTR)
				continue;
			_exit(1);
		}
		buf_reset(&req);
		while (fake_read_request(fd, &req, &used)) {
			const char *eol = strstr(req.data, "\r\n");
			const struct fake_reply *rep =
			    next < n ? &replies[next] : NULL;
			bool alive = true;

			next++;
			fake_write_all(
			    report, req.data, (size_t)(eol - req.data));
			fake_write_all(report, "\n", 1);
			fake_record(raw_path, req.data, used);
			buf_consume(&req, used);
			if (rep == NULL) {
				fake_write_all(fd, fallback, strlen(fallback));
				break;
			}
			for (size_t i = 0;
			     i < FAKE_MAX_PARTS && alive && rep->parts[i];
			     i++) {
				size_t fill;

				if (rep->parts[i] == fake_engine_wait)
					fake_wait_gate(gate);
				else if (fake_fill_size(rep->parts[i], &fill))
					fake_fill_write(fd, fill, sent_path);
				else
					alive =
					    fake_write_all(fd, rep->parts[i],
						strlen(rep->parts[i]));
			}
			if (rep->hang && rep->hang_apart) {
				pid_t server = getpid(), holder = fork();

				if (holder == 0) {
					/* Goes with the server. */
					child_dies_with(server);
					for (;;)
						pause();
				}
				break;
			}
			if (rep->hang) {
				/* Silent until stopped; the client may give
				 * up and close, which we do not notice. */
				for (;;)
					pause();
			}
			/* One reply per connection keeps the order of
			 * replies plain even when the client pipelines. */
			break;
		}
		close(fd);
	}
}

/* The server's part, in its own process: serves lfd until killed. */
typedef void fake_serve_fn(const struct fake_engine *, int lfd, int gate,
    int report, const void *what, size_t n);

/*
 * Starts a fake engine on a new socket whose process runs serve; sent:
 * it counts the filler bytes it writes (fake_engine_sent()).
 */
static struct fake_engine *
fake_start(
    bool sent, int backlog, fake_serve_fn *serve, const void *what, size_t n)
{
	struct fake_engine *fe = xcalloc(1, sizeof *fe);
	struct sockaddr_un sa;
	int lfd, gate[2], report[2];
	pid_t parent;

	fe->dir = xstrdup("/tmp/berth-fake-XXXXXX");
	if (mkdtemp(fe->dir) == NULL) {
		free(fe->dir);
		free(fe);
		return NULL;
	}
	fe->path = xasprintf("%s/docker.sock", fe->dir);
	fe->addr = xasprintf("unix://%s", fe->path);
	fe->raw_path = xasprintf("%s/requests", fe->dir);
	if (sent)
		fe->sent_path = xasprintf("%s/sent", fe->dir);
	buf_init(&fe->requests);
	buf_init(&fe->raw);

	/* Listening before the fork: the socket is there when we return. */
	lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", fe->path);
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&sa, sizeof sa) != 0 ||
	    listen(lfd, backlog) != 0 || pipe(gate) != 0) {
		if (lfd >= 0)
			close(lfd);
		fe->pid = -1;
		fake_engine_stop(fe);
		return NULL;
	}
	if (pipe(report) != 0) {
		close(lfd);
		close(gate[0]);
		close(gate[1]);
		fe->pid = -1;
		fake_engine_stop(fe);
		return NULL;
	}
	fflush(NULL);
	parent = getpid();
	fe->pid = fork();
	if (fe->pid == 0) {
		/* Do not outlive a test that crashed. */
		child_dies_with(parent);
		signal(SIGPIPE, SIG_IGN);
		close(gate[1]);
		close(report[0]);
		serve(fe, lfd, gate[0], report[1], what, n);
		_exit(0);
	}
	close(lfd);
	close(gate[0]);
	close(report[1]);
	if (fe->pid < 0) {
		close(gate[1]);
		close(report[0]);
		fake_engine_stop(fe);
		return NULL;
	}
	fe->gate = gate[1];
	fe->report = report[0];
	fcntl(fe->report, F_SETFL, fcntl(fe->report, F_GETFL) | O_NONBLOCK);
	return fe;
}

static void
fake_serve_replies(const struct fake_engine *fe, int lfd, int gate, int report,
    const void *what, size_t n)
{
	fake_serve(lfd, gate, report, fe->raw_path, fe->sent_path, what, n);
}

struct fake_engine *
fake_engine_start(const struct fake_reply *replies, size_t n)
{
	return fake_start(true, 16, fake_serve_replies, replies, n);
}

const char *
fake_engine_addr(const struct fake_engine *fe)
{
	return fe->addr;
}

const char *
fake_engine_path(const struct fake_engine *fe)
{
	return fe->path;
}

void
fake_engine_release(struct fake_engine *fe)
{
	fake_write_all(fe->gate, "x", 1);
}

const char *
fake_engine_requests(struct fake_engine *fe)
{
	char tmp[4096];
	ssize_t r;

	while ((r = read(fe->report, tmp, sizeof tmp)) > 0)
		buf_append(&fe->requests, tmp, (size_t)r);
	return buf_cstr(&fe->requests);
}

const char *
fake_engine_raw(struct fake_engine *fe)
{
	char tmp[4096];
	ssize_t r;
	int fd = open(fe->raw_path, O_RDONLY);

	buf_reset(&fe->raw);
	while (fd >= 0 && (r = read(fd, tmp, sizeof tmp)) > 0)
		buf_append(&fe->raw, tmp, (size_t)r);
	if (fd >= 0)
		close(fd);
	return buf_cstr(&fe->raw);
}

void
fake_engine_stop(struct fake_engine *fe)
{
	if (fe == NULL)
		return;
	if (fe->pid > 0) {
		kill(fe->pid, SIGKILL);
		while (waitpid(fe->pid, NULL, 0) < 0 && errno == EINTR)
			;
		close(fe->gate);
		close(fe->report);
	}
	unlink(fe->path);
	unlink(fe->raw_path);
	if (fe->sent_path) {
		/* The child may have been killed between writing and renaming. */
		char *tmp = xasprintf("%s.tmp", fe->sent_path);

		unlink(tmp);
		free(tmp);
		unlink(fe->sent_path);
	}
	rmdir(fe->dir);
	buf_done(&fe->requests);
	buf_done(&fe->raw);
	free(fe->raw_path);
	free(fe->sent_path);
	free(fe->addr);
	free(fe->path);
	free(fe->dir);
	free(fe);
}

size_t
fake_engine_sent(struct fake_engine *fe, int wait_ms)
{
	size_t n = 0;

	for (int waited = 0; fe->sent_path; waited += 10) {
		FILE *f = fopen(fe->sent_path, "r");

		if (f != NULL) {
			if (fscanf(f, "%zu", &n) != 1)
				n = 0;
			fclose(f);
			return n;
		}
		if (waited >= wait_ms)
			break;
		usleep(10 * 1000);
	}
	return 0;
}

char *
fake_response(int status, const char *headers, const char *body)
{
	const char *reason = status < 300   ? "OK"
			     : status < 500 ? "Client Error"
					    : "Server Error";

	return xasprintf("HTTP/1.1 %d %s\r\n%sContent-Length: %zu\r\n"
			 "Connection: close\r\n\r\n%s",
	    status, reason, headers ? headers : "", strlen(body), body);
}

/* The route for a request head ("GET /v1.41/containers/json HTTP/1.1"). */
static const struct fake_route *
fake_route_find(const char *head, const struct fake_route *routes, size_t n)
{
	const char *sp = strchr(head, ' '), *target, *end;
	char method[16], *path;
	const struct fake_route *found = NULL;

	if (sp == NULL || (size_t)(sp - head) >= sizeof method)
		return NULL;
	memcpy(method, head, (size_t)(sp - head));
	method[sp - head] = '\0';
	target = sp + 1;
	end = strchr(target, ' ');
	if (end == NULL)
		return NULL;
	/* Without the version prefix: /v1.41/x -> /x. */
	if (target[0] == '/' && target[1] == 'v' && target[2] >= '0' &&
	    target[2] <= '9') {
		const char *slash =
		    memchr(target + 1, '/', (size_t)(end - target - 1));

		if (slash != NULL)
			target = slash;
	}
	path = xstrndup(target, (size_t)(end - target));
	for (size_t i = 0; i < n && found == NULL; i++)
		if ((routes[i].method == NULL ||
			strcmp(routes[i].method, method) == 0) &&
		    fnmatch(routes[i].pattern, path, 0) == 0)
			found = &routes[i];
	free(path);
	return found;
}

/* One connection, in its own process: requests until it closes. */
static void
fake_serve_conn(int fd, int report, const char *raw_path,
    const struct fake_route *routes, size_t n)
{
	char *missing = fake_response(404, "Content-Type: application/json\r\n",
	    "{\"message\":\"fake engine: no such route\"}");
	struct buf req;
	size_t used;

	buf_init(&req);
	while (fake_read_request(fd, &req, &used)) {
		const char *eol = strstr(req.data, "\r\n");
		const struct fake_route *r =
		    fake_route_find(req.data, routes, n);
		const char *reply = r ? r->reply : missing;

		fake_write_all(report, req.data, (size_t)(eol - req.data));
		fake_write_all(report, "\n", 1);
		fake_record(raw_path, req.data, used);
		buf_consume(&req, used);
		if (!fake_write_all(fd, reply, strlen(reply)))
			break;
		if (r != NULL && r->hang)
			for (;;)
				pause();
		/* The replies say "Connection: close". */
		break;
	}
	close(fd);
	_exit(0);
}

static void
fake_serve_routes(int lfd, int report, const char *raw_path,
    const struct fake_route *routes, size_t n)
{
	pid_t server = getpid();

	/* The connections' processes reap themselves. */
	signal(SIGCHLD, SIG_IGN);
	for (;;) {
		int fd = accept(lfd, NULL, NULL);
		pid_t pid;

		if (fd < 0) {
			if (errno == EINTR)
				continue;
			_exit(1);
		}
		pid = fork();
		if (pid == 0) {
			child_dies_with(server);
			close(lfd);
			fake_serve_conn(fd, report, raw_path, routes, n);
		}
		close(fd);
	}
}

static void
fake_serve_routes_in(const struct fake_engine *fe, int lfd, int gate,
    int report, const void *what, size_t n)
{
	(void)gate;
	/* Nobody may block on a full report pipe. */
	fcntl(report, F_SETFL, fcntl(report, F_GETFL) | O_NONBLOCK);
	fake_serve_routes(lfd, report, fe->raw_path, what, n);
}

struct fake_engine *
fake_engine_start_routes(const struct fake_route *routes, size_t n)
{
	return fake_start(false, 64, fake_serve_routes_in, routes, n);
}
