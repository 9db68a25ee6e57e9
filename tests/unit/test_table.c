/* Unit tests for the table's column layout and its navigation. */

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "widgets/table.h"

static const struct table_col cols4[] = {
    {"NAME", 10, 0, 0, false, false},
    {"IMAGE", 10, 30, 1, false, false},
    {"STATE", 7, 10, 0, false, false},
    {"PORTS", 5, 0, 3, false, false},
};

static void
assert_widths(
    const struct table_col *cols, size_t n, int width, const int *want)
{
	int got[8];
	int sum = 0, shown = 0;

	table_layout(cols, n, width, got);
	for (size_t i = 0; i < n; i++) {
		if (got[i] != want[i])
			fail_msg("width %d: column %zu is %d, want %d", width,
			    i, got[i], want[i]);
		sum += got[i];
		shown += got[i] > 0;
	}
	/* Never wider than the screen. */
	assert_true(sum + (shown > 1 ? (shown - 1) * TABLE_GAP : 0) <= width ||
		    width <= 0);
}

static void
test_layout_spare_width(void **state)
{
	/* Bounded columns grow first (STATE, then IMAGE); flex share. */
	assert_widths(cols4, 4, 80, (const int[]){21, 30, 10, 16});
	/* Exactly the minimum. */
	assert_widths(cols4, 4, 35, (const int[]){10, 10, 7, 5});
}

static void
test_layout_drops_by_priority(void **state)
{
	/* PORTS (prio 3) goes first, then IMAGE (prio 1). */
	assert_widths(cols4, 4, 34, (const int[]){10, 12, 10, 0});
	assert_widths(cols4, 4, 30, (const int[]){10, 10, 8, 0});
	assert_widths(cols4, 4, 20, (const int[]){10, 0, 9, 0});
	/*
	 * Equal prios: the rightmost goes; the one left takes the spare
	 * width, or the whole screen when it is too narrow even for it.
	 */
	assert_widths(cols4, 4, 17, (const int[]){17, 0, 0, 0});
	assert_widths(cols4, 4, 5, (const int[]){5, 0, 0, 0});
	assert_widths(cols4, 4, 0, (const int[]){0, 0, 0, 0});
	assert_widths(cols4, 4, -3, (const int[]){0, 0, 0, 0});
}

static void
test_layout_max_widths(void **state)
{
	static const struct table_col bounded[] = {
	    {"A", 3, 5, 0, false, false},
	    {"B", 3, 5, 1, false, false},
	};
	static const struct table_col flex[] = {
	    {"A", 1, 0, 0, false, false},
	    {"B", 1, 0, 0, false, false},
	    {"C", 1, 0, 0, false, false},
	};
	static const struct table_col order[] = {
	    {"LOW", 2, 10, 5, false, false},
	    {"HIGH", 2, 10, 1, false, false},
	};

	/* Nothing flexible: the spare width stays unused. */
	assert_widths(bounded, 2, 40, (const int[]){5, 5});
	/* The leftmost flexible columns get the remainder. */
	assert_widths(flex, 3, 12, (const int[]){4, 3, 3});
	/* The more important column grows first. */
	assert_widths(order, 2, 13, (const int[]){2, 10});
	assert_widths(order, 2, 30, (const int[]){10, 10});
}

static void
test_layout_hidden(void **state)
{
	static const struct table_col with_hidden[] = {
	    {"NAME", 10, 0, 0, false, false},
	    {"ENGINE", 6, 24, 0, false, true},
	    {"IMAGE", 10, 30, 1, false, false},
	    {"STATE", 7, 10, 0, false, false},
	    {"PORTS", 5, 0, 3, false, false},
	};
	static const struct table_col all_hidden[] = {
	    {"A", 3, 5, 0, false, true},
	    {"B", 3, 5, 1, false, true},
	};

	/* A hidden column takes no room: the others lay out as without it. */
	assert_widths(with_hidden, 5, 80, (const int[]){21, 0, 30, 10, 16});
	assert_widths(with_hidden, 5, 35, (const int[]){10, 0, 10, 7, 5});
	assert_widths(with_hidden, 5, 20, (const int[]){10, 0, 0, 9, 0});
	/* Shown, it takes its room like any other. */
	{
		struct table_col shown[5];

		for (size_t i = 0; i < 5; i++) {
			shown[i] = with_hidden[i];
			shown[i].hidden = false;
		}
		assert_widths(shown, 5, 42, (const int[]){10, 6, 10, 7, 5});
	}
	assert_widths(all_hidden, 2, 40, (const int[]){0, 0});
}

