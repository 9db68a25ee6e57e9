/* Detail views: one object's inspect, logs, stats, processes, history. */

#include "tui/views/detail.h"

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/create.h"
#include "api/decode.h"
#include "api/docker.h"
#include "api/http.h"
#include "api/stream.h"
#include "api/xalloc.h"
#include "themes/theme.h"
#include "tui/core/app.h"
#include "tui/core/fmt.h"
#include "widgets/pager.h"
#include "widgets/sparkline.h"
#include "widgets/text.h"

static const char *const detail_tab_names[DETAIL_TAB__COUNT] = {
    [DETAIL_TAB_LOGS] = "Logs",
    [DETAIL_TAB_INSPECT] = "Inspect",
    [DETAIL_TAB_STATS] = "Stats",
    [DETAIL_TAB_TOP] = "Processes",
    [DETAIL_TAB_HISTORY] = "History",
};

enum {
	SPARK_CPU,
	SPARK_MEM,
	SPARK_NET_RX,
	SPARK_NET_TX,
	SPARK_BLK_R,
	SPARK_BLK_W,
	SPARK_PIDS,
	SPARK__COUNT
};

struct detail {
	struct app *app;
	struct docker *d;
	enum detail_kind kind;
	enum detail_tab tab;
	char *id;
	char *name;
	bool dirty;

	/* inspect */
	struct docker_call *inspect_call;
	char *inspect_text; /* pretty JSON, owned */
	char **json_lines; /* its lines */
	size_t n_json;
	bool *folded; /* per json line: folded at this opener */
	struct pager inspect;
	char *inspect_err;
	char *host_info; /* DETAIL_HOST: /info, while /version is asked */
	bool tty; /* Config.Tty: raw logs */
	bool tty_known;

	/* logs */
	struct pager logs;
	struct docker_call *logs_call;
	struct demux demux;
	struct detail_logjoin join;
	bool piece_start; /* the next demux output starts a frame */
	bool timestamps;
	bool logs_started;
	bool logs_ended;
	char *logs_err;

	/* stats */
	struct docker_call *stats_call;
	struct jsonl stats_jl;
	struct docker_stats *last; /* the newest sample */
	uint64_t prev_rx, prev_tx, prev_br, prev_bw;
	double prev_t;
	double cpu;
	struct sparkline spark[SPARK__COUNT];
	char *stats_err;

	/* processes and history */
	struct pager top;
	struct docker_call *top_call;
	double top_next;
	bool top_plain; /* no ps_args: the engine refuses them (Windows) */
	bool top_retry; /* this answer is for the retry without them */
	struct pager history;
	struct docker_call *history_call;
	bool history_loaded;
};

enum detail_kind
detail_kind_for_pane(const char *pane)
{
	if (!strcmp(pane, "containers"))
		return DETAIL_CONTAINER;
	if (!strcmp(pane, "images"))
		return DETAIL_IMAGE;
	if (!strcmp(pane, "volumes"))
		return DETAIL_VOLUME;
	if (!strcmp(pane, "networks"))
		return DETAIL_NETWORK;
	return DETAIL_NONE;
}

bool
detail_has_tab(enum detail_kind k, enum detail_tab t)
{
	switch (k) {
	case DETAIL_CONTAINER:
		return t != DETAIL_TAB_HISTORY;
	case DETAIL_IMAGE:
		return t == DETAIL_TAB_INSPECT || t == DETAIL_TAB_HISTORY;
	case DETAIL_VOLUME:
	case DETAIL_NETWORK:
	case DETAIL_EXEC:
	case DETAIL_HOST:
	case DETAIL_EVENT:
		return t == DETAIL_TAB_INSPECT;
	case DETAIL_NONE:
		break;
	}
	return false;
}

double
detail_cpu_percent(uint64_t cpu, uint64_t pre_cpu, uint64_t sys,
    uint64_t pre_sys, int online_cpus)
{
	double cd, sd;

	/* The first sample of a stream has no previous reading. */
	if (pre_sys == 0 || cpu <= pre_cpu || sys <= pre_sys)
		return 0;
	cd = (double)(cpu - pre_cpu);
	sd = (double)(sys - pre_sys);
	return cd / sd * (online_cpus > 0 ? online_cpus : 1) * 100.0;
}

uint64_t
detail_mem_used(const struct docker_stats *s)
{
	if (s->mem_inactive_file < s->mem_usage)
		return s->mem_usage - s->mem_inactive_file;
	return s->mem_usage;
}

static char *
detail_path(const struct detail *dt, const char *suffix)
{
	static const char *const base[] = {
	    [DETAIL_NONE] = "",
	    [DETAIL_CONTAINER] = "/containers/",
	    [DETAIL_IMAGE] = "/images/",
	    [DETAIL_VOLUME] = "/volumes/",
	    [DETAIL_NETWORK] = "/networks/",
	    [DETAIL_EXEC] = "/exec/",
	    [DETAIL_HOST] = "",
	    [DETAIL_EVENT] = "",
	};
	char *esc = http_escape(dt->id);
	char *p = xasprintf("%s%s%s", base[dt->kind], esc, suffix);

	free(esc);
	return p;
}

/* ---- inspect ---------------------------------------------------------- */

static size_t
detail_indent(const char *s)
{
	size_t n = 0;

	while (s[n] == ' ')
		n++;
	return n;
}

static bool
detail_opens(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && (s[n - 1] == '{' || s[n - 1] == '[');
}

