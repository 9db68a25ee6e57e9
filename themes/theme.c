/* Color roles: theme files, the built-in themes and color-pair setup. */

#include "themes/theme.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curses.h>

#include "api/buf.h"
#include "api/xalloc.h"

/* Theme files larger than this are not themes. */
#define THEME_FILE_MAX (256 * 1024)

static const char *const theme_role_names[THEME_ROLE__COUNT] = {
    [THEME_ROLE_NORMAL] = "normal",
    [THEME_ROLE_HEADER] = "header",
    [THEME_ROLE_SELECTED] = "selected",
    [THEME_ROLE_MARKED] = "marked",
    [THEME_ROLE_SELECTED_MARKED] = "selected-marked",
    [THEME_ROLE_STATUS] = "status",
    [THEME_ROLE_STATUS_ERR] = "status-err",
    [THEME_ROLE_STATUS_OK] = "status-ok",
    [THEME_ROLE_STATUS_INFO] = "status-info",
    [THEME_ROLE_BADGE] = "badge",
    [THEME_ROLE_TAB] = "tab",
    [THEME_ROLE_TAB_ACTIVE] = "tab-active",
    [THEME_ROLE_TITLE] = "title",
    [THEME_ROLE_DIM] = "dim",
    [THEME_ROLE_RUNNING] = "running",
    [THEME_ROLE_STOPPED] = "stopped",
    [THEME_ROLE_PAUSED] = "paused",
    [THEME_ROLE_UNHEALTHY] = "unhealthy",
    [THEME_ROLE_WARN] = "warn",
    [THEME_ROLE_ERROR] = "error",
    [THEME_ROLE_DIALOG] = "dialog",
    [THEME_ROLE_DIALOG_BORDER] = "dialog-border",
    [THEME_ROLE_DIALOG_BUTTON] = "dialog-button",
    [THEME_ROLE_SEARCH_MATCH] = "search-match",
    [THEME_ROLE_STDERR] = "stderr",
    [THEME_ROLE_ESCAPED] = "escaped",
    [THEME_ROLE_JSON_KEY] = "json-key",
    [THEME_ROLE_JSON_STRING] = "json-string",
    [THEME_ROLE_JSON_NUMBER] = "json-number",
    [THEME_ROLE_JSON_PUNCT] = "json-punct",
    [THEME_ROLE_SPARK] = "spark",
    [THEME_ROLE_HINT_KEY] = "hint-key",
    [THEME_ROLE_HINT_TEXT] = "hint-text",
    [THEME_ROLE_FILTER] = "filter",
    [THEME_ROLE_PROGRESS] = "progress",
    [THEME_ROLE_BORDER] = "border",
};

static const char *const theme_color_names[8] = {
    "black",
    "red",
    "green",
    "yellow",
    "blue",
    "magenta",
    "cyan",
    "white",
};

static const struct {
	const char *name;
	attr_t attr;
} theme_attr_names[] = {
    {"bold", A_BOLD},
    {"dim", A_DIM},
    {"reverse", A_REVERSE},
    {"underline", A_UNDERLINE},
    {"italic", A_ITALIC},
    {"standout", A_STANDOUT},
};

/*
 * The built-in copies of the themes/ files, so that berth works when it is
 * not installed. tests/unit/test_theme.c checks that they match the files.
 */
