/* Unit tests for the one-line editor: editing keys, history, completion. */

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <curses.h>

#include "api/xalloc.h"
#include "widgets/key.h"
#include "widgets/prompt.h"

static void
type(struct prompt *p, const char *s)
{
	for (; *s != '\0'; s++)
		assert_int_equal(
		    prompt_key(p, (unsigned char)*s), PROMPT_EDITING);
}

static void
test_editing(void **state)
{
	struct prompt p;

	prompt_init(&p);
	type(&p, "hello");
	assert_string_equal(prompt_text(&p), "hello");
	prompt_key(&p, WKEY(KEY_LEFT));
	prompt_key(&p, WKEY(KEY_LEFT));
	type(&p, "X");
	assert_string_equal(prompt_text(&p), "helXlo");
	assert_int_equal(p.cur, 4);
	prompt_key(&p, WKEY_CTRL('a'));
	type(&p, "A");
	prompt_key(&p, WKEY(KEY_HOME));
	prompt_key(&p, WKEY(KEY_DC));
	assert_string_equal(prompt_text(&p), "helXlo");
	prompt_key(&p, WKEY_CTRL('e'));
	prompt_key(&p, WKEY(KEY_BACKSPACE));
	prompt_key(&p, 0x7f);
	assert_string_equal(prompt_text(&p), "helX");
	/* Left at the start and Right at the end stay put. */
	prompt_key(&p, WKEY(KEY_RIGHT));
	assert_int_equal(p.cur, 4);
	prompt_key(&p, WKEY(KEY_END));
	prompt_key(&p, WKEY(KEY_LEFT));
	prompt_key(&p, WKEY_CTRL('k'));
	assert_string_equal(prompt_text(&p), "hel");
	prompt_key(&p, WKEY_CTRL('u'));
	assert_string_equal(prompt_text(&p), "");
	assert_int_equal(p.cur, 0);
	prompt_key(&p, WKEY(KEY_BACKSPACE));
	prompt_key(&p, WKEY(KEY_LEFT));
	assert_int_equal(p.cur, 0);
	prompt_done(&p);
}

static void
test_delete_word(void **state)
{
	struct prompt p;

	prompt_init(&p);
	prompt_set(&p, "foo bar  baz");
	prompt_key(&p, WKEY_CTRL('w'));
	assert_string_equal(prompt_text(&p), "foo bar  ");
	prompt_key(&p, WKEY_CTRL('w'));
	assert_string_equal(prompt_text(&p), "foo ");
	/* In the middle: only the word before the cursor. */
	prompt_set(&p, "one two three");
	for (int i = 0; i < 6; i++)
		prompt_key(&p, WKEY(KEY_LEFT));
	prompt_key(&p, WKEY_CTRL('w'));
	assert_string_equal(prompt_text(&p), "one  three");
	assert_int_equal(p.cur, 4);
	prompt_done(&p);
}

static void
test_results(void **state)
{
	struct prompt p;

	prompt_init(&p);
	assert_int_equal(prompt_key(&p, '\n'), PROMPT_DONE);
	assert_int_equal(prompt_key(&p, '\r'), PROMPT_DONE);
	assert_int_equal(prompt_key(&p, WKEY(KEY_ENTER)), PROMPT_DONE);
	assert_int_equal(prompt_key(&p, WKEY_ESC), PROMPT_CANCELLED);
	assert_int_equal(prompt_key(&p, WKEY_CTRL('c')), PROMPT_CANCELLED);
	assert_int_equal(prompt_key(&p, WKEY_CTRL('g')), PROMPT_CANCELLED);
	/* Function keys and controls are not text. */
	assert_int_equal(prompt_key(&p, WKEY(KEY_F(1))), PROMPT_EDITING);
	assert_int_equal(prompt_key(&p, WKEY_CTRL('x')), PROMPT_EDITING);
	assert_int_equal(prompt_key(&p, 0x9b), PROMPT_EDITING);
	assert_string_equal(prompt_text(&p), "");
	prompt_done(&p);
}

static void
test_wide_and_unsafe_text(void **state)
{
	struct prompt p;

	prompt_init(&p);
	prompt_key(&p, 0x6f22); /* a CJK character */
	prompt_key(&p, 0xe9); /* e acute */
	assert_string_equal(prompt_text(&p), "\xe6\xbc\xa2\xc3\xa9");
	assert_int_equal(p.len, 2);
	/* Text set from outside cannot carry terminal sequences. */
	prompt_set(&p, "a\x1b[2J\xff");
	assert_string_equal(prompt_text(&p), "a?[2J?");
	prompt_done(&p);
}

static void
test_history(void **state)
{
	struct prompt p;

	prompt_init(&p);
	prompt_history_add(&p, "one");
	prompt_history_add(&p, "two");
	prompt_history_add(&p, "two"); /* repeated: once */
	prompt_history_add(&p, ""); /* empty: never */
	assert_int_equal(p.nhist, 2);
	type(&p, "draft");
	prompt_key(&p, WKEY(KEY_UP));
	assert_string_equal(prompt_text(&p), "two");
	prompt_key(&p, WKEY(KEY_UP));
	assert_string_equal(prompt_text(&p), "one");
	prompt_key(&p, WKEY(KEY_UP));
	assert_string_equal(prompt_text(&p), "one");
	prompt_key(&p, WKEY(KEY_DOWN));
	assert_string_equal(prompt_text(&p), "two");
	/* Down past the newest brings back what was being typed. */
	prompt_key(&p, WKEY(KEY_DOWN));
	assert_string_equal(prompt_text(&p), "draft");
	prompt_key(&p, WKEY(KEY_DOWN));
	assert_string_equal(prompt_text(&p), "draft");
	prompt_done(&p);
}

static char *
complete(void *arg, const char *text)
{
	int *calls = arg;

	(*calls)++;
	if (!strcmp(text, "co"))
		return xstrdup("containers");
	return NULL;
}

static void
test_completion(void **state)
{
	struct prompt p;
	int calls = 0;

	prompt_init(&p);
	/* Without a hook Tab does nothing. */
	prompt_key(&p, '\t');
	assert_string_equal(prompt_text(&p), "");
	prompt_set_complete(&p, complete, &calls);
	type(&p, "co");
	prompt_key(&p, '\t');
	assert_int_equal(calls, 1);
	assert_string_equal(prompt_text(&p), "containers");
	assert_int_equal(p.cur, 10);
	prompt_key(&p, '\t');
	assert_int_equal(calls, 2);
	assert_string_equal(prompt_text(&p), "containers");
	prompt_done(&p);
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
	    cmocka_unit_test(test_editing),
	    cmocka_unit_test(test_delete_word),
	    cmocka_unit_test(test_results),
	    cmocka_unit_test(test_wide_and_unsafe_text),
	    cmocka_unit_test(test_history),
	    cmocka_unit_test(test_completion),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
