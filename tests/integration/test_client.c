/* The engine client against the real test engine: lists, errors, streams. */

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
#include "api/decode.h"
#include "api/docker.h"
#include "api/endpoint.h"
#include "api/http.h"
#include "api/model.h"
#include "api/stream.h"
#include "api/xalloc.h"
#include "tests/support/it.h"

/*
 * What the group set-up creates with the docker CLI. Every object carries
 * the label org.berth.it=<run id> and a name starting with berth-it-<run id>-,
 * so teardown finds all of them even when a test failed half-way.
 */
struct it_fixture {
	struct docker *d;
	char rid[9];
	char *prefix; /* "berth-it-<rid>-" */
	char *label; /* "org.berth.it=<rid>" */
	char *web, *app, *exited, *vol, *net;
	char *web_id, *app_id, *exited_id, *net_id;
	int web_port;
	char *extra; /* made by one test, removed by its teardown */
};

static struct it_fixture it;

/* Removes everything labelled with this run's label. */
static void
it_cleanup(void)
{
	if (it.label == NULL)
		return;
	it_run("docker ps -aq --filter label=%s | xargs -r docker rm -f -v "
	       ">/dev/null",
	    it.label);
	it_run("docker network ls -q --filter label=%s | "
	       "xargs -r docker network rm >/dev/null",
	    it.label);
	it_run("docker volume ls -q --filter label=%s | "
	       "xargs -r docker volume rm >/dev/null",
	    it.label);
}

static void
it_free_names(void)
{
	char **all[] = {&it.prefix, &it.label, &it.web, &it.app, &it.exited,
	    &it.vol, &it.net, &it.web_id, &it.app_id, &it.exited_id, &it.net_id,
	    &it.extra};

	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		free(*all[i]);
		*all[i] = NULL;
	}
}

static int
it_fail_setup(const char *what)
{
	fprintf(stderr, "it: set-up failed: %s\n", what);
	it_cleanup();
	return -1;
}

static int
group_setup(void **state)
{
	char *port, *opts;
	const char *colon;
	int st;

	it.d = it_connect("it");
	if (it.d == NULL)
		return -1;

	it_random_id(it.rid);
	it.prefix = xasprintf("berth-it-%s-", it.rid);
	it.label = xasprintf("org.berth.it=%s", it.rid);
	it.web = xasprintf("%sweb", it.prefix);
	it.app = xasprintf("%sapp", it.prefix);
	it.exited = xasprintf("%sexited", it.prefix);
	it.vol = xasprintf("%svol", it.prefix);
	it.net = xasprintf("%snet", it.prefix);

	if (it_run("docker volume create --label %s %s >/dev/null", it.label,
		it.vol) != 0)
		return it_fail_setup("volume");
	opts = xasprintf("--label %s", it.label);
	st = it_network_create(opts, it.net);
	free(opts);
	if (st != 0)
		return it_fail_setup("network");
	if (it_run(
		"docker run -d --name %s --label %s --label "
		"org.berth.role=web -p 127.0.0.1::80 berth-test/web >/dev/null",
		it.web, it.label) != 0)
		return it_fail_setup("web container");
	if (it_run("docker run -d --name %s --label %s -v %s:/data "
		   "--network %s berth-test/app >/dev/null",
		it.app, it.label, it.vol, it.net) != 0)
		return it_fail_setup("app container");
	if (it_run("docker run --name %s --label %s berth-test/base "
		   "sh -c 'exit 7' >/dev/null",
		it.exited, it.label) != 7)
		return it_fail_setup("exited container");

	it.web_id = it_capture("docker inspect -f '{{.Id}}' %s", it.web);
	it.app_id = it_capture("docker inspect -f '{{.Id}}' %s", it.app);
	it.exited_id = it_capture("docker inspect -f '{{.Id}}' %s", it.exited);
	it.net_id =
	    it_capture("docker network inspect -f '{{.Id}}' %s", it.net);
	port = it_capture("docker port %s 80/tcp | head -1", it.web);
	if (!it.web_id || !it.app_id || !it.exited_id || !it.net_id || !port) {
		free(port);
		return it_fail_setup("inspect");
	}
	colon = strrchr(port, ':');
	it.web_port = colon ? atoi(colon + 1) : 0;
	free(port);
	if (it.web_port <= 0)
		return it_fail_setup("published port");
	return 0;
}

