/*
 * Image work against the real test engine, driven like a user: commit a
 * container (the changes checked by inspect), save images to a tar (loaded
 * into a second engine of the test's own: the same image id), load it
 * back, export a container, cancel a save (no file left); a registry with
 * htpasswd auth on 127.0.0.1 (pull and push with the credentials of a test
 * config.json, a wrong password in the registry's words, a credential
 * helper stub on PATH, :login checked by the engine and stored, the
 * password never on screen or in the audit log); :search against a small
 * index server of the test's own.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/auth.h"
#include "api/docker.h"
#include "api/http.h"
#include "api/xalloc.h"
#include "tests/support/fixture.h"
#include "tests/support/it.h"
#include "tests/support/screen.h"
#include "tui/core/app.h"
#include "tui/core/audit.h"
#include "tui/core/console.h"
#include "tui/core/keymap.h"
#include "tui/core/pane.h"
#include "tui/core/store.h"
#include "widgets/key.h"

#define ROWS 40
#define COLS 200
#define PASSWORD "Pw-7f3kq9-secret"

static struct {
	struct console *app;
	WINDOW *win;
	char rid[9];
	char *dir; /* the run's files: state, docker config, tars */
	char *label;
	char *host;
	char *log; /* the audit log */
	char *config; /* $DOCKER_CONFIG/config.json */
	char *seen; /* every screen drawn, for the password check */
} it;

static struct {
	pid_t pid;
	int port;
} reg;

/* The whole screen as text (owned); kept for the password check. */
static char *
screen(struct console *a)
{
	char *s;

	app_draw_to(a, it.win, ROWS, COLS);
	s = ts_dump(it.win);
	if (strlen(it.seen) < 4000000) {
		char *both = xasprintf("%s%s", it.seen, s);

		free(it.seen);
		it.seen = both;
	}
	return s;
}

static bool
screen_has(struct console *a, const char *text)
{
	char *s = screen(a);
	bool yes = strstr(s, text) != NULL;

	free(s);
	return yes;
}

static void
pump(struct console *a)
{
	app_pump(a, 50);
}

/* A key or text as typed; every screen drawn after is kept. */
static void
press(struct console *a, const char *name)
{
	it_press(a, name);
	free(screen(a));
}

static void
type(struct console *a, const char *text)
{
	it_type(a, text);
	free(screen(a));
}

/* ":word rest" as typed. */
static void
command(struct console *a, const char *line)
{
	press(a, ":");
	type(a, line);
	press(a, "Enter");
}

/* Pumps until the screen shows text; fails after secs. */
static void
wait_text(struct console *a, const char *text, double secs)
{
	double end = it_now() + secs;

	while (!screen_has(a, text)) {
		if (it_now() > end) {
			char *s = screen(a);

			/* cmocka cuts long messages: the screen goes first. */
			fprintf(stderr, "screen:\n%s\n", s);
			free(s);
			fail_msg("timed out waiting for \"%s\"", text);
		}
		pump(a);
	}
}

static void
wait_closed(struct console *a, double secs)
{
	double end = it_now() + secs;

	while (console_overlay_open(a)) {
		if (it_now() > end) {
			char *s = screen(a);

			fail_msg("the overlay did not close; screen:\n%s", s);
		}
		pump(a);
	}
}

/* Selects the row with id in the pane (its list fetched afresh). */
static void
select_row(struct console *a, const char *pane, const char *id)
{
	struct pane *p;
	double end = it_now() + 20;

	enum store_kind k =
	    strcmp(pane, "images") == 0 ? STORE_IMAGES : STORE_CONTAINERS;
	struct store *s;

	assert_true(console_show_pane(a, pane));
	p = console_active_pane(a);
	s = &p->engine->store;
	/* A fresh list: its names and tags are the engine's of now. */
	store_refresh(s, k);
	while (s->call[k] != NULL || s->again[k]) {
		assert_true(it_now() < end);
		pump(a);
	}
	for (;;) {
		pump(a);
		pane_sync(p, true);
		if (pane_select_id(p, id))
			return;
		if (it_now() > end)
			fail_msg("%s is not in the %s pane", id, pane);
	}
}

