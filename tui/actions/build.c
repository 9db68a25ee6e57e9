/* Build an image from a folder: the form, the streamed context, the log. */

#include "tui/actions/build.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/auth.h"
#include "api/build.h"
#include "api/buildctx.h"
#include "api/docker.h"
#include "api/endpoint.h"
#include "api/stream.h"
#include "api/xalloc.h"
#include "themes/theme.h"
#include "tui/actions/pull.h"
#include "tui/actions/runform_parse.h"
#include "tui/core/audit.h"
#include "tui/core/console.h"
#include "tui/core/fmt.h"
#include "widgets/box.h"
#include "widgets/form.h"
#include "widgets/key.h"
#include "widgets/text.h"

/* Lines of the build's output kept for the view (the newest). */
#define BUILD_LOG_MAX 2000
/* A line longer than this is shown cut (the engine's output is text). */
#define BUILD_LINE_MAX 4096
/* How long to wait for the images pane to list the new image. */
#define BUILD_SELECT_SECS 10.0

enum build_field {
	BF_DIR,
	BF_FILE,
	BF_TAGS,
	BF_ARGS,
	BF_TARGET,
	BF_PLATFORM,
	BF_LABELS,
	BF_NOCACHE,
	BF_PULL,
};

enum build_phase {
	BUILD_FORM,
	BUILD_RUNNING,
	BUILD_FAILED,
};

struct build {
	struct console *app;
	struct engine *engine;
	enum build_phase phase;
	struct form form;
	struct buildctx *ctx;
	struct docker_call *call;
	struct jsonl jl;
	char *folder; /* as typed, for the audit log and the title */
	char *object; /* what the audit log names: tags, else the folder */
	char **tags;
	char **log; /* a ring of BUILD_LOG_MAX lines */
	size_t log_n, log_head;
	struct buf partial; /* output not yet ended by '\n' */
	char *step; /* "Step 2/5 : COPY . /app", the last step begun */
	int step_no, step_of;
	char *status; /* the last pull status during FROM */
	char *image_id;
	char *error;
	bool context_done; /* every byte of the context is sent */
};

static bool build_key(void *, int);
static void build_draw(void *, WINDOW *, int, int);
static void build_free(void *);

static const struct console_overlay_ops build_ops = {
    .key = build_key,
    .draw = build_draw,
    .free = build_free,
};

bool
build_parse_pairs(
    const char *text, bool value_needed, char ***out, char **cause)
{
	char **v = NULL;

	*out = NULL;
	if (!runform_split_words(text, &v, cause))
		return false;
	for (size_t i = 0; v && v[i]; i++) {
		const char *eq = strchr(v[i], '=');

		if (eq == v[i] || (value_needed && eq == NULL)) {
			*cause = xasprintf("\"%s\" is not NAME=value", v[i]);
			strv_free(v);
			return false;
		}
	}
	*out = v;
	return true;
}

static void
build_free(void *arg)
{
	struct build *b = arg;

	if (b->call) {
		docker_cancel(b->engine->d, b->call);
		audit_log(b->app, b->engine, "build", b->object, "cancelled");
		console_info(b->app, "build of %s cancelled", b->object);
	}
	if (b->phase != BUILD_FORM)
		jsonl_done(&b->jl);
	buildctx_free(b->ctx);
	form_done(&b->form);
	for (size_t i = 0; i < b->log_n; i++)
		free(b->log[i]);
	free(b->log);
	buf_done(&b->partial);
	strv_free(b->tags);
	free(b->folder);
	free(b->object);
	free(b->step);
	free(b->status);
	free(b->image_id);
	free(b->error);
	free(b);
}

/* Keeps a line of output (the oldest goes when the ring is full). */
static void
build_log_line(struct build *b, const char *line, size_t len)
{
	char *copy;
	int no, of;

	if (len > BUILD_LINE_MAX)
		len = BUILD_LINE_MAX;
	copy = xstrndup(line, len);
	if (build_step_of(copy, &no, &of)) {
		free(b->step);
		b->step = xstrdup(copy);
		b->step_no = no;
		b->step_of = of;
		free(b->status);
		b->status = NULL;
	}
	if (b->log_n < BUILD_LOG_MAX) {
		b->log = xreallocarray(b->log, b->log_n + 1, sizeof *b->log);
		b->log[b->log_n++] = copy;
	} else {
		free(b->log[b->log_head]);
		b->log[b->log_head] = copy;
		b->log_head = (b->log_head + 1) % BUILD_LOG_MAX;
	}
}

