/*
 * A swarm service's merged logs: the engine merges every task's lines
 * into one stream (details=1 puts the task, node and service ids in
 * front of each); berth joins the pieces into lines as the logs tab does
 * and replaces the ids with "service.slot@hostname" from the store.
 * The engine's stream takes in the tasks that start later (a scale, a
 * task replaced); a task the store does not know yet makes it ask for
 * the lists again.
 */

#include "tui/views/svclogs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/buf.h"
#include "api/calls.h"
#include "api/decode_swarm.h"
#include "api/stream.h"
#include "api/xalloc.h"
#include "themes/theme.h"
#include "tui/core/fmt.h"
#include "tui/core/store.h"
#include "tui/views/detail_logjoin.h"
#include "widgets/pager.h"
#include "widgets/text.h"

#define SVCLOGS_LINES 20000
/* A task the store does not know yet asks for the lists this often. */
#define SVCLOGS_ASK_S 1.0

struct svclogs {
	struct console *app;
	struct engine *engine;
	char *id, *name;
	bool tty, timestamps, started, piece_start, dirty;
	struct docker_call *call;
	struct demux demux;
	struct detail_logjoin join;
	struct pager pager;
	struct buf line;
	double asked; /* when the task and node lists were last asked for */
};

/* "web.2@node1" for a task id, from the store; the short id otherwise. */
static void
svclogs_who(struct svclogs *sl, const char *task, const char *node)
{
	const struct store *s = &sl->engine->store;
	const struct docker_task_list *tl = s->slot[KIND_TASK];
	const char *host = node ? store_name_of(s, KIND_NODE, node) : NULL;
	char sid[16];

	for (size_t i = 0; task && tl && i < tl->n; i++)
		if (strcmp(tl->v[i].id, task) == 0 && tl->v[i].slot > 0) {
			buf_printf(&sl->line, "%s.%d", sl->name, tl->v[i].slot);
			goto node;
		}
	/*
	 * A task that started after the lists were read (a scale, a
	 * replacement, a new node): the engine's stream already carries
	 * it; ask for the lists so that its next lines say its slot.
	 */
	if (store_now() - sl->asked >= SVCLOGS_ASK_S) {
		double now = store_now();

		/* From the loop: this runs inside a transfer's callback. */
		sl->asked = now;
		store_refresh_soon(
		    &sl->engine->store, (enum store_kind)KIND_TASK, now, 0);
		store_refresh_soon(
		    &sl->engine->store, (enum store_kind)KIND_NODE, now, 0);
	}
	fmt_short_id(sid, sizeof sid, task ? task : "?");
	buf_printf(&sl->line, "%s.%s", sl->name, sid);
node:
	if (node) {
		fmt_short_id(sid, sizeof sid, node);
		buf_printf(&sl->line, "@%s", host ? host : sid);
	}
}

static void
svclogs_on_line(enum demux_stream st, const char *line, size_t len, void *arg)
{
	struct svclogs *sl = arg;
	int role = st == DEMUX_STDERR   ? THEME_ROLE_STDERR
		   : st == DEMUX_SYSTEM ? THEME_ROLE_ERROR
					: THEME_ROLE_NORMAL;
	const char *sp = sl->timestamps ? memchr(line, ' ', len) : NULL;
	size_t ts = sp ? (size_t)(sp - line) + 1 : 0, skip;
	char *node, *service, *task;

	buf_reset(&sl->line);
	skip = st == DEMUX_SYSTEM ? 0
				  : swarm_log_prefix(line + ts, len - ts, &node,
					&service, &task);
	if (skip == 0) {
		buf_append(&sl->line, line, len);
	} else {
		buf_append(&sl->line, line, ts);
		svclogs_who(sl, task, node);
		buf_puts(&sl->line, " | ");
		buf_append(&sl->line, line + ts + skip, len - ts - skip);
		free(node);
		free(service);
		free(task);
	}
	pager_append(&sl->pager, buf_cstr(&sl->line), sl->line.len, role);
	sl->dirty = true;
	console_dirty(sl->app);
}

static void
svclogs_on_piece(enum demux_stream s, const char *data, size_t len, void *arg)
{
	struct svclogs *sl = arg;
	bool start = sl->piece_start;

	sl->piece_start = sl->demux.remaining == 0;
	detail_logjoin_feed(&sl->join, s, data, len, start);
}

static bool
svclogs_on_data(const char *data, size_t len, void *arg)
{
	struct svclogs *sl = arg;
	static const char bad[] = "berth: the log stream is malformed";

	if (!demux_feed(&sl->demux, data, len)) {
		svclogs_on_line(DEMUX_SYSTEM, bad, sizeof bad - 1, sl);
		return false;
	}
	return true;
}

static void
svclogs_on_end(const struct docker_reply *r, void *arg)
{
	struct svclogs *sl = arg;

	sl->call = NULL;
	detail_logjoin_flush(&sl->join);
	if (r->status != DOCKER_OK && r->status != DOCKER_ERR_CANCELLED) {
		const char *m =
		    r->message ? r->message : docker_status_str(r->status);

		svclogs_on_line(DEMUX_SYSTEM, m, strlen(m), sl);
	}
	sl->dirty = true;
	console_dirty(sl->app);
}

