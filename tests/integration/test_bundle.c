/*
 * `berth --bundle DIR` against the real engine: every file is written,
 * JSON files are JSON, secrets in environment variables are masked (and
 * kept with --bundle-unmasked), the failing container's log is there.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "api/buf.h"
#include "api/decode.h"
#include "api/xalloc.h"
#include "tests/support/fixture.h"
#include "tests/support/it.h"

static char tag[16];
static char name[64];
static char tmpdir[512];
static const char *bin;

/* The whole file (owned), or NULL. */
static char *
slurp(const char *dir, const char *rel, size_t *len)
{
	char *path = xasprintf("%s/%s", dir, rel);
	char *text = fixture_read_path(path, len);

	free(path);
	return text;
}

static int
setup(void **state)
{
	(void)state;
	it_tag(tag);
	snprintf(name, sizeof name, "berth-it-bundle-%s", tag);
	if (!it_tmpdir(tmpdir, sizeof tmpdir, "bundle"))
		return -1;
	if ((bin = it_berth_bin()) == NULL)
		return -1;
	/* It fails, so its log goes into the bundle too. */
	if (it_run(
		"docker run -d -q --name %s --label org.berth.it.bundle=%s "
		"-e DB_PASSWORD=hunter2 -e API_TOKEN=x -e PLAIN=visible "
		"berth-test/base sh -c 'echo bundle-log-line; echo bundle-err "
		">&2; exit 5' >/dev/null",
		name, tag) != 0)
		return -1;
	/* Until it has exited. */
	for (int i = 0; i < 100 && it_run("test \"$(docker inspect -f "
					  "'{{.State.Status}}' %s)\" = exited",
				       name) != 0;
	     i++)
		usleep(100 * 1000);
	return 0;
}

static int
teardown(void **state)
{
	char *label = xasprintf("org.berth.it.bundle=%s", tag);

	(void)state;
	it_remove(label, IT_CONTAINERS);
	free(label);
	it_run("rm -rf '%s'", tmpdir);
	return 0;
}

static void
assert_json_file(const char *dir, const char *rel)
{
	size_t len = 0;
	char *text = slurp(dir, rel, &len), *cause = NULL, *pretty;

	if (text == NULL)
		fail_msg("%s/%s is missing", dir, rel);
	pretty = decode_pretty(text, len, &cause);
	if (pretty == NULL)
		fail_msg("%s: %s", rel, cause);
	/* Already pretty-printed: printing it again changes nothing. */
	assert_string_equal(pretty, text);
	free(pretty);
	free(text);
}

static char *
bundle(const char *sub, const char *extra)
{
	char *dir = xasprintf("%s/%s", tmpdir, sub);
	int rc;

	rc = it_run("%s --bundle '%s' %s 2>'%s.log'", bin, dir, extra, dir);
	if (rc != 0) {
		char *rel = xasprintf("%s.log", sub);
		char *log = slurp(tmpdir, rel, NULL);

		fprintf(stderr, "berth --bundle exited %d:\n%s\n", rc,
		    log ? log : "");
		free(log);
		free(rel);
	}
	assert_int_equal(rc, 0);
	return dir;
}

static void
test_bundle_masked(void **state)
{
	static const char *const json[] = {
	    "version.json",
	    "info.json",
	    "df.json",
	    "containers.json",
	    NULL,
	};
	static const char *const text[] = {
	    "events.jsonl",
	    "nat.txt",
	    "doctor.txt",
	    "summary.txt",
	    NULL,
	};
	char *dir = bundle("masked", ""), *inspect_rel, *log_rel, *s;
	struct stat st;

	(void)state;
	for (size_t i = 0; json[i]; i++)
		assert_json_file(dir, json[i]);
	for (size_t i = 0; text[i]; i++) {
		s = slurp(dir, text[i], NULL);
		if (s == NULL)
			fail_msg("%s is missing", text[i]);
		free(s);
	}
	/* The directory and files are the owner's only. */
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);

	inspect_rel = xasprintf("containers/%s.inspect.json", name);
	assert_json_file(dir, inspect_rel);
	s = slurp(dir, inspect_rel, NULL);
	assert_non_null(s);
	assert_null(strstr(s, "hunter2"));
	assert_null(strstr(s, "API_TOKEN=x\""));
	assert_non_null(strstr(s, "\"DB_PASSWORD=***\""));
	assert_non_null(strstr(s, "\"API_TOKEN=***\""));
	assert_non_null(strstr(s, "\"PLAIN=visible\""));
	free(s);

	/* Exited non-zero: its log is there, demultiplexed. */
	log_rel = xasprintf("logs/%s.log", name);
	s = slurp(dir, log_rel, NULL);
	assert_non_null(s);
	assert_non_null(strstr(s, " bundle-log-line\n"));
	assert_non_null(strstr(s, " bundle-err\n"));
	assert_null(strchr(s, '\001'));
	free(s);

	/*
	 * Events of the last hour, one JSON document a line (the engine keeps
	 * only its newest 256 for such queries: others' tests may have
	 * pushed this test's own out).
	 */
	s = slurp(dir, "events.jsonl", NULL);
	assert_non_null(s);
	for (char *line = s, *nl; *line; line = nl + 1) {
		char *cause = NULL;
		struct docker_event *e;

		nl = strchr(line, '\n');
		assert_non_null(nl);
		e = decode_event(line, (size_t)(nl - line), &cause);
		if (e == NULL)
			fail_msg("events.jsonl: %s", cause);
		assert_true(e->time >= (int64_t)time(NULL) - 3700);
		docker_event_free(e);
	}
	free(s);
	s = slurp(dir, "doctor.txt", NULL);
	assert_non_null(strstr(s, "exited with code 5"));
	assert_non_null(strstr(s, name));
	free(s);
	s = slurp(dir, "nat.txt", NULL);
	assert_non_null(strstr(s, "PUBLISHED PORTS"));
	assert_non_null(strstr(s, "NAT SESSIONS"));
	free(s);
	s = slurp(dir, "summary.txt", NULL);
	assert_non_null(strstr(s, "are masked as ***"));
	assert_non_null(strstr(s, inspect_rel));
	assert_non_null(strstr(s, log_rel));
	assert_non_null(strstr(s, "doctor.txt"));
	free(s);
	/* No secret anywhere in the bundle. */
	assert_int_not_equal(it_run("grep -rq hunter2 '%s'", dir), 0);
	free(inspect_rel);
	free(log_rel);
	free(dir);
}

