/* Helpers shared by the integration tests: shell commands, clocks, files. */

#include "tests/support/it.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "api/buf.h"
#include "api/hijack.h"
#include "api/stream.h"
#include "api/docker.h"
#include "api/endpoint.h"
#include "api/xalloc.h"
#include "tests/support/fixture.h"
#include "tui/core/app.h"
#include "tui/parts.h"
#include "tui/core/config.h"
#include "tui/core/keymap.h"

int
it_run(const char *fmt, ...)
{
	va_list ap;
	char *cmd;
	int rc;

	va_start(ap, fmt);
	cmd = xvasprintf(fmt, ap);
	va_end(ap);
	rc = system(cmd);
	free(cmd);
	return rc == -1 || !WIFEXITED(rc) ? -1 : WEXITSTATUS(rc);
}

bool
it_exists(const char *what, const char *name)
{
	return it_run("docker %s inspect %s >/dev/null 2>&1", what, name) == 0;
}

int
it_network_create(const char *opts, const char *name)
{
	int st = -1;

	for (int i = 0; i < 5 && st != 0; i++) {
		if (i > 0) {
			/* A try that failed after creating it counts too. */
			if (it_exists("network", name))
				return 0;
			sleep(1);
		}
		st = it_run(
		    "docker network create %s %s >/dev/null", opts, name);
	}
	return st;
}

char *
it_capture(const char *fmt, ...)
{
	va_list ap;
	char *cmd, chunk[512];
	struct buf b;
	size_t n;
	FILE *p;
	int rc;

	va_start(ap, fmt);
	cmd = xvasprintf(fmt, ap);
	va_end(ap);
	p = popen(cmd, "r");
	free(cmd);
	if (p == NULL)
		return NULL;
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
		buf_append(&b, chunk, n);
	rc = pclose(p);
	if (rc == -1 || !WIFEXITED(rc) || WEXITSTATUS(rc) != 0) {
		buf_done(&b);
		return NULL;
	}
	while (b.len > 0 && strchr(" \t\r\n", b.data[b.len - 1]))
		b.data[--b.len] = '\0';
	return buf_steal(&b);
}

double
it_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void
it_random_id(char out[9])
{
	unsigned char r[4] = {0};
	FILE *f = fopen("/dev/urandom", "rb");

	/* Without /dev/urandom, time and pid still keep runs apart. */
	if (f == NULL || fread(r, 1, sizeof r, f) != sizeof r) {
		unsigned v = (unsigned)time(NULL) ^ (unsigned)getpid();

		memcpy(r, &v, sizeof r);
	}
	if (f)
		fclose(f);
	snprintf(out, 9, "%02x%02x%02x%02x", r[0], r[1], r[2], r[3]);
}

const char *
it_host(const char *who)
{
	const char *host = getenv("DOCKER_HOST");

	if (host == NULL || *host == '\0') {
		fprintf(stderr,
		    "%s: DOCKER_HOST is not set; start the test "
		    "engine with tests/engine/start\n",
		    who);
		return NULL;
	}
	return host;
}

struct docker *
it_connect(const char *who)
{
	const char *host = it_host(who);
	struct endpoint ep;
	struct docker *d;
	struct docker_result r;
	char *cause = NULL;

	if (host == NULL)
		return NULL;
	if (!endpoint_parse(&ep, host, &cause)) {
		fprintf(stderr, "%s: DOCKER_HOST: %s\n", who, cause);
		free(cause);
		return NULL;
	}
	d = docker_new(&ep, &cause);
	endpoint_done(&ep);
	if (d == NULL) {
		fprintf(stderr, "%s: %s\n", who, cause);
		free(cause);
		return NULL;
	}
	docker_sync_ping(d, &r);
	if (r.status != DOCKER_OK) {
		fprintf(stderr, "%s: ping %s: %s\n", who, host,
		    r.message ? r.message : docker_status_str(r.status));
		docker_result_done(&r);
		docker_free(d);
		return NULL;
	}
	docker_result_done(&r);
	return d;
}

struct docker *
it_engine(void)
{
	const char *host = getenv("DOCKER_HOST");

	assert_non_null(host);
	return it_client(host);
}

