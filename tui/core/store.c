/* The store's requests, replies and coalescing. */

#include "tui/core/store.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/calls.h"
#include "api/decode.h"
#include "api/xalloc.h"

/*
 * One row per store slot: how its list is fetched and decoded, where it is
 * kept. The kinds of objects name their slot in the kind registry.
 */
struct store_slot {
	const char *name; /* for errors: "containers: ..." */
	struct docker_call *(*fetch)(struct docker *, docker_done_fn *, void *);
	void *(*decode)(const char *, size_t, char **);
	void (*free)(void *);
	size_t offset; /* of the slot's pointer in struct store */
};

#define STORE_SLOT(NAME, FETCH, DECODE, FREE, FIELD)                           \
	{                                                                      \
		NAME, FETCH, (void *(*)(const char *, size_t, char **))DECODE, \
		    (void (*)(void *))FREE, offsetof(struct store, FIELD)      \
	}

static const struct store_slot store_slots[STORE__COUNT] = {
    [STORE_CONTAINERS] = STORE_SLOT("containers", docker_container_list,
	decode_container_list, docker_container_list_free, containers),
    [STORE_IMAGES] = STORE_SLOT("images", docker_image_list, decode_image_list,
	docker_image_list_free, images),
    [STORE_VOLUMES] = STORE_SLOT("volumes", docker_volume_list,
	decode_volume_list, docker_volume_list_free, volumes),
    [STORE_NETWORKS] = STORE_SLOT("networks", docker_network_list,
	decode_network_list, docker_network_list_free, networks),
    [STORE_INFO] = STORE_SLOT(
	"info", docker_system_info, decode_info, docker_info_free, info),
    [STORE_VERSION] = STORE_SLOT("version", docker_system_version,
	decode_version, docker_version_free, version),
    [STORE_DF] = STORE_SLOT(
	"disk usage", docker_system_df, decode_df, docker_df_free, df),
};

static void **
store_field(struct store *s, enum store_kind k)
{
	return (void **)((char *)s + store_slots[k].offset);
}

double
store_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void
store_init(struct store *s, struct docker *d, store_changed_fn *fn, void *arg)
{
	memset(s, 0, sizeof *s);
	s->d = d;
	s->changed = fn;
	s->arg = arg;
}

static void
store_clear(struct store *s, enum store_kind k)
{
	void **f = store_field(s, k);

	store_slots[k].free(*f);
	*f = NULL;
}

void
store_done(struct store *s)
{
	for (int k = 0; k < STORE__COUNT; k++) {
		if (s->call[k])
			docker_cancel(s->d, s->call[k]);
		store_clear(s, (enum store_kind)k);
		free(s->error[k]);
	}
	memset(s, 0, sizeof *s);
}

/* Decodes body into the slot for k. Returns false with *cause. */
static bool
store_decode(struct store *s, enum store_kind k, const char *body, size_t len,
    char **cause)
{
	void *v = store_slots[k].decode(body, len, cause);

	if (v == NULL)
		return false;
	store_clear(s, k);
	*store_field(s, k) = v;
	return true;
}

static void store_send(struct store *, enum store_kind);

static void
store_on_reply(const struct docker_reply *r, void *arg)
{
	struct store_req *q = arg;
	struct store *s = q->s;
	enum store_kind k = q->kind;
	char *cause = NULL;

	s->call[k] = NULL;
	free(s->error[k]);
	s->error[k] = NULL;
	if (r->status != DOCKER_OK)
		s->error[k] = xstrdup(
		    r->message ? r->message : docker_status_str(r->status));
	else if (!store_decode(s, k, r->body, r->len, &cause)) {
		s->error[k] = xasprintf("%s: %s", store_slots[k].name, cause);
		free(cause);
	} else {
		s->loaded[k] = true;
		s->last[k] = store_now();
	}
	s->gen[k]++;
	if (s->changed)
		s->changed(s->arg, k);
	if (s->again[k]) {
		s->again[k] = false;
		store_send(s, k);
	}
}

static void
store_send(struct store *s, enum store_kind k)
{
	struct store_req *q = &s->req[k];

	q->s = s;
	q->kind = k;
	s->call[k] = store_slots[k].fetch(s->d, store_on_reply, q);
}

void
store_refresh(struct store *s, enum store_kind k)
{
	s->due[k] = 0;
	if (s->call[k]) {
		s->again[k] = true;
		return;
	}
	store_send(s, k);
}

void
store_refresh_soon(struct store *s, enum store_kind k, double now, double delay)
{
	if (s->due[k] == 0 || s->due[k] > now + delay)
		s->due[k] = now + delay;
}

void
store_refresh_all(struct store *s)
{
	for (int k = 0; k < STORE__COUNT; k++)
		if (s->loaded[k] || s->wanted[k])
			store_refresh(s, (enum store_kind)k);
}

void
store_tick(struct store *s, double now)
{
	for (int k = 0; k < STORE__COUNT; k++)
		if (s->due[k] != 0 && s->due[k] <= now)
			store_refresh(s, (enum store_kind)k);
}

double
store_next_due(const struct store *s)
{
	double next = 0;

	for (int k = 0; k < STORE__COUNT; k++)
		if (s->due[k] != 0 && (next == 0 || s->due[k] < next))
			next = s->due[k];
	return next;
}

const struct docker_container *
store_container(const struct store *s, const char *id)
{
	if (s->containers == NULL || id == NULL)
		return NULL;
	for (size_t i = 0; i < s->containers->n; i++)
		if (strcmp(s->containers->v[i].id, id) == 0)
			return &s->containers->v[i];
	return NULL;
}

const struct docker_image *
store_image(const struct store *s, const char *id)
{
	if (s->images == NULL || id == NULL)
		return NULL;
	for (size_t i = 0; i < s->images->n; i++)
		if (strcmp(s->images->v[i].id, id) == 0)
			return &s->images->v[i];
	return NULL;
}
