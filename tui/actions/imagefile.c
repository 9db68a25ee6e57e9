/*
 * Tar files of images and containers: save (images to a file), export (a
 * container's filesystem to a file) and load (a file into the engine),
 * each streamed with a byte counter, Esc cancelling.
 */

#include "tui/actions/imagework.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "api/calls.h"
#include "api/docker.h"
#include "api/imagework.h"
#include "api/stream.h"
#include "api/xalloc.h"
#include "themes/theme.h"
#include "tui/actions/pull.h"
#include "tui/core/audit.h"
#include "tui/core/console.h"
#include "tui/core/fmt.h"
#include "widgets/progress.h"
#include "widgets/text.h"

/* Lines of the load's report kept on screen. */
#define IF_MAX_LOADED 200

enum if_kind { IF_SAVE, IF_EXPORT, IF_LOAD };

enum if_phase {
	IF_PROMPT,
	IF_RUNNING,
	IF_FAILED,
	IF_LOADED, /* load: the list of images it brought */
};

struct imagefile {
	struct console *app;
	struct engine *engine;
	enum if_kind kind;
	enum if_phase phase;
	struct prompt prompt;
	char **names; /* save: the names sent; export: the container id */
	char *what; /* "2 images", "container web" for the screen */
	char *objects; /* for the audit log */
	char *path, *part; /* the file and, for save/export, FILE.part */
	int fd;
	struct docker_call *call;
	long long bytes; /* written (save, export) or sent (load) */
	long long size; /* load: the file's size */
	double started;
	struct jsonl jl; /* load: the engine's lines */
	char **loaded; /* load: what the engine said it loaded */
	size_t n_loaded;
	char *message; /* load: the engine's last line */
	char *error;
};

static bool if_key(void *, int);
static void if_draw(void *, WINDOW *, int, int);
static double if_tick(void *, double);
static void if_free(void *);

static const struct console_overlay_ops if_ops = {
    .key = if_key,
    .draw = if_draw,
    .tick = if_tick,
    .free = if_free,
};

static const char *
if_verb(const struct imagefile *f)
{
	return f->kind == IF_SAVE     ? "save"
	       : f->kind == IF_EXPORT ? "export"
				      : "load";
}

static double
if_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A file name from an image or container name: no '/', ':' or blanks. */
static char *
if_file_name(const char *name)
{
	char *s = xasprintf("%s.tar", name ? name : "image");

	for (char *p = s; *p; p++)
		if (*p == '/' || *p == ':' || *p == ' ' || *p == '@')
			*p = '-';
	return s;
}

static struct imagefile *
if_new(struct console *a, struct engine *e, enum if_kind kind, const char *file)
{
	struct imagefile *f = xcalloc(1, sizeof *f);

	f->app = a;
	f->engine = e;
	f->kind = kind;
	f->fd = -1;
	prompt_init(&f->prompt);
	prompt_set(&f->prompt, file ? file : "");
	return f;
}

/* Ends the transfer's file: the part file goes unless keep. */
static void
if_close_file(struct imagefile *f, bool keep)
{
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
	if (!keep && f->part)
		unlink(f->part);
}

static void
if_free(void *arg)
{
	struct imagefile *f = arg;

	if (f->call) {
		docker_cancel(f->engine->d, f->call);
		f->call = NULL;
		audit_log(
		    f->app, f->engine, if_verb(f), f->objects, "cancelled");
	}
	if_close_file(f, false);
	if (f->kind == IF_LOAD && f->phase != IF_PROMPT)
		jsonl_done(&f->jl);
	prompt_done(&f->prompt);
	strv_free(f->names);
	strv_free(f->loaded);
	free(f->what);
	free(f->objects);
	free(f->path);
	free(f->part);
	free(f->message);
	free(f->error);
	free(f);
}

static void
if_fail(struct imagefile *f, const char *why)
{
	char *result = xasprintf("error: %s", why);

	if (f->error == NULL)
		f->error = xstrdup(why);
	f->phase = IF_FAILED;
	if_close_file(f, false);
	console_error(f->app, "%s %s: %s", if_verb(f), f->what, f->error);
	audit_log(f->app, f->engine, if_verb(f), f->objects, result);
	free(result);
	console_dirty(f->app);
}

