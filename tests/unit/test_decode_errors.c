/* Unit tests for the decoders on what an engine should not send: error
 * messages, malformed and wrongly typed JSON, and every fixture decoded by
 * every decoder. */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/decode.h"
#include "api/model.h"
#include "api/xalloc.h"
#include "tests/support/fixture.h"
#include "tests/unit/decode_check.h"

static void
test_error_message(void **state)
{
	size_t n;
	char *s = fixture_read("error_404.v1.41.json", &n);
	char *m = decode_error_message(s, n, 404), *big;

	assert_string_equal(m, "No such container: berth-fx-nosuch");
	free(m);
	free(s);

	s = fixture_read("podman_error.json", &n);
	m = decode_error_message(s, n, 404);
	assert_string_equal(m, "no container with name or ID "
			       "\"berth-fx-nosuch\" found: no such container");
	free(m);
	free(s);

	/* Podman with only a cause. */
	m = decode_error_message(
	    "{\"cause\":\"no such pod\",\"response\":404}", 38, 404);
	assert_string_equal(m, "no such pod");
	free(m);

	m = decode_error_message("  404 page not found\n", 21, 404);
	assert_string_equal(m, "404 page not found");
	free(m);
	m = decode_error_message("<html>\r\n<body>Bad Gateway</body>", 32, 502);
	assert_string_equal(m, "<html>");
	free(m);
	m = decode_error_message("", 0, 502);
	assert_string_equal(m, "HTTP 502");
	free(m);
	m = decode_error_message(NULL, 0, 500);
	assert_string_equal(m, "HTTP 500");
	free(m);
	m = decode_error_message(" \r\n\t", 4, 503);
	assert_string_equal(m, "HTTP 503");
	free(m);
	m = decode_error_message("{}", 2, 409);
	assert_string_equal(m, "HTTP 409");
	free(m);
	m = decode_error_message("{\"message\":\"\"}", 14, 400);
	assert_string_equal(m, "HTTP 400");
	free(m);
	m = decode_error_message("{\"message\":\" conflict \\n\"}", 26, 409);
	assert_string_equal(m, "conflict");
	free(m);
	m = decode_error_message("\"quoted\"", 8, 400);
	assert_string_equal(m, "quoted");
	free(m);
	m = decode_error_message("{\"message\":", 11, 500);
	assert_string_equal(m, "{\"message\":");
	free(m);

	/* A proxy's huge body is cut, and never in the middle of a UTF-8
	 * sequence. */
	big = xmalloc(4001);
	big[0] = 'x';
	for (size_t i = 1; i + 1 < 4000; i += 2) {
		big[i] = (char)0xc3;
		big[i + 1] = (char)0xa9;
	}
	big[3999] = 'y';
	big[4000] = '\0';
	m = decode_error_message(big, 4000, 500);
	assert_true(strlen(m) <= 512);
	assert_true(strlen(m) >= 500);
	assert_true(((unsigned char)m[strlen(m) - 1] & 0xc0) == 0x80);
	assert_true((unsigned char)m[strlen(m) - 2] == 0xc3);
	free(m);
	free(big);
}

static void
test_pretty(void **state)
{
	static const char doc[] = "{\"b\":1,\"a\":[1,\"x\"],\"c\":{\"z\":true,"
				  "\"y\":null,\"e\":{},\"f\":[]}}";
	static const char want[] = "{\n"
				   "  \"b\": 1,\n"
				   "  \"a\": [\n"
				   "    1,\n"
				   "    \"x\"\n"
				   "  ],\n"
				   "  \"c\": {\n"
				   "    \"z\": true,\n"
				   "    \"y\": null,\n"
				   "    \"e\": {},\n"
				   "    \"f\": []\n"
				   "  }\n"
				   "}";
	char *cause = NULL, *out;
	size_t n;
	char *s;

	out = decode_pretty(doc, strlen(doc), &cause);
	assert_non_null(out);
	assert_null(cause);
	assert_string_equal(out, want);
	free(out);

	out = decode_pretty("\"just a string\"", 15, NULL);
	assert_string_equal(out, "\"just a string\"");
	free(out);

	/* A real inspect document keeps its keys in the engine's order. */
	s = fixture_read("container_inspect.v1.41.json", &n);
	out = decode_pretty(s, n, NULL);
	assert_non_null(out);
	assert_true(strncmp(out, "{\n  \"Id\": \"ab6cd7c5", 19) == 0);
	assert_true(strstr(out, "\"Id\"") < strstr(out, "\"Created\""));
	assert_true(strstr(out, "\"Created\"") < strstr(out, "\"Path\""));
	free(out);
	free(s);

	assert_decode_fails(decode_pretty, "{\"a\":}", "invalid JSON");
	assert_decode_fails(decode_pretty, "", "empty");
}

