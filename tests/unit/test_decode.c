/* Unit tests for the JSON decoders, on fixtures captured from a real engine. */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/decode.h"
#include "api/model.h"
#include "api/xalloc.h"
#include "tests/support/fixture.h"

#define WEB_ID                                                                 \
	"ab6cd7c573774f809476044891be8525"                                     \
	"eae9eb2da12b8e466bcfe6c9403bd17c"
#define TTY_ID                                                                 \
	"e7edc20ae8933e5e7cfad7c6e2b0190d"                                     \
	"295befea0372bbd1d4e259cd8eff06ab"

static const struct docker_container *
find_container(const struct docker_container_list *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++) {
		if (strcmp(l->v[i].name, name) == 0)
			return &l->v[i];
	}
	fail_msg("no container %s", name);
	return NULL;
}

static bool
strv_has(char *const *v, const char *s)
{
	for (size_t i = 0; v && v[i]; i++) {
		if (strcmp(v[i], s) == 0)
			return true;
	}
	return false;
}

/* Decodes a literal with one decoder and checks it fails with a cause. */
#define assert_decode_fails(fn, text, want)                                    \
	do {                                                                   \
		char *cause_ = NULL;                                           \
		void *r_ = fn(text, strlen(text), &cause_);                    \
		assert_null(r_);                                               \
		assert_non_null(cause_);                                       \
		assert_non_null(strstr(cause_, want));                         \
		free(cause_);                                                  \
	} while (0)

static void
test_container_list(void **state)
{
	size_t n;
	char *s = fixture_read("containers_json.v1.41.json", &n), *cause = NULL;
	struct docker_container_list *l = decode_container_list(s, n, &cause);
	const struct docker_container *c;

	assert_non_null(l);
	assert_null(cause);
	assert_int_equal(l->n, 6);

	c = find_container(l, "berth-fx-web");
	assert_string_equal(c->id, WEB_ID);
	assert_string_equal(c->image, "berth-test/web");
	assert_string_equal(c->image_id,
	    "sha256:64906a552f240043f47806b77"
	    "2d1708a428fde3fd8be3749fa4991aa3c86be3c");
	assert_string_equal(c->command, "httpd -f -v -p 80 -h /www");
	assert_int_equal(c->created, 1795334160);
	assert_string_equal(c->state, "running");
	assert_non_null(strstr(c->status, "(healthy)"));
	assert_int_equal(c->n_ports, 1);
	assert_string_equal(c->ports[0].ip, "127.0.0.1");
	assert_int_equal(c->ports[0].private_port, 80);
	assert_int_equal(c->ports[0].public_port, 18391);
	assert_string_equal(c->ports[0].type, "tcp");
	assert_int_equal(c->labels.n, 4);
	assert_string_equal(
	    kvlist_get(&c->labels, "com.docker.compose.project"), "fxproj");
	assert_string_equal(kvlist_get(&c->labels, "tier"), "frontend");
	assert_null(kvlist_get(&c->labels, "nope"));
	assert_int_equal(c->size_rw, -1);
	assert_int_equal(c->size_root_fs, -1);
	assert_int_equal(c->n_nets, 2);
	assert_string_equal(c->nets[0].network, "berth-fx-net");
	assert_string_equal(c->nets[0].ip, "10.213.99.10");
	assert_int_equal(c->nets[0].prefix_len, 24);
	assert_string_equal(c->nets[0].gateway, "10.213.99.1");
	assert_string_equal(c->nets[0].mac, "02:42:0a:d5:63:0a");
	assert_null(c->nets[0].ipv6);
	assert_string_equal(c->nets[1].network, "bridge");
	assert_int_equal(c->n_mounts, 1);
	assert_string_equal(c->mounts[0].type, "volume");
	assert_string_equal(c->mounts[0].name, "berth-fx-vol");
	assert_string_equal(c->mounts[0].destination, "/data");
	assert_true(c->mounts[0].rw);
	assert_string_equal(c->network_mode, "default");

	/* Exposed but not published. */
	c = find_container(l, "berth-fx-web2");
	assert_int_equal(c->n_ports, 1);
	assert_null(c->ports[0].ip);
	assert_int_equal(c->ports[0].private_port, 80);
	assert_int_equal(c->ports[0].public_port, 0);

	c = find_container(l, "berth-fx-exited");
	assert_string_equal(c->state, "exited");
	assert_true(strncmp(c->status, "Exited (3)", 10) == 0);
	assert_int_equal(c->n_ports, 0);
	assert_int_equal(c->n_nets, 1);
	assert_null(c->nets[0].ip);
	assert_int_equal(c->n_mounts, 0);

	c = find_container(l, "berth-fx-paused");
	assert_string_equal(c->state, "paused");
	c = find_container(l, "berth-fx-sick");
	assert_non_null(strstr(c->status, "(unhealthy)"));
	c = find_container(l, "berth-fx-tty");
	assert_string_equal(c->network_mode, "berth-fx-net");
	assert_string_equal(c->nets[0].ip, "10.213.99.2");

	docker_container_list_free(l);
	free(s);
}

static void
test_container_list_sizes(void **state)
{
	size_t n;
	char *s = fixture_read("containers_json_size.v1.41.json", &n);
	struct docker_container_list *l = decode_container_list(s, n, NULL);
	const struct docker_container *c;

	assert_non_null(l);
	c = find_container(l, "berth-fx-tty");
	assert_int_equal(c->size_rw, 4194304);
	assert_int_equal(c->size_root_fs, 6179776);
	/* The engine omits a zero SizeRw; that is 0, not unknown. */
	c = find_container(l, "berth-fx-web");
	assert_int_equal(c->size_rw, 0);
	assert_int_equal(c->size_root_fs, 1985496);
	docker_container_list_free(l);
	free(s);
}

static void
test_container_copy(void **state)
{
	size_t n;
	char *s = fixture_read("containers_json.v1.41.json", &n);
	struct docker_container_list *l = decode_container_list(s, n, NULL);
	struct docker_container copy;
	const struct docker_container *web;

	assert_non_null(l);
	web = find_container(l, "berth-fx-web");
	docker_container_copy(&copy, web);
	docker_container_list_free(l);

	assert_string_equal(copy.id, WEB_ID);
	assert_string_equal(copy.name, "berth-fx-web");
	assert_int_equal(copy.n_ports, 1);
	assert_int_equal(copy.ports[0].public_port, 18391);
	assert_string_equal(copy.ports[0].ip, "127.0.0.1");
	assert_string_equal(kvlist_get(&copy.labels, "tier"), "frontend");
	assert_int_equal(copy.n_nets, 2);
	assert_string_equal(copy.nets[1].ip, "10.213.7.3");
	assert_string_equal(copy.mounts[0].name, "berth-fx-vol");
	assert_int_equal(copy.created, 1795334160);
	docker_container_clear(&copy);
	assert_null(copy.id);
	assert_int_equal(copy.n_ports, 0);
	docker_container_clear(&copy);
	docker_container_clear(NULL);
	free(s);
}

static void
test_container_detail_running(void **state)
{
	size_t n;
	char *s = fixture_read("container_inspect.v1.41.json", &n),
	     *cause = NULL;
	struct docker_container_detail *c;

	c = decode_container_detail(s, n, &cause);
	assert_non_null(c);
	assert_null(cause);
	assert_string_equal(c->id, WEB_ID);
	assert_string_equal(c->name, "berth-fx-web");
	assert_string_equal(c->status, "running");
	assert_true(c->running);
	assert_false(c->paused);
	assert_false(c->oom_killed);
	assert_int_equal(c->pid, 6314);
	assert_int_equal(c->exit_code, 0);
	assert_null(c->error);
	assert_string_equal(c->path, "httpd");
	assert_int_equal(strv_len(c->args), 6);
	assert_string_equal(c->driver, "overlay2");
	assert_string_equal(c->platform, "linux");
	assert_string_equal(c->health_status, "healthy");
	assert_int_equal(c->health_failing_streak, 0);
	assert_int_equal(c->n_health_log, 5);
	assert_int_equal(c->health_log[0].exit_code, 0);
	assert_string_equal(
	    c->health_log[0].start, "2026-11-22T07:56:15.395381469Z");
	assert_string_equal(c->image, "berth-test/web");
	assert_true(strncmp(c->image_id, "sha256:64906a552f24", 19) == 0);
	assert_false(c->tty);
	assert_int_equal(strv_len(c->cmd), 7);
	assert_string_equal(c->cmd[0], "httpd");
	assert_int_equal(strv_len(c->entrypoint), 0);
	assert_int_equal(strv_len(c->exposed_ports), 1);
	assert_string_equal(c->exposed_ports[0], "80/tcp");
	assert_string_equal(kvlist_get(&c->labels, "tier"), "frontend");
	assert_string_equal(c->restart_policy, "unless-stopped");
	assert_int_equal(c->restart_max_retry, 0);
	assert_int_equal(c->memory, 67108864);
	assert_string_equal(c->network_mode, "default");
	assert_null(c->isolation);
	assert_int_equal(c->n_bindings, 1);
	assert_string_equal(c->bindings[0].container_port, "80/tcp");
	assert_string_equal(c->bindings[0].host_ip, "127.0.0.1");
	assert_string_equal(c->bindings[0].host_port, "18391");
	assert_int_equal(c->n_ports, 1);
	assert_string_equal(c->ports[0].host_port, "18391");
	assert_int_equal(strv_len(c->exec_ids), 0);
	assert_int_equal(c->n_mounts, 1);
	assert_string_equal(c->mounts[0].source,
	    "/tmp/berth-engine/data/volumes/berth-fx-vol/_data");
	assert_int_equal(c->n_nets, 2);
	assert_string_equal(c->nets[0].ip, "10.213.99.10");
	docker_container_detail_free(c);
	free(s);
}