static bool
audit_has(const char *action, const char *result)
{
	char *t = it_file_text(it.log), *line, *save = NULL;
	bool yes = false;

	for (line = strtok_r(t, "\n", &save); line && !yes;
	     line = strtok_r(NULL, "\n", &save)) {
		char *a = strchr(line, '\t');

		a = a ? strchr(a + 1, '\t') : NULL;
		if (a == NULL || strncmp(a + 1, action, strlen(action)) != 0 ||
		    a[1 + strlen(action)] != '\t')
			continue;
		yes = result == NULL || strstr(a, result) != NULL;
	}
	free(t);
	return yes;
}

static void
write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* The test's config.json: auths for the registry with user:password. */
static void
write_config(const char *user, const char *password)
{
	char *plain = xasprintf("%s:%s", user, password);
	char *b64 = auth_base64(plain, strlen(plain), false), *text;

	text = xasprintf(
	    "{\"auths\":{\"127.0.0.1:%d\":{\"auth\":\"%s\"}}}", reg.port, b64);
	write_text(it.config, text);
	free(text);
	free(b64);
	free(plain);
}

static void
cleanup(void)
{
	it_remove(it.label, IT_CONTAINERS | IT_ANON_VOLUMES);
	it_run(
	    "docker images --format '{{.Repository}}:{{.Tag}}' | grep -F '%s' "
	    "| xargs -r docker rmi -f >/dev/null 2>&1",
	    it.rid);
}

static int
registry_start(void)
{
	char *auth;

	if (it_run("command -v htpasswd >/dev/null") != 0) {
		fprintf(stderr, "imagework: htpasswd (apache2-utils) is "
				"needed: scripts/deps test installs it\n");
		return -1;
	}
	if (it_run("htpasswd -Bbc '%s/htpasswd' iwuser '%s' >/dev/null 2>&1",
		it.dir, PASSWORD) != 0)
		return -1;
	auth = xasprintf("auth:\n  htpasswd:\n    realm: berth-test\n"
			 "    path: %s/htpasswd\n",
	    it.dir);
	reg.pid = it_registry("imagework", it.dir, auth, &reg.port);
	free(auth);
	return reg.pid > 0 ? 0 : -1;
}

static int
group_setup(void **state)
{
	char tmpl[] = "/tmp/berth-it-imagework-XXXXXX";
	const char *host = it_host("imagework");
	char *p;

	if (host == NULL)
		return -1;
	it.host = xstrdup(host);
	if (mkdtemp(tmpl) == NULL)
		return -1;
	it.dir = xstrdup(tmpl);
	p = xasprintf("%s/state", it.dir);
	setenv("XDG_STATE_HOME", p, 1);
	free(p);
	p = xasprintf("%s/docker", it.dir);
	mkdir(p, 0700);
	setenv("DOCKER_CONFIG", p, 1);
	it.config = xasprintf("%s/config.json", p);
	free(p);
	it.log = audit_path();
	it_random_id(it.rid);
	it.label = xasprintf("org.berth.it=%s", it.rid);
	it.seen = xstrdup("");
	if (registry_start() != 0)
		return -1;
	ts_init(ROWS, COLS);
	it.win = ts_window(ROWS, COLS);
	it.app = it_app(NULL);
	return 0;
}

static int
group_teardown(void **state)
{
	cleanup();
	it_stop(reg.pid);
	if (it.app)
		app_free(it.app);
	ts_done();
	if (it.dir)
		it_run("rm -rf '%s'", it.dir);
	free(it.dir);
	free(it.label);
	free(it.host);
	free(it.log);
	free(it.config);
	free(it.seen);
	return 0;
}

/* A running container of the test, with a file in it; its id (owned). */
static char *
make_container(const char *suffix, const char *extra)
{
	char *id = it_capture(
	    "docker run -d --name berth-it-%s-%s --label %s berth-test/base "
	    "sh -c '%s echo hi > /iw-file; sleep 600'",
	    it.rid, suffix, it.label, extra ? extra : "");

	assert_non_null(id);
	return id;
}

