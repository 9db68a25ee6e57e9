/*
 * Compose projects against the real test engine: containers made with the
 * labels the compose tool writes (from berth-test images, also labelled
 * org.berth.it=RID for the cleanup) as three projects, listed in the
 * projects pane, and every project action driven like a user (key,
 * question, answer) and checked on the engine: stop, start, restart,
 * pause and unpause, remove without and with volumes and networks, the
 * merged logs, and the refusals on a read-only engine.
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
#include <unistd.h>

#include "api/docker.h"
#include "api/http.h"
#include "api/xalloc.h"
#include "tests/support/fixture.h"
#include "tests/support/it.h"
#include "tests/support/screen.h"
#include "tui/actions/actions.h"
#include "tui/core/app.h"
#include "tui/core/audit.h"
#include "tui/core/config.h"
#include "tui/core/keymap.h"
#include "tui/core/pane.h"
#include "tui/core/store.h"
#include "tui/parts.h"
#include "tui/views/projlogs.h"

#define ROWS 40
#define COLS 200
#define CL "com.docker.compose."

static struct {
	struct console *app;
	WINDOW *win;
	char rid[9];
	char *label; /* org.berth.it=RID */
	char *shop, *blog, *data; /* the projects' names */
	char *shop_anon; /* shop's anonymous volume (no label to find it) */
	char *state; /* XDG_STATE_HOME */
	char *log;
	char *host;
} it;

static struct console *
app_make(bool read_only)
{
	struct docker *d = it_connect("projects");
	struct config cfg;
	struct app_opts o = {0};
	struct console *a;

	assert_non_null(d);
	config_init(&cfg);
	cfg.read_only = read_only;
	a = app_new(d, &cfg, &o, &berth_parts);
	app_start(a);
	return a;
}

/* Runs (or with create, only creates) a container of a project. */
static void
member(const char *project, const char *service, int number, bool create,
    const char *extra, const char *image)
{
	if (it_run("docker %s %s --name %s-%s-%d --label %s --stop-timeout 1 "
		   "--label " CL "project=%s --label " CL
		   "project.working_dir=/srv/%s --label " CL
		   "project.config_files=/srv/%s/compose.yml --label " CL
		   "service=%s --label " CL "container-number=%d --label " CL
		   "oneoff=False %s %s >/dev/null",
		create ? "create" : "run", create ? "" : "-d", project, service,
		number, it.label, project, project, project, service, number,
		extra ? extra : "", image) != 0)
		fail_msg("making %s-%s-%d failed", project, service, number);
}

static void
cleanup(void)
{
	if (it.label == NULL)
		return;
	it_remove(it.label,
	    IT_CONTAINERS | IT_ANON_VOLUMES | IT_VOLUMES | IT_NETWORKS);
	if (it.shop_anon)
		it_run("docker volume rm %s >/dev/null 2>&1", it.shop_anon);
}

/* PROJECT_default, the network compose makes, labelled as it does. */
static void
project_network(const char *project, const char *more)
{
	char *opts = xasprintf(
	    "--label %s --label " CL "project=%s%s", it.label, project, more);
	char *name = xasprintf("%s_default", project);

	if (it_network_create(opts, name) != 0)
		fail_msg("the network %s could not be made", name);
	free(opts);
	free(name);
}

/*
 * shop: web-1 and worker-1 (an anonymous volume) running, worker-2 only
 * created, a one-off `run` container exited; a named volume and a
 * network. blog: db-1 and cache-1 running. data: one container with a
 * named and an anonymous volume, on its own network.
 */
static void
make_projects(void)
{
	project_network(it.shop, " --label " CL "network=default");
	it_run("docker volume create --label %s --label " CL
	       "project=%s --label " CL "volume=data %s_data >/dev/null",
	    it.label, it.shop, it.shop);
	{
		char *net = xasprintf("--network %s_default", it.shop);
		char *vol = xasprintf(
		    "--network %s_default -v %s_data:/data", it.shop, it.shop);

		member(it.shop, "web", 1, false, vol, "berth-test/app");
		member(
		    it.shop, "worker", 1, false, "-v /cache", "berth-test/app");
		member(it.shop, "worker", 2, true, net, "berth-test/app");
		free(net);
		free(vol);
	}
	if (it_run("docker run --name %s-worker-run-1 --label %s --label " CL
		   "project=%s --label " CL "service=worker --label " CL
		   "oneoff=True berth-test/base true >/dev/null",
		it.shop, it.label, it.shop) != 0)
		fail_msg("the one-off container failed");
	it.shop_anon = it_capture("docker inspect -f '{{range .Mounts}}"
				  "{{.Name}}{{end}}' %s-worker-1",
	    it.shop);
	assert_non_null(it.shop_anon);
	assert_int_equal(strlen(it.shop_anon), 64);
	member(it.blog, "db", 1, false, NULL, "berth-test/app");
	member(it.blog, "cache", 1, false, NULL, "berth-test/app");
	project_network(it.data, "");
	it_run("docker volume create --label %s --label " CL
	       "project=%s %s_db >/dev/null",
	    it.label, it.data, it.data);
	{
		char *extra = xasprintf("--network %s_default -v %s_db:/db "
					"-v /scratch",
		    it.data, it.data);

		member(it.data, "db", 1, false, extra, "berth-test/app");
		free(extra);
	}
}

