/*
 * berth over ssh:// against a real sshd on 127.0.0.1 (tests/engine/sshd-start)
 * whose sessions reach the test engine through `docker system dial-stdio`:
 * lists and inspect, logs that follow, events, exec with its exit code,
 * attach and detach; a host key that is not known or has changed, a user
 * key the server does not know, no ssh program here, no docker there; the
 * daemon stopped under an open client and started again; no ssh process
 * left behind.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "api/buf.h"
#include "api/calls.h"
#include "api/decode.h"
#include "api/docker.h"
#include "api/endpoint.h"
#include "api/hijack.h"
#include "api/model.h"
#include "api/stream.h"
#include "api/xalloc.h"
#include "tests/support/it.h"

#define SSHD_START "tests/engine/sshd-start"
#define SSHD_STOP "tests/engine/sshd-stop"

/*
 * What the group set-up makes: containers named berth-it-ssh-<rid>-...
 * and labelled org.berth.it=ssh-<rid> (made with the docker CLI on the
 * test engine's socket), and a client for the shared test sshd, which
 * this process uses as a registered user (sshd-start --user): the last
 * user stops it, unless it was started by hand.
 */
struct ssh_fixture {
	char *addr; /* ssh://USER@127.0.0.1:PORT */
	char *wrapper; /* the ssh wrapper for BERTH_SSH */
	char *dir; /* its directory */
	bool registered; /* sshd-stop --user is due */
	char *own_dir; /* a private sshd's directory (the restart test) */
	struct endpoint ep;
	struct docker *d;
	char rid[9];
	char *label; /* org.berth.it=ssh-<rid> */
	char *label_value; /* ssh-<rid> */
	char *sleeper, *tty, *ticker; /* names */
	char *sleeper_id;
};

static struct ssh_fixture sx;

static char *
sx_dir_file(const char *name)
{
	return xasprintf("%s/%s", sx.dir, name);
}

/*
 * Runs sshd-start (with BERTH_SSHD_DIR=dir when dir is not NULL, and
 * --user when user): its two lines, the address and the wrapper (owned).
 * Its stderr goes to ours.
 */
static bool
sx_start_sshd(const char *dir, bool user, char **addr, char **wrapper)
{
	char *user_arg =
	    user ? xasprintf(" --user %ld", (long)getpid()) : xstrdup("");
	char *env = dir ? xasprintf("BERTH_SSHD_DIR='%s' ", dir) : xstrdup("");
	char *out = it_capture("%s%s%s", env, SSHD_START, user_arg), *nl;

	free(user_arg);
	free(env);
	if (out == NULL)
		return false;
	nl = strchr(out, '\n');
	if (nl == NULL || strncmp(out, "ssh://", 6) != 0) {
		fprintf(stderr, "ssh: %s printed: %s\n", SSHD_START, out);
		free(out);
		return false;
	}
	*nl = '\0';
	*addr = xstrdup(out);
	*wrapper = xstrdup(nl + 1);
	free(out);
	return true;
}

/* sshd-stop for dir (NULL: the shared one), as a user when user. */
static int
sx_stop_sshd(const char *dir, bool user)
{
	char *env = dir ? xasprintf("BERTH_SSHD_DIR='%s' ", dir) : xstrdup("");
	int rc;

	if (user)
		rc = it_run("%s%s --user %ld", env, SSHD_STOP, (long)getpid());
	else
		rc = it_run("%s%s 2>/dev/null", env, SSHD_STOP);
	free(env);
	return rc;
}

/* A client for addr with BERTH_SSH set to wrapper; NULL with *cause. */
static struct docker *
sx_client(
    const char *addr, const char *wrapper, struct endpoint *ep, char **cause)
{
	struct docker *d;

	setenv("BERTH_SSH", wrapper, 1);
	if (!endpoint_parse(ep, addr, cause))
		return NULL;
	if ((d = docker_new(ep, cause)) == NULL)
		endpoint_done(ep);
	return d;
}

/*
 * Pings through wrapper (a file in the sshd's directory, or a path when
 * it starts with '/'); returns the reply's message (owned), or NULL when
 * the ping worked. Puts BERTH_SSH back afterwards.
 */