static char *
image_id(const char *ref)
{
	return it_capture("docker image inspect -f '{{.Id}}' %s", ref);
}

static void
test_commit_applies_changes(void **state)
{
	struct console *a = it.app;
	char *cid = make_container("commit", NULL), *ref, *out, *id;

	ref = xasprintf("berth-it-%s/committed:v1", it.rid);
	select_row(a, "containers", cid);
	press(a, "C");
	assert_true(console_overlay_open(a));
	assert_true(screen_has(a, "pause while committing"));
	type(a, ref);
	press(a, "Tab");
	type(a, "by berth");
	press(a, "Tab");
	type(a, "The Tester");
	press(a, "Tab");
	press(a, "Tab");
	/* A change the engine cannot apply is refused in the form. */
	type(a, "RUN rm -rf /");
	press(a, "C-s");
	assert_true(screen_has(a, "cannot be changed by a commit"));
	press(a, "C-u");
	type(a, "ENV FOO=bar");
	press(a, "Tab");
	type(a, "EXPOSE 8080");
	press(a, "Tab");
	type(a, "CMD [\"cat\", \"/iw-file\"]");
	press(a, "Tab");
	type(a, "LABEL org.berth.it=");
	type(a, it.rid);
	press(a, "C-s");
	wait_closed(a, 30);
	wait_text(a, "committed berth-it-", 10);
	out = it_capture("docker image inspect -f '{{.Config.Env}} "
			 "{{.Config.ExposedPorts}} {{json .Config.Cmd}} "
			 "{{.Comment}}|{{.Author}}|{{index .Config.Labels "
			 "\"org.berth.it\"}}' %s",
	    ref);
	assert_non_null(out);
	assert_non_null(strstr(out, "FOO=bar"));
	assert_non_null(strstr(out, "8080/tcp"));
	assert_non_null(strstr(out, "[\"cat\",\"/iw-file\"]"));
	assert_non_null(strstr(out, "by berth|The Tester|"));
	assert_non_null(strstr(out, it.rid));
	free(out);
	/* The file made in the container is in the image. */
	out = it_capture("docker run --rm --label %s %s", it.label, ref);
	assert_non_null(out);
	assert_string_equal(out, "hi");
	free(out);
	/* The new image is selected in the images pane. */
	id = image_id(ref);
	{
		double end = it_now() + 10;
		struct pane *p;

		for (;;) {
			pump(a);
			p = console_active_pane(a);
			if (strcmp(p->ops->name, "images") == 0 &&
			    pane_selected_id(p) &&
			    strcmp(pane_selected_id(p), id) == 0)
				break;
			if (it_now() > end)
				fail_msg("the new image is not selected");
		}
	}
	assert_true(audit_has("commit", "ok: sha256:"));
	free(id);
	free(ref);
	free(cid);
}

/* Saves ref through the images pane to path; waits for the end. */
static void
save_through_berth(struct console *a, const char *ref, const char *path)
{
	char *id = image_id(ref);

	assert_non_null(id);
	select_row(a, "images", id);
	press(a, "S");
	assert_true(screen_has(a, "Save images"));
	press(a, "C-u");
	type(a, path);
	press(a, "Enter");
	free(id);
}

/* A second isolated engine (its own dir, bridge and namespace). */
static char *
second_engine(bool start)
{
	const char *env =
	    "BERTH_ENGINE_DIR=/tmp/berth-iw-engine2 "
	    "BERTH_ENGINE_BRIDGE=berthiw2 "
	    "BERTH_ENGINE_BRIDGE_CIDR=10.213.97.1/24 "
	    "BERTH_ENGINE_NAMESPACE=berth-iw2 BERTH_ENGINE_NO_IMAGES=1 "
	    "BERTH_ENGINE_IPTABLES=false";

	if (start)
		return it_capture("env %s tests/engine/start 2>/dev/null", env);
	it_run("env %s tests/engine/stop >/dev/null 2>&1 && rm -rf "
	       "/tmp/berth-iw-engine2",
	    env);
	return NULL;
}

