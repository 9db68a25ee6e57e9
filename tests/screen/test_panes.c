/*
 * Screen tests of the panes: the store is filled from fixtures captured on
 * the real engine, the whole screen is drawn headless at two sizes, and
 * compared with golden screens. Keys go through the same path as typing.
 * What a pane fetches by itself comes from a fake engine playing fixtures,
 * and events are fed to the events stream's parser.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "api/decode.h"
#include "api/docker.h"
#include "api/http.h"
#include "api/xalloc.h"
#include "tests/support/fake_engine.h"
#include "tests/support/fixture.h"
#include "tests/support/screen.h"
#include "tui/core/app.h"
#include "tui/parts.h"
#include "tui/core/config.h"
#include "tui/core/fmt.h"
#include "tui/panes/panes.h"
#include "widgets/key.h"

/* 2026-11-22 12:00 UTC: fixtures' ages are fixed against it. */
#define FIXED_NOW 1795348800

/* The images of images_json.v1.41.json: web and app are base plus one. */
#define IMG_APP                                                                \
	"sha256:"                                                              \
	"2652b405ca2c1b6fa49f40292aa55fe1eee424f91b2191560b9bc4e9d7aab0f9"
#define IMG_WEB                                                                \
	"sha256:"                                                              \
	"64906a552f240043f47806b772d1708a428fde3fd8be3749fa4991aa3c86be3c"
#define IMG_BASE                                                               \
	"sha256:"                                                              \
	"8eb66ebbf962404e489a48d2019a0e64d892f818dfcc026965607ba5a4f8bd34"
/* base's two layers (busybox, --install), as web's inspect lists them. */
#define LAYER_BUSYBOX                                                          \
	"sha256:"                                                              \
	"e9dbfb98a0562a174745720700da436c8252e098360662b65ff6f511b7ca7496"
#define LAYER_INSTALL                                                          \
	"sha256:"                                                              \
	"ea1558c0a14d363fad976c362560ef29b5d79f385111d937cf5924d0c77730c5"
/* app's own layer: no other image holds it. */
#define LAYER_APP                                                              \
	"sha256:"                                                              \
	"27aa5630744c7859969649464b5cd8e4ba118a80735d92346bc7701744ad8f59"

/* The layers pane's SHARED WITH and CREATED BY columns. */
#define LAYERS_COL_SHARED 4
#define LAYERS_COL_CREATED_BY 5

struct fx {
	struct console *app;
	int rows, cols;
	WINDOW *w;
};

/*
 * An app on the engine at addr, its store filled from the fixtures. The
 * status bar shows shown instead of addr (NULL: addr).
 */
static struct console *
fx_app_at(const char *addr, const char *shown)
{
	struct endpoint ep;
	struct docker *d;
	struct config cfg;
	struct app_opts o = {0};
	struct store *s;
	char *cause = NULL, *text;
	size_t len;

	assert_true(endpoint_parse(&ep, addr, &cause));
	if (shown) {
		free(ep.host_arg);
		ep.host_arg = xstrdup(shown);
	}
	d = docker_new(&ep, &cause);
	endpoint_done(&ep);
	assert_non_null(d);
	config_init(&cfg);
	fmt_set_now(FIXED_NOW);
	struct console *a = app_new(d, &cfg, &o, &berth_parts);
	s = &console_engine(a)->store;
	text = fixture_read("containers_json.v1.41.json", &len);
	s->slot[STORE_CONTAINERS] = decode_container_list(text, len, &cause);
	free(text);
	text = fixture_read("images_json.v1.41.json", &len);
	s->slot[STORE_IMAGES] = decode_image_list(text, len, &cause);
	free(text);
	text = fixture_read("volumes.v1.41.json", &len);
	s->slot[STORE_VOLUMES] = decode_volume_list(text, len, &cause);
	free(text);
	text = fixture_read("networks.v1.41.json", &len);
	s->slot[STORE_NETWORKS] = decode_network_list(text, len, &cause);
	free(text);
	text = fixture_read("info.v1.41.json", &len);
	s->slot[STORE_INFO] = decode_info(text, len, &cause);
	free(text);
	text = fixture_read("version.v1.41.json", &len);
	s->slot[STORE_VERSION] = decode_version(text, len, &cause);
	free(text);
	text = fixture_read("system_df.v1.41.json", &len);
	s->slot[STORE_DF] = decode_df(text, len, &cause);
	free(text);
	assert_non_null(store_containers(s));
	assert_non_null(store_images(s));
	assert_non_null(store_volumes(s));
	assert_non_null(store_networks(s));
	assert_non_null(store_info(s));
	assert_non_null(store_version(s));
	assert_non_null(store_df(s));
	for (int k = 0; k < STORE__COUNT; k++) {
		s->loaded[k] = true;
		s->gen[k]++;
	}
	return a;
}

