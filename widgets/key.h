/*
 * Keys as the widgets take them: a character is its code point, a curses
 * function key (KEY_LEFT, KEY_BTAB, ...) has WKEY_FN set so it never
 * collides with a character. The key bindings (tui/core/keymap.h) store
 * keys the same way.
 */
#ifndef WIDGETS_KEY_H
#define WIDGETS_KEY_H

#include <curses.h>

#define WKEY_FN 0x40000000
#define WKEY(k) ((int)(k) | WKEY_FN) /* WKEY(KEY_LEFT) */
#define WKEY_CTRL(c) ((c)&0x1f) /* WKEY_CTRL('a') == 1 */
#define WKEY_ESC 27

/* Turns what wget_wch() returned (rc, ch) into a key; -1 for ERR. */
int wkey_from_wch(int rc, wint_t ch);

/* True for Enter in any of its forms ('\n', '\r', KEY_ENTER). */
int wkey_is_enter(int key);
/* True for Backspace in any of its forms (KEY_BACKSPACE, DEL, ^H). */
int wkey_is_backspace(int key);

#endif
