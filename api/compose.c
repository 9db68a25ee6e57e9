/* Compose projects from the labels on containers, volumes and networks. */

#include "api/compose.h"

#include <stdlib.h>
#include <string.h>

#include "api/xalloc.h"

/* Whether v (NULL-terminated, may be NULL) holds s. */
static bool
compose_has(char *const *v, const char *s)
{
	for (size_t i = 0; v && v[i]; i++)
		if (strcmp(v[i], s) == 0)
			return true;
	return false;
}

/* Appends a copy of s to *v unless it is there already. */
static void
compose_add_once(char ***v, const char *s)
{
	size_t n = strv_len(*v);

	if (s == NULL || compose_has(*v, s))
		return;
	strv_push(v, &n, xstrdup(s));
}

static int
compose_str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
compose_sort_strv(char **v)
{
	qsort(v, strv_len(v), sizeof *v, compose_str_cmp);
}

/* The project called name, added (empty) when new. */
static struct compose_project *
compose_get(struct compose_list *l, const char *name)
{
	struct compose_project *p;

	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].name, name) == 0)
			return &l->v[i];
	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	p = &l->v[l->n++];
	memset(p, 0, sizeof *p);
	p->name = xstrdup(name);
	p->config_files = xcalloc(1, sizeof *p->config_files);
	p->services = xcalloc(1, sizeof *p->services);
	p->volumes = xcalloc(1, sizeof *p->volumes);
	p->networks = xcalloc(1, sizeof *p->networks);
	p->network_ids = xcalloc(1, sizeof *p->network_ids);
	return p;
}

enum compose_health
compose_health_of(const char *status)
{
	if (status == NULL)
		return COMPOSE_HEALTH_NONE;
	if (strstr(status, "(unhealthy)"))
		return COMPOSE_HEALTH_UNHEALTHY;
	if (strstr(status, "(healthy)"))
		return COMPOSE_HEALTH_HEALTHY;
	if (strstr(status, "(health: starting)"))
		return COMPOSE_HEALTH_STARTING;
	return COMPOSE_HEALTH_NONE;
}

/* "a.yml,b.yml": each file once, empty pieces left out. */
static void
compose_add_files(struct compose_project *p, const char *list)
{
	const char *s = list;

	while (s && *s) {
		const char *end = strchr(s, ',');
		size_t len = end ? (size_t)(end - s) : strlen(s);

		if (len > 0) {
			char *f = xstrndup(s, len);

			compose_add_once(&p->config_files, f);
			free(f);
		}
		s = end ? end + 1 : NULL;
	}
}

static void
compose_add_member(struct compose_project *p, const struct docker_container *c)
{
	const char *svc = kvlist_get(&c->labels, COMPOSE_SERVICE);
	const char *one = kvlist_get(&c->labels, COMPOSE_ONEOFF);
	const char *wd = kvlist_get(&c->labels, COMPOSE_WORKING_DIR);
	struct compose_member *m;
	size_t nv = 0;

	p->members =
	    xreallocarray(p->members, p->n_members + 1, sizeof *p->members);
	m = &p->members[p->n_members++];
	memset(m, 0, sizeof *m);
	m->id = xstrdup(c->id ? c->id : "");
	m->name = xstrdup(c->name ? c->name : m->id);
	m->service = xstrdup(svc ? svc : "");
	m->number = xstrdup_or_null(kvlist_get(&c->labels, COMPOSE_NUMBER));
	m->state = xstrdup(c->state ? c->state : "?");
	m->oneoff =
	    one && (strcmp(one, "True") == 0 || strcmp(one, "true") == 0);
	m->health = compose_health_of(c->status);
	m->volumes = xcalloc(1, sizeof *m->volumes);
	for (size_t i = 0; i < c->n_mounts; i++)
		if (c->mounts[i].name && c->mounts[i].type &&
		    strcmp(c->mounts[i].type, "volume") == 0 &&
		    !compose_has(m->volumes, c->mounts[i].name))
			strv_push(&m->volumes, &nv, xstrdup(c->mounts[i].name));
	if (strcmp(m->state, "running") == 0)
		p->running++;
	else if (strcmp(m->state, "paused") == 0) {
		p->running++;
		p->paused++;
	}
	if (m->health == COMPOSE_HEALTH_HEALTHY)
		p->healthy++;
	else if (m->health == COMPOSE_HEALTH_UNHEALTHY)
		p->unhealthy++;
	else if (m->health == COMPOSE_HEALTH_STARTING)
		p->starting++;
	if (svc && *svc)
		compose_add_once(&p->services, svc);
	if (p->working_dir == NULL && wd && *wd)
		p->working_dir = xstrdup(wd);
	compose_add_files(p, kvlist_get(&c->labels, COMPOSE_CONFIG_FILES));
}

/* Numbers sort as numbers ("2" before "10"), missing ones last. */
static int
compose_number_cmp(const char *a, const char *b)
{
	size_t la, lb;

	if (a == NULL || b == NULL)
		return (a == NULL) - (b == NULL);
	la = strlen(a);
	lb = strlen(b);
	if (la != lb)
		return la < lb ? -1 : 1;
	return strcmp(a, b);
}

