/* Unit tests for the sanitizing text writer: widths, escapes, truncation. */

#include <fcntl.h>
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

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

/* ---- the file writer: text_escape(), text_fwrite(), text_fprintf() ---- */

static void
assert_escaped(const char *in, size_t len, unsigned flags, const char *want)
{
	char *got = text_clean(in, len, flags);

	assert_string_equal(got, want);
	free(got);
}

/*
 * No byte that a terminal acts on: no C0 but the newline and tab that
 * TEXT_LINES keeps (and a CR before a newline), no DEL, no raw C1 byte and
 * no C1 code point, and valid UTF-8 throughout.
 */
static void
assert_terminal_safe(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < n; i++) {
		if (p[i] == '\n' || p[i] == '\t' ||
		    (p[i] == '\r' && i + 1 < n && p[i + 1] == '\n'))
			continue;
		assert_false(p[i] < 0x20 || p[i] == 0x7f);
		/* A C1 code point is C2 80..C2 9F in UTF-8. */
		if (p[i] == 0xc2 && i + 1 < n)
			assert_false(p[i + 1] >= 0x80 && p[i + 1] <= 0x9f);
		/* A byte 80..BF only continues a sequence. */
		if (p[i] >= 0x80 && p[i] <= 0xbf)
			assert_true(i > 0 && p[i - 1] >= 0x80);
		assert_false(p[i] == 0xc0 || p[i] == 0xc1 || p[i] >= 0xf5);
	}
}

/* Every class of control, on the page and in a file, in the same words. */
static void
test_escape_each_control_class(void **state)
{
	/* ESC and the sequences it starts: CSI, OSC 0, OSC 52, OSC 8. */
	assert_escaped("\x1b[2J\x1b[31mred", TEXT_NUL, 0, "^[[2J^[[31mred");
	assert_escaped(
	    "\x1b]0;PWNED\x07", TEXT_NUL, TEXT_LINES, "^[]0;PWNED^G");
	assert_escaped("\x1b]52;c;UFdORUQ=\x1b\\", TEXT_NUL, TEXT_LINES,
	    "^[]52;c;UFdORUQ=^[\\");
	assert_escaped("\x1b]8;;http://x/\x1b\\a\x1b]8;;\x1b\\", TEXT_NUL, 0,
	    "^[]8;;http://x/^[\\a^[]8;;^[\\");
	/* Other C0, NUL inside an explicit length, DEL. */
	assert_escaped("a\x00"
		       "b\x7f\x08",
	    4, 0, "a^@b^?");
	/* C1 as a code point (UTF-8) and as a raw 8-bit byte. */
	assert_escaped("\xc2\x9b"
		       "2J\xc2\x9d"
		       "0;t\xc2\x9c",
	    TEXT_NUL, 0, "<9B>2J<9D>0;t<9C>");
	assert_escaped("\x9b"
		       "2J\x9d",
	    TEXT_NUL, 0, "\\x9B2J\\x9D");
	/* Bidirectional controls. */
	assert_escaped("a\xe2\x80\xae"
		       "b\xe2\x81\xa6",
	    TEXT_NUL, 0, "a<U+202E>b<U+2066>");
	/* The screen writer shows them the same way. */
	assert_sanitized("\x1b]0;PWNED\x07\xc2\x9b", "^[]0;PWNED^G<9B>");
}

static void
test_escape_keeps_utf8(void **state)
{
	const char *text = "caf\xc3\xa9 \xe6\xbc\xa2\xe5\xad\x97 "
			   "\xf0\x9f\x98\x80 \xe2\x80\xa6";

	assert_escaped(text, TEXT_NUL, 0, text);
	assert_escaped(text, TEXT_NUL, TEXT_JSON, text);
	assert_escaped(text, TEXT_NUL, TEXT_BYTES, text);
	/* Whatever the locale: files are UTF-8. */
	char *old = strdup(setlocale(LC_ALL, NULL));

	assert_non_null(setlocale(LC_ALL, "C"));
	assert_escaped(text, TEXT_NUL, TEXT_LINES, text);
	setlocale(LC_ALL, old);
	free(old);
	/* Only when asked (a terminal not in UTF-8): bytes. */
	assert_escaped("caf\xc3\xa9", TEXT_NUL, TEXT_ASCII, "caf\\xC3\\xA9");
}

static void
test_escape_invalid_utf8(void **state)
{
	assert_escaped("\xff", TEXT_NUL, 0, "\\xFF");
	assert_escaped("a\xc3(b", TEXT_NUL, 0, "a\\xC3(b");
	/* Cut short at the end, and a lone continuation byte. */
	assert_escaped("ok\xe6\xbc", TEXT_NUL, 0, "ok\\xE6\\xBC");
	assert_escaped("\x80", TEXT_NUL, 0, "\\x80");
	/* Overlong forms, a surrogate, past U+10FFFF. */
	assert_escaped(
	    "\xc0\xaf\xe0\x80\xaf", TEXT_NUL, 0, "\\xC0\\xAF\\xE0\\x80\\xAF");
	assert_escaped("\xed\xa0\x80", TEXT_NUL, 0, "\\xED\\xA0\\x80");
	assert_escaped("\xf4\x90\x80\x80", TEXT_NUL, 0, "\\xF4\\x90\\x80\\x80");
	/* The highest code point and the last before the surrogates pass. */
	assert_escaped("\xf4\x8f\xbf\xbf\xed\x9f\xbf", TEXT_NUL, 0,
	    "\xf4\x8f\xbf\xbf\xed\x9f\xbf");
}

