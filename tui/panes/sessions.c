/*
 * The sessions pane: every exec session on the engine, running or
 * finished, kept live by the exec events and fetched only while shown.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/calls.h"
#include "api/decode.h"
#include "api/inspect.h"
#include "api/xalloc.h"
#include "themes/theme.h"
#include "tui/core/console.h"
#include "tui/core/fmt.h"
#include "tui/panes/panes.h"

/* A full pass over the containers while shown, in case events were lost. */
#define SESSIONS_SAFETY_S 30.0
/* Finished sessions kept per container; the oldest go first. */
#define SESSIONS_KEEP 50
/* Health check sessions recently recognised, to ignore their later events. */
#define SESSIONS_IGNORED 64
/* The shortest id prefix that names a session berth opened. */
#define SESSIONS_SHORT_ID 12

enum {
	COL_EXEC,
	COL_CONTAINER,
	COL_COMMAND,
	COL_USER,
	COL_TTY,
	COL_STATE,
	COL_PID,
	COL_EXIT,
	COL_BY,
	COL__COUNT
};

static const struct table_col sessions_cols[COL__COUNT] = {
    [COL_EXEC] = {"EXEC", 12, 12, 3, false},
    [COL_CONTAINER] = {"CONTAINER", 10, 28, 0, false},
    [COL_COMMAND] = {"COMMAND", 12, 0, 0, false},
    [COL_USER] = {"USER", 4, 14, 2, false},
    [COL_TTY] = {"TTY", 3, 3, 4, false},
    [COL_STATE] = {"STATE", 7, 8, 0, false},
    [COL_PID] = {"PID", 3, 8, 2, true},
    [COL_EXIT] = {"EXIT", 4, 4, 1, true},
    [COL_BY] = {"BY", 5, 5, 5, false},
};

struct sess_exec {
	char *id;
	char *cid; /* the container's id */
	char *command; /* entrypoint and arguments, or NULL */
	char *user; /* NULL: the container's user */
	bool tty;
	bool running;
	bool exited; /* exit_code is known */
	bool forgotten; /* the engine no longer knows it */
	bool detailed; /* /exec/{id}/json answered at least once */
	int pid;
	int exit_code;
};

struct sess_ctr {
	char *id;
	char *name;
	char *user; /* Config.User, "" for root */
	char *health; /* the health check's command, or NULL */
	bool stale; /* its execs may have changed */
	bool busy; /* an inspect is in flight */
	bool again; /* and another one was asked for */
};

/* One request in flight: a container's inspect or an exec's. */
struct sess_call {
	struct pane *p;
	struct docker_call *call;
	char *cid;
	char *eid; /* NULL for a container inspect */
	struct sess_call *next;
};

struct sessions_priv {
	struct sess_exec *ex;
	size_t n_ex;
	struct sess_ctr *ctr;
	size_t n_ctr;
	struct sess_call *calls;
	unsigned seen_gen; /* the containers generation scanned */
	bool scanned;
	double next_safety;
	char *ignored[SESSIONS_IGNORED]; /* health check exec ids */
	size_t ignored_next;
	char **ours; /* sessions (and containers) berth opened, as told */
	size_t n_ours;
	char sub[96];
};

static void sessions_fetch_ctr(struct pane *, struct sess_ctr *);

/*
 * Whether berth opened this exec session or attached to this container
 * during this run (a full id or a prefix of at least 12 characters).
 */
static bool
sessions_ours(const struct sessions_priv *sp, const char *id)
{
	size_t n = strlen(id);

	for (size_t i = 0; i < sp->n_ours; i++) {
		size_t m = strlen(sp->ours[i]);

		if (strcmp(sp->ours[i], id) == 0)
			return true;
		/* Short ids may be told; 12 characters are unique enough. */
		if (n >= SESSIONS_SHORT_ID && m >= SESSIONS_SHORT_ID &&
		    strncmp(sp->ours[i], id, n < m ? n : m) == 0)
			return true;
	}
	return false;
}

