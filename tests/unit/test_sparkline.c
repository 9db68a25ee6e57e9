/* Unit tests for the sparkline's ring of samples and its scaling. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "widgets/progress.h"
#include "widgets/sparkline.h"

static void
test_ring(void **state)
{
	struct sparkline s;

	sparkline_init(&s, 4);
	assert_int_equal(sparkline_count(&s), 0);
	assert_true(sparkline_max(&s) == 0);
	for (int i = 1; i <= 6; i++)
		sparkline_push(&s, i);
	assert_int_equal(sparkline_count(&s), 4);
	assert_true(sparkline_get(&s, 0) == 3);
	assert_true(sparkline_get(&s, 3) == 6);
	assert_true(sparkline_get(&s, 4) == 0);
	assert_true(sparkline_max(&s) == 6);
	sparkline_push(&s, -5);
	assert_true(sparkline_get(&s, 3) == 0);
	sparkline_clear(&s);
	assert_int_equal(sparkline_count(&s), 0);
	sparkline_push(&s, 2);
	assert_true(sparkline_get(&s, 0) == 2);
	sparkline_done(&s);
}

static void
test_level(void **state)
{
	assert_int_equal(sparkline_level(0, 100), 0);
	assert_int_equal(sparkline_level(100, 100), 7);
	assert_int_equal(sparkline_level(250, 100), 7);
	assert_int_equal(sparkline_level(50, 100), 4);
	assert_int_equal(sparkline_level(1, 100), 0);
	assert_int_equal(sparkline_level(10, 0), 0);
	assert_int_equal(sparkline_level(-1, 10), 0);
}

static void
test_progress_eighths(void **state)
{
	assert_int_equal(progress_eighths(0, 10), 0);
	assert_int_equal(progress_eighths(1, 10), 80);
	assert_int_equal(progress_eighths(2, 10), 80);
	assert_int_equal(progress_eighths(0.5, 10), 40);
	assert_int_equal(progress_eighths(0.01, 10), 1);
	assert_int_equal(progress_eighths(-1, 10), 0);
	assert_int_equal(progress_eighths(0.5, 0), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ring),
	    cmocka_unit_test(test_level),
	    cmocka_unit_test(test_progress_eighths),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
