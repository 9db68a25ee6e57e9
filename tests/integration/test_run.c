/*
 * The run form's path against the real engine: the spec is built from the
 * form's text by tui/actions/runform.c, the volume and network from their forms'
 * bodies (api/create.c), the container is created and started with the
 * requests the console sends, and inspect shows that every setting
 * arrived. Engine errors are checked to land on the right field.
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

#include "api/create.h"
#include "api/decode.h"
#include "api/docker.h"
#include "api/endpoint.h"
#include "api/http.h"
#include "api/model.h"
#include "api/xalloc.h"
#include "tests/support/it.h"
#include "tui/actions/runform_parse.h"

struct run_fixture {
	struct docker *d;
	char rid[9];
	char *p; /* berth-it-run-<rid>- */
	char *label; /* org.berth.it=<rid> */
};

static struct run_fixture rt;

static void
rt_cleanup(void)
{
	if (rt.label == NULL)
		return;
	it_run("docker ps -aq --filter label=%s | xargs -r docker rm -f -v "
	       ">/dev/null",
	    rt.label);
	it_run("docker network ls -q --filter label=%s | xargs -r docker "
	       "network rm >/dev/null",
	    rt.label);
	it_run("docker volume ls -q --filter label=%s | xargs -r docker volume "
	       "rm >/dev/null",
	    rt.label);
}

static int
group_setup(void **state)
{
	(void)state;
	rt.d = it_connect("run");
	if (rt.d == NULL)
		return -1;
	it_random_id(rt.rid);
	rt.p = xasprintf("berth-it-run-%s-", rt.rid);
	rt.label = xasprintf("org.berth.it=%s", rt.rid);
	return 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	rt_cleanup();
	docker_free(rt.d);
	free(rt.p);
	free(rt.label);
	return 0;
}

/* POST with a body; fails the test unless the engine says yes. */
static void
rt_post(const char *path, const char *body, struct docker_result *r)
{
	docker_sync(rt.d, "POST", path, body, r);
	if (r->status != DOCKER_OK)
		fail_msg("POST %s: %s", path, r->message ? r->message : "");
}

static void
rt_values(struct runform_values *v)
{
	memset(v, 0, sizeof *v);
	for (int i = 0; i < RF__COUNT; i++)
		v->text[i] = "";
}

/*
 * Creates (and starts, with start) a container from the form's values the
 * way the console does. Returns the id, or NULL with *msg set to the
 * engine's error (owned) when create or start failed.
 */
static char *
rt_run(const struct runform_values *fv, bool start, char **msg)
{
	struct docker_create_spec spec;
	struct docker_result r;
	char *err[RF__COUNT], *json, *cause = NULL, *path, *id;

	if (!runform_build_spec(fv, &spec, err)) {
		for (int i = 0; i < RF__COUNT; i++)
			if (err[i])
				fail_msg("field %d: %s", i, err[i]);
	}
	json = create_spec_json(&spec, &cause);
	assert_non_null(json);
	create_spec_done(&spec);
	if (fv->text[RF_NAME][0]) {
		char *esc = http_escape(fv->text[RF_NAME]);

		path = xasprintf("/containers/create?name=%s", esc);
		free(esc);
	} else
		path = xstrdup("/containers/create");
	docker_sync(rt.d, "POST", path, json, &r);
	free(path);
	free(json);
	if (r.status != DOCKER_OK) {
		*msg = xstrdup(r.message ? r.message : "?");
		docker_result_done(&r);
		return NULL;
	}
	id = decode_id(r.body, r.len, &cause);
	assert_non_null(id);
	docker_result_done(&r);
	if (!start)
		return id;
	path = xasprintf("/containers/%s/start", id);
	docker_sync(rt.d, "POST", path, NULL, &r);
	free(path);
	if (r.status != DOCKER_OK) {
		*msg = xstrdup(r.message ? r.message : "?");
		docker_result_done(&r);
		it_run("docker rm -f %s >/dev/null", id);
		free(id);
		return NULL;
	}
	docker_result_done(&r);
	return id;
}

static struct docker_container_detail *
rt_inspect(const char *id)
{
	struct docker_result r;
	struct docker_container_detail *c;
	char *path = xasprintf("/containers/%s/json", id), *cause = NULL;

	docker_sync(rt.d, "GET", path, NULL, &r);
	free(path);
	assert_int_equal(r.status, DOCKER_OK);
	c = decode_container_detail(r.body, r.len, &cause);
	assert_non_null(c);
	docker_result_done(&r);
	return c;
}

static bool
rt_has(char *const *v, const char *s)
{
	for (size_t i = 0; v && v[i]; i++)
		if (strcmp(v[i], s) == 0)
			return true;
	return false;
}

static const struct docker_port_binding *
rt_binding(const struct docker_port_binding *b, size_t n, const char *port,
    const char *host_port)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(b[i].container_port, port) == 0 &&
		    (host_port == NULL ||
			(b[i].host_port &&
			    strcmp(b[i].host_port, host_port) == 0)))
			return &b[i];
	return NULL;
}

