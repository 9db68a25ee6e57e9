/*
 * Modal dialogs drawn centred in a box: confirm (y/Enter or n/Esc), alert
 * (any key) and choice (pick one option), each with optional checkboxes
 * ("force", "remove volumes") toggled with Space. Keys are as in
 * widgets/key.h.
 */
#ifndef WIDGETS_DIALOG_H
#define WIDGETS_DIALOG_H

#include <stdbool.h>
#include <stddef.h>

#include <curses.h>

enum dialog_kind { DIALOG_CONFIRM, DIALOG_ALERT, DIALOG_CHOICE };

enum dialog_result {
	DIALOG_OPEN, /* still open */
	DIALOG_CONFIRMED, /* yes / picked / alert closed */
	DIALOG_CANCELLED
};

/* The widest a dialog's inside gets; longer lines wrap. */
#define DIALOG_MAX_W 76

struct dialog_check {
	char *label;
	bool on;
};

struct dialog {
	enum dialog_kind kind;
	char *title;
	char **lines; /* message lines, owned */
	size_t nlines;
	char **options; /* choice options, owned */
	size_t nopts;
	size_t sel; /* the chosen option */
	struct dialog_check *checks;
	size_t nchecks;
	size_t cursor; /* focused item: options, then checks */
	size_t scroll; /* first message row shown */
	int msg_h; /* message rows shown at the last draw */
	/* The message wrapped to the box at the last draw. */
	struct dialog_row *rows;
	size_t nrows;
};

/* A screen row of the message: bytes [off, off + len) of one line. */
struct dialog_row {
	size_t line;
	size_t off;
	size_t len;
};

/* lines is NULL-terminated (NULL: none); everything is copied. */
struct dialog *dialog_confirm_new(const char *title, char *const *lines);
struct dialog *dialog_alert_new(const char *title, char *const *lines);
/* options is NULL-terminated; sel is the initially chosen one. */
struct dialog *dialog_choice_new(
    const char *title, char *const *lines, char *const *options, size_t sel);
void dialog_free(struct dialog *);

/* Adds a checkbox; returns its index. */
size_t dialog_add_check(struct dialog *, const char *label, bool on);
bool dialog_checked(const struct dialog *, size_t i);
/* The chosen option (choice dialogs). */
size_t dialog_choice(const struct dialog *);

/*
 * Confirm: y/Y/Enter confirm, n/N/Esc/q cancel. Alert: any key confirms.
 * Choice: j/k/Up/Down move, Enter picks, Esc/q cancels. Everywhere:
 * j/k/Up/Down move over the options then the checkboxes, Space toggles the
 * focused checkbox (or chooses the focused option); PgUp/PgDn scroll a long
 * message (and j/k too when there is nothing to move over).
 */
enum dialog_result dialog_key(struct dialog *, int key);

/*
 * Draws the dialog centred over the window's contents, as wide as its
 * content up to DIALOG_MAX_W; longer message lines wrap at spaces.
 */
void dialog_draw(struct dialog *, WINDOW *);

#endif
