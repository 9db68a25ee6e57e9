/* Config file parsing: a line-oriented language shared with the defaults. */

#include "tui/core/config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/buf.h"
#include "api/xalloc.h"
#include "widgets/pager.h"

static const char *const *config_pane_names;
/* The built-in bindings may name panes a build leaves out. */
static bool config_any_pane;

void
config_set_pane_names(const char *const *names)
{
	config_pane_names = names;
}

static bool
config_pane_known(const char *pane)
{
	if (strcmp(pane, "*") == 0 || strcmp(pane, "detail") == 0 ||
	    config_pane_names == NULL || config_any_pane)
		return true;
	for (const char *const *p = config_pane_names; *p; p++)
		if (strcmp(*p, pane) == 0)
			return true;
	return false;
}

void
config_init(struct config *c)
{
	memset(c, 0, sizeof *c);
	keymap_init(&c->keys);
	c->mouse = true;
	c->log_tail = 1000;
	c->safety_refresh_s = CONFIG_SAFETY_DEFAULT_S;
	c->stats_interval_s = 3;
	c->errors = xcalloc(1, sizeof *c->errors);
	config_any_pane = true;
	config_apply_text(c, "(defaults)", keymap_defaults);
	config_any_pane = false;
}

void
config_done(struct config *c)
{
	keymap_done(&c->keys);
	free(c->theme);
	free(c->nat_helper_image);
	free(c->start_pane);
	for (size_t i = 0; i < c->n_engines; i++) {
		struct config_engine *e = &c->engines[i];

		free(e->name);
		free(e->address);
		free(e->ca_file);
		free(e->cert_file);
		free(e->key_file);
		free(e->colour);
	}
	free(c->engines);
	strv_free(c->errors);
	memset(c, 0, sizeof *c);
}

static void config_error(struct config *, const char *, int, const char *, ...)
    __attribute__((format(printf, 4, 5)));

static void
config_error(struct config *c, const char *name, int line, const char *fmt, ...)
{
	size_t n = strv_len(c->errors);
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	c->errors = xreallocarray(c->errors, n + 2, sizeof *c->errors);
	c->errors[n] = xasprintf("%s:%d: %s", name, line, msg);
	c->errors[n + 1] = NULL;
	free(msg);
}

static bool
config_bool(const char *v, bool *out)
{
	if (!strcmp(v, "on") || !strcmp(v, "true") || !strcmp(v, "yes") ||
	    !strcmp(v, "1")) {
		*out = true;
		return true;
	}
	if (!strcmp(v, "off") || !strcmp(v, "false") || !strcmp(v, "no") ||
	    !strcmp(v, "0")) {
		*out = false;
		return true;
	}
	return false;
}

static bool
config_int(const char *v, int lo, int hi, int *out)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || *end || end == v || n < lo || n > hi)
		return false;
	*out = (int)n;
	return true;
}

static void
config_set(struct config *c, const char *name, int line, char **w, int nw)
{
	const char *opt = w[1], *val = w[2];
	bool b;

	if (nw != 3) {
		config_error(c, name, line, "%s", "usage: set OPTION VALUE");
		return;
	}
	if (!strcmp(opt, "read-only") || !strcmp(opt, "read-only-exec") ||
	    !strcmp(opt, "mouse")) {
		if (!config_bool(val, &b)) {
			config_error(
			    c, name, line, "set %s: expected on or off", opt);
			return;
		}
		if (!strcmp(opt, "read-only"))
			c->read_only = b;
		else if (!strcmp(opt, "read-only-exec"))
			c->read_only_exec = b;
		else
			c->mouse = b;
	} else if (!strcmp(opt, "log-tail")) {
		int n;

		/* The logs view keeps PAGER_LOG_LINES: more would be fetched
		 * and dropped unseen. */
		if (!config_int(val, 0, INT_MAX, &n))
			config_error(c, name, line, "%s",
			    "set log-tail: expected a number of lines");
		else if (n > PAGER_LOG_LINES) {
			c->log_tail = PAGER_LOG_LINES;
			config_error(c, name, line,
			    "set log-tail: at most %d lines (what the logs "
			    "view keeps); using %d",
			    PAGER_LOG_LINES, PAGER_LOG_LINES);
		} else
			c->log_tail = n;
	} else if (!strcmp(opt, "refresh-interval")) {
		if (!config_int(
			val, CONFIG_SAFETY_MIN_S, 86400, &c->safety_refresh_s))
			config_error(c, name, line, "%s",
			    "set refresh-interval: expected seconds, 10 or "
			    "more");
	} else if (!strcmp(opt, "stats-interval")) {
		if (!config_int(val, 1, 3600, &c->stats_interval_s))
			config_error(c, name, line, "%s",
			    "set stats-interval: expected seconds");
	} else if (!strcmp(opt, "live-usage")) {
		if (!strcmp(val, "auto"))
			c->live_usage = CONFIG_USAGE_AUTO;
		else if (!strcmp(val, "cgroup"))
			c->live_usage = CONFIG_USAGE_CGROUP;
		else if (!strcmp(val, "stats"))
			c->live_usage = CONFIG_USAGE_STATS;
		else
			config_error(c, name, line, "%s",
			    "set live-usage: expected auto, cgroup or stats");
	} else if (!strcmp(opt, "theme")) {
		free(c->theme);
		c->theme = xstrdup(val);
	} else if (!strcmp(opt, "nat-helper-image")) {
		free(c->nat_helper_image);
		c->nat_helper_image = xstrdup(val);
	} else if (!strcmp(opt, "pane")) {
		if (!config_pane_known(val)) {
			config_error(
			    c, name, line, "set pane: unknown pane %s", val);
			return;
		}
		free(c->start_pane);
		c->start_pane = xstrdup(val);
	} else
		config_error(c, name, line, "unknown option %s", opt);
}

