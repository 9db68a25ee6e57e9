/*
 * The doctor's rules on fixtures captured from the test engine: restart
 * loops, OOM kills, unhealthy checks, failures, ports, versions, clocks,
 * disk; the port probes against listening and closed loopback ports.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "api/decode.h"
#include "api/model.h"
#include "api/rfc3339.h"
#include "api/xalloc.h"
#include "tui/core/doctor.h"
#include "tests/support/fixture.h"

static struct docker_container_detail *
inspect(const char *name)
{
	size_t len;
	char *text = fixture_read(name, &len), *cause = NULL;
	struct docker_container_detail *c;

	c = decode_container_detail(text, len, &cause);
	free(text);
	assert_null(cause);
	assert_non_null(c);
	return c;
}

/* The events of a JSON-lines fixture. */
struct evs {
	struct docker_event **v;
	size_t n;
};

static void
evs_load(struct evs *e, const char *name)
{
	size_t len;
	char *text = fixture_read(name, &len), *line, *save = NULL;

	e->v = NULL;
	e->n = 0;
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *cause = NULL;
		struct docker_event *ev =
		    decode_event(line, strlen(line), &cause);

		assert_non_null(ev);
		e->v = xreallocarray(e->v, e->n + 1, sizeof *e->v);
		e->v[e->n++] = ev;
	}
	free(text);
}

static void
evs_free(struct evs *e)
{
	for (size_t i = 0; i < e->n; i++)
		docker_event_free(e->v[i]);
	free(e->v);
}

/* The findings of one run, and lookups in them. */
struct run {
	struct doctor_finding *f;
	size_t n;
};

static void
run(struct run *r, const struct doctor_input *in)
{
	doctor_run(in, &r->f, &r->n);
}

static void
run_free(struct run *r)
{
	doctor_findings_free(r->f, r->n);
	r->f = NULL;
	r->n = 0;
}

static const struct doctor_finding *
find(const struct run *r, enum doctor_rule rule)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->f[i].rule == rule)
			return &r->f[i];
	return NULL;
}

static size_t
count_at_least(const struct run *r, enum doctor_severity s)
{
	size_t n = 0;

	for (size_t i = 0; i < r->n; i++)
		if (r->f[i].severity >= s)
			n++;
	return n;
}

static void
input_one(
    struct doctor_input *in, struct docker_container_detail **c, int64_t now)
{
	memset(in, 0, sizeof *in);
	in->containers = c;
	in->n_containers = 1;
	in->now = now;
}

static void
test_restart_loop_from_inspect(void **state)
{
	struct docker_container_detail *c =
	    inspect("container_inspect_restarting.v1.41.json");
	struct doctor_input in;
	struct run r;
	const struct doctor_finding *f;

	(void)state;
	assert_true(c->restarting);
	input_one(&in, &c, rfc3339_parse(c->finished_at) + 1);
	run(&r, &in);
	f = find(&r, DOCTOR_RESTART_LOOP);
	assert_non_null(f);
	assert_int_equal(f->severity, DOCTOR_CRIT);
	assert_string_equal(f->objects, "berth-fx-loop");
	assert_string_equal(f->object_id, c->id);
	assert_int_equal(f->kind, KIND_CONTAINER);
	assert_non_null(strstr(f->title, "restarted 7 times (restarting now)"));
	assert_non_null(strstr(f->hint, "l logs"));
	assert_non_null(strstr(f->detail, "last exit code 1"));
	assert_non_null(strstr(f->detail, "always"));
	/* A loop is not also reported as a plain failure. */
	assert_null(find(&r, DOCTOR_EXITED));
	run_free(&r);

	/* Restarted a lot long ago and steady since: a note only. */
	c->restarting = false;
	in.now += 7200;
	run(&r, &in);
	assert_null(find(&r, DOCTOR_RESTART_LOOP));
	f = find(&r, DOCTOR_RESTARTS);
	assert_non_null(f);
	assert_int_equal(f->severity, DOCTOR_INFO);
	run_free(&r);
	docker_container_detail_free(c);
}