static char *
sx_ping_message(const char *wrapper)
{
	char *path =
	    wrapper[0] == '/' ? xstrdup(wrapper) : sx_dir_file(wrapper);
	char *cause = NULL, *msg;
	struct docker_result r;
	struct endpoint ep;
	struct docker *d;

	d = sx_client(sx.addr, path, &ep, &cause);
	free(path);
	if (d == NULL) {
		/* Refusing the client at once is an answer too. */
		setenv("BERTH_SSH", sx.wrapper, 1);
		return cause ? cause : xstrdup("docker_new failed");
	}
	docker_sync_ping(d, &r);
	msg =
	    r.status == DOCKER_OK
		? NULL
		: xstrdup(r.message ? r.message : docker_status_str(r.status));
	docker_result_done(&r);
	docker_free(d);
	endpoint_done(&ep);
	setenv("BERTH_SSH", sx.wrapper, 1);
	return msg;
}

static void
sx_cleanup(void)
{
	if (sx.label)
		it_run(
		    "docker ps -aq --filter label=%s | xargs -r docker rm -f "
		    "-v >/dev/null",
		    sx.label);
	if (sx.own_dir) {
		sx_stop_sshd(sx.own_dir, false);
		it_run("rm -rf '%s'", sx.own_dir);
		free(sx.own_dir);
		sx.own_dir = NULL;
	}
	if (sx.registered) {
		sx_stop_sshd(NULL, true);
		sx.registered = false;
	}
}

static int
sx_fail_setup(const char *what)
{
	fprintf(stderr, "ssh: set-up failed: %s\n", what);
	sx_cleanup();
	return -1;
}

static int
group_setup(void **state)
{
	struct docker_result r;
	char *cause = NULL;

	if (it_host("ssh") == NULL)
		return -1;
	if (access(SSHD_START, X_OK) != 0) {
		fprintf(stderr,
		    "ssh: run me from the repository's root (no %s)\n",
		    SSHD_START);
		return -1;
	}
	sx.registered = true;
	if (!sx_start_sshd(NULL, true, &sx.addr, &sx.wrapper))
		return sx_fail_setup(SSHD_START);
	/* The other wrappers are beside this one. */
	sx.dir = xstrdup(sx.wrapper);
	*strrchr(sx.dir, '/') = '\0';

	it_random_id(sx.rid);
	sx.label_value = xasprintf("ssh-%s", sx.rid);
	sx.label = xasprintf("org.berth.it=%s", sx.label_value);
	sx.sleeper = xasprintf("berth-it-ssh-%s-sleep", sx.rid);
	sx.tty = xasprintf("berth-it-ssh-%s-tty", sx.rid);
	sx.ticker = xasprintf("berth-it-ssh-%s-tick", sx.rid);
	if (it_run("docker run -d --name %s --label %s berth-test/base "
		   "sleep 100000 >/dev/null",
		sx.sleeper, sx.label) != 0)
		return sx_fail_setup("sleeping container");
	if (it_run("docker run -d -it --name %s --label %s berth-test/base "
		   "sh >/dev/null",
		sx.tty, sx.label) != 0)
		return sx_fail_setup("tty container");
	if (it_run("docker run -d --name %s --label %s berth-test/base "
		   "sh -c 'i=0; while :; do i=$((i+1)); echo \"tick $i\"; "
		   "echo \"tock $i\" >&2; sleep 0.1; done' >/dev/null",
		sx.ticker, sx.label) != 0)
		return sx_fail_setup("ticking container");
	sx.sleeper_id =
	    it_capture("docker inspect -f '{{.Id}}' %s", sx.sleeper);
	if (sx.sleeper_id == NULL)
		return sx_fail_setup("inspect");

	if ((sx.d = sx_client(sx.addr, sx.wrapper, &sx.ep, &cause)) == NULL) {
		fprintf(stderr, "ssh: %s: %s\n", sx.addr, cause);
		free(cause);
		return sx_fail_setup("client");
	}
	docker_sync_ping(sx.d, &r);
	if (r.status != DOCKER_OK) {
		fprintf(stderr, "ssh: ping %s: %s\n", sx.addr,
		    r.message ? r.message : docker_status_str(r.status));
		docker_result_done(&r);
		docker_free(sx.d);
		sx.d = NULL;
		endpoint_done(&sx.ep);
		return sx_fail_setup("ping over ssh");
	}
	docker_result_done(&r);
	return 0;
}

