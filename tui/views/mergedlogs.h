/*
 * Merged followed logs: the view that the logs of a swarm service (one
 * stream the engine merges from its tasks) and of a compose project (one
 * stream per container) share: streams followed into one pager, each line
 * prefixed, the pager's keys, the timestamps, a restart, saving and the
 * title. Where the streams come from and how a line is prefixed is the
 * source's (struct mergedlogs_source).
 */
#ifndef TUI_VIEWS_MERGEDLOGS_H
#define TUI_VIEWS_MERGEDLOGS_H

#include <stdbool.h>
#include <stddef.h>

#include "api/buf.h"
#include "tui/core/console.h"
#include "tui/views/logview.h"
#include "widgets/pager.h"

struct mergedlogs;

/* One followed stream: a service's, or one container's. */
struct mergedlogs_stream {
	struct mergedlogs *ml;
	char *id;
	char *prefix; /* "web-1", or NULL: the source's line() prefixes */
	struct docker_call *inspect_call; /* its Config.Tty, asked first */
	bool tty;
	bool tty_known;
	bool tail; /* the next stream starts with the last lines */
	struct logview_stream ls;
};

struct mergedlogs_source {
	/* The title's word before the name: "service", "project". */
	const char *noun;
	/* Opens a stream: docker_service_logs(), docker_container_logs(). */
	logview_call_fn *call;
	/*
	 * Writes a line of st as shown to out (reset): NULL puts the
	 * stream's prefix, padded to the widest, and " | " in front.
	 */
	void (*line)(struct mergedlogs_stream *st, enum demux_stream,
	    const char *line, size_t len, struct buf *out);
	/* The dim words after the tab; live: the streams followed now. */
	void (*info)(
	    const struct mergedlogs *, size_t live, char *out, size_t size);
	/* An engine event while the view is open (may be NULL). */
	void (*event)(struct mergedlogs *, const struct docker_event *);
	/*
	 * Ctrl-s writes the lines shown to berth-SAVE-NAME-DATE.log; NULL:
	 * the view does not save.
	 */
	const char *save;
};

/*
 * The view's state; a source keeps it as the first member of its own
 * (console_view() is a pointer to both), made by mergedlogs_init().
 */
struct mergedlogs {
	const struct mergedlogs_source *src;
	struct console *app;
	struct engine *engine;
	char *name;
	struct mergedlogs_stream **s;
	size_t n;
	int prefix_w; /* the widest prefix, for alignment */
	struct pager pager;
	bool timestamps;
	bool dirty;
	struct buf line; /* scratch for prefixed lines */
};

/* The view's ops: arg is the struct mergedlogs (freed with free()). */
extern const struct console_view_ops mergedlogs_view_ops;

void mergedlogs_init(struct mergedlogs *, const struct mergedlogs_source *,
    struct console *, struct engine *, const char *name);
/* Stops every stream and frees what ml holds (not ml itself). */
void mergedlogs_done(struct mergedlogs *ml);

/*
 * Adds the stream of object id, shown with prefix (may be NULL), from
 * its last lines when tail, else from now on. tty NULL: the object is a
 * container whose Config.Tty is asked first (raw or multiplexed); else
 * the stream is followed at once. Borrowed: ml owns it.
 */
struct mergedlogs_stream *mergedlogs_add(struct mergedlogs *, const char *id,
    const char *prefix, bool tail, const bool *tty);
/* The stream of object id, or NULL. */
struct mergedlogs_stream *mergedlogs_find(struct mergedlogs *, const char *id);
/* Follows st again from now on if its stream ended (a restart). */
void mergedlogs_resume(struct mergedlogs_stream *);

/* Line i of what is shown (borrowed), NULL past the end: for tests. */
const char *mergedlogs_line(const struct mergedlogs *, size_t i);

#endif
