/* Screen tests: every widget drawn headless at two sizes, against goldens. */

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

#include "api/xalloc.h"
#include "tests/support/screen.h"
#include "themes/theme.h"
#include "widgets/dialog.h"
#include "widgets/form.h"
#include "widgets/key.h"
#include "widgets/pager.h"
#include "widgets/progress.h"
#include "widgets/prompt.h"
#include "widgets/sparkline.h"
#include "widgets/statusbar.h"
#include "widgets/table.h"
#include "widgets/tabs.h"
#include "widgets/text.h"

/* The two screen sizes every widget is drawn at. */
static const struct {
	int rows;
	int cols;
} sizes[] = {{10, 40}, {30, 120}};

#define NSIZES (sizeof sizes / sizeof sizes[0])

static char *
golden(const char *what, size_t i)
{
	return xasprintf("%s_%dx%d", what, sizes[i].cols, sizes[i].rows);
}

/* A table of containers-like rows, as a pane would describe them. */
static const struct table_col fixture_cols[] = {
    {"NAME", 8, 0, 0, false, false},
    {"IMAGE", 10, 24, 2, false, false},
    {"STATE", 7, 9, 1, false, false},
    {"PORTS", 8, 0, 4, false, false},
    {"CPU%", 5, 6, 3, true, false},
};

static const char *const fixture_cells[][5] = {
    {"web-1", "berth-test/web:latest", "running", "0.0.0.0:8080->80/tcp",
	"0.5"},
    {"web-2", "berth-test/web:1.0", "exited", "", ""},
    {"\xe6\xbc\xa2\xe5\xad\x97-app", "berth-test/app:v1", "paused", "", "0.0"},
    {"evil\x1b]0;pwned\x07", "berth-test/base", "running", "", "12.25"},
    {"db", "berth-test/base:1.0", "restarting", "5432/tcp", "100.0"},
    {"a-very-long-container-name-that-goes-on", "berth-test/base", "created",
	"", ""},
};

#define NFIXTURE (sizeof fixture_cells / sizeof fixture_cells[0])

struct fixture {
	bool marked[NFIXTURE];
};

static const char *
fixture_cell(void *arg, size_t row, size_t col, attr_t *attr)
{
	if (col == 2)
		*attr = theme_attr(!strcmp(fixture_cells[row][2], "running")
				       ? THEME_ROLE_RUNNING
				       : THEME_ROLE_STOPPED);
	return fixture_cells[row][col];
}

static bool
fixture_marked(void *arg, size_t row)
{
	struct fixture *f = arg;

	return f->marked[row];
}

static void
test_table(void **state)
{
	struct fixture fx = {.marked = {false, false, true, false}};
	int widths[5];
	struct table_source src = {
	    .cell = fixture_cell,
	    .marked = fixture_marked,
	    .arg = &fx,
	    .empty = "no containers",
	    .widths = widths,
	};
	struct table t;

	table_init(&t);
	table_set_rows(&t, NFIXTURE);
	t.sort_col = 0;
	t.sort_desc = true;
	t.sel = 1;
	for (size_t i = 0; i < NSIZES; i++) {
		WINDOW *w = ts_window(sizes[i].rows, sizes[i].cols);
		char *name = golden("table", i);

		table_scroll_into_view(&t, sizes[i].rows - 1);
		table_draw(&t, w, 0, 0, sizes[i].rows, sizes[i].cols,
		    fixture_cols, 5, &src);
		ts_assert_golden(w, name);
		free(name);

		/* The header is in its role, the selection a full band. */
		assert_int_equal(
		    ts_attr(w, 0, 5), theme_attr(THEME_ROLE_HEADER));
		for (int x = 0; x < sizes[i].cols; x++)
			assert_int_equal(
			    ts_attr(w, 2, x), theme_attr(THEME_ROLE_SELECTED));
		/* The marked row has its role and the mark in the gutter. */
		assert_int_equal(
		    ts_attr(w, 3, 2), theme_attr(THEME_ROLE_MARKED));
		{
			char *g = ts_text(w, 3, 0, 1);

			assert_string_equal(g, "\xe2\x97\x8f");
			free(g);
		}
		/* A cell's own role where the row is plain. */
		assert_int_equal(
		    ts_attr(w, 1,
			TABLE_GUTTER + widths[0] +
			    (widths[1] > 0 ? widths[1] + 1 : 0) + 1),
		    theme_attr(THEME_ROLE_RUNNING));
		/* The engine's escape sequence shows as text. */
		{
			char *d = ts_dump(w);

			assert_null(strchr(d, '\x1b'));
			assert_non_null(strstr(d, "evil^[]"));
			free(d);
		}
	}
}

