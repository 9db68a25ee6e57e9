/* Key bindings: (pane, key) -> action, from the config file's syntax. */
#ifndef TUI_CORE_KEYMAP_H
#define TUI_CORE_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>

#include "tui/core/action.h"

/*
 * Keys are as the widgets take them (widgets/key.h): a function key
 * (curses KEY_*) is stored as WKEY(KEY_*), with WKEY_FN set.
 */

struct keymap_entry {
	char *pane; /* pane name, or "*" for every pane */
	int key;
	enum action action;
};

struct keymap {
	struct keymap_entry *v;
	size_t n;
};

/* The built-in bindings, in the config file's syntax. */
extern const char keymap_defaults[];

void keymap_init(struct keymap *);
void keymap_done(struct keymap *);
void keymap_bind(struct keymap *, const char *pane, int key, enum action);
/* Returns false when nothing was bound there. */
bool keymap_unbind(struct keymap *, const char *pane, int key);
/* The pane's own binding first, then the global one; ACTION_NONE if none. */
enum action keymap_lookup(const struct keymap *, const char *pane, int key);

/* "q", "C-k", "Enter", "Space", "Tab", "S-Tab", "F5", ... */
bool keymap_parse_key(const char *, int *key);
/* Writes the key's name into buf. */
const char *keymap_key_name(int key, char *buf, size_t len);
/*
 * Every key bound to action in pane (own first, then global), joined with
 * "/" into buf. Empty when none.
 */
const char *keymap_keys_for(const struct keymap *, const char *pane,
    enum action, char *buf, size_t len);

#endif