static int
group_teardown(void **state)
{
	if (sx.d) {
		docker_free(sx.d);
		sx.d = NULL;
		endpoint_done(&sx.ep);
	}
	sx_cleanup();
	free(sx.dir);
	free(sx.addr);
	free(sx.wrapper);
	free(sx.label);
	free(sx.label_value);
	free(sx.sleeper);
	free(sx.tty);
	free(sx.ticker);
	free(sx.sleeper_id);
	return 0;
}

/* ---- requests ---- */

static void
test_endpoint_is_ssh(void **state)
{
	assert_int_equal(sx.ep.kind, ENDPOINT_SSH);
	assert_string_equal(sx.ep.host, "127.0.0.1");
	assert_true(sx.ep.port > 0);
	assert_true(docker_negotiated(sx.d));
	assert_non_null(docker_engine_api_version(sx.d));
}

static const struct docker_container *
sx_find(const struct docker_container_list *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].name && strcmp(l->v[i].name, name) == 0)
			return &l->v[i];
	fail_msg("%s is not in the list", name);
	return NULL;
}

static void
test_list_and_inspect(void **state)
{
	struct docker_container_list *l;
	struct docker_container_detail *det;
	const struct docker_container *c;
	struct docker_result r;
	char *cause = NULL;
	size_t ours = 0;

	docker_sync_call(
	    sx.d, docker_container_list(sx.d, docker_sync_fill, &r), &r);
	if (r.status != DOCKER_OK)
		fail_msg("list: %s", r.message);
	l = decode_container_list(r.body, r.len, &cause);
	docker_result_done(&r);
	if (l == NULL)
		fail_msg("decode_container_list: %s", cause);
	for (size_t i = 0; i < l->n; i++) {
		const char *v = kvlist_get(&l->v[i].labels, "org.berth.it");

		ours += v && strcmp(v, sx.label_value) == 0;
	}
	assert_int_equal(ours, 3);
	c = sx_find(l, sx.sleeper);
	assert_string_equal(c->id, sx.sleeper_id);
	assert_string_equal(c->image, "berth-test/base");
	assert_string_equal(c->state, "running");
	assert_string_equal(kvlist_get(&c->labels, "org.berth.test"), "base");
	assert_string_equal(sx_find(l, sx.tty)->state, "running");
	docker_container_list_free(l);

	docker_sync_call(sx.d,
	    docker_container_inspect(sx.d, sx.sleeper, docker_sync_fill, &r),
	    &r);
	if (r.status != DOCKER_OK)
		fail_msg("inspect: %s", r.message);
	det = decode_container_detail(r.body, r.len, &cause);
	docker_result_done(&r);
	if (det == NULL)
		fail_msg("decode_container_detail: %s", cause);
	assert_string_equal(det->id, sx.sleeper_id);
	assert_string_equal(det->name, sx.sleeper);
	assert_true(det->running);
	assert_string_equal(
	    kvlist_get(&det->labels, "org.berth.it"), sx.label_value);
	docker_container_detail_free(det);

	/* The engine's own errors come through the tunnel as they are. */
	docker_sync_call(sx.d,
	    docker_container_inspect(
		sx.d, "berth-it-ssh-no-such-container", docker_sync_fill, &r),
	    &r);
	assert_int_equal(r.status, DOCKER_ERR_HTTP);
	assert_int_equal(r.http_status, 404);
	assert_non_null(r.message);
	assert_non_null(strstr(r.message, "No such container"));
	docker_result_done(&r);
}

/* What the logs test saw. */
struct sx_logs {
	struct demux dm;
	struct linebuf lb;
	int first_tick, last_tick, last_tock;
	bool out_of_order;
	char *stray;
	bool done;
	char *message;
};

