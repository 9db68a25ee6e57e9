/* Where the engine is and how to reach it: parsing -H / DOCKER_HOST and TLS. */
#ifndef API_ENDPOINT_H
#define API_ENDPOINT_H

#include <stdbool.h>

enum endpoint_kind {
	ENDPOINT_UNIX,
	ENDPOINT_TCP,
	ENDPOINT_SSH,
	ENDPOINT_NPIPE,
};

struct endpoint {
	enum endpoint_kind kind;
	char *host_arg; /* the address as given, for display */
	char *path; /* unix socket path, npipe name */
	char *host; /* tcp/ssh host (no brackets for IPv6) */
	int port;
	char *user; /* ssh user or NULL */
	bool tls; /* https */
	bool tls_verify; /* verify the server against ca */
	char *ca_file;
	char *cert_file;
	char *key_file;
};

/* TLS settings from the command line and the environment. */
struct endpoint_tls_opts {
	bool tls; /* --tls */
	bool tls_verify; /* --tlsverify */
	const char *ca_file; /* --tlscacert */
	const char *cert_file; /* --tlscert */
	const char *key_file; /* --tlskey */
};

#define ENDPOINT_DEFAULT_SOCKET "/var/run/docker.sock"
#define ENDPOINT_DEFAULT_TLS_PORT 2376
#define ENDPOINT_DEFAULT_TCP_PORT 2375

/*
 * Parses a docker host address: unix://PATH, tcp://HOST[:PORT], ssh://[USER@]HOST[:PORT],
 * npipe://NAME, or a bare path. On failure returns false and sets *cause
 * (owned by the caller) to a sentence naming what is wrong.
 */
bool endpoint_parse(struct endpoint *, const char *addr, char **cause);

/*
 * Applies TLS options as the docker CLI does: --tlsverify or a non-empty
 * DOCKER_TLS_VERIFY turns on TLS with verification; the files default to
 * ca.pem, cert.pem and key.pem in DOCKER_CERT_PATH (or ~/.docker). env_verify
 * and env_cert_path are the environment values (NULL when unset).
 */
bool endpoint_apply_tls(struct endpoint *, const struct endpoint_tls_opts *,
    const char *env_verify, const char *env_cert_path, char **cause);

/*
 * Whether the environment asks for TLS without verification, as the
 * docker CLI reads DOCKER_TLS (any non-empty value; the --tls flag's
 * default). DOCKER_TLS_VERIFY, when set too, still verifies.
 */
bool endpoint_env_tls(void);

/*
 * Picks the address like the docker CLI: -H, then DOCKER_HOST, then the
 * default socket. Returns a borrowed pointer; *named says whether the user
 * named an engine.
 */
const char *endpoint_choose(
    const char *flag_host, const char *env_host, bool *named);

/*
 * Whether a tcp or ssh address named its port ("ssh://host:2222"), rather
 * than leaving it to the default (for ssh: to the user's ssh config).
 */
bool endpoint_names_port(const struct endpoint *);

/*
 * The base URL for libcurl, e.g. "http://localhost" (owned); for ssh a
 * dummy host, "http://docker": the connection is ssh's (see api/ssh.h).
 */
char *endpoint_base_url(const struct endpoint *);

/*
 * Whether the engine runs on this machine (unix socket, or tcp to
 * loopback). Never for ssh, even to localhost: that is another user's
 * engine as far as we can tell.
 */
bool endpoint_is_local(const struct endpoint *);

/*
 * For a unix endpoint that could not be reached, tries a connect() and
 * returns a sentence telling a missing socket, a permission problem and a
 * socket nobody listens on apart (owned). NULL for other kinds.
 */
char *endpoint_diagnose(const struct endpoint *);

void endpoint_done(struct endpoint *);

#endif
