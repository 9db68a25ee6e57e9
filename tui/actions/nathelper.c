/*
 * The NAT helper container: asked for (image, confirmation), then created,
 * started, waited for, read and removed, one step per engine answer, with
 * a deadline and one audit line per run. What it printed goes to the pane
 * through its receive op ("conntrack"), and so does whether one runs
 * ("helper"): the pane and this file know nothing else of each other.
 */

#include "tui/actions/nathelper.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/buf.h"
#include "api/calls.h"
#include "api/conntrack.h"
#include "api/create.h"
#include "api/decode.h"
#include "api/stream.h"
#include "api/xalloc.h"
#include "tui/core/audit.h"
#include "tui/core/console.h"
#include "widgets/form.h"

#define NATHELPER_WAIT_S 60.0 /* the helper gets this long to finish */
#define NATHELPER_LABEL "org.berth.helper=nat"

enum nathelper_step {
	NATHELPER_IDLE, /* asked, or done */
	NATHELPER_CREATE,
	NATHELPER_START,
	NATHELPER_WAIT,
	NATHELPER_LOGS,
};

/* One run, a console job from the question until it is cleaned up. */
struct nathelper {
	struct console *c;
	struct pane *p; /* takes the table */
	struct engine *e; /* runs the helper: the pane's */
	char *image;
	char *name; /* berth-nat-helper-RANDOM */
	char *id;
	enum nathelper_step step;
	struct docker_call *call;
	struct docker_call *sweep; /* the list of helpers left behind */
	double deadline;
	struct nathelper *next; /* the runs going on */
};

static struct nathelper *nathelper_runs;
/* The image of the last run, offered again. */
static char *nathelper_last_image;

static void nathelper_step(struct nathelper *, const struct docker_reply *);

static void
nathelper_delete_cb(const struct docker_reply *r, void *arg)
{
	struct console *c = arg;

	if (r->status != DOCKER_OK && r->http_status != 404)
		console_error(c, "nat helper: remove: %s",
		    r->message ? r->message : docker_status_str(r->status));
}

/* Removes a helper container whatever state it is in. */
static void
nathelper_delete(struct nathelper *h, const char *id)
{
	docker_container_remove(
	    h->e->d, id, true, true, nathelper_delete_cb, h->c);
}

/* Stops the run's requests and removes its container. */
static void
nathelper_stop(struct nathelper *h)
{
	if (h->call) {
		docker_cancel(h->e->d, h->call);
		h->call = NULL;
	}
	if (h->id) {
		nathelper_delete(h, h->id);
		free(h->id);
		h->id = NULL;
	}
	h->step = NATHELPER_IDLE;
}

/* The job ends once the run is over and the sweep has answered. */
static void
nathelper_done(struct nathelper *h)
{
	nathelper_stop(h);
	pane_receive(h->p, "helper", "done", 4);
	if (h->sweep == NULL)
		console_end_job(h->c, h);
}

static void
nathelper_free(void *arg)
{
	struct nathelper *h = arg;
	struct nathelper **hp = &nathelper_runs;

	nathelper_stop(h);
	if (h->sweep)
		docker_cancel(h->e->d, h->sweep);
	while (*hp && *hp != h)
		hp = &(*hp)->next;
	if (*hp)
		*hp = h->next;
	free(h->image);
	free(h->name);
	free(h);
}

/* One audit line per run: it creates and removes a container. */
static void
nathelper_audit(struct nathelper *h, const char *result)
{
	char *act = xasprintf("nat-helper %s", h->image ? h->image : "");

	audit_log(h->c, h->e, act, h->name ? h->name : "", result);
	free(act);
}

static void
nathelper_fail(struct nathelper *h, const char *what, const char *why)
{
	char *res = xasprintf("error: %s: %s", what, why);

	nathelper_audit(h, res);
	free(res);
	console_error(h->c, "nat helper: %s: %s", what, why);
	nathelper_done(h);
}

static double
nathelper_tick(void *arg, double now)
{
	struct nathelper *h = arg;

	if (h->step != NATHELPER_WAIT)
		return 0;
	if (now >= h->deadline) {
		nathelper_fail(h, "wait", "the helper did not finish in time");
		return 0;
	}
	return h->deadline;
}

static const struct console_job_ops nathelper_job_ops = {
    .tick = nathelper_tick,
    .free = nathelper_free,
};

static void
nathelper_cb(const struct docker_reply *r, void *arg)
{
	struct nathelper *h = arg;
	struct console *c = h->c;

	/* The step may end the run, and free h. */
	h->call = NULL;
	nathelper_step(h, r);
	console_dirty(c);
}

