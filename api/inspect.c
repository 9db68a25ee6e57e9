/* Readings of inspect documents beyond the model: the health check. */

#include "api/inspect.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "api/buf.h"
#include "api/xalloc.h"

/* Appends the strings of a from index first, space-separated. */
static void
inspect_join(struct buf *b, const json_t *a, size_t first)
{
	for (size_t i = first; i < json_array_size(a); i++) {
		const char *s = json_string_value(json_array_get(a, i));

		if (s == NULL)
			continue;
		if (b->len)
			buf_putc(b, ' ');
		buf_puts(b, s);
	}
}

char *
inspect_health_command(const char *json, size_t len)
{
	json_t *root, *cfg, *test, *shell;
	const char *kind, *platform;
	struct buf b;
	bool windows;

	if (json == NULL || (root = json_loadb(json, len, 0, NULL)) == NULL)
		return NULL;
	cfg = json_object_get(root, "Config");
	test = json_object_get(json_object_get(cfg, "Healthcheck"), "Test");
	kind = json_string_value(json_array_get(test, 0));
	if (kind == NULL || json_array_size(test) < 2 ||
	    (strcmp(kind, "CMD") != 0 && strcmp(kind, "CMD-SHELL") != 0)) {
		json_decref(root);
		return NULL;
	}
	buf_init(&b);
	if (strcmp(kind, "CMD-SHELL") == 0) {
		shell = json_object_get(cfg, "Shell");
		platform = json_string_value(json_object_get(root, "Platform"));
		windows = platform && strcmp(platform, "windows") == 0;
		/* The engine's defaults when the image set no SHELL. */
		if (json_array_size(shell) > 0)
			inspect_join(&b, shell, 0);
		else
			buf_puts(&b, windows ? "cmd /S /C" : "/bin/sh -c");
	}
	inspect_join(&b, test, 1);
	json_decref(root);
	return buf_steal(&b);
}