static int
compose_member_cmp(const void *x, const void *y)
{
	const struct compose_member *a = x, *b = y;
	int r = strcmp(a->service, b->service);

	if (r == 0)
		r = compose_number_cmp(a->number, b->number);
	if (r == 0)
		r = strcmp(a->name, b->name);
	if (r == 0)
		r = strcmp(a->id, b->id);
	return r;
}

static int
compose_project_cmp(const void *x, const void *y)
{
	const struct compose_project *a = x, *b = y;

	return strcmp(a->name, b->name);
}

struct compose_list *
compose_projects(const struct docker_container_list *cl,
    const struct docker_volume_list *vl, const struct docker_network_list *nl)
{
	struct compose_list *l = xcalloc(1, sizeof *l);
	const char *name;

	for (size_t i = 0; cl && i < cl->n; i++)
		if ((name = kvlist_get(&cl->v[i].labels, COMPOSE_PROJECT)) &&
		    *name)
			compose_add_member(compose_get(l, name), &cl->v[i]);
	for (size_t i = 0; vl && i < vl->n; i++)
		if (vl->v[i].name &&
		    (name = kvlist_get(&vl->v[i].labels, COMPOSE_PROJECT)) &&
		    *name)
			compose_add_once(
			    &compose_get(l, name)->volumes, vl->v[i].name);
	for (size_t i = 0; nl && i < nl->n; i++) {
		struct compose_project *p;
		size_t n;

		if (nl->v[i].name == NULL || nl->v[i].id == NULL ||
		    (name = kvlist_get(&nl->v[i].labels, COMPOSE_PROJECT)) ==
			NULL ||
		    *name == '\0')
			continue;
		p = compose_get(l, name);
		if (compose_has(p->network_ids, nl->v[i].id))
			continue;
		n = strv_len(p->networks);
		strv_push(&p->networks, &n, xstrdup(nl->v[i].name));
		n = strv_len(p->network_ids);
		strv_push(&p->network_ids, &n, xstrdup(nl->v[i].id));
	}
	for (size_t i = 0; i < l->n; i++) {
		struct compose_project *p = &l->v[i];

		compose_sort_strv(p->services);
		compose_sort_strv(p->volumes);
		if (p->n_members > 1)
			qsort(p->members, p->n_members, sizeof *p->members,
			    compose_member_cmp);
	}
	if (l->n > 1)
		qsort(l->v, l->n, sizeof *l->v, compose_project_cmp);
	return l;
}

void
compose_list_free(struct compose_list *l)
{
	if (l == NULL)
		return;
	for (size_t i = 0; i < l->n; i++) {
		struct compose_project *p = &l->v[i];

		for (size_t m = 0; m < p->n_members; m++) {
			free(p->members[m].id);
			free(p->members[m].name);
			free(p->members[m].service);
			free(p->members[m].number);
			free(p->members[m].state);
			strv_free(p->members[m].volumes);
		}
		free(p->members);
		free(p->name);
		free(p->working_dir);
		strv_free(p->config_files);
		strv_free(p->services);
		strv_free(p->volumes);
		strv_free(p->networks);
		strv_free(p->network_ids);
	}
	free(l->v);
	free(l);
}

const struct compose_project *
compose_find(const struct compose_list *l, const char *name)
{
	for (size_t i = 0; l && name && i < l->n; i++)
		if (strcmp(l->v[i].name, name) == 0)
			return &l->v[i];
	return NULL;
}

static const struct docker_volume *
compose_volume(const struct docker_volume_list *vl, const char *name)
{
	for (size_t i = 0; vl && i < vl->n; i++)
		if (vl->v[i].name && strcmp(vl->v[i].name, name) == 0)
			return &vl->v[i];
	return NULL;
}

/* 64 lower-case hex digits: the name the engine gives a volume. */
static bool
compose_engine_name(const char *s)
{
	size_t n = 0;

	for (; s[n]; n++)
		if (!((s[n] >= '0' && s[n] <= '9') ||
			(s[n] >= 'a' && s[n] <= 'f')))
			return false;
	return n == 64;
}

static bool
compose_is_anon(const struct docker_volume_list *vl, const char *name)
{
	const struct docker_volume *v = compose_volume(vl, name);

	if (v && kvlist_get(&v->labels, COMPOSE_ANON_VOLUME))
		return true;
	if (v && kvlist_get(&v->labels, COMPOSE_PROJECT))
		return false;
	return compose_engine_name(name);
}

/* The members' volumes that are anonymous (anon) or else not the project's. */
static char **
compose_member_volumes(const struct compose_project *p,
    const struct docker_volume_list *vl, bool anon)
{
	char **out = xcalloc(1, sizeof *out);

	for (size_t m = 0; m < p->n_members; m++)
		for (char **v = p->members[m].volumes; v && *v; v++) {
			if (compose_is_anon(vl, *v) != anon)
				continue;
			if (!anon && compose_has(p->volumes, *v))
				continue;
			compose_add_once(&out, *v);
		}
	return out;
}

char **
compose_anon_volumes(
    const struct compose_project *p, const struct docker_volume_list *vl)
{
	return compose_member_volumes(p, vl, true);
}

char **
compose_other_volumes(
    const struct compose_project *p, const struct docker_volume_list *vl)
{
	return compose_member_volumes(p, vl, false);
}
