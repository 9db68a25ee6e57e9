/* Tests of the cell formatting helpers. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tui/core/fmt.h"

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
test_durations_like_the_cli(void **state)
{
	char b[64];

	(void)state;
	fmt_human_duration(b, sizeof b, 0);
	assert_string_equal(b, "Less than a second");
	fmt_human_duration(b, sizeof b, 1);
	assert_string_equal(b, "1 second");
	fmt_human_duration(b, sizeof b, 59);
	assert_string_equal(b, "59 seconds");
	fmt_human_duration(b, sizeof b, 119);
	assert_string_equal(b, "About a minute");
	fmt_human_duration(b, sizeof b, 120);
	assert_string_equal(b, "2 minutes");
	fmt_human_duration(b, sizeof b, 3599);
	assert_string_equal(b, "59 minutes");
	fmt_human_duration(b, sizeof b, 3600 * 3);
	assert_string_equal(b, "3 hours");
	fmt_human_duration(b, sizeof b, 86400 * 3);
	assert_string_equal(b, "3 days");
}

static void
test_status_is_aged(void **state)
{
	char b[160];
	int64_t age;

	(void)state;
	fmt_status_aged(b, sizeof b, "Up Less than a second", 12, &age);
	assert_string_equal(b, "Up 12 seconds");
	assert_int_equal(age, 12);
	fmt_status_aged(b, sizeof b, "Up 5 seconds (healthy)", 10, &age);
	assert_string_equal(b, "Up 15 seconds (healthy)");
	fmt_status_aged(b, sizeof b, "Up 50 seconds (Paused)", 20, &age);
	assert_string_equal(b, "Up About a minute (Paused)");
	assert_int_equal(age, 70);
	fmt_status_aged(b, sizeof b, "Exited (137) 1 second ago", 30, &age);
	assert_string_equal(b, "Exited (137) 31 seconds ago");
	fmt_status_aged(b, sizeof b, "Restarting (1) 2 seconds ago", 1, &age);
	assert_string_equal(b, "Restarting (1) 3 seconds ago");
	fmt_status_aged(b, sizeof b, "Up 3 minutes", 65, &age);
	assert_string_equal(b, "Up 4 minutes");
	/* Coarse words and other texts are left as the engine wrote them. */
	fmt_status_aged(b, sizeof b, "Up 2 hours", 600, &age);
	assert_string_equal(b, "Up 2 hours");
	assert_int_equal(age, -1);
	fmt_status_aged(b, sizeof b, "Created", 600, &age);
	assert_string_equal(b, "Created");
	fmt_status_aged(b, sizeof b, "Up 5 seconds", -1, &age);
	assert_string_equal(b, "Up 5 seconds");
	fmt_status_aged(b, sizeof b, "Exited (1", 3, &age);
	assert_string_equal(b, "Exited (1");
	fmt_status_aged(b, sizeof b, "Up 12x", 3, &age);
	assert_string_equal(b, "Up 12x");
	fmt_status_aged(b, sizeof b, NULL, 3, &age);
	assert_string_equal(b, "");
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
}

/* -p 8080:80 on an engine with IPv6: the engine lists 0.0.0.0 and ::. */
static void
test_ports_of_both_families_are_one(void **state)
{
	char v4[] = "0.0.0.0", v6[] = "::", lo[] = "127.0.0.1", tcp[] = "tcp",
	     udp[] = "udp";
	struct docker_port ports[] = {
	    {v4, 80, 8080, tcp},
	    {v6, 80, 8080, tcp},
	    {v4, 53, 5353, udp}, /* IPv4 only */
	    {lo, 81, 8081, tcp},
	    {v6, 82, 8082, tcp}, /* IPv6 only */
	    {v6, 90, 9090, tcp}, /* apart from its twin */
	    {v4, 53, 5353, tcp}, /* not the udp one's twin */
	    {v4, 90, 9090, tcp},
	};
	char *s;

	(void)state;
	s = fmt_ports(ports, sizeof ports / sizeof *ports);
	assert_string_equal(s, "*:8080->80/tcp, 0.0.0.0:5353->53/udp, "
			       "127.0.0.1:8081->81/tcp, [::]:8082->82/tcp, "
			       "0.0.0.0:5353->53/tcp, *:9090->90/tcp");
	free(s);
	assert_int_equal(fmt_port_twin(ports, 8, 0), 1);
	assert_int_equal(fmt_port_twin(ports, 8, 1), -1);
	assert_int_equal(fmt_port_twin(ports, 8, 2), 0);
	assert_int_equal(fmt_port_twin(ports, 8, 5), -1);
	assert_int_equal(fmt_port_twin(ports, 8, 7), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sizes_like_the_cli),
	    cmocka_unit_test(test_ages),
	    cmocka_unit_test(test_durations_like_the_cli),
	    cmocka_unit_test(test_status_is_aged),
	    cmocka_unit_test(test_ids_ports_times),
	    cmocka_unit_test(test_ports_of_both_families_are_one),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
