/*
 * The changing actions against the real test engine, driven like a user:
 * a headless app on DOCKER_HOST, a row selected, the key pressed, the
 * question answered, the loop pumped until the engine shows the change.
 * The audit log goes to a temporary XDG_STATE_HOME and is checked too.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "api/buf.h"
#include "api/decode.h"
#include "api/docker.h"
#include "api/endpoint.h"
#include "api/http.h"
#include "api/model.h"
#include "api/xalloc.h"
#include "tests/support/fixture.h"
#include "tests/support/it.h"
#include "tests/support/screen.h"
#include "tui/actions/actions.h"
#include "tui/core/app.h"
#include "tui/parts.h"
#include "tui/core/audit.h"
#include "tui/core/config.h"
#include "tui/core/keymap.h"
#include "tui/core/pane.h"
#include "tui/actions/pull.h"
#include "tui/core/store.h"
#include "widgets/key.h"

#define ROWS 40
#define COLS 220

/* The group's state: the app under test, a checker and the names made. */
static struct {
	struct docker *check; /* our own client for looking, not the app's */
	struct console *app;
	WINDOW *win;
	char rid[9];
	char *prefix; /* "berth-it-<rid>-" */
	char *label; /* "org.berth.it=<rid>" */
	char *state; /* XDG_STATE_HOME for this run */
	char *log; /* the audit log in it */
	char *host;
} it;

/* A headless app on the test engine, as main() would make it. */
static struct console *
app_make(bool read_only)
{
	struct docker *d = it_connect("actions");
	struct config cfg;
	struct app_opts o = {0};

	assert_non_null(d);
	config_init(&cfg);
	cfg.read_only = read_only;
	return app_new(d, &cfg, &o, &berth_parts);
}

static void
cleanup(void)
{
	if (it.label == NULL)
		return;
	it_remove(it.label,
	    IT_CONTAINERS | IT_ANON_VOLUMES | IT_NETWORKS | IT_VOLUMES);
	/* Images made by the tests carry the run id in their names. */
	it_run(
	    "docker images --format '{{.Repository}}:{{.Tag}}' | grep -F '%s' "
	    "| xargs -r docker rmi -f >/dev/null 2>&1",
	    it.rid);
}

static int
group_setup(void **state)
{
	const char *host = it_host("actions");

	if (host == NULL)
		return -1;
	it.host = xstrdup(host);
	it.check = it_connect("actions");
	if (it.check == NULL)
		return -1;
	it.state = it_state_home("actions");
	if (it.state == NULL)
		return -1;
	it.log = audit_path();
	it_random_id(it.rid);
	it.prefix = xasprintf("berth-it-%s-", it.rid);
	it.label = xasprintf("org.berth.it=%s", it.rid);
	ts_init(ROWS, COLS);
	it.win = ts_window(ROWS, COLS);
	it.app = app_make(false);
	return 0;
}

static int
group_teardown(void **state)
{
	cleanup();
	app_free(it.app);
	ts_done();
	docker_free(it.check);
	it_state_home_remove(it.state);
	free(it.host);
	free(it.prefix);
	free(it.label);
	free(it.state);
	free(it.log);
	return 0;
}

/* One pass of the app's loop, as app_run does it minus the terminal. */
static void
pump(struct console *a)
{
	http_step(docker_http(console_engine(a)->d), 50);
	store_tick(&console_engine(a)->store, store_now());
}

/* Pumps until every kind the panes show has been fetched afresh. */
static void
load(struct console *a, enum store_kind k)
{
	struct store *s = &console_engine(a)->store;
	double end = it_now() + 20;

	store_refresh(s, k);
	while ((s->call[k] != NULL || s->again[k]) && it_now() < end)
		pump(a);
	assert_null(s->call[k]);
	assert_true(s->loaded[k]);
}

/* The whole screen as text (owned). */
static char *
screen(struct console *a)
{
	app_draw_to(a, it.win, ROWS, COLS);
	return ts_dump(it.win);
}

/* The status bar's text (owned). */
static char *
status(struct console *a)
{
	app_draw_to(a, it.win, ROWS, COLS);
	return ts_text(it.win, ROWS - 1, 0, COLS);
}

static bool
status_has(struct console *a, const char *text)
{
	char *s = status(a);
	bool yes = strstr(s, text) != NULL;

	free(s);
	return yes;
}

/* Shows the pane with fresh rows and selects the row with this id. */
static struct pane *
select_row(struct console *a, const char *pane, const char *id)
{
	struct pane *p;
	enum store_kind k = STORE_CONTAINERS;

	if (strcmp(pane, "images") == 0)
		k = STORE_IMAGES;
	else if (strcmp(pane, "volumes") == 0)
		k = STORE_VOLUMES;
	else if (strcmp(pane, "networks") == 0)
		k = STORE_NETWORKS;
	assert_true(console_show_pane(a, pane));
	load(a, k);
	p = console_active_pane(a);
	pane_sync(p, true);
	if (!pane_select_id(p, id))
		fail_msg("%s is not in the %s pane", id, pane);
	assert_string_equal(pane_selected_id(p), id);
	return p;
}

