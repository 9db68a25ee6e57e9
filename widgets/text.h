/*
 * The sanitizing text writer: every string from outside (engine names,
 * labels, logs, errors) reaches the screen through it. Control characters
 * (C0, DEL, C1) are shown as ^X or <XX>, bytes that are not valid in the
 * locale's encoding as \xNN, characters the terminal cannot print as
 * <U+XXXX>, all in THEME_ROLE_ESCAPED; a tab becomes one space. Nothing in
 * the text can move the cursor or send a terminal sequence.
 *
 * Widths are display columns: wide (CJK, emoji) characters are 2, combining
 * characters 0 (at most a few are kept per base character). A wide
 * character is never split: when it does not fit, a space takes its place.
 */
#ifndef WIDGETS_TEXT_H
#define WIDGETS_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include <curses.h>

/* For the len arguments: the text ends at its NUL. */
#define TEXT_NUL ((size_t)-1)

/* Flags for text_putn(). */
#define TEXT_ELLIPSIS 0x01 /* end with "…" when the text is cut */
#define TEXT_PAD 0x02 /* fill the rest of maxw with spaces in attr */

/* Display columns of the sanitized form of s (NULL is ""). */
int text_width(const char *s);
/* The same for the first len bytes (or up to the NUL: TEXT_NUL). */
int text_width_n(const char *s, size_t len);

/*
 * Draws s at (y, x) in at most maxw columns, with "…" at the end when it
 * is wider. Returns the columns used. NULL draws nothing.
 */
int text_put(WINDOW *, int y, int x, const char *s, int maxw, attr_t attr);
/* Like text_put(), then pads with spaces in attr to exactly w columns. */
int text_put_padded(WINDOW *, int y, int x, const char *s, int w, attr_t attr);
/* Right-aligned in w columns (padded on the left); cut with "…". */
int text_put_right(WINDOW *, int y, int x, const char *s, int w, attr_t attr);

/*
 * The general form: draws the first len bytes of s (TEXT_NUL: up to the
 * NUL), skipping the first skip columns (horizontal scrolling; half of a
 * wide character cut by skip is shown as a space), in at most maxw
 * columns. Only the part that is drawn is looked at, so s may be megabytes
 * long. Returns the columns used (maxw with TEXT_PAD).
 */
int text_putn(WINDOW *, int y, int x, const char *s, size_t len, int skip,
    int maxw, attr_t attr, unsigned flags);

/*
 * How many bytes of s (len bytes or up to the NUL) fit in maxw columns
 * without splitting a character; *cols (may be NULL) gets their width.
 * Always takes at least one character when there is one, so wrapping
 * always progresses.
 */
size_t text_fit(const char *s, size_t len, int maxw, int *cols);

/* The sanitized text as a plain string (escapes written out). Owned. */
char *text_sanitize(const char *s);
/* Sanitized and cut to maxw columns with "…". Owned. */
char *text_truncate(const char *s, int maxw);

/*
 * True when the locale can show the box and block characters the widgets
 * use ("…", "▲", "█"); widgets fall back to ASCII otherwise.
 */
bool text_unicode(void);

#endif