/* The attach action tells which sessions it opened ("ours"). */
static long
sessions_receive(struct pane *p, const char *what, const char *data, size_t len)
{
	struct sessions_priv *sp = p->priv;
	char *id;

	if (strcmp(what, "ours") != 0)
		return -1;
	if (data == NULL || len == 0)
		return 0;
	id = xstrndup(data, len);
	if (sessions_ours(sp, id)) {
		free(id);
		return 0;
	}
	sp->ours = xreallocarray(sp->ours, sp->n_ours + 1, sizeof *sp->ours);
	sp->ours[sp->n_ours++] = id;
	p->dirty = true;
	return 1;
}

static struct sess_exec *
sessions_exec(struct sessions_priv *sp, const char *id)
{
	for (size_t i = 0; i < sp->n_ex; i++)
		if (strcmp(sp->ex[i].id, id) == 0)
			return &sp->ex[i];
	return NULL;
}

static struct sess_exec *
sessions_exec_add(struct sessions_priv *sp, const char *id, const char *cid)
{
	struct sess_exec *x = sessions_exec(sp, id);

	if (x)
		return x;
	sp->ex = xreallocarray(sp->ex, sp->n_ex + 1, sizeof *sp->ex);
	x = &sp->ex[sp->n_ex++];
	memset(x, 0, sizeof *x);
	x->id = xstrdup(id);
	x->cid = xstrdup(cid);
	x->exit_code = -1;
	return x;
}

static void
sessions_exec_clear(struct sess_exec *x)
{
	free(x->id);
	free(x->cid);
	free(x->command);
	free(x->user);
}

static void
sessions_exec_remove(struct sessions_priv *sp, size_t i)
{
	sessions_exec_clear(&sp->ex[i]);
	memmove(
	    &sp->ex[i], &sp->ex[i + 1], (sp->n_ex - i - 1) * sizeof *sp->ex);
	sp->n_ex--;
}

static bool
sessions_ignored(const struct sessions_priv *sp, const char *eid)
{
	for (size_t i = 0; i < SESSIONS_IGNORED; i++)
		if (sp->ignored[i] && strcmp(sp->ignored[i], eid) == 0)
			return true;
	return false;
}

static void
sessions_ignore(struct sessions_priv *sp, const char *eid)
{
	if (sessions_ignored(sp, eid))
		return;
	free(sp->ignored[sp->ignored_next]);
	sp->ignored[sp->ignored_next] = xstrdup(eid);
	sp->ignored_next = (sp->ignored_next + 1) % SESSIONS_IGNORED;
}

/*
 * The engine runs health checks as exec sessions, one per interval: they
 * are not what this pane is for, so they are dropped and remembered.
 */
static void
sessions_drop_health(
    struct sessions_priv *sp, const char *cid, const char *health)
{
	for (size_t i = 0; health && i < sp->n_ex;) {
		if (strcmp(sp->ex[i].cid, cid) == 0 && sp->ex[i].command &&
		    strcmp(sp->ex[i].command, health) == 0) {
			sessions_ignore(sp, sp->ex[i].id);
			sessions_exec_remove(sp, i);
		} else
			i++;
	}
}

/* Keeps the newest SESSIONS_KEEP finished sessions of a container. */
static void
sessions_trim(struct sessions_priv *sp, const char *cid)
{
	size_t done = 0;

	for (size_t i = 0; i < sp->n_ex; i++)
		if (strcmp(sp->ex[i].cid, cid) == 0 && !sp->ex[i].running)
			done++;
	for (size_t i = 0; i < sp->n_ex && done > SESSIONS_KEEP;) {
		if (strcmp(sp->ex[i].cid, cid) == 0 && !sp->ex[i].running) {
			sessions_exec_remove(sp, i);
			done--;
		} else
			i++;
	}
}

static struct sess_ctr *
sessions_ctr(struct sessions_priv *sp, const char *id)
{
	for (size_t i = 0; i < sp->n_ctr; i++)
		if (strcmp(sp->ctr[i].id, id) == 0)
			return &sp->ctr[i];
	return NULL;
}

