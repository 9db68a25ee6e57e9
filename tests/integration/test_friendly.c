/*
 * Friendly where people expect it, against the real engine through a
 * headless console: the networks pane counts only containers attached now;
 * a port published on IPv4 and IPv6 is one entry in the containers pane and
 * one row in the NAT pane; a container's stats history outlives its view
 * until the container goes; the events pane hides the "top" events of
 * berth's own polls (and shows them, marked, on z).
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "api/xalloc.h"
#include "tests/support/it.h"
#include "tests/support/screen.h"
#include "tui/core/app.h"
#include "tui/core/config.h"
#include "tui/core/console_priv.h"
#include "tui/panes/panes.h"
#include "tui/views/detail_priv.h"

static char tag[16];

static int
setup(void **state)
{
	(void)state;
	it_tag(tag);
	ts_init(30, 140);
	return 0;
}

static int
teardown(void **state)
{
	char *label = xasprintf("org.berth.it.friendly=%s", tag);

	(void)state;
	it_remove(label, IT_CONTAINERS | IT_NETWORKS);
	free(label);
	ts_done();
	return 0;
}

/* The column of pane p titled title. */
static size_t
col_of(const struct pane *p, const char *title)
{
	for (size_t i = 0; i < p->ops->ncols; i++)
		if (strcmp(p->ops->cols[i].title, title) == 0)
			return i;
	fail_msg("no column %s in the %s pane", title, p->ops->name);
	return 0;
}

/* Rows of p whose column col holds text; n: how many. */
static size_t
rows_with(struct pane *p, size_t col, const char *text)
{
	size_t n = 0;

	for (size_t i = 0; i < pane_row_count(p); i++)
		if (strstr(pane_view_row(p, i)->cells[col], text))
			n++;
	return n;
}

/* Pumps until the pane has want rows with text in col (or secs pass). */
static bool
wait_rows(struct console *a, struct pane *p, size_t col, const char *text,
    size_t want, double secs)
{
	double end = it_now() + secs;

	while (it_now() < end) {
		app_pump(a, 50);
		if (rows_with(p, col, text) == want)
			return true;
	}
	return rows_with(p, col, text) == want;
}

/* Rows of p that say exactly obj in column c_obj and act in c_act. */
static size_t
rows_exact(struct pane *p, size_t c_obj, const char *obj, size_t c_act,
    const char *act)
{
	size_t n = 0;

	for (size_t i = 0; i < pane_row_count(p); i++) {
		const struct pane_row *r = pane_view_row(p, i);

		if (strcmp(r->cells[c_obj], obj) == 0 &&
		    strcmp(r->cells[c_act], act) == 0)
			n++;
	}
	return n;
}

static struct pane *
show(struct console *a, const char *pane)
{
	assert_true(console_show_pane(a, pane));
	return console_active_pane(a);
}

/* Runs a docker command that must work; its output, owned. */
#define docker(...) docker_ok(it_capture(__VA_ARGS__))

static char *
docker_ok(char *out)
{
	assert_non_null(out);
	return out;
}

static void
test_networks_count_only_attached(void **state)
{
	struct console *a;
	struct pane *p;
	char net[64], up[64], created[64], stopped[64], *out;
	size_t c_name, c_ctrs;

	(void)state;
	snprintf(net, sizeof net, "berth-it-fr-net-%s", tag);
	snprintf(up, sizeof up, "berth-it-fr-up-%s", tag);
	snprintf(created, sizeof created, "berth-it-fr-new-%s", tag);
	snprintf(stopped, sizeof stopped, "berth-it-fr-off-%s", tag);
	free(docker("docker network create --label org.berth.it.friendly=%s "
		    "%s",
	    tag, net));
	out = xasprintf(
	    "--label org.berth.it.friendly=%s --network %s", tag, net);
	free(docker("docker create --name %s %s berth-test/base sleep 100000",
	    created, out));
	free(docker("docker run -d --name %s %s berth-test/base sleep 100000",
	    up, out));
	free(docker(
	    "docker run -d --name %s %s berth-test/base true", stopped, out));
	free(out);
	assert_int_equal(it_run("docker wait %s >/dev/null", stopped), 0);

	a = it_app(NULL);
	p = show(a, "networks");
	c_name = col_of(p, "NAME");
	c_ctrs = col_of(p, "CONTAINERS");
	assert_true(wait_rows(a, p, c_name, net, 1, 5));
	/* Give the container list its time too: the count must settle at
	 * the running one alone. */
	for (int i = 0; i < 20; i++)
		app_pump(a, 50);
	for (size_t i = 0; i < pane_row_count(p); i++) {
		const struct pane_row *r = pane_view_row(p, i);

		if (strcmp(r->cells[c_name], net) != 0)
			continue;
		assert_string_equal(r->cells[c_ctrs], up);
		assert_int_equal(r->keys[c_ctrs], 1);
	}
	/* Started, the created one is attached too; stopped, it is not. */
	assert_int_equal(it_run("docker start %s >/dev/null", created), 0);
	assert_true(wait_rows(a, p, c_ctrs, created, 1, 5));
	assert_int_equal(it_run("docker stop -t 0 %s >/dev/null", created), 0);
	assert_true(wait_rows(a, p, c_ctrs, created, 0, 5));
	app_free(a);
}