/* The line that closes the object or array opened at line i. */
static size_t
detail_closer(const struct detail *dt, size_t i)
{
	size_t ind = detail_indent(dt->json_lines[i]);

	for (size_t j = i + 1; j < dt->n_json; j++) {
		const char *l = dt->json_lines[j];

		if (detail_indent(l) == ind && (l[ind] == '}' || l[ind] == ']'))
			return j;
	}
	return dt->n_json - 1;
}

static int
detail_json_role(const char *l)
{
	const char *p = l + detail_indent(l);

	if (*p == '"' && strstr(p, "\": "))
		return THEME_ROLE_JSON_KEY;
	if (*p == '"')
		return THEME_ROLE_JSON_STRING;
	if ((*p >= '0' && *p <= '9') || *p == '-')
		return THEME_ROLE_JSON_NUMBER;
	return THEME_ROLE_JSON_PUNCT;
}

/* Rebuilds the inspect pager from the JSON lines and the folds. */
static void
detail_inspect_render(struct detail *dt)
{
	size_t top = dt->inspect.top;

	pager_clear(&dt->inspect);
	for (size_t i = 0; i < dt->n_json; i++) {
		const char *l = dt->json_lines[i];

		if (dt->folded[i] && detail_opens(l)) {
			size_t end = detail_closer(dt, i);
			const char *close = dt->json_lines[end] +
					    detail_indent(dt->json_lines[end]);
			char *t = xasprintf(
			    "%s…%s  (%zu lines)", l, close, end - i + 1);

			pager_append(
			    &dt->inspect, t, (size_t)-1, THEME_ROLE_JSON_KEY);
			free(t);
			i = end;
			continue;
		}
		pager_append(&dt->inspect, l, (size_t)-1, detail_json_role(l));
	}
	dt->inspect.follow = false;
	dt->inspect.top = top < pager_count(&dt->inspect) ? top : 0;
	dt->dirty = true;
}

/* Maps a pager line back to its JSON line (folds hide lines). */
static size_t
detail_json_index(const struct detail *dt, size_t pager_line)
{
	size_t shown = 0;

	for (size_t i = 0; i < dt->n_json; i++) {
		if (shown == pager_line)
			return i;
		if (dt->folded[i] && detail_opens(dt->json_lines[i]))
			i = detail_closer(dt, i);
		shown++;
	}
	return dt->n_json;
}

static void
detail_fold(struct detail *dt)
{
	size_t start = dt->inspect.match >= 0 ? (size_t)dt->inspect.match
					      : dt->inspect.top;

	/* The first object or array at or below the top of the screen. */
	for (size_t pl = start; pl < pager_count(&dt->inspect); pl++) {
		size_t i = detail_json_index(dt, pl);

		if (i < dt->n_json && i > 0 &&
		    detail_opens(dt->json_lines[i])) {
			dt->folded[i] = !dt->folded[i];
			detail_inspect_render(dt);
			dt->inspect.top = pl;
			return;
		}
	}
}

static void detail_logs_start(struct detail *);

/* Shows a JSON document in the inspect tab, pretty-printed. */
static void
detail_inspect_show(struct detail *dt, const char *body, size_t len)
{
	char *cause = NULL, *p, *nl;
	size_t n = 1;

	dt->dirty = true;
	dt->inspect_text = decode_pretty(body, len, &cause);
	if (dt->inspect_text == NULL) {
		pager_append(&dt->inspect, cause, (size_t)-1, THEME_ROLE_ERROR);
		free(cause);
		return;
	}
	for (p = dt->inspect_text; *p; p++)
		n += *p == '\n';
	dt->json_lines = xcalloc(n + 1, sizeof *dt->json_lines);
	dt->folded = xcalloc(n + 1, sizeof *dt->folded);
	for (p = dt->inspect_text; p && *p; p = nl ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		dt->json_lines[dt->n_json++] =
		    nl ? xstrndup(p, (size_t)(nl - p)) : xstrdup(p);
	}
	detail_inspect_render(dt);
	dt->inspect.top = 0;
}

static void
detail_on_inspect(const struct docker_reply *r, void *arg)
{
	struct detail *dt = arg;
	char *cause = NULL;

	dt->inspect_call = NULL;
	dt->dirty = true;
	if (r->status != DOCKER_OK) {
		dt->inspect_err = xstrdup(
		    r->message ? r->message : docker_status_str(r->status));
		pager_append(&dt->inspect, dt->inspect_err, (size_t)-1,
		    THEME_ROLE_ERROR);
		dt->tty_known = true;
		if (dt->tab == DETAIL_TAB_LOGS)
			detail_logs_start(dt);
		return;
	}
	if (dt->kind == DETAIL_CONTAINER) {
		struct docker_container_detail *c =
		    decode_container_detail(r->body, r->len, &cause);

		if (c) {
			dt->tty = c->tty;
			docker_container_detail_free(c);
		}
		free(cause);
		dt->tty_known = true;
	}
	detail_inspect_show(dt, r->body, r->len);
	if (dt->tab == DETAIL_TAB_LOGS && !dt->logs_started)
		detail_logs_start(dt);
}

/* The engine's /version after its /info: one document of the two. */
static void
detail_on_host_version(const struct docker_reply *r, void *arg)
{
	struct detail *dt = arg;
	char *both;

	dt->inspect_call = NULL;
	if (r->status == DOCKER_OK)
		both = xasprintf("{\"Info\": %s, \"Version\": %.*s}",
		    dt->host_info, (int)r->len, r->body);
	else
		both = xasprintf("{\"Info\": %s}", dt->host_info);
	detail_inspect_show(dt, both, strlen(both));
	free(both);
	free(dt->host_info);
	dt->host_info = NULL;
}

