/*
 * Swarm actions against a real single-node swarm: the engine of
 * tests/engine/swarm-start (an isolated dockerd of its own made a swarm
 * manager on loopback; never the shared test engine). Services, a stack
 * and a node are driven like a user (key, question or prompt, answer) in
 * a headless console and checked with the docker CLI: scale, force
 * update, rollback, a rolling update to another local image (by its id:
 * no registry asked; the UPDATE column during and after), remove, drain,
 * pause and activate, node labels, secret and config create and remove,
 * stack remove, each in the audit log, and every swarm action refused in
 * read-only mode with its audit line. Everything made carries
 * org.berth.it=RID and is removed after.
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
#include "tui/core/console_priv.h"
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
	/* The update's image, once the tasks using it have stopped. */
	for (int i = 0; i < 20; i++) {
		it_run("docker image ls -q --filter label=%s | xargs -r docker "
		       "image rm -f >/dev/null 2>&1",
		    it.label);
		if (it_run("[ -z \"$(docker image ls -q --filter label=%s)\" ]",
			it.label) == 0)
			break;
		sleep(1);
	}
	/*
	 * node update takes no "self": the node's id. Two updates: a
	 * --label-rm of a label the node lacks fails the whole update, and
	 * would leave the node drained or paused for the next run.
	 */
	it_run("docker node update --availability active "
	       "$(docker info -f '{{.Swarm.NodeID}}') >/dev/null 2>&1");
	it_run("docker node update --label-rm itzone "
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

/* A question, prompt or form is open (it takes the next keys). */
static bool
asking(const struct console *a)
{
	return console_overlay_open(a) || a->mode != MODE_NORMAL;
}

static struct pane *
select_row(struct console *a, const char *pane, enum kind k, const char *id)
{
	struct pane *p;

	/* A question or form a failed test left open takes no keys here. */
	for (int i = 0; i < 5 && asking(a); i++)
		keys(a, "Esc");
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
	char *s = it_capture("cat '%s' 2>/dev/null", it.log);
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

/* The audit log says action on "name (id)" went through. */
static void
audited(struct console *a, const char *action, const char *name, const char *id)
{
	char *want = xasprintf("\t%s\t%s (%s)\tok", action, name, id);

	if (!wait_log(a, want))
		fail_msg("no audit line \"%s\"", want);
	free(want);
}

/* How many lines the audit log has (0 before the first). */
static int
log_lines(void)
{
	char *n = it_capture("cat '%s' 2>/dev/null | wc -l", it.log);
	int v = n ? atoi(n) : 0;

	free(n);
	return v;
}

/* The screen's line that shows text (owned), or NULL. */
static char *
screen_line(struct console *a, const char *text)
{
	char *s = screen(a), *save = NULL, *line = NULL;

	for (char *l = strtok_r(s, "\n", &save); l && line == NULL;
	     l = strtok_r(NULL, "\n", &save))
		if (strstr(l, text))
			line = xstrdup(l);
	free(s);
	return line;
}

/*
 * The table's line that shows text (owned), or NULL: not the tab line,
 * the title line (whose subtitle may name the selected row) nor the
 * status bar.
 */
static char *
row_line(struct console *a, const char *text)
{
	char *s = screen(a), *save = NULL, *line = NULL, *prev = NULL;
	int i = 0;

	for (char *l = strtok_r(s, "\n", &save); l;
	     l = strtok_r(NULL, "\n", &save), i++) {
		/* A line is a row once the next one is known not to be the
		 * last (the status bar). */
		if (prev && line == NULL && strstr(prev, text))
			line = xstrdup(prev);
		prev = i >= 2 ? l : NULL;
	}
	free(s);
	return line;
}

/*
 * Pumps until the row that shows name also shows want; its line (owned)
 * then, or a failure with the screen after secs.
 */
static char *
wait_row(struct console *a, const char *name, const char *want, double secs)
{
	double end = it_now() + secs;

	for (;;) {
		char *line = row_line(a, name);

		if (line && strstr(line, want))
			return line;
		free(line);
		if (it_now() > end) {
			char *sc = screen(a);

			fail_msg("no row of %s shows \"%s\"; screen:\n%s", name,
			    want, sc);
		}
		app_pump(a, 100);
	}
}

/* The directory of DOCKER_HOST's socket: where its dockerd.log is. */
static char *
engine_dir(void)
{
	const char *h = getenv("DOCKER_HOST");
	const char *slash;

	assert_non_null(h);
	assert_int_equal(strncmp(h, "unix://", 7), 0);
	slash = strrchr(h + 7, '/');
	assert_non_null(slash);
	return xstrndup(h + 7, (size_t)(slash - (h + 7)));
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
	audited(a, "force update", it.web, id);
	/* b: back to the previous spec (the one before the force). */
	select_row(a, "services", KIND_SERVICE, id);
	keys(a, "b y");
	cmd = xasprintf("docker service inspect -f "
			"'{{.Spec.TaskTemplate.ForceUpdate}}' %s",
	    it.web);
	wait_cli(a, cmd, "0");
	free(cmd);
	audited(a, "rollback", it.web, id);
	free(id);
}

/*
 * u: a rolling update to another image the engine has, given by its id.
 * The UPDATE column says "updating" while tasks are replaced one by one
 * (a delay between them) and "completed" after; the spec and every
 * running task's container have the new image; the engine never asked a
 * registry for it (its log names no pull for the service).
 */
static void
test_service_update_image(void **state)
{
	struct console *a = it.app;
	char *name = xasprintf("itupd%s", it.rid), *img, *id, *cmd, *want;
	char *line, *dir = engine_dir(), *cfg, *old_cfg;

	(void)state;
	/* A second local image: a label on the test image, built here. */
	assert_int_equal(
	    it_run("printf 'FROM berth-test/base\nLABEL org.berth.it=%s\n' | "
		   "DOCKER_BUILDKIT=0 docker build -q -t itnext%s:1 - "
		   ">/dev/null 2>&1",
		it.rid, it.rid),
	    0);
	img =
	    it_capture("docker image inspect -f '{{.Id}}' itnext%s:1", it.rid);
	assert_non_null(img);
	assert_int_equal(
	    it_run("docker service create -d -q "
		   "--no-resolve-image --label %s --name %s "
		   "--replicas 2 --update-parallelism 1 "
		   "--update-delay 4s --stop-grace-period 1s " SWARM_IMAGE
		   " sleep 3600 >/dev/null 2>&1",
		it.label, name),
	    0);
	id = id_of("service", name);
	select_row(a, "services", KIND_SERVICE, id);
	free(wait_row(a, name, "2/2", 30));
	keys(a, "u");
	assert_true(asking(a));
	keys(a, "C-u");
	type(a, img);
	/*
	 * No credentials are looked up for an id: a docker config that
	 * cannot be read would say "updating to ... without credentials".
	 */
	cfg = xasprintf("%s/dockercfg", it.dir);
	it_run("mkdir -p '%s' && echo '{not json' >'%s/config.json'", cfg, cfg);
	old_cfg =
	    getenv("DOCKER_CONFIG") ? xstrdup(getenv("DOCKER_CONFIG")) : NULL;
	setenv("DOCKER_CONFIG", cfg, 1);
	keys(a, "Enter");
	assert_false(asking(a));
	for (double end = it_now() + 20;; app_pump(a, 100)) {
		char *cred = screen_line(a, "without credentials");

		if (cred)
			fail_msg(
			    "an update by id looked for credentials: %s", cred);
		line = row_line(a, name);
		if (line && strstr(line, "updating"))
			break;
		free(line);
		if (it_now() > end)
			fail_msg("the UPDATE column never said updating");
	}
	free(line);
	if (old_cfg)
		setenv("DOCKER_CONFIG", old_cfg, 1);
	else
		unsetenv("DOCKER_CONFIG");
	free(old_cfg);
	free(cfg);
	cmd = xasprintf("docker service inspect -f "
			"'{{.Spec.TaskTemplate.ContainerSpec.Image}}' %s",
	    name);
	wait_cli(a, cmd, img);
	free(cmd);
	cmd = xasprintf("docker service inspect -f '{{.UpdateStatus.State}}' "
			"%s",
	    name);
	wait_cli(a, cmd, "completed");
	free(cmd);
	free(wait_row(a, name, "completed", 20));
	/*
	 * The running count comes with the pane's next poll of the list
	 * (task changes have no events): it may lag the update's end.
	 */
	line = wait_row(a, name, "2/2", 20);
	assert_non_null(strstr(line, "completed"));
	free(line);
	/* Both running tasks' containers run the new image. */
	cmd = xasprintf("docker ps -q --filter label=com.docker.swarm.service."
			"name=%s | xargs -r docker inspect -f '{{.Image}}' | "
			"sort | uniq -c | awk '{print $1, $2}'",
	    name);
	want = xasprintf("2 %s", img);
	wait_cli(a, cmd, want);
	free(want);
	free(cmd);
	/* The engine pulled nothing: no registry was asked. */
	cmd = xasprintf("grep 'pulling image' '%s/dockerd.log' | grep -c "
			"'service.id=%s' || true",
	    dir, id);
	wait_cli(a, cmd, "0");
	free(cmd);
	want = xasprintf("\tupdate image to %s\t%s (%s)\tok", img, name, id);
	assert_true(wait_log(a, want));
	free(want);
	free(dir);
	free(img);
	free(id);
	free(name);
}

static void
test_node_drain_label(void **state)
{
	struct console *a = it.app;
	char *id = it_capture("docker info -f '{{.Swarm.NodeID}}'");
	char *host = it_capture(
	    "docker node inspect -f '{{.Description.Hostname}}' self");

	(void)state;
	assert_non_null(id);
	assert_non_null(host);
	select_row(a, "nodes", KIND_NODE, id);
	keys(a, "D y");
	wait_cli(
	    a, "docker node inspect -f '{{.Spec.Availability}}' self", "drain");
	audited(a, "drain", host, id);
	select_row(a, "nodes", KIND_NODE, id);
	keys(a, "A y");
	wait_cli(a, "docker node inspect -f '{{.Spec.Availability}}' self",
	    "active");
	audited(a, "activate", host, id);
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
	audited(a, "label add itzone=a", host, id);
	audited(a, "label remove itzone", host, id);
	free(host);
	free(id);
}

/* p asks, pauses the node; p again (on a paused node) activates it. */
static void
test_node_pause_activate(void **state)
{
	struct console *a = it.app;
	char *id = it_capture("docker info -f '{{.Swarm.NodeID}}'");
	char *host = it_capture(
	    "docker node inspect -f '{{.Description.Hostname}}' self");
	char *want, *q;

	(void)state;
	assert_non_null(id);
	assert_non_null(host);
	select_row(a, "nodes", KIND_NODE, id);
	keys(a, "p");
	assert_true(asking(a));
	q = screen_line(a, "Pause on the engine");
	assert_non_null(q);
	free(q);
	keys(a, "y");
	wait_cli(
	    a, "docker node inspect -f '{{.Spec.Availability}}' self", "pause");
	want = xasprintf("\tpause\t%s (%s)\tok", host, id);
	assert_true(wait_log(a, want));
	free(want);
	/* The nodes pane shows it (the only node, the leader). */
	free(wait_row(a, "leader", " pause ", 10));
	select_row(a, "nodes", KIND_NODE, id);
	keys(a, "p");
	q = screen_line(a, "Activate on the engine");
	assert_non_null(q);
	free(q);
	keys(a, "y");
	wait_cli(a, "docker node inspect -f '{{.Spec.Availability}}' self",
	    "active");
	want = xasprintf("\tactivate\t%s (%s)\tok", host, id);
	assert_true(wait_log(a, want));
	free(want);
	free(host);
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
	keys(a, "d");
	assert_true(asking(a));
	keys(a, "y");
	cmd = xasprintf("docker secret ls -q --filter name=%s | wc -l", name);
	wait_cli(a, cmd, "0");
	free(cmd);
	cmd = xasprintf("\tremove\t%s (%s)\tok", name, id);
	assert_true(wait_log(a, cmd));
	free(cmd);
	free(id);
	free(name);
	free(file);
}

static void
test_config_from_text_remove(void **state)
{
	struct console *a = it.app;
	char *name = xasprintf("itconf%s", it.rid), *cmd, *id;

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
	/* d asks, removes it: gone from the engine, in the audit log. */
	id = id_of("config", name);
	select_row(a, "configs", KIND_CONFIG, id);
	keys(a, "d");
	assert_true(asking(a));
	keys(a, "y");
	cmd = xasprintf("docker config ls -q --filter name=%s | wc -l", name);
	wait_cli(a, cmd, "0");
	free(cmd);
	cmd = xasprintf("\tremove\t%s (%s)\tok", name, id);
	assert_true(wait_log(a, cmd));
	free(cmd);
	free(id);
	free(name);
}

/* What the engine has of the objects the read-only loop tries. */
static char *
ro_versions(const char *node, const char *sec, const char *conf)
{
	char *v = it_capture(
	    "docker node inspect -f '{{.Version.Index}}' %s && "
	    "docker service inspect -f '{{.Version.Index}}' %s && "
	    "docker secret inspect -f '{{.ID}}' %s && "
	    "docker config inspect -f '{{.ID}}' %s && "
	    "docker service ls -q --filter label=com.docker.stack.namespace=%s",
	    node, it.web, sec, conf, it.stack);

	assert_non_null(v);
	return v;
}

/*
 * Every swarm action, on a row of its pane, in read-only mode: refused
 * before any question or prompt, one audit line each naming the action
 * and the object, and nothing changed on the engine.
 */
static void
test_read_only_refuses(void **state)
{
	struct console *a = app_make(true);
	char *node = it_capture("docker info -f '{{.Swarm.NodeID}}'");
	char *web = id_of("service", it.web), *sec, *conf, *before, *after;
	char *secn = xasprintf("itrosec%s", it.rid);
	char *confn = xasprintf("itroconf%s", it.rid);

	(void)state;
	assert_non_null(node);
	assert_int_equal(it_run("printf x | docker secret create -l %s %s - "
				">/dev/null && printf y | docker config "
				"create -l %s %s - >/dev/null",
			     it.label, secn, it.label, confn),
	    0);
	sec = id_of("secret", secn);
	conf = id_of("config", confn);
	{
		const struct {
			const char *pane;
			enum kind kind;
			const char *id, *key, *action;
		} c[] = {
		    {"nodes", KIND_NODE, node, "D", "drain"},
		    {"nodes", KIND_NODE, node, "A", "activate"},
		    {"nodes", KIND_NODE, node, "p", "pause"},
		    {"nodes", KIND_NODE, node, "+", "promote"},
		    {"nodes", KIND_NODE, node, "-", "demote"},
		    {"nodes", KIND_NODE, node, "L", "label"},
		    {"nodes", KIND_NODE, node, "d", "remove"},
		    {"services", KIND_SERVICE, web, "s", "scale"},
		    {"services", KIND_SERVICE, web, "u", "update-image"},
		    {"services", KIND_SERVICE, web, "R", "restart"},
		    {"services", KIND_SERVICE, web, "b", "rollback"},
		    {"services", KIND_SERVICE, web, "d", "remove"},
		    {"stacks", KIND_SERVICE, it.stack, "d", "remove"},
		    {"secrets", KIND_SECRET, sec, "C", "create"},
		    {"secrets", KIND_SECRET, sec, "d", "remove"},
		    {"configs", KIND_CONFIG, conf, "C", "create"},
		    {"configs", KIND_CONFIG, conf, "d", "remove"},
		};

		before = ro_versions(node, sec, conf);
		for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
			int n = log_lines();
			char *last, *want;

			select_row(a, c[i].pane, c[i].kind, c[i].id);
			keys(a, c[i].key);
			app_pump(a, 50);
			if (asking(a))
				fail_msg("%s %s: a question or form opened",
				    c[i].pane, c[i].action);
			if (log_lines() != n + 1)
				fail_msg("%s %s: %d audit lines, not 1",
				    c[i].pane, c[i].action, log_lines() - n);
			last = it_capture("tail -n 1 '%s'", it.log);
			want = xasprintf("\t%s\t", c[i].action);
			/* A create makes something new: no row is named. */
			if (last == NULL || strstr(last, want) == NULL ||
			    (strstr(last, c[i].id) == NULL) !=
				(strcmp(c[i].action, "create") == 0) ||
			    strstr(last, "\trefused: read-only") == NULL)
				fail_msg("%s %s: the audit line is \"%s\"",
				    c[i].pane, c[i].action,
				    last ? last : "(none)");
			free(want);
			free(last);
		}
	}
	app_free(a);
	after = ro_versions(node, sec, conf);
	assert_string_equal(before, after);
	free(before);
	free(after);
	free(sec);
	free(conf);
	free(secn);
	free(confn);
	free(web);
	free(node);
}

static void
test_stack_and_service_remove(void **state)
{
	struct console *a = it.app;
	char *cmd, *id = id_of("service", it.web);
	char *app = xasprintf("%s_app", it.stack), *net, *app_id;

	(void)state;
	app_id = id_of("service", app);
	net = xasprintf("%s_net", it.stack);
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
	audited(a, "remove service (stack)", app, app_id);
	cmd = xasprintf("\tremove network (stack)\t%s (", net);
	assert_true(wait_log(a, cmd));
	free(cmd);
	select_row(a, "services", KIND_SERVICE, id);
	keys(a, "d y");
	cmd =
	    xasprintf("docker service ls -q --filter name=%s | wc -l", it.web);
	wait_cli(a, cmd, "0");
	free(cmd);
	audited(a, "remove", it.web, id);
	free(net);
	free(app_id);
	free(app);
	free(id);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_service_scale_restart_rollback),
	    cmocka_unit_test(test_service_update_image),
	    cmocka_unit_test(test_node_drain_label),
	    cmocka_unit_test(test_node_pause_activate),
	    cmocka_unit_test(test_secret_create_remove),
	    cmocka_unit_test(test_config_from_text_remove),
	    cmocka_unit_test(test_read_only_refuses),
	    cmocka_unit_test(test_stack_and_service_remove),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