static struct console *
fx_app(void)
{
	return fx_app_at("unix:///nonexistent/berth.sock", NULL);
}

static int
fx_setup(void **state, int rows, int cols)
{
	struct fx *f = xcalloc(1, sizeof *f);

	ts_init(rows, cols);
	f->rows = rows;
	f->cols = cols;
	f->w = ts_window(rows, cols);
	f->app = fx_app();
	*state = f;
	return 0;
}

static int
fx_small(void **state)
{
	return fx_setup(state, 10, 40);
}

static int
fx_big(void **state)
{
	return fx_setup(state, 30, 140);
}

static int
fx_teardown(void **state)
{
	struct fx *f = *state;

	app_free(f->app);
	ts_done();
	free(f);
	return 0;
}

static void
fx_draw(struct fx *f)
{
	pane_sync(console_active_pane(f->app), false);
	app_draw_to(f->app, f->w, f->rows, f->cols);
}

/* Shows the pane and compares it with pane_PANE[_VARIANT]_COLSxROWS.txt. */
static void
fx_golden_as(struct fx *f, const char *pane, const char *variant)
{
	char name[128];

	assert_true(console_show_pane(f->app, pane));
	fx_draw(f);
	snprintf(name, sizeof name, "pane_%s%s%s_%dx%d.txt", pane,
	    variant ? "_" : "", variant ? variant : "", f->cols, f->rows);
	ts_assert_golden(f->w, name);
}

static void
fx_golden(struct fx *f, const char *pane)
{
	fx_golden_as(f, pane, NULL);
}

static void
test_every_pane(void **state)
{
	struct fx *f = *state;

	fx_golden(f, "containers");
	fx_golden(f, "images");
	fx_golden(f, "volumes");
	fx_golden(f, "networks");
	fx_golden(f, "host");
	/* No events yet; the pane with events is test_events_and_sessions. */
	fx_golden_as(f, "events", "empty");
	/* These fetch more on their own (inspects, exec sessions, the
	 * conntrack table in their timers): drawn here before any of it
	 * arrives, from the store alone. The layers and sessions panes with
	 * what they fetch are in the tests below. */
	fx_golden_as(f, "layers", "loading");
	fx_golden_as(f, "sessions", "loading");
	fx_golden(f, "nat");
	fx_golden(f, "doctor");
	fx_golden(f, "fleet");
}

/* Runs the loop until no request is left, syncing the active pane. */
static void
fx_settle(struct fx *f)
{
	struct http *h = docker_http(console_engine(f->app)->d);

	fx_draw(f);
	for (int i = 0; i < 500 && http_pending(h) > 0; i++) {
		http_step(h, 10);
		fx_draw(f);
	}
	assert_int_equal(http_pending(h), 0);
	fx_draw(f);
}

/* Feeds JSON lines to the events stream's parser, cut as a socket might. */
static void
fx_feed_events(struct console *a, const char *text, size_t len)
{
	struct events *ev = &console_engine(a)->events;

	for (size_t off = 0; off < len; off += 97)
		assert_true(jsonl_feed(
		    &ev->jl, text + off, len - off < 97 ? len - off : 97));
}

/* The line of the fixture that holds needle, with its '\n' (owned). */
static char *
fx_event_line(const char *fixture, const char *needle)
{
	size_t len;
	char *text = fixture_read(fixture, &len), *hit, *end, *line;

	hit = strstr(text, needle);
	assert_non_null(hit);
	while (hit > text && hit[-1] != '\n')
		hit--;
	end = strchr(hit, '\n');
	assert_non_null(end);
	line = xstrndup(hit, (size_t)(end - hit + 1));
	free(text);
	return line;
}

static void
fx_feed_line(struct console *a, const char *line)
{
	fx_feed_events(a, line, strlen(line));
}

/*
 * A fake engine for the layers pane: it answers the inspects of the three
 * images (web's captured, app's and base's written from the images list
 * and web's layers), web's history, and the list of web's containers with
 * their sizes, in the order the pane asks for them; then any more replies.
 */
#define FX_REPLIES 12

struct fx_engine {
	struct fake_engine *fe;
	struct fake_reply replies[FX_REPLIES];
	char *owned[2 * FX_REPLIES];
	size_t n, n_owned;
};

static const char fx_inspect_app[] =
    "{\"Id\":\"" IMG_APP "\",\"RepoTags\":[\"berth-test/app:latest\","
    "\"berth-test/app:v1\"],\"RootFS\":{\"Type\":\"layers\",\"Layers\":"
    "[\"" LAYER_BUSYBOX "\",\"" LAYER_INSTALL "\",\"" LAYER_APP "\"]}}";
static const char fx_inspect_base[] =
    "{\"Id\":\"" IMG_BASE "\",\"RepoTags\":[\"berth-test/base:1.0\","
    "\"berth-test/base:latest\"],\"RootFS\":{\"Type\":\"layers\","
    "\"Layers\":[\"" LAYER_BUSYBOX "\",\"" LAYER_INSTALL "\"]}}";