static void
test_container_detail_exited(void **state)
{
	size_t n;
	char *s = fixture_read("container_inspect_exited.v1.41.json", &n);
	struct docker_container_detail *c;

	c = decode_container_detail(s, n, NULL);
	assert_non_null(c);
	assert_string_equal(c->name, "berth-fx-exited");
	assert_string_equal(c->status, "exited");
	assert_false(c->running);
	assert_int_equal(c->exit_code, 3);
	assert_int_equal(c->pid, 0);
	assert_null(c->health_status);
	assert_int_equal(c->n_health_log, 0);
	assert_true(strncmp(c->finished_at, "2026-", 5) == 0);
	assert_int_equal(strv_len(c->cmd), 3);
	assert_string_equal(c->cmd[2], "echo bye; exit 3");
	assert_string_equal(c->restart_policy, "no");
	assert_int_equal(c->n_bindings, 0);
	assert_int_equal(c->n_ports, 0);
	assert_int_equal(strv_len(c->exposed_ports), 0);
	docker_container_detail_free(c);
	free(s);
}

static void
test_container_detail_tty_paused_unhealthy(void **state)
{
	size_t n;
	char *s = fixture_read("container_inspect_tty.v1.41.json", &n);
	struct docker_container_detail *c = decode_container_detail(s, n, NULL);

	assert_non_null(c);
	assert_true(c->tty);
	assert_true(c->open_stdin);
	assert_string_equal(c->hostname, "fxhost");
	assert_string_equal(c->working_dir, "/tmp");
	assert_true(strv_has(c->env, "FOO=bar"));
	assert_int_equal(strv_len(c->exec_ids), 1);
	assert_string_equal(c->exec_ids[0], "55856be1b63dee9d71607782f9071dcc"
					    "cc1f72bbb5b6e7623f374a883bef80c2");
	assert_string_equal(c->network_mode, "berth-fx-net");
	assert_int_equal(c->n_nets, 1);
	assert_string_equal(c->nets[0].ip, "10.213.99.2");
	docker_container_detail_free(c);
	free(s);

	s = fixture_read("container_inspect_paused.v1.41.json", &n);
	c = decode_container_detail(s, n, NULL);
	assert_non_null(c);
	assert_string_equal(c->status, "paused");
	assert_true(c->paused);
	assert_true(c->running);
	assert_true(strv_has(c->env, "APP_MODE=test"));
	docker_container_detail_free(c);
	free(s);

	s = fixture_read("container_inspect_unhealthy.v1.41.json", &n);
	c = decode_container_detail(s, n, NULL);
	assert_non_null(c);
	assert_string_equal(c->health_status, "unhealthy");
	assert_true(c->health_failing_streak >= 1);
	assert_int_equal(c->n_health_log, 5);
	for (size_t i = 0; i < c->n_health_log; i++)
		assert_int_equal(c->health_log[i].exit_code, 1);
	docker_container_detail_free(c);
	free(s);
}

static void
test_container_detail_windows(void **state)
{
	size_t n;
	char *s = fixture_read("windows_container_inspect.json", &n);
	struct docker_container_detail *c = decode_container_detail(s, n, NULL);

	assert_non_null(c);
	assert_string_equal(c->name, "iis-site");
	assert_string_equal(c->platform, "windows");
	assert_string_equal(c->isolation, "process");
	assert_string_equal(c->driver, "windowsfilter");
	assert_string_equal(c->path, "C:\\ServiceMonitor.exe");
	assert_int_equal(strv_len(c->entrypoint), 2);
	assert_string_equal(c->entrypoint[1], "w3svc");
	assert_int_equal(strv_len(c->cmd), 0);
	assert_int_equal(strv_len(c->env), 0);
	assert_string_equal(c->restart_policy, "always");
	assert_int_equal(c->memory, 2147483648LL);
	assert_int_equal(c->nano_cpus, 2000000000LL);
	assert_int_equal(c->n_bindings, 1);
	assert_string_equal(c->bindings[0].host_ip, "");
	assert_string_equal(c->bindings[0].host_port, "8080");
	assert_string_equal(c->ports[0].host_ip, "0.0.0.0");
	assert_int_equal(c->n_mounts, 1);
	assert_string_equal(c->mounts[0].type, "bind");
	assert_string_equal(c->mounts[0].source, "C:\\sites\\intranet");
	assert_false(c->mounts[0].rw);
	assert_int_equal(c->n_nets, 1);
	assert_string_equal(c->nets[0].network, "nat");
	assert_string_equal(c->nets[0].ip, "172.29.77.145");
	assert_int_equal(c->nets[0].prefix_len, 16);
	assert_int_equal(c->pid, 4312);
	docker_container_detail_free(c);
	free(s);
}

static void
test_container_detail_odd_shapes(void **state)
{
	/* Unpublished exposed port, string Cmd, wrong-typed state fields. */
	static const char doc[] =
	    "{\"Id\":\"c1\",\"Name\":\"plain\",\"State\":{\"Running\":\"yes\","
	    "\"Pid\":\"12\",\"ExitCode\":null,\"Health\":null},"
	    "\"Config\":{\"Cmd\":\"sleep 5\",\"Env\":[\"A=1\",2,null],"
	    "\"ExposedPorts\":[\"53/udp\"],\"Labels\":{\"n\":3,\"b\":true,"
	    "\"z\":null}},\"HostConfig\":{\"RestartPolicy\":\"always\","
	    "\"PortBindings\":null},\"NetworkSettings\":{\"Ports\":"
	    "{\"53/udp\":null,\"80/tcp\":[]},\"Networks\":[]},"
	    "\"ExecIDs\":\"x\",\"Mounts\":{}}";
	static const char two[] =
	    "{\"Id\":\"c2\",\"HostConfig\":"
	    "{\"PortBindings\":{\"80/tcp\":[{\"HostIp\":\"127.0.0.1\","
	    "\"HostPort\":\"8080\"},{\"HostIp\":\"::1\",\"HostPort\":"
	    "\"8080\"},7],\"81/tcp\":null}}}";
	struct docker_container_detail *c;

	c = decode_container_detail(doc, strlen(doc), NULL);
	assert_non_null(c);
	assert_string_equal(c->name, "plain");
	assert_false(c->running);
	assert_int_equal(c->pid, 0);
	assert_int_equal(c->exit_code, 0);
	assert_null(c->health_status);
	assert_int_equal(strv_len(c->cmd), 1);
	assert_string_equal(c->cmd[0], "sleep 5");
	assert_int_equal(strv_len(c->env), 1);
	assert_string_equal(c->exposed_ports[0], "53/udp");
	assert_string_equal(kvlist_get(&c->labels, "n"), "3");
	assert_string_equal(kvlist_get(&c->labels, "b"), "true");
	assert_string_equal(kvlist_get(&c->labels, "z"), "");
	assert_string_equal(c->restart_policy, "");
	assert_int_equal(c->n_bindings, 0);
	assert_int_equal(c->n_ports, 2);
	assert_string_equal(c->ports[0].container_port, "53/udp");
	assert_null(c->ports[0].host_ip);
	assert_null(c->ports[0].host_port);
	assert_string_equal(c->ports[1].container_port, "80/tcp");
	assert_int_equal(c->n_nets, 0);
	assert_int_equal(c->n_mounts, 0);
	assert_int_equal(strv_len(c->exec_ids), 1);
	docker_container_detail_free(c);

	/* Two host bindings of one port (IPv4 and IPv6), one unbound. */
	c = decode_container_detail(two, strlen(two), NULL);
	assert_non_null(c);
	assert_string_equal(c->name, "");
	assert_int_equal(c->n_bindings, 3);
	assert_string_equal(c->bindings[0].host_ip, "127.0.0.1");
	assert_string_equal(c->bindings[1].host_ip, "::1");
	assert_string_equal(c->bindings[1].host_port, "8080");
	assert_string_equal(c->bindings[2].container_port, "81/tcp");
	assert_null(c->bindings[2].host_port);
	docker_container_detail_free(c);

	assert_decode_fails(
	    decode_container_detail, "{\"Name\":\"/x\"}", "no Id");
	assert_decode_fails(
	    decode_container_detail, "[]", "container: expected a JSON object");
}

