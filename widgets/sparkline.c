/* Sparkline: a ring of samples drawn as block characters. */

#include "widgets/sparkline.h"

#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "api/xalloc.h"
#include "themes/theme.h"
#include "widgets/text.h"

#define SPARKLINE_DEFAULT 120

void
sparkline_init(struct sparkline *s, size_t cap)
{
	memset(s, 0, sizeof *s);
	s->cap = cap > 0 ? cap : SPARKLINE_DEFAULT;
	s->v = xcalloc(s->cap, sizeof *s->v);
}

void
sparkline_done(struct sparkline *s)
{
	free(s->v);
	memset(s, 0, sizeof *s);
}

void
sparkline_push(struct sparkline *s, double v)
{
	if (!(v > 0))
		v = 0; /* negative and NaN */
	if (s->n < s->cap) {
		s->v[(s->head + s->n++) % s->cap] = v;
	} else {
		s->v[s->head] = v;
		s->head = (s->head + 1) % s->cap;
	}
}

void
sparkline_clear(struct sparkline *s)
{
	s->n = 0;
	s->head = 0;
}

size_t
sparkline_count(const struct sparkline *s)
{
	return s->n;
}

double
sparkline_get(const struct sparkline *s, size_t i)
{
	return i < s->n ? s->v[(s->head + i) % s->cap] : 0;
}

double
sparkline_max(const struct sparkline *s)
{
	double m = 0;

	for (size_t i = 0; i < s->n; i++) {
		if (sparkline_get(s, i) > m)
			m = sparkline_get(s, i);
	}
	return m;
}

int
sparkline_level(double v, double max)
{
	double l;

	if (!(max > 0) || !(v > 0))
		return 0;
	l = v / max * 7.0;
	if (l >= 7)
		return 7;
	return (int)(l + 0.5);
}

void
sparkline_draw(const struct sparkline *s, WINDOW *win, int y, int x, int w,
    double max, attr_t attr)
{
	/* ▁▂▃▄▅▆▇█, or ASCII that rises the same way. */
	static const char *const blocks[8] = {
	    "\xe2\x96\x81",
	    "\xe2\x96\x82",
	    "\xe2\x96\x83",
	    "\xe2\x96\x84",
	    "\xe2\x96\x85",
	    "\xe2\x96\x86",
	    "\xe2\x96\x87",
	    "\xe2\x96\x88",
	};
	static const char ascii[] = "_.-:=+*#";
	size_t shown, first;
	int pad;
	bool u = text_unicode();

	if (w <= 0)
		return;
	if (attr == 0)
		attr = theme_attr(THEME_ROLE_SPARK);
	if (!(max > 0))
		max = sparkline_max(s);
	shown = s->n < (size_t)w ? s->n : (size_t)w;
	first = s->n - shown;
	pad = w - (int)shown;
	text_putn(win, y, x, "", 0, 0, pad, attr, TEXT_PAD);
	for (size_t i = 0; i < shown; i++) {
		int l = sparkline_level(sparkline_get(s, first + i), max);
		char c[2] = {ascii[l], '\0'};

		text_put(win, y, x + pad + (int)i, u ? blocks[l] : c, 1, attr);
	}
}