static void
sx_logs_line(enum demux_stream st, const char *line, size_t len, void *arg)
{
	struct sx_logs *s = arg;
	char *l = xstrndup(line, len);
	int n;

	if (st == DEMUX_STDOUT && sscanf(l, "tick %d", &n) == 1) {
		s->out_of_order |= s->last_tick && n != s->last_tick + 1;
		if (s->first_tick == 0)
			s->first_tick = n;
		s->last_tick = n;
	} else if (st == DEMUX_STDERR && sscanf(l, "tock %d", &n) == 1) {
		s->out_of_order |= s->last_tock && n != s->last_tock + 1;
		s->last_tock = n;
	} else if (s->stray == NULL)
		s->stray = xasprintf("stream %d: \"%s\"", (int)st, l);
	free(l);
}

static void
sx_logs_piece(enum demux_stream st, const char *data, size_t len, void *arg)
{
	linebuf_feed(&((struct sx_logs *)arg)->lb, st, data, len);
}

static bool
sx_logs_data(const char *data, size_t len, void *arg)
{
	return demux_feed(&((struct sx_logs *)arg)->dm, data, len);
}

static void
sx_logs_done(const struct docker_reply *r, void *arg)
{
	struct sx_logs *s = arg;

	s->done = true;
	s->message =
	    xstrdup(r->message ? r->message : docker_status_str(r->status));
}

/*
 * Follows the ticker's logs from now on (tail=0): every line that comes is
 * one the container printed after the stream opened, in order.
 */
static void
test_logs_follow(void **state)
{
	struct docker_logs_opts o = {
	    .follow = true, .out = true, .err = true, .tail = true};
	struct docker_call *call;
	struct sx_logs s;
	double deadline;

	memset(&s, 0, sizeof s);
	demux_init(&s.dm, false, sx_logs_piece, &s);
	linebuf_init(&s.lb, sx_logs_line, &s);
	call = docker_container_logs(
	    sx.d, sx.ticker, &o, sx_logs_data, sx_logs_done, &s);
	deadline = it_now() + 10;
	while (!s.done && it_now() < deadline &&
	       !(s.first_tick && s.last_tick >= s.first_tick + 5 &&
		   s.last_tock >= s.first_tick + 5))
		http_step(docker_http(sx.d), 100);
	/* No assertion may leave while the stream still points at s. */
	if (!s.done)
		docker_cancel(sx.d, call);
	linebuf_done(&s.lb);

	if (s.done)
		fail_msg("the logs stream ended: %s", s.message);
	if (s.stray)
		fail_msg("unexpected line on %s", s.stray);
	assert_false(s.dm.bad);
	assert_false(s.out_of_order);
	assert_true(s.first_tick > 0);
	assert_true(s.last_tick >= s.first_tick + 5);
	assert_true(s.last_tock >= s.first_tick + 5);
	free(s.message);
}

/* What the events test saw for its container. */
struct sx_events {
	struct jsonl jl;
	char *id; /* known once created */
	int order, create, start, die;
	char *die_exit;
	char *bad;
	bool done;
	char *message;
};

static bool
sx_events_line(const char *line, size_t len, void *arg)
{
	struct sx_events *s = arg;
	struct docker_event *ev;
	char *cause = NULL;

	if ((ev = decode_event(line, len, &cause)) == NULL) {
		if (s->bad == NULL)
			s->bad = xasprintf("decode_event: %s", cause);
		free(cause);
		return true;
	}
	if (s->id && ev->actor_id && strcmp(ev->actor_id, s->id) == 0) {
		int *slot = NULL;

		if (strcmp(ev->action, "create") == 0)
			slot = &s->create;
		else if (strcmp(ev->action, "start") == 0)
			slot = &s->start;
		else if (strcmp(ev->action, "die") == 0) {
			slot = &s->die;
			free(s->die_exit);
			s->die_exit =
			    xstrdup_or_null(kvlist_get(&ev->attrs, "exitCode"));
		}
		if (slot && *slot == 0)
			*slot = ++s->order;
	}
	docker_event_free(ev);
	return true;
}