static void
test_image_list(void **state)
{
	size_t n;
	char *s = fixture_read("images_json.v1.41.json", &n);
	struct docker_image_list *l = decode_image_list(s, n, NULL);
	const struct docker_image *app = NULL;
	size_t dangling = 0;

	assert_non_null(l);
	assert_int_equal(l->n, 3);
	for (size_t i = 0; i < l->n; i++) {
		if (strv_has(l->v[i].repo_tags, "berth-test/app:v1"))
			app = &l->v[i];
	}
	assert_non_null(app);
	assert_string_equal(app->id, "sha256:2652b405ca2c1b6fa49f40292aa55fe1"
				     "eee424f91b2191560b9bc4e9d7aab0f9");
	assert_int_equal(strv_len(app->repo_tags), 2);
	assert_int_equal(strv_len(app->repo_digests), 0);
	assert_int_equal(app->size, 1985519);
	assert_int_equal(app->shared_size, -1);
	assert_int_equal(app->containers, -1);
	assert_int_equal(app->created, 1795333115);
	assert_true(strncmp(app->parent_id, "sha256:4d066b12c0d1", 19) == 0);
	assert_string_equal(kvlist_get(&app->labels, "org.berth.test"), "app");
	docker_image_list_free(l);
	free(s);

	/* Intermediate layers say "<none>:<none>": dangling, no tags. */
	s = fixture_read("images_json_all.v1.41.json", &n);
	l = decode_image_list(s, n, NULL);
	assert_non_null(l);
	assert_int_equal(l->n, 12);
	for (size_t i = 0; i < l->n; i++) {
		assert_non_null(l->v[i].repo_tags);
		if (l->v[i].repo_tags[0] == NULL)
			dangling++;
	}
	assert_int_equal(dangling, 9);
	docker_image_list_free(l);
	free(s);
}

static void
test_image_detail(void **state)
{
	size_t n;
	char *s = fixture_read("image_inspect.v1.41.json", &n);
	struct docker_image_detail *im = decode_image_detail(s, n, NULL);

	assert_non_null(im);
	assert_string_equal(im->id, "sha256:64906a552f240043f47806b772d1708a4"
				    "28fde3fd8be3749fa4991aa3c86be3c");
	assert_int_equal(strv_len(im->repo_tags), 2);
	assert_true(strv_has(im->repo_tags, "berth-test/web:latest"));
	assert_true(strncmp(im->parent, "sha256:700009b4a5e4", 19) == 0);
	assert_string_equal(im->created, "2026-11-22T07:38:34.558866394Z");
	assert_string_equal(im->docker_version, "20.10.24+dfsg1");
	assert_null(im->author);
	assert_string_equal(im->architecture, "amd64");
	assert_string_equal(im->os, "linux");
	assert_null(im->os_version);
	assert_int_equal(im->size, 1985496);
	assert_int_equal(strv_len(im->cmd), 7);
	assert_int_equal(strv_len(im->entrypoint), 0);
	assert_string_equal(im->exposed_ports[0], "80/tcp");
	assert_string_equal(kvlist_get(&im->labels, "org.berth.test"), "web");
	assert_int_equal(strv_len(im->env), 1);
	assert_int_equal(strv_len(im->layers), 3);
	assert_string_equal(im->layers[0],
	    "sha256:e9dbfb98a0562a174745720700"
	    "da436c8252e098360662b65ff6f511b7ca7496");
	docker_image_detail_free(im);
	free(s);
}

static void
test_history(void **state)
{
	size_t n;
	char *s = fixture_read("image_history.v1.41.json", &n);
	struct docker_history *h = decode_history(s, n, NULL);

	assert_non_null(h);
	assert_int_equal(h->n, 8);
	assert_true(strncmp(h->v[0].id, "sha256:64906a552f24", 19) == 0);
	assert_int_equal(strv_len(h->v[0].tags), 2);
	assert_int_equal(strv_len(h->v[1].tags), 0);
	assert_non_null(strstr(h->v[1].created_by, "EXPOSE 80"));
	assert_int_equal(h->v[3].size, 24);
	assert_int_equal(h->v[7].size, 1982256);
	assert_int_equal(h->v[0].created, 1795333114);
	assert_string_equal(h->v[0].comment, "");
	docker_history_free(h);
	free(s);

	h = decode_history("[{\"Size\":5},3]", 14, NULL);
	assert_non_null(h);
	assert_int_equal(h->n, 1);
	assert_string_equal(h->v[0].id, "<missing>");
	docker_history_free(h);
}

static void
test_volumes(void **state)
{
	size_t n;
	char *s = fixture_read("volumes.v1.41.json", &n);
	struct docker_volume_list *l = decode_volume_list(s, n, NULL);
	static const char podman[] =
	    "[{\"Name\":\"pv\",\"Driver\":\"local\","
	    "\"UsageData\":{\"Size\":4096,\"RefCount\":2}},{\"Driver\":\"x\"}]";

	assert_non_null(l);
	assert_int_equal(l->n, 1);
	assert_string_equal(l->v[0].name, "berth-fx-vol");
	assert_string_equal(l->v[0].driver, "local");
	assert_string_equal(l->v[0].scope, "local");
	assert_string_equal(l->v[0].mountpoint,
	    "/tmp/berth-engine/data/volumes/berth-fx-vol/_data");
	assert_string_equal(l->v[0].created_at, "2026-11-22T07:56:00Z");
	assert_string_equal(kvlist_get(&l->v[0].labels, "owner"), "berth");
	assert_int_equal(l->v[0].options.n, 0);
	assert_int_equal(l->v[0].size, -1);
	assert_int_equal(l->v[0].ref_count, -1);
	assert_int_equal(strv_len(l->warnings), 0);
	docker_volume_list_free(l);
	free(s);

	/* Podman's own API returns the bare array. */
	l = decode_volume_list(podman, strlen(podman), NULL);
	assert_non_null(l);
	assert_int_equal(l->n, 1);
	assert_int_equal(l->v[0].size, 4096);
	assert_int_equal(l->v[0].ref_count, 2);
	docker_volume_list_free(l);

	l = decode_volume_list(
	    "{\"Volumes\":null,\"Warnings\":[\"w\"]}", 33, NULL);
	assert_non_null(l);
	assert_int_equal(l->n, 0);
	assert_string_equal(l->warnings[0], "w");
	docker_volume_list_free(l);

	assert_decode_fails(decode_volume_list, "{\"Volumes\":{}}", "Volumes");
	assert_decode_fails(decode_volume_list, "true", "expected a JSON");
}

static void
test_networks(void **state)
{
	size_t n;
	char *s = fixture_read("networks.v1.41.json", &n);
	struct docker_network_list *l = decode_network_list(s, n, NULL);
	const struct docker_network *fx = NULL, *none = NULL;

	assert_non_null(l);
	assert_int_equal(l->n, 4);
	for (size_t i = 0; i < l->n; i++) {
		if (strcmp(l->v[i].name, "berth-fx-net") == 0)
			fx = &l->v[i];
		if (strcmp(l->v[i].name, "none") == 0)
			none = &l->v[i];
	}
	assert_non_null(fx);
	assert_non_null(none);
	assert_string_equal(fx->driver, "bridge");
	assert_string_equal(fx->scope, "local");
	assert_int_equal(fx->n_ipam, 1);
	assert_string_equal(fx->ipam[0].subnet, "10.213.99.0/24");
	assert_string_equal(fx->ipam[0].gateway, "10.213.99.1");
	assert_null(fx->ipam[0].ip_range);
	assert_false(fx->internal);
	assert_string_equal(kvlist_get(&fx->labels, "berth.fixture"), "1");
	assert_string_equal(none->driver, "null");
	assert_int_equal(none->n_ipam, 0);
	docker_network_list_free(l);
	free(s);
}

static void
test_network_inspect(void **state)
{
	size_t n;
	char *s = fixture_read("network_inspect.v1.41.json", &n);
	struct docker_network *nw = decode_network(s, n, NULL);
	const struct docker_net_container *web = NULL;

	assert_non_null(nw);
	assert_string_equal(nw->name, "berth-fx-net");
	assert_string_equal(nw->id, "f5d2c4c778bd81d6ca183f6d528610d66829bd1432"
				    "6d81e87b0b2fa96b1271c3");
	assert_string_equal(nw->created, "2026-11-22T07:56:00.727240666Z");
	assert_false(nw->attachable);
	assert_false(nw->enable_ipv6);
	assert_int_equal(nw->n_containers, 2);
	for (size_t i = 0; i < nw->n_containers; i++) {
		if (strcmp(nw->containers[i].id, WEB_ID) == 0)
			web = &nw->containers[i];
	}
	assert_non_null(web);
	assert_string_equal(web->name, "berth-fx-web");
	assert_string_equal(web->ipv4, "10.213.99.10/24");
	assert_null(web->ipv6);
	assert_string_equal(web->mac, "02:42:0a:d5:63:0a");
	assert_string_equal(
	    kvlist_get(&nw->options, "com.docker.network.bridge.name"),
	    "berthfx0");
	docker_network_free(nw);
	docker_network_free(NULL);
	free(s);

	assert_decode_fails(decode_network, "{\"Name\":\"x\"}", "no Id");
}