static const char theme_default_text[] =
    "# berth default theme: colored text on the terminal's own background.\n"
    "# One role a line: ROLE FG BG [ATTR...]\n"
    "# Colors: default, black, red, green, yellow, blue, magenta, cyan, "
    "white,\n"
    "# bright-black .. bright-white, color0 .. color255.\n"
    "# Attributes: bold, dim, reverse, underline, italic, standout.\n"
    "\n"
    "normal           default       default\n"
    "header           bright-white  default  bold underline\n"
    "selected         black         cyan\n"
    "marked           bright-yellow default  bold\n"
    "selected-marked  bright-yellow blue     bold\n"
    "status           white         blue\n"
    "status-err       bright-white  red      bold\n"
    "status-ok        black         green\n"
    "status-info      bright-white  blue\n"
    "badge            black         yellow   bold\n"
    "tab              default       default\n"
    "tab-active       black         cyan     bold\n"
    "title            bright-cyan   default  bold\n"
    "dim              bright-black  default\n"
    "running          green         default\n"
    "stopped          red           default\n"
    "paused           yellow        default\n"
    "unhealthy        bright-red    default  bold\n"
    "warn             yellow        default  bold\n"
    "error            bright-red    default  bold\n"
    "dialog           white         blue\n"
    "dialog-border    bright-white  blue     bold\n"
    "dialog-button    black         cyan     bold\n"
    "search-match     black         yellow\n"
    "stderr           red           default\n"
    "escaped          bright-magenta default bold\n"
    "json-key         cyan          default\n"
    "json-string      green         default\n"
    "json-number      yellow        default\n"
    "json-punct       bright-black  default\n"
    "spark            green         default\n"
    "hint-key         bright-white  blue     bold\n"
    "hint-text        white         blue\n"
    "filter           bright-yellow default  bold\n"
    "progress         green         default\n"
    "border           blue          default\n";

static const char theme_light_text[] =
    "# berth light theme: dark text for terminals with a light background.\n"
    "# One role a line: ROLE FG BG [ATTR...]; see default.theme for the "
    "names.\n"
    "\n"
    "normal           default       default\n"
    "header           black         default  bold underline\n"
    "selected         white         blue\n"
    "marked           magenta       default  bold\n"
    "selected-marked  bright-white  magenta  bold\n"
    "status           black         white\n"
    "status-err       bright-white  red      bold\n"
    "status-ok        black         green\n"
    "status-info      black         cyan\n"
    "badge            bright-white  magenta  bold\n"
    "tab              default       default\n"
    "tab-active       white         blue     bold\n"
    "title            blue          default  bold\n"
    "dim              bright-black  default\n"
    "running          green         default\n"
    "stopped          red           default\n"
    "paused           magenta       default\n"
    "unhealthy        red           default  bold\n"
    "warn             magenta       default  bold\n"
    "error            red           default  bold\n"
    "dialog           black         white\n"
    "dialog-border    blue          white    bold\n"
    "dialog-button    white         blue     bold\n"
    "search-match     black         yellow\n"
    "stderr           red           default\n"
    "escaped          magenta       default  bold underline\n"
    "json-key         blue          default\n"
    "json-string      green         default\n"
    "json-number      magenta       default\n"
    "json-punct       bright-black  default\n"
    "spark            blue          default\n"
    "hint-key         blue          white    bold\n"
    "hint-text        black         white\n"
    "filter           blue          default  bold\n"
    "progress         blue          default\n"
    "border           bright-black  default\n";

static const char theme_mono_text[] =
    "# berth mono theme: attributes only, for terminals without colors and "
    "for\n"
    "# NO_COLOR. One role a line: ROLE FG BG [ATTR...]; see default.theme.\n"
    "\n"
    "normal           default  default\n"
    "header           default  default  bold underline\n"
    "selected         default  default  reverse\n"
    "marked           default  default  bold\n"
    "selected-marked  default  default  reverse bold\n"
    "status           default  default  reverse\n"
    "status-err       default  default  reverse bold\n"
    "status-ok        default  default  reverse\n"
    "status-info      default  default  reverse\n"
    "badge            default  default  bold\n"
    "tab              default  default\n"
    "tab-active       default  default  reverse bold\n"
    "title            default  default  bold\n"
    "dim              default  default  dim\n"
    "running          default  default\n"
    "stopped          default  default  dim\n"
    "paused           default  default  underline\n"
    "unhealthy        default  default  bold underline\n"
    "warn             default  default  bold\n"
    "error            default  default  bold\n"
    "dialog           default  default\n"
    "dialog-border    default  default  bold\n"
    "dialog-button    default  default  reverse\n"
    "search-match     default  default  reverse\n"
    "stderr           default  default  bold\n"
    "escaped          default  default  bold underline\n"
    "json-key         default  default  bold\n"
    "json-string      default  default\n"
    "json-number      default  default\n"
    "json-punct       default  default  dim\n"
    "spark            default  default\n"
    "hint-key         default  default  reverse bold\n"
    "hint-text        default  default  reverse\n"
    "filter           default  default  bold\n"
    "progress         default  default\n"
    "border           default  default\n";

