/* Docker CLI contexts, read the way the CLI stores them. */

#include "api/context.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "api/sha256.h"
#include "api/xalloc.h"

char *
context_config_dir(void)
{
	const char *d = getenv("DOCKER_CONFIG");

	if (d && *d)
		return xstrdup(d);
	return xasprintf("%s/.docker", getenv("HOME") ? getenv("HOME") : "");
}

char *
context_current(const char *config_dir)
{
	char *path = xasprintf("%s/config.json", config_dir);
	json_t *root = json_load_file(path, 0, NULL);
	const char *cur;
	char *out = NULL;

	free(path);
	if (root == NULL)
		return NULL;
	cur = json_string_value(json_object_get(root, "currentContext"));
	if (cur && *cur)
		out = xstrdup(cur);
	json_decref(root);
	return out;
}

bool
context_lookup(const char *config_dir, const char *name,
    struct context_endpoint *ce, char **cause)
{
	char hex[65], *path;
	json_t *root, *docker;
	json_error_t err;
	const char *host;
	struct stat st;

	memset(ce, 0, sizeof *ce);
	*cause = NULL;
	if (strcmp(name, "default") == 0)
		return false;
	sha256_hex(name, strlen(name), hex);
	path = xasprintf("%s/contexts/meta/%s/meta.json", config_dir, hex);
	root = json_load_file(path, 0, &err);
	if (root == NULL) {
		*cause = xasprintf("context \"%s\" not found (%s)", name, path);
		free(path);
		return false;
	}
	free(path);
	docker = json_object_get(json_object_get(root, "Endpoints"), "docker");
	host = json_string_value(json_object_get(docker, "Host"));
	if (host == NULL || *host == '\0') {
		*cause =
		    xasprintf("context \"%s\" has no docker endpoint", name);
		json_decref(root);
		return false;
	}
	ce->host = xstrdup(host);
	ce->skip_tls_verify =
	    json_is_true(json_object_get(docker, "SkipTLSVerify"));
	json_decref(root);
	path = xasprintf("%s/contexts/tls/%s/docker", config_dir, hex);
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		ce->tls_dir = path;
	else
		free(path);
	return true;
}

void
context_endpoint_done(struct context_endpoint *ce)
{
	free(ce->host);
	free(ce->tls_dir);
	memset(ce, 0, sizeof *ce);
}
