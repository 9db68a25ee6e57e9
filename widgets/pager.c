/* Pager widget: capped scrollback, follow mode, search, wrap and drawing. */

#include "widgets/pager.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "api/xalloc.h"
#include "themes/theme.h"
#include "widgets/text.h"

#define PAGER_DEFAULT_LINES 10000
/* Columns of context kept left of a match found by the search. */
#define PAGER_MATCH_CONTEXT 8

static struct pager_line *pager_at(const struct pager *, size_t);
static int pager_rows(const struct pager *, size_t);
static void pager_bottom(const struct pager *, size_t *, int *);
static bool pager_before(size_t, int, size_t, int);
static void pager_settle(struct pager *);
static long pager_find(const struct pager *, const char *, size_t, size_t);
static void pager_goto_match(struct pager *, size_t);
static void pager_draw_row(const struct pager *, WINDOW *, int, int, int,
    const struct pager_line *, size_t, size_t, int);

void
pager_init(struct pager *p, size_t max_lines)
{
	memset(p, 0, sizeof *p);
	p->cap = max_lines > 0 ? max_lines : PAGER_DEFAULT_LINES;
	p->follow = true;
	p->match = -1;
}

void
pager_done(struct pager *p)
{
	pager_clear(p);
	free(p->ring);
	free(p->pattern);
	memset(p, 0, sizeof *p);
}

void
pager_clear(struct pager *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(pager_at(p, i)->text);
	p->n = 0;
	p->head = 0;
	p->top = 0;
	p->top_sub = 0;
	p->hscroll = 0;
	p->match = -1;
}

/* Line i, 0 the oldest held. */
static struct pager_line *
pager_at(const struct pager *p, size_t i)
{
	return &p->ring[(p->head + i) % p->cap];
}

size_t
pager_count(const struct pager *p)
{
	return p->n;
}

const struct pager_line *
pager_line(const struct pager *p, size_t i)
{
	return i < p->n ? pager_at(p, i) : NULL;
}

void
pager_append(struct pager *p, const char *text, size_t len, int role)
{
	struct pager_line *l;

	if (len == (size_t)-1)
		len = strlen(text);
	if (p->n == p->cap) {
		/* Full: the oldest line goes, and everything moves up. */
		free(pager_at(p, 0)->text);
		p->head = (p->head + 1) % p->cap;
		p->n--;
		p->dropped++;
		if (p->top > 0)
			p->top--;
		else
			p->top_sub = 0;
		if (p->match >= 0)
			p->match--;
	}
	if (p->n == p->allocated) {
		/* Not full yet, so head is still 0: the array just grows. */
		size_t want = p->allocated == 0 ? 64 : p->allocated * 2;

		if (want > p->cap)
			want = p->cap;
		p->ring = xreallocarray(p->ring, want, sizeof *p->ring);
		p->allocated = want;
	}
	l = pager_at(p, p->n);
	l->text = xstrndup(text, len);
	l->len = len;
	l->role = role;
	l->wrap_w = 0;
	l->wrap_rows = 1;
	p->n++;
}

void
pager_append_lines(struct pager *p, const char *text, size_t len, int role)
{
	const char *end, *nl;

	if (len == (size_t)-1)
		len = strlen(text);
	end = text + len;
	while (text < end) {
		size_t n;

		nl = memchr(text, '\n', (size_t)(end - text));
		n = (size_t)((nl != NULL ? nl : end) - text);
		if (n > 0 && text[n - 1] == '\r')
			pager_append(p, text, n - 1, role);
		else
			pager_append(p, text, n, role);
		if (nl == NULL)
			break;
		text = nl + 1;
	}
}

void
pager_replace(struct pager *p, size_t i, const char *text, int role)
{
	struct pager_line *l;

	if (i >= p->n)
		return;
	l = pager_at(p, i);
	free(l->text);
	l->len = strlen(text);
	l->text = xstrndup(text, l->len);
	l->role = role;
	l->wrap_w = 0;
	l->wrap_rows = 1;
	if (i == p->top)
		p->top_sub = 0;
}

/* Screen rows of line i: 1 without wrap; cached per width with wrap. */
static int
pager_rows(const struct pager *p, size_t i)
{
	struct pager_line *l;
	size_t off = 0;
	int rows = 0;

	if (!p->wrap || p->view_w <= 0 || i >= p->n)
		return 1;
	l = pager_at(p, i);
	if (l->wrap_w == p->view_w)
		return l->wrap_rows;
	while (off < l->len) {
		off += text_fit(l->text + off, l->len - off, p->view_w, NULL);
		rows++;
	}
	/* The cache is not part of what the pager shows. */
	l->wrap_w = p->view_w;
	l->wrap_rows = rows > 0 ? rows : 1;
	return l->wrap_rows;
}

static bool
pager_before(size_t l1, int s1, size_t l2, int s2)
{
	return l1 < l2 || (l1 == l2 && s1 < s2);
}