/* base after the "image tag" line of events.v1.41.jsonl. */
static const char fx_inspect_base_tagged[] =
    "{\"Id\":\"" IMG_BASE "\",\"RepoTags\":[\"berth-fx-evimg:1\","
    "\"berth-test/base:1.0\",\"berth-test/base:latest\"],\"RootFS\":"
    "{\"Type\":\"layers\",\"Layers\":[\"" LAYER_BUSYBOX "\",\"" LAYER_INSTALL
    "\"]}}";
/*
 * web's two containers of containers_json_size.v1.41.json, trimmed. The
 * engine leaves SizeRw out when it is 0, as it did for both: berth-fx-web
 * is given 12 KiB here so that a size shows.
 */
static const char fx_web_containers[] =
    "[{\"Id\":\"70a8981742fbadf133ffafa1be3d32f19b3a125a60c92cca53ea1620be6"
    "aed1a\",\"Names\":[\"/berth-fx-web2\"],\"Image\":\"berth-test/web\","
    "\"ImageID\":\"" IMG_WEB "\",\"Command\":\"httpd -f -v -p 80 -h /www\","
    "\"Created\":1795334286,\"State\":\"running\",\"Status\":\"Up 3 "
    "seconds\"},{\"Id\":\"ab6cd7c573774f809476044891be8525eae9eb2da12b8e46"
    "6bcfe6c9403bd17c\",\"Names\":[\"/berth-fx-web\"],\"Image\":\"berth-test/"
    "web\",\"ImageID\":\"" IMG_WEB "\",\"Command\":\"httpd -f -v -p 80 -h "
    "/www\",\"Created\":1795334160,\"State\":\"running\",\"Status\":\"Up 2 "
    "minutes (healthy)\",\"SizeRw\":12288}]";

static void
fx_reply(struct fx_engine *e, const char *body)
{
	char *r =
	    fake_response(200, "Content-Type: application/json\r\n", body);

	assert_true(e->n < FX_REPLIES);
	e->owned[e->n_owned++] = r;
	e->replies[e->n++].parts[0] = r;
}

static void
fx_reply_fixture(struct fx_engine *e, const char *name)
{
	size_t len;
	char *body = fixture_read(name, &len);

	e->owned[e->n_owned++] = body;
	fx_reply(e, body);
}

static void
fx_engine_stop(struct fx_engine *e)
{
	fake_engine_stop(e->fe);
	for (size_t i = 0; i < e->n_owned; i++)
		free(e->owned[i]);
}

/* Fails unless the engine got requests for these paths, in this order. */
static void
fx_assert_requests(struct fx_engine *e, const char *const *want)
{
	const char *got = fake_engine_requests(e->fe), *line = got;

	for (size_t i = 0; want[i]; i++) {
		const char *eol = strchr(line, '\n');
		char *one;

		if (eol == NULL)
			fail_msg(
			    "request %zu (%s) not made; the engine got:\n%s",
			    i + 1, want[i], got);
		one = xstrndup(line, (size_t)(eol - line));
		if (strstr(one, want[i]) == NULL)
			fail_msg("request %zu is not %s; the engine got:\n%s",
			    i + 1, want[i], got);
		free(one);
		line = eol + 1;
	}
	if (*line)
		fail_msg(
		    "more requests than expected; the engine got:\n%s", got);
}

static const char *const fx_layers_requests[] = {
    "/images/sha256%3A2652b405",
    "/images/sha256%3A64906a55",
    "/images/sha256%3A8eb66ebb",
    "/images/sha256%3A64906a55",
    "/containers/json?all=1&size=1&filters=",
    NULL,
};

/* The replies to what the layers pane asks for when it opens on web. */
static void
fx_layers_replies(struct fx_engine *e)
{
	fx_reply(e, fx_inspect_app);
	fx_reply_fixture(e, "image_inspect.v1.41.json");
	fx_reply(e, fx_inspect_base);
	fx_reply_fixture(e, "image_history.v1.41.json");
	fx_reply(e, fx_web_containers);
}

/*
 * Starts the engine with its replies, makes the app on it, selects web in
 * the images pane and shows web's layers once everything has arrived.
 */
static void
fx_layers_open(struct fx *f, struct fx_engine *e)
{
	struct pane *p;

	e->fe = fake_engine_start(e->replies, e->n);
	assert_non_null(e->fe);
	app_free(f->app);
	/* Its socket is in a new directory each run: not on the screen. */
	f->app = fx_app_at(fake_engine_addr(e->fe), "unix:///fake/docker.sock");
	assert_true(console_show_pane(f->app, "images"));
	fx_draw(f);
	assert_true(pane_select_id(console_active_pane(f->app), IMG_WEB));
	assert_true(console_show_pane(f->app, "layers"));
	fx_settle(f);
	p = console_active_pane(f->app);
	/* Three layers, then the writable layers of web's two containers. */
	assert_int_equal(pane_row_count(p), 5);
	assert_string_equal(pane_view_row(p, 0)->id, LAYER_BUSYBOX);
	assert_string_equal(pane_view_row(p, 2)->id,
	    "sha256:"
	    "96ec3f3423691f4a6a1fffe7284e736cf07665995680a26d3cc906e9fb08d142");
}

