/*
 * The sessions pane against the real engine, through a headless app: exec
 * sessions started outside berth are listed with their command, user and
 * pid, a finished one keeps its exit code, Enter jumps to the container,
 * and the sessions go when the container does.
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
#include "api/xalloc.h"
#include "tests/support/it.h"
#include "tests/support/screen.h"
#include "tui/core/app.h"
#include "tui/panes/panes.h"
#include "widgets/key.h"

/* The pane's columns. */
enum { C_EXEC, C_CONTAINER, C_COMMAND, C_USER, C_TTY, C_STATE, C_PID, C_EXIT };

static char tag[16];
static char name[64];
static char hc_name[64];
static char *cid;

static int
setup(void **state)
{
	(void)state;
	snprintf(tag, sizeof tag, "%06x",
	    (unsigned)(getpid() * 2654435761u) & 0xffffff);
	snprintf(name, sizeof name, "berth-it-sess-%s", tag);
	snprintf(hc_name, sizeof hc_name, "berth-it-sess-%s-hc", tag);
	/* Health checks run as exec sessions: they are not listed. */
	if (it_run(
		"docker run -d -q --name %s --label org.berth.it.sessions=%s "
		"--health-cmd 'true' --health-interval 1s berth-test/base "
		"sleep "
		"100000 >/dev/null",
		hc_name, tag) != 0)
		return -1;
	cid =
	    it_capture("docker run -d --name %s --label "
		       "org.berth.it.sessions=%s berth-test/base sleep 100000",
		name, tag);
	if (cid == NULL)
		return -1;
	/* The test image has no passwd file: -u nobody needs one. */
	if (it_run("docker exec %s sh -c 'printf \"root:x:0:0:root:/:/bin/sh\\n"
		   "nobody:x:65534:65534:nobody:/:/bin/sh\\n\" >/etc/passwd'",
		name) != 0)
		return -1;
	ts_init(30, 120);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	it_run(
	    "docker ps -aq --filter label=org.berth.it.sessions=%s | xargs -r "
	    "docker rm -f >/dev/null 2>&1",
	    tag);
	free(cid);
	ts_done();
	return 0;
}

/* The row of the session whose command is cmd, or NULL. */
static const struct pane_row *
session_row(struct pane *p, const char *cmd)
{
	for (size_t i = 0; i < pane_row_count(p); i++) {
		const struct pane_row *r = pane_view_row(p, i);

		if (strcmp(r->cells[C_CONTAINER], name) == 0 &&
		    strcmp(r->cells[C_COMMAND], cmd) == 0)
			return r;
	}
	return NULL;
}

/* Pumps until the row for cmd is in state (NULL: any), or the time is up. */
static const struct pane_row *
wait_session(struct console *a, struct pane *p, const char *cmd,
    const char *state, double secs)
{
	double end = it_now() + secs;
	const struct pane_row *r = NULL;

	while (it_now() < end) {
		app_pump(a, 50);
		r = session_row(p, cmd);
		/* The details (user, pid) come with the exec's own inspect. */
		if (r && *r->cells[C_TTY] &&
		    (state == NULL || strcmp(r->cells[C_STATE], state) == 0))
			return r;
	}
	return NULL;
}

/* /proc/<pid>/cmdline with the NULs as spaces (owned), or NULL. */
static char *
cmdline(const char *pid)
{
	char path[64], buf[256];
	size_t n;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%s/cmdline", pid);
	if ((f = fopen(path, "r")) == NULL)
		return NULL;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	for (size_t i = 0; i < n; i++)
		if (buf[i] == '\0')
			buf[i] = ' ';
	while (n > 0 && buf[n - 1] == ' ')
		n--;
	buf[n] = '\0';
	return xstrdup(buf);
}

/* The health check container has run a few checks. */
static bool
wait_inspect_health(void)
{
	char *out = it_capture(
	    "docker inspect -f '{{len .State.Health.Log}}' %s", hc_name);
	bool ok = out && atoi(out) >= 2;

	free(out);
	return ok;
}

