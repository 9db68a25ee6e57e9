/* Registry credentials: config.json, credential helpers, X-Registry-Auth. */

#include "api/auth.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "api/buf.h"
#include "api/context.h"
#include "api/xalloc.h"

/* How long a credential helper may take. */
#define AUTH_HELPER_TIMEOUT_MS 10000
/* The most of a helper's output we read. */
#define AUTH_HELPER_MAX_OUTPUT (64 * 1024)

static const char auth_b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char auth_b64url[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

char *
auth_base64(const void *data, size_t len, bool url)
{
	const unsigned char *p = data;
	const char *al = url ? auth_b64url : auth_b64;
	char *out = xmalloc((len + 2) / 3 * 4 + 1), *o = out;

	for (size_t i = 0; i < len; i += 3) {
		unsigned v = (unsigned)p[i] << 16;

		if (i + 1 < len)
			v |= (unsigned)p[i + 1] << 8;
		if (i + 2 < len)
			v |= p[i + 2];
		*o++ = al[v >> 18 & 63];
		*o++ = al[v >> 12 & 63];
		*o++ = i + 1 < len ? al[v >> 6 & 63] : '=';
		*o++ = i + 2 < len ? al[v & 63] : '=';
	}
	*o = '\0';
	return out;
}

static int
auth_b64_value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == '-')
		return 62;
	if (c == '/' || c == '_')
		return 63;
	return -1;
}

char *
auth_unbase64(const char *s, size_t *len)
{
	size_t n = strlen(s), o = 0;
	char *out;
	unsigned v = 0;
	int bits = 0;

	while (n > 0 && s[n - 1] == '=')
		n--;
	if (n % 4 == 1)
		return NULL;
	out = xmalloc(n / 4 * 3 + 3);
	for (size_t i = 0; i < n; i++) {
		int x = auth_b64_value(s[i]);

		if (x < 0) {
			free(out);
			return NULL;
		}
		v = (v << 6 | (unsigned)x) & 0xffffff;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (char)(v >> bits & 0xff);
		}
	}
	out[o] = '\0';
	if (len)
		*len = o;
	return out;
}

struct auth_creds *
auth_creds_new(const char *user, const char *password, const char *token,
    const char *server)
{
	struct auth_creds *c = xcalloc(1, sizeof *c);

	c->username = xstrdup_or_null(user);
	c->password = xstrdup_or_null(password);
	c->identitytoken = xstrdup_or_null(token);
	c->serveraddress = xstrdup_or_null(server);
	return c;
}

void
auth_wipe_free(char *s)
{
	if (s == NULL)
		return;
	for (volatile char *p = s; *p; p++)
		*p = '\0';
	free(s);
}

void
auth_creds_free(struct auth_creds *c)
{
	if (c == NULL)
		return;
	free(c->username);
	auth_wipe_free(c->password);
	auth_wipe_free(c->identitytoken);
	free(c->serveraddress);
	free(c);
}

char *
auth_config_path(void)
{
	char *dir = context_config_dir(), *p;

	p = xasprintf("%s/config.json", dir);
	free(dir);
	return p;
}

static const char *
auth_jstr(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s && *s ? s : NULL;
}

/* One "auths" member; false when it holds nothing usable. */
static bool
auth_entry_read(struct auth_entry *e, const char *key, const json_t *v)
{
	const char *b64 = auth_jstr(v, "auth"), *colon;
	char *plain;

	if (!json_is_object(v))
		return false;
	memset(e, 0, sizeof *e);
	if (b64) {
		plain = auth_unbase64(b64, NULL);
		colon = plain ? strchr(plain, ':') : NULL;
		if (colon == NULL) {
			auth_wipe_free(plain);
			return false;
		}
		e->username = xstrndup(plain, (size_t)(colon - plain));
		e->password = xstrdup(colon + 1);
		auth_wipe_free(plain);
	} else {
		e->username = xstrdup_or_null(auth_jstr(v, "username"));
		e->password = xstrdup_or_null(auth_jstr(v, "password"));
	}
	e->identitytoken = xstrdup_or_null(auth_jstr(v, "identitytoken"));
	e->server = xstrdup(key);
	return true;
}