static void
nathelper_demux(enum demux_stream s, const char *data, size_t len, void *arg)
{
	struct buf *b = arg;

	if (s == DEMUX_STDOUT || s == DEMUX_STDERR)
		buf_append(b, data, len);
}

/* The helper's output: the table, for the pane; then it goes. */
static void
nathelper_read(struct nathelper *h, const struct docker_reply *r)
{
	struct buf out;
	struct demux dm;
	long n;
	char *res;

	buf_init(&out);
	demux_init(&dm, false, nathelper_demux, &out);
	demux_feed(&dm, r->body, r->len);
	n = pane_receive(h->p, "conntrack", buf_cstr(&out), out.len);
	buf_done(&out);
	if (n < 0)
		n = 0;
	console_ok(h->c, "nat helper: %ld NAT sessions read", n);
	res = xasprintf("ok (%ld NAT sessions read; removed)", n);
	nathelper_audit(h, res);
	free(res);
	nathelper_done(h);
}

static void
nathelper_step(struct nathelper *h, const struct docker_reply *r)
{
	static const char *const what[] = {
	    "idle", "create", "start", "wait", "logs"};
	static const struct docker_logs_opts logs = {.out = true, .err = true};
	struct docker *d = h->e->d;
	char *cause = NULL;

	if (r->status != DOCKER_OK) {
		nathelper_fail(h, what[h->step],
		    r->message ? r->message : docker_status_str(r->status));
		return;
	}
	switch (h->step) {
	case NATHELPER_CREATE:
		h->id = decode_id(r->body, r->len, &cause);
		if (h->id == NULL) {
			nathelper_fail(h, "create", cause ? cause : "no id");
			free(cause);
			return;
		}
		h->step = NATHELPER_START;
		h->call = docker_container_act(
		    d, h->id, DOCKER_VERB_START, NULL, nathelper_cb, h);
		return;
	case NATHELPER_START:
		h->step = NATHELPER_WAIT;
		h->deadline = store_now() + NATHELPER_WAIT_S;
		h->call = docker_container_act(
		    d, h->id, DOCKER_VERB_WAIT, NULL, nathelper_cb, h);
		return;
	case NATHELPER_WAIT:
		h->step = NATHELPER_LOGS;
		h->call = docker_container_logs(
		    d, h->id, &logs, NULL, nathelper_cb, h);
		return;
	case NATHELPER_LOGS:
		nathelper_read(h, r);
		return;
	case NATHELPER_IDLE:
		return;
	}
}

/*
 * Removes helpers left behind (berth quit while one ran): every container
 * with the helper's label but the one being made now.
 */
static void
nathelper_on_list(const struct docker_reply *r, void *arg)
{
	struct nathelper *h = arg;
	struct docker_container_list *l;
	char *cause = NULL;

	h->sweep = NULL;
	if (r->status == DOCKER_OK &&
	    (l = decode_container_list(r->body, r->len, &cause)) != NULL) {
		for (size_t i = 0; i < l->n; i++)
			if (!(h->name && l->v[i].name &&
				strcmp(l->v[i].name, h->name) == 0))
				nathelper_delete(h, l->v[i].id);
		docker_container_list_free(l);
	}
	free(cause);
	if (h->step == NATHELPER_IDLE)
		console_end_job(h->c, h);
}

static void
nathelper_sweep(struct nathelper *h)
{
	char key[] = "label", value[] = NATHELPER_LABEL;
	struct kv kv = {.key = key, .value = value};
	struct kvlist filter = {.v = &kv, .n = 1};
	char *cause = NULL, *json = create_filters_json(&filter, &cause);

	if (json)
		h->sweep = docker_container_list_filtered(
		    h->e->d, json, false, nathelper_on_list, h);
	free(json);
	free(cause);
}

/* Creates the helper; the answers take it through the steps. */
static void
nathelper_create(struct nathelper *h)
{
	char *body = conntrack_helper_body(h->image), rnd[9];
	unsigned v;

	if (body == NULL) {
		console_error(h->c, "nat helper: bad image name");
		console_end_job(h->c, h);
		return;
	}
	v = (unsigned)time(NULL) ^ ((unsigned)clock() << 12) ^
	    (unsigned)(uintptr_t)h;
	snprintf(rnd, sizeof rnd, "%08x", v);
	h->name = xasprintf("berth-nat-helper-%s", rnd);
	nathelper_sweep(h);
	h->step = NATHELPER_CREATE;
	h->call =
	    docker_container_create(h->e->d, h->name, body, nathelper_cb, h);
	pane_receive(h->p, "helper", "running", 7);
	console_info(h->c, "nat helper: starting %s", h->image);
	free(body);
}

