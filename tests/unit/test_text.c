/* Unit tests for the sanitizing text writer: widths, escapes, truncation. */

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

#include "themes/theme.h"
#include "tests/support/screen.h"
#include "widgets/text.h"

static void
assert_sanitized(const char *in, const char *want)
{
	char *got = text_sanitize(in);

	assert_string_equal(got, want);
	free(got);
}

static void
assert_truncated(const char *in, int w, const char *want)
{
	char *got = text_truncate(in, w);

	assert_string_equal(got, want);
	assert_true(text_width(got) <= w);
	free(got);
}

static void
test_width_ascii(void **state)
{
	assert_int_equal(text_width(""), 0);
	assert_int_equal(text_width(NULL), 0);
	assert_int_equal(text_width("hello"), 5);
	/* A tab is one space. */
	assert_int_equal(text_width("a\tb"), 3);
	assert_int_equal(text_width_n("hello", 3), 3);
}

static void
test_width_wide_and_combining(void **state)
{
	/* CJK is two columns per character. */
	assert_int_equal(text_width("\xe6\xbc\xa2\xe5\xad\x97"), 4);
	/* e + COMBINING ACUTE ACCENT is one column. */
	assert_int_equal(text_width("e\xcc\x81"), 1);
	assert_int_equal(text_width("caf\xc3\xa9"), 4);
	/* GRINNING FACE, and with an emoji variation selector. */
	assert_int_equal(text_width("\xf0\x9f\x98\x80"), 2);
	assert_int_equal(text_width("\xf0\x9f\x98\x80\xef\xb8\x8f"), 2);
	/* Hangul and fullwidth Latin. */
	assert_int_equal(text_width("\xed\x95\x9c\xea\xb8\x80"), 4);
	assert_int_equal(text_width("\xef\xbc\xa1"), 2);
	/* A combining mark with nothing before it sits on a space. */
	assert_int_equal(text_width("\xcc\x81"), 1);
	/* Dozens of combining marks stay on one column. */
	assert_int_equal(text_width("a\xcc\x81\xcc\x82\xcc\x83\xcc\x84\xcc\x85"
				    "\xcc\x86\xcc\x87\xcc\x88\xcc\x89\xcc\x8a"),
	    1);
}

static void
test_escapes_terminal_sequences(void **state)
{
	/* Setting the window title. */
	assert_sanitized("\x1b]0;title\x07", "^[]0;title^G");
	/* Clearing the screen, moving the cursor. */
	assert_sanitized("\x1b[2J\x1b[H", "^[[2J^[[H");
	assert_int_equal(text_width("\x1b[2J"), 5);
	/* OSC 52 clipboard write. */
	assert_sanitized("\x1b]52;c;aGk=\x1b\\", "^[]52;c;aGk=^[\\");
	assert_sanitized("a\rb\nc\x7f", "a^Mb^Jc^?");
	assert_sanitized("tab\there", "tab here");
	/* C1 controls: CSI as one code point. */
	assert_sanitized("\xc2\x9b"
			 "2J",
	    "<9B>2J");
	assert_sanitized("\xc2\x85", "<85>");
	/* Bidirectional override. */
	assert_sanitized("a\xe2\x80\xae"
			 "b",
	    "a<U+202E>b");
	/* Line separator is not printable. */
	assert_sanitized("\xe2\x80\xa8", "<U+2028>");
}

static void
test_escapes_invalid_utf8(void **state)
{
	assert_sanitized("\xff", "\\xFF");
	assert_sanitized("a\xc3(b", "a\\xC3(b");
	/* Truncated sequence at the end. */
	assert_sanitized("ok\xe6\xbc", "ok\\xE6\\xBC");
	/* Overlong encoding of '/'. */
	assert_sanitized("\xc0\xaf", "\\xC0\\xAF");
	/* UTF-16 surrogate encoded in UTF-8. */
	assert_sanitized("\xed\xa0\x80", "\\xED\\xA0\\x80");
	assert_int_equal(text_width("\xff"), 4);
	/* Valid text passes unchanged. */
	assert_sanitized(
	    "caf\xc3\xa9 \xe6\xbc\xa2", "caf\xc3\xa9 \xe6\xbc\xa2");
}

