/* Log pieces to lines, each with one timestamp at its start. */

#include "tui/views/detail_logjoin.h"

#include <assert.h>
#include <ctype.h>
#include <string.h>

/*
 * Whether s starts like form ('d' a digit, anything else itself): 1 when
 * it does, and *i moved past it; -1 when the n bytes end first; 0 not.
 */
static int
detail_ts_form(const char *s, size_t n, size_t *i, const char *form)
{
	for (; *form; form++, (*i)++) {
		if (*i == n)
			return -1;
		if (*form == 'd' ? !isdigit((unsigned char)s[*i])
				 : s[*i] != *form)
			return 0;
	}
	return 1;
}

/*
 * The length of the timestamp and space the engine puts in front of a log
 * piece ("2024-05-01T10:20:30.123456789Z "), 0 when s does not start with
 * one, -1 when its n bytes may still become one.
 */
static int
detail_ts_len(const char *s, size_t n)
{
	size_t i = 0, digits = 0;
	int r = detail_ts_form(s, n, &i, "dddd-dd-ddTdd:dd:dd");

	if (r <= 0)
		return r;
	if (i < n && s[i] == '.')
		for (i++; i < n && isdigit((unsigned char)s[i]) && digits < 9;
		     i++)
			digits++;
	if (i == n)
		return -1;
	if (s[i] == 'Z')
		i++;
	else if (s[i] == '+' || s[i] == '-') {
		i++;
		if ((r = detail_ts_form(s, n, &i, "dd:dd")) <= 0)
			return r;
	} else
		return 0;
	if (i == n)
		return -1;
	return s[i] == ' ' ? (int)i + 1 : 0;
}

/* The engine's pieces in a raw stream: its log copier's buffer, 16 KiB. */
#define DETAIL_LOG_PIECE 16384

void
detail_logjoin_init(struct detail_logjoin *j, bool timestamps, bool raw,
    lines_fn *fn, void *arg)
{
	memset(j, 0, sizeof *j);
	linebuf_init(&j->lines, fn, arg);
	j->timestamps = timestamps;
	j->raw = raw;
}

void
detail_logjoin_done(struct detail_logjoin *j)
{
	linebuf_done(&j->lines);
	j->holding = false;
	j->n_hold = 0;
}

static void
detail_logjoin_put(
    struct detail_logjoin *j, enum demux_stream s, const char *p, size_t n)
{
	if (n == 0)
		return;
	linebuf_feed(&j->lines, s, p, n);
	j->mid[s] = p[n - 1] != '\n';
}

/* Raw: how much of p belongs to the piece, counted off what is left. */
static size_t
detail_logjoin_span(struct detail_logjoin *j, const char *p, size_t n)
{
	size_t max = n < j->left ? n : j->left;
	const char *nl = memchr(p, '\n', max);
	size_t take = nl ? (size_t)(nl - p) + 1 : max;

	j->left = nl ? 0 : j->left - take;
	return take;
}

/*
 * Ends the hold: its first ts bytes are a timestamp (0: there is none),
 * dropped from a continuation; the rest is the piece's text.
 */
static void
detail_logjoin_resolve(struct detail_logjoin *j, size_t ts)
{
	char rest[sizeof j->hold];
	size_t n = j->n_hold - ts;

	j->holding = false;
	j->n_hold = 0;
	if (!j->strip)
		detail_logjoin_put(j, j->hold_s, j->hold, ts);
	j->left = DETAIL_LOG_PIECE;
	memcpy(rest, j->hold + ts, n);
	detail_logjoin_feed(j, j->hold_s, rest, n, false);
}

void
detail_logjoin_feed(struct detail_logjoin *j, enum demux_stream s,
    const char *data, size_t len, bool start)
{
	assert((unsigned)s < 4);
	if (!j->timestamps) {
		detail_logjoin_put(j, s, data, len);
		return;
	}
	/* A frame that ended inside what looked like a timestamp. */
	if (!j->raw && j->holding && (start || s != j->hold_s))
		detail_logjoin_resolve(j, 0);
	while (len > 0) {
		size_t n = len;
		int ts;

		/* Every piece of a raw stream is held: its length counts. */
		if (!j->holding &&
		    (j->raw ? j->left == 0 : start && j->mid[s])) {
			j->holding = true;
			j->strip = j->mid[s];
			j->hold_s = s;
		}
		start = false;
		if (j->holding) {
			/* Byte by byte: it resolves at the timestamp's end. */
			assert(j->n_hold < sizeof j->hold);
			j->hold[j->n_hold++] = *data++;
			len--;
			ts = detail_ts_len(j->hold, j->n_hold);
			if (ts >= 0)
				detail_logjoin_resolve(j, (size_t)ts);
			continue;
		}
		if (j->raw)
			n = detail_logjoin_span(j, data, len);
		detail_logjoin_put(j, s, data, n);
		data += n;
		len -= n;
	}
}

void
detail_logjoin_flush(struct detail_logjoin *j)
{
	if (j->holding)
		detail_logjoin_resolve(j, 0);
	linebuf_flush(&j->lines);
	memset(j->mid, 0, sizeof j->mid);
	j->left = 0;
}