static bool
sx_events_data(const char *data, size_t len, void *arg)
{
	return jsonl_feed(&((struct sx_events *)arg)->jl, data, len);
}

static void
sx_events_done(const struct docker_reply *r, void *arg)
{
	struct sx_events *s = arg;

	s->done = true;
	s->message =
	    xstrdup(r->message ? r->message : docker_status_str(r->status));
}

/* A container that runs and exits 4: create, start, die in that order. */
static void
test_events(void **state)
{
	char *filter = xasprintf(
	    "{\"type\":[\"container\"],\"label\":[\"%s\"]}", sx.label);
	struct docker_events_opts o = {
	    .since_ns = ((int64_t)time(NULL) - 1) * 1000000000LL,
	    .filters = filter};
	struct docker_call *call;
	struct sx_events s;
	double deadline;
	int run_rc;

	memset(&s, 0, sizeof s);
	jsonl_init(&s.jl, sx_events_line, &s);
	call = docker_events(sx.d, &o, sx_events_data, sx_events_done, &s);
	free(filter);
	run_rc = it_run("docker run --name berth-it-ssh-%s-ev --label %s "
			"berth-test/base sh -c 'exit 4' >/dev/null",
	    sx.rid, sx.label);
	s.id = it_capture(
	    "docker inspect -f '{{.Id}}' berth-it-ssh-%s-ev", sx.rid);
	deadline = it_now() + 10;
	while (s.id && !(s.create && s.start && s.die) && !s.done &&
	       it_now() < deadline)
		http_step(docker_http(sx.d), 100);
	/* No assertion may leave while the stream still points at s. */
	if (!s.done)
		docker_cancel(sx.d, call);
	jsonl_done(&s.jl);

	assert_int_equal(run_rc, 4);
	assert_non_null(s.id);
	if (s.bad)
		fail_msg("%s", s.bad);
	if (s.done)
		fail_msg("the events stream ended: %s", s.message);
	assert_int_equal(s.create, 1);
	assert_int_equal(s.start, 2);
	assert_int_equal(s.die, 3);
	assert_non_null(s.die_exit);
	assert_string_equal(s.die_exit, "4");
	free(s.die_exit);
	free(s.id);
}

/* ---- hijacked connections ---- */

static void
test_exec_exit_code(void **state)
{
	const char *fail[] = {
	    "sh", "-c", "echo out; echo err >&2; exit 3", NULL};
	const char *seq[] = {"seq", "1", "20000", NULL};
	char word[9], want[16], *cause = NULL, *xid;
	const char *echo[] = {"echo", word, NULL};
	struct hijack_exec_opts o = {.cmd = echo};
	struct it_collect c;
	struct demux dm;
	struct hijack *h;

	buf_init(&c.out);
	buf_init(&c.err);
	/* Create, start, read to the end, then the exit code. */
	it_random_id(word);
	xid = hijack_exec_create(sx.d, sx.sleeper, &o, &cause);
	if (xid == NULL)
		fail_msg("exec create: %s", cause);
	h = hijack_exec_start(sx.d, xid, false, &cause);
	if (h == NULL)
		fail_msg("exec start: %s", cause);
	demux_init(&dm, false, it_collect_fn, &c);
	assert_true(it_hijack_read(h, &dm, &c, NULL, 10000));
	snprintf(want, sizeof want, "%s\n", word);
	assert_string_equal(buf_cstr(&c.out), want);
	hijack_free(h);
	assert_int_equal(hijack_exec_exit_code(sx.d, xid, 5000, &cause), 0);
	free(xid);

	/* A failing command: its code and both streams apart. */
	buf_reset(&c.out);
	buf_reset(&c.err);
	assert_int_equal(hijack_exec_run(sx.d, sx.sleeper, fail, NULL, &c.out,
			     &c.err, 10000, &cause),
	    3);
	assert_string_equal(buf_cstr(&c.out), "out\n");
	assert_string_equal(buf_cstr(&c.err), "err\n");

	/* Bulk output: nothing stays behind in the pipes to ssh. */
	buf_reset(&c.out);
	if (hijack_exec_run(
		sx.d, sx.sleeper, seq, NULL, &c.out, NULL, 20000, &cause) != 0)
		fail_msg("seq: %s", cause ? cause : "non-zero exit");
	assert_int_equal(c.out.len, 108894);
	assert_string_equal(c.out.data + c.out.len - 12, "19999\n20000\n");
	buf_done(&c.out);
	buf_done(&c.err);
}

