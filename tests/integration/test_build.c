/*
 * Image builds against the test engine: a multi-stage Dockerfile with an
 * ARG and a COPY of files one of which .dockerignore leaves out, checked
 * by running the image; a failing RUN gives its step and the engine's
 * error; a context that cannot be read stops the build with its words;
 * the console's build form, submitted, selects the new image.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/build.h"
#include "api/buildctx.h"
#include "api/calls.h"
#include "api/docker.h"
#include "api/stream.h"
#include "api/xalloc.h"
#include "tests/support/it.h"
#include "tui/core/app.h"
#include "tui/core/console.h"
#include "widgets/key.h"

static char tag[9];
static char *dir;

struct run {
	struct buildctx *ctx;
	struct jsonl jl;
	struct buf out; /* every stream text */
	char *image_id, *error, *last_step;
	struct docker_result r;
	bool done;
};

static bool
run_line(const char *line, size_t len, void *arg)
{
	struct run *rn = arg;
	char *cause = NULL;
	struct docker_build_msg *m = decode_build_msg(line, len, &cause);
	int no, of;

	if (m == NULL) {
		free(cause);
		return true;
	}
	if (m->stream) {
		buf_puts(&rn->out, m->stream);
		if (build_step_of(m->stream, &no, &of)) {
			free(rn->last_step);
			rn->last_step = xstrdup(m->stream);
		}
	}
	if (m->aux_id) {
		free(rn->image_id);
		rn->image_id = xstrdup(m->aux_id);
	}
	if (m->error && rn->error == NULL)
		rn->error = xstrdup(m->error);
	docker_build_msg_free(m);
	return true;
}

static bool
run_data(const char *data, size_t len, void *arg)
{
	struct run *rn = arg;

	jsonl_feed(&rn->jl, data, len);
	return true;
}

static void
run_done(const struct docker_reply *r, void *arg)
{
	struct run *rn = arg;

	jsonl_finish(&rn->jl);
	docker_sync_fill(r, &rn->r);
	rn->done = true;
}

static size_t
run_read(char *buf, size_t len, void *arg)
{
	struct run *rn = arg;
	size_t n = buildctx_read(rn->ctx, buf, len);

	return n == (size_t)-1 ? HTTP_READ_ABORT : n;
}

/* Builds dir with o; everything the engine said is in rn. */
static void
build(struct docker *d, const struct docker_build_opts *o, struct run *rn)
{
	char *cause = NULL;
	double end;

	memset(rn, 0, sizeof *rn);
	buf_init(&rn->out);
	jsonl_init(&rn->jl, run_line, rn);
	rn->ctx = buildctx_open(dir, o->dockerfile, &cause);
	if (rn->ctx == NULL)
		fail_msg("context: %s", cause);
	docker_image_build(d, o, run_read, rn, run_data, run_done, rn);
	end = it_now() + 120;
	while (!rn->done && it_now() < end)
		http_step(docker_http(d), 100);
	assert_true(rn->done);
}

static void
run_free(struct run *rn)
{
	buildctx_free(rn->ctx);
	jsonl_done(&rn->jl);
	buf_done(&rn->out);
	free(rn->image_id);
	free(rn->error);
	free(rn->last_step);
	docker_result_done(&rn->r);
}

static void
put(const char *rel, const char *body)
{
	char *path = xasprintf("%s/%s", dir, rel);
	FILE *f;

	assert_int_equal(it_run("mkdir -p \"$(dirname '%s')\"", path), 0);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(body, f);
	fclose(f);
	free(path);
}

static int
setup(void **state)
{
	char d[] = "/tmp/berth-it-build-XXXXXX";

	it_random_id(tag);
	if (mkdtemp(d) == NULL)
		return -1;
	dir = xstrdup(d);
	return 0;
}

static int
teardown(void **state)
{
	it_run("docker rmi -f berth-it-build:%s berth-it-build:%s-ui "
	       ">/dev/null 2>&1",
	    tag, tag);
	it_run("rm -rf '%s'", dir);
	free(dir);
	return 0;
}

