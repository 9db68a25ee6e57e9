/*
 * Build an image from a folder, as `docker build -t NAME FOLDER` does: a
 * form (folder, Dockerfile, tags, build args, target, platform, labels,
 * no cache, pull), then the context streamed to the engine as a tar while
 * it is sent (api/buildctx.h) with the bytes counted, the build's output
 * live with each step, and at the end the new image selected in the
 * images pane, or the step that failed and its error. Esc cancels the
 * build. Refused in read-only mode; audited.
 */
#ifndef TUI_ACTIONS_BUILD_H
#define TUI_ACTIONS_BUILD_H

#include <stdbool.h>

struct console;
struct engine;

/*
 * The build form for e, filled from a :build line (NULL: empty, the
 * current folder): [FOLDER] and the options of docker build the form has
 * (-t/--tag, -f/--file, --build-arg, --target, --platform, --label,
 * --no-cache, --pull). A line it cannot read is said in the status bar.
 */
void build_open(struct console *, struct engine *e, const char *line);

/* Build arguments or labels as typed ("A=1 'B=two words'"), checked. */
bool build_parse_pairs(
    const char *text, bool value_needed, char ***out, char **cause);

#endif
