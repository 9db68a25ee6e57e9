/*
 * Pull and push with progress: an overlay that asks for the image
 * reference, then streams the engine's JSON-lines progress and draws a bar
 * per layer and one for the whole. It closes by itself when the transfer
 * succeeds; an error stays on screen until a key is pressed; Esc cancels.
 */
#ifndef TUI_ACTIONS_PULL_H
#define TUI_ACTIONS_PULL_H

#include <stdbool.h>

#include <curses.h>

#include "widgets/prompt.h"

struct console;
struct engine;

/* The pull prompt to e, offering initial (may be NULL) as the reference. */
void pull_open(struct console *, struct engine *e, const char *initial);
/* The push prompt for an image of e: its repo:tag (initial, may be NULL). */
void push_open(struct console *, struct engine *e, const char *initial);

/*
 * Splits an image reference into the name and the tag ("latest" when
 * there is none) or the digest ("sha256:..." after '@'). Only the
 * characters of the reference grammar are accepted. Owned results; false
 * with *cause (owned) when ref is not a reference.
 */
bool pull_parse_ref(const char *ref, char **name, char **tag, char **cause);

/*
 * A centred box that asks for one line: title in the frame, the lines
 * (NULL-terminated, may be NULL) above the prompt, the hint under it. The
 * cursor is drawn as a reversed cell, since the screen's cursor is hidden
 * under overlays. Shared by the pull, push, rename and tag prompts.
 */
void pull_draw_input(WINDOW *, int h, int w, const char *title,
    char *const *lines, struct prompt *, const char *label, const char *hint);

#endif
