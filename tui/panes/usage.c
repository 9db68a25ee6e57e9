/* CPU and memory columns: cgroup files locally, else one-shot stats. */

#include "tui/panes/usage.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "api/buf.h"
#include "api/calls.h"
#include "api/decode.h"
#include "api/docker.h"
#include "api/xalloc.h"
#include "tui/core/console.h"
#include "tui/core/engine.h"

struct usage_ent {
	char *id;
	bool watched;
	struct usage_sample s;
	/* local */
	int pid; /* 0: unknown (inspect pending) */
	struct docker_call *inspect;
	char *cpu_dir, *mem_dir;
	bool v2;
	bool no_cgroup; /* gave up on the files: one-shot stats instead */
	uint64_t prev_cpu;
	double prev_t;
	/* remote */
	struct docker_call *stats;
	uint64_t prev_total, prev_sys;
	struct usage *u;
};

struct usage {
	struct console *app;
	struct engine *engine; /* whose containers */
	bool local;
	double interval; /* cgroup files */
	double next;
	double stats_interval; /* one-shot stats */
	double stats_next;
	struct usage_ent **v;
	size_t n;
	unsigned gen;
};

struct usage *
usage_new(
    struct console *app, struct engine *engine, bool local, double interval_s)
{
	struct usage *u = xcalloc(1, sizeof *u);

	u->app = app;
	u->engine = engine;
	u->local = local;
	u->interval = 2;
	u->stats_interval = interval_s > 0 ? interval_s : 3;
	return u;
}

static void
usage_ent_free(struct usage *u, struct usage_ent *e)
{
	struct docker *d = u->engine->d;

	if (e->inspect)
		docker_cancel(d, e->inspect);
	if (e->stats)
		docker_cancel(d, e->stats);
	free(e->id);
	free(e->cpu_dir);
	free(e->mem_dir);
	free(e);
}

void
usage_free(struct usage *u)
{
	if (u == NULL)
		return;
	for (size_t i = 0; i < u->n; i++)
		usage_ent_free(u, u->v[i]);
	free(u->v);
	free(u);
}

static struct usage_ent *
usage_find(const struct usage *u, const char *id)
{
	for (size_t i = 0; i < u->n; i++)
		if (strcmp(u->v[i]->id, id) == 0)
			return u->v[i];
	return NULL;
}

void
usage_watch(struct usage *u, char *const *ids, size_t n)
{
	for (size_t i = 0; i < u->n; i++)
		u->v[i]->watched = false;
	for (size_t i = 0; i < n; i++) {
		struct usage_ent *e = usage_find(u, ids[i]);

		if (e == NULL) {
			e = xcalloc(1, sizeof *e);
			e->id = xstrdup(ids[i]);
			e->u = u;
			u->v = xreallocarray(u->v, u->n + 1, sizeof *u->v);
			u->v[u->n++] = e;
			/* Sample new rows soon rather than at the next period. */
			u->next = u->stats_next = 0;
		}
		e->watched = true;
	}
	/* Rows that left the screen stop costing anything. */
	for (size_t i = 0; i < u->n;) {
		if (!u->v[i]->watched) {
			usage_ent_free(u, u->v[i]);
			u->v[i] = u->v[--u->n];
		} else
			i++;
	}
}

void
usage_forget(struct usage *u, const char *id)
{
	for (size_t i = 0; i < u->n; i++)
		if (strcmp(u->v[i]->id, id) == 0) {
			usage_ent_free(u, u->v[i]);
			u->v[i] = u->v[--u->n];
			return;
		}
}

bool
usage_get(const struct usage *u, const char *id, struct usage_sample *s)
{
	struct usage_ent *e = usage_find(u, id);

	if (e == NULL || !e->s.valid)
		return false;
	*s = e->s;
	return true;
}

unsigned
usage_gen(const struct usage *u)
{
	return u->gen;
}

/* ---- cgroup files ----------------------------------------------------- */

