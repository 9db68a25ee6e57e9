/* The doctor's rules (pure), its port probes and its input gatherer. */

#include "tui/core/doctor.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "api/buf.h"
#include "api/decode.h"
#include "api/http.h"
#include "api/xalloc.h"
#include "tui/core/fmt.h"

/* A die this often in this window is a loop, whatever the counters say. */
#define DOCTOR_LOOP_WINDOW 900
#define DOCTOR_LOOP_DIES 3
#define DOCTOR_RESTART_MIN 3
/* Exited non-zero this recently is worth a look. */
#define DOCTOR_EXIT_WINDOW 3600
#define DOCTOR_LONG_RUN 86400
#define DOCTOR_CLOCK_WARN 5
#define DOCTOR_CLOCK_CRIT 300
/* Reclaimable disk worth a note, and worth a warning. */
#define DOCTOR_DISK_MIN (1000LL * 1000)
#define DOCTOR_DISK_WARN (10LL * 1000 * 1000 * 1000)
/* Object lists in a finding are cut after this many names. */
#define DOCTOR_MAX_NAMES 5
/* Inspect requests in flight at once. */
#define DOCTOR_PAR 8

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

/* The findings being built. */
struct doctor_list {
	struct doctor_finding *v;
	size_t n;
};

static struct doctor_finding *doctor_add(struct doctor_list *,
    enum doctor_severity, enum doctor_rule, enum doctor_object, const char *id,
    const char *objects, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));

static struct doctor_finding *
doctor_add(struct doctor_list *l, enum doctor_severity sev,
    enum doctor_rule rule, enum doctor_object kind, const char *id,
    const char *objects, const char *hint, const char *fmt, ...)
{
	struct doctor_finding *f;
	va_list ap;

	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	f = &l->v[l->n++];
	memset(f, 0, sizeof *f);
	f->severity = sev;
	f->rule = rule;
	f->kind = kind;
	f->object_id = xstrdup_or_null(id);
	f->objects = xstrdup(objects ? objects : "");
	f->hint = xstrdup(hint ? hint : "");
	va_start(ap, fmt);
	f->title = xvasprintf(fmt, ap);
	va_end(ap);
	return f;
}

void
doctor_findings_free(struct doctor_finding *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		free(v[i].title);
		free(v[i].objects);
		free(v[i].object_id);
		free(v[i].hint);
		free(v[i].detail);
	}
	free(v);
}

static int
doctor_days_from_civil(int y, int m, int d)
{
	/* Days since 1970-01-01 of a proleptic Gregorian date. */
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int64_t
doctor_parse_time(const char *s)
{
	int y, mo, d, h, mi, sec, n = 0, oh = 0, om = 0;
	int64_t t;
	const char *p;

	if (s == NULL ||
	    sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec,
		&n) != 6 ||
	    y < 1971 || mo < 1 || mo > 12 || d < 1 || d > 31)
		return 0;
	p = s + n;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	t = (int64_t)doctor_days_from_civil(y, mo, d) * 86400 + h * 3600 +
	    mi * 60 + sec;
	/* A zone ahead of UTC means the UTC time is earlier. */
	if ((*p == '+' || *p == '-') && sscanf(p + 1, "%2d:%2d", &oh, &om) == 2)
		t += (*p == '+' ? -1 : 1) * (int64_t)(oh * 3600 + om * 60);
	return t;
}

