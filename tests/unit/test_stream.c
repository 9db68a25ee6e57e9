/* Unit tests for the JSON-lines splitter, the log demultiplexer and linebuf. */

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "api/buf.h"
#include "api/stream.h"
#include "api/xalloc.h"
#include "tests/support/fixture.h"

/*
 * What a parser handed out: a list of (stream, bytes). For the raw demux
 * output adjacent pieces of one stream are merged, because how a frame is
 * cut into callbacks depends on the split points and is not part of the
 * contract; whole lines and documents are compared one by one.
 */
struct piece {
	int stream;
	struct buf b;
};

struct out {
	struct piece *v;
	size_t n;
	bool merge;
	size_t stop_after; /* jsonl: stop after this many */
	size_t max_piece; /* the longest single callback seen */
};

static void
out_init(struct out *o, bool merge)
{
	memset(o, 0, sizeof *o);
	o->merge = merge;
}

static void
out_done(struct out *o)
{
	for (size_t i = 0; i < o->n; i++)
		buf_done(&o->v[i].b);
	free(o->v);
	memset(o, 0, sizeof *o);
}

static void
out_add(struct out *o, int stream, const char *s, size_t n)
{
	if (n > o->max_piece)
		o->max_piece = n;
	if (o->merge && o->n > 0 && o->v[o->n - 1].stream == stream) {
		buf_append(&o->v[o->n - 1].b, s, n);
		return;
	}
	o->v = xreallocarray(o->v, o->n + 1, sizeof *o->v);
	o->v[o->n].stream = stream;
	buf_init(&o->v[o->n].b);
	buf_append(&o->v[o->n].b, s, n);
	o->n++;
}

static void
out_assert_equal(
    const struct out *a, const struct out *b, const char *what, size_t split)
{
	if (a->n != b->n)
		fail_msg("%s split at %zu: %zu pieces, expected %zu", what,
		    split, a->n, b->n);
	for (size_t i = 0; i < a->n; i++) {
		if (a->v[i].stream != b->v[i].stream ||
		    a->v[i].b.len != b->v[i].b.len ||
		    memcmp(buf_cstr(&a->v[i].b), buf_cstr(&b->v[i].b),
			a->v[i].b.len) != 0)
			fail_msg(
			    "%s split at %zu: piece %zu differs "
			    "(stream %d \"%s\", expected stream %d \"%s\")",
			    what, split, i, a->v[i].stream,
			    buf_cstr(&a->v[i].b), b->v[i].stream,
			    buf_cstr(&b->v[i].b));
	}
}

/* Checks piece i against a stream and a C string. */
static void
out_assert_piece(const struct out *o, size_t i, int stream, const char *s)
{
	assert_true(i < o->n);
	assert_int_equal(o->v[i].stream, stream);
	assert_int_equal(o->v[i].b.len, strlen(s));
	assert_memory_equal(buf_cstr(&o->v[i].b), s, strlen(s));
}

/* ---- callbacks ---- */

static bool
on_doc(const char *line, size_t len, void *arg)
{
	struct out *o = arg;

	out_add(o, 0, line, len);
	return o->stop_after == 0 || o->n < o->stop_after;
}

static void
on_demux(enum demux_stream st, const char *data, size_t len, void *arg)
{
	/* Zero-length pieces carry nothing and must not be handed out. */
	assert_true(len > 0);
	out_add(arg, (int)st, data, len);
}

static void
on_line(enum demux_stream st, const char *line, size_t len, void *arg)
{
	out_add(arg, (int)st, line, len);
}

/* demux feeding linebuf, as the logs view does. */
struct pipeline {
	struct demux d;
	struct linebuf lb;
	struct out o;
};

static void
pipe_to_lines(enum demux_stream st, const char *data, size_t len, void *arg)
{
	struct pipeline *p = arg;

	linebuf_feed(&p->lb, st, data, len);
}

static void
pipeline_init(struct pipeline *p, bool raw)
{
	out_init(&p->o, false);
	demux_init(&p->d, raw, pipe_to_lines, p);
	linebuf_init(&p->lb, on_line, &p->o);
}

static void
pipeline_done(struct pipeline *p)
{
	linebuf_done(&p->lb);
	out_done(&p->o);
}

