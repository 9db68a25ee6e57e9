/* The prune preview's rules: what a prune would delete, given the lists. */

#include "tui/actions/prune_rules.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/arith.h"
#include "api/buf.h"
#include "api/create.h"
#include "api/decode.h"
#include "api/docker.h"
#include "api/rfc3339.h"
#include "api/xalloc.h"

/* The label engines from API 1.42 put on the volumes they make up. */
#define PRUNE_ANON_LABEL "com.docker.volume.anonymous"

const enum kind prune_order[PRUNE_KINDS] = {
    KIND_CONTAINER,
    KIND_NETWORK,
    KIND_VOLUME,
    KIND_IMAGE,
    KIND_BUILD_CACHE,
};

const enum store_kind prune_sources[PRUNE_SOURCES] = {
    STORE_CONTAINERS,
    STORE_IMAGES,
    STORE_VOLUMES,
    STORE_NETWORKS,
    STORE_DF,
};

unsigned
prune_kinds_for(const char *w)
{
	static const char *const everything[] = {
	    "host", "all", "system", "everything"};
	/* Short words on top of the registry's names. */
	static const struct {
		const char *word;
		enum kind kind;
	} aliases[] = {
	    {"c", KIND_CONTAINER},
	    {"i", KIND_IMAGE},
	    {"v", KIND_VOLUME},
	    {"n", KIND_NETWORK},
	    {"build", KIND_BUILD_CACHE},
	    {"cache", KIND_BUILD_CACHE},
	};
	enum kind k;

	if (w == NULL || *w == '\0')
		return PRUNE_EVERYTHING;
	for (size_t i = 0; i < sizeof everything / sizeof everything[0]; i++)
		if (strcmp(w, everything[i]) == 0)
			return PRUNE_EVERYTHING;
	for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (strcmp(w, aliases[i].word) == 0)
			return PRUNE_BIT(aliases[i].kind);
	k = kind_find(w);
	return kind_get(k)->prunable ? PRUNE_BIT(k) : 0;
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
	struct rfc3339 t;
	size_t n = rfc3339_scan(s, &t);
	struct tm tm;
	time_t lt;

	if (n == 0 || s[n] != '\0' || t.year < 1970 || t.hour > 23 ||
	    t.min > 59 || t.sec > 60)
		return -1;
	/* A date alone is midnight UTC. */
	if (t.sep == 0 || t.zoned)
		return rfc3339_seconds(&t);
	memset(&tm, 0, sizeof tm);
	tm.tm_year = t.year - 1900;
	tm.tm_mon = t.month - 1;
	tm.tm_mday = t.day;
	tm.tm_hour = t.hour;
	tm.tm_min = t.min;
	tm.tm_sec = t.sec;
	tm.tm_isdst = -1;
	lt = mktime(&tm);
	return lt == (time_t)-1 ? -1 : (int64_t)lt;
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

bool
prune_input_set(struct prune_input *in, enum store_kind s, const char *body,
    size_t len, char **cause)
{
	switch (s) {
	case STORE_CONTAINERS: {
		struct docker_container_list *l =
		    decode_container_list(body, len, cause);

		if (l == NULL)
			return false;
		docker_container_list_free(in->containers);
		in->containers = l;
		return true;
	}
	case STORE_IMAGES: {
		struct docker_image_list *l =
		    decode_image_list(body, len, cause);

		if (l == NULL)
			return false;
		docker_image_list_free(in->images);
		in->images = l;
		return true;
	}
	case STORE_VOLUMES: {
		struct docker_volume_list *l =
		    decode_volume_list(body, len, cause);

		if (l == NULL)
			return false;
		docker_volume_list_free(in->volumes);
		in->volumes = l;
		return true;
	}
	case STORE_NETWORKS: {
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
	case STORE_DF: {
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
prune_add(struct prune_preview *pv, enum kind k, const char *id,
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
		pv->bytes[k] = arith_add(pv->bytes[k], size);
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
		it = prune_add(k->pv, KIND_CONTAINER, c->id, c->name, size);
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
		it = prune_add(k->pv, KIND_NETWORK, n->name, n->name, 0);
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
		it = prune_add(k->pv, KIND_VOLUME, v->name, v->name, size);
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
			return arith_sub(d->size, arith_pos(d->shared_size));
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
			it = prune_add(k->pv, KIND_IMAGE, im->id, tags,
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
			it = prune_add(k->pv, KIND_IMAGE, im->id, tags, 0);
			it->untag_only = true;
			it->gone = !g.used[i];
			it->what = xstrdup(
			    g.used[i]
				? "in use: loses all its tags but one"
				: "parent of images that stay: only untagged");
			k->pv->count[KIND_IMAGE]--;
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
		it = prune_add(k->pv, KIND_BUILD_CACHE, c->id,
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
	if (kinds & PRUNE_BIT(KIND_CONTAINER))
		prune_calc_containers(&k);
	if (kinds & PRUNE_BIT(KIND_NETWORK)) {
		if (in->networks)
			prune_calc_networks(&k);
		else {
			pv->skipped |= PRUNE_BIT(KIND_NETWORK);
			prune_note(pv, "networks: the list could not be read");
		}
	}
	if (kinds & PRUNE_BIT(KIND_VOLUME)) {
		if (f->until != 0) {
			pv->skipped |= PRUNE_BIT(KIND_VOLUME);
			prune_note(pv, "volumes: the engine cannot filter "
				       "volumes by age (until=): left out");
		} else if (in->volumes)
			prune_calc_volumes(&k);
		else {
			pv->skipped |= PRUNE_BIT(KIND_VOLUME);
			prune_note(pv, "volumes: the list could not be read");
		}
	}
	if (kinds & PRUNE_BIT(KIND_IMAGE)) {
		if (in->images)
			prune_calc_images(&k);
		else {
			pv->skipped |= PRUNE_BIT(KIND_IMAGE);
			prune_note(pv, "images: the list could not be read");
		}
	}
	if (kinds & PRUNE_BIT(KIND_BUILD_CACHE)) {
		if (has_labels) {
			pv->skipped |= PRUNE_BIT(KIND_BUILD_CACHE);
			prune_note(pv,
			    "build cache: label filters do not apply "
			    "to it: left out");
		} else if (in->df)
			prune_calc_build(&k);
		else {
			pv->skipped |= PRUNE_BIT(KIND_BUILD_CACHE);
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

	for (size_t i = 0; i < PRUNE_KINDS; i++)
		n += pv->count[prune_order[i]];
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
prune_request_filters(enum kind k, bool all, const struct prune_filters *f,
    const char *api, int64_t now, char **cause)
{
	struct kvlist l = {NULL, 0};
	char *json, num[32];

	if (!kind_get(k)->prunable) {
		*cause = xasprintf("%s are not pruned", kind_get(k)->plural);
		return NULL;
	}
	if (f != NULL && f->until != 0) {
		if (k == KIND_BUILD_CACHE) {
			/* The build cache takes a duration, not a time. */
			snprintf(num, sizeof num, "%llds",
			    (long long)(now > f->until ? now - f->until : 0));
			create_kv_add(&l, "until", num);
		} else if (k != KIND_VOLUME) {
			/* An absolute time, so the engine's clock agrees. */
			snprintf(num, sizeof num, "%lld", (long long)f->until);
			create_kv_add(&l, "until", num);
		}
	}
	if (f != NULL && k != KIND_BUILD_CACHE) {
		for (size_t i = 0; f->labels && f->labels[i]; i++)
			create_kv_add(&l, "label", f->labels[i]);
		for (size_t i = 0; f->not_labels && f->not_labels[i]; i++)
			create_kv_add(&l, "label!", f->not_labels[i]);
	}
	if (k == KIND_IMAGE)
		create_kv_add(&l, "dangling", all ? "false" : "true");
	/* API 1.41 engines reject "all"; they prune named volumes anyway. */
	if (k == KIND_VOLUME && all && docker_version_cmp(api, "1.42") >= 0)
		create_kv_add(&l, "all", "true");
	json = create_filters_json(&l, cause);
	kvlist_free(&l);
	return json;
}