/* Every decoder behind one signature, for the table-driven tests. */
struct decoder {
	const char *name;
	void *(*decode)(const char *, size_t, char **);
	void (*free)(void *);
	bool array; /* top level is an array */
};

#define DECODER(fn, freefn)                                                    \
	static void *wrap_##fn(const char *s, size_t n, char **cause)          \
	{                                                                      \
		return decode_##fn(s, n, cause);                               \
	}                                                                      \
	static void wrap_free_##fn(void *p)                                    \
	{                                                                      \
		freefn(p);                                                     \
	}

DECODER(container_list, docker_container_list_free)
DECODER(container_detail, docker_container_detail_free)
DECODER(image_list, docker_image_list_free)
DECODER(image_detail, docker_image_detail_free)
DECODER(history, docker_history_free)
DECODER(volume_list, docker_volume_list_free)
DECODER(network_list, docker_network_list_free)
DECODER(network, docker_network_free)
DECODER(info, docker_info_free)
DECODER(version, docker_version_free)
DECODER(df, docker_df_free)
DECODER(event, docker_event_free)
DECODER(exec, docker_exec_free)
DECODER(top, docker_top_free)
DECODER(stats, docker_stats_free)
DECODER(progress, docker_progress_free)
DECODER(prune_report, docker_prune_report_free)
DECODER(id, free)
DECODER(pretty, free)

#define D(fn, arr)                                                             \
	{                                                                      \
#fn, wrap_##fn, wrap_free_##fn, arr                            \
	}
static const struct decoder decoders[] = {
    D(container_list, true),
    D(container_detail, false),
    D(image_list, true),
    D(image_detail, false),
    D(history, true),
    D(volume_list, false),
    D(network_list, true),
    D(network, false),
    D(info, false),
    D(version, false),
    D(df, false),
    D(event, false),
    D(exec, false),
    D(top, false),
    D(stats, false),
    D(progress, false),
    D(prune_report, false),
    D(id, false),
    D(pretty, false),
};
#define N_DECODERS (sizeof decoders / sizeof decoders[0])

static void
test_malformed_everywhere(void **state)
{
	static const struct {
		const char *text;
		size_t len;
	} bad[] = {
	    {"", 0},
	    {"   \n", 4},
	    {"[", 1},
	    {"{", 1},
	    {"{\"a\":", 5},
	    {"[1,2", 4},
	    {"{\"Id\":\"x\"} trailing", 19},
	    {"\xff\xfe{}", 4},
	    {"{\"Id\":\"a\xff\"}", 11},
	    {"{\"Id\":\"a\\u0000b\"}", 17},
	    {"[\"x\0y\"]", 7},
	    {"{\"Id\":\"x\",\"n\":1e400}", 20},
	    {"nul", 3},
	};

	for (size_t d = 0; d < N_DECODERS; d++) {
		for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
			char *cause = NULL;
			void *r =
			    decoders[d].decode(bad[i].text, bad[i].len, &cause);

			if (r != NULL)
				fail_msg("%s accepted bad input %zu",
				    decoders[d].name, i);
			assert_non_null(cause);
			assert_true(strlen(cause) > 0);
			free(cause);
		}
		/* A NULL cause pointer is allowed. */
		assert_null(decoders[d].decode("[", 1, NULL));
		assert_null(decoders[d].decode(NULL, 0, NULL));
	}
}