static void
test_save_then_load_on_a_second_engine(void **state)
{
	struct console *a = it.app;
	char *ref = xasprintf("berth-it-%s/saved:1", it.rid);
	char *ref2 = xasprintf("berth-it-%s/saved:also", it.rid);
	char *path = xasprintf("%s/saved.tar", it.dir), *part, *id, *host, *id2,
	     *list;
	struct stat st;

	char *cid = make_container("save", NULL);

	/* An image of its own, so that the archive holds these two tags. */
	assert_int_equal(it_run("docker commit %s %s >/dev/null && docker tag "
				"%s %s",
			     cid, ref, ref, ref2),
	    0);
	id = image_id(ref);
	save_through_berth(a, ref, path);
	wait_closed(a, 60);
	assert_true(screen_has(a, "saved "));
	part = xasprintf("%s.part", path);
	assert_int_equal(stat(path, &st), 0);
	assert_true(st.st_size > 100000);
	assert_int_not_equal(stat(part, &st), 0);
	/* Every tag of the image is in the archive. */
	list = it_capture("tar -xOf '%s' manifest.json", path);
	assert_non_null(list);
	assert_non_null(strstr(list, ref));
	assert_non_null(strstr(list, ref2));
	free(list);
	assert_true(audit_has("save", "ok: "));

	host = second_engine(true);
	if (host == NULL || strncmp(host, "unix://", 7) != 0) {
		second_engine(false);
		fail_msg("the second engine did not start");
	}
	id2 = it_capture("DOCKER_HOST=%s docker load -q -i '%s' >/dev/null && "
			 "DOCKER_HOST=%s docker image inspect -f '{{.Id}}' %s",
	    host, path, host, ref);
	second_engine(false);
	assert_non_null(id2);
	assert_string_equal(id2, id);

	/* Load it back into the first engine through berth. */
	assert_int_equal(it_run("docker rmi %s %s >/dev/null", ref, ref2), 0);
	press(a, "L");
	assert_true(screen_has(a, "Load images"));
	type(a, path);
	press(a, "Enter");
	wait_text(a, "any key closes", 60);
	assert_true(screen_has(a, "loaded 2 images"));
	assert_true(screen_has(a, ref));
	press(a, "Esc");
	free(id2);
	id2 = image_id(ref2);
	assert_non_null(id2);
	assert_string_equal(id2, id);
	assert_true(audit_has("load", "ok: 2 images"));

	/* A file that is not an archive: the engine's words. */
	{
		char *junk = xasprintf("%s/junk.tar", it.dir);

		write_text(junk, "not a tar file\n");
		press(a, "L");
		type(a, junk);
		press(a, "Enter");
		wait_text(a, "failed: any key closes", 30);
		press(a, "Esc");
		assert_true(audit_has("load", "error: "));
		free(junk);
	}
	free(host);
	free(id);
	free(id2);
	free(part);
	free(path);
	free(ref);
	free(ref2);
	free(cid);
}

static void
test_save_cancelled_leaves_no_file(void **state)
{
	struct console *a = it.app;
	char *cid =
	    make_container("big", "head -c 150000000 /dev/urandom > /big;");
	char *ref = xasprintf("berth-it-%s/big:1", it.rid);
	char *path = xasprintf("%s/big.tar", it.dir), *part;
	struct stat st;
	double end = it_now() + 60;

	/* The container wrote its big file before it says hi. */
	while (it_run("docker exec %s cat /iw-file >/dev/null 2>&1", cid) != 0)
		assert_true(it_now() < end);
	assert_int_equal(it_run("docker commit %s %s >/dev/null", cid, ref), 0);
	part = xasprintf("%s.part", path);
	save_through_berth(a, ref, path);
	/* Cancel while the bytes come in. */
	while (stat(part, &st) != 0 || st.st_size == 0) {
		assert_true(it_now() < end);
		pump(a);
	}
	assert_true(screen_has(a, "written"));
	press(a, "Esc");
	assert_false(console_overlay_open(a));
	assert_int_not_equal(stat(part, &st), 0);
	assert_int_not_equal(stat(path, &st), 0);
	assert_true(audit_has("save", "cancelled"));
	/* A file that exists is not overwritten. */
	write_text(path, "mine");
	save_through_berth(a, ref, path);
	assert_true(console_overlay_open(a));
	press(a, "Esc");
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, 4);
	free(part);
	free(path);
	free(ref);
	free(cid);
}