static void
test_info(void **state)
{
	size_t n;
	char *s = fixture_read("info.v1.41.json", &n);
	struct docker_info *in = decode_info(s, n, NULL);

	assert_non_null(in);
	assert_string_equal(in->id, "QKR3:T6QJ:JUGY:CU4D:FXHW:MRBK:CCZB:PJE3:"
				    "QSPF:7PZ3:XWFM:S6TC");
	assert_string_equal(in->server_version, "20.10.24+dfsg1");
	assert_int_equal(in->containers, 7);
	assert_int_equal(in->running, 5);
	assert_int_equal(in->paused, 1);
	assert_int_equal(in->stopped, 1);
	assert_int_equal(in->images, 12);
	assert_string_equal(in->driver, "overlay2");
	assert_string_equal(
	    in->operating_system, "Debian GNU/Linux 12 (bookworm)");
	assert_string_equal(in->os_version, "12");
	assert_string_equal(in->os_type, "linux");
	assert_string_equal(in->architecture, "x86_64");
	assert_int_equal(in->ncpu, 2);
	assert_int_equal(in->mem_total, 25276502016LL);
	assert_string_equal(in->docker_root_dir, "/tmp/berth-engine/data");
	assert_string_equal(in->cgroup_driver, "cgroupfs");
	assert_string_equal(in->cgroup_version, "1");
	assert_null(in->isolation);
	assert_string_equal(in->system_time, "2026-11-22T07:58:10.200607842Z");
	assert_string_equal(in->swarm_state, "inactive");
	assert_false(in->swarm_manager);
	assert_int_equal(strv_len(in->warnings), 0);
	assert_string_equal(in->default_runtime, "runc");
	docker_info_free(in);
	free(s);
}

static void
test_info_windows(void **state)
{
	size_t n;
	char *s = fixture_read("windows_info.json", &n);
	struct docker_info *in = decode_info(s, n, NULL);
	static const char warn[] = "{\"Warnings\":[\"WARNING: No swap limit "
				   "support\",7]}";

	assert_non_null(in);
	assert_string_equal(in->os_type, "windows");
	assert_string_equal(in->isolation, "hyperv");
	assert_string_equal(in->operating_system,
	    "Windows Server 2022 "
	    "Datacenter Version 2009 (OS Build 20348.2113)");
	assert_string_equal(in->driver, "windowsfilter");
	assert_string_equal(in->docker_root_dir, "C:\\ProgramData\\docker");
	assert_null(in->cgroup_driver);
	assert_null(in->cgroup_version);
	assert_null(in->default_runtime);
	assert_string_equal(in->swarm_state, "active");
	assert_true(in->swarm_manager);
	assert_int_equal(in->ncpu, 4);
	assert_int_equal(in->running, 1);
	docker_info_free(in);
	free(s);

	in = decode_info(warn, strlen(warn), NULL);
	assert_non_null(in);
	assert_int_equal(strv_len(in->warnings), 1);
	assert_string_equal(in->warnings[0], "WARNING: No swap limit support");
	assert_null(in->swarm_state);
	docker_info_free(in);
}

static void
test_version(void **state)
{
	size_t n;
	char *s = fixture_read("version.v1.41.json", &n);
	struct docker_version *v = decode_version(s, n, NULL);
	static const char comp[] =
	    "{\"Version\":\"25.0.3\",\"Components\":"
	    "[{\"Name\":\"containerd\"},{\"Name\":\"Engine\",\"Details\":"
	    "{\"Experimental\":\"true\"}}],\"Platform\":{\"Name\":\"Docker "
	    "Engine - Community\"}}";

	assert_non_null(v);
	assert_string_equal(v->version, "20.10.24+dfsg1");
	assert_string_equal(v->api_version, "1.41");
	assert_string_equal(v->min_api_version, "1.12");
	assert_string_equal(v->os, "linux");
	assert_string_equal(v->arch, "amd64");
	assert_string_equal(v->kernel_version, "6.18.44-fc-v669");
	assert_string_equal(v->git_commit, "5d6db84");
	assert_string_equal(v->go_version, "go1.19.8");
	assert_null(v->platform_name);
	assert_false(v->experimental);
	docker_version_free(v);
	free(s);

	v = decode_version(comp, strlen(comp), NULL);
	assert_non_null(v);
	assert_true(v->experimental);
	assert_string_equal(v->platform_name, "Docker Engine - Community");
	assert_null(v->api_version);
	docker_version_free(v);
}

static void
test_df(void **state)
{
	size_t n;
	char *s = fixture_read("system_df.v1.41.json", &n);
	struct docker_df *df = decode_df(s, n, NULL);
	static const char cache[] =
	    "{\"BuildCache\":[{\"ID\":\"ndlpt0hhvkqc\","
	    "\"Type\":\"regular\",\"Description\":\"mount / from exec "
	    "/bin/sh -c make\",\"InUse\":false,\"Shared\":true,\"Size\":"
	    "51,\"CreatedAt\":\"2024-01-02T03:04:05Z\",\"LastUsedAt\":"
	    "\"2024-01-03T03:04:05Z\",\"UsageCount\":26}]}";
	bool saw_tty = false, saw_web = false;

	assert_non_null(df);
	assert_int_equal(df->layers_size, 1985543);
	assert_int_equal(df->n_images, 3);
	assert_true(strv_has(df->images[0].repo_tags, "berth-test/app:v1"));
	assert_int_equal(df->images[0].containers, 2);
	assert_int_equal(df->images[0].shared_size, 1985472);
	assert_int_equal(df->images[0].size, 1985519);
	assert_int_equal(df->n_containers, 7);
	for (size_t i = 0; i < df->n_containers; i++) {
		const struct docker_df_container *c = &df->containers[i];

		if (strcmp(c->name, "berth-fx-tty") == 0) {
			saw_tty = true;
			assert_int_equal(c->size_rw, 4194304);
			assert_int_equal(c->size_root_fs, 6179776);
			assert_string_equal(c->state, "running");
		}
		if (strcmp(c->name, "berth-fx-web") == 0) {
			saw_web = true;
			assert_int_equal(c->size_rw, 0);
		}
	}
	assert_true(saw_tty && saw_web);
	assert_int_equal(df->n_volumes, 1);
	assert_string_equal(df->volumes[0].name, "berth-fx-vol");
	assert_int_equal(df->volumes[0].ref_count, 1);
	assert_int_equal(df->volumes[0].size, 0);
	assert_string_equal(
	    kvlist_get(&df->volumes[0].labels, "owner"), "berth");
	assert_int_equal(df->n_cache, 0);
	docker_df_free(df);
	free(s);

	df = decode_df(cache, strlen(cache), NULL);
	assert_non_null(df);
	assert_int_equal(df->layers_size, -1);
	assert_int_equal(df->n_cache, 1);
	assert_string_equal(df->cache[0].id, "ndlpt0hhvkqc");
	assert_true(df->cache[0].shared);
	assert_false(df->cache[0].in_use);
	assert_int_equal(df->cache[0].size, 51);
	assert_int_equal(df->cache[0].usage_count, 26);
	assert_string_equal(df->cache[0].last_used_at, "2024-01-03T03:04:05Z");
	docker_df_free(df);
}

static void
test_events(void **state)
{
	size_t n, lines = 0, containers = 0;
	char *s = fixture_read("events.v1.41.jsonl", &n), *p = s, *nl;
	bool saw_die = false, saw_exec_die = false, saw_connect = false;

	while ((nl = memchr(p, '\n', n - (size_t)(p - s))) != NULL) {
		char *cause = NULL;
		struct docker_event *e =
		    decode_event(p, (size_t)(nl - p), &cause);

		assert_non_null(e);
		assert_null(cause);
		assert_non_null(e->type);
		assert_non_null(e->action);
		assert_true(e->time >= 1795334251);
		assert_int_equal(e->time_nano / 1000000000, e->time);
		if (lines == 0) {
			assert_string_equal(e->type, "volume");
			assert_string_equal(e->action, "create");
			assert_string_equal(e->actor_id, "berth-fx-evvol");
			assert_string_equal(
			    kvlist_get(&e->attrs, "driver"), "local");
			assert_string_equal(e->scope, "local");
			assert_int_equal(e->time_nano, 1795334251952017850LL);
		}
		if (strcmp(e->type, "container") == 0)
			containers++;
		if (strcmp(e->action, "die") == 0) {
			saw_die = true;
			assert_string_equal(
			    kvlist_get(&e->attrs, "exitCode"), "137");
			assert_string_equal(
			    kvlist_get(&e->attrs, "name"), "berth-fx-ev");
			assert_string_equal(
			    kvlist_get(&e->attrs, "image"), "berth-test/app");
			assert_true(
			    strncmp(e->actor_id, "cff8f5cc0912", 12) == 0);
		}
		if (strcmp(e->action, "exec_die") == 0) {
			saw_exec_die = true;
			assert_string_equal(
			    kvlist_get(&e->attrs, "exitCode"), "2");
		}
		if (strcmp(e->action, "connect") == 0) {
			saw_connect = true;
			assert_string_equal(e->type, "network");
			assert_string_equal(
			    kvlist_get(&e->attrs, "name"), "berth-fx-evnet");
		}
		docker_event_free(e);
		lines++;
		p = nl + 1;
	}
	assert_int_equal(lines, 21);
	assert_int_equal(containers, 10);
	assert_true(saw_die && saw_exec_die && saw_connect);
	free(s);
}

