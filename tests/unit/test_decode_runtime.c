/* Unit tests for the JSON decoders of what runs and streams (events, exec
 * sessions, top, stats, pull/push progress, prune answers, ids), on fixtures
 * captured from a real engine. */

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
test_events(void **state)
{
	size_t n, lines = 0, containers = 0;
	char *s = fixture_read("events.v1.41.jsonl", &n), *p = s, *nl;
	bool saw_die = false, saw_exec_die = false, saw_connect = false;

	while ((nl = memchr(p, '\n', n - (size_t)(p - s))) != NULL) {
		char *cause = NULL;
		struct docker_event *e =
		    decode_event(p, (size_t)(nl - p), &cause);

		assert_non_null(e);
		assert_null(cause);
		assert_non_null(e->type);
		assert_non_null(e->action);
		assert_true(e->time >= 1795334251);
		assert_int_equal(e->time_nano / 1000000000, e->time);
		if (lines == 0) {
			assert_string_equal(e->type, "volume");
			assert_string_equal(e->action, "create");
			assert_string_equal(e->actor_id, "berth-fx-evvol");
			assert_string_equal(
			    kvlist_get(&e->attrs, "driver"), "local");
			assert_string_equal(e->scope, "local");
			assert_int_equal(e->time_nano, 1795334251952017850LL);
		}
		if (strcmp(e->type, "container") == 0)
			containers++;
		if (strcmp(e->action, "die") == 0) {
			saw_die = true;
			assert_string_equal(
			    kvlist_get(&e->attrs, "exitCode"), "137");
			assert_string_equal(
			    kvlist_get(&e->attrs, "name"), "berth-fx-ev");
			assert_string_equal(
			    kvlist_get(&e->attrs, "image"), "berth-test/app");
			assert_true(
			    strncmp(e->actor_id, "cff8f5cc0912", 12) == 0);
		}
		if (strcmp(e->action, "exec_die") == 0) {
			saw_exec_die = true;
			assert_string_equal(
			    kvlist_get(&e->attrs, "exitCode"), "2");
		}
		if (strcmp(e->action, "connect") == 0) {
			saw_connect = true;
			assert_string_equal(e->type, "network");
			assert_string_equal(
			    kvlist_get(&e->attrs, "name"), "berth-fx-evnet");
		}
		docker_event_free(e);
		lines++;
		p = nl + 1;
	}
	assert_int_equal(lines, 21);
	assert_int_equal(containers, 10);
	assert_true(saw_die && saw_exec_die && saw_connect);
	free(s);
}

static void
test_events_legacy(void **state)
{
	size_t n, lines = 0;
	char *s = fixture_read("events_legacy.jsonl", &n), *p = s, *nl;
	static const char *const types[] = {"image", "container", "container",
	    "container", "container", "image", "image"};

	while ((nl = memchr(p, '\n', n - (size_t)(p - s))) != NULL) {
		struct docker_event *e =
		    decode_event(p, (size_t)(nl - p), NULL);

		assert_non_null(e);
		assert_true(lines < 7);
		assert_string_equal(e->type, types[lines]);
		assert_int_equal(e->time_nano, e->time * 1000000000LL);
		if (lines == 1) {
			assert_string_equal(e->action, "create");
			assert_string_equal(e->actor_id, "dfdf82bd3881");
			assert_string_equal(kvlist_get(&e->attrs, "image"),
			    "berth-test/base:latest");
			assert_int_equal(e->time, 1423339459);
			assert_null(e->scope);
		}
		docker_event_free(e);
		lines++;
		p = nl + 1;
	}
	assert_int_equal(lines, 7);
	free(s);

	assert_decode_fails(
	    decode_event, "{\"Type\":\"container\"}", "no Action");
	assert_decode_fails(decode_event, "[]",
	    "event: expected a JSON "
	    "object");
}

