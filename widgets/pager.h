/*
 * Pager widget: a capped scrollback of lines (logs, inspect output) with
 * follow mode, search, wrapping and horizontal scrolling. Navigation is
 * pure and drawing looks only at the visible lines, so lines may be long
 * and many.
 */
#ifndef WIDGETS_PAGER_H
#define WIDGETS_PAGER_H

#include <stdbool.h>
#include <stddef.h>

#include <curses.h>

struct pager_line {
	char *text; /* owned, NUL-terminated */
	size_t len;
	int role; /* enum theme_role, 0: normal */
	int wrap_w; /* the width wrap_rows is for, 0: unknown */
	int wrap_rows; /* screen rows with wrap */
};

struct pager {
	struct pager_line *ring; /* oldest at head */
	size_t allocated; /* entries of ring (grows to cap) */
	size_t cap; /* max lines; the oldest are dropped */
	size_t head;
	size_t n; /* lines held; line 0 is the oldest */
	size_t dropped; /* lines dropped so far */

	/* The view; set by pager_set_view() or the last pager_draw(). */
	int view_h;
	int view_w;
	size_t top; /* first line on screen */
	int top_sub; /* with wrap: first screen row of that line */
	int hscroll; /* without wrap: columns scrolled */
	bool follow; /* stays at the bottom as lines arrive */
	bool wrap;

	char *pattern; /* search pattern, owned; NULL: none */
	size_t pat_len;
	long match; /* line of the current match, -1: none */
};

/*
 * The lines a log's pager keeps (the logs view's scrollback): a setting
 * that fills one (set log-tail) is capped to it, so that what is fetched
 * is what is kept.
 */
#define PAGER_LOG_LINES 20000

/* max_lines 0 means a default (10000). Starts in follow mode, no wrap. */
void pager_init(struct pager *, size_t max_lines);
void pager_done(struct pager *);
/* Removes every line; keeps the pattern, wrap and follow settings. */
void pager_clear(struct pager *);

/* Appends one line (len bytes, TEXT_NUL-like (size_t)-1: to the NUL). */
void pager_append(struct pager *, const char *text, size_t len, int role);
/* Appends text split at '\n' (a trailing '\r' is dropped from each). */
void pager_append_lines(struct pager *, const char *text, size_t len, int role);
/* Replaces line i (0: the oldest held). */
void pager_replace(struct pager *, size_t i, const char *text, int role);
size_t pager_count(const struct pager *);
/* Line i; NULL when out of range. Borrowed until the next change. */
const struct pager_line *pager_line(const struct pager *, size_t i);

/* The view size for the navigation functions (pager_draw sets it too). */
void pager_set_view(struct pager *, int h, int w);
/* Scrolls by delta screen rows (negative: up; turns follow off). */
void pager_scroll(struct pager *, long delta);
void pager_page(struct pager *, long pages);
/* First line; turns follow off. */
void pager_home(struct pager *);
/* Last screen; turns follow on. */
void pager_end(struct pager *);
/* Horizontal scroll by delta columns (no effect with wrap). */
void pager_hscroll(struct pager *, int delta);
void pager_set_wrap(struct pager *, bool);
/* True when the last line is on screen. */
bool pager_at_end(const struct pager *);

/*
 * Sets the search pattern (a substring, case-insensitive for ASCII letters)
 * and goes to the first line with a match at or after the top of the
 * screen, wrapping around; turns follow off. Returns false when nothing
 * matches. NULL or "" clears the pattern (and returns true).
 */
bool pager_search(struct pager *, const char *pattern);
/*
 * Goes to the next (dir > 0) or previous (dir < 0) line with a match after
 * the current one, wrapping around; false when there is none. Turns
 * follow off.
 */
bool pager_search_next(struct pager *, int dir);

/*
 * Draws the visible lines in the h by w area; matches are shown in
 * THEME_ROLE_SEARCH_MATCH. Sets the view size like pager_set_view().
 */
void pager_draw(struct pager *, WINDOW *, int y, int x, int h, int w);

#endif
