/*
 * Unit tests for the detail views: log pieces joined into lines with one
 * timestamp, top without ps_args where the engine refuses them (a fake
 * engine), an event's own JSON view, and inspect from the doctor's engine
 * findings.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "api/buf.h"
#include "api/decode.h"
#include "api/docker.h"
#include "api/endpoint.h"
#include "api/http.h"
#include "api/xalloc.h"
#include "tests/support/fake_engine.h"
#include "tests/support/screen.h"
#include "tui/core/app.h"
#include "tui/parts.h"
#include "tui/core/config.h"
#include "tui/views/detail.h"
#include "tui/views/detail_logjoin.h"
#include "tui/panes/panes.h"

/* ---- log pieces to lines ---- */

#define TS1 "2024-05-01T10:20:30.123456789Z "
#define TS2 "2024-05-01T10:20:30.223456789Z "

struct got {
	char *lines[16];
	enum demux_stream st[16];
	size_t n;
};

static void
got_line(enum demux_stream s, const char *line, size_t len, void *arg)
{
	struct got *g = arg;

	assert_true(g->n < 16);
	g->st[g->n] = s;
	g->lines[g->n++] = xstrndup(line, len);
}

static void
got_free(struct got *g)
{
	for (size_t i = 0; i < g->n; i++)
		free(g->lines[i]);
	g->n = 0;
}

/* Feeds each piece as one frame, or byte by byte when split is set. */
static void
feed_pieces(struct detail_logjoin *j, enum demux_stream s,
    const char *const *pieces, bool split)
{
	for (size_t i = 0; pieces[i]; i++) {
		size_t n = strlen(pieces[i]);

		if (!split) {
			detail_logjoin_feed(j, s, pieces[i], n, true);
			continue;
		}
		for (size_t k = 0; k < n; k++)
			detail_logjoin_feed(j, s, pieces[i] + k, 1, k == 0);
	}
}

static void
test_logjoin_strips_continuation_timestamps(void **state)
{
	static const char *const pieces[] = {
	    TS1 "aaaa", TS2 "bbbb", TS2 "cc\n", TS2 "next line\n", NULL};

	(void)state;
	for (int split = 0; split < 2; split++) {
		struct detail_logjoin j;
		struct got g = {0};

		detail_logjoin_init(&j, true, false, got_line, &g);
		feed_pieces(&j, DEMUX_STDOUT, pieces, split);
		detail_logjoin_flush(&j);
		assert_int_equal(g.n, 2);
		assert_string_equal(g.lines[0], TS1 "aaaabbbbcc");
		/* After a whole line, a piece starts a line of its own. */
		assert_string_equal(g.lines[1], TS2 "next line");
		got_free(&g);
		detail_logjoin_done(&j);
	}
}

static void
test_logjoin_keeps_what_is_no_timestamp(void **state)
{
	/* Text that only starts like a timestamp, and an offset zone. */
	static const char *const pieces[] = {TS1 "aa", "2024-05-01 not",
	    "2024-05-01T10:20:30+02:00 zz", "2024-05-01T10:20:30Zq\n", NULL};
	struct detail_logjoin j;
	struct got g = {0};

	(void)state;
	for (int split = 0; split < 2; split++) {
		detail_logjoin_init(&j, true, false, got_line, &g);
		feed_pieces(&j, DEMUX_STDOUT, pieces, split);
		detail_logjoin_flush(&j);
		assert_int_equal(g.n, 1);
		assert_string_equal(
		    g.lines[0], TS1 "aa2024-05-01 notzz2024-05-01T10:20:30Zq");
		got_free(&g);
		detail_logjoin_done(&j);
	}
}

static void
test_logjoin_without_timestamps_changes_nothing(void **state)
{
	static const char *const pieces[] = {"aa", TS2 "bb\n", NULL};
	struct detail_logjoin j;
	struct got g = {0};

	(void)state;
	detail_logjoin_init(&j, false, false, got_line, &g);
	feed_pieces(&j, DEMUX_STDOUT, pieces, false);
	detail_logjoin_flush(&j);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.lines[0], "aa" TS2 "bb");
	got_free(&g);
	detail_logjoin_done(&j);
}

static void
test_logjoin_streams_apart(void **state)
{
	struct detail_logjoin j;
	struct got g = {0};

	(void)state;
	detail_logjoin_init(&j, true, false, got_line, &g);
	detail_logjoin_feed(&j, DEMUX_STDOUT, TS1 "out", 34, true);
	/* A whole stderr line between the pieces of a stdout one. */
	detail_logjoin_feed(&j, DEMUX_STDERR, TS2 "err\n", 35, true);
	/* Its timestamp split over two feeds of one frame. */
	detail_logjoin_feed(&j, DEMUX_STDOUT, TS2, 10, true);
	detail_logjoin_feed(
	    &j, DEMUX_STDOUT, TS2 + 10, strlen(TS2) - 10, false);
	detail_logjoin_feed(&j, DEMUX_STDOUT, "put\n", 4, false);
	detail_logjoin_flush(&j);
	assert_int_equal(g.n, 2);
	assert_int_equal(g.st[0], DEMUX_STDERR);
	assert_string_equal(g.lines[0], TS2 "err");
	assert_int_equal(g.st[1], DEMUX_STDOUT);
	assert_string_equal(g.lines[1], TS1 "output");
	got_free(&g);
	detail_logjoin_done(&j);
}

