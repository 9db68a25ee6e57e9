/*
 * Fuzz target for the compose project deriver (api/compose.c): engine
 * lists, decoded as the store holds them, turned into projects. Besides
 * not crashing, what comes out must hold together: counts within the
 * members, members of their project only, services sorted and unique,
 * projects sorted by name.
 *
 * Input: the containers list (/containers/json), then optionally a NUL
 * and the volumes list (/volumes), then a NUL and the networks list.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/compose.h"
#include "api/decode.h"
#include "api/model.h"
#include "api/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* The next NUL-ended part of the input; *len is its length. */
static const char *
next_part(const char **p, const char *end, size_t *len)
{
	const char *s = *p, *nul;

	if (s >= end) {
		*len = 0;
		return NULL;
	}
	nul = memchr(s, '\0', (size_t)(end - s));
	*len = nul ? (size_t)(nul - s) : (size_t)(end - s);
	*p = nul ? nul + 1 : end;
	return s;
}

static void
check_project(const struct compose_project *p,
    const struct docker_container_list *cl, const struct docker_volume_list *vl)
{
	char **anon, **other;

	if (p->running > p->n_members || p->paused > p->running ||
	    p->healthy + p->unhealthy + p->starting > p->n_members ||
	    p->name[0] == '\0' ||
	    strv_len(p->networks) != strv_len(p->network_ids))
		abort();
	for (size_t i = 1; i < strv_len(p->services); i++)
		if (strcmp(p->services[i - 1], p->services[i]) >= 0)
			abort();
	/* Every member is a container labelled with this project. */
	for (size_t m = 0; m < p->n_members; m++) {
		bool found = false;

		for (size_t c = 0; cl && c < cl->n && !found; c++) {
			const char *proj =
			    kvlist_get(&cl->v[c].labels, COMPOSE_PROJECT);

			found = strcmp(cl->v[c].id ? cl->v[c].id : "",
				    p->members[m].id) == 0 &&
				proj && strcmp(proj, p->name) == 0;
		}
		if (!found)
			abort();
	}
	anon = compose_anon_volumes(p, vl);
	other = compose_other_volumes(p, vl);
	for (size_t i = 0; anon[i]; i++)
		for (size_t j = 0; other[j]; j++)
			if (strcmp(anon[i], other[j]) == 0)
				abort();
	strv_free(anon);
	strv_free(other);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size, *s;
	struct docker_container_list *cl = NULL;
	struct docker_volume_list *vl = NULL;
	struct docker_network_list *nl = NULL;
	struct compose_list *l;
	char *cause = NULL;
	size_t len;

	if ((s = next_part(&p, end, &len)) != NULL)
		cl = decode_container_list(s, len, &cause);
	free(cause);
	cause = NULL;
	if ((s = next_part(&p, end, &len)) != NULL)
		vl = decode_volume_list(s, len, &cause);
	free(cause);
	cause = NULL;
	if ((s = next_part(&p, end, &len)) != NULL)
		nl = decode_network_list(s, len, &cause);
	free(cause);
	l = compose_projects(cl, vl, nl);
	for (size_t i = 0; i < l->n; i++) {
		check_project(&l->v[i], cl, vl);
		if (i > 0 && strcmp(l->v[i - 1].name, l->v[i].name) >= 0)
			abort();
		if (compose_find(l, l->v[i].name) != &l->v[i])
			abort();
	}
	compose_list_free(l);
	docker_container_list_free(cl);
	docker_volume_list_free(vl);
	docker_network_list_free(nl);
	return 0;
}
