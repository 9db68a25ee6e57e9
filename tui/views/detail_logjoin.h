/*
 * The detail view's log line joiner, on its own for its tests and fuzz
 * target: the pieces of a log stream to lines.
 */
#ifndef TUI_VIEWS_DETAIL_LOGJOIN_H
#define TUI_VIEWS_DETAIL_LOGJOIN_H

#include <stdbool.h>
#include <stddef.h>

#include "api/stream.h"

/*
 * Log pieces to lines. The engine splits a line over 16 KiB into pieces
 * and, with timestamps=1, puts a timestamp in front of every piece: a
 * piece that follows one of its stream that did not end in '\n' loses
 * its timestamp here, so a joined line has one, at its start.
 */
struct detail_logjoin {
	struct linebuf lines;
	bool timestamps;
	bool raw; /* a TTY's stream: no frames, pieces are counted */
	bool mid[4]; /* per stream: the last piece did not end in '\n' */
	size_t left; /* raw: bytes before the next piece (0: one starts) */
	bool holding; /* the start of a piece is held until it is known */
	bool strip; /* and its timestamp goes: it continues a line */
	enum demux_stream hold_s;
	char hold[40]; /* longer than any timestamp and its space */
	size_t n_hold;
};

void detail_logjoin_init(
    struct detail_logjoin *, bool timestamps, bool raw, lines_fn *, void *arg);
void detail_logjoin_done(struct detail_logjoin *);
/* start: data begins a frame (a piece; not used for a raw stream). */
void detail_logjoin_feed(struct detail_logjoin *, enum demux_stream,
    const char *data, size_t len, bool start);
/* Delivers what is left at the end of the stream. */
void detail_logjoin_flush(struct detail_logjoin *);

#endif
