/* Unit tests for form navigation, field editing and errors. */

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <curses.h>

#include "widgets/form.h"
#include "widgets/key.h"

static void
build(struct form *f)
{
	/* -Wwrite-strings makes literals const; forms take strv arrays. */
	static char no[] = "no", always[] = "always", fail[] = "on-failure";
	char *const policies[] = {no, always, fail, NULL};

	form_init(f, "Run image");
	assert_int_equal(form_add_text(f, "Name", "web"), 0);
	assert_int_equal(form_add_check(f, "Remove on exit", false), 1);
	assert_int_equal(form_add_choice(f, "Restart", policies, 0), 2);
	assert_int_equal(form_add_text(f, "Command", NULL), 3);
}

static void
test_navigation(void **state)
{
	struct form f;

	build(&f);
	assert_int_equal(f.focus, 0);
	assert_int_equal(form_key(&f, '\t'), FORM_EDITING);
	assert_int_equal(f.focus, 1);
	assert_int_equal(form_key(&f, WKEY(KEY_DOWN)), FORM_EDITING);
	assert_int_equal(f.focus, 2);
	assert_int_equal(form_key(&f, WKEY(KEY_BTAB)), FORM_EDITING);
	assert_int_equal(form_key(&f, WKEY(KEY_UP)), FORM_EDITING);
	assert_int_equal(f.focus, 0);
	/* Both ends wrap around. */
	assert_int_equal(form_key(&f, WKEY(KEY_UP)), FORM_EDITING);
	assert_int_equal(f.focus, 3);
	assert_int_equal(form_key(&f, '\t'), FORM_EDITING);
	assert_int_equal(f.focus, 0);
	/* Enter moves on, and submits on the last field. */
	assert_int_equal(form_key(&f, '\n'), FORM_EDITING);
	assert_int_equal(f.focus, 1);
	form_focus(&f, 3);
	assert_int_equal(form_key(&f, '\n'), FORM_SUBMIT);
	form_focus(&f, 0);
	assert_int_equal(form_key(&f, WKEY_CTRL('s')), FORM_SUBMIT);
	assert_int_equal(form_key(&f, WKEY_ESC), FORM_CANCELLED);
	assert_int_equal(form_key(&f, WKEY_CTRL('g')), FORM_CANCELLED);
	form_done(&f);
}

static void
test_fields(void **state)
{
	struct form f;

	build(&f);
	assert_string_equal(form_text(&f, 0), "web");
	form_key(&f, '-');
	form_key(&f, '1');
	form_key(&f, WKEY(KEY_LEFT));
	form_key(&f, WKEY(KEY_BACKSPACE));
	assert_string_equal(form_text(&f, 0), "web1");
	form_key(&f, '\t');
	form_key(&f, ' ');
	assert_true(form_checked(&f, 1));
	form_key(&f, 'x');
	assert_true(form_checked(&f, 1));
	form_key(&f, ' ');
	assert_false(form_checked(&f, 1));
	form_key(&f, '\t');
	form_key(&f, ' ');
	assert_int_equal(form_choice(&f, 2), 1);
	form_key(&f, WKEY(KEY_RIGHT));
	form_key(&f, WKEY(KEY_RIGHT));
	assert_int_equal(form_choice(&f, 2), 0);
	form_key(&f, WKEY(KEY_LEFT));
	assert_int_equal(form_choice(&f, 2), 2);
	assert_string_equal(form_text(&f, 3), "");
	/* Asking the wrong kind of field gives the empty value. */
	assert_string_equal(form_text(&f, 1), "");
	assert_false(form_checked(&f, 0));
	assert_int_equal(form_choice(&f, 99), 0);
	form_done(&f);
}

static void
test_errors(void **state)
{
	struct form f;

	build(&f);
	form_set_error(&f, 0, "name in use");
	form_set_error(&f, 3, "bad command");
	form_set_error(&f, 17, "ignored");
	assert_string_equal(f.fields[0].error, "name in use");
	form_set_error(&f, 0, NULL);
	assert_null(f.fields[0].error);
	form_clear_errors(&f);
	assert_null(f.fields[3].error);
	form_done(&f);
}

static int
setup(void **state)
{
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "C.utf8");
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_navigation),
	    cmocka_unit_test(test_fields),
	    cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
