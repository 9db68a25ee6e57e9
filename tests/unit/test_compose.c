/*
 * Compose projects derived from labels (api/compose.c), on lists captured
 * from the test engine (the fixtures *_compose.v1.41.json): two
 * projects, their services, counts, health, files, volumes and networks.
 */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "api/compose.h"
#include "api/decode.h"
#include "api/model.h"
#include "api/xalloc.h"
#include "tests/support/fixture.h"
#include "tui/views/projlogs.h"

struct lists {
	struct docker_container_list *c;
	struct docker_volume_list *v;
	struct docker_network_list *n;
};

static int
lists_setup(void **state)
{
	struct lists *l = xcalloc(1, sizeof *l);
	char *cause = NULL, *text;
	size_t len;

	text = fixture_read("containers_json_compose.v1.41.json", &len);
	l->c = decode_container_list(text, len, &cause);
	free(text);
	text = fixture_read("volumes_compose.v1.41.json", &len);
	l->v = decode_volume_list(text, len, &cause);
	free(text);
	text = fixture_read("networks_compose.v1.41.json", &len);
	l->n = decode_network_list(text, len, &cause);
	free(text);
	free(cause);
	if (l->c == NULL || l->v == NULL || l->n == NULL)
		return -1;
	*state = l;
	return 0;
}

static int
lists_teardown(void **state)
{
	struct lists *l = *state;

	docker_container_list_free(l->c);
	docker_volume_list_free(l->v);
	docker_network_list_free(l->n);
	free(l);
	return 0;
}

static const struct compose_member *
member(const struct compose_project *p, const char *name)
{
	for (size_t i = 0; i < p->n_members; i++)
		if (strcmp(p->members[i].name, name) == 0)
			return &p->members[i];
	fail_msg("no member %s in %s", name, p->name);
	return NULL;
}

static void
test_projects(void **state)
{
	struct lists *l = *state;
	struct compose_list *cl = compose_projects(l->c, l->v, l->n);
	const struct compose_project *shop, *blog;
	const struct compose_member *m;

	/* The container without labels makes no project. */
	assert_int_equal(cl->n, 2);
	assert_string_equal(cl->v[0].name, "berth-fx-blog");
	assert_string_equal(cl->v[1].name, "berth-fx-shop");
	shop = compose_find(cl, "berth-fx-shop");
	blog = compose_find(cl, "berth-fx-blog");
	assert_ptr_equal(shop, &cl->v[1]);
	assert_null(compose_find(cl, "berth-fx-plain"));

	/* shop: web-1 healthy, worker-1 up, worker-2 created, a one-off. */
	assert_int_equal(shop->n_members, 4);
	assert_int_equal(shop->running, 2);
	assert_int_equal(shop->paused, 0);
	assert_int_equal(shop->healthy, 1);
	assert_int_equal(shop->unhealthy, 0);
	assert_int_equal(shop->starting, 0);
	assert_string_equal(shop->working_dir, "/srv/shop");
	assert_int_equal(strv_len(shop->config_files), 2);
	assert_string_equal(shop->config_files[0], "/srv/shop/compose.yml");
	assert_string_equal(
	    shop->config_files[1], "/srv/shop/compose.override.yml");
	assert_int_equal(strv_len(shop->services), 2);
	assert_string_equal(shop->services[0], "web");
	assert_string_equal(shop->services[1], "worker");
	/* Members sorted by service, then number (the one-off among them). */
	assert_string_equal(shop->members[0].name, "berth-fx-shop-web-1");
	assert_string_equal(shop->members[0].service, "web");
	assert_string_equal(shop->members[0].number, "1");
	assert_int_equal(shop->members[0].health, COMPOSE_HEALTH_HEALTHY);
	m = member(shop, "berth-fx-shop-worker-run-0a1b2c");
	assert_true(m->oneoff);
	assert_string_equal(m->state, "exited");
	m = member(shop, "berth-fx-shop-worker-2");
	assert_false(m->oneoff);
	assert_string_equal(m->state, "created");
	assert_string_equal(m->number, "2");
	m = member(shop, "berth-fx-shop-web-1");
	assert_int_equal(strv_len(m->volumes), 1);
	assert_string_equal(m->volumes[0], "berth-fx-shop_data");
	/* Its named volume and network, from their labels. */
	assert_int_equal(strv_len(shop->volumes), 1);
	assert_string_equal(shop->volumes[0], "berth-fx-shop_data");
	assert_int_equal(strv_len(shop->networks), 1);
	assert_string_equal(shop->networks[0], "berth-fx-shop_default");
	assert_int_equal(strlen(shop->network_ids[0]), 64);

	/* blog: db-1 unhealthy, cache-1 paused (and so running). */
	assert_int_equal(blog->n_members, 2);
	assert_int_equal(blog->running, 2);
	assert_int_equal(blog->paused, 1);
	assert_int_equal(blog->unhealthy, 1);
	assert_int_equal(blog->healthy, 0);
	assert_string_equal(blog->working_dir, "/home/me/blog");
	assert_int_equal(strv_len(blog->volumes), 0);
	assert_int_equal(strv_len(blog->networks), 0);
	compose_list_free(cl);
}