static const char *
fx_shared(struct fx *f, size_t row)
{
	return pane_view_row(console_active_pane(f->app), row)
	    ->cells[LAYERS_COL_SHARED];
}

/* web's layers, with the images that share each, and the history's steps. */
static void
test_layers_pane(void **state)
{
	struct fx *f = *state;
	struct fx_engine e = {0};
	struct pane *p;

	fx_layers_replies(&e);
	fx_layers_open(f, &e);
	fx_assert_requests(&e, fx_layers_requests);
	p = console_active_pane(f->app);
	/* base and app hold base's two layers; nothing else holds web's. */
	assert_string_equal(fx_shared(f, 0), "2");
	assert_string_equal(fx_shared(f, 1), "2");
	assert_string_equal(fx_shared(f, 2), "0");
	assert_non_null(strstr(
	    pane_view_row(p, 1)->cells[LAYERS_COL_CREATED_BY], "--install"));
	assert_non_null(
	    strstr(pane_view_row(p, 2)->cells[LAYERS_COL_CREATED_BY],
		"mkdir -p /www"));
	assert_string_equal(pane_view_row(p, 3)->cells[0], "rw");
	fx_golden(f, "layers");
	fx_engine_stop(&e);
}

/* The Enter dialog's text: the images that hold the selected layer. */
static char *
fx_sharers(struct fx *f)
{
	char *dump;

	app_feed_key(f->app, '\n');
	fx_draw(f);
	dump = ts_dump(f->w);
	assert_non_null(strstr(dump, "images with layer"));
	app_feed_key(f->app, WKEY_ESC);
	fx_draw(f);
	return dump;
}

/* images_json.v1.41.json without base, as the engine lists it once gone. */
static char *
fx_images_without_base(void)
{
	size_t len;
	char *text = fixture_read("images_json.v1.41.json", &len), *out;
	json_t *root = json_loadb(text, len, 0, NULL);
	size_t i;
	json_t *v;

	assert_non_null(root);
	json_array_foreach(root, i, v)
	{
		if (strcmp(json_string_value(json_object_get(v, "Id")),
			IMG_BASE) == 0)
			break;
	}
	assert_int_equal(json_array_remove(root, i), 0);
	out = json_dumps(root, JSON_COMPACT);
	json_decref(root);
	free(text);
	assert_non_null(out);
	return out;
}

/*
 * The pane follows the images: a tag event has the image inspected again
 * (its new tag shows), a list without an image (Ctrl-r) leaves it out of
 * the counts, a delete event at once.
 */
static void
test_layers_follow_images(void **state)
{
	static const char delete_app[] =
	    "{\"status\":\"delete\",\"id\":\"" IMG_APP "\",\"Type\":\"image\","
	    "\"Action\":\"delete\",\"Actor\":{\"ID\":\"" IMG_APP "\","
	    "\"Attributes\":{\"name\":\"" IMG_APP "\"}},\"scope\":\"local\","
	    "\"time\":1795334300,\"timeNano\":1795334300000000000}\n";
	static const char *const more_requests[] = {
	    "/images/sha256%3A8eb66ebb",
	    "/images/sha256%3A8eb66ebb",
	    "/images/json",
	    NULL,
	};
	struct fx *f = *state;
	struct fx_engine e = {0};
	char *images = fx_images_without_base(), *line, *dump;
	const char *want[16];
	size_t n = 0;

	fx_layers_replies(&e);
	fx_reply(&e, fx_inspect_base_tagged);
	fx_reply(&e, fx_inspect_base);
	fx_reply(&e, images);
	fx_layers_open(f, &e);
	dump = fx_sharers(f);
	assert_non_null(strstr(dump, "berth-test/base:1.0"));
	assert_null(strstr(dump, "berth-fx-evimg"));
	free(dump);

	/* base is tagged, then untagged: inspected again each time. */
	line = fx_event_line("events.v1.41.jsonl", "\"Action\":\"tag\"");
	fx_feed_line(f->app, line);
	free(line);
	fx_settle(f);
	dump = fx_sharers(f);
	assert_non_null(strstr(dump, "berth-fx-evimg:1"));
	free(dump);
	line = fx_event_line("events.v1.41.jsonl", "\"Action\":\"untag\"");
	fx_feed_line(f->app, line);
	free(line);
	fx_settle(f);
	dump = fx_sharers(f);
	assert_null(strstr(dump, "berth-fx-evimg"));
	assert_non_null(strstr(dump, "berth-test/base:1.0"));
	free(dump);

	/* base is removed behind berth's back: Ctrl-r lists the images. */
	app_feed_key(f->app, WKEY_CTRL('r'));
	fx_settle(f);
	assert_int_equal(store_images(&console_engine(f->app)->store)->n, 2);
	assert_string_equal(fx_shared(f, 0), "1");
	assert_string_equal(fx_shared(f, 1), "1");
	dump = fx_sharers(f);
	assert_null(strstr(dump, "berth-test/base"));
	assert_non_null(strstr(dump, "berth-test/app:latest"));
	free(dump);

	/* app is deleted: it counts no more, before any new list. */
	fx_feed_line(f->app, delete_app);
	fx_draw(f);
	assert_int_equal(store_images(&console_engine(f->app)->store)->n, 2);
	assert_string_equal(fx_shared(f, 0), "0");
	assert_string_equal(fx_shared(f, 1), "0");
	dump = fx_sharers(f);
	assert_null(strstr(dump, "berth-test/app"));
	assert_non_null(strstr(dump, "berth-test/web:1.0"));
	free(dump);
	fx_settle(f);

	for (size_t i = 0; fx_layers_requests[i]; i++)
		want[n++] = fx_layers_requests[i];
	for (size_t i = 0; more_requests[i]; i++)
		want[n++] = more_requests[i];
	want[n] = NULL;
	fx_assert_requests(&e, want);
	fx_engine_stop(&e);
	free(images);
}