static struct sess_ctr *
sessions_ctr_add(struct sessions_priv *sp, const char *id, const char *name)
{
	struct sess_ctr *c = sessions_ctr(sp, id);

	if (c == NULL) {
		sp->ctr =
		    xreallocarray(sp->ctr, sp->n_ctr + 1, sizeof *sp->ctr);
		c = &sp->ctr[sp->n_ctr++];
		memset(c, 0, sizeof *c);
		c->id = xstrdup(id);
		c->stale = true;
	}
	if (name && *name && (c->name == NULL || strcmp(c->name, name))) {
		free(c->name);
		c->name = xstrdup(name);
	}
	return c;
}

/* The container went away: so do its sessions and its requests. */
static void
sessions_forget_ctr(struct pane *p, const char *id)
{
	struct sessions_priv *sp = p->priv;
	struct docker *d = p->engine->d;
	struct sess_call **cp = &sp->calls;
	size_t k = 0;

	while (*cp) {
		struct sess_call *c = *cp;

		if (strcmp(c->cid, id) == 0) {
			*cp = c->next;
			docker_cancel(d, c->call);
			free(c->cid);
			free(c->eid);
			free(c);
		} else
			cp = &c->next;
	}
	for (size_t i = 0; i < sp->n_ex; i++) {
		if (strcmp(sp->ex[i].cid, id) == 0)
			sessions_exec_clear(&sp->ex[i]);
		else
			sp->ex[k++] = sp->ex[i];
	}
	sp->n_ex = k;
	k = 0;
	for (size_t i = 0; i < sp->n_ctr; i++) {
		if (strcmp(sp->ctr[i].id, id) == 0) {
			free(sp->ctr[i].id);
			free(sp->ctr[i].name);
			free(sp->ctr[i].user);
			free(sp->ctr[i].health);
		} else
			sp->ctr[k++] = sp->ctr[i];
	}
	sp->n_ctr = k;
	p->dirty = true;
}

static struct sess_call *
sessions_call_new(struct pane *p, const char *cid, const char *eid)
{
	struct sessions_priv *sp = p->priv;
	struct sess_call *c = xcalloc(1, sizeof *c);

	c->p = p;
	c->cid = xstrdup(cid);
	c->eid = xstrdup_or_null(eid);
	c->next = sp->calls;
	sp->calls = c;
	return c;
}

/* Unlinks and frees a finished call (its docker_call is already gone). */
static void
sessions_call_done(struct sess_call *c)
{
	struct sessions_priv *sp = c->p->priv;
	struct sess_call **cp = &sp->calls;

	while (*cp && *cp != c)
		cp = &(*cp)->next;
	if (*cp)
		*cp = c->next;
	free(c->cid);
	free(c->eid);
	free(c);
}

static char *
sessions_command(const struct docker_exec *x)
{
	char *args = strv_join(x->arguments, " "), *r;

	r = xasprintf("%s%s%s", x->entrypoint ? x->entrypoint : "",
	    *args ? " " : "", args);
	free(args);
	return r;
}

static void
sessions_on_exec(const struct docker_reply *r, void *arg)
{
	struct sess_call *c = arg;
	struct pane *p = c->p;
	struct sessions_priv *sp = p->priv;
	struct sess_exec *x = sessions_exec(sp, c->eid);
	struct sess_ctr *ctr;
	struct docker_exec *dx;
	char *cause = NULL;

	if (x == NULL) {
		sessions_call_done(c);
		return;
	}
	if (r->status != DOCKER_OK) {
		/* The engine forgets finished sessions after a while. */
		if (r->http_status == 404) {
			x->forgotten = true;
			x->running = false;
		}
		sessions_call_done(c);
		p->dirty = true;
		console_dirty(p->app);
		return;
	}
	dx = decode_exec(r->body, r->len, &cause);
	if (dx) {
		free(x->command);
		x->command = sessions_command(dx);
		free(x->user);
		x->user = xstrdup_or_null(dx->user);
		x->tty = dx->tty;
		x->running = dx->running;
		if (dx->pid > 0)
			x->pid = dx->pid;
		if (!dx->running && dx->exit_code >= 0) {
			x->exit_code = dx->exit_code;
			x->exited = true;
		}
		x->detailed = true;
		docker_exec_free(dx);
		ctr = sessions_ctr(sp, x->cid);
		if (ctr && ctr->health)
			sessions_drop_health(sp, ctr->id, ctr->health);
	}
	free(cause);
	sessions_call_done(c);
	p->dirty = true;
	console_dirty(p->app);
}

