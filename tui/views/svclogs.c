/*
 * A swarm service's merged logs: the engine merges every task's lines
 * into one stream (details=1 puts the task, node and service ids in
 * front of each); berth joins the pieces into lines as the logs tab does
 * and replaces the ids with "service.slot@hostname" from the store.
 * The engine's stream takes in the tasks that start later (a scale, a
 * task replaced); a task the store does not know yet makes it ask for
 * the lists again. The view is mergedlogs.c's, with this one stream.
 */

#include "tui/views/svclogs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/buf.h"
#include "api/calls.h"
#include "api/decode_swarm.h"
#include "api/xalloc.h"
#include "tui/core/fmt.h"
#include "tui/core/store.h"
#include "tui/views/mergedlogs.h"

/* A task the store does not know yet asks for the lists this often. */
#define SVCLOGS_ASK_S 1.0

struct svclogs {
	struct mergedlogs ml; /* first: the view's arg is both */
	double asked; /* when the task and node lists were last asked for */
};

/* "web.2@node1" for a task id, from the store; the short id otherwise. */
static void
svclogs_who(
    struct svclogs *sl, const char *task, const char *node, struct buf *out)
{
	const struct store *s = &sl->ml.engine->store;
	const struct docker_task_list *tl = s->slot[KIND_TASK];
	const char *host = node ? store_name_of(s, KIND_NODE, node) : NULL;
	char sid[16];

	for (size_t i = 0; task && tl && i < tl->n; i++)
		if (strcmp(tl->v[i].id, task) == 0 && tl->v[i].slot > 0) {
			buf_printf(out, "%s.%d", sl->ml.name, tl->v[i].slot);
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
		    &sl->ml.engine->store, (enum store_kind)KIND_TASK, now, 0);
		store_refresh_soon(
		    &sl->ml.engine->store, (enum store_kind)KIND_NODE, now, 0);
	}
	fmt_short_id(sid, sizeof sid, task ? task : "?");
	buf_printf(out, "%s.%s", sl->ml.name, sid);
node:
	if (node) {
		fmt_short_id(sid, sizeof sid, node);
		buf_printf(out, "@%s", host ? host : sid);
	}
}

/* The engine's ids in front of the line become "web.2@node1 | ". */
static void
svclogs_line(struct mergedlogs_stream *st, enum demux_stream s,
    const char *line, size_t len, struct buf *out)
{
	struct svclogs *sl = (struct svclogs *)st->ml;
	const char *sp = sl->ml.timestamps ? memchr(line, ' ', len) : NULL;
	size_t ts = sp ? (size_t)(sp - line) + 1 : 0, skip;
	char *node, *service, *task;

	skip = s == DEMUX_SYSTEM ? 0
				 : swarm_log_prefix(line + ts, len - ts, &node,
				       &service, &task);
	if (skip == 0) {
		buf_append(out, line, len);
		return;
	}
	buf_append(out, line, ts);
	svclogs_who(sl, task, node, out);
	buf_puts(out, " | ");
	buf_append(out, line + ts + skip, len - ts - skip);
	free(node);
	free(service);
	free(task);
}

static void
svclogs_info(const struct mergedlogs *ml, size_t live, char *out, size_t size)
{
	(void)ml;
	snprintf(out, size, "%s",
	    live ? "  every task, followed"
		 : "  every task (the stream ended)");
}

static const struct mergedlogs_source svclogs_source = {
    .noun = "service",
    .call = docker_service_logs,
    .line = svclogs_line,
    .info = svclogs_info,
};

void
svclogs_open(
    struct console *a, struct engine *e, const char *id, const char *name)
{
	struct svclogs *sl = xcalloc(1, sizeof *sl);
	const struct docker_service_list *l = e->store.slot[KIND_SERVICE];
	bool tty = false;

	mergedlogs_init(&sl->ml, &svclogs_source, a, e, name ? name : id);
	for (size_t i = 0; l && i < l->n; i++)
		if (strcmp(l->v[i].id, id) == 0)
			tty = l->v[i].tty;
	/* The prefixes name tasks and nodes from these lists. */
	engine_refresh(e, SLOT_BIT(KIND_TASK) | SLOT_BIT(KIND_NODE));
	sl->asked = store_now();
	mergedlogs_add(&sl->ml, id, NULL, true, &tty);
	console_push_view(a, &mergedlogs_view_ops, &sl->ml);
}
