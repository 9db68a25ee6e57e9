/*
 * The sanitizing text writer: every string from outside (engine names,
 * labels, logs, errors) reaches the screen through it. Control characters
 * (C0, DEL, C1) are shown as ^X or <XX>, bytes that are not valid in the
 * locale's encoding as \xNN, characters the terminal cannot print as
 * <U+XXXX>, all in THEME_ROLE_ESCAPED; a tab becomes one space. Nothing in
 * the text can move the cursor or send a terminal sequence.
 *
 * THE RULE: text from outside berth (an engine's answers and headers, a
 * container's output, ssh's words, a config file) reaches a terminal or a
 * text file only through this writer: the screen through text_put*(),
 * stdout, stderr and files through text_fwrite() / text_fprintf(), and
 * strings built for a file written in one go (the audit log) through
 * text_escape(). The same characters are stopped on every path: C0
 * controls, DEL, C1 controls (as code points and as raw bytes) and the
 * bidirectional controls; invalid UTF-8 never passes. The one exception is
 * a log the user saves as raw bytes on purpose.
 *
 * Widths are display columns: wide (CJK, emoji) characters are 2, combining
 * characters 0 (at most a few are kept per base character). A wide
 * character is never split: when it does not fit, a space takes its place.
 */
#ifndef WIDGETS_TEXT_H
#define WIDGETS_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <curses.h>

#include "api/buf.h"

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
 * Flags for text_escape(), text_fwrite() and text_fprintf(). Without a
 * form flag, controls are shown as on the screen (^[, <9B>, <U+202E>) and
 * invalid bytes as \xNN.
 */
#define TEXT_LINES 0x10 /* newlines, CRLF and tabs stay: multi-line text */
#define TEXT_JSON 0x20 /* JSON's form: \u001b, \ufffd for invalid bytes */
#define TEXT_BYTES 0x40 /* every byte stopped as \xnn, a backslash as \\ */
#define TEXT_ASCII 0x80 /* non-ASCII as \xNN too (a terminal not in UTF-8) */

/*
 * Appends the first len bytes of s (TEXT_NUL: up to the NUL) to out, made
 * safe for a terminal or a text file by THE RULE above. Valid UTF-8 is
 * kept whatever the locale (files are UTF-8). NULL appends nothing.
 */
void text_escape(struct buf *out, const char *s, size_t len, unsigned flags);
/* The same as an owned string. */
char *text_clean(const char *s, size_t len, unsigned flags);

/* TEXT_ASCII when fd is a terminal whose locale is not UTF-8, else 0. */
unsigned text_tty_flags(int fd);

/*
 * Writes the first len bytes of s to f through text_escape(). On a
 * terminal whose locale is not UTF-8, TEXT_ASCII is added. False when f
 * reports an error.
 */
bool text_fwrite(FILE *f, const char *s, size_t len, unsigned flags);
/* Formats, then writes the whole through text_fwrite(). */
bool text_fprintf(FILE *f, unsigned flags, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * True when the locale can show the box and block characters the widgets
 * use ("…", "▲", "█"); widgets fall back to ASCII otherwise.
 */
bool text_unicode(void);

#endif