static void
test_event_clear(void **state)
{
	static const char line[] =
	    "{\"Type\":\"container\",\"Action\":"
	    "\"start\",\"Actor\":{\"ID\":\"abc\",\"Attributes\":{\"name\":"
	    "\"n\"}},\"timeNano\":1700000000123456789}";
	struct docker_event *e = decode_event(line, strlen(line), NULL);
	struct docker_event copy;

	assert_non_null(e);
	assert_int_equal(e->time, 1700000000);
	assert_null(e->scope);
	copy = *e;
	free(e);
	docker_event_clear(&copy);
	assert_null(copy.type);
	assert_int_equal(copy.attrs.n, 0);
	docker_event_clear(&copy);
}

static void
test_exec(void **state)
{
	size_t n;
	char *s = fixture_read("exec_inspect.v1.41.json", &n);
	struct docker_exec *x = decode_exec(s, n, NULL);

	assert_non_null(x);
	assert_string_equal(x->id, "55856be1b63dee9d71607782f9071dcccc1f72bb"
				   "b5b6e7623f374a883bef80c2");
	assert_string_equal(x->container_id, TTY_ID);
	assert_true(x->running);
	assert_int_equal(x->exit_code, -1);
	assert_int_equal(x->pid, 7294);
	assert_true(x->tty);
	assert_string_equal(x->user, "1000:1000");
	assert_string_equal(x->entrypoint, "sleep");
	assert_int_equal(strv_len(x->arguments), 1);
	assert_string_equal(x->arguments[0], "600");
	assert_false(x->privileged);
	docker_exec_free(x);
	free(s);

	s = fixture_read("exec_inspect_done.v1.41.json", &n);
	x = decode_exec(s, n, NULL);
	assert_non_null(x);
	assert_false(x->running);
	assert_int_equal(x->exit_code, 5);
	assert_int_equal(x->pid, 7358);
	assert_null(x->user);
	assert_string_equal(x->container_id, WEB_ID);
	assert_string_equal(x->arguments[1], "exit 5");
	docker_exec_free(x);
	free(s);

	s = fixture_read("exec_inspect_created.v1.41.json", &n);
	x = decode_exec(s, n, NULL);
	assert_non_null(x);
	assert_false(x->running);
	assert_int_equal(x->exit_code, -1);
	assert_int_equal(x->pid, 0);
	assert_true(x->privileged);
	assert_true(x->open_stdin);
	assert_string_equal(x->user, "root");
	assert_int_equal(strv_len(x->arguments), 0);
	assert_non_null(x->arguments);
	docker_exec_free(x);
	free(s);

	assert_decode_fails(decode_exec, "{\"Running\":true}", "no ID");
}

static void
test_top(void **state)
{
	size_t n;
	char *s = fixture_read("top.v1.41.json", &n);
	struct docker_top *t = decode_top(s, n, NULL);
	static const char nulls[] = "{\"Titles\":[\"PID\"],\"Processes\":null}";
	static const char odd[] = "{\"Titles\":[\"PID\",\"CMD\"],\"Processes\":"
				  "[[1,\"init\"],\"7 sh\",{},[null,true]]}";

	assert_non_null(t);
	assert_int_equal(strv_len(t->titles), 8);
	assert_string_equal(t->titles[7], "CMD");
	assert_int_equal(t->n_rows, 1);
	assert_string_equal(t->rows[0][0], "root");
	assert_string_equal(t->rows[0][1], "6314");
	assert_string_equal(t->rows[0][7], "httpd -f -v -p 80 -h /www");
	docker_top_free(t);
	free(s);

	s = fixture_read("top_aux.v1.41.json", &n);
	t = decode_top(s, n, NULL);
	assert_non_null(t);
	assert_int_equal(strv_len(t->titles), 11);
	assert_int_equal(t->n_rows, 2);
	assert_string_equal(t->rows[1][10], "sleep 600");
	assert_string_equal(t->rows[1][0], "1000");
	docker_top_free(t);
	free(s);

	s = fixture_read("podman_top.json", &n);
	t = decode_top(s, n, NULL);
	assert_non_null(t);
	assert_string_equal(t->titles[4], "ELAPSED");
	assert_int_equal(t->n_rows, 3);
	assert_int_equal(strv_len(t->rows[2]), 8);
	assert_string_equal(t->rows[2][0], "nobody");
	assert_string_equal(t->rows[2][7], "httpd -f -p 8080");
	docker_top_free(t);
	free(s);

	t = decode_top(nulls, strlen(nulls), NULL);
	assert_non_null(t);
	assert_int_equal(t->n_rows, 0);
	assert_int_equal(strv_len(t->titles), 1);
	docker_top_free(t);

	t = decode_top(odd, strlen(odd), NULL);
	assert_non_null(t);
	assert_int_equal(t->n_rows, 3);
	assert_string_equal(t->rows[0][0], "1");
	assert_string_equal(t->rows[1][0], "7 sh");
	assert_string_equal(t->rows[2][0], "");
	assert_string_equal(t->rows[2][1], "true");
	docker_top_free(t);

	t = decode_top("{}", 2, NULL);
	assert_non_null(t);
	assert_int_equal(strv_len(t->titles), 0);
	docker_top_free(t);
}