static void
test_set_rows_clamps(void **state)
{
	struct table t;

	table_init(&t);
	assert_int_equal(t.sort_col, -1);
	table_set_rows(&t, 20);
	t.sel = 15;
	t.top = 12;
	table_set_rows(&t, 5);
	assert_int_equal(t.sel, 4);
	assert_true(t.top <= t.sel);
	table_set_rows(&t, 0);
	assert_int_equal(t.sel, 0);
	assert_int_equal(t.top, 0);
	/* Moving in an empty table does nothing. */
	table_move(&t, 3);
	table_end(&t);
	assert_int_equal(t.sel, 0);
}

static void
test_move_and_ends(void **state)
{
	struct table t;

	table_init(&t);
	table_set_rows(&t, 10);
	table_move(&t, -1);
	assert_int_equal(t.sel, 0);
	table_move(&t, 3);
	assert_int_equal(t.sel, 3);
	table_move(&t, 100);
	assert_int_equal(t.sel, 9);
	table_move(&t, -4);
	assert_int_equal(t.sel, 5);
	table_move(&t, -100);
	assert_int_equal(t.sel, 0);
	table_end(&t);
	assert_int_equal(t.sel, 9);
	table_home(&t);
	assert_int_equal(t.sel, 0);
	assert_int_equal(t.top, 0);
}

static void
test_page(void **state)
{
	struct table t;

	table_init(&t);
	table_set_rows(&t, 100);
	t.sel = 3;
	table_page(&t, 1, 10);
	assert_int_equal(t.sel, 13);
	assert_int_equal(t.top, 10);
	table_page(&t, -1, 10);
	assert_int_equal(t.sel, 3);
	assert_int_equal(t.top, 0);
	table_page(&t, 20, 10);
	assert_int_equal(t.sel, 99);
	assert_int_equal(t.top, 90);
	table_page(&t, -20, 10);
	assert_int_equal(t.sel, 0);
	assert_int_equal(t.top, 0);
}

static void
test_scroll_into_view(void **state)
{
	struct table t;

	table_init(&t);
	table_set_rows(&t, 100);
	t.sel = 50;
	table_scroll_into_view(&t, 10);
	assert_int_equal(t.top, 41);
	t.sel = 3;
	table_scroll_into_view(&t, 10);
	assert_int_equal(t.top, 3);
	/* Rows went away: no empty space under the last row. */
	t.top = 40;
	t.sel = 45;
	table_set_rows(&t, 46);
	table_scroll_into_view(&t, 10);
	assert_int_equal(t.top, 36);
	table_set_rows(&t, 5);
	table_scroll_into_view(&t, 10);
	assert_int_equal(t.top, 0);
	assert_int_equal(t.sel, 4);
}

static void
test_row_at(void **state)
{
	struct table t;

	table_init(&t);
	table_set_rows(&t, 12);
	t.top = 5;
	assert_int_equal(table_row_at(&t, 0), 5);
	assert_int_equal(table_row_at(&t, 6), 11);
	assert_int_equal(table_row_at(&t, 7), -1);
	assert_int_equal(table_row_at(&t, -1), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_layout_spare_width),
	    cmocka_unit_test(test_layout_drops_by_priority),
	    cmocka_unit_test(test_layout_max_widths),
	    cmocka_unit_test(test_layout_hidden),
	    cmocka_unit_test(test_set_rows_clamps),
	    cmocka_unit_test(test_move_and_ends),
	    cmocka_unit_test(test_page),
	    cmocka_unit_test(test_scroll_into_view),
	    cmocka_unit_test(test_row_at),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
