/*
 * Tests of image work's pure parts: registry credentials from a docker
 * config (auths, credsStore, credHelpers through a stub helper on PATH),
 * the X-Registry-Auth value, storing a login, search results, load lines
 * and commit changes. No engine.
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
#include "api/imagework.h"
#include "api/xalloc.h"
#include "tests/support/fixture.h"

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

static int
setup(void **state)
{
	char tmpl[] = "/tmp/berth-unit-imagework-XXXXXX";
	char *path;

	(void)state;
	assert_non_null(mkdtemp(tmpl));
	tmpdir = xstrdup(tmpl);
	/* A helper stub: "get" answers for one server, "store" records. */
	path = xasprintf("%s/docker-credential-stub", tmpdir);
	write_file(path,
	    "#!/bin/sh\n"
	    "read -r line\n"
	    "case $1 in\n"
	    "get)\n"
	    "  case $line in\n"
	    "  reg.example:5000) printf '{\"ServerURL\":\"%s\","
	    "\"Username\":\"helperuser\",\"Secret\":\"helper-pw\"}' \"$line\" "
	    ";;\n"
	    "  tok.example) printf '{\"Username\":\"<token>\","
	    "\"Secret\":\"tok-123\"}' ;;\n"
	    "  broken.example) echo 'store is locked'; exit 1 ;;\n"
	    "  *) echo 'credentials not found in native keychain'; exit 1 ;;\n"
	    "  esac ;;\n"
	    "store) printf '%s\\n' \"$line\" > \"$(dirname \"$0\")/stored\" "
	    ";;\n"
	    "esac\n",
	    0755);
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

static void
test_base64_both_ways(void **state)
{
	char *s, *back;
	size_t n;

	(void)state;
	s = auth_base64("bob:pa ss?>", 11, false);
	assert_string_equal(s, "Ym9iOnBhIHNzPz4=");
	back = auth_unbase64(s, &n);
	assert_int_equal(n, 11);
	assert_string_equal(back, "bob:pa ss?>");
	free(s);
	free(back);
	/* The URL alphabet, as the engine decodes X-Registry-Auth. */
	s = auth_base64("?>?", 3, true);
	assert_string_equal(s, "Pz4_");
	free(s);
	back = auth_unbase64("Pz4_", NULL);
	assert_string_equal(back, "?>?");
	free(back);
	assert_null(auth_unbase64("a*b=", NULL));
	assert_null(auth_unbase64("abcde", NULL));
}

