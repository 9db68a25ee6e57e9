/* The store's requests, replies and coalescing. */

#include "tui/core/store.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/decode.h"
#include "api/xalloc.h"

static const char *const store_paths[STORE__COUNT] = {
    [STORE_CONTAINERS] = "/containers/json?all=1",
    [STORE_IMAGES] = "/images/json",
    [STORE_VOLUMES] = "/volumes",
    [STORE_NETWORKS] = "/networks",
    [STORE_INFO] = "/info",
    [STORE_VERSION] = "/version",
    [STORE_DF] = "/system/df",
};

static const char *const store_names[STORE__COUNT] = {
    [STORE_CONTAINERS] = "containers",
    [STORE_IMAGES] = "images",
    [STORE_VOLUMES] = "volumes",
    [STORE_NETWORKS] = "networks",
    [STORE_INFO] = "info",
    [STORE_VERSION] = "version",
    [STORE_DF] = "disk usage",
};

double
store_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

const char *
store_kind_name(enum store_kind k)
{
	return k < STORE__COUNT ? store_names[k] : "?";
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
	switch (k) {
	case STORE_CONTAINERS:
		docker_container_list_free(s->containers);
		s->containers = NULL;
		break;
	case STORE_IMAGES:
		docker_image_list_free(s->images);
		s->images = NULL;
		break;
	case STORE_VOLUMES:
		docker_volume_list_free(s->volumes);
		s->volumes = NULL;
		break;
	case STORE_NETWORKS:
		docker_network_list_free(s->networks);
		s->networks = NULL;
		break;
	case STORE_INFO:
		docker_info_free(s->info);
		s->info = NULL;
		break;
	case STORE_VERSION:
		docker_version_free(s->version);
		s->version = NULL;
		break;
	case STORE_DF:
		docker_df_free(s->df);
		s->df = NULL;
		break;
	case STORE__COUNT:
		break;
	}
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
	void *v = NULL;

	switch (k) {
	case STORE_CONTAINERS:
		v = decode_container_list(body, len, cause);
		break;
	case STORE_IMAGES:
		v = decode_image_list(body, len, cause);
		break;
	case STORE_VOLUMES:
		v = decode_volume_list(body, len, cause);
		break;
	case STORE_NETWORKS:
		v = decode_network_list(body, len, cause);
		break;
	case STORE_INFO:
		v = decode_info(body, len, cause);
		break;
	case STORE_VERSION:
		v = decode_version(body, len, cause);
		break;
	case STORE_DF:
		v = decode_df(body, len, cause);
		break;
	case STORE__COUNT:
		break;
	}
	if (v == NULL)
		return false;
	store_clear(s, k);
	switch (k) {
	case STORE_CONTAINERS:
		s->containers = v;
		break;
	case STORE_IMAGES:
		s->images = v;
		break;
	case STORE_VOLUMES:
		s->volumes = v;
		break;
	case STORE_NETWORKS:
		s->networks = v;
		break;
	case STORE_INFO:
		s->info = v;
		break;
	case STORE_VERSION:
		s->version = v;
		break;
	case STORE_DF:
		s->df = v;
		break;
	case STORE__COUNT:
		break;
	}
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
		s->error[k] = xasprintf("%s: %s", store_names[k], cause);
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
	s->call[k] = docker_get(s->d, store_paths[k], store_on_reply, q);
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

bool
store_busy(const struct store *s)
{
	for (int k = 0; k < STORE__COUNT; k++)
		if (s->call[k] || s->due[k] != 0)
			return true;
	return false;
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
