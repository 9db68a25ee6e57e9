/* The sanitizing text writer: engine text to screen cells, escapes shown. */

#include "widgets/text.h"

#include <langinfo.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>
#include <wctype.h>

#include <curses.h>

#include "api/buf.h"
#include "api/xalloc.h"
#include "themes/theme.h"

/* Combining characters kept per base character; the rest are dropped. */
#define TEXT_MAX_COMBINING (CCHARW_MAX - 1)

/*
 * One screen glyph: a base character with its combining characters, or
 * the escaped form of something that must not reach the terminal.
 */
struct text_cell {
	bool escaped;
	int width;
	wchar_t wc[CCHARW_MAX + 1]; /* NUL-terminated */
	char esc[16]; /* NUL-terminated ASCII */
};

/* A position in the text being read. */
struct text_reader {
	const char *s;
	size_t len; /* TEXT_NUL: up to the NUL */
	size_t pos;
	mbstate_t st;
};

/* Where cells go: a window or a buffer. */
struct text_sink {
	WINDOW *win;
	int y;
	int x;
	attr_t attr;
	attr_t esc_attr;
	struct buf *out;
};

static void text_reader_init(struct text_reader *, const char *, size_t);
static int text_decode(struct text_reader *, wchar_t *, bool *);
static bool text_next(struct text_reader *, struct text_cell *);
static bool text_is_bidi(wchar_t);
static bool text_control(uint32_t, char *, size_t);
static size_t text_utf8(const unsigned char *, size_t, uint32_t *);
static void text_emit(struct text_sink *, int, const struct text_cell *);
static void text_emit_wc(struct text_sink *, int, const wchar_t *, attr_t);
static void text_emit_spaces(struct text_sink *, int, int);
static int text_render(
    struct text_sink *, const char *, size_t, int, int, unsigned);
static wchar_t text_ellipsis(void);

static void
text_reader_init(struct text_reader *r, const char *s, size_t len)
{
	memset(r, 0, sizeof *r);
	r->s = s != NULL ? s : "";
	r->len = s != NULL ? len : 0;
}

/*
 * Reads one character: returns 1 with *wc, 0 at the end, or -1 for a byte
 * that is not a character in the locale (*wc holds the byte then).
 */
static int
text_decode(struct text_reader *r, wchar_t *wc, bool *peek_only)
{
	size_t avail, n;
	mbstate_t save = r->st;

	if (r->len == TEXT_NUL) {
		if (r->s[r->pos] == '\0')
			return 0;
		avail = strnlen(r->s + r->pos, MB_LEN_MAX);
	} else {
		if (r->pos >= r->len)
			return 0;
		avail = r->len - r->pos;
	}
	n = mbrtowc(wc, r->s + r->pos, avail, &r->st);
	if (n == (size_t)-1 || n == (size_t)-2) {
		/* Show the first byte and retry from the next one. */
		memset(&r->st, 0, sizeof r->st);
		*wc = (unsigned char)r->s[r->pos];
		if (!*peek_only)
			r->pos++;
		return -1;
	}
	if (n == 0)
		n = 1; /* an embedded NUL (explicit length) */
	if (*peek_only)
		r->st = save;
	else
		r->pos += n;
	return 1;
}

/* Bidirectional controls could reorder what a terminal shows. */
static bool
text_is_bidi(wchar_t wc)
{
	return wc == 0x061c || wc == 0x200e || wc == 0x200f ||
	       (wc >= 0x202a && wc <= 0x202e) || (wc >= 0x2066 && wc <= 0x2069);
}

/*
 * THE RULE's list, shared by the screen and the files: C0 controls, DEL,
 * C1 controls and the bidirectional controls never pass. True for those,
 * with their shown form in esc (^[, ^?, <9B>, <U+202E>).
 */
static bool
text_control(uint32_t cp, char *esc, size_t size)
{
	if (cp < 0x20 || cp == 0x7f)
		snprintf(
		    esc, size, "^%c", cp == 0x7f ? '?' : (char)(cp + 0x40));
	else if (cp >= 0x80 && cp <= 0x9f)
		snprintf(esc, size, "<%02X>", (unsigned)cp);
	else if (text_is_bidi((wchar_t)cp))
		snprintf(esc, size, "<U+%04lX>", (unsigned long)cp);
	else
		return false;
	return true;
}

