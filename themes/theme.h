/*
 * Color roles: every color on screen is named by a role, and a theme file
 * maps each role to a foreground, a background and attributes.
 */
#ifndef THEMES_THEME_H
#define THEMES_THEME_H

#include <stdbool.h>

#include <curses.h>

enum theme_role {
	THEME_ROLE_NORMAL,
	THEME_ROLE_HEADER, /* table header */
	THEME_ROLE_SELECTED, /* the selected row */
	THEME_ROLE_MARKED, /* rows marked for a bulk action */
	THEME_ROLE_SELECTED_MARKED,
	THEME_ROLE_STATUS, /* status bar */
	THEME_ROLE_STATUS_ERR,
	THEME_ROLE_STATUS_OK,
	THEME_ROLE_STATUS_INFO,
	THEME_ROLE_BADGE, /* READ-ONLY */
	THEME_ROLE_TAB,
	THEME_ROLE_TAB_ACTIVE,
	THEME_ROLE_TITLE,
	THEME_ROLE_DIM,
	THEME_ROLE_RUNNING,
	THEME_ROLE_STOPPED,
	THEME_ROLE_PAUSED,
	THEME_ROLE_UNHEALTHY,
	THEME_ROLE_WARN,
	THEME_ROLE_ERROR,
	THEME_ROLE_DIALOG,
	THEME_ROLE_DIALOG_BORDER,
	THEME_ROLE_DIALOG_BUTTON,
	THEME_ROLE_SEARCH_MATCH,
	THEME_ROLE_STDERR,
	THEME_ROLE_ESCAPED, /* control characters shown as ^X */
	THEME_ROLE_JSON_KEY,
	THEME_ROLE_JSON_STRING,
	THEME_ROLE_JSON_NUMBER,
	THEME_ROLE_JSON_PUNCT,
	THEME_ROLE_SPARK,
	THEME_ROLE_HINT_KEY, /* "q" in "q:quit" */
	THEME_ROLE_HINT_TEXT, /* "quit" in "q:quit" */
	THEME_ROLE_FILTER,
	THEME_ROLE_PROGRESS,
	THEME_ROLE_BORDER,
	THEME_ROLE__COUNT
};

/* Colors: -1 is the terminal's default, 0..255 the terminal's palette. */
#define THEME_COLOR_DEFAULT (-1)

struct theme_style {
	short fg;
	short bg;
	attr_t attrs; /* A_BOLD, A_REVERSE, ... (no color pair) */
};

/* A theme holds no heap memory: copy it, drop it, no _done() needed. */
struct theme {
	struct theme_style role[THEME_ROLE__COUNT];
	bool set[THEME_ROLE__COUNT]; /* given by the parsed text */
};

/* Sets every role to the built-in default theme; set[] all false. */
void theme_init(struct theme *);

/*
 * Applies the lines of text ("ROLE FG BG [ATTR...]", '#' comments) on top
 * of what *t holds, marking each role given in set[]. On error returns
 * false with *cause = "line N: ..." (owned by the caller); *t may then be
 * partly changed. A role whose foreground and background are the same
 * color (invisible text) is an error.
 */
bool theme_parse(struct theme *, const char *text, char **cause);

/*
 * Loads the theme called name: a path when it contains '/', otherwise
 * NAME.theme from $XDG_CONFIG_HOME/berth/themes (~/.config/berth/themes),
 * BERTH_DATADIR/themes, the themes/ directory next to the executable (and
 * its parent's), then the built-in copies of "default", "light", "mono".
 * The file is parsed on top of the default theme, so it may give only some
 * roles. On error returns false with an owned *cause naming the file.
 */
bool theme_load(struct theme *, const char *name, char **cause);

/* The built-in text of "default", "light" or "mono", or NULL. Borrowed. */
const char *theme_builtin(const char *name);
/* The built-in theme names, NULL-terminated. */
extern const char *const theme_builtin_names[];

/*
 * Makes t current: after start_color() (and use_default_colors() when
 * available) it does init_pair() for every role. Without colors, or when
 * NO_COLOR is set in the environment, the built-in mono theme's attributes
 * are used and no pair is set. Before any theme_apply(), theme_attr()
 * returns the mono attributes, so widgets draw sensibly in tests.
 */
void theme_apply(const struct theme *, bool has_colors);

/* COLOR_PAIR(n) | attributes of the role, for drawing. */
attr_t theme_attr(enum theme_role);

/* "selected-marked", "status-err", ...; NULL for an unknown role. */
const char *theme_role_name(enum theme_role);
bool theme_role_from_name(const char *, enum theme_role *);

#endif