/* Save and export: every byte goes to the part file as it comes. */
static bool
if_on_data(const char *data, size_t len, void *arg)
{
	struct imagefile *f = arg;

	while (len > 0 && f->error == NULL) {
		ssize_t w = write(f->fd, data, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			f->error = xasprintf("%s: %s", f->part,
			    w < 0 ? strerror(errno) : "nothing written");
			return false;
		}
		data += w;
		len -= (size_t)w;
		f->bytes += w;
	}
	console_dirty(f->app);
	return f->error == NULL;
}

static void
if_on_written(const struct docker_reply *r, void *arg)
{
	struct imagefile *f = arg;
	struct console *a = f->app;
	char size[32], *result;

	f->call = NULL;
	if (f->error == NULL && r->status != DOCKER_OK)
		f->error = xstrdup(
		    r->message ? r->message : docker_status_str(r->status));
	if (f->error == NULL && fsync(f->fd) != 0)
		f->error = xasprintf("%s: %s", f->part, strerror(errno));
	if (f->error == NULL && close(f->fd) != 0)
		f->error = xasprintf("%s: %s", f->part, strerror(errno));
	else if (f->error == NULL)
		f->fd = -1;
	if (f->error == NULL && rename(f->part, f->path) != 0)
		f->error = xasprintf("%s: %s", f->path, strerror(errno));
	if (f->error) {
		char *why = xstrdup(f->error);

		if_fail(f, why);
		free(why);
		return;
	}
	fmt_size(size, sizeof size, f->bytes);
	result = xasprintf("ok: %s (%lld bytes)", f->path, f->bytes);
	audit_log(a, f->engine, if_verb(f), f->objects, result);
	free(result);
	console_ok(a, "%s %s to %s (%s)",
	    f->kind == IF_SAVE ? "saved" : "exported", f->what, f->path, size);
	/* Closing frees f: nothing may touch it after this. */
	console_close_overlay(a);
}

/* Load: the next bytes of the file, read inside libcurl. */
static size_t
if_on_read(char *buf, size_t len, void *arg)
{
	struct imagefile *f = arg;
	ssize_t n;

	do
		n = read(f->fd, buf, len);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		if (f->error == NULL)
			f->error =
			    xasprintf("%s: %s", f->path, strerror(errno));
		return HTTP_READ_ABORT;
	}
	f->bytes += n;
	return (size_t)n;
}

static bool
if_load_line(const char *line, size_t len, void *arg)
{
	struct imagefile *f = arg;
	char *cause = NULL;
	struct docker_load_line *l = decode_load_line(line, len, &cause);

	if (l == NULL) {
		free(cause);
		return true;
	}
	if (l->error && f->error == NULL)
		f->error = xstrdup(l->error);
	if (l->loaded && f->n_loaded < IF_MAX_LOADED) {
		f->loaded = xreallocarray(
		    f->loaded, f->n_loaded + 2, sizeof *f->loaded);
		f->loaded[f->n_loaded++] = xstrdup(l->loaded);
		f->loaded[f->n_loaded] = NULL;
	}
	if (l->text && *l->text) {
		free(f->message);
		f->message = xstrdup(l->text);
	}
	docker_load_line_free(l);
	return true;
}

static bool
if_load_data(const char *data, size_t len, void *arg)
{
	struct imagefile *f = arg;

	jsonl_feed(&f->jl, data, len);
	console_dirty(f->app);
	return true;
}

static void
if_on_loaded(const struct docker_reply *r, void *arg)
{
	struct imagefile *f = arg;
	struct console *a = f->app;
	char *result;

	f->call = NULL;
	jsonl_finish(&f->jl);
	if_close_file(f, true);
	if (r->status != DOCKER_OK && f->error == NULL)
		f->error = xstrdup(
		    r->message ? r->message : docker_status_str(r->status));
	store_refresh(&f->engine->store, STORE_IMAGES);
	if (f->error) {
		char *why = xstrdup(f->error);

		if_fail(f, why);
		free(why);
		return;
	}
	f->phase = IF_LOADED;
	result = xasprintf(
	    "ok: %zu image%s", f->n_loaded, f->n_loaded == 1 ? "" : "s");
	audit_log(a, f->engine, "load", f->objects, result);
	free(result);
	console_ok(a, "loaded %zu image%s from %s", f->n_loaded,
	    f->n_loaded == 1 ? "" : "s", f->path);
	console_dirty(a);
}

