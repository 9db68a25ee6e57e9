/*
 * The doctor's swarm findings on a real single-node swarm (the engine of
 * tests/engine/swarm-start, never the shared test engine): a service
 * whose task exits with 3 is found below its replicas and failing, with
 * the task's error; a drained node is found drained; a healthy service
 * gives nothing. And a support bundle of a swarm engine whose service
 * uses a secret and a config holds neither's data, in any file, nor the
 * join tokens, but has the swarm findings in doctor.txt and the nodes.
 * Everything made carries org.berth.it=RID.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <dirent.h>
#include <sys/stat.h>

#include "api/docker.h"
#include "api/xalloc.h"
#include "tests/support/it.h"
#include "tui/actions/bundle.h"
#include "tui/core/doctor.h"

/* The test image by its id: a name sends each task to a registry first. */
#define SWARM_IMAGE "$(docker image inspect -f '{{.Id}}' berth-test/base)"
/* This engine's node (node update takes no "self"). */
#define SELF "$(docker info -f '{{.Swarm.NodeID}}')"

static struct {
	char rid[9];
	char *label, *bad, *good;
	struct docker *d;
} it;

static int
group_setup(void **state)
{
	char *host = it_capture("tests/engine/swarm-start 2>/dev/null");

	(void)state;
	if (host == NULL) {
		fprintf(stderr, "swarm: tests/engine/swarm-start failed\n");
		return -1;
	}
	setenv("DOCKER_HOST", host, 1);
	free(host);
	it_random_id(it.rid);
	it.label = xasprintf("org.berth.it=%s", it.rid);
	it.bad = xasprintf("itbad%s", it.rid);
	it.good = xasprintf("itgood%s", it.rid);
	if (it_run("docker service create -d -q --no-resolve-image --label %s "
		   "--name %s --restart-delay 1s " SWARM_IMAGE
		   " sh -c 'echo broken >&2; exit 3' >/dev/null 2>&1",
		it.label, it.bad) != 0 ||
	    it_run("docker service create -d -q --no-resolve-image --label %s "
		   "--name %s " SWARM_IMAGE " sleep 3600 >/dev/null 2>&1",
		it.label, it.good) != 0)
		return -1;
	it.d = it_connect("swarm");
	return it.d ? 0 : -1;
}

static int
group_teardown(void **state)
{
	(void)state;
	if (it.label) {
		it_run("docker node update --availability active " SELF " "
		       ">/dev/null 2>&1");
		it_run("docker service ls -q --filter label=%s | xargs -r "
		       "docker service rm >/dev/null 2>&1",
		    it.label);
		sleep(1);
		it_run("docker secret ls -q --filter label=%s | xargs -r "
		       "docker secret rm >/dev/null 2>&1",
		    it.label);
		it_run("docker config ls -q --filter label=%s | xargs -r "
		       "docker config rm >/dev/null 2>&1",
		    it.label);
	}
	docker_free(it.d);
	free(it.label);
	free(it.bad);
	free(it.good);
	return 0;
}

struct found {
	struct doctor_finding *f;
	size_t n;
};

static void
collect(struct found *r)
{
	char *cause = NULL;

	doctor_findings_free(r->f, r->n);
	r->f = NULL;
	r->n = 0;
	if (!doctor_collect(it.d, NULL, NULL, 0, &r->f, &r->n, &cause))
		fail_msg("doctor: %s", cause);
}

static const struct doctor_finding *
find(const struct found *r, enum doctor_rule rule, const char *objects)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->f[i].rule == rule &&
		    strcmp(r->f[i].objects, objects) == 0)
			return &r->f[i];
	return NULL;
}