/* ---- input builders ---- */

static void
frame(struct buf *b, int type, const char *p, size_t n)
{
	unsigned char h[8] = {(unsigned char)type, 0, 0, 0,
	    (unsigned char)(n >> 24), (unsigned char)(n >> 16),
	    (unsigned char)(n >> 8), (unsigned char)n};

	buf_append(b, h, sizeof h);
	buf_append(b, p, n);
}

static void
frame_str(struct buf *b, int type, const char *s)
{
	frame(b, type, s, strlen(s));
}

/* Engine events and pull progress as /events and /images/create send them. */
static const char events_input[] =
    "{\"status\":\"create\",\"id\":\"4f1c9e\",\"from\":\"berth-test/app\","
    "\"Type\":\"container\",\"Action\":\"create\",\"Actor\":{\"ID\":"
    "\"4f1c9e\",\"Attributes\":{\"image\":\"berth-test/app\",\"name\":"
    "\"berth-it-a\"}},\"scope\":\"local\",\"time\":1700000000,"
    "\"timeNano\":1700000000123456789}\n"
    "{\"Type\":\"network\",\"Action\":\"connect\",\"Actor\":{\"ID\":"
    "\"9a0b\",\"Attributes\":{\"container\":\"4f1c9e\",\"name\":\"bridge\","
    "\"type\":\"bridge\"}},\"scope\":\"local\",\"time\":1700000001,"
    "\"timeNano\":1700000001000000000}\n"
    "\n"
    "{\"status\":\"Pulling from berth-test/base\",\"id\":\"latest\"}\r\n"
    "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":1024,"
    "\"total\":4096},\"progress\":\"[=====>     ]  1.024kB/4.096kB\","
    "\"id\":\"a1b2c3\"}\r\n"
    "\r\n"
    "{\"errorDetail\":{\"message\":\"pull access denied\"},"
    "\"error\":\"pull access denied\"}\n"
    "{\"status\":\"die\",\"id\":\"4f1c9e\",\"Actor\":{\"Attributes\":"
    "{\"exitCode\":\"137\"}}}";

static const char *const events_docs[] = {
    "{\"status\":\"create\"",
    "{\"Type\":\"network\"",
    "{\"status\":\"Pulling from berth-test/base\",\"id\":\"latest\"}",
    "{\"status\":\"Downloading\"",
    "{\"errorDetail\"",
    "{\"status\":\"die\"",
};

static void
jsonl_run(
    struct out *o, const char *data, size_t len, size_t split, bool bytewise)
{
	struct jsonl j;

	jsonl_init(&j, on_doc, o);
	if (bytewise) {
		for (size_t i = 0; i < len; i++)
			assert_true(jsonl_feed(&j, data + i, 1));
	} else {
		assert_true(jsonl_feed(&j, data, split));
		assert_true(jsonl_feed(&j, data + split, len - split));
	}
	assert_true(jsonl_finish(&j));
	jsonl_done(&j);
}

static void
test_jsonl_whole(void **state)
{
	struct out o;
	size_t n = sizeof events_docs / sizeof events_docs[0];

	out_init(&o, false);
	jsonl_run(&o, events_input, strlen(events_input), strlen(events_input),
	    false);
	assert_int_equal(o.n, n);
	for (size_t i = 0; i < n; i++) {
		const char *doc = buf_cstr(&o.v[i].b);

		assert_memory_equal(
		    doc, events_docs[i], strlen(events_docs[i]));
		/* No line ending survives, and documents end with '}'. */
		assert_int_equal(doc[o.v[i].b.len - 1], '}');
	}
	out_done(&o);
}

static void
test_jsonl_every_split(void **state)
{
	size_t len = strlen(events_input);
	struct out whole, o;

	out_init(&whole, false);
	jsonl_run(&whole, events_input, len, len, false);
	for (size_t i = 0; i <= len; i++) {
		out_init(&o, false);
		jsonl_run(&o, events_input, len, i, false);
		out_assert_equal(&o, &whole, "jsonl", i);
		out_done(&o);
	}
	out_init(&o, false);
	jsonl_run(&o, events_input, len, 0, true);
	out_assert_equal(&o, &whole, "jsonl bytewise", 1);
	out_done(&o);
	out_done(&whole);
}

