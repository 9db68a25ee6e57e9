/*
 * What the console keeps for panes and views while berth runs (a
 * container's stats history), and which engine events berth's own requests
 * caused (the processes tab's top polls).
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/arith.h"
#include "api/vec.h"
#include "api/xalloc.h"
#include "tui/core/console.h"
#include "tui/core/console_priv.h"

/* Requests noted and not yet seen as events: a few per open view. */
#define KEEP_PENDING_MAX 64
/* An event this long after its request is not the request's. */
#define KEEP_PENDING_S 10.0
/* Events marked berth's: more than the events ring holds. */
#define KEEP_OWN_MAX 4096

struct keep_entry {
	struct engine *e;
	char *what, *key;
	void *data;
	void (*free_fn)(void *);
	unsigned long used; /* the oldest goes first */
};

struct keep_pending {
	struct engine *e;
	char *action, *id;
	double sent;
};

/* One event berth caused: its engine, time and object. */
struct keep_own {
	struct engine *e;
	int64_t time_nano;
	char id[72];
};

struct console_keep {
	struct keep_entry v[CONSOLE_KEEP_MAX];
	size_t n;
	unsigned long clock;
	struct keep_pending pending[KEEP_PENDING_MAX];
	size_t n_pending;
	/* By time_nano: events arrive in order, so appending keeps it. */
	struct keep_own *own;
	size_t n_own;
};

static double
keep_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* An event's time; old engines give seconds only. */
static int64_t
keep_event_time(const struct docker_event *ev)
{
	return ev->time_nano ? ev->time_nano
			     : arith_mul(ev->time, 1000000000LL);
}

static struct console_keep *
keep_of(struct console *a)
{
	if (a->keep == NULL)
		a->keep = xcalloc(1, sizeof *a->keep);
	return a->keep;
}

static void
keep_drop_at(struct console_keep *k, size_t i)
{
	struct keep_entry *x = &k->v[i];

	if (x->free_fn)
		x->free_fn(x->data);
	free(x->what);
	free(x->key);
	k->v[i] = k->v[--k->n];
}

static struct keep_entry *
keep_find(struct console_keep *k, const struct engine *e, const char *what,
    const char *key)
{
	for (size_t i = 0; i < k->n; i++)
		if (k->v[i].e == e && strcmp(k->v[i].what, what) == 0 &&
		    strcmp(k->v[i].key, key) == 0)
			return &k->v[i];
	return NULL;
}

void
console_keep(struct console *a, struct engine *e, const char *what,
    const char *key, void *data, void (*free_fn)(void *))
{
	struct console_keep *k = keep_of(a);
	struct keep_entry *x = keep_find(k, e, what, key);

	if (x != NULL) {
		if (x->data != data && x->free_fn)
			x->free_fn(x->data);
	} else {
		if (k->n == CONSOLE_KEEP_MAX) {
			size_t old = 0;

			for (size_t i = 1; i < k->n; i++)
				if (k->v[i].used < k->v[old].used)
					old = i;
			keep_drop_at(k, old);
		}
		x = &k->v[k->n++];
		x->e = e;
		x->what = xstrdup(what);
		x->key = xstrdup(key);
	}
	x->data = data;
	x->free_fn = free_fn;
	x->used = ++k->clock;
}

void *
console_kept(
    struct console *a, struct engine *e, const char *what, const char *key)
{
	struct keep_entry *x;

	if (a->keep == NULL || (x = keep_find(a->keep, e, what, key)) == NULL)
		return NULL;
	x->used = ++a->keep->clock;
	return x->data;
}

void *
console_take(
    struct console *a, struct engine *e, const char *what, const char *key)
{
	struct keep_entry *x;
	void *data;

	if (a->keep == NULL || (x = keep_find(a->keep, e, what, key)) == NULL)
		return NULL;
	data = x->data;
	x->free_fn = NULL;
	keep_drop_at(a->keep, (size_t)(x - a->keep->v));
	return data;
}

void
console_own_request(
    struct console *a, struct engine *e, const char *action, const char *id)
{
	struct console_keep *k = keep_of(a);
	struct keep_pending *p;

	if (k->n_pending == KEEP_PENDING_MAX) {
		free(k->pending[0].action);
		free(k->pending[0].id);
		memmove(k->pending, k->pending + 1,
		    (k->n_pending - 1) * sizeof *k->pending);
		k->n_pending--;
	}
	p = &k->pending[k->n_pending++];
	p->e = e;
	p->action = xstrdup(action);
	p->id = xstrdup(id);
	p->sent = keep_now();
}

