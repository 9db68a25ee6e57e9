/* Tests of the cell formatting helpers. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tui/fmt.h"

static void
test_sizes_like_the_cli(void **state)
{
	char b[32];

	(void)state;
	fmt_size(b, sizeof b, 0);
	assert_string_equal(b, "0B");
	fmt_size(b, sizeof b, 999);
	assert_string_equal(b, "999B");
	fmt_size(b, sizeof b, 1990000);
	assert_string_equal(b, "1.99MB");
	fmt_size(b, sizeof b, 123456789);
	assert_string_equal(b, "123MB");
	fmt_size(b, sizeof b, 45600000000LL);
	assert_string_equal(b, "45.6GB");
	fmt_size(b, sizeof b, -1);
	assert_string_equal(b, "-");
}

static void
test_ages(void **state)
{
	char b[32];

	(void)state;
	fmt_ago(b, sizeof b, 1000, 1030);
	assert_string_equal(b, "30s");
	fmt_ago(b, sizeof b, 1000, 1000 + 600);
	assert_string_equal(b, "10m");
	fmt_ago(b, sizeof b, 1000, 1000 + 7200);
	assert_string_equal(b, "2h");
	fmt_ago(b, sizeof b, 1000, 1000 + 86400 * 5);
	assert_string_equal(b, "5d");
	fmt_ago(b, sizeof b, 0, 1000);
	assert_string_equal(b, "-");
}

static void
test_ids_ports_times(void **state)
{
	char b[32], *s;
	char lo[] = "127.0.0.1", any[] = "::", tcp[] = "tcp", udp[] = "udp";
	struct docker_port ports[3] = {
	    {lo, 80, 8080, tcp},
	    {NULL, 443, 0, tcp},
	    {any, 53, 5353, udp},
	};

	(void)state;
	fmt_short_id(b, sizeof b, "sha256:0123456789abcdef0123");
	assert_string_equal(b, "0123456789ab");
	fmt_short_id(b, sizeof b, "abc");
	assert_string_equal(b, "abc");
	s = fmt_ports(ports, 3);
	assert_string_equal(s, "127.0.0.1:8080->80/tcp, 443/tcp, "
			       "[::]:5353->53/udp");
	free(s);
	assert_int_equal(
	    fmt_parse_time("2024-01-02T03:04:05.123456789Z"), 1704164645);
	assert_int_equal(fmt_parse_time("0001-01-01T00:00:00Z"), 0);
	assert_int_equal(fmt_parse_time("garbage"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sizes_like_the_cli),
	    cmocka_unit_test(test_ages),
	    cmocka_unit_test(test_ids_ports_times),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