static void
sessions_fetch_exec(struct pane *p, const char *cid, const char *eid)
{
	struct sessions_priv *sp = p->priv;
	struct sess_call *c;

	for (c = sp->calls; c; c = c->next)
		if (c->eid && strcmp(c->eid, eid) == 0)
			return;
	c = sessions_call_new(p, cid, eid);
	c->call = docker_exec_inspect(p->engine->d, eid, sessions_on_exec, c);
}

static bool
sessions_listed(char *const *ids, const char *id)
{
	for (size_t i = 0; ids && ids[i]; i++)
		if (strcmp(ids[i], id) == 0)
			return true;
	return false;
}

static void
sessions_on_ctr(const struct docker_reply *r, void *arg)
{
	struct sess_call *c = arg;
	struct pane *p = c->p;
	struct sessions_priv *sp = p->priv;
	struct sess_ctr *ctr = sessions_ctr(sp, c->cid);
	struct docker_container_detail *dt;
	char *cause = NULL, *cid = xstrdup(c->cid);

	sessions_call_done(c);
	if (ctr == NULL) {
		free(cid);
		return;
	}
	ctr->busy = false;
	if (r->status != DOCKER_OK) {
		if (r->http_status == 404)
			sessions_forget_ctr(p, cid);
		else
			console_error(p->app, "sessions: %s",
			    r->message ? r->message
				       : docker_status_str(r->status));
		free(cid);
		console_dirty(p->app);
		return;
	}
	dt = decode_container_detail(r->body, r->len, &cause);
	if (dt == NULL) {
		console_error(p->app, "sessions: %s", cause);
		free(cause);
		free(cid);
		return;
	}
	sessions_ctr_add(sp, cid, dt->name);
	ctr = sessions_ctr(sp, cid);
	free(ctr->user);
	ctr->user = xstrdup(dt->user ? dt->user : "");
	free(ctr->health);
	ctr->health = inspect_health_command(r->body, r->len);
	sessions_drop_health(sp, cid, ctr->health);
	for (size_t i = 0; dt->exec_ids && dt->exec_ids[i]; i++) {
		struct sess_exec *x;

		if (sessions_ignored(sp, dt->exec_ids[i]))
			continue;
		x = sessions_exec_add(sp, dt->exec_ids[i], cid);
		if (!x->exited || !x->detailed)
			sessions_fetch_exec(p, cid, x->id);
	}
	/*
	 * The container lists only sessions that have not ended; the engine
	 * still answers for an ended one by its id for a while. Ask about
	 * those that ended unseen, or that only events told us about.
	 */
	for (size_t i = 0; i < sp->n_ex; i++) {
		struct sess_exec *x = &sp->ex[i];

		if (strcmp(x->cid, cid) == 0 && !x->forgotten &&
		    (!x->exited || !x->detailed) &&
		    !sessions_listed(dt->exec_ids, x->id))
			sessions_fetch_exec(p, cid, x->id);
	}
	docker_container_detail_free(dt);
	sessions_trim(sp, cid);
	ctr = sessions_ctr(sp, cid);
	if (ctr && ctr->again) {
		ctr->again = false;
		sessions_fetch_ctr(p, ctr);
	}
	free(cid);
	p->dirty = true;
	console_dirty(p->app);
}

static void
sessions_fetch_ctr(struct pane *p, struct sess_ctr *ctr)
{
	struct sess_call *c;

	ctr->stale = false;
	if (ctr->busy) {
		ctr->again = true;
		return;
	}
	ctr->busy = true;
	c = sessions_call_new(p, ctr->id, NULL);
	c->call =
	    docker_container_inspect(p->engine->d, ctr->id, sessions_on_ctr, c);
}

