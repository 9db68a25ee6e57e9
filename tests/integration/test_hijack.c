/*
 * Attach and exec over hijacked connections against the real test engine,
 * over its unix socket, over TCP and over TLS with verification (both
 * through socat), plus the detach-key matcher and the command splitter.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "api/buf.h"
#include "api/docker.h"
#include "api/endpoint.h"
#include "api/hijack.h"
#include "api/model.h"
#include "api/stream.h"
#include "api/xalloc.h"
#include "tests/support/fake_engine.h"
#include "tests/support/it.h"

/*
 * What the group set-up creates: containers named berth-it-hj-<rid>-...
 * and labelled org.berth.it=hj-<rid>, removed by the teardown.
 */
struct hj_fixture {
	struct endpoint ep;
	struct docker *d;
	char rid[9];
	char *label;
	char *sleeper, *cat, *tty, *stopped; /* names */
	char *tmp; /* temp dir for certificates and logs */
	pid_t socat_tcp, socat_tls;
	int tcp_port, tls_port;
};

static struct hj_fixture hj;

static long long
hj_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- pure parts: no engine needed ---- */

static void
test_detach_parse(void **state)
{
	struct hijack_detach dk;
	char *cause = NULL, *s;

	assert_true(hijack_detach_parse(&dk, HIJACK_DETACH_DEFAULT, &cause));
	assert_int_equal(dk.n, 2);
	assert_int_equal(dk.keys[0], 0x10);
	assert_int_equal(dk.keys[1], 0x11);
	s = hijack_detach_describe(&dk);
	assert_string_equal(s, "ctrl-p ctrl-q");
	free(s);

	assert_true(hijack_detach_parse(&dk,
	    "ctrl-@,ctrl-[,ctrl-\\,ctrl-],"
	    "ctrl-^,ctrl-_,a,Z,ctrl-A",
	    &cause));
	assert_int_equal(dk.n, 9);
	assert_memory_equal(dk.keys, "\0\033\034\035\036\037aZ\001", 9);

	assert_true(hijack_detach_parse(&dk, " ctrl-x , e ", &cause));
	assert_int_equal(dk.n, 2);
	assert_int_equal(dk.keys[0], 0x18);
	assert_int_equal(dk.keys[1], 'e');

	assert_false(hijack_detach_parse(&dk, "ctrl-p,ctrl-qq", &cause));
	assert_non_null(cause);
	assert_non_null(strstr(cause, "ctrl-qq"));
	free(cause);
	cause = NULL;
	assert_false(hijack_detach_parse(&dk, "ctrl-p,,ctrl-q", &cause));
	assert_non_null(strstr(cause, "empty"));
	free(cause);
	cause = NULL;
	assert_false(hijack_detach_parse(&dk, "", &cause));
	free(cause);
	cause = NULL;
	assert_false(hijack_detach_parse(&dk, "shift-a", &cause));
	free(cause);
}

/* Feeds s one byte at a time; returns what was forwarded. */
static char *
feed_bytes(struct hijack_detach *dk, const char *s, size_t n, bool *detached)
{
	struct buf out;

	buf_init(&out);
	*detached = false;
	for (size_t i = 0; i < n && !*detached; i++)
		*detached = hijack_detach_feed(dk, s + i, 1, &out);
	return buf_steal(&out);
}