/* Enter in the prompt: check the file, then start. */
static bool
if_start(struct imagefile *f)
{
	struct console *a = f->app;
	const char *text = prompt_text(&f->prompt);
	struct stat st;

	if (*text == '\0') {
		console_error(a, "%s: give a file name", if_verb(f));
		return true;
	}
	free(f->path);
	f->path = xstrdup(text);
	if (f->kind == IF_LOAD) {
		free(f->objects);
		f->objects = xstrdup(f->path);
		if (console_read_only(a, f->engine)) {
			console_error(a, "read-only mode: load refused");
			audit_log(a, f->engine, "load", f->objects,
			    "refused: read-only");
			return false;
		}
		f->fd = open(f->path, O_RDONLY | O_CLOEXEC);
		if (f->fd < 0 || fstat(f->fd, &st) != 0 ||
		    !S_ISREG(st.st_mode)) {
			console_error(a, "load: %s: %s", f->path,
			    f->fd < 0 ? strerror(errno) : "not a file");
			if_close_file(f, true);
			return true;
		}
		f->size = (long long)st.st_size;
		free(f->what);
		f->what = xstrdup(f->path);
		jsonl_init(&f->jl, if_load_line, f);
		f->phase = IF_RUNNING;
		f->started = if_now();
		f->call = docker_image_load(f->engine->d,
		    &(struct docker_upload){
			"application/x-tar", if_on_read, f, f->size},
		    if_load_data, if_on_loaded, f);
		console_info(a, "loading %s", f->path);
		return true;
	}
	if (lstat(f->path, &st) == 0) {
		console_error(
		    a, "%s: %s exists; give another name", if_verb(f), f->path);
		return true;
	}
	free(f->part);
	f->part = xasprintf("%s.part", f->path);
	f->fd = open(f->part, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (f->fd < 0) {
		console_error(
		    a, "%s: %s: %s", if_verb(f), f->part, strerror(errno));
		free(f->part);
		f->part = NULL;
		return true;
	}
	f->phase = IF_RUNNING;
	f->started = if_now();
	if (f->kind == IF_SAVE)
		f->call = docker_image_save(f->engine->d,
		    (const char *const *)f->names, if_on_data, if_on_written,
		    f);
	else
		f->call = docker_container_export(
		    f->engine->d, f->names[0], if_on_data, if_on_written, f);
	console_info(a, "%s %s to %s",
	    f->kind == IF_SAVE ? "saving" : "exporting", f->what, f->part);
	return true;
}

static bool
if_key(void *arg, int key)
{
	struct imagefile *f = arg;

	switch (pull_key_of(f->phase == IF_PROMPT ? &f->prompt : NULL,
	    f->phase == IF_RUNNING, key)) {
	case PULL_KEY_KEEP:
		return true;
	case PULL_KEY_START:
		return if_start(f);
	case PULL_KEY_CANCEL:
		/* if_free cancels, removes the part file and audits. */
		console_info(f->app, "%s of %s cancelled%s", if_verb(f),
		    f->what, f->part ? "; no file left" : "");
		return false;
	case PULL_KEY_CLOSE:
	default:
		return false;
	}
}

static double
if_tick(void *arg, double now)
{
	struct imagefile *f = arg;

	/* The counter and the rate move even when no data arrives. */
	if (f->phase == IF_RUNNING) {
		console_dirty(f->app);
		return now + 0.5;
	}
	return 0;
}

/* "12.3MB, 4.1MB/s" (and "of 20MB" for a load). */
static void
if_counter(const struct imagefile *f, char *buf, size_t len)
{
	char done[32], total[32], rate[32];
	double secs = if_now() - f->started;

	fmt_size(done, sizeof done, f->bytes);
	fmt_size(rate, sizeof rate,
	    secs > 0.2 ? (int64_t)((double)f->bytes / secs) : 0);
	if (f->kind == IF_LOAD) {
		fmt_size(total, sizeof total, f->size);
		snprintf(buf, len, "%s of %s", done, total);
	} else
		snprintf(buf, len, "%s written, %s/s", done, rate);
}

static void
if_draw_prompt(struct imagefile *f, WINDOW *win, int h, int w)
{
	const char *engine = docker_endpoint(f->engine->d)->host_arg;
	char *lines[3] = {NULL, NULL, NULL}, *title;

	if (f->kind == IF_LOAD) {
		lines[0] = xasprintf("A tar file (docker save) into the "
				     "engine %s",
		    engine);
		title = xstrdup("Load images");
	} else {
		lines[0] = xasprintf(
		    "%s %s", f->kind == IF_SAVE ? "Save" : "Export", f->what);
		lines[1] =
		    xasprintf("from the engine %s to a tar file", engine);
		title = xstrdup(
		    f->kind == IF_SAVE ? "Save images" : "Export a container");
	}
	pull_draw_input(win, h, w, title, lines, &f->prompt,
	    "file: ", "Enter starts, Esc cancels");
	free(lines[0]);
	free(lines[1]);
	free(title);
}

static void
if_draw(void *arg, WINDOW *win, int h, int w)
{
	struct imagefile *f = arg;
	attr_t fill = theme_attr(THEME_ROLE_DIALOG);
	struct pull_box b;
	int y;
	bool drawn;
	size_t shown = f->phase == IF_LOADED ? f->n_loaded : 0;
	char line[128], *title;

	if (f->phase == IF_PROMPT) {
		if_draw_prompt(f, win, h, w);
		return;
	}
	title = xasprintf("%s %s",
	    f->kind == IF_SAVE     ? "Saving"
	    : f->kind == IF_EXPORT ? "Exporting"
				   : "Loading",
	    f->what);
	drawn = pull_draw_box(win, h, w, 90, 8 + (int)shown, title, &b);
	free(title);
	if (!drawn)
		return;
	y = b.y + 1;
	title = xasprintf("%s %s", f->kind == IF_LOAD ? "from" : "to",
	    f->kind == IF_LOAD ? f->path
	    : f->part          ? f->part
			       : "");
	text_put(win, y++, b.x + 2, title, b.w - 4, fill);
	free(title);
	if_counter(f, line, sizeof line);
	if (f->kind == IF_LOAD)
		progress_draw(win, y++, b.x + 2, b.w - 4, "sent",
		    f->size > 0 ? (double)f->bytes / (double)f->size : 1, line);
	else
		text_put(win, y++, b.x + 2, line, b.w - 4, fill);
	if (f->message)
		text_put_padded(win, y, b.x + 2, f->message, b.w - 4, fill);
	y++;
	for (size_t i = 0; i < shown && y < b.y + b.h - 3; i++) {
		title = xasprintf("loaded %s", f->loaded[i]);
		text_put(win, y++, b.x + 2, title, b.w - 4, fill);
		free(title);
	}
	if (f->error)
		text_put_padded(win, b.y + b.h - 3, b.x + 2, f->error, b.w - 4,
		    theme_attr(THEME_ROLE_ERROR));
	text_put(win, b.y + b.h - 2, b.x + 2,
	    f->phase == IF_RUNNING  ? "Esc cancels"
	    : f->phase == IF_FAILED ? "failed: any key closes"
				    : "any key closes",
	    b.w - 4, fill);
}

void
imagefile_save(
    struct console *a, struct engine *e, char *const *names, const char *file)
{
	struct imagefile *f;
	size_t n = strv_len(names);
	char *def = NULL;

	if (n == 0) {
		console_info(a, "save: nothing selected");
		return;
	}
	if (file == NULL || *file == '\0')
		file = def = if_file_name(n == 1 ? names[0] : "images");
	f = if_new(a, e, IF_SAVE, file);
	free(def);
	f->names = strv_dup(names);
	f->what = n == 1 ? xstrdup(names[0]) : xasprintf("%zu images", n);
	f->objects = strv_join(names, ", ");
	console_push_overlay(a, &if_ops, f);
}

void
imagefile_export(struct console *a, struct engine *e, const char *id,
    const char *name, const char *file)
{
	struct imagefile *f;
	char *def = NULL;

	if (file == NULL || *file == '\0')
		file = def = if_file_name(name ? name : id);
	f = if_new(a, e, IF_EXPORT, file);
	free(def);
	f->names = xcalloc(2, sizeof *f->names);
	f->names[0] = xstrdup(id);
	f->what = xasprintf("container %s", name ? name : id);
	f->objects = audit_object(e, KIND_CONTAINER, id);
	console_push_overlay(a, &if_ops, f);
}

void
imagefile_load(struct console *a, struct engine *e, const char *file)
{
	struct imagefile *f = if_new(a, e, IF_LOAD, file);

	f->what = xstrdup("images");
	console_push_overlay(a, &if_ops, f);
}