/* A step's output, split into lines ("\r" ends a line too). */
static void
build_output(struct build *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '\n' || *s == '\r') {
			if (b->partial.len || *s == '\n')
				build_log_line(b,
				    b->partial.data ? b->partial.data : "",
				    b->partial.len);
			buf_reset(&b->partial);
		} else if (b->partial.len < BUILD_LINE_MAX)
			buf_putc(&b->partial, *s);
	}
}

static bool
build_line(const char *line, size_t len, void *arg)
{
	struct build *b = arg;
	char *cause = NULL;
	struct docker_build_msg *m = decode_build_msg(line, len, &cause);

	if (m == NULL) {
		/* Not JSON: shown as it came, it may say what went wrong. */
		free(cause);
		build_log_line(b, line, len);
		return true;
	}
	if (m->stream)
		build_output(b, m->stream);
	if (m->status) {
		free(b->status);
		b->status = m->id ? xasprintf("%s %s", m->status, m->id)
				  : xstrdup(m->status);
	}
	if (m->aux_id) {
		free(b->image_id);
		b->image_id = xstrdup(m->aux_id);
	}
	if (m->error && b->error == NULL)
		b->error = xstrdup(m->error);
	docker_build_msg_free(m);
	return true;
}

static bool
build_on_data(const char *data, size_t len, void *arg)
{
	struct build *b = arg;

	jsonl_feed(&b->jl, data, len);
	console_dirty(b->app);
	return true;
}

/* The context, read by libcurl as it sends the request. */
static size_t
build_read(char *buf, size_t len, void *arg)
{
	struct build *b = arg;
	size_t n = buildctx_read(b->ctx, buf, len);

	if (n == (size_t)-1)
		return HTTP_READ_ABORT;
	if (n == 0)
		b->context_done = true;
	console_dirty(b->app);
	return n;
}

static void
build_fail(struct build *b, const char *why)
{
	struct console *a = b->app;
	char *result;

	if (b->error == NULL)
		b->error = xstrdup(why);
	b->phase = BUILD_FAILED;
	result = b->step ? xasprintf("error at %s: %s", b->step, b->error)
			 : xasprintf("error: %s", b->error);
	audit_log(a, b->engine, "build", b->object, result);
	free(result);
	console_error(a, "build of %s failed: %s", b->object, b->error);
	console_dirty(a);
}

static void
build_on_done(const struct docker_reply *r, void *arg)
{
	struct build *b = arg;
	struct console *a = b->app;
	char *result, id[32];

	b->call = NULL;
	jsonl_finish(&b->jl);
	if (b->partial.len)
		build_output(b, "\n");
	if (buildctx_error(b->ctx)) {
		char *why =
		    xasprintf("the context: %s", buildctx_error(b->ctx));

		build_fail(b, why);
		free(why);
		return;
	}
	if (r->status != DOCKER_OK || b->error || b->image_id == NULL) {
		build_fail(b, r->status != DOCKER_OK
				  ? (r->message ? r->message
						: docker_status_str(r->status))
				  : "the engine named no image");
		return;
	}
	fmt_short_id(id, sizeof id, b->image_id);
	result = xasprintf("ok: %s", b->image_id);
	audit_log(a, b->engine, "build", b->object, result);
	free(result);
	console_ok(a, "built %s (%s)", b->object, id);
	store_refresh(&b->engine->store, STORE_IMAGES);
	console_show_object_soon(a, KIND_IMAGE, b->image_id, BUILD_SELECT_SECS);
	/* Closing frees b: nothing may touch it after this. */
	console_close_overlay(a);
}