static int
group_teardown(void **state)
{
	it_cleanup();
	docker_free(it.d);
	it.d = NULL;
	it_free_names();
	return 0;
}

/* Removes the container a test made itself, pass or fail. */
static int
teardown_extra(void **state)
{
	if (it.extra) {
		it_run("docker rm -f -v %s >/dev/null 2>&1", it.extra);
		free(it.extra);
		it.extra = NULL;
	}
	return 0;
}

/* GET path; fails the test unless the engine answered 2xx. */
static void
it_get(const char *path, struct docker_result *r)
{
	docker_sync(it.d, "GET", path, NULL, r);
	if (r->status != DOCKER_OK)
		fail_msg("GET %s: %s (HTTP %ld): %s", path,
		    docker_status_str(r->status), r->http_status,
		    r->message ? r->message : "");
	assert_int_equal(r->http_status, 200);
}

/* A path with ?filters= for one label filter, escaped. */
static char *
it_label_filter_path(const char *path, const char *extra_query)
{
	char *json = xasprintf("{\"label\":[\"%s\"]}", it.label);
	char *esc = http_escape(json);
	char *p = xasprintf("%s?%sfilters=%s", path, extra_query, esc);

	free(json);
	free(esc);
	return p;
}

static bool
it_strv_has(char *const *v, const char *s)
{
	for (size_t i = 0; v && v[i]; i++)
		if (strcmp(v[i], s) == 0)
			return true;
	return false;
}

static void
test_ping_negotiates_version(void **state)
{
	struct docker_result r;
	struct docker_version *v;
	char *want, *cause = NULL;
	const char *expect;

	/* The engine's own word for its API version, through the CLI. */
	want = it_capture("docker version -f '{{.Server.APIVersion}}'");
	assert_non_null(want);

	docker_sync_ping(it.d, &r);
	assert_int_equal(r.status, DOCKER_OK);
	assert_int_equal(r.http_status, 200);
	assert_string_equal(r.body, "OK");
	assert_null(r.message);
	docker_result_done(&r);

	assert_true(docker_negotiated(it.d));
	assert_non_null(docker_engine_api_version(it.d));
	assert_string_equal(docker_engine_api_version(it.d), want);
	expect = docker_version_cmp(want, DOCKER_API_MAX) < 0 ? want
							      : DOCKER_API_MAX;
	assert_string_equal(docker_api_version(it.d), expect);

	/* Requests now carry that version, and the engine accepts it. */
	it_get("/version", &r);
	v = decode_version(r.body, r.len, &cause);
	if (v == NULL)
		fail_msg("decode_version: %s", cause);
	assert_string_equal(v->api_version, want);
	assert_string_equal(v->os, "linux");
	docker_version_free(v);
	docker_result_done(&r);
	free(want);
}

static const struct docker_container *
it_find_container(const struct docker_container_list *l, const char *name)
{
	const struct docker_container *found = NULL;

	for (size_t i = 0; i < l->n; i++) {
		if (l->v[i].name && strcmp(l->v[i].name, name) == 0) {
			if (found)
				fail_msg("%s is listed twice", name);
			found = &l->v[i];
		}
	}
	if (found == NULL)
		fail_msg("%s is not in the container list", name);
	return found;
}

