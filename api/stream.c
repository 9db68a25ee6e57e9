/* Incremental JSON-lines splitting, log demultiplexing and line assembly. */

#include "api/stream.h"

#include <assert.h>
#include <stdint.h>
#include <string.h>

#define JSONL_DEFAULT_MAX (16u * 1024 * 1024)
#define LINEBUF_DEFAULT_MAX (1024u * 1024)

/*
 * A buffer that once held a huge line keeps its memory; give it back when
 * it is empty again so one burst does not pin megabytes for the life of a
 * stream.
 */
#define STREAM_KEEP_CAP (64u * 1024)

static void
stream_release(struct buf *b)
{
	if (b->cap > STREAM_KEEP_CAP)
		buf_done(b);
	else
		buf_reset(b);
}

/* ---- JSON lines ---- */

void
jsonl_init(struct jsonl *j, jsonl_line_fn *fn, void *arg)
{
	buf_init(&j->pending);
	j->fn = fn;
	j->arg = arg;
	j->max_line = JSONL_DEFAULT_MAX;
}

void
jsonl_done(struct jsonl *j)
{
	buf_done(&j->pending);
}

/*
 * How many bytes of an unfinished line are worth keeping. Two beyond the
 * limit: a line of exactly max_line bytes may still be followed by the
 * '\r' of its "\r\n", so only max_line + 2 kept bytes prove the line too
 * long. Everything past that is discarded, which bounds the memory.
 */
static size_t
jsonl_keep_max(const struct jsonl *j)
{
	if (j->max_line == 0 || j->max_line > SIZE_MAX - 2)
		return SIZE_MAX;
	return j->max_line + 2;
}

static void
jsonl_keep(struct jsonl *j, const char *data, size_t len)
{
	size_t keep = jsonl_keep_max(j);

	if (j->pending.len >= keep)
		return;
	if (len > keep - j->pending.len)
		len = keep - j->pending.len;
	buf_append(&j->pending, data, len);
}

static bool
jsonl_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return false;
	return true;
}

/* One complete line without its '\n'. Returns the callback's verdict. */
static bool
jsonl_line(struct jsonl *j, const char *s, size_t n)
{
	if (n > 0 && s[n - 1] == '\r')
		n--;
	if (j->max_line != 0 && n > j->max_line)
		return true;
	if (jsonl_blank(s, n))
		return true;
	return j->fn(s, n, j->arg);
}

/* The kept prefix of the current line, or false when it was cut short. */
static bool
jsonl_pending_whole(const struct jsonl *j)
{
	return j->pending.len < jsonl_keep_max(j);
}

bool
jsonl_feed(struct jsonl *j, const char *data, size_t len)
{
	while (len > 0) {
		const char *nl = memchr(data, '\n', len);
		size_t seg;
		bool ok = true;

		if (nl == NULL) {
			jsonl_keep(j, data, len);
			return true;
		}
		seg = (size_t)(nl - data);
		if (j->pending.len == 0)
			ok = jsonl_line(j, data, seg);
		else {
			jsonl_keep(j, data, seg);
			if (jsonl_pending_whole(j))
				ok = jsonl_line(
				    j, j->pending.data, j->pending.len);
			stream_release(&j->pending);
		}
		data += seg + 1;
		len -= seg + 1;
		if (!ok) {
			/* The consumer is done with this stream: what is
			 * left of the input is not parsed. */
			stream_release(&j->pending);
			return false;
		}
	}
	return true;
}

bool
jsonl_finish(struct jsonl *j)
{
	bool ok = true;

	if (j->pending.len > 0 && jsonl_pending_whole(j))
		ok = jsonl_line(j, j->pending.data, j->pending.len);
	stream_release(&j->pending);
	return ok;
}

/* ---- Log demultiplexer ---- */

void
demux_init(struct demux *d, bool raw, demux_data_fn *fn, void *arg)
{
	memset(d, 0, sizeof *d);
	d->raw = raw;
	d->fn = fn;
	d->arg = arg;
	d->cur = DEMUX_STDOUT;
}

/* Checks a complete header and starts its frame. */
static bool
demux_header(struct demux *d)
{
	const unsigned char *h = d->hdr;

	if (h[0] > DEMUX_SYSTEM || h[1] != 0 || h[2] != 0 || h[3] != 0) {
		d->bad = true;
		return false;
	}
	d->cur = (enum demux_stream)h[0];
	d->remaining = (size_t)h[4] << 24 | (size_t)h[5] << 16 |
		       (size_t)h[6] << 8 | (size_t)h[7];
	d->hdr_len = 0;
	return true;
}