/* Events captured from a real engine, fed cut at every byte. */
static void
test_jsonl_fixture_every_split(void **state)
{
	struct out whole, o;
	size_t len, lines = 0;
	char *in = fixture_read("events.v1.41.jsonl", &len);

	for (size_t i = 0; i < len; i++)
		if (in[i] == '\n')
			lines++;
	assert_true(lines > 10);

	out_init(&whole, false);
	jsonl_run(&whole, in, len, len, false);
	assert_int_equal(whole.n, lines);
	for (size_t i = 0; i < whole.n; i++) {
		assert_int_equal(whole.v[i].b.data[0], '{');
		assert_int_equal(whole.v[i].b.data[whole.v[i].b.len - 1], '}');
	}
	for (size_t i = 0; i <= len; i++) {
		out_init(&o, false);
		jsonl_run(&o, in, len, i, false);
		out_assert_equal(&o, &whole, "events fixture", i);
		out_done(&o);
	}
	out_done(&whole);
	free(in);
}

static void
test_jsonl_crlf_and_blank_lines(void **state)
{
	static const char in[] =
	    "\r\n\n{\"a\":1}\r\n  \r\n\t\n\n{\"b\":2}\n\r\n";
	struct out o;
	struct jsonl j;

	out_init(&o, false);
	jsonl_init(&j, on_doc, &o);
	assert_true(jsonl_feed(&j, in, strlen(in)));
	assert_true(jsonl_finish(&j));
	assert_int_equal(o.n, 2);
	out_assert_piece(&o, 0, 0, "{\"a\":1}");
	out_assert_piece(&o, 1, 0, "{\"b\":2}");
	jsonl_done(&j);
	out_done(&o);
}

static void
test_jsonl_last_line_needs_finish(void **state)
{
	struct out o;
	struct jsonl j;

	out_init(&o, false);
	jsonl_init(&j, on_doc, &o);
	assert_true(jsonl_feed(&j, "{\"a\":1}\n{\"b\"", 12));
	assert_int_equal(o.n, 1);
	assert_true(jsonl_feed(&j, ":2}\r", 4));
	/* Still waiting: the stream could go on. */
	assert_int_equal(o.n, 1);
	assert_true(jsonl_finish(&j));
	assert_int_equal(o.n, 2);
	out_assert_piece(&o, 1, 0, "{\"b\":2}");
	/* A second finish has nothing left to give. */
	assert_true(jsonl_finish(&j));
	assert_int_equal(o.n, 2);
	/* A blank tail is not a document. */
	assert_true(jsonl_feed(&j, "  ", 2));
	assert_true(jsonl_finish(&j));
	assert_int_equal(o.n, 2);
	jsonl_done(&j);
	out_done(&o);
}

static void
test_jsonl_default_limit(void **state)
{
	struct jsonl j;

	jsonl_init(&j, on_doc, NULL);
	assert_int_equal(j.max_line, 16 * 1024 * 1024);
	jsonl_done(&j);
}

/* Feeds in in pieces of step bytes with a small limit. */
static void
jsonl_limited(struct out *o, const char *in, size_t len, size_t max,
    size_t step, size_t *peak)
{
	struct jsonl j;

	jsonl_init(&j, on_doc, o);
	j.max_line = max;
	*peak = 0;
	for (size_t i = 0; i < len; i += step) {
		size_t n = len - i < step ? len - i : step;

		assert_true(jsonl_feed(&j, in + i, n));
		if (j.pending.len > *peak)
			*peak = j.pending.len;
	}
	assert_true(jsonl_finish(&j));
	jsonl_done(&j);
}