typedef bool pred_fn(void *arg);

/* Pumps the app until pred holds; fails after secs. */
static void
wait_for(
    struct console *a, pred_fn *pred, void *arg, double secs, const char *what)
{
	double end = it_now() + secs;

	while (!pred(arg)) {
		if (it_now() > end) {
			char *s = screen(a);

			fail_msg(
			    "timed out waiting for %s; screen:\n%s", what, s);
		}
		pump(a);
	}
}

/* The container's State.Status on the engine, or "gone" (owned). */
static char *
engine_state(const char *id)
{
	struct docker_result r;
	struct docker_container_detail *c;
	char *path = xasprintf("/containers/%s/json", id), *cause = NULL;
	char *st;

	docker_sync(it.check, "GET", path, NULL, &r);
	free(path);
	if (r.http_status == 404) {
		docker_result_done(&r);
		return xstrdup("gone");
	}
	assert_int_equal(r.status, DOCKER_OK);
	c = decode_container_detail(r.body, r.len, &cause);
	docker_result_done(&r);
	if (c == NULL)
		fail_msg("decode: %s", cause);
	st = xstrdup(c->status);
	docker_container_detail_free(c);
	return st;
}

struct state_want {
	const char *id;
	const char *state;
};

static bool
pred_state(void *arg)
{
	struct state_want *w = arg;
	char *st = engine_state(w->id);
	bool yes = strcmp(st, w->state) == 0;

	free(st);
	return yes;
}

struct status_want {
	struct console *app;
	const char *text;
};

static bool
pred_status(void *arg)
{
	struct status_want *w = arg;

	return status_has(w->app, w->text);
}

/*
 * Waits for the report in the status bar: the engine may show a change
 * before its answer (and so the audit line) has reached the app.
 */
static void
wait_report(struct console *a, const char *text)
{
	struct status_want sw = {a, text};

	wait_for(a, pred_status, &sw, 20, text);
}

/* Waits for the engine state and then for the report in the status bar. */
static void
expect_state(
    struct console *a, const char *id, const char *state, const char *report)
{
	struct state_want w = {id, state};
	struct status_want sw = {a, report};

	wait_for(a, pred_state, &w, 40, state);
	wait_for(a, pred_status, &sw, 20, report);
}

static char *
container_id(const char *name)
{
	char *id = it_capture("docker inspect -f '{{.Id}}' %s", name);

	assert_non_null(id);
	return id;
}

/* Runs a berth-test/app container that stops quickly; its id (owned). */
static char *
run_app(const char *suffix, const char *extra)
{
	if (it_run("docker run -d --name %s%s --label %s --stop-timeout 1 %s "
		   "berth-test/app >/dev/null",
		it.prefix, suffix, it.label, extra ? extra : "") != 0)
		fail_msg("docker run %s%s failed", it.prefix, suffix);
	{
		char *name = xasprintf("%s%s", it.prefix, suffix);
		char *id = container_id(name);

		free(name);
		return id;
	}
}

static size_t
audit_lines(void)
{
	char *text = it_file_text(it.log);
	size_t n = 0;

	for (char *c = text; *c; c++)
		if (*c == '\n')
			n++;
	free(text);
	return n;
}

static void
test_stop_asks_then_stops_and_start_starts(void **state)
{
	struct console *a = it.app;
	char *id = run_app("stop", NULL);
	char *name = xasprintf("%sstop", it.prefix), *scr, *st;
	size_t before;

	select_row(a, "containers", id);
	/* The question names the container and the engine; n changes nothing. */
	it_press(a, "s");
	scr = screen(a);
	assert_non_null(strstr(scr, "Stop 1 container on the engine"));
	assert_non_null(strstr(scr, it.host));
	assert_non_null(strstr(scr, name));
	free(scr);
	before = audit_lines();
	it_press(a, "n");
	assert_false(console_overlay_open(a));
	for (int i = 0; i < 5; i++)
		pump(a);
	st = engine_state(id);
	assert_string_equal(st, "running");
	free(st);
	/* The answer no is logged as such. */
	assert_int_equal(audit_lines(), before + 1);
	assert_int_equal(
	    it_audit_count(it.log, it.host, "stop", id, "cancelled"), 1);

	it_press(a, "s");
	it_press(a, "y");
	expect_state(a, id, "exited", "stopped ");
	assert_true(status_has(a, name));
	assert_int_equal(it_audit_count(it.log, it.host, "stop", id, "ok"), 1);

	select_row(a, "containers", id);
	it_press(a, "S");
	scr = screen(a);
	assert_non_null(strstr(scr, "Start 1 container"));
	free(scr);
	it_press(a, "y");
	expect_state(a, id, "running", "started ");
	assert_int_equal(it_audit_count(it.log, it.host, "start", id, "ok"), 1);
	free(name);
	free(id);
}