static void
test_bundle_unmasked(void **state)
{
	char *dir = bundle("unmasked", "--bundle-unmasked"), *rel, *s;

	(void)state;
	rel = xasprintf("containers/%s.inspect.json", name);
	assert_json_file(dir, rel);
	s = slurp(dir, rel, NULL);
	assert_non_null(s);
	assert_non_null(strstr(s, "\"DB_PASSWORD=hunter2\""));
	assert_non_null(strstr(s, "\"API_TOKEN=x\""));
	free(s);
	s = slurp(dir, "summary.txt", NULL);
	assert_non_null(strstr(s, "NOT masked"));
	free(s);
	free(rel);
	free(dir);
}

static void
test_bundle_errors(void **state)
{
	(void)state;
	/* A directory that cannot be made: exit status 1 and a message. */
	assert_int_equal(it_run("%s --bundle /proc/berth-no-such-dir/x "
				"2>/dev/null",
			     bin),
	    1);
	/* No engine: the same. */
	assert_int_equal(
	    it_run("%s -H unix:///nonexistent/docker.sock --bundle "
		   "'%s/none' 2>/dev/null",
		bin, tmpdir),
	    1);
	assert_int_not_equal(it_run("test -e '%s/none'", tmpdir), 0);
}

/*
 * nat.txt names a published port's container, and a connection held open
 * to it on loopback appears as a docker-proxy session (root only: the
 * proxy's sockets are read from /proc/PID/fd).
 */
static void
test_bundle_nat_sessions(void **state)
{
	char *web = xasprintf("%s-web", name), *out, *dir, *s, want[128];
	struct sockaddr_in sa;
	int port, fd;

	(void)state;
	assert_int_equal(it_run("docker run -d --name %s --label "
				"org.berth.it.bundle=%s -p 127.0.0.1::80 "
				"berth-test/web >/dev/null",
			     web, tag),
	    0);
	out =
	    it_capture("docker port %s 80/tcp | head -1 | sed 's/.*://'", web);
	assert_non_null(out);
	port = atoi(out);
	free(out);
	assert_true(port > 0);
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);

	dir = bundle("nat", "");
	s = slurp(dir, "nat.txt", NULL);
	assert_non_null(s);
	snprintf(want, sizeof want, "127.0.0.1:%d", port);
	assert_non_null(strstr(s, want));
	assert_non_null(strstr(s, web));
	assert_non_null(strstr(s, "DOCKER-PROXY SESSIONS"));
	if (geteuid() == 0 &&
	    it_run("pgrep -f 'docker-proxy.*-host-port %d( |$)' >/dev/null",
		port) == 0) {
		/* A line: tcp ESTABLISHED 127.0.0.1:C -> 127.0.0.1:P => .. */
		char *line = strstr(s, "DOCKER-PROXY SESSIONS");

		snprintf(want, sizeof want, "-> 127.0.0.1:%d => ", port);
		line = strstr(line, want);
		assert_non_null(line);
		assert_non_null(strstr(line, web));
	}
	close(fd);
	free(s);
	free(dir);
	free(web);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bundle_masked),
	    cmocka_unit_test(test_bundle_unmasked),
	    cmocka_unit_test(test_bundle_errors),
	    cmocka_unit_test(test_bundle_nat_sessions),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