static bool
usage_read_u64(const char *dir, const char *file, uint64_t *v)
{
	char path[512];
	FILE *f;
	unsigned long long x;
	int ok;

	snprintf(path, sizeof path, "%s/%s", dir, file);
	if ((f = fopen(path, "r")) == NULL)
		return false;
	ok = fscanf(f, "%llu", &x) == 1;
	fclose(f);
	if (ok)
		*v = x;
	return ok;
}

/* A "key value" line of a stat file. */
static bool
usage_read_key(const char *dir, const char *file, const char *key, uint64_t *v)
{
	char path[512], line[256];
	size_t kl = strlen(key);
	FILE *f;
	bool ok = false;

	snprintf(path, sizeof path, "%s/%s", dir, file);
	if ((f = fopen(path, "r")) == NULL)
		return false;
	while (fgets(line, sizeof line, f))
		if (strncmp(line, key, kl) == 0 && line[kl] == ' ') {
			*v = strtoull(line + kl + 1, NULL, 10);
			ok = true;
			break;
		}
	fclose(f);
	return ok;
}

bool
usage_read_cgroup_v2(
    const char *dir, uint64_t *cpu_ns, uint64_t *mem, uint64_t *limit)
{
	uint64_t usec = 0, cur = 0, inactive = 0;
	char path[512];
	FILE *f;

	if (!usage_read_key(dir, "cpu.stat", "usage_usec", &usec) ||
	    !usage_read_u64(dir, "memory.current", &cur))
		return false;
	usage_read_key(dir, "memory.stat", "inactive_file", &inactive);
	*cpu_ns = usec * 1000;
	*mem = inactive < cur ? cur - inactive : cur;
	*limit = 0;
	snprintf(path, sizeof path, "%s/memory.max", dir);
	if ((f = fopen(path, "r")) != NULL) {
		unsigned long long x;

		if (fscanf(f, "%llu", &x) == 1)
			*limit = x;
		fclose(f);
	}
	return true;
}

bool
usage_read_cgroup_v1(const char *cpu_dir, const char *mem_dir, uint64_t *cpu_ns,
    uint64_t *mem, uint64_t *limit)
{
	uint64_t cur = 0, inactive = 0;

	if (!usage_read_u64(cpu_dir, "cpuacct.usage", cpu_ns) ||
	    !usage_read_u64(mem_dir, "memory.usage_in_bytes", &cur))
		return false;
	usage_read_key(
	    mem_dir, "memory.stat", "total_inactive_file", &inactive);
	*mem = inactive < cur ? cur - inactive : cur;
	*limit = 0;
	usage_read_u64(mem_dir, "memory.limit_in_bytes", limit);
	/* v1 says "no limit" with a huge number. */
	if (*limit >= (1ULL << 62))
		*limit = 0;
	return true;
}

bool
usage_cgroup_dirs(const char *text, const char *root, char **cpu_dir,
    char **mem_dir, bool *v2)
{
	const char *p = text;
	char *cpu = NULL, *mem = NULL, *unified = NULL;

	/* Lines are "ID:CONTROLLERS:PATH"; "0::PATH" is the v2 hierarchy. */
	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *line = xstrndup(p, len);
		char *c1 = strchr(line, ':'),
		     *c2 = c1 ? strchr(c1 + 1, ':') : NULL;

		if (c2) {
			char *ctrls = xstrndup(c1 + 1, (size_t)(c2 - c1 - 1));
			const char *path = c2 + 1;
			char *tok, *save = NULL;

			if (*ctrls == '\0' && strncmp(line, "0:", 2) == 0) {
				free(unified);
				unified = xasprintf("%s%s", root, path);
			}
			for (tok = strtok_r(ctrls, ",", &save); tok;
			     tok = strtok_r(NULL, ",", &save)) {
				if (!strcmp(tok, "cpuacct") && cpu == NULL) {
					/* The mount is "cpu,cpuacct" or "cpuacct". */
					char *d = xasprintf(
					    "%s/cpu,cpuacct%s", root, path);
					struct stat st;

					if (stat(d, &st) != 0) {
						free(d);
						d = xasprintf(
						    "%s/cpuacct%s", root, path);
					}
					cpu = d;
				} else if (!strcmp(tok, "memory") &&
					   mem == NULL)
					mem = xasprintf(
					    "%s/memory%s", root, path);
			}
			free(ctrls);
		}
		free(line);
		p = nl ? nl + 1 : NULL;
	}
	if (cpu && mem) {
		*cpu_dir = cpu;
		*mem_dir = mem;
		*v2 = false;
		free(unified);
		return true;
	}
	free(cpu);
	free(mem);
	if (unified) {
		*cpu_dir = unified;
		*mem_dir = xstrdup(unified);
		*v2 = true;
		return true;
	}
	return false;
}