bool
demux_feed(struct demux *d, const char *data, size_t len)
{
	if (d->bad)
		return false;
	if (d->raw) {
		if (len > 0)
			d->fn(DEMUX_STDOUT, data, len, d->arg);
		return true;
	}
	while (len > 0) {
		size_t n;

		if (d->remaining == 0) {
			n = sizeof d->hdr - d->hdr_len;
			if (n > len)
				n = len;
			memcpy(d->hdr + d->hdr_len, data, n);
			d->hdr_len += n;
			data += n;
			len -= n;
			if (d->hdr_len == sizeof d->hdr && !demux_header(d))
				return false;
			continue;
		}
		n = d->remaining < len ? d->remaining : len;
		d->remaining -= n;
		d->fn(d->cur, data, n, d->arg);
		data += n;
		len -= n;
	}
	return true;
}

/* ---- Line assembly ---- */

void
linebuf_init(struct linebuf *lb, lines_fn *fn, void *arg)
{
	for (size_t i = 0; i < 4; i++)
		buf_init(&lb->part[i]);
	lb->fn = fn;
	lb->arg = arg;
	lb->max_line = LINEBUF_DEFAULT_MAX;
}

void
linebuf_done(struct linebuf *lb)
{
	for (size_t i = 0; i < 4; i++)
		buf_done(&lb->part[i]);
}

/*
 * Where to cut a piece off a line longer than the limit: at the limit,
 * moved back to the start of a UTF-8 sequence so a character is not torn
 * in two. Looks at bytes [0, max] of s, which must exist.
 */
static size_t
linebuf_cut(const char *s, size_t max)
{
	size_t cut = max;

	while (
	    cut > 0 && max - cut < 3 && ((unsigned char)s[cut] & 0xc0) == 0x80)
		cut--;
	return cut > 0 ? cut : max;
}

/* Delivers line s (no '\n'; a final '\r' is dropped) in pieces. */
static void
linebuf_line(struct linebuf *lb, enum demux_stream st, const char *s, size_t n)
{
	if (n > 0 && s[n - 1] == '\r')
		n--;
	while (lb->max_line != 0 && n > lb->max_line) {
		size_t cut = linebuf_cut(s, lb->max_line);

		lb->fn(st, s, cut, lb->arg);
		s += cut;
		n -= cut;
	}
	lb->fn(st, s, n, lb->arg);
}

/*
 * Gives out the leading pieces of an unfinished line once it is certainly
 * longer than the limit. Two bytes more than the limit are needed to know:
 * the next byte might be the '\n' of a "\r\n" that shortens the line.
 */
static void
linebuf_spill(struct linebuf *lb, enum demux_stream st)
{
	struct buf *b = &lb->part[st];
	size_t off = 0;

	if (lb->max_line == 0 || lb->max_line > SIZE_MAX - 2)
		return;
	while (b->len - off >= lb->max_line + 2) {
		size_t cut = linebuf_cut(b->data + off, lb->max_line);

		lb->fn(st, b->data + off, cut, lb->arg);
		off += cut;
	}
	if (off > 0)
		buf_consume(b, off);
}

void
linebuf_feed(
    struct linebuf *lb, enum demux_stream st, const char *data, size_t len)
{
	struct buf *b;

	assert((unsigned)st < 4);
	b = &lb->part[st];
	while (len > 0) {
		const char *nl = memchr(data, '\n', len);
		size_t seg;

		if (nl == NULL) {
			buf_append(b, data, len);
			linebuf_spill(lb, st);
			return;
		}
		seg = (size_t)(nl - data);
		if (b->len == 0)
			linebuf_line(lb, st, data, seg);
		else {
			buf_append(b, data, seg);
			linebuf_line(lb, st, b->data, b->len);
			stream_release(b);
		}
		data += seg + 1;
		len -= seg + 1;
	}
}

void
linebuf_flush(struct linebuf *lb)
{
	for (size_t i = 0; i < 4; i++) {
		struct buf *b = &lb->part[i];

		if (b->len == 0)
			continue;
		linebuf_line(lb, (enum demux_stream)i, b->data, b->len);
		stream_release(b);
	}
}