static void
svclogs_stop(struct svclogs *sl)
{
	if (sl->call)
		docker_cancel(sl->engine->d, sl->call);
	sl->call = NULL;
	if (sl->started)
		detail_logjoin_done(&sl->join);
	sl->started = false;
}

static void
svclogs_follow(struct svclogs *sl)
{
	struct docker_logs_opts o = {
	    .follow = true,
	    .out = true,
	    .err = true,
	    .timestamps = sl->timestamps,
	    .tail = true,
	    .tail_lines = console_config(sl->app)->log_tail,
	};

	svclogs_stop(sl);
	pager_clear(&sl->pager);
	sl->started = true;
	demux_init(&sl->demux, sl->tty, svclogs_on_piece, sl);
	sl->piece_start = true;
	detail_logjoin_init(
	    &sl->join, sl->timestamps, sl->tty, svclogs_on_line, sl);
	sl->call = docker_service_logs(
	    sl->engine->d, sl->id, &o, svclogs_on_data, svclogs_on_end, sl);
}

static enum action
svclogs_handle(void *arg, enum action a)
{
	struct svclogs *sl = arg;
	struct pager *pg = &sl->pager;

	sl->dirty = true;
	switch (a) {
	case ACTION_TIMESTAMPS:
		sl->timestamps = !sl->timestamps;
		svclogs_follow(sl);
		break;
	case ACTION_REFRESH:
		svclogs_follow(sl);
		break;
	case ACTION_UP:
	case ACTION_DOWN:
		pager_scroll(pg, a == ACTION_UP ? -1 : 1);
		break;
	case ACTION_PAGE_UP:
	case ACTION_PAGE_DOWN:
		pager_page(pg, a == ACTION_PAGE_UP ? -1 : 1);
		break;
	case ACTION_TOP:
		pager_home(pg);
		break;
	case ACTION_BOTTOM:
		pager_end(pg);
		break;
	case ACTION_LEFT:
	case ACTION_RIGHT:
		pager_hscroll(pg, a == ACTION_LEFT ? -8 : 8);
		break;
	case ACTION_WRAP:
		pager_set_wrap(pg, !pg->wrap);
		break;
	case ACTION_SEARCH_NEXT:
	case ACTION_SEARCH_PREV:
		if (pg->pattern &&
		    !pager_search_next(pg, a == ACTION_SEARCH_NEXT ? 1 : -1))
			console_info(sl->app, "no match for %s", pg->pattern);
		break;
	case ACTION_LOGS:
	case ACTION_NEXT_PANE:
	case ACTION_PREV_PANE:
		break;
	default:
		return a;
	}
	return ACTION_NONE;
}

static bool
svclogs_search(void *arg, const char *pattern)
{
	struct svclogs *sl = arg;

	sl->dirty = true;
	return pager_search(&sl->pager, pattern);
}

static void
svclogs_draw(void *arg, WINDOW *w, int y, int x, int h, int wd)
{
	struct svclogs *sl = arg;
	char *title = xasprintf("service %s ", sl->name);
	int cx = x;

	wmove(w, y, x);
	wclrtoeol(w);
	cx += text_put(w, y, cx, title, wd, theme_attr(THEME_ROLE_TITLE));
	free(title);
	cx += text_put(w, y, cx + 1, "Logs", x + wd - cx - 1,
		  theme_attr(THEME_ROLE_TAB_ACTIVE)) +
	      1;
	if (cx < x + wd)
		text_put(w, y, cx,
		    sl->call ? "  every task, followed"
			     : "  every task (the stream ended)",
		    x + wd - cx, theme_attr(THEME_ROLE_DIM));
	pager_draw(&sl->pager, w, y + 1, x, h - 1, wd);
}

static bool
svclogs_dirty(void *arg)
{
	struct svclogs *sl = arg;
	bool d = sl->dirty;

	sl->dirty = false;
	return d;
}

static void
svclogs_free(void *arg)
{
	struct svclogs *sl = arg;

	svclogs_stop(sl);
	pager_done(&sl->pager);
	buf_done(&sl->line);
	free(sl->id);
	free(sl->name);
	free(sl);
}

static const struct console_view_ops svclogs_ops = {
    .handle = svclogs_handle,
    .search = svclogs_search,
    .draw = svclogs_draw,
    .dirty = svclogs_dirty,
    .free = svclogs_free,
};

void
svclogs_open(
    struct console *a, struct engine *e, const char *id, const char *name)
{
	struct svclogs *sl = xcalloc(1, sizeof *sl);
	const struct docker_service_list *l = e->store.slot[KIND_SERVICE];

	sl->app = a;
	sl->engine = e;
	sl->id = xstrdup(id);
	sl->name = xstrdup(name ? name : id);
	for (size_t i = 0; l && i < l->n; i++)
		if (strcmp(l->v[i].id, id) == 0)
			sl->tty = l->v[i].tty;
	/* The prefixes name tasks and nodes from these lists. */
	engine_refresh(e, SLOT_BIT(KIND_TASK) | SLOT_BIT(KIND_NODE));
	sl->asked = store_now();
	pager_init(&sl->pager, SVCLOGS_LINES);
	pager_set_wrap(&sl->pager, false);
	buf_init(&sl->line);
	svclogs_follow(sl);
	console_push_view(a, &svclogs_ops, sl);
}
