/*
 * Incremental stream parsers: a JSON-lines splitter (events, stats, pull
 * progress) and the 8-byte-frame log demultiplexer. Both accept input split
 * at any byte and keep what is incomplete for the next feed.
 */
#ifndef API_STREAM_H
#define API_STREAM_H

#include <stdbool.h>
#include <stddef.h>

#include "api/buf.h"

/*
 * JSON lines. The engine separates documents with '\n' (and sometimes
 * "\r\n"); blank lines are skipped. The callback receives one document
 * without its line ending; returning false stops the feed.
 */
typedef bool jsonl_line_fn(const char *line, size_t len, void *arg);

struct jsonl {
	struct buf pending;
	jsonl_line_fn *fn;
	void *arg;
	size_t max_line; /* a longer line is dropped (default 16 MiB) */
};

void jsonl_init(struct jsonl *, jsonl_line_fn *, void *arg);
void jsonl_done(struct jsonl *);
/* Returns false when the callback asked to stop. */
bool jsonl_feed(struct jsonl *, const char *data, size_t len);
/* Delivers a last document that had no line ending (end of stream). */
bool jsonl_finish(struct jsonl *);

/* Which stream a piece of container output came from. */
enum demux_stream {
	DEMUX_STDIN = 0,
	DEMUX_STDOUT = 1,
	DEMUX_STDERR = 2,
	DEMUX_SYSTEM = 3, /* an error from the engine itself */
};

/* Called for each piece of payload as it arrives (frames may be split). */
typedef void demux_data_fn(
    enum demux_stream, const char *data, size_t len, void *arg);

/*
 * The log/attach demultiplexer. In raw mode (a TTY container) every byte
 * is stdout. In multiplexed mode, frames are [type, 0, 0, 0, size(4, big
 * endian)] followed by size bytes.
 */
struct demux {
	bool raw;
	unsigned char hdr[8];
	size_t hdr_len; /* header bytes collected so far */
	size_t remaining; /* payload bytes left in the current frame */
	enum demux_stream cur;
	demux_data_fn *fn;
	void *arg;
	bool bad; /* a malformed header was seen */
};

void demux_init(struct demux *, bool raw, demux_data_fn *, void *arg);
/* Returns false once the input was found malformed (d->bad). */
bool demux_feed(struct demux *, const char *data, size_t len);

/*
 * Line assembly on top of the demultiplexer: joins pieces of a line that
 * arrive in several frames (the engine splits lines over 16 KiB) and
 * delivers whole lines per stream, without the '\n'.
 */
typedef void lines_fn(
    enum demux_stream, const char *line, size_t len, void *arg);

struct linebuf {
	struct buf part[4]; /* per stream */
	lines_fn *fn;
	void *arg;
	size_t max_line; /* longer lines are delivered in pieces */
};

void linebuf_init(struct linebuf *, lines_fn *, void *arg);
void linebuf_done(struct linebuf *);
void linebuf_feed(struct linebuf *, enum demux_stream, const char *, size_t);
/* Delivers partial lines left at the end of the stream. */
void linebuf_flush(struct linebuf *);

#endif