/* Checks the form; true with b's tags, args, labels and context set. */
static bool
build_check(struct build *b, char ***args, char ***labels)
{
	struct form *f = &b->form;
	char *cause = NULL, **tags = NULL;
	bool ok = true;

	form_clear_errors(f);
	*args = *labels = NULL;
	if (!runform_split_words(form_text(f, BF_TAGS), &tags, &cause)) {
		form_set_error(f, BF_TAGS, cause);
		free(cause);
		return false;
	}
	for (size_t i = 0; tags && tags[i] && ok; i++) {
		char *name, *tag;

		if (!pull_parse_ref(tags[i], &name, &tag, &cause) ||
		    strchr(tag, ':')) {
			form_set_error(
			    f, BF_TAGS, cause ? cause : "a tag, not a digest");
			free(cause);
			cause = NULL;
			ok = false;
		} else {
			free(name);
			free(tag);
		}
	}
	if (ok &&
	    !build_parse_pairs(form_text(f, BF_ARGS), false, args, &cause)) {
		form_set_error(f, BF_ARGS, cause);
		free(cause);
		cause = NULL;
		ok = false;
	}
	if (ok &&
	    !build_parse_pairs(form_text(f, BF_LABELS), true, labels, &cause)) {
		form_set_error(f, BF_LABELS, cause);
		free(cause);
		cause = NULL;
		ok = false;
	}
	if (ok && (b->ctx = buildctx_open(form_text(f, BF_DIR),
		       *form_text(f, BF_FILE) ? form_text(f, BF_FILE) : NULL,
		       &cause)) == NULL) {
		form_set_error(f, BF_DIR, cause);
		free(cause);
		ok = false;
	}
	if (!ok) {
		strv_free(tags);
		strv_free(*args);
		strv_free(*labels);
		*args = *labels = NULL;
		return false;
	}
	b->tags = tags;
	return true;
}

/* Enter on the form: check, then send the context and build. */
static bool
build_submit(struct build *b)
{
	struct console *a = b->app;
	struct form *f = &b->form;
	struct docker_build_opts o = {0};
	char **args, **labels, *registries, *warning = NULL;

	free(b->folder);
	b->folder = xstrdup(form_text(f, BF_DIR));
	free(b->object);
	b->object = *form_text(f, BF_TAGS) ? xstrdup(form_text(f, BF_TAGS))
					   : xstrdup(b->folder);
	if (console_read_only(a, b->engine)) {
		console_error(a, "read-only mode: build refused");
		audit_log(
		    a, b->engine, "build", b->object, "refused: read-only");
		return false;
	}
	if (!build_check(b, &args, &labels))
		return true; /* the form stays, with the errors */
	o.dockerfile = *form_text(f, BF_FILE) ? form_text(f, BF_FILE) : NULL;
	o.tags = b->tags;
	o.build_args = args;
	o.labels = labels;
	o.target = form_text(f, BF_TARGET);
	o.platform = form_text(f, BF_PLATFORM);
	o.no_cache = form_checked(f, BF_NOCACHE);
	o.pull = form_checked(f, BF_PULL);
	/* Every registry's credentials, for a FROM on a private one. */
	registries = auth_build_config_default(&warning);
	o.registry_config = registries;
	jsonl_init(&b->jl, build_line, b);
	buf_init(&b->partial);
	b->phase = BUILD_RUNNING;
	b->call = docker_image_build(
	    b->engine->d, &o, build_read, b, build_on_data, build_on_done, b);
	auth_wipe_free(registries);
	strv_free(args);
	strv_free(labels);
	if (warning) {
		/* Kept in the log too: a FROM that fails says why there. */
		build_log_line(b, warning, strlen(warning));
		console_error(a, "building %s; %s", b->object, warning);
	} else
		console_info(a, "building %s", b->object);
	free(warning);
	return true;
}

static bool
build_key(void *arg, int key)
{
	struct build *b = arg;

	switch (b->phase) {
	case BUILD_FORM:
		switch (form_key(&b->form, key)) {
		case FORM_SUBMIT:
			return build_submit(b);
		case FORM_CANCELLED:
			return false;
		case FORM_EDITING:
		default:
			return true;
		}
	case BUILD_RUNNING:
		/* build_free cancels and says so. */
		return key != WKEY_ESC && key != WKEY_CTRL('c');
	case BUILD_FAILED:
	default:
		return false;
	}
}

