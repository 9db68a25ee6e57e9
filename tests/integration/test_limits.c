/*
 * Limits against hostile or odd engines: a huge answer (fake engine), bad
 * API version headers (fake engine), and TLS in words: DOCKER_TLS, an
 * engine that wants a client certificate, TLS to a plain HTTP port (socat
 * and openssl in front of the test engine's socket, on loopback).
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "api/context.h"
#include "api/docker.h"
#include "api/endpoint.h"
#include "api/http.h"
#include "api/xalloc.h"
#include "tests/support/fake_engine.h"
#include "tests/support/it.h"

static void
assert_contains(const char *s, const char *sub)
{
	if (s == NULL || strstr(s, sub) == NULL)
		fail_msg(
		    "\"%s\" does not contain \"%s\"", s ? s : "(null)", sub);
}

static long
max_rss_kib(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/* ---- a huge answer ---- */

#define HUGE_FILL ((size_t)256 * 1024 * 1024)

/* An answer that says it is 1 GiB fails before any of it is read. */
static void
test_huge_body_by_length(void **state)
{
	static const char head[] =
	    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
	    "Content-Length: 1073741824\r\nConnection: close\r\n\r\n[";
	char *fill = fake_fill(HUGE_FILL);
	const struct fake_reply replies[] = {{.parts = {head, fill}}};
	struct fake_engine *fe = fake_engine_start(replies, 1);
	struct docker *d;
	struct docker_result r;
	size_t sent;

	(void)state;
	assert_non_null(fe);
	d = it_client(fake_engine_addr(fe));
	docker_sync(d, "GET", "/containers/json?all=1", NULL, &r);
	assert_int_equal(r.status, DOCKER_ERR_TOO_BIG);
	assert_contains(r.message, "GET /containers/json?all=1");
	assert_contains(r.message, "larger than 64 MiB");
	assert_int_equal(r.len, 0);
	docker_result_done(&r);
	docker_free(d);
	/* The client hung up at once: only what the socket buffers took. */
	sent = fake_engine_sent(fe, 10000);
	if (sent >= (size_t)16 * 1024 * 1024)
		fail_msg("%zu bytes were read before giving up", sent);
	fake_engine_stop(fe);
	free(fill);
}

/* An answer without a length stops at the limit, not at its end. */
static void
test_huge_body_unbounded(void **state)
{
	static const char head[] =
	    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
	    "Connection: close\r\n\r\n[";
	char *fill = fake_fill(HUGE_FILL);
	const struct fake_reply replies[] = {{.parts = {head, fill}}};
	struct fake_engine *fe = fake_engine_start(replies, 1);
	struct docker *d;
	struct docker_result r;
	long rss0 = max_rss_kib(), grew;
	size_t sent;

	(void)state;
	assert_non_null(fe);
	d = it_client(fake_engine_addr(fe));
	docker_sync(d, "GET", "/images/json", NULL, &r);
	assert_int_equal(r.status, DOCKER_ERR_TOO_BIG);
	assert_contains(r.message, "the engine's answer to GET /images/json");
	docker_result_done(&r);
	docker_free(d);
	sent = fake_engine_sent(fe, 10000);
	if (sent > HTTP_BODY_MAX + (size_t)16 * 1024 * 1024)
		fail_msg("%zu bytes were read, limit %zu", sent, HTTP_BODY_MAX);
	if (sent >= HUGE_FILL)
		fail_msg("the whole answer was read (%zu bytes)", sent);
	/* Peak memory: the limit (and the buffer's growth), not the 256 MiB
	 * the engine offered. */
	grew = (max_rss_kib() - rss0) / 1024;
	if (grew > 200)
		fail_msg("peak memory grew by %ld MiB", grew);
	fake_engine_stop(fe);
	free(fill);
}

struct stream_count {
	size_t got;
	bool done;
	enum docker_status status;
};

static bool
count_bytes(const char *data, size_t len, void *arg)
{
	((struct stream_count *)arg)->got += len;
	return true;
}

