/*
 * The doctor against the real engine: planted problems (a restart loop, an
 * OOM kill, a failing health check, a non-zero exit, a published port with
 * nothing behind it) are each found; healthy objects give nothing to warn
 * about; the doctor pane of a headless app lists what it found.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "api/buf.h"
#include "api/docker.h"
#include "api/endpoint.h"
#include "api/http.h"
#include "api/xalloc.h"
#include "tests/support/it.h"
#include "tests/support/screen.h"
#include "tui/core/app.h"
#include "tui/parts.h"
#include "tui/core/config.h"
#include "tui/core/doctor.h"
#include "tui/panes/panes.h"

static char tag[16];
static char bad_label[64], ok_label[64];
static char loop_name[64], oom_name[64], sick_name[64], exit_name[64];
static char port_name[64], web_name[64], app_name[64];

/* Waits until `docker inspect -f fmt name` prints want (up to secs). */
static bool
wait_inspect(const char *name, const char *fmt, const char *want, double secs)
{
	double end = it_now() + secs;

	while (it_now() < end) {
		char *out = it_capture(
		    "docker inspect -f '%s' %s 2>/dev/null", fmt, name);
		bool ok = out && strcmp(out, want) == 0;

		if (ok) {
			free(out);
			return true;
		}
		if (it_now() >= end)
			fprintf(stderr, "%s: %s is %s, not %s\n", name, fmt,
			    out ? out : "?", want);
		free(out);
		usleep(200 * 1000);
	}
	return false;
}

static int
setup(void **state)
{
	(void)state;
	snprintf(tag, sizeof tag, "%06x",
	    (unsigned)(getpid() * 2654435761u) & 0xffffff);
	snprintf(bad_label, sizeof bad_label, "org.berth.it.doctor=%s", tag);
	snprintf(ok_label, sizeof ok_label, "org.berth.it.doctor.ok=%s", tag);
#define NAME(v, what) snprintf(v, sizeof v, "berth-it-doc-%s-%s", tag, what)
	NAME(loop_name, "loop");
	NAME(oom_name, "oom");
	NAME(sick_name, "sick");
	NAME(exit_name, "exit");
	NAME(port_name, "port");
	NAME(web_name, "web");
	NAME(app_name, "app");
#undef NAME
	if (it_run("docker run -d -q --name %s --label %s --restart always "
		   "berth-test/base sh -c 'echo going down; exit 1' >/dev/null",
		loop_name, bad_label) != 0 ||
	    /* The sleep lets the engine watch for OOM before it happens. */
	    it_run(
		"docker run -d -q --name %s --label %s --memory 8m "
		"--memory-swap 8m berth-test/base sh -c 'sleep 1; x=a; while "
		"true; do x=$x$x; done' >/dev/null",
		oom_name, bad_label) != 0 ||
	    it_run(
		"docker run -d -q --name %s --label %s --health-cmd false "
		"--health-interval 1s --health-retries 1 berth-test/base sleep "
		"100000 >/dev/null",
		sick_name, bad_label) != 0 ||
	    it_run(
		"docker run -d -q --name %s --label %s berth-test/base sh -c "
		"'exit 2' >/dev/null",
		exit_name, bad_label) != 0 ||
	    it_run("docker run -d -q --name %s --label %s -p 127.0.0.1::81 "
		   "berth-test/base sleep 100000 >/dev/null",
		port_name, bad_label) != 0 ||
	    it_run("docker run -d -q --name %s --label %s --restart "
		   "unless-stopped -p 127.0.0.1::80 --health-cmd true "
		   "--health-interval 1s berth-test/web >/dev/null",
		web_name, ok_label) != 0 ||
	    it_run("docker run -d -q --name %s --label %s --restart "
		   "unless-stopped berth-test/app >/dev/null",
		app_name, ok_label) != 0)
		return -1;
	ts_init(30, 140);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	it_run("docker ps -aq --filter label=%s | xargs -r docker rm -f "
	       ">/dev/null 2>&1",
	    bad_label);
	it_run("docker ps -aq --filter label=%s | xargs -r docker rm -f "
	       ">/dev/null 2>&1",
	    ok_label);
	ts_done();
	return 0;
}

static const struct doctor_finding *
finding(const struct doctor_finding *f, size_t n, enum doctor_rule rule,
    const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (f[i].rule == rule && strcmp(f[i].objects, name) == 0)
			return &f[i];
	return NULL;
}

static void
dump(const struct doctor_finding *f, size_t n)
{
	char *rep = doctor_report(f, n);

	fprintf(stderr, "%s", rep);
	free(rep);
}