/* 40000 bytes as the engine sends them: pieces of 16 KiB, each stamped. */
static void
test_logjoin_long_line(void **state)
{
	struct detail_logjoin j;
	struct got g = {0};
	char *xs = xmalloc(40001);
	struct buf b;

	(void)state;
	memset(xs, 'x', 40000);
	xs[40000] = '\0';
	detail_logjoin_init(&j, true, false, got_line, &g);
	for (size_t off = 0; off < 40000; off += 16384) {
		size_t n = 40000 - off < 16384 ? 40000 - off : 16384;

		buf_init(&b);
		buf_puts(&b, off ? TS2 : TS1);
		buf_append(&b, xs + off, n);
		if (off + n == 40000)
			buf_putc(&b, '\n');
		detail_logjoin_feed(&j, DEMUX_STDOUT, b.data, b.len, true);
		buf_done(&b);
	}
	detail_logjoin_flush(&j);
	assert_int_equal(g.n, 1);
	assert_int_equal(strlen(g.lines[0]), strlen(TS1) + 40000);
	assert_memory_equal(g.lines[0], TS1, strlen(TS1));
	assert_string_equal(g.lines[0] + strlen(TS1), xs);
	got_free(&g);
	detail_logjoin_done(&j);
	free(xs);
}

/*
 * A TTY's raw stream has no frames: the pieces are 16 KiB counted from
 * each timestamp, wherever the reads split the stream.
 */
static void
test_logjoin_raw_stream(void **state)
{
	static const size_t chunks[] = {1, 7, 100, 4096, 16384, 65536};
	struct buf b;
	char *xs = xmalloc(40001);

	(void)state;
	memset(xs, 'x', 40000);
	xs[40000] = '\0';
	buf_init(&b);
	for (size_t off = 0; off < 40000; off += 16384) {
		buf_puts(&b, off ? TS2 : TS1);
		buf_append(
		    &b, xs + off, 40000 - off < 16384 ? 40000 - off : 16384);
	}
	/* A TTY ends lines in "\r\n"; then a short line, then a piece of
	 * exactly 16 KiB that ended a line. */
	buf_puts(&b, "\r\n" TS2 "short\r\n" TS1);
	buf_append(&b, xs, 16383);
	buf_puts(&b, "\n" TS2 "2024 is no timestamp\n");
	for (size_t c = 0; c < sizeof chunks / sizeof chunks[0]; c++) {
		struct detail_logjoin j;
		struct got g = {0};

		detail_logjoin_init(&j, true, true, got_line, &g);
		for (size_t off = 0; off < b.len; off += chunks[c])
			detail_logjoin_feed(&j, DEMUX_STDOUT, b.data + off,
			    b.len - off < chunks[c] ? b.len - off : chunks[c],
			    false);
		detail_logjoin_flush(&j);
		assert_int_equal(g.n, 4);
		assert_int_equal(strlen(g.lines[0]), strlen(TS1) + 40000);
		assert_string_equal(g.lines[0] + strlen(TS1), xs);
		assert_string_equal(g.lines[1], TS2 "short");
		assert_int_equal(strlen(g.lines[2]), strlen(TS1) + 16383);
		assert_string_equal(g.lines[3], TS2 "2024 is no timestamp");
		got_free(&g);
		detail_logjoin_done(&j);
	}
	buf_done(&b);
	free(xs);
}

/* ---- apps on a fake engine ---- */

static struct console *
fake_app(struct fake_engine *fe, const char *info)
{
	struct endpoint ep;
	struct docker *d;
	struct config cfg;
	struct app_opts o = {0};
	struct console *a;
	char *cause = NULL;

	assert_true(endpoint_parse(&ep,
	    fe ? fake_engine_addr(fe) : "unix:///nonexistent/b.sock", &cause));
	d = docker_new(&ep, &cause);
	endpoint_done(&ep);
	assert_non_null(d);
	config_init(&cfg);
	a = app_new(d, &cfg, &o, &berth_parts);
	if (info) {
		struct store *s = &console_engine(a)->store;

		s->slot[STORE_INFO] = decode_info(info, strlen(info), &cause);
		assert_non_null(store_info(s));
		s->loaded[STORE_INFO] = true;
	}
	return a;
}

static const char top_json[] =
    "{\"Titles\":[\"Name\",\"PID\"],\"Processes\":[[\"cmd.exe\",\"4\"]]}";

/* Pumps until the detail's tab shows a line that contains text. */
static bool
wait_line(struct console *a, struct detail *dt, const char *text)
{
	for (int i = 0; i < 200; i++) {
		const char *l;

		for (size_t k = 0; (l = detail_line(dt, k, NULL)) != NULL; k++)
			if (strstr(l, text))
				return true;
		http_step(docker_http(console_engine(a)->d), 20);
	}
	return false;
}

