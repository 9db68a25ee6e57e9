/*
 * The prune preview on made-up engine lists: the engine's rules for each
 * kind, the order of "everything", the API-version differences for
 * volumes, filters, and the requests sent.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "api/xalloc.h"
#include "tui/actions/prune_rules.h"

static const char containers_json[] =
    "["
    "{\"Id\":\"c1\",\"Names\":[\"/run1\"],\"Image\":\"app:1\","
    "\"ImageID\":\"sha256:a\",\"State\":\"running\",\"Status\":\"Up\","
    "\"Created\":100,\"Labels\":{\"team\":\"a\"},"
    "\"Mounts\":[{\"Type\":\"volume\",\"Name\":\"vused\","
    "\"Destination\":\"/d\"}],\"NetworkSettings\":{\"Networks\":"
    "{\"netused\":{\"NetworkID\":\"n2\"}}}},"
    "{\"Id\":\"c2\",\"Names\":[\"/old\"],\"Image\":\"sha256:d2\","
    "\"ImageID\":\"sha256:d2\",\"State\":\"exited\",\"Status\":"
    "\"Exited (0) 2 days ago\",\"Created\":100,\"Labels\":{\"team\":\"a\"},"
    "\"Mounts\":[{\"Type\":\"volume\",\"Name\":\"vstopped\","
    "\"Destination\":\"/d\"}],\"NetworkSettings\":{\"Networks\":"
    "{\"stopnet\":{\"NetworkID\":\"n3\"}}}},"
    "{\"Id\":\"c3\",\"Names\":[\"/new\"],\"ImageID\":\"sha256:a\","
    "\"State\":\"created\",\"Created\":5000,\"Labels\":{\"team\":\"b\"}},"
    "{\"Id\":\"c4\",\"Names\":[\"/paused\"],\"ImageID\":\"sha256:a\","
    "\"State\":\"paused\",\"Created\":100},"
    "{\"Id\":\"c5\",\"Names\":[\"/dead\"],\"ImageID\":\"sha256:a\","
    "\"State\":\"dead\",\"Created\":100}"
    "]";

/*
 * base <- mid <- app (in use), base <- d1 (dangling), d2 (dangling, used by
 * the exited c2), tool (tagged, unused), lab (dangling, labelled, newer).
 */
static const char images_json[] =
    "["
    "{\"Id\":\"sha256:b\",\"ParentId\":\"\",\"RepoTags\":[\"base:1\","
    "\"base:latest\"],\"Created\":100,\"Size\":10},"
    "{\"Id\":\"sha256:m\",\"ParentId\":\"sha256:b\",\"RepoTags\":null,"
    "\"Created\":100,\"Size\":10},"
    "{\"Id\":\"sha256:a\",\"ParentId\":\"sha256:m\",\"RepoTags\":"
    "[\"app:1\"],\"Created\":100,\"Size\":10},"
    "{\"Id\":\"sha256:d1\",\"ParentId\":\"sha256:b\",\"RepoTags\":"
    "[\"<none>:<none>\"],\"Created\":100,\"Size\":1000},"
    "{\"Id\":\"sha256:d2\",\"ParentId\":\"\",\"RepoTags\":[],"
    "\"Created\":100,\"Size\":10},"
    "{\"Id\":\"sha256:t\",\"ParentId\":\"\",\"RepoTags\":[\"tool:1\"],"
    "\"Created\":100,\"Size\":10},"
    "{\"Id\":\"sha256:l\",\"ParentId\":\"\",\"RepoTags\":[],"
    "\"Created\":5000,\"Size\":10,\"Labels\":{\"team\":\"x\"}}"
    "]";

static const char volumes_json[] =
    "{\"Volumes\":["
    "{\"Name\":\"vused\",\"Driver\":\"local\",\"Scope\":\"local\"},"
    "{\"Name\":\"vstopped\",\"Driver\":\"local\",\"Scope\":\"local\"},"
    "{\"Name\":\"vnamed\",\"Driver\":\"local\",\"Scope\":\"local\","
    "\"Labels\":{\"team\":\"a\"}},"
    "{\"Name\":\"vanon\",\"Driver\":\"local\",\"Scope\":\"local\","
    "\"Labels\":{\"com.docker.volume.anonymous\":\"\"}},"
    "{\"Name\":\"vplugin\",\"Driver\":\"nfs\",\"Scope\":\"global\"}"
    "],\"Warnings\":null}";

