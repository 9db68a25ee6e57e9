/*
 * Fuzz target for the stream parsers: JSON lines, the log demultiplexer
 * (framed and raw) and line assembly. Besides not crashing, input split
 * anywhere must give exactly what the whole input gives.
 *
 * Input: four parameter bytes, then the stream.
 *   [0] jsonl limit for the small-limit pass (1..64), and in its top two
 *       bits after how many documents the consumer stops (0: never)
 *   [1] linebuf limit (1..32)
 *   [2], [3] sizes of the pieces the stream is cut into, alternately
 */

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/buf.h"
#include "api/stream.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/*
 * What the parsers handed out, written so that two runs can be compared
 * as bytes: 0xff 0xfe STREAM starts an entry, 0xff 0xfd ends a line, and a
 * 0xff in the data is written 0xff 0x00. Raw demux output is merged per
 * stream because where a frame is cut is not part of the contract.
 */
struct transcript {
	struct buf b;
	int last; /* stream of the open run, or -1 */
	size_t docs;
	size_t stop_after;
	size_t limit; /* the longest line allowed */
};

static void
ts_init(struct transcript *t, size_t stop_after, size_t limit)
{
	buf_init(&t->b);
	t->last = -1;
	t->docs = 0;
	t->stop_after = stop_after;
	t->limit = limit;
}

static void
ts_bytes(struct transcript *t, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		buf_putc(&t->b, s[i]);
		if ((unsigned char)s[i] == 0xff)
			buf_putc(&t->b, '\0');
	}
}

static void
ts_start(struct transcript *t, int stream)
{
	buf_putc(&t->b, (char)0xff);
	buf_putc(&t->b, (char)0xfe);
	buf_putc(&t->b, (char)stream);
}

static void
ts_line(struct transcript *t, int stream, const char *s, size_t n)
{
	if (t->limit != 0 && n > t->limit)
		abort();
	if (memchr(s, '\n', n) != NULL)
		abort();
	ts_start(t, stream);
	ts_bytes(t, s, n);
	buf_putc(&t->b, (char)0xff);
	buf_putc(&t->b, (char)0xfd);
}

static void
ts_same(
    const struct transcript *a, const struct transcript *b, const char *what)
{
	if (a->b.len != b->b.len ||
	    memcmp(buf_cstr(&a->b), buf_cstr(&b->b), a->b.len) != 0) {
		fprintf(stderr, "fuzz_stream: %s differs when split\n", what);
		abort();
	}
}

/* ---- callbacks ---- */