static void
test_multi_stage_with_ignore_and_arg(void **state)
{
	struct docker *d = it_engine();
	char *t = xasprintf("berth-it-build:%s", tag), *out;
	char *const tags[] = {t, NULL};
	char arg[] = "GREETING=hello-from-berth",
	     label[] = "org.berth.it=build";
	char *const args[] = {arg, NULL};
	char *const labels[] = {label, NULL};
	struct docker_build_opts o = {0};
	struct run rn;

	put("Dockerfile", "FROM berth-test/base AS first\n"
			  "ARG GREETING=hi\n"
			  "RUN echo \"$GREETING\" > /greeting\n"
			  "FROM berth-test/base\n"
			  "COPY --from=first /greeting /greeting\n"
			  "COPY app/ /app/\n");
	put("app/hello.txt", "hello\n");
	put("app/secret.txt", "must not be sent\n");
	put("app/sub/deep.txt", "deep\n");
	put(".dockerignore", "app/secret.txt\n");
	o.tags = tags;
	o.build_args = args;
	o.labels = labels;
	build(d, &o, &rn);
	if (rn.r.status != DOCKER_OK || rn.error)
		fail_msg("build: %s / %s\n%s", rn.r.message, rn.error,
		    buf_cstr(&rn.out));
	assert_non_null(rn.image_id);
	assert_non_null(
	    strstr(buf_cstr(&rn.out), " : FROM berth-test/base AS first"));
	assert_true(buildctx_ignored(rn.ctx) >= 1);
	/* The image runs with what was built into it. */
	out = it_capture("docker run --rm %s cat /greeting", t);
	assert_non_null(out);
	assert_string_equal(out, "hello-from-berth");
	free(out);
	out = it_capture("docker run --rm %s sh -c 'ls /app; ls /app/sub'", t);
	assert_non_null(out);
	assert_non_null(strstr(out, "hello.txt"));
	assert_non_null(strstr(out, "deep.txt"));
	assert_null(strstr(out, "secret.txt"));
	free(out);
	/* The id the engine named is the tag's; the label is on it. */
	out = it_capture("docker image inspect -f '{{.Id}} "
			 "{{index .Config.Labels \"org.berth.it\"}}' %s",
	    t);
	assert_non_null(out);
	assert_non_null(strstr(out, rn.image_id));
	assert_non_null(strstr(out, " build"));
	free(out);
	run_free(&rn);
	free(t);
	docker_free(d);
}

static void
test_failing_run_says_step_and_error(void **state)
{
	struct docker *d = it_engine();
	struct docker_build_opts o = {0};
	struct run rn;

	it_run("rm -rf '%s'/* '%s'/.dockerignore", dir, dir);
	put("build.Dockerfile", "FROM berth-test/base\n"
				"RUN echo before\n"
				"RUN sh -c 'echo about to fail; exit 3'\n"
				"RUN echo never\n");
	o.dockerfile = "build.Dockerfile";
	build(d, &o, &rn);
	assert_non_null(rn.error);
	assert_non_null(strstr(rn.error, "returned a non-zero code: 3"));
	assert_non_null(rn.last_step);
	assert_non_null(strstr(rn.last_step, "Step 3/4"));
	assert_non_null(strstr(buf_cstr(&rn.out), "about to fail"));
	assert_null(strstr(buf_cstr(&rn.out), "Step 4/4"));
	assert_null(rn.image_id);
	run_free(&rn);
	docker_free(d);
}

/* The console: B in images, the form, Enter: the image is selected. */
static void
test_console_build_selects_image(void **state)
{
	struct console *a = it_app(NULL);
	struct pane *p;
	char *keys;
	double end;
	const char *sel = NULL;

	it_run("rm -rf '%s'/* '%s'/.dockerignore", dir, dir);
	put("Dockerfile", "FROM berth-test/base\nCOPY f /f\n");
	put("f", "file\n");
	assert_true(console_show_pane(a, "images"));
	app_feed_key(a, 'B');
	assert_true(console_overlay_open(a));
	/* The folder field has "." in it: replace it with ours. */
	for (int i = 0; i < 4; i++)
		app_feed_key(a, WKEY(KEY_BACKSPACE));
	for (const char *c = dir; *c; c++)
		app_feed_key(a, *c);
	app_feed_key(a, '\t');
	app_feed_key(a, '\t');
	keys = xasprintf("berth-it-build:%s-ui", tag);
	for (const char *c = keys; *c; c++)
		app_feed_key(a, *c);
	app_feed_key(a, WKEY_CTRL('s'));
	end = it_now() + 120;
	p = console_active_pane(a);
	while (it_now() < end) {
		app_pump(a, 100);
		p = console_active_pane(a);
		sel = pane_selected_id(p);
		if (!console_overlay_open(a) && sel &&
		    strcmp(p->ops->name, "images") == 0 &&
		    it_run("docker image inspect -f '{{.Id}}' %s 2>/dev/null "
			   "| grep -q '^%s$'",
			keys, sel) == 0)
			break;
	}
	assert_false(console_overlay_open(a));
	assert_non_null(sel);
	assert_int_equal(it_run("docker image inspect -f '{{.Id}}' %s | grep "
				"-q '^%s$'",
			     keys, sel),
	    0);
	free(keys);
	app_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_multi_stage_with_ignore_and_arg),
	    cmocka_unit_test(test_failing_run_says_step_and_error),
	    cmocka_unit_test(test_console_build_selects_image),
	};

	if (it_host("test_build") == NULL)
		return 1;
	return cmocka_run_group_tests_name("build", tests, setup, teardown);
}
