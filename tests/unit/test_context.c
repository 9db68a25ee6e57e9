/* Tests of docker CLI contexts and the SHA-256 behind their directories. */

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

#include "api/context.h"
#include "api/sha256.h"
#include "api/xalloc.h"

static void
test_sha256_vectors(void **state)
{
	char hex[65];
	char big[1000];

	(void)state;
	sha256_hex("", 0, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb924"
				 "27ae41e4649b934ca495991b7852b855");
	sha256_hex("abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223"
				 "b00361a396177a9cb410ff61f20015ad");
	/* 56 bytes: the padding spills into a second block. */
	sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	    56, hex);
	assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039"
				 "a33ce45964ff2167f6ecedd419db06c1");
	memset(big, 'a', sizeof big);
	sha256_hex(big, sizeof big, hex);
	assert_string_equal(hex, "41edece42d63e8d9bf515a9ba6932e1c"
				 "20cbc9f5a5d134645adb5db1b9737ea3");
}

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void
test_context_lookup(void **state)
{
	char dir[] = "/tmp/berth-test-ctx-XXXXXX";
	char hex[65], *p, *cause = NULL, *cur;
	struct context_endpoint ce;

	(void)state;
	assert_non_null(mkdtemp(dir));
	sha256_hex("remote", 6, hex);
	p = xasprintf("mkdir -p %s/contexts/meta/%s %s/contexts/tls/%s/docker",
	    dir, hex, dir, hex);
	assert_int_equal(system(p), 0);
	free(p);
	p = xasprintf("%s/contexts/meta/%s/meta.json", dir, hex);
	write_file(p, "{\"Name\":\"remote\",\"Metadata\":{},\"Endpoints\":"
		      "{\"docker\":{\"Host\":\"tcp://10.0.0.5:2376\","
		      "\"SkipTLSVerify\":false}}}");
	free(p);
	p = xasprintf("%s/config.json", dir);
	write_file(p, "{\"auths\":{},\"currentContext\":\"remote\"}");
	free(p);

	cur = context_current(dir);
	assert_string_equal(cur, "remote");
	free(cur);
	assert_true(context_lookup(dir, "remote", &ce, &cause));
	assert_string_equal(ce.host, "tcp://10.0.0.5:2376");
	assert_false(ce.skip_tls_verify);
	assert_non_null(ce.tls_dir);
	assert_non_null(strstr(ce.tls_dir, hex));
	context_endpoint_done(&ce);

	assert_false(context_lookup(dir, "default", &ce, &cause));
	assert_null(cause);
	assert_false(context_lookup(dir, "missing", &ce, &cause));
	assert_non_null(cause);
	assert_non_null(strstr(cause, "context \"missing\" not found"));
	free(cause);
	assert_null(context_current("/nonexistent-berth"));
	p = xasprintf("rm -rf %s", dir);
	assert_int_equal(system(p), 0);
	free(p);
}

/* A context's meta.json under dir, as the docker CLI writes it. */
static void
write_context(const char *dir, const char *name, const char *json)
{
	char hex[65], *p;

	sha256_hex(name, strlen(name), hex);
	p = xasprintf("mkdir -p %s/contexts/meta/%s", dir, hex);
	assert_int_equal(system(p), 0);
	free(p);
	p = xasprintf("%s/contexts/meta/%s/meta.json", dir, hex);
	write_file(p, json);
	free(p);
}

static void
test_context_list_and_endpoint(void **state)
{
	char dir[] = "/tmp/berth-test-ctx-XXXXXX";
	struct context_info *v;
	struct endpoint ep;
	char *cause = NULL, *p;
	size_t n;

	(void)state;
	assert_non_null(mkdtemp(dir));
	write_context(dir, "prod",
	    "{\"Name\":\"prod\",\"Metadata\":{\"Description\":\"the "
	    "fleet\"},\"Endpoints\":{\"docker\":{\"Host\":"
	    "\"ssh://ops@prod.example:2222\"}}}");
	write_context(dir, "b-local",
	    "{\"Name\":\"b-local\",\"Metadata\":{},\"Endpoints\":"
	    "{\"docker\":{\"Host\":\"unix:///run/b.sock\"}}}");
	/* Not a docker context: left out. */
	write_context(
	    dir, "k8s", "{\"Name\":\"k8s\",\"Endpoints\":{\"kubernetes\":{}}}");

	v = context_list(dir, "unix:///var/run/docker.sock", &n);
	assert_int_equal(n, 3);
	assert_string_equal(v[0].name, "default");
	assert_string_equal(v[0].host, "unix:///var/run/docker.sock");
	assert_string_equal(v[1].name, "b-local");
	assert_string_equal(v[2].name, "prod");
	assert_string_equal(v[2].description, "the fleet");
	assert_string_equal(v[2].host, "ssh://ops@prod.example:2222");
	context_list_free(v, n);

	assert_true(
	    context_endpoint(dir, "prod", NULL, NULL, NULL, &ep, &cause));
	assert_int_equal(ep.kind, ENDPOINT_SSH);
	assert_string_equal(ep.user, "ops");
	assert_int_equal(ep.port, 2222);
	endpoint_done(&ep);
	/* "default" is DOCKER_HOST, or the socket. */
	assert_true(context_endpoint(
	    dir, "default", "tcp://127.0.0.1:2375", NULL, NULL, &ep, &cause));
	assert_int_equal(ep.kind, ENDPOINT_TCP);
	endpoint_done(&ep);
	assert_true(
	    context_endpoint(dir, "default", NULL, NULL, NULL, &ep, &cause));
	assert_string_equal(ep.path, "/var/run/docker.sock");
	endpoint_done(&ep);
	assert_false(
	    context_endpoint(dir, "nope", NULL, NULL, NULL, &ep, &cause));
	assert_non_null(strstr(cause, "context \"nope\" not found"));
	free(cause);

	v = context_list("/nonexistent-berth", NULL, &n);
	assert_int_equal(n, 1);
	context_list_free(v, n);
	p = xasprintf("rm -rf %s", dir);
	assert_int_equal(system(p), 0);
	free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sha256_vectors),
	    cmocka_unit_test(test_context_lookup),
	    cmocka_unit_test(test_context_list_and_endpoint),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
