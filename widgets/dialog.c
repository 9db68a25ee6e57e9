/* Modal dialogs: confirm, alert and choice, with checkboxes, in a box. */

#include "widgets/dialog.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "api/xalloc.h"
#include "themes/theme.h"
#include "widgets/box.h"
#include "widgets/key.h"
#include "widgets/text.h"

/* The smallest inside width worth drawing. */
#define DIALOG_MIN_W 20

static struct dialog *dialog_new(enum dialog_kind, const char *, char *const *);
static size_t dialog_items(const struct dialog *);
static void dialog_scroll(struct dialog *, long);
static int dialog_buttons(const struct dialog *, WINDOW *, int, int, int);
static void dialog_wrap(struct dialog *, int);

static struct dialog *
dialog_new(enum dialog_kind kind, const char *title, char *const *lines)
{
	struct dialog *d = xcalloc(1, sizeof *d);

	d->kind = kind;
	d->title = xstrdup(title != NULL ? title : "");
	d->lines = strv_dup(lines != NULL ? lines : (char *const[]){NULL});
	d->nlines = strv_len(d->lines);
	d->options = strv_dup((char *const[]){NULL});
	return d;
}

struct dialog *
dialog_confirm_new(const char *title, char *const *lines)
{
	return dialog_new(DIALOG_CONFIRM, title, lines);
}

struct dialog *
dialog_alert_new(const char *title, char *const *lines)
{
	return dialog_new(DIALOG_ALERT, title, lines);
}

struct dialog *
dialog_choice_new(
    const char *title, char *const *lines, char *const *options, size_t sel)
{
	struct dialog *d = dialog_new(DIALOG_CHOICE, title, lines);

	strv_free(d->options);
	d->options =
	    strv_dup(options != NULL ? options : (char *const[]){NULL});
	d->nopts = strv_len(d->options);
	d->sel = sel < d->nopts ? sel : 0;
	d->cursor = d->sel;
	return d;
}

void
dialog_free(struct dialog *d)
{
	if (d == NULL)
		return;
	free(d->title);
	strv_free(d->lines);
	strv_free(d->options);
	for (size_t i = 0; i < d->nchecks; i++)
		free(d->checks[i].label);
	free(d->checks);
	free(d->rows);
	free(d);
}

size_t
dialog_add_check(struct dialog *d, const char *label, bool on)
{
	d->checks = xreallocarray(d->checks, d->nchecks + 1, sizeof *d->checks);
	d->checks[d->nchecks].label = xstrdup(label);
	d->checks[d->nchecks].on = on;
	return d->nchecks++;
}

bool
dialog_checked(const struct dialog *d, size_t i)
{
	return i < d->nchecks && d->checks[i].on;
}

size_t
dialog_choice(const struct dialog *d)
{
	return d->sel;
}

static size_t
dialog_items(const struct dialog *d)
{
	return d->nopts + d->nchecks;
}

/* Scrolls the message, as far as the last draw showed it needs to. */
static void
dialog_scroll(struct dialog *d, long delta)
{
	size_t total = d->rows != NULL ? d->nrows : d->nlines;
	size_t shown = d->msg_h > 0 ? (size_t)d->msg_h : total;
	size_t max = total > shown ? total - shown : 0;

	if (delta < 0)
		d->scroll =
		    (size_t)-delta > d->scroll ? 0 : d->scroll - (size_t)-delta;
	else
		d->scroll += (size_t)delta;
	if (d->scroll > max)
		d->scroll = max;
}