static void
test_restart_loop_from_events(void **state)
{
	struct docker_container_detail *c =
	    inspect("container_inspect_restarting.v1.41.json");
	struct doctor_input in;
	struct evs e;
	struct run r;
	const struct doctor_finding *f;
	int64_t last = 0;

	(void)state;
	evs_load(&e, "events_doctor.v1.41.jsonl");
	for (size_t i = 0; i < e.n; i++)
		if (e.v[i]->time > last)
			last = e.v[i]->time;
	/* The counters say nothing; the die events do. */
	c->restarting = false;
	c->restart_count = 0;
	input_one(&in, &c, last + 60);
	in.events = (const struct docker_event *const *)e.v;
	in.n_events = e.n;
	run(&r, &in);
	f = find(&r, DOCTOR_RESTART_LOOP);
	assert_non_null(f);
	assert_int_equal(f->severity, DOCTOR_CRIT);
	assert_non_null(strstr(f->title, "died 7 times in 15 minutes"));
	run_free(&r);
	/* Old deaths are not a loop. */
	in.now = last + 3600;
	run(&r, &in);
	assert_null(find(&r, DOCTOR_RESTART_LOOP));
	run_free(&r);
	evs_free(&e);
	docker_container_detail_free(c);
}

static void
test_oom(void **state)
{
	struct docker_container_detail *c =
	    inspect("container_inspect_oom.v1.41.json");
	struct docker_container_detail *x =
	    inspect("container_inspect_exited.v1.41.json");
	struct docker_event ev = {0};
	const struct docker_event *evp = &ev;
	struct doctor_input in;
	struct run r;
	const struct doctor_finding *f;
	char type[] = "container", action[] = "oom", kill[] = "kill";

	(void)state;
	input_one(&in, &c, rfc3339_parse(c->finished_at) + 120);
	run(&r, &in);
	f = find(&r, DOCTOR_OOM);
	assert_non_null(f);
	assert_int_equal(f->severity, DOCTOR_CRIT);
	assert_string_equal(f->objects, "berth-fx-oom");
	assert_non_null(strstr(f->title, "OOM-killed (memory limit 8MiB)"));
	assert_non_null(strstr(f->detail, "exit code 137, 2 minutes ago"));
	assert_non_null(strstr(f->hint, "x stats"));
	/* The 137 is the OOM kill, not another finding. */
	assert_null(find(&r, DOCTOR_EXITED));
	assert_int_equal(r.n, 1);
	run_free(&r);

	/* An oom event alone is enough (the flag resets on restart). */
	ev.type = type;
	ev.action = action;
	ev.actor_id = x->id;
	ev.time = rfc3339_parse(x->finished_at);
	input_one(&in, &x, ev.time + 10);
	in.events = &evp;
	in.n_events = 1;
	run(&r, &in);
	assert_non_null(find(&r, DOCTOR_OOM));
	run_free(&r);
	/* Another container's event is not. */
	ev.actor_id = c->id;
	run(&r, &in);
	assert_null(find(&r, DOCTOR_OOM));
	assert_non_null(find(&r, DOCTOR_EXITED));
	run_free(&r);
	/*
	 * Killed for memory before the engine looked: no flag, no event,
	 * but an unasked SIGKILL under a memory limit.
	 */
	c->oom_killed = false;
	input_one(&in, &c, rfc3339_parse(c->finished_at) + 120);
	run(&r, &in);
	assert_null(find(&r, DOCTOR_OOM));
	f = find(&r, DOCTOR_EXITED);
	assert_non_null(f);
	assert_non_null(strstr(f->title, "code 137 (SIGKILL)"));
	assert_string_equal(f->detail,
	    "SIGKILL that nobody asked for, with "
	    "a memory limit of 8MiB: likely killed for memory");
	run_free(&r);
	/* docker kill was asked for: no guessing. */
	ev.action = kill;
	ev.actor_id = c->id;
	ev.time = in.now - 121;
	in.events = &evp;
	in.n_events = 1;
	run(&r, &in);
	f = find(&r, DOCTOR_EXITED);
	assert_non_null(f);
	assert_null(f->detail);
	run_free(&r);
	docker_container_detail_free(c);
	docker_container_detail_free(x);
}