static void
test_pause_unpause_restart(void **state)
{
	struct console *a = it.app;
	char *id = run_app("pause", NULL);
	char *t1, *t2, *scr;

	select_row(a, "containers", id);
	it_press(a, "p");
	scr = screen(a);
	assert_non_null(strstr(scr, "Pause 1 container"));
	free(scr);
	it_press(a, "y");
	expect_state(a, id, "paused", "paused ");
	assert_int_equal(it_audit_count(it.log, it.host, "pause", id, "ok"), 1);

	/* The same key unpauses, decided from the store's state. */
	select_row(a, "containers", id);
	it_press(a, "p");
	scr = screen(a);
	assert_non_null(strstr(scr, "Unpause 1 container"));
	free(scr);
	it_press(a, "y");
	expect_state(a, id, "running", "unpaused ");
	assert_int_equal(
	    it_audit_count(it.log, it.host, "unpause", id, "ok"), 1);

	t1 = it_capture("docker inspect -f '{{.State.StartedAt}}' %s", id);
	select_row(a, "containers", id);
	it_press(a, "R");
	it_press(a, "y");
	{
		struct status_want sw = {a, "restarted "};

		wait_for(a, pred_status, &sw, 30, "restarted");
	}
	t2 = it_capture("docker inspect -f '{{.State.StartedAt}}' %s", id);
	assert_non_null(t1);
	assert_non_null(t2);
	assert_string_not_equal(t1, t2);
	free(t1);
	free(t2);
	t1 = engine_state(id);
	assert_string_equal(t1, "running");
	free(t1);
	assert_int_equal(
	    it_audit_count(it.log, it.host, "restart", id, "ok"), 1);
	free(id);
}

static void
test_kill_offers_signals(void **state)
{
	struct console *a = it.app;
	char *id = run_app("kill", NULL);
	char *scr, *code;

	select_row(a, "containers", id);
	it_press(a, "C-k");
	scr = screen(a);
	assert_non_null(strstr(scr, "SIGKILL"));
	assert_non_null(strstr(scr, "SIGTERM"));
	assert_non_null(strstr(scr, "SIGUSR2"));
	free(scr);
	/* SIGKILL is first and chosen: Enter sends it. */
	it_press(a, "Enter");
	expect_state(a, id, "exited", "killed ");
	code = it_capture("docker inspect -f '{{.State.ExitCode}}' %s", id);
	assert_non_null(code);
	assert_string_equal(code, "137");
	free(code);
	assert_int_equal(
	    it_audit_count(it.log, it.host, "kill SIGKILL", id, "ok"), 1);
	free(id);
}

/* The anonymous volume of a container (owned). */
static char *
anon_volume(const char *id)
{
	char *v = it_capture("docker inspect -f '{{range .Mounts}}{{.Name}}"
			     "{{end}}' %s",
	    id);

	assert_non_null(v);
	assert_true(strlen(v) > 0);
	return v;
}

static void
test_remove_with_and_without_volumes(void **state)
{
	struct console *a = it.app;
	char *id1 = run_app("rm1", "-v /data");
	char *id2 = run_app("rm2", "-v /data");
	char *v1 = anon_volume(id1), *v2 = anon_volume(id2), *st, *scr;

	/* Running, without force: the engine refuses and says why. */
	select_row(a, "containers", id1);
	it_press(a, "d");
	scr = screen(a);
	assert_non_null(strstr(scr, "force"));
	assert_non_null(strstr(scr, "anonymous volumes"));
	free(scr);
	it_press(a, "y");
	{
		struct status_want sw = {a, "running container"};

		wait_for(a, pred_status, &sw, 20, "the engine's refusal");
	}
	st = engine_state(id1);
	assert_string_equal(st, "running");
	free(st);
	assert_int_equal(
	    it_audit_count(it.log, it.host, "remove", id1, "error: "), 1);

	/* Force, and its volumes: Space, down, Space. */
	select_row(a, "containers", id1);
	it_press(a, "d");
	it_press(a, "Space");
	it_press(a, "j");
	it_press(a, "Space");
	it_press(a, "y");
	expect_state(a, id1, "gone", "removed ");
	assert_false(it_exists("volume", v1));
	assert_int_equal(it_audit_count(it.log, it.host,
			     "remove (force, volumes)", id1, "ok"),
	    1);

	/* Force only: the anonymous volume stays. */
	select_row(a, "containers", id2);
	it_press(a, "d");
	it_press(a, "Space");
	it_press(a, "y");
	expect_state(a, id2, "gone", "removed ");
	assert_true(it_exists("volume", v2));
	assert_int_equal(
	    it_audit_count(it.log, it.host, "remove (force)", id2, "ok"), 1);
	it_run("docker volume rm %s >/dev/null 2>&1", v2);
	free(v1);
	free(v2);
	free(id1);
	free(id2);
}

