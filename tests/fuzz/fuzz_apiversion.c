/*
 * Fuzz target for the API version parser and negotiation: input is an
 * API-Version header's value (the bytes after "Api-Version:"). Whatever
 * comes in, a version that is spoken is one berth wrote from numbers,
 * within DOCKER_API_MIN..DOCKER_API_MAX, and a refusal says why in
 * printable text.
 */

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/docker.h"
#include "api/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = xstrndup((const char *)data, size), *why = NULL;
	char out[16], again[16];
	int maj, min;
	bool parsed = docker_api_parse(s, &maj, &min);

	if (parsed) {
		/* What parsed prints back as what it was, less leading
		 * zeros. */
		if (maj < 1 || maj > 9999 || min < 0 || min > 9999)
			abort();
		snprintf(again, sizeof again, "%d.%d", maj, min);
		if (!docker_api_parse(again, &maj, &min))
			abort();
	}
	if (docker_api_negotiate(s, out, sizeof out, &why)) {
		if (!parsed || why != NULL ||
		    docker_version_cmp(out, DOCKER_API_MIN) < 0 ||
		    docker_version_cmp(out, DOCKER_API_MAX) > 0 ||
		    !docker_api_parse(out, &maj, &min))
			abort();
	} else {
		if (why == NULL || strstr(why, "API ;") != NULL)
			abort();
		for (const char *p = why; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				abort();
		free(why);
	}
	free(s);
	return 0;
}