static const char networks_json[] =
    "["
    "{\"Name\":\"bridge\",\"Id\":\"n0\",\"Scope\":\"local\","
    "\"Driver\":\"bridge\"},"
    "{\"Name\":\"host\",\"Id\":\"nh\",\"Scope\":\"local\","
    "\"Driver\":\"host\"},"
    "{\"Name\":\"none\",\"Id\":\"nn\",\"Scope\":\"local\","
    "\"Driver\":\"null\"},"
    "{\"Name\":\"free\",\"Id\":\"n1\",\"Scope\":\"local\","
    "\"Driver\":\"bridge\",\"Created\":\"2020-01-01T00:00:00.5+01:00\","
    "\"Labels\":{\"team\":\"a\"}},"
    "{\"Name\":\"netused\",\"Id\":\"n2\",\"Scope\":\"local\","
    "\"Driver\":\"bridge\"},"
    "{\"Name\":\"stopnet\",\"Id\":\"n3\",\"Scope\":\"local\","
    "\"Driver\":\"bridge\"},"
    "{\"Name\":\"busy\",\"Id\":\"n4\",\"Scope\":\"local\","
    "\"Driver\":\"bridge\"},"
    "{\"Name\":\"overlay1\",\"Id\":\"n5\",\"Scope\":\"swarm\","
    "\"Driver\":\"overlay\"}"
    "]";

/* Inspect of n4: an endpoint no container in the list accounts for. */
static const char busy_json[] =
    "{\"Name\":\"busy\",\"Id\":\"n4\","
    "\"Scope\":\"local\",\"Driver\":\"bridge\",\"Containers\":"
    "{\"ep-123\":{\"Name\":\"lb\"}}}";
static const char free_json[] =
    "{\"Name\":\"free\",\"Id\":\"n1\","
    "\"Scope\":\"local\",\"Driver\":\"bridge\",\"Containers\":{}}";

static const char df_json[] =
    "{\"LayersSize\":1,"
    "\"Images\":[{\"Id\":\"sha256:d1\",\"Size\":1000,\"SharedSize\":200,"
    "\"Containers\":0}],"
    "\"Containers\":[{\"Id\":\"c2\",\"SizeRw\":100}],"
    "\"Volumes\":[{\"Name\":\"vnamed\",\"UsageData\":{\"Size\":50,"
    "\"RefCount\":0}}],"
    "\"BuildCache\":["
    "{\"ID\":\"r1\",\"Type\":\"regular\",\"InUse\":false,\"Shared\":false,"
    "\"Size\":10,\"LastUsedAt\":\"2020-01-01T00:00:00Z\"},"
    "{\"ID\":\"r2\",\"Type\":\"regular\",\"InUse\":true,\"Shared\":false,"
    "\"Size\":20},"
    "{\"ID\":\"r3\",\"Type\":\"internal\",\"InUse\":false,\"Shared\":false,"
    "\"Size\":5},"
    "{\"ID\":\"r4\",\"Type\":\"regular\",\"InUse\":false,\"Shared\":true,"
    "\"Size\":7}]}";

static void
load(struct prune_input *in, const char *api, bool details)
{
	char *cause = NULL;
	char **ids;

	prune_input_init(in, api, "linux");
	assert_true(prune_input_set(in, STORE_CONTAINERS, containers_json,
	    strlen(containers_json), &cause));
	assert_true(prune_input_set(
	    in, STORE_IMAGES, images_json, strlen(images_json), &cause));
	assert_true(prune_input_set(
	    in, STORE_VOLUMES, volumes_json, strlen(volumes_json), &cause));
	assert_true(prune_input_set(
	    in, STORE_NETWORKS, networks_json, strlen(networks_json), &cause));
	assert_true(
	    prune_input_set(in, STORE_DF, df_json, strlen(df_json), &cause));
	assert_true(prune_input_ready(in));
	/* Custom local networks get inspected; predefined and swarm do not. */
	ids = prune_input_network_ids(in);
	assert_int_equal(strv_len(ids), 4);
	assert_string_equal(ids[0], "n1");
	assert_string_equal(ids[3], "n4");
	strv_free(ids);
	if (details) {
		assert_true(prune_input_add_network(
		    in, busy_json, strlen(busy_json), &cause));
		assert_true(prune_input_add_network(
		    in, free_json, strlen(free_json), &cause));
	}
}