static bool
sessions_live_state(const char *state)
{
	/* Only a running container has sessions to find. */
	return state &&
	       (strcmp(state, "running") == 0 || strcmp(state, "paused") == 0 ||
		   strcmp(state, "restarting") == 0);
}

/*
 * Matches the known containers with the store's list: new running ones
 * and those that left the list are looked at. all: look at every running
 * container again (the first pass, the safety net).
 */
static void
sessions_scan(struct pane *p, bool all)
{
	struct sessions_priv *sp = p->priv;
	const struct store *s = &p->engine->store;

	if (!s->loaded[STORE_CONTAINERS] || store_containers(s) == NULL)
		return;
	sp->seen_gen = s->gen[STORE_CONTAINERS];
	/*
	 * One that left the list is asked about: a 404 drops it (the list
	 * may also be older than the events that told us about it).
	 */
	for (size_t i = 0; i < sp->n_ctr; i++)
		if (store_container(s, sp->ctr[i].id) == NULL)
			sp->ctr[i].stale = true;
	for (size_t i = 0; i < store_containers(s)->n; i++) {
		const struct docker_container *c = &store_containers(s)->v[i];
		struct sess_ctr *ctr = sessions_ctr(sp, c->id);

		if (!sessions_live_state(c->state))
			continue;
		if (ctr == NULL || all)
			sessions_ctr_add(sp, c->id, c->name)->stale = true;
	}
	for (size_t i = 0; i < sp->n_ctr; i++)
		if (sp->ctr[i].stale)
			sessions_fetch_ctr(p, &sp->ctr[i]);
	sp->scanned = true;
	p->dirty = true;
}

static void
sessions_visible(struct pane *p, bool on)
{
	struct sessions_priv *sp = p->priv;

	if (!on)
		return;
	sessions_scan(p, !sp->scanned);
	sp->next_safety = store_now() + SESSIONS_SAFETY_S;
}

static double
sessions_tick(struct pane *p, double now)
{
	struct sessions_priv *sp = p->priv;
	const struct store *s = &p->engine->store;

	if (!p->visible)
		return 0;
	if (now >= sp->next_safety) {
		sessions_scan(p, true);
		sp->next_safety = now + SESSIONS_SAFETY_S;
	} else if (!sp->scanned || sp->seen_gen != s->gen[STORE_CONTAINERS])
		sessions_scan(p, !sp->scanned);
	return sp->next_safety;
}

static bool
sessions_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static void
sessions_event(struct pane *p, const struct docker_event *e)
{
	struct sessions_priv *sp = p->priv;
	const char *a = e->action, *cid = e->actor_id;
	const char *name = kvlist_get(&e->attrs, "name");
	struct sess_ctr *ctr;

	if (e->type == NULL || strcmp(e->type, "container") != 0 || a == NULL ||
	    cid == NULL)
		return;
	if (strcmp(a, "destroy") == 0) {
		if (sessions_ctr(sp, cid))
			sessions_forget_ctr(p, cid);
		return;
	}
	if (sessions_prefix(a, "exec_")) {
		const char *eid = kvlist_get(&e->attrs, "execID");
		const char *cmd = strstr(a, ": ");

		/* A health check: nothing to show, nothing to ask. */
		ctr = sessions_ctr(sp, cid);
		if (eid && (sessions_ignored(sp, eid) ||
			       (cmd && ctr && ctr->health &&
				   strcmp(cmd + 2, ctr->health) == 0))) {
			sessions_ignore(sp, eid);
			return;
		}
		if (eid && *eid) {
			struct sess_exec *x = sessions_exec_add(sp, eid, cid);

			/* What the event says is all there is while hidden. */
			if (cmd && x->command == NULL)
				x->command = xstrdup(cmd + 2);
			if (sessions_prefix(a, "exec_start"))
				x->running = true;
			else if (sessions_prefix(a, "exec_die")) {
				const char *code =
				    kvlist_get(&e->attrs, "exitCode");

				x->running = false;
				if (code && *code) {
					x->exit_code = atoi(code);
					x->exited = true;
				}
			}
		}
		sessions_trim(sp, cid);
		ctr = sessions_ctr_add(sp, cid, name);
		ctr->stale = true;
	} else if (strcmp(a, "die") == 0 || strcmp(a, "start") == 0) {
		/* A stopped container's sessions are gone with it. */
		if ((ctr = sessions_ctr(sp, cid)) == NULL)
			return;
		ctr->stale = true;
	} else
		return;
	if (p->visible)
		sessions_fetch_ctr(p, ctr);
	p->dirty = true;
}

