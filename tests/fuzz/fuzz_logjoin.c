/*
 * Fuzz target for the logs view's line joiner (tui/views/detail.c): the engine's
 * log stream, framed or raw, with or without timestamps, through the
 * demultiplexer and detail_logjoin as the logs tab reads it. Besides not
 * crashing, the stream cut into pieces anywhere must give exactly the lines
 * the whole stream gives.
 *
 * Input: two parameter bytes, then the stream.
 *   [0] bit 0: timestamps, bit 1: raw (a TTY's stream)
 *   [1] size of the pieces the stream is cut into (1..256)
 */

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/buf.h"
#include "api/stream.h"
#include "tui/views/detail_logjoin.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

struct run {
	struct demux dm;
	struct detail_logjoin join;
	bool piece_start;
	struct buf out;
};

static void
on_line(enum demux_stream s, const char *line, size_t len, void *arg)
{
	struct run *r = arg;

	if (memchr(line, '\n', len) != NULL)
		abort();
	buf_putc(&r->out, (char)('0' + (int)s));
	buf_append(&r->out, line, len);
	buf_putc(&r->out, '\n');
}

/* As detail_on_log_piece: a piece starts a frame when the last ended one. */
static void
on_piece(enum demux_stream s, const char *data, size_t len, void *arg)
{
	struct run *r = arg;
	bool start = r->piece_start;

	r->piece_start = r->dm.remaining == 0;
	detail_logjoin_feed(&r->join, s, data, len, start);
}

static void
run_stream(struct buf *out, bool ts, bool raw, const char *data, size_t n,
    size_t piece)
{
	struct run r;

	buf_init(&r.out);
	r.piece_start = true;
	demux_init(&r.dm, raw, on_piece, &r);
	detail_logjoin_init(&r.join, ts, raw, on_line, &r);
	for (size_t i = 0; i < n; i += piece) {
		size_t k = n - i < piece ? n - i : piece;

		if (!demux_feed(&r.dm, data + i, k))
			break;
	}
	detail_logjoin_flush(&r.join);
	detail_logjoin_done(&r.join);
	*out = r.out;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf whole, cut;
	bool ts, raw;
	size_t piece;

	if (size < 2)
		return 0;
	ts = data[0] & 1;
	raw = (data[0] & 2) != 0;
	piece = (size_t)data[1] + 1;
	run_stream(&whole, ts, raw, (const char *)data + 2, size - 2,
	    size - 2 > 0 ? size - 2 : 1);
	run_stream(&cut, ts, raw, (const char *)data + 2, size - 2, piece);
	if (whole.len != cut.len ||
	    (whole.len > 0 && memcmp(whole.data, cut.data, whole.len) != 0))
		abort();
	buf_done(&whole);
	buf_done(&cut);
	return 0;
}
