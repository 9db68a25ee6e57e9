/* The doctor's rules: pure functions of decoded models to findings. */

#include "tui/core/doctor.h"
#include "tui/core/doctor_priv.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/arith.h"
#include "api/buf.h"
#include "api/rfc3339.h"
#include "api/xalloc.h"
#include "tui/core/fmt.h"

/* A die this often in this window is a loop, whatever the counters say. */
#define DOCTOR_LOOP_WINDOW 900
#define DOCTOR_LOOP_DIES 3
#define DOCTOR_RESTART_MIN 3
#define DOCTOR_LONG_RUN 86400
#define DOCTOR_CLOCK_WARN 5
#define DOCTOR_CLOCK_CRIT 300
/* Reclaimable disk worth a note, and worth a warning. */
#define DOCTOR_DISK_MIN (1000LL * 1000)
#define DOCTOR_DISK_WARN (10LL * 1000 * 1000 * 1000)
/* Object lists in a finding are cut after this many names. */
#define DOCTOR_MAX_NAMES 5

static const char *const doctor_rule_names[DOCTOR_RULE__COUNT] = {
    [DOCTOR_RESTART_LOOP] = "restart-loop",
    [DOCTOR_OOM] = "oom-killed",
    [DOCTOR_UNHEALTHY] = "unhealthy",
    [DOCTOR_DEAD] = "dead",
    [DOCTOR_EXITED] = "exited-non-zero",
    [DOCTOR_PORT] = "port-not-answering",
    [DOCTOR_API] = "api-version",
    [DOCTOR_CLOCK] = "clock-skew",
    [DOCTOR_ENGINE_WARNING] = "engine-warning",
    [DOCTOR_RESTARTS] = "restarts",
    [DOCTOR_NO_RESTART_POLICY] = "no-restart-policy",
    [DOCTOR_DISK] = "reclaimable-disk",
    [DOCTOR_DANGLING] = "dangling-images",
    [DOCTOR_UNUSED_VOLUMES] = "unused-volumes",
    [DOCTOR_SWARM_QUORUM] = "swarm-quorum",
    [DOCTOR_SWARM_NODE_DOWN] = "swarm-node-down",
    [DOCTOR_SWARM_REPLICAS] = "swarm-replicas",
    [DOCTOR_SWARM_TASKS_FAILING] = "swarm-tasks-failing",
    [DOCTOR_SWARM_CERT] = "swarm-certificate",
    [DOCTOR_SWARM_NODE_DRAINED] = "swarm-node-drained",
};

const char *
doctor_severity_name(enum doctor_severity s)
{
	switch (s) {
	case DOCTOR_CRIT:
		return "CRIT";
	case DOCTOR_WARN:
		return "WARN";
	case DOCTOR_INFO:
		break;
	}
	return "INFO";
}

const char *
doctor_rule_name(enum doctor_rule r)
{
	return r < DOCTOR_RULE__COUNT ? doctor_rule_names[r] : "?";
}

enum kind
doctor_finding_detail(const struct doctor_finding *f, enum action act,
    const char **id, enum tab *tab)
{
	*id = NULL;
	*tab = act == ACTION_LOGS        ? TAB_LOGS
	       : act == ACTION_STATS     ? TAB_STATS
	       : act == ACTION_PROCESSES ? TAB_TOP
					 : TAB_INSPECT;
	if (act == ACTION_ENTER)
		return KIND_NONE;
	if (f->kind == KIND_ENGINE) {
		*id = "engine";
		return act == ACTION_INSPECT ? KIND_ENGINE : KIND_NONE;
	}
	*id = f->object_id;
	return f->object_id ? f->kind : KIND_NONE;
}

/* A memory limit as the user wrote it: "8MiB", "1.5GiB". */
static void
doctor_mem(char *buf, size_t len, int64_t bytes)
{
	static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
	double v = (double)bytes;
	int u = 0;

	while (v >= 1024 && u < 4) {
		v /= 1024;
		u++;
	}
	snprintf(buf, len, v == (double)(int64_t)v ? "%.0f%s" : "%.1f%s", v,
	    units[u]);
}