const char *const theme_builtin_names[] = {"default", "light", "mono", NULL};

/* What theme_attr() returns: set by theme_apply(), mono until then. */
static attr_t theme_current[THEME_ROLE__COUNT];
static bool theme_applied;

static bool theme_parse_color(const char *, short *);
static bool theme_read_file(const char *, char **, bool *);
static char *theme_exe_dir(void);
static bool theme_try_dir(
    struct theme *, const char *, const char *, bool *, char **);
static void theme_use_attrs(const struct theme *);
static short theme_fit_color(short, int);
static int theme_luma(short);
static void theme_rgb(short, int[3]);

const char *
theme_role_name(enum theme_role r)
{
	if ((int)r < 0 || r >= THEME_ROLE__COUNT)
		return NULL;
	return theme_role_names[r];
}

bool
theme_role_from_name(const char *name, enum theme_role *r)
{
	for (int i = 0; i < THEME_ROLE__COUNT; i++) {
		if (!strcmp(name, theme_role_names[i])) {
			*r = (enum theme_role)i;
			return true;
		}
	}
	return false;
}

const char *
theme_builtin(const char *name)
{
	if (!strcmp(name, "default"))
		return theme_default_text;
	if (!strcmp(name, "light"))
		return theme_light_text;
	if (!strcmp(name, "mono"))
		return theme_mono_text;
	return NULL;
}

void
theme_init(struct theme *t)
{
	char *cause = NULL;

	memset(t, 0, sizeof *t);
	for (int i = 0; i < THEME_ROLE__COUNT; i++) {
		t->role[i].fg = THEME_COLOR_DEFAULT;
		t->role[i].bg = THEME_COLOR_DEFAULT;
	}
	/* The built-in text is checked by the tests, so this cannot fail. */
	if (!theme_parse(t, theme_default_text, &cause))
		abort();
	memset(t->set, 0, sizeof t->set);
}

static bool
theme_parse_color(const char *s, short *c)
{
	if (!strcmp(s, "default")) {
		*c = THEME_COLOR_DEFAULT;
		return true;
	}
	for (int i = 0; i < 8; i++) {
		if (!strcmp(s, theme_color_names[i])) {
			*c = (short)i;
			return true;
		}
		if (!strncmp(s, "bright-", 7) &&
		    !strcmp(s + 7, theme_color_names[i])) {
			*c = (short)(i + 8);
			return true;
		}
	}
	if (!strncmp(s, "color", 5) && isdigit((unsigned char)s[5])) {
		char *end;
		long n;

		errno = 0;
		n = strtol(s + 5, &end, 10);
		if (*end == '\0' && errno == 0 && n >= 0 && n <= 255 &&
		    (s[5] != '0' || s[6] == '\0')) {
			*c = (short)n;
			return true;
		}
	}
	return false;
}