struct auth_config *
auth_config_parse(const char *text, size_t len, char **cause)
{
	json_error_t err;
	json_t *root = json_loadb(text, len, 0, &err), *auths, *helpers, *v;
	struct auth_config *c;
	const char *key;

	if (!json_is_object(root)) {
		*cause = root ? xstrdup("the docker config is not a JSON "
					"object")
			      : xasprintf("the docker config is not JSON "
					  "(line %d: %s)",
				    err.line, err.text);
		json_decref(root);
		return NULL;
	}
	c = xcalloc(1, sizeof *c);
	c->creds_store = xstrdup_or_null(auth_jstr(root, "credsStore"));
	auths = json_object_get(root, "auths");
	if (json_is_object(auths)) {
		c->auths =
		    xcalloc(json_object_size(auths) + 1, sizeof *c->auths);
		json_object_foreach(auths, key, v)
		{
			if (auth_entry_read(&c->auths[c->n_auths], key, v))
				c->n_auths++;
		}
	}
	helpers = json_object_get(root, "credHelpers");
	if (json_is_object(helpers)) {
		c->helpers =
		    xcalloc(json_object_size(helpers) + 1, sizeof *c->helpers);
		json_object_foreach(helpers, key, v)
		{
			const char *h = json_string_value(v);

			if (h == NULL || *h == '\0')
				continue;
			c->helpers[c->n_helpers].server = xstrdup(key);
			c->helpers[c->n_helpers++].helper = xstrdup(h);
		}
	}
	json_decref(root);
	return c;
}

struct auth_config *
auth_config_load(const char *path, char **cause)
{
	struct auth_config *c;
	struct buf b;
	char chunk[4096];
	size_t n;
	FILE *f = fopen(path, "r");

	if (f == NULL) {
		if (errno == ENOENT)
			return xcalloc(1, sizeof(struct auth_config));
		*cause = xasprintf("%s: %s", path, strerror(errno));
		return NULL;
	}
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&b, chunk, n);
	fclose(f);
	c = auth_config_parse(b.data ? b.data : "", b.len, cause);
	if (c == NULL) {
		char *why = *cause;

		*cause = xasprintf("%s: %s", path, why);
		free(why);
	}
	/* The file's text held the passwords too. */
	if (b.data)
		memset(b.data, 0, b.len);
	buf_done(&b);
	return c;
}

void
auth_config_free(struct auth_config *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->n_auths; i++) {
		free(c->auths[i].server);
		free(c->auths[i].username);
		auth_wipe_free(c->auths[i].password);
		auth_wipe_free(c->auths[i].identitytoken);
	}
	for (size_t i = 0; i < c->n_helpers; i++) {
		free(c->helpers[i].server);
		free(c->helpers[i].helper);
	}
	free(c->auths);
	free(c->helpers);
	free(c->creds_store);
	free(c);
}

char *
auth_registry_of(const char *ref)
{
	const char *slash = strchr(ref, '/');
	size_t n = slash ? (size_t)(slash - ref) : 0;

	if (slash && (memchr(ref, '.', n) || memchr(ref, ':', n) ||
			 (n == 9 && strncmp(ref, "localhost", 9) == 0)))
		return xstrndup(ref, n);
	return xstrdup("docker.io");
}

static bool
auth_is_hub(const char *registry)
{
	return strcmp(registry, "docker.io") == 0 ||
	       strcmp(registry, "index.docker.io") == 0 ||
	       strcmp(registry, "registry-1.docker.io") == 0 ||
	       strcmp(registry, AUTH_HUB_SERVER) == 0;
}

const char *
auth_server_address(const char *registry)
{
	return auth_is_hub(registry) ? AUTH_HUB_SERVER : registry;
}

/* The host of a key as the CLI compares them: no scheme, no path. */
static char *
auth_key_host(const char *key)
{
	const char *s = key;

	if (strncasecmp(s, "https://", 8) == 0)
		s += 8;
	else if (strncasecmp(s, "http://", 7) == 0)
		s += 7;
	return xstrndup(s, strcspn(s, "/"));
}

static bool
auth_key_matches(const char *key, const char *registry)
{
	char *host;
	bool yes;

	if (strcmp(key, auth_server_address(registry)) == 0)
		return true;
	host = auth_key_host(key);
	yes = strcmp(host, registry) == 0 ||
	      (auth_is_hub(registry) && auth_is_hub(host));
	free(host);
	return yes;
}

/* The helper for registry, or NULL for the config file itself. */
static const char *
auth_helper_for(const struct auth_config *c, const char *registry)
{
	for (size_t i = 0; i < c->n_helpers; i++)
		if (auth_key_matches(c->helpers[i].server, registry))
			return c->helpers[i].helper;
	return c->creds_store;
}

