/*
 * Image builds: the request (POST /build with the context streamed as a
 * tar while it is sent, chunked) and the engine's answer, a stream of
 * JSON messages (a step's output, pull progress during FROM, the new
 * image's id, or the error that stopped the build).
 */
#ifndef API_BUILD_H
#define API_BUILD_H

#include <stdbool.h>
#include <stddef.h>

#include "api/docker.h"

struct docker_build_opts {
	const char *dockerfile; /* path inside the context, or NULL */
	char *const *tags; /* "name:tag", NULL-ended, may be NULL */
	char *const *build_args; /* "NAME=value" (or "NAME": unset) */
	char *const *labels; /* "key=value" */
	const char *target; /* a stage, or NULL */
	const char *platform; /* "linux/amd64", or NULL */
	bool no_cache;
	bool pull; /* always pull the FROM images */
	/* X-Registry-Config (base64url JSON of every registry's auth). */
	const char *registry_config;
};

/*
 * Starts a build; the context comes from read (arg) as it is sent, with
 * no size known beforehand (chunked). on_data gets the answer's stream.
 */
struct docker_call *docker_image_build(struct docker *,
    const struct docker_build_opts *, http_read_fn *read, void *read_arg,
    docker_data_fn *on_data, docker_done_fn *on_done, void *arg);

/* One message of a build's answer. */
struct docker_build_msg {
	char *stream; /* output of a step ("Step 1/3 : FROM ...\n") */
	char *status; /* pull progress during FROM: "Pulling fs layer" */
	char *id; /* the layer or image the status is about */
	char *aux_id; /* aux.ID: the image built ("sha256:...") */
	char *error; /* errorDetail.message, else error */
};

/*
 * Decodes one JSON message (one line of the stream); NULL with *cause
 * when it is not a JSON object. A message with none of the known fields
 * gives an empty docker_build_msg.
 */
struct docker_build_msg *decode_build_msg(
    const char *s, size_t n, char **cause);
void docker_build_msg_free(struct docker_build_msg *);

/*
 * "Step 2/5 : COPY . /app": whether line starts a step, with its number
 * and the count (0 when the line has none: BuildKit-style output).
 */
bool build_step_of(const char *line, int *step, int *of);

#endif