static void
test_export_lists_the_files(void **state)
{
	struct console *a = it.app;
	char *cid = make_container("export", NULL);
	char *path = xasprintf("%s/fs.tar", it.dir), *list;
	double end = it_now() + 30;

	while (it_run("docker exec %s cat /iw-file >/dev/null 2>&1", cid) != 0)
		assert_true(it_now() < end);
	select_row(a, "containers", cid);
	press(a, "E");
	assert_true(screen_has(a, "Export a container"));
	press(a, "C-u");
	type(a, path);
	press(a, "Enter");
	wait_closed(a, 60);
	assert_true(screen_has(a, "exported container"));
	list = it_capture("tar -tf '%s'", path);
	assert_non_null(list);
	assert_non_null(strstr(list, "iw-file"));
	assert_non_null(strstr(list, "bin/busybox"));
	free(list);
	list = it_capture("tar -xOf '%s' iw-file", path);
	assert_string_equal(list, "hi");
	assert_true(audit_has("export", "ok: "));
	free(list);
	free(path);
	free(cid);
}

/* Pull or push ref through berth's u/U prompt; the status (owned). */
static char *
transfer(struct console *a, const char *key, const char *ref)
{
	double end = it_now() + 60;
	char *s;

	press(a, key);
	assert_true(console_overlay_open(a));
	press(a, "C-u");
	type(a, ref);
	press(a, "Enter");
	while (console_overlay_open(a) && !screen_has(a, "any key closes")) {
		assert_true(it_now() < end);
		pump(a);
	}
	app_draw_to(a, it.win, ROWS, COLS);
	s = screen(a);
	if (console_overlay_open(a))
		press(a, "Esc");
	return s;
}

static void
test_registry_credentials(void **state)
{
	struct console *a = it.app;
	char *ref =
	    xasprintf("127.0.0.1:%d/berth-it-%s/base:1", reg.port, it.rid);
	char *s, *path, *dir;

	assert_int_equal(it_run("docker tag berth-test/base %s", ref), 0);
	/* No credentials: the registry refuses, in its words. */
	unlink(it.config);
	s = image_id("berth-test/base");
	select_row(a, "images", s);
	free(s);
	s = transfer(a, "U", ref);
	if (strstr(s, "no basic auth credentials") == NULL &&
	    strstr(s, "unauthorized") == NULL)
		fail_msg("anonymous push: %s", s);
	free(s);

	/* With the test config's auths: push, then pull back. */
	write_config("iwuser", PASSWORD);
	s = transfer(a, "U", ref);
	if (strstr(s, "pushed ") == NULL)
		fail_msg("push with credentials: %s", s);
	free(s);
	assert_int_equal(it_run("docker rmi %s >/dev/null", ref), 0);
	s = transfer(a, "u", ref);
	if (strstr(s, "pulled ") == NULL)
		fail_msg("pull with credentials: %s", s);
	free(s);
	assert_int_equal(it_run("docker image inspect %s >/dev/null", ref), 0);

	/* A wrong password: the registry's words. */
	assert_int_equal(it_run("docker rmi %s >/dev/null", ref), 0);
	write_config("iwuser", "wrong-password");
	s = transfer(a, "u", ref);
	if (strstr(s, "unauthorized") == NULL)
		fail_msg("pull with a wrong password: %s", s);
	free(s);
	assert_true(audit_has("pull", "unauthorized"));

	/* A credential helper stub on PATH, named by credsStore. */
	dir = xasprintf("%s/bin", it.dir);
	mkdir(dir, 0700);
	path = xasprintf("%s/docker-credential-iwstub", dir);
	s = xasprintf("#!/bin/sh\nread -r server\n"
		      "echo \"$1 $server\" >> '%s/helper.log'\n"
		      "printf '{\"ServerURL\":\"%%s\",\"Username\":\"iwuser\","
		      "\"Secret\":\"%s\"}' \"$server\"\n",
	    it.dir, PASSWORD);
	write_text(path, s);
	chmod(path, 0755);
	free(s);
	s = xasprintf("%s:%s", dir, getenv("PATH"));
	setenv("PATH", s, 1);
	free(s);
	write_text(it.config, "{\"credsStore\":\"iwstub\"}");
	s = transfer(a, "u", ref);
	if (strstr(s, "pulled ") == NULL)
		fail_msg("pull through the helper: %s", s);
	free(s);
	s = xasprintf("%s/helper.log", it.dir);
	free(path);
	path = fixture_read_path(s, NULL);
	free(s);
	assert_non_null(path);
	s = xasprintf("get 127.0.0.1:%d", reg.port);
	assert_non_null(strstr(path, s));
	free(s);
	free(path);
	free(dir);
	free(ref);
}

