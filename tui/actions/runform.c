/* The run form and the volume and network create forms. */

#include "tui/actions/runform.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "api/calls.h"
#include "api/create.h"
#include "api/decode.h"
#include "api/docker.h"
#include "api/endpoint.h"
#include "api/xalloc.h"
#include "themes/theme.h"
#include "tui/actions/runform_parse.h"
#include "tui/actions/attach.h"
#include "tui/core/audit.h"
#include "tui/core/console.h"
#include "widgets/box.h"
#include "widgets/form.h"
#include "widgets/key.h"
#include "widgets/text.h"

/* How long attach waits for the container list to see the start. */
#define RUNFORM_ATTACH_WAIT_S 5
#define RUNFORM_ATTACH_POLL_S 0.1
/* An engine error on a field's line: the field's width, about. */
#define RUNFORM_FIELD_ERROR_MAX 46
/* The engine counts CPUs in billionths. */
#define RUNFORM_NANO_CPU 1000000000LL

enum runform_state {
	RFS_LOADING, /* reading the container to copy */
	RFS_EDIT,
	RFS_BUSY, /* the engine is at work */
	RFS_ATTACH /* started: attach at the next tick */
};

/* The create forms' fields. */
enum { VF_NAME, VF_DRIVER, VF_OPTIONS, VF_LABELS };
enum {
	NF_NAME,
	NF_DRIVER,
	NF_SUBNET,
	NF_GATEWAY,
	NF_OPTIONS,
	NF_LABELS,
	NF_INTERNAL
};

struct runform {
	struct console *app;
	struct engine *engine; /* the one the submit changes */
	/* What the form makes: a container (run), a volume or a network. */
	enum kind kind;
	enum runform_state state;
	struct form form;
	bool has_form;
	char *source; /* the container being copied, for the screen */
	struct docker_call *call;
	struct docker_container_detail *detail;
	char *id; /* the container created */
	char *what; /* names the object for messages and audit */
	char *start_error; /* the start failure, while removing */
	bool attach;
	double attach_by; /* attach even if the list lags after this */
};

static bool runform_key(void *, int);
static void runform_draw(void *, WINDOW *, int, int);
static double runform_tick(void *, double);
static void runform_free(void *);

static const struct console_overlay_ops runform_ops = {
    .key = runform_key,
    .draw = runform_draw,
    .tick = runform_tick,
    .free = runform_free,
};

static struct runform *
runform_new(struct console *a, struct engine *e, enum kind kind)
{
	struct runform *rf = xcalloc(1, sizeof *rf);

	rf->app = a;
	rf->engine = e;
	rf->kind = kind;
	return rf;
}