/* Reads the next glyph; false at the end of the text. */
static bool
text_next(struct text_reader *r, struct text_cell *c)
{
	wchar_t wc;
	bool peek = false;
	int rc, w, ncomb = 0;

	memset(c, 0, sizeof c->wc);
	c->escaped = false;
	c->esc[0] = '\0';
	rc = text_decode(r, &wc, &peek);
	if (rc == 0)
		return false;
	if (rc < 0) {
		c->escaped = true;
		snprintf(c->esc, sizeof c->esc, "\\x%02X", (unsigned)wc);
		c->width = 4;
		return true;
	}
	if (wc == L'\t') {
		c->wc[0] = L' ';
		c->width = 1;
		return true;
	}
	if (wc >= 0 && text_control((uint32_t)wc, c->esc, sizeof c->esc)) {
		c->escaped = true;
		c->width = (int)strlen(c->esc);
		return true;
	}
	w = wcwidth(wc);
	if (w < 0 || iswcntrl((wint_t)wc)) {
		c->escaped = true;
		snprintf(c->esc, sizeof c->esc, "<U+%04lX>", (unsigned long)wc);
		c->width = (int)strlen(c->esc);
		return true;
	}
	if (w == 0) {
		/* A combining character with nothing to sit on. */
		c->wc[0] = L' ';
		c->wc[1] = wc;
		ncomb = 1;
		c->width = 1;
	} else {
		c->wc[0] = wc;
		c->width = w > 2 ? 2 : w;
	}
	/* Take the combining characters that follow. */
	for (;;) {
		struct text_reader save = *r;
		wchar_t next;

		peek = false;
		if (text_decode(r, &next, &peek) != 1 || next < 0xa0 ||
		    wcwidth(next) != 0 || text_is_bidi(next) ||
		    iswcntrl((wint_t)next)) {
			*r = save;
			break;
		}
		if (ncomb < TEXT_MAX_COMBINING)
			c->wc[1 + ncomb++] = next;
	}
	return true;
}

static void
text_emit_wc(struct text_sink *k, int col, const wchar_t *wc, attr_t attr)
{
	if (k->win != NULL) {
		cchar_t cc;

		setcchar(
		    &cc, wc, attr & ~A_COLOR, (short)PAIR_NUMBER(attr), NULL);
		mvwadd_wch(k->win, k->y, k->x + col, &cc);
	} else {
		char mb[MB_LEN_MAX];
		mbstate_t st;

		memset(&st, 0, sizeof st);
		for (; *wc != L'\0'; wc++) {
			size_t n = wcrtomb(mb, *wc, &st);

			if (n != (size_t)-1)
				buf_append(k->out, mb, n);
		}
	}
}

static void
text_emit(struct text_sink *k, int col, const struct text_cell *c)
{
	if (!c->escaped) {
		text_emit_wc(k, col, c->wc, k->attr);
		return;
	}
	for (size_t i = 0; c->esc[i] != '\0'; i++) {
		wchar_t wc[2] = {(wchar_t)(unsigned char)c->esc[i], L'\0'};

		text_emit_wc(k, col + (int)i, wc, k->esc_attr);
	}
}

static void
text_emit_spaces(struct text_sink *k, int col, int n)
{
	static const wchar_t sp[2] = {L' ', L'\0'};

	for (int i = 0; i < n; i++)
		text_emit_wc(k, col + i, sp, k->attr);
}

static wchar_t
text_ellipsis(void)
{
	return text_unicode() ? 0x2026 : L'~';
}

bool
text_unicode(void)
{
	return MB_CUR_MAX > 1 && wcwidth(0x2026) == 1 && wcwidth(0x2588) == 1 &&
	       wcwidth(0x25b2) == 1;
}

/*
 * Draws (or writes) the text: skip columns left out, at most maxw columns,
 * "…" at the end when it is cut and TEXT_ELLIPSIS is given. Looks at no
 * more of the text than it shows.
 */
static int
text_render(struct text_sink *k, const char *s, size_t len, int skip, int maxw,
    unsigned flags)
{
	struct text_reader r, probe;
	struct text_cell c, first;
	int col = 0, limit, w;
	bool have_first = false, cut, ell;

	if (maxw <= 0)
		return 0;
	text_reader_init(&r, s, len);
	/*
	 * Leave out the first skip columns. A glyph cut by the edge leaves
	 * its tail: spaces for a wide character, the rest of an escape.
	 */
	while (skip > 0 && text_next(&r, &c)) {
		if (c.width <= skip) {
			skip -= c.width;
			continue;
		}
		first = c;
		first.width = c.width - skip;
		if (c.escaped) {
			memmove(
			    first.esc, c.esc + skip, (size_t)first.width + 1);
		} else {
			first.escaped = false;
			first.wc[0] = L' ';
			first.wc[1] = L'\0';
		}
		have_first = true;
		break;
	}
	/* Is there more than fits? Look only as far as maxw columns. */
	probe = r;
	w = have_first ? first.width : 0;
	while (w <= maxw && text_next(&probe, &c))
		w += c.width;
	cut = w > maxw;
	ell = cut && (flags & TEXT_ELLIPSIS) && maxw > 0;
	limit = ell ? maxw - 1 : maxw;

	if (have_first) {
		if (first.escaped) {
			if (first.width > limit) {
				first.width = limit;
				first.esc[limit] = '\0';
			}
			text_emit(k, col, &first);
		} else {
			if (first.width > limit)
				first.width = limit;
			text_emit_spaces(k, col, first.width);
		}
		col += first.width;
	}
	while (col < limit && text_next(&r, &c)) {
		if (col + c.width > limit) {
			/* An escape may be cut; a character never is. */
			if (c.escaped && !ell) {
				c.esc[limit - col] = '\0';
				c.width = limit - col;
				text_emit(k, col, &c);
				col += c.width;
			}
			break;
		}
		text_emit(k, col, &c);
		col += c.width;
	}
	if (ell) {
		wchar_t e[2] = {text_ellipsis(), L'\0'};

		/* Where a wide character did not fit, a space takes its place. */
		text_emit_spaces(k, col, limit - col);
		col = limit;
		text_emit_wc(k, col, e, k->attr);
		col++;
	}
	if ((flags & TEXT_PAD) && col < maxw) {
		text_emit_spaces(k, col, maxw - col);
		col = maxw;
	}
	return col;
}

