/* Prune with a preview computed from the engine's lists by the engine's rules. */

#include "tui/actions/prune.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curses.h>

#include "api/buf.h"
#include "api/create.h"
#include "api/decode.h"
#include "api/docker.h"
#include "api/xalloc.h"
#include "themes/theme.h"
#include "tui/actions/actions.h"
#include "tui/core/app.h"
#include "tui/core/audit.h"
#include "tui/core/fmt.h"
#include "tui/panes/panes.h"
#include "widgets/box.h"
#include "widgets/key.h"
#include "widgets/pager.h"
#include "widgets/prompt.h"
#include "widgets/text.h"

/* The label engines from API 1.42 put on the volumes they make up. */
#define PRUNE_ANON_LABEL "com.docker.volume.anonymous"

static const char *const prune_kind_names[PRUNE__KINDS] = {
    [PRUNE_CONTAINERS] = "containers",
    [PRUNE_NETWORKS] = "networks",
    [PRUNE_VOLUMES] = "volumes",
    [PRUNE_IMAGES] = "images",
    [PRUNE_BUILD] = "build cache",
};

static const char *const prune_paths[PRUNE_SRC__COUNT] = {
    [PRUNE_SRC_CONTAINERS] = "/containers/json?all=1",
    [PRUNE_SRC_IMAGES] = "/images/json?all=1",
    [PRUNE_SRC_VOLUMES] = "/volumes",
    [PRUNE_SRC_NETWORKS] = "/networks",
    [PRUNE_SRC_DF] = "/system/df",
};

const char *
prune_kind_name(enum prune_kind k)
{
	return k < PRUNE__KINDS ? prune_kind_names[k] : "?";
}

unsigned
prune_kinds_for(const char *w)
{
	if (w == NULL || *w == '\0' || strcmp(w, "host") == 0 ||
	    strcmp(w, "all") == 0 || strcmp(w, "system") == 0 ||
	    strcmp(w, "everything") == 0)
		return PRUNE_EVERYTHING;
	if (strcmp(w, "containers") == 0 || strcmp(w, "c") == 0)
		return PRUNE_BIT(PRUNE_CONTAINERS);
	if (strcmp(w, "images") == 0 || strcmp(w, "i") == 0)
		return PRUNE_BIT(PRUNE_IMAGES);
	if (strcmp(w, "volumes") == 0 || strcmp(w, "v") == 0)
		return PRUNE_BIT(PRUNE_VOLUMES);
	if (strcmp(w, "networks") == 0 || strcmp(w, "n") == 0)
		return PRUNE_BIT(PRUNE_NETWORKS);
	if (strcmp(w, "build") == 0 || strcmp(w, "builder") == 0 ||
	    strcmp(w, "cache") == 0)
		return PRUNE_BIT(PRUNE_BUILD);
	return 0;
}

/* Filters. */

void
prune_filters_init(struct prune_filters *f)
{
	memset(f, 0, sizeof *f);
}

void
prune_filters_done(struct prune_filters *f)
{
	if (f == NULL)
		return;
	free(f->until_text);
	strv_free(f->labels);
	strv_free(f->not_labels);
	memset(f, 0, sizeof *f);
}

bool
prune_filters_empty(const struct prune_filters *f)
{
	return f == NULL ||
	       (f->until == 0 && (f->labels == NULL || f->labels[0] == NULL) &&
		   (f->not_labels == NULL || f->not_labels[0] == NULL));
}

static void
prune_strv_push(char ***v, const char *s)
{
	size_t n = *v ? strv_len(*v) : 0;

	*v = xreallocarray(*v, n + 2, sizeof **v);
	(*v)[n] = xstrdup(s);
	(*v)[n + 1] = NULL;
}

/* "24h", "1h30m", "90s", "7d", "1.5h": seconds, or -1. */
static int64_t
prune_parse_duration(const char *s)
{
	double total = 0;
	bool any = false;

	while (*s) {
		char *end;
		double v;

		if (!isdigit((unsigned char)*s) && *s != '.')
			return -1;
		v = strtod(s, &end);
		if (end == s)
			return -1;
		s = end;
		switch (*s) {
		case 'd':
			v *= 86400;
			break;
		case 'h':
			v *= 3600;
			break;
		case 'm':
			v *= 60;
			break;
		case 's':
			break;
		default:
			return -1;
		}
		s++;
		total += v;
		any = true;
	}
	if (!any || total > 1e11)
		return -1;
	return (int64_t)total;
}

/*
 * "2024-01-31", "2024-01-31T10:00:00" (local time), with fractions and a
 * zone ("Z", "+01:00"): unix seconds, or -1.
 */
static int64_t
prune_parse_date(const char *s)
{
	struct tm tm;
	int y, mo, d, h = 0, mi = 0, sec = 0, n = 0;
	const char *p;
	bool zoned = false;
	long off = 0;
	time_t t;

	memset(&tm, 0, sizeof tm);
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3)
		return -1;
	p = s + n;
	if (*p == 'T' || *p == ' ') {
		if (sscanf(p + 1, "%2d:%2d:%2d%n", &h, &mi, &sec, &n) != 3)
			return -1;
		p += 1 + n;
		if (*p == '.')
			for (p++; isdigit((unsigned char)*p); p++)
				;
		if (*p == 'Z') {
			zoned = true;
			p++;
		} else if (*p == '+' || *p == '-') {
			int oh, om;

			if (sscanf(p + 1, "%2d:%2d%n", &oh, &om, &n) != 2)
				return -1;
			off = (oh * 3600L + om * 60L) * (*p == '-' ? -1 : 1);
			zoned = true;
			p += 1 + n;
		}
	} else
		zoned = true; /* a date alone is midnight UTC */
	if (*p != '\0' || y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31 ||
	    h > 23 || mi > 59 || sec > 60)
		return -1;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	if (zoned)
		return (int64_t)timegm(&tm) - off;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	return t == (time_t)-1 ? -1 : (int64_t)t;
}

static int64_t
prune_parse_until(const char *v, int64_t now)
{
	int64_t d;
	bool digits = *v != '\0';

	for (const char *p = v; *p; p++)
		if (!isdigit((unsigned char)*p) && *p != '.')
			digits = false;
	if (digits) {
		double t = strtod(v, NULL);

		/* A typed time beyond any real clock is not a time. */
		return t >= 0 && t < 1e13 ? (int64_t)t : -1;
	}
	d = prune_parse_duration(v);
	if (d >= 0)
		return now - d;
	return prune_parse_date(v);
}

bool
prune_filters_parse(
    struct prune_filters *f, const char *text, int64_t now, char **cause)
{
	struct prune_filters nf;
	char *copy = xstrdup(text ? text : ""), *save = NULL, *t;

	prune_filters_init(&nf);
	for (t = strtok_r(copy, " \t", &save); t != NULL;
	     t = strtok_r(NULL, " \t", &save)) {
		if (strncmp(t, "until=", 6) == 0) {
			int64_t u = prune_parse_until(t + 6, now);

			if (nf.until_text != NULL) {
				*cause = xstrdup("only one until= term");
				goto fail;
			}
			if (u <= 0) {
				*cause = xasprintf(
				    "until=%s: give a duration "
				    "(24h, 90m, 7d), a unix time or a date "
				    "(2024-01-31)",
				    t + 6);
				goto fail;
			}
			nf.until_text = xstrdup(t + 6);
			nf.until = u;
		} else if (strncmp(t, "label=", 6) == 0 && t[6] != '\0' &&
			   t[6] != '=') {
			prune_strv_push(&nf.labels, t + 6);
		} else if (strncmp(t, "label!=", 7) == 0 && t[7] != '\0' &&
			   t[7] != '=') {
			prune_strv_push(&nf.not_labels, t + 7);
		} else {
			*cause = xasprintf(
			    "%s: terms are until=24h, "
			    "label=key[=value] and label!=key[=value]",
			    t);
			goto fail;
		}
	}
	free(copy);
	prune_filters_done(f);
	*f = nf;
	return true;
fail:
	free(copy);
	prune_filters_done(&nf);
	return false;
}

char *
prune_filters_text(const struct prune_filters *f)
{
	struct buf b;

	buf_init(&b);
	if (f->until_text)
		buf_printf(&b, "until=%s", f->until_text);
	for (size_t i = 0; f->labels && f->labels[i]; i++)
		buf_printf(&b, "%slabel=%s", b.len ? " " : "", f->labels[i]);
	for (size_t i = 0; f->not_labels && f->not_labels[i]; i++)
		buf_printf(
		    &b, "%slabel!=%s", b.len ? " " : "", f->not_labels[i]);
	if (b.len == 0)
		buf_puts(&b, "");
	return buf_steal(&b);
}

