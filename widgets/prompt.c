/* One-line editor: editing keys, history, completion and drawing. */

#include "widgets/prompt.h"

#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include <curses.h>

#include "api/buf.h"
#include "api/xalloc.h"
#include "widgets/key.h"
#include "widgets/text.h"

#define PROMPT_MAX_HISTORY 100

static void prompt_reserve(struct prompt *, size_t);
static void prompt_set_wide(struct prompt *, const wchar_t *);
static void prompt_insert(struct prompt *, wchar_t);
static void prompt_delete(struct prompt *, size_t, size_t);
static void prompt_history_go(struct prompt *, int);
static int prompt_wcwidth(wchar_t);

void
prompt_init(struct prompt *p)
{
	memset(p, 0, sizeof *p);
	p->max_hist = PROMPT_MAX_HISTORY;
	prompt_reserve(p, 16);
	p->mb_stale = true;
}

void
prompt_done(struct prompt *p)
{
	free(p->buf);
	free(p->mb);
	free(p->saved);
	for (size_t i = 0; i < p->nhist; i++)
		free(p->history[i]);
	free(p->history);
	memset(p, 0, sizeof *p);
}

static void
prompt_reserve(struct prompt *p, size_t want)
{
	if (want + 1 <= p->cap)
		return;
	p->cap = p->cap == 0 ? 16 : p->cap;
	while (p->cap < want + 1)
		p->cap *= 2;
	p->buf = xreallocarray(p->buf, p->cap, sizeof *p->buf);
	p->buf[p->len] = L'\0';
}

/* A character's columns; what cannot be shown is drawn as '?'. */
static int
prompt_wcwidth(wchar_t wc)
{
	int w = wcwidth(wc);

	return w < 1 ? 1 : w;
}

static void
prompt_set_wide(struct prompt *p, const wchar_t *ws)
{
	size_t n = wcslen(ws);

	prompt_reserve(p, n);
	wmemcpy(p->buf, ws, n + 1);
	p->len = p->cur = n;
	p->scroll = 0;
	p->mb_stale = true;
}

void
prompt_set(struct prompt *p, const char *text)
{
	mbstate_t st;
	size_t len = text != NULL ? strlen(text) : 0, pos = 0;

	p->len = p->cur = 0;
	p->scroll = 0;
	memset(&st, 0, sizeof st);
	while (pos < len) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, text + pos, len - pos, &st);

		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			memset(&st, 0, sizeof st);
			wc = L'?';
			n = 1;
		}
		/* Only what can be shown safely goes into the line. */
		if (!iswprint((wint_t)wc) || wcwidth(wc) < 1)
			wc = L'?';
		prompt_reserve(p, p->len + 1);
		p->buf[p->len++] = wc;
		pos += n;
	}
	prompt_reserve(p, p->len);
	p->buf[p->len] = L'\0';
	p->cur = p->len;
	p->hist_pos = p->nhist;
	free(p->saved);
	p->saved = NULL;
	p->mb_stale = true;
}

const char *
prompt_text(struct prompt *p)
{
	struct buf b;

	if (!p->mb_stale && p->mb != NULL)
		return p->mb;
	buf_init(&b);
	for (size_t i = 0; i < p->len; i++) {
		char mb[MB_LEN_MAX];
		mbstate_t st;
		size_t n;

		memset(&st, 0, sizeof st);
		n = wcrtomb(mb, p->buf[i], &st);
		if (n == (size_t)-1)
			buf_putc(&b, '?');
		else
			buf_append(&b, mb, n);
	}
	free(p->mb);
	p->mb = buf_steal(&b);
	p->mb_stale = false;
	return p->mb;
}

void
prompt_set_complete(struct prompt *p, prompt_complete_fn *fn, void *arg)
{
	p->complete = fn;
	p->complete_arg = arg;
}

void
prompt_history_add(struct prompt *p, const char *line)
{
	if (line == NULL || line[0] == '\0')
		return;
	if (p->nhist > 0 && !strcmp(p->history[p->nhist - 1], line)) {
		p->hist_pos = p->nhist;
		return;
	}
	if (p->nhist == p->max_hist && p->nhist > 0) {
		free(p->history[0]);
		memmove(p->history, p->history + 1,
		    (p->nhist - 1) * sizeof *p->history);
		p->nhist--;
	}
	p->history =
	    xreallocarray(p->history, p->nhist + 1, sizeof *p->history);
	p->history[p->nhist++] = xstrdup(line);
	p->hist_pos = p->nhist;
	free(p->saved);
	p->saved = NULL;
}

static void
prompt_insert(struct prompt *p, wchar_t wc)
{
	prompt_reserve(p, p->len + 1);
	wmemmove(p->buf + p->cur + 1, p->buf + p->cur, p->len - p->cur + 1);
	p->buf[p->cur++] = wc;
	p->len++;
	p->mb_stale = true;
}

/* Deletes the characters [from, to). */
static void
prompt_delete(struct prompt *p, size_t from, size_t to)
{
	if (to > p->len)
		to = p->len;
	if (from >= to)
		return;
	wmemmove(p->buf + from, p->buf + to, p->len - to + 1);
	p->len -= to - from;
	if (p->cur > to)
		p->cur -= to - from;
	else if (p->cur > from)
		p->cur = from;
	p->mb_stale = true;
}