static void
detail_on_host_info(const struct docker_reply *r, void *arg)
{
	struct detail *dt = arg;

	if (r->status != DOCKER_OK) {
		detail_on_inspect(r, dt);
		return;
	}
	dt->host_info = xstrndup(r->body, r->len);
	dt->inspect_call =
	    docker_get(dt->d, "/version", detail_on_host_version, dt);
}

static void
detail_inspect_fetch(struct detail *dt)
{
	char *path;

	/* An event's view is made from the event itself. */
	if (dt->kind == DETAIL_EVENT)
		return;
	if (dt->kind == DETAIL_HOST) {
		dt->inspect_call =
		    docker_get(dt->d, "/info", detail_on_host_info, dt);
		return;
	}
	path = detail_path(dt, dt->kind == DETAIL_IMAGE ||
				       dt->kind == DETAIL_CONTAINER ||
				       dt->kind == DETAIL_EXEC
				   ? "/json"
				   : "");
	dt->inspect_call = docker_get(dt->d, path, detail_on_inspect, dt);
	free(path);
}

/* ---- logs ------------------------------------------------------------- */

/*
 * Whether s starts like form ('d' a digit, anything else itself): 1 when
 * it does, and *i moved past it; -1 when the n bytes end first; 0 not.
 */
static int
detail_ts_form(const char *s, size_t n, size_t *i, const char *form)
{
	for (; *form; form++, (*i)++) {
		if (*i == n)
			return -1;
		if (*form == 'd' ? !isdigit((unsigned char)s[*i])
				 : s[*i] != *form)
			return 0;
	}
	return 1;
}

/*
 * The length of the timestamp and space the engine puts in front of a log
 * piece ("2024-05-01T10:20:30.123456789Z "), 0 when s does not start with
 * one, -1 when its n bytes may still become one.
 */
static int
detail_ts_len(const char *s, size_t n)
{
	size_t i = 0, digits = 0;
	int r = detail_ts_form(s, n, &i, "dddd-dd-ddTdd:dd:dd");

	if (r <= 0)
		return r;
	if (i < n && s[i] == '.')
		for (i++; i < n && isdigit((unsigned char)s[i]) && digits < 9;
		     i++)
			digits++;
	if (i == n)
		return -1;
	if (s[i] == 'Z')
		i++;
	else if (s[i] == '+' || s[i] == '-') {
		i++;
		if ((r = detail_ts_form(s, n, &i, "dd:dd")) <= 0)
			return r;
	} else
		return 0;
	if (i == n)
		return -1;
	return s[i] == ' ' ? (int)i + 1 : 0;
}

/* The engine's pieces in a raw stream: its log copier's buffer, 16 KiB. */
#define DETAIL_LOG_PIECE 16384

void
detail_logjoin_init(struct detail_logjoin *j, bool timestamps, bool raw,
    lines_fn *fn, void *arg)
{
	memset(j, 0, sizeof *j);
	linebuf_init(&j->lines, fn, arg);
	j->timestamps = timestamps;
	j->raw = raw;
}

void
detail_logjoin_done(struct detail_logjoin *j)
{
	linebuf_done(&j->lines);
	j->holding = false;
	j->n_hold = 0;
}

static void
detail_logjoin_put(
    struct detail_logjoin *j, enum demux_stream s, const char *p, size_t n)
{
	if (n == 0)
		return;
	linebuf_feed(&j->lines, s, p, n);
	j->mid[s] = p[n - 1] != '\n';
}

/* Raw: how much of p belongs to the piece, counted off what is left. */
static size_t
detail_logjoin_span(struct detail_logjoin *j, const char *p, size_t n)
{
	size_t max = n < j->left ? n : j->left;
	const char *nl = memchr(p, '\n', max);
	size_t take = nl ? (size_t)(nl - p) + 1 : max;

	j->left = nl ? 0 : j->left - take;
	return take;
}

/*
 * Ends the hold: its first ts bytes are a timestamp (0: there is none),
 * dropped from a continuation; the rest is the piece's text.
 */
static void
detail_logjoin_resolve(struct detail_logjoin *j, size_t ts)
{
	char rest[sizeof j->hold];
	size_t n = j->n_hold - ts;

	j->holding = false;
	j->n_hold = 0;
	if (!j->strip)
		detail_logjoin_put(j, j->hold_s, j->hold, ts);
	j->left = DETAIL_LOG_PIECE;
	memcpy(rest, j->hold + ts, n);
	detail_logjoin_feed(j, j->hold_s, rest, n, false);
}

void
detail_logjoin_feed(struct detail_logjoin *j, enum demux_stream s,
    const char *data, size_t len, bool start)
{
	assert((unsigned)s < 4);
	if (!j->timestamps) {
		detail_logjoin_put(j, s, data, len);
		return;
	}
	/* A frame that ended inside what looked like a timestamp. */
	if (!j->raw && j->holding && (start || s != j->hold_s))
		detail_logjoin_resolve(j, 0);
	while (len > 0) {
		size_t n = len;
		int ts;

		/* Every piece of a raw stream is held: its length counts. */
		if (!j->holding &&
		    (j->raw ? j->left == 0 : start && j->mid[s])) {
			j->holding = true;
			j->strip = j->mid[s];
			j->hold_s = s;
		}
		start = false;
		if (j->holding) {
			/* Byte by byte: it resolves at the timestamp's end. */
			assert(j->n_hold < sizeof j->hold);
			j->hold[j->n_hold++] = *data++;
			len--;
			ts = detail_ts_len(j->hold, j->n_hold);
			if (ts >= 0)
				detail_logjoin_resolve(j, (size_t)ts);
			continue;
		}
		if (j->raw)
			n = detail_logjoin_span(j, data, len);
		detail_logjoin_put(j, s, data, n);
		data += n;
		len -= n;
	}
}

