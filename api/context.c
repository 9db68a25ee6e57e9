/* Docker CLI contexts, read the way the CLI stores them. */

#include "api/context.h"

#include <stdio.h>
#include <dirent.h>
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

/* Reads one meta.json into *ci; false when it is not a docker context. */
static bool
context_read_meta(const char *path, struct context_info *ci)
{
	json_t *root = json_load_file(path, 0, NULL);
	const char *name, *desc, *host;
	json_t *docker;

	if (root == NULL)
		return false;
	name = json_string_value(json_object_get(root, "Name"));
	desc = json_string_value(
	    json_object_get(json_object_get(root, "Metadata"), "Description"));
	docker = json_object_get(json_object_get(root, "Endpoints"), "docker");
	host = json_string_value(json_object_get(docker, "Host"));
	if (name && *name && host && *host) {
		ci->name = xstrdup(name);
		ci->description = xstrdup(desc ? desc : "");
		ci->host = xstrdup(host);
	}
	json_decref(root);
	return ci->name != NULL;
}

static int
context_cmp(const void *a, const void *b)
{
	const struct context_info *x = a, *y = b;

	return strcmp(x->name, y->name);
}

struct context_info *
context_list(const char *config_dir, const char *default_host, size_t *n)
{
	char *meta = xasprintf("%s/contexts/meta", config_dir);
	DIR *dir = opendir(meta);
	struct context_info *v = xcalloc(1, sizeof *v);
	struct dirent *de;

	v[0].name = xstrdup("default");
	v[0].description = xstrdup("DOCKER_HOST, or the default socket");
	v[0].host = xstrdup(default_host ? default_host : "");
	*n = 1;
	while (dir && (de = readdir(dir)) != NULL) {
		struct context_info ci = {0};
		char *path;

		if (de->d_name[0] == '.')
			continue;
		path = xasprintf("%s/%s/meta.json", meta, de->d_name);
		if (context_read_meta(path, &ci)) {
			v = xreallocarray(v, *n + 1, sizeof *v);
			v[(*n)++] = ci;
		}
		free(path);
	}
	if (dir)
		closedir(dir);
	free(meta);
	qsort(v + 1, *n - 1, sizeof *v, context_cmp);
	return v;
}

void
context_list_free(struct context_info *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		free(v[i].name);
		free(v[i].description);
		free(v[i].host);
	}
	free(v);
}

bool
context_endpoint(const char *config_dir, const char *name, const char *env_host,
    const char *env_verify, const char *env_cert_path, struct endpoint *ep,
    char **cause)
{
	struct context_endpoint ce;
	struct endpoint_tls_opts tls = {0};
	const char *addr;
	bool named, ok;

	memset(ep, 0, sizeof *ep);
	if (context_lookup(config_dir, name, &ce, cause)) {
		addr = ce.host;
		if (ce.tls_dir) {
			tls.tls = true;
			env_verify = ce.skip_tls_verify ? NULL : "1";
			env_cert_path = ce.tls_dir;
		}
	} else if (*cause != NULL)
		return false;
	else
		addr = endpoint_choose(NULL, env_host, &named);
	ok = endpoint_parse(ep, addr, cause) &&
	     endpoint_apply_tls(ep, &tls, env_verify, env_cert_path, cause);
	context_endpoint_done(&ce);
	if (!ok)
		endpoint_done(ep);
	return ok;
}
