/* Unit tests for tui/core/jobs: the list of running action jobs. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "api/docker.h"
#include "api/endpoint.h"
#include "api/xalloc.h"
#include "tui/core/jobs.h"

/* A job as the actions keep one: its free function takes it off. */
struct tjob {
	int id;
	int *freed; /* the order of frees, written at *freed_n */
	size_t *freed_n;
};

static void
tjob_free(void *arg)
{
	struct tjob *j = arg;

	jobs_remove(j);
	j->freed[(*j->freed_n)++] = j->id;
	free(j);
}

/* A free function that forgets jobs_remove(): must not loop at exit. */
static void
tjob_free_plain(void *arg)
{
	struct tjob *j = arg;

	j->freed[(*j->freed_n)++] = j->id;
	free(j);
}

static struct tjob *
tjob_new(int id, int *freed, size_t *n)
{
	struct tjob *j = xcalloc(1, sizeof *j);

	j->id = id;
	j->freed = freed;
	j->freed_n = n;
	return j;
}

static void
test_finished_jobs_leave_the_list(void **state)
{
	int freed[8];
	size_t n = 0;
	struct tjob *a = tjob_new(1, freed, &n), *b = tjob_new(2, freed, &n);
	struct tjob *c = tjob_new(3, freed, &n);

	jobs_add(a, tjob_free);
	jobs_add(b, tjob_free);
	jobs_add(c, tjob_free);
	assert_int_equal(jobs_count(), 3);
	/* The middle one's last answer came: it frees itself. */
	tjob_free(b);
	assert_int_equal(jobs_count(), 2);
	assert_int_equal(n, 1);
	/* Removing what is not listed changes nothing. */
	jobs_remove(&n);
	jobs_remove(NULL);
	assert_int_equal(jobs_count(), 2);
	/* Quitting: the rest are freed, newest first, each once. */
	jobs_free_all();
	assert_int_equal(jobs_count(), 0);
	assert_int_equal(n, 3);
	assert_int_equal(freed[0], 2);
	assert_int_equal(freed[1], 3);
	assert_int_equal(freed[2], 1);
	/* Nothing left: a second call frees nothing. */
	jobs_free_all();
	assert_int_equal(n, 3);
}

static void
test_free_without_remove_ends(void **state)
{
	int freed[4];
	size_t n = 0;

	jobs_add(tjob_new(7, freed, &n), tjob_free_plain);
	jobs_add(tjob_new(8, freed, &n), tjob_free_plain);
	jobs_free_all();
	assert_int_equal(n, 2);
	assert_int_equal(freed[0], 8);
	assert_int_equal(freed[1], 7);
	assert_int_equal(jobs_count(), 0);
}

/* The job left at exit writes here, after main returned. */
static int left_freed[4];
static size_t left_n;

/* Registered before any job: runs after the jobs' own exit handler. */
static void
check_left_freed(void)
{
	if (left_n != 1 || left_freed[0] != 9) {
		fprintf(stderr, "the job left running was not freed at exit\n");
		_exit(1);
	}
}

static void
test_jobs_left_at_exit_are_freed(void **state)
{
	/* Left listed (the last test): freed by the exit handler. */
	jobs_add(tjob_new(9, left_freed, &left_n), tjob_free_plain);
	assert_int_equal(jobs_count(), 1);
	assert_int_equal(left_n, 0);
}

static void
test_engine_address(void **state)
{
	struct endpoint ep;
	struct engine e;
	char *cause = NULL;

	memset(&e, 0, sizeof e);
	assert_true(endpoint_parse(&ep, "unix:///tmp/berth-no.sock", &cause));
	e.d = docker_new(&ep, &cause);
	endpoint_done(&ep);
	assert_non_null(e.d);
	assert_string_equal(jobs_engine(&e), "unix:///tmp/berth-no.sock");
	docker_free(e.d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_finished_jobs_leave_the_list),
	    cmocka_unit_test(test_free_without_remove_ends),
	    cmocka_unit_test(test_engine_address),
	    cmocka_unit_test(test_jobs_left_at_exit_are_freed),
	};

	atexit(check_left_freed);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