void
detail_logjoin_flush(struct detail_logjoin *j)
{
	if (j->holding)
		detail_logjoin_resolve(j, 0);
	linebuf_flush(&j->lines);
	memset(j->mid, 0, sizeof j->mid);
	j->left = 0;
}

static void
detail_on_log_line(enum demux_stream s, const char *line, size_t len, void *arg)
{
	struct detail *dt = arg;
	int role = s == DEMUX_STDERR   ? THEME_ROLE_STDERR
		   : s == DEMUX_SYSTEM ? THEME_ROLE_ERROR
				       : THEME_ROLE_NORMAL;

	pager_append(&dt->logs, line, len, role);
	dt->dirty = true;
}

static void
detail_on_log_piece(
    enum demux_stream s, const char *data, size_t len, void *arg)
{
	struct detail *dt = arg;
	bool start = dt->piece_start;

	/* The demux has counted this piece off its frame already. */
	dt->piece_start = dt->demux.remaining == 0;
	detail_logjoin_feed(&dt->join, s, data, len, start);
}

static bool
detail_on_logs_data(const char *data, size_t len, void *arg)
{
	struct detail *dt = arg;

	if (!demux_feed(&dt->demux, data, len)) {
		pager_append(&dt->logs, "berth: the log stream is malformed",
		    (size_t)-1, THEME_ROLE_ERROR);
		dt->dirty = true;
		return false;
	}
	return true;
}

static void
detail_on_logs_end(const struct docker_reply *r, void *arg)
{
	struct detail *dt = arg;

	dt->logs_call = NULL;
	detail_logjoin_flush(&dt->join);
	dt->logs_ended = true;
	if (r->status != DOCKER_OK && r->status != DOCKER_ERR_CANCELLED) {
		free(dt->logs_err);
		dt->logs_err = xstrdup(
		    r->message ? r->message : docker_status_str(r->status));
		pager_append(
		    &dt->logs, dt->logs_err, (size_t)-1, THEME_ROLE_ERROR);
	}
	dt->dirty = true;
}

static void
detail_logs_stop(struct detail *dt)
{
	if (dt->logs_call)
		docker_cancel(dt->d, dt->logs_call);
	dt->logs_call = NULL;
	detail_logjoin_done(&dt->join);
}

static void
detail_logs_start(struct detail *dt)
{
	const struct config *cfg = app_config(dt->app);
	char suffix[128];
	char *path;

	if (!dt->tty_known) {
		/* Raw or multiplexed depends on Config.Tty: inspect first. */
		if (dt->inspect_call == NULL && dt->inspect_text == NULL)
			detail_inspect_fetch(dt);
		return;
	}
	detail_logs_stop(dt);
	dt->logs_started = true;
	dt->logs_ended = false;
	pager_clear(&dt->logs);
	demux_init(&dt->demux, dt->tty, detail_on_log_piece, dt);
	dt->piece_start = true;
	detail_logjoin_init(
	    &dt->join, dt->timestamps, dt->tty, detail_on_log_line, dt);
	snprintf(suffix, sizeof suffix,
	    "/logs?stdout=1&stderr=1&follow=1&tail=%d%s", cfg->log_tail,
	    dt->timestamps ? "&timestamps=1" : "");
	path = detail_path(dt, suffix);
	dt->logs_call = docker_stream(dt->d, "GET", path, NULL, 0,
	    detail_on_logs_data, detail_on_logs_end, dt);
	free(path);
}

static void
detail_logs_save(struct detail *dt)
{
	char path[256], stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	FILE *f;

	localtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	snprintf(path, sizeof path, "berth-%s-%s.log", dt->name, stamp);
	for (char *p = path; *p; p++)
		if (*p == '/' || *p == ' ')
			*p = '_';
	f = fopen(path, "w");
	if (f == NULL) {
		app_error(dt->app, "save %s: %s", path, strerror(errno));
		return;
	}
	for (size_t i = 0; i < pager_count(&dt->logs); i++) {
		const struct pager_line *l = pager_line(&dt->logs, i);

		fwrite(l->text, 1, l->len, f);
		fputc('\n', f);
	}
	if (fclose(f) != 0)
		app_error(dt->app, "save %s: %s", path, strerror(errno));
	else
		app_ok(dt->app, "saved %zu lines to %s", pager_count(&dt->logs),
		    path);
}

/* ---- stats ------------------------------------------------------------ */

static double
detail_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool
detail_on_stats_line(const char *line, size_t len, void *arg)
{
	struct detail *dt = arg;
	char *cause = NULL;
	struct docker_stats *s = decode_stats(line, len, &cause);
	double t = detail_now(), dtime;

	if (s == NULL) {
		free(cause);
		return true;
	}
	dt->cpu = detail_cpu_percent(s->cpu_total, s->pre_cpu_total,
	    s->system_cpu, s->pre_system_cpu, s->online_cpus);
	sparkline_push(&dt->spark[SPARK_CPU], dt->cpu);
	sparkline_push(&dt->spark[SPARK_MEM], (double)detail_mem_used(s));
	sparkline_push(&dt->spark[SPARK_PIDS], (double)s->pids);
	dtime = dt->prev_t > 0 ? t - dt->prev_t : 0;
	if (dtime > 0 && dt->last) {
		sparkline_push(&dt->spark[SPARK_NET_RX],
		    (double)(s->net_rx - dt->prev_rx) / dtime);
		sparkline_push(&dt->spark[SPARK_NET_TX],
		    (double)(s->net_tx - dt->prev_tx) / dtime);
		sparkline_push(&dt->spark[SPARK_BLK_R],
		    (double)(s->blk_read - dt->prev_br) / dtime);
		sparkline_push(&dt->spark[SPARK_BLK_W],
		    (double)(s->blk_write - dt->prev_bw) / dtime);
	}
	dt->prev_rx = s->net_rx;
	dt->prev_tx = s->net_tx;
	dt->prev_br = s->blk_read;
	dt->prev_bw = s->blk_write;
	dt->prev_t = t;
	docker_stats_free(dt->last);
	dt->last = s;
	dt->dirty = true;
	return true;
}