static void
test_detach_feed(void **state)
{
	struct hijack_detach dk;
	struct buf out;
	char *cause = NULL, *s;
	bool det;

	assert_true(hijack_detach_parse(&dk, HIJACK_DETACH_DEFAULT, &cause));

	/* Plain text passes; the sequence detaches and drops what follows. */
	buf_init(&out);
	assert_true(hijack_detach_feed(&dk, "ls\r\020\021after", 10, &out));
	assert_int_equal(out.len, 3);
	assert_memory_equal(out.data, "ls\r", 3);
	buf_done(&out);

	/* A held ctrl-p is forwarded when the sequence breaks. */
	s = feed_bytes(&dk, "a\020b", 3, &det);
	assert_false(det);
	assert_string_equal(s, "a\020b");
	free(s);

	/* ctrl-p ctrl-p ctrl-q: the first ctrl-p goes on, then detach. */
	s = feed_bytes(&dk, "\020\020\021", 3, &det);
	assert_true(det);
	assert_string_equal(s, "\020");
	free(s);

	/* A partial match survives across feeds. */
	buf_init(&out);
	assert_false(hijack_detach_feed(&dk, "x\020", 2, &out));
	assert_int_equal(out.len, 1);
	assert_true(hijack_detach_feed(&dk, "\021", 1, &out));
	assert_int_equal(out.len, 1);
	buf_done(&out);

	/* Overlapping sequences: a,a,b typed as a,a,a,b. */
	assert_true(hijack_detach_parse(&dk, "a,a,b", &cause));
	s = feed_bytes(&dk, "aaab", 4, &det);
	assert_true(det);
	assert_string_equal(s, "a");
	free(s);
	s = feed_bytes(&dk, "aacab", 5, &det);
	assert_false(det);
	assert_string_equal(s, "aacab");
	free(s);
	assert_int_equal(dk.matched, 0);

	/* ctrl-@ is a NUL byte, which must work like any other. */
	assert_true(hijack_detach_parse(&dk, "ctrl-@", &cause));
	buf_init(&out);
	assert_true(hijack_detach_feed(&dk, "q\0", 2, &out));
	assert_int_equal(out.len, 1);
	buf_done(&out);
}

static void
test_split_command(void **state)
{
	char *cause = NULL, **v;

	v = hijack_split_command("  ps   aux ", &cause);
	assert_non_null(v);
	assert_int_equal(strv_len(v), 2);
	assert_string_equal(v[0], "ps");
	assert_string_equal(v[1], "aux");
	strv_free(v);

	v = hijack_split_command(
	    "sh -c 'echo \"a b\"; exit 3' x\\ y \"\"", &cause);
	assert_non_null(v);
	assert_int_equal(strv_len(v), 5);
	assert_string_equal(v[2], "echo \"a b\"; exit 3");
	assert_string_equal(v[3], "x y");
	assert_string_equal(v[4], "");
	strv_free(v);

	assert_null(hijack_split_command("echo 'open", &cause));
	assert_non_null(strstr(cause, "quote"));
	free(cause);
	assert_null(hijack_split_command("   ", &cause));
	assert_non_null(cause);
	free(cause);
}