static const char *
doctor_cname(const struct docker_container_detail *c)
{
	return c->name && *c->name ? c->name : c->id ? c->id : "?";
}

/* Container events of one kind for id at or after since. */
static size_t
doctor_events(const struct doctor_input *in, const char *id, const char *action,
    int64_t since)
{
	size_t n = 0;

	for (size_t i = 0; i < in->n_events; i++) {
		const struct docker_event *e = in->events[i];

		if (e == NULL || e->type == NULL || e->action == NULL ||
		    e->actor_id == NULL || strcmp(e->type, "container") != 0)
			continue;
		if (strcmp(e->action, action) == 0 &&
		    strcmp(e->actor_id, id) == 0 && e->time >= since)
			n++;
	}
	return n;
}

/* The first line of a health probe's output, trimmed and cut. */
static char *
doctor_first_line(const char *s)
{
	size_t n;

	if (s == NULL)
		return xstrdup("");
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	n = strcspn(s, "\r\n");
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n > 200)
		n = 200;
	return xstrndup(s, n);
}

static const char *
doctor_signal_name(int code)
{
	switch (code) {
	case 128 + 9:
		return " (SIGKILL)";
	case 128 + 15:
		return " (SIGTERM)";
	case 128 + 6:
		return " (SIGABRT)";
	case 128 + 11:
		return " (SIGSEGV)";
	case 128 + 2:
		return " (SIGINT)";
	}
	return "";
}

/* A restart loop, or restarts worth a note; true for a loop. */
static bool
doctor_loop(const struct doctor_input *in,
    const struct docker_container_detail *c, int64_t started,
    struct doctor_list *l)
{
	const char *name = doctor_cname(c), *pol = c->restart_policy;
	size_t dies =
	    doctor_events(in, c->id, "die", in->now - DOCTOR_LOOP_WINDOW);
	bool recent = c->running && started > 0 && in->now - started < 300;
	struct doctor_finding *f;

	if ((c->restart_count < DOCTOR_RESTART_MIN ||
		(!c->restarting && !recent)) &&
	    dies < DOCTOR_LOOP_DIES) {
		if (c->restart_count >= DOCTOR_RESTART_MIN)
			doctor_add(l, DOCTOR_INFO, DOCTOR_RESTARTS,
			    KIND_CONTAINER, c->id, name, "l logs, i inspect",
			    "restarted %d times", c->restart_count);
		return false;
	}
	if (dies > 0)
		f = doctor_add(l, DOCTOR_CRIT, DOCTOR_RESTART_LOOP,
		    KIND_CONTAINER, c->id, name, "l logs, i inspect",
		    "restart loop: restarted %d "
		    "times, died %zu times in %d minutes",
		    c->restart_count, dies, DOCTOR_LOOP_WINDOW / 60);
	else
		f = doctor_add(l, DOCTOR_CRIT, DOCTOR_RESTART_LOOP,
		    KIND_CONTAINER, c->id, name, "l logs, i inspect",
		    "restart loop: restarted %d times (%s)", c->restart_count,
		    c->restarting ? "restarting now"
				  : "up less than 5 minutes");
	f->detail = xasprintf("last exit code %d, restart policy "
			      "%s%s%s",
	    c->exit_code, pol && *pol ? pol : "none",
	    c->error && *c->error ? ": " : "",
	    c->error && *c->error ? c->error : "");
	return true;
}

/* Exited non-zero within the window (and not for a reason said already). */
static void
doctor_exited(const struct doctor_input *in,
    const struct docker_container_detail *c, int64_t finished,
    struct doctor_list *l)
{
	struct doctor_finding *f;
	char ago[32];