static void
stream_done(const struct docker_reply *r, void *arg)
{
	struct stream_count *sc = arg;

	sc->done = true;
	sc->status = r->status;
}

/* A stream is not capped as a whole (its parsers cap one line). */
static void
test_stream_not_capped(void **state)
{
	static const char head[] =
	    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
	    "Connection: close\r\n\r\n";
	char *fill = fake_fill((size_t)3 * 1024 * 1024);
	const struct fake_reply replies[] = {{.parts = {head, fill}}};
	struct fake_engine *fe = fake_engine_start(replies, 1);
	struct docker *d;
	struct stream_count sc = {0, false, DOCKER_OK};
	double end;

	(void)state;
	assert_non_null(fe);
	d = it_client(fake_engine_addr(fe));
	/* A small limit for collected bodies: the stream is past it. */
	http_set_body_max(docker_http(d), 1024 * 1024);
	docker_stream(d, "GET", "/containers/x/logs?follow=1", NULL, 0,
	    count_bytes, stream_done, &sc);
	end = it_now() + 20;
	while (!sc.done && it_now() < end)
		http_step(docker_http(d), 100);
	assert_true(sc.done);
	assert_int_equal(sc.status, DOCKER_OK);
	assert_int_equal(sc.got, 3 * 1024 * 1024);
	docker_free(d);

	/* The same limit fails a plain request of that size. */
	{
		const struct fake_reply again[] = {{.parts = {head, fill}}};
		struct fake_engine *fe2 = fake_engine_start(again, 1);
		struct docker_result r;

		d = it_client(fake_engine_addr(fe2));
		http_set_body_max(docker_http(d), 1024 * 1024);
		docker_sync(d, "GET", "/info", NULL, &r);
		assert_int_equal(r.status, DOCKER_ERR_TOO_BIG);
		docker_result_done(&r);
		docker_free(d);
		fake_engine_stop(fe2);
	}
	fake_engine_stop(fe);
	free(fill);
}

/* ---- API version headers ---- */

#define PING(hdr)                                                              \
	"HTTP/1.1 200 OK\r\n" hdr "\r\nContent-Type: text/plain\r\n"           \
	"Content-Length: 2\r\nConnection: close\r\n\r\nOK"

static const char list_reply[] =
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
    "Content-Length: 3\r\nConnection: close\r\n\r\n[]\n";