static void
test_config_detach_keys(void **state)
{
	char dir[] = "/tmp/berth-hj-cfg-XXXXXX", *path, *v;
	FILE *f;

	assert_non_null(mkdtemp(dir));
	assert_null(hijack_config_detach_keys(dir));
	path = xasprintf("%s/config.json", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("{\"auths\":{},\"detachKeys\":\"ctrl-x,x\"}\n", f);
	fclose(f);
	v = hijack_config_detach_keys(dir);
	assert_non_null(v);
	assert_string_equal(v, "ctrl-x,x");
	free(v);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("{\"auths\":{}}\n", f);
	fclose(f);
	assert_null(hijack_config_detach_keys(dir));
	unlink(path);
	free(path);
	rmdir(dir);
}

/* Reads h to its end (at most 10 s) into an owned string. */
static char *
fake_read_all(struct hijack *h)
{
	long long deadline = hj_now_ms() + 10000;
	struct buf b;
	char tmp[512];
	ssize_t n;

	buf_init(&b);
	while ((n = hijack_recv(h, tmp, sizeof tmp)) != 0) {
		struct pollfd pfd = {hijack_fd(h), POLLIN, 0};

		if (n > 0) {
			buf_append(&b, tmp, (size_t)n);
			continue;
		}
		assert_int_equal(errno, EAGAIN);
		assert_true(hj_now_ms() < deadline);
		poll(&pfd, 1, 100);
	}
	return buf_steal(&b);
}

/* A fake engine with the replies, and a client for it. */
static struct docker *
fake_client(struct fake_engine **fe, const struct fake_reply *r, size_t n,
    struct endpoint *ep)
{
	struct docker *d;
	char *cause = NULL;

	*fe = fake_engine_start(r, n);
	assert_non_null(*fe);
	assert_true(endpoint_parse(ep, fake_engine_addr(*fe), &cause));
	d = docker_new(ep, &cause);
	assert_non_null(d);
	return d;
}

/* Older engines answer 200 and then the raw stream, split anywhere. */
static void
test_fake_200_raw_stream(void **state)
{
	const struct fake_reply r[] = {
	    {.parts = {
		 "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-"
		 "stream\r",
		 "\n\r\nhello ", "world"}}};
	struct fake_engine *fe;
	struct endpoint ep;
	struct docker *d = fake_client(&fe, r, 1, &ep);
	struct hijack *h;
	char *cause = NULL, *got;

	h = hijack_attach(d, "web/1", HIJACK_DETACH_DEFAULT, &cause);
	if (h == NULL)
		fail_msg("attach: %s", cause);
	assert_int_equal(hijack_status(h), 200);
	assert_string_equal(
	    hijack_content_type(h), "application/vnd.docker.raw-stream");
	got = fake_read_all(h);
	assert_string_equal(got, "hello world");
	free(got);
	/* The request asked for the upgrade, with the keys escaped. */
	assert_non_null(strstr(fake_engine_requests(fe),
	    "POST /v" DOCKER_API_MIN
	    "/containers/web%2F1/attach?stream=1&stdin=1&"
	    "stdout=1&stderr=1&detachKeys=ctrl-p%2Cctrl-q HTTP/1.1"));
	hijack_free(h);
	docker_free(d);
	endpoint_done(&ep);
	fake_engine_stop(fe);
}

/* A 100 Continue before the 101, and stream bytes in the same packet. */
static void
test_fake_101_after_continue(void **state)
{
	const struct fake_reply r[] = {
	    {.parts = {"HTTP/1.1 100 Continue\r\n\r\n",
		 "HTTP/1.1 101 UPGRADED\r\nContent-Type: "
		 "application/vnd.docker."
		 "multiplexed-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n"
		 "\r\nstream bytes"}}};
	struct fake_engine *fe;
	struct endpoint ep;
	struct docker *d = fake_client(&fe, r, 1, &ep);
	struct hijack *h;
	char *cause = NULL, *got;

	h = hijack_exec_start(d, "abc", false, &cause);
	if (h == NULL)
		fail_msg("exec start: %s", cause);
	assert_int_equal(hijack_status(h), 101);
	assert_string_equal(hijack_content_type(h),
	    "application/vnd.docker.multiplexed-stream");
	got = fake_read_all(h);
	assert_string_equal(got, "stream bytes");
	free(got);
	assert_non_null(strstr(fake_engine_requests(fe),
	    "POST /v" DOCKER_API_MIN "/exec/abc/start HTTP/1.1"));
	hijack_free(h);
	docker_free(d);
	endpoint_done(&ep);
	fake_engine_stop(fe);
}

/* Error answers: chunked JSON, and plain text until the connection ends. */
static void
test_fake_errors(void **state)
{
	const struct fake_reply r[] = {
	    {.parts = {"HTTP/1.1 409 Conflict\r\nContent-Type: "
		       "application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
		 "c\r\n{\"message\":\"\r\n",
		 "1c\r\nContainer abc is "
		 "not running\r\n",
		 "2\r\n\"}\r\n0\r\n\r\n"}},
	    {.parts = {"HTTP/1.0 500 Internal Server Error\r\n\r\n",
		 "plain words\nsecond line"}},
	    {.parts = {"SSH-2.0-OpenSSH\r\n\r\n"}},
	};
	struct fake_engine *fe;
	struct endpoint ep;
	struct docker *d = fake_client(&fe, r, 3, &ep);
	char *cause = NULL;

	assert_null(hijack_exec_start(d, "abc", true, &cause));
	assert_non_null(cause);
	assert_string_equal(cause, "Container abc is not running");
	free(cause);
	assert_null(hijack_attach(d, "abc", NULL, &cause));
	assert_string_equal(cause, "plain words");
	free(cause);
	assert_null(hijack_attach(d, "abc", NULL, &cause));
	assert_non_null(strstr(cause, "not HTTP"));
	free(cause);
	docker_free(d);
	endpoint_done(&ep);
	fake_engine_stop(fe);
}

/* ---- against the engine ---- */

static void
hj_cleanup(void)
{
	if (hj.socat_tcp > 0) {
		kill(hj.socat_tcp, SIGTERM);
		waitpid(hj.socat_tcp, NULL, 0);
		hj.socat_tcp = 0;
	}
	if (hj.socat_tls > 0) {
		kill(hj.socat_tls, SIGTERM);
		waitpid(hj.socat_tls, NULL, 0);
		hj.socat_tls = 0;
	}
	if (hj.label)
		it_run("docker ps -aq --filter label=%s | xargs -r docker rm "
		       "-f -v >/dev/null",
		    hj.label);
	if (hj.tmp) {
		it_run("rm -rf '%s'", hj.tmp);
		free(hj.tmp);
		hj.tmp = NULL;
	}
}

static int
hj_fail_setup(const char *what)
{
	fprintf(stderr, "hj: set-up failed: %s\n", what);
	hj_cleanup();
	return -1;
}

/* Connects a docker client to addr (with the TLS files when tls). */
static struct docker *
hj_client(const char *addr, bool tls, struct endpoint *ep)
{
	struct docker_result r;
	struct docker *d;
	char *cause = NULL;

	if (!endpoint_parse(ep, addr, &cause)) {
		fprintf(stderr, "hj: %s: %s\n", addr, cause);
		free(cause);
		return NULL;
	}
	if (tls) {
		ep->tls = ep->tls_verify = true;
		ep->ca_file = xasprintf("%s/ca.pem", hj.tmp);
		ep->cert_file = xasprintf("%s/cert.pem", hj.tmp);
		ep->key_file = xasprintf("%s/key.pem", hj.tmp);
	}
	if ((d = docker_new(ep, &cause)) == NULL) {
		fprintf(stderr, "hj: %s\n", cause);
		free(cause);
		endpoint_done(ep);
		return NULL;
	}
	docker_sync_ping(d, &r);
	if (r.status != DOCKER_OK) {
		fprintf(stderr, "hj: ping %s: %s\n", addr,
		    r.message ? r.message : docker_status_str(r.status));
		docker_result_done(&r);
		docker_free(d);
		endpoint_done(ep);
		return NULL;
	}
	docker_result_done(&r);
	return d;
}

static int
group_setup(void **state)
{
	const char *host = it_host("hj");
	char dir[] = "/tmp/berth-hj-XXXXXX";

	if (host == NULL)
		return -1;
	if ((hj.d = hj_client(host, false, &hj.ep)) == NULL)
		return -1;
	if (mkdtemp(dir) == NULL)
		return hj_fail_setup("temp dir");
	hj.tmp = xstrdup(dir);
	it_random_id(hj.rid);
	hj.label = xasprintf("org.berth.it=hj-%s", hj.rid);
	hj.sleeper = xasprintf("berth-it-hj-%s-sleep", hj.rid);
	hj.cat = xasprintf("berth-it-hj-%s-cat", hj.rid);
	hj.tty = xasprintf("berth-it-hj-%s-tty", hj.rid);
	hj.stopped = xasprintf("berth-it-hj-%s-stopped", hj.rid);
	if (it_run("docker run -d --name %s --label %s berth-test/base "
		   "sleep 100000 >/dev/null",
		hj.sleeper, hj.label) != 0)
		return hj_fail_setup("sleeping container");
	if (it_run("docker run -d -i --name %s --label %s berth-test/base "
		   "cat >/dev/null",
		hj.cat, hj.label) != 0)
		return hj_fail_setup("cat container");
	if (it_run("docker run -d -it --name %s --label %s berth-test/base "
		   "sh >/dev/null",
		hj.tty, hj.label) != 0)
		return hj_fail_setup("tty container");
	if (it_run("docker create --name %s --label %s berth-test/base "
		   "true >/dev/null",
		hj.stopped, hj.label) != 0)
		return hj_fail_setup("stopped container");
	return 0;
}

static int
group_teardown(void **state)
{
	hj_cleanup();
	docker_free(hj.d);
	hj.d = NULL;
	endpoint_done(&hj.ep);
	free(hj.label);
	free(hj.sleeper);
	free(hj.cat);
	free(hj.tty);
	free(hj.stopped);
	return 0;
}

static char *
hj_running(const char *name)
{
	return it_capture("docker inspect -f '{{.State.Running}}' %s", name);
}

/* exec echo <word> through d; checks output and exit code. */
static void
hj_exec_echo(struct docker *d)
{
	char word[9], *cause = NULL, *xid;
	const char *cmd[] = {"echo", word, NULL};
	const char *seq[] = {"seq", "1", "20000", NULL};
	struct hijack_exec_opts o = {.cmd = cmd};
	struct it_collect c;
	struct demux dm;
	struct hijack *h;
	char want[16];

	it_random_id(word);
	xid = hijack_exec_create(d, hj.sleeper, &o, &cause);
	if (xid == NULL)
		fail_msg("exec create: %s", cause);
	h = hijack_exec_start(d, xid, false, &cause);
	if (h == NULL)
		fail_msg("exec start: %s", cause);
	assert_true(hijack_status(h) == 101 || hijack_status(h) == 200);
	buf_init(&c.out);
	buf_init(&c.err);
	demux_init(&dm, false, it_collect_fn, &c);
	assert_true(it_hijack_read(h, &dm, &c, NULL, 10000));
	snprintf(want, sizeof want, "%s\n", word);
	assert_string_equal(buf_cstr(&c.out), want);
	assert_int_equal(c.err.len, 0);
	hijack_free(h);
	assert_int_equal(hijack_exec_exit_code(d, xid, 5000, &cause), 0);
	free(xid);

	/* Bulk output: nothing may stay behind in the TLS layer. */
	buf_reset(&c.out);
	if (hijack_exec_run(
		d, hj.sleeper, seq, NULL, &c.out, NULL, 20000, &cause) != 0)
		fail_msg("seq: %s", cause ? cause : "non-zero exit");
	assert_int_equal(c.out.len, 108894);
	assert_string_equal(c.out.data + c.out.len - 12, "19999\n20000\n");
	buf_done(&c.out);
	buf_done(&c.err);
}

static void
test_exec_echo(void **state)
{
	hj_exec_echo(hj.d);
}

static void
test_exec_exit_codes(void **state)
{
	const char *fail[] = {"sh", "-c", "echo oops >&2; exit 3", NULL};
	const char *missing[] = {"/no/such/program", NULL};
	const char *shells[] = {"bash", "-c", "exit 0", NULL};
	const char *sh[] = {"sh", "-c", "exit 0", NULL};
	char *cause = NULL;
	struct buf out, err;

	buf_init(&out);
	buf_init(&err);
	assert_int_equal(hijack_exec_run(hj.d, hj.sleeper, fail, NULL, &out,
			     &err, 10000, &cause),
	    3);
	assert_int_equal(out.len, 0);
	assert_string_equal(buf_cstr(&err), "oops\n");
	/* A program that is not there: the runtime's 126/127. */
	assert_true(hijack_exec_run(hj.d, hj.sleeper, missing, NULL, NULL, NULL,
			10000, &cause) >= 126);
	/* What the shell picker relies on: busybox has sh but no bash. */
	assert_int_not_equal(hijack_exec_run(hj.d, hj.sleeper, shells, NULL,
				 NULL, NULL, 10000, &cause),
	    0);
	assert_int_equal(hijack_exec_run(hj.d, hj.sleeper, sh, NULL, NULL, NULL,
			     10000, &cause),
	    0);
	/* A user that does not exist is the engine's words, not a hang. */
	buf_reset(&out);
	buf_reset(&err);
	assert_int_not_equal(hijack_exec_run(hj.d, hj.sleeper, sh, "nosuchuser",
				 &out, &err, 10000, &cause),
	    0);
	free(cause);
	buf_done(&out);
	buf_done(&err);
}

/* An interactive TTY shell: input, output, resize, exit code. */
static void
hj_exec_tty(struct docker *d)
{
	const char *cmd[] = {"sh", NULL};
	char *cause = NULL, *xid, line[64], want[16];
	struct hijack_exec_opts o = {
	    .cmd = cmd, .tty = true, .attach_stdin = true};
	struct docker_exec *x;
	struct it_collect c;
	struct demux dm;
	struct hijack *h;
	int a = (int)(hj_now_ms() % 1000);

	xid = hijack_exec_create(d, hj.sleeper, &o, &cause);
	if (xid == NULL)
		fail_msg("exec create: %s", cause);
	h = hijack_exec_start(d, xid, true, &cause);
	if (h == NULL)
		fail_msg("exec start: %s", cause);
	if (!hijack_exec_resize(d, xid, 33, 101, &cause))
		fail_msg("exec resize: %s", cause);
	x = hijack_exec_inspect(d, xid, &cause);
	assert_non_null(x);
	assert_true(x->tty);
	assert_true(x->running);
	docker_exec_free(x);
	buf_init(&c.out);
	buf_init(&c.err);
	demux_init(&dm, true, it_collect_fn, &c);
	/* The shell computes it, so an echo of our input does not count. */
	snprintf(line, sizeof line, "echo $((%d + 1)) $TERM; stty size\r", a);
	assert_true(hijack_send_all(h, line, strlen(line), 5000));
	snprintf(want, sizeof want, "%d xterm", a + 1);
	it_hijack_read(h, &dm, &c, want, 10000);
	it_hijack_read(h, &dm, &c, "33 101", 10000);
	assert_true(hijack_send_all(h, "exit 5\r", 7, 5000));
	assert_true(it_hijack_read(h, &dm, &c, NULL, 10000));
	hijack_free(h);
	assert_int_equal(hijack_exec_exit_code(d, xid, 5000, &cause), 5);
	free(xid);
	buf_done(&c.out);
	buf_done(&c.err);
}

static void
test_exec_tty(void **state)
{
	hj_exec_tty(hj.d);
}

static void
test_attach_stdin_echo(void **state)
{
	char word[9], line[16], *cause = NULL, *running;
	struct it_collect c;
	struct demux dm;
	struct hijack *h;

	it_random_id(word);
	h = hijack_attach(hj.d, hj.cat, HIJACK_DETACH_DEFAULT, &cause);
	if (h == NULL)
		fail_msg("attach: %s", cause);
	buf_init(&c.out);
	buf_init(&c.err);
	demux_init(&dm, false, it_collect_fn, &c);
	snprintf(line, sizeof line, "%s\n", word);
	assert_true(hijack_send_all(h, line, strlen(line), 5000));
	it_hijack_read(h, &dm, &c, line, 10000);
	assert_string_equal(buf_cstr(&c.out), line);
	/* Detach by closing: cat keeps running. */
	hijack_free(h);
	running = hj_running(hj.cat);
	assert_non_null(running);
	assert_string_equal(running, "true");
	free(running);
	buf_done(&c.out);
	buf_done(&c.err);
}

static void
test_attach_tty_resize(void **state)
{
	char *cause = NULL, *running;
	const char *line = "stty size; echo hello-$((40 + 2))\r";
	struct it_collect c;
	struct demux dm;
	struct hijack *h;

	h = hijack_attach(hj.d, hj.tty, HIJACK_DETACH_DEFAULT, &cause);
	if (h == NULL)
		fail_msg("attach: %s", cause);
	if (!hijack_container_resize(hj.d, hj.tty, 27, 93, &cause))
		fail_msg("resize: %s", cause);
	buf_init(&c.out);
	buf_init(&c.err);
	demux_init(&dm, true, it_collect_fn, &c);
	assert_true(hijack_send_all(h, line, strlen(line), 5000));
	it_hijack_read(h, &dm, &c, "hello-42", 10000);
	assert_non_null(strstr(buf_cstr(&c.out), "27 93"));
	hijack_free(h);
	running = hj_running(hj.tty);
	assert_non_null(running);
	assert_string_equal(running, "true");
	free(running);
	buf_done(&c.out);
	buf_done(&c.err);
}

static void
test_errors_are_the_engines_words(void **state)
{
	const char *cmd[] = {"true", NULL};
	char *cause = NULL;
	struct hijack_exec_opts o = {.cmd = cmd};
	int code = 0;

	assert_null(hijack_exec_create(hj.d, hj.stopped, &o, &cause));
	assert_non_null(cause);
	assert_non_null(strstr(cause, "is not running"));
	free(cause);
	cause = NULL;

	assert_null(
	    hijack_attach(hj.d, "berth-it-hj-no-such-container", NULL, &cause));
	assert_non_null(cause);
	assert_non_null(strstr(cause, "No such container"));
	free(cause);
	cause = NULL;

	assert_null(hijack_exec_start(hj.d, "0123456789abcdef", true, &cause));
	assert_non_null(cause);
	assert_non_null(strstr(cause, "No such exec instance"));
	free(cause);
	cause = NULL;

	assert_false(
	    hijack_exec_resize(hj.d, "0123456789abcdef", 10, 10, &cause));
	assert_non_null(cause);
	free(cause);
	cause = NULL;

	/* A stopped container's wait answers at once with its code. */
	assert_true(
	    hijack_container_wait(hj.d, hj.stopped, 5000, &code, &cause));
	assert_int_equal(code, 0);
	/* A running one makes wait give up after the timeout. */
	assert_false(
	    hijack_container_wait(hj.d, hj.sleeper, 300, &code, &cause));
	assert_non_null(strstr(cause, "still running"));
	free(cause);
}

static void
test_container_wait_exit_code(void **state)
{
	char *name = xasprintf("berth-it-hj-%s-exit", hj.rid), *cause = NULL;
	struct it_collect c;
	struct demux dm;
	struct hijack *h;
	int code = -1;

	assert_int_equal(it_run("docker run -d -i --name %s --label %s "
				"berth-test/base sh -c 'read x; echo got-$x; "
				"exit $x' >/dev/null",
			     name, hj.label),
	    0);
	h = hijack_attach(hj.d, name, NULL, &cause);
	if (h == NULL)
		fail_msg("attach: %s", cause);
	buf_init(&c.out);
	buf_init(&c.err);
	demux_init(&dm, false, it_collect_fn, &c);
	assert_true(hijack_send_all(h, "9\n", 2, 5000));
	assert_true(it_hijack_read(h, &dm, &c, NULL, 10000));
	assert_string_equal(buf_cstr(&c.out), "got-9\n");
	hijack_free(h);
	if (!hijack_container_wait(hj.d, name, 10000, &code, &cause))
		fail_msg("wait: %s", cause);
	assert_int_equal(code, 9);
	free(name);
	buf_done(&c.out);
	buf_done(&c.err);
}

/* Starts socat with the given listen address; waits until it listens. */
static pid_t
hj_socat(const char *listen, int port)
{
	char *target = xasprintf("UNIX-CONNECT:%s", hj.ep.path);
	char *log = xasprintf("%s/socat-%d.log", hj.tmp, port);
	pid_t pid = it_socat(listen, port, target, log);

	free(target);
	free(log);
	return pid;
}

static void
test_exec_over_tcp(void **state)
{
	struct endpoint ep;
	struct docker *d;
	char *addr, *listen;

	if (hj.ep.kind != ENDPOINT_UNIX)
		skip();
	if (it_run("command -v socat >/dev/null") != 0)
		fail_msg("socat is missing (scripts/deps test installs it)");
	hj.tcp_port = it_free_port();
	assert_true(hj.tcp_port > 0);
	listen = xasprintf(
	    "TCP-LISTEN:%d,bind=127.0.0.1,reuseaddr,fork", hj.tcp_port);
	hj.socat_tcp = hj_socat(listen, hj.tcp_port);
	free(listen);
	assert_true(hj.socat_tcp > 0);
	addr = xasprintf("tcp://127.0.0.1:%d", hj.tcp_port);
	d = hj_client(addr, false, &ep);
	free(addr);
	assert_non_null(d);
	hj_exec_echo(d);
	hj_exec_tty(d);
	docker_free(d);
	endpoint_done(&ep);
}

/* A CA, a server certificate for 127.0.0.1 and a client certificate. */
static bool
hj_make_certs(void)
{
	return it_run(
		   "cd '%s' && {"
		   " openssl req -x509 -newkey ec -pkeyopt "
		   "ec_paramgen_curve:P-256"
		   "  -nodes -keyout ca-key.pem -out ca.pem -days 2"
		   "  -subj /CN=berth-test-ca &&"
		   " openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 "
		   "-nodes"
		   "  -keyout server-key.pem -out server.csr -subj "
		   "/CN=127.0.0.1 &&"
		   " printf 'subjectAltName=IP:127.0.0.1\\nextendedKeyUsage="
		   "serverAuth\\n' >server.ext &&"
		   " openssl x509 -req -in server.csr -CA ca.pem -CAkey "
		   "ca-key.pem"
		   "  -CAcreateserial -out server.pem -days 2 -extfile "
		   "server.ext &&"
		   " openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 "
		   "-nodes"
		   "  -keyout key.pem -out client.csr -subj /CN=berth-client &&"
		   " printf 'extendedKeyUsage=clientAuth\\n' >client.ext &&"
		   " openssl x509 -req -in client.csr -CA ca.pem -CAkey "
		   "ca-key.pem"
		   "  -CAcreateserial -out cert.pem -days 2 -extfile "
		   "client.ext &&"
		   " openssl req -x509 -newkey ec -pkeyopt "
		   "ec_paramgen_curve:P-256"
		   "  -nodes -keyout other-key.pem -out other-ca.pem -days 2"
		   "  -subj /CN=berth-other-ca;"
		   " } >openssl.log 2>&1",
		   hj.tmp) == 0;
}

static void
test_exec_over_tls(void **state)
{
	struct endpoint ep, bad;
	struct docker *d;
	char *addr, *listen, *cause = NULL;
	struct hijack *h;

	if (hj.ep.kind != ENDPOINT_UNIX)
		skip();
	if (it_run("command -v socat >/dev/null && command -v openssl "
		   ">/dev/null") != 0)
		fail_msg("socat or openssl is missing");
	assert_true(hj_make_certs());
	hj.tls_port = it_free_port();
	assert_true(hj.tls_port > 0);
	listen = xasprintf(
	    "OPENSSL-LISTEN:%d,bind=127.0.0.1,reuseaddr,fork,"
	    "cert=%s/server.pem,key=%s/server-key.pem,cafile=%s/ca.pem,"
	    "verify=1",
	    hj.tls_port, hj.tmp, hj.tmp, hj.tmp);
	hj.socat_tls = hj_socat(listen, hj.tls_port);
	free(listen);
	assert_true(hj.socat_tls > 0);
	addr = xasprintf("tcp://127.0.0.1:%d", hj.tls_port);
	d = hj_client(addr, true, &ep);
	assert_non_null(d);
	hj_exec_echo(d);
	hj_exec_tty(d);

	/* Under another CA the server is not trusted: a TLS error. */
	memset(&bad, 0, sizeof bad);
	assert_true(endpoint_parse(&bad, addr, &cause));
	{
		struct docker *d2;

		bad.tls = bad.tls_verify = true;
		bad.ca_file = xasprintf("%s/other-ca.pem", hj.tmp);
		bad.cert_file = xasprintf("%s/cert.pem", hj.tmp);
		bad.key_file = xasprintf("%s/key.pem", hj.tmp);
		d2 = docker_new(&bad, &cause);
		assert_non_null(d2);
		h = hijack_attach(d2, hj.cat, NULL, &cause);
		assert_null(h);
		assert_non_null(cause);
		assert_non_null(strstr(cause, "TLS"));
		free(cause);
		docker_free(d2);
	}
	endpoint_done(&bad);
	free(addr);
	docker_free(d);
	endpoint_done(&ep);
}

int
main(void)
{
	const struct CMUnitTest pure[] = {
	    cmocka_unit_test(test_detach_parse),
	    cmocka_unit_test(test_detach_feed),
	    cmocka_unit_test(test_split_command),
	    cmocka_unit_test(test_config_detach_keys),
	    cmocka_unit_test(test_fake_200_raw_stream),
	    cmocka_unit_test(test_fake_101_after_continue),
	    cmocka_unit_test(test_fake_errors),
	};
	const struct CMUnitTest engine[] = {
	    cmocka_unit_test(test_exec_echo),
	    cmocka_unit_test(test_exec_exit_codes),
	    cmocka_unit_test(test_exec_tty),
	    cmocka_unit_test(test_attach_stdin_echo),
	    cmocka_unit_test(test_attach_tty_resize),
	    cmocka_unit_test(test_errors_are_the_engines_words),
	    cmocka_unit_test(test_container_wait_exit_code),
	    cmocka_unit_test(test_exec_over_tcp),
	    cmocka_unit_test(test_exec_over_tls),
	};
	int rc;

	rc = cmocka_run_group_tests_name(
	    "hijack without an engine", pure, NULL, NULL);
	rc += cmocka_run_group_tests_name(
	    "hijack engine", engine, group_setup, group_teardown);
	return rc;
}
