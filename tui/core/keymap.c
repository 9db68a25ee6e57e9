/* Key bindings and key names. */

#include "tui/core/keymap.h"

#include <ctype.h>
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/xalloc.h"
#include "widgets/key.h"

/*
 * The default bindings, written in the config file's syntax so that the
 * README, the help screen and a user's config all speak the same language.
 */
const char keymap_defaults[] = "# global\n"
			       "bind * q quit\n"
			       "bind * C-c quit\n"
			       "bind * ? help\n"
			       "bind * / filter\n"
			       "bind * : command\n"
			       "bind * Tab next-pane\n"
			       "bind * S-Tab prev-pane\n"
			       "bind * 1 pane-1\n"
			       "bind * 2 pane-2\n"
			       "bind * 3 pane-3\n"
			       "bind * 4 pane-4\n"
			       "bind * 5 pane-5\n"
			       "bind * 6 pane-6\n"
			       "bind * 7 pane-7\n"
			       "bind * 8 pane-8\n"
			       "bind * 9 pane-9\n"
			       "bind * j down\n"
			       "bind * Down down\n"
			       "bind * k up\n"
			       "bind * Up up\n"
			       "bind * Left left\n"
			       "bind * Right right\n"
			       "bind * g top\n"
			       "bind * Home top\n"
			       "bind * G bottom\n"
			       "bind * End bottom\n"
			       "bind * PgUp page-up\n"
			       "bind * C-b page-up\n"
			       "bind * PgDn page-down\n"
			       "bind * C-f page-down\n"
			       "bind * Enter enter\n"
			       "bind * Esc back\n"
			       "bind * Space mark\n"
			       "bind * o sort\n"
			       "bind * O sort-reverse\n"
			       "bind * C-r refresh\n"
			       "bind * C-l redraw\n"
			       "bind * n search-next\n"
			       "bind * N search-prev\n"
			       "bind * i inspect\n"
			       "bind * c copy-id\n"
			       "bind * P prune\n"
			       "bind * d remove\n"
			       "# containers\n"
			       "bind containers l logs\n"
			       "bind containers t processes\n"
			       "bind containers x stats\n"
			       "bind containers r run\n"
			       "bind containers a attach\n"
			       "bind containers e exec\n"
			       "bind containers s stop\n"
			       "bind containers S start\n"
			       "bind containers R restart\n"
			       "bind containers p pause\n"
			       "bind containers C-k kill\n"
			       "bind containers F2 rename\n"
			       "bind containers 0 all-engines\n"
			       "# compose projects\n"
			       "bind projects l logs\n"
			       "bind projects s stop\n"
			       "bind projects S start\n"
			       "bind projects R restart\n"
			       "bind projects p pause\n"
			       "# images\n"
			       "bind images r run\n"
			       "bind images u pull\n"
			       "bind images h history\n"
			       "bind images T tag\n"
			       "bind images U push\n"
			       "bind images S save-images\n"
			       "bind images L load\n"
			       "bind images B build\n"
			       "bind images F search\n"
			       "bind containers C commit\n"
			       "bind containers E export\n"
			       "# volumes and networks\n"
			       "bind volumes C create\n"
			       "bind networks C create\n"
			       "# sessions\n"
			       "bind sessions e exec\n"
			       "bind sessions a attach\n"
			       "bind sessions t processes\n"
			       "# doctor and host: the support bundle\n"
			       "bind doctor l logs\n"
			       "bind doctor x stats\n"
			       "bind doctor t processes\n"
			       "bind doctor b bundle\n"
			       "bind host b bundle\n"
			       "# nat\n"
			       "bind nat H nat-helper\n"
			       "bind nat z show-closed\n"
			       "# events\n"
			       "bind events z show-own\n"
			       "# swarm\n"
			       "bind nodes D drain\n"
			       "bind nodes A activate\n"
			       "bind nodes p pause\n"
			       "bind nodes + promote\n"
			       "bind nodes - demote\n"
			       "bind nodes L label\n"
			       "bind services s scale\n"
			       "bind services u update-image\n"
			       "bind services R restart\n"
			       "bind services b rollback\n"
			       "bind services l logs\n"
			       "bind secrets C create\n"
			       "bind configs C create\n"
			       "# detail views\n"
			       "bind detail t timestamps\n"
			       "bind detail w wrap\n"
			       "bind detail C-s save\n"
			       "bind detail z fold\n"
			       "bind detail l logs\n"
			       "bind detail x stats\n";

struct keymap_name {
	const char *name;
	int key;
};

static const struct keymap_name keymap_names[] = {
    {"Enter", '\n'},
    {"Esc", 27},
    {"Space", ' '},
    {"Tab", '\t'},
    {"S-Tab", WKEY(KEY_BTAB)},
    {"Backspace", WKEY(KEY_BACKSPACE)},
    {"Delete", WKEY(KEY_DC)},
    {"Insert", WKEY(KEY_IC)},
    {"Up", WKEY(KEY_UP)},
    {"Down", WKEY(KEY_DOWN)},
    {"Left", WKEY(KEY_LEFT)},
    {"Right", WKEY(KEY_RIGHT)},
    {"Home", WKEY(KEY_HOME)},
    {"End", WKEY(KEY_END)},
    {"PgUp", WKEY(KEY_PPAGE)},
    {"PgDn", WKEY(KEY_NPAGE)},
};