/* One term: "key" needs the label, "key=value" needs that value. */
static bool
prune_label_term(const char *term, const struct kvlist *labels)
{
	const char *eq = strchr(term, '=');
	char *key = eq ? xstrndup(term, (size_t)(eq - term)) : xstrdup(term);
	const char *v = kvlist_get(labels, key);
	bool ok = v != NULL && (eq == NULL || strcmp(v, eq + 1) == 0);

	free(key);
	return ok;
}

/*
 * The engine's matchLabels: every label= term must hold; label!= terms
 * exclude only when all of them hold (that is how the engine reads them).
 */
bool
prune_filters_match_labels(
    const struct prune_filters *f, const struct kvlist *labels)
{
	bool all_not = true;

	for (size_t i = 0; f->labels && f->labels[i]; i++)
		if (!prune_label_term(f->labels[i], labels))
			return false;
	if (f->not_labels == NULL || f->not_labels[0] == NULL)
		return true;
	for (size_t i = 0; f->not_labels[i]; i++)
		if (!prune_label_term(f->not_labels[i], labels))
			all_not = false;
	return !all_not;
}

/*
 * The engine skips what was created after until, to the nanosecond; the
 * lists give whole seconds. until is sent as a whole second, so an object
 * of that same second was made after it (all but exactly on it): only
 * earlier seconds are sure to go.
 */
static bool
prune_until_ok(const struct prune_filters *f, int64_t created)
{
	return f->until == 0 || created < f->until;
}

/* Input. */

void
prune_input_init(struct prune_input *in, const char *api, const char *os)
{
	memset(in, 0, sizeof *in);
	in->api_version = xstrdup(api ? api : DOCKER_API_MIN);
	in->os_type = xstrdup_or_null(os);
}

void
prune_input_done(struct prune_input *in)
{
	if (in == NULL)
		return;
	docker_container_list_free(in->containers);
	docker_image_list_free(in->images);
	docker_volume_list_free(in->volumes);
	docker_network_list_free(in->networks);
	for (size_t i = 0; i < in->n_nets; i++)
		docker_network_free(in->nets[i]);
	free(in->nets);
	docker_df_free(in->df);
	free(in->api_version);
	free(in->os_type);
	memset(in, 0, sizeof *in);
}

const char *
prune_source_path(enum prune_source s)
{
	return s < PRUNE_SRC__COUNT ? prune_paths[s] : "/_ping";
}

bool
prune_input_set(struct prune_input *in, enum prune_source s, const char *body,
    size_t len, char **cause)
{
	switch (s) {
	case PRUNE_SRC_CONTAINERS: {
		struct docker_container_list *l =
		    decode_container_list(body, len, cause);

		if (l == NULL)
			return false;
		docker_container_list_free(in->containers);
		in->containers = l;
		return true;
	}
	case PRUNE_SRC_IMAGES: {
		struct docker_image_list *l =
		    decode_image_list(body, len, cause);

		if (l == NULL)
			return false;
		docker_image_list_free(in->images);
		in->images = l;
		return true;
	}
	case PRUNE_SRC_VOLUMES: {
		struct docker_volume_list *l =
		    decode_volume_list(body, len, cause);

		if (l == NULL)
			return false;
		docker_volume_list_free(in->volumes);
		in->volumes = l;
		return true;
	}
	case PRUNE_SRC_NETWORKS: {
		struct docker_network_list *l =
		    decode_network_list(body, len, cause);

		if (l == NULL)
			return false;
		docker_network_list_free(in->networks);
		in->networks = l;
		for (size_t i = 0; i < in->n_nets; i++)
			docker_network_free(in->nets[i]);
		free(in->nets);
		in->nets = NULL;
		in->n_nets = 0;
		return true;
	}
	case PRUNE_SRC_DF: {
		struct docker_df *df = decode_df(body, len, cause);

		if (df == NULL)
			return false;
		docker_df_free(in->df);
		in->df = df;
		return true;
	}
	default:
		*cause = xstrdup("unknown source");
		return false;
	}
}

/*
 * Networks the engine never prunes (runconfig.IsPreDefinedNetwork), and
 * Windows' default.
 */
static bool
prune_predefined(const struct prune_input *in, const char *name)
{
	if (name == NULL)
		return true;
	if (strcmp(name, "bridge") == 0 || strcmp(name, "host") == 0 ||
	    strcmp(name, "none") == 0 || strcmp(name, "default") == 0 ||
	    strncmp(name, "container:", 10) == 0)
		return true;
	return in->os_type && strcmp(in->os_type, "windows") == 0 &&
	       strcmp(name, "nat") == 0;
}

static bool
prune_net_local(const struct docker_network *n)
{
	return n->scope == NULL || strcmp(n->scope, "local") == 0;
}

char **
prune_input_network_ids(const struct prune_input *in)
{
	char **v = xcalloc(1, sizeof *v);

	for (size_t i = 0; in->networks && i < in->networks->n; i++) {
		const struct docker_network *n = &in->networks->v[i];

		if (!prune_predefined(in, n->name) && prune_net_local(n))
			prune_strv_push(&v, n->id);
	}
	return v;
}

bool
prune_input_add_network(
    struct prune_input *in, const char *body, size_t len, char **cause)
{
	struct docker_network *n = decode_network(body, len, cause);

	if (n == NULL)
		return false;
	in->nets = xreallocarray(in->nets, in->n_nets + 1, sizeof *in->nets);
	in->nets[in->n_nets++] = n;
	return true;
}

bool
prune_input_ready(const struct prune_input *in)
{
	return in->containers && in->images && in->volumes && in->networks;
}

/* The preview. */

struct prune_calc {
	const struct prune_input *in;
	const struct prune_filters *f;
	struct prune_preview *pv;
	bool all;
	bool *gone; /* containers that the prune removes */
};

static struct prune_item *
prune_add(struct prune_preview *pv, enum prune_kind k, const char *id,
    const char *name, int64_t size)
{
	struct prune_item *it;

	pv->items = xreallocarray(pv->items, pv->n + 1, sizeof *pv->items);
	it = &pv->items[pv->n++];
	memset(it, 0, sizeof *it);
	it->kind = k;
	it->id = xstrdup(id ? id : "");
	it->name = xstrdup(name && *name ? name : it->id);
	it->size = size;
	it->gone = true;
	pv->count[k]++;
	if (size > 0)
		pv->bytes[k] += size;
	return it;
}