static void
test_jsonl_overlong_line_dropped(void **state)
{
	struct buf in;
	struct out o;
	size_t peak, steps[] = {1, 3, 7, 100, 1 << 20};

	buf_init(&in);
	buf_puts(&in, "{\"a\":1}\n");
	for (int i = 0; i < 100000; i++)
		buf_putc(&in, 'x');
	buf_puts(&in, "\n");
	/* Exactly the limit (16) is kept, also with "\r\n". */
	buf_puts(&in, "{\"b\":\"12345678\"}\r\n");
	buf_puts(&in, "{\"c\":\"123456789\"}\n"); /* 17: dropped */
	/* 17 and a '\r': dropped. */
	buf_puts(&in, "{\"d\":\"123456789\"}\r\n");
	buf_puts(&in, "{\"e\":1}\n");
	for (int i = 0; i < 1000; i++)
		buf_putc(&in, 'y'); /* an over-long last line */

	for (size_t s = 0; s < sizeof steps / sizeof steps[0]; s++) {
		out_init(&o, false);
		jsonl_limited(&o, in.data, in.len, 16, steps[s], &peak);
		assert_int_equal(o.n, 3);
		out_assert_piece(&o, 0, 0, "{\"a\":1}");
		out_assert_piece(&o, 1, 0, "{\"b\":\"12345678\"}");
		out_assert_piece(&o, 2, 0, "{\"e\":1}");
		/* Memory stays bounded by the limit, not the line. */
		assert_true(peak <= 18);
		out_done(&o);
	}
	buf_done(&in);
}

static void
test_jsonl_stop(void **state)
{
	static const char in[] = "{\"a\":1}\n{\"b\":2}\n{\"c\":3}\n";
	struct out o;
	struct jsonl j;

	out_init(&o, false);
	o.stop_after = 2;
	jsonl_init(&j, on_doc, &o);
	assert_false(jsonl_feed(&j, in, strlen(in)));
	assert_int_equal(o.n, 2);
	out_assert_piece(&o, 1, 0, "{\"b\":2}");
	jsonl_done(&j);
	out_done(&o);

	/* The verdict also comes back from finish. */
	out_init(&o, false);
	o.stop_after = 1;
	jsonl_init(&j, on_doc, &o);
	assert_true(jsonl_feed(&j, "{\"a\":1}", 7));
	assert_false(jsonl_finish(&j));
	assert_int_equal(o.n, 1);
	jsonl_done(&j);
	out_done(&o);
}

/* ---- demux ---- */

/* A log stream as GET /containers/{id}/logs sends it without a TTY. */
static void
logs_input(struct buf *b)
{
	buf_init(b);
	frame_str(b, 1, "2024-05-01T10:00:00.000000001Z starting app v1\n");
	frame_str(b, 2, "2024-05-01T10:00:00.000000002Z warning: no config\n");
	frame_str(b, 1, "2024-05-01T10:00:01.000000000Z hello ");
	frame(b, 1, "", 0);
	frame_str(b, 1, "world\n");
	frame_str(b, 0, "typed input\n");
	frame_str(b, 1, "windows line\r\n");
	frame_str(b, 2, "partial err");
	frame_str(b, 1, "two\nlines\n");
	frame_str(b, 3,
	    "error from daemon in stream: Error grabbing logs: "
	    "invalid character 'x' looking for beginning of value\n");
	frame_str(b, 2, " continues\n");
	frame(b, 2, "", 0);
	frame_str(b, 1, "no newline at the end");
}

struct expect {
	int stream;
	const char *s;
};

static const struct expect logs_lines[] = {
    {1, "2024-05-01T10:00:00.000000001Z starting app v1"},
    {2, "2024-05-01T10:00:00.000000002Z warning: no config"},
    {1, "2024-05-01T10:00:01.000000000Z hello world"}, {0, "typed input"},
    {1, "windows line"}, {1, "two"}, {1, "lines"},
    {3, "error from daemon in stream: Error grabbing logs: invalid "
	"character 'x' looking for beginning of value"},
    {2, "partial err continues"},
    {1, "no newline at the end"}, /* from linebuf_flush */
};

static void
demux_run(struct out *o, bool raw, const char *data, size_t len, size_t split,
    bool bytewise)
{
	struct demux d;

	demux_init(&d, raw, on_demux, o);
	if (bytewise) {
		for (size_t i = 0; i < len; i++)
			assert_true(demux_feed(&d, data + i, 1));
	} else {
		assert_true(demux_feed(&d, data, split));
		assert_true(demux_feed(&d, data + split, len - split));
	}
	assert_false(d.bad);
	/* Every frame was complete. */
	assert_int_equal(d.hdr_len, 0);
	assert_int_equal(d.remaining, 0);
}

