/* Unit tests for the pager: capped scrollback, follow, search, wrap. */

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "themes/theme.h"
#include "widgets/pager.h"

static void
fill(struct pager *p, int from, int to)
{
	char line[32];

	for (int i = from; i < to; i++) {
		snprintf(line, sizeof line, "line %d", i);
		pager_append(p, line, (size_t)-1, 0);
	}
}

static void
test_cap_drops_oldest(void **state)
{
	struct pager p;

	pager_init(&p, 5);
	fill(&p, 0, 8);
	assert_int_equal(pager_count(&p), 5);
	assert_int_equal(p.dropped, 3);
	assert_string_equal(pager_line(&p, 0)->text, "line 3");
	assert_string_equal(pager_line(&p, 4)->text, "line 7");
	assert_null(pager_line(&p, 5));
	/* Many more than the cap, many times over. */
	fill(&p, 8, 1000);
	assert_int_equal(pager_count(&p), 5);
	assert_string_equal(pager_line(&p, 4)->text, "line 999");
	pager_clear(&p);
	assert_int_equal(pager_count(&p), 0);
	fill(&p, 0, 2);
	assert_string_equal(pager_line(&p, 0)->text, "line 0");
	pager_done(&p);
}

static void
test_append_lines_and_replace(void **state)
{
	struct pager p;

	pager_init(&p, 0);
	pager_append_lines(&p, "a\nb\r\n\nc", (size_t)-1, THEME_ROLE_STDERR);
	assert_int_equal(pager_count(&p), 4);
	assert_string_equal(pager_line(&p, 1)->text, "b");
	assert_string_equal(pager_line(&p, 2)->text, "");
	assert_int_equal(pager_line(&p, 3)->role, THEME_ROLE_STDERR);
	/* Bytes with a NUL inside are kept whole. */
	pager_append(&p, "x\0y", 3, 0);
	assert_int_equal(pager_line(&p, 4)->len, 3);
	pager_replace(&p, 0, "{ ... }", THEME_ROLE_JSON_PUNCT);
	assert_string_equal(pager_line(&p, 0)->text, "{ ... }");
	assert_int_equal(pager_line(&p, 0)->role, THEME_ROLE_JSON_PUNCT);
	pager_replace(&p, 99, "nothing", 0);
	pager_done(&p);
}

static void
test_follow(void **state)
{
	struct pager p;

	pager_init(&p, 0);
	pager_set_view(&p, 3, 20);
	assert_true(p.follow);
	fill(&p, 0, 10);
	pager_set_view(&p, 3, 20);
	assert_int_equal(p.top, 7);
	assert_true(pager_at_end(&p));
	/* Scrolling up stops following; new lines do not move the view. */
	pager_scroll(&p, -2);
	assert_false(p.follow);
	assert_int_equal(p.top, 5);
	fill(&p, 10, 15);
	pager_set_view(&p, 3, 20);
	assert_int_equal(p.top, 5);
	assert_false(pager_at_end(&p));
	/* Scrolling down stops at the last screen. */
	pager_scroll(&p, 100);
	assert_int_equal(p.top, 12);
	assert_true(pager_at_end(&p));
	assert_false(p.follow);
	/* End turns it back on. */
	pager_home(&p);
	assert_int_equal(p.top, 0);
	pager_end(&p);
	assert_true(p.follow);
	fill(&p, 15, 20);
	pager_set_view(&p, 3, 20);
	assert_int_equal(p.top, 17);
	/* Page moves a screen less one line. */
	pager_page(&p, -1);
	assert_int_equal(p.top, 15);
	pager_scroll(&p, -100);
	assert_int_equal(p.top, 0);
	pager_done(&p);
}

static void
test_drop_moves_view(void **state)
{
	struct pager p;

	pager_init(&p, 10);
	pager_set_view(&p, 3, 20);
	fill(&p, 0, 10);
	pager_scroll(&p, -3);
	assert_int_equal(p.top, 4);
	/* The same text stays on screen as the oldest lines go. */
	fill(&p, 10, 12);
	assert_int_equal(p.top, 2);
	assert_string_equal(pager_line(&p, p.top)->text, "line 4");
	fill(&p, 12, 20);
	assert_int_equal(p.top, 0);
	pager_done(&p);
}

