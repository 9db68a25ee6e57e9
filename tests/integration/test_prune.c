/*
 * The prune preview against the real engine: objects are planted, the
 * preview is computed by tui/actions/prune.c from the engine's lists, the prune is
 * sent the way the console sends it, and the engine's lists before and
 * after must differ by exactly what the preview showed.
 *
 * The engine is shared with other tests, so every prune here carries
 * label=org.berth.it.prune=<run id>: nothing else can go. An object with
 * the same label key and another value checks that the filter is exact.
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
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "api/buf.h"
#include "api/calls.h"
#include "api/decode.h"
#include "api/docker.h"
#include "api/endpoint.h"
#include "api/http.h"
#include "api/model.h"
#include "api/xalloc.h"
#include "tests/support/it.h"
#include "tui/actions/prune.h"

#define PR_KEY "org.berth.it.prune"

struct pr_fixture {
	struct docker *d;
	char rid[9];
	char *label; /* PR_KEY=<rid> */
	char *other; /* PR_KEY=<rid>-other: must survive */
	char *p; /* name prefix berth-it-pr-<rid>- */
	char *vol_anon; /* the name the engine made up */
	char *img_d1; /* dangling, unused */
	char *img_d2; /* dangling, used by the created <p>fromd2 */
	char *img_t; /* tagged, unused */
};

static struct pr_fixture pr;

static void
pr_cleanup(void)
{
	if (pr.label == NULL)
		return;
	it_run("docker ps -aq --filter label=%s | xargs -r docker rm -f -v "
	       ">/dev/null",
	    pr.label);
	it_run("docker ps -aq --filter label=%s | xargs -r docker rm -f -v "
	       ">/dev/null",
	    pr.other);
	it_run("docker network ls -q --filter label=%s | xargs -r docker "
	       "network rm >/dev/null",
	    pr.label);
	it_run("docker volume ls -q --filter label=%s | xargs -r docker "
	       "volume rm >/dev/null",
	    pr.label);
	it_run("docker images -aq --filter label=%s | sort -u | xargs -r "
	       "docker rmi -f >/dev/null 2>&1; true",
	    pr.label);
}

static int
pr_fail(const char *what)
{
	fprintf(stderr, "pr: set-up failed: %s\n", what);
	pr_cleanup();
	return -1;
}

static int
group_setup(void **state)
{
	const char *p;

	(void)state;
	pr.d = it_connect("pr");
	if (pr.d == NULL)
		return -1;

	it_random_id(pr.rid);
	pr.label = xasprintf(PR_KEY "=%s", pr.rid);
	pr.other = xasprintf(PR_KEY "=%s-other", pr.rid);
	pr.p = xasprintf("berth-it-pr-%s-", pr.rid);
	p = pr.p;

	if (it_run("docker network create --label %s %snet >/dev/null",
		pr.label, p) ||
	    it_run("docker network create --label %s "
		   "%snetused >/dev/null",
		pr.label, p) ||
	    it_run("docker network "
		   "create --label %s %snetstop >/dev/null",
		pr.label, p))
		return pr_fail("networks");
	if (it_run("docker volume create --label %s %svol >/dev/null", pr.label,
		p) ||
	    it_run("docker volume create --label %s "
		   "%svolused >/dev/null",
		pr.label, p) ||
	    it_run("docker volume "
		   "create --label %s %svolstop >/dev/null",
		pr.label, p))
		return pr_fail("volumes");
	/* No name: the engine makes one up, as for anonymous volumes. */
	pr.vol_anon = it_capture("docker volume create --label %s", pr.label);
	if (pr.vol_anon == NULL)
		return pr_fail("anonymous volume");
	if (it_run("docker run -d --name %srun --label %s -v %svolused:/data "
		   "--network %snetused berth-test/app >/dev/null",
		p, pr.label, p, p) ||
	    it_run("docker run --name %sexited --label %s -v "
		   "%svolstop:/data --network %snetstop berth-test/base true "
		   ">/dev/null",
		p, pr.label, p, p) ||
	    it_run("docker create --name "
		   "%screated --label %s berth-test/base >/dev/null",
		p, pr.label) ||
	    it_run("docker run --name %sother --label %s berth-test/base true "
		   ">/dev/null",
		p, pr.other))
		return pr_fail("containers");
	/* Images: commits of the exited container, labelled like the rest. */
	pr.img_d1 = it_capture("docker commit -c 'LABEL %s' -c 'ENV D=1' "
			       "%sexited",
	    pr.label, p);
	pr.img_d2 = it_capture("docker commit -c 'LABEL %s' -c 'ENV D=2' "
			       "%sexited",
	    pr.label, p);
	pr.img_t = it_capture("docker commit -c 'LABEL %s' -c 'ENV D=3' "
			      "%sexited berth-it-pr-%s/img:1",
	    pr.label, p, pr.rid);
	if (!pr.img_d1 || !pr.img_d2 || !pr.img_t)
		return pr_fail("images");
	if (it_run("docker create --name %sfromd2 --label %s %s >/dev/null", p,
		pr.label, pr.img_d2))
		return pr_fail("container of the dangling image");
	return 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	pr_cleanup();
	docker_free(pr.d);
	free(pr.label);
	free(pr.other);
	free(pr.p);
	free(pr.vol_anon);
	free(pr.img_d1);
	free(pr.img_d2);
	free(pr.img_t);
	return 0;
}

