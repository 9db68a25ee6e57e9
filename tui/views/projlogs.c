/*
 * A compose project's merged logs: one log stream per container (raw or
 * demultiplexed by its Config.Tty, so each is inspected first), each
 * joined into lines by detail_logjoin as the logs tab does, prefixed with
 * the service and shown in one pager in the order they arrive. Containers
 * of the project that start later are followed from then on. The view is
 * mergedlogs.c's; the members of the project are this file's.
 */

#include "tui/views/projlogs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/calls.h"
#include "api/compose.h"
#include "api/xalloc.h"
#include "themes/theme.h"
#include "tui/core/store.h"
#include "tui/views/mergedlogs.h"

struct projlogs {
	struct mergedlogs ml; /* first: the view's arg is both */
};

char *
projlogs_prefix(const char *service, const char *number, const char *name)
{
	if (service && *service && number && *number)
		return xasprintf("%s-%s", service, number);
	if (service && *service)
		return xstrdup(service);
	return xstrdup(name ? name : "?");
}

static void
pl_info(const struct mergedlogs *ml, size_t live, char *out, size_t size)
{
	snprintf(out, size, "  %zu container%s, %zu followed%s", ml->n,
	    ml->n == 1 ? "" : "s", live,
	    ml->pager.follow ? "" : "  (paused: G follows)");
}

/* A container of the project started: follow it (again) from now on. */
static void
pl_event(struct mergedlogs *ml, const struct docker_event *e)
{
	struct mergedlogs_stream *st;
	const char *proj;
	char *prefix;

	if (e->type == NULL || strcmp(e->type, "container") != 0 ||
	    e->action == NULL || strcmp(e->action, "start") != 0 ||
	    e->actor_id == NULL)
		return;
	if ((st = mergedlogs_find(ml, e->actor_id)) != NULL) {
		mergedlogs_resume(st);
		return;
	}
	proj = kvlist_get(&e->attrs, COMPOSE_PROJECT);
	if (proj == NULL || strcmp(proj, ml->name) != 0)
		return;
	prefix = projlogs_prefix(kvlist_get(&e->attrs, COMPOSE_SERVICE),
	    kvlist_get(&e->attrs, COMPOSE_NUMBER),
	    kvlist_get(&e->attrs, "name"));
	mergedlogs_add(ml, e->actor_id, prefix, false, NULL);
	free(prefix);
}

static const struct mergedlogs_source projlogs_source = {
    .noun = "project",
    .call = docker_container_logs,
    .info = pl_info,
    .event = pl_event,
    .save = "project",
};

struct projlogs *
projlogs_new(struct console *app, struct engine *e, const char *name)
{
	struct projlogs *pl = xcalloc(1, sizeof *pl);
	struct compose_list *l =
	    compose_projects(store_containers(&e->store), NULL, NULL);
	const struct compose_project *pj = compose_find(l, name);

	mergedlogs_init(&pl->ml, &projlogs_source, app, e, name);
	for (size_t i = 0; pj && i < pj->n_members; i++) {
		const struct compose_member *m = &pj->members[i];
		char *prefix = projlogs_prefix(
		    m->oneoff ? NULL : m->service, m->number, m->name);

		mergedlogs_add(&pl->ml, m->id, prefix, true, NULL);
		free(prefix);
	}
	if (pl->ml.n == 0)
		pager_append(&pl->ml.pager,
		    "no containers in this project (yet): the logs of those "
		    "that start are shown as they come",
		    (size_t)-1, THEME_ROLE_DIM);
	compose_list_free(l);
	return pl;
}

void
projlogs_open(struct console *app, struct engine *e, const char *name)
{
	console_push_view(
	    app, &mergedlogs_view_ops, &projlogs_new(app, e, name)->ml);
}

void
projlogs_free(struct projlogs *pl)
{
	if (pl == NULL)
		return;
	mergedlogs_done(&pl->ml);
	free(pl);
}

const char *
projlogs_line(struct projlogs *pl, size_t i)
{
	return mergedlogs_line(&pl->ml, i);
}
