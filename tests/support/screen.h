/*
 * Headless screen for tests: curses on /dev/null, windows read back as
 * text and compared with golden files in tests/golden/.
 */
#ifndef TESTS_SUPPORT_SCREEN_H
#define TESTS_SUPPORT_SCREEN_H

#include <curses.h>

/*
 * Starts curses with TERM=xterm-256color in a UTF-8 locale, with TZ=UTC,
 * on a rows by cols screen that never reaches a terminal, with colors
 * started and the built-in default theme applied.
 */
void ts_init(int rows, int cols);
/* A blank window at (0, 0); the screen grows to fit. Freed by ts_done(). */
WINDOW *ts_window(int rows, int cols);
/* Ends curses and frees every window and the screen. */
void ts_done(void);

/*
 * The window's text: one line per row ending in '\n', trailing spaces
 * trimmed, wide characters once. Owned.
 */
char *ts_dump(WINDOW *);
/* The attributes (with the color pair) of the cell at (y, x). */
attr_t ts_attr(WINDOW *, int y, int x);
/* The text of row y from column x, n columns, trailing spaces kept. Owned. */
char *ts_text(WINDOW *, int y, int x, int n);

/*
 * Compares ts_dump() with tests/golden/NAME (".txt" added when missing) and
 * fails the test with a line-by-line diff. With GOLDEN_UPDATE=1 in the
 * environment it writes the file instead.
 */
void ts_assert_golden(WINDOW *, const char *name);

#endif
