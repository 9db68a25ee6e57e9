/* Docker CLI contexts, read the way the CLI stores them. */

#include "api/context.h"

#include <dirent.h>
#include <errno.h>
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

/* The parser's complaint, with anything unprintable from the file as '?'. */
static char *
context_json_error(const char *path, const json_error_t *err)
{
	char text[sizeof err->text];
	size_t i;

	for (i = 0; err->text[i] && i < sizeof text - 1; i++)
		text[i] = (unsigned char)err->text[i] < 0x20 ||
				  (unsigned char)err->text[i] == 0x7f
			      ? '?'
			      : err->text[i];
	text[i] = '\0';
	return xasprintf("%s cannot be read: %s (line %d, column %d)", path,
	    text, err->line, err->column);
}

bool
context_read_current(const char *config_dir, char **name, char **cause)
{
	char *path = xasprintf("%s/config.json", config_dir);
	json_error_t err;
	json_t *root, *cur;
	struct stat st;

	*name = NULL;
	*cause = NULL;
	if (stat(path, &st) != 0 && errno == ENOENT) {
		free(path);
		return true;
	}
	root = json_load_file(path, 0, &err);
	if (root == NULL) {
		*cause = context_json_error(path, &err);
		free(path);
		return false;
	}
	cur = json_object_get(root, "currentContext");
	if (!json_is_object(root) || (cur && !json_is_string(cur))) {
		*cause = xasprintf("%s cannot be read: %s", path,
		    json_is_object(root) ? "currentContext is not a string"
					 : "it is not a JSON object");
		json_decref(root);
		free(path);
		return false;
	}
	if (cur && *json_string_value(cur))
		*name = xstrdup(json_string_value(cur));
	json_decref(root);
	free(path);
	return true;
}

char *
context_current(const char *config_dir)
{
	char *name, *cause;

	if (!context_read_current(config_dir, &name, &cause)) {
		free(cause);
		return NULL;
	}
	return name;
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
		/* A meta.json that is there but broken is not "not found". */
		*cause = stat(path, &st) == 0
			     ? context_json_error(path, &err)
			     : xasprintf(
				   "context \"%s\" not found (%s)", name, path);
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
	else {
		addr = endpoint_choose(NULL, env_host, &named);
		/* The default context takes the environment's TLS. */
		tls.tls = endpoint_env_tls();
	}
	ok = endpoint_parse(ep, addr, cause) &&
	     endpoint_apply_tls(ep, &tls, env_verify, env_cert_path, cause);
	context_endpoint_done(&ce);
	if (!ok)
		endpoint_done(ep);
	return ok;
}
