/*
 * The console's parts as berth ships them: its panes, action modules and
 * detail views, plugged into the core by main (and by the tests).
 */
#ifndef TUI_PARTS_H
#define TUI_PARTS_H

#include "tui/core/console.h"

extern const struct console_parts berth_parts;

#endif
