/*
 * Decoders for the answers of image work: the engine's search results
 * (GET /images/search) and the lines of a load (POST /images/load), and
 * the checks of a commit's changes. Every string is owned by its struct.
 */
#ifndef API_IMAGEWORK_H
#define API_IMAGEWORK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct docker_search_result {
	char *name;
	char *description;
	int64_t stars;
	bool official;
	bool automated;
};

struct docker_search_list {
	struct docker_search_result *v;
	size_t n;
};

/* NULL with *cause (owned) when the answer is not an array. */
struct docker_search_list *decode_search_list(
    const char *, size_t, char **cause);
void docker_search_list_free(struct docker_search_list *);

/* One JSON line of a load's answer. */
struct docker_load_line {
	char *loaded; /* "Loaded image: REF" or "Loaded image ID: ID": REF/ID */
	char *text; /* the "stream" text or status line, without the newline */
	char *error; /* errorDetail.message or error */
	int64_t current, total; /* progressDetail, or -1 */
};

/* NULL with *cause when the line is not a JSON object. */
struct docker_load_line *decode_load_line(const char *, size_t, char **cause);
void docker_load_line_free(struct docker_load_line *);

/*
 * Checks one change of a commit ("CMD ["sh"]", "ENV A=b", "EXPOSE 80"):
 * an instruction the engine applies when committing (CMD, ENTRYPOINT, ENV,
 * EXPOSE, HEALTHCHECK, LABEL, ONBUILD, STOPSIGNAL, USER, VOLUME, WORKDIR)
 * followed by its arguments. False with *cause (owned).
 */
bool imagework_change_ok(const char *change, char **cause);

#endif