static bool
pred_named(void *arg)
{
	char *name =
	    it_capture("docker inspect -f '{{.Name}}' %s", (const char *)arg);
	bool yes = name != NULL && strstr(name, "renamed") != NULL;

	free(name);
	return yes;
}

static void
test_rename(void **state)
{
	struct console *a = it.app;
	char *id = run_app("old", NULL);
	char *want = xasprintf("%srenamed", it.prefix), *name, *scr;

	select_row(a, "containers", id);
	it_press(a, "F2");
	scr = screen(a);
	assert_non_null(strstr(scr, "new name:"));
	assert_non_null(strstr(scr, it.host));
	free(scr);
	app_feed_key(a, WKEY_CTRL('u'));
	it_type(a, want);
	it_press(a, "Enter");
	wait_for(a, pred_named, id, 20, "the new name");
	name = it_capture("docker inspect -f '{{.Name}}' %s", id);
	assert_non_null(name);
	assert_string_equal(name + 1, want);
	free(name);
	{
		struct status_want sw = {a, "renamed "};

		wait_for(a, pred_status, &sw, 10, "renamed");
	}
	name = xasprintf("rename to %s", want);
	assert_int_equal(it_audit_count(it.log, it.host, name, id, "ok"), 1);
	free(name);
	free(want);
	free(id);
}

static void
test_bulk_stop_of_three_marked(void **state)
{
	struct console *a = it.app;
	char *ids[3], *scr;
	struct pane *p;

	ids[0] = run_app("bulk1", NULL);
	ids[1] = run_app("bulk2", NULL);
	ids[2] = run_app("bulk3", NULL);
	for (int i = 0; i < 3; i++) {
		p = select_row(a, "containers", ids[i]);
		it_press(a, "Space");
	}
	assert_int_equal(pane_mark_count(p), 3);
	it_press(a, "s");
	/* One question, naming all three and the engine. */
	scr = screen(a);
	assert_non_null(strstr(scr, "Stop 3 containers on the engine"));
	for (int i = 1; i <= 3; i++) {
		char *n = xasprintf("%sbulk%d", it.prefix, i);

		assert_non_null(strstr(scr, n));
		free(n);
	}
	free(scr);
	it_press(a, "y");
	assert_int_equal(pane_mark_count(p), 0);
	for (int i = 0; i < 3; i++) {
		struct state_want w = {ids[i], "exited"};

		wait_for(a, pred_state, &w, 40, "exited");
	}
	{
		struct status_want sw = {a, "stopped 3 of 3"};

		wait_for(a, pred_status, &sw, 20, "stopped 3 of 3");
	}
	for (int i = 0; i < 3; i++) {
		assert_int_equal(
		    it_audit_count(it.log, it.host, "stop", ids[i], "ok"), 1);
		free(ids[i]);
	}
}

static bool
pred_image(void *arg)
{
	return it_exists("image", arg);
}

static bool
pred_no_image(void *arg)
{
	return !pred_image(arg);
}