static void
test_demux_frames(void **state)
{
	struct buf in;
	struct out o;

	logs_input(&in);
	out_init(&o, true);
	demux_run(&o, false, in.data, in.len, in.len, false);
	out_assert_piece(
	    &o, 0, 1, "2024-05-01T10:00:00.000000001Z starting app v1\n");
	out_assert_piece(
	    &o, 1, 2, "2024-05-01T10:00:00.000000002Z warning: no config\n");
	/* Frames of one stream, with an empty one between, run together. */
	out_assert_piece(
	    &o, 2, 1, "2024-05-01T10:00:01.000000000Z hello world\n");
	out_assert_piece(&o, 3, 0, "typed input\n");
	out_assert_piece(&o, 4, 1, "windows line\r\n");
	out_assert_piece(&o, 5, 2, "partial err");
	out_assert_piece(&o, 6, 1, "two\nlines\n");
	out_assert_piece(&o, 7, 3,
	    "error from daemon in stream: Error "
	    "grabbing logs: invalid character 'x' looking for beginning of "
	    "value\n");
	out_assert_piece(&o, 8, 2, " continues\n");
	out_assert_piece(&o, 9, 1, "no newline at the end");
	assert_int_equal(o.n, 10);
	out_done(&o);
	buf_done(&in);
}

static void
test_demux_every_split(void **state)
{
	struct buf in;
	struct out whole, o;

	logs_input(&in);
	out_init(&whole, true);
	demux_run(&whole, false, in.data, in.len, in.len, false);
	for (size_t i = 0; i <= in.len; i++) {
		out_init(&o, true);
		demux_run(&o, false, in.data, in.len, i, false);
		out_assert_equal(&o, &whole, "demux", i);
		out_done(&o);
	}
	out_init(&o, true);
	demux_run(&o, false, in.data, in.len, 0, true);
	out_assert_equal(&o, &whole, "demux bytewise", 1);
	out_done(&o);
	out_done(&whole);
	buf_done(&in);
}

static void
test_demux_raw(void **state)
{
	struct buf in;
	struct out o, whole;

	/* A TTY container's output is not framed; what looks like a header
	 * is content. */
	logs_input(&in);
	out_init(&whole, true);
	demux_run(&whole, true, in.data, in.len, in.len, false);
	assert_int_equal(whole.n, 1);
	assert_int_equal(whole.v[0].stream, DEMUX_STDOUT);
	assert_int_equal(whole.v[0].b.len, in.len);
	assert_memory_equal(whole.v[0].b.data, in.data, in.len);
	for (size_t i = 0; i <= in.len; i += 7) {
		out_init(&o, true);
		demux_run(&o, true, in.data, in.len, i, false);
		out_assert_equal(&o, &whole, "raw", i);
		out_done(&o);
	}
	out_init(&o, true);
	demux_run(&o, true, in.data, in.len, 0, true);
	out_assert_equal(&o, &whole, "raw bytewise", 1);
	out_done(&o);
	out_done(&whole);
	buf_done(&in);
}

static void
test_demux_partial_header_waits(void **state)
{
	struct out o;
	struct demux d;
	struct buf in;

	buf_init(&in);
	frame_str(&in, 2, "abc");
	out_init(&o, true);
	demux_init(&d, false, on_demux, &o);
	assert_true(demux_feed(&d, in.data, 5));
	assert_int_equal(o.n, 0);
	assert_int_equal(d.hdr_len, 5);
	assert_true(demux_feed(&d, in.data + 5, 4));
	assert_int_equal(o.n, 1);
	out_assert_piece(&o, 0, 2, "a");
	assert_int_equal(d.remaining, 2);
	assert_true(demux_feed(&d, in.data + 9, 2));
	out_assert_piece(&o, 0, 2, "abc");
	assert_int_equal(d.remaining, 0);
	/* An empty feed is harmless. */
	assert_true(demux_feed(&d, "", 0));
	out_done(&o);
	buf_done(&in);
}