/* The log line i (0: the oldest kept). */
static const char *
build_log_at(const struct build *b, size_t i)
{
	return b->log[(b->log_head + i) % b->log_n];
}

/* "context: 12 files, 3.4MB sent" (and "…" while it is being sent). */
static void
build_context_line(const struct build *b, char *out, size_t len)
{
	char size[32];

	fmt_size(size, sizeof size, (int64_t)buildctx_sent(b->ctx));
	snprintf(out, len, "context %s: %lu entries, %s sent%s%s", b->folder,
	    buildctx_entries(b->ctx), size,
	    buildctx_ignored(b->ctx) ? ", .dockerignore left some out" : "",
	    b->context_done ? "" : "…");
}

static void
build_draw(void *arg, WINDOW *win, int h, int w)
{
	struct build *b = arg;
	attr_t fill = theme_attr(THEME_ROLE_DIALOG);
	int bw = w - 4 > 110 ? 110 : w - 4, bh = h - 4, bx, by, y, room;
	char line[512], *title;
	size_t first;

	if (b->phase == BUILD_FORM) {
		int cy, cx;

		if (form_draw(&b->form, win)) {
			getyx(win, cy, cx);
			mvwchgat(win, cy, cx, 1, A_REVERSE, 0, NULL);
		}
		return;
	}
	if (bw < 30 || bh < 9)
		return;
	bx = (w - bw) / 2;
	by = (h - bh) / 2;
	title = xasprintf("Building %s", b->object);
	box_draw(win, by, bx, bh, bw, theme_attr(THEME_ROLE_DIALOG_BORDER),
	    fill, title, theme_attr(THEME_ROLE_DIALOG_BORDER));
	free(title);
	y = by + 1;
	snprintf(line, sizeof line, "on the engine %s",
	    docker_endpoint(b->engine->d)->host_arg);
	text_put_padded(win, y++, bx + 2, line, bw - 4, fill);
	build_context_line(b, line, sizeof line);
	text_put_padded(win, y++, bx + 2, line, bw - 4, fill);
	if (b->phase == BUILD_FAILED && b->step)
		snprintf(line, sizeof line, "failed at %s", b->step);
	else
		snprintf(line, sizeof line, "%s",
		    b->step     ? b->step
		    : b->status ? b->status
				: "waiting for the engine…");
	text_put_padded(win, y++, bx + 2, line, bw - 4,
	    theme_attr(b->phase == BUILD_FAILED ? THEME_ROLE_ERROR
						: THEME_ROLE_TITLE));
	/* The newest lines of the output that fit. */
	room = bh - 7;
	first = b->log_n > (size_t)room ? b->log_n - (size_t)room : 0;
	for (size_t i = first; i < b->log_n; i++)
		text_put_padded(
		    win, y++, bx + 2, build_log_at(b, i), bw - 4, fill);
	y = by + bh - 3;
	if (b->error)
		text_put_padded(win, y, bx + 2, b->error, bw - 4,
		    theme_attr(THEME_ROLE_ERROR));
	else if (b->status && b->step)
		text_put_padded(win, y, bx + 2, b->status, bw - 4, fill);
	text_put(win, by + bh - 2, bx + 2,
	    b->phase == BUILD_FAILED ? "failed: any key closes"
				     : "Esc cancels the build",
	    bw - 4, fill);
}

/* The form's text fields a :build line may fill, in BF_ order. */
#define BUILD_TEXTS (BF_LABELS + 1)

/* Appends word to *field, space-separated and quoted when it has blanks. */
static void
build_field_add(char **field, const char *word)
{
	char *q =
	    strpbrk(word, " \t'\"") ? xasprintf("'%s'", word) : xstrdup(word);
	char *n = *field ? xasprintf("%s %s", *field, q) : xstrdup(q);

	free(q);
	free(*field);
	*field = n;
}