	if (c->status == NULL || strcmp(c->status, "exited") != 0 ||
	    c->exit_code == 0 || finished <= 0 ||
	    in->now - finished > DOCTOR_EXIT_WINDOW)
		return;
	doctor_ago(ago, sizeof ago, in->now - finished);
	f = doctor_add(l, DOCTOR_WARN, DOCTOR_EXITED, KIND_CONTAINER, c->id,
	    doctor_cname(c), "l logs, i inspect",
	    "exited with code %d%s %s ago", c->exit_code,
	    doctor_signal_name(c->exit_code), ago);
	/*
	 * A process killed for memory right after it started can die
	 * before the engine watches for OOM: no flag, no event.
	 */
	if (c->exit_code == 128 + 9 && c->memory > 0 &&
	    doctor_events(in, c->id, "kill", in->now - DOCTOR_EXIT_WINDOW) ==
		0) {
		char lim[24];

		doctor_mem(lim, sizeof lim, c->memory);
		f->detail = xasprintf("SIGKILL that nobody asked for, "
				      "with a memory limit of %s: likely "
				      "killed for memory",
		    lim);
	} else if (c->error && *c->error)
		f->detail = xstrdup(c->error);
}

static void
doctor_container(const struct doctor_input *in,
    const struct docker_container_detail *c, struct doctor_list *l)
{
	const char *name = doctor_cname(c), *pol = c->restart_policy;
	int64_t started = rfc3339_parse(c->started_at);
	int64_t finished = rfc3339_parse(c->finished_at);
	size_t ooms =
	    doctor_events(in, c->id, "oom", in->now - DOCTOR_EXIT_WINDOW);
	bool loop = doctor_loop(in, c, started, l), oom = false;
	char ago[32];
	struct doctor_finding *f;

	if (c->oom_killed || ooms > 0) {
		char lim[24];

		oom = true;
		doctor_mem(lim, sizeof lim, c->memory);
		f = doctor_add(l, DOCTOR_CRIT, DOCTOR_OOM, KIND_CONTAINER,
		    c->id, name, "x stats, l logs, i inspect",
		    "OOM-killed (memory limit %s)",
		    c->memory > 0 ? lim : "none: the host ran out");
		if (finished > 0) {
			doctor_ago(ago, sizeof ago, in->now - finished);
			f->detail =
			    xasprintf("exit code %d, %s ago%s", c->exit_code,
				ago, c->running ? "; running again" : "");
		}
	}

	if (c->health_status && strcmp(c->health_status, "unhealthy") == 0) {
		f = doctor_add(l, DOCTOR_CRIT, DOCTOR_UNHEALTHY, KIND_CONTAINER,
		    c->id, name, "l logs, i inspect",
		    "unhealthy: %d health checks failed in a row",
		    c->health_failing_streak);
		if (c->n_health_log > 0) {
			const struct docker_health_log *h =
			    &c->health_log[c->n_health_log - 1];
			char *out = doctor_first_line(h->output);

			f->detail = xasprintf("last probe: exit code %d%s%s",
			    h->exit_code, *out ? ": " : ", no output", out);
			free(out);
		}
	}

	if (c->dead)
		doctor_add(l, DOCTOR_CRIT, DOCTOR_DEAD, KIND_CONTAINER, c->id,
		    name, "i inspect, d remove",
		    "dead: the engine failed to stop or remove it");

	if (!loop && !oom)
		doctor_exited(in, c, finished, l);

	if (c->running && !c->paused && started > 0 &&
	    in->now - started > DOCTOR_LONG_RUN && !c->auto_remove &&
	    (pol == NULL || *pol == '\0' || strcmp(pol, "no") == 0)) {
		doctor_ago(ago, sizeof ago, in->now - started);
		f = doctor_add(l, DOCTOR_INFO, DOCTOR_NO_RESTART_POLICY,
		    KIND_CONTAINER, c->id, name, "i inspect",
		    "up %s with no restart policy", ago);
		f->detail = xstrdup(
		    "it will stay down after a crash or an "
		    "engine restart (docker update --restart unless-stopped)");
	}
}

static const char *
doctor_probe_word(const struct doctor_probe *p)
{
	switch (p->state) {
	case DOCTOR_PROBE_REFUSED:
		return "connection refused";
	case DOCTOR_PROBE_TIMEOUT:
		return "no answer (timed out)";
	case DOCTOR_PROBE_ERROR:
		return p->err ? strerror(p->err) : "cannot connect";
	case DOCTOR_PROBE_PENDING:
	case DOCTOR_PROBE_OPEN:
		break;
	}
	return "";
}