static void
test_events_legacy(void **state)
{
	size_t n, lines = 0;
	char *s = fixture_read("events_legacy.jsonl", &n), *p = s, *nl;
	static const char *const types[] = {"image", "container", "container",
	    "container", "container", "image", "image"};

	while ((nl = memchr(p, '\n', n - (size_t)(p - s))) != NULL) {
		struct docker_event *e =
		    decode_event(p, (size_t)(nl - p), NULL);

		assert_non_null(e);
		assert_true(lines < 7);
		assert_string_equal(e->type, types[lines]);
		assert_int_equal(e->time_nano, e->time * 1000000000LL);
		if (lines == 1) {
			assert_string_equal(e->action, "create");
			assert_string_equal(e->actor_id, "dfdf82bd3881");
			assert_string_equal(kvlist_get(&e->attrs, "image"),
			    "berth-test/base:latest");
			assert_int_equal(e->time, 1423339459);
			assert_null(e->scope);
		}
		docker_event_free(e);
		lines++;
		p = nl + 1;
	}
	assert_int_equal(lines, 7);
	free(s);

	assert_decode_fails(
	    decode_event, "{\"Type\":\"container\"}", "no Action");
	assert_decode_fails(decode_event, "[]",
	    "event: expected a JSON "
	    "object");
}

static void
test_event_clear(void **state)
{
	static const char line[] =
	    "{\"Type\":\"container\",\"Action\":"
	    "\"start\",\"Actor\":{\"ID\":\"abc\",\"Attributes\":{\"name\":"
	    "\"n\"}},\"timeNano\":1700000000123456789}";
	struct docker_event *e = decode_event(line, strlen(line), NULL);
	struct docker_event copy;

	assert_non_null(e);
	assert_int_equal(e->time, 1700000000);
	assert_null(e->scope);
	copy = *e;
	free(e);
	docker_event_clear(&copy);
	assert_null(copy.type);
	assert_int_equal(copy.attrs.n, 0);
	docker_event_clear(&copy);
}

static void
test_exec(void **state)
{
	size_t n;
	char *s = fixture_read("exec_inspect.v1.41.json", &n);
	struct docker_exec *x = decode_exec(s, n, NULL);

	assert_non_null(x);
	assert_string_equal(x->id, "55856be1b63dee9d71607782f9071dcccc1f72bb"
				   "b5b6e7623f374a883bef80c2");
	assert_string_equal(x->container_id, TTY_ID);
	assert_true(x->running);
	assert_int_equal(x->exit_code, -1);
	assert_int_equal(x->pid, 7294);
	assert_true(x->tty);
	assert_string_equal(x->user, "1000:1000");
	assert_string_equal(x->entrypoint, "sleep");
	assert_int_equal(strv_len(x->arguments), 1);
	assert_string_equal(x->arguments[0], "600");
	assert_false(x->privileged);
	docker_exec_free(x);
	free(s);

	s = fixture_read("exec_inspect_done.v1.41.json", &n);
	x = decode_exec(s, n, NULL);
	assert_non_null(x);
	assert_false(x->running);
	assert_int_equal(x->exit_code, 5);
	assert_int_equal(x->pid, 7358);
	assert_null(x->user);
	assert_string_equal(x->container_id, WEB_ID);
	assert_string_equal(x->arguments[1], "exit 5");
	docker_exec_free(x);
	free(s);

	s = fixture_read("exec_inspect_created.v1.41.json", &n);
	x = decode_exec(s, n, NULL);
	assert_non_null(x);
	assert_false(x->running);
	assert_int_equal(x->exit_code, -1);
	assert_int_equal(x->pid, 0);
	assert_true(x->privileged);
	assert_true(x->open_stdin);
	assert_string_equal(x->user, "root");
	assert_int_equal(strv_len(x->arguments), 0);
	assert_non_null(x->arguments);
	docker_exec_free(x);
	free(s);

	assert_decode_fails(decode_exec, "{\"Running\":true}", "no ID");
}

static void
test_top(void **state)
{
	size_t n;
	char *s = fixture_read("top.v1.41.json", &n);
	struct docker_top *t = decode_top(s, n, NULL);
	static const char nulls[] = "{\"Titles\":[\"PID\"],\"Processes\":null}";
	static const char odd[] = "{\"Titles\":[\"PID\",\"CMD\"],\"Processes\":"
				  "[[1,\"init\"],\"7 sh\",{},[null,true]]}";

	assert_non_null(t);
	assert_int_equal(strv_len(t->titles), 8);
	assert_string_equal(t->titles[7], "CMD");
	assert_int_equal(t->n_rows, 1);
	assert_string_equal(t->rows[0][0], "root");
	assert_string_equal(t->rows[0][1], "6314");
	assert_string_equal(t->rows[0][7], "httpd -f -v -p 80 -h /www");
	docker_top_free(t);
	free(s);

	s = fixture_read("top_aux.v1.41.json", &n);
	t = decode_top(s, n, NULL);
	assert_non_null(t);
	assert_int_equal(strv_len(t->titles), 11);
	assert_int_equal(t->n_rows, 2);
	assert_string_equal(t->rows[1][10], "sleep 600");
	assert_string_equal(t->rows[1][0], "1000");
	docker_top_free(t);
	free(s);

	s = fixture_read("podman_top.json", &n);
	t = decode_top(s, n, NULL);
	assert_non_null(t);
	assert_string_equal(t->titles[4], "ELAPSED");
	assert_int_equal(t->n_rows, 3);
	assert_int_equal(strv_len(t->rows[2]), 8);
	assert_string_equal(t->rows[2][0], "nobody");
	assert_string_equal(t->rows[2][7], "httpd -f -p 8080");
	docker_top_free(t);
	free(s);

	t = decode_top(nulls, strlen(nulls), NULL);
	assert_non_null(t);
	assert_int_equal(t->n_rows, 0);
	assert_int_equal(strv_len(t->titles), 1);
	docker_top_free(t);

	t = decode_top(odd, strlen(odd), NULL);
	assert_non_null(t);
	assert_int_equal(t->n_rows, 3);
	assert_string_equal(t->rows[0][0], "1");
	assert_string_equal(t->rows[1][0], "7 sh");
	assert_string_equal(t->rows[2][0], "");
	assert_string_equal(t->rows[2][1], "true");
	docker_top_free(t);

	t = decode_top("{}", 2, NULL);
	assert_non_null(t);
	assert_int_equal(strv_len(t->titles), 0);
	docker_top_free(t);
}

static void
test_stats_cgroup1(void **state)
{
	size_t n;
	char *s = fixture_read("stats.v1.41.json", &n);
	struct docker_stats *st = decode_stats(s, n, NULL);

	assert_non_null(st);
	assert_string_equal(st->read, "2026-11-22T07:56:26.87733876Z");
	assert_int_equal(st->cpu_total, 238618762);
	assert_int_equal(st->system_cpu, 16024400000000ULL);
	assert_int_equal(st->pre_cpu_total, 238618762);
	assert_int_equal(st->pre_system_cpu, 16022420000000ULL);
	assert_int_equal(st->online_cpus, 2);
	assert_int_equal(st->mem_usage, 987136);
	assert_int_equal(st->mem_limit, 67108864);
	assert_int_equal(st->mem_inactive_file, 147456);
	assert_int_equal(st->net_rx, 656 + 1236);
	assert_int_equal(st->net_tx, 0);
	assert_int_equal(st->blk_read, 0);
	assert_int_equal(st->blk_write, 0);
	assert_int_equal(st->pids, 1);
	docker_stats_free(st);
	free(s);
}