static void
test_demux_large_size(void **state)
{
	struct out o;
	struct demux d;
	static const unsigned char h[8] = {1, 0, 0, 0, 1, 2, 3, 4};

	/* The size is big endian and uses all four bytes. */
	out_init(&o, true);
	demux_init(&d, false, on_demux, &o);
	assert_true(demux_feed(&d, (const char *)h, sizeof h));
	assert_int_equal(d.remaining, 0x01020304);
	assert_true(demux_feed(&d, "xyz", 3));
	assert_int_equal(d.remaining, 0x01020304 - 3);
	out_assert_piece(&o, 0, 1, "xyz");
	out_done(&o);
}

/* A bad header after a good frame, fed split at every point. */
static void
demux_expect_bad(const unsigned char bad[8])
{
	struct buf in;

	buf_init(&in);
	frame_str(&in, 1, "good\n");
	buf_append(&in, bad, 8);
	buf_puts(&in, "never delivered");
	frame_str(&in, 1, "nor this\n");
	for (size_t i = 0; i <= in.len; i++) {
		struct out o;
		struct demux d;
		bool ok;

		out_init(&o, true);
		demux_init(&d, false, on_demux, &o);
		ok = demux_feed(&d, in.data, i);
		ok = demux_feed(&d, in.data + i, in.len - i) && ok;
		assert_false(ok);
		assert_true(d.bad);
		/* Once bad, always bad: nothing more is delivered. */
		assert_false(demux_feed(&d, in.data, in.len));
		assert_int_equal(o.n, 1);
		out_assert_piece(&o, 0, 1, "good\n");
		out_done(&o);
	}
	buf_done(&in);
}

static void
test_demux_malformed_headers(void **state)
{
	static const unsigned char bad_type[8] = {4, 0, 0, 0, 0, 0, 0, 1};
	static const unsigned char type_ff[8] = {0xff, 0, 0, 0, 0, 0, 0, 0};
	static const unsigned char pad1[8] = {1, 1, 0, 0, 0, 0, 0, 1};
	static const unsigned char pad2[8] = {2, 0, 0x80, 0, 0, 0, 0, 1};
	static const unsigned char pad3[8] = {1, 0, 0, 1, 0, 0, 0, 5};
	/* What a raw TTY stream looks like when read as frames. */
	static const unsigned char text[8] = {
	    'h', 'e', 'l', 'l', 'o', ' ', 'w', 'o'};

	demux_expect_bad(bad_type);
	demux_expect_bad(type_ff);
	demux_expect_bad(pad1);
	demux_expect_bad(pad2);
	demux_expect_bad(pad3);
	demux_expect_bad(text);
}

/* ---- linebuf ---- */

static void
pipeline_run(struct pipeline *p, const char *data, size_t len, size_t split,
    bool bytewise)
{
	if (bytewise) {
		for (size_t i = 0; i < len; i++)
			assert_true(demux_feed(&p->d, data + i, 1));
	} else {
		assert_true(demux_feed(&p->d, data, split));
		assert_true(demux_feed(&p->d, data + split, len - split));
	}
	linebuf_flush(&p->lb);
}

static void
test_linebuf_log_lines(void **state)
{
	struct buf in;
	struct pipeline p;
	size_t n = sizeof logs_lines / sizeof logs_lines[0];

	logs_input(&in);
	pipeline_init(&p, false);
	pipeline_run(&p, in.data, in.len, in.len, false);
	assert_int_equal(p.o.n, n);
	for (size_t i = 0; i < n; i++)
		out_assert_piece(
		    &p.o, i, logs_lines[i].stream, logs_lines[i].s);
	pipeline_done(&p);
	buf_done(&in);
}

static void
test_linebuf_every_split(void **state)
{
	struct buf in;
	struct pipeline whole, p;

	logs_input(&in);
	pipeline_init(&whole, false);
	pipeline_run(&whole, in.data, in.len, in.len, false);
	for (size_t i = 0; i <= in.len; i++) {
		pipeline_init(&p, false);
		pipeline_run(&p, in.data, in.len, i, false);
		out_assert_equal(&p.o, &whole.o, "lines", i);
		pipeline_done(&p);
	}
	pipeline_init(&p, false);
	pipeline_run(&p, in.data, in.len, 0, true);
	out_assert_equal(&p.o, &whole.o, "lines bytewise", 1);
	pipeline_done(&p);
	pipeline_done(&whole);
	buf_done(&in);
}