static void
test_unhealthy(void **state)
{
	struct docker_container_detail *c =
	    inspect("container_inspect_unhealthy.v1.41.json");
	struct doctor_input in;
	struct run r;
	const struct doctor_finding *f;

	(void)state;
	input_one(&in, &c, rfc3339_parse(c->started_at) + 60);
	run(&r, &in);
	f = find(&r, DOCTOR_UNHEALTHY);
	assert_non_null(f);
	assert_int_equal(f->severity, DOCTOR_CRIT);
	assert_string_equal(f->objects, "berth-fx-sick");
	assert_non_null(strstr(f->title, "22 health checks failed"));
	assert_string_equal(f->detail, "last probe: exit code 1, no output");
	run_free(&r);

	/* The last probe's output, first line only, is shown. */
	free(c->health_log[c->n_health_log - 1].output);
	c->health_log[c->n_health_log - 1].output =
	    xstrdup("  curl: (7) Failed to connect\nsecond line\n");
	run(&r, &in);
	f = find(&r, DOCTOR_UNHEALTHY);
	assert_string_equal(
	    f->detail, "last probe: exit code 1: curl: (7) Failed to connect");
	run_free(&r);
	docker_container_detail_free(c);
}

static void
test_exited_non_zero_recently(void **state)
{
	struct docker_container_detail *c =
	    inspect("container_inspect_exited.v1.41.json");
	struct doctor_input in;
	struct run r;
	const struct doctor_finding *f;
	int64_t fin = rfc3339_parse(c->finished_at);

	(void)state;
	input_one(&in, &c, fin + 600);
	run(&r, &in);
	f = find(&r, DOCTOR_EXITED);
	assert_non_null(f);
	assert_int_equal(f->severity, DOCTOR_WARN);
	assert_string_equal(f->title, "exited with code 3 10 minutes ago");
	assert_string_equal(f->objects, "berth-fx-exited");
	run_free(&r);
	/* More than an hour ago: old news. */
	in.now = fin + 3601;
	run(&r, &in);
	assert_int_equal(r.n, 0);
	run_free(&r);
	/* Exit 0 is no failure. */
	in.now = fin + 600;
	c->exit_code = 0;
	run(&r, &in);
	assert_int_equal(r.n, 0);
	run_free(&r);
	/* A kill is named. */
	c->exit_code = 143;
	run(&r, &in);
	assert_non_null(
	    strstr(find(&r, DOCTOR_EXITED)->title, "code 143 (SIGTERM)"));
	run_free(&r);
	docker_container_detail_free(c);
}

static void
test_long_running_without_policy(void **state)
{
	struct docker_container_detail *c =
	    inspect("container_inspect_tty.v1.41.json");
	struct docker_container_detail *w =
	    inspect("container_inspect.v1.41.json");
	struct doctor_input in;
	struct run r;
	const struct doctor_finding *f;
	int64_t st = rfc3339_parse(c->started_at);

	(void)state;
	assert_string_equal(c->restart_policy, "no");
	input_one(&in, &c, st + 2 * 86400 + 5);
	run(&r, &in);
	f = find(&r, DOCTOR_NO_RESTART_POLICY);
	assert_non_null(f);
	assert_int_equal(f->severity, DOCTOR_INFO);
	assert_string_equal(f->title, "up 2 days with no restart policy");
	run_free(&r);
	/* Up for an hour: not yet. */
	in.now = st + 3600;
	run(&r, &in);
	assert_int_equal(r.n, 0);
	run_free(&r);
	/* --rm containers cannot have a policy. */
	in.now = st + 2 * 86400;
	c->auto_remove = true;
	run(&r, &in);
	assert_int_equal(r.n, 0);
	run_free(&r);
	/* unless-stopped is a policy. */
	input_one(&in, &w, rfc3339_parse(w->started_at) + 5 * 86400);
	run(&r, &in);
	assert_int_equal(r.n, 0);
	run_free(&r);
	docker_container_detail_free(c);
	docker_container_detail_free(w);
}