static bool
detail_on_stats_data(const char *data, size_t len, void *arg)
{
	struct detail *dt = arg;

	return jsonl_feed(&dt->stats_jl, data, len);
}

static void
detail_on_stats_end(const struct docker_reply *r, void *arg)
{
	struct detail *dt = arg;

	dt->stats_call = NULL;
	if (r->status != DOCKER_OK && r->status != DOCKER_ERR_CANCELLED) {
		free(dt->stats_err);
		dt->stats_err = xstrdup(
		    r->message ? r->message : docker_status_str(r->status));
	}
	dt->dirty = true;
}

static void
detail_stats_stop(struct detail *dt)
{
	if (dt->stats_call)
		docker_cancel(dt->d, dt->stats_call);
	dt->stats_call = NULL;
}

static void
detail_stats_start(struct detail *dt)
{
	char *path;

	if (dt->stats_call)
		return;
	jsonl_done(&dt->stats_jl);
	jsonl_init(&dt->stats_jl, detail_on_stats_line, dt);
	path = detail_path(dt, "/stats?stream=1");
	dt->stats_call = docker_stream(dt->d, "GET", path, NULL, 0,
	    detail_on_stats_data, detail_on_stats_end, dt);
	free(path);
}

/* ---- processes and history ------------------------------------------- */

static void
detail_table_to_pager(struct pager *pg, char **titles, char ***rows, size_t n)
{
	size_t nc = strv_len(titles);
	int *w = xcalloc(nc ? nc : 1, sizeof *w);
	struct buf b;

	for (size_t c = 0; c < nc; c++)
		w[c] = text_width(titles[c]);
	for (size_t r = 0; r < n; r++)
		for (size_t c = 0; c < nc && rows[r][c]; c++)
			if (c + 1 < nc && text_width(rows[r][c]) > w[c])
				w[c] = text_width(rows[r][c]);
	buf_init(&b);
	pager_clear(pg);
	for (size_t r = 0; r <= n; r++) {
		char **cells = r == 0 ? titles : rows[r - 1];

		buf_reset(&b);
		for (size_t c = 0; c < nc && cells[c]; c++) {
			buf_puts(&b, cells[c]);
			for (int k = text_width(cells[c]);
			     c + 1 < nc && k < w[c] + 2; k++)
				buf_putc(&b, ' ');
		}
		pager_append(pg, buf_cstr(&b), b.len,
		    r == 0 ? THEME_ROLE_HEADER : THEME_ROLE_NORMAL);
	}
	buf_done(&b);
	free(w);
}

static void detail_top_fetch(struct detail *);

static void
detail_on_top(const struct docker_reply *r, void *arg)
{
	struct detail *dt = arg;
	char *cause = NULL;
	struct docker_top *t;
	size_t keep = dt->top.top;
	bool retry = dt->top_retry;

	dt->top_call = NULL;
	dt->top_retry = false;
	dt->dirty = true;
	/* Windows engines refuse arguments to top: ask once more without. */
	if (r->status == DOCKER_ERR_HTTP && !dt->top_plain &&
	    (r->http_status == 500 || r->http_status == 400)) {
		dt->top_plain = dt->top_retry = true;
		detail_top_fetch(dt);
		return;
	}
	if (r->status != DOCKER_OK) {
		/* Refused without them too: they were not the cause. */
		if (retry)
			dt->top_plain = false;
		pager_clear(&dt->top);
		pager_append(&dt->top,
		    r->message ? r->message : docker_status_str(r->status),
		    (size_t)-1, THEME_ROLE_ERROR);
		return;
	}
	t = decode_top(r->body, r->len, &cause);
	if (t == NULL) {
		pager_clear(&dt->top);
		pager_append(&dt->top, cause, (size_t)-1, THEME_ROLE_ERROR);
		free(cause);
		return;
	}
	detail_table_to_pager(&dt->top, t->titles, t->rows, t->n_rows);
	dt->top.follow = false;
	dt->top.top = keep < pager_count(&dt->top) ? keep : 0;
	docker_top_free(t);
}

static void
detail_top_fetch(struct detail *dt)
{
	char *path;

	if (dt->top_call)
		return;
	if (strcmp(app_os_type(dt->app), "windows") == 0)
		dt->top_plain = true;
	path = detail_path(dt, dt->top_plain ? "/top" : "/top?ps_args=-ef");
	dt->top_call = docker_get(dt->d, path, detail_on_top, dt);
	free(path);
}

