/*
 * The parsers of the run form's fields and of the create forms' text:
 * pure, so that they can be tested and reused by the tests that create
 * real containers. The forms themselves are in tui/actions/runform.h.
 */
#ifndef TUI_ACTIONS_RUNFORM_PARSE_H
#define TUI_ACTIONS_RUNFORM_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "api/create.h"
#include "api/model.h"

/* The run form's fields, in the order they are shown. */
enum runform_field {
	RF_IMAGE,
	RF_NAME,
	RF_COMMAND,
	RF_ENTRYPOINT,
	RF_ENV,
	RF_PORTS,
	RF_MOUNTS,
	RF_NETWORK,
	RF_RESTART,
	RF_WORKDIR,
	RF_USER,
	RF_TTY,
	RF_INTERACTIVE,
	RF_AUTO_REMOVE,
	RF_LABELS,
	RF_MEMORY,
	RF_CPUS,
	RF_ATTACH,
	RF__COUNT
};

/* What the form holds: text for text fields, on for checkboxes. */
struct runform_values {
	const char *text[RF__COUNT];
	bool on[RF__COUNT];
};

/*
 * Each parser takes a field's text and returns false with *cause (an
 * owned sentence for the field's error line) when it is wrong. Empty
 * text means "nothing" (no ports, no limit, ...).
 *
 * Lists (environment, labels, options, ports, mounts) are separated by
 * commas; a backslash takes the next character as it is ("\," is a comma
 * inside a value), and spaces around items are dropped.
 */
/* "[ip:]host:container[/proto]" or "container[/proto]" items. */
bool runform_parse_ports(
    const char *, struct docker_port_spec **, size_t *n, char **cause);
/* "volume:/dest[:ro]", "/host/path:/dest[:ro]" or "/dest" (anonymous). */
bool runform_parse_mounts(
    const char *, struct docker_mount_spec **, size_t *n, char **cause);
/* KEY=VALUE items; *out is a NULL-terminated vector (NULL when empty). */
bool runform_parse_env(const char *, char ***out, char **cause);
/* key=value (or key alone) items, appended to *out. */
bool runform_parse_labels(const char *, struct kvlist *out, char **cause);
/* "64m", "1g", "512k", "1.5g", "1048576": bytes (powers of 1024). */
bool runform_parse_memory(const char *, int64_t *bytes, char **cause);
/* "0.5", "2": nanoCPUs (1e9 per CPU). */
bool runform_parse_cpus(const char *, int64_t *nano, char **cause);
/* no, always, unless-stopped, on-failure[:N]. *name is owned. */
bool runform_parse_restart(const char *, char **name, int *max, char **cause);
/* Shell-like words: quotes '...' and "...", backslash escapes. */
bool runform_split_words(const char *, char ***out, char **cause);
/* A container name: [a-zA-Z0-9][a-zA-Z0-9_.-]+, or empty. */
bool runform_check_name(const char *, char **cause);
/* a.b.c.d/n or an IPv6 prefix. */
bool runform_check_cidr(const char *, char **cause);
bool runform_check_ip(const char *, char **cause);

/* The inverses, for filling the form from a container (owned). */
char *runform_join_words(char *const *);
char *runform_join_list(char *const *);
void runform_format_memory(char *buf, size_t len, int64_t bytes);
void runform_format_cpus(char *buf, size_t len, int64_t nano);

/*
 * The spec the values describe. On failure errors[field] holds an owned
 * message for every field that is wrong (the others are NULL) and spec is
 * left empty.
 */
bool runform_build_spec(const struct runform_values *,
    struct docker_create_spec *, char *errors[RF__COUNT]);

/*
 * An engine error cut to at most max bytes for a field's error line: the
 * innermost causes (the last ": "-separated parts) that fit. Owned.
 */
char *runform_short_error(const char *message, size_t max);

/* The field an engine error is about (RF__COUNT: none in particular). */
enum runform_field runform_error_field(const char *message);

/*
 * The values that run another container like c, from the image im (NULL
 * when unknown): what c has that the image does not give it anyway, since
 * the engine adds the image's own. Strings are owned (NULL: left empty).
 */
struct runform_fill {
	char *text[RF__COUNT];
	bool on[RF__COUNT];
};

void runform_fill_from(struct runform_fill *,
    const struct docker_container_detail *c,
    const struct docker_image_detail *im);
void runform_fill_done(struct runform_fill *);

/* For the create forms: s without the spaces around it (owned). */
char *runform_trim(const char *s);
/* A volume or network name as the engine takes it: [a-zA-Z0-9][\w.-]+. */
bool runform_is_object_name(const char *);
/* Whether message mentions needle, in any case. */
bool runform_mentions(const char *message, const char *needle);

#endif