static int
group_setup(void **state)
{
	const char *host = it_host("projects");

	if (host == NULL || (it.state = it_state_home("projects")) == NULL)
		return -1;
	it.host = xstrdup(host);
	it.log = audit_path();
	it_random_id(it.rid);
	it.label = xasprintf("org.berth.it=%s", it.rid);
	it.shop = xasprintf("itshop%s", it.rid);
	it.blog = xasprintf("itblog%s", it.rid);
	it.data = xasprintf("itdata%s", it.rid);
	make_projects();
	ts_init(ROWS, COLS);
	it.win = ts_window(ROWS, COLS);
	it.app = app_make(false);
	return 0;
}

static int
group_teardown(void **state)
{
	cleanup();
	if (it.app)
		app_free(it.app);
	ts_done();
	it_state_home_remove(it.state);
	free(it.host);
	free(it.label);
	free(it.shop);
	free(it.blog);
	free(it.data);
	free(it.shop_anon);
	free(it.state);
	free(it.log);
	return 0;
}

static void
pump(struct console *a)
{
	app_pump(a, 50);
}

static void
load(struct console *a, enum store_kind k)
{
	struct store *s = &console_engine(a)->store;
	double end = it_now() + 20;

	store_refresh(s, k);
	while ((s->call[k] != NULL || s->again[k]) && it_now() < end)
		pump(a);
	assert_true(s->loaded[k]);
}

static char *
screen(struct console *a)
{
	app_draw_to(a, it.win, ROWS, COLS);
	return ts_dump(it.win);
}

static bool
status_has(struct console *a, const char *text)
{
	char *s;
	bool yes;

	app_draw_to(a, it.win, ROWS, COLS);
	s = ts_text(it.win, ROWS - 1, 0, COLS);
	yes = strstr(s, text) != NULL;
	free(s);
	return yes;
}

/* The projects pane, fresh, with the project selected. */
static struct pane *
select_project(struct console *a, const char *name)
{
	struct pane *p;

	assert_true(console_show_pane(a, "projects"));
	load(a, STORE_CONTAINERS);
	load(a, STORE_VOLUMES);
	load(a, STORE_NETWORKS);
	p = console_active_pane(a);
	pane_sync(p, true);
	if (!pane_select_id(p, name))
		fail_msg("project %s is not listed", name);
	return p;
}

/* `docker inspect -f FORMAT NAME` (owned), or "gone". */
static char *
look(const char *format, const char *name)
{
	char *s =
	    it_capture("docker inspect -f '%s' %s 2>/dev/null", format, name);

	return s ? s : xstrdup("gone");
}

static bool
is(const char *format, const char *name, const char *want)
{
	char *s = look(format, name);
	bool yes = strcmp(s, want) == 0;

	free(s);
	return yes;
}

/* Pumps until every container named has the state; fails after 40 s. */
static void
wait_states(struct console *a, const char *state, const char *const *names)
{
	double end = it_now() + 40;

	for (size_t i = 0; names[i]; i++)
		while (!is("{{.State.Status}}", names[i], state)) {
			if (it_now() > end) {
				char *s = screen(a),
				     *st = look("{{.State.Status}}", names[i]);

				fail_msg("%s is %s, not %s; screen:\n%s",
				    names[i], st, state, s);
			}
			pump(a);
		}
}

static void
wait_status(struct console *a, const char *text)
{
	double end = it_now() + 30;

	while (!status_has(a, text)) {
		if (it_now() > end) {
			char *s = screen(a);

			fail_msg("no \"%s\" in the status bar:\n%s", text, s);
		}
		pump(a);
	}
}