static void
test_top_windows_without_ps_args(void **state)
{
	char *ok =
	    fake_response(200, "Content-Type: application/json\r\n", top_json);
	struct fake_reply reply = {{ok}, false, false};
	struct fake_engine *fe = fake_engine_start(&reply, 1);
	struct console *a;
	struct detail *dt;
	const char *req;

	(void)state;
	assert_non_null(fe);
	a = fake_app(fe, "{\"OSType\":\"windows\"}");
	detail_open(a, console_engine(a), KIND_CONTAINER, "c1", "iis", TAB_TOP);
	dt = console_view(a);
	assert_true(wait_line(a, dt, "cmd.exe"));
	req = fake_engine_requests(fe);
	assert_non_null(strstr(req, "/containers/c1/top HTTP/1.1\n"));
	assert_null(strstr(req, "ps_args"));
	app_free(a);
	fake_engine_stop(fe);
	free(ok);
}

static void
test_top_retries_without_ps_args(void **state)
{
	char *refused = fake_response(500, "Content-Type: application/json\r\n",
	    "{\"message\":\"Windows does not support arguments to top\"}");
	char *ok =
	    fake_response(200, "Content-Type: application/json\r\n", top_json);
	struct fake_reply replies[] = {
	    {{refused}, false, false}, {{ok}, false, false}};
	struct fake_engine *fe = fake_engine_start(replies, 2);
	struct console *a;
	struct detail *dt;
	const char *req, *first;

	(void)state;
	assert_non_null(fe);
	/* The engine's OSType not known yet: the refusal tells. */
	a = fake_app(fe, NULL);
	detail_open(a, console_engine(a), KIND_CONTAINER, "c1", "iis", TAB_TOP);
	dt = console_view(a);
	assert_true(wait_line(a, dt, "cmd.exe"));
	req = fake_engine_requests(fe);
	first = strstr(req, "/containers/c1/top?ps_args=-ef HTTP/1.1\n");
	assert_non_null(first);
	assert_non_null(strstr(first, "/containers/c1/top HTTP/1.1\n"));
	app_free(a);
	fake_engine_stop(fe);
	free(refused);
	free(ok);
}

/* ---- JSON views of rows that are not objects ---- */

static void
test_event_json_view(void **state)
{
	char k1[] = "name", v1[] = "web \"1\"", k2[] = "image", v2[] = "nginx";
	char type[] = "container", action[] = "start";
	char id[] = "0123456789abcdef0123", scope[] = "local";
	struct kv attrs[] = {{k1, v1}, {k2, v2}};
	struct docker_event e = {type, action, id, {attrs, 2}, scope,
	    1714558830, 1714558830123456789LL};
	struct console *a = fake_app(NULL, NULL);
	struct detail *dt = detail_new_event(a, console_engine(a), &e);
	struct buf all;
	const char *l;

	(void)state;
	assert_int_equal(detail_tab(dt), TAB_INSPECT);
	buf_init(&all);
	for (size_t k = 0; (l = detail_line(dt, k, NULL)) != NULL; k++) {
		buf_puts(&all, l);
		buf_putc(&all, '\n');
	}
	assert_non_null(strstr(buf_cstr(&all), "\"Type\": \"container\""));
	assert_non_null(strstr(buf_cstr(&all), "\"Action\": \"start\""));
	assert_non_null(
	    strstr(buf_cstr(&all), "\"ID\": \"0123456789abcdef0123\""));
	assert_non_null(strstr(buf_cstr(&all), "\"name\": \"web \\\"1\\\"\""));
	assert_non_null(
	    strstr(buf_cstr(&all), "\"timeNano\": 1714558830123456789"));
	buf_done(&all);
	detail_free(dt);
	app_free(a);
}

/*
 * i in the host pane opens the engine's JSON view through the core's
 * generic inspect (there is no engine here: the title says which view
 * opened).
 */
static void
test_host_inspects_engine(void **state)
{
	struct console *a;
	WINDOW *w;
	char *dump;

	(void)state;
	ts_init(20, 100);
	w = ts_window(20, 100);
	a = fake_app(NULL, NULL);
	assert_true(console_show_pane(a, "host"));
	app_feed_key(a, 'i');
	assert_non_null((struct detail *)console_view(a));
	assert_int_equal(
	    detail_tab((struct detail *)console_view(a)), TAB_INSPECT);
	app_draw_to(a, w, 20, 100);
	dump = ts_dump(w);
	assert_non_null(strstr(dump, "host engine  Inspect"));
	free(dump);
	app_free(a);
	ts_done();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_logjoin_strips_continuation_timestamps),
	    cmocka_unit_test(test_logjoin_keeps_what_is_no_timestamp),
	    cmocka_unit_test(test_logjoin_without_timestamps_changes_nothing),
	    cmocka_unit_test(test_logjoin_streams_apart),
	    cmocka_unit_test(test_logjoin_long_line),
	    cmocka_unit_test(test_logjoin_raw_stream),
	    cmocka_unit_test(test_top_windows_without_ps_args),
	    cmocka_unit_test(test_top_retries_without_ps_args),
	    cmocka_unit_test(test_event_json_view),
	    cmocka_unit_test(test_host_inspects_engine),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