/* The top position that shows the last row at the bottom of the view. */
static void
pager_bottom(const struct pager *p, size_t *line, int *sub)
{
	long left = p->view_h > 0 ? p->view_h : 1;
	size_t i = p->n;

	*line = 0;
	*sub = 0;
	while (i > 0) {
		int r = pager_rows(p, i - 1);

		if (r >= left) {
			*line = i - 1;
			*sub = r - (int)left;
			return;
		}
		left -= r;
		i--;
	}
}

/* Follow mode holds the view at the bottom; otherwise keep it in range. */
static void
pager_settle(struct pager *p)
{
	size_t bl;
	int bs;

	pager_bottom(p, &bl, &bs);
	if (p->follow || pager_before(bl, bs, p->top, p->top_sub)) {
		p->top = bl;
		p->top_sub = bs;
	}
	if (p->top_sub >= pager_rows(p, p->top))
		p->top_sub = 0;
	if (p->wrap)
		p->hscroll = 0;
}

void
pager_set_view(struct pager *p, int h, int w)
{
	p->view_h = h > 0 ? h : 0;
	p->view_w = w > 0 ? w : 0;
	pager_settle(p);
}

void
pager_scroll(struct pager *p, long delta)
{
	size_t bl;
	int bs;

	pager_settle(p);
	if (delta < 0) {
		p->follow = false;
		for (; delta < 0; delta++) {
			if (p->top_sub > 0) {
				p->top_sub--;
			} else if (p->top > 0) {
				p->top--;
				p->top_sub = pager_rows(p, p->top) - 1;
			} else {
				break;
			}
		}
		return;
	}
	pager_bottom(p, &bl, &bs);
	for (; delta > 0 && pager_before(p->top, p->top_sub, bl, bs); delta--) {
		if (++p->top_sub >= pager_rows(p, p->top)) {
			p->top++;
			p->top_sub = 0;
		}
	}
}

void
pager_page(struct pager *p, long pages)
{
	pager_scroll(p, pages * (p->view_h > 1 ? p->view_h - 1 : 1));
}

void
pager_home(struct pager *p)
{
	p->follow = false;
	p->top = 0;
	p->top_sub = 0;
}

void
pager_end(struct pager *p)
{
	p->follow = true;
	pager_settle(p);
}

void
pager_hscroll(struct pager *p, int delta)
{
	if (p->wrap)
		return;
	if (delta < 0 && -delta > p->hscroll)
		p->hscroll = 0;
	else if (delta > 0 && p->hscroll > (1 << 24) - delta)
		p->hscroll = 1 << 24;
	else
		p->hscroll += delta;
}

void
pager_set_wrap(struct pager *p, bool wrap)
{
	p->wrap = wrap;
	p->top_sub = 0;
	p->hscroll = 0;
	pager_settle(p);
}

bool
pager_at_end(const struct pager *p)
{
	size_t bl;
	int bs;

	if (p->follow)
		return true;
	pager_bottom(p, &bl, &bs);
	return !pager_before(p->top, p->top_sub, bl, bs);
}

/*
 * The byte offset of the first match of the pattern in text[from, len),
 * or -1. ASCII letters match either case.
 */
static long
pager_find(const struct pager *p, const char *text, size_t len, size_t from)
{
	size_t m = p->pat_len;

	if (m == 0 || len < m)
		return -1;
	for (size_t i = from; i + m <= len; i++) {
		size_t j;

		for (j = 0; j < m; j++) {
			unsigned char a = (unsigned char)text[i + j];
			unsigned char b = (unsigned char)p->pattern[j];

			if (a >= 'A' && a <= 'Z')
				a = (unsigned char)(a - 'A' + 'a');
			if (a != b)
				break;
		}
		if (j == m)
			return (long)i;
	}
	return -1;
}

/* Brings line i (which has a match) on screen, with the match in view. */
static void
pager_goto_match(struct pager *p, size_t i)
{
	const struct pager_line *l = pager_at(p, i);
	long off = pager_find(p, l->text, l->len, 0);
	size_t last = p->top;
	long left = p->view_h > 0 ? p->view_h : 1;
	int sub = 0;

	p->follow = false;
	p->match = (long)i;
	if (off < 0)
		return;
	if (p->wrap && p->view_w > 0) {
		/* The row of the line the match starts in. */
		size_t pos = 0;

		for (;;) {
			size_t n = text_fit(
			    l->text + pos, l->len - pos, p->view_w, NULL);

			if (n == 0 || pos + n > (size_t)off)
				break;
			pos += n;
			sub++;
		}
	} else {
		int col = text_width_n(l->text, (size_t)off);
		int mw = text_width_n(p->pattern, p->pat_len);

		if (col < p->hscroll || col + mw > p->hscroll + p->view_w)
			p->hscroll = col > PAGER_MATCH_CONTEXT
					 ? col - PAGER_MATCH_CONTEXT
					 : 0;
	}
	/* Already on screen? */
	left -= pager_rows(p, last) - p->top_sub;
	while (left > 0 && last + 1 < p->n) {
		last++;
		left -= pager_rows(p, last);
	}
	if (pager_before(i, sub, p->top, p->top_sub) || i > last ||
	    (i == last && left < 0)) {
		p->top = i;
		p->top_sub = sub;
		pager_settle(p);
	}
}