static void
test_table_narrow_drops_columns(void **state)
{
	struct fixture fx = {.marked = {false}};
	struct table_source src = {
	    .cell = fixture_cell,
	    .marked = fixture_marked,
	    .arg = &fx,
	};
	struct table t;
	WINDOW *w = ts_window(5, 30);
	char *d;

	table_init(&t);
	table_set_rows(&t, NFIXTURE);
	table_draw(&t, w, 0, 0, 5, 30, fixture_cols, 5, &src);
	d = ts_dump(w);
	assert_non_null(strstr(d, "NAME"));
	assert_non_null(strstr(d, "IMAGE"));
	assert_null(strstr(d, "PORTS"));
	assert_null(strstr(d, "CPU%"));
	free(d);
	ts_assert_golden(w, "table_30x5");
}

static void
test_table_empty(void **state)
{
	struct table_source src = {
	    .cell = fixture_cell,
	    .arg = NULL,
	    .empty = "no containers",
	};
	struct table t;

	table_init(&t);
	for (size_t i = 0; i < NSIZES; i++) {
		WINDOW *w = ts_window(sizes[i].rows, sizes[i].cols);
		char *name = golden("table_empty", i);
		int my = 1 + (sizes[i].rows - 2) / 2;
		int mx = (sizes[i].cols - 13) / 2;

		table_draw(&t, w, 0, 0, sizes[i].rows, sizes[i].cols,
		    fixture_cols, 5, &src);
		ts_assert_golden(w, name);
		free(name);
		assert_int_equal(
		    ts_attr(w, my, mx), theme_attr(THEME_ROLE_DIM));
	}
}

static void
fill_pager(struct pager *p)
{
	char line[64];

	for (int i = 1; i <= 40; i++) {
		snprintf(line, sizeof line, "%04d log line number %d%s", i, i,
		    i % 7 == 0 ? " ERROR disk full" : "");
		pager_append(p, line, (size_t)-1,
		    i % 5 == 0 ? THEME_ROLE_STDERR : THEME_ROLE_NORMAL);
	}
	pager_append(p,
	    "tab\there \x1b[31mred\x1b[0m and a very long line "
	    "that goes past the edge of the narrow screen and on and on",
	    (size_t)-1, 0);
}

static void
test_pager(void **state)
{
	for (size_t i = 0; i < NSIZES; i++) {
		WINDOW *w = ts_window(sizes[i].rows, sizes[i].cols);
		struct pager p;
		char *name;
		int h = sizes[i].rows, cw = sizes[i].cols;

		pager_init(&p, 0);
		fill_pager(&p);
		/* Following: the last lines at the bottom. */
		pager_draw(&p, w, 0, 0, h, cw);
		name = golden("pager_follow", i);
		ts_assert_golden(w, name);
		free(name);

		/* Search highlights every match on screen. */
		pager_home(&p);
		assert_true(pager_search(&p, "error"));
		pager_draw(&p, w, 0, 0, h, cw);
		name = golden("pager_search", i);
		ts_assert_golden(w, name);
		free(name);
		{
			/* Line 7 has the first match, after "0007 ...". */
			int y = (int)(7 - 1 - p.top);
			char *row = ts_text(w, y, 0, cw);
			int x = (int)(strstr(row, "ERROR") - row);

			assert_int_equal(ts_attr(w, y, x),
			    theme_attr(THEME_ROLE_SEARCH_MATCH));
			assert_int_equal(ts_attr(w, y, x + 4),
			    theme_attr(THEME_ROLE_SEARCH_MATCH));
			assert_int_equal(ts_attr(w, y, x + 5),
			    theme_attr(THEME_ROLE_NORMAL));
			free(row);
		}

		/* Wrapped, at the end. */
		pager_set_wrap(&p, true);
		pager_end(&p);
		pager_draw(&p, w, 0, 0, h, cw);
		name = golden("pager_wrap", i);
		ts_assert_golden(w, name);
		free(name);
		pager_done(&p);
	}
}

