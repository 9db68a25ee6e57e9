/*
 * Skipping named tests of a cmocka binary from outside: BERTH_SKIP_TESTS
 * holds test names separated by spaces (tests/run's podman tier sets it
 * from tests/engine/podman-skip, where each skip has its reason). Each such
 * test runs as a skip(), without its setup and teardown, so cmocka counts
 * it as skipped. cmocka 1.1 reads no variable for this, so its group
 * runner is wrapped: this definition is found before the library's, which
 * it calls through dlsym(RTLD_NEXT). Without the variable nothing changes.
 */
#define _GNU_SOURCE

#include <dlfcn.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "api/xalloc.h"

typedef int skip_runner_fn(const char *, const struct CMUnitTest *const,
    const size_t, CMFixtureFunction, CMFixtureFunction);

static void
skip_test(void **state)
{
	(void)state;
	skip();
}

/* Whether name is a word of the space-separated list. */
static int
skip_listed(const char *list, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = list; (p = strstr(p, name)) != NULL; p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return 1;
	return 0;
}

int
_cmocka_run_group_tests(const char *group_name,
    const struct CMUnitTest *const tests, const size_t num_tests,
    CMFixtureFunction group_setup, CMFixtureFunction group_teardown)
{
	const char *list = getenv("BERTH_SKIP_TESTS");
	skip_runner_fn *real;
	struct CMUnitTest *mine;
	void *sym = dlsym(RTLD_NEXT, "_cmocka_run_group_tests");
	int rc;

	if (sym == NULL) {
		fprintf(stderr, "skip: cmocka's group runner not found\n");
		return 1;
	}
	/* POSIX lets a function pointer be stored in a void *. */
	memcpy(&real, &sym, sizeof real);
	if (list == NULL || *list == '\0')
		return real(
		    group_name, tests, num_tests, group_setup, group_teardown);
	mine = xcalloc(num_tests, sizeof *mine);
	for (size_t i = 0; i < num_tests; i++) {
		mine[i] = tests[i];
		if (tests[i].name && skip_listed(list, tests[i].name)) {
			mine[i].test_func = skip_test;
			mine[i].setup_func = NULL;
			mine[i].teardown_func = NULL;
		}
	}
	rc = real(group_name, mine, num_tests, group_setup, group_teardown);
	free(mine);
	return rc;
}