static void
test_image_tag_untag_and_remove(void **state)
{
	struct console *a = it.app;
	char *base = it_capture("docker image inspect -f '{{.Id}}' "
				"berth-test/base");
	char *tag = xasprintf("berth-it-%s/tagged:1", it.rid), *scr, *cid;
	char *img = xasprintf("berth-it-%s/commit:1", it.rid), *img_id;
	const struct docker_image *im;
	size_t idx = SIZE_MAX;

	assert_non_null(base);
	select_row(a, "images", base);
	it_press(a, "T");
	scr = screen(a);
	assert_non_null(strstr(scr, "repo:tag:"));
	free(scr);
	app_feed_key(a, WKEY_CTRL('u'));
	it_type(a, tag);
	it_press(a, "Enter");
	wait_for(a, pred_image, tag, 20, "the new tag");
	wait_report(a, "tagged ");
	assert_int_equal(
	    it_audit_count(it.log, it.host, NULL, base, "ok") >= 1, 1);

	/* d on an image with several tags offers to untag one. */
	select_row(a, "images", base);
	im = store_image(&console_engine(a)->store, base);
	assert_non_null(im);
	for (size_t i = 0; im->repo_tags[i]; i++)
		if (strcmp(im->repo_tags[i], tag) == 0)
			idx = i;
	assert_true(idx != SIZE_MAX);
	it_press(a, "d");
	scr = screen(a);
	assert_non_null(strstr(scr, "untag "));
	assert_non_null(strstr(scr, "remove the image with all"));
	free(scr);
	for (size_t i = 0; i < idx; i++)
		it_press(a, "j");
	it_press(a, "Enter");
	wait_for(a, pred_no_image, tag, 20, "the tag to go");
	wait_report(a, "untagged ");
	assert_true(it_exists("image", "berth-test/base:latest"));
	assert_true(it_exists("image", "berth-test/base:1.0"));
	assert_int_equal(
	    it_audit_count(it.log, it.host, "untag", tag, "ok"), 1);

	/* An image of its own, with one tag: d removes it. */
	cid = xasprintf("%scommit", it.prefix);
	assert_int_equal(
	    it_run("docker run --name %s --label %s berth-test/base "
		   "sh -c 'echo %s > /f' && docker commit %s %s >/dev/null && "
		   "docker rm %s >/dev/null",
		cid, it.label, it.rid, cid, img, cid),
	    0);
	img_id = it_capture("docker image inspect -f '{{.Id}}' %s", img);
	assert_non_null(img_id);
	select_row(a, "images", img_id);
	it_press(a, "d");
	scr = screen(a);
	assert_non_null(strstr(scr, "Remove 1 image on the engine"));
	assert_non_null(strstr(scr, img));
	free(scr);
	it_press(a, "y");
	wait_for(a, pred_no_image, img_id, 20, "the image to go");
	wait_report(a, "removed ");
	assert_int_equal(
	    it_audit_count(it.log, it.host, "remove", img_id, "ok"), 1);

	/*
	 * An image named in two repositories (as after T for a registry):
	 * "remove the image with all its tags" removes it, although the
	 * engine refuses that unless forced.
	 */
	free(img_id);
	assert_int_equal(
	    it_run("docker run --name %s --label %s berth-test/base "
		   "sh -c 'echo two > /f' && docker commit %s %s >/dev/null && "
		   "docker tag %s %s-other && docker rm %s >/dev/null",
		cid, it.label, cid, img, img, tag, cid),
	    0);
	img_id = it_capture("docker image inspect -f '{{.Id}}' %s", img);
	assert_non_null(img_id);
	select_row(a, "images", img_id);
	im = store_image(&console_engine(a)->store, img_id);
	assert_non_null(im);
	assert_int_equal(strv_len(im->repo_tags), 2);
	it_press(a, "d");
	scr = screen(a);
	assert_non_null(strstr(scr, "remove the image with all 2 tags"));
	free(scr);
	it_press(a, "j");
	it_press(a, "j");
	it_press(a, "Enter");
	wait_for(
	    a, pred_no_image, img_id, 20, "the two-repository image to go");
	wait_report(a, "removed ");
	assert_int_equal(
	    it_audit_count(it.log, it.host, "remove", img_id, "ok"), 1);

	free(cid);
	free(img);
	free(img_id);
	free(tag);
	free(base);
}

static bool
pred_no_volume(void *arg)
{
	return !it_exists("volume", arg);
}

static bool
pred_no_network(void *arg)
{
	return !it_exists("network", arg);
}

static void
test_volume_and_network_remove(void **state)
{
	struct console *a = it.app;
	char *vol = xasprintf("%svol", it.prefix);
	char *net = xasprintf("%snet", it.prefix), *net_id, *scr, *lbl;

	assert_int_equal(it_run("docker volume create --label %s %s >/dev/null",
			     it.label, vol),
	    0);
	lbl = xasprintf("--label %s", it.label);
	assert_int_equal(it_network_create(lbl, net), 0);
	free(lbl);
	net_id = it_capture("docker network inspect -f '{{.Id}}' %s", net);
	assert_non_null(net_id);

	select_row(a, "volumes", vol);
	it_press(a, "d");
	scr = screen(a);
	assert_non_null(strstr(scr, "Remove 1 volume on the engine"));
	assert_non_null(strstr(scr, vol));
	free(scr);
	it_press(a, "y");
	wait_for(a, pred_no_volume, vol, 20, "the volume to go");
	wait_report(a, "removed ");
	assert_int_equal(
	    it_audit_count(it.log, it.host, "remove", vol, "ok"), 1);

	select_row(a, "networks", net_id);
	it_press(a, "d");
	scr = screen(a);
	assert_non_null(strstr(scr, "Remove 1 network on the engine"));
	assert_non_null(strstr(scr, net));
	free(scr);
	it_press(a, "y");
	wait_for(a, pred_no_network, net_id, 20, "the network to go");
	wait_report(a, "removed ");
	assert_int_equal(
	    it_audit_count(it.log, it.host, "remove", net_id, "ok"), 1);
	free(vol);
	free(net);
	free(net_id);
}