static void
test_pager_hscroll(void **state)
{
	WINDOW *w = ts_window(4, 20);
	struct pager p;

	pager_init(&p, 0);
	pager_append(&p, "0123456789abcdefghijklmnopqrstuvwxyz", (size_t)-1, 0);
	/* 24 columns of CJK: column 21 is the right half of one. */
	pager_append(&p,
	    "\xe6\xbc\xa2\xe5\xad\x97\xe6\xbc\xa2\xe5\xad\x97"
	    "\xe6\xbc\xa2\xe5\xad\x97\xe6\xbc\xa2\xe5\xad\x97"
	    "\xe6\xbc\xa2\xe5\xad\x97\xe6\xbc\xa2\xe5\xad\x97",
	    (size_t)-1, THEME_ROLE_STDERR);
	pager_set_view(&p, 4, 20);
	/* The search scrolls sideways to show the match... */
	assert_true(pager_search(&p, "xyz"));
	assert_int_equal(p.hscroll, 25);
	/* ...and the user can scroll on from anywhere. */
	pager_hscroll(&p, -4);
	pager_draw(&p, w, 0, 0, 4, 20);
	ts_assert_golden(w, "pager_hscroll_20x4");
	/* The match is still found on a scrolled line. */
	assert_int_equal(
	    ts_attr(w, 0, 12), theme_attr(THEME_ROLE_SEARCH_MATCH));
	assert_int_equal(ts_attr(w, 1, 0), theme_attr(THEME_ROLE_STDERR));
	{
		char *row = ts_text(w, 1, 0, 3);

		assert_string_equal(row, " \xe5\xad\x97");
		free(row);
	}
	pager_done(&p);
}

static void
test_prompt(void **state)
{
	for (size_t i = 0; i < NSIZES; i++) {
		WINDOW *w = ts_window(sizes[i].rows, sizes[i].cols);
		struct prompt p;
		char *name = golden("prompt", i);
		int cx;

		prompt_init(&p);
		prompt_set(&p,
		    "containers --filter status=running and "
		    "some more text to make it long \xe6\xbc\xa2\xe5\xad\x97");
		cx = prompt_draw(&p, w, 0, 0, sizes[i].cols, ":",
		    theme_attr(THEME_ROLE_NORMAL));
		/* The cursor sits after the text, on screen. */
		assert_true(cx < sizes[i].cols);
		for (int k = 0; k < 10; k++)
			prompt_key(&p, WKEY(KEY_LEFT));
		prompt_draw(&p, w, 1, 0, sizes[i].cols, "/", A_NORMAL);
		prompt_key(&p, WKEY(KEY_HOME));
		cx = prompt_draw(
		    &p, w, 2, 2, sizes[i].cols - 2, "filter: ", A_NORMAL);
		assert_int_equal(cx, 10);
		ts_assert_golden(w, name);
		free(name);
		prompt_done(&p);
	}
}

static char *
line_n(int i)
{
	return xasprintf("berth-it-container-%02d", i);
}

static void
test_dialog_confirm(void **state)
{
	for (size_t i = 0; i < NSIZES; i++) {
		WINDOW *w = ts_window(sizes[i].rows, sizes[i].cols);
		char *lines[4] = {
		    line_n(1), line_n(2), xstrdup("evil\x1b[2J"), NULL};
		struct dialog *d =
		    dialog_confirm_new("Remove 3 containers?", lines);
		char *name = golden("dialog_confirm", i);

		dialog_add_check(d, "force (kill running ones)", false);
		dialog_add_check(d, "remove anonymous volumes", true);
		werase(w);
		dialog_draw(d, w);
		ts_assert_golden(w, name);
		free(name);
		dialog_free(d);
		for (int k = 0; lines[k] != NULL; k++)
			free(lines[k]);
	}
}

