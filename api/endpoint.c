/* Endpoint parsing, following the docker CLI's rules for -H and TLS. */

#include "api/endpoint.h"

#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "api/xalloc.h"

static bool
endpoint_fail(char **cause, const char *addr, const char *why)
{
	if (cause)
		*cause =
		    xasprintf("invalid engine address \"%s\": %s", addr, why);
	return false;
}

static bool
endpoint_parse_port(const char *s, int *port)
{
	long v = 0;

	if (*s == '\0')
		return false;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (*p - '0');
		if (v > 65535)
			return false;
	}
	if (v == 0)
		return false;
	*port = (int)v;
	return true;
}

/* Splits "host:port" or "[v6]:port"; port may be absent. */
static bool
endpoint_host_port(struct endpoint *e, const char *hp, const char *addr,
    int default_port, char **cause)
{
	const char *colon;
	size_t hlen;

	if (*hp == '[') {
		const char *close = strchr(hp, ']');

		if (close == NULL)
			return endpoint_fail(
			    cause, addr, "missing ']' after an IPv6 address");
		e->host = xstrndup(hp + 1, (size_t)(close - hp - 1));
		colon = close[1] == ':' ? close + 1 : NULL;
		if (close[1] != '\0' && close[1] != ':')
			return endpoint_fail(
			    cause, addr, "unexpected text after ']'");
	} else {
		colon = strrchr(hp, ':');
		if (colon && strchr(hp, ':') != colon)
			return endpoint_fail(cause, addr,
			    "an IPv6 address must be written in [brackets]");
		hlen = colon ? (size_t)(colon - hp) : strlen(hp);
		e->host = xstrndup(hp, hlen);
	}
	if (e->host[0] == '\0')
		return endpoint_fail(cause, addr, "the host name is empty");
	for (const char *p = e->host; *p; p++)
		if (*p == ' ' || *p == '/' || *p == '?' || *p == '#' ||
		    *p == '@')
			return endpoint_fail(cause, addr,
			    "the host name contains an invalid character");
	if (colon == NULL) {
		e->port = default_port;
		return true;
	}
	if (!endpoint_parse_port(colon + 1, &e->port))
		return endpoint_fail(
		    cause, addr, "the port must be a number from 1 to 65535");
	return true;
}

bool
endpoint_parse(struct endpoint *e, const char *addr, char **cause)
{
	const char *rest;

	memset(e, 0, sizeof *e);
	if (cause)
		*cause = NULL;
	if (addr == NULL || *addr == '\0')
		return endpoint_fail(cause, "", "the address is empty");
	e->host_arg = xstrdup(addr);

	if (strncmp(addr, "unix://", 7) == 0 || addr[0] == '/') {
		rest = addr[0] == '/' ? addr : addr + 7;
		e->kind = ENDPOINT_UNIX;
		if (*rest == '\0')
			rest = ENDPOINT_DEFAULT_SOCKET;
		if (rest[0] != '/')
			goto bad_unix;
		if (strlen(rest) >= sizeof(((struct sockaddr_un *)0)->sun_path))
			return endpoint_fail(
			    cause, addr, "the socket path is too long");
		e->path = xstrdup(rest);
		return true;
	}
	if (strncmp(addr, "npipe://", 8) == 0) {
		e->kind = ENDPOINT_NPIPE;
		e->path = xstrdup(addr + 8);
		if (*e->path == '\0')
			return endpoint_fail(
			    cause, addr, "the pipe name is empty");
		return true;
	}
	if (strncmp(addr, "tcp://", 6) == 0 ||
	    strncmp(addr, "http://", 7) == 0 ||
	    strncmp(addr, "https://", 8) == 0) {
		const char *hp = strstr(addr, "://") + 3;
		char *hostport;
		const char *slash;
		bool ok;

		e->kind = ENDPOINT_TCP;
		e->tls = strncmp(addr, "https://", 8) == 0;
		slash = strchr(hp, '/');
		if (slash && slash[1] != '\0')
			return endpoint_fail(
			    cause, addr, "a tcp address takes no path");
		hostport =
		    xstrndup(hp, slash ? (size_t)(slash - hp) : strlen(hp));
		if (*hostport == '\0') {
			free(hostport);
			return endpoint_fail(
			    cause, addr, "the host name is empty");
		}
		ok = endpoint_host_port(e, hostport, addr,
		    e->tls ? ENDPOINT_DEFAULT_TLS_PORT
			   : ENDPOINT_DEFAULT_TCP_PORT,
		    cause);
		free(hostport);
		return ok;
	}
	if (strncmp(addr, "ssh://", 6) == 0) {
		const char *hp = addr + 6, *at = strchr(hp, '@');

		e->kind = ENDPOINT_SSH;
		if (at) {
			if (at == hp)
				return endpoint_fail(cause, addr,
				    "the user name before '@' is empty");
			e->user = xstrndup(hp, (size_t)(at - hp));
			hp = at + 1;
		}
		if (strchr(hp, '/'))
			return endpoint_fail(
			    cause, addr, "an ssh address takes no path");
		return endpoint_host_port(e, hp, addr, 22, cause);
	}
	if (strstr(addr, "://"))
		return endpoint_fail(cause, addr,
		    "unknown scheme (use unix://, tcp:// or ssh://)");
	return endpoint_fail(cause, addr,
	    "missing scheme (use unix:///path, tcp://host:port or ssh://host)");
bad_unix:
	return endpoint_fail(cause, addr, "the socket path must be absolute");
}

