/* Frames for dialogs and forms, drawn with the text writer. */

#include "widgets/box.h"

#include <stdbool.h>

#include <curses.h>

#include "widgets/text.h"

void
box_draw(WINDOW *win, int y, int x, int h, int w, attr_t border, attr_t fill,
    const char *title, attr_t title_attr)
{
	bool u = text_unicode();
	const char *hl = u ? "\xe2\x94\x80" : "-";
	const char *vl = u ? "\xe2\x94\x82" : "|";

	if (h < 2 || w < 2)
		return;
	text_put(win, y, x, u ? "\xe2\x94\x8c" : "+", 1, border);
	text_put(win, y, x + w - 1, u ? "\xe2\x94\x90" : "+", 1, border);
	text_put(win, y + h - 1, x, u ? "\xe2\x94\x94" : "+", 1, border);
	text_put(
	    win, y + h - 1, x + w - 1, u ? "\xe2\x94\x98" : "+", 1, border);
	for (int i = 1; i < w - 1; i++) {
		text_put(win, y, x + i, hl, 1, border);
		text_put(win, y + h - 1, x + i, hl, 1, border);
	}
	for (int j = 1; j < h - 1; j++) {
		text_put(win, y + j, x, vl, 1, border);
		text_putn(win, y + j, x + 1, "", 0, 0, w - 2, fill, TEXT_PAD);
		text_put(win, y + j, x + w - 1, vl, 1, border);
	}
	if (title != NULL && title[0] != '\0' && w > 6) {
		int n;

		text_put(win, y, x + 2, " ", 1, border);
		n = text_put(win, y, x + 3, title, w - 6, title_attr);
		text_put(win, y, x + 3 + n, " ", 1, border);
	}
}