static void
test_probe_plan(void **state)
{
	struct docker_container_detail *c =
	    inspect("container_inspect_port.v1.41.json");
	struct docker_container_detail *cs[2] = {c, NULL};
	struct doctor_probe *p;
	size_t n;

	(void)state;
	/* A remote engine's containers are not ours to knock on. */
	p = doctor_probe_plan(cs, 1, false, &n);
	assert_null(p);
	assert_int_equal(n, 0);
	/* Local: the container's address and its own port. */
	p = doctor_probe_plan(cs, 1, true, &n);
	assert_int_equal(n, 1);
	assert_string_equal(p[0].container_id, c->id);
	assert_string_equal(p[0].addr, "10.213.7.6");
	assert_int_equal(p[0].port, 81);
	assert_string_equal(p[0].published, "127.0.0.1:32787->81/tcp");
	assert_int_equal(p[0].state, DOCTOR_PROBE_PENDING);
	assert_int_equal(p[0].fd, -1);
	doctor_probes_free(p, n);
	/* No address (another network mode): the loopback publication. */
	for (size_t i = 0; i < c->n_nets; i++) {
		free(c->nets[i].ip);
		c->nets[i].ip = NULL;
	}
	p = doctor_probe_plan(cs, 1, true, &n);
	assert_int_equal(n, 1);
	assert_string_equal(p[0].addr, "127.0.0.1");
	assert_int_equal(p[0].port, 32787);
	doctor_probes_free(p, n);
	/* Not running: nothing to probe. */
	c->running = false;
	p = doctor_probe_plan(cs, 1, true, &n);
	assert_int_equal(n, 0);
	doctor_probes_free(p, n);
	docker_container_detail_free(c);
}

static void
test_port_findings(void **state)
{
	struct docker_container_detail *c =
	    inspect("container_inspect_port.v1.41.json");
	struct doctor_probe *p;
	struct doctor_input in;
	struct run r;
	const struct doctor_finding *f;
	size_t n;

	(void)state;
	p = doctor_probe_plan(&c, 1, true, &n);
	assert_int_equal(n, 1);
	input_one(&in, &c, rfc3339_parse(c->started_at) + 60);
	in.probes = p;
	in.n_probes = n;
	p[0].state = DOCTOR_PROBE_REFUSED;
	p[0].err = 111;
	run(&r, &in);
	f = find(&r, DOCTOR_PORT);
	assert_non_null(f);
	assert_int_equal(f->severity, DOCTOR_WARN);
	assert_string_equal(
	    f->title, "port 127.0.0.1:32787->81/tcp: nothing answers");
	assert_string_equal(
	    f->detail, "connection refused on 10.213.7.6 port 81");
	assert_string_equal(f->objects, "berth-fx-noport");
	run_free(&r);
	p[0].state = DOCTOR_PROBE_TIMEOUT;
	run(&r, &in);
	assert_non_null(strstr(find(&r, DOCTOR_PORT)->detail, "timed out"));
	run_free(&r);
	p[0].state = DOCTOR_PROBE_OPEN;
	run(&r, &in);
	assert_int_equal(r.n, 0);
	run_free(&r);
	doctor_probes_free(p, n);
	docker_container_detail_free(c);
}

static double
now_d(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
test_probe_loopback(void **state)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof sa;
	struct doctor_probe p[2];
	int lfd;
	double t0;
	char lo[] = "127.0.0.1", bad[] = "not-an-address";

	(void)state;
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(lfd >= 0);
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(lfd, (struct sockaddr *)&sa, sizeof sa), 0);
	assert_int_equal(listen(lfd, 4), 0);
	assert_int_equal(getsockname(lfd, (struct sockaddr *)&sa, &len), 0);
	memset(p, 0, sizeof p);
	for (int i = 0; i < 2; i++) {
		p[i].addr = lo;
		p[i].fd = -1;
		p[i].state = DOCTOR_PROBE_PENDING;
	}
	p[0].port = ntohs(sa.sin_port);
	/* A bad address is an error at once, not a wait. */
	p[1].addr = bad;
	p[1].port = 80;
	t0 = now_d();
	doctor_probe_start(p, 2, t0, 2.0);
	while (!doctor_probe_poll(p, 2, now_d()))
		assert_true(now_d() - t0 < 3.0);
	assert_int_equal(p[0].state, DOCTOR_PROBE_OPEN);
	assert_int_equal(p[1].state, DOCTOR_PROBE_ERROR);
	assert_int_equal(p[0].fd, -1);
	/* Closed: refused, well before the timeout. */
	close(lfd);
	p[0].state = DOCTOR_PROBE_PENDING;
	t0 = now_d();
	doctor_probe_start(p, 1, t0, 2.0);
	while (!doctor_probe_poll(p, 1, now_d()))
		assert_true(now_d() - t0 < 3.0);
	assert_int_equal(p[0].state, DOCTOR_PROBE_REFUSED);
	assert_true(now_d() - t0 < 1.0);
}

static struct docker_info *
info_fixture(void)
{
	size_t len;
	char *text = fixture_read("info.v1.41.json", &len), *cause = NULL;
	struct docker_info *i = decode_info(text, len, &cause);

	free(text);
	assert_non_null(i);
	return i;
}