static void
test_wrong_top_level(void **state)
{
	static const char *const shapes[] = {
	    "null", "42", "\"s\"", "true", "-1.5"};

	for (size_t d = 0; d < N_DECODERS; d++) {
		char *cause = NULL;
		void *r;

		if (strcmp(decoders[d].name, "pretty") == 0)
			continue;
		r = decoders[d].decode(
		    decoders[d].array ? "{}" : "[]", 2, &cause);
		/* Podman sends volumes as a bare array. */
		if (strcmp(decoders[d].name, "volume_list") == 0) {
			assert_non_null(r);
			decoders[d].free(r);
			continue;
		}
		if (r != NULL)
			fail_msg(
			    "%s accepted the wrong shape", decoders[d].name);
		assert_non_null(strstr(cause, decoders[d].array
						  ? "expected a JSON array"
						  : "expected a JSON object"));
		free(cause);
		for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
			cause = NULL;
			r = decoders[d].decode(
			    shapes[i], strlen(shapes[i]), &cause);
			assert_null(r);
			assert_non_null(strstr(cause, "expected a JSON"));
			free(cause);
		}
	}
	assert_decode_fails(
	    decode_container_list, "{}", "containers: expected a JSON array");
}

static void
test_wrong_types_and_nulls(void **state)
{
	static const char rows[] =
	    "[{\"Id\":5},7,null,\"x\",[],"
	    "{\"Id\":\"a\",\"Names\":null,\"Image\":null,\"Ports\":null,"
	    "\"Labels\":null,\"State\":null,\"Status\":null,"
	    "\"NetworkSettings\":null,\"Mounts\":null,\"HostConfig\":null,"
	    "\"Created\":\"yesterday\"},"
	    "{\"Id\":\"b\",\"Names\":\"/solo\",\"Ports\":{},\"Labels\":[],"
	    "\"Mounts\":\"m\",\"NetworkSettings\":{\"Networks\":[1]},"
	    "\"Created\":1e300,\"SizeRw\":-1e300},"
	    "{\"Id\":\"c\",\"Names\":[\"/other/alias\",7,\"/real\"],"
	    "\"Ports\":[{\"PrivatePort\":1e12,\"PublicPort\":-99999999999,"
	    "\"Type\":null},5],\"Created\":99999999999999999999}]";
	struct docker_container_list *l;
	char *cause = NULL;

	l = decode_container_list(rows, strlen(rows), &cause);
	assert_non_null(l);
	assert_null(cause);
	assert_int_equal(l->n, 3);
	assert_string_equal(l->v[0].id, "a");
	assert_string_equal(l->v[0].name, "");
	assert_string_equal(l->v[0].image, "");
	assert_string_equal(l->v[0].state, "");
	assert_string_equal(l->v[0].status, "");
	assert_int_equal(l->v[0].created, 0);
	assert_null(l->v[0].network_mode);
	assert_int_equal(l->v[0].n_ports + l->v[0].labels.n, 0);
	assert_string_equal(l->v[1].name, "solo");
	assert_int_equal(l->v[1].n_ports, 0);
	assert_int_equal(l->v[1].labels.n, 0);
	assert_int_equal(l->v[1].n_mounts, 0);
	assert_int_equal(l->v[1].n_nets, 0);
	assert_true(l->v[1].created == INT64_MAX);
	assert_true(l->v[1].size_rw == INT64_MIN);
	assert_string_equal(l->v[2].name, "real");
	assert_int_equal(l->v[2].n_ports, 1);
	assert_int_equal(l->v[2].ports[0].private_port, INT_MAX);
	assert_int_equal(l->v[2].ports[0].public_port, INT_MIN);
	assert_string_equal(l->v[2].ports[0].type, "tcp");
	/* Too big for int64: read again as a real and clamped. */
	assert_true(l->v[2].created == INT64_MAX);
	docker_container_list_free(l);

	l = decode_container_list("[]", 2, NULL);
	assert_non_null(l);
	assert_int_equal(l->n, 0);
	docker_container_list_free(l);

	/* Every object decoder copes with an object of nulls. */
	for (size_t d = 0; d < N_DECODERS; d++) {
		static const char nulls[] =
		    "{\"Id\":\"i\",\"ID\":\"i\","
		    "\"Action\":\"a\",\"State\":null,\"Config\":null,"
		    "\"HostConfig\":null,\"NetworkSettings\":null,"
		    "\"Titles\":null,\"Processes\":null,\"cpu_stats\":null,"
		    "\"memory_stats\":null,\"networks\":null,\"Swarm\":null,"
		    "\"Images\":null,\"Containers\":null,\"Volumes\":null,"
		    "\"ImagesDeleted\":null,\"progressDetail\":null,"
		    "\"ProcessConfig\":null,\"Actor\":null,\"RootFS\":null,"
		    "\"IPAM\":null,\"ExitCode\":null}";
		void *r;

		if (decoders[d].array)
			continue;
		r = decoders[d].decode(nulls, strlen(nulls), NULL);
		if (r == NULL)
			fail_msg(
			    "%s rejected an object of nulls", decoders[d].name);
		decoders[d].free(r);
	}

	/* Frees accept NULL. */
	for (size_t d = 0; d < N_DECODERS; d++)
		decoders[d].free(NULL);
	kvlist_free(NULL);
	assert_null(kvlist_get(NULL, "x"));
}