static char *
endpoint_cert(const char *given, const char *dir, const char *name)
{
	if (given)
		return xstrdup(given);
	return xasprintf("%s/%s", dir, name);
}

bool
endpoint_apply_tls(struct endpoint *e, const struct endpoint_tls_opts *o,
    const char *env_verify, const char *env_cert_path, char **cause)
{
	bool verify = o->tls_verify || (env_verify && *env_verify);
	bool tls = verify || o->tls || e->tls || o->ca_file || o->cert_file ||
		   o->key_file;
	char *dir;
	struct stat st;

	if (cause)
		*cause = NULL;
	if (!tls)
		return true;
	if (e->kind != ENDPOINT_TCP) {
		/* The CLI ignores TLS settings for sockets; so do we. */
		return true;
	}
	e->tls = true;
	e->tls_verify = verify;
	if (env_cert_path && *env_cert_path)
		dir = xstrdup(env_cert_path);
	else
		dir = xasprintf(
		    "%s/.docker", getenv("HOME") ? getenv("HOME") : "");
	free(e->ca_file);
	free(e->cert_file);
	free(e->key_file);
	e->ca_file = endpoint_cert(o->ca_file, dir, "ca.pem");
	e->cert_file = endpoint_cert(o->cert_file, dir, "cert.pem");
	e->key_file = endpoint_cert(o->key_file, dir, "key.pem");
	free(dir);

	/* Like the CLI: certificates that are not there are simply not used,
	 * except the CA when verifying, which we cannot do without. */
	if (stat(e->ca_file, &st) != 0) {
		if (verify) {
			if (cause)
				*cause =
				    xasprintf("TLS verification needs a CA "
					      "certificate, and %s is missing",
					e->ca_file);
			return false;
		}
		free(e->ca_file);
		e->ca_file = NULL;
	}
	if (stat(e->cert_file, &st) != 0 || stat(e->key_file, &st) != 0) {
		if (o->cert_file || o->key_file) {
			if (cause)
				*cause =
				    xasprintf("client certificate %s or key "
					      "%s is missing",
					e->cert_file, e->key_file);
			return false;
		}
		free(e->cert_file);
		free(e->key_file);
		e->cert_file = e->key_file = NULL;
	}
	return true;
}

bool
endpoint_env_tls(void)
{
	const char *v = getenv("DOCKER_TLS");

	return v != NULL && *v != '\0';
}

const char *
endpoint_choose(const char *flag_host, const char *env_host, bool *named)
{
	*named = true;
	if (flag_host && *flag_host)
		return flag_host;
	if (env_host && *env_host)
		return env_host;
	*named = false;
	return "unix://" ENDPOINT_DEFAULT_SOCKET;
}