int
text_width_n(const char *s, size_t len)
{
	struct text_reader r;
	struct text_cell c;
	int w = 0;

	text_reader_init(&r, s, len);
	while (text_next(&r, &c))
		w += c.width;
	return w;
}

int
text_width(const char *s)
{
	return text_width_n(s, TEXT_NUL);
}

size_t
text_fit(const char *s, size_t len, int maxw, int *cols)
{
	struct text_reader r;
	struct text_cell c;
	int w = 0;
	size_t end = 0;

	text_reader_init(&r, s, len);
	for (;;) {
		struct text_reader save = r;

		if (!text_next(&r, &c))
			break;
		if (w + c.width > maxw && end > 0) {
			r = save;
			break;
		}
		w += c.width;
		end = r.pos;
		if (w >= maxw)
			break;
	}
	if (cols != NULL)
		*cols = w;
	return end;
}

static attr_t
text_esc_attr(attr_t attr)
{
	attr_t esc = theme_attr(THEME_ROLE_ESCAPED);

	/* Keep the row's band (selection) around the escape. */
	if (PAIR_NUMBER(esc) == 0)
		esc |= attr & A_COLOR;
	return esc | (attr & (A_REVERSE | A_STANDOUT));
}

int
text_putn(WINDOW *win, int y, int x, const char *s, size_t len, int skip,
    int maxw, attr_t attr, unsigned flags)
{
	struct text_sink k = {
	    .win = win,
	    .y = y,
	    .x = x,
	    .attr = attr,
	    .esc_attr = text_esc_attr(attr),
	};

	if (win == NULL)
		return 0;
	if (x + maxw > getmaxx(win))
		maxw = getmaxx(win) - x;
	if (y < 0 || y >= getmaxy(win) || x < 0)
		return 0;
	return text_render(&k, s, len, skip < 0 ? 0 : skip, maxw, flags);
}

int
text_put(WINDOW *win, int y, int x, const char *s, int maxw, attr_t attr)
{
	return text_putn(win, y, x, s, TEXT_NUL, 0, maxw, attr, TEXT_ELLIPSIS);
}

int
text_put_padded(WINDOW *win, int y, int x, const char *s, int w, attr_t attr)
{
	return text_putn(
	    win, y, x, s, TEXT_NUL, 0, w, attr, TEXT_ELLIPSIS | TEXT_PAD);
}

int
text_put_right(WINDOW *win, int y, int x, const char *s, int w, attr_t attr)
{
	struct text_sink k = {.win = win, .y = y, .x = x, .attr = attr};
	int tw;
	size_t end;

	if (w <= 0)
		return 0;
	/* Measure no further than one column past the width. */
	end = text_fit(s, TEXT_NUL, w + 1, &tw);
	if (tw >= w || (s != NULL && s[end] != '\0'))
		return text_put(win, y, x, s, w, attr);
	text_emit_spaces(&k, 0, w - tw);
	text_put(win, y, x + w - tw, s, tw, attr);
	return w;
}

char *
text_sanitize(const char *s)
{
	struct buf b;
	struct text_sink k = {.out = &b};
	struct text_reader r;
	struct text_cell c;

	buf_init(&b);
	text_reader_init(&r, s, TEXT_NUL);
	while (text_next(&r, &c))
		text_emit(&k, 0, &c);
	if (b.len == 0) {
		buf_done(&b);
		return xstrdup("");
	}
	return buf_steal(&b);
}

char *
text_truncate(const char *s, int maxw)
{
	struct buf b;
	struct text_sink k = {.out = &b};

	buf_init(&b);
	text_render(&k, s, TEXT_NUL, 0, maxw, TEXT_ELLIPSIS);
	if (b.len == 0) {
		buf_done(&b);
		return xstrdup("");
	}
	return buf_steal(&b);
}