static void
test_stats_cgroup2(void **state)
{
	size_t n;
	char *s = fixture_read("stats_cgroup2.json", &n);
	/* pids_stats.limit is 2^64-1 here: beyond what jansson reads as int. */
	struct docker_stats *st = decode_stats(s, n, NULL);

	assert_non_null(st);
	assert_int_equal(st->cpu_total, 5134297000ULL);
	assert_int_equal(st->pre_cpu_total, 5034297000ULL);
	assert_int_equal(st->system_cpu, 987654320000000ULL);
	assert_int_equal(st->online_cpus, 4);
	assert_int_equal(st->mem_usage, 21803008);
	assert_int_equal(st->mem_limit, 8589934592ULL);
	assert_int_equal(st->mem_inactive_file, 9805824);
	assert_int_equal(st->net_rx, 53214 + 1000);
	assert_int_equal(st->net_tx, 20981 + 2000);
	assert_int_equal(st->blk_read, 8192000 + 12288);
	assert_int_equal(st->blk_write, 4096);
	assert_int_equal(st->pids, 3);
	docker_stats_free(st);
	free(s);
}

static void
test_stats_v1_blkio_and_percpu(void **state)
{
	static const char doc[] =
	    "{\"cpu_stats\":{\"cpu_usage\":"
	    "{\"total_usage\":10,\"percpu_usage\":[1,2,3]}},"
	    "\"blkio_stats\":{\"io_service_bytes_recursive\":["
	    "{\"major\":8,\"minor\":0,\"op\":\"Read\",\"value\":4096},"
	    "{\"major\":8,\"minor\":0,\"op\":\"Write\",\"value\":512},"
	    "{\"major\":8,\"minor\":0,\"op\":\"Sync\",\"value\":4608},"
	    "{\"major\":8,\"minor\":0,\"op\":\"Async\",\"value\":0},"
	    "{\"major\":8,\"minor\":0,\"op\":\"Total\",\"value\":4608},"
	    "{\"major\":8,\"minor\":16,\"op\":\"Read\",\"value\":1},"
	    "{\"op\":null},7]},\"network\":{\"rx_bytes\":9,\"tx_bytes\":8},"
	    "\"memory_stats\":{\"usage\":-5,\"stats\":{\"inactive_file\":"
	    "1e30}}}";
	struct docker_stats *st = decode_stats(doc, strlen(doc), NULL);

	assert_non_null(st);
	assert_null(st->read);
	assert_int_equal(st->online_cpus, 3);
	assert_int_equal(st->blk_read, 4097);
	assert_int_equal(st->blk_write, 512);
	assert_int_equal(st->net_rx, 9);
	assert_int_equal(st->net_tx, 8);
	assert_int_equal(st->mem_usage, 0);
	assert_true(st->mem_inactive_file == UINT64_MAX);
	docker_stats_free(st);
}

static void
test_stats_windows(void **state)
{
	size_t n;
	char *s = fixture_read("stats_windows.json", &n);
	struct docker_stats *st = decode_stats(s, n, NULL);

	assert_non_null(st);
	assert_int_equal(st->cpu_total, 131406250);
	assert_int_equal(st->online_cpus, 0);
	assert_int_equal(st->mem_usage, 64438272);
	assert_int_equal(st->blk_read, 39522304);
	assert_int_equal(st->blk_write, 17104896);
	assert_int_equal(st->net_rx, 1048832);
	assert_int_equal(st->pids, 0);
	docker_stats_free(st);
	free(s);
}

static void
test_progress_pull(void **state)
{
	size_t n, lines = 0, errors = 0;
	char *s = fixture_read("pull_progress.jsonl", &n), *p = s, *nl;
	bool saw_bar = false;

	while ((nl = memchr(p, '\n', n - (size_t)(p - s))) != NULL) {
		struct docker_progress *pr =
		    decode_progress(p, (size_t)(nl - p), NULL);

		assert_non_null(pr);
		if (lines == 0) {
			assert_string_equal(
			    pr->status, "Pulling from berth-test/web");
			assert_string_equal(pr->id, "2.0");
		}
		if (pr->current == 540672) {
			saw_bar = true;
			assert_string_equal(pr->status, "Downloading");
			assert_string_equal(pr->id, "7c4d2b1a9e3f");
			assert_int_equal(pr->total, 1985472);
			assert_true(strncmp(pr->progress, "[=====", 6) == 0);
			assert_non_null(
			    strstr(pr->progress, "540.7kB/1.985MB"));
		}
		if (pr->status && strncmp(pr->status, "Digest:", 7) == 0)
			assert_null(pr->id);
		if (pr->error != NULL) {
			errors++;
			assert_null(pr->status);
			assert_string_equal(pr->error,
			    "manifest for "
			    "127.0.0.1:5000/berth-test/web:9.9 not found: "
			    "manifest unknown: manifest unknown");
		}
		docker_progress_free(pr);
		lines++;
		p = nl + 1;
	}
	assert_int_equal(lines, 24);
	assert_int_equal(errors, 1);
	assert_true(saw_bar);
	free(s);
}

static void
test_progress_push(void **state)
{
	size_t n, lines = 0;
	char *s = fixture_read("push_progress.jsonl", &n), *p = s, *nl;
	struct docker_progress *pr;
	static const char odd[] = "{\"status\":\"x\",\"progressDetail\":"
				  "{\"current\":\"5\"}}";

	while ((nl = memchr(p, '\n', n - (size_t)(p - s))) != NULL) {
		pr = decode_progress(p, (size_t)(nl - p), NULL);
		assert_non_null(pr);
		if (lines == 3) {
			assert_string_equal(pr->status, "Pushing");
			assert_int_equal(pr->current, 512);
			assert_int_equal(pr->total, 24601);
		}
		if (lines == 8) {
			/* The aux line carries no status and no error. */
			assert_null(pr->status);
			assert_null(pr->error);
		}
		if (lines == 9)
			assert_string_equal(
			    pr->error, "unauthorized: authentication required");
		docker_progress_free(pr);
		lines++;
		p = nl + 1;
	}
	assert_int_equal(lines, 10);
	free(s);

	pr = decode_progress("{\"error\":\"boom\"}", 16, NULL);
	assert_non_null(pr);
	assert_string_equal(pr->error, "boom");
	docker_progress_free(pr);
	pr = decode_progress("{\"error\":null}", 14, NULL);
	assert_non_null(pr);
	assert_non_null(pr->error);
	docker_progress_free(pr);
	pr = decode_progress(odd, strlen(odd), NULL);
	assert_non_null(pr);
	assert_int_equal(pr->current, 0);
	assert_null(pr->error);
	docker_progress_free(pr);
}

static void
test_prune(void **state)
{
	size_t n;
	char *s = fixture_read("prune_containers.v1.41.json", &n);
	struct docker_prune_report *r = decode_prune_report(s, n, NULL);
	static const char caches[] = "{\"CachesDeleted\":[\"a1\",\"b2\"],"
				     "\"SpaceReclaimed\":1024}";

	assert_non_null(r);
	assert_int_equal(strv_len(r->deleted), 2);
	assert_string_equal(r->deleted[0], "eb12b8e4b100aea01f1327a2835fe825"
					   "68351723e222fa5c771bd4a99cb3f2e8");
	assert_int_equal(r->space_reclaimed, 0);
	docker_prune_report_free(r);
	free(s);

	s = fixture_read("prune_images.v1.41.json", &n);
	r = decode_prune_report(s, n, NULL);
	assert_non_null(r);
	assert_int_equal(strv_len(r->deleted), 2);
	assert_string_equal(r->deleted[0], "berth-fx-prune:1");
	assert_true(strncmp(r->deleted[1], "sha256:90274d4a1469", 19) == 0);
	docker_prune_report_free(r);
	free(s);

	s = fixture_read("prune_volumes.v1.41.json", &n);
	r = decode_prune_report(s, n, NULL);
	assert_non_null(r);
	assert_int_equal(strv_len(r->deleted), 1);
	assert_string_equal(r->deleted[0], "berth-fx-prunevol");
	assert_int_equal(r->space_reclaimed, 102400);
	docker_prune_report_free(r);
	free(s);

	s = fixture_read("prune_networks.v1.41.json", &n);
	r = decode_prune_report(s, n, NULL);
	assert_non_null(r);
	assert_string_equal(r->deleted[0], "berth-fx-prunenet");
	assert_int_equal(r->space_reclaimed, 0);
	docker_prune_report_free(r);
	free(s);

	r = decode_prune_report(caches, strlen(caches), NULL);
	assert_non_null(r);
	assert_int_equal(strv_len(r->deleted), 2);
	assert_int_equal(r->space_reclaimed, 1024);
	docker_prune_report_free(r);

	/* Nothing pruned: the engine sends nulls. */
	r = decode_prune_report("{\"ContainersDeleted\":null}", 26, NULL);
	assert_non_null(r);
	assert_non_null(r->deleted);
	assert_int_equal(strv_len(r->deleted), 0);
	docker_prune_report_free(r);
}