static void
test_list(void **state)
{
	struct console *a = it.app;
	struct pane *p = select_project(a, it.shop);
	const struct pane_row *r = pane_selected_row(p);
	char *scr, *files;

	/* The one-off counts as a container; two of four run. */
	assert_string_equal(r->cells[0], it.shop);
	assert_string_equal(r->cells[1], "2/4 running");
	assert_string_equal(r->cells[3], "2: web, worker");
	files = xasprintf("/srv/%s", it.shop);
	assert_string_equal(r->cells[4], files);
	free(files);
	assert_true(pane_select_id(p, it.blog));
	assert_string_equal(pane_selected_row(p)->cells[1], "2/2 running");
	assert_string_equal(pane_selected_row(p)->cells[3], "2: cache, db");
	scr = screen(a);
	assert_non_null(strstr(scr, it.data));
	free(scr);
}

static void
test_stop_start_restart_pause(void **state)
{
	struct console *a = it.app;
	char *db = xasprintf("%s-db-1", it.blog);
	char *cache = xasprintf("%s-cache-1", it.blog);
	const char *both[] = {db, cache, NULL};
	char *scr, *act, *t0, *t1;

	select_project(a, it.blog);
	it_press(a, "s");
	scr = screen(a);
	assert_non_null(strstr(scr, "Stop the compose project"));
	assert_non_null(strstr(scr, it.host));
	assert_non_null(strstr(scr, db));
	assert_non_null(strstr(scr, cache));
	free(scr);
	/* No: nothing changes, and the log says cancelled per container. */
	it_press(a, "n");
	for (int i = 0; i < 5; i++)
		pump(a);
	assert_true(is("{{.State.Status}}", db, "running"));
	act = xasprintf("stop (project %s)", it.blog);
	assert_int_equal(
	    it_audit_count(it.log, it.host, act, db, "cancelled"), 1);
	it_press(a, "s");
	it_press(a, "y");
	wait_states(a, "exited", both);
	wait_status(a, "stopped 2 containers");
	assert_int_equal(it_audit_count(it.log, it.host, act, db, "ok"), 1);
	assert_int_equal(it_audit_count(it.log, it.host, act, cache, "ok"), 1);
	free(act);

	select_project(a, it.blog);
	it_press(a, "S");
	it_press(a, "y");
	wait_states(a, "running", both);
	wait_status(a, "started 2 containers");

	t0 = look("{{.State.StartedAt}}", db);
	select_project(a, it.blog);
	it_press(a, "R");
	it_press(a, "y");
	wait_status(a, "restarted 2 containers");
	wait_states(a, "running", both);
	t1 = look("{{.State.StartedAt}}", db);
	assert_string_not_equal(t0, t1);
	free(t0);
	free(t1);

	select_project(a, it.blog);
	it_press(a, "p");
	scr = screen(a);
	assert_non_null(strstr(scr, "Pause the compose project"));
	free(scr);
	it_press(a, "y");
	wait_states(a, "paused", both);
	wait_status(a, "paused 2 containers");
	/* With nothing running, p unpauses. */
	select_project(a, it.blog);
	it_press(a, "p");
	scr = screen(a);
	assert_non_null(strstr(scr, "Unpause the compose project"));
	free(scr);
	it_press(a, "y");
	wait_states(a, "running", both);
	wait_status(a, "unpaused 2 containers");
	act = xasprintf("unpause (project %s)", it.blog);
	assert_int_equal(it_audit_count(it.log, it.host, act, cache, "ok"), 1);
	free(act);
	free(db);
	free(cache);
}

/* Start leaves the one-off alone; stop stops the services only up. */
static void
test_start_skips_oneoff(void **state)
{
	struct console *a = it.app;
	char *w2 = xasprintf("%s-worker-2", it.shop);
	char *run = xasprintf("%s-worker-run-1", it.shop);
	const char *one[] = {w2, NULL};
	char *scr;

	select_project(a, it.shop);
	it_press(a, "S");
	scr = screen(a);
	assert_non_null(strstr(scr, w2));
	assert_null(strstr(scr, run));
	free(scr);
	it_press(a, "y");
	wait_states(a, "running", one);
	wait_status(a, "started 1 container");
	assert_true(is("{{.State.Status}}", run, "exited"));
	free(w2);
	free(run);
}

static void
test_merged_logs(void **state)
{
	struct console *a = it.app;
	struct projlogs *pl;
	double end = it_now() + 20;
	bool db = false, cache = false;

	select_project(a, it.blog);
	it_press(a, "l");
	assert_true(console_view_open(a));
	pl = console_view(a);
	while (!(db && cache) && it_now() < end) {
		const char *l;

		pump(a);
		for (size_t i = 0; (l = projlogs_line(pl, i)) != NULL; i++) {
			/* Prefixes padded to the widest, then " | ". */
			if (strncmp(l, "db-1    | app started", 21) == 0)
				db = true;
			if (strncmp(l, "cache-1 | app started", 21) == 0)
				cache = true;
		}
	}
	if (!db || !cache) {
		char *s = screen(a);

		fail_msg("no prefixed lines of both services:\n%s", s);
	}
	it_press(a, "Esc");
	assert_false(console_view_open(a));
}