/* Whether id is in dir, as a whole hex run (docker-ID.scope, /docker/ID). */
static bool
usage_dir_has_id(const char *dir, const char *id)
{
	size_t n = strlen(id);

	if (n == 0)
		return false;
	for (const char *p = strstr(dir, id); p; p = strstr(p + 1, id))
		if ((p == dir || !isxdigit((unsigned char)p[-1])) &&
		    !isxdigit((unsigned char)p[n]))
			return true;
	return false;
}

bool
usage_cgroup_dirs_of(const char *text, const char *root, const char *id,
    char **cpu_dir, char **mem_dir, bool *v2)
{
	size_t rl = strlen(root);
	char *cpu, *mem;

	if (!usage_cgroup_dirs(text, root, &cpu, &mem, v2))
		return false;
	/* Only the part under root can say whose cgroup it is. */
	if (!usage_dir_has_id(cpu + rl, id) ||
	    !usage_dir_has_id(mem + rl, id)) {
		free(cpu);
		free(mem);
		return false;
	}
	*cpu_dir = cpu;
	*mem_dir = mem;
	return true;
}

static bool
usage_locate(struct usage_ent *e)
{
	char path[64];
	struct buf b;
	char chunk[1024];
	size_t n;
	FILE *f;
	bool ok;

	snprintf(path, sizeof path, "/proc/%d/cgroup", e->pid);
	if ((f = fopen(path, "r")) == NULL)
		return false;
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&b, chunk, n);
	fclose(f);
	/*
	 * A socket forwarded from another machine, or into a VM, gives a pid
	 * that is some unrelated process here: its cgroup is not the
	 * container's.
	 */
	ok = usage_cgroup_dirs_of(buf_cstr(&b), "/sys/fs/cgroup", e->id,
	    &e->cpu_dir, &e->mem_dir, &e->v2);
	buf_done(&b);
	return ok;
}

static double
usage_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * The container's cgroup files are out of reach (not this machine's
 * container, no /proc or /sys/fs/cgroup here): ask the engine for one-shot
 * stats of this row instead, the first one now rather than a period later.
 */
static void
usage_fall_back(struct usage_ent *e)
{
	free(e->cpu_dir);
	free(e->mem_dir);
	e->cpu_dir = e->mem_dir = NULL;
	e->no_cgroup = true;
	e->u->stats_next = 0;
}

static void
usage_sample_local(struct usage *u, struct usage_ent *e)
{
	uint64_t cpu = 0, mem = 0, limit = 0;
	double t = usage_mono();
	bool located = false;
	bool ok;

	if (e->cpu_dir == NULL) {
		if (!usage_locate(e)) {
			usage_fall_back(e);
			return;
		}
		located = true;
	}
	ok = e->v2 ? usage_read_cgroup_v2(e->cpu_dir, &cpu, &mem, &limit)
		   : usage_read_cgroup_v1(
			 e->cpu_dir, e->mem_dir, &cpu, &mem, &limit);
	if (!ok && located) {
		/* Found but unreadable: looking again would find the same. */
		usage_fall_back(e);
		return;
	}
	if (!ok) {
		/* The process moved or the container restarted: look again. */
		free(e->cpu_dir);
		free(e->mem_dir);
		e->cpu_dir = e->mem_dir = NULL;
		e->pid = 0;
		return;
	}
	if (e->prev_t > 0 && t > e->prev_t && cpu >= e->prev_cpu) {
		e->s.cpu = (double)(cpu - e->prev_cpu) /
			   ((t - e->prev_t) * 1e9) * 100.0;
		e->s.valid = true;
	}
	e->s.mem = mem;
	e->s.mem_limit = limit;
	e->prev_cpu = cpu;
	e->prev_t = t;
	u->gen++;
}

