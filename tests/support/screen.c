/* Headless curses for screen tests: draw, read back as text, compare. */

#include "tests/support/screen.h"

#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include <cmocka.h>
#include <curses.h>

#include "api/buf.h"
#include "api/xalloc.h"
#include "tests/support/fixture.h"
#include "themes/theme.h"

#define TS_GOLDEN_DIR "tests/golden/"
#define TS_MAX_WINDOWS 64

static SCREEN *ts_screen;
static FILE *ts_in;
static FILE *ts_out;
static WINDOW *ts_windows[TS_MAX_WINDOWS];
static size_t ts_nwindows;

static char *ts_golden_path(const char *);
static const char *ts_line(const char *, int, size_t *);

void
ts_init(int rows, int cols)
{
	static const char *const locales[] = {
	    "C.UTF-8",
	    "C.utf8",
	    "en_US.UTF-8",
	    NULL,
	};
	char n[16];
	struct theme t;

	assert_null(ts_screen);
	for (size_t i = 0; locales[i] != NULL; i++) {
		if (setlocale(LC_ALL, locales[i]) != NULL)
			break;
	}
	setenv("TERM", "xterm-256color", 1);
	/* Screens must not depend on the tester's environment, nor on
	 * the machine's time zone (the events pane shows local times). */
	unsetenv("NO_COLOR");
	setenv("TZ", "UTC0", 1);
	tzset();
	snprintf(n, sizeof n, "%d", rows);
	setenv("LINES", n, 1);
	snprintf(n, sizeof n, "%d", cols);
	setenv("COLUMNS", n, 1);
	ts_in = fopen("/dev/null", "r");
	ts_out = fopen("/dev/null", "w");
	assert_non_null(ts_in);
	assert_non_null(ts_out);
	ts_screen = newterm("xterm-256color", ts_out, ts_in);
	assert_non_null(ts_screen);
	set_term(ts_screen);
	start_color();
	theme_init(&t);
	theme_apply(&t, has_colors());
}

WINDOW *
ts_window(int rows, int cols)
{
	WINDOW *w;

	assert_non_null(ts_screen);
	assert_true(ts_nwindows < TS_MAX_WINDOWS);
	if (rows > LINES || cols > COLS)
		resize_term(
		    rows > LINES ? rows : LINES, cols > COLS ? cols : COLS);
	w = newwin(rows, cols, 0, 0);
	assert_non_null(w);
	ts_windows[ts_nwindows++] = w;
	return w;
}

void
ts_done(void)
{
	for (size_t i = ts_nwindows; i > 0; i--)
		delwin(ts_windows[i - 1]);
	ts_nwindows = 0;
	if (ts_screen != NULL) {
		endwin();
		delscreen(ts_screen);
		ts_screen = NULL;
	}
	if (ts_in != NULL)
		fclose(ts_in);
	if (ts_out != NULL)
		fclose(ts_out);
	ts_in = ts_out = NULL;
}

char *
ts_text(WINDOW *w, int y, int x, int n)
{
	struct buf b;
	int end = x + n;

	buf_init(&b);
	if (end > getmaxx(w))
		end = getmaxx(w);
	while (x < end) {
		cchar_t cc;
		wchar_t ws[CCHARW_MAX + 1];
		attr_t a;
		short pair;
		char mb[MB_LEN_MAX];
		mbstate_t st;
		int cw;

		memset(ws, 0, sizeof ws);
		if (mvwin_wch(w, y, x, &cc) == ERR ||
		    getcchar(&cc, ws, &a, &pair, NULL) == ERR)
			ws[0] = L'?';
		memset(&st, 0, sizeof st);
		for (size_t i = 0; ws[i] != L'\0'; i++) {
			size_t len = wcrtomb(mb, ws[i], &st);

			buf_append(&b, len == (size_t)-1 ? "?" : mb,
			    len == (size_t)-1 ? 1 : len);
		}
		if (ws[0] == L'\0')
			buf_putc(&b, ' ');
		/* A wide character fills the next cell too: read it once. */
		cw = wcwidth(ws[0]);
		x += cw > 1 ? cw : 1;
	}
	return b.len > 0 ? buf_steal(&b) : xstrdup("");
}

char *
ts_dump(WINDOW *w)
{
	struct buf b;

	buf_init(&b);
	for (int y = 0; y < getmaxy(w); y++) {
		char *line = ts_text(w, y, 0, getmaxx(w));
		size_t len = strlen(line);

		while (len > 0 && line[len - 1] == ' ')
			len--;
		buf_append(&b, line, len);
		buf_putc(&b, '\n');
		free(line);
	}
	return buf_steal(&b);
}

attr_t
ts_attr(WINDOW *w, int y, int x)
{
	cchar_t cc;
	wchar_t ws[CCHARW_MAX + 1];
	attr_t a = 0;
	short pair = 0;

	if (mvwin_wch(w, y, x, &cc) == ERR ||
	    getcchar(&cc, ws, &a, &pair, NULL) == ERR)
		return 0;
	return (a & ~A_COLOR) | (attr_t)COLOR_PAIR(pair);
}

static char *
ts_golden_path(const char *name)
{
	size_t len = strlen(name);

	if (len > 4 && !strcmp(name + len - 4, ".txt"))
		return xasprintf("%s%s", TS_GOLDEN_DIR, name);
	return xasprintf("%s%s.txt", TS_GOLDEN_DIR, name);
}

/* Line i (0-based) of text and its length, or NULL past the end. */
static const char *
ts_line(const char *text, int i, size_t *len)
{
	const char *p = text;

	for (; i > 0 && p != NULL; i--) {
		p = strchr(p, '\n');
		if (p != NULL)
			p++;
	}
	if (p == NULL || *p == '\0')
		return NULL;
	*len = strcspn(p, "\n");
	return p;
}

void
ts_assert_golden(WINDOW *w, const char *name)
{
	char *got = ts_dump(w), *path = ts_golden_path(name), *want = NULL;
	const char *upd = getenv("GOLDEN_UPDATE");
	bool ok = true;

	if (upd != NULL && !strcmp(upd, "1")) {
		FILE *f = fopen(path, "w");

		if (f == NULL || fputs(got, f) == EOF || fclose(f) != 0) {
			print_error(
			    "%s: cannot write: %s\n", path, strerror(errno));
			ok = false;
		} else {
			print_message("golden %s written\n", path);
		}
	} else if ((want = fixture_read_path(path, NULL)) == NULL) {
		print_error("%s: missing (run with GOLDEN_UPDATE=1 to create "
			    "it); the screen is:\n%s",
		    path, got);
		ok = false;
	} else if (strcmp(want, got) != 0) {
		struct buf d;

		buf_init(&d);
		for (int i = 0;; i++) {
			size_t wl = 0, gl = 0;
			const char *wp = ts_line(want, i, &wl);
			const char *gp = ts_line(got, i, &gl);

			if (wp == NULL && gp == NULL)
				break;
			if (wp != NULL && gp != NULL && wl == gl &&
			    !memcmp(wp, gp, wl))
				continue;
			buf_printf(&d,
			    "line %d:\n  want |%.*s|\n  got  |%.*s|\n", i + 1,
			    (int)wl, wp != NULL ? wp : "", (int)gl,
			    gp != NULL ? gp : "");
		}
		print_error("%s differs from the screen (GOLDEN_UPDATE=1 "
			    "rewrites it):\n%s",
		    path, buf_cstr(&d));
		buf_done(&d);
		ok = false;
	}
	free(want);
	free(got);
	free(path);
	if (!ok)
		fail();
}
