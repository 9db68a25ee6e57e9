/*
 * A hostile engine (tests/support/hostile.c) against the real binary:
 * every string it sends is a trap for a terminal (title, clipboard, link,
 * CSI, C1, invalid UTF-8). The startup errors on stderr, `--bundle`'s
 * progress on stderr and every file of the bundle must hold none of it as
 * it is, and must show it escaped (so the test sees that it got through).
 *
 * `test_hostile --serve MODE` runs the hostile engine alone, prints its
 * address and serves until SIGTERM: tests/e2e/hostile.sh drives the
 * console against it in tmux, and checks the files it left with
 * `test_hostile --check FILE...` (status 1 and the place when one is
 * unsafe).
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/decode.h"
#include "api/xalloc.h"
#include "tests/support/fake_engine.h"
#include "tests/support/fixture.h"
#include "tests/support/hostile.h"
#include "tests/support/it.h"

/* The payload as the writer shows it: the title sequence, escaped. */
#define SHOWN_TITLE "^[]0;" HOSTILE_TITLE "^G"
/* In JSON (compared without case: jansson writes \u001B). */
#define JSON_TITLE "\\u001b]0;" HOSTILE_TITLE "\\u0007"

static char tmpdir[512];
static const char *bin;

static int
setup(void **state)
{
	(void)state;
	if (!it_tmpdir(tmpdir, sizeof tmpdir, "hostile"))
		return -1;
	bin = it_berth_bin();
	return bin ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	it_run("rm -rf '%s'", tmpdir);
	hostile_routes_free();
	return 0;
}

/* Fails, naming the file and showing the bytes, where text is unsafe. */
static void
assert_safe(const char *what, const char *text, size_t len)
{
	long at = hostile_unsafe_at(text, len);

	if (at >= 0) {
		long from = at > 20 ? at - 20 : 0;

		fprintf(stderr, "%s: unsafe byte 0x%02x at %ld, after: ", what,
		    (unsigned char)text[at], at);
		for (long i = from; i < at + 8 && (size_t)i < len; i++)
			fprintf(stderr, "%02x ", (unsigned char)text[i]);
		fprintf(stderr, "\n");
		fail_msg("%s holds what a terminal would act on", what);
	}
}

/*
 * Runs berth with args against a hostile engine of the mode; returns its
 * exit status and *out (owned) what it wrote on stdout and stderr.
 */
static int
run_berth(const char *mode, const char *args, char **out)
{
	size_t n;
	const struct fake_route *routes = hostile_routes(mode, &n);
	struct fake_engine *fe = fake_engine_start_routes(routes, n);
	char *log = xasprintf("%s/%s.out", tmpdir, mode);
	int rc;

	assert_non_null(fe);
	rc = it_run("env HOME='%s' XDG_STATE_HOME='%s/state' "
		    "XDG_CONFIG_HOME='%s/config' LANG=C.UTF-8 %s -H %s %s "
		    "</dev/null >'%s' 2>&1",
	    tmpdir, tmpdir, tmpdir, bin, fake_engine_addr(fe), args, log);
	fake_engine_stop(fe);
	*out = fixture_read_path(log, NULL);
	assert_non_null(*out);
	free(log);
	return rc;
}

static void
test_startup_error_from_the_body(void **state)
{
	char *out;

	(void)state;
	assert_int_equal(run_berth("ping500", "", &out), 1);
	assert_safe("stderr", out, strlen(out));
	/* The engine's words are there, shown. */
	assert_non_null(strstr(out, "engine on fire " SHOWN_TITLE));
	assert_non_null(strstr(out, "\\xFF"));
	free(out);
}

static void
test_startup_error_from_a_header(void **state)
{
	char *out;

	(void)state;
	assert_int_equal(run_berth("oldapi", "", &out), 1);
	assert_safe("stderr", out, strlen(out));
	/* The header is quoted (in a form of its own or the writer's). */
	assert_non_null(strstr(out, "1.2"));
	assert_non_null(strstr(out, HOSTILE_TITLE));
	free(out);
}

/* Every regular file under dir (rel is the path so far) is safe. */
static size_t
assert_tree_safe(const char *dir, const char *rel)
{
	char *path = xasprintf("%s%s%s", dir, *rel ? "/" : "", rel);
	DIR *d = opendir(path);
	struct dirent *e;
	size_t files = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		char *sub, *full, *text;
		struct stat st;
		size_t len = 0;

		if (e->d_name[0] == '.')
			continue;
		sub = xasprintf("%s%s%s", rel, *rel ? "/" : "", e->d_name);
		full = xasprintf("%s/%s", dir, sub);
		assert_int_equal(stat(full, &st), 0);
		if (S_ISDIR(st.st_mode))
			files += assert_tree_safe(dir, sub);
		else {
			text = fixture_read_path(full, &len);
			assert_non_null(text);
			assert_safe(sub, text, len);
			free(text);
			files++;
		}
		free(full);
		free(sub);
	}
	closedir(d);
	free(path);
	return files;
}

