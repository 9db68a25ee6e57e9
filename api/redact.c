/* Masks secret-looking environment values in inspect documents. */

#include "api/redact.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "api/xalloc.h"

static const char *const redact_words[] = {
    "PASSWORD",
    "PASSWD",
    "SECRET",
    "TOKEN",
    "KEY",
    "CREDENTIAL",
    NULL,
};

bool
redact_secret_name(const char *name, size_t len)
{
	for (size_t w = 0; redact_words[w]; w++) {
		size_t wl = strlen(redact_words[w]);

		for (size_t i = 0; i + wl <= len; i++)
			if (strncasecmp(name + i, redact_words[w], wl) == 0)
				return true;
	}
	return false;
}

/* Masks the secret-looking "NAME=value" strings of the array in place. */
static void
redact_env(json_t *env)
{
	size_t i;
	json_t *e;

	json_array_foreach(env, i, e)
	{
		const char *s = json_string_value(e), *eq;
		char *masked;

		if (s == NULL || (eq = strchr(s, '=')) == NULL)
			continue;
		if (!redact_secret_name(s, (size_t)(eq - s)) ||
		    strcmp(eq + 1, "***") == 0)
			continue;
		masked = xasprintf("%.*s=***", (int)(eq - s), s);
		json_array_set_new(env, i, json_string(masked));
		free(masked);
	}
}

char *
redact_container_env(const char *json, size_t len, char **cause)
{
	json_error_t err;
	json_t *root, *cfg, *env;
	char *out, *r;

	root = json_loadb(json ? json : "", json ? len : 0, 0, &err);
	if (root == NULL &&
	    json_error_code(&err) == json_error_numeric_overflow)
		root = json_loadb(json, len, JSON_DECODE_INT_AS_REAL, &err);
	if (root == NULL) {
		if (cause)
			*cause = xasprintf("inspect: invalid JSON at line %d, "
					   "column %d: %s",
			    err.line, err.column, err.text);
		return NULL;
	}
	cfg = json_object_get(root, "Config");
	env = json_is_object(cfg) ? json_object_get(cfg, "Env") : NULL;
	if (json_is_array(env))
		redact_env(env);
	out = json_dumps(
	    root, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
	json_decref(root);
	if (out == NULL) {
		if (cause)
			*cause = xstrdup("inspect: cannot print the document");
		return NULL;
	}
	r = xstrdup(out);
	free(out);
	return r;
}