static void
test_container_list(void **state)
{
	struct docker_result r;
	struct docker_container_list *l;
	const struct docker_container *c;
	char *cause = NULL;
	size_t ours = 0;

	it_get("/containers/json?all=1", &r);
	l = decode_container_list(r.body, r.len, &cause);
	if (l == NULL)
		fail_msg("decode_container_list: %s", cause);
	docker_result_done(&r);

	/* Exactly our three among whatever else the engine runs. */
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].name &&
		    strncmp(l->v[i].name, it.prefix, strlen(it.prefix)) == 0)
			ours++;
	assert_int_equal(ours, 3);

	c = it_find_container(l, it.web);
	assert_string_equal(c->id, it.web_id);
	assert_string_equal(c->image, "berth-test/web");
	assert_string_equal(c->state, "running");
	assert_true(strncmp(c->status, "Up", 2) == 0);
	assert_string_equal(kvlist_get(&c->labels, "org.berth.it"), it.rid);
	assert_string_equal(kvlist_get(&c->labels, "org.berth.role"), "web");
	/* The image's labels come along with the container's own. */
	assert_string_equal(kvlist_get(&c->labels, "org.berth.test"), "web");
	assert_int_equal(c->n_ports, 1);
	assert_int_equal(c->ports[0].private_port, 80);
	assert_int_equal(c->ports[0].public_port, it.web_port);
	assert_string_equal(c->ports[0].ip, "127.0.0.1");
	assert_string_equal(c->ports[0].type, "tcp");
	assert_int_equal(c->n_mounts, 0);

	c = it_find_container(l, it.app);
	assert_string_equal(c->id, it.app_id);
	assert_string_equal(c->image, "berth-test/app");
	assert_string_equal(c->state, "running");
	assert_int_equal(c->n_ports, 0);
	assert_int_equal(c->n_mounts, 1);
	assert_string_equal(c->mounts[0].type, "volume");
	assert_string_equal(c->mounts[0].name, it.vol);
	assert_string_equal(c->mounts[0].destination, "/data");
	assert_true(c->mounts[0].rw);
	assert_int_equal(c->n_nets, 1);
	assert_string_equal(c->nets[0].network, it.net);
	assert_string_equal(c->nets[0].network_id, it.net_id);
	assert_non_null(c->nets[0].ip);
	assert_true(strlen(c->nets[0].ip) >= 7);
	assert_string_equal(c->network_mode, it.net);

	c = it_find_container(l, it.exited);
	assert_string_equal(c->id, it.exited_id);
	assert_string_equal(c->image, "berth-test/base");
	assert_string_equal(c->state, "exited");
	assert_true(strncmp(c->status, "Exited (7)", 10) == 0);
	docker_container_list_free(l);
}

static void
test_container_list_label_filter(void **state)
{
	struct docker_result r;
	struct docker_container_list *l;
	char *cause = NULL,
	     *path = it_label_filter_path("/containers/json", "all=1&");
	bool web = false, app = false, exited = false;

	it_get(path, &r);
	free(path);
	l = decode_container_list(r.body, r.len, &cause);
	if (l == NULL)
		fail_msg("decode_container_list: %s", cause);
	docker_result_done(&r);
	assert_int_equal(l->n, 3);
	for (size_t i = 0; i < l->n; i++) {
		web |= strcmp(l->v[i].id, it.web_id) == 0;
		app |= strcmp(l->v[i].id, it.app_id) == 0;
		exited |= strcmp(l->v[i].id, it.exited_id) == 0;
	}
	assert_true(web && app && exited);
	docker_container_list_free(l);
}

static struct docker_container_detail *
it_inspect(const char *id)
{
	struct docker_result r;
	struct docker_container_detail *c;
	char *path = xasprintf("/containers/%s/json", id), *cause = NULL;

	it_get(path, &r);
	free(path);
	c = decode_container_detail(r.body, r.len, &cause);
	if (c == NULL)
		fail_msg("decode_container_detail: %s", cause);
	docker_result_done(&r);
	return c;
}

static void
test_container_inspect(void **state)
{
	struct docker_container_detail *c;
	char *port = xasprintf("%d", it.web_port);
	bool bound = false;

	c = it_inspect(it.web_id);
	assert_string_equal(c->id, it.web_id);
	assert_string_equal(c->name, it.web);
	assert_string_equal(c->image, "berth-test/web");
	assert_string_equal(c->status, "running");
	assert_true(c->running);
	assert_false(c->paused);
	assert_true(c->pid > 0);
	assert_int_equal(c->exit_code, 0);
	assert_string_equal(kvlist_get(&c->labels, "org.berth.it"), it.rid);
	assert_true(it_strv_has(c->exposed_ports, "80/tcp"));
	assert_non_null(c->cmd);
	assert_string_equal(c->cmd[0], "httpd");
	for (size_t i = 0; i < c->n_ports; i++)
		if (strcmp(c->ports[i].container_port, "80/tcp") == 0 &&
		    c->ports[i].host_ip &&
		    strcmp(c->ports[i].host_ip, "127.0.0.1") == 0 &&
		    c->ports[i].host_port &&
		    strcmp(c->ports[i].host_port, port) == 0)
			bound = true;
	assert_true(bound);
	docker_container_detail_free(c);
	free(port);

	c = it_inspect(it.app_id);
	assert_string_equal(c->name, it.app);
	assert_true(c->running);
	assert_true(it_strv_has(c->env, "APP_MODE=test"));
	assert_int_equal(c->n_mounts, 1);
	assert_string_equal(c->mounts[0].type, "volume");
	assert_string_equal(c->mounts[0].name, it.vol);
	assert_string_equal(c->mounts[0].destination, "/data");
	assert_int_equal(c->n_nets, 1);
	assert_string_equal(c->nets[0].network, it.net);
	assert_string_equal(c->nets[0].network_id, it.net_id);
	assert_non_null(c->nets[0].ip);
	assert_true(c->nets[0].prefix_len > 0);
	docker_container_detail_free(c);

	c = it_inspect(it.exited_id);
	assert_string_equal(c->name, it.exited);
	assert_string_equal(c->status, "exited");
	assert_false(c->running);
	assert_int_equal(c->exit_code, 7);
	assert_non_null(c->finished_at);
	assert_false(c->oom_killed);
	docker_container_detail_free(c);
}

