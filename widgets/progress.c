/* Progress bar for pulls: label, bar with eighth-cell steps, percent. */

#include "widgets/progress.h"

#include <stdbool.h>
#include <stdio.h>

#include <curses.h>

#include "themes/theme.h"
#include "widgets/text.h"

/* Narrower than this, the bar is not worth drawing. */
#define PROGRESS_MIN_BAR 5

static int progress_clamp(int, int, int);

int
progress_eighths(double fraction, int w)
{
	if (w <= 0 || !(fraction > 0))
		return 0;
	if (fraction > 1)
		fraction = 1;
	return (int)(fraction * w * 8 + 0.5);
}

/* n clamped to [lo, hi]. */
static int
progress_clamp(int n, int lo, int hi)
{
	return n < lo ? lo : n > hi ? hi : n;
}

void
progress_draw(WINDOW *win, int y, int x, int w, const char *label,
    double fraction, const char *detail)
{
	/* The partial cells ▏▎▍▌▋▊▉, one eighth to seven. */
	static const char *const part[8] = {
	    "",
	    "\xe2\x96\x8f",
	    "\xe2\x96\x8e",
	    "\xe2\x96\x8d",
	    "\xe2\x96\x8c",
	    "\xe2\x96\x8b",
	    "\xe2\x96\x8a",
	    "\xe2\x96\x89",
	};
	attr_t normal = theme_attr(THEME_ROLE_NORMAL);
	attr_t bar = theme_attr(THEME_ROLE_PROGRESS);
	bool u = text_unicode();
	int lw, dw, bw, cx = x, e;
	char pct[8];

	if (w <= 0)
		return;
	text_putn(win, y, x, "", 0, 0, w, normal, TEXT_PAD);
	if (!(fraction >= 0)) {
		/* Unknown: just the words. */
		cx += text_put(win, y, cx, label, w, normal);
		if (detail != NULL && x + w - cx > 1)
			text_put(
			    win, y, cx + 1, detail, x + w - cx - 1, normal);
		return;
	}
	if (fraction > 1)
		fraction = 1;
	/*
	 * Fixed columns, so that the bars of several lines (the layers of
	 * a pull) line up: label, bar, percent, detail.
	 */
	lw = progress_clamp(w / 4, 8, 24);
	dw = progress_clamp(w / 4, 0, 18);
	bw = w - (lw + 1) - 2 - 5 - (dw + 1);
	if (bw < PROGRESS_MIN_BAR) {
		bw += dw + 1;
		dw = 0;
	}
	if (bw < PROGRESS_MIN_BAR) {
		lw = w - 2 - 5 - PROGRESS_MIN_BAR - 1;
		bw = PROGRESS_MIN_BAR;
	}
	if (lw > 0) {
		text_put(win, y, cx, label, lw, normal);
		cx += lw + 1;
	}
	if (cx + bw + 2 <= x + w) {
		e = progress_eighths(fraction, bw);
		text_put(win, y, cx++, "[", 1, normal);
		for (int i = 0; i < bw; i++) {
			int cell = e - i * 8;
			const char *g =
			    cell >= 8 ? (u ? "\xe2\x96\x88" : "#")
			    : cell > 0
				? (u ? part[cell] : (cell >= 4 ? "=" : "-"))
				: " ";

			text_put(win, y, cx + i, g, 1, bar);
		}
		cx += bw;
		text_put(win, y, cx++, "]", 1, normal);
	}
	snprintf(pct, sizeof pct, "%4d%%", (int)(fraction * 100));
	if (x + w - cx > 0)
		cx += text_put(win, y, cx, pct, x + w - cx, normal);
	if (dw > 0 && detail != NULL && x + w - cx > 1)
		text_put(win, y, cx + 1, detail, x + w - cx - 1, normal);
}
