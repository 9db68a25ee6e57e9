/*
 * Screen tests of the panes: the store is filled from fixtures captured on
 * the real engine, the whole screen is drawn headless at two sizes, and
 * compared with golden screens. Keys go through the same path as typing.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "api/buf.h"
#include "api/decode.h"
#include "api/docker.h"
#include "api/http.h"
#include "api/xalloc.h"
#include "tests/support/fake_engine.h"
#include "tests/support/screen.h"
#include "tui/app.h"
#include "tui/config.h"
#include "tui/fmt.h"
#include "tui/panes.h"
#include "widgets/key.h"

/* 2026-11-22 12:00 UTC: fixtures' ages are fixed against it. */
#define FIXED_NOW 1795348800

static char *
slurp(const char *name, size_t *len)
{
	char path[256];
	struct buf b;
	char chunk[4096];
	size_t n;
	FILE *f;

	snprintf(path, sizeof path, "tests/fixtures/%s", name);
	f = fopen(path, "r");
	assert_non_null(f);
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&b, chunk, n);
	fclose(f);
	*len = b.len;
	return buf_steal(&b);
}

struct fx {
	struct app *app;
	int rows, cols;
	WINDOW *w;
};

static struct app *
fx_app(void)
{
	struct endpoint ep;
	struct docker *d;
	struct config cfg;
	struct app_opts o = {0};
	struct store *s;
	char *cause = NULL, *text;
	size_t len;

	assert_true(
	    endpoint_parse(&ep, "unix:///nonexistent/berth.sock", &cause));
	d = docker_new(&ep, &cause);
	endpoint_done(&ep);
	assert_non_null(d);
	config_init(&cfg);
	fmt_set_now(FIXED_NOW);
	struct app *a = app_new(d, &cfg, &o);
	s = app_store(a);
	text = slurp("containers_json.v1.41.json", &len);
	s->containers = decode_container_list(text, len, &cause);
	free(text);
	text = slurp("images_json.v1.41.json", &len);
	s->images = decode_image_list(text, len, &cause);
	free(text);
	text = slurp("volumes.v1.41.json", &len);
	s->volumes = decode_volume_list(text, len, &cause);
	free(text);
	text = slurp("networks.v1.41.json", &len);
	s->networks = decode_network_list(text, len, &cause);
	free(text);
	text = slurp("info.v1.41.json", &len);
	s->info = decode_info(text, len, &cause);
	free(text);
	text = slurp("version.v1.41.json", &len);
	s->version = decode_version(text, len, &cause);
	free(text);
	text = slurp("system_df.v1.41.json", &len);
	s->df = decode_df(text, len, &cause);
	free(text);
	assert_non_null(s->containers);
	assert_non_null(s->images);
	assert_non_null(s->volumes);
	assert_non_null(s->networks);
	assert_non_null(s->info);
	assert_non_null(s->version);
	assert_non_null(s->df);
	for (int k = 0; k < STORE__COUNT; k++) {
		s->loaded[k] = true;
		s->gen[k]++;
	}
	return a;
}