static void
test_escape_lines(void **state)
{
	assert_escaped("a\nb\tc", TEXT_NUL, 0, "a^Jb^Ic");
	assert_escaped("a\nb\tc", TEXT_NUL, TEXT_LINES, "a\nb\tc");
	/* CRLF ends a line; a lone CR could hide what is before it. */
	assert_escaped("a\r\nb\rc\r", TEXT_NUL, TEXT_LINES, "a\r\nb^Mc^M");
	assert_escaped(NULL, TEXT_NUL, 0, "");
}

static void
test_escape_json(void **state)
{
	/* Controls become JSON escapes: the document stays valid JSON. */
	assert_escaped("{\"a\":\"\x1b]0;t\x07\xc2\x9b\"}", TEXT_NUL, TEXT_JSON,
	    "{\"a\":\"\\u001b]0;t\\u0007\\u009b\"}");
	assert_escaped(
	    "\"\xff\xe2\x80\xae\"", TEXT_NUL, TEXT_JSON, "\"\\ufffd\\u202e\"");
	assert_escaped(
	    "[1,\n 2]\n", TEXT_NUL, TEXT_JSON | TEXT_LINES, "[1,\n 2]\n");
}

static void
test_escape_bytes(void **state)
{
	/* The audit log's form: every byte stopped, backslashes doubled. */
	assert_escaped("a\\b\tc\n\x1b[0m\xc2\x9b\xff\xe2\x80\xae", TEXT_NUL,
	    TEXT_BYTES,
	    "a\\\\b\\x09c\\x0a\\x1b[0m\\xc2\\x9b\\xff\\xe2\\x80\\xae");
}

/* What text_fwrite() wrote to a file. */
static char *
fwrite_read(const char *s, size_t len, unsigned flags, size_t *n)
{
	FILE *f = tmpfile();
	char *r;

	assert_non_null(f);
	assert_true(text_fwrite(f, s, len, flags));
	assert_true(text_fprintf(f, flags, "[%s]", "\x1b]52;c;eA==\x07"));
	*n = (size_t)ftell(f);
	rewind(f);
	r = calloc(1, *n + 1);
	assert_int_equal(fread(r, 1, *n, f), *n);
	fclose(f);
	return r;
}

static void
test_fwrite_files(void **state)
{
	static const char hostile[] =
	    "n\xc3\xa9\x1b]0;T\x07\x1b]52;c;eA==\x1b\\\x9b"
	    "1m\xc2\x9d"
	    "8;;x\xc2\x9c\xff\r\nnext\rline\n";
	size_t n;
	char *got;

	for (unsigned f = 0; f <= (TEXT_LINES | TEXT_JSON | TEXT_BYTES);
	     f += TEXT_LINES) {
		got = fwrite_read(hostile, sizeof hostile - 1, f, &n);
		assert_terminal_safe(got, n);
		/* UTF-8 kept in a file, whatever the locale. */
		assert_non_null(strstr(got, "n\xc3\xa9"));
		free(got);
	}
	got = fwrite_read(hostile, sizeof hostile - 1, TEXT_LINES, &n);
	assert_string_equal(got, "n\xc3\xa9^[]0;T^G^[]52;c;eA==^[\\\\x9B1m<9D>"
				 "8;;x<9C>\\xFF\r\nnext^Mline\n"
				 "[^[]52;c;eA==^G]");
	free(got);
}

/* On a terminal whose locale is not UTF-8, only ASCII goes out. */
static void
test_fwrite_terminal_locale(void **state)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY), sfd;
	char out[256], *old = strdup(setlocale(LC_ALL, NULL));
	ssize_t r;
	FILE *f;

	assert_true(m >= 0);
	assert_int_equal(grantpt(m), 0);
	assert_int_equal(unlockpt(m), 0);
	sfd = open(ptsname(m), O_RDWR | O_NOCTTY);
	assert_true(sfd >= 0);
	f = fdopen(sfd, "w");
	assert_non_null(f);

	assert_non_null(setlocale(LC_ALL, "C"));
	assert_true(text_fwrite(f, "caf\xc3\xa9\x1b", TEXT_NUL, 0));
	fflush(f);
	r = read(m, out, sizeof out - 1);
	assert_true(r > 0);
	out[r] = '\0';
	assert_string_equal(out, "caf\\xC3\\xA9^[");

	/* The tests run in a UTF-8 locale (tests/support/screen.c). */
	setlocale(LC_ALL, old);
	free(old);
	assert_true(text_fwrite(f, "caf\xc3\xa9\x1b", TEXT_NUL, 0));
	fflush(f);
	r = read(m, out, sizeof out - 1);
	assert_true(r > 0);
	out[r] = '\0';
	assert_string_equal(out, "caf\xc3\xa9^[");
	fclose(f);
	close(m);
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
	    cmocka_unit_test(test_escape_each_control_class),
	    cmocka_unit_test(test_escape_keeps_utf8),
	    cmocka_unit_test(test_escape_invalid_utf8),
	    cmocka_unit_test(test_escape_lines),
	    cmocka_unit_test(test_escape_json),
	    cmocka_unit_test(test_escape_bytes),
	    cmocka_unit_test(test_fwrite_files),
	    cmocka_unit_test(test_fwrite_terminal_locale),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