bool
pager_search(struct pager *p, const char *pattern)
{
	pager_settle(p);
	free(p->pattern);
	p->pattern = NULL;
	p->pat_len = 0;
	p->match = -1;
	if (pattern == NULL || pattern[0] == '\0')
		return true;
	p->pat_len = strlen(pattern);
	p->pattern = xstrdup(pattern);
	for (size_t j = 0; j < p->pat_len; j++) {
		if (p->pattern[j] >= 'A' && p->pattern[j] <= 'Z')
			p->pattern[j] = (char)(p->pattern[j] - 'A' + 'a');
	}
	for (size_t k = 0; k < p->n; k++) {
		size_t i = (p->top + k) % p->n;
		const struct pager_line *l = pager_at(p, i);

		if (pager_find(p, l->text, l->len, 0) >= 0) {
			pager_goto_match(p, i);
			return true;
		}
	}
	return false;
}

bool
pager_search_next(struct pager *p, int dir)
{
	size_t start;

	if (p->pattern == NULL || p->n == 0)
		return false;
	pager_settle(p);
	start = p->match >= 0 && (size_t)p->match < p->n ? (size_t)p->match
							 : p->top;
	for (size_t k = 1; k <= p->n; k++) {
		size_t i = dir >= 0 ? (start + k) % p->n
				    : (start + p->n - k % p->n) % p->n;
		const struct pager_line *l = pager_at(p, i);

		if (pager_find(p, l->text, l->len, 0) >= 0) {
			pager_goto_match(p, i);
			return true;
		}
	}
	return false;
}

/*
 * Draws bytes [off, off + n) of line l at row y (skip columns scrolled
 * off), then the matches that start in what shows. Only the part on
 * screen is searched, so a huge line costs no more than a short one.
 */
static void
pager_draw_row(const struct pager *p, WINDOW *win, int y, int x, int w,
    const struct pager_line *l, size_t off, size_t n, int skip)
{
	attr_t attr = theme_attr((enum theme_role)l->role);
	attr_t hl = theme_attr(THEME_ROLE_SEARCH_MATCH);
	int col0 = 0;
	size_t vis, range;
	long m;

	text_putn(win, y, x, l->text + off, n, skip, w, attr, TEXT_PAD);
	if (p->pat_len == 0)
		return;
	if (skip > 0) {
		size_t s = text_fit(l->text + off, n, skip, NULL);
		int cols = text_width_n(l->text + off, s);

		/* A wide character cut by the edge shows as a space. */
		if (cols < skip)
			return;
		col0 = cols - skip;
		off += s;
		n -= s;
	}
	if (col0 >= w)
		return;
	vis = text_fit(l->text + off, n, w - col0, NULL);
	range = l->len - off;
	if (range > vis + p->pat_len)
		range = vis + p->pat_len;
	for (m = pager_find(p, l->text + off, range, 0);
	     m >= 0 && (size_t)m < vis;
	     m = pager_find(p, l->text + off, range, (size_t)m + p->pat_len)) {
		int col = col0 + text_width_n(l->text + off, (size_t)m);

		if (col >= w)
			break;
		text_putn(win, y, x + col, l->text + off + m, p->pat_len, 0,
		    w - col, hl, 0);
	}
}

void
pager_draw(struct pager *p, WINDOW *win, int y, int x, int h, int w)
{
	size_t li;
	int sub, row = 0;
	attr_t normal = theme_attr(THEME_ROLE_NORMAL);

	if (h <= 0 || w <= 0)
		return;
	pager_set_view(p, h, w);
	li = p->top;
	sub = p->top_sub;
	for (; row < h && li < p->n; li++, sub = 0) {
		const struct pager_line *l = pager_at(p, li);

		if (!p->wrap) {
			size_t n = l->len;

			pager_draw_row(
			    p, win, y + row++, x, w, l, 0, n, p->hscroll);
			continue;
		}
		{
			size_t off = 0;
			int r = 0;

			do {
				size_t n = text_fit(
				    l->text + off, l->len - off, w, NULL);

				if (r++ >= sub)
					pager_draw_row(p, win, y + row++, x, w,
					    l, off, n, 0);
				off += n;
			} while (off < l->len && row < h);
		}
	}
	for (; row < h; row++)
		text_putn(win, y + row, x, "", 0, 0, w, normal, TEXT_PAD);
}
