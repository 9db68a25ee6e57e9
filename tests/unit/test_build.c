/* The build's answer read line by line, and the form's NAME=value lists. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "api/build.h"
#include "api/xalloc.h"
#include "tui/actions/build.h"

static void
test_step_lines(void **state)
{
	int no, of;

	assert_true(build_step_of("Step 2/5 : COPY . /app", &no, &of));
	assert_int_equal(no, 2);
	assert_int_equal(of, 5);
	assert_true(build_step_of("Step 1/1 : FROM x", &no, &of));
	/* Not steps: other output, numbers out of order or too big. */
	assert_false(build_step_of(" ---> Running in 2ae6583a7364", &no, &of));
	assert_int_equal(no, 0);
	assert_false(build_step_of("Step 3/2 : X", &no, &of));
	assert_false(build_step_of("Step 0/2 : X", &no, &of));
	assert_false(build_step_of("Step -1/2 : X", &no, &of));
	assert_false(build_step_of("Step 99999999999/1 : X", &no, &of));
	assert_false(build_step_of("Step 1/2", &no, &of));
	assert_false(build_step_of("Step 1/ : X", &no, &of));
	assert_false(build_step_of("#5 [2/3] RUN x", &no, &of));
	assert_int_equal(of, 0);
}

static void
test_messages(void **state)
{
	char *cause = NULL;
	struct docker_build_msg *m;
	const char *err = "{\"errorDetail\":{\"code\":3,\"message\":\"The "
			  "command returned a non-zero code: 3\"},"
			  "\"error\":\"short\"}";
	const char *pull = "{\"status\":\"Pulling fs layer\",\"id\":\"a1\"}";

	const char *step = "{\"stream\":\"Step 1/2 : FROM a\\n\"}";

	m = decode_build_msg(step, strlen(step), &cause);
	assert_non_null(m);
	assert_string_equal(m->stream, "Step 1/2 : FROM a\n");
	assert_null(m->error);
	docker_build_msg_free(m);
	m = decode_build_msg(err, strlen(err), &cause);
	assert_non_null(m);
	assert_string_equal(
	    m->error, "The command returned a non-zero code: 3");
	docker_build_msg_free(m);
	/* An error with no words is still an error. */
	m = decode_build_msg(
	    "{\"error\":null}", strlen("{\"error\":null}"), &cause);
	assert_string_equal(m->error, "unknown error");
	docker_build_msg_free(m);
	m = decode_build_msg("{\"aux\":{\"ID\":\"sha256:ab\"}}",
	    strlen("{\"aux\":{\"ID\":\"sha256:ab\"}}"), &cause);
	assert_string_equal(m->aux_id, "sha256:ab");
	docker_build_msg_free(m);
	m = decode_build_msg(pull, strlen(pull), &cause);
	assert_string_equal(m->status, "Pulling fs layer");
	assert_string_equal(m->id, "a1");
	assert_null(m->stream);
	docker_build_msg_free(m);
	/* Wrong types are no values; not JSON is refused in words. */
	m = decode_build_msg("{\"stream\":5,\"aux\":[1]}",
	    strlen("{\"stream\":5,\"aux\":[1]}"), &cause);
	assert_null(m->stream);
	assert_null(m->aux_id);
	docker_build_msg_free(m);
	assert_null(decode_build_msg("not json", 8, &cause));
	assert_non_null(cause);
	free(cause);
}

static void
test_pairs(void **state)
{
	char **v = NULL, *cause = NULL;

	assert_true(
	    build_parse_pairs("A=1 'B=two words' C", false, &v, &cause));
	assert_int_equal(strv_len(v), 3);
	assert_string_equal(v[1], "B=two words");
	assert_string_equal(v[2], "C");
	strv_free(v);
	/* Labels need a value; a name is never empty. */
	assert_false(build_parse_pairs("a=1 b", true, &v, &cause));
	assert_non_null(strstr(cause, "\"b\" is not NAME=value"));
	free(cause);
	assert_false(build_parse_pairs("=x", false, &v, &cause));
	free(cause);
	assert_true(build_parse_pairs("", true, &v, &cause));
	assert_int_equal(strv_len(v), 0);
	strv_free(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_step_lines),
	    cmocka_unit_test(test_messages),
	    cmocka_unit_test(test_pairs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