static void
test_search(void **state)
{
	struct pager p;

	pager_init(&p, 0);
	pager_set_view(&p, 2, 40);
	pager_append(&p, "alpha", (size_t)-1, 0);
	pager_append(&p, "Beta one", (size_t)-1, 0);
	pager_append(&p, "gamma", (size_t)-1, 0);
	pager_append(&p, "delta", (size_t)-1, 0);
	pager_append(&p, "BETA two", (size_t)-1, 0);
	pager_append(&p, "epsilon", (size_t)-1, 0);
	pager_home(&p);

	assert_true(pager_search(&p, "beta"));
	assert_int_equal(p.match, 1);
	assert_false(p.follow);
	/* Line 1 was already on screen: the view stays. */
	assert_int_equal(p.top, 0);
	assert_true(pager_search_next(&p, 1));
	assert_int_equal(p.match, 4);
	assert_int_equal(p.top, 4);
	/* Wraps around at either end. */
	assert_true(pager_search_next(&p, 1));
	assert_int_equal(p.match, 1);
	assert_true(pager_search_next(&p, -1));
	assert_int_equal(p.match, 4);
	assert_true(pager_search_next(&p, -1));
	assert_int_equal(p.match, 1);
	/* The pattern's case does not matter either. */
	assert_true(pager_search(&p, "GAMMA"));
	assert_int_equal(p.match, 2);
	assert_false(pager_search(&p, "zeta"));
	assert_int_equal(p.match, -1);
	assert_false(pager_search_next(&p, 1));
	assert_true(pager_search(&p, NULL));
	assert_null(p.pattern);
	assert_false(pager_search_next(&p, 1));
	pager_done(&p);
}

static void
test_search_scrolls_sideways(void **state)
{
	struct pager p;
	char line[300];

	pager_init(&p, 0);
	pager_set_view(&p, 5, 20);
	memset(line, '.', sizeof line);
	memcpy(line + 100, "needle", 6);
	line[sizeof line - 1] = '\0';
	pager_append(&p, line, (size_t)-1, 0);
	assert_true(pager_search(&p, "needle"));
	assert_true(p.hscroll <= 100);
	assert_true(p.hscroll + 20 >= 106);
	pager_hscroll(&p, -1000);
	assert_int_equal(p.hscroll, 0);
	pager_hscroll(&p, 7);
	assert_int_equal(p.hscroll, 7);
	pager_done(&p);
}

static void
test_wrap(void **state)
{
	struct pager p;

	pager_init(&p, 0);
	pager_set_view(&p, 3, 4);
	pager_set_wrap(&p, true);
	pager_append(&p, "abcdefghij", (size_t)-1, 0); /* 3 rows */
	pager_append(&p, "xy", (size_t)-1, 0); /* 1 row */
	pager_set_view(&p, 3, 4);
	/* Following: the last three rows, starting inside line 0. */
	assert_int_equal(p.top, 0);
	assert_int_equal(p.top_sub, 1);
	pager_scroll(&p, -1);
	assert_int_equal(p.top_sub, 0);
	pager_scroll(&p, 1);
	assert_int_equal(p.top, 0);
	assert_int_equal(p.top_sub, 1);
	pager_scroll(&p, 5);
	assert_int_equal(p.top_sub, 1);
	/* No horizontal scroll with wrap. */
	pager_hscroll(&p, 5);
	assert_int_equal(p.hscroll, 0);
	/* A search finds the row of the line its match is on. */
	pager_home(&p);
	pager_append(&p, "0123456789abcdefneedle", (size_t)-1, 0);
	pager_append(&p, "z", (size_t)-1, 0);
	pager_append(&p, "z", (size_t)-1, 0);
	pager_append(&p, "z", (size_t)-1, 0);
	assert_true(pager_search(&p, "needle"));
	assert_int_equal(p.top, 2);
	assert_int_equal(p.top_sub, 4);
	/* Back without wrap, positions are whole lines. */
	pager_set_wrap(&p, false);
	assert_int_equal(p.top_sub, 0);
	pager_done(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cap_drops_oldest),
	    cmocka_unit_test(test_append_lines_and_replace),
	    cmocka_unit_test(test_follow),
	    cmocka_unit_test(test_drop_moves_view),
	    cmocka_unit_test(test_search),
	    cmocka_unit_test(test_search_scrolls_sideways),
	    cmocka_unit_test(test_wrap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