static void
test_exec_sessions_listed(void **state)
{
	struct console *a = it_app(NULL);
	struct pane *p, *cp;
	const struct pane_row *r;
	char *cl, *sleep_id, *fail_id;
	double end;

	(void)state;
	assert_true(console_show_pane(a, "sessions"));
	p = console_active_pane(a);
	assert_string_equal(p->ops->name, "sessions");
	for (int i = 0;
	     i < 60 && !console_engine(a)->store.loaded[STORE_CONTAINERS]; i++)
		app_pump(a, 50);
	assert_true(console_engine(a)->store.loaded[STORE_CONTAINERS]);

	assert_int_equal(it_run("docker exec -d %s sleep 30", name), 0);
	assert_int_equal(it_run("docker exec -d -u nobody %s sh -c 'sleep 2; "
				"exit 3'",
			     name),
	    0);

	r = wait_session(a, p, "sleep 30", "running", 5);
	assert_non_null(r);
	sleep_id = xstrdup(r->id);
	/* No -u: the container's user, which is root here. */
	assert_string_equal(r->cells[C_USER], "root");
	assert_string_equal(r->cells[C_TTY], "no");
	assert_string_equal(r->cells[C_EXIT], "-");
	/* The pid is the host's, and it is that process. */
	assert_true(atoi(r->cells[C_PID]) > 0);
	cl = cmdline(r->cells[C_PID]);
	assert_non_null(cl);
	assert_string_equal(cl, "sleep 30");
	free(cl);

	r = wait_session(a, p, "sh -c sleep 2; exit 3", NULL, 5);
	assert_non_null(r);
	fail_id = xstrdup(r->id);
	assert_string_equal(r->cells[C_USER], "nobody");
	assert_true(atoi(r->cells[C_PID]) > 0);
	if (strcmp(r->cells[C_STATE], "running") == 0) {
		cl = cmdline(r->cells[C_PID]);
		if (cl)
			assert_non_null(strstr(cl, "sleep 2; exit 3"));
		free(cl);
	}

	/* Finished, with its exit code, and still listed. */
	r = wait_session(a, p, "sh -c sleep 2; exit 3", "exited", 10);
	assert_non_null(r);
	assert_string_equal(r->id, fail_id);
	assert_string_equal(r->cells[C_EXIT], "3");
	r = session_row(p, "sleep 30");
	assert_non_null(r);
	assert_string_equal(r->cells[C_STATE], "running");

	/* The health checks ran meanwhile, and are not sessions here. */
	assert_true(wait_inspect_health());
	for (size_t i = 0; i < pane_row_count(p); i++)
		assert_string_not_equal(
		    pane_view_row(p, i)->cells[C_CONTAINER], hc_name);

	/* Enter: the container, selected, in the containers pane. */
	assert_true(pane_select_id(p, sleep_id));
	app_feed_key(a, '\n');
	cp = console_active_pane(a);
	assert_string_equal(cp->ops->name, "containers");
	assert_non_null(pane_selected_id(cp));
	assert_string_equal(pane_selected_id(cp), cid);

	/* While hidden, events still say that a session started and ended. */
	assert_int_equal(
	    it_run("docker exec -u nobody %s sh -c 'exit 4'", name), 4);
	end = it_now() + 2;
	while (it_now() < end)
		app_pump(a, 50);
	assert_true(console_show_pane(a, "sessions"));
	r = wait_session(a, p, "sh -c exit 4", "exited", 5);
	for (size_t i = 0; r == NULL && i < pane_row_count(p); i++) {
		const struct pane_row *x = pane_view_row(p, i);

		fprintf(stderr, "row %s|%s|%s|%s|%s|%s\n",
		    x->cells[C_CONTAINER], x->cells[C_COMMAND],
		    x->cells[C_USER], x->cells[C_TTY], x->cells[C_STATE],
		    x->cells[C_EXIT]);
	}
	assert_non_null(r);
	assert_string_equal(r->cells[C_EXIT], "4");
	assert_string_equal(r->cells[C_USER], "nobody");

	/* The container goes, and its sessions with it. */
	assert_int_equal(it_run("docker rm -f %s >/dev/null", name), 0);
	end = it_now() + 5;
	while (it_now() < end && (session_row(p, "sleep 30") ||
				     session_row(p, "sh -c sleep 2; exit 3")))
		app_pump(a, 50);
	assert_null(session_row(p, "sleep 30"));
	assert_null(session_row(p, "sh -c sleep 2; exit 3"));
	free(sleep_id);
	free(fail_id);
	app_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_exec_sessions_listed),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