static void
pr_get(const char *path, struct docker_result *r)
{
	docker_sync(pr.d, "GET", path, NULL, r);
	if (r->status != DOCKER_OK)
		fail_msg("GET %s: %s", path, r->message ? r->message : "");
}

/* The preview's input, fetched the way the console fetches it. */
static void
pr_input(struct prune_input *in)
{
	struct docker_result r;
	char *cause = NULL, **ids;

	prune_input_init(in, docker_api_version(pr.d), "linux");
	for (size_t s = 0; s < PRUNE_SOURCES; s++) {
		docker_sync_call(pr.d,
		    prune_source_fetch(
			pr.d, prune_sources[s], docker_sync_fill, &r),
		    &r);
		if (r.status != DOCKER_OK)
			fail_msg(
			    "source %zu: %s", s, r.message ? r.message : "");
		if (!prune_input_set(
			in, prune_sources[s], r.body, r.len, &cause))
			fail_msg("source %zu: %s", s, cause);
		docker_result_done(&r);
	}
	ids = prune_input_network_ids(in);
	for (size_t i = 0; ids[i]; i++) {
		docker_sync_call(pr.d,
		    docker_network_inspect(pr.d, ids[i], docker_sync_fill, &r),
		    &r);
		/* Another test's network may go in between. */
		if (r.status == DOCKER_OK &&
		    !prune_input_add_network(in, r.body, r.len, &cause))
			fail_msg("network: %s", cause);
		docker_result_done(&r);
	}
	strv_free(ids);
	assert_true(prune_input_ready(in));
}

static bool
pr_ours(const struct kvlist *labels)
{
	return kvlist_get(labels, PR_KEY) != NULL;
}

static void
pr_push(char ***v, size_t *n, const char *s)
{
	*v = xreallocarray(*v, *n + 2, sizeof **v);
	(*v)[(*n)++] = xstrdup(s);
	(*v)[*n] = NULL;
}

/*
 * What the engine lists of ours (any value of PR_KEY), as "kind:id" for
 * containers and images, "kind:name" for volumes and networks, the way
 * prune reports them. Images are the top-level list, as the console
 * shows them.
 */
