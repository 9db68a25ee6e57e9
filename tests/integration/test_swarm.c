/*
 * Swarm actions against a real single-node swarm: the engine of
 * tests/engine/swarm-start (an isolated dockerd of its own made a swarm
 * manager on loopback; never the shared test engine). Services, a stack
 * and a node are driven like a user (key, question or prompt, answer) in
 * a headless console and checked with the docker CLI: scale, force
 * update, rollback, remove, drain and activate, node labels, secret and
 * config create and remove, stack remove, and the refusals in read-only
 * mode. Everything made carries org.berth.it=RID and is removed after.
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

#include "api/xalloc.h"
#include "tests/support/it.h"
#include "tests/support/screen.h"
#include "tui/core/app.h"
#include "tui/core/console.h"
#include "tui/core/audit.h"
#include "tui/core/config.h"
#include "tui/core/keymap.h"
#include "tui/core/pane.h"
#include "tui/core/store.h"
#include "tui/parts.h"

#define ROWS 30
#define COLS 160
/* The test image by its id (the shell expands it). */
#define SWARM_IMAGE "$(docker image inspect -f '{{.Id}}' berth-test/base)"

static struct {
	struct console *app;
	WINDOW *win;
	char rid[9];
	char *label, *web, *stack, *dir, *log;
} it;

