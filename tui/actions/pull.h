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
 * The one-line box (widgets/inputbox.h) under the name the save, export,
 * load and search prompts call it by.
 */
void pull_draw_input(WINDOW *, int h, int w, const char *title,
    char *const *lines, struct prompt *, const char *label, const char *hint);

/* What a key does to an overlay that asks for a line, then runs. */
enum pull_key {
	PULL_KEY_KEEP, /* the overlay stays */
	PULL_KEY_START, /* the line was given: start */
	PULL_KEY_CANCEL, /* Esc, q or Ctrl-C while running: cancel */
	PULL_KEY_CLOSE /* the overlay goes */
};

/*
 * The keys of the pull, push, save, export and load overlays: while they
 * ask (asking: their prompt) the prompt's (Enter starts, Esc closes);
 * while they run, Esc, q and Ctrl-C cancel; after, any key closes.
 */
enum pull_key pull_key_of(struct prompt *asking, bool running, int key);

/* Where a progress box went: its frame's corner and size. */
struct pull_box {
	int x, y, w, h;
};

/*
 * Draws the frame of a progress overlay centred in the window: up to maxw
 * wide and rows high, no taller than the window leaves room for, title
 * (may be NULL) in the frame. False when the window is too small for one:
 * nothing is drawn.
 */
bool pull_draw_box(WINDOW *, int h, int w, int maxw, int rows,
    const char *title, struct pull_box *);

#endif