static void
test_planted_problems_are_found(void **state)
{
	struct docker *d = it_engine();
	struct doctor_gather_opts o = {bad_label, true, 1.0};
	struct doctor_finding *f = NULL;
	const struct doctor_finding *x;
	char *cause = NULL;
	size_t n = 0;
	int restarts = 0;
	double end = it_now() + 30;

	(void)state;
	/* Let the problems happen. */
	while (it_now() < end && restarts < 3) {
		char *out = it_capture(
		    "docker inspect -f '{{.RestartCount}}' %s", loop_name);

		restarts = out ? atoi(out) : 0;
		free(out);
		if (restarts < 3)
			usleep(200 * 1000);
	}
	assert_true(restarts >= 3);
	/*
	 * The engine's OOMKilled flag races with the exit (the exit may
	 * clear it): the oom event, which the doctor reads too, does not.
	 */
	assert_true(wait_inspect(oom_name, "{{.State.ExitCode}}", "137", 30));
	assert_true(wait_inspect(
	    sick_name, "{{.State.Health.Status}}", "unhealthy", 30));
	assert_true(wait_inspect(exit_name, "{{.State.Status}}", "exited", 30));
	assert_true(
	    wait_inspect(port_name, "{{.State.Status}}", "running", 30));

	assert_true(doctor_collect(d, &o, NULL, 0, &f, &n, &cause));
	assert_null(cause);
	dump(f, n);
	x = finding(f, n, DOCTOR_RESTART_LOOP, loop_name);
	assert_non_null(x);
	assert_int_equal(x->severity, DOCTOR_CRIT);
	assert_non_null(strstr(x->hint, "l logs"));
	x = finding(f, n, DOCTOR_OOM, oom_name);
	assert_non_null(x);
	assert_int_equal(x->severity, DOCTOR_CRIT);
	assert_non_null(strstr(x->title, "memory limit 8MiB"));
	x = finding(f, n, DOCTOR_UNHEALTHY, sick_name);
	assert_non_null(x);
	assert_int_equal(x->severity, DOCTOR_CRIT);
	assert_non_null(x->detail);
	assert_non_null(strstr(x->detail, "last probe: exit code 1"));
	x = finding(f, n, DOCTOR_EXITED, exit_name);
	assert_non_null(x);
	assert_int_equal(x->severity, DOCTOR_WARN);
	assert_non_null(strstr(x->title, "exited with code 2"));
	x = finding(f, n, DOCTOR_PORT, port_name);
	assert_non_null(x);
	assert_int_equal(x->severity, DOCTOR_WARN);
	assert_non_null(strstr(x->title, "->81/tcp: nothing answers"));
	assert_non_null(strstr(x->detail, "connection refused"));
	/* Engine-wide rules are off for a labelled subset. */
	for (size_t i = 0; i < n; i++)
		assert_int_not_equal(f[i].kind, KIND_ENGINE);
	/* Ranked: the criticals first. */
	for (size_t i = 1; i < n; i++)
		assert_true(f[i - 1].severity >= f[i].severity);
	doctor_findings_free(f, n);

	/* A remote engine's ports are not probed: no port finding. */
	o.local = false;
	assert_true(doctor_collect(d, &o, NULL, 0, &f, &n, &cause));
	assert_null(finding(f, n, DOCTOR_PORT, port_name));
	assert_non_null(finding(f, n, DOCTOR_EXITED, exit_name));
	doctor_findings_free(f, n);
	docker_free(d);
}

static void
gathered(struct doctor_gather *g, void *arg)
{
	(void)g;
	*(bool *)arg = true;
}

static void
test_healthy_objects_give_no_warnings(void **state)
{
	struct docker *d = it_engine();
	struct doctor_gather_opts o = {ok_label, true, 1.0};
	struct doctor_gather *g;
	const struct doctor_input *in;
	struct doctor_finding *f;
	size_t n;
	bool done = false;
	double end;

	(void)state;
	assert_true(
	    wait_inspect(web_name, "{{.State.Health.Status}}", "healthy", 30));
	g = doctor_gather_new(d, &o, gathered, &done);
	end = it_now() + 20;
	while (!done && it_now() < end) {
		struct timespec ts;

		http_step(docker_http(d), 20);
		clock_gettime(CLOCK_REALTIME, &ts);
		doctor_gather_tick(g, (double)ts.tv_sec + ts.tv_nsec / 1e9);
	}
	assert_true(done);
	assert_true(doctor_gather_done(g));
	assert_null(doctor_gather_error(g));
	in = doctor_gather_input(g);
	assert_int_equal(in->n_containers, 2);
	assert_false(in->engine_wide);
	/* httpd answers on its own address: the probe got through. */
	assert_int_equal(in->n_probes, 1);
	assert_int_equal(in->probes[0].state, DOCTOR_PROBE_OPEN);
	assert_int_equal(in->probes[0].port, 80);
	doctor_run(in, &f, &n);
	dump(f, n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(f[i].severity, DOCTOR_INFO);
	doctor_findings_free(f, n);
	doctor_gather_free(g);
	docker_free(d);
}

static void
test_doctor_pane(void **state)
{
	struct docker *d = it_engine();
	struct config cfg;
	struct app_opts ao = {0};
	struct console *a;
	struct pane *p;
	const struct pane_row *r = NULL;
	double end;

	(void)state;
	config_init(&cfg);
	a = app_new(d, &cfg, &ao, &berth_parts);
	app_start(a);
	assert_true(console_show_pane(a, "doctor"));
	p = console_active_pane(a);
	assert_string_equal(p->ops->name, "doctor");
	end = it_now() + 20;
	while (it_now() < end && r == NULL) {
		app_pump(a, 50);
		for (size_t i = 0; i < pane_row_count(p); i++)
			if (strcmp(pane_view_row(p, i)->cells[2], exit_name) ==
			    0)
				r = pane_view_row(p, i);
	}
	assert_non_null(r);
	assert_string_equal(r->cells[0], "WARN");
	assert_non_null(strstr(r->cells[1], "exited with code 2"));
	assert_string_equal(r->cells[3], "l logs, i inspect");
	/* The most severe come first. */
	assert_string_equal(pane_view_row(p, 0)->cells[0], "CRIT");
	/* Enter goes to the container. */
	assert_true(pane_select_id(p, r->id));
	app_feed_key(a, '\n');
	assert_string_equal(console_active_pane(a)->ops->name, "containers");
	assert_non_null(pane_selected_row(console_active_pane(a)));
	assert_string_equal(
	    pane_selected_row(console_active_pane(a))->cells[0], exit_name);
	app_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_planted_problems_are_found),
	    cmocka_unit_test(test_healthy_objects_give_no_warnings),
	    cmocka_unit_test(test_doctor_pane),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