static void
detail_on_history(const struct docker_reply *r, void *arg)
{
	struct detail *dt = arg;
	char *cause = NULL;
	struct docker_history *h;
	char ***rows;
	char t0[] = "ID", t1[] = "CREATED", t2[] = "SIZE", t3[] = "CREATED BY";
	char *titles[] = {t0, t1, t2, t3, NULL};
	int64_t now = fmt_now();

	dt->history_call = NULL;
	dt->history_loaded = true;
	dt->dirty = true;
	if (r->status != DOCKER_OK) {
		pager_append(&dt->history,
		    r->message ? r->message : docker_status_str(r->status),
		    (size_t)-1, THEME_ROLE_ERROR);
		return;
	}
	h = decode_history(r->body, r->len, &cause);
	if (h == NULL) {
		pager_append(&dt->history, cause, (size_t)-1, THEME_ROLE_ERROR);
		free(cause);
		return;
	}
	rows = xcalloc(h->n ? h->n : 1, sizeof *rows);
	for (size_t i = 0; i < h->n; i++) {
		char id[16], ago[16], size[16];

		fmt_short_id(id, sizeof id, h->v[i].id);
		fmt_ago(ago, sizeof ago, h->v[i].created, now);
		fmt_size(size, sizeof size, h->v[i].size);
		rows[i] = xcalloc(5, sizeof **rows);
		rows[i][0] = xstrdup(id);
		rows[i][1] = xasprintf("%s ago", ago);
		rows[i][2] = xstrdup(size);
		rows[i][3] =
		    xstrdup(h->v[i].created_by ? h->v[i].created_by : "");
	}
	detail_table_to_pager(&dt->history, titles, rows, h->n);
	dt->history.follow = false;
	dt->history.top = 0;
	for (size_t i = 0; i < h->n; i++)
		strv_free(rows[i]);
	free(rows);
	docker_history_free(h);
}

/* ---- the view --------------------------------------------------------- */

static void
detail_show_tab(struct detail *dt, enum detail_tab t)
{
	if (!detail_has_tab(dt->kind, t))
		return;
	dt->tab = t;
	dt->dirty = true;
	if (t != DETAIL_TAB_STATS)
		detail_stats_stop(dt);
	switch (t) {
	case DETAIL_TAB_INSPECT:
		if (dt->inspect_text == NULL && dt->inspect_call == NULL &&
		    dt->inspect_err == NULL)
			detail_inspect_fetch(dt);
		break;
	case DETAIL_TAB_LOGS:
		if (!dt->logs_started)
			detail_logs_start(dt);
		break;
	case DETAIL_TAB_STATS:
		detail_stats_start(dt);
		break;
	case DETAIL_TAB_TOP:
		detail_top_fetch(dt);
		dt->top_next = detail_now() + 2;
		break;
	case DETAIL_TAB_HISTORY:
		if (!dt->history_loaded && dt->history_call == NULL) {
			char *path = detail_path(dt, "/history");

			dt->history_call =
			    docker_get(dt->d, path, detail_on_history, dt);
			free(path);
		}
		break;
	case DETAIL_TAB__COUNT:
		break;
	}
}

static struct detail *
detail_alloc(
    struct app *app, enum detail_kind kind, const char *id, const char *name)
{
	struct detail *dt = xcalloc(1, sizeof *dt);

	dt->app = app;
	dt->d = app_docker(app);
	dt->kind = kind;
	dt->id = xstrdup(id);
	dt->name = xstrdup(name && *name ? name : id);
	pager_init(&dt->inspect, 100000);
	pager_init(&dt->logs, 20000);
	pager_init(&dt->top, 5000);
	pager_init(&dt->history, 1000);
	detail_logjoin_init(&dt->join, false, false, detail_on_log_line, dt);
	jsonl_init(&dt->stats_jl, detail_on_stats_line, dt);
	for (int i = 0; i < SPARK__COUNT; i++)
		sparkline_init(&dt->spark[i], 300);
	return dt;
}

struct detail *
detail_new(struct app *app, enum detail_kind kind, const char *id,
    const char *name, enum detail_tab tab)
{
	struct detail *dt = detail_alloc(app, kind, id, name);

	detail_show_tab(dt, tab);
	return dt;
}

struct detail *
detail_new_event(struct app *app, const struct docker_event *e)
{
	const char *who = kvlist_get(&e->attrs, "name");
	char id[16], *name, *json, *cause = NULL;
	struct detail *dt;

	fmt_short_id(id, sizeof id, e->actor_id);
	name = xasprintf("%s %s %s", e->type ? e->type : "?",
	    e->action ? e->action : "?", who ? who : id);
	dt = detail_alloc(
	    app, DETAIL_EVENT, e->actor_id ? e->actor_id : "", name);
	free(name);
	json = create_event_json(e, &cause);
	if (json) {
		detail_inspect_show(dt, json, strlen(json));
		free(json);
	} else {
		pager_append(&dt->inspect, cause, (size_t)-1, THEME_ROLE_ERROR);
		free(cause);
	}
	dt->tab = DETAIL_TAB_INSPECT;
	return dt;
}

void
detail_free(struct detail *dt)
{
	if (dt == NULL)
		return;
	if (dt->inspect_call)
		docker_cancel(dt->d, dt->inspect_call);
	detail_logs_stop(dt);
	detail_stats_stop(dt);
	if (dt->top_call)
		docker_cancel(dt->d, dt->top_call);
	if (dt->history_call)
		docker_cancel(dt->d, dt->history_call);
	jsonl_done(&dt->stats_jl);
	docker_stats_free(dt->last);
	for (int i = 0; i < SPARK__COUNT; i++)
		sparkline_done(&dt->spark[i]);
	pager_done(&dt->inspect);
	pager_done(&dt->logs);
	pager_done(&dt->top);
	pager_done(&dt->history);
	for (size_t i = 0; i < dt->n_json; i++)
		free(dt->json_lines[i]);
	free(dt->json_lines);
	free(dt->folded);
	free(dt->inspect_text);
	free(dt->inspect_err);
	free(dt->host_info);
	free(dt->logs_err);
	free(dt->stats_err);
	free(dt->id);
	free(dt->name);
	free(dt);
}