static void
usage_on_inspect(const struct docker_reply *r, void *arg)
{
	struct usage_ent *e = arg;
	struct docker_container_detail *d;
	char *cause = NULL;

	e->inspect = NULL;
	if (r->status != DOCKER_OK ||
	    (d = decode_container_detail(r->body, r->len, &cause)) == NULL) {
		free(cause);
		usage_fall_back(e);
		return;
	}
	e->pid = d->pid;
	docker_container_detail_free(d);
	if (e->pid <= 0)
		usage_fall_back(e);
	else
		usage_sample_local(e->u, e);
}

/* ---- one-shot stats ---------------------------------------------------- */

static void
usage_on_stats(const struct docker_reply *r, void *arg)
{
	struct usage_ent *e = arg;
	struct docker_stats *s;
	char *cause = NULL;

	e->stats = NULL;
	if (r->status != DOCKER_OK ||
	    (s = decode_stats(r->body, r->len, &cause)) == NULL) {
		free(cause);
		return;
	}
	/* One-shot samples carry no previous reading: keep our own. */
	if (e->prev_sys && s->system_cpu > e->prev_sys &&
	    s->cpu_total >= e->prev_total) {
		e->s.cpu = (double)(s->cpu_total - e->prev_total) /
			   (double)(s->system_cpu - e->prev_sys) *
			   (s->online_cpus > 0 ? s->online_cpus : 1) * 100.0;
		e->s.valid = true;
	}
	e->prev_total = s->cpu_total;
	e->prev_sys = s->system_cpu;
	e->s.mem = s->mem_inactive_file < s->mem_usage
		       ? s->mem_usage - s->mem_inactive_file
		       : s->mem_usage;
	e->s.mem_limit = s->mem_limit;
	e->u->gen++;
	console_dirty(e->u->app);
	docker_stats_free(s);
}

/* When the next sample is due: of the cgroup rows, the one-shot rows. */
static double
usage_due(const struct usage *u, double now)
{
	bool cgroup = false, stats = false;
	double s = u->stats_next > now ? u->stats_next : now;

	for (size_t i = 0; i < u->n; i++) {
		if (u->local && !u->v[i]->no_cgroup)
			cgroup = true;
		else
			stats = true;
	}
	if (cgroup && stats)
		return u->next < s ? u->next : s;
	return cgroup ? u->next : stats ? s : 0;
}

double
usage_tick(struct usage *u, double now)
{
	struct docker *d = u->engine->d;
	unsigned before = u->gen;
	bool cgroup_due, stats_due;

	if (u->n == 0)
		return 0;
	cgroup_due = u->local && now >= u->next;
	stats_due = now >= u->stats_next;
	if (!cgroup_due && !stats_due)
		return usage_due(u, now);
	if (cgroup_due)
		u->next = now + u->interval;
	if (stats_due)
		u->stats_next = now + u->stats_interval;
	for (size_t i = 0; i < u->n; i++) {
		struct usage_ent *e = u->v[i];

		/* Rows whose cgroup files failed take the remote path. */
		if (u->local && !e->no_cgroup) {
			if (!cgroup_due || e->inspect)
				continue;
			if (e->pid == 0) {
				e->inspect = docker_container_inspect(
				    d, e->id, usage_on_inspect, e);
				continue;
			}
			usage_sample_local(u, e);
		} else if (stats_due && e->stats == NULL) {
			/* No data callback: one sample, without the wait. */
			e->stats = docker_container_stats(
			    d, e->id, NULL, usage_on_stats, e);
		}
	}
	if (u->gen != before)
		console_dirty(u->app);
	return usage_due(u, now);
}
