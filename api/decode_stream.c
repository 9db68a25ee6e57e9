/*
 * Decoders of the documents that streaming endpoints send one after the
 * other: events, stats samples and pull/push progress.
 */

#include "api/decode.h"

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "api/decode_json.h"
#include "api/xalloc.h"

/*
 * Engines before API 1.22 sent only status, id and from; those streams
 * carried container events, and image events without a "from".
 */
static const char *
decode_legacy_type(const json_t *o, const char *action)
{
	static const char *const image_actions[] = {
	    "delete",
	    "import",
	    "load",
	    "pull",
	    "push",
	    "save",
	    "tag",
	    "untag",
	};

	if (jstr(o, "from") == NULL) {
		for (size_t i = 0;
		     i < sizeof image_actions / sizeof image_actions[0]; i++) {
			if (strcmp(action, image_actions[i]) == 0)
				return "image";
		}
	}
	return "container";
}

struct docker_event *
decode_event(const char *s, size_t n, char **cause)
{
	json_t *root = decode_shape(s, n, "event", JSON_OBJECT, cause), *actor;
	struct docker_event *e;
	const char *action, *type, *id, *from;

	if (root == NULL)
		return NULL;
	action = jstr(root, "Action");
	if (action == NULL)
		action = jstr(root, "status");
	if (action == NULL) {
		decode_cause(cause, "event: no Action or status");
		json_decref(root);
		return NULL;
	}
	e = xcalloc(1, sizeof *e);
	type = jstr(root, "Type");
	e->type = xstrdup(type ? type : decode_legacy_type(root, action));
	e->action = xstrdup(action);
	actor = jobj(root, "Actor");
	id = jstr(actor, "ID");
	if (id == NULL)
		id = jstr(root, "id");
	e->actor_id = xstrdup(id ? id : "");
	jkv(&e->attrs, actor, "Attributes");
	from = jstr(root, "from");
	if (from != NULL && kvlist_get(&e->attrs, "image") == NULL) {
		e->attrs.v = xreallocarray(
		    e->attrs.v, e->attrs.n + 1, sizeof *e->attrs.v);
		decode_kv_set(
		    &e->attrs.v[e->attrs.n++], "image", xstrdup(from));
	}
	e->scope = jdupnz(root, "scope");
	e->time = ji64(root, "time", 0);
	e->time_nano = ji64(root, "timeNano", 0);
	if (e->time_nano == 0 && e->time > 0 &&
	    e->time <= INT64_MAX / 1000000000)
		e->time_nano = e->time * 1000000000;
	else if (e->time == 0 && e->time_nano > 0)
		e->time = e->time_nano / 1000000000;
	json_decref(root);
	return e;
}

/* Sums the read and write bytes; cgroup v1 says "Read", v2 says "read". */
static void
decode_blkio(struct docker_stats *st, const json_t *a)
{
	size_t i;
	json_t *e;

	json_array_foreach(a, i, e)
	{
		const char *op = jstr(e, "op");
		uint64_t v = ju64(e, "value");

		if (op == NULL)
			continue;
		if (strcasecmp(op, "read") == 0)
			st->blk_read += v;
		else if (strcasecmp(op, "write") == 0)
			st->blk_write += v;
	}
}

struct docker_stats *
decode_stats(const char *s, size_t n, char **cause)
{
	json_t *root = decode_shape(s, n, "stats", JSON_OBJECT, cause);
	json_t *cpu, *pre, *mem, *ms, *nets, *e;
	struct docker_stats *st;
	const char *k;

	if (root == NULL)
		return NULL;
	st = xcalloc(1, sizeof *st);
	st->read = jdup(root, "read");
	cpu = jobj(root, "cpu_stats");
	pre = jobj(root, "precpu_stats");
	st->cpu_total = ju64(jobj(cpu, "cpu_usage"), "total_usage");
	st->system_cpu = ju64(cpu, "system_cpu_usage");
	st->pre_cpu_total = ju64(jobj(pre, "cpu_usage"), "total_usage");
	st->pre_system_cpu = ju64(pre, "system_cpu_usage");
	st->online_cpus = jint(cpu, "online_cpus", 0);
	if (st->online_cpus <= 0) {
		size_t np = jlen(jarr(jobj(cpu, "cpu_usage"), "percpu_usage"));

		st->online_cpus = np > INT_MAX ? INT_MAX : (int)np;
	}

	mem = jobj(root, "memory_stats");
	st->mem_usage = ju64(mem, "usage");
	/* Windows has no usage; its private working set is the closest. */
	if (!jhas_number(mem, "usage"))
		st->mem_usage = ju64(mem, "privateworkingset");
	st->mem_limit = ju64(mem, "limit");
	ms = jobj(mem, "stats");
	if (jhas_number(ms, "total_inactive_file"))
		st->mem_inactive_file = ju64(ms, "total_inactive_file");
	else
		st->mem_inactive_file = ju64(ms, "inactive_file");

	/* API < 1.21 had a single "network" object. */
	nets = jobj(root, "networks");
	if (nets != NULL) {
		json_object_foreach(nets, k, e)
		{
			st->net_rx += ju64(e, "rx_bytes");
			st->net_tx += ju64(e, "tx_bytes");
		}
	} else {
		st->net_rx = ju64(jobj(root, "network"), "rx_bytes");
		st->net_tx = ju64(jobj(root, "network"), "tx_bytes");
	}
	decode_blkio(
	    st, jarr(jobj(root, "blkio_stats"), "io_service_bytes_recursive"));
	/* Windows counts its disk traffic in storage_stats instead. */
	if (st->blk_read == 0 && st->blk_write == 0) {
		json_t *ss = jobj(root, "storage_stats");

		st->blk_read = ju64(ss, "read_size_bytes");
		st->blk_write = ju64(ss, "write_size_bytes");
	}
	st->pids = ju64(jobj(root, "pids_stats"), "current");
	json_decref(root);
	return st;
}

struct docker_progress *
decode_progress(const char *s, size_t n, char **cause)
{
	json_t *root = decode_shape(s, n, "progress", JSON_OBJECT, cause);
	json_t *pd;
	struct docker_progress *p;

	if (root == NULL)
		return NULL;
	p = xcalloc(1, sizeof *p);
	p->id = jdupnz(root, "id");
	p->status = jdup(root, "status");
	p->progress = jdupnz(root, "progress");
	pd = jobj(root, "progressDetail");
	p->current = ji64(pd, "current", 0);
	p->total = ji64(pd, "total", 0);
	p->error = xstrdup_or_null(decode_stream_error(root));
	json_decref(root);
	return p;
}