/*
 * The options of docker build that the form has, from a :build line:
 * [FOLDER] -t/--tag, -f/--file, --build-arg, --target, --platform,
 * --label, --no-cache, --pull ("--opt=value" too). False with *cause.
 */
static bool
build_parse_line(
    const char *line, char *text[BUILD_TEXTS], bool check[2], char **cause)
{
	static const struct {
		const char *name, *alias;
		int field;
	} opts[] = {
	    {"--tag", "-t", BF_TAGS},
	    {"--file", "-f", BF_FILE},
	    {"--build-arg", NULL, BF_ARGS},
	    {"--target", NULL, BF_TARGET},
	    {"--platform", NULL, BF_PLATFORM},
	    {"--label", NULL, BF_LABELS},
	};
	char **w = NULL;
	bool ok = runform_split_words(line, &w, cause);

	for (size_t i = 0; ok && w && w[i]; i++) {
		const char *eq = strchr(w[i], '='), *value = NULL;
		size_t n =
		    eq && w[i][0] == '-' ? (size_t)(eq - w[i]) : strlen(w[i]);
		size_t k;

		if (strcmp(w[i], "--no-cache") == 0 ||
		    strcmp(w[i], "--pull") == 0) {
			check[strcmp(w[i], "--pull") == 0] = true;
			continue;
		}
		if (w[i][0] != '-') {
			ok = text[BF_DIR] == NULL;
			if (ok)
				text[BF_DIR] = xstrdup(w[i]);
			else
				*cause = xstrdup("one folder only");
			continue;
		}
		for (k = 0; k < sizeof opts / sizeof opts[0]; k++)
			if ((strlen(opts[k].name) == n &&
				strncmp(w[i], opts[k].name, n) == 0) ||
			    (opts[k].alias && strlen(opts[k].alias) == n &&
				strncmp(w[i], opts[k].alias, n) == 0))
				break;
		if (k == sizeof opts / sizeof opts[0]) {
			*cause = xasprintf("%.*s is not an option the build "
					   "form has",
			    (int)n, w[i]);
			ok = false;
		} else if ((value = eq && w[i][0] == '-' ? eq + 1 : w[++i]) ==
			   NULL) {
			*cause = xasprintf("%s wants a value", opts[k].name);
			ok = false;
		} else if (opts[k].field == BF_FILE ||
			   opts[k].field == BF_TARGET ||
			   opts[k].field == BF_PLATFORM) {
			free(text[opts[k].field]);
			text[opts[k].field] = xstrdup(value);
		} else
			build_field_add(&text[opts[k].field], value);
	}
	strv_free(w);
	return ok;
}

void
build_open(struct console *a, struct engine *e, const char *line)
{
	static const char *const names[BUILD_TEXTS] = {[BF_DIR] = "folder",
	    [BF_FILE] = "Dockerfile",
	    [BF_TAGS] = "tags",
	    [BF_ARGS] = "build args",
	    [BF_TARGET] = "target",
	    [BF_PLATFORM] = "platform",
	    [BF_LABELS] = "labels"};
	char *text[BUILD_TEXTS] = {NULL}, *title, *cause = NULL;
	bool check[2] = {false, false};
	struct build *b;

	if (line && !build_parse_line(line, text, check, &cause)) {
		console_error(a, "build: %s", cause);
		free(cause);
		for (int i = 0; i < BUILD_TEXTS; i++)
			free(text[i]);
		return;
	}
	b = xcalloc(1, sizeof *b);
	b->app = a;
	b->engine = e;
	b->phase = BUILD_FORM;
	title = xasprintf("Build an image on %s", e->name);
	form_init(&b->form, title);
	free(title);
	for (int i = 0; i < BUILD_TEXTS; i++) {
		form_add_text(&b->form, names[i],
		    text[i]       ? text[i]
		    : i == BF_DIR ? "."
				  : "");
		free(text[i]);
	}
	form_add_check(&b->form, "no cache", check[0]);
	form_add_check(&b->form, "pull FROM images", check[1]);
	console_push_overlay(a, &build_ops, b);
}
