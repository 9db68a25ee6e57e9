/*
 * Decoders: the only users of jansson. Each takes the engine's JSON text and
 * returns a freshly allocated model (free with its _free), or NULL with
 * *cause set to an owned sentence saying what was wrong. Docker objects
 * and the rest are in decode.c, the engine's reports in decode_system.c
 * and streamed documents in decode_stream.c; decode_json.c reads JSON.
 */
#ifndef API_DECODE_H
#define API_DECODE_H

#include <stddef.h>

#include "api/model.h"

struct docker_container_list *decode_container_list(
    const char *, size_t, char **cause);
struct docker_container_detail *decode_container_detail(
    const char *, size_t, char **cause);
struct docker_image_list *decode_image_list(const char *, size_t, char **cause);
struct docker_image_detail *decode_image_detail(
    const char *, size_t, char **cause);
struct docker_history *decode_history(const char *, size_t, char **cause);
struct docker_volume_list *decode_volume_list(
    const char *, size_t, char **cause);
struct docker_network_list *decode_network_list(
    const char *, size_t, char **cause);
/* A single network (GET /networks/{id}). */
struct docker_network *decode_network(const char *, size_t, char **cause);
struct docker_info *decode_info(const char *, size_t, char **cause);
struct docker_version *decode_version(const char *, size_t, char **cause);
struct docker_df *decode_df(const char *, size_t, char **cause);
struct docker_event *decode_event(const char *, size_t, char **cause);
struct docker_exec *decode_exec(const char *, size_t, char **cause);
struct docker_top *decode_top(const char *, size_t, char **cause);
struct docker_stats *decode_stats(const char *, size_t, char **cause);
struct docker_progress *decode_progress(const char *, size_t, char **cause);
struct docker_prune_report *decode_prune_report(
    const char *, size_t, char **cause);

/* {"Id": "..."} from create calls; owned id or NULL. */
char *decode_id(const char *, size_t, char **cause);

/*
 * The message of an engine error body: {"message": ...} (docker) or
 * {"cause": ..., "message": ..., "response": N} (podman). Falls back to the
 * body's text, trimmed, and to "HTTP <status>" when the body is empty.
 * Always returns an owned string.
 */
char *decode_error_message(const char *, size_t, long http_status);

/*
 * Pretty-prints any JSON document with two-space indentation and sorted
 * keys kept in the engine's order. Owned result, or NULL with *cause.
 */
char *decode_pretty(const char *, size_t, char **cause);

#endif
