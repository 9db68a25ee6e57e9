/* .dockerignore patterns, as the docker CLI reads and applies them. */

#include "api/dockerignore.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/xalloc.h"

/* A pattern longer than this is refused: no real file has one. */
#define DI_PATTERN_MAX 4096

enum di_op {
	DI_LIT, /* one byte */
	DI_ONE, /* '?': one byte but '/' */
	DI_STAR, /* '*': any run without '/' */
	DI_DIRS, /* "**" inside: "" or anything that ends with '/' */
	DI_ALL, /* a trailing "**": anything */
	DI_CLASS, /* [...] */
};

struct di_tok {
	enum di_op op;
	unsigned char c; /* DI_LIT */
	bool negated; /* DI_CLASS */
	uint32_t (*ranges)[2]; /* DI_CLASS: lo, hi code points */
	size_t n_ranges;
};

struct di_pattern {
	bool exception;
	struct di_tok *tok;
	size_t n_tok;
};

struct dockerignore {
	struct di_pattern *v;
	size_t n;
	bool exceptions;
};

void
dockerignore_clean(const char *path, char *out)
{
	bool rooted = path[0] == '/';
	size_t w = 0, dotdot = 0; /* out's length; where ".." may not go */
	const char *p = path;

	if (rooted) {
		out[w++] = '/';
		dotdot = 1;
	}
	while (*p) {
		size_t n = strcspn(p, "/");

		if (n == 0 || (n == 1 && p[0] == '.')) {
			/* An empty or "." element. */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (w > dotdot) {
				/* Back to the previous '/'. */
				while (w > dotdot && out[w - 1] != '/')
					w--;
				if (w > dotdot)
					w--;
				else if (w > 0 && !rooted)
					w = 0;
			} else if (!rooted) {
				if (w > 0)
					out[w++] = '/';
				memcpy(out + w, "..", 2);
				w += 2;
				dotdot = w;
			}
		} else {
			if ((rooted && w != 1) || (!rooted && w != 0))
				out[w++] = '/';
			memcpy(out + w, p, n);
			w += n;
		}
		p += n;
		while (*p == '/')
			p++;
	}
	if (w == 0)
		out[w++] = '.';
	out[w] = '\0';
}

/*
 * The code point at s (len bytes left, at least 1) and its length in
 * bytes; a byte that starts no valid UTF-8 sequence is U+FFFD, one byte.
 */