/* Up (dir < 0) or down the history; the edited line is kept aside. */
static void
prompt_history_go(struct prompt *p, int dir)
{
	size_t pos = p->hist_pos;
	wchar_t *saved;

	if (dir < 0 && pos == 0)
		return;
	if (dir > 0 && pos >= p->nhist)
		return;
	if (pos == p->nhist) {
		free(p->saved);
		p->saved = xreallocarray(NULL, p->len + 1, sizeof *p->saved);
		wmemcpy(p->saved, p->buf, p->len + 1);
	}
	pos = dir < 0 ? pos - 1 : pos + 1;
	saved = p->saved;
	p->saved = NULL;
	if (pos == p->nhist) {
		prompt_set_wide(p, saved != NULL ? saved : L"");
		free(saved);
	} else {
		prompt_set(p, p->history[pos]);
		p->saved = saved;
	}
	p->hist_pos = pos;
}

enum prompt_result
prompt_key(struct prompt *p, int key)
{
	if (wkey_is_enter(key))
		return PROMPT_DONE;
	if (wkey_is_backspace(key)) {
		if (p->cur > 0)
			prompt_delete(p, p->cur - 1, p->cur);
		return PROMPT_EDITING;
	}
	switch (key) {
	case WKEY_ESC:
	case WKEY_CTRL('c'):
	case WKEY_CTRL('g'):
		return PROMPT_CANCELLED;
	case WKEY(KEY_LEFT):
	case WKEY_CTRL('b'):
		if (p->cur > 0)
			p->cur--;
		return PROMPT_EDITING;
	case WKEY(KEY_RIGHT):
	case WKEY_CTRL('f'):
		if (p->cur < p->len)
			p->cur++;
		return PROMPT_EDITING;
	case WKEY(KEY_HOME):
	case WKEY_CTRL('a'):
		p->cur = 0;
		return PROMPT_EDITING;
	case WKEY(KEY_END):
	case WKEY_CTRL('e'):
		p->cur = p->len;
		return PROMPT_EDITING;
	case WKEY(KEY_DC):
	case WKEY_CTRL('d'):
		prompt_delete(p, p->cur, p->cur + 1);
		return PROMPT_EDITING;
	case WKEY_CTRL('u'):
		prompt_delete(p, 0, p->cur);
		return PROMPT_EDITING;
	case WKEY_CTRL('k'):
		prompt_delete(p, p->cur, p->len);
		return PROMPT_EDITING;
	case WKEY_CTRL('w'): {
		size_t i = p->cur;

		while (i > 0 && iswspace((wint_t)p->buf[i - 1]))
			i--;
		while (i > 0 && !iswspace((wint_t)p->buf[i - 1]))
			i--;
		prompt_delete(p, i, p->cur);
		return PROMPT_EDITING;
	}
	case WKEY(KEY_UP):
		prompt_history_go(p, -1);
		return PROMPT_EDITING;
	case WKEY(KEY_DOWN):
		prompt_history_go(p, 1);
		return PROMPT_EDITING;
	case '\t':
		if (p->complete != NULL) {
			char *done =
			    p->complete(p->complete_arg, prompt_text(p));

			if (done != NULL) {
				size_t hist = p->hist_pos;
				wchar_t *saved = p->saved;

				p->saved = NULL;
				prompt_set(p, done);
				p->hist_pos = hist;
				p->saved = saved;
				free(done);
			}
		}
		return PROMPT_EDITING;
	default:
		break;
	}
	if (key < 0x20 || (key & WKEY_FN) || key == 0x7f ||
	    (key >= 0x80 && key < 0xa0))
		return PROMPT_EDITING;
	if (!iswprint((wint_t)key) || wcwidth((wchar_t)key) < 1)
		return PROMPT_EDITING;
	prompt_insert(p, (wchar_t)key);
	return PROMPT_EDITING;
}

int
prompt_draw(struct prompt *p, WINDOW *win, int y, int x, int w,
    const char *label, attr_t attr)
{
	int lw = 0, aw, ccol = 0, col = 0;
	size_t i;

	if (w <= 0)
		return x;
	if (label != NULL && label[0] != '\0')
		lw = text_put(win, y, x, label, w - 1, attr);
	aw = w - lw;
	for (i = 0; i < p->cur; i++)
		ccol += prompt_wcwidth(p->buf[i]);
	/* Keep the cursor on screen (with its own column at the end). */
	if (ccol < p->scroll)
		p->scroll = ccol;
	if (ccol >= p->scroll + aw)
		p->scroll = ccol - aw + 1;
	if (p->scroll < 0)
		p->scroll = 0;
	text_putn(win, y, x + lw, "", 0, 0, aw, attr, TEXT_PAD);
	for (i = 0; i < p->len; i++) {
		wchar_t wc[2] = {p->buf[i], L'\0'};
		int cw = prompt_wcwidth(p->buf[i]);
		cchar_t cc;

		if (wcwidth(wc[0]) < 1)
			wc[0] = L'?';
		if (col + cw <= p->scroll) {
			col += cw;
			continue;
		}
		if (col < p->scroll) {
			/* Half a wide character at the left edge. */
			col += cw;
			continue;
		}
		if (col + cw > p->scroll + aw)
			break;
		setcchar(
		    &cc, wc, attr & ~A_COLOR, (short)PAIR_NUMBER(attr), NULL);
		mvwadd_wch(win, y, x + lw + col - p->scroll, &cc);
		col += cw;
	}
	return x + lw + ccol - p->scroll;
}