static void
test_all_fixtures_decode(void **state)
{
	static const struct {
		const char *file;
		const char *decoder;
	} map[] = {
	    {"containers_json.v1.41.json", "container_list"},
	    {"containers_json_size.v1.41.json", "container_list"},
	    {"container_inspect.v1.41.json", "container_detail"},
	    {"container_inspect_exited.v1.41.json", "container_detail"},
	    {"container_inspect_tty.v1.41.json", "container_detail"},
	    {"container_inspect_paused.v1.41.json", "container_detail"},
	    {"container_inspect_unhealthy.v1.41.json", "container_detail"},
	    {"windows_container_inspect.json", "container_detail"},
	    {"images_json.v1.41.json", "image_list"},
	    {"images_json_all.v1.41.json", "image_list"},
	    {"image_inspect.v1.41.json", "image_detail"},
	    {"image_history.v1.41.json", "history"},
	    {"volumes.v1.41.json", "volume_list"},
	    {"networks.v1.41.json", "network_list"},
	    {"network_inspect.v1.41.json", "network"},
	    {"info.v1.41.json", "info"},
	    {"windows_info.json", "info"},
	    {"version.v1.41.json", "version"},
	    {"system_df.v1.41.json", "df"},
	    {"exec_inspect.v1.41.json", "exec"},
	    {"top.v1.41.json", "top"},
	    {"podman_top.json", "top"},
	    {"stats.v1.41.json", "stats"},
	    {"stats_cgroup2.json", "stats"},
	    {"stats_windows.json", "stats"},
	    {"prune_images.v1.41.json", "prune_report"},
	    {"info.v1.41.json", "pretty"},
	    {"stats_cgroup2.json", "pretty"},
	};

	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
		size_t n;
		char *s = fixture_read(map[i].file, &n), *cause = NULL;
		const struct decoder *d = NULL;
		void *r;

		for (size_t k = 0; k < N_DECODERS; k++) {
			if (strcmp(decoders[k].name, map[i].decoder) == 0)
				d = &decoders[k];
		}
		assert_non_null(d);
		r = d->decode(s, n, &cause);
		if (r == NULL)
			fail_msg("%s: %s", map[i].file, cause);
		d->free(r);
		/* Every proper prefix is either rejected or decoded cleanly. */
		for (size_t cut = 0; cut < n; cut += 1 + n / 64) {
			cause = NULL;
			r = d->decode(s, cut, &cause);
			if (r != NULL)
				d->free(r);
			else
				free(cause);
		}
		free(s);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_error_message),
	    cmocka_unit_test(test_pretty),
	    cmocka_unit_test(test_malformed_everywhere),
	    cmocka_unit_test(test_wrong_top_level),
	    cmocka_unit_test(test_wrong_types_and_nulls),
	    cmocka_unit_test(test_all_fixtures_decode),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
