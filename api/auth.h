/*
 * Registry credentials as the docker CLI keeps them: the "auths",
 * "credsStore" and "credHelpers" of $DOCKER_CONFIG/config.json (default
 * ~/.docker/config.json) and the docker-credential-NAME helpers; the
 * X-Registry-Auth value the engine wants with a pull, a push or a search;
 * and storing a login the way the CLI does.
 *
 * Passwords and tokens stay in these structs and in what is sent to the
 * engine or a helper: nothing here prints, logs or returns them in a
 * message (causes name the registry and the helper, never a secret).
 */
#ifndef API_AUTH_H
#define API_AUTH_H

#include <stdbool.h>
#include <stddef.h>

/* The Docker Hub's key in "auths" and the address its helpers get. */
#define AUTH_HUB_SERVER "https://index.docker.io/v1/"

struct auth_creds {
	char *username;
	char *password;
	char *identitytoken; /* instead of a password, when set */
	char *serveraddress;
};

struct auth_entry {
	char *server; /* the key as written ("https://host/v1/" or "host") */
	char *username, *password; /* from "auth" (user:password) */
	char *identitytoken;
};

struct auth_helper {
	char *server;
	char *helper; /* NAME of docker-credential-NAME */
};

struct auth_config {
	char *creds_store; /* "credsStore", or NULL */
	struct auth_entry *auths;
	size_t n_auths;
	struct auth_helper *helpers; /* "credHelpers" */
	size_t n_helpers;
};

/* $DOCKER_CONFIG/config.json, else ~/.docker/config.json. Owned. */
char *auth_config_path(void);
/*
 * Parses config.json text. Entries it cannot read (an "auth" that is not
 * base64 of user:password) are left out; NULL with *cause (owned) when
 * the text is not a JSON object.
 */
struct auth_config *auth_config_parse(const char *, size_t, char **cause);
/* Reads path; a missing file is an empty config, not an error. */
struct auth_config *auth_config_load(const char *path, char **cause);
void auth_config_free(struct auth_config *);

/*
 * The registry an image reference (or a search term) names: its first
 * component when that has a '.' or a ':' or is "localhost", else
 * "docker.io". Owned.
 */
char *auth_registry_of(const char *ref);
/* The address the CLI uses for a registry: AUTH_HUB_SERVER for the Hub. */
const char *auth_server_address(const char *registry);

/*
 * The credentials for registry (a host, or "docker.io"): its credHelpers
 * helper, else the credsStore helper, else its auths entry. True with *out
 * NULL when there are none (anonymous); false with *cause (owned) when a
 * helper failed for another reason than "no credentials".
 */
bool auth_lookup(const struct auth_config *, const char *registry,
    struct auth_creds **out, char **cause);
/* The same from the config file of auth_config_path(). */
bool auth_lookup_default(
    const char *registry, struct auth_creds **out, char **cause);

/*
 * A helper's answer to "get" ({"ServerURL","Username","Secret"}): a
 * Username of "<token>" makes the Secret an identity token. NULL with
 * *cause when it is not such an object.
 */
struct auth_creds *auth_helper_decode(const char *, size_t, char **cause);
/*
 * Runs docker-credential-NAME VERB (found on PATH) with input on its
 * stdin; its stdout in *output (owned). Gives up after timeout_ms. False
 * with *cause (owned: the helper's own first line of output or stderr,
 * which never holds the secret it was given).
 */
bool auth_helper_run(const char *name, const char *verb, const char *input,
    int timeout_ms, char **output, char **cause);

/*
 * The X-Registry-Auth value: base64url of the credentials' JSON
 * ({"username","password","serveraddress"} or {"identitytoken",
 * "serveraddress"}); "e30=" ({}) for NULL. Owned.
 */
char *auth_header(const struct auth_creds *);
/*
 * A helper's answer to "list" ({"server":"user",...}): the servers, owned,
 * NULL-ended. NULL with *cause when it is not a JSON object.
 */
char **auth_helper_list_decode(const char *, size_t, char **cause);
/*
 * The X-Registry-Config value of a build, as the docker CLI makes it:
 * base64url of {"registry":{"username","password","serveraddress",
 * "identitytoken"},...} (empty members left out) for every registry the
 * config names: its auths keys (or, with a credsStore, the registries
 * that helper lists) and its credHelpers keys, whose helper wins. A
 * helper that holds nothing for a registry gives it {}. "e30=" when there
 * are none. Owned, and it holds secrets: wipe it before freeing. A helper
 * that fails leaves its registries out, named in *warning (owned, else
 * NULL; never a secret).
 */
char *auth_build_config(const struct auth_config *, char **warning);
/* The same from the config file of auth_config_path(). */
char *auth_build_config_default(char **warning);
/* The body of POST /auth. Owned. */
char *auth_login_json(const struct auth_creds *);
/*
 * The answer of POST /auth: its "Status" and "IdentityToken" (owned, NULL
 * when absent). False with *cause when it is not an object.
 */
bool auth_login_decode(
    const char *, size_t, char **status, char **token, char **cause);

/*
 * Stores creds for registry as the CLI does: with a helper for it
 * (credHelpers, credsStore) through the helper's "store" (and an empty
 * auths entry when it is credsStore), else as an auths entry ("auth":
 * base64 of user:password, or "identitytoken") in the file at path,
 * which keeps everything else it holds and stays mode 0600. False with
 * *cause (owned).
 */
bool auth_store(const char *path, const char *registry,
    const struct auth_creds *, char **cause);

/* Overwrites a secret (NUL-ended) before it is freed; NULL is fine. */
void auth_wipe_free(char *);

struct auth_creds *auth_creds_new(const char *user, const char *password,
    const char *token, const char *server);
void auth_creds_free(struct auth_creds *);

/* Base64 (url: the URL alphabet), padded. Owned. */
char *auth_base64(const void *, size_t, bool url);
/* Decodes either alphabet, padding optional; NULL when it is not base64. */
char *auth_unbase64(const char *, size_t *len);

#endif
