/* Boxes for dialogs and forms: a frame with a title over a filled area. */
#ifndef WIDGETS_BOX_H
#define WIDGETS_BOX_H

#include <curses.h>

/*
 * Draws an h by w frame at (y, x) in border (Unicode lines, or +-| when
 * the locale has none) with the title (sanitized) in its top edge, and
 * fills the inside with spaces in fill.
 */
void box_draw(WINDOW *, int y, int x, int h, int w, attr_t border, attr_t fill,
    const char *title, attr_t title_attr);

#endif
