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
#include <poll.h>
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
#include "tui/core/app.h"
#include "tui/parts.h"
#include "tui/core/config.h"

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
	struct endpoint ep;
	struct docker *d;
	char *cause = NULL;

	assert_non_null(host);
	assert_true(endpoint_parse(&ep, host, &cause));
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
