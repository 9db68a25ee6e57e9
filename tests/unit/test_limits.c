/*
 * Unit tests of the limits an engine or a user can push against: sizes
 * that overflow, API versions that are not versions, a log tail longer
 * than the pager, a truncated docker config.json and DOCKER_TLS.
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

#include "api/arith.h"
#include "api/context.h"
#include "api/docker.h"
#include "api/endpoint.h"
#include "api/xalloc.h"
#include "tui/core/config.h"
#include "widgets/pager.h"

/* ---- saturating arithmetic ---- */

static void
test_arith_saturates(void **state)
{
	(void)state;
	assert_true(arith_add(INT64_MAX, 1) == INT64_MAX);
	assert_true(arith_add(INT64_MAX, INT64_MAX) == INT64_MAX);
	assert_true(arith_add(INT64_MIN, -1) == INT64_MIN);
	assert_true(arith_add(40, 2) == 42);
	assert_true(arith_sub(INT64_MIN, 1) == INT64_MIN);
	assert_true(arith_sub(INT64_MAX, -1) == INT64_MAX);
	assert_true(arith_sub(0, INT64_MIN) == INT64_MAX);
	assert_true(arith_sub(50, 8) == 42);
	assert_true(arith_mul(INT64_MAX, 100) == INT64_MAX);
	assert_true(arith_mul(INT64_MIN, 2) == INT64_MIN);
	assert_true(arith_mul(-3, INT64_MAX) == INT64_MIN);
	assert_true(arith_mul(INT64_MIN, -1) == INT64_MAX);
	assert_true(arith_mul(6, 7) == 42);
	assert_true(arith_pos(-1) == 0);
	assert_true(arith_pos(INT64_MIN) == 0);
	assert_true(arith_pos(INT64_MAX) == INT64_MAX);
}

static void
test_arith_pct(void **state)
{
	static const struct {
		int64_t part, whole;
		int want;
	} cases[] = {
	    {0, 100, 0},
	    {1, 3, 33},
	    {2, 3, 66},
	    {50, 100, 50},
	    {100, 100, 100},
	    /* More reclaimable than there is (the engine counts apart). */
	    {200, 100, 100},
	    {-5, 100, 0},
	    {5, 0, 0},
	    {5, -1, 0},
	    /* Where part * 100 overflows int64_t. */
	    {INT64_MAX, INT64_MAX, 100},
	    {INT64_MAX / 2, INT64_MAX, 49},
	    {INT64_MAX - 1, INT64_MAX, 99},
	    {INT64_MAX / 100 + 1, INT64_MAX, 1},
	    {INT64_MAX / 4, INT64_MAX / 2, 49},
	    {INT64_MAX / 4 + 1, INT64_MAX / 2, 50},
	    {(int64_t)1 << 62, INT64_MAX, 50},
	    {1, INT64_MAX, 0},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		int got = arith_pct(cases[i].part, cases[i].whole);

		if (got != cases[i].want)
			fail_msg("arith_pct(%lld, %lld) = %d, expected %d",
			    (long long)cases[i].part, (long long)cases[i].whole,
			    got, cases[i].want);
	}
}

/* ---- API versions ---- */

static void
test_api_parse(void **state)
{
	static const struct {
		const char *s;
		bool ok;
		int major, minor;
	} cases[] = {
	    {"1.41", true, 1, 41},
	    {"1.45", true, 1, 45},
	    {"1.9", true, 1, 9},
	    {"1.041", true, 1, 41},
	    {"99.99", true, 99, 99},
	    {"2.0", true, 2, 0},
	    {"9999.9999", true, 9999, 9999},
	    {"1.41x", false, 0, 0},
	    {"", false, 0, 0},
	    {"1", false, 0, 0},
	    {"1.", false, 0, 0},
	    {".41", false, 0, 0},
	    {"1.4.1", false, 0, 0},
	    {"0.41", false, 0, 0},
	    {"1.99999", false, 0, 0},
	    {"99999999999999999999.1", false, 0, 0},
	    {"1.99999999999999999999999", false, 0, 0},
	    {"abc", false, 0, 0},
	    {"v1.41", false, 0, 0},
	    {" 1.41", false, 0, 0},
	    {"1.41 ", false, 0, 0},
	    {"1.-1", false, 0, 0},
	    {"+1.41", false, 0, 0},
	    {"1,41", false, 0, 0},
	    {"1.41/../../x", false, 0, 0},
	    {"1.41\033[31m", false, 0, 0},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		int maj = -1, min = -1;
		bool ok = docker_api_parse(cases[i].s, &maj, &min);

		if (ok != cases[i].ok)
			fail_msg("docker_api_parse(\"%s\") = %d, expected %d",
			    cases[i].s, ok, cases[i].ok);
		if (ok && (maj != cases[i].major || min != cases[i].minor))
			fail_msg("docker_api_parse(\"%s\") = %d.%d, "
				 "expected %d.%d",
			    cases[i].s, maj, min, cases[i].major,
			    cases[i].minor);
	}
	assert_false(docker_api_parse(NULL, &(int){0}, &(int){0}));
}