static struct pager *
detail_pager(struct detail *dt)
{
	switch (dt->tab) {
	case DETAIL_TAB_LOGS:
		return &dt->logs;
	case DETAIL_TAB_INSPECT:
		return &dt->inspect;
	case DETAIL_TAB_TOP:
		return &dt->top;
	case DETAIL_TAB_HISTORY:
		return &dt->history;
	default:
		return NULL;
	}
}

static void
detail_cycle(struct detail *dt, int dir)
{
	int t = (int)dt->tab;

	for (int i = 0; i < DETAIL_TAB__COUNT; i++) {
		t = (t + dir + DETAIL_TAB__COUNT) % DETAIL_TAB__COUNT;
		if (detail_has_tab(dt->kind, (enum detail_tab)t)) {
			detail_show_tab(dt, (enum detail_tab)t);
			return;
		}
	}
}

enum action
detail_handle(struct detail *dt, enum action a)
{
	struct pager *pg = detail_pager(dt);

	dt->dirty = true;
	switch (a) {
	case ACTION_NEXT_PANE:
		detail_cycle(dt, 1);
		return ACTION_NONE;
	case ACTION_PREV_PANE:
		detail_cycle(dt, -1);
		return ACTION_NONE;
	case ACTION_LOGS:
		detail_show_tab(dt, DETAIL_TAB_LOGS);
		return ACTION_NONE;
	case ACTION_INSPECT:
		detail_show_tab(dt, DETAIL_TAB_INSPECT);
		return ACTION_NONE;
	case ACTION_STATS:
		detail_show_tab(dt, DETAIL_TAB_STATS);
		return ACTION_NONE;
	case ACTION_PROCESSES:
		detail_show_tab(dt, DETAIL_TAB_TOP);
		return ACTION_NONE;
	case ACTION_HISTORY:
		detail_show_tab(dt, DETAIL_TAB_HISTORY);
		return ACTION_NONE;
	case ACTION_TIMESTAMPS:
		if (dt->tab == DETAIL_TAB_LOGS) {
			dt->timestamps = !dt->timestamps;
			detail_logs_start(dt);
			app_info(dt->app, "timestamps %s",
			    dt->timestamps ? "on" : "off");
			return ACTION_NONE;
		}
		/* Elsewhere t means what it means in the pane: processes. */
		detail_show_tab(dt, DETAIL_TAB_TOP);
		return ACTION_NONE;
	case ACTION_SAVE:
		if (dt->tab == DETAIL_TAB_LOGS) {
			detail_logs_save(dt);
			return ACTION_NONE;
		}
		return a;
	case ACTION_FOLD:
		if (dt->tab == DETAIL_TAB_INSPECT) {
			detail_fold(dt);
			return ACTION_NONE;
		}
		return a;
	case ACTION_REFRESH:
		if (dt->tab == DETAIL_TAB_LOGS)
			detail_logs_start(dt);
		else if (dt->tab == DETAIL_TAB_TOP)
			detail_top_fetch(dt);
		return ACTION_NONE;
	default:
		break;
	}
	if (pg == NULL)
		return a;
	switch (a) {
	case ACTION_UP:
		pager_scroll(pg, -1);
		return ACTION_NONE;
	case ACTION_DOWN:
		pager_scroll(pg, 1);
		return ACTION_NONE;
	case ACTION_PAGE_UP:
		pager_page(pg, -1);
		return ACTION_NONE;
	case ACTION_PAGE_DOWN:
		pager_page(pg, 1);
		return ACTION_NONE;
	case ACTION_TOP:
		pager_home(pg);
		return ACTION_NONE;
	case ACTION_BOTTOM:
		pager_end(pg);
		return ACTION_NONE;
	case ACTION_LEFT:
		pager_hscroll(pg, -8);
		return ACTION_NONE;
	case ACTION_RIGHT:
		pager_hscroll(pg, 8);
		return ACTION_NONE;
	case ACTION_WRAP:
		pager_set_wrap(pg, !pg->wrap);
		return ACTION_NONE;
	case ACTION_SEARCH_NEXT:
	case ACTION_SEARCH_PREV:
		if (pg->pattern == NULL)
			app_info(dt->app, "no search: press / first");
		else if (!pager_search_next(
			     pg, a == ACTION_SEARCH_NEXT ? 1 : -1))
			app_info(dt->app, "no match for %s", pg->pattern);
		return ACTION_NONE;
	default:
		return a;
	}
}

bool
detail_search(struct detail *dt, const char *pattern)
{
	struct pager *pg = detail_pager(dt);

	dt->dirty = true;
	return pg ? pager_search(pg, pattern) : false;
}

static void
detail_stat_line(struct detail *dt, WINDOW *w, int y, int x, int wd,
    const char *label, const char *value, int spark, double max)
{
	int lw = 10, vw = 24;

	text_put_padded(w, y, x, label, lw, theme_attr(THEME_ROLE_HEADER));
	text_put_padded(w, y, x + lw, value, vw, theme_attr(THEME_ROLE_NORMAL));
	if (wd > lw + vw + 2 && spark >= 0)
		sparkline_draw(
		    &dt->spark[spark], w, y, x + lw + vw, wd - lw - vw, max, 0);
}

