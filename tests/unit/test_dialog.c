/* Unit tests for dialog key handling: confirm, alert, choice, checkboxes. */

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <curses.h>

#include "widgets/dialog.h"
#include "widgets/key.h"

/* -Wwrite-strings makes literals const; the dialogs take strv arrays. */
static char web1[] = "web-1", web2[] = "web-2";
static char *const lines[] = {web1, web2, NULL};
static char no[] = "no", always[] = "always", on_failure[] = "on-failure";
static char a[] = "a", b[] = "b";

static void
test_confirm_keys(void **state)
{
	static const int yes[] = {'y', 'Y', '\n', '\r', WKEY(KEY_ENTER)};
	static const int nope[] = {'n', 'N', 'q', WKEY_ESC};
	static const int other[] = {'x', 'Z', WKEY(KEY_F(2)), '1'};
	struct dialog *d = dialog_confirm_new("Remove 2 containers?", lines);

	assert_int_equal(d->nlines, 2);
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
		assert_int_equal(dialog_key(d, yes[i]), DIALOG_CONFIRMED);
	for (size_t i = 0; i < sizeof nope / sizeof nope[0]; i++)
		assert_int_equal(dialog_key(d, nope[i]), DIALOG_CANCELLED);
	for (size_t i = 0; i < sizeof other / sizeof other[0]; i++)
		assert_int_equal(dialog_key(d, other[i]), DIALOG_OPEN);
	dialog_free(d);
	dialog_free(NULL);
}

static void
test_confirm_checks(void **state)
{
	struct dialog *d = dialog_confirm_new("Remove?", lines);

	assert_int_equal(dialog_add_check(d, "force", false), 0);
	assert_int_equal(dialog_add_check(d, "remove volumes", true), 1);
	assert_int_equal(dialog_key(d, ' '), DIALOG_OPEN);
	assert_true(dialog_checked(d, 0));
	assert_int_equal(dialog_key(d, 'j'), DIALOG_OPEN);
	assert_int_equal(dialog_key(d, ' '), DIALOG_OPEN);
	assert_false(dialog_checked(d, 1));
	/* The cursor stops at the last item. */
	assert_int_equal(dialog_key(d, WKEY(KEY_DOWN)), DIALOG_OPEN);
	assert_int_equal(d->cursor, 1);
	assert_int_equal(dialog_key(d, 'k'), DIALOG_OPEN);
	assert_int_equal(dialog_key(d, ' '), DIALOG_OPEN);
	assert_false(dialog_checked(d, 0));
	assert_false(dialog_checked(d, 7));
	assert_int_equal(dialog_key(d, 'y'), DIALOG_CONFIRMED);
	dialog_free(d);
}

static void
test_alert_any_key(void **state)
{
	struct dialog *d = dialog_alert_new("Error", lines);

	assert_int_equal(dialog_key(d, 'x'), DIALOG_CONFIRMED);
	assert_int_equal(dialog_key(d, WKEY_ESC), DIALOG_CONFIRMED);
	assert_int_equal(dialog_key(d, 'j'), DIALOG_CONFIRMED);
	assert_int_equal(dialog_key(d, ' '), DIALOG_CONFIRMED);
	dialog_free(d);
}

static void
test_choice(void **state)
{
	char *const opts[] = {no, always, on_failure, NULL};
	struct dialog *d = dialog_choice_new("Restart policy", NULL, opts, 1);

	assert_int_equal(d->nopts, 3);
	assert_int_equal(dialog_choice(d), 1);
	assert_int_equal(dialog_key(d, 'j'), DIALOG_OPEN);
	assert_int_equal(dialog_choice(d), 2);
	assert_int_equal(dialog_key(d, 'j'), DIALOG_OPEN);
	assert_int_equal(dialog_choice(d), 2);
	assert_int_equal(dialog_key(d, WKEY(KEY_UP)), DIALOG_OPEN);
	assert_int_equal(dialog_key(d, WKEY(KEY_UP)), DIALOG_OPEN);
	assert_int_equal(dialog_key(d, WKEY(KEY_UP)), DIALOG_OPEN);
	assert_int_equal(dialog_choice(d), 0);
	/* y is not an answer here. */
	assert_int_equal(dialog_key(d, 'y'), DIALOG_OPEN);
	assert_int_equal(dialog_key(d, 'j'), DIALOG_OPEN);
	assert_int_equal(dialog_key(d, '\n'), DIALOG_CONFIRMED);
	assert_int_equal(dialog_choice(d), 1);
	assert_int_equal(dialog_key(d, WKEY_ESC), DIALOG_CANCELLED);
	assert_int_equal(dialog_key(d, 'q'), DIALOG_CANCELLED);
	dialog_free(d);
}

static void
test_choice_with_checks(void **state)
{
	char *const opts[] = {a, b, NULL};
	struct dialog *d = dialog_choice_new("Pick", lines, opts, 5);

	/* An out-of-range start is the first option. */
	assert_int_equal(dialog_choice(d), 0);
	dialog_add_check(d, "force", false);
	dialog_key(d, 'j');
	dialog_key(d, 'j');
	/* On the checkbox the chosen option stays. */
	assert_int_equal(dialog_choice(d), 1);
	dialog_key(d, ' ');
	assert_true(dialog_checked(d, 0));
	assert_int_equal(dialog_key(d, '\n'), DIALOG_CONFIRMED);
	dialog_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_confirm_keys),
	    cmocka_unit_test(test_confirm_checks),
	    cmocka_unit_test(test_alert_any_key),
	    cmocka_unit_test(test_choice),
	    cmocka_unit_test(test_choice_with_checks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