static void
test_api_negotiate(void **state)
{
	static const struct {
		const char *engine;
		const char *want; /* NULL: refused */
		const char *why; /* in the refusal */
	} cases[] = {
	    {"1.43", "1.43", NULL},
	    {"1.041", "1.41", NULL},
	    {DOCKER_API_MIN, DOCKER_API_MIN, NULL},
	    {DOCKER_API_MAX, DOCKER_API_MAX, NULL},
	    /* Never above what berth knows. */
	    {"1.47", DOCKER_API_MAX, NULL},
	    {"99.99", DOCKER_API_MAX, NULL},
	    {"2.0", DOCKER_API_MAX, NULL},
	    {"1.40", NULL, "speaks API 1.40; berth needs " DOCKER_API_MIN},
	    {"1.12", NULL, "upgrade the engine"},
	    {NULL, NULL, "did not say its API version"},
	    {"", NULL, "did not say its API version"},
	    {"1.41x", NULL, "\"1.41x\" is not a version"},
	    {"1", NULL, "\"1\" is not a version"},
	    {"1.4.1", NULL, "\"1.4.1\" is not a version"},
	    {"1.99999", NULL, "is not a version"},
	    {"abc", NULL, "\"abc\" is not a version"},
	    {"1.41\033]0;pwned\007", NULL, "\"1.41\\x1b]0;pwned\\x07\""},
	    {"123456789012345678901234567890", NULL, "...\""},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char out[16] = "unset";
		char *why = NULL;
		bool ok = docker_api_negotiate(
		    cases[i].engine, out, sizeof out, &why);

		if (cases[i].want) {
			if (!ok || strcmp(out, cases[i].want) != 0)
				fail_msg("negotiate(\"%s\") = %s \"%s\" (%s), "
					 "expected %s",
				    cases[i].engine, ok ? "ok" : "refused", out,
				    why ? why : "", cases[i].want);
			assert_null(why);
			continue;
		}
		if (ok)
			fail_msg("negotiate(\"%s\") accepted as %s",
			    cases[i].engine ? cases[i].engine : "(null)", out);
		assert_non_null(why);
		if (strstr(why, cases[i].why) == NULL)
			fail_msg(
			    "\"%s\" does not say \"%s\"", why, cases[i].why);
		/* Never the empty "speaks API ;", never a control byte. */
		assert_null(strstr(why, "API ;"));
		for (const char *p = why; *p; p++)
			assert_true((unsigned char)*p >= 0x20);
		assert_string_equal(out, "unset");
		free(why);
	}
}

/* ---- set log-tail and the pager ---- */

static void
test_log_tail_capped_to_pager(void **state)
{
	struct config c;
	char *text;

	(void)state;
	config_init(&c);
	config_apply_text(&c, "t", "set log-tail 1000000\n");
	/* What is fetched is what the logs view keeps, and the user is told
	 * the limit. */
	assert_int_equal(c.log_tail, PAGER_LOG_LINES);
	assert_non_null(c.errors[0]);
	text =
	    xasprintf("t:1: set log-tail: at most %d lines", PAGER_LOG_LINES);
	if (strstr(c.errors[0], text) == NULL)
		fail_msg("\"%s\" does not say \"%s\"", c.errors[0], text);
	free(text);
	assert_null(c.errors[1]);
	config_done(&c);

	config_init(&c);
	text = xasprintf("set log-tail %d\nset log-tail x\nset log-tail -1\n",
	    PAGER_LOG_LINES);
	config_apply_text(&c, "t", text);
	free(text);
	assert_int_equal(c.log_tail, PAGER_LOG_LINES);
	assert_non_null(c.errors[0]);
	assert_non_null(strstr(c.errors[0], "t:2: set log-tail: expected"));
	assert_non_null(c.errors[1]);
	assert_non_null(strstr(c.errors[1], "t:3: set log-tail: expected"));
	assert_null(c.errors[2]);
	config_done(&c);

	config_init(&c);
	config_apply_text(&c, "t", "set log-tail 99999999999999999999\n");
	assert_int_equal(c.log_tail, 1000);
	assert_non_null(c.errors[0]);
	config_done(&c);
}

/* Every mistake of a file, each with its line, in the file's order. */
static void
test_config_every_mistake(void **state)
{
	struct config c;

	(void)state;
	config_init(&c);
	config_apply_text(&c, "my.conf",
	    "# a comment\n"
	    "set log-tail lots\n"
	    "bogus command\n"
	    "\n"
	    "set log-tail 50000\n"
	    "bind * q nosuchaction\n"
	    "set mouse maybe\n");
	assert_non_null(c.errors[0]);
	assert_non_null(strstr(c.errors[0], "my.conf:2: set log-tail"));
	assert_non_null(strstr(c.errors[1], "my.conf:3: unknown command"));
	assert_non_null(
	    strstr(c.errors[2], "my.conf:5: set log-tail: at most"));
	assert_non_null(strstr(c.errors[3], "my.conf:6: unknown action"));
	assert_non_null(strstr(c.errors[4], "my.conf:7: set mouse"));
	assert_null(c.errors[5]);
	config_done(&c);
}