static struct docker_version *
version_fixture(void)
{
	size_t len;
	char *text = fixture_read("version.v1.41.json", &len), *cause = NULL;
	struct docker_version *v = decode_version(text, len, &cause);

	free(text);
	assert_non_null(v);
	return v;
}

static void
test_engine_rules(void **state)
{
	struct docker_info *info = info_fixture();
	struct docker_version *v = version_fixture();
	struct doctor_input in;
	struct run r;
	const struct doctor_finding *f;
	int64_t t = rfc3339_parse(info->system_time);

	(void)state;
	memset(&in, 0, sizeof in);
	in.info = info;
	in.version = v;
	in.client_api = "1.41";
	in.engine_wide = true;
	in.info_time = t + 2;
	in.now = t + 100;
	/* The captured engine is fine. */
	run(&r, &in);
	assert_int_equal(r.n, 0);
	run_free(&r);

	/* Clocks: 12 s is a warning, 10 minutes is critical. */
	in.info_time = t + 12;
	run(&r, &in);
	f = find(&r, DOCTOR_CLOCK);
	assert_non_null(f);
	assert_int_equal(f->severity, DOCTOR_WARN);
	assert_string_equal(
	    f->title, "engine clock is 12 seconds behind this machine's");
	assert_string_equal(f->objects, "engine");
	run_free(&r);
	in.info_time = t - 600;
	run(&r, &in);
	f = find(&r, DOCTOR_CLOCK);
	assert_int_equal(f->severity, DOCTOR_CRIT);
	assert_non_null(strstr(f->title, "600 seconds ahead"));
	run_free(&r);
	in.info_time = t;

	/* Warnings, without their "WARNING: " prefix. */
	strv_free(info->warnings);
	info->warnings = xcalloc(3, sizeof *info->warnings);
	info->warnings[0] = xstrdup("WARNING: No swap limit support");
	info->warnings[1] = xstrdup("WARNING: bridge-nf-call-iptables is "
				    "disabled");
	run(&r, &in);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.f[0].rule, DOCTOR_ENGINE_WARNING);
	assert_int_equal(r.f[0].severity, DOCTOR_WARN);
	assert_string_equal(
	    r.f[0].title, "engine warning: No swap limit support");
	run_free(&r);

	/* Objects only (a label filter): no engine-wide findings. */
	in.engine_wide = false;
	run(&r, &in);
	assert_int_equal(r.n, 0);
	run_free(&r);
	in.engine_wide = true;
	strv_free(info->warnings);
	info->warnings = NULL;

	/* API versions. */
	free(v->api_version);
	v->api_version = xstrdup("1.40");
	run(&r, &in);
	f = find(&r, DOCTOR_API);
	assert_non_null(f);
	assert_int_equal(f->severity, DOCTOR_CRIT);
	assert_non_null(strstr(f->title, "1.40 is older than 1.41"));
	run_free(&r);
	free(v->api_version);
	v->api_version = xstrdup("1.99");
	free(v->min_api_version);
	v->min_api_version = xstrdup("1.50");
	run(&r, &in);
	f = find(&r, DOCTOR_API);
	assert_int_equal(f->severity, DOCTOR_CRIT);
	assert_non_null(strstr(f->title, "needs API 1.50 or newer"));
	run_free(&r);
	free(v->min_api_version);
	v->min_api_version = xstrdup("1.24");
	run(&r, &in);
	f = find(&r, DOCTOR_API);
	assert_int_equal(f->severity, DOCTOR_INFO);
	assert_string_equal(f->title, "engine speaks API 1.99; berth uses "
				      "1.41");
	run_free(&r);
	free(v->api_version);
	v->api_version = xstrdup("1.41");
	in.client_api = "1.43";
	run(&r, &in);
	f = find(&r, DOCTOR_API);
	assert_int_equal(f->severity, DOCTOR_WARN);
	run_free(&r);
	docker_info_free(info);
	docker_version_free(v);
}

