/* The pane strip: numbered tabs, the active one highlighted, scrolling. */

#include "widgets/tabs.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "api/xalloc.h"
#include "themes/theme.h"
#include "widgets/text.h"

static int tabs_label(const struct tabs *, size_t, char *, size_t);

void
tabs_init(struct tabs *t)
{
	memset(t, 0, sizeof *t);
}

void
tabs_done(struct tabs *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->names[i]);
	free(t->names);
	free(t->hidden);
	free(t->x0);
	free(t->x1);
	memset(t, 0, sizeof *t);
}

size_t
tabs_add(struct tabs *t, const char *name)
{
	t->names = xreallocarray(t->names, t->n + 1, sizeof *t->names);
	t->x0 = xreallocarray(t->x0, t->n + 1, sizeof *t->x0);
	t->x1 = xreallocarray(t->x1, t->n + 1, sizeof *t->x1);
	t->hidden = xreallocarray(t->hidden, t->n + 1, sizeof *t->hidden);
	t->hidden[t->n] = false;
	t->names[t->n] = xstrdup(name);
	t->x0[t->n] = t->x1[t->n] = -1;
	return t->n++;
}

void
tabs_set_active(struct tabs *t, size_t i)
{
	if (i < t->n)
		t->active = i;
}

void
tabs_set_hidden(struct tabs *t, size_t i, bool hidden)
{
	if (i < t->n)
		t->hidden[i] = hidden;
}

static bool
tabs_shown(const struct tabs *t, size_t i)
{
	return !t->hidden[i] || i == t->active;
}

/* " 1 containers " into buf; returns its width (0: a hidden tab). */
static int
tabs_label(const struct tabs *t, size_t i, char *buf, size_t len)
{
	if (!tabs_shown(t, i)) {
		buf[0] = '\0';
		return 0;
	}
	if (i < 9)
		snprintf(buf, len, " %zu %s ", i + 1, t->names[i]);
	else
		snprintf(buf, len, " %s ", t->names[i]);
	return text_width(buf);
}

void
tabs_draw(struct tabs *t, WINDOW *win, int y, int x, int w)
{
	attr_t plain = theme_attr(THEME_ROLE_TAB);
	attr_t active = theme_attr(THEME_ROLE_TAB_ACTIVE);
	char buf[256];
	size_t first = 0, last, i;
	int total = 0, room, cx;
	bool more_left, more_right;

	for (i = 0; i < t->n; i++)
		t->x0[i] = t->x1[i] = -1;
	if (w <= 0)
		return;
	text_putn(win, y, x, "", 0, 0, w, plain, TEXT_PAD);
	if (t->n == 0)
		return;
	for (i = 0; i < t->n; i++)
		total += tabs_label(t, i, buf, sizeof buf);
	last = t->n - 1;
	if (total > w) {
		/*
		 * Too narrow: show a run of tabs around the active one, with
		 * a marker on each side that hides some.
		 */
		int used;

		room = w - 2;
		first = last = t->active;
		used = tabs_label(t, t->active, buf, sizeof buf);
		for (;;) {
			bool grew = false;

			if (first > 0 &&
			    used + tabs_label(t, first - 1, buf, sizeof buf) <=
				room) {
				used += tabs_label(t, --first, buf, sizeof buf);
				grew = true;
			}
			if (last + 1 < t->n &&
			    used + tabs_label(t, last + 1, buf, sizeof buf) <=
				room) {
				used += tabs_label(t, ++last, buf, sizeof buf);
				grew = true;
			}
			if (!grew)
				break;
		}
	}
	more_left = more_right = false;
	for (i = 0; i < first; i++)
		more_left = more_left || tabs_shown(t, i);
	for (i = last + 1; i < t->n; i++)
		more_right = more_right || tabs_shown(t, i);
	cx = x;
	if (more_left || more_right) {
		text_put(win, y, x, more_left ? "<" : " ", 1, plain);
		cx++;
	}
	for (i = first; i <= last; i++) {
		int lw = tabs_label(t, i, buf, sizeof buf), n;

		if (lw == 0)
			continue;
		n = text_put(win, y, cx, buf, x + w - cx - (more_right ? 1 : 0),
		    i == t->active ? active : plain);

		t->x0[i] = cx;
		t->x1[i] = cx + n;
		cx += n;
		if (n < lw)
			break;
	}
	if (more_right)
		text_put(win, y, x + w - 1, ">", 1, plain);
}

long
tabs_hit(const struct tabs *t, int x)
{
	for (size_t i = 0; i < t->n; i++) {
		if (t->x0[i] >= 0 && x >= t->x0[i] && x < t->x1[i])
			return (long)i;
	}
	return -1;
}
