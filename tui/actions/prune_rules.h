/*
 * The prune preview's rules. The preview is computed here from the
 * engine's own lists, following the rules the engine applies when it
 * prunes (for the negotiated API version), so that it shows exactly what
 * will go; the computation is pure so that tests can check it against a
 * real engine.
 */
#ifndef TUI_ACTIONS_PRUNE_RULES_H
#define TUI_ACTIONS_PRUNE_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "api/model.h"
#include "tui/core/kind.h"
#include "tui/core/store.h"

/*
 * The kinds prune works on, in the order the engine is asked, like
 * `docker system prune`: what the containers held is free once they go.
 */
#define PRUNE_KINDS 5
extern const enum kind prune_order[PRUNE_KINDS];

/* A set of kinds is a mask of PRUNE_BIT(enum kind). */
#define PRUNE_BIT(k) (1u << (k))
#define PRUNE_EVERYTHING                                                       \
	(PRUNE_BIT(KIND_CONTAINER) | PRUNE_BIT(KIND_NETWORK) |                 \
	    PRUNE_BIT(KIND_VOLUME) | PRUNE_BIT(KIND_IMAGE) |                   \
	    PRUNE_BIT(KIND_BUILD_CACHE))

/*
 * The kinds a :prune argument means: a prunable kind's name (kind_find())
 * or c, i, v, n, build, cache; host, all, system, everything or NULL for
 * everything. 0 where prune means nothing (events, layers, unknown words).
 */
unsigned prune_kinds_for(const char *word);

/* What the user typed in the preview: until= and label=/label!= terms. */
struct prune_filters {
	char *until_text; /* as typed, NULL: none */
	int64_t until; /* unix seconds it resolved to, 0: none */
	char **labels; /* "key" or "key=value", NULL-terminated */
	char **not_labels; /* label!= terms */
};

void prune_filters_init(struct prune_filters *);
void prune_filters_done(struct prune_filters *);
/*
 * Parses space-separated terms: until=24h (a duration in h, m, s), until=
 * a unix time or an RFC 3339 date, label=k, label=k=v, label!=k[=v]; an
 * empty text clears. until is resolved against now. On failure f is left
 * as it was and *cause (owned) says why.
 */
bool prune_filters_parse(
    struct prune_filters *, const char *text, int64_t now, char **cause);
/* The terms back as text ("" for none). Owned. */
char *prune_filters_text(const struct prune_filters *);
bool prune_filters_empty(const struct prune_filters *);
/* Whether labels pass, as the engine matches them (label= all, label!=). */
bool prune_filters_match_labels(
    const struct prune_filters *, const struct kvlist *labels);

/*
 * The lists the preview is computed from, fetched fresh by the preview:
 * store slots, with containers and images listed with all=1.
 */
#define PRUNE_SOURCES 5
extern const enum store_kind prune_sources[PRUNE_SOURCES];

struct prune_input {
	struct docker_container_list *containers; /* all=1 */
	struct docker_image_list *images; /* all=1: with intermediates */
	struct docker_volume_list *volumes;
	struct docker_network_list *networks;
	struct docker_network **nets; /* inspected networks (endpoints) */
	size_t n_nets;
	struct docker_df *df; /* sizes only; may be NULL */
	char *api_version; /* the negotiated one, "1.41" */
	char *os_type; /* "linux", "windows" or NULL */
};

void prune_input_init(
    struct prune_input *, const char *api_version, const char *os_type);
void prune_input_done(struct prune_input *);
/* Decodes a source's body into the input; false with *cause (owned). */
bool prune_input_set(struct prune_input *, enum store_kind source,
    const char *body, size_t len, char **cause);
/*
 * The networks whose endpoints decide whether they go: the ids to inspect
 * and hand to prune_input_add_network() (owned vector).
 */
char **prune_input_network_ids(const struct prune_input *);
bool prune_input_add_network(
    struct prune_input *, const char *body, size_t len, char **cause);
/* Every list is there (df, for sizes and the build cache, may be not). */
bool prune_input_ready(const struct prune_input *);

struct prune_item {
	enum kind kind;
	char *id; /* what the engine reports when it deletes it */
	char *name; /* for the screen */
	char *what; /* a few words: state, tags, driver */
	int64_t size; /* bytes it frees, -1: unknown */
	bool untag_only; /* images: tags go, the image stays */
	bool gone; /* leaves the engine's list (not just untagged) */
};

struct prune_preview {
	struct prune_item *items;
	size_t n;
	size_t count[KIND__COUNT]; /* items per kind */
	int64_t bytes[KIND__COUNT]; /* known sizes per kind */
	unsigned asked; /* kinds that were asked for */
	unsigned skipped; /* asked but left out because of a filter */
	bool all; /* images/volumes/build: all unused */
	char **notes; /* sentences for the screen, NULL-ended */
};

/*
 * The objects a prune of kinds would delete, with the "all" toggle
 * (images: every unused one, not only dangling; volumes on API >= 1.42:
 * named ones too; build cache: internal records too) and filters. Pure.
 */
struct prune_preview *prune_compute(const struct prune_input *, unsigned kinds,
    bool all, const struct prune_filters *, int64_t now);
void prune_preview_free(struct prune_preview *);
/* The objects the preview deletes: the sum of count[]. */
size_t prune_preview_total(const struct prune_preview *);
/* Whether two previews list the same objects the same way. */
bool prune_preview_same(
    const struct prune_preview *, const struct prune_preview *);

/*
 * The filters of the prune of kind k (JSON for docker_prune() with
 * kind_get(k)->prune and all), owned; NULL with *cause when k is not
 * prunable or the filters cannot be encoded.
 */
char *prune_request_filters(enum kind k, bool all, const struct prune_filters *,
    const char *api_version, int64_t now, char **cause);

#endif
