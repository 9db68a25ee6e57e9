/* Table widget: column layout, selection and scrolling, row drawing. */

#include "widgets/table.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include <curses.h>

#include "themes/theme.h"
#include "widgets/text.h"

static int table_min(const struct table_col *);
static void table_clear_line(WINDOW *, int, int, int, attr_t);

/* A column's least width: every shown column has at least one. */
static int
table_min(const struct table_col *c)
{
	return c->min_w > 0 ? c->min_w : 1;
}

void
table_layout(const struct table_col *cols, size_t ncols, int width, int *widths)
{
	size_t nvis = 0, nflex = 0;
	int need, spare;

	for (size_t i = 0; i < ncols; i++) {
		widths[i] =
		    width > 0 && !cols[i].hidden ? table_min(&cols[i]) : 0;
		nvis += widths[i] > 0;
	}
	if (width <= 0 || nvis == 0)
		return;
	/* Drop the least important columns until the rest fit. */
	for (;;) {
		size_t drop = ncols;

		need = (int)(nvis - 1) * TABLE_GAP;
		for (size_t i = 0; i < ncols; i++)
			need += widths[i];
		if (need <= width)
			break;
		if (nvis == 1) {
			/* One column wider than the screen gets the screen. */
			for (size_t i = 0; i < ncols; i++) {
				if (widths[i] > 0)
					widths[i] = width;
			}
			return;
		}
		for (size_t i = 0; i < ncols; i++) {
			if (widths[i] > 0 &&
			    (drop == ncols || cols[i].prio >= cols[drop].prio))
				drop = i;
		}
		widths[drop] = 0;
		nvis--;
	}
	spare = width - need;

	/* Bounded columns grow to their max_w, most important first. */
	while (spare > 0) {
		size_t best = ncols;
		int grow;

		for (size_t i = 0; i < ncols; i++) {
			if (widths[i] == 0 || cols[i].max_w <= 0 ||
			    widths[i] >= cols[i].max_w)
				continue;
			if (best == ncols || cols[i].prio < cols[best].prio)
				best = i;
		}
		if (best == ncols)
			break;
		grow = cols[best].max_w - widths[best];
		if (grow > spare)
			grow = spare;
		widths[best] += grow;
		spare -= grow;
	}
	/* The flexible columns share what is left, leftmost first. */
	for (size_t i = 0; i < ncols; i++) {
		if (widths[i] > 0 && cols[i].max_w <= 0)
			nflex++;
	}
	for (size_t i = 0; i < ncols && nflex > 0; i++) {
		int each = spare / (int)nflex, extra = spare % (int)nflex;

		if (widths[i] == 0 || cols[i].max_w > 0)
			continue;
		widths[i] += each + (extra > 0);
		spare -= each + (extra > 0);
		nflex--;
	}
}

void
table_init(struct table *t)
{
	memset(t, 0, sizeof *t);
	t->sort_col = -1;
}

void
table_set_rows(struct table *t, size_t n)
{
	t->nrows = n;
	if (n == 0) {
		t->sel = t->top = 0;
		return;
	}
	if (t->sel >= n)
		t->sel = n - 1;
	if (t->top > t->sel)
		t->top = t->sel;
}

void
table_move(struct table *t, long delta)
{
	if (t->nrows == 0)
		return;
	if (delta < 0 && (size_t) - (delta + 1) >= t->sel)
		t->sel = 0;
	else if (delta > 0 && (size_t)delta >= t->nrows - 1 - t->sel)
		t->sel = t->nrows - 1;
	else
		t->sel = (size_t)((long)t->sel + delta);
}

void
table_page(struct table *t, long pages, int view_h)
{
	long step;

	if (t->nrows == 0 || view_h <= 0)
		return;
	step = pages * view_h;
	table_move(t, step);
	/* The screen moves with the selection, as far as it can. */
	if (step < 0 && (size_t)-step > t->top)
		t->top = 0;
	else
		t->top = (size_t)((long)t->top + step);
	table_scroll_into_view(t, view_h);
}

void
table_home(struct table *t)
{
	t->sel = 0;
	t->top = 0;
}

void
table_end(struct table *t)
{
	t->sel = t->nrows > 0 ? t->nrows - 1 : 0;
}

void
table_scroll_into_view(struct table *t, int view_h)
{
	size_t h, max_top;

	if (view_h <= 0)
		return;
	h = (size_t)view_h;
	if (t->sel < t->top)
		t->top = t->sel;
	if (t->sel >= t->top + h)
		t->top = t->sel - h + 1;
	max_top = t->nrows > h ? t->nrows - h : 0;
	if (t->top > max_top)
		t->top = max_top;
}

long
table_row_at(const struct table *t, int y_in_view)
{
	size_t r;

	if (y_in_view < 0)
		return -1;
	r = t->top + (size_t)y_in_view;
	return r < t->nrows ? (long)r : -1;
}

