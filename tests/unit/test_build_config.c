/*
 * Tests of a build's X-Registry-Config value (auth_build_config): every
 * registry of a docker config, from its auths, from a credsStore's
 * "list" and from credHelpers (a stub helper on PATH), decoded back and
 * compared as JSON text; helpers that fail leave a warning that names
 * the registry but holds no secret. No engine.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "api/auth.h"
#include "api/xalloc.h"

static char *tmpdir;

static void
write_file(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	chmod(path, mode);
}

/*
 * docker-credential-bcstub: "list" names four registries; "get" answers
 * a password, a token, "not found" or a failure. docker-credential-bcdown
 * fails whatever it is asked.
 */
static int
setup(void **state)
{
	char tmpl[] = "/tmp/berth-unit-buildconfig-XXXXXX";
	char *path;

	(void)state;
	assert_non_null(mkdtemp(tmpl));
	tmpdir = xstrdup(tmpl);
	path = xasprintf("%s/docker-credential-bcstub", tmpdir);
	write_file(path,
	    "#!/bin/sh\n"
	    "read -r line\n"
	    "case $1 in\n"
	    "list) printf '{\"https://index.docker.io/v1/\":\"hubuser\","
	    "\"store.example\":\"<token>\",\"gone.example\":\"x\","
	    "\"locked.example\":\"y\"}' ;;\n"
	    "get)\n"
	    "  case $line in\n"
	    "  https://index.docker.io/v1/) printf '{\"ServerURL\":\"%s\","
	    "\"Username\":\"hubuser\",\"Secret\":\"hub-secret\"}' \"$line\" "
	    ";;\n"
	    "  store.example) printf '{\"Username\":\"<token>\","
	    "\"Secret\":\"tok-secret\"}' ;;\n"
	    "  helped.example) printf '{\"Username\":\"hu\","
	    "\"Secret\":\"help-secret\"}' ;;\n"
	    "  locked.example) echo 'store is locked'; exit 1 ;;\n"
	    "  *) echo 'credentials not found in native keychain'; exit 1 ;;\n"
	    "  esac ;;\n"
	    "esac\n",
	    0755);
	free(path);
	path = xasprintf("%s/docker-credential-bcdown", tmpdir);
	write_file(
	    path, "#!/bin/sh\necho 'the keychain is offline'\nexit 1\n", 0755);
	free(path);
	path = xasprintf("%s:%s", tmpdir, getenv("PATH"));
	setenv("PATH", path, 1);
	free(path);
	return 0;
}

static int
teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);

	(void)state;
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
	free(cmd);
	free(tmpdir);
	return 0;
}

/* The value for config text, decoded; *warning as auth_build_config's. */
static char *
build_config_of(const char *text, char **warning)
{
	char *cause = NULL, *v, *json;
	struct auth_config *c = auth_config_parse(text, strlen(text), &cause);

	assert_non_null(c);
	v = auth_build_config(c, warning);
	auth_config_free(c);
	/* A header value: base64url, padded. */
	assert_null(strpbrk(v, "+/"));
	assert_int_equal(strlen(v) % 4, 0);
	json = auth_unbase64(v, NULL);
	assert_non_null(json);
	auth_wipe_free(v);
	return json;
}

static void
test_auths(void **state)
{
	char *warning = NULL, *json;

	(void)state;
	json = build_config_of(
	    "{\"auths\": {"
	    "\"reg.example:5000\": {\"auth\": \"YWw6cHcx\"},"
	    "\"https://index.docker.io/v1/\": {\"auth\": \"aHViOnB3Mg==\","
	    " \"email\": \"h@example\"},"
	    "\"tok.example\": {\"auth\": \"dHU6\", \"identitytoken\": \"idt\"},"
	    "\"empty.example\": {},"
	    "\"bad.example\": {\"auth\": \"not base64!\"}}}",
	    &warning);
	/* Keys as written, sorted; the server address is the key; an entry
	 * the file cannot give is left out, as auth_config_parse does. */
	assert_string_equal(json,
	    "{\"empty.example\":{\"serveraddress\":\"empty.example\"},"
	    "\"https://index.docker.io/v1/\":{\"password\":\"pw2\","
	    "\"serveraddress\":\"https://index.docker.io/v1/\","
	    "\"username\":\"hub\"},"
	    "\"reg.example:5000\":{\"password\":\"pw1\","
	    "\"serveraddress\":\"reg.example:5000\",\"username\":\"al\"},"
	    "\"tok.example\":{\"identitytoken\":\"idt\","
	    "\"serveraddress\":\"tok.example\",\"username\":\"tu\"}}");
	assert_null(warning);
	free(json);

	/* Nothing known: an empty object, as the CLI sends. */
	json = build_config_of("{}", &warning);
	assert_string_equal(json, "{}");
	assert_null(warning);
	free(json);
}