enum dialog_result
dialog_key(struct dialog *d, int key)
{
	size_t items = dialog_items(d);
	bool overflow = d->msg_h > 0 && (size_t)d->msg_h < d->nrows;
	long page = d->msg_h > 1 ? d->msg_h - 1 : 1;

	switch (key) {
	case WKEY(KEY_NPAGE):
		dialog_scroll(d, page);
		return DIALOG_OPEN;
	case WKEY(KEY_PPAGE):
		dialog_scroll(d, -page);
		return DIALOG_OPEN;
	case 'j':
	case 'k':
	case WKEY(KEY_DOWN):
	case WKEY(KEY_UP): {
		bool down = key == 'j' || key == WKEY(KEY_DOWN);

		if (items > 0) {
			if (down && d->cursor + 1 < items)
				d->cursor++;
			else if (!down && d->cursor > 0)
				d->cursor--;
			if (d->cursor < d->nopts)
				d->sel = d->cursor;
			return DIALOG_OPEN;
		}
		if (d->kind != DIALOG_ALERT || overflow) {
			dialog_scroll(d, down ? 1 : -1);
			return DIALOG_OPEN;
		}
		break;
	}
	case ' ':
		if (items > 0) {
			if (d->cursor < d->nopts)
				d->sel = d->cursor;
			else
				d->checks[d->cursor - d->nopts].on =
				    !d->checks[d->cursor - d->nopts].on;
			return DIALOG_OPEN;
		}
		break;
	default:
		break;
	}
	switch (d->kind) {
	case DIALOG_CONFIRM:
		if (key == 'y' || key == 'Y' || wkey_is_enter(key))
			return DIALOG_CONFIRMED;
		if (key == 'n' || key == 'N' || key == 'q' || key == WKEY_ESC)
			return DIALOG_CANCELLED;
		return DIALOG_OPEN;
	case DIALOG_CHOICE:
		if (wkey_is_enter(key))
			return d->nopts > 0 ? DIALOG_CONFIRMED
					    : DIALOG_CANCELLED;
		if (key == 'q' || key == WKEY_ESC)
			return DIALOG_CANCELLED;
		return DIALOG_OPEN;
	case DIALOG_ALERT:
	default:
		return DIALOG_CONFIRMED;
	}
}

/* Draws the buttons centred on row y; returns their width. */
static int
dialog_buttons(const struct dialog *d, WINDOW *win, int y, int x, int w)
{
	attr_t button = theme_attr(THEME_ROLE_DIALOG_BUTTON);
	attr_t plain = theme_attr(THEME_ROLE_DIALOG);
	const char *a, *b;
	int wa, wb, total, bx;

	switch (d->kind) {
	case DIALOG_CONFIRM:
		a = "[ y: Yes ]";
		b = "[ n: No ]";
		break;
	case DIALOG_CHOICE:
		a = "[ Enter: OK ]";
		b = "[ Esc: Cancel ]";
		break;
	case DIALOG_ALERT:
	default:
		a = "[ OK ]";
		b = NULL;
		break;
	}
	wa = text_width(a);
	wb = b != NULL ? text_width(b) : 0;
	total = wa + (b != NULL ? 2 + wb : 0);
	if (win == NULL)
		return total;
	bx = x + (w > total ? (w - total) / 2 : 0);
	bx += text_put(win, y, bx, a, x + w - bx, button);
	if (b != NULL && bx + 2 < x + w)
		text_put(win, y, bx + 2, b, x + w - bx - 2, plain);
	return total;
}

/* Splits the message into rows of at most w columns, at spaces if any. */
static void
dialog_wrap(struct dialog *d, int w)
{
	size_t cap = 0;

	d->nrows = 0;
	for (size_t i = 0; i < d->nlines; i++) {
		const char *s = d->lines[i];
		size_t len = strlen(s), off = 0;

		do {
			size_t n = text_fit(s + off, len - off, w, NULL);

			if (off + n < len) {
				/* Break after the last space that fits. */
				size_t k = n;

				while (k > 0 && s[off + k - 1] != ' ')
					k--;
				if (k > 0)
					n = k;
			}
			if (d->nrows == cap) {
				cap = cap == 0 ? 16 : cap * 2;
				d->rows = xreallocarray(
				    d->rows, cap, sizeof *d->rows);
			}
			d->rows[d->nrows].line = i;
			d->rows[d->nrows].off = off;
			d->rows[d->nrows].len = n;
			d->nrows++;
			off += n;
		} while (off < len);
	}
}

