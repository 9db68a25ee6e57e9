/*
 * What the log views share: the followed stream's plumbing (the engine's
 * bytes, the demultiplexer, the line joiner), the pager's keys and saving
 * what the pager holds to a file.
 */

#include "tui/views/logview.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "themes/theme.h"
#include "widgets/text.h"

static void
logview_on_piece(enum demux_stream s, const char *data, size_t len, void *arg)
{
	struct logview_stream *ls = arg;
	bool start = ls->piece_start;

	/* The demux has counted this piece off its frame already. */
	ls->piece_start = ls->demux.remaining == 0;
	detail_logjoin_feed(&ls->join, s, data, len, start);
}

static bool
logview_on_data(const char *data, size_t len, void *arg)
{
	struct logview_stream *ls = arg;
	static const char bad[] = "berth: the log stream is malformed";

	if (!demux_feed(&ls->demux, data, len)) {
		ls->fn(DEMUX_SYSTEM, bad, sizeof bad - 1, ls->arg);
		return false;
	}
	return true;
}

static void
logview_on_end(const struct docker_reply *r, void *arg)
{
	struct logview_stream *ls = arg;
	const char *err = NULL;

	ls->call = NULL;
	detail_logjoin_flush(&ls->join);
	ls->ended = true;
	if (r->status != DOCKER_OK && r->status != DOCKER_ERR_CANCELLED) {
		err = r->message ? r->message : docker_status_str(r->status);
		ls->fn(DEMUX_SYSTEM, err, strlen(err), ls->arg);
	}
	if (ls->end)
		ls->end(ls->arg, err);
}

void
logview_stream_init(struct logview_stream *ls, struct docker *d, lines_fn *fn,
    void (*end)(void *arg, const char *err), void *arg)
{
	memset(ls, 0, sizeof *ls);
	ls->d = d;
	ls->fn = fn;
	ls->end = end;
	ls->arg = arg;
}

void
logview_stream_stop(struct logview_stream *ls)
{
	if (ls->call)
		docker_cancel(ls->d, ls->call);
	ls->call = NULL;
	if (ls->started)
		detail_logjoin_done(&ls->join);
	ls->started = false;
}

void
logview_stream_start(struct logview_stream *ls, logview_call_fn *call,
    const char *id, const struct docker_logs_opts *o, bool tty)
{
	logview_stream_stop(ls);
	ls->started = true;
	ls->ended = false;
	demux_init(&ls->demux, tty, logview_on_piece, ls);
	ls->piece_start = true;
	detail_logjoin_init(&ls->join, o->timestamps, tty, ls->fn, ls->arg);
	ls->call = call(ls->d, id, o, logview_on_data, logview_on_end, ls);
}

int
logview_role(enum demux_stream s)
{
	return s == DEMUX_STDERR   ? THEME_ROLE_STDERR
	       : s == DEMUX_SYSTEM ? THEME_ROLE_ERROR
				   : THEME_ROLE_NORMAL;
}

enum action
logview_pager_key(
    struct console *app, struct pager *pg, enum action a, int hscroll)
{
	switch (a) {
	case ACTION_UP:
		pager_scroll(pg, -1);
		break;
	case ACTION_DOWN:
		pager_scroll(pg, 1);
		break;
	case ACTION_PAGE_UP:
		pager_page(pg, -1);
		break;
	case ACTION_PAGE_DOWN:
		pager_page(pg, 1);
		break;
	case ACTION_TOP:
		pager_home(pg);
		break;
	case ACTION_BOTTOM:
		pager_end(pg);
		break;
	case ACTION_LEFT:
		pager_hscroll(pg, -hscroll);
		break;
	case ACTION_RIGHT:
		pager_hscroll(pg, hscroll);
		break;
	case ACTION_WRAP:
		pager_set_wrap(pg, !pg->wrap);
		break;
	case ACTION_SEARCH_NEXT:
	case ACTION_SEARCH_PREV:
		if (pg->pattern == NULL)
			console_info(app, "no search: press / first");
		else if (!pager_search_next(
			     pg, a == ACTION_SEARCH_NEXT ? 1 : -1))
			console_info(app, "no match for %s", pg->pattern);
		break;
	default:
		return a;
	}
	return ACTION_NONE;
}

void
logview_save(
    struct console *app, const struct pager *pg, const char *stem, bool raw)
{
	char path[256], stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	bool ok = true;
	FILE *f;

	localtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	snprintf(path, sizeof path, "berth-%s-%s%s.log", stem, stamp,
	    raw ? ".raw" : "");
	/* The name is the engine's: only plain characters in a file name. */
	for (char *p = path; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			(*p >= '0' && *p <= '9') || *p == '-' || *p == '.' ||
			*p == '_'))
			*p = '_';
	f = fopen(path, "w");
	if (f == NULL) {
		console_error(app, "save %s: %s", path, strerror(errno));
		return;
	}
	for (size_t i = 0; ok && i < pager_count(pg); i++) {
		const struct pager_line *l = pager_line(pg, i);

		if (raw)
			ok = fwrite(l->text, 1, l->len, f) == l->len;
		else
			ok = text_fwrite(f, l->text, l->len, TEXT_LINES);
		if (ok)
			ok = fputc('\n', f) != EOF;
	}
	if (fclose(f) != 0 || !ok)
		console_error(app, "save %s: %s", path, strerror(errno));
	else
		console_ok(app, "saved %zu lines%s to %s", pager_count(pg),
		    raw ? " (raw)" : "", path);
}