/*
 * The ids of kind k in the preview, sorted and joined with spaces;
 * untagged-only images get a trailing "~".
 */
static char *
ids(const struct prune_preview *pv, enum kind k)
{
	char **v = xcalloc(pv->n + 1, sizeof *v), *s;
	size_t n = 0;

	for (size_t i = 0; i < pv->n; i++)
		if (pv->items[i].kind == k)
			v[n++] = xasprintf("%s%s", pv->items[i].id,
			    pv->items[i].untag_only ? "~" : "");
	for (size_t i = 0; i + 1 < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (strcmp(v[i], v[j]) > 0) {
				char *t = v[i];

				v[i] = v[j];
				v[j] = t;
			}
	s = strv_join(v, " ");
	strv_free(v);
	return s;
}

static void
assert_ids(const struct prune_preview *pv, enum kind k, const char *want)
{
	char *got = ids(pv, k);

	assert_string_equal(got, want);
	free(got);
}

static bool
has_note(const struct prune_preview *pv, const char *part)
{
	for (size_t i = 0; pv->notes && pv->notes[i]; i++)
		if (strstr(pv->notes[i], part))
			return true;
	return false;
}

static void
test_kinds_for(void **state)
{
	(void)state;
	assert_int_equal(prune_kinds_for(NULL), PRUNE_EVERYTHING);
	assert_int_equal(prune_kinds_for("host"), PRUNE_EVERYTHING);
	assert_int_equal(
	    prune_kinds_for("containers"), PRUNE_BIT(KIND_CONTAINER));
	assert_int_equal(prune_kinds_for("volumes"), PRUNE_BIT(KIND_VOLUME));
	assert_int_equal(
	    prune_kinds_for("builder"), PRUNE_BIT(KIND_BUILD_CACHE));
	assert_int_equal(prune_kinds_for("events"), 0);
	assert_int_equal(prune_kinds_for("layers"), 0);
	assert_int_equal(prune_kinds_for("nonsense"), 0);
	/* Short words, and the registry's names (not its unprunable kinds). */
	assert_int_equal(prune_kinds_for("c"), PRUNE_BIT(KIND_CONTAINER));
	assert_int_equal(prune_kinds_for("cache"), PRUNE_BIT(KIND_BUILD_CACHE));
	assert_int_equal(
	    prune_kinds_for("build cache"), PRUNE_BIT(KIND_BUILD_CACHE));
	assert_int_equal(prune_kinds_for("image"), PRUNE_BIT(KIND_IMAGE));
	assert_int_equal(prune_kinds_for("sessions"), 0);
	/* Everything goes in the engine's order: containers first. */
	assert_int_equal(prune_order[0], KIND_CONTAINER);
	assert_int_equal(prune_order[PRUNE_KINDS - 1], KIND_BUILD_CACHE);
}

static void
test_filters(void **state)
{
	struct prune_filters f;
	struct kvlist l = {NULL, 0};
	struct kv kv[2] = {{(char *)(uintptr_t) "a", (char *)(uintptr_t) "1"},
	    {(char *)(uintptr_t) "b", (char *)(uintptr_t) ""}};
	char *cause = NULL, *t;

	(void)state;
	prune_filters_init(&f);
	assert_true(prune_filters_empty(&f));
	assert_true(prune_filters_parse(
	    &f, "until=24h label=a=1 label!=c", 100000, &cause));
	assert_int_equal(f.until, 100000 - 86400);
	t = prune_filters_text(&f);
	assert_string_equal(t, "until=24h label=a=1 label!=c");
	free(t);
	assert_true(prune_filters_parse(&f, "until=1h30m", 100000, &cause));
	assert_int_equal(f.until, 100000 - 5400);
	assert_null(f.labels);
	assert_true(prune_filters_parse(&f, "until=2d", 1000000, &cause));
	assert_int_equal(f.until, 1000000 - 172800);
	assert_true(prune_filters_parse(&f, "until=1700000000", 0, &cause));
	assert_int_equal(f.until, 1700000000);
	assert_true(prune_filters_parse(&f, "until=2024-01-31", 0, &cause));
	assert_int_equal(f.until, 1706659200);
	assert_true(prune_filters_parse(
	    &f, "until=2024-01-31T10:00:00+02:00", 0, &cause));
	assert_int_equal(f.until, 1706659200 + 8 * 3600);
	assert_true(prune_filters_parse(&f, "", 0, &cause));
	assert_true(prune_filters_empty(&f));

	/* A bad term leaves the filters as they were. */
	assert_true(prune_filters_parse(&f, "label=keep", 0, &cause));
	assert_false(prune_filters_parse(&f, "label=x until=soon", 0, &cause));
	assert_non_null(strstr(cause, "until=soon"));
	free(cause);
	assert_false(prune_filters_parse(&f, "dangling=true", 0, &cause));
	free(cause);
	assert_false(prune_filters_parse(&f, "until=1h until=2h", 0, &cause));
	free(cause);
	assert_false(prune_filters_parse(&f, "label=", 0, &cause));
	free(cause);
	assert_string_equal(f.labels[0], "keep");
	assert_null(f.labels[1]);

	/* The engine's matching: all label= must hold; label!= all at once. */
	l.v = kv;
	l.n = 2;
	assert_true(prune_filters_parse(&f, "label=a label=b", 0, &cause));
	assert_true(prune_filters_match_labels(&f, &l));
	assert_true(prune_filters_parse(&f, "label=a=1 label=c", 0, &cause));
	assert_false(prune_filters_match_labels(&f, &l));
	assert_true(prune_filters_parse(&f, "label=a=2", 0, &cause));
	assert_false(prune_filters_match_labels(&f, &l));
	assert_true(prune_filters_parse(&f, "label!=a", 0, &cause));
	assert_false(prune_filters_match_labels(&f, &l));
	assert_true(prune_filters_parse(&f, "label!=a=2", 0, &cause));
	assert_true(prune_filters_match_labels(&f, &l));
	assert_true(prune_filters_parse(&f, "label!=a label!=zz", 0, &cause));
	assert_true(prune_filters_match_labels(&f, &l));
	assert_true(prune_filters_parse(&f, "label!=a label!=b=", 0, &cause));
	assert_false(prune_filters_match_labels(&f, &l));
	prune_filters_done(&f);
}

static void
test_containers(void **state)
{
	struct prune_input in;
	struct prune_preview *pv;
	struct prune_filters f;
	char *cause = NULL;

	(void)state;
	load(&in, "1.41", true);
	prune_filters_init(&f);
	pv = prune_compute(&in, PRUNE_BIT(KIND_CONTAINER), false, &f, 9000);
	/* Not running: exited, created, dead; paused counts as running. */
	assert_ids(pv, KIND_CONTAINER, "c2 c3 c5");
	assert_int_equal(pv->count[KIND_CONTAINER], 3);
	assert_int_equal(pv->bytes[KIND_CONTAINER], 100);
	prune_preview_free(pv);

	assert_true(prune_filters_parse(&f, "label=team=a", 0, &cause));
	pv = prune_compute(&in, PRUNE_BIT(KIND_CONTAINER), false, &f, 9000);
	assert_ids(pv, KIND_CONTAINER, "c2");
	prune_preview_free(pv);

	assert_true(prune_filters_parse(&f, "label!=team", 0, &cause));
	pv = prune_compute(&in, PRUNE_BIT(KIND_CONTAINER), false, &f, 9000);
	assert_ids(pv, KIND_CONTAINER, "c5");
	prune_preview_free(pv);

	/* until: only what was created by then. */
	assert_true(prune_filters_parse(&f, "until=1000", 0, &cause));
	pv = prune_compute(&in, PRUNE_BIT(KIND_CONTAINER), false, &f, 9000);
	assert_ids(pv, KIND_CONTAINER, "c2 c5");
	prune_preview_free(pv);
	prune_filters_done(&f);
	prune_input_done(&in);
}

static void
test_images(void **state)
{
	struct prune_input in;
	struct prune_preview *pv;
	struct prune_filters f;
	char *cause = NULL;

	(void)state;
	load(&in, "1.41", true);
	prune_filters_init(&f);
	/* Dangling: heads without tags that nothing uses. */
	pv = prune_compute(&in, PRUNE_BIT(KIND_IMAGE), false, &f, 9000);
	assert_ids(pv, KIND_IMAGE, "sha256:d1 sha256:l");
	assert_int_equal(pv->bytes[KIND_IMAGE], 800);
	prune_preview_free(pv);

	/*
	 * All: tool goes too; base loses its tags but stays as the parent of
	 * app, which a container uses (and so does mid, which is not shown).
	 */
	pv = prune_compute(&in, PRUNE_BIT(KIND_IMAGE), true, &f, 9000);
	assert_ids(pv, KIND_IMAGE, "sha256:b~ sha256:d1 sha256:l sha256:t");
	assert_int_equal(pv->count[KIND_IMAGE], 3);
	for (size_t i = 0; i < pv->n; i++)
		if (pv->items[i].untag_only)
			assert_true(pv->items[i].gone);
	prune_preview_free(pv);

	assert_true(prune_filters_parse(&f, "label=team=x", 0, &cause));
	pv = prune_compute(&in, PRUNE_BIT(KIND_IMAGE), false, &f, 9000);
	assert_ids(pv, KIND_IMAGE, "sha256:l");
	prune_preview_free(pv);
	assert_true(prune_filters_parse(&f, "until=1000", 0, &cause));
	pv = prune_compute(&in, PRUNE_BIT(KIND_IMAGE), false, &f, 9000);
	assert_ids(pv, KIND_IMAGE, "sha256:d1");
	prune_preview_free(pv);
	prune_filters_done(&f);
	prune_input_done(&in);
}

static void
test_images_all_cascade(void **state)
{
	/* Nothing in use: in "all" mode the whole chain goes, base included. */
	static const char ctr[] = "[]";
	struct prune_input in;
	struct prune_preview *pv;
	char *cause = NULL;

	(void)state;
	load(&in, "1.41", true);
	assert_true(
	    prune_input_set(&in, STORE_CONTAINERS, ctr, strlen(ctr), &cause));
	pv = prune_compute(&in, PRUNE_BIT(KIND_IMAGE), true, NULL, 9000);
	assert_ids(pv, KIND_IMAGE,
	    "sha256:a sha256:b sha256:d1 sha256:d2 "
	    "sha256:l sha256:t");
	prune_preview_free(pv);
	prune_input_done(&in);
}

static void
test_volumes(void **state)
{
	struct prune_input in;
	struct prune_preview *pv;
	struct prune_filters f;
	char *cause = NULL;

	(void)state;
	/* API 1.41: every unused local volume, named or not. */
	load(&in, "1.41", true);
	prune_filters_init(&f);
	pv = prune_compute(&in, PRUNE_BIT(KIND_VOLUME), false, &f, 9000);
	assert_ids(pv, KIND_VOLUME, "vanon vnamed");
	assert_int_equal(pv->bytes[KIND_VOLUME], 50);
	assert_true(has_note(pv, "named ones too"));
	prune_preview_free(pv);
	pv = prune_compute(&in, PRUNE_BIT(KIND_VOLUME), true, &f, 9000);
	assert_ids(pv, KIND_VOLUME, "vanon vnamed");
	prune_preview_free(pv);
	assert_true(prune_filters_parse(&f, "label=team", 0, &cause));
	pv = prune_compute(&in, PRUNE_BIT(KIND_VOLUME), false, &f, 9000);
	assert_ids(pv, KIND_VOLUME, "vnamed");
	prune_preview_free(pv);
	/* The engine cannot filter volumes by age: none are previewed. */
	assert_true(prune_filters_parse(&f, "until=1h", 9000, &cause));
	pv = prune_compute(&in, PRUNE_BIT(KIND_VOLUME), false, &f, 9000);
	assert_ids(pv, KIND_VOLUME, "");
	assert_true(pv->skipped & PRUNE_BIT(KIND_VOLUME));
	prune_preview_free(pv);
	prune_input_done(&in);

	/* API 1.43: anonymous ones only, unless "all". */
	load(&in, "1.43", true);
	pv = prune_compute(&in, PRUNE_BIT(KIND_VOLUME), false, NULL, 9000);
	assert_ids(pv, KIND_VOLUME, "vanon");
	prune_preview_free(pv);
	pv = prune_compute(&in, PRUNE_BIT(KIND_VOLUME), true, NULL, 9000);
	assert_ids(pv, KIND_VOLUME, "vanon vnamed");
	prune_preview_free(pv);
	prune_filters_done(&f);
	prune_input_done(&in);
}

static void
test_networks(void **state)
{
	struct prune_input in;
	struct prune_preview *pv;
	struct prune_filters f;
	char *cause = NULL;

	(void)state;
	load(&in, "1.41", true);
	prune_filters_init(&f);
	/*
	 * A stopped container holds no endpoint, so stopnet goes; busy has
	 * one (its inspect says so); predefined and swarm ones stay.
	 */
	pv = prune_compute(&in, PRUNE_BIT(KIND_NETWORK), false, &f, 9000);
	assert_ids(pv, KIND_NETWORK, "free stopnet");
	assert_true(has_note(pv, "swarm"));
	prune_preview_free(pv);
	assert_true(prune_filters_parse(&f, "label=team=a", 0, &cause));
	pv = prune_compute(&in, PRUNE_BIT(KIND_NETWORK), false, &f, 9000);
	assert_ids(pv, KIND_NETWORK, "free");
	prune_preview_free(pv);
	/* free was made at 2019-12-31T23:00:00.5Z. */
	assert_true(prune_filters_parse(&f, "until=1577833199", 0, &cause));
	pv = prune_compute(&in, PRUNE_BIT(KIND_NETWORK), false, &f, 9000);
	assert_ids(pv, KIND_NETWORK, "stopnet");
	prune_preview_free(pv);
	/* Half a second after until: the engine keeps it, so must we. */
	assert_true(prune_filters_parse(&f, "until=1577833200", 0, &cause));
	pv = prune_compute(&in, PRUNE_BIT(KIND_NETWORK), false, &f, 9000);
	assert_ids(pv, KIND_NETWORK, "stopnet");
	prune_preview_free(pv);
	assert_true(prune_filters_parse(&f, "until=1577833201", 0, &cause));
	pv = prune_compute(&in, PRUNE_BIT(KIND_NETWORK), false, &f, 9000);
	assert_ids(pv, KIND_NETWORK, "free stopnet");
	prune_preview_free(pv);
	prune_filters_done(&f);
	prune_input_done(&in);

	/* Without inspect details, running containers decide. */
	load(&in, "1.41", false);
	pv = prune_compute(&in, PRUNE_BIT(KIND_NETWORK), false, NULL, 9000);
	assert_ids(pv, KIND_NETWORK, "busy free stopnet");
	prune_preview_free(pv);
	prune_input_done(&in);
}

static void
test_build_and_everything(void **state)
{
	struct prune_input in;
	struct prune_preview *pv, *again;
	struct prune_filters f;
	char *cause = NULL;

	(void)state;
	load(&in, "1.41", true);
	prune_filters_init(&f);
	pv = prune_compute(&in, PRUNE_BIT(KIND_BUILD_CACHE), false, &f, 9000);
	assert_ids(pv, KIND_BUILD_CACHE, "r1");
	prune_preview_free(pv);
	pv = prune_compute(&in, PRUNE_BIT(KIND_BUILD_CACHE), true, &f, 9000);
	assert_ids(pv, KIND_BUILD_CACHE, "r1 r3");
	assert_int_equal(pv->bytes[KIND_BUILD_CACHE], 15);
	prune_preview_free(pv);

	/*
	 * Everything: the containers go first, so the image and the volume
	 * only the exited c2 used go too.
	 */
	pv = prune_compute(&in, PRUNE_EVERYTHING, false, &f, 9000);
	assert_ids(pv, KIND_CONTAINER, "c2 c3 c5");
	assert_ids(pv, KIND_IMAGE, "sha256:d1 sha256:d2 sha256:l");
	assert_ids(pv, KIND_VOLUME, "vanon vnamed vstopped");
	assert_ids(pv, KIND_NETWORK, "free stopnet");
	assert_ids(pv, KIND_BUILD_CACHE, "r1");
	assert_int_equal(prune_preview_total(pv), 12);
	again = prune_compute(&in, PRUNE_EVERYTHING, false, &f, 9000);
	assert_true(prune_preview_same(pv, again));
	prune_preview_free(again);
	again = prune_compute(&in, PRUNE_EVERYTHING, true, &f, 9000);
	assert_false(prune_preview_same(pv, again));
	prune_preview_free(again);
	prune_preview_free(pv);

	/* Labels do not apply to the build cache: it is left out. */
	assert_true(prune_filters_parse(&f, "label=team=a", 0, &cause));
	pv = prune_compute(&in, PRUNE_EVERYTHING, false, &f, 9000);
	assert_true(pv->skipped & PRUNE_BIT(KIND_BUILD_CACHE));
	assert_ids(pv, KIND_BUILD_CACHE, "");
	assert_ids(pv, KIND_CONTAINER, "c2");
	assert_ids(pv, KIND_VOLUME, "vnamed");
	prune_preview_free(pv);
	prune_filters_done(&f);
	prune_input_done(&in);
}

static void
assert_filters(enum kind k, bool all, const char *filters, const char *api,
    const char *json)
{
	struct prune_filters f;
	char *cause = NULL, *got;

	prune_filters_init(&f);
	assert_true(prune_filters_parse(&f, filters, 100000, &cause));
	got = prune_request_filters(k, all, &f, api, 100000, &cause);
	assert_non_null(got);
	assert_string_equal(got, json);
	free(got);
	prune_filters_done(&f);
}

static void
test_request_filters(void **state)
{
	char *cause = NULL;

	(void)state;
	assert_filters(KIND_CONTAINER, false, "label=a=1 until=1h", "1.41",
	    "{\"until\":{\"96400\":true},\"label\":{\"a=1\":true}}");
	assert_filters(
	    KIND_IMAGE, false, "", "1.41", "{\"dangling\":{\"true\":true}}");
	assert_filters(KIND_IMAGE, true, "label!=k", "1.41",
	    "{\"label!\":{\"k\":true},\"dangling\":{\"false\":true}}");
	/* 1.41 engines reject "all" for volumes and prune named ones anyway. */
	assert_filters(
	    KIND_VOLUME, true, "label=x", "1.41", "{\"label\":{\"x\":true}}");
	assert_filters(
	    KIND_VOLUME, true, "", "1.43", "{\"all\":{\"true\":true}}");
	assert_filters(KIND_VOLUME, false, "", "1.43", "{}");
	assert_filters(KIND_NETWORK, false, "until=2h", "1.41",
	    "{\"until\":{\"92800\":true}}");
	/* The build cache wants a duration (and takes all as a parameter). */
	assert_filters(KIND_BUILD_CACHE, true, "until=1h", "1.41",
	    "{\"until\":{\"3600s\":true}}");
	/* Kinds that are not pruned have no filters. */
	assert_null(
	    prune_request_filters(KIND_EXEC, false, NULL, "1.41", 0, &cause));
	free(cause);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_kinds_for),
	    cmocka_unit_test(test_filters),
	    cmocka_unit_test(test_containers),
	    cmocka_unit_test(test_images),
	    cmocka_unit_test(test_images_all_cascade),
	    cmocka_unit_test(test_volumes),
	    cmocka_unit_test(test_networks),
	    cmocka_unit_test(test_build_and_everything),
	    cmocka_unit_test(test_request_filters),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