/*
 * Attach to a TTY shell, run a command in it, then type the detach keys:
 * the engine ends the stream and the container keeps running.
 */
static void
test_attach_detach(void **state)
{
	const char *line = "echo hello-$((40 + 2))\r";
	char *cause = NULL, *running;
	struct it_collect c;
	struct demux dm;
	struct hijack *h;

	h = hijack_attach(sx.d, sx.tty, HIJACK_DETACH_DEFAULT, &cause);
	if (h == NULL)
		fail_msg("attach: %s", cause);
	buf_init(&c.out);
	buf_init(&c.err);
	demux_init(&dm, true, it_collect_fn, &c);
	assert_true(hijack_send_all(h, line, strlen(line), 5000));
	it_hijack_read(h, &dm, &c, "hello-42", 10000);
	assert_true(hijack_send_all(h, "\020\021", 2, 5000));
	/* The engine hangs up on the detach keys: the stream ends. */
	assert_true(it_hijack_read(h, &dm, &c, NULL, 10000));
	hijack_free(h);
	running =
	    it_capture("docker inspect -f '{{.State.Running}}' %s", sx.tty);
	assert_non_null(running);
	assert_string_equal(running, "true");
	free(running);
	buf_done(&c.out);
	buf_done(&c.err);
}

/* ---- failures ---- */

static void
sx_assert_message_has(const char *wrapper, const char *want)
{
	char *msg = sx_ping_message(wrapper);

	if (msg == NULL) {
		fail_msg("%s: the ping worked", wrapper);
		return;
	}
	fprintf(stderr, "%s: %s\n", wrapper, msg);
	if (strstr(msg, want) == NULL)
		fail_msg("%s: \"%s\" is not in \"%s\"", wrapper, want, msg);
	free(msg);
}

static void
test_unknown_host_key(void **state)
{
	sx_assert_message_has(
	    "ssh-unknown-host", "host key of 127.0.0.1 is not known");
}

static void
test_changed_host_key(void **state)
{
	sx_assert_message_has(
	    "ssh-changed-host", "host key of 127.0.0.1 has CHANGED");
}

static void
test_wrong_user_key(void **state)
{
	sx_assert_message_has("ssh-wrong-key", "authentication");
}

/* No ssh program here. */
static void
test_ssh_not_installed(void **state)
{
	sx_assert_message_has("/nonexistent/berth-test/ssh", "not installed");
}

/* A host without docker: its shell does not find the command. */
static void
test_docker_not_installed_there(void **state)
{
	sx_assert_message_has("ssh-no-docker", "not installed");
}

/*
 * The daemon stops (with its sessions) under an open client: requests
 * fail with words; once it is back on the same address the same client
 * works again. A private sshd of this test's own, so that the shared one
 * keeps serving whoever else uses it.
 */