static void runform_set_title(struct runform *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

static void
runform_set_title(struct runform *rf, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	free(rf->form.title);
	rf->form.title = xvasprintf(fmt, ap);
	va_end(ap);
}

static void
runform_build_run(struct runform *rf, const char *title)
{
	static const char *const labels[RF__COUNT] = {
	    [RF_IMAGE] = "Image",
	    [RF_NAME] = "Name",
	    [RF_COMMAND] = "Command",
	    [RF_ENTRYPOINT] = "Entrypoint",
	    [RF_ENV] = "Env (K=V, ...)",
	    [RF_PORTS] = "Ports (8080:80, ...)",
	    [RF_MOUNTS] = "Mounts (vol:/dir:ro)",
	    [RF_NETWORK] = "Network",
	    [RF_RESTART] = "Restart policy",
	    [RF_WORKDIR] = "Working dir",
	    [RF_USER] = "User",
	    [RF_TTY] = "TTY",
	    [RF_INTERACTIVE] = "Interactive",
	    [RF_AUTO_REMOVE] = "Remove on exit",
	    [RF_LABELS] = "Labels (k=v, ...)",
	    [RF_MEMORY] = "Memory (64m, 1g)",
	    [RF_CPUS] = "CPUs (0.5, 2)",
	    [RF_ATTACH] = "Attach after start",
	};

	form_init(&rf->form, title);
	rf->has_form = true;
	for (int i = 0; i < RF__COUNT; i++) {
		if (i == RF_TTY || i == RF_INTERACTIVE || i == RF_AUTO_REMOVE ||
		    i == RF_ATTACH)
			form_add_check(&rf->form, labels[i], false);
		else
			form_add_text(&rf->form, labels[i], "");
	}
}

static void
runform_set(struct runform *rf, enum runform_field f, const char *text)
{
	prompt_set(&rf->form.fields[f].prompt, text ? text : "");
}

static void
runform_check(struct runform *rf, size_t f, bool on)
{
	rf->form.fields[f].on = on;
}

/* Fills the form from a container and the image it came from (or NULL). */
static void
runform_fill(struct runform *rf, const struct docker_container_detail *c,
    const struct docker_image_detail *im)
{
	struct runform_fill f;

	runform_fill_from(&f, c, im);
	for (int i = 0; i < RF__COUNT; i++) {
		if (rf->form.fields[i].kind == FORM_TEXT && f.text[i])
			runform_set(rf, (enum runform_field)i, f.text[i]);
		else if (rf->form.fields[i].kind != FORM_TEXT)
			runform_check(rf, (size_t)i, f.on[i]);
	}
	runform_fill_done(&f);
	form_focus(&rf->form, RF_NAME);
}

static void
runform_on_image(const struct docker_reply *r, void *arg)
{
	struct runform *rf = arg;
	struct docker_image_detail *im = NULL;
	char *cause = NULL;

	rf->call = NULL;
	if (r->status == DOCKER_OK)
		im = decode_image_detail(r->body, r->len, &cause);
	free(cause);
	runform_fill(rf, rf->detail, im);
	docker_image_detail_free(im);
	docker_container_detail_free(rf->detail);
	rf->detail = NULL;
	rf->state = RFS_EDIT;
	console_dirty(rf->app);
}

static void
runform_on_inspect(const struct docker_reply *r, void *arg)
{
	struct runform *rf = arg;
	char *cause = NULL;
	const char *img;

	rf->call = NULL;
	if (r->status == DOCKER_OK)
		rf->detail = decode_container_detail(r->body, r->len, &cause);
	if (rf->detail == NULL) {
		console_error(rf->app, "run: %s: %s", rf->source,
		    r->message ? r->message
		    : cause    ? cause
			       : "unreadable");
		free(cause);
		console_close_overlay(rf->app);
		return;
	}
	img = rf->detail->image_id && *rf->detail->image_id
		  ? rf->detail->image_id
		  : rf->detail->image;
	rf->call = docker_image_inspect(
	    rf->engine->d, img ? img : "", runform_on_image, rf);
	console_dirty(rf->app);
}

/* The tag to offer for an image: one matching the pane's filter, or latest. */
static char *
runform_image_ref(const struct pane *p, const struct docker_image *im)
{
	char *const *t = im->repo_tags;

	if (t == NULL || t[0] == NULL)
		return xstrdup(im->id);
	/* Latest among those that match the filter, then latest, then any. */
	for (int pass = 0; pass < 4; pass++)
		for (size_t i = 0; t[i]; i++) {
			size_t n = strlen(t[i]);
			bool latest =
			    n > 7 && strcmp(t[i] + n - 7, ":latest") == 0;
			bool match = p->filter && !p->filter_inverse &&
				     strstr(t[i], p->filter) != NULL;

			if ((pass == 0 && match && latest) ||
			    (pass == 1 && match) || (pass == 2 && latest) ||
			    pass == 3)
				return xstrdup(t[i]);
		}
	return xstrdup(im->id);
}

bool
runform_open(struct console *a, struct pane *p)
{
	const char *id = pane_selected_id(p);
	struct engine *e = pane_selected_engine(p);
	struct runform *rf;
	bool ctr = p->ops->kind == KIND_CONTAINER;

	if (!ctr && p->ops->kind != KIND_IMAGE)
		return false;
	if (e->read_only) {
		console_error(a, "read-only mode: run refused");
		audit_log(a, e, "run", NULL, "refused: read-only");
		return true;
	}
	/* The lists Tab completes from. */
	if (!e->store.loaded[STORE_IMAGES])
		store_refresh(&e->store, STORE_IMAGES);
	if (!e->store.loaded[STORE_NETWORKS])
		store_refresh(&e->store, STORE_NETWORKS);
	rf = runform_new(a, e, KIND_CONTAINER);
	if (ctr && id != NULL) {
		const struct docker_container *c =
		    store_container(&e->store, id);

		rf->source = xstrdup(c && c->name ? c->name : id);
		runform_build_run(rf, "");
		runform_set_title(rf, "Run another like %s", rf->source);
		rf->state = RFS_LOADING;
		rf->call =
		    docker_container_inspect(e->d, id, runform_on_inspect, rf);
	} else {
		const struct docker_image *im =
		    id ? store_image(&e->store, id) : NULL;
		char *ref = im ? runform_image_ref(p, im) : NULL;

		runform_build_run(rf, "Run a container");
		rf->state = RFS_EDIT;
		if (ref) {
			runform_set(rf, RF_IMAGE, ref);
			runform_set_title(rf, "Run %s", ref);
			form_focus(&rf->form, RF_NAME);
		}
		free(ref);
	}
	console_push_overlay(a, &runform_ops, rf);
	return true;
}

/* Tab in the image or network field: complete from the local lists. */
static bool
runform_complete(struct runform *rf)
{
	const struct store *s = &rf->engine->store;
	size_t f = rf->form.focus, nhits = 0, lcp = 0;
	char *text, *first = NULL, **hits = NULL;
	bool changed = false;

	if (rf->kind != KIND_CONTAINER || (f != RF_IMAGE && f != RF_NETWORK))
		return false;
	text = xstrdup(form_text(&rf->form, f));
	if (*text == '\0') {
		free(text);
		return false;
	}
	if (f == RF_IMAGE && store_images(s)) {
		for (size_t i = 0; i < store_images(s)->n; i++)
			for (char **t = store_images(s)->v[i].repo_tags;
			     t && *t; t++)
				if (strncmp(*t, text, strlen(text)) == 0)
					strv_push(&hits, &nhits, xstrdup(*t));
	} else if (f == RF_NETWORK && store_networks(s)) {
		for (size_t i = 0; i < store_networks(s)->n; i++) {
			const char *nm = store_networks(s)->v[i].name;

			if (nm && strncmp(nm, text, strlen(text)) == 0)
				strv_push(&hits, &nhits, xstrdup(nm));
		}
	}
	if (nhits > 0) {
		first = hits[0];
		lcp = strlen(first);
		for (size_t i = 1; i < nhits; i++) {
			size_t j = 0;

			while (j < lcp && hits[i][j] == first[j])
				j++;
			lcp = j;
		}
		if (lcp > strlen(text)) {
			char *c = xstrndup(first, lcp);

			runform_set(rf, (enum runform_field)f, c);
			free(c);
			changed = true;
		} else if (nhits > 1) {
			char *all = strv_join(hits, "  ");

			console_info(rf->app, "%zu matches: %s", nhits, all);
			free(all);
			changed = true;
		}
	}
	strv_free(hits);
	free(text);
	return changed;
}

static void
runform_values(struct runform *rf, struct runform_values *v)
{
	for (int i = 0; i < RF__COUNT; i++) {
		v->text[i] = rf->form.fields[i].kind == FORM_TEXT
				 ? form_text(&rf->form, (size_t)i)
				 : "";
		v->on[i] = form_checked(&rf->form, (size_t)i);
	}
}

/* Shows an engine error at the field it is about, or in the status bar. */
static void
runform_engine_error(struct runform *rf, const char *what, const char *msg)
{
	enum runform_field f =
	    rf->kind == KIND_CONTAINER ? runform_error_field(msg) : RF__COUNT;
	char *full = xasprintf("%s: %s", what, msg);
	char *shrt = runform_short_error(msg, RUNFORM_FIELD_ERROR_MAX);

	if (f != RF__COUNT) {
		form_set_error(&rf->form, f, shrt);
		form_focus(&rf->form, f);
	} else if (rf->kind == KIND_NETWORK &&
		   (runform_mentions(msg, "subnet") ||
		       runform_mentions(msg, "pool"))) {
		form_set_error(&rf->form, NF_SUBNET, shrt);
		form_focus(&rf->form, NF_SUBNET);
	} else if (rf->kind != KIND_CONTAINER &&
		   (runform_mentions(msg, "already exists") ||
		       runform_mentions(msg, "name"))) {
		form_set_error(&rf->form, 0, shrt);
		form_focus(&rf->form, 0);
	}
	/* The whole story goes to the status bar. */
	console_error(rf->app, "%s", full);
	free(full);
	free(shrt);
}

static void
runform_done_edit(struct runform *rf, const char *title)
{
	rf->state = RFS_EDIT;
	free(rf->form.title);
	rf->form.title = xstrdup(title);
	console_dirty(rf->app);
}

static void
runform_on_removed(const struct docker_reply *r, void *arg)
{
	struct runform *rf = arg;
	char *res;

	rf->call = NULL;
	res = r->status == DOCKER_OK
		  ? xstrdup("ok")
		  : xasprintf("error: %s", r->message ? r->message : "failed");
	audit_log(rf->app, rf->engine, "remove", rf->id, res);
	free(res);
	free(rf->id);
	rf->id = NULL;
	runform_engine_error(rf, "start", rf->start_error);
	free(rf->start_error);
	rf->start_error = NULL;
	runform_done_edit(rf, "Run: fix and submit again");
}

static void
runform_on_started(const struct docker_reply *r, void *arg)
{
	struct runform *rf = arg;
	char *res;

	rf->call = NULL;
	store_refresh(&rf->engine->store, STORE_CONTAINERS);
	if (r->status != DOCKER_OK) {
		const char *m =
		    r->message ? r->message : docker_status_str(r->status);

		res = xasprintf("error: start: %s", m);
		audit_log(rf->app, rf->engine, "run", rf->what, res);
		free(res);
		/* Remove what was made, so that the form can be sent again. */
		rf->start_error = xstrdup(m);
		rf->call = docker_container_remove(
		    rf->engine->d, rf->id, true, true, runform_on_removed, rf);
		return;
	}
	audit_log(rf->app, rf->engine, "run", rf->what, "ok");
	if (rf->attach) {
		rf->state = RFS_ATTACH;
		rf->attach_by = store_now() + RUNFORM_ATTACH_WAIT_S;
		console_dirty(rf->app);
		return;
	}
	console_ok(rf->app, "started %s", rf->what);
	console_close_overlay(rf->app);
}

static void
runform_on_created(const struct docker_reply *r, void *arg)
{
	struct runform *rf = arg;
	char *cause = NULL, *res;

	rf->call = NULL;
	if (r->status == DOCKER_OK)
		rf->id = decode_id(r->body, r->len, &cause);
	if (rf->id == NULL) {
		const char *m = r->message ? r->message
				: cause    ? cause
					   : "no id in the answer";

		res = xasprintf("error: %s", m);
		audit_log(rf->app, rf->engine, "run", rf->what, res);
		free(res);
		runform_engine_error(rf, "create", m);
		free(cause);
		runform_done_edit(rf, "Run: fix and submit again");
		return;
	}
	free(rf->what);
	rf->what = xasprintf("%s (%s)",
	    form_text(&rf->form, RF_NAME)[0] ? form_text(&rf->form, RF_NAME)
					     : rf->id,
	    form_text(&rf->form, RF_IMAGE));
	rf->call = docker_container_act(rf->engine->d, rf->id,
	    DOCKER_VERB_START, NULL, runform_on_started, rf);
	runform_set_title(
	    rf, "Run %s: starting…", form_text(&rf->form, RF_IMAGE));
}

static void
runform_submit_run(struct runform *rf)
{
	struct runform_values fv;
	struct docker_create_spec spec;
	char *err[RF__COUNT], *json, *cause = NULL;
	const struct docker_info *info = store_info(&rf->engine->store);
	const char *name;
	bool first = true;

	form_clear_errors(&rf->form);
	runform_values(rf, &fv);
	if (!runform_build_spec(&fv, &spec, err)) {
		for (int i = 0; i < RF__COUNT; i++) {
			if (err[i] == NULL)
				continue;
			form_set_error(&rf->form, (size_t)i, err[i]);
			if (first)
				form_focus(&rf->form, (size_t)i);
			first = false;
			free(err[i]);
		}
		return;
	}
	if (info && info->ncpu > 0 &&
	    spec.nano_cpus > info->ncpu * RUNFORM_NANO_CPU) {
		char *m = xasprintf(
		    "this engine has %lld CPUs", (long long)info->ncpu);

		form_set_error(&rf->form, RF_CPUS, m);
		form_focus(&rf->form, RF_CPUS);
		free(m);
		create_spec_done(&spec);
		return;
	}
	name = form_text(&rf->form, RF_NAME);
	free(rf->what);
	rf->what = xasprintf("%s (%s)", *name ? name : "unnamed", spec.image);
	if (rf->engine->read_only) {
		audit_log(
		    rf->app, rf->engine, "run", rf->what, "refused: read-only");
		console_error(rf->app, "read-only mode: run refused");
		create_spec_done(&spec);
		return;
	}
	json = create_spec_json(&spec, &cause);
	create_spec_done(&spec);
	if (json == NULL) {
		console_error(rf->app, "run: %s", cause);
		free(cause);
		return;
	}
	rf->attach = form_checked(&rf->form, RF_ATTACH);
	rf->state = RFS_BUSY;
	runform_set_title(
	    rf, "Run %s: creating…", form_text(&rf->form, RF_IMAGE));
	rf->call = docker_container_create(
	    rf->engine->d, *name ? name : NULL, json, runform_on_created, rf);
	free(json);
}

/* Volume and network forms. */

/* The audit log's action: "create volume", "create network" (owned). */
static char *
runform_make_action(const struct runform *rf)
{
	return xasprintf("create %s", kind_get(rf->kind)->noun);
}

static void
runform_on_made(const struct docker_reply *r, void *arg)
{
	struct runform *rf = arg;
	const char *noun = kind_get(rf->kind)->noun;
	char *act = runform_make_action(rf), *res, *title;

	rf->call = NULL;
	if (r->status != DOCKER_OK) {
		const char *m =
		    r->message ? r->message : docker_status_str(r->status);

		res = xasprintf("error: %s", m);
		audit_log(rf->app, rf->engine, act, rf->what, res);
		free(res);
		free(act);
		runform_engine_error(rf, "create", m);
		title = xasprintf("Create %s", noun);
		runform_done_edit(rf, title);
		free(title);
		return;
	}
	audit_log(rf->app, rf->engine, act, rf->what, "ok");
	free(act);
	store_refresh(
	    &rf->engine->store, (enum store_kind)kind_get(rf->kind)->slot);
	console_ok(rf->app, "created %s %s", noun, rf->what);
	console_close_overlay(rf->app);
}

/* A field's key=value items into l; false with the field's error set. */
static bool
runform_field_kv(struct form *f, size_t field, struct kvlist *l)
{
	char *cause = NULL;

	if (runform_parse_labels(form_text(f, field), l, &cause))
		return true;
	form_set_error(f, field, cause);
	free(cause);
	return false;
}

/* Empty optional fields mean the engine's defaults: NULL. Takes s. */
static char *
runform_or_null(char *s)
{
	if (*s != '\0')
		return s;
	free(s);
	return NULL;
}

/*
 * The volume form's spec: false when a field is wrong (its error set),
 * else *json, or NULL with *cause when it cannot be written.
 */
static bool
runform_volume_json(struct runform *rf, char **json, char **cause)
{
	struct form *f = &rf->form;
	struct docker_volume_spec vs;
	char *t = runform_trim(form_text(f, VF_NAME));
	bool ok = true;

	memset(&vs, 0, sizeof vs);
	if (*t && !runform_is_object_name(t)) {
		form_set_error(f, VF_NAME,
		    "letters, digits, _ . - "
		    "(empty: the engine makes a name up)");
		ok = false;
	}
	vs.name = *t ? t : NULL;
	vs.driver = runform_or_null(runform_trim(form_text(f, VF_DRIVER)));
	ok = runform_field_kv(f, VF_OPTIONS, &vs.options) && ok;
	ok = runform_field_kv(f, VF_LABELS, &vs.labels) && ok;
	free(rf->what);
	rf->what = xstrdup(*t ? t : "(unnamed)");
	if (ok)
		*json = create_volume_json(&vs, cause);
	free(t);
	free(vs.driver);
	kvlist_free(&vs.options);
	kvlist_free(&vs.labels);
	return ok;
}

/* The network form's name, subnet and gateway; false with errors set. */
static bool
runform_network_check(struct form *f, const struct docker_network_spec *ns)
{
	char *cause = NULL;
	bool ok = true;

	if (!runform_is_object_name(ns->name)) {
		form_set_error(f, NF_NAME, "a name is letters, digits, _ . -");
		ok = false;
	}
	if (*ns->subnet && !runform_check_cidr(ns->subnet, &cause)) {
		form_set_error(f, NF_SUBNET, cause);
		free(cause);
		cause = NULL;
		ok = false;
	}
	if (*ns->gateway && !*ns->subnet) {
		form_set_error(f, NF_GATEWAY, "a gateway needs a subnet");
		ok = false;
	} else if (*ns->gateway && !runform_check_ip(ns->gateway, &cause)) {
		form_set_error(f, NF_GATEWAY, cause);
		free(cause);
		ok = false;
	}
	return ok;
}

/* The network form's spec, as runform_volume_json() does it. */
static bool
runform_network_json(struct runform *rf, char **json, char **cause)
{
	struct form *f = &rf->form;
	struct docker_network_spec ns;
	bool ok;

	memset(&ns, 0, sizeof ns);
	ns.name = runform_trim(form_text(f, NF_NAME));
	ns.driver = runform_trim(form_text(f, NF_DRIVER));
	ns.subnet = runform_trim(form_text(f, NF_SUBNET));
	ns.gateway = runform_trim(form_text(f, NF_GATEWAY));
	ok = runform_network_check(f, &ns);
	ok = runform_field_kv(f, NF_OPTIONS, &ns.options) && ok;
	ok = runform_field_kv(f, NF_LABELS, &ns.labels) && ok;
	ns.internal = form_checked(f, NF_INTERNAL);
	free(rf->what);
	rf->what = xstrdup(ns.name);
	ns.driver = runform_or_null(ns.driver);
	ns.subnet = runform_or_null(ns.subnet);
	ns.gateway = runform_or_null(ns.gateway);
	if (ok)
		*json = create_network_json(&ns, cause);
	free(ns.name);
	free(ns.driver);
	free(ns.subnet);
	free(ns.gateway);
	kvlist_free(&ns.options);
	kvlist_free(&ns.labels);
	return ok;
}

static void
runform_submit_make(struct runform *rf)
{
	struct form *f = &rf->form;
	struct docker *d = rf->engine->d;
	char *json = NULL, *cause = NULL, *act;
	bool ok;

	form_clear_errors(f);
	ok = rf->kind == KIND_VOLUME ? runform_volume_json(rf, &json, &cause)
				     : runform_network_json(rf, &json, &cause);
	if (!ok) {
		for (size_t i = 0; i < f->n; i++)
			if (f->fields[i].error) {
				form_focus(f, i);
				break;
			}
		return;
	}
	if (json == NULL) {
		console_error(rf->app, "create: %s", cause);
		free(cause);
		return;
	}
	if (rf->engine->read_only) {
		act = runform_make_action(rf);
		audit_log(
		    rf->app, rf->engine, act, rf->what, "refused: read-only");
		free(act);
		console_error(rf->app, "read-only mode: create refused");
		free(json);
		return;
	}
	rf->state = RFS_BUSY;
	rf->call = rf->kind == KIND_VOLUME
		       ? docker_volume_create(d, json, runform_on_made, rf)
		       : docker_network_create(d, json, runform_on_made, rf);
	free(json);
}

bool
runform_create(struct console *a, struct pane *p)
{
	enum kind k = p->ops->kind;
	struct runform *rf;
	char *title;

	if (k != KIND_VOLUME && k != KIND_NETWORK)
		return false;
	if (p->engine->read_only) {
		console_error(a, "read-only mode: create refused");
		audit_log(a, p->engine, "create", NULL, "refused: read-only");
		return true;
	}
	rf = runform_new(a, p->engine, k);
	title = xasprintf("Create %s", kind_get(k)->noun);
	form_init(&rf->form, title);
	free(title);
	form_add_text(&rf->form, "Name", "");
	if (k == KIND_VOLUME) {
		form_add_text(&rf->form, "Driver", "local");
	} else {
		form_add_text(&rf->form, "Driver", "bridge");
		form_add_text(&rf->form, "Subnet", "");
		form_add_text(&rf->form, "Gateway", "");
	}
	form_add_text(&rf->form, "Options (k=v, ...)", "");
	form_add_text(&rf->form, "Labels (k=v, ...)", "");
	if (k == KIND_NETWORK)
		form_add_check(&rf->form, "Internal", false);
	rf->has_form = true;
	rf->state = RFS_EDIT;
	console_push_overlay(a, &runform_ops, rf);
	return true;
}

static bool
runform_key(void *arg, int key)
{
	struct runform *rf = arg;
	enum form_result r;

	if (rf->state == RFS_LOADING)
		return key != WKEY_ESC;
	if (rf->state == RFS_BUSY || rf->state == RFS_ATTACH) {
		if (key == WKEY_ESC)
			console_info(rf->app, "waiting for the engine");
		return true;
	}
	if (key == '\t' && runform_complete(rf))
		return true;
	r = form_key(&rf->form, key);
	if (r == FORM_CANCELLED)
		return false;
	if (r == FORM_SUBMIT) {
		if (rf->kind == KIND_CONTAINER)
			runform_submit_run(rf);
		else
			runform_submit_make(rf);
	}
	return true;
}

static double
runform_tick(void *arg, double now)
{
	struct runform *rf = arg;
	struct console *a = rf->app;
	struct engine *e = rf->engine;
	const struct docker_container *c;
	char *id, *what;

	if (rf->state != RFS_ATTACH)
		return 0;
	/*
	 * Attach looks at the container list, which learns of the start a
	 * moment later: wait for it (a little).
	 */
	c = store_container(&e->store, rf->id);
	if (c && c->state && strcmp(c->state, "created") == 0 &&
	    now < rf->attach_by)
		return now + RUNFORM_ATTACH_POLL_S;
	/*
	 * Attach here rather than in the start callback: the session takes
	 * the terminal and blocks, which a transfer's callback must not.
	 * Closing frees rf: what attach needs is kept first.
	 */
	id = rf->id;
	what = rf->what;
	rf->id = NULL;
	rf->what = NULL;
	console_close_overlay(a);
	console_ok(a, "started %s", what);
	attach_container(a, e, id);
	free(id);
	free(what);
	return 0;
}

static void
runform_draw(void *arg, WINDOW *win, int h, int w)
{
	struct runform *rf = arg;
	int y, x;

	if (rf->state == RFS_LOADING) {
		int bw = w - 4 < 60 ? w - 4 : 60, by = h / 2 - 2,
		    bx = (w - bw) / 2;
		char *line = xasprintf("reading %s…", rf->source);

		if (bw < 10)
			return;
		box_draw(win, by, bx, 4, bw,
		    theme_attr(THEME_ROLE_DIALOG_BORDER),
		    theme_attr(THEME_ROLE_DIALOG), rf->form.title,
		    theme_attr(THEME_ROLE_DIALOG_BORDER));
		text_put(win, by + 1, bx + 2, line, bw - 4,
		    theme_attr(THEME_ROLE_DIALOG));
		text_put(win, by + 2, bx + 2, "Esc: cancel", bw - 4,
		    theme_attr(THEME_ROLE_DIALOG));
		free(line);
		return;
	}
	{
		/* The title names the engine the submit will change. */
		char title[512], *own = rf->form.title;
		bool drawn;

		snprintf(title, sizeof title, "%s on %s", own ? own : "",
		    docker_endpoint(rf->engine->d)->host_arg);
		rf->form.title = title;
		drawn = form_draw(&rf->form, win);
		rf->form.title = own;
		if (drawn && rf->state == RFS_EDIT) {
			/* The cursor is hidden under overlays: draw one. */
			getyx(win, y, x);
			mvwchgat(win, y, x, 1, A_REVERSE, 0, NULL);
		}
	}
}

static void
runform_free(void *arg)
{
	struct runform *rf = arg;

	if (rf == NULL)
		return;
	if (rf->call)
		docker_cancel(rf->engine->d, rf->call);
	if (rf->has_form)
		form_done(&rf->form);
	docker_container_detail_free(rf->detail);
	free(rf->source);
	free(rf->id);
	free(rf->what);
	free(rf->start_error);
	free(rf);
}