static const char *
sessions_cname(struct pane *p, const struct sess_exec *x, char *buf, size_t len)
{
	struct sessions_priv *sp = p->priv;
	const struct sess_ctr *ctr = sessions_ctr(sp, x->cid);
	const struct docker_container *c;

	if (ctr && ctr->name)
		return ctr->name;
	if ((c = store_container(&p->engine->store, x->cid)) != NULL && c->name)
		return c->name;
	fmt_short_id(buf, len, x->cid);
	return buf;
}

static void
sessions_sync(struct pane *p)
{
	struct sessions_priv *sp = p->priv;

	for (size_t i = 0; i < sp->n_ex; i++) {
		const struct sess_exec *x = &sp->ex[i];
		const struct sess_ctr *ctr = sessions_ctr(sp, x->cid);
		struct pane_row *r = pane_add_row(p, x->id);
		char buf[80];
		const char *user = x->user;
		const char *state;
		int role;

		fmt_short_id(buf, sizeof buf, x->id);
		pane_cell(p, r, COL_EXEC, buf);
		pane_cell(
		    p, r, COL_CONTAINER, sessions_cname(p, x, buf, sizeof buf));
		pane_cell(p, r, COL_COMMAND, x->command ? x->command : "?");
		/* No user given: the container's, which defaults to root. */
		if ((user == NULL || *user == '\0') && x->detailed)
			user =
			    ctr && ctr->user && *ctr->user ? ctr->user : "root";
		pane_cell(p, r, COL_USER, user ? user : "");
		pane_cell(
		    p, r, COL_TTY, x->detailed ? x->tty ? "yes" : "no" : "");
		if (x->running) {
			state = "running";
			role = THEME_ROLE_RUNNING;
		} else if (x->exited) {
			state = "exited";
			role = x->exit_code == 0 ? THEME_ROLE_STOPPED
						 : THEME_ROLE_WARN;
		} else if (x->forgotten || x->pid > 0) {
			state = "ended";
			role = THEME_ROLE_STOPPED;
		} else {
			state = "created";
			role = THEME_ROLE_DIM;
		}
		pane_cell(p, r, COL_STATE, state);
		pane_role(p, r, COL_STATE, role);
		if (x->pid > 0)
			pane_cellf(p, r, COL_PID, "%d", x->pid);
		else
			pane_cell(p, r, COL_PID, "-");
		pane_key(p, r, COL_PID, x->pid);
		if (x->exited) {
			pane_cellf(p, r, COL_EXIT, "%d", x->exit_code);
			if (x->exit_code != 0)
				pane_role(p, r, COL_EXIT, THEME_ROLE_WARN);
		} else
			pane_cell(p, r, COL_EXIT, "-");
		pane_key(p, r, COL_EXIT, x->exited ? x->exit_code : -1);
		/* The sessions this berth opened. */
		pane_cell(
		    p, r, COL_BY, sessions_ours(sp, x->id) ? "berth" : "");
	}
}

static const char *
sessions_empty(struct pane *p)
{
	struct sessions_priv *sp = p->priv;
	const struct store *s = &p->engine->store;

	if (s->error[STORE_CONTAINERS])
		return s->error[STORE_CONTAINERS];
	if (!s->loaded[STORE_CONTAINERS] || (sp->calls && sp->n_ex == 0))
		return "looking for exec sessions…";
	return "no exec sessions (e in the containers pane starts one)";
}

