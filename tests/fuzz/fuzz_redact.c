/*
 * Fuzz target for the inspect readers that bundles and the sessions pane
 * use: secret masking (masking twice must change nothing more) and the
 * health check command. Input: an inspect document.
 */

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/inspect.h"
#include "api/redact.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	char *cause = NULL, *once, *twice, *health;

	once = redact_container_env(s, size, &cause);
	if (once == NULL) {
		/* A failure always says why. */
		if (cause == NULL)
			abort();
		free(cause);
	} else {
		twice = redact_container_env(once, strlen(once), &cause);
		if (twice == NULL || strcmp(once, twice) != 0)
			abort();
		free(twice);
		free(once);
	}
	health = inspect_health_command(s, size);
	free(health);
	return 0;
}