static void
test_disk(void **state)
{
	size_t len;
	char *text = fixture_read("system_df.v1.41.json", &len), *cause = NULL;
	struct docker_df *df = decode_df(text, len, &cause);
	struct doctor_input in;
	struct run r;
	const struct doctor_finding *f;

	(void)state;
	free(text);
	assert_non_null(df);
	memset(&in, 0, sizeof in);
	in.df = df;
	in.engine_wide = true;
	in.now = 1795348800;
	/* Every image and volume is in use, nothing stopped has a layer. */
	run(&r, &in);
	assert_int_equal(r.n, 0);
	run_free(&r);

	/* An unused untagged image and an unused volume. */
	strv_free(df->images[2].repo_tags);
	df->images[2].repo_tags = xcalloc(1, sizeof(char *));
	df->images[2].containers = 0;
	df->images[2].shared_size = 0;
	df->images[2].size = 2500000;
	df->volumes[0].ref_count = 0;
	df->volumes[0].size = 1000;
	run(&r, &in);
	f = find(&r, DOCTOR_DISK);
	assert_non_null(f);
	assert_int_equal(f->severity, DOCTOR_INFO);
	assert_string_equal(f->title,
	    "reclaimable disk: 2.50MB (unused "
	    "images 2.50MB, stopped containers 0B, unused volumes 1.00kB, "
	    "build cache 0B)");
	assert_non_null(strstr(f->hint, "P prune"));
	f = find(&r, DOCTOR_DANGLING);
	assert_non_null(f);
	assert_string_equal(f->title, "1 dangling image (2.50MB)");
	assert_int_equal(f->kind, KIND_IMAGE);
	assert_string_equal(f->object_id, df->images[2].id);
	f = find(&r, DOCTOR_UNUSED_VOLUMES);
	assert_non_null(f);
	assert_string_equal(f->title, "1 unused volume (1.00kB)");
	assert_string_equal(f->objects, "berth-fx-vol");
	assert_int_equal(f->kind, KIND_VOLUME);
	run_free(&r);

	/* Below a megabyte is not worth a line; the dangling image still is. */
	df->images[2].size = 2000;
	df->volumes[0].size = 0;
	run(&r, &in);
	assert_null(find(&r, DOCTOR_DISK));
	assert_non_null(find(&r, DOCTOR_DANGLING));
	run_free(&r);
	/* Ten gigabytes are worth a warning. */
	df->volumes[0].size = 20LL * 1000 * 1000 * 1000;
	run(&r, &in);
	assert_int_equal(find(&r, DOCTOR_DISK)->severity, DOCTOR_WARN);
	run_free(&r);
	docker_df_free(df);
}

static void
test_ranked_and_reported(void **state)
{
	struct docker_container_detail *cs[5];
	struct doctor_input in;
	struct run r;
	char *rep;
	size_t counts[3];

	(void)state;
	cs[0] = inspect("container_inspect_tty.v1.41.json");
	cs[1] = inspect("container_inspect_exited.v1.41.json");
	cs[2] = inspect("container_inspect_unhealthy.v1.41.json");
	cs[3] = inspect("container_inspect_oom.v1.41.json");
	cs[4] = inspect("container_inspect.v1.41.json");
	memset(&in, 0, sizeof in);
	in.containers = cs;
	in.n_containers = 5;
	/* Late enough for the tty's day, early enough for the exit. */
	in.now = rfc3339_parse(cs[1]->finished_at) + 1800;
	free(cs[0]->started_at);
	cs[0]->started_at = xstrdup("2026-11-20T07:56:02Z");
	run(&r, &in);
	doctor_count(r.f, r.n, counts);
	assert_int_equal(counts[DOCTOR_CRIT], 2);
	assert_int_equal(counts[DOCTOR_WARN], 1);
	assert_int_equal(counts[DOCTOR_INFO], 1);
	for (size_t i = 1; i < r.n; i++)
		assert_true(r.f[i - 1].severity >= r.f[i].severity);
	assert_int_equal(r.f[0].rule, DOCTOR_OOM);
	assert_int_equal(r.f[1].rule, DOCTOR_UNHEALTHY);
	assert_int_equal(r.f[2].rule, DOCTOR_EXITED);
	assert_int_equal(r.f[3].rule, DOCTOR_NO_RESTART_POLICY);
	rep = doctor_report(r.f, r.n);
	assert_non_null(strstr(rep, "4 findings: 2 CRIT, 1 WARN, 1 INFO\n"));
	assert_non_null(strstr(rep, "\nCRIT  OOM-killed"));
	assert_non_null(strstr(rep, "      objects: berth-fx-sick\n"));
	assert_non_null(strstr(rep, "      rule:    exited-non-zero\n"));
	free(rep);
	/* The healthy web container alone has nothing to say. */
	run_free(&r);
	in.containers = &cs[4];
	in.n_containers = 1;
	run(&r, &in);
	assert_int_equal(count_at_least(&r, DOCTOR_INFO), 0);
	run_free(&r);
	for (int i = 0; i < 5; i++)
		docker_container_detail_free(cs[i]);
}