static const char *
sessions_subtitle(struct pane *p)
{
	struct sessions_priv *sp = p->priv;
	size_t run = 0;

	for (size_t i = 0; i < sp->n_ex; i++)
		if (sp->ex[i].running)
			run++;
	snprintf(sp->sub, sizeof sp->sub, "%zu running, %zu finished", run,
	    sp->n_ex - run);
	return sp->sub;
}

static const struct sess_exec *
sessions_selected(struct pane *p)
{
	const char *id = pane_selected_id(p);

	return id ? sessions_exec(p->priv, id) : NULL;
}

/*
 * A session's row is its exec (inspect shows it; exec and attach go to
 * the action modules, which act on its container: sessions_object); Enter,
 * logs, stats and processes are of the container it runs in.
 */
static enum action
sessions_handle(struct pane *p, enum action a)
{
	const struct sess_exec *x = sessions_selected(p);
	char buf[80], *cid, *name;

	switch (a) {
	case ACTION_ENTER:
	case ACTION_PROCESSES:
	case ACTION_LOGS:
	case ACTION_STATS:
		break;
	default:
		return a;
	}
	if (x == NULL) {
		console_info(p->app, "nothing selected");
		return ACTION_NONE;
	}
	cid = xstrdup(x->cid);
	name = xstrdup(sessions_cname(p, x, buf, sizeof buf));
	if (a == ACTION_ENTER) {
		/* The container's row, in its own pane. */
		if (!console_show_object(p->app, KIND_CONTAINER, cid))
			console_info(p->app, "%s is not in the list", name);
	} else
		console_open_detail(p->app, p->engine, KIND_CONTAINER, cid,
		    name,
		    a == ACTION_LOGS    ? TAB_LOGS
		    : a == ACTION_STATS ? TAB_STATS
					: TAB_TOP);
	free(cid);
	free(name);
	return ACTION_NONE;
}

/*
 * The container the selected session runs in: exec and attach act on it
 * (another session in the same container).
 */
static enum kind
sessions_object(struct pane *p, const char **id)
{
	const struct sess_exec *x = sessions_selected(p);

	*id = x ? x->cid : NULL;
	return x ? KIND_CONTAINER : KIND_NONE;
}

static void
sessions_close(struct pane *p)
{
	struct sessions_priv *sp = p->priv;
	struct docker *d = p->engine->d;

	while (sp->calls) {
		struct sess_call *c = sp->calls;

		sp->calls = c->next;
		docker_cancel(d, c->call);
		free(c->cid);
		free(c->eid);
		free(c);
	}
	for (size_t i = 0; i < sp->n_ex; i++)
		sessions_exec_clear(&sp->ex[i]);
	free(sp->ex);
	for (size_t i = 0; i < sp->n_ctr; i++) {
		free(sp->ctr[i].id);
		free(sp->ctr[i].name);
		free(sp->ctr[i].user);
		free(sp->ctr[i].health);
	}
	free(sp->ctr);
	for (size_t i = 0; i < SESSIONS_IGNORED; i++)
		free(sp->ignored[i]);
	for (size_t i = 0; i < sp->n_ours; i++)
		free(sp->ours[i]);
	free(sp->ours);
}

const struct pane_ops sessions_pane_ops = {
    .name = "sessions",
    .alias = "s",
    .title = "Exec sessions",
    .kind = KIND_EXEC,
    .flags = PANE_FILTERABLE,
    .priv_size = sizeof(struct sessions_priv),
    .cols = sessions_cols,
    .ncols = COL__COUNT,
    .wants = SLOT_BIT(STORE_CONTAINERS),
    .default_sort = COL_CONTAINER,
    .close = sessions_close,
    .visible = sessions_visible,
    .sync = sessions_sync,
    .subtitle = sessions_subtitle,
    .empty_text = sessions_empty,
    .tick = sessions_tick,
    .handle = sessions_handle,
    .handle_event = sessions_event,
    .object = sessions_object,
    .receive = sessions_receive,
};
