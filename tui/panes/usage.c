/* CPU and memory columns: cgroup files locally, else one-shot stats. */

#include "tui/panes/usage.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "api/buf.h"
#include "api/calls.h"
#include "api/decode.h"
#include "api/docker.h"
#include "api/xalloc.h"
#include "tui/core/console.h"
#include "tui/core/engine.h"
#include "tui/core/fmt.h"

/* A cgroup's counters, open. */
struct usage_files {
	int cpu; /* cpu.stat (v2) or cpuacct.usage (v1) */
	int mem; /* memory.current (v2) or memory.usage_in_bytes (v1) */
	int stat; /* memory.stat, or -1 */
	bool v2;
	/*
	 * memory.stat is the dear one for the kernel to write: it is read
	 * again only when the usage moved, or after USAGE_STAT_EVERY reads;
	 * the memory files not at all while the CPU counter stands still.
	 */
	uint64_t last_cur, last_inactive, last_cpu, last_mem;
	unsigned stat_age;
};

struct usage_ent {
	char *id;
	bool watched;
	struct usage_sample s;
	/* local */
	int pid; /* 0: unknown (inspect pending) */
	struct docker_call *inspect;
	char *cpu_dir, *mem_dir;
	bool v2;
	/* The files, kept open while the row is on screen (read again from
	 * their start each time: no open, no close, no path lookup). */
	struct usage_files f;
	bool open;
	uint64_t limit; /* read once, when the files are opened */
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
	/*
	 * Where this engine keeps its containers' cgroups, learnt from the
	 * first row found through its process: the directories around the
	 * id. Later rows are found by their id alone, with no inspect.
	 */
	char *cpu_pre, *cpu_post, *mem_pre, *mem_post;
	bool layout_v2;
	bool soon; /* a row had its first reading: the second one soon */
	/* The first inspect is in flight, or has answered: until then, the
	 * other rows wait for the layout it may teach rather than inspect. */
	bool probing, probed;
};

/* The delay of a row's second reading, which gives its first numbers. */
#define USAGE_SOON_S 0.25
/* memory.stat is read at least every this many samples. */
#define USAGE_STAT_EVERY 15
/* CPU percentages above this (10,000 CPUs busy) are shown as this. */
#define USAGE_CPU_MAX 1e6

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

static void usage_files_close(struct usage_files *);