static void
test_read_only(void **state)
{
	struct console *ro = app_make(true);
	char *db = xasprintf("%s-db-1", it.blog);
	char *act = xasprintf("stop (project %s)", it.blog);
	struct pane *p;

	/* The key is refused before anything is asked. */
	p = select_project(ro, it.blog);
	it_press(ro, "s");
	assert_false(console_overlay_open(ro));
	assert_true(status_has(ro, "read-only"));
	assert_int_equal(
	    it_audit_count(it.log, it.host, "stop", NULL, "refused: read-only"),
	    1);
	/* The action itself refuses too, after the question. */
	assert_true(actions_run(ro, p, ACTION_STOP));
	assert_true(console_overlay_open(ro));
	it_press(ro, "y");
	assert_int_equal(
	    it_audit_count(it.log, it.host, act, db, "refused: read-only"), 1);
	for (int i = 0; i < 5; i++)
		pump(ro);
	assert_true(is("{{.State.Status}}", db, "running"));
	app_free(ro);
	free(db);
	free(act);
}

static void
test_remove_keeps_volumes(void **state)
{
	struct console *a = it.app;
	char *vol = xasprintf("%s_data", it.shop);
	char *net = xasprintf("%s_default", it.shop);
	char *web = xasprintf("%s-web-1", it.shop), *scr, *act;
	struct pane *p;

	select_project(a, it.shop);
	it_press(a, "d");
	scr = screen(a);
	/* The preview: containers, the named and anonymous volumes. */
	assert_non_null(strstr(scr, "Remove the compose project"));
	assert_non_null(strstr(scr, web));
	assert_non_null(strstr(scr, vol));
	assert_non_null(strstr(scr, "anonymous volumes of its containers (1)"));
	assert_non_null(
	    strstr(scr, "remove its volumes (1 named, 1 anonymous)"));
	assert_non_null(strstr(scr, net));
	free(scr);
	it_press(a, "y");
	wait_status(a, "removed project");
	assert_false(it_exists("container", web));
	assert_true(it_exists("volume", vol));
	assert_true(it_exists("volume", it.shop_anon));
	assert_true(it_exists("network", net));
	act = xasprintf("remove (project %s)", it.shop);
	assert_int_equal(it_audit_count(it.log, it.host, act, NULL, "ok"), 4);
	free(act);
	/* Its volume and network keep the project listed, with nothing up. */
	p = select_project(a, it.shop);
	assert_string_equal(pane_selected_row(p)->cells[1], "0/0 running");
	free(vol);
	free(net);
	free(web);
}

static void
test_remove_with_volumes(void **state)
{
	struct console *a = it.app;
	char *vol = xasprintf("%s_db", it.data);
	char *net = xasprintf("%s_default", it.data);
	char *db = xasprintf("%s-db-1", it.data);
	char *anon = look("{{range .Mounts}}{{if eq .Destination "
			  "\"/scratch\"}}{{.Name}}{{end}}{{end}}",
	    db);
	char *act;

	assert_int_equal(strlen(anon), 64);
	select_project(a, it.data);
	it_press(a, "d");
	it_press(a, "Space"); /* remove its volumes */
	it_press(a, "j");
	it_press(a, "Space"); /* remove its networks */
	it_press(a, "y");
	wait_status(a, "removed project");
	assert_true(status_has(a, "1 container, 1 volume, 1 network"));
	assert_false(it_exists("container", db));
	assert_false(it_exists("volume", vol));
	assert_false(it_exists("volume", anon));
	assert_false(it_exists("network", net));
	act = xasprintf("remove volume (project %s)", it.data);
	assert_int_equal(it_audit_count(it.log, it.host, act, vol, "ok"), 1);
	free(act);
	act = xasprintf("remove (project %s, volumes)", it.data);
	assert_int_equal(it_audit_count(it.log, it.host, act, db, "ok"), 1);
	free(act);
	free(anon);
	free(vol);
	free(net);
	free(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_list),
	    cmocka_unit_test(test_stop_start_restart_pause),
	    cmocka_unit_test(test_start_skips_oneoff),
	    cmocka_unit_test(test_merged_logs),
	    cmocka_unit_test(test_read_only),
	    cmocka_unit_test(test_remove_keeps_volumes),
	    cmocka_unit_test(test_remove_with_volumes),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