static void
test_volume_list(void **state)
{
	struct docker_result r;
	struct docker_volume_list *l;
	const struct docker_volume *v = NULL;
	char *cause = NULL, *path;
	size_t ours = 0;

	it_get("/volumes", &r);
	l = decode_volume_list(r.body, r.len, &cause);
	if (l == NULL)
		fail_msg("decode_volume_list: %s", cause);
	docker_result_done(&r);
	for (size_t i = 0; i < l->n; i++) {
		if (strncmp(l->v[i].name, it.prefix, strlen(it.prefix)) != 0)
			continue;
		ours++;
		v = &l->v[i];
	}
	assert_int_equal(ours, 1);
	assert_string_equal(v->name, it.vol);
	assert_string_equal(v->driver, "local");
	assert_string_equal(v->scope, "local");
	assert_string_equal(kvlist_get(&v->labels, "org.berth.it"), it.rid);
	assert_non_null(v->mountpoint);
	assert_true(strlen(v->mountpoint) > 1);
	docker_volume_list_free(l);

	path = it_label_filter_path("/volumes", "");
	it_get(path, &r);
	free(path);
	l = decode_volume_list(r.body, r.len, &cause);
	if (l == NULL)
		fail_msg("decode_volume_list: %s", cause);
	docker_result_done(&r);
	assert_int_equal(l->n, 1);
	assert_string_equal(l->v[0].name, it.vol);
	docker_volume_list_free(l);
}

static void
test_network_list(void **state)
{
	struct docker_result r;
	struct docker_network_list *l;
	struct docker_network *n;
	const struct docker_network *mine = NULL;
	char *cause = NULL, *path;
	size_t ours = 0;

	it_get("/networks", &r);
	l = decode_network_list(r.body, r.len, &cause);
	if (l == NULL)
		fail_msg("decode_network_list: %s", cause);
	docker_result_done(&r);
	for (size_t i = 0; i < l->n; i++) {
		if (strncmp(l->v[i].name, it.prefix, strlen(it.prefix)) != 0)
			continue;
		ours++;
		mine = &l->v[i];
	}
	assert_int_equal(ours, 1);
	assert_string_equal(mine->name, it.net);
	assert_string_equal(mine->id, it.net_id);
	assert_string_equal(mine->driver, "bridge");
	assert_string_equal(mine->scope, "local");
	assert_false(mine->internal);
	assert_string_equal(kvlist_get(&mine->labels, "org.berth.it"), it.rid);
	assert_true(mine->n_ipam >= 1);
	assert_non_null(mine->ipam[0].subnet);
	docker_network_list_free(l);

	/* Only the single-network call lists the attached containers. */
	path = xasprintf("/networks/%s", it.net_id);
	it_get(path, &r);
	free(path);
	n = decode_network(r.body, r.len, &cause);
	if (n == NULL)
		fail_msg("decode_network: %s", cause);
	docker_result_done(&r);
	assert_string_equal(n->name, it.net);
	assert_int_equal(n->n_containers, 1);
	assert_string_equal(n->containers[0].id, it.app_id);
	assert_string_equal(n->containers[0].name, it.app);
	assert_non_null(n->containers[0].ipv4);
	docker_network_free(n);
}

static const struct docker_image *
it_find_image(const struct docker_image_list *l, const char *tag)
{
	for (size_t i = 0; i < l->n; i++)
		if (it_strv_has(l->v[i].repo_tags, tag))
			return &l->v[i];
	fail_msg("%s is not in the image list", tag);
	return NULL;
}