void
dialog_draw(struct dialog *d, WINDOW *win)
{
	int W = getmaxx(win), H = getmaxy(win);
	int iw = DIALOG_MIN_W, bw, bh, by, bx, row, msg_h, items, gap;
	attr_t fill = theme_attr(THEME_ROLE_DIALOG);
	attr_t border = theme_attr(THEME_ROLE_DIALOG_BORDER);
	attr_t button = theme_attr(THEME_ROLE_DIALOG_BUTTON);
	bool u = text_unicode();
	size_t i;

	/* As wide as the content wants, as the screen allows. */
	if (text_width(d->title) + 6 > iw)
		iw = text_width(d->title) + 6;
	for (i = 0; i < d->nlines; i++) {
		if (text_width(d->lines[i]) > iw)
			iw = text_width(d->lines[i]);
	}
	for (i = 0; i < d->nopts; i++) {
		if (text_width(d->options[i]) + 4 > iw)
			iw = text_width(d->options[i]) + 4;
	}
	for (i = 0; i < d->nchecks; i++) {
		if (text_width(d->checks[i].label) + 4 > iw)
			iw = text_width(d->checks[i].label) + 4;
	}
	if (dialog_buttons(d, NULL, 0, 0, 0) > iw)
		iw = dialog_buttons(d, NULL, 0, 0, 0);
	if (iw > DIALOG_MAX_W)
		iw = DIALOG_MAX_W;
	if (iw > W - 4)
		iw = W - 4;
	if (iw < 1)
		return;
	bw = iw + 4;
	dialog_wrap(d, iw);

	/* As tall as the content, or the message scrolls. */
	items = (int)dialog_items(d);
	gap = d->nrows > 0 && items > 0;
	msg_h = (int)d->nrows;
	bh = 2 + msg_h + gap + items + 2;
	if (bh > H) {
		msg_h -= bh - H;
		if (msg_h < (d->nrows > 0 ? 1 : 0))
			msg_h = d->nrows > 0 ? 1 : 0;
		bh = 2 + msg_h + gap + items + 2;
		if (bh > H)
			bh = H;
	}
	if (bh < 3)
		return;
	d->msg_h = msg_h;
	if (d->scroll + (size_t)msg_h > d->nrows)
		d->scroll =
		    d->nrows > (size_t)msg_h ? d->nrows - (size_t)msg_h : 0;
	by = (H - bh) / 2;
	bx = (W - bw) / 2;
	box_draw(win, by, bx, bh, bw, border, fill, d->title, border);

	row = by + 1;
	for (int k = 0; k < msg_h; k++, row++) {
		size_t ri = d->scroll + (size_t)k;
		const struct dialog_row *r = &d->rows[ri];
		char more[64];

		/*
		 * Say what is hidden above and below a scrolled message
		 * (the row the note takes is hidden too).
		 */
		if (msg_h >= 3 && k == 0 && d->scroll > 0) {
			snprintf(more, sizeof more, "%s %zu more (PgUp)",
			    u ? "\xe2\x86\x91" : "^", d->scroll + 1);
			text_put(win, row, bx + 2, more, iw, fill | A_DIM);
			continue;
		}
		if (msg_h >= 3 && k == msg_h - 1 && ri + 1 < d->nrows) {
			snprintf(more, sizeof more, "%s %zu more (PgDn)",
			    u ? "\xe2\x86\x93" : "v", d->nrows - ri);
			text_put(win, row, bx + 2, more, iw, fill | A_DIM);
			continue;
		}
		text_putn(win, row, bx + 2, d->lines[r->line] + r->off, r->len,
		    0, iw, fill, TEXT_ELLIPSIS);
	}
	row += gap;
	for (int k = 0; k < items && row < by + bh - 3; k++, row++) {
		bool focus = (size_t)k == d->cursor;
		attr_t a = focus ? button : fill;
		char mark[8];
		const char *label;

		if ((size_t)k < d->nopts) {
			snprintf(mark, sizeof mark, "(%s) ",
			    (size_t)k == d->sel ? (u ? "\xe2\x80\xa2" : "*")
						: " ");
			label = d->options[k];
		} else {
			const struct dialog_check *c =
			    &d->checks[(size_t)k - d->nopts];

			snprintf(mark, sizeof mark, "[%s] ", c->on ? "x" : " ");
			label = c->label;
		}
		text_putn(win, row, bx + 2, "", 0, 0, iw, a, TEXT_PAD);
		text_put(win, row, bx + 2, mark, iw, a);
		if (iw > 4)
			text_put(win, row, bx + 6, label, iw - 4, a);
	}
	if (bh >= 5)
		dialog_buttons(d, win, by + bh - 2, bx + 2, iw);
}