static void
test_id(void **state)
{
	char *cause = NULL, *id;

	id = decode_id("{\"Id\":\"abc123\",\"Warnings\":[]}", 29, &cause);
	assert_non_null(id);
	assert_string_equal(id, "abc123");
	assert_null(cause);
	free(id);
	id = decode_id("{\"ID\":\"x\"}", 10, NULL);
	assert_string_equal(id, "x");
	free(id);
	assert_decode_fails(decode_id, "{\"Id\":\"\"}", "no Id");
	assert_decode_fails(decode_id, "{\"Id\":5}", "no Id");
	assert_decode_fails(decode_id, "[\"Id\"]", "expected a JSON object");
}

static void
test_error_message(void **state)
{
	size_t n;
	char *s = fixture_read("error_404.v1.41.json", &n);
	char *m = decode_error_message(s, n, 404), *big;

	assert_string_equal(m, "No such container: berth-fx-nosuch");
	free(m);
	free(s);

	s = fixture_read("podman_error.json", &n);
	m = decode_error_message(s, n, 404);
	assert_string_equal(m, "no container with name or ID "
			       "\"berth-fx-nosuch\" found: no such container");
	free(m);
	free(s);

	/* Podman with only a cause. */
	m = decode_error_message(
	    "{\"cause\":\"no such pod\",\"response\":404}", 38, 404);
	assert_string_equal(m, "no such pod");
	free(m);

	m = decode_error_message("  404 page not found\n", 21, 404);
	assert_string_equal(m, "404 page not found");
	free(m);
	m = decode_error_message("<html>\r\n<body>Bad Gateway</body>", 32, 502);
	assert_string_equal(m, "<html>");
	free(m);
	m = decode_error_message("", 0, 502);
	assert_string_equal(m, "HTTP 502");
	free(m);
	m = decode_error_message(NULL, 0, 500);
	assert_string_equal(m, "HTTP 500");
	free(m);
	m = decode_error_message(" \r\n\t", 4, 503);
	assert_string_equal(m, "HTTP 503");
	free(m);
	m = decode_error_message("{}", 2, 409);
	assert_string_equal(m, "HTTP 409");
	free(m);
	m = decode_error_message("{\"message\":\"\"}", 14, 400);
	assert_string_equal(m, "HTTP 400");
	free(m);
	m = decode_error_message("{\"message\":\" conflict \\n\"}", 26, 409);
	assert_string_equal(m, "conflict");
	free(m);
	m = decode_error_message("\"quoted\"", 8, 400);
	assert_string_equal(m, "quoted");
	free(m);
	m = decode_error_message("{\"message\":", 11, 500);
	assert_string_equal(m, "{\"message\":");
	free(m);

	/* A proxy's huge body is cut, and never in the middle of a UTF-8
	 * sequence. */
	big = xmalloc(4001);
	big[0] = 'x';
	for (size_t i = 1; i + 1 < 4000; i += 2) {
		big[i] = (char)0xc3;
		big[i + 1] = (char)0xa9;
	}
	big[3999] = 'y';
	big[4000] = '\0';
	m = decode_error_message(big, 4000, 500);
	assert_true(strlen(m) <= 512);
	assert_true(strlen(m) >= 500);
	assert_true(((unsigned char)m[strlen(m) - 1] & 0xc0) == 0x80);
	assert_true((unsigned char)m[strlen(m) - 2] == 0xc3);
	free(m);
	free(big);
}

static void
test_pretty(void **state)
{
	static const char doc[] = "{\"b\":1,\"a\":[1,\"x\"],\"c\":{\"z\":true,"
				  "\"y\":null,\"e\":{},\"f\":[]}}";
	static const char want[] = "{\n"
				   "  \"b\": 1,\n"
				   "  \"a\": [\n"
				   "    1,\n"
				   "    \"x\"\n"
				   "  ],\n"
				   "  \"c\": {\n"
				   "    \"z\": true,\n"
				   "    \"y\": null,\n"
				   "    \"e\": {},\n"
				   "    \"f\": []\n"
				   "  }\n"
				   "}";
	char *cause = NULL, *out;
	size_t n;
	char *s;

	out = decode_pretty(doc, strlen(doc), &cause);
	assert_non_null(out);
	assert_null(cause);
	assert_string_equal(out, want);
	free(out);

	out = decode_pretty("\"just a string\"", 15, NULL);
	assert_string_equal(out, "\"just a string\"");
	free(out);

	/* A real inspect document keeps its keys in the engine's order. */
	s = fixture_read("container_inspect.v1.41.json", &n);
	out = decode_pretty(s, n, NULL);
	assert_non_null(out);
	assert_true(strncmp(out, "{\n  \"Id\": \"ab6cd7c5", 19) == 0);
	assert_true(strstr(out, "\"Id\"") < strstr(out, "\"Created\""));
	assert_true(strstr(out, "\"Created\"") < strstr(out, "\"Path\""));
	free(out);
	free(s);

	assert_decode_fails(decode_pretty, "{\"a\":}", "invalid JSON");
	assert_decode_fails(decode_pretty, "", "empty");
}

/* Every decoder behind one signature, for the table-driven tests. */
struct decoder {
	const char *name;
	void *(*decode)(const char *, size_t, char **);
	void (*free)(void *);
	bool array; /* top level is an array */
};

#define DECODER(fn, freefn)                                                    \
	static void *wrap_##fn(const char *s, size_t n, char **cause)          \
	{                                                                      \
		return decode_##fn(s, n, cause);                               \
	}                                                                      \
	static void wrap_free_##fn(void *p)                                    \
	{                                                                      \
		freefn(p);                                                     \
	}

DECODER(container_list, docker_container_list_free)
DECODER(container_detail, docker_container_detail_free)
DECODER(image_list, docker_image_list_free)
DECODER(image_detail, docker_image_detail_free)
DECODER(history, docker_history_free)
DECODER(volume_list, docker_volume_list_free)
DECODER(network_list, docker_network_list_free)
DECODER(network, docker_network_free)
DECODER(info, docker_info_free)
DECODER(version, docker_version_free)
DECODER(df, docker_df_free)
DECODER(event, docker_event_free)
DECODER(exec, docker_exec_free)
DECODER(top, docker_top_free)
DECODER(stats, docker_stats_free)
DECODER(progress, docker_progress_free)
DECODER(prune_report, docker_prune_report_free)
DECODER(id, free)
DECODER(pretty, free)

#define D(fn, arr)                                                             \
	{                                                                      \
#fn, wrap_##fn, wrap_free_##fn, arr                            \
	}
static const struct decoder decoders[] = {
    D(container_list, true),
    D(container_detail, false),
    D(image_list, true),
    D(image_detail, false),
    D(history, true),
    D(volume_list, false),
    D(network_list, true),
    D(network, false),
    D(info, false),
    D(version, false),
    D(df, false),
    D(event, false),
    D(exec, false),
    D(top, false),
    D(stats, false),
    D(progress, false),
    D(prune_report, false),
    D(id, false),
    D(pretty, false),
};
#define N_DECODERS (sizeof decoders / sizeof decoders[0])

static void
test_malformed_everywhere(void **state)
{
	static const struct {
		const char *text;
		size_t len;
	} bad[] = {
	    {"", 0},
	    {"   \n", 4},
	    {"[", 1},
	    {"{", 1},
	    {"{\"a\":", 5},
	    {"[1,2", 4},
	    {"{\"Id\":\"x\"} trailing", 19},
	    {"\xff\xfe{}", 4},
	    {"{\"Id\":\"a\xff\"}", 11},
	    {"{\"Id\":\"a\\u0000b\"}", 17},
	    {"[\"x\0y\"]", 7},
	    {"{\"Id\":\"x\",\"n\":1e400}", 20},
	    {"nul", 3},
	};

	for (size_t d = 0; d < N_DECODERS; d++) {
		for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
			char *cause = NULL;
			void *r =
			    decoders[d].decode(bad[i].text, bad[i].len, &cause);

			if (r != NULL)
				fail_msg("%s accepted bad input %zu",
				    decoders[d].name, i);
			assert_non_null(cause);
			assert_true(strlen(cause) > 0);
			free(cause);
		}
		/* A NULL cause pointer is allowed. */
		assert_null(decoders[d].decode("[", 1, NULL));
		assert_null(decoders[d].decode(NULL, 0, NULL));
	}
}

static void
test_wrong_top_level(void **state)
{
	static const char *const shapes[] = {
	    "null", "42", "\"s\"", "true", "-1.5"};

	for (size_t d = 0; d < N_DECODERS; d++) {
		char *cause = NULL;
		void *r;

		if (strcmp(decoders[d].name, "pretty") == 0)
			continue;
		r = decoders[d].decode(
		    decoders[d].array ? "{}" : "[]", 2, &cause);
		/* Podman sends volumes as a bare array. */
		if (strcmp(decoders[d].name, "volume_list") == 0) {
			assert_non_null(r);
			decoders[d].free(r);
			continue;
		}
		if (r != NULL)
			fail_msg(
			    "%s accepted the wrong shape", decoders[d].name);
		assert_non_null(strstr(cause, decoders[d].array
						  ? "expected a JSON array"
						  : "expected a JSON object"));
		free(cause);
		for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
			cause = NULL;
			r = decoders[d].decode(
			    shapes[i], strlen(shapes[i]), &cause);
			assert_null(r);
			assert_non_null(strstr(cause, "expected a JSON"));
			free(cause);
		}
	}
	assert_decode_fails(
	    decode_container_list, "{}", "containers: expected a JSON array");
}