static void
usage_ent_free(struct usage *u, struct usage_ent *e)
{
	struct docker *d = u->engine->d;

	if (e->inspect) {
		docker_cancel(d, e->inspect);
		/* It may have been the probe: let another row ask. */
		u->probing = false;
	}
	if (e->stats)
		docker_cancel(d, e->stats);
	if (e->open)
		usage_files_close(&e->f);
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
	free(u->cpu_pre);
	free(u->cpu_post);
	free(u->mem_pre);
	free(u->mem_post);
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
			e->f.cpu = e->f.mem = e->f.stat = -1;
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

/* The whole of a small file, from its start; the file stays open. */
static bool
usage_pread(int fd, char *buf, size_t len)
{
	ssize_t n;

	if (fd < 0)
		return false;
	do
		n = pread(fd, buf, len - 1, 0);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return false;
	buf[n] = '\0';
	return true;
}

static bool
usage_parse_u64(const char *s, uint64_t *v)
{
	unsigned long long x;

	if (!isdigit((unsigned char)*s))
		return false;
	errno = 0;
	x = strtoull(s, NULL, 10);
	if (errno != 0)
		return false;
	*v = x;
	return true;
}

/* The value of a "key value" line of a stat file's text. */
static bool
usage_parse_key(const char *text, const char *key, uint64_t *v)
{
	size_t kl = strlen(key);
	const char *p = text;

	while (p && *p) {
		if (strncmp(p, key, kl) == 0 && p[kl] == ' ')
			return usage_parse_u64(p + kl + 1, v);
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return false;
}

static int
usage_open_at(const char *dir, const char *file)
{
	char path[512];
	int n = snprintf(path, sizeof path, "%s/%s", dir, file);

	if (n < 0 || (size_t)n >= sizeof path)
		return -1;
	return open(path, O_RDONLY | O_CLOEXEC);
}

static void
usage_files_close(struct usage_files *f)
{
	if (f->cpu >= 0)
		close(f->cpu);
	if (f->mem >= 0)
		close(f->mem);
	if (f->stat >= 0)
		close(f->stat);
	f->cpu = f->mem = f->stat = -1;
}

static bool
usage_files_open(
    struct usage_files *f, const char *cpu_dir, const char *mem_dir, bool v2)
{
	f->v2 = v2;
	f->stat_age = 0;
	f->cpu = usage_open_at(cpu_dir, v2 ? "cpu.stat" : "cpuacct.usage");
	f->mem = usage_open_at(
	    mem_dir, v2 ? "memory.current" : "memory.usage_in_bytes");
	f->stat = usage_open_at(mem_dir, "memory.stat");
	if (f->cpu < 0 || f->mem < 0) {
		usage_files_close(f);
		return false;
	}
	return true;
}

/*
 * CPU nanoseconds, and memory in use less the inactive file pages (as
 * docker stats counts it): three reads of open files.
 */
static bool
usage_files_read(struct usage_files *f, uint64_t *cpu_ns, uint64_t *mem)
{
	char buf[8192];
	uint64_t cur = 0, inactive = 0, usec = 0;

	if (!usage_pread(f->cpu, buf, sizeof buf))
		return false;
	if (f->v2) {
		if (!usage_parse_key(buf, "usage_usec", &usec))
			return false;
		*cpu_ns = usec > UINT64_MAX / 1000 ? UINT64_MAX : usec * 1000;
	} else if (!usage_parse_u64(buf, cpu_ns))
		return false;
	/*
	 * A cgroup that ran nothing since the last read allocated nothing
	 * either: its memory is read again only every USAGE_STAT_EVERY
	 * reads (for what the kernel reclaimed meanwhile).
	 */
	if (f->stat_age > 0 && *cpu_ns == f->last_cpu &&
	    f->stat_age < USAGE_STAT_EVERY) {
		f->stat_age++;
		*mem = f->last_mem;
		return true;
	}
	if (!usage_pread(f->mem, buf, sizeof buf) ||
	    !usage_parse_u64(buf, &cur))
		return false;
	if (cur == f->last_cur && f->stat_age > 0 &&
	    f->stat_age < USAGE_STAT_EVERY) {
		inactive = f->last_inactive;
		f->stat_age++;
	} else {
		if (usage_pread(f->stat, buf, sizeof buf))
			usage_parse_key(buf,
			    f->v2 ? "inactive_file" : "total_inactive_file",
			    &inactive);
		f->last_cur = cur;
		f->last_inactive = inactive;
		f->stat_age = 1;
	}
	*mem = inactive < cur ? cur - inactive : cur;
	f->last_cpu = *cpu_ns;
	f->last_mem = *mem;
	return true;
}

/* The memory limit, 0 for none. */
static uint64_t
usage_read_limit(const char *mem_dir, bool v2)
{
	char buf[64];
	uint64_t v = 0;
	int fd =
	    usage_open_at(mem_dir, v2 ? "memory.max" : "memory.limit_in_bytes");
	bool ok = usage_pread(fd, buf, sizeof buf) && usage_parse_u64(buf, &v);

	if (fd >= 0)
		close(fd);
	/* v2 says "max"; v1 says "no limit" with a huge number. */
	if (!ok || (!v2 && v >= (1ULL << 62)))
		return 0;
	return v;
}

static bool
usage_read_once(const char *cpu_dir, const char *mem_dir, bool v2,
    uint64_t *cpu_ns, uint64_t *mem, uint64_t *limit)
{
	struct usage_files f;
	bool ok;

	if (!usage_files_open(&f, cpu_dir, mem_dir, v2))
		return false;
	ok = usage_files_read(&f, cpu_ns, mem);
	usage_files_close(&f);
	if (ok)
		*limit = usage_read_limit(mem_dir, v2);
	return ok;
}

bool
usage_read_cgroup_v2(
    const char *dir, uint64_t *cpu_ns, uint64_t *mem, uint64_t *limit)
{
	return usage_read_once(dir, dir, true, cpu_ns, mem, limit);
}

bool
usage_read_cgroup_v1(const char *cpu_dir, const char *mem_dir, uint64_t *cpu_ns,
    uint64_t *mem, uint64_t *limit)
{
	return usage_read_once(cpu_dir, mem_dir, false, cpu_ns, mem, limit);
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

/* Closes a row's files and forgets where they were. */
static void
usage_close(struct usage_ent *e)
{
	if (e->open)
		usage_files_close(&e->f);
	e->open = false;
	free(e->cpu_dir);
	free(e->mem_dir);
	e->cpu_dir = e->mem_dir = NULL;
}

/*
 * The container's cgroup files are out of reach (not this machine's
 * container, no /proc or /sys/fs/cgroup here): ask the engine for one-shot
 * stats of this row instead, the first one now rather than a period later.
 */
static void
usage_fall_back(struct usage_ent *e)
{
	usage_close(e);
	e->no_cgroup = true;
	e->u->stats_next = 0;
}

/* Splits dir around the last id in it: before and after. */
static bool
usage_split(const char *dir, const char *id, char **pre, char **post)
{
	const char *at = NULL;

	for (const char *q = strstr(dir, id); q; q = strstr(q + 1, id))
		at = q;
	if (at == NULL)
		return false;
	*pre = xstrndup(dir, (size_t)(at - dir));
	*post = xstrdup(at + strlen(id));
	return true;
}

/* Learns the engine's layout from a row found through its process. */
static void
usage_learn(struct usage *u, const struct usage_ent *e)
{
	char *cpre, *cpost, *mpre, *mpost;

	if (u->cpu_pre != NULL ||
	    !usage_split(e->cpu_dir, e->id, &cpre, &cpost))
		return;
	if (!usage_split(e->mem_dir, e->id, &mpre, &mpost)) {
		free(cpre);
		free(cpost);
		return;
	}
	u->cpu_pre = cpre;
	u->cpu_post = cpost;
	u->mem_pre = mpre;
	u->mem_post = mpost;
	u->layout_v2 = e->v2;
}

static void
usage_opened(struct usage_ent *e)
{
	e->open = true;
	e->limit = usage_read_limit(e->mem_dir, e->v2);
}

/* Whether id is a container id (hex digits only), fit for a path. */
static bool
usage_id_ok(const char *id)
{
	size_t n = 0;

	for (; id[n]; n++)
		if (!isxdigit((unsigned char)id[n]))
			return false;
	return n >= 12;
}

/*
 * Opens a row's files where the engine's layout puts them, by the id
 * alone: a directory named after a full container id is that container's
 * (ids are unique), so no inspect and no /proc look-up is needed. False
 * when the layout is not known yet or the files are not there.
 */
static bool
usage_open_by_layout(struct usage *u, struct usage_ent *e)
{
	char *cpu, *mem;

	if (u->cpu_pre == NULL || !usage_id_ok(e->id))
		return false;
	cpu = xasprintf("%s%s%s", u->cpu_pre, e->id, u->cpu_post);
	mem = xasprintf("%s%s%s", u->mem_pre, e->id, u->mem_post);
	if (!usage_files_open(&e->f, cpu, mem, u->layout_v2)) {
		free(cpu);
		free(mem);
		return false;
	}
	e->cpu_dir = cpu;
	e->mem_dir = mem;
	e->v2 = u->layout_v2;
	usage_opened(e);
	return true;
}

/* Opens a row's files through its process (pid known). */
static bool
usage_open_by_pid(struct usage *u, struct usage_ent *e)
{
	if (e->pid <= 0 || !usage_locate(e)) {
		usage_fall_back(e);
		return false;
	}
	if (!usage_files_open(&e->f, e->cpu_dir, e->mem_dir, e->v2)) {
		/* Found but unreadable: looking again would find the same. */
		usage_fall_back(e);
		return false;
	}
	usage_opened(e);
	usage_learn(u, e);
	return true;
}

/*
 * Whether two samples read the same on screen (CPU to a tenth, memory as
 * fmt_size() writes it): only a change the rows show redraws them.
 */
static bool
usage_shown_same(const struct usage_sample *a, const struct usage_sample *b)
{
	char x[32], y[32];

	if (a->valid != b->valid)
		return false;
	if (!a->valid)
		return true;
	snprintf(x, sizeof x, "%.1f", a->cpu);
	snprintf(y, sizeof y, "%.1f", b->cpu);
	if (strcmp(x, y) != 0 || a->mem_limit != b->mem_limit)
		return false;
	fmt_size(x, sizeof x, (int64_t)a->mem);
	fmt_size(y, sizeof y, (int64_t)b->mem);
	return strcmp(x, y) == 0;
}

/* A sample as the rows may use it: percentages and bytes in range. */
static void
usage_set(struct usage *u, struct usage_ent *e, bool cpu_valid, double cpu,
    uint64_t mem, uint64_t limit)
{
	struct usage_sample before = e->s;

	if (cpu_valid) {
		/* A broken engine's counters can make any number. */
		e->s.cpu = cpu > 0 && cpu < USAGE_CPU_MAX ? cpu
			   : cpu > 0                      ? USAGE_CPU_MAX
							  : 0;
		e->s.valid = true;
	}
	e->s.mem = mem > INT64_MAX ? INT64_MAX : mem;
	e->s.mem_limit = limit > INT64_MAX ? INT64_MAX : limit;
	if (!usage_shown_same(&before, &e->s))
		u->gen++;
}

static void
usage_sample_local(struct usage *u, struct usage_ent *e)
{
	uint64_t cpu = 0, mem = 0;
	double t = usage_mono();
	bool valid = false;
	double pct = 0;

	if (!e->open && !usage_open_by_pid(u, e))
		return;
	if (!usage_files_read(&e->f, &cpu, &mem)) {
		/* The process moved or the container restarted: look again. */
		usage_close(e);
		e->pid = 0;
		return;
	}
	if (e->prev_t > 0 && t > e->prev_t && cpu >= e->prev_cpu) {
		pct = (double)(cpu - e->prev_cpu) / ((t - e->prev_t) * 1e9) *
		      100.0;
		valid = true;
	}
	/* A first reading: the second one soon, for a row to show its
	 * numbers within a second of appearing, not a period later. */
	if (!valid && !e->s.valid)
		u->soon = true;
	usage_set(u, e, valid, pct, mem, e->limit);
	e->prev_cpu = cpu;
	e->prev_t = t;
}

static void
usage_on_inspect(const struct docker_reply *r, void *arg)
{
	struct usage_ent *e = arg;
	struct docker_container_detail *d;
	char *cause = NULL;

	e->inspect = NULL;
	e->u->probing = false;
	e->u->probed = true;
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
	/* The others by the layout just learnt, now rather than later. */
	if (e->open && e->u->cpu_pre)
		e->u->next = 0;
}

/* ---- one-shot stats ---------------------------------------------------- */

static void
usage_on_stats(const struct docker_reply *r, void *arg)
{
	struct usage_ent *e = arg;
	struct docker_stats *s;
	char *cause = NULL;
	bool valid = false;
	double pct = 0;
	unsigned before;

	e->stats = NULL;
	if (r->status != DOCKER_OK ||
	    (s = decode_stats(r->body, r->len, &cause)) == NULL) {
		free(cause);
		return;
	}
	/* One-shot samples carry no previous reading: keep our own. */
	if (e->prev_sys && s->system_cpu > e->prev_sys &&
	    s->cpu_total >= e->prev_total) {
		pct = (double)(s->cpu_total - e->prev_total) /
		      (double)(s->system_cpu - e->prev_sys) *
		      (s->online_cpus > 0 ? s->online_cpus : 1) * 100.0;
		valid = true;
	}
	e->prev_total = s->cpu_total;
	e->prev_sys = s->system_cpu;
	before = e->u->gen;
	usage_set(e->u, e, valid, pct,
	    s->mem_inactive_file < s->mem_usage
		? s->mem_usage - s->mem_inactive_file
		: s->mem_usage,
	    s->mem_limit);
	if (e->u->gen != before)
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

/* A row had its first reading: its second one (its first numbers) soon. */
static void
usage_soon(struct usage *u, double now)
{
	if (u->soon && u->next > now + USAGE_SOON_S)
		u->next = now + USAGE_SOON_S;
	u->soon = false;
}

double
usage_tick(struct usage *u, double now)
{
	struct docker *d = u->engine->d;
	unsigned before = u->gen;
	bool cgroup_due, stats_due;

	if (u->n == 0)
		return 0;
	usage_soon(u, now);
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
			/* The pid is needed only to learn the layout. */
			if (!e->open && e->pid == 0 &&
			    !usage_open_by_layout(u, e)) {
				if (u->probing && !u->probed)
					continue;
				u->probing = true;
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
	usage_soon(u, now);
	return usage_due(u, now);
}