struct auth_creds *
auth_helper_decode(const char *text, size_t len, char **cause)
{
	json_t *root = json_loadb(text, len, 0, NULL);
	const char *user, *secret;
	struct auth_creds *c;

	user = json_string_value(json_object_get(root, "Username"));
	secret = json_string_value(json_object_get(root, "Secret"));
	if (!json_is_object(root) || secret == NULL) {
		*cause = xstrdup("the credential helper's answer has no "
				 "Secret");
		json_decref(root);
		return NULL;
	}
	if (user && strcmp(user, "<token>") == 0)
		c = auth_creds_new(NULL, NULL, secret, NULL);
	else
		c = auth_creds_new(user, secret, NULL, NULL);
	c->serveraddress = xstrdup_or_null(auth_jstr(root, "ServerURL"));
	json_decref(root);
	return c;
}

static double
auth_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000 + (double)ts.tv_nsec / 1e6;
}

/* The first line of what a failed helper said, for a message. */
static char *
auth_first_line(const char *out, const char *err)
{
	const char *s = out && *out ? out : err ? err : "";

	while (*s == ' ' || *s == '\n')
		s++;
	return xstrndup(s, strcspn(s, "\r\n"));
}

/* Reads the helper's two pipes until both close or the time is up. */
static bool
auth_helper_collect(
    int fo, int fe, int timeout_ms, struct buf *out, struct buf *err)
{
	double end = auth_now_ms() + timeout_ms;
	int fds[2] = {fo, fe};
	struct buf *bufs[2] = {out, err};
	char chunk[4096];

	while (fds[0] >= 0 || fds[1] >= 0) {
		struct pollfd p[2];
		double left = end - auth_now_ms();
		nfds_t n = 0;
		int idx[2];

		if (left <= 0)
			return false;
		for (int i = 0; i < 2; i++)
			if (fds[i] >= 0) {
				p[n].fd = fds[i];
				p[n].events = POLLIN;
				idx[n++] = i;
			}
		if (poll(p, n, (int)left + 1) < 0 && errno != EINTR)
			return false;
		for (nfds_t k = 0; k < n; k++) {
			ssize_t r;

			if (!(p[k].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			r = read(p[k].fd, chunk, sizeof chunk);
			if (r > 0 && bufs[idx[k]]->len < AUTH_HELPER_MAX_OUTPUT)
				buf_append(bufs[idx[k]], chunk, (size_t)r);
			else if (r == 0 ||
				 (r < 0 && errno != EINTR && errno != EAGAIN)) {
				close(fds[idx[k]]);
				fds[idx[k]] = -1;
			}
		}
	}
	return true;
}

/* Starts the helper with three pipes; -1 when it cannot be started. */
static pid_t
auth_helper_spawn(
    const char *prog, const char *verb, int *in, int *out, int *err)
{
	int pi[2], po[2], pe[2];
	pid_t pid;

	if (pipe(pi) != 0)
		return -1;
	if (pipe(po) != 0) {
		close(pi[0]);
		close(pi[1]);
		return -1;
	}
	if (pipe(pe) != 0) {
		close(pi[0]);
		close(pi[1]);
		close(po[0]);
		close(po[1]);
		return -1;
	}
	pid = fork();
	if (pid == 0) {
		dup2(pi[0], 0);
		dup2(po[1], 1);
		dup2(pe[1], 2);
		for (int fd = 3; fd < 256; fd++)
			close(fd);
		execlp(prog, prog, verb, (char *)NULL);
		/* The shell's word for it, which the caller recognises. */
		_exit(127);
	}
	close(pi[0]);
	close(po[1]);
	close(pe[1]);
	if (pid < 0) {
		close(pi[1]);
		close(po[0]);
		close(pe[0]);
		return -1;
	}
	*in = pi[1];
	*out = po[0];
	*err = pe[0];
	return pid;
}

bool
auth_helper_run(const char *name, const char *verb, const char *input,
    int timeout_ms, char **output, char **cause)
{
	char *prog = xasprintf("docker-credential-%s", name);
	struct buf out, err;
	int fi, fo, fe, st = 0;
	size_t len = input ? strlen(input) : 0, off = 0;
	pid_t pid;
	bool done;

	*output = NULL;
	pid = auth_helper_spawn(prog, verb, &fi, &fo, &fe);
	if (pid < 0) {
		*cause = xasprintf("%s: %s", prog, strerror(errno));
		free(prog);
		return false;
	}
	/* The input is a line or two: the pipe's buffer takes it whole. */
	while (off < len) {
		ssize_t w = write(fi, input + off, len - off);

		if (w <= 0 && errno != EINTR)
			break;
		if (w > 0)
			off += (size_t)w;
	}
	close(fi);
	buf_init(&out);
	buf_init(&err);
	done = auth_helper_collect(fo, fe, timeout_ms, &out, &err);
	if (!done) {
		kill(pid, SIGKILL);
		close(fo);
		close(fe);
	}
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (!done)
		*cause = xasprintf("%s %s: no answer within %d s", prog, verb,
		    timeout_ms / 1000);
	else if (WIFEXITED(st) && WEXITSTATUS(st) == 127 && out.len == 0)
		*cause =
		    xasprintf("%s is not installed (not found on PATH)", prog);
	else if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		char *line = auth_first_line(buf_cstr(&out), buf_cstr(&err));

		*cause =
		    xasprintf("%s %s: %s", prog, verb, *line ? line : "failed");
		free(line);
	} else
		*output = xstrdup(buf_cstr(&out));
	if (out.data)
		memset(out.data, 0, out.len);
	buf_done(&out);
	buf_done(&err);
	free(prog);
	return *output != NULL;
}

/* The CLI's helpers say this when they hold nothing for the server. */
static bool
auth_not_found(const char *cause)
{
	return strstr(cause, "credentials not found") != NULL ||
	       strstr(cause, "not found in native keychain") != NULL;
}

static bool
auth_lookup_helper(const char *helper, const char *server,
    struct auth_creds **out, char **cause)
{
	char *text = NULL, *why = NULL, *input;
	struct auth_creds *c;

	input = xasprintf("%s\n", server);
	if (!auth_helper_run(
		helper, "get", input, AUTH_HELPER_TIMEOUT_MS, &text, &why)) {
		free(input);
		if (auth_not_found(why)) {
			free(why);
			return true;
		}
		*cause = why;
		return false;
	}
	free(input);
	c = auth_helper_decode(text, strlen(text), &why);
	memset(text, 0, strlen(text));
	free(text);
	if (c == NULL) {
		*cause = xasprintf("docker-credential-%s: %s", helper, why);
		free(why);
		return false;
	}
	free(c->serveraddress);
	c->serveraddress = xstrdup(server);
	*out = c;
	return true;
}

bool
auth_lookup(const struct auth_config *c, const char *registry,
    struct auth_creds **out, char **cause)
{
	const char *server = auth_server_address(registry);
	const char *helper = auth_helper_for(c, registry);

	*out = NULL;
	if (helper)
		return auth_lookup_helper(helper, server, out, cause);
	for (size_t i = 0; i < c->n_auths; i++) {
		const struct auth_entry *e = &c->auths[i];

		if (!auth_key_matches(e->server, registry))
			continue;
		if (e->identitytoken == NULL && e->password == NULL)
			continue;
		*out = auth_creds_new(
		    e->username, e->password, e->identitytoken, server);
		return true;
	}
	return true;
}

bool
auth_lookup_default(const char *registry, struct auth_creds **out, char **cause)
{
	char *path = auth_config_path();
	struct auth_config *c = auth_config_load(path, cause);
	bool ok;

	free(path);
	*out = NULL;
	if (c == NULL)
		return false;
	ok = auth_lookup(c, registry, out, cause);
	auth_config_free(c);
	return ok;
}

/* The credentials as the engine reads them; the caller json_decref()s. */
static json_t *
auth_creds_json(const struct auth_creds *c)
{
	json_t *o = json_object();

	if (c->identitytoken)
		json_object_set_new(
		    o, "identitytoken", json_string(c->identitytoken));
	else {
		json_object_set_new(
		    o, "username", json_string(c->username ? c->username : ""));
		json_object_set_new(
		    o, "password", json_string(c->password ? c->password : ""));
	}
	if (c->serveraddress)
		json_object_set_new(
		    o, "serveraddress", json_string(c->serveraddress));
	return o;
}

/* Dumps o (jansson's flags) and frees it, wiping the text jansson kept. */
static char *
auth_dump(json_t *o, size_t flags)
{
	char *s = json_dumps(o, flags), *out;

	json_decref(o);
	if (s == NULL)
		return xstrdup("{}");
	out = xstrdup(s);
	memset(s, 0, strlen(s));
	free(s);
	return out;
}

char *
auth_header(const struct auth_creds *c)
{
	char *json, *b64;

	if (c == NULL)
		return xstrdup("e30=");
	json = auth_dump(auth_creds_json(c), JSON_COMPACT);
	b64 = auth_base64(json, strlen(json), true);
	auth_wipe_free(json);
	return b64;
}

char **
auth_helper_list_decode(const char *text, size_t len, char **cause)
{
	json_t *root = json_loadb(text, len, 0, NULL), *v;
	const char *key;
	char **out;
	size_t n = 0;

	if (!json_is_object(root)) {
		*cause = xstrdup("the credential helper's list is not a JSON "
				 "object");
		json_decref(root);
		return NULL;
	}
	out = xcalloc(json_object_size(root) + 1, sizeof *out);
	json_object_foreach(root, key, v)
	{
		if (*key != '\0')
			out[n++] = xstrdup(key);
	}
	json_decref(root);
	return out;
}

/*
 * One registry of X-Registry-Config, under key: the fields the CLI sends
 * (an AuthConfig without its empty members; "auth" it never fills in).
 */
static void
auth_build_put(json_t *all, const char *key, const char *user,
    const char *password, const char *token, const char *server)
{
	json_t *o = json_object();

	if (user && *user)
		json_object_set_new(o, "username", json_string(user));
	if (password && *password)
		json_object_set_new(o, "password", json_string(password));
	if (server && *server)
		json_object_set_new(o, "serveraddress", json_string(server));
	if (token && *token)
		json_object_set_new(o, "identitytoken", json_string(token));
	json_object_set_new(all, key, o);
}

/* "; " between the registries a build goes without. */
static void
auth_build_warn(struct buf *w, const char *server, const char *cause)
{
	buf_printf(w, "%s%s (%s)", w->len ? "; " : "", server, cause);
}

/*
 * The helper's credentials for server; an empty entry when it holds
 * none, as the CLI sends; nothing but a warning when the helper failed.
 */
static void
auth_build_helper(
    json_t *all, const char *helper, const char *server, struct buf *w)
{
	struct auth_creds *cr = NULL;
	char *cause = NULL;

	if (!auth_lookup_helper(helper, server, &cr, &cause)) {
		auth_build_warn(w, server, cause);
		free(cause);
		return;
	}
	if (cr)
		auth_build_put(all, server, cr->username, cr->password,
		    cr->identitytoken, cr->serveraddress);
	else
		auth_build_put(all, server, NULL, NULL, NULL, NULL);
	auth_creds_free(cr);
}

/* The registries the credsStore helper lists, each with its credentials. */
static void
auth_build_store(json_t *all, const char *helper, struct buf *w)
{
	char *text = NULL, *cause = NULL, **servers;

	if (!auth_helper_run(
		helper, "list", "", AUTH_HELPER_TIMEOUT_MS, &text, &cause)) {
		auth_build_warn(w, "every registry of the credsStore", cause);
		free(cause);
		return;
	}
	servers = auth_helper_list_decode(text, strlen(text), &cause);
	free(text);
	if (servers == NULL) {
		char *why =
		    xasprintf("docker-credential-%s: %s", helper, cause);

		auth_build_warn(w, "every registry of the credsStore", why);
		free(why);
		free(cause);
		return;
	}
	for (size_t i = 0; servers[i]; i++) {
		auth_build_helper(all, helper, servers[i], w);
		free(servers[i]);
	}
	free(servers);
}

char *
auth_build_config(const struct auth_config *c, char **warning)
{
	json_t *all = json_object();
	struct buf w;
	char *json, *b64;

	*warning = NULL;
	buf_init(&w);
	/* With a credsStore the file's auths hold no secrets: the helper
	 * lists the registries it knows. */
	if (c->creds_store)
		auth_build_store(all, c->creds_store, &w);
	else
		for (size_t i = 0; i < c->n_auths; i++) {
			const struct auth_entry *e = &c->auths[i];

			auth_build_put(all, e->server, e->username, e->password,
			    e->identitytoken, e->server);
		}
	/* A registry's own helper wins over the store, as in the CLI. */
	for (size_t i = 0; i < c->n_helpers; i++)
		auth_build_helper(
		    all, c->helpers[i].helper, c->helpers[i].server, &w);
	json = auth_dump(all, JSON_COMPACT | JSON_SORT_KEYS);
	b64 = auth_base64(json, strlen(json), true);
	auth_wipe_free(json);
	if (w.len)
		*warning =
		    xasprintf("registry credentials left out of the build: %s",
			buf_cstr(&w));
	buf_done(&w);
	return b64;
}

char *
auth_build_config_default(char **warning)
{
	char *path = auth_config_path(), *cause = NULL, *v;
	struct auth_config *c = auth_config_load(path, &cause);

	free(path);
	if (c == NULL) {
		*warning = cause;
		return xstrdup("e30=");
	}
	v = auth_build_config(c, warning);
	auth_config_free(c);
	return v;
}

char *
auth_login_json(const struct auth_creds *c)
{
	return auth_dump(auth_creds_json(c), JSON_COMPACT);
}

bool
auth_login_decode(
    const char *text, size_t len, char **status, char **token, char **cause)
{
	json_t *root = json_loadb(text, len, 0, NULL);

	*status = *token = NULL;
	if (!json_is_object(root)) {
		*cause = xstrdup("the engine's answer to the login is not a "
				 "JSON object");
		json_decref(root);
		return false;
	}
	*status = xstrdup_or_null(auth_jstr(root, "Status"));
	*token = xstrdup_or_null(auth_jstr(root, "IdentityToken"));
	json_decref(root);
	return true;
}

/* Writes root to path through a private temporary file and a rename. */
static bool
auth_write_file(const char *path, json_t *root, char **cause)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/'), *tmp;
	int fd;
	bool ok;

	if (slash && slash != dir) {
		*slash = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			*cause = xasprintf("%s: %s", dir, strerror(errno));
			free(dir);
			return false;
		}
	}
	free(dir);
	tmp = xasprintf("%s.berth-XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		free(tmp);
		return false;
	}
	ok = fchmod(fd, 0600) == 0 &&
	     json_dumpfd(root, fd, JSON_INDENT(8) | JSON_PRESERVE_ORDER) == 0 &&
	     write(fd, "\n", 1) == 1;
	ok = close(fd) == 0 && ok;
	if (ok && rename(tmp, path) != 0)
		ok = false;
	if (!ok) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		unlink(tmp);
	}
	free(tmp);
	return ok;
}

