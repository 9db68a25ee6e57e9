/*
 * The console's data paths against the real engine, without a terminal:
 * a headless app follows the events stream (a container created outside
 * appears by itself), the layers pane pairs layers with history and counts
 * the images that share each layer, and the CPU/MEM columns fill in.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "api/docker.h"
#include "api/xalloc.h"
#include "tests/support/fixture.h"
#include "tests/support/it.h"
#include "tests/support/screen.h"
#include "tui/actions/contexts.h"
#include "tui/core/app.h"
#include "tui/core/config.h"
#include "tui/panes/panes.h"

static char tag[16];

static int live_usage = CONFIG_USAGE_AUTO;

static struct console *
live_app(void)
{
	struct config cfg;

	config_init(&cfg);
	cfg.live_usage = live_usage;
	cfg.stats_interval_s = 1;
	return it_app(&cfg);
}

/* Pumps the loop until the pane shows a row whose first cell is name. */
/* The index of the pane's column titled title. */
static size_t
col_of(const struct pane *p, const char *title)
{
	for (size_t c = 0; c < p->ops->ncols; c++)
		if (strcmp(p->ops->cols[c].title, title) == 0)
			return c;
	fail_msg("no column %s in the %s pane", title, p->ops->name);
	return 0;
}

static const struct pane_row *
wait_row(struct console *a, struct pane *p, const char *name, double secs)
{
	double end = it_now() + secs;

	while (it_now() < end) {
		app_pump(a, 50);
		for (size_t i = 0; i < pane_row_count(p); i++) {
			const struct pane_row *r = pane_view_row(p, i);

			if (strcmp(r->cells[0], name) == 0)
				return r;
		}
	}
	return NULL;
}

static int
setup(void **state)
{
	(void)state;
	snprintf(tag, sizeof tag, "%06x",
	    (unsigned)(getpid() * 2654435761u) & 0xffffff);
	ts_init(30, 120);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	it_run(
	    "docker ps -aq --filter label=org.berth.it.console=%s | xargs -r "
	    "docker rm -f >/dev/null 2>&1",
	    tag);
	ts_done();
	return 0;
}

static void
test_container_created_outside_appears(void **state)
{
	struct console *a = live_app();
	struct pane *p;
	char name[64];
	double t0;

	(void)state;
	assert_true(console_show_pane(a, "containers"));
	p = console_active_pane(a);
	/* Let the first list arrive, then create behind berth's back. */
	for (int i = 0;
	     i < 40 && !console_engine(a)->store.loaded[STORE_CONTAINERS]; i++)
		app_pump(a, 50);
	assert_true(console_engine(a)->store.loaded[STORE_CONTAINERS]);
	snprintf(name, sizeof name, "berth-it-live-%s-%d", tag, live_usage);
	assert_int_equal(it_run("docker run -d --name %s --label "
				"org.berth.it.console=%s berth-test/base sleep "
				"100000 >/dev/null",
			     name, tag),
	    0);
	t0 = it_now();
	assert_non_null(wait_row(a, p, name, 2.0));
	/* Only events moved it: the safety refresh is 30 s away. */
	assert_true(it_now() - t0 < 2.0);
	/* The live columns fill in for the running row on screen. */
	p->view_h = 20;
	{
		double end = it_now() + 6;
		const struct pane_row *r = NULL;
		size_t cpu = col_of(p, "CPU%"), mem = col_of(p, "MEM");

		while (it_now() < end) {
			app_pump(a, 100);
			r = wait_row(a, p, name, 0.1);
			if (r && strcmp(r->cells[cpu], "-") != 0)
				break;
		}
		assert_non_null(r);
		assert_string_not_equal(r->cells[cpu], "-");
		assert_string_not_equal(r->cells[mem], "-");
	}
	/* A removal outside berth makes it go by itself too. */
	assert_int_equal(it_run("docker rm -f %s >/dev/null", name), 0);
	{
		double end = it_now() + 2;
		bool gone = false;

		while (it_now() < end && !gone) {
			app_pump(a, 50);
			gone = true;
			for (size_t i = 0; i < pane_row_count(p); i++)
				if (!strcmp(
					pane_view_row(p, i)->cells[0], name))
					gone = false;
		}
		assert_true(gone);
	}
	app_free(a);
}

/* The remote path: one-shot stats of the visible rows, no cgroup files. */
static void
test_live_columns_from_one_shot_stats(void **state)
{
	live_usage = CONFIG_USAGE_STATS;
	test_container_created_outside_appears(state);
	live_usage = CONFIG_USAGE_AUTO;
}

/*
 * How many local images other than self hold layer, counted with the
 * docker CLI over the same images the images pane lists. A static buffer:
 * valid until the next call.
 */
static const char *
expected_sharing(const char *self, const char *layer)
{
	static char buf[16];
	char *out = it_capture(
	    "n=0; for i in $(docker images -q --no-trunc "
	    "| sort -u); do [ \"$i\" = %s ] && continue; docker image inspect "
	    "-f '{{range .RootFS.Layers}}{{.}} {{end}}' $i | grep -q %s && "
	    "n=$((n+1)); done; echo $n",
	    self, layer);

	snprintf(buf, sizeof buf, "%s", out ? out : "?");
	free(out);
	return buf;
}