static void
nathelper_answer(struct console *c, bool yes, void *arg)
{
	struct nathelper *h = arg;

	if (!yes) {
		nathelper_audit(h, "cancelled");
		console_end_job(c, h);
		return;
	}
	/* The action was checked; the answer comes later: check again. */
	if (console_read_only(c, h->e)) {
		console_error(c, "read-only mode: nat-helper refused");
		nathelper_audit(h, "refused: read-only");
		console_end_job(c, h);
		return;
	}
	nathelper_create(h);
}

static void
nathelper_ask(struct console *c, struct pane *p, const char *image)
{
	struct nathelper *h = xcalloc(1, sizeof *h);
	const char *engine = docker_endpoint(p->engine->d)->host_arg;
	char *lines[7];

	free(nathelper_last_image);
	nathelper_last_image = xstrdup(image);
	h->c = c;
	h->p = p;
	h->e = p->engine;
	h->image = xstrdup(image);
	h->next = nathelper_runs;
	nathelper_runs = h;
	console_start_job(c, &nathelper_job_ops, h);
	lines[0] = xasprintf("Run a short-lived container on %s to read the "
			     "host's connection tracking table?",
	    engine);
	lines[1] = xasprintf("image: %s", image);
	lines[2] = xstrdup("with: --network host --cap-add NET_ADMIN "
			   "--userns host --user 0");
	lines[3] = xstrdup("command: cat /proc/net/nf_conntrack");
	lines[4] = xstrdup("It is removed once its output is read; it "
			   "changes nothing on the host.");
	lines[5] = xstrdup("The image is not pulled: it must be on the "
			   "engine and have cat.");
	lines[6] = NULL;
	console_confirm(c, "NAT helper container", lines, nathelper_answer, h);
	for (size_t i = 0; lines[i]; i++)
		free(lines[i]);
}

/* The image prompt, when the config names none. */
struct nathelper_prompt {
	struct console *c;
	struct pane *p;
	struct form f;
};

static bool
nathelper_prompt_key(void *arg, int key)
{
	struct nathelper_prompt *pr = arg;
	enum form_result r = form_key(&pr->f, key);
	const char *img;

	if (r == FORM_CANCELLED)
		return false;
	if (r != FORM_SUBMIT)
		return true;
	img = form_text(&pr->f, 0);
	while (*img == ' ')
		img++;
	if (*img == '\0') {
		form_set_error(&pr->f, 0, "an image with cat, e.g. busybox");
		return true;
	}
	nathelper_ask(pr->c, pr->p, img);
	return false;
}

static void
nathelper_prompt_draw(void *arg, WINDOW *w, int h, int wd)
{
	struct nathelper_prompt *pr = arg;

	form_draw(&pr->f, w);
}

static void
nathelper_prompt_free(void *arg)
{
	struct nathelper_prompt *pr = arg;

	form_done(&pr->f);
	free(pr);
}

static const struct console_overlay_ops nathelper_prompt_ops = {
    .key = nathelper_prompt_key,
    .draw = nathelper_prompt_draw,
    .free = nathelper_prompt_free,
};

/* A local image that has cat, to offer first: busybox or alpine. */
static const char *
nathelper_guess_image(const struct store *s)
{
	for (size_t i = 0; store_images(s) && i < store_images(s)->n; i++)
		for (char **t = store_images(s)->v[i].repo_tags; t && *t; t++)
			if (strstr(*t, "busybox") || strstr(*t, "alpine"))
				return *t;
	return "busybox";
}

bool
nathelper_run(struct console *c, struct pane *p)
{
	const struct config *cfg = console_config(c);
	struct nathelper_prompt *pr;

	if (pane_receive(p, "conntrack", NULL, 0) < 0)
		return false;
	for (struct nathelper *h = nathelper_runs; h; h = h->next)
		if (h->p == p && h->step != NATHELPER_IDLE) {
			console_info(c, "nat helper: already running");
			return true;
		}
	if (cfg->nat_helper_image && *cfg->nat_helper_image) {
		nathelper_ask(c, p, cfg->nat_helper_image);
		return true;
	}
	pr = xcalloc(1, sizeof *pr);
	pr->c = c;
	pr->p = p;
	form_init(&pr->f, "NAT helper: image to run (set nat-helper-image)");
	form_add_text(&pr->f, "image",
	    nathelper_last_image ? nathelper_last_image
				 : nathelper_guess_image(&p->engine->store));
	console_push_overlay(c, &nathelper_prompt_ops, pr);
	return true;
}
