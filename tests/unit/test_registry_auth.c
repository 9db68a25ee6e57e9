/*
 * Registry credentials reach the engine on the calls that pull: a
 * service update to a new image carries X-Registry-Auth (as the docker
 * CLI's --with-registry-auth), one without credentials carries none; a
 * build sends its context as a chunked tar with the options in the query.
 * A fake engine records what was sent.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "api/build.h"
#include "api/calls.h"
#include "api/docker.h"
#include "api/endpoint.h"
#include "api/xalloc.h"
#include "tests/support/fake_engine.h"

#define OK_JSON                                                                \
	"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"                \
	"Content-Length: 3\r\nConnection: close\r\n\r\n{}\n"

static struct docker *
client(struct fake_engine *fe)
{
	struct endpoint ep;
	char *cause = NULL;
	struct docker *d;

	assert_true(endpoint_parse(&ep, fake_engine_addr(fe), &cause));
	d = docker_new(&ep, &cause);
	endpoint_done(&ep);
	assert_non_null(d);
	return d;
}

static void
test_service_update_auth(void **state)
{
	static const struct fake_reply replies[] = {
	    {.parts = {OK_JSON}},
	    {.parts = {OK_JSON}},
	};
	struct fake_engine *fe = fake_engine_start(replies, 2);
	struct docker *d = client(fe);
	struct docker_result r;
	const char *raw, *second;

	assert_non_null(fe);
	docker_sync_call(d,
	    docker_service_update(d, "svc1", 7, "{}", false, "eyJ1c2VyIjoi",
		docker_sync_fill, &r),
	    &r);
	assert_int_equal(r.status, DOCKER_OK);
	docker_result_done(&r);
	docker_sync_call(d,
	    docker_service_update(
		d, "svc1", 8, "{}", true, NULL, docker_sync_fill, &r),
	    &r);
	assert_int_equal(r.status, DOCKER_OK);
	docker_result_done(&r);
	raw = fake_engine_raw(fe);
	second = strstr(raw, "version=8");
	assert_non_null(strstr(raw, "/services/svc1/update?version=7 "));
	assert_non_null(strstr(raw, "X-Registry-Auth: eyJ1c2VyIjoi\r\n"));
	assert_non_null(second);
	/* No credentials: no header (a rollback pulls nothing new). */
	assert_null(strstr(second, "X-Registry-Auth"));
	assert_non_null(strstr(second, "rollback=previous"));
	docker_free(d);
	fake_engine_stop(fe);
}

static size_t
ten_bytes(char *buf, size_t len, void *arg)
{
	int *left = arg;
	size_t n = len < 5 ? len : 5;

	if (*left <= 0)
		return 0;
	memset(buf, 'x', n);
	*left -= (int)n;
	return n;
}

static bool
sink(const char *data, size_t len, void *arg)
{
	(void)data;
	(void)len;
	(void)arg;
	return true;
}

static void
test_build_request(void **state)
{
	static const struct fake_reply replies[] = {{.parts = {OK_JSON}}};
	struct fake_engine *fe = fake_engine_start(replies, 1);
	struct docker *d = client(fe);
	char t[] = "me/app:1", a1[] = "A=1", a2[] = "B", l1[] = "k=v";
	char *const tags[] = {t, NULL}, *const args[] = {a1, a2, NULL};
	char *const labels[] = {l1, NULL};
	struct docker_build_opts o = {0};
	struct docker_result r;
	int left = 10;
	const char *raw;

	setenv("B", "from-env", 1);
	o.tags = tags;
	o.build_args = args;
	o.labels = labels;
	o.dockerfile = "sub/Dockerfile";
	o.no_cache = true;
	docker_sync_call(d,
	    docker_image_build(
		d, &o, ten_bytes, &left, sink, docker_sync_fill, &r),
	    &r);
	docker_result_done(&r);
	raw = fake_engine_raw(fe);
	assert_non_null(strstr(raw, "POST /v"));
	assert_non_null(
	    strstr(raw, "/build?dockerfile=sub%2FDockerfile&t=me%2Fapp%3A1"));
	/* {"A":"1","B":"from-env"}: a bare name takes our environment's. */
	assert_non_null(strstr(raw, "buildargs=%7B%22A%22%3A%221%22%2C%22B%22"
				    "%3A%22from-env%22%7D"));
	assert_non_null(strstr(raw, "labels=%7B%22k%22%3A%22v%22%7D"));
	assert_non_null(strstr(raw, "nocache=1"));
	assert_non_null(strstr(raw, "Content-Type: application/x-tar"));
	/* The size is not known: sent chunked (the body itself is
	 * tests/integration/test_build.c's). */
	assert_non_null(strstr(raw, "Transfer-Encoding: chunked"));
	unsetenv("B");
	docker_free(d);
	fake_engine_stop(fe);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_service_update_auth),
	    cmocka_unit_test(test_build_request),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