/* ---- the docker CLI's config.json ---- */

static char *
tmpdir_with(const char *config_json)
{
	char *dir = xstrdup("/tmp/berth-limits-XXXXXX"), *path;
	FILE *f;

	assert_non_null(mkdtemp(dir));
	if (config_json) {
		path = xasprintf("%s/config.json", dir);
		f = fopen(path, "w");
		assert_non_null(f);
		fputs(config_json, f);
		fclose(f);
		free(path);
	}
	return dir;
}

static void
tmpdir_remove(char *dir)
{
	char *path = xasprintf("%s/config.json", dir);

	unlink(path);
	free(path);
	rmdir(dir);
	free(dir);
}

static void
test_config_json_truncated(void **state)
{
	static const char *const broken[] = {
	    "{\"currentContext\": \"prod\", \"auths\": {",
	    "{\"currentContext\": \"pr",
	    "",
	    "not json",
	    "[\"currentContext\"]",
	    "{\"currentContext\": 42}",
	};
	char *dir, *name, *cause;

	(void)state;
	for (size_t i = 0; i < sizeof broken / sizeof *broken; i++) {
		dir = tmpdir_with(broken[i]);
		name = cause = NULL;
		if (context_read_current(dir, &name, &cause))
			fail_msg("config.json \"%s\" was taken (current %s)",
			    broken[i], name ? name : "none");
		assert_null(name);
		assert_non_null(cause);
		assert_non_null(strstr(cause, "config.json cannot be read"));
		free(cause);
		/* The old interface still says "no current context". */
		assert_null(context_current(dir));
		tmpdir_remove(dir);
	}

	dir = tmpdir_with("{\"currentContext\": \"prod\"}\n");
	assert_true(context_read_current(dir, &name, &cause));
	assert_string_equal(name, "prod");
	assert_null(cause);
	free(name);
	tmpdir_remove(dir);

	dir = tmpdir_with("{\"auths\": {}}");
	assert_true(context_read_current(dir, &name, &cause));
	assert_null(name);
	assert_null(cause);
	tmpdir_remove(dir);

	/* No config.json at all is fine. */
	dir = tmpdir_with(NULL);
	assert_true(context_read_current(dir, &name, &cause));
	assert_null(name);
	assert_null(cause);
	tmpdir_remove(dir);
}

/* ---- DOCKER_TLS ---- */

static void
test_docker_tls_env(void **state)
{
	struct endpoint ep;
	char *dir = tmpdir_with(NULL), *cause = NULL;

	(void)state;
	unsetenv("DOCKER_TLS");
	assert_false(endpoint_env_tls());
	setenv("DOCKER_TLS", "", 1);
	assert_false(endpoint_env_tls());
	setenv("DOCKER_TLS", "1", 1);
	assert_true(endpoint_env_tls());

	/* The default context takes it: TLS without verification, and
	 * no certificate needed. */
	assert_true(context_endpoint(
	    dir, "default", "tcp://127.0.0.1:2376", NULL, dir, &ep, &cause));
	assert_true(ep.tls);
	assert_false(ep.tls_verify);
	assert_null(ep.ca_file);
	endpoint_done(&ep);
	/* With DOCKER_TLS_VERIFY too, the server is verified (and needs
	 * its CA). */
	assert_false(context_endpoint(
	    dir, "default", "tcp://127.0.0.1:2376", "1", dir, &ep, &cause));
	assert_non_null(cause);
	free(cause);
	cause = NULL;
	/* A socket takes no TLS, as for the CLI. */
	assert_true(context_endpoint(
	    dir, "default", "unix:///run/x.sock", NULL, dir, &ep, &cause));
	assert_false(ep.tls);
	endpoint_done(&ep);

	unsetenv("DOCKER_TLS");
	assert_true(context_endpoint(
	    dir, "default", "tcp://127.0.0.1:2375", NULL, dir, &ep, &cause));
	assert_false(ep.tls);
	endpoint_done(&ep);
	tmpdir_remove(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_arith_saturates),
	    cmocka_unit_test(test_arith_pct),
	    cmocka_unit_test(test_api_parse),
	    cmocka_unit_test(test_api_negotiate),
	    cmocka_unit_test(test_log_tail_capped_to_pager),
	    cmocka_unit_test(test_config_every_mistake),
	    cmocka_unit_test(test_config_json_truncated),
	    cmocka_unit_test(test_docker_tls_env),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