static char *
read_rel(const char *dir, const char *rel)
{
	char *path = xasprintf("%s/%s", dir, rel);
	char *text = fixture_read_path(path, NULL);

	if (text == NULL)
		fail_msg("%s is missing", rel);
	free(path);
	return text;
}

/* Whether hay holds needle, in any case of ASCII letters. */
static bool
has_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return true;
	return false;
}

/* "sub/NAME" of the one file in dir/sub whose name starts with prefix. */
static char *
find_rel(const char *dir, const char *sub, const char *prefix)
{
	char *path = xasprintf("%s/%s", dir, sub), *rel = NULL;
	DIR *d = opendir(path);
	struct dirent *e;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (strncmp(e->d_name, prefix, strlen(prefix)) == 0) {
			assert_null(rel);
			rel = xasprintf("%s/%s", sub, e->d_name);
		}
	closedir(d);
	free(path);
	if (rel == NULL)
		fail_msg("no %s/%s* in the bundle", sub, prefix);
	return rel;
}

static void
assert_file_has(const char *dir, const char *rel, const char *needle)
{
	char *text = read_rel(dir, rel);

	if (!has_nocase(text, needle))
		fail_msg("%s lacks \"%s\"", rel, needle);
	free(text);
}

static void
test_bundle_files_and_progress(void **state)
{
	char *dir = xasprintf("%s/bundle", tmpdir);
	char *args = xasprintf("--bundle '%s'", dir);
	char *out, *json, *cause = NULL, *pretty, *log, *inspect;
	size_t files;

	(void)state;
	assert_int_equal(run_berth("console", args, &out), 0);
	/* Progress on stderr, with the engine's error for the disk usage. */
	assert_safe("--bundle's progress", out, strlen(out));
	assert_non_null(
	    strstr(out, "df.json: disk usage failed: " SHOWN_TITLE));

	files = assert_tree_safe(dir, "");
	/* version, info, containers, 2 inspect, 1 log, events, nat, doctor,
	 * summary: none may be missing for the test to mean anything. */
	assert_true(files >= 10);
	/* The traps are there, escaped, in every kind of file. */
	assert_file_has(dir, "summary.txt", "disk usage failed: " SHOWN_TITLE);
	assert_file_has(dir, "doctor.txt", "health " SHOWN_TITLE);
	assert_file_has(dir, "nat.txt", "evil" SHOWN_TITLE);
	log = find_rel(dir, "logs", "sick");
	assert_file_has(dir, log, "line one " SHOWN_TITLE);
	assert_file_has(dir, "events.jsonl", JSON_TITLE);
	assert_file_has(dir, "events.jsonl", "raw " JSON_TITLE);
	assert_file_has(dir, "info.json", JSON_TITLE);
	assert_file_has(dir, "info.json", "\\u009b1m");
	/* JSON files stay JSON, the escapes being JSON's own. */
	inspect = find_rel(dir, "containers", "evil");
	json = read_rel(dir, inspect);
	pretty = decode_pretty(json, strlen(json), &cause);
	if (pretty == NULL)
		fail_msg("inspect: %s", cause);
	assert_true(has_nocase(json, "health " JSON_TITLE));
	/* Secrets are still masked under the traps. */
	assert_non_null(strstr(json, "\"TOKEN=***\""));
	free(pretty);
	free(json);
	free(inspect);
	free(log);
	free(out);
	free(args);
	free(dir);
}

/* The hostile engine alone, for the e2e test: address out, then serve. */
static int
serve(const char *mode)
{
	size_t n;
	const struct fake_route *routes = hostile_routes(mode, &n);
	struct fake_engine *fe;
	sigset_t set;
	int sig;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	fe = fake_engine_start_routes(routes, n);
	if (fe == NULL) {
		fprintf(stderr, "test_hostile: cannot start the engine\n");
		return 1;
	}
	printf("%s\n", fake_engine_addr(fe));
	fflush(stdout);
	sigwait(&set, &sig);
	fake_engine_stop(fe);
	hostile_routes_free();
	return 0;
}

/* Files for the e2e test: every one readable and safe. */
static int
check(int n, char **files)
{
	int bad = 0;

	for (int i = 0; i < n; i++) {
		size_t len = 0;
		char *text = fixture_read_path(files[i], &len);
		long at = text ? hostile_unsafe_at(text, len) : -1;

		if (text == NULL) {
			printf("%s: cannot be read\n", files[i]);
			bad = 1;
		} else if (at >= 0) {
			printf("%s: unsafe byte 0x%02x at %ld\n", files[i],
			    (unsigned char)text[at], at);
			bad = 1;
		}
		free(text);
	}
	return bad;
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_startup_error_from_the_body),
	    cmocka_unit_test(test_startup_error_from_a_header),
	    cmocka_unit_test(test_bundle_files_and_progress),
	};

	if (argc == 3 && strcmp(argv[1], "--serve") == 0)
		return serve(argv[2]);
	if (argc >= 2 && strcmp(argv[1], "--check") == 0)
		return check(argc - 2, argv + 2);
	return cmocka_run_group_tests(tests, setup, teardown);
}