bool
endpoint_names_port(const struct endpoint *e)
{
	const char *hp, *at, *close;

	if (e->kind != ENDPOINT_TCP && e->kind != ENDPOINT_SSH)
		return false;
	if (e->host_arg == NULL)
		return e->kind == ENDPOINT_SSH
			   ? e->port != 22
			   : e->port != (e->tls ? ENDPOINT_DEFAULT_TLS_PORT
						: ENDPOINT_DEFAULT_TCP_PORT);
	hp = strstr(e->host_arg, "://");
	hp = hp ? hp + 3 : e->host_arg;
	if ((at = strchr(hp, '@')) != NULL)
		hp = at + 1;
	if (*hp == '[')
		return (close = strchr(hp, ']')) != NULL && close[1] == ':';
	return strchr(hp, ':') != NULL;
}

char *
endpoint_base_url(const struct endpoint *e)
{
	if (e->kind == ENDPOINT_TCP) {
		bool v6 = strchr(e->host, ':') != NULL;

		return xasprintf("%s://%s%s%s:%d", e->tls ? "https" : "http",
		    v6 ? "[" : "", e->host, v6 ? "]" : "", e->port);
	}
	if (e->kind == ENDPOINT_SSH)
		return xstrdup("http://docker");
	return xstrdup("http://localhost");
}

/* Whether a numeric address is one of this machine's interfaces'. */
static bool
endpoint_addr_is_mine(const char *host)
{
	unsigned char want[16], got[16];
	struct ifaddrs *ifs, *i;
	int fam;
	bool hit = false;

	if (inet_pton(AF_INET, host, want) == 1)
		fam = AF_INET;
	else if (inet_pton(AF_INET6, host, want) == 1)
		fam = AF_INET6;
	else
		return false; /* a name: resolving it could block */
	if (getifaddrs(&ifs) != 0)
		return false;
	for (i = ifs; i && !hit; i = i->ifa_next) {
		if (i->ifa_addr == NULL || i->ifa_addr->sa_family != fam)
			continue;
		if (fam == AF_INET)
			memcpy(got,
			    &((struct sockaddr_in *)(void *)i->ifa_addr)
				 ->sin_addr,
			    4);
		else
			memcpy(got,
			    &((struct sockaddr_in6 *)(void *)i->ifa_addr)
				 ->sin6_addr,
			    16);
		hit = memcmp(want, got, fam == AF_INET ? 4 : 16) == 0;
	}
	freeifaddrs(ifs);
	return hit;
}

bool
endpoint_is_local(const struct endpoint *e)
{
	if (e->kind == ENDPOINT_UNIX)
		return true;
	if (e->kind != ENDPOINT_TCP)
		return false;
	return strcmp(e->host, "localhost") == 0 ||
	       strncmp(e->host, "127.", 4) == 0 ||
	       strcmp(e->host, "::1") == 0 || endpoint_addr_is_mine(e->host);
}

char *
endpoint_diagnose(const struct endpoint *e)
{
	struct sockaddr_un sa;
	struct stat st;
	int fd, err;

	if (e->kind != ENDPOINT_UNIX)
		return NULL;
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", e->path);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0)
		return xasprintf("cannot create a socket: %s", strerror(errno));
	err = connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0 ? 0 : errno;
	close(fd);
	switch (err) {
	case 0:
		return xasprintf("the engine socket %s accepts connections but "
				 "did not answer",
		    e->path);
	case ENOENT:
		return xasprintf(
		    "no engine socket at %s (is the Docker engine "
		    "running? use -H or DOCKER_HOST to name another)",
		    e->path);
	case EACCES:
	case EPERM:
		return xasprintf("permission denied on %s (join the docker "
				 "group, or run as root)",
		    e->path);
	case ECONNREFUSED:
		/* Linux refuses a connect() to a file that is not a socket
		 * instead of saying ENOTSOCK. */
		if (stat(e->path, &st) == 0 && !S_ISSOCK(st.st_mode))
			return xasprintf("%s is not a socket", e->path);
		return xasprintf(
		    "nothing is listening on %s (the engine is not "
		    "running)",
		    e->path);
	case ENOTSOCK:
		return xasprintf("%s is not a socket", e->path);
	default:
		return xasprintf(
		    "cannot connect to %s: %s", e->path, strerror(err));
	}
}

void
endpoint_done(struct endpoint *e)
{
	free(e->host_arg);
	free(e->path);
	free(e->host);
	free(e->user);
	free(e->ca_file);
	free(e->cert_file);
	free(e->key_file);
	memset(e, 0, sizeof *e);
}
