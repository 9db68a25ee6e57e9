/*
 * Status bar: the bottom line with the endpoint and API version, a
 * READ-ONLY badge, a message (info, ok or error) that may expire, and key
 * hints on the right.
 */
#ifndef WIDGETS_STATUSBAR_H
#define WIDGETS_STATUSBAR_H

#include <stdbool.h>

#include <curses.h>

enum statusbar_level { STATUSBAR_INFO, STATUSBAR_OK, STATUSBAR_ERR };

struct statusbar {
	char *endpoint; /* owned */
	int endpoint_role; /* a theme role for it (an engine's colour), or 0 */
	char *api_version; /* owned */
	bool read_only;
	char *hints; /* owned: "?:help q:quit" */
	char *msg; /* owned; NULL: none */
	enum statusbar_level level;
	double expires; /* 0: until replaced */
};

void statusbar_init(struct statusbar *);
void statusbar_done(struct statusbar *);
/* Copies both (either may be NULL). */
void statusbar_set_endpoint(
    struct statusbar *, const char *endpoint, const char *api_version);
void statusbar_set_read_only(struct statusbar *, bool);
/* The endpoint in a colour of its own (a theme role; 0: the bar's). */
void statusbar_set_endpoint_role(struct statusbar *, int role);
/*
 * Copies hints: "KEY:text" words separated by spaces; the keys are drawn
 * in THEME_ROLE_HINT_KEY and the texts in THEME_ROLE_HINT_TEXT.
 */
void statusbar_set_hints(struct statusbar *, const char *);

/*
 * Takes ownership of msg (sanitized when drawn). It disappears at
 * now + ttl seconds, or stays until replaced when ttl <= 0.
 */
void statusbar_message(struct statusbar *, enum statusbar_level, char *msg,
    double now, double ttl);
void statusbar_clear(struct statusbar *);
/* Drops an expired message; true when it did (the bar needs a redraw). */
bool statusbar_expire(struct statusbar *, double now);
/* When the message expires (the next redraw it needs), 0 when never. */
double statusbar_next_due(const struct statusbar *);

/*
 * Draws the line at (y, x), w columns: endpoint, badge and message on the
 * left, hints on the right (dropped first when the line is too narrow).
 */
void statusbar_draw(const struct statusbar *, WINDOW *, int y, int x, int w);

#endif