static void
detail_draw_stats(struct detail *dt, WINDOW *w, int y, int x, int h, int wd)
{
	const struct docker_stats *s = dt->last;
	char v[64], a[24], b[24];
	double rates[4] = {0, 0, 0, 0};

	if (dt->stats_err) {
		text_put(
		    w, y, x, dt->stats_err, wd, theme_attr(THEME_ROLE_ERROR));
		return;
	}
	if (s == NULL) {
		text_put(w, y, x, "waiting for the first sample…", wd,
		    theme_attr(THEME_ROLE_DIM));
		return;
	}
	for (int i = 0; i < 4; i++) {
		struct sparkline *sp = &dt->spark[SPARK_NET_RX + i];

		if (sparkline_count(sp))
			rates[i] = sparkline_get(sp, sparkline_count(sp) - 1);
	}
	snprintf(v, sizeof v, "%.2f%%", dt->cpu);
	detail_stat_line(dt, w, y, x, wd, "CPU", v, SPARK_CPU, 0);
	if (h < 2)
		return;
	fmt_size(a, sizeof a, (int64_t)detail_mem_used(s));
	fmt_size(b, sizeof b, (int64_t)s->mem_limit);
	snprintf(v, sizeof v, "%s / %s", a, b);
	detail_stat_line(
	    dt, w, y + 1, x, wd, "MEM", v, SPARK_MEM, (double)s->mem_limit);
	if (h < 4)
		return;
	fmt_size(a, sizeof a, (int64_t)rates[0]);
	fmt_size(b, sizeof b, (int64_t)s->net_rx);
	snprintf(v, sizeof v, "%s/s (%s)", a, b);
	detail_stat_line(dt, w, y + 2, x, wd, "NET RX", v, SPARK_NET_RX, 0);
	fmt_size(a, sizeof a, (int64_t)rates[1]);
	fmt_size(b, sizeof b, (int64_t)s->net_tx);
	snprintf(v, sizeof v, "%s/s (%s)", a, b);
	detail_stat_line(dt, w, y + 3, x, wd, "NET TX", v, SPARK_NET_TX, 0);
	if (h < 6)
		return;
	fmt_size(a, sizeof a, (int64_t)rates[2]);
	fmt_size(b, sizeof b, (int64_t)s->blk_read);
	snprintf(v, sizeof v, "%s/s (%s)", a, b);
	detail_stat_line(dt, w, y + 4, x, wd, "BLK READ", v, SPARK_BLK_R, 0);
	fmt_size(a, sizeof a, (int64_t)rates[3]);
	fmt_size(b, sizeof b, (int64_t)s->blk_write);
	snprintf(v, sizeof v, "%s/s (%s)", a, b);
	detail_stat_line(dt, w, y + 5, x, wd, "BLK WRITE", v, SPARK_BLK_W, 0);
	if (h < 7)
		return;
	snprintf(v, sizeof v, "%llu", (unsigned long long)s->pids);
	detail_stat_line(dt, w, y + 6, x, wd, "PIDS", v, SPARK_PIDS, 0);
}

void
detail_draw(struct detail *dt, WINDOW *w, int y, int x, int h, int wd)
{
	static const char *const kinds[] = {"", "container", "image", "volume",
	    "network", "exec", "host", "event"};
	struct pager *pg = detail_pager(dt);
	int cx = x;
	char *title = xasprintf("%s %s ", kinds[dt->kind], dt->name);

	wmove(w, y, x);
	wclrtoeol(w);
	cx += text_put(w, y, cx, title, wd, theme_attr(THEME_ROLE_TITLE));
	free(title);
	for (int t = 0; t < DETAIL_TAB__COUNT && cx < x + wd; t++) {
		if (!detail_has_tab(dt->kind, (enum detail_tab)t))
			continue;
		cx +=
		    text_put(w, y, cx + 1, detail_tab_names[t], x + wd - cx - 1,
			theme_attr(t == (int)dt->tab ? THEME_ROLE_TAB_ACTIVE
						     : THEME_ROLE_TAB)) +
		    1;
	}
	if (dt->tab == DETAIL_TAB_LOGS && cx + 4 < x + wd) {
		const char *st = dt->logs_ended    ? "  (ended)"
				 : dt->logs.follow ? "  (following)"
						   : "  (paused: G follows)";

		text_put(w, y, cx, st, x + wd - cx, theme_attr(THEME_ROLE_DIM));
	}
	if (pg)
		pager_draw(pg, w, y + 1, x, h - 1, wd);
	else
		detail_draw_stats(dt, w, y + 2, x + 1, h - 2, wd - 2);
}

void
detail_event(struct detail *dt, const struct docker_event *e)
{
	if (dt->kind != DETAIL_CONTAINER || e->actor_id == NULL ||
	    strcmp(e->actor_id, dt->id) != 0 || e->action == NULL)
		return;
	/* A restarted container has a new log stream to follow. */
	if (strcmp(e->action, "start") == 0) {
		if (dt->tab == DETAIL_TAB_LOGS && dt->logs_ended)
			detail_logs_start(dt);
		if (dt->tab == DETAIL_TAB_STATS)
			detail_stats_start(dt);
	}
}

double
detail_tick(struct detail *dt, double now)
{
	double mono = detail_now();

	if (dt->tab != DETAIL_TAB_TOP)
		return 0;
	if (mono >= dt->top_next) {
		detail_top_fetch(dt);
		dt->top_next = mono + 2;
	}
	return now + (dt->top_next - mono);
}

bool
detail_dirty(struct detail *dt)
{
	bool d = dt->dirty;

	dt->dirty = false;
	return d;
}

enum detail_tab
detail_tab(const struct detail *dt)
{
	return dt->tab;
}

const char *
detail_line(struct detail *dt, size_t i, size_t *len)
{
	struct pager *pg = detail_pager(dt);
	const struct pager_line *l = pg ? pager_line(pg, i) : NULL;

	if (l == NULL)
		return NULL;
	if (len)
		*len = l->len;
	return l->text;
}