static void
test_layers_are_shared(void **state)
{
	struct console *a = live_app();
	struct pane *images, *layers;
	const struct pane_row *app_row;
	char app_row_id[128];
	double end;

	(void)state;
	assert_true(console_show_pane(a, "images"));
	images = console_active_pane(a);
	app_row =
	    wait_row(a, images, "berth-test/app:latest, berth-test/app:v1", 5);
	assert_non_null(app_row);
	snprintf(app_row_id, sizeof app_row_id, "%s", app_row->id);
	assert_true(pane_select_id(images, app_row->id));
	assert_true(console_show_pane(a, "layers"));
	layers = console_active_pane(a);
	/* The oracle: for each layer, how many OTHER local images hold it,
	 * as the docker CLI sees it (other tests may have left images built
	 * on the base image, so the number is not fixed). */
	end = it_now() + 8;
	while (it_now() < end) {
		bool all = pane_row_count(layers) >= 3 &&
			   strcmp(pane_view_row(layers, 2)->cells[5], "…") != 0;

		for (size_t i = 0; all && i < 3; i++)
			all = strcmp(pane_view_row(layers, i)->cells[4],
				  expected_sharing(app_row_id,
				      pane_view_row(layers, i)->id)) == 0;
		if (all)
			break;
		app_pump(a, 50);
	}
	/* base's busybox COPY and --install, then app's own layer. */
	assert_true(pane_row_count(layers) >= 3);
	for (size_t i = 0; i < 3; i++)
		assert_string_equal(pane_view_row(layers, i)->cells[4],
		    expected_sharing(app_row_id, pane_view_row(layers, i)->id));
	/* base and web hold the first two layers; nothing else holds app's. */
	assert_true(atoi(pane_view_row(layers, 0)->cells[4]) >= 2);
	assert_true(atoi(pane_view_row(layers, 1)->cells[4]) >= 2);
	assert_non_null(
	    strstr(pane_view_row(layers, 2)->cells[5], "mkdir -p /app"));
	assert_non_null(
	    strstr(pane_view_row(layers, 1)->cells[5], "--install"));
	app_free(a);
}

/*
 * :ctx NAME switches the console to another engine without a restart: the
 * panes reopen on it, the old engine's calls go with it (the sanitizer
 * build checks nothing is used after it is freed), the status bar names it.
 */
static void
test_context_switch(void **state)
{
	char dir[] = "/tmp/berth-it-ctx-XXXXXX";
	struct console *a;
	char *old =
	    getenv("DOCKER_CONFIG") ? xstrdup(getenv("DOCKER_CONFIG")) : NULL;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(it_run("DOCKER_CONFIG=%s docker context create "
				"it-alt --docker host=%s >/dev/null 2>&1",
			     dir, it_host("test")),
	    0);
	setenv("DOCKER_CONFIG", dir, 1);
	a = it_app(NULL);
	assert_true(console_show_pane(a, "containers"));
	for (int i = 0;
	     i < 40 && !console_engine(a)->store.loaded[STORE_CONTAINERS]; i++)
		app_pump(a, 50);
	/* A view and a detail left open are closed by the switch. */
	app_feed_key(a, 'i');
	contexts_command(a, "it-alt");
	assert_false(console_view_open(a));
	assert_string_equal(console_engine(a)->name, "it-alt");
	assert_non_null(strstr(console_engine(a)->label, "it-alt "));
	assert_false(console_engine(a)->store.loaded[STORE_CONTAINERS]);
	for (int i = 0;
	     i < 40 && !console_engine(a)->store.loaded[STORE_CONTAINERS]; i++)
		app_pump(a, 50);
	assert_true(console_engine(a)->store.loaded[STORE_CONTAINERS]);
	/* A context that is not there changes nothing. */
	contexts_command(a, "it-no-such");
	assert_string_equal(console_engine(a)->name, "it-alt");
	app_free(a);
	if (old)
		setenv("DOCKER_CONFIG", old, 1);
	else
		unsetenv("DOCKER_CONFIG");
	free(old);
	it_run("rm -rf %s", dir);
}

/*
 * An engine line's read-only refuses changes on that engine only, and the
 * audit log names the engine.
 */
static void
test_read_only_engine(void **state)
{
	char dir[] = "/tmp/berth-it-ro-XXXXXX";
	struct config cfg;
	struct console *a;
	char *line, *log, *text;
	size_t len;

	(void)state;
	assert_non_null(mkdtemp(dir));
	setenv("XDG_STATE_HOME", dir, 1);
	config_init(&cfg);
	line = xasprintf("engine it-ro %s read-only\n", it_host("test"));
	config_apply_text(&cfg, "it", line);
	free(line);
	a = it_app(&cfg);
	assert_int_equal(console_engine_count(a), 2);
	assert_false(console_engine_at(a, 0)->read_only);
	assert_true(console_engine_at(a, 1)->read_only);
	console_show_engine(a, 1);
	assert_true(console_show_pane(a, "containers"));
	for (int i = 0;
	     i < 40 && !console_engine(a)->store.loaded[STORE_CONTAINERS]; i++)
		app_pump(a, 50);
	app_feed_key(a, 's'); /* stop: refused on this engine */
	log = xasprintf("%s/berth/audit.log", dir);
	text = fixture_read_path(log, &len);
	assert_non_null(text);
	assert_non_null(strstr(text, "\tit-ro ("));
	assert_non_null(strstr(text, "\tstop\t"));
	assert_non_null(strstr(text, "refused: read-only"));
	free(text);
	free(log);
	app_free(a);
	unsetenv("XDG_STATE_HOME");
	it_run("rm -rf %s", dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_container_created_outside_appears),
	    cmocka_unit_test(test_live_columns_from_one_shot_stats),
	    cmocka_unit_test(test_layers_are_shared),
	    cmocka_unit_test(test_context_switch),
	    cmocka_unit_test(test_read_only_engine),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