static uint32_t
di_rune(const char *s, size_t len, size_t *n)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c;
	size_t k;

	*n = 1;
	if (u[0] < 0x80)
		return u[0];
	if (u[0] >= 0xc2 && u[0] <= 0xdf)
		k = 2, c = u[0] & 0x1f;
	else if (u[0] >= 0xe0 && u[0] <= 0xef)
		k = 3, c = u[0] & 0x0f;
	else if (u[0] >= 0xf0 && u[0] <= 0xf4)
		k = 4, c = u[0] & 0x07;
	else
		return 0xfffd;
	if (k > len)
		return 0xfffd;
	for (size_t i = 1; i < k; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return 0xfffd;
		c = c << 6 | (u[i] & 0x3f);
	}
	if ((k == 3 && c < 0x800) ||
	    (k == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0xfffd;
	*n = k;
	return c;
}

/*
 * One member of a class, as Go's filepath.Match reads it: a bare '-' or
 * ']' (or nothing) is malformed; '\' takes the next character as it is.
 */
static bool
di_class_char(const char **s, uint32_t *c)
{
	const char *p = *s;
	size_t n;

	if (*p == '\0' || *p == '-' || *p == ']')
		return false;
	if (*p == '\\') {
		p++;
		if (*p == '\0')
			return false;
	}
	*c = di_rune(p, strlen(p), &n);
	*s = p + n;
	return true;
}

/* Reads a [...] class at *s (past the '['); false when malformed. */
static bool
di_class(const char **s, struct di_tok *t)
{
	const char *p = *s;

	t->op = DI_CLASS;
	if (*p == '^') {
		t->negated = true;
		p++;
	}
	for (;;) {
		uint32_t lo, hi;

		if (*p == ']' && t->n_ranges > 0)
			break;
		if (!di_class_char(&p, &lo))
			return false;
		hi = lo;
		if (*p == '-') {
			p++;
			if (!di_class_char(&p, &hi) || hi < lo)
				return false;
		}
		t->ranges = xreallocarray(
		    t->ranges, t->n_ranges + 1, sizeof *t->ranges);
		t->ranges[t->n_ranges][0] = lo;
		t->ranges[t->n_ranges][1] = hi;
		t->n_ranges++;
	}
	*s = p + 1;
	return true;
}

static void
di_pattern_done(struct di_pattern *pt)
{
	for (size_t i = 0; i < pt->n_tok; i++)
		free(pt->tok[i].ranges);
	free(pt->tok);
}

/* Compiles a cleaned pattern; false when malformed. */
static bool
di_compile(const char *s, struct di_pattern *pt)
{
	size_t cap = strlen(s) + 1;

	pt->tok = xcalloc(cap, sizeof *pt->tok);
	pt->n_tok = 0;
	while (*s) {
		struct di_tok *t = &pt->tok[pt->n_tok++];

		if (s[0] == '*' && s[1] == '*') {
			s += 2;
			if (*s == '/')
				s++;
			t->op = *s == '\0' ? DI_ALL : DI_DIRS;
		} else if (*s == '*') {
			t->op = DI_STAR;
			s++;
		} else if (*s == '?') {
			t->op = DI_ONE;
			s++;
		} else if (*s == '[') {
			s++;
			if (!di_class(&s, t))
				return false;
		} else if (*s == '\\') {
			if (s[1] == '\0')
				return false;
			t->op = DI_LIT;
			t->c = (unsigned char)s[1];
			s += 2;
		} else {
			t->op = DI_LIT;
			t->c = (unsigned char)*s++;
		}
	}
	return true;
}

static bool
di_class_has(const struct di_tok *t, uint32_t c)
{
	bool in = false;

	for (size_t i = 0; i < t->n_ranges && !in; i++)
		in = c >= t->ranges[i][0] && c <= t->ranges[i][1];
	return in != t->negated;
}

/*
 * Whether tokens from ti on match s from si on to its end. memo holds
 * one byte per (ti, si): 0 unknown, 1 no, 2 yes; so a pattern full of
 * stars costs (tokens x length) steps, never more.
 */
static bool
di_match_at(const struct di_pattern *pt, const char *s, size_t len, size_t ti,
    size_t si, unsigned char *memo)
{
	unsigned char *m = &memo[ti * (len + 1) + si];
	const struct di_tok *t;
	bool ok = false;
	size_t n = 1;

	if (*m)
		return *m == 2;
	if (ti == pt->n_tok) {
		ok = si == len;
		*m = ok ? 2 : 1;
		return ok;
	}
	t = &pt->tok[ti];
	switch (t->op) {
	case DI_LIT:
		ok = si < len && (unsigned char)s[si] == t->c &&
		     di_match_at(pt, s, len, ti + 1, si + 1, memo);
		break;
	case DI_ONE:
		ok = si < len && s[si] != '/' &&
		     (di_rune(s + si, len - si, &n), true) &&
		     di_match_at(pt, s, len, ti + 1, si + n, memo);
		break;
	case DI_CLASS:
		ok = si < len &&
		     di_class_has(t, di_rune(s + si, len - si, &n)) &&
		     di_match_at(pt, s, len, ti + 1, si + n, memo);
		break;
	case DI_STAR:
		for (size_t k = si; !ok; k++) {
			ok = di_match_at(pt, s, len, ti + 1, k, memo);
			if (k == len || s[k] == '/')
				break;
		}
		break;
	case DI_DIRS:
		/* "": the next token here; else up to and past any '/'. */
		ok = di_match_at(pt, s, len, ti + 1, si, memo);
		for (size_t k = si; !ok && k < len; k++)
			if (s[k] == '/')
				ok = di_match_at(
				    pt, s, len, ti + 1, k + 1, memo);
		break;
	case DI_ALL:
		ok = true;
		break;
	}
	*m = ok ? 2 : 1;
	return ok;
}

static bool
di_match(const struct di_pattern *pt, const char *s, size_t len)
{
	unsigned char *memo = xcalloc((pt->n_tok + 1) * (len + 1), 1);
	bool ok = di_match_at(pt, s, len, 0, 0, memo);

	free(memo);
	return ok;
}

/* The pattern matches path or one of its parent folders. */
static bool
di_match_or_parent(const struct di_pattern *pt, const char *path)
{
	size_t len = strlen(path);

	if (di_match(pt, path, len))
		return true;
	for (size_t i = 0; i < len; i++)
		if (path[i] == '/' && di_match(pt, path, i))
			return true;
	return false;
}

/*
 * Adds a pattern (without its '!': exception says); false (with *cause)
 * when it is refused.
 */
static bool
di_add(struct dockerignore *d, const char *p, bool exception, size_t lineno,
    char **cause)
{
	struct di_pattern pt = {0};
	char *clean;

	pt.exception = exception;
	clean = xmalloc(strlen(p) + 2);
	dockerignore_clean(p, clean);
	if (clean[0] == '/' && clean[1] != '\0')
		memmove(clean, clean + 1, strlen(clean));
	if (!di_compile(clean, &pt)) {
		*cause = xasprintf(".dockerignore line %zu: a malformed "
				   "pattern (an open '[', a backwards range "
				   "or a trailing '\\')",
		    lineno);
		di_pattern_done(&pt);
		free(clean);
		return false;
	}
	free(clean);
	d->v = xreallocarray(d->v, d->n + 1, sizeof *d->v);
	d->v[d->n++] = pt;
	d->exceptions |= pt.exception;
	return true;
}

struct dockerignore *
dockerignore_parse(const char *text, size_t len, char **cause)
{
	struct dockerignore *d = xcalloc(1, sizeof *d);
	size_t pos = 0, lineno = 0;

	/* A byte-order mark before the first line is dropped. */
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		pos = 3;
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len, a = pos, b = end;
		char *line;
		bool ok = true;

		lineno++;
		while (a < b && strchr(" \t\r\v\f", text[a]) && text[a])
			a++;
		while (b > a && strchr(" \t\r\v\f", text[b - 1]) && text[b - 1])
			b--;
		pos = end + 1;
		if (a == b || text[a] == '#')
			continue;
		if (b - a > DI_PATTERN_MAX || memchr(text + a, '\0', b - a)) {
			*cause = xasprintf(".dockerignore line %zu: not a "
					   "pattern (too long, or a NUL byte)",
			    lineno);
			dockerignore_free(d);
			return NULL;
		}
		line = xstrndup(text + a, b - a);
		if (line[0] == '!') {
			const char *p = line + 1;

			while (*p == ' ' || *p == '\t')
				p++;
			if (*p == '\0') {
				*cause = xasprintf(
				    ".dockerignore line %zu: a lone '!'",
				    lineno);
				ok = false;
			} else
				ok = di_add(d, p, true, lineno, cause);
		} else
			ok = di_add(d, line, false, lineno, cause);
		free(line);
		if (!ok) {
			dockerignore_free(d);
			return NULL;
		}
	}
	return d;
}