static void
doctor_ago(char *buf, size_t len, int64_t secs)
{
	if (secs < 0)
		secs = 0;
	if (secs < 120)
		snprintf(buf, len, "%lld second%s", (long long)secs,
		    secs == 1 ? "" : "s");
	else if (secs < 7200)
		snprintf(buf, len, "%lld minutes", (long long)(secs / 60));
	else if (secs < 2 * 86400)
		snprintf(buf, len, "%lld hours", (long long)(secs / 3600));
	else
		snprintf(buf, len, "%lld days", (long long)(secs / 86400));
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

static void
doctor_container(const struct doctor_input *in,
    const struct docker_container_detail *c, struct doctor_list *l)
{
	const char *name = doctor_cname(c), *pol = c->restart_policy;
	int64_t started = doctor_parse_time(c->started_at);
	int64_t finished = doctor_parse_time(c->finished_at);
	size_t dies =
	    doctor_events(in, c->id, "die", in->now - DOCTOR_LOOP_WINDOW);
	size_t ooms =
	    doctor_events(in, c->id, "oom", in->now - DOCTOR_EXIT_WINDOW);
	bool recent = c->running && started > 0 && in->now - started < 300;
	bool loop = false, oom = false;
	char ago[32];
	struct doctor_finding *f;

	if ((c->restart_count >= DOCTOR_RESTART_MIN &&
		(c->restarting || recent)) ||
	    dies >= DOCTOR_LOOP_DIES) {
		loop = true;
		if (dies > 0)
			f = doctor_add(l, DOCTOR_CRIT, DOCTOR_RESTART_LOOP,
			    DOCTOR_OBJ_CONTAINER, c->id, name,
			    "l logs, i inspect",
			    "restart loop: restarted %d "
			    "times, died %zu times in %d minutes",
			    c->restart_count, dies, DOCTOR_LOOP_WINDOW / 60);
		else
			f = doctor_add(l, DOCTOR_CRIT, DOCTOR_RESTART_LOOP,
			    DOCTOR_OBJ_CONTAINER, c->id, name,
			    "l logs, i inspect",
			    "restart loop: restarted %d times (%s)",
			    c->restart_count,
			    c->restarting ? "restarting now"
					  : "up less than 5 minutes");
		f->detail = xasprintf("last exit code %d, restart policy "
				      "%s%s%s",
		    c->exit_code, pol && *pol ? pol : "none",
		    c->error && *c->error ? ": " : "",
		    c->error && *c->error ? c->error : "");
	} else if (c->restart_count >= DOCTOR_RESTART_MIN)
		doctor_add(l, DOCTOR_INFO, DOCTOR_RESTARTS,
		    DOCTOR_OBJ_CONTAINER, c->id, name, "l logs, i inspect",
		    "restarted %d times", c->restart_count);

	if (c->oom_killed || ooms > 0) {
		char lim[24];

		oom = true;
		doctor_mem(lim, sizeof lim, c->memory);
		f = doctor_add(l, DOCTOR_CRIT, DOCTOR_OOM, DOCTOR_OBJ_CONTAINER,
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
		f = doctor_add(l, DOCTOR_CRIT, DOCTOR_UNHEALTHY,
		    DOCTOR_OBJ_CONTAINER, c->id, name, "l logs, i inspect",
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
		doctor_add(l, DOCTOR_CRIT, DOCTOR_DEAD, DOCTOR_OBJ_CONTAINER,
		    c->id, name, "i inspect, d remove",
		    "dead: the engine failed to stop or remove it");

	if (!loop && !oom && c->status && strcmp(c->status, "exited") == 0 &&
	    c->exit_code != 0 && finished > 0 &&
	    in->now - finished <= DOCTOR_EXIT_WINDOW) {
		doctor_ago(ago, sizeof ago, in->now - finished);
		f = doctor_add(l, DOCTOR_WARN, DOCTOR_EXITED,
		    DOCTOR_OBJ_CONTAINER, c->id, name, "l logs, i inspect",
		    "exited with code %d%s %s ago", c->exit_code,
		    doctor_signal_name(c->exit_code), ago);
		/*
		 * A process killed for memory right after it started can die
		 * before the engine watches for OOM: no flag, no event.
		 */
		if (c->exit_code == 128 + 9 && c->memory > 0 &&
		    doctor_events(
			in, c->id, "kill", in->now - DOCTOR_EXIT_WINDOW) == 0) {
			char lim[24];

			doctor_mem(lim, sizeof lim, c->memory);
			f->detail = xasprintf(
			    "SIGKILL that nobody asked for, "
			    "with a memory limit of %s: likely killed for "
			    "memory",
			    lim);
		} else if (c->error && *c->error)
			f->detail = xstrdup(c->error);
	}

	if (c->running && !c->paused && started > 0 &&
	    in->now - started > DOCTOR_LONG_RUN && !c->auto_remove &&
	    (pol == NULL || *pol == '\0' || strcmp(pol, "no") == 0)) {
		doctor_ago(ago, sizeof ago, in->now - started);
		f = doctor_add(l, DOCTOR_INFO, DOCTOR_NO_RESTART_POLICY,
		    DOCTOR_OBJ_CONTAINER, c->id, name, "i inspect",
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
		f = doctor_add(l, DOCTOR_WARN, DOCTOR_PORT,
		    DOCTOR_OBJ_CONTAINER, c->id, doctor_cname(c),
		    "l logs, t processes, i inspect",
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
			int64_t own =
			    doctor_pos(im->size) - doctor_pos(im->shared_size);

			if (im->containers <= 0)
				img += doctor_pos(own);
		}
		for (size_t i = 0; i < df->n_containers; i++)
			if (df->containers[i].state &&
			    strcmp(df->containers[i].state, "running") != 0 &&
			    strcmp(df->containers[i].state, "paused") != 0)
				ctr += doctor_pos(df->containers[i].size_rw);
		for (size_t i = 0; i < df->n_volumes; i++)
			if (df->volumes[i].ref_count == 0)
				vol += doctor_pos(df->volumes[i].size);
		for (size_t i = 0; i < df->n_cache; i++)
			if (!df->cache[i].in_use && !df->cache[i].shared)
				cache += doctor_pos(df->cache[i].size);
		total = img + ctr + vol + cache;
		if (total >= DOCTOR_DISK_MIN) {
			fmt_size(a, sizeof a, img);
			fmt_size(b, sizeof b, ctr);
			fmt_size(c, sizeof c, vol);
			fmt_size(d, sizeof d, cache);
			fmt_size(t, sizeof t, total);
			doctor_add(l,
			    total >= DOCTOR_DISK_WARN ? DOCTOR_WARN
						      : DOCTOR_INFO,
			    DOCTOR_DISK, DOCTOR_OBJ_ENGINE, NULL, "engine",
			    "P prune",
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
			dsize += doctor_pos(im->size);
			if (first == NULL)
				first = im->id;
		}
		if (ndang > 0) {
			fmt_size(a, sizeof a, dsize);
			doctor_add(l, DOCTOR_INFO, DOCTOR_DANGLING,
			    DOCTOR_OBJ_IMAGE, first, buf_cstr(&names),
			    "P prune (images pane)",
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
		vol += doctor_pos(df->volumes[i].size);
		if (first == NULL)
			first = df->volumes[i].name;
	}
	if (nvol > 0) {
		fmt_size(a, sizeof a, vol);
		doctor_add(l, DOCTOR_INFO, DOCTOR_UNUSED_VOLUMES,
		    DOCTOR_OBJ_VOLUME, first, buf_cstr(&names),
		    "P prune (volumes pane)", "%zu unused volume%s (%s)", nvol,
		    nvol == 1 ? "" : "s", a);
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
			doctor_add(l, DOCTOR_CRIT, DOCTOR_API,
			    DOCTOR_OBJ_ENGINE, NULL, "engine",
			    "upgrade the engine",
			    "engine API %s is older than %s, the oldest berth "
			    "speaks",
			    v->api_version, DOCKER_API_MIN);
		else if (v->min_api_version && *v->min_api_version &&
			 docker_version_cmp(
			     v->min_api_version, DOCKER_API_MAX) > 0)
			doctor_add(l, DOCTOR_CRIT, DOCTOR_API,
			    DOCTOR_OBJ_ENGINE, NULL, "engine", "upgrade berth",
			    "engine needs API %s or newer; "
			    "berth speaks at most %s",
			    v->min_api_version, DOCKER_API_MAX);
		else if (in->client_api &&
			 docker_version_cmp(in->client_api, v->api_version) > 0)
			doctor_add(l, DOCTOR_WARN, DOCTOR_API,
			    DOCTOR_OBJ_ENGINE, NULL, "engine",
			    "reconnect (Ctrl-r)",
			    "berth uses API %s, newer than the engine's %s",
			    in->client_api, v->api_version);
		else if (docker_version_cmp(v->api_version, DOCKER_API_MAX) > 0)
			doctor_add(l, DOCTOR_INFO, DOCTOR_API,
			    DOCTOR_OBJ_ENGINE, NULL, "engine",
			    "upgrade berth for newer features",
			    "engine speaks API %s; berth uses %s",
			    v->api_version,
			    in->client_api ? in->client_api : DOCKER_API_MAX);
	}
	if (info && info->system_time) {
		int64_t t = doctor_parse_time(info->system_time);
		int64_t ref = in->info_time ? in->info_time : in->now;
		int64_t skew = t - ref;
		int64_t mag = skew < 0 ? -skew : skew;

		if (t > 0 && mag > DOCTOR_CLOCK_WARN)
			doctor_add(l,
			    mag > DOCTOR_CLOCK_CRIT ? DOCTOR_CRIT : DOCTOR_WARN,
			    DOCTOR_CLOCK, DOCTOR_OBJ_ENGINE, NULL, "engine",
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
			    DOCTOR_OBJ_ENGINE, NULL, "engine", "host pane",
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

/* Probes. */

static bool
doctor_loopback(const char *ip)
{
	return ip && (strncmp(ip, "127.", 4) == 0 || strcmp(ip, "::1") == 0);
}

struct doctor_probe *
doctor_probe_plan(struct docker_container_detail *const *cs, size_t n,
    bool local, size_t *n_out)
{
	struct doctor_probe *v = NULL;
	size_t np = 0;

	*n_out = 0;
	if (!local)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		const struct docker_container_detail *c = cs[i];
		const char *ip = NULL;

		if (c == NULL || !c->running || c->paused || c->restarting)
			continue;
		for (size_t k = 0; k < c->n_nets && ip == NULL; k++)
			if (c->nets[k].ip && *c->nets[k].ip)
				ip = c->nets[k].ip;
		for (size_t k = 0; k < c->n_ports; k++) {
			const struct docker_port_binding *b = &c->ports[k];
			int priv = 0, pub = 0;
			const char *addr;
			bool dup = false;
			char proto[8] = "";

			if (b->container_port == NULL || b->host_port == NULL ||
			    sscanf(b->container_port, "%d/%7s", &priv, proto) <
				1 ||
			    (*proto && strcmp(proto, "tcp") != 0))
				continue;
			pub = atoi(b->host_port);
			if (priv <= 0 || pub <= 0)
				continue;
			if (ip) {
				addr = ip;
			} else if (doctor_loopback(b->host_ip)) {
				addr = b->host_ip;
				priv = pub;
			} else
				continue;
			/* 0.0.0.0 and :: publish the same container port. */
			for (size_t j = 0; j < np; j++)
				if (strcmp(v[j].container_id, c->id) == 0 &&
				    strcmp(v[j].addr, addr) == 0 &&
				    v[j].port == priv)
					dup = true;
			if (dup)
				continue;
			v = xreallocarray(v, np + 1, sizeof *v);
			memset(&v[np], 0, sizeof v[np]);
			v[np].container_id = xstrdup(c->id);
			v[np].addr = xstrdup(addr);
			v[np].port = priv;
			v[np].published = xasprintf("%s%s%s->%s",
			    b->host_ip && *b->host_ip ? b->host_ip : "",
			    b->host_ip && *b->host_ip ? ":" : "", b->host_port,
			    b->container_port);
			v[np].state = DOCTOR_PROBE_PENDING;
			v[np].fd = -1;
			np++;
		}
	}
	*n_out = np;
	return v;
}

static void
doctor_probe_end(struct doctor_probe *p, enum doctor_probe_state st, int err)
{
	if (p->fd >= 0)
		close(p->fd);
	p->fd = -1;
	p->state = st;
	p->err = err;
}

static enum doctor_probe_state
doctor_probe_state_of(int err)
{
	if (err == 0)
		return DOCTOR_PROBE_OPEN;
	if (err == ECONNREFUSED || err == ECONNRESET)
		return DOCTOR_PROBE_REFUSED;
	if (err == ETIMEDOUT)
		return DOCTOR_PROBE_TIMEOUT;
	return DOCTOR_PROBE_ERROR;
}

void
doctor_probe_start(struct doctor_probe *v, size_t n, double now, double timeout)
{
	for (size_t i = 0; i < n; i++) {
		struct doctor_probe *p = &v[i];
		struct addrinfo hints, *ai = NULL;
		char port[16];
		int fd;

		if (p->state != DOCTOR_PROBE_PENDING || p->fd >= 0)
			continue;
		p->deadline = now + (timeout > 0 ? timeout : 1.0);
		memset(&hints, 0, sizeof hints);
		hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
		hints.ai_socktype = SOCK_STREAM;
		snprintf(port, sizeof port, "%d", p->port);
		if (getaddrinfo(p->addr, port, &hints, &ai) != 0 ||
		    ai == NULL) {
			doctor_probe_end(p, DOCTOR_PROBE_ERROR, EINVAL);
			continue;
		}
		fd = socket(ai->ai_family,
		    SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (fd < 0) {
			doctor_probe_end(p, DOCTOR_PROBE_ERROR, errno);
			freeaddrinfo(ai);
			continue;
		}
		p->fd = fd;
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			doctor_probe_end(p, DOCTOR_PROBE_OPEN, 0);
		else if (errno != EINPROGRESS)
			doctor_probe_end(
			    p, doctor_probe_state_of(errno), errno);
		freeaddrinfo(ai);
	}
}

bool
doctor_probe_poll(struct doctor_probe *v, size_t n, double now)
{
	bool all = true;

	for (size_t i = 0; i < n; i++) {
		struct doctor_probe *p = &v[i];
		struct pollfd pfd;
		int err = 0;
		socklen_t len = sizeof err;

		if (p->state != DOCTOR_PROBE_PENDING)
			continue;
		if (p->fd < 0) {
			all = false;
			continue;
		}
		pfd.fd = p->fd;
		pfd.events = POLLOUT;
		pfd.revents = 0;
		if (poll(&pfd, 1, 0) > 0) {
			if (getsockopt(
				p->fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
				err = errno;
			doctor_probe_end(p, doctor_probe_state_of(err), err);
		} else if (now >= p->deadline)
			doctor_probe_end(p, DOCTOR_PROBE_TIMEOUT, ETIMEDOUT);
		else
			all = false;
	}
	return all;
}

void
doctor_probes_free(struct doctor_probe *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		if (v[i].fd >= 0)
			close(v[i].fd);
		free(v[i].container_id);
		free(v[i].addr);
		free(v[i].published);
	}
	free(v);
}

/* The gatherer. */

struct doctor_slot {
	struct doctor_gather *g;
	struct docker_call *call;
	size_t idx;
};

struct doctor_gather {
	struct docker *d;
	char *label;
	bool local;
	double probe_timeout;
	doctor_gather_fn *fn;
	void *arg;

	struct docker_call *list_call, *info_call, *version_call, *df_call;
	struct doctor_slot slots[DOCTOR_PAR];
	struct docker_container_list *list;
	struct docker_container_detail **details; /* list->n, or NULL */
	size_t next; /* the next container to inspect */
	struct docker_container_detail **packed;
	size_t n_packed;
	struct docker_info *info;
	int64_t info_time;
	struct docker_version *version;
	struct docker_df *df;
	struct doctor_probe *probes;
	size_t n_probes;
	struct docker_call *events_call;
	struct docker_event **events; /* the engine's, of the last hour */
	size_t n_events;
	double df_retry; /* when to ask for disk usage again, or 0 */
	int df_tries;
	bool probing, done;
	char *error;
	struct doctor_input in;
};

static double
doctor_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
doctor_fail(
    struct doctor_gather *g, const char *what, const struct docker_reply *r)
{
	if (g->error == NULL)
		g->error = xasprintf("%s: %s", what,
		    r->message ? r->message : docker_status_str(r->status));
}

static bool
doctor_busy(const struct doctor_gather *g)
{
	if (g->list_call || g->info_call || g->version_call || g->df_call ||
	    g->events_call || g->df_retry > 0)
		return true;
	for (size_t i = 0; i < DOCTOR_PAR; i++)
		if (g->slots[i].call)
			return true;
	return g->list && g->next < g->list->n;
}

static void
doctor_finish(struct doctor_gather *g)
{
	g->probing = false;
	g->done = true;
	g->in.containers = g->packed;
	g->in.n_containers = g->n_packed;
	g->in.info = g->info;
	g->in.info_time = g->info_time;
	g->in.version = g->version;
	g->in.client_api = docker_api_version(g->d);
	g->in.df = g->df;
	g->in.events = (const struct docker_event *const *)g->events;
	g->in.n_events = g->n_events;
	g->in.probes = g->probes;
	g->in.n_probes = g->n_probes;
	g->in.engine_wide = g->label == NULL;
	g->in.now = (int64_t)doctor_clock();
	/* Nothing touches g after this: the callback may look at it. */
	g->fn(g, g->arg);
}

/* Everything has answered: pack the inspects, then probe or finish. */
static void
doctor_maybe_done(struct doctor_gather *g)
{
	if (g->done || g->probing || doctor_busy(g))
		return;
	if (g->list) {
		g->packed = xcalloc(g->list->n + 1, sizeof *g->packed);
		for (size_t i = 0; i < g->list->n; i++)
			if (g->details[i])
				g->packed[g->n_packed++] = g->details[i];
	}
	g->probes =
	    doctor_probe_plan(g->packed, g->n_packed, g->local, &g->n_probes);
	if (g->n_probes == 0) {
		doctor_finish(g);
		return;
	}
	g->probing = true;
	doctor_probe_start(
	    g->probes, g->n_probes, doctor_clock(), g->probe_timeout);
	if (doctor_probe_poll(g->probes, g->n_probes, doctor_clock()))
		doctor_finish(g);
}

static void doctor_inspect_next(struct doctor_gather *);

static void
doctor_on_inspect(const struct docker_reply *r, void *arg)
{
	struct doctor_slot *s = arg;
	struct doctor_gather *g = s->g;
	char *cause = NULL;

	s->call = NULL;
	/* A container removed meanwhile (404) is simply not there. */
	if (r->status == DOCKER_OK) {
		g->details[s->idx] =
		    decode_container_detail(r->body, r->len, &cause);
		free(cause);
	} else if (r->http_status != 404)
		doctor_fail(g, "inspect", r);
	doctor_inspect_next(g);
	doctor_maybe_done(g);
}

static void
doctor_inspect_next(struct doctor_gather *g)
{
	for (size_t i = 0; i < DOCTOR_PAR && g->list && g->next < g->list->n;
	     i++) {
		struct doctor_slot *s = &g->slots[i];
		char *path;

		if (s->call)
			continue;
		s->g = g;
		s->idx = g->next++;
		path = xasprintf("/containers/%s/json", g->list->v[s->idx].id);
		s->call = docker_get(g->d, path, doctor_on_inspect, s);
		free(path);
	}
}

static void
doctor_on_list(const struct docker_reply *r, void *arg)
{
	struct doctor_gather *g = arg;
	char *cause = NULL;

	g->list_call = NULL;
	if (r->status != DOCKER_OK)
		doctor_fail(g, "containers", r);
	else if ((g->list = decode_container_list(r->body, r->len, &cause)) ==
		 NULL) {
		if (g->error == NULL)
			g->error = cause;
		else
			free(cause);
	} else {
		g->details = xcalloc(g->list->n + 1, sizeof *g->details);
		doctor_inspect_next(g);
	}
	doctor_maybe_done(g);
}

static void doctor_on_events(const struct docker_reply *, void *);
static char *doctor_filters(const char *, const char *);

/*
 * The engine's memory of deaths and OOM kills (its newest 256 events): a
 * restart loop or a kill from before berth started. The window ends at the
 * engine's own time, or a skewed clock would hold the answer back.
 */
static void
doctor_ask_events(struct doctor_gather *g)
{
	char *f = doctor_filters(g->label,
		 "\"type\":[\"container\"],"
		 "\"event\":[\"die\",\"oom\",\"kill\"]"),
	     *path;
	int64_t now = g->info ? doctor_parse_time(g->info->system_time) : 0;

	if (now <= 0)
		now = (int64_t)doctor_clock();
	path = xasprintf("/events?since=%lld&until=%lld&filters=%s",
	    (long long)(now - DOCTOR_EXIT_WINDOW), (long long)now, f);
	free(f);
	g->events_call = docker_get(g->d, path, doctor_on_events, g);
	free(path);
}

static void
doctor_on_info(const struct docker_reply *r, void *arg)
{
	struct doctor_gather *g = arg;
	char *cause = NULL;

	g->info_call = NULL;
	g->info_time = (int64_t)doctor_clock();
	if (r->status == DOCKER_OK) {
		g->info = decode_info(r->body, r->len, &cause);
		free(cause);
	} else
		doctor_fail(g, "info", r);
	doctor_ask_events(g);
	doctor_maybe_done(g);
}

static void
doctor_on_version(const struct docker_reply *r, void *arg)
{
	struct doctor_gather *g = arg;
	char *cause = NULL;

	g->version_call = NULL;
	if (r->status == DOCKER_OK) {
		g->version = decode_version(r->body, r->len, &cause);
		free(cause);
	} else
		doctor_fail(g, "version", r);
	doctor_maybe_done(g);
}

static void
doctor_on_df(const struct docker_reply *r, void *arg)
{
	struct doctor_gather *g = arg;
	char *cause = NULL;

	g->df_call = NULL;
	if (r->status == DOCKER_OK) {
		g->df = decode_df(r->body, r->len, &cause);
		free(cause);
	} else if (r->status == DOCKER_ERR_HTTP && r->message &&
		   strstr(r->message, "already running") &&
		   ++g->df_tries < 20) {
		/* The engine computes one at a time: ask again shortly. */
		g->df_retry = doctor_clock() + 0.25;
		return;
	} else
		doctor_fail(g, "disk usage", r);
	doctor_maybe_done(g);
}

/* The deaths and OOM kills of the last hour, for the rules on events. */
static void
doctor_on_events(const struct docker_reply *r, void *arg)
{
	struct doctor_gather *g = arg;
	const char *p, *end;

	g->events_call = NULL;
	if (r->status != DOCKER_OK) {
		doctor_fail(g, "events", r);
		doctor_maybe_done(g);
		return;
	}
	for (p = r->body, end = r->body + r->len; p && p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
		struct docker_event *e;
		char *cause = NULL;

		if (l > 0 && (e = decode_event(p, l, &cause)) != NULL) {
			g->events = xreallocarray(
			    g->events, g->n_events + 1, sizeof *g->events);
			g->events[g->n_events++] = e;
		}
		free(cause);
		p += l + 1;
	}
	doctor_maybe_done(g);
}

/*
 * A filters= value: {"label":["k=v"]} and more keys given as JSON text
 * (e.g. "\"event\":[\"die\"]"), the label's quotes and backslashes
 * escaped. URL-encoded, owned.
 */
static char *
doctor_filters(const char *label, const char *more)
{
	struct buf b;
	char *esc;

	buf_init(&b);
	buf_putc(&b, '{');
	if (label) {
		buf_puts(&b, "\"label\":[\"");
		for (const char *p = label; *p; p++) {
			if (*p == '"' || *p == '\\')
				buf_putc(&b, '\\');
			if ((unsigned char)*p >= 0x20)
				buf_putc(&b, *p);
		}
		buf_puts(&b, "\"]");
	}
	if (more)
		buf_printf(&b, "%s%s", label ? "," : "", more);
	buf_putc(&b, '}');
	esc = http_escape(buf_cstr(&b));
	buf_done(&b);
	return esc;
}

struct doctor_gather *
doctor_gather_new(struct docker *d, const struct doctor_gather_opts *o,
    doctor_gather_fn *fn, void *arg)
{
	struct doctor_gather *g = xcalloc(1, sizeof *g);
	char *path;

	g->d = d;
	g->label = o && o->label && *o->label ? xstrdup(o->label) : NULL;
	g->local = o && o->local;
	g->probe_timeout = o && o->probe_timeout > 0 ? o->probe_timeout : 1.0;
	g->fn = fn;
	g->arg = arg;
	if (g->label) {
		char *f = doctor_filters(g->label, NULL);

		path = xasprintf("/containers/json?all=1&filters=%s", f);
		free(f);
	} else
		path = xstrdup("/containers/json?all=1");
	g->list_call = docker_get(d, path, doctor_on_list, g);
	free(path);
	g->info_call = docker_get(d, "/info", doctor_on_info, g);
	g->version_call = docker_get(d, "/version", doctor_on_version, g);
	/* Disk usage is engine-wide: not for a labelled subset. */
	if (g->label == NULL)
		g->df_call = docker_get(d, "/system/df", doctor_on_df, g);
	return g;
}

void
doctor_gather_free(struct doctor_gather *g)
{
	if (g == NULL)
		return;
	docker_cancel(g->d, g->list_call);
	docker_cancel(g->d, g->info_call);
	docker_cancel(g->d, g->version_call);
	docker_cancel(g->d, g->df_call);
	docker_cancel(g->d, g->events_call);
	for (size_t i = 0; i < g->n_events; i++)
		docker_event_free(g->events[i]);
	free(g->events);
	for (size_t i = 0; i < DOCTOR_PAR; i++)
		docker_cancel(g->d, g->slots[i].call);
	for (size_t i = 0; g->list && i < g->list->n; i++)
		docker_container_detail_free(g->details[i]);
	free(g->details);
	free(g->packed);
	docker_container_list_free(g->list);
	docker_info_free(g->info);
	docker_version_free(g->version);
	docker_df_free(g->df);
	doctor_probes_free(g->probes, g->n_probes);
	free(g->label);
	free(g->error);
	free(g);
}

double
doctor_gather_tick(struct doctor_gather *g, double now)
{
	if (g == NULL)
		return 0;
	if (g->df_retry > 0) {
		if (now < g->df_retry)
			return g->df_retry;
		g->df_retry = 0;
		g->df_call = docker_get(g->d, "/system/df", doctor_on_df, g);
		return 0;
	}
	if (!g->probing)
		return 0;
	if (doctor_probe_poll(g->probes, g->n_probes, now)) {
		doctor_finish(g);
		return 0;
	}
	/* A connect's answer does not wake the loop: look again soon. */
	return now + 0.02;
}

bool
doctor_gather_done(const struct doctor_gather *g)
{
	return g->done;
}

const char *
doctor_gather_error(const struct doctor_gather *g)
{
	return g->error;
}

const struct doctor_input *
doctor_gather_input(const struct doctor_gather *g)
{
	return &g->in;
}

const struct docker_container_list *
doctor_gather_list(const struct doctor_gather *g)
{
	return g->list;
}

static void
doctor_collect_done(struct doctor_gather *g, void *arg)
{
	(void)g;
	*(bool *)arg = true;
}

bool
doctor_collect(struct docker *d, const struct doctor_gather_opts *o,
    const struct docker_event *const *events, size_t n_events,
    struct doctor_finding **out, size_t *n, char **cause)
{
	bool done = false;
	struct doctor_gather *g =
	    doctor_gather_new(d, o, doctor_collect_done, &done);
	const struct docker_event **merged;
	struct doctor_input in;

	*out = NULL;
	*n = 0;
	while (!done) {
		http_step(docker_http(d), g->probing ? 10 : 200);
		doctor_gather_tick(g, doctor_clock());
	}
	if (g->list == NULL) {
		*cause = xstrdup(g->error ? g->error : "no container list");
		doctor_gather_free(g);
		return false;
	}
	in = g->in;
	merged = doctor_events_merge(
	    g->in.events, g->in.n_events, events, n_events, &in.n_events);
	in.events = merged;
	doctor_run(&in, out, n);
	free(merged);
	doctor_gather_free(g);
	return true;
}