/* Every line: ISO time, endpoint, action, objects, result; private files. */
static void
test_audit_log_format(void **state)
{
	char *text = it_file_text(it.log), *line, *save = NULL, *dir;
	struct stat st;
	size_t n = 0;

	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		int tabs = 0;
		struct tm tm;
		const char *end;

		for (char *c = line; *c; c++)
			if (*c == '\t')
				tabs++;
		assert_int_equal(tabs, 4);
		memset(&tm, 0, sizeof tm);
		end = strptime(line, "%Y-%m-%dT%H:%M:%SZ\t", &tm);
		assert_non_null(end);
		assert_true(tm.tm_year >= 120);
		n++;
	}
	free(text);
	/* The tests before made at least this many changes. */
	assert_true(n >= 15);
	assert_int_equal(stat(it.log, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	dir = xstrdup(it.log);
	*strrchr(dir, '/') = '\0';
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	free(dir);
}

/* A changing key in read-only mode: refused at once, one log line. */
static void
ro_press(struct console *ro, const char *key, size_t *presses)
{
	it_press(ro, key);
	(*presses)++;
	/* Nothing opens: the refusal comes before any question. */
	assert_false(console_overlay_open(ro));
	it_press(ro, "y");
	assert_false(console_overlay_open(ro));
	assert_true(status_has(ro, "READ-ONLY"));
	if (!status_has(ro, "refused"))
		fail_msg("key %s was not refused", key);
	assert_int_equal(audit_lines(), *presses);
}

/* Nothing changes in read-only mode, and the log holds only refusals. */
static void
test_read_only_refuses_everything(void **state)
{
	struct console *ro = app_make(true);
	char *id = run_app("ro", NULL);
	char *base = it_capture("docker image inspect -f '{{.Id}}' "
				"berth-test/base");
	char *vol = xasprintf("%srovol", it.prefix), *t1, *t2, *imgs1, *imgs2;
	char *prev_log = it.log, *st, *id2;
	static const char *const ckeys[] = {
	    "s", "S", "R", "p", "C-k", "d", "F2", "r", "a", "P", NULL};
	static const char *const ikeys[] = {"d", "T", "U", "u", "r", "P", NULL};
	static const char *const vkeys[] = {"d", "C", "P", NULL};
	char tmpl[] = "/tmp/berth-it-ro-XXXXXX";
	size_t presses = 0;

	assert_non_null(base);
	assert_int_equal(it_run("docker volume create --label %s %s >/dev/null",
			     it.label, vol),
	    0);
	assert_non_null(mkdtemp(tmpl));
	setenv("XDG_STATE_HOME", tmpl, 1);
	it.log = audit_path();
	t1 = it_capture("docker inspect -f '{{.State.StartedAt}}' %s", id);
	imgs1 =
	    it_capture("docker images -q --no-trunc | sort; docker volume ls "
		       "-q | sort");

	select_row(ro, "containers", id);
	for (size_t i = 0; ckeys[i]; i++)
		ro_press(ro, ckeys[i], &presses);
	select_row(ro, "images", base);
	for (size_t i = 0; ikeys[i]; i++)
		ro_press(ro, ikeys[i], &presses);
	select_row(ro, "volumes", vol);
	for (size_t i = 0; vkeys[i]; i++)
		ro_press(ro, vkeys[i], &presses);
	/*
	 * Defence in depth: past the app's refusal (lifecycle_run called as
	 * if a key had got through), the question opens but the answer
	 * sends nothing.
	 */
	select_row(ro, "containers", id);
	assert_true(lifecycle_run(ro, console_active_pane(ro), ACTION_STOP));
	assert_true(console_overlay_open(ro));
	it_press(ro, "y");
	assert_false(console_overlay_open(ro));
	presses++;
	assert_int_equal(
	    it_audit_count(it.log, it.host, "stop", id, "refused: read-only"),
	    2);
	assert_true(lifecycle_run(ro, console_active_pane(ro), ACTION_PULL));
	assert_true(console_overlay_open(ro));
	app_feed_key(ro, WKEY_CTRL('u'));
	it_type(ro, "berth-test/base:latest");
	it_press(ro, "Enter");
	assert_false(console_overlay_open(ro));
	presses++;
	assert_int_equal(it_audit_count(it.log, it.host, "pull",
			     "berth-test/base:latest", "refused: read-only"),
	    1);
	for (int i = 0; i < 10; i++)
		pump(ro);

	st = engine_state(id);
	assert_string_equal(st, "running");
	free(st);
	t2 = it_capture("docker inspect -f '{{.State.StartedAt}}' %s", id);
	assert_non_null(t1);
	assert_non_null(t2);
	assert_string_equal(t1, t2);
	imgs2 =
	    it_capture("docker images -q --no-trunc | sort; docker volume ls "
		       "-q | sort");
	assert_non_null(imgs1);
	assert_non_null(imgs2);
	assert_string_equal(imgs1, imgs2);
	assert_true(it_exists("volume", vol));
	/* One refusal per key press, and nothing else. */
	assert_int_equal(audit_lines(), presses);
	assert_int_equal(
	    it_audit_count(it.log, it.host, NULL, NULL, "refused: read-only"),
	    presses);
	assert_int_equal(it_audit_count(it.log, it.host, "remove", vol,
			     "refused: read-only"),
	    1);

	/* A refused bulk action logs one line per marked object. */
	id2 = run_app("ro2", NULL);
	select_row(ro, "containers", id);
	it_press(ro, "Space");
	select_row(ro, "containers", id2);
	it_press(ro, "Space");
	it_press(ro, "s");
	assert_false(console_overlay_open(ro));
	assert_int_equal(audit_lines(), presses + 2);
	assert_int_equal(
	    it_audit_count(it.log, it.host, "stop", id, "refused: read-only"),
	    3);
	assert_int_equal(
	    it_audit_count(it.log, it.host, "stop", id2, "refused: read-only"),
	    1);
	st = engine_state(id2);
	assert_string_equal(st, "running");
	free(st);
	free(id2);

	app_free(ro);
	it_run("rm -rf '%s'", tmpl);
	free(it.log);
	it.log = prev_log;
	setenv("XDG_STATE_HOME", it.state, 1);
	free(t1);
	free(t2);
	free(imgs1);
	free(imgs2);
	free(vol);
	free(base);
	free(id);
}

/* A registry on loopback for the pull and push tests. */
static struct {
	pid_t pid;
	int port;
	char *dir;
} reg;

static int
registry_setup(void **state)
{
	char tmpl[] = "/tmp/berth-it-registry-XXXXXX";

	if (mkdtemp(tmpl) == NULL)
		return -1;
	reg.dir = xstrdup(tmpl);
	reg.pid = it_registry("actions", reg.dir, NULL, &reg.port);
	return reg.pid > 0 ? 0 : -1;
}

static int
registry_teardown(void **state)
{
	it_stop(reg.pid);
	reg.pid = 0;
	if (reg.dir)
		it_run("rm -rf '%s'", reg.dir);
	free(reg.dir);
	reg.dir = NULL;
	return 0;
}

struct pull_watch {
	struct console *app;
	bool saw_overlay; /* the progress view was drawn */
};

static bool
pred_overlay_closed(void *arg)
{
	struct pull_watch *w = arg;
	char *s;

	if (!console_overlay_open(w->app))
		return true;
	s = screen(w->app);
	if (strstr(s, "Pulling ") || strstr(s, "Pushing "))
		w->saw_overlay = true;
	free(s);
	return false;
}

/* Pulls ref through the u prompt; returns the status bar's text (owned). */
static char *
pull_through_berth(
    struct console *a, const char *key, const char *ref, struct pull_watch *w)
{
	it_press(a, key);
	assert_true(console_overlay_open(a));
	app_feed_key(a, WKEY_CTRL('u'));
	it_type(a, ref);
	it_press(a, "Enter");
	w->app = a;
	wait_for(a, pred_overlay_closed, w, 60, "the transfer to end");
	return status(a);
}

static void
test_pull_and_push_with_progress(void **state)
{
	struct console *a = it.app;
	char *ref =
	    xasprintf("127.0.0.1:%d/berth-it-%s/base:1", reg.port, it.rid);
	char *big =
	    xasprintf("127.0.0.1:%d/berth-it-%s/big:1", reg.port, it.rid);
	char *pushed =
	    xasprintf("127.0.0.1:%d/berth-it-%s/pushed:2", reg.port, it.rid);
	char *cid = xasprintf("%sbig", it.prefix), *s, *tags;
	struct pull_watch w = {0};

	/* The engine pushes to a loopback registry over plain HTTP. */
	assert_int_equal(
	    it_run("docker tag berth-test/base %s && docker push %s "
		   ">/dev/null && docker rmi %s >/dev/null",
		ref, ref, ref),
	    0);
	assert_false(it_exists("image", ref));
	assert_true(console_show_pane(a, "images"));
	s = pull_through_berth(a, "u", ref, &w);
	if (strstr(s, "pulled ") == NULL)
		fail_msg("status after the pull: %s", s);
	/* The engine's last message arrived: the stream was read to its end. */
	assert_non_null(strstr(s, "newer image"));
	free(s);
	assert_true(it_exists("image", ref));
	assert_int_equal(it_audit_count(it.log, it.host, "pull", ref, "ok"), 1);

	/* Layers the engine lacks: bars per layer, then complete. */
	assert_int_equal(
	    it_run(
		"docker run --name %s --label %s berth-test/base "
		"sh -c 'head -c 2000000 /dev/urandom > /big' && docker commit "
		"%s "
		"%s >/dev/null && docker rm %s >/dev/null && docker push %s "
		">/dev/null && docker rmi %s >/dev/null",
		cid, it.label, cid, big, cid, big, big),
	    0);
	memset(&w, 0, sizeof w);
	s = pull_through_berth(a, "u", big, &w);
	if (strstr(s, "pulled ") == NULL || strstr(s, "0 layers"))
		fail_msg("status after the pull: %s", s);
	free(s);
	assert_true(it_exists("image", big));
	assert_true(w.saw_overlay);
	assert_int_equal(it_audit_count(it.log, it.host, "pull", big, "ok"), 1);

	/* An error inside the stream stays on screen until a key. */
	s = xasprintf("127.0.0.1:%d/berth-it-%s/base:nope", reg.port, it.rid);
	it_press(a, "u");
	app_feed_key(a, WKEY_CTRL('u'));
	it_type(a, s);
	it_press(a, "Enter");
	{
		struct status_want sw = {a, "pull "};

		wait_for(a, pred_status, &sw, 30, "the pull error");
	}
	{
		char *scr = screen(a);

		assert_true(console_overlay_open(a));
		assert_non_null(strstr(scr, "manifest unknown"));
		assert_non_null(strstr(scr, "any key closes"));
		free(scr);
	}
	it_press(a, "Esc");
	assert_false(console_overlay_open(a));
	assert_int_equal(
	    it_audit_count(it.log, it.host, "pull", s, "error: "), 1);
	free(s);

	/* Push through berth, with the anonymous X-Registry-Auth. */
	assert_int_equal(it_run("docker tag berth-test/base %s", pushed), 0);
	tags = it_capture("docker image inspect -f '{{.Id}}' %s", pushed);
	assert_non_null(tags);
	select_row(a, "images", tags);
	free(tags);
	memset(&w, 0, sizeof w);
	s = pull_through_berth(a, "U", pushed, &w);
	if (strstr(s, "pushed ") == NULL)
		fail_msg("status after the push: %s", s);
	free(s);
	tags = it_capture("curl -sf http://127.0.0.1:%d/v2/berth-it-%s/pushed/"
			  "tags/list",
	    reg.port, it.rid);
	assert_non_null(tags);
	assert_non_null(strstr(tags, "\"2\""));
	free(tags);
	assert_int_equal(
	    it_audit_count(it.log, it.host, "push", pushed, "ok"), 1);
	free(ref);
	free(big);
	free(pushed);
	free(cid);
}

static void
test_parse_ref(void **state)
{
	char *n, *t, *c = NULL;

	assert_true(pull_parse_ref("busybox", &n, &t, &c));
	assert_string_equal(n, "busybox");
	assert_string_equal(t, "latest");
	free(n);
	free(t);
	assert_true(pull_parse_ref("127.0.0.1:5000/a/b:1.2", &n, &t, &c));
	assert_string_equal(n, "127.0.0.1:5000/a/b");
	assert_string_equal(t, "1.2");
	free(n);
	free(t);
	assert_true(pull_parse_ref("127.0.0.1:5000/a", &n, &t, &c));
	assert_string_equal(n, "127.0.0.1:5000/a");
	assert_string_equal(t, "latest");
	free(n);
	free(t);
	assert_true(pull_parse_ref("a/b@sha256:0123", &n, &t, &c));
	assert_string_equal(n, "a/b");
	assert_string_equal(t, "sha256:0123");
	free(n);
	free(t);
	assert_false(pull_parse_ref("a b", &n, &t, &c));
	free(c);
	c = NULL;
	assert_false(pull_parse_ref("a?x=1", &n, &t, &c));
	free(c);
	c = NULL;
	assert_false(pull_parse_ref("a:", &n, &t, &c));
	free(c);
	c = NULL;
	assert_false(pull_parse_ref("", &n, &t, &c));
	free(c);
	c = NULL;
	assert_false(pull_parse_ref("a//b", &n, &t, &c));
	free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_ref),
	    cmocka_unit_test(test_stop_asks_then_stops_and_start_starts),
	    cmocka_unit_test(test_pause_unpause_restart),
	    cmocka_unit_test(test_kill_offers_signals),
	    cmocka_unit_test(test_remove_with_and_without_volumes),
	    cmocka_unit_test(test_rename),
	    cmocka_unit_test(test_bulk_stop_of_three_marked),
	    cmocka_unit_test(test_image_tag_untag_and_remove),
	    cmocka_unit_test(test_volume_and_network_remove),
	    cmocka_unit_test_setup_teardown(test_pull_and_push_with_progress,
		registry_setup, registry_teardown),
	    cmocka_unit_test(test_audit_log_format),
	    cmocka_unit_test(test_read_only_refuses_everything),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