static void
test_events_merge(void **state)
{
	struct evs e;
	const struct docker_event **m;
	const struct docker_event *one[2];
	size_t n;

	(void)state;
	evs_load(&e, "events_doctor.v1.41.jsonl");
	assert_true(e.n > 3);
	/* b's events that a has are not taken twice. */
	one[0] = e.v[1];
	one[1] = e.v[0];
	m = doctor_events_merge(
	    (const struct docker_event *const *)e.v, e.n, one, 2, &n);
	assert_int_equal(n, e.n);
	for (size_t i = 0; i < n; i++)
		assert_ptr_equal(m[i], e.v[i]);
	free(m);
	/* A copy of an event is the same event. */
	m = doctor_events_merge(
	    one, 1, (const struct docker_event *const *)e.v, 3, &n);
	assert_int_equal(n, 3);
	assert_ptr_equal(m[0], e.v[1]);
	assert_ptr_equal(m[1], e.v[0]);
	assert_ptr_equal(m[2], e.v[2]);
	free(m);
	m = doctor_events_merge(NULL, 0, NULL, 0, &n);
	assert_int_equal(n, 0);
	free(m);
	evs_free(&e);
}

static void
test_names(void **state)
{
	(void)state;
	assert_string_equal(doctor_severity_name(DOCTOR_CRIT), "CRIT");
	assert_string_equal(doctor_severity_name(DOCTOR_WARN), "WARN");
	assert_string_equal(doctor_severity_name(DOCTOR_INFO), "INFO");
	for (int i = 0; i < DOCTOR_RULE__COUNT; i++)
		assert_string_not_equal(
		    doctor_rule_name((enum doctor_rule)i), "?");
	doctor_findings_free(NULL, 0);
}

/* i on an engine finding opens the engine's JSON; Enter shows its pane. */
static void
test_finding_detail(void **state)
{
	char c1[] = "c1";
	struct doctor_finding eng = {.kind = KIND_ENGINE};
	struct doctor_finding ctr = {.kind = KIND_CONTAINER, .object_id = c1};
	struct doctor_finding many = {.kind = KIND_IMAGE};
	const char *id;
	enum tab tab;

	(void)state;
	assert_int_equal(doctor_finding_detail(&eng, ACTION_INSPECT, &id, &tab),
	    KIND_ENGINE);
	assert_string_equal(id, "engine");
	assert_int_equal(tab, TAB_INSPECT);
	assert_int_equal(
	    doctor_finding_detail(&eng, ACTION_LOGS, &id, &tab), KIND_NONE);
	assert_int_equal(
	    doctor_finding_detail(&eng, ACTION_ENTER, &id, &tab), KIND_NONE);
	assert_int_equal(doctor_finding_detail(&ctr, ACTION_LOGS, &id, &tab),
	    KIND_CONTAINER);
	assert_string_equal(id, "c1");
	assert_int_equal(tab, TAB_LOGS);
	assert_int_equal(
	    doctor_finding_detail(&ctr, ACTION_ENTER, &id, &tab), KIND_NONE);
	assert_int_equal(
	    doctor_finding_detail(&many, ACTION_INSPECT, &id, &tab), KIND_NONE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_restart_loop_from_inspect),
	    cmocka_unit_test(test_restart_loop_from_events),
	    cmocka_unit_test(test_oom),
	    cmocka_unit_test(test_unhealthy),
	    cmocka_unit_test(test_exited_non_zero_recently),
	    cmocka_unit_test(test_long_running_without_policy),
	    cmocka_unit_test(test_probe_plan),
	    cmocka_unit_test(test_port_findings),
	    cmocka_unit_test(test_probe_loopback),
	    cmocka_unit_test(test_engine_rules),
	    cmocka_unit_test(test_disk),
	    cmocka_unit_test(test_ranked_and_reported),
	    cmocka_unit_test(test_events_merge),
	    cmocka_unit_test(test_names),
	    cmocka_unit_test(test_finding_detail),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