/* The PANE KEY part shared by bind and unbind. */
static bool
config_pane_key(struct config *c, const char *name, int line, char **w, int nw,
    int want, const char *usage, int *key)
{
	if (nw != want) {
		config_error(c, name, line, "%s", usage);
		return false;
	}
	if (!config_pane_known(w[1])) {
		config_error(c, name, line, "unknown pane %s", w[1]);
		return false;
	}
	if (!keymap_parse_key(w[2], key)) {
		config_error(c, name, line, "unknown key %s", w[2]);
		return false;
	}
	return true;
}

/* The value of an option word "key=value" when it is one, else NULL. */
static const char *
config_opt(const char *word, const char *key)
{
	size_t n = strlen(key);

	return strncmp(word, key, n) == 0 && word[n] == '=' ? word + n + 1
							    : NULL;
}

/* engine NAME ADDRESS [options]: see struct config_engine. */
/* Words of a line, at most. */
#define CONFIG_MAX_WORDS 16

static void
config_engine(struct config *c, const char *name, int line, char **w, int nw)
{
	struct config_engine e = {0};
	const char *v;

	if (nw < 3) {
		config_error(c, name, line, "%s",
		    "usage: engine NAME ADDRESS [tls] [tlsverify] "
		    "[tlscacert=F] [tlscert=F] [tlskey=F] [read-only] "
		    "[color=red|yellow|green]");
		return;
	}
	for (size_t i = 0; i < c->n_engines; i++)
		if (strcmp(c->engines[i].name, w[1]) == 0) {
			config_error(
			    c, name, line, "engine %s is named twice", w[1]);
			return;
		}
	e.name = xstrdup(w[1]);
	e.address = xstrdup(w[2]);
	for (int i = 3; i < nw; i++) {
		if (!strcmp(w[i], "tls"))
			e.tls = true;
		else if (!strcmp(w[i], "tlsverify"))
			e.tls = e.tls_verify = true;
		else if (!strcmp(w[i], "read-only"))
			e.read_only = true;
		else if ((v = config_opt(w[i], "tlscacert")) != NULL)
			e.ca_file = xstrdup(v);
		else if ((v = config_opt(w[i], "tlscert")) != NULL)
			e.cert_file = xstrdup(v);
		else if ((v = config_opt(w[i], "tlskey")) != NULL)
			e.key_file = xstrdup(v);
		else if ((v = config_opt(w[i], "color")) != NULL &&
			 (!strcmp(v, "red") || !strcmp(v, "yellow") ||
			     !strcmp(v, "green"))) {
			free(e.colour);
			e.colour = xstrdup(v);
		} else
			config_error(c, name, line,
			    "engine %s: unknown option %s", w[1], w[i]);
	}
	c->engines =
	    xreallocarray(c->engines, c->n_engines + 1, sizeof *c->engines);
	c->engines[c->n_engines++] = e;
}

static void
config_line(struct config *c, const char *name, int line, char *text)
{
	char *w[CONFIG_MAX_WORDS];
	int nw = 0;
	char *p = text;
	int key;
	enum action a;

	while (*p && nw < CONFIG_MAX_WORDS) {
		while (isspace((unsigned char)*p))
			p++;
		if (*p == '\0' || *p == '#')
			break;
		w[nw++] = p;
		while (*p && !isspace((unsigned char)*p))
			p++;
		if (*p)
			*p++ = '\0';
	}
	if (nw == 0)
		return;
	if (!strcmp(w[0], "bind")) {
		if (!config_pane_key(c, name, line, w, nw, 4,
			"usage: bind PANE KEY ACTION", &key))
			return;
		if ((a = action_from_name(w[3])) == ACTION__COUNT) {
			config_error(c, name, line, "unknown action %s", w[3]);
			return;
		}
		keymap_bind(&c->keys, w[1], key, a);
	} else if (!strcmp(w[0], "unbind")) {
		if (!config_pane_key(c, name, line, w, nw, 3,
			"usage: unbind PANE KEY", &key))
			return;
		if (!keymap_unbind(&c->keys, w[1], key))
			config_error(c, name, line, "%s is not bound", w[2]);
	} else if (!strcmp(w[0], "set"))
		config_set(c, name, line, w, nw);
	else if (!strcmp(w[0], "engine"))
		config_engine(c, name, line, w, nw);
	else if (!strcmp(w[0], "theme")) {
		if (nw != 2) {
			config_error(c, name, line, "%s", "usage: theme NAME");
			return;
		}
		free(c->theme);
		c->theme = xstrdup(w[1]);
	} else
		config_error(c, name, line, "unknown command %s", w[0]);
}

void
config_apply_text(struct config *c, const char *name, const char *text)
{
	const char *p = text;
	int line = 0;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *l = xstrndup(p, len);

		config_line(c, name, ++line, l);
		free(l);
		p += len + (nl ? 1 : 0);
	}
}

char *
config_default_path(void)
{
	const char *x = getenv("XDG_CONFIG_HOME");

	if (x && *x)
		return xasprintf("%s/berth/config", x);
	return xasprintf(
	    "%s/.config/berth/config", getenv("HOME") ? getenv("HOME") : "");
}

void
config_load(struct config *c, const char *path)
{
	char *def = NULL;
	FILE *f;
	struct buf b;
	char chunk[4096];
	size_t n;

	if (path == NULL)
		path = def = config_default_path();
	f = fopen(path, "r");
	if (f == NULL) {
		if (def == NULL || errno != ENOENT)
			config_error(c, path, 0, "%s", strerror(errno));
		free(def);
		return;
	}
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&b, chunk, n);
	fclose(f);
	config_apply_text(c, path, buf_cstr(&b));
	buf_done(&b);
	free(def);
}
