/*
 * A centred box that asks for one line: the title in its frame, lines of
 * text above the prompt, a hint under it. The pull, push, rename, tag,
 * search and swarm prompts all look like this.
 */
#ifndef WIDGETS_INPUTBOX_H
#define WIDGETS_INPUTBOX_H

#include <curses.h>

#include "widgets/prompt.h"

/*
 * Draws the box centred in an h by w window: lines is NULL-terminated
 * (NULL: none), every text is sanitized. The cursor is drawn as a
 * reversed cell, since the screen's cursor is hidden under overlays.
 * Nothing is drawn when the window is too small for the box.
 */
void inputbox_draw(WINDOW *, int h, int w, const char *title,
    char *const *lines, struct prompt *, const char *label, const char *hint);

#endif
