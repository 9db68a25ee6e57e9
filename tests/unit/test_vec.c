/* The pointer vector: growth, order, ownership. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "api/vec.h"
#include "api/xalloc.h"

static int freed;

static void
count_free(void *p)
{
	freed++;
	free(p);
}

static void
test_push_get(void **state)
{
	struct vec v;

	(void)state;
	freed = 0;
	vec_init(&v, count_free);
	for (int i = 0; i < 100; i++)
		vec_push(&v, xasprintf("%d", i));
	assert_int_equal(v.n, 100);
	assert_string_equal(vec_get(&v, 42), "42");
	assert_null(vec_get(&v, 100));
	assert_string_equal(vec_get(&v, 0), "0");
	assert_string_equal(vec_get(&v, 99), "99");
	vec_done(&v);
	assert_int_equal(freed, 100);
	assert_int_equal(v.n, 0);
}

static void
test_borrowed(void **state)
{
	struct vec v;
	char a[] = "a";

	(void)state;
	freed = 0;
	vec_init(&v, NULL);
	vec_push(&v, a);
	vec_done(&v);
	assert_int_equal(freed, 0);
	assert_string_equal(a, "a");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_push_get),
	    cmocka_unit_test(test_borrowed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