/*
 * The events of events.v1.41.jsonl, fed as the events stream does: the
 * sessions pane halfway (the exec session has ended; its container is
 * destroyed later), then the events pane with all of them.
 */
static void
test_events_and_sessions(void **state)
{
	struct fx *f = *state;
	size_t len, half = 0;
	char *text = fixture_read("events.v1.41.jsonl", &len);
	const char *exec_die = strstr(text, "\"Action\":\"exec_die\"");
	const struct pane_row *r;
	struct pane *p;

	assert_non_null(exec_die);
	half = (size_t)(strchr(exec_die, '\n') + 1 - text);
	fx_feed_events(f->app, text, half);
	fx_golden(f, "sessions");
	p = console_active_pane(f->app);
	assert_int_equal(pane_row_count(p), 1);
	r = pane_view_row(p, 0);
	assert_string_equal(r->cells[1], "berth-fx-ev");
	assert_string_equal(r->cells[2], "sh -c exit 2");
	assert_string_equal(r->cells[5], "exited");
	assert_string_equal(r->cells[7], "2");
	/* The attach action tells the pane which sessions berth opened. */
	assert_int_equal(pane_receive(p, "conntrack", NULL, 0), -1);
	assert_int_equal(pane_receive(p, "ours", r->id, strlen(r->id)), 1);
	assert_int_equal(pane_receive(p, "ours", r->id, strlen(r->id)), 0);
	pane_sync(p, true);
	assert_string_equal(pane_view_row(p, 0)->cells[8], "berth");

	/* The rest arrives while a pane that follows no events is shown. */
	assert_true(console_show_pane(f->app, "volumes"));
	fx_feed_events(f->app, text + half, len - half);
	fx_golden(f, "events");
	p = console_active_pane(f->app);
	assert_int_equal(pane_row_count(p), 21);
	/* Newest first. */
	assert_string_equal(pane_view_row(p, 0)->cells[1], "volume");
	assert_string_equal(pane_view_row(p, 0)->cells[2], "destroy");
	assert_string_equal(pane_view_row(p, 20)->cells[2], "create");
	/* i shows the event itself; Enter goes to its object's pane. */
	app_feed_key(f->app, 'i');
	assert_true(console_view_open(f->app));
	app_feed_key(f->app, 'q');
	assert_false(console_view_open(f->app));
	app_feed_key(f->app, '\n');
	assert_string_equal(console_active_pane(f->app)->ops->name, "volumes");
	free(text);
}

/*
 * What the NAT helper action hands the NAT pane through its receive op:
 * whether a helper runs, then the table it read, kept as a snapshot whose
 * rows are tied to the containers by their addresses.
 */