static void
test_failing_service(void **state)
{
	struct found r = {NULL, 0};
	const struct doctor_finding *f = NULL;
	double deadline = it_now() + 60;

	(void)state;
	/*
	 * Until two tasks have failed (one is rescheduled after the first),
	 * at a moment when no replacement is running (each runs an instant).
	 */
	while (it_now() < deadline) {
		collect(&r);
		f = find(&r, DOCTOR_SWARM_TASKS_FAILING, it.bad);
		if (f && strstr(f->title, ": 1 failed") == NULL &&
		    find(&r, DOCTOR_SWARM_REPLICAS, it.bad))
			break;
		usleep(300 * 1000);
	}
	assert_non_null(f);
	assert_string_equal(f->hint, "Enter service, i inspect");
	assert_int_equal(f->kind, KIND_SERVICE);
	assert_non_null(strstr(f->title, "tasks failing and rescheduled: "));
	assert_non_null(f->detail);
	assert_non_null(strstr(f->detail, "failed: task: non-zero exit (3)"));
	assert_non_null(strstr(f->detail, "exit code 3"));
	assert_non_null(strstr(f->detail, it.bad));

	f = find(&r, DOCTOR_SWARM_REPLICAS, it.bad);
	assert_non_null(f);
	assert_int_equal(f->severity, DOCTOR_CRIT);
	assert_string_equal(
	    f->title, "service below its replicas: 0 of 1 running");

	/* The healthy one says nothing. */
	assert_null(find(&r, DOCTOR_SWARM_REPLICAS, it.good));
	assert_null(find(&r, DOCTOR_SWARM_TASKS_FAILING, it.good));
	doctor_findings_free(r.f, r.n);
}

static void
test_drained_node(void **state)
{
	struct found r = {NULL, 0};
	char *host = it_capture("docker node inspect self --format "
				"'{{.Description.Hostname}}'");
	const struct doctor_finding *f;

	(void)state;
	assert_non_null(host);
	host[strcspn(host, "\n")] = '\0';
	collect(&r);
	assert_null(find(&r, DOCTOR_SWARM_NODE_DRAINED, host));
	assert_int_equal(it_run("docker node update --availability drain " SELF
				" >/dev/null"),
	    0);
	/*
	 * Every gathering has it, whichever of the swarm's four answers
	 * comes in last (the last one used to be dropped).
	 */
	for (int i = 0; i < 8; i++) {
		collect(&r);
		assert_non_null(find(&r, DOCTOR_SWARM_NODE_DRAINED, host));
	}
	f = find(&r, DOCTOR_SWARM_NODE_DRAINED, host);
	assert_non_null(f);
	assert_int_equal(f->severity, DOCTOR_INFO);
	assert_string_equal(f->title, "manager node drained");
	assert_int_equal(f->kind, KIND_NODE);
	/* One manager, reachable: no quorum finding; no node down. */
	for (size_t i = 0; i < r.n; i++) {
		assert_int_not_equal(r.f[i].rule, DOCTOR_SWARM_QUORUM);
		assert_int_not_equal(r.f[i].rule, DOCTOR_SWARM_NODE_DOWN);
	}
	assert_int_equal(it_run("docker node update --availability active " SELF
				" >/dev/null"),
	    0);
	doctor_findings_free(r.f, r.n);
	free(host);
}

/* How many files under dir (recursively) contain needle. */
static int
grep_tree(const char *dir, const char *needle, int *files)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int hits = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		char *path;
		struct stat st;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		path = xasprintf("%s/%s", dir, e->d_name);
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
			hits += grep_tree(path, needle, files);
		else if (stat(path, &st) == 0) {
			FILE *f = fopen(path, "r");
			char *text = xcalloc(1, (size_t)st.st_size + 1);

			assert_non_null(f);
			assert_int_equal(
			    fread(text, 1, (size_t)st.st_size, f), st.st_size);
			fclose(f);
			(*files)++;
			if (strstr(text, needle))
				hits++;
			free(text);
		}
		free(path);
	}
	closedir(d);
	return hits;
}

