/* Masking of secret-looking environment values in inspect documents. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "api/decode.h"
#include "api/redact.h"

static void
test_secret_names(void **state)
{
	static const char *const secret[] = {
	    "DB_PASSWORD",
	    "api_token",
	    "AWS_SECRET_ACCESS_KEY",
	    "KEY",
	    "GitHubToken",
	    "credentials_file",
	    "MYSQL_ROOT_PASSWD",
	    "app.secret",
	    NULL,
	};
	static const char *const plain[] = {
	    "PATH",
	    "HOME",
	    "APP_MODE",
	    "PASS",
	    "TOK",
	    "",
	    NULL,
	};

	(void)state;
	for (size_t i = 0; secret[i]; i++)
		assert_true(redact_secret_name(secret[i], strlen(secret[i])));
	for (size_t i = 0; plain[i]; i++)
		assert_false(redact_secret_name(plain[i], strlen(plain[i])));
	/* Only the name counts, up to the length given. */
	assert_false(redact_secret_name("PATH=/token", 4));
}

static void
test_env_masked(void **state)
{
	static const char doc[] =
	    "{\"Id\":\"abc\",\"Name\":\"/x\",\"Config\":{\"Hostname\":\"h\","
	    "\"Env\":[\"PATH=/bin\",\"DB_PASSWORD=hunter2\",\"API_TOKEN=x\","
	    "\"EMPTY_SECRET=\",\"NOEQUALS_KEY\",\"Mixed_Key=a=b\"],"
	    "\"Labels\":{\"password\":\"label values stay\"}},"
	    "\"State\":{\"Pid\":9223372036854775807}}";
	char *cause = NULL, *out, *pretty;

	(void)state;
	out = redact_container_env(doc, strlen(doc), &cause);
	assert_null(cause);
	assert_non_null(out);
	assert_null(strstr(out, "hunter2"));
	assert_non_null(strstr(out, "\"PATH=/bin\""));
	assert_non_null(strstr(out, "\"DB_PASSWORD=***\""));
	assert_non_null(strstr(out, "\"API_TOKEN=***\""));
	assert_non_null(strstr(out, "\"EMPTY_SECRET=***\""));
	assert_non_null(strstr(out, "\"NOEQUALS_KEY\""));
	assert_non_null(strstr(out, "\"Mixed_Key=***\""));
	assert_non_null(strstr(out, "label values stay"));
	/* Keys keep their order; the result is a document again. */
	assert_true(strstr(out, "\"Id\"") < strstr(out, "\"Config\""));
	assert_true(strstr(out, "\"Hostname\"") < strstr(out, "\"Env\""));
	pretty = decode_pretty(out, strlen(out), &cause);
	assert_non_null(pretty);
	assert_non_null(strstr(pretty, "\"DB_PASSWORD=***\""));
	free(pretty);
	free(out);
}

static void
test_shapes(void **state)
{
	char *cause = NULL, *out;

	(void)state;
	/* No Config, or an Env that is not an array: unchanged. */
	out = redact_container_env("{\"Id\":\"a\"}", 10, &cause);
	assert_string_equal(out, "{\"Id\":\"a\"}");
	free(out);
	out = redact_container_env("{\"Config\":{\"Env\":null}}", 23, &cause);
	assert_string_equal(out, "{\"Config\":{\"Env\":null}}");
	free(out);
	/* Not JSON: a cause. */
	out = redact_container_env("{\"Id\":", 6, &cause);
	assert_null(out);
	assert_non_null(cause);
	assert_non_null(strstr(cause, "invalid JSON"));
	free(cause);
	cause = NULL;
	out = redact_container_env(NULL, 0, &cause);
	assert_null(out);
	free(cause);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_secret_names),
	    cmocka_unit_test(test_env_masked),
	    cmocka_unit_test(test_shapes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