static void
doctor_ports(const struct doctor_input *in, struct doctor_list *l)
{
	for (size_t i = 0; i < in->n_probes; i++) {
		const struct doctor_probe *p = &in->probes[i];
		const struct docker_container_detail *c = NULL;
		struct doctor_finding *f;

		if (p->state == DOCTOR_PROBE_OPEN ||
		    p->state == DOCTOR_PROBE_PENDING)
			continue;
		for (size_t k = 0; k < in->n_containers && c == NULL; k++)
			if (in->containers[k] && in->containers[k]->id &&
			    p->container_id &&
			    strcmp(in->containers[k]->id, p->container_id) == 0)
				c = in->containers[k];
		if (c == NULL)
			continue;
		f = doctor_add(l, DOCTOR_WARN, DOCTOR_PORT, KIND_CONTAINER,
		    c->id, doctor_cname(c), "l logs, t processes, i inspect",
		    "port %s: nothing answers", p->published);
		f->detail = xasprintf(
		    "%s on %s port %d", doctor_probe_word(p), p->addr, p->port);
	}
}

/* "a, b, c and 4 more" from up to DOCTOR_MAX_NAMES names. */
static void
doctor_name_list(struct buf *b, size_t *shown, size_t total, const char *name)
{
	if (*shown < DOCTOR_MAX_NAMES)
		buf_printf(b, "%s%s", *shown ? ", " : "", name);
	else if (*shown == DOCTOR_MAX_NAMES)
		buf_printf(b, " and %zu more", total - DOCTOR_MAX_NAMES);
	(*shown)++;
}

static int64_t
doctor_pos(int64_t v)
{
	return v > 0 ? v : 0;
}

static void
doctor_disk(const struct doctor_input *in, struct doctor_list *l)
{
	const struct docker_df *df = in->df;
	int64_t img = 0, ctr = 0, vol = 0, cache = 0, total, dsize = 0;
	size_t ndang = 0, shown = 0, nvol = 0;
	char a[24], b[24], c[24], d[24], t[24];
	struct buf names;
	const char *first = NULL;

	if (in->engine_wide) {
		for (size_t i = 0; i < df->n_images; i++) {
			const struct docker_df_image *im = &df->images[i];
			int64_t own = arith_sub(
			    doctor_pos(im->size), doctor_pos(im->shared_size));

			if (im->containers <= 0)
				img = arith_add(img, doctor_pos(own));
		}
		for (size_t i = 0; i < df->n_containers; i++)
			if (df->containers[i].state &&
			    strcmp(df->containers[i].state, "running") != 0 &&
			    strcmp(df->containers[i].state, "paused") != 0)
				ctr = arith_add(
				    ctr, doctor_pos(df->containers[i].size_rw));
		for (size_t i = 0; i < df->n_volumes; i++)
			if (df->volumes[i].ref_count == 0)
				vol = arith_add(
				    vol, doctor_pos(df->volumes[i].size));
		for (size_t i = 0; i < df->n_cache; i++)
			if (!df->cache[i].in_use && !df->cache[i].shared)
				cache = arith_add(
				    cache, doctor_pos(df->cache[i].size));
		total = arith_add(arith_add(img, ctr), arith_add(vol, cache));
		if (total >= DOCTOR_DISK_MIN) {
			fmt_size(a, sizeof a, img);
			fmt_size(b, sizeof b, ctr);
			fmt_size(c, sizeof c, vol);
			fmt_size(d, sizeof d, cache);
			fmt_size(t, sizeof t, total);
			doctor_add(l,
			    total >= DOCTOR_DISK_WARN ? DOCTOR_WARN
						      : DOCTOR_INFO,
			    DOCTOR_DISK, KIND_ENGINE, NULL, "engine", "P prune",
			    "reclaimable disk: %s (unused "
			    "images %s, stopped containers %s, unused volumes "
			    "%s, build cache %s)",
			    t, a, b, c, d);
		}

		buf_init(&names);
		for (size_t i = 0; i < df->n_images; i++)
			if (df->images[i].repo_tags == NULL ||
			    df->images[i].repo_tags[0] == NULL)
				ndang++;
		for (size_t i = 0; i < df->n_images && ndang; i++) {
			const struct docker_df_image *im = &df->images[i];
			char sid[32];

			if (im->repo_tags && im->repo_tags[0])
				continue;
			fmt_short_id(sid, sizeof sid, im->id);
			doctor_name_list(&names, &shown, ndang, sid);
			dsize = arith_add(dsize, doctor_pos(im->size));
			if (first == NULL)
				first = im->id;
		}
		if (ndang > 0) {
			fmt_size(a, sizeof a, dsize);
			doctor_add(l, DOCTOR_INFO, DOCTOR_DANGLING, KIND_IMAGE,
			    first, buf_cstr(&names), "P prune (images pane)",
			    "%zu dangling image%s (%s)", ndang,
			    ndang == 1 ? "" : "s", a);
		}
		buf_done(&names);
	}

	buf_init(&names);
	shown = 0;
	first = NULL;
	vol = 0;
	for (size_t i = 0; i < df->n_volumes; i++)
		if (df->volumes[i].ref_count == 0)
			nvol++;
	for (size_t i = 0; i < df->n_volumes && nvol; i++) {
		if (df->volumes[i].ref_count != 0)
			continue;
		doctor_name_list(&names, &shown, nvol, df->volumes[i].name);
		vol = arith_add(vol, doctor_pos(df->volumes[i].size));
		if (first == NULL)
			first = df->volumes[i].name;
	}
	if (nvol > 0) {
		fmt_size(a, sizeof a, vol);
		doctor_add(l, DOCTOR_INFO, DOCTOR_UNUSED_VOLUMES, KIND_VOLUME,
		    first, buf_cstr(&names), "P prune (volumes pane)",
		    "%zu unused volume%s (%s)", nvol, nvol == 1 ? "" : "s", a);
	}
	buf_done(&names);
}