static void
test_registry_of_reference(void **state)
{
	static const char *const cases[][2] = {
	    {"busybox", "docker.io"},
	    {"library/busybox:1", "docker.io"},
	    {"127.0.0.1:5000/a/b:1", "127.0.0.1:5000"},
	    {"localhost/x", "localhost"},
	    {"reg.example/team/app", "reg.example"},
	    {"team/app", "docker.io"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *r = auth_registry_of(cases[i][0]);

		assert_string_equal(r, cases[i][1]);
		free(r);
	}
	assert_string_equal(auth_server_address("docker.io"), AUTH_HUB_SERVER);
	assert_string_equal(auth_server_address("reg:1"), "reg:1");
}

static const char config_text[] =
    "{\"auths\":{"
    "\"https://index.docker.io/v1/\":{\"auth\":\"aHViOmh1Yi1wdw==\"},"
    "\"http://127.0.0.1:5000\":{\"auth\":\"Ym9iOnMzY3JldDpwdw==\"},"
    "\"id.example\":{\"auth\":\"dTo=\",\"identitytoken\":\"idtok\"},"
    "\"bad.example\":{\"auth\":\"!!!\"},"
    "\"empty.example\":{}},"
    "\"credHelpers\":{\"reg.example:5000\":\"stub\","
    "\"tok.example\":\"stub\",\"broken.example\":\"stub\"},"
    "\"detachKeys\":\"ctrl-a\"}";

static void
test_config_auths_and_lookup(void **state)
{
	char *cause = NULL;
	struct auth_config *c =
	    auth_config_parse(config_text, strlen(config_text), &cause);
	struct auth_creds *cr = NULL;

	(void)state;
	assert_non_null(c);
	/* The entry that is not base64 of user:password is left out. */
	assert_int_equal(c->n_auths, 4);
	assert_int_equal(c->n_helpers, 3);
	assert_null(c->creds_store);

	assert_true(auth_lookup(c, "docker.io", &cr, &cause));
	assert_non_null(cr);
	assert_string_equal(cr->username, "hub");
	assert_string_equal(cr->password, "hub-pw");
	assert_string_equal(cr->serveraddress, AUTH_HUB_SERVER);
	auth_creds_free(cr);

	/* A key with a scheme matches its host; ':' stays in the password. */
	assert_true(auth_lookup(c, "127.0.0.1:5000", &cr, &cause));
	assert_non_null(cr);
	assert_string_equal(cr->username, "bob");
	assert_string_equal(cr->password, "s3cret:pw");
	auth_creds_free(cr);

	assert_true(auth_lookup(c, "id.example", &cr, &cause));
	assert_string_equal(cr->identitytoken, "idtok");
	auth_creds_free(cr);

	/* None: anonymous, not an error. */
	assert_true(auth_lookup(c, "other.example", &cr, &cause));
	assert_null(cr);
	assert_true(auth_lookup(c, "empty.example", &cr, &cause));
	assert_null(cr);
	auth_config_free(c);

	assert_null(auth_config_parse("[1]", 3, &cause));
	assert_non_null(cause);
	free(cause);
	cause = NULL;
	assert_null(auth_config_parse("{\"auths\":", 9, &cause));
	assert_non_null(strstr(cause, "not JSON"));
	free(cause);
}

static void
test_credential_helpers(void **state)
{
	char *cause = NULL, *path;
	const char *text;
	struct auth_config *c =
	    auth_config_parse(config_text, strlen(config_text), &cause);
	struct auth_creds *cr = NULL;

	(void)state;
	assert_true(auth_lookup(c, "reg.example:5000", &cr, &cause));
	assert_non_null(cr);
	assert_string_equal(cr->username, "helperuser");
	assert_string_equal(cr->password, "helper-pw");
	assert_string_equal(cr->serveraddress, "reg.example:5000");
	auth_creds_free(cr);

	assert_true(auth_lookup(c, "tok.example", &cr, &cause));
	assert_null(cr->username);
	assert_string_equal(cr->identitytoken, "tok-123");
	auth_creds_free(cr);

	/* A helper's failure is said in its words, never with a secret. */
	assert_false(auth_lookup(c, "broken.example", &cr, &cause));
	assert_non_null(strstr(cause, "store is locked"));
	free(cause);
	cause = NULL;
	auth_config_free(c);

	/* credsStore for every registry without a helper of its own. */
	text = "{\"credsStore\":\"stub\",\"credHelpers\":{\"x.example\":"
	       "\"missing\"}}";
	c = auth_config_parse(text, strlen(text), &cause);
	assert_true(auth_lookup(c, "reg.example:5000", &cr, &cause));
	assert_string_equal(cr->username, "helperuser");
	auth_creds_free(cr);
	/* "credentials not found": anonymous. */
	assert_true(auth_lookup(c, "nothing.example", &cr, &cause));
	assert_null(cr);
	/* A helper that is not installed says so. */
	assert_false(auth_lookup(c, "x.example", &cr, &cause));
	assert_non_null(strstr(cause, "docker-credential-missing"));
	assert_non_null(strstr(cause, "not installed"));
	free(cause);
	auth_config_free(c);

	/* The loaded file: missing is empty; broken is an error. */
	path = xasprintf("%s/none.json", tmpdir);
	c = auth_config_load(path, &cause);
	assert_non_null(c);
	assert_int_equal(c->n_auths, 0);
	auth_config_free(c);
	write_file(path, "{\"auths\": {", 0600);
	assert_null(auth_config_load(path, &cause));
	assert_non_null(strstr(cause, path));
	free(cause);
	free(path);
}

static void
test_registry_auth_header(void **state)
{
	struct auth_creds *c = auth_creds_new("bob", "p?>w", NULL, "reg:1");
	char *h = auth_header(c), *json;

	(void)state;
	json = auth_unbase64(h, NULL);
	assert_string_equal(json, "{\"username\":\"bob\",\"password\":\"p?>w\","
				  "\"serveraddress\":\"reg:1\"}");
	/* base64url: no '+' or '/' in a header value. */
	assert_null(strpbrk(h, "+/"));
	free(h);
	free(json);
	auth_creds_free(c);
	c = auth_creds_new(NULL, NULL, "tok", "reg:1");
	h = auth_header(c);
	json = auth_unbase64(h, NULL);
	assert_string_equal(
	    json, "{\"identitytoken\":\"tok\",\"serveraddress\":\"reg:1\"}");
	free(h);
	free(json);
	json = auth_login_json(c);
	assert_non_null(strstr(json, "identitytoken"));
	free(json);
	auth_creds_free(c);
	h = auth_header(NULL);
	assert_string_equal(h, "e30=");
	free(h);
}

static void
test_login_answer(void **state)
{
	const char *ok = "{\"IdentityToken\":\"\",\"Status\":\"Login "
			 "Succeeded\"}";
	char *st, *tok, *cause = NULL;

	(void)state;
	assert_true(auth_login_decode(ok, strlen(ok), &st, &tok, &cause));
	assert_string_equal(st, "Login Succeeded");
	assert_null(tok);
	free(st);
	assert_false(auth_login_decode("nope", 4, &st, &tok, &cause));
	free(cause);
}

static void
test_store_keeps_the_rest_of_the_file(void **state)
{
	char *path = xasprintf("%s/cfg/config.json", tmpdir), *cause = NULL;
	char *text, *stored;
	struct auth_creds *c = auth_creds_new("alice", "pw:1", NULL, NULL),
			  *got;
	struct auth_config *cfg;
	struct stat st;

	(void)state;
	/* The directory is made; the file is private. */
	assert_true(auth_store(path, "127.0.0.1:5000", c, &cause));
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	write_file(path,
	    "{\"detachKeys\":\"ctrl-a\",\"auths\":{\"other\":{\"auth\":"
	    "\"eDp5\"}}}",
	    0600);
	assert_true(auth_store(path, "127.0.0.1:5000", c, &cause));
	text = fixture_read_path(path, NULL);
	assert_non_null(strstr(text, "detachKeys"));
	assert_non_null(strstr(text, "\"other\""));
	free(text);
	cfg = auth_config_load(path, &cause);
	assert_true(auth_lookup(cfg, "127.0.0.1:5000", &got, &cause));
	assert_string_equal(got->username, "alice");
	assert_string_equal(got->password, "pw:1");
	auth_creds_free(got);
	auth_config_free(cfg);
	auth_creds_free(c);

	/* With credsStore: the helper's store gets it, the file does not. */
	write_file(path, "{\"credsStore\":\"stub\"}", 0600);
	c = auth_creds_new("carol", "helper-secret", NULL, NULL);
	assert_true(auth_store(path, "docker.io", c, &cause));
	auth_creds_free(c);
	text = fixture_read_path(path, NULL);
	assert_non_null(strstr(text, AUTH_HUB_SERVER));
	assert_null(strstr(text, "helper-secret"));
	assert_null(strstr(text, "\"auth\""));
	free(text);
	free(path);
	path = xasprintf("%s/stored", tmpdir);
	stored = fixture_read_path(path, NULL);
	assert_non_null(stored);
	assert_non_null(strstr(stored, "\"Secret\":\"helper-secret\""));
	assert_non_null(strstr(stored, "\"Username\":\"carol\""));
	free(stored);
	free(path);
}

static void
test_search_results(void **state)
{
	const char *s =
	    "[{\"star_count\":12,\"is_official\":true,\"name\":\"busybox\","
	    "\"is_automated\":false,\"description\":\"Busybox base\"},"
	    "{\"name\":\"\"},7,"
	    "{\"name\":\"me/tool\",\"star_count\":\"x\"}]";
	char *cause = NULL;
	struct docker_search_list *l = decode_search_list(s, strlen(s), &cause);

	(void)state;
	assert_non_null(l);
	assert_int_equal(l->n, 2);
	assert_string_equal(l->v[0].name, "busybox");
	assert_string_equal(l->v[0].description, "Busybox base");
	assert_int_equal(l->v[0].stars, 12);
	assert_true(l->v[0].official);
	assert_false(l->v[0].automated);
	assert_string_equal(l->v[1].name, "me/tool");
	assert_string_equal(l->v[1].description, "");
	assert_int_equal(l->v[1].stars, 0);
	docker_search_list_free(l);
	assert_null(decode_search_list("{}", 2, &cause));
	free(cause);
}

static void
test_load_lines(void **state)
{
	static const char *const lines[] = {
	    "{\"stream\":\"Loaded image: a/b:1\\n\"}",
	    "{\"stream\":\"Loaded image ID: sha256:abc\\n\"}",
	    "{\"status\":\"Loading layer\",\"progressDetail\":{\"current\":"
	    "512,\"total\":1024},\"id\":\"ab\"}",
	    "{\"errorDetail\":{\"message\":\"unexpected EOF\"},\"error\":"
	    "\"unexpected EOF\"}",
	    "{\"stream\":\"Loaded image: \\n\"}",
	};
	struct docker_load_line *l;
	char *cause = NULL;

	(void)state;
	l = decode_load_line(lines[0], strlen(lines[0]), &cause);
	assert_string_equal(l->loaded, "a/b:1");
	assert_string_equal(l->text, "Loaded image: a/b:1");
	docker_load_line_free(l);
	l = decode_load_line(lines[1], strlen(lines[1]), &cause);
	assert_string_equal(l->loaded, "sha256:abc");
	docker_load_line_free(l);
	l = decode_load_line(lines[2], strlen(lines[2]), &cause);
	assert_null(l->loaded);
	assert_int_equal(l->current, 512);
	assert_int_equal(l->total, 1024);
	docker_load_line_free(l);
	l = decode_load_line(lines[3], strlen(lines[3]), &cause);
	assert_string_equal(l->error, "unexpected EOF");
	docker_load_line_free(l);
	l = decode_load_line(lines[4], strlen(lines[4]), &cause);
	assert_null(l->loaded);
	docker_load_line_free(l);
	assert_null(decode_load_line("[]", 2, &cause));
	free(cause);
}

static void
test_commit_changes(void **state)
{
	static const char *const good[] = {"CMD [\"sh\"]", "env A=b",
	    "EXPOSE 80/tcp", "LABEL a=b", "WORKDIR /x", "USER 1000",
	    "ENTRYPOINT sh", "VOLUME /data", "STOPSIGNAL TERM", "ONBUILD RUN x",
	    "HEALTHCHECK NONE"};
	static const char *const bad[] = {
	    "RUN rm -rf /", "CMD", "COPY a b", "", "FROM x"};
	char *cause = NULL;

	(void)state;
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		if (!imagework_change_ok(good[i], &cause))
			fail_msg("%s: %s", good[i], cause);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		assert_false(imagework_change_ok(bad[i], &cause));
		assert_non_null(cause);
		free(cause);
		cause = NULL;
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_base64_both_ways),
	    cmocka_unit_test(test_registry_of_reference),
	    cmocka_unit_test(test_config_auths_and_lookup),
	    cmocka_unit_test(test_credential_helpers),
	    cmocka_unit_test(test_registry_auth_header),
	    cmocka_unit_test(test_login_answer),
	    cmocka_unit_test(test_store_keeps_the_rest_of_the_file),
	    cmocka_unit_test(test_search_results),
	    cmocka_unit_test(test_load_lines),
	    cmocka_unit_test(test_commit_changes),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
