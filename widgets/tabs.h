/*
 * The pane strip: one tab per pane with its number (1-9), the active one
 * highlighted, scrolled to keep it visible when the line is too narrow.
 */
#ifndef WIDGETS_TABS_H
#define WIDGETS_TABS_H

#include <stdbool.h>
#include <stddef.h>

#include <curses.h>

struct tabs {
	char **names; /* owned */
	bool *hidden; /* not drawn now (a pane with nothing to show here) */
	size_t n;
	size_t active;
	/* Set by tabs_draw(): each tab's columns, -1 when not shown. */
	int *x0;
	int *x1; /* one past the last column */
};

void tabs_init(struct tabs *);
void tabs_done(struct tabs *);
/* Copies name; returns the tab's index. */
size_t tabs_add(struct tabs *, const char *name);
void tabs_set_active(struct tabs *, size_t i);
/* A hidden tab is not drawn (the active one always is). */
void tabs_set_hidden(struct tabs *, size_t i, bool hidden);

/* Draws " 1 containers  2 images ..." at (y, x) in w columns. */
void tabs_draw(struct tabs *, WINDOW *, int y, int x, int w);
/* The tab drawn at window column x by the last tabs_draw(), or -1. */
long tabs_hit(const struct tabs *, int x);

#endif
