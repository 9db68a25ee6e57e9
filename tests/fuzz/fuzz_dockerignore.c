/*
 * Fuzz target for the .dockerignore reader and matcher. Input: a
 * .dockerignore file; the paths matched against it are its own lines too
 * (as names), and a few fixed ones. Checks: a refusal says why; a path
 * kept on purpose (dockerignore_keep) is never excluded afterwards.
 */

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/dockerignore.h"
#include "api/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const fuzz_paths[] = {
    "Dockerfile",
    ".dockerignore",
    "a",
    "a/b",
    "a/b/c.go",
    "node_modules/x/y.js",
    "\xc3\xa9t\xc3\xa9/[x]*?",
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	char *cause = NULL, *line, *clean;
	struct dockerignore *d = dockerignore_parse(s, size, &cause);
	size_t pos = 0;

	if (d == NULL) {
		if (cause == NULL)
			abort();
		free(cause);
		return 0;
	}
	for (size_t i = 0; i < sizeof fuzz_paths / sizeof *fuzz_paths; i++)
		(void)dockerignore_excludes(d, fuzz_paths[i]);
	/* Each line, taken as a path (up to 200 bytes, no NUL). */
	while (pos < size) {
		const char *nl = memchr(s + pos, '\n', size - pos);
		size_t end = nl ? (size_t)(nl - s) : size, n = end - pos;

		if (n > 200)
			n = 200;
		line = xstrndup(s + pos, n);
		(void)dockerignore_excludes(d, line);
		/* As a path of the context: cleaned, relative, inside. */
		clean = xmalloc(strlen(line) + 2);
		dockerignore_clean(line, clean);
		if (clean[0] != '/' && strncmp(clean, "..", 2) != 0 &&
		    strcmp(clean, ".") != 0) {
			dockerignore_keep(d, clean);
			if (dockerignore_excludes(d, clean))
				abort();
		}
		free(clean);
		free(line);
		pos = end + 1;
	}
	dockerignore_free(d);
	return 0;
}