static void
test_nat_snapshot(void **state)
{
	static const char table[] =
	    "ipv4     2 tcp      6 431999 ESTABLISHED src=192.0.2.7 "
	    "dst=127.0.0.1 sport=40000 dport=18391 src=10.213.99.10 "
	    "dst=192.0.2.7 sport=80 dport=40000 [ASSURED] mark=0 zone=0 "
	    "use=2\n";
	struct fx *f = *state;
	const struct pane_row *r = NULL;
	struct pane *p;

	assert_true(console_show_pane(f->app, "nat"));
	p = console_active_pane(f->app);
	assert_int_equal(pane_receive(p, "ours", "x", 1), -1);
	assert_int_equal(pane_receive(p, "conntrack", NULL, 0), 0);
	assert_int_equal(pane_receive(p, "helper", "running", 7), 0);
	assert_int_equal(pane_receive(p, "conntrack", table, strlen(table)), 1);
	assert_int_equal(pane_receive(p, "helper", "done", 4), 0);
	pane_sync(p, true);
	for (size_t i = 0; i < pane_row_count(p); i++)
		if (strcmp(pane_view_row(p, i)->cells[0], "dnat") == 0)
			r = pane_view_row(p, i);
	assert_non_null(r);
	assert_string_equal(r->cells[5], "berth-fx-web");
	assert_non_null(strstr(p->ops->subtitle(p), "helper snapshot at"));
}

/* The helper's id, as the fake engine's create answers. */
#define FX_HELPER_ID "5e1f5e1f5e1f5e1f5e1f5e1f5e1f5e1f"

/*
 * H on an engine that is not local: the NAT helper action asks for the
 * image (the config names none), asks to confirm, then sweeps helpers
 * left behind, creates, starts, waits for, reads and removes its helper,
 * tells the pane, and writes one audit line.
 */
static void
test_nat_helper_run(void **state)
{
	static const char *const want[] = {
	    "GET /v1.41/containers/json?all=1&filters=",
	    "POST /v1.41/containers/create?name=berth-nat-helper-",
	    "POST /v1.41/containers/" FX_HELPER_ID "/start",
	    "POST /v1.41/containers/" FX_HELPER_ID "/wait",
	    "GET /v1.41/containers/" FX_HELPER_ID "/logs?stdout=1&stderr=1",
	    "DELETE /v1.41/containers/" FX_HELPER_ID "?force=1&v=1",
	    NULL,
	};
	struct fx *f = *state;
	struct fx_engine e = {0};
	char dir[] = "/tmp/berth-fx-nat-XXXXXX", *path, *log, *dump;
	struct pane *p;
	size_t len;

	assert_non_null(mkdtemp(dir));
	setenv("XDG_STATE_HOME", dir, 1);
	fx_reply(&e, "[]"); /* no helper was left behind */
	fx_reply(&e, "{\"Id\":\"" FX_HELPER_ID "\",\"Warnings\":[]}");
	fx_reply(&e, ""); /* started */
	fx_reply(&e, "{\"StatusCode\":0}");
	fx_reply(&e, ""); /* it printed nothing */
	fx_reply(&e, ""); /* removed */
	e.fe = fake_engine_start(e.replies, e.n);
	assert_non_null(e.fe);
	app_free(f->app);
	f->app = fx_app_at(fake_engine_addr(e.fe), "unix:///fake/docker.sock");
	console_engine(f->app)->local = false;
	assert_true(console_show_pane(f->app, "nat"));
	p = console_active_pane(f->app);
	/* Asked, and declined: nothing is made. */
	app_feed_key(f->app, 'H');
	app_feed_key(f->app, '\n');
	app_feed_key(f->app, 'n');
	app_feed_key(f->app, 'H');
	assert_true(console_overlay_open(f->app));
	app_feed_key(f->app, '\n'); /* the image offered: busybox */
	assert_false(console_overlay_open(f->app));
	app_feed_key(f->app, 'y');
	fx_settle(f);
	fx_assert_requests(&e, want);
	assert_non_null(strstr(p->ops->subtitle(p), "helper snapshot at"));
	dump = ts_dump(f->w);
	assert_non_null(strstr(dump, "nat helper: 0 NAT sessions read"));
	free(dump);
	path = xasprintf("%s/berth/audit.log", dir);
	log = fixture_read_path(path, &len);
	assert_non_null(strstr(log, "\tnat-helper busybox\t-\tcancelled\n"));
	assert_non_null(strstr(log, "\tnat-helper busybox\tberth-nat-helper-"));
	assert_non_null(strstr(log, "\tok (0 NAT sessions read; removed)\n"));
	free(log);
	unlink(path);
	free(path);
	path = xasprintf("%s/berth", dir);
	rmdir(path);
	free(path);
	rmdir(dir);
	unsetenv("XDG_STATE_HOME");
	fx_engine_stop(&e);
}

static void
fx_keys(struct fx *f, const char *keys)
{
	for (const char *k = keys; *k; k++)
		app_feed_key(f->app, *k);
	fx_draw(f);
}

