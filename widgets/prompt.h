/*
 * One-line editor: cursor movement, deletion, history and completion, for
 * the filter and command prompts and the text fields of forms. Keys are
 * as in widgets/key.h.
 */
#ifndef WIDGETS_PROMPT_H
#define WIDGETS_PROMPT_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include <curses.h>

enum prompt_result {
	PROMPT_EDITING, /* key handled (or ignored), still editing */
	PROMPT_DONE, /* Enter */
	PROMPT_CANCELLED /* Esc or ^C or ^G */
};

/*
 * Tab completion: returns the completed text (owned, replaces the whole
 * line, cursor at its end) or NULL to leave it as is.
 */
typedef char *prompt_complete_fn(void *arg, const char *text);

struct prompt {
	wchar_t *buf; /* the line, NUL-terminated */
	size_t len;
	size_t cap;
	size_t cur; /* cursor, in characters */
	int scroll; /* first column drawn (kept by prompt_draw) */
	char *mb; /* multibyte copy for prompt_text() */
	bool mb_stale;

	char **history; /* owned, oldest first */
	size_t nhist;
	size_t max_hist;
	size_t hist_pos; /* nhist: the line being edited */
	wchar_t *saved; /* that line while browsing history */

	prompt_complete_fn *complete;
	void *complete_arg;
};

void prompt_init(struct prompt *);
void prompt_done(struct prompt *);
/* Replaces the text (copied); cursor at the end; leaves history browsing. */
void prompt_set(struct prompt *, const char *text);
/* The text in the locale's encoding. Borrowed until the next change. */
const char *prompt_text(struct prompt *);
void prompt_set_complete(struct prompt *, prompt_complete_fn *, void *arg);
/* Adds a line (copied) to the history, skipping empty and repeated ones. */
void prompt_history_add(struct prompt *, const char *line);

/*
 * Left/Right, Home/End, ^A/^E, ^B/^F, Backspace/^H, Delete/^D, ^U (to the
 * start), ^K (to the end), ^W (word before the cursor), Up/Down (history),
 * Tab (completion), Enter (DONE), Esc/^C/^G (CANCELLED). Printable
 * characters are inserted; other keys are ignored.
 */
enum prompt_result prompt_key(struct prompt *, int key);

/*
 * Draws label then the text at (y, x) in w columns, scrolled so the cursor
 * shows. Returns the cursor's column in the window (for wmove/curs_set).
 */
int prompt_draw(struct prompt *, WINDOW *, int y, int x, int w,
    const char *label, attr_t attr);

#endif
