/*
 * What the log views share: a followed log stream turned into lines
 * (demultiplexed unless a TTY's, joined by detail_logjoin), the colour of
 * a line by its stream, the pager's keys and saving the lines shown.
 */
#ifndef TUI_VIEWS_LOGVIEW_H
#define TUI_VIEWS_LOGVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "api/calls.h"
#include "api/stream.h"
#include "tui/core/console.h"
#include "tui/views/detail_logjoin.h"
#include "widgets/pager.h"

/* The call that opens a log stream: docker_container_logs() and the like. */
typedef struct docker_call *logview_call_fn(struct docker *, const char *id,
    const struct docker_logs_opts *, docker_data_fn *, docker_done_fn *,
    void *);

/*
 * One followed stream. Its lines go to fn; berth's own (a malformed
 * stream) and the engine's error at the end come as DEMUX_SYSTEM lines.
 * end (may be NULL) runs once the stream has ended, with the engine's
 * error or NULL.
 */
struct logview_stream {
	struct docker *d;
	lines_fn *fn;
	void (*end)(void *arg, const char *err);
	void *arg;
	struct docker_call *call;
	bool started; /* a stream was asked for (the joiner is set up) */
	bool ended;
	bool piece_start;
	struct demux demux;
	struct detail_logjoin join;
};

void logview_stream_init(struct logview_stream *, struct docker *, lines_fn *fn,
    void (*end)(void *arg, const char *err), void *arg);
/* (Re)starts the stream of object id with call; tty: a raw stream. */
void logview_stream_start(struct logview_stream *, logview_call_fn *call,
    const char *id, const struct docker_logs_opts *, bool tty);
/* Cancels the stream; what the joiner held is dropped. */
void logview_stream_stop(struct logview_stream *);

/* The theme role of a line of stream s. */
int logview_role(enum demux_stream s);

/*
 * The pager's keys: scrolling (hscroll columns sideways), wrapping and
 * searching again. Returns ACTION_NONE when consumed.
 */
enum action logview_pager_key(
    struct console *, struct pager *, enum action, int hscroll);

/*
 * Writes the pager's lines to berth-STEM-DATE.log (.raw.log when raw) in
 * the current directory, escaped through the sanitizing writer unless
 * raw, and says how it went in the status bar. STEM is the engine's:
 * only plain characters of it reach the file name.
 */
void logview_save(
    struct console *, const struct pager *, const char *stem, bool raw);

#endif