static void
doctor_engine(const struct doctor_input *in, struct doctor_list *l)
{
	const struct docker_version *v = in->version;
	const struct docker_info *info = in->info;

	if (v && v->api_version && *v->api_version) {
		if (docker_version_cmp(v->api_version, DOCKER_API_MIN) < 0)
			doctor_add(l, DOCTOR_CRIT, DOCTOR_API, KIND_ENGINE,
			    NULL, "engine", "upgrade the engine",
			    "engine API %s is older than %s, the oldest berth "
			    "speaks",
			    v->api_version, DOCKER_API_MIN);
		else if (v->min_api_version && *v->min_api_version &&
			 docker_version_cmp(
			     v->min_api_version, DOCKER_API_MAX) > 0)
			doctor_add(l, DOCTOR_CRIT, DOCTOR_API, KIND_ENGINE,
			    NULL, "engine", "upgrade berth",
			    "engine needs API %s or newer; "
			    "berth speaks at most %s",
			    v->min_api_version, DOCKER_API_MAX);
		else if (in->client_api &&
			 docker_version_cmp(in->client_api, v->api_version) > 0)
			doctor_add(l, DOCTOR_WARN, DOCTOR_API, KIND_ENGINE,
			    NULL, "engine", "reconnect (Ctrl-r)",
			    "berth uses API %s, newer than the engine's %s",
			    in->client_api, v->api_version);
		else if (docker_version_cmp(v->api_version, DOCKER_API_MAX) > 0)
			doctor_add(l, DOCTOR_INFO, DOCTOR_API, KIND_ENGINE,
			    NULL, "engine", "upgrade berth for newer features",
			    "engine speaks API %s; berth uses %s",
			    v->api_version,
			    in->client_api ? in->client_api : DOCKER_API_MAX);
	}
	if (info && info->system_time) {
		int64_t t = rfc3339_parse(info->system_time);
		int64_t ref = in->info_time ? in->info_time : in->now;
		int64_t skew = t - ref;
		int64_t mag = skew < 0 ? -skew : skew;

		if (t > 0 && mag > DOCTOR_CLOCK_WARN)
			doctor_add(l,
			    mag > DOCTOR_CLOCK_CRIT ? DOCTOR_CRIT : DOCTOR_WARN,
			    DOCTOR_CLOCK, KIND_ENGINE, NULL, "engine",
			    "sync the clocks (NTP)",
			    "engine clock is %lld seconds %s this machine's",
			    (long long)mag, skew > 0 ? "ahead of" : "behind");
	}
	for (size_t i = 0; info && info->warnings && info->warnings[i]; i++) {
		char *w = doctor_first_line(info->warnings[i]);
		const char *t = w;

		if (strncasecmp(t, "WARNING: ", 9) == 0)
			t += 9;
		if (*t)
			doctor_add(l, DOCTOR_WARN, DOCTOR_ENGINE_WARNING,
			    KIND_ENGINE, NULL, "engine", "host pane",
			    "engine warning: %s", t);
		free(w);
	}
}

