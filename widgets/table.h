/*
 * Table widget: column layout for the terminal's width, selection and
 * scrolling as pure functions, and drawing rows the caller describes
 * through callbacks.
 */
#ifndef WIDGETS_TABLE_H
#define WIDGETS_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include <curses.h>

/* Columns are separated by this many spaces. */
#define TABLE_GAP 1
/* Columns lost to the mark gutter ("● ") when the source has marked(). */
#define TABLE_GUTTER 2
/* table_draw() shows at most this many columns. */
#define TABLE_MAX_COLS 64

struct table_col {
	const char *title;
	int min_w;
	int max_w; /* 0: flexible, shares the spare width */
	int prio; /* higher numbers are dropped first */
	bool right; /* right-aligned (numbers) */
	bool hidden; /* not shown now (width 0), whatever the room */
};

/*
 * Widths for width columns of screen: while the columns (min_w each, with
 * TABLE_GAP between) do not fit, the one with the highest prio is dropped
 * (the rightmost of equal prios) and gets width 0. Spare width then grows
 * the bounded columns up to max_w, lowest prio first, and whatever is left
 * is shared evenly by the flexible ones (the leftmost get the remainder).
 * Hidden columns get width 0 and take no room. widths has ncols entries.
 */
void table_layout(
    const struct table_col *, size_t ncols, int width, int *widths);

struct table {
	size_t nrows;
	size_t sel; /* selected row (0 when empty) */
	size_t top; /* first row on screen */
	int sort_col; /* column with the sort arrow, -1: none */
	bool sort_desc;
};

void table_init(struct table *);
/* Sets the row count, clamping sel and top. */
void table_set_rows(struct table *, size_t n);
/* Moves sel by delta rows, clamped to the rows. */
void table_move(struct table *, long delta);
/* Moves sel and top by pages screens of view_h rows (negative: up). */
void table_page(struct table *, long pages, int view_h);
void table_home(struct table *);
void table_end(struct table *);
/*
 * Adjusts top so that sel is on screen and no screen space is wasted below
 * the last row.
 */
void table_scroll_into_view(struct table *, int view_h);
/* The row drawn at line y of the rows (0: under the header), or -1. */
long table_row_at(const struct table *, int y_in_view);

/*
 * Cell text for (row, col). Borrowed: valid until the next call. It may set
 * *attr (0 on entry) to a theme_attr() for the cell, which is used unless
 * the row is selected or marked. NULL draws an empty cell.
 */
typedef const char *table_cell_fn(
    void *arg, size_t row, size_t col, attr_t *attr);
typedef bool table_marked_fn(void *arg, size_t row);

struct table_source {
	table_cell_fn *cell;
	table_marked_fn *marked; /* NULL: no marks and no gutter */
	void *arg;
	const char *empty; /* centred when there are no rows */
	int *widths; /* optional out: the layout, ncols */
};

/*
 * Draws the header at line y and the rows under it in the h by w area
 * (h - 1 rows). The header shows ▲/▼ on the sort column; the selected row
 * is drawn in THEME_ROLE_SELECTED across the whole width, marked rows in
 * THEME_ROLE_MARKED with a mark in the gutter. Uses t->top as given,
 * clamped: call table_scroll_into_view(t, h - 1) first.
 */
void table_draw(const struct table *, WINDOW *, int y, int x, int h, int w,
    const struct table_col *, size_t ncols, const struct table_source *);

#endif