static char **
pr_snapshot(void)
{
	struct docker_result r;
	char **v = xcalloc(1, sizeof *v), *cause = NULL;
	size_t n = 0;
	struct docker_container_list *cl;
	struct docker_image_list *il;
	struct docker_volume_list *vl;
	struct docker_network_list *nl;

	pr_get("/containers/json?all=1", &r);
	cl = decode_container_list(r.body, r.len, &cause);
	assert_non_null(cl);
	docker_result_done(&r);
	for (size_t i = 0; i < cl->n; i++)
		if (pr_ours(&cl->v[i].labels)) {
			char *s =
			    xasprintf("%d:%s", KIND_CONTAINER, cl->v[i].id);

			pr_push(&v, &n, s);
			free(s);
		}
	docker_container_list_free(cl);

	pr_get("/images/json", &r);
	il = decode_image_list(r.body, r.len, &cause);
	assert_non_null(il);
	docker_result_done(&r);
	for (size_t i = 0; i < il->n; i++)
		if (pr_ours(&il->v[i].labels)) {
			char *s = xasprintf("%d:%s", KIND_IMAGE, il->v[i].id);

			pr_push(&v, &n, s);
			free(s);
		}
	docker_image_list_free(il);

	pr_get("/volumes", &r);
	vl = decode_volume_list(r.body, r.len, &cause);
	assert_non_null(vl);
	docker_result_done(&r);
	for (size_t i = 0; i < vl->n; i++)
		if (pr_ours(&vl->v[i].labels)) {
			char *s =
			    xasprintf("%d:%s", KIND_VOLUME, vl->v[i].name);

			pr_push(&v, &n, s);
			free(s);
		}
	docker_volume_list_free(vl);

	pr_get("/networks", &r);
	nl = decode_network_list(r.body, r.len, &cause);
	assert_non_null(nl);
	docker_result_done(&r);
	for (size_t i = 0; i < nl->n; i++)
		if (pr_ours(&nl->v[i].labels)) {
			char *s =
			    xasprintf("%d:%s", KIND_NETWORK, nl->v[i].name);

			pr_push(&v, &n, s);
			free(s);
		}
	docker_network_list_free(nl);
	return v;
}

static bool
pr_has(char *const *v, const char *s)
{
	for (size_t i = 0; v && v[i]; i++)
		if (strcmp(v[i], s) == 0)
			return true;
	return false;
}

