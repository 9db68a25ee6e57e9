/*
 * Support bundles: plain files that describe an engine and what is wrong
 * with it (version, info, disk, containers and their inspect documents,
 * logs of the failing ones, the last hour of events, published ports and
 * NAT sessions, the doctor's findings), with secrets masked.
 */
#ifndef TUI_ACTIONS_BUNDLE_H
#define TUI_ACTIONS_BUNDLE_H

#include <stdbool.h>

struct console;
struct docker;
struct engine;

/*
 * Called with each line of progress ("containers/web.inspect.json"). A
 * line may quote the engine (its errors): print it through text_fwrite()
 * or text_fprintf() (widgets/text.h), never as it is.
 */
typedef void bundle_progress_fn(void *arg, const char *line);

struct bundle_opts {
	bool unmasked; /* keep secret-looking environment values */
	bundle_progress_fn *progress; /* may be NULL */
	void *arg;
};

/*
 * Writes a bundle into dir (created when missing, mode 0700; files 0600).
 * Blocking: for the command line (--bundle), or with the terminal handed
 * over. Pieces the engine refuses are named in summary.txt; false with
 * *cause (owned) only when the bundle cannot be written at all.
 */
bool bundle_write(
    struct docker *, const char *dir, const struct bundle_opts *, char **cause);

/*
 * The console's bundle key, for the engine e: hands the terminal over, writes
 * ./berth-bundle-<date>-<time> (or under $TMPDIR when the current
 * directory is not writable) over a connection of its own, prints
 * progress, and waits for Enter before the console comes back.
 */
void bundle_console(struct console *, struct engine *e);

#endif