static void
test_stats_cgroup1(void **state)
{
	size_t n;
	char *s = fixture_read("stats.v1.41.json", &n);
	struct docker_stats *st = decode_stats(s, n, NULL);

	assert_non_null(st);
	assert_string_equal(st->read, "2026-11-22T07:56:26.87733876Z");
	assert_int_equal(st->cpu_total, 238618762);
	assert_int_equal(st->system_cpu, 16024400000000ULL);
	assert_int_equal(st->pre_cpu_total, 238618762);
	assert_int_equal(st->pre_system_cpu, 16022420000000ULL);
	assert_int_equal(st->online_cpus, 2);
	assert_int_equal(st->mem_usage, 987136);
	assert_int_equal(st->mem_limit, 67108864);
	assert_int_equal(st->mem_inactive_file, 147456);
	assert_int_equal(st->net_rx, 656 + 1236);
	assert_int_equal(st->net_tx, 0);
	assert_int_equal(st->blk_read, 0);
	assert_int_equal(st->blk_write, 0);
	assert_int_equal(st->pids, 1);
	docker_stats_free(st);
	free(s);
}

static void
test_stats_cgroup2(void **state)
{
	size_t n;
	char *s = fixture_read("stats_cgroup2.json", &n);
	/* pids_stats.limit is 2^64-1 here: beyond what jansson reads as int. */
	struct docker_stats *st = decode_stats(s, n, NULL);

	assert_non_null(st);
	assert_int_equal(st->cpu_total, 5134297000ULL);
	assert_int_equal(st->pre_cpu_total, 5034297000ULL);
	assert_int_equal(st->system_cpu, 987654320000000ULL);
	assert_int_equal(st->online_cpus, 4);
	assert_int_equal(st->mem_usage, 21803008);
	assert_int_equal(st->mem_limit, 8589934592ULL);
	assert_int_equal(st->mem_inactive_file, 9805824);
	assert_int_equal(st->net_rx, 53214 + 1000);
	assert_int_equal(st->net_tx, 20981 + 2000);
	assert_int_equal(st->blk_read, 8192000 + 12288);
	assert_int_equal(st->blk_write, 4096);
	assert_int_equal(st->pids, 3);
	docker_stats_free(st);
	free(s);
}

static void
test_stats_v1_blkio_and_percpu(void **state)
{
	static const char doc[] =
	    "{\"cpu_stats\":{\"cpu_usage\":"
	    "{\"total_usage\":10,\"percpu_usage\":[1,2,3]}},"
	    "\"blkio_stats\":{\"io_service_bytes_recursive\":["
	    "{\"major\":8,\"minor\":0,\"op\":\"Read\",\"value\":4096},"
	    "{\"major\":8,\"minor\":0,\"op\":\"Write\",\"value\":512},"
	    "{\"major\":8,\"minor\":0,\"op\":\"Sync\",\"value\":4608},"
	    "{\"major\":8,\"minor\":0,\"op\":\"Async\",\"value\":0},"
	    "{\"major\":8,\"minor\":0,\"op\":\"Total\",\"value\":4608},"
	    "{\"major\":8,\"minor\":16,\"op\":\"Read\",\"value\":1},"
	    "{\"op\":null},7]},\"network\":{\"rx_bytes\":9,\"tx_bytes\":8},"
	    "\"memory_stats\":{\"usage\":-5,\"stats\":{\"inactive_file\":"
	    "1e30}}}";
	struct docker_stats *st = decode_stats(doc, strlen(doc), NULL);

	assert_non_null(st);
	assert_null(st->read);
	assert_int_equal(st->online_cpus, 3);
	assert_int_equal(st->blk_read, 4097);
	assert_int_equal(st->blk_write, 512);
	assert_int_equal(st->net_rx, 9);
	assert_int_equal(st->net_tx, 8);
	assert_int_equal(st->mem_usage, 0);
	assert_true(st->mem_inactive_file == UINT64_MAX);
	docker_stats_free(st);
}