struct docker *
it_client(const char *addr)
{
	struct endpoint ep;
	struct docker *d;
	char *cause = NULL;

	assert_true(endpoint_parse(&ep, addr, &cause));
	d = docker_new(&ep, &cause);
	endpoint_done(&ep);
	assert_non_null(d);
	return d;
}

struct console *
it_app(struct config *cfg)
{
	struct app_opts o = {0};
	struct config defaults;
	struct console *a;

	if (cfg == NULL) {
		config_init(&defaults);
		cfg = &defaults;
	}
	a = app_new(it_engine(), cfg, &o, &berth_parts);

	app_start(a);
	return a;
}

void
it_collect_fn(enum demux_stream st, const char *data, size_t len, void *arg)
{
	struct it_collect *c = arg;

	buf_append(st == DEMUX_STDOUT ? &c->out : &c->err, data, len);
}

/*
 * Reads h through dm until stdout holds want (NULL: until the stream
 * ends) or timeout_ms passes. Returns whether the stream ended.
 */
bool
it_hijack_read(struct hijack *h, struct demux *dm, struct it_collect *c,
    const char *want, int timeout_ms)
{
	double deadline = it_now() + timeout_ms / 1000.0;
	char tmp[4096];
	ssize_t n;

	for (;;) {
		if (want && c->out.len && strstr(buf_cstr(&c->out), want))
			return false;
		n = hijack_recv(h, tmp, sizeof tmp);
		if (n > 0) {
			assert_true(demux_feed(dm, tmp, (size_t)n));
			continue;
		}
		if (n == 0)
			return true;
		if (errno != EAGAIN)
			fail_msg("recv: %s", hijack_error(h) ? hijack_error(h)
							     : strerror(errno));
		{
			struct pollfd pfd = {hijack_fd(h), POLLIN, 0};
			int left = (int)((deadline - it_now()) * 1000);

			if (left <= 0)
				fail_msg("timed out; stdout so far: %s",
				    buf_cstr(&c->out));
			poll(&pfd, 1, left);
		}
	}
}

int
it_free_port(void)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0), port = -1;

	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd >= 0 && bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0 &&
	    getsockname(fd, (struct sockaddr *)&sa, &len) == 0)
		port = ntohs(sa.sin_port);
	if (fd >= 0)
		close(fd);
	return port;
}

bool
it_port_open(int port)
{
	struct sockaddr_in sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	bool ok;

	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa.sin_port = htons((uint16_t)port);
	ok = fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0;
	if (fd >= 0)
		close(fd);
	return ok;
}

void
it_stop(pid_t pid)
{
	if (pid <= 0)
		return;
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
}

pid_t
it_socat(const char *listen, int port, const char *target, const char *log)
{
	double end;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		int fd = log ? open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600)
			     : open("/dev/null", O_WRONLY);

		if (fd >= 0) {
			dup2(fd, 2);
			close(fd);
		}
		execlp("socat", "socat", listen, target, (char *)NULL);
		_exit(127);
	}
	if (pid < 0)
		return -1;
	/* socat is another process: the only way to know it listens is to
	 * try, briefly, until it does. */
	end = it_now() + 5;
	while (it_now() < end) {
		if (it_port_open(port))
			return pid;
		if (waitpid(pid, NULL, WNOHANG) == pid)
			return -1;
		poll(NULL, 0, 20);
	}
	it_stop(pid);
	return -1;
}