static void
test_port_of_both_families_is_one(void **state)
{
	struct console *a;
	struct pane *p;
	char name[64], lname[64], arg[256], want[64], *port = NULL;
	size_t c_ports, c_name, c_dest;

	(void)state;
	snprintf(name, sizeof name, "berth-it-fr-port-%s", tag);
	snprintf(lname, sizeof lname, "berth-it-fr-lo-%s", tag);
	/* A free port: the engine publishes it on 0.0.0.0 and on ::. */
	for (int i = 0; i < 20 && port == NULL; i++) {
		unsigned n =
		    20000 + (unsigned)((getpid() * 7919 + i * 104729) % 20000);

		snprintf(arg, sizeof arg,
		    "docker run -d --name %s --label org.berth.it.friendly=%s "
		    "-p %u:80 berth-test/base sleep 100000 >/dev/null 2>&1 && "
		    "echo %u",
		    name, tag, n, n);
		port = it_capture("%s", arg);
		if (port == NULL)
			it_run("docker rm -f %s >/dev/null 2>&1", name);
	}
	assert_non_null(port);
	free(docker("docker run -d --name %s --label "
		    "org.berth.it.friendly=%s -p 127.0.0.1::80 berth-test/base "
		    "sleep 100000",
	    lname, tag));
	{
		/* The engine lists it twice, once per family. */
		char *cli = it_capture("docker port %s 80/tcp | wc -l", name);

		assert_non_null(cli);
		if (strcmp(cli, "2") != 0) {
			free(cli);
			free(port);
			skip();
		}
		free(cli);
	}

	a = it_app(NULL);
	p = show(a, "containers");
	c_ports = col_of(p, "PORTS");
	c_name = col_of(p, "NAME");
	snprintf(want, sizeof want, "*:%s->80/tcp", port);
	assert_true(wait_rows(a, p, c_ports, want, 1, 5));
	for (size_t i = 0; i < pane_row_count(p); i++) {
		const struct pane_row *r = pane_view_row(p, i);

		if (strcmp(r->cells[c_name], name) == 0)
			assert_string_equal(r->cells[c_ports], want);
		if (strcmp(r->cells[c_name], lname) == 0)
			assert_non_null(
			    strstr(r->cells[c_ports], "127.0.0.1:"));
	}

	p = show(a, "nat");
	c_name = col_of(p, "CONTAINER");
	c_dest = col_of(p, "DESTINATION");
	/* One row for the port (one network), not one per family. */
	assert_true(wait_rows(a, p, c_name, name, 1, 5));
	for (int i = 0; i < 10; i++)
		app_pump(a, 50);
	assert_int_equal(rows_with(p, c_name, name), 1);
	snprintf(want, sizeof want, "*:%s", port);
	for (size_t i = 0; i < pane_row_count(p); i++) {
		const struct pane_row *r = pane_view_row(p, i);

		if (strcmp(r->cells[c_name], name) == 0)
			assert_string_equal(r->cells[c_dest], want);
		if (strcmp(r->cells[c_name], lname) == 0)
			assert_non_null(strstr(r->cells[c_dest], "127.0.0.1:"));
	}
	free(port);
	app_free(a);
}

/* The stats view open now (borrowed), or NULL. */
static struct detail *
stats_view(struct console *a)
{
	struct detail *dt = console_view(a);

	if (dt)
		assert_int_equal(dt->tab, TAB_STATS);
	return dt;
}