static void
test_wrong_types_and_nulls(void **state)
{
	static const char rows[] =
	    "[{\"Id\":5},7,null,\"x\",[],"
	    "{\"Id\":\"a\",\"Names\":null,\"Image\":null,\"Ports\":null,"
	    "\"Labels\":null,\"State\":null,\"Status\":null,"
	    "\"NetworkSettings\":null,\"Mounts\":null,\"HostConfig\":null,"
	    "\"Created\":\"yesterday\"},"
	    "{\"Id\":\"b\",\"Names\":\"/solo\",\"Ports\":{},\"Labels\":[],"
	    "\"Mounts\":\"m\",\"NetworkSettings\":{\"Networks\":[1]},"
	    "\"Created\":1e300,\"SizeRw\":-1e300},"
	    "{\"Id\":\"c\",\"Names\":[\"/other/alias\",7,\"/real\"],"
	    "\"Ports\":[{\"PrivatePort\":1e12,\"PublicPort\":-99999999999,"
	    "\"Type\":null},5],\"Created\":99999999999999999999}]";
	struct docker_container_list *l;
	char *cause = NULL;

	l = decode_container_list(rows, strlen(rows), &cause);
	assert_non_null(l);
	assert_null(cause);
	assert_int_equal(l->n, 3);
	assert_string_equal(l->v[0].id, "a");
	assert_string_equal(l->v[0].name, "");
	assert_string_equal(l->v[0].image, "");
	assert_string_equal(l->v[0].state, "");
	assert_string_equal(l->v[0].status, "");
	assert_int_equal(l->v[0].created, 0);
	assert_null(l->v[0].network_mode);
	assert_int_equal(l->v[0].n_ports + l->v[0].labels.n, 0);
	assert_string_equal(l->v[1].name, "solo");
	assert_int_equal(l->v[1].n_ports, 0);
	assert_int_equal(l->v[1].labels.n, 0);
	assert_int_equal(l->v[1].n_mounts, 0);
	assert_int_equal(l->v[1].n_nets, 0);
	assert_true(l->v[1].created == INT64_MAX);
	assert_true(l->v[1].size_rw == INT64_MIN);
	assert_string_equal(l->v[2].name, "real");
	assert_int_equal(l->v[2].n_ports, 1);
	assert_int_equal(l->v[2].ports[0].private_port, INT_MAX);
	assert_int_equal(l->v[2].ports[0].public_port, INT_MIN);
	assert_string_equal(l->v[2].ports[0].type, "tcp");
	/* Too big for int64: read again as a real and clamped. */
	assert_true(l->v[2].created == INT64_MAX);
	docker_container_list_free(l);

	l = decode_container_list("[]", 2, NULL);
	assert_non_null(l);
	assert_int_equal(l->n, 0);
	docker_container_list_free(l);

	/* Every object decoder copes with an object of nulls. */
	for (size_t d = 0; d < N_DECODERS; d++) {
		static const char nulls[] =
		    "{\"Id\":\"i\",\"ID\":\"i\","
		    "\"Action\":\"a\",\"State\":null,\"Config\":null,"
		    "\"HostConfig\":null,\"NetworkSettings\":null,"
		    "\"Titles\":null,\"Processes\":null,\"cpu_stats\":null,"
		    "\"memory_stats\":null,\"networks\":null,\"Swarm\":null,"
		    "\"Images\":null,\"Containers\":null,\"Volumes\":null,"
		    "\"ImagesDeleted\":null,\"progressDetail\":null,"
		    "\"ProcessConfig\":null,\"Actor\":null,\"RootFS\":null,"
		    "\"IPAM\":null,\"ExitCode\":null}";
		void *r;

		if (decoders[d].array)
			continue;
		r = decoders[d].decode(nulls, strlen(nulls), NULL);
		if (r == NULL)
			fail_msg(
			    "%s rejected an object of nulls", decoders[d].name);
		decoders[d].free(r);
	}

	/* Frees accept NULL. */
	for (size_t d = 0; d < N_DECODERS; d++)
		decoders[d].free(NULL);
	kvlist_free(NULL);
	assert_null(kvlist_get(NULL, "x"));
}

static void
test_all_fixtures_decode(void **state)
{
	static const struct {
		const char *file;
		const char *decoder;
	} map[] = {
	    {"containers_json.v1.41.json", "container_list"},
	    {"containers_json_size.v1.41.json", "container_list"},
	    {"container_inspect.v1.41.json", "container_detail"},
	    {"container_inspect_exited.v1.41.json", "container_detail"},
	    {"container_inspect_tty.v1.41.json", "container_detail"},
	    {"container_inspect_paused.v1.41.json", "container_detail"},
	    {"container_inspect_unhealthy.v1.41.json", "container_detail"},
	    {"windows_container_inspect.json", "container_detail"},
	    {"images_json.v1.41.json", "image_list"},
	    {"images_json_all.v1.41.json", "image_list"},
	    {"image_inspect.v1.41.json", "image_detail"},
	    {"image_history.v1.41.json", "history"},
	    {"volumes.v1.41.json", "volume_list"},
	    {"networks.v1.41.json", "network_list"},
	    {"network_inspect.v1.41.json", "network"},
	    {"info.v1.41.json", "info"},
	    {"windows_info.json", "info"},
	    {"version.v1.41.json", "version"},
	    {"system_df.v1.41.json", "df"},
	    {"exec_inspect.v1.41.json", "exec"},
	    {"top.v1.41.json", "top"},
	    {"podman_top.json", "top"},
	    {"stats.v1.41.json", "stats"},
	    {"stats_cgroup2.json", "stats"},
	    {"stats_windows.json", "stats"},
	    {"prune_images.v1.41.json", "prune_report"},
	    {"info.v1.41.json", "pretty"},
	    {"stats_cgroup2.json", "pretty"},
	};

	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
		size_t n;
		char *s = fixture_read(map[i].file, &n), *cause = NULL;
		const struct decoder *d = NULL;
		void *r;

		for (size_t k = 0; k < N_DECODERS; k++) {
			if (strcmp(decoders[k].name, map[i].decoder) == 0)
				d = &decoders[k];
		}
		assert_non_null(d);
		r = d->decode(s, n, &cause);
		if (r == NULL)
			fail_msg("%s: %s", map[i].file, cause);
		d->free(r);
		/* Every proper prefix is either rejected or decoded cleanly. */
		for (size_t cut = 0; cut < n; cut += 1 + n / 64) {
			cause = NULL;
			r = d->decode(s, cut, &cause);
			if (r != NULL)
				d->free(r);
			else
				free(cause);
		}
		free(s);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_container_list),
	    cmocka_unit_test(test_container_list_sizes),
	    cmocka_unit_test(test_container_copy),
	    cmocka_unit_test(test_container_detail_running),
	    cmocka_unit_test(test_container_detail_exited),
	    cmocka_unit_test(test_container_detail_tty_paused_unhealthy),
	    cmocka_unit_test(test_container_detail_windows),
	    cmocka_unit_test(test_container_detail_odd_shapes),
	    cmocka_unit_test(test_image_list),
	    cmocka_unit_test(test_image_detail),
	    cmocka_unit_test(test_history),
	    cmocka_unit_test(test_volumes),
	    cmocka_unit_test(test_networks),
	    cmocka_unit_test(test_network_inspect),
	    cmocka_unit_test(test_info),
	    cmocka_unit_test(test_info_windows),
	    cmocka_unit_test(test_version),
	    cmocka_unit_test(test_df),
	    cmocka_unit_test(test_events),
	    cmocka_unit_test(test_events_legacy),
	    cmocka_unit_test(test_event_clear),
	    cmocka_unit_test(test_exec),
	    cmocka_unit_test(test_top),
	    cmocka_unit_test(test_stats_cgroup1),
	    cmocka_unit_test(test_stats_cgroup2),
	    cmocka_unit_test(test_stats_v1_blkio_and_percpu),
	    cmocka_unit_test(test_stats_windows),
	    cmocka_unit_test(test_progress_pull),
	    cmocka_unit_test(test_progress_push),
	    cmocka_unit_test(test_prune),
	    cmocka_unit_test(test_id),
	    cmocka_unit_test(test_error_message),
	    cmocka_unit_test(test_pretty),
	    cmocka_unit_test(test_malformed_everywhere),
	    cmocka_unit_test(test_wrong_top_level),
	    cmocka_unit_test(test_wrong_types_and_nulls),
	    cmocka_unit_test(test_all_fixtures_decode),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
