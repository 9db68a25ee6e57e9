/* Status bar: endpoint, read-only badge, expiring message and key hints. */

#include "widgets/statusbar.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "api/xalloc.h"
#include "themes/theme.h"
#include "widgets/text.h"

#define STATUSBAR_BADGE " READ-ONLY "

static char *statusbar_left(const struct statusbar *, bool);
static int statusbar_hints(const struct statusbar *, WINDOW *, int, int);

void
statusbar_init(struct statusbar *s)
{
	memset(s, 0, sizeof *s);
}

void
statusbar_done(struct statusbar *s)
{
	free(s->endpoint);
	free(s->api_version);
	free(s->hints);
	free(s->msg);
	memset(s, 0, sizeof *s);
}

void
statusbar_set_endpoint_role(struct statusbar *s, int role)
{
	s->endpoint_role = role;
}

void
statusbar_set_endpoint(
    struct statusbar *s, const char *endpoint, const char *api_version)
{
	free(s->endpoint);
	free(s->api_version);
	s->endpoint = xstrdup_or_null(endpoint);
	s->api_version = xstrdup_or_null(api_version);
}

void
statusbar_set_read_only(struct statusbar *s, bool on)
{
	s->read_only = on;
}

void
statusbar_set_hints(struct statusbar *s, const char *hints)
{
	free(s->hints);
	s->hints = xstrdup_or_null(hints);
}

void
statusbar_message(struct statusbar *s, enum statusbar_level level, char *msg,
    double now, double ttl)
{
	free(s->msg);
	s->msg = msg;
	s->level = level;
	s->expires = ttl > 0 ? now + ttl : 0;
	/* One line: an engine's multi-line error reads better joined. */
	for (char *p = msg; p != NULL && *p != '\0'; p++) {
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	}
}

void
statusbar_clear(struct statusbar *s)
{
	free(s->msg);
	s->msg = NULL;
	s->expires = 0;
}

bool
statusbar_expire(struct statusbar *s, double now)
{
	if (s->msg == NULL || s->expires <= 0 || now < s->expires)
		return false;
	statusbar_clear(s);
	return true;
}

double
statusbar_next_due(const struct statusbar *s)
{
	return s->msg != NULL ? s->expires : 0;
}

/* " endpoint  API 1.41 " or what there is of it. Owned. */
static char *
statusbar_left(const struct statusbar *s, bool api)
{
	if (!api && s->endpoint != NULL)
		return xasprintf(" %s ", s->endpoint);
	if (s->endpoint != NULL && s->api_version != NULL)
		return xasprintf(" %s  API %s ", s->endpoint, s->api_version);
	if (s->endpoint != NULL)
		return xasprintf(" %s ", s->endpoint);
	if (s->api_version != NULL)
		return xasprintf(" API %s ", s->api_version);
	return xstrdup("");
}

/*
 * Draws the hints ending at column end (win NULL: only measures); returns
 * their width.
 */
static int
statusbar_hints(const struct statusbar *s, WINDOW *win, int y, int end)
{
	attr_t key = theme_attr(THEME_ROLE_HINT_KEY);
	attr_t text = theme_attr(THEME_ROLE_HINT_TEXT);
	attr_t bar = theme_attr(THEME_ROLE_STATUS);
	const char *p;
	int w = 0, x;

	if (s->hints == NULL || s->hints[0] == '\0')
		return 0;
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1) {
			if (win == NULL)
				break;
			x = end - w;
		} else {
			x = 0;
		}
		for (p = s->hints; *p != '\0';) {
			size_t n = strcspn(p, " ");
			const char *colon = memchr(p, ':', n);
			size_t kn = colon != NULL ? (size_t)(colon - p) : 0;

			if (n > 0) {
				/* A space before every hint. */
				if (pass == 1)
					text_putn(
					    win, y, x, " ", 1, 0, 1, bar, 0);
				x++;
				if (pass == 1) {
					x += text_putn(win, y, x, p, kn, 0,
					    end - x, key, 0);
					x += text_putn(win, y, x, p + kn,
					    n - kn, 0, end - x, text, 0);
				} else {
					x += text_width_n(p, n);
				}
			}
			p += n;
			while (*p == ' ')
				p++;
		}
		if (pass == 0)
			w = x + 1; /* and one at the end */
	}
	if (win != NULL)
		text_putn(win, y, end - 1, " ", 1, 0, 1, bar, 0);
	return w;
}

void
statusbar_draw(const struct statusbar *s, WINDOW *win, int y, int x, int w)
{
	attr_t bar = theme_attr(THEME_ROLE_STATUS);
	attr_t badge = theme_attr(THEME_ROLE_BADGE);
	attr_t mattr =
	    theme_attr(s->level == STATUSBAR_ERR  ? THEME_ROLE_STATUS_ERR
		       : s->level == STATUSBAR_OK ? THEME_ROLE_STATUS_OK
						  : THEME_ROLE_STATUS_INFO);
	char *left = statusbar_left(s, true);
	int lw = text_width(left);
	int bw = s->read_only ? text_width(STATUSBAR_BADGE) : 0;
	int mw = s->msg != NULL ? text_width(s->msg) + 2 : 0;
	int hw = statusbar_hints(s, NULL, 0, 0);
	int cx = x;

	if (w <= 0) {
		free(left);
		return;
	}
	/* Short of room, the API version goes before the endpoint is cut. */
	if (lw + bw + mw > w) {
		free(left);
		left = statusbar_left(s, false);
		lw = text_width(left);
	}
	text_putn(win, y, x, "", 0, 0, w, bar, TEXT_PAD);
	/* Hints go first when it is tight, then the endpoint shrinks. */
	if (lw + bw + mw + hw > w)
		hw = 0;
	if (lw + bw + mw > w) {
		int keep = w / 4 < lw ? w / 4 : lw;

		lw = w - bw - mw > keep ? w - bw - mw : keep;
		if (lw > text_width(left))
			lw = text_width(left);
	}
	if (bw > w - lw)
		bw = 0;
	cx += text_put(win, y, cx, left, lw,
	    s->endpoint_role ? theme_attr(s->endpoint_role) | A_REVERSE : bar);
	if (bw > 0)
		cx += text_put(win, y, cx, STATUSBAR_BADGE, bw, badge);
	if (s->msg != NULL) {
		/* " message ", after the others' own trailing space. */
		int room = x + w - hw - cx;

		if (room >= 3) {
			int n =
			    text_put(win, y, cx + 1, s->msg, room - 2, mattr);

			text_put(win, y, cx, " ", 1, mattr);
			text_put(win, y, cx + 1 + n, " ", 1, mattr);
		} else if (room > 0) {
			text_put(win, y, cx, s->msg, room, mattr);
		}
	}
	if (hw > 0)
		statusbar_hints(s, win, y, x + w);
	free(left);
}