static struct console *
app_make(bool read_only)
{
	struct docker *d = it_connect("swarm");
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

static void
cleanup(void)
{
	if (it.label == NULL)
		return;
	it_run("docker service ls -q --filter label=%s | xargs -r docker "
	       "service rm >/dev/null 2>&1",
	    it.label);
	it_run("docker secret ls -q --filter label=%s | xargs -r docker "
	       "secret rm >/dev/null 2>&1",
	    it.label);
	it_run("docker config ls -q --filter label=%s | xargs -r docker "
	       "config rm >/dev/null 2>&1",
	    it.label);
	sleep(1);
	it_run("docker network ls -q --filter label=%s | xargs -r docker "
	       "network rm >/dev/null 2>&1",
	    it.label);
	/* node update takes no "self": the node's id. */
	it_run("docker node update --availability active --label-rm itzone "
	       "$(docker info -f '{{.Swarm.NodeID}}') >/dev/null 2>&1");
}

static int
group_setup(void **state)
{
	char tmpl[] = "/tmp/berth-it-swarm-XXXXXX";
	char *host = it_capture("tests/engine/swarm-start 2>/dev/null");

	if (host == NULL || mkdtemp(tmpl) == NULL) {
		fprintf(stderr, "swarm: tests/engine/swarm-start failed\n");
		free(host);
		return -1;
	}
	setenv("DOCKER_HOST", host, 1);
	free(host);
	it.dir = xstrdup(tmpl);
	{
		char *st = xasprintf("%s/state", tmpl);

		setenv("XDG_STATE_HOME", st, 1);
		free(st);
	}
	it.log = audit_path();
	it_random_id(it.rid);
	it.label = xasprintf("org.berth.it=%s", it.rid);
	it.web = xasprintf("itweb%s", it.rid);
	it.stack = xasprintf("itst%s", it.rid);
	/*
	 * By image id, not resolved: a name sends the engine to a registry
	 * for its digest before each task starts.
	 */
	if (it_run("docker service create -d -q --no-resolve-image --label "
		   "%s --name %s --replicas 1 " SWARM_IMAGE
		   " sleep 3600 >/dev/null 2>&1",
		it.label, it.web) != 0 ||
	    it_run("docker network create -d overlay --label %s --label "
		   "com.docker.stack.namespace=%s %s_net >/dev/null",
		it.label, it.stack, it.stack) != 0 ||
	    it_run("docker service create -d -q --no-resolve-image --label "
		   "%s --label com.docker.stack.namespace=%s --name %s_app "
		   "--network %s_net " SWARM_IMAGE
		   " sleep 3600 >/dev/null 2>&1",
		it.label, it.stack, it.stack, it.stack) != 0)
		return -1;
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
	if (it.dir)
		it_run("rm -rf '%s'", it.dir);
	free(it.dir);
	free(it.label);
	free(it.web);
	free(it.stack);
	free(it.log);
	return 0;
}

static void
load(struct console *a, enum store_kind k)
{
	struct store *s = &console_engine(a)->store;
	double end = it_now() + 20;

	store_refresh(s, k);
	while ((s->call[k] != NULL || s->again[k]) && it_now() < end)
		app_pump(a, 50);
	assert_true(s->loaded[k]);
}

static char *
screen(struct console *a)
{
	app_draw_to(a, it.win, ROWS, COLS);
	return ts_dump(it.win);
}

static void
keys(struct console *a, const char *names)
{
	char *copy = xstrdup(names), *save = NULL;

	for (char *k = strtok_r(copy, " ", &save); k;
	     k = strtok_r(NULL, " ", &save)) {
		int key;

		if (!keymap_parse_key(k, &key))
			fail_msg("bad key name %s", k);
		app_feed_key(a, key);
		app_pump(a, 10);
	}
	free(copy);
}

static void
type(struct console *a, const char *text)
{
	for (const char *c = text; *c; c++)
		app_feed_key(a, (unsigned char)*c);
}

/* Pumps until the shell command prints want; fails after 30 s. */
static void
wait_cli(struct console *a, const char *cmd, const char *want)
{
	double end = it_now() + 30;
	char *got = NULL;

	for (;;) {
		free(got);
		got = it_capture("%s", cmd);
		if (got && strcmp(got, want) == 0)
			break;
		if (it_now() > end) {
			char *s = screen(a);

			fail_msg("%s: \"%s\", not \"%s\"; screen:\n%s", cmd,
			    got ? got : "(failed)", want, s);
		}
		app_pump(a, 100);
	}
	free(got);
}

static struct pane *
select_row(struct console *a, const char *pane, enum kind k, const char *id)
{
	struct pane *p;

	assert_true(console_show_pane(a, pane));
	load(a, (enum store_kind)k);
	p = console_active_pane(a);
	pane_sync(p, true);
	if (!pane_select_id(p, id))
		fail_msg("%s is not listed in %s", id, pane);
	return p;
}

static char *
id_of(const char *what, const char *name)
{
	char *id = it_capture(
	    "docker %s inspect -f '{{.ID}}' %s 2>/dev/null", what, name);

	assert_non_null(id);
	return id;
}

static bool
log_has(const char *text)
{
	char *s = it_capture("cat '%s'", it.log);
	bool yes = s && strstr(s, text);

	free(s);
	return yes;
}

/* Pumps until the audit log holds text (the answer came); 20 s at most. */
static bool
wait_log(struct console *a, const char *text)
{
	double end = it_now() + 20;

	while (!log_has(text))
		if (it_now() > end)
			return false;
		else
			app_pump(a, 50);
	return true;
}

static void
test_service_scale_restart_rollback(void **state)
{
	struct console *a = it.app;
	char *id = id_of("service", it.web), *cmd;

	(void)state;
	select_row(a, "services", KIND_SERVICE, id);
	keys(a, "s C-u");
	type(a, "3");
	keys(a, "Enter");
	cmd = xasprintf("docker service inspect -f "
			"'{{.Spec.Mode.Replicated.Replicas}}' %s",
	    it.web);
	wait_cli(a, cmd, "3");
	free(cmd);
	assert_true(wait_log(a, "scale to 3\titweb"));
	/* R: a force update, ForceUpdate goes from 0 to 1. */
	select_row(a, "services", KIND_SERVICE, id);
	keys(a, "R y");
	cmd = xasprintf("docker service inspect -f "
			"'{{.Spec.TaskTemplate.ForceUpdate}}' %s",
	    it.web);
	wait_cli(a, cmd, "1");
	free(cmd);
	/* b: back to the previous spec (the one before the force). */
	select_row(a, "services", KIND_SERVICE, id);
	keys(a, "b y");
	cmd = xasprintf("docker service inspect -f "
			"'{{.Spec.TaskTemplate.ForceUpdate}}' %s",
	    it.web);
	wait_cli(a, cmd, "0");
	free(cmd);
	free(id);
}

static void
test_node_drain_label(void **state)
{
	struct console *a = it.app;
	char *id = it_capture("docker info -f '{{.Swarm.NodeID}}'");

	(void)state;
	assert_non_null(id);
	select_row(a, "nodes", KIND_NODE, id);
	keys(a, "D y");
	wait_cli(
	    a, "docker node inspect -f '{{.Spec.Availability}}' self", "drain");
	select_row(a, "nodes", KIND_NODE, id);
	keys(a, "A y");
	wait_cli(a, "docker node inspect -f '{{.Spec.Availability}}' self",
	    "active");
	select_row(a, "nodes", KIND_NODE, id);
	keys(a, "L");
	type(a, "itzone=a");
	keys(a, "Enter");
	wait_cli(a,
	    "docker node inspect -f '{{index .Spec.Labels \"itzone\"}}' self",
	    "a");
	select_row(a, "nodes", KIND_NODE, id);
	keys(a, "L");
	type(a, "-itzone");
	keys(a, "Enter");
	wait_cli(a, "docker node inspect -f '{{len .Spec.Labels}}' self", "0");
	free(id);
}

static void
test_secret_create_remove(void **state)
{
	struct console *a = it.app;
	char *file = xasprintf("%s/pw", it.dir), *name, *cmd, *id;
	FILE *f = fopen(file, "w");

	(void)state;
	assert_non_null(f);
	fputs("hunter2-secret-data", f);
	fclose(f);
	name = xasprintf("itpw%s", it.rid);
	assert_true(console_show_pane(a, "secrets"));
	keys(a, "C");
	type(a, name);
	keys(a, "Tab");
	type(a, file);
	keys(a, "Tab");
	type(a, it.label);
	keys(a, "C-s");
	cmd = xasprintf("docker secret ls -q --filter name=%s | wc -l", name);
	wait_cli(a, cmd, "1");
	free(cmd);
	/* The data reached the engine, not the audit log. */
	assert_true(wait_log(a, name));
	assert_false(log_has("hunter2"));
	id = id_of("secret", name);
	select_row(a, "secrets", KIND_SECRET, id);
	keys(a, "d y");
	cmd = xasprintf("docker secret ls -q --filter name=%s | wc -l", name);
	wait_cli(a, cmd, "0");
	free(cmd);
	free(id);
	free(name);
	free(file);
}

static void
test_config_from_text(void **state)
{
	struct console *a = it.app;
	char *name = xasprintf("itconf%s", it.rid), *cmd;

	(void)state;
	assert_true(console_show_pane(a, "configs"));
	keys(a, "C");
	type(a, name);
	keys(a, "Tab Tab");
	type(a, "listen 80");
	keys(a, "Tab");
	type(a, it.label);
	keys(a, "C-s");
	cmd = xasprintf("docker config inspect -f '{{printf \"%%s\" "
			".Spec.Data}}' %s 2>/dev/null",
	    name);
	wait_cli(a, cmd, "listen 80");
	free(cmd);
	free(name);
}

static void
test_read_only_refuses(void **state)
{
	struct console *a = app_make(true);
	char *id = id_of("service", it.web);

	(void)state;
	select_row(a, "services", KIND_SERVICE, id);
	keys(a, "d");
	app_pump(a, 50);
	assert_false(console_overlay_open(a));
	assert_true(log_has("remove\titweb"));
	assert_true(log_has("refused: read-only"));
	app_free(a);
	assert_int_equal(
	    it_run("docker service inspect %s >/dev/null 2>&1", it.web), 0);
	free(id);
}

static void
test_stack_and_service_remove(void **state)
{
	struct console *a = it.app;
	char *cmd, *id = id_of("service", it.web);

	(void)state;
	select_row(a, "stacks", KIND_SERVICE, it.stack);
	keys(a, "d y");
	cmd = xasprintf("docker service ls -q --filter label="
			"com.docker.stack.namespace=%s | wc -l",
	    it.stack);
	wait_cli(a, cmd, "0");
	free(cmd);
	cmd = xasprintf(
	    "docker network ls -q --filter name=%s_net | wc -l", it.stack);
	wait_cli(a, cmd, "0");
	free(cmd);
	select_row(a, "services", KIND_SERVICE, id);
	keys(a, "d y");
	cmd =
	    xasprintf("docker service ls -q --filter name=%s | wc -l", it.web);
	wait_cli(a, cmd, "0");
	free(cmd);
	free(id);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_service_scale_restart_rollback),
	    cmocka_unit_test(test_node_drain_label),
	    cmocka_unit_test(test_secret_create_remove),
	    cmocka_unit_test(test_config_from_text),
	    cmocka_unit_test(test_read_only_refuses),
	    cmocka_unit_test(test_stack_and_service_remove),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