/*
 * The length of the UTF-8 sequence at p (strictly: no overlong forms, no
 * surrogates, nothing past U+10FFFF) with its code point, or 0 when the
 * first byte does not start one.
 */
static size_t
text_utf8(const unsigned char *p, size_t avail, uint32_t *cp)
{
	unsigned char b = p[0], lo = 0x80, hi = 0xbf;
	size_t n;
	uint32_t v;

	if (b < 0x80) {
		*cp = b;
		return 1;
	}
	if (b >= 0xc2 && b <= 0xdf) {
		n = 2;
		v = b & 0x1fu;
	} else if (b >= 0xe0 && b <= 0xef) {
		n = 3;
		v = b & 0x0fu;
		lo = b == 0xe0 ? 0xa0 : 0x80;
		hi = b == 0xed ? 0x9f : 0xbf;
	} else if (b >= 0xf0 && b <= 0xf4) {
		n = 4;
		v = b & 0x07u;
		lo = b == 0xf0 ? 0x90 : 0x80;
		hi = b == 0xf4 ? 0x8f : 0xbf;
	} else
		return 0;
	if (avail < n || p[1] < lo || p[1] > hi)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if (i > 1 && (p[i] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (p[i] & 0x3fu);
	}
	*cp = v;
	return n;
}

/* One stopped character or byte, in the form the flags ask for. */
static void
text_escape_one(struct buf *out, const unsigned char *p, size_t n, uint32_t cp,
    const char *shown, unsigned flags)
{
	if (flags & TEXT_JSON) {
		if (shown == NULL)
			buf_puts(out, "\\ufffd");
		else
			buf_printf(out, "\\u%04x", (unsigned)cp);
	} else if (flags & TEXT_BYTES) {
		for (size_t i = 0; i < n; i++)
			buf_printf(out, "\\x%02x", p[i]);
	} else if (shown != NULL)
		buf_puts(out, shown);
	else
		for (size_t i = 0; i < n; i++)
			buf_printf(out, "\\x%02X", p[i]);
}

void
text_escape(struct buf *out, const char *s, size_t len, unsigned flags)
{
	const unsigned char *p = (const unsigned char *)s;
	char shown[16];

	if (s == NULL)
		return;
	if (len == TEXT_NUL)
		len = strlen(s);
	for (size_t i = 0, n; i < len; i += n) {
		uint32_t cp;

		n = text_utf8(p + i, len - i, &cp);
		if (n == 0) {
			/* Not UTF-8: the byte alone, then on from the next. */
			n = 1;
			text_escape_one(out, p + i, 1, p[i], NULL, flags);
		} else if ((flags & TEXT_LINES) &&
			   (cp == '\n' || cp == '\t' ||
			       (cp == '\r' && i + 1 < len && p[i + 1] == '\n')))
			buf_putc(out, (char)cp);
		else if (cp == '\\' && (flags & TEXT_BYTES))
			buf_puts(out, "\\\\");
		else if (text_control(cp, shown, sizeof shown))
			text_escape_one(out, p + i, n, cp, shown, flags);
		else if (cp >= 0x80 && (flags & TEXT_ASCII) &&
			 !(flags & TEXT_JSON))
			text_escape_one(out, p + i, n, cp, NULL, flags);
		else
			buf_append(out, p + i, n);
	}
}

char *
text_clean(const char *s, size_t len, unsigned flags)
{
	struct buf b;

	buf_init(&b);
	text_escape(&b, s, len, flags);
	if (b.len == 0) {
		buf_done(&b);
		return xstrdup("");
	}
	return buf_steal(&b);
}

/* Whether the locale's characters are UTF-8 (else a terminal gets ASCII). */
static bool
text_locale_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs != NULL &&
	       (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf-8") == 0 ||
		   strcmp(cs, "utf8") == 0);
}

unsigned
text_tty_flags(int fd)
{
	return fd >= 0 && isatty(fd) && !text_locale_utf8() ? TEXT_ASCII : 0;
}

bool
text_fwrite(FILE *f, const char *s, size_t len, unsigned flags)
{
	struct buf b;
	bool ok;

	flags |= text_tty_flags(fileno(f));
	buf_init(&b);
	text_escape(&b, s, len, flags);
	ok = b.len == 0 || fwrite(b.data, 1, b.len, f) == b.len;
	buf_done(&b);
	return ok && !ferror(f);
}

bool
text_fprintf(FILE *f, unsigned flags, const char *fmt, ...)
{
	va_list ap;
	char *s;
	bool ok;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	ok = text_fwrite(f, s, TEXT_NUL, flags);
	free(s);
	return ok;
}
