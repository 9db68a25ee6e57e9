/* Tests of the RFC 3339 reader shared by the doctor, fmt and prune. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "api/rfc3339.h"

/* 2026-11-22T08:25:27Z */
#define T0 1795335927

static void
test_parse_engine_times(void **state)
{
	(void)state;
	assert_int_equal(rfc3339_parse("1971-01-02T00:00:00Z"), 366 * 86400);
	assert_int_equal(rfc3339_parse("2026-11-22T08:25:27Z"), T0);
	assert_int_equal(rfc3339_parse("2026-11-22T08:25:27.235215829Z"), T0);
	/* No zone is UTC. */
	assert_int_equal(rfc3339_parse("2026-11-22T08:25:27"), T0);
	assert_int_equal(
	    rfc3339_parse("2024-01-02T03:04:05.123456789Z"), 1704164645);
	/* Leap day, and the last second of a leap year. */
	assert_int_equal(rfc3339_parse("2024-02-29T00:00:00Z"), 1709164800);
	assert_int_equal(rfc3339_parse("2024-12-31T23:59:59Z"), 1735689599);
}

static void
test_parse_offsets(void **state)
{
	(void)state;
	/* A zone ahead of UTC means the UTC time is earlier. */
	assert_int_equal(rfc3339_parse("2026-11-22T09:25:27.5+01:00"), T0);
	assert_int_equal(rfc3339_parse("2026-11-22T07:55:27-00:30"), T0);
	assert_int_equal(rfc3339_parse("2026-11-22T13:55:27+05:30"), T0);
	/* A zone that cannot be read is no zone. */
	assert_int_equal(rfc3339_parse("2026-11-22T08:25:27+xx"), T0);
}

static void
test_parse_zero_and_garbage(void **state)
{
	(void)state;
	assert_int_equal(rfc3339_parse("0001-01-01T00:00:00Z"), 0);
	assert_int_equal(rfc3339_parse("1970-06-01T00:00:00Z"), 0);
	assert_int_equal(rfc3339_parse(NULL), 0);
	assert_int_equal(rfc3339_parse(""), 0);
	assert_int_equal(rfc3339_parse("yesterday"), 0);
	assert_int_equal(rfc3339_parse("2026-11-22"), 0);
	assert_int_equal(rfc3339_parse("2026-11-22 08:25:27Z"), 0);
	assert_int_equal(rfc3339_parse("2026-13-22T08:25:27Z"), 0);
	assert_int_equal(rfc3339_parse("2026-11-32T08:25:27Z"), 0);
	assert_int_equal(rfc3339_parse("2026-11-00T08:25:27Z"), 0);
}

static void
test_scan_fields_and_length(void **state)
{
	struct rfc3339 t;
	const char *s;

	(void)state;
	s = "2024-01-31T10:20:30.25-02:30 rest";
	assert_int_equal(rfc3339_scan(s, &t), strlen(s) - 5);
	assert_int_equal(t.year, 2024);
	assert_int_equal(t.month, 1);
	assert_int_equal(t.day, 31);
	assert_int_equal(t.hour, 10);
	assert_int_equal(t.min, 20);
	assert_int_equal(t.sec, 30);
	assert_int_equal(t.sep, 'T');
	assert_true(t.zoned);
	assert_int_equal(t.offset, -(2 * 3600 + 30 * 60));

	/* A date alone: midnight, no separator, no zone. */
	assert_int_equal(rfc3339_scan("2024-01-31", &t), 10);
	assert_int_equal(t.sep, 0);
	assert_false(t.zoned);
	assert_int_equal(rfc3339_seconds(&t), 1706659200);

	/* A space separates too; without a zone none is set. */
	assert_int_equal(rfc3339_scan("2024-01-31 10:00:00", &t), 19);
	assert_int_equal(t.sep, ' ');
	assert_false(t.zoned);
	assert_int_equal(rfc3339_seconds(&t), 1706695200);

	/* What cannot be read is left for the caller to see. */
	assert_int_equal(rfc3339_scan("2024-01-31T", &t), 10);
	assert_int_equal(rfc3339_scan("2024-01-31T10:00:00+1", &t), 19);
	assert_false(t.zoned);
	assert_int_equal(rfc3339_scan("2024-01-31T10:00:00Zx", &t), 20);
	assert_true(t.zoned);
	assert_int_equal(rfc3339_scan("31/01/2024", &t), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_engine_times),
	    cmocka_unit_test(test_parse_offsets),
	    cmocka_unit_test(test_parse_zero_and_garbage),
	    cmocka_unit_test(test_scan_fields_and_length),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