static struct docker_image_detail *
it_image_inspect(const char *id)
{
	struct docker_result r;
	struct docker_image_detail *img;
	char *path = xasprintf("/images/%s/json", id), *cause = NULL;

	it_get(path, &r);
	free(path);
	img = decode_image_detail(r.body, r.len, &cause);
	if (img == NULL)
		fail_msg("decode_image_detail: %s", cause);
	docker_result_done(&r);
	return img;
}

static void
test_image_list_shared_layers(void **state)
{
	struct docker_result r;
	struct docker_image_list *l;
	const struct docker_image *base, *web, *app;
	struct docker_image_detail *dbase, *dweb, *dapp;
	char *cause = NULL;
	size_t nb;

	it_get("/images/json", &r);
	l = decode_image_list(r.body, r.len, &cause);
	if (l == NULL)
		fail_msg("decode_image_list: %s", cause);
	docker_result_done(&r);

	base = it_find_image(l, "berth-test/base:latest");
	web = it_find_image(l, "berth-test/web:latest");
	app = it_find_image(l, "berth-test/app:latest");
	assert_true(it_strv_has(base->repo_tags, "berth-test/base:1.0"));
	assert_true(it_strv_has(web->repo_tags, "berth-test/web:1.0"));
	assert_true(it_strv_has(app->repo_tags, "berth-test/app:v1"));
	assert_string_equal(kvlist_get(&web->labels, "org.berth.test"), "web");
	assert_string_equal(kvlist_get(&app->labels, "org.berth.test"), "app");
	assert_true(web->size >= base->size);
	assert_true(base->size > 0);
	/* Built here, so the parent chain is known locally. */
	assert_true(web->parent_id && *web->parent_id);

	dbase = it_image_inspect(base->id);
	dweb = it_image_inspect(web->id);
	dapp = it_image_inspect(app->id);
	assert_string_equal(dweb->id, web->id);
	assert_string_equal(dapp->id, app->id);

	/* web and app are base plus one layer each, sharing base's layers. */
	nb = strv_len(dbase->layers);
	assert_true(nb >= 1);
	assert_int_equal(strv_len(dweb->layers), nb + 1);
	assert_int_equal(strv_len(dapp->layers), nb + 1);
	for (size_t i = 0; i < nb; i++) {
		assert_string_equal(dweb->layers[i], dbase->layers[i]);
		assert_string_equal(dapp->layers[i], dbase->layers[i]);
	}
	assert_string_not_equal(dweb->layers[nb], dapp->layers[nb]);
	docker_image_detail_free(dbase);
	docker_image_detail_free(dweb);
	docker_image_detail_free(dapp);
	docker_image_list_free(l);
}

static void
test_missing_container_is_404(void **state)
{
	struct docker_result r;
	char *name = xasprintf("%smissing", it.prefix);
	char *path = xasprintf("/containers/%s/json", name);
	char *want = xasprintf("No such container: %s", name);

	docker_sync(it.d, "GET", path, NULL, &r);
	assert_int_equal(r.status, DOCKER_ERR_HTTP);
	assert_int_equal(r.http_status, 404);
	assert_non_null(r.message);
	if (strstr(r.message, want) == NULL)
		fail_msg("message \"%s\" does not say \"%s\"", r.message, want);
	docker_result_done(&r);
	free(want);
	free(path);
	free(name);
}

/* What the logs test saw on the stream. */
struct logs_seen {
	struct demux dm;
	struct linebuf lb;
	int last_out, last_err; /* highest tick seen per stream */
	bool out_of_order;
	bool go_out, go_err; /* printed after the trigger */
	char *stray; /* the first unexpected line */
	bool done;
	enum docker_status status;
	char *message;
};

static void
logs_line(enum demux_stream st, const char *line, size_t len, void *arg)
{
	struct logs_seen *s = arg;
	char *l = xstrndup(line, len);
	int n;

	if (st == DEMUX_STDOUT && sscanf(l, "out %d", &n) == 1) {
		s->out_of_order |= n != s->last_out + 1;
		s->last_out = n;
	} else if (st == DEMUX_STDERR && sscanf(l, "err %d", &n) == 1) {
		s->out_of_order |= n != s->last_err + 1;
		s->last_err = n;
	} else if (st == DEMUX_STDOUT && strcmp(l, "go-out") == 0)
		s->go_out = true;
	else if (st == DEMUX_STDERR && strcmp(l, "go-err") == 0)
		s->go_err = true;
	else if (s->stray == NULL)
		s->stray = xasprintf("stream %d: \"%s\"", (int)st, l);
	free(l);
}

