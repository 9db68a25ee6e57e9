/*
 * The detail views against the real engine, through a headless app: a log
 * line the engine splits into pieces is one line, with or without
 * timestamps; i shows a JSON view from every pane; events refresh the
 * disk usage only while a pane shows it.
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
#include <unistd.h>

#include "api/xalloc.h"
#include "tests/support/it.h"
#include "tui/core/app.h"
#include "tui/views/detail.h"
#include "tui/panes/panes.h"

#define LONG_LINE 40000

static char tag[16];

static int
setup(void **state)
{
	(void)state;
	it_tag(tag);
	return 0;
}

static int
teardown(void **state)
{
	char *label = xasprintf("org.berth.it.detail=%s", tag);

	(void)state;
	it_remove(label, IT_CONTAINERS);
	free(label);
	return 0;
}

/* Runs a container of this run (docker run args); its id, owned. */
static char *
run(const char *name, const char *args)
{
	char *id = it_capture("docker run -d --name berth-it-detail-%s-%s "
			      "--label org.berth.it.detail=%s %s",
	    tag, name, tag, args);

	assert_non_null(id);
	return id;
}

/* Pumps until the open detail shows a line containing text; its index. */
static long
wait_line(struct console *a, const char *text, double secs)
{
	double end = it_now() + secs;

	while (it_now() < end) {
		struct detail *dt = (struct detail *)console_view(a);
		const char *l;

		for (size_t i = 0; dt && (l = detail_line(dt, i, NULL)) != NULL;
		     i++)
			if (strstr(l, text))
				return (long)i;
		app_pump(a, 50);
	}
	return -1;
}

/* Checks that the logs show the long line alone (after its timestamp). */
static void
check_long_line(struct console *a, bool timestamps)
{
	struct detail *dt = (struct detail *)console_view(a);
	const char *l;
	size_t len, n = 0;
	long at = wait_line(a, "xxxxxxxxxx", 10);

	assert_true(at >= 0);
	/* Let the rest arrive (it should not). */
	for (int i = 0; i < 10; i++)
		app_pump(a, 50);
	while (detail_line(dt, n, NULL))
		n++;
	assert_int_equal(n, 1);
	l = detail_line(dt, 0, &len);
	if (timestamps) {
		/* "2024-05-01T10:20:30.123456789Z " */
		const char *sp = memchr(l, ' ', len);

		assert_non_null(sp);
		assert_true(sp - l >= 20 && sp[-1] == 'Z' && l[10] == 'T');
		len -= (size_t)(sp + 1 - l);
		l = sp + 1;
	}
	assert_int_equal(len, LONG_LINE);
	for (size_t i = 0; i < len; i++)
		if (l[i] != 'x')
			fail_msg("byte %zu of the line is '%c'", i, l[i]);
}

/* Over 16 KiB: the engine logs it in three pieces, framed or raw. */
static void
long_line(bool tty)
{
	struct console *a = it_app(NULL);
	char *id, *args;

	args = xasprintf("%sberth-test/base sh -c \"head -c 40000 /dev/zero | "
			 "tr '\\\\000' x; echo; exec sleep 100000\"",
	    tty ? "-t " : "");
	id = run(tty ? "long-tty" : "long", args);
	free(args);
	detail_open(a, console_engine(a), KIND_CONTAINER, id, "long", TAB_LOGS);
	check_long_line(a, false);
	app_feed_key(a, 't');
	assert_int_equal(
	    detail_tab((struct detail *)console_view(a)), TAB_LOGS);
	check_long_line(a, true);
	app_feed_key(a, 't');
	check_long_line(a, false);
	app_free(a);
	free(id);
}

static void
test_long_log_line_is_one_line(void **state)
{
	(void)state;
	long_line(false);
}

static void
test_long_log_line_is_one_line_tty(void **state)
{
	(void)state;
	long_line(true);
}

/* Pumps until the active pane has a row matching; selects it. */
static bool
select_row(struct console *a,
    bool (*match)(const struct pane_row *, const void *), const void *arg,
    double secs)
{
	struct pane *p = console_active_pane(a);
	double end = it_now() + secs;

	while (it_now() < end) {
		app_pump(a, 50);
		for (size_t i = 0; i < pane_row_count(p); i++) {
			const struct pane_row *r = pane_view_row(p, i);

			if (match(r, arg))
				return pane_select_id(p, r->id);
		}
	}
	return false;
}

static bool
id_prefix(const struct pane_row *r, const void *arg)
{
	return strncmp(r->id, arg, strlen(arg)) == 0;
}

static bool
cell_is(const struct pane_row *r, size_t col, const char *text)
{
	return r->cells[col] && strcmp(r->cells[col], text) == 0;
}

/* The events pane's row of the container's start. */
static bool
start_event(const struct pane_row *r, const void *arg)
{
	return cell_is(r, 2, "start") && cell_is(r, 3, arg);
}

/* The sessions pane's row of the sleep exec'd in the container. */
static bool
sleep_session(const struct pane_row *r, const void *arg)
{
	return cell_is(r, 1, arg) && r->cells[2] &&
	       strstr(r->cells[2], "sleep 1000");
}

static bool
has_cell(const struct pane_row *r, const void *arg)
{
	for (size_t c = 0; c < 4; c++)
		if (r->cells[c] && strstr(r->cells[c], arg))
			return true;
	return false;
}