static void
test_sshd_stop_and_back(void **state)
{
	char tmpl[] = "/tmp/berth-sshd-it-XXXXXX";
	char *addr = NULL, *wrapper = NULL, *addr2 = NULL, *wrapper2 = NULL;
	char *cause = NULL;
	struct docker_result r;
	struct endpoint ep;
	struct docker *d;

	assert_non_null(mkdtemp(tmpl));
	sx.own_dir = xstrdup(tmpl);
	assert_true(sx_start_sshd(sx.own_dir, false, &addr, &wrapper));
	d = sx_client(addr, wrapper, &ep, &cause);
	if (d == NULL)
		fail_msg("client: %s", cause);
	docker_sync_ping(d, &r);
	if (r.status != DOCKER_OK)
		fail_msg("ping %s: %s", addr, r.message);
	docker_result_done(&r);

	assert_int_equal(sx_stop_sshd(sx.own_dir, false), 0);
	docker_sync_call(d, docker_container_list(d, docker_sync_fill, &r), &r);
	if (r.status == DOCKER_OK)
		fail_msg("a list went through with sshd stopped");
	assert_non_null(r.message);
	fprintf(stderr, "sshd stopped: %s\n", r.message);
	assert_true(strlen(r.message) > 0);
	docker_result_done(&r);

	assert_true(sx_start_sshd(sx.own_dir, false, &addr2, &wrapper2));
	assert_string_equal(addr2, addr);
	docker_sync_call(d, docker_container_list(d, docker_sync_fill, &r), &r);
	if (r.status != DOCKER_OK)
		fail_msg("list after the restart: %s", r.message);
	docker_result_done(&r);
	docker_sync_ping(d, &r);
	assert_int_equal(r.status, DOCKER_OK);
	docker_result_done(&r);

	docker_free(d);
	endpoint_done(&ep);
	setenv("BERTH_SSH", sx.wrapper, 1);
	assert_int_equal(sx_stop_sshd(sx.own_dir, false), 0);
	it_run("rm -rf '%s'", sx.own_dir);
	free(sx.own_dir);
	sx.own_dir = NULL;
	free(addr);
	free(wrapper);
	free(addr2);
	free(wrapper2);
}

/* The pids of our children that are not zombies, as text ("" for none). */
static char *
sx_live_children(void)
{
	DIR *proc = opendir("/proc");
	struct dirent *e;
	struct buf b;

	buf_init(&b);
	while (proc && (e = readdir(proc)) != NULL) {
		char *path, line[512], *rp, state;
		long ppid;
		FILE *f;

		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		path = xasprintf("/proc/%s/stat", e->d_name);
		f = fopen(path, "r");
		free(path);
		if (f == NULL)
			continue;
		if (fgets(line, sizeof line, f) && (rp = strrchr(line, ')')) &&
		    sscanf(rp + 1, " %c %ld", &state, &ppid) == 2 &&
		    ppid == (long)getpid() && state != 'Z') {
			buf_append(&b, line, strlen(line));
		}
		fclose(f);
	}
	if (proc)
		closedir(proc);
	return buf_steal(&b);
}

/* A client that is freed leaves no ssh process behind. */
static void
test_free_leaves_no_ssh(void **state)
{
	struct docker_result r;
	struct endpoint ep;
	struct docker *d;
	char *cause = NULL, *left = NULL;
	double deadline;

	d = sx_client(sx.addr, sx.wrapper, &ep, &cause);
	if (d == NULL)
		fail_msg("client: %s", cause);
	docker_sync_ping(d, &r);
	assert_int_equal(r.status, DOCKER_OK);
	docker_result_done(&r);
	docker_sync_call(d, docker_container_list(d, docker_sync_fill, &r), &r);
	assert_int_equal(r.status, DOCKER_OK);
	docker_result_done(&r);
	/* The group's client goes too: nothing of ours may stay. */
	docker_free(d);
	endpoint_done(&ep);
	docker_free(sx.d);
	sx.d = NULL;
	endpoint_done(&sx.ep);
	deadline = it_now() + 3;
	do {
		free(left);
		left = sx_live_children();
		if (*left == '\0')
			break;
		poll(NULL, 0, 50);
	} while (it_now() < deadline);
	if (*left != '\0')
		fail_msg("processes left after docker_free: %s", left);
	free(left);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_endpoint_is_ssh),
	    cmocka_unit_test(test_list_and_inspect),
	    cmocka_unit_test(test_logs_follow),
	    cmocka_unit_test(test_events),
	    cmocka_unit_test(test_exec_exit_code),
	    cmocka_unit_test(test_attach_detach),
	    cmocka_unit_test(test_unknown_host_key),
	    cmocka_unit_test(test_changed_host_key),
	    cmocka_unit_test(test_wrong_user_key),
	    cmocka_unit_test(test_ssh_not_installed),
	    cmocka_unit_test(test_docker_not_installed_there),
	    cmocka_unit_test(test_sshd_stop_and_back),
	    cmocka_unit_test(test_free_leaves_no_ssh),
	};

	return cmocka_run_group_tests_name(
	    "berth over ssh", tests, group_setup, group_teardown);
}