bool
theme_parse(struct theme *t, const char *text, char **cause)
{
	const char *p = text;
	int lineno = 0;

	*cause = NULL;
	while (*p != '\0') {
		const char *eol = strchr(p, '\n');
		size_t len = eol != NULL ? (size_t)(eol - p) : strlen(p);
		char *line = xstrndup(p, len);
		char *words[16];
		size_t nw = 0;
		char *save = NULL, *w, *hash;
		enum theme_role r;
		struct theme_style st;

		lineno++;
		p += len + (eol != NULL);
		if ((hash = strchr(line, '#')) != NULL)
			*hash = '\0';
		for (w = strtok_r(line, " \t\r", &save); w != NULL;
		     w = strtok_r(NULL, " \t\r", &save)) {
			if (nw == sizeof words / sizeof words[0]) {
				*cause = xasprintf(
				    "line %d: too many words", lineno);
				free(line);
				return false;
			}
			words[nw++] = w;
		}
		if (nw == 0) {
			free(line);
			continue;
		}
		if (!theme_role_from_name(words[0], &r)) {
			*cause = xasprintf(
			    "line %d: unknown role \"%s\"", lineno, words[0]);
			free(line);
			return false;
		}
		if (nw < 3) {
			*cause = xasprintf("line %d: %s: expected ROLE FG BG "
					   "[ATTR...]",
			    lineno, words[0]);
			free(line);
			return false;
		}
		if (t->set[r]) {
			*cause = xasprintf(
			    "line %d: %s is given twice", lineno, words[0]);
			free(line);
			return false;
		}
		if (!theme_parse_color(words[1], &st.fg) ||
		    !theme_parse_color(words[2], &st.bg)) {
			*cause = xasprintf("line %d: %s: unknown color \"%s\"",
			    lineno, words[0],
			    theme_parse_color(words[1], &st.fg) ? words[2]
								: words[1]);
			free(line);
			return false;
		}
		/*
		 * The same explicit color on both sides hides the text on
		 * every terminal; "default" on one side is the terminal's
		 * business.
		 */
		if (st.fg != THEME_COLOR_DEFAULT && st.fg == st.bg) {
			*cause = xasprintf(
			    "line %d: %s: foreground and "
			    "background are the same color (invisible text)",
			    lineno, words[0]);
			free(line);
			return false;
		}
		st.attrs = A_NORMAL;
		for (size_t i = 3; i < nw; i++) {
			size_t j;

			for (j = 0; j < sizeof theme_attr_names /
					    sizeof theme_attr_names[0];
			     j++) {
				if (!strcmp(words[i], theme_attr_names[j].name))
					break;
			}
			if (j == sizeof theme_attr_names /
				     sizeof theme_attr_names[0]) {
				*cause = xasprintf("line %d: %s: unknown "
						   "attribute \"%s\"",
				    lineno, words[0], words[i]);
				free(line);
				return false;
			}
			st.attrs |= theme_attr_names[j].attr;
		}
		t->role[r] = st;
		t->set[r] = true;
		free(line);
	}
	return true;
}

/* Reads a whole file; *missing tells a file that is not there. */
static bool
theme_read_file(const char *path, char **text, bool *missing)
{
	FILE *f;
	struct buf b;
	char chunk[4096];
	size_t n;

	*missing = false;
	if ((f = fopen(path, "r")) == NULL) {
		*missing = errno == ENOENT || errno == ENOTDIR;
		return false;
	}
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		buf_append(&b, chunk, n);
		if (b.len > THEME_FILE_MAX) {
			errno = EFBIG;
			break;
		}
	}
	if (ferror(f) || b.len > THEME_FILE_MAX) {
		int e = errno;

		fclose(f);
		buf_done(&b);
		errno = e != 0 ? e : EIO;
		return false;
	}
	fclose(f);
	if (memchr(buf_cstr(&b), '\0', b.len) != NULL) {
		buf_done(&b);
		errno = EINVAL;
		return false;
	}
	*text = b.len > 0 ? buf_steal(&b) : xstrdup("");
	buf_done(&b);
	return true;
}

/* The directory of the running program, or NULL. Owned. */
static char *
theme_exe_dir(void)
{
	char path[PATH_MAX];
	ssize_t n;
	char *slash;

	n = readlink("/proc/self/exe", path, sizeof path - 1);
	if (n <= 0)
		return NULL;
	path[n] = '\0';
	if ((slash = strrchr(path, '/')) == NULL)
		return NULL;
	*slash = '\0';
	return xstrdup(path);
}

