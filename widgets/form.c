/* Forms: text, checkbox and choice fields with errors, in a centred box. */

#include "widgets/form.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "api/xalloc.h"
#include "themes/theme.h"
#include "widgets/box.h"
#include "widgets/key.h"
#include "widgets/prompt.h"
#include "widgets/text.h"

#define FORM_MAX_W 72 /* inside width */
#define FORM_FIELD_MIN 24 /* columns for a field's value */
#define FORM_HINT "Tab: next  ^S: submit  Esc: cancel"

static struct form_field *form_add(struct form *, enum form_kind, const char *);
static int form_field_rows(const struct form_field *);
static void form_scroll(struct form *, int);

void
form_init(struct form *f, const char *title)
{
	memset(f, 0, sizeof *f);
	f->title = xstrdup(title != NULL ? title : "");
}

void
form_done(struct form *f)
{
	for (size_t i = 0; i < f->n; i++) {
		struct form_field *fl = &f->fields[i];

		free(fl->label);
		free(fl->error);
		if (fl->kind == FORM_TEXT)
			prompt_done(&fl->prompt);
		strv_free(fl->options);
	}
	free(f->fields);
	free(f->title);
	memset(f, 0, sizeof *f);
}

static struct form_field *
form_add(struct form *f, enum form_kind kind, const char *label)
{
	struct form_field *fl;

	f->fields = xreallocarray(f->fields, f->n + 1, sizeof *f->fields);
	fl = &f->fields[f->n++];
	memset(fl, 0, sizeof *fl);
	fl->kind = kind;
	fl->label = xstrdup(label != NULL ? label : "");
	return fl;
}

size_t
form_add_text(struct form *f, const char *label, const char *value)
{
	struct form_field *fl = form_add(f, FORM_TEXT, label);

	prompt_init(&fl->prompt);
	prompt_set(&fl->prompt, value != NULL ? value : "");
	return f->n - 1;
}

size_t
form_add_check(struct form *f, const char *label, bool on)
{
	form_add(f, FORM_CHECK, label)->on = on;
	return f->n - 1;
}

size_t
form_add_choice(
    struct form *f, const char *label, char *const *options, size_t sel)
{
	struct form_field *fl = form_add(f, FORM_CHOICE, label);

	fl->options =
	    strv_dup(options != NULL ? options : (char *const[]){NULL});
	fl->nopts = strv_len(fl->options);
	fl->sel = sel < fl->nopts ? sel : 0;
	return f->n - 1;
}

const char *
form_text(struct form *f, size_t i)
{
	if (i >= f->n || f->fields[i].kind != FORM_TEXT)
		return "";
	return prompt_text(&f->fields[i].prompt);
}

bool
form_checked(const struct form *f, size_t i)
{
	return i < f->n && f->fields[i].kind == FORM_CHECK && f->fields[i].on;
}

size_t
form_choice(const struct form *f, size_t i)
{
	return i < f->n && f->fields[i].kind == FORM_CHOICE ? f->fields[i].sel
							    : 0;
}

void
form_set_error(struct form *f, size_t i, const char *msg)
{
	if (i >= f->n)
		return;
	free(f->fields[i].error);
	f->fields[i].error = msg != NULL ? xstrdup(msg) : NULL;
}

void
form_clear_errors(struct form *f)
{
	for (size_t i = 0; i < f->n; i++)
		form_set_error(f, i, NULL);
}

void
form_focus(struct form *f, size_t i)
{
	if (i < f->n)
		f->focus = i;
}

enum form_result
form_key(struct form *f, int key)
{
	struct form_field *fl;

	if (key == WKEY_ESC)
		return FORM_CANCELLED;
	if (key == WKEY_CTRL('s'))
		return FORM_SUBMIT;
	if (f->n == 0)
		return wkey_is_enter(key) ? FORM_SUBMIT : FORM_EDITING;
	if (key == '\t' || key == WKEY(KEY_DOWN)) {
		f->focus = (f->focus + 1) % f->n;
		return FORM_EDITING;
	}
	if (key == WKEY(KEY_BTAB) || key == WKEY(KEY_UP)) {
		f->focus = (f->focus + f->n - 1) % f->n;
		return FORM_EDITING;
	}
	if (wkey_is_enter(key)) {
		if (f->focus + 1 == f->n)
			return FORM_SUBMIT;
		f->focus++;
		return FORM_EDITING;
	}
	fl = &f->fields[f->focus];
	switch (fl->kind) {
	case FORM_CHECK:
		if (key == ' ')
			fl->on = !fl->on;
		break;
	case FORM_CHOICE:
		if (fl->nopts == 0)
			break;
		if (key == ' ' || key == WKEY(KEY_RIGHT))
			fl->sel = (fl->sel + 1) % fl->nopts;
		else if (key == WKEY(KEY_LEFT))
			fl->sel = (fl->sel + fl->nopts - 1) % fl->nopts;
		break;
	case FORM_TEXT:
	default:
		if (prompt_key(&fl->prompt, key) == PROMPT_CANCELLED)
			return FORM_CANCELLED;
		break;
	}
	return FORM_EDITING;
}