/* Sorted, space-joined, owned. */
static char *
pr_join_sorted(char **v)
{
	size_t n = strv_len(v);

	for (size_t i = 0; i + 1 < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (strcmp(v[i], v[j]) > 0) {
				char *t = v[i];

				v[i] = v[j];
				v[j] = t;
			}
	return strv_join(v, " ");
}

/* The "kind:id" of what the preview says leaves the lists. */
static char *
pr_preview_gone(const struct prune_preview *pv)
{
	char **v = xcalloc(1, sizeof *v), *s;
	size_t n = 0;

	for (size_t i = 0; i < pv->n; i++) {
		char *e;

		if (!pv->items[i].gone)
			continue;
		e = xasprintf("%d:%s", pv->items[i].kind, pv->items[i].id);
		pr_push(&v, &n, e);
		free(e);
	}
	s = pr_join_sorted(v);
	strv_free(v);
	return s;
}

static char *
pr_diff(char **before, char **after)
{
	char **v = xcalloc(1, sizeof *v), *s;
	size_t n = 0;

	for (size_t i = 0; before[i]; i++)
		if (!pr_has(after, before[i]))
			pr_push(&v, &n, before[i]);
	s = pr_join_sorted(v);
	strv_free(v);
	return s;
}

/*
 * Runs the prune of each kind the preview has something for (with force,
 * of every kind asked that was not left out, so that the engine's reading
 * of the filters is checked even when the preview is empty), in order,
 * with the console's request; checks each report against the preview.
 * The build cache is never pruned here: it has no labels to keep this
 * test to its own objects.
 */
static void
pr_prune(const struct prune_preview *pv, bool all,
    const struct prune_filters *f, bool force)
{
	for (size_t o = 0; o < PRUNE_KINDS; o++) {
		enum kind k = prune_order[o];
		const char *what = kind_get(k)->plural;
		struct docker_result r;
		struct docker_prune_report *rep;
		char *cause = NULL, *filters;
		bool any = false;

		for (size_t i = 0; i < pv->n; i++)
			any = any || pv->items[i].kind == k;
		if (force && (pv->asked & PRUNE_BIT(k)))
			any = true;
		if (!any || (pv->skipped & PRUNE_BIT(k)) ||
		    k == KIND_BUILD_CACHE)
			continue;
		filters = prune_request_filters(k, all, f,
		    docker_api_version(pr.d), (int64_t)time(NULL), &cause);
		assert_non_null(filters);
		docker_sync_call(pr.d,
		    docker_prune(pr.d, kind_get(k)->prune, all, filters,
			docker_sync_fill, &r),
		    &r);
		free(filters);
		if (r.status != DOCKER_OK)
			fail_msg("prune %s: %s", what, r.message);
		rep = decode_prune_report(r.body, r.len, &cause);
		assert_non_null(rep);
		/* Every previewed deletion is in the engine's report. */
		for (size_t i = 0; i < pv->n; i++)
			if (pv->items[i].kind == k &&
			    !pv->items[i].untag_only &&
			    !pr_has(rep->deleted, pv->items[i].id))
				fail_msg("%s: %s previewed, not deleted", what,
				    pv->items[i].name);
		/* And, but for images' untagged parents, nothing more. */
		for (size_t i = 0; k != KIND_IMAGE && rep->deleted[i]; i++) {
			bool found = false;

			for (size_t j = 0; j < pv->n && !found; j++)
				found = pv->items[j].kind == k &&
					strcmp(pv->items[j].id,
					    rep->deleted[i]) == 0;
			if (!found)
				fail_msg("%s: %s deleted, not previewed", what,
				    rep->deleted[i]);
		}
		docker_prune_report_free(rep);
		docker_result_done(&r);
	}
}

/*
 * The whole check: preview, prune, compare the lists. want is the
 * expected preview ("kind:id ..." sorted), or NULL to skip that check.
 */
static void
pr_check(
    unsigned kinds, bool all, const char *filters, const char *want, bool force)
{
	struct prune_input in;
	struct prune_filters f;
	struct prune_preview *pv;
	char **before, **after, *cause = NULL, *gone, *shown;

	prune_filters_init(&f);
	if (!prune_filters_parse(&f, filters, (int64_t)time(NULL), &cause))
		fail_msg("filters: %s", cause);
	pr_input(&in);
	pv = prune_compute(&in, kinds, all, &f, (int64_t)time(NULL));
	shown = pr_preview_gone(pv);
	if (want)
		assert_string_equal(shown, want);
	before = pr_snapshot();
	pr_prune(pv, all, &f, force);
	after = pr_snapshot();
	gone = pr_diff(before, after);
	/* Exactly what the preview showed left the engine's lists. */
	assert_string_equal(gone, shown);
	free(gone);
	free(shown);
	strv_free(before);
	strv_free(after);
	prune_preview_free(pv);
	prune_filters_done(&f);
	prune_input_done(&in);
}

static char *
pr_id(const char *what, const char *name)
{
	char *id =
	    it_capture("docker %s inspect -f '{{.Id}}' %s%s", what, pr.p, name);

	assert_non_null(id);
	return id;
}

/* "kind:x kind:y" from pairs, sorted (owned). */
static char *
pr_want(int n, ...)
{
	va_list ap;
	char **v = xcalloc(1, sizeof *v), *s;
	size_t nv = 0;

	va_start(ap, n);
	for (int i = 0; i < n; i++) {
		int k = va_arg(ap, int);
		const char *id = va_arg(ap, const char *);
		char *e = xasprintf("%d:%s", k, id);

		pr_push(&v, &nv, e);
		free(e);
	}
	va_end(ap);
	s = pr_join_sorted(v);
	strv_free(v);
	return s;
}

static char *
pr_filter_label(void)
{
	return xasprintf("label=%s", pr.label);
}

static void
test_until_keeps_everything(void **state)
{
	char *f = xasprintf("label=%s until=1h", pr.label);

	(void)state;
	/*
	 * Everything here is minutes old: with until=1h the preview is empty
	 * (volumes, which the engine cannot filter by age, left out), and so
	 * is what the engine deletes.
	 */
	pr_check(PRUNE_EVERYTHING, false, f, "", true);
	pr_check(PRUNE_EVERYTHING, true, f, "", true);
	free(f);
}

static void
test_volumes(void **state)
{
	char *f = pr_filter_label(), *want, *named;

	(void)state;
	named = xasprintf("%svol", pr.p);
	/*
	 * API 1.41 removes every unused volume, named ones too; from 1.42
	 * only anonymous ones (the engine's label marks those, and a volume
	 * made by "volume create" has none).
	 */
	if (docker_version_cmp(docker_api_version(pr.d), "1.42") < 0)
		want = pr_want(2, KIND_VOLUME, named, KIND_VOLUME, pr.vol_anon);
	else
		want = xstrdup("");
	pr_check(PRUNE_BIT(KIND_VOLUME), false, f, want, false);
	free(want);
	free(named);
	free(f);
}

static void
test_networks(void **state)
{
	char *f = pr_filter_label(), *want, *a, *b;

	(void)state;
	a = xasprintf("%snet", pr.p);
	b = xasprintf("%snetstop", pr.p);
	/* A stopped container holds no endpoint: its network goes. */
	want = pr_want(2, KIND_NETWORK, a, KIND_NETWORK, b);
	pr_check(PRUNE_BIT(KIND_NETWORK), false, f, want, false);
	free(want);
	free(a);
	free(b);
	free(f);
}

static void
test_images_dangling(void **state)
{
	char *f = pr_filter_label(), *want;

	(void)state;
	/* d2 is used by a (created) container: it stays. */
	want = pr_want(1, KIND_IMAGE, pr.img_d1);
	pr_check(PRUNE_BIT(KIND_IMAGE), false, f, want, false);
	free(want);
	free(f);
}

static void
test_everything(void **state)
{
	char *f = pr_filter_label(), *want, *exited, *created, *fromd2, *vol;

	(void)state;
	exited = pr_id("container", "exited");
	created = pr_id("container", "created");
	fromd2 = pr_id("container", "fromd2");
	vol = xasprintf("%svolstop", pr.p);
	/*
	 * The containers go first, so the volume and the image that only
	 * they used go too; the running one and its volume stay, and so
	 * does the exited container with the other label value.
	 */
	if (docker_version_cmp(docker_api_version(pr.d), "1.42") < 0)
		want = pr_want(5, KIND_CONTAINER, exited, KIND_CONTAINER,
		    created, KIND_CONTAINER, fromd2, KIND_VOLUME, vol,
		    KIND_IMAGE, pr.img_d2);
	else
		want = pr_want(4, KIND_CONTAINER, exited, KIND_CONTAINER,
		    created, KIND_CONTAINER, fromd2, KIND_IMAGE, pr.img_d2);
	pr_check(PRUNE_EVERYTHING, false, f, want, false);
	free(want);
	free(exited);
	free(created);
	free(fromd2);
	free(vol);
	free(f);
	/* The one with the other label value was not touched. */
	assert_int_equal(it_run("docker inspect %sother >/dev/null", pr.p), 0);
	assert_int_equal(it_run("docker inspect %srun >/dev/null", pr.p), 0);
}

static void
test_images_all(void **state)
{
	char *f = pr_filter_label(), *want;

	(void)state;
	/* Tagged and unused: "all" takes it. */
	want = pr_want(1, KIND_IMAGE, pr.img_t);
	pr_check(PRUNE_BIT(KIND_IMAGE), true, f, want, false);
	free(want);
	free(f);
	assert_int_not_equal(it_run("docker image inspect berth-it-pr-%s/img:1 "
				    ">/dev/null 2>&1",
				 pr.rid),
	    0);
	/* The test images are untouched. */
	assert_int_equal(it_run("docker image inspect berth-test/base:latest "
				">/dev/null"),
	    0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_until_keeps_everything),
	    cmocka_unit_test(test_volumes),
	    cmocka_unit_test(test_networks),
	    cmocka_unit_test(test_images_dangling),
	    cmocka_unit_test(test_everything),
	    cmocka_unit_test(test_images_all),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
