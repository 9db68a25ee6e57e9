/* Unit tests for the status bar's message lifetime. */

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "api/xalloc.h"
#include "widgets/statusbar.h"

static void
test_expiry(void **state)
{
	struct statusbar s;

	statusbar_init(&s);
	assert_true(statusbar_next_due(&s) == 0);
	statusbar_message(&s, STATUSBAR_OK, xstrdup("stopped web"), 100, 5);
	assert_true(statusbar_next_due(&s) == 105);
	assert_false(statusbar_expire(&s, 104.9));
	assert_string_equal(s.msg, "stopped web");
	assert_true(statusbar_expire(&s, 105));
	assert_null(s.msg);
	assert_true(statusbar_next_due(&s) == 0);
	assert_false(statusbar_expire(&s, 200));
	/* Without a ttl it stays until replaced. */
	statusbar_message(
	    &s, STATUSBAR_ERR, xstrdup("no such container"), 100, 0);
	assert_false(statusbar_expire(&s, 1e9));
	assert_true(statusbar_next_due(&s) == 0);
	/* A newer message replaces it, and its own ttl counts. */
	statusbar_message(
	    &s, STATUSBAR_INFO, xstrdup("line one\nline two"), 300, 2);
	assert_string_equal(s.msg, "line one line two");
	assert_int_equal(s.level, STATUSBAR_INFO);
	assert_true(statusbar_expire(&s, 302));
	statusbar_message(&s, STATUSBAR_INFO, xstrdup("x"), 0, 0);
	statusbar_clear(&s);
	assert_null(s.msg);
	statusbar_set_endpoint(&s, "unix:///var/run/docker.sock", "1.41");
	statusbar_set_endpoint(&s, "tcp://10.0.0.5:2376", NULL);
	assert_null(s.api_version);
	statusbar_set_hints(&s, "?:help q:quit");
	statusbar_done(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_expiry),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