static void
test_truncate(void **state)
{
	assert_truncated("hello", 5, "hello");
	assert_truncated("hello world", 5, "hell\xe2\x80\xa6");
	assert_truncated("hello", 1, "\xe2\x80\xa6");
	assert_truncated("hello", 0, "");
	/* Wide characters: exactly fitting, and not splitting one. */
	assert_truncated(
	    "\xe6\xbc\xa2\xe5\xad\x97", 4, "\xe6\xbc\xa2\xe5\xad\x97");
	assert_truncated("\xe6\xbc\xa2\xe5\xad\x97\xe6\xbc\xa2", 5,
	    "\xe6\xbc\xa2\xe5\xad\x97\xe2\x80\xa6");
	assert_truncated("\xe6\xbc\xa2\xe5\xad\x97\xe6\xbc\xa2", 4,
	    "\xe6\xbc\xa2 \xe2\x80\xa6");
	/* Escapes count with their shown width. */
	assert_truncated("\x1b[2Jabc", 4, "^[[\xe2\x80\xa6");
	/* Combining marks stay with their letter. */
	assert_truncated("e\xcc\x81"
			 "abc",
	    2, "e\xcc\x81\xe2\x80\xa6");
}

static void
test_fit(void **state)
{
	int cols;

	assert_int_equal(text_fit("hello", TEXT_NUL, 3, &cols), 3);
	assert_int_equal(cols, 3);
	/* Does not split a wide character... */
	assert_int_equal(text_fit("a\xe6\xbc\xa2", TEXT_NUL, 2, &cols), 1);
	assert_int_equal(cols, 1);
	/* ...but always makes progress. */
	assert_int_equal(text_fit("\xe6\xbc\xa2", TEXT_NUL, 1, &cols), 3);
	assert_int_equal(cols, 2);
	assert_int_equal(text_fit("", TEXT_NUL, 5, &cols), 0);
	assert_int_equal(cols, 0);
	/* The length bounds the text. */
	assert_int_equal(text_fit("abcdef", 2, 10, &cols), 2);
	/* Combining marks go with the character before them. */
	assert_int_equal(text_fit("e\xcc\x81x", TEXT_NUL, 1, &cols), 3);
}

static void
test_c_locale(void **state)
{
	char *old = strdup(setlocale(LC_ALL, NULL));
	char *s;

	assert_non_null(setlocale(LC_ALL, "C"));
	/* Without UTF-8 every high byte is shown as an escape. */
	assert_int_equal(text_width("caf\xc3\xa9"), 11);
	s = text_sanitize("caf\xc3\xa9\x1b");
	assert_string_equal(s, "caf\\xC3\\xA9^[");
	free(s);
	assert_false(text_unicode());
	s = text_truncate("hello world", 5);
	assert_string_equal(s, "hell~");
	free(s);
	setlocale(LC_ALL, old);
	free(old);
	assert_true(text_unicode());
}

static void
test_put_draws_escapes_in_role(void **state)
{
	WINDOW *w = ts_window(3, 20);
	attr_t esc = theme_attr(THEME_ROLE_ESCAPED);
	char *row;
	int n;

	n = text_put(w, 0, 0, "a\x1b[2Jb", 20, A_NORMAL);
	assert_int_equal(n, 7);
	row = ts_text(w, 0, 0, 7);
	assert_string_equal(row, "a^[[2Jb");
	free(row);
	assert_int_equal(ts_attr(w, 0, 0), A_NORMAL);
	assert_int_equal(ts_attr(w, 0, 1), esc);
	assert_int_equal(ts_attr(w, 0, 2), esc);
	/* What follows the ESC is plain text. */
	assert_int_equal(ts_attr(w, 0, 3), A_NORMAL);
	/* The screen never received an ESC byte. */
	row = ts_dump(w);
	assert_null(strchr(row, '\x1b'));
	free(row);
}

