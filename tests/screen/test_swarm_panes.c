/*
 * Screen tests of the swarm panes (nodes, services, tasks, stacks,
 * secrets, configs): the store filled from lists captured on real swarms
 * (the one-node swarm of tests/engine/swarm-start and the four-node one of
 * tests/e2e/swarm_multi.sh), each pane drawn headless at two sizes and
 * compared with its golden screen; then what the rows say, cell by cell.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "api/decode.h"
#include "api/decode_swarm.h"
#include "api/docker.h"
#include "api/rfc3339.h"
#include "api/xalloc.h"
#include "tests/support/fixture.h"
#include "tests/support/screen.h"
#include "tui/core/app.h"
#include "tui/core/config.h"
#include "tui/core/fmt.h"
#include "tui/parts.h"

struct fx {
	struct console *app;
	int rows, cols;
	WINDOW *w;
};

typedef void *decode_fn(const char *, size_t, char **);

static void *
dec_nodes(const char *b, size_t n, char **cause)
{
	return decode_node_list(b, n, cause);
}

static void *
dec_services(const char *b, size_t n, char **cause)
{
	return decode_service_list(b, n, cause);
}

static void *
dec_tasks(const char *b, size_t n, char **cause)
{
	return decode_task_list(b, n, cause);
}

static void *
dec_objects(const char *b, size_t n, char **cause)
{
	return decode_swarm_object_list(b, n, cause);
}

static void *
dec_networks(const char *b, size_t n, char **cause)
{
	return decode_network_list(b, n, cause);
}

static void *
dec_info(const char *b, size_t n, char **cause)
{
	return decode_info(b, n, cause);
}

/* Replaces slot k of the store with a fixture's decoded list. */
static void
fx_slot(struct fx *f, int k, const char *name, decode_fn *decode)
{
	struct store *s = &console_engine(f->app)->store;
	const struct kind_info *ki = k < KIND__COUNT ? kind_get(k) : NULL;
	char *cause = NULL, *text;
	size_t len;

	if (s->slot[k]) {
		if (k == STORE_INFO)
			docker_info_free(s->slot[k]);
		else if (ki && ki->free)
			ki->free(s->slot[k]);
	}
	text = fixture_read(name, &len);
	s->slot[k] = decode(text, len, &cause);
	free(text);
	assert_null(cause);
	assert_non_null(s->slot[k]);
	s->loaded[k] = true;
	s->gen[k]++;
}

/*
 * The one-node swarm (a stack "shop" with a secret and a config, a
 * service whose update paused, a global one, one failing), or the four
 * nodes with their spread and failing services.
 */
static void
fx_swarm(struct fx *f, bool multi)
{
	struct docker_info *in;

	fx_slot(f, STORE_INFO, "info.v1.41.json", dec_info);
	in = console_engine(f->app)->store.slot[STORE_INFO];
	/* The shared engine's /info, made a manager's. */
	free(in->swarm_state);
	in->swarm_state = xstrdup("active");
	in->swarm_manager = true;
	fx_slot(f, STORE_NETWORKS, "networks.v1.41.json", dec_networks);
	fx_slot(f, KIND_NODE,
	    multi ? "nodes_quorum.v1.41.json" : "nodes.v1.41.json", dec_nodes);
	fx_slot(f, KIND_SERVICE,
	    multi ? "services_multi.v1.41.json" : "services.v1.41.json",
	    dec_services);
	fx_slot(f, KIND_TASK,
	    multi ? "tasks_multi.v1.41.json" : "tasks.v1.41.json", dec_tasks);
	fx_slot(f, KIND_SECRET, "secrets.v1.41.json", dec_objects);
	fx_slot(f, KIND_CONFIG, "configs.v1.41.json", dec_objects);
}

static int
fx_setup(void **state, int rows, int cols)
{
	struct fx *f = xcalloc(1, sizeof *f);
	struct endpoint ep;
	struct docker *d;
	struct config cfg;
	struct app_opts o = {0};
	char *cause = NULL;

	ts_init(rows, cols);
	f->rows = rows;
	f->cols = cols;
	f->w = ts_window(rows, cols);
	assert_true(
	    endpoint_parse(&ep, "unix:///nonexistent/berth.sock", &cause));
	d = docker_new(&ep, &cause);
	endpoint_done(&ep);
	assert_non_null(d);
	config_init(&cfg);
	/* Ten minutes after the multi-node capture. */
	fmt_set_now(rfc3339_parse("2026-12-03T12:16:00Z"));
	f->app = app_new(d, &cfg, &o, &berth_parts);
	*state = f;
	return 0;
}

