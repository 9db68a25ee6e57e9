/* The one-line question box: a frame, lines, a prompt and a hint. */

#include "widgets/inputbox.h"

#include <stddef.h>

#include <curses.h>

#include "themes/theme.h"
#include "widgets/box.h"
#include "widgets/text.h"

void
inputbox_draw(WINDOW *win, int h, int w, const char *title, char *const *lines,
    struct prompt *p, const char *label, const char *hint)
{
	attr_t fill = theme_attr(THEME_ROLE_DIALOG);
	size_t nl = 0;
	int bw = w - 4 > 76 ? 76 : w - 4, bh, bx, by, y, cx;

	while (lines && lines[nl])
		nl++;
	bh = (int)nl + 5;
	if (bw < 20 || h < bh)
		return;
	bx = (w - bw) / 2;
	by = (h - bh) / 2;
	box_draw(win, by, bx, bh, bw, theme_attr(THEME_ROLE_DIALOG_BORDER),
	    fill, title, theme_attr(THEME_ROLE_DIALOG_BORDER));
	y = by + 1;
	for (size_t i = 0; i < nl; i++)
		text_put(win, y++, bx + 2, lines[i], bw - 4, fill);
	y++;
	cx = prompt_draw(
	    p, win, y, bx + 2, bw - 4, label, theme_attr(THEME_ROLE_FILTER));
	if (cx >= bx + 2 && cx < bx + bw - 2)
		mvwchgat(win, y, cx, 1, A_REVERSE, 0, NULL);
	text_put(win, by + bh - 2, bx + 2, hint, bw - 4, fill);
}