static void
test_store_and_helpers(void **state)
{
	char *warning = NULL, *json;

	(void)state;
	json = build_config_of(
	    "{\"credsStore\": \"bcstub\","
	    " \"auths\": {\"reg.example:5000\": {\"auth\": \"YWw6cHcx\"}},"
	    " \"credHelpers\": {\"helped.example\": \"bcstub\","
	    " \"nobody.example\": \"bcstub\","
	    " \"https://index.docker.io/v1/\": \"bcstub\"}}",
	    &warning);
	/*
	 * The store's registries, not the file's auths; a registry the
	 * helper holds nothing for is {}; the failing one is left out; a
	 * credHelpers registry comes from its own helper.
	 */
	assert_string_equal(json,
	    "{\"gone.example\":{},"
	    "\"helped.example\":{\"password\":\"help-secret\","
	    "\"serveraddress\":\"helped.example\",\"username\":\"hu\"},"
	    "\"https://index.docker.io/v1/\":{\"password\":\"hub-secret\","
	    "\"serveraddress\":\"https://index.docker.io/v1/\","
	    "\"username\":\"hubuser\"},"
	    "\"nobody.example\":{},"
	    "\"store.example\":{\"identitytoken\":\"tok-secret\","
	    "\"serveraddress\":\"store.example\"}}");
	free(json);
	assert_non_null(warning);
	assert_non_null(strstr(warning, "locked.example"));
	assert_non_null(strstr(warning, "store is locked"));
	assert_null(strstr(warning, "secret"));
	assert_null(strstr(warning, "pw1"));
	free(warning);
}

static void
test_failing_helpers(void **state)
{
	char *warning = NULL, *json;

	(void)state;
	/* The store cannot list: its registries go, the helpers' stay. */
	json = build_config_of("{\"credsStore\": \"bcdown\","
			       " \"credHelpers\": {\"helped.example\": "
			       "\"bcstub\", \"x.example\": \"bcmissing\"}}",
	    &warning);
	assert_string_equal(json,
	    "{\"helped.example\":{\"password\":\"help-secret\","
	    "\"serveraddress\":\"helped.example\",\"username\":\"hu\"}}");
	free(json);
	assert_non_null(warning);
	assert_non_null(strstr(warning, "the keychain is offline"));
	assert_non_null(strstr(warning, "x.example"));
	assert_non_null(strstr(warning, "docker-credential-bcmissing"));
	assert_null(strstr(warning, "secret"));
	free(warning);
}

static void
test_list_decode(void **state)
{
	char *cause = NULL, **v;

	(void)state;
	v = auth_helper_list_decode("{\"a.example\":\"u\",\"\":\"x\","
				    "\"b.example\":\"v\"}",
	    40, &cause);
	assert_non_null(v);
	assert_string_equal(v[0], "a.example");
	assert_string_equal(v[1], "b.example");
	assert_null(v[2]);
	for (size_t i = 0; v[i]; i++)
		free(v[i]);
	free(v);
	assert_null(auth_helper_list_decode("[\"a\"]", 5, &cause));
	assert_non_null(strstr(cause, "not a JSON object"));
	free(cause);
}

static void
test_default_file(void **state)
{
	char *warning = NULL, *v, *path;

	(void)state;
	setenv("DOCKER_CONFIG", tmpdir, 1);
	/* No file: nothing to send, nothing to say. */
	v = auth_build_config_default(&warning);
	assert_string_equal(v, "e30=");
	assert_null(warning);
	free(v);
	path = xasprintf("%s/config.json", tmpdir);
	write_file(path, "{\"auths\": {", 0600);
	v = auth_build_config_default(&warning);
	assert_string_equal(v, "e30=");
	assert_non_null(warning);
	assert_non_null(strstr(warning, path));
	free(warning);
	free(v);
	write_file(path,
	    "{\"auths\": {\"r.example\": {\"auth\": \"YWw6cHcx\"}}}", 0600);
	v = auth_build_config_default(&warning);
	assert_null(warning);
	assert_string_equal(v,
	    "eyJyLmV4YW1wbGUiOnsicGFzc3dvcmQiOiJwdzEiLCJzZXJ2Z"
	    "XJhZGRyZXNzIjoici5leGFtcGxlIiwidXNlcm5hbWUiOiJ"
	    "hbCJ9fQ==");
	free(v);
	unlink(path);
	free(path);
	unsetenv("DOCKER_CONFIG");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_auths),
	    cmocka_unit_test(test_store_and_helpers),
	    cmocka_unit_test(test_failing_helpers),
	    cmocka_unit_test(test_list_decode),
	    cmocka_unit_test(test_default_file),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