static void
test_stats_windows(void **state)
{
	size_t n;
	char *s = fixture_read("stats_windows.json", &n);
	struct docker_stats *st = decode_stats(s, n, NULL);

	assert_non_null(st);
	assert_int_equal(st->cpu_total, 131406250);
	assert_int_equal(st->online_cpus, 0);
	assert_int_equal(st->mem_usage, 64438272);
	assert_int_equal(st->blk_read, 39522304);
	assert_int_equal(st->blk_write, 17104896);
	assert_int_equal(st->net_rx, 1048832);
	assert_int_equal(st->pids, 0);
	docker_stats_free(st);
	free(s);
}

static void
test_progress_pull(void **state)
{
	size_t n, lines = 0, errors = 0;
	char *s = fixture_read("pull_progress.jsonl", &n), *p = s, *nl;
	bool saw_bar = false;

	while ((nl = memchr(p, '\n', n - (size_t)(p - s))) != NULL) {
		struct docker_progress *pr =
		    decode_progress(p, (size_t)(nl - p), NULL);

		assert_non_null(pr);
		if (lines == 0) {
			assert_string_equal(
			    pr->status, "Pulling from berth-test/web");
			assert_string_equal(pr->id, "2.0");
		}
		if (pr->current == 540672) {
			saw_bar = true;
			assert_string_equal(pr->status, "Downloading");
			assert_string_equal(pr->id, "7c4d2b1a9e3f");
			assert_int_equal(pr->total, 1985472);
			assert_true(strncmp(pr->progress, "[=====", 6) == 0);
			assert_non_null(
			    strstr(pr->progress, "540.7kB/1.985MB"));
		}
		if (pr->status && strncmp(pr->status, "Digest:", 7) == 0)
			assert_null(pr->id);
		if (pr->error != NULL) {
			errors++;
			assert_null(pr->status);
			assert_string_equal(pr->error,
			    "manifest for "
			    "127.0.0.1:5000/berth-test/web:9.9 not found: "
			    "manifest unknown: manifest unknown");
		}
		docker_progress_free(pr);
		lines++;
		p = nl + 1;
	}
	assert_int_equal(lines, 24);
	assert_int_equal(errors, 1);
	assert_true(saw_bar);
	free(s);
}

static void
test_progress_push(void **state)
{
	size_t n, lines = 0;
	char *s = fixture_read("push_progress.jsonl", &n), *p = s, *nl;
	struct docker_progress *pr;
	static const char odd[] = "{\"status\":\"x\",\"progressDetail\":"
				  "{\"current\":\"5\"}}";

	while ((nl = memchr(p, '\n', n - (size_t)(p - s))) != NULL) {
		pr = decode_progress(p, (size_t)(nl - p), NULL);
		assert_non_null(pr);
		if (lines == 3) {
			assert_string_equal(pr->status, "Pushing");
			assert_int_equal(pr->current, 512);
			assert_int_equal(pr->total, 24601);
		}
		if (lines == 8) {
			/* The aux line carries no status and no error. */
			assert_null(pr->status);
			assert_null(pr->error);
		}
		if (lines == 9)
			assert_string_equal(
			    pr->error, "unauthorized: authentication required");
		docker_progress_free(pr);
		lines++;
		p = nl + 1;
	}
	assert_int_equal(lines, 10);
	free(s);

	pr = decode_progress("{\"error\":\"boom\"}", 16, NULL);
	assert_non_null(pr);
	assert_string_equal(pr->error, "boom");
	docker_progress_free(pr);
	pr = decode_progress("{\"error\":null}", 14, NULL);
	assert_non_null(pr);
	assert_non_null(pr->error);
	docker_progress_free(pr);
	pr = decode_progress(odd, strlen(odd), NULL);
	assert_non_null(pr);
	assert_int_equal(pr->current, 0);
	assert_null(pr->error);
	docker_progress_free(pr);
}