static void
test_volume_and_network_forms(void **state)
{
	struct docker_volume_spec vs;
	struct docker_network_spec ns;
	struct docker_result r;
	struct docker_network *nw;
	struct docker_volume_list *vl;
	char *json, *cause = NULL, *path;
	bool found = false;

	(void)state;
	memset(&vs, 0, sizeof vs);
	vs.name = xasprintf("%svol", rt.p);
	assert_true(runform_parse_labels(rt.label, &vs.labels, &cause));
	json = create_volume_json(&vs, &cause);
	assert_non_null(json);
	rt_post("/volumes/create", json, &r);
	docker_result_done(&r);
	free(json);
	docker_sync(rt.d, "GET", "/volumes", NULL, &r);
	assert_int_equal(r.status, DOCKER_OK);
	vl = decode_volume_list(r.body, r.len, &cause);
	assert_non_null(vl);
	for (size_t i = 0; i < vl->n; i++)
		if (strcmp(vl->v[i].name, vs.name) == 0) {
			found = true;
			assert_string_equal(vl->v[i].driver, "local");
			assert_string_equal(
			    kvlist_get(&vl->v[i].labels, "org.berth.it"),
			    rt.rid);
		}
	assert_true(found);
	docker_volume_list_free(vl);
	docker_result_done(&r);
	free(vs.name);
	kvlist_free(&vs.labels);

	memset(&ns, 0, sizeof ns);
	ns.name = xasprintf("%snet", rt.p);
	ns.subnet = xstrdup("172.29.213.0/24");
	ns.gateway = xstrdup("172.29.213.1");
	assert_true(runform_check_cidr(ns.subnet, &cause));
	assert_true(runform_parse_labels(rt.label, &ns.labels, &cause));
	json = create_network_json(&ns, &cause);
	assert_non_null(json);
	docker_sync(rt.d, "POST", "/networks/create", json, &r);
	/* A subnet another test holds would make this fail: say so. */
	if (r.status != DOCKER_OK)
		fail_msg("network create: %s", r.message);
	docker_result_done(&r);
	free(json);
	path = xasprintf("/networks/%s", ns.name);
	docker_sync(rt.d, "GET", path, NULL, &r);
	assert_int_equal(r.status, DOCKER_OK);
	nw = decode_network(r.body, r.len, &cause);
	assert_non_null(nw);
	assert_string_equal(nw->driver, "bridge");
	assert_int_equal(nw->n_ipam, 1);
	assert_string_equal(nw->ipam[0].subnet, "172.29.213.0/24");
	assert_string_equal(nw->ipam[0].gateway, "172.29.213.1");
	assert_string_equal(kvlist_get(&nw->labels, "org.berth.it"), rt.rid);
	docker_network_free(nw);
	docker_result_done(&r);
	free(path);
	free(ns.name);
	free(ns.subnet);
	free(ns.gateway);
	kvlist_free(&ns.labels);
}