static void
test_filter_sort_selection(void **state)
{
	struct fx *f = *state;
	struct pane *p;
	char *dump;

	assert_true(console_show_pane(f->app, "containers"));
	fx_draw(f);
	p = console_active_pane(f->app);
	assert_int_equal(pane_row_count(p), 6);
	/* Select berth-fx-tty by moving, then filter: it stays selected. */
	while (strcmp(pane_selected_row(p)->cells[0], "berth-fx-tty") != 0)
		fx_keys(f, "j");
	fx_keys(f, "/fx-t");
	assert_int_equal(pane_row_count(p), 1);
	assert_string_equal(pane_selected_row(p)->cells[0], "berth-fx-tty");
	app_feed_key(f->app, '\n');
	fx_draw(f);
	dump = ts_dump(f->w);
	assert_non_null(strstr(dump, "filter: fx-t"));
	assert_non_null(strstr(dump, "1 of 6"));
	free(dump);
	ts_assert_golden(f->w, f->cols > 100
				   ? "pane_containers_filtered_140x30.txt"
				   : "pane_containers_filtered_40x10.txt");
	/* Inverse filter. */
	app_feed_key(f->app, WKEY_ESC);
	fx_keys(f, "/!web");
	app_feed_key(f->app, '\n');
	fx_draw(f);
	assert_int_equal(pane_row_count(p), 4);
	app_feed_key(f->app, WKEY_ESC);
	fx_draw(f);
	assert_int_equal(pane_row_count(p), 6);
	/* The selection is kept by id across a re-sort. */
	assert_string_equal(pane_selected_row(p)->cells[0], "berth-fx-tty");
	fx_keys(f, "O");
	assert_string_equal(pane_selected_row(p)->cells[0], "berth-fx-tty");
	assert_string_equal(pane_view_row(p, 0)->cells[0], "berth-fx-web2");
	/* The next column shown: ENGINE (1) is hidden with one engine. */
	fx_keys(f, "o");
	assert_int_equal(p->table.sort_col, 2);
}

static void
test_help_and_command(void **state)
{
	struct fx *f = *state;
	char *dump;

	console_show_pane(f->app, "containers");
	fx_keys(f, "?");
	dump = ts_dump(f->w);
	assert_non_null(strstr(dump, "keys: containers"));
	free(dump);
	fx_keys(f, "x");
	fx_keys(f, ":ima");
	app_feed_key(f->app, '\t');
	app_feed_key(f->app, '\n');
	fx_draw(f);
	assert_string_equal(console_active_pane(f->app)->ops->name, "images");
	fx_keys(f, "4");
	assert_string_equal(console_active_pane(f->app)->ops->name, "volumes");
}

static void
test_too_small(void **state)
{
	struct fx *f = *state;
	WINDOW *w = ts_window(9, 39);
	char *dump;

	app_draw_to(f->app, w, 9, 39);
	dump = ts_dump(w);
	assert_non_null(strstr(dump, "terminal too small"));
	free(dump);
}

/*
 * A Windows engine: the containers pane shows each container's isolation
 * (from its inspect, served by a fake engine) and the host pane the
 * Windows build.
 */
static void
test_windows_engine(void **state)
{
	static const char list[] =
	    "[{\"Id\":\"6b5e10a8b12e5c114fefc46135968fd4924bf565226b740116973"
	    "9e32741288e\",\"Names\":[\"/iis-site\"],\"Image\":"
	    "\"intranet-iis:ltsc2022\",\"State\":\"running\",\"Status\":"
	    "\"Up 2 hours\",\"Created\":1795300000}]";
	struct fake_reply reply = {{NULL}, false, false};
	struct fake_engine *fe;
	struct endpoint ep;
	struct docker *d;
	struct config cfg;
	struct app_opts o = {0};
	struct console *a;
	struct store *s;
	char *cause = NULL, *inspect, *resp, *info, *dump;
	size_t len;
	WINDOW *w;

	(void)state;
	inspect = fixture_read("windows_container_inspect.json", &len);
	resp =
	    fake_response(200, "Content-Type: application/json\r\n", inspect);
	reply.parts[0] = resp;
	fe = fake_engine_start(&reply, 1);
	assert_non_null(fe);
	ts_init(20, 120);
	w = ts_window(20, 120);
	assert_true(endpoint_parse(&ep, fake_engine_addr(fe), &cause));
	d = docker_new(&ep, &cause);
	endpoint_done(&ep);
	config_init(&cfg);
	a = app_new(d, &cfg, &o, &berth_parts);
	s = &console_engine(a)->store;
	info = fixture_read("windows_info.json", &len);
	s->slot[STORE_INFO] = decode_info(info, len, &cause);
	s->slot[STORE_CONTAINERS] =
	    decode_container_list(list, strlen(list), &cause);
	assert_non_null(store_info(s));
	assert_non_null(store_containers(s));
	s->loaded[STORE_INFO] = s->loaded[STORE_CONTAINERS] = true;
	s->gen[STORE_INFO]++;
	s->gen[STORE_CONTAINERS]++;
	assert_true(console_show_pane(a, "containers"));
	for (int i = 0; i < 100; i++) {
		struct pane *p = console_active_pane(a);

		pane_sync(p, false);
		if (pane_row_count(p) == 1 &&
		    strstr(pane_view_row(p, 0)->cells[2], "[process]"))
			break;
		http_step(docker_http(d), 20);
	}
	app_draw_to(a, w, 20, 120);
	dump = ts_dump(w);
	assert_non_null(strstr(dump, "running [process]"));
	free(dump);
	assert_true(console_show_pane(a, "host"));
	app_draw_to(a, w, 20, 120);
	dump = ts_dump(w);
	assert_non_null(strstr(dump, "Windows build"));
	assert_non_null(strstr(dump, "hyperv"));
	free(dump);
	app_free(a);
	ts_done();
	fake_engine_stop(fe);
	free(resp);
	free(inspect);
	free(info);
}

