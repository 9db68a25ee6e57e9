/*
 * The config file ($XDG_CONFIG_HOME/berth/config): bind, unbind, set,
 * theme and engine lines. Errors are collected as "file:line: ..." and berth starts
 * anyway.
 */
#ifndef TUI_CORE_CONFIG_H
#define TUI_CORE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "tui/core/keymap.h"

/* The periodic safety refresh: its default and the most often it may run. */
#define CONFIG_SAFETY_DEFAULT_S 30
#define CONFIG_SAFETY_MIN_S 10

/*
 * An engine named in the config file, opened beside the one of the
 * command line: engine NAME ADDRESS [tls] [tlsverify] [tlscacert=F]
 * [tlscert=F] [tlskey=F] [read-only] [color=red|yellow|green].
 */
struct config_engine {
	char *name;
	char *address;
	bool tls, tls_verify;
	char *ca_file, *cert_file, *key_file;
	bool read_only; /* changes refused on this engine only */
	char *colour; /* color=red|yellow|green: its colour on every screen */
};

struct config {
	struct keymap keys;
	bool read_only;
	bool read_only_exec; /* exec allowed in read-only mode */
	bool mouse;
	char *theme; /* NULL: default */
	int log_tail; /* lines of logs to fetch first */
	int safety_refresh_s; /* periodic full refresh, >= 10 */
	int stats_interval_s; /* remote one-shot stats period */
	char *nat_helper_image; /* image for the remote NAT helper */
	char *start_pane;
	int live_usage; /* CONFIG_USAGE_AUTO, _CGROUP, _STATS */
	struct config_engine *engines; /* in the file's order */
	size_t n_engines;
	char **errors; /* NULL-terminated, owned */
};

#define CONFIG_USAGE_AUTO 0 /* cgroup files when local, else stats */
#define CONFIG_USAGE_CGROUP 1
#define CONFIG_USAGE_STATS 2

/* Defaults, with the built-in key bindings. */
void config_init(struct config *);
void config_done(struct config *);

/* Applies text as if it were a file called name. Errors are collected. */
void config_apply_text(struct config *, const char *name, const char *text);
/*
 * Reads path (or the default location when NULL). A missing default file
 * is not an error; a missing named file is.
 */
void config_load(struct config *, const char *path);
/* The default path (owned). */
char *config_default_path(void);
/* Names of the pane names the config accepts (set by the app). */
void config_set_pane_names(const char *const *names);

#endif