static int
doctor_cmp(const void *a, const void *b)
{
	const struct doctor_finding *x = a, *y = b;
	int r;

	if (x->severity != y->severity)
		return x->severity > y->severity ? -1 : 1;
	if (x->rule != y->rule)
		return x->rule < y->rule ? -1 : 1;
	if ((r = strcmp(x->objects, y->objects)) != 0)
		return r;
	return strcmp(x->title, y->title);
}

void
doctor_run(
    const struct doctor_input *in, struct doctor_finding **out, size_t *n)
{
	struct doctor_list l = {NULL, 0};

	for (size_t i = 0; i < in->n_containers; i++)
		if (in->containers[i] && in->containers[i]->id)
			doctor_container(in, in->containers[i], &l);
	doctor_ports(in, &l);
	if (in->engine_wide)
		doctor_engine(in, &l);
	if (in->df)
		doctor_disk(in, &l);
	if (in->swarm || in->nodes || in->services || in->tasks)
		doctor_swarm(in, &l);
	if (l.n > 1)
		qsort(l.v, l.n, sizeof *l.v, doctor_cmp);
	*out = l.v;
	*n = l.n;
}

void
doctor_count(const struct doctor_finding *v, size_t n, size_t counts[3])
{
	counts[0] = counts[1] = counts[2] = 0;
	for (size_t i = 0; i < n; i++)
		counts[v[i].severity]++;
}

char *
doctor_report(const struct doctor_finding *v, size_t n)
{
	struct buf b;
	size_t c[3];

	buf_init(&b);
	doctor_count(v, n, c);
	buf_printf(&b, "%zu findings: %zu CRIT, %zu WARN, %zu INFO\n", n, c[2],
	    c[1], c[0]);
	for (size_t i = 0; i < n; i++) {
		buf_printf(&b, "\n%-4s  %s\n",
		    doctor_severity_name(v[i].severity), v[i].title);
		buf_printf(&b, "      objects: %s\n", v[i].objects);
		if (v[i].detail)
			buf_printf(&b, "      detail:  %s\n", v[i].detail);
		buf_printf(&b, "      keys:    %s\n", v[i].hint);
		buf_printf(
		    &b, "      rule:    %s\n", doctor_rule_name(v[i].rule));
	}
	return buf_steal(&b);
}

static bool
doctor_same_event(const struct docker_event *a, const struct docker_event *b)
{
	return a->time_nano == b->time_nano && a->time == b->time &&
	       a->action && b->action && strcmp(a->action, b->action) == 0 &&
	       a->actor_id && b->actor_id &&
	       strcmp(a->actor_id, b->actor_id) == 0;
}

const struct docker_event **
doctor_events_merge(const struct docker_event *const *a, size_t na,
    const struct docker_event *const *b, size_t nb, size_t *n)
{
	const struct docker_event **v = xcalloc(na + nb + 1, sizeof *v);
	size_t k = 0;

	for (size_t i = 0; i < na; i++)
		if (a[i])
			v[k++] = a[i];
	for (size_t i = 0; i < nb; i++) {
		bool dup = b[i] == NULL;

		for (size_t j = 0; j < na && !dup; j++)
			dup = a[j] && doctor_same_event(a[j], b[i]);
		if (!dup)
			v[k++] = b[i];
	}
	*n = k;
	return v;
}
