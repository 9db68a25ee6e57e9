/* The health check command read from inspect documents. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/inspect.h"
#include "tests/support/fixture.h"

static char *
health_of(const char *fixture)
{
	size_t len;
	char *text = fixture_read(fixture, &len), *h;

	h = inspect_health_command(text, len);
	free(text);
	return h;
}

static char *
health_of_text(const char *text)
{
	return inspect_health_command(text, strlen(text));
}

static void
test_fixtures(void **state)
{
	char *h;

	(void)state;
	/* CMD-SHELL runs under the default shell, as the exec shows it. */
	h = health_of("container_inspect.v1.41.json");
	assert_string_equal(h, "/bin/sh -c wget -q -O /dev/null "
			       "http://127.0.0.1/ || exit 1");
	free(h);
	h = health_of("container_inspect_unhealthy.v1.41.json");
	assert_string_equal(h, "/bin/sh -c exit 1");
	free(h);
	/* No health check. */
	assert_null(health_of("container_inspect_tty.v1.41.json"));
	assert_null(health_of("windows_container_inspect.json"));
}

static void
test_shapes(void **state)
{
	char *h;

	(void)state;
	h = health_of_text("{\"Config\":{\"Healthcheck\":{\"Test\":[\"CMD\","
			   "\"curl\",\"-f\",\"http://localhost/\"]}}}");
	assert_string_equal(h, "curl -f http://localhost/");
	free(h);
	/* The image's SHELL, and Windows' default. */
	h = health_of_text(
	    "{\"Config\":{\"Shell\":[\"/bin/bash\",\"-o\","
	    "\"pipefail\",\"-c\"],\"Healthcheck\":{\"Test\":[\"CMD-SHELL\","
	    "\"true\"]}}}");
	assert_string_equal(h, "/bin/bash -o pipefail -c true");
	free(h);
	h = health_of_text(
	    "{\"Platform\":\"windows\",\"Config\":{"
	    "\"Healthcheck\":{\"Test\":[\"CMD-SHELL\",\"exit 0\"]}}}");
	assert_string_equal(h, "cmd /S /C exit 0");
	free(h);
	/* Disabled, inherited, malformed. */
	assert_null(health_of_text("{\"Config\":{\"Healthcheck\":{\"Test\":"
				   "[\"NONE\"]}}}"));
	assert_null(health_of_text("{\"Config\":{\"Healthcheck\":{\"Test\":"
				   "[]}}}"));
	assert_null(health_of_text("{\"Config\":{\"Healthcheck\":{\"Test\":"
				   "\"CMD true\"}}}"));
	assert_null(health_of_text("{\"Config\":null}"));
	assert_null(health_of_text("[1,2"));
	assert_null(inspect_health_command(NULL, 0));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fixtures),
	    cmocka_unit_test(test_shapes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