static void
test_bundle_without_secret_data(void **state)
{
	char tmpl[] = "/tmp/berth-it-swbundle-XXXXXX";
	char *sdata = xasprintf("SECRET-DATA-%s", it.rid);
	char *cdata = xasprintf("CONFIG-DATA-%s", it.rid);
	char *c64, *cause = NULL, *dir;
	struct bundle_opts o = {0};
	int files = 0;
	double deadline = it_now() + 60;

	(void)state;
	assert_non_null(mkdtemp(tmpl));
	assert_int_equal(it_run("printf %%s %s | docker secret create -l %s "
				"itsec%s - >/dev/null",
			     sdata, it.label, it.rid),
	    0);
	assert_int_equal(it_run("printf %%s %s | docker config create -l %s "
				"itconf%s - >/dev/null",
			     cdata, it.label, it.rid),
	    0);
	c64 = it_capture("printf %%s %s | base64", cdata);
	assert_non_null(c64);
	c64[strcspn(c64, "\n")] = '\0';
	assert_int_equal(
	    it_run("docker service create -d -q --no-resolve-image --label %s "
		   "--name itsecsvc%s --secret itsec%s --config "
		   "itconf%s " SWARM_IMAGE " sleep 3600 >/dev/null 2>&1",
		it.label, it.rid, it.rid, it.rid),
	    0);
	/* Its container is up, the secret and config mounted in it. */
	while (it_now() < deadline &&
	       it_run("docker ps -q --filter label=com.docker.swarm.service."
		      "name=itsecsvc%s | grep -q .",
		   it.rid) != 0)
		usleep(300 * 1000);
	assert_int_equal(
	    it_run("docker exec $(docker ps -q --filter label=com.docker."
		   "swarm.service.name=itsecsvc%s) cat /run/secrets/itsec%s "
		   "| grep -q %s",
		it.rid, it.rid, sdata),
	    0);

	dir = xasprintf("%s/b", tmpl);
	if (!bundle_write(it.d, dir, &o, &cause))
		fail_msg("bundle: %s", cause);
	/* The task's container is in it (by name), its secret is not. */
	assert_int_equal(grep_tree(dir, "itsecsvc", &files) > 0, 1);
	assert_true(files > 5);
	assert_int_equal(grep_tree(dir, sdata, &files), 0);
	assert_int_equal(grep_tree(dir, cdata, &files), 0);
	assert_int_equal(grep_tree(dir, c64, &files), 0);
	/* Unmasked too: masking is for environments, not what hides these. */
	free(dir);
	dir = xasprintf("%s/u", tmpl);
	o.unmasked = true;
	if (!bundle_write(it.d, dir, &o, &cause))
		fail_msg("bundle: %s", cause);
	assert_int_equal(grep_tree(dir, sdata, &files), 0);
	assert_int_equal(grep_tree(dir, cdata, &files), 0);
	assert_int_equal(grep_tree(dir, c64, &files), 0);

	it_run("docker service rm itsecsvc%s >/dev/null 2>&1", it.rid);
	it_run("rm -rf '%s'", tmpl);
	free(dir);
	free(c64);
	free(sdata);
	free(cdata);
}

/* The whole file at path (owned), or NULL. */
static char *
slurp(const char *path)
{
	return it_capture("cat '%s'", path);
}

static void
test_bundle_has_swarm_findings(void **state)
{
	char tmpl[] = "/tmp/berth-it-swdoc-XXXXXX";
	char *dir = NULL, *doctor = NULL, *nodes = NULL, *path, *cause = NULL;
	char *host = it_capture("docker node inspect self --format "
				"'{{.Description.Hostname}}'");
	char *worker = it_capture("docker swarm join-token -q worker");
	char *manager = it_capture("docker swarm join-token -q manager");
	struct bundle_opts o = {0};
	int files = 0;

	(void)state;
	assert_non_null(host);
	assert_non_null(worker);
	assert_non_null(manager);
	assert_non_null(mkdtemp(tmpl));
	/* The failing service's tasks fail again and again (see above). */
	for (int i = 0; i < 10; i++) {
		free(dir);
		free(doctor);
		dir = xasprintf("%s/b%d", tmpl, i);
		if (!bundle_write(it.d, dir, &o, &cause))
			fail_msg("bundle: %s", cause);
		path = xasprintf("%s/doctor.txt", dir);
		doctor = slurp(path);
		free(path);
		if (doctor && strstr(doctor, "tasks failing and rescheduled"))
			break;
		sleep(1);
	}
	assert_non_null(doctor);
	assert_non_null(strstr(doctor, "tasks failing and rescheduled"));
	assert_non_null(strstr(doctor, it.bad));
	assert_null(strstr(doctor, it.good));
	path = xasprintf("%s/nodes.json", dir);
	nodes = slurp(path);
	free(path);
	assert_non_null(nodes);
	assert_non_null(strstr(nodes, host));
	/* The join tokens are the swarm's keys: never in a bundle. */
	assert_int_equal(grep_tree(dir, worker, &files), 0);
	assert_int_equal(grep_tree(dir, manager, &files), 0);
	it_run("rm -rf '%s'", tmpl);
	free(dir);
	free(doctor);
	free(nodes);
	free(host);
	free(worker);
	free(manager);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_failing_service),
	    cmocka_unit_test(test_drained_node),
	    cmocka_unit_test(test_bundle_without_secret_data),
	    cmocka_unit_test(test_bundle_has_swarm_findings),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