/*
 * i in the active pane opens a JSON view with lines that show text and
 * also (unless NULL); Esc closes it.
 */
static void
inspect_shows(struct console *a, const char *text, const char *also)
{
	app_feed_key(a, 'i');
	assert_non_null((struct detail *)console_view(a));
	assert_int_equal(
	    detail_tab((struct detail *)console_view(a)), TAB_INSPECT);
	if (wait_line(a, text, 10) < 0 || (also && wait_line(a, also, 1) < 0))
		fail_msg("%s: no line with %s or %s",
		    console_active_pane(a)->ops->name, text, also ? also : "");
	app_feed_key(a, 27);
	assert_null((struct detail *)console_view(a));
}

static void
test_inspect_from_every_pane(void **state)
{
	struct console *a = it_app(NULL);
	char *web, *bad, *img, *want, *port, name[96];

	(void)state;
	/* After the app started: the events pane shows only what follows. */
	web = run("web", "-p 127.0.0.1::80 berth-test/web");
	bad = run("bad", "berth-test/base sh -c 'exit 3'");
	snprintf(name, sizeof name, "berth-it-detail-%s-web", tag);
	assert_int_equal(it_run("docker exec -d %s sleep 1000", name), 0);
	img = it_capture("docker image inspect -f '{{.Id}}' berth-test/app");
	assert_non_null(img);

	/* layers: the image the pane shows. */
	assert_true(console_show_pane(a, "images"));
	assert_true(select_row(a, id_prefix, img, 5));
	assert_true(console_show_pane(a, "layers"));
	assert_true(select_row(a, id_prefix, "sha256:", 5));
	want = xasprintf("\"Id\": \"%s\"", img);
	inspect_shows(a, want, "\"RootFS\": {");
	free(want);

	/* nat: a published port's container. */
	assert_true(console_show_pane(a, "nat"));
	port = xasprintf("port:%s:", web);
	assert_true(select_row(a, id_prefix, port, 5));
	want = xasprintf("\"Name\": \"/%s\"", name);
	inspect_shows(a, want, NULL);
	free(want);
	free(port);

	/* host: the engine's /info and /version. */
	assert_true(console_show_pane(a, "host"));
	inspect_shows(a, "\"ApiVersion\": ", "\"Info\": {");

	/* events: the event itself. */
	assert_true(console_show_pane(a, "events"));
	assert_true(select_row(a, start_event, name, 5));
	want = xasprintf("\"name\": \"%s\"", name);
	inspect_shows(a, "\"Action\": \"start\"", want);
	free(want);

	/* sessions: the exec's own inspect. */
	assert_true(console_show_pane(a, "sessions"));
	assert_true(select_row(a, sleep_session, name, 10));
	want = xasprintf("\"ContainerID\": \"%s\"", web);
	inspect_shows(a, want, "\"ProcessConfig\": {");
	free(want);

	/* doctor: the finding's container. */
	assert_true(console_show_pane(a, "doctor"));
	snprintf(name, sizeof name, "berth-it-detail-%s-bad", tag);
	assert_true(select_row(a, has_cell, name, 15));
	want = xasprintf("\"Id\": \"%s\"", bad);
	inspect_shows(a, want, "\"ExitCode\": 3");
	free(want);

	app_free(a);
	free(web);
	free(bad);
	free(img);
}

static void
test_events_refresh_df_only_where_shown(void **state)
{
	struct console *a = it_app(NULL);
	struct store *s = &console_engine(a)->store;
	unsigned df_gen;
	double end;
	char *id;

	(void)state;
	assert_true(console_show_pane(a, "host"));
	for (end = it_now() + 10; it_now() < end && !s->loaded[STORE_DF];)
		app_pump(a, 50);
	assert_true(s->loaded[STORE_DF]);
	assert_true(console_show_pane(a, "containers"));
	for (end = it_now() + 5; it_now() < end && s->call[STORE_DF];)
		app_pump(a, 50);
	assert_null(s->call[STORE_DF]);
	df_gen = s->gen[STORE_DF];
	id = run("df", "berth-test/base sleep 100000");
	/* The containers list follows the events, the disk usage waits. */
	for (end = it_now() + 5; it_now() < end && !store_container(s, id);)
		app_pump(a, 50);
	assert_non_null(store_container(s, id));
	for (int i = 0; i < 10; i++)
		app_pump(a, 50);
	assert_int_equal(s->gen[STORE_DF], df_gen);
	assert_null(s->call[STORE_DF]);
	assert_true(s->due[STORE_DF] == 0);
	/* Shown again, it is fetched at once. */
	assert_true(console_show_pane(a, "host"));
	assert_non_null(s->call[STORE_DF]);
	for (end = it_now() + 10; it_now() < end && s->gen[STORE_DF] == df_gen;)
		app_pump(a, 50);
	assert_true(s->gen[STORE_DF] != df_gen);
	app_free(a);
	free(id);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_long_log_line_is_one_line),
	    cmocka_unit_test(test_long_log_line_is_one_line_tty),
	    cmocka_unit_test(test_inspect_from_every_pane),
	    cmocka_unit_test(test_events_refresh_df_only_where_shown),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