static void
test_linebuf_joins_40k_line(void **state)
{
	size_t big = 40 * 1024, chunk = 16 * 1024;
	char *line = xmalloc(big);
	struct buf in;
	struct pipeline p;

	for (size_t i = 0; i < big; i++)
		line[i] = (char)('a' + i % 26);
	/* The engine cuts a long line into 16 KiB frames; another stream's
	 * frame may come between them. */
	buf_init(&in);
	frame(&in, 1, line, chunk);
	frame_str(&in, 2, "interleaved\n");
	frame(&in, 1, line + chunk, chunk);
	frame(&in, 1, line + 2 * chunk, big - 2 * chunk);
	frame_str(&in, 1, "\nnext\n");

	size_t splits[] = {
	    0, 5, 8, chunk + 8, chunk + 9, in.len / 2, in.len - 3, in.len};
	for (size_t s = 0; s < sizeof splits / sizeof splits[0]; s++) {
		pipeline_init(&p, false);
		pipeline_run(&p, in.data, in.len, splits[s], false);
		assert_int_equal(p.o.n, 3);
		out_assert_piece(&p.o, 0, 2, "interleaved");
		assert_int_equal(p.o.v[1].stream, 1);
		assert_int_equal(p.o.v[1].b.len, big);
		assert_memory_equal(p.o.v[1].b.data, line, big);
		out_assert_piece(&p.o, 2, 1, "next");
		pipeline_done(&p);
	}
	pipeline_init(&p, false);
	pipeline_run(&p, in.data, in.len, 0, true);
	assert_int_equal(p.o.n, 3);
	assert_int_equal(p.o.v[1].b.len, big);
	assert_memory_equal(p.o.v[1].b.data, line, big);
	pipeline_done(&p);
	buf_done(&in);
	free(line);
}

static void
test_linebuf_raw_tty(void **state)
{
	static const char in[] = "$ ls\r\nbin  etc\r\n\x1b[0m$ ";
	struct pipeline p;

	pipeline_init(&p, true);
	for (size_t i = 0; i < sizeof in - 1; i++)
		assert_true(demux_feed(&p.d, in + i, 1));
	assert_int_equal(p.o.n, 2);
	linebuf_flush(&p.lb);
	assert_int_equal(p.o.n, 3);
	out_assert_piece(&p.o, 0, 1, "$ ls");
	out_assert_piece(&p.o, 1, 1, "bin  etc");
	out_assert_piece(&p.o, 2, 1, "\x1b[0m$ ");
	pipeline_done(&p);
}

static void
test_linebuf_crlf_and_flush(void **state)
{
	struct out o;
	struct linebuf lb;

	out_init(&o, false);
	linebuf_init(&lb, on_line, &o);
	assert_int_equal(lb.max_line, 1024 * 1024);
	linebuf_feed(&lb, DEMUX_STDOUT, "a\r", 2);
	linebuf_feed(&lb, DEMUX_STDERR, "err\r\n", 5);
	linebuf_feed(&lb, DEMUX_STDOUT, "\n\r\n\nmid\rcr\n", 11);
	linebuf_feed(&lb, DEMUX_STDERR, "tail\r", 5);
	out_assert_piece(&o, 0, 2, "err");
	out_assert_piece(&o, 1, 1, "a");
	/* Empty lines are lines in a log. */
	out_assert_piece(&o, 2, 1, "");
	out_assert_piece(&o, 3, 1, "");
	/* Only a '\r' that ends the line goes. */
	out_assert_piece(&o, 4, 1, "mid\rcr");
	assert_int_equal(o.n, 5);
	linebuf_flush(&lb);
	out_assert_piece(&o, 5, 2, "tail");
	assert_int_equal(o.n, 6);
	/* Nothing is left to flush twice. */
	linebuf_flush(&lb);
	assert_int_equal(o.n, 6);
	linebuf_done(&lb);
	out_done(&o);
}

/* Runs in through a linebuf with limit max, step bytes at a time. */
static void
linebuf_limited(
    struct out *o, const char *in, size_t len, size_t max, size_t step)
{
	struct linebuf lb;

