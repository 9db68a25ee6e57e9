/* Helpers the swarm panes share: empty texts, polls and names. */

#include "tui/panes/swarm.h"

#include <stdio.h>
#include <string.h>

#include "api/buf.h"
#include "api/rfc3339.h"
#include "api/xalloc.h"
#include "tui/core/fmt.h"

const char *
swarm_empty(struct pane *p, enum kind k, const char *none)
{
	const struct store *s = &p->engine->store;
	const struct docker_info *in = store_info(s);
	static char text[160];

	if (in && (in->swarm_state == NULL ||
		      strcmp(in->swarm_state, "inactive") == 0))
		return "this engine is not in a swarm (docker swarm init "
		       "makes it a manager)";
	if (in && strcmp(in->swarm_state, "active") == 0 && !in->swarm_manager)
		return "this engine is a swarm worker: only a manager lists "
		       "nodes, services, tasks, secrets and configs (connect "
		       "berth to a manager)";
	if (in && strcmp(in->swarm_state, "active") != 0) {
		snprintf(text, sizeof text, "the swarm is %s on this engine",
		    in->swarm_state);
		return text;
	}
	if (s->error[k])
		return s->error[k];
	if (!s->loaded[k])
		return "loading…";
	return none;
}

bool
swarm_shown(struct pane *p)
{
	const struct docker_info *in = store_info(&p->engine->store);

	return in && in->swarm_state &&
	       strcmp(in->swarm_state, "active") == 0 && in->swarm_manager;
}

double
swarm_poll(struct pane *p, double now, double *next, unsigned slots)
{
	if (!p->visible)
		return 0;
	if (*next == 0)
		*next = now + SWARM_POLL_S;
	else if (now >= *next) {
		engine_refresh(p->engine, slots);
		*next = now + SWARM_POLL_S;
	}
	return *next;
}

const char *
swarm_node_host(const struct store *s, const char *id, char *buf, size_t len)
{
	const struct docker_node_list *l = s->slot[KIND_NODE];

	if (id == NULL || *id == '\0')
		return "-";
	for (size_t i = 0; l && i < l->n; i++)
		if (strcmp(l->v[i].id, id) == 0 && *l->v[i].hostname)
			return l->v[i].hostname;
	fmt_short_id(buf, len, id);
	return buf;
}

const struct docker_service *
swarm_service(const struct store *s, const char *id)
{
	const struct docker_service_list *l = s->slot[KIND_SERVICE];

	for (size_t i = 0; id && l && i < l->n; i++)
		if (strcmp(l->v[i].id, id) == 0)
			return &l->v[i];
	return NULL;
}

const char *
swarm_task_name(
    const struct store *s, const struct docker_task *t, char *buf, size_t len)
{
	const struct docker_service *sv = swarm_service(s, t->service_id);
	char sid[16], host[16];

	fmt_short_id(sid, sizeof sid, t->service_id);
	if (t->slot > 0)
		snprintf(buf, len, "%s.%d", sv ? sv->name : sid, t->slot);
	else
		snprintf(buf, len, "%s.%s", sv ? sv->name : sid,
		    swarm_node_host(s, t->node_id, host, sizeof host));
	return buf;
}

void
swarm_ago(char *buf, size_t len, const char *t)
{
	int64_t secs = rfc3339_parse(t);

	if (secs == 0)
		snprintf(buf, len, "-");
	else
		fmt_ago(buf, len, secs, fmt_now());
}

char *
swarm_labels(const struct kvlist *l)
{
	struct buf b;

	if (l->n == 0)
		return xstrdup("-");
	buf_init(&b);
	for (size_t i = 0; i < l->n; i++)
		buf_printf(&b, "%s%s=%s", i ? ", " : "", l->v[i].key,
		    l->v[i].value ? l->v[i].value : "");
	return buf_steal(&b);
}