static void
test_prune(void **state)
{
	size_t n;
	char *s = fixture_read("prune_containers.v1.41.json", &n);
	struct docker_prune_report *r = decode_prune_report(s, n, NULL);
	static const char caches[] = "{\"CachesDeleted\":[\"a1\",\"b2\"],"
				     "\"SpaceReclaimed\":1024}";

	assert_non_null(r);
	assert_int_equal(strv_len(r->deleted), 2);
	assert_string_equal(r->deleted[0], "eb12b8e4b100aea01f1327a2835fe825"
					   "68351723e222fa5c771bd4a99cb3f2e8");
	assert_int_equal(r->space_reclaimed, 0);
	docker_prune_report_free(r);
	free(s);

	s = fixture_read("prune_images.v1.41.json", &n);
	r = decode_prune_report(s, n, NULL);
	assert_non_null(r);
	assert_int_equal(strv_len(r->deleted), 2);
	assert_string_equal(r->deleted[0], "berth-fx-prune:1");
	assert_true(strncmp(r->deleted[1], "sha256:90274d4a1469", 19) == 0);
	docker_prune_report_free(r);
	free(s);

	s = fixture_read("prune_volumes.v1.41.json", &n);
	r = decode_prune_report(s, n, NULL);
	assert_non_null(r);
	assert_int_equal(strv_len(r->deleted), 1);
	assert_string_equal(r->deleted[0], "berth-fx-prunevol");
	assert_int_equal(r->space_reclaimed, 102400);
	docker_prune_report_free(r);
	free(s);

	s = fixture_read("prune_networks.v1.41.json", &n);
	r = decode_prune_report(s, n, NULL);
	assert_non_null(r);
	assert_string_equal(r->deleted[0], "berth-fx-prunenet");
	assert_int_equal(r->space_reclaimed, 0);
	docker_prune_report_free(r);
	free(s);

	r = decode_prune_report(caches, strlen(caches), NULL);
	assert_non_null(r);
	assert_int_equal(strv_len(r->deleted), 2);
	assert_int_equal(r->space_reclaimed, 1024);
	docker_prune_report_free(r);

	/* Nothing pruned: the engine sends nulls. */
	r = decode_prune_report("{\"ContainersDeleted\":null}", 26, NULL);
	assert_non_null(r);
	assert_non_null(r->deleted);
	assert_int_equal(strv_len(r->deleted), 0);
	docker_prune_report_free(r);
}

static void
test_id(void **state)
{
	char *cause = NULL, *id;

	id = decode_id("{\"Id\":\"abc123\",\"Warnings\":[]}", 29, &cause);
	assert_non_null(id);
	assert_string_equal(id, "abc123");
	assert_null(cause);
	free(id);
	id = decode_id("{\"ID\":\"x\"}", 10, NULL);
	assert_string_equal(id, "x");
	free(id);
	assert_decode_fails(decode_id, "{\"Id\":\"\"}", "no Id");
	assert_decode_fails(decode_id, "{\"Id\":5}", "no Id");
	assert_decode_fails(decode_id, "[\"Id\"]", "expected a JSON object");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_events),
	    cmocka_unit_test(test_events_legacy),
	    cmocka_unit_test(test_event_clear),
	    cmocka_unit_test(test_exec),
	    cmocka_unit_test(test_top),
	    cmocka_unit_test(test_stats_cgroup1),
	    cmocka_unit_test(test_stats_cgroup2),
	    cmocka_unit_test(test_stats_v1_blkio_and_percpu),
	    cmocka_unit_test(test_stats_windows),
	    cmocka_unit_test(test_progress_pull),
	    cmocka_unit_test(test_progress_push),
	    cmocka_unit_test(test_prune),
	    cmocka_unit_test(test_id),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
