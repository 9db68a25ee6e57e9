/* The store's requests, replies and coalescing. */

#include "tui/core/store.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/calls.h"
#include "api/decode.h"
#include "api/xalloc.h"

/* How a slot is fetched, decoded and freed, and what to call it. */
struct store_slot {
	const char *name; /* for errors: "containers: ..." */
	kind_list_fn *fetch;
	void *(*decode)(const char *, size_t, char **);
	void (*free)(void *);
};

/* The engine's own answers, decoded and freed through their own types. */
#define STORE_FNS(NAME, DECODE, TYPE, FREE)                                    \
	static void *NAME##_decode(const char *b, size_t n, char **cause)      \
	{                                                                      \
		return DECODE(b, n, cause);                                    \
	}                                                                      \
	static void NAME##_free(void *p)                                       \
	{                                                                      \
		FREE((TYPE *)p);                                               \
	}

STORE_FNS(store_info, decode_info, struct docker_info, docker_info_free)
STORE_FNS(
    store_version, decode_version, struct docker_version, docker_version_free)
STORE_FNS(store_df, decode_df, struct docker_df, docker_df_free)

/* The engine's own answers; the kinds' lists are in the kind registry. */
static const struct store_slot store_engine_slots[STORE__COUNT - KIND__COUNT] =
    {
	[STORE_INFO - KIND__COUNT] = {"info", docker_system_info,
	    store_info_decode, store_info_free},
	[STORE_VERSION - KIND__COUNT] = {"version", docker_system_version,
	    store_version_decode, store_version_free},
	[STORE_DF - KIND__COUNT] = {"disk usage", docker_system_df,
	    store_df_decode, store_df_free},
};

/* Slot k's row; its fetch is NULL for a kind without a list. */
static struct store_slot
store_slot(enum store_kind k)
{
	const struct kind_info *row;

	if ((int)k >= KIND__COUNT)
		return store_engine_slots[k - KIND__COUNT];
	row = kind_get((enum kind)k);
	return (struct store_slot){
	    row->plural, row->list, row->decode, row->free};
}

double
store_sooner(double a, double b)
{
	if (a == 0)
		return b;
	if (b == 0)
		return a;
	return a < b ? a : b;
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
	if (s->slot[k])
		store_slot(k).free(s->slot[k]);
	s->slot[k] = NULL;
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
	void *v = store_slot(k).decode(body, len, cause);

	if (v == NULL)
		return false;
	store_clear(s, k);
	s->slot[k] = v;
	return true;
}

static void store_send(struct store *, enum store_kind);

/* A decoder's cause, named after the list unless it names it already. */
static char *
store_decode_error(enum store_kind k, const char *cause)
{
	const char *name = store_slot(k).name;
	size_t n = strlen(name);

	if (strncmp(cause, name, n) == 0 && cause[n] == ':')
		return xstrdup(cause);
	return xasprintf("%s: %s", name, cause);
}

/*
 * A failed list is not asked for again before a while, longer each time.
 * When the engine answered (an error status, an answer that cannot be
 * read or is too big) it is asked again then; when it could not be
 * reached, the engine's link coming back asks for it.
 */
static void
store_back_off(struct store *s, enum store_kind k, enum docker_status st)
{
	bool answered = st == DOCKER_OK || st == DOCKER_ERR_HTTP ||
			st == DOCKER_ERR_DECODE || st == DOCKER_ERR_TOO_BIG;
	double delay = STORE_RETRY_MIN, now = store_now();

	for (unsigned i = 0; i < s->fails[k] && delay < STORE_RETRY_MAX; i++)
		delay *= 2;
	if (delay > STORE_RETRY_MAX)
		delay = STORE_RETRY_MAX;
	if (s->fails[k] < 64)
		s->fails[k]++;
	s->retry_at[k] = now + delay;
	if (answered && (s->wanted[k] || s->loaded[k]))
		store_refresh_soon(s, k, now, delay);
}

bool
store_backing_off(const struct store *s, enum store_kind k, double now)
{
	return s->retry_at[k] > now;
}

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
		s->error[k] = store_decode_error(k, cause);
		free(cause);
	} else {
		s->loaded[k] = true;
		s->last[k] = store_now();
		s->rtt[k] = s->last[k] - s->sent[k];
		s->fails[k] = 0;
		s->retry_at[k] = 0;
	}
	if (s->error[k])
		store_back_off(s, k, r->status);
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
	s->sent[k] = store_now();
	q->kind = k;
	s->call[k] = store_slot(k).fetch(s->d, store_on_reply, q);
}

void
store_refresh(struct store *s, enum store_kind k)
{
	s->due[k] = 0;
	if (store_slot(k).fetch == NULL)
		return; /* a kind without a list of its own */
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
	if (store_containers(s) == NULL || id == NULL)
		return NULL;
	for (size_t i = 0; i < store_containers(s)->n; i++)
		if (strcmp(store_containers(s)->v[i].id, id) == 0)
			return &store_containers(s)->v[i];
	return NULL;
}

const struct docker_image *
store_image(const struct store *s, const char *id)
{
	if (store_images(s) == NULL || id == NULL)
		return NULL;
	for (size_t i = 0; i < store_images(s)->n; i++)
		if (strcmp(store_images(s)->v[i].id, id) == 0)
			return &store_images(s)->v[i];
	return NULL;
}

const char *
store_name_of(const struct store *s, enum kind k, const char *id)
{
	const struct kind_info *row = kind_get(k);

	if (id == NULL || row->name_of == NULL || row->slot < 0)
		return NULL;
	return row->name_of(s->slot[row->slot], id);
}