/*
 * Tries dir/name.theme; *found says whether the file was there. Returns
 * false with *cause only for a file that exists but cannot be used.
 */
static bool
theme_try_dir(struct theme *t, const char *dir, const char *name, bool *found,
    char **cause)
{
	char *path, *text, *why = NULL;
	bool missing;

	*found = false;
	path = xasprintf("%s/%s.theme", dir, name);
	if (!theme_read_file(path, &text, &missing)) {
		if (!missing)
			*cause = xasprintf("%s: %s", path, strerror(errno));
		free(path);
		return missing;
	}
	*found = true;
	theme_init(t);
	if (!theme_parse(t, text, &why)) {
		*cause = xasprintf("%s: %s", path, why);
		free(why);
		free(text);
		free(path);
		return false;
	}
	free(text);
	free(path);
	return true;
}

bool
theme_load(struct theme *t, const char *name, char **cause)
{
	const char *env, *builtin;
	char *dir, *exe, *why = NULL;
	bool found;

	*cause = NULL;
	if (strchr(name, '/') != NULL) {
		char *text;
		bool missing;

		if (!theme_read_file(name, &text, &missing)) {
			*cause = xasprintf("%s: %s", name, strerror(errno));
			return false;
		}
		theme_init(t);
		if (!theme_parse(t, text, &why)) {
			*cause = xasprintf("%s: %s", name, why);
			free(why);
			free(text);
			return false;
		}
		free(text);
		return true;
	}
	/* A bare name must not climb out of the theme directories. */
	if (name[0] == '\0' || name[0] == '.' ||
	    strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			 "0123456789._-") != strlen(name)) {
		*cause = xasprintf("theme \"%s\": not a theme name", name);
		return false;
	}

	if ((env = getenv("XDG_CONFIG_HOME")) != NULL && env[0] == '/')
		dir = xasprintf("%s/berth/themes", env);
	else if ((env = getenv("HOME")) != NULL && env[0] != '\0')
		dir = xasprintf("%s/.config/berth/themes", env);
	else
		dir = NULL;
	if (dir != NULL) {
		bool ok = theme_try_dir(t, dir, name, &found, cause);

		free(dir);
		if (!ok || found)
			return ok;
	}
	if (!theme_try_dir(t, BERTH_DATADIR "/themes", name, &found, cause) ||
	    found)
		return *cause == NULL;
	if ((exe = theme_exe_dir()) != NULL) {
		const char *const subdirs[] = {"themes", "../themes"};

		for (size_t i = 0; i < 2; i++) {
			bool ok;

			dir = xasprintf("%s/%s", exe, subdirs[i]);
			ok = theme_try_dir(t, dir, name, &found, cause);
			free(dir);
			if (!ok || found) {
				free(exe);
				return ok;
			}
		}
		free(exe);
	}
	if ((builtin = theme_builtin(name)) != NULL) {
		theme_init(t);
		if (!theme_parse(t, builtin, &why)) {
			*cause = xasprintf("built-in theme %s: %s", name, why);
			free(why);
			return false;
		}
		return true;
	}
	*cause = xasprintf("theme \"%s\" not found", name);
	return false;
}

/* Attributes without colors, for mono terminals and NO_COLOR. */
static void
theme_use_attrs(const struct theme *t)
{
	for (int i = 0; i < THEME_ROLE__COUNT; i++)
		theme_current[i] = t->role[i].attrs;
	theme_applied = true;
}