void
dockerignore_free(struct dockerignore *d)
{
	if (d == NULL)
		return;
	for (size_t i = 0; i < d->n; i++)
		di_pattern_done(&d->v[i]);
	free(d->v);
	free(d);
}

bool
dockerignore_excludes(const struct dockerignore *d, const char *path)
{
	bool excluded = false;

	for (size_t i = 0; d && i < d->n; i++) {
		const struct di_pattern *pt = &d->v[i];

		/* Only a pattern that would change the answer is tried. */
		if (pt->exception != excluded)
			continue;
		if (di_match_or_parent(pt, path))
			excluded = !pt->exception;
	}
	return excluded;
}

bool
dockerignore_has_exceptions(const struct dockerignore *d)
{
	return d && d->exceptions;
}

void
dockerignore_keep(struct dockerignore *d, const char *path)
{
	char *line, *cause = NULL;

	if (!dockerignore_excludes(d, path))
		return;
	/* The name taken as it is: glob characters in it are escaped. */
	line = xmalloc(2 * strlen(path) + 1);
	for (size_t i = 0, w = 0;; i++) {
		if (path[i] && strchr("*?[\\", path[i]))
			line[w++] = '\\';
		line[w++] = path[i];
		if (path[i] == '\0')
			break;
	}
	if (!di_add(d, line, true, 0, &cause))
		free(cause);
	free(line);
}

size_t
dockerignore_count(const struct dockerignore *d)
{
	return d ? d->n : 0;
}