static void
test_login_checks_and_stores(void **state)
{
	struct console *a = it.app;
	char *regname = xasprintf("127.0.0.1:%d", reg.port), *cfg, *line;
	struct auth_config *c;
	struct auth_creds *cr = NULL;
	char *cause = NULL;

	unlink(it.config);
	/* A wrong password: the form stays, with the registry's words. */
	line = xasprintf("login %s", regname);
	command(a, line);
	free(line);
	assert_true(screen_has(a, "Log in through"));
	type(a, "iwuser");
	press(a, "Tab");
	type(a, "nope-not-it");
	press(a, "C-s");
	/* The engine's words: "... failed with status: 401 Unauthorized". */
	wait_text(a, "status: 401", 30);
	assert_true(console_overlay_open(a));
	assert_true(audit_has("login", "error: "));
	press(a, "Esc");

	/* The right one, stored when asked. */
	line = xasprintf("login %s", regname);
	command(a, line);
	free(line);
	type(a, "iwuser");
	press(a, "Tab");
	type(a, PASSWORD);
	assert_true(screen_has(a, "****************"));
	press(a, "Tab");
	press(a, "Space");
	press(a, "C-s");
	wait_closed(a, 30);
	assert_true(screen_has(a, "Login Succeeded"));
	assert_true(audit_has("login", "ok, stored"));
	cfg = fixture_read_path(it.config, NULL);
	assert_non_null(cfg);
	assert_non_null(strstr(cfg, regname));
	/* Stored as the CLI does: base64 of user:password, not in clear. */
	assert_null(strstr(cfg, PASSWORD));
	free(cfg);
	c = auth_config_load(it.config, &cause);
	assert_non_null(c);
	assert_true(auth_lookup(c, regname, &cr, &cause));
	assert_non_null(cr);
	assert_string_equal(cr->password, PASSWORD);
	auth_creds_free(cr);
	auth_config_free(c);
	free(regname);
}

static void
test_password_never_shown_or_logged(void **state)
{
	char *log = it_file_text(it.log);

	assert_non_null(strstr(it.seen, "Log in through"));
	assert_null(strstr(it.seen, PASSWORD));
	assert_null(strstr(it.seen, "nope-not-it"));
	assert_non_null(strstr(log, "login"));
	assert_null(strstr(log, PASSWORD));
	assert_null(strstr(log, "nope-not-it"));
	free(log);
}

/* The index server: answers /v1/_ping and /v1/search like a registry. */
static struct {
	int fd;
	int port;
	volatile bool stop;
	volatile int searches;
	pthread_t thread;
} idx;