/* The RGB of a palette color, with xterm's values. */
static void
theme_rgb(short c, int rgb[3])
{
	static const unsigned char basic[16][3] = {
	    {0, 0, 0},
	    {205, 0, 0},
	    {0, 205, 0},
	    {205, 205, 0},
	    {0, 0, 238},
	    {205, 0, 205},
	    {0, 205, 205},
	    {229, 229, 229},
	    {127, 127, 127},
	    {255, 0, 0},
	    {0, 255, 0},
	    {255, 255, 0},
	    {92, 92, 255},
	    {255, 0, 255},
	    {0, 255, 255},
	    {255, 255, 255},
	};
	static const unsigned char level[6] = {0, 95, 135, 175, 215, 255};

	if (c < 16) {
		for (int i = 0; i < 3; i++)
			rgb[i] = basic[c][i];
	} else if (c < 232) {
		rgb[0] = level[(c - 16) / 36];
		rgb[1] = level[(c - 16) / 6 % 6];
		rgb[2] = level[(c - 16) % 6];
	} else {
		rgb[0] = rgb[1] = rgb[2] = 8 + 10 * (c - 232);
	}
}

/* The approximate brightness (0..255) of a palette color. */
static int
theme_luma(short c)
{
	int rgb[3];

	theme_rgb(c, rgb);
	return (rgb[0] * 299 + rgb[1] * 587 + rgb[2] * 114) / 1000;
}

/*
 * Maps a palette color the terminal does not have to the nearest one it
 * has, so a 256-color theme still reads on an 8-color console.
 */
static short
theme_fit_color(short c, int ncolors)
{
	int rgb[3], best = 0, have = ncolors < 16 ? 8 : 16;
	long best_d = -1;

	if (c < 0 || c < ncolors)
		return c;
	/* bright-X on an 8-color terminal is X. */
	if (c < 16)
		return (short)(c - 8);
	theme_rgb(c, rgb);
	for (short i = 0; i < have; i++) {
		int b[3];
		long d = 0;

		theme_rgb(i, b);
		for (int k = 0; k < 3; k++)
			d += (long)(rgb[k] - b[k]) * (rgb[k] - b[k]);
		if (best_d < 0 || d < best_d) {
			best_d = d;
			best = i;
		}
	}
	return (short)best;
}

void
theme_apply(const struct theme *t, bool has_colors)
{
	const char *nc = getenv("NO_COLOR");
	bool defaults_ok;

	if (!has_colors || (nc != NULL && nc[0] != '\0') || COLORS < 8 ||
	    COLOR_PAIRS <= THEME_ROLE__COUNT) {
		struct theme mono;
		char *cause = NULL;

		theme_init(&mono);
		if (!theme_parse(&mono, theme_mono_text, &cause))
			abort();
		theme_use_attrs(&mono);
		return;
	}
	defaults_ok = use_default_colors() == OK;
	for (int i = 0; i < THEME_ROLE__COUNT; i++) {
		short fg = theme_fit_color(t->role[i].fg, COLORS);
		short bg = theme_fit_color(t->role[i].bg, COLORS);
		attr_t a = t->role[i].attrs;

		/*
		 * An 8-color terminal (the Linux console) shows bright colors
		 * as bold: bright-black is then dark grey, not black on black.
		 */
		if (COLORS < 16 && t->role[i].fg >= 8 && t->role[i].fg < 16)
			a |= A_BOLD;

		if (!defaults_ok) {
			if (fg < 0)
				fg = COLOR_WHITE;
			if (bg < 0)
				bg = COLOR_BLACK;
		}
		/*
		 * Fitting to fewer colors can make both sides the same; pick
		 * whichever of black and white reads on that background.
		 */
		if (fg >= 0 && fg == bg)
			fg = theme_luma(bg) > 128 ? COLOR_BLACK : COLOR_WHITE;
		init_pair((short)(i + 1), fg, bg);
		theme_current[i] = COLOR_PAIR(i + 1) | a;
	}
	theme_applied = true;
}

attr_t
theme_attr(enum theme_role r)
{
	if ((int)r < 0 || r >= THEME_ROLE__COUNT)
		r = THEME_ROLE_NORMAL;
	if (!theme_applied) {
		struct theme mono;
		char *cause = NULL;

		theme_init(&mono);
		if (!theme_parse(&mono, theme_mono_text, &cause))
			abort();
		theme_use_attrs(&mono);
	}
	return theme_current[r];
}