static void
test_run_settings_reach_the_container(void **state)
{
	struct runform_values fv;
	struct docker_container_detail *c;
	const struct docker_port_binding *b;
	char *name, *mounts, *net, *labels, *msg = NULL, *id;
	bool vol = false, bind = false;

	(void)state;
	name = xasprintf("%sapp", rt.p);
	mounts = xasprintf("%svol:/data:ro, /tmp:/hosttmp, /scratch", rt.p);
	net = xasprintf("%snet", rt.p);
	labels = xasprintf("%s, team=core ops, note=a\\,b", rt.label);
	rt_values(&fv);
	fv.text[RF_IMAGE] = "berth-test/app";
	fv.text[RF_NAME] = name;
	fv.text[RF_COMMAND] = "sh -c 'echo \"$GREETING\"; exec sleep 300'";
	fv.text[RF_ENV] = "GREETING=hello world, B=x\\,y";
	fv.text[RF_PORTS] = "127.0.0.1::80, 127.0.0.1::5353/udp";
	fv.text[RF_MOUNTS] = mounts;
	fv.text[RF_NETWORK] = net;
	fv.text[RF_RESTART] = "on-failure:2";
	fv.text[RF_WORKDIR] = "/tmp";
	fv.text[RF_USER] = "0:0";
	fv.text[RF_LABELS] = labels;
	fv.text[RF_MEMORY] = "64m";
	fv.text[RF_CPUS] = "0.5";
	fv.on[RF_TTY] = true;
	fv.on[RF_INTERACTIVE] = true;
	id = rt_run(&fv, true, &msg);
	if (id == NULL)
		fail_msg("run: %s", msg);

	c = rt_inspect(id);
	assert_true(c->running);
	assert_string_equal(c->name, name);
	assert_string_equal(c->image, "berth-test/app");
	assert_true(rt_has(c->env, "GREETING=hello world"));
	assert_true(rt_has(c->env, "B=x,y"));
	/* The image's own environment is still there. */
	assert_true(rt_has(c->env, "APP_MODE=test"));
	assert_int_equal(strv_len(c->cmd), 3);
	assert_string_equal(c->cmd[2], "echo \"$GREETING\"; exec sleep 300");
	assert_non_null(rt_binding(c->bindings, c->n_bindings, "80/tcp", ""));
	b = rt_binding(c->bindings, c->n_bindings, "5353/udp", NULL);
	assert_non_null(b);
	assert_string_equal(b->host_ip, "127.0.0.1");
	/* Published for real: the engine picked a host port. */
	b = rt_binding(c->ports, c->n_ports, "80/tcp", NULL);
	assert_non_null(b);
	assert_non_null(b->host_port);
	assert_true(atoi(b->host_port) > 0);
	for (size_t i = 0; i < c->n_mounts; i++) {
		const struct docker_mount *m = &c->mounts[i];

		if (strcmp(m->destination, "/data") == 0) {
			vol = true;
			assert_string_equal(m->type, "volume");
			assert_non_null(strstr(m->name, "vol"));
			assert_false(m->rw);
		} else if (strcmp(m->destination, "/hosttmp") == 0) {
			bind = true;
			assert_string_equal(m->type, "bind");
			assert_string_equal(m->source, "/tmp");
			assert_true(m->rw);
		} else
			assert_string_equal(m->destination, "/scratch");
	}
	assert_true(vol && bind);
	assert_int_equal(c->n_mounts, 3);
	assert_string_equal(c->network_mode, net);
	assert_int_equal(c->n_nets, 1);
	assert_string_equal(c->nets[0].network, net);
	assert_string_equal(c->restart_policy, "on-failure");
	assert_int_equal(c->restart_max_retry, 2);
	assert_string_equal(c->working_dir, "/tmp");
	assert_string_equal(c->user, "0:0");
	assert_string_equal(kvlist_get(&c->labels, "org.berth.it"), rt.rid);
	assert_string_equal(kvlist_get(&c->labels, "team"), "core ops");
	assert_string_equal(kvlist_get(&c->labels, "note"), "a,b");
	assert_int_equal(c->memory, 64LL * 1024 * 1024);
	assert_int_equal(c->nano_cpus, 500000000);
	assert_true(c->tty);
	assert_true(c->open_stdin);
	assert_false(c->auto_remove);
	docker_container_detail_free(c);
	free(id);
	free(name);
	free(mounts);
	free(net);
	free(labels);
}

static void
test_engine_errors_land_on_fields(void **state)
{
	struct runform_values fv;
	char *msg = NULL, *name, *id, *mounts;

	(void)state;
	rt_values(&fv);
	fv.text[RF_IMAGE] = "berth-test/no-such-image:zz";
	fv.text[RF_LABELS] = rt.label;
	assert_null(rt_run(&fv, false, &msg));
	assert_int_equal(runform_error_field(msg), RF_IMAGE);
	free(msg);

	/* The name the first test took. */
	name = xasprintf("%sapp", rt.p);
	rt_values(&fv);
	fv.text[RF_IMAGE] = "berth-test/base";
	fv.text[RF_NAME] = name;
	fv.text[RF_LABELS] = rt.label;
	assert_null(rt_run(&fv, false, &msg));
	assert_int_equal(runform_error_field(msg), RF_NAME);
	free(msg);
	free(name);

	rt_values(&fv);
	fv.text[RF_IMAGE] = "berth-test/base";
	fv.text[RF_NETWORK] = "berth-it-no-such-network";
	fv.text[RF_LABELS] = rt.label;
	id = rt_run(&fv, true, &msg);
	assert_null(id);
	assert_int_equal(runform_error_field(msg), RF_NETWORK);
	free(msg);

	rt_values(&fv);
	fv.text[RF_IMAGE] = "berth-test/base";
	fv.text[RF_COMMAND] = "/no/such/program";
	fv.text[RF_LABELS] = rt.label;
	id = rt_run(&fv, true, &msg);
	assert_null(id);
	assert_int_equal(runform_error_field(msg), RF_COMMAND);
	free(msg);

	/* A folder of this run's own: an engine that makes a missing bind
	 * source (podman does) must not leave it for the next run. */
	rt_values(&fv);
	fv.text[RF_IMAGE] = "berth-test/base";
	mounts = xasprintf("/berth-no-such-dir-%s:/x", rt.rid);
	fv.text[RF_MOUNTS] = mounts;
	fv.text[RF_LABELS] = rt.label;
	id = rt_run(&fv, true, &msg);
	it_run("rmdir /berth-no-such-dir-%s 2>/dev/null", rt.rid);
	free(mounts);
	assert_null(id);
	assert_int_equal(runform_error_field(msg), RF_MOUNTS);
	free(msg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_volume_and_network_forms),
	    cmocka_unit_test(test_run_settings_reach_the_container),
	    cmocka_unit_test(test_engine_errors_land_on_fields),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
