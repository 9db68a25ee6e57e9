/*
 * Screen tests of the one-line question: the box (widgets/inputbox) drawn
 * at two sizes against goldens, and the console service behind it
 * (console_ask_line) driven with keys in a console that has no engine.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <curses.h>

#include "api/docker.h"
#include "api/endpoint.h"
#include "api/xalloc.h"
#include "tests/support/screen.h"
#include "tui/core/app.h"
#include "tui/core/config.h"
#include "tui/core/console.h"
#include "tui/parts.h"
#include "widgets/inputbox.h"
#include "widgets/key.h"
#include "widgets/prompt.h"

static void
test_inputbox_sizes(void **state)
{
	static const struct {
		int rows, cols;
	} sizes[] = {{10, 40}, {30, 120}};

	for (size_t i = 0; i < 2; i++) {
		WINDOW *w = ts_window(sizes[i].rows, sizes[i].cols);
		char s1[] = "service web (0123456789ab)";
		char s2[] = "on the engine evil\x1b]0;pwned\x07";
		char *lines[] = {s1, s2, NULL};
		struct prompt p;
		char name[64], *dump;

		prompt_init(&p);
		prompt_set(&p, "3");
		werase(w);
		inputbox_draw(w, sizes[i].rows, sizes[i].cols, "Scale", lines,
		    &p, "replicas: ", "Enter scales, Esc cancels");
		snprintf(name, sizeof name, "inputbox_%dx%d", sizes[i].cols,
		    sizes[i].rows);
		ts_assert_golden(w, name);
		/* Nothing of the engine's text reaches the terminal raw. */
		dump = ts_dump(w);
		assert_null(strchr(dump, '\x1b'));
		assert_null(strchr(dump, '\x07'));
		free(dump);
		prompt_done(&p);
	}
}

static void
test_inputbox_cursor_and_tiny_window(void **state)
{
	WINDOW *w = ts_window(30, 120);
	struct prompt p;
	char *dump;
	int y = -1, x = -1;

	prompt_init(&p);
	prompt_set(&p, "ab");
	werase(w);
	inputbox_draw(w, 30, 120, "T", NULL, &p, "x: ", "hint");
	/* No lines: the prompt is on the box's third row, the cursor after
	 * "x: ab" drawn reversed. */
	for (int r = 0; r < 30 && y < 0; r++) {
		char *row = ts_text(w, r, 0, 120);
		char *at = strstr(row, "x: ab");

		if (at) {
			y = r;
			/* Columns, not bytes: the frame is UTF-8. */
			x = 5;
			for (const char *c = row; c < at; c++)
				x += ((unsigned char)*c & 0xc0) != 0x80;
		}
		free(row);
	}
	assert_true(y >= 0);
	assert_true(ts_attr(w, y, x) & A_REVERSE);
	assert_false(ts_attr(w, y, x - 1) & A_REVERSE);
	/* Too small for a box: nothing is drawn. */
	werase(w);
	inputbox_draw(w, 4, 120, "T", NULL, &p, "x: ", "hint");
	inputbox_draw(w, 30, 22, "T", NULL, &p, "x: ", "hint");
	dump = ts_dump(w);
	assert_true(strspn(dump, "\n") == strlen(dump));
	free(dump);
	prompt_done(&p);
}

/* What the line question did with its job. */
struct asked {
	int done, cancel, drop;
	char last[64];
	bool taken;
};

static enum console_line
asked_done(void *arg, const char *text)
{
	struct asked *q = arg;

	q->done++;
	snprintf(q->last, sizeof q->last, "%s", text);
	if (strcmp(text, "bad") == 0 || strcmp(text, "badx") == 0)
		return CONSOLE_LINE_KEEP;
	if (strcmp(text, "same") == 0)
		return CONSOLE_LINE_CLOSE;
	q->taken = true;
	return CONSOLE_LINE_TAKEN;
}

static void
asked_cancel(void *arg)
{
	((struct asked *)arg)->cancel++;
}

static void
asked_drop(void *arg)
{
	((struct asked *)arg)->drop++;
}

static struct console *
console_without_engine(void)
{
	struct endpoint ep;
	struct docker *d;
	struct config cfg;
	struct app_opts o = {0};
	char *cause = NULL;

	assert_true(
	    endpoint_parse(&ep, "unix:///nonexistent/berth.sock", &cause));
	d = docker_new(&ep, &cause);
	endpoint_done(&ep);
	assert_non_null(d);
	config_init(&cfg);
	return app_new(d, &cfg, &o, &berth_parts);
}

static void
ask(struct console *a, struct asked *q, const char *value)
{
	struct console_line_ask l = {
	    .title = "Rename",
	    .lines = {"Container web (0123456789ab)", NULL, "third line"},
	    .label = "new name: ",
	    .value = value,
	    .hint = "Enter renames, Esc cancels",
	    .done = asked_done,
	    .cancel = asked_cancel,
	    .drop = asked_drop,
	};

	memset(q, 0, sizeof *q);
	console_ask_line(a, &l, q);
	assert_true(console_overlay_open(a));
}

static void
type(struct console *a, const char *s)
{
	for (; *s; s++)
		app_feed_key(a, (unsigned char)*s);
}

static void
test_ask_line_answers(void **state)
{
	struct console *a = console_without_engine();
	WINDOW *w = ts_window(30, 120);
	struct asked q;
	char *dump;

	/* Refused, then edited and taken: the job is the taker's. */
	ask(a, &q, "ba");
	type(a, "d");
	app_feed_key(a, '\r');
	assert_int_equal(q.done, 1);
	assert_string_equal(q.last, "bad");
	assert_true(console_overlay_open(a));
	app_draw_to(a, w, 30, 120);
	dump = ts_dump(w);
	/* The texts are the caller's, copied; a NULL line is left out. */
	assert_non_null(strstr(dump, "Container web (0123456789ab)"));
	assert_non_null(strstr(dump, "third line"));
	assert_non_null(strstr(dump, "new name: bad"));
	assert_non_null(strstr(dump, "Enter renames, Esc cancels"));
	free(dump);
	type(a, "2");
	app_feed_key(a, '\r');
	assert_int_equal(q.done, 2);
	assert_string_equal(q.last, "bad2");
	assert_true(q.taken);
	assert_false(console_overlay_open(a));
	assert_int_equal(q.drop, 0);
	assert_int_equal(q.cancel, 0);

	/* Nothing to do: the box closes and drops the job. */
	ask(a, &q, "same");
	app_feed_key(a, '\r');
	assert_false(console_overlay_open(a));
	assert_int_equal(q.done, 1);
	assert_int_equal(q.drop, 1);

	/* Esc: cancel, then the job is dropped. */
	ask(a, &q, NULL);
	app_feed_key(a, WKEY_ESC);
	assert_false(console_overlay_open(a));
	assert_int_equal(q.cancel, 1);
	assert_int_equal(q.drop, 1);
	assert_int_equal(q.done, 0);

	/* Closed unanswered (the console goes): dropped, not cancelled. */
	ask(a, &q, "x");
	app_free(a);
	assert_int_equal(q.drop, 1);
	assert_int_equal(q.cancel, 0);
	assert_int_equal(q.done, 0);
}

static int
setup(void **state)
{
	ts_init(30, 120);
	return 0;
}

static int
teardown(void **state)
{
	ts_done();
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_inputbox_sizes),
	    cmocka_unit_test(test_inputbox_cursor_and_tiny_window),
	    cmocka_unit_test(test_ask_line_answers),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