static int
fx_small(void **state)
{
	return fx_setup(state, 10, 40);
}

static int
fx_big(void **state)
{
	return fx_setup(state, 30, 140);
}

static int
fx_teardown(void **state)
{
	struct fx *f = *state;

	app_free(f->app);
	ts_done();
	free(f);
	return 0;
}

static struct pane *
fx_show(struct fx *f, const char *pane, const char *variant)
{
	char name[128];
	struct pane *p;

	assert_true(console_show_pane(f->app, pane));
	p = console_active_pane(f->app);
	pane_sync(p, false);
	app_draw_to(f->app, f->w, f->rows, f->cols);
	snprintf(name, sizeof name, "pane_%s%s%s_%dx%d.txt", pane,
	    variant ? "_" : "", variant ? variant : "", f->cols, f->rows);
	ts_assert_golden(f->w, name);
	return p;
}

/* The view row whose first cell is first, or NULL. */
static const struct pane_row *
fx_row(struct pane *p, const char *first)
{
	for (size_t i = 0; i < pane_row_count(p); i++)
		if (strcmp(pane_view_row(p, i)->cells[0], first) == 0)
			return pane_view_row(p, i);
	return NULL;
}

static int
fx_col(struct pane *p, const char *title)
{
	for (size_t i = 0; i < p->ops->ncols; i++)
		if (strcmp(p->ops->cols[i].title, title) == 0)
			return (int)i;
	fail_msg("no column %s in %s", title, p->ops->name);
	return -1;
}

static const char *
fx_cell(struct pane *p, const char *first, const char *col)
{
	const struct pane_row *r = fx_row(p, first);

	if (r == NULL)
		fail_msg("no row %s in %s", first, p->ops->name);
	return r->cells[fx_col(p, col)];
}

static void
test_single_node_panes(void **state)
{
	struct fx *f = *state;
	struct pane *p;

	fx_swarm(f, false);
	p = fx_show(f, "services", NULL);
	assert_int_equal(pane_row_count(p), 4);
	assert_string_equal(fx_cell(p, "shop_web", "REPLICAS"), "2/2");
	assert_string_equal(fx_cell(p, "shop_web", "STACK"), "shop");
	assert_string_equal(fx_cell(p, "broken", "REPLICAS"), "0/1");
	assert_string_equal(fx_cell(p, "agent", "MODE"), "global");
	assert_non_null(strstr(fx_cell(p, "upd", "UPDATE"), "paused"));

	p = fx_show(f, "stacks", NULL);
	assert_int_equal(pane_row_count(p), 1);
	assert_non_null(fx_row(p, "shop"));

	p = fx_show(f, "secrets", NULL);
	assert_int_equal(pane_row_count(p), 1);
	assert_non_null(fx_row(p, "shop_dbpass"));
	p = fx_show(f, "configs", NULL);
	assert_int_equal(pane_row_count(p), 1);
	assert_non_null(fx_row(p, "shop_conf"));

	/* The failing service's tasks, each with its error. */
	p = fx_show(f, "tasks", "single");
	assert_int_equal(pane_row_count(p), 11);
}

static void
test_multi_node_panes(void **state)
{
	struct fx *f = *state;
	struct pane *p;

	fx_swarm(f, true);
	p = fx_show(f, "nodes", NULL);
	assert_int_equal(pane_row_count(p), 4);
	assert_string_equal(
	    fx_cell(p, "msw-w2", "STATUS"), "down: heartbeat failure");
	assert_string_equal(fx_cell(p, "msw-w1", "AVAILABILITY"), "drain");
	assert_string_equal(fx_cell(p, "msw-w1", "ROLE"), "manager");
	assert_string_equal(fx_cell(p, "msw-m2", "MANAGER"), "unreachable");
	assert_string_equal(fx_cell(p, "msw-m2", "ADDRESS"), "10.213.61.11");

	p = fx_show(f, "tasks", NULL);
	assert_true(pane_row_count(p) > 6);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(
		test_single_node_panes, fx_small, fx_teardown),
	    cmocka_unit_test_setup_teardown(
		test_single_node_panes, fx_big, fx_teardown),
	    cmocka_unit_test_setup_teardown(
		test_multi_node_panes, fx_small, fx_teardown),
	    cmocka_unit_test_setup_teardown(
		test_multi_node_panes, fx_big, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