/* The index of the first own event at or after t. */
static size_t
keep_own_lower(const struct console_keep *k, int64_t t)
{
	size_t lo = 0, hi = k->n_own;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (k->own[mid].time_nano < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

bool
console_event_own(
    struct console *a, struct engine *e, const struct docker_event *ev)
{
	const struct console_keep *k = a->keep;

	if (k == NULL || k->n_own == 0 || ev->actor_id == NULL)
		return false;
	int64_t t = keep_event_time(ev);

	for (size_t i = keep_own_lower(k, t);
	     i < k->n_own && k->own[i].time_nano == t; i++)
		if (k->own[i].e == e && strncmp(k->own[i].id, ev->actor_id,
					    sizeof k->own[i].id - 1) == 0)
			return true;
	return false;
}

/* ev was caused by berth: remember it, in time order. */
static void
keep_mark_own(
    struct console_keep *k, struct engine *e, const struct docker_event *ev)
{
	size_t at;

	if (k->own == NULL)
		k->own = xcalloc(KEEP_OWN_MAX, sizeof *k->own);
	if (k->n_own == KEEP_OWN_MAX) {
		/* The oldest half goes: the ring has dropped them by now. */
		memmove(k->own, k->own + KEEP_OWN_MAX / 2,
		    (KEEP_OWN_MAX - KEEP_OWN_MAX / 2) * sizeof *k->own);
		k->n_own -= KEEP_OWN_MAX / 2;
	}
	at = keep_own_lower(k, arith_add(keep_event_time(ev), 1));
	memmove(k->own + at + 1, k->own + at, (k->n_own - at) * sizeof *k->own);
	k->own[at].e = e;
	k->own[at].time_nano = keep_event_time(ev);
	snprintf(k->own[at].id, sizeof k->own[at].id, "%s", ev->actor_id);
	k->n_own++;
}

void
console_keep_event(
    struct console *a, struct engine *e, const struct docker_event *ev)
{
	struct console_keep *k = a->keep;
	double now;

	if (k == NULL || ev->action == NULL || ev->actor_id == NULL)
		return;
	if (strcmp(ev->action, "destroy") == 0)
		for (size_t i = k->n; i-- > 0;)
			if (k->v[i].e == e &&
			    strcmp(k->v[i].key, ev->actor_id) == 0)
				keep_drop_at(k, i);
	now = keep_now();
	for (size_t i = 0; i < k->n_pending; i++) {
		struct keep_pending *p = &k->pending[i];

		if (now - p->sent > KEEP_PENDING_S) {
			/* Never came (an engine that reports no such event). */
			free(p->action);
			free(p->id);
			*p = k->pending[--k->n_pending];
			i--;
			continue;
		}
		/* A view may name its object by a short id. */
		if (p->e != e || strcmp(p->action, ev->action) != 0 ||
		    strncmp(p->id, ev->actor_id, strlen(p->id)) != 0)
			continue;
		keep_mark_own(k, e, ev);
		free(p->action);
		free(p->id);
		*p = k->pending[--k->n_pending];
		return;
	}
}

void
console_keep_engine_gone(struct console *a, struct engine *e)
{
	struct console_keep *k = a->keep;
	size_t n = 0;

	if (k == NULL)
		return;
	for (size_t i = k->n; i-- > 0;)
		if (k->v[i].e == e)
			keep_drop_at(k, i);
	for (size_t i = k->n_pending; i-- > 0;)
		if (k->pending[i].e == e) {
			free(k->pending[i].action);
			free(k->pending[i].id);
			k->pending[i] = k->pending[--k->n_pending];
		}
	for (size_t i = 0; i < k->n_own; i++)
		if (k->own[i].e != e)
			k->own[n++] = k->own[i];
	k->n_own = n;
}

void
console_keep_free(struct console *a)
{
	struct console_keep *k = a->keep;

	if (k == NULL)
		return;
	while (k->n)
		keep_drop_at(k, k->n - 1);
	for (size_t i = 0; i < k->n_pending; i++) {
		free(k->pending[i].action);
		free(k->pending[i].id);
	}
	free(k->own);
	free(k);
	a->keep = NULL;
}