static void
test_stats_history_is_kept(void **state)
{
	struct console *a;
	struct detail *dt;
	char name[64], *id;
	size_t n = 0;
	double end;

	(void)state;
	snprintf(name, sizeof name, "berth-it-fr-stats-%s", tag);
	id = docker("docker run -d --name %s --label org.berth.it.friendly=%s "
		    "berth-test/base sleep 100000",
	    name, tag);
	a = it_app(NULL);
	show(a, "containers");
	for (int i = 0;
	     i < 40 && !console_engine(a)->store.loaded[STORE_CONTAINERS]; i++)
		app_pump(a, 50);
	console_open_detail(
	    a, console_engine(a), KIND_CONTAINER, id, name, TAB_STATS);
	dt = stats_view(a);
	assert_non_null(dt);
	end = it_now() + 10;
	while (it_now() < end &&
	       sparkline_count(&stats_view(a)->spark[SPARK_CPU]) < 3)
		app_pump(a, 100);
	n = sparkline_count(&stats_view(a)->spark[SPARK_CPU]);
	assert_true(n >= 3);

	/* Closed and opened again: the history is there at once. */
	console_close_view(a);
	assert_null(console_view(a));
	console_open_detail(
	    a, console_engine(a), KIND_CONTAINER, id, name, TAB_STATS);
	assert_true(sparkline_count(&stats_view(a)->spark[SPARK_CPU]) >= n);
	assert_non_null(stats_view(a)->last);
	/* And it grows on from there. */
	end = it_now() + 10;
	while (it_now() < end &&
	       sparkline_count(&stats_view(a)->spark[SPARK_CPU]) < n + 1)
		app_pump(a, 100);
	assert_true(sparkline_count(&stats_view(a)->spark[SPARK_CPU]) > n);
	console_close_view(a);
	assert_non_null(console_kept(a, console_engine(a), "stats", id));

	/* The container goes: so does its history. */
	assert_int_equal(it_run("docker rm -f %s >/dev/null", name), 0);
	end = it_now() + 5;
	while (it_now() < end &&
	       console_kept(a, console_engine(a), "stats", id) != NULL)
		app_pump(a, 50);
	assert_null(console_kept(a, console_engine(a), "stats", id));
	console_open_detail(
	    a, console_engine(a), KIND_CONTAINER, id, name, TAB_STATS);
	assert_int_equal(sparkline_count(&stats_view(a)->spark[SPARK_CPU]), 0);
	console_close_view(a);
	free(id);
	app_free(a);
}

static void
test_own_top_polls_are_hidden(void **state)
{
	struct console *a;
	struct pane *p;
	char name[64], *id;
	size_t c_obj, c_act, polls = 0;
	double end;

	(void)state;
	snprintf(name, sizeof name, "berth-it-fr-top-%s", tag);
	id = docker("docker run -d --name %s --label org.berth.it.friendly=%s "
		    "berth-test/base sleep 100000",
	    name, tag);
	a = it_app(NULL);
	p = show(a, "events");
	c_obj = col_of(p, "OBJECT");
	c_act = col_of(p, "ACTION");
	for (int i = 0; i < 20; i++)
		app_pump(a, 50);
	/* Someone else's top: an event berth did not cause. */
	assert_int_equal(it_run("docker top %s >/dev/null", name), 0);
	end = it_now() + 5;
	while (it_now() < end && rows_exact(p, c_obj, name, c_act, "top") == 0)
		app_pump(a, 50);
	assert_int_equal(rows_exact(p, c_obj, name, c_act, "top"), 1);

	/* The processes tab polls top every few seconds. */
	console_open_detail(
	    a, console_engine(a), KIND_CONTAINER, id, name, TAB_TOP);
	end = it_now() + 9;
	while (it_now() < end)
		app_pump(a, 100);
	console_close_view(a);
	for (int i = 0; i < 10; i++)
		app_pump(a, 50);
	/* Each poll was an event on the engine... */
	for (size_t i = 0; i < events_count(&console_engine(a)->events); i++) {
		const struct docker_event *e =
		    events_get(&console_engine(a)->events, i);

		if (e->action && strcmp(e->action, "top") == 0 &&
		    strcmp(e->actor_id, id) == 0)
			polls++;
	}
	assert_true(polls >= 3);
	/* ...but the pane shows only the one berth did not cause. */
	assert_true(console_show_pane(a, "events"));
	for (int i = 0; i < 5; i++)
		app_pump(a, 50);
	assert_int_equal(rows_exact(p, c_obj, name, c_act, "top"), 1);
	assert_int_equal(rows_exact(p, c_obj, name, c_act, "top (berth)"), 0);
	assert_non_null(p->ops->subtitle(p));
	assert_non_null(strstr(p->ops->subtitle(p), "berth's own hidden"));
	/* z shows them, marked berth's; z again hides them. */
	app_feed_key(a, 'z');
	for (int i = 0; i < 5; i++)
		app_pump(a, 50);
	assert_int_equal(rows_exact(p, c_obj, name, c_act, "top"), 1);
	assert_int_equal(
	    rows_exact(p, c_obj, name, c_act, "top (berth)"), polls - 1);
	app_feed_key(a, 'z');
	for (int i = 0; i < 5; i++)
		app_pump(a, 50);
	assert_int_equal(rows_exact(p, c_obj, name, c_act, "top"), 1);
	free(id);
	app_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_networks_count_only_attached),
	    cmocka_unit_test(test_port_of_both_families_is_one),
	    cmocka_unit_test(test_stats_history_is_kept),
	    cmocka_unit_test(test_own_top_polls_are_hidden),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