/* The helper's "store" with {"ServerURL","Username","Secret"}. */
static bool
auth_store_helper(const char *helper, const char *server,
    const struct auth_creds *c, char **cause)
{
	json_t *o = json_object();
	char *input, *out = NULL;
	bool ok;

	json_object_set_new(o, "ServerURL", json_string(server));
	json_object_set_new(o, "Username",
	    json_string(c->identitytoken ? "<token>"
			: c->username    ? c->username
					 : ""));
	json_object_set_new(o, "Secret",
	    json_string(c->identitytoken ? c->identitytoken
			: c->password    ? c->password
					 : ""));
	input = auth_dump(o, JSON_COMPACT);
	ok = auth_helper_run(
	    helper, "store", input, AUTH_HELPER_TIMEOUT_MS, &out, cause);
	auth_wipe_free(input);
	free(out);
	return ok;
}

bool
auth_store(const char *path, const char *registry, const struct auth_creds *c,
    char **cause)
{
	const char *server = auth_server_address(registry);
	struct auth_config *cfg = auth_config_load(path, cause);
	const char *helper;
	json_error_t err;
	json_t *root, *auths, *entry;
	char *plain, *b64;
	bool ok;

	if (cfg == NULL)
		return false;
	helper = auth_helper_for(cfg, registry);
	if (helper && !auth_store_helper(helper, server, c, cause)) {
		auth_config_free(cfg);
		return false;
	}
	/* A helper for this registry alone needs nothing in the file. */
	if (helper && (cfg->creds_store == NULL ||
			  strcmp(helper, cfg->creds_store) != 0)) {
		auth_config_free(cfg);
		return true;
	}
	auth_config_free(cfg);
	root = json_load_file(path, JSON_PRESERVE_ORDER, &err);
	if (root == NULL)
		root = json_object();
	auths = json_object_get(root, "auths");
	if (!json_is_object(auths)) {
		auths = json_object();
		json_object_set_new(root, "auths", auths);
	}
	entry = json_object();
	if (helper == NULL) {
		plain = xasprintf("%s:%s", c->username ? c->username : "",
		    c->identitytoken || c->password == NULL ? "" : c->password);
		b64 = auth_base64(plain, strlen(plain), false);
		auth_wipe_free(plain);
		json_object_set_new(entry, "auth", json_string(b64));
		auth_wipe_free(b64);
		if (c->identitytoken)
			json_object_set_new(entry, "identitytoken",
			    json_string(c->identitytoken));
	}
	json_object_set_new(auths, server, entry);
	ok = auth_write_file(path, root, cause);
	json_decref(root);
	return ok;
}