/*
 * n blanks in attr from (y, x), in one call: the writer would emit them
 * one at a time, and a table is mostly blanks.
 */
static void
table_blanks(WINDOW *win, int y, int x, int n, attr_t attr)
{
	cchar_t sp;

	if (n <= 0)
		return;
	setcchar(&sp, L" ", attr & ~A_COLOR, (short)PAIR_NUMBER(attr), NULL);
	mvwhline_set(win, y, x, &sp, n);
}

static void
table_clear_line(WINDOW *win, int y, int x, int w, attr_t attr)
{
	table_blanks(win, y, x, w, attr);
}

void
table_draw(const struct table *t, WINDOW *win, int y, int x, int h, int w,
    const struct table_col *cols, size_t ncols, const struct table_source *src)
{
	int widths[TABLE_MAX_COLS];
	int gutter = src->marked != NULL ? TABLE_GUTTER : 0;
	int view_h = h - 1, cx;
	attr_t hattr = theme_attr(THEME_ROLE_HEADER);
	size_t top;
	bool uni = text_unicode();

	if (h <= 0 || w <= 0)
		return;
	if (ncols > TABLE_MAX_COLS)
		ncols = TABLE_MAX_COLS;
	table_layout(cols, ncols, w - gutter, widths);
	if (src->widths != NULL)
		memcpy(src->widths, widths, ncols * sizeof *widths);

	/* The header, with the sort arrow on the sort column. */
	table_clear_line(win, y, x, w, hattr);
	cx = x + gutter;
	for (size_t c = 0; c < ncols; c++) {
		int cw = widths[c];
		bool sorted = t->sort_col == (int)c;
		const char *arrow = !sorted ? ""
				    : t->sort_desc
					? (uni ? "\xe2\x96\xbc" : "v")
					: (uni ? "\xe2\x96\xb2" : "^");
		int tw;

		if (cw <= 0)
			continue;
		if (!sorted) {
			if (cols[c].right)
				text_put_right(
				    win, y, cx, cols[c].title, cw, hattr);
			else
				text_put(win, y, cx, cols[c].title, cw, hattr);
		} else if (cols[c].right) {
			text_put_right(
			    win, y, cx, cols[c].title, cw - 1, hattr);
			text_put(win, y, cx + cw - 1, arrow, 1, hattr);
		} else {
			tw = text_put(win, y, cx, cols[c].title, cw - 1, hattr);
			text_put(win, y, cx + tw, arrow, 1, hattr);
		}
		cx += cw + TABLE_GAP;
	}
	if (view_h <= 0)
		return;

	if (t->nrows == 0) {
		attr_t dim = theme_attr(THEME_ROLE_DIM);
		int ew;

		for (int i = 0; i < view_h; i++)
			table_clear_line(win, y + 1 + i, x, w,
			    theme_attr(THEME_ROLE_NORMAL));
		if (src->empty != NULL) {
			ew = text_width(src->empty);
			if (ew > w)
				ew = w;
			text_put(win, y + 1 + (view_h - 1) / 2,
			    x + (w - ew) / 2, src->empty, ew, dim);
		}
		return;
	}

	top = t->top < t->nrows ? t->top : t->nrows - 1;
	for (int i = 0; i < view_h; i++) {
		size_t r = top + (size_t)i;
		bool marked, sel;
		attr_t rattr;
		int ry = y + 1 + i;

		if (r >= t->nrows) {
			table_clear_line(
			    win, ry, x, w, theme_attr(THEME_ROLE_NORMAL));
			continue;
		}
		marked = src->marked != NULL && src->marked(src->arg, r);
		sel = r == t->sel;
		rattr = theme_attr(sel && marked ? THEME_ROLE_SELECTED_MARKED
				   : sel         ? THEME_ROLE_SELECTED
				   : marked      ? THEME_ROLE_MARKED
						 : THEME_ROLE_NORMAL);
		/* The whole line in the row's attribute, so it is one band. */
		table_clear_line(win, ry, x, w, rattr);
		if (marked && gutter > 0)
			text_put(
			    win, ry, x, uni ? "\xe2\x97\x8f" : "*", 1, rattr);
		cx = x + gutter;
		for (size_t c = 0; c < ncols; c++) {
			int cw = widths[c];
			attr_t cattr = 0;
			const char *s;

			if (cw <= 0)
				continue;
			s = src->cell(src->arg, r, c, &cattr);
			if (sel || marked || cattr == 0)
				cattr = rattr;
			if (cols[c].right)
				text_put_right(win, ry, cx, s, cw, cattr);
			else {
				int tw = text_put(win, ry, cx, s, cw, cattr);

				/* The padding, as text_put_padded() would. */
				table_blanks(win, ry, cx + tw, cw - tw, cattr);
			}
			cx += cw + TABLE_GAP;
		}
	}
}
