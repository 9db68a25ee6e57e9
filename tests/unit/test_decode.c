/* Unit tests for the JSON decoders of the object lists and inspects
 * (containers, images, volumes, networks, info, version, disk usage), on
 * fixtures captured from a real engine. */

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
#include "tests/unit/decode_check.h"

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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