/* The store's lists replaced by the two compose projects' fixtures. */
static void
fx_compose(struct fx *f)
{
	struct store *s = &console_engine(f->app)->store;
	char *cause = NULL, *text;
	size_t len;

	docker_container_list_free(s->slot[STORE_CONTAINERS]);
	text = fixture_read("containers_json_compose.v1.41.json", &len);
	s->slot[STORE_CONTAINERS] = decode_container_list(text, len, &cause);
	free(text);
	docker_volume_list_free(s->slot[STORE_VOLUMES]);
	text = fixture_read("volumes_compose.v1.41.json", &len);
	s->slot[STORE_VOLUMES] = decode_volume_list(text, len, &cause);
	free(text);
	docker_network_list_free(s->slot[STORE_NETWORKS]);
	text = fixture_read("networks_compose.v1.41.json", &len);
	s->slot[STORE_NETWORKS] = decode_network_list(text, len, &cause);
	free(text);
	assert_null(cause);
	s->gen[STORE_CONTAINERS]++;
	s->gen[STORE_VOLUMES]++;
	s->gen[STORE_NETWORKS]++;
}

/*
 * The projects pane from the labels; Enter shows the project's containers
 * only, until Esc clears the filter that says so.
 */
static void
test_projects_pane(void **state)
{
	struct fx *f = *state;
	struct pane *p;

	fx_compose(f);
	fx_golden(f, "projects");
	p = console_active_pane(f->app);
	assert_int_equal(pane_row_count(p), 2);
	assert_string_equal(
	    pane_view_row(p, 0)->cells[1], "2/2 running, 1 paused");
	assert_string_equal(pane_view_row(p, 1)->cells[1], "2/4 running");
	assert_true(pane_select_id(p, "berth-fx-shop"));
	app_feed_key(f->app, '\n');
	fx_draw(f);
	p = console_active_pane(f->app);
	assert_string_equal(p->ops->name, "containers");
	assert_int_equal(p->n_rows, 4);
	assert_int_equal(pane_row_count(p), 4);
	assert_string_equal(p->filter, "berth-fx-shop");
	app_feed_key(f->app, WKEY_ESC);
	p->ops->tick(p, store_now());
	fx_draw(f);
	assert_null(p->filter);
	assert_int_equal(pane_row_count(p), 7);
	/* ":containers project NAME" says the same. */
	fx_keys(f, ":containers project berth-fx-blog");
	app_feed_key(f->app, '\n');
	fx_draw(f);
	assert_int_equal(pane_row_count(p), 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(
		test_every_pane, fx_small, fx_teardown),
	    cmocka_unit_test_setup_teardown(
		test_every_pane, fx_big, fx_teardown),
	    cmocka_unit_test_setup_teardown(
		test_layers_pane, fx_small, fx_teardown),
	    cmocka_unit_test_setup_teardown(
		test_layers_pane, fx_big, fx_teardown),
	    cmocka_unit_test_setup_teardown(
		test_layers_follow_images, fx_big, fx_teardown),
	    cmocka_unit_test_setup_teardown(
		test_events_and_sessions, fx_small, fx_teardown),
	    cmocka_unit_test_setup_teardown(
		test_events_and_sessions, fx_big, fx_teardown),
	    cmocka_unit_test_setup_teardown(
		test_filter_sort_selection, fx_small, fx_teardown),
	    cmocka_unit_test_setup_teardown(
		test_filter_sort_selection, fx_big, fx_teardown),
	    cmocka_unit_test_setup_teardown(
		test_help_and_command, fx_big, fx_teardown),
	    cmocka_unit_test_setup_teardown(
		test_too_small, fx_small, fx_teardown),
	    cmocka_unit_test_setup_teardown(
		test_nat_snapshot, fx_big, fx_teardown),
	    cmocka_unit_test_setup_teardown(
		test_nat_helper_run, fx_big, fx_teardown),
	    cmocka_unit_test(test_windows_engine),
	    cmocka_unit_test_setup_teardown(
		test_projects_pane, fx_small, fx_teardown),
	    cmocka_unit_test_setup_teardown(
		test_projects_pane, fx_big, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