static int
form_field_rows(const struct form_field *fl)
{
	return fl->error != NULL ? 2 : 1;
}

/* Moves top so that the focused field shows in rows screen rows. */
static void
form_scroll(struct form *f, int rows)
{
	int used;

	if (f->focus < f->top)
		f->top = f->focus;
	for (;;) {
		used = 0;
		for (size_t i = f->top; i <= f->focus && i < f->n; i++)
			used += form_field_rows(&f->fields[i]);
		if (used <= rows || f->top >= f->focus)
			break;
		f->top++;
	}
}

bool
form_draw(struct form *f, WINDOW *win)
{
	int W = getmaxx(win), H = getmaxy(win);
	int lw = 0, iw, fw, bw, bh, by, bx, rows = 0, vis, row;
	int cur_y = -1, cur_x = -1;
	attr_t fill = theme_attr(THEME_ROLE_DIALOG);
	attr_t border = theme_attr(THEME_ROLE_DIALOG_BORDER);
	attr_t focus = theme_attr(THEME_ROLE_DIALOG_BUTTON);
	attr_t input = theme_attr(THEME_ROLE_NORMAL);
	attr_t err = theme_attr(THEME_ROLE_STATUS_ERR);
	bool u = text_unicode();
	size_t i;

	for (i = 0; i < f->n; i++) {
		int w = text_width(f->fields[i].label);

		if (w > lw)
			lw = w;
		rows += form_field_rows(&f->fields[i]);
	}
	/* Room to type: as wide as FORM_MAX_W, or the screen. */
	iw = lw + 1 + FORM_FIELD_MIN;
	if (iw < FORM_MAX_W)
		iw = FORM_MAX_W;
	if (iw > W - 4)
		iw = W - 4;
	if (iw < 4)
		return false;
	if (lw > iw / 2)
		lw = iw / 2;
	fw = iw - lw - 1;
	bw = iw + 4;
	bh = 2 + rows + 2;
	if (bh > H)
		bh = H;
	vis = bh - 4;
	if (vis < 1)
		return false;
	form_scroll(f, vis);
	by = (H - bh) / 2;
	bx = (W - bw) / 2;
	box_draw(win, by, bx, bh, bw, border, fill, f->title, border);
	if (f->top > 0)
		text_put(
		    win, by, bx + bw - 3, u ? "\xe2\x96\xb2" : "^", 1, border);

	row = by + 1;
	for (i = f->top; i < f->n; i++) {
		struct form_field *fl = &f->fields[i];
		bool has = i == f->focus;
		int fx = bx + 2 + lw + 1;

		if (row + form_field_rows(fl) > by + 1 + vis) {
			text_put(win, by + bh - 1, bx + bw - 3,
			    u ? "\xe2\x96\xbc" : "v", 1, border);
			break;
		}
		text_put_padded(
		    win, row, bx + 2, fl->label, lw, has ? focus : fill);
		switch (fl->kind) {
		case FORM_TEXT: {
			int cx = prompt_draw(
			    &fl->prompt, win, row, fx, fw, NULL, input);

			if (has) {
				cur_y = row;
				cur_x = cx;
			}
			break;
		}
		case FORM_CHECK:
			text_put(win, row, fx, fl->on ? "[x]" : "[ ]", fw,
			    has ? focus : fill);
			break;
		case FORM_CHOICE: {
			const char *opt =
			    fl->nopts > 0 ? fl->options[fl->sel] : "";
			int n = text_put(
			    win, row, fx, "< ", fw, has ? focus : fill);

			n += text_put(win, row, fx + n, opt, fw - n - 2,
			    has ? focus : fill);
			text_put(
			    win, row, fx + n, " >", fw - n, has ? focus : fill);
			break;
		}
		default:
			break;
		}
		row++;
		if (fl->error != NULL) {
			text_put(win, row, fx, fl->error, fw, err);
			row++;
		}
	}
	text_put(win, by + bh - 2, bx + 2, FORM_HINT, iw, fill);
	if (cur_y >= 0) {
		wmove(win, cur_y, cur_x);
		return true;
	}
	return false;
}