static void
index_answer(int c)
{
	char req[4096], *body, *resp;
	ssize_t n = recv(c, req, sizeof req - 1, 0);

	if (n <= 0)
		return;
	req[n] = '\0';
	/* A TLS hello first (the engine tries https): not HTTP, closed. */
	if (strncmp(req, "GET ", 4) != 0)
		return;
	if (strncmp(req, "GET /v1/search", 14) == 0) {
		idx.searches++;
		body = xstrdup(
		    "{\"num_results\":2,\"query\":\"iwterm\",\"results\":["
		    "{\"name\":\"team/iwterm-app\",\"description\":\"An app "
		    "for the test\",\"star_count\":42,\"is_official\":false,"
		    "\"is_automated\":true},"
		    "{\"name\":\"library/iwterm\",\"description\":\"Second\","
		    "\"star_count\":1,\"is_official\":true,\"is_automated\":"
		    "false}]}");
	} else
		body = xstrdup("{}");
	resp = xasprintf("HTTP/1.1 200 OK\r\nContent-Type: application/json"
			 "\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n"
			 "%s",
	    strlen(body), body);
	if (send(c, resp, strlen(resp), MSG_NOSIGNAL) < 0)
		fprintf(stderr, "index: send: %s\n", strerror(errno));
	free(resp);
	free(body);
}

static void *
index_main(void *arg)
{
	(void)arg;
	while (!idx.stop) {
		struct pollfd p = {idx.fd, POLLIN, 0};
		int c;

		if (poll(&p, 1, 100) <= 0)
			continue;
		c = accept(idx.fd, NULL, NULL);
		if (c < 0)
			continue;
		index_answer(c);
		close(c);
	}
	return NULL;
}

static void
test_search_and_pull_the_chosen(void **state)
{
	struct console *a = it.app;
	struct sockaddr_in sa;
	socklen_t len = sizeof sa;
	char *line;

	idx.fd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(idx.fd, (struct sockaddr *)&sa, sizeof sa), 0);
	assert_int_equal(listen(idx.fd, 16), 0);
	getsockname(idx.fd, (struct sockaddr *)&sa, &len);
	idx.port = ntohs(sa.sin_port);
	assert_int_equal(
	    pthread_create(&idx.thread, NULL, index_main, NULL), 0);

	line = xasprintf("search 127.0.0.1:%d/iwterm", idx.port);
	command(a, line);
	free(line);
	wait_text(a, "Enter pulls", 30);
	idx.stop = true;
	pthread_join(idx.thread, NULL);
	close(idx.fd);
	assert_true(idx.searches > 0);
	assert_true(screen_has(a, "iwterm-app"));
	assert_true(screen_has(a, "An app for the test"));
	assert_true(screen_has(a, "42"));
	assert_true(screen_has(a, "OFFICIAL"));
	/* Enter on the first result: the pull prompt offers it, on the
	 * registry searched (a bare "team/iwterm-app" is the Hub's). */
	press(a, "Enter");
	assert_true(console_overlay_open(a));
	assert_true(screen_has(a, "Enter pulls"));
	line = xasprintf("127.0.0.1:%d/team/iwterm-app", idx.port);
	assert_true(screen_has(a, line));
	free(line);
	press(a, "Esc");
	assert_false(console_overlay_open(a));
}

static void
test_read_only_refuses_commit_and_load(void **state)
{
	struct config cfg;
	struct console *a;
	char *cid = make_container("ro", NULL);

	config_init(&cfg);
	cfg.read_only = true;
	a = it_app(&cfg);
	select_row(a, "containers", cid);
	press(a, "C");
	assert_false(console_overlay_open(a));
	command(a, "commit");
	assert_false(console_overlay_open(a));
	command(a, "load /nonexistent.tar");
	assert_false(console_overlay_open(a));
	assert_true(audit_has("commit", "refused: read-only"));
	assert_true(audit_has("load", "refused: read-only"));
	app_free(a);
	free(cid);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_commit_applies_changes),
	    cmocka_unit_test(test_save_then_load_on_a_second_engine),
	    cmocka_unit_test(test_save_cancelled_leaves_no_file),
	    cmocka_unit_test(test_export_lists_the_files),
	    cmocka_unit_test(test_registry_credentials),
	    cmocka_unit_test(test_login_checks_and_stores),
	    cmocka_unit_test(test_password_never_shown_or_logged),
	    cmocka_unit_test(test_search_and_pull_the_chosen),
	    cmocka_unit_test(test_read_only_refuses_commit_and_load),
	};

	/* BERTH_IT_ONLY=test_name runs one test (and the group set-up). */
	if (getenv("BERTH_IT_ONLY"))
		cmocka_set_test_filter(getenv("BERTH_IT_ONLY"));
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