static void
test_dialog_long_list_scrolls(void **state)
{
	char *lines[51];
	struct dialog *d;
	WINDOW *w = ts_window(10, 40);
	char *s;

	for (int i = 0; i < 50; i++)
		lines[i] = line_n(i);
	lines[50] = NULL;
	d = dialog_confirm_new("Remove 50 containers?", lines);
	werase(w);
	dialog_draw(d, w);
	ts_assert_golden(w, "dialog_long_40x10");
	assert_true(d->msg_h < 50);
	assert_int_equal(dialog_key(d, WKEY(KEY_NPAGE)), DIALOG_OPEN);
	assert_true(d->scroll > 0);
	for (int i = 0; i < 20; i++)
		dialog_key(d, 'j');
	werase(w);
	dialog_draw(d, w);
	ts_assert_golden(w, "dialog_long_scrolled_40x10");
	/* The last line is reachable, and no further. */
	for (int i = 0; i < 100; i++)
		dialog_key(d, WKEY(KEY_NPAGE));
	werase(w);
	dialog_draw(d, w);
	s = ts_dump(w);
	assert_non_null(strstr(s, "berth-it-container-49"));
	free(s);
	assert_int_equal(dialog_key(d, 'y'), DIALOG_CONFIRMED);
	dialog_free(d);
	for (int i = 0; i < 50; i++)
		free(lines[i]);
}

static void
test_dialog_choice_and_alert(void **state)
{
	static char o1[] = "no", o2[] = "always", o3[] = "on-failure",
		    o4[] = "unless-stopped";
	char *const opts[] = {o1, o2, o3, o4, NULL};

	for (size_t i = 0; i < NSIZES; i++) {
		WINDOW *w = ts_window(sizes[i].rows, sizes[i].cols);
		struct dialog *d =
		    dialog_choice_new("Restart policy", NULL, opts, 1);
		char *name = golden("dialog_choice", i);
		char *msg[] = {
		    xstrdup("Error response from daemon: "
			    "conflict: unable to remove repository reference"),
		    NULL};
		int y;

		werase(w);
		dialog_draw(d, w);
		ts_assert_golden(w, name);
		free(name);
		/* The chosen option is the focused one, highlighted. */
		for (y = 0; y < sizes[i].rows; y++) {
			char *row = ts_text(w, y, 0, sizes[i].cols);
			char *at = strstr(row, "(\xe2\x80\xa2) always");

			if (at != NULL) {
				assert_int_equal(
				    ts_attr(w, y,
					text_width_n(row, (size_t)(at - row))),
				    theme_attr(THEME_ROLE_DIALOG_BUTTON));
				free(row);
				break;
			}
			free(row);
		}
		assert_true(y < sizes[i].rows);
		dialog_free(d);

		d = dialog_alert_new("Cannot remove image", msg);
		werase(w);
		dialog_draw(d, w);
		name = golden("dialog_alert", i);
		ts_assert_golden(w, name);
		free(name);
		dialog_free(d);
		free(msg[0]);
	}
}

static void
test_form(void **state)
{
	static char o1[] = "no", o2[] = "always", o3[] = "on-failure";
	char *const opts[] = {o1, o2, o3, NULL};

	for (size_t i = 0; i < NSIZES; i++) {
		WINDOW *w = ts_window(sizes[i].rows, sizes[i].cols);
		struct form f;
		char *name = golden("form", i);
		bool cursor;
		int cy, cx;

		form_init(&f, "Run berth-test/web:latest");
		form_add_text(&f, "Name", "web-3");
		form_add_text(&f, "Ports", "8080:80");
		form_add_text(&f, "Environment", "");
		form_add_text(&f, "Command", "");
		form_add_choice(&f, "Restart", opts, 0);
		form_add_check(&f, "Remove on exit", true);
		form_add_check(&f, "Detach", true);
		form_set_error(&f, 1, "port 8080 is already allocated");
		form_focus(&f, 1);
		werase(w);
		cursor = form_draw(&f, w);
		assert_true(cursor);
		getyx(w, cy, cx);
		ts_assert_golden(w, name);
		free(name);
		/* The cursor is at the end of "8080:80". */
		{
			char *row = ts_text(w, cy, 0, cx);

			assert_non_null(strstr(row, "8080:80"));
			assert_int_equal(strlen(strstr(row, "8080:80")), 7);
			free(row);
		}
		/* On a checkbox there is no cursor. */
		form_focus(&f, 6);
		werase(w);
		assert_false(form_draw(&f, w));
		name = golden("form_last", i);
		ts_assert_golden(w, name);
		free(name);
		form_done(&f);
	}
}