static void prune_note(struct prune_preview *pv, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
prune_note(struct prune_preview *pv, const char *fmt, ...)
{
	va_list ap;
	size_t n = pv->notes ? strv_len(pv->notes) : 0;

	pv->notes = xreallocarray(pv->notes, n + 2, sizeof *pv->notes);
	va_start(ap, fmt);
	pv->notes[n] = xvasprintf(fmt, ap);
	va_end(ap);
	pv->notes[n + 1] = NULL;
}

/* Containers that hold their networks' endpoints. */
static bool
prune_container_active(const struct docker_container *c)
{
	return c->state && (strcmp(c->state, "running") == 0 ||
			       strcmp(c->state, "paused") == 0 ||
			       strcmp(c->state, "restarting") == 0);
}

/* The engine prunes containers that are not running (IsRunning()). */
static bool
prune_container_stopped(const struct docker_container *c)
{
	return c->state && (strcmp(c->state, "exited") == 0 ||
			       strcmp(c->state, "created") == 0 ||
			       strcmp(c->state, "dead") == 0);
}

static void
prune_calc_containers(struct prune_calc *k)
{
	const struct docker_container_list *l = k->in->containers;
	const struct docker_df *df = k->in->df;

	for (size_t i = 0; i < l->n; i++) {
		const struct docker_container *c = &l->v[i];
		int64_t size = -1;
		struct prune_item *it;

		if (!prune_container_stopped(c) ||
		    !prune_filters_match_labels(k->f, &c->labels) ||
		    !prune_until_ok(k->f, c->created))
			continue;
		for (size_t j = 0; df && j < df->n_containers; j++)
			if (df->containers[j].id &&
			    strcmp(df->containers[j].id, c->id) == 0)
				size = df->containers[j].size_rw < 0
					   ? 0
					   : df->containers[j].size_rw;
		it = prune_add(k->pv, PRUNE_CONTAINERS, c->id, c->name, size);
		it->what = xasprintf("%s · %s",
		    c->status ? c->status : c->state, c->image ? c->image : "");
		k->gone[i] = true;
	}
}

static const struct docker_network *
prune_net_detail(const struct prune_input *in, const char *id)
{
	for (size_t i = 0; i < in->n_nets; i++)
		if (in->nets[i]->id && strcmp(in->nets[i]->id, id) == 0)
			return in->nets[i];
	return NULL;
}

static bool
prune_net_in_use(struct prune_calc *k, const struct docker_network *n)
{
	const struct docker_network *d = prune_net_detail(k->in, n->id);
	const struct docker_container_list *l = k->in->containers;

	/* The engine looks at endpoints: inspect says who has one. */
	if (d != NULL)
		return d->n_containers > 0;
	for (size_t i = 0; i < l->n; i++) {
		const struct docker_container *c = &l->v[i];

		if (!prune_container_active(c))
			continue;
		for (size_t j = 0; j < c->n_nets; j++)
			if ((c->nets[j].network_id &&
				strcmp(c->nets[j].network_id, n->id) == 0) ||
			    (c->nets[j].network &&
				strcmp(c->nets[j].network, n->name) == 0))
				return true;
	}
	return false;
}

/* RFC 3339 with a zone, as the engine writes network creation times. */
static int64_t
prune_time(const char *s)
{
	int64_t t = s ? prune_parse_date(s) : -1;

	return t < 0 ? 0 : t;
}

static void
prune_calc_networks(struct prune_calc *k)
{
	const struct docker_network_list *l = k->in->networks;
	bool swarm = false;

	for (size_t i = 0; i < l->n; i++) {
		const struct docker_network *n = &l->v[i];
		struct prune_item *it;

		if (prune_predefined(k->in, n->name))
			continue;
		if (!prune_net_local(n)) {
			swarm = true;
			continue;
		}
		if (!prune_filters_match_labels(k->f, &n->labels) ||
		    !prune_until_ok(k->f, prune_time(n->created)) ||
		    prune_net_in_use(k, n))
			continue;
		it = prune_add(k->pv, PRUNE_NETWORKS, n->name, n->name, 0);
		it->what = xasprintf("%s%s%s", n->driver ? n->driver : "",
		    n->n_ipam && n->ipam[0].subnet ? " · " : "",
		    n->n_ipam && n->ipam[0].subnet ? n->ipam[0].subnet : "");
	}
	if (swarm)
		prune_note(k->pv,
		    "networks: swarm-scoped networks are not "
		    "previewed; on a swarm manager the engine also removes "
		    "those no service uses");
}

static bool
prune_volume_used(struct prune_calc *k, const char *name)
{
	const struct docker_container_list *l = k->in->containers;

	for (size_t i = 0; i < l->n; i++) {
		if (k->gone[i])
			continue;
		for (size_t j = 0; j < l->v[i].n_mounts; j++) {
			const struct docker_mount *m = &l->v[i].mounts[j];

			if (m->name && strcmp(m->name, name) == 0 &&
			    (m->type == NULL || strcmp(m->type, "volume") == 0))
				return true;
		}
	}
	return false;
}

static void
prune_calc_volumes(struct prune_calc *k)
{
	const struct docker_volume_list *l = k->in->volumes;
	const struct docker_df *df = k->in->df;
	bool anon_only =
	    docker_version_cmp(k->in->api_version, "1.42") >= 0 && !k->all;

	if (docker_version_cmp(k->in->api_version, "1.42") < 0)
		prune_note(k->pv,
		    "volumes: with API %s the engine removes "
		    "every unused local volume, named ones too",
		    k->in->api_version);
	else if (anon_only)
		prune_note(k->pv,
		    "volumes: only anonymous volumes (API %s); "
		    "a: named ones too",
		    k->in->api_version);
	for (size_t i = 0; i < l->n; i++) {
		const struct docker_volume *v = &l->v[i];
		int64_t size = v->size;
		struct prune_item *it;

		if (v->scope && strcmp(v->scope, "local") != 0)
			continue;
		if (anon_only &&
		    kvlist_get(&v->labels, PRUNE_ANON_LABEL) == NULL)
			continue;
		if (!prune_filters_match_labels(k->f, &v->labels) ||
		    prune_volume_used(k, v->name))
			continue;
		for (size_t j = 0; df && j < df->n_volumes; j++)
			if (df->volumes[j].name &&
			    strcmp(df->volumes[j].name, v->name) == 0)
				size = df->volumes[j].size;
		it = prune_add(k->pv, PRUNE_VOLUMES, v->name, v->name, size);
		it->what = xstrdup(v->driver ? v->driver : "local");
	}
}

/* Images: the parent/child graph of /images/json?all=1. */
struct prune_graph {
	const struct docker_image_list *l;
	size_t *order; /* indexes sorted by id */
	long *parent; /* index of the parent or -1 */
	size_t *nchild;
	size_t **child;
	bool *used; /* a remaining container uses it */
	bool *cand; /* the engine considers it */
	signed char *del; /* 0 unknown, 1 computing, 2 yes, 3 no */
};

static const struct docker_image_list *prune_sort_list;

static int
prune_cmp_id(const void *a, const void *b)
{
	const char *x = prune_sort_list->v[*(const size_t *)a].id;
	const char *y = prune_sort_list->v[*(const size_t *)b].id;

	return strcmp(x ? x : "", y ? y : "");
}

static long
prune_find_image(const struct prune_graph *g, const char *id)
{
	size_t lo = 0, hi = g->l->n;

	if (id == NULL || *id == '\0')
		return -1;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const char *m = g->l->v[g->order[mid]].id;
		int c = strcmp(m ? m : "", id);

		if (c == 0)
			return (long)g->order[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static size_t
prune_image_refs(const struct docker_image *im)
{
	return strv_len(im->repo_tags) + strv_len(im->repo_digests);
}

/*
 * Whether image i goes: nothing left uses it, every child goes, and the
 * engine either picks it (cand) or removes it as the untagged parent of a
 * child it removed (the prune flag of its image delete).
 */
static bool
prune_image_deleted(struct prune_graph *g, size_t i)
{
	bool r;

	if (g->del[i] == 2 || g->del[i] == 3)
		return g->del[i] == 2;
	if (g->del[i] == 1)
		return false;
	g->del[i] = 1;
	r = !g->used[i];
	for (size_t j = 0; r && j < g->nchild[i]; j++)
		if (!prune_image_deleted(g, g->child[i][j]))
			r = false;
	if (r && !g->cand[i])
		r = g->nchild[i] > 0 && prune_image_refs(&g->l->v[i]) == 0;
	g->del[i] = r ? 2 : 3;
	return r;
}

static void
prune_graph_free(struct prune_graph *g)
{
	for (size_t i = 0; g->child && i < g->l->n; i++)
		free(g->child[i]);
	free(g->child);
	free(g->order);
	free(g->parent);
	free(g->nchild);
	free(g->used);
	free(g->cand);
	free(g->del);
}

static void
prune_graph_build(struct prune_calc *k, struct prune_graph *g)
{
	const struct docker_image_list *l = k->in->images;
	const struct docker_container_list *cl = k->in->containers;
	size_t n = l->n;

	memset(g, 0, sizeof *g);
	g->l = l;
	g->order = xcalloc(n + 1, sizeof *g->order);
	g->parent = xcalloc(n + 1, sizeof *g->parent);
	g->nchild = xcalloc(n + 1, sizeof *g->nchild);
	g->child = xcalloc(n + 1, sizeof *g->child);
	g->used = xcalloc(n + 1, sizeof *g->used);
	g->cand = xcalloc(n + 1, sizeof *g->cand);
	g->del = xcalloc(n + 1, sizeof *g->del);
	for (size_t i = 0; i < n; i++)
		g->order[i] = i;
	prune_sort_list = l;
	qsort(g->order, n, sizeof *g->order, prune_cmp_id);
	prune_sort_list = NULL;
	for (size_t i = 0; i < n; i++) {
		long p = prune_find_image(g, l->v[i].parent_id);

		g->parent[i] = p;
		if (p >= 0) {
			size_t *c = g->child[p];

			c = xreallocarray(c, g->nchild[p] + 1, sizeof *c);
			c[g->nchild[p]++] = i;
			g->child[p] = c;
		}
	}
	for (size_t i = 0; i < cl->n; i++) {
		long p;

		if (k->gone[i])
			continue;
		p = prune_find_image(g, cl->v[i].image_id);
		if (p >= 0)
			g->used[p] = true;
	}
}

static int64_t
prune_image_size(const struct prune_input *in, const char *id)
{
	for (size_t j = 0; in->df && j < in->df->n_images; j++) {
		const struct docker_df_image *d = &in->df->images[j];

		if (d->id && strcmp(d->id, id) == 0)
			return d->size -
			       (d->shared_size > 0 ? d->shared_size : 0);
	}
	return -1;
}

static void
prune_calc_images(struct prune_calc *k)
{
	const struct docker_image_list *l = k->in->images;
	struct prune_graph g;

	prune_graph_build(k, &g);
	for (size_t i = 0; i < l->n; i++) {
		const struct docker_image *im = &l->v[i];
		bool tags = strv_len(im->repo_tags) > 0;
		bool refs = prune_image_refs(im) > 0;

		if (!prune_filters_match_labels(k->f, &im->labels) ||
		    !prune_until_ok(k->f, im->created))
			continue;
		if (k->all)
			g.cand[i] = refs || g.nchild[i] == 0;
		else
			g.cand[i] = g.nchild[i] == 0 && !tags;
	}
	for (size_t i = 0; i < l->n; i++) {
		const struct docker_image *im = &l->v[i];
		size_t ntags = strv_len(im->repo_tags);
		bool shown = prune_image_refs(im) > 0 || g.nchild[i] == 0;
		struct prune_item *it;
		char *tags;

		/* Untagged parents the engine takes along are not listed. */
		if (!shown)
			continue;
		tags =
		    ntags ? strv_join(im->repo_tags, ", ") : xstrdup("<none>");
		if (prune_image_deleted(&g, i)) {
			it = prune_add(k->pv, PRUNE_IMAGES, im->id, tags,
			    prune_image_size(k->in, im->id));
			it->what = xstrdup(ntags ? "tagged" : "dangling");
		} else if (k->all && g.cand[i] && prune_image_refs(im) > 0 &&
			   (!g.used[i] || ntags > 1)) {
			/*
			 * The engine removes the references of what it picks
			 * in "all" mode even when the image itself stays: a
			 * parent of images that stay loses its tags, and an
			 * image in use keeps one tag of several.
			 */
			it = prune_add(k->pv, PRUNE_IMAGES, im->id, tags, 0);
			it->untag_only = true;
			it->gone = !g.used[i];
			it->what = xstrdup(
			    g.used[i]
				? "in use: loses all its tags but one"
				: "parent of images that stay: only untagged");
			k->pv->count[PRUNE_IMAGES]--;
		}
		free(tags);
	}
	prune_graph_free(&g);
}

static bool
prune_cache_old(struct prune_calc *k, const struct docker_df_cache *c)
{
	int64_t t;

	if (k->f->until == 0)
		return true;
	t = c->last_used_at ? prune_time(c->last_used_at) : 0;
	return t == 0 || t < k->f->until;
}

static void
prune_calc_build(struct prune_calc *k)
{
	const struct docker_df *df = k->in->df;

	for (size_t i = 0; i < df->n_cache; i++) {
		const struct docker_df_cache *c = &df->cache[i];
		struct prune_item *it;

		if (c->in_use || c->shared || !prune_cache_old(k, c))
			continue;
		if (!k->all && c->type &&
		    (strcmp(c->type, "internal") == 0 ||
			strcmp(c->type, "frontend") == 0))
			continue;
		it = prune_add(k->pv, PRUNE_BUILD, c->id,
		    c->description && *c->description ? c->description : c->id,
		    c->size);
		it->what = xstrdup(c->type ? c->type : "");
	}
}

struct prune_preview *
prune_compute(const struct prune_input *in, unsigned kinds, bool all,
    const struct prune_filters *f, int64_t now)
{
	struct prune_preview *pv = xcalloc(1, sizeof *pv);
	struct prune_filters none;
	struct prune_calc k;
	static const struct docker_container_list empty_ctr = {NULL, 0};
	struct docker_container_list ctr;
	bool has_labels;

	prune_filters_init(&none);
	if (f == NULL)
		f = &none;
	has_labels =
	    (f->labels && f->labels[0]) || (f->not_labels && f->not_labels[0]);
	pv->asked = kinds;
	pv->all = all;
	ctr = in->containers ? *in->containers : empty_ctr;
	k.in = in;
	k.f = f;
	k.pv = pv;
	k.all = all;
	k.gone = xcalloc(ctr.n + 1, sizeof *k.gone);

	/*
	 * Without the container list nothing can be said about what is in
	 * use, so nothing at all is previewed.
	 */
	if (in->containers == NULL) {
		prune_note(pv, "the container list could not be read");
		pv->skipped = kinds;
		free(k.gone);
		return pv;
	}
	if (kinds & PRUNE_BIT(PRUNE_CONTAINERS))
		prune_calc_containers(&k);
	if (kinds & PRUNE_BIT(PRUNE_NETWORKS)) {
		if (in->networks)
			prune_calc_networks(&k);
		else {
			pv->skipped |= PRUNE_BIT(PRUNE_NETWORKS);
			prune_note(pv, "networks: the list could not be read");
		}
	}
	if (kinds & PRUNE_BIT(PRUNE_VOLUMES)) {
		if (f->until != 0) {
			pv->skipped |= PRUNE_BIT(PRUNE_VOLUMES);
			prune_note(pv, "volumes: the engine cannot filter "
				       "volumes by age (until=): left out");
		} else if (in->volumes)
			prune_calc_volumes(&k);
		else {
			pv->skipped |= PRUNE_BIT(PRUNE_VOLUMES);
			prune_note(pv, "volumes: the list could not be read");
		}
	}
	if (kinds & PRUNE_BIT(PRUNE_IMAGES)) {
		if (in->images)
			prune_calc_images(&k);
		else {
			pv->skipped |= PRUNE_BIT(PRUNE_IMAGES);
			prune_note(pv, "images: the list could not be read");
		}
	}
	if (kinds & PRUNE_BIT(PRUNE_BUILD)) {
		if (has_labels) {
			pv->skipped |= PRUNE_BIT(PRUNE_BUILD);
			prune_note(pv,
			    "build cache: label filters do not apply "
			    "to it: left out");
		} else if (in->df)
			prune_calc_build(&k);
		else {
			pv->skipped |= PRUNE_BIT(PRUNE_BUILD);
			prune_note(pv, "build cache: disk usage could not be "
				       "read: left out");
		}
	}
	free(k.gone);
	return pv;
}

void
prune_preview_free(struct prune_preview *pv)
{
	if (pv == NULL)
		return;
	for (size_t i = 0; i < pv->n; i++) {
		free(pv->items[i].id);
		free(pv->items[i].name);
		free(pv->items[i].what);
	}
	free(pv->items);
	strv_free(pv->notes);
	free(pv);
}

size_t
prune_preview_total(const struct prune_preview *pv)
{
	size_t n = 0;

	for (int k = 0; k < PRUNE__KINDS; k++)
		n += pv->count[k];
	return n;
}

static bool
prune_has_item(const struct prune_preview *pv, const struct prune_item *it)
{
	for (size_t i = 0; i < pv->n; i++)
		if (pv->items[i].kind == it->kind &&
		    pv->items[i].untag_only == it->untag_only &&
		    strcmp(pv->items[i].id, it->id) == 0)
			return true;
	return false;
}

bool
prune_preview_same(const struct prune_preview *a, const struct prune_preview *b)
{
	if (a == NULL || b == NULL || a->n != b->n || a->asked != b->asked ||
	    a->skipped != b->skipped)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (!prune_has_item(b, &a->items[i]))
			return false;
	return true;
}

char *
prune_request_path(enum prune_kind k, bool all, const struct prune_filters *f,
    const char *api, int64_t now, char **cause)
{
	static const char *const paths[PRUNE__KINDS] = {
	    [PRUNE_CONTAINERS] = "/containers/prune",
	    [PRUNE_NETWORKS] = "/networks/prune",
	    [PRUNE_VOLUMES] = "/volumes/prune",
	    [PRUNE_IMAGES] = "/images/prune",
	    [PRUNE_BUILD] = "/build/prune",
	};
	struct kvlist l = {NULL, 0};
	char *json, *esc, *path, num[32];

	if (k >= PRUNE__KINDS)
		return NULL;
	if (f != NULL && f->until != 0) {
		if (k == PRUNE_BUILD) {
			/* The build cache takes a duration, not a time. */
			snprintf(num, sizeof num, "%llds",
			    (long long)(now > f->until ? now - f->until : 0));
			create_kv_add(&l, "until", num);
		} else if (k != PRUNE_VOLUMES) {
			/* An absolute time, so the engine's clock agrees. */
			snprintf(num, sizeof num, "%lld", (long long)f->until);
			create_kv_add(&l, "until", num);
		}
	}
	if (f != NULL && k != PRUNE_BUILD) {
		for (size_t i = 0; f->labels && f->labels[i]; i++)
			create_kv_add(&l, "label", f->labels[i]);
		for (size_t i = 0; f->not_labels && f->not_labels[i]; i++)
			create_kv_add(&l, "label!", f->not_labels[i]);
	}
	if (k == PRUNE_IMAGES)
		create_kv_add(&l, "dangling", all ? "false" : "true");
	/* API 1.41 engines reject "all"; they prune named volumes anyway. */
	if (k == PRUNE_VOLUMES && all && docker_version_cmp(api, "1.42") >= 0)
		create_kv_add(&l, "all", "true");
	json = create_filters_json(&l, cause);
	kvlist_free(&l);
	if (json == NULL)
		return NULL;
	esc = http_escape(json);
	path = xasprintf("%s?%sfilters=%s", paths[k],
	    k == PRUNE_BUILD && all ? "all=1&" : "", esc);
	free(esc);
	free(json);
	return path;
}

/* The overlay. */

enum prune_state {
	PRUNE_LOADING, /* fetching the lists */
	PRUNE_PREVIEW,
	PRUNE_FILTER, /* typing filters */
	PRUNE_RECHECK, /* confirmed: fetching again to compare */
	PRUNE_RUNNING,
	PRUNE_DONE,
	PRUNE_FAILED /* the lists could not be read */
};

struct prune_view;

struct prune_fetch {
	struct prune_view *v;
	enum prune_source src;
	bool net; /* a network inspect */
	struct docker_call *call;
	struct prune_fetch *next;
};

struct prune_result {
	bool ran;
	char *error;
	struct docker_prune_report *rep;
};

struct prune_view {
	struct app *app;
	unsigned kinds; /* what was asked for */
	bool everything;
	bool all;
	bool volumes; /* everything: volumes included */
	struct prune_filters filters;
	enum prune_state state;
	struct prune_input in;
	struct prune_fetch *fetches;
	char *error; /* fetch failure */
	double df_due; /* when to ask for disk usage again, 0: no */
	int df_tries;
	struct prune_preview *pv;
	struct prune_preview *confirmed;
	struct pager pager;
	struct prompt prompt;
	char *prompt_error;
	char *banner; /* a sentence above the list, or NULL */
	int run_kind;
	struct docker_call *run_call;
	struct prune_result res[PRUNE__KINDS];
};

static bool prune_key(void *, int);
static void prune_draw(void *, WINDOW *, int, int);
static double prune_tick(void *, double);
static void prune_free(void *);
static void prune_fetch_all(struct prune_view *);
static void prune_show_preview(struct prune_view *);
static void prune_run_next(struct prune_view *);

static const struct app_overlay_ops prune_ops = {
    .key = prune_key,
    .draw = prune_draw,
    .tick = prune_tick,
    .free = prune_free,
};

static unsigned
prune_effective_kinds(const struct prune_view *v)
{
	unsigned k = v->kinds;

	if (v->everything && !v->volumes)
		k &= ~PRUNE_BIT(PRUNE_VOLUMES);
	return k;
}

static void
prune_cancel_fetches(struct prune_view *v)
{
	struct docker *d = app_docker(v->app);

	while (v->fetches) {
		struct prune_fetch *f = v->fetches;

		v->fetches = f->next;
		if (f->call)
			docker_cancel(d, f->call);
		free(f);
	}
}

static void
prune_unlink(struct prune_view *v, struct prune_fetch *f)
{
	for (struct prune_fetch **pp = &v->fetches; *pp; pp = &(*pp)->next)
		if (*pp == f) {
			*pp = f->next;
			break;
		}
	free(f);
}

static void prune_on_fetch(const struct docker_reply *, void *);

static void
prune_submit(
    struct prune_view *v, enum prune_source src, const char *path, bool net)
{
	struct prune_fetch *f = xcalloc(1, sizeof *f);

	f->v = v;
	f->src = src;
	f->net = net;
	f->next = v->fetches;
	v->fetches = f;
	f->call = docker_get(app_docker(v->app), path, prune_on_fetch, f);
}

/* Every list is in: show the preview, or go on with a confirmed prune. */
static void
prune_loaded(struct prune_view *v)
{
	struct prune_preview *pv;

	if (v->error != NULL) {
		v->state = PRUNE_FAILED;
		prune_preview_free(v->confirmed);
		v->confirmed = NULL;
		app_dirty(v->app);
		return;
	}
	pv = prune_compute(
	    &v->in, prune_effective_kinds(v), v->all, &v->filters, fmt_now());
	prune_preview_free(v->pv);
	v->pv = pv;
	if (v->state == PRUNE_RECHECK) {
		bool same = prune_preview_same(v->confirmed, pv);

		prune_preview_free(v->confirmed);
		v->confirmed = NULL;
		if (same) {
			v->state = PRUNE_RUNNING;
			v->run_kind = -1;
			prune_show_preview(v);
			prune_run_next(v);
			return;
		}
		free(v->banner);
		v->banner = xstrdup("The engine changed since the preview: "
				    "here is the new one; confirm again.");
	}
	v->state = PRUNE_PREVIEW;
	prune_show_preview(v);
	app_dirty(v->app);
}

static void
prune_on_fetch(const struct docker_reply *r, void *arg)
{
	struct prune_fetch *f = arg;
	struct prune_view *v = f->v;
	enum prune_source src = f->src;
	bool net = f->net;
	char *cause = NULL;

	f->call = NULL;
	prune_unlink(v, f);
	if (r->status != DOCKER_OK && !net && src == PRUNE_SRC_DF &&
	    r->message && strstr(r->message, "already running") &&
	    v->df_tries < 6) {
		/*
		 * The engine computes one disk usage at a time and the panes
		 * ask for it too: ask again in a moment.
		 */
		v->df_tries++;
		v->df_due = store_now() + 0.5;
	} else if (r->status != DOCKER_OK) {
		/*
		 * Sizes are a nicety: a failed df leaves them unknown. A
		 * network that went between the list and its inspect is
		 * simply not there any more.
		 */
		if ((net && r->http_status != 404) ||
		    (!net && src != PRUNE_SRC_DF)) {
			if (v->error == NULL)
				v->error = xasprintf("%s: %s",
				    net ? "network" : prune_source_path(src),
				    r->message ? r->message
					       : docker_status_str(r->status));
		}
	} else if (net) {
		if (!prune_input_add_network(&v->in, r->body, r->len, &cause) &&
		    v->error == NULL)
			v->error = xasprintf("network: %s", cause);
	} else if (!prune_input_set(&v->in, src, r->body, r->len, &cause)) {
		if (src != PRUNE_SRC_DF && v->error == NULL)
			v->error =
			    xasprintf("%s: %s", prune_source_path(src), cause);
	} else if (src == PRUNE_SRC_NETWORKS &&
		   (v->kinds & PRUNE_BIT(PRUNE_NETWORKS))) {
		char **ids = prune_input_network_ids(&v->in);

		for (size_t i = 0; ids[i]; i++) {
			char *esc = http_escape(ids[i]);
			char *path = xasprintf("/networks/%s", esc);

			prune_submit(v, PRUNE_SRC_NETWORKS, path, true);
			free(path);
			free(esc);
		}
		strv_free(ids);
	}
	free(cause);
	if (v->fetches == NULL && v->df_due == 0)
		prune_loaded(v);
	app_dirty(v->app);
}

static double
prune_tick(void *arg, double now)
{
	struct prune_view *v = arg;

	if (v->df_due == 0)
		return 0;
	if (now < v->df_due)
		return v->df_due;
	v->df_due = 0;
	prune_submit(v, PRUNE_SRC_DF, prune_source_path(PRUNE_SRC_DF), false);
	return 0;
}

static void
prune_fetch_all(struct prune_view *v)
{
	prune_cancel_fetches(v);
	prune_input_done(&v->in);
	prune_input_init(&v->in, docker_api_version(app_docker(v->app)),
	    app_os_type(v->app));
	free(v->error);
	v->error = NULL;
	v->df_due = 0;
	v->df_tries = 0;
	prune_submit(v, PRUNE_SRC_CONTAINERS,
	    prune_source_path(PRUNE_SRC_CONTAINERS), false);
	if (v->kinds & PRUNE_BIT(PRUNE_IMAGES))
		prune_submit(v, PRUNE_SRC_IMAGES,
		    prune_source_path(PRUNE_SRC_IMAGES), false);
	if (v->kinds & PRUNE_BIT(PRUNE_VOLUMES))
		prune_submit(v, PRUNE_SRC_VOLUMES,
		    prune_source_path(PRUNE_SRC_VOLUMES), false);
	if (v->kinds & PRUNE_BIT(PRUNE_NETWORKS))
		prune_submit(v, PRUNE_SRC_NETWORKS,
		    prune_source_path(PRUNE_SRC_NETWORKS), false);
	prune_submit(v, PRUNE_SRC_DF, prune_source_path(PRUNE_SRC_DF), false);
}

/* A size for the screen: "-" when unknown. */
static void
prune_size(char *buf, size_t len, int64_t n)
{
	fmt_size(buf, len, n);
}

/* Pads s with spaces to w display columns (owned). */
static char *
prune_pad(const char *s, int w)
{
	int sw = text_width(s);
	struct buf b;

	buf_init(&b);
	buf_puts(&b, s);
	for (; sw < w; sw++)
		buf_putc(&b, ' ');
	return buf_steal(&b);
}

static void prune_line(struct prune_view *v, int role, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
prune_line(struct prune_view *v, int role, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	pager_append(&v->pager, s, TEXT_NUL, role);
	free(s);
}

static void
prune_kind_lines(struct prune_view *v, enum prune_kind k)
{
	const struct prune_preview *pv = v->pv;
	int namew = 12;
	char sz[32], id[32];

	for (size_t i = 0; i < pv->n; i++)
		if (pv->items[i].kind == k) {
			int w = text_width(pv->items[i].name);

			if (w > namew)
				namew = w > 40 ? 40 : w;
		}
	for (size_t i = 0; i < pv->n; i++) {
		const struct prune_item *it = &pv->items[i];
		char *name;

		if (it->kind != k)
			continue;
		name = prune_pad(it->name, namew);
		prune_size(sz, sizeof sz, it->untag_only ? -1 : it->size);
		if (k == PRUNE_CONTAINERS || k == PRUNE_IMAGES)
			fmt_short_id(id, sizeof id, it->id);
		else
			id[0] = '\0';
		prune_line(v, it->untag_only ? THEME_ROLE_DIM : 0,
		    "  %s  %-12s %8s  %s", name, id, it->untag_only ? "" : sz,
		    it->what ? it->what : "");
		free(name);
	}
}

static void
prune_show_preview(struct prune_view *v)
{
	const struct prune_preview *pv = v->pv;
	char sz[32];
	int64_t total = 0;

	pager_clear(&v->pager);
	if (v->banner)
		prune_line(v, THEME_ROLE_WARN, "%s", v->banner);
	for (size_t i = 0; pv->notes && pv->notes[i]; i++)
		prune_line(v, THEME_ROLE_DIM, "%s", pv->notes[i]);
	if (v->banner || (pv->notes && pv->notes[0]))
		prune_line(v, 0, "%s", "");
	for (int k = 0; k < PRUNE__KINDS; k++) {
		size_t untag = 0;

		if (!(pv->asked & PRUNE_BIT(k)) || (pv->skipped & PRUNE_BIT(k)))
			continue;
		for (size_t i = 0; i < pv->n; i++)
			if (pv->items[i].kind == (enum prune_kind)k &&
			    pv->items[i].untag_only)
				untag++;
		prune_size(sz, sizeof sz, pv->bytes[k]);
		total += pv->bytes[k];
		if (pv->count[k] == 0 && untag == 0) {
			prune_line(v, THEME_ROLE_DIM, "%s: nothing to prune",
			    prune_kind_name((enum prune_kind)k));
			continue;
		}
		if (pv->count[k] == 0)
			prune_line(v, THEME_ROLE_TITLE,
			    "%s: none deleted; "
			    "tags go from images that stay",
			    prune_kind_name((enum prune_kind)k));
		else
			prune_line(v, THEME_ROLE_TITLE,
			    "%s: %zu to delete, "
			    "%s%s",
			    prune_kind_name((enum prune_kind)k), pv->count[k],
			    sz,
			    untag ? " (and tags go from "
				    "images that stay)"
				  : "");
		prune_kind_lines(v, (enum prune_kind)k);
	}
	prune_size(sz, sizeof sz, total);
	prune_line(v, 0, "%s", "");
	prune_line(v, THEME_ROLE_TITLE, "Total: %zu object%s, about %s freed",
	    prune_preview_total(pv), prune_preview_total(pv) == 1 ? "" : "s",
	    sz);
	pager_home(&v->pager);
}

/* Names of the preview's objects of kind k (all kinds: k < 0), owned. */
static char *
prune_names(const struct prune_preview *pv, int k)
{
	struct buf b;

	buf_init(&b);
	for (size_t i = 0; pv && i < pv->n; i++) {
		if (k >= 0 && pv->items[i].kind != (enum prune_kind)k)
			continue;
		buf_printf(&b, "%s%s%s", b.len ? ", " : "", pv->items[i].name,
		    pv->items[i].untag_only ? " (untag)" : "");
	}
	return buf_steal(&b);
}

/* The first kind of a set (for titles when there is only one). */
static enum prune_kind
prune_first_kind(unsigned kinds)
{
	for (int k = 0; k < PRUNE__KINDS; k++)
		if (kinds & PRUNE_BIT(k))
			return (enum prune_kind)k;
	return PRUNE_CONTAINERS;
}

static char *
prune_action(int k)
{
	return xasprintf("prune %s",
	    k < 0 ? "everything" : prune_kind_name((enum prune_kind)k));
}

static void
prune_audit(struct prune_view *v, int k, const char *result)
{
	char *objs = prune_names(v->pv, k), *act;

	act = prune_action(k);
	audit_log(v->app, act, objs, result);
	free(act);
	free(objs);
}

static bool
prune_kind_due(const struct prune_view *v, int k)
{
	const struct prune_preview *pv = v->pv;

	if (!(pv->asked & PRUNE_BIT(k)) || (pv->skipped & PRUNE_BIT(k)))
		return false;
	for (size_t i = 0; i < pv->n; i++)
		if (pv->items[i].kind == (enum prune_kind)k)
			return true;
	return false;
}

static void
prune_show_done(struct prune_view *v)
{
	int64_t total = 0;
	char sz[32];

	pager_clear(&v->pager);
	for (int k = 0; k < PRUNE__KINDS; k++) {
		struct prune_result *r = &v->res[k];
		size_t n;

		if (!r->ran)
			continue;
		if (r->error) {
			prune_line(v, THEME_ROLE_ERROR, "%s: %s",
			    prune_kind_name((enum prune_kind)k), r->error);
			continue;
		}
		n = strv_len(r->rep->deleted);
		total += r->rep->space_reclaimed;
		prune_size(sz, sizeof sz, r->rep->space_reclaimed);
		prune_line(v, THEME_ROLE_TITLE, "%s: %zu deleted, %s reclaimed",
		    prune_kind_name((enum prune_kind)k), n, sz);
		for (size_t i = 0; i < n; i++) {
			const char *d = r->rep->deleted[i];
			const char *name = NULL;

			for (size_t j = 0; j < v->pv->n; j++)
				if (v->pv->items[j].kind ==
					(enum prune_kind)k &&
				    strcmp(v->pv->items[j].id, d) == 0)
					name = v->pv->items[j].name;
			if (name && strcmp(name, d) != 0) {
				char id[32];

				fmt_short_id(id, sizeof id, d);
				prune_line(v, 0, "  %s  %s", name, id);
			} else
				prune_line(v, 0, "  %s", d);
		}
		/* What the preview promised and the engine did not do. */
		for (size_t j = 0; j < v->pv->n; j++) {
			const struct prune_item *it = &v->pv->items[j];
			bool found = false;

			if (it->kind != (enum prune_kind)k || it->untag_only)
				continue;
			for (size_t i = 0; i < n && !found; i++)
				found = strcmp(r->rep->deleted[i], it->id) == 0;
			if (!found)
				prune_line(v, THEME_ROLE_WARN,
				    "  kept by the "
				    "engine: %s",
				    it->name);
		}
		/*
		 * And what it did without the preview saying so (images: an
		 * untagged parent goes along with its child, which is fine).
		 */
		for (size_t i = 0; k != PRUNE_IMAGES && i < n; i++) {
			bool found = false;

			for (size_t j = 0; j < v->pv->n && !found; j++)
				found = v->pv->items[j].kind ==
					    (enum prune_kind)k &&
					strcmp(v->pv->items[j].id,
					    r->rep->deleted[i]) == 0;
			if (!found)
				prune_line(v, THEME_ROLE_WARN,
				    "  not in the "
				    "preview: %s",
				    r->rep->deleted[i]);
		}
	}
	prune_size(sz, sizeof sz, total);
	prune_line(v, 0, "%s", "");
	prune_line(v, THEME_ROLE_TITLE,
	    "Reclaimed in all: %s (the engine's "
	    "report)",
	    sz);
	pager_home(&v->pager);
}

static void
prune_finish(struct prune_view *v)
{
	struct store *s = app_store(v->app);
	size_t deleted = 0, errors = 0;
	int64_t total = 0;
	char sz[32];

	v->state = PRUNE_DONE;
	for (int k = 0; k < PRUNE__KINDS; k++) {
		if (!v->res[k].ran)
			continue;
		if (v->res[k].error)
			errors++;
		else {
			deleted += strv_len(v->res[k].rep->deleted);
			total += v->res[k].rep->space_reclaimed;
		}
	}
	prune_show_done(v);
	store_refresh(s, STORE_CONTAINERS);
	store_refresh(s, STORE_IMAGES);
	store_refresh(s, STORE_VOLUMES);
	store_refresh(s, STORE_NETWORKS);
	prune_size(sz, sizeof sz, total);
	if (errors)
		app_error(v->app,
		    "prune: %zu deleted, %s reclaimed; %zu "
		    "failed (see the list)",
		    deleted, sz, errors);
	else
		app_ok(
		    v->app, "pruned: %zu deleted, %s reclaimed", deleted, sz);
	app_dirty(v->app);
}

static void
prune_on_pruned(const struct docker_reply *r, void *arg)
{
	struct prune_view *v = arg;
	struct prune_result *res = &v->res[v->run_kind];
	char *cause = NULL, *result;

	v->run_call = NULL;
	res->ran = true;
	if (r->status != DOCKER_OK) {
		res->error = xstrdup(
		    r->message ? r->message : docker_status_str(r->status));
	} else {
		res->rep = decode_prune_report(r->body, r->len, &cause);
		if (res->rep == NULL) {
			res->error =
			    xasprintf("the engine's report: %s", cause);
			free(cause);
		}
	}
	result = res->error && !res->rep ? xasprintf("error: %s", res->error)
					 : xstrdup("ok");
	prune_audit(v, v->run_kind, result);
	free(result);
	prune_run_next(v);
}

/* Asks the engine to prune the next kind that has something to go. */
static void
prune_run_next(struct prune_view *v)
{
	for (int k = v->run_kind + 1; k < PRUNE__KINDS; k++) {
		char *cause = NULL, *path;

		if (!prune_kind_due(v, k))
			continue;
		v->run_kind = k;
		if (app_read_only(v->app)) {
			v->res[k].ran = true;
			v->res[k].error = xstrdup("refused: read-only mode");
			prune_audit(v, k, "refused: read-only");
			continue;
		}
		path = prune_request_path((enum prune_kind)k, v->all,
		    &v->filters, docker_api_version(app_docker(v->app)),
		    fmt_now(), &cause);
		if (path == NULL) {
			v->res[k].ran = true;
			v->res[k].error = cause;
			prune_audit(v, k, "error: bad filters");
			continue;
		}
		v->run_call = docker_request(app_docker(v->app), "POST", path,
		    NULL, 0, prune_on_pruned, v);
		free(path);
		app_dirty(v->app);
		return;
	}
	prune_finish(v);
}

static void
prune_confirmed(struct app *a, bool yes, void *arg)
{
	struct prune_view *v = arg;

	if (!yes) {
		prune_audit(v,
		    v->everything ? -1 : (int)prune_first_kind(v->kinds),
		    "cancelled");
		return;
	}
	if (app_read_only(a)) {
		prune_audit(v, -1, "refused: read-only");
		app_error(a, "read-only mode: prune refused");
		return;
	}
	/*
	 * The engine prunes by rule, not by list: look again right before
	 * asking, so that what goes is what the user saw.
	 */
	v->confirmed = v->pv;
	v->pv = NULL;
	v->pv = xcalloc(1, sizeof *v->pv);
	v->state = PRUNE_RECHECK;
	free(v->banner);
	v->banner = NULL;
	prune_fetch_all(v);
}

/* "1 container", "2 containers": the noun for n objects of kind k. */
static const char *
prune_noun(enum prune_kind k, size_t n)
{
	static const char *const one[PRUNE__KINDS] = {
	    [PRUNE_CONTAINERS] = "container",
	    [PRUNE_NETWORKS] = "network",
	    [PRUNE_VOLUMES] = "volume",
	    [PRUNE_IMAGES] = "image",
	    [PRUNE_BUILD] = "build cache record",
	};
	static const char *const many[PRUNE__KINDS] = {
	    [PRUNE_CONTAINERS] = "containers",
	    [PRUNE_NETWORKS] = "networks",
	    [PRUNE_VOLUMES] = "volumes",
	    [PRUNE_IMAGES] = "images",
	    [PRUNE_BUILD] = "build cache records",
	};

	return n == 1 ? one[k] : many[k];
}

static void
prune_ask(struct prune_view *v)
{
	const struct prune_preview *pv = v->pv;
	struct buf what;
	char sz[32], *lines[5], *f;
	int64_t bytes = 0;
	size_t nl = 0;

	if (prune_preview_total(pv) == 0 && pv->n == 0) {
		app_info(v->app, "nothing to prune");
		return;
	}
	buf_init(&what);
	for (int k = 0; k < PRUNE__KINDS; k++) {
		size_t c = pv->count[k];

		bytes += pv->bytes[k];
		if (c == 0)
			continue;
		buf_printf(&what, "%s%zu %s", what.len ? ", " : "", c,
		    prune_noun((enum prune_kind)k, c));
	}
	for (size_t i = 0; i < pv->n; i++)
		if (pv->items[i].untag_only) {
			buf_printf(&what, "%stags of some images",
			    what.len ? "; " : "");
			break;
		}
	prune_size(sz, sizeof sz, bytes);
	lines[nl++] = xasprintf(
	    "Engine: %s", docker_endpoint(app_docker(v->app))->host_arg);
	lines[nl++] = xasprintf("Delete %s (about %s).", buf_cstr(&what), sz);
	f = prune_filters_text(&v->filters);
	lines[nl++] = xasprintf("Filters: %s", *f ? f : "none");
	free(f);
	lines[nl] = NULL;
	app_confirm(v->app, "Prune?", lines, prune_confirmed, v);
	for (size_t i = 0; i < nl; i++)
		free(lines[i]);
	buf_done(&what);
}

static bool
prune_all_matters(const struct prune_view *v)
{
	unsigned k = prune_effective_kinds(v);

	return (k & (PRUNE_BIT(PRUNE_IMAGES) | PRUNE_BIT(PRUNE_BUILD))) ||
	       ((k & PRUNE_BIT(PRUNE_VOLUMES)) &&
		   docker_version_cmp(
		       docker_api_version(app_docker(v->app)), "1.42") >= 0);
}

static void
prune_recompute(struct prune_view *v)
{
	prune_preview_free(v->pv);
	v->pv = prune_compute(
	    &v->in, prune_effective_kinds(v), v->all, &v->filters, fmt_now());
	free(v->banner);
	v->banner = NULL;
	prune_show_preview(v);
}

static bool
prune_scroll_key(struct prune_view *v, int key)
{
	switch (key) {
	case 'j':
	case WKEY(KEY_DOWN):
		pager_scroll(&v->pager, 1);
		return true;
	case 'k':
	case WKEY(KEY_UP):
		pager_scroll(&v->pager, -1);
		return true;
	case ' ':
	case WKEY(KEY_NPAGE):
	case WKEY_CTRL('f'):
		pager_page(&v->pager, 1);
		return true;
	case WKEY(KEY_PPAGE):
	case WKEY_CTRL('b'):
		pager_page(&v->pager, -1);
		return true;
	case 'g':
	case WKEY(KEY_HOME):
		pager_home(&v->pager);
		return true;
	case 'G':
	case WKEY(KEY_END):
		pager_end(&v->pager);
		return true;
	default:
		return false;
	}
}

static bool
prune_key_filter(struct prune_view *v, int key)
{
	enum prompt_result r = prompt_key(&v->prompt, key);
	char *cause = NULL;

	if (r == PROMPT_CANCELLED) {
		free(v->prompt_error);
		v->prompt_error = NULL;
		v->state = PRUNE_PREVIEW;
	} else if (r == PROMPT_DONE) {
		if (prune_filters_parse(&v->filters, prompt_text(&v->prompt),
			fmt_now(), &cause)) {
			free(v->prompt_error);
			v->prompt_error = NULL;
			prompt_history_add(&v->prompt, prompt_text(&v->prompt));
			v->state = PRUNE_PREVIEW;
			prune_recompute(v);
		} else {
			free(v->prompt_error);
			v->prompt_error = cause;
		}
	}
	return true;
}

static bool
prune_key(void *arg, int key)
{
	struct prune_view *v = arg;
	char *t;

	if (v->state == PRUNE_FILTER)
		return prune_key_filter(v, key);
	if (prune_scroll_key(v, key))
		return true;
	switch (v->state) {
	case PRUNE_RUNNING:
	case PRUNE_RECHECK:
		/* The engine is at work; closing would only hide it. */
		if (key == WKEY_ESC)
			app_info(v->app, "prune: waiting for the engine");
		return true;
	case PRUNE_LOADING:
		return !(key == WKEY_ESC || key == 'q' || key == 'n');
	case PRUNE_FAILED:
		if (key == 'r') {
			v->state = PRUNE_LOADING;
			prune_fetch_all(v);
			return true;
		}
		return !(key == WKEY_ESC || key == 'q' || key == 'n' ||
			 wkey_is_enter(key));
	case PRUNE_DONE:
		return !(key == WKEY_ESC || key == 'q' || wkey_is_enter(key));
	case PRUNE_PREVIEW:
	default:
		break;
	}
	switch (key) {
	case WKEY_ESC:
	case 'q':
	case 'n':
		return false;
	case 'y':
	case 'Y':
	case '\n':
	case '\r':
	case WKEY(KEY_ENTER):
		prune_ask(v);
		return true;
	case 'f':
	case '/':
		t = prune_filters_text(&v->filters);
		prompt_set(&v->prompt, t);
		free(t);
		v->state = PRUNE_FILTER;
		return true;
	case 'a':
		if (!prune_all_matters(v)) {
			app_info(v->app, "prune: \"all\" changes nothing here");
			return true;
		}
		v->all = !v->all;
		prune_recompute(v);
		return true;
	case 'v':
		if (!v->everything)
			return true;
		v->volumes = !v->volumes;
		prune_recompute(v);
		return true;
	case 'r':
	case WKEY_CTRL('r'):
		v->state = PRUNE_LOADING;
		free(v->banner);
		v->banner = NULL;
		prune_fetch_all(v);
		return true;
	default:
		return true;
	}
}

static const char *
prune_hint(const struct prune_view *v)
{
	switch (v->state) {
	case PRUNE_LOADING:
		return "reading the engine's lists…  Esc: close";
	case PRUNE_RECHECK:
		return "checking the lists again…";
	case PRUNE_RUNNING:
		return "pruning…";
	case PRUNE_DONE:
		return "j/k: scroll  Enter/Esc: close";
	case PRUNE_FAILED:
		return "r: retry  Esc: close";
	default:
		if (v->everything)
			return "y/Enter: prune  f: filters  a: all unused  "
			       "v: volumes  r: reload  Esc: close";
		return prune_all_matters(v) ? "y/Enter: prune  f: filters  a: "
					      "all unused  r: reload  "
					      "Esc: close"
					    : "y/Enter: prune  f: filters  r: "
					      "reload  Esc: close";
	}
}

static void
prune_draw(void *arg, WINDOW *win, int h, int w)
{
	struct prune_view *v = arg;
	attr_t fill = theme_attr(THEME_ROLE_DIALOG);
	attr_t border = theme_attr(THEME_ROLE_DIALOG_BORDER);
	int by = 1, bx = 0, bh = h - 2, bw = w, iw, row;
	char *title, *f, *line;
	const char *api = docker_api_version(app_docker(v->app));

	if (bh < 8 || bw < 20)
		return;
	iw = bw - 4;
	title = xasprintf("Prune %s",
	    v->everything ? "everything"
			  : prune_kind_name(prune_first_kind(v->kinds)));
	box_draw(win, by, bx, bh, bw, border, fill, title, border);
	free(title);
	row = by + 1;
	line = xasprintf("Engine %s (API %s)",
	    docker_endpoint(app_docker(v->app))->host_arg, api);
	text_put_padded(win, row++, bx + 2, line, iw, fill);
	free(line);
	f = prune_filters_text(&v->filters);
	line = xasprintf("Filters: %s   %s%s%s", *f ? f : "none (f sets them)",
	    prune_all_matters(v)
		? (v->all ? "[x] all unused" : "[ ] all unused")
		: "",
	    v->everything ? "   " : "",
	    v->everything ? (v->volumes ? "[x] volumes" : "[ ] volumes") : "");
	text_put_padded(win, row++, bx + 2, line, iw, fill);
	free(line);
	free(f);
	row++;
	if (v->state == PRUNE_LOADING ||
	    (v->state == PRUNE_RECHECK && v->pager.n == 0)) {
		text_put_padded(
		    win, row, bx + 2, "reading the engine's lists…", iw, fill);
	} else if (v->state == PRUNE_FAILED) {
		text_put_padded(win, row, bx + 2, v->error, iw,
		    theme_attr(THEME_ROLE_ERROR));
	} else {
		pager_draw(&v->pager, win, row, bx + 2, by + bh - 3 - row, iw);
	}
	if (v->state == PRUNE_FILTER) {
		int cx = prompt_draw(&v->prompt, win, by + bh - 2, bx + 2, iw,
		    "filters: ", theme_attr(THEME_ROLE_FILTER));

		/* The screen's cursor is hidden under overlays: draw one. */
		if (cx >= 0 && cx < bx + bw - 1)
			mvwchgat(win, by + bh - 2, cx, 1, A_REVERSE, 0, NULL);
		text_put_padded(win, by + bh - 3, bx + 2,
		    v->prompt_error ? v->prompt_error
				    : "until=24h label=key=value label!=key  "
				      "(Enter: apply, Esc: back)",
		    iw, v->prompt_error ? theme_attr(THEME_ROLE_ERROR) : fill);
	} else
		text_put_padded(
		    win, by + bh - 2, bx + 2, prune_hint(v), iw, fill);
}

static void
prune_free(void *arg)
{
	struct prune_view *v = arg;

	if (v == NULL)
		return;
	prune_cancel_fetches(v);
	if (v->run_call)
		docker_cancel(app_docker(v->app), v->run_call);
	prune_input_done(&v->in);
	prune_filters_done(&v->filters);
	prune_preview_free(v->pv);
	prune_preview_free(v->confirmed);
	pager_done(&v->pager);
	prompt_done(&v->prompt);
	free(v->prompt_error);
	free(v->banner);
	free(v->error);
	for (int k = 0; k < PRUNE__KINDS; k++) {
		free(v->res[k].error);
		docker_prune_report_free(v->res[k].rep);
	}
	free(v);
}

bool
prune_open(struct app *a, const char *kind)
{
	unsigned kinds = prune_kinds_for(kind);
	struct prune_view *v;

	/* A pane where prune means nothing is the caller's to say. */
	if (kinds == 0 && kind != NULL && panes_find(kind) == NULL) {
		app_error(a,
		    "prune: %s? (containers, images, volumes, "
		    "networks, build, or nothing for everything)",
		    kind);
		return true;
	}
	if (kinds == 0)
		return false;
	if (app_read_only(a)) {
		char *act = prune_action(kinds == PRUNE_EVERYTHING
					     ? -1
					     : (int)prune_first_kind(kinds));

		/* P never gets here (the app refuses it); :prune does. */
		audit_log(a, act, "", "refused: read-only");
		free(act);
		app_error(a, "read-only mode: prune refused");
		return true;
	}
	v = xcalloc(1, sizeof *v);
	v->app = a;
	v->kinds = kinds;
	v->everything = kinds == PRUNE_EVERYTHING;
	v->volumes = true;
	v->state = PRUNE_LOADING;
	v->run_kind = -1;
	prune_filters_init(&v->filters);
	prune_input_init(
	    &v->in, docker_api_version(app_docker(a)), app_os_type(a));
	pager_init(&v->pager, 0);
	prompt_init(&v->prompt);
	app_push_overlay(a, &prune_ops, v);
	prune_fetch_all(v);
	return true;
}