static bool
on_doc(const char *line, size_t len, void *arg)
{
	struct transcript *t = arg;
	size_t i = 0;

	/* Documents are never blank. Only the line ending's '\r' goes: a
	 * second one is the document's (JSON ignores it). */
	while (
	    i < len && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
		i++;
	if (i == len)
		abort();
	ts_line(t, 0, line, len);
	t->docs++;
	return t->stop_after == 0 || t->docs < t->stop_after;
}

static void
on_data(enum demux_stream st, const char *data, size_t len, void *arg)
{
	struct transcript *t = arg;

	if (len == 0 || (unsigned)st > DEMUX_SYSTEM)
		abort();
	if (t->last != (int)st) {
		ts_start(t, (int)st);
		t->last = (int)st;
	}
	ts_bytes(t, data, len);
}

static void
on_line(enum demux_stream st, const char *line, size_t len, void *arg)
{
	ts_line(arg, (int)st, line, len);
}

struct lines {
	struct demux d;
	struct linebuf lb;
};

static void
to_lines(enum demux_stream st, const char *data, size_t len, void *arg)
{
	struct lines *l = arg;

	linebuf_feed(&l->lb, st, data, len);
}

/* ---- feeding ---- */

/*
 * How the stream is cut: mode 0 whole, 1 in pieces of a and b bytes
 * alternately, 2 one byte at a time.
 */
struct cut {
	int mode;
	size_t a, b;
};

static size_t
cut_next(const struct cut *c, size_t i, size_t left)
{
	size_t n = c->mode == 0   ? left
		   : c->mode == 2 ? 1
				  : (i % 2 == 0 ? c->a : c->b);

	return n < left ? n : left;
}

static void
run_jsonl(struct transcript *t, const char *s, size_t len, size_t max_line,
    const struct cut *c, bool *stopped)
{
	struct jsonl j;
	size_t off = 0;

	jsonl_init(&j, on_doc, t);
	if (max_line)
		j.max_line = max_line;
	*stopped = false;
	for (size_t i = 0; off < len && !*stopped; i++) {
		size_t n = cut_next(c, i, len - off);

		*stopped = !jsonl_feed(&j, s + off, n);
		off += n;
		/* A cut-short line never holds more than the limit. */
		if (max_line && j.pending.len > max_line + 2)
			abort();
	}
	if (!*stopped)
		*stopped = !jsonl_finish(&j);
	jsonl_done(&j);
}

static bool
run_demux(struct transcript *t, const char *s, size_t len, bool raw,
    const struct cut *c)
{
	struct demux d;
	size_t off = 0;
	bool ok = true;

	demux_init(&d, raw, on_data, t);
	for (size_t i = 0; off < len; i++) {
		size_t n = cut_next(c, i, len - off);

		if (!demux_feed(&d, s + off, n)) {
			ok = false;
			if (!d.bad)
				abort();
		}
		off += n;
	}
	if (raw && !ok)
		abort();
	return ok;
}

static void
run_lines(struct transcript *t, const char *s, size_t len, bool raw,
    size_t max_line, const struct cut *c)
{
	struct lines l;
	size_t off = 0;

	demux_init(&l.d, raw, to_lines, &l);
	linebuf_init(&l.lb, on_line, t);
	l.lb.max_line = max_line;
	for (size_t i = 0; off < len; i++) {
		size_t n = cut_next(c, i, len - off);

		if (!demux_feed(&l.d, s + off, n))
			break;
		off += n;
	}
	linebuf_flush(&l.lb);
	for (int i = 0; i < 4; i++)
		if (l.lb.part[i].len != 0)
			abort();
	linebuf_done(&l.lb);
}

/* Runs every parser over s cut as c and compares with the whole run. */
static void
check_cut(const char *s, size_t len, const uint8_t *p, const struct cut *c)
{
	static const struct cut whole = {0, 0, 0};
	size_t jl_max = 1 + (p[0] & 0x3f), stop = p[0] >> 6;
	size_t lb_max = 1 + p[1] % 32;
	struct transcript a, b;
	bool sa, sb;

	/* JSON lines, with the default limit and a small one. */
	ts_init(&a, stop, 0);
	ts_init(&b, stop, 0);
	run_jsonl(&a, s, len, 0, &whole, &sa);
	run_jsonl(&b, s, len, 0, c, &sb);
	ts_same(&a, &b, "jsonl");
	if (sa != sb)
		abort();
	buf_done(&a.b);
	buf_done(&b.b);

	ts_init(&a, 0, jl_max);
	ts_init(&b, 0, jl_max);
	run_jsonl(&a, s, len, jl_max, &whole, &sa);
	run_jsonl(&b, s, len, jl_max, c, &sb);
	ts_same(&a, &b, "jsonl with a small limit");
	buf_done(&a.b);
	buf_done(&b.b);

	/* Framed and raw demux. */
	for (int raw = 0; raw < 2; raw++) {
		bool oka, okb;

		ts_init(&a, 0, 0);
		ts_init(&b, 0, 0);
		oka = run_demux(&a, s, len, raw, &whole);
		okb = run_demux(&b, s, len, raw, c);
		ts_same(&a, &b, raw ? "raw demux" : "demux");
		if (oka != okb)
			abort();
		/* Raw output is the input itself. */
		if (raw) {
			struct transcript in;

			ts_init(&in, 0, 0);
			if (len > 0) {
				ts_start(&in, DEMUX_STDOUT);
				ts_bytes(&in, s, len);
			}
			ts_same(&in, &a, "raw demux against the input");
			buf_done(&in.b);
		}
		buf_done(&a.b);
		buf_done(&b.b);

		ts_init(&a, 0, lb_max);
		ts_init(&b, 0, lb_max);
		run_lines(&a, s, len, raw, lb_max, &whole);
		run_lines(&b, s, len, raw, lb_max, c);
		ts_same(&a, &b, raw ? "raw lines" : "lines");
		buf_done(&a.b);
		buf_done(&b.b);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t defaults[4] = {16, 8, 7, 3};
	const uint8_t *p = size >= 4 ? data : defaults;
	const char *s = size >= 4 ? (const char *)data + 4 : (const char *)data;
	size_t len = size >= 4 ? size - 4 : size;
	struct cut pieces = {1, 1 + (size_t)p[2], 1 + (size_t)p[3]};
	struct cut bytes = {2, 1, 1};

	check_cut(s, len, p, &pieces);
	/* Byte by byte is the hardest cut, and slow on big inputs. */
	if (len <= 1024)
		check_cut(s, len, p, &bytes);
	return 0;
}