static void
logs_piece(enum demux_stream st, const char *data, size_t len, void *arg)
{
	struct logs_seen *s = arg;

	linebuf_feed(&s->lb, st, data, len);
}

static bool
logs_data(const char *data, size_t len, void *arg)
{
	struct logs_seen *s = arg;

	return demux_feed(&s->dm, data, len);
}

static void
logs_done(const struct docker_reply *r, void *arg)
{
	struct logs_seen *s = arg;

	s->done = true;
	s->status = r->status;
	s->message = xstrdup_or_null(r->message);
}

/* Runs the loop until *flag or the stream ended, for at most secs. */
static void
it_pump(const bool *flag_a, const bool *flag_b, const bool *done, double secs)
{
	double deadline = it_now() + secs;

	while (!(*flag_a && *flag_b) && !*done && it_now() < deadline)
		http_step(docker_http(it.d), 100);
}

static void
test_logs_follow_demuxed(void **state)
{
	struct logs_seen s;
	struct docker_call *call;
	char *id, *path;
	bool two_each = false, open_ok = false;
	int exec_rc = -1;
	double deadline;

	it.extra = xasprintf("%slogs", it.prefix);
	/* Ticks on both streams; go-out/go-err once /go appears. */
	assert_int_equal(
	    it_run("docker run -d --name %s --label %s "
		   "berth-test/base sh -c 'i=0; while :; do i=$((i+1)); "
		   "echo \"out $i\"; echo \"err $i\" >&2; if [ -e /go ]; then "
		   "rm -f /go; echo go-out; echo go-err >&2; fi; sleep 0.2; "
		   "done' >/dev/null",
		it.extra, it.label),
	    0);
	id = it_capture("docker inspect -f '{{.Id}}' %s", it.extra);
	assert_non_null(id);

	memset(&s, 0, sizeof s);
	demux_init(&s.dm, false, logs_piece, &s);
	linebuf_init(&s.lb, logs_line, &s);
	path = xasprintf("/containers/%s/logs?follow=1&stdout=1&stderr=1", id);
	call =
	    docker_stream(it.d, "GET", path, NULL, 0, logs_data, logs_done, &s);
	free(path);

	/* Lines arrive through the open stream, in order, on both streams. */
	deadline = it_now() + 15;
	while (!s.done && it_now() < deadline &&
	       !(s.last_out >= 2 && s.last_err >= 2))
		http_step(docker_http(it.d), 100);
	two_each = s.last_out >= 2 && s.last_err >= 2;
	open_ok = !s.done;

	/*
	 * Only now is the trigger set: these lines follow the opening. No
	 * assertion may leave while the stream still points at s.
	 */
	if (two_each && open_ok) {
		exec_rc = it_run("docker exec %s touch /go", id);
		if (exec_rc == 0)
			it_pump(&s.go_out, &s.go_err, &s.done, 15);
	}
	if (!s.done)
		docker_cancel(it.d, call);
	linebuf_done(&s.lb);

	if (!open_ok)
		fail_msg("the logs stream ended early: %s",
		    s.message ? s.message : docker_status_str(s.status));
	assert_true(two_each);
	assert_int_equal(exec_rc, 0);
	if (s.stray)
		fail_msg("unexpected line on %s", s.stray);
	assert_false(s.dm.bad);
	assert_false(s.out_of_order);
	assert_true(s.go_out);
	assert_true(s.go_err);
	assert_false(s.done);
	free(s.message);
	free(id);
}

/* What the events test saw for its container. */
struct events_seen {
	struct jsonl jl;
	const char *id;
	int order;
	/* Order of arrival; 0 while not seen. */
	int create, start, die, stop;
	char *die_exit;
	char *name;
	char *image;
	int64_t first_time;
	char *bad;
	bool done;
	char *message;
};