static void
test_statusbar(void **state)
{
	for (size_t i = 0; i < NSIZES; i++) {
		WINDOW *w = ts_window(sizes[i].rows, sizes[i].cols);
		struct statusbar s;
		char *name = golden("statusbar", i);
		int cw = sizes[i].cols;

		statusbar_init(&s);
		werase(w);
		statusbar_draw(&s, w, 0, 0, cw);
		statusbar_set_endpoint(
		    &s, "unix:///tmp/berth-engine/docker.sock", "1.41");
		statusbar_set_hints(&s, "?:help q:quit /:filter");
		statusbar_draw(&s, w, 1, 0, cw);
		statusbar_set_read_only(&s, true);
		statusbar_draw(&s, w, 2, 0, cw);
		statusbar_message(&s, STATUSBAR_ERR,
		    xstrdup("Error response "
			    "from daemon: \x1b[31mNo such container: web-9"),
		    0, 5);
		statusbar_draw(&s, w, 3, 0, cw);
		statusbar_message(
		    &s, STATUSBAR_OK, xstrdup("stopped web-1"), 0, 5);
		statusbar_draw(&s, w, 4, 0, cw);
		statusbar_set_read_only(&s, false);
		statusbar_message(&s, STATUSBAR_INFO,
		    xstrdup("pulling "
			    "berth-test/base"),
		    0, 5);
		statusbar_draw(&s, w, 5, 0, cw);
		ts_assert_golden(w, name);
		free(name);
		/* The whole line is the bar; the badge and message roles. */
		assert_int_equal(ts_attr(w, 1, cw - 1) & A_COLOR,
		    theme_attr(THEME_ROLE_STATUS) & A_COLOR);
		{
			char *row = ts_text(w, 2, 0, cw);
			int x = (int)(strstr(row, "READ-ONLY") - row);

			assert_int_equal(
			    ts_attr(w, 2, x), theme_attr(THEME_ROLE_BADGE));
			free(row);
			row = ts_text(w, 3, 0, cw);
			x = (int)(strstr(row, "Error") - row);
			assert_int_equal(ts_attr(w, 3, x),
			    theme_attr(THEME_ROLE_STATUS_ERR));
			free(row);
		}
		statusbar_done(&s);
	}
}

static void
test_tabs(void **state)
{
	static const char *const names[] = {
	    "containers",
	    "images",
	    "layers",
	    "volumes",
	    "networks",
	    "sessions",
	    "nat",
	    "host",
	    "events",
	    "swarm",
	};

	for (size_t i = 0; i < NSIZES; i++) {
		WINDOW *w = ts_window(sizes[i].rows, sizes[i].cols);
		struct tabs t;
		char *name = golden("tabs", i);
		long hit;

		tabs_init(&t);
		for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
			tabs_add(&t, names[k]);
		werase(w);
		tabs_draw(&t, w, 0, 0, sizes[i].cols);
		tabs_set_active(&t, 8);
		tabs_draw(&t, w, 1, 0, sizes[i].cols);
		assert_int_equal(
		    ts_attr(w, 1, t.x0[8]), theme_attr(THEME_ROLE_TAB_ACTIVE));
		hit = tabs_hit(&t, t.x0[8]);
		assert_int_equal(hit, 8);
		assert_int_equal(tabs_hit(&t, t.x1[8] - 1), 8);
		tabs_set_active(&t, 0);
		tabs_draw(&t, w, 2, 0, sizes[i].cols);
		/* Clicking the second tab's number. */
		assert_int_equal(tabs_hit(&t, t.x0[1] + 1), 1);
		assert_int_equal(tabs_hit(&t, -1), -1);
		ts_assert_golden(w, name);
		free(name);
		tabs_done(&t);
	}
}