pid_t
it_registry(const char *who, const char *dir, const char *extra, int *port)
{
	char *cfg, *logp, *text,
	    *bin = it_capture("command -v docker-registry");
	double end;
	pid_t pid;
	FILE *f;

	if (bin == NULL) {
		fprintf(stderr,
		    "%s: docker-registry is missing (scripts/deps "
		    "test installs it)\n",
		    who);
		return -1;
	}
	*port = it_free_port();
	cfg = xasprintf("%s/registry.yml", dir);
	logp = xasprintf("%s/registry.log", dir);
	text = xasprintf("version: 0.1\nlog:\n  level: error\nstorage:\n"
			 "  filesystem:\n    rootdirectory: %s/registry\n"
			 "%shttp:\n  addr: 127.0.0.1:%d\n",
	    dir, extra ? extra : "", *port);
	f = fopen(cfg, "w");
	if (f == NULL || fputs(text, f) == EOF || fclose(f) != 0)
		fail_msg("%s: cannot write %s", who, cfg);
	free(text);
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		int fd = open(logp, O_WRONLY | O_CREAT | O_TRUNC, 0600);

		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execl(bin, "docker-registry", "serve", cfg, (char *)NULL);
		_exit(127);
	}
	free(bin);
	free(cfg);
	free(logp);
	if (pid < 0)
		return -1;
	end = it_now() + 15;
	while (!it_port_open(*port) && it_now() < end)
		usleep(50000);
	if (!it_port_open(*port)) {
		fprintf(stderr, "%s: the registry did not start\n", who);
		it_stop(pid);
		return -1;
	}
	return pid;
}

void
it_tag(char out[16])
{
	snprintf(
	    out, 16, "%06x", (unsigned)(getpid() * 2654435761u) & 0xffffff);
}

bool
it_tmpdir(char *out, size_t len, const char *what)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(out, len, "%s/berth-it-%s-XXXXXX", tmp && *tmp ? tmp : "/tmp",
	    what);
	return mkdtemp(out) != NULL;
}

const char *
it_berth_bin(void)
{
	const char *bin = getenv("BERTH_BIN");

	if (bin == NULL || *bin == '\0')
		bin = "build/default/berth";
	if (access(bin, X_OK) != 0) {
		fprintf(stderr, "no berth binary at %s (set BERTH_BIN)\n", bin);
		return NULL;
	}
	return bin;
}

void
it_remove(const char *label, unsigned what)
{
	if (what & IT_CONTAINERS)
		it_run("docker ps -aq --filter label=%s | xargs -r docker rm "
		       "-f%s >/dev/null 2>&1",
		    label, what & IT_ANON_VOLUMES ? " -v" : "");
	if (what & IT_NETWORKS)
		it_run("docker network ls -q --filter label=%s | xargs -r "
		       "docker network rm >/dev/null 2>&1",
		    label);
	if (what & IT_VOLUMES)
		it_run("docker volume ls -q --filter label=%s | xargs -r "
		       "docker volume rm >/dev/null 2>&1",
		    label);
}

char *
it_state_home(const char *who)
{
	char *tmpl = xasprintf("/tmp/berth-it-%s-XXXXXX", who), *state;

	if (mkdtemp(tmpl) == NULL) {
		free(tmpl);
		return NULL;
	}
	state = xasprintf("%s/state", tmpl);
	free(tmpl);
	setenv("XDG_STATE_HOME", state, 1);
	return state;
}

void
it_state_home_remove(const char *state)
{
	char *dir;

	if (state == NULL)
		return;
	dir = xstrdup(state);
	*strrchr(dir, '/') = '\0';
	it_run("rm -rf '%s'", dir);
	free(dir);
}

char *
it_file_text(const char *path)
{
	char *text = fixture_read_path(path, NULL);

	return text ? text : xstrdup("");
}

void
it_press(struct console *a, const char *name)
{
	int key;

	if (!keymap_parse_key(name, &key))
		fail_msg("bad key name %s", name);
	app_feed_key(a, key);
}

void
it_type(struct console *a, const char *text)
{
	for (const char *c = text; *c; c++)
		app_feed_key(a, (unsigned char)*c);
}

size_t
it_audit_count(const char *path, const char *host, const char *action,
    const char *object, const char *result)
{
	char *text = it_file_text(path), *line, *save = NULL;
	size_t n = 0;

	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *f[5] = {NULL}, *p = line;

		/* When, engine, action, object, result: tab-separated. */
		for (int i = 0; i < 5 && p; i++) {
			f[i] = p;
			p = strchr(p, '\t');
			if (p)
				*p++ = '\0';
		}
		if (f[4] == NULL || strcmp(f[1], host) != 0 ||
		    (action && strcmp(f[2], action) != 0) ||
		    (object && strstr(f[3], object) == NULL) ||
		    (result && strncmp(f[4], result, strlen(result)) != 0))
			continue;
		n++;
	}
	free(text);
	return n;
}
