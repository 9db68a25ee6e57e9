/* Progress bar: one line with a label, a bar and a text such as the bytes. */
#ifndef WIDGETS_PROGRESS_H
#define WIDGETS_PROGRESS_H

#include <curses.h>

/*
 * Draws "label [█████▌     ]  42% detail" at (y, x) in w columns. fraction
 * is 0..1 (clamped), or negative when unknown (no bar, no percent). label
 * and detail may be NULL; both go through the text writer. The label and
 * detail have fixed widths for w, so the bars of lines drawn one under the
 * other line up. The bar is in THEME_ROLE_PROGRESS.
 */
void progress_draw(WINDOW *, int y, int x, int w, const char *label,
    double fraction, const char *detail);

/* The number of eighths of a cell filled for fraction in w cells. */
int progress_eighths(double fraction, int w);

#endif
