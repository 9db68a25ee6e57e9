/*
 * Fuzz target for the readers of a build's answer: one JSON message per
 * line (decode_build_msg) and the step lines in it (build_step_of).
 * Checks: a refusal says why; a step is numbered within its count.
 */

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/build.h"
#include "api/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	size_t pos = 0;

	while (pos < size) {
		const char *nl = memchr(s + pos, '\n', size - pos);
		size_t end = nl ? (size_t)(nl - s) : size;
		char *cause = NULL, *line;
		struct docker_build_msg *m =
		    decode_build_msg(s + pos, end - pos, &cause);
		int no, of;

		if (m == NULL) {
			if (cause == NULL)
				abort();
			free(cause);
		} else {
			if (m->stream && build_step_of(m->stream, &no, &of) &&
			    (no < 1 || no > of))
				abort();
			docker_build_msg_free(m);
		}
		line = xstrndup(s + pos, end - pos);
		if (build_step_of(line, &no, &of) && (no < 1 || no > of))
			abort();
		free(line);
		pos = end + 1;
	}
	return 0;
}