void
keymap_init(struct keymap *km)
{
	km->v = NULL;
	km->n = 0;
}

void
keymap_done(struct keymap *km)
{
	for (size_t i = 0; i < km->n; i++)
		free(km->v[i].pane);
	free(km->v);
	keymap_init(km);
}

static struct keymap_entry *
keymap_find(const struct keymap *km, const char *pane, int key)
{
	for (size_t i = 0; i < km->n; i++)
		if (km->v[i].key == key && strcmp(km->v[i].pane, pane) == 0)
			return &km->v[i];
	return NULL;
}

void
keymap_bind(struct keymap *km, const char *pane, int key, enum action a)
{
	struct keymap_entry *e = keymap_find(km, pane, key);

	if (e) {
		e->action = a;
		return;
	}
	km->v = xreallocarray(km->v, km->n + 1, sizeof *km->v);
	e = &km->v[km->n++];
	e->pane = xstrdup(pane);
	e->key = key;
	e->action = a;
}

bool
keymap_unbind(struct keymap *km, const char *pane, int key)
{
	struct keymap_entry *e = keymap_find(km, pane, key);

	if (strcmp(pane, "*") == 0) {
		if (e == NULL || e->action == ACTION_NONE)
			return false;
		e->action = ACTION_NONE;
		return true;
	}
	/* A pane's NONE hides the global binding in that pane. */
	if (e == NULL && keymap_find(km, "*", key) == NULL)
		return false;
	keymap_bind(km, pane, key, ACTION_NONE);
	return true;
}

enum action
keymap_lookup(const struct keymap *km, const char *pane, int key)
{
	struct keymap_entry *e;

	if (pane && (e = keymap_find(km, pane, key)) != NULL)
		return e->action;
	if ((e = keymap_find(km, "*", key)) != NULL)
		return e->action;
	return ACTION_NONE;
}

bool
keymap_parse_key(const char *s, int *key)
{
	size_t len = strlen(s);

	for (size_t i = 0; i < sizeof keymap_names / sizeof *keymap_names; i++)
		if (strcasecmp(s, keymap_names[i].name) == 0) {
			*key = keymap_names[i].key;
			return true;
		}
	if ((s[0] == 'C' || s[0] == 'c') && s[1] == '-' && len == 3) {
		int c = tolower((unsigned char)s[2]);

		if (c >= 'a' && c <= 'z') {
			*key = c - 'a' + 1;
			return true;
		}
		return false;
	}
	if ((s[0] == 'F' || s[0] == 'f') && len >= 2 && len <= 3 &&
	    isdigit((unsigned char)s[1])) {
		int n = atoi(s + 1);

		if (n >= 1 && n <= 12) {
			*key = WKEY(KEY_F(n));
			return true;
		}
		return false;
	}
	if (len == 1 && (unsigned char)s[0] > ' ' &&
	    (unsigned char)s[0] < 127) {
		*key = (unsigned char)s[0];
		return true;
	}
	return false;
}

const char *
keymap_key_name(int key, char *buf, size_t len)
{
	for (size_t i = 0; i < sizeof keymap_names / sizeof *keymap_names; i++)
		if (keymap_names[i].key == key) {
			snprintf(buf, len, "%s", keymap_names[i].name);
			return buf;
		}
	if (key & WKEY_FN) {
		int k = key & ~WKEY_FN;

		if (k >= KEY_F(1) && k <= KEY_F(12))
			snprintf(buf, len, "F%d", k - KEY_F0);
		else
			snprintf(buf, len, "key%d", k);
	} else if (key >= 1 && key <= 26)
		snprintf(buf, len, "C-%c", 'a' + key - 1);
	else if (key > ' ' && key < 127)
		snprintf(buf, len, "%c", key);
	else
		snprintf(buf, len, "U+%04X", (unsigned)key);
	return buf;
}

const char *
keymap_keys_for(const struct keymap *km, const char *pane, enum action a,
    char *buf, size_t len)
{
	size_t used = 0;
	char name[32];

	buf[0] = '\0';
	for (int pass = 0; pass < 2; pass++) {
		const char *p = pass == 0 ? pane : "*";

		if (p == NULL)
			continue;
		for (size_t i = 0; i < km->n; i++) {
			const struct keymap_entry *e = &km->v[i];

			if (e->action != a || strcmp(e->pane, p) != 0)
				continue;
			/* A global key the pane rebinds does not apply. */
			if (pass == 1 && pane &&
			    keymap_find(km, pane, e->key) != NULL)
				continue;
			keymap_key_name(e->key, name, sizeof name);
			used += (size_t)snprintf(buf + used,
			    used < len ? len - used : 0, "%s%s",
			    used ? "/" : "", name);
			if (used >= len) {
				buf[len - 1] = '\0';
				return buf;
			}
		}
	}
	return buf;
}
