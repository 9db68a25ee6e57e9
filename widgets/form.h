/*
 * Forms: labelled text, checkbox and choice fields in a centred box (run
 * an image, create a volume, tag). The caller validates on submit and puts
 * error messages next to the fields. Keys are as in widgets/key.h.
 */
#ifndef WIDGETS_FORM_H
#define WIDGETS_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include <curses.h>

#include "widgets/prompt.h"

enum form_kind { FORM_TEXT, FORM_CHECK, FORM_CHOICE };

enum form_result {
	FORM_EDITING,
	FORM_SUBMIT, /* Enter on the last field, or ^S */
	FORM_CANCELLED /* Esc */
};

struct form_field {
	enum form_kind kind;
	char *label; /* owned */
	char *error; /* owned; NULL: none */
	struct prompt prompt; /* FORM_TEXT */
	bool on; /* FORM_CHECK */
	char **options; /* FORM_CHOICE, owned, NULL-terminated */
	size_t nopts;
	size_t sel;
};

struct form {
	char *title; /* owned */
	struct form_field *fields;
	size_t n;
	size_t focus;
	size_t top; /* first field shown (scrolling) */
};

void form_init(struct form *, const char *title);
void form_done(struct form *);
/* Each returns the new field's index. Everything is copied. */
size_t form_add_text(struct form *, const char *label, const char *value);
size_t form_add_check(struct form *, const char *label, bool on);
/* options is NULL-terminated. */
size_t form_add_choice(
    struct form *, const char *label, char *const *options, size_t sel);

/* Values. Text: borrowed until the next change to the form. */
const char *form_text(struct form *, size_t field);
bool form_checked(const struct form *, size_t field);
size_t form_choice(const struct form *, size_t field);

/* Shown next to the field (copied); NULL clears. */
void form_set_error(struct form *, size_t field, const char *msg);
void form_clear_errors(struct form *);
/* Moves the focus (e.g. to the first field with an error). */
void form_focus(struct form *, size_t field);

/*
 * Tab/Down and Shift-Tab/Up move between fields; Enter moves to the next
 * field or submits on the last; ^S submits; Esc cancels. Space toggles a
 * checkbox; Space/Left/Right cycle a choice; other keys go to the focused
 * text field's prompt.
 */
enum form_result form_key(struct form *, int key);

/*
 * Draws the form centred over the window. Returns true when the cursor
 * should be shown (a text field has focus) and leaves the window's cursor
 * there.
 */
bool form_draw(struct form *, WINDOW *);

#endif