	linebuf_init(&lb, on_line, o);
	lb.max_line = max;
	for (size_t i = 0; i < len; i += step) {
		size_t n = len - i < step ? len - i : step;

		linebuf_feed(&lb, DEMUX_STDOUT, in + i, n);
		assert_true(lb.part[DEMUX_STDOUT].len <= max + 1);
	}
	linebuf_flush(&lb);
	linebuf_done(&lb);
}

static void
test_linebuf_long_lines_in_pieces(void **state)
{
	/* Limit 8: 20 bytes give 8 + 8 + 4; exactly 8 (also with "\r\n") is
	 * one line; 9 then "\r\n" is 8 + 1. */
	static const char in[] = "abcdefghijklmnopqrst\n"
				 "12345678\r\n"
				 "ABCDEFGH\n"
				 "123456789\r\n"
				 "abcdefgh"
				 "ijklmnop\n";
	static const char *const want[] = {"abcdefgh", "ijklmnop", "qrst",
	    "12345678", "ABCDEFGH", "12345678", "9", "abcdefgh", "ijklmnop"};
	size_t n = sizeof want / sizeof want[0];
	struct out whole;

	out_init(&whole, false);
	linebuf_limited(&whole, in, sizeof in - 1, 8, sizeof in);
	assert_int_equal(whole.n, n);
	for (size_t i = 0; i < n; i++)
		out_assert_piece(&whole, i, 1, want[i]);
	for (size_t step = 1; step < sizeof in; step++) {
		struct out o;

		out_init(&o, false);
		linebuf_limited(&o, in, sizeof in - 1, 8, step);
		out_assert_equal(&o, &whole, "long lines, step", step);
		assert_true(o.max_piece <= 8);
		out_done(&o);
	}
	out_done(&whole);
}

static void
test_linebuf_pieces_keep_utf8(void **state)
{
	/* "é" is two bytes: cutting at 8 would tear the third one. */
	static const char in[] = "abc\xc3\xa9\xc3\xa9\xc3\xa9xyz\n";
	struct out o;

	for (size_t step = 1; step < sizeof in; step++) {
		out_init(&o, false);
		linebuf_limited(&o, in, sizeof in - 1, 8, step);
		assert_int_equal(o.n, 2);
		out_assert_piece(&o, 0, 1, "abc\xc3\xa9\xc3\xa9");
		out_assert_piece(&o, 1, 1, "\xc3\xa9xyz");
		out_done(&o);
	}
	/* Nothing but continuation bytes: cut at the limit anyway. */
	out_init(&o, false);
	linebuf_limited(&o, "\x80\x80\x80\x80\x80\x80\n", 7, 2, 1);
	assert_int_equal(o.n, 3);
	assert_int_equal(o.v[0].b.len, 2);
	out_done(&o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_jsonl_whole),
	    cmocka_unit_test(test_jsonl_every_split),
	    cmocka_unit_test(test_jsonl_fixture_every_split),
	    cmocka_unit_test(test_jsonl_crlf_and_blank_lines),
	    cmocka_unit_test(test_jsonl_last_line_needs_finish),
	    cmocka_unit_test(test_jsonl_default_limit),
	    cmocka_unit_test(test_jsonl_overlong_line_dropped),
	    cmocka_unit_test(test_jsonl_stop),
	    cmocka_unit_test(test_demux_frames),
	    cmocka_unit_test(test_demux_every_split),
	    cmocka_unit_test(test_demux_raw),
	    cmocka_unit_test(test_demux_partial_header_waits),
	    cmocka_unit_test(test_demux_large_size),
	    cmocka_unit_test(test_demux_malformed_headers),
	    cmocka_unit_test(test_linebuf_log_lines),
	    cmocka_unit_test(test_linebuf_every_split),
	    cmocka_unit_test(test_linebuf_joins_40k_line),
	    cmocka_unit_test(test_linebuf_raw_tty),
	    cmocka_unit_test(test_linebuf_crlf_and_flush),
	    cmocka_unit_test(test_linebuf_long_lines_in_pieces),
	    cmocka_unit_test(test_linebuf_pieces_keep_utf8),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