static void
test_put_truncates_and_pads(void **state)
{
	WINDOW *w = ts_window(4, 12);
	char *row;

	assert_int_equal(text_put(w, 0, 0, "hello world", 8, A_NORMAL), 8);
	row = ts_text(w, 0, 0, 8);
	assert_string_equal(row, "hello w\xe2\x80\xa6");
	free(row);
	/* A wide character that does not fit leaves a space. */
	assert_int_equal(
	    text_put(w, 1, 0, "ab\xe6\xbc\xa2\xe5\xad\x97", 5, A_NORMAL), 5);
	row = ts_text(w, 1, 0, 5);
	assert_string_equal(row, "ab\xe6\xbc\xa2\xe2\x80\xa6");
	free(row);
	assert_int_equal(
	    text_put(w, 1, 0, "ab\xe6\xbc\xa2\xe5\xad\x97", 4, A_NORMAL), 4);
	row = ts_text(w, 1, 0, 4);
	assert_string_equal(row, "ab \xe2\x80\xa6");
	free(row);
	/* Padded: the whole width in the attribute. */
	assert_int_equal(text_put_padded(w, 2, 0, "ab", 6, A_REVERSE), 6);
	assert_true(ts_attr(w, 2, 5) & A_REVERSE);
	assert_false(ts_attr(w, 2, 6) & A_REVERSE);
	/* Right-aligned. */
	assert_int_equal(text_put_right(w, 3, 0, "42", 6, A_NORMAL), 6);
	row = ts_text(w, 3, 0, 6);
	assert_string_equal(row, "    42");
	free(row);
	/* Never past the window's edge. */
	assert_int_equal(text_put(w, 0, 10, "abcdef", 20, A_NORMAL), 2);
}

static void
test_putn_skips_columns(void **state)
{
	WINDOW *w = ts_window(3, 20);
	char *row;

	/* Horizontal scroll through a wide character: its tail is a space. */
	assert_int_equal(text_putn(w, 0, 0,
			     "\xe6\xbc\xa2"
			     "abc",
			     TEXT_NUL, 1, 10, A_NORMAL, 0),
	    4);
	row = ts_text(w, 0, 0, 4);
	assert_string_equal(row, " abc");
	free(row);
	/* Through an escape: the rest of its text. */
	assert_int_equal(
	    text_putn(w, 1, 0, "\x1b[1m", TEXT_NUL, 1, 10, A_NORMAL, 0), 4);
	row = ts_text(w, 1, 0, 4);
	assert_string_equal(row, "[[1m");
	assert_int_equal(ts_attr(w, 1, 0), theme_attr(THEME_ROLE_ESCAPED));
	assert_int_equal(ts_attr(w, 1, 1), A_NORMAL);
	free(row);
	/* A length stops the text before its NUL. */
	assert_int_equal(
	    text_putn(w, 2, 0, "abcdef", 3, 0, 10, A_NORMAL, TEXT_ELLIPSIS), 3);
}

static void
test_put_long_line_is_bounded(void **state)
{
	WINDOW *w = ts_window(1, 40);
	size_t n = 4096;
	char *big = malloc(n);
	char *row;

	/*
	 * No NUL at the end: if the writer looked at more than it shows
	 * (say, to measure the whole line), AddressSanitizer stops the test.
	 */
	memset(big, 'x', n);
	big[100] = 'A';
	assert_int_equal(
	    text_putn(w, 0, 0, big, TEXT_NUL, 100, 20, A_NORMAL, TEXT_ELLIPSIS),
	    20);
	row = ts_text(w, 0, 0, 20);
	assert_string_equal(row, "Axxxxxxxxxxxxxxxxxx\xe2\x80\xa6");
	free(row);
	assert_int_equal(text_put(w, 0, 0, big, 40, A_NORMAL), 40);
	assert_int_equal(text_put_right(w, 0, 0, big, 30, A_NORMAL), 30);
	assert_int_equal(text_fit(big, TEXT_NUL, 50, NULL), 50);
	free(big);
}

static int
setup(void **state)
{
	ts_init(24, 80);
	return 0;
}

static int
teardown(void **state)
{
	ts_done();
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_width_ascii),
	    cmocka_unit_test(test_width_wide_and_combining),
	    cmocka_unit_test(test_escapes_terminal_sequences),
	    cmocka_unit_test(test_escapes_invalid_utf8),
	    cmocka_unit_test(test_truncate),
	    cmocka_unit_test(test_fit),
	    cmocka_unit_test(test_c_locale),
	    cmocka_unit_test(test_put_draws_escapes_in_role),
	    cmocka_unit_test(test_put_truncates_and_pads),
	    cmocka_unit_test(test_putn_skips_columns),
	    cmocka_unit_test(test_put_long_line_is_bounded),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