static void
test_volumes(void **state)
{
	struct lists *l = *state;
	struct compose_list *cl = compose_projects(l->c, l->v, l->n);
	const struct compose_project *shop = compose_find(cl, "berth-fx-shop");
	const struct compose_member *w = member(shop, "berth-fx-shop-worker-1");
	char **anon = compose_anon_volumes(shop, l->v);
	char **other = compose_other_volumes(shop, l->v);

	/* worker-1's /cache is the engine's anonymous volume. */
	assert_int_equal(strv_len(w->volumes), 1);
	assert_int_equal(strv_len(anon), 1);
	assert_string_equal(anon[0], w->volumes[0]);
	assert_int_equal(strlen(anon[0]), 64);
	/* The named volume is the project's: neither anonymous nor other. */
	assert_int_equal(strv_len(other), 0);
	strv_free(anon);
	strv_free(other);
	/* Without the volume list, the 64 hex digits still tell. */
	anon = compose_anon_volumes(shop, NULL);
	assert_int_equal(strv_len(anon), 1);
	strv_free(anon);
	compose_list_free(cl);
}

/* Lists with only some parts: projects from volumes or networks alone. */
static void
test_partial_lists(void **state)
{
	struct lists *l = *state;
	struct compose_list *cl = compose_projects(NULL, l->v, l->n);

	assert_int_equal(cl->n, 1);
	assert_string_equal(cl->v[0].name, "berth-fx-shop");
	assert_int_equal(cl->v[0].n_members, 0);
	assert_null(cl->v[0].working_dir);
	assert_int_equal(strv_len(cl->v[0].volumes), 1);
	compose_list_free(cl);
	cl = compose_projects(NULL, NULL, NULL);
	assert_int_equal(cl->n, 0);
	compose_list_free(cl);
	compose_list_free(NULL);
}

static void
test_labels_odd(void **state)
{
	static const char json[] =
	    "[{\"Id\":\"a\",\"Names\":[\"/x\"],\"State\":\"running\","
	    "\"Status\":\"Up 1 second (health: starting)\",\"Labels\":{"
	    "\"com.docker.compose.project\":\"p\","
	    "\"com.docker.compose.project.config_files\":\",a.yml,,a.yml,\"}},"
	    "{\"Id\":\"b\",\"Names\":[\"/y\"],\"State\":\"exited\",\"Labels\":{"
	    "\"com.docker.compose.project\":\"p\","
	    "\"com.docker.compose.service\":\"s\","
	    "\"com.docker.compose.container-number\":\"10\"}},"
	    "{\"Id\":\"c\",\"Names\":[\"/z\"],\"State\":\"exited\",\"Labels\":{"
	    "\"com.docker.compose.project\":\"p\","
	    "\"com.docker.compose.service\":\"s\","
	    "\"com.docker.compose.container-number\":\"9\"}},"
	    "{\"Id\":\"d\",\"Names\":[\"/e\"],\"Labels\":{"
	    "\"com.docker.compose.project\":\"\"}}]";
	char *cause = NULL;
	struct docker_container_list *c =
	    decode_container_list(json, strlen(json), &cause);
	struct compose_list *cl;

	(void)state;
	assert_non_null(c);
	cl = compose_projects(c, NULL, NULL);
	/* An empty project name is no project. */
	assert_int_equal(cl->n, 1);
	assert_int_equal(cl->v[0].n_members, 3);
	assert_int_equal(cl->v[0].starting, 1);
	assert_int_equal(cl->v[0].running, 1);
	/* Empty pieces and repeats of the file list are dropped. */
	assert_int_equal(strv_len(cl->v[0].config_files), 1);
	assert_string_equal(cl->v[0].config_files[0], "a.yml");
	/* No service first, then s-9 before s-10. */
	assert_string_equal(cl->v[0].members[0].service, "");
	assert_string_equal(cl->v[0].members[1].number, "9");
	assert_string_equal(cl->v[0].members[2].number, "10");
	assert_int_equal(strv_len(cl->v[0].services), 1);
	compose_list_free(cl);
	docker_container_list_free(c);
}

static void
test_health_and_prefix(void **state)
{
	char *s;

	(void)state;
	assert_int_equal(compose_health_of(NULL), COMPOSE_HEALTH_NONE);
	assert_int_equal(
	    compose_health_of("Up 2 minutes"), COMPOSE_HEALTH_NONE);
	assert_int_equal(compose_health_of("Up 2 minutes (unhealthy)"),
	    COMPOSE_HEALTH_UNHEALTHY);
	assert_int_equal(
	    compose_health_of("Up 1 hour (healthy)"), COMPOSE_HEALTH_HEALTHY);
	assert_int_equal(compose_health_of("Up 1 second (health: starting)"),
	    COMPOSE_HEALTH_STARTING);
	s = projlogs_prefix("web", "1", "shop-web-1");
	assert_string_equal(s, "web-1");
	free(s);
	s = projlogs_prefix("web", NULL, "shop-web-1");
	assert_string_equal(s, "web");
	free(s);
	s = projlogs_prefix(NULL, "1", "shop-run-1");
	assert_string_equal(s, "shop-run-1");
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(
		test_projects, lists_setup, lists_teardown),
	    cmocka_unit_test_setup_teardown(
		test_volumes, lists_setup, lists_teardown),
	    cmocka_unit_test_setup_teardown(
		test_partial_lists, lists_setup, lists_teardown),
	    cmocka_unit_test(test_labels_odd),
	    cmocka_unit_test(test_health_and_prefix),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