static bool
events_line(const char *line, size_t len, void *arg)
{
	struct events_seen *s = arg;
	struct docker_event *ev;
	char *cause = NULL;

	ev = decode_event(line, len, &cause);
	if (ev == NULL) {
		if (s->bad == NULL)
			s->bad = xasprintf("decode_event: %s", cause);
		free(cause);
		return true;
	}
	if (ev->type && strcmp(ev->type, "container") == 0 && ev->actor_id &&
	    strcmp(ev->actor_id, s->id) == 0) {
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
		} else if (strcmp(ev->action, "stop") == 0)
			slot = &s->stop;
		if (slot && *slot == 0)
			*slot = ++s->order;
		if (s->name == NULL) {
			s->name =
			    xstrdup_or_null(kvlist_get(&ev->attrs, "name"));
			s->image =
			    xstrdup_or_null(kvlist_get(&ev->attrs, "image"));
			s->first_time = ev->time;
		}
	}
	docker_event_free(ev);
	return true;
}

static bool
events_data(const char *data, size_t len, void *arg)
{
	struct events_seen *s = arg;

	return jsonl_feed(&s->jl, data, len);
}

static void
events_done(const struct docker_reply *r, void *arg)
{
	struct events_seen *s = arg;

	s->done = true;
	s->message =
	    xstrdup(r->message ? r->message : docker_status_str(r->status));
}

static void
test_events_start_die_stop(void **state)
{
	struct events_seen s;
	struct docker_call *call;
	char *id, *path, *filter;
	int64_t since = (int64_t)time(NULL) - 1;
	bool created, all;
	int start_rc = -1, stop_rc = -1;
	double deadline;

	it.extra = xasprintf("%sevents", it.prefix);
	id = it_capture("docker create --name %s --label %s berth-test/app",
	    it.extra, it.label);
	assert_non_null(id);

	memset(&s, 0, sizeof s);
	s.id = id;
	jsonl_init(&s.jl, events_line, &s);
	/*
	 * since= replays the create event, which proves the stream is open
	 * before anything else happens to the container.
	 */
	filter = http_escape("{\"type\":[\"container\"]}");
	path = xasprintf(
	    "/events?since=%lld&filters=%s", (long long)since, filter);
	free(filter);
	call = docker_stream(
	    it.d, "GET", path, NULL, 0, events_data, events_done, &s);
	free(path);

	deadline = it_now() + 10;
	while (s.create == 0 && !s.done && it_now() < deadline)
		http_step(docker_http(it.d), 100);
	created = s.create != 0;

	/* No assertion may leave while the stream still points at s. */
	if (created) {
		start_rc = it_run("docker start %s >/dev/null", id);
		/* sh as pid 1 ignores SIGTERM: killed after one second. */
		stop_rc = it_run("docker stop -t 1 %s >/dev/null", id);
	}
	deadline = it_now() + 20;
	while (created && !(s.start && s.die && s.stop) && !s.done &&
	       it_now() < deadline)
		http_step(docker_http(it.d), 100);
	all = s.start && s.die && s.stop;
	if (!s.done)
		docker_cancel(it.d, call);
	jsonl_done(&s.jl);

	if (s.bad)
		fail_msg("%s", s.bad);
	if (s.done)
		fail_msg("the events stream ended: %s", s.message);
	assert_true(created);
	assert_int_equal(start_rc, 0);
	assert_int_equal(stop_rc, 0);
	assert_true(all);
	assert_true(s.create < s.start);
	assert_true(s.start < s.die);
	assert_true(s.die < s.stop);
	assert_non_null(s.die_exit);
	assert_string_equal(s.die_exit, "137");
	assert_non_null(s.name);
	assert_string_equal(s.name, it.extra);
	assert_string_equal(s.image, "berth-test/app");
	assert_true(s.first_time >= since);
	free(s.die_exit);
	free(s.name);
	free(s.image);
	free(s.message);
	free(id);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ping_negotiates_version),
	    cmocka_unit_test(test_container_list),
	    cmocka_unit_test(test_container_list_label_filter),
	    cmocka_unit_test(test_container_inspect),
	    cmocka_unit_test(test_volume_list),
	    cmocka_unit_test(test_network_list),
	    cmocka_unit_test(test_image_list_shared_layers),
	    cmocka_unit_test(test_missing_container_is_404),
	    cmocka_unit_test_teardown(test_logs_follow_demuxed, teardown_extra),
	    cmocka_unit_test_teardown(
		test_events_start_die_stop, teardown_extra),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