/* A hidden tab takes no room and no click, unless it is the active one. */
static void
test_tabs_hidden(void **state)
{
	WINDOW *w = ts_window(10, 60);
	struct tabs t;
	char *line;

	tabs_init(&t);
	tabs_add(&t, "containers");
	tabs_add(&t, "nodes");
	tabs_add(&t, "images");
	tabs_set_hidden(&t, 1, true);
	werase(w);
	tabs_draw(&t, w, 0, 0, 60);
	line = ts_text(w, 0, 0, 60);
	assert_null(strstr(line, "nodes"));
	assert_non_null(strstr(line, " 1 containers  3 images "));
	free(line);
	assert_int_equal(t.x0[1], -1);
	assert_int_equal(tabs_hit(&t, t.x0[2]), 2);
	/* Opened by name, it shows while it is the active one. */
	tabs_set_active(&t, 1);
	tabs_draw(&t, w, 1, 0, 60);
	line = ts_text(w, 1, 0, 60);
	assert_non_null(strstr(line, " 2 nodes "));
	free(line);
	tabs_done(&t);
}

static void
test_sparkline_and_progress(void **state)
{
	for (size_t i = 0; i < NSIZES; i++) {
		WINDOW *w = ts_window(sizes[i].rows, sizes[i].cols);
		struct sparkline s;
		char *name = golden("spark_progress", i);
		int cw = sizes[i].cols;

		sparkline_init(&s, 60);
		werase(w);
		for (int k = 0; k < 16; k++)
			sparkline_push(&s, k * 100.0 / 15);
		sparkline_draw(&s, w, 0, 0, cw, 100, 0);
		sparkline_push(&s, 50);
		sparkline_draw(&s, w, 1, 0, 10, 0, 0);
		progress_draw(
		    w, 3, 0, cw, "sha256:3f4d9a", 0.0, "0 B / 2.8 MB");
		progress_draw(
		    w, 4, 0, cw, "sha256:77aa10", 0.4375, "1.2 MB / 2.8 MB");
		progress_draw(w, 5, 0, cw, "sha256:1b2c3d", 1.0, "2.8 MB");
		progress_draw(w, 6, 0, cw, "Waiting", -1, NULL);
		progress_draw(
		    w, 7, 0, cw, "Pulling fs layer \x1b[1m", 0.5, NULL);
		ts_assert_golden(w, name);
		free(name);
		assert_int_equal(
		    ts_attr(w, 0, cw - 1), theme_attr(THEME_ROLE_SPARK));
		sparkline_done(&s);
	}
}

static void
test_mono_attributes(void **state)
{
	struct theme t;
	struct fixture fx = {.marked = {true}};
	struct table_source src = {
	    .cell = fixture_cell,
	    .marked = fixture_marked,
	    .arg = &fx,
	};
	struct table tb;
	WINDOW *w = ts_window(5, 40);

	/* Without colors the selection is reverse video. */
	theme_init(&t);
	theme_apply(&t, false);
	table_init(&tb);
	table_set_rows(&tb, NFIXTURE);
	tb.sel = 1;
	table_draw(&tb, w, 0, 0, 5, 40, fixture_cols, 5, &src);
	assert_true(ts_attr(w, 2, 5) & A_REVERSE);
	assert_int_equal(PAIR_NUMBER(ts_attr(w, 2, 5)), 0);
	assert_false(ts_attr(w, 3, 5) & A_REVERSE);
	assert_true(ts_attr(w, 1, 5) & A_BOLD); /* marked */
	theme_apply(&t, true);
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
	    cmocka_unit_test(test_table),
	    cmocka_unit_test(test_table_narrow_drops_columns),
	    cmocka_unit_test(test_table_empty),
	    cmocka_unit_test(test_pager),
	    cmocka_unit_test(test_pager_hscroll),
	    cmocka_unit_test(test_prompt),
	    cmocka_unit_test(test_dialog_confirm),
	    cmocka_unit_test(test_dialog_long_list_scrolls),
	    cmocka_unit_test(test_dialog_choice_and_alert),
	    cmocka_unit_test(test_form),
	    cmocka_unit_test(test_statusbar),
	    cmocka_unit_test(test_tabs),
	    cmocka_unit_test(test_tabs_hidden),
	    cmocka_unit_test(test_sparkline_and_progress),
	    cmocka_unit_test(test_mono_attributes),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