/* Each bad header is refused in words; no request carries it. */
static void
test_bad_version_headers(void **state)
{
	static const struct {
		const char *ping;
		const char *says;
	} bad[] = {
	    {PING("Api-Version: 1.41x"), "\"1.41x\" is not a version"},
	    {PING("Api-Version: "), "did not say its API version"},
	    {PING("Api-Version:"), "did not say its API version"},
	    {PING("Api-Version: 1"), "\"1\" is not a version"},
	    {PING("Api-Version: 1.4.1"), "\"1.4.1\" is not a version"},
	    {PING("Api-Version: 1.99999999999999999999"), "is not a version"},
	    {PING("Api-Version: 99999999999999999999.1"), "is not a version"},
	    {PING("Api-Version: latest"), "\"latest\" is not a version"},
	    {PING("Api-Version: 1.41/../../x"), "is not a version"},
	    {PING("Api-Version: 1.41\033[2J"), "\\x1b[2J"},
	    {PING("Api-Version: 1.40"), "speaks API 1.40; berth needs"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		const struct fake_reply replies[] = {
		    {.parts = {bad[i].ping}}, {.parts = {list_reply}}};
		struct fake_engine *fe = fake_engine_start(replies, 2);
		struct docker *d;
		struct docker_result r;
		const char *reqs;

		assert_non_null(fe);
		d = it_client(fake_engine_addr(fe));
		docker_sync_ping(d, &r);
		if (r.status != DOCKER_ERR_API_TOO_OLD)
			fail_msg("case %zu: status %d (%s)", i, r.status,
			    r.message ? r.message : "");
		assert_contains(r.message, bad[i].says);
		assert_null(strstr(r.message, "API ;"));
		for (const char *p = r.message; *p; p++)
			assert_true((unsigned char)*p >= 0x20);
		assert_false(docker_negotiated(d));
		assert_string_equal(docker_api_version(d), DOCKER_API_MIN);
		docker_result_done(&r);
		/* A later request still carries a version berth wrote. */
		docker_sync(d, "GET", "/containers/json", NULL, &r);
		docker_result_done(&r);
		reqs = fake_engine_requests(fe);
		assert_contains(
		    reqs, "GET /v" DOCKER_API_MIN "/containers/json HTTP/1.1");
		docker_free(d);
		fake_engine_stop(fe);
	}
}

/* A newer engine is spoken to at berth's newest, never at its own. */
static void
test_version_clamped(void **state)
{
	const struct fake_reply replies[] = {
	    {.parts = {PING("Api-Version: 99.99")}}, {.parts = {list_reply}}};
	struct fake_engine *fe = fake_engine_start(replies, 2);
	struct docker *d;
	struct docker_result r;

	(void)state;
	d = it_client(fake_engine_addr(fe));
	docker_sync_ping(d, &r);
	assert_int_equal(r.status, DOCKER_OK);
	assert_string_equal(docker_api_version(d), DOCKER_API_MAX);
	assert_string_equal(docker_engine_api_version(d), "99.99");
	docker_result_done(&r);
	docker_sync(d, "GET", "/containers/json", NULL, &r);
	assert_int_equal(r.status, DOCKER_OK);
	docker_result_done(&r);
	assert_string_equal(fake_engine_requests(fe),
	    "GET /_ping HTTP/1.1\n"
	    "GET /v" DOCKER_API_MAX "/containers/json HTTP/1.1\n");
	docker_free(d);
	fake_engine_stop(fe);
}

/* An engine whose minimum is above berth's newest: said in words. */
static void
test_engine_minimum_above_ours(void **state)
{
	char *refuse = fake_response(400, "Content-Type: application/json\r\n",
	    "{\"message\":\"client version " DOCKER_API_MAX
	    " is too old. Minimum supported API version is 1.50, please "
	    "upgrade your client to a newer version\"}");
	const struct fake_reply replies[] = {
	    {.parts = {PING("Api-Version: 1.52")}}, {.parts = {refuse}}};
	struct fake_engine *fe = fake_engine_start(replies, 2);
	struct docker *d;
	struct docker_result r;

	(void)state;
	d = it_client(fake_engine_addr(fe));
	docker_sync_ping(d, &r);
	assert_int_equal(r.status, DOCKER_OK);
	docker_result_done(&r);
	docker_sync(d, "GET", "/containers/json", NULL, &r);
	assert_int_equal(r.status, DOCKER_ERR_API_TOO_NEW);
	assert_contains(r.message, "the engine needs API 1.50 or newer");
	assert_contains(r.message,
	    "berth speaks API " DOCKER_API_MIN " to " DOCKER_API_MAX);
	docker_result_done(&r);
	docker_free(d);
	fake_engine_stop(fe);
	free(refuse);
}

/* The engine's TLS port spoken to in plain HTTP (Go's answer). */
static void
test_plain_http_to_tls_port(void **state)
{
	static const char go_answer[] =
	    "HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to "
	    "an HTTPS server.\n";
	const struct fake_reply replies[] = {{.parts = {go_answer}}};
	struct fake_engine *fe = fake_engine_start(replies, 1);
	struct docker *d;
	struct docker_result r;

	(void)state;
	d = it_client(fake_engine_addr(fe));
	docker_sync_ping(d, &r);
	assert_int_equal(r.status, DOCKER_ERR_TLS);
	assert_contains(r.message, "wants TLS on that port");
	assert_contains(r.message, "DOCKER_TLS=1");
	docker_result_done(&r);
	docker_free(d);
	fake_engine_stop(fe);
}

/* ---- TLS in front of the test engine ---- */

struct tls_fx {
	char *tmp;
	char *sock; /* the test engine's socket (owned) */
	pid_t socat[3];
	int n;
};

static struct tls_fx tf;

/* socat from 127.0.0.1:port (listen, an address of socat's) to target. */
static bool
start_socat(const char *listen, int port, const char *target)
{
	pid_t pid;

	assert_true(tf.n < 3);
	pid = it_socat(listen, port, target, NULL);
	if (pid < 0)
		return false;
	tf.socat[tf.n++] = pid;
	return true;
}

static int
tls_setup(void **state)
{
	struct docker *d = it_connect("test_limits");
	const struct endpoint *ep;

	memset(&tf, 0, sizeof tf);
	if (d == NULL)
		return -1;
	ep = docker_endpoint(d);
	tf.sock = ep->kind == ENDPOINT_UNIX ? xstrdup(ep->path) : NULL;
	docker_free(d);
	tf.tmp = xstrdup("/tmp/berth-limits-tls-XXXXXX");
	if (mkdtemp(tf.tmp) == NULL)
		return -1;
	/* A CA, a server certificate and a client certificate of it, and
	 * an empty directory (no client certificate). */
	if (it_run("cd '%s' && mkdir none && {"
		   " openssl req -x509 -newkey ec -pkeyopt "
		   "ec_paramgen_curve:P-256 -nodes -keyout ca-key.pem"
		   " -out ca.pem -days 2 -subj /CN=berth-limits-ca &&"
		   " openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256"
		   " -nodes -keyout server-key.pem -out server.csr"
		   " -subj /CN=127.0.0.1 &&"
		   " openssl x509 -req -in server.csr -CA ca.pem -CAkey"
		   " ca-key.pem -CAcreateserial -out server.pem -days 2 &&"
		   " mkdir client && openssl req -newkey ec -pkeyopt"
		   " ec_paramgen_curve:P-256 -nodes -keyout client/key.pem"
		   " -out client.csr -subj /CN=berth-client &&"
		   " openssl x509 -req -in client.csr -CA ca.pem -CAkey"
		   " ca-key.pem -CAcreateserial -out client/cert.pem -days 2;"
		   " } >openssl.log 2>&1",
		tf.tmp) != 0)
		return -1;
	return 0;
}

static int
tls_teardown(void **state)
{
	for (int i = 0; i < tf.n; i++) {
		kill(tf.socat[i], SIGTERM);
		waitpid(tf.socat[i], NULL, 0);
	}
	if (tf.tmp) {
		it_run("rm -rf '%s'", tf.tmp);
		free(tf.tmp);
	}
	free(tf.sock);
	return 0;
}

/* A client for addr as main() makes one from the environment. */
static struct docker *
env_client(const char *addr, const char *cert_path, char **cause)
{
	struct endpoint ep;
	struct endpoint_tls_opts o = {.tls = endpoint_env_tls()};
	struct docker *d = NULL;

	*cause = NULL;
	if (endpoint_parse(&ep, addr, cause) &&
	    endpoint_apply_tls(&ep, &o, NULL, cert_path, cause))
		d = docker_new(&ep, cause);
	endpoint_done(&ep);
	return d;
}

static void
ping_expect(const char *addr, const char *cert_path, enum docker_status want,
    const char *says)
{
	char *cause;
	struct docker *d = env_client(addr, cert_path, &cause);
	struct docker_result r;

	if (d == NULL)
		fail_msg("client for %s: %s", addr, cause ? cause : "?");
	docker_sync_ping(d, &r);
	if (r.status != want)
		fail_msg("%s: status %d, expected %d (%s)", addr, r.status,
		    want, r.message ? r.message : "ok");
	if (says)
		assert_contains(r.message, says);
	docker_result_done(&r);
	docker_free(d);
}

static void
test_tls_in_words(void **state)
{
	int open_port = it_free_port(), cert_port, plain_port;
	char *listen, *target, *addr, *none, *client;

	(void)state;
	if (tf.sock == NULL)
		skip();
	if (it_run("command -v socat >/dev/null") != 0)
		fail_msg("socat is missing (scripts/deps test installs it)");
	target = xasprintf("UNIX-CONNECT:%s", tf.sock);
	none = xasprintf("%s/none", tf.tmp);
	client = xasprintf("%s/client", tf.tmp);

	/* TLS that asks for no client certificate. */
	listen = xasprintf("OPENSSL-LISTEN:%d,bind=127.0.0.1,reuseaddr,fork,"
			   "cert=%s/server.pem,key=%s/server-key.pem,verify=0",
	    open_port, tf.tmp, tf.tmp);
	assert_true(start_socat(listen, open_port, target));
	free(listen);
	addr = xasprintf("tcp://127.0.0.1:%d", open_port);
	/* DOCKER_TLS=1: TLS without verifying the (self-made) server. */
	setenv("DOCKER_TLS", "1", 1);
	ping_expect(addr, none, DOCKER_OK, NULL);
	/* Without it, plain HTTP to that port fails. */
	unsetenv("DOCKER_TLS");
	ping_expect(addr, none, DOCKER_ERR_CLOSED, NULL);
	free(addr);

	/* TLS that wants a client certificate of its CA. */
	cert_port = it_free_port();
	listen = xasprintf("OPENSSL-LISTEN:%d,bind=127.0.0.1,reuseaddr,fork,"
			   "cert=%s/server.pem,key=%s/server-key.pem,"
			   "cafile=%s/ca.pem,verify=1",
	    cert_port, tf.tmp, tf.tmp, tf.tmp);
	assert_true(start_socat(listen, cert_port, target));
	free(listen);
	addr = xasprintf("tcp://127.0.0.1:%d", cert_port);
	setenv("DOCKER_TLS", "1", 1);
	{
		char *cause;
		struct docker *d = env_client(addr, none, &cause);
		struct docker_result r;

		assert_non_null(d);
		docker_sync_ping(d, &r);
		assert_int_not_equal(r.status, DOCKER_OK);
		/* Its alert, or (TLS 1.3) the connection closed before the
		 * alert was read: either way the words name the remedy. */
		assert_contains(r.message, "wants a client certificate");
		assert_contains(r.message, "--tlscert");
		docker_result_done(&r);
		docker_free(d);
	}
	/* With one (DOCKER_CERT_PATH's cert.pem and key.pem) it answers. */
	ping_expect(addr, client, DOCKER_OK, NULL);
	unsetenv("DOCKER_TLS");
	free(addr);

	/* TLS spoken to a port that answers plain HTTP. */
	plain_port = it_free_port();
	listen = xasprintf(
	    "TCP-LISTEN:%d,bind=127.0.0.1,reuseaddr,fork", plain_port);
	assert_true(start_socat(listen, plain_port, target));
	free(listen);
	addr = xasprintf("tcp://127.0.0.1:%d", plain_port);
	setenv("DOCKER_TLS", "1", 1);
	ping_expect(
	    addr, none, DOCKER_ERR_TLS, "does not speak TLS on that port");
	unsetenv("DOCKER_TLS");
	ping_expect(addr, none, DOCKER_OK, NULL);
	free(addr);
	free(target);
	free(none);
	free(client);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_huge_body_by_length),
	    cmocka_unit_test(test_huge_body_unbounded),
	    cmocka_unit_test(test_stream_not_capped),
	    cmocka_unit_test(test_bad_version_headers),
	    cmocka_unit_test(test_version_clamped),
	    cmocka_unit_test(test_engine_minimum_above_ours),
	    cmocka_unit_test(test_plain_http_to_tls_port),
	    cmocka_unit_test_setup_teardown(
		test_tls_in_words, tls_setup, tls_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