static int
fx_setup(void **state, int rows, int cols)
{
	struct fx *f = xcalloc(1, sizeof *f);

	ts_init(rows, cols);
	f->rows = rows;
	f->cols = cols;
	f->w = ts_window(rows, cols);
	f->app = fx_app();
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

static void
fx_draw(struct fx *f)
{
	pane_sync(app_active_pane(f->app), false);
	app_draw_to(f->app, f->w, f->rows, f->cols);
}

static void
fx_golden(struct fx *f, const char *pane)
{
	char name[128];

	assert_true(app_show_pane(f->app, pane));
	fx_draw(f);
	snprintf(
	    name, sizeof name, "pane_%s_%dx%d.txt", pane, f->cols, f->rows);
	ts_assert_golden(f->w, name);
}

static void
test_every_pane(void **state)
{
	struct fx *f = *state;

	fx_golden(f, "containers");
	fx_golden(f, "images");
	fx_golden(f, "volumes");
	fx_golden(f, "networks");
	fx_golden(f, "host");
	fx_golden(f, "events");
	/* These fetch more on their own (inspects, exec sessions, the
	 * conntrack table in their timers): drawn here before any of it
	 * arrives, from the store alone. */
	fx_golden(f, "layers");
	fx_golden(f, "sessions");
	fx_golden(f, "nat");
	fx_golden(f, "doctor");
}

static void
fx_keys(struct fx *f, const char *keys)
{
	for (const char *k = keys; *k; k++)
		app_feed_key(f->app, *k);
	fx_draw(f);
}

static void
test_filter_sort_selection(void **state)
{
	struct fx *f = *state;
	struct pane *p;
	char *dump;

	assert_true(app_show_pane(f->app, "containers"));
	fx_draw(f);
	p = app_active_pane(f->app);
	assert_int_equal(pane_row_count(p), 6);
	/* Select berth-fx-tty by moving, then filter: it stays selected. */
	while (strcmp(pane_selected_row(p)->cells[0], "berth-fx-tty") != 0)
		fx_keys(f, "j");
	fx_keys(f, "/fx-t");
	assert_int_equal(pane_row_count(p), 1);
	assert_string_equal(pane_selected_row(p)->cells[0], "berth-fx-tty");
	app_feed_key(f->app, '\n');
	fx_draw(f);
	dump = ts_dump(f->w);
	assert_non_null(strstr(dump, "filter: fx-t"));
	assert_non_null(strstr(dump, "1 of 6"));
	free(dump);
	ts_assert_golden(f->w, f->cols > 100
				   ? "pane_containers_filtered_140x30.txt"
				   : "pane_containers_filtered_40x10.txt");
	/* Inverse filter. */
	app_feed_key(f->app, WKEY_ESC);
	fx_keys(f, "/!web");
	app_feed_key(f->app, '\n');
	fx_draw(f);
	assert_int_equal(pane_row_count(p), 4);
	app_feed_key(f->app, WKEY_ESC);
	fx_draw(f);
	assert_int_equal(pane_row_count(p), 6);
	/* The selection is kept by id across a re-sort. */
	assert_string_equal(pane_selected_row(p)->cells[0], "berth-fx-tty");
	fx_keys(f, "O");
	assert_string_equal(pane_selected_row(p)->cells[0], "berth-fx-tty");
	assert_string_equal(pane_view_row(p, 0)->cells[0], "berth-fx-web2");
	fx_keys(f, "o");
	assert_int_equal(p->table.sort_col, 1);
}

static void
test_help_and_command(void **state)
{
	struct fx *f = *state;
	char *dump;

	app_show_pane(f->app, "containers");
	fx_keys(f, "?");
	dump = ts_dump(f->w);
	assert_non_null(strstr(dump, "keys: containers"));
	free(dump);
	fx_keys(f, "x");
	fx_keys(f, ":ima");
	app_feed_key(f->app, '\t');
	app_feed_key(f->app, '\n');
	fx_draw(f);
	assert_string_equal(app_active_pane(f->app)->ops->name, "images");
	fx_keys(f, "4");
	assert_string_equal(app_active_pane(f->app)->ops->name, "volumes");
}

static void
test_too_small(void **state)
{
	struct fx *f = *state;
	WINDOW *w = ts_window(9, 39);
	char *dump;

	app_draw_to(f->app, w, 9, 39);
	dump = ts_dump(w);
	assert_non_null(strstr(dump, "terminal too small"));
	free(dump);
}

/*
 * A Windows engine: the containers pane shows each container's isolation
 * (from its inspect, served by a fake engine) and the host pane the
 * Windows build.
 */
static void
test_windows_engine(void **state)
{
	static const char list[] =
	    "[{\"Id\":\"6b5e10a8b12e5c114fefc46135968fd4924bf565226b740116973"
	    "9e32741288e\",\"Names\":[\"/iis-site\"],\"Image\":"
	    "\"intranet-iis:ltsc2022\",\"State\":\"running\",\"Status\":"
	    "\"Up 2 hours\",\"Created\":1795300000}]";
	struct fake_reply reply = {{NULL}, false};
	struct fake_engine *fe;
	struct endpoint ep;
	struct docker *d;
	struct config cfg;
	struct app_opts o = {0};
	struct app *a;
	struct store *s;
	char *cause = NULL, *inspect, *resp, *info, *dump;
	size_t len;
	WINDOW *w;

	(void)state;
	inspect = slurp("windows_container_inspect.json", &len);
	resp =
	    fake_response(200, "Content-Type: application/json\r\n", inspect);
	reply.parts[0] = resp;
	fe = fake_engine_start(&reply, 1);
	assert_non_null(fe);
	ts_init(20, 120);
	w = ts_window(20, 120);
	assert_true(endpoint_parse(&ep, fake_engine_addr(fe), &cause));
	d = docker_new(&ep, &cause);
	endpoint_done(&ep);
	config_init(&cfg);
	a = app_new(d, &cfg, &o);
	s = app_store(a);
	info = slurp("windows_info.json", &len);
	s->info = decode_info(info, len, &cause);
	s->containers = decode_container_list(list, strlen(list), &cause);
	assert_non_null(s->info);
	assert_non_null(s->containers);
	s->loaded[STORE_INFO] = s->loaded[STORE_CONTAINERS] = true;
	s->gen[STORE_INFO]++;
	s->gen[STORE_CONTAINERS]++;
	assert_true(app_show_pane(a, "containers"));
	for (int i = 0; i < 100; i++) {
		struct pane *p = app_active_pane(a);

		pane_sync(p, false);
		if (pane_row_count(p) == 1 &&
		    strstr(pane_view_row(p, 0)->cells[2], "[process]"))
			break;
		http_step(docker_http(d), 20);
	}
	app_draw_to(a, w, 20, 120);
	dump = ts_dump(w);
	assert_non_null(strstr(dump, "running [process]"));
	free(dump);
	assert_true(app_show_pane(a, "host"));
	app_draw_to(a, w, 20, 120);
	dump = ts_dump(w);
	assert_non_null(strstr(dump, "Windows build"));
	assert_non_null(strstr(dump, "hyperv"));
	free(dump);
	app_free(a);
	ts_done();
	fake_engine_stop(fe);
	free(resp);
	free(inspect);
	free(info);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(
		test_every_pane, fx_small, fx_teardown),
	    cmocka_unit_test_setup_teardown(
		test_every_pane, fx_big, fx_teardown),
	    cmocka_unit_test_setup_teardown(
		test_filter_sort_selection, fx_small, fx_teardown),
	    cmocka_unit_test_setup_teardown(
		test_filter_sort_selection, fx_big, fx_teardown),
	    cmocka_unit_test_setup_teardown(
		test_help_and_command, fx_big, fx_teardown),
	    cmocka_unit_test_setup_teardown(
		test_too_small, fx_small, fx_teardown),
	    cmocka_unit_test(test_windows_engine),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
